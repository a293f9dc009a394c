# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""vpcep_private_link_check_info against the VPC Endpoint emulator: a healthy link and one link per
cause (connection pending approval, consumer account not permitted, whitelist excluding the client,
no private DNS), all diagnosed in one playbook run without a single write."""

from __future__ import annotations

import json

from ansible_collections.privatelink.endpoints.tests.integration.diagnosis_helpers import by_name, run_cases, statuses
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import (
    connection,
    seed_endpoints,
    seed_service,
)

CLIENTS = ["10.1.2.0/24"]


def endpoint(vpcep, service_id, **fields):
    return seed_endpoints(vpcep, service_id, 1, **fields)[-1]["id"]


def test_each_cause_is_found_with_its_fix_and_nothing_is_written(vpcep, ansible):
    consumer = vpcep.account("consumer")
    service = seed_service(vpcep, "orders-db", approval_enabled=True)
    vpcep.seed({"permissions": {service["id"]: ["iam:domain::" + consumer["domain_id"]]}})
    healthy = endpoint(vpcep, service["id"], enable_dns=True, whitelist=["10.1.0.0/16"], enable_whitelist=True)
    pending = endpoint(vpcep, service["id"], status="pendingAcceptance", enable_dns=True)
    no_dns = endpoint(vpcep, service["id"], enable_dns=False)
    narrow = endpoint(vpcep, service["id"], whitelist=["192.168.7.1"], enable_whitelist=True)
    closed = seed_service(vpcep, "closed-db", approval_enabled=False)  # no permissions at all
    endpoint(vpcep, closed["id"])
    broken_service = seed_service(vpcep, "broken-db", approval_enabled=False)
    vpcep.seed({"permissions": {broken_service["id"]: ["*"]}})
    on_broken = endpoint(vpcep, broken_service["id"])
    broken_service["status"] = "failed"  # the provider's service broke after the endpoint connected
    since = len(vpcep.requests)
    provider = connection(vpcep, "provider")
    cases = [
        dict(endpoint_id=healthy, provider=provider, client_cidrs=CLIENTS, enable_dns=True),
        dict(endpoint_id=pending, provider=provider, enable_dns=True),
        dict(endpoint_id=no_dns, provider=provider, enable_dns=True),
        dict(endpoint_id=narrow, provider=provider, client_cidrs=CLIENTS),
        dict(vpc_id=consumer["vpc_id"], endpoint_service_name="closed-db", provider=provider),
        dict(endpoint_id=healthy),
        dict(vpc_id=consumer["vpc_id"], endpoint_service_name="no-such-service", provider=provider),
        dict(endpoint_id=on_broken, provider=provider),
    ]
    (ok, waiting, dnsless, excluded, refused, alone, missing, service_down) = run_cases(
        ansible, "vpcep", cases, limit_env=[], conn=connection(vpcep, "consumer"))

    assert vpcep.writes(since) == []
    # The module's answer (its invocation included) never holds the provider's secret; the loop's
    # item, which the playbook itself shows, is left out.
    assert not any(provider["secret_key"] in json.dumps({k: v for k, v in outcome.items()
                                                         if k not in ("item", "_ansible_item_label")})
                   for outcome in (ok, waiting, refused))
    assert ok["invocation"]["module_args"]["provider"]["secret_key"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert ok["healthy"] is True and ok["endpoint_id"] == healthy, ok["report"]
    assert statuses(ok) == dict(endpoint="ok", endpoint_status="ok", endpoint_service="ok", permissions="ok",
                                connection="ok", whitelist="ok", dns="ok")
    assert consumer["domain_id"] in by_name(ok)["permissions"]["detail"]

    # Connection pending approval: seen from both sides, fixed by the provider's approval.
    checks = by_name(waiting)
    assert checks["endpoint_status"]["status"] == "fail" and "pendingAcceptance" in checks["endpoint_status"]["detail"]
    assert checks["connection"]["status"] == "fail" and "pending approval" in checks["connection"]["detail"]
    assert "vpcep_connection with state accepted" in checks["connection"]["fix"]
    assert "vpcep_private_link_approval_enabled" in checks["connection"]["fix"]

    # No private DNS although the link asked for it.
    checks = by_name(dnsless)
    assert checks["dns"]["status"] == "fail" and "Not found address of host" in checks["dns"]["detail"]
    assert "vpcep_private_link_enable_dns" in checks["dns"]["fix"]

    # The whitelist leaves the clients out.
    checks = by_name(excluded)
    assert checks["whitelist"]["status"] == "fail" and "10.1.2.0/24 not in the endpoint's whitelist" in checks["whitelist"]["detail"]
    assert "Connection timed out" in checks["whitelist"]["detail"] and "vpcep_private_link_whitelist" in checks["whitelist"]["fix"]
    assert statuses(excluded)["dns"] == "skipped"

    # The consumer's account is not in the service's permissions.
    checks = by_name(refused)
    assert checks["permissions"]["status"] == "fail" and consumer["domain_id"] in checks["permissions"]["detail"]
    assert "vpcep_private_link_consumer_domain_id" in checks["permissions"]["fix"]
    assert refused["problems"] == 1

    # Without the provider's connection its checks are skipped, and say so.
    assert [statuses(alone)[n] for n in ("endpoint_service", "permissions", "connection")] == ["skipped"] * 3
    assert "give provider" in by_name(alone)["connection"]["detail"]

    # No endpoint at all.
    checks = by_name(missing)
    assert checks["endpoint"]["status"] == "fail" and "no-such-service" in checks["endpoint"]["detail"]
    assert "vpcep_private_link_endpoint_subnet_id" in checks["endpoint"]["fix"]
    assert set(statuses(missing).values()) == {"fail", "skipped"}

    # The provider's endpoint service is not available; its permission "*" lets every account in.
    checks = by_name(service_down)
    assert checks["endpoint_service"]["status"] == "fail" and "is failed" in checks["endpoint_service"]["detail"]
    assert checks["permissions"]["status"] == "ok"
