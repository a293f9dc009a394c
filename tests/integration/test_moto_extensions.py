# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The EC2 behaviours tests/utils/moto_extensions.py adds to the tests' moto server, one rule a test,
driven with boto3 as any AWS client would."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network

botocore = pytest.importorskip("botocore")
from botocore.exceptions import ClientError  # noqa: E402

CLICKPIPES_ACCOUNT = "072088201116"


def create_endpoint(ec2, network, **params):
    return ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=network["vpc_id"],
                                   ServiceName=network["service_name"], SubnetIds=network["subnet_ids"][:1],
                                   **params)["VpcEndpoint"]


def refusal(call, **params):
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]


def test_private_dns_is_refused_for_a_service_without_a_private_dns_name(moto):
    network = build_network(moto, private_dns_name=None)
    ec2 = moto.client()
    error = refusal(create_endpoint, ec2=ec2, network=network, PrivateDnsEnabled=True)
    assert error["Code"] == "InvalidParameter" and "does not provide a private DNS name" in error["Message"]
    endpoint = create_endpoint(ec2, network)  # left out: AWS decides, and here it is off
    assert endpoint["PrivateDnsEnabled"] is False
    error = refusal(ec2.modify_vpc_endpoint, VpcEndpointId=endpoint["VpcEndpointId"], PrivateDnsEnabled=True)
    assert error["Code"] == "InvalidParameter"


def test_private_dns_left_out_is_on_for_a_service_with_a_private_dns_name(moto):
    network = build_network(moto)
    assert create_endpoint(moto.client(), network)["PrivateDnsEnabled"] is True


def test_modify_applies_private_dns(moto):
    network = build_network(moto)
    ec2 = moto.client()
    endpoint_id = create_endpoint(ec2, network, PrivateDnsEnabled=False)["VpcEndpointId"]
    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint_id, PrivateDnsEnabled=True)
    [endpoint] = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"]
    assert endpoint["PrivateDnsEnabled"] is True


def test_an_endpoint_to_a_service_that_requires_acceptance_waits_for_the_owner(moto):
    network = build_network(moto, acceptance_required=True)
    ec2 = moto.client()
    error = refusal(create_endpoint, ec2=ec2, network=network, PrivateDnsEnabled=True)
    assert "only be enabled after the endpoint connection is accepted" in error["Message"]
    endpoint = create_endpoint(ec2, network)
    assert endpoint["State"] == "pendingAcceptance" and endpoint["PrivateDnsEnabled"] is False
    error = refusal(ec2.modify_vpc_endpoint, VpcEndpointId=endpoint["VpcEndpointId"], PrivateDnsEnabled=True)
    assert "only be enabled after the endpoint connection is accepted" in error["Message"]

    [connection] = ec2.describe_vpc_endpoint_connections(
        Filters=[dict(Name="service-id", Values=[network["service_id"]])])["VpcEndpointConnections"]
    assert connection["VpcEndpointId"] == endpoint["VpcEndpointId"]
    assert connection["VpcEndpointState"] == "pendingAcceptance"
    answer = ec2.accept_vpc_endpoint_connections(ServiceId=network["service_id"],
                                                 VpcEndpointIds=[endpoint["VpcEndpointId"]])
    assert answer["Unsuccessful"] == []
    [endpoint] = ec2.describe_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])["VpcEndpoints"]
    assert endpoint["State"] == "available"
    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint["VpcEndpointId"], PrivateDnsEnabled=True)


def test_reject_and_what_cannot_be_accepted_or_rejected(moto):
    network = build_network(moto, acceptance_required=True)
    ec2 = moto.client()
    endpoint_id = create_endpoint(ec2, network)["VpcEndpointId"]
    assert ec2.reject_vpc_endpoint_connections(ServiceId=network["service_id"],
                                               VpcEndpointIds=[endpoint_id])["Unsuccessful"] == []
    [connection] = ec2.describe_vpc_endpoint_connections(
        Filters=[dict(Name="vpc-endpoint-id", Values=[endpoint_id])])["VpcEndpointConnections"]
    assert connection["VpcEndpointState"] == "rejected"
    ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint_id])
    [refused] = ec2.accept_vpc_endpoint_connections(ServiceId=network["service_id"],
                                                    VpcEndpointIds=[endpoint_id])["Unsuccessful"]
    assert refused["ResourceId"] == endpoint_id and refused["Error"]["Code"] == "InvalidState"
    [unknown] = ec2.accept_vpc_endpoint_connections(ServiceId=network["service_id"],
                                                    VpcEndpointIds=["vpce-0123456789abcdef0"])["Unsuccessful"]
    assert unknown["Error"]["Code"] == "InvalidVpcEndpointId.NotFound"
    error = refusal(ec2.accept_vpc_endpoint_connections, ServiceId="vpce-svc-0123456789abcdef0",
                    VpcEndpointIds=[endpoint_id])
    assert error["Code"] == "InvalidVpcEndpointServiceId.NotFound"


def test_another_account_needs_to_be_an_allowed_principal(moto):
    network = build_network(moto, acceptance_required=True)
    other = moto.client()
    other.meta.events.register("before-sign.ec2.*", lambda request, **kwargs: request.headers.__setitem__(
        "x-moto-account-id", CLICKPIPES_ACCOUNT))
    vpc_id = other.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    request = dict(VpcEndpointType="Interface", VpcId=vpc_id, ServiceName=network["service_name"])
    assert refusal(other.create_vpc_endpoint, **request)["Code"] == "InvalidServiceName"
    moto.client().modify_vpc_endpoint_service_permissions(
        ServiceId=network["service_id"], AddAllowedPrincipals=["arn:aws:iam::%s:root" % CLICKPIPES_ACCOUNT])
    endpoint_id = other.create_vpc_endpoint(**request)["VpcEndpoint"]["VpcEndpointId"]
    [connection] = moto.client().describe_vpc_endpoint_connections()["VpcEndpointConnections"]
    assert connection["VpcEndpointId"] == endpoint_id and connection["VpcEndpointOwner"] == CLICKPIPES_ACCOUNT
