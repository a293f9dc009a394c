#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: aws_vpc_endpoint
short_description: Manage an AWS interface VPC endpoint, including private DNS, and wait until it is usable
version_added: 1.0.0
description:
  - Creates, modifies in place, or deletes one AWS B(interface) VPC endpoint, for example the endpoint
    to a ClickHouse Cloud service's C(endpointServiceId) (see M(privatelink.endpoints.clickhouse_service_info)).
  - Finds the endpoint by O(vpc_endpoint_id), else by O(vpc_id) and O(service_name) among interface endpoints
    that are not V(deleting), V(deleted), V(failed), V(rejected) or V(expired); so an endpoint deleted earlier
    is not mistaken for an existing one. More than one match is an error that lists their IDs.
  - With O(state=absent), endpoints to the service in the VPC that were left V(failed), V(rejected) or V(expired)
    are deleted too, in the same call.
  - Subnets, security groups and private DNS of an existing endpoint are changed in place with one
    C(ModifyVpcEndpoint) call; the VPC and the service of an endpoint cannot change.
  - With O(wait), waits until the endpoint is V(available) after a create or a change (through V(pending) and
    V(partial)), and until it is gone after a delete, also one that an earlier run started (for example a run
    whose wait timed out).
  - Unlike M(amazon.aws.ec2_vpc_endpoint), it manages private DNS and the endpoint's own security group,
    modifies existing endpoints, ignores deleted ones and waits for V(available).
  - Requests per run are the fewest the task needs, one read per object; for example with O(security_group)
    and no O(security_group.cidrs), a run that changes nothing reads the endpoint, its group and its VPC once each.
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  state:
    description:
      - V(present) creates or updates the endpoint, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  vpc_endpoint_id:
    description:
      - ID of an existing endpoint (C(vpce-...)) to update or delete.
      - Without it the endpoint is looked up by O(vpc_id) and O(service_name), and created when there is none.
      - With O(state=present) the endpoint must exist, and must not be V(failed), V(rejected) or V(expired).
    type: str
    aliases: [id]
  vpc_id:
    description:
      - VPC of the endpoint (C(vpc-...)).
      - Required, with O(service_name), unless O(vpc_endpoint_id) is given.
    type: str
  service_name:
    description:
      - Name of the endpoint service, for example C(com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0),
        the C(endpoint_service_id) that ClickHouse Cloud returns for a service.
      - Required, with O(vpc_id), unless O(vpc_endpoint_id) is given.
    type: str
  subnet_ids:
    description:
      - Subnets for the endpoint's network interfaces, at most one per Availability Zone.
      - The complete list; subnets of the endpoint that are not listed are removed.
      - Required with O(state=present) unless O(vpc_endpoint_id) is given, because a new endpoint needs them.
        Leave it out with O(vpc_endpoint_id) to keep the subnets as they are.
    type: list
    elements: str
  security_group_ids:
    description:
      - Security groups of the endpoint's network interfaces. They must allow the service's ports
        (for ClickHouse Cloud 443, 8443, 9440 and 3306) from the clients.
      - The complete list; groups of the endpoint that are not listed are removed.
      - Leave it out to keep the groups of an existing endpoint; a new one then gets the VPC's default group
        (or, with O(security_group), only that group).
      - The group of O(security_group) is added to this list.
    type: list
    elements: str
  security_group:
    description:
      - A security group the module keeps for the endpoint, instead of one made beforehand, for example with
        M(amazon.aws.ec2_security_group).
      - The group is found by O(security_group.name) in the endpoint's VPC (a re-run reads it once, through the
        endpoint's own group list), created when there is none, and attached to the endpoint.
      - Its TCP ingress rules from IPv4 CIDR blocks are made to be exactly O(security_group.ports) from
        O(security_group.cidrs); other rules (from security groups, prefix lists, IPv6 ranges, and the egress
        rules) are left as they are.
      - It gets the tags of O(tags) (with O(purge_tags)) and the tag C(privatelink.endpoints:managed-by=aws_vpc_endpoint).
      - With O(state=absent) the group is deleted after the endpoint is gone (the module waits for that, also with
        O(wait=false)), but only when it carries that tag, that is when this module made it or managed it before;
        another group of that name is kept, with a warning.
    type: dict
    suboptions:
      name:
        description:
          - Name of the group, unique in the VPC.
        type: str
        required: true
      description:
        description:
          - Description of a new group; EC2 cannot change it later, so it is not compared.
          - Defaults to C(Interface VPC endpoint to <service_name>).
        type: str
      ports:
        description:
          - TCP ports the clients may reach, for ClickHouse Cloud V([443, 8443, 9440, 3306]).
        type: list
        elements: int
        required: true
      cidrs:
        description:
          - IPv4 CIDR blocks of the clients.
          - Defaults to the VPC's IPv4 CIDR blocks (read on each run, so blocks added to the VPC are added to the
            rules).
        type: list
        elements: str
  private_dns_enabled:
    description:
      - Associate a private hosted zone with the VPC, so the service's private DNS name (for ClickHouse Cloud
        C(<x>.<region>.vpce.aws.clickhouse.cloud)) resolves to the endpoint. The VPC needs DNS support and
        DNS hostnames turned on.
      - Leave it out to keep the setting of an existing endpoint. A new one is then created without the
        parameter and AWS decides, with private DNS on when the service has a private DNS name and off
        otherwise (AWS refuses V(true) for a service without a private DNS name).
      - V(true) is set in the create call itself, which for services that accept automatically, as ClickHouse
        Cloud's do, has the same outcome as the ClickHouse guide's two steps (create with private DNS off, turn
        it on once the endpoint is V(available)) in one request. To take the guide's steps anyway, create the
        endpoint with V(false) and run the module again with V(true).
      - AWS only allows private DNS once the service owner has accepted the connection. When EC2 refuses it
        in the create call, the module reads the service, and when the service requires acceptance creates the
        endpoint with private DNS off and turns it on once the endpoint is V(available).
      - The VPC needs the attributes C(enableDnsSupport) and C(enableDnsHostnames); they are not read
        beforehand, EC2 refuses private DNS without them and the module fails with EC2's message.
      - While an endpoint waits for acceptance its private DNS cannot change; the module warns and a later run
        applies it.
    type: bool
  allow_pending_acceptance:
    description:
      - Also accept V(pendingAcceptance) as the end of the wait, for services whose owner accepts connections
        by hand. Without it the module waits for the owner to accept, up to O(wait_timeout).
    type: bool
    default: false
extends_documentation_fragment:
  - privatelink.endpoints.wait
  - privatelink.endpoints.aws
  - privatelink.endpoints.api.attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
notes:
  - Interface endpoints only; use M(amazon.aws.ec2_vpc_endpoint) for gateway endpoints.
"""

EXAMPLES = r"""
- name: Interface endpoint to a ClickHouse Cloud service, private DNS on
  privatelink.endpoints.aws_vpc_endpoint:
    region: us-east-1
    vpc_id: vpc-0123456789abcdef0
    service_name: "{{ endpoint_config.endpoint_service_id }}"
    subnet_ids: [subnet-0aaaaaaaaaaaaaaaa, subnet-0bbbbbbbbbbbbbbbb]
    security_group_ids: [sg-0cccccccccccccccc]
    private_dns_enabled: true
    tags:
      Name: clickhouse-privatelink
  register: endpoint

- name: The same, with a security group of its own that lets the VPC reach the ClickHouse ports
  privatelink.endpoints.aws_vpc_endpoint:
    region: us-east-1
    vpc_id: vpc-0123456789abcdef0
    service_name: "{{ endpoint_config.endpoint_service_id }}"
    subnet_ids: [subnet-0aaaaaaaaaaaaaaaa, subnet-0bbbbbbbbbbbbbbbb]
    security_group:
      name: clickhouse-privatelink
      ports: [443, 8443, 9440, 3306]
    private_dns_enabled: true
  register: endpoint

- name: Its ID for the ClickHouse allow-list
  ansible.builtin.debug:
    msg: "{{ endpoint.endpoint.id }} {{ endpoint.endpoint.dns_entries[0].dns_name }}"

- name: Endpoint to a service that accepts connections by hand; do not wait for the owner
  privatelink.endpoints.aws_vpc_endpoint:
    vpc_id: vpc-0123456789abcdef0
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0
    subnet_ids: [subnet-0aaaaaaaaaaaaaaaa]
    allow_pending_acceptance: true

- name: Delete it again, wait until it is gone, then delete its security group
  privatelink.endpoints.aws_vpc_endpoint:
    vpc_endpoint_id: "{{ endpoint.endpoint.id }}"
    security_group:
      name: clickhouse-privatelink
      ports: [443]
    state: absent
"""

RETURN = r"""
endpoint:
  description:
    - The endpoint after the run, as EC2 describes it, keys in snake_case and tags as a dict.
    - Empty after a delete.
    - In check mode, an existing endpoint is returned whole (ID, state, DNS entries...) with the planned changes
      on top; a new endpoint holds only the requested values.
  returned: always
  type: dict
  contains:
    id:
      description: Endpoint ID, the same as RV(endpoint.vpc_endpoint_id).
      type: str
      sample: vpce-0123456789abcdef0
    vpc_endpoint_id:
      description: Endpoint ID.
      type: str
      sample: vpce-0123456789abcdef0
    state:
      description: V(available), V(pending), V(partial), V(pendingAcceptance), V(deleted) and others, as EC2 spells them.
      type: str
      sample: available
    vpc_id:
      description: VPC of the endpoint.
      type: str
      sample: vpc-0123456789abcdef0
    service_name:
      description: Endpoint service it connects to.
      type: str
      sample: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    subnet_ids:
      description: Subnets of its network interfaces.
      type: list
      elements: str
      sample: [subnet-0aaaaaaaaaaaaaaaa]
    security_group_ids:
      description: IDs of its security groups.
      type: list
      elements: str
      sample: [sg-0cccccccccccccccc]
    groups:
      description: Its security groups with their names.
      type: list
      elements: dict
      sample: [{"group_id": "sg-0cccccccccccccccc", "group_name": "clickhouse-endpoint"}]
    private_dns_enabled:
      description: Whether private DNS is on.
      type: bool
      sample: true
    dns_entries:
      description: Its DNS names, regional first, then one per zone.
      type: list
      elements: dict
      sample: [{"dns_name": "vpce-0123-abcd.vpce-svc-0123.us-east-1.vpce.amazonaws.com", "hosted_zone_id": "Z7HUB22UULQXV"}]
    network_interface_ids:
      description: Its network interfaces.
      type: list
      elements: str
      sample: [eni-0123456789abcdef0]
    tags:
      description: Its tags.
      type: dict
      sample: {"Name": "clickhouse-privatelink"}
security_group:
  description:
    - The group of O(security_group) after the run; empty after a delete.
    - In check mode a group still to be created has no RV(security_group.group_id).
  returned: when O(security_group) is given
  type: dict
  contains:
    group_id:
      description: ID of the group.
      type: str
      sample: sg-0cccccccccccccccc
    name:
      description: Its name.
      type: str
      sample: clickhouse-privatelink
    ingress:
      description: Its ingress rules from IPv4 CIDR blocks, one per port and block.
      type: list
      elements: str
      sample: ["tcp 443 from 10.0.0.0/16", "tcp 8443 from 10.0.0.0/16"]
    tags:
      description: Its tags.
      type: dict
      sample: {"privatelink.endpoints:managed-by": "aws_vpc_endpoint"}
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import aws_module, ec2_client
from ansible_collections.privatelink.endpoints.plugins.module_utils.aws_endpoint import VpcEndpoint, option_errors


def main():
    argument_spec = dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        vpc_endpoint_id=dict(type="str", aliases=["id"]),
        vpc_id=dict(type="str"),
        service_name=dict(type="str"),
        subnet_ids=dict(type="list", elements="str"),
        security_group_ids=dict(type="list", elements="str"),
        security_group=dict(type="dict", options=dict(
            name=dict(type="str", required=True),
            description=dict(type="str"),
            ports=dict(type="list", elements="int", required=True),
            cidrs=dict(type="list", elements="str"),
        )),
        private_dns_enabled=dict(type="bool"),
        allow_pending_acceptance=dict(type="bool", default=False),
    )
    module = aws_module(argument_spec, tags=True, validate=option_errors,
                        ids=dict(vpc_endpoint_id="vpce", vpc_id="vpc", subnet_ids="subnet", security_group_ids="sg"))
    VpcEndpoint(module, ec2_client(module)).run()


if __name__ == "__main__":
    main()
