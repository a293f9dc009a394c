# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The diagnosis helpers: check list and report, security group arithmetic, whitelists; and the
checks of clickhouse_aws_privatelink_check_info that moto cannot reach (endpoint states other than
available, name resolution on the managed node)."""

from __future__ import annotations

import socket

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils import diagnosis
from ansible_collections.privatelink.endpoints.plugins.modules import clickhouse_aws_privatelink_check_info as aws_check


def tcp(low, high, *cidrs):
    return dict(IpProtocol="tcp", FromPort=low, ToPort=high, IpRanges=[dict(CidrIp=c) for c in cidrs])


def test_walk_orders_checks_and_skips_what_a_stop_left():
    checks = diagnosis.Checks()

    def chain():
        checks.ok("b", "fine")
        checks.fail("a", "broken", "repair a")
        raise diagnosis.Stop("a is broken")

    checks.walk(["a", "b", "c"], chain)
    assert [(c["name"], c["status"]) for c in checks.items] == [("a", "fail"), ("b", "ok"), ("c", "skipped")]
    assert checks.items[2]["detail"] == "not checked: a is broken"
    result = checks.result(extra=1)
    assert result["healthy"] is False and result["problems"] == 1 and result["extra"] == 1
    assert result["report"] == ["FAIL    a: broken", "        fix: repair a", "OK      b: fine",
                                "SKIPPED c: not checked: a is broken"]


def test_fix_is_kept_for_problems_only_and_status_is_checked():
    checks = diagnosis.Checks()
    checks.add("x", "ok", "fine", "ignored")
    checks.warn("y", "odd", "look")
    assert [c["fix"] for c in checks.items] == [None, "look"]
    assert checks.healthy
    with pytest.raises(ValueError):
        checks.add("z", "bad", "?")


@pytest.mark.parametrize("permission, port, client, covered", [
    (tcp(8443, 8443, "10.0.0.0/16"), 8443, "10.0.0.0/16", True),
    (tcp(8443, 8443, "10.0.0.0/8"), 8443, "10.0.5.0/24", True),       # a wider source covers
    (tcp(8443, 8443, "10.0.1.0/24"), 8443, "10.0.0.0/16", False),     # a narrower one does not
    (tcp(8000, 9999, "0.0.0.0/0"), 9440, "10.0.0.0/16", True),        # a range of ports
    (tcp(8443, 8443, "10.0.0.0/16"), 9440, "10.0.0.0/16", False),
    (dict(IpProtocol="-1", IpRanges=[dict(CidrIp="10.0.0.0/16")]), 3306, "10.0.0.0/16", True),  # all traffic
    (dict(IpProtocol="udp", FromPort=0, ToPort=65535, IpRanges=[dict(CidrIp="0.0.0.0/0")]), 443, "10.0.0.0/16", False),
    (dict(IpProtocol="tcp", FromPort=443, ToPort=443, UserIdGroupPairs=[dict(GroupId="sg-1")]), 443, "10.0.0.0/16", False),
    (dict(IpProtocol="tcp", FromPort=443, ToPort=443, Ipv6Ranges=[dict(CidrIpv6="::/0")]), 443, "2001:db8::/64", True),
])
def test_rule_covers(permission, port, client, covered):
    assert diagnosis.rule_covers(permission, port, diagnosis.network(client)) is covered


def test_rules_of_several_groups_add_up():
    groups = [dict(IpPermissions=[tcp(8443, 8443, "10.0.0.0/16")]), dict(IpPermissions=[tcp(9440, 9440, "10.0.0.0/16")])]
    assert diagnosis.uncovered(groups, [8443, 9440], ["10.0.0.0/16"]) == []
    assert diagnosis.uncovered(groups[:1], [8443, 9440], ["10.0.0.0/16", "10.1.0.0/16"]) == [
        (8443, "10.1.0.0/16"), (9440, "10.0.0.0/16"), (9440, "10.1.0.0/16")]
    assert diagnosis.describe_pairs([(9440, "10.0.0.0/16"), (8443, "10.1.0.0/16"), (9440, "10.1.0.0/16")]) == \
        "port 8443 from 10.1.0.0/16; port 9440 from 10.0.0.0/16, 10.1.0.0/16"


@pytest.mark.parametrize("client, entries, inside", [
    ("10.1.2.0/24", ["10.1.0.0/16"], True),
    ("10.1.2.3", ["10.1.2.3"], True),
    ("10.1.2.0/24", ["192.168.7.1", "10.2.0.0/16"], False),
    ("10.1.2.0/24", [], False),
    ("10.1.2.0/24", ["not-an-address"], False),
])
def test_in_whitelist(client, entries, inside):
    assert diagnosis.in_whitelist(client, entries) is inside


def resolver(*addresses):
    def resolve(host, port):
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in addresses]
    return resolve


def test_resolve_check():
    host = "abcd.us-east-1.vpce.aws.clickhouse.cloud"
    assert aws_check.resolve_check(host, ["10.0.1.5", "10.0.2.5"], resolver("10.0.1.5", "10.0.2.5"))[0] == "ok"
    status, detail, fix = aws_check.resolve_check(host, ["10.0.1.5"], resolver())
    assert status == "fail" and "Not found address of host" in detail and "private_dns_enabled" in fix
    status, detail, fix = aws_check.resolve_check(host, ["10.0.1.5"], resolver("3.5.6.7"))
    assert status == "fail" and "public endpoint" in detail and "3.5.6.7" in detail


class FakeEc2:
    """Answers DescribeVpcEndpoints with one endpoint; nothing else is called by check_endpoint."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.calls = []

    def describe_vpc_endpoints(self, aws_retry=False, **params):
        self.calls.append(params)
        return dict(VpcEndpoints=[self.endpoint])


@pytest.mark.parametrize("state, status, text", [
    ("available", "ok", "available"),
    ("pending", "warn", "Connection timed out"),
    ("pendingAcceptance", "fail", "waits for acceptance"),
    ("rejected", "fail", "Connection timed out"),
    ("failed", "fail", "Connection timed out"),
    ("expired", "fail", "Connection timed out"),
])
def test_endpoint_states(monkeypatch, state, status, text):
    service = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
    ec2 = FakeEc2(dict(VpcEndpointId="vpce-0123456789abcdef0", VpcId="vpc-1", ServiceName=service, State=state))
    check = object.__new__(aws_check.Diagnosis)
    check.params = dict(vpc_endpoint_id="vpce-0123456789abcdef0", vpc_id=None)
    check.checks, check.endpoint_service, check.region = diagnosis.Checks(), service, "us-east-1"
    monkeypatch.setattr(check, "aws_client", lambda name: ec2, raising=False)
    check.check_endpoint()
    found = {c["name"]: c for c in check.checks.items}
    assert found["endpoint"]["status"] == "ok"
    assert found["endpoint_state"]["status"] == status and text in found["endpoint_state"]["detail"]
    assert ec2.calls == [dict(VpcEndpointIds=["vpce-0123456789abcdef0"])]
