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
  - Unlike M(amazon.aws.ec2_vpc_endpoint), it manages private DNS, modifies existing endpoints, ignores
    deleted ones and waits for V(available).
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
      - Leave it out to keep the groups of an existing endpoint; a new one then gets the VPC's default group.
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
      - To create the endpoint with private DNS off and turn it on once it is V(available), as the ClickHouse
        guide does, create it with V(false) and run the module again with V(true) (the role
        C(privatelink.endpoints.clickhouse_aws_privatelink) does this).
      - AWS only allows private DNS once the service owner has accepted the connection. When the service
        requires acceptance, a new endpoint is created with private DNS off and it is turned on once the
        endpoint is V(available) (the two steps the ClickHouse guide takes by hand). For services that accept
        automatically, as ClickHouse Cloud's do, it is set in the create call itself.
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

- name: Its ID for the ClickHouse allow-list
  ansible.builtin.debug:
    msg: "{{ endpoint.endpoint.id }} {{ endpoint.endpoint.dns_entries[0].dns_name }}"

- name: Endpoint to a service that accepts connections by hand; do not wait for the owner
  privatelink.endpoints.aws_vpc_endpoint:
    vpc_id: vpc-0123456789abcdef0
    service_name: com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0
    subnet_ids: [subnet-0aaaaaaaaaaaaaaaa]
    allow_pending_acceptance: true

- name: Delete it again and wait until it is gone
  privatelink.endpoints.aws_vpc_endpoint:
    vpc_endpoint_id: "{{ endpoint.endpoint.id }}"
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
    filters,
    lower,
    modify_request,
    paged,
    snake_aws,
    update_ec2_tags,
)

# Lowercase, as lower() returns them (botocore's EC2 ``State`` enum).
GONE = ("deleting", "deleted")
BROKEN = ("failed", "rejected", "expired")
# On the way to available: partial while some of its network interfaces are still being set up.
TRANSITIONAL = ("pending", "partial")


def endpoint_state(raw):
    state = snake_aws(raw)
    state["id"] = raw["VpcEndpointId"]
    state["security_group_ids"] = sorted(group["GroupId"] for group in raw.get("Groups") or [])
    state["subnet_ids"] = sorted(raw.get("SubnetIds") or [])
    return state


class VpcEndpoint(AwsResource):
    kind = "VPC endpoint"
    list_options = ("subnet_ids", "security_group_ids")
    # A new endpoint without security groups gets the VPC's default one; without private_dns_enabled
    # AWS decides (on when the service has a private DNS name), so a plan cannot say.
    value_options = dict(vpc_id=None, service_name=None, private_dns_enabled=None)
    deleting = ()  # IDs of matching endpoints that read() saw being deleted
    broken = ()  # IDs of matching failed, rejected or expired endpoints, which state=absent deletes too

    # Reading ------------------------------------------------------------------

    def fetch(self, endpoint_id):
        """The endpoint with this ID in any state, or None when EC2 no longer knows it."""
        raw = describe_one(self.client.describe_vpc_endpoints, "VpcEndpoints", "InvalidVpcEndpointId.NotFound",
                           VpcEndpointIds=[endpoint_id])
        return endpoint_state(raw) if raw else None

    def read(self):
        if self.params["vpc_endpoint_id"]:
            current = self.fetch(self.params["vpc_endpoint_id"])
            found = [current] if current else []
        else:
            found = [endpoint_state(e) for e in paged(
                self.client.describe_vpc_endpoints, "VpcEndpoints",
                Filters=filters(vpc_id=self.params["vpc_id"], service_name=self.params["service_name"],
                                vpc_endpoint_type="Interface"))]
        # Deletes still under way, e.g. of a run whose wait timed out: state=absent waits for them.
        self.deleting = [e["id"] for e in found if lower(e["state"]) == "deleting"]
        if self.params["vpc_endpoint_id"]:
            return found[0] if found and lower(found[0]["state"]) not in GONE else None
        live = [e for e in found if lower(e["state"]) not in GONE + BROKEN]
        if len(live) > 1:
            self.module.fail_json(
                msg="%d interface endpoints to %s in %s: %s; pick one with vpc_endpoint_id"
                    % (len(live), self.params["service_name"], self.params["vpc_id"],
                       ", ".join(sorted(e["id"] for e in live))))
        broken = [e for e in found if lower(e["state"]) in BROKEN]
        if self.params["state"] == "absent" and broken:
            # Left behind by a refused, failed or expired connection: nothing uses them, absent removes them.
            self.broken = [e["id"] for e in broken]
            return live[0] if live else broken[0]
        return live[0] if live else None

    def acceptance_required(self, service_name):
        details = self.client.describe_vpc_endpoint_services(aws_retry=True, ServiceNames=[service_name])
        return any(d.get("AcceptanceRequired") for d in details.get("ServiceDetails") or [])

    # Desired state --------------------------------------------------------------

    def desired(self, current):
        params = self.params
        if params["state"] == "absent":
            return None
        if current is None:
            if params["vpc_endpoint_id"]:
                self.module.fail_json(msg="vpc_endpoint_id: there is no endpoint %s (or it is being deleted)"
                                          % params["vpc_endpoint_id"])
            return self.requested(None)
        if lower(current["state"]) in BROKEN:
            self.module.fail_json(
                msg="vpc_endpoint_id: endpoint %s is %s and cannot be repaired; delete it, or leave out "
                    "vpc_endpoint_id to create a new one" % (current["id"], current["state"]))
        for name in ("vpc_id", "service_name"):
            if params[name] and params[name] != current[name]:
                self.module.fail_json(
                    msg="%s: endpoint %s belongs to %s, not %s; an endpoint cannot move, delete it and create "
                        "a new one" % (name, current["id"], current[name], params[name]))
        want = self.requested(current)
        if want["private_dns_enabled"] != current["private_dns_enabled"] \
                and lower(current["state"]) == "pendingacceptance":
            self.warn("private_dns_enabled: endpoint %s waits for the service owner to accept it; "
                      "private DNS can change once it is accepted (run again then)" % current["id"])
            want["private_dns_enabled"] = current["private_dns_enabled"]
        return want

    # Waiting ----------------------------------------------------------------------

    def settling(self, state):
        waiting = TRANSITIONAL if self.params["allow_pending_acceptance"] else TRANSITIONAL + ("pendingacceptance",)
        return lower(state.get("state")) in waiting

    def settle(self, state):
        if not self.settling(state):
            return state
        return self.wait(
            lambda: self.fetch(state["id"]),
            done=lambda s: s is not None and not self.settling(s) and not self._failure(state["id"], s),
            failed=lambda s: self._failure(state["id"], s),
            describe=lambda s: s and s["state"])

    @staticmethod
    def _failure(endpoint_id, state):
        if state is None:
            return "endpoint %s disappeared" % endpoint_id
        if lower(state["state"]) in GONE + BROKEN:
            error = state.get("last_error") or {}
            reason = " ".join(filter(None, (error.get("code"), error.get("message"), state.get("failure_reason"))))
            return "endpoint %s is %s%s" % (endpoint_id, state["state"], ": " + reason if reason else "")
        return None

    # Changes ------------------------------------------------------------------------

    def create(self, desired):
        # AWS refuses private DNS before the owner accepted the connection.
        dns_later = desired["private_dns_enabled"] and self.acceptance_required(desired["service_name"])
        request = dict(
            VpcEndpointType="Interface",
            VpcId=desired["vpc_id"],
            ServiceName=desired["service_name"],
            SubnetIds=desired["subnet_ids"],
            ClientToken=client_token(),
        )
        # Only when asked for: AWS refuses private DNS for a service without a private DNS name.
        if desired["private_dns_enabled"] is not None:
            request["PrivateDnsEnabled"] = desired["private_dns_enabled"] and not dns_later
        if desired["tags"]:
            request["TagSpecifications"] = boto3_tag_specifications(desired["tags"], ["vpc-endpoint"])
        if desired["security_group_ids"]:
            request["SecurityGroupIds"] = desired["security_group_ids"]
        created = endpoint_state(self.client.create_vpc_endpoint(aws_retry=True, **request)["VpcEndpoint"])
        endpoint = self.settle(created) if self.params["wait"] else created
        if dns_later:
            if lower(endpoint["state"]) != "available":
                self.warn("private_dns_enabled: endpoint %s is %s; private DNS is turned on by a run after "
                          "the service owner accepted it" % (endpoint["id"], endpoint["state"]))
                return endpoint
            self.client.modify_vpc_endpoint(aws_retry=True, VpcEndpointId=endpoint["id"], PrivateDnsEnabled=True)
            endpoint = self.fetch(endpoint["id"])
            if self.params["wait"]:
                endpoint = self.settle(endpoint)
        return endpoint

    def update(self, current, desired):
        if lower(current["state"]) in TRANSITIONAL:
            current = self.settle(current)  # EC2 refuses to modify an endpoint while it is pending
        request = modify_request(current, desired,
                                 lists=dict(SubnetIds="subnet_ids", SecurityGroupIds="security_group_ids"),
                                 values=dict(PrivateDnsEnabled="private_dns_enabled"))
        if request:
            self.client.modify_vpc_endpoint(aws_retry=True, VpcEndpointId=current["id"], **request)
        update_ec2_tags(self.client, current["id"], current["tags"], desired["tags"])
        endpoint = self.fetch(current["id"])
        if request and self.params["wait"]:
            endpoint = self.settle(endpoint)
        return endpoint

    def delete(self, current):
        endpoint_ids = [current["id"]] + [i for i in self.broken if i != current["id"]]
        check_unsuccessful(self.client.delete_vpc_endpoints(aws_retry=True, VpcEndpointIds=endpoint_ids),
                           "DeleteVpcEndpoints")
        if self.params["wait"]:
            for endpoint_id in endpoint_ids:
                self.wait_gone(endpoint_id)

    def wait_gone(self, endpoint_id):
        self.wait(lambda: self.fetch(endpoint_id),
                  done=lambda s: s is None or lower(s["state"]) == "deleted",
                  describe=lambda s: s and s["state"])

    def apply(self):
        changed, before, after = super().apply()
        # Nothing left to delete, but a delete is still under way: finish its wait (no change).
        if not changed and not self.check_mode and self.params["wait"] and self.params["state"] == "absent":
            for endpoint_id in self.deleting:
                self.wait_gone(endpoint_id)
        return changed, before, after

    def result(self, state):
        return dict(endpoint=state or {})


def main():
    argument_spec = dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        vpc_endpoint_id=dict(type="str", aliases=["id"]),
        vpc_id=dict(type="str"),
        service_name=dict(type="str"),
        subnet_ids=dict(type="list", elements="str"),
        security_group_ids=dict(type="list", elements="str"),
        private_dns_enabled=dict(type="bool"),
        allow_pending_acceptance=dict(type="bool", default=False),
    )
    module = aws_module(argument_spec, tags=True)
    params = module.params
    if not params["vpc_endpoint_id"]:
        missing = [name for name in ("vpc_id", "service_name") if not params[name]]
        if params["state"] == "present" and params["subnet_ids"] is None:
            missing.append("subnet_ids")
        if missing:
            module.fail_json(msg="without vpc_endpoint_id, state=%s needs %s"
                                 % (params["state"], ", ".join(missing)))
    check_ids(module, "vpce", "vpc_endpoint_id")
    check_ids(module, "vpc", "vpc_id")
    check_ids(module, "subnet", "subnet_ids")
    check_ids(module, "sg", "security_group_ids")
    VpcEndpoint(module, ec2_client(module)).run()


if __name__ == "__main__":
    main()
