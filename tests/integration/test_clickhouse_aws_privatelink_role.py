# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The clickhouse_aws_privatelink role against the ClickHouse emulator and moto (with the EC2
behaviours of tests/utils/moto_extensions.py): the guide's private DNS order, and --check
against drift on both sides."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network

PLAYBOOK = "clickhouse_aws_privatelink_role.yml"
REGION = "us-east-1"
ENDPOINT_TASK = "Interface endpoint in the VPC, with private DNS and its security group"
ALLOW_TASK = "Add the endpoint to the service's allow-list"


@pytest.fixture
def world(moto, clickhouse):
    """moto with a VPC and ClickHouse Cloud's endpoint service (it has a private DNS name), and the
    ClickHouse emulator naming that service in its services' privateEndpointConfig."""
    network = build_network(moto, private_dns_name="*.%s.vpce.aws.clickhouse.cloud" % REGION)
    clickhouse.configure(endpoint_service_names={REGION: network["service_name"]})
    clickhouse.seed()
    return network


def run_role(ansible, world, check=False, **extra):
    result = ansible.run(PLAYBOOK, dict(extra, vpc_id=world["vpc_id"], subnet_ids=world["subnet_ids"]),
                         check=check, diff=True)
    assert result.rc == 0, [r.get("msg") for r in result.tasks.values() if r.get("failed")] or result
    return result


def task(result, name):
    """The result of a role task, whatever prefix the callback puts before its name."""
    [found] = [r for key, r in result.tasks.items() if key == name or key.endswith(" : " + name)]
    return found


def service(clickhouse):
    return next(s for s in clickhouse.services.values() if s["name"] == "analytics-prod" and s["region"] == REGION)


def clickhouse_calls(clickhouse, since):
    """(method, path) of each ClickHouse request since ``since``, the service ID shortened to ``{id}``."""
    return [(method, path.replace(service(clickhouse)["id"], "{id}")) for method, path, _body in clickhouse.log(since)]


def group_named(moto, world, name="clickhouse-privatelink"):
    found = moto.client().describe_security_groups(
        Filters=[dict(Name="group-name", Values=[name]), dict(Name="vpc-id", Values=[world["vpc_id"]])])
    return found["SecurityGroups"]


def test_present_rerun_and_absent_make_the_fewest_requests(ansible, moto, clickhouse, world):
    """Issue 13: one AWS task keeps the endpoint, its security group and private DNS, with the
    fewest requests: present reads the endpoint, the group and the VPC (its CIDR blocks are the
    rules' sources), then creates the group, its rules and the endpoint, private DNS in the create
    call; a re-run only reads those three; absent finds the endpoints (ec2_vpc_endpoint_info, before
    the ClickHouse side lets go of them), then the endpoint module reads the endpoint and its group
    once each, deletes the endpoint, sees it gone and deletes the group."""
    before = len(clickhouse.requests)
    result = run_role(ansible, world)
    assert moto.calls() == ["DescribeVpcEndpoints", "DescribeSecurityGroups", "DescribeVpcs", "CreateSecurityGroup",
                            "AuthorizeSecurityGroupIngress", "CreateVpcEndpoint"]
    [create] = moto.params("CreateVpcEndpoint")
    assert create["PrivateDnsEnabled"] == "true"
    assert clickhouse_calls(clickhouse, before) == [
        ("GET", "/services"), ("GET", "/services/{id}/privateEndpointConfig"), ("GET", "/services/{id}"),
        ("POST", "/services/{id}/privateEndpoint")]

    [endpoint] = moto.client().describe_vpc_endpoints()["VpcEndpoints"]
    assert endpoint["PrivateDnsEnabled"] is True and endpoint["State"] == "available"
    [group] = group_named(moto, world)
    assert [g["GroupId"] for g in endpoint["Groups"]] == [group["GroupId"]]
    assert sorted((p["IpProtocol"], p["FromPort"], p["ToPort"], [r["CidrIp"] for r in p["IpRanges"]])
                  for p in group["IpPermissions"]) == [("tcp", port, port, ["10.0.0.0/16"])
                                                       for port in (443, 3306, 8443, 9440)]
    assert {t["Key"]: t["Value"] for t in group["Tags"]} == {"privatelink.endpoints:managed-by": "aws_vpc_endpoint"}
    facts = result.tasks["Facts"]["msg"]
    assert facts["endpoint_id"] == endpoint["VpcEndpointId"] and facts["endpoint_state"] == "available"
    assert endpoint["VpcEndpointId"] in service(clickhouse)["privateEndpointIds"]

    moto.recording.write_text("")
    before = len(clickhouse.requests)
    again = run_role(ansible, world)
    assert moto.calls() == ["DescribeVpcEndpoints", "DescribeSecurityGroups", "DescribeVpcs"]
    [read_group] = moto.params("DescribeSecurityGroups")
    assert read_group["GroupId.1"] == group["GroupId"]  # through the endpoint's group list, by ID
    assert clickhouse_calls(clickhouse, before) == [
        ("GET", "/services"), ("GET", "/services/{id}/privateEndpointConfig"), ("GET", "/services/{id}")]
    assert task(again, ENDPOINT_TASK)["changed"] is False
    assert again.stats["localhost"]["changed"] == 0

    moto.recording.write_text("")
    before = len(clickhouse.requests)
    run_role(ansible, world, state="absent")
    assert moto.calls() == ["DescribeVpcEndpoints", "DescribeVpcEndpoints", "DescribeSecurityGroups",
                            "DeleteVpcEndpoints", "DescribeVpcEndpoints", "DeleteSecurityGroup"]
    # One allow-list task detaches and deregisters: the services list is its one read (every
    # service's allow-list), then the service's PATCH and the organization's.
    assert clickhouse_calls(clickhouse, before) == [
        ("GET", "/services"), ("GET", "/services/{id}/privateEndpointConfig"), ("GET", "/services"),
        ("PATCH", "/services/{id}"), ("PATCH", "")]
    assert [e["State"] for e in moto.client().describe_vpc_endpoints()["VpcEndpoints"]] == ["deleted"]
    assert group_named(moto, world) == []
    assert endpoint["VpcEndpointId"] not in service(clickhouse)["privateEndpointIds"]


def test_check_mode_with_drift_on_both_sides_shows_the_clickhouse_drift_too(ansible, moto, clickhouse, world):
    """The endpoint step returns the existing endpoint whole in check mode, so the ClickHouse steps run."""
    run_role(ansible, world)
    [endpoint] = moto.client().describe_vpc_endpoints()["VpcEndpoints"]
    endpoint_id = endpoint["VpcEndpointId"]
    moto.client().modify_vpc_endpoint(VpcEndpointId=endpoint_id, PrivateDnsEnabled=False)  # AWS drift
    with clickhouse.lock:
        service(clickhouse)["privateEndpointIds"].remove(endpoint_id)  # ClickHouse drift
    moto.recording.write_text("")
    before = len(clickhouse.requests)

    result = run_role(ansible, world, check=True)
    assert moto.writes() == [] and clickhouse.counts(since=before)["writes"] == 0
    assert task(result, ENDPOINT_TASK)["changed"] is True
    assert task(result, ENDPOINT_TASK)["endpoint"]["id"] == endpoint_id
    assert task(result, ALLOW_TASK)["changed"] is True  # not skipped for want of an endpoint ID
    assert result.tasks["Facts"]["msg"]["endpoint_id"] == endpoint_id
    assert endpoint_id not in service(clickhouse)["privateEndpointIds"]


def test_a_group_an_older_role_made_is_taken_over_then_deleted_with_the_endpoint(ansible, moto, clickhouse, world):
    """Before issue 13 the role kept its group with amazon.aws.ec2_security_group (no mark): the endpoint
    module takes it over (rules completed, its mark added) instead of making a second one, and absent then
    deletes it as the older role did."""
    ec2 = moto.client()
    old = ec2.create_security_group(VpcId=world["vpc_id"], GroupName="clickhouse-privatelink",
                                    Description="ClickHouse Cloud over AWS PrivateLink (HTTPS, native TLS, MySQL)")
    ec2.authorize_security_group_ingress(GroupId=old["GroupId"], IpPermissions=[dict(
        IpProtocol="tcp", FromPort=443, ToPort=443,
        IpRanges=[dict(CidrIp="10.0.0.0/16", Description="ClickHouse Cloud over PrivateLink")])])
    endpoint_id = ec2.create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=world["vpc_id"], ServiceName=world["service_name"],
        SubnetIds=world["subnet_ids"], SecurityGroupIds=[old["GroupId"]], PrivateDnsEnabled=True,
    )["VpcEndpoint"]["VpcEndpointId"]
    moto.recording.write_text("")

    result = run_role(ansible, world)
    assert moto.writes() == ["AuthorizeSecurityGroupIngress", "CreateTags"]
    assert [p["ResourceId.1"] for p in moto.params("CreateTags")] == [old["GroupId"]]
    assert task(result, ENDPOINT_TASK)["endpoint"]["id"] == endpoint_id
    [group] = group_named(moto, world)
    assert group["GroupId"] == old["GroupId"]
    assert sorted(p["FromPort"] for p in group["IpPermissions"]) == [443, 3306, 8443, 9440]

    moto.recording.write_text("")
    run_role(ansible, world, state="absent")
    assert moto.writes() == ["DeleteVpcEndpoints", "DeleteSecurityGroup"]
    assert group_named(moto, world) == []
