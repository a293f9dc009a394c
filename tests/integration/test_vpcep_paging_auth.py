# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lists longer than one page (the API's maximum is 1000), credentials from the environment,
and authentication failures that name the problem without showing a secret."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from ansible_collections.privatelink.endpoints.tests.emulators.huawei_gateway import TOKENS
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import (
    connection,
    seed_endpoints,
    seed_service,
    vpcep_steps,
)

SERVICE_INFO = "vpcep_service_info"
ENDPOINT_INFO = "vpcep_endpoint_info"


def offsets(vpcep, path_end):
    """The offset of each list request; the first page goes without one (offset must be > 0)."""
    return [parse_qs(r["query"]).get("offset", [None])[0] for r in vpcep.calls("GET", path_end)]


def test_every_page_is_followed(vpcep, ansible):
    # Seeded first, so the API (newest first) lists the wanted ones on the last page.
    target = seed_service(vpcep, "svc")
    vpcep.seed({"endpoint_services": [dict(project_id=target["project_id"], service_name="svc%04d" % i)
                                      for i in range(1000)]})
    subnets = vpcep.account("consumer")["subnets"]
    [mine] = seed_endpoints(vpcep, target["id"], 1)
    seed_endpoints(vpcep, target["id"], 1000, subnet_id=subnets["second"])
    vpcep.requests.clear()

    provider, consumer = connection(vpcep), connection(vpcep, "consumer")
    services = vpcep_steps(ansible, SERVICE_INFO, provider, dict(name="svc")).step()["endpoint_services"]
    assert [s["id"] for s in services] == [target["id"]]
    assert offsets(vpcep, "/vpc-endpoint-services") == [None, "1000"]

    endpoints = vpcep_steps(ansible, ENDPOINT_INFO, consumer, dict(vpc_id=mine["vpc_id"])).step()["endpoints"]
    assert len(endpoints) == 1001 and mine["id"] in {e["id"] for e in endpoints}
    assert offsets(vpcep, "/vpc-endpoints") == [None, "1000"]

    # The state modules find what they manage on the second page too: nothing to change, nothing written.
    vpcep.requests.clear()
    found = vpcep_steps(ansible, "vpcep_endpoint", consumer, dict(
        endpoint_service_id=target["id"], vpc_id=mine["vpc_id"], subnet_id=mine["subnet_id"])).step()
    assert not found["changed"] and found["endpoint"]["id"] == mine["id"]
    decided = vpcep_steps(ansible, "vpcep_connection", provider, dict(
        endpoint_service_name="svc", endpoints=[mine["id"]])).step()
    assert not decided["changed"]
    assert offsets(vpcep, "/connections") == [None, "1000"]
    assert vpcep.writes() == []


ENVIRONMENTS = {
    "huawei sdk ak/sk": lambda a: dict(HUAWEICLOUD_SDK_AK=a["ak"], HUAWEICLOUD_SDK_SK=a["sk"],
                                       HUAWEICLOUD_SDK_PROJECT_ID=a["project_id"]),
    "huawei sdk temporary": lambda a: dict(HUAWEICLOUD_SDK_AK=a["temp_ak"], HUAWEICLOUD_SDK_SK=a["temp_sk"],
                                           HUAWEICLOUD_SDK_SECURITY_TOKEN=a["security_token"],
                                           HUAWEICLOUD_SDK_PROJECT_ID=a["project_id"]),
    "openstack ak/sk": lambda a: dict(OS_ACCESS_KEY=a["ak"], OS_SECRET_KEY=a["sk"], OS_PROJECT_ID=a["project_id"]),
    "openstack password": lambda a: dict(OS_USERNAME=a["user"], OS_PASSWORD=a["password"],
                                         OS_USER_DOMAIN_NAME=a["domain_name"], OS_PROJECT_ID=a["project_id"]),
    "openstack token": lambda a: dict(OS_AUTH_TOKEN=a["token"], OS_PROJECT_ID=a["project_id"]),
    "nothing": lambda a: dict(OS_PROJECT_ID=a["project_id"]),
}


def test_credentials_from_the_environment(vpcep, ansible):
    account = dict(vpcep.account("provider", "otc"), token=connection(vpcep, "provider", "otc", "token")["auth_token"])
    seed_service(vpcep, "envsvc", cloud="otc")
    ways = sorted(ENVIRONMENTS)
    environments = [dict(ENVIRONMENTS[way](account), OS_REGION_NAME="eu-de", OS_AUTH_URL=vpcep.url + "/v3")
                    for way in ways]
    result = ansible.run("vpcep_environment.yml", extra_vars=dict(
        conn=dict(cloud="otc", endpoint_url=vpcep.url), environments=environments), limit_env=[])
    outcomes = dict(zip(ways, result.tasks["List services as the environment says"]["results"]))
    assert "no credentials" in outcomes.pop("nothing")["msg"]
    for way, outcome in outcomes.items():
        assert [s["name"] for s in outcome.get("endpoint_services", [])] == ["envsvc"], (way, outcome)
    # Five lists, and one token for the password run; the run without credentials sent nothing.
    assert vpcep.counts() == {"GET": 5, "POST": 1, "total": 6, "writes": 1}
    assert len(vpcep.calls("POST", TOKENS)) == 1


def test_authentication_failure_names_the_cause_not_the_secret(vpcep, ansible):
    account = vpcep.account()
    no_keys = dict(access_key=None, secret_key=None)
    wrong = [
        (dict(secret_key="Wrong-Secret-0123456789"), "APIGW.0301"),
        (dict(access_key=account["temp_ak"], secret_key=account["temp_sk"], security_token="forged-0123456789"),
         "APIGW.0301"),
        (dict(no_keys, auth_token="MIIT-forged-0123456789"), "APIGW.0301"),
        (dict(no_keys, username=account["user"], domain_name=account["domain_name"],
              password="Wrong-Passw0rd-0123456789"), "The username or password is wrong"),
    ]
    result = vpcep_steps(ansible, SERVICE_INFO, dict(connection(vpcep), api_retries=0),
                         cases=[case for case, _e in wrong])
    for (case, expected), outcome in zip(wrong, result.steps):
        assert outcome.get("failed") and expected in outcome["msg"], (case, outcome)
        # What the module said, its echoed arguments included (the loop's item is the test's own input):
        # no secret anywhere.
        said = json.dumps({k: v for k, v in outcome.items() if k not in ("item", "_ansible_item_label")})
        assert "Wrong" not in said and "forged" not in said, said
    assert len(vpcep.requests) == 4  # one call each: a 401 is not retried
