#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: vpcep_connection
short_description: Accept or reject VPC endpoint connections to an endpoint service
version_added: 1.0.0
description:
  - The owner of an endpoint service with approval enabled decides which VPC endpoints may connect.
    This module accepts or rejects the connections of the endpoints it names, by endpoint ID or marker ID.
  - The API takes one endpoint per action, so the module sends one call per endpoint whose connection is not
    in the wanted status yet; connections already there are left alone (no change).
  - Connections still being created are waited for first; with O(wait) the module then waits until every
    named connection has reached the wanted status.
author:
  - privatelink.endpoints contributors (@privatelink-endpoints)
options:
  endpoint_service_id:
    description:
      - ID of the endpoint service. One of O(endpoint_service_id) and O(endpoint_service_name) is required.
    type: str
  endpoint_service_name:
    description:
      - Short name, or full name C({region}.{name}.{id}), of the endpoint service.
    type: str
  endpoints:
    description:
      - IDs of the VPC endpoints whose connections to decide.
      - At least one of O(endpoints) and O(marker_ids) must name a connection.
    type: list
    elements: str
    default: []
  marker_ids:
    description:
      - Marker (packet) IDs of the connections to decide, as the service owner sees them.
    type: list
    elements: int
    default: []
  state:
    description:
      - V(accepted) lets the endpoints connect (the API action C(receive)); V(rejected) refuses them.
    type: str
    choices: [accepted, rejected]
    default: accepted
extends_documentation_fragment:
  - privatelink.endpoints.vpcep
  - privatelink.endpoints.wait
  - privatelink.endpoints.vpcep.wait
  - privatelink.endpoints.api
  - privatelink.endpoints.api.attributes
"""

EXAMPLES = r"""
- name: Approve the partner's endpoint
  privatelink.endpoints.vpcep_connection:
    cloud: otc
    region: eu-de
    project_id: "{{ otc_project_id }}"
    endpoint_service_name: orders-api
    endpoints:
      - "{{ partner_endpoint_id }}"
    state: accepted

- name: Reject a connection by its marker ID
  privatelink.endpoints.vpcep_connection:
    region: ap-southeast-1
    endpoint_service_id: "{{ service_id }}"
    marker_ids: [302134567]
    state: rejected
"""

RETURN = r"""
connections:
  description: The named connections after the change (in check mode, with the status they would get).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the VPC endpoint.
      type: str
      sample: 4189d3c2-8882-4871-a3c2-d380272eed83
    marker_id:
      description: Marker (packet) ID of the connection.
      type: int
      sample: 302134567
    status:
      description: V(pendingAcceptance), V(creating), V(accepted), V(rejected), V(failed) or V(deleting).
      type: str
      sample: accepted
    domain_id:
      description: Account of the endpoint's owner.
      type: str
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import Resource
from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep import (
    ApiError,
    failure_text,
    not_found,
    option_errors,
    run_resource,
    vpcep_module,
    wait_argument_spec,
)

ACTIONS = dict(accepted="receive", rejected="reject")
SETTLED = ("pendingAcceptance", "accepted", "rejected", "failed")
BROKEN = ("failed", "deleting")


class Connections(Resource):
    """The statuses of the named connections, as one resource: {endpoint id: status}."""

    kind = "endpoint connections"
    service_id = None  # read() finds it

    def fetch(self):
        """The named connections by endpoint id, as the API lists them (all pages)."""
        p = self.params
        try:
            every = self.client.list_all("connections", "vpc-endpoint-services", self.service_id, "connections")
        except ApiError as error:
            if not not_found(error):
                raise
            raise LookupError("no endpoint service with id %s" % self.service_id) from error
        named = [c for c in every if c.get("id") in p["endpoints"] or c.get("marker_id") in p["marker_ids"]]
        missing = sorted(set(p["endpoints"]) - {c["id"] for c in named}) + sorted(
            set(p["marker_ids"]) - {c.get("marker_id") for c in named})
        if missing:
            raise LookupError("endpoint service %s has no connection from %s"
                              % (self.service_id, ", ".join(str(m) for m in missing)))
        return {c["id"]: c for c in named}

    def read(self):
        p = self.params
        self.service_id = self.client.service_id_for(p["endpoint_service_id"], p["endpoint_service_name"])
        return self.fetch()

    def desired(self, current):
        return {key: dict(connection, status=self.params["state"]) for key, connection in current.items()}

    def comparable(self, state):
        return {key: connection.get("status") for key, connection in sorted(state.items())}

    def update(self, current, desired):
        wanted = self.params["state"]
        if any(c.get("status") not in SETTLED for c in current.values()):
            current = self.wait(current, SETTLED)
        for endpoint_id, connection in sorted(current.items()):
            if connection.get("status") != wanted:
                self.decide(endpoint_id, wanted)
        if not self.params["wait"]:
            return desired
        return self.wait(current, (wanted,))

    def decide(self, endpoint_id, wanted):
        """One endpoint per call (EndPoint.2031 otherwise). Deciding twice is harmless, so a lost
        answer is retried; "already connected" (EndPoint.2014) then means the first try worked."""
        try:
            self.client.request("POST", self.client.path("vpc-endpoint-services", self.service_id,
                                                         "connections", "action"),
                                json_body={"action": ACTIONS[wanted], "endpoints": [endpoint_id]}, retry=True)
        except ApiError as error:
            if not (wanted == "accepted" and error.code_is("EndPoint.2014")):
                raise

    def wait(self, state, statuses):
        """Read the connections (one list, the first at once: ``state`` is from before) until each is in
        one of ``statuses``; one that failed or is being deleted ends the wait, a timeout names each status."""
        return self.wait_until(state, lambda seen: all(c.get("status") in statuses for c in seen.values()),
                               self.broken, known=False)

    def refresh(self, state):
        return self.fetch()

    def broken(self, state):
        """The first connection, by endpoint id, that failed or is being deleted: (id, connection)."""
        return next(((key, c) for key, c in sorted(state.items()) if c.get("status") in BROKEN), None)

    def failure(self, state, waited_for=None):
        endpoint_id, connection = self.broken(state)
        return "connection of endpoint %s is %s: %s" % (endpoint_id, connection["status"], failure_text(connection))

    def last_seen(self, state):
        return self.comparable(state)

    def result(self, state):
        return dict(connections=[state[key] for key in sorted(state)])


def connection_errors(params):
    errors = option_errors(params)
    if not params["endpoints"] and not params["marker_ids"]:
        errors.append("name at least one connection in endpoints or marker_ids")
    return errors


def main():
    spec = dict(
        endpoint_service_id=dict(type="str"),
        endpoint_service_name=dict(type="str"),
        endpoints=dict(type="list", elements="str", default=[]),
        marker_ids=dict(type="list", elements="int", default=[]),
        state=dict(type="str", default="accepted", choices=list(ACTIONS)),
    )
    spec.update(wait_argument_spec())
    module = vpcep_module(
        spec, validate=connection_errors,
        required_one_of=[("endpoint_service_id", "endpoint_service_name")],
        mutually_exclusive=[("endpoint_service_id", "endpoint_service_name")],
    )
    run_resource(Connections, module)


if __name__ == "__main__":
    main()
