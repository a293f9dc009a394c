# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs clickhouse_reverse_private_endpoint with the AWS groups' ``module_defaults`` in its ``aws`` option.

The module is a ClickHouse module (its ``region`` is the service's), so ansible-core gives it
none of the AWS groups' defaults. Their connection options (never ``region``: the endpoint
service's name holds it) fill in what the task's ``aws`` leaves out, so that a play that sets
its AWS connection once, for ``group/privatelink.endpoints.aws`` or ``group/amazon.aws.aws``,
also reaches the accept of ``accept_connection``. Precedence: the task's ``aws``, then
this collection's AWS group, then amazon.aws's.
"""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.plugins.plugin_utils.aws_defaults import AMAZON_AWS_GROUP, AwsActionModule

COLLECTION_AWS_GROUP = "group/privatelink.endpoints.aws"
# The module's ``aws`` sub-options and their aliases (as amazon.aws names them) -> the option.
AWS_OPTIONS = dict(
    access_key=("aws_access_key_id", "aws_access_key"),
    secret_key=("aws_secret_access_key", "aws_secret_key"),
    session_token=("aws_session_token",),
    profile=("aws_profile",),
    endpoint_url=("aws_endpoint_url",),
    aws_ca_bundle=(),
    validate_certs=(),
)
CANONICAL = dict((alias, name) for name, aliases in AWS_OPTIONS.items() for alias in (name,) + aliases)


def connection(options):
    """The AWS connection options among ``options``, each under its canonical name."""
    return dict((CANONICAL[name], value) for name, value in (options or {}).items() if name in CANONICAL)


class ActionModule(AwsActionModule):

    def module_args(self, task_vars):
        module_args = dict(self._task.args)
        given = module_args.get("aws")
        if given is None or isinstance(given, dict):
            aws = connection(self.amazon_aws_defaults(task_vars, (AMAZON_AWS_GROUP, COLLECTION_AWS_GROUP)))
            aws.update(connection(given))
            # A name the task gives that is no connection option stays, for the module to refuse.
            aws.update((name, value) for name, value in (given or {}).items() if name not in CANONICAL)
            if aws:
                module_args["aws"] = aws
        return module_args
