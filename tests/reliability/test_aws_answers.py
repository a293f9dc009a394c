# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""AWS answers that are no AWS error: a load balancer's 5xx HTML page through every retry, or a
body that is not XML at all. Each AWS module fails with a message naming the EC2 call, never
with a traceback. (The modules' endpoint_url points at the ClickHouse emulator, whose faults
give the answers.)"""

from __future__ import annotations

import importlib
import types

import pytest

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.reliability.harness import run_module

PAGE = ("<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head>"
        "<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>")
MODULES = {
    "aws_vpc_endpoint": (dict(vpc_endpoint_id="vpce-0123456789abcdef0"), "DescribeVpcEndpoints"),
    "aws_vpc_endpoint_service": (dict(service_id="vpce-svc-0123456789abcdef0"),
                                 "DescribeVpcEndpointServiceConfigurations"),
    "aws_vpc_endpoint_connection": (dict(service_id="vpce-svc-0123456789abcdef0",
                                         vpc_endpoint_id="vpce-0123456789abcdef0"), "DescribeVpcEndpointConnections"),
}


@pytest.mark.parametrize("answer, expected", [
    (dict(status=503, html=PAGE), "failed: HTTP 503 with an answer that is no AWS error"),
    (dict(status=502, html="Bad Gateway"), "failed: its answer is unreadable"),
], ids=["html-503", "text-502"])
@pytest.mark.parametrize("name", sorted(MODULES))
def test_answers_that_are_no_aws_error_fail_naming_the_call(name, answer, expected, emulators, monkeypatch):
    monkeypatch.setattr(cloud, "time", types.SimpleNamespace(sleep=lambda seconds: None))  # AWSRetry's waits
    emulator = emulators["clickhouse"]()
    emulator.faults.append(Fault(count=1000, **answer))
    options, call = MODULES[name]
    module = importlib.import_module("ansible_collections.privatelink.endpoints.plugins.modules." + name)
    result = run_module(module, dict(options, region="us-east-1", access_key="AKIDEXAMPLE",
                                     secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", endpoint_url=emulator.url),
                        env=dict(AWS_MAX_ATTEMPTS="1"))  # botocore's own retries, on top of AWSRetry's
    assert "traceback" not in result, result["traceback"]
    assert result["failed"] and "AWS call %s %s" % (call, expected) in result["msg"], result["msg"]
