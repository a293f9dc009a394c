#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_service_ip_access_list
short_description: Manage the IP access list of a ClickHouse Cloud service
version_added: 1.0.0
description:
  - Adds entries to, or removes them from, the list of addresses allowed to reach a ClickHouse Cloud
    service's public endpoint (C(ipAccessList)).
  - Additive by default, so entries added by other playbooks or in the console are kept. With
    O(purge=true) the list becomes exactly O(entries); O(purge=true) with an empty O(entries) leaves
    no public access at all, so the service is only reachable through private endpoints.
  - Sources are validated and normalised before anything is compared or sent; a host address is the
    same source as its V(/32) (IPv4) or V(/128) (IPv6) network.
  - Makes one read (C(GET .../services/{id}), or the service list when O(service_name) is given)
    and at most one write, a C(PATCH .../services/{id}) with everything to add and remove (the API
    removes before it adds); a run that changes nothing writes nothing.
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  entries:
    description:
      - Entries to allow (O(state=present)) or to remove (O(state=absent)).
    type: list
    elements: dict
    required: true
    suboptions:
      source:
        description:
          - An IPv4 or IPv6 address or network in CIDR notation, for example V(203.0.113.7),
            V(198.51.100.0/24) or V(2001:db8::/48). V(0.0.0.0/0) allows every IPv4 address.
          - A network with host bits set (V(10.0.0.1/24)) is refused.
        type: str
        required: true
      description:
        description:
          - Description of the entry.
          - When set and an entry with this source exists with another description, the entry is
            replaced (removed and added in the same request). When not set, an existing entry's
            description is left as it is.
          - Ignored with O(state=absent), which removes by source.
        type: str
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.clickhouse.service
  - privatelink.endpoints.membership
  - privatelink.endpoints.api
  - privatelink.endpoints.api.attributes
"""

EXAMPLES = r"""
- name: Allow the office network (other entries stay)
  privatelink.endpoints.clickhouse_service_ip_access_list:
    organization_id: "{{ clickhouse_org_id }}"
    service_name: analytics-prod
    entries:
      - source: 198.51.100.0/24
        description: office

- name: Private link only, no public access at all
  privatelink.endpoints.clickhouse_service_ip_access_list:
    service_id: "{{ service_id }}"
    entries: []
    purge: true

- name: Remove a host
  privatelink.endpoints.clickhouse_service_ip_access_list:
    service_id: "{{ service_id }}"
    entries:
      - source: 203.0.113.7
    state: absent
"""

RETURN = r"""
service_id:
  description: ID of the service.
  returned: success
  type: str
  sample: 4f5e3c2a-0000-4000-8000-000000000001
ip_access_list:
  description: The service's IP access list after the run (in check mode, what it would be).
  returned: success
  type: list
  elements: dict
  contains:
    source:
      description: Address or CIDR, as the API stores it.
      type: str
      sample: 198.51.100.0/24
    description:
      description: Description, empty when there is none.
      type: str
      sample: office
added:
  description: Entries added (in check mode, that would be added), same keys as RV(ip_access_list).
  returned: success
  type: list
  elements: dict
  sample: [{"source": "198.51.100.0/24", "description": "office"}]
removed:
  description: Entries removed (in check mode, that would be removed), same keys as RV(ip_access_list).
  returned: success
  type: list
  elements: dict
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
    export_ip_entries,
    ip_entries,
    same_ip_entry,
    source_key,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.membership import membership_argument_spec


class ServiceIpAccessList(ServiceListResource):
    kind = "service IP access list"
    field = "ip_access_list"
    service_field = "ipAccessList"
    key = staticmethod(source_key)
    same = staticmethod(same_ip_entry)

    def validate(self):
        return ip_entries(self.params["entries"], "entries")

    def export(self, entries):
        return export_ip_entries(entries)


def main():
    spec = service_argument_spec()
    spec.update(membership_argument_spec())
    spec.update(entries=dict(type="list", elements="dict", required=True, options=dict(
        source=dict(type="str", required=True),
        description=dict(type="str"),
    )))
    module = clickhouse_module(spec, **SERVICE_OPTION_RULES)
    ServiceIpAccessList(module, ClickHouseClient(module)).run()


if __name__ == "__main__":
    main()
