# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""aws_vpc_endpoint_connection with botocore's Stubber: moto does not implement these calls."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.unit.plugins.modules.aws_stubs import AwsStub
from ansible_collections.privatelink.endpoints.plugins.modules import aws_vpc_endpoint_connection as module

SERVICE = "vpce-svc-0123456789abcdef0"
ENDPOINT = "vpce-0fedcba9876543210"
FILTERS = [dict(Name="service-id", Values=[SERVICE]), dict(Name="vpc-endpoint-id", Values=[ENDPOINT])]


@pytest.fixture
def aws(monkeypatch, capsys):
    return AwsStub(monkeypatch, capsys)


def connection(state):
    return dict(ServiceId=SERVICE, VpcEndpointId=ENDPOINT, VpcEndpointOwner="072088201116", VpcEndpointState=state,
                DnsEntries=[dict(DnsName="vpce-0fed.vpce-svc-0123.us-east-1.vpce.amazonaws.com")])


def expect_describe(aws, state):
    aws.expect("describe_vpc_endpoint_connections",
               dict(VpcEndpointConnections=[connection(state)] if state else []), Filters=FILTERS)


def run(aws, **args):
    return aws.run(module, service_id=SERVICE, vpc_endpoint_id=ENDPOINT, **args)


def test_accepts_a_pending_connection_and_waits_until_available(aws):
    expect_describe(aws, "pendingAcceptance")
    aws.expect("accept_vpc_endpoint_connections", dict(Unsuccessful=[]), ServiceId=SERVICE, VpcEndpointIds=[ENDPOINT])
    expect_describe(aws, "pending")
    expect_describe(aws, "available")
    result = run(aws)
    assert result["changed"] is True
    assert result["diff"] == dict(before=dict(state="pending_acceptance"), after=dict(state="accepted"))
    assert result["connection"]["vpc_endpoint_state"] == "available"
    assert result["connection"]["vpc_endpoint_owner"] == "072088201116"
    assert aws.sleeps == [0.25]


@pytest.mark.parametrize("state, ec2_state", [("accepted", "available"), ("rejected", "rejected"),
                                              ("rejected", "deleted")])
def test_a_connection_already_in_the_state_is_left_alone(aws, state, ec2_state):
    expect_describe(aws, ec2_state)
    result = run(aws, state=state)
    assert result["changed"] is False
    assert result["connection"]["vpc_endpoint_state"] == ec2_state


def test_an_accepted_connection_still_pending_is_waited_for_without_a_change(aws):
    for state in ("pending", "pending", "pending", "available"):
        expect_describe(aws, state)
    result = run(aws)
    assert result["changed"] is False
    assert result["connection"]["vpc_endpoint_state"] == "available"
    # Polls every 0.25 s in the first second; the first answer is judged before the next read.
    assert aws.sleeps == [0.25, 0.25, 0.25]


def test_check_mode_reads_only_and_reports_the_change(aws):
    expect_describe(aws, "pendingAcceptance")
    result = aws.run(module, check_mode=True, service_id=SERVICE, vpc_endpoint_id=ENDPOINT)
    assert result["changed"] is True
    assert result["connection"]["vpc_endpoint_state"] == "available"
    assert result["diff"]["after"] == dict(state="accepted")


def test_rejects_an_accepted_connection(aws):
    expect_describe(aws, "available")
    aws.expect("reject_vpc_endpoint_connections", dict(Unsuccessful=[]), ServiceId=SERVICE, VpcEndpointIds=[ENDPOINT])
    expect_describe(aws, "rejected")
    result = run(aws, state="rejected")
    assert result["changed"] is True
    assert result["diff"] == dict(before=dict(state="accepted"), after=dict(state="rejected"))
    assert result["connection"]["vpc_endpoint_state"] == "rejected"


def test_without_wait_one_read_after_the_accept(aws):
    expect_describe(aws, "pendingAcceptance")
    aws.expect("accept_vpc_endpoint_connections", dict(Unsuccessful=[]), ServiceId=SERVICE, VpcEndpointIds=[ENDPOINT])
    expect_describe(aws, "pending")
    result = run(aws, wait=False)
    assert result["changed"] is True and result["connection"]["vpc_endpoint_state"] == "pending"
    assert aws.sleeps == []


def test_an_item_ec2_refuses_fails_the_task_with_its_reason(aws):
    expect_describe(aws, "pendingAcceptance")
    aws.expect("accept_vpc_endpoint_connections",
               dict(Unsuccessful=[dict(ResourceId=ENDPOINT, Error=dict(Code="InvalidState", Message="too late"))]),
               ServiceId=SERVICE, VpcEndpointIds=[ENDPOINT])
    result = run(aws)
    assert result["failed"] is True
    assert result["msg"] == ("VPC endpoint connection: accepting the connection refused %s: InvalidState too late"
                             % ENDPOINT)


def test_a_missing_connection_is_an_error(aws):
    expect_describe(aws, None)
    result = run(aws)
    assert result["failed"] is True
    assert result["msg"] == "vpc_endpoint_id: endpoint service %s has no connection from %s" % (SERVICE, ENDPOINT)


def test_a_deleted_endpoint_cannot_be_accepted(aws):
    expect_describe(aws, "deleted")
    result = run(aws)
    assert result["failed"] is True
    assert result["msg"] == "vpc_endpoint_id: the connection from %s is deleted and cannot be accepted" % ENDPOINT


def test_a_connection_that_fails_while_waiting_fails_the_task(aws):
    expect_describe(aws, "pendingAcceptance")
    aws.expect("accept_vpc_endpoint_connections", dict(Unsuccessful=[]), ServiceId=SERVICE, VpcEndpointIds=[ENDPOINT])
    expect_describe(aws, "failed")
    result = run(aws)
    assert result["failed"] is True
    assert result["msg"] == "VPC endpoint connection: the connection from %s is failed" % ENDPOINT


@pytest.mark.parametrize("args, message", [
    (dict(service_id="svc-1", vpc_endpoint_id=ENDPOINT), "service_id: 'svc-1' is not an ID of the form vpce-svc-..."),
    (dict(service_id=SERVICE, vpc_endpoint_id="eni-1"), "vpc_endpoint_id: 'eni-1' is not an ID of the form vpce-..."),
    (dict(service_id=SERVICE, vpc_endpoint_id=ENDPOINT, wait_timeout=0), "wait_timeout must be at least 1 second, got 0"),
])
def test_options_are_checked_before_any_call(aws, args, message):
    result = aws.run(module, **args)
    assert result["failed"] is True and result["msg"] == message
