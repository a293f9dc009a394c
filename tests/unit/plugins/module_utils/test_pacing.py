# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pacer, the rate limiter that processes using one API key share, and ApiClient with it.

The state lives in real files under a per-test directory; processes are real
(``multiprocessing`` with fork) so the lock is what keeps them apart.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils import api
from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiClient, Pacer

from ansible_collections.privatelink.endpoints.tests.unit.plugins.module_utils.test_api import (  # noqa: F401  pylint: disable=unused-import
    make_client,
    server,
)

KEY = "key-id-AKIA42 https://api.example.test/v1"


class Clock:
    def __init__(self, now=1_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def private_pacing(tmp_path, monkeypatch):
    monkeypatch.setattr(api.tempfile, "tempdir", str(tmp_path))


def spans_ok(slots, limit, window):
    """No ``limit`` + 1 consecutive slots within one window: no window can hold more than ``limit``."""
    slots = sorted(slots)
    return all(later - earlier >= window for earlier, later in zip(slots, slots[limit:]))


# One process ------------------------------------------------------------------------------------

def test_a_window_holds_at_most_limit_requests_and_waiters_queue_in_order():
    clock = Clock()
    pacer = Pacer(KEY, limit=3, window=10.0, clock=clock)
    assert [pacer.acquire() for dummy in range(3)] == [0.0, 0.0, 0.0]
    clock.now += 2.0
    # The fourth goes a window (and the margin) after the first; the ones after it queue behind.
    waits = [pacer.acquire() for dummy in range(4)]
    assert waits == pytest.approx([8.25, 8.25, 8.25, 18.5])
    slots = [1_000_000.0] * 3 + [clock.now + w for w in waits]
    assert spans_ok(slots, 3, 10.0)
    # Efficiency: the margin costs 2.5 % of the bound, no more.
    assert (slots[-1] - slots[0]) == pytest.approx(2 * 10.0 * (1 + Pacer.MARGIN))


def test_a_delay_asked_for_is_returned_exactly_when_nothing_shared_is_in_the_way():
    pacer = Pacer(KEY, limit=10, window=10.0)
    assert pacer.acquire(0.5) == 0.5
    assert pacer.acquire(1.25) == 1.25


def test_a_hold_is_seen_by_every_pacer_of_the_key_and_only_of_that_key():
    clock = Clock()
    told = Pacer(KEY, clock=clock)
    other_process = Pacer(KEY, clock=clock)
    other_key = Pacer(KEY.replace("AKIA42", "AKIA43"), clock=clock)
    told.hold(6.0)
    clock.now += 1.0
    assert other_process.acquire() == pytest.approx(5.0)
    assert other_key.acquire() == 0.0
    assert other_process.acquire(7.0) == 7.0  # a longer own wait wins


def test_the_state_file_is_private_and_never_holds_the_key(tmp_path):
    pacer = Pacer(KEY, limit=10, window=10.0)
    pacer.acquire()
    pacer.hold(3.0)
    [directory] = os.listdir(str(tmp_path))
    path = os.path.join(str(tmp_path), directory)
    assert os.stat(path).st_mode & 0o777 == 0o700
    [name] = os.listdir(path)
    assert "AKIA42" not in name and "example" not in name
    with open(os.path.join(path, name)) as handle:
        text = handle.read()
    assert "AKIA42" not in text and "example" not in text
    assert set(json.loads(text)) == {"sent", "hold", "slot"}
    assert os.stat(os.path.join(path, name)).st_mode & 0o777 == 0o600


def test_a_corrupt_state_file_starts_afresh(tmp_path):
    pacer = Pacer(KEY, limit=2, window=10.0)
    pacer.acquire()
    with open(pacer.path, "w") as handle:
        handle.write('{"sent": [1, 2')  # a writer killed halfway
    assert pacer.acquire() == 0.0 and pacer.usable


def test_times_from_a_clock_that_was_set_back_are_forgotten():
    clock = Clock()
    pacer = Pacer(KEY, limit=1, window=10.0, clock=clock)
    pacer.hold(30.0)
    pacer.acquire()
    clock.now -= 2 * Pacer.HORIZON  # the clock jumps back two hours
    assert pacer.acquire() == 0.0


def test_state_of_an_unknown_shape_is_replaced_or_ignored():
    pacer = Pacer(KEY, limit=2, window=10.0)
    pacer.acquire()  # makes the directory and the file
    for text in ('{"hold": "soon", "sent": ["x", 3]}', "[1, 2]", '"text"'):
        with open(pacer.path, "w") as handle:
            handle.write(text)
        pacer.hold(0.0)
        assert pacer.acquire() == 0.0 and pacer.usable


def test_a_directory_others_can_write_is_not_trusted(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    pacer = Pacer(KEY, limit=1, window=10.0, directory=str(shared))
    assert [pacer.acquire(), pacer.acquire()] == [0.0, 0.0]  # paces alone: nothing shared
    assert not pacer.usable and os.listdir(str(shared)) == []


# Unusable temp dir: everything still works ------------------------------------------------------

def unusable_directories(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("")
    yield str(a_file / "pacing")  # below a file: ENOTDIR
    yield "/proc/privatelink-endpoints-pacing"  # procfs: nothing can be created there, not even by root
    if os.getuid() != 0:  # root writes through a read-only mode
        read_only = tmp_path / "read-only"
        read_only.mkdir()
        read_only.chmod(0o500)
        yield str(read_only / "pacing")


def test_an_unusable_directory_turns_pacing_off_without_an_error(tmp_path):
    for directory in unusable_directories(tmp_path):
        pacer = Pacer(KEY, limit=1, window=10.0, directory=directory)
        pacer.hold(30.0)
        assert pacer.acquire() == 0.0 and pacer.acquire(0.5) == 0.5
        assert not pacer.usable


def test_the_client_works_and_retries_alone_when_the_temp_dir_is_read_only(server, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(api, "pacing_directory", lambda: "/proc/privatelink-endpoints-pacing")
    srv = server((429, {}, {"Retry-After": "2"}), (200, {"ok": 1}))
    client = make_client(srv.url)
    client.rate_limit = (1, 10.0)
    assert client.request("GET", "/things") == {"ok": 1}
    assert client.request("GET", "/things") == {}
    assert len(srv.requests) == 3
    [slept] = client.slept  # the retry's own wait only; the rate limit cannot be shared
    assert 2.5 <= slept <= 3.5 and not client.pacer.usable


# ApiClient with the pacer -----------------------------------------------------------------------

def test_a_429_one_process_gets_makes_the_others_wait_instead_of_being_refused(server):  # noqa: F811
    srv = server((429, {}, {"X-RateLimit-Reset": "4"}), (200, {}), (200, {}))
    first = make_client(srv.url)
    second = make_client(srv.url)  # another fork, same key
    first.request("GET", "/services")
    second.request("GET", "/services")
    assert [r.get("status") for r in srv.requests] == [None] * 3 and len(srv.requests) == 3
    assert 4.5 <= first.slept[0] <= 5.5
    # The second never saw a 429: it waited out the rest of the time the server named.
    assert len(second.slept) == 1 and 3.5 <= second.slept[0] <= 4.0


def test_the_documented_limit_is_kept_across_clients(server):  # noqa: F811
    srv = server()
    clients = [make_client(srv.url) for dummy in range(3)]
    for client in clients:
        client.rate_limit = (2, 10.0)
    started = time.time()
    clients[0].request("GET", "/services")
    clients[1].request("GET", "/services")
    spent = time.time() - started  # on a loaded machine the first two requests take a while
    clients[2].request("GET", "/services")
    assert clients[0].slept == [] and clients[1].slept == []
    # The third waits until the window of the first has passed, plus the margin.
    assert len(clients[2].slept) == 1 and 10.0 - spent < clients[2].slept[0] <= 10.25


def test_different_keys_do_not_share(server):  # noqa: F811
    srv = server()
    one = ApiClient(srv.url, auth=("key-1", "s1"))
    two = ApiClient(srv.url, auth=("key-2", "s2"))
    assert one.pacer.path != two.pacer.path
    assert ApiClient(srv.url, auth=("key-1", "other secret")).pacer.path == one.pacer.path


# Many processes --------------------------------------------------------------------------------

def _worker(directory, count, queue):
    readings = []

    def clock():
        readings.append(time.time())
        return readings[-1]
    pacer = Pacer(KEY, limit=4, window=0.4, directory=directory, clock=clock)
    slots = []
    for dummy in range(count):
        wait = pacer.acquire()
        slots.append(readings[-1] + wait)  # the time this request was given
        if wait > 0:
            time.sleep(wait)
    queue.put((pacer.usable, slots, time.time()))


def test_processes_share_one_budget(tmp_path):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    directory = str(tmp_path / "pacing")
    workers = [context.Process(target=_worker, args=(directory, 5, queue)) for dummy in range(6)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=60) for dummy in workers]
    for worker in workers:
        worker.join(timeout=10)
    assert all(usable for usable, dummy, dummy_end in results)
    slots = sorted(t for dummy, times, dummy_end in results for t in times)
    assert len(slots) == 30 and len(set(slots)) == 30
    # Never 5 requests in one window, whichever process sent them...
    assert spans_ok(slots, 4, 0.4)
    # ... and no slot wasted: 30 requests at 4 per 0.4 s are 7 windows after the first burst.
    assert 7 * 0.4 * (1 + Pacer.MARGIN) - 1e-6 <= slots[-1] - slots[0] <= 7 * 0.4 * (1 + Pacer.MARGIN) + 0.5
