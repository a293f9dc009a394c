# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers of the diagnosis tests: run the cases of one module, read each check, count AWS writes."""

from __future__ import annotations


TASKS = {"aws": "Diagnose AWS PrivateLink", "rpe": "Diagnose ClickPipes reverse private endpoint",
         "vpcep": "Diagnose VPC Endpoint"}


def run_cases(ansible, module, cases, env=None, limit_env=None, **extra):
    """Run ``cases`` through playbooks/diagnosis.yml; return each case's result, in order."""
    result = ansible.run("diagnosis.yml", dict(extra, module=module, cases=cases), env=env, limit_env=limit_env)
    assert result.rc == 0, result
    outcomes = result.tasks[TASKS[module]]["results"]
    assert len(outcomes) == len(cases), result
    for outcome in outcomes:
        assert not outcome.get("failed") and outcome["changed"] is False, outcome
    return outcomes


def by_name(outcome):
    """``{check name: check}`` of one result."""
    return {check["name"]: check for check in outcome["checks"]}


def statuses(outcome):
    return {check["name"]: check["status"] for check in outcome["checks"]}


def aws_writes(moto):
    """``moto.writes()`` (compatibility: remove once callers move)."""
    return moto.writes()
