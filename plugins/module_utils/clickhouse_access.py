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

from ansible_collections.privatelink.endpoints.plugins.module_utils.membership import MembershipResource

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
        """Fail the module when the service cannot hold the wanted entries."""

    def send(self, add, remove):
        service = self.patch_service({self.service_field: delta(add, remove)}) if add or remove else None
        return self.list_in(service, self.service_field)

    def patch_service(self, body):
        return self.client.request("PATCH", self.client.service_path(self.service["id"]), json_body=body)

    def result(self, state):
        result = super().result(state)
        result["service_id"] = self.service["id"]
        return result
