#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: aws_vpc_endpoint_connection
short_description: Accept or reject a connection request to your AWS VPC endpoint service
version_added: 1.0.0
description:
  - Accepts or rejects the connection of one VPC endpoint to an endpoint service you own, for example the endpoint
    ClickPipes creates for a reverse private endpoint (its C(endpoint_id)) when the service requires acceptance.
  - A connection already in the requested state is left alone. V(pending) after an accept counts as accepted;
    with O(wait) the module waits until it is V(available).
  - The connection must exist; a connection whose endpoint is deleted, failed or expired counts as rejected
    (nothing can connect through it) but cannot be accepted.
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  service_id:
    description:
      - ID of your endpoint service (C(vpce-svc-...)).
    type: str
    required: true
  vpc_endpoint_id:
    description:
      - ID of the consumer's VPC endpoint (C(vpce-...)).
    type: str
    required: true
  state:
    description:
      - V(accepted) lets the endpoint connect; V(rejected) refuses a pending request or cuts an accepted connection.
    type: str
    choices: [accepted, rejected]
    default: accepted
extends_documentation_fragment:
  - privatelink.endpoints.wait
  - privatelink.endpoints.aws
  - privatelink.endpoints.api.attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - With O(wait), waits until an accepted connection is V(available) or a rejected one is V(rejected).
"""

EXAMPLES = r"""
- name: Accept the endpoint ClickPipes created for the reverse private endpoint
  privatelink.endpoints.aws_vpc_endpoint_connection:
    service_id: "{{ service.endpoint_service.id }}"
    vpc_endpoint_id: "{{ rpe.reverse_private_endpoint.endpoint_id }}"

- name: Cut it off again
  privatelink.endpoints.aws_vpc_endpoint_connection:
    service_id: vpce-svc-0123456789abcdef0
    vpc_endpoint_id: vpce-0fedcba9876543210
    state: rejected
"""

RETURN = r"""
connection:
  description: The connection after the run, keys in snake_case. In check mode, the state it would have.
  returned: always
  type: dict
  contains:
    service_id:
      description: The endpoint service.
      type: str
      sample: vpce-svc-0123456789abcdef0
    vpc_endpoint_id:
      description: The consumer's endpoint.
      type: str
      sample: vpce-0fedcba9876543210
    vpc_endpoint_owner:
      description: Account that owns the endpoint.
      type: str
      sample: "123456789012"
    vpc_endpoint_state:
      description: V(pendingAcceptance), V(pending), V(available), V(rejected) and others, as EC2 spells them.
      type: str
      sample: available
    dns_entries:
      description: DNS names of the endpoint.
      type: list
      elements: dict
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import (
    AwsResource,
    aws_module,
    check_unsuccessful,
    ec2_client,
    filters,
    lower,
    paged,
    snake_aws,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import Lifecycle

# What an EC2 connection state means for this module (lowercase, as lower() returns them).
MEANING = {"pendingacceptance": "pending_acceptance", "pending": "accepted", "available": "accepted"}
ENDED = ("deleting", "deleted", "failed", "expired")
# The EC2 states each requested state ends in.
STEADY = {"accepted": ("available",), "rejected": ("rejected",) + ENDED}


def meaning(state):
    ec2_state = lower(state.get("vpc_endpoint_state"))
    if ec2_state in ENDED:
        return "rejected"
    return MEANING.get(ec2_state, ec2_state)


class EndpointConnection(AwsResource):
    kind = "VPC endpoint connection"

    @property
    def lifecycle(self):
        wanted = self.params["state"]
        return Lifecycle(status=lambda state: lower(state.get("vpc_endpoint_state")), transitional=("pending",),
                         ready=STEADY[wanted], failed=ENDED if wanted == "accepted" else ())

    def read(self):
        found = paged(self.client.describe_vpc_endpoint_connections, "VpcEndpointConnections",
                      Filters=filters(service_id=self.params["service_id"],
                                      vpc_endpoint_id=self.params["vpc_endpoint_id"]))
        return snake_aws(found[0]) if found else None

    def refresh(self, state):
        return self.read()

    def failure(self, state, waited_for=None):
        return "the connection from %s %s" % (self.params["vpc_endpoint_id"],
                                              "is %s" % state["vpc_endpoint_state"] if state else "disappeared")

    def comparable(self, state):
        return dict(state=meaning(state))

    def desired(self, current):
        wanted = self.params["state"]
        if current is None:
            raise LookupError("vpc_endpoint_id: endpoint service %s has no connection from %s"
                              % (self.params["service_id"], self.params["vpc_endpoint_id"]))
        if wanted == "accepted" and lower(current["vpc_endpoint_state"]) in ENDED:
            raise ValueError("vpc_endpoint_id: the connection from %s is %s and cannot be accepted"
                             % (self.params["vpc_endpoint_id"], current["vpc_endpoint_state"]))
        if meaning(current) == wanted:
            return current
        return dict(current, vpc_endpoint_state=STEADY[wanted][0])

    def update(self, current, desired):
        action = self.client.accept_vpc_endpoint_connections if self.params["state"] == "accepted" \
            else self.client.reject_vpc_endpoint_connections
        check_unsuccessful(action(aws_retry=True, ServiceId=self.params["service_id"],
                                  VpcEndpointIds=[self.params["vpc_endpoint_id"]]),
                           "%s the connection" % ("accepting" if self.params["state"] == "accepted" else "rejecting"))
        return self.wait_until(current, lambda seen: seen is not None and self.lifecycle.of(seen) in self.lifecycle.ready,
                               lambda seen: seen is None or self.lifecycle.of(seen) in self.lifecycle.failed,
                               known=False) if self.params["wait"] else self.read()

    def result(self, state):
        return dict(connection=state or {})


def main():
    argument_spec = dict(
        service_id=dict(type="str", required=True),
        vpc_endpoint_id=dict(type="str", required=True),
        state=dict(type="str", choices=["accepted", "rejected"], default="accepted"),
    )
    module = aws_module(argument_spec, ids=dict(service_id="vpce-svc", vpc_endpoint_id="vpce"))
    EndpointConnection(module, ec2_client(module)).run()


if __name__ == "__main__":
    main()
