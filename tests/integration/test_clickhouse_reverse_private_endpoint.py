# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""clickhouse_reverse_private_endpoint and its info module against the ClickHouse emulator.

A playbook run applies a list of steps (one module call each), so one run can
show a whole life cycle; assertions read the emulator's state and request log.
"""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault

AWS_SERVICE = "3ab8586b-a57f-431b-8275-7d24942d7740"   # analytics-prod, aws us-east-1, running
GCP_SERVICE = "f712dcb6-81af-4b56-83b6-4df26b9505f1"   # reporting, gcp us-central1, running
IDLE_SERVICE = "9074a372-50fe-4b82-b8e9-7ed3a20e39f2"  # dev-sandbox, aws, idle
STOPPED_SERVICE = "6bb434ef-26df-4f5f-b418-b205b279b7e2"  # archive, aws, stopped
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
MODULE = "clickhouse_reverse_private_endpoint"
INFO_MODULE = "clickhouse_reverse_private_endpoint_info"

VPCE_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
OTHER_VPCE_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210"
TARGETS = {
    "VPC_ENDPOINT_SERVICE": dict(vpc_endpoint_service_name=VPCE_SERVICE),
    "VPC_RESOURCE": dict(vpc_resource_configuration_id="rcfg-0123456789abcdef0",
                         vpc_resource_share_arn="arn:aws:ram:us-east-1:123456789012:resource-share/"
                                                "4a7f3c1e-9b2d-4e8f-a6c5-1d3e5f7a9b0c"),
    "MSK_MULTI_VPC": dict(msk_cluster_arn="arn:aws:kafka:us-east-1:123456789012:cluster/events/"
                                          "0a1b2c3d-4e5f-6789-abcd-ef0123456789-2",
                          msk_authentication="SASL_IAM"),
    "GCP_PSC_SERVICE_ATTACHMENT": dict(gcp_service_attachment="projects/my-project/regions/us-central1/"
                                                              "serviceAttachments/kafka"),
}
RPES = "/clickpipesReversePrivateEndpoints"


def endpoint_args(kind="VPC_ENDPOINT_SERVICE", service_id=AWS_SERVICE, **more):
    args = dict(service_id=service_id, type=kind, description="kafka-%s" % kind.lower())
    args.update(TARGETS[kind])
    args.update(more)
    return args


def camel(option):
    head, *rest = option.split("_")
    return head + "".join(part.capitalize() for part in rest)


@pytest.fixture
def rpe(clickhouse, ansible):
    """Run the module: ``rpe(args, *steps, keep_going=False, check=False, diff=False)``.

    Each step is laid over ``args``; returns (run result, one result per step).
    Emulator delays are short so that waits are quick.
    """
    clickhouse.configure(provision_delay=0.2, delete_delay=0.2, awake_delay=0.3)

    def run(args, *steps, keep_going=False, **options):
        result = ansible.steps(MODULE, list(steps) or [{}], defaults=args, keep_going=keep_going, **options)
        assert result.steps, result
        return result, result.steps
    return run


def seed_rpe(clickhouse, number, kind="VPC_ENDPOINT_SERVICE", status="Ready", description="kafka", **fields):
    """Store an existing endpoint as the API would return it; return its id."""
    rpe_id = "6f1c2e4a-3b5d-4c7e-9f80-1a2b3c4d5e%02d" % number
    rpe = dict(id=rpe_id, serviceId=AWS_SERVICE, description=description, type=kind, status=status,
               customPrivateDnsMappings=[], endpointId="vpce-%017d" % number, dnsNames=[], privateDnsNames=[])
    rpe.update((camel(k), v) for k, v in dict(TARGETS[kind], **fields).items())
    clickhouse.seed({"reversePrivateEndpoints": [rpe]})
    return rpe_id


def calls(clickhouse, method=None, path_end=None):
    """Logged API calls, optionally of one method and ending with a path suffix."""
    return [r for r in clickhouse.requests
            if (method is None or r["method"] == method) and (path_end is None or r["path"].endswith(path_end))]


def rpe_gets(clickhouse, rpe_id):
    return calls(clickhouse, "GET", "%s/%s" % (RPES, rpe_id))


# Create, wait, idempotence ---------------------------------------------------------------


def test_each_type_is_created_waited_for_and_left_alone_on_a_rerun(clickhouse, rpe):
    steps = []
    for kind in TARGETS:
        args = endpoint_args(kind, GCP_SERVICE if kind.startswith("GCP") else AWS_SERVICE)
        if kind == "VPC_RESOURCE":  # also: a service given by name is looked up with one list call
            del args["service_id"]
            args.update(service_name="analytics-prod", region="us-east-1")
        steps += [args, args]
    result, results = rpe({}, *steps)
    assert result.rc == 0, result
    assert len(clickhouse.rpes) == 4
    for kind, first, again in zip(TARGETS, results[::2], results[1::2]):
        endpoint = first["endpoint"]
        stored = clickhouse.rpes[endpoint["id"]]
        assert first["changed"] is True and again["changed"] is False
        assert again["endpoint"] == endpoint
        assert endpoint["type"] == kind and endpoint["status"] == stored["status"] == "Ready"
        assert endpoint["service_id"] == stored["serviceId"]
        assert endpoint["endpoint_id"] == stored["endpointId"]
        assert endpoint["dns_names"] == stored["dnsNames"]
        assert endpoint["private_dns_names"] == stored["privateDnsNames"]
        assert {k: endpoint[k] for k in TARGETS[kind]} == TARGETS[kind]
        assert "vpcEndpointServiceName" not in endpoint
    # Creates are the only writes: every re-run read the list and changed nothing.
    assert [c["body"] for c in clickhouse.requests if c["method"] != "GET"] == [
        dict(type=kind, description="kafka-%s" % kind.lower(), **{camel(k): v for k, v in TARGETS[kind].items()})
        for kind in TARGETS]
    assert len(calls(clickhouse, "GET", "/services")) == 2


def test_waiting_polls_at_the_key_rate_then_a_quarter_of_the_time_waited(clickhouse, rpe):
    # Ready 3 s after the create: ClickHouse waits poll once a second (the key's sustained rate)
    # until a quarter of the time waited is more; polls at 1, 2 and 3 s find it on the third.
    clickhouse.configure(provision_delay=3.0)
    result, (created,) = rpe(endpoint_args())
    assert created["endpoint"]["status"] == "Ready"
    gets = rpe_gets(clickhouse, created["endpoint"]["id"])
    assert len(gets) == 3
    times = [calls(clickhouse, "POST")[0]["time"]] + [g["time"] for g in gets]
    for earlier, later, planned in zip(times, times[1:], (1.0, 1.0, 1.0)):
        assert planned - 0.05 <= later - earlier < planned + 0.5


def test_no_wait_returns_provisioning_and_a_rerun_waits_until_its_timeout(clickhouse, rpe):
    clickhouse.configure(provision_delay=60.0)
    result, (created, waited) = rpe(endpoint_args(), {"wait": False}, {"wait_timeout": 2}, keep_going=True)
    [stored] = clickhouse.rpes.values()
    assert created["endpoint"]["status"] == "Provisioning" and created["endpoint"]["id"] == stored["id"]
    assert waited["failed"] is True and waited["changed"] is False
    assert waited["msg"] == "reverse private endpoint: gave up after 2s; last seen: %s in status Provisioning" % stored["id"]
    # The re-run listed, found it, and polled at 1 s and at the deadline, 2 s.
    assert len(rpe_gets(clickhouse, stored["id"])) == 2
    assert len(calls(clickhouse, "POST")) == 1


def test_each_terminal_status_fails_at_once_with_status_and_id(clickhouse, rpe):
    names = {status: "com.amazonaws.vpce.us-east-1.vpce-svc-%017x" % i
             for i, status in enumerate(("Failed", "Rejected", "Expired"))}
    clickhouse.configure(rpe_outcomes={name: status for status, name in names.items()})
    steps = [{"vpc_endpoint_service_name": name} for name in names.values()]
    result, results = rpe(endpoint_args(), *steps, keep_going=True)
    for (status, name), step in zip(names.items(), results):
        [stored] = [r for r in clickhouse.rpes.values() if r["vpcEndpointServiceName"] == name]
        assert step["failed"] is True
        assert step["msg"] == "reverse private endpoint: %s is %s" % (stored["id"], status)
        assert len(rpe_gets(clickhouse, stored["id"])) == 1
    assert clickhouse.admin_key[1] not in result.output


def test_pending_acceptance_ends_the_wait_only_when_allowed(clickhouse, rpe):
    clickhouse.configure(pending_acceptance=True)
    result, (waited, allowed) = rpe(endpoint_args(wait_timeout=1), {}, {"allow_pending_acceptance": True},
                                    keep_going=True)
    [stored] = clickhouse.rpes.values()
    assert waited["failed"] is True
    assert waited["msg"].endswith("last seen: %s in status PendingAcceptance (accept the connection on the "
                                  "endpoint service, or set allow_pending_acceptance)" % stored["id"])
    assert allowed["changed"] is False and allowed["endpoint"]["status"] == "PendingAcceptance"
    assert len(calls(clickhouse, "POST")) == 1


def test_a_lost_create_response_is_looked_up_not_repeated(clickhouse, rpe):
    clickhouse.faults.append(Fault(path=RPES + "$", method="POST", drop=True, after=True))
    result, (created,) = rpe(endpoint_args())
    [stored] = clickhouse.rpes.values()
    assert created["endpoint"]["id"] == stored["id"] and stored["status"] == "Ready"
    assert len(calls(clickhouse, "POST")) == 1


# Check mode and diff ------------------------------------------------------------------------


def test_check_mode_predicts_a_create_without_writing(clickhouse, rpe):
    result, (planned,) = rpe(endpoint_args(custom_private_dns_names=["db.example.com"]), check=True, diff=True)
    assert planned["changed"] is True
    assert planned["diff"] == {"before": {}, "after": {
        "type": "VPC_ENDPOINT_SERVICE", "vpc_endpoint_service_name": VPCE_SERVICE,
        "description": "kafka-vpc_endpoint_service", "custom_private_dns_names": ["db.example.com"]}}
    assert planned["endpoint"]["vpc_endpoint_service_name"] == VPCE_SERVICE
    assert clickhouse.rpes == {} and clickhouse.counts()["writes"] == 0


def test_check_mode_predicts_changes_and_deletes_without_writing(clickhouse, rpe):
    rpe_id = seed_rpe(clickhouse, 1, custom_private_dns_mappings=[{"privateDnsName": "db.example.com"}])
    result, (change, replace, delete) = rpe(
        endpoint_args(description="kafka"), {"custom_private_dns_names": []},
        {"description": "kafka-v2", "replace": True}, {"state": "absent"}, check=True, diff=True)
    assert [s["changed"] for s in (change, replace, delete)] == [True, True, True]
    assert change["diff"]["before"]["custom_private_dns_names"] == ["db.example.com"]
    assert change["diff"]["after"]["custom_private_dns_names"] == []
    assert replace["diff"]["after"]["description"] == "kafka-v2" and "id" not in replace["endpoint"]
    assert delete["diff"]["after"] == {} and delete["endpoint"] == {}
    assert clickhouse.counts()["writes"] == 0
    assert clickhouse.rpes[rpe_id]["customPrivateDnsMappings"] == [{"privateDnsName": "db.example.com"}]


# Custom private DNS -----------------------------------------------------------------------------


def test_custom_dns_is_set_changed_kept_and_cleared_with_one_patch_each(clickhouse, rpe):
    result, steps = rpe(endpoint_args(),
                        {"custom_private_dns_names": ["a.example.com"]},
                        {"custom_private_dns_names": ["b.example.com", "*.c.example.com"]},
                        {"custom_private_dns_names": ["*.c.example.com", "B.example.com"]},
                        {},
                        {"custom_private_dns_names": []},
                        {"custom_private_dns_names": ["db.clickhouse.cloud"]},
                        keep_going=True)
    assert [s["changed"] for s in steps] == [True, True, False, False, True, False]
    assert steps[1]["endpoint"]["custom_private_dns_names"] == ["b.example.com", "*.c.example.com"]
    assert calls(clickhouse, "POST")[0]["body"]["customPrivateDnsMappings"] == [{"privateDnsName": "a.example.com"}]
    mappings = [c["body"]["customPrivateDnsMappings"] for c in calls(clickhouse, "PATCH")]
    assert mappings == [[{"privateDnsName": "b.example.com"}, {"privateDnsName": "*.c.example.com"}], [],
                        [{"privateDnsName": "db.clickhouse.cloud"}]]
    # The API's own rules (a reserved domain here) come back as the error.
    assert steps[-1]["failed"] is True and "HTTP 400" in steps[-1]["msg"] and "reserved domain" in steps[-1]["msg"]
    [stored] = clickhouse.rpes.values()
    assert stored["customPrivateDnsMappings"] == []


# Immutable fields and replacement -------------------------------------------------------------------


def test_a_new_description_needs_replace_which_deletes_waits_and_recreates(clickhouse, rpe):
    result, (created, refused, replaced, again) = rpe(
        endpoint_args(), {}, {"description": "kafka-v2"},
        {"description": "kafka-v2", "replace": True}, {"description": "kafka-v2", "replace": True},
        keep_going=True)
    old_id = created["endpoint"]["id"]
    assert refused["failed"] is True
    assert "description ('kafka-vpc_endpoint_service', wanted 'kafka-v2')" in refused["msg"]
    assert replaced["changed"] is True and again["changed"] is False
    new_id = replaced["endpoint"]["id"]
    assert new_id != old_id and again["endpoint"]["id"] == new_id
    assert list(clickhouse.rpes) == [new_id] and clickhouse.rpes[new_id]["description"] == "kafka-v2"
    # Deleted, polled until the GET answered 404, and only then created again.
    [deleted] = calls(clickhouse, "DELETE")
    assert deleted["path"].endswith(old_id)
    log = clickhouse.requests
    gone = next(i for i, c in enumerate(log) if c["path"].endswith(old_id) and c.get("status") == 404)
    assert log.index(deleted) < gone and log[gone + 1]["method"] == "POST"
    assert len(calls(clickhouse, "POST")) == 2


def test_differences_name_the_fields_and_a_new_target_by_id_is_a_replacement(clickhouse, rpe):
    msk_id = seed_rpe(clickhouse, 1, "MSK_MULTI_VPC")
    vpce_id = seed_rpe(clickhouse, 2)
    by_id = endpoint_args(id=vpce_id, vpc_endpoint_service_name=OTHER_VPCE_SERVICE)
    result, (msk, refused, replaced) = rpe(
        {}, endpoint_args("MSK_MULTI_VPC", description="new", msk_authentication="SASL_SCRAM"),
        by_id, dict(by_id, replace=True), keep_going=True)
    assert msk["msg"].startswith("reverse private endpoint %s differs in fields that cannot change in place: " % msk_id)
    assert "msk_authentication ('SASL_IAM', wanted 'SASL_SCRAM')" in msk["msg"] and "set replace=true" in msk["msg"]
    assert msk["differing_fields"] == ["msk_authentication", "description"]
    assert refused["differing_fields"] == ["vpc_endpoint_service_name", "description"]
    assert [c["method"] for c in clickhouse.requests if c["method"] != "GET"] == ["DELETE", "POST"]
    new_id = replaced["endpoint"]["id"]
    assert sorted(clickhouse.rpes) == sorted([msk_id, new_id]) and new_id != vpce_id
    assert clickhouse.rpes[new_id]["vpcEndpointServiceName"] == OTHER_VPCE_SERVICE


def test_replace_recreates_a_failed_endpoint(clickhouse, rpe):
    failed_id = seed_rpe(clickhouse, 1, status="Failed", description="kafka-vpc_endpoint_service")
    result, (kept, replaced) = rpe(endpoint_args(), {}, {"replace": True}, keep_going=True)
    assert kept["failed"] is True and kept["msg"] == "reverse private endpoint: %s is Failed" % failed_id
    assert replaced["changed"] is True and replaced["endpoint"]["status"] == "Ready"
    assert list(clickhouse.rpes) == [replaced["endpoint"]["id"]]


def test_check_mode_shows_the_replacement_of_a_failed_endpoint(clickhouse, rpe):
    failed_id = seed_rpe(clickhouse, 1, status="Failed", description="kafka-vpc_endpoint_service")
    result, (planned,) = rpe(endpoint_args(replace=True), check=True, diff=True)
    assert planned["changed"] is True
    assert planned["diff"]["before"]["id"] == failed_id and planned["diff"]["before"]["status"] == "Failed"
    assert "id" not in planned["diff"]["after"] and "status" not in planned["diff"]["after"]
    assert "id" not in planned["endpoint"], "check mode returned the failed endpoint as the result"
    assert clickhouse.counts()["writes"] == 0 and list(clickhouse.rpes) == [failed_id]


# Delete ----------------------------------------------------------------------------------------------


def test_delete_waits_until_gone_and_a_second_delete_changes_nothing(clickhouse, rpe):
    result, (created, deleted, again) = rpe(endpoint_args(), {}, {"state": "absent"}, {"state": "absent"})
    rpe_id = created["endpoint"]["id"]
    assert [s["changed"] for s in (created, deleted, again)] == [True, True, False]
    assert deleted["endpoint"] == {} and clickhouse.rpes == {}
    assert len(calls(clickhouse, "DELETE")) == 1
    polls = rpe_gets(clickhouse, rpe_id)
    assert polls[-1]["status"] == 404 and all(p["status"] == 200 for p in polls[:-1])


def test_delete_without_waiting_leaves_it_deleting_and_is_not_repeated(clickhouse, rpe):
    clickhouse.configure(delete_delay=30.0)
    rpe_id = seed_rpe(clickhouse, 1, description="kafka-vpc_endpoint_service")
    result, (deleted, being_deleted, unknown) = rpe(
        endpoint_args(state="absent", wait=False), {}, {}, {"id": UNKNOWN_ID, "type": "VPC_ENDPOINT_SERVICE"})
    assert [s["changed"] for s in (deleted, being_deleted, unknown)] == [True, False, False]
    assert clickhouse.rpes[rpe_id]["status"] == "Deleting"
    assert len(calls(clickhouse, "DELETE")) == 1


# Idle and stopped services ---------------------------------------------------------------------------------


def test_an_idle_service_is_woken_once_and_a_stopped_one_is_an_error(clickhouse, rpe):
    result, (created, refused) = rpe(endpoint_args(service_id=IDLE_SERVICE), {},
                                     {"service_id": STOPPED_SERVICE}, keep_going=True)
    assert created["endpoint"]["status"] == "Ready"
    assert clickhouse.service(IDLE_SERVICE)["state"] == "running"
    log = [(c["method"], c["path"].split(IDLE_SERVICE)[1], c["status"])
           for c in clickhouse.requests if IDLE_SERVICE in c["path"]]
    assert log[:2] == [("GET", RPES, 424), ("PATCH", "/state", 200)]
    polls = [i for i, entry in enumerate(log) if entry == ("GET", "", 200)]
    assert polls == list(range(2, polls[-1] + 1))  # the service, polled until running
    assert log[polls[-1] + 1:polls[-1] + 3] == [("GET", RPES, 200), ("POST", RPES, 200)]
    assert [c[0] for c in log].count("PATCH") == 1

    assert refused["failed"] is True
    assert "HTTP 424" in refused["msg"] and "Current state: stopped" in refused["msg"]
    assert [c["method"] for c in clickhouse.requests if STOPPED_SERVICE in c["path"]] == ["GET"]
    assert clickhouse.service(STOPPED_SERVICE)["state"] == "stopped"


def test_waking_an_idle_service_is_bounded_by_wait_timeout(clickhouse, rpe):
    clickhouse.configure(awake_delay=30.0)
    result, (refused,) = rpe(endpoint_args(service_id=IDLE_SERVICE, wait_timeout=1), keep_going=True)
    assert refused["failed"] is True
    assert "gave up after 1s" in refused["msg"] and "awaking" in refused["msg"]
    assert calls(clickhouse, "POST") == []


def test_a_service_already_waking_up_is_waited_for(clickhouse, rpe):
    # The API's answer while someone else's wake-up is under way (the state only names it).
    awaking = {"status": 424, "error": "FAILED_DEPENDENCY: Service %s is not running. Current state: awaking"
               % AWS_SERVICE, "requestId": "0b6c1b9e-7f3e-4c55-9d0c-2f1e7a6b5c4d"}
    clickhouse.faults.append(Fault(path=RPES + "$", method="GET", status=424, body=awaking))
    result, (created,) = rpe(endpoint_args())
    assert created["endpoint"]["status"] == "Ready", created
    log = [(c["method"], c["path"].split(AWS_SERVICE)[1], c.get("fault", False)) for c in clickhouse.requests]
    # Only waited for: no awake command (the 424 did not say idle).
    assert log[:3] == [("GET", RPES, True), ("GET", "", False), ("GET", RPES, False)]
    assert calls(clickhouse, "PATCH") == []
    assert len(calls(clickhouse, "POST")) == 1


@pytest.mark.parametrize("state", ["stopping", "terminating", "terminated", "softdeleting", "softdeleted",
                                   "failed", "degraded"])
def test_a_service_that_will_not_run_fails_at_once_naming_its_state(clickhouse, rpe, state):
    clickhouse.service(STOPPED_SERVICE)["state"] = state
    result, (refused,) = rpe(endpoint_args(service_id=STOPPED_SERVICE), keep_going=True)
    assert refused["failed"] is True
    assert "service %s is %s and will not run by itself" % (STOPPED_SERVICE, state) in refused["msg"]
    assert "gave up" not in refused["msg"]
    # One refused read; no awake command, no polling until wait_timeout.
    assert [(c["method"], c["status"]) for c in clickhouse.requests] == [("GET", 424)]


def test_a_wake_up_that_fails_ends_the_wait_at_once(clickhouse, rpe):
    clickhouse.configure(awake_delay=0.5, awake_outcome="failed")
    result, (refused,) = rpe(endpoint_args(service_id=IDLE_SERVICE, wait_timeout=120), keep_going=True)
    assert refused["failed"] is True
    assert "service %s is failed and will not run by itself" % IDLE_SERVICE in refused["msg"], refused["msg"]
    assert "gave up" not in refused["msg"]
    assert len(calls(clickhouse, "PATCH", "/state")) == 1 and calls(clickhouse, "POST") == []
    # Polls stopped at the first "failed": a handful, not two minutes' worth.
    assert len(calls(clickhouse, "GET", IDLE_SERVICE)) <= 4


def test_check_mode_does_not_wake_an_idle_service_and_says_what_a_run_would_do(clickhouse, rpe):
    result, (planned,) = rpe(endpoint_args(service_id=IDLE_SERVICE), check=True, diff=True)
    assert result.rc == 0, result
    assert planned["changed"] is True and planned["endpoint"] == {}
    assert planned["diff"] == {"before": {"service_state": "idle"}, "after": {"service_state": "running"}}
    assert any("is idle" in w and "wakes it" in w for w in planned["warnings"]), result
    assert clickhouse.service(IDLE_SERVICE)["state"] == "idle"
    assert clickhouse.counts()["writes"] == 0
    assert [(c["method"], c["status"]) for c in clickhouse.requests] == [("GET", 424)]


def test_check_mode_info_skips_an_idle_service_without_waking_it(clickhouse, ansible):
    result = ansible.steps(INFO_MODULE, [dict(service_id=IDLE_SERVICE)], check=True)
    assert result.rc == 0, result
    info = result.steps[0]
    assert info["skipped"] is True and info["endpoints"] == []
    assert "is idle" in info["msg"] and "check mode does not wake it" in info["msg"]
    assert clickhouse.service(IDLE_SERVICE)["state"] == "idle" and clickhouse.counts()["writes"] == 0


# Identity ------------------------------------------------------------------------------------------------


def test_ambiguity_is_an_error_listing_the_candidates_and_the_description_decides(clickhouse, rpe):
    first, second, third = (seed_rpe(clickhouse, 1), seed_rpe(clickhouse, 2),
                            seed_rpe(clickhouse, 3, description="other"))
    result, (ambiguous, chosen, missing) = rpe(
        endpoint_args(description="kafka"), {}, {"description": "other"},
        {"id": UNKNOWN_ID, "custom_private_dns_names": ["a.example.com"]}, keep_going=True)
    assert ambiguous["failed"] is True
    assert ambiguous["msg"].startswith("2 reverse private endpoints match type VPC_ENDPOINT_SERVICE")
    assert first in ambiguous["msg"] and second in ambiguous["msg"] and third not in ambiguous["msg"]
    assert chosen["changed"] is False and chosen["endpoint"]["id"] == third
    assert missing["msg"] == "no reverse private endpoint with id %s in service %s" % (UNKNOWN_ID, AWS_SERVICE)
    assert clickhouse.counts()["writes"] == 0


# Validation --------------------------------------------------------------------------------------------

MSK_ARN = TARGETS["MSK_MULTI_VPC"]["msk_cluster_arn"]
SHARE_ARN = TARGETS["VPC_RESOURCE"]["vpc_resource_share_arn"]
INVALID = [
    (dict(type="VPC_ENDPOINT_SERVICE", vpc_endpoint_service_name="vpce-svc-0123456789abcdef0"),
     "vpc_endpoint_service_name 'vpce-svc-0123456789abcdef0' is not valid"),
    (dict(type="VPC_ENDPOINT_SERVICE", vpc_endpoint_service_name=VPCE_SERVICE, msk_cluster_arn=MSK_ARN),
     "msk_cluster_arn is not used with type VPC_ENDPOINT_SERVICE"),
    (dict(type="VPC_RESOURCE", vpc_resource_configuration_id="rcfg-0123456789abcdef0"),
     "type VPC_RESOURCE requires vpc_resource_share_arn"),
    (dict(type="VPC_RESOURCE", vpc_resource_configuration_id="rcfg-xyz", vpc_resource_share_arn=SHARE_ARN),
     "vpc_resource_configuration_id 'rcfg-xyz' is not valid"),
    (dict(type="MSK_MULTI_VPC", msk_cluster_arn=MSK_ARN), "type MSK_MULTI_VPC requires msk_authentication"),
    (dict(TARGETS["MSK_MULTI_VPC"], type="MSK_MULTI_VPC", custom_private_dns_names=["a.example.com"]),
     "custom_private_dns_names is not supported for type MSK_MULTI_VPC"),
    (dict(type="GCP_PSC_SERVICE_ATTACHMENT", gcp_service_attachment="my-project/kafka"),
     "gcp_service_attachment 'my-project/kafka' is not valid"),
    (dict(TARGETS["VPC_ENDPOINT_SERVICE"], type="VPC_ENDPOINT_SERVICE", description="x" * 256),
     "description is 256 characters long"),
    (dict(TARGETS["GCP_PSC_SERVICE_ATTACHMENT"], type="GCP_PSC_SERVICE_ATTACHMENT", description=""),
     "description is required to create an endpoint"),
    (dict(TARGETS["GCP_PSC_SERVICE_ATTACHMENT"], type="GCP_PSC_SERVICE_ATTACHMENT", custom_private_dns_names=["a b"]),
     "custom_private_dns_names entry 'a b' is not a DNS name"),
    ({}, "type (with its target options) or id is required"),
    (dict(id="vpce-0123", wait_timeout=0), "id 'vpce-0123' is not valid: expected a UUID; wait_timeout must be"),
]


def test_invalid_options_fail_before_any_request(clickhouse, rpe):
    base = dict(service_name="analytics-prod", description="kafka")
    result, steps = rpe(base, *[case for case, _message in INVALID], keep_going=True)
    for step, (case, message) in zip(steps, INVALID):
        assert step["failed"] is True, case
        assert message in step["msg"], (case, step["msg"])
    assert clickhouse.requests == []


# Info ------------------------------------------------------------------------------------------------------


def test_info_lists_gets_and_filters(clickhouse, ansible):
    first, second = seed_rpe(clickhouse, 1), seed_rpe(clickhouse, 2, description="other")
    queries = [{}, {"id": second}, {"id": UNKNOWN_ID}, {"type": "VPC_ENDPOINT_SERVICE", "description": "kafka"},
               {"vpc_endpoint_service_name": OTHER_VPCE_SERVICE}, {"type": "MSK_MULTI_VPC"},
               {"type": "VPC_RESOURCE", "vpc_endpoint_service_name": VPCE_SERVICE}, {"id": "vpce-0123"}]
    args = dict(service_name="analytics-prod", region="us-east-1")
    result = ansible.steps(INFO_MODULE, queries, defaults=args, keep_going=True)
    results = result.steps
    assert [[e["id"] for e in r.get("endpoints", [])] for r in results] == [
        [first, second], [second], [], [first], [], [], [], []]
    endpoint = results[1]["endpoints"][0]
    assert endpoint["vpc_endpoint_service_name"] == VPCE_SERVICE and endpoint["custom_private_dns_names"] == []
    assert [r.get("failed") for r in results[-2:]] == [True, True]
    assert results[-2]["msg"] == "vpc_endpoint_service_name is not used with type VPC_RESOURCE"
    assert results[-1]["msg"] == "id 'vpce-0123' is not valid: expected a UUID"
    # Six queries, each one service lookup and one endpoint call; the two malformed ones made none.
    assert clickhouse.counts() == {"GET": 12, "total": 12, "writes": 0}
