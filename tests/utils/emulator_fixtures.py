# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The emulator fixtures of the integration and the reliability suites: one ClickHouse Cloud and one
VPCEP emulator per session (per pytest worker), reset for each test that asks for one (the emulators'
own unit tests make theirs here too, one server per test module). A suite's
conftest imports the ones it offers, each with its ``_<name>_server`` (what the other one uses). The
functions' names are not the fixtures', so that arguments named after fixtures shadow no import.
"""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator
from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator


def emulator_fixtures(name, emulator_class, fresh, doc, scope="session"):
    """The fixtures ``_<name>_server``, an ``emulator_class`` server for the ``scope``, and ``<name>``
    (documented by ``doc``), that server as ``fresh(server)`` leaves it for a test."""
    server_name = "_%s_server" % name

    @pytest.fixture(scope=scope, name=server_name)
    def server():
        with emulator_class() as emulator:
            yield emulator

    def for_test(request):
        return fresh(request.getfixturevalue(server_name))

    for_test.__doc__ = doc
    return server, pytest.fixture(name=name)(for_test)


def fresh_vpcep(server):
    """The VPCEP emulator ``server`` back to its default fixture, with instant transitions."""
    return server.fresh(**VpcepEmulator.INSTANT)


clickhouse_server_fixture, clickhouse_fixture = emulator_fixtures(
    "clickhouse", ClickHouseEmulator, ClickHouseEmulator.fresh,
    "The ClickHouse Cloud emulator, freshly reset and seeded for this test.")
vpcep_server_fixture, vpcep_fixture = emulator_fixtures(
    "vpcep", VpcepEmulator, fresh_vpcep,
    "The VPCEP emulator, back to its default fixture with instant transitions for this test.")
