# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""vpcep_service against the emulator: set-diffed updates, immutable fields, check mode,
asynchronous create, lost responses, lookups by name, and validation before any call."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault, RateLimiter
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import (
    connection,
    network,
    seed_service,
    services_named,
    vpcep_steps,
    write_log,
)

SERVICE = "vpcep_service"
DOMAIN_A, DOMAIN_B, DOMAIN_C = ("a" * 32, "b" * 32, "c" * 32)


def create_args(vpcep, cloud="huaweicloud", **extra):
    net = network(vpcep, "provider", cloud)
    args = dict(name="web", vpc_id=net["vpc_id"], port_id=net["port_id"], server_type="VM",
                ports=[dict(client_port=80, server_port=8080)])
    args.update(extra)
    return args


@pytest.fixture
def web(vpcep):
    """A service with tags and permissions to change."""
    tags = [dict(key="keep", value="1"), dict(key="change", value="old"), dict(key="drop", value="x")]
    service = seed_service(vpcep, "web", tags=tags)
    vpcep.seed({"permissions": {service["id"]: ["iam:domain::" + DOMAIN_A, "iam:domain::" + DOMAIN_B]}})
    vpcep.requests.clear()
    return service


def test_update_sends_only_the_differences(vpcep, ansible, web):
    args = dict(name="web", ports=[dict(client_port=80, server_port=80), dict(client_port=443, server_port=8443)],
                approval_enabled=False, description="new", tags=dict(keep=1, change="new", add="y"),
                permissions=[DOMAIN_B, "iam:domain::" + DOMAIN_C])
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), args, diff=True).step()
    assert result["changed"]
    assert write_log(vpcep) == ["PUT vpc-endpoint-services/{id}",
                                "POST vpc-endpoint-services/{id}/permissions/action",
                                "POST vpc-endpoint-services/{id}/permissions/action",
                                "POST endpoint_service/{id}/tags/action", "POST endpoint_service/{id}/tags/action"]
    put, remove, add, delete_tags, create_tags = (w["body"] for w in vpcep.writes())
    assert put == dict(approval_enabled=False, description="new", ports=[
        dict(client_port=80, server_port=80, protocol="TCP"), dict(client_port=443, server_port=8443, protocol="TCP")])
    assert delete_tags == dict(action="delete", tags=[dict(key="change", value="old"), dict(key="drop", value="x")])
    assert create_tags == dict(action="create", tags=[dict(key="add", value="y"), dict(key="change", value="new")])
    assert remove == dict(action="remove", permissions=["iam:domain::" + DOMAIN_A], permission_type="domainId")
    assert add == dict(action="add", permissions=["iam:domain::" + DOMAIN_C], permission_type="domainId")
    stored = vpcep.service(web["id"])
    assert {t["key"]: t["value"] for t in stored["tags"]} == dict(keep="1", change="new", add="y")
    assert sorted(p["permission"] for p in vpcep.permissions[web["id"]]) == [
        "iam:domain::" + DOMAIN_B, "iam:domain::" + DOMAIN_C]
    assert stored["approval_enabled"] is False and len(stored["ports"]) == 2
    assert result["diff"]["before"]["tags"] == dict(keep="1", change="old", drop="x")
    assert result["diff"]["after"]["permissions"] == ["iam:domain::" + DOMAIN_B, "iam:domain::" + DOMAIN_C]
    assert result["endpoint_service"]["tags"] == dict(keep="1", change="new", add="y")

    mark = len(vpcep.requests)
    again = vpcep_steps(ansible, SERVICE, connection(vpcep), args).step()
    assert not again["changed"]
    assert vpcep.writes(mark) == []
    # One list by name and one permissions read: no more calls than needed.
    assert vpcep.counts(mark) == {"GET": 2, "total": 2, "writes": 0}


def test_without_purge_only_adds(vpcep, ansible, web):
    args = dict(name="web", tags=dict(new="1"), purge_tags=False, permissions=[DOMAIN_C], purge_permissions=False)
    assert vpcep_steps(ansible, SERVICE, connection(vpcep), args).step()["changed"]
    assert [w["body"]["action"] for w in vpcep.writes()] == ["add", "create"]
    assert len(vpcep.service(web["id"])["tags"]) == 4 and len(vpcep.permissions[web["id"]]) == 3


def test_rename_by_id_and_fields_that_cannot_change(vpcep, ansible, web):
    other_vpc = vpcep.account("provider")["reserved_vpc_id"]
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), dict(id=web["id"]),
                         cases=[dict(name="web2"), dict(vpc_id=other_vpc), dict(server_type="LB"), dict(name="web2")])
    renamed, vpc, server_type, again = result.steps
    assert renamed["changed"] and renamed["endpoint_service"]["service_name"].endswith(".web2." + web["id"])
    assert "vpc_id of endpoint service %s is %s and cannot change to %s" % (web["id"], web["vpc_id"], other_vpc) \
        in vpc["msg"]
    assert "server_type of endpoint service %s is VM and cannot change to LB" % web["id"] in server_type["msg"]
    assert not again["changed"]
    assert [w["body"] for w in vpcep.writes()] == [{"service_name": "web2"}]


def test_check_mode_create_and_update(vpcep, ansible, web):
    cases = [create_args(vpcep, name="new", tags=dict(a="b")), dict(name="web", tcp_proxy="proxy_open")]
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), cases=cases, check=True, diff=True)
    created, updated = result.steps
    assert created["changed"]
    assert created["diff"]["before"] == {}
    assert created["diff"]["after"]["name"] == "new" and created["diff"]["after"]["tags"] == {"a": "b"}
    assert updated["changed"]
    assert (updated["diff"]["before"]["tcp_proxy"], updated["diff"]["after"]["tcp_proxy"]) == ("close", "proxy_open")
    assert vpcep.writes() == [] and services_named(vpcep, "new") == []
    assert vpcep.service(web["id"])["tcp_proxy"] == "close"


def test_create_waits_for_available_with_backoff(vpcep, ansible):
    vpcep.configure(service_delay=1.5)
    result = vpcep_steps(ansible, SERVICE, connection(vpcep, cloud="otc"), create_args(vpcep, "otc")).step()
    assert result["changed"] and result["endpoint_service"]["status"] == "available"
    assert write_log(vpcep) == ["POST vpc-endpoint-services"]
    # Polls double from 0.25 s: 1.5 s of creating costs a handful of reads, not one per quarter second.
    assert 2 <= len(vpcep.calls("GET", web_id_of(vpcep))) <= 4


def web_id_of(vpcep):
    [service] = services_named(vpcep, "web")
    return service["id"]


def test_create_without_wait_returns_at_once(vpcep, ansible):
    vpcep.configure(service_delay=60)
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), create_args(vpcep, wait=False)).step()
    assert result["endpoint_service"]["status"] == "creating"
    assert vpcep.counts() == {"GET": 1, "POST": 1, "total": 2, "writes": 1}


def test_failed_create_says_why(vpcep, ansible):
    args = create_args(vpcep, port_id=vpcep.account("provider")["ports"]["broken"])
    message = vpcep_steps(ansible, SERVICE, connection(vpcep), args).failure()
    assert "failed: EndPoint.3008: The port is not found." in message


def test_lost_create_answer_does_not_make_a_second_service(vpcep, ansible):
    vpcep.configure(service_delay=0.5)
    vpcep.faults.append(Fault(path=r"/vpc-endpoint-services$", method="POST", status=502, after=True))
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), create_args(vpcep, permissions=[DOMAIN_A])).step()
    assert result["changed"] and len(services_named(vpcep, "web")) == 1
    assert len(vpcep.calls("POST", "/vpc-endpoint-services")) == 1
    # The service found instead of the lost answer is finished like a created one: waited for, permissions set.
    service = result["endpoint_service"]
    assert service["status"] == "available" and service["permissions"] == ["iam:domain::" + DOMAIN_A]
    assert [p["permission"] for p in vpcep.permissions[service["id"]]] == ["iam:domain::" + DOMAIN_A]


def test_rerun_finishes_the_wait_of_a_service_still_creating(vpcep, ansible):
    """The API refuses changes while a service is creating: a run with wait waits for it first."""
    vpcep.configure(service_delay=1.0)
    api = dict(name="api", ports=[dict(client_port=81, server_port=8081)])
    cases = [dict(wait=False), dict(description="x"), dict(api, wait=False), api]
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), create_args(vpcep), cases=cases)
    outcomes = result.steps
    assert [o.get("msg") for o in outcomes if o.get("failed")] == []
    assert [o["changed"] for o in outcomes] == [True, True, True, False]
    assert [o["endpoint_service"]["status"] for o in outcomes] == ["creating", "available", "creating", "available"]
    assert write_log(vpcep) == ["POST vpc-endpoint-services", "PUT vpc-endpoint-services/{id}",
                                "POST vpc-endpoint-services"]


@pytest.mark.parametrize("style, status", [("gateway", 429), ("service", 400)])
def test_throttled_calls_are_retried(vpcep, ansible, web, style, status):
    """The gateway throttles with 429 (and Retry-After), the service with 400 EndPoint.0022."""
    vpcep.configure(rate_limit_style=style)
    vpcep.rate_limiter = RateLimiter(limit=2, window=1.0, enabled=True)
    result = vpcep_steps(ansible, SERVICE, connection(vpcep),
                         dict(name="web", description="x", tags=dict(a="1"))).step()
    assert result["changed"] and vpcep.service(web["id"])["description"] == "x"
    assert status in [r.get("status") for r in vpcep.requests]
    assert write_log(vpcep).count("PUT vpc-endpoint-services/{id}") >= 1
    assert {t["key"] for t in vpcep.service(web["id"])["tags"]} == {"a"}


def test_name_shared_by_two_services_is_an_error(vpcep, ansible):
    first, second = seed_service(vpcep, "dup"), seed_service(vpcep, "dup")
    seed_service(vpcep, "dup2")  # the API's fuzzy filter returns it too; it is not a match
    message = vpcep_steps(ansible, SERVICE, connection(vpcep), dict(name="dup", state="absent")).failure()
    assert "2 endpoint services are named 'dup'" in message
    assert first["id"] in message and second["id"] in message
    assert vpcep.writes() == []


def test_delete_waits_until_gone(vpcep, ansible, web):
    vpcep.configure(delete_delay=0.5)
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), dict(name="web", state="absent")).step()
    assert result["changed"] and result["endpoint_service"] == {}
    assert web["id"] not in vpcep.services


VALIDATION = [
    (dict(name="way-too-long-name-x"), "name must be 1 to 16 letters"),
    (dict(ports=[dict(client_port=0, server_port=80)]), "ports[0].client_port must be between 1 and 65535, got 0"),
    (dict(ports=[dict(client_port=p, server_port=p) for p in range(1, 202)]), "at most 200 port mappings, got 201"),
    (dict(ports=[dict(client_port=80, server_port=1), dict(client_port=80, server_port=2)]),
     "client_port 80/TCP used by more than one mapping"),
    (dict(description="a <b>"), "description must not contain < or >"),
    (dict(server_type="BMS"), "server_type BMS is not available on huaweicloud"),
    (dict(tcp_proxy="proxy_vni"), "tcp_proxy proxy_vni is not available on huaweicloud"),
    (dict(tags={"k" * 129: "v"}), "is longer than 128 characters on huaweicloud"),
    (dict(tags={"a/b": "v"}), "may only hold letters, digits, spaces and _ . : = + - @"),
    (dict(tags={"k%d" % i: "v" for i in range(21)}), "at most 20 tags on huaweicloud, got 21"),
    (dict(cloud="otc", tags={"k": "v.1"}), "may only hold letters, digits, -, _ and @ on otc"),
    (dict(cloud="otc", tags={"k" * 37: "v"}), "is longer than 36 characters on otc"),
    (dict(cloud="otc", description="d" * 129), "description: at most 128 characters on otc, got 129"),
    (dict(cloud="otc", permissions=["organizations:orgPath::o-1/r-1"]), "only available on huaweicloud"),
    (dict(permissions=["urn:x"]), "'urn:x' is neither a domain ID"),
    (dict(wait_timeout=-5), "wait_timeout must not be negative"),
    (dict(secret_key=None), "AK/SK authentication needs secret_key as well"),
    (dict(name=None), "one of id, name is required"),
]


def test_every_validation_error_before_any_request(vpcep, ansible):
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), create_args(vpcep),
                         cases=[case for case, _e in VALIDATION])
    outcomes = result.steps
    for (case, expected), outcome in zip(VALIDATION, outcomes):
        assert outcome.get("failed"), case
        assert expected in outcome["msg"], (case, outcome["msg"])
    assert vpcep.requests == []
