# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A stateful emulator of the parts of the ClickHouse Cloud API this collection uses.

It follows the official OpenAPI document ("OpenAPI spec for ClickHouse Cloud", served with the API at
https://api.clickhouse.cloud, see https://clickhouse.com/docs/cloud/manage/openapi): the ``result`` /
``error`` envelopes, Basic auth with ADMIN, DEVELOPER and READ_ONLY keys, services and
their private endpoint lists (``remove`` applied before ``add``), the
organization's private endpoint registrations, the per-service and the
deprecated org-level ``privateEndpointConfig``, waking idle services, and
ClickPipes reverse private endpoints with their asynchronous statuses.

Time-driven transitions (a service waking, an endpoint provisioning or being
deleted) happen on the wall clock after delays set with ``configure()`` or
``POST /_emulator/settings``, so tests can make them instant and a demo can
make them visible. Outcomes of reverse private endpoints are steered with the
``rpe_outcomes`` setting (target -> final status) or ``POST
/_emulator/rpe_status`` (set the status of an existing endpoint, as the AWS
side accepting or rejecting it would); with ``aws_endpoint_url`` (moto), the
ClickPipes endpoint of a ``VPC_ENDPOINT_SERVICE`` is made there and its status
follows the AWS side (``clickpipes_aws.py``).

Where the API's behaviour is inferred rather than documented, the docstring of
the handler says so.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import ipaddress
import re
import uuid

from ansible_collections.privatelink.endpoints.tests.emulators.base import (
    Emulator,
    HttpError,
    Reply,
    route,
)
from ansible_collections.privatelink.endpoints.tests.emulators.clickpipes_aws import ClickPipesAws

ORG = "/v1/organizations/{org_id}"
SERVICE = ORG + "/services/{service_id}"
RPE = SERVICE + "/clickpipesReversePrivateEndpoints"

PROVIDERS = ("aws", "gcp", "azure")
# The region enum of the OpenAPI document.
REGIONS = (
    "ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
    "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2", "il-central-1", "us-east-1",
    "us-east-2", "us-west-2", "us-east1", "us-central1", "europe-west2", "europe-west4",
    "asia-southeast1", "asia-northeast1", "eastus", "eastus2", "westus3",
    "germanywestcentral", "centralus",
)
# Service.state, the enum of the OpenAPI document's Service schema.
SERVICE_STATES = ("starting", "stopping", "terminating", "softdeleting", "awaking", "partially_running",
                  "provisioning", "running", "stopped", "terminated", "softdeleted", "degraded", "failed", "idle")
# ClickPipes calls are served only by a running service (partially_running is not enough); any other
# state is refused with 424. The official provider wakes a service only on this 424 with
# "Current state: idle" (terraform-provider-clickhouse internal/api/errors.go IsServiceIdle).
RUNNING = "running"

RPE_TYPES = ("VPC_ENDPOINT_SERVICE", "VPC_RESOURCE", "MSK_MULTI_VPC", "GCP_PSC_SERVICE_ATTACHMENT")
RPE_STATUSES = ("Unknown", "Provisioning", "Deleting", "Ready", "Failed", "PendingAcceptance",
                "Rejected", "Expired")
MSK_AUTH = ("SASL_IAM", "SASL_SCRAM")
# Fields each type needs; any other type-specific field must be absent (or null).
RPE_TYPE_FIELDS = {
    "VPC_ENDPOINT_SERVICE": ("vpcEndpointServiceName",),
    "VPC_RESOURCE": ("vpcResourceConfigurationId", "vpcResourceShareArn"),
    "MSK_MULTI_VPC": ("mskClusterArn", "mskAuthentication"),
    "GCP_PSC_SERVICE_ATTACHMENT": ("gcpServiceAttachment",),
}
RPE_PROVIDER = {"VPC_ENDPOINT_SERVICE": "aws", "VPC_RESOURCE": "aws", "MSK_MULTI_VPC": "aws",
                "GCP_PSC_SERVICE_ATTACHMENT": "gcp"}
RPE_FORMATS = {
    "vpcEndpointServiceName": (re.compile(r"^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]{8,17}$"),
                               "com.amazonaws.vpce.<region>.vpce-svc-<id>"),
    "vpcResourceConfigurationId": (re.compile(r"^rcfg-[0-9a-f]{8,17}$"), "rcfg-<id>"),
    "vpcResourceShareArn": (re.compile(r"^arn:aws[a-z-]*:ram:[a-z0-9-]+:\d{12}:resource-share/[\w-]+$"),
                            "arn:aws:ram:<region>:<account>:resource-share/<id>"),
    "mskClusterArn": (re.compile(r"^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster/[\w.-]+(/[\w-]+)?$"),
                      "arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>"),
    "gcpServiceAttachment": (re.compile(r"^projects/[a-z][\w-]*/regions/[a-z0-9-]+/serviceAttachments/[a-z][\w-]*$"),
                             "projects/{project}/regions/{region}/serviceAttachments/{name}"),
}
# Custom private DNS names must not shadow the platform's or the cloud's own zones.
RESERVED_DNS_SUFFIXES = ("clickhouse.cloud", "clickhouse.com", "amazonaws.com", "googleapis.com",
                         "azure.com", "windows.net", "internal", "localhost")
DNS_NAME = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
MAX_DESCRIPTION = 255


def bad_request(message):
    return HttpError(400, "BAD_REQUEST", message)


def not_found(message):
    return HttpError(404, "NOT_FOUND", message)


def _digest(*parts, length=17):
    """A stable hex id derived from its inputs, so seeded values are predictable."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def _check_uuid(name, value):
    if not UUID.match(value):
        raise bad_request("Invalid %s: %r is not a UUID" % (name, value))


def _patch_lists(body, name, item_check):
    """Return (add, remove) of an ``{"add": [...], "remove": [...]}`` patch, validated."""
    patch = body.get(name)
    if patch is None:
        return [], []
    if not isinstance(patch, dict) or set(patch) - {"add", "remove"}:
        raise bad_request("%s must be an object with 'add' and/or 'remove'" % name)
    lists = []
    for part in ("add", "remove"):
        items = patch.get(part, [])
        if not isinstance(items, list):
            raise bad_request("%s.%s must be an array" % (name, part))
        for item in items:
            item_check("%s.%s" % (name, part), item)
        lists.append(items)
    return lists[0], lists[1]


class ClickHouseEmulator(Emulator):
    """ClickHouse Cloud API v1 for one organization, seeded from ``fixtures/clickhouse.json``."""

    name = "clickhouse"

    # Settings (configure() / POST /_emulator/settings). Seconds of wall clock.
    awake_delay = 1.0          # idle -> running after PATCH .../state awake
    awake_outcome = "running"  # the state an awaking service ends in (a wake-up can also fail)
    provision_delay = 1.0      # reverse private endpoint Provisioning -> final status
    delete_delay = 1.0         # reverse private endpoint Deleting -> gone (404)
    pending_acceptance = False  # VPC_ENDPOINT_SERVICE endpoints end in PendingAcceptance
    rpe_outcomes = None        # {target (service name / rcfg / ARN / attachment): final status}
    aws_endpoint_url = None    # an AWS (moto) where VPC_ENDPOINT_SERVICE endpoints are made for real

    DEFAULT_SETTINGS = dict(awake_delay=1.0, awake_outcome="running", provision_delay=1.0, delete_delay=1.0,
                            pending_acceptance=False, rpe_outcomes=None, aws_endpoint_url=None,
                            # AWS region -> endpoint service name given to services seeded later (to match moto)
                            endpoint_service_names=None)

    def __init__(self, host="127.0.0.1", port=0, fixture=None):
        self.organization = None
        self.keys = {}
        super().__init__(host, port, fixture)

    # State ----------------------------------------------------------------------

    def reset(self):
        super().reset()
        self.organization = None
        self.keys = {}
        self.services = {}
        self.rpes = {}
        self.rpe_aws = {}  # reverse private endpoint id -> (region, ClickPipes' AWS endpoint id)

    def seed(self, data=None):
        """Load a fixture: ``organization``, ``keys``, ``services`` and optional
        ``reversePrivateEndpoints``; None loads the default fixture file."""
        data = self.fixture_data(data)
        with self.lock:
            if "organization" in data:
                org = data["organization"]
                org.setdefault("createdAt", "2025-01-15T09:00:00Z")
                org.setdefault("privateEndpoints", [])
                org.setdefault("byocConfig", [])
                org.setdefault("enableCoreDumps", False)
                self.organization = org
            for key in data.get("keys", []):
                self.keys[key["id"]] = key
            for service in data.get("services", []):
                self.services[service["id"]] = self._complete_service(service)
            for rpe in data.get("reversePrivateEndpoints", []):
                rpe.setdefault("status", "Ready")
                self.rpes[rpe["id"]] = rpe

    def _complete_service(self, service):
        """Fill what the fixture leaves out with the values a real service has."""
        defaults = dict(
            state="running", clickhouseVersion="25.6.2.5983", tier="production",
            autoscalingMode="vertical", minReplicaMemoryGb=8, maxReplicaMemoryGb=120,
            numReplicas=3, idleScaling=True, idleTimeoutMinutes=15, ipAccessList=[],
            createdAt="2025-02-01T10:00:00Z", privateEndpointIds=[], tags=[],
            releaseChannel="default", isPrimary=True, isReadonly=False,
            dataWarehouseId=str(uuid.uuid5(uuid.NAMESPACE_URL, service["id"])),
        )
        for key, value in defaults.items():
            service.setdefault(key, value)
        service.setdefault("currentScaling", dict(
            effectiveAutoscalingMode=service["autoscalingMode"],
            effectiveMinReplicaMemoryGb=service["minReplicaMemoryGb"],
            effectiveMaxReplicaMemoryGb=service["maxReplicaMemoryGb"],
            effectiveMinReplicas=service["numReplicas"], effectiveMaxReplicas=service["numReplicas"],
            effectiveIdleScaling=service["idleScaling"],
            effectiveIdleTimeoutMinutes=service["idleTimeoutMinutes"],
        ))
        host = "%s.%s.%s.clickhouse.cloud" % (_digest(service["id"], length=10), service["region"],
                                              service["provider"])
        service.setdefault("endpoints", [
            dict(protocol="https", host=host, port=8443, username=None),
            dict(protocol="nativesecure", host=host, port=9440, username=None),
        ])
        service.setdefault("privateEndpointConfig", self._endpoint_config(service))
        return service

    def _endpoint_config(self, service):
        """The ``PrivateEndpointConfig`` schema of the OpenAPI document, with the per-cloud formats the
        private networking guides show (https://clickhouse.com/docs/manage/security/aws-privatelink,
        .../gcp-private-service-connect, .../azure-privatelink); services of one region share the
        endpoint service."""
        provider, region = service["provider"], service["region"]
        short = _digest(service["id"], length=10)
        if provider == "aws":
            name = (self.endpoint_service_names or {}).get(region)
            return dict(endpointServiceId=name or "com.amazonaws.vpce.%s.vpce-svc-%s" % (region, _digest(provider, region)),
                        privateDnsHostname="%s.%s.vpce.aws.clickhouse.cloud" % (short, region))
        if provider == "gcp":
            return dict(endpointServiceId="projects/dataplane-production-%s/regions/%s/serviceAttachments/"
                                          "production-%s-clickhouse-cloud" % (_digest(region, length=6), region, region),
                        privateDnsHostname="%s.%s.p.gcp.clickhouse.cloud" % (short, region))
        return dict(endpointServiceId="production-%s-pls.%s.%s.azure.privatelinkservice"
                                      % (region, str(uuid.uuid5(uuid.NAMESPACE_DNS, region)), region),
                    privateDnsHostname="%s.%s.privatelink.azure.clickhouse.cloud" % (short, region))

    def snapshot(self):
        with self.lock:
            self.tick()
            return {
                "organization": copy.deepcopy(self.organization),
                "services": [self._render_service(s) for s in self.services.values()],
                "reversePrivateEndpoints": copy.deepcopy(list(self.rpes.values())),
                "settings": {name: getattr(self, name) for name in self.DEFAULT_SETTINGS},
            }

    # Convenience for tests and the launcher ---------------------------------------

    @property
    def api_url(self):
        return self.url + "/v1"

    @property
    def org_id(self):
        return self.organization["id"] if self.organization else None

    def short_path(self, path):
        """The path below the organization (``/services/...``)."""
        prefix = "/v1/organizations/%s" % self.org_id
        return path[len(prefix):] if path.startswith(prefix) else path

    def _key(self, role):
        """(id, secret) of the first seeded key with this role."""
        key = next((k for k in self.keys.values() if k["role"] == role), None)
        return (key["id"], key["secret"]) if key else None

    @property
    def admin_key(self):
        return self._key("ADMIN")

    @property
    def developer_key(self):
        return self._key("DEVELOPER")

    @property
    def read_only_key(self):
        return self._key("READ_ONLY")

    def env(self):
        """Environment variables that point the modules at this emulator (admin key)."""
        key_id, secret = self.admin_key
        # The modules pace themselves to the documented 10 requests / 10 s; tell them what this
        # emulator enforces instead (nothing, unless a test turns its rate limit on).
        limiter = self.rate_limiter
        known = limiter.enabled and limiter.window == 10
        return {"CLICKHOUSE_API_URL": self.api_url, "CLICKHOUSE_ORG_ID": self.org_id,
                "CLICKHOUSE_CLOUD_API_KEY": key_id, "CLICKHOUSE_CLOUD_API_SECRET": secret,
                "CLICKHOUSE_API_RATE_LIMIT": str(limiter.limit if known else 0)}

    def service(self, service_id):
        """The stored service (tests inspect and adjust state through this)."""
        return self.services[service_id]

    def rpe(self, rpe_id):
        return self.rpes.get(rpe_id)

    # Envelope, auth, time ---------------------------------------------------------------------

    def dispatch(self, request, request_id):
        """Wrap every success in the API's envelope (delete has no ``result``)."""
        reply = super().dispatch(request, request_id)
        if reply.status == 200:
            body = {"status": 200, "requestId": request_id}
            if reply.body is not None:
                body["result"] = reply.body
            reply.body = body
        return reply

    def error_body(self, status, code, message, request_id, extra):
        body = super().error_body(status, code, message, request_id, extra)
        body.update(extra)
        return body

    def authenticate(self, request):
        header = request.headers.get("Authorization") or ""
        scheme, encoded = header.partition(" ")[::2]
        try:
            key_id, secret = base64.b64decode(encoded).decode().partition(":")[::2]
        except (ValueError, UnicodeDecodeError):
            key_id = secret = None
        key = self.keys.get(key_id)
        if scheme.lower() != "basic" or key is None or key["secret"] != secret:
            raise HttpError(401, "UNAUTHENTICATED", "Invalid API key credentials")
        request.key = key
        # A key whose roles only read (OpenAPI ApiKey.assignedRoles: custom and system roles, such as
        # read-only organization and service roles) is refused every write.
        if key["role"] == "READ_ONLY" and request.method not in ("GET", "HEAD"):
            raise HttpError(403, "FORBIDDEN", "This operation is not allowed for a read-only API key")
        return key_id

    def fire(self, kind, ident, state):
        if kind == "service" and ident in self.services:
            self.services[ident]["state"] = state
        elif kind == "rpe" and ident in self.rpes:
            if state is None:
                del self.rpes[ident]
            else:
                self.rpes[ident]["status"] = state

    def tick(self):
        super().tick()
        # An endpoint made in AWS follows its connection there: accepted (Ready), rejected...
        for rpe_id, (region, endpoint_id) in list(self.rpe_aws.items()):
            rpe = self.rpes.get(rpe_id)
            if rpe and rpe["status"] in ("PendingAcceptance", "Ready") and self.aws_endpoint_url:
                rpe["status"] = ClickPipesAws(self.aws_endpoint_url).status(region, endpoint_id)

    # Lookups ------------------------------------------------------------------------------

    def _org(self, request, org_id, admin=False):
        _check_uuid("organizationId", org_id)
        if org_id != self.organization["id"]:
            raise HttpError(403, "FORBIDDEN", "The API key does not belong to organization %s" % org_id)
        if admin and request.key["role"] != "ADMIN":
            raise HttpError(403, "FORBIDDEN", "This operation requires an API key with the ADMIN role")
        return self.organization

    def _service(self, request, org_id, service_id):
        self._org(request, org_id)
        _check_uuid("serviceId", service_id)
        service = self.services.get(service_id)
        if service is None:
            raise not_found("Service %s not found" % service_id)
        return service

    def _render_service(self, service):
        """The Service as the API returns it (no emulator-only fields)."""
        body = {k: copy.deepcopy(v) for k, v in service.items() if k != "privateEndpointConfig"}
        attached = set(service["privateEndpointIds"])
        body["availablePrivateEndpointIds"] = [
            e["id"] for e in self.organization["privateEndpoints"]
            if e["cloudProvider"] == service["provider"] and e["region"] == service["region"]
            and e["id"] not in attached
        ]
        return body

    # Organization -------------------------------------------------------------------------

    @route("GET", "/v1/organizations")
    def list_organizations(self, request):
        return [copy.deepcopy(self.organization)]

    @route("GET", ORG)
    def get_organization(self, request, org_id):
        return copy.deepcopy(self._org(request, org_id))

    @route("PATCH", ORG)
    def patch_organization(self, request, org_id):
        """Private endpoint registrations: ``remove`` first, then ``add`` (ADMIN key only).

        Adding an id that is already registered replaces its entry (so a
        description can change); removing one that is not there is a no-op.
        """
        org = self._org(request, org_id, admin=True)
        body = self._body(request, {"name", "privateEndpoints", "enableCoreDumps"})
        add, remove = _patch_lists(body, "privateEndpoints", self._check_org_endpoint)
        if "name" in body:
            if not isinstance(body["name"], str) or not body["name"].strip():
                raise bad_request("name must be a non-empty string")
            org["name"] = body["name"]
        if "enableCoreDumps" in body:
            org["enableCoreDumps"] = bool(body["enableCoreDumps"])
        for item in remove:
            org["privateEndpoints"] = [e for e in org["privateEndpoints"] if not self._same_endpoint(e, item)]
        for item in add:
            self._register(item["id"], item["cloudProvider"], item["region"], item.get("description", ""))
        return copy.deepcopy(org)

    @staticmethod
    def _same_endpoint(entry, item):
        return entry["id"] == item["id"] and all(
            item.get(k) in (None, entry[k]) for k in ("cloudProvider", "region"))

    @staticmethod
    def _check_org_endpoint(where, item):
        if not isinstance(item, dict):
            raise bad_request("%s items must be objects" % where)
        if not isinstance(item.get("id"), str) or not item["id"]:
            raise bad_request("%s: id is required" % where)
        if item.get("cloudProvider") not in PROVIDERS:
            raise bad_request("%s: cloudProvider must be one of %s" % (where, ", ".join(PROVIDERS)))
        if item.get("region") not in REGIONS:
            raise bad_request("%s: region %r is not a supported region" % (where, item.get("region")))
        description = item.get("description", "")
        if not isinstance(description, str) or len(description) > MAX_DESCRIPTION:
            raise bad_request("%s: description must be a string of at most %d characters" % (where, MAX_DESCRIPTION))

    def _register(self, endpoint_id, provider, region, description):
        endpoints = self.organization["privateEndpoints"]
        entry = dict(id=endpoint_id, description=description, cloudProvider=provider, region=region)
        for index, existing in enumerate(endpoints):
            if existing["id"] == endpoint_id:
                endpoints[index] = entry
                return entry
        endpoints.append(entry)
        return entry

    @route("GET", ORG + "/privateEndpointConfig")
    def org_endpoint_config(self, request, org_id):
        """Deprecated: the endpoint service of a region; 400 when no service is there."""
        self._org(request, org_id)
        provider, region = request.arg("cloud_provider"), request.arg("region_id")
        if not provider or not region:
            raise bad_request("cloud_provider and region_id are required")
        for service in self.services.values():
            if service["provider"] == provider and service["region"] == region:
                return {"endpointServiceId": service["privateEndpointConfig"]["endpointServiceId"]}
        raise bad_request("No service found in %s region %s of this organization" % (provider, region))

    # Services -------------------------------------------------------------------------------

    @route("GET", ORG + "/services")
    def list_services(self, request, org_id):
        """``filter=tag:KEY=VALUE`` (or ``tag:KEY`` for presence), repeatable, all must hold."""
        self._org(request, org_id)
        wanted = []
        for text in request.query.get("filter", []):
            if not text.startswith("tag:") or len(text) == 4:
                raise bad_request("Invalid filter %r: only tag:KEY or tag:KEY=VALUE is supported" % text)
            key, has_value, value = text[4:].partition("=")
            wanted.append((key, value if has_value else None))
        return [self._render_service(s) for s in self.services.values()
                if all(self._has_tag(s, key, value) for key, value in wanted)]

    @staticmethod
    def _has_tag(service, key, value):
        return any(t["key"] == key and (value is None or t.get("value") == value) for t in service["tags"])

    @route("GET", SERVICE)
    def get_service(self, request, org_id, service_id):
        return self._render_service(self._service(request, org_id, service_id))

    @route("PATCH", SERVICE)
    def patch_service(self, request, org_id, service_id):
        """Name, tags, IP access list and private endpoint ids; each list ``remove`` first.

        Attaching an endpoint id that the organization does not know yet
        registers it there (without a description), which is why the API marks
        the org-level ``add`` deprecated (OpenAPI ``OrganizationPrivateEndpointsPatch.add``: "use the
        `Update Service Basic Details` endpoint with the `privateEndpointIds` field instead").
        Detaching never deregisters.
        """
        service = self._service(request, org_id, service_id)
        body = self._body(request, {"name", "ipAccessList", "privateEndpointIds", "tags", "releaseChannel"})
        ip_add, ip_remove = _patch_lists(body, "ipAccessList", self._check_ip_entry)
        pe_add, pe_remove = _patch_lists(body, "privateEndpointIds", self._check_endpoint_id)
        tag_add, tag_remove = _patch_lists(body, "tags", self._check_tag)
        if "name" in body:
            name = body["name"]
            if not isinstance(name, str) or not 1 <= len(name) <= 50:
                raise bad_request("name must be 1 to 50 characters")
            service["name"] = name
        if "releaseChannel" in body:
            if body["releaseChannel"] not in ("slow", "default", "fast"):
                raise bad_request("releaseChannel must be one of slow, default, fast")
            service["releaseChannel"] = body["releaseChannel"]
        removed = {item["source"] for item in ip_remove}
        service["ipAccessList"] = [e for e in service["ipAccessList"] if e["source"] not in removed]
        for item in ip_add:
            entry = dict(source=item["source"], description=item.get("description", ""))
            service["ipAccessList"] = [e for e in service["ipAccessList"] if e["source"] != entry["source"]]
            service["ipAccessList"].append(entry)
        service["privateEndpointIds"] = [e for e in service["privateEndpointIds"] if e not in pe_remove]
        for endpoint_id in pe_add:
            self._attach(service, endpoint_id)
        removed = {item["key"] for item in tag_remove}
        service["tags"] = [t for t in service["tags"] if t["key"] not in removed]
        for item in tag_add:
            service["tags"] = [t for t in service["tags"] if t["key"] != item["key"]] + [dict(item)]
        return self._render_service(service)

    def _attach(self, service, endpoint_id, description=None):
        known = next((e for e in self.organization["privateEndpoints"] if e["id"] == endpoint_id), None)
        if known is None or description is not None:
            self._register(endpoint_id, service["provider"], service["region"],
                           description if description is not None else "")
        elif (known["cloudProvider"], known["region"]) != (service["provider"], service["region"]):
            raise bad_request("Private endpoint %s is registered for %s %s, not for the service's %s %s"
                              % (endpoint_id, known["cloudProvider"], known["region"],
                                 service["provider"], service["region"]))
        if endpoint_id not in service["privateEndpointIds"]:
            service["privateEndpointIds"].append(endpoint_id)

    @staticmethod
    def _check_ip_entry(where, item):
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            raise bad_request("%s items need a source" % where)
        try:
            ipaddress.ip_network(item["source"], strict=False)
        except ValueError:
            raise bad_request("%s: %r is not an IP address or CIDR" % (where, item["source"]))
        if not isinstance(item.get("description", ""), str):
            raise bad_request("%s: description must be a string" % where)

    @staticmethod
    def _check_endpoint_id(where, item):
        if not isinstance(item, str) or not item.strip():
            raise bad_request("%s items must be non-empty strings" % where)

    @staticmethod
    def _check_tag(where, item):
        pattern = re.compile(r"^[a-zA-Z0-9._-]+$")
        if not isinstance(item, dict) or not isinstance(item.get("key"), str) or not pattern.match(item["key"]):
            raise bad_request("%s: tag keys must be letters, digits, '.', '_' or '-'" % where)
        value = item.get("value", "")
        if not isinstance(value, str) or (value and not pattern.match(value)):
            raise bad_request("%s: tag values must be letters, digits, '.', '_' or '-'" % where)

    @route("POST", SERVICE + "/privateEndpoint")
    def create_private_endpoint(self, request, org_id, service_id):
        """Attach an endpoint to the service and register it in the org, with a description.

        OpenAPI "Create a private endpoint": "The private endpoint will be associated with this service
        and organization". The document says nothing of an id the organization knows already; here it
        replaces the registration's description (inferred; the modules do not rely on it).
        """
        service = self._service(request, org_id, service_id)
        body = self._body(request, {"id", "description"})
        self._check_endpoint_id("id", body.get("id"))
        description = body.get("description", "")
        if not isinstance(description, str) or len(description) > MAX_DESCRIPTION:
            raise bad_request("description must be a string of at most %d characters" % MAX_DESCRIPTION)
        self._attach(service, body["id"], description)
        return copy.deepcopy(next(e for e in self.organization["privateEndpoints"] if e["id"] == body["id"]))

    @route("GET", SERVICE + "/privateEndpointConfig")
    def service_endpoint_config(self, request, org_id, service_id):
        return copy.deepcopy(self._service(request, org_id, service_id)["privateEndpointConfig"])

    @route("PATCH", SERVICE + "/state")
    def patch_state(self, request, org_id, service_id):
        """``awake`` wakes an idle service (awaking, then ``awake_outcome`` after ``awake_delay``).

        On a service already running or waking up it changes nothing (the official provider relies
        on that: terraform-provider-clickhouse internal/api/service.go wakeService); any other state
        cannot be woken and is refused with 400, the one error status the OpenAPI document declares
        for this call (inferred: the text is ours). ``start``/``stop`` as named.
        """
        service = self._service(request, org_id, service_id)
        command = self._body(request, {"command"}).get("command")
        if command not in ("start", "stop", "awake"):
            raise bad_request("command must be one of start, stop, awake")
        state = service["state"]
        if command == "awake" and state not in ("idle", "awaking", RUNNING):
            raise bad_request("Service %s cannot be woken: only an idle service can. Current state: %s"
                              % (service_id, state))
        if command == "awake" and state == "idle":
            service["state"] = "awaking"
            self._later("service", service_id, self.awake_delay, self.awake_outcome)
        elif command == "start" and state == "stopped":
            service["state"] = "starting"
            self._later("service", service_id, self.awake_delay, "running")
        elif command == "stop" and state not in ("stopped", "stopping"):
            self.timers.pop(("service", service_id), None)
            service["state"] = "stopped"
        return self._render_service(service)

    # ClickPipes reverse private endpoints --------------------------------------------------

    def _running_service(self, request, org_id, service_id):
        """ClickPipes calls need a running service: every other state answers 424.

        The body is the one the ClickPipes API sends, the state named only in the text:
        ``{"requestId", "error": "FAILED_DEPENDENCY: ... Current state: idle", "status": 424}``
        (terraform-provider-clickhouse internal/api/clickpipe_test.go); unlike the UDF API it has
        no ``serviceState``/``canWake`` fields.
        """
        service = self._service(request, org_id, service_id)
        if service["state"] != RUNNING:
            raise HttpError(424, "FAILED_DEPENDENCY",
                            "Reverse private endpoints are available only when the ClickHouse service is "
                            "running. Current state: %s" % service["state"])
        return service

    def _rpe(self, request, org_id, service_id, rpe_id):
        service = self._running_service(request, org_id, service_id)
        _check_uuid("reversePrivateEndpointId", rpe_id)
        rpe = self.rpes.get(rpe_id)
        if rpe is None or rpe["serviceId"] != service["id"]:
            raise not_found("Reverse private endpoint %s not found" % rpe_id)
        return service, rpe

    @route("GET", RPE)
    def list_rpes(self, request, org_id, service_id):
        service = self._running_service(request, org_id, service_id)
        return [copy.deepcopy(r) for r in self.rpes.values() if r["serviceId"] == service["id"]]

    @route("GET", RPE + "/{rpe_id}")
    def get_rpe(self, request, org_id, service_id, rpe_id):
        return copy.deepcopy(self._rpe(request, org_id, service_id, rpe_id)[1])

    @route("POST", RPE)
    def create_rpe(self, request, org_id, service_id):
        """Validate as the API does, then start provisioning (Provisioning -> outcome).

        The API has no unique key: creating the same target twice makes two endpoints.
        """
        service = self._running_service(request, org_id, service_id)
        fields = {"description", "type", "customPrivateDnsMappings"}
        for names in RPE_TYPE_FIELDS.values():
            fields.update(names)
        body = self._body(request, fields)
        description = body.get("description")
        if not isinstance(description, str) or not description.strip():
            raise bad_request("description is required")
        if len(description) > MAX_DESCRIPTION:
            raise bad_request("description must be at most %d characters" % MAX_DESCRIPTION)
        kind = body.get("type")
        if kind not in RPE_TYPES:
            raise bad_request("type must be one of %s" % ", ".join(RPE_TYPES))
        if service["provider"] != RPE_PROVIDER[kind]:
            raise bad_request("type %s is not available for %s services" % (kind, service["provider"]))
        for other, names in RPE_TYPE_FIELDS.items():
            for name in names:
                value = body.get(name)
                if other != kind:
                    if value is not None:
                        raise bad_request("%s is not allowed for type %s" % (name, kind))
                elif value is None or value == "":
                    raise bad_request("%s is required for type %s" % (name, kind))
                elif name == "mskAuthentication":
                    if value not in MSK_AUTH:
                        raise bad_request("mskAuthentication must be one of %s" % ", ".join(MSK_AUTH))
                elif not isinstance(value, str) or not RPE_FORMATS[name][0].match(value):
                    raise bad_request("%s %r is not of the form %s" % (name, value, RPE_FORMATS[name][1]))
        mappings = self._check_dns_mappings(service, kind, body.get("customPrivateDnsMappings"))
        # Fields of other types are left out rather than null: the document's enum for
        # mskAuthentication does not admit null.
        rpe = dict(id=str(uuid.uuid4()), serviceId=service["id"], description=description, type=kind,
                   customPrivateDnsMappings=mappings, status="Provisioning")
        for name in RPE_TYPE_FIELDS[kind]:
            rpe[name] = body[name]
        rpe.update(self._endpoint_names(service, rpe))
        outcome = self._aws_endpoint(service, rpe) or self._outcome(rpe)
        self.rpes[rpe["id"]] = rpe
        self._later("rpe", rpe["id"], self.provision_delay, outcome)
        return copy.deepcopy(self.rpes.get(rpe["id"], rpe))

    def _outcome(self, rpe):
        target = rpe[RPE_TYPE_FIELDS[rpe["type"]][0]]
        outcome = (self.rpe_outcomes or {}).get(target)
        if outcome:
            return outcome
        if self.pending_acceptance and rpe["type"] == "VPC_ENDPOINT_SERVICE":
            return "PendingAcceptance"
        return "Ready"

    def _aws_endpoint(self, service, rpe):
        """With ``aws_endpoint_url``: ClickPipes' interface endpoint to the endpoint service, made in
        that AWS (see clickpipes_aws); returns the status it stands for, else None."""
        if not self.aws_endpoint_url or rpe["type"] != "VPC_ENDPOINT_SERVICE":
            return None
        endpoint_id, names, status = ClickPipesAws(self.aws_endpoint_url).create(
            service["region"], rpe["vpcEndpointServiceName"])
        if endpoint_id:
            rpe.update(endpointId=endpoint_id, dnsNames=names)
            self.rpe_aws[rpe["id"]] = (service["region"], endpoint_id)
        return status

    @staticmethod
    def _endpoint_names(service, rpe):
        """The endpoint the platform creates on its side, and the names to reach the target."""
        region = service["region"]
        tag = _digest(rpe["id"])
        if rpe["type"] == "GCP_PSC_SERVICE_ATTACHMENT":
            return dict(endpointId=str(int(tag[:12], 16)),
                        dnsNames=["psc-%s.%s.p.gcp.clickpipes.internal" % (tag[:10], region)],
                        privateDnsNames=[])
        endpoint_id = "vpce-%s" % tag
        dns = ["%s-%s.vpce-svc-%s.%s.vpce.amazonaws.com" % (endpoint_id, tag[:8], tag[8:], region)]
        private = []
        if rpe["type"] == "MSK_MULTI_VPC":
            cluster = rpe["mskClusterArn"].split(":cluster/")[1].split("/")[0]
            # One name per broker; broker i listens on port 14001 + i.
            private = ["b-%d.%s.%s.c2.kafka.%s.amazonaws.com" % (i, cluster, tag[:6], region) for i in (1, 2, 3)]
        return dict(endpointId=endpoint_id, dnsNames=dns, privateDnsNames=private)

    def _check_dns_mappings(self, service, kind, mappings, own_id=None):
        """Custom private DNS: valid names, not for MSK, unique across the service, no reserved zones."""
        if mappings is None:
            return []
        if not isinstance(mappings, list):
            raise bad_request("customPrivateDnsMappings must be an array")
        if mappings and kind == "MSK_MULTI_VPC":
            raise bad_request("customPrivateDnsMappings is not supported for MSK_MULTI_VPC")
        taken = {m["privateDnsName"] for r in self.rpes.values()
                 if r["serviceId"] == service["id"] and r["id"] != own_id
                 for m in r["customPrivateDnsMappings"]}
        seen = set()
        result = []
        for mapping in mappings:
            if not isinstance(mapping, dict) or set(mapping) != {"privateDnsName"}:
                raise bad_request("customPrivateDnsMappings items must be {\"privateDnsName\": ...}")
            name = mapping["privateDnsName"]
            if not isinstance(name, str) or len(name) > 253 or not DNS_NAME.match(name):
                raise bad_request("privateDnsName %r is not a valid DNS name" % (name,))
            bare = name[2:] if name.startswith("*.") else name
            if any(bare == s or bare.endswith("." + s) for s in RESERVED_DNS_SUFFIXES):
                raise bad_request("privateDnsName %s is in a reserved domain" % name)
            if name in seen or name in taken:
                raise HttpError(409, "CONFLICT", "privateDnsName %s is already used in this service" % name)
            seen.add(name)
            result.append({"privateDnsName": name})
        return result

    @route("PATCH", RPE + "/{rpe_id}")
    def patch_rpe(self, request, org_id, service_id, rpe_id):
        """Only the custom DNS list can change: a full replacement; ``[]`` clears it."""
        service, rpe = self._rpe(request, org_id, service_id, rpe_id)
        body = self._body(request, {"customPrivateDnsMappings"})
        if "customPrivateDnsMappings" not in body:
            raise bad_request("customPrivateDnsMappings is required")
        if rpe["status"] == "Deleting":
            raise bad_request("Reverse private endpoint %s is being deleted" % rpe_id)
        rpe["customPrivateDnsMappings"] = self._check_dns_mappings(
            service, rpe["type"], body["customPrivateDnsMappings"], own_id=rpe_id)
        return copy.deepcopy(rpe)

    @route("DELETE", RPE + "/{rpe_id}")
    def delete_rpe(self, request, org_id, service_id, rpe_id):
        """Answers 200 without a result; the endpoint shows Deleting, then GET is 404."""
        rpe = self._rpe(request, org_id, service_id, rpe_id)[1]
        if rpe["status"] != "Deleting":
            rpe["status"] = "Deleting"
            if rpe_id in self.rpe_aws and self.aws_endpoint_url:
                ClickPipesAws(self.aws_endpoint_url).delete(*self.rpe_aws.pop(rpe_id))
            self._later("rpe", rpe_id, self.delete_delay, None)
        return Reply(200, None)

    # Control ------------------------------------------------------------------------------

    def control_action(self, action, request, body):
        if action == "rpe_status" and request.method == "POST":
            rpe = self.rpes.get(body.get("id"))
            if rpe is None or body.get("status") not in RPE_STATUSES:
                return Reply(400, {"error": "need the id of an existing endpoint and a known status"})
            self.set_rpe_status(rpe["id"], body["status"])
            return Reply(200, copy.deepcopy(rpe))
        if action == "seed" and request.method == "POST" and not request.raw_body:
            self.seed()
            return Reply(200, self.snapshot())
        return super().control_action(action, request, body)

    def set_rpe_status(self, rpe_id, status):
        """What the other side would do: accept (Ready), reject, fail or expire an endpoint."""
        with self.lock:
            self.timers.pop(("rpe", rpe_id), None)
            self.rpes[rpe_id]["status"] = status

    def configure(self, **settings):
        if settings.get("awake_outcome", RUNNING) not in SERVICE_STATES:
            raise HttpError(400, "BAD_REQUEST", "awake_outcome must be one of %s" % ", ".join(SERVICE_STATES))
        super().configure(**settings)
