# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ClickHouse Cloud API: options, client and the service lookup every module shares."""

from __future__ import annotations

import re
from urllib.parse import quote

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    ApiClient,
    ApiError,
    common_argument_spec,
    common_option_errors,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import wait_for

DEFAULT_API_URL = "https://api.clickhouse.cloud/v1"
PROVIDERS = ("aws", "gcp", "azure")
# Service regions per provider: the ``region`` enum of the ``Service`` schema in the official OpenAPI
# document (https://api.clickhouse.cloud/v1, "Service.region"); a region outside it matches no service.
REGIONS = dict(
    aws=("ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1",
         "eu-central-1", "eu-west-1", "eu-west-2", "il-central-1", "us-east-1", "us-east-2", "us-west-2"),
    gcp=("us-east1", "us-central1", "europe-west2", "europe-west4", "asia-southeast1", "asia-northeast1"),
    azure=("eastus", "eastus2", "westus3", "germanywestcentral", "centralus"),
)
# Organizations, services and reverse private endpoints all have UUIDs (the API's path parameters say so).
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# States in which the API refuses a call with 424 but a wake-up (or one under way) brings the service back.
WAKEABLE = ("idle", "awaking")


def clickhouse_argument_spec():
    """Connection options, named as the official Terraform provider names them."""
    spec = dict(
        api_url=dict(type="str", default=DEFAULT_API_URL,
                     fallback=(env_fallback, ["CLICKHOUSE_API_URL"])),
        organization_id=dict(type="str", required=True,
                             fallback=(env_fallback, ["CLICKHOUSE_ORG_ID"])),
        api_key_id=dict(type="str", required=True, no_log=False,
                        fallback=(env_fallback, ["CLICKHOUSE_CLOUD_API_KEY", "CLICKHOUSE_TOKEN_KEY"])),
        api_key_secret=dict(type="str", required=True, no_log=True,
                            fallback=(env_fallback, ["CLICKHOUSE_CLOUD_API_SECRET", "CLICKHOUSE_TOKEN_SECRET"])),
    )
    spec.update(common_argument_spec())
    return spec


def service_argument_spec():
    """Options that pick one service: by id, or by name (+ region and provider)."""
    return dict(
        service_id=dict(type="str"),
        service_name=dict(type="str"),
        region=dict(type="str"),
        provider=dict(type="str", choices=list(PROVIDERS)),
    )


SERVICE_OPTION_RULES = dict(
    required_one_of=[("service_id", "service_name")],
    mutually_exclusive=[("service_id", "service_name")],
)


def clickhouse_module(argument_spec, uuid_options=(), **kwargs):
    """Build the AnsibleModule with the connection options and fail early without requests.

    ``organization_id``, ``service_id`` and the ``uuid_options`` must be UUIDs:
    checked here, before any call (the API would only answer 400).
    """
    spec = clickhouse_argument_spec()
    spec.update(argument_spec)
    kwargs.setdefault("supports_check_mode", True)
    module = AnsibleModule(argument_spec=spec, **kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    errors = common_option_errors(module.params) + region_errors(module.params) + api_url_errors(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))
    for option in ("organization_id", "service_id") + tuple(uuid_options):
        value = module.params.get(option)
        if value and not UUID.fullmatch(value):
            module.fail_json(msg="%s must be a UUID, got %r" % (option, value))
    return module


def region_errors(params):
    """A service ``region`` must be one ClickHouse Cloud offers, on ``provider`` when that is given."""
    region = params.get("region")
    if region is None:
        return []
    clouds = [params["provider"]] if params.get("provider") else list(PROVIDERS)
    if any(region in REGIONS[cloud] for cloud in clouds):
        return []
    return ["region %r is not a ClickHouse Cloud region%s (choose from %s)" % (
        region, " on %s" % clouds[0] if len(clouds) == 1 else "",
        ", ".join(r for cloud in clouds for r in REGIONS[cloud]))]


def api_url_errors(params):
    url = params.get("api_url")
    if url is not None and not url.startswith(("https://", "http://")):
        return ["api_url must be an http(s) URL such as %s, got %r" % (DEFAULT_API_URL, url)]
    return []


def snake(value):
    """API camelCase to Ansible snake_case, keeping user data (tag keys) as they are."""
    if isinstance(value, list):
        return [snake(item) for item in value]
    if isinstance(value, dict):
        return camel_dict_to_snake_dict(value, ignore_list=["tags"])
    return value


class ClickHouseClient(ApiClient):
    """ApiClient for ClickHouse Cloud: Basic auth, ``result`` envelope, org-relative paths."""

    def __init__(self, module):
        params = module.params
        super().__init__(
            params["api_url"],
            auth=(params["api_key_id"], params["api_key_secret"]),
            validate_certs=params["validate_certs"],
            ca_path=params["ca_path"],
            timeout=params["api_timeout"],
            retries=params["api_retries"],
        )
        self.organization_id = params["organization_id"]

    def unwrap(self, body):
        if isinstance(body, dict) and "result" in body:
            return body["result"]
        return body

    def org_path(self, *parts):
        """``/organizations/{org}/a/b``, each part quoted so ids cannot break the path."""
        segments = ["organizations", self.organization_id] + list(parts)
        return "/" + "/".join(quote(str(s), safe="") for s in segments)

    def service_path(self, service_id, *parts):
        return self.org_path("services", service_id, *parts)

    # Services -------------------------------------------------------------------

    def list_services(self, tags=None):
        params = None
        if tags:
            params = [("filter", "tag:%s=%s" % (k, v)) for k, v in sorted(tags.items())]
        return self.request("GET", self.org_path("services"), params=params) or []

    def get_service(self, service_id):
        return self.request("GET", self.service_path(service_id))

    def find_service(self, service_id=None, service_name=None, region=None, provider=None):
        """Return the one service the options name, or raise LookupError saying why not.

        By id it is one GET; by name one list call, filtered here (the API
        filters by tag only). A name shared by several services must be
        narrowed with region and/or provider; the error lists the candidates.
        """
        if service_id:
            try:
                found = self.get_service(service_id)
            except ApiError as error:
                if error.status == 404:
                    raise LookupError("no service with id %r in organization %s"
                                      % (service_id, self.organization_id))
                raise
            for option, wanted in (("provider", provider), ("region", region)):
                if wanted is not None and found.get(option) != wanted:
                    raise LookupError("service %s is in %s %s, not in %s %s (option %s)"
                                      % (service_id, option, found.get(option), option, wanted, option))
            return found
        matches = [
            s for s in self.list_services()
            if s.get("name") == service_name
            and (region is None or s.get("region") == region)
            and (provider is None or s.get("provider") == provider)
        ]
        if len(matches) == 1:
            return matches[0]
        wanted = "named %r" % service_name
        if region:
            wanted += " in region %s" % region
        if provider:
            wanted += " on %s" % provider
        if not matches:
            raise LookupError("no service %s in organization %s" % (wanted, self.organization_id))
        candidates = ", ".join("%s (%s/%s)" % (s.get("id"), s.get("provider"), s.get("region"))
                               for s in matches)
        raise LookupError("%d services %s: %s; give service_id, or region and provider to choose one"
                          % (len(matches), wanted, candidates))

    def service_from_params(self, module):
        """find_service() with the module's options; a lookup failure fails the module."""
        p = module.params
        try:
            return self.find_service(p.get("service_id"), p.get("service_name"),
                                     p.get("region"), p.get("provider"))
        except LookupError as error:
            module.fail_json(msg=str(error))
        except ApiError as error:
            module.fail_json(msg=str(error), api_error=error.to_dict())

    # Idle services ----------------------------------------------------------------

    def awake(self, service_id, timeout=600):
        """Wake an idle service and wait until it is running."""
        self.request("PATCH", self.service_path(service_id, "state"), json_body={"command": "awake"})
        return wait_for(
            lambda: self.get_service(service_id),
            done=lambda s: s.get("state") == "running",
            failed=lambda s: ("service %s is %s and will not wake" % (service_id, s.get("state"))
                              if s.get("state") in ("stopped", "stopping", "terminated") else None),
            timeout=timeout,
            describe=lambda s: "state %s" % s.get("state"),
        )

    def request_awake(self, service_id, method, path, wake_timeout=600, **kwargs):
        """Send a call that idle services refuse (424); wake the service once and retry.

        A service already waking up is waited for the same way. A stopped
        service is not started: that is a decision for its owner.
        """
        try:
            return self.request(method, path, **kwargs)
        except ApiError as error:
            if refused_state(error) not in WAKEABLE:
                raise
        self.awake(service_id, timeout=wake_timeout)
        return self.request(method, path, **kwargs)


def refused_state(error):
    """The service state a 424 answer names (``serviceState``, or "Current state: idle"), else None."""
    if error.status != 424:
        return None
    state = error.body.get("serviceState") if isinstance(error.body, dict) else None
    if not state:
        match = re.search(r"current state: *([a-z_]+)", error.message or "", re.IGNORECASE)
        state = match.group(1) if match else None
    return state.lower() if state else None
