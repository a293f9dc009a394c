# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""aws_vpc_endpoint against moto: create, idempotence, check mode, in-place changes, delete.

The AWS calls of all steps of a test are checked as one ordered list, which pins down
what each step did: a check-mode step or a re-run that wrote anything would show up in it.
The moto server runs with tests/utils/moto_extensions.py, which applies PrivateDnsEnabled on
ModifyVpcEndpoint, refuses private DNS for a service without a private DNS name, and lets
the service owner accept or reject endpoint connections, as EC2 does.
"""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import aws_steps, build_network

TAGS = {"Name": "clickhouse", "team": "data"}


@pytest.fixture
def network(moto):
    return build_network(moto)


def run(ansible, moto, steps, env=None):
    return aws_steps(ansible, moto, "aws_vpc_endpoint", steps, env=env)


def wanted(network, **overrides):
    options = dict(vpc_id=network["vpc_id"], service_name=network["service_name"],
                   subnet_ids=network["subnet_ids"][:1], security_group_ids=network["security_group_ids"][:1],
                   private_dns_enabled=True, tags=TAGS)
    options.update(overrides)
    return {k: v for k, v in options.items() if v is not None}


def endpoints(moto):
    return moto.client().describe_vpc_endpoints()["VpcEndpoints"]


def test_check_mode_then_create_then_nothing_to_do(ansible, moto, network):
    # No AWS_ENDPOINT_URL: the playbook's module_defaults for the ``aws`` action group must reach moto.
    planned, created, again = run(ansible, moto, [dict(wanted(network), check_mode=True), wanted(network),
                                                  wanted(network)], env=dict(AWS_ENDPOINT_URL=None))
    # Private DNS goes into the create call itself, without reading the service first (EC2 would
    # refuse it for a service that requires acceptance); check mode and the re-run only read.
    assert moto.writes() == ["CreateVpcEndpoint"]
    assert moto.calls() == ["DescribeVpcEndpoints", "DescribeVpcEndpoints", "CreateVpcEndpoint",
                            "DescribeVpcEndpoints"]

    assert planned["changed"] is True and planned["diff"]["before"] == {}
    assert planned["diff"]["after"] == dict(
        vpc_id=network["vpc_id"], service_name=network["service_name"], subnet_ids=network["subnet_ids"][:1],
        security_group_ids=network["security_group_ids"][:1], private_dns_enabled=True, tags=TAGS)

    [endpoint] = endpoints(moto)
    assert endpoint["State"] == "available" and endpoint["VpcEndpointType"] == "Interface"
    assert endpoint["SubnetIds"] == network["subnet_ids"][:1]
    assert [g["GroupId"] for g in endpoint["Groups"]] == network["security_group_ids"][:1]
    assert endpoint["PrivateDnsEnabled"] is True
    assert {t["Key"]: t["Value"] for t in endpoint["Tags"]} == TAGS

    assert created["changed"] is True and created["diff"]["after"] == planned["diff"]["after"]
    returned = created["endpoint"]
    assert returned["id"] == returned["vpc_endpoint_id"] == endpoint["VpcEndpointId"]
    assert returned["state"] == "available" and returned["private_dns_enabled"] is True
    assert returned["dns_entries"][0]["dns_name"] and len(returned["network_interface_ids"]) == 1
    assert returned["tags"] == TAGS

    assert again["changed"] is False and again["endpoint"]["id"] == returned["id"]
    assert again["diff"]["before"] == again["diff"]["after"]


def test_modify_in_place_then_delete_and_a_deleted_endpoint_is_not_existing(ansible, moto, network):
    first = moto.client().create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=network["vpc_id"], ServiceName=network["service_name"],
        SubnetIds=network["subnet_ids"][:1], SecurityGroupIds=network["security_group_ids"][:1],
        TagSpecifications=[dict(ResourceType="vpc-endpoint", Tags=[dict(Key="old", Value="1")])],
    )["VpcEndpoint"]["VpcEndpointId"]
    moto.recording.write_text("")

    modified, planned_delete, deleted, deleted_again, recreated = run(ansible, moto, [
        wanted(network, subnet_ids=network["subnet_ids"], security_group_ids=network["security_group_ids"][1:],
               private_dns_enabled=None),
        dict(state="absent", vpc_endpoint_id=first, check_mode=True),
        dict(state="absent", vpc_id=network["vpc_id"], service_name=network["service_name"]),
        dict(state="absent", vpc_endpoint_id=first),
        wanted(network),
    ])
    # Subnets and groups change with one ModifyVpcEndpoint (tags need their own calls); the
    # check-mode delete and the second delete write nothing; the deleted endpoint, still
    # listed as EC2 does for a while, does not stop the last step from creating a new one.
    assert moto.writes() == ["ModifyVpcEndpoint", "DeleteTags", "CreateTags", "DeleteVpcEndpoints",
                             "CreateVpcEndpoint"]

    assert modified["changed"] is True
    assert modified["diff"]["before"]["security_group_ids"] == network["security_group_ids"][:1]
    assert modified["diff"]["after"]["security_group_ids"] == network["security_group_ids"][1:]
    assert modified["diff"]["after"]["subnet_ids"] == sorted(network["subnet_ids"])
    assert modified["endpoint"]["id"] == first
    assert modified["endpoint"]["subnet_ids"] == sorted(network["subnet_ids"])
    assert modified["endpoint"]["security_group_ids"] == network["security_group_ids"][1:]
    assert modified["endpoint"]["tags"] == TAGS

    assert planned_delete["changed"] is True and planned_delete["endpoint"] == {}
    assert deleted["changed"] is True and deleted["diff"]["after"] == {}
    assert deleted["diff"]["before"]["subnet_ids"] == sorted(network["subnet_ids"])
    assert deleted_again["changed"] is False
    assert recreated["changed"] is True and recreated["endpoint"]["id"] != first

    by_id = {e["VpcEndpointId"]: e for e in endpoints(moto)}
    assert by_id.pop(first)["State"] == "deleted"
    [new] = by_id.values()
    assert new["State"] == "available" and new["SubnetIds"] == network["subnet_ids"][:1]


def test_private_dns_left_out_is_not_sent_so_a_service_without_a_private_dns_name_works(ansible, moto):
    """AWS refuses PrivateDnsEnabled=true for a service without a private DNS name; left out, AWS decides."""
    network = build_network(moto, private_dns_name=None)
    created, again = run(ansible, moto, [wanted(network, private_dns_enabled=None)] * 2)
    assert moto.writes() == ["CreateVpcEndpoint"]
    assert "DescribeVpcEndpointServices" not in moto.calls()  # no private DNS asked for: no acceptance check
    [endpoint] = endpoints(moto)
    assert endpoint["PrivateDnsEnabled"] is False and created["endpoint"]["private_dns_enabled"] is False
    assert again["changed"] is False


def test_private_dns_off_at_create_then_on_in_place(ansible, moto, network):
    """The ClickHouse guide's order: create with private DNS off, turn it on once the endpoint is available."""
    created, turned_on, again = run(ansible, moto, [wanted(network, private_dns_enabled=False),
                                                    wanted(network, private_dns_enabled=True),
                                                    wanted(network, private_dns_enabled=True)])
    assert moto.writes() == ["CreateVpcEndpoint", "ModifyVpcEndpoint"]
    assert created["endpoint"]["private_dns_enabled"] is False
    assert turned_on["changed"] is True and turned_on["endpoint"]["private_dns_enabled"] is True
    assert turned_on["endpoint"]["id"] == created["endpoint"]["id"]
    assert again["changed"] is False
    [endpoint] = endpoints(moto)
    assert endpoint["PrivateDnsEnabled"] is True and endpoint["State"] == "available"


def test_check_mode_returns_the_existing_endpoint_whole(ansible, moto, network):
    existing = moto.client().create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=network["vpc_id"], ServiceName=network["service_name"],
        SubnetIds=network["subnet_ids"][:1], SecurityGroupIds=network["security_group_ids"][:1],
        PrivateDnsEnabled=False)["VpcEndpoint"]
    moto.recording.write_text("")
    [planned] = run(ansible, moto, [dict(wanted(network, tags=None), check_mode=True)])
    assert moto.writes() == []
    assert planned["changed"] is True and planned["diff"]["after"]["private_dns_enabled"] is True
    returned = planned["endpoint"]
    assert returned["id"] == existing["VpcEndpointId"] and returned["state"] == "available"
    assert returned["dns_entries"] and returned["dns_entries"][0]["dns_name"] == existing["DnsEntries"][0]["DnsName"]
    assert returned["private_dns_enabled"] is True  # the planned value on top


def test_absent_deletes_an_endpoint_the_service_owner_rejected(ansible, moto):
    network = build_network(moto, acceptance_required=True)
    ec2 = moto.client()
    rejected = ec2.create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=network["vpc_id"], ServiceName=network["service_name"],
        SubnetIds=network["subnet_ids"][:1])["VpcEndpoint"]["VpcEndpointId"]
    assert ec2.reject_vpc_endpoint_connections(ServiceId=network["service_id"],
                                               VpcEndpointIds=[rejected])["Unsuccessful"] == []
    moto.recording.write_text("")
    absent = dict(state="absent", vpc_id=network["vpc_id"], service_name=network["service_name"])
    deleted, again = run(ansible, moto, [absent, absent])
    assert moto.writes() == ["DeleteVpcEndpoints"]
    assert deleted["changed"] is True and deleted["diff"]["before"]["service_name"] == network["service_name"]
    assert again["changed"] is False
    assert [e["State"] for e in endpoints(moto)] == ["deleted"]


GROUP = dict(name="clickhouse-privatelink", ports=[443, 8443])


def group_named(moto, network, name="clickhouse-privatelink"):
    return moto.client().describe_security_groups(
        Filters=[dict(Name="group-name", Values=[name]), dict(Name="vpc-id", Values=[network["vpc_id"]])])["SecurityGroups"]


def ingress(group):
    return sorted((p["IpProtocol"], p.get("FromPort"), p.get("ToPort"), r["CidrIp"])
                  for p in group["IpPermissions"] for r in p.get("IpRanges") or [])


def test_security_group_of_its_own_check_mode_create_rerun_drift_and_absent(ansible, moto, network):
    """The group is planned, created with the VPC's CIDR block as source and the module's tags plus its
    mark, attached alone (not the VPC's default group), read once by ID on a re-run, repaired when its
    rules drift, and deleted after the endpoint on state=absent."""
    want = wanted(network, security_group_ids=None, security_group=GROUP)
    planned, created, again = run(ansible, moto, [dict(want, check_mode=True), want, want])
    assert moto.calls() == [
        "DescribeVpcEndpoints", "DescribeSecurityGroups", "DescribeVpcs",  # check mode: reads only
        "DescribeVpcEndpoints", "DescribeSecurityGroups", "DescribeVpcs", "CreateSecurityGroup",
        "AuthorizeSecurityGroupIngress", "CreateVpcEndpoint",
        "DescribeVpcEndpoints", "DescribeSecurityGroups", "DescribeVpcs"]
    rules = ["tcp 443 from 10.0.0.0/16", "tcp 8443 from 10.0.0.0/16"]
    marked = dict(TAGS, **{"privatelink.endpoints:managed-by": "aws_vpc_endpoint"})
    assert planned["changed"] is True
    assert planned["diff"]["after"]["security_group"] == dict(name=GROUP["name"], ingress=rules, tags=marked)
    assert planned["diff"]["after"]["security_group_ids"] == ["(new security group clickhouse-privatelink)"]
    assert planned["security_group"]["group_id"] is None

    [group] = group_named(moto, network)
    assert ingress(group) == [("tcp", 443, 443, "10.0.0.0/16"), ("tcp", 8443, 8443, "10.0.0.0/16")]
    assert {t["Key"]: t["Value"] for t in group["Tags"]} == marked
    assert group["Description"] == "Interface VPC endpoint to %s" % network["service_name"]
    [endpoint] = endpoints(moto)
    assert [g["GroupId"] for g in endpoint["Groups"]] == [group["GroupId"]]
    assert created["changed"] is True and created["security_group"]["group_id"] == group["GroupId"]
    assert created["endpoint"]["security_group_ids"] == [group["GroupId"]]
    assert created["diff"]["after"]["security_group"]["ingress"] == rules
    assert again["changed"] is False and again["security_group"] == created["security_group"]
    # The re-run's read of the group went through the endpoint's group list, by ID (the test's own read follows).
    assert moto.params("DescribeSecurityGroups")[2]["GroupId.1"] == group["GroupId"]

    # Drift: a rule gone, a stray one added, a rule from another group (not managed) added.
    ec2 = moto.client()
    ec2.revoke_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[
        dict(IpProtocol="tcp", FromPort=8443, ToPort=8443, IpRanges=[dict(CidrIp="10.0.0.0/16")])])
    ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[
        dict(IpProtocol="tcp", FromPort=22, ToPort=22, IpRanges=[dict(CidrIp="0.0.0.0/0")]),
        dict(IpProtocol="tcp", FromPort=9000, ToPort=9000,
             UserIdGroupPairs=[dict(GroupId=network["security_group_ids"][0])])])
    moto.recording.write_text("")
    absent = dict(state="absent", vpc_id=network["vpc_id"], service_name=network["service_name"],
                  security_group=GROUP)
    repaired, planned_delete, deleted, deleted_again = run(
        ansible, moto, [want, dict(absent, check_mode=True), absent, absent])
    assert moto.writes() == ["RevokeSecurityGroupIngress", "AuthorizeSecurityGroupIngress",
                             "DeleteVpcEndpoints", "DeleteSecurityGroup"]
    assert repaired["changed"] is True
    assert repaired["diff"]["before"]["security_group"]["ingress"] == ["tcp 22 from 0.0.0.0/0", rules[0]]
    assert repaired["diff"]["after"]["security_group"]["ingress"] == rules
    assert planned_delete["changed"] is True and planned_delete["diff"]["after"] == {}
    assert planned_delete["diff"]["before"]["security_group"]["name"] == GROUP["name"]
    assert deleted["changed"] is True and deleted["security_group"] == {}
    assert deleted_again["changed"] is False
    assert group_named(moto, network) == []
    assert [e["State"] for e in endpoints(moto)] == ["deleted"]


def test_absent_keeps_a_group_of_that_name_it_did_not_make_and_deletes_one_it_left_behind(ansible, moto, network):
    ec2 = moto.client()
    foreign = ec2.create_security_group(VpcId=network["vpc_id"], GroupName="theirs", Description="not ours")["GroupId"]
    left = ec2.create_security_group(
        VpcId=network["vpc_id"], GroupName=GROUP["name"], Description="left behind",
        TagSpecifications=[dict(ResourceType="security-group",
                                Tags=[dict(Key="privatelink.endpoints:managed-by", Value="aws_vpc_endpoint")])])["GroupId"]
    moto.recording.write_text("")
    absent = dict(state="absent", vpc_id=network["vpc_id"], service_name=network["service_name"])
    kept, removed = run(ansible, moto, [dict(absent, security_group=dict(GROUP, name="theirs")),
                                        dict(absent, security_group=GROUP)])
    assert moto.writes() == ["DeleteSecurityGroup"]
    assert [p["GroupId"] for p in moto.params("DeleteSecurityGroup")] == [left]
    assert kept["changed"] is False
    assert any("theirs (%s) was not made by this module; it is kept" % foreign in str(w) for w in kept["warnings"])
    assert removed["changed"] is True and removed["diff"]["before"]["security_group"]["name"] == GROUP["name"]
    assert [g["GroupId"] for g in group_named(moto, network, "theirs")] == [foreign]
