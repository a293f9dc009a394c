# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AWS glue: amazon.aws's module base under the collection's Resource flow.

amazon.aws brings the standard AWS options, credentials, the boto3 client and
AWSRetry; ``AwsResource`` brings check mode, diff and ``changed`` exactly as
every other module of this collection does them, plus the AWS habits the EC2
modules share: waiting on a state, tags, set differences and the
``Unsuccessful`` lists that EC2 batch calls return instead of failing.
"""

from __future__ import annotations

import re
import uuid

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.amazon.aws.plugins.module_utils.botocore import normalize_boto3_result
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.tagging import (
    ansible_dict_to_boto3_tag_list,
    boto3_tag_list_to_ansible_dict,
    compare_aws_tags,
)
from ansible.module_utils.common.warnings import warn

from ansible_collections.privatelink.endpoints.plugins.module_utils.options import build_module, wait_argument_spec
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import (
    RUN_ERRORS,
    Resource,
    wanted_with_purge,
)

try:
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError
except ImportError:  # AnsibleAWSModule reports the missing SDK
    BotoCoreError = ClientError = ResponseParserError = None

# The EC2 call in progress (botocore's before-call event), for messages about answers that name none.
CALLS = []
SERVER_ERRORS = ("500", "502", "503", "504")

# EC2 refills 20 describe calls a second per account and region (a bucket of 100):
# https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
# A poll every 5 s at most costs 1 % of that, so waits may notice sooner than the 10 s default.
POLL_SCHEDULE = (0.25, 5.0)


def aws_module(argument_spec, tags=False, ids=None, validate=None, **kwargs):
    """AnsibleAWSModule through the collection's one factory (``options.build_module``): the AWS
    options, ``wait``/``wait_timeout`` (doc fragment ``privatelink.endpoints.wait``), with ``tags=True``
    the tag options of amazon.aws (doc fragment ``amazon.aws.tags``), and check mode. Every option
    error fails the module at once before any API call: ``ids`` maps ID options to their EC2 prefix
    (``{"vpc_id": "vpc"}``), ``validate(params)`` returns the module's own errors."""
    spec = wait_argument_spec()
    if tags:
        spec.update(
            tags=dict(type="dict", aliases=["resource_tags"]),
            purge_tags=dict(type="bool", default=True),
        )
    spec.update(argument_spec)

    def errors(params):
        return id_errors(params, ids or {}) + (validate(params) if validate else [])

    return build_module(spec, errors, module_class=AnsibleAWSModule, libraries=(),
                        id_options=("service_name", "network_load_balancer_arns", "allowed_principals"), **kwargs)


def id_errors(params, prefixes):
    """What is wrong with the ID options named in ``prefixes`` (option -> EC2 prefix), a string or a list each."""
    errors = []
    for name, prefix in prefixes.items():
        value = params.get(name)
        if value is None:
            continue
        if isinstance(value, list) and not value:
            errors.append("%s must not be empty; leave it out to keep what is there" % name)
        # EC2 IDs: the prefix and 8 (older) or 17 hex digits; "vpce-svc-..." is not a "vpce-..." ID.
        errors.extend("%s: %r is not an ID of the form %s-..." % (name, item, prefix)
                      for item in (value if isinstance(value, list) else [value])
                      if not re.fullmatch(r"%s-(?:[0-9a-f]{8}|[0-9a-f]{17})" % re.escape(prefix), item or ""))
    return errors


def error_code(error):
    """The AWS error code of a ClientError; the HTTP status when the answer was no AWS error at all
    (a proxy's or load balancer's HTML page, which botocore parses into a response without ``Error``)."""
    code = (error.response.get("Error") or {}).get("Code")
    return code or str(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or "")


class Ec2Retry(AWSRetry):
    """AWSRetry that also retries, instead of failing with a KeyError, 5xx answers that are no AWS error."""

    @staticmethod
    def status_code_from_exception(error):
        return error_code(error)

    @staticmethod
    def found(response_code, catch_extra_error_codes=None):
        return AWSRetry.found(response_code, catch_extra_error_codes) or response_code in SERVER_ERRORS


def ec2_client(module):
    """EC2 client whose calls retry throttling and 5xx when called with ``aws_retry=True``."""
    client = module.client("ec2", retry_decorator=Ec2Retry.jittered_backoff())
    events = getattr(getattr(client, "client", client), "meta", None)
    if events is not None:
        events.events.register("before-call.ec2", lambda model, **kwargs: CALLS.append(model.name))
    return client


def client_token():
    """Idempotency token for a create: AWSRetry and botocore repeat the call with the
    same arguments, so a repeated create returns the first object instead of a second one."""
    return str(uuid.uuid4())


def paged(call, key, **kwargs):
    """All items of a paginated EC2 Describe call, each page retried on its own."""
    items = []
    while True:
        page = call(aws_retry=True, **kwargs)
        items.extend(page.get(key) or [])
        token = page.get("NextToken")
        if not token:
            return items
        kwargs["NextToken"] = token


def filters(**values):
    """EC2 filters from keyword arguments: ``vpc_id="vpc-1"`` -> ``vpc-id``."""
    return [dict(Name=name.replace("_", "-"), Values=[value]) for name, value in values.items()]


def snake_aws(item):
    """An EC2 object in snake_case with its ``Tags`` list as a plain dict (keys kept as given)."""
    result = camel_dict_to_snake_dict(normalize_boto3_result(item), ignore_list=["Tags"])
    result["tags"] = boto3_tag_list_to_ansible_dict(item.get("Tags") or [])
    return result


def lower(value):
    """EC2 documents states capitalised and returns them camelCase: compare case-blind."""
    return (value or "").lower()


def modify_request(current, desired, lists=None, values=None):
    """The parameters of an EC2 Modify call that turns ``current`` into ``desired``.

    ``lists`` maps an EC2 name to a list field, sent as ``Add<name>``/``Remove<name>``
    (only what differs); ``values`` maps an EC2 name to a field sent when it differs.
    Empty when nothing differs, so the caller makes no call.
    """
    request = {}
    for name, field in (lists or {}).items():
        have, want = set(current.get(field) or ()), set(desired.get(field) or ())
        if want - have:
            request["Add" + name] = sorted(want - have)
        if have - want:
            request["Remove" + name] = sorted(have - want)
    for name, field in (values or {}).items():
        if desired.get(field) != current.get(field):
            request[name] = desired.get(field)
    return request


def desired_tags(current, params):
    """The tags a resource should end up with: as they are when ``tags`` is unset,
    else ``tags`` merged in, and others dropped when ``purge_tags`` (``aws:`` keys stay)."""
    wanted = None if params.get("tags") is None else dict((k, str(v)) for k, v in params["tags"].items())
    return wanted_with_purge(dict(current or {}), wanted, params["purge_tags"], keep=lambda key: key.startswith("aws:"))


def update_ec2_tags(client, resource_id, current, desired):
    """Make the resource's tags ``desired`` (both plain dicts); at most two calls."""
    to_set, to_unset = compare_aws_tags(current or {}, desired or {}, purge_tags=True)
    if to_unset:
        client.delete_tags(aws_retry=True, Resources=[resource_id], Tags=[dict(Key=k) for k in to_unset])
    if to_set:
        client.create_tags(aws_retry=True, Resources=[resource_id], Tags=ansible_dict_to_boto3_tag_list(to_set))
    return bool(to_set or to_unset)


class Unsuccessful(Exception):
    """An EC2 batch call (delete, accept, reject) answered 200 but refused an item."""


def check_unsuccessful(response, action):
    refused = response.get("Unsuccessful") or []
    if refused:
        reasons = "; ".join("%s: %s %s" % (item.get("ResourceId"), (item.get("Error") or {}).get("Code"),
                                           (item.get("Error") or {}).get("Message"))
                            for item in refused)
        raise Unsuccessful("%s refused %s" % (action, reasons))
    return response


def describe_one(call, key, missing_code, **params):
    """The first item a Describe call by ID returns, or None when EC2 answers ``missing_code``
    (for example ``InvalidVpcEndpointId.NotFound``) because it does not know the ID (any more)."""
    try:
        items = call(aws_retry=True, **params).get(key) or []
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == missing_code:
            return None
        raise
    return items[0] if items else None


class AwsResource(Resource):
    """Resource for AWS: botocore errors reported the amazon.aws way, waits (by the core's
    ``lifecycle``) on EC2's poll schedule and bounded by ``wait_timeout``, EC2's states compared
    case-blind, and in check mode an existing object returned whole."""

    poll_schedule = POLL_SCHEDULE

    #: Options holding lists of IDs or ARNs: compared as sets; a given list replaces the current one.
    list_options = ()
    #: Other compared options, each with what a new resource gets when the option is left out.
    value_options = {}

    def comparable(self, state):
        result = {name: state.get(name) for name in self.value_options}
        result.update((name, sorted(state.get(name) or [])) for name in self.list_options)
        result["tags"] = state.get("tags") or {}
        return result

    def requested(self, current):
        """The core's field tables, the tags (``tags``/``purge_tags``) on top."""
        want = self.comparable(super().requested(current))
        want["tags"] = desired_tags((current or {}).get("tags"), self.params)
        return want

    def settled(self, state):
        # A delete does not wait for an object on its way to be ready first (an endpoint pending
        # acceptance may never be accepted).
        return state if self.params.get("state") == "absent" else super().settled(state)

    def refresh(self, state):
        """The object of ``state`` read again by its ID (None once EC2 forgets it)."""
        return self.fetch(state["id"])

    def last_seen(self, state):
        return state and self.lifecycle.of(state)

    def warn(self, message):
        # AnsibleAWSModule.warn also hands its warnings to exit_json again, which ansible-core 2.19
        # reports as a deprecation; the module's warnings list takes them once.
        warn(message)

    def apply(self):
        changed, before, after = super().apply()
        if self.check_mode and before is not None and after is not None:
            # The plan holds only the compared fields: an object that exists is returned whole (ID,
            # state, DNS names...) with the planned values on top, so that later tasks of a --check
            # run can go on with it and show their own drift.
            after = dict(before, **after)
        return changed, before, after

    run_errors = RUN_ERRORS + (Unsuccessful,) + tuple(e for e in (ClientError, BotoCoreError, ResponseParserError) if e)

    def fail(self, error):
        # botocore errors first: a few of them are ValueErrors too, and they fail the amazon.aws way.
        if isinstance(error, Unsuccessful):
            self.module.fail_json(msg="%s: %s" % (self.kind, error))
        if ClientError and isinstance(error, ClientError):
            if not (error.response.get("Error") or {}).get("Code"):
                self.module.fail_json(msg="%s: AWS call %s failed: HTTP %s with an answer that is no AWS error "
                                          "(a proxy's or load balancer's page?), also after retries"
                                          % (self.kind, error.operation_name, error_code(error) or "?"))
            self.module.fail_json_aws(error, msg="%s: AWS call failed" % self.kind)
        if BotoCoreError and isinstance(error, BotoCoreError):
            self.module.fail_json_aws(error, msg="%s: AWS call failed" % self.kind)
        if ResponseParserError and isinstance(error, ResponseParserError):
            self.module.fail_json(msg="%s: AWS call %s failed: its answer is unreadable (%s)"
                                      % (self.kind, CALLS[-1] if CALLS else "?", str(error).splitlines()[0][:300]))
        super().fail(error)
