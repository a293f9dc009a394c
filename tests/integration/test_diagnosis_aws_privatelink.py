# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""clickhouse_aws_privatelink_check_info against the ClickHouse emulator and moto.

One world holds a healthy link and one broken link per cause of the ClickHouse guide's
troubleshooting section; every case runs in one playbook, with a read-only ClickHouse key,
and the tests check each case's checks and that nothing was written on either side.
"""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.integration.diagnosis_helpers import (
    MODULES,
    by_name,
    run_cases,
    statuses,
)
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import REGION

PROD = "3ab8586b-a57f-431b-8275-7d24942d7740"      # analytics-prod, us-east-1, running, IP list 10.0.0.0/8
SANDBOX = "9074a372-50fe-4b82-b8e9-7ed3a20e39f2"   # dev-sandbox, us-east-1
EU = "9ec35f5b-00c2-499f-98b0-c3b1c7cfbbb4"        # analytics-prod, eu-west-1
ZONE = "%s.vpce.aws.clickhouse.cloud" % REGION
PORTS = [443, 3306, 8443, 9440]


def security_group(ec2, vpc, name, ports, cidr="10.0.0.0/16"):
    group = ec2.create_security_group(VpcId=vpc, GroupName=name, Description=name)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        dict(IpProtocol="tcp", FromPort=port, ToPort=port, IpRanges=[dict(CidrIp=cidr)]) for port in ports])
    return group


@pytest.fixture
def world(moto, clickhouse):
    """ClickHouse's endpoint service in moto, named in the emulator's config; a VPC with one endpoint
    per fault; a second VPC with its own resolver zone; a third VPC without endpoints."""
    ec2, elb = moto.client(), moto.client("elbv2")

    def vpc(cidr):
        vpc_id = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr.replace("0.0/16", "1.0/24"),
                                   AvailabilityZone=REGION + "a")["Subnet"]["SubnetId"]
        return vpc_id, subnet

    provider_vpc, provider_subnet = vpc("10.99.0.0/16")
    balancer = elb.create_load_balancer(Name="clickhouse", Subnets=[provider_subnet], Type="network",
                                        Scheme="internal")["LoadBalancers"][0]["LoadBalancerArn"]
    # As ClickHouse Cloud's: accepting automatically, with the private DNS name the guide's private DNS step needs.
    service_names = [ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[balancer], AcceptanceRequired=False, PrivateDnsName="*." + ZONE)
        ["ServiceConfiguration"]["ServiceName"] for dummy in range(2)]
    for service_id in (PROD, SANDBOX):
        clickhouse.service(service_id)["privateEndpointConfig"]["endpointServiceId"] = service_names[0]

    main_vpc, subnet = vpc("10.0.0.0/16")
    full = security_group(ec2, main_vpc, "full", PORTS)
    partial = security_group(ec2, main_vpc, "partial", [8443])

    def endpoint(vpc_id, subnet_id, groups, private_dns=True, service=service_names[0]):
        return ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc_id, ServiceName=service,
                                       SubnetIds=[subnet_id], SecurityGroupIds=groups,
                                       PrivateDnsEnabled=private_dns)["VpcEndpoint"]

    healthy = endpoint(main_vpc, subnet, [full])
    no_dns = endpoint(main_vpc, subnet, [full], private_dns=False)
    narrow = endpoint(main_vpc, subnet, [partial])
    no_groups = endpoint(main_vpc, subnet, [])
    elsewhere = endpoint(main_vpc, subnet, [full], service=service_names[1])

    own_vpc, own_subnet = vpc("10.1.0.0/16")
    own = endpoint(own_vpc, own_subnet, [security_group(ec2, own_vpc, "own", PORTS, "10.1.0.0/16")], private_dns=False)
    route53 = moto.client("route53")
    zone = route53.create_hosted_zone(Name=ZONE, CallerReference="own", HostedZoneConfig=dict(PrivateZone=True),
                                      VPC=dict(VPCRegion=REGION, VPCId=own_vpc))["HostedZone"]["Id"]
    route53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch=dict(Changes=[dict(
        Action="CREATE", ResourceRecordSet=dict(Name="*." + ZONE, Type="CNAME", TTL=60, ResourceRecords=[
            dict(Value=own["DnsEntries"][0]["DnsName"])]))]))
    empty_vpc = vpc("10.2.0.0/16")[0]

    allowed = [e["VpcEndpointId"] for e in (healthy, narrow, no_groups, elsewhere, own)]
    clickhouse.service(PROD)["privateEndpointIds"] = allowed
    clickhouse.service(EU)["privateEndpointConfig"] = {}  # no endpoint service to connect to
    sandbox = clickhouse.service(SANDBOX)
    sandbox.update(state="stopped", tier="development", privateEndpointIds=allowed, ipAccessList=[])
    moto.recording.write_text("")  # count the diagnosis's requests only
    ids = dict(healthy=healthy, no_dns=no_dns, narrow=narrow, no_groups=no_groups, elsewhere=elsewhere, own=own)
    return dict({k: v["VpcEndpointId"] for k, v in ids.items()}, main_vpc=main_vpc, own_vpc=own_vpc,
                empty_vpc=empty_vpc, own_dns=own["DnsEntries"][0]["DnsName"], service_name=service_names[0])


def healthy_dns(moto, endpoint_id):
    [endpoint] = moto.client().describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"]
    return sorted(e["DnsName"].lower() for e in endpoint["DnsEntries"])[0]


def read_only(clickhouse):
    key_id, secret = clickhouse.read_only_key
    return dict(CLICKHOUSE_CLOUD_API_KEY=key_id, CLICKHOUSE_CLOUD_API_SECRET=secret)


def test_each_cause_is_found_with_its_fix_and_nothing_is_written(ansible, moto, clickhouse, world):
    cases = [
        dict(service_name="analytics-prod", region=REGION, vpc_id=world["main_vpc"]),    # finds `healthy`
        dict(service_id=PROD, vpc_endpoint_id=world["no_dns"]),
        dict(service_id=PROD, vpc_endpoint_id=world["narrow"]),
        dict(service_id=PROD, vpc_endpoint_id=world["no_groups"]),
        dict(service_id=PROD, vpc_endpoint_id=world["elsewhere"]),
        dict(service_id=SANDBOX, vpc_endpoint_id=world["healthy"]),
        dict(service_name="no-such-service", region=REGION, vpc_id=world["main_vpc"]),
        dict(service_id=PROD, vpc_id=world["empty_vpc"]),
        dict(service_id=PROD, vpc_endpoint_id="vpce-0123456789abcdef0"),
        dict(service_id=PROD, vpc_endpoint_id=world["healthy"], own_dns_resolver=True),
        dict(service_id=PROD, vpc_endpoint_id=world["own"], own_dns_resolver=True),
        dict(service_id=PROD, vpc_endpoint_id=world["healthy"], client_cidrs=["192.168.0.0/24"]),
        dict(service_id=EU, vpc_endpoint_id=world["healthy"]),
        dict(service_id=SANDBOX, vpc_endpoint_id=world["healthy"], region="eu-west-1"),
    ]
    (healthy, no_dns, narrow, no_groups, elsewhere, sandbox, unknown, empty, missing, no_zone, own_zone,
     other_clients, no_config, wrong_region) = run_cases(ansible, "aws", cases, env=read_only(clickhouse), aws_endpoint_url=moto.url)

    # Nothing written anywhere, with a key that could not have written anyway.
    assert clickhouse.log(writes=True) == []
    assert moto.writes() == [] and moto.requests()

    # The healthy link: every check of the chain ok; the optional ones not asked for are skipped.
    assert healthy["healthy"] is True and healthy["problems"] == 0
    assert healthy["vpc_endpoint_id"] == world["healthy"]
    assert statuses(healthy) == dict(
        service="ok", service_state="ok", service_tier="ok", endpoint_service="ok", endpoint="ok",
        endpoint_state="ok", allow_list="ok", private_dns="ok", security_groups="ok", optional_ports="ok",
        ip_access_list="ok", dns_zone="skipped", resolve="skipped")
    assert [c["name"] for c in healthy["checks"]][:3] == ["service", "service_state", "service_tier"]
    assert "public access open to 10.0.0.0/8" in by_name(healthy)["ip_access_list"]["detail"]
    assert all(c["fix"] is None for c in healthy["checks"])
    assert healthy["private_dns_hostname"].endswith("." + ZONE)

    # "Not found address of host": private DNS off, and not on the allow-list: "Connection reset by peer".
    checks = by_name(no_dns)
    assert no_dns["healthy"] is False and no_dns["problems"] == 2
    assert checks["private_dns"]["status"] == "fail" and "Not found address of host" in checks["private_dns"]["detail"]
    assert "private_dns_enabled: true" in checks["private_dns"]["fix"]
    assert checks["allow_list"]["status"] == "fail" and "Connection reset by peer" in checks["allow_list"]["detail"]
    assert "private_endpoint_ids: [%s]" % world["no_dns"] in checks["allow_list"]["fix"]
    assert no_dns["report"][0].startswith("FAIL    allow_list:") and no_dns["report"][1].startswith("        fix: ")

    # "Connection timed out": a port missing from the security group; optional ports missing only warn.
    checks = by_name(narrow)
    assert checks["security_groups"]["status"] == "fail"
    assert "port 9440 from 10.0.0.0/16" in checks["security_groups"]["detail"]
    assert "Connection timed out" in checks["security_groups"]["detail"]
    assert "clickhouse_aws_privatelink_allowed_cidrs" in checks["security_groups"]["fix"]
    assert checks["optional_ports"]["status"] == "warn" and "port 443" in checks["optional_ports"]["detail"]
    assert by_name(no_groups)["security_groups"]["status"] == "fail"
    assert "no security group" in by_name(no_groups)["security_groups"]["detail"]
    assert "clickhouse_aws_privatelink_security_group_ids" in by_name(no_groups)["security_groups"]["fix"]
    assert by_name(other_clients)["security_groups"]["status"] == "fail"
    assert "from 192.168.0.0/24" in by_name(other_clients)["security_groups"]["detail"]

    # An endpoint to another endpoint service: nothing after it can be judged.
    assert by_name(elsewhere)["endpoint"]["status"] == "fail"
    assert "not to the service's endpoint service %s" % world["service_name"] in by_name(elsewhere)["endpoint"]["detail"]
    assert statuses(elsewhere)["allow_list"] == "skipped"

    # A stopped development service, with its IP access list closed.
    checks = by_name(sandbox)
    assert checks["service_state"]["status"] == "fail" and "stopped" in checks["service_state"]["detail"]
    assert checks["service_tier"]["status"] == "fail" and "Production" in checks["service_tier"]["detail"]
    assert checks["ip_access_list"]["detail"].startswith("empty: public access closed")

    # A service without an endpoint service; a region (as AWS_REGION would give it) other than the service's.
    check = by_name(no_config)["endpoint_service"]
    assert check["status"] == "fail" and "no AWS endpoint service" in check["detail"], no_config["report"]
    assert statuses(no_config)["endpoint"] == "skipped"
    check = by_name(wrong_region)["service"]
    assert check["status"] == "ok" and "looking for the endpoint there, not in region eu-west-1" in check["detail"]
    assert statuses(wrong_region)["endpoint"] == "ok"  # found in the service's region, us-east-1

    # No such service; no endpoint in the VPC; an endpoint ID that does not exist.
    checks = by_name(unknown)
    assert checks["service"]["status"] == "fail" and "no-such-service" in checks["service"]["detail"]
    assert "clickhouse_aws_privatelink_service_name" in checks["service"]["fix"]
    assert set(statuses(unknown).values()) == {"fail", "skipped"}
    for case in (empty, missing):
        assert by_name(case)["endpoint"]["status"] == "fail", case
        assert "clickhouse_aws_privatelink_subnet_ids" in by_name(case)["endpoint"]["fix"]

    # Own DNS resolver: no zone for the VPC fails; the zone whose wildcard points at the endpoint is ok,
    # and private DNS being off then only warns.
    checks = by_name(no_zone)
    assert checks["dns_zone"]["status"] == "fail" and "no private hosted zone %s" % ZONE in checks["dns_zone"]["detail"]
    assert "*.%s: a CNAME to %s" % (ZONE, healthy_dns(moto, world["healthy"])) in checks["dns_zone"]["fix"]
    checks = by_name(own_zone)
    assert checks["dns_zone"]["status"] == "ok" and world["own_dns"].lower() in checks["dns_zone"]["detail"]
    assert checks["private_dns"]["status"] == "warn" and own_zone["healthy"] is True


def test_a_wildcard_record_pointing_elsewhere_fails(ansible, moto, clickhouse, world):
    route53 = moto.client("route53")
    zone = route53.list_hosted_zones_by_vpc(VPCId=world["own_vpc"], VPCRegion=REGION)["HostedZoneSummaries"][0]
    route53.change_resource_record_sets(HostedZoneId=zone["HostedZoneId"], ChangeBatch=dict(Changes=[dict(
        Action="UPSERT", ResourceRecordSet=dict(Name="*." + ZONE, Type="CNAME", TTL=60,
                                                ResourceRecords=[dict(Value="old-endpoint.example.com")]))]))
    moto.recording.write_text("")
    [case] = run_cases(ansible, "aws", [dict(service_id=PROD, vpc_endpoint_id=world["own"], own_dns_resolver=True)],
                       env=read_only(clickhouse), aws_endpoint_url=moto.url)
    check = by_name(case)["dns_zone"]
    assert check["status"] == "fail" and "old-endpoint.example.com" in check["detail"]
    assert moto.writes() == [] and clickhouse.log(writes=True) == []


def test_options_are_checked_before_any_call(ansible, moto, clickhouse):
    result = ansible.steps(MODULES["aws"], [dict(service_id=PROD, vpc_endpoint_id="endpoint-1",
                                                 client_cidrs=["10.0.0.0/33"])], defaults=dict(endpoint_url=moto.url))
    assert result.rc != 0
    message = result.failure()
    assert "vpc_endpoint_id: 'endpoint-1'" in message and "client_cidrs: '10.0.0.0/33'" in message
    assert clickhouse.requests == [] and moto.requests() == []
