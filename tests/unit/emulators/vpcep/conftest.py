# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures of the VPCEP emulator tests: one server per test module, back to the
default fixture with instant transitions before every test."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator
from ansible_collections.privatelink.endpoints.tests.utils.emulator_fixtures import emulator_fixtures, fresh_vpcep

# The same names as the ClickHouse fixtures of the folder above, which these shadow here.
vpcep_server_fixture, vpcep_fixture = emulator_fixtures(
    "emulator", VpcepEmulator, fresh_vpcep,
    "The VPCEP emulator for this test (it shadows the ClickHouse one of the folder above).", scope="module")
