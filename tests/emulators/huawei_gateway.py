# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The API gateway and IAM in front of every Huawei Cloud / Open Telekom Cloud service emulator.

``HuaweiGateway`` is an ``Emulator`` that does what the gateway does before a
service sees a request, and what IAM answers, so a service emulator (``vpcep.py``)
subclasses it and only adds its resources:

- accounts: domains with users, AK/SK pairs (some temporary, with a security
  token) and projects, one cloud per domain (``huaweicloud`` or ``otc``);
- authentication: AK/SK signatures (``SDK-HMAC-SHA256``) are recomputed with the
  official ``huaweicloudsdkcore`` signer over the headers named in
  ``SignedHeaders`` (so the check is independent of the collection's own signer),
  ``X-Sdk-Date`` may be at most ``max_clock_skew`` seconds off, and tokens come
  from ``POST /v3/auth/tokens``; the project in the path must be the caller's;
- IAM: ``POST /v3/auth/tokens`` (password, project scope) and ``GET /v3/projects``;
- error shapes: ``{"error_code": "APIGW.0301", "error_msg": ..., "request_id": ...}``
  for what the gateway refuses before the service sees the request (bad or stale
  signature, missing or expired token: APIGW.0301; no such API: APIGW.0101;
  throttling: APIGW.0308, 429), the service's ``{"error_code", "error_msg"}``
  otherwise, and IAM's nested Keystone form ``{"error": {"code", "message", "title"}}``
  on ``/v3/``. A service narrows the last step with ``service_error_shape()``.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
import uuid
from datetime import datetime, timezone

from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from ansible_collections.privatelink.endpoints.tests.emulators.base import (
    Emulator,
    HttpError,
    Reply,
    route,
)

TOKENS = "/v3/auth/tokens"
PROJECT_IN_PATH = re.compile(r"^/v1/([^/]+)/")
CLOUDS = ("huaweicloud", "otc")
# What the API gateway answers for a route it does not publish (APIG error codes, APIG.0101:
# https://support.huaweicloud.com/intl/en-us/usermanual-apig/apig-ug-180530090.html).
NO_SUCH_API = "The API does not exist or has not been published in the environment"
SIGNATURE = re.compile(r"^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$")
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
# Every variable the modules read credentials from (Huawei SDK and OpenStack names).
AUTH_VARIABLES = ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "OS_ACCESS_KEY",
                  "OS_SECRET_KEY", "OS_SECURITY_TOKEN", "OS_AUTH_TOKEN", "OS_USERNAME", "OS_PASSWORD",
                  "OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME")


def auth_failed(reason):
    return HttpError(401, "APIGW.0301", "Incorrect IAM authentication information: %s" % reason)


def account_field(role, field):
    """A read-only attribute: ``field`` of the Huawei Cloud fixture account ``role``."""
    return property(lambda self: self.identity(role)[field], doc="``identity(%r)[%r]``" % (role, field))


class SignerKey:
    """What huaweicloudsdkcore's Signer reads from a credentials object."""

    def __init__(self, ak, sk):
        self.ak = ak
        self.sk = sk


class HuaweiGateway(Emulator):
    """Accounts, the API gateway's checks and error shapes, and IAM, for a Huawei / OTC service emulator.

    A subclass names its service's codes (``PARAMETER_ERROR``, ``SYSTEM_ERROR``,
    ``NO_PERMISSION``, ``SERVICE_THROTTLE``), seeds its resources in
    ``seed_resources()`` and ``seed_project()``, and may give its own error shape
    in ``service_error_shape()``.
    """

    #: The service's code for a request it refuses as malformed (base ``BAD_REQUEST``).
    PARAMETER_ERROR = "BAD_REQUEST"
    #: The service's code and message for an injected 5xx.
    SYSTEM_ERROR = ("SYSTEM_ERROR", "System error. Please retry.")
    #: The service's code for a project that is not the caller's (HTTP 403).
    NO_PERMISSION = "FORBIDDEN"
    #: What the service answers, instead of the gateway's 429, when ``rate_limit_style`` is ``service``.
    SERVICE_THROTTLE = (429, {"error_code": "THROTTLED", "error_msg": "Too many requests."})

    DEFAULT_SETTINGS = dict(
        # How throttling shows: the gateway's 429 APIGW.0308, or the service's own answer (SERVICE_THROTTLE).
        rate_limit_style="gateway",
        max_clock_skew=900,     # seconds X-Sdk-Date may be off
        token_ttl=86400,
    )

    # Accounts -------------------------------------------------------------------------------

    def reset(self):
        super().reset()
        self.domains = {}
        self.users = {}         # (domain name, user name) -> user
        self.credentials = {}   # AK -> credential
        self.projects = {}
        self.tokens = {}

    def seed(self, data=None):
        """Load ``domains`` (users, credentials, projects), then the service's own resources
        (``seed_resources()``); nothing (None or ``{}``) loads the default fixture file."""
        data = self.fixture_data(data or None)
        with self.lock:
            for domain in data.get("domains", []):
                self._seed_domain(domain)
            self.seed_resources(data)

    def seed_resources(self, data):
        """Load the service's resources from seed ``data`` (subclasses)."""

    def seed_project(self, project, record):
        """Load what a project of the seed holds for the service into its ``record`` (subclasses)."""

    def _seed_domain(self, domain):
        cloud = domain.get("cloud", "huaweicloud")
        if cloud not in CLOUDS:
            raise ValueError("unknown cloud %r" % cloud)
        self.domains[domain["id"]] = dict(id=domain["id"], name=domain["name"], cloud=cloud,
                                          org_path=domain.get("org_path"))
        for user in domain.get("users", []):
            user = dict(user, domain_id=domain["id"])
            user.setdefault("id", uuid.uuid5(uuid.NAMESPACE_URL, domain["id"] + user["name"]).hex)
            self.users[(domain["name"], user["name"])] = user
        for credential in domain.get("credentials", []):
            self.credentials[credential["access"]] = dict(credential, domain_id=domain["id"])
        for project in domain.get("projects", []):
            record = dict(id=project["id"], name=project["name"], domain_id=domain["id"], cloud=cloud)
            self.projects[project["id"]] = record
            self.seed_project(project, record)

    def identity(self, role="provider", cloud="huaweicloud"):
        """One fixture account's ids and secrets (domain ``<hwc|otc>-<role>``, its first project)."""
        prefix = "hwc" if cloud == "huaweicloud" else cloud
        domain = next(d for d in self.domains.values() if d["name"] == "%s-%s" % (prefix, role))
        project = next(p for p in self.projects.values() if p["domain_id"] == domain["id"])
        user = next(u for u in self.users.values() if u["domain_id"] == domain["id"])
        permanent = next(c for c in self.credentials.values()
                         if c["domain_id"] == domain["id"] and not c.get("security_token"))
        temporary = next(c for c in self.credentials.values()
                         if c["domain_id"] == domain["id"] and c.get("security_token"))
        return dict(
            cloud=cloud, region=project["name"], domain_id=domain["id"], domain_name=domain["name"],
            project_id=project["id"], user=user["name"], password=user["password"],
            ak=permanent["access"], sk=permanent["secret"], temp_ak=temporary["access"],
            temp_sk=temporary["secret"], security_token=temporary["security_token"],
        )

    def account(self, role="provider", cloud="huaweicloud"):
        """Everything a test needs to act as one fixture account (services add their resources' ids)."""
        return self.identity(role, cloud)

    provider = property(lambda self: self.account("provider"),
                        doc="The Huawei Cloud account that owns services (``account(\"provider\")``).")
    consumer = property(lambda self: self.account("consumer"),
                        doc="The Huawei Cloud account that connects endpoints to them.")
    project_id = account_field("provider", "project_id")
    consumer_project_id = account_field("consumer", "project_id")
    domain_id = account_field("provider", "domain_id")
    consumer_domain_id = account_field("consumer", "domain_id")

    @property
    def token(self):
        """A fresh token of the provider account, scoped to its project."""
        account = self.identity("provider")
        return self.issue_token(account["domain_name"], account["user"], account["project_id"])

    def env(self, role="provider", cloud="huaweicloud", auth="aksk"):
        """Environment variables that point the modules at this emulator as one account.

        ``auth`` is ``aksk``, ``temporary`` (AK/SK with a security token),
        ``token`` or ``password``. The modules have no variable for
        ``endpoint_url`` and ``cloud``: playbooks read ``VPCEP_ENDPOINT_URL`` and
        ``VPCEP_CLOUD``.
        """
        account = self.identity(role, cloud)
        env = dict(HUAWEICLOUD_SDK_PROJECT_ID=account["project_id"], OS_REGION_NAME=account["region"],
                   OS_AUTH_URL=self.url + "/v3", VPCEP_ENDPOINT_URL=self.url, VPCEP_CLOUD=cloud)
        if auth == "aksk":
            env.update(HUAWEICLOUD_SDK_AK=account["ak"], HUAWEICLOUD_SDK_SK=account["sk"])
        elif auth == "temporary":
            env.update(HUAWEICLOUD_SDK_AK=account["temp_ak"], HUAWEICLOUD_SDK_SK=account["temp_sk"],
                       HUAWEICLOUD_SDK_SECURITY_TOKEN=account["security_token"])
        elif auth == "token":
            env.update(OS_AUTH_TOKEN=self.issue_token(account["domain_name"], account["user"], account["project_id"]))
        elif auth == "password":
            env.update(OS_USERNAME=account["user"], OS_PASSWORD=account["password"],
                       OS_USER_DOMAIN_NAME=account["domain_name"])
        else:
            raise ValueError("auth must be aksk, temporary, token or password, not %r" % auth)
        return env

    def auth_env(self, role="provider", cloud="huaweicloud", auth="aksk"):
        """``env()`` with every other credential variable set to None, for overriding a run's
        environment (None removes a variable there) so exactly one way in is left."""
        env = dict.fromkeys(AUTH_VARIABLES)
        env.update(self.env(role, cloud, auth))
        return env

    def issue_token(self, domain_name, user_name, project_id):
        """A project-scoped token, as ``POST /v3/auth/tokens`` would give."""
        with self.lock:
            user = self.users[(domain_name, user_name)]
            token = "MIIT" + secrets.token_urlsafe(48)
            self.tokens[token] = dict(user_id=user["id"], domain_id=user["domain_id"], project_id=project_id,
                                      expires=time.time() + float(self.token_ttl))
            return token

    def is_write(self, entry):
        """An IAM token request changes nothing in the service behind the gateway."""
        return super().is_write(entry) and entry["path"] != TOKENS

    # Gateway: authentication, error shapes, throttling ------------------------------------

    def authenticate(self, request):
        request.caller = None
        if request.method == "POST" and request.path.rstrip("/") == TOKENS:
            return None
        authorization = request.headers.get("Authorization") or ""
        if authorization.startswith("SDK-HMAC-SHA256"):
            caller = self._verify_signature(request, authorization)
        elif request.headers.get("X-Auth-Token"):
            caller = self._verify_token(request.headers["X-Auth-Token"])
        else:
            raise auth_failed("x-auth-token not found")
        match = PROJECT_IN_PATH.match(request.path)
        if match:
            self._check_project(caller, match.group(1), request.headers.get("X-Project-Id"))
        request.caller = caller
        return caller["key"]

    def _verify_signature(self, request, authorization):
        match = SIGNATURE.match(authorization.strip())
        if not match:
            raise auth_failed("malformed Authorization header")
        access, signed, signature = match.groups()
        credential = self.credentials.get(access)
        if credential is None:
            raise auth_failed("verify aksk signature fail")
        names = signed.split(";")
        headers = {}
        for name in names:
            value = request.headers.get(name)
            if value is None:
                raise auth_failed("signed header %s is missing" % name)
            headers[name] = value
        self._check_date(headers.get("x-sdk-date"))
        if credential.get("security_token") and headers.get("x-security-token") != credential["security_token"]:
            raise auth_failed("security token of the temporary AK is missing or wrong")
        query = [(key, sorted(values)) for key, values in request.query.items()]
        sdk_request = SdkRequest(method=request.method, schema="http", host=headers.get("host"),
                                 resource_path=request.path, query_params=query,
                                 header_params=dict(headers), body=request.raw_body)
        Signer(SignerKey(access, credential["secret"])).sign(sdk_request)
        expected = SIGNATURE.match(sdk_request.header_params["Authorization"])
        if expected.group(2) != signed or not hmac.compare_digest(expected.group(3), signature):
            raise auth_failed("verify aksk signature fail")
        return dict(key=access, domain_id=credential["domain_id"], project_id=None)

    def _check_date(self, value):
        if not value:
            raise auth_failed("X-Sdk-Date must be signed")
        try:
            signed_at = datetime.strptime(value, DATE_FORMAT).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            raise auth_failed("X-Sdk-Date %r is not in %s form" % (value, DATE_FORMAT))
        if abs(time.time() - signed_at) > float(self.max_clock_skew):
            raise auth_failed("X-Sdk-Date %s is more than %d minutes off the server time"
                              % (value, int(self.max_clock_skew) // 60))

    def _verify_token(self, token):
        entry = self.tokens.get(token)
        if entry is None:
            raise auth_failed("decrypt token fail")
        if entry["expires"] < time.time():
            raise auth_failed("token expires, expires_at: %s" % datetime.fromtimestamp(
                entry["expires"], timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        return dict(key=entry["user_id"], domain_id=entry["domain_id"], project_id=entry["project_id"])

    def _check_project(self, caller, project_id, header_project):
        project = self.projects.get(project_id)
        if project is None or project["domain_id"] != caller["domain_id"]:
            raise self.forbidden("project %s does not belong to the caller's account" % project_id)
        if caller["project_id"] not in (None, project_id):
            raise self.forbidden("the token is scoped to project %s, not %s" % (caller["project_id"], project_id))
        if header_project not in (None, project_id):
            raise self.forbidden("X-Project-Id %s does not match the project %s in the path"
                                 % (header_project, project_id))

    def forbidden(self, message):
        return HttpError(403, self.NO_PERMISSION, message)

    def error_body(self, status, code, message, request_id, extra):
        # The base class speaks generic codes; translate them to what the gateway and service say.
        if code == "TOO_MANY_REQUESTS":
            code, message = "APIGW.0308", "The throttling threshold has been reached: %s" % message
        elif code in ("NOT_FOUND", "METHOD_NOT_ALLOWED"):
            code, message = "APIGW.0101", NO_SUCH_API
        elif code == "BAD_REQUEST":
            code = self.PARAMETER_ERROR
        elif code == "INJECTED_FAULT" and status >= 500:
            code, message = self.SYSTEM_ERROR
        body = {"error_code": code, "error_msg": message}
        if code.startswith("APIGW."):
            body["request_id"] = request_id
        return body

    def dispatch(self, request, request_id):
        reply = super().dispatch(request, request_id)
        if reply.status < 400 or not isinstance(reply.body, dict) or "error_code" not in reply.body:
            return reply
        code, message = reply.body["error_code"], reply.body["error_msg"]
        if reply.status == 429 and self.rate_limit_style == "service":
            status, body = self.SERVICE_THROTTLE
            return Reply(status, dict(body))
        if code == "APIGW.0101":
            reply.status = 404  # the gateway says so for a wrong method too
        elif code.startswith("APIGW."):
            pass
        elif request.path.startswith("/v3/"):
            reply.body = {"error": {"code": reply.status, "message": message,
                                    "title": "Unauthorized" if reply.status == 401 else "Bad Request"}}
        else:
            reply.body = self.service_error_shape(request, code, message) or reply.body
        return reply

    def service_error_shape(self, request, code, message):
        """The service's error body where it differs from ``{"error_code", "error_msg"}`` (None: it does not)."""
        return None

    def cloud_of(self, path):
        """The cloud of the project in an API path (None: no known project there)."""
        match = PROJECT_IN_PATH.match(path)
        project = self.projects.get(match.group(1)) if match else None
        return project["cloud"] if project else None

    # IAM -----------------------------------------------------------------------------------

    @route("POST", TOKENS)
    def create_token(self, request):
        """Password auth scoped to a project (by id, or by name within the user's domain)."""
        body = request.json()
        try:
            identity = body["auth"]["identity"]
            user_spec = identity["password"]["user"]
            scope = body["auth"].get("scope", {}).get("project", {})
        except (KeyError, TypeError, AttributeError):
            raise self.body_error("auth.identity.password.user is required")
        if identity.get("methods") != ["password"]:
            raise self.body_error("only the password method is supported")
        domain_name = (user_spec.get("domain") or {}).get("name")
        user = self.users.get((domain_name, user_spec.get("name")))
        if user is None or not hmac.compare_digest(str(user["password"]), str(user_spec.get("password"))):
            raise HttpError(401, "IAM.0001", "The username or password is wrong.")
        project = self.projects.get(scope.get("id")) or next(
            (p for p in self.projects.values()
             if p["name"] == scope.get("name") and p["domain_id"] == user["domain_id"]), None)
        if project is None or project["domain_id"] != user["domain_id"]:
            raise HttpError(401, "IAM.0002", "The project in the scope does not belong to the user's domain.")
        token = self.issue_token(domain_name, user["name"], project["id"])
        domain = self.domains[user["domain_id"]]
        issued = datetime.now(timezone.utc)
        expires = datetime.fromtimestamp(self.tokens[token]["expires"], timezone.utc)
        return Reply(201, {"token": {
            "methods": ["password"],
            "issued_at": issued.strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
            "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
            "user": {"id": user["id"], "name": user["name"], "domain": {"id": domain["id"], "name": domain["name"]}},
            "project": {"id": project["id"], "name": project["name"],
                        "domain": {"id": domain["id"], "name": domain["name"]}},
            "roles": [{"id": "0", "name": "te_admin"}],
            "catalog": [],
        }}, {"X-Subject-Token": token})

    @route("GET", "/v3/projects")
    def list_projects(self, request):
        """What the Huawei SDK asks to find a project id from a region name."""
        name = request.arg("name")
        projects = [dict(id=p["id"], name=p["name"], domain_id=p["domain_id"], enabled=True, is_domain=False,
                         parent_id=p["domain_id"], description="")
                    for p in self.projects.values()
                    if p["domain_id"] == request.caller["domain_id"] and name in (None, p["name"])]
        return {"projects": projects, "links": {"self": self.url + "/v3/projects", "next": None, "previous": None}}
