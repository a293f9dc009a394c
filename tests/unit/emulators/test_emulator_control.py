# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The control endpoints every emulator shares (``tests/emulators/base.py``): a body they
cannot use is answered 400 with a JSON error, and nothing changes."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator
from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator


@pytest.fixture(scope="module", params=[ClickHouseEmulator, VpcepEmulator], ids=["clickhouse", "vpcep"])
def server(request):
    with request.param() as emulator:
        yield emulator


@pytest.fixture
def emulator(server):
    return server.fresh()


def post(emulator, action, **kwargs):
    return requests.post(emulator.url + "/_emulator/" + action, timeout=10, **kwargs)


@pytest.mark.parametrize("action, kwargs", [
    ("faults", dict(data=b"not json")),
    ("faults", dict(json=["a", "list"])),
    ("faults", dict(json={"no_such_option": 1})),
    ("faults", dict(json={"path": "("})),
    ("rate_limit", dict(json={"limit": 1, "no_such_option": 2})),
    ("settings", dict(data=b"{broken")),
    ("seed", dict(json=[1])),
    # Bodies that parse but would break the server later, at the next API request.
    ("faults", dict(json={"path": "/x", "count": "many"})),
    ("faults", dict(json={"path": "/x", "status": "500"})),
    ("faults", dict(json={"path": "/x", "delay": True})),
    ("rate_limit", dict(json={"limit": "10", "enabled": True})),
    ("settings", dict(json={"delete_delay": "soon"})),
    ("settings", dict(json={"delete_delay": 0, "requests": []})),
    ("settings", dict(json={"reset": 1})),
])
def test_a_bad_control_body_is_a_400_with_a_json_error_and_changes_nothing(emulator, action, kwargs):
    before = emulator.snapshot()
    response = post(emulator, action, **kwargs)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert action in response.json()["error"] or "setting" in response.json()["error"]
    assert (emulator.faults, emulator.rate_limiter.enabled) == ([], False)
    assert emulator.snapshot() == before
    # The server goes on answering on the same terms.
    assert post(emulator, "faults", json={"path": "/nowhere"}).status_code == 204
    assert len(emulator.faults) == 1


def test_a_bad_endpoint_status_body_is_a_400_too():
    with ClickHouseEmulator() as emulator:
        emulator.fresh()
        response = post(emulator, "rpe_status", data=b"garbage")
        assert (response.status_code, "error" in response.json()) == (400, True)
        assert post(emulator, "rpe_status", json={"id": "no-such", "status": "Ready"}).status_code == 400


def test_settings_take_any_number_for_a_number_and_none_changes_half_way(emulator):
    assert post(emulator, "settings", json={"delete_delay": 0}).status_code == 204
    assert emulator.delete_delay == 0
    before = emulator.snapshot()
    response = post(emulator, "settings", json={"delete_delay": 5, "no_such_setting": 1})
    assert (response.status_code, emulator.delete_delay, emulator.snapshot()) == (400, 0, before)
    # The API still answers normally: nothing of the refused body stayed behind.
    assert requests.get(emulator.url + "/nowhere", timeout=10).status_code in (401, 404)
