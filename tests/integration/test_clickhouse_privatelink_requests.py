# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ClickHouse requests of an AWS PrivateLink (the clickhouse_aws_privatelink role's ClickHouse tasks),
counted exactly from the emulator's request log, and what clickhouse_service_private_endpoints' options
``ip_access_list`` and ``deregister`` do: the IP access list rides on the allow-list's read and write,
and a teardown deregisters without reading the organization."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.integration.clickhouse_calls import (
    apply,
    assert_each_fails,
    each_case,
)

AWS_SERVICE = "3ab8586b-a57f-431b-8275-7d24942d7740"   # analytics-prod, us-east-1
SANDBOX = "9074a372-50fe-4b82-b8e9-7ed3a20e39f2"       # dev-sandbox, aws us-east-1 (idle)
SEEDED = "vpce-0a1b2c3d4e5f60718"  # attached to AWS_SERVICE and registered in the org
NEW = "vpce-0123456789abcdef0"
FLOW = "clickhouse_privatelink_flow.yml"
SERVICE = "/services/%s" % AWS_SERVICE
CONFIG = ("GET", SERVICE + "/privateEndpointConfig", None)
LOOKUP = ("GET", "/services", None)


def registered(clickhouse):
    return {e["id"]: e for e in clickhouse.snapshot()["organization"]["privateEndpoints"]}


def flow(ansible, clickhouse, **allow):
    """Run the flow; return the allow task's result and the ClickHouse requests it made."""
    before = len(clickhouse.requests)
    result = ansible.run(FLOW, extra_vars=dict(allow=allow))
    assert result.rc == 0, result
    return result.tasks["Allow or take away the endpoint"], clickhouse.log(before)


def test_connect_re_run_and_teardown_make_the_fewest_clickhouse_requests(clickhouse, ansible):
    present = dict(private_endpoint_ids=[NEW], descriptions={NEW: "analytics VPC"}, ip_access_list=[])
    # Converge: the service by name, its endpoint service, the service (both lists), the describing
    # attach, and one PATCH that empties the IP access list.
    task, made = flow(ansible, clickhouse, **present)
    assert task["changed"] is True
    assert (task["private_endpoint_ids"], task["ip_access_list"]) == ([SEEDED, NEW], [])
    assert made == [LOOKUP, CONFIG, ("GET", SERVICE, None),
                    ("PATCH", SERVICE, {"ipAccessList": {"remove": [{"source": "10.0.0.0/8",
                                                                     "description": "Corporate network"}]}}),
                    ("POST", SERVICE + "/privateEndpoint", {"id": NEW, "description": "analytics VPC"})]
    assert registered(clickhouse)[NEW]["description"] == "analytics VPC"

    # Re-run: three reads (the minimum: one per object), no write.
    task, made = flow(ansible, clickhouse, **present)
    assert task["changed"] is False
    assert made == [LOOKUP, CONFIG, ("GET", SERVICE, None)]

    # Teardown: the services list serves as the service's read and tells who else allows the
    # endpoint; one PATCH detaches it, one PATCH of the organization deregisters it. Five in all.
    absent = dict(private_endpoint_ids=[NEW], state="absent", deregister=True)
    task, made = flow(ansible, clickhouse, **absent)
    assert task["changed"] is True
    assert (task["removed"], task["deregistered"], task["kept"]) == ([NEW], [NEW], [])
    assert made == [LOOKUP, CONFIG, LOOKUP,
                    ("PATCH", SERVICE, {"privateEndpointIds": {"remove": [NEW]}}),
                    ("PATCH", "", {"privateEndpoints": {"remove": [{"id": NEW, "cloudProvider": "aws",
                                                                    "region": "us-east-1"}]}})]
    assert NEW not in registered(clickhouse) and NEW not in clickhouse.service(AWS_SERVICE)["privateEndpointIds"]

    # Teardown again: nothing attached, nothing registered: reads only.
    task, made = flow(ansible, clickhouse, **absent)
    assert task["changed"] is False and task["deregistered"] == []
    assert made == [LOOKUP, CONFIG, LOOKUP]


def test_an_endpoint_another_service_allows_stays_registered_and_is_reported_kept(clickhouse, ansible):
    with clickhouse.lock:
        clickhouse.service(SANDBOX)["privateEndpointIds"] = [SEEDED]
    task, made = flow(ansible, clickhouse, private_endpoint_ids=[SEEDED], state="absent", deregister=True)
    assert task["changed"] is True
    assert (task["removed"], task["deregistered"], task["kept"]) == ([SEEDED], [], [SEEDED])
    assert [call for call in made if call[0] != "GET"] == [
        ("PATCH", SERVICE, {"privateEndpointIds": {"remove": [SEEDED]}})]
    assert SEEDED in registered(clickhouse)


def test_a_detached_endpoint_still_registered_is_deregistered_by_a_later_run(clickhouse, ansible):
    with clickhouse.lock:
        clickhouse.service(AWS_SERVICE)["privateEndpointIds"] = []  # detached, e.g. by a run that failed after
    task, made = flow(ansible, clickhouse, private_endpoint_ids=[SEEDED], state="absent", deregister=True)
    assert task["changed"] is True and (task["removed"], task["deregistered"]) == ([], [SEEDED])
    assert [call for call in made if call[0] != "GET"] == [
        ("PATCH", "", {"privateEndpoints": {"remove": [{"id": SEEDED, "cloudProvider": "aws", "region": "us-east-1"}]}})]
    assert SEEDED not in registered(clickhouse)


def test_check_mode_shows_both_lists_and_the_deregistration_without_writing(clickhouse, ansible):
    args = dict(service_id=AWS_SERVICE, private_endpoint_ids=[NEW], ip_access_list=[{"source": "203.0.113.7/32"}])
    result = apply(ansible, "clickhouse_service_private_endpoints", args, check=True, diff=True)
    task = result.step()
    assert task["changed"] is True and task["ip_access_list"] == [{"source": "203.0.113.7", "description": ""}]
    assert task["diff"]["before"] == {"private_endpoint_ids": [SEEDED], "ip_access_list": [
        {"source": "10.0.0.0/8", "description": "Corporate network"}]}
    assert task["diff"]["after"] == {"private_endpoint_ids": [NEW, SEEDED], "ip_access_list": [
        {"source": "203.0.113.7", "description": ""}]}
    args = dict(service_id=AWS_SERVICE, private_endpoint_ids=[SEEDED], state="absent", deregister=True)
    result = apply(ansible, "clickhouse_service_private_endpoints", args, check=True, diff=True)
    task = result.step()
    assert task["changed"] is True and task["deregistered"] == [SEEDED]
    assert task["diff"]["before"]["registered_in_organization"] == [SEEDED]
    assert task["diff"]["after"] == {"private_endpoint_ids": [], "registered_in_organization": []}
    assert [c for c in clickhouse.log() if c[0] != "GET"] == []


def test_the_new_options_are_checked_before_any_request(clickhouse, ansible):
    base = dict(service_id=AWS_SERVICE, private_endpoint_ids=[NEW])
    result = each_case(ansible, "clickhouse_service_private_endpoints", [
        dict(base, ip_access_list=[{"source": "10.0.0.1/24"}]),
        dict(base, ip_access_list=[], state="absent"),
        dict(base, deregister=True),
    ])
    assert_each_fails(result, ["ip_access_list[0].source: '10.0.0.1/24' has host bits set",
                               "ip_access_list: only used with state=present",
                               "deregister: only used with state=absent"])
    assert clickhouse.requests == []
