# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""VPCEP options, validation, normal forms, paging, set-diffs and request authentication."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import requests

from ansible_collections.privatelink.endpoints.plugins.module_utils import huawei_signer, vpcep


def params(**given):
    values = {name: spec.get("default") for name, spec in vpcep.vpcep_argument_spec().items()}
    values.update(region="eu-de", project_id="p1", access_key="AK", secret_key="SK")
    values.update(given)
    return values


def module(**given):
    return SimpleNamespace(params=params(**given))


class RecordingClient(vpcep.VpcepClient):
    """A VpcepClient whose request() answers from a script and records the calls."""

    def __init__(self, answers=None, **given):
        super().__init__(module(**given))
        self.answers = answers or (lambda method, path, params, body: None)
        self.calls = []

    def request(self, method, path, params=None, json_body=None, ok=(200, 201, 202, 204), retry=None):
        self.calls.append((method, path, params, json_body))
        return self.answers(method, path, params, json_body)


# Authentication and connection options ------------------------------------------------------

@pytest.mark.parametrize("given, method", [
    (dict(), "aksk"),
    (dict(auth_token="t"), "aksk"),  # AK/SK wins over a token from the environment
    (dict(access_key=None, secret_key=None, auth_token="t", username="u"), "token"),
    (dict(access_key=None, secret_key=None, username="u", password="pw", domain_name="d"), "password"),
])
def test_auth_method(given, method):
    assert vpcep.auth_method(params(**given)) == method


@pytest.mark.parametrize("given, message", [
    (dict(secret_key=None), "AK/SK authentication needs secret_key"),
    (dict(access_key=None), "AK/SK authentication needs access_key"),
    (dict(access_key=None, secret_key=None, username="u"), "needs password, domain_name"),
    (dict(access_key=None, secret_key=None), "no credentials"),
])
def test_incomplete_credentials_name_what_is_missing(given, message):
    with pytest.raises(ValueError, match=message):
        vpcep.auth_method(params(**given))


def test_no_credentials_names_the_environment_variables_that_give_them():
    with pytest.raises(ValueError) as error:
        vpcep.auth_method(params(access_key=None, secret_key=None))
    for name in ("HUAWEICLOUD_SDK_AK", "OS_ACCESS_KEY", "HUAWEICLOUD_SDK_SK", "OS_AUTH_TOKEN", "OS_USERNAME",
                 "OS_PASSWORD", "OS_USER_DOMAIN_NAME", "OS_CLOUD"):
        assert name in str(error.value)


def test_region_needed_without_urls():
    assert vpcep.connection_errors(params(region=None)) == ["region is required unless endpoint_url is given"]
    assert vpcep.connection_errors(params(region=None, endpoint_url="http://127.0.0.1:1")) == []
    password = dict(region=None, endpoint_url="http://x", access_key=None, secret_key=None,
                    username="u", password="pw", domain_name="d")
    assert "iam_url" in vpcep.connection_errors(params(**password))[0]
    assert vpcep.connection_errors(params(iam_url="http://x/v3", **password)) == []


@pytest.mark.parametrize("cloud, region, api, iam", [
    ("huaweicloud", "ap-southeast-1", "https://vpcep.ap-southeast-1.myhuaweicloud.com",
     "https://iam.ap-southeast-1.myhuaweicloud.com/v3"),
    ("huaweicloud", "eu-west-101", "https://vpcep.eu-west-101.myhuaweicloud.eu",
     "https://iam.eu-west-101.myhuaweicloud.eu/v3"),
    ("otc", "eu-de", "https://vpcep.eu-de.otc.t-systems.com", "https://iam.eu-de.otc.t-systems.com/v3"),
])
def test_hosts_per_cloud(cloud, region, api, iam):
    assert vpcep.api_hosts(cloud, region) == (api, iam)


def test_secrets_are_no_log():
    spec = vpcep.vpcep_argument_spec()
    assert {name for name, option in spec.items() if option.get("no_log")} == {
        "secret_key", "security_token", "auth_token", "password"}


# Validation -------------------------------------------------------------------------------

def errors(**given):
    base = dict(name=None, server_type=None, tcp_proxy=None, ports=None, description=None, tags=None,
                permissions=None, port_ip=None, whitelist=None, wait_timeout=600)
    base.update(given)
    return vpcep.option_errors(module(**base).params)


def ports(*pairs):
    return [dict(client_port=c, server_port=s, protocol="TCP") for c, s in pairs]


def test_valid_options_pass():
    assert errors(name="orders_api-1", server_type="LB", tcp_proxy="proxy_open", ports=ports((443, 8443), (80, 8080)),
                  description="ok", tags={"team": "data", "n": 1}, permissions=["*", "0f" * 16],
                  port_ip="10.0.0.5", whitelist=["10.0.0.0/24", "192.168.1.1"]) == []


@pytest.mark.parametrize("given, message", [
    (dict(name="a" * 17), "name must be 1 to 16"),
    (dict(name="bad.name"), "name must be 1 to 16"),
    (dict(server_type="BMS"), "server_type BMS is not available on huaweicloud"),
    (dict(tcp_proxy="proxy_vni"), "tcp_proxy proxy_vni is not available on huaweicloud"),
    (dict(ports=[]), "ports must hold at least one"),
    (dict(ports=ports((0, 80))), r"ports\[0\].client_port must be between 1 and 65535, got 0"),
    (dict(ports=ports((80, 65536))), r"ports\[0\].server_port must be between 1 and 65535"),
    (dict(ports=ports(*[(p, p) for p in range(1, 202)])), "at most 200 port mappings, got 201"),
    (dict(ports=ports((80, 81), (80, 82))), "client_port 80/TCP used by more than one"),
    (dict(ports=ports((80, 81), (90, 81))), "server_port 81/TCP used by more than one"),
    (dict(description="<b>"), "description must not contain < or >"),
    (dict(tags={"a*b": "x"}), "tag key 'a\\*b' may only hold letters, digits, spaces and _ . : = \\+ - @"),
    (dict(tags={"a/b": "x"}), "tag key 'a/b' may only hold"),
    (dict(tags={"k": "a|b"}), "tag value 'a|b' may only hold"),
    (dict(tags={"k": "v" * 256}), "tag value .* is longer than 255 characters on huaweicloud"),
    (dict(tags={"k" * 129: "v"}), "is longer than 128 characters on huaweicloud"),
    (dict(tags={"": "v"}), "tag key '' must not be empty"),
    (dict(tags={" k": "v"}), "must not start or end with a space"),
    (dict(tags={"_sys_x": "v"}), "must not start with _sys_"),
    (dict(tags={"k%d" % i: "v" for i in range(21)}), "at most 20 tags on huaweicloud, got 21"),
    (dict(permissions=["foo:bar"]), "'foo:bar' is neither a domain ID"),
    (dict(port_ip="10.0.0.300"), "port_ip: '10.0.0.300' is not an IPv4 address"),
    (dict(port_ip="::1"), "port_ip: '::1' is not an IPv4 address"),
    (dict(whitelist=["10.0.0.0/33"]), "whitelist: '10.0.0.0/33' is not an IPv4 address or CIDR block"),
    (dict(wait_timeout=-1), "wait_timeout must not be negative"),
])
def test_each_rule_names_the_option(given, message):
    found = errors(**given)
    assert len(found) == 1, found
    assert re.search(message, found[0]), found


def test_huawei_tags_follow_the_current_sdk_models():
    tags = {"k" * 128: "v" * 255, "app_v1.2:x=y+z-@": "a/b:c=d+e-f@g.h", "with space": "", "ключ": "值"}
    tags.update(("t%d" % i, "v") for i in range(16))
    assert len(tags) == 20 and errors(tags=tags) == []


def test_otc_rules_differ():
    assert errors(cloud="otc", server_type="BMS", tcp_proxy="proxy_vni",
                  tags={"k%d" % i: "v" for i in range(20)}, description="d" * 128) == []
    assert errors(cloud="otc", tags={"k.x": "v"}) == [
        "tags: tag key 'k.x' may only hold letters, digits, -, _ and @ on otc"]
    assert errors(cloud="otc", tags={"k": "a/b"}) == [
        "tags: tag value 'a/b' may only hold letters, digits, -, _ and @ on otc"]
    assert errors(cloud="otc", tags={"k" * 37: "v" * 44}) == [
        "tags: tag key %r is longer than 36 characters on otc" % ("k" * 37),
        "tags: tag value %r is longer than 43 characters on otc" % ("v" * 44)]
    assert errors(cloud="otc", tags={"k%d" % i: "v" for i in range(21)}) == ["tags: at most 20 tags on otc, got 21"]
    assert errors(cloud="otc", description="d" * 129) == ["description: at most 128 characters on otc, got 129"]
    assert errors(description="d" * 129) == []
    assert errors(cloud="otc", permissions=["organizations:orgPath::o-1/r-2"]) == [
        "permissions: organization paths (organizations:orgPath::o-1/r-2) are only available on huaweicloud"]
    assert errors(permissions=["organizations:orgPath::o-1/r-2"]) == []


def test_all_errors_reported_at_once():
    assert len(errors(name="x" * 20, description=">", tags={"a|b": ""})) == 3


# Normal forms -------------------------------------------------------------------------------

def test_short_name():
    assert vpcep.short_name({"id": "i1", "service_name": "eu-de.orders.i1"}) == "orders"
    assert vpcep.short_name({"id": "i1", "service_name": "eu-de.i1"}) == ""
    assert vpcep.short_name({"id": "i1"}) == ""


def test_tags_and_permissions_merge():
    assert vpcep.tag_dict([{"key": "a", "value": None}, {"key": "b", "value": "2"}]) == {"a": "", "b": "2"}
    assert vpcep.tag_dict({"n": 1, "t": True}) == {"n": "1", "t": "true"}
    assert vpcep.merged_tags({"a": "1"}, None, True) == {"a": "1"}
    assert vpcep.merged_tags({"a": "1"}, {"b": 2}, True) == {"b": "2"}
    assert vpcep.merged_tags({"a": "1"}, {"b": 2}, False) == {"a": "1", "b": "2"}
    assert vpcep.merged_list(["x"], ["y"], False) == ["x", "y"]
    assert vpcep.merged_list(["x"], ["y"], True) == ["y"]
    assert vpcep.normal_permission("*") == "*"
    assert vpcep.normal_permission("ab12") == "iam:domain::ab12"
    assert vpcep.normal_permission("organizations:orgPath::o/r") == "organizations:orgPath::o/r"


def test_ports_sorted_with_default_protocol():
    given = [{"client_port": 90, "server_port": 1}, {"client_port": 80, "server_port": 2, "protocol": "tcp"}]
    assert vpcep.normal_ports(given) == [{"client_port": 80, "server_port": 2, "protocol": "TCP"},
                                         {"client_port": 90, "server_port": 1, "protocol": "TCP"}]


def test_failure_text_reads_both_shapes():
    assert vpcep.failure_text({"error": [{"error_code": "E1", "error_message": "m1"},
                                         {"code": "E2", "message": "m2"}]}) == "E1: m1; E2: m2"
    assert vpcep.failure_text({}) == "no reason given"


# Client: paging, lookups, set-diffs ------------------------------------------------------------

def paged(items, key, total=True):
    def answer(method, path, params, body):
        start, size = params.get("offset", 0), params["limit"]
        page = {key: items[start:start + size]}
        if total:
            page["total_count"] = len(items)
        return page
    return answer


@pytest.mark.parametrize("total", [True, False])
def test_list_all_follows_every_page(total):
    items = [{"id": str(i)} for i in range(2345)]
    client = RecordingClient(paged(items, "endpoints", total))
    assert client.list_all("endpoints", "vpc-endpoints", vpc_id="v", other=None) == items
    # offset must be greater than 0 (EndPoint.0010): the first page is asked for without one.
    assert [c[2].get("offset") for c in client.calls] == [None, 1000, 2000]
    assert client.calls[0][1] == "/v1/p1/vpc-endpoints"
    assert client.calls[0][2] == {"vpc_id": "v", "limit": 1000}


def test_list_all_stops_on_empty_page():
    client = RecordingClient(lambda *a: {"connections": [], "total_count": 5})
    assert client.list_all("connections", "x") == []
    assert len(client.calls) == 1


def test_find_service_matches_the_name_exactly():
    services = [{"id": "1", "service_name": "eu-de.web.1", "status": "available"},
                {"id": "2", "service_name": "eu-de.web2.2", "status": "available"},
                {"id": "3", "service_name": "eu-de.myweb.3", "status": "available"},
                {"id": "4", "service_name": "eu-de.web.4", "status": "deleting"}]
    client = RecordingClient(paged(services, "endpoint_services"))
    assert client.find_service(name="web")["id"] == "1"
    assert client.calls[0][2]["endpoint_service_name"] == "web"
    assert client.find_service(name="we") is None
    services.append({"id": "5", "service_name": "eu-de.web.5", "status": "available"})
    with pytest.raises(LookupError, match="2 endpoint services are named 'web': 1, 5"):
        client.find_service(name="web")


def test_service_id_for_full_and_short_names():
    def answer(method, path, params, body):
        if path.endswith("/describe"):
            return {"id": "other-tenant"} if params["endpoint_service_name"] == "eu-de.x.9" else None
        return {"endpoint_services": [{"id": "7", "service_name": "eu-de.own.7"}], "total_count": 1}
    client = RecordingClient(answer)
    assert client.service_id_for("given", None) == "given"
    assert client.calls == []
    assert client.service_id_for(None, "eu-de.x.9") == "other-tenant"
    assert client.service_id_for(None, "own") == "7"


def test_get_returns_none_when_the_object_does_not_exist():
    def answer(method, path, params, body):
        if path.endswith("gone"):
            raise vpcep.ApiError(method, path, status=404)
        if path.endswith("no-service"):  # "The endpoint service does not exist." is HTTP 400
            raise vpcep.ApiError(method, path, status=400, code="EndPoint.2003")
        raise vpcep.ApiError(method, path, status=400 if path.endswith("invalid") else 500, code="EndPoint.0002")
    client = RecordingClient(answer)
    assert client.get("vpc-endpoints", "gone") is None
    assert client.get("vpc-endpoint-services", "no-service") is None
    for broken in ("broken", "invalid"):
        with pytest.raises(vpcep.ApiError):
            client.get("vpc-endpoints", broken)


def test_set_tags_sends_only_the_differences():
    client = RecordingClient()
    client.set_tags("endpoint", "e1", {"keep": "1", "change": "old", "drop": "x"},
                    {"keep": "1", "change": "new", "add": "y"})
    assert client.calls == [
        ("POST", "/v1/p1/endpoint/e1/tags/action", None,
         {"action": "delete", "tags": [{"key": "change", "value": "old"}, {"key": "drop", "value": "x"}]}),
        ("POST", "/v1/p1/endpoint/e1/tags/action", None,
         {"action": "create", "tags": [{"key": "add", "value": "y"}, {"key": "change", "value": "new"}]}),
    ]
    client.calls = []
    client.set_tags("endpoint", "e1", {"a": "1"}, {"a": "1"})
    assert client.calls == []


def test_set_permissions_groups_by_type_on_huawei_only():
    org = "organizations:orgPath::o-1/r-1"
    client = RecordingClient()
    client.set_permissions("s1", ["iam:domain::old", "*"], ["*", "iam:domain::new", org])
    assert [c[3] for c in client.calls] == [
        {"permissions": ["iam:domain::old"], "action": "remove", "permission_type": "domainId"},
        {"permissions": ["iam:domain::new"], "action": "add", "permission_type": "domainId"},
        {"permissions": [org], "action": "add", "permission_type": "orgPath"},
    ]
    otc = RecordingClient(cloud="otc")
    otc.set_permissions("s1", [], ["iam:domain::new"])
    assert otc.calls[0][3] == {"permissions": ["iam:domain::new"], "action": "add"}


def test_query_values_as_the_api_reads_them():
    assert vpcep.query({"a": True, "b": None, "c": 3}) == {"a": "true", "c": 3}


# Client: authentication of each request ---------------------------------------------------------

def prepared(client, method="GET", path="/v1/p1/vpc-endpoints", params=None, body=None):
    request = requests.Request(method, client.url(path), params=params, data=body,
                               headers={"Content-Type": "application/json"} if body else {})
    return client.sign(client.session.prepare_request(request))


def test_aksk_requests_are_signed_as_sent():
    client = vpcep.VpcepClient(module(security_token="ST", endpoint_url="http://127.0.0.1:8080"))
    request = prepared(client, "POST", params={"name": "a b", "limit": 10}, body='{"x":1}')
    assert request.url == "http://127.0.0.1:8080/v1/p1/vpc-endpoints?limit=10&name=a%20b"
    assert request.headers["Host"] == "127.0.0.1:8080"
    assert request.headers["X-Project-Id"] == "p1"
    assert request.headers["X-Security-Token"] == "ST"
    assert "X-Auth-Token" not in request.headers
    auth = request.headers["Authorization"]
    assert auth.startswith("SDK-HMAC-SHA256 Access=AK, SignedHeaders="
                           "content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=")
    again = huawei_signer.sign("AK", "SK", "POST", request.url, {
        name: request.headers[name] for name in ("Content-Type", "Host", "X-Project-Id", "X-Sdk-Date",
                                                 "X-Security-Token")}, request.body)
    assert again["Authorization"] == auth


def test_token_is_sent_as_is():
    client = vpcep.VpcepClient(module(access_key=None, secret_key=None, auth_token="TOKEN"))
    request = prepared(client)
    assert request.headers["X-Auth-Token"] == "TOKEN"
    assert "Authorization" not in request.headers


def test_password_auth_asks_iam_once(monkeypatch):
    asked = []

    def project_token(self, username, password, domain_name, project_id):
        asked.append((self.base_url, username, password, domain_name, project_id))
        return "FRESH"
    monkeypatch.setattr(vpcep.IamClient, "project_token", project_token)
    client = vpcep.VpcepClient(module(access_key=None, secret_key=None, username="u", password="pw",
                                      domain_name="d", cloud="otc"))
    for dummy in range(3):
        assert prepared(client).headers["X-Auth-Token"] == "FRESH"
    assert asked == [("https://iam.eu-de.otc.t-systems.com/v3", "u", "pw", "d", "p1")]
