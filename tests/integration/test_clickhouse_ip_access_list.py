# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""clickhouse_service_ip_access_list against the emulator."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.integration.clickhouse_calls import (
    apply,
    assert_each_fails,
    each_case,
)

# From tests/emulators/fixtures/clickhouse.json: analytics-prod in us-east-1.
SERVICE = "3ab8586b-a57f-431b-8275-7d24942d7740"
CORPORATE = {"source": "10.0.0.0/8", "description": "Corporate network"}
PATH = "/services/%s" % SERVICE
MODULE = "clickhouse_service_ip_access_list"


def access_list(clickhouse):
    return clickhouse.service(SERVICE)["ipAccessList"]


def run(ansible, twice=False, check=False, diff=False, **options):
    if "service_name" not in options:
        options.setdefault("service_id", SERVICE)
    return apply(ansible, MODULE, options, twice=twice, check=check, diff=diff)


def test_adds_an_entry_keeping_the_others_and_a_host_equals_its_slash_32(clickhouse, ansible):
    result = run(ansible, entries=[{"source": "203.0.113.7", "description": "bastion"}])
    assert result.rc == 0, result
    task = result.steps[0]
    assert task["changed"] is True
    assert task["added"] == [{"source": "203.0.113.7", "description": "bastion"}]
    assert task["ip_access_list"] == [CORPORATE, {"source": "203.0.113.7", "description": "bastion"}]
    assert access_list(clickhouse) == task["ip_access_list"]
    again = run(ansible, entries=[{"source": " 203.0.113.7/32 ", "description": "bastion"}, {"source": "10.0.0.0/8"}])
    assert again.rc == 0, again
    assert again.steps[0]["changed"] is False
    bastion = {"source": "203.0.113.7", "description": "bastion"}
    assert clickhouse.log(writes=True) == [("PATCH", PATH, {"ipAccessList": {"add": [bastion]}})]
    assert clickhouse.counts()["GET"] == 2


def test_a_new_description_replaces_the_entry_in_one_patch(clickhouse, ansible):
    result = run(ansible, twice=True, entries=[{"source": "10.0.0.0/8", "description": "HQ"}])
    assert result.rc == 0, result
    assert result.steps[1]["changed"] is False
    assert access_list(clickhouse) == [{"source": "10.0.0.0/8", "description": "HQ"}]
    assert clickhouse.log(writes=True) == [("PATCH", PATH, {"ipAccessList": {
        "add": [{"source": "10.0.0.0/8", "description": "HQ"}], "remove": [CORPORATE]}})]


def test_an_entry_stored_unnormalised_is_matched_and_removed_as_stored(clickhouse, ansible):
    access_list(clickhouse).append({"source": "2001:DB8:0:0::1/128", "description": "v6 host"})
    same = run(ansible, entries=[{"source": "2001:db8::1"}])
    assert (same.rc, same.steps[0]["changed"]) == (0, False), same
    result = run(ansible, twice=True, entries=[{"source": "2001:db8::1"}], state="absent")
    assert result.rc == 0, result
    assert result.steps[1]["changed"] is False
    assert access_list(clickhouse) == [CORPORATE]
    assert clickhouse.log(writes=True) == [("PATCH", PATH, {"ipAccessList": {"remove": [
        {"source": "2001:DB8:0:0::1/128", "description": "v6 host"}]}})]


def test_purge_with_no_entries_leaves_only_private_access(clickhouse, ansible):
    result = run(ansible, twice=True, entries=[], purge=True)
    assert result.rc == 0, result
    assert result.steps[0]["removed"] == [CORPORATE]
    assert result.steps[1]["changed"] is False
    assert access_list(clickhouse) == []
    assert clickhouse.counts()["writes"] == 1


def test_purge_makes_the_list_exact_with_ipv6(clickhouse, ansible):
    access_list(clickhouse).append({"source": "0.0.0.0/0", "description": "Anywhere"})  # out of band
    entries = [{"source": "10.0.0.0/8"}, {"source": "2001:db8::/48", "description": "v6 office"}]
    result = run(ansible, twice=True, entries=entries, purge=True)
    assert result.rc == 0, result
    assert result.steps[1]["changed"] is False
    assert access_list(clickhouse) == [CORPORATE, {"source": "2001:db8::/48", "description": "v6 office"}]
    assert clickhouse.log(writes=True) == [("PATCH", PATH, {"ipAccessList": {
        "add": [{"source": "2001:db8::/48", "description": "v6 office"}],
        "remove": [{"source": "0.0.0.0/0", "description": "Anywhere"}]}})]


def test_check_mode_and_diff_by_service_name(clickhouse, ansible):
    result = run(ansible, check=True, diff=True, service_name="analytics-prod", region="us-east-1",
                 entries=[{"source": "198.51.100.0/24"}], purge=True)
    assert result.rc == 0, result
    task = result.steps[0]
    assert task["changed"] is True
    new = {"source": "198.51.100.0/24", "description": ""}
    assert task["diff"] == {"before": {"ip_access_list": [CORPORATE]}, "after": {"ip_access_list": [new]}}
    assert (task["added"], task["removed"]) == ([new], [CORPORATE])
    assert clickhouse.log() == [("GET", "/services", None)]
    assert access_list(clickhouse) == [CORPORATE]


def test_invalid_sources_fail_before_any_request(clickhouse, ansible):
    cases = [
        ([{"source": "10.0.0.1/24"}], "entries[0].source: '10.0.0.1/24' has host bits set; the network is 10.0.0.0/24"),
        ([{"source": "10.0.0.0/8"}, {"source": "office"}], "entries[1].source: 'office' is not an IPv4 or IPv6"),
        ([{"source": "10.0.0.1", "description": "a"}, {"source": "10.0.0.1/32", "description": "b"}],
         "entries: 10.0.0.1 is given twice with different settings"),
    ]
    result = each_case(ansible, MODULE, [dict(service_id=SERVICE, entries=e) for e, dummy in cases])
    assert_each_fails(result, [message for dummy, message in cases])
    assert clickhouse.requests == []


def test_unknown_service_is_a_clear_error(clickhouse, ansible):
    result = run(ansible, service_name="no-such-service", entries=[{"source": "10.0.0.0/8"}])
    assert result.rc != 0
    assert result.steps[0]["msg"] == "no service named 'no-such-service' in organization %s" % clickhouse.org_id
    assert clickhouse.counts()["writes"] == 0
