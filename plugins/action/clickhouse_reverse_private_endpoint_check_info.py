# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs clickhouse_reverse_private_endpoint_check_info with ``group/amazon.aws.aws`` defaults too (see plugin_utils/aws_defaults.py)."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.plugins.plugin_utils.aws_defaults import AwsActionModule


class ActionModule(AwsActionModule):
    pass
