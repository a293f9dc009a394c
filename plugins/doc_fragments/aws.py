# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # The AWS family's habits; its wait and wait_timeout are those of privatelink.endpoints.wait.
    DOCUMENTATION = r"""
options: {}
notes:
  - Waits poll every quarter of a second at first, then after a quarter of the time waited so far, at most
    every 5 seconds (a small share of EC2's request rate).
  - Creates carry a client token, so a create that AWS or the SDK retries after a lost response
    returns the first object instead of making a second one.
  - Throttling and transient AWS errors are retried with backoff (amazon.aws C(AWSRetry)).
"""
