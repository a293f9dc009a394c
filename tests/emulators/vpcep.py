# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A stateful emulator of the VPC Endpoint (VPCEP) API v1 of Huawei Cloud and
Open Telekom Cloud: endpoint services, their permissions and connections, and
endpoints, behind the API gateway and IAM of ``huawei_gateway.py``.

One server speaks both clouds: every project of the fixture belongs to a
domain of one cloud, so the ``{project_id}`` in the path picks the rules
(OTC's stricter tags, ``BMS`` servers, ``proxy_vni``, the reserved CIDR and
the error shape). The fixture ``fixtures/vpcep.json`` holds a provider and a
consumer account per cloud with users, AK/SK pairs (one temporary) and their
networks (VPCs, subnets, ports, route tables) that creates are checked against.

Error bodies of the service (the gateway's own are described in ``huawei_gateway.py``):

- ``{"error_code": "EndPoint.0002", "error_msg": ...}``: the format of the
  VPCEP "Error Codes" page, used by OTC for everything and by Huawei for the
  endpoint, quota and tag calls.
- ``{"error": {"code": ..., "message": ...}}``: what Huawei's API reference
  documents for the endpoint service calls (the error tables of its "VPC Endpoint
  Services" pages, e.g.
  https://support.huaweicloud.com/intl/en-us/api-vpcep/CreateEndpointService.html), so Huawei
  projects get it on ``/vpc-endpoint-services``.

Asynchronous states follow the wall clock with delays set through
``configure()`` / ``POST /_emulator/settings`` (instant in tests, a second in a
demo). Services go ``creating -> available`` (``failed`` on a port marked
``fail``), endpoints ``creating -> accepted`` or ``pendingAcceptance`` (``failed``
in a subnet marked ``fail``), deletes ``deleting -> 404``.
"""

from __future__ import annotations

import copy
import ipaddress
import re
import uuid
from datetime import datetime, timezone

from ansible_collections.privatelink.endpoints.tests.emulators.base import (
    HttpError,
    Reply,
    route,
)
from ansible_collections.privatelink.endpoints.tests.emulators.huawei_gateway import NO_SUCH_API, HuaweiGateway

PROJECT = "/v1/{project_id}"
SERVICES = PROJECT + "/vpc-endpoint-services"
SERVICE = SERVICES + "/{service_id}"
ENDPOINTS = PROJECT + "/vpc-endpoints"
ENDPOINT = ENDPOINTS + "/{endpoint_id}"

# Per-cloud rules, from the newest official references:
# - Huawei tags: huaweicloudsdkvpcep 3.1.x TagList (key 1-128, value 0-255 characters; letters, digits,
#   spaces and _ . : = + - @, / in values; keys not starting with _sys_ nor with a space at either end) and
#   CreateEndpointServiceRequestBody.tags (at most 20). The 2022 seeds' 36/43/10 are outdated.
# - OTC: https://docs.otc.t-systems.com/vpc-endpoint/api-ref/ (opentelekomcloud-docs/vpc-endpoint):
#   tags key <= 36 / value <= 43 of letters, digits, -, _, @, at most 20; description at most 128
#   characters; subnets and custom routes must not overlap 198.19.128.0/17 (older docs: /20); the VPC
#   endpoint APIs are create, query and delete only (no PUT .../vpc-endpoints/{id}, no .../routetables).
RULES = {
    "huaweicloud": dict(
        server_types=("VM", "LB", "VIP"),
        tcp_proxy=("close", "toa_open", "proxy_open", "open"),
        tag_key_max=128, tag_value_max=255, max_tags=20,
        tag_key_chars=re.compile(r"^[\w .:=+@-]+$"), tag_value_chars=re.compile(r"^[\w .:/=+@-]*$"),
        description_max=512,
        reserved=ipaddress.ip_network("198.19.128.0/17"),
        permission_types=("domainId", "orgPath"),
        dns_suffix="myhuaweicloud.com",
        endpoint_updates=True,
    ),
    "otc": dict(
        server_types=("VM", "LB", "VIP", "BMS"),
        tcp_proxy=("close", "toa_open", "proxy_open", "open", "proxy_vni"),
        tag_key_max=36, tag_value_max=43, max_tags=20,
        tag_key_chars=re.compile(r"^[A-Za-z0-9_@-]+$"), tag_value_chars=re.compile(r"^[A-Za-z0-9_@-]*$"),
        description_max=128,
        reserved=ipaddress.ip_network("198.19.128.0/17"),
        permission_types=("domainId",),
        dns_suffix="otc.t-systems.com",
        endpoint_updates=False,
    ),
}
SYSTEM_TAG_PREFIX = "_sys_"
SERVICE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
DOMAIN_PERMISSION = re.compile(r"^iam:domain::[0-9a-f]{32}$")
ORG_PERMISSION = re.compile(r"^organizations:orgPath::[\w/-]+$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_PORTS = 200
MAX_PERMISSIONS = 50
SERVICE_STATUSES = ("creating", "available", "failed", "deleting")
ENDPOINT_STATUSES = ("creating", "pendingAcceptance", "accepted", "rejected", "failed", "deleting")
SERVICE_MISSING = "EndPoint.2003"
DEFAULT_QUOTAS = {"endpoint_service": 20, "endpoint": 50}


def param_error(message, code="EndPoint.0002"):
    return HttpError(400, code, message)


def _now_text():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _public(record):
    """The record without the emulator's bookkeeping (keys starting with ``_``)."""
    return {k: copy.deepcopy(v) for k, v in record.items() if not k.startswith("_")}


class VpcepEmulator(HuaweiGateway):
    """VPCEP v1 for Huawei Cloud and OTC projects, seeded from ``fixtures/vpcep.json``."""

    name = "vpcep"
    # A body the call cannot use is a parameter error (EndPoint.0002).
    NOT_AN_OBJECT = "The request body must be a JSON object."
    UNKNOWN_FIELDS = "Parameter error: %s is not a parameter of this API."
    # The service's codes in the gateway's answers (VPCEP "Error Codes" page of both clouds).
    PARAMETER_ERROR = "EndPoint.0002"
    SYSTEM_ERROR = ("EndPoint.0001", "System error. Please retry.")
    NO_PERMISSION = "EndPoint.0004"
    SERVICE_THROTTLE = (400, {"error_code": "EndPoint.0022",
                              "error_msg": "The number of requests exceeded the limit. Please try later."})

    DEFAULT_SETTINGS = dict(
        HuaweiGateway.DEFAULT_SETTINGS,
        service_delay=1.0,      # creating -> available / failed
        endpoint_delay=1.0,     # creating -> accepted / pendingAcceptance / failed
        connection_delay=1.0,   # accept / reject take effect
        delete_delay=1.0,       # deleting -> gone
        # The docs put every endpoint of an approval service in pendingAcceptance;
        # set this to accept the owner's own endpoints at once instead.
        owner_auto_accept=False,
        # False accepts VPC / subnet / port ids the fixture does not know.
        strict_network=True,
    )
    # Every delay at zero: what tests want unless they watch a transition.
    INSTANT = dict(service_delay=0, endpoint_delay=0, connection_delay=0, delete_delay=0)

    def __init__(self, host="127.0.0.1", port=0, fixture=None):
        super().__init__(host, port, fixture)
        # Literal paths (``.../describe``, ``.../public``) before the ``{service_id}`` ones.
        self.routes.sort(key=lambda entry: entry[1].pattern.count("[^/]+"))

    # State -------------------------------------------------------------------------

    def reset(self):
        super().reset()
        self.vpcs = {}
        self.subnets = {}
        self.ports = {}
        self.routetables = {}
        self.services = {}
        self.endpoints = {}
        self.deleted_endpoints = set()
        self.permissions = {}   # service id -> [permission records]
        self.sequence = 0
        self.next_marker = 1342177280

    def seed_resources(self, data):
        """``public_services``, ``endpoint_services``, ``endpoints`` and ``permissions`` of a seed
        (its ``domains`` are the gateway's; their projects' networks come through ``seed_project()``)."""
        for service in data.get("public_services", []):
            self._seed_public_service(service)
        for service in data.get("endpoint_services", []):
            self._seed_service(service)
        for endpoint in data.get("endpoints", []):
            self._seed_endpoint(endpoint)
        for service_id, entries in data.get("permissions", {}).items():
            for entry in entries:
                self._add_permission(service_id, entry)

    def seed_project(self, project, record):
        """A project's quotas and networks (VPCs with subnets, ports and route tables)."""
        record["quotas"] = dict(DEFAULT_QUOTAS, **project.get("quotas", {}))
        for vpc in project.get("vpcs", []):
            self._seed_vpc(project["id"], vpc)

    def _seed_vpc(self, project_id, vpc):
        self.vpcs[vpc["id"]] = dict(id=vpc["id"], name=vpc.get("name", ""), cidr=vpc.get("cidr"),
                                    project_id=project_id)
        for subnet in vpc.get("subnets", []):
            self.subnets[subnet["id"]] = dict(subnet, vpc_id=vpc["id"])
        for port in vpc.get("ports", []):
            self.ports[port["id"]] = dict(port, vpc_id=vpc["id"])
        for table in vpc.get("routetables", []):
            self.routetables[table["id"]] = dict(table, vpc_id=vpc["id"])

    def _seed_public_service(self, service):
        """Services run by the operator: listed by ``/public``, open to every account."""
        record = self._new_service(None, service.get("cloud", "huaweicloud"), service.get("region", ""), dict(
            service_type=service.get("service_type", "interface"), server_type="VM",
            approval_enabled=False, ports=[], port_id=None, vpc_id=None))
        record.update(id=service["id"], service_name=service["service_name"], status="available",
                      _owner=service.get("owner", "public"))
        self.services[record["id"]] = record
        self._add_permission(record["id"], "*")

    def _seed_service(self, service):
        """A service of a tenant project; what it leaves out takes the project's first VPC and port."""
        project = self.projects[service["project_id"]]
        vpc = service.get("vpc_id") or next(v["id"] for v in self.vpcs.values()
                                            if v["project_id"] == project["id"])
        body = dict(vpc_id=vpc, server_type="VM", service_type="interface", approval_enabled=True,
                    port_id=next((p["id"] for p in self.ports.values() if p["vpc_id"] == vpc), None),
                    ports=[dict(client_port=80, server_port=80, protocol="TCP")])
        body.update({k: v for k, v in service.items() if k not in ("project_id", "id", "service_name", "status")})
        record = self._new_service(project["id"], project["cloud"], project["name"], body)
        if service.get("id"):
            record["id"] = service["id"]
        record["service_name"] = self._full_name(project["name"], service.get("service_name"), record["id"])
        record["status"] = service.get("status", "available")
        self.services[record["id"]] = record
        return record

    def _seed_endpoint(self, endpoint):
        """An endpoint of a tenant project; without vpc_id / subnet_id it takes the project's first ones."""
        project = self.projects[endpoint["project_id"]]
        service = self.services[endpoint["endpoint_service_id"]]
        body = {k: v for k, v in endpoint.items() if k not in ("project_id", "id", "status")}
        body.setdefault("vpc_id", next(v["id"] for v in self.vpcs.values() if v["project_id"] == project["id"]))
        body.setdefault("subnet_id", next((s["id"] for s in self.subnets.values() if s["vpc_id"] == body["vpc_id"]),
                                          None))
        record = self._new_endpoint(project, service, body)
        if endpoint.get("id"):
            record["id"] = endpoint["id"]
        self.endpoints[record["id"]] = record
        self._set_endpoint_status(record, endpoint.get("status", "accepted"))
        return record

    def snapshot(self):
        with self.lock:
            self.tick()
            return {
                "endpoint_services": [self._render_service(s) for s in self.services.values() if s["_project"]],
                "endpoints": [self._render_endpoint(e) for e in self.endpoints.values()],
                "permissions": {sid: [p["permission"] for p in entries]
                                for sid, entries in self.permissions.items()},
                "tokens": len(self.tokens),
                "settings": {name: getattr(self, name) for name in self.DEFAULT_SETTINGS},
            }

    # Convenience for tests and the launcher -------------------------------------------

    def account(self, role="provider", cloud="huaweicloud"):
        """Everything a test needs to act as one fixture account: ids, secrets, network ids by name."""
        account = self.identity(role, cloud)
        vpcs = [v for v in self.vpcs.values() if v["project_id"] == account["project_id"]]

        def named(table):
            return {item["name"]: item["id"] for item in table.values()
                    if item["vpc_id"] == vpcs[0]["id"] and "name" in item}
        subnets, ports = named(self.subnets), named(self.ports)
        account.update(
            vpc_id=vpcs[0]["id"], subnet_id=subnets.get("main"), subnets=subnets, port_id=ports.get("lb"),
            ports=ports, reserved_vpc_id=next((v["id"] for v in vpcs[1:]), None),
            routetables=[t["id"] for t in self.routetables.values() if t["vpc_id"] == vpcs[0]["id"]],
        )
        return account

    def short_path(self, path):
        """The path below the project (``/vpc-endpoints/...``)."""
        return re.sub(r"^/v1/[^/]+(?=/)", "", path)

    def service(self, service_id):
        """The stored service record as of now, None once gone (tests inspect and adjust state through this)."""
        with self.lock:
            self.tick()
            return self.services.get(service_id)

    def endpoint(self, endpoint_id):
        with self.lock:
            self.tick()
            return self.endpoints.get(endpoint_id)

    # Errors and time ------------------------------------------------------------------------

    def body_error(self, message):
        return param_error(message)

    def service_error_shape(self, request, code, message):
        """Huawei's endpoint service calls answer the nested form of its API reference."""
        if "/vpc-endpoint-services" in request.path and self.cloud_of(request.path) == "huaweicloud":
            return {"error": {"code": code, "message": message}}
        return None

    def fire(self, kind, ident, state):
        if kind == "service" and ident in self.services:
            if state is None:
                del self.services[ident]
                self.permissions.pop(ident, None)
            else:
                self.services[ident]["status"] = state
                self.services[ident]["updated_at"] = _now_text()
        elif kind == "endpoint" and ident in self.endpoints:
            if state is None:
                del self.endpoints[ident]
                self.deleted_endpoints.add(ident)
            else:
                self._set_endpoint_status(self.endpoints[ident], state)

    # Lookups and shared checks --------------------------------------------------------------

    def _rules(self, project_id):
        return RULES[self.projects[project_id]["cloud"]]

    def _owned_service(self, project_id, service_id, usable=True, missing="EndPoint.0005"):
        """A service of the project. What a call says when there is none: its own details answer 404
        EndPoint.0005; calls on what belongs to a service (connections, permissions) answer 400 EndPoint.2003
        "The endpoint service does not exist." (VPCEP Error Codes of both clouds, HTTP 400)."""
        service = self.services.get(service_id)
        if service is None or service["_project"] != project_id:
            if missing == SERVICE_MISSING:
                raise param_error("The endpoint service does not exist.", SERVICE_MISSING)
            raise HttpError(404, "EndPoint.0005", "The requested resource does not exist: "
                                                  "VPC endpoint service %s" % service_id)
        if usable and service["status"] in ("creating", "deleting"):
            raise param_error("Other properties cannot be modified in the current endpoint service state "
                              "(%s)." % service["status"], "EndPoint.3045")
        return service

    def _owned_endpoint(self, project_id, endpoint_id):
        endpoint = self.endpoints.get(endpoint_id)
        if endpoint is None or endpoint["project_id"] != project_id:
            if endpoint_id in self.deleted_endpoints:
                raise HttpError(404, "EndPoint.2008", "The VPC endpoint has been deleted.")
            raise HttpError(404, "EndPoint.2006", "The requested VPC endpoint %s does not exist." % endpoint_id)
        return endpoint

    def _vpc(self, project_id, vpc_id):
        if not isinstance(vpc_id, str) or not vpc_id:
            raise param_error("The input parameter vpc_id is empty.", "EndPoint.2011")
        vpc = self.vpcs.get(vpc_id)
        if vpc is None and not self.strict_network:
            return dict(id=vpc_id, project_id=project_id, cidr=None)
        if vpc is None or vpc["project_id"] != project_id:
            raise param_error("The VPC %s does not exist." % vpc_id, "EndPoint.2001")
        return vpc

    def _check_reserved_routes(self, project_id, vpc):
        """Custom routes of the VPC's route tables must stay out of the reserved block."""
        reserved = self._rules(project_id)["reserved"]
        tables = [t for t in self.routetables.values() if t["vpc_id"] == vpc["id"]]
        for table in tables:
            for entry in table.get("routes", []):
                if ipaddress.ip_network(entry["destination"], strict=False).overlaps(reserved):
                    raise param_error("Invalid CIDR: the route to %s in route table %s overlaps %s."
                                      % (entry["destination"], table["id"], reserved), "EndPoint.3009")

    def _check_subnet_cidr(self, project_id, subnet):
        reserved = self._rules(project_id)["reserved"]
        if subnet.get("cidr") and ipaddress.ip_network(subnet["cidr"]).overlaps(reserved):
            raise param_error("Invalid CIDR: subnet %s (%s) overlaps %s."
                              % (subnet["id"], subnet["cidr"], reserved), "EndPoint.3009")

    @staticmethod
    def _check_bool(body, name, code="EndPoint.0002"):
        if name in body and not isinstance(body[name], bool):
            raise param_error("Parameter error: %s must be true or false." % name, code)

    def _check_description(self, project_id, body):
        description = body.get("description")
        if description is None:
            return
        limit = self._rules(project_id)["description_max"]
        if not isinstance(description, str) or len(description) > limit:
            raise param_error("Parameter error: description must be a string of at most %d characters." % limit)
        if "<" in description or ">" in description:
            raise param_error("Parameter error: description must not contain < or >.")

    def _check_tags(self, project_id, tags, existing=()):
        """Tag rules of the project's cloud; ``existing`` counts toward the per-resource limit."""
        rules = self._rules(project_id)
        if not isinstance(tags, list):
            raise param_error("Parameter error: tags must be an array of {key, value}.")
        keys = set()
        for tag in tags:
            if not isinstance(tag, dict) or not isinstance(tag.get("key"), str) or not tag["key"]:
                raise param_error("The tag cannot be empty.", "EndPoint.3066")
            key, value = tag["key"], tag.get("value", "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise param_error("Tag keys and values must meet relevant requirements: value of %s "
                                  "must be a string." % key, "EndPoint.3068")
            if key.startswith(SYSTEM_TAG_PREFIX):
                raise param_error("Tag keys and values must meet relevant requirements: %s is a system tag key."
                                  % key, "EndPoint.3068")
            if len(key) > rules["tag_key_max"]:
                raise param_error("The tag key size is invalid: %s is longer than %d characters."
                                  % (key, rules["tag_key_max"]), "EndPoint.3072")
            if len(value) > rules["tag_value_max"]:
                raise param_error("The tag value size is invalid: the value of %s is longer than %d "
                                  "characters." % (key, rules["tag_value_max"]), "EndPoint.3073")
            for text, chars in ((key, rules["tag_key_chars"]), (value, rules["tag_value_chars"])):
                if not chars.match(text) or text is key and key != key.strip():
                    raise param_error("Tag keys and values must meet relevant requirements: %r." % text,
                                      "EndPoint.3068")
            if key in keys:
                raise param_error("The tag key cannot be duplicated: %s." % key, "EndPoint.3067")
            keys.add(key)
        total = len(keys | {t["key"] for t in existing})
        if total > rules["max_tags"]:
            raise param_error("The maximum number of tags has been reached (%d)." % rules["max_tags"],
                              "EndPoint.3069")
        return [dict(key=t["key"], value=t.get("value") or "") for t in tags]

    def _check_quota(self, project_id, kind, table):
        used = sum(1 for item in table.values() if item.get("_project", item.get("project_id")) == project_id)
        if used >= self.projects[project_id]["quotas"][kind]:
            # The Error Codes page spells this one "Endpoint.", not "EndPoint.".
            raise param_error("Quota exceeded.", "Endpoint.1018")

    def _page(self, request, items, key, render, max_limit=1000):
        """Sort, slice by ``offset``/``limit`` and render; ``total_count`` ignores paging."""
        limit, offset = request.arg("limit", "10"), request.arg("offset")
        if not re.match(r"^\d+$", limit) or not 1 <= int(limit) <= max_limit:
            raise param_error("Invalid limit.", "EndPoint.0006")
        # "The offset must be an integer greater than 0" (every list call, both API references):
        # offset=0 is refused, the first page is asked for without one.
        if offset is not None and (not re.match(r"^\d+$", offset) or int(offset) < 1):
            raise param_error("Invalid offset.", "EndPoint.0010")
        sort_key, sort_dir = request.arg("sort_key", "create_at"), request.arg("sort_dir", "desc")
        if sort_key not in ("create_at", "update_at"):
            raise param_error("Invalid sort_key.", "EndPoint.0017")
        if sort_dir not in ("asc", "desc"):
            raise param_error("Invalid sort_dir.", "EndPoint.0018")
        field = "created_at" if sort_key == "create_at" else "updated_at"
        items = sorted(items, key=lambda item: (item.get(field) or "", item.get("_seq", 0)),
                       reverse=sort_dir == "desc")
        start = int(offset or 0)
        return {key: [render(item) for item in items[start:start + int(limit)]], "total_count": len(items)}

    def _next_seq(self):
        self.sequence += 1
        return self.sequence

    # Endpoint services ------------------------------------------------------------------

    @staticmethod
    def _full_name(region, short, service_id):
        return "%s.%s.%s" % (region, short, service_id) if short else "%s.%s" % (region, service_id)

    def _new_service(self, project_id, cloud, region, body):
        service_id = str(uuid.uuid4())
        now = _now_text()
        return dict(
            id=service_id, port_id=body.get("port_id"), vip_port_id=body.get("vip_port_id"),
            service_name=self._full_name(region, body.get("service_name"), service_id),
            server_type=body["server_type"], vpc_id=body["vpc_id"],
            pool_id=str(uuid.uuid5(uuid.NAMESPACE_URL, "pool/" + region)),
            approval_enabled=body.get("approval_enabled", True), status="creating",
            service_type=body.get("service_type", "interface"), created_at=now, updated_at=now,
            project_id=project_id, cidr_type="internal", ports=copy.deepcopy(body.get("ports", [])),
            tcp_proxy=body.get("tcp_proxy", "close"), tags=copy.deepcopy(body.get("tags", [])),
            description=body.get("description", ""), enable_policy=False,
            _project=project_id, _cloud=cloud, _region=region, _seq=self._next_seq(),
            _domain=self.projects[project_id]["domain_id"] if project_id else None,
        )

    def _render_service(self, service):
        # vip_port_id is create-only: no response model carries it (SDK ListServiceDetailsResponse,
        # CreateEndpointServiceResponse, UpdateEndpointServiceResponse; OTC "Querying Details About a VPC
        # Endpoint Service"), so it is kept as bookkeeping only.
        body = {k: v for k, v in _public(service).items() if v is not None and k != "vip_port_id"}
        body["domain_id"] = service["_domain"]
        body["connection_count"] = sum(1 for e in self.endpoints.values()
                                       if e["endpoint_service_id"] == service["id"] and e["status"] == "accepted")
        if service["status"] == "failed":
            body["error"] = [{"code": "EndPoint.3008", "message": "The port is not found."}]
        return body

    @staticmethod
    def _check_ports(ports):
        """1 to 200 TCP mappings without duplicates."""
        if not isinstance(ports, list) or not ports:
            raise param_error("The VPC endpoint service port or protocol is empty.", "EndPoint.2028")
        if len(ports) > MAX_PORTS:
            raise param_error("The maximum of port mappings has been reached (%d)." % MAX_PORTS, "EndPoint.3074")
        clean, clients, servers = [], set(), set()
        for mapping in ports:
            if not isinstance(mapping, dict) or "client_port" not in mapping or "server_port" not in mapping:
                raise param_error("The VPC endpoint service port or protocol is empty.", "EndPoint.2028")
            for name in ("client_port", "server_port"):
                if not _is_int(mapping[name]) or not 1 <= mapping[name] <= 65535:
                    raise param_error("Invalid port: %s %r is not in 1-65535." % (name, mapping[name]),
                                      "EndPoint.3004")
            protocol = mapping.get("protocol", "TCP")
            if protocol != "TCP":
                raise param_error("Invalid protocol %r: only TCP is supported." % protocol, "EndPoint.3075")
            server = (mapping["server_port"], protocol)
            if mapping["client_port"] in clients or server in servers:
                raise param_error("The parameter ports conflicted with ports in an existing endpoint service: "
                                  "duplicate mapping %s -> %s." % (mapping["client_port"], mapping["server_port"]),
                                  "EndPoint.3044")
            clients.add(mapping["client_port"])
            servers.add(server)
            clean.append(dict(client_port=mapping["client_port"], server_port=mapping["server_port"],
                              protocol=protocol))
        return clean

    def _check_port_clash(self, ports, port_id, own_id=None):
        """Services sharing a backend port must not share a server port and protocol."""
        servers = {(p["server_port"], p["protocol"]) for p in ports}
        for other in self.services.values():
            if other["id"] == own_id or other["port_id"] != port_id or other["status"] == "deleting":
                continue
            taken = {(p["server_port"], p["protocol"]) for p in other["ports"]} & servers
            if taken:
                raise param_error("The parameter ports conflicted with ports in an existing endpoint service: "
                                  "server port %s/%s is used by %s on the same port_id."
                                  % (sorted(taken)[0] + (other["id"],)), "EndPoint.3044")

    def _check_backend(self, project_id, vpc, body):
        """port_id (and vip_port_id) must be ports of the service's VPC, outside the reserved block."""
        port_id = body.get("port_id")
        if not isinstance(port_id, str) or not port_id:
            raise param_error("Invalid port ID: port_id is required.", "EndPoint.3003")
        port = self.ports.get(port_id)
        if port is None and self.strict_network:
            raise param_error("The port %s does not exist." % port_id, "EndPoint.3008")
        if port is not None and port["vpc_id"] != vpc["id"]:
            raise param_error("The port ID does not belong to the current VPC.", "EndPoint.3042")
        if port is not None and port.get("subnet_id") in self.subnets:
            self._check_subnet_cidr(project_id, self.subnets[port["subnet_id"]])
        vip = body.get("vip_port_id")
        if vip is not None and (not isinstance(vip, str) or
                                (self.strict_network and self.ports.get(vip, {}).get("vpc_id") != vpc["id"])):
            raise param_error("Endpoint service vip port id is invalid.", "EndPoint.3051")
        return port

    def _check_service_fields(self, project_id, body):
        """Fields create and update share."""
        rules = self._rules(project_id)
        name = body.get("service_name")
        if name not in (None, "") and (not isinstance(name, str) or not SERVICE_NAME.match(name)):
            raise param_error("Invalid service name: at most 16 letters, digits, _ and -.", "EndPoint.3076")
        self._check_bool(body, "approval_enabled")
        if "tcp_proxy" in body and body["tcp_proxy"] not in rules["tcp_proxy"]:
            raise param_error("Parameter error: tcp_proxy must be one of %s." % ", ".join(rules["tcp_proxy"]))
        self._check_description(project_id, body)

    @route("POST", SERVICES)
    def create_service(self, request, project_id):
        body = self._body(request, ("port_id", "vip_port_id", "service_name", "vpc_id", "approval_enabled",
                                    "service_type", "server_type", "ports", "tcp_proxy", "tags", "description"))
        rules = self._rules(project_id)
        vpc = self._vpc(project_id, body.get("vpc_id"))
        if body.get("server_type") not in rules["server_types"]:
            raise param_error("Invalid serverType: must be one of %s." % ", ".join(rules["server_types"]),
                              "EndPoint.3021")
        service_type = body.get("service_type", "interface")
        if service_type == "gateway":
            raise self.forbidden("Only the operator can create gateway VPC endpoint services.")
        if service_type != "interface":
            raise param_error("Parameter error: service_type must be interface.")
        self._check_service_fields(project_id, body)
        port = self._check_backend(project_id, vpc, body)
        self._check_reserved_routes(project_id, vpc)
        body["ports"] = self._check_ports(body.get("ports"))
        body["tags"] = self._check_tags(project_id, body.get("tags", []))
        self._check_quota(project_id, "endpoint_service", self.services)
        self._check_port_clash(body["ports"], body["port_id"])
        project = self.projects[project_id]
        service = self._new_service(project_id, project["cloud"], project["name"], body)
        self.services[service["id"]] = service
        answer = self._render_service(service)  # the answer says creating, however short the delay
        self._later("service", service["id"], self.service_delay,
                    "failed" if port and port.get("fail") else "available")
        return answer

    @route("GET", SERVICES)
    def list_services(self, request, project_id):
        name = (request.arg("endpoint_service_name") or "").lower()
        wanted_id, status = request.arg("id"), request.arg("status")
        if status is not None and status not in SERVICE_STATUSES:
            raise param_error("Invalid status.", "EndPoint.0019")
        found = [s for s in self.services.values()
                 if s["_project"] == project_id and name in s["service_name"].lower()
                 and wanted_id in (None, s["id"]) and status in (None, s["status"])]
        return self._page(request, found, "endpoint_services", self._render_service)

    @route("GET", SERVICES + "/describe")
    def describe_service(self, request, project_id):
        """Basic information of any tenant's service, by full name or id (how consumers find an id)."""
        name, wanted_id = request.arg("endpoint_service_name"), request.arg("id")
        if not name and not wanted_id:
            raise param_error("Parameter error: endpoint_service_name or id is required.")
        service = next((s for s in self.services.values()
                        if (wanted_id and s["id"] == wanted_id) or (name and s["service_name"] == name)), None)
        if service is None or service["status"] == "deleting":
            # HTTP 400 EndPoint.2003 "The endpoint service does not exist." (VPCEP Error Codes, both clouds).
            raise param_error("The endpoint service does not exist.", SERVICE_MISSING)
        return dict(id=service["id"], service_name=service["service_name"], service_type=service["service_type"],
                    created_at=service["created_at"], is_charge=False, enable_policy=False)

    @route("GET", SERVICES + "/public")
    def list_public_services(self, request, project_id):
        cloud = self.projects[project_id]["cloud"]
        name = (request.arg("endpoint_service_name") or "").lower()
        wanted_id = request.arg("id")
        found = [s for s in self.services.values()
                 if s["_project"] is None and s["_cloud"] == cloud and name in s["service_name"].lower()
                 and wanted_id in (None, s["id"])]
        return self._page(request, found, "endpoint_services", lambda s: dict(
            id=s["id"], owner=s["_owner"], service_name=s["service_name"], service_type=s["service_type"],
            created_at=s["created_at"], is_charge=False, enable_policy=False))

    @route("GET", SERVICE)
    def get_service(self, request, project_id, service_id):
        return self._render_service(self._owned_service(project_id, service_id, usable=False))

    @route("PUT", SERVICE)
    def update_service(self, request, project_id, service_id):
        """Ports are replaced whole; tags are not changed here (they have their own call)."""
        if "vip_port_id" in (request.json() or {}):
            # Not a field of the update (SDK UpdateEndpointServiceRequestBody; OTC change history 2023-05-25
            # removed it from "Modifying a VPC Endpoint Service"); Error Codes: EndPoint.3054.
            raise param_error("portId or vipPortId cannot be modified.", "EndPoint.3054")
        body = self._body(request, ("approval_enabled", "service_name", "ports", "port_id",
                                    "tcp_proxy", "description"))
        if not body:
            raise param_error("Parameter error: the request body has nothing to update.")
        service = self._owned_service(project_id, service_id)
        self._check_service_fields(project_id, body)
        vpc = self.vpcs.get(service["vpc_id"]) or dict(id=service["vpc_id"])
        if "port_id" in body:
            self._check_backend(project_id, vpc, dict(port_id=body["port_id"]))
        if "ports" in body or "port_id" in body:
            body["ports"] = self._check_ports(body.get("ports", service["ports"]))
            self._check_port_clash(body["ports"], body.get("port_id", service["port_id"]), own_id=service_id)
        for name in ("approval_enabled", "ports", "port_id", "tcp_proxy", "description"):
            if name in body:
                service[name] = body[name]
        if "service_name" in body:
            service["service_name"] = self._full_name(service["_region"], body["service_name"], service_id)
        service["updated_at"] = _now_text()
        return self._render_service(service)

    @route("DELETE", SERVICE)
    def delete_service(self, request, project_id, service_id):
        service = self._owned_service(project_id, service_id)
        busy = [e["id"] for e in self.endpoints.values() if e["endpoint_service_id"] == service_id
                and e["status"] in ("creating", "pendingAcceptance", "accepted")]
        if busy:
            raise param_error("The VPC endpoint service is being used by endpoint(s) %s." % ", ".join(busy),
                              "EndPoint.3006")
        service["status"] = "deleting"
        self._later("service", service_id, self.delete_delay, None)
        return Reply(204)

    # Permissions -----------------------------------------------------------------------

    def _add_permission(self, service_id, permission, permission_type="domainId"):
        entries = self.permissions.setdefault(service_id, [])
        if any(e["permission"] == permission for e in entries):
            return
        entries.append(dict(id=str(uuid.uuid4()), permission=permission, permission_type=permission_type,
                            created_at=_now_text(), _seq=self._next_seq()))

    def _render_permission(self, project_id, entry):
        body = _public(entry)
        if self.projects[project_id]["cloud"] != "huaweicloud":
            body.pop("permission_type")  # OTC's API has no permission types
        return body

    @route("GET", SERVICE + "/permissions")
    def list_permissions(self, request, project_id, service_id):
        self._owned_service(project_id, service_id, usable=False, missing=SERVICE_MISSING)
        text = request.arg("permission") or ""
        found = [e for e in self.permissions.get(service_id, []) if text in e["permission"]]
        return self._page(request, found, "permissions", lambda e: self._render_permission(project_id, e),
                          max_limit=500)

    @route("POST", SERVICE + "/permissions/action")
    def permissions_action(self, request, project_id, service_id):
        """add / remove; adding what is there or removing what is not is a no-op."""
        body = self._body(request, ("permissions", "action", "permission_type"))
        self._owned_service(project_id, service_id, missing=SERVICE_MISSING)
        rules = self._rules(project_id)
        if body.get("action") not in ("add", "remove"):
            raise param_error("Invalid action: must be add or remove.", "EndPoint.3035")
        permission_type = body.get("permission_type", "domainId")
        if permission_type not in rules["permission_types"]:
            raise param_error("Parameter error: permission_type must be one of %s."
                              % ", ".join(rules["permission_types"]))
        permissions = body.get("permissions")
        if not isinstance(permissions, list) or not permissions:
            raise param_error("Invalid permissions: the permission list cannot be empty.", "EndPoint.3036")
        pattern = DOMAIN_PERMISSION if permission_type == "domainId" else ORG_PERMISSION
        for permission in permissions:
            wildcard = permission == "*" and permission_type == "domainId"
            if not isinstance(permission, str) or not (wildcard or pattern.match(permission)):
                raise param_error("Invalid permission: %r." % (permission,), "EndPoint.3002")
        current = {e["permission"] for e in self.permissions.get(service_id, [])}
        if body["action"] == "add":
            if len(current | set(permissions)) > MAX_PERMISSIONS:
                raise param_error("The maximum number of whitelist records has been reached (%d)."
                                  % MAX_PERMISSIONS, "EndPoint.3049")
            for permission in permissions:
                self._add_permission(service_id, permission, permission_type)
        else:
            self.permissions[service_id] = [e for e in self.permissions.get(service_id, [])
                                            if e["permission"] not in permissions]
        result = {"permissions": [e["permission"] for e in self.permissions.get(service_id, [])]}
        if self.projects[project_id]["cloud"] == "huaweicloud":
            result["permission_type"] = permission_type
        return result

    def _may_connect(self, service, domain_id):
        """The owner always may; others need ``*``, their domain, or an org path above theirs."""
        if service["_domain"] == domain_id:
            return True
        org_path = self.domains.get(domain_id, {}).get("org_path") or ""
        for entry in self.permissions.get(service["id"], []):
            permission = entry["permission"]
            if permission in ("*", "iam:domain::" + domain_id):
                return True
            if permission.startswith("organizations:orgPath::") and org_path and \
                    org_path.startswith(permission.split("::", 1)[1]):
                return True
        return False

    # Connections ------------------------------------------------------------------------

    def _render_connection(self, endpoint):
        body = dict(id=endpoint["id"], marker_id=endpoint["marker_id"], created_at=endpoint["created_at"],
                    updated_at=endpoint["updated_at"], domain_id=endpoint["_domain"], status=endpoint["status"],
                    description=endpoint.get("description", ""))
        if endpoint["status"] == "failed":
            body["error"] = copy.deepcopy(endpoint["_error"])
        return body

    @route("GET", SERVICE + "/connections")
    def list_connections(self, request, project_id, service_id):
        self._owned_service(project_id, service_id, usable=False, missing=SERVICE_MISSING)
        wanted_id, marker, status = request.arg("id"), request.arg("marker_id"), request.arg("status")
        if marker is not None and not re.match(r"^\d+$", marker):
            raise param_error("Invalid marker_id.", "EndPoint.0021")
        if status is not None and status not in ENDPOINT_STATUSES:
            raise param_error("Invalid status.", "EndPoint.0019")
        found = [e for e in self.endpoints.values() if e["endpoint_service_id"] == service_id
                 and wanted_id in (None, e["id"]) and marker in (None, str(e["marker_id"]))
                 and status in (None, e["status"])]
        return self._page(request, found, "connections", self._render_connection)

    @route("POST", SERVICE + "/connections/action")
    def connections_action(self, request, project_id, service_id):
        """Accept (``receive``) or reject exactly one endpoint; the change lands after connection_delay."""
        body = self._body(request, ("action", "endpoints"))
        self._owned_service(project_id, service_id, missing=SERVICE_MISSING)
        action = body.get("action")
        if action not in ("receive", "reject"):
            raise param_error("Invalid action: must be receive or reject.", "EndPoint.2027")
        ids = body.get("endpoints")
        if not isinstance(ids, list) or not ids:
            raise param_error("Parameter error: endpoints must list one VPC endpoint id.")
        if len(ids) != 1:
            raise param_error("Only one VPC endpoint is allowed.", "EndPoint.2031")
        endpoint = self.endpoints.get(ids[0])
        if endpoint is None or endpoint["endpoint_service_id"] != service_id:
            raise param_error("The VPC endpoint does not belong to the VPC endpoint service.", "EndPoint.2013")
        if endpoint["status"] == "creating":
            raise param_error("The VPC endpoint is being created.", "EndPoint.2019")
        if endpoint["status"] == "deleting":
            raise param_error("The VPC endpoint is being deleted.", "EndPoint.2018")
        if endpoint["status"] == "failed":
            raise param_error("The VPC endpoint failed to be created and cannot be %s."
                              % ("accepted" if action == "receive" else "rejected"), "EndPoint.3045")
        if action == "receive" and endpoint["status"] == "accepted":
            raise param_error("The VPC endpoint has connected to the VPC endpoint service.", "EndPoint.2014")
        target = "accepted" if action == "receive" else "rejected"
        answer = {"connections": [self._render_connection(endpoint)]}  # before the change lands
        if endpoint["status"] != target:
            self._later("endpoint", endpoint["id"], self.connection_delay, target)
        return answer

    # Endpoints ----------------------------------------------------------------------------

    def _new_endpoint(self, project, service, body):
        now = _now_text()
        self.next_marker += 1
        gateway = service["service_type"] == "gateway"
        routetables = body.get("routetables")
        if gateway and not routetables:
            routetables = [t["id"] for t in self.routetables.values()
                           if t["vpc_id"] == body["vpc_id"] and t.get("default")]
        endpoint = dict(
            id=str(uuid.uuid4()), service_type=service["service_type"], status="creating",
            active_status=["active"],  # a list in the current API and SDK (older docs: a string)
            endpoint_service_name=service["service_name"], marker_id=self.next_marker,
            endpoint_service_id=service["id"],
            # A gateway endpoint gets no domain name whatever enable_dns says (SDK
            # CreateEndpointRequestBody.enable_dns), and the API answers false for it.
            enable_dns=bool(body.get("enable_dns", False)) and not gateway,
            vpc_id=body["vpc_id"], created_at=now, updated_at=now, project_id=project["id"],
            tags=copy.deepcopy(body.get("tags", [])), description=body.get("description", ""),
            enable_status="enable", specification_name="default",
            _domain=project["domain_id"], _seq=self._next_seq(), _port_ip=body.get("port_ip"),
            _dns="vpcep.%s.%s" % (project["name"], RULES[project["cloud"]]["dns_suffix"]),
        )
        if gateway:
            endpoint["routetables"] = routetables or []
        else:
            endpoint.update(subnet_id=body.get("subnet_id"), whitelist=list(body.get("whitelist", [])),
                            enable_whitelist=body.get("enable_whitelist", False))
        return endpoint

    def _set_endpoint_status(self, endpoint, status):
        endpoint["status"] = status
        endpoint["updated_at"] = _now_text()
        if status == "accepted" and endpoint["service_type"] == "interface" and "ip" not in endpoint:
            endpoint["ip"] = endpoint["_port_ip"] or self._free_ip(endpoint["subnet_id"])
        if status == "failed":
            endpoint["_error"] = [dict(error_code="EndPoint.2022", error_message="Failed to create a VPC endpoint: "
                                       "no capacity left in subnet %s." % endpoint.get("subnet_id"))]

    def _free_ip(self, subnet_id):
        subnet = self.subnets.get(subnet_id)
        if subnet is None or not subnet.get("cidr"):
            return "192.168.0.%d" % (2 + len(self.endpoints) % 250)
        used = {p.get("ip") for p in self.ports.values()} | {e.get("ip") for e in self.endpoints.values()}
        for index, address in enumerate(ipaddress.ip_network(subnet["cidr"]).hosts()):
            if index >= 1 and str(address) not in used:  # .1 is the gateway
                return str(address)
        return None

    def _render_endpoint(self, endpoint):
        body = _public(endpoint)
        if endpoint.get("enable_dns") and "ip" in endpoint:
            body["dns_names"] = ["%s.%s" % (endpoint["id"], endpoint["_dns"])]
        if endpoint["status"] == "failed":
            body["error"] = copy.deepcopy(endpoint["_error"])
        return body

    @staticmethod
    def _list_field(body, name, items):
        """``body[name]``: None when left out, else a list (of ``items``, the error says)."""
        value = body.get(name)
        if value is not None and not isinstance(value, list):
            raise param_error("Parameter error: %s must be an array of %s." % (name, items))
        return value

    def _check_whitelist(self, body):
        whitelist = self._list_field(body, "whitelist", "IPv4 addresses or CIDR blocks")
        if whitelist is None:
            return
        for entry in whitelist:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except (TypeError, ValueError):
                raise param_error("Invalid IP address: whitelist entry %r." % (entry,), "EndPoint.3010")
            if network.version != 4:
                raise param_error("Invalid IP address: whitelist entry %r is not IPv4." % (entry,), "EndPoint.3010")
        self._check_bool(body, "enable_whitelist")

    def _check_interface_endpoint(self, project_id, vpc, body):
        subnet_id = body.get("subnet_id")
        if not subnet_id:
            raise param_error("The input parameter subnet_id is empty.", "EndPoint.2010")
        if not isinstance(subnet_id, str) or (not UUID.match(subnet_id) and self.strict_network):
            raise param_error("Invalid subnet_id.", "EndPoint.0023")
        subnet = self.subnets.get(subnet_id)
        if subnet is None and self.strict_network:
            raise HttpError(404, "EndPoint.4004", "The subnet %s does not exist." % subnet_id)
        if subnet is not None and subnet["vpc_id"] != vpc["id"]:
            raise param_error("The current network does not belong to the VPC.", "EndPoint.2037")
        if subnet is not None:
            self._check_subnet_cidr(project_id, subnet)
        port_ip = body.get("port_ip")
        if port_ip is not None:
            try:
                address = ipaddress.ip_address(port_ip)
            except (TypeError, ValueError):
                raise param_error("Invalid IP address: port_ip %r." % (port_ip,), "EndPoint.3010")
            inside = subnet is None or not subnet.get("cidr") or address in ipaddress.ip_network(subnet["cidr"])
            taken = port_ip in {p.get("ip") for p in self.ports.values()} | {e.get("ip") for e in
                                                                             self.endpoints.values()}
            if address.version != 4 or not inside or taken:
                raise param_error("Invalid IP address: port_ip %s is not a free IPv4 address of subnet %s."
                                  % (port_ip, subnet_id), "EndPoint.3010")
        self._check_whitelist(body)
        if body.get("routetables") is not None:
            raise param_error("Parameter error: routetables is only for gateway VPC endpoint services.")

    def _check_gateway_endpoint(self, vpc, body):
        for name in ("subnet_id", "port_ip", "whitelist", "enable_whitelist"):
            if body.get(name) is not None:
                raise param_error("Parameter error: %s is only for interface VPC endpoint services." % name)
        tables = self._list_field(body, "routetables", "route table ids")
        if tables is None:
            return
        for table_id in tables:
            table = self.routetables.get(table_id)
            if (table is None and self.strict_network) or (table is not None and table["vpc_id"] != vpc["id"]):
                raise param_error("Invalid route table ID %r." % (table_id,), "EndPoint.1019")

    @route("POST", ENDPOINTS)
    def create_endpoint(self, request, project_id):
        body = self._body(request, ("subnet_id", "endpoint_service_id", "vpc_id", "enable_dns", "tags",
                                    "routetables", "port_ip", "whitelist", "enable_whitelist", "description"))
        service_id = body.get("endpoint_service_id")
        if not isinstance(service_id, str) or not service_id:
            raise param_error("The ID of the requested VPC endpoint service is empty.", "EndPoint.2029")
        vpc = self._vpc(project_id, body.get("vpc_id"))
        service = self.services.get(service_id)
        if service is None:
            raise param_error("The endpoint service does not exist.", SERVICE_MISSING)
        if service["status"] != "available":
            raise param_error("The VPC endpoint service is unavailable (%s)." % service["status"], "EndPoint.2004")
        project = self.projects[project_id]
        if not self._may_connect(service, project["domain_id"]):
            raise param_error("You have no permission to connect to the VPC endpoint service.", "EndPoint.2012")
        self._check_bool(body, "enable_dns", "EndPoint.2033")
        if service["service_type"] == "interface":
            self._check_interface_endpoint(project_id, vpc, body)
        else:
            self._check_gateway_endpoint(vpc, body)
        self._check_reserved_routes(project_id, vpc)
        self._check_description(project_id, body)
        body["tags"] = self._check_tags(project_id, body.get("tags", []))
        self._check_quota(project_id, "endpoint", self.endpoints)
        endpoint = self._new_endpoint(project, service, body)
        self.endpoints[endpoint["id"]] = endpoint
        answer = self._render_endpoint(endpoint)
        self._later("endpoint", endpoint["id"], self.endpoint_delay, self._first_status(endpoint, service))
        return answer

    def _first_status(self, endpoint, service):
        subnet = self.subnets.get(endpoint.get("subnet_id")) or {}
        if subnet.get("fail"):
            return "failed"
        if not service["approval_enabled"] or (self.owner_auto_accept and service["_domain"] == endpoint["_domain"]):
            return "accepted"
        return "pendingAcceptance"

    @route("GET", ENDPOINTS)
    def list_endpoints(self, request, project_id):
        name = (request.arg("endpoint_service_name") or "").lower()
        vpc_id, wanted_id = request.arg("vpc_id"), request.arg("id")
        if vpc_id is not None and not UUID.match(vpc_id) and self.strict_network:
            raise param_error("Invalid VPC ID.", "EndPoint.0020")
        found = [e for e in self.endpoints.values()
                 if e["project_id"] == project_id and name in e["endpoint_service_name"].lower()
                 and vpc_id in (None, e["vpc_id"]) and wanted_id in (None, e["id"])]
        return self._page(request, found, "endpoints", self._render_endpoint)

    @route("GET", ENDPOINT)
    def get_endpoint(self, request, project_id, endpoint_id):
        return self._render_endpoint(self._owned_endpoint(project_id, endpoint_id))

    def _usable_endpoint(self, project_id, endpoint_id):
        endpoint = self._owned_endpoint(project_id, endpoint_id)
        if endpoint["status"] == "creating":
            raise param_error("The VPC endpoint is being created.", "EndPoint.2019")
        if endpoint["status"] == "deleting":
            raise param_error("The VPC endpoint is being deleted.", "EndPoint.2018")
        return endpoint

    def _no_endpoint_updates_on_otc(self, project_id):
        """OTC publishes no endpoint update call: its gateway answers as for any unknown route."""
        if not self._rules(project_id)["endpoint_updates"]:
            raise HttpError(404, "APIGW.0101", NO_SUCH_API)

    @route("PUT", ENDPOINT)
    def update_endpoint(self, request, project_id, endpoint_id):
        """The whitelist (``[]`` clears it) and whether it is enforced (Huawei only: SDK UpdateEndpointWhite)."""
        self._no_endpoint_updates_on_otc(project_id)
        body = self._body(request, ("whitelist", "enable_whitelist"))
        endpoint = self._usable_endpoint(project_id, endpoint_id)
        if endpoint["service_type"] != "interface":
            raise param_error("Parameter error: only interface VPC endpoints have a whitelist.")
        self._check_whitelist(body)
        if "whitelist" in body:
            endpoint["whitelist"] = list(body["whitelist"])
        if "enable_whitelist" in body:
            endpoint["enable_whitelist"] = body["enable_whitelist"]
        endpoint["updated_at"] = _now_text()
        return self._render_endpoint(endpoint)

    @route("PUT", ENDPOINT + "/routetables")
    def update_endpoint_routetables(self, request, project_id, endpoint_id):
        """The route tables of a gateway endpoint, replaced whole (Huawei only: SDK UpdateEndpointRoutetable;
        the huaweicloud Terraform provider updates them with this call)."""
        self._no_endpoint_updates_on_otc(project_id)
        body = self._body(request, ("routetables",))
        endpoint = self._usable_endpoint(project_id, endpoint_id)
        if endpoint["service_type"] != "gateway":
            raise param_error("Parameter error: routetables is only for gateway VPC endpoint services.")
        if not isinstance(body.get("routetables"), list):
            raise param_error("Parameter error: routetables must be an array of route table ids.")
        vpc = self.vpcs.get(endpoint["vpc_id"]) or dict(id=endpoint["vpc_id"])
        self._check_gateway_endpoint(vpc, body)
        endpoint["routetables"] = list(dict.fromkeys(body["routetables"]))
        endpoint["updated_at"] = _now_text()
        return {"routetables": list(endpoint["routetables"])}

    @route("DELETE", ENDPOINT)
    def delete_endpoint(self, request, project_id, endpoint_id):
        endpoint = self._usable_endpoint(project_id, endpoint_id)
        endpoint["status"] = "deleting"
        endpoint["updated_at"] = _now_text()
        self._later("endpoint", endpoint_id, self.delete_delay, None)
        return Reply(204)

    # Quotas and tags ----------------------------------------------------------------------

    @route("GET", PROJECT + "/quotas")
    def quotas(self, request, project_id):
        kind = request.arg("type")
        if kind not in (None, "endpoint_service", "endpoint"):
            raise param_error("Parameter error: type must be endpoint_service or endpoint.")
        tables = {"endpoint_service": self.services, "endpoint": self.endpoints}
        resources = [dict(type=name, quota=self.projects[project_id]["quotas"][name],
                          used=sum(1 for item in table.values()
                                   if item.get("_project", item.get("project_id")) == project_id))
                     for name, table in tables.items() if kind in (None, name)]
        return {"quotas": {"resources": resources}}

    @route("POST", PROJECT + "/{resource_type}/{resource_id}/tags/action")
    def tags_action(self, request, project_id, resource_type, resource_id):
        """``create`` sets keys (a key that exists gets the new value); ``delete`` removes keys,
        only where the value matches when one is given."""
        body = self._body(request, ("action", "tags"))
        if resource_type == "endpoint_service":
            resource = self._owned_service(project_id, resource_id, usable=False)
        elif resource_type == "endpoint":
            resource = self._owned_endpoint(project_id, resource_id)
        else:
            raise param_error("Invalid resource type %r." % resource_type, "EndPoint.3070")
        action = body.get("action")
        if action not in ("create", "delete"):
            raise param_error("Invalid action: must be create or delete.", "EndPoint.0007")
        if action == "create":
            tags = self._check_tags(project_id, body.get("tags"), existing=resource["tags"])
            new = {t["key"]: t["value"] for t in tags}
            resource["tags"] = [t for t in resource["tags"] if t["key"] not in new] + tags
        else:
            tags = body.get("tags")
            if not isinstance(tags, list) or not all(isinstance(t, dict) and t.get("key") for t in tags):
                raise param_error("The tag cannot be empty.", "EndPoint.3066")
            resource["tags"] = [t for t in resource["tags"]
                                if not any(d["key"] == t["key"] and d.get("value") in (None, t["value"])
                                           for d in tags)]
        resource["updated_at"] = _now_text()
        return Reply(204)
