# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Who may reach a ClickHouse Cloud service: private endpoint IDs per cloud, IP sources,
and the service and organization lists that hold them.

The API accepts any string as an endpoint ID and registers it organization-wide,
so the checks here are the only thing standing between a typo and a useless
entry: they run before the first API call.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.membership import (
    MembershipPlan,
    MembershipResource,
    plan_membership,
    unique_entries,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import call_once

_GUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# What each cloud calls the ID of a consumer endpoint, and how it looks.
ENDPOINT_ID_FORMATS = {
    # VPC endpoint ID: "vpce-" and 8 (older) or 17 hex digits.
    "aws": (re.compile(r"^vpce-[0-9a-f]{8,17}$"), "a VPC endpoint ID such as vpce-0123456789abcdef0"),
    # Private Service Connect connection ID: a decimal number (uint64).
    "gcp": (re.compile(r"^[0-9]{1,20}$"), "a PSC connection ID (a number such as 84592016723381121)"),
    # Private endpoint resource ID, or its resourceGuid (older, still accepted). Azure IDs are case-blind.
    "azure": (re.compile(r"^(/subscriptions/%s/resourceGroups/[^/]+/providers/Microsoft\.Network/"
                         r"privateEndpoints/[^/]+|%s)$" % (_GUID, _GUID), re.IGNORECASE),
              "a private endpoint resource ID (/subscriptions/.../privateEndpoints/NAME) or its resourceGuid"),
}

# Region names per cloud; the three naming schemes do not overlap.
REGION_FORMATS = {
    "aws": (re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]+$"), "such as us-east-1"),
    "gcp": (re.compile(r"^[a-z]+-[a-z]+[0-9]+$"), "such as us-east1"),
    "azure": (re.compile(r"^[a-z]+[0-9]*$"), "such as eastus2"),
}


def endpoint_cloud(endpoint_id):
    """The cloud whose endpoint ID format ``endpoint_id`` has, or None."""
    for cloud, (pattern, dummy) in ENDPOINT_ID_FORMATS.items():
        if pattern.fullmatch(endpoint_id):
            return cloud
    return None


def check_endpoint_id(endpoint_id, option, cloud=None, cloud_option=None):
    """Return the cloud of a valid endpoint ID; raise ValueError naming ``option`` otherwise.

    With ``cloud`` given, the ID must belong to that cloud; the error then
    names ``cloud_option`` (where that cloud came from) as well.
    """
    found = endpoint_cloud(endpoint_id)
    if found is None:
        expected = "; ".join("%s: %s" % (c, hint) for c, (dummy, hint) in ENDPOINT_ID_FORMATS.items())
        raise ValueError("%s: %r is not a private endpoint ID of any supported cloud (%s)"
                         % (option, endpoint_id, expected))
    if cloud and found != cloud:
        raise ValueError("%s: %r is an endpoint ID of %s, but %s is %s (expected %s)"
                         % (option, endpoint_id, found, cloud_option, cloud,
                            ENDPOINT_ID_FORMATS[cloud][1]))
    return found


def endpoint_key(endpoint_id):
    """Identity of an endpoint ID: Azure resource IDs and GUIDs compare case-blind."""
    return endpoint_id.strip().lower()


def check_region(region, cloud, option):
    pattern, hint = REGION_FORMATS[cloud]
    if not pattern.fullmatch(region):
        raise ValueError("%s: %r is not a region name of %s (%s)" % (option, region, cloud, hint))
    return region


def ip_source(value, option):
    """Normalise an IPv4/IPv6 address or CIDR; raise ValueError naming ``option``.

    A host address and its /32 (/128) are the same source and come out as the
    bare address; networks come out as compressed ``address/prefix``. A CIDR
    with host bits set is refused rather than guessed at.
    """
    text = (value or "").strip()
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        try:
            loose = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise ValueError("%s: %r is not an IPv4 or IPv6 address or CIDR" % (option, value))
        raise ValueError("%s: %r has host bits set; the network is %s" % (option, value, loose))
    if network.prefixlen == network.max_prefixlen:
        return str(network.network_address)
    return str(network)


def source_key(entry):
    """Identity of an IP access list entry: its normalised source (raw text if it does not parse)."""
    source = entry.get("source") or ""
    try:
        return ip_source(source, "source")
    except ValueError:
        return source.strip().lower()


def ip_entries(entries, option):
    """The IP access list entries of an option (``source``, optional ``description``), normalised and
    checked; raise ValueError naming ``option`` and the entry."""
    wanted = []
    for index, entry in enumerate(entries):
        item = dict(source=ip_source(entry["source"], "%s[%d].source" % (option, index)))
        if entry.get("description") is not None:
            item["description"] = entry["description"]
        wanted.append(item)
    return unique_entries(wanted, source_key, option)


def same_ip_entry(current, wanted):
    """An entry needs no change when no description is wanted, or it has the wanted one."""
    return "description" not in wanted or (current.get("description") or "") == wanted["description"]


def export_ip_entries(entries):
    return [dict(source=e.get("source"), description=e.get("description") or "") for e in entries]


# OrganizationPrivateEndpointsPatch in the official OpenAPI document: changing registrations is for Admin keys.
ADMIN_HINT = "changing organization private endpoints needs an API key with the Admin role"


def patch_registrations(client, add=(), remove=()):
    """One PATCH of the organization's private endpoint registrations; return the list after it.

    A registration is removed by ID, cloud and region (a description is not needed); a 403
    fails the run saying that only an Admin key may do this (the answer stays its ``api_error``).
    """
    body = {"privateEndpoints": delta(list(add), [dict(id=e.get("id"), cloudProvider=e.get("cloudProvider"),
                                                       region=e.get("region")) for e in remove])}
    try:
        organization = client.request("PATCH", client.org_path(), json_body=body)
    except ApiError as error:
        if error.status == 403:
            raise ValueError("%s; %s" % (error, ADMIN_HINT)) from error
        raise
    return organization


def delta(add, remove):
    """An ``{add, remove}`` body with the empty side left out."""
    body = {}
    if add:
        body["add"] = add
    if remove:
        body["remove"] = remove
    return body


class ServiceListResource(MembershipResource):
    """A list field of a service (``privateEndpointIds``, ``ipAccessList``).

    The service GET (or the list call when looking up by name) is the one
    read; the service PATCH, whose answer is the updated service, the one write.
    """

    #: The camelCase list field of the Service object.
    service_field = None

    def read(self):
        self.service = self.client.service_from_params(self.module)
        self.check_service(self.service)
        return list(self.service.get(self.service_field) or [])

    def check_service(self, service):
        """Raise ValueError when the service cannot hold the wanted entries."""

    def send(self, add, remove):
        service = self.patch_service({self.service_field: delta(add, remove)}) if add or remove else None
        return self.list_in(service, self.service_field)

    def patch_service(self, body):
        return self.client.request("PATCH", self.client.service_path(self.service["id"]), json_body=body)

    def result(self, state):
        result = super().result(state)
        result["service_id"] = self.service["id"]
        return result


def ip_entries_argument_spec(required=True):
    """An IP access list option: entries of ``source`` and optional ``description``."""
    return dict(type="list", elements="dict", required=required, options=dict(
        source=dict(type="str", required=True),
        description=dict(type="str"),
    ))


class ServicePrivateEndpoints(ServiceListResource):
    """A service's private endpoint allow-list, with two things the same read serves.

    ``ip_access_list`` sets the service's IP access list whole, in the same PATCH as the
    endpoints. ``deregister`` (with state absent) also deregisters from the organization
    the endpoints no other service allows: the read is then the services list, which holds
    every service's allow-list, and each service's ``availablePrivateEndpointIds`` says
    which detached endpoints are still registered, so the organization is not read.

    The state compared is ``{"ids": [...], "ip": [...], "registered": [...]}``: the allow-list,
    the IP access list, and the endpoints to deregister that are still registered.
    """

    kind = "service private endpoint allow-list"
    field = "private_endpoint_ids"
    service_field = "privateEndpointIds"
    key = staticmethod(endpoint_key)

    def validate(self):
        p = self.params
        clouds = set()
        for index, endpoint_id in enumerate(p["private_endpoint_ids"]):
            clouds.add(check_endpoint_id(endpoint_id, "private_endpoint_ids[%d]" % index,
                                         p["provider"], "provider"))
        if len(clouds) > 1:
            raise ValueError("private_endpoint_ids: mixes endpoint IDs of %s; a service is on one cloud"
                             % " and ".join(sorted(clouds)))
        self.cloud = clouds.pop() if clouds else None
        wanted = unique_entries(p["private_endpoint_ids"], endpoint_key, "private_endpoint_ids")
        self.descriptions = {}
        if p["descriptions"]:
            if p["state"] != "present":
                raise ValueError("descriptions: only used with state=present")
            listed = set(endpoint_key(i) for i in wanted)
            for endpoint_id, description in p["descriptions"].items():
                if endpoint_key(endpoint_id) not in listed:
                    raise ValueError("descriptions: %r is not one of private_endpoint_ids" % endpoint_id)
                self.descriptions[endpoint_key(endpoint_id)] = str(description)
        self.ip_wanted = None
        if p.get("ip_access_list") is not None:
            if p["state"] != "present":
                raise ValueError("ip_access_list: only used with state=present")
            self.ip_wanted = ip_entries(p["ip_access_list"], "ip_access_list")
        if p.get("deregister") and p["state"] != "absent":
            raise ValueError("deregister: only used with state=absent")
        self.ip_plan = MembershipPlan([], [], [])
        self.in_use = set()
        self.deregistering = []  # registrations this run removes (would remove, in check mode)
        return wanted

    def read(self):
        services = self.client.list_services() if self.params.get("deregister") else None
        self.service = self.client.service_from_params(self.module, services)
        self.check_service(self.service)
        # Other services' allow-lists: an endpoint one of them has stays registered.
        self.in_use = set(endpoint_key(i) for s in services or () if s.get("id") != self.service["id"]
                          for i in s.get(self.service_field) or [])
        return self.state_of(self.service)

    def state_of(self, service):
        """The compared state of a service as the API returns it."""
        wanted = set(self.key(i) for i in self.wanted)
        registered = [i for i in (service.get(self.service_field) or []) + (service.get("availablePrivateEndpointIds") or [])
                      if self.key(i) in wanted] if self.params.get("deregister") else []
        return dict(ids=list(service.get(self.service_field) or []), ip=list(service.get("ipAccessList") or []),
                    registered=[i for i in registered if self.key(i) not in self.in_use])

    def check_service(self, service):
        provider = service.get("provider")
        if self.cloud and provider and provider != self.cloud:
            raise ValueError("private_endpoint_ids: these are %s endpoint IDs, but service %s (%s) runs on %s"
                             % (self.cloud, service.get("name"), service.get("id"), provider))

    def desired(self, current):
        self.deregistering = current["registered"]
        ids = super().desired(current["ids"])
        ip = current["ip"]
        if self.ip_wanted is not None:
            self.ip_plan = plan_membership(current["ip"], self.ip_wanted, source_key, purge=True, same=same_ip_entry)
            ip = self.ip_plan.after
        return dict(ids=ids, ip=ip, registered=[])

    def comparable(self, state):
        view = super().comparable(state["ids"])
        if self.ip_wanted is not None:
            view["ip_access_list"] = export_ip_entries(sorted(state["ip"], key=source_key))
        if self.params.get("deregister"):
            view["registered_in_organization"] = sorted(state["registered"], key=self.key)
        return view

    def update(self, current, desired):
        # POST .../privateEndpoint is documented as creating a new private endpoint, so an endpoint the
        # organization already knows (available to this service) is attached by the PATCH and keeps
        # its description.
        known = set(endpoint_key(i) for i in self.service.get("availablePrivateEndpointIds") or [])
        described = [i for i in self.plan_.add if endpoint_key(i) in self.descriptions and endpoint_key(i) not in known]
        for endpoint_id in self.plan_.add:
            if endpoint_key(endpoint_id) in self.descriptions and endpoint_key(endpoint_id) in known:
                self.module.warn("descriptions: %s is already registered in the organization and keeps its "
                                 "description there; the API has no supported call to change it" % endpoint_id)
        body = {}
        add = [i for i in self.plan_.add if i not in described]
        if add or self.plan_.remove:
            body[self.service_field] = delta(add, self.plan_.remove)
        if self.ip_plan.add or self.ip_plan.remove:
            body["ipAccessList"] = delta(self.ip_plan.add, self.ip_plan.remove)
        after = dict(desired)
        if body:
            service = self.patch_service(body)
            after.update(ids=self.list_in(service, self.service_field),
                         ip=list(service["ipAccessList"]) if isinstance(service, dict) and "ipAccessList" in service
                         else desired["ip"])
        for endpoint_id in described:
            self.attach(endpoint_id, self.descriptions[endpoint_key(endpoint_id)])
            if endpoint_key(endpoint_id) not in set(endpoint_key(i) for i in after["ids"]):
                after["ids"].append(endpoint_id)
        if self.deregistering:
            region = dict(cloudProvider=self.service.get("provider"), region=self.service.get("region"))
            patch_registrations(self.client, remove=[dict(region, id=i) for i in self.deregistering])
        return after

    def attach(self, endpoint_id, description):
        """Attach (and register) one endpoint with its description; never twice blindly."""
        path = self.client.service_path(self.service["id"], "privateEndpoint")

        def attached():
            service = self.client.get_service(self.service["id"])
            ids = set(endpoint_key(i) for i in service.get(self.service_field) or [])
            return endpoint_id if endpoint_key(endpoint_id) in ids else None

        return call_once(
            lambda: self.client.request("POST", path, json_body={"id": endpoint_id, "description": description}),
            attached, settle=self.settle_timeout())

    def result(self, state):
        result = super().result(state["ids"])
        if self.ip_wanted is not None:
            result["ip_access_list"] = export_ip_entries(state["ip"])
        if self.params.get("deregister"):
            result["deregistered"] = list(self.deregistering)
            result["kept"] = [i for i in self.wanted if self.key(i) in self.in_use]
        return result
