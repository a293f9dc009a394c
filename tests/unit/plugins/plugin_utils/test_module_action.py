# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""ModuleAction: when a module runs inside the task's worker, and what the worker makes of how it ends.

tests/integration/test_module_action.py runs real modules both ways and compares; these cover the
cases a playbook on one machine cannot reach (become, async, delegation, a module that crashes).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from types import SimpleNamespace

import pytest

from ansible.module_utils import basic
from ansible_collections.privatelink.endpoints.plugins.plugin_utils import module_action
from ansible_collections.privatelink.endpoints.plugins.plugin_utils.module_action import ModuleAction, real_path

MODULE = "privatelink.endpoints.clickhouse_service_info"


class Templar:
    def template(self, value):
        return value


def action(transport="local", become=False, async_val=0, delegate_to=None, environment=None):
    """A ModuleAction with just what in_process() and execute() read."""
    made = ModuleAction.__new__(ModuleAction)
    made._connection = SimpleNamespace(transport=transport, has_native_async=False)
    made._play_context = SimpleNamespace(become=become)
    made._task = SimpleNamespace(async_val=async_val, delegate_to=delegate_to, resolved_action=MODULE)
    made._templar = Templar()
    made._used_interpreter = None
    made._update_module_args = lambda name, args, task_vars: args.update(_ansible_check_mode=False)
    made._compute_environment_string = lambda out: out.update(environment or {})
    made._execute_module = lambda **kwargs: {"ran": "the usual way"}
    return made


CONTROLLER = {"ansible_python_interpreter": sys.executable}


@pytest.mark.parametrize("settings, task_vars, expected", [
    ({}, CONTROLLER, True),
    ({"transport": "ssh"}, CONTROLLER, False),
    ({"become": True}, CONTROLLER, False),
    ({"async_val": 30}, CONTROLLER, False),
    ({}, {}, False),  # no interpreter set: ansible-core would discover one
    ({}, {"ansible_python_interpreter": "/usr/bin/python3"}, real_path("/usr/bin/python3") == real_path(sys.executable)),
    ({}, {"ansible_python_interpreter": "python3"}, False),  # found on the PATH: not provably this one
    ({}, dict(CONTROLLER, privatelink_endpoints_in_process=False), False),
    ({}, dict(CONTROLLER, privatelink_endpoints_in_process="no"), False),
    ({"delegate_to": "db"}, dict(CONTROLLER, ansible_delegated_vars={"db": CONTROLLER}), True),
    ({"delegate_to": "db"}, dict(CONTROLLER, ansible_delegated_vars={"db": {}}), False),
])
def test_a_module_runs_in_the_worker_only_where_it_would_run_on_this_python(settings, task_vars, expected):
    assert action(**settings).in_process(task_vars) is expected


def test_a_virtual_environments_python_is_not_the_python_it_links_to(tmp_path):
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").symlink_to(sys.executable)
    (tmp_path / "link").symlink_to(tmp_path / "venv")
    assert real_path(str(tmp_path / "link" / "bin" / "python")) == real_path(str(tmp_path / "venv" / "bin" / "python"))
    assert real_path(str(tmp_path / "venv" / "bin" / "python")) != real_path(sys.executable)


def test_elsewhere_the_module_runs_the_usual_way():
    assert action(transport="ssh").execute({}, CONTROLLER) == {"ran": "the usual way"}


def run(monkeypatch, module, environment=None):
    """execute() with ``module`` standing in for the module's code; what it returned."""
    monkeypatch.setattr(module_action.runpy, "run_module", module)
    return action(environment=environment).execute({"id": "s1"}, CONTROLLER)


def test_the_module_gets_its_arguments_and_the_task_environment_and_nothing_stays(monkeypatch):
    seen = {}

    def module(name, run_name, alter_sys):
        seen.update(name=name, run_name=run_name, env=os.environ.get("PRIVATELINK_TEST_VALUE"),
                    args=json.loads(basic._ANSIBLE_ARGS)["ANSIBLE_MODULE_ARGS"], profile=basic._ANSIBLE_PROFILE)
        print(json.dumps({"changed": True, "service": {"id": "s1"}, "_ansible_suppress_tmpdir_delete": True}))
        sys.exit(0)
    before = basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE
    result = run(monkeypatch, module, environment={"PRIVATELINK_TEST_VALUE": 7})
    assert seen == dict(name="ansible_collections.privatelink.endpoints.plugins.modules.clickhouse_service_info",
                        run_name="__main__", env="7", args={"id": "s1", "_ansible_check_mode": False}, profile="legacy")
    assert result["changed"] is True and result["service"] == {"id": "s1"}
    assert "_ansible_suppress_tmpdir_delete" not in result and result["_ansible_parsed"] is True  # as the usual way
    assert "PRIVATELINK_TEST_VALUE" not in os.environ
    assert (basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE) == before


def test_a_module_that_fails_reports_its_message(monkeypatch):
    def module(name, run_name, alter_sys):
        print(json.dumps({"failed": True, "msg": "id must not be empty"}))
        sys.exit(1)
    result = run(monkeypatch, module)
    assert result["failed"] is True and result["msg"] == "id must not be empty"


def test_a_module_that_crashes_fails_the_task_with_its_traceback(monkeypatch):
    def module(name, run_name, alter_sys):
        raise KeyError("status")
    result = run(monkeypatch, module)
    assert result["failed"] is True
    assert result["msg"] == "module %s failed: KeyError: 'status'" % MODULE
    assert "KeyError" in str(result["exception"])


def test_a_module_that_returns_without_a_result_fails_the_task(monkeypatch):
    result = run(monkeypatch, lambda name, run_name, alter_sys: None)
    assert result["failed"] is True and "returned without a result" in result["msg"]


def test_output_besides_the_result_is_not_taken_for_it(monkeypatch):
    def module(name, run_name, alter_sys):
        sys.stderr.write("a library's warning\n")
        print(json.dumps({"changed": False}))
        sys.exit(0)
    assert run(monkeypatch, module)["changed"] is False


def test_every_module_has_its_action():
    """ansible-core picks an action plugin by the module's name: a module without one would run the usual way."""
    plugins = os.path.join(os.path.dirname(module_action.__file__), os.pardir)
    modules = {name for name in os.listdir(os.path.join(plugins, "modules")) if name.endswith(".py") and name != "__init__.py"}
    actions = {name for name in os.listdir(os.path.join(plugins, "action")) if name.endswith(".py")}
    assert modules and modules <= actions
    for name in modules:
        plugin = importlib.import_module("ansible_collections.privatelink.endpoints.plugins.action." + name[:-3])
        assert issubclass(plugin.ActionModule, ModuleAction), name
