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

import types

import pytest
from botocore import endpoint as botocore_endpoint

from ansible_collections.amazon.aws.plugins.module_utils import cloud
from ansible_collections.privatelink.endpoints.plugins.modules import aws_vpc_endpoint, aws_vpc_endpoint_service
from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network
from ansible_collections.privatelink.endpoints.tests.reliability.aws_proxy import KINDS
from ansible_collections.privatelink.endpoints.tests.reliability.harness import TALLY, count_positions, run_module


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
