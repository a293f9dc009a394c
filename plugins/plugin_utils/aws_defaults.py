# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action of this collection's AWS modules: they also take ``group/amazon.aws.aws`` defaults.

ansible-core gives a module the defaults of the groups its collection lists it in, and
amazon.aws's group cannot list modules of another collection. A play that sets its AWS
connection once, for ``group/amazon.aws.aws``, would otherwise reach the amazon.aws
modules of a role and send this collection's AWS modules elsewhere (the environment, or
real AWS). Precedence: task arguments, then this collection's own defaults (its group
and the module's own entry, already in the task's arguments), then ``group/amazon.aws.aws``.
"""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.plugins.plugin_utils.module_action import ModuleAction

AMAZON_AWS_GROUP = "group/amazon.aws.aws"


class AwsActionModule(ModuleAction):

    def amazon_aws_defaults(self, task_vars, groups=(AMAZON_AWS_GROUP,)):
        """The ``module_defaults`` of ``groups`` (a later group's value wins), templated, unset ones left out."""
        merged = {}
        for level in self._task.module_defaults or []:  # play first, then blocks, then the task
            merged.update(level)
        defaults = {}
        for group in groups:
            defaults.update(self._templar.template(merged.get(group) or {}) or {})
        omit = (task_vars or {}).get("omit")
        return {name: value for name, value in defaults.items() if value is not None and value != omit}

    def module_args(self, task_vars):
        module_args = self.amazon_aws_defaults(task_vars)
        module_args.update(self._task.args)
        return module_args
