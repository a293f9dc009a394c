# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The VPCEP modules where the real APIs differ from what the 2022 seeds say: what an OTC endpoint can
change, the current Huawei tag limits, a service that no longer exists (HTTP 400 EndPoint.2003),
create-only vip_port_id, OTC descriptions, gateway endpoints without DNS and their route tables."""

from __future__ import annotations

from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import (
    connection, network, seed_endpoints, seed_service, vpcep_steps, write_log)

ENDPOINT = "vpcep_endpoint"
SERVICE = "vpcep_service"
CONNECTION = "vpcep_connection"
EXTRA_TABLE = "0e0e0e0e-0000-4000-8000-000000000001"


def open_service(vpcep, cloud="huaweicloud", name="web"):
    service = seed_service(vpcep, name, cloud=cloud, approval_enabled=False)
    vpcep.seed({"permissions": {service["id"]: ["*"]}})
    return service


def endpoint_args(vpcep, service, cloud="huaweicloud", **extra):
    net = network(vpcep, "consumer", cloud)
    return dict(dict(endpoint_service_id=service["id"], vpc_id=net["vpc_id"], subnet_id=net["subnet_id"]), **extra)


def public_gateway(vpcep, cloud):
    return next(s for s in vpcep.services.values()
                if s["_project"] is None and s["_cloud"] == cloud and s["service_type"] == "gateway")


def gateway_args(vpcep, cloud, **extra):
    return dict(endpoint_service_name=public_gateway(vpcep, cloud)["service_name"],
                vpc_id=vpcep.account("consumer", cloud)["vpc_id"], **extra)


def add_route_table(vpcep, cloud):
    vpc_id = vpcep.account("consumer", cloud)["vpc_id"]
    vpcep.routetables[EXTRA_TABLE] = dict(id=EXTRA_TABLE, name="extra", vpc_id=vpc_id)


def test_otc_endpoint_whitelist_is_fixed_and_refused_before_any_request(vpcep, ansible):
    service = open_service(vpcep, "otc")
    consumer = connection(vpcep, "consumer", "otc")
    cases = [dict(whitelist=["10.0.0.0/8"], enable_whitelist=True),
             dict(whitelist=["10.0.0.0/8", "172.16.0.0/12"], enable_whitelist=True),
             dict(whitelist=["10.0.0.0/8"], enable_whitelist=False),
             dict(whitelist=["10.0.0.0/8"], tags=dict(team="db"))]
    result = vpcep_steps(ansible, ENDPOINT, consumer, endpoint_args(vpcep, service, "otc"), cases=cases)
    created, wider, disabled, tagged = result.steps
    endpoint_id = created["endpoint"]["id"]
    assert created["changed"]
    assert wider.get("failed") and disabled.get("failed")
    assert ("whitelist of VPC endpoint %s is ['10.0.0.0/8'] and cannot change to ['10.0.0.0/8', '172.16.0.0/12'] "
            "(otc has no endpoint update call)" % endpoint_id) in wider["msg"]
    assert "enable_whitelist of VPC endpoint %s is True and cannot change to False" % endpoint_id in disabled["msg"]
    assert tagged["changed"] and tagged["endpoint"]["tags"] == dict(team="db")  # tags have their own call
    assert write_log(vpcep) == ["POST vpc-endpoints", "POST endpoint/{id}/tags/action"]
    assert vpcep.endpoint(endpoint_id)["whitelist"] == ["10.0.0.0/8"]


def test_huawei_endpoint_whitelist_still_changes_in_place(vpcep, ansible):
    service = open_service(vpcep)
    cases = [dict(whitelist=["10.0.0.0/8"]), dict(whitelist=["172.16.0.0/12"], enable_whitelist=True)]
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"), endpoint_args(vpcep, service), cases=cases)
    assert [o["changed"] for o in result.steps] == [True, True]
    assert write_log(vpcep) == ["POST vpc-endpoints", "PUT vpc-endpoints/{id}"]


def test_huawei_tags_up_to_the_current_limits(vpcep, ansible):
    service = open_service(vpcep)
    tags = {"k" * 128: "v" * 255, "app.v1:tier=db+x-@": "path/to:x=y", "with space": ""}
    tags.update(("t%d" % i, str(i)) for i in range(17))
    cases = [dict(tags=tags), dict(tags=tags)]
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"), endpoint_args(vpcep, service), cases=cases)
    created, again = result.steps
    assert created["changed"] and not again["changed"], created.get("msg")
    [stored] = vpcep.endpoints.values()
    assert {t["key"]: t["value"] for t in stored["tags"]} == tags


def test_service_gone_is_not_found_for_lookups(vpcep, ansible):
    """The API says "endpoint service does not exist" as HTTP 400 EndPoint.2003: a lookup by full name
    finds nothing, state=absent has nothing to do, and a connection decision names the missing service."""
    service = open_service(vpcep)
    full_name = service["service_name"]
    del vpcep.services[service["id"]]
    consumer = connection(vpcep, "consumer")
    net = network(vpcep, "consumer")
    args = dict(endpoint_service_name=full_name, vpc_id=net["vpc_id"], subnet_id=net["subnet_id"], state="absent")
    gone = vpcep_steps(ansible, ENDPOINT, consumer, args).step()
    assert not gone["changed"] and gone["endpoint"] == {}
    [describe] = vpcep.calls("GET", "/vpc-endpoint-services/describe")
    assert describe["status"] == 400
    message = vpcep_steps(ansible, ENDPOINT, consumer, dict(args, state="present")).failure()
    assert "no endpoint service named %r" % full_name in message
    decide = dict(endpoint_service_id=service["id"], endpoints=["x"])
    message = vpcep_steps(ansible, CONNECTION, connection(vpcep), decide).failure()
    assert message == "no endpoint service with id %s" % service["id"]
    assert vpcep.writes() == []


def test_vip_port_id_is_sent_on_create_only(vpcep, ansible):
    account = vpcep.account("provider")
    args = dict(name="vip", vpc_id=account["vpc_id"], port_id=account["ports"]["vm"],
                vip_port_id=account["ports"]["vip"], server_type="VIP", ports=[dict(client_port=80, server_port=80)])
    cases = [args, args, dict(args, vip_port_id=account["ports"]["lb"])]
    result = vpcep_steps(ansible, SERVICE, connection(vpcep), cases=cases)
    outcomes = result.steps
    assert [o.get("msg") for o in outcomes if o.get("failed")] == []
    assert [o["changed"] for o in outcomes] == [True, False, False]
    assert write_log(vpcep) == ["POST vpc-endpoint-services"]
    assert vpcep.writes()[0]["body"]["vip_port_id"] == account["ports"]["vip"]


def test_otc_description_longer_than_128_is_refused_before_any_request(vpcep, ansible):
    service = open_service(vpcep, "otc")
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer", "otc"),
                         endpoint_args(vpcep, service, "otc", description="d" * 129),
                         cases=[{}, dict(description="d" * 128)])
    refused, created = result.steps
    assert refused.get("failed") and "description: at most 128 characters on otc, got 129" in refused["msg"]
    assert created["changed"] and created["endpoint"]["description"] == "d" * 128
    assert write_log(vpcep) == ["POST vpc-endpoints"]


def test_gateway_endpoint_created_with_dns_reruns_without_change(vpcep, ansible):
    for cloud in ("huaweicloud", "otc"):
        args = gateway_args(vpcep, cloud, enable_dns=True)
        result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer", cloud), args, cases=[{}, {}])
        created, again = result.steps
        assert created["changed"] and created["endpoint"]["enable_dns"] is False, created
        assert not again.get("failed") and not again["changed"], again.get("msg")
    assert write_log(vpcep) == ["POST vpc-endpoints"] * 2


def test_huawei_gateway_route_tables_change_in_place(vpcep, ansible):
    default = vpcep.account("consumer")["routetables"]
    add_route_table(vpcep, "huaweicloud")
    both = sorted(default + [EXTRA_TABLE])
    cases = [{}, dict(routetables=[EXTRA_TABLE] + default), dict(routetables=both)]
    consumer = connection(vpcep, "consumer")
    result = vpcep_steps(ansible, ENDPOINT, consumer, gateway_args(vpcep, "huaweicloud"), cases=cases)
    created, changed, again = result.steps
    assert created["changed"] and created["endpoint"]["routetables"] == default
    assert changed["changed"] and changed["endpoint"]["routetables"] == both
    assert not again["changed"]
    assert write_log(vpcep) == ["POST vpc-endpoints", "PUT vpc-endpoints/{id}/routetables"]
    assert vpcep.writes()[1]["body"] == dict(routetables=both)
    assert sorted(vpcep.endpoint(created["endpoint"]["id"])["routetables"]) == both
    checked = vpcep_steps(ansible, ENDPOINT, consumer, gateway_args(vpcep, "huaweicloud", routetables=default),
                          check=True, diff=True).step()
    assert checked["changed"] and checked["diff"]["after"]["routetables"] == default
    assert len(vpcep.writes()) == 2


def test_otc_gateway_route_tables_are_fixed(vpcep, ansible):
    add_route_table(vpcep, "otc")
    result = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer", "otc"), gateway_args(vpcep, "otc"),
                         cases=[{}, dict(routetables=[EXTRA_TABLE])])
    created, refused = result.steps
    assert created["changed"]
    assert refused.get("failed") and "routetables of VPC endpoint %s" % created["endpoint"]["id"] in refused["msg"]
    assert "(otc has no endpoint update call)" in refused["msg"]
    assert write_log(vpcep) == ["POST vpc-endpoints"]


def test_route_tables_of_an_interface_endpoint_are_an_error(vpcep, ansible):
    service = open_service(vpcep)
    [endpoint] = seed_endpoints(vpcep, service["id"], 1)
    vpcep.requests.clear()
    message = vpcep_steps(ansible, ENDPOINT, connection(vpcep, "consumer"),
                          dict(id=endpoint["id"], routetables=[EXTRA_TABLE])).failure()
    assert "routetables: VPC endpoint %s is an interface endpoint" % endpoint["id"] in message
    assert vpcep.writes() == []
