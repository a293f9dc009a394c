#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: vpcep_private_link_check_info
short_description: Diagnose a Huawei Cloud / Open Telekom Cloud VPC Endpoint link
version_added: 1.1.0
description:
  - Walks the link between a consumer's VPC endpoint and a provider's endpoint service and says, for each
    link, whether it holds, what a client sees when it does not, and which option or role variable fixes it.
  - Only reads, also outside check mode. The connection options are the consumer project's, where the
    endpoint is; O(provider) adds the provider project's for the checks only the provider can make.
    An API error on one check fails that check, not the module.
  - 'The checks, in chain order (RV(checks[].name)):'
  - C(endpoint) - the endpoint exists (O(endpoint_id), or the one in O(vpc_id) to O(endpoint_service_name)).
    Fix - role C(privatelink.endpoints.vpcep_private_link) with state V(present)
    (C(vpcep_private_link_endpoint_vpc_id), C(vpcep_private_link_endpoint_subnet_id)), or
    M(privatelink.endpoints.vpcep_endpoint).
  - C(endpoint_status) - V(accepted); V(creating) warns; V(pendingAcceptance) (the connection waits for the
    provider's approval), V(rejected) and V(failed) fail. Symptom - C(Connection timed out).
    Fix - approve it with O(privatelink.endpoints.vpcep_connection#module:state=accepted) (the role does when
    C(vpcep_private_link_approval_enabled)), or create the endpoint again.
  - C(endpoint_service) - with O(provider) - the endpoint service exists in the provider project and is V(available).
  - C(permissions) - with O(provider) - the service's permissions (whitelist of accounts) include the consumer's
    account (O(consumer_domain_id), else the account the connection comes from), or C(*).
    Symptom - endpoints of that account are refused, or cannot be created again. Fix - C(vpcep_private_link_consumer_domain_id),
    or O(privatelink.endpoints.vpcep_service#module:permissions).
  - C(connection) - with O(provider) - the provider sees the endpoint's connection, accepted; V(pendingAcceptance)
    fails (the service has C(approval_enabled)). Fix - M(privatelink.endpoints.vpcep_connection) with state V(accepted).
  - C(whitelist) - when the endpoint enforces its whitelist (C(enable_whitelist)), every one of O(client_cidrs)
    is in it. Symptom - C(Connection timed out). Fix - C(vpcep_private_link_whitelist), or
    O(privatelink.endpoints.vpcep_endpoint#module:whitelist).
  - C(dns) - with O(enable_dns=true) - the endpoint has private DNS enabled and a domain name.
    Symptom - C(Not found address of host). Fix - C(vpcep_private_link_enable_dns)
    (O(privatelink.endpoints.vpcep_endpoint#module:enable_dns) is set at creation - create the endpoint again).
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  endpoint_id:
    description:
      - ID of the consumer's VPC endpoint.
      - Give it, or O(vpc_id) and O(endpoint_service_name) to find it.
    type: str
  vpc_id:
    description: VPC of the endpoint; with O(endpoint_service_name) it finds the endpoint.
    type: str
  endpoint_service_name:
    description:
      - Name of the endpoint service, short (as given to M(privatelink.endpoints.vpcep_service)) or full
        (C({region}.{name}.{id})).
    type: str
  provider:
    description:
      - Connection options of the provider's project, the keys the VPC Endpoint modules take (C(cloud),
        C(region), C(project_id), C(access_key), C(secret_key), C(auth_token), C(username), C(password),
        C(domain_name), C(endpoint_url), C(iam_url)...).
      - Without it, the checks C(endpoint_service), C(permissions) and C(connection) are skipped.
      - Its secrets are never logged; environment variables do not fill it.
    type: dict
  consumer_domain_id:
    description:
      - Account (domain) ID of the consumer, looked for in the service's permissions.
      - Default - the account the endpoint's connection comes from, as the provider sees it.
    type: str
  client_cidrs:
    description: Addresses or CIDR blocks clients connect from, looked for in the endpoint's whitelist.
    type: list
    elements: str
    default: []
  enable_dns:
    description: Check that the endpoint has a private domain name (the link was built with C(enable_dns)).
    type: bool
    default: false
extends_documentation_fragment:
  - privatelink.endpoints.vpcep
  - privatelink.endpoints.api
  - privatelink.endpoints.api.info_attributes
"""

EXAMPLES = r"""
- name: Why does the consumer not reach orders-db?
  privatelink.endpoints.vpcep_private_link_check_info:
    region: eu-de
    cloud: otc
    project_id: "{{ consumer_project_id }}"
    vpc_id: "{{ consumer_vpc_id }}"
    endpoint_service_name: orders-db
    client_cidrs: [192.168.10.0/24]
    enable_dns: true
    provider:
      cloud: otc
      region: eu-de
      project_id: "{{ provider_project_id }}"
      access_key: "{{ provider_ak }}"
      secret_key: "{{ provider_sk }}"
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
      sample: permissions
    status:
      description: V(ok), V(warn), V(fail) or V(skipped) (not made, because an earlier check failed or it was not asked for).
      type: str
      sample: fail
    detail:
      description: What was found, and for a failure the symptom clients see.
      type: str
    fix:
      description: What to change, naming the option or role variable; null for V(ok) and V(skipped).
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
endpoint_id:
  description: The endpoint checked, when one was found.
  returned: always
  type: str
"""

from types import SimpleNamespace

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.diagnosis import (
    NOT_FOUND,
    TIMED_OUT,
    Checks,
    Stop,
    api_problem,
    in_whitelist,
    network,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import run_info
from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep import (
    DOMAIN_PERMISSION,
    ORG_PERMISSION,
    VpcepClient,
    connection_errors,
    failure_text,
    short_name,
    vpcep_argument_spec,
    vpcep_module,
)

# The provider's options that are secret, as vpcep_argument_spec() marks them.
SECRETS = [name for name, spec in vpcep_argument_spec().items() if spec.get("no_log")]
NAMES = ["endpoint", "endpoint_status", "endpoint_service", "permissions", "connection", "whitelist", "dns"]
ROLE = "privatelink.endpoints.vpcep_private_link"
APPROVE = ("approve it as the provider: privatelink.endpoints.vpcep_connection with state accepted "
           "(role %s does when vpcep_private_link_approval_enabled)" % ROLE)


class Diagnosis:

    def __init__(self, module):
        self.params = module.params
        self.checks = Checks()
        self.consumer = VpcepClient(module)
        self.provider = None
        if self.params["provider"]:
            self.provider = VpcepClient(SimpleNamespace(params=provider_params(self.params["provider"])))
        self.endpoint = None

    def run(self):
        self.checks.walk(NAMES, self.chain)
        return self.checks.result(endpoint_id=(self.endpoint or {}).get("id"))

    def read(self, check, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except ApiError as error:
            self.checks.fail(check, api_problem(error), "check the credentials of that project (read access is enough)")
            raise Stop("the %s check could not read the API" % check)

    def chain(self):
        self.check_endpoint()
        self.check_provider()
        self.check_whitelist()
        self.check_dns()

    def check_endpoint(self):
        p, checks = self.params, self.checks
        fix = ("create it: role %s with state present (vpcep_private_link_endpoint_vpc_id, vpcep_private_link_endpoint_subnet_id), "
               "or privatelink.endpoints.vpcep_endpoint" % ROLE)
        if p["endpoint_id"]:
            endpoint = self.read("endpoint", self.consumer.get, "vpc-endpoints", p["endpoint_id"])
            wanted = "endpoint %s" % p["endpoint_id"]
        else:
            name = p["endpoint_service_name"]
            found = [e for e in self.read("endpoint", self.consumer.list_all, "endpoints", "vpc-endpoints", vpc_id=p["vpc_id"])
                     if name in (e.get("endpoint_service_name"), short_name({"service_name": e.get("endpoint_service_name")}))
                     and e.get("status") != "deleting"]
            found.sort(key=lambda e: e.get("status") != "accepted")
            endpoint = found[0] if found else None
            wanted = "endpoint to %s in VPC %s" % (name, p["vpc_id"])
        if not endpoint:
            checks.fail("endpoint", "no %s: %s" % (wanted, NOT_FOUND), fix)
            raise Stop("no endpoint")
        self.endpoint = endpoint
        checks.ok("endpoint", "%s to %s, address %s" % (endpoint["id"], endpoint.get("endpoint_service_name"), endpoint.get("ip") or "none yet"))
        status = endpoint.get("status")
        if status == "accepted":
            checks.ok("endpoint_status", "accepted")
        elif status == "creating":
            checks.warn("endpoint_status", "creating: %s until it is accepted" % TIMED_OUT, "wait (vpcep_private_link_wait_timeout)")
        elif status == "pendingAcceptance":
            checks.fail("endpoint_status", "pendingAcceptance: the connection waits for the provider's approval; %s" % TIMED_OUT, APPROVE)
        else:
            reason = " (%s)" % failure_text(endpoint) if status == "failed" else ""
            checks.fail("endpoint_status", "%s%s: %s" % (status, reason, TIMED_OUT),
                        "delete the endpoint and create it again (role state absent, then present)")

    def check_provider(self):
        checks = self.checks
        if self.provider is None:
            checks.skip_all(("endpoint_service", "permissions", "connection"), "not checked: give provider (the provider project's connection)")
            return
        service_id = self.endpoint.get("endpoint_service_id")
        service = self.read("endpoint_service", self.provider.get, "vpc-endpoint-services", service_id)
        if not service:
            checks.fail("endpoint_service", "no endpoint service %s in the provider project: %s" % (service_id, TIMED_OUT),
                        "create it: role %s with state present (vpcep_private_link_service_name ...), or privatelink.endpoints.vpcep_service" % ROLE)
            raise Stop("no endpoint service")
        if service.get("status") == "available":
            approval = "required" if service.get("approval_enabled") else "not required"
            checks.ok("endpoint_service", "%s available, approval %s" % (service.get("service_name"), approval))
        else:
            checks.fail("endpoint_service", "%s is %s: %s" % (service.get("service_name"), service.get("status"), TIMED_OUT),
                        "create the service again (role state absent, then present)")
        connections = self.read("connection", self.provider.list_all, "connections", "vpc-endpoint-services", service_id,
                                "connections", id=self.endpoint["id"])
        connection = next((c for c in connections if c.get("id") == self.endpoint["id"]), None)
        self.check_permissions(service_id, (connection or {}).get("domain_id"))
        if connection is None:
            checks.fail("connection", "the provider sees no connection of %s: %s" % (self.endpoint["id"], TIMED_OUT),
                        "create the endpoint again (role state absent, then present)")
        elif connection.get("status") == "accepted":
            checks.ok("connection", "accepted, from account %s" % connection.get("domain_id"))
        elif connection.get("status") == "pendingAcceptance":
            checks.fail("connection", "pending approval by the provider (the service has approval_enabled): %s" % TIMED_OUT, APPROVE)
        else:
            checks.fail("connection", "%s: %s" % (connection.get("status"), TIMED_OUT),
                        "accept it, or create the endpoint again (role state absent, then present)")

    def check_permissions(self, service_id, connected_domain):
        checks = self.checks
        domain = self.params["consumer_domain_id"] or connected_domain
        entries = self.read("permissions", self.provider.permissions, service_id)
        if not domain:
            checks.warn("permissions", "consumer account unknown; permissions: %s" % (", ".join(entries) or "none"),
                        "give consumer_domain_id (vpcep_private_link_consumer_domain_id)")
            return
        if "*" in entries or DOMAIN_PERMISSION + domain in entries:
            checks.ok("permissions", "account %s may connect" % domain)
        elif any(e.startswith(ORG_PERMISSION) for e in entries):
            checks.warn("permissions", "account %s is not listed; organization paths %s may include it"
                        % (domain, ", ".join(e for e in entries if e.startswith(ORG_PERMISSION))),
                        "add the account: vpcep_private_link_consumer_domain_id, or permissions of privatelink.endpoints.vpcep_service")
        else:
            checks.fail("permissions", "account %s is not in the service's permissions (%s): its endpoints are refused and "
                        "this one cannot be created again" % (domain, ", ".join(entries) or "none"),
                        "add it: role %s with state present (vpcep_private_link_consumer_domain_id), or permissions: [%s] "
                        "with purge_permissions: false on privatelink.endpoints.vpcep_service" % (ROLE, domain))

    def check_whitelist(self):
        endpoint, clients = self.endpoint, self.params["client_cidrs"]
        entries = endpoint.get("whitelist") or []
        if not endpoint.get("enable_whitelist"):
            self.checks.ok("whitelist", "not enforced: every address of the VPC may connect")
        elif not clients:
            self.checks.ok("whitelist", "enforced, allows %s (give client_cidrs to check clients against it)" % (", ".join(entries) or "nothing"))
        else:
            outside = [c for c in clients if not in_whitelist(c, entries)]
            if outside:
                self.checks.fail("whitelist", "%s not in the endpoint's whitelist (%s): %s"
                                 % (", ".join(outside), ", ".join(entries) or "empty", TIMED_OUT),
                                 "add them: vpcep_private_link_whitelist, or whitelist of privatelink.endpoints.vpcep_endpoint")
            else:
                self.checks.ok("whitelist", "allows %s" % ", ".join(clients))

    def check_dns(self):
        if not self.params["enable_dns"]:
            self.checks.skip("dns", "not asked for (enable_dns is false)")
            return
        names = self.endpoint.get("dns_names") or []
        if self.endpoint.get("enable_dns") and names:
            self.checks.ok("dns", ", ".join(names))
        elif self.endpoint.get("enable_dns"):
            self.checks.warn("dns", "private DNS enabled, no domain name yet (status %s)" % self.endpoint.get("status"),
                             "wait until the endpoint is accepted")
        else:
            self.checks.fail("dns", "the endpoint was created without private DNS (enable_dns): %s" % NOT_FOUND,
                             "create the endpoint again with enable_dns: true (vpcep_private_link_enable_dns; role state absent, then present)")


def provider_params(given):
    """The provider's connection options with the defaults the VPC Endpoint modules give them."""
    return {name: given.get(name, spec.get("default")) for name, spec in vpcep_argument_spec().items()}


def provider_secrets(p):
    """The provider's secrets: masked before an option error can show the options."""
    return [(p["provider"] or {})[name] for name in SECRETS if (p["provider"] or {}).get(name)]


def option_errors(p):
    errors = []
    if not p["endpoint_id"] and not (p["vpc_id"] and p["endpoint_service_name"]):
        errors.append("give endpoint_id, or vpc_id and endpoint_service_name")
    errors += ["client_cidrs: %r is not an address or CIDR block" % c for c in p["client_cidrs"] if network(c) is None]
    if p["provider"]:
        unknown = sorted(set(p["provider"]) - set(vpcep_argument_spec()))
        if unknown:
            errors.append("provider: unknown option(s) %s" % ", ".join(unknown))
        else:
            errors += ["provider: %s" % e for e in connection_errors(provider_params(p["provider"]))]
            if not p["provider"].get("project_id"):
                errors.append("provider: project_id is required")
    return errors


def main():
    module = vpcep_module(dict(
        endpoint_id=dict(type="str"),
        vpc_id=dict(type="str"),
        endpoint_service_name=dict(type="str"),
        provider=dict(type="dict", no_log=False),
        consumer_domain_id=dict(type="str"),
        client_cidrs=dict(type="list", elements="str", default=[]),
        enable_dns=dict(type="bool", default=False),
    ), validate=option_errors, secrets=provider_secrets)
    run_info(module, Diagnosis(module).run)


if __name__ == "__main__":
    main()
