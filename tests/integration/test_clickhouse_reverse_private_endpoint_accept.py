# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""clickhouse_reverse_private_endpoint with accept_connection, against the ClickHouse emulator and moto:
the emulator makes ClickPipes' VPC endpoint in moto (tests/emulators/clickpipes_aws.py), the endpoint
service requires acceptance, and the module accepts exactly that connection, once, then waits for Ready."""

from __future__ import annotations

import yaml

from ansible_collections.privatelink.endpoints.tests.emulators.clickpipes_aws import CLICKPIPES_ACCOUNT
from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network

AWS_SERVICE = "3ab8586b-a57f-431b-8275-7d24942d7740"   # analytics-prod, aws us-east-1, running
RPES = "/v1/organizations/%s/services/" + AWS_SERVICE + "/clickpipesReversePrivateEndpoints"


def endpoint_service(moto):
    """An endpoint service that requires acceptance and lets the ClickPipes account connect."""
    network = build_network(moto, acceptance_required=True)
    moto.client().modify_vpc_endpoint_service_permissions(
        ServiceId=network["service_id"], AddAllowedPrincipals=["arn:aws:iam::%s:root" % CLICKPIPES_ACCOUNT])
    moto.recording.write_text("")
    return network


def run(ansible, tmp_path, steps, module_defaults=None, env=None, check=False, diff=False):
    """Run the module once per step; return the results, one per step."""
    play = {"name": "Steps", "hosts": "localhost", "gather_facts": False,
            "tasks": [{"name": "Apply", "privatelink.endpoints.clickhouse_reverse_private_endpoint": "{{ item }}",
                       "loop": steps, "ignore_errors": True}]}
    if module_defaults:
        play["module_defaults"] = module_defaults
    path = tmp_path / "site.yml"
    path.write_text(yaml.safe_dump([play], sort_keys=False))
    result = ansible.run(str(path), env=env, check=check, diff=diff)
    assert "Apply" in result.tasks, result
    return result.tasks["Apply"]["results"]


def args(network, **more):
    return dict(service_id=AWS_SERVICE, type="VPC_ENDPOINT_SERVICE", description="kafka",
                vpc_endpoint_service_name=network["service_name"], **more)


def clickhouse_calls(clickhouse, since):
    prefix = RPES % clickhouse.org_id
    return [(r["method"], r["path"][len(prefix):]) for r in clickhouse.requests[since:]]


def test_the_connection_is_accepted_once_as_the_aws_groups_defaults_say_then_ready(
        ansible, tmp_path, moto, clickhouse):
    network = endpoint_service(moto)
    clickhouse.configure(aws_endpoint_url=moto.url, provision_delay=0, delete_delay=0)
    # Created without accepting: it waits for acceptance.
    [created] = run(ansible, tmp_path, [args(network, allow_pending_acceptance=True)])
    assert created["endpoint"]["status"] == "PendingAcceptance", created
    assert moto.params("AcceptVpcEndpointConnections") == []
    rpe_id, vpce_id = created["endpoint"]["id"], created["endpoint"]["endpoint_id"]

    # Check mode: the acceptance is the change, and nothing is written on either side (the emulator
    # itself reads ClickPipes' endpoint in moto to know its status: reads only).
    moto.recording.write_text("")
    before = len(clickhouse.requests)
    [checked] = run(ansible, tmp_path, [args(network, accept_connection=True)], check=True, diff=True)
    assert checked["changed"] is True
    assert (checked["diff"]["before"]["status"], checked["diff"]["after"]["status"]) == ("PendingAcceptance", "Ready")
    assert moto.writes() == [] and clickhouse.counts(since=before)["writes"] == 0

    # The AWS connection only from the play's group/amazon.aws.aws defaults (none in the environment):
    # the accept reaches moto, in the endpoint service's region whatever the defaults' region says.
    aws = dict(endpoint_url=moto.url, access_key="testing", secret_key="testing", region="eu-west-1")
    no_aws_env = {name: None for name in moto.env()}
    before = len(clickhouse.requests)
    [accepted] = run(ansible, tmp_path, [args(network, accept_connection=True)],
                     module_defaults={"group/amazon.aws.aws": aws}, env=no_aws_env)
    assert accepted["changed"] is True and accepted["endpoint"]["status"] == "Ready", accepted
    assert moto.params("AcceptVpcEndpointConnections") == [
        {"Action": "AcceptVpcEndpointConnections", "Version": "2016-11-15", "ServiceId": network["service_id"],
         "VpcEndpointId.1": vpce_id}]
    [connection] = moto.client().describe_vpc_endpoint_connections()["VpcEndpointConnections"]
    assert (connection["VpcEndpointId"], connection["VpcEndpointState"]) == (vpce_id, "available")
    # The list that finds it (PendingAcceptance: accepted) and the one GET that sees it Ready; no PATCH.
    assert clickhouse_calls(clickhouse, before) == [("GET", ""), ("GET", "/" + rpe_id)]

    # A re-run finds it Ready: no AWS call, one ClickHouse read.
    moto.recording.write_text("")
    before = len(clickhouse.requests)
    [again] = run(ansible, tmp_path, [args(network, accept_connection=True)])
    assert again["changed"] is False and again["endpoint"]["status"] == "Ready"
    assert moto.writes() == [] and clickhouse_calls(clickhouse, before) == [("GET", "")]


def test_a_new_endpoint_is_accepted_when_it_asks_and_wait_false_accepts_only_a_waiting_one(
        ansible, tmp_path, moto, clickhouse):
    network = endpoint_service(moto)
    clickhouse.configure(aws_endpoint_url=moto.url, provision_delay=0.5, delete_delay=0)
    # Provisioning when created, PendingAcceptance half a second later: not accepted without waiting.
    first, second = run(ansible, tmp_path, [args(network, accept_connection=True, wait=False),
                                            args(network, accept_connection=True)])
    assert first["changed"] is True and first["endpoint"]["status"] == "Provisioning"
    assert second["changed"] is True and second["endpoint"]["status"] == "Ready", second
    assert len(moto.params("AcceptVpcEndpointConnections")) == 1


def test_a_refused_accept_fails_naming_the_endpoint_and_the_aws_answer(ansible, tmp_path, moto, clickhouse):
    network = endpoint_service(moto)
    # An endpoint that waits for acceptance, but whose AWS endpoint is no connection of the service.
    clickhouse.seed({"reversePrivateEndpoints": [dict(
        id="6f1c2e4a-3b5d-4c7e-9f80-1a2b3c4d5e01", serviceId=AWS_SERVICE, description="kafka",
        type="VPC_ENDPOINT_SERVICE", status="PendingAcceptance", vpcEndpointServiceName=network["service_name"],
        customPrivateDnsMappings=[], endpointId="vpce-0123456789abcdef0", dnsNames=[], privateDnsNames=[])]})
    [failed] = run(ansible, tmp_path, [args(network, accept_connection=True, wait_timeout=5)])
    assert failed["failed"] is True
    assert "accepting the connection of vpce-0123456789abcdef0 to %s refused" % network["service_id"] in failed["msg"]
    assert "InvalidVpcEndpointId.NotFound" in failed["msg"]


def test_accept_connection_with_another_type_fails_before_any_request(ansible, tmp_path, clickhouse):
    [failed] = run(ansible, tmp_path, [dict(service_id=AWS_SERVICE, type="GCP_PSC_SERVICE_ATTACHMENT", description="x",
                                            gcp_service_attachment="projects/my-project/regions/us-central1/"
                                                                   "serviceAttachments/kafka",
                                            accept_connection=True)])
    assert failed["failed"] is True
    assert "accept_connection is only for type VPC_ENDPOINT_SERVICE" in failed["msg"]
    assert clickhouse.requests == []
