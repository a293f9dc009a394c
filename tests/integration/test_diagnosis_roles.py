# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""State diagnosed of the roles: a link the role built is diagnosed healthy and the play passes; a broken
one is reported with its fix, fails the play only with ``<role>_fail_on_problems``, and the role's state
present repairs it. Diagnosing writes nothing."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network
from ansible_collections.privatelink.endpoints.tests.integration.conftest import REPO
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import connection, network

PLAYBOOK = str(REPO / "playbooks" / "vpcep_private_link.yml")
REPORT = "privatelink.endpoints.vpcep_private_link : Report, one line per check, failures first with their fix"
PROD = "3ab8586b-a57f-431b-8275-7d24942d7740"  # analytics-prod, us-east-1
CH_REPORT = "privatelink.endpoints.clickhouse_aws_privatelink : Report, one line per check, failures first with their fix"
FAIL = "privatelink.endpoints.vpcep_private_link : Fail on problems (vpcep_private_link_fail_on_problems)"


def role_vars(vpcep, state, **more):
    provider, consumer = network(vpcep, "provider"), network(vpcep, "consumer")
    variables = dict(
        vpcep_private_link_state=state,
        vpcep_private_link_provider=connection(vpcep, "provider"),
        vpcep_private_link_consumer=connection(vpcep, "consumer"),
        vpcep_private_link_service_name="orders-db",
        vpcep_private_link_service_vpc_id=provider["vpc_id"],
        vpcep_private_link_service_port_id=provider["port_id"],
        vpcep_private_link_ports=[dict(client_port=5432, server_port=5432)],
        vpcep_private_link_consumer_domain_id=vpcep.account("consumer")["domain_id"],
        vpcep_private_link_endpoint_vpc_id=consumer["vpc_id"],
        vpcep_private_link_endpoint_subnet_id=consumer["subnet_id"],
        vpcep_private_link_whitelist=["10.1.0.0/16"],
        vpcep_private_link_client_cidrs=["10.1.2.0/24"],
    )
    variables.update(more)
    return variables


def test_vpcep_role_diagnoses_reports_fails_on_request_and_repairs(vpcep, ansible):
    built = ansible.run(PLAYBOOK, role_vars(vpcep, "present"), limit_env=[])
    assert built.rc == 0, built

    since = len(vpcep.requests)
    healthy = ansible.run(PLAYBOOK, role_vars(vpcep, "diagnosed", vpcep_private_link_fail_on_problems=True), limit_env=[])
    assert healthy.rc == 0 and not healthy.changed, healthy
    report = healthy.tasks[REPORT]["msg"]
    assert [line.split()[0] for line in report] == ["OK"] * 7, report
    assert vpcep.writes(since) == []

    # Someone revokes the consumer's permission on the provider side.
    [service] = [s for s in vpcep.services.values() if ".orders-db." in s["service_name"]]
    vpcep.permissions[service["id"]] = []
    since = len(vpcep.requests)
    reported = ansible.run(PLAYBOOK, role_vars(vpcep, "diagnosed"), limit_env=[])
    assert reported.rc == 0, reported  # only reports by default
    report = reported.tasks[REPORT]["msg"]
    assert report[0].startswith("FAIL    permissions: account %s" % vpcep.account("consumer")["domain_id"]), report
    assert "vpcep_private_link_consumer_domain_id" in report[1]
    failed = ansible.run(PLAYBOOK, role_vars(vpcep, "diagnosed", vpcep_private_link_fail_on_problems=True), limit_env=[])
    assert failed.rc != 0 and "1 problem(s) on the link: permissions" in failed.tasks[FAIL]["msg"], failed
    assert vpcep.writes(since) == []

    repaired = ansible.run(PLAYBOOK, role_vars(vpcep, "present"), limit_env=[])
    assert repaired.rc == 0 and [p["permission"] for p in vpcep.permissions[service["id"]]] == [
        "iam:domain::" + vpcep.account("consumer")["domain_id"]]
    again = ansible.run(PLAYBOOK, role_vars(vpcep, "diagnosed", vpcep_private_link_fail_on_problems=True), limit_env=[])
    assert again.rc == 0, again


def test_clickhouse_role_diagnoses_a_link_it_built_and_one_removed_from_the_allow_list(clickhouse, moto, ansible):
    network = build_network(moto)
    service = clickhouse.service(PROD)
    service["privateEndpointConfig"]["endpointServiceId"] = network["service_name"]
    variables = dict(clickhouse_aws_privatelink_service_id=PROD, clickhouse_aws_privatelink_vpc_id=network["vpc_id"],
                     clickhouse_aws_privatelink_subnet_ids=network["subnet_ids"])

    def run(state, **more):
        return ansible.run(str(REPO / "playbooks" / "clickhouse_aws_privatelink.yml"),
                           dict(variables, clickhouse_aws_privatelink_state=state, **more))
    assert run("present").rc == 0
    [endpoint_id] = [e for e in service["privateEndpointIds"] if e != "vpce-0a1b2c3d4e5f60718"]

    moto.recording.write_text("")
    since = len(clickhouse.requests)
    healthy = run("diagnosed", clickhouse_aws_privatelink_fail_on_problems=True)
    assert healthy.rc == 0 and not healthy.changed, healthy
    report = healthy.tasks[CH_REPORT]["msg"]
    assert [line.split()[0] for line in report] == ["OK"] * 11 + ["SKIPPED"] * 2, report
    assert moto.writes() == [] and [r for r in clickhouse.requests[since:] if r["method"] != "GET"] == []

    service["privateEndpointIds"].remove(endpoint_id)  # someone takes the endpoint off the allow-list
    broken = run("diagnosed", clickhouse_aws_privatelink_fail_on_problems=True)
    assert broken.rc != 0, broken
    report = broken.tasks[CH_REPORT]["msg"]
    assert report[0] == ('FAIL    allow_list: %s is not in the allow-list of analytics-prod: clients see '
                         '"Connection reset by peer"' % endpoint_id), report
    assert "role privatelink.endpoints.clickhouse_aws_privatelink with state present" in report[1]

    assert run("present").rc == 0 and endpoint_id in service["privateEndpointIds"]
    assert run("diagnosed", clickhouse_aws_privatelink_fail_on_problems=True).rc == 0
