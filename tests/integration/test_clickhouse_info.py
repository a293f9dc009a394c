# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""clickhouse_service_info and clickhouse_private_endpoint_config_info against the emulator."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault

SERVICES = "clickhouse_service_info"
CONFIG = "clickhouse_private_endpoint_config_info"


def service(clickhouse, name, region=None):
    """The emulator's stored service with this name (and region)."""
    found = [s for s in clickhouse.services.values()
             if s["name"] == name and region in (None, s["region"])]
    assert len(found) == 1
    return found[0]


def info(ansible, module, args=None, **run_options):
    """One run of an info module with ``args``; ``run_options`` are ``Ansible.steps``'s."""
    return ansible.steps(module, [args or {}], **run_options)


# clickhouse_service_info ---------------------------------------------------------------


def test_lists_every_service_in_one_call(clickhouse, ansible):
    found = info(ansible, SERVICES).step()
    assert sorted(s["id"] for s in found["services"]) == sorted(clickhouse.services)
    assert found["changed"] is False
    assert clickhouse.counts() == {"GET": 1, "total": 1, "writes": 0}


def test_returns_snake_case_keys_and_keeps_tag_keys(clickhouse, ansible):
    found = info(ansible, SERVICES, {"name": "warehouse"}).step()["services"]
    assert len(found) == 1
    assert found[0]["ip_access_list"] == [{"source": "0.0.0.0/0", "description": "Anywhere"}]
    assert "private_endpoint_ids" in found[0] and "privateEndpointIds" not in found[0]
    assert found[0]["tags"] == {"env": "staging"}


@pytest.mark.parametrize("args, expected", [
    ({"name": "analytics-prod"}, {("analytics-prod", "us-east-1"), ("analytics-prod", "eu-west-1")}),
    ({"name": "analytics-prod", "region": "eu-west-1"}, {("analytics-prod", "eu-west-1")}),
    ({"provider": "aws", "region": "us-east-1"}, {("analytics-prod", "us-east-1"), ("dev-sandbox", "us-east-1")}),
    ({"provider": "gcp"}, {("reporting", "us-central1")}),
    ({"name": "no-such-service"}, set()),
])
def test_client_side_filters(clickhouse, ansible, args, expected):
    found = info(ansible, SERVICES, args).step()["services"]
    assert {(s["name"], s["region"]) for s in found} == expected
    assert clickhouse.counts()["total"] == 1
    assert clickhouse.requests[0]["query"] == ""


def test_tags_are_filtered_by_the_api(clickhouse, ansible):
    found = info(ansible, SERVICES, {"tags": {"env": "prod", "team": "data"}}).step()
    assert [(s["name"], s["region"]) for s in found["services"]] == [("analytics-prod", "us-east-1")]
    [call] = clickhouse.requests
    assert call["path"] == "/v1/organizations/%s/services" % clickhouse.org_id
    assert sorted(parse_qs(call["query"])["filter"]) == ["tag:env=prod", "tag:team=data"]


def test_by_id_is_one_get_of_that_service(clickhouse, ansible):
    wanted = service(clickhouse, "reporting")
    found = info(ansible, SERVICES, {"id": wanted["id"]}).step()["services"]
    assert [s["id"] for s in found] == [wanted["id"]]
    assert [r["path"] for r in clickhouse.requests] == [
        "/v1/organizations/%s/services/%s" % (clickhouse.org_id, wanted["id"])]


def test_unknown_id_is_an_empty_list(clickhouse, ansible):
    found = info(ansible, SERVICES, {"id": "00000000-0000-4000-8000-000000000000"}).step()
    assert found["services"] == []
    assert [r["status"] for r in clickhouse.requests] == [404]


# clickhouse_private_endpoint_config_info -------------------------------------------------


@pytest.mark.parametrize("name, region, provider, service_suffix, host_suffix", [
    ("analytics-prod", "us-east-1", "aws", r"com.amazonaws.vpce.us-east-1.vpce-svc-", ".us-east-1.vpce.aws.clickhouse.cloud"),
    ("reporting", "us-central1", "gcp", "projects/", ".us-central1.p.gcp.clickhouse.cloud"),
    ("warehouse", "eastus", "azure", "production-eastus-pls.", ".eastus.privatelink.azure.clickhouse.cloud"),
])
def test_config_by_id_is_one_call(clickhouse, ansible, name, region, provider, service_suffix, host_suffix):
    wanted = service(clickhouse, name, region)
    config = info(ansible, CONFIG, {"service_id": wanted["id"]}).step()
    assert config["endpoint_service_id"] == wanted["privateEndpointConfig"]["endpointServiceId"]
    assert config["endpoint_service_id"].startswith(service_suffix)
    assert config["private_dns_hostname"] == wanted["privateEndpointConfig"]["privateDnsHostname"]
    assert config["private_dns_hostname"].endswith(host_suffix)
    assert config["service"] == {"id": wanted["id"], "provider": provider, "region": region}
    assert config["changed"] is False
    assert [(r["method"], r["path"]) for r in clickhouse.requests] == [
        ("GET", "/v1/organizations/%s/services/%s/privateEndpointConfig" % (clickhouse.org_id, wanted["id"]))]


def test_config_by_name_is_two_calls(clickhouse, ansible):
    wanted = service(clickhouse, "analytics-prod", "eu-west-1")
    config = info(ansible, CONFIG, {
        "service_name": "analytics-prod", "region": "eu-west-1", "provider": "aws"}).step()
    assert config["service"] == {"id": wanted["id"], "provider": "aws", "region": "eu-west-1"}
    assert config["endpoint_service_id"] == "com.amazonaws.vpce.eu-west-1.vpce-svc-%s" % (
        wanted["privateEndpointConfig"]["endpointServiceId"].rsplit("vpce-svc-", 1)[1])
    assert [r["path"].rsplit("/", 1)[1] for r in clickhouse.requests] == ["services", "privateEndpointConfig"]
    assert clickhouse.counts() == {"GET": 2, "total": 2, "writes": 0}


def test_services_of_one_region_share_the_endpoint_service(clickhouse, ansible):
    results = [info(ansible, CONFIG, {"service_name": name, "region": "us-east-1"}).step()
               for name in ("analytics-prod", "dev-sandbox")]
    assert results[0]["endpoint_service_id"] == results[1]["endpoint_service_id"]
    assert results[0]["private_dns_hostname"] != results[1]["private_dns_hostname"]


def test_ambiguous_name_lists_the_candidates(clickhouse, ansible):
    msg = info(ansible, CONFIG, {"service_name": "analytics-prod"}).failure()
    assert "2 services named 'analytics-prod'" in msg
    for region in ("us-east-1", "eu-west-1"):
        assert "%s (aws/%s)" % (service(clickhouse, "analytics-prod", region)["id"], region) in msg
    assert "region" in msg and "provider" in msg
    assert clickhouse.counts()["total"] == 1


def test_unknown_name_is_a_clear_error(clickhouse, ansible):
    msg = info(ansible, CONFIG, {"service_name": "analytics-prod", "provider": "gcp"}).failure()
    assert msg == "no service named 'analytics-prod' on gcp in organization %s" % clickhouse.org_id
    assert clickhouse.counts()["total"] == 1


def test_unknown_id_is_a_clear_error(clickhouse, ansible):
    missing = "00000000-0000-4000-8000-000000000000"
    result = info(ansible, CONFIG, {"service_id": missing})
    msg = result.failure()
    assert msg == "no service with id '%s' in organization %s" % (missing, clickhouse.org_id)
    assert result.steps[0]["api_error"]["status"] == 404


@pytest.mark.parametrize("args, expected", [
    ({"service_id": "not-a-uuid"}, "service_id must be a UUID"),
    ({}, "one of the following is required: service_id, service_name"),
    ({"service_id": "00000000-0000-4000-8000-000000000000", "service_name": "x"},
     "parameters are mutually exclusive: service_id|service_name"),
    ({"service_name": "x", "provider": "ibm"}, "value of provider must be one of: aws, gcp, azure"),
])
def test_invalid_options_fail_before_any_call(clickhouse, ansible, args, expected):
    msg = info(ansible, CONFIG, args).failure()
    assert expected in msg
    assert clickhouse.counts()["total"] == 0


# Both modules: check mode, credentials, errors, retries -------------------------------------


@pytest.mark.parametrize("args, expected", [
    ({"id": "analytics-prod"}, "id must be a UUID, got 'analytics-prod'"),
    ({"organization_id": "my-org"}, "organization_id must be a UUID, got 'my-org'"),
])
def test_ids_that_are_not_uuids_fail_before_any_call(clickhouse, ansible, args, expected):
    assert info(ansible, SERVICES, args).failure() == expected
    assert clickhouse.counts()["total"] == 0


def test_check_mode_reads_and_writes_nothing(clickhouse, ansible):
    result = ansible.run("clickhouse_info_check_mode.yml", check=True, diff=True)
    assert result.rc == 0, result
    assert result.changed is False
    assert result.tasks["Private endpoint config"]["service"]["provider"] == "gcp"
    assert result.tasks["Private endpoint config"]["endpoint_service_id"].startswith("projects/")
    assert clickhouse.counts() == {"GET": 2, "total": 2, "writes": 0}


def test_credentials_as_options(clickhouse, ansible):
    key_id, secret = clickhouse.developer_key
    result = info(ansible, SERVICES, {
        "organization_id": clickhouse.org_id, "api_key_id": key_id, "api_key_secret": secret, "name": "archive"},
        limit_env=["CLICKHOUSE_API_URL"])
    assert [s["state"] for s in result.step()["services"]] == ["stopped"]
    assert secret not in result.output


def test_legacy_credential_variables(clickhouse, ansible):
    key_id, secret = clickhouse.admin_key
    result = info(ansible, SERVICES, env={"CLICKHOUSE_CLOUD_API_KEY": None, "CLICKHOUSE_CLOUD_API_SECRET": None,
                                          "CLICKHOUSE_TOKEN_KEY": key_id, "CLICKHOUSE_TOKEN_SECRET": secret})
    assert len(result.step()["services"]) == len(clickhouse.services)


def test_missing_credentials_fail_before_any_call(clickhouse, ansible):
    result = info(ansible, SERVICES, limit_env=["CLICKHOUSE_API_URL", "CLICKHOUSE_ORG_ID"])
    assert "api_key_id" in result.failure()
    assert clickhouse.counts()["total"] == 0


@pytest.mark.parametrize("module, args", [
    (SERVICES, {}),
    (CONFIG, {"service_name": "reporting"}),
])
def test_wrong_secret_is_a_401_without_the_secret(clickhouse, ansible, module, args):
    wrong = "WrongSecretValue-0123456789abcdef"
    result = info(ansible, module, args, env={"CLICKHOUSE_CLOUD_API_SECRET": wrong})
    msg = result.failure()
    assert "HTTP 401 UNAUTHENTICATED" in msg and "Invalid API key credentials" in msg
    assert "/organizations/%s/services" % clickhouse.org_id in msg
    assert wrong not in result.output
    assert clickhouse.admin_key[1] not in result.output
    assert [r["status"] for r in clickhouse.requests] == [401]  # no retry of an auth failure


def test_retries_server_errors(clickhouse, ansible):
    clickhouse.faults.append(Fault(path="/privateEndpointConfig$", status=503, count=2))
    result = info(ansible, CONFIG, {"service_name": "warehouse"})
    assert result.step()["service"]["provider"] == "azure"
    assert [r["path"].rsplit("/", 1)[1] for r in clickhouse.requests] == ["services"] + ["privateEndpointConfig"] * 3
    assert [r.get("fault", False) for r in clickhouse.requests] == [False, True, True, False]


def test_retries_after_rate_limit(clickhouse, ansible):
    clickhouse.faults.append(Fault(status=429, count=1, headers={"X-RateLimit-Reset": "0", "Retry-After": "0"},
                                   body={"status": 429, "error": "TOO_MANY_REQUESTS: slow down"}))
    found = info(ansible, SERVICES, {"provider": "azure"}).step()
    assert [s["name"] for s in found["services"]] == ["warehouse"]
    assert clickhouse.counts() == {"GET": 2, "total": 2, "writes": 0}


def test_retries_a_dropped_connection(clickhouse, ansible):
    clickhouse.faults.append(Fault(method="GET", drop=True, count=1))
    wanted = service(clickhouse, "dev-sandbox")
    config = info(ansible, CONFIG, {"service_id": wanted["id"]}).step()
    assert config["service"] == {"id": wanted["id"], "provider": "aws", "region": "us-east-1"}
    assert clickhouse.counts()["total"] == 2


def test_gives_up_after_api_retries(clickhouse, ansible):
    clickhouse.faults.append(Fault(status=502, count=10))
    result = info(ansible, SERVICES, {"api_retries": 1})
    assert "HTTP 502" in result.failure()
    assert clickhouse.counts()["total"] == 2
