#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_org_private_endpoints
short_description: Register private endpoints in a ClickHouse Cloud organization
version_added: 1.0.0
description:
  - Registers private endpoints in, or deregisters them from, a ClickHouse Cloud organization
    (the organization's C(privateEndpoints)), for AWS PrivateLink, GCP Private Service Connect and
    Azure Private Link alike.
  - Registering (O(state=present)) uses the organization's C(privateEndpoints.add), which the ClickHouse
    Cloud OpenAPI document marks deprecated in favour of attaching the endpoint to a service
    (C(privateEndpointIds) of "Update Service Basic Details"), which registers it too. Use
    M(privatelink.endpoints.clickhouse_service_private_endpoints) instead, with its
    O(privatelink.endpoints.clickhouse_service_private_endpoints#module:descriptions) for a description;
    every run with O(state=present) warns about this.
  - Deregistering (O(state=absent), and what O(purge=true) removes) uses C(privateEndpoints.remove),
    which is not deprecated. Detaching an endpoint from a service does not deregister it; this module
    is how an endpoint detached from every service is deregistered.
  - Changing the description of an endpoint already registered is only possible here (through the
    deprecated C(add)); the OpenAPI document has no supported call for it.
  - Additive by default, so endpoints registered elsewhere are kept; O(purge=true) makes the
    registrations exactly O(endpoints).
  - Endpoint IDs are checked against their cloud's format, and regions against the cloud's region
    naming, before the first API call.
  - Makes one read (C(GET /v1/organizations/{id})) and at most one write, a
    C(PATCH /v1/organizations/{id}) with everything to add and remove (the API removes before it
    adds, so a changed description or region is a remove and an add of the same ID in that one
    request); a run that changes nothing writes nothing.
  - Changing the registrations needs an API key with the Admin role.
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  endpoints:
    description:
      - Endpoints to register (O(state=present)) or to deregister (O(state=absent)).
      - With O(state=absent) endpoints are matched by O(endpoints[].id) alone.
      - With O(purge=true), an empty list deregisters every endpoint of the organization.
    type: list
    elements: dict
    required: true
    suboptions:
      id:
        description:
          - "The endpoint ID. AWS: the VPC endpoint ID (V(vpce-) and hex digits). GCP: the Private
            Service Connect connection ID (a number). Azure: the private endpoint's resource ID
            (V(/subscriptions/.../privateEndpoints/NAME)) or its resourceGuid; compared case-blind."
        type: str
        required: true
      cloud_provider:
        description:
          - Cloud of the endpoint. Inferred from the format of O(endpoints[].id) when not set; when set
            it must agree with it.
        type: str
        choices: [aws, gcp, azure]
      region:
        description:
          - Region of the endpoint in its cloud's naming (V(us-east-1), V(us-east1), V(eastus2)).
          - Required with O(state=present).
          - A registered endpoint whose region differs is re-registered with this one.
        type: str
      description:
        description:
          - Description of the endpoint.
          - When not set, the description of an endpoint already registered is left as it is.
        type: str
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.membership
  - privatelink.endpoints.api
  - privatelink.endpoints.api.attributes
"""

EXAMPLES = r"""
- name: Register a VPC endpoint (seed step 3)
  privatelink.endpoints.clickhouse_org_private_endpoints:
    organization_id: "{{ clickhouse_org_id }}"
    endpoints:
      - id: vpce-0123456789abcdef0
        region: us-east-1
        description: An aws private endpoint

- name: Register a GCP PSC connection and an Azure private endpoint
  privatelink.endpoints.clickhouse_org_private_endpoints:
    endpoints:
      - id: "84592016723381121"
        region: us-east1
      - id: 0a1b2c3d-0000-4000-8000-00000000abcd
        cloud_provider: azure
        region: eastus2

- name: Deregister an endpoint detached from every service
  privatelink.endpoints.clickhouse_org_private_endpoints:
    endpoints:
      - id: vpce-0123456789abcdef0
    state: absent
"""

RETURN = r"""
private_endpoints:
  description: The organization's registered endpoints after the run (in check mode, what they would be).
  returned: success
  type: list
  elements: dict
  contains:
    id:
      description: Endpoint ID.
      type: str
      sample: vpce-0123456789abcdef0
    cloud_provider:
      description: Cloud of the endpoint.
      type: str
      sample: aws
    region:
      description: Region of the endpoint.
      type: str
      sample: us-east-1
    description:
      description: Description, empty when there is none.
      type: str
      sample: An aws private endpoint
added:
  description: Registrations added (in check mode, that would be added), same keys as RV(private_endpoints).
  returned: success
  type: list
  elements: dict
  sample: [{"id": "vpce-0123456789abcdef0", "cloud_provider": "aws", "region": "us-east-1", "description": ""}]
removed:
  description: Registrations removed (in check mode, that would be removed), same keys as RV(private_endpoints).
  returned: success
  type: list
  elements: dict
  sample: []
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import (
    PROVIDERS,
    ClickHouseClient,
    clickhouse_module,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse_access import (
    check_endpoint_id,
    check_region,
    endpoint_key,
    patch_registrations,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.membership import (
    MembershipResource,
    membership_argument_spec,
    unique_entries,
)

# OrganizationPrivateEndpointsPatch.add in the official OpenAPI document (https://api.clickhouse.cloud/v1):
# "DEPRECATED ... Please use the `Update Service Basic Details` endpoint with the `privateEndpointIds` field".
DEPRECATED_ADD = (
    "clickhouse_org_private_endpoints registers endpoints with the organization's privateEndpoints.add, which the "
    "ClickHouse Cloud API has deprecated: attaching an endpoint to a service registers it. Use "
    "privatelink.endpoints.clickhouse_service_private_endpoints (with descriptions) instead; deregistering "
    "(state=absent) is not deprecated.")


class OrgPrivateEndpoints(MembershipResource):
    kind = "organization private endpoints"
    field = "private_endpoints"

    def __init__(self, module, client):
        super().__init__(module, client)
        if self.params["state"] == "present":
            module.warn(DEPRECATED_ADD)

    @staticmethod
    def key(entry):
        return endpoint_key(entry.get("id") or "")

    @staticmethod
    def same(current, wanted):
        return (current.get("cloudProvider") == wanted["cloudProvider"]
                and current.get("region") == wanted.get("region")
                and ("description" not in wanted or (current.get("description") or "") == wanted["description"]))

    def validate(self):
        wanted = []
        for index, endpoint in enumerate(self.params["endpoints"]):
            where = "endpoints[%d]" % index
            cloud = check_endpoint_id(endpoint["id"], where + ".id",
                                      endpoint["cloud_provider"], where + ".cloud_provider")
            item = dict(id=endpoint["id"], cloudProvider=cloud)
            if endpoint["region"] is not None:
                item["region"] = check_region(endpoint["region"], cloud, where + ".region")
            elif self.params["state"] == "present":
                raise ValueError("%s.region: required with state=present (endpoint %s)" % (where, endpoint["id"]))
            if endpoint["description"] is not None:
                item["description"] = endpoint["description"]
            wanted.append(item)
        return unique_entries(wanted, self.key, "endpoints")

    def read(self):
        organization = self.client.request("GET", self.client.org_path()) or {}
        return list(organization.get("privateEndpoints") or [])

    def send(self, add, remove):
        return self.list_in(patch_registrations(self.client, add, remove), "privateEndpoints")

    def export(self, entries):
        return [dict(id=e.get("id"), cloud_provider=e.get("cloudProvider"), region=e.get("region"),
                     description=e.get("description") or "") for e in entries]


def main():
    spec = membership_argument_spec()
    spec.update(endpoints=dict(type="list", elements="dict", required=True, options=dict(
        id=dict(type="str", required=True),
        cloud_provider=dict(type="str", choices=list(PROVIDERS)),
        region=dict(type="str"),
        description=dict(type="str"),
    )))
    module = clickhouse_module(spec)
    OrgPrivateEndpoints(module, ClickHouseClient(module)).run()


if __name__ == "__main__":
    main()
