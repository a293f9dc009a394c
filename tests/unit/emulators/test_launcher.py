# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``python -m ansible_collections.privatelink.endpoints.tests.emulators`` (``make emulators``)."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time

import requests

from ansible_collections.privatelink.endpoints.tests.emulators.__main__ import EMULATORS


def wait_for_file(path, process, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the launcher wrote no %s" % path
        time.sleep(0.05)


def test_starts_every_emulator_prints_env_and_stops_on_sigterm(tmp_path):
    env_file, port_file = tmp_path / "env", tmp_path / "ports"
    process = subprocess.Popen(
        [sys.executable, "-m", "ansible_collections.privatelink.endpoints.tests.emulators",
         "--env-file", str(env_file), "--port-file", str(port_file)],
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_file(str(port_file), process)
        ports = json.loads(port_file.read_text())
        assert sorted(ports) == sorted(e.name for e in EMULATORS)
        exports = dict(shlex.split(line)[1].split("=", 1) for line in env_file.read_text().splitlines())
        assert exports["CLICKHOUSE_API_URL"] == "http://127.0.0.1:%d/v1" % ports["clickhouse"]
        response = requests.get("%s/organizations/%s/services" % (exports["CLICKHOUSE_API_URL"], exports["CLICKHOUSE_ORG_ID"]),
                                auth=(exports["CLICKHOUSE_CLOUD_API_KEY"], exports["CLICKHOUSE_CLOUD_API_SECRET"]),
                                timeout=10)
        assert response.status_code == 200 and len(response.json()["result"]) == 6
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "export CLICKHOUSE_API_URL=" in stdout
    assert not env_file.exists() and not port_file.exists()
