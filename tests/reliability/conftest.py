# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The fault suite: modules run in this process against the emulators (see harness.py).

Fixtures ``clickhouse`` and ``vpcep`` are the emulators, fresh for each test;
``emulators`` maps a flow's family to its emulator; ``aws`` is a moto server and the
fault proxy in front of it (aws_proxy.py), for the whole session; ``worlds`` a queue of
``roles.World`` (clouds for the roles' playbook runs). The summary line of the
suite (``faults: P positions x K kinds, ...``) is printed at the end of the run.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from queue import Queue

import pytest

REPO = Path(__file__).resolve().parents[2]
COLLECTIONS_ROOT = REPO.parents[2] if REPO.parents[1].name == "ansible_collections" else REPO / ".build" / "link"
if str(COLLECTIONS_ROOT) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_ROOT))

from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import MotoServer  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.reliability import harness  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.reliability.aws_proxy import FaultProxy  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.reliability.roles import JOBS, World  # noqa: E402


@pytest.fixture(scope="session")
def _clickhouse_server():
    with ClickHouseEmulator() as emulator:
        yield emulator


@pytest.fixture(scope="session")
def _vpcep_server():
    with VpcepEmulator() as emulator:
        yield emulator


@pytest.fixture
def clickhouse(_clickhouse_server):
    return _clickhouse_server.fresh()


@pytest.fixture
def vpcep(_vpcep_server):
    return _vpcep_server.fresh(**VpcepEmulator.INSTANT)


@pytest.fixture
def emulators(_clickhouse_server, _vpcep_server):
    """Family name -> a function that resets that emulator and returns it."""
    return dict(clickhouse=_clickhouse_server.fresh,
                vpcep=lambda: _vpcep_server.fresh(**VpcepEmulator.INSTANT))


@pytest.fixture(scope="session")
def aws(tmp_path_factory):
    """A moto server (with tests/utils/moto_extensions.py) and the fault proxy in front of it."""
    with MotoServer(tmp_path_factory.mktemp("moto")) as moto:
        proxy = FaultProxy(moto.url)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        yield moto, proxy
        proxy.shutdown()
        proxy.server_close()


@pytest.fixture(scope="session")
def worlds(_clickhouse_server, _vpcep_server, aws, tmp_path_factory):
    """A queue of ``JOBS`` worlds: the session's servers, and more of their own."""
    started, queue = [], Queue()
    queue.put(World(_clickhouse_server, _vpcep_server, aws[0], aws[1], tmp_path_factory.mktemp("world")))
    try:
        for _job in range(JOBS - 1):
            clickhouse, vpcep = ClickHouseEmulator().start(), VpcepEmulator().start()
            moto = MotoServer(tmp_path_factory.mktemp("moto")).start()
            proxy = FaultProxy(moto.url)
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


def pytest_terminal_summary(terminalreporter):
    for line in harness.summary_lines():
        terminalreporter.write_line(line)
