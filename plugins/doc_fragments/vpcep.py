# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # Connection and authentication options of every VPC Endpoint module.
    DOCUMENTATION = r"""
options:
  cloud:
    description:
      - Which cloud the project lives in. It picks the default API hosts
        (C(vpcep.{region}.myhuaweicloud.com) and C(iam.{region}.myhuaweicloud.com) for V(huaweicloud),
        C(.myhuaweicloud.eu) in region V(eu-west-101); C(vpcep.{region}.otc.t-systems.com) and
        C(iam.{region}.otc.t-systems.com) for V(otc)) and the validation rules (tags, C(server_type) and C(tcp_proxy) values).
    type: str
    choices: [huaweicloud, otc]
    default: huaweicloud
  region:
    description:
      - Region of the project, for example V(ap-southeast-1) or V(eu-de).
      - Required unless O(endpoint_url) is given (and, for password authentication, O(iam_url)).
      - If not set, the environment variable E(OS_REGION_NAME) is used.
    type: str
  project_id:
    description:
      - ID of the project (tenant) the VPC endpoint resources belong to.
      - If not set, the environment variable E(HUAWEICLOUD_SDK_PROJECT_ID) is used, then E(OS_PROJECT_ID).
    type: str
    required: true
  endpoint_url:
    description:
      - Base URL of the VPC Endpoint API, without C(/v1), instead of the one O(cloud) and O(region) give.
      - For example a local emulator in tests.
    type: str
  iam_url:
    description:
      - Identity (IAM) endpoint including C(/v3), used for password authentication only.
      - Defaults to the IAM host of O(cloud) and O(region).
      - If not set, the environment variable E(OS_AUTH_URL) is used.
    type: str
  access_key:
    description:
      - Access key ID (AK) for AK/SK authentication; requests are signed with C(SDK-HMAC-SHA256).
      - AK/SK authentication is used when O(access_key) and O(secret_key) are set; it takes precedence
        over O(auth_token), which takes precedence over O(username) and O(password).
      - If not set, the environment variable E(HUAWEICLOUD_SDK_AK) is used, then E(OS_ACCESS_KEY).
    type: str
  secret_key:
    description:
      - Secret access key (SK) for AK/SK authentication. Never logged or returned.
      - If not set, the environment variable E(HUAWEICLOUD_SDK_SK) is used, then E(OS_SECRET_KEY).
    type: str
  security_token:
    description:
      - Security token of temporary AK/SK credentials, sent as C(X-Security-Token) and signed.
      - If not set, the environment variable E(HUAWEICLOUD_SDK_SECURITY_TOKEN) is used, then E(OS_SECURITY_TOKEN).
    type: str
  auth_token:
    description:
      - An existing IAM token scoped to the project, sent as C(X-Auth-Token).
      - If not set, the environment variable E(OS_AUTH_TOKEN) is used.
    type: str
  username:
    description:
      - IAM user name for password authentication. The module obtains a project-scoped token
        from IAM once per run (C(POST /v3/auth/tokens)) and uses it for every call.
      - Needs O(password) and O(domain_name).
      - If not set, the environment variable E(OS_USERNAME) is used.
    type: str
  password:
    description:
      - Password of O(username). Never logged or returned.
      - If not set, the environment variable E(OS_PASSWORD) is used.
    type: str
  domain_name:
    description:
      - Account (domain) name of O(username).
      - If not set, the environment variable E(OS_USER_DOMAIN_NAME) is used, then E(OS_DOMAIN_NAME).
    type: str
notes:
  - The VPC Endpoint API is the same on Huawei Cloud and Open Telekom Cloud (API v1); O(cloud) only
    selects hosts and the rules each cloud documents.
  - Connection options not given as options or environment variables come from an OpenStack-style
    C(clouds.yaml) entry, the one E(OS_CLOUD) names or the only one of the file. The file is
    E(OS_CLIENT_CONFIG_FILE) (what AWX's OpenStack credential sets), else C(clouds.yaml) in the working
    directory, C(~/.config/openstack/) or C(/etc/openstack/); a C(secure.yaml) beside it adds to it.
    Read from the entry are C(region_name); C(auth.project_id); C(auth.auth_url) (O(iam_url));
    C(auth.ak)/C(auth.sk)/C(auth.security_token) (also at the entry's top level); C(auth.token);
    C(auth.username)/C(auth.password)/C(auth.user_domain_name); C(profile) V(otc) (O(cloud=otc));
    C(vpcep_endpoint_override) (O(endpoint_url)).
"""

    # Tags of a service or an endpoint.
    TAGS = r"""
options:
  tags:
    description:
      - Tags the resource should carry, as a dictionary of keys and values.
      - At most 20 tags per resource on both clouds. Keys must not be empty.
      - V(huaweicloud) keys have up to 128 characters, values up to 255; both may hold letters, digits, spaces
        and C(_), C(.), C(:), C(=), C(+), C(-), C(@), values also C(/); keys must not start or end with a space
        nor start with C(_sys_).
      - V(otc) keys have up to 36 characters, values up to 43, both only letters, digits, C(-), C(_) and C(@).
      - Checked before any request.
      - Only differences are sent (tags removed and added, never all recreated).
    type: dict
  purge_tags:
    description:
      - Remove tags not listed in O(tags). Has no effect when O(tags) is not given.
    type: bool
    default: true
"""

    # The VPCEP poll schedule; the options come from the fragment privatelink.endpoints.wait.
    WAIT = r"""
options: {}
notes:
  - Waits poll after half a second at first, then after a quarter of the time waited so far, at most
    every 10 seconds (VPCEP documents no rate limit).
"""
