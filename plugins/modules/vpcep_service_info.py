#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: vpcep_service_info
short_description: List VPC endpoint services on Huawei Cloud or Open Telekom Cloud
version_added: 1.0.0
description:
  - Lists the project's VPC endpoint services, or gets one by O(id), following every page of the list.
  - O(name) is matched exactly against the short name (the middle of C({region}.{name}.{id})); the API's own
    name filter is fuzzy and only narrows the list it returns.
author:
  - privatelink.endpoints contributors (@privatelink-endpoints)
options:
  id:
    description:
      - Return only the service with this ID (one C(GET)); an ID that does not exist returns an empty list.
    type: str
  name:
    description:
      - Return only services with exactly this short name.
    type: str
  status:
    description:
      - Return only services in this status.
    type: str
    choices: [creating, available, failed, deleting]
extends_documentation_fragment:
  - privatelink.endpoints.vpcep
  - privatelink.endpoints.api
  - privatelink.endpoints.api.info_attributes
"""

EXAMPLES = r"""
- name: Find the orders-api service
  privatelink.endpoints.vpcep_service_info:
    cloud: otc
    region: eu-de
    project_id: "{{ otc_project_id }}"
    name: orders-api
  register: found

- name: Every service of the project (credentials from OS_* variables)
  privatelink.endpoints.vpcep_service_info:
    cloud: otc
  register: all_services
"""

RETURN = r"""
endpoint_services:
  description: The matching services as the API returns them, with tags as a dictionary and the short name added.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Service ID.
      type: str
    service_name:
      description: Full name C({region}.{name}.{id}).
      type: str
    name:
      description: Short name.
      type: str
    status:
      description: V(creating), V(available), V(failed) or V(deleting).
      type: str
    server_type:
      description: Kind of backend.
      type: str
    ports:
      description: Port mappings.
      type: list
      elements: dict
    approval_enabled:
      description: Whether connections need approval.
      type: bool
    tags:
      description: Tags as key/value pairs.
      type: dict
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep import short_name, tag_dict, vpcep_info


def services(client, params):
    found = client.find_all("endpoint_services", "vpc-endpoint-services", params["id"],
                            endpoint_service_name=params["name"], status=params["status"])
    found = [dict(s, name=short_name(s), tags=tag_dict(s.get("tags"))) for s in found]
    return [s for s in found if params["name"] in (None, s["name"]) and params["status"] in (None, s.get("status"))]


def main():
    vpcep_info(dict(
        id=dict(type="str"),
        name=dict(type="str"),
        status=dict(type="str", choices=["creating", "available", "failed", "deleting"]),
    ), "endpoint_services", services)


if __name__ == "__main__":
    main()
