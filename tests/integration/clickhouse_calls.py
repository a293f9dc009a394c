# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the ClickHouse module tests share: a module run (twice for the idempotence check) and
validation cases."""

from __future__ import annotations


def apply(ansible, module, options, twice=False, check=False, diff=False, env=None, limit_env=None):
    """Run ``module`` with ``options``, and again with the same options when ``twice``; the result's
    ``steps`` are the runs (a failing first run stops there)."""
    return ansible.steps(module, [options] * (2 if twice else 1), check=check, diff=diff, env=env, limit_env=limit_env)


def each_case(ansible, module, cases, env=None):
    """Run ``module`` once per option set of ``cases``, going on after failures."""
    return ansible.steps(module, cases, keep_going=True, env=env)


def assert_each_fails(result, messages):
    """Each case of an ``each_case`` run failed, its message holding the expected text."""
    assert result.rc == 0, result  # the run goes on after the errors it provokes
    outcomes = result.steps
    assert [o.get("failed") for o in outcomes] == [True] * len(messages), result
    for outcome, message in zip(outcomes, messages):
        assert message in outcome["msg"], (message, outcome["msg"])
