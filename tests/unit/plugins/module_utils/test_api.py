# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ApiClient against a real loopback HTTP server that answers from a script.

Real sockets, so connection refused, dropped connections and read timeouts
are the genuine requests exceptions the client must classify; ``sleep`` is
replaced so backoff is recorded instead of waited.
"""

from __future__ import annotations

import base64
import email.utils
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils import api
from ansible_collections.privatelink.endpoints.plugins.module_utils.api import (
    USER_AGENT,
    ApiClient,
    ApiError,
    parse_error_body,
    retry_delay,
)

KEY_ID = "key-id-visible"
SECRET = "s3cr3t-Key-Value"
BASIC = base64.b64encode(("%s:%s" % (KEY_ID, SECRET)).encode()).decode()

DROP = "drop"  # close the connection without answering
TRUNCATE = "truncate"  # promise a body, send half of it, close


def hang(seconds):
    return ("hang", seconds)


class ScriptedServer:
    """Answers request i with ``script[i]``: (status, body[, headers]), DROP or hang(s); then 200 {}."""

    def __init__(self, script=(), port=0):
        self.script = list(script)
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append(dict(method=self.command, path=self.path,
                                            headers=dict(self.headers), body=body))
                step = server.script.pop(0) if server.script else (200, {})
                if step == DROP:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if step == TRUNCATE:
                    self.send_response(200)
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    self.wfile.write(b'{"result": ')
                    self.close_connection = True
                    return
                if step[0] == "hang":
                    time.sleep(step[1])
                    self.close_connection = True
                    return
                status, payload = step[0], step[1]
                headers = step[2] if len(step) > 2 else {}
                data = b"" if payload is None else (
                    payload.encode() if isinstance(payload, str) else json.dumps(payload).encode())
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        threading.Thread(target=self.httpd.serve_forever, kwargs=dict(poll_interval=0.02), daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    servers = []

    def start(*script, **kwargs):
        started = ScriptedServer(script, **kwargs)
        servers.append(started)
        return started
    yield start
    for started in servers:
        started.stop()


def make_client(url, retries=3, timeout=5, **kwargs):
    """A client whose sleeps are recorded in ``client.slept`` instead of taken."""
    client = ApiClient(url, auth=(KEY_ID, SECRET), retries=retries, timeout=timeout, **kwargs)
    client.slept = []
    client.sleep = client.slept.append
    return client


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Retries of requests that are safe to repeat -----------------------------------------------------

@pytest.mark.parametrize("status", [429, 502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "PATCH", "PUT", "DELETE"])
def test_idempotent_calls_retry_transient_statuses(server, method, status):
    srv = server((status, {"error": "busy"}), (200, {"ok": True}))
    client = make_client(srv.url)
    assert client.request(method, "/things/1") == {"ok": True}
    assert [r["method"] for r in srv.requests] == [method, method]
    assert len(client.slept) == 1


def test_retries_are_bounded_and_back_off_exponentially(server, monkeypatch):
    monkeypatch.setattr(api.random, "uniform", lambda low, high: high)
    srv = server(*[(503, {"error": "down"})] * 10)
    client = make_client(srv.url, retries=4)
    with pytest.raises(ApiError) as caught:
        client.request("GET", "/things")
    assert caught.value.status == 503
    assert len(srv.requests) == 5  # the first try and four retries, not one more
    assert client.slept == [0.5, 1.0, 2.0, 4.0]


def test_backoff_has_jitter_and_a_cap():
    for attempt in range(12):
        ceiling = min(api.RETRY_MAX_DELAY, api.RETRY_BASE_DELAY * 2 ** attempt)
        delays = {retry_delay(attempt) for _sample in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1, "no jitter"
    assert retry_delay(50) <= api.RETRY_MAX_DELAY


def test_no_retries_when_disabled(server):
    srv = server((503, {}))
    client = make_client(srv.url, retries=0)
    with pytest.raises(ApiError):
        client.request("GET", "/things")
    assert len(srv.requests) == 1 and client.slept == []


def test_client_errors_are_not_retried(server):
    srv = server((400, {"status": 400, "error": "BAD_REQUEST: name is too long"}))
    client = make_client(srv.url)
    with pytest.raises(ApiError) as caught:
        client.request("PATCH", "/things/1", json_body={"name": "x" * 300})
    assert caught.value.status == 400 and not caught.value.outcome_unknown
    assert len(srv.requests) == 1 and client.slept == []


# What the server says about when to come back ----------------------------------------------------

@pytest.fixture(autouse=True)
def private_pacing(tmp_path, monkeypatch):
    """Each test its own directory of shared limiters, so no state crosses tests."""
    monkeypatch.setattr(api.tempfile, "tempdir", str(tmp_path))


@pytest.mark.parametrize("headers, told", [
    ({"Retry-After": "7"}, 7.0),
    ({"X-RateLimit-Reset": "3"}, 3.0),  # seconds until the window resets
    ({"Retry-After": "2", "X-RateLimit-Reset": "5"}, 5.0),
    ({"Retry-After": "9", "X-RateLimit-Reset": "1"}, 9.0),
])
def test_rate_limit_headers_are_honoured_with_jitter(server, headers, told):
    waits = set()
    for _sample in range(5):
        srv = server((429, {"status": 429, "error": "TOO_MANY_REQUESTS: slow down"}, headers), (200, [1]))
        client = make_client(srv.url)
        assert client.request("GET", "/services") == [1]
        [slept] = client.slept
        # Past the time named, by the provider's one second on average, spread so that
        # processes told the same reset time do not all come back at once.
        assert told + api.RESET_JITTER[0] <= slept <= told + api.RESET_JITTER[1]
        waits.add(slept)
    assert len(waits) > 1, "no jitter"


def test_rate_limit_wait_is_bounded(server):
    srv = server((429, {}, {"Retry-After": "3600"}), (200, [1]))
    client = make_client(srv.url)
    client.request("GET", "/services")
    assert client.slept == [2 * api.RETRY_MAX_DELAY]  # never wait unbounded


def test_retry_after_as_http_date(server):
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    srv = server((503, {}, {"Retry-After": when}), (200, {}))
    client = make_client(srv.url)
    client.request("GET", "/x")
    assert 17 + api.RESET_JITTER[0] <= client.slept[0] <= 20 + api.RESET_JITTER[1]


def test_unreadable_retry_after_falls_back_to_backoff(server):
    srv = server((503, {}, {"Retry-After": "soon"}), (200, {}))
    client = make_client(srv.url)
    client.request("GET", "/x")
    assert api.RETRY_BASE_DELAY / 2 <= client.slept[0] <= api.RETRY_BASE_DELAY


# A create is never sent twice blindly ------------------------------------------------------------

@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_post_is_not_retried_on_server_errors(server, status):
    srv = server((status, {"error": "oops"}))
    client = make_client(srv.url)
    with pytest.raises(ApiError) as caught:
        client.request("POST", "/things", json_body={"name": "a"})
    assert caught.value.outcome_unknown
    assert caught.value.status == status
    assert len(srv.requests) == 1 and client.slept == []


def test_post_is_retried_on_429(server):
    srv = server((429, {}, {"Retry-After": "1"}), (200, {"id": "new"}))
    client = make_client(srv.url)
    assert client.request("POST", "/things", json_body={"name": "a"}) == {"id": "new"}
    assert [r["method"] for r in srv.requests] == ["POST", "POST"]


def test_post_is_retried_when_the_connection_was_refused(server):
    port = free_port()
    client = make_client("http://127.0.0.1:%d" % port)
    started = []
    # Nothing listens at first; the server comes up during the backoff wait.
    client.sleep = lambda seconds: started.append(server(port=port))
    assert client.request("POST", "/things", json_body={"name": "a"}) == {}
    assert len(started) == 1 and len(started[0].requests) == 1


def test_refused_connection_is_not_an_unknown_outcome():
    client = make_client("http://127.0.0.1:%d" % free_port(), retries=2)
    with pytest.raises(ApiError) as caught:
        client.request("POST", "/things", json_body={})
    assert not caught.value.outcome_unknown
    assert caught.value.status is None
    assert "connection failed" in str(caught.value)
    assert len(client.slept) == 2


def test_post_read_timeout_is_an_unknown_outcome(server):
    srv = server(hang(1.5))
    client = make_client(srv.url, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(ApiError) as caught:
        client.request("POST", "/things", json_body={"name": "a"})
    assert time.monotonic() - started < 1.4, "the read timeout was not applied"
    assert caught.value.outcome_unknown
    assert "no answer within 0.3s" in str(caught.value)
    assert len(srv.requests) == 1 and client.slept == []


def test_get_read_timeout_is_retried(server):
    srv = server(hang(1.0), (200, {"ok": 1}))
    client = make_client(srv.url, timeout=0.3)
    assert client.request("GET", "/things") == {"ok": 1}
    assert len(srv.requests) == 2


def test_post_dropped_connection_is_an_unknown_outcome(server):
    srv = server(DROP)
    client = make_client(srv.url)
    with pytest.raises(ApiError) as caught:
        client.request("POST", "/things", json_body={"name": "a"})
    assert caught.value.outcome_unknown
    assert len(srv.requests) == 1 and client.slept == []


def test_get_dropped_connection_is_retried(server):
    srv = server(DROP, (200, {"ok": 1}))
    client = make_client(srv.url)
    assert client.request("GET", "/things") == {"ok": 1}
    assert len(srv.requests) == 2


def test_truncated_answer_is_retried_for_get_and_unknown_for_post(server):
    srv = server(TRUNCATE, (200, {"ok": 1}), TRUNCATE)
    client = make_client(srv.url)
    assert client.request("GET", "/things") == {"ok": 1}
    with pytest.raises(ApiError) as caught:
        client.request("POST", "/things", json_body={"name": "a"})
    assert caught.value.outcome_unknown
    assert "answer unreadable" in str(caught.value)
    assert len(srv.requests) == 3


@pytest.mark.parametrize("url", ["api.example.test/v1", "ftp://api.example.test/v1", "http://"])
def test_unusable_api_url_fails_at_once(url):
    client = make_client(url)
    with pytest.raises(ApiError) as caught:
        client.request("GET", "/things")
    assert "invalid API URL" in str(caught.value)
    assert client.slept == []


def test_patch_can_opt_out_of_retries(server):
    srv = server((503, {}))
    client = make_client(srv.url)
    with pytest.raises(ApiError) as caught:
        client.request("PATCH", "/things/1", json_body={"add": ["x"]}, retry=False)
    assert caught.value.outcome_unknown
    assert len(srv.requests) == 1


def test_tls_failure_is_not_retried(server):
    srv = server()
    # Speaking TLS to a plain HTTP server fails the handshake, as a bad certificate would.
    client = make_client(srv.url.replace("http://", "https://"))
    with pytest.raises(ApiError) as caught:
        client.request("GET", "/things")
    assert "validate_certs" in str(caught.value)
    assert client.slept == []


# Requests as sent --------------------------------------------------------------------------------

def test_headers_body_auth_and_query(server):
    srv = server((200, {"id": 1}))
    client = make_client(srv.url + "/v1/")
    client.request("post", "/things", params=[("filter", "tag:a=b"), ("filter", "tag:c=d")],
                   json_body={"name": "a"})
    sent = srv.requests[0]
    assert sent["method"] == "POST"
    assert sent["path"] == "/v1/things?filter=tag%3Aa%3Db&filter=tag%3Ac%3Dd"
    assert sent["headers"]["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("ansible-collection-privatelink.endpoints/")
    assert sent["headers"]["Accept"] == "application/json"
    assert sent["headers"]["Content-Type"] == "application/json"
    assert sent["headers"]["Authorization"] == "Basic " + BASIC
    assert json.loads(sent["body"]) == {"name": "a"}


def test_timeouts_and_tls_verification_defaults():
    client = ApiClient("https://api.example.test/v1")
    assert client.timeout == (10, 60)
    assert client.session.verify is True
    client = ApiClient("https://api.example.test/v1", timeout=7, connect_timeout=2, validate_certs=False)
    assert client.timeout == (2, 7)
    assert client.session.verify is False


def test_sign_and_unwrap_hooks(server):
    srv = server((200, {"result": {"id": "x"}}))

    class Family(ApiClient):
        def sign(self, prepared):
            prepared.headers["X-Signed"] = "yes"
            return prepared

        def unwrap(self, body):
            return body["result"]

    client = Family(srv.url)
    assert client.request("GET", "/x") == {"id": "x"}
    assert srv.requests[0]["headers"]["X-Signed"] == "yes"


def test_empty_success_body_is_none(server):
    srv = server((204, None))
    assert make_client(srv.url).request("DELETE", "/things/1") is None


# Errors ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    # ClickHouse Cloud
    ({"status": 404, "error": "NOT_FOUND: Service not found", "requestId": "r-1"},
     ("NOT_FOUND", "Service not found", "r-1")),
    ({"status": 424, "error": "FAILED_DEPENDENCY: Current state: idle", "requestId": "r-2",
      "code": "SERVICE_IDLE", "serviceState": "idle"},
     ("SERVICE_IDLE", "Current state: idle", "r-2")),
    ({"status": 400, "error": "Invalid value: must be: a UUID", "requestId": "r-3"},
     (None, "Invalid value: must be: a UUID", "r-3")),
    # VPCEP: the service's own shape, the nested shape and the API gateway's
    ({"error_code": "EndPoint.0005", "error_msg": "The endpoint service does not exist."},
     ("EndPoint.0005", "The endpoint service does not exist.", None)),
    ({"error": {"code": "Endpoint.2019", "message": "The resource is being created."}},
     ("Endpoint.2019", "The resource is being created.", None)),
    ({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information",
      "request_id": "gw-9"},
     ("APIGW.0301", "Incorrect IAM authentication information", "gw-9")),
    # Anything else
    ({"code": "X", "message": "plain"}, ("X", "plain", None)),
    ("<html>Bad Gateway</html>", (None, "<html>Bad Gateway</html>", None)),
    ("", (None, None, None)),
    (None, (None, None, None)),
])
def test_error_bodies_of_both_api_families(body, expected):
    assert parse_error_body(body) == expected


def test_http_error_becomes_a_structured_api_error(server):
    srv = server((404, {"status": 404, "error": "NOT_FOUND: Service not found", "requestId": "r-7"}))
    client = make_client(srv.url)
    with pytest.raises(ApiError) as caught:
        client.request("GET", "/organizations/o/services/s")
    error = caught.value
    assert (error.status, error.code, error.message, error.request_id) == (
        404, "NOT_FOUND", "Service not found", "r-7")
    assert str(error) == ("GET /organizations/o/services/s failed: HTTP 404 NOT_FOUND: "
                          "Service not found (request id r-7)")
    assert error.to_dict() == dict(method="GET", path="/organizations/o/services/s", status=404,
                                   code="NOT_FOUND", message="Service not found", request_id="r-7")


def test_request_id_from_header_and_reason_when_the_body_says_nothing(server):
    srv = server((502, "", {"X-Request-Id": "hdr-1"}))
    client = make_client(srv.url, retries=0)
    with pytest.raises(ApiError) as caught:
        client.request("GET", "/x")
    assert caught.value.request_id == "hdr-1"
    assert caught.value.message == "Bad Gateway"


def test_error_codes_compare_case_blind():
    error = ApiError("GET", "/x", status=404, code="Endpoint.0005")
    assert error.code_is("EndPoint.0005")
    assert error.code_is("EndPoint.2006", "ENDPOINT.0005")
    assert not error.code_is("EndPoint.0006")
    assert not ApiError("GET", "/x").code_is("EndPoint.0005")


# Secrets never leak --------------------------------------------------------------------------------

def leaked(error):
    text = " ".join([str(error), repr(error), json.dumps(error.to_dict()), json.dumps(error.body, default=str)])
    return [s for s in (SECRET, BASIC) if s in text]


def test_secret_echoed_by_a_server_is_scrubbed(server):
    # A misbehaving gateway that echoes the request's credentials back in its error.
    srv = server((401, {"status": 401, "error": "UNAUTHORIZED: bad credentials Basic %s (%s)" % (BASIC, SECRET),
                        "requestId": "r"}))
    client = make_client(srv.url)
    with pytest.raises(ApiError) as caught:
        client.request("GET", "/x")
    assert caught.value.status == 401
    assert leaked(caught.value) == []
    assert "bad credentials" in str(caught.value)
    assert KEY_ID not in BASIC


@pytest.mark.parametrize("trouble", ["refused", DROP, "timeout", "tls"])
def test_transport_errors_carry_no_secret(server, trouble):
    if trouble == "refused":
        url = "http://127.0.0.1:%d" % free_port()
    else:
        srv = server(DROP if trouble == DROP else hang(1.0))
        url = srv.url.replace("http://", "https://") if trouble == "tls" else srv.url
    client = make_client(url, retries=0, timeout=0.3)
    with pytest.raises(ApiError) as caught:
        client.request("POST", "/things", json_body={"secret_free": True})
    assert leaked(caught.value) == []
    assert "Authorization" not in str(caught.value)


def test_family_secrets_are_scrubbed_too(server):
    srv = server((401, {"error_code": "APIGW.0301", "error_msg": "token tok-123 expired"}))
    client = ApiClient(srv.url, retries=0)
    client.secrets.append("tok-123")
    with pytest.raises(ApiError) as caught:
        client.request("GET", "/x")
    assert "tok-123" not in str(caught.value)
    assert caught.value.code == "APIGW.0301"


# Option checks shared by every module ----------------------------------------------------------

@pytest.mark.parametrize("params, expected", [
    (dict(api_timeout=0, api_retries=0), ["api_timeout must be at least 1 (seconds), got 0"]),
    (dict(api_timeout=60, api_retries=-1), ["api_retries must not be negative, got -1"]),
    (dict(id=""), ["id must not be empty"]),
    (dict(service_id="abc\n"), ["service_id: 'abc\\n' must not contain spaces, newlines or control characters "
                                "(from a file or a YAML block? use | trim)"]),
    (dict(subnet_ids=["subnet-1", " subnet-2"]), ["subnet_ids: ' subnet-2' must not contain spaces, newlines or "
                                                  "control characters (from a file or a YAML block? use | trim)"]),
    (dict(endpoints=["e\x00"]), []),  # not an ID option unless the module says so
    (dict(id="6f1c2e4a", vpc_id=None, marker_ids=[1, 2], description="any text\n"), []),
])
def test_common_option_errors_name_the_option(params, expected):
    assert api.common_option_errors(params) == expected


def test_modules_name_their_other_id_options():
    assert api.common_option_errors(dict(endpoints=["e\u200b"]), ("endpoints",)) == [
        "endpoints: 'e\\u200b' must not contain spaces, newlines or control characters "
        "(from a file or a YAML block? use | trim)"]


@pytest.mark.parametrize("validate_certs, ca_path, env, expected", [
    (True, None, {}, True),
    (False, "/ca.pem", {"REQUESTS_CA_BUNDLE": "/env.pem"}, False),
    (True, "/ca.pem", {"REQUESTS_CA_BUNDLE": "/env.pem", "SSL_CERT_FILE": "/ssl.pem"}, "/ca.pem"),
    (True, None, {"REQUESTS_CA_BUNDLE": "/env.pem", "SSL_CERT_FILE": "/ssl.pem"}, "/env.pem"),
    (True, None, {"CURL_CA_BUNDLE": "/curl.pem"}, "/curl.pem"),
    (True, None, {"SSL_CERT_FILE": "/ssl.pem"}, "/ssl.pem"),
])
def test_certificate_verification_follows_option_then_environment(monkeypatch, validate_certs, ca_path, env, expected):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    client = api.ApiClient("https://api.example.com", validate_certs=validate_certs, ca_path=ca_path)
    sent = {}
    monkeypatch.setattr(client.session, "send", lambda prepared, **kwargs: sent.update(kwargs))
    client._send("GET", "/x", None, None)
    assert sent["verify"] == expected


# Hooks for API families ------------------------------------------------------------------------

class TeapotThrottles(ApiClient):
    """An API that says "too many requests" as 418: retried like a 429, even for a POST."""

    def is_throttle(self, response):
        return response.status_code == 418 or super().is_throttle(response)


def test_is_throttle_makes_another_status_a_rate_limit(server):
    srv = server((418, {"error": "slow down"}), (200, {"id": "new"}))
    client = TeapotThrottles(srv.url, retries=3)
    client.slept = []
    client.sleep = client.slept.append
    assert client.request("POST", "/things", json_body={"name": "a"}) == {"id": "new"}
    assert [r["method"] for r in srv.requests] == ["POST", "POST"]
    plain = make_client(server((418, {"error": "slow down"})).url)
    with pytest.raises(ApiError) as caught:
        plain.request("POST", "/things", json_body={"name": "a"})
    assert caught.value.status == 418 and not caught.value.outcome_unknown


def test_last_response_gives_the_headers_of_the_answer(server):
    srv = server((201, {"token": {}}, {"X-Subject-Token": "t-1"}))
    client = make_client(srv.url)
    assert client.last_response is None
    client.request("POST", "/auth/tokens", json_body={}, ok=(201,))
    assert client.last_response.headers["X-Subject-Token"] == "t-1"
