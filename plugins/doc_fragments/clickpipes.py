# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # The type of a ClickPipes reverse private endpoint and what it connects to.
    DOCUMENTATION = r"""
options:
  type:
    description:
      - Kind of reverse private endpoint, which decides the target options it uses.
      - V(VPC_ENDPOINT_SERVICE) uses O(vpc_endpoint_service_name).
      - V(VPC_RESOURCE) uses O(vpc_resource_configuration_id) and O(vpc_resource_share_arn).
      - V(MSK_MULTI_VPC) uses O(msk_cluster_arn) and O(msk_authentication).
      - V(GCP_PSC_SERVICE_ATTACHMENT) uses O(gcp_service_attachment).
      - Options of another type than this one are an error.
    type: str
    choices: [VPC_ENDPOINT_SERVICE, VPC_RESOURCE, MSK_MULTI_VPC, GCP_PSC_SERVICE_ATTACHMENT]
  vpc_endpoint_service_name:
    description:
      - Name of the AWS VPC endpoint service to reach, C(com.amazonaws.vpce.<region>.vpce-svc-<id>).
      - Only with O(type=VPC_ENDPOINT_SERVICE).
    type: str
  vpc_resource_configuration_id:
    description:
      - ID of the AWS VPC Lattice resource configuration to reach, C(rcfg-<id>).
      - Only with O(type=VPC_RESOURCE).
    type: str
  vpc_resource_share_arn:
    description:
      - ARN of the AWS RAM resource share that shares the resource configuration with ClickPipes,
        C(arn:aws:ram:<region>:<account>:resource-share/<id>).
      - Only with O(type=VPC_RESOURCE).
    type: str
  msk_cluster_arn:
    description:
      - ARN of the Amazon MSK cluster to reach over multi-VPC connectivity,
        C(arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>).
      - Only with O(type=MSK_MULTI_VPC).
    type: str
  msk_authentication:
    description:
      - Authentication ClickPipes uses with the MSK cluster.
      - Only with O(type=MSK_MULTI_VPC).
    type: str
    choices: [SASL_IAM, SASL_SCRAM]
  gcp_service_attachment:
    description:
      - GCP Private Service Connect service attachment to reach,
        C(projects/<project>/regions/<region>/serviceAttachments/<name>).
      - Only with O(type=GCP_PSC_SERVICE_ATTACHMENT).
    type: str
"""
