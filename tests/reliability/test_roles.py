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
  twice: the first converges, the second changes nothing, the end state is the clean run's.

Cases run on ``RELIABILITY_JOBS`` (default 2) sets of clouds at once.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from queue import Queue

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator
from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import MotoServer
from ansible_collections.privatelink.endpoints.tests.reliability import aws_proxy
from ansible_collections.privatelink.endpoints.tests.reliability.harness import FAULT_KINDS, TALLY, count_positions
from ansible_collections.privatelink.endpoints.tests.reliability.roles import ROLES, World

FULL = os.environ.get("RELIABILITY_FULL") == "1"
JOBS = max(1, int(os.environ.get("RELIABILITY_JOBS", "2")))
# The emulators' kinds (harness.FAULT_KINDS) and a lost answer that comes back as a 504.
KINDS = dict(FAULT_KINDS, **{"lost-504": dict(status=504, after=True)})
# Kinds every write gets besides its turn: the outcome is unknown to the client.
WRITE_KINDS = {"api": ("lost-504", "late"), "aws": ("lost",)}


@pytest.fixture(scope="session")
def worlds(_clickhouse_server, _vpcep_server, aws, tmp_path_factory):
    """A queue of ``JOBS`` worlds: the session's servers, and more of their own."""
    started, queue = [], Queue()
    queue.put(World(_clickhouse_server, _vpcep_server, aws[0], aws[1], tmp_path_factory.mktemp("world")))
    try:
        for _job in range(JOBS - 1):
            clickhouse, vpcep = ClickHouseEmulator().start(), VpcepEmulator().start()
            moto = MotoServer(tmp_path_factory.mktemp("moto")).start()
            proxy = aws_proxy.FaultProxy(moto.url)
            threading.Thread(target=proxy.serve_forever, daemon=True).start()
            started.append((clickhouse, vpcep, moto, proxy))
            queue.put(World(clickhouse, vpcep, moto, proxy, tmp_path_factory.mktemp("world")))
        yield queue
    finally:
        for clickhouse, vpcep, moto, proxy in started:
            proxy.shutdown()
            proxy.server_close()
            moto.stop()
            vpcep.stop()
            clickhouse.stop()


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


def clean_run(worlds, role):
    world = worlds.get()
    try:
        world.reset()
        run = world.run(role)
        assert not run.failed and run.changed and not run.tracebacks, run
        return world.requests(role), world.state(role)
    finally:
        worlds.put(world)


def fault_cases(positions):
    """(api, index, write, kind) for every position: see the module's documentation."""
    cases, turn = [], {}
    for api, index, write in positions:
        family = "aws" if api == "aws" else "api"
        kinds = list(aws_proxy.KINDS if family == "aws" else KINDS)
        if FULL:
            chosen = kinds
        else:
            turn[family] = turn.get(family, -1) + 1
            chosen = [kinds[turn[family] % len(kinds)]]
            chosen += [kind for kind in WRITE_KINDS[family] if write and kind not in chosen]
        cases += [(api, index, write, kind) for kind in chosen]
    return cases


def judge(role, world, run, expected, label, must_absorb, first_changes=True):
    """What is wrong after a ``twice_playbook()`` run: (tally key, message) pairs."""
    problems = []
    first, second, third = run.runs()
    first_failed = any(result.get("failed") for name, result in first)
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
            problems.append(message)
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_position_of_the_converge_under_faults_converges_exactly_once(role, worlds):
    positions, expected = clean_run(worlds, role)
    cases = fault_cases(positions)
    full = sum(len(aws_proxy.KINDS if api == "aws" else KINDS) for api, index, write in positions)

    def case(world, case):
        api, index, write, kind = case
        world.reset()
        if api == "aws":
            world.proxy.arm(index, aws_proxy.KINDS[kind])
        else:
            world.emulator(role).faults.append(Fault(skip=index, **KINDS[kind]))
        run = world.run(role, playbook=world.twice_playbook(role))
        label = "%s %s request %d %s" % (role, api, index, kind)
        # AWS faults also reach amazon.aws's modules (ec2_security_group...), whose retries are theirs.
        return judge(role, world, run, expected, label, must_absorb=api != "aws")

    TALLY["cases"] += len(cases)
    TALLY["role_cases"] += len(cases)
    TALLY["role_full"] += full
    count_positions("roles", len(positions), set(KINDS) | set(aws_proxy.KINDS))
    problems = tally(in_parallel(worlds, case, cases))
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
        return judge(role, world, world.run(role, playbook=world.twice_playbook(role)), expected, label,
                     must_absorb=True, first_changes=False)

    TALLY["kills"] += len(points)
    problems = tally(in_parallel(worlds, case, points), prefix="kill_")
    assert not problems, "\n".join(problems)
