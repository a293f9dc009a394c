# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The fault suite: modules run in this process against the emulators (see harness.py).

Fixtures ``clickhouse`` and ``vpcep`` are the emulators, fresh for each test
(tests/utils/emulator_fixtures.py, shared with the integration tests);
``emulators`` maps a flow's family to its emulator; ``aws`` is a moto server and the
fault proxy in front of it (aws_proxy.py), for the whole session; ``worlds`` a queue of
``roles.World`` (clouds for the roles' playbook runs). The summary line of the
suite (``faults: P positions x K kinds, ...``) is printed at the end of the run.
"""

from __future__ import annotations

import runpy
import threading
from pathlib import Path
from queue import Queue

import pytest

# The collection's code becomes importable as ``ansible_collections.privatelink.endpoints``.
runpy.run_path(str(Path(__file__).resolve().parents[1] / "utils" / "collections_root.py"))

from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import MotoServer  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.reliability import harness  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.reliability.aws_proxy import FaultProxy  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.reliability.roles import JOBS, World  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.utils.emulator_fixtures import (  # noqa: E402,F401  pylint: disable=unused-import
    clickhouse_fixture,
    clickhouse_server_fixture,
    fresh_vpcep,
    vpcep_fixture,
    vpcep_server_fixture,
)


@pytest.fixture
def emulators(_clickhouse_server, _vpcep_server):
    """Family name -> a function that resets that emulator and returns it."""
    return dict(clickhouse=_clickhouse_server.fresh,
                vpcep=lambda: fresh_vpcep(_vpcep_server))


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
