# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every local API emulator shares: an HTTP server on loopback, routing,
a request log, fault injection, a rate limiter and the control endpoints
under ``/_emulator`` that tests use to seed, inspect and disturb it.

An emulator subclasses ``Emulator``, registers routes with ``@route`` and
answers with ``Reply``; raising ``HttpError`` answers an error in the API's
own envelope (``error_body``).
"""

from __future__ import annotations

import copy
import json
import os
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CONTROL = "/_emulator"
# Where each emulator's default fixture is: ``fixtures/<name>.json``.
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


class HttpError(Exception):
    def __init__(self, status, code, message, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


class Reply:
    def __init__(self, status=200, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


def route(method, pattern):
    """Mark an Emulator method as the handler of ``method`` on a path pattern.

    ``{name}`` in the pattern captures one path segment as a keyword argument.
    """
    regex = "^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$"

    def mark(func):
        func.route = (method, re.compile(regex))
        return func
    return mark


class Request:
    """What a handler sees of one request."""

    def __init__(self, method, path, query, headers, raw_body):
        self.method = method
        self.path = path
        self.query = query  # dict of name -> list of values
        self.headers = headers
        self.raw_body = raw_body
        self._json = None

    def arg(self, name, default=None):
        values = self.query.get(name)
        return values[0] if values else default

    def json(self):
        if self._json is None:
            if not self.raw_body:
                self._json = {}
            else:
                try:
                    self._json = json.loads(self.raw_body)
                except ValueError:
                    raise HttpError(400, "BAD_REQUEST", "request body is not valid JSON")
        return self._json


NUMBER = (int, float)
NONE = type(None)


def check_type(name, value, expected):
    """A TypeError naming ``name`` unless ``value`` is one of the ``expected`` types (a bool is no number)."""
    if isinstance(value, bool) and bool not in expected or not isinstance(value, expected):
        raise TypeError("%s must be %s, not %r" % (name, " or ".join(sorted({
            "null" if kind is NONE else kind.__name__ for kind in expected})), value))


class Fault:
    """Answer the next ``count`` requests matching method and path regex differently.

    Kinds: ``status`` (an error answer, the request not applied), ``drop`` (the
    connection closes unanswered), ``delay`` (seconds before anything happens: an answer
    slower than the client's timeout), ``after`` (apply the request, then fail the
    answer: a lost response) and ``apply_after`` (fail the answer now and apply the
    request only when ``apply_after`` more API requests have arrived: a create the
    server applies after the client gave up, as load balancers and queues behind
    them do; combine it with ``status`` or ``drop``).
    """

    def __init__(self, path=".*", method=None, status=None, body=None, delay=0.0, drop=False,
                 count=1, headers=None, after=False, apply_after=None, skip=0, html=None):
        for name, value, expected in (
                ("path", path, (str,)), ("method", method, (str, NONE)), ("status", status, (int, NONE)),
                ("delay", delay, NUMBER), ("drop", drop, (bool,)), ("count", count, (int,)),
                ("headers", headers, (dict, NONE)), ("after", after, (bool,)),
                ("apply_after", apply_after, (int, NONE)), ("skip", skip, (int,)), ("html", html, (str, NONE))):
            check_type(name, value, expected)
        self.path = re.compile(path)
        self.method = method.upper() if method else None
        self.status = status
        self.body = body
        self.delay = delay
        self.drop = drop
        self.count = count
        self.headers = headers or {}
        self.after = after  # apply the request first, then fail the answer (lost response)
        self.apply_after = apply_after  # apply it later, when this many more requests have arrived
        self.skip = skip  # let this many matching requests through first (fault at a request position)
        self.html = html  # a text/html body instead of the API's error envelope (a load balancer's page)

    def matches(self, method, path):
        return self.count > 0 and (self.method in (None, method)) and bool(self.path.search(path))


class RateLimiter:
    """Fixed window per API key, as ClickHouse Cloud documents (10 requests / 10 s)."""

    def __init__(self, limit=10, window=10.0, enabled=False):
        for name, value, expected in (("limit", limit, (int,)), ("window", window, NUMBER),
                                      ("enabled", enabled, (bool,))):
            check_type(name, value, expected)
        self.limit = limit
        self.window = window
        self.enabled = enabled
        self.windows = {}

    def check(self, key, now):
        """Return None when allowed, else the seconds until the window resets."""
        if not self.enabled:
            return None
        start, used = self.windows.get(key, (now, 0))
        if now - start >= self.window:
            start, used = now, 0
        if used >= self.limit:
            return max(0.0, self.window - (now - start))
        self.windows[key] = (start, used + 1)
        return None


class Emulator:
    """A stateful fake of one API, served over HTTP on 127.0.0.1.

    Settings (timings and the like) are the names in ``DEFAULT_SETTINGS``: ``reset()`` restores
    them, ``configure()`` and ``POST /_emulator/settings`` change them. Time-driven transitions
    are timers: ``_later(kind, id, delay, state)`` hands ``(kind, id, state)`` to ``fire()``
    once ``delay`` seconds of wall clock have passed (checked before each request).
    """

    name = "emulator"
    #: Setting name -> value after reset().
    DEFAULT_SETTINGS = {}
    #: What ``_body()`` answers to a body that is no JSON object, and to fields a call does not take.
    NOT_AN_OBJECT = "request body must be a JSON object"
    UNKNOWN_FIELDS = "unknown field(s): %s"
    #: An ``ssl.SSLContext`` (server side) to serve HTTPS instead of HTTP, set before ``start()``.
    ssl_context = None

    def __init__(self, host="127.0.0.1", port=0, fixture=None):
        #: The JSON file ``seed()`` loads when given nothing (default ``fixtures/<name>.json``).
        self.fixture = fixture or os.path.join(FIXTURES, self.name + ".json")
        self.host = host
        self.port = port
        self.lock = threading.RLock()
        self.requests = []
        self.faults = []
        self.late = []  # [requests still to arrive, request, request id] of late-applied requests
        self.rate_limiter = RateLimiter()
        self.routes = []
        # Look on the class, so properties of subclasses are not evaluated before reset().
        for attr in dir(type(self)):
            func = getattr(type(self), attr, None)
            if callable(func) and hasattr(func, "route"):
                self.routes.append((func.route[0], func.route[1], getattr(self, attr)))
        self.server = None
        self.thread = None
        self.reset()

    # To be provided by each emulator ----------------------------------------

    def reset(self):
        """Forget all state and restore the settings (subclasses extend this)."""
        self.requests = []
        self.faults = []
        self.late = []
        self.timers = {}  # (kind, id) -> (due time, new state)
        self.rate_limiter = RateLimiter()
        for name, value in self.DEFAULT_SETTINGS.items():
            setattr(self, name, copy.deepcopy(value))

    def fresh(self, **settings):
        """Back to the default fixture, then these settings (the per-test reset)."""
        with self.lock:
            self.reset()
            self.seed()
            self.configure(**settings)
        return self

    def seed(self, data):
        """Load fixture data (subclasses define the format)."""

    def fixture_data(self, data):
        """What ``seed(data)`` loads: a copy of ``data``, or the default fixture file for None."""
        if data is None:
            with open(self.fixture) as handle:
                return json.load(handle)
        return copy.deepcopy(data)

    def snapshot(self):
        """All state as JSON-able data (for tests and the control endpoint)."""
        return {}

    def authenticate(self, request):
        """Return the caller's key (for rate limiting); raise HttpError 401 when wrong."""
        return None

    def error_body(self, status, code, message, request_id, extra):
        return {"status": status, "error": "%s: %s" % (code, message), "requestId": request_id}

    def tick(self):
        """Advance time-driven state (async transitions) before each request: fire due timers, oldest first."""
        now = time.monotonic()
        for (kind, ident), (due, state) in sorted(self.timers.items(), key=lambda item: item[1][0]):
            if due <= now:
                del self.timers[(kind, ident)]
                self.fire(kind, ident, state)

    def fire(self, kind, ident, state):
        """A timer of ``_later()`` is due: move object ``ident`` of ``kind`` to ``state`` (None: gone)."""

    def _later(self, kind, ident, delay, state):
        self.timers[(kind, ident)] = (time.monotonic() + float(delay), state)
        self.tick()  # a delay of 0 takes effect at once

    def body_error(self, message):
        """The HttpError for a request body the API refuses, in the API's own terms."""
        return HttpError(400, "BAD_REQUEST", message)

    def _body(self, request, allowed):
        """The JSON body as an object, refusing fields the call does not take."""
        body = request.json()
        if not isinstance(body, dict):
            raise self.body_error(self.NOT_AN_OBJECT)
        unknown = sorted(set(body) - set(allowed))
        if unknown:
            raise self.body_error(self.UNKNOWN_FIELDS % ", ".join(unknown))
        return body

    # Serving --------------------------------------------------------------------

    @property
    def url(self):
        return "%s://%s:%d" % ("https" if self.ssl_context else "http", self.host, self.port)

    def start(self):
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # An answer is written in two parts (headers, body): with Nagle's algorithm the second
            # waits for the client's delayed ACK, 40 ms on every request of a kept-alive connection
            # after the first. Real API front ends (nginx, cloud load balancers) set TCP_NODELAY.
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def handle_one(self):
                try:
                    emulator.handle(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (a fault slower than its timeout)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_one

        self.server = ThreadingHTTPServer((self.host, self.port), Handler)
        self.server.daemon_threads = True
        if self.ssl_context:
            self.server.socket = self.ssl_context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name=self.name, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # Request handling -------------------------------------------------------------

    def handle(self, http):
        split = urlsplit(http.path)
        length = int(http.headers.get("Content-Length") or 0)
        raw = http.rfile.read(length) if length else b""
        request = Request(http.command, split.path, parse_qs(split.query, keep_blank_values=True),
                          http.headers, raw)
        if split.path.startswith(CONTROL):
            return self._send(http, self.control(request))
        request_id = str(uuid.uuid4())
        entry = {"method": request.method, "path": request.path, "query": split.query,
                 "body": _loads(raw), "time": time.time()}
        with self.lock:
            self.requests.append(entry)
            self._apply_late()
            fault = None
            for candidate in self.faults:
                if candidate.matches(request.method, request.path):
                    if candidate.skip:
                        candidate.skip -= 1
                        continue
                    fault = candidate
                    fault.count -= 1
                    break
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.apply_after:
            entry["fault"] = True
            with self.lock:
                self.late.append([fault.apply_after, request, request_id, entry])
            return self._fault(http, fault, request_id)
        if fault and not fault.after:
            entry["fault"] = True
            return self._fault(http, fault, request_id)
        reply = self.dispatch(request, request_id)
        entry["status"] = reply.status
        if fault:
            entry["fault"] = True
            return self._fault(http, fault, request_id)
        return self._send(http, reply, request_id)

    def dispatch(self, request, request_id):
        try:
            with self.lock:
                key = self.authenticate(request)
                wait = self.rate_limiter.check(key, time.monotonic())
                if wait is not None:
                    raise HttpError(429, "TOO_MANY_REQUESTS", "rate limit exceeded",
                                    _headers={"X-RateLimit-Reset": "%d" % max(1, round(wait)),
                                              "Retry-After": "%d" % max(1, round(wait))})
                self.tick()
                for method, regex, handler in self.routes:
                    if method != request.method:
                        continue
                    match = regex.match(request.path)
                    if match:
                        result = handler(request, **match.groupdict())
                        return result if isinstance(result, Reply) else Reply(200, result)
                allowed = any(route_regex.match(request.path) for _method, route_regex, _handler in self.routes)
                if allowed:
                    raise HttpError(405, "METHOD_NOT_ALLOWED", "%s not allowed on %s" % (request.method, request.path))
                raise HttpError(404, "NOT_FOUND", "no route for %s" % request.path)
        except HttpError as error:
            extra = dict(error.extra)
            headers = extra.pop("_headers", {})
            body = self.error_body(error.status, error.code, error.message, request_id, extra)
            return Reply(error.status, body, headers)

    def _apply_late(self):
        """Apply the late requests whose time has come (called, locked, as each request arrives)."""
        due = []
        for late in self.late:
            late[0] -= 1
            if late[0] <= 0:
                due.append(late)
        for late in due:
            self.late.remove(late)
            late[3]["applied_late"] = self.dispatch(late[1], late[2]).status

    def _fault(self, http, fault, request_id):
        if fault.drop:
            # Close without answering: the client sees a dropped connection.
            http.close_connection = True
            try:
                http.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return None
        if fault.html is not None:
            return self._send(http, Reply(fault.status, fault.html, dict(fault.headers, **{
                "Content-Type": "text/html"})), request_id)
        body = fault.body if fault.body is not None else self.error_body(
            fault.status, "INJECTED_FAULT", "fault injected by the test", request_id, {})
        return self._send(http, Reply(fault.status, body, fault.headers), request_id)

    def _send(self, http, reply, request_id=None):
        if isinstance(reply.body, str) and reply.headers.get("Content-Type") == "text/html":
            data = reply.body.encode()
        else:
            data = b"" if reply.body is None else json.dumps(reply.body).encode()
        http.send_response(reply.status)
        if data and "Content-Type" not in reply.headers:
            http.send_header("Content-Type", "application/json")
        if request_id:
            http.send_header("X-Request-Id", request_id)
        for name, value in reply.headers.items():
            http.send_header(name, value)
        http.send_header("Content-Length", str(len(data)))
        http.end_headers()
        if data and http.command != "HEAD":
            http.wfile.write(data)

    # Control endpoints (outside the API) ---------------------------------------------

    def control(self, request):
        """Answer a control request; a body or setting it cannot use is a 400 with a JSON error."""
        action = request.path[len(CONTROL):].strip("/")
        try:
            body = _loads(request.raw_body)
            if not isinstance(body, (dict, type(None))):
                raise HttpError(400, "BAD_REQUEST", "the body of %s must be a JSON object" % action)
            with self.lock:
                return self.control_action(action, request, body or {})
        except HttpError as error:
            return Reply(error.status, {"error": error.message})
        except (TypeError, ValueError, LookupError, AttributeError, StopIteration, re.error) as error:
            return Reply(400, {"error": "bad body for %s: %s" % (action, error)})

    def control_action(self, action, request, body):
        """One control action (subclasses add theirs); ``body`` is the request's JSON object."""
        if action == "requests" and request.method == "GET":
            return Reply(200, {"requests": self.requests, "counts": self.counts()})
        if action == "requests" and request.method == "DELETE":
            self.requests = []
            return Reply(204)
        if action == "reset":
            self.reset()
            return Reply(204)
        if action == "seed":
            self.seed(body)
            return Reply(200, self.snapshot())
        if action == "state":
            return Reply(200, self.snapshot())
        if action == "faults":
            self.faults.append(Fault(**body))
            return Reply(204)
        if action == "rate_limit":
            self.rate_limiter = RateLimiter(**body)
            return Reply(204)
        if action == "settings":
            self.configure(**body)
            return Reply(204)
        return Reply(404, {"error": "unknown control %s" % action})

    def configure(self, **settings):
        """Change settings (names of ``DEFAULT_SETTINGS``) by name; a value must be of its default's
        type (any number for a number; anything where the default is None). All or nothing."""
        for name, value in settings.items():
            if name not in self.DEFAULT_SETTINGS:
                raise HttpError(400, "BAD_REQUEST", "unknown setting %s" % name)
            default = self.DEFAULT_SETTINGS[name]
            if default is not None:
                check_type("setting %s" % name, value, (bool,) if isinstance(default, bool) else
                           NUMBER if isinstance(default, NUMBER) else (type(default),))
        with self.lock:
            for name, value in settings.items():
                setattr(self, name, value)

    # The request log, as tests read it ---------------------------------------------------
    # ``calls()`` and ``writes()`` give log entries (dicts with method, path, query, body);
    # ``log()`` gives them as (method, short path, body) for comparing whole; ``counts()`` tallies.

    def is_write(self, entry):
        """Whether a logged request may change something: anything but GET and HEAD (an API narrows it)."""
        return entry["method"] not in ("GET", "HEAD")

    def calls(self, method=None, path=None, since=0):
        """The logged API requests from position ``since`` on; only ``method`` and paths ending in
        ``path`` when given."""
        with self.lock:
            return [entry for entry in self.requests[since:]
                    if method in (None, entry["method"]) and (path is None or entry["path"].endswith(path))]

    def writes(self, since=0):
        """The logged requests that may change something (``is_write()``), from position ``since`` on."""
        with self.lock:
            return [entry for entry in self.requests[since:] if self.is_write(entry)]

    def short_path(self, path):
        """A logged path as tests compare it (an API drops the prefix every one of its paths has)."""
        return path

    def log(self, since=0, writes=False):
        """``(method, short path, JSON body)`` of each logged request, or of each write when ``writes``."""
        entries = self.writes(since) if writes else self.calls(since=since)
        return [(entry["method"], self.short_path(entry["path"]), entry["body"]) for entry in entries]

    def counts(self, since=0):
        """Requests per method, and ``writes``: the requests by method that may write (anything but
        GET/HEAD, whatever the API; ``writes()`` also leaves out what the API says changes nothing)."""
        log = self.requests[since:]
        counts = {}
        for entry in log:
            counts[entry["method"]] = counts.get(entry["method"], 0) + 1
        counts["total"] = len(log)
        counts["writes"] = sum(1 for e in log if e["method"] not in ("GET", "HEAD"))
        return counts


def _loads(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")
