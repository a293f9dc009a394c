# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Helpers of the AWS integration tests: a network in moto, and playbooks run as steps.

An ansible-playbook run costs seconds before the first task, so each test runs its
module several times in one playbook: the ``aws_*.yml`` playbooks include one task
per item of ``steps``, and ``run_steps`` returns the results of those tasks in order.
"""

from __future__ import annotations

import json

from ansible_collections.privatelink.endpoints.tests.integration.moto_server import REGION


def run_steps(ansible, moto, playbook, task, steps, env=None):
    """Run ``steps`` through ``playbook``; return each run of ``task`` (its host result), in order."""
    result = ansible.run(playbook, dict(steps=steps, aws_endpoint_url=moto.url), env=env, diff=True)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        raise AssertionError(result)
    results = [host for play in report["plays"] for entry in play["tasks"] if entry["task"]["name"] == task
               for host in entry["hosts"].values()]
    assert len(results) == len(steps) and not result.failed, result
    return results


def build_network(server, acceptance_required=False, private_dns_name="db.example.com"):
    """A VPC with two subnets in two zones, two security groups, three network load balancers,
    and an endpoint service in front of the first one (with ``private_dns_name``; None for a
    service without one), made directly with boto3."""
    ec2 = server.client()
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.%d.0/24" % i, AvailabilityZone=REGION + zone)
               ["Subnet"]["SubnetId"] for i, zone in enumerate("ab", start=1)]
    groups = [ec2.create_security_group(VpcId=vpc, GroupName="endpoint-%d" % i, Description="endpoint")["GroupId"]
              for i in (1, 2)]
    elbv2 = server.client("elbv2")
    balancers = [elbv2.create_load_balancer(Name=name, Subnets=subnets, Type="network", Scheme="internal")
                 ["LoadBalancers"][0]["LoadBalancerArn"] for name in ("service", "spare", "extra")]
    extra = dict(PrivateDnsName=private_dns_name) if private_dns_name else {}
    service = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=balancers[:1], AcceptanceRequired=acceptance_required, **extra)["ServiceConfiguration"]
    server.recording.write_text("")  # the tests count their own calls only
    return dict(vpc_id=vpc, subnet_ids=subnets, security_group_ids=groups, balancer_arns=balancers,
                service_id=service["ServiceId"], service_name=service["ServiceName"])
