# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""clickhouse_reverse_private_endpoint_check_info against the ClickHouse emulator and moto: each status
with its meaning and next step, the endpoint service's principals and acceptance; read-only key, no writes,
an idle service is reported and not woken."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.integration.diagnosis_helpers import (
    by_name,
    run_cases,
    statuses,
)
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import REGION

PROD = "3ab8586b-a57f-431b-8275-7d24942d7740"      # analytics-prod, running
IDLE = "9074a372-50fe-4b82-b8e9-7ed3a20e39f2"      # dev-sandbox, idle
CLICKPIPES = "arn:aws:iam::072088201116:root"
FOREIGN = "com.amazonaws.vpce.%s.vpce-svc-0fedcba9876543210" % REGION


def seed(clickhouse, number, service_name, status="Ready", kind="VPC_ENDPOINT_SERVICE", service_id=PROD, **fields):
    rpe_id = "6f1c2e4a-3b5d-4c7e-9f80-1a2b3c4d5e%02d" % number
    rpe = dict(id=rpe_id, serviceId=service_id, description="kafka-%d" % number, type=kind, status=status,
               customPrivateDnsMappings=[], endpointId="vpce-%017d" % number,
               dnsNames=["rpe-%d.example.clickpipes" % number], privateDnsNames=[], **fields)
    if kind == "VPC_ENDPOINT_SERVICE":
        rpe["vpcEndpointServiceName"] = service_name
    clickhouse.seed({"reversePrivateEndpoints": [rpe]})
    return rpe_id


def read_only(clickhouse):
    key_id, secret = clickhouse.read_only_key
    return dict(CLICKHOUSE_CLOUD_API_KEY=key_id, CLICKHOUSE_CLOUD_API_SECRET=secret)


def test_each_status_and_the_endpoint_service_are_diagnosed_without_writes(ansible, moto, clickhouse):
    ec2, elb = moto.client(), moto.client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone=REGION + "a")["Subnet"]["SubnetId"]
    balancers = [elb.create_load_balancer(Name=name, Subnets=[subnet], Type="network", Scheme="internal")
                 ["LoadBalancers"][0]["LoadBalancerArn"] for name in ("kafka", "postgres")]
    open_service, closed_service = [ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[arn], AcceptanceRequired=True)["ServiceConfiguration"] for arn in balancers]
    ec2.modify_vpc_endpoint_service_permissions(ServiceId=open_service["ServiceId"], AddAllowedPrincipals=[CLICKPIPES])
    name = open_service["ServiceName"]
    ready = seed(clickhouse, 1, name)
    statuses_seeded = {status: seed(clickhouse, number, name, status)
                       for number, status in enumerate(("PendingAcceptance", "Rejected", "Failed", "Expired",
                                                        "Provisioning"), start=2)}
    closed = seed(clickhouse, 7, closed_service["ServiceName"], "Failed")
    foreign = seed(clickhouse, 8, FOREIGN)
    msk = seed(clickhouse, 9, None, kind="MSK_MULTI_VPC", mskAuthentication="SASL_IAM",
               mskClusterArn="arn:aws:kafka:us-east-1:123456789012:cluster/events/0a1b2c3d")
    moto.recording.write_text("")
    cases = [dict(service_id=PROD, id=ready),
             dict(service_name="analytics-prod", service_region=REGION, type="VPC_ENDPOINT_SERVICE",
                  vpc_endpoint_service_name=name, description="kafka-1")]
    cases += [dict(service_id=PROD, id=rpe_id) for rpe_id in statuses_seeded.values()]
    cases += [dict(service_id=PROD, id=closed), dict(service_id=PROD, id=foreign), dict(service_id=PROD, id=msk),
              dict(service_id=IDLE, id=ready), dict(service_id=PROD, id="00000000-0000-4000-8000-000000000000")]
    results = run_cases(ansible, "rpe", cases, env=read_only(clickhouse), aws_endpoint_url=moto.url)
    healthy, by_target = results[:2]
    pending, rejected, failed, expired, provisioning = results[2:7]
    closed_result, foreign_result, msk_result, idle, missing = results[7:]

    assert clickhouse.log(writes=True) == [] and moto.writes() == []
    assert clickhouse.service(IDLE)["state"] == "idle"  # not woken

    for result in (healthy, by_target):
        assert result["healthy"] is True and result["endpoint"]["id"] == ready, result["report"]
        assert set(statuses(result).values()) == {"ok"}
    checks = by_name(healthy)
    assert "rpe-1.example.clickpipes" in checks["endpoint_status"]["detail"]
    assert "acceptance required" in checks["endpoint_service"]["detail"]
    assert CLICKPIPES in checks["allowed_principals"]["detail"]

    # Each status: its meaning and the next step.
    check = by_name(pending)["endpoint_status"]
    assert check["status"] == "fail" and "waits for the endpoint service to accept" in check["detail"]
    assert "aws_vpc_endpoint_connection with state accepted" in check["fix"]
    assert "clickpipes_reverse_private_endpoint_accept_connection" in check["fix"]
    for result, meaning in ((rejected, "rejected the connection"), (failed, "setting it up failed"),
                            (expired, "not accepted in time")):
        check = by_name(result)["endpoint_status"]
        assert check["status"] == "fail" and meaning in check["detail"], check
        assert "clickpipes_reverse_private_endpoint_replace: true" in check["fix"]
    assert by_name(provisioning)["endpoint_status"]["status"] == "warn" and provisioning["healthy"] is True

    # The ClickPipes account is not an allowed principal of the endpoint service.
    check = by_name(closed_result)["allowed_principals"]
    assert check["status"] == "fail" and CLICKPIPES in check["detail"]
    assert "clickpipes_reverse_private_endpoint_allowed_principals" in check["fix"]

    # An endpoint service of another account, and a type without one.
    assert by_name(foreign_result)["endpoint_service"]["status"] == "warn"
    assert statuses(foreign_result)["allowed_principals"] == "skipped"
    assert [statuses(msk_result)[n] for n in ("endpoint_service", "allowed_principals")] == ["skipped"] * 2

    # An idle service is reported, not woken; an unknown endpoint fails with the role to create it.
    assert by_name(idle)["service_state"]["status"] == "warn" and statuses(idle)["endpoint"] == "skipped"
    check = by_name(missing)["endpoint"]
    assert check["status"] == "fail" and "clickpipes_reverse_private_endpoint" in check["fix"]
