# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The harness itself: the JSON callback's report parsed with every run of a task kept, and
``Ansible.steps`` running one module once per step, in order."""

from __future__ import annotations

import json

from ansible_collections.privatelink.endpoints.tests.integration.harness import STEP, PlaybookResult


def report(*tasks):
    """A JSON callback report of one play on localhost: (task name, host result) per task run."""
    return json.dumps({"plays": [{"play": {"name": "p"}, "tasks": [
        {"task": {"name": name}, "hosts": {"localhost": result}} for name, result in tasks]}],
        "stats": {"localhost": {"ok": len(tasks)}}})


def test_every_run_of_a_task_name_is_kept_in_order():
    result = PlaybookResult(0, report(("Apply", {"changed": True, "n": 1}), ("Other", {"n": 2}),
                                      ("Apply", {"changed": False, "n": 3})), "")
    assert [r["n"] for r in result.runs["Apply"]] == [1, 3]
    assert [r["n"] for r in result.outcomes("Apply")] == [1, 3]
    assert result.tasks["Apply"]["n"] == 3  # the last run, for tasks that run once
    assert result.stats == {"localhost": {"ok": 3}}


def test_a_looped_task_counts_once_per_item_and_failures_say_why():
    looped = {"changed": True, "results": [{"changed": True}, {"failed": True, "msg": "no"}]}
    result = PlaybookResult(2, report((STEP, {"changed": False}), (STEP, looped)), "")
    assert result.steps == [{"changed": False}, {"changed": True}, {"failed": True, "msg": "no"}]
    assert result.failure(STEP, 2) == "no"
    assert result.failed and result.changed


def test_output_that_is_no_report_leaves_no_runs():
    result = PlaybookResult(4, "ERROR! the playbook could not be read", "")
    assert (result.runs, result.tasks, result.steps, result.stats) == ({}, {}, [], {})


def test_steps_run_in_order_with_their_own_check_mode_and_keep_going(ansible):
    steps = [dict(that=["1 == 1"], success_msg="first"), dict(that=["1 == 2"], fail_msg="second fails"),
             dict(that=["1 == 1"], success_msg="third", check_mode=True)]
    result = ansible.steps("ansible.builtin.assert", steps, keep_going=True)
    assert result.rc == 0, result
    assert [o.get("msg") for o in result.steps] == ["first", "second fails", "third"]
    assert result.failure(index=1) == "second fails"
    stopped = ansible.steps("ansible.builtin.assert", [dict(that=["1 == 2"], fail_msg="stops"), dict(that=["1 == 1"])])
    assert stopped.rc != 0 and len(stopped.steps) == 1 and stopped.failure() == "stops"
