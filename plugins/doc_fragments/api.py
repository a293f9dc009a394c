# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # HTTP behaviour shared by every module of the collection.
    DOCUMENTATION = r"""
options:
  validate_certs:
    description:
      - Verify the API's TLS certificate. Only turn this off for a test endpoint you trust.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authorities to trust instead of the bundled ones, for example a
        company CA behind a TLS-inspecting proxy.
      - Without it, the environment variables E(REQUESTS_CA_BUNDLE), E(CURL_CA_BUNDLE) and E(SSL_CERT_FILE)
        are honoured, in this order.
      - Proxies come from E(HTTPS_PROXY) (and E(HTTP_PROXY)); E(NO_PROXY) lists hosts reached directly.
    type: path
  api_timeout:
    description:
      - Seconds to wait for one API response before giving up on that attempt.
    type: int
    default: 60
  api_retries:
    description:
      - How many times a call is retried after a rate limit (HTTP 429), a transient server error
        (HTTP 500, 502, 503, 504) or a connection failure, with exponential backoff and jitter.
      - Waits the server asks for (C(Retry-After), C(X-RateLimit-Reset)) are honoured.
      - A create whose outcome is unknown is never retried blindly; the resource is looked up first.
    type: int
    default: 5
notes:
  - Supports check mode and diff mode.
  - Secrets given as options are C(no_log) and scrubbed from API errors, but with E(ANSIBLE_DEBUG=1)
    ansible-core prints every module's options as given, secrets included. Credentials read from
    environment variables are not in the task's options and stay out of that output too.
requirements:
  - python >= 3.10
  - requests
"""

    # Attributes for modules that change state.
    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in diff mode) when in diff mode.
    support: full
"""

    # Attributes for read-only modules.
    INFO_ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module only reads.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in diff mode) when in diff mode.
    support: N/A
    details: This module only reads.
"""
