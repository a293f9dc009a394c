# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""aws_vpc_endpoint with botocore's Stubber: private DNS changes (moto ignores them on modify),
services that require acceptance, transitions, failures and option checks."""

from __future__ import annotations

import pytest
from botocore.exceptions import InvalidRegionError

from ansible_collections.privatelink.endpoints.tests.unit.plugins.modules.aws_stubs import ANY, AwsStub
from ansible_collections.privatelink.endpoints.plugins.modules import aws_vpc_endpoint as module

ID = "vpce-0123456789abcdef0"
VPC = "vpc-0aaaaaaaaaaaaaaaa"
SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
SUBNETS = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
GROUP = "sg-0cccccccccccccccc"
LOOKUP = [dict(Name="vpc-id", Values=[VPC]), dict(Name="service-name", Values=[SERVICE]),
          dict(Name="vpc-endpoint-type", Values=["Interface"])]
OPTIONS = dict(vpc_id=VPC, service_name=SERVICE, subnet_ids=SUBNETS[:1], security_group_ids=[GROUP])


@pytest.fixture
def aws(monkeypatch, capsys):
    return AwsStub(monkeypatch, capsys)


def endpoint(state="available", dns=True, endpoint_id=ID, subnets=None, **fields):
    """An endpoint as DescribeVpcEndpoints returns it; ``fields`` override or add EC2 fields."""
    raw = dict(VpcEndpointId=endpoint_id, VpcEndpointType="Interface", VpcId=VPC, ServiceName=SERVICE, State=state,
               SubnetIds=list(subnets or SUBNETS[:1]), Groups=[dict(GroupId=GROUP, GroupName="endpoint")], PrivateDnsEnabled=dns,
               NetworkInterfaceIds=["eni-0123456789abcdef0"], Tags=[],
               DnsEntries=[dict(DnsName="vpce-0123.%s.vpce.amazonaws.com" % SERVICE, HostedZoneId="Z7HUB22UULQXV")])
    raw.update(fields)
    return raw


def expect_lookup(aws, *found):
    aws.expect("describe_vpc_endpoints", dict(VpcEndpoints=list(found)), Filters=LOOKUP)


def expect_by_id(aws, *states, **fields):
    for state in states:
        aws.expect("describe_vpc_endpoints", dict(VpcEndpoints=[endpoint(state, **fields)]), VpcEndpointIds=[ID])


def expect_create(aws, state, acceptance_required=None, **params):
    """The calls of a create without private DNS in the request; with ``acceptance_required``
    private DNS was asked for, EC2 refused it and the service is looked up before the create
    without it."""
    expect_lookup(aws)
    request = dict(VpcEndpointType="Interface", VpcId=VPC, ServiceName=SERVICE, SubnetIds=SUBNETS[:1],
                   SecurityGroupIds=[GROUP], ClientToken=ANY, **params)
    if acceptance_required is not None:
        aws.expect_error("create_vpc_endpoint", "InvalidParameter", "Private DNS can only be enabled after the "
                         "endpoint connection is accepted", PrivateDnsEnabled=True, **request)
        aws.expect("describe_vpc_endpoint_services",
                   dict(ServiceDetails=[dict(ServiceName=SERVICE, AcceptanceRequired=acceptance_required)]),
                   ServiceNames=[SERVICE])
    aws.expect("create_vpc_endpoint", dict(VpcEndpoint=endpoint(state, dns=False)), PrivateDnsEnabled=False,
               **request)


def test_turns_private_dns_on_in_place_and_waits(aws):
    expect_lookup(aws, endpoint(dns=False))
    aws.expect("modify_vpc_endpoint", dict(Return=True), VpcEndpointId=ID, PrivateDnsEnabled=True)
    expect_by_id(aws, "pending", "pending", "available")
    result = aws.run(module, private_dns_enabled=True, **OPTIONS)
    assert result["changed"] is True
    assert result["diff"]["before"]["private_dns_enabled"] is False
    assert result["diff"]["after"]["private_dns_enabled"] is True
    assert result["endpoint"]["state"] == "available" and result["endpoint"]["private_dns_enabled"] is True
    # A pause before each read after the first (the wait judges the answer it has before reading again).
    assert aws.sleeps == [0.25, 0.25]


def test_subnets_groups_and_dns_change_in_one_modify_call(aws):
    expect_lookup(aws, endpoint(dns=True))
    aws.expect("modify_vpc_endpoint", dict(Return=True), VpcEndpointId=ID, AddSubnetIds=SUBNETS[1:],
               RemoveSubnetIds=SUBNETS[:1], AddSecurityGroupIds=["sg-0dddddddddddddddd"],
               RemoveSecurityGroupIds=[GROUP], PrivateDnsEnabled=False)
    expect_by_id(aws, "available", subnets=SUBNETS[1:])
    result = aws.run(module, **dict(OPTIONS, subnet_ids=SUBNETS[1:], security_group_ids=["sg-0dddddddddddddddd"],
                                    private_dns_enabled=False))
    assert result["changed"] is True


def test_check_mode_reads_only(aws):
    expect_lookup(aws, endpoint(dns=False))
    result = aws.run(module, check_mode=True, private_dns_enabled=True, **OPTIONS)
    assert result["changed"] is True
    assert result["diff"]["after"]["private_dns_enabled"] is True


def test_nothing_to_do_is_one_read(aws):
    expect_lookup(aws, endpoint(), endpoint("deleted", endpoint_id="vpce-0deleted000000000"),
                  endpoint("rejected", endpoint_id="vpce-0rejected00000000"))
    result = aws.run(module, private_dns_enabled=True, **OPTIONS)
    assert result["changed"] is False and result["endpoint"]["id"] == ID


def test_create_for_a_service_that_requires_acceptance_turns_private_dns_on_after_acceptance(aws):
    """AWS refuses private DNS before acceptance: create with it off, then modify once available."""
    expect_create(aws, "pendingAcceptance", acceptance_required=True,
                  TagSpecifications=[dict(ResourceType="vpc-endpoint", Tags=[dict(Key="Name", Value="ch")])])
    expect_by_id(aws, "pendingAcceptance", "available", dns=False)
    aws.expect("modify_vpc_endpoint", dict(Return=True), VpcEndpointId=ID, PrivateDnsEnabled=True)
    expect_by_id(aws, "pending", "available")
    result = aws.run(module, private_dns_enabled=True, tags=dict(Name="ch"), **OPTIONS)
    assert result["changed"] is True
    assert result["endpoint"]["state"] == "available" and result["endpoint"]["private_dns_enabled"] is True


def test_allow_pending_acceptance_stops_there_and_leaves_private_dns_for_a_later_run(aws):
    expect_create(aws, "pending", acceptance_required=True)
    expect_by_id(aws, "pendingAcceptance", dns=False)
    result = aws.run(module, allow_pending_acceptance=True, private_dns_enabled=True, **OPTIONS)
    assert result["changed"] is True and result["endpoint"]["state"] == "pendingAcceptance"
    assert any("private DNS is turned on by a run after" in w for w in aws.warnings(result))


def test_private_dns_cannot_change_while_acceptance_is_pending(aws):
    expect_lookup(aws, endpoint("pendingAcceptance", dns=False))
    result = aws.run(module, private_dns_enabled=True, allow_pending_acceptance=True, **OPTIONS)
    assert result["changed"] is False
    assert any("waits for the service owner to accept it" in w for w in aws.warnings(result))
    assert "deprecations" not in result


def test_create_without_private_dns_needs_no_service_lookup(aws):
    expect_create(aws, "pending")
    expect_by_id(aws, "failed", dns=False, LastError=dict(Code="Capacity", Message="no capacity"))
    result = aws.run(module, private_dns_enabled=False, **OPTIONS)
    assert result["failed"] is True
    assert result["msg"] == "VPC endpoint: endpoint %s is failed: Capacity no capacity" % ID


def test_delete_waits_until_ec2_forgets_or_marks_it_deleted(aws):
    expect_by_id(aws, "available")
    aws.expect("delete_vpc_endpoints", dict(Unsuccessful=[]), VpcEndpointIds=[ID])
    expect_by_id(aws, "deleting")
    aws.expect_error("describe_vpc_endpoints", "InvalidVpcEndpointId.NotFound", VpcEndpointIds=[ID])
    result = aws.run(module, state="absent", vpc_endpoint_id=ID)
    assert result["changed"] is True and result["endpoint"] == {}


def test_a_refused_delete_fails_with_the_reason(aws):
    expect_by_id(aws, "available")
    aws.expect("delete_vpc_endpoints",
               dict(Unsuccessful=[dict(ResourceId=ID, Error=dict(Code="InvalidState", Message="busy"))]),
               VpcEndpointIds=[ID])
    result = aws.run(module, state="absent", vpc_endpoint_id=ID)
    assert result["failed"] is True
    assert result["msg"] == "VPC endpoint: DeleteVpcEndpoints refused %s: InvalidState busy" % ID


def test_a_botocore_error_that_is_also_a_value_error_fails_the_amazon_aws_way(aws, monkeypatch):
    """Resource.run() fails on ValueError with its bare message; botocore's own errors, some of which
    are ValueErrors too, keep the AWS family's report (the call, the boto details)."""
    def broken(self):
        raise InvalidRegionError(region_name="no region")

    monkeypatch.setattr(module.VpcEndpoint, "read", broken)
    result = aws.run(module, state="absent", vpc_endpoint_id=ID)
    assert result["failed"] is True
    assert result["msg"] == "VPC endpoint: AWS call failed: Provided region_name 'no region' doesn't match a supported format."


def test_two_live_endpoints_for_the_same_vpc_and_service_are_an_error(aws):
    expect_lookup(aws, endpoint(), endpoint(endpoint_id="vpce-0second000000000"))
    result = aws.run(module, **OPTIONS)
    assert result["failed"] is True
    assert "vpce-0123456789abcdef0, vpce-0second000000000; pick one with vpc_endpoint_id" in result["msg"]


@pytest.mark.parametrize("found, message", [
    (endpoint("rejected"), "vpc_endpoint_id: endpoint %s is rejected and cannot be repaired" % ID),
    (endpoint(VpcId="vpc-0other0000000000"), "vpc_id: endpoint %s belongs to vpc-0other0000000000, not %s" % (ID, VPC)),
])
def test_an_endpoint_given_by_id_must_be_usable_and_in_the_given_vpc(aws, found, message):
    aws.expect("describe_vpc_endpoints", dict(VpcEndpoints=[found]), VpcEndpointIds=[ID])
    result = aws.run(module, vpc_endpoint_id=ID, vpc_id=VPC)
    assert result["failed"] is True and result["msg"].startswith(message)


def test_a_missing_endpoint_given_by_id_is_an_error(aws):
    aws.expect_error("describe_vpc_endpoints", "InvalidVpcEndpointId.NotFound", VpcEndpointIds=[ID])
    result = aws.run(module, vpc_endpoint_id=ID, private_dns_enabled=True)
    assert result["failed"] is True
    assert result["msg"] == "vpc_endpoint_id: there is no endpoint %s (or it is being deleted)" % ID


@pytest.mark.parametrize("args, message", [
    (dict(OPTIONS, security_group_ids=["default"]), "security_group_ids: 'default' is not an ID of the form sg-..."),
    (dict(OPTIONS, subnet_ids=[]), "subnet_ids must not be empty; leave it out to keep what is there"),
    (dict(vpc_id=VPC, service_name=SERVICE), "without vpc_endpoint_id, state=present needs subnet_ids"),
    (dict(vpc_id=VPC, state="absent"), "without vpc_endpoint_id, state=absent needs service_name"),
    (dict(vpc_endpoint_id="vpc-123"), "vpc_endpoint_id: 'vpc-123' is not an ID of the form vpce-..."),
])
def test_options_are_checked_before_any_call(aws, args, message):
    result = aws.run(module, **args)
    assert result["failed"] is True and result["msg"] == message


@pytest.mark.parametrize("by_id", [True, False])
def test_absent_waits_for_a_delete_still_under_way_without_writing(aws, by_id):
    """A run after one whose delete wait timed out finishes that wait, so what follows
    (the role deletes the security group next) does not meet the endpoint's interfaces."""
    if by_id:
        expect_by_id(aws, "deleting")
        args = dict(vpc_endpoint_id=ID)
    else:
        expect_lookup(aws, endpoint("deleting"), endpoint("deleted", endpoint_id="vpce-0deleted000000000"))
        args = dict(vpc_id=VPC, service_name=SERVICE)
    expect_by_id(aws, "deleting", "deleted")
    result = aws.run(module, state="absent", **args)
    assert result["changed"] is False and result["endpoint"] == {}
    assert aws.sleeps == [0.25]


def test_absent_without_wait_does_not_wait_for_a_delete_under_way(aws):
    expect_by_id(aws, "deleting")
    result = aws.run(module, state="absent", vpc_endpoint_id=ID, wait=False)
    assert result["changed"] is False and aws.sleeps == []


def test_create_without_private_dns_enabled_leaves_it_to_aws(aws):
    """AWS refuses PrivateDnsEnabled=true for a service without a private DNS name: left out unless asked for."""
    expect_lookup(aws)
    aws.expect("create_vpc_endpoint", dict(VpcEndpoint=endpoint("available", dns=False)),
               VpcEndpointType="Interface", VpcId=VPC, ServiceName=SERVICE, SubnetIds=SUBNETS[:1],
               SecurityGroupIds=[GROUP], ClientToken=ANY)
    result = aws.run(module, **OPTIONS)
    assert result["changed"] is True and result["endpoint"]["private_dns_enabled"] is False


def test_partial_is_waited_for_like_pending(aws):
    """botocore's State enum has Partial: on the way to available, not an end state."""
    expect_lookup(aws)
    aws.expect("create_vpc_endpoint", dict(VpcEndpoint=endpoint("pending", dns=False)),
               VpcEndpointType="Interface", VpcId=VPC, ServiceName=SERVICE, SubnetIds=SUBNETS[:1],
               SecurityGroupIds=[GROUP], PrivateDnsEnabled=False, ClientToken=ANY)
    expect_by_id(aws, "Partial", "Available", dns=False)
    result = aws.run(module, private_dns_enabled=False, **OPTIONS)
    assert result["changed"] is True and result["endpoint"]["state"] == "Available"
    assert aws.sleeps == [0.25, 0.25]  # the create's answer (pending) is judged first, then each read


def test_a_partial_endpoint_is_waited_for_before_it_is_modified(aws):
    expect_lookup(aws, endpoint("partial", dns=False))
    expect_by_id(aws, "available", dns=False)
    aws.expect("modify_vpc_endpoint", dict(Return=True), VpcEndpointId=ID, PrivateDnsEnabled=True)
    expect_by_id(aws, "available")
    result = aws.run(module, private_dns_enabled=True, **OPTIONS)
    assert result["changed"] is True and result["endpoint"]["private_dns_enabled"] is True


def test_check_mode_returns_an_existing_endpoint_whole_with_the_planned_change(aws):
    """A --check run of the role goes on with the endpoint's ID (and shows drift on the ClickHouse side)."""
    expect_lookup(aws, endpoint(dns=False))
    result = aws.run(module, check_mode=True, private_dns_enabled=True, **OPTIONS)
    assert result["changed"] is True
    returned = result["endpoint"]
    assert returned["id"] == returned["vpc_endpoint_id"] == ID and returned["state"] == "available"
    assert returned["dns_entries"][0]["hosted_zone_id"] == "Z7HUB22UULQXV"
    assert returned["network_interface_ids"] == ["eni-0123456789abcdef0"]
    assert returned["private_dns_enabled"] is True  # the plan on top


@pytest.mark.parametrize("live", [True, False])
def test_absent_also_deletes_rejected_failed_and_expired_endpoints(aws, live):
    broken = [endpoint(state, endpoint_id="vpce-0%s" % state.ljust(16, "0")) for state in ("rejected", "failed", "expired")]
    found = ([endpoint()] if live else []) + broken + [endpoint("deleted", endpoint_id="vpce-0deleted000000000")]
    expect_lookup(aws, *found)
    ids = [e["VpcEndpointId"] for e in found[:-1]]
    aws.expect("delete_vpc_endpoints", dict(Unsuccessful=[]), VpcEndpointIds=ids)
    for endpoint_id in ids:
        aws.expect_error("describe_vpc_endpoints", "InvalidVpcEndpointId.NotFound", VpcEndpointIds=[endpoint_id])
    result = aws.run(module, state="absent", vpc_id=VPC, service_name=SERVICE)
    assert result["changed"] is True and result["endpoint"] == {}
    assert result["diff"]["before"]["service_name"] == SERVICE


def test_check_mode_absent_plans_to_delete_a_rejected_endpoint(aws):
    expect_lookup(aws, endpoint("rejected"))
    result = aws.run(module, check_mode=True, state="absent", vpc_id=VPC, service_name=SERVICE)
    assert result["changed"] is True and result["endpoint"] == {}


def test_a_private_dns_refusal_for_a_service_that_accepts_automatically_fails_with_ec2s_message(aws):
    """Only a service that requires acceptance makes the module retry without private DNS; any other
    refusal (here the VPC's DNS attributes, which the module does not read beforehand) is EC2's to tell."""
    expect_lookup(aws)
    request = dict(VpcEndpointType="Interface", VpcId=VPC, ServiceName=SERVICE, SubnetIds=SUBNETS[:1],
                   SecurityGroupIds=[GROUP], ClientToken=ANY, PrivateDnsEnabled=True)
    message = "Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true"
    aws.expect_error("create_vpc_endpoint", "InvalidParameter", message, **request)
    aws.expect("describe_vpc_endpoint_services",
               dict(ServiceDetails=[dict(ServiceName=SERVICE, AcceptanceRequired=False)]), ServiceNames=[SERVICE])
    result = aws.run(module, private_dns_enabled=True, **OPTIONS)
    assert result["failed"] is True and message in result["msg"]


SG = "sg-0eeeeeeeeeeeeeeee"
SG_SPEC = dict(name="clickhouse-privatelink", ports=[443], cidrs=["10.1.0.0/16"])
SG_LOOKUP = [dict(Name="group-name", Values=["clickhouse-privatelink"]), dict(Name="vpc-id", Values=[VPC])]
MARK = dict(Key="privatelink.endpoints:managed-by", Value="aws_vpc_endpoint")


def group(rules=(("tcp", 443, "10.1.0.0/16"),), tags=(MARK,)):
    return dict(GroupId=SG, GroupName="clickhouse-privatelink", VpcId=VPC, Description="endpoint", Tags=list(tags),
                IpPermissions=[dict(IpProtocol=p, FromPort=port, ToPort=port, IpRanges=[dict(CidrIp=cidr)])
                               for p, port, cidr in rules])


def create_with_group(aws):
    """The endpoint's create with the group SG, and the run that makes it (security_group=SG_SPEC)."""
    aws.expect("create_vpc_endpoint", dict(VpcEndpoint=endpoint("available", Groups=[dict(GroupId=SG)])),
               VpcEndpointType="Interface", VpcId=VPC, ServiceName=SERVICE, SubnetIds=SUBNETS[:1],
               SecurityGroupIds=[SG], ClientToken=ANY)
    return aws.run(module, vpc_id=VPC, service_name=SERVICE, subnet_ids=SUBNETS[:1], security_group=SG_SPEC)


def test_a_group_whose_create_answer_was_lost_is_found_by_name_not_made_twice(aws):
    """CreateSecurityGroup takes no client token: a repeat after a lost answer is refused as a duplicate."""
    expect_lookup(aws)
    aws.expect("describe_security_groups", dict(SecurityGroups=[]), Filters=SG_LOOKUP)
    aws.expect_error("create_security_group", "InvalidGroup.Duplicate", GroupName="clickhouse-privatelink",
                     Description="Interface VPC endpoint to %s" % SERVICE, VpcId=VPC, TagSpecifications=ANY)
    aws.expect("describe_security_groups", dict(SecurityGroups=[group(rules=())]), Filters=SG_LOOKUP)
    aws.expect("authorize_security_group_ingress", dict(Return=True), GroupId=SG, IpPermissions=[
        dict(IpProtocol="tcp", FromPort=443, ToPort=443, IpRanges=[dict(CidrIp="10.1.0.0/16")])])
    result = create_with_group(aws)
    assert result["changed"] is True and result["security_group"]["group_id"] == SG
    assert result["security_group"]["ingress"] == ["tcp 443 from 10.1.0.0/16"]


def test_rules_whose_change_answer_was_lost_are_not_an_error(aws):
    """A rule change sent again after a lost answer: EC2 answers the repeat Duplicate (authorize) or
    NotFound (revoke); the first send took effect, so the run goes on."""
    expect_lookup(aws)
    aws.expect("describe_security_groups", dict(SecurityGroups=[group(rules=(("tcp", 8443, "10.1.0.0/16"),))]),
               Filters=SG_LOOKUP)
    aws.expect_error("revoke_security_group_ingress", "InvalidPermission.NotFound", GroupId=SG, IpPermissions=[
        dict(IpProtocol="tcp", FromPort=8443, ToPort=8443, IpRanges=[dict(CidrIp="10.1.0.0/16")])])
    aws.expect_error("authorize_security_group_ingress", "InvalidPermission.Duplicate", GroupId=SG, IpPermissions=[
        dict(IpProtocol="tcp", FromPort=443, ToPort=443, IpRanges=[dict(CidrIp="10.1.0.0/16")])])
    result = create_with_group(aws)
    assert result["changed"] is True and result["security_group"]["group_id"] == SG


def test_absent_deletes_the_group_once_the_endpoint_interfaces_let_go_of_it(aws):
    """EC2 refuses to delete a group its network interfaces still use (DependencyViolation) for a
    while after the endpoint is gone: the delete is tried again, backing off."""
    expect_by_id(aws, "available", Groups=[dict(GroupId=SG, GroupName="clickhouse-privatelink")])
    aws.expect("describe_security_groups", dict(SecurityGroups=[group()]), GroupIds=[SG])
    aws.expect("delete_vpc_endpoints", dict(Unsuccessful=[]), VpcEndpointIds=[ID])
    aws.expect_error("describe_vpc_endpoints", "InvalidVpcEndpointId.NotFound", VpcEndpointIds=[ID])
    aws.expect_error("delete_security_group", "DependencyViolation", GroupId=SG)
    aws.expect("delete_security_group", dict(), GroupId=SG)
    result = aws.run(module, state="absent", vpc_endpoint_id=ID, security_group=SG_SPEC, wait=False)
    assert result["changed"] is True and result["security_group"] == {}
    assert aws.sleeps == [0.25]


@pytest.mark.parametrize("spec, message", [
    (dict(SG_SPEC, ports=[0, 443]), "security_group.ports: 0 is not a port (1-65535)"),
    (dict(SG_SPEC, ports=[]), "security_group.ports must not be empty"),
    (dict(SG_SPEC, cidrs=["10.1.0.1/16"]), "security_group.cidrs: '10.1.0.1/16' is not an IPv4 CIDR block"),
    (dict(SG_SPEC, cidrs=[]), "security_group.cidrs must not be empty; leave it out for the VPC's CIDR blocks"),
    (dict(SG_SPEC, name="sg-mine"), "security_group.name: 'sg-mine' must be 1 to 255 characters and not start with sg-"),
])
def test_the_security_group_option_is_checked_before_any_call(aws, spec, message):
    result = aws.run(module, vpc_id=VPC, service_name=SERVICE, subnet_ids=SUBNETS[:1], security_group=spec)
    assert result["failed"] is True and result["msg"].startswith(message)


def test_absent_deletes_an_endpoint_pending_acceptance_without_waiting_for_it_first(aws):
    """A run that finds an endpoint on its way waits for it before a change, but not before a delete:
    an endpoint pending acceptance may never be accepted."""
    expect_by_id(aws, "pendingAcceptance")
    aws.expect("delete_vpc_endpoints", dict(Unsuccessful=[]), VpcEndpointIds=[ID])
    aws.expect_error("describe_vpc_endpoints", "InvalidVpcEndpointId.NotFound", VpcEndpointIds=[ID])
    result = aws.run(module, state="absent", vpc_endpoint_id=ID)
    assert result["changed"] is True and aws.sleeps == []
