# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The integration-test harness: ansible-playbook runs and what they report.

One convention for module tests: ``Ansible.steps(module, steps)`` writes a playbook
that runs ``module`` once per item of ``steps`` (its options; ``check_mode: true`` in an
item runs that one in check mode), in order, in one ansible-playbook run (a run costs
seconds before its first task), and returns a ``PlaybookResult`` whose ``steps`` are
the steps' results in order. Scenario playbooks (roles, several modules in a flow) are
files under ``playbooks/`` run with ``Ansible.run``.

``PlaybookResult`` is the one parser of the JSON callback's report: it keeps every run
of every task name (``outcomes(name)``), the last one under ``tasks[name]``.

Request logs are read on the servers themselves: ``calls()``, ``writes()`` and
``log()`` of an emulator (``tests/emulators/base.py``), ``calls()`` and ``writes()`` of
``MotoServer``. The AWS network the tests start from is ``tests/utils/aws_network.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import yaml

# Where ``ansible_collections/privatelink/endpoints`` is found (the one place that says so).
from ansible_collections.privatelink.endpoints.tests.utils.collections_root import COLLECTIONS_ROOT

PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"
# `make integration-usual` runs every test with the modules the usual way (AnsiballZ, a Python of their
# own) instead of inside the task's worker (plugins/plugin_utils/module_action.py); a test that sets
# the switch itself still decides.
USUAL_WAY = os.environ.get("PRIVATELINK_TEST_USUAL_WAY") == "1"
BIN = Path(sys.executable).parent
# Fixture name -> environment variable prefixes it owns. A requested fixture's
# ``env()`` is passed to ansible-playbook; the prefixes are scrubbed from the
# caller's own environment first, so a developer's real credentials never leak
# into a test run.
EMULATOR_ENV = {
    "clickhouse": ("CLICKHOUSE_",),
    "vpcep": ("HUAWEICLOUD_SDK_", "OS_", "VPCEP_"),
    "moto": ("AWS_",),
}
# The name of every task of a ``steps`` playbook.
STEP = "Step"


def ansible_env(scrubbed, local_temp, callback="ansible.posix.json"):
    """The environment of an ansible-playbook run of the tests: this process's, without variables
    starting with one of ``scrubbed`` (credentials a developer may have exported), with the
    collection in this checkout, ``callback`` as stdout callback and quiet, colourless output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(scrubbed)}
    env.update(
        PATH=str(BIN) + os.pathsep + env.get("PATH", ""),
        ANSIBLE_COLLECTIONS_PATH=os.pathsep.join((str(COLLECTIONS_ROOT), sysconfig.get_paths()["purelib"])),
        ANSIBLE_STDOUT_CALLBACK=callback,
        ANSIBLE_LOCAL_TEMP=str(local_temp),
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
    )
    return env


def task_results(stdout):
    """From the JSON callback's report: (task name, host result) of every task run in order, and
    the per-host totals; nothing for output that is not such a report (a run that died early)."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return [], {}
    ran = [(task["task"]["name"], host_result) for play in report.get("plays", [])
           for task in play.get("tasks", []) for host_result in task.get("hosts", {}).values()]
    return ran, report.get("stats", {})


class PlaybookResult:
    """What one ansible-playbook run produced, from the JSON callback's report.

    ``runs`` maps each task name to the host's result of every run of a task of that
    name, in order; ``tasks`` to the last of them; ``steps`` are the runs of a
    ``steps`` playbook. ``output`` is stdout and stderr together, for checks that a
    secret appears nowhere; ``stats`` the report's per-host totals.
    """

    def __init__(self, rc, stdout, stderr):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr
        self.runs = {}
        ran, self.stats = task_results(stdout)
        for name, host_result in ran:
            self.runs.setdefault(name, []).append(host_result)
        self.tasks = {name: runs[-1] for name, runs in self.runs.items()}

    def outcomes(self, name):
        """Every result of task ``name`` in order, a looped task's items one by one."""
        found = []
        for run in self.runs.get(name, []):
            found.extend(run["results"] if isinstance(run.get("results"), list) else [run])
        return found

    @property
    def steps(self):
        """The result of each step of a ``steps`` playbook that ran, in order."""
        return self.outcomes(STEP)

    def step(self, index=0):
        """The result of step ``index`` of a run that succeeded."""
        assert self.rc == 0, self
        return self.steps[index]

    def failure(self, name=STEP, index=0):
        """The message of the ``index``-th outcome of task ``name``, which must have failed."""
        outcome = self.outcomes(name)[index]
        assert outcome.get("failed"), self
        return outcome["msg"]

    @property
    def changed(self):
        return any(r.get("changed") for r in self.tasks.values())

    @property
    def failed(self):
        return self.rc != 0

    def __repr__(self):
        return "PlaybookResult(rc=%s)\n--- stdout\n%s\n--- stderr\n%s" % (self.rc, self.stdout, self.stderr)


class Ansible:
    """Runs ansible-playbook in a subprocess against the collection in this checkout.

    ``request`` is the pytest request of the test: the emulator fixtures it uses
    give the runs their environment (``EMULATOR_ENV``).
    """

    def __init__(self, request, tmp_path):
        self.request = request
        self.tmp_path = Path(tmp_path)
        self.written = 0

    def emulator_env(self):
        """Environment of every emulator fixture the current test uses."""
        env = {}
        for fixture in EMULATOR_ENV:
            if fixture in self.request.fixturenames:
                env.update(self.request.getfixturevalue(fixture).env())
        return env

    def base_env(self):
        return ansible_env(tuple(p for prefixes in EMULATOR_ENV.values() for p in prefixes),
                           self.tmp_path / "ansible-tmp")

    def run(self, playbook, extra_vars=None, env=None, check=False, diff=False, limit_env=None):
        """Run a playbook and return its PlaybookResult.

        ``playbook`` is a name under ``playbooks/`` or a path. ``env`` adds or overrides
        variables (a value of None removes one). ``limit_env``, when given, is the list of
        emulator variables to pass (for example only the URL and organization, to give
        credentials as options); by default all of them are passed.
        """
        path = Path(playbook)
        if not path.is_absolute():
            path = PLAYBOOKS / playbook
        run_env = self.base_env()
        emulator_env = self.emulator_env()
        if limit_env is not None:
            emulator_env = {k: v for k, v in emulator_env.items() if k in limit_env}
        run_env.update(emulator_env)
        for name, value in (env or {}).items():
            if value is None:
                run_env.pop(name, None)
            else:
                run_env[name] = str(value)
        command = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)]
        if USUAL_WAY:
            command += ["--extra-vars", json.dumps({"privatelink_endpoints_in_process": False})]
        if extra_vars:
            command += ["--extra-vars", json.dumps(extra_vars)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        process = subprocess.run(command, env=run_env, cwd=str(self.tmp_path), capture_output=True,
                                 text=True, timeout=600, check=False)
        return PlaybookResult(process.returncode, process.stdout, process.stderr)

    def steps(self, module, steps, defaults=None, check=False, diff=False, keep_going=False, env=None,
              limit_env=None, extra_vars=None):
        """Run ``module`` once per item of ``steps`` in one playbook; the result's ``steps`` are their results.

        Each step's options are ``defaults`` overlaid with the item (``check_mode`` in an
        item says whether that step runs in check mode; ``check`` is the default). With
        ``keep_going`` a failing step does not stop the ones after it (its result says
        it failed, and the run ends with rc 0). ``module`` is a name of this collection
        or a fully qualified one; ``env``, ``diff`` and ``limit_env`` are ``run()``'s, ``extra_vars``
        adds variables beside ``steps``.
        """
        name = module if "." in module else "privatelink.endpoints." + module
        options, tasks = [], []
        for index, step in enumerate(steps):
            step = dict(step)
            check_mode = step.pop("check_mode", check)
            options.append(dict(defaults or {}, **step))
            tasks.append({"name": STEP, name: "{{ steps[%d] }}" % index, "check_mode": bool(check_mode),
                          "ignore_errors": bool(keep_going)})
        play = {"name": "Steps of " + name, "hosts": "localhost", "gather_facts": False, "tasks": tasks}
        self.written += 1
        path = self.tmp_path / ("steps-%d.yml" % self.written)
        path.write_text(yaml.safe_dump([play], sort_keys=False))
        return self.run(path, dict(extra_vars or {}, steps=options), env=env, diff=diff, limit_env=limit_env)
