# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Huawei Cloud / Open Telekom Cloud VPC Endpoint (VPCEP) API v1: options, authentication,
client, lookups and the per-cloud validation rules every VPCEP module shares."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote

from ansible.module_utils.basic import env_fallback

from ansible_collections.privatelink.endpoints.plugins.module_utils import huawei_signer
from ansible_collections.privatelink.endpoints.plugins.module_utils.api import (
    ApiClient,
    ApiError,
    common_argument_spec,
    parse_error_body,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.options import (
    build_module,
    wait_argument_spec,
    wait_errors,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import (
    Resource,
    only,
    run_info,
    wanted_with_purge,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep_clouds import clouds_yaml_errors, with_clouds_yaml

CLOUDS = ("huaweicloud", "otc")

# What each cloud accepts, from its own API reference. Tags: Huawei's are the current
# huaweicloudsdkvpcep models (TagList: key 1-128, value 0-255 characters, letters, digits, spaces and
# ``_ . : = + - @``, ``/`` in values too, no ``_sys_`` keys; CreateEndpointServiceRequestBody: at most 20
# tags); OTC's are its API reference ("Creating a VPC Endpoint", Tags parameters: key <= 36, value <= 43,
# letters, digits, -, _ and @; at most 20 tags; descriptions at most 128 characters). OTC has no
# PUT /v1/{project_id}/vpc-endpoints/{id} (nor .../routetables): its API reference lists only create,
# query and delete for VPC endpoints, so nothing of an endpoint changes there after creation.
RULES = {
    "huaweicloud": dict(
        server_types=("VM", "VIP", "LB"),
        tcp_proxy=("close", "toa_open", "proxy_open", "open"),
        max_tags=20, tag_key_max=128, tag_value_max=255,
        tag_key_chars=re.compile(r"^[\w .:=+@-]*$"), tag_value_chars=re.compile(r"^[\w .:/=+@-]*$"),
        tag_chars_text="letters, digits, spaces and _ . : = + - @ (and / in values)",
        description_max=None, org_paths=True, endpoint_updates=True,
    ),
    "otc": dict(
        server_types=("VM", "VIP", "LB", "BMS"),
        tcp_proxy=("close", "toa_open", "proxy_open", "open", "proxy_vni"),
        max_tags=20, tag_key_max=36, tag_value_max=43,
        tag_key_chars=re.compile(r"^[A-Za-z0-9_@-]*$"), tag_value_chars=re.compile(r"^[A-Za-z0-9_@-]*$"),
        tag_chars_text="letters, digits, -, _ and @",
        description_max=128, org_paths=False, endpoint_updates=False,
    ),
}
ALL_SERVER_TYPES = ("VM", "VIP", "LB", "BMS")
ALL_TCP_PROXY = ("close", "toa_open", "proxy_open", "open", "proxy_vni")
SYSTEM_TAG_PREFIX = "_sys_"
SERVICE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
MAX_PORTS = 200
PAGE_SIZE = 1000
PERMISSION_PAGE_SIZE = 500
DOMAIN_PERMISSION = "iam:domain::"
ORG_PERMISSION = "organizations:orgPath::"
GONE = ("deleting",)
RATE_LIMITED_CODE = "EndPoint.0022"
# "The endpoint service does not exist." comes as HTTP 400 (VPCEP "Error Codes" of both clouds).
SERVICE_MISSING_CODE = "EndPoint.2003"


def api_hosts(cloud, region):
    """Default (VPCEP base URL, IAM v3 URL) of a cloud's region."""
    if cloud == "otc":
        domain = "otc.t-systems.com"
    else:
        domain = "myhuaweicloud.eu" if region == "eu-west-101" else "myhuaweicloud.com"
    return "https://vpcep.%s.%s" % (region, domain), "https://iam.%s.%s/v3" % (region, domain)


# Options ----------------------------------------------------------------------------------

def vpcep_argument_spec():
    """Connection and authentication options (doc fragment ``privatelink.endpoints.vpcep``)."""
    spec = dict(
        cloud=dict(type="str", default="huaweicloud", choices=list(CLOUDS)),
        region=dict(type="str", fallback=(env_fallback, ["OS_REGION_NAME"])),
        project_id=dict(type="str", required=True,
                        fallback=(env_fallback, ["HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID"])),
        endpoint_url=dict(type="str"),
        iam_url=dict(type="str", fallback=(env_fallback, ["OS_AUTH_URL"])),
        access_key=dict(type="str", no_log=False,
                        fallback=(env_fallback, ["HUAWEICLOUD_SDK_AK", "OS_ACCESS_KEY"])),
        secret_key=dict(type="str", no_log=True,
                        fallback=(env_fallback, ["HUAWEICLOUD_SDK_SK", "OS_SECRET_KEY"])),
        security_token=dict(type="str", no_log=True,
                            fallback=(env_fallback, ["HUAWEICLOUD_SDK_SECURITY_TOKEN", "OS_SECURITY_TOKEN"])),
        auth_token=dict(type="str", no_log=True, fallback=(env_fallback, ["OS_AUTH_TOKEN"])),
        username=dict(type="str", fallback=(env_fallback, ["OS_USERNAME"])),
        password=dict(type="str", no_log=True, fallback=(env_fallback, ["OS_PASSWORD"])),
        domain_name=dict(type="str", fallback=(env_fallback, ["OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"])),
    )
    spec.update(common_argument_spec())
    return spec


def resource_argument_spec(**options):
    """``state``, ``id``, the ``tags`` and ``wait`` fragments' options, and a module's own ``options``."""
    spec = dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        id=dict(type="str"),
        tags=dict(type="dict"),
        purge_tags=dict(type="bool", default=True),
    )
    spec.update(wait_argument_spec())
    spec.update(options)
    return spec


def auth_method(params):
    """Which of the three ways in the options give: ``aksk``, ``token`` or ``password``.

    AK/SK wins over a token, a token over a password, so a complete set from
    the environment never mixes with a partial one. Raises ValueError naming
    what is missing.
    """
    if params["access_key"] or params["secret_key"]:
        missing = [name for name in ("access_key", "secret_key") if not params[name]]
        if missing:
            raise ValueError("AK/SK authentication needs %s as well" % " and ".join(missing))
        return "aksk"
    if params["auth_token"]:
        return "token"
    if params["username"] or params["password"]:
        missing = [name for name in ("username", "password", "domain_name") if not params[name]]
        if missing:
            raise ValueError("password authentication needs %s as well" % ", ".join(missing))
        return "password"
    raise ValueError("no credentials: give %s and %s, or %s, or %s, %s and %s, or an entry of clouds.yaml "
                     "(OS_CLOUD)" % tuple(with_environment(name) for name in (
                         "access_key", "secret_key", "auth_token", "username", "password", "domain_name")))


def with_environment(option):
    """``option (ENV or ENV)``: an option with the environment variables that may give it."""
    return "%s (%s)" % (option, " or ".join(vpcep_argument_spec()[option]["fallback"][1]))


def connection_errors(params):
    errors = []
    try:
        method = auth_method(params)
    except ValueError as error:
        errors.append(str(error))
        method = None
    if not params["region"]:
        if not params["endpoint_url"]:
            errors.append("region is required unless endpoint_url is given")
        elif method == "password" and not params["iam_url"]:
            errors.append("region is required for password authentication unless iam_url is given")
    return errors


def vpcep_module(argument_spec, validate=None, **kwargs):
    """The module with the connection options; every option error fails it before any call.

    ``validate(params)`` returns the module's own option errors (see ``option_errors``).
    """
    spec = with_clouds_yaml(vpcep_argument_spec())  # clouds.yaml (OS_CLOUD): after options and environment
    spec.update(argument_spec)

    def errors(params):
        return clouds_yaml_errors() + connection_errors(params) + (validate(params) if validate else [])
    return build_module(spec, errors, id_options=("endpoints", "endpoint_service_name", "name"), **kwargs)


# Validation (per cloud, before any call) ----------------------------------------------------

def tag_errors(cloud, tags, option="tags"):
    if not tags:
        return []
    rules = RULES[cloud]
    errors = []
    if len(tags) > rules["max_tags"]:
        errors.append("%s: at most %d tags on %s, got %d" % (option, rules["max_tags"], cloud, len(tags)))
    for key, value in tags.items():
        value = tag_value(value)
        for what, text, may_be_empty in (("key", key, False), ("value", value, True)):
            problem = None
            limit = rules["tag_%s_max" % what]
            if not text and not may_be_empty:
                problem = "must not be empty"
            elif len(text) > limit:
                problem = "is longer than %d characters on %s" % (limit, cloud)
            elif not rules["tag_%s_chars" % what].fullmatch(text):
                problem = "may only hold %s on %s" % (rules["tag_chars_text"], cloud)
            elif what == "key" and text != text.strip():
                problem = "must not start or end with a space"
            elif what == "key" and text.startswith(SYSTEM_TAG_PREFIX):
                problem = "must not start with %s (system tags)" % SYSTEM_TAG_PREFIX
            if problem:
                errors.append("%s: tag %s %r %s" % (option, what, text, problem))
    return errors


def description_errors(cloud, description, option="description"):
    errors = []
    if description and ("<" in description or ">" in description):
        errors.append("%s must not contain < or >" % option)
    limit = RULES[cloud]["description_max"]
    if description and limit and len(description) > limit:
        errors.append("%s: at most %d characters on %s, got %d" % (option, limit, cloud, len(description)))
    return errors


def port_errors(ports, option="ports"):
    if ports is None:
        return []
    errors = []
    if not ports:
        errors.append("%s must hold at least one port mapping" % option)
    if len(ports) > MAX_PORTS:
        errors.append("%s: at most %d port mappings, got %d" % (option, MAX_PORTS, len(ports)))
    for index, port in enumerate(ports):
        for field in ("client_port", "server_port"):
            if not 1 <= port[field] <= 65535:
                errors.append("%s[%d].%s must be between 1 and 65535, got %d" % (option, index, field, port[field]))
    for field in ("client_port", "server_port"):
        seen = [(p[field], p["protocol"]) for p in ports]
        twice = sorted({value for value in seen if seen.count(value) > 1})
        if twice:
            errors.append("%s: %s %s used by more than one mapping" % (
                option, field, ", ".join("%d/%s" % pair for pair in twice)))
    return errors


def permission_errors(cloud, permissions, option="permissions"):
    errors = []
    for permission in permissions or []:
        if permission.startswith(ORG_PERMISSION) and not RULES[cloud]["org_paths"]:
            errors.append("%s: organization paths (%s) are only available on huaweicloud" % (option, permission))
        elif ":" in permission and not permission.startswith((DOMAIN_PERMISSION, ORG_PERMISSION)):
            errors.append("%s: %r is neither a domain ID, %s<domain id>, %s<path> nor *"
                          % (option, permission, DOMAIN_PERMISSION, ORG_PERMISSION))
    return errors


def ipv4_errors(option, values, networks=False):
    errors = []
    for value in values or []:
        try:
            if networks:
                ipaddress.IPv4Network(value, strict=False)
            else:
                ipaddress.IPv4Address(value)
        except ValueError:
            errors.append("%s: %r is not an IPv4 %s" % (option, value, "address or CIDR block" if networks else "address"))
    return errors


def option_errors(params):
    """Every per-cloud rule that applies to the options this module has, as messages naming the option."""
    cloud = params["cloud"]
    rules = RULES[cloud]
    errors = []
    name = params.get("name")
    if name is not None and not SERVICE_NAME.fullmatch(name):
        errors.append("name must be 1 to 16 letters, digits, _ or -, got %r" % name)
    if params.get("server_type") and params["server_type"] not in rules["server_types"]:
        errors.append("server_type %s is not available on %s (choose from %s)"
                      % (params["server_type"], cloud, ", ".join(rules["server_types"])))
    if params.get("tcp_proxy") and params["tcp_proxy"] not in rules["tcp_proxy"]:
        errors.append("tcp_proxy %s is not available on %s (choose from %s)"
                      % (params["tcp_proxy"], cloud, ", ".join(rules["tcp_proxy"])))
    errors += port_errors(params.get("ports"))
    errors += description_errors(cloud, params.get("description"))
    errors += tag_errors(cloud, params.get("tags"))
    errors += permission_errors(cloud, params.get("permissions"))
    errors += ipv4_errors("port_ip", [params["port_ip"]] if params.get("port_ip") else [])
    errors += ipv4_errors("whitelist", params.get("whitelist"), networks=True)
    return errors + wait_errors(params)


# Normal forms (what is compared, shown in diffs and returned) ---------------------------------

def tag_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def tag_dict(tags):
    """API tag list to ``{key: value}``; a dict (user input) is normalized the same way."""
    if isinstance(tags, dict):
        return {str(k): tag_value(v) for k, v in tags.items()}
    return {t["key"]: tag_value(t.get("value")) for t in tags or []}


def normal_form(item, defaults, lists=()):
    """An API object as it is compared and returned: tags as a dict, each field the API leaves out
    (or null) with its value of ``defaults``, the lists of ``lists`` sorted."""
    state = dict(item, tags=tag_dict(item.get("tags")))
    state.update((name, default) for name, default in defaults.items() if state.get(name) is None)
    state.update((name, sorted(state[name])) for name in lists if state.get(name) is not None)
    return state


def tag_list(tags):
    return [dict(key=k, value=v) for k, v in sorted(tags.items())]


def merged_tags(current, wanted, purge):
    """The tags a resource should end with: ``wanted`` (None = leave as they are)."""
    if wanted is None:
        return dict(current)
    return wanted_with_purge(current, tag_dict(wanted), purge)


def normal_ports(ports):
    return sorted(({"client_port": int(p["client_port"]), "server_port": int(p["server_port"]),
                    "protocol": (p.get("protocol") or "TCP").upper()} for p in ports or []),
                  key=lambda p: (p["protocol"], p["client_port"], p["server_port"]))


def normal_permission(permission):
    """A bare domain ID to the API's prefixed form; ``*`` and prefixed entries as they are."""
    if permission == "*" or permission.startswith((DOMAIN_PERMISSION, ORG_PERMISSION)):
        return permission
    return DOMAIN_PERMISSION + permission


def merged_list(current, wanted, purge):
    """Sorted union (or replacement with ``purge``) of two string lists; None leaves ``current``."""
    return wanted_with_purge(list(current), wanted, purge)


def short_name(service):
    """``name`` of a service stored as ``{region}.{name}.{id}`` (empty when created without one)."""
    return ".".join((service.get("service_name") or "").split(".")[1:-1])


def failure_text(item):
    """What a ``failed`` resource says about why, in either of the API's shapes."""
    reasons = []
    for entry in item.get("error") or []:
        code = entry.get("error_code") or entry.get("code")
        message = entry.get("error_message") or entry.get("message")
        reasons.append(": ".join(str(x) for x in (code, message) if x))
    return "; ".join(reasons) or "no reason given"


# The client ------------------------------------------------------------------------------

class IamClient(ApiClient):
    """IAM v3 for password authentication; the token arrives in a response header."""

    def project_token(self, username, password, domain_name, project_id):
        body = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": username, "password": password, "domain": {"name": domain_name}}}},
            "scope": {"project": {"id": project_id}},
        }}
        self.request("POST", "/auth/tokens", json_body=body, ok=(201,), retry=True)
        token = self.last_response.headers.get("X-Subject-Token")
        if not token:
            raise ApiError("POST", "/auth/tokens", status=self.last_response.status_code,
                           message="the answer carries no X-Subject-Token header")
        return token


class VpcepClient(ApiClient):
    """ApiClient for VPCEP: AK/SK signing or X-Auth-Token, project-relative paths, paging."""

    def __init__(self, module):
        params = module.params
        self.params = params
        self.cloud = params["cloud"]
        self.project_id = params["project_id"]
        self.auth = auth_method(params)
        default_api, default_iam = api_hosts(self.cloud, params["region"])
        super().__init__(params["endpoint_url"] or default_api, validate_certs=params["validate_certs"],
                         ca_path=params["ca_path"], timeout=params["api_timeout"], retries=params["api_retries"])
        self.iam_url = params["iam_url"] or default_iam
        self.token = params["auth_token"] if self.auth == "token" else None
        self.secrets.extend(params[name] for name in ("secret_key", "security_token", "auth_token", "password")
                            if params[name])

    # Authentication ---------------------------------------------------------------------

    def pacing_identity(self):
        """The credential the gateway counts requests by: the AK, the IAM user, or the token."""
        p = self.params
        who = p.get("access_key") or ("%s@%s" % (p["username"], p.get("domain_name")) if p.get("username")
                                      else p.get("auth_token"))
        return "%s %s %s %s" % (type(self).__name__, self.base_url, self.project_id, who)

    def auth_token(self):
        """The token to send; password authentication asks IAM once per module run."""
        if self.token is None:
            p = self.params
            iam = IamClient(self.iam_url, validate_certs=p["validate_certs"], ca_path=p["ca_path"],
                            timeout=p["api_timeout"], retries=p["api_retries"])
            iam.secrets.append(p["password"])
            self.token = iam.project_token(p["username"], p["password"], p["domain_name"], self.project_id)
            self.secrets.append(self.token)
        return self.token

    def sign(self, prepared):
        if self.auth != "aksk":
            prepared.headers["X-Auth-Token"] = self.auth_token()
            return prepared
        # Sign only headers that no proxy rewrites; send the query exactly as it was signed.
        headers = {"X-Project-Id": self.project_id}
        if prepared.headers.get("Content-Type"):
            headers["Content-Type"] = prepared.headers["Content-Type"]
        if self.params["security_token"]:
            headers["X-Security-Token"] = self.params["security_token"]
        prepared.url = huawei_signer.canonical_url(prepared.url)
        prepared.headers.update(huawei_signer.sign(self.params["access_key"], self.params["secret_key"],
                                                   prepared.method, prepared.url, headers, prepared.body))
        return prepared

    def is_throttle(self, response):
        # VPCEP also says "too many requests" as HTTP 400 EndPoint.0022: retried as the 429 it means.
        if response.status_code == 400 and response.content:
            code = parse_error_body(_json_or_none(response))[0]
            return (code or "").lower() == RATE_LIMITED_CODE.lower()
        return super().is_throttle(response)

    # Paths and paging -------------------------------------------------------------------

    def path(self, *parts):
        """``/v1/{project_id}/a/b``, each part quoted so ids cannot break the path."""
        return "/" + "/".join(quote(str(s), safe="") for s in ("v1", self.project_id) + parts)

    def get(self, *parts, **params):
        """GET one object; None when it does not exist (404, or 400 ``EndPoint.2003``)."""
        try:
            return self.request("GET", self.path(*parts), params=query(params) or None)
        except ApiError as error:
            if not_found(error):
                return None
            raise

    def list_all(self, key, *parts, page_size=PAGE_SIZE, **params):
        """Every item of a paged list, following ``offset`` until ``total_count`` is reached."""
        items = []
        while True:
            # "offset must be an integer greater than 0" (EndPoint.0010 Invalid offset, both API
            # references): the first page goes without one, as the official SDK clients send it.
            page = self.request("GET", self.path(*parts),
                                params=query(dict(params, limit=page_size, offset=len(items) or None))) or {}
            batch = page.get(key) or []
            items.extend(batch)
            total = page.get("total_count")
            if not batch or (len(items) >= total if total is not None else len(batch) < page_size):
                return items

    def find_all(self, key, collection, object_id=None, **filters):
        """One object by id (a list of none or one), else every page of the filtered list."""
        if object_id:
            found = self.get(collection, object_id)
            return [found] if found else []
        return self.list_all(key, collection, **filters)

    # Endpoint services ---------------------------------------------------------------------

    def find_service(self, service_id=None, name=None):
        """The own service with this id, or with exactly this short name; None when there is none.

        The API's name filter is fuzzy and names are not unique: the list is
        matched on the middle of ``{region}.{name}.{id}``, and more than one
        match raises LookupError listing the candidates.
        """
        if service_id:
            return self.get("vpc-endpoint-services", service_id)
        return only(self.find_services(name), "endpoint services are named %r" % name, "give the one you mean by id")

    def find_services(self, name):
        """Every own live service with exactly this short name."""
        return [s for s in self.list_all("endpoint_services", "vpc-endpoint-services", endpoint_service_name=name)
                if short_name(s) == name and s.get("status") not in GONE]

    def service_id_for(self, service_id=None, name=None):
        """The id of the service an endpoint or connection option names; LookupError when unknown.

        A full name (``{region}.{name}.{id}``, maybe another tenant's) is
        resolved with ``describe``; a short name among the project's own services.
        """
        if service_id:
            return service_id
        if "." in name:
            found = self.get("vpc-endpoint-services", "describe", endpoint_service_name=name)
        else:
            found = self.find_service(name=name)
        if not found:
            raise LookupError("no endpoint service named %r" % name)
        return found["id"]

    # Tags and permissions (set-diffed) ---------------------------------------------------------

    def set_tags(self, resource_type, resource_id, current, wanted):
        """Delete what goes or changes value, then create what is new or changed: at most two calls."""
        stale = {k: v for k, v in current.items() if wanted.get(k) != v}
        fresh = {k: v for k, v in wanted.items() if current.get(k) != v}
        for action, tags in (("delete", stale), ("create", fresh)):
            if tags:
                self.request("POST", self.path(resource_type, resource_id, "tags", "action"),
                             json_body={"action": action, "tags": tag_list(tags)}, retry=True)

    def permissions(self, service_id):
        entries = self.list_all("permissions", "vpc-endpoint-services", service_id, "permissions",
                                page_size=PERMISSION_PAGE_SIZE)
        return sorted(normal_permission(e["permission"]) for e in entries if e.get("permission"))

    def set_permissions(self, service_id, current, wanted):
        """Add and remove only the differences; Huawei wants one call per permission type."""
        for action, changed in (("remove", set(current) - set(wanted)), ("add", set(wanted) - set(current))):
            groups = {}
            for permission in sorted(changed):
                kind = "orgPath" if permission.startswith(ORG_PERMISSION) else "domainId"
                groups.setdefault(kind, []).append(permission)
            for kind, permissions in sorted(groups.items()):
                body = {"permissions": permissions, "action": action}
                if self.cloud == "huaweicloud":
                    body["permission_type"] = kind
                # Adding or removing a permission twice ends the same: safe to retry like a PUT.
                self.request("POST", self.path("vpc-endpoint-services", service_id, "permissions", "action"),
                             json_body=body, retry=True)


class VpcepResource(Resource):
    """What the service and endpoint modules share: lifecycle, reads by id, tags set apart from the
    PUT, the asynchronous delete, the result."""

    #: API collection (``vpc-endpoints``), the resource type of the tag API, the return value's name.
    collection = None
    tag_type = None
    result_key = None

    def state(self, item):
        """An API object in the normal form ``read()`` returns (see ``normal_form``)."""
        return normal_form(item, self.value_options, self.list_options)

    def refresh(self, state):
        item = self.client.get(self.collection, state["id"])
        return None if item is None else dict(state, **self.state(item))

    def alive(self, found):
        """A found API object in normal form; None when there is none or it is being deleted, which
        with ``id`` and state=present is an error."""
        if self.lifecycle.is_gone(found):
            if self.params.get("id") and self.params["state"] == "present":
                raise LookupError("no %s with id %s%s" % (self.kind, self.params["id"],
                                                          " (it is being deleted)" if found else ""))
            return None
        return self.state(found)

    def service_for(self):
        """The id of the service ``endpoint_service_id`` or ``endpoint_service_name`` names (None when
        neither is given); LookupError when there is none, unless state=absent (nothing to remove)."""
        p = self.params
        if not (p["endpoint_service_id"] or p["endpoint_service_name"]):
            return None
        try:
            return self.client.service_id_for(p["endpoint_service_id"], p["endpoint_service_name"])
        except LookupError:
            if p["state"] == "present":
                raise
            return None

    def wanted_sets(self, current):
        """The set-like fields changed by calls of their own, as they should end: ``tags``, and
        ``permissions`` when the module has and is given them (``purge_*`` replaces, else merges)."""
        p = self.params
        sets = dict(tags=merged_tags((current or {}).get("tags", {}), p["tags"], p["purge_tags"]))
        if p.get("permissions") is not None:
            sets["permissions"] = merged_list((current or {}).get("permissions", []),
                                              [normal_permission(x) for x in p["permissions"]], p["purge_permissions"])
        return sets

    def post(self, body, desired):
        """Create with ``body`` and the desired tags; the new object in normal form."""
        if desired["tags"]:
            body["tags"] = tag_list(desired["tags"])
        return self.state(self.client.request("POST", self.client.path(self.collection), json_body=body))

    def put(self, current, body, *parts):
        return self.client.request("PUT", self.client.path(self.collection, current["id"], *parts), json_body=body)

    def created(self, state, desired):
        """Wait for the new object (permissions can only be given to an available one), set them."""
        wanted = desired.get("permissions")
        if self.params["wait"] or wanted is not None:
            state = self.wait_ready(state)
        if wanted is not None:
            self.client.set_permissions(state["id"], state.get("permissions") or [], wanted)
            state["permissions"] = wanted
        return state

    def finish_update(self, current, desired, answer):
        """Send the differences of the sets; the state after, from the PUT answer when there was one."""
        if "permissions" in desired and desired["permissions"] != current["permissions"]:
            self.client.set_permissions(current["id"], current["permissions"], desired["permissions"])
        if desired["tags"] != current["tags"]:
            self.client.set_tags(self.tag_type, current["id"], current["tags"], desired["tags"])
        after = self.state(answer) if answer else dict(desired)
        after.update((name, desired[name]) for name in ("tags", "permissions") if name in desired)
        return after

    def delete(self, current):
        self.client.request("DELETE", self.client.path(self.collection, current["id"]))

    def result(self, state):
        return {self.result_key: state or {}}


def run_resource(resource_class, module):
    """Converge one resource with a client for the module."""
    resource_class(module, VpcepClient(module)).run()


def vpcep_info(argument_spec, result_key, fetch):
    """An ``_info`` module: ``fetch(client, params)`` returns the list to return under ``result_key``."""
    module = vpcep_module(argument_spec)
    run_info(module, lambda: {result_key: fetch(VpcepClient(module), module.params)})


def _json_or_none(response):
    try:
        return response.json()
    except ValueError:
        return None


def not_found(error):
    """Whether an ApiError says the object asked for does not exist."""
    return error.status == 404 or (error.status == 400 and error.code_is(SERVICE_MISSING_CODE))


def query(params):
    """Query parameters as the API reads them: None left out, booleans lower-case."""
    return {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in params.items() if v is not None}
