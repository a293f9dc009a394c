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

from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import wait_for
from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep import (
    GONE,
    RULES,
    VpcepResource,
    failure_text,
    merged_tags,
    option_errors,
    resource_argument_spec,
    run_resource,
    tag_dict,
    tag_list,
    vpcep_module,
)

# Options fixed at creation; port_ip is the endpoint's ``ip`` once it has one.
IMMUTABLE = dict(endpoint_service_id="endpoint_service_id", vpc_id="vpc_id", subnet_id="subnet_id",
                 enable_dns="enable_dns", description="description", port_ip="ip")
# Changed in place on huaweicloud (PUT vpc-endpoints/{id}, PUT vpc-endpoints/{id}/routetables: SDK
# UpdateEndpointWhiteRequestBody, UpdateEndpointRoutetableRequestBody); fixed on otc, whose API reference
# has no endpoint update call.
UPDATABLE = ("whitelist", "enable_whitelist", "routetables")
COMPARED = ("endpoint_service_id", "vpc_id", "subnet_id", "enable_dns", "description",
            "whitelist", "enable_whitelist", "routetables", "tags")
CREATE_OPTIONS = ("vpc_id", "subnet_id", "port_ip", "enable_dns", "whitelist", "enable_whitelist",
                  "routetables", "description")


def endpoint_state(endpoint):
    state = dict(endpoint, tags=tag_dict(endpoint.get("tags")), whitelist=sorted(endpoint.get("whitelist") or []),
                 enable_whitelist=bool(endpoint.get("enable_whitelist")), enable_dns=bool(endpoint.get("enable_dns")),
                 description=endpoint.get("description") or "")
    if endpoint.get("routetables") is not None:
        state["routetables"] = sorted(endpoint["routetables"])
    return state


def routetable_failures(answer):
    """What a route table update answers it could not do (SDK UpdateEndpointRoutetableResponse.error)."""
    return "; ".join("%s %s: %s" % (verb, item.get("id"), item.get("error_message"))
                     for entry in answer.get("error") or []
                     for action, verb in (("bind_failed", "bind"), ("unbind_failed", "unbind"))
                     for item in entry.get(action) or [])


def is_gateway(state):
    return (state or {}).get("service_type") == "gateway"


def option_value(name, value):
    return sorted(value) if name in ("whitelist", "routetables") and value is not None else value


class Endpoint(VpcepResource):
    kind = "VPC endpoint"
    collection = "vpc-endpoints"
    tag_type = "endpoint"
    result_key = "endpoint"

    def state(self, item):
        return endpoint_state(item)

    def __init__(self, module, client):
        super().__init__(module, client)
        self.service_id = None

    def read(self):
        p = self.params
        # With an id the service only serves to check that it did not change: deleting by id needs no lookup.
        if (p["endpoint_service_id"] or p["endpoint_service_name"]) and not (p["id"] and p["state"] == "absent"):
            try:
                self.service_id = self.client.service_id_for(p["endpoint_service_id"], p["endpoint_service_name"])
            except LookupError:
                if p["state"] == "present":
                    raise
                return None
        if p["id"]:
            found = self.settled(self.client.get("vpc-endpoints", p["id"]))
            if found is None or found.get("status") in GONE:
                if p["state"] == "present":
                    self.module.fail_json(msg="no VPC endpoint with id %s" % p["id"])
                return None
            return endpoint_state(found)
        return self.find()

    def find(self):
        """The endpoint of (service, VPC, subnet); the API lists by VPC and cannot filter by service id."""
        p = self.params
        matches = self.candidates()
        if len(matches) > 1:
            raise LookupError("%d VPC endpoints connect VPC %s to service %s: %s; give subnet_id or the id"
                              % (len(matches), p["vpc_id"], self.service_id, ", ".join(e["id"] for e in matches)))
        return endpoint_state(self.settled(matches[0])) if matches else None

    def matching(self, desired):
        return [endpoint_state(e) for e in self.candidates()]

    def candidates(self):
        """Every live endpoint of (service, VPC, subnet), as the API gives them."""
        p = self.params
        return [e for e in self.client.list_all("endpoints", "vpc-endpoints", vpc_id=p["vpc_id"])
                if e.get("endpoint_service_id") == self.service_id and e.get("vpc_id") == p["vpc_id"]
                and (p["subnet_id"] is None or e.get("subnet_id") == p["subnet_id"])
                and e.get("status") not in GONE]

    def desired(self, current):
        p = self.params
        if p["state"] == "absent":
            return None
        wanted = {name: option_value(name, p[name]) for name in CREATE_OPTIONS if p[name] is not None}
        if self.service_id:
            wanted["endpoint_service_id"] = self.service_id
        if current is None:
            want = dict(endpoint_service_id=self.service_id, subnet_id=None, enable_dns=False, description="",
                        whitelist=[], enable_whitelist=False, tags={})
        else:
            if is_gateway(current):
                # No domain name is made for a gateway endpoint whatever enable_dns says, and the API may
                # answer false for one created with true (SDK CreateEndpointRequestBody.enable_dns; the
                # huaweicloud provider reads enable_dns of interface endpoints only).
                wanted.pop("enable_dns", None)
            elif "routetables" in wanted:
                self.module.fail_json(msg="routetables: VPC endpoint %s is an interface endpoint; route tables "
                                          "belong to gateway endpoints only" % current["id"])
            self.refuse_changes(current, wanted)
            want = dict(current)
        want.update(wanted)
        want["tags"] = merged_tags((current or {}).get("tags", {}), p["tags"], p["purge_tags"])
        return want

    def refuse_changes(self, current, wanted):
        """Fail on a change the cloud cannot make to an existing endpoint."""
        cloud = self.params["cloud"]
        fixed = dict(IMMUTABLE)
        if not RULES[cloud]["endpoint_updates"]:
            fixed.update((option, option) for option in UPDATABLE)
        for option, field in fixed.items():
            have = option_value(option, current.get(field))
            if option in wanted and have is not None and wanted[option] != have:
                why = ("%s has no endpoint update call" % cloud) if option in UPDATABLE else "it is fixed at creation"
                self.module.fail_json(msg="%s of VPC endpoint %s is %s and cannot change to %s (%s); "
                                          "delete the endpoint and create it anew"
                                          % (option, current["id"], have, wanted[option], why))

    def comparable(self, state):
        return {key: state.get(key) for key in COMPARED}

    def create(self, desired):
        p = self.params
        body = {name: desired[name] for name in CREATE_OPTIONS if p[name] is not None}
        body.update(endpoint_service_id=desired["endpoint_service_id"], vpc_id=desired["vpc_id"])
        if desired["tags"]:
            body["tags"] = tag_list(desired["tags"])
        return endpoint_state(self.client.request("POST", self.client.path(self.collection), json_body=body))

    def created(self, state, desired):
        return endpoint_state(self.wait_created(state["id"])) if self.params["wait"] else state

    def wait_created(self, endpoint_id):
        done = ("accepted",) if self.params["wait_status"] == "accepted" else ("accepted", "pendingAcceptance")
        return wait_for(
            lambda: self.client.get("vpc-endpoints", endpoint_id) or {"status": "gone"},
            done=lambda e: e.get("status") in done,
            failed=lambda e: ("VPC endpoint %s is %s: %s" % (endpoint_id, e.get("status"), failure_text(e))
                              if e.get("status") in ("failed", "rejected", "gone") else None),
            timeout=self.params["wait_timeout"],
            describe=lambda e: "status %s" % e.get("status"))

    def update(self, current, desired):
        answer = None
        if (desired["whitelist"], desired["enable_whitelist"]) != (current["whitelist"], current["enable_whitelist"]):
            answer = self.client.request("PUT", self.client.path(self.collection, current["id"]), json_body=dict(
                whitelist=desired["whitelist"], enable_whitelist=desired["enable_whitelist"]))
        if desired.get("routetables") != current.get("routetables"):
            tables = self.client.request("PUT", self.client.path(self.collection, current["id"], "routetables"),
                                         json_body=dict(routetables=desired["routetables"])) or {}
            failed = routetable_failures(tables)
            if failed:
                self.module.fail_json(msg="route tables of VPC endpoint %s were not all changed: %s"
                                      % (current["id"], failed))
            answer = dict(answer or current, routetables=tables.get("routetables", desired["routetables"]))
        return self.finish_update(current, desired, answer)


def endpoint_option_errors(params):
    errors = option_errors(params)
    if not params["id"] and not params["vpc_id"]:
        errors.append("vpc_id is required unless id is given")
    return errors


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
    module = vpcep_module(
        spec, validate=endpoint_option_errors,
        required_one_of=[("id", "endpoint_service_id", "endpoint_service_name")],
        mutually_exclusive=[("endpoint_service_id", "endpoint_service_name")],
    )
    run_resource(Endpoint, module)


if __name__ == "__main__":
    main()
