# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The AWX / AAP credential types of extensions/awx/credential_types/, applied as AWX applies them,
give the roles what they need: each type's injectors are rendered into an ansible-runner private
data directory (files under env/, environment variables, an extra vars file passed with -e @file;
Jinja in a sandbox, over the inputs a user filled in) and the role playbook runs through
ansible-runner against the local clouds. No secret may reach the job events or the output."""

from __future__ import annotations

import json
import os
import sys
import tempfile

import ansible_runner
import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.privatelink.endpoints.tests.integration import local_roles
from ansible_collections.privatelink.endpoints.tests.integration.conftest import EMULATOR_ENV

TYPES = local_roles.REPO / "extensions" / "awx" / "credential_types"


class Namespace:
    """What ``{{ tower.filename }}`` (and ``awx.filename``) reads in an injector."""

    filename = None


def inject(credential_type, inputs, private_data_dir):
    """Apply a credential type's injectors to ``inputs``: (environment, extra vars file or None)."""
    sandbox = ImmutableSandboxedEnvironment()
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    assert set(inputs) <= set(fields), "inputs the type does not define: %s" % (set(inputs) - set(fields))
    missing = [name for name in credential_type["inputs"].get("required", []) if not inputs.get(name)]
    assert not missing, "required inputs missing: %s" % missing
    namespace = {name: value for name, value in inputs.items() if value not in (None, "")}
    tower = Namespace()
    namespace["tower"] = namespace["awx"] = tower
    env_dir = private_data_dir / "env"
    env_dir.mkdir(parents=True, exist_ok=True)
    injectors = credential_type.get("injectors", {})
    for template in injectors.get("file", {}).values():
        handle, path = tempfile.mkstemp(dir=str(env_dir))
        with os.fdopen(handle, "w") as out:
            out.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, 0o600)
        tower.filename = path
    env = {name: sandbox.from_string(template).render(**namespace) for name, template in injectors.get("env", {}).items()}

    def render(node):
        if isinstance(node, dict):
            return {render(key): render(value) for key, value in node.items()}
        if isinstance(node, list):
            return [render(item) for item in node]
        return sandbox.from_string(node).render(**namespace)

    extra_vars = render(injectors.get("extra_vars", {}))
    extra_vars_file = None
    if extra_vars:
        handle, extra_vars_file = tempfile.mkstemp(dir=str(env_dir))
        with os.fdopen(handle, "w") as out:
            yaml.safe_dump(extra_vars, out)
    return env, extra_vars_file


def load_type(name):
    return yaml.safe_load((TYPES / name).read_text())


@pytest.fixture(autouse=True)
def no_developer_credentials(monkeypatch):
    """ansible-runner passes the test process's environment on: none of a developer's cloud variables."""
    prefixes = tuple(p for group in EMULATOR_ENV.values() for p in group)
    for name in list(os.environ):
        if name.startswith(prefixes):
            monkeypatch.delenv(name)


def run_job(tmp_path, ansible, role, variables, injected):
    """Run the role's playbook as an AWX job would: ansible-runner, the injected credentials."""
    private_data_dir = tmp_path / "job"
    env, extra_vars_files = {}, []
    for credential_type, inputs in injected:
        type_env, extra_vars_file = inject(credential_type, inputs, private_data_dir)
        env.update(type_env)
        if extra_vars_file:
            extra_vars_files.append(extra_vars_file)
    project = private_data_dir / "project"
    project.mkdir(parents=True)
    (project / "site.yml").write_text(local_roles.playbook(role, variables))
    base = ansible.base_env()
    envvars = {name: base[name] for name in ("PATH", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_LOCAL_TEMP")}
    envvars.update(env, ANSIBLE_NOCOLOR="1", ANSIBLE_DEPRECATION_WARNINGS="0", ANSIBLE_LOCALHOST_WARNING="0")
    runner = ansible_runner.run(
        private_data_dir=str(private_data_dir), playbook="site.yml", quiet=True, envvars=envvars,
        inventory="localhost ansible_connection=local ansible_python_interpreter=%s" % sys.executable,
        cmdline=" ".join("-e @%s" % path for path in extra_vars_files) or None)
    events = [json.dumps(event) for event in runner.events]
    stdout = runner.stdout.read()
    assert runner.status == "successful" and runner.rc == 0, stdout[-4000:]
    return events, stdout


def assert_no_secret(secrets, events, stdout):
    for secret in secrets:
        assert secret not in stdout
        assert not [event for event in events if secret in event]


def test_clickhouse_cloud_api_key(tmp_path, ansible, clouds):
    ch = local_roles.options(clouds, "clickhouse")
    inputs = {"organization_id": ch["organization_id"], "api_key_id": ch["api_key_id"],
              "api_key_secret": ch["api_key_secret"], "api_url": ch["api_url"]}
    # AWS as AWX's own Amazon Web Services credential injects it (and moto's URL).
    aws = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_URL"}
    aws_type = {"inputs": {"fields": [{"id": "url"}]}, "injectors": {"env": {
        name: clouds["env"][name] for name in aws}}}
    role = "clickhouse_aws_privatelink"
    events, stdout = run_job(tmp_path, ansible, role, local_roles.role_vars(role, clouds),
                             [(load_type("clickhouse_cloud.yml"), inputs), (aws_type, {})])
    local_roles.assert_built(role, clouds)
    assert_no_secret([ch["api_key_secret"]], events, stdout)


def test_huaweicloud_access_key(tmp_path, ansible, clouds):
    provider = clouds["world"]["vpcep"]["provider"]
    endpoints = local_roles.vpcep_endpoints(clouds)
    inputs = {"cloud": "huaweicloud", "region": provider["region"], "project_id": provider["project_id"],
              "access_key": provider["ak"], "secret_key": provider["sk"], **endpoints}
    events, stdout = run_job(tmp_path, ansible, "vpcep_private_link", local_roles.same_project_vars(clouds),
                             [(load_type("huaweicloud_access_key.yml"), inputs)])
    local_roles.assert_built("vpcep_private_link", clouds)
    assert_no_secret([provider["sk"]], events, stdout)


def test_vpcep_private_link_two_projects(tmp_path, ansible, clouds):
    accounts = clouds["world"]["vpcep"]
    inputs = dict(cloud="huaweicloud", **local_roles.vpcep_endpoints(clouds))
    for side in ("provider", "consumer"):
        inputs.update({side + "_region": accounts[side]["region"], side + "_project_id": accounts[side]["project_id"],
                       side + "_access_key": accounts[side]["ak"], side + "_secret_key": accounts[side]["sk"]})
    events, stdout = run_job(tmp_path, ansible, "vpcep_private_link", local_roles.role_vars("vpcep_private_link", clouds),
                             [(load_type("vpcep_private_link.yml"), inputs)])
    local_roles.assert_built("vpcep_private_link", clouds)
    assert_no_secret([accounts["provider"]["sk"], accounts["consumer"]["sk"]], events, stdout)
