# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures of the VPCEP emulator tests: one server per test module, back to the
default fixture with instant transitions before every test."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator


@pytest.fixture(scope="module")
def _vpcep_server():
    with VpcepEmulator() as emulator:
        yield emulator


@pytest.fixture
def emulator(_vpcep_server):
    """The VPCEP emulator for this test (it shadows the ClickHouse one of the folder above)."""
    return _vpcep_server.fresh(**VpcepEmulator.INSTANT)
