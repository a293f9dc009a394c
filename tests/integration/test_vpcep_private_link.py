# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The whole private link flow between two accounts, on both clouds and with every way of
authenticating: create, idempotent re-run, approval, teardown, check mode."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.huawei_gateway import TOKENS
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import (
    connection,
    network,
    services_named,
    write_log,
)

FLOW = "vpcep_private_link.yml"
PRESENT_TASKS = ("Provider publishes the service", "Consumer connects an endpoint to it by its full name",
                 "Provider accepts the connection")


def flow_vars(vpcep, cloud, provider_auth, consumer_auth, state="present"):
    return dict(
        provider=connection(vpcep, "provider", cloud, provider_auth),
        consumer=connection(vpcep, "consumer", cloud, consumer_auth),
        provider_net=network(vpcep, "provider", cloud), consumer_net=network(vpcep, "consumer", cloud),
        consumer_domain_id=vpcep.account("consumer", cloud)["domain_id"], state=state)


def run_flow(ansible, extra_vars, check=False):
    result = ansible.run(FLOW, extra_vars=extra_vars, check=check, diff=True, limit_env=[])
    assert result.rc == 0, [(name, r.get("msg")) for name, r in result.tasks.items() if r.get("failed")] or result
    return result


# Both clouds, and each way of authenticating on each side once.
@pytest.mark.parametrize("cloud, provider_auth, consumer_auth", [
    ("huaweicloud", "aksk", "password"),
    ("otc", "token", "temporary"),
])
def test_private_link_flow(vpcep, ansible, cloud, provider_auth, consumer_auth):
    extra = flow_vars(vpcep, cloud, provider_auth, consumer_auth)
    consumer_domain = vpcep.account("consumer", cloud)["domain_id"]

    result = run_flow(ansible, extra)
    assert all(result.tasks[name]["changed"] for name in PRESENT_TASKS)
    [service] = services_named(vpcep, "orders-api")
    assert service["status"] == "available"
    assert service["approval_enabled"] is True
    assert {t["key"]: t["value"] for t in service["tags"]} == {"team": "data", "env": "prod"}
    assert [p["permission"] for p in vpcep.permissions[service["id"]]] == ["iam:domain::" + consumer_domain]
    [endpoint] = vpcep.endpoints.values()
    assert endpoint["endpoint_service_id"] == service["id"]
    assert endpoint["status"] == "accepted"
    assert sorted(endpoint["whitelist"]) == ["10.1.0.0/16", "192.168.7.1"]
    info = result.tasks["Consumer sees its endpoint"]["endpoints"]
    assert [(e["id"], e["status"], e["tags"]) for e in info] == [(endpoint["id"], "accepted", {"app": "shop"})]
    assert result.tasks["Provider accepts the connection"]["connections"][0]["status"] == "accepted"
    # One token per module run that authenticates with a password, never one per request.
    module_runs = dict(provider=3, consumer=2)
    password_runs = sum(module_runs[role] for role, auth in (("provider", provider_auth), ("consumer", consumer_auth))
                        if auth == "password")
    assert len(vpcep.calls("POST", TOKENS)) == password_runs
    assert write_log(vpcep) == ["POST vpc-endpoint-services", "POST vpc-endpoint-services/{id}/permissions/action",
                                "POST vpc-endpoints", "POST vpc-endpoint-services/{id}/connections/action"]

    # Re-run: every task reports no change and nothing is written.
    mark = len(vpcep.requests)
    again = run_flow(ansible, flow_vars(vpcep, cloud, provider_auth, consumer_auth))
    assert not any(result_of["changed"] for result_of in again.tasks.values() if "changed" in result_of), again
    assert vpcep.writes(mark) == []

    # Teardown, then a second teardown that finds nothing to do.
    run_flow(ansible, flow_vars(vpcep, cloud, provider_auth, consumer_auth, state="absent"))
    assert vpcep.snapshot()["endpoint_services"] == [] and vpcep.snapshot()["endpoints"] == []
    mark = len(vpcep.requests)
    last = run_flow(ansible, flow_vars(vpcep, cloud, provider_auth, consumer_auth, state="absent"))
    assert not last.tasks["Provider removes the service"]["changed"]
    assert vpcep.writes(mark) == []


def test_check_mode_predicts_without_writing(vpcep, ansible):
    extra = flow_vars(vpcep, "huaweicloud", "aksk", "aksk")
    run_flow(ansible, extra)
    vpcep.requests.clear()
    extra["state"] = "absent"
    result = run_flow(ansible, extra, check=True)
    assert result.tasks["Consumer removes its endpoint"]["changed"]
    assert result.tasks["Provider removes the service"]["changed"]
    assert result.tasks["Provider removes the service"]["diff"]["after"] == {}
    assert vpcep.writes() == []
    assert len(services_named(vpcep, "orders-api")) == 1 and len(vpcep.endpoints) == 1
