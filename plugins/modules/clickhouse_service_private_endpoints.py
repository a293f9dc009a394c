#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_service_private_endpoints
short_description: Manage the private endpoint allow-list of a ClickHouse Cloud service
version_added: 1.0.0
description:
  - Adds private endpoint IDs to, or removes them from, the list of private endpoints allowed to
    reach a ClickHouse Cloud service (C(privateEndpointIds)). Works for AWS PrivateLink, GCP Private
    Service Connect and Azure Private Link alike.
  - Additive by default, so endpoints added by other playbooks or in the console are kept; two runs
    adding different endpoints to one service at the same time both keep theirs. Use O(purge) to
    make the list exactly O(private_endpoint_ids).
  - Every endpoint ID is checked against its cloud's format before the first API call, and the
    cloud must be the service's (O(provider) or, once the service is found, its provider).
  - Makes one read (C(GET .../services/{id}), or the service list when O(service_name) or O(deregister)
    is given) and at most one write, a C(PATCH .../services/{id}) with everything to add and remove in
    both lists (the API removes before it adds); a run that changes nothing writes nothing.
  - An ID given a description in O(descriptions) that the organization does not know yet is attached
    with C(POST .../services/{id}/privateEndpoint) instead, one extra call per such ID, because only
    that route stores a description while attaching.
  - Attaching an endpoint also registers it in the organization, which is the supported way to register
    endpoints (the organization-level C(privateEndpoints.add) is deprecated in the API); removing it
    from the service does not deregister it, unless O(deregister=true) (or use
    M(privatelink.endpoints.clickhouse_org_private_endpoints) with
    O(privatelink.endpoints.clickhouse_org_private_endpoints#module:state=absent), which is not deprecated).
  - O(ip_access_list) sets the service's IP access list in the same read and write, so that one task
    makes a service reachable over private endpoints only, or from given addresses as well.
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  private_endpoint_ids:
    description:
      - Private endpoint IDs to allow (O(state=present)) or to remove (O(state=absent)).
      - "AWS: the VPC endpoint ID (V(vpce-) and hex digits). GCP: the Private Service Connect
        connection ID (a number). Azure: the private endpoint's resource ID
        (V(/subscriptions/.../privateEndpoints/NAME)) or its resourceGuid; compared case-blind."
      - All IDs must belong to the service's cloud.
      - With O(purge=true), an empty list removes every private endpoint from the service.
    type: list
    elements: str
    required: true
  descriptions:
    description:
      - Descriptions for endpoints of O(private_endpoint_ids) that are not attached yet, keyed by
        endpoint ID. Such an endpoint is attached and registered with its description in one call.
      - Only used when an endpoint is attached and the organization does not know it yet (it is not in
        the service's C(availablePrivateEndpointIds)). The description of an endpoint already registered,
        attached here or elsewhere, is not read or changed; the OpenAPI document has no supported call
        for that, only the deprecated organization-level C(add) of
        M(privatelink.endpoints.clickhouse_org_private_endpoints). Attaching such an endpoint with a
        description warns that the description was not applied.
      - Only with O(state=present).
    type: dict
  ip_access_list:
    description:
      - The service's whole IP access list (public access), set in the same C(PATCH) as the endpoints -
        entries not listed are removed, V([]) leaves no public access at all (private endpoints only).
      - Not given, the IP access list is left as it is. To add or remove single entries, use
        M(privatelink.endpoints.clickhouse_service_ip_access_list).
      - Only with O(state=present).
    type: list
    elements: dict
    suboptions:
      source:
        description:
          - An IPv4 or IPv6 address or network in CIDR notation, for example V(203.0.113.7) or
            V(198.51.100.0/24). A network with host bits set is refused.
        type: str
        required: true
      description:
        description:
          - Description of the entry. When set and the entry exists with another description, the
            entry is replaced in the same request; when not set, an existing entry's description is kept.
        type: str
  deregister:
    description:
      - With O(state=absent), also deregister from the organization each endpoint of O(private_endpoint_ids)
        that is still registered and that no other service of the organization allows (the API's
        C(privateEndpoints.remove), which is not deprecated), in one C(PATCH) of the organization. An
        endpoint another service allows stays registered and is listed in RV(kept).
      - The read is then the list of the organization's services instead of the service's C(GET) (it
        holds every service's allow-list); whether an endpoint is still registered is read from the
        service's C(availablePrivateEndpointIds), so the organization itself is not read.
      - Deregistering needs an API key with the Admin role.
    type: bool
    default: false
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.clickhouse.service
  - privatelink.endpoints.membership
  - privatelink.endpoints.api
  - privatelink.endpoints.api.attributes
"""

EXAMPLES = r"""
- name: Allow a VPC endpoint to reach the service (others stay allowed)
  privatelink.endpoints.clickhouse_service_private_endpoints:
    organization_id: "{{ clickhouse_org_id }}"
    service_name: analytics-prod
    region: us-east-1
    private_endpoint_ids:
      - vpce-0123456789abcdef0

- name: Attach a GCP PSC connection with a description
  privatelink.endpoints.clickhouse_service_private_endpoints:
    service_id: "{{ service_id }}"
    private_endpoint_ids: ["84592016723381121"]
    descriptions:
      "84592016723381121": PSC from the data VPC

- name: Only these Azure private endpoints, nothing else
  privatelink.endpoints.clickhouse_service_private_endpoints:
    service_id: "{{ service_id }}"
    private_endpoint_ids:
      - /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/ch
    purge: true

- name: Stop allowing an endpoint
  privatelink.endpoints.clickhouse_service_private_endpoints:
    service_id: "{{ service_id }}"
    private_endpoint_ids: [vpce-0123456789abcdef0]
    state: absent

- name: Allow a VPC endpoint with a description, and no public access, in one task
  privatelink.endpoints.clickhouse_service_private_endpoints:
    service_id: "{{ service_id }}"
    private_endpoint_ids: [vpce-0123456789abcdef0]
    descriptions:
      vpce-0123456789abcdef0: analytics VPC
    ip_access_list: []

- name: Detach an endpoint and deregister it unless another service allows it
  privatelink.endpoints.clickhouse_service_private_endpoints:
    service_id: "{{ service_id }}"
    private_endpoint_ids: [vpce-0123456789abcdef0]
    state: absent
    deregister: true
  register: detached
"""

RETURN = r"""
service_id:
  description: ID of the service.
  returned: success
  type: str
  sample: 4f5e3c2a-0000-4000-8000-000000000001
private_endpoint_ids:
  description:
    - The service's private endpoint IDs after the run (in check mode, what they would be).
  returned: success
  type: list
  elements: str
  sample: ["vpce-0123456789abcdef0"]
added:
  description: Endpoint IDs added (in check mode, that would be added).
  returned: success
  type: list
  elements: str
  sample: ["vpce-0123456789abcdef0"]
removed:
  description: Endpoint IDs removed (in check mode, that would be removed).
  returned: success
  type: list
  elements: str
  sample: []
ip_access_list:
  description:
    - The service's IP access list after the run (in check mode, what it would be), each entry with its
      C(source) as the API stores it and its C(description) (empty when there is none).
  returned: when O(ip_access_list) is given
  type: list
  elements: dict
  sample: [{"source": "198.51.100.0/24", "description": "office"}]
deregistered:
  description: Endpoint IDs deregistered from the organization (in check mode, that would be).
  returned: when O(deregister=true)
  type: list
  elements: str
  sample: ["vpce-0123456789abcdef0"]
kept:
  description:
    - Endpoint IDs of O(private_endpoint_ids) that other services of the organization allow, so they stay
      registered (and, for a role, the endpoints themselves should stay).
  returned: when O(deregister=true)
  type: list
  elements: str
  sample: []
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import (
    SERVICE_OPTION_RULES,
    ClickHouseClient,
    clickhouse_module,
    service_argument_spec,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse_access import (
    ServicePrivateEndpoints,
    ip_entries_argument_spec,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.membership import membership_argument_spec


def main():
    spec = service_argument_spec()
    spec.update(membership_argument_spec())
    spec.update(
        private_endpoint_ids=dict(type="list", elements="str", required=True),
        descriptions=dict(type="dict"),
        ip_access_list=ip_entries_argument_spec(required=False),
        deregister=dict(type="bool", default=False),
    )
    module = clickhouse_module(spec, **SERVICE_OPTION_RULES)
    ServicePrivateEndpoints(module, ClickHouseClient(module)).run()


if __name__ == "__main__":
    main()
