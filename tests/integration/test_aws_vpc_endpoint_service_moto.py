# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""aws_vpc_endpoint_service against moto: lookup, create, idempotence, check mode, updates, delete.

As in test_aws_vpc_endpoint_moto, the AWS writes of all steps are checked as one ordered list.
"""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import aws_steps, build_network

CLICKPIPES = "arn:aws:iam::072088201116:root"
OTHER = "arn:aws:iam::210987654321:root"


def test_endpoint_service_lifecycle(ansible, moto):
    network = build_network(moto)
    existing, spare, extra = network["balancer_arns"]
    new = dict(network_load_balancer_arns=[spare], acceptance_required=True, allowed_principals=[CLICKPIPES],
               tags=dict(Name="kafka"))
    found, planned, created, again, changed, purged, deleted, deleted_again = aws_steps(
        ansible, moto, "aws_vpc_endpoint_service", [
            dict(network_load_balancer_arns=[existing]),
            dict(new, check_mode=True),
            new,
            new,
            dict(network_load_balancer_arns=[spare, extra], acceptance_required=False,
                 allowed_principals=[OTHER], purge_allowed_principals=False),
            dict(network_load_balancer_arns=[extra], allowed_principals=[OTHER]),
            dict(network_load_balancer_arns=[extra], state="absent"),
            dict(network_load_balancer_arns=[extra], state="absent"),
        ])
    assert moto.writes() == [
        "CreateVpcEndpointServiceConfiguration", "ModifyVpcEndpointServicePermissions",  # created
        "ModifyVpcEndpointServiceConfiguration", "ModifyVpcEndpointServicePermissions",  # changed
        "ModifyVpcEndpointServiceConfiguration", "ModifyVpcEndpointServicePermissions",  # purged
        "DeleteVpcEndpointServiceConfigurations",
    ]

    # A load balancer finds the service in front of it: nothing to create.
    assert found["changed"] is False and found["endpoint_service"]["id"] == network["service_id"]

    assert planned["changed"] is True and planned["diff"]["before"] == {}
    assert planned["diff"]["after"] == dict(network_load_balancer_arns=[spare], acceptance_required=True,
                                            allowed_principals=[CLICKPIPES], tags=dict(Name="kafka"))
    service = created["endpoint_service"]
    assert created["changed"] is True and created["diff"]["after"] == planned["diff"]["after"]
    assert service["service_name"] == "com.amazonaws.vpce.us-east-1.%s" % service["id"]
    assert service["service_state"] == "Available" and service["acceptance_required"] is True
    assert service["allowed_principals"] == [CLICKPIPES] and service["tags"] == dict(Name="kafka")
    assert again["changed"] is False and again["endpoint_service"]["id"] == service["id"]

    assert changed["changed"] is True and changed["endpoint_service"]["id"] == service["id"]
    assert changed["endpoint_service"]["network_load_balancer_arns"] == sorted([spare, extra])
    assert changed["endpoint_service"]["acceptance_required"] is False
    assert changed["endpoint_service"]["allowed_principals"] == sorted([CLICKPIPES, OTHER])
    assert purged["changed"] is True
    assert purged["diff"]["after"]["network_load_balancer_arns"] == [extra]
    assert purged["endpoint_service"]["allowed_principals"] == [OTHER]

    assert deleted["changed"] is True and deleted["endpoint_service"] == {}
    assert deleted_again["changed"] is False
    remaining = moto.client().describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    assert [s["ServiceId"] for s in remaining] == [network["service_id"]]


def test_the_clickpipes_teardown_finds_and_deletes_the_service_in_three_requests(ansible, moto):
    """Issue 13: the AWS side of the ClickPipes role's absent flow at its minimum. A check-mode delete by
    load balancer finds the service in one request (its name goes to the reverse private endpoint's
    delete), the delete by ID sends no read first (without --diff), and one read sees it gone."""
    network = build_network(moto)
    balancer = network["balancer_arns"][1]
    service = moto.client().create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[balancer], AcceptanceRequired=True)["ServiceConfiguration"]
    moto.recording.write_text("")
    [found] = aws_steps(ansible, moto, "aws_vpc_endpoint_service", [
        dict(network_load_balancer_arns=[balancer], state="absent", check_mode=True)])
    # Without --diff, as a role runs by default.
    absent = dict(service_id=service["ServiceId"], state="absent")
    teardown = ansible.steps("aws_vpc_endpoint_service", [absent, absent], defaults=dict(endpoint_url=moto.url))
    assert teardown.rc == 0, teardown
    deleted, again = teardown.steps
    assert moto.calls() == ["DescribeVpcEndpointServiceConfigurations",
                            "DeleteVpcEndpointServiceConfigurations", "DescribeVpcEndpointServiceConfigurations",
                            "DeleteVpcEndpointServiceConfigurations"]
    assert found["changed"] is True and found["deleted_endpoint_service"]["service_name"] == service["ServiceName"]
    assert deleted["changed"] is True and deleted["deleted_endpoint_service"] == dict(id=service["ServiceId"])
    assert again["changed"] is False and again["deleted_endpoint_service"] == {}
    assert all(s["ServiceId"] != service["ServiceId"]
               for s in moto.client().describe_vpc_endpoint_service_configurations()["ServiceConfigurations"])
