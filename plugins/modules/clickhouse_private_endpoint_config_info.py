#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_private_endpoint_config_info
short_description: Get what a ClickHouse Cloud service needs for a private endpoint
version_added: 1.0.0
description:
  - Returns the private endpoint configuration of one ClickHouse Cloud service, the first step of
    connecting to it over AWS PrivateLink, GCP Private Service Connect or Azure Private Link.
  - RV(endpoint_service_id) is what the cloud side connects to (an AWS endpoint service name, a GCP
    service attachment or an Azure private link service alias); RV(private_dns_hostname) is the name
    to connect to once the endpoint exists.
  - The configuration is read per service because services of one region usually, but not always,
    share an endpoint service.
  - Makes one API call when the service is given by O(service_id), two when by O(service_name).
author:
  - privatelink.endpoints contributors (@privatelink)
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.clickhouse.service
  - privatelink.endpoints.api
  - privatelink.endpoints.api.info_attributes
"""

EXAMPLES = r"""
- name: Endpoint service of the production service in us-east-1
  privatelink.endpoints.clickhouse_private_endpoint_config_info:
    organization_id: "{{ clickhouse_org_id }}"
    service_name: analytics-prod
    region: us-east-1
    provider: aws
  register: clickhouse_pl

- name: Create the interface endpoint to it
  amazon.aws.ec2_vpc_endpoint:
    vpc_id: "{{ vpc_id }}"
    vpc_endpoint_type: Interface
    service: "{{ clickhouse_pl.endpoint_service_id }}"
    vpc_endpoint_subnets: "{{ subnet_ids }}"

- name: By service ID, credentials from the environment
  privatelink.endpoints.clickhouse_private_endpoint_config_info:
    service_id: 3ab8586b-a57f-431b-8275-7d24942d7740
  register: clickhouse_pl
"""

RETURN = r"""
endpoint_service_id:
  description:
    - What the cloud side connects to, in the provider's format.
    - AWS, the endpoint service name (C(com.amazonaws.vpce.<region>.vpce-svc-...)); GCP, the service
      attachment (C(projects/.../regions/.../serviceAttachments/...)); Azure, the private link service alias.
  returned: always
  type: str
  sample: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
private_dns_hostname:
  description: Host name of the service that resolves to the private endpoint inside the connected network.
  returned: always
  type: str
  sample: abcd1234ef.us-east-1.vpce.aws.clickhouse.cloud
service:
  description:
    - The service the configuration belongs to.
    - With O(service_id), its provider and region are read from RV(private_dns_hostname), which names
      them, so that no second call is needed.
  returned: always
  type: dict
  contains:
    id:
      description: Service ID.
      type: str
      sample: 3ab8586b-a57f-431b-8275-7d24942d7740
    provider:
      description: Cloud provider.
      type: str
      sample: aws
    region:
      description: Region, in the provider's naming.
      type: str
      sample: us-east-1
"""

import re

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import (
    SERVICE_OPTION_RULES,
    ClickHouseClient,
    clickhouse_module,
    service_argument_spec,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import run_info

# <x>.<region>.vpce.aws.clickhouse.cloud, <x>.<region>.p.gcp..., <x>.<region>.privatelink.azure...
PRIVATE_HOSTNAME = re.compile(r"^[^.]+\.(?P<region>[^.]+)\.(vpce|p|privatelink)\.(?P<provider>aws|gcp|azure)\.clickhouse\.cloud$")


def location(hostname):
    """(provider, region) named in a private DNS host name, or (None, None)."""
    match = PRIVATE_HOSTNAME.fullmatch(hostname or "")
    return (match.group("provider"), match.group("region")) if match else (None, None)


def main():
    module = clickhouse_module(service_argument_spec(), **SERVICE_OPTION_RULES)
    client = ClickHouseClient(module)
    run_info(module, lambda: config(client, module))


def config(client, module):
    """The service's private endpoint configuration, as the module returns it."""
    if module.params["service_id"]:
        service = {"id": module.params["service_id"]}
    else:
        service = client.service_from_params(module)
    try:
        found = client.request("GET", client.service_path(service["id"], "privateEndpointConfig")) or {}
    except ApiError as error:
        if error.status != 404:
            raise
        raise LookupError("no service with id %r in organization %s"
                          % (service["id"], client.organization_id)) from error
    hostname = found.get("privateDnsHostname")
    provider, region = location(hostname)
    return dict(
        endpoint_service_id=found.get("endpointServiceId"),
        private_dns_hostname=hostname,
        service=dict(id=service["id"], provider=service.get("provider", provider),
                     region=service.get("region", region)),
    )


if __name__ == "__main__":
    main()
