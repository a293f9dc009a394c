# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # Waiting, shared by the AWS modules of this collection.
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Wait until the change has taken effect (the steady state each module names) before returning.
      - A run that finds the resource still on its way there waits too, without changing anything,
        so a run after a timed-out one completes the wait.
      - Polls come every quarter of a second at first, then after a quarter of the time waited so far,
        at most every 5 seconds (a small share of EC2's request rate), so a change is noticed within
        a quarter of the time it took.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most; the module fails naming the last state it saw.
    type: int
    default: 600
notes:
  - Creates carry a client token, so a create that AWS or the SDK retries after a lost response
    returns the first object instead of making a second one.
  - Throttling and transient AWS errors are retried with backoff (amazon.aws C(AWSRetry)).
"""
