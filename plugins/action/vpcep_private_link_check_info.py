# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs vpcep_private_link_check_info inside the task's worker on the controller when it can (see plugin_utils/module_action.py)."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.plugins.plugin_utils.module_action import ModuleAction


class ActionModule(ModuleAction):
    pass
