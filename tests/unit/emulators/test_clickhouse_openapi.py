# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ClickHouse emulator against the official OpenAPI document.

Every test here needs the document (``openapi`` fixture) and skips, saying
why, when ``../shared/reference/clickhouse-cloud-openapi.json`` is absent.
"""

from __future__ import annotations

import re

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators import clickhouse as emulated

ANALYTICS_US = "3ab8586b-a57f-431b-8275-7d24942d7740"
REPORTING_GCP = "f712dcb6-81af-4b56-83b6-4df26b9505f1"
SANDBOX_IDLE = "9074a372-50fe-4b82-b8e9-7ed3a20e39f2"
RPE = "clickpipesReversePrivateEndpoints"


def shape(path):
    """A path template with its parameter names erased, for comparing routes."""
    return re.sub(r"\{\w+\}", "{}", path)


def test_every_emulated_route_is_in_the_document(openapi_document, emulator):
    documented = {(method.upper(), shape(path))
                  for path, operations in openapi_document["paths"].items() for method in operations}
    for method, regex, handler in emulator.routes:
        template = re.sub(r"\(\?P<\w+>\[\^/\]\+\)", "{}", regex.pattern.strip("^$"))
        assert (method, template) in documented, handler.__name__


def test_constants_follow_the_document(openapi_document):
    schemas = openapi_document["components"]["schemas"]
    assert tuple(schemas["Service"]["properties"]["region"]["enum"]) == emulated.REGIONS
    assert set(schemas["Service"]["properties"]["provider"]["enum"]) == set(emulated.PROVIDERS)
    rpe = schemas["ReversePrivateEndpoint"]["properties"]
    assert tuple(rpe["type"]["enum"]) == emulated.RPE_TYPES
    assert tuple(rpe["status"]["enum"]) == emulated.RPE_STATUSES
    assert tuple(rpe["mskAuthentication"]["enum"]) == emulated.MSK_AUTH
    create = schemas["CreateReversePrivateEndpoint"]["properties"]
    type_fields = {name for names in emulated.RPE_TYPE_FIELDS.values() for name in names}
    assert set(create) == type_fields | {"description", "type", "customPrivateDnsMappings"}


def test_every_operation_conforms(openapi, api):
    """One pass over each emulated operation; ``api`` validates requests and responses."""
    api.emulator.configure(provision_delay=0, delete_delay=0, awake_delay=0)
    api.result("GET", "/v1/organizations")
    api.result("GET", api.org())
    api.result("PATCH", api.org(), {"privateEndpoints": {
        "add": [{"id": "vpce-5", "cloudProvider": "aws", "region": "us-east-1", "description": "x"}],
        "remove": [{"id": "vpce-6", "cloudProvider": "aws", "region": "us-east-1"}]}})
    api.result("GET", api.org("privateEndpointConfig"), params={"cloud_provider": "gcp", "region_id": "us-central1"})
    api.result("GET", api.org("services"), params={"filter": ["tag:env=prod", "tag:team"]})
    api.result("GET", api.service(ANALYTICS_US))
    api.result("PATCH", api.service(ANALYTICS_US), {
        "name": "analytics", "privateEndpointIds": {"add": ["vpce-5"]},
        "ipAccessList": {"add": [{"source": "198.51.100.0/24", "description": "vpn"}]},
        "tags": {"add": [{"key": "owner", "value": "data-team"}]}})
    api.result("POST", api.service(ANALYTICS_US, "privateEndpoint"), {"id": "vpce-7", "description": "y"})
    api.result("GET", api.service(ANALYTICS_US, "privateEndpointConfig"))
    api.result("PATCH", api.service(SANDBOX_IDLE, "state"), {"command": "awake"})
    rpe = api.result("POST", api.service(REPORTING_GCP, RPE), {
        "description": "pg", "type": "GCP_PSC_SERVICE_ATTACHMENT",
        "gcpServiceAttachment": "projects/p/regions/us-central1/serviceAttachments/pg",
        "customPrivateDnsMappings": [{"privateDnsName": "*.pg.example"}]})
    api.result("GET", api.service(REPORTING_GCP, RPE))
    api.result("GET", api.service(REPORTING_GCP, RPE, rpe["id"]))
    api.result("PATCH", api.service(REPORTING_GCP, RPE, rpe["id"]), {"customPrivateDnsMappings": []})
    api.result("DELETE", api.service(REPORTING_GCP, RPE, rpe["id"]))
    assert api.emulator.counts()["total"] == 15


def test_the_client_really_validates_responses(openapi, api, monkeypatch):
    from openapi_core.validation.response.exceptions import InvalidData
    original = api.emulator._render_service

    def broken(service):
        return dict(original(service), provider="ibm")

    monkeypatch.setattr(api.emulator, "_render_service", broken)
    with pytest.raises(InvalidData):
        api.call("GET", api.service(ANALYTICS_US))


@pytest.mark.parametrize("method, path, body, params", [
    ("GET", "/v1/organizations/not-a-uuid", None, None),
    ("GET", "/v1/organizations/{org}/services/not-a-uuid", None, None),
    ("GET", "/v1/organizations/{org}/privateEndpointConfig", None, {"cloud_provider": "aws"}),
    ("PATCH", "/v1/organizations/{org}/services/%s/state" % SANDBOX_IDLE, {"command": "wake"}, None),
    ("PATCH", "/v1/organizations/{org}", {"privateEndpoints": {"add": [
        {"id": "vpce-1", "cloudProvider": "ibm", "region": "us-east-1"}]}}, None),
    ("PATCH", "/v1/organizations/{org}/services/%s" % ANALYTICS_US, {"name": ""}, None),
    ("POST", "/v1/organizations/{org}/services/%s/%s" % (ANALYTICS_US, RPE),
     {"description": "x", "type": "PRIVATE_LINK"}, None),
    ("POST", "/v1/organizations/{org}/services/%s/%s" % (ANALYTICS_US, RPE),
     {"description": "x", "type": "MSK_MULTI_VPC", "mskAuthentication": "TLS",
      "mskClusterArn": "arn:aws:kafka:us-east-1:123456789012:cluster/c/1"}, None),
])
def test_what_the_document_refuses_the_emulator_refuses(openapi, api, method, path, body, params):
    path = path.replace("{org}", api.emulator.org_id)
    before = api.emulator.snapshot()
    assert api.spec_rejects(method, path, body, params)
    api.error(400, method, path, body, params, check_request=False)
    assert api.emulator.snapshot() == before
