#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: aws_vpc_endpoint_service
short_description: Manage an AWS VPC endpoint service (PrivateLink service) in front of Network Load Balancers
version_added: 1.0.0
description:
  - Creates, updates or deletes the endpoint service that publishes your Network Load Balancers over AWS PrivateLink,
    and the principals allowed to connect to it.
  - This is the AWS side of a ClickPipes reverse private endpoint of type C(VPC_ENDPOINT_SERVICE); give its
    RV(endpoint_service.service_name) to M(privatelink.endpoints.clickhouse_reverse_private_endpoint) as
    C(vpc_endpoint_service_name) and allow the ClickPipes account as a principal.
  - Finds the service by O(service_id), else as the one service of the account that uses any of
    O(network_load_balancer_arns) (a load balancer belongs to at most one endpoint service) and is not
    V(Deleting), V(Deleted) or V(Failed).
  - Load balancers and O(acceptance_required) change in place with one call, allowed principals with another.
  - Connections to the service are accepted or rejected with M(privatelink.endpoints.aws_vpc_endpoint_connection).
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  state:
    description:
      - V(present) creates or updates the service, V(absent) deletes it.
      - AWS refuses to delete a service that still has V(available) or V(pendingAcceptance) connections; reject
        them first with M(privatelink.endpoints.aws_vpc_endpoint_connection).
    type: str
    choices: [present, absent]
    default: present
  service_id:
    description:
      - ID of an existing endpoint service (C(vpce-svc-...)).
      - Without it the service is found by O(network_load_balancer_arns), and created when there is none.
    type: str
    aliases: [id]
  network_load_balancer_arns:
    description:
      - ARNs of the Network Load Balancers behind the service; the complete list, others are removed.
      - Required unless O(service_id) is given; leave it out with O(service_id) to keep them as they are.
    type: list
    elements: str
  acceptance_required:
    description:
      - Whether the owner must accept each connection request
        (with M(privatelink.endpoints.aws_vpc_endpoint_connection)).
      - Leave it out to keep the setting of an existing service; a new one then gets the AWS default, V(true).
    type: bool
  allowed_principals:
    description:
      - ARNs allowed to create endpoints to the service, for example C(arn:aws:iam::123456789012:root)
        for a whole account, or V(*) for everyone.
      - Leave it out to keep the principals as they are.
    type: list
    elements: str
  purge_allowed_principals:
    description:
      - Remove principals that are not in O(allowed_principals). With V(false) the listed ones are only added.
    type: bool
    default: true
extends_documentation_fragment:
  - privatelink.endpoints.wait
  - privatelink.endpoints.aws
  - privatelink.endpoints.api.attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
notes:
  - With O(wait), waits until the service is V(Available) after a create or change, and until it is gone after a delete.
"""

EXAMPLES = r"""
- name: Publish a Kafka NLB to ClickPipes
  privatelink.endpoints.aws_vpc_endpoint_service:
    region: us-east-1
    network_load_balancer_arns:
      - arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/kafka/0123456789abcdef
    acceptance_required: true
    allowed_principals:
      - "{{ clickpipes_principal_arn }}"
    tags:
      Name: kafka-for-clickpipes
  register: service

- name: The name ClickPipes needs
  ansible.builtin.debug:
    msg: "{{ service.endpoint_service.service_name }}"

- name: Allow one more account without touching the others
  privatelink.endpoints.aws_vpc_endpoint_service:
    service_id: "{{ service.endpoint_service.id }}"
    allowed_principals: [arn:aws:iam::210987654321:root]
    purge_allowed_principals: false

- name: Remove the service
  privatelink.endpoints.aws_vpc_endpoint_service:
    service_id: "{{ service.endpoint_service.id }}"
    state: absent
"""

RETURN = r"""
endpoint_service:
  description:
    - The endpoint service after the run, keys in snake_case, tags as a dict. Empty after a delete.
    - In check mode, an existing service is returned whole (ID, name, state...) with the planned changes on top;
      a new service holds only the requested values.
  returned: always
  type: dict
  contains:
    id:
      description: Service ID, the same as RV(endpoint_service.service_id).
      type: str
      sample: vpce-svc-0123456789abcdef0
    service_id:
      description: Service ID.
      type: str
      sample: vpce-svc-0123456789abcdef0
    service_name:
      description: The name consumers (and ClickPipes) connect to.
      type: str
      sample: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    service_state:
      description: V(Pending), V(Available), V(Deleting), V(Deleted) or V(Failed).
      type: str
      sample: Available
    acceptance_required:
      description: Whether connections must be accepted.
      type: bool
      sample: true
    network_load_balancer_arns:
      description: Load balancers behind the service.
      type: list
      elements: str
    allowed_principals:
      description: Principals allowed to connect.
      type: list
      elements: str
      sample: ["arn:aws:iam::123456789012:root"]
    base_endpoint_dns_names:
      description: DNS names of the service.
      type: list
      elements: str
    availability_zones:
      description: Zones the service is offered in.
      type: list
      elements: str
    tags:
      description: Its tags.
      type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications
from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import (
    AwsResource,
    aws_module,
    check_ids,
    check_unsuccessful,
    client_token,
    describe_one,
    ec2_client,
    lower,
    modify_request,
    paged,
    snake_aws,
    update_ec2_tags,
)

GONE = ("deleting", "deleted")


class EndpointService(AwsResource):
    kind = "VPC endpoint service"
    list_options = ("network_load_balancer_arns", "allowed_principals")
    value_options = dict(acceptance_required=True)  # the AWS default

    # Reading ------------------------------------------------------------------

    def describe(self, service_id):
        """The raw configuration with this ID in any state, or None when EC2 does not know it."""
        return describe_one(self.client.describe_vpc_endpoint_service_configurations, "ServiceConfigurations",
                            "InvalidVpcEndpointServiceId.NotFound", ServiceIds=[service_id])

    def state_of(self, raw):
        state = snake_aws(raw)
        state["id"] = raw["ServiceId"]
        state["network_load_balancer_arns"] = sorted(raw.get("NetworkLoadBalancerArns") or [])
        permissions = paged(self.client.describe_vpc_endpoint_service_permissions, "AllowedPrincipals",
                            ServiceId=raw["ServiceId"])
        state["allowed_principals"] = sorted(p["Principal"] for p in permissions)
        return state

    def fetch(self, service_id):
        raw = self.describe(service_id)
        return self.state_of(raw) if raw else None

    def read(self):
        if self.params["service_id"]:
            raw = self.describe(self.params["service_id"])
            return self.state_of(raw) if raw and lower(raw.get("ServiceState")) not in GONE else None
        balancers = set(self.params["network_load_balancer_arns"])
        found = [c for c in paged(self.client.describe_vpc_endpoint_service_configurations, "ServiceConfigurations")
                 if lower(c.get("ServiceState")) not in GONE + ("failed",)
                 and balancers & set(c.get("NetworkLoadBalancerArns") or [])]
        if len(found) > 1:
            self.module.fail_json(
                msg="network_load_balancer_arns: these load balancers belong to %d endpoint services (%s); "
                    "pick one with service_id" % (len(found), ", ".join(sorted(c["ServiceId"] for c in found))))
        return self.state_of(found[0]) if found else None

    # Desired state --------------------------------------------------------------

    def desired(self, current):
        params = self.params
        if params["state"] == "absent":
            return None
        if current is None and params["service_id"]:
            self.module.fail_json(msg="service_id: there is no endpoint service %s (or it is being deleted)"
                                      % params["service_id"])
        if current and lower(current.get("service_state")) == "failed":
            self.module.fail_json(msg="service_id: endpoint service %s failed; delete it and create a new one"
                                      % current["id"])
        want = self.requested(current)
        if current and params["allowed_principals"] is not None and not params["purge_allowed_principals"]:
            want["allowed_principals"] = sorted(set(want["allowed_principals"]) | set(current["allowed_principals"]))
        return want

    # Waiting ----------------------------------------------------------------------

    def settling(self, state):
        return lower(state.get("service_state")) == "pending"

    def settle(self, state):
        if not self.settling(state):
            return state
        raw = self.wait(
            lambda: self.describe(state["id"]),
            done=lambda raw: raw is not None and lower(raw.get("ServiceState")) != "pending",
            failed=lambda raw: self._failure(state["id"], raw),
            describe=lambda raw: raw and raw.get("ServiceState"))
        return self.state_of(raw)

    @staticmethod
    def _failure(service_id, raw):
        if raw is None:
            return "endpoint service %s disappeared" % service_id
        if lower(raw.get("ServiceState")) in GONE + ("failed",):
            return "endpoint service %s is %s" % (service_id, raw.get("ServiceState"))
        return None

    # Changes ------------------------------------------------------------------------

    def set_principals(self, service_id, current, desired):
        request = modify_request(current, desired, lists=dict(AllowedPrincipals="allowed_principals"))
        if request:
            self.client.modify_vpc_endpoint_service_permissions(aws_retry=True, ServiceId=service_id, **request)

    def create(self, desired):
        request = dict(
            NetworkLoadBalancerArns=desired["network_load_balancer_arns"],
            AcceptanceRequired=desired["acceptance_required"],
            ClientToken=client_token(),
        )
        if desired["tags"]:
            request["TagSpecifications"] = boto3_tag_specifications(desired["tags"], ["vpc-endpoint-service"])
        raw = self.client.create_vpc_endpoint_service_configuration(aws_retry=True, **request)["ServiceConfiguration"]
        self.set_principals(raw["ServiceId"], {}, desired)
        service = self.state_of(raw)
        return self.settle(service) if self.params["wait"] else service

    def update(self, current, desired):
        request = modify_request(current, desired, lists=dict(NetworkLoadBalancerArns="network_load_balancer_arns"),
                                 values=dict(AcceptanceRequired="acceptance_required"))
        if request:
            self.client.modify_vpc_endpoint_service_configuration(aws_retry=True, ServiceId=current["id"], **request)
        self.set_principals(current["id"], current, desired)
        update_ec2_tags(self.client, current["id"], current["tags"], desired["tags"])
        service = self.fetch(current["id"])
        return self.settle(service) if request and self.params["wait"] else service

    def delete(self, current):
        check_unsuccessful(
            self.client.delete_vpc_endpoint_service_configurations(aws_retry=True, ServiceIds=[current["id"]]),
            "DeleteVpcEndpointServiceConfigurations")
        if self.params["wait"]:
            self.wait(lambda: self.describe(current["id"]),
                      done=lambda raw: raw is None or lower(raw.get("ServiceState")) == "deleted",
                      describe=lambda raw: raw and raw.get("ServiceState"))

    def result(self, state):
        return dict(endpoint_service=state or {})


def check_arns(module, name, allow_star=False):
    for value in module.params[name] or []:
        if not (value.startswith("arn:") or (allow_star and value == "*")):
            module.fail_json(msg="%s: %r is not an ARN%s" % (name, value, " or *" if allow_star else ""))


def main():
    argument_spec = dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        service_id=dict(type="str", aliases=["id"]),
        network_load_balancer_arns=dict(type="list", elements="str"),
        acceptance_required=dict(type="bool"),
        allowed_principals=dict(type="list", elements="str"),
        purge_allowed_principals=dict(type="bool", default=True),
    )
    module = aws_module(argument_spec, tags=True, required_one_of=[("service_id", "network_load_balancer_arns")])
    if module.params["network_load_balancer_arns"] == []:
        module.fail_json(msg="network_load_balancer_arns must not be empty; an endpoint service needs a load balancer")
    check_arns(module, "network_load_balancer_arns")
    check_arns(module, "allowed_principals", allow_star=True)
    check_ids(module, "vpce-svc", "service_id")
    EndpointService(module, ec2_client(module)).run()


if __name__ == "__main__":
    main()
