# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The VPC endpoint service of ``aws_vpc_endpoint_service``: Network Load Balancers published over
PrivateLink, and the principals allowed to connect.

Requests: a run reads the service configuration once, and its permissions only with
``state=present`` (a delete does not need them). A delete by ``service_id`` outside check mode
and ``--diff`` sends the delete without reading first (the caller found the service already, as
the ClickPipes role does with a check-mode run): EC2 answers an unknown ID in ``Unsuccessful``,
which is "nothing to delete". With ``wait``, one read then sees the service gone.
"""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_specifications
from ansible_collections.privatelink.endpoints.plugins.module_utils.aws import (
    AwsResource,
    check_unsuccessful,
    client_token,
    describe_one,
    lower,
    modify_request,
    paged,
    snake_aws,
    update_ec2_tags,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import Lifecycle, wanted_with_purge

GONE = ("deleting", "deleted")
# DeleteVpcEndpointServiceConfigurations' Unsuccessful codes for a service EC2 does not know (any more).
MISSING = ("InvalidVpcEndpointService.NotFound", "InvalidVpcEndpointServiceId.NotFound")


def option_errors(params):
    """ARN options that hold no ARN, and an empty load balancer list, each naming the option."""
    errors = []
    if params["network_load_balancer_arns"] == []:
        errors.append("network_load_balancer_arns must not be empty; an endpoint service needs a load balancer")
    for name, star in (("network_load_balancer_arns", False), ("allowed_principals", True)):
        errors.extend("%s: %r is not an ARN%s" % (name, value, " or *" if star else "")
                      for value in params[name] or [] if not (value.startswith("arn:") or (star and value == "*")))
    return errors


class EndpointService(AwsResource):
    kind = "VPC endpoint service"
    list_options = ("network_load_balancer_arns", "allowed_principals")
    value_options = dict(acceptance_required=True)  # the AWS default
    missing = False  # a delete without a read found nothing to delete
    removed = None  # the service a delete removed (in check mode: would remove)
    lifecycle = Lifecycle(status=lambda state: lower(state.get("service_state")), transitional=("pending",),
                          ready=("available",), failed=("failed",), gone=GONE)

    # Reading ------------------------------------------------------------------

    def last_seen(self, state):
        return state and state.get("service_state")

    def fetch(self, service_id):
        """The service with this ID in any state (permissions included), or None when EC2 does not know it."""
        raw = describe_one(self.client.describe_vpc_endpoint_service_configurations, "ServiceConfigurations",
                           "InvalidVpcEndpointServiceId.NotFound", ServiceIds=[service_id])
        return self.state_of(raw) if raw else None

    def refresh(self, state):
        """The configuration alone while waiting; the permissions are what the run set or read."""
        raw = describe_one(self.client.describe_vpc_endpoint_service_configurations, "ServiceConfigurations",
                           "InvalidVpcEndpointServiceId.NotFound", ServiceIds=[state["id"]])
        if raw is None or lower(raw.get("ServiceState")) == "deleted":
            return None
        found = self.state_of(raw, permissions=False)
        if "allowed_principals" in state:
            found["allowed_principals"] = state["allowed_principals"]
        return found

    def state_of(self, raw, permissions=True):
        state = snake_aws(raw)
        state["id"] = raw["ServiceId"]
        state["network_load_balancer_arns"] = sorted(raw.get("NetworkLoadBalancerArns") or [])
        if permissions and self.params["state"] == "present":  # a delete needs no permissions
            permissions = paged(self.client.describe_vpc_endpoint_service_permissions, "AllowedPrincipals",
                                ServiceId=raw["ServiceId"])
            state["allowed_principals"] = sorted(p["Principal"] for p in permissions)
        return state

    def comparable(self, state):
        result = super().comparable(state)
        if "allowed_principals" not in state:
            del result["allowed_principals"]  # not read for a delete
        return result

    def read(self):
        if self.params["service_id"]:
            if self.params["state"] == "absent" and not (self.check_mode or self.module._diff):
                return dict(id=self.params["service_id"])  # delete() tells whether there was one
            found = self.fetch(self.params["service_id"])
            return found if found and lower(found.get("service_state")) not in GONE else None
        balancers = set(self.params["network_load_balancer_arns"])
        found = [c for c in paged(self.client.describe_vpc_endpoint_service_configurations, "ServiceConfigurations")
                 if lower(c.get("ServiceState")) not in GONE + ("failed",)
                 and balancers & set(c.get("NetworkLoadBalancerArns") or [])]
        if len(found) > 1:
            raise ValueError("network_load_balancer_arns: these load balancers belong to %d endpoint services (%s); "
                             "pick one with service_id" % (len(found), ", ".join(sorted(c["ServiceId"] for c in found))))
        return self.settled(self.state_of(found[0])) if found else None

    # Desired state --------------------------------------------------------------

    def desired(self, current):
        params = self.params
        if params["state"] == "absent":
            return None
        if current is None and params["service_id"]:
            raise ValueError("service_id: there is no endpoint service %s (or it is being deleted)" % params["service_id"])
        if current and lower(current.get("service_state")) == "failed":
            raise ValueError("service_id: endpoint service %s failed; delete it and create a new one" % current["id"])
        want = self.requested(current)
        want["allowed_principals"] = wanted_with_purge((current or {}).get("allowed_principals"),
                                                       params["allowed_principals"], params["purge_allowed_principals"])
        return want

    # Changes ------------------------------------------------------------------------

    def set_principals(self, service_id, current, desired):
        request = modify_request(current, desired, lists=dict(AllowedPrincipals="allowed_principals"))
        if request:
            self.client.modify_vpc_endpoint_service_permissions(aws_retry=True, ServiceId=service_id, **request)

    def create(self, desired):
        request = dict(NetworkLoadBalancerArns=desired["network_load_balancer_arns"],
                       AcceptanceRequired=desired["acceptance_required"], ClientToken=client_token())
        if desired["tags"]:
            request["TagSpecifications"] = boto3_tag_specifications(desired["tags"], ["vpc-endpoint-service"])
        raw = self.client.create_vpc_endpoint_service_configuration(aws_retry=True, **request)["ServiceConfiguration"]
        self.set_principals(raw["ServiceId"], {}, desired)
        # Its principals are the ones just set: not read again.
        return dict(self.state_of(raw, permissions=False), allowed_principals=desired["allowed_principals"])

    def update(self, current, desired):
        request = modify_request(current, desired, lists=dict(NetworkLoadBalancerArns="network_load_balancer_arns"),
                                 values=dict(AcceptanceRequired="acceptance_required"))
        if request:
            self.client.modify_vpc_endpoint_service_configuration(aws_retry=True, ServiceId=current["id"], **request)
        self.set_principals(current["id"], current, desired)
        update_ec2_tags(self.client, current["id"], current["tags"], desired["tags"])
        service = self.fetch(current["id"])
        return self.wait_ready(service) if request and self.params["wait"] else service

    def delete(self, current):
        answer = self.client.delete_vpc_endpoint_service_configurations(aws_retry=True, ServiceIds=[current["id"]])
        refused = [(item.get("Error") or {}).get("Code") for item in answer.get("Unsuccessful") or []]
        if "service_state" not in current and refused and set(refused) <= set(MISSING):
            self.missing = True  # deleted unread: there was none (any more)
            return
        check_unsuccessful(answer, "DeleteVpcEndpointServiceConfigurations")

    def deleted(self, state):
        if not self.missing:
            super().deleted(state)

    def apply(self):
        changed, before, after = super().apply()
        if self.missing:
            return False, None, None
        self.removed = before if changed and after is None else None
        return changed, before, after

    def result(self, state):
        result = dict(endpoint_service=state or {})
        if self.params["state"] == "absent":
            result["deleted_endpoint_service"] = self.removed or {}
        return result
