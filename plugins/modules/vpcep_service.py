#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: vpcep_service
short_description: Manage a VPC endpoint service on Huawei Cloud or Open Telekom Cloud
version_added: 1.0.0
description:
  - Creates, updates and deletes a VPC endpoint service (the provider side of a private link) for a backend
    (ECS port, shared load balancer, virtual IP) that VPC endpoints in other VPCs and accounts connect to.
  - The service is found by O(id), or by its short O(name). The API stores names as C({region}.{name}.{id}),
    does not keep them unique and filters them fuzzily, so the module matches the name exactly itself; when
    several services carry the name it fails and lists their IDs.
  - O(approval_enabled), O(name), O(ports) (replaced as a whole), O(port_id), O(tcp_proxy) and
    O(description) are changed in place with one C(PUT), on both clouds. O(tags) and O(permissions) are compared
    as sets and only the differences are added and removed.
  - O(vip_port_id) is only sent when the service is created; the API neither returns nor updates it, so it is
    not compared with an existing service.
  - O(vpc_id), O(server_type) and O(service_type) cannot change; asking for another value is an error.
  - With O(wait), an existing service still V(creating) (left by a run without O(wait)) is waited for until it
    is no longer creating, before anything is changed or deleted.
author:
  - privatelink.endpoints contributors (@privatelink-endpoints)
options:
  state:
    description:
      - V(present) creates or updates the service, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  id:
    description:
      - ID of an existing endpoint service. Required when several services share O(name).
      - One of O(id) and O(name) is required.
    type: str
  name:
    description:
      - Short name of the service (the middle of the full name C({region}.{name}.{id})), 1 to 16 letters,
        digits, C(_) or C(-).
      - Identifies the service when O(id) is not given; with O(id), it renames the service.
    type: str
  vpc_id:
    description:
      - VPC of the backend resource. Required to create; cannot change.
    type: str
  port_id:
    description:
      - Backend resource ID (ECS NIC port, shared load balancer C(vip_port_id), or the NIC of a virtual IP).
      - Required to create.
    type: str
  vip_port_id:
    description:
      - NIC ID of the virtual IP address, for O(server_type=VIP).
      - Sent only when the service is created. The API does not return it and cannot change it, so an existing
        service is neither compared with it nor changed.
    type: str
  server_type:
    description:
      - Kind of backend. V(BMS) exists on V(otc) only. Required to create; cannot change.
    type: str
    choices: [VM, VIP, LB, BMS]
  service_type:
    description:
      - Type of service. Only V(interface) services can be created by users; cannot change.
    type: str
    choices: [interface, gateway]
    default: interface
  ports:
    description:
      - Port mappings the service opens, at most 200, no client or server port used twice per protocol.
      - Required to create. Compared as a set; when different, the whole list is replaced.
    type: list
    elements: dict
    suboptions:
      client_port:
        description: Port the VPC endpoint listens on (1-65535).
        type: int
        required: true
      server_port:
        description: Port of the backend (1-65535).
        type: int
        required: true
      protocol:
        description: Protocol of the mapping.
        type: str
        choices: [TCP]
        default: TCP
  approval_enabled:
    description:
      - Whether connections from new endpoints need the owner's approval (see M(privatelink.endpoints.vpcep_connection)).
      - When not given, a new service gets the API's default (V(true)) and an existing one keeps its setting.
    type: bool
  tcp_proxy:
    description:
      - How client information (address, port, marker ID) reaches the backend. V(proxy_vni) exists on V(otc) only.
      - A new service gets the API's default (V(close)) when not given.
    type: str
    choices: [close, toa_open, proxy_open, open, proxy_vni]
  description:
    description:
      - Free text without C(<) or C(>); at most 128 characters on V(otc).
    type: str
  permissions:
    description:
      - Accounts allowed to connect. Each entry is a domain (account) ID, V(*) for everyone,
        C(iam:domain::<domain id>), or on V(huaweicloud) C(organizations:orgPath::<path>).
      - A bare domain ID is sent as C(iam:domain::<domain id>). The owner's own account is always allowed.
      - When not given, permissions are neither read nor changed.
      - Permissions of a new service can only be set once it is available, so giving them waits for that even
        with O(wait=false).
    type: list
    elements: str
  purge_permissions:
    description:
      - Remove permissions not listed in O(permissions). Has no effect when O(permissions) is not given.
    type: bool
    default: true
extends_documentation_fragment:
  - privatelink.endpoints.vpcep
  - privatelink.endpoints.vpcep.tags
  - privatelink.endpoints.wait
  - privatelink.endpoints.vpcep.wait
  - privatelink.endpoints.api
  - privatelink.endpoints.api.attributes
"""

EXAMPLES = r"""
- name: Publish a load balancer as an endpoint service that needs approval
  privatelink.endpoints.vpcep_service:
    cloud: otc
    region: eu-de
    project_id: "{{ otc_project_id }}"
    name: orders-api
    vpc_id: "{{ vpc_id }}"
    port_id: "{{ elb_vip_port_id }}"
    server_type: LB
    ports:
      - client_port: 443
        server_port: 8443
    approval_enabled: true
    permissions:
      - "{{ consumer_domain_id }}"
    tags:
      team: payments
  register: service

- name: Remove it again (AK/SK from HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK)
  privatelink.endpoints.vpcep_service:
    region: ap-southeast-1
    id: "{{ service.endpoint_service.id }}"
    state: absent
"""

RETURN = r"""
endpoint_service:
  description:
    - The service as the API returns it, with O(tags) as a dictionary, the short O(name) as RV(endpoint_service.name)
      and, when O(permissions) is managed, the permissions.
    - Empty after a delete; in check mode, what would be created.
  returned: always
  type: dict
  contains:
    id:
      description: Service ID.
      type: str
      sample: 4189d3c2-8882-4871-a3c2-d380272eed83
    service_name:
      description: Full name C({region}.{name}.{id}).
      type: str
      sample: eu-de.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
    name:
      description: Short name.
      type: str
      sample: orders-api
    status:
      description: V(creating), V(available), V(failed) or V(deleting).
      type: str
      sample: available
    vpc_id:
      description: VPC of the backend.
      type: str
    port_id:
      description: Backend resource ID.
      type: str
    server_type:
      description: Kind of backend.
      type: str
      sample: LB
    service_type:
      description: Service type.
      type: str
      sample: interface
    ports:
      description: Port mappings, sorted.
      type: list
      elements: dict
      sample: [{"client_port": 443, "server_port": 8443, "protocol": "TCP"}]
    approval_enabled:
      description: Whether connections need approval.
      type: bool
    tcp_proxy:
      description: Client information passing mode.
      type: str
      sample: close
    description:
      description: Description.
      type: str
    tags:
      description: Tags as key/value pairs.
      type: dict
      sample: {"team": "payments"}
    permissions:
      description: Allowed accounts in the API's form, sorted; only when O(permissions) is given.
      type: list
      elements: str
      sample: ["iam:domain::0f1e2d3c4b5a69788796a5b4c3d2e1f0"]
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import Lifecycle
from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep import (
    ALL_SERVER_TYPES,
    ALL_TCP_PROXY,
    GONE,
    VpcepResource,
    failure_text,
    normal_form,
    normal_ports,
    option_errors,
    resource_argument_spec,
    run_resource,
    short_name,
    vpcep_module,
)

# Options that PUT changes, by the name the API uses for them.
UPDATABLE = dict(name="service_name", port_id="port_id",
                 approval_enabled="approval_enabled", tcp_proxy="tcp_proxy", description="description")
# Sent on create only: neither the update request nor the details response carries vip_port_id
# (SDK UpdateEndpointServiceRequestBody / ListServiceDetailsResponse; OTC API reference change history
# 2023-05-25 "Deleted parameters cidr_type and vip_port_id" from "Modifying a VPC Endpoint Service").
CREATE_ONLY = ("vip_port_id",)
IMMUTABLE = ("vpc_id", "server_type", "service_type")
# What a new service has where an option is left out (and what the API leaving a field out means).
DEFAULTS = dict(approval_enabled=True, tcp_proxy="close", description="", name="")


def service_state(service):
    """The API object in normal form: short name, sorted ports, tags as a dict."""
    return dict(normal_form(service, DEFAULTS), name=short_name(service), ports=normal_ports(service.get("ports")))


class EndpointService(VpcepResource):
    kind = "endpoint service"
    collection = "vpc-endpoint-services"
    tag_type = "endpoint_service"
    result_key = "endpoint_service"
    lifecycle = Lifecycle(transitional=("creating",), ready=("available",), failed=("failed",), gone=GONE,
                          reason=failure_text)
    value_options = dict(dict.fromkeys(IMMUTABLE + tuple(UPDATABLE)), **DEFAULTS)
    immutable_options = IMMUTABLE
    required_to_create = ("vpc_id", "port_id", "server_type", "ports")
    state = staticmethod(service_state)

    def read(self):
        p = self.params
        # Settled before the permissions are read: a service being created has none yet.
        found = self.alive(self.settled(self.client.find_service(p["id"], p["name"])))
        if found and p["permissions"] is not None:
            found["permissions"] = self.client.permissions(found["id"])
        return found

    def matching(self, desired):
        """Every live own service with this short name (a create makes one by name, never by id)."""
        return [service_state(s) for s in self.client.find_services(self.params["name"])] if self.params["name"] else None

    def desired(self, current):
        p = self.params
        if p["state"] == "absent":
            return None
        want = self.requested(current)
        want.update({name: p[name] for name in CREATE_ONLY if current is None and p[name] is not None})
        if p["ports"] is not None:
            want["ports"] = normal_ports(p["ports"])
        return dict(want, **self.wanted_sets(current))

    def comparable(self, state):
        keys = IMMUTABLE + tuple(UPDATABLE) + ("ports", "tags") + (("permissions",) if "permissions" in state else ())
        return {key: state.get(key) for key in keys}

    def create(self, desired):
        body = {api: desired[option] for option, api in UPDATABLE.items() if desired.get(option) not in (None, "")}
        body.update({name: desired[name] for name in CREATE_ONLY if desired.get(name)})
        return self.post(dict(body, ports=desired["ports"], **{name: desired[name] for name in IMMUTABLE}), desired)

    def update(self, current, desired):
        body = {api: desired.get(option) for option, api in UPDATABLE.items()
                if desired.get(option) != current.get(option)}
        if desired["ports"] != current["ports"]:
            body["ports"] = desired["ports"]
        return self.finish_update(current, desired, self.put(current, body) if body else None)


def main():
    spec = resource_argument_spec(
        name=dict(type="str"),
        vpc_id=dict(type="str"),
        port_id=dict(type="str"),
        vip_port_id=dict(type="str"),
        server_type=dict(type="str", choices=list(ALL_SERVER_TYPES)),
        service_type=dict(type="str", default="interface", choices=["interface", "gateway"]),
        ports=dict(type="list", elements="dict", options=dict(
            client_port=dict(type="int", required=True),
            server_port=dict(type="int", required=True),
            protocol=dict(type="str", default="TCP", choices=["TCP"]),
        )),
        approval_enabled=dict(type="bool"),
        tcp_proxy=dict(type="str", choices=list(ALL_TCP_PROXY)),
        description=dict(type="str"),
        permissions=dict(type="list", elements="str"),
        purge_permissions=dict(type="bool", default=True),
    )
    run_resource(EndpointService, vpcep_module(spec, validate=option_errors, required_one_of=[("id", "name")]))


if __name__ == "__main__":
    main()
