# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # Waiting for asynchronous changes: the options and the one rule every module family shares.
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Wait until an asynchronous change has finished (the state each module names) before returning.
      - A run that finds the resource still on its way (an earlier run returned early or gave up) waits
        for it too before changing anything, so a run after a timed-out one completes the wait.
      - Polls come after a quarter of the time waited so far, within a first delay and a cap each API
        family chooses from its rate limit, so a change is noticed within a quarter of the time it took.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds each wait may take at most when O(wait) is true; the module then fails naming
        the last state it saw.
      - Must be at least V(1); checked before any request.
    type: int
    default: 600
"""
