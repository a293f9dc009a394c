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

from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network, run_steps

TAGS = {"Name": "clickhouse", "team": "data"}


@pytest.fixture
def network(moto):
    return build_network(moto)


def run(ansible, moto, steps, env=None):
    return run_steps(ansible, moto, "aws_vpc_endpoint.yml", "Endpoint", steps, env=env)


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
