# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""moto, taught the parts of EC2 PrivateLink that moto 5 leaves out, for the tests' AWS.

moto keeps every interface endpoint ``available``, ignores ``PrivateDnsEnabled`` on
``ModifyVpcEndpoint``, turns private DNS on for every endpoint created without the
parameter, and has no ``DescribeVpcEndpointConnections``,
``AcceptVpcEndpointConnections`` or ``RejectVpcEndpointConnections``. The
collection's modules and roles depend on exactly those behaviours (private DNS
turned on once an endpoint is available, the owner of an endpoint service that
requires acceptance accepting ClickPipes' endpoint), so without this the tests
could not exercise them end to end. ``install()`` patches moto's EC2 request
handlers, in the process that serves moto, to answer as EC2 does (EC2 API
Reference, CreateVpcEndpoint, ModifyVpcEndpoint, DescribeVpcEndpointConnections,
AcceptVpcEndpointConnections, RejectVpcEndpointConnections; botocore's EC2
``service-2.json`` for the shapes and the ``State`` enum):

- an interface endpoint to an endpoint service that requires acceptance starts
  ``pendingAcceptance``; the service owner's accept makes it ``available``, a
  reject ``rejected``;
- ``PrivateDnsEnabled`` left out means private DNS when the service has a private
  DNS name (and accepts automatically) and none otherwise; asking for it is refused
  when the service has no private DNS name, or while the connection is not accepted yet;
- ``ModifyVpcEndpoint`` applies ``PrivateDnsEnabled``;
- an endpoint from another account needs that account among the service's allowed
  principals (the ClickHouse emulator creates ClickPipes' endpoints in its own account).

Run as a script, it is ``moto_server`` with these patches (``python moto_extensions.py -H
127.0.0.1 -p 0``); ``local_clouds`` calls ``install()`` before its threaded moto server starts.
"""

from __future__ import annotations

import sys

_INSTALLED = []


def _refused(code, message):
    from moto.ec2.exceptions import EC2ClientError

    return EC2ClientError(code, message)


def _backends(region):
    """The EC2 backend of ``region`` in every account moto has seen."""
    from moto.ec2.models import ec2_backends

    return [regions[region] for _account, regions in list(ec2_backends.items())]


def find_service(region, service_name):
    """The endpoint service configuration named ``service_name``, in any account, or None."""
    for backend in _backends(region):
        for config in list(backend.configurations.values()):
            if config.service_name == service_name:
                return config
    return None


def _allowed(config, account_id):
    if config.ec2_backend.account_id == account_id:
        return True
    return any(p in ("*", "arn:aws:iam::%s:root" % account_id) for p in config.principals)


def _connections(backend):
    """(service configuration, endpoint, owner account) for each endpoint to one of ``backend``'s services."""
    services = {c.service_name: c for c in backend.configurations.values()}
    for other in _backends(backend.region_name):
        for endpoint in list(other.vpc_end_points.values()):
            config = services.get(endpoint.service_name)
            if config is not None and (endpoint.vpc_endpoint_type or "").lower() == "interface":
                yield config, endpoint, other.account_id


def describe_vpc_endpoint_connections(self):
    from moto.core.responses import ActionResult

    wanted = self._filters_from_querystring()
    fields = {"service-id": lambda c, e, o: c.id, "vpc-endpoint-id": lambda c, e, o: e.id,
              "vpc-endpoint-owner": lambda c, e, o: o, "vpc-endpoint-state": lambda c, e, o: e.state}
    connections = []
    for config, endpoint, owner in _connections(self.ec2_backend):
        if all(fields[name](config, endpoint, owner) in values for name, values in wanted.items() if name in fields):
            connections.append(dict(
                ServiceId=config.id, VpcEndpointId=endpoint.id, VpcEndpointOwner=owner,
                VpcEndpointState=endpoint.state, CreationTimestamp=endpoint.creation_timestamp,
                DnsEntries=endpoint.dns_entries or [], NetworkLoadBalancerArns=list(config.network_load_balancer_arns),
                VpcEndpointConnectionId="vpce-con-%s" % endpoint.id[len("vpce-"):]))
    return ActionResult({"VpcEndpointConnections": connections})


def _decide(response, new_state, allowed_from):
    """Accept or reject connections to one of the caller's services; refused items are ``Unsuccessful``."""
    from moto.core.responses import ActionResult

    service_id = response._get_param("ServiceId")
    if service_id not in response.ec2_backend.configurations:
        raise _refused("InvalidVpcEndpointServiceId.NotFound", "The VpcEndpointService Id '%s' does not exist"
                       % service_id)
    connections = {e.id: e for c, e, _o in _connections(response.ec2_backend) if c.id == service_id}
    unsuccessful = []
    for endpoint_id in response._get_param("VpcEndpointIds", []):
        endpoint = connections.get(endpoint_id)
        if endpoint is None:
            error = dict(Code="InvalidVpcEndpointId.NotFound",
                         Message="The VpcEndpoint Id '%s' does not exist" % endpoint_id)
        elif endpoint.state == new_state:
            continue
        elif endpoint.state not in allowed_from:
            error = dict(Code="InvalidState", Message="Endpoint %s is %s" % (endpoint_id, endpoint.state))
        else:
            endpoint.state = new_state
            continue
        unsuccessful.append(dict(ResourceId=endpoint_id, Error=error))
    return ActionResult({"Unsuccessful": unsuccessful})


def accept_vpc_endpoint_connections(self):
    # moto has no "pending" step after an accept: the connection is usable at once.
    return _decide(self, "available", ("pendingAcceptance", "rejected"))


def reject_vpc_endpoint_connections(self):
    return _decide(self, "rejected", ("pendingAcceptance", "available"))


def _private_dns_refusal(config, endpoint_state=None):
    if not config.private_dns_name:
        return _refused("InvalidParameter", "Private DNS can't be enabled because the service %s does not provide "
                                            "a private DNS name." % config.service_name)
    if endpoint_state == "pendingAcceptance":
        return _refused("InvalidParameter", "Private DNS can only be enabled after the endpoint connection is "
                                            "accepted by the owner of %s." % config.service_name)
    return None


def _patched_create(original):
    def create_vpc_endpoint(self):
        config = find_service(self.region, self._get_param("ServiceName"))
        interface = (self._get_param("VpcEndpointType") or "").lower() == "interface"
        asked = self._get_bool_param("PrivateDnsEnabled")  # None when left out
        if config is None or not interface:
            return original(self)
        if not _allowed(config, self.current_account):
            raise _refused("InvalidServiceName", "The Vpc Endpoint Service '%s' does not exist"
                           % config.service_name)
        if asked:
            refusal = _private_dns_refusal(config, "pendingAcceptance" if config.acceptance_required else None)
            if refusal:
                raise refusal
        result = original(self)
        endpoint = result.result["VpcEndpoint"]
        if asked is None:  # no private DNS before the owner accepted, as when asked for
            endpoint.private_dns_enabled = bool(config.private_dns_name) and not config.acceptance_required
        if config.acceptance_required:
            endpoint.state = "pendingAcceptance"
        return result

    return create_vpc_endpoint


def _patched_modify(original):
    def modify_vpc_endpoint(self):
        asked = self._get_bool_param("PrivateDnsEnabled")
        endpoint = None
        if asked is not None:
            endpoint = self.ec2_backend.get_vpc_end_point(self._get_param("VpcEndpointId"))
            config = find_service(self.region, endpoint.service_name)
            refusal = _private_dns_refusal(config, endpoint.state) if asked and config else None
            if refusal:
                raise refusal
        result = original(self)
        if endpoint is not None:
            endpoint.private_dns_enabled = asked
        return result

    return modify_vpc_endpoint


def install():
    """Patch moto's EC2 request handlers (once per process)."""
    if _INSTALLED:
        return
    from moto.ec2.responses import EC2Response

    EC2Response.create_vpc_endpoint = _patched_create(EC2Response.create_vpc_endpoint)
    EC2Response.modify_vpc_endpoint = _patched_modify(EC2Response.modify_vpc_endpoint)
    EC2Response.describe_vpc_endpoint_connections = describe_vpc_endpoint_connections
    EC2Response.accept_vpc_endpoint_connections = accept_vpc_endpoint_connections
    EC2Response.reject_vpc_endpoint_connections = reject_vpc_endpoint_connections
    _INSTALLED.append(True)


def main(argv=None):
    from moto.server import main as moto_main

    install()
    moto_main(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    main()
