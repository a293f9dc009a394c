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
  - Makes one read (C(GET .../services/{id}), or the service list when O(service_name) is given)
    and at most one write, a C(PATCH .../services/{id}) with everything to add and remove (the API
    removes before it adds); a run that changes nothing writes nothing.
  - An ID given a description in O(descriptions) that the organization does not know yet is attached
    with C(POST .../services/{id}/privateEndpoint) instead, one extra call per such ID, because only
    that route stores a description while attaching.
  - Attaching an endpoint also registers it in the organization, which is the supported way to register
    endpoints (the organization-level C(privateEndpoints.add) is deprecated in the API); removing it
    from the service does not deregister it (use M(privatelink.endpoints.clickhouse_org_private_endpoints)
    with O(privatelink.endpoints.clickhouse_org_private_endpoints#module:state=absent), which is not deprecated).
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
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import (
    SERVICE_OPTION_RULES,
    ClickHouseClient,
    clickhouse_module,
    service_argument_spec,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse_access import (
    ServiceListResource,
    check_endpoint_id,
    endpoint_key,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.membership import (
    membership_argument_spec,
    unique_entries,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import call_once


class ServicePrivateEndpoints(ServiceListResource):
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
        return wanted

    def check_service(self, service):
        provider = service.get("provider")
        if self.cloud and provider and provider != self.cloud:
            self.module.fail_json(
                msg="private_endpoint_ids: these are %s endpoint IDs, but service %s (%s) runs on %s"
                    % (self.cloud, service.get("name"), service.get("id"), provider))

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
        after = self.send([i for i in self.plan_.add if i not in described], self.plan_.remove)
        for endpoint_id in described:
            self.attach(endpoint_id, self.descriptions[endpoint_key(endpoint_id)])
            if endpoint_key(endpoint_id) not in set(endpoint_key(i) for i in after):
                after.append(endpoint_id)
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


def main():
    spec = service_argument_spec()
    spec.update(membership_argument_spec())
    spec.update(
        private_endpoint_ids=dict(type="list", elements="str", required=True),
        descriptions=dict(type="dict"),
    )
    module = clickhouse_module(spec, **SERVICE_OPTION_RULES)
    ServicePrivateEndpoints(module, ClickHouseClient(module)).run()


if __name__ == "__main__":
    main()
