# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ClickPipes reverse private endpoints (RPE): what the module and the info module share.

The API knows an RPE only by a generated id that the console does not even
show, so an endpoint is recognised by its type and its target (the AWS
endpoint service, resource configuration, MSK cluster or GCP service
attachment it connects to), with the description as a tie-breaker. Only the
custom private DNS list can change after creation.

Everything here works on the "state" form of an endpoint: the API object in
snake_case, whose field names are the module's option names, with the custom
DNS mappings flattened into ``custom_private_dns_names``.
"""

from __future__ import annotations

import re

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import (
    POLL_SCHEDULE,
    SERVICE_OPTION_RULES,
    UUID,
    ClickHouseClient,
    clickhouse_module,
    service_argument_spec,
    snake,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import Lifecycle, Resource, WaitFailed

# Per type, the options it needs; the first names the target and identifies the endpoint.
TYPE_FIELDS = {
    "VPC_ENDPOINT_SERVICE": ("vpc_endpoint_service_name",),
    "VPC_RESOURCE": ("vpc_resource_configuration_id", "vpc_resource_share_arn"),
    "MSK_MULTI_VPC": ("msk_cluster_arn", "msk_authentication"),
    "GCP_PSC_SERVICE_ATTACHMENT": ("gcp_service_attachment",),
}
TYPES = tuple(TYPE_FIELDS)
TARGET_FIELDS = tuple(field for fields in TYPE_FIELDS.values() for field in fields)
MSK_AUTHENTICATIONS = ("SASL_IAM", "SASL_SCRAM")
# The API documents custom private DNS for every type but MSK multi-VPC.
NO_CUSTOM_DNS = ("MSK_MULTI_VPC",)
# What cannot change after creation; a difference here means replacing the endpoint.
IMMUTABLE_FIELDS = ("type",) + TARGET_FIELDS + ("description",)
DESCRIPTION_MAX = 255

READY = "Ready"
PROVISIONING = "Provisioning"
PENDING_ACCEPTANCE = "PendingAcceptance"
DELETING = "Deleting"
# Statuses an endpoint never leaves by itself.
TERMINAL = ("Failed", "Rejected", "Expired")

_AWS_PARTITION = r"arn:aws(?:-[a-z]+)*"
_AWS_REGION = r"[a-z]{2}(?:-[a-z]+)+-\d+"
_DNS_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_GCP_NAME = r"[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?"

# option -> (pattern, what a valid value looks like)
FORMATS = {
    "vpc_endpoint_service_name": (
        r"com\.amazonaws\.vpce\.%s\.vpce-svc-[0-9a-f]{8,17}" % _AWS_REGION,
        "com.amazonaws.vpce.<region>.vpce-svc-<id>"),
    "vpc_resource_configuration_id": (r"rcfg-[0-9a-f]{8,32}", "rcfg-<id>"),
    "vpc_resource_share_arn": (
        r"%s:ram:%s:\d{12}:resource-share/[A-Za-z0-9-]+" % (_AWS_PARTITION, _AWS_REGION),
        "arn:aws:ram:<region>:<account>:resource-share/<id>"),
    "msk_cluster_arn": (
        r"%s:kafka:%s:\d{12}:cluster/[A-Za-z0-9-]+(?:/[A-Za-z0-9-]+)?" % (_AWS_PARTITION, _AWS_REGION),
        "arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>"),
    "gcp_service_attachment": (
        r"projects/(?:[a-z0-9.-]+:)?[a-z][-a-z0-9]{4,28}[a-z0-9]/regions/[a-z]+-[a-z]+\d+/serviceAttachments/%s"
        % _GCP_NAME,
        "projects/<project>/regions/<region>/serviceAttachments/<name>"),
}
# An exact host name or one with a leading wildcard (*.example.com), as the API accepts.
DNS_NAME = re.compile(r"^(?:\*\.)?(?:%s\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$" % _DNS_LABEL)


def target_argument_spec():
    """The type and the type-specific target options (both modules)."""
    spec = dict(type=dict(type="str", choices=list(TYPES)))
    spec.update((field, dict(type="str")) for field in TARGET_FIELDS)
    spec["msk_authentication"]["choices"] = list(MSK_AUTHENTICATIONS)
    return spec


# The AWS account that owns the endpoint service (accept_connection) -------------------

# The connection options of amazon.aws's modules (names, aliases, environment variables), for the
# ``aws`` option: the region is not among them, it is the one the endpoint service's name holds.
AWS_CONNECTION_OPTIONS = dict(
    access_key=dict(type="str", aliases=["aws_access_key_id", "aws_access_key"], no_log=False,
                    fallback=(env_fallback, ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"])),
    secret_key=dict(type="str", aliases=["aws_secret_access_key", "aws_secret_key"], no_log=True,
                    fallback=(env_fallback, ["AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"])),
    session_token=dict(type="str", aliases=["aws_session_token"], no_log=True,
                       fallback=(env_fallback, ["AWS_SESSION_TOKEN"])),
    profile=dict(type="str", aliases=["aws_profile"], fallback=(env_fallback, ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"])),
    endpoint_url=dict(type="str", aliases=["aws_endpoint_url"], fallback=(env_fallback, ["AWS_URL"])),
    aws_ca_bundle=dict(type="path", fallback=(env_fallback, ["AWS_CA_BUNDLE"])),
    validate_certs=dict(type="bool", default=True),
)


class AcceptFailed(WaitFailed):
    """AWS refused to accept ClickPipes' connection (or could not be asked)."""


def service_region_and_id(service_name):
    """``com.amazonaws.vpce.<region>.vpce-svc-<id>`` -> (region, ``vpce-svc-<id>``)."""
    parts = service_name.split(".")
    return parts[3], parts[4]


def accept_connection(module, options, service_name, endpoint_id):
    """Accept the connection of VPC endpoint ``endpoint_id`` to the endpoint service ``service_name``,
    as its owner (AWS credentials ``options``): one ``AcceptVpcEndpointConnections`` call.

    Throttling and 5xx answers are retried with backoff; a refusal raises AcceptFailed naming it.
    """
    from ansible_collections.amazon.aws.plugins.module_utils.botocore import HAS_BOTO3, boto3_conn
    from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import (
        BotoCoreError,
        ClientError,
        Ec2Retry,
        Unsuccessful,
        check_unsuccessful,
    )

    if not HAS_BOTO3:
        module.fail_json(msg=missing_required_lib("boto3 and botocore") + " (for accept_connection)")
    region, service_id = service_region_and_id(service_name)
    options = options or {}
    if options.get("profile"):
        credentials = dict(profile_name=options["profile"])
    else:
        credentials = dict(aws_access_key_id=options.get("access_key") or None,
                           aws_secret_access_key=options.get("secret_key") or None,
                           aws_session_token=options.get("session_token") or None)
    verify = options.get("validate_certs", True)
    if verify and options.get("aws_ca_bundle"):
        verify = options["aws_ca_bundle"]
    ec2 = boto3_conn(module, conn_type="client", resource="ec2", region=region,
                     endpoint=options.get("endpoint_url") or None, verify=verify, **credentials)
    action = "accepting the connection of %s to %s" % (endpoint_id, service_id)
    try:
        check_unsuccessful(Ec2Retry.jittered_backoff()(ec2.accept_vpc_endpoint_connections)(
            ServiceId=service_id, VpcEndpointIds=[endpoint_id]), action)
    except Unsuccessful as error:
        raise AcceptFailed(str(error))
    except (BotoCoreError, ClientError) as error:
        raise AcceptFailed("%s failed: %s" % (action, error))


# Validation ---------------------------------------------------------------------


def format_problems(params):
    """Problems with the format of the given target options, description and id."""
    problems = []
    for field, (pattern, shape) in FORMATS.items():
        value = params.get(field)
        if value is not None and not re.fullmatch(pattern, value):
            problems.append("%s %r is not valid: expected %s" % (field, value, shape))
    description = params.get("description")
    if description is not None and len(description) > DESCRIPTION_MAX:
        problems.append("description is %d characters long; at most %d are allowed"
                        % (len(description), DESCRIPTION_MAX))
    if params.get("id") and not UUID.fullmatch(params["id"]):
        problems.append("id %r is not valid: expected a UUID" % params["id"])
    return problems


def type_problems(params, required):
    """Options of another type given, and with ``required`` the type's own options missing."""
    kind = params.get("type")
    if kind is None:
        given = [f for f in TARGET_FIELDS if params.get(f) is not None]
        return ["%s needs type" % ", ".join(given)] if given else []
    own = TYPE_FIELDS[kind]
    problems = ["%s is not used with type %s" % (field, kind)
                for field in TARGET_FIELDS if field not in own and params.get(field) is not None]
    missing = [field for field in required if params.get(field) is None]
    if missing:
        problems.append("type %s requires %s" % (kind, ", ".join(missing)))
    return problems


def dns_problems(names, kind):
    """Problems with a custom private DNS list for an endpoint of type ``kind``."""
    if names is None:
        return []
    if kind in NO_CUSTOM_DNS and names:
        return ["custom_private_dns_names is not supported for type %s" % kind]
    problems = ["custom_private_dns_names entry %r is not a DNS name (exact, or *.domain)" % name
                for name in names if len(name) > 253 or not DNS_NAME.fullmatch(name)]
    seen = set()
    for name in names:
        if name.lower() in seen:
            problems.append("custom_private_dns_names lists %r more than once" % name)
        seen.add(name.lower())
    return problems


def endpoint_problems(params):
    """Everything wrong with the options of the endpoint module, before any API call."""
    kind = params.get("type")
    present = params.get("state") == "present"
    if kind is None and not params.get("id"):
        return ["type (with its target options) or id is required to find the endpoint"]
    required = ()
    if kind is not None and present:
        required = TYPE_FIELDS[kind]  # all that a create needs
    elif kind is not None and not params.get("id"):
        required = TYPE_FIELDS[kind][:1]  # what finds the endpoint to delete
    problems = type_problems(params, required) + format_problems(params)
    if present and not params.get("id") and not (params.get("description") or "").strip():
        problems.append("description is required to create an endpoint (the API requires one)")
    if present:
        problems += dns_problems(params.get("custom_private_dns_names"), kind)
    if params.get("accept_connection") and kind not in (None, "VPC_ENDPOINT_SERVICE"):
        problems.append("accept_connection is only for type VPC_ENDPOINT_SERVICE (an AWS endpoint service), not %s"
                        % kind)
    return problems


def filter_problems(params):
    """Problems with the info module's filters: a target alone is fine, a wrong type's is not."""
    return (type_problems(params, required=()) if params.get("type") else []) + format_problems(params)


# API <-> state --------------------------------------------------------------------


def to_state(endpoint):
    """An API endpoint in the module's terms (snake_case, custom DNS as a list of names)."""
    state = snake(endpoint)
    mappings = state.pop("custom_private_dns_mappings", None) or []
    state["custom_private_dns_names"] = [m.get("private_dns_name") for m in mappings]
    return state


def dns_mappings(names):
    return [{"privateDnsName": name} for name in names]


def create_body(state):
    """The create request for a desired state: only the fields that are set."""
    body = {"type": state["type"]}
    if state.get("description"):
        body["description"] = state["description"]
    for field in TYPE_FIELDS[state["type"]]:
        body[_camel(field)] = state[field]
    if state.get("custom_private_dns_names"):
        body["customPrivateDnsMappings"] = dns_mappings(state["custom_private_dns_names"])
    return body


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def desired_state(params, current=None):
    """The options laid over the current endpoint: what is not given stays as it is."""
    state = dict(current or {})
    state.update((f, params[f]) for f in IMMUTABLE_FIELDS if params.get(f) is not None)
    for field in TARGET_FIELDS:
        if field not in TYPE_FIELDS[state["type"]]:
            state[field] = None
    if params.get("custom_private_dns_names") is not None:
        # DNS is case-blind; the lower-case spelling is the one that compares equal on re-runs.
        state["custom_private_dns_names"] = [name.lower() for name in params["custom_private_dns_names"]]
    state.setdefault("custom_private_dns_names", [])
    return state


def comparable(state):
    """What is compared and shown in the diff: the immutable fields that are set, and the DNS list."""
    view = {field: state.get(field) for field in IMMUTABLE_FIELDS if state.get(field)}
    view["custom_private_dns_names"] = sorted(name.lower() for name in state.get("custom_private_dns_names") or [])
    return view


def immutable_differences(current, desired):
    """The fields that differ between two states and cannot be changed in place."""
    have, want = comparable(current), comparable(desired)
    return [field for field in IMMUTABLE_FIELDS if have.get(field) != want.get(field)]


def describe(state):
    return "%s (%s%s, status %s)" % (
        state.get("id"), state.get("type"),
        ", %r" % state["description"] if state.get("description") else "", state.get("status"))


# Identity --------------------------------------------------------------------------


def same_target(state, params):
    """True when the endpoint has the type and the identifying target the options ask for."""
    kind = params.get("type")
    key = TYPE_FIELDS[kind][0]
    return state.get("type") == kind and state.get(key) == params.get(key)


def find_endpoint(states, params):
    """The one endpoint among ``states`` that the options identify, or None.

    Type + target first; when that alone matches several, the other given
    immutable options (description first of all) decide. Several left is an
    error that lists them, for the user to pick one by ``id``.
    """
    candidates = [s for s in states if same_target(s, params)]
    if len(candidates) > 1:
        given = [f for f in IMMUTABLE_FIELDS if params.get(f) is not None]
        candidates = [s for s in candidates if all(s.get(f) == params[f] for f in given)]
    if len(candidates) > 1:
        raise LookupError("%d reverse private endpoints match type %s and %s: %s; give id (or a description "
                          "that only one of them has) to choose one"
                          % (len(candidates), params["type"], TYPE_FIELDS[params["type"]][0],
                             "; ".join(describe(s) for s in candidates)))
    return candidates[0] if candidates else None


def matches_filters(state, params):
    """For the info module: every given filter (type, target options, description) holds."""
    return all(params.get(f) is None or state.get(f) == params[f] for f in IMMUTABLE_FIELDS)


# The API ------------------------------------------------------------------------------


def endpoints_module(argument_spec, problems):
    """Build a module with the service and target options; return it and its service's endpoints.

    ``problems(params)`` lists what is wrong with the options: the module
    fails with all of them before any API call. The service is used by id
    as given (no call), or looked up by name.
    """
    spec = service_argument_spec()
    spec.update(target_argument_spec())
    spec.update(argument_spec)
    module = clickhouse_module(spec, validate=problems, **SERVICE_OPTION_RULES)
    client = ClickHouseClient(module)
    service_id = module.params["service_id"] or client.service_from_params(module)["id"]
    return module, ReversePrivateEndpoints(client, service_id, module.params.get("wait_timeout") or 600)


class ReversePrivateEndpoints:
    """The RPE calls of one service, in state form; every call wakes an idle service once."""

    def __init__(self, client, service_id, wake_timeout=600):
        self.client = client
        self.service_id = service_id
        # An idle service is woken within the same bound the user gave for waiting.
        self.wake_timeout = wake_timeout

    def _call(self, method, *parts, **kwargs):
        path = self.client.service_path(self.service_id, "clickpipesReversePrivateEndpoints", *parts)
        return self.client.request_awake(self.service_id, method, path, wake_timeout=self.wake_timeout, **kwargs)

    def list(self):
        return [to_state(e) for e in self._call("GET") or []]

    def get(self, endpoint_id):
        """The endpoint, or None when the API answers 404."""
        try:
            return to_state(self._call("GET", endpoint_id))
        except ApiError as error:
            if error.status == 404:
                return None
            raise

    def create(self, desired):
        # Not retried blindly: Resource.create_once looks the endpoint up when the outcome is unknown.
        return to_state(self._call("POST", json_body=create_body(desired)))

    def set_dns_names(self, endpoint_id, names):
        """Replace the custom private DNS list (the one thing that changes in place)."""
        updated = self._call("PATCH", endpoint_id, json_body={"customPrivateDnsMappings": dns_mappings(names)})
        return to_state(updated) if isinstance(updated, dict) else self.get(endpoint_id)

    def delete(self, endpoint_id):
        """Ask for deletion; an endpoint that is already gone counts as deleted."""
        try:
            self._call("DELETE", endpoint_id)
        except ApiError as error:
            if error.status != 404:
                raise


# The module ------------------------------------------------------------------------------


class ReversePrivateEndpoint(Resource):
    """The reverse private endpoint the options identify, made to look as they say."""

    kind = "reverse private endpoint"
    # ReversePrivateEndpoint.status in the OpenAPI document: Provisioning on the way, Ready the end,
    # Failed, Rejected and Expired never left; Deleting counts as gone.
    lifecycle = Lifecycle(transitional=(PROVISIONING,), ready=(READY,), failed=TERMINAL, gone=(DELETING,))
    poll_schedule = POLL_SCHEDULE

    def __init__(self, module, endpoints):
        super().__init__(module, endpoints)
        self.endpoints = endpoints
        # What finds the endpoint: the options, and after a replacement what it was created with.
        self.identity = module.params
        # Endpoints of this identity already being deleted: waited for, never deleted twice.
        self.vanishing = []
        self.accepted = False

    def read(self):
        wanted = self.identity
        if wanted.get("id"):
            found = self.endpoints.get(wanted["id"])
            candidates = [found] if found else []
        else:
            candidates = [s for s in self.endpoints.list() if same_target(s, wanted)]
        self.vanishing = [s for s in candidates if s["status"] == DELETING]
        live = [s for s in candidates if s["status"] != DELETING]
        if wanted.get("id"):
            return live[0] if live else None
        return find_endpoint(live, wanted)

    def desired(self, current):
        p = self.params
        if p["state"] == "absent":
            return None
        if current is None:
            if p["id"]:
                raise LookupError("no reverse private endpoint with id %s in service %s%s"
                                  % (p["id"], self.endpoints.service_id,
                                     " (it is being deleted)" if self.vanishing else ""))
            return desired_state(p)
        desired = desired_state(p, current)
        # Found by id, the type is only known now.
        problems = dns_problems(p["custom_private_dns_names"], desired["type"])
        if problems:
            raise ValueError("; ".join(problems))
        if p["accept_connection"] and desired["type"] != "VPC_ENDPOINT_SERVICE":
            raise ValueError("accept_connection is only for type VPC_ENDPOINT_SERVICE; endpoint %s is %s"
                             % (current["id"], desired["type"]))
        differing = immutable_differences(current, desired)
        if differing and not p["replace"]:
            self.module.fail_json(
                msg="reverse private endpoint %s differs in fields that cannot change in place: %s; "
                    "set replace=true to delete and re-create it" % (
                        current["id"], ", ".join("%s (%r, wanted %r)" % (f, current.get(f), desired.get(f))
                                                 for f in differing)),
                differing_fields=differing)
        if differing or (p["replace"] and current["status"] in TERMINAL):
            # A new endpoint: nothing the API assigned to the old one (id, status) carries over.
            return {f: desired[f] for f in IMMUTABLE_FIELDS + ("custom_private_dns_names",)}
        if p["accept_connection"] and current["status"] == PENDING_ACCEPTANCE:
            desired["status"] = READY  # accepting is the change, shown in the diff
        return desired

    def comparable(self, state):
        # id and status make a replacement visible in the diff (and a change), even when
        # the options are those of the endpoint that failed.
        view = comparable(state)
        view.update((f, state[f]) for f in ("id", "status") if state.get(f))
        return view

    def result(self, state):
        return dict(endpoint=state or {})

    def matching(self, desired):
        """Every live endpoint with the target and the given immutable fields of ``desired``."""
        return [s for s in self.endpoints.list() if s["status"] != DELETING and same_target(s, desired)
                and all(s.get(f) == desired[f] for f in IMMUTABLE_FIELDS if desired.get(f) is not None)]

    def create(self, desired):
        # Custom DNS names stay taken until an endpoint being deleted is gone.
        for going in self.vanishing:
            self.wait_gone(going)
        self.vanishing = []
        return self.endpoints.create(desired)

    def update(self, current, desired):
        if immutable_differences(current, desired) or current["status"] in TERMINAL:
            self.delete(current)
            self.wait_gone(current)  # also without wait: the new endpoint's DNS names are the old one's
            self.identity = desired  # a lost create response is looked up by the new endpoint's fields
            return self.created(self.create_once(desired), desired)
        after = current  # when only the status differs, the acceptance changes it
        if comparable(current)["custom_private_dns_names"] != comparable(desired)["custom_private_dns_names"]:
            after = self.endpoints.set_dns_names(current["id"], desired["custom_private_dns_names"])
        return self.created(after, desired)

    def delete(self, current):
        self.endpoints.delete(current["id"])

    # Waits, by the lifecycle ------------------------------------------------------------

    def settled(self, state):
        """What an earlier run left: an endpoint that is not Ready yet is waited for before it is
        changed (also one that waits for acceptance, unless that is allowed), and one already being
        deleted before it counts as absent. An endpoint to be accepted or replaced is left to
        ``update()``; in check mode or without ``wait`` nothing is waited for."""
        p = self.params
        if not p["wait"] or self.check_mode:
            return state
        if p["state"] == "absent":
            for going in self.vanishing:
                self.wait_gone(going)
            self.vanishing = []
            return state
        if state is None or (p["replace"] and self.lifecycle.of(state) in TERMINAL):
            return state
        # One to accept is accepted by update(), so that the acceptance is the change it is.
        return self.wait_ready(state, (READY, PENDING_ACCEPTANCE) if p["accept_connection"] else None)

    def created(self, state, desired):
        """A new or changed endpoint: accepted when asked and it waits for that, and with ``wait``
        waited for until Ready."""
        if self.params["wait"]:
            return self.wait_ready(state)
        if self.params["accept_connection"] and state["status"] == PENDING_ACCEPTANCE:
            self.accept(state)
        return state

    def wait_ready(self, state, ready=None):
        """Until Ready, or PendingAcceptance with ``allow_pending_acceptance``; with
        ``accept_connection`` PendingAcceptance is accepted, once, and the wait goes on."""
        p, lifecycle = self.params, self.lifecycle
        if ready is None:
            allowed = p["allow_pending_acceptance"] and not p["accept_connection"]
            ready = (READY, PENDING_ACCEPTANCE) if allowed else (READY,)
        accepting = p["accept_connection"] and PENDING_ACCEPTANCE not in ready

        def done(seen):
            if accepting and not self.accepted and lifecycle.of(seen) == PENDING_ACCEPTANCE:
                self.accept(seen)  # the acceptance happens at the poll that sees the endpoint wait for it
            return seen is not None and lifecycle.of(seen) in ready
        return self.wait_until(state, done, lambda seen: lifecycle.is_gone(seen) or lifecycle.of(seen) in TERMINAL)

    def refresh(self, state):
        return self.endpoints.get(state["id"])

    def failure(self, state, waited_for=None):
        if state is None:
            return "disappeared while waiting for it to be ready"
        if state["status"] == DELETING:
            return "%s is being deleted" % state["id"]
        return "%s is %s" % (state["id"], state["status"])

    def last_seen(self, state):
        if state is None:
            return "gone"
        text = "%s in status %s" % (state["id"], state["status"])
        if state["status"] == PENDING_ACCEPTANCE and self.accepted:
            text += " (the connection was accepted; ClickHouse Cloud has not seen it yet)"
        elif state["status"] == PENDING_ACCEPTANCE:
            text += " (accept the connection on the endpoint service, or set allow_pending_acceptance)"
        return text

    def accept(self, state):
        """Accept ClickPipes' connection to the endpoint service, as its owner (accept_connection)."""
        if not state.get("endpoint_id"):
            raise AcceptFailed("endpoint %s waits for acceptance but names no AWS endpoint to accept" % state["id"])
        accept_connection(self.module, self.params["aws"], state["vpc_endpoint_service_name"], state["endpoint_id"])
        self.accepted = True
