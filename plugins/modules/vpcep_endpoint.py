#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: vpcep_endpoint
short_description: Manage a VPC endpoint on Huawei Cloud or Open Telekom Cloud
version_added: 1.0.0
description:
  - Creates, updates and deletes a VPC endpoint (the consumer side of a private link) that connects a VPC
    to a VPC endpoint service, possibly of another account.
  - Endpoints have no name. An existing one is found by O(id), or else by its service, O(vpc_id) and
    O(subnet_id) among the endpoints of the VPC that are not being deleted.
  - What can change once the endpoint exists depends on the cloud. On V(huaweicloud), O(whitelist),
    O(enable_whitelist), O(routetables) and O(tags) are changed in place. On V(otc), whose API has no endpoint
    update call, only O(tags) can change. Asking for another value of any other option is an error that
    names the option, raised before anything is changed; delete the endpoint and create it anew instead.
  - Creating is asynchronous. With O(wait), the module waits until the endpoint is V(accepted), or, with
    O(wait_status=pendingAcceptance), until it waits for the service owner's approval
    (see M(privatelink.endpoints.vpcep_connection)). With O(wait), an existing endpoint still V(creating) (left
    by a run without O(wait)) is waited for until it is no longer creating, before anything is changed or deleted.
author:
  - privatelink.endpoints contributors (@privatelink-endpoints)
options:
  state:
    description:
      - V(present) creates or updates the endpoint, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  id:
    description:
      - ID of an existing endpoint.
    type: str
  endpoint_service_id:
    description:
      - ID of the endpoint service to connect to.
      - Without O(id), one of O(endpoint_service_id) and O(endpoint_service_name) is required.
    type: str
  endpoint_service_name:
    description:
      - Name of the endpoint service instead of its ID. A full name (C({region}.{name}.{id}), as the service
        owner publishes it) is resolved across accounts; a short name is looked up among the project's own services.
    type: str
  vpc_id:
    description:
      - VPC the endpoint is created in. Required unless O(id) is given.
    type: str
  subnet_id:
    description:
      - Subnet of O(vpc_id) for the endpoint's address. Required by the API for interface services.
      - Must not overlap 198.19.128.0/17, which both clouds reserve.
    type: str
  port_ip:
    description:
      - IPv4 address the endpoint gets in O(subnet_id) (interface services only). Chosen by the API when not given.
    type: str
  enable_dns:
    description:
      - Create a private domain name for the endpoint. A new endpoint gets the API's default (V(false)) when not given.
      - Cannot change once the endpoint exists.
      - Gateway endpoints get no domain name whatever this says, and the API may report V(false) for one created
        with V(true); for an existing gateway endpoint this option is therefore not compared.
    type: bool
  whitelist:
    description:
      - IPv4 addresses or CIDR blocks allowed to use the endpoint (interface services only).
      - Compared as a set; V([]) clears it.
      - Changed in place on V(huaweicloud); fixed at creation on V(otc).
    type: list
    elements: str
  enable_whitelist:
    description:
      - Whether O(whitelist) is enforced.
      - Changed in place on V(huaweicloud); fixed at creation on V(otc).
    type: bool
  routetables:
    description:
      - Route table IDs (gateway services only). The VPC's default route table when not given.
      - Compared as a set. Changed in place on V(huaweicloud) (C(PUT /v1/{project_id}/vpc-endpoints/{id}/routetables));
        fixed at creation on V(otc).
    type: list
    elements: str
  description:
    description:
      - Free text without C(<) or C(>); at most 128 characters on V(otc).
      - Cannot change once the endpoint exists.
    type: str
  wait_status:
    description:
      - What O(wait) waits for after a create. V(pendingAcceptance) also ends on V(accepted).
      - A V(rejected) or V(failed) endpoint ends the wait with an error.
    type: str
    choices: [accepted, pendingAcceptance]
    default: accepted
extends_documentation_fragment:
  - privatelink.endpoints.vpcep
  - privatelink.endpoints.vpcep.tags
  - privatelink.endpoints.wait
  - privatelink.endpoints.vpcep.wait
  - privatelink.endpoints.api
  - privatelink.endpoints.api.attributes
"""

EXAMPLES = r"""
- name: Connect the app VPC to a partner's service; the partner approves later
  privatelink.endpoints.vpcep_endpoint:
    cloud: otc
    region: eu-de
    project_id: "{{ otc_project_id }}"
    endpoint_service_name: eu-de.orders-api.4189d3c2-8882-4871-a3c2-d380272eed83
    vpc_id: "{{ vpc_id }}"
    subnet_id: "{{ subnet_id }}"
    enable_dns: true
    whitelist: [10.0.1.0/24]
    enable_whitelist: true
    wait_status: pendingAcceptance
    tags:
      app: shop
  register: endpoint

- name: Delete it
  privatelink.endpoints.vpcep_endpoint:
    cloud: otc
    region: eu-de
    project_id: "{{ otc_project_id }}"
    id: "{{ endpoint.endpoint.id }}"
    state: absent
"""

RETURN = r"""
endpoint:
  description:
    - The endpoint as the API returns it, with O(tags) as a dictionary. Empty after a delete;
      in check mode, what would be created.
  returned: always
  type: dict
  contains:
    id:
      description: Endpoint ID.
      type: str
      sample: 4189d3c2-8882-4871-a3c2-d380272eed83
    status:
      description: V(creating), V(pendingAcceptance), V(accepted), V(rejected), V(failed) or V(deleting).
      type: str
      sample: accepted
    marker_id:
      description: Packet ID the service owner sees for this endpoint's connection.
      type: int
    endpoint_service_id:
      description: ID of the endpoint service.
      type: str
    endpoint_service_name:
      description: Full name of the endpoint service.
      type: str
    vpc_id:
      description: VPC of the endpoint.
      type: str
    subnet_id:
      description: Subnet of the endpoint.
      type: str
    ip:
      description: Address of the endpoint; present once it is accepted.
      type: str
      sample: 192.168.0.232
    dns_names:
      description: Private domain names, with O(enable_dns).
      type: list
      elements: str
    whitelist:
      description: Allowed addresses and CIDR blocks, sorted.
      type: list
      elements: str
    enable_whitelist:
      description: Whether the whitelist is enforced.
      type: bool
    routetables:
      description: Route table IDs of a gateway endpoint, sorted.
      type: list
      elements: str
    tags:
      description: Tags as key/value pairs.
      type: dict
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import Lifecycle, only
from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep import (
    GONE,
    RULES,
    VpcepResource,
    failure_text,
    option_errors,
    resource_argument_spec,
    run_resource,
    normal_form,
    vpcep_module,
)

# Options fixed at creation; port_ip is the endpoint's ``ip`` once it has one.
IMMUTABLE = dict(endpoint_service_id="endpoint_service_id", vpc_id="vpc_id", subnet_id="subnet_id",
                 enable_dns="enable_dns", description="description", port_ip="ip")
# Changed in place on huaweicloud (PUT vpc-endpoints/{id}, PUT vpc-endpoints/{id}/routetables: SDK
# UpdateEndpointWhiteRequestBody, UpdateEndpointRoutetableRequestBody); fixed on otc, whose API reference
# has no endpoint update call.
UPDATABLE = ("whitelist", "enable_whitelist", "routetables")
OTC_IMMUTABLE = {name: name for name in UPDATABLE}
CREATE_OPTIONS = ("vpc_id", "subnet_id", "port_ip", "enable_dns", "whitelist", "enable_whitelist",
                  "routetables", "description")
# What a new endpoint has where an option is left out (and what the API leaving a field out means).
NEW = dict(subnet_id=None, enable_dns=False, description="", whitelist=[], enable_whitelist=False)
LISTS = ("whitelist", "routetables")
# By wait_status: where a create ends.
LIFECYCLES = {wanted: Lifecycle(transitional=("creating",), ready=("accepted", wanted), failed=("failed", "rejected"),
                                gone=GONE, reason=failure_text) for wanted in ("accepted", "pendingAcceptance")}


def endpoint_state(endpoint):
    """Tags as a dict, lists sorted, defaults for what the API leaves out; only gateways have route tables."""
    return normal_form(endpoint, NEW, LISTS)


def is_gateway(state):
    return (state or {}).get("service_type") == "gateway"


def routetable_failures(answer):
    """What a route table update answers it could not do (SDK UpdateEndpointRoutetableResponse.error)."""
    return "; ".join("%s %s: %s" % (verb, item.get("id"), item.get("error_message"))
                     for entry in answer.get("error") or []
                     for action, verb in (("bind_failed", "bind"), ("unbind_failed", "unbind"))
                     for item in entry.get(action) or [])


class Endpoint(VpcepResource):
    kind = "VPC endpoint"
    collection = "vpc-endpoints"
    tag_type = "endpoint"
    result_key = "endpoint"
    value_options = NEW
    list_options = LISTS
    # port_ip is not compared: the API picks the address when none is given.
    compared = tuple(name for name in IMMUTABLE if name != "port_ip") + UPDATABLE + ("tags",)

    @property
    def lifecycle(self):
        return LIFECYCLES[self.params["wait_status"]]

    @property
    def immutable_options(self):
        return IMMUTABLE if RULES[self.params["cloud"]]["endpoint_updates"] else dict(IMMUTABLE, **OTC_IMMUTABLE)

    def immutable_reason(self, option):
        return "%s has no endpoint update call" % self.params["cloud"] if option in UPDATABLE else "it is fixed at creation"

    def read(self):
        p = self.params
        # With an id the service only serves to check that it did not change: deleting by id needs no lookup.
        self.service_id = None if p["id"] and p["state"] == "absent" else self.service_for()
        if self.service_id is None and not p["id"]:
            return None  # state=absent of an endpoint of a service that does not exist
        if p["id"]:
            return self.alive(self.client.get(self.collection, p["id"]))
        # The API lists by VPC and cannot filter by service id.
        return only(self.matching(None), "VPC endpoints connect VPC %s to service %s" % (p["vpc_id"], self.service_id),
                    "give subnet_id or the id")

    def matching(self, desired):
        """Every live endpoint of (service, VPC, subnet)."""
        p = self.params
        return [self.state(e) for e in self.client.list_all("endpoints", self.collection, vpc_id=p["vpc_id"])
                if e.get("endpoint_service_id") == self.service_id and e.get("vpc_id") == p["vpc_id"]
                and (p["subnet_id"] is None or e.get("subnet_id") == p["subnet_id"])
                and e.get("status") not in GONE]

    def desired(self, current):
        p = self.params
        if p["state"] == "absent":
            return None
        wanted = {name: sorted(p[name]) if name in LISTS else p[name] for name in CREATE_OPTIONS if p[name] is not None}
        if self.service_id:
            wanted["endpoint_service_id"] = self.service_id
        if is_gateway(current):
            # No domain name is made for a gateway endpoint whatever enable_dns says, and the API may
            # answer false for one created with true (SDK CreateEndpointRequestBody.enable_dns; the
            # huaweicloud provider reads enable_dns of interface endpoints only).
            wanted.pop("enable_dns", None)
        elif current is not None and "routetables" in wanted:
            raise ValueError("routetables: VPC endpoint %s is an interface endpoint; route tables "
                             "belong to gateway endpoints only" % current["id"])
        self.refuse_changes(current, wanted)
        want = dict(current or dict(NEW, endpoint_service_id=self.service_id), **wanted)
        return dict(want, **self.wanted_sets(current))

    def create(self, desired):
        body = {name: desired[name] for name in CREATE_OPTIONS if self.params[name] is not None}
        return self.post(dict(body, endpoint_service_id=desired["endpoint_service_id"], vpc_id=desired["vpc_id"]),
                         desired)

    def update(self, current, desired):
        answer = None
        if (desired["whitelist"], desired["enable_whitelist"]) != (current["whitelist"], current["enable_whitelist"]):
            answer = self.put(current, dict(whitelist=desired["whitelist"], enable_whitelist=desired["enable_whitelist"]))
        if desired.get("routetables") != current.get("routetables"):
            tables = self.put(current, dict(routetables=desired["routetables"]), "routetables") or {}
            failed = routetable_failures(tables)
            if failed:
                raise ValueError("route tables of VPC endpoint %s were not all changed: %s" % (current["id"], failed))
            answer = dict(answer or current, routetables=tables.get("routetables", desired["routetables"]))
        return self.finish_update(current, desired, answer)


def main():
    spec = resource_argument_spec(
        endpoint_service_id=dict(type="str"),
        endpoint_service_name=dict(type="str"),
        vpc_id=dict(type="str"),
        subnet_id=dict(type="str"),
        port_ip=dict(type="str"),
        enable_dns=dict(type="bool"),
        whitelist=dict(type="list", elements="str"),
        enable_whitelist=dict(type="bool"),
        routetables=dict(type="list", elements="str"),
        description=dict(type="str"),
        wait_status=dict(type="str", default="accepted", choices=["accepted", "pendingAcceptance"]),
    )
    run_resource(Endpoint, vpcep_module(
        spec, validate=option_errors, required_unless=[("vpc_id", "id")],
        required_one_of=[("id", "endpoint_service_id", "endpoint_service_name")],
        mutually_exclusive=[("endpoint_service_id", "endpoint_service_name")],
    ))


if __name__ == "__main__":
    main()
