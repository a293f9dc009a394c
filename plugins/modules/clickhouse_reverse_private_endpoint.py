#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: clickhouse_reverse_private_endpoint
short_description: Manage ClickPipes reverse private endpoints of a ClickHouse Cloud service
version_added: 1.0.0
description:
  - Creates, updates, replaces and deletes a ClickPipes reverse private endpoint, the private
    connection ClickPipes of a ClickHouse Cloud service use to reach a data source in your network, through
    an AWS VPC endpoint service, an AWS VPC Lattice resource configuration, an Amazon MSK cluster
    (multi-VPC connectivity) or a GCP Private Service Connect service attachment.
  - The API gives endpoints no name and the console does not show their IDs, so an existing endpoint
    is found by O(id) when given, else by O(type) and its target (O(vpc_endpoint_service_name),
    O(vpc_resource_configuration_id), O(msk_cluster_arn) or O(gcp_service_attachment)); when several
    endpoints share the target, the other given options (O(description) first) decide, and an
    ambiguity is an error listing the candidates. A re-run never creates a second endpoint.
  - Only O(custom_private_dns_names) can change in place. Any other difference fails and names the
    fields, unless O(replace=true).
  - All options are checked before the first API call.
  - The API serves these calls only while the service is running. When it refuses one because the
    service is V(idle), the service is woken once (C(PATCH .../state) V(awake)) and waited for; one
    already waking up or starting (V(awaking), V(starting), V(provisioning), V(partially_running)) is only
    waited for. A service that will not run by itself (V(stopping), V(stopped), V(terminating),
    V(terminated), V(softdeleting), V(softdeleted), V(failed), V(degraded)) is an error naming its
    state, at once; a stopped service is not started.
  - With O(wait), the module waits until the endpoint is V(Ready) (O(state=present)) or gone, so that its
    C(GET) answers 404 (O(state=absent)); statuses V(Failed), V(Rejected) and V(Expired) end the wait at
    once with an error. An existing endpoint that is not V(Ready) is waited for before it is changed.
    O(wait_timeout) bounds each wait (a replacement waits twice, for the deletion and for the creation) and
    the wait for an idle (or waking) service to be running.
  - In check mode an idle service is not woken, since waking it is a change and its endpoints cannot
    be read without it; the task reports C(changed) with a warning that the service is idle and a real
    run would wake it, RV(endpoint) is empty, and with C(--diff) the diff shows the service's state
    going from V(idle) to V(running).
author:
  - privatelink.endpoints contributors (@privatelink)
options:
  id:
    description:
      - ID of the reverse private endpoint.
      - With O(state=present) the endpoint must exist; O(type) and its target options are then
        optional, and when given must match it.
      - With O(state=absent) an endpoint that does not exist is already absent.
    type: str
  description:
    description:
      - Description of the endpoint, at most 255 characters.
      - Required with O(state=present) unless O(id) is given, as the API needs one to create an endpoint.
      - Cannot be changed after creation (see O(replace)).
    type: str
  custom_private_dns_names:
    description:
      - Private DNS names ClickPipes resolve to this endpoint, exact (V(db.example.com)) or with a
        leading wildcard (V(*.example.com)). They must be unique within the service.
      - The whole list is set; V([]) removes all. When not given, the names are left as they are.
      - Not supported for O(type=MSK_MULTI_VPC).
    type: list
    elements: str
  state:
    description:
      - V(present) creates the endpoint if needed and sets its custom DNS names.
      - V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  allow_pending_acceptance:
    description:
      - Also accept status V(PendingAcceptance) as the end of the wait.
      - Set it when the AWS endpoint service requires acceptance and the connection is accepted
        later, for example by a following task.
    type: bool
    default: false
  accept_connection:
    description:
      - For O(type=VPC_ENDPOINT_SERVICE) to an endpoint service of your AWS account that requires acceptance -
        when the endpoint waits for it (V(PendingAcceptance)), accept the connection of ClickPipes' VPC endpoint
        (RV(endpoint.endpoint_id)) to the endpoint service as its owner, with one
        C(AcceptVpcEndpointConnections) call, then wait until the endpoint is V(Ready).
      - The connection accepted is exactly the one ClickHouse Cloud names for this endpoint, and only while
        the endpoint waits for it; a run that finds it V(Ready) makes no AWS call.
      - The AWS region is the one of O(vpc_endpoint_service_name); the credentials are O(aws).
      - With O(wait=false), only an endpoint that already waits for acceptance is accepted.
      - Needs C(ec2:AcceptVpcEndpointConnections) on the endpoint service, and boto3.
    type: bool
    default: false
  aws:
    description:
      - AWS connection of the endpoint service's owner, for O(accept_connection); named as the amazon.aws
        modules name them, with the same environment variables.
      - Also taken from the C(module_defaults) of C(group/privatelink.endpoints.aws) and C(group/amazon.aws.aws)
        (their C(region) aside), after what the task gives.
    type: dict
    suboptions:
      access_key:
        description: AWS access key ID (environment C(AWS_ACCESS_KEY_ID), C(AWS_ACCESS_KEY)).
        type: str
        aliases: [aws_access_key_id, aws_access_key]
      secret_key:
        description: AWS secret access key (environment C(AWS_SECRET_ACCESS_KEY), C(AWS_SECRET_KEY)).
        type: str
        aliases: [aws_secret_access_key, aws_secret_key]
      session_token:
        description: AWS STS session token (environment C(AWS_SESSION_TOKEN)).
        type: str
        aliases: [aws_session_token]
      profile:
        description:
          - A named AWS profile (environment C(AWS_PROFILE), C(AWS_DEFAULT_PROFILE)); not with O(aws.access_key).
        type: str
        aliases: [aws_profile]
      endpoint_url:
        description: URL of the EC2 API to use instead of AWS's (environment C(AWS_URL)).
        type: str
        aliases: [aws_endpoint_url]
      aws_ca_bundle:
        description: CA bundle to verify the EC2 API's certificate with (environment C(AWS_CA_BUNDLE)).
        type: path
      validate_certs:
        description: Verify the EC2 API's TLS certificate.
        type: bool
        default: true
  replace:
    description:
      - When the existing endpoint differs in a field that cannot change in place (O(type), its target
        options, O(description)), or has status V(Failed), V(Rejected) or V(Expired), delete it, wait
        until it is gone, then create it anew.
      - Without it such a difference is an error that lists the fields.
      - Replacing gives the endpoint a new ID and new DNS names.
    type: bool
    default: false
extends_documentation_fragment:
  - privatelink.endpoints.clickhouse
  - privatelink.endpoints.clickhouse.service
  - privatelink.endpoints.clickpipes
  - privatelink.endpoints.wait
  - privatelink.endpoints.clickhouse.wait
  - privatelink.endpoints.api
  - privatelink.endpoints.api.attributes
"""

EXAMPLES = r"""
- name: Let ClickPipes reach a Kafka cluster behind an AWS VPC endpoint service
  privatelink.endpoints.clickhouse_reverse_private_endpoint:
    organization_id: "{{ clickhouse_org_id }}"
    service_name: analytics-prod
    region: us-east-1
    type: VPC_ENDPOINT_SERVICE
    vpc_endpoint_service_name: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    description: kafka-prod
    custom_private_dns_names:
      - "*.kafka.internal.example.com"
  register: rpe

- name: Reach an MSK cluster over multi-VPC connectivity, credentials from the environment
  privatelink.endpoints.clickhouse_reverse_private_endpoint:
    service_id: "{{ service_id }}"
    type: MSK_MULTI_VPC
    msk_cluster_arn: arn:aws:kafka:us-east-1:123456789012:cluster/events/0a1b2c3d-4e5f-6789-abcd-ef0123456789-2
    msk_authentication: SASL_IAM

- name: Create it and return while the endpoint service owner has yet to accept the connection
  privatelink.endpoints.clickhouse_reverse_private_endpoint:
    service_id: "{{ service_id }}"
    type: VPC_RESOURCE
    vpc_resource_configuration_id: rcfg-0123456789abcdef0
    vpc_resource_share_arn: arn:aws:ram:us-east-1:123456789012:resource-share/4a7f3c1e-9b2d-4e8f-a6c5-1d3e5f7a9b0c
    allow_pending_acceptance: true

- name: Point it at another endpoint service, re-creating it
  privatelink.endpoints.clickhouse_reverse_private_endpoint:
    service_id: "{{ service_id }}"
    id: "{{ rpe.endpoint.id }}"
    type: VPC_ENDPOINT_SERVICE
    vpc_endpoint_service_name: com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210
    replace: true

- name: Delete it and wait until it is gone
  privatelink.endpoints.clickhouse_reverse_private_endpoint:
    service_id: "{{ service_id }}"
    type: VPC_ENDPOINT_SERVICE
    vpc_endpoint_service_name: com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0
    state: absent
"""

RETURN = r"""
endpoint:
  description:
    - The endpoint after the change, keys in snake_case; empty with O(state=absent).
    - In check mode, what the options would create, without the fields the API assigns; empty when
      the service is idle (nothing could be read without waking it).
  returned: always
  type: dict
  contains:
    id:
      description: Endpoint ID.
      type: str
      sample: 6f1c2e4a-3b5d-4c7e-9f80-1a2b3c4d5e6f
    service_id:
      description: ID of the ClickHouse Cloud service the endpoint belongs to.
      type: str
    type:
      description: Endpoint type.
      type: str
      sample: VPC_ENDPOINT_SERVICE
    description:
      description: Description.
      type: str
    status:
      description: >-
        V(Provisioning), V(Ready), V(PendingAcceptance), V(Failed), V(Rejected), V(Expired),
        V(Deleting) or V(Unknown).
      type: str
      sample: Ready
    endpoint_id:
      description: ID of the endpoint on the cloud side, for example the AWS VPC endpoint ID.
      type: str
      sample: vpce-0123456789abcdef0
    dns_names:
      description: DNS names of the endpoint.
      type: list
      elements: str
    private_dns_names:
      description: Private DNS names; for MSK, broker number N is reached on the Nth name at port 14001+N.
      type: list
      elements: str
    custom_private_dns_names:
      description: Custom private DNS names mapped to the endpoint.
      type: list
      elements: str
    vpc_endpoint_service_name:
      description: Target of a V(VPC_ENDPOINT_SERVICE) endpoint.
      type: str
    vpc_resource_configuration_id:
      description: Target of a V(VPC_RESOURCE) endpoint.
      type: str
    vpc_resource_share_arn:
      description: Resource share of a V(VPC_RESOURCE) endpoint.
      type: str
    msk_cluster_arn:
      description: Target of a V(MSK_MULTI_VPC) endpoint.
      type: str
    msk_authentication:
      description: MSK authentication of a V(MSK_MULTI_VPC) endpoint.
      type: str
    gcp_service_attachment:
      description: Target of a V(GCP_PSC_SERVICE_ATTACHMENT) endpoint.
      type: str
"""

from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import RUNNING, ServiceAsleep
from ansible_collections.privatelink.endpoints.plugins.module_utils.clickpipes import (
    AWS_CONNECTION_OPTIONS,
    ReversePrivateEndpoint,
    endpoint_problems,
    endpoints_module,
)
from ansible_collections.privatelink.endpoints.plugins.module_utils.options import wait_argument_spec


def main():
    module, endpoints = endpoints_module(dict(
        id=dict(type="str"),
        description=dict(type="str"),
        custom_private_dns_names=dict(type="list", elements="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        allow_pending_acceptance=dict(type="bool", default=False),
        accept_connection=dict(type="bool", default=False),
        aws=dict(type="dict", options=AWS_CONNECTION_OPTIONS, apply_defaults=True),
        replace=dict(type="bool", default=False),
        **wait_argument_spec()
    ), endpoint_problems)
    try:
        ReversePrivateEndpoint(module, endpoints).run()
    except ServiceAsleep as asleep:
        # Only in check mode: a real run would wake the service, which is a change in itself.
        module.warn(str(asleep))
        result = dict(changed=True, endpoint={})
        if module._diff:
            result["diff"] = dict(before=dict(service_state=asleep.state), after=dict(service_state=RUNNING))
        module.exit_json(**result)


if __name__ == "__main__":
    main()
