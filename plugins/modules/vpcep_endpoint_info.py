#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: vpcep_endpoint_info
short_description: List VPC endpoints on Huawei Cloud or Open Telekom Cloud
version_added: 1.0.0
description:
  - Lists the project's VPC endpoints, or gets one by O(id), following every page of the list.
  - O(vpc_id) is filtered by the API; O(endpoint_service_id) and O(endpoint_service_name) are matched exactly
    on the list it returns (the API cannot filter by service ID, and its name filter is fuzzy).
author:
  - privatelink.endpoints contributors (@privatelink-endpoints)
options:
  id:
    description:
      - Return only the endpoint with this ID (one C(GET)); an ID that does not exist returns an empty list.
    type: str
  vpc_id:
    description:
      - Return only endpoints in this VPC.
    type: str
  endpoint_service_id:
    description:
      - Return only endpoints connected to this endpoint service.
    type: str
  endpoint_service_name:
    description:
      - Return only endpoints connected to the endpoint service with this full name (C({region}.{name}.{id})).
    type: str
extends_documentation_fragment:
  - privatelink.endpoints.vpcep
  - privatelink.endpoints.api
  - privatelink.endpoints.api.info_attributes
"""

EXAMPLES = r"""
- name: Endpoints of the app VPC
  privatelink.endpoints.vpcep_endpoint_info:
    cloud: otc
    region: eu-de
    project_id: "{{ otc_project_id }}"
    vpc_id: "{{ vpc_id }}"
  register: found

- name: Which endpoints use this service
  privatelink.endpoints.vpcep_endpoint_info:
    region: ap-southeast-1
    endpoint_service_id: "{{ service_id }}"
"""

RETURN = r"""
endpoints:
  description: The matching endpoints as the API returns them, with tags as a dictionary.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Endpoint ID.
      type: str
    status:
      description: V(creating), V(pendingAcceptance), V(accepted), V(rejected), V(failed) or V(deleting).
      type: str
    endpoint_service_id:
      description: ID of the endpoint service.
      type: str
    endpoint_service_name:
      description: Full name of the endpoint service.
      type: str
    vpc_id:
      description: VPC of the endpoint.
      type: str
    ip:
      description: Address of the endpoint, once accepted.
      type: str
    marker_id:
      description: Marker (packet) ID of the endpoint's connection.
      type: int
    tags:
      description: Tags as key/value pairs.
      type: dict
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep import tag_dict, vpcep_info

EXACT = ("vpc_id", "endpoint_service_id", "endpoint_service_name")


def endpoints(client, params):
    found = client.find_all("endpoints", "vpc-endpoints", params["id"], vpc_id=params["vpc_id"],
                            endpoint_service_name=params["endpoint_service_name"])
    return [dict(e, tags=tag_dict(e.get("tags"))) for e in found
            if all(params[key] in (None, e.get(key)) for key in EXACT)]


def main():
    vpcep_info(dict(
        id=dict(type="str"),
        vpc_id=dict(type="str"),
        endpoint_service_id=dict(type="str"),
        endpoint_service_name=dict(type="str"),
    ), "endpoints", endpoints)


if __name__ == "__main__":
    main()
