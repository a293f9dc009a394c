# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures for the emulator tests: a running ClickHouse emulator and a client that
checks every request and response against the official OpenAPI document."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator
from ansible_collections.privatelink.endpoints.tests.utils.emulator_fixtures import emulator_fixtures

SPEC_NAME = "clickhouse-cloud-openapi.json"
SPEC_HOST = "https://api.clickhouse.cloud"
# The document declares 200, 400 and 500 only; the API also answers these in the same envelope.
UNDECLARED_ERRORS = (401, 403, 404, 405, 409, 424, 429, 502, 503, 504)
ERROR_TEXT = re.compile(r"^[A-Z][A-Z_]+: .+")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def find_spec():
    """``../shared/reference/<spec>`` next to the repository, or next to a directory above it
    (``make units`` runs a copy of the repository inside its own ``.build``)."""
    root = Path(__file__).resolve().parents[3]
    for directory in [root] + list(root.parents):
        candidate = directory.parent / "shared" / "reference" / SPEC_NAME
        if candidate.is_file():
            return candidate
    return None


SPEC_PATH = find_spec()
SPEC_MISSING = ("the official OpenAPI document ../shared/reference/%s is not beside this checkout "
                "(it ships with the project's reference material, not with the collection)" % SPEC_NAME)


@pytest.fixture(scope="session")
def openapi_document():
    """The OpenAPI document as data, or a skip saying where it was looked for."""
    if SPEC_PATH is None:
        pytest.skip(SPEC_MISSING)
    with open(SPEC_PATH) as handle:
        return json.load(handle)


@pytest.fixture(scope="session")
def openapi(openapi_document):
    """An openapi-core validator of the document."""
    from openapi_core import Config, OpenAPI
    # Checking the vendor's document itself takes seconds and is not what is tested here.
    return OpenAPI.from_dict(openapi_document, config=Config(spec_validator_cls=None))


def fresh_clickhouse(server):
    """The emulator ``server`` back to its default fixture, with short delays so tests stay quick."""
    return server.fresh(awake_delay=0.2, provision_delay=0.2, delete_delay=0.2)


# One server per test module (``vpcep/conftest.py`` shadows both fixtures with the VPCEP emulator).
clickhouse_server_fixture, clickhouse_fixture = emulator_fixtures(
    "emulator", ClickHouseEmulator, fresh_clickhouse,
    "The emulator reset to the default fixture, with short delays so tests stay quick.", scope="module")


class Api:
    """A small client of the emulator that validates what goes over the wire.

    With the OpenAPI document available, every request is checked against it
    (skip with ``check_request=False`` for requests meant to be invalid) and
    every response too; undeclared error statuses are checked for the error
    envelope the API uses everywhere.
    """

    def __init__(self, emulator, spec):
        self.emulator = emulator
        self.spec = spec
        self.session = requests.Session()
        self.session.auth = emulator.admin_key

    def org(self, *parts):
        return "/".join(["/v1/organizations", self.emulator.org_id] + list(parts))

    def service(self, service_id, *parts):
        return self.org("services", service_id, *parts)

    def call(self, method, path, body=None, params=None, auth=None, check_request=True):
        response = self.session.request(method, self.emulator.url + path, json=body, params=params,
                                        auth=auth, timeout=10)
        if self.spec is not None:
            request = self.mock_request(response.request)
            if check_request:
                self.spec.validate_request(request)
            self.check_response(request, response)
        return response

    def result(self, method, path, body=None, params=None):
        """Call, insist on 200, and return ``result``."""
        response = self.call(method, path, body, params)
        assert response.status_code == 200, response.text
        return response.json().get("result")

    def error(self, status, method, path, body=None, params=None, auth=None, check_request=True):
        """Call, insist on ``status`` in the error envelope, and return the error text."""
        response = self.call(method, path, body, params, auth, check_request)
        assert response.status_code == status, response.text
        payload = response.json()
        assert payload["status"] == status and UUID.match(payload["requestId"])
        assert ERROR_TEXT.match(payload["error"]), payload
        return payload["error"]

    def spec_rejects(self, method, path, body=None, params=None):
        """True when the OpenAPI document itself finds the request invalid."""
        assert self.spec is not None, "request the openapi fixture in tests that use this"
        prepared = requests.Request(method, self.emulator.url + path, json=body, params=params,
                                    auth=self.emulator.admin_key).prepare()
        return bool(list(self.spec.iter_request_errors(self.mock_request(prepared))))

    @staticmethod
    def wait_until(predicate, timeout=5.0):
        """Poll a condition on the emulator's asynchronous state; return its last value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.05)

    @staticmethod
    def mock_request(prepared):
        from openapi_core.testing import MockRequest
        split = urlsplit(prepared.url)
        body = prepared.body
        if isinstance(body, str):
            body = body.encode()
        return MockRequest(SPEC_HOST, prepared.method, split.path, args=parse_qs(split.query),
                           headers={"Authorization": prepared.headers.get("Authorization", "")},
                           data=body or b"")

    def check_response(self, request, response):
        from openapi_core.testing import MockResponse
        if response.status_code in UNDECLARED_ERRORS:
            payload = response.json()
            assert set(payload) >= {"status", "error", "requestId"}, payload
            return
        self.spec.validate_response(request, MockResponse(response.content, response.status_code))


@pytest.fixture
def api(emulator, request):
    spec = request.getfixturevalue("openapi") if SPEC_PATH is not None else None
    return Api(emulator, spec)
