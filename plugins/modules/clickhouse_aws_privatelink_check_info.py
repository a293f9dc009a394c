#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_aws_privatelink_check_info
short_description: Diagnose a ClickHouse Cloud service reached over AWS PrivateLink
version_added: 1.1.0
description:
  - Walks the chain between a VPC and a ClickHouse Cloud service over AWS PrivateLink and says, for each
    link, whether it holds, what a client sees when it does not, and which option or role variable fixes it.
  - Only reads, also outside check mode. A read-only ClickHouse Cloud API key and AWS read permissions
    (C(ec2:Describe*), and C(route53:ListHostedZonesByVPC), C(route53:ListResourceRecordSets) with
    O(own_dns_resolver)) are enough. An API error on one check fails that check, not the module.
  - 'The checks, in chain order (RV(checks[].name)):'
  - C(service) - the service exists (by O(service_id), or O(service_name) and O(region)) and runs on AWS.
    Fix - the service options (role variables C(clickhouse_aws_privatelink_service_id) or
    C(clickhouse_aws_privatelink_service_name) and C(clickhouse_aws_privatelink_region)).
  - C(service_state) - V(running) or V(idle) (an idle service wakes on the first connection);
    V(stopped), V(stopping), V(terminated), V(failed) and the like fail, starting states warn.
    Symptom - C(Connection refused) or timeouts. Fix - start the service in the console, or with the C(start)
    command of C(PATCH .../services/{id}/state).
  - C(service_tier) - PrivateLink needs a Production service; a Development tier fails.
  - C(endpoint_service) - the service's C(privateEndpointConfig) names the AWS endpoint service to connect to.
  - C(endpoint) - the VPC endpoint exists (O(vpc_endpoint_id), or the one to the endpoint service in
    O(vpc_id)) and is connected to that endpoint service. Fix - role state V(present)
    (C(clickhouse_aws_privatelink_vpc_id), C(clickhouse_aws_privatelink_subnet_ids)) or
    M(privatelink.endpoints.aws_vpc_endpoint).
  - C(endpoint_state) - the endpoint is V(available); V(pending) warns,
    V(pendingAcceptance), V(rejected), V(failed), V(expired) and V(deleted) fail. Symptom - C(Connection timed out).
    Fix - delete and create the endpoint again (role state V(absent), then V(present)).
  - C(allow_list) - the endpoint ID is in the service's allow-list (C(privateEndpointIds)).
    Symptom - C(Connection reset by peer). Fix - role state V(present), or
    O(privatelink.endpoints.clickhouse_service_private_endpoints#module:private_endpoint_ids).
  - C(private_dns) - the endpoint has private DNS names enabled. Symptom - C(Not found address of host).
    Fix - O(privatelink.endpoints.aws_vpc_endpoint#module:private_dns_enabled=true) (the role sets it);
    with your own DNS resolver set O(own_dns_resolver) and keep the zone checked by C(dns_zone).
  - C(security_groups) - the endpoint has security groups whose inbound rules let every one of O(ports)
    in from every one of O(client_cidrs) (default - the VPC's CIDR blocks). Symptom - C(Connection timed out).
    Fix - the role's C(clickhouse_aws_privatelink_allowed_cidrs) and C(clickhouse_aws_privatelink_ports)
    (its own group), or your groups in C(clickhouse_aws_privatelink_security_group_ids). Outbound rules of
    the clients' own groups are not visible from here.
  - C(optional_ports) - the same for O(optional_ports); a missing one warns (only the MySQL interface or
    HTTPS on 443 are affected).
  - C(ip_access_list) - reports whether public access is still open and to whom; private link traffic is
    admitted by the allow-list, not the IP access list. Always V(ok); the detail says what is open.
  - C(dns_zone) - with O(own_dns_resolver) only - a Route 53 private hosted zone
    C(<region>.vpce.aws.clickhouse.cloud) is associated with the VPC and its wildcard record points at the
    endpoint (a CNAME or alias to the endpoint's DNS name, or A records with its addresses).
    Symptom - C(Not found address of host). Fix - create the zone and the record C(*.<region>.vpce.aws.clickhouse.cloud).
  - C(resolve) - with O(resolve_hostname) only - the service's C(privateDnsHostname) resolves, on the managed
    node, to the endpoint's addresses. Run it on a host inside the VPC. Symptom - C(Not found address of host),
    or traffic going over the internet when the name resolves to public addresses.
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  service_id:
    description:
      - ID of the ClickHouse Cloud service (a UUID, checked before any API call).
      - Exactly one of O(service_id) and O(service_name) is required.
    type: str
  service_name:
    description:
      - Name of the ClickHouse Cloud service; with O(region) it picks one service on AWS.
    type: str
  vpc_endpoint_id:
    description:
      - ID of the VPC endpoint (C(vpce-...)) clients use.
      - Give it, or O(vpc_id) to find the endpoint to the service's endpoint service in that VPC.
    type: str
  vpc_id:
    description:
      - The VPC of the clients; used to find the endpoint when O(vpc_endpoint_id) is not given.
    type: str
  client_cidrs:
    description:
      - Where clients connect from, checked against the endpoint's security groups.
      - Empty (the default) means every CIDR block of the endpoint's VPC.
    type: list
    elements: str
    default: []
  ports:
    description: TCP ports clients need (HTTPS interface, native protocol over TLS); one missing fails.
    type: list
    elements: int
    default: [8443, 9440]
  optional_ports:
    description: TCP ports some clients use (MySQL interface, HTTPS on 443); one missing warns.
    type: list
    elements: int
    default: [3306, 443]
  own_dns_resolver:
    description:
      - The VPC resolves names with its own DNS resolver rather than the endpoint's private DNS.
      - Checks the Route 53 private zone C(<region>.vpce.aws.clickhouse.cloud) (C(dns_zone)); private DNS
        names being off then only warns.
    type: bool
    default: false
  resolve_hostname:
    description:
      - Resolve the service's private DNS host name on the managed node and compare the answer with the
        endpoint's addresses (C(resolve)). Run the task on a host inside the VPC.
    type: bool
    default: false
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.api
  - privatelink.endpoints.api.info_attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - "The AWS connection options also come from C(module_defaults) of C(group/amazon.aws.aws), after those of
    C(group/privatelink.endpoints.clickhouse) and of this module."
  - The endpoint is looked for in the service's region, where it must be. With O(service_name), O(region)
    narrows the service lookup; with O(service_id) it is not needed.
"""

EXAMPLES = r"""
- name: Why does the app VPC not reach analytics-prod?
  privatelink.endpoints.clickhouse_aws_privatelink_check_info:
    service_name: analytics-prod
    region: us-east-1
    vpc_id: vpc-0123456789abcdef0
  register: diagnosis

- name: Show the report, failures first with their fix
  ansible.builtin.debug:
    msg: "{{ diagnosis.report }}"

- name: From a host inside the VPC that uses its own DNS resolver
  privatelink.endpoints.clickhouse_aws_privatelink_check_info:
    service_id: 3ab8586b-a57f-431b-8275-7d24942d7740
    vpc_endpoint_id: vpce-0123456789abcdef0
    own_dns_resolver: true
    resolve_hostname: true
  register: diagnosis
  failed_when: not diagnosis.healthy
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
      sample: allow_list
    status:
      description: V(ok), V(warn), V(fail) or V(skipped) (not made, because an earlier check failed or it was not asked for).
      type: str
      sample: fail
    detail:
      description: What was found, and for a failure the symptom clients see.
      type: str
      sample: 'vpce-0123456789abcdef0 is not in the allow-list of analytics-prod: clients see "Connection reset by peer"'
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
  sample: ["FAIL    allow_list: vpce-0123456789abcdef0 is not in the allow-list ...", "        fix: ..."]
private_dns_hostname:
  description: The host name clients connect to, when the service's configuration could be read.
  returned: always
  type: str
  sample: abcd1234ef.us-east-1.vpce.aws.clickhouse.cloud
vpc_endpoint_id:
  description: The endpoint checked, when one was found.
  returned: always
  type: str
"""

import socket

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import (
    BotoCoreError,
    ClientError,
    describe_one,
    filters,
    lower,
    paged,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import ClickHouseClient
from ansible_collections.privatelink.endpoints.plugins.module_utils.diagnosis import (
    NOT_FOUND,
    RESET,
    TIMED_OUT,
    Checks,
    Stop,
    api_problem,
    aws_client,
    clickhouse_aws_module,
    describe_pairs,
    find_service,
    network,
    uncovered,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import run_info

NAMES = ["service", "service_state", "service_tier", "endpoint_service", "endpoint", "endpoint_state",
         "allow_list", "private_dns", "security_groups", "optional_ports", "ip_access_list", "dns_zone", "resolve"]
ROLE = "privatelink.endpoints.clickhouse_aws_privatelink"
# Service states (OpenAPI Service.state): idle services wake on the first connection.
HEALTHY_STATES = ("running", "idle")
TRANSIENT_STATES = ("awaking", "starting", "provisioning", "partially_running")
# The seed guide: "AWS PrivateLink is only available in ClickHouse Cloud Production services."
NO_PRIVATE_LINK_TIERS = ("development",)
ANYWHERE = ("0.0.0.0/0", "::/0")


def resolve_check(hostname, endpoint_ips, resolver=socket.getaddrinfo):
    """(status, detail, fix) of resolving ``hostname`` here and comparing with the endpoint's addresses."""
    fix = ("turn on the endpoint's private DNS names (private_dns_enabled: true), or, with your own resolver, "
           "the zone and wildcard record of the dns_zone check; run this check on a host inside the VPC")
    try:
        found = sorted({info[4][0] for info in resolver(hostname, None)})
    except (socket.gaierror, UnicodeError) as error:
        return "fail", "%s does not resolve here (%s): %s" % (hostname, error, NOT_FOUND), fix
    if not endpoint_ips:
        return "warn", "%s resolves to %s; the endpoint's addresses are unknown" % (hostname, ", ".join(found)), fix
    if set(found) <= set(endpoint_ips):
        return "ok", "%s resolves to %s, the endpoint's addresses" % (hostname, ", ".join(found)), None
    return "fail", ("%s resolves to %s, not to the endpoint's addresses %s: traffic goes to the public endpoint, "
                    "where the IP access list applies" % (hostname, ", ".join(found), ", ".join(endpoint_ips))), fix


class Diagnosis:
    """The checks of one service and one VPC endpoint, in chain order."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.checks = Checks()
        self.client = ClickHouseClient(module)
        self.service = self.endpoint = self.hostname = self.ec2 = None
        self.region = self.params["region"]
        self._endpoint_ips = None

    # AWS reads: an error fails the check that needed the read, and what follows it is skipped.
    def aws(self, check, call, **params):
        try:
            return call(aws_retry=True, **params)
        except (BotoCoreError, ClientError) as error:
            self.checks.fail(check, api_problem(error), "give the AWS credentials read access (ec2:Describe*, route53:List*)")
            raise Stop("the %s check could not read AWS" % check)

    def aws_client(self, name):
        return aws_client(self.module, name, self.region)

    def run(self):
        self.checks.walk(NAMES, self.chain)
        return self.checks.result(
            private_dns_hostname=self.hostname,
            vpc_endpoint_id=(self.endpoint or {}).get("VpcEndpointId"),
            service_id=(self.service or {}).get("id"))

    def chain(self):
        self.check_service()
        self.check_endpoint_service()
        self.check_endpoint()
        self.check_allow_list()
        self.check_private_dns()
        self.check_security_groups()
        self.check_ip_access_list()
        self.check_dns_zone()
        self.check_resolve()

    # ClickHouse side ---------------------------------------------------------------------------

    def check_service(self):
        p, checks = self.params, self.checks
        fix = ("give the service by service_id, or service_name and region (role: clickhouse_aws_privatelink_service_id, "
               "or clickhouse_aws_privatelink_service_name and clickhouse_aws_privatelink_region)")
        # region is the AWS region too (AWS_REGION may set it): it narrows a lookup by name only.
        by_name = bool(p["service_name"])
        service = find_service(checks, self.client, (p["service_id"], p["service_name"],
                                                     p["region"] if by_name else None, "aws" if by_name else None), fix)
        self.service = service
        where = "%s (%s) on %s in %s" % (service.get("name"), service.get("id"), service.get("provider"), service.get("region"))
        if service.get("provider") != "aws":
            checks.fail("service", "%s: AWS PrivateLink only reaches services on AWS" % where, fix)
            raise Stop("the service is not on AWS")
        if self.region and self.region != service.get("region"):
            # Endpoints reach a service from its own region only: that is where to look (region may come from AWS_REGION).
            where += "; looking for the endpoint there, not in region %s" % self.region
        self.region = service.get("region")
        checks.ok("service", where)
        state = service.get("state")
        if state in HEALTHY_STATES:
            checks.ok("service_state", state + (" (wakes on the first connection)" if state == "idle" else ""))
        elif state in TRANSIENT_STATES:
            checks.warn("service_state", "%s: connections fail until the service runs" % state, "wait for it to run")
        else:
            checks.fail("service_state", "%s: the service accepts no connections (Connection refused or timed out)" % state,
                        "start the service (console, or PATCH .../services/%s/state with command start)" % service.get("id"))
        tier = service.get("tier")
        if tier in NO_PRIVATE_LINK_TIERS:
            checks.fail("service_tier", "tier %s: AWS PrivateLink is only available for Production services" % tier,
                        "use a Production service")
        else:
            checks.ok("service_tier", "tier %s" % tier if tier else "no tier reported (organization tiers)")

    def check_endpoint_service(self):
        try:
            config = self.client.request("GET", self.client.service_path(self.service["id"], "privateEndpointConfig")) or {}
        except ApiError as error:
            self.checks.fail("endpoint_service", api_problem(error), "check the API key's access to the service")
            raise Stop("the private endpoint configuration could not be read")
        self.endpoint_service = config.get("endpointServiceId")
        self.hostname = config.get("privateDnsHostname")
        if not self.endpoint_service:
            self.checks.fail("endpoint_service", "the service has no AWS endpoint service", "contact ClickHouse Cloud support")
            raise Stop("no endpoint service")
        self.checks.ok("endpoint_service", "%s, host name %s" % (self.endpoint_service, self.hostname))

    # AWS side ------------------------------------------------------------------------------------

    def check_endpoint(self):
        p, checks = self.params, self.checks
        fix = ("create an interface endpoint to %s: role %s with state present (clickhouse_aws_privatelink_vpc_id, "
               "clickhouse_aws_privatelink_subnet_ids), or privatelink.endpoints.aws_vpc_endpoint" % (self.endpoint_service, ROLE))
        self.ec2 = self.aws_client("ec2")
        if p["vpc_endpoint_id"]:
            try:
                endpoint = describe_one(self.ec2.describe_vpc_endpoints, "VpcEndpoints", "InvalidVpcEndpointId.NotFound",
                                        VpcEndpointIds=[p["vpc_endpoint_id"]])
            except (BotoCoreError, ClientError) as error:
                checks.fail("endpoint", api_problem(error), "give the AWS credentials ec2:DescribeVpcEndpoints")
                raise Stop("the endpoint could not be read")
            if endpoint is None or lower(endpoint.get("State")) == "deleted":
                checks.fail("endpoint", "no VPC endpoint %s in %s: %s" % (p["vpc_endpoint_id"], self.region, NOT_FOUND), fix)
                raise Stop("no endpoint")
        else:
            found = [e for e in self.aws("endpoint", lambda aws_retry, **kw: paged(self.ec2.describe_vpc_endpoints, "VpcEndpoints", **kw),
                                         Filters=filters(vpc_id=p["vpc_id"]))
                     if e.get("ServiceName") == self.endpoint_service and lower(e.get("State")) not in ("deleted", "deleting")]
            if not found:
                checks.fail("endpoint", "no VPC endpoint to %s in %s: %s" % (self.endpoint_service, p["vpc_id"], NOT_FOUND), fix)
                raise Stop("no endpoint")
            found.sort(key=lambda e: lower(e.get("State")) != "available")
            endpoint = found[0]
        self.endpoint = endpoint
        endpoint_id = endpoint["VpcEndpointId"]
        if endpoint.get("ServiceName") != self.endpoint_service:
            checks.fail("endpoint", "%s connects to %s, not to the service's endpoint service %s"
                        % (endpoint_id, endpoint.get("ServiceName"), self.endpoint_service), fix)
            raise Stop("the endpoint leads elsewhere")
        checks.ok("endpoint", "%s in %s to %s" % (endpoint_id, endpoint.get("VpcId"), self.endpoint_service))
        state = lower(endpoint.get("State"))
        if state == "available":
            checks.ok("endpoint_state", "available")
        elif state == "pendingacceptance":
            checks.fail("endpoint_state", "pendingAcceptance: the connection waits for acceptance by ClickHouse Cloud; %s" % TIMED_OUT,
                        "register the endpoint in the organization (clickhouse_aws_privatelink_register_in_organization) "
                        "and add it to the allow-list; if it stays pending, contact ClickHouse Cloud support")
        elif state == "pending":
            checks.warn("endpoint_state", "%s: %s until it is available" % (endpoint.get("State"), TIMED_OUT),
                        "wait for the endpoint (the role waits clickhouse_aws_privatelink_wait_timeout seconds)")
        else:
            checks.fail("endpoint_state", "%s: %s" % (endpoint.get("State"), TIMED_OUT),
                        "delete the endpoint and create it again (role state absent, then present)")

    def check_allow_list(self):
        endpoint_id = self.endpoint["VpcEndpointId"]
        allowed = [i.lower() for i in self.service.get("privateEndpointIds") or []]
        if endpoint_id.lower() in allowed:
            self.checks.ok("allow_list", "%s is in the allow-list of %s" % (endpoint_id, self.service.get("name")))
            return
        self.checks.fail(
            "allow_list", "%s is not in the allow-list of %s: %s" % (endpoint_id, self.service.get("name"), RESET),
            "add it: role %s with state present, or privatelink.endpoints.clickhouse_service_private_endpoints with "
            "private_endpoint_ids: [%s]" % (ROLE, endpoint_id))

    def check_private_dns(self):
        if self.endpoint.get("PrivateDnsEnabled"):
            self.checks.ok("private_dns", "private DNS names enabled")
        elif self.params["own_dns_resolver"]:
            self.checks.warn("private_dns", "private DNS names off; names come from your own resolver (see dns_zone)",
                             "private_dns_enabled: true on privatelink.endpoints.aws_vpc_endpoint if the VPC uses the Amazon resolver")
        else:
            self.checks.fail("private_dns", "private DNS names are off for %s: %s"
                             % (self.endpoint["VpcEndpointId"], NOT_FOUND),
                             "private_dns_enabled: true on privatelink.endpoints.aws_vpc_endpoint (role %s with state present "
                             "sets it); with your own DNS resolver, set own_dns_resolver and create the zone %s.vpce.aws.clickhouse.cloud"
                             % (ROLE, self.region))

    def check_security_groups(self):
        p, checks = self.params, self.checks
        group_ids = [g["GroupId"] for g in self.endpoint.get("Groups") or []]
        fix_groups = ("let the ports in from the clients: the role's group follows clickhouse_aws_privatelink_allowed_cidrs and "
                      "clickhouse_aws_privatelink_ports; fix the inbound rules of your groups in clickhouse_aws_privatelink_security_group_ids "
                      "(and the outbound rules of the clients' groups)")
        if not group_ids:
            checks.fail("security_groups", "no security group is attached to %s: %s" % (self.endpoint["VpcEndpointId"], TIMED_OUT),
                        "attach one: clickhouse_aws_privatelink_security_group_ids, or security_group_ids of privatelink.endpoints.aws_vpc_endpoint")
            checks.skip("optional_ports", "not checked: no security group")
            return
        groups = self.aws("security_groups", self.ec2.describe_security_groups, GroupIds=group_ids)["SecurityGroups"]
        clients = p["client_cidrs"]
        if not clients:
            vpcs = self.aws("security_groups", self.ec2.describe_vpcs, VpcIds=[self.endpoint["VpcId"]])["Vpcs"]
            clients = [a["CidrBlock"] for v in vpcs for a in v.get("CidrBlockAssociationSet") or []
                       if (a.get("CidrBlockState") or {}).get("State", "associated") == "associated"]
        missing = uncovered(groups, p["ports"], clients)
        where = "%s (%s) from %s" % (", ".join(group_ids), self.endpoint["VpcEndpointId"], ", ".join(clients))
        if missing:
            checks.fail("security_groups", "inbound rules of %s miss %s: %s" % (", ".join(group_ids), describe_pairs(missing), TIMED_OUT),
                        fix_groups)
        else:
            ports = ", ".join(str(x) for x in p["ports"])
            checks.ok("security_groups", "%s let in port%s %s" % (where, "s" if len(p["ports"]) > 1 else "", ports))
        optional = uncovered(groups, p["optional_ports"], clients)
        if optional:
            checks.warn("optional_ports", "inbound rules miss %s (only needed by MySQL or port-443 clients)" % describe_pairs(optional),
                        fix_groups)
        else:
            checks.ok("optional_ports", "open: %s" % (", ".join(str(x) for x in p["optional_ports"]) or "none asked for"))

    def check_ip_access_list(self):
        sources = [e.get("source") for e in self.service.get("ipAccessList") or []]
        if not sources:
            detail = "empty: public access closed, only private endpoints reach the service"
        elif any(s in ANYWHERE for s in sources):
            detail = ("public access open to anywhere (%s); private link only: clickhouse_aws_privatelink_restrict_public_access"
                      % ", ".join(sources))
        else:
            detail = "public access open to %s; private link traffic is admitted by the allow-list" % ", ".join(sources)
        self.checks.ok("ip_access_list", detail)

    def endpoint_ips(self):
        if self._endpoint_ips is None:
            ids = self.endpoint.get("NetworkInterfaceIds") or []
            interfaces = self.ec2.describe_network_interfaces(aws_retry=True, NetworkInterfaceIds=ids)["NetworkInterfaces"] if ids else []
            self._endpoint_ips = sorted(i["PrivateIpAddress"] for i in interfaces if i.get("PrivateIpAddress"))
        return self._endpoint_ips

    def endpoint_names(self):
        return {(e.get("DnsName") or "").rstrip(".").lower() for e in self.endpoint.get("DnsEntries") or []}

    def check_dns_zone(self):
        checks = self.checks
        if not self.params["own_dns_resolver"]:
            checks.skip("dns_zone", "not asked for (own_dns_resolver is false)")
            return
        zone = "%s.vpce.aws.clickhouse.cloud" % self.region
        target = (sorted(self.endpoint_names()) or ["the endpoint's DNS name"])[0]
        fix = ("create a Route 53 private hosted zone %s associated with %s and a wildcard record *.%s: a CNAME to %s, "
               "or A records with the endpoint's addresses" % (zone, self.endpoint["VpcId"], zone, target))
        route53 = self.aws_client("route53")
        zones = self.aws("dns_zone", route53.list_hosted_zones_by_vpc, VPCId=self.endpoint["VpcId"],
                         VPCRegion=self.region)["HostedZoneSummaries"]
        found = [z for z in zones if z.get("Name", "").rstrip(".").lower() == zone]
        if not found:
            checks.fail("dns_zone", "no private hosted zone %s for %s: %s" % (zone, self.endpoint["VpcId"], NOT_FOUND), fix)
            return
        records = self.aws("dns_zone", route53.list_resource_record_sets, HostedZoneId=found[0]["HostedZoneId"],
                           StartRecordName="*." + zone, MaxItems="100")["ResourceRecordSets"]
        wildcard = [r for r in records if r["Name"].replace("\\052", "*").rstrip(".").lower() == "*." + zone]
        if not wildcard:
            checks.fail("dns_zone", "zone %s has no record *.%s: %s" % (zone, zone, NOT_FOUND), fix)
            return
        targets = [v["Value"].rstrip(".").lower() for r in wildcard for v in r.get("ResourceRecords") or []]
        targets += [r["AliasTarget"]["DNSName"].rstrip(".").lower() for r in wildcard if r.get("AliasTarget")]
        if set(targets) & self.endpoint_names() or (targets and set(targets) <= set(self.endpoint_ips())):
            checks.ok("dns_zone", "*.%s points at %s" % (zone, ", ".join(targets)))
        else:
            checks.fail("dns_zone", "*.%s points at %s, not at the endpoint %s: clients reach something else or %s"
                        % (zone, ", ".join(targets) or "nothing", self.endpoint["VpcEndpointId"], TIMED_OUT.split(" see ")[1]), fix)

    def check_resolve(self):
        if not self.params["resolve_hostname"]:
            self.checks.skip("resolve", "not asked for (resolve_hostname is false)")
            return
        ips = self.aws("resolve", lambda aws_retry: self.endpoint_ips())
        status, detail, fix = resolve_check(self.hostname, ips)
        self.checks.add("resolve", status, detail, fix)


def main():
    spec = dict(
        service_id=dict(type="str"),
        service_name=dict(type="str"),
        vpc_endpoint_id=dict(type="str"),
        vpc_id=dict(type="str"),
        client_cidrs=dict(type="list", elements="str", default=[]),
        ports=dict(type="list", elements="int", default=[8443, 9440]),
        optional_ports=dict(type="list", elements="int", default=[3306, 443]),
        own_dns_resolver=dict(type="bool", default=False),
        resolve_hostname=dict(type="bool", default=False),
    )
    module = clickhouse_aws_module(spec, option_problems,
                                   required_one_of=[("service_id", "service_name"), ("vpc_endpoint_id", "vpc_id")],
                                   mutually_exclusive=[("service_id", "service_name")])
    run_info(module, Diagnosis(module).run)


def option_problems(p):
    problems = []
    for option, prefix in (("vpc_endpoint_id", "vpce-"), ("vpc_id", "vpc-")):
        if p[option] and not p[option].startswith(prefix):
            problems.append("%s: %r is not an ID of the form %s..." % (option, p[option], prefix))
    for cidr in p["client_cidrs"]:
        if network(cidr) is None:
            problems.append("client_cidrs: %r is not an address or CIDR block" % cidr)
    for port in p["ports"] + p["optional_ports"]:
        if not 1 <= port <= 65535:
            problems.append("ports: %d is not a TCP port" % port)
    return problems


if __name__ == "__main__":
    main()
