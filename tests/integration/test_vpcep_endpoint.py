# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""vpcep_endpoint and vpcep_connection against the emulator: identity without a name, updates,
waiting for approval, failures, gateway endpoints, and one decision per endpoint."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import (
    connection,
    network,
    seed_endpoints,
    seed_service,
    vpcep_steps,
    write_log,
)

ENDPOINT = "vpcep_endpoint"
CONNECTION = "vpcep_connection"


def endpoint_args(vpcep, service, cloud="huaweicloud", **extra):
    net = network(vpcep, "consumer", cloud)
    args = dict(endpoint_service_id=service["id"], vpc_id=net["vpc_id"], subnet_id=net["subnet_id"])
    args.update(extra)
    return args


def open_service(vpcep, name="web", cloud="huaweicloud", approval=False):
    """A provider service the consumer account may connect to."""
    service = seed_service(vpcep, name, cloud=cloud, approval_enabled=approval)
    vpcep.seed({"permissions": {service["id"]: ["iam:domain::" + vpcep.account("consumer", cloud)["domain_id"]]}})
    return service


def test_create_update_rerun_and_fields_that_cannot_change(vpcep, ansible):
    service = open_service(vpcep)
    consumer = connection(vpcep, "consumer")
    cases = [dict(whitelist=["10.0.0.0/8"], tags=dict(a="1", b="2")),
             dict(whitelist=["10.0.0.0/8", "172.16.0.1"], enable_whitelist=True, tags=dict(a="1", c="3")),
             dict(whitelist=["172.16.0.1", "10.0.0.0/8"], enable_whitelist=True, tags=dict(a="1", c="3")),
             dict(enable_dns=True),
             dict(subnet_id=vpcep.account("consumer")["subnets"]["second"], state="absent")]
    result = vpcep_steps(ansible, ENDPOINT, consumer, endpoint_args(vpcep, service), cases=cases)
    created, updated, again, dns, other_subnet = result.steps
    assert created["changed"] and created["endpoint"]["status"] == "accepted"
    assert updated["changed"] and updated["endpoint"]["tags"] == dict(a="1", c="3")
    assert not again["changed"]
    assert "enable_dns of VPC endpoint %s is False and cannot change to True" % created["endpoint"]["id"] \
        in dns["msg"]
    assert not other_subnet["changed"]  # another subnet is another endpoint, and there is none
    assert write_log(vpcep) == ["POST vpc-endpoints", "PUT vpc-endpoints/{id}", "POST endpoint/{id}/tags/action",
                                "POST endpoint/{id}/tags/action"]
    put = vpcep.writes()[1]["body"]
    assert put == dict(whitelist=["10.0.0.0/8", "172.16.0.1"], enable_whitelist=True)
    [stored] = vpcep.endpoints.values()
    assert stored["enable_whitelist"] is True and {t["key"] for t in stored["tags"]} == {"a", "c"}


def test_waits_for_pending_acceptance_or_times_out(vpcep, ansible):
    service = open_service(vpcep, approval=True)
    consumer = connection(vpcep, "consumer", auth="password")
    result = vpcep_steps(ansible, ENDPOINT, consumer, endpoint_args(vpcep, service),
                         cases=[dict(wait_status="pendingAcceptance"), dict(wait_timeout=1)])
    pending, waited = result.steps
    assert pending["changed"] and pending["endpoint"]["status"] == "pendingAcceptance"
    # The second run finds the same endpoint and only has nothing to wait for: no change, no error.
    assert not waited["changed"]
    assert len(vpcep.endpoints) == 1

    vpcep.endpoints.clear()
    message = vpcep_steps(ansible, ENDPOINT, consumer, endpoint_args(vpcep, service, wait_timeout=1)).failure()
    assert "gave up after 1s; last seen: status pendingAcceptance" in message


def test_rerun_finishes_the_wait_of_an_endpoint_still_creating(vpcep, ansible):
    """A run that did not wait leaves the endpoint creating; the next run with wait waits for it
    (the API refuses updates and deletes meanwhile) before it changes anything."""
    service = open_service(vpcep)
    vpcep.configure(endpoint_delay=1.0)
    create = dict(wait=False)
    cases = [create, {}, dict(state="absent"), create, dict(whitelist=["10.0.0.0/8"]), dict(state="absent"),
             create, dict(state="absent")]
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"), endpoint_args(vpcep, service), cases=cases)
    outcomes = result.steps
    assert [o.get("msg") for o in outcomes if o.get("failed")] == []
    assert [o["changed"] for o in outcomes] == [True, False, True, True, True, True, True, True]
    assert [o["endpoint"].get("status") for o in outcomes[:2]] == ["creating", "accepted"]
    assert outcomes[4]["endpoint"]["status"] == "accepted" and outcomes[4]["endpoint"]["whitelist"] == ["10.0.0.0/8"]
    assert write_log(vpcep) == ["POST vpc-endpoints", "DELETE vpc-endpoints/{id}"] + [
        "POST vpc-endpoints", "PUT vpc-endpoints/{id}", "DELETE vpc-endpoints/{id}"] + [
        "POST vpc-endpoints", "DELETE vpc-endpoints/{id}"]
    assert vpcep.endpoints == {}


def test_failed_endpoint_says_why(vpcep, ansible):
    service = open_service(vpcep, cloud="otc")
    broken = vpcep.account("consumer", "otc")["subnets"]["broken"]
    message = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer", "otc", "token"),
                          endpoint_args(vpcep, service, "otc", subnet_id=broken)).failure()
    assert "is failed: EndPoint.2022" in message


def test_gateway_endpoint_to_a_public_service_by_full_name(vpcep, ansible):
    account = vpcep.account("consumer", "otc")
    args = dict(endpoint_service_name="com.otc.eu-de.obs", vpc_id=account["vpc_id"], routetables=account["routetables"])
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer", "otc"), args, cases=[{}, {}])
    first, second = result.steps
    assert first["changed"] and not second["changed"]
    assert first["endpoint"]["routetables"] == account["routetables"]
    assert len(vpcep.calls("GET", "/vpc-endpoint-services/describe")) == 2


def test_identity_ignores_endpoints_being_deleted(vpcep, ansible):
    service = open_service(vpcep)
    [old] = seed_endpoints(vpcep, service["id"], 1)
    old["status"] = "deleting"
    vpcep.requests.clear()
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"), endpoint_args(vpcep, service)).step()
    assert result["changed"] and result["endpoint"]["id"] != old["id"]
    assert write_log(vpcep) == ["POST vpc-endpoints"]
    listed = vpcep.calls("GET", "/vpc-endpoints")[0]
    assert "vpc_id=%s" % old["vpc_id"] in listed["query"]


def test_two_matches_without_subnet_is_an_error(vpcep, ansible):
    service = open_service(vpcep)
    found = seed_endpoints(vpcep, service["id"], 2)
    args = endpoint_args(vpcep, service, subnet_id=None, state="absent")
    message = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"), args).failure()
    assert "2 VPC endpoints connect VPC" in message and all(e["id"] in message for e in found)
    assert vpcep.writes() == []


def test_lost_create_answer_does_not_make_a_second_endpoint(vpcep, ansible):
    service = open_service(vpcep)
    vpcep.configure(endpoint_delay=0.5)
    vpcep.faults.append(Fault(path=r"/vpc-endpoints$", method="POST", status=500, after=True))
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"), endpoint_args(vpcep, service)).step()
    assert result["changed"] and len(vpcep.endpoints) == 1
    # The endpoint found instead of the lost answer is waited for like a created one.
    assert result["endpoint"]["status"] == "accepted"
    assert len(vpcep.calls("POST", "/vpc-endpoints")) == 1


def test_delete_by_id_waits_until_gone(vpcep, ansible):
    service = open_service(vpcep)
    [endpoint] = seed_endpoints(vpcep, service["id"], 1)
    vpcep.configure(delete_delay=0.5)
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"),
                         dict(id=endpoint["id"], state="absent")).step()
    assert result["changed"] and result["endpoint"] == {}
    assert vpcep.endpoints == {}


def test_delete_by_id_needs_no_service_lookup(vpcep, ansible):
    """The id names the endpoint; a service name given beside it is not looked up, even one that is gone."""
    service = open_service(vpcep)
    [endpoint] = seed_endpoints(vpcep, service["id"], 1)
    vpcep.requests.clear()
    args = dict(id=endpoint["id"], endpoint_service_name="no-such-service", state="absent")
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"), args).step()
    assert result["changed"] and vpcep.endpoints == {}
    assert vpcep.calls("GET", "/vpc-endpoint-services") == []


ENDPOINT_VALIDATION = [
    (dict(port_ip="10.0.0.256"), "port_ip: '10.0.0.256' is not an IPv4 address"),
    (dict(whitelist=["fe80::/64"]), "whitelist: 'fe80::/64' is not an IPv4 address or CIDR block"),
    (dict(description="<script>"), "description must not contain < or >"),
    (dict(tags={"k ": "v"}), "must not start or end with a space"),
    (dict(vpc_id=None), "vpc_id is required unless id is given"),
    (dict(endpoint_service_name="x"), "parameters are mutually exclusive: endpoint_service_id|endpoint_service_name"),
    (dict(auth_token=None, access_key=None, secret_key=None), "no credentials"),
]


def test_every_endpoint_validation_error_before_any_request(vpcep, ansible):
    service = open_service(vpcep)
    vpcep.requests.clear()
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer", auth="token"), endpoint_args(vpcep, service),
                         cases=[case for case, _e in ENDPOINT_VALIDATION])
    for (case, expected), outcome in zip(ENDPOINT_VALIDATION, result.steps):
        assert outcome.get("failed") and expected in outcome["msg"], (case, outcome.get("msg"))
    assert vpcep.requests == []


# vpcep_connection ---------------------------------------------------------------------------


def test_one_decision_per_endpoint_and_no_change_when_decided(vpcep, ansible):
    service = open_service(vpcep, approval=True)
    first, second, third = seed_endpoints(vpcep, service["id"], 3, status="pendingAcceptance")
    provider = connection(vpcep, "provider", auth="temporary")
    cases = [dict(endpoints=[first["id"], second["id"]], marker_ids=[third["marker_id"]]),
             dict(endpoints=[first["id"], second["id"]], marker_ids=[third["marker_id"]]),
             dict(marker_ids=[third["marker_id"]], state="rejected")]
    result = vpcep_steps(ansible, CONNECTION, provider, dict(endpoint_service_name="web"), cases=cases)
    accepted, again, rejected = result.steps
    assert accepted["changed"] and {c["status"] for c in accepted["connections"]} == {"accepted"}
    assert not again["changed"]
    assert rejected["changed"] and [c["status"] for c in rejected["connections"]] == ["rejected"]
    actions = [w["body"] for w in vpcep.writes()]
    assert actions == [dict(action="receive", endpoints=[e["id"]]) for e in sorted((first, second, third),
                                                                                   key=lambda e: e["id"])] + [
        dict(action="reject", endpoints=[third["id"]])]
    assert [vpcep.endpoint(e["id"])["status"] for e in (first, second, third)] == ["accepted", "accepted", "rejected"]


def test_unknown_connection_is_an_error_and_check_mode_writes_nothing(vpcep, ansible):
    service = open_service(vpcep, approval=True)
    [pending] = seed_endpoints(vpcep, service["id"], 1, status="pendingAcceptance")
    provider = connection(vpcep)
    message = vpcep_steps(ansible, CONNECTION, provider, dict(
        endpoint_service_id=service["id"], endpoints=[pending["id"], "nope"], marker_ids=[7])).failure()
    assert "endpoint service %s has no connection from nope, 7" % service["id"] in message
    checked = vpcep_steps(ansible, CONNECTION, provider, dict(
        endpoint_service_id=service["id"], endpoints=[pending["id"]]), check=True, diff=True).step()
    assert checked["changed"] and checked["diff"]["after"] == {pending["id"]: "accepted"}
    assert vpcep.writes() == [] and pending["status"] == "pendingAcceptance"
