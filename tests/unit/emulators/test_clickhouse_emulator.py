# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ClickHouse Cloud emulator over HTTP: state, semantics, errors, controls.

Every call goes through the ``api`` fixture, which also validates requests and
responses against the official OpenAPI document when it is available.
"""

from __future__ import annotations

import json
import re

import pytest
import requests

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import SERVICE_STATES

ANALYTICS_US = "3ab8586b-a57f-431b-8275-7d24942d7740"
ANALYTICS_EU = "9ec35f5b-00c2-499f-98b0-c3b1c7cfbbb4"
REPORTING_GCP = "f712dcb6-81af-4b56-83b6-4df26b9505f1"
WAREHOUSE_AZURE = "7cb3d89e-2d91-4563-af09-812ab71c5282"
SANDBOX_IDLE = "9074a372-50fe-4b82-b8e9-7ed3a20e39f2"
ARCHIVE_STOPPED = "6bb434ef-26df-4f5f-b418-b205b279b7e2"
SEEDED_ENDPOINT = "vpce-0a1b2c3d4e5f60718"
MISSING = "00000000-0000-4000-8000-000000000000"

ENDPOINT_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
VALID_RPE = {
    "VPC_ENDPOINT_SERVICE": {"vpcEndpointServiceName": ENDPOINT_SERVICE},
    "VPC_RESOURCE": {"vpcResourceConfigurationId": "rcfg-0123456789abcdef0",
                     "vpcResourceShareArn": "arn:aws:ram:us-east-1:123456789012:resource-share/share-0123"},
    "MSK_MULTI_VPC": {"mskClusterArn": "arn:aws:kafka:us-east-1:123456789012:cluster/orders/abcd-1234",
                      "mskAuthentication": "SASL_IAM"},
    "GCP_PSC_SERVICE_ATTACHMENT": {"gcpServiceAttachment": "projects/shop/regions/us-central1/serviceAttachments/pg"},
}
SERVICE_OF_TYPE = {"VPC_ENDPOINT_SERVICE": ANALYTICS_US, "VPC_RESOURCE": ANALYTICS_US,
                   "MSK_MULTI_VPC": ANALYTICS_US, "GCP_PSC_SERVICE_ATTACHMENT": REPORTING_GCP}


def rpe_body(kind="VPC_ENDPOINT_SERVICE", **extra):
    body = dict(description="orders database", type=kind, **VALID_RPE[kind])
    body.update(extra)
    return body


def create_rpe(api, kind="VPC_ENDPOINT_SERVICE", service_id=None, **extra):
    service_id = service_id or SERVICE_OF_TYPE[kind]
    return api.result("POST", api.service(service_id, "clickpipesReversePrivateEndpoints"), rpe_body(kind, **extra))


def rpe_path(api, rpe, *parts):
    return api.service(rpe["serviceId"], "clickpipesReversePrivateEndpoints", rpe["id"], *parts)


def status_becomes(api, rpe, status):
    return api.wait_until(lambda: api.result("GET", rpe_path(api, rpe))["status"] == status)


# Auth and envelope -------------------------------------------------------------------------


def test_success_envelope(api):
    response = api.call("GET", api.org())
    payload = response.json()
    assert payload["status"] == 200 and payload["result"]["id"] == api.emulator.org_id
    assert response.headers["X-Request-Id"] == payload["requestId"]


@pytest.mark.parametrize("auth", [("EMUADMINKEY0000000001", "wrong"), ("nobody", "x")])
def test_bad_credentials_are_401(api, auth):
    assert api.error(401, "GET", api.org(), auth=auth) == "UNAUTHENTICATED: Invalid API key credentials"


def test_missing_credentials_are_401(api):
    response = requests.get(api.emulator.url + api.org(), timeout=10)
    assert response.status_code == 401 and response.json()["status"] == 401


def test_other_organization_is_403_and_bad_uuid_400(api):
    assert api.error(403, "GET", "/v1/organizations/" + MISSING).startswith("FORBIDDEN: ")
    assert "organizationId" in api.error(400, "GET", "/v1/organizations/not-a-uuid", check_request=False)


def test_unknown_service_is_404(api):
    assert api.error(404, "GET", api.service(MISSING)) == "NOT_FOUND: Service %s not found" % MISSING


# Organization private endpoints -----------------------------------------------------------


def org_endpoints(api):
    return {e["id"]: e for e in api.result("GET", api.org())["privateEndpoints"]}


def test_org_patch_needs_an_admin_key(api):
    body = {"privateEndpoints": {"remove": [{"id": SEEDED_ENDPOINT, "cloudProvider": "aws", "region": "us-east-1"}]}}
    error = api.error(403, "PATCH", api.org(), body, auth=api.emulator.developer_key)
    assert "ADMIN" in error
    assert SEEDED_ENDPOINT in org_endpoints(api)
    assert api.emulator.counts()["PATCH"] == 1


def test_org_patch_removes_before_adding(api):
    entry = {"id": SEEDED_ENDPOINT, "cloudProvider": "aws", "region": "us-east-1"}
    fresh = {"id": "vpce-1111111111111111a", "cloudProvider": "aws", "region": "us-east-1", "description": "new"}
    result = api.result("PATCH", api.org(), {"privateEndpoints": {
        "add": [dict(entry, description="renamed"), fresh], "remove": [entry, dict(fresh, description="")]}})
    endpoints = {e["id"]: e for e in result["privateEndpoints"]}
    assert endpoints[SEEDED_ENDPOINT]["description"] == "renamed"  # removed, then added again
    assert endpoints[fresh["id"]] == fresh  # removing what is not there yet is no error
    assert org_endpoints(api) == endpoints


def test_org_remove_matches_provider_and_region(api):
    api.result("PATCH", api.org(), {"privateEndpoints": {"remove": [
        {"id": SEEDED_ENDPOINT, "cloudProvider": "aws", "region": "eu-west-1"}]}})
    assert SEEDED_ENDPOINT in org_endpoints(api)
    api.result("PATCH", api.org(), {"privateEndpoints": {"remove": [
        {"id": SEEDED_ENDPOINT, "cloudProvider": "aws", "region": "us-east-1"}]}})
    assert org_endpoints(api) == {}
    # Deregistering does not detach: that is a separate call on the service.
    assert SEEDED_ENDPOINT in api.emulator.service(ANALYTICS_US)["privateEndpointIds"]


@pytest.mark.parametrize("entry, problem", [
    ({"id": "vpce-1", "cloudProvider": "ibm", "region": "us-east-1"}, "cloudProvider"),
    ({"id": "vpce-1", "cloudProvider": "aws", "region": "mars-1"}, "region"),
    ({"cloudProvider": "aws", "region": "us-east-1"}, "id is required"),
    ({"id": "vpce-1", "cloudProvider": "aws", "region": "us-east-1", "description": "x" * 256}, "255"),
])
def test_org_patch_validation(api, entry, problem):
    error = api.error(400, "PATCH", api.org(), {"privateEndpoints": {"add": [entry]}}, check_request=False)
    assert problem in error
    assert list(org_endpoints(api)) == [SEEDED_ENDPOINT]


# Services -----------------------------------------------------------------------------------


def names(services):
    return sorted((s["name"], s["region"]) for s in services)


@pytest.mark.parametrize("filters, expected", [
    (["tag:env=prod"], [("analytics-prod", "eu-west-1"), ("analytics-prod", "us-east-1"),
                        ("archive", "us-east-2"), ("reporting", "us-central1")]),
    (["tag:env=prod", "tag:team=data"], [("analytics-prod", "us-east-1")]),
    (["tag:team"], [("analytics-prod", "eu-west-1"), ("analytics-prod", "us-east-1"),
                    ("dev-sandbox", "us-east-1"), ("reporting", "us-central1")]),
    (["tag:env=nope"], []),
])
def test_list_services_tag_filter(api, filters, expected):
    assert names(api.result("GET", api.org("services"), params=[("filter", f) for f in filters])) == expected


def test_list_services_refuses_other_filters(api):
    assert "tag:KEY" in api.error(400, "GET", api.org("services"), params={"filter": "name=x"})


def test_seed_has_what_the_tests_need(api):
    services = api.result("GET", api.org("services"))
    assert {s["provider"] for s in services} == {"aws", "gcp", "azure"}
    assert {s["state"] for s in services} >= {"running", "idle", "stopped"}
    assert [s["region"] for s in services if s["name"] == "analytics-prod"] == ["us-east-1", "eu-west-1"]


def test_service_patch_endpoints_remove_first_and_whole_service_back(api):
    result = api.result("PATCH", api.service(ANALYTICS_US), {"privateEndpointIds": {
        "add": [SEEDED_ENDPOINT, "vpce-2222222222222222b"], "remove": [SEEDED_ENDPOINT, "vpce-never-attached"]}})
    assert result["privateEndpointIds"] == [SEEDED_ENDPOINT, "vpce-2222222222222222b"]
    assert result["id"] == ANALYTICS_US and result["name"] == "analytics-prod" and "ipAccessList" in result
    # Attaching an unknown id registers it in the organization, without a description.
    assert org_endpoints(api)["vpce-2222222222222222b"] == {
        "id": "vpce-2222222222222222b", "description": "", "cloudProvider": "aws", "region": "us-east-1"}


def test_available_endpoint_ids_are_registered_but_not_attached(api):
    assert api.result("GET", api.service(SANDBOX_IDLE))["availablePrivateEndpointIds"] == [SEEDED_ENDPOINT]
    assert api.result("GET", api.service(ANALYTICS_US))["availablePrivateEndpointIds"] == []
    assert api.result("GET", api.service(ANALYTICS_EU))["availablePrivateEndpointIds"] == []


def test_endpoint_of_another_region_cannot_be_attached(api):
    error = api.error(400, "PATCH", api.service(ANALYTICS_EU), {"privateEndpointIds": {"add": [SEEDED_ENDPOINT]}})
    assert "us-east-1" in error and "eu-west-1" in error


def test_service_patch_ip_access_list(api):
    result = api.result("PATCH", api.service(ANALYTICS_US), {"ipAccessList": {
        "remove": [{"source": "10.0.0.0/8"}],
        "add": [{"source": "10.0.0.0/8", "description": "again"}, {"source": "192.0.2.1", "description": "office"}]}})
    assert result["ipAccessList"] == [{"source": "10.0.0.0/8", "description": "again"},
                                      {"source": "192.0.2.1", "description": "office"}]


@pytest.mark.parametrize("body, problem", [
    ({"ipAccessList": {"add": [{"source": "not-an-ip"}]}}, "not an IP address"),
    ({"privateEndpointIds": {"add": [""]}}, "non-empty"),
    ({"privateEndpointIds": ["vpce-1"]}, "'add' and/or 'remove'"),
    ({"idleScaling": False}, "unknown field(s): idleScaling"),
])
def test_service_patch_validation(api, body, problem):
    before = json.dumps(api.emulator.service(ANALYTICS_US), sort_keys=True)
    assert problem in api.error(400, "PATCH", api.service(ANALYTICS_US), body, check_request=False)
    assert json.dumps(api.emulator.service(ANALYTICS_US), sort_keys=True) == before


def test_post_private_endpoint_attaches_and_registers_with_description(api):
    result = api.result("POST", api.service(ANALYTICS_EU, "privateEndpoint"),
                        {"id": "vpce-3333333333333333c", "description": "eu consumers"})
    assert result == {"id": "vpce-3333333333333333c", "description": "eu consumers",
                      "cloudProvider": "aws", "region": "eu-west-1"}
    assert api.emulator.service(ANALYTICS_EU)["privateEndpointIds"] == ["vpce-3333333333333333c"]
    assert org_endpoints(api)["vpce-3333333333333333c"] == result


# Private endpoint config ----------------------------------------------------------------------


@pytest.mark.parametrize("service_id, endpoint_service, hostname", [
    (ANALYTICS_US, r"^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-[0-9a-f]{17}$",
     r"^[0-9a-f]{10}\.us-east-1\.vpce\.aws\.clickhouse\.cloud$"),
    (REPORTING_GCP, r"^projects/[\w-]+/regions/us-central1/serviceAttachments/[\w-]+$",
     r"^[0-9a-f]{10}\.us-central1\.p\.gcp\.clickhouse\.cloud$"),
    (WAREHOUSE_AZURE, r"^production-eastus-pls\.[0-9a-f-]{36}\.eastus\.azure\.privatelinkservice$",
     r"^[0-9a-f]{10}\.eastus\.privatelink\.azure\.clickhouse\.cloud$"),
])
def test_private_endpoint_config_per_cloud(api, service_id, endpoint_service, hostname):
    config = api.result("GET", api.service(service_id, "privateEndpointConfig"))
    assert re.match(endpoint_service, config["endpointServiceId"]), config
    assert re.match(hostname, config["privateDnsHostname"]), config


def test_services_of_a_region_share_the_endpoint_service(api):
    first, second = (api.result("GET", api.service(s, "privateEndpointConfig")) for s in (ANALYTICS_US, SANDBOX_IDLE))
    assert first["endpointServiceId"] == second["endpointServiceId"]
    assert first["privateDnsHostname"] != second["privateDnsHostname"]


def test_deprecated_org_level_config(api):
    config = api.result("GET", api.org("privateEndpointConfig"), params={"cloud_provider": "aws", "region_id": "us-east-1"})
    assert config == {"endpointServiceId": api.emulator.service(ANALYTICS_US)["privateEndpointConfig"]["endpointServiceId"]}
    assert "No service" in api.error(400, "GET", api.org("privateEndpointConfig"),
                                     params={"cloud_provider": "gcp", "region_id": "europe-west4"})
    assert "required" in api.error(400, "GET", api.org("privateEndpointConfig"), params={"cloud_provider": "aws"},
                                   check_request=False)


# Service state --------------------------------------------------------------------------------


def test_awake_wakes_an_idle_service_after_the_delay(api):
    assert api.result("PATCH", api.service(SANDBOX_IDLE, "state"), {"command": "awake"})["state"] == "awaking"
    assert api.wait_until(lambda: api.result("GET", api.service(SANDBOX_IDLE))["state"] == "running")


@pytest.mark.parametrize("state", ["running", "awaking"])
def test_awake_leaves_running_and_waking_services_as_they_are(api, state):
    api.emulator.service(ANALYTICS_US)["state"] = state
    assert api.result("PATCH", api.service(ANALYTICS_US, "state"), {"command": "awake"})["state"] == state
    assert api.result("GET", api.service(ANALYTICS_US))["state"] == state


# Every Service.state of the OpenAPI enum that is neither idle nor running (or on its way there by a wake-up).
CANNOT_WAKE = sorted(set(SERVICE_STATES) - {"idle", "awaking", "running"})


def test_the_service_states_are_the_openapi_enum(openapi_document):
    enum = openapi_document["components"]["schemas"]["Service"]["properties"]["state"]["enum"]
    assert sorted(SERVICE_STATES) == sorted(enum)


@pytest.mark.parametrize("state", CANNOT_WAKE)
def test_awake_is_refused_for_a_service_that_is_not_idle(api, state):
    api.emulator.service(ARCHIVE_STOPPED)["state"] = state
    error = api.error(400, "PATCH", api.service(ARCHIVE_STOPPED, "state"), {"command": "awake"})
    assert error.endswith("Current state: %s" % state)
    assert api.emulator.service(ARCHIVE_STOPPED)["state"] == state
    assert ("service", ARCHIVE_STOPPED) not in api.emulator.timers


def test_a_wake_up_can_end_in_another_state(api):
    api.emulator.configure(awake_delay=0, awake_outcome="failed")
    api.result("PATCH", api.service(SANDBOX_IDLE, "state"), {"command": "awake"})
    assert api.result("GET", api.service(SANDBOX_IDLE))["state"] == "failed"
    with pytest.raises(Exception, match="awake_outcome"):
        api.emulator.configure(awake_outcome="asleep")


def test_state_command_is_validated(api):
    assert "command" in api.error(400, "PATCH", api.service(SANDBOX_IDLE, "state"), {"command": "wake"},
                                  check_request=False)


# ClickPipes reverse private endpoints -----------------------------------------------------------


@pytest.mark.parametrize("state", sorted(set(SERVICE_STATES) - {"running"}))
def test_clickpipes_calls_on_a_service_that_is_not_running_are_424(api, state):
    api.emulator.service(ARCHIVE_STOPPED)["state"] = state
    path = api.service(ARCHIVE_STOPPED, "clickpipesReversePrivateEndpoints")
    error = api.error(424, "GET", path)
    assert error.startswith("FAILED_DEPENDENCY: ") and error.endswith("Current state: %s" % state)
    payload = api.call("POST", path, rpe_body()).json()
    # The ClickPipes API names the state in the text only (no serviceState/canWake as the UDF API has).
    assert set(payload) == {"status", "error", "requestId"}
    assert payload["error"].endswith("Current state: %s" % state)
    assert api.emulator.rpes == {}


def test_clickpipes_work_once_the_service_is_awake(api):
    api.emulator.configure(awake_delay=0)
    api.result("PATCH", api.service(SANDBOX_IDLE, "state"), {"command": "awake"})
    assert api.result("GET", api.service(SANDBOX_IDLE, "clickpipesReversePrivateEndpoints")) == []


@pytest.mark.parametrize("kind", sorted(VALID_RPE))
def test_create_each_type_provisions_then_ready(api, kind):
    rpe = create_rpe(api, kind)
    assert rpe["status"] == "Provisioning" and rpe["type"] == kind
    assert rpe["serviceId"] == SERVICE_OF_TYPE[kind] and rpe["description"] == "orders database"
    for name, value in VALID_RPE[kind].items():
        assert rpe[name] == value
    assert rpe["endpointId"] and rpe["dnsNames"]
    assert status_becomes(api, rpe, "Ready")
    listed = api.result("GET", api.service(SERVICE_OF_TYPE[kind], "clickpipesReversePrivateEndpoints"))
    assert [r["id"] for r in listed] == [rpe["id"]]


def test_msk_has_one_private_name_per_broker(api):
    rpe = create_rpe(api, "MSK_MULTI_VPC")
    assert len(rpe["privateDnsNames"]) == 3
    assert all(".kafka.us-east-1.amazonaws.com" in name for name in rpe["privateDnsNames"])


def test_same_target_twice_makes_two_endpoints(api):
    first, second = create_rpe(api), create_rpe(api)
    assert first["id"] != second["id"]
    assert len(api.emulator.rpes) == 2


def test_pending_acceptance_setting_and_accepting_later(api):
    api.emulator.configure(pending_acceptance=True)
    rpe = create_rpe(api)
    assert status_becomes(api, rpe, "PendingAcceptance")
    assert create_rpe(api, "VPC_RESOURCE")["type"] == "VPC_RESOURCE"  # only endpoint services need acceptance
    response = requests.post(api.emulator.url + "/_emulator/rpe_status", json={"id": rpe["id"], "status": "Ready"},
                             timeout=10)
    assert response.status_code == 200 and response.json()["status"] == "Ready"
    assert api.result("GET", rpe_path(api, rpe))["status"] == "Ready"


@pytest.mark.parametrize("outcome", ["Failed", "Rejected", "Expired", "PendingAcceptance"])
def test_outcome_per_target(api, outcome):
    api.emulator.configure(rpe_outcomes={ENDPOINT_SERVICE: outcome}, provision_delay=0)
    assert create_rpe(api)["status"] == outcome
    assert create_rpe(api, "VPC_RESOURCE")["status"] == "Ready"


def test_rpe_status_control_needs_a_known_endpoint_and_status(api):
    rpe = create_rpe(api)
    for body in ({"id": rpe["id"], "status": "Sleeping"}, {"id": MISSING, "status": "Ready"}):
        assert requests.post(api.emulator.url + "/_emulator/rpe_status", json=body, timeout=10).status_code == 400


def test_delete_passes_deleting_then_404(api):
    api.emulator.configure(provision_delay=0)
    rpe = create_rpe(api)
    response = api.call("DELETE", rpe_path(api, rpe))
    assert response.status_code == 200 and "result" not in response.json()
    assert api.result("GET", rpe_path(api, rpe))["status"] == "Deleting"
    assert api.result("DELETE", rpe_path(api, rpe)) is None  # deleting again while Deleting is fine
    assert api.wait_until(lambda: api.call("GET", rpe_path(api, rpe)).status_code == 404)
    assert api.error(404, "DELETE", rpe_path(api, rpe)).startswith("NOT_FOUND: ")


def test_rpe_of_another_service_is_404(api):
    rpe = create_rpe(api)
    path = api.service(ANALYTICS_EU, "clickpipesReversePrivateEndpoints", rpe["id"])
    assert api.error(404, "GET", path)
    assert "reversePrivateEndpointId" in api.error(
        400, "GET", api.service(ANALYTICS_US, "clickpipesReversePrivateEndpoints", "nope"), check_request=False)


@pytest.mark.parametrize("kind, change, problem", [
    ("VPC_ENDPOINT_SERVICE", {"type": "PRIVATE_LINK"}, "type must be one of"),
    ("VPC_ENDPOINT_SERVICE", {"description": None}, "description is required"),
    ("VPC_ENDPOINT_SERVICE", {"description": "x" * 256}, "at most 255"),
    ("VPC_ENDPOINT_SERVICE", {"vpcEndpointServiceName": None}, "vpcEndpointServiceName is required"),
    ("VPC_ENDPOINT_SERVICE", {"vpcEndpointServiceName": "vpce-svc-123"}, "com.amazonaws.vpce.<region>"),
    ("VPC_ENDPOINT_SERVICE", {"mskAuthentication": "SASL_IAM"}, "mskAuthentication is not allowed"),
    ("VPC_RESOURCE", {"vpcResourceShareArn": None}, "vpcResourceShareArn is required"),
    ("VPC_RESOURCE", {"vpcResourceConfigurationId": "cfg-1"}, "rcfg-"),
    ("VPC_RESOURCE", {"gcpServiceAttachment": "projects/a/regions/b/serviceAttachments/c"}, "not allowed"),
    ("MSK_MULTI_VPC", {"mskAuthentication": "TLS"}, "mskAuthentication must be one of"),
    ("MSK_MULTI_VPC", {"mskClusterArn": "arn:aws:kafka:us-east-1:1:cluster/x"}, "arn:aws:kafka"),
    ("MSK_MULTI_VPC", {"customPrivateDnsMappings": [{"privateDnsName": "kafka.example.com"}]}, "not supported"),
    ("GCP_PSC_SERVICE_ATTACHMENT", {"gcpServiceAttachment": "my-attachment"}, "serviceAttachments"),
    ("GCP_PSC_SERVICE_ATTACHMENT", {"vpcEndpointServiceName": ENDPOINT_SERVICE}, "not allowed"),
    ("VPC_ENDPOINT_SERVICE", {"unknownField": 1}, "unknown field(s): unknownField"),
])
def test_create_validation(api, kind, change, problem):
    body = rpe_body(kind, **change)
    error = api.error(400, "POST", api.service(SERVICE_OF_TYPE[kind], "clickpipesReversePrivateEndpoints"), body,
                      check_request=False)
    assert problem in error
    assert api.emulator.rpes == {}


def test_type_must_suit_the_service_cloud(api):
    path = api.service(REPORTING_GCP, "clickpipesReversePrivateEndpoints")
    assert "not available for gcp services" in api.error(400, "POST", path, rpe_body())


def dns(*names):
    return [{"privateDnsName": name} for name in names]


@pytest.mark.parametrize("name", ["db.clickhouse.cloud", "*.us-east-1.amazonaws.com", "x.googleapis.com", "bad name"])
def test_custom_dns_refuses_reserved_and_invalid_names(api, name):
    error = api.error(400, "POST", api.service(REPORTING_GCP, "clickpipesReversePrivateEndpoints"),
                      rpe_body("GCP_PSC_SERVICE_ATTACHMENT", customPrivateDnsMappings=dns(name)))
    assert name in error


def test_custom_dns_names_are_unique_per_service(api):
    first = create_rpe(api, "GCP_PSC_SERVICE_ATTACHMENT", customPrivateDnsMappings=dns("pg.shop.example", "*.shop.example"))
    assert first["customPrivateDnsMappings"] == dns("pg.shop.example", "*.shop.example")
    path = api.service(REPORTING_GCP, "clickpipesReversePrivateEndpoints")
    error = api.error(409, "POST", path, rpe_body("GCP_PSC_SERVICE_ATTACHMENT", customPrivateDnsMappings=dns("pg.shop.example")))
    assert "already used" in error
    assert api.error(409, "POST", path, rpe_body("GCP_PSC_SERVICE_ATTACHMENT",
                                                 customPrivateDnsMappings=dns("a.example.org", "a.example.org")))
    # Another service may use the same name.
    api.result("POST", api.service(ANALYTICS_US, "clickpipesReversePrivateEndpoints"),
               rpe_body(customPrivateDnsMappings=dns("pg.shop.example")))


def test_patch_replaces_the_custom_dns_list(api):
    rpe = create_rpe(api, "GCP_PSC_SERVICE_ATTACHMENT", customPrivateDnsMappings=dns("a.shop.example"))
    changed = api.result("PATCH", rpe_path(api, rpe), {"customPrivateDnsMappings": dns("a.shop.example", "b.shop.example")})
    assert changed["customPrivateDnsMappings"] == dns("a.shop.example", "b.shop.example")  # own names are no clash
    assert api.result("PATCH", rpe_path(api, rpe), {"customPrivateDnsMappings": []})["customPrivateDnsMappings"] == []
    assert api.emulator.rpe(rpe["id"])["customPrivateDnsMappings"] == []


def test_patch_changes_nothing_else(api):
    rpe = create_rpe(api)
    error = api.error(400, "PATCH", rpe_path(api, rpe), {"description": "new"}, check_request=False)
    assert "unknown field(s): description" in error
    assert "required" in api.error(400, "PATCH", rpe_path(api, rpe), {})


def test_patch_msk_custom_dns_refused(api):
    rpe = create_rpe(api, "MSK_MULTI_VPC")
    assert "not supported" in api.error(400, "PATCH", rpe_path(api, rpe), {"customPrivateDnsMappings": dns("k.example.com")})


# Faults, rate limit, log, controls ----------------------------------------------------------------


def test_fault_answers_the_next_matching_requests(api):
    api.emulator.faults.append(Fault(path="/services$", method="GET", status=503, count=2))
    assert api.call("GET", api.org()).status_code == 200
    assert [api.call("GET", api.org("services")).status_code for dummy in range(3)] == [503, 503, 200]
    assert [e.get("fault", False) for e in api.emulator.requests] == [False, True, True, False]


def test_fault_after_applies_the_request_but_loses_the_answer(api):
    api.emulator.configure(provision_delay=0)
    api.emulator.faults.append(Fault(method="POST", status=502, after=True))
    response = api.call("POST", api.service(ANALYTICS_US, "clickpipesReversePrivateEndpoints"), rpe_body())
    assert response.status_code == 502
    assert [r["status"] for r in api.emulator.rpes.values()] == ["Ready"]


def test_dropped_connection(api):
    api.emulator.faults.append(Fault(drop=True))
    with pytest.raises(requests.exceptions.ConnectionError):
        api.call("GET", api.org())
    assert api.call("GET", api.org()).status_code == 200


def test_rate_limit_is_per_key_and_off_by_default(api):
    assert all(api.call("GET", api.org()).status_code == 200 for dummy in range(12))
    response = requests.post(api.emulator.url + "/_emulator/rate_limit", json={"limit": 3, "window": 10, "enabled": True},
                             timeout=10)
    assert response.status_code == 204
    statuses = [api.call("GET", api.org()).status_code for dummy in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.call("GET", api.org())
    assert limited.json()["error"].startswith("TOO_MANY_REQUESTS: ")
    assert 1 <= int(limited.headers["X-RateLimit-Reset"]) <= 10
    assert api.call("GET", api.org(), auth=api.emulator.developer_key).status_code == 200


def test_request_log_and_counts(api):
    api.call("GET", api.org())
    api.call("PATCH", api.service(ANALYTICS_US), {"privateEndpointIds": {"add": ["vpce-4"]}})
    assert api.emulator.counts() == {"GET": 1, "PATCH": 1, "total": 2, "writes": 1}
    assert api.emulator.counts(since=1) == {"PATCH": 1, "total": 1, "writes": 1}
    entry = api.emulator.requests[1]
    assert entry["body"] == {"privateEndpointIds": {"add": ["vpce-4"]}} and entry["status"] == 200
    log = requests.get(api.emulator.url + "/_emulator/requests", timeout=10).json()
    assert log["counts"]["total"] == 2


def test_controls_settings_seed_and_state(api):
    url = api.emulator.url + "/_emulator"
    assert requests.post(url + "/settings", json={"awake_delay": 0}, timeout=10).status_code == 204
    assert api.emulator.awake_delay == 0
    assert requests.post(url + "/settings", json={"no_such_setting": 1}, timeout=10).status_code == 400
    api.call("PATCH", api.service(ANALYTICS_US), {"name": "renamed"})
    assert requests.post(url + "/reset", timeout=10).status_code == 204
    assert requests.get(url + "/state", timeout=10).json()["services"] == []
    state = requests.post(url + "/seed", timeout=10).json()
    assert [s["name"] for s in state["services"]][0] == "analytics-prod"
    assert state["settings"]["awake_delay"] == 1.0  # reset restores the default timings
