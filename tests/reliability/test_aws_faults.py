# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AWS modules' creates x fault kinds, through a small fault proxy in front of moto.

moto ignores ``ClientToken``; EC2 answers a repeated create with the same token with the
first create's result (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html).
The proxy does what EC2 does, so a lost create answer repeated by AWSRetry or botocore
behaves as on AWS. Each case: fault at one request position, the run, a clean re-run
and one more; one object in the end, no traceback, the last run changes nothing.
"""

from __future__ import annotations

import socket
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import requests
from botocore import endpoint as botocore_endpoint

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.privatelink.endpoints.plugins.modules import aws_vpc_endpoint, aws_vpc_endpoint_service
from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import MotoServer
from ansible_collections.privatelink.endpoints.tests.reliability.harness import TALLY, count_positions, run_module

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


class FaultProxy(ThreadingHTTPServer):
    """Forwards to moto; one fault at a request position; replays creates by ClientToken like EC2."""

    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream
        self.fault = None
        self.position = None
        self.seen = 0
        self.tokens = {}
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), ProxyHandler)

    def arm(self, position, fault):
        with self.lock:
            self.position, self.fault, self.seen, self.tokens = position, fault, 0, {}

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        proxy = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        token = (parse_qs(body.decode()).get("ClientToken") or [None])[0]
        with proxy.lock:
            fault = proxy.fault if proxy.seen == proxy.position else None
            proxy.seen += 1
            replay = proxy.tokens.get(token) if token else None
        if fault and not fault.get("after"):
            return self.answer_fault(fault)
        if replay is None:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            answer = requests.post(proxy.upstream + self.path, data=body, headers=headers, timeout=30)
            replay = (answer.status_code, answer.content, answer.headers.get("Content-Type", "text/xml"))
            if token and answer.status_code == 200:
                with proxy.lock:
                    proxy.tokens[token] = replay
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


@pytest.fixture(scope="module")
def aws(tmp_path_factory):
    with MotoServer(tmp_path_factory.mktemp("moto")) as moto:
        proxy = FaultProxy(moto.url)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        yield moto, proxy
        proxy.shutdown()
        proxy.server_close()


def endpoint_flow(network):
    args = dict(vpc_id=network["vpc_id"], service_name=network["service_name"], subnet_ids=network["subnet_ids"][:1],
                security_group_ids=network["security_group_ids"][:1], tags=dict(team="db"))
    return aws_vpc_endpoint, args, lambda ec2: [
        e["State"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"] if e["VpcId"] == network["vpc_id"]]


def service_flow(network):
    args = dict(network_load_balancer_arns=network["balancer_arns"][1:2], acceptance_required=True,
                tags=dict(team="db"))
    return aws_vpc_endpoint_service, args, lambda ec2: [
        s["ServiceState"] for s in ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
        if s["NetworkLoadBalancerArns"] == network["balancer_arns"][1:2]]


FLOWS = {"aws_vpc_endpoint": endpoint_flow, "aws_vpc_endpoint_service": service_flow}


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_aws_creates_survive_every_fault_at_every_position(name, aws, monkeypatch):
    moto, proxy = aws
    no_wait = types.SimpleNamespace(sleep=lambda seconds: None)
    monkeypatch.setattr(cloud, "time", no_wait)  # AWSRetry's waits
    monkeypatch.setattr(botocore_endpoint, "time", no_wait)  # botocore's own retries' waits
    env = dict(AWS_MAX_ATTEMPTS=None, AWS_RETRY_MODE=None)  # botocore's default retries, as users have them

    def start(position=None, fault=None):
        moto.reset()
        module, args, state = FLOWS[name](build_network(moto))
        proxy.arm(position, fault)
        args = dict(args, region="us-east-1", access_key="testing", secret_key="testing", endpoint_url=proxy.url,
                    wait_timeout=30)
        return module, args, state

    module, args, state = start()
    clean = run_module(module, args, env=env)
    assert not clean.get("failed") and clean["changed"], clean
    positions, expected = proxy.seen, state(moto.client())
    problems = []
    for position in range(positions):
        for kind, fault in KINDS.items():
            TALLY["cases"] += 1
            module, args, state = start(position, fault)
            runs = [run_module(module, args, env=env)]
            proxy.arm(None, None)
            runs += [run_module(module, args, env=env), run_module(module, args, env=env)]
            label = "%s request %d %s" % (name, position, kind)
            for result in runs:
                if "traceback" in result:
                    TALLY["tracebacks"] += 1
                    problems.append("%s: traceback %s" % (label, result["traceback"][-1200:]))
            if runs[0].get("failed"):
                TALLY["not_absorbed"] += 1
                problems.append("%s: one fault failed the run: %s" % (label, runs[0].get("msg")))
            found = state(moto.client())
            if found != expected:
                TALLY["duplicates" if len(found) > len(expected) else "lost"] += 1
                problems.append("%s: end state %r, a clean run gives %r" % (label, found, expected))
            if runs[2].get("changed") or runs[1].get("failed"):
                TALLY["wrong_changed"] += 1
                problems.append("%s: re-run failed or the last run changed something" % label)
    count_positions("AWS", positions, KINDS)
    assert not problems, "\n".join(problems)
