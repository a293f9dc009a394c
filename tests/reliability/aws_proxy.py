# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A small fault proxy in front of moto: what the emulators' ``Fault`` is for their APIs.

moto ignores ``ClientToken``; EC2 answers a repeated create with the same token with the
first create's result (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html).
The proxy does what EC2 does, so a lost create answer repeated by AWSRetry or botocore
behaves as on AWS. ``arm(position, fault)`` fails the request at that position (one of
``KINDS``), ``arm_many()`` several (at a position, or at the n-th call of an action); ``actions`` is the log of the AWS actions received;
``hook(index, action, phase)``, when set, is called before a request is forwarded (``before``:
a true answer drops it unsent) and once moto has answered it (``after``). A GET of
``CONTROL`` turns off the faults not yet fired and calls ``on_disarm(number of those faults)`` (the tests turn off
the emulators' faults there too, from inside a playbook).
"""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import requests

THROTTLED = ("<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded."
             "</Message></Error></Errors><RequestID>r-1</RequestID></Response>")
PAGE = "<!DOCTYPE html><html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"
KINDS = {
    "throttled": dict(status=400, body=THROTTLED),
    "html-503": dict(status=503, body=PAGE),
    "drop": dict(drop=True),
    "lost": dict(drop=True, after=True),
    "lost-504": dict(status=504, body=PAGE, after=True),
}
# GET here: the faults not yet fired is off (what a test turns off between two runs).
CONTROL = "/_proxy/disarm"
# EC2 and ELB actions that only read; everything else is a write.
READS = ("Describe", "Get", "List")


def is_write(action):
    return not (action or "").startswith(READS)


class FaultProxy(ThreadingHTTPServer):
    """Forwards to moto; one fault at a request position; replays creates by ClientToken like EC2."""

    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream
        self.faults = {}  # request index, or (action, its occurrence) -> fault
        self.seen = 0
        self.occurrences = {}
        self.tokens = {}
        self.actions = []
        self.hook = None
        self.on_disarm = None  # called on a GET of CONTROL
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), ProxyHandler)

    def arm(self, position, fault):
        """Start counting again, with ``fault`` at request ``position`` (None: no fault)."""
        self.arm_many({} if position is None else {position: fault})

    def arm_many(self, faults):
        """Start counting again, with the faults of ``{request index or (action, occurrence): fault}``."""
        with self.lock:
            self.faults, self.seen, self.tokens, self.actions, self.occurrences = dict(faults), 0, {}, [], {}

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        proxy = self.server
        if self.path != CONTROL:
            return self.send(404, b"", "text/plain")
        with proxy.lock:
            unfired, proxy.faults = len(proxy.faults), {}
        if proxy.on_disarm:
            proxy.on_disarm(unfired)
        return self.send(200, b"disarmed", "text/plain")

    def do_POST(self):
        proxy = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        params = parse_qs(body.decode())
        token = (params.get("ClientToken") or [None])[0]
        action = (params.get("Action") or [None])[0]
        with proxy.lock:
            index = proxy.seen
            occurrence = proxy.occurrences[action] = proxy.occurrences.get(action, -1) + 1
            fault = proxy.faults.pop(index, None) or proxy.faults.pop((action, occurrence), None)
            proxy.seen += 1
            proxy.actions.append(action)
            replay = proxy.tokens.get(token) if token else None
        if proxy.hook and proxy.hook(index, action, "before"):
            return self.answer_fault({"drop": True})  # the hook says the request never arrived
        if fault and not fault.get("after"):
            return self.answer_fault(fault)
        if replay is None:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            answer = requests.post(proxy.upstream + self.path, data=body, headers=headers, timeout=30)
            replay = (answer.status_code, answer.content, answer.headers.get("Content-Type", "text/xml"))
            if token and answer.status_code == 200:
                with proxy.lock:
                    proxy.tokens[token] = replay
        if proxy.hook:
            proxy.hook(index, action, "after")
        if fault:
            return self.answer_fault(fault)
        self.send(*replay)

    def answer_fault(self, fault):
        if fault.get("drop"):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return None
        return self.send(fault["status"], fault["body"].encode(), "text/xml" if "<Response>" in fault["body"]
                         else "text/html")

    def send(self, status, data, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
