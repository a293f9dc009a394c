# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers of the AWS integration tests: the network they start from in moto, and their module runs.

An ansible-playbook run costs seconds before the first task, so each test runs its module
several times in one playbook (``Ansible.steps``); ``aws_steps`` adds moto's endpoint URL.
"""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.utils.aws_network import seed_network


def aws_steps(ansible, moto, module, steps, env=None):
    """Run ``module`` once per item of ``steps`` against moto (with --diff); return each step's result, in order."""
    result = ansible.steps(module, steps, defaults=dict(endpoint_url=moto.url), env=env, diff=True)
    assert len(result.steps) == len(steps) and not result.failed, result
    return result.steps


def build_network(server, acceptance_required=False, private_dns_name="db.example.com"):
    """A VPC with two subnets in two zones, two security groups, three network load balancers,
    and an endpoint service in front of the first one (with ``private_dns_name``; None for a
    service without one), made directly with boto3; the server's request log starts after it."""
    extra = dict(PrivateDnsName=private_dns_name) if private_dns_name else {}
    network = seed_network(server.client(), server.client("elbv2"), "10.0.0.0/16", ("service", "spare", "extra"),
                           security_groups=2, endpoint_service=dict(AcceptanceRequired=acceptance_required, **extra))
    server.recording.write_text("")  # the tests count their own calls only
    return network
