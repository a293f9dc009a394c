# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""vpcep_connection's waits over several connections, which the emulator's clock cannot stage: each
read of the connections comes from a script, every read and decision is counted."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.modules import vpcep_connection as module
from ansible_collections.privatelink.endpoints.tests.unit.plugins.module_utils.test_resource import (
    Exited,
    Failed,
    FakeClock,
    FakeModule,
)

SERVICE = "svc-1"


class FakeClient:
    """The connection list of one service, one scripted answer per read (the last one repeats)."""

    def __init__(self, script):
        self.script = list(script)
        self.reads = 0
        self.decisions = []

    def service_id_for(self, service_id, name):
        return service_id

    def path(self, *parts):
        return "/".join(parts)

    def list_all(self, key, *parts):
        assert (key, parts) == ("connections", ("vpc-endpoint-services", SERVICE, "connections"))
        self.reads += 1
        answer = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(answer, Exception):
            raise answer
        return [dict(id=endpoint_id, marker_id=marker, **fields) for endpoint_id, marker, fields in answer]

    def request(self, method, path, json_body=None, retry=False):
        assert (method, path, retry) == ("POST", "vpc-endpoint-services/%s/connections/action" % SERVICE, True)
        self.decisions.append((json_body["action"], json_body["endpoints"]))


def statuses(*pairs):
    """A list answer: (endpoint id, status) pairs, marker ids counted from 1."""
    return [(endpoint_id, marker, dict(status=status)) for marker, (endpoint_id, status) in enumerate(pairs, 1)]


def run(script, **params):
    params = dict(dict(endpoint_service_id=SERVICE, endpoint_service_name=None, endpoints=["e-1", "e-2"],
                       marker_ids=[], state="accepted", wait=True, wait_timeout=60), **params)
    client = FakeClient(script)
    connections = module.Connections(FakeModule(params), client)
    clock = FakeClock()
    connections.sleep, connections.clock = clock.sleep, clock
    with pytest.raises(Exited) as exited:
        connections.run()
    return exited.value, client


def test_connections_being_created_are_waited_for_then_decided_and_waited_for_until_accepted():
    outcome, client = run([statuses(("e-1", "creating"), ("e-2", "accepted")),
                           statuses(("e-1", "creating"), ("e-2", "accepted")),
                           statuses(("e-1", "pendingAcceptance"), ("e-2", "accepted")),
                           statuses(("e-1", "pendingAcceptance"), ("e-2", "accepted")),
                           statuses(("e-1", "accepted"), ("e-2", "accepted"))])
    assert not isinstance(outcome, Failed) and outcome.result["changed"]
    assert [c["status"] for c in outcome.result["connections"]] == ["accepted", "accepted"]
    # The plan's read, two until e-1 is settled, two until it is accepted: each wait reads first.
    assert client.reads == 5 and client.decisions == [("receive", ["e-1"])]


def test_without_wait_the_decision_is_sent_after_settling_and_not_watched():
    outcome, client = run([statuses(("e-1", "pendingAcceptance"), ("e-2", "rejected"))], wait=False)
    assert outcome.result["changed"] and client.reads == 1
    assert client.decisions == [("receive", ["e-1"]), ("receive", ["e-2"])]


@pytest.mark.parametrize("status, message", [
    ("failed", "endpoint connections: connection of endpoint e-2 is failed: EndPoint.2101: no quota"),
    ("deleting", "endpoint connections: connection of endpoint e-2 is deleting: no reason given"),
])
def test_a_connection_that_fails_or_goes_ends_the_wait_at_once(status, message):
    error = [dict(error_code="EndPoint.2101", error_message="no quota")] if status == "failed" else None
    broken = [("e-1", 1, dict(status="pendingAcceptance")), ("e-2", 2, dict(status=status, error=error))]
    outcome, client = run([statuses(("e-1", "pendingAcceptance"), ("e-2", "accepted")), broken])
    assert isinstance(outcome, Failed) and outcome.result == dict(msg=message)
    assert client.reads == 2 and client.decisions == [("receive", ["e-1"])]


def test_a_wait_that_times_out_names_every_connection_status():
    outcome, client = run([statuses(("e-1", "pendingAcceptance"), ("e-2", "accepted"))], wait_timeout=1)
    assert outcome.result == dict(
        msg="endpoint connections: gave up after 1s; last seen: {'e-1': 'pendingAcceptance', 'e-2': 'accepted'}")
    assert client.decisions == [("receive", ["e-1"])] and client.reads == 4  # the plan's, then at 0, 0.5 and 1 s


def test_a_missing_service_fails_with_the_api_answer_and_a_missing_connection_by_name():
    gone = ApiError("GET", "/v1/p/vpc-endpoint-services/svc-1/connections", status=400, code="EndPoint.2003",
                    message="The endpoint service does not exist.")
    outcome, client = run([gone])
    assert outcome.result == dict(msg="no endpoint service with id svc-1", api_error=gone.to_dict())
    outcome, client = run([statuses(("e-1", "accepted"))], endpoints=["e-1", "e-9"], marker_ids=[1, 7])
    assert outcome.result == dict(msg="endpoint service svc-1 has no connection from e-9, 7")
    assert client.reads == 1 and client.decisions == []
