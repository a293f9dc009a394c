# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ClickHouse Cloud API: options, client and the service lookup every module shares."""

from __future__ import annotations

import re
from urllib.parse import quote

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiClient, ApiError, common_argument_spec
from ansible_collections.privatelink.endpoints.plugins.module_utils.options import build_module
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import WaitFailed, fail, wait_for

DEFAULT_API_URL = "https://api.clickhouse.cloud/v1"
# "Each API key has a limit of 10 requests over a 10-second window" (support can raise the count):
# https://clickhouse.com/docs/cloud/manage/api/api-overview#rate-limits
RATE_LIMIT_REQUESTS = 10
RATE_LIMIT_WINDOW = 10.0
# Waits poll no faster than the key's sustained rate (one request a second) and at least once a
# window: a waiting task then takes at most a tenth of the key's budget.
POLL_SCHEDULE = (RATE_LIMIT_WINDOW / RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW)
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
# Service.state (the OpenAPI enum) as ClickPipes calls see it: only "running" serves them, every
# other state is refused with 424 FAILED_DEPENDENCY "... Current state: <state>".
RUNNING = "running"
#: Asleep: the "awake" command (PATCH .../state) brings it back, and only this state takes it.
IDLE = "idle"
#: On the way to running by itself (a wake-up, a start or a creation under way): waited for, no command.
COMING_UP = ("awaking", "starting", "provisioning", "partially_running")
#: Never running without someone acting (start it, restore it, support): fail at once, naming the state.
WONT_RUN = ("stopping", "stopped", "terminating", "terminated", "softdeleting", "softdeleted",
            "failed", "degraded")


CREDENTIALS = ("organization_id", "api_key_id", "api_key_secret")


def clickhouse_argument_spec():
    """Connection options, named as the official Terraform provider names them."""
    spec = dict(
        api_url=dict(type="str", default=DEFAULT_API_URL,
                     fallback=(env_fallback, ["CLICKHOUSE_API_URL"])),
        organization_id=dict(type="str",
                             fallback=(env_fallback, ["CLICKHOUSE_ORG_ID"])),
        api_key_id=dict(type="str", no_log=False,
                        fallback=(env_fallback, ["CLICKHOUSE_CLOUD_API_KEY", "CLICKHOUSE_TOKEN_KEY"])),
        api_key_secret=dict(type="str", no_log=True,
                            fallback=(env_fallback, ["CLICKHOUSE_CLOUD_API_SECRET", "CLICKHOUSE_TOKEN_SECRET"])),
        api_rate_limit=dict(type="int", default=RATE_LIMIT_REQUESTS,
                            fallback=(env_fallback, ["CLICKHOUSE_API_RATE_LIMIT"])),
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


def clickhouse_module(argument_spec, uuid_options=(), validate=None, **kwargs):
    """The module with the connection options, failed once with every option error before any call.

    ``organization_id``, ``service_id`` and the ``uuid_options`` must be UUIDs
    (the API would only answer 400); ``validate(params)`` lists the module's own
    option errors (see ``options.build_module``).
    """
    spec = clickhouse_argument_spec()
    spec.update(argument_spec)

    def errors(params):
        return connection_errors(params, uuid_options) + (validate(params) if validate else [])
    return build_module(spec, errors, **kwargs)


def connection_errors(params, uuid_options=(), regions=True):
    """What is wrong with the connection options, the UUID options and, with ``regions``, a
    service ``region`` (``common_option_errors()`` in build_module checks the shared ones)."""
    # Required, but checked here so that the message names where each can come from (an empty
    # value is reported by common_option_errors()).
    spec = clickhouse_argument_spec()
    missing = ["%s (or the environment variable %s)" % (name, " or ".join(spec[name]["fallback"][1]))
               for name in CREDENTIALS if params[name] is None]
    errors = ["missing ClickHouse Cloud credentials: %s" % ", ".join(missing)] if missing else []
    if params["api_rate_limit"] < 0:
        errors.append("api_rate_limit must be 0 or more, got %d" % params["api_rate_limit"])
    errors += (region_errors(params) if regions else []) + api_url_errors(params)
    return errors + ["%s must be a UUID, got %r" % (option, params[option])
                     for option in ("organization_id", "service_id") + tuple(uuid_options)
                     if params.get(option) and not UUID.fullmatch(params[option])]


def region_errors(params, option="region", provider="provider"):
    """A service ``region`` must be one ClickHouse Cloud offers, on ``provider`` when that is given."""
    region = params.get(option)
    if region is None:
        return []
    clouds = [params[provider]] if params.get(provider) else list(PROVIDERS)
    if any(region in REGIONS[cloud] for cloud in clouds):
        return []
    return ["%s %r is not a ClickHouse Cloud region%s (choose from %s)" % (
        option, region, " on %s" % clouds[0] if len(clouds) == 1 else "",
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
        limit = params.get("api_rate_limit", RATE_LIMIT_REQUESTS)
        self.rate_limit = (limit, RATE_LIMIT_WINDOW) if limit else None
        # In check mode nothing is changed, and waking a service is a change.
        self.check_mode = module.check_mode

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

    def find_service(self, service_id=None, service_name=None, region=None, provider=None, services=None):
        """Return the one service the options name, or raise LookupError saying why not.

        By id it is one GET; by name one list call, filtered here (the API
        filters by tag only). With ``services`` (a list call's answer already
        at hand) no call at all. A name shared by several services must be
        narrowed with region and/or provider; the error lists the candidates.
        """
        if service_id:
            found = self._service_by_id(service_id, services)
            for option, wanted in (("provider", provider), ("region", region)):
                if wanted is not None and found.get(option) != wanted:
                    raise LookupError("service %s is in %s %s, not in %s %s (option %s)"
                                      % (service_id, option, found.get(option), option, wanted, option))
            return found
        matches = [
            s for s in (self.list_services() if services is None else services)
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

    def _service_by_id(self, service_id, services=None):
        missing = LookupError("no service with id %r in organization %s" % (service_id, self.organization_id))
        if services is not None:
            found = [s for s in services if s.get("id") == service_id]
            if not found:
                raise missing
            return found[0]
        try:
            return self.get_service(service_id)
        except ApiError as error:
            if error.status == 404:
                raise missing
            raise

    def service_from_params(self, module, services=None):
        """find_service() with the module's options; a lookup failure fails the module."""
        p = module.params
        try:
            return self.find_service(p.get("service_id"), p.get("service_name"),
                                     p.get("region"), p.get("provider"), services)
        except (ApiError, LookupError) as error:
            fail(module, error)

    # Idle services ----------------------------------------------------------------

    def wait_running(self, service_id, timeout=600, seen=None):
        """Poll the service until it is running; a state that will not get there fails at once.

        ``seen`` (a service just returned by the API) is judged first, without a GET.
        """
        known = [seen] if isinstance(seen, dict) and seen.get("state") else []

        def fetch():
            return known.pop() if known else self.get_service(service_id)

        return wait_for(
            fetch,
            done=lambda s: s.get("state") == RUNNING,
            failed=lambda s: not_running_problem(service_id, s.get("state")) if s.get("state") in WONT_RUN else None,
            timeout=timeout,
            last_seen=lambda s: "service %s in state %s" % (service_id, s.get("state")),
            schedule=POLL_SCHEDULE,
        )

    def awake(self, service_id, timeout=600):
        """Wake an idle service (one PATCH .../state awake) and wait until it is running."""
        answer = self.request("PATCH", self.service_path(service_id, "state"), json_body={"command": "awake"})
        return self.wait_running(service_id, timeout, seen=answer)

    def request_awake(self, service_id, method, path, wake_timeout=600, **kwargs):
        """Send a call that only a running service serves; on its 424, bring the service up once and retry.

        The 424 names the state: an ``idle`` service is woken (in check mode
        ServiceAsleep is raised instead, as waking is a change); one already
        on its way up (``awaking``, ``starting``, ...) is only waited for; one
        that will never run by itself (stopped, failed, deleted, ...) fails at
        once with ServiceNotRunning, naming the state. A stopped service is not
        started: that is a decision for its owner.
        """
        try:
            return self.request(method, path, **kwargs)
        except ApiError as error:
            state = refused_state(error)
            if state in WONT_RUN:
                raise ServiceNotRunning(service_id, state, error)
            if state != IDLE and state not in COMING_UP:
                raise
        if state == IDLE:
            if self.check_mode:
                raise ServiceAsleep(service_id, state)
            self.awake(service_id, timeout=wake_timeout)
        else:
            self.wait_running(service_id, timeout=wake_timeout)
        return self.request(method, path, **kwargs)


def not_running_problem(service_id, state):
    """Why a service in a WONT_RUN state is an error, and what its owner can do."""
    text = "service %s is %s and will not run by itself" % (service_id, state)
    if state in ("stopping", "stopped"):
        text += " (start it, for example in the console; this collection does not start stopped services)"
    return text


class ServiceNotRunning(WaitFailed):
    """A call needs a running service, and the service is in a state it will not leave by itself."""

    def __init__(self, service_id, state, error=None):
        self.service_id = service_id
        self.state = state
        self.error = error
        text = not_running_problem(service_id, state)
        if error is not None:
            text += ": %s" % error
        super().__init__(text)


class ServiceAsleep(Exception):
    """Check mode met an idle service: reading on would mean waking it, which is a change."""

    def __init__(self, service_id, state=IDLE):
        self.service_id = service_id
        self.state = state
        super().__init__(
            "service %s is %s, and the API serves this only while it runs; check mode does not wake it, so "
            "nothing more could be read. A real run wakes it (PATCH .../services/%s/state awake), waits "
            "until it is running and then continues." % (service_id, state, service_id))


def refused_state(error):
    """The service state a 424 answer names (``serviceState``, or "Current state: idle"), else None."""
    if error.status != 424:
        return None
    state = error.body.get("serviceState") if isinstance(error.body, dict) else None
    if not state:
        match = re.search(r"current state: *([a-z_]+)", error.message or "", re.IGNORECASE)
        state = match.group(1) if match else None
    return state.lower() if state else None
