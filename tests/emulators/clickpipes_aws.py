# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ClickPipes' own AWS account, for the ClickHouse emulator's reverse private endpoints.

A reverse private endpoint of type ``VPC_ENDPOINT_SERVICE`` is an interface VPC endpoint
that ClickPipes creates in its AWS account to the customer's endpoint service ("Create
reverse private endpoint" in the ClickHouse Cloud OpenAPI document; the ClickPipes account
is the principal the customer allows). Its status follows that endpoint: ``PendingAcceptance``
while the service owner has not accepted the connection, ``Ready`` once it is ``available``.

When the emulator is given an AWS endpoint URL (the tests' moto server, see
``tests/utils/moto_extensions.py`` for the connection calls moto lacks), this module makes
that endpoint for real there, in the ClickPipes account, so that a role accepting the
connection with ``AcceptVpcEndpointConnections`` turns the reverse private endpoint
``Ready`` as on the real platform.
"""

from __future__ import annotations

CLICKPIPES_ACCOUNT = "072088201116"
# EC2 endpoint state (botocore's EC2 State enum, lowercase) -> reverse private endpoint status
# (the OpenAPI document's ReversePrivateEndpoint.status enum).
STATUS = {
    "pendingacceptance": "PendingAcceptance",
    "pending": "Provisioning",
    "partial": "Provisioning",
    "available": "Ready",
    "rejected": "Rejected",
    "failed": "Failed",
    "expired": "Expired",
    "deleting": "Failed",
    "deleted": "Failed",
}


class ClickPipesAws:
    """Interface endpoints of the ClickPipes account in one AWS (moto) server."""

    def __init__(self, endpoint_url):
        self.endpoint_url = endpoint_url
        self.vpcs = {}  # region -> ClickPipes' VPC there

    def client(self, region):
        import boto3  # only when an AWS endpoint URL is configured

        client = boto3.client("ec2", region_name=region, endpoint_url=self.endpoint_url,
                              aws_access_key_id="clickpipes", aws_secret_access_key="clickpipes")
        # moto picks the account of a request from this header.
        client.meta.events.register("before-sign.ec2.*", _as_clickpipes)
        return client

    def create(self, region, service_name):
        """Make ClickPipes' endpoint to ``service_name``; return (endpoint ID, DNS names, status),
        or (None, [], "Failed") when AWS refuses it (unknown service, ClickPipes not allowed)."""
        from botocore.exceptions import ClientError

        ec2 = self.client(region)
        try:
            if region not in self.vpcs:
                self.vpcs[region] = ec2.create_vpc(CidrBlock="10.250.0.0/16")["Vpc"]["VpcId"]
            endpoint = ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=self.vpcs[region],
                                               ServiceName=service_name, PrivateDnsEnabled=False)["VpcEndpoint"]
        except ClientError:
            return None, [], "Failed"
        names = [entry["DnsName"] for entry in endpoint.get("DnsEntries") or []]
        return endpoint["VpcEndpointId"], names, self.status_of(endpoint)

    def status(self, region, endpoint_id):
        """The reverse private endpoint status that ClickPipes' endpoint stands for now."""
        from botocore.exceptions import ClientError

        try:
            [endpoint] = self.client(region).describe_vpc_endpoints(VpcEndpointIds=[endpoint_id])["VpcEndpoints"]
        except ClientError:
            return "Failed"
        return self.status_of(endpoint)

    def delete(self, region, endpoint_id):
        from botocore.exceptions import ClientError

        try:
            self.client(region).delete_vpc_endpoints(VpcEndpointIds=[endpoint_id])
        except ClientError:
            pass  # gone already

    @staticmethod
    def status_of(endpoint):
        return STATUS.get((endpoint.get("State") or "").lower(), "Unknown")


def _as_clickpipes(request, **kwargs):
    request.headers["x-moto-account-id"] = CLICKPIPES_ACCOUNT
