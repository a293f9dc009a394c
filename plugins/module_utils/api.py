# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP client every module of this collection talks through.

It owns what every API family needs alike: a session with timeouts and a
User-Agent, retries with backoff on rate limits and transient failures,
and one exception type that carries the API's own error code and request id.
API families plug in authentication (``auth`` / ``sign``) and the shape of
their bodies (``unwrap``) without touching the retry logic.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import json
import os
import random
import stat
import tempfile
import time
import traceback

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: every process paces alone
    fcntl = None

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by missing_required_lib
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

COLLECTION_VERSION = "1.0.0"
USER_AGENT = "ansible-collection-privatelink.endpoints/%s" % COLLECTION_VERSION

# Statuses that say "try again later" and, for a create, that nothing was done.
RATE_LIMITED = 429
# Statuses that are worth retrying for requests that are safe to repeat.
TRANSIENT = frozenset((429, 500, 502, 503, 504))
IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"))

RETRY_BASE_DELAY = 0.5
RETRY_MAX_DELAY = 30.0
# After a reset time the server names, wake somewhere in this range past it (mean: the official
# ClickHouse provider's one second), so processes told the same time do not all come back at once.
RESET_JITTER = (0.5, 1.5)


def common_argument_spec():
    """Options every module of the collection shares (see the doc fragments)."""
    return dict(
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        api_timeout=dict(type="int", default=60),
        api_retries=dict(type="int", default=5),
    )


def common_option_errors(params, id_names=()):
    """Messages for the shared options (see ``common_argument_spec``) and the ID options of a module."""
    errors = []
    if params.get("api_timeout") is not None and params["api_timeout"] < 1:
        errors.append("api_timeout must be at least 1 (seconds), got %s" % params["api_timeout"])
    if params.get("api_retries") is not None and params["api_retries"] < 0:
        errors.append("api_retries must not be negative, got %s" % params["api_retries"])
    return errors + identifier_errors(params, id_names)


def is_id_option(name):
    """Options that hold identifiers: ``id``, ``*_id`` and ``*_ids``."""
    return name == "id" or name.endswith(("_id", "_ids"))


def identifier_errors(params, names=()):
    """Messages for ID options (see ``is_id_option``, and ``names``) that are empty or hold whitespace.

    An ID from ``lookup('file')`` or a YAML ``|`` block ends in a newline; sent
    as it is, it names another object (or, once normalised in one place but
    not another, makes a list never converge). Refused before any request.
    """
    errors = []
    for name in sorted(params):
        value = params[name]
        if value is None or not (is_id_option(name) or name in names):
            continue
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            if not item:
                text = "%s must not be empty" % name
            elif any(char.isspace() or not char.isprintable() for char in item):
                text = ("%s: %r must not contain spaces, newlines or control characters "
                        "(from a file or a YAML block? use | trim)" % (name, item))
            else:
                continue
            if text not in errors:
                errors.append(text)
    return errors


class ApiError(Exception):
    """A failed API call, with everything needed to understand it and nothing secret.

    ``outcome_unknown`` is true when the request may have been applied
    (for example a create whose response never arrived): the caller must
    look the resource up before trying again.
    """

    def __init__(self, method, path, status=None, code=None, message=None,
                 request_id=None, body=None, outcome_unknown=False):
        self.method = method
        self.path = path
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.body = body
        self.outcome_unknown = outcome_unknown
        super().__init__(str(self))

    def __str__(self):
        where = "%s %s" % (self.method, self.path)
        what = "HTTP %s" % self.status if self.status is not None else "no response"
        if self.code:
            what += " %s" % self.code
        text = "%s failed: %s" % (where, what)
        if self.message:
            text += ": %s" % self.message
        if self.request_id:
            text += " (request id %s)" % self.request_id
        return text

    def code_is(self, *codes):
        """Compare the API error code case-blind (VPCEP spells ``EndPoint.`` and ``Endpoint.``)."""
        own = (self.code or "").lower()
        return any(own == c.lower() for c in codes)

    def to_dict(self):
        return dict(method=self.method, path=self.path, status=self.status,
                    code=self.code, message=self.message, request_id=self.request_id)


def parse_error_body(body):
    """Return (code, message, request_id) from any error body shape both API families use.

    ClickHouse Cloud: ``{"status": 404, "error": "NOT_FOUND: text", "requestId": "..."}``.
    VPCEP: ``{"error_code": "EndPoint.0005", "error_msg": "..."}``,
    ``{"error": {"code": "...", "message": "..."}}`` and the API gateway's
    ``{"error_code": "APIGW.0301", "error_msg": "...", "request_id": "..."}``.
    """
    if not isinstance(body, dict):
        return None, (body.strip()[:500] if isinstance(body, str) and body.strip() else None), None
    request_id = body.get("requestId") or body.get("request_id")
    error = body.get("error")
    if isinstance(error, dict):
        return error.get("code"), error.get("message"), request_id
    if "error_code" in body or "error_msg" in body:
        return body.get("error_code"), body.get("error_msg"), request_id
    if isinstance(error, str):
        code = body.get("code")
        message = error
        head, sep, tail = error.partition(": ")
        # "NOT_FOUND: Service not found" carries its code in front of the text.
        if sep and head.replace("_", "").isalpha() and head.upper() == head:
            code = code or head
            message = tail
        return code, message, request_id
    return body.get("code"), body.get("message"), request_id


def _header_seconds(response, name):
    """A header holding seconds, or (``Retry-After`` may) an HTTP date; None when absent or unreadable."""
    value = response.headers.get(name)
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def retry_delay(attempt, response=None):
    """Seconds to wait before retry number ``attempt`` (0-based).

    A server that says when to come back (``Retry-After``, or ClickHouse's
    ``X-RateLimit-Reset``) is believed, plus a random part (``RESET_JITTER``)
    so that processes told the same time spread out; otherwise exponential
    backoff with full jitter.
    """
    told = server_wait(response)
    if told is not None:
        return min(told + random.uniform(*RESET_JITTER), RETRY_MAX_DELAY * 2)
    ceiling = min(RETRY_MAX_DELAY, RETRY_BASE_DELAY * (2 ** attempt))
    return random.uniform(ceiling / 2, ceiling)


def server_wait(response):
    """Seconds the server asks us to stay away (``Retry-After``, ``X-RateLimit-Reset``), or None."""
    if response is None:
        return None
    told = _header_seconds(response, "Retry-After")
    reset = _header_seconds(response, "X-RateLimit-Reset")
    if reset is not None:
        told = max(told or 0.0, reset)
    return told


def pacing_directory():
    """Where the processes of one user on this machine keep their shared limiters."""
    return os.path.join(tempfile.gettempdir(), "privatelink-endpoints-pacing-%d" % os.getuid())


class Pacer:
    """A rate limiter shared by every process on this machine that uses one API key.

    Ansible runs each task of each host in its own process (``forks``): alone,
    each would learn of the key's rate limit only from its own 429 answers.
    The state is a small JSON file per key in ``directory``, named by a hash
    of the key (never the key), and changed only under an exclusive lock:

    - ``sent``: the times of the last ``limit`` requests handed a slot. A new
      request goes no earlier than ``window`` (plus a small margin) after the
      ``limit``-th one before it, so no ``window`` ever holds more than
      ``limit`` requests: the bound of a fixed or a sliding window alike;
    - ``hold``: no request before this time, set when the server answers 429
      and says when to come back (every process then waits, not only the one
      that was told).

    Slots are reserved, so waiting processes queue in order instead of waking
    together. With no ``limit`` known, only the server's holds are shared.
    Any problem with the file (read-only or missing temp dir, no ``fcntl``)
    turns the pacer off for this process: it then paces alone, as before.
    """

    #: Slack between windows, as a share of the window: absorbs the spread between
    #: the time a slot is handed out and the time the server counts the request.
    MARGIN = 0.025
    #: Times further ahead than this are taken for a clock that was set back, and forgotten.
    HORIZON = 3600.0

    def __init__(self, identity, limit=None, window=None, directory=None, clock=time.time):
        self.limit = limit if limit and window else None
        self.window = window
        self.clock = clock
        self.usable = fcntl is not None
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        self.directory = directory or pacing_directory()
        self.path = os.path.join(self.directory, digest + ".json")

    def acquire(self, delay=0.0):
        """Reserve the next slot no sooner than ``delay`` from now; return the seconds to wait.

        When nothing shared is in the way, ``delay`` itself is returned.
        """
        now = self.clock()
        state = self._update(lambda state: self._reserve(state, now, delay))
        if state is None or state["slot"] <= now + delay:
            return delay
        return state["slot"] - now

    def hold(self, seconds):
        """The server said: no request for ``seconds``. Every process sharing the key waits."""
        until = self.clock() + seconds

        def extend(state):
            held = state.get("hold")
            state["hold"] = max(held, until) if isinstance(held, (int, float)) else until
            return state
        self._update(extend)

    def _reserve(self, state, now, delay):
        hold = state.get("hold") or 0.0
        slot = max(now + delay, hold if isinstance(hold, (int, float)) and hold < now + self.HORIZON else 0.0)
        sent = [t for t in state.get("sent") or [] if isinstance(t, (int, float)) and t < now + self.HORIZON]
        limit, window = self.limit or 0, self.window or 0.0
        if limit:
            sent = sent[len(sent) - limit:] if len(sent) > limit else sent
            if len(sent) >= limit:
                slot = max(slot, sent[0] + window * (1 + self.MARGIN))
            sent.append(slot)
        state["sent"] = sent
        state["slot"] = slot
        return state

    def _update(self, change):
        """Apply ``change`` to the state under the lock; None when the shared state is unusable."""
        if not self.usable:
            return None
        try:
            handle = self._open()
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                raw = os.read(handle, 65536)
                try:
                    state = json.loads(raw.decode("utf-8")) if raw else {}
                except ValueError:
                    state = {}  # a half-written file from a killed process: start afresh
                if not isinstance(state, dict):
                    state = {}
                state = change(state)
                data = json.dumps(state).encode("utf-8")
                os.lseek(handle, 0, os.SEEK_SET)
                os.ftruncate(handle, 0)
                os.write(handle, data)
                return state
            finally:
                os.close(handle)  # also releases the lock
        except (OSError, TypeError, ValueError):
            # No shared state (or state of a shape no version of this code writes): pace alone.
            self.usable = False
            return None

    def _open(self):
        try:
            os.mkdir(self.directory, 0o700)
        except FileExistsError:
            pass
        info = os.lstat(self.directory)
        # Only a private directory of ours: another user could otherwise read or plant state.
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise PermissionError("%s is not a private directory" % self.directory)
        return os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)


class ApiClient:
    """A JSON HTTP client with retries, shared by every API family of the collection.

    ``secrets`` lists values that must never appear in an error (the Basic
    auth password and its encoded header are added here); API families
    append their own, such as tokens, and every ApiError raised is scrubbed.
    """

    sleep = staticmethod(time.sleep)

    #: The answer of the last request sent (for headers such as IAM's ``X-Subject-Token``).
    last_response = None

    #: (requests, seconds) one key may send per window, when the API documents it; the
    #: processes of one machine that use the key share the budget (see ``Pacer``).
    rate_limit = None

    def __init__(self, base_url, auth=None, headers=None, validate_certs=True,
                 timeout=60, retries=5, connect_timeout=10, ca_path=None):
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, timeout)
        self.retries = retries
        self.session = requests.Session()
        self.session.verify = (ca_path or True) if validate_certs else False
        self.session.auth = auth
        self.secrets = _auth_secrets(auth)
        self.session.headers.update({
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        })
        if headers:
            self.session.headers.update(headers)

    # Hooks for API families -------------------------------------------------

    def sign(self, prepared):
        """Add per-request authentication to a prepared request (AK/SK signing)."""
        return prepared

    def unwrap(self, body):
        """Return the useful part of a successful body (ClickHouse wraps it in ``result``)."""
        return body

    def is_throttle(self, response):
        """Whether an answer says "too many requests" (retried like a 429 for every method).

        An API that throttles with another status (VPCEP: 400 ``EndPoint.0022``) says so here.
        """
        return response.status_code == RATE_LIMITED

    def pacing_identity(self):
        """What tells one API key from another, for the shared limiter (hashed, never stored)."""
        auth = self.session.auth
        user = auth[0] if isinstance(auth, tuple) and auth else ""
        return "%s %s %s" % (type(self).__name__, self.base_url, user)

    @property
    def pacer(self):
        if getattr(self, "_pacer", None) is None:
            limit, window = self.rate_limit or (None, None)
            self._pacer = Pacer(self.pacing_identity(), limit, window)
        return self._pacer

    # The request loop ---------------------------------------------------------

    def url(self, path):
        return self.base_url + path

    def request(self, method, path, params=None, json_body=None, ok=(200, 201, 202, 204),
                retry=None):
        """Send one API call and return the unwrapped JSON body (None for an empty one).

        ``retry`` defaults to true for idempotent methods. A non-idempotent
        call (a POST that creates) is retried only when the server clearly
        did not act on it (429, or no connection at all); any other failure
        raises ApiError with ``outcome_unknown`` set.
        """
        method = method.upper()
        if retry is None:
            retry = method in IDEMPOTENT_METHODS
        attempt = 0
        delay = 0.0
        while True:
            wait = self.pacer.acquire(delay)
            if wait > 0:
                self.sleep(wait)
            response = None
            try:
                response = self.last_response = self._send(method, path, params, json_body)
            except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                    requests.exceptions.InvalidSchema) as exc:
                raise self.redact(ApiError(method, path, message="invalid API URL %s: %s" % (self.base_url, exc)))
            except requests.exceptions.ConnectTimeout as exc:
                error = ApiError(method, path, message="connection timed out: %s" % exc)
            except requests.exceptions.SSLError as exc:
                # A certificate problem does not go away by waiting: fail at once.
                raise self.redact(ApiError(
                    method, path, message="TLS failed (see validate_certs): %s" % _reason(exc)))
            except requests.exceptions.ConnectionError as exc:
                # Refused before anything was sent is safe; a reset after sending is not.
                sent = not _refused(exc)
                error = ApiError(method, path, message="connection failed: %s" % _reason(exc),
                                 outcome_unknown=sent and not retry)
            except requests.exceptions.Timeout as exc:
                error = ApiError(method, path, message="no answer within %ss: %s" % (self.timeout[1], exc),
                                 outcome_unknown=not retry)
            except requests.exceptions.RequestException as exc:
                # The answer broke off midway (a truncated body, say): as good as lost.
                error = ApiError(method, path, message="answer unreadable: %s" % _reason(exc),
                                 outcome_unknown=not retry)
            else:
                if response.status_code in ok:
                    return self.unwrap(_json(response)) if response.content else None
                error = self._error(method, path, response)
                if not self.is_throttle(response) and response.status_code in TRANSIENT:
                    error.outcome_unknown = not retry
            if response is not None and self.is_throttle(response):
                # The key is spent: every process using it waits, not only this one.
                told = server_wait(response)
                self.pacer.hold(min(told, RETRY_MAX_DELAY * 2) if told is not None else retry_delay(attempt))
            if attempt >= self.retries or not self._may_retry(error, response, retry):
                raise self.redact(error)
            delay = retry_delay(attempt, response)
            attempt += 1

    def redact(self, error):
        """Remove every known secret from an error's message and body."""
        error.message = _scrub(error.message, self.secrets)
        error.body = _scrub(error.body, self.secrets)
        error.args = (str(error),)
        return error

    def _may_retry(self, error, response, retry):
        if response is not None:
            if self.is_throttle(response):
                return True  # the server did nothing; safe for every method
            return retry and response.status_code in TRANSIENT
        return retry or not error.outcome_unknown

    def _send(self, method, path, params, json_body):
        headers = {}
        data = None
        if json_body is not None:
            data = json.dumps(json_body, separators=(",", ":"))
            headers["Content-Type"] = "application/json"
        request = requests.Request(method, self.url(path), params=params, data=data, headers=headers)
        prepared = self.sign(self.session.prepare_request(request))
        # session.send() alone ignores REQUESTS_CA_BUNDLE and friends; proxies and NO_PROXY come from here too.
        settings = self.session.merge_environment_settings(prepared.url, {}, None, self.session.verify, None)
        if settings["verify"] is True and os.environ.get("SSL_CERT_FILE"):
            # OpenSSL's variable, which requests (using its own bundle) would otherwise ignore.
            settings["verify"] = os.environ["SSL_CERT_FILE"]
        return self.session.send(prepared, timeout=self.timeout, **settings)

    @staticmethod
    def _error(method, path, response):
        body = _json(response, default=response.text)
        code, message, request_id = parse_error_body(body)
        request_id = request_id or response.headers.get("X-Request-Id")
        return ApiError(method, path, status=response.status_code, code=code,
                        message=message or response.reason, request_id=request_id, body=body)


def _auth_secrets(auth):
    if isinstance(auth, tuple) and len(auth) == 2 and auth[1]:
        user, password = (str(part) for part in auth)
        basic = base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")).decode("ascii")
        return [password, basic]
    return []


def _scrub(value, secrets):
    if isinstance(value, str):
        for secret in secrets:
            if secret:
                value = value.replace(secret, "********")
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    return value


def _json(response, default=None):
    try:
        return response.json()
    except ValueError:
        return default


def _reason(exc):
    # urllib3 wraps the useful text deep inside; keep it short and free of URLs with credentials.
    text = str(exc.args[0]) if exc.args else str(exc)
    return text.rsplit("Caused by ", maxsplit=1)[-1][:300]


def _refused(exc):
    text = str(exc)
    return "Connection refused" in text or "NewConnectionError" in text or "Name or service not known" in text
