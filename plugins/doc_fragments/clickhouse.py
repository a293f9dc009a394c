# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # Connection options of every ClickHouse Cloud module.
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the ClickHouse Cloud API, up to and including C(/v1).
      - Point it at a local emulator for tests.
      - If not set, the environment variable E(CLICKHOUSE_API_URL) is used.
    type: str
    default: https://api.clickhouse.cloud/v1
  organization_id:
    description:
      - ID of the ClickHouse Cloud organization (a UUID, checked before any API call).
      - If not set, the environment variable E(CLICKHOUSE_ORG_ID) is used.
      - Required, from this option or the environment (or C(module_defaults)).
    type: str
  api_key_id:
    description:
      - ID of the ClickHouse Cloud API key.
      - If not set, the environment variable E(CLICKHOUSE_CLOUD_API_KEY) is used, then E(CLICKHOUSE_TOKEN_KEY)
        (the names the official Terraform provider reads).
      - Required, from this option or the environment (or C(module_defaults)).
    type: str
  api_key_secret:
    description:
      - Secret of the ClickHouse Cloud API key. Never logged or returned.
      - If not set, the environment variable E(CLICKHOUSE_CLOUD_API_SECRET) is used, then E(CLICKHOUSE_TOKEN_SECRET).
      - Required, from this option or the environment (or C(module_defaults)).
    type: str
  api_rate_limit:
    description:
      - How many requests the API key may send per 10-second window. ClickHouse Cloud allows 10
        unless its support raised the limit for your organization.
      - Every process on this machine that uses the same API key (the forks of a playbook run, say)
        shares this budget through a small lock-protected file per key in the temporary directory,
        named by a hash of the key ID, so parallel tasks queue instead of being answered HTTP 429.
        When the server answers 429 all of them wait the time it names.
      - V(0) turns the shared budget off; a 429 answer is still shared.
      - When the temporary directory cannot be used, each process paces alone.
      - If not set, the environment variable E(CLICKHOUSE_API_RATE_LIMIT) is used.
    type: int
    default: 10
"""

    # Options that pick one service.
    SERVICE = r"""
options:
  service_id:
    description:
      - ID of the ClickHouse Cloud service (a UUID, checked before any API call).
      - Exactly one of O(service_id) and O(service_name) is required.
    type: str
  service_name:
    description:
      - Name of the ClickHouse Cloud service.
      - When several services share the name, narrow it with O(region) and O(provider);
        an ambiguous name is an error that lists the candidates.
    type: str
  region:
    description:
      - Region of the service, in the cloud provider's own naming (for example V(us-east-1)).
      - Used with O(service_name) to narrow the lookup. With O(service_id), a module that reads the
        service fails when the service is in another region.
      - Must be a region ClickHouse Cloud offers (on O(provider), when given); checked before any API call.
    type: str
  provider:
    description:
      - Cloud provider of the service.
      - With O(service_name), narrows the lookup to services on this provider. With O(service_id), a module
        that reads the service fails when the service is on another provider.
      - Modules that take private endpoint IDs also check those IDs against it before any API call.
    type: str
    choices: [aws, gcp, azure]
"""

    # The ClickHouse Cloud poll schedule; the options come from the fragment privatelink.endpoints.wait.
    WAIT = r"""
options: {}
notes:
  - Waits poll once a second at first (the API key's sustained rate), then after a quarter of the time
    waited so far, at most once per 10-second rate-limit window.
"""
