# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:

    # state and purge of modules that manage the members of a list (allow-lists, registrations).
    DOCUMENTATION = r"""
options:
  state:
    description:
      - V(present) makes sure the listed items are in the list, V(absent) that they are not.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), also remove every item that is not listed, including items added
        outside Ansible. Without it, items added by others (another playbook, the console) are kept.
      - Ignored with O(state=absent).
    type: bool
    default: false
"""
