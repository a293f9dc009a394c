# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The clickpipes_reverse_private_endpoint role's accept step end to end: the ClickHouse emulator makes
ClickPipes' endpoint in moto (tests/emulators/clickpipes_aws.py), the endpoint service requires
acceptance, so the reverse private endpoint waits in PendingAcceptance until the role accepts the
connection with aws_vpc_endpoint_connection (tests/utils/moto_extensions.py), and then it is Ready."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.emulators.clickpipes_aws import CLICKPIPES_ACCOUNT, ClickPipesAws
from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network

PLAYBOOK = "clickpipes_reverse_private_endpoint_role.yml"
ACCEPT_TASK = "Accept the connection of ClickPipes' endpoint to the endpoint service"
READY_TASK = "Wait until the reverse private endpoint is Ready"


def task(result, name):
    """The result of a role task, whatever prefix the callback puts before its name."""
    [found] = [r for key, r in result.tasks.items() if key == name or key.endswith(" : " + name)]
    return found


def run_role(ansible, nlb_arn, **extra):
    result = ansible.run(PLAYBOOK, dict(extra, nlb_arn=nlb_arn))
    assert result.rc == 0, result
    return result


def test_the_role_accepts_clickpipes_endpoint_and_the_reverse_private_endpoint_becomes_ready(
        ansible, moto, clickhouse):
    nlb_arn = build_network(moto)["balancer_arns"][1]  # a load balancer without an endpoint service yet
    clickhouse.configure(aws_endpoint_url=moto.url, provision_delay=0.2, delete_delay=0.2)

    result = run_role(ansible, nlb_arn)
    ec2 = moto.client()
    [service] = [s for s in ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
                 if nlb_arn in s["NetworkLoadBalancerArns"]]
    assert service["AcceptanceRequired"] is True
    [connection] = ec2.describe_vpc_endpoint_connections(
        Filters=[dict(Name="service-id", Values=[service["ServiceId"]])])["VpcEndpointConnections"]
    assert connection["VpcEndpointOwner"] == CLICKPIPES_ACCOUNT
    assert connection["VpcEndpointState"] == "available"
    assert "AcceptVpcEndpointConnections" in moto.writes()

    assert task(result, ACCEPT_TASK)["changed"] is True
    assert task(result, ACCEPT_TASK)["connection"]["vpc_endpoint_id"] == connection["VpcEndpointId"]
    [rpe] = clickhouse.rpes.values()
    assert rpe["endpointId"] == connection["VpcEndpointId"] and rpe["status"] == "Ready"
    facts = task(result, "Facts")["msg"]
    assert facts == dict(id=rpe["id"], status="Ready", aws_endpoint_id=connection["VpcEndpointId"])

    # Nothing left to do on a re-run: no accept, no second endpoint.
    moto.recording.write_text("")
    before = len(clickhouse.requests)
    again = run_role(ansible, nlb_arn)
    assert moto.writes() == [] and clickhouse.counts(since=before)["writes"] == 0
    assert task(again, ACCEPT_TASK).get("skipped") is True
    assert task(again, "Facts")["msg"]["status"] == "Ready"

    # Taking it down deletes ClickPipes' endpoint in AWS too, and the endpoint service.
    run_role(ansible, nlb_arn, state="absent")
    assert clickhouse.rpes == {}
    [endpoint] = ClickPipesAws(moto.url).client("us-east-1").describe_vpc_endpoints(
        VpcEndpointIds=[connection["VpcEndpointId"]])["VpcEndpoints"]
    assert endpoint["State"] == "deleted"
    assert service["ServiceId"] not in [s["ServiceId"] for s in ec2.describe_vpc_endpoint_service_configurations()
                                        ["ServiceConfigurations"]]
