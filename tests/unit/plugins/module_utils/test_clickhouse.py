# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ClickHouseClient.request_awake: what each service state in a 424 leads to."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils import clickhouse
from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import WaitFailed

SERVICE = "9074a372-50fe-4b82-b8e9-7ed3a20e39f2"
RPES = "/rpes"
STATE = "/organizations/o/services/%s/state" % SERVICE
GET_SERVICE = "/organizations/o/services/%s" % SERVICE

# The Service.state enum of the OpenAPI document (components.schemas.Service.properties.state).
OPENAPI_STATES = ("starting", "stopping", "terminating", "softdeleting", "awaking", "partially_running",
                  "provisioning", "running", "stopped", "terminated", "softdeleted", "degraded", "failed", "idle")


def refusal(state):
    """The ClickPipes API's 424: the state is named in the text only."""
    body = {"status": 424, "requestId": "r-1",
            "error": "FAILED_DEPENDENCY: ClickPipe creation is allowed only when the ClickHouse service "
                     "is running. Current state: %s" % state}
    return ApiError("GET", RPES, status=424, code="FAILED_DEPENDENCY", message=body["error"].split(": ", 1)[1],
                    body=body)


class ScriptedClient(clickhouse.ClickHouseClient):
    """Answers calls from a script of (method, path) -> list of answers (an ApiError is raised)."""

    def __init__(self, script, check_mode=False):
        module = SimpleNamespace(check_mode=check_mode, params=dict(
            api_url="https://api.example", api_key_id="k", api_key_secret="s", organization_id="o",
            validate_certs=True, ca_path=None, api_timeout=5, api_retries=0))
        super().__init__(module)
        self.script = {key: list(answers) for key, answers in script.items()}
        self.calls = []

    def request(self, method, path, **kwargs):
        self.calls.append((method, path))
        answer = self.script[(method, path)].pop(0)
        if isinstance(answer, ApiError):
            raise answer
        return answer


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    """Polls without sleeping: wait_for's ``sleep`` default replaced for the test."""
    params = inspect.signature(clickhouse.wait_for).parameters
    defaults = [(lambda seconds: None) if name == "sleep" else param.default
                for name, param in params.items() if param.default is not param.empty]
    monkeypatch.setattr(clickhouse.wait_for, "__defaults__", tuple(defaults))


def test_the_states_cover_the_openapi_enum():
    known = set((clickhouse.RUNNING, clickhouse.IDLE) + clickhouse.COMING_UP + clickhouse.WONT_RUN)
    assert known == set(OPENAPI_STATES)
    assert not set(clickhouse.COMING_UP) & set(clickhouse.WONT_RUN)


def test_an_idle_service_is_woken_once_then_the_call_is_repeated():
    client = ScriptedClient({
        ("GET", RPES): [refusal("idle"), ["rpe"]],
        ("PATCH", STATE): [{"id": SERVICE, "state": "awaking"}],
        ("GET", GET_SERVICE): [{"state": "awaking"}, {"state": "running"}],
    })
    assert client.request_awake(SERVICE, "GET", RPES) == ["rpe"]
    # The PATCH answer is judged without a GET; then two polls.
    assert client.calls == [("GET", RPES), ("PATCH", STATE), ("GET", GET_SERVICE), ("GET", GET_SERVICE),
                            ("GET", RPES)]


@pytest.mark.parametrize("state", clickhouse.COMING_UP)
def test_a_service_on_its_way_up_is_only_waited_for(state):
    client = ScriptedClient({
        ("GET", RPES): [refusal(state), ["rpe"]],
        ("GET", GET_SERVICE): [{"state": state}, {"state": "running"}],
    })
    assert client.request_awake(SERVICE, "GET", RPES) == ["rpe"]
    assert ("PATCH", STATE) not in client.calls
    assert client.calls == [("GET", RPES), ("GET", GET_SERVICE), ("GET", GET_SERVICE), ("GET", RPES)]


@pytest.mark.parametrize("state", clickhouse.WONT_RUN)
def test_a_service_that_will_not_run_fails_at_once_naming_the_state(state):
    client = ScriptedClient({("GET", RPES): [refusal(state)]})
    with pytest.raises(clickhouse.ServiceNotRunning, match="service %s is %s and will not run" % (SERVICE, state)) as caught:
        client.request_awake(SERVICE, "GET", RPES)
    assert caught.value.state == state and isinstance(caught.value, WaitFailed)
    assert client.calls == [("GET", RPES)]


@pytest.mark.parametrize("state", ["failed", "degraded", "stopped", "terminating"])
def test_a_wake_up_that_ends_elsewhere_fails_at_once_not_at_the_timeout(state):
    client = ScriptedClient({
        ("GET", RPES): [refusal("idle")],
        ("PATCH", STATE): [{"id": SERVICE, "state": "awaking"}],
        ("GET", GET_SERVICE): [{"state": state}],
    })
    with pytest.raises(WaitFailed, match="is %s and will not run" % state):
        client.request_awake(SERVICE, "GET", RPES, wake_timeout=3600)
    assert client.calls == [("GET", RPES), ("PATCH", STATE), ("GET", GET_SERVICE)]


def test_check_mode_does_not_wake_an_idle_service():
    client = ScriptedClient({("GET", RPES): [refusal("idle")]}, check_mode=True)
    with pytest.raises(clickhouse.ServiceAsleep, match="is idle.*check mode does not wake it") as caught:
        client.request_awake(SERVICE, "GET", RPES)
    assert caught.value.service_id == SERVICE and caught.value.state == "idle"
    assert client.calls == [("GET", RPES)]


def test_check_mode_still_waits_for_a_service_waking_up():
    client = ScriptedClient({
        ("GET", RPES): [refusal("awaking"), []],
        ("GET", GET_SERVICE): [{"state": "running"}],
    }, check_mode=True)
    assert client.request_awake(SERVICE, "GET", RPES) == []


@pytest.mark.parametrize("error", [
    ApiError("GET", RPES, status=404, message="not found"),
    ApiError("GET", RPES, status=424, message="FAILED_DEPENDENCY: something else"),
    refusal("hibernating"),  # not a state of the document: left as the API's own error
])
def test_other_errors_are_raised_as_they_are(error):
    client = ScriptedClient({("GET", RPES): [error]})
    with pytest.raises(ApiError) as caught:
        client.request_awake(SERVICE, "GET", RPES)
    assert caught.value is error and client.calls == [("GET", RPES)]


def test_the_state_is_read_from_service_state_or_the_text():
    udf_style = ApiError("GET", RPES, status=424, message="The service must be running. Current state: awaking",
                         body={"code": "SERVICE_NOT_RUNNING", "serviceState": "awaking", "canWake": False})
    assert clickhouse.refused_state(udf_style) == "awaking"
    assert clickhouse.refused_state(refusal("partially_running")) == "partially_running"
    assert clickhouse.refused_state(ApiError("GET", RPES, status=400, message="Current state: idle")) is None
