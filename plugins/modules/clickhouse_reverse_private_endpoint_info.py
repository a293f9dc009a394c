#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_reverse_private_endpoint_info
short_description: List the ClickPipes reverse private endpoints of a ClickHouse Cloud service
version_added: 1.0.0
description:
  - Lists the ClickPipes reverse private endpoints of one service, or returns one by O(id).
  - O(type), the target options and O(description) narrow the list; all given must match.
    They are checked for format before any API call, so a typo is an error rather than an empty list.
  - Makes one API call (the list, or C(GET .../clickpipesReversePrivateEndpoints/{id}) with O(id)),
    plus one to find the service when it is given by O(service_name).
  - The API serves these calls only while the service is running. An idle service is woken first
    (C(PATCH .../state) V(awake)) and waited for, within 600 seconds; one already waking up or starting is
    only waited for. A service that will not run by itself (V(stopped), V(failed), V(terminated), ...)
    is an error naming its state, at once.
  - In check mode an idle service is not woken (that would be a change); the task is skipped with a
    message saying so, and RV(endpoints) is empty.
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  id:
    description:
      - Return only the endpoint with this ID; an ID that does not exist returns an empty list.
    type: str
  description:
    description:
      - Return only endpoints with exactly this description.
    type: str
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.clickhouse.service
  - privatelink.endpoints.clickpipes
  - privatelink.endpoints.api
  - privatelink.endpoints.api.info_attributes
"""

EXAMPLES = r"""
- name: All reverse private endpoints of a service
  privatelink.endpoints.clickhouse_reverse_private_endpoint_info:
    organization_id: "{{ clickhouse_org_id }}"
    service_name: analytics-prod
  register: rpes

- name: The endpoint that reaches one AWS endpoint service
  privatelink.endpoints.clickhouse_reverse_private_endpoint_info:
    service_id: "{{ service_id }}"
    type: VPC_ENDPOINT_SERVICE
    vpc_endpoint_service_name: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
  register: found

- name: Show the brokers' private DNS names of an MSK endpoint
  ansible.builtin.debug:
    msg: "{{ found.endpoints[0].private_dns_names }}"
  when: found.endpoints | length == 1
"""

RETURN = r"""
endpoints:
  description:
    - The matching endpoints, keys in snake_case, custom DNS mappings as a list of names.
    - Each has the keys the M(privatelink.endpoints.clickhouse_reverse_private_endpoint) module
      returns as RV(privatelink.endpoints.clickhouse_reverse_private_endpoint#module:endpoint).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Endpoint ID.
      type: str
      sample: 6f1c2e4a-3b5d-4c7e-9f80-1a2b3c4d5e6f
    type:
      description: Endpoint type.
      type: str
      sample: MSK_MULTI_VPC
    status:
      description: Status, for example V(Ready) or V(PendingAcceptance).
      type: str
      sample: Ready
    endpoint_id:
      description: ID of the endpoint on the cloud side.
      type: str
    private_dns_names:
      description: Private DNS names; for MSK, broker number N is reached on the Nth name at port 14001+N.
      type: list
      elements: str
    custom_private_dns_names:
      description: Custom private DNS names mapped to the endpoint.
      type: list
      elements: str
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import ServiceAsleep
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickpipes import (
    endpoints_module,
    filter_problems,
    matches_filters,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import run_info


def main():
    module, endpoints = endpoints_module(dict(id=dict(type="str"), description=dict(type="str")), filter_problems)
    run_info(module, lambda: listed(endpoints, module.params))


def listed(endpoints, params):
    """The endpoints the options select, as the module returns them."""
    try:
        found = [endpoints.get(params["id"])] if params["id"] else endpoints.list()
    except ServiceAsleep as asleep:
        # As ansible.builtin.command does in check mode: say why nothing was read.
        return dict(skipped=True, msg=str(asleep), endpoints=[])
    return dict(endpoints=[s for s in found if s and matches_filters(s, params)])


if __name__ == "__main__":
    main()
