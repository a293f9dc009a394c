# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Integration harness: real ``ansible-playbook`` runs against the local emulators.

Fixtures:

- ``clickhouse``: the ClickHouse Cloud emulator (one per pytest worker), reset and
  seeded with the default fixture before each test. Use its ``requests`` log,
  ``counts()``, ``faults``, ``snapshot()`` and ``configure()`` in assertions.
- ``moto``: a moto (AWS) server (one per pytest worker), reset before each test; its
  ``client()`` is a boto3 client to it, ``calls()``/``writes()`` the AWS actions received.
- ``vpcep``: the VPC Endpoint emulator (Huawei Cloud and OTC, one per pytest worker),
  back to its default fixture with instant transitions before each test. Accounts via
  ``vpcep.account(role, cloud)`` (``provider``/``consumer``); shortcuts ``url``,
  ``project_id``, ``consumer_project_id``, ``domain_id``, ``consumer_domain_id``, ``token``;
  ``env()``/``auth_env()`` for the four ways in; ``requests``, ``counts()``, ``configure()``.
- ``ansible``: ``ansible.run(playbook, extra_vars=None, env=None, check=False,
  diff=False, limit_env=None)`` runs a playbook (a name under ``playbooks/`` or
  a path) with the JSON callback and returns a ``PlaybookResult``.

Every emulator fixture a test requests adds its environment variables to the
runs of that test (see ``EMULATOR_ENV``). Adding an emulator is one fixture plus
one line there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"
BIN = Path(sys.executable).parent
# Where ``ansible_collections/privatelink/endpoints`` is found: the checkout itself when it
# sits in such a tree, else the link ``make collection`` creates.
COLLECTIONS_ROOT = REPO.parents[2] if REPO.parents[1].name == "ansible_collections" else REPO / ".build" / "link"
if str(COLLECTIONS_ROOT) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_ROOT))

from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import MotoServer  # noqa: E402

# Fixture name -> environment variable prefixes it owns. A requested fixture's
# ``env()`` is passed to ansible-playbook; the prefixes are scrubbed from the
# caller's own environment first, so a developer's real credentials never leak
# into a test run.
EMULATOR_ENV = {
    "clickhouse": ("CLICKHOUSE_",),
    "vpcep": ("HUAWEICLOUD_SDK_", "OS_", "VPCEP_"),
    "moto": ("AWS_",),
}


@pytest.fixture(scope="session")
def _clickhouse_server():
    with ClickHouseEmulator() as emulator:
        yield emulator


@pytest.fixture
def clickhouse(_clickhouse_server):
    """The ClickHouse Cloud emulator, freshly reset and seeded for this test."""
    return _clickhouse_server.fresh()


@pytest.fixture(scope="session")
def _moto_server(tmp_path_factory):
    with MotoServer(tmp_path_factory.mktemp("moto")) as server:
        yield server


@pytest.fixture
def moto(_moto_server):
    """The moto server, with no AWS resources and an empty call log for this test."""
    _moto_server.reset()
    return _moto_server


@pytest.fixture(scope="session")
def _vpcep_server():
    with VpcepEmulator() as emulator:
        yield emulator


@pytest.fixture
def vpcep(_vpcep_server):
    """The VPCEP emulator, back to its default fixture with instant transitions for this test."""
    return _vpcep_server.fresh(**VpcepEmulator.INSTANT)


class PlaybookResult:
    """What one ansible-playbook run produced.

    ``tasks`` maps each task name to the host's result (the last task of that
    name wins); ``output`` is stdout and stderr together, for checks that a
    secret appears nowhere.
    """

    def __init__(self, rc, stdout, stderr):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr
        self.tasks = {}
        self.stats = {}
        try:
            report = json.loads(stdout)
        except ValueError:
            return
        for play in report.get("plays", []):
            for task in play.get("tasks", []):
                for host_result in task.get("hosts", {}).values():
                    self.tasks[task["task"]["name"]] = host_result
        self.stats = report.get("stats", {})

    @property
    def changed(self):
        return any(r.get("changed") for r in self.tasks.values())

    @property
    def failed(self):
        return self.rc != 0

    def __repr__(self):
        return "PlaybookResult(rc=%s)\n--- stdout\n%s\n--- stderr\n%s" % (self.rc, self.stdout, self.stderr)


class Ansible:
    """Runs ansible-playbook in a subprocess against the collection in this checkout."""

    def __init__(self, request, tmp_path):
        self.request = request
        self.tmp_path = tmp_path

    def emulator_env(self):
        """Environment of every emulator fixture the current test uses."""
        env = {}
        for fixture in EMULATOR_ENV:
            if fixture in self.request.fixturenames:
                env.update(self.request.getfixturevalue(fixture).env())
        return env

    def base_env(self):
        owned = tuple(p for prefixes in EMULATOR_ENV.values() for p in prefixes)
        env = {k: v for k, v in os.environ.items() if not k.startswith(owned)}
        env.update(
            PATH=str(BIN) + os.pathsep + env.get("PATH", ""),
            ANSIBLE_COLLECTIONS_PATH=os.pathsep.join((str(COLLECTIONS_ROOT), sysconfig.get_paths()["purelib"])),
            ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
            ANSIBLE_LOCAL_TEMP=str(self.tmp_path / "ansible-tmp"),
            ANSIBLE_RETRY_FILES_ENABLED="0",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_DEPRECATION_WARNINGS="0",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        )
        return env

    def run(self, playbook, extra_vars=None, env=None, check=False, diff=False, limit_env=None):
        """Run a playbook and return its PlaybookResult.

        ``env`` adds or overrides variables (a value of None removes one).
        ``limit_env``, when given, is the list of emulator variables to pass
        (for example only the URL and organization, to give credentials as
        options); by default all of them are passed.
        """
        path = Path(playbook)
        if not path.is_absolute():
            path = PLAYBOOKS / playbook
        run_env = self.base_env()
        emulator_env = self.emulator_env()
        if limit_env is not None:
            emulator_env = {k: v for k, v in emulator_env.items() if k in limit_env}
        run_env.update(emulator_env)
        for name, value in (env or {}).items():
            if value is None:
                run_env.pop(name, None)
            else:
                run_env[name] = str(value)
        command = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)]
        if extra_vars:
            command += ["--extra-vars", json.dumps(extra_vars)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        process = subprocess.run(command, env=run_env, cwd=str(self.tmp_path), capture_output=True,
                                 text=True, timeout=600, check=False)
        return PlaybookResult(process.returncode, process.stdout, process.stderr)


@pytest.fixture
def ansible(request, tmp_path):
    return Ansible(request, tmp_path)


@pytest.fixture
def clouds(tmp_path):
    """Every local cloud in one background process (tests/utils/local_clouds.py), fresh for this test,
    seeded as a customer's accounts are before the roles run; its state (``env``, ``world``)."""
    from ansible_collections.privatelink.endpoints.tests.integration.local_roles import SETTINGS
    from ansible_collections.privatelink.endpoints.tests.utils import local_clouds

    directory = str(tmp_path / "clouds")
    state = local_clouds.start(directory, SETTINGS)
    try:
        yield state
    finally:
        local_clouds.stop(directory)
