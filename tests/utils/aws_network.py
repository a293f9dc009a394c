# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one seeder of AWS networks in moto, for the integration tests and the local clouds.

``seed_network()`` makes, with boto3, what an account has before a test or a role runs:
a VPC with a subnet in each of two zones, network load balancers across them, security
groups, and optionally an endpoint service in front of the first load balancer.
"""

from __future__ import annotations

REGION = "us-east-1"


def seed_network(ec2, elbv2, cidr="10.0.0.0/16", load_balancers=("service",), security_groups=0,
                 name=None, dns_hostnames=False, endpoint_service=None):
    """Make one network; return its ids.

    ``ec2`` and ``elbv2`` are boto3 clients of one region. The VPC has ``cidr`` (a /16),
    its subnets the /24s numbered 1 and 2 in zones ``a`` and ``b``; ``load_balancers``
    are the names of internal network load balancers over both subnets;
    ``security_groups`` how many groups (``endpoint-1``, ...) to make; ``name`` a Name
    tag for the VPC; ``dns_hostnames`` turns on the VPC's DNS hostnames (what private
    DNS of an interface endpoint needs); ``endpoint_service``, when given, the extra
    parameters (``AcceptanceRequired``, ``PrivateDnsName``) of an endpoint service in
    front of the first load balancer.

    Returns ``vpc_id``, ``subnet_ids``, ``security_group_ids``, ``balancer_arns`` and,
    with an endpoint service, ``service_id`` and ``service_name``.
    """
    region = ec2.meta.region_name
    vpc_id = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    if name:
        ec2.create_tags(Resources=[vpc_id], Tags=[{"Key": "Name", "Value": name}])
    if dns_hostnames:
        ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    prefix = cidr.split(".0.0/", 1)[0]
    subnet_ids = [ec2.create_subnet(VpcId=vpc_id, CidrBlock="%s.%d.0/24" % (prefix, index),
                                    AvailabilityZone=region + zone)["Subnet"]["SubnetId"]
                  for index, zone in enumerate("ab", start=1)]
    group_ids = [ec2.create_security_group(VpcId=vpc_id, GroupName="endpoint-%d" % index,
                                           Description="endpoint")["GroupId"]
                 for index in range(1, security_groups + 1)]
    balancer_arns = [elbv2.create_load_balancer(Name=balancer, Subnets=subnet_ids, Type="network",
                                                Scheme="internal")["LoadBalancers"][0]["LoadBalancerArn"]
                     for balancer in load_balancers]
    network = dict(vpc_id=vpc_id, subnet_ids=subnet_ids, security_group_ids=group_ids, balancer_arns=balancer_arns)
    if endpoint_service is not None:
        service = ec2.create_vpc_endpoint_service_configuration(
            NetworkLoadBalancerArns=balancer_arns[:1], **endpoint_service)["ServiceConfiguration"]
        network.update(service_id=service["ServiceId"], service_name=service["ServiceName"])
    return network
