# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The VPCEP emulator driven by the official ``huaweicloudsdkvpcep`` client (AK/SK):
full lifecycles, approvals, permissions, tags, paging, per-cloud rules and the
documented error codes as the SDK surfaces them."""

from __future__ import annotations

import time

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkvpcep.v1 import (
    AcceptOrRejectEndpointRequest,
    AcceptOrRejectEndpointRequestBody,
    AddOrRemoveServicePermissionsRequest,
    AddOrRemoveServicePermissionsRequestBody,
    BatchAddOrRemoveResourceInstanceRequest,
    BatchAddOrRemoveResourceInstanceRequestBody,
    CreateEndpointRequest,
    CreateEndpointRequestBody,
    CreateEndpointServiceRequest,
    CreateEndpointServiceRequestBody,
    DeleteEndpointRequest,
    DeleteEndpointServiceRequest,
    ListEndpointInfoDetailsRequest,
    ListEndpointServiceRequest,
    ListEndpointsRequest,
    ListQuotaDetailsRequest,
    ListServiceConnectionsRequest,
    ListServiceDescribeDetailsRequest,
    ListServiceDetailsRequest,
    ListServicePermissionsDetailsRequest,
    ListServicePublicDetailsRequest,
    PortList,
    ResourceTag,
    TagList,
    UpdateEndpointServiceRequest,
    UpdateEndpointServiceRequestBody,
    UpdateEndpointWhiteRequest,
    UpdateEndpointWhiteRequestBody,
    VpcepClient,
)


def sdk(emulator, account):
    credentials = BasicCredentials(account["ak"], account["sk"], account["project_id"])
    return VpcepClient.new_builder().with_credentials(credentials).with_endpoint(emulator.url).build()


class Cloud:
    """The provider and consumer accounts of one cloud, each with an SDK client."""

    def __init__(self, emulator, cloud):
        self.emulator = emulator
        self.provider = emulator.account("provider", cloud)
        self.consumer = emulator.account("consumer", cloud)
        self.owner = sdk(emulator, self.provider)
        self.client = sdk(emulator, self.consumer)

    def create_service(self, client=None, account=None, **fields):
        account = account or self.provider
        body = dict(port_id=account["port_id"], vpc_id=account["vpc_id"], server_type="LB",
                    ports=[PortList(client_port=443, server_port=8443, protocol="TCP")])
        body.update(fields)
        request = CreateEndpointServiceRequest(body=CreateEndpointServiceRequestBody(**body))
        return (client or self.owner).create_endpoint_service(request)

    def create_endpoint(self, service_id, client=None, account=None, **fields):
        account = account or self.consumer
        body = dict(endpoint_service_id=service_id, vpc_id=account["vpc_id"], subnet_id=account["subnet_id"])
        body.update(fields)
        return (client or self.client).create_endpoint(CreateEndpointRequest(body=CreateEndpointRequestBody(**body)))

    def permit(self, service_id, *domain_ids, action="add"):
        """Allow (or stop allowing) domains by id; ``*`` is everyone."""
        body = AddOrRemoveServicePermissionsRequestBody(
            permissions=[d if d == "*" else "iam:domain::%s" % d for d in domain_ids], action=action)
        return self.owner.add_or_remove_service_permissions(
            AddOrRemoveServicePermissionsRequest(vpc_endpoint_service_id=service_id, body=body))

    def connection(self, service_id, endpoint_id, action):
        body = AcceptOrRejectEndpointRequestBody(action=action, endpoints=[endpoint_id])
        return self.owner.accept_or_reject_endpoint(
            AcceptOrRejectEndpointRequest(vpc_endpoint_service_id=service_id, body=body))

    def tag(self, service_id, action, *pairs):
        body = BatchAddOrRemoveResourceInstanceRequestBody(
            action=action, tags=[ResourceTag(key=key, value=value) for key, value in pairs])
        self.owner.batch_add_or_remove_resource_instance(BatchAddOrRemoveResourceInstanceRequest(
            resource_type="endpoint_service", resource_id=service_id, body=body))

    def service(self, service_id):
        return self.owner.list_service_details(ListServiceDetailsRequest(vpc_endpoint_service_id=service_id))

    def endpoint(self, endpoint_id):
        return self.client.list_endpoint_info_details(ListEndpointInfoDetailsRequest(vpc_endpoint_id=endpoint_id))


@pytest.fixture
def hwc(emulator):
    return Cloud(emulator, "huaweicloud")


@pytest.fixture
def otc(emulator):
    return Cloud(emulator, "otc")


def api_error(call, *args, **kwargs):
    with pytest.raises(ClientRequestException) as caught:
        call(*args, **kwargs)
    return caught.value


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in %ss" % timeout
        time.sleep(0.02)


def test_service_lifecycle_create_update_list_delete(emulator, hwc):
    emulator.configure(service_delay=0.2, delete_delay=0.2)
    created = hwc.create_service(service_name="orders", approval_enabled=False,
                                 tags=[TagList(key="team", value="db")], description="orders API")
    assert created.status == "creating"
    assert created.service_name == "eu-west-101.orders.%s" % created.id
    assert created.approval_enabled is False and created.tcp_proxy == "close"
    assert [t.to_dict() for t in created.tags] == [{"key": "team", "value": "db"}]
    wait_until(lambda: hwc.service(created.id).status == "available")

    ports = [PortList(client_port=5432, server_port=5432, protocol="TCP"),
             PortList(client_port=6432, server_port=6432)]
    body = UpdateEndpointServiceRequestBody(ports=ports, service_name="orders2", approval_enabled=True)
    updated = hwc.owner.update_endpoint_service(
        UpdateEndpointServiceRequest(vpc_endpoint_service_id=created.id, body=body))
    assert [(p.client_port, p.server_port, p.protocol) for p in updated.ports] == \
        [(5432, 5432, "TCP"), (6432, 6432, "TCP")]  # replaced whole, protocol defaulted
    assert updated.service_name == "eu-west-101.orders2.%s" % created.id and updated.approval_enabled

    hwc.create_service(service_name="orders-b", ports=[PortList(client_port=1, server_port=1)])
    hwc.create_service(service_name="billing", ports=[PortList(client_port=2, server_port=2)])
    listed = hwc.owner.list_endpoint_service(ListEndpointServiceRequest(endpoint_service_name="ORDERS"))
    assert listed.total_count == 2  # fuzzy and case-blind: orders2 and orders-b
    assert sorted(s.service_name.split(".")[1] for s in listed.endpoint_services) == ["orders-b", "orders2"]
    by_id = hwc.owner.list_endpoint_service(ListEndpointServiceRequest(id=created.id))
    assert [s.id for s in by_id.endpoint_services] == [created.id]

    hwc.owner.delete_endpoint_service(DeleteEndpointServiceRequest(vpc_endpoint_service_id=created.id))
    assert hwc.service(created.id).status == "deleting"
    wait_until(lambda: emulator.service(created.id) is None)
    error = api_error(hwc.service, created.id)
    assert (error.status_code, error.error_code) == (404, "EndPoint.0005")


def test_approval_flow_across_accounts(emulator, hwc):
    service = hwc.create_service(service_name="shared")
    assert service.approval_enabled is True  # the API's default
    error = api_error(hwc.create_endpoint, service.id)
    assert (error.status_code, error.error_code) == (400, "EndPoint.2012")  # not permitted yet

    permitted = hwc.permit(service.id, hwc.consumer["domain_id"])
    assert permitted.permissions == ["iam:domain::%s" % hwc.consumer["domain_id"]]
    endpoint = hwc.create_endpoint(service.id, enable_dns=True, whitelist=["10.0.0.0/8"], enable_whitelist=True)
    assert endpoint.status == "creating" and endpoint.endpoint_service_name == service.service_name
    current = hwc.endpoint(endpoint.id)
    assert current.status == "pendingAcceptance" and current.ip is None and not current.dns_names

    connections = hwc.owner.list_service_connections(ListServiceConnectionsRequest(vpc_endpoint_service_id=service.id))
    assert connections.total_count == 1
    assert connections.connections[0].domain_id == hwc.consumer["domain_id"]
    assert connections.connections[0].marker_id == current.marker_id

    body = AcceptOrRejectEndpointRequestBody(action="receive", endpoints=[endpoint.id, endpoint.id])
    error = api_error(hwc.owner.accept_or_reject_endpoint,
                      AcceptOrRejectEndpointRequest(vpc_endpoint_service_id=service.id, body=body))
    assert error.error_code == "EndPoint.2031"  # one endpoint per action
    hwc.connection(service.id, endpoint.id, "receive")
    accepted = hwc.endpoint(endpoint.id)
    assert accepted.status == "accepted" and accepted.ip.startswith("172.")
    assert accepted.dns_names == ["%s.vpcep.eu-west-101.myhuaweicloud.com" % endpoint.id]
    assert api_error(hwc.connection, service.id, endpoint.id, "receive").error_code == "EndPoint.2014"

    white = hwc.client.update_endpoint_white(UpdateEndpointWhiteRequest(
        vpc_endpoint_id=endpoint.id, body=UpdateEndpointWhiteRequestBody(whitelist=[], enable_whitelist=False)))
    assert white.whitelist == [] and white.enable_whitelist is False

    error = api_error(hwc.owner.delete_endpoint_service, DeleteEndpointServiceRequest(vpc_endpoint_service_id=service.id))
    assert error.error_code == "EndPoint.3006"  # still in use
    hwc.connection(service.id, endpoint.id, "reject")
    assert hwc.endpoint(endpoint.id).status == "rejected"
    hwc.client.delete_endpoint(DeleteEndpointRequest(vpc_endpoint_id=endpoint.id))
    error = api_error(hwc.endpoint, endpoint.id)
    assert (error.status_code, error.error_code) == (404, "EndPoint.2008")
    assert api_error(hwc.endpoint, "0" * 8 + "-0000-0000-0000-" + "0" * 12).error_code == "EndPoint.2006"


def test_connection_changes_land_after_the_delay(emulator, hwc):
    service = hwc.create_service()
    endpoint = hwc.create_endpoint(service.id, client=hwc.owner, account=hwc.provider)  # the owner's own
    emulator.configure(connection_delay=0.3)
    answer = hwc.connection(service.id, endpoint.id, "receive")
    assert answer.connections[0].status == "pendingAcceptance"
    assert hwc.owner.list_endpoint_info_details(
        ListEndpointInfoDetailsRequest(vpc_endpoint_id=endpoint.id)).status == "pendingAcceptance"
    wait_until(lambda: emulator.endpoint(endpoint.id)["status"] == "accepted")


def test_without_approval_endpoints_are_accepted_and_owner_auto_accept_setting(emulator, hwc):
    open_service = hwc.create_service(approval_enabled=False)
    hwc.permit(open_service.id, hwc.consumer["domain_id"])
    assert hwc.endpoint(hwc.create_endpoint(open_service.id).id).status == "accepted"

    emulator.configure(owner_auto_accept=True)
    guarded = hwc.create_service(ports=[PortList(client_port=1, server_port=1)])
    own = hwc.create_endpoint(guarded.id, client=hwc.owner, account=hwc.provider)
    assert emulator.endpoint(own.id)["status"] == "accepted"


def test_failures_are_reported_on_the_resource(emulator, hwc):
    failed = hwc.create_service(port_id=hwc.provider["ports"]["broken"])
    details = hwc.service(failed.id)
    assert details.status == "failed" and details.error[0].code == "EndPoint.3008"

    service = hwc.create_service(approval_enabled=False)
    hwc.permit(service.id, "*")
    endpoint = hwc.create_endpoint(service.id, subnet_id=hwc.consumer["subnets"]["broken"])
    broken = hwc.endpoint(endpoint.id)
    assert broken.status == "failed" and broken.error[0].error_code == "EndPoint.2022"
    assert api_error(hwc.connection, service.id, endpoint.id, "receive").error_code == "EndPoint.3045"


def test_paging_over_more_than_a_thousand_services(emulator, hwc):
    project = hwc.provider["project_id"]
    emulator.seed({"endpoint_services": [dict(project_id=project, service_name="bulk%d" % n) for n in range(1100)]})
    first = hwc.owner.list_endpoint_service(ListEndpointServiceRequest(limit=1000))
    second = hwc.owner.list_endpoint_service(ListEndpointServiceRequest(limit=1000, offset=1000))
    assert (first.total_count, second.total_count) == (1100, 1100)  # total ignores paging
    assert (len(first.endpoint_services), len(second.endpoint_services)) == (1000, 100)
    names = [s.service_name.split(".")[1] for s in first.endpoint_services + second.endpoint_services]
    assert len(set(names)) == 1100 and names[0] == "bulk1099"  # newest first by default
    oldest = hwc.owner.list_endpoint_service(ListEndpointServiceRequest(limit=1, sort_dir="asc"))
    assert oldest.endpoint_services[0].service_name.split(".")[1] == "bulk0"
    assert len(hwc.owner.list_endpoint_service(ListEndpointServiceRequest()).endpoint_services) == 10
    past = hwc.owner.list_endpoint_service(ListEndpointServiceRequest(offset=1100))
    assert past.endpoint_services == [] and past.total_count == 1100
    for request, code in ((ListEndpointServiceRequest(limit=1001), "EndPoint.0006"),
                          (ListEndpointServiceRequest(sort_key="name"), "EndPoint.0017"),
                          (ListEndpointServiceRequest(sort_dir="up"), "EndPoint.0018"),
                          (ListEndpointServiceRequest(status="gone"), "EndPoint.0019")):
        assert api_error(hwc.owner.list_endpoint_service, request).error_code == code


def test_endpoint_list_filters(emulator, hwc):
    alpha = hwc.create_service(service_name="alpha", approval_enabled=False)
    beta = hwc.create_service(service_name="beta", approval_enabled=False, ports=[PortList(client_port=1, server_port=1)])
    for service in (alpha, beta):
        hwc.permit(service.id, hwc.consumer["domain_id"])
        hwc.create_endpoint(service.id)
    listed = hwc.client.list_endpoints(ListEndpointsRequest(endpoint_service_name="ALP"))
    assert listed.total_count == 1 and listed.endpoints[0].endpoint_service_id == alpha.id
    assert hwc.client.list_endpoints(ListEndpointsRequest(vpc_id=hwc.consumer["vpc_id"])).total_count == 2
    assert hwc.client.list_endpoints(ListEndpointsRequest(vpc_id=hwc.provider["vpc_id"])).total_count == 0
    assert hwc.owner.list_endpoints(ListEndpointsRequest()).total_count == 0  # only the caller's own


SERVICE_ERRORS = [
    (dict(server_type="BMS"), "EndPoint.3021"),  # OTC only
    (dict(tcp_proxy="proxy_vni"), "EndPoint.0002"),  # OTC only
    (dict(service_type="gateway"), "EndPoint.0004"),
    (dict(service_name="a-name-longer-than-16"), "EndPoint.3076"),
    (dict(service_name="bad name"), "EndPoint.3076"),
    (dict(description="<b>"), "EndPoint.0002"),
    (dict(ports=[]), "EndPoint.2028"),
    (dict(ports=[PortList(client_port=0, server_port=80)]), "EndPoint.3004"),
    (dict(ports=[PortList(client_port=80, server_port=65536)]), "EndPoint.3004"),
    (dict(ports=[PortList(client_port=80, server_port=80, protocol="UDP")]), "EndPoint.3075"),
    (dict(ports=[PortList(client_port=80, server_port=80), PortList(client_port=80, server_port=81)]), "EndPoint.3044"),
    (dict(ports=[PortList(client_port=80, server_port=80), PortList(client_port=81, server_port=80)]), "EndPoint.3044"),
    (dict(ports=[PortList(client_port=n, server_port=n) for n in range(1, 202)]), "EndPoint.3074"),
    (dict(vpc_id="4189d3c2-8882-4871-a3c2-d380272eed80"), "EndPoint.2001"),
    (dict(port_id="4189d3c2-8882-4871-a3c2-d380272eed88"), "EndPoint.3008"),
    (dict(tags=[TagList(key="k%d" % n, value="v") for n in range(21)]), "EndPoint.3069"),
    (dict(tags=[TagList(key="k" * 129, value="v")]), "EndPoint.3072"),
    (dict(tags=[TagList(key="k", value="v" * 256)]), "EndPoint.3073"),
    (dict(tags=[TagList(key="a*b", value="v")]), "EndPoint.3068"),
    (dict(tags=[TagList(key="a/b", value="v")]), "EndPoint.3068"),
    (dict(tags=[TagList(key="k", value="a|b")]), "EndPoint.3068"),
    (dict(tags=[TagList(key="_sys_enterprise", value="v")]), "EndPoint.3068"),
    (dict(tags=[TagList(key=" k", value="v")]), "EndPoint.3068"),
    (dict(description="d" * 513), "EndPoint.0002"),
    (dict(tags=[TagList(key="k", value="v"), TagList(key="k", value="w")]), "EndPoint.3067"),
    (dict(tags=[TagList(key="", value="v")]), "EndPoint.3066"),
]


@pytest.mark.parametrize("fields, code", SERVICE_ERRORS)
def test_service_create_validation(emulator, hwc, fields, code):
    error = api_error(hwc.create_service, **fields)
    assert error.error_code == code, error.error_msg
    assert emulator.services == {k: v for k, v in emulator.services.items() if v["_project"] is None}


def test_ports_clash_with_another_service_on_the_same_backend(emulator, hwc):
    hwc.create_service(ports=[PortList(client_port=443, server_port=8443)])
    error = api_error(hwc.create_service, ports=[PortList(client_port=444, server_port=8443)])
    assert error.error_code == "EndPoint.3044"
    hwc.create_service(port_id=hwc.provider["ports"]["vm"], ports=[PortList(client_port=444, server_port=8443)])


def test_reserved_cidr_and_network_membership(emulator, hwc):
    reserved_vpc = hwc.provider["reserved_vpc_id"]
    error = api_error(hwc.create_service, vpc_id=reserved_vpc, port_id=emulator.account()["ports"]["lb"])
    assert error.error_code == "EndPoint.3042"  # the port is in another VPC
    reserved_port = next(p["id"] for p in emulator.ports.values() if p["vpc_id"] == reserved_vpc)
    assert api_error(hwc.create_service, vpc_id=reserved_vpc, port_id=reserved_port).error_code == "EndPoint.3009"

    service = hwc.create_service(approval_enabled=False)
    hwc.permit(service.id, "*")
    for fields, code in ((dict(subnet_id=None), "EndPoint.2010"),
                         (dict(subnet_id=hwc.provider["subnet_id"]), "EndPoint.2037"),
                         (dict(port_ip="10.9.9.9"), "EndPoint.3010"),
                         (dict(whitelist=["not-an-ip"]), "EndPoint.3010"),
                         (dict(enable_dns="yes"), "EndPoint.2033"),
                         (dict(routetables=hwc.consumer["routetables"]), "EndPoint.0002"),
                         (dict(endpoint_service_id="4189d3c2-8882-4871-a3c2-d380272eed83"), "EndPoint.2003")):
        error = api_error(hwc.create_endpoint, service.id, **fields)
        assert error.error_code == code, (fields, error.error_msg)
    consumer_reserved = hwc.consumer["reserved_vpc_id"]
    subnet = next(s["id"] for s in emulator.subnets.values() if s["vpc_id"] == consumer_reserved)
    error = api_error(hwc.create_endpoint, service.id, vpc_id=consumer_reserved, subnet_id=subnet)
    assert error.error_code == "EndPoint.3009"
    fixed = hwc.create_endpoint(service.id, port_ip="172.17.1.50")
    assert hwc.endpoint(fixed.id).ip == "172.17.1.50"


def test_otc_rules(emulator, otc):
    service = otc.create_service(server_type="BMS", tcp_proxy="proxy_vni", approval_enabled=False,
                                 tags=[TagList(key="k%d" % n, value="v@1") for n in range(20)])
    assert otc.service(service.id).server_type == "BMS"
    assert service.service_name.startswith("eu-de.")
    assert api_error(otc.create_service, tags=[TagList(key="with space", value="v")]).error_code == "EndPoint.3068"
    assert api_error(otc.create_service, tags=[TagList(key="k.1", value="v")]).error_code == "EndPoint.3068"
    body = AddOrRemoveServicePermissionsRequestBody(permissions=["organizations:orgPath::o-1/r-2"], action="add",
                                                    permission_type="orgPath")
    error = api_error(otc.owner.add_or_remove_service_permissions,
                      AddOrRemoveServicePermissionsRequest(vpc_endpoint_service_id=service.id, body=body))
    assert error.error_code == "EndPoint.0002"  # OTC has no organization paths


def test_permissions_list_add_remove(emulator, hwc):
    service = hwc.create_service()
    consumer = hwc.consumer["domain_id"]
    hwc.permit(service.id, consumer, "0" * 32)
    hwc.permit(service.id, consumer)  # adding again changes nothing
    listed = hwc.owner.list_service_permissions_details(
        ListServicePermissionsDetailsRequest(vpc_endpoint_service_id=service.id))
    assert listed.total_count == 2 and {p.permission_type for p in listed.permissions} == {"domainId"}
    assert hwc.permit(service.id, "0" * 32, action="remove").permissions == ["iam:domain::%s" % consumer]
    for permissions, code in ((["iam:domain::nothex"], "EndPoint.3002"), ([], "EndPoint.3036")):
        body = AddOrRemoveServicePermissionsRequestBody(permissions=permissions, action="add")
        error = api_error(hwc.owner.add_or_remove_service_permissions,
                          AddOrRemoveServicePermissionsRequest(vpc_endpoint_service_id=service.id, body=body))
        assert error.error_code == code
    error = api_error(hwc.owner.list_service_permissions_details,
                      ListServicePermissionsDetailsRequest(vpc_endpoint_service_id=service.id, limit=501))
    assert error.error_code == "EndPoint.0006"


def test_org_path_permission_on_huaweicloud(emulator, hwc):
    emulator.domains[hwc.consumer["domain_id"]]["org_path"] = "o-abc/r-root/ou-team"
    service = hwc.create_service(approval_enabled=False)
    body = AddOrRemoveServicePermissionsRequestBody(permissions=["organizations:orgPath::o-abc/r-root"],
                                                    action="add", permission_type="orgPath")
    hwc.owner.add_or_remove_service_permissions(
        AddOrRemoveServicePermissionsRequest(vpc_endpoint_service_id=service.id, body=body))
    assert hwc.endpoint(hwc.create_endpoint(service.id).id).status == "accepted"


def test_tags_action_quotas_describe_and_public(emulator, hwc):
    service = hwc.create_service(service_name="tagged", tags=[TagList(key="a", value="1")])
    hwc.tag(service.id, "create", ("a", "2"), ("b", ""))
    assert sorted((t.key, t.value) for t in hwc.service(service.id).tags) == [("a", "2"), ("b", "")]
    hwc.tag(service.id, "delete", ("a", "1"), ("b", None))
    assert [(t.key, t.value) for t in hwc.service(service.id).tags] == [("a", "2")]  # value did not match

    quotas = hwc.owner.list_quota_details(ListQuotaDetailsRequest(type="endpoint_service")).quotas.resources
    assert [(q.type, q.used, q.quota) for q in quotas] == [("endpoint_service", 1, 20)]
    emulator.projects[hwc.provider["project_id"]]["quotas"]["endpoint_service"] = 1
    assert api_error(hwc.create_service, ports=[PortList(client_port=1, server_port=1)]).error_code == "Endpoint.1018"

    described = hwc.client.list_service_describe_details(
        ListServiceDescribeDetailsRequest(endpoint_service_name=service.service_name))
    assert described.id == service.id  # another account can find the id by name
    public = hwc.client.list_service_public_details(ListServicePublicDetailsRequest())
    assert public.total_count == 2 and {s.service_type for s in public.endpoint_services} == {"gateway", "interface"}
    gateway = next(s for s in public.endpoint_services if s.service_type == "gateway")
    endpoint = hwc.create_endpoint(gateway.id, subnet_id=None)
    details = hwc.endpoint(endpoint.id)
    assert details.status == "accepted" and details.routetables == hwc.consumer["routetables"] and details.ip is None


def test_state_guards(emulator, hwc):
    emulator.configure(service_delay=5, endpoint_delay=5)
    creating = hwc.create_service()
    body = UpdateEndpointServiceRequestBody(description="too early")
    error = api_error(hwc.owner.update_endpoint_service,
                      UpdateEndpointServiceRequest(vpc_endpoint_service_id=creating.id, body=body))
    assert error.error_code == "EndPoint.3045"
    error = api_error(hwc.create_endpoint, creating.id)
    assert error.error_code == "EndPoint.2004"  # not available yet
    emulator.configure(service_delay=0)
    ready = hwc.create_service(ports=[PortList(client_port=1, server_port=1)], approval_enabled=False)
    hwc.permit(ready.id, "*")
    endpoint = hwc.create_endpoint(ready.id)
    error = api_error(hwc.client.delete_endpoint, DeleteEndpointRequest(vpc_endpoint_id=endpoint.id))
    assert error.error_code == "EndPoint.2019"  # still being created
