# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Validation, identity matching and API mapping of ClickPipes reverse private endpoints."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils import clickpipes
from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.options import option_errors
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import WaitFailed

SERVICE_NAME = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
RCFG = "rcfg-0123456789abcdef0"
SHARE = "arn:aws:ram:us-east-1:123456789012:resource-share/4a7f3c1e-9b2d-4e8f-a6c5-1d3e5f7a9b0c"
MSK = "arn:aws:kafka:us-east-1:123456789012:cluster/events/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2"
PSC = "projects/my-project/regions/us-central1/serviceAttachments/kafka"
RPE_ID = "6f1c2e4a-3b5d-4c7e-9f80-1a2b3c4d5e6f"

VALID = {
    "VPC_ENDPOINT_SERVICE": dict(vpc_endpoint_service_name=SERVICE_NAME),
    "VPC_RESOURCE": dict(vpc_resource_configuration_id=RCFG, vpc_resource_share_arn=SHARE),
    "MSK_MULTI_VPC": dict(msk_cluster_arn=MSK, msk_authentication="SASL_SCRAM"),
    "GCP_PSC_SERVICE_ATTACHMENT": dict(gcp_service_attachment=PSC),
}


def params(kind=None, state="present", **given):
    """Module params as AnsibleModule would pass them: every option present, unset ones None."""
    base = {field: None for field in clickpipes.TARGET_FIELDS}
    base.update(type=kind, id=None, description=None, custom_private_dns_names=None, state=state,
                wait_timeout=600)
    if kind:
        base.update(VALID[kind])
    base.update(given)
    return base


def problems(kind=None, **given):
    """endpoint_problems() of options that carry the description a create needs, unless overridden."""
    given.setdefault("description", "kafka")
    return clickpipes.endpoint_problems(params(kind, **given))


def endpoint(endpoint_id, kind="VPC_ENDPOINT_SERVICE", status="Ready", description="", **fields):
    state = {field: None for field in clickpipes.TARGET_FIELDS}
    state.update(VALID[kind])
    state.update(id=endpoint_id, type=kind, status=status, description=description,
                 custom_private_dns_names=[])
    state.update(fields)
    return state


# Validation -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", clickpipes.TYPES)
def test_every_type_with_its_fields_is_valid(kind):
    assert problems(kind) == []


@pytest.mark.parametrize("kind", clickpipes.TYPES)
def test_every_required_field_of_a_type_is_named_when_missing(kind):
    for field in clickpipes.TYPE_FIELDS[kind]:
        found = problems(kind, **{field: None})
        assert found == ["type %s requires %s" % (kind, field)]


@pytest.mark.parametrize("kind", clickpipes.TYPES)
def test_fields_of_another_type_are_refused(kind):
    other = next(k for k in clickpipes.TYPES if k != kind)
    found = problems(kind, **VALID[other])
    assert sorted(found) == sorted("%s is not used with type %s" % (f, kind) for f in VALID[other])


@pytest.mark.parametrize("field, value", [
    ("vpc_endpoint_service_name", "vpce-svc-0123456789abcdef0"),
    ("vpc_endpoint_service_name", "com.amazonaws.us-east-1.s3"),
    ("vpc_resource_configuration_id", "rcfg_0123456789abcdef0"),
    ("vpc_resource_share_arn", "arn:aws:ram:us-east-1:1234:resource-share/x"),
    ("msk_cluster_arn", "arn:aws:kafka:us-east-1:123456789012:topic/events"),
    ("gcp_service_attachment", "projects/my-project/regions/us-central1/forwardingRules/kafka"),
    ("gcp_service_attachment", "https://www.googleapis.com/compute/v1/" + PSC),
])
def test_badly_formed_targets_are_refused_with_the_expected_shape(field, value):
    kind = next(k for k, fields in clickpipes.TYPE_FIELDS.items() if field in fields)
    found = problems(kind, **{field: value})
    assert len(found) == 1
    assert found[0].startswith("%s %r is not valid: expected " % (field, value))


def test_arns_of_other_partitions_are_accepted():
    gov = "arn:aws-us-gov:kafka:us-gov-west-1:123456789012:cluster/events/abc-1"
    assert problems("MSK_MULTI_VPC", msk_cluster_arn=gov) == []


def test_description_longer_than_255_is_refused():
    assert problems("VPC_ENDPOINT_SERVICE", description="x" * 255) == []
    found = problems("VPC_ENDPOINT_SERVICE", description="x" * 256)
    assert found == ["description is 256 characters long; at most 255 are allowed"]


def test_custom_dns_is_refused_for_msk_but_an_empty_list_is_fine():
    found = problems("MSK_MULTI_VPC", custom_private_dns_names=["a.example.com"])
    assert found == ["custom_private_dns_names is not supported for type MSK_MULTI_VPC"]
    assert problems("MSK_MULTI_VPC", custom_private_dns_names=[]) == []


def test_custom_dns_names_must_be_names_and_unique():
    names = ["db.example.com", "*.example.com", "*.*.example.com", "bad name.example.com", "DB.example.com"]
    found = problems("GCP_PSC_SERVICE_ATTACHMENT", custom_private_dns_names=names)
    assert found == [
        "custom_private_dns_names entry '*.*.example.com' is not a DNS name (exact, or *.domain)",
        "custom_private_dns_names entry 'bad name.example.com' is not a DNS name (exact, or *.domain)",
        "custom_private_dns_names lists 'DB.example.com' more than once",
    ]


def test_custom_dns_names_are_not_checked_when_deleting():
    given = params("MSK_MULTI_VPC", state="absent", custom_private_dns_names=["x.example.com"])
    assert clickpipes.endpoint_problems(given) == []


def test_deleting_needs_only_the_identifying_target():
    given = params("VPC_RESOURCE", state="absent", vpc_resource_share_arn=None)
    assert clickpipes.endpoint_problems(given) == []
    given = params("VPC_RESOURCE", state="absent", vpc_resource_configuration_id=None)
    assert clickpipes.endpoint_problems(given) == ["type VPC_RESOURCE requires vpc_resource_configuration_id"]


def test_an_id_alone_is_enough_but_nothing_at_all_is_not():
    assert problems(id=RPE_ID, state="absent") == []
    assert problems(id=RPE_ID, custom_private_dns_names=["a.example.com"]) == []
    assert problems() == [
        "type (with its target options) or id is required to find the endpoint"]


def test_a_description_is_needed_to_create_and_an_id_must_be_a_uuid():
    assert problems("VPC_ENDPOINT_SERVICE", description=" ") == [
        "description is required to create an endpoint (the API requires one)"]
    assert problems(id=RPE_ID, description=None) == []
    assert problems(id="vpce-1", state="absent") == [
        "id 'vpce-1' is not valid: expected a UUID"]


def test_a_target_without_its_type_is_refused():
    given = params(id=RPE_ID, vpc_endpoint_service_name=SERVICE_NAME)
    assert clickpipes.endpoint_problems(given) == ["vpc_endpoint_service_name needs type"]


def test_wait_timeout_must_be_positive():
    # The one rule of every module family (options.wait_errors), after the endpoint's own problems.
    found = option_errors(params("VPC_ENDPOINT_SERVICE", wait_timeout=0, description="kafka"),
                          clickpipes.endpoint_problems)
    assert found == ["wait_timeout must be at least 1 second, got 0"]


# Identity ---------------------------------------------------------------------------------


def test_the_endpoint_is_found_by_type_and_target():
    other_service = "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210"
    states = [endpoint("a", vpc_endpoint_service_name=other_service), endpoint("b"),
              endpoint("c", "GCP_PSC_SERVICE_ATTACHMENT")]
    assert clickpipes.find_endpoint(states, params("VPC_ENDPOINT_SERVICE"))["id"] == "b"
    assert clickpipes.find_endpoint(states[:1], params("VPC_ENDPOINT_SERVICE")) is None


def test_a_single_match_is_found_even_when_its_description_differs():
    # The difference is then reported as a field that cannot change, not a reason to create another.
    found = clickpipes.find_endpoint([endpoint("a", description="old")],
                                     params("VPC_ENDPOINT_SERVICE", description="new"))
    assert found["id"] == "a"


def test_the_description_decides_between_endpoints_with_one_target():
    states = [endpoint("a", description="kafka-a"), endpoint("b", description="kafka-b")]
    assert clickpipes.find_endpoint(states, params("VPC_ENDPOINT_SERVICE", description="kafka-b"))["id"] == "b"
    assert clickpipes.find_endpoint(states, params("VPC_ENDPOINT_SERVICE", description="kafka-c")) is None


def test_msk_authentication_also_narrows_several_endpoints_to_one_cluster():
    states = [endpoint("a", "MSK_MULTI_VPC", msk_authentication="SASL_IAM"),
              endpoint("b", "MSK_MULTI_VPC", msk_authentication="SASL_SCRAM")]
    assert clickpipes.find_endpoint(states, params("MSK_MULTI_VPC"))["id"] == "b"


def test_an_ambiguous_match_is_an_error_listing_the_candidates():
    states = [endpoint("a", description="same"), endpoint("b", description="same", status="Failed")]
    with pytest.raises(LookupError) as error:
        clickpipes.find_endpoint(states, params("VPC_ENDPOINT_SERVICE"))
    message = str(error.value)
    assert message.startswith("2 reverse private endpoints match type VPC_ENDPOINT_SERVICE and vpc_endpoint_service_name")
    assert "a (VPC_ENDPOINT_SERVICE, 'same', status Ready)" in message
    assert "b (VPC_ENDPOINT_SERVICE, 'same', status Failed)" in message
    assert "give id" in message


def test_info_filters_need_every_given_field_to_match():
    state = endpoint("a", "MSK_MULTI_VPC", description="events")
    assert clickpipes.matches_filters(state, {"msk_cluster_arn": MSK})
    assert clickpipes.matches_filters(state, {"type": "MSK_MULTI_VPC", "description": "events"})
    assert not clickpipes.matches_filters(state, {"msk_cluster_arn": MSK, "description": "other"})
    assert not clickpipes.matches_filters(state, {"vpc_endpoint_service_name": SERVICE_NAME})


# API <-> state ----------------------------------------------------------------------------


def test_api_endpoints_become_snake_case_with_dns_names_flattened():
    state = clickpipes.to_state({
        "id": "a", "serviceId": "s", "type": "VPC_RESOURCE", "vpcResourceConfigurationId": RCFG,
        "vpcResourceShareArn": SHARE, "endpointId": "vpce-1", "dnsNames": ["x"], "privateDnsNames": ["y"],
        "customPrivateDnsMappings": [{"privateDnsName": "db.example.com"}], "status": "Ready"})
    assert state == {
        "id": "a", "service_id": "s", "type": "VPC_RESOURCE", "vpc_resource_configuration_id": RCFG,
        "vpc_resource_share_arn": SHARE, "endpoint_id": "vpce-1", "dns_names": ["x"], "private_dns_names": ["y"],
        "custom_private_dns_names": ["db.example.com"], "status": "Ready"}
    assert clickpipes.to_state({"id": "b", "customPrivateDnsMappings": None})["custom_private_dns_names"] == []


def test_the_create_body_holds_only_what_is_set():
    desired = clickpipes.desired_state(params("MSK_MULTI_VPC", description="events"))
    assert clickpipes.create_body(desired) == {
        "type": "MSK_MULTI_VPC", "description": "events", "mskClusterArn": MSK, "mskAuthentication": "SASL_SCRAM"}
    desired = clickpipes.desired_state(params("GCP_PSC_SERVICE_ATTACHMENT", custom_private_dns_names=["a.example.com"]))
    assert clickpipes.create_body(desired) == {
        "type": "GCP_PSC_SERVICE_ATTACHMENT", "gcpServiceAttachment": PSC,
        "customPrivateDnsMappings": [{"privateDnsName": "a.example.com"}]}


def test_the_desired_state_keeps_what_is_not_given_and_drops_other_types_targets():
    current = endpoint("a", description="kept", custom_private_dns_names=["z.example.com"])
    same = clickpipes.desired_state(params(id="a"), current)
    assert clickpipes.comparable(same) == clickpipes.comparable(current)
    moved = clickpipes.desired_state(params("GCP_PSC_SERVICE_ATTACHMENT", custom_private_dns_names=[]), current)
    assert moved["vpc_endpoint_service_name"] is None
    assert clickpipes.immutable_differences(current, moved) == [
        "type", "vpc_endpoint_service_name", "gcp_service_attachment"]
    assert moved["custom_private_dns_names"] == []


def test_dns_order_and_empty_descriptions_are_no_difference():
    current = endpoint("a", description=None, custom_private_dns_names=["b.example.com", "a.example.com"])
    desired = clickpipes.desired_state(params("VPC_ENDPOINT_SERVICE", description="",
                                              custom_private_dns_names=["a.example.com", "b.example.com"]), current)
    assert clickpipes.comparable(current) == clickpipes.comparable(desired)


# Waiting --------------------------------------------------------------------------------


class FakeClient:
    """Answers GETs of one endpoint from a list of statuses and records the calls."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.calls = []

    def service_path(self, service_id, *parts):
        return "/".join(("", service_id) + parts)

    def request_awake(self, service_id, method, path, **kwargs):
        self.calls.append((method, path))
        status = self.statuses.pop(0)
        if status == 404:
            raise ApiError(method, path, status=404, message="not found")
        return {"id": "a", "status": status}


class FakeModule:
    """What ReversePrivateEndpoint reads of its module: the options and check mode."""

    check_mode = False

    def __init__(self, **given):
        self.params = dict(params("VPC_ENDPOINT_SERVICE", wait=True, allow_pending_acceptance=False,
                                  accept_connection=False, aws={}, replace=False), **given)


def waiter(client, **given):
    """The module's resource on a fake client, waiting without sleeping."""
    resource = clickpipes.ReversePrivateEndpoint(FakeModule(**given), clickpipes.ReversePrivateEndpoints(client, "s"))
    resource.sleep = lambda seconds: None
    return resource


@pytest.mark.parametrize("status", clickpipes.TERMINAL)
def test_a_terminal_status_fails_at_once_without_another_call(status):
    client = FakeClient([])
    with pytest.raises(WaitFailed, match="a is %s" % status):
        waiter(client).wait_ready({"id": "a", "status": status})
    assert client.calls == []


def test_ready_and_allowed_pending_acceptance_need_no_call():
    assert waiter(FakeClient([])).wait_ready({"id": "a", "status": "Ready"})["status"] == "Ready"
    pending = {"id": "a", "status": "PendingAcceptance"}
    assert waiter(FakeClient([]), allow_pending_acceptance=True).wait_ready(pending) is pending


def test_a_failure_seen_while_polling_names_the_status_and_id():
    client = FakeClient(["Failed"])
    with pytest.raises(WaitFailed, match="^a is Failed$"):
        waiter(client).wait_ready({"id": "a", "status": "Provisioning"})
    assert client.calls == [("GET", "/s/clickpipesReversePrivateEndpoints/a")]


def test_an_endpoint_deleted_elsewhere_while_waiting_fails():
    with pytest.raises(WaitFailed, match="disappeared"):
        waiter(FakeClient([404])).wait_ready({"id": "a", "status": "Provisioning"})


def test_with_accept_connection_pending_acceptance_is_accepted_once_and_the_wait_goes_on(monkeypatch):
    accepted = []
    monkeypatch.setattr(clickpipes, "accept_connection", lambda module, aws, name, endpoint_id: accepted.append(
        (name, endpoint_id)))
    client = FakeClient(["PendingAcceptance", "Ready"])
    resource = waiter(client, accept_connection=True)
    pending = {"id": "a", "status": "PendingAcceptance", "endpoint_id": "vpce-0123456789abcdef0",
               "vpc_endpoint_service_name": SERVICE_NAME}
    assert resource.wait_ready(pending)["status"] == "Ready"
    # Accepted at the state the create answered, then two polls: still PendingAcceptance, Ready.
    assert accepted == [(SERVICE_NAME, "vpce-0123456789abcdef0")] and len(client.calls) == 2


def test_deleting_an_endpoint_that_is_gone_is_no_error():
    client = FakeClient([404])
    clickpipes.ReversePrivateEndpoints(client, "s").delete("a")
    assert client.calls == [("DELETE", "/s/clickpipesReversePrivateEndpoints/a")]
