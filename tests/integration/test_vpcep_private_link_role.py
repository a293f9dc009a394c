# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Role vpcep_private_link at the request minimum: the exact requests each run sends to the VPCEP
emulator (its IAM included: the consumer logs in with a password, as in the demo and the benchmark),
from its request log, for present, re-run and absent; and at most four module tasks per run."""

from __future__ import annotations

import re

from ansible_collections.privatelink.endpoints.tests.emulators.huawei_gateway import TOKENS
from ansible_collections.privatelink.endpoints.tests.integration.conftest import REPO
from ansible_collections.privatelink.endpoints.tests.integration.test_diagnosis_roles import role_vars
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import connection

PLAYBOOK = str(REPO / "playbooks" / "vpcep_private_link.yml")
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}")
LOGIN = "POST " + TOKENS


def request_log(vpcep, since):
    """The requests since ``since`` as ``METHOD path`` (below the project for VPCEP), ids as {id}."""
    return [LOGIN if r["path"] == TOKENS else "%s %s" % (r["method"], ID.sub("{id}", r["path"].split("/", 3)[3]))
            for r in vpcep.requests[since:]]


def run_role(vpcep, ansible, state):
    since = len(vpcep.requests)
    variables = role_vars(vpcep, state, vpcep_private_link_consumer=connection(vpcep, "consumer", auth="password"))
    result = ansible.run(PLAYBOOK, variables, limit_env=[])
    assert result.rc == 0, result
    return result, request_log(vpcep, since)


def module_tasks(result):
    """The role's tasks that ran a module (only modules report their invocation)."""
    return [name for name, outcome in result.tasks.items()
            if name.startswith("privatelink.endpoints.vpcep_private_link : ") and "invocation" in outcome]


def test_each_run_sends_the_minimum_of_requests(vpcep, ansible):
    present, log = run_role(vpcep, ansible, "present")
    assert log == [
        # Provider: find the service by name, create it, wait until it is available, open it to the consumer.
        "GET vpc-endpoint-services", "POST vpc-endpoint-services", "GET vpc-endpoint-services/{id}",
        "POST vpc-endpoint-services/{id}/permissions/action",
        # Consumer: log in, find the endpoint in the VPC, create it (the provider's side waits for it).
        LOGIN, "GET vpc-endpoints", "POST vpc-endpoints",
        # Provider: read the connection (waiting for approval), accept it, wait until it is accepted.
        "GET vpc-endpoint-services/{id}/connections", "POST vpc-endpoint-services/{id}/connections/action",
        "GET vpc-endpoint-services/{id}/connections",
        # Consumer: log in, read the accepted endpoint's address and DNS names.
        LOGIN, "GET vpc-endpoints/{id}",
    ], log
    assert len(module_tasks(present)) == 4, module_tasks(present)
    endpoint = present.tasks["Show where the consumer connects"]["msg"]
    assert endpoint["endpoint_status"] == "accepted" and endpoint["endpoint_ip"] and endpoint["dns_names"], endpoint

    again, log = run_role(vpcep, ansible, "present")
    assert not again.changed, again
    # What each object is like, read once; the endpoint's answer (accepted) leaves nothing to approve.
    assert log == ["GET vpc-endpoint-services", "GET vpc-endpoint-services/{id}/permissions",
                   LOGIN, "GET vpc-endpoints"], log
    assert len(module_tasks(again)) == 2, module_tasks(again)

    absent, log = run_role(vpcep, ansible, "absent")
    assert log == [
        "GET vpc-endpoint-services",
        LOGIN, "GET vpc-endpoints", "DELETE vpc-endpoints/{id}", "GET vpc-endpoints/{id}",
        "GET vpc-endpoint-services/{id}", "DELETE vpc-endpoint-services/{id}", "GET vpc-endpoint-services/{id}",
    ], log
    assert len(module_tasks(absent)) == 3, module_tasks(absent)
    assert not vpcep.endpoints and not [s for s in vpcep.services.values() if ".orders-db." in s["service_name"]]
