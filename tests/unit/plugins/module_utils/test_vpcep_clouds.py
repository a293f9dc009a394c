# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which clouds.yaml entry is used and what each connection option reads from it."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.privatelink.endpoints.plugins.module_utils import vpcep_clouds


def write(path, clouds):
    path.write_text(yaml.safe_dump({"clouds": clouds}))
    return str(path)


def options(entry):
    return {name: read(entry) for name, read in vpcep_clouds.OPTIONS.items()}


def test_the_only_entry_is_used_without_os_cloud(tmp_path):
    path = write(tmp_path / "clouds.yaml", {"devstack": {"region_name": "eu-de", "auth": {"project_id": "p"}}})
    assert vpcep_clouds.load_entry({"OS_CLIENT_CONFIG_FILE": path})["region_name"] == "eu-de"


def test_several_entries_and_no_os_cloud_use_none(tmp_path):
    path = write(tmp_path / "clouds.yaml", {"a": {}, "b": {}})
    assert vpcep_clouds.load_entry({"OS_CLIENT_CONFIG_FILE": path}) == {}


def test_os_cloud_naming_no_entry_lists_the_entries(tmp_path):
    path = write(tmp_path / "clouds.yaml", {"a": {}, "b": {}})
    with pytest.raises(ValueError, match="OS_CLOUD is c, which .* does not define \\(it has a, b\\)"):
        vpcep_clouds.load_entry({"OS_CLIENT_CONFIG_FILE": path, "OS_CLOUD": "c"})


def test_os_cloud_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(vpcep_clouds, "SEARCH_DIRECTORIES", (str(tmp_path),))
    with pytest.raises(ValueError, match="no clouds.yaml was found"):
        vpcep_clouds.load_entry({"OS_CLOUD": "x"})


def test_secure_yaml_beside_the_file_adds_to_the_entry(tmp_path):
    path = write(tmp_path / "clouds.yaml", {"x": {"auth": {"ak": "AK", "project_id": "p"}}})
    write(tmp_path / "secure.yaml", {"x": {"auth": {"sk": "SK"}}})
    entry = vpcep_clouds.load_entry({"OS_CLIENT_CONFIG_FILE": path, "OS_CLOUD": "x"})
    assert entry["auth"] == {"ak": "AK", "sk": "SK", "project_id": "p"}


@pytest.mark.parametrize("entry, expected", [
    ({"profile": "otc", "region_name": "eu-de",
      "auth": {"auth_url": "https://iam.eu-de.otc.t-systems.com/v3", "project_id": "p", "ak": "A", "sk": "S"}},
     dict(cloud="otc", region="eu-de", project_id="p", iam_url="https://iam.eu-de.otc.t-systems.com/v3",
          endpoint_url=None, access_key="A", secret_key="S", security_token=None, auth_token=None,
          username=None, password=None, domain_name=None)),
    # AK/SK at the entry's top level, regions as a list, a password login, a token.
    ({"regions": [{"name": "ap-southeast-1"}], "ak": "A", "sk": "S", "vpcep_endpoint_override": "https://e",
      "auth": {"username": "u", "password": "pw", "user_domain_name": "d", "token": "T", "tenant_id": "t"}},
     dict(cloud=None, region="ap-southeast-1", project_id="t", iam_url=None, endpoint_url="https://e",
          access_key="A", secret_key="S", security_token=None, auth_token="T", username="u", password="pw",
          domain_name="d")),
    ({"regions": ["eu-west-101"], "profile": "huaweicloud"},
     dict(cloud="huaweicloud", region="eu-west-101", project_id=None, iam_url=None, endpoint_url=None,
          access_key=None, secret_key=None, security_token=None, auth_token=None, username=None,
          password=None, domain_name=None)),
])
def test_options_read_from_an_entry(entry, expected):
    assert options(entry) == expected


def test_environment_comes_before_the_entry(monkeypatch):
    monkeypatch.setitem(vpcep_clouds._CACHE, "entry", {"region_name": "from-file", "auth": {"project_id": "p"}})
    monkeypatch.delenv("OS_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("OS_REGION_NAME", "from-env")
    assert vpcep_clouds.clouds_fallback("region", "OS_REGION_NAME") == "from-env"
    monkeypatch.delenv("OS_REGION_NAME")
    assert vpcep_clouds.clouds_fallback("region", "OS_REGION_NAME") == "from-file"
    with pytest.raises(vpcep_clouds.AnsibleFallbackNotFound):
        vpcep_clouds.clouds_fallback("auth_token", "OS_AUTH_TOKEN")
