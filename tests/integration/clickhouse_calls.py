# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ClickHouse emulator's request log, in a form assertions can compare whole."""

from __future__ import annotations


def calls(clickhouse):
    """Every API request as (method, path below the organization, JSON body)."""
    prefix = "/v1/organizations/%s" % clickhouse.org_id
    return [(r["method"], r["path"][len(prefix):] if r["path"].startswith(prefix) else r["path"], r["body"])
            for r in clickhouse.requests]


def writes(clickhouse):
    """The requests that may change something (anything but GET and HEAD)."""
    return [call for call in calls(clickhouse) if call[0] not in ("GET", "HEAD")]


def assert_each_fails(result, messages):
    """Each case of a ``cases`` run failed, its message holding the expected text."""
    assert result.rc == 0, result  # the playbook ignores the errors it provokes
    outcomes = result.tasks["Each case"]["results"]
    assert [o.get("failed") for o in outcomes] == [True] * len(messages), result
    for outcome, message in zip(outcomes, messages):
        assert message in outcome["msg"], (message, outcome["msg"])
