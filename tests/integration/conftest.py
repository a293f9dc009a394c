# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures of the integration tests: real ``ansible-playbook`` runs against the local emulators
(the harness itself, playbook runs and their results, is ``harness.py``).

- ``clickhouse``: the ClickHouse Cloud emulator (one per pytest worker), reset and
  seeded with the default fixture before each test. Use its request log (``calls()``,
  ``writes()``, ``log()``, ``counts()``), ``faults``, ``snapshot()`` and ``configure()`` in assertions.
- ``moto``: a moto (AWS) server (one per pytest worker), reset before each test; its
  ``client()`` is a boto3 client to it, ``calls()``/``writes()`` the AWS requests received;
  ``tests/utils/aws_network.py`` seeds the network a test starts from.
- ``vpcep``: the VPC Endpoint emulator (Huawei Cloud and OTC, one per pytest worker),
  back to its default fixture with instant transitions before each test. Accounts via
  ``vpcep.account(role, cloud)`` (``provider``/``consumer``); shortcuts ``url``,
  ``project_id``, ``consumer_project_id``, ``domain_id``, ``consumer_domain_id``, ``token``;
  ``env()``/``auth_env()`` for the four ways in; the request log as for ``clickhouse``.
- ``ansible``: ``ansible.steps(module, steps, ...)`` runs a module once per step in one
  playbook, ``ansible.run(playbook, extra_vars=None, env=None, check=False, diff=False,
  limit_env=None)`` a scenario playbook (a name under ``playbooks/`` or a path); both
  return a ``PlaybookResult``.

Every emulator fixture a test requests adds its environment variables to the
runs of that test (see ``EMULATOR_ENV`` in ``harness.py``). Adding an emulator is one
fixture (the emulators' own are in ``tests/utils/emulator_fixtures.py``, shared with the
reliability suite) plus one line there.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

# The collection's code becomes importable as ``ansible_collections.privatelink.endpoints``.
REPO = runpy.run_path(str(Path(__file__).resolve().parents[1] / "utils" / "collections_root.py"))["REPO"]

from ansible_collections.privatelink.endpoints.tests.integration.harness import (  # noqa: E402,F401  pylint: disable=unused-import
    # (imported from here by tests)
    BIN,
    EMULATOR_ENV,
    Ansible,
    PlaybookResult,
)
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import MotoServer  # noqa: E402
from ansible_collections.privatelink.endpoints.tests.utils.emulator_fixtures import (  # noqa: E402,F401  pylint: disable=unused-import
    clickhouse_fixture,
    clickhouse_server_fixture,
    vpcep_fixture,
    vpcep_server_fixture,
)


@pytest.fixture(scope="session")
def _moto_server(tmp_path_factory):
    with MotoServer(tmp_path_factory.mktemp("moto")) as server:
        yield server


@pytest.fixture
def moto(_moto_server):
    """The moto server, with no AWS resources and an empty call log for this test."""
    _moto_server.reset()
    return _moto_server


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
