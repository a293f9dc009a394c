#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_service_info
short_description: List ClickHouse Cloud services
version_added: 1.0.0
description:
  - Lists the services of a ClickHouse Cloud organization, optionally narrowed by id, name, region,
    cloud provider and tags.
  - Tags are filtered by the API; the other filters are applied to the list it returns.
  - Makes one API call (C(GET /v1/organizations/{id}/services), or C(GET .../services/{id}) with O(id)).
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  id:
    description:
      - Return only the service with this ID (a UUID).
      - An ID that does not exist returns an empty list.
    type: str
  name:
    description:
      - Return only services with exactly this name.
    type: str
  region:
    description:
      - Return only services in this region (provider naming, for example V(us-east-1)).
    type: str
  provider:
    description:
      - Return only services on this cloud provider.
    type: str
    choices: [aws, gcp, azure]
  tags:
    description:
      - Return only services that carry all these tags (key and value).
    type: dict
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.api
  - privatelink.endpoints.api.info_attributes
"""

EXAMPLES = r"""
- name: Find the production service on AWS in us-east-1
  privatelink.endpoints.clickhouse_service_info:
    organization_id: "{{ clickhouse_org_id }}"
    name: analytics-prod
    region: us-east-1
    provider: aws
  register: found

- name: All services tagged team=data, credentials from the environment
  privatelink.endpoints.clickhouse_service_info:
    tags:
      team: data
"""

RETURN = r"""
services:
  description: The matching services, keys in snake_case as the API returns them otherwise.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Service ID.
      type: str
      sample: 4f5e3c2a-0000-4000-8000-000000000001
    name:
      description: Service name.
      type: str
      sample: analytics-prod
    provider:
      description: Cloud provider.
      type: str
      sample: aws
    region:
      description: Region.
      type: str
      sample: us-east-1
    state:
      description: Service state (V(running), V(idle), V(stopped), V(provisioning) and others).
      type: str
      sample: running
    ip_access_list:
      description: Addresses allowed to reach the public endpoint.
      type: list
      elements: dict
      sample: [{"source": "0.0.0.0/0", "description": "Anywhere"}]
    private_endpoint_ids:
      description: Private endpoint IDs allowed to reach the service.
      type: list
      elements: str
      sample: ["vpce-0123456789abcdef0"]
    tags:
      description: Tags as a dictionary of keys and values, as every module of the collection returns them.
      type: dict
      sample: {"team": "data"}
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import (
    PROVIDERS,
    ClickHouseClient,
    clickhouse_module,
    snake,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import run_info


def matches(service, params):
    return all(params[key] is None or service.get(key) == params[key]
               for key in ("id", "name", "region", "provider"))


def main():
    module = clickhouse_module(dict(
        id=dict(type="str"),
        name=dict(type="str"),
        region=dict(type="str"),
        provider=dict(type="str", choices=list(PROVIDERS)),
        tags=dict(type="dict"),
    ), uuid_options=("id",))
    client = ClickHouseClient(module)
    run_info(module, lambda: dict(services=services(client, module.params)))


def services(client, params):
    """The services the options select, with their tags as a dictionary."""
    if params["id"]:
        try:
            found = [client.get_service(params["id"])]
        except ApiError as error:
            if error.status != 404:
                raise
            found = []
    else:
        found = client.list_services(tags=params["tags"])
    found = [s for s in found if matches(s, params) and _has_tags(s, params["tags"])]
    return [dict(service, tags=_tag_dict(service)) for service in snake(found)]


def _tag_dict(service):
    """The API's list of ``{key, value}`` as a dictionary."""
    return {tag.get("key"): tag.get("value") for tag in service.get("tags") or []}


def _has_tags(service, tags):
    """Tags are filtered by the API already when listing; this also covers a lookup by id."""
    if not tags:
        return True
    have = _tag_dict(service)
    return all(have.get(k) == str(v) for k, v in tags.items())


if __name__ == "__main__":
    main()
