# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The three roles' converge, by real ansible-playbook, under faults and kills (see roles.py).

A clean run of each role gives its request positions (the emulator's and, through the fault
proxy, AWS's request logs: nothing here lists a role's requests) and the end state. Then:

- faults: for a position and a fault kind, a playbook runs the role with the fault there,
  turns the faults off, runs the role again, and once more when the first run failed. The
  second run must succeed, the end state must equal the clean run's (no duplicate, no lost
  change), ``changed`` must be right (the first run changed, a run after a successful one
  changes nothing), and no run may end in a traceback; a fault on the role's own API must
  be absorbed (``api_retries: 3``). Every position gets a fault: by default one kind each,
  the kinds taken in turn, and every write also the kinds that leave its outcome unknown
  (a subset, said in the summary line); ``RELIABILITY_FULL=1`` runs every kind at every
  position.
- kills: SIGKILL of ansible-playbook and every process under it when each write of the
  clean run arrives, before it reaches the API and after the API applied it; then the role
  again: it converges, with the clean run's end state.

Cases run on ``RELIABILITY_JOBS`` (default 2) sets of clouds at once (fixture ``worlds``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.reliability import aws_proxy
from ansible_collections.privatelink.endpoints.tests.reliability.harness import FAULT_KINDS, TALLY, count_positions
from ansible_collections.privatelink.endpoints.tests.reliability.roles import JOBS, ROLES

FULL = os.environ.get("RELIABILITY_FULL") == "1"
# The emulators' kinds (harness.FAULT_KINDS) and a lost answer that comes back as a 504.
KINDS = dict(FAULT_KINDS, **{"lost-504": dict(status=504, after=True)})
# By default each read position gets SWEEPS kinds (one sweep: a fault at every read of the run, the
# kinds in turn), every write the kinds whose outcome the client cannot know: not applied,
# applied, applied late (EC2 has no late apply: creates carry a ClientToken). RELIABILITY_FULL=1:
# every kind everywhere.
SWEEPS = 3
WRITE_KINDS = {"api": ("drop", "lost-504", "late"), "aws": ("lost",)}


def kinds_of(api):
    return aws_proxy.KINDS if api == "aws" else KINDS


def in_parallel(worlds, function, cases):
    """``function(world, case)`` for every case, each on a world of its own; the results in order."""
    def one(case):
        world = worlds.get()
        try:
            return function(world, case)
        finally:
            world.disarm()
            worlds.put(world)
    with ThreadPoolExecutor(JOBS) as pool:
        return list(pool.map(one, cases))


CLEAN = {}


def clean_run(worlds, role):
    """A clean run's request positions and end state (one per role and session)."""
    if role not in CLEAN:
        CLEAN[role] = _clean_run(worlds, role)
    return CLEAN[role]


def _clean_run(worlds, role):
    world = worlds.get()
    try:
        world.reset()
        run = world.run(role)
        assert not run.failed and run.changed and not run.tracebacks, run
        return world.requests(role), world.state(role)
    finally:
        worlds.put(world)


def fault_runs(positions):
    """The disturbed runs, each ``{api: [(request index, kind)]}``: see the module's documentation.

    A sweep puts a fault on every read of an API at once. Each absorbed fault costs one more
    request, and an emulator fault does not count the requests that fire an earlier one, so the
    n-th fault of a sweep is armed at the clean run's index (the proxy, which counts every
    request, at that index + n): every fault lands on the request it is meant for.
    """
    apis = sorted(set(api for api, index, write in positions))
    reads = {api: [index for a, index, write in positions if a == api and not write] for api in apis}
    runs = []
    for sweep in range(max(len(kinds_of(api)) for api in apis) if FULL else SWEEPS):
        run = {}
        for api, indices in reads.items():
            kinds = list(kinds_of(api))
            if sweep < len(kinds) and indices:
                run[api] = [(index, kinds[(n + sweep) % len(kinds)]) for n, index in enumerate(indices)]
        runs.append(run)
    for api, index, write in positions:
        if write:
            runs += [{api: [(index, kind)]} for kind in (kinds_of(api) if FULL else WRITE_KINDS[
                "aws" if api == "aws" else "api"])]
    return runs


def arm(world, role, run):
    for api, faults in run.items():
        faults = sorted(faults)
        if api == "aws":
            world.proxy.arm_many({index + n: aws_proxy.KINDS[kind] for n, (index, kind) in enumerate(faults)})
        else:
            world.emulator(role).faults[:] = [Fault(skip=index, **KINDS[kind]) for index, kind in faults]


def judge(role, world, run, expected, label, must_absorb, first_changes=True):
    """What is wrong after a ``twice_playbook()`` run: (tally key, message) pairs."""
    problems = []
    first, second, third = run.runs()
    first_failed = any(result.get("failed") for name, result in first)
    problems += [("unreached", None)] * world.unfired  # counted, not a failure: the run ended sooner
    for name in run.tracebacks:
        problems.append(("tracebacks", "%s: traceback in %s" % (label, name)))
    if run.failed:
        problems.append(("lost", "%s: the clean re-run failed: %r" % (label, run.failures())))
    state = world.state(role)
    if state != expected:
        more = any(len(state[key]) > len(expected[key]) for key in expected if isinstance(state[key], list))
        problems.append(("duplicates" if more else "lost", "%s: end state %r, a clean run gives %r" % (label, state, expected)))
    if first_failed and must_absorb:
        problems.append(("not_absorbed", "%s: one fault failed the run (api_retries=3): %r"
                         % (label, [(n, r.get("msg")) for n, r in first if r.get("failed")])))
    wrong = []
    if first_changes and not first_failed and not any(result.get("changed") for name, result in first):
        wrong.append("the first run succeeded without changed")
    last = third if first_failed else second
    if any(result.get("changed") for name, result in last):
        wrong.append("the last run changed %s" % [name for name, result in last if result.get("changed")])
    if wrong:
        problems.append(("wrong_changed", "%s: %s" % (label, "; ".join(wrong))))
    return problems


def tally(results, prefix=""):
    problems = []
    for found in results:
        for key, message in found:
            TALLY[prefix + key] += 1
            if message:
                problems.append(message)
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_position_of_the_converge_under_faults_converges_exactly_once(role, worlds):
    positions, expected = clean_run(worlds, role)
    runs = fault_runs(positions)

    def case(world, run):
        world.reset()
        arm(world, role, run)
        result = world.run(role, playbook=world.twice_playbook(role))
        label = "%s %s" % (role, "; ".join("%s %s" % (api, ", ".join("%d %s" % fault for fault in faults))
                                             for api, faults in sorted(run.items())))
        return judge(role, world, result, expected, label, must_absorb=True)

    TALLY["cases"] += len(runs)
    TALLY["role_sweeps"] = SWEEPS
    TALLY["role_cases"] += sum(len(faults) for run in runs for faults in run.values())
    TALLY["role_full"] += sum(len(kinds_of(api)) for api, index, write in positions)
    count_positions("roles", len(positions), set(KINDS) | set(aws_proxy.KINDS))
    problems = tally(in_parallel(worlds, case, runs))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_a_kill_before_or_after_any_write_is_made_good_by_a_re_run(role, worlds):
    positions, expected = clean_run(worlds, role)
    writes = {}
    for api, index, write in positions:
        writes[api] = writes.get(api, 0) + write
    points = [(api, number, phase) for api, count in writes.items() for number in range(count)
              for phase in ("before", "after")]

    def case(world, point):
        api, number, phase = point
        world.reset()
        world.kill_at_write(role, api, number, phase)
        killed = world.run(role)
        world.disarm()
        label = "%s killed %s %s write %d" % (role, phase, api, number)
        if not killed.killed:
            return [("lost", "%s: the kill point was not reached (rc %s)" % (label, killed.rc))]
        # A kill after the last write leaves nothing to change.
        return judge(role, world, world.run(role), expected, label, must_absorb=True, first_changes=False)

    TALLY["kills"] += len(points)
    problems = tally(in_parallel(worlds, case, points), prefix="kill_")
    assert not problems, "\n".join(problems)
