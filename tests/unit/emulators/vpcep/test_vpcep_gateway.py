# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the VPCEP emulator's API gateway does before a call reaches the service:
AK/SK signatures (checked with huaweicloudsdkcore's signer on the client side
too), the 15-minute date window, temporary credentials, IAM tokens, project
scoping, error shapes, throttling, injected faults and the request log."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException, ServerResponseException
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from huaweicloudsdkvpcep.v1 import ListEndpointServiceRequest, VpcepClient

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault, RateLimiter
from ansible_collections.privatelink.endpoints.tests.emulators.huawei_gateway import SignerKey


@pytest.fixture
def provider(emulator):
    return emulator.account("provider")


def signed(emulator, account, method, path, body=None, query=None, date=None, secret=None, extra=None):
    """Send a request signed by huaweicloudsdkcore's Signer; ``extra`` headers are added after signing."""
    raw = json.dumps(body).encode() if body is not None else b""
    headers = {"Content-Type": "application/json", "X-Project-Id": account["project_id"],
               "Host": "127.0.0.1:%d" % emulator.port}
    if date is not None:
        headers["X-Sdk-Date"] = date.strftime("%Y%m%dT%H%M%SZ")
    request = SdkRequest(method=method, schema="http", host=headers["Host"], resource_path=path,
                         query_params=sorted((query or {}).items()), header_params=headers, body=raw)
    Signer(SignerKey(account["ak"], secret or account["sk"])).sign(request)
    headers = dict(request.header_params, **(extra or {}))
    return requests.request(method, emulator.url + request.uri, headers=headers, data=raw, timeout=10)


def services_path(account):
    return "/v1/%s/vpc-endpoint-services" % account["project_id"]


def assert_gateway_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error_code"] == code and body["error_msg"]
    assert body["request_id"] == response.headers["X-Request-Id"]
    return body["error_msg"]


def test_signed_requests_pass_and_query_is_part_of_the_signature(emulator, provider):
    response = signed(emulator, provider, "GET", services_path(provider),
                      query={"endpoint_service_name": "with space é", "limit": "5"})
    assert response.status_code == 200 and response.json() == {"endpoint_services": [], "total_count": 0}
    unsigned_header = signed(emulator, provider, "GET", services_path(provider), extra={"X-Trace": "anything"})
    assert unsigned_header.status_code == 200  # headers outside SignedHeaders do not count


def test_wrong_secret_key_is_rejected_by_the_gateway(emulator, provider):
    message = assert_gateway_error(signed(emulator, provider, "GET", services_path(provider), secret="x" * 40),
                                   401, "APIGW.0301")
    assert "verify aksk signature fail" in message
    client = VpcepClient.new_builder().with_credentials(
        BasicCredentials(provider["ak"], "y" * 40, provider["project_id"])).with_endpoint(emulator.url).build()
    with pytest.raises(ClientRequestException) as caught:
        client.list_endpoint_service(ListEndpointServiceRequest())
    assert (caught.value.status_code, caught.value.error_code) == (401, "APIGW.0301")
    assert emulator.counts()["total"] == 2


def test_tampering_with_a_signed_header_or_the_body_is_rejected(emulator, provider):
    tampered = signed(emulator, provider, "GET", services_path(provider), extra={"X-Project-Id": "f" * 32})
    assert_gateway_error(tampered, 401, "APIGW.0301")
    body = {"vpc_id": provider["vpc_id"]}
    raw = signed(emulator, provider, "POST", services_path(provider), body=body)
    assert raw.status_code == 400  # signature fine, body invalid: the service answers
    headers = dict(raw.request.headers)
    replay = requests.post(raw.request.url, headers=headers, data=json.dumps({"vpc_id": "other"}), timeout=10)
    assert_gateway_error(replay, 401, "APIGW.0301")


@pytest.mark.parametrize("minutes, status", [(14, 200), (16, 401), (-16, 401)])
def test_sdk_date_window_is_fifteen_minutes(emulator, provider, minutes, status):
    date = datetime.now(timezone.utc) - timedelta(minutes=minutes)
    response = signed(emulator, provider, "GET", services_path(provider), date=date)
    assert response.status_code == status, response.text
    if status == 401:
        assert "15 minutes" in assert_gateway_error(response, 401, "APIGW.0301")


def test_temporary_credentials_need_their_security_token(emulator, provider):
    temporary = dict(provider, ak=provider["temp_ak"], sk=provider["temp_sk"])
    credentials = BasicCredentials(temporary["ak"], temporary["sk"], provider["project_id"]) \
        .with_security_token(provider["security_token"])
    client = VpcepClient.new_builder().with_credentials(credentials).with_endpoint(emulator.url).build()
    assert client.list_endpoint_service(ListEndpointServiceRequest()).total_count == 0
    message = assert_gateway_error(signed(emulator, temporary, "GET", services_path(provider)), 401, "APIGW.0301")
    assert "security token" in message


def test_other_accounts_projects_are_forbidden(emulator, provider):
    consumer = emulator.account("consumer")
    response = signed(emulator, provider, "GET", services_path(consumer),
                      extra={"X-Project-Id": consumer["project_id"]})
    assert_gateway_error(response, 401, "APIGW.0301")  # X-Project-Id was signed with another value
    stranger = dict(provider, project_id=consumer["project_id"])
    response = signed(emulator, stranger, "GET", services_path(consumer))
    assert response.status_code == 403 and response.json()["error"]["code"] == "EndPoint.0004"


def token_request(emulator, account, password=None, project_id=None):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": account["user"], "password": password or account["password"],
        "domain": {"name": account["domain_name"]}}}},
        "scope": {"project": {"id": project_id or account["project_id"]}}}}
    return requests.post(emulator.url + "/v3/auth/tokens", json=body, timeout=10)


def test_password_auth_gives_a_project_scoped_token(emulator, provider):
    answer = token_request(emulator, provider)
    assert answer.status_code == 201
    token = answer.headers["X-Subject-Token"]
    assert answer.json()["token"]["project"]["id"] == provider["project_id"]
    assert token not in answer.text
    listed = requests.get(emulator.url + services_path(provider), headers={"X-Auth-Token": token}, timeout=10)
    assert listed.status_code == 200 and listed.json()["total_count"] == 0

    consumer = emulator.account("consumer")
    other = requests.get(emulator.url + services_path(consumer), headers={"X-Auth-Token": token}, timeout=10)
    assert other.status_code == 403
    bogus = requests.get(emulator.url + services_path(provider), headers={"X-Auth-Token": "MIIT-nope"}, timeout=10)
    assert "decrypt token fail" in assert_gateway_error(bogus, 401, "APIGW.0301")
    missing = requests.get(emulator.url + services_path(provider), timeout=10)
    assert "x-auth-token not found" in assert_gateway_error(missing, 401, "APIGW.0301")


def test_wrong_password_or_foreign_scope_is_refused_in_keystone_form(emulator, provider):
    wrong = token_request(emulator, provider, password="not-it")
    assert wrong.status_code == 401 and "X-Subject-Token" not in wrong.headers
    assert wrong.json()["error"]["title"] == "Unauthorized"
    foreign = token_request(emulator, provider, project_id=emulator.account("consumer")["project_id"])
    assert foreign.status_code == 401


def test_expired_token(emulator, provider):
    emulator.configure(token_ttl=-1)
    token = token_request(emulator, provider).headers["X-Subject-Token"]
    response = requests.get(emulator.url + services_path(provider), headers={"X-Auth-Token": token}, timeout=10)
    assert "token expires" in assert_gateway_error(response, 401, "APIGW.0301")


def test_iam_project_lookup_by_region(emulator, provider):
    response = signed(emulator, provider, "GET", "/v3/projects", query={"name": provider["region"]})
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["projects"]] == [provider["project_id"]]


def test_error_shapes_per_cloud_and_call(emulator, provider):
    otc = emulator.account("provider", "otc")
    huawei_service = signed(emulator, provider, "POST", services_path(provider), body={})
    assert huawei_service.status_code == 400 and set(huawei_service.json()) == {"error"}
    assert huawei_service.json()["error"]["code"] == "EndPoint.2011"
    otc_service = signed(emulator, otc, "POST", services_path(otc), body={})
    assert otc_service.json() == {"error_code": "EndPoint.2011", "error_msg": "The input parameter vpc_id is empty."}
    endpoint = signed(emulator, provider, "POST", "/v1/%s/vpc-endpoints" % provider["project_id"], body={})
    assert set(endpoint.json()) == {"error_code", "error_msg"}
    unknown = signed(emulator, provider, "GET", "/v1/%s/nothing-here" % provider["project_id"])
    assert_gateway_error(unknown, 404, "APIGW.0101")
    wrong_method = signed(emulator, provider, "PATCH", services_path(provider), body={})
    assert_gateway_error(wrong_method, 404, "APIGW.0101")
    not_json = requests.post(emulator.url + "/v3/auth/tokens", data="{", timeout=10)
    assert not_json.status_code == 400 and not_json.json()["error"]["title"] == "Bad Request"


def test_throttling_as_gateway_or_service(emulator, provider):
    emulator.rate_limiter = RateLimiter(limit=2, window=60, enabled=True)
    statuses = [signed(emulator, provider, "GET", services_path(provider)) for _attempt in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert_gateway_error(statuses[2], 429, "APIGW.0308")
    assert int(statuses[2].headers["Retry-After"]) >= 1
    emulator.configure(rate_limit_style="service")
    response = signed(emulator, provider, "GET", services_path(provider))
    assert response.status_code == 400 and response.json()["error_code"] == "EndPoint.0022"
    assert "Retry-After" not in response.headers


def test_injected_faults_and_request_log(emulator, provider):
    emulator.faults.append(Fault(path="/vpc-endpoint-services$", method="GET", status=503))
    client = VpcepClient.new_builder().with_credentials(
        BasicCredentials(provider["ak"], provider["sk"], provider["project_id"])).with_endpoint(emulator.url).build()
    with pytest.raises(ServerResponseException) as caught:
        client.list_endpoint_service(ListEndpointServiceRequest())
    assert (caught.value.status_code, caught.value.error_code) == (503, "EndPoint.0001")
    assert client.list_endpoint_service(ListEndpointServiceRequest()).total_count == 0
    assert [(e["method"], e.get("fault", False)) for e in emulator.requests] == [("GET", True), ("GET", False)]
    assert emulator.counts() == {"GET": 2, "total": 2, "writes": 0}


def test_unknown_setting_is_refused_through_the_control_endpoint(emulator):
    response = requests.post(emulator.url + "/_emulator/settings", json={"no_such": 1}, timeout=10)
    assert response.status_code == 400
    response = requests.post(emulator.url + "/_emulator/settings", json={"service_delay": 2}, timeout=10)
    assert response.status_code == 204 and emulator.service_delay == 2
    assert requests.get(emulator.url + "/_emulator/state", timeout=10).json()["settings"]["service_delay"] == 2
