# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers of the diagnosis tests: run the cases of one module, read each check."""

from __future__ import annotations


MODULES = {"aws": "clickhouse_aws_privatelink_check_info", "rpe": "clickhouse_reverse_private_endpoint_check_info",
           "vpcep": "vpcep_private_link_check_info"}


def run_cases(ansible, module, cases, env=None, limit_env=None, aws_endpoint_url=None, conn=None):
    """Run the diagnosis module ``module`` (``aws``, ``rpe`` or ``vpcep``) once per case of ``cases`` (its
    options, laid over ``conn`` and the AWS ``endpoint_url``); return each case's result, in order."""
    defaults = dict(conn or {})
    if aws_endpoint_url:
        defaults["endpoint_url"] = aws_endpoint_url
    result = ansible.steps(MODULES[module], cases, defaults=defaults, env=env, limit_env=limit_env)
    assert result.rc == 0, result
    outcomes = result.steps
    assert len(outcomes) == len(cases), result
    for outcome in outcomes:
        assert not outcome.get("failed") and outcome["changed"] is False, outcome
    return outcomes


def by_name(outcome):
    """``{check name: check}`` of one result."""
    return {check["name"]: check for check in outcome["checks"]}


def statuses(outcome):
    return {check["name"]: check["status"] for check in outcome["checks"]}
