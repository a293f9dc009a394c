# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""aws_vpc_endpoint_service with botocore's Stubber: what moto cannot show (a service that is
Pending before Available, a delete AWS refuses, a failed service, ambiguous load balancers)."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.unit.plugins.modules.aws_stubs import ANY, AwsStub
from ansible_collections.privatelink.endpoints.plugins.modules import aws_vpc_endpoint_service as module

ID = "vpce-svc-0123456789abcdef0"
NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/kafka/0123456789abcdef"
CLICKPIPES = "arn:aws:iam::072088201116:root"


@pytest.fixture
def aws(monkeypatch, capsys):
    return AwsStub(monkeypatch, capsys)


def configuration(state="Available", service_id=ID, **fields):
    raw = dict(ServiceId=service_id, ServiceName="com.amazonaws.vpce.us-east-1.%s" % service_id, ServiceState=state,
               AcceptanceRequired=True, NetworkLoadBalancerArns=[NLB], Tags=[],
               ServiceType=[dict(ServiceType="Interface")])
    raw.update(fields)
    return raw


def expect_by_id(aws, *states):
    for state in states:
        aws.expect("describe_vpc_endpoint_service_configurations",
                   dict(ServiceConfigurations=[configuration(state)]), ServiceIds=[ID])


def expect_principals(aws, *principals):
    aws.expect("describe_vpc_endpoint_service_permissions",
               dict(AllowedPrincipals=[dict(Principal=p) for p in principals]), ServiceId=ID)


def test_create_sets_principals_and_waits_until_available(aws):
    aws.expect("describe_vpc_endpoint_service_configurations", dict(ServiceConfigurations=[]))
    aws.expect("create_vpc_endpoint_service_configuration", dict(ServiceConfiguration=configuration("Pending")),
               NetworkLoadBalancerArns=[NLB], AcceptanceRequired=True, ClientToken=ANY)
    aws.expect("modify_vpc_endpoint_service_permissions", dict(ReturnValue=True), ServiceId=ID,
               AddAllowedPrincipals=[CLICKPIPES])
    # The principals just set are not read back; the wait reads the configuration alone.
    expect_by_id(aws, "Pending", "Available")
    result = aws.run(module, network_load_balancer_arns=[NLB], allowed_principals=[CLICKPIPES])
    assert result["changed"] is True
    assert result["endpoint_service"]["service_state"] == "Available"
    assert result["endpoint_service"]["allowed_principals"] == [CLICKPIPES]
    assert aws.sleeps == [0.25, 0.25]  # the create's answer (Pending) is judged first, then each read


def test_the_service_of_a_load_balancer_is_found_among_others(aws):
    aws.expect("describe_vpc_endpoint_service_configurations", dict(ServiceConfigurations=[
        configuration(service_id="vpce-svc-0other000000000000", NetworkLoadBalancerArns=[NLB + "0"]),
        configuration("Deleted", service_id="vpce-svc-0gone0000000000000"),
        configuration(),
    ]))
    expect_principals(aws, CLICKPIPES)
    result = aws.run(module, network_load_balancer_arns=[NLB], acceptance_required=True)
    assert result["changed"] is False and result["endpoint_service"]["id"] == ID


def test_load_balancers_of_two_services_are_an_error(aws):
    other = NLB.replace("kafka", "other")
    aws.expect("describe_vpc_endpoint_service_configurations", dict(ServiceConfigurations=[
        configuration(), configuration(service_id="vpce-svc-0other000000000000", NetworkLoadBalancerArns=[other])]))
    result = aws.run(module, network_load_balancer_arns=[NLB, other])
    assert result["failed"] is True
    assert result["msg"] == ("network_load_balancer_arns: these load balancers belong to 2 endpoint services "
                             "(vpce-svc-0123456789abcdef0, vpce-svc-0other000000000000); pick one with service_id")


def test_a_delete_aws_refuses_fails_with_the_reason(aws):
    expect_by_id(aws, "Available")  # a delete reads no permissions
    aws.expect("delete_vpc_endpoint_service_configurations",
               dict(Unsuccessful=[dict(ResourceId=ID, Error=dict(Code="ExistingVpcEndpointConnections",
                                                                 Message="has connections"))]),
               ServiceIds=[ID])
    result = aws.run(module, service_id=ID, state="absent")
    assert result["failed"] is True
    assert result["msg"] == ("VPC endpoint service: DeleteVpcEndpointServiceConfigurations refused %s: "
                             "ExistingVpcEndpointConnections has connections" % ID)


def test_check_mode_delete_reads_only(aws):
    expect_by_id(aws, "Available")  # a delete reads no permissions (issue 13: one read per delete)
    result = aws.run(module, check_mode=True, service_id=ID, state="absent")
    assert result["changed"] is True and result["endpoint_service"] == {}
    assert result["diff"]["before"] == dict(network_load_balancer_arns=[NLB], acceptance_required=True, tags={})
    assert result["diff"]["after"] == {}


def test_a_failed_service_cannot_be_updated(aws):
    expect_by_id(aws, "Failed")
    expect_principals(aws)
    result = aws.run(module, service_id=ID, acceptance_required=False)
    assert result["failed"] is True
    assert result["msg"] == "service_id: endpoint service %s failed; delete it and create a new one" % ID


@pytest.mark.parametrize("args, message", [
    (dict(acceptance_required=True), "one of the following is required: service_id, network_load_balancer_arns"),
    # The shared factory counts an empty list as not given (required_one_of ignoring nulls) and reports every error.
    (dict(network_load_balancer_arns=[]), "one of service_id, network_load_balancer_arns is required; "
     "network_load_balancer_arns must not be empty; an endpoint service needs a load balancer"),
    (dict(network_load_balancer_arns=["kafka"]), "network_load_balancer_arns: 'kafka' is not an ARN"),
    (dict(service_id="vpce-0123"), "service_id: 'vpce-0123' is not an ID of the form vpce-svc-..."),
])
def test_options_are_checked_before_any_call(aws, args, message):
    result = aws.run(module, **args)
    assert result["failed"] is True and result["msg"] == message


def test_check_mode_returns_an_existing_service_whole_with_the_planned_change(aws):
    """A --check run of a role goes on with the service's ID and name, not only the compared fields."""
    expect_by_id(aws, "Available")
    expect_principals(aws)
    result = aws.run(module, check_mode=True, service_id=ID, allowed_principals=[CLICKPIPES])
    assert result["changed"] is True
    service = result["endpoint_service"]
    assert service["id"] == ID and service["service_name"] == "com.amazonaws.vpce.us-east-1.%s" % ID
    assert service["service_state"] == "Available" and service["allowed_principals"] == [CLICKPIPES]


def test_a_delete_by_id_without_check_mode_or_diff_sends_the_delete_unread(aws):
    """The ClickPipes role found the service a moment ago: the delete sends no read first (issue 13),
    and one read sees it gone."""
    aws.expect("delete_vpc_endpoint_service_configurations", dict(Unsuccessful=[]), ServiceIds=[ID])
    aws.expect_error("describe_vpc_endpoint_service_configurations", "InvalidVpcEndpointServiceId.NotFound",
                     ServiceIds=[ID])
    result = aws.run(module, service_id=ID, state="absent", diff=False)
    assert result["changed"] is True and result["endpoint_service"] == {}


def test_a_delete_by_id_of_a_service_already_gone_changes_nothing(aws):
    aws.expect("delete_vpc_endpoint_service_configurations", dict(Unsuccessful=[dict(
        ResourceId=ID, Error=dict(Code="InvalidVpcEndpointService.NotFound", Message="does not exist"))]),
        ServiceIds=[ID])
    result = aws.run(module, service_id=ID, state="absent", diff=False)
    assert result["changed"] is False and result["endpoint_service"] == {}
    assert "failed" not in result


def test_a_check_mode_delete_by_load_balancer_is_one_read(aws):
    """What the ClickPipes role's absent flow uses to find the service: one request."""
    aws.expect("describe_vpc_endpoint_service_configurations", dict(ServiceConfigurations=[configuration()]))
    result = aws.run(module, check_mode=True, network_load_balancer_arns=[NLB], state="absent")
    assert result["changed"] is True and result["endpoint_service"] == {}
    removed = result["deleted_endpoint_service"]
    assert removed["id"] == ID and removed["service_name"] == "com.amazonaws.vpce.us-east-1.%s" % ID
