# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""VPC Endpoint modules read region, project, auth URL and credentials from clouds.yaml (OS_CLOUD,
OS_CLIENT_CONFIG_FILE), after their options and the environment variables."""

from __future__ import annotations

import yaml

from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import seed_service

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: List services
      privatelink.endpoints.vpcep_service_info: "{{ options | default({}) }}"
"""


def entry(vpcep, role="provider", cloud="huaweicloud", auth="aksk"):
    account = vpcep.account(role, cloud)
    settings = {"region_name": account["region"], "vpcep_endpoint_override": vpcep.url,
                "auth": {"auth_url": vpcep.url + "/v3", "project_id": account["project_id"]}}
    if cloud == "otc":
        settings["profile"] = "otc"
    if auth == "aksk":
        settings["auth"].update(ak=account["ak"], sk=account["sk"])
    else:
        settings["auth"].update(username=account["user"], password=account["password"],
                                user_domain_name=account["domain_name"])
    return settings


def listed(ansible, tmp_path, env, options=None):
    (tmp_path / "play.yml").write_text(PLAYBOOK)
    result = ansible.run(str(tmp_path / "play.yml"), extra_vars={"options": options} if options else None,
                         env=env, limit_env=[])
    return result, result.tasks.get("List services", {})


def names(task):
    return sorted(s["name"] for s in task.get("endpoint_services", []))


def test_awx_style_config_file_with_one_cloud(vpcep, ansible, tmp_path):
    seed_service(vpcep, "billing")
    seed_service(vpcep, "elsewhere", role="consumer")
    path = tmp_path / "awx" / "clouds.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump({"clouds": {"devstack": entry(vpcep, auth="password")}}))
    result, task = listed(ansible, tmp_path, {"OS_CLIENT_CONFIG_FILE": str(path)})
    assert result.rc == 0, result
    assert names(task) == ["billing"]  # the provider's project, signed in with its password
    assert vpcep.account("provider")["password"] not in result.output


def test_os_cloud_picks_an_entry_of_the_file_in_the_working_directory(vpcep, ansible, tmp_path):
    seed_service(vpcep, "mine", role="consumer", cloud="otc")
    (tmp_path / "clouds.yaml").write_text(yaml.safe_dump({"clouds": {
        "hwc": entry(vpcep), "otc-consumer": entry(vpcep, "consumer", "otc")}}))
    result, task = listed(ansible, tmp_path, {"OS_CLOUD": "otc-consumer"})
    assert result.rc == 0, result
    assert names(task) == ["mine"]


def test_secure_yaml_adds_the_secret(vpcep, ansible, tmp_path):
    seed_service(vpcep, "billing")
    settings = entry(vpcep)
    secret = settings["auth"].pop("sk")
    (tmp_path / "clouds.yaml").write_text(yaml.safe_dump({"clouds": {"hwc": settings}}))
    (tmp_path / "secure.yaml").write_text(yaml.safe_dump({"clouds": {"hwc": {"auth": {"sk": secret}}}}))
    result, task = listed(ansible, tmp_path, {"OS_CLOUD": "hwc"})
    assert result.rc == 0, result
    assert names(task) == ["billing"]


def test_environment_and_options_come_before_clouds_yaml(vpcep, ansible, tmp_path):
    seed_service(vpcep, "billing")
    seed_service(vpcep, "elsewhere", role="consumer")
    settings = entry(vpcep)
    settings["auth"]["sk"] = "not-the-secret"
    (tmp_path / "clouds.yaml").write_text(yaml.safe_dump({"clouds": {"hwc": settings}}))
    # The wrong secret alone fails: the file is read.
    result, task = listed(ansible, tmp_path, {"OS_CLOUD": "hwc"})
    assert result.rc != 0 and task.get("failed"), result
    # The environment's secret wins over the file's.
    result, task = listed(ansible, tmp_path, {"OS_CLOUD": "hwc", "HUAWEICLOUD_SDK_SK": vpcep.account("provider")["sk"]})
    assert result.rc == 0, result
    assert names(task) == ["billing"]
    # Options win over both: the consumer's project and keys, with the file's region and URLs.
    consumer = vpcep.account("consumer")
    result, task = listed(ansible, tmp_path, {"OS_CLOUD": "hwc", "HUAWEICLOUD_SDK_SK": "also-wrong"},
                          options={"project_id": consumer["project_id"], "access_key": consumer["ak"],
                                   "secret_key": consumer["sk"]})
    assert result.rc == 0, result
    assert names(task) == ["elsewhere"]


def test_os_cloud_naming_no_entry_fails_before_any_call(vpcep, ansible, tmp_path):
    (tmp_path / "clouds.yaml").write_text(yaml.safe_dump({"clouds": {"hwc": entry(vpcep)}}))
    before = len(vpcep.requests)
    result, task = listed(ansible, tmp_path, {"OS_CLOUD": "nope", "HUAWEICLOUD_SDK_PROJECT_ID": "x",
                                              "HUAWEICLOUD_SDK_AK": "a", "HUAWEICLOUD_SDK_SK": "b",
                                              "OS_REGION_NAME": "eu-west-101"})
    assert result.rc != 0
    assert "OS_CLOUD is nope" in task["msg"] and "hwc" in task["msg"], task
    assert len(vpcep.requests) == before
