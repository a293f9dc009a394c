# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One flow per state-changing module of the ClickHouse and VPCEP families.

A flow prepares a fresh emulator (``prepare``), gives the module's options
(``args``) and reads back the part of the emulator's state the module changes,
without server-assigned ids (``state``), so that the state after a disturbed
run plus a clean re-run can be compared with the state after a clean run.
"""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.plugins.modules import (
    clickhouse_org_private_endpoints,
    clickhouse_reverse_private_endpoint,
    clickhouse_service_ip_access_list,
    clickhouse_service_private_endpoints,
    vpcep_connection,
    vpcep_endpoint,
    vpcep_service,
)
from ansible_collections.privatelink.endpoints.tests.reliability.harness import API_TIMEOUT

AWS_SERVICE = "3ab8586b-a57f-431b-8275-7d24942d7740"  # analytics-prod in the ClickHouse fixture
VPCE_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"
NEW_ENDPOINT = "vpce-0123456789abcdef0"
DOMAIN = "a" * 32
TIMING = dict(api_timeout=API_TIMEOUT, api_retries=3)


def clickhouse_connection(emulator):
    # Pacing off, as against every emulator (its own tests are in test_pacing.py and the rate-limit test):
    # the shared budget of one key would spread these hundreds of runs over many windows.
    key_id, secret = emulator.admin_key
    return dict(api_url=emulator.api_url, organization_id=emulator.org_id, api_key_id=key_id,
                api_key_secret=secret, api_rate_limit=0, **TIMING)


VPCEP_OPTIONS = dict(VPCEP_CLOUD="cloud", OS_REGION_NAME="region", HUAWEICLOUD_SDK_PROJECT_ID="project_id",
                     VPCEP_ENDPOINT_URL="endpoint_url", OS_AUTH_URL="iam_url", HUAWEICLOUD_SDK_AK="access_key",
                     HUAWEICLOUD_SDK_SK="secret_key")


def vpcep_connection_options(emulator, role):
    options = {VPCEP_OPTIONS[k]: v for k, v in emulator.env(role).items() if k in VPCEP_OPTIONS}
    return dict(options, **TIMING)


def vpcep_service_named(emulator, name):
    return [s for s in emulator.services.values() if s["service_name"].split(".")[1:-1] == [name]]


def seed_vpcep_service(emulator, name="web", approval=False):
    project = emulator.account("provider")["project_id"]
    emulator.seed({"endpoint_services": [dict(project_id=project, service_name=name, approval_enabled=approval)]})
    service = vpcep_service_named(emulator, name)[-1]
    emulator.seed({"permissions": {service["id"]: ["iam:domain::" + emulator.account("consumer")["domain_id"]]}})
    return service


class Flow:
    """A module run from a known start; subclasses give the family, module and options."""

    name = None
    family = None  # "clickhouse" or "vpcep": which emulator
    module = None

    def prepare(self, emulator):
        """Seed what the flow starts from; return the context ``args`` needs."""
        return None

    def args(self, emulator, context):
        raise NotImplementedError

    def state(self, emulator):
        raise NotImplementedError


class ReversePrivateEndpoint(Flow):
    name = "clickhouse_reverse_private_endpoint"
    family = "clickhouse"
    module = clickhouse_reverse_private_endpoint

    def prepare(self, emulator):
        emulator.configure(provision_delay=0.1, delete_delay=0.1)

    def args(self, emulator, context):
        return dict(clickhouse_connection(emulator), service_id=AWS_SERVICE, type="VPC_ENDPOINT_SERVICE",
                    vpc_endpoint_service_name=VPCE_SERVICE, description="kafka",
                    custom_private_dns_names=["db.example.com"], wait_timeout=30)

    def state(self, emulator):
        return sorted((r["type"], r.get("vpcEndpointServiceName"), r["description"], r["status"],
                       str(r.get("customPrivateDnsMappings"))) for r in emulator.rpes.values())


class ReversePrivateEndpointDelete(ReversePrivateEndpoint):
    name = "clickhouse_reverse_private_endpoint (delete)"

    def prepare(self, emulator):
        super().prepare(emulator)
        emulator.seed({"reversePrivateEndpoints": [dict(
            id="6f1c2e4a-3b5d-4c7e-9f80-1a2b3c4d5e01", serviceId=AWS_SERVICE, description="kafka",
            type="VPC_ENDPOINT_SERVICE", status="Ready", vpcEndpointServiceName=VPCE_SERVICE,
            customPrivateDnsMappings=[], endpointId="vpce-00000000000000001", dnsNames=[], privateDnsNames=[])]})

    def args(self, emulator, context):
        present = super().args(emulator, context)
        del present["description"], present["custom_private_dns_names"]
        return dict(present, state="absent")

    def state(self, emulator):
        return sorted(r["status"] for r in emulator.rpes.values())


class ServicePrivateEndpoints(Flow):
    name = "clickhouse_service_private_endpoints"
    family = "clickhouse"
    module = clickhouse_service_private_endpoints

    def args(self, emulator, context):
        return dict(clickhouse_connection(emulator), service_id=AWS_SERVICE, private_endpoint_ids=[NEW_ENDPOINT],
                    descriptions={NEW_ENDPOINT: "new"})

    def state(self, emulator):
        org = emulator.snapshot()["organization"]["privateEndpoints"]
        return (emulator.service(AWS_SERVICE)["privateEndpointIds"],
                sorted((e["id"], e.get("description")) for e in org))


class OrgPrivateEndpoints(Flow):
    name = "clickhouse_org_private_endpoints"
    family = "clickhouse"
    module = clickhouse_org_private_endpoints

    def args(self, emulator, context):
        return dict(clickhouse_connection(emulator),
                    endpoints=[dict(id=NEW_ENDPOINT, region="us-east-1", description="new")])

    def state(self, emulator):
        return sorted(sorted(e.items()) for e in emulator.snapshot()["organization"]["privateEndpoints"])


class IpAccessList(Flow):
    name = "clickhouse_service_ip_access_list"
    family = "clickhouse"
    module = clickhouse_service_ip_access_list

    def args(self, emulator, context):
        return dict(clickhouse_connection(emulator), service_id=AWS_SERVICE,
                    entries=[dict(source="203.0.113.7", description="bastion")])

    def state(self, emulator):
        return emulator.service(AWS_SERVICE)["ipAccessList"]


class VpcepService(Flow):
    name = "vpcep_service"
    family = "vpcep"
    module = vpcep_service

    def args(self, emulator, context):
        account = emulator.account("provider")
        return dict(vpcep_connection_options(emulator, "provider"), name="web", vpc_id=account["vpc_id"],
                    port_id=account["port_id"], server_type="VM", ports=[dict(client_port=80, server_port=8080)],
                    permissions=[DOMAIN], tags=dict(team="db"))

    def state(self, emulator):
        return sorted((s["status"], sorted(p["permission"] for p in emulator.permissions.get(s["id"], [])),
                       str(s.get("tags"))) for s in vpcep_service_named(emulator, "web"))


class VpcepServiceUpdate(Flow):
    name = "vpcep_service (update)"
    family = "vpcep"
    module = vpcep_service

    def prepare(self, emulator):
        service = seed_vpcep_service(emulator)
        emulator.seed({"permissions": {service["id"]: ["iam:domain::" + "b" * 32]}})
        return service

    def args(self, emulator, context):
        return dict(vpcep_connection_options(emulator, "provider"), name="web", description="new",
                    permissions=[DOMAIN], tags=dict(team="db"))

    def state(self, emulator):
        return VpcepService.state(self, emulator) + [s.get("description") for s in vpcep_service_named(emulator, "web")]


class VpcepEndpoint(Flow):
    name = "vpcep_endpoint"
    family = "vpcep"
    module = vpcep_endpoint

    def prepare(self, emulator):
        return seed_vpcep_service(emulator)

    def args(self, emulator, context):
        account = emulator.account("consumer")
        return dict(vpcep_connection_options(emulator, "consumer"), endpoint_service_id=context["id"],
                    vpc_id=account["vpc_id"], subnet_id=account["subnet_id"], tags=dict(team="db"))

    def state(self, emulator):
        return sorted((e["status"], e["vpc_id"], str(e.get("tags"))) for e in emulator.endpoints.values())


class VpcepConnection(Flow):
    name = "vpcep_connection"
    family = "vpcep"
    module = vpcep_connection

    def prepare(self, emulator):
        service = seed_vpcep_service(emulator, approval=True)
        account = emulator.account("consumer")
        emulator.seed({"endpoints": [dict(project_id=account["project_id"], endpoint_service_id=service["id"],
                                          vpc_id=account["vpc_id"], subnet_id=account["subnet_id"],
                                          status="pendingAcceptance")] * 2})
        return dict(service=service, endpoints=sorted(emulator.endpoints))

    def args(self, emulator, context):
        return dict(vpcep_connection_options(emulator, "provider"), endpoint_service_id=context["service"]["id"],
                    endpoints=context["endpoints"])

    def state(self, emulator):
        return sorted(e["status"] for e in emulator.endpoints.values())


FLOWS = [ReversePrivateEndpoint(), ReversePrivateEndpointDelete(), ServicePrivateEndpoints(), OrgPrivateEndpoints(),
         IpAccessList(), VpcepService(), VpcepServiceUpdate(), VpcepEndpoint(), VpcepConnection()]
