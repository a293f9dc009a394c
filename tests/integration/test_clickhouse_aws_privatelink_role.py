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
ENDPOINT_TASK = "Interface endpoint in the VPC (a new one with private DNS off)"
DNS_TASK = "Turn private DNS on now that the new endpoint is available"
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
    assert result.rc == 0, result
    return result


def task(result, name):
    """The result of a role task, whatever prefix the callback puts before its name."""
    [found] = [r for key, r in result.tasks.items() if key == name or key.endswith(" : " + name)]
    return found


def service(clickhouse):
    return next(s for s in clickhouse.services.values() if s["name"] == "analytics-prod" and s["region"] == REGION)


def test_endpoint_is_created_with_private_dns_off_then_turned_on(ansible, moto, clickhouse, world):
    result = run_role(ansible, world)
    writes = [w for w in moto.writes() if w.endswith("VpcEndpoint")]
    assert writes == ["CreateVpcEndpoint", "ModifyVpcEndpoint"]
    [create] = moto.params("CreateVpcEndpoint")
    [modify] = moto.params("ModifyVpcEndpoint")
    assert create["PrivateDnsEnabled"] == "false" and modify["PrivateDnsEnabled"] == "true"
    [endpoint] = moto.client().describe_vpc_endpoints()["VpcEndpoints"]
    assert endpoint["PrivateDnsEnabled"] is True and endpoint["State"] == "available"
    facts = result.tasks["Facts"]["msg"]
    assert facts["endpoint_id"] == endpoint["VpcEndpointId"] and facts["endpoint_state"] == "available"
    assert endpoint["VpcEndpointId"] in service(clickhouse)["privateEndpointIds"]

    moto.recording.write_text("")
    before = len(clickhouse.requests)
    again = run_role(ansible, world)
    assert moto.writes() == [] and clickhouse.counts(since=before)["writes"] == 0
    assert task(again, ENDPOINT_TASK)["changed"] is False
    assert task(again, DNS_TASK).get("skipped") is True  # the endpoint existed


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
