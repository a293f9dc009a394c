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
  - A run reads the service configuration once, and its allowed principals only with O(state=present); a new
    service's principals are those it was just given, not read back.
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
deleted_endpoint_service:
  description:
    - With O(state=absent), the endpoint service the run deleted (in check mode, would delete), as it was before,
      without RV(endpoint_service.allowed_principals) (a delete does not read them); empty when there was none.
    - With O(service_id), outside check mode and without C(--diff), the service is deleted without being read first
      (one request less, for a caller that found it already), and this holds only its ID.
    - A check-mode run with O(network_load_balancer_arns) and O(state=absent) so finds the service in one request,
      for example before the reverse private endpoint that uses it is deleted.
  returned: when O(state=absent)
  type: dict
  sample: {"id": "vpce-svc-0123456789abcdef0", "service_name": "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"}
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import aws_module, ec2_client
from ansible_collections.privatelink.endpoints.plugins.module_utils.aws_service import EndpointService, option_errors


def main():
    argument_spec = dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        service_id=dict(type="str", aliases=["id"]),
        network_load_balancer_arns=dict(type="list", elements="str"),
        acceptance_required=dict(type="bool"),
        allowed_principals=dict(type="list", elements="str"),
        purge_allowed_principals=dict(type="bool", default=True),
    )
    module = aws_module(argument_spec, tags=True, required_one_of=[("service_id", "network_load_balancer_arns")],
                        ids=dict(service_id="vpce-svc"), validate=option_errors)
    EndpointService(module, ec2_client(module)).run()


if __name__ == "__main__":
    main()
