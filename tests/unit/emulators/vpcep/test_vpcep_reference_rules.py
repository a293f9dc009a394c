# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Rules of the real VPCEP APIs the emulator enforces, one test per rule, each taken from the newest
official reference (huaweicloudsdkvpcep 3.1.x models, the OTC API reference) rather than the 2022 seeds:
no endpoint updates on OTC, offset > 0, the current Huawei tag limits, EndPoint.2003 for a missing
service, vip_port_id being create-only, OTC's /17 reserved block and 128-character descriptions,
gateway endpoints without DNS, and route table updates on Huawei."""

from __future__ import annotations

import pytest
from huaweicloudsdkvpcep.v1 import (
    ListServiceConnectionsRequest,
    ListServiceDescribeDetailsRequest,
    ListServicePermissionsDetailsRequest,
    ListServicePublicDetailsRequest,
    TagList,
    UpdateEndpointRoutetableRequest,
    UpdateEndpointRoutetableRequestBody,
    UpdateEndpointServiceRequest,
    UpdateEndpointServiceRequestBody,
    UpdateEndpointWhiteRequest,
    UpdateEndpointWhiteRequestBody,
)

from ansible_collections.privatelink.endpoints.tests.unit.emulators.vpcep.test_vpcep_api import Cloud, api_error
from ansible_collections.privatelink.endpoints.tests.unit.emulators.vpcep.test_vpcep_gateway import signed

MISSING = "4189d3c2-8882-4871-a3c2-d380272eed83"


def accounts(emulator):
    """Huawei Cloud's and OTC's provider and consumer, each with an SDK client."""
    return Cloud(emulator, "huaweicloud"), Cloud(emulator, "otc")


def open_endpoint(cloud, **fields):
    service = cloud.create_service(approval_enabled=False)
    cloud.permit(service.id, "*")
    return cloud.create_endpoint(service.id, **fields)


def gateway_endpoint(cloud, name, **fields):
    service = next(s for s in cloud.client.list_service_public_details(ListServicePublicDetailsRequest())
                   .endpoint_services if s.service_name.endswith(name))
    return cloud.create_endpoint(service.id, subnet_id=None, **fields)


# 1. OTC has no endpoint update call -----------------------------------------------------------

def test_otc_gateway_answers_endpoint_updates_as_unknown_routes(emulator):
    hwc, otc = accounts(emulator)
    endpoint = open_endpoint(otc, whitelist=["10.0.0.0/8"], enable_whitelist=True)
    body = UpdateEndpointWhiteRequestBody(whitelist=[], enable_whitelist=False)
    error = api_error(otc.client.update_endpoint_white, UpdateEndpointWhiteRequest(vpc_endpoint_id=endpoint.id,
                                                                                   body=body))
    assert (error.status_code, error.error_code) == (404, "APIGW.0101")
    assert "has not been published" in error.error_msg
    stored = emulator.endpoint(endpoint.id)
    assert stored["whitelist"] == ["10.0.0.0/8"] and stored["enable_whitelist"] is True
    gateway = gateway_endpoint(otc, "obs")
    error = api_error(otc.client.update_endpoint_routetable, UpdateEndpointRoutetableRequest(
        vpc_endpoint_id=gateway.id, body=UpdateEndpointRoutetableRequestBody(routetables=[])))
    assert (error.status_code, error.error_code) == (404, "APIGW.0101")
    # Huawei has the call.
    huawei = open_endpoint(hwc)
    changed = hwc.client.update_endpoint_white(UpdateEndpointWhiteRequest(vpc_endpoint_id=huawei.id, body=body))
    assert changed.whitelist == []


# 2. offset must be greater than 0 ----------------------------------------------------------------

@pytest.mark.parametrize("offset", ["0", "-1", "x"])
def test_every_list_refuses_an_offset_that_is_not_positive(emulator, offset):
    hwc = accounts(emulator)[0]
    service = hwc.create_service()
    project = hwc.provider["project_id"]
    paths = ["vpc-endpoint-services", "vpc-endpoints", "vpc-endpoint-services/public",
             "vpc-endpoint-services/%s/connections" % service.id, "vpc-endpoint-services/%s/permissions" % service.id]
    for path in paths:
        response = signed(emulator, hwc.provider, "GET", "/v1/%s/%s" % (project, path), query={"offset": offset})
        assert response.status_code == 400, (path, response.text)
        assert response.json() in ({"error_code": "EndPoint.0010", "error_msg": "Invalid offset."},
                                   {"error": {"code": "EndPoint.0010", "message": "Invalid offset."}})
        first = signed(emulator, hwc.provider, "GET", "/v1/%s/%s" % (project, path))
        second = signed(emulator, hwc.provider, "GET", "/v1/%s/%s" % (project, path), query={"offset": "1"})
        assert (first.status_code, second.status_code) == (200, 200), path


# 3. Huawei tag limits of the current SDK models, OTC's own ---------------------------------------

def test_huawei_tags_follow_the_current_sdk_models(emulator):
    hwc, otc = accounts(emulator)
    tags = [TagList(key="k" * 128, value="v" * 255), TagList(key="app_v1.2:x=y+z-@", value="a/b:c=d+e-f@g.h"),
            TagList(key="with space", value="")] + [TagList(key="t%d" % n, value="v") for n in range(17)]
    service = hwc.create_service(tags=tags)
    assert len(hwc.service(service.id).tags) == 20
    for key, value in (("k", "a/b"), ("k.1", "v"), ("k", "a b")):
        assert api_error(otc.create_service, tags=[TagList(key=key, value=value)]).error_code == "EndPoint.3068"
    assert api_error(otc.create_service, tags=[TagList(key="k" * 37, value="v")]).error_code == "EndPoint.3072"
    assert api_error(otc.create_service, tags=[TagList(key="k", value="v" * 44)]).error_code == "EndPoint.3073"
    assert api_error(otc.create_service, tags=[TagList(key="k%d" % n, value="v")
                                               for n in range(21)]).error_code == "EndPoint.3069"


# 4. "Endpoint service does not exist" is HTTP 400 EndPoint.2003 ---------------------------------

def test_missing_service_is_400_endpoint_2003_where_a_service_is_named(emulator):
    hwc = accounts(emulator)[0]
    for call, request in (
            (hwc.client.list_service_describe_details, ListServiceDescribeDetailsRequest(id=MISSING)),
            (hwc.client.list_service_describe_details,
             ListServiceDescribeDetailsRequest(endpoint_service_name="eu-west-101.gone.%s" % MISSING)),
            (hwc.owner.list_service_connections, ListServiceConnectionsRequest(vpc_endpoint_service_id=MISSING)),
            (hwc.owner.list_service_permissions_details,
             ListServicePermissionsDetailsRequest(vpc_endpoint_service_id=MISSING))):
        error = api_error(call, request)
        assert (error.status_code, error.error_code) == (400, "EndPoint.2003"), request
    assert api_error(hwc.create_endpoint, MISSING).error_code == "EndPoint.2003"
    error = api_error(hwc.service, MISSING)  # the service's own details: the generic 404
    assert (error.status_code, error.error_code) == (404, "EndPoint.0005")


# 5. vip_port_id is create-only ----------------------------------------------------------------

def test_vip_port_id_is_taken_on_create_only_and_never_returned(emulator):
    hwc = accounts(emulator)[0]
    account = hwc.provider
    path = "/v1/%s/vpc-endpoint-services" % account["project_id"]
    created = signed(emulator, account, "POST", path, body=dict(
        vpc_id=account["vpc_id"], port_id=account["ports"]["vm"], vip_port_id=account["ports"]["vip"],
        server_type="VIP", ports=[dict(client_port=80, server_port=80, protocol="TCP")]))
    assert created.status_code == 200, created.text
    service_id = created.json()["id"]
    assert "vip_port_id" not in created.json()
    assert "vip_port_id" not in signed(emulator, account, "GET", "%s/%s" % (path, service_id)).json()
    assert "vip_port_id" not in signed(emulator, account, "GET", path).json()["endpoint_services"][0]
    update = signed(emulator, account, "PUT", "%s/%s" % (path, service_id),
                    body=dict(vip_port_id=account["ports"]["lb"]))
    assert update.status_code == 400 and update.json()["error"]["code"] == "EndPoint.3054"
    assert emulator.service(service_id)["vip_port_id"] == account["ports"]["vip"]


# 6. OTC reserves 198.19.128.0/17 and keeps descriptions to 128 characters ---------------------

def test_otc_reserves_the_whole_slash_17(emulator):
    otc = accounts(emulator)[1]
    subnet = emulator.subnets[otc.consumer["subnets"]["second"]]
    subnet["cidr"] = "198.19.200.0/24"  # inside 198.19.128.0/17, outside the older docs' /20
    error = api_error(open_endpoint, otc, subnet_id=subnet["id"])
    assert error.error_code == "EndPoint.3009" and "198.19.128.0/17" in error.error_msg


def test_otc_descriptions_are_at_most_128_characters(emulator):
    hwc, otc = accounts(emulator)
    assert api_error(otc.create_service, description="d" * 129).error_code == "EndPoint.0002"
    service = otc.create_service(description="d" * 128, approval_enabled=False)
    body = UpdateEndpointServiceRequestBody(description="e" * 129)
    error = api_error(otc.owner.update_endpoint_service,
                      UpdateEndpointServiceRequest(vpc_endpoint_service_id=service.id, body=body))
    assert error.error_code == "EndPoint.0002"
    otc.permit(service.id, "*")
    assert api_error(otc.create_endpoint, service.id, description="d" * 129).error_code == "EndPoint.0002"
    assert otc.create_endpoint(service.id, description="d" * 128).description == "d" * 128
    assert hwc.create_service(description="d" * 129).description == "d" * 129  # Huawei's limit is larger


# 7. Gateway endpoints get no DNS name ----------------------------------------------------------

@pytest.mark.parametrize("cloud", ["huaweicloud", "otc"])
def test_gateway_endpoint_reports_enable_dns_false(emulator, cloud):
    client = Cloud(emulator, cloud)
    endpoint = gateway_endpoint(client, "obs", enable_dns=True)
    assert endpoint.enable_dns is False
    details = client.endpoint(endpoint.id)
    assert details.enable_dns is False and not details.dns_names
    interface = open_endpoint(client, enable_dns=True)  # an interface endpoint keeps it
    assert client.endpoint(interface.id).enable_dns is True


# 8. Route tables of a gateway endpoint change on Huawei -----------------------------------------

def test_huawei_route_tables_of_a_gateway_endpoint_are_replaced(emulator):
    hwc = accounts(emulator)[0]
    vpc = hwc.consumer["vpc_id"]
    emulator.routetables["0e0e0e0e-0000-4000-8000-000000000001"] = dict(
        id="0e0e0e0e-0000-4000-8000-000000000001", name="extra", vpc_id=vpc)
    endpoint = gateway_endpoint(hwc, "obs")
    assert hwc.endpoint(endpoint.id).routetables == hwc.consumer["routetables"]

    def put(tables):
        return hwc.client.update_endpoint_routetable(UpdateEndpointRoutetableRequest(
            vpc_endpoint_id=endpoint.id, body=UpdateEndpointRoutetableRequestBody(routetables=tables)))
    answer = put(["0e0e0e0e-0000-4000-8000-000000000001"])
    assert answer.routetables == ["0e0e0e0e-0000-4000-8000-000000000001"]
    assert hwc.endpoint(endpoint.id).routetables == ["0e0e0e0e-0000-4000-8000-000000000001"]
    assert api_error(put, [hwc.provider["routetables"][0]]).error_code == "EndPoint.1019"  # another VPC's
    interface = open_endpoint(hwc)
    error = api_error(hwc.client.update_endpoint_routetable, UpdateEndpointRoutetableRequest(
        vpc_endpoint_id=interface.id, body=UpdateEndpointRoutetableRequestBody(routetables=[])))
    assert error.error_code == "EndPoint.0002"
