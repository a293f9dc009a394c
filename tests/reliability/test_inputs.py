# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bad input, table-driven, for every module: at least 25 inputs each, each refused with a
message that names the option, without a traceback and before any request.

Every module points at an emulator (the AWS modules' ``endpoint_url`` at the ClickHouse
emulator), whose request log must stay empty.
"""

from __future__ import annotations

import importlib

import pytest

from ansible_collections.privatelink.endpoints.tests.reliability.flows import (
    AWS_SERVICE,
    NEW_ENDPOINT,
    clickhouse_connection,
    vpcep_connection_options,
)
from ansible_collections.privatelink.endpoints.tests.reliability.harness import TALLY, run_module

UUID = "6f1c2e4a-3b5d-4c7e-9f80-1a2b3c4d5e6f"
VPCE_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
VPC = "vpc-0aaaaaaaaaaaaaaaa"
NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/0123456789abcdef"


def aws_connection(emulators):
    return dict(region="us-east-1", access_key="AKIDEXAMPLE", secret_key="secret-example",
                endpoint_url=emulators["clickhouse"].api_url)


# module -> (family whose emulator must see no request, valid options, {ID option: valid value}, extra bad cases)
# Extra cases: (options laid over the valid ones, option the message must name).
MODULES = {
    "clickhouse_service_private_endpoints": ("clickhouse", dict(
        service_id=AWS_SERVICE, private_endpoint_ids=[NEW_ENDPOINT]),
        dict(organization_id=None, service_id=AWS_SERVICE, api_key_id=None, private_endpoint_ids=NEW_ENDPOINT), [
            (dict(private_endpoint_ids=["vpce-XYZ"]), "private_endpoint_ids"),
            (dict(private_endpoint_ids=[NEW_ENDPOINT], descriptions={"vpce-11112222333344445": "x"}), "descriptions"),
            (dict(service_id=None, service_name="analytics-prod", region="mars"), "region"),
            (dict(service_id=None, service_name="analytics-prod", region="us-east1", provider="aws"), "region"),
    ]),
    "clickhouse_org_private_endpoints": ("clickhouse", dict(
        endpoints=[dict(id=NEW_ENDPOINT, region="us-east-1")]),
        dict(organization_id=None, api_key_id=None), [
            (dict(endpoints=[dict(id=NEW_ENDPOINT + "\n", region="us-east-1")]), "endpoints[0].id"),
            (dict(endpoints=[dict(id=" " + NEW_ENDPOINT, region="us-east-1")]), "endpoints[0].id"),
            (dict(endpoints=[dict(id="", region="us-east-1")]), "endpoints[0].id"),
            (dict(endpoints=[dict(id=NEW_ENDPOINT, region="us-east-1\n")]), "region"),
            (dict(endpoints=[dict(id=NEW_ENDPOINT, region="us-east-1", cloud_provider="gcp")]), "cloud_provider"),
            (dict(endpoints=[dict(region="us-east-1")]), "id"),
            (dict(endpoints=[dict(id="84592016723381121", region="mars")]), "region"),
    ]),
    "clickhouse_service_ip_access_list": ("clickhouse", dict(
        service_id=AWS_SERVICE, entries=[dict(source="203.0.113.7")]),
        dict(organization_id=None, service_id=AWS_SERVICE, api_key_id=None), [
            (dict(entries=[dict(source="203.0.113.7/24")]), "source"),
            (dict(entries=[dict(source="300.0.0.1")]), "source"),
            (dict(entries=[dict(source="10.0.0.0/33")]), "source"),
            (dict(entries=[dict(source="")]), "source"),
            (dict(entries=[dict(description="x")]), "source"),
            (dict(region="us-east-1\n", service_id=None, service_name="analytics-prod"), "region"),
    ]),
    "clickhouse_reverse_private_endpoint": ("clickhouse", dict(
        service_id=AWS_SERVICE, type="VPC_ENDPOINT_SERVICE", vpc_endpoint_service_name=VPCE_SERVICE,
        description="kafka"),
        dict(organization_id=None, service_id=AWS_SERVICE, api_key_id=None, id=UUID), [
            (dict(id="not-a-uuid"), "id"),
            (dict(vpc_endpoint_service_name=VPCE_SERVICE + "\n"), "vpc_endpoint_service_name"),
            (dict(description="x" * 256), "description"),
            (dict(custom_private_dns_names=["db.example.com\n"]), "custom_private_dns_names"),
            (dict(custom_private_dns_names=["-bad-.example.com"]), "custom_private_dns_names"),
            (dict(wait_timeout=-1), "wait_timeout"),
            (dict(type="MSK_MULTI_VPC"), "msk_cluster_arn"),
    ]),
    "clickhouse_reverse_private_endpoint_info": ("clickhouse", dict(service_id=AWS_SERVICE),
                                                 dict(organization_id=None, service_id=AWS_SERVICE, api_key_id=None,
                                                      id=UUID), [
        (dict(id="not-a-uuid"), "id"),
        (dict(type="VPC_ENDPOINT_SERVICE", vpc_endpoint_service_name="svc\n"), "vpc_endpoint_service_name"),
        (dict(type="NOPE"), "type"),
        (dict(region="mars", service_id=None, service_name="analytics-prod"), "region"),
        (dict(provider="gcp", region="us-east-1", service_id=None, service_name="analytics-prod"), "region"),
        (dict(service_id=None), "service_name"),
    ]),
    "clickhouse_service_info": ("clickhouse", {}, dict(organization_id=None, api_key_id=None, id=AWS_SERVICE), [
        (dict(id="analytics-prod"), "id"),
        (dict(region="mars"), "region"),
        (dict(region="US-EAST-1"), "region"),
        (dict(region="us-east-1\n"), "region"),
        (dict(region=""), "region"),
        (dict(provider="gcp", region="us-east-1"), "region"),
        (dict(provider="aws", region="eastus2"), "region"),
        (dict(provider="oracle"), "provider"),
        (dict(tags=["team"]), "tags"),
        (dict(id=AWS_SERVICE + "\n", region="us-east-1"), "id"),
        (dict(organization_id="not-a-uuid"), "organization_id"),
    ]),
    "clickhouse_private_endpoint_config_info": ("clickhouse", dict(service_id=AWS_SERVICE),
                                                dict(organization_id=None, service_id=AWS_SERVICE, api_key_id=None), [
        (dict(service_id="analytics-prod"), "service_id"),
        (dict(service_id=None), "service_name"),
        (dict(service_name="analytics-prod"), "service_name"),
        (dict(service_id=None, service_name="analytics-prod", region="mars"), "region"),
        (dict(service_id=None, service_name="analytics-prod", region=""), "region"),
        (dict(service_id=None, service_name="analytics-prod", provider="ibm"), "provider"),
        (dict(service_id=None, service_name="analytics-prod", provider="gcp", region="eastus"), "region"),
        (dict(organization_id="org"), "organization_id"),
        (dict(api_url="ftp://example.com"), "api_url"),
    ]),
    "clickhouse_aws_privatelink_check_info": ("clickhouse_aws", dict(
        service_id=AWS_SERVICE, vpc_endpoint_id=NEW_ENDPOINT),
        dict(organization_id=None, service_id=AWS_SERVICE, api_key_id=None, vpc_endpoint_id=NEW_ENDPOINT,
             vpc_id=VPC), [
            (dict(vpc_endpoint_id="vpc-0aaaaaaaaaaaaaaaa"), "vpc_endpoint_id"),
            (dict(vpc_endpoint_id=None, vpc_id=NEW_ENDPOINT), "vpc_id"),
            (dict(vpc_endpoint_id=None), "vpc_endpoint_id"),
            (dict(service_id=None), "service_id"),
            (dict(service_name="analytics-prod"), "service_name"),
            (dict(client_cidrs=["10.0.0.0/33"]), "client_cidrs"),
            (dict(client_cidrs=["10.0.0.0/8\n"]), "client_cidrs"),
            (dict(client_cidrs=["::g/64"]), "client_cidrs"),
            (dict(ports=[0]), "ports"),
            (dict(ports=[70000]), "ports"),
            (dict(optional_ports=[-1]), "ports"),
            (dict(ports=["https"]), "ports"),
            (dict(own_dns_resolver="perhaps"), "own_dns_resolver"),
    ]),
    "clickhouse_reverse_private_endpoint_check_info": ("clickhouse_aws", dict(service_id=AWS_SERVICE, id=UUID),
                                                       dict(organization_id=None, service_id=AWS_SERVICE,
                                                            api_key_id=None, id=UUID), [
        (dict(id=None), "id"),
        (dict(service_id=None), "service_id"),
        (dict(id=None, type="VPC_ENDPOINT_SERVICE"), "vpc_endpoint_service_name"),
        (dict(id=None, type="VPC_ENDPOINT_SERVICE", vpc_endpoint_service_name="svc\n"), "vpc_endpoint_service_name"),
        (dict(type="NOPE"), "type"),
        (dict(service_provider="ibm"), "service_provider"),
        (dict(service_id=None, service_name="analytics-prod", service_region="mars"), "service_region"),
        (dict(service_provider="gcp", service_id=None, service_name="analytics-prod", service_region="us-east-1"),
         "service_region"),
        (dict(allowed_principals="arn:aws:iam::072088201116:root\n"), "allowed_principals"),
    ]),
    "vpcep_private_link_check_info": ("vpcep", dict(endpoint_id=UUID),
                                      dict(project_id=None, endpoint_id=UUID, vpc_id=UUID), [
        (dict(endpoint_id=None), "endpoint_id"),
        (dict(endpoint_id=None, vpc_id=UUID), "endpoint_id"),
        (dict(endpoint_id=None, vpc_id=UUID, endpoint_service_name="svc\n"), "endpoint_service_name"),
        (dict(client_cidrs=["10.0.0.0/33"]), "client_cidrs"),
        (dict(client_cidrs=["10.0.0.1\n"]), "client_cidrs"),
        (dict(provider=dict(nope=1)), "provider"),
        (dict(provider=dict(secret_key="x")), "provider"),
        (dict(provider=dict(project_id="p", region="r", api_timeout=0)), "provider"),
        (dict(consumer_domain_id="d\n"), "consumer_domain_id"),
        (dict(consumer_domain_id=""), "consumer_domain_id"),
        (dict(enable_dns="perhaps"), "enable_dns"),
    ]),
    "vpcep_service": ("vpcep", dict(name="web", vpc_id=UUID, port_id=UUID, server_type="VM",
                                    ports=[dict(client_port=80, server_port=8080)]),
                      dict(project_id=None, vpc_id=UUID, port_id=UUID, id=UUID), [
        (dict(name="web\n"), "name"),
        (dict(name=""), "name"),
        (dict(name="a" * 17), "name"),
        (dict(ports=[dict(client_port=0, server_port=80)]), "ports"),
        (dict(ports=[dict(client_port=80, server_port=70000)]), "ports"),
        (dict(ports=[]), "ports"),
        (dict(tags={"k": "v\n"}), "tags"),
        (dict(permissions=["foo:bar"]), "permissions"),
        (dict(description="<b>"), "description"),
        (dict(server_type="BMS"), "server_type"),
        (dict(wait_timeout=-1), "wait_timeout"),
    ]),
    "vpcep_endpoint": ("vpcep", dict(endpoint_service_id=UUID, vpc_id=UUID, subnet_id=UUID),
                       dict(project_id=None, endpoint_service_id=UUID, vpc_id=UUID, subnet_id=UUID, id=UUID), [
        (dict(port_ip="10.0.0.256"), "port_ip"),
        (dict(port_ip="10.0.0.1\n"), "port_ip"),
        (dict(whitelist=["10.0.0.0/8\n"]), "whitelist"),
        (dict(whitelist=["fe80::/64"]), "whitelist"),
        (dict(description="<script>"), "description"),
        (dict(tags={" k": "v"}), "tags"),
        (dict(wait_timeout=-1), "wait_timeout"),
    ]),
    "vpcep_connection": ("vpcep", dict(endpoint_service_id=UUID, endpoints=[UUID]),
                         dict(project_id=None, endpoint_service_id=UUID, endpoints=UUID), [
        (dict(marker_ids=["x"]), "marker_ids"),
        (dict(state="maybe"), "state"),
        (dict(wait_timeout=-1), "wait_timeout"),
    ]),
    "vpcep_endpoint_info": ("vpcep", {}, dict(project_id=None, id=UUID, vpc_id=UUID, endpoint_service_id=UUID), [
        (dict(endpoint_service_name="svc\n"), "endpoint_service_name"),
    ]),
    "vpcep_service_info": ("vpcep", {}, dict(project_id=None, id=UUID), [
        (dict(name="web\n"), "name"),
        (dict(name=""), "name"),
        (dict(status="gone"), "status"),
    ]),
    "aws_vpc_endpoint": ("aws", dict(vpc_id="vpc-0aaaaaaaaaaaaaaaa", service_name=VPCE_SERVICE,
                                     subnet_ids=["subnet-0aaaaaaaaaaaaaaaa"]),
                         dict(vpc_endpoint_id="vpce-0123456789abcdef0", vpc_id="vpc-0aaaaaaaaaaaaaaaa",
                              subnet_ids="subnet-0aaaaaaaaaaaaaaaa", security_group_ids="sg-0cccccccccccccccc"), [
        (dict(vpc_id="subnet-0aaaaaaaaaaaaaaaa"), "vpc_id"),
        (dict(service_name=VPCE_SERVICE + "\n"), "service_name"),
        (dict(private_dns_enabled="perhaps"), "private_dns_enabled"),
        (dict(wait_timeout=0), "wait_timeout"),
        (dict(subnet_ids=[]), "subnet_ids"),
    ]),
    "aws_vpc_endpoint_service": ("aws", dict(network_load_balancer_arns=[NLB]),
                                 dict(service_id="vpce-svc-0123456789abcdef0", network_load_balancer_arns=NLB,
                                      allowed_principals="arn:aws:iam::123456789012:root"), [
        (dict(service_id="vpce-0123456789abcdef0"), "service_id"),
        (dict(wait_timeout=-1), "wait_timeout"),
        (dict(acceptance_required="maybe"), "acceptance_required"),
    ]),
    "aws_vpc_endpoint_connection": ("aws", dict(service_id="vpce-svc-0123456789abcdef0",
                                                vpc_endpoint_id="vpce-0123456789abcdef0"),
                                    dict(service_id="vpce-svc-0123456789abcdef0", vpc_endpoint_id="vpce-0123456789abcdef0"), [
        (dict(service_id="vpce-0123456789abcdef0"), "service_id"),
        (dict(vpc_endpoint_id="vpce-svc-0123456789abcdef0"), "vpc_endpoint_id"),
        (dict(state="pending"), "state"),
        (dict(wait_timeout=-1), "wait_timeout"),
        (dict(wait="later"), "wait"),
        (dict(service_id=None), "service_id"),
        (dict(vpc_endpoint_id=None), "vpc_endpoint_id"),
        (dict(vpc_endpoint_id=["vpce-0123456789abcdef0"]), "vpc_endpoint_id"),
    ]),
}

# Bad spellings of a valid ID (a function of it), as they arrive from files, YAML blocks and copy-paste.
ID_MANGLES = [lambda v: v + "\n", lambda v: " " + v, lambda v: v + "\t", lambda v: v + "\r\n",
              lambda v: "", lambda v: v + "\x00", lambda v: v + "\u200b", lambda v: v[:4] + " " + v[4:]]
API_CASES = [(dict(api_timeout=0), "api_timeout"), (dict(api_timeout=-5), "api_timeout"),
             (dict(api_timeout="soon"), "api_timeout"), (dict(api_retries=-1), "api_retries"),
             (dict(validate_certs="maybe"), "validate_certs")]
COMMON_CASES = [(dict(no_such_option=1), "no_such_option")]


def connection(family, emulators):
    if family == "clickhouse":
        return clickhouse_connection(emulators["clickhouse"])
    if family == "vpcep":
        return vpcep_connection_options(emulators["vpcep"], "provider")
    if family == "clickhouse_aws":  # the diagnoses read both sides: both emulators' logs are the ClickHouse one's
        return dict(aws_connection(emulators), **clickhouse_connection(emulators["clickhouse"]))
    return aws_connection(emulators)


def cases(name, emulators):
    family, valid, ids, extra = MODULES[name]
    base = dict(connection(family, emulators), **valid)
    for option, value in ids.items():
        value = value if value is not None else base[option]
        listed = isinstance(base.get(option), list) or option.endswith("_ids") or option == "endpoints"
        for mangle in ID_MANGLES:
            bad = mangle(value)
            yield dict(base, **{option: [bad] if listed else bad}), option
    for overlay, option in extra + COMMON_CASES + (API_CASES if family != "aws" else []):
        yield {k: v for k, v in dict(base, **overlay).items() if v is not None}, option


@pytest.mark.parametrize("name", sorted(MODULES))
def test_bad_input_is_refused_naming_the_option_before_any_request(name, emulators):
    module = importlib.import_module("ansible_collections.privatelink.endpoints.plugins.modules." + name)
    family = MODULES[name][0]
    emulators = {key: fresh() for key, fresh in emulators.items()}
    watched = emulators["vpcep" if family == "vpcep" else "clickhouse"]
    problems = []
    count = 0
    for args, option in cases(name, emulators):
        count += 1
        TALLY["bad_inputs"] += 1
        result = run_module(module, args)
        wrong = None
        if "traceback" in result:
            wrong = "traceback: %s" % result["traceback"][-800:]
        elif not result.get("failed"):
            wrong = "accepted"
        elif option not in result.get("msg", ""):
            wrong = "message does not name %s: %s" % (option, result.get("msg"))
        elif watched.requests:
            wrong = "%d requests made: %s" % (len(watched.requests), watched.requests[0]["path"])
        watched.requests.clear()
        if wrong:
            TALLY["inputs_accepted"] += 1
            problems.append("%s %r: %s" % (name, {option: args.get(option)}, wrong))
    assert count >= 25, "%s: only %d bad inputs" % (name, count)
    assert not problems, "\n".join(problems)
