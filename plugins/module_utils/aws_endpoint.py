# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The interface VPC endpoint of ``aws_vpc_endpoint``, with the security group it may keep for itself.

``VpcEndpoint`` finds the endpoint (by ID, or by VPC and service among those not deleted),
creates, modifies in place and deletes it, and waits for it. With the ``security_group``
option it also keeps one security group for the endpoint's network interfaces: found by
name in the endpoint's VPC (through the endpoint's own group list when it has it, so a
re-run reads the group once by ID), created with the module's tags plus ``MANAGED_TAG``,
its TCP ingress rules made to match ``ports`` x ``cidrs`` (the VPC's IPv4 CIDR blocks by
default), and deleted with the endpoint on ``state=absent`` when it carries ``MANAGED_TAG``.

Requests, per run: one read of the endpoint, one of the group, one of the VPC (only when the
rules default to its CIDR blocks and the endpoint should exist); then only the writes that
differ. Private DNS is asked for in the create call; only when EC2 refuses it because the
service requires acceptance is the service read, and private DNS turned on once the
endpoint is available.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications
from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import (
    AwsResource,
    check_unsuccessful,
    client_token,
    desired_tags,
    describe_one,
    error_code,
    filters,
    lower,
    modify_request,
    paged,
    snake_aws,
    update_ec2_tags,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import Lifecycle, WaitTimeout, only, wait_for

try:
    from botocore.exceptions import ClientError
except ImportError:  # AnsibleAWSModule reports the missing SDK
    ClientError = None

# Lowercase, as lower() returns them (botocore's EC2 ``State`` enum).
GONE = ("deleting", "deleted")
BROKEN = ("failed", "rejected", "expired")
# On the way to available: partial while some of its network interfaces are still being set up.
TRANSITIONAL = ("pending", "partial")

#: The tag that marks a security group this module made (or took over): state=absent deletes only such a group.
MANAGED_TAG = ("privatelink.endpoints:managed-by", "aws_vpc_endpoint")
#: Stands for the ID of a security group a check-mode run would create.
NEW_GROUP = "(new security group %s)"


def option_errors(params):
    """What is wrong with the options of ``aws_vpc_endpoint`` besides their types and IDs, each naming its option."""
    errors = []
    if not params["vpc_endpoint_id"]:
        missing = [name for name in ("vpc_id", "service_name") if not params[name]]
        if params["state"] == "present" and params["subnet_ids"] is None:
            missing.append("subnet_ids")
        if missing:
            errors.append("without vpc_endpoint_id, state=%s needs %s" % (params["state"], ", ".join(missing)))
    return errors + security_group_errors(params["security_group"])


def security_group_errors(spec):
    """What is wrong with the ``security_group`` option, each naming its field (before any API call)."""
    if not spec:
        return []
    errors = []
    name = spec["name"] or ""
    # EC2 CreateSecurityGroup, GroupName: up to 255 characters, and it cannot start with sg-.
    if not name or len(name) > 255 or name.lower().startswith("sg-"):
        errors.append("security_group.name: %r must be 1 to 255 characters and not start with sg-" % name)
    if not spec["ports"]:
        errors.append("security_group.ports must not be empty")
    errors.extend("security_group.ports: %s is not a port (1-65535)" % port
                  for port in spec["ports"] or [] if not 1 <= port <= 65535)
    if spec["cidrs"] is not None and not spec["cidrs"]:
        errors.append("security_group.cidrs must not be empty; leave it out for the VPC's CIDR blocks")
    for cidr in spec["cidrs"] or []:
        try:
            ipaddress.IPv4Network(cidr)
        except ValueError:
            errors.append("security_group.cidrs: %r is not an IPv4 CIDR block such as 10.0.0.0/16" % cidr)
    return errors


def endpoint_state(raw):
    state = snake_aws(raw)
    state["id"] = raw["VpcEndpointId"]
    state["security_group_ids"] = sorted(group["GroupId"] for group in raw.get("Groups") or [])
    state["subnet_ids"] = sorted(raw.get("SubnetIds") or [])
    return state


def rule_text(rule):
    protocol, first, last, cidr = rule
    if protocol == "-1":
        return "all from %s" % cidr
    ports = "%s" % first if first == last else "%s-%s" % (first, last)
    return "%s %s from %s" % (protocol, ports, cidr)


class SecurityGroup:
    """The endpoint's own security group: lookup, the state it should have, and the calls that make it so.

    Only IPv4 CIDR ingress rules are managed; rules from other groups, prefix lists or IPv6
    ranges, and the egress rules, are left as they are.
    """

    def __init__(self, resource):
        self.resource = resource
        self.client = resource.client
        self.spec = resource.params["security_group"]

    # Reading --------------------------------------------------------------------

    @staticmethod
    def state(raw):
        rules = set()
        for permission in raw.get("IpPermissions") or []:
            for ip_range in permission.get("IpRanges") or []:
                rules.add((permission["IpProtocol"], permission.get("FromPort"), permission.get("ToPort"),
                           ip_range["CidrIp"]))
        state = dict(group_id=raw["GroupId"], name=raw["GroupName"], description=raw.get("Description"),
                     vpc_id=raw.get("VpcId"), rules=rules, tags=snake_aws(raw)["tags"])
        return state

    def read(self, endpoint, vpc_id):
        """The group as it is (one request), or None: by ID when ``endpoint`` has a group of that name,
        else by name in ``vpc_id`` (None without a VPC to look in)."""
        name = self.spec["name"]
        attached = [g["group_id"] for g in (endpoint or {}).get("groups") or [] if g.get("group_name") == name]
        if attached:
            raw = describe_one(self.client.describe_security_groups, "SecurityGroups", "InvalidGroup.NotFound",
                               GroupIds=attached[:1])
        elif vpc_id:
            found = paged(self.client.describe_security_groups, "SecurityGroups",
                          Filters=filters(group_name=name, vpc_id=vpc_id))
            raw = found[0] if found else None
        else:
            raw = None
        return self.state(raw) if raw else None

    def vpc_cidrs(self, vpc_id):
        """The VPC's associated IPv4 CIDR blocks (one request)."""
        vpcs = self.client.describe_vpcs(aws_retry=True, VpcIds=[vpc_id]).get("Vpcs") or []
        cidrs = [block["CidrBlock"] for vpc in vpcs for block in vpc.get("CidrBlockAssociationSet") or []
                 if lower((block.get("CidrBlockState") or {}).get("State")) == "associated"]
        return cidrs or [vpc["CidrBlock"] for vpc in vpcs if vpc.get("CidrBlock")]

    # What it should be --------------------------------------------------------------

    def wanted(self, current, vpc_id):
        cidrs = self.spec["cidrs"] or self.vpc_cidrs(vpc_id)
        rules = set(("tcp", port, port, cidr) for port in self.spec["ports"] for cidr in cidrs)
        tags = desired_tags((current or {}).get("tags"), self.resource.params)
        tags[MANAGED_TAG[0]] = MANAGED_TAG[1]
        return dict(group_id=(current or {}).get("group_id"), name=self.spec["name"], vpc_id=vpc_id,
                    rules=rules, tags=tags)

    @staticmethod
    def comparable(state):
        if state is None:
            return None
        return dict(name=state["name"], ingress=sorted(rule_text(rule) for rule in state["rules"]),
                    tags=state["tags"])

    @staticmethod
    def managed(state):
        return state is not None and state["tags"].get(MANAGED_TAG[0]) == MANAGED_TAG[1]

    # Changes ---------------------------------------------------------------------------

    def ensure(self, current, wanted):
        """Make the group as ``wanted``; return its ID."""
        if current is None:
            group_id = self.create(wanted)
            current = dict(rules=set(), tags=dict(wanted["tags"]))
        else:
            group_id = current["group_id"]
        stale = sorted(current["rules"] - wanted["rules"], key=rule_text)
        missing = sorted(wanted["rules"] - current["rules"], key=rule_text)
        # A change whose answer was lost and that the SDK sent again finds its work done: EC2 answers
        # a repeated revoke NotFound and a repeated authorize Duplicate (neither takes a client token).
        if stale:
            self.idempotent(self.client.revoke_security_group_ingress, "InvalidPermission.NotFound",
                            GroupId=group_id, IpPermissions=self.permissions(stale))
        if missing:
            self.idempotent(self.client.authorize_security_group_ingress, "InvalidPermission.Duplicate",
                            GroupId=group_id, IpPermissions=self.permissions(missing))
        update_ec2_tags(self.client, group_id, current["tags"], wanted["tags"])
        return group_id

    @staticmethod
    def idempotent(call, done_code, **request):
        """``call(**request)``; an answer ``done_code`` means an earlier send of it took effect."""
        try:
            call(aws_retry=True, **request)
        except ClientError as error:
            if error_code(error) != done_code:
                raise

    def create(self, wanted):
        description = self.spec["description"] or "Interface VPC endpoint to %s" % self.resource.service_name()
        request = dict(GroupName=wanted["name"], Description=description, VpcId=wanted["vpc_id"],
                       TagSpecifications=boto3_tag_specifications(wanted["tags"], ["security-group"]))
        try:
            return self.client.create_security_group(aws_retry=True, **request)["GroupId"]
        except ClientError as error:
            # A create whose answer was lost and that the SDK sent again (CreateSecurityGroup takes no
            # client token): the group of the first call is the one.
            if error_code(error) != "InvalidGroup.Duplicate":
                raise
            found = self.read(None, wanted["vpc_id"])
            if found is None:
                raise
            return found["group_id"]

    @staticmethod
    def permissions(rules):
        permissions = []
        for protocol, first, last, cidr in rules:
            permission = dict(IpProtocol=protocol, IpRanges=[dict(CidrIp=cidr)])
            if first is not None:
                permission.update(FromPort=first, ToPort=last)
            permissions.append(permission)
        return permissions

    def delete(self, group):
        """Delete the group once no network interface uses it any more (the endpoint's may
        linger a little after the endpoint is gone), within ``wait_timeout``."""
        def attempt():
            try:
                self.client.delete_security_group(aws_retry=True, GroupId=group["group_id"])
            except ClientError as error:
                if error_code(error) == "InvalidGroup.NotFound":
                    return True
                if error_code(error) != "DependencyViolation":
                    raise
                return False
            return True

        try:
            wait_for(attempt, done=bool, timeout=self.resource.params["wait_timeout"], sleep=self.resource.sleep,
                     clock=self.resource.clock, schedule=self.resource.poll_schedule)
        except WaitTimeout:
            raise WaitTimeout("security group %s (%s) is still in use after %ss; delete it once the network "
                              "interfaces that use it are gone"
                              % (group["name"], group["group_id"], self.resource.params["wait_timeout"]))


class VpcEndpoint(AwsResource):
    kind = "VPC endpoint"
    list_options = ("subnet_ids", "security_group_ids")
    # A new endpoint without security groups gets the VPC's default one; without private_dns_enabled
    # AWS decides (on when the service has a private DNS name), so a plan cannot say.
    value_options = dict(vpc_id=None, service_name=None, private_dns_enabled=None)
    deleting = ()  # IDs of matching endpoints that read() saw being deleted
    broken = ()  # IDs of matching failed, rejected or expired endpoints, which state=absent deletes too
    group = None  # the security group of the ``security_group`` option as read()
    group_wanted = None  # ... and as desired() wants it
    found = None  # the endpoint as read()
    dns_later = False  # private DNS is turned on once the new endpoint is available

    def __init__(self, module, client):
        super().__init__(module, client)
        self.groups = SecurityGroup(self) if self.params["security_group"] else None

    def service_name(self):
        return self.params["service_name"] or (self.found or {}).get("service_name")

    # Reading ------------------------------------------------------------------

    def fetch(self, endpoint_id):
        """The endpoint with this ID in any state, or None when EC2 no longer knows it."""
        raw = describe_one(self.client.describe_vpc_endpoints, "VpcEndpoints", "InvalidVpcEndpointId.NotFound",
                           VpcEndpointIds=[endpoint_id])
        return endpoint_state(raw) if raw else None

    def read(self):
        # An endpoint on its way (an earlier run returned early or gave up) is waited for first.
        self.found = current = self.settled(self.read_endpoint())
        if self.groups:
            self.group = self.groups.read(current, self.params["vpc_id"] or (current or {}).get("vpc_id"))
        if current is not None and self.groups:
            current = dict(current, security_group=self.groups.comparable(self.group))
        return current

    def read_endpoint(self):
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
        live = sorted((e for e in found if lower(e["state"]) not in GONE + BROKEN), key=lambda e: e["id"])
        only(live, "interface endpoints to %s in %s" % (self.params["service_name"], self.params["vpc_id"]),
             "pick one with vpc_endpoint_id")
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

    def comparable(self, state):
        result = super().comparable(state)
        if self.groups:
            result["security_group"] = state.get("security_group")
        return result

    def plan(self):
        action, current, desired = super().plan()
        if action is None and desired is None and self.groups and self.groups.managed(self.group):
            # No endpoint (any more), but the group this module made for it is still there.
            return "delete", dict(security_group=self.groups.comparable(self.group)), None
        return action, current, desired

    def desired(self, current):
        params = self.params
        if params["state"] == "absent":
            if self.group is not None and not self.groups.managed(self.group):
                self.warn("security_group: %s (%s) was not made by this module; it is kept"
                          % (self.group["name"], self.group["group_id"]))
            return None
        if current is None:
            if params["vpc_endpoint_id"]:
                raise LookupError("vpc_endpoint_id: there is no endpoint %s (or it is being deleted)"
                                  % params["vpc_endpoint_id"])
            return self.with_group(self.requested(None), None)
        if lower(current["state"]) in BROKEN:
            raise ValueError("vpc_endpoint_id: endpoint %s is %s and cannot be repaired; delete it, or leave out "
                             "vpc_endpoint_id to create a new one" % (current["id"], current["state"]))
        for name in ("vpc_id", "service_name"):
            if params[name] and params[name] != current[name]:
                raise ValueError("%s: endpoint %s belongs to %s, not %s; an endpoint cannot move, delete it and "
                                 "create a new one" % (name, current["id"], current[name], params[name]))
        want = self.requested(current)
        if want["private_dns_enabled"] != current["private_dns_enabled"] \
                and lower(current["state"]) == "pendingacceptance":
            self.warn("private_dns_enabled: endpoint %s waits for the service owner to accept it; "
                      "private DNS can change once it is accepted (run again then)" % current["id"])
            want["private_dns_enabled"] = current["private_dns_enabled"]
        return self.with_group(want, current)

    def with_group(self, want, current):
        """``want`` with the security group of the ``security_group`` option among its groups."""
        if not self.groups:
            return want
        self.group_wanted = self.groups.wanted(self.group, want["vpc_id"])
        want["security_group"] = self.groups.comparable(self.group_wanted)
        group_id = self.group_wanted["group_id"] or NEW_GROUP % self.group_wanted["name"]
        want["security_group_ids"] = sorted(set(want["security_group_ids"]) | {group_id})
        return want

    def ensure_group(self, desired):
        """Create or update the security group; return ``desired`` with its real ID."""
        if not self.groups:
            return desired
        group_id = self.group_wanted["group_id"] = self.groups.ensure(self.group, self.group_wanted)
        placeholder = NEW_GROUP % self.group_wanted["name"]
        desired = dict(desired, security_group_ids=sorted(
            group_id if item == placeholder else item for item in desired["security_group_ids"]))
        return desired

    # Waiting ----------------------------------------------------------------------

    @property
    def lifecycle(self):
        accepted = ("pendingacceptance",) if self.params["allow_pending_acceptance"] else ()
        return Lifecycle(status=lambda state: lower(state.get("state")),
                         transitional=TRANSITIONAL + (() if accepted else ("pendingacceptance",)),
                         ready=("available",) + accepted, failed=BROKEN, gone=GONE)

    def refresh(self, state):
        found = self.fetch(state["id"])
        return None if found is None or lower(found["state"]) == "deleted" else found

    def failure(self, state, waited_for=None):
        if state is None:
            return "endpoint %s disappeared" % (waited_for or {}).get("id")
        error = state.get("last_error") or {}
        reason = " ".join(filter(None, (error.get("code"), error.get("message"), state.get("failure_reason"))))
        return "endpoint %s is %s%s" % (state["id"], state["state"], ": " + reason if reason else "")

    def deleted(self, state):
        """delete() waits itself: for every endpoint it deleted, and before the security group goes."""

    # Changes ------------------------------------------------------------------------

    def after(self, endpoint):
        """The endpoint as the run leaves it, with its security group as the plan made it."""
        if self.groups:
            endpoint = dict(endpoint, security_group=self.groups.comparable(self.group_wanted))
        return endpoint

    def create_endpoint(self, request, private_dns):
        """CreateVpcEndpoint; True when private DNS must wait until the owner accepted the endpoint.

        Private DNS is asked for in the create call. EC2 refuses it before the service owner accepted
        the connection (CreateVpcEndpoint, PrivateDnsEnabled: "To use a private hosted zone, [...]");
        only after such a refusal is the service read, and when it requires acceptance the endpoint is
        created without private DNS, which is turned on once it is available.
        """
        if private_dns is not None:
            request["PrivateDnsEnabled"] = private_dns
        try:
            return self.client.create_vpc_endpoint(aws_retry=True, ClientToken=client_token(), **request), False
        except ClientError as error:
            if not (private_dns and error_code(error) == "InvalidParameter"
                    and self.acceptance_required(request["ServiceName"])):
                raise
        request["PrivateDnsEnabled"] = False
        return self.client.create_vpc_endpoint(aws_retry=True, ClientToken=client_token(), **request), True

    def create(self, desired):
        desired = self.ensure_group(desired)
        request = dict(
            VpcEndpointType="Interface",
            VpcId=desired["vpc_id"],
            ServiceName=desired["service_name"],
            SubnetIds=desired["subnet_ids"],
        )
        if desired["tags"]:
            request["TagSpecifications"] = boto3_tag_specifications(desired["tags"], ["vpc-endpoint"])
        if desired["security_group_ids"]:
            request["SecurityGroupIds"] = desired["security_group_ids"]
        # Only when asked for: AWS refuses private DNS for a service without a private DNS name.
        answer, self.dns_later = self.create_endpoint(request, desired["private_dns_enabled"])
        return endpoint_state(answer["VpcEndpoint"])

    def created(self, state, desired):
        endpoint = super().created(state, desired)
        if self.dns_later:
            if lower(endpoint["state"]) != "available":
                self.warn("private_dns_enabled: endpoint %s is %s; private DNS is turned on by a run after "
                          "the service owner accepted it" % (endpoint["id"], endpoint["state"]))
                return self.after(endpoint)
            self.client.modify_vpc_endpoint(aws_retry=True, VpcEndpointId=endpoint["id"], PrivateDnsEnabled=True)
            endpoint = super().created(self.fetch(endpoint["id"]), desired)
        return self.after(endpoint)

    def update(self, current, desired):
        desired = self.ensure_group(desired)
        if lower(current["state"]) in TRANSITIONAL:
            current = self.wait_ready(current)  # EC2 refuses to modify an endpoint while it is pending
        request = modify_request(current, desired,
                                 lists=dict(SubnetIds="subnet_ids", SecurityGroupIds="security_group_ids"),
                                 values=dict(PrivateDnsEnabled="private_dns_enabled"))
        if request:
            self.client.modify_vpc_endpoint(aws_retry=True, VpcEndpointId=current["id"], **request)
        tagged = update_ec2_tags(self.client, current["id"], current["tags"], desired["tags"])
        if not (request or tagged):
            return self.after(dict(current, security_group_ids=desired["security_group_ids"]))
        endpoint = self.fetch(current["id"])
        if request and self.params["wait"]:
            endpoint = self.wait_ready(endpoint)
        return self.after(endpoint)

    def delete(self, current):
        group = self.group if self.groups and self.groups.managed(self.group) else None
        endpoint_ids = [current["id"]] if current.get("id") else []
        endpoint_ids += [i for i in self.broken if i not in endpoint_ids]
        if endpoint_ids:
            check_unsuccessful(self.client.delete_vpc_endpoints(aws_retry=True, VpcEndpointIds=endpoint_ids),
                               "DeleteVpcEndpoints")
        # The group can only go once the endpoints' network interfaces are gone, also those of a
        # delete an earlier run started.
        waits = endpoint_ids + [i for i in self.deleting if i not in endpoint_ids] if group else endpoint_ids
        if self.params["wait"] or group:
            for endpoint_id in waits:
                self.wait_gone(dict(id=endpoint_id))
        if group:
            self.groups.delete(group)

    def apply(self):
        changed, before, after = super().apply()
        # Nothing left to delete, but a delete is still under way: finish its wait (no change).
        if not changed and not self.check_mode and self.params["wait"] and self.params["state"] == "absent":
            for endpoint_id in self.deleting:
                self.wait_gone(dict(id=endpoint_id))
        return changed, before, after

    def result(self, state):
        endpoint = dict(state or {})
        endpoint.pop("security_group", None)
        result = dict(endpoint=endpoint)
        if self.groups:
            group = self.group_wanted if self.params["state"] == "present" else None
            result["security_group"] = dict(self.groups.comparable(group), group_id=group["group_id"]) if group else {}
        return result
