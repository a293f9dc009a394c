# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The three roles' converge, by real ansible-playbook, under faults and kills (see roles.py).

A clean run of each role gives its request positions (the emulator's and, through the fault
proxy, AWS's request logs: nothing here lists a role's requests) and the end state. Then:

- faults: a playbook runs the role with faults armed, turns them off, runs the role again, and
  once more when the first run failed. The second run must succeed, the end state must equal
  the clean run's (no duplicate, no lost change), ``changed`` must be right (the first run
  changed, a run after a successful one changes nothing), no module may crash, and the faults
  must be absorbed (``api_retries: 3``; the security group's writes get write runs of their own,
  see ``GROUP_WRITES``). An ansible-playbook run costs
  seconds, so one run carries many faults: a *sweep* puts a fault on every read of each API,
  the kinds in turn (``SWEEPS`` sweeps by default: each read gets that many kinds, every kind
  is used); a *write run* puts one kind on every write of the role's own API, each write
  targeted by method, path and occurrence, and one of AWS's kinds on every AWS write of the
  collection's modules (``WRITE_KINDS``: the outcomes a client cannot know, not applied,
  applied and applied late; EC2 has no late apply, its creates carry a ClientToken).
  ``RELIABILITY_FULL=1``: as many sweeps and write runs as there are kinds, every kind at
  every position.
- kills: SIGKILL of ansible-playbook and every process under it when a write of the clean run
  arrives, after the API applied it (its answer is lost) and before it reaches the API; then
  the role again: it converges, with the clean run's end state. The roles keep nothing but
  what is in the clouds, so a kill before a write leaves what a kill after the write before it
  leaves: by default "before" is run at each API's first write only; ``RELIABILITY_FULL=1``:
  at every write.

Cases run on ``RELIABILITY_JOBS`` (default 2) sets of clouds at once (fixture ``worlds``).
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import UUID
from ansible_collections.privatelink.endpoints.tests.reliability import aws_proxy, harness
from ansible_collections.privatelink.endpoints.tests.reliability.harness import FAULT_KINDS, TALLY, count_positions
from ansible_collections.privatelink.endpoints.tests.reliability.roles import JOBS, ROLES

FULL = os.environ.get("RELIABILITY_FULL") == "1"
# The emulators' kinds (harness.FAULT_KINDS) and a lost answer that comes back as a 504.
KINDS = dict(FAULT_KINDS, **{"lost-504": dict(status=504, after=True)})
SWEEPS = 2
WRITE_KINDS = {"api": ("drop", "lost-504", "late"), "aws": ("lost",)}
# AWS writes of the endpoint's security group: EC2 answers Duplicate when one is repeated after a
# lost answer (no client token), which aws_vpc_endpoint takes as done. They get write runs of their
# own, so that a run failing there would not hide the writes after it.
GROUP_WRITES = re.compile(r"SecurityGroup")


def path_pattern(path):
    """A regular expression for ``path`` of the clean run, matching it with any object id: an object
    the clean run made has another id in a disturbed run."""
    return "^%s$" % UUID.pattern.join(re.escape(part) for part in UUID.split(path))


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
    """The disturbed runs, each ``{api: [(request, kind)]}`` (a request: its index in the clean run,
    or its name and occurrence); see the module's documentation.

    A sweep's faults are armed at the clean run's indices: each absorbed fault costs one more
    request, and an emulator fault does not count the requests that fire an earlier one, so every
    fault lands on the read it is meant for (the proxy counts every request: index + n for the
    n-th fault).
    """
    apis = sorted(set(api for api, index, write, name in positions))
    reads = {api: [index for a, index, write, name in positions if a == api and not write] for api in apis}
    writes, seen = {}, {}
    for api, index, write, name in positions:
        occurrence = seen[(api, name)] = seen.get((api, name), -1) + 1
        if write:
            writes.setdefault("group" if api == "aws" and GROUP_WRITES.search(name) else api, []).append(
                (name, occurrence))
    most = max(len(kinds_of(api)) for api in apis)
    runs = []
    for sweep in range(most if FULL else SWEEPS):
        run = {}
        for api, indices in reads.items():
            kinds = list(kinds_of(api))
            if sweep < len(kinds) and indices:
                # The kinds in turn, going on from one sweep to the next.
                run[api] = [(index, kinds[(sweep * len(indices) + n) % len(kinds)]) for n, index in enumerate(indices)]
        runs.append(run)
    api = [a for a in apis if a != "aws"][0]
    api_kinds, aws_kinds = (list(KINDS), list(aws_proxy.KINDS)) if FULL else (WRITE_KINDS["api"], WRITE_KINDS["aws"])
    for n in range(max(len(api_kinds), len(aws_kinds) if writes.get("aws") else 0)):
        run = {}
        if writes.get(api) and n < len(api_kinds):
            run[api] = [(request, api_kinds[n]) for request in writes[api]]
        if writes.get("aws"):
            run["aws"] = [(request, aws_kinds[n % len(aws_kinds)]) for request in writes["aws"]]
        runs.append(run)
    runs += [{"aws": [(request, kind)]} for request in writes.get("group", []) for kind in aws_kinds]
    return runs


def arm(world, role, run):
    for api, faults in run.items():
        sweep = sorted(fault for fault in faults if isinstance(fault[0], int))
        named = [fault for fault in faults if not isinstance(fault[0], int)]
        if api == "aws":
            armed = {index + n: aws_proxy.KINDS[kind] for n, (index, kind) in enumerate(sweep)}
            armed.update({request: aws_proxy.KINDS[kind] for request, kind in named})
            world.proxy.arm_many(armed)
        else:
            world.emulator(role).faults[:] = [Fault(skip=index, **KINDS[kind]) for index, kind in sweep] + [
                Fault(method=method, path=path_pattern(path), skip=occurrence, **KINDS[kind])
                for ((method, path), occurrence), kind in named]


def describe(run):
    return "; ".join("%s %s" % (api, ", ".join("%s %s" % (request if isinstance(request, int) else "%s#%d" % (
        " ".join(request[0]) if isinstance(request[0], tuple) else request[0], request[1]), kind)
        for request, kind in faults)) for api, faults in sorted(run.items()))


def judge(role, world, run, expected, label, first_changes=True):
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
    if first_failed:
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
        return judge(role, world, result, expected, "%s, faults: %s" % (role, describe(run)))

    TALLY["cases"] += len(runs)
    TALLY["role_sweeps"] = max(TALLY["role_sweeps"], len([run for run in runs if any(
        isinstance(fault[0], int) for faults in run.values() for fault in faults)]))
    TALLY["role_cases"] += sum(len(faults) for run in runs for faults in run.values())
    TALLY["role_full"] += sum(len(kinds_of(api)) for api, index, write, name in positions)
    count_positions("roles", len(positions), set(KINDS) | set(aws_proxy.KINDS))
    problems = tally(in_parallel(worlds, case, runs))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_a_kill_before_or_after_any_write_is_made_good_by_a_re_run(role, worlds):
    positions, expected = clean_run(worlds, role)
    writes = {}
    for api, index, write, name in positions:
        writes[api] = writes.get(api, 0) + write
    points = [(api, number, phase) for api, count in writes.items() for number in range(count)
              for phase in ("after", "before") if phase == "after" or number == 0 or FULL]

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
        return judge(role, world, world.run(role), expected, label, first_changes=False)

    TALLY["kills"] += len(points)
    TALLY["kills_before_every_write"] = FULL
    TALLY["kill_writes"] += sum(writes.values())
    problems = tally(in_parallel(worlds, case, points), prefix="kill_")
    assert not problems, "\n".join(problems)


def test_a_kill_case_counts_faults_its_run_did_not_reach(monkeypatch):
    # On a copy of the counts, so the run's own summary stays true.
    counts = dict(TALLY, kills=1)
    monkeypatch.setitem(globals(), "TALLY", counts)
    monkeypatch.setattr(harness, "TALLY", counts)
    assert tally([[("unreached", None), ("lost", "lost it")]], prefix="kill_") == ["lost it"]
    kills = harness.summary_lines()[1]
    assert kills.startswith("kills: 1 SIGKILLs") and ", 1 lost," in kills
    assert kills.endswith(" (1 faults not reached: the run ended sooner)")


def test_a_write_fault_matches_its_path_with_the_id_a_disturbed_run_gets():
    clean = "/v1/p1/vpc-endpoint-services/021c193c-10d7-40fb-a7b9-f6d961eff069/permissions/action"
    pattern = re.compile(path_pattern(clean))
    assert pattern.match(clean.replace("021c193c-10d7-40fb-a7b9-f6d961eff069", "718b3a36-b74b-4713-8771-10eb3b6f9f78"))
    assert not pattern.match(clean.replace("permissions", "connections"))
    assert not pattern.match(clean.replace("/p1/", "/p2/"))
