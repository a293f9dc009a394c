#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_reverse_private_endpoint_check_info
short_description: Diagnose a ClickPipes reverse private endpoint
version_added: 1.1.0
description:
  - Says whether a ClickPipes reverse private endpoint works, what its status means, and what to do next;
    for an AWS endpoint service of this AWS account also whether it lets ClickPipes in.
  - Only reads, also outside check mode, and never wakes an idle service (ClickPipes endpoints can only be
    read while the service runs; an idle service is reported instead). A read-only ClickHouse Cloud API key
    and C(ec2:DescribeVpcEndpointServiceConfigurations), C(ec2:DescribeVpcEndpointServicePermissions) are enough.
  - 'The checks, in chain order (RV(checks[].name)):'
  - C(service) - the service exists. Fix - the role's C(clickpipes_reverse_private_endpoint_service_id) or
    C(clickpipes_reverse_private_endpoint_service_name).
  - C(service_state) - V(running); V(idle) warns (the endpoint cannot be read until it wakes); V(stopped) and the
    like fail (ClickPipes do not run).
  - C(endpoint) - the reverse private endpoint exists (O(id), or O(type) and its target, with O(description)).
    Fix - role C(privatelink.endpoints.clickpipes_reverse_private_endpoint) with state V(present).
  - C(endpoint_status) - V(Ready). V(Provisioning) warns (wait). V(PendingAcceptance) fails - accept the
    connection on the endpoint service (M(privatelink.endpoints.aws_vpc_endpoint_connection), or
    O(privatelink.endpoints.clickhouse_reverse_private_endpoint#module:accept_connection), which the role
    does with C(clickpipes_reverse_private_endpoint_accept_connection)). V(Rejected) (the endpoint service's owner
    refused it), V(Failed) and V(Expired) (not accepted in time) never change - create it again with
    C(clickpipes_reverse_private_endpoint_replace=true) and accept it.
  - C(endpoint_service) - type V(VPC_ENDPOINT_SERVICE) only - the AWS endpoint service is one of this
    account's and reports whether it requires acceptance. One of another account warns (check it there).
  - C(allowed_principals) - type V(VPC_ENDPOINT_SERVICE) only - its allowed principals include O(allowed_principals)
    (default - the ClickPipes AWS account) or C(*). Symptom - the endpoint stays V(Provisioning) and ends
    V(Failed). Fix - C(clickpipes_reverse_private_endpoint_allowed_principals), or
    O(privatelink.endpoints.aws_vpc_endpoint_service#module:allowed_principals).
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  service_id:
    description:
      - ID of the ClickHouse Cloud service (a UUID, checked before any API call).
      - Exactly one of O(service_id) and O(service_name) is required.
    type: str
  service_name:
    description: Name of the ClickHouse Cloud service.
    type: str
  service_region:
    description: With O(service_name), the service's region when the name is not unique.
    type: str
  service_provider:
    description: With O(service_name), the service's cloud provider when the name is not unique.
    type: str
    choices: [aws, gcp, azure]
  id:
    description:
      - ID of the reverse private endpoint. Give it, or O(type) with its target options.
    type: str
  description:
    description: With O(type), picks one of several endpoints to the same target.
    type: str
  allowed_principals:
    description: Principals that must be allowed on the AWS endpoint service.
    type: list
    elements: str
    default: ["arn:aws:iam::072088201116:root"]
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.clickpipes
  - privatelink.endpoints.api
  - privatelink.endpoints.api.info_attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "The AWS connection options also come from C(module_defaults) of C(group/amazon.aws.aws), after those of
    C(group/privatelink.endpoints.clickhouse) and of this module."
  - O(region) is the AWS region of the endpoint service; by default the one its name holds.
"""

EXAMPLES = r"""
- name: Why do the ClickPipes not reach the Kafka brokers?
  privatelink.endpoints.clickhouse_reverse_private_endpoint_check_info:
    service_name: analytics-prod
    type: VPC_ENDPOINT_SERVICE
    vpc_endpoint_service_name: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
  register: diagnosis

- name: Show the report, failures first with their fix
  ansible.builtin.debug:
    msg: "{{ diagnosis.report }}"
"""

RETURN = r"""
checks:
  description: One entry per check, in chain order.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The check, as listed in the module's description.
      type: str
      sample: endpoint_status
    status:
      description: V(ok), V(warn), V(fail) or V(skipped) (not made, because an earlier check failed or it does not apply).
      type: str
      sample: fail
    detail:
      description: What was found, with the meaning of the endpoint's status.
      type: str
    fix:
      description: The next step, naming the option or role variable; null for V(ok) and V(skipped).
      type: str
healthy:
  description: True when no check failed.
  returned: always
  type: bool
problems:
  description: Number of failed checks.
  returned: always
  type: int
report:
  description: The checks as readable lines, failures first, each followed by its fix.
  returned: always
  type: list
  elements: str
endpoint:
  description: The reverse private endpoint checked (as M(privatelink.endpoints.clickhouse_reverse_private_endpoint_info) returns it), or V({}).
  returned: always
  type: dict
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import BotoCoreError, ClientError
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import (
    PROVIDERS,
    ClickHouseClient,
    refused_state,
    region_errors,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickpipes import (
    PENDING_ACCEPTANCE,
    READY,
    TYPE_FIELDS,
    filter_problems,
    find_endpoint,
    target_argument_spec,
    to_state,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.diagnosis import (
    Checks,
    Stop,
    api_problem,
    aws_client,
    clickhouse_aws_module,
    find_service,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import run_info

NAMES = ["service", "service_state", "endpoint", "endpoint_status", "endpoint_service", "allowed_principals"]
ROLE = "privatelink.endpoints.clickpipes_reverse_private_endpoint"
REPLACE = ("create it again: role %s with clickpipes_reverse_private_endpoint_replace: true (or replace: true on "
           "privatelink.endpoints.clickhouse_reverse_private_endpoint)" % ROLE)
# What each status means and the next step (API: ReversePrivateEndpoint.status).
STATUS = {
    "Provisioning": ("warn", "being set up; ClickPipes cannot use it yet", "wait (clickpipes_reverse_private_endpoint_wait_timeout)"),
    "Deleting": ("fail", "being deleted", "create it again once it is gone (role state present)"),
    PENDING_ACCEPTANCE: ("fail", "ClickPipes' endpoint waits for the endpoint service to accept its connection",
                         "accept it: privatelink.endpoints.aws_vpc_endpoint_connection with state accepted on the endpoint "
                         "service, or accept_connection of privatelink.endpoints.clickhouse_reverse_private_endpoint "
                         "(role %s does with clickpipes_reverse_private_endpoint_accept_connection)" % ROLE),
    "Rejected": ("fail", "the endpoint service's owner rejected the connection; it stays rejected",
                 REPLACE + ", then accept the connection"),
    "Failed": ("fail", "setting it up failed (often: the ClickPipes account is not an allowed principal)",
               "fix allowed_principals, then " + REPLACE),
    "Expired": ("fail", "the connection was not accepted in time; it stays expired", REPLACE + ", and accept it in time"),
    "Unknown": ("warn", "ClickHouse Cloud does not know its state", "look again later; contact support if it stays"),
}


class Diagnosis:

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.checks = Checks()
        self.client = ClickHouseClient(module)
        self.endpoint = {}

    def run(self):
        self.checks.walk(NAMES, self.chain)
        return self.checks.result(endpoint=self.endpoint)

    def chain(self):
        p, checks = self.params, self.checks
        service = find_service(checks, self.client, (p["service_id"], p["service_name"], p["service_region"], p["service_provider"]),
                               "give clickpipes_reverse_private_endpoint_service_id, or _service_name "
                               "(with _region and _provider when it is not unique)")
        checks.ok("service", "%s (%s) on %s in %s" % (service.get("name"), service["id"], service.get("provider"), service.get("region")))
        state = service.get("state")
        if state == "running":
            checks.ok("service_state", "running")
        elif state in ("idle", "awaking"):
            checks.warn("service_state", "%s: ClickPipes endpoints cannot be read until the service runs (a diagnosis does not wake it)" % state,
                        "wake the service (any query, or the console) and diagnose again")
            raise Stop("the service is %s" % state)
        else:
            checks.fail("service_state", "%s: ClickPipes do not run" % state, "start the service")
            raise Stop("the service is %s" % state)
        self.check_endpoint(service["id"])
        self.check_endpoint_service()

    def check_endpoint(self, service_id):
        p, checks = self.params, self.checks
        path = self.client.service_path(service_id, "clickpipesReversePrivateEndpoints")
        try:
            if p["id"]:
                try:
                    found = to_state(self.client.request("GET", path + "/" + p["id"]))
                except ApiError as error:
                    if error.status != 404:
                        raise
                    found = None
            else:
                found = find_endpoint([to_state(e) for e in self.client.request("GET", path) or []], p)
        except (ApiError, LookupError) as error:
            if isinstance(error, ApiError) and refused_state(error):
                checks.fail("endpoint", "the service is %s" % refused_state(error), "start or wake the service")
            else:
                checks.fail("endpoint", api_problem(error) if isinstance(error, ApiError) else str(error), "give id to pick one")
            raise Stop("the endpoint could not be read")
        wanted = p["id"] or "%s to %s" % (p["type"], p.get(target_option(p["type"])))
        if not found:
            checks.fail("endpoint", "no reverse private endpoint %s" % wanted, "create it: role %s with state present" % ROLE)
            raise Stop("no endpoint")
        self.endpoint = found
        checks.ok("endpoint", "%s (%s, %r)" % (found["id"], found.get("type"), found.get("description")))
        status = found.get("status")
        if status == READY:
            names = ", ".join((found.get("dns_names") or []) + (found.get("private_dns_names") or []))
            checks.ok("endpoint_status", "Ready: ClickPipes reach the source%s" % (" at " + names if names else ""))
        else:
            level, meaning, fix = STATUS.get(status, ("warn", "an unknown status", "look again later"))
            checks.add("endpoint_status", level, "%s: %s" % (status, meaning), fix)

    def check_endpoint_service(self):
        checks, endpoint = self.checks, self.endpoint
        if endpoint.get("type") != "VPC_ENDPOINT_SERVICE":
            checks.skip_all(("endpoint_service", "allowed_principals"), "only for type VPC_ENDPOINT_SERVICE")
            return
        name = endpoint.get("vpc_endpoint_service_name") or ""
        region = self.params["region"] or (name.split(".")[3] if name.count(".") >= 4 else None)
        ec2 = aws_client(self.module, "ec2", region)
        try:
            services = [s for s in ec2.describe_vpc_endpoint_service_configurations(aws_retry=True)["ServiceConfigurations"]
                        if s.get("ServiceName") == name]
            if not services:
                checks.warn("endpoint_service", "%s is not an endpoint service of this AWS account: its acceptance and "
                            "principals cannot be checked from here" % name, "diagnose with the owner account's AWS credentials")
                checks.skip("allowed_principals", "not checked: the endpoint service is another account's")
                return
            service = services[0]
            checks.ok("endpoint_service", "%s (%s), %s, acceptance %s" % (
                name, service["ServiceId"], (service.get("ServiceState") or "").lower(),
                "required" if service.get("AcceptanceRequired") else "not required"))
            principals = [a["Principal"] for a in ec2.describe_vpc_endpoint_service_permissions(
                aws_retry=True, ServiceId=service["ServiceId"])["AllowedPrincipals"]]
        except (BotoCoreError, ClientError) as error:
            checks.fail("endpoint_service", api_problem(error), "give the AWS credentials ec2:DescribeVpcEndpointService* permissions")
            raise Stop("the endpoint service could not be read")
        missing = [a for a in self.params["allowed_principals"] if a not in principals and "*" not in principals]
        if missing:
            checks.fail("allowed_principals", "%s not allowed on %s (allowed: %s): ClickPipes' endpoint cannot connect"
                        % (", ".join(missing), service["ServiceId"], ", ".join(principals) or "nobody"),
                        "allow it: clickpipes_reverse_private_endpoint_allowed_principals (role %s, state present), or "
                        "allowed_principals of privatelink.endpoints.aws_vpc_endpoint_service" % ROLE)
        else:
            checks.ok("allowed_principals", "allowed: %s" % ", ".join(principals))


def target_option(kind):
    return TYPE_FIELDS[kind][0] if kind else None


def main():
    spec = target_argument_spec()
    spec.update(
        service_id=dict(type="str"),
        service_name=dict(type="str"),
        service_region=dict(type="str"),
        service_provider=dict(type="str", choices=list(PROVIDERS)),
        id=dict(type="str"),
        description=dict(type="str"),
        allowed_principals=dict(type="list", elements="str", default=["arn:aws:iam::072088201116:root"]),
    )
    module = clickhouse_aws_module(spec, option_problems, id_names=("allowed_principals",),
                                   required_one_of=[("service_id", "service_name"), ("id", "type")],
                                   mutually_exclusive=[("service_id", "service_name")])
    run_info(module, Diagnosis(module).run)


def option_problems(p):
    problems = filter_problems(p) + region_errors(p, "service_region", "service_provider")
    if p["type"] and not p["id"] and p.get(target_option(p["type"])) is None:
        problems.append("type %s needs %s to find the endpoint" % (p["type"], target_option(p["type"])))
    return problems


if __name__ == "__main__":
    main()
