# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Forks that share one API key against the emulator enforcing a per-key rate limit.

The window is ClickHouse's real 10 s; the count is raised (as ClickHouse support
does for an organization, and ``api_rate_limit`` tells the modules) so the run
fits CI while still needing three windows.
"""

from __future__ import annotations

import uuid

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import Pacer
from ansible_collections.privatelink.endpoints.tests.emulators.base import RateLimiter

SERVICES = 20
ENDPOINTS = 5
LIMIT = 15
WINDOW = 10.0


def seed_services(clickhouse, count):
    services = [dict(id=str(uuid.UUID(int=0xC0FFEE00 + n)), name="scale-%02d" % n, provider="aws",
                     region="us-east-1", privateEndpointIds=[], ipAccessList=[], tags=[])
                for n in range(count)]
    clickhouse.seed({"services": services})
    return [dict(id=s["id"], endpoint_ids=["vpce-%08x%09x" % (n, e) for e in range(ENDPOINTS)])
            for n, s in enumerate(services)]


def test_forks_sharing_a_key_queue_instead_of_being_refused(clickhouse, ansible):
    services = seed_services(clickhouse, SERVICES)
    clickhouse.rate_limiter = RateLimiter(limit=LIMIT, window=WINDOW, enabled=True)
    result = ansible.run("clickhouse_services_in_parallel.yml", env={"ANSIBLE_FORKS": "10"},
                         extra_vars=dict(services=services))
    assert result.rc == 0, result
    assert all(host["failures"] == 0 for host in result.stats.values()), result.stats
    # No lost update: every service has exactly its endpoints.
    for service in services:
        assert sorted(clickhouse.service(service["id"])["privateEndpointIds"]) == service["endpoint_ids"]
    statuses = [r.get("status") for r in clickhouse.requests]
    refused = statuses.count(429)
    answered = len(statuses) - refused
    assert answered == 2 * SERVICES  # one read and one write per service
    # The forks shared the budget: at most 5 % of the requests were answered 429.
    assert refused <= 0.05 * len(statuses), (refused, len(statuses))
    # ... and kept to it closely: 40 requests at 15 per 10 s take two windows after the first burst,
    # plus the pacing margin (2.5 %) and the time a module takes to start.
    times = sorted(r["time"] for r in clickhouse.requests)
    span = times[-1] - times[0]
    # The 4 s of slack absorb module start-up on a loaded 2-CPU machine.
    assert 2 * WINDOW <= span <= 2 * WINDOW * (1 + Pacer.MARGIN) + 4, span
