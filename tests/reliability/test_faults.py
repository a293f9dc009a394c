# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every request position of every state-changing ClickHouse and VPCEP module x every fault kind.

For each flow a clean run first gives the request count (the positions) and the
end state. Then, for each position and kind: a fresh emulator, the fault on that
request, a run, a clean re-run and one more run. One fault must be absorbed (the
modules run with ``api_retries: 3``): the disturbed run succeeds. The re-run must
succeed, the end state must equal the clean run's (no duplicate, no lost change),
``changed`` must be right and the last run must write nothing; no run may end in
a traceback.
"""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.reliability import flows
from ansible_collections.privatelink.endpoints.tests.reliability.harness import (
    FAULT_KINDS,
    TALLY,
    count_positions,
    run_module,
)


def start(flow, emulators):
    emulator = emulators[flow.family]()
    context = flow.prepare(emulator)
    emulator.requests.clear()
    return emulator, flow.args(emulator, context)


def clean_run(flow, emulators):
    emulator, args = start(flow, emulators)
    result = run_module(flow.module, args)
    assert not result.get("failed") and result["changed"], result
    return len(emulator.requests), flow.state(emulator)


def judge(flow, emulator, args, expected, label, landed=None):
    """Run the flow with the fault in place, then twice clean; return the problems seen.

    ``landed`` (a list) is told whether every late request landed during the disturbed run.
    """
    problems = []
    disturbed = run_module(flow.module, args)
    if landed is not None:
        landed.append(not emulator.late)
        if emulator.late:
            return problems
    emulator.faults.clear()
    rerun = run_module(flow.module, args)
    writes = emulator.counts()["writes"]
    last = run_module(flow.module, args)
    runs = (disturbed, rerun, last)
    for result in runs:
        if "traceback" in result:
            TALLY["tracebacks"] += 1
            problems.append("%s: traceback %s" % (label, result["traceback"][-1500:]))
    if rerun.get("failed"):
        problems.append("%s: the clean re-run failed: %s" % (label, rerun.get("msg")))
    state = flow.state(emulator)
    if state != expected:
        kind = "duplicates" if len(state) > len(expected) and isinstance(state, list) else "lost"
        TALLY[kind] += 1
        problems.append("%s: end state %r, a clean run gives %r" % (label, state, expected))
    if disturbed.get("failed") and "traceback" not in disturbed:
        TALLY["not_absorbed"] += 1
        problems.append("%s: one fault failed the run (api_retries=3): %s" % (label, disturbed.get("msg")))
    wrong = []
    if not disturbed.get("failed") and not disturbed.get("changed"):
        wrong.append("the disturbed run succeeded without changed")
    if not disturbed.get("failed") and rerun.get("changed"):
        wrong.append("the re-run after a successful run changed something")
    if last.get("changed") or emulator.counts()["writes"] != writes:
        wrong.append("the last run changed or wrote something")
    if wrong:
        TALLY["wrong_changed"] += 1
        problems.append("%s: %s" % (label, "; ".join(wrong)))
    return problems


@pytest.mark.parametrize("flow", flows.FLOWS, ids=lambda flow: flow.name)
def test_every_position_and_fault_kind_converges_exactly_once(flow, emulators):
    positions, expected = clean_run(flow, emulators)
    count_positions("api", positions, FAULT_KINDS)
    problems = []
    for position in range(positions):
        for kind, fault in FAULT_KINDS.items():
            TALLY["cases"] += 1
            emulator, args = start(flow, emulators)
            emulator.faults.append(Fault(skip=position, **fault))
            problems += judge(flow, emulator, args, expected, "%s request %d %s" % (flow.name, position, kind))
    assert not problems, "\n".join(problems)


CREATES = {
    "clickhouse_reverse_private_endpoint": r"/clickpipesReversePrivateEndpoints$",
    "vpcep_service": r"/vpc-endpoint-services$",
    "vpcep_endpoint": r"/vpc-endpoints$",
}


@pytest.mark.parametrize("flow", [f for f in flows.FLOWS if f.name in CREATES], ids=lambda flow: flow.name)
@pytest.mark.parametrize("answer", [dict(status=504), dict(drop=True)], ids=["504", "drop"])
def test_a_create_applied_late_is_made_once_whenever_it_lands(flow, answer, emulators):
    """The create's answer fails and the server applies it only after 1, 2, 3... further requests:
    during the settle window, just before, during or after the second create, or at the
    end of the run. (A create landing after the run has ended cannot be told from one
    made by someone else: such positions end the loop.)"""
    positions, expected = clean_run(flow, emulators)
    problems = []
    landed = []
    later = 0
    while not landed or landed[-1]:
        later += 1
        emulator, args = start(flow, emulators)
        emulator.faults.append(Fault(path=CREATES[flow.name], method="POST", apply_after=later, **answer))
        problems += judge(flow, emulator, args, expected, "%s applied after %d requests" % (flow.name, later),
                          landed)
        emulator.late.clear()
    # Landing positions covered: the settle window's lookups (3 in its 1 s on the default poll schedule),
    # the second create and what follows it.
    assert later > positions + 3, later
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", ["500", "502", "503", "504", "drop", "lost"])
def test_a_permission_change_is_retried_like_other_idempotent_writes(kind, emulators):
    """POST .../permissions/action adds or removes a set: repeating it ends the same, so it is retried."""
    flow = next(f for f in flows.FLOWS if f.name == "vpcep_service")
    emulator, args = start(flow, emulators)
    emulator.faults.append(Fault(path="/permissions/action$", method="POST", **FAULT_KINDS[kind]))
    result = run_module(flow.module, args)
    assert not result.get("failed"), result
    sent = [r for r in emulator.requests if r["path"].endswith("/permissions/action")]
    assert len(sent) == 2
    [service] = flows.vpcep_service_named(emulator, "web")
    assert [p["permission"] for p in emulator.permissions[service["id"]]] == ["iam:domain::" + flows.DOMAIN]
