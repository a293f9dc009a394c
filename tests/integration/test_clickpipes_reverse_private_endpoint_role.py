# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The clickpipes_reverse_private_endpoint role's accept step end to end: the ClickHouse emulator makes
ClickPipes' endpoint in moto (tests/emulators/clickpipes_aws.py), the endpoint service requires
acceptance, so the reverse private endpoint waits in PendingAcceptance until the role's endpoint task
accepts the connection (accept_connection, tests/utils/moto_extensions.py), and then it is Ready.
The ClickHouse requests of each run are counted exactly, against the minimum the API allows."""

from __future__ import annotations

from pathlib import Path

import yaml

from ansible_collections.privatelink.endpoints.tests.emulators.clickpipes_aws import CLICKPIPES_ACCOUNT, ClickPipesAws
from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network

PLAYBOOK = "clickpipes_reverse_private_endpoint_role.yml"
ENDPOINT_TASK = "Reverse private endpoint, its connection accepted, waited for until Ready"
ROLE = Path(__file__).resolve().parents[2] / "roles" / "clickpipes_reverse_private_endpoint"
SERVICES = "/v1/organizations/%s/services"


def task(result, name):
    """The result of a role task, whatever prefix the callback puts before its name."""
    [found] = [r for key, r in result.tasks.items() if key == name or key.endswith(" : " + name)]
    return found


def run_role(ansible, nlb_arn, **extra):
    result = ansible.run(PLAYBOOK, dict(extra, nlb_arn=nlb_arn))
    assert result.rc == 0, result
    return result


def clickhouse_requests(clickhouse, since):
    """The ClickHouse requests since ``since`` as (method, path below the organization's services)."""
    prefix = SERVICES % clickhouse.org_id
    return [(r["method"], r["path"][len(prefix):]) for r in clickhouse.requests[since:]]


def module_tasks(tasks_file):
    """The tasks of a role's tasks file that call an API module (assert, set_fact, debug, include: free)."""
    free = ("ansible.builtin.assert", "ansible.builtin.set_fact", "ansible.builtin.debug",
            "ansible.builtin.include_tasks")
    found = []
    for entry in yaml.safe_load((ROLE / "tasks" / tasks_file).read_text()):
        for inner in entry.get("block", [entry]):
            found += [name for name in inner if "." in name and name not in free]
    return found


def test_the_role_converges_and_re_runs_in_two_module_tasks():
    assert module_tasks("present.yml") == ["privatelink.endpoints.aws_vpc_endpoint_service",
                                           "privatelink.endpoints.clickhouse_reverse_private_endpoint"]


def test_the_role_accepts_clickpipes_endpoint_and_the_reverse_private_endpoint_becomes_ready(
        ansible, moto, clickhouse):
    nlb_arn = build_network(moto)["balancer_arns"][1]  # a load balancer without an endpoint service yet
    # Every transition at once: each wait needs exactly the one GET that sees its end.
    clickhouse.configure(aws_endpoint_url=moto.url, provision_delay=0, delete_delay=0)
    moto.recording.write_text("")

    result = run_role(ansible, nlb_arn)
    ec2 = moto.client()
    [service] = [s for s in ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
                 if nlb_arn in s["NetworkLoadBalancerArns"]]
    assert service["AcceptanceRequired"] is True
    [connection] = ec2.describe_vpc_endpoint_connections(
        Filters=[dict(Name="service-id", Values=[service["ServiceId"]])])["VpcEndpointConnections"]
    assert connection["VpcEndpointOwner"] == CLICKPIPES_ACCOUNT
    assert connection["VpcEndpointState"] == "available"
    # Accepted once, exactly ClickPipes' endpoint of this reverse private endpoint.
    assert moto.params("AcceptVpcEndpointConnections") == [
        {"Action": "AcceptVpcEndpointConnections", "Version": "2016-11-15", "ServiceId": service["ServiceId"],
         "VpcEndpointId.1": connection["VpcEndpointId"]}]

    [rpe] = clickhouse.rpes.values()
    assert rpe["endpointId"] == connection["VpcEndpointId"] and rpe["status"] == "Ready"
    endpoint = task(result, ENDPOINT_TASK)
    assert endpoint["changed"] is True and endpoint["endpoint"]["status"] == "Ready"
    assert endpoint["endpoint"]["dns_names"] == rpe["dnsNames"] != []
    facts = task(result, "Facts")["msg"]
    assert facts == dict(id=rpe["id"], status="Ready", aws_endpoint_id=connection["VpcEndpointId"])
    # The minimum: the service by name, the service's endpoints, the create (answered PendingAcceptance)
    # and one GET after the accept that sees it Ready.
    assert clickhouse_requests(clickhouse, 0) == [
        ("GET", ""), ("GET", "/%s/clickpipesReversePrivateEndpoints" % rpe["serviceId"]),
        ("POST", "/%s/clickpipesReversePrivateEndpoints" % rpe["serviceId"]),
        ("GET", "/%s/clickpipesReversePrivateEndpoints/%s" % (rpe["serviceId"], rpe["id"]))]

    # Nothing left to do on a re-run: no accept, no second endpoint, two reads.
    moto.recording.write_text("")
    before = len(clickhouse.requests)
    again = run_role(ansible, nlb_arn)
    assert moto.writes() == [] and moto.params("AcceptVpcEndpointConnections") == []
    assert task(again, ENDPOINT_TASK)["changed"] is False
    assert task(again, "Facts")["msg"]["status"] == "Ready"
    assert clickhouse_requests(clickhouse, before) == [
        ("GET", ""), ("GET", "/%s/clickpipesReversePrivateEndpoints" % rpe["serviceId"])]

    # Taking it down deletes ClickPipes' endpoint in AWS too, and the endpoint service.
    before = len(clickhouse.requests)
    moto.recording.write_text("")
    run_role(ansible, nlb_arn, state="absent")
    assert clickhouse.rpes == {}
    # AWS at its minimum: the service found by its load balancers, deleted by ID without a read first,
    # one read that sees it gone (ClickPipes' own endpoint is deleted in ClickPipes' account).
    assert [call for call in moto.calls() if "Service" in call] == [
        "DescribeVpcEndpointServiceConfigurations", "DeleteVpcEndpointServiceConfigurations",
        "DescribeVpcEndpointServiceConfigurations"]
    # The service, its endpoints, the delete and the one GET that finds it gone.
    assert clickhouse_requests(clickhouse, before) == [
        ("GET", ""), ("GET", "/%s/clickpipesReversePrivateEndpoints" % rpe["serviceId"]),
        ("DELETE", "/%s/clickpipesReversePrivateEndpoints/%s" % (rpe["serviceId"], rpe["id"])),
        ("GET", "/%s/clickpipesReversePrivateEndpoints/%s" % (rpe["serviceId"], rpe["id"]))]
    [endpoint] = ClickPipesAws(moto.url).client("us-east-1").describe_vpc_endpoints(
        VpcEndpointIds=[connection["VpcEndpointId"]])["VpcEndpoints"]
    assert endpoint["State"] == "deleted"
    assert service["ServiceId"] not in [s["ServiceId"] for s in ec2.describe_vpc_endpoint_service_configurations()
                                        ["ServiceConfigurations"]]
