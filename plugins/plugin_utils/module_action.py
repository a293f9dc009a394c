# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action every module of this collection runs through: on the controller, inside the task's worker.

Every module here only calls HTTP APIs, and a play usually runs them on the controller
(``hosts: localhost``, ``connection: local``). ansible-core would still pack each one
(AnsiballZ), write it to a temporary directory and start a new Python for it: a few tenths
of a second per task, as long as the API calls themselves, and the reason a role of module
tasks was no faster than the same flow written as ``uri`` tasks. When the module would run
on the controller's own Python anyway, this action runs it in the worker process the task
already has (forked for this task alone, so nothing it changes outlives the task), with the
same arguments, the same result parsing and the same ``no_log`` handling. Anywhere else
(another connection, become, async, another interpreter) it runs the usual way. The variable
``privatelink_endpoints_in_process: false`` asks for the usual way everywhere.
"""

from __future__ import annotations

import io
import json
import os
import runpy
import sys
import traceback
from contextlib import contextmanager, redirect_stderr, redirect_stdout

from ansible import constants as C
from ansible.module_utils import basic
from ansible.module_utils.common.json import Direction, get_module_encoder
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.vars.clean import remove_internal_keys

# The serialization profile of modules that declare no metadata (ours declare none).
PROFILE = "legacy"
SWITCH = "privatelink_endpoints_in_process"
display = Display()


def real_path(executable):
    """``executable`` with the links of its directory resolved, not its own: a virtual environment's
    ``bin/python`` is a link to the Python it was made from, which has other packages."""
    directory, name = os.path.split(executable)
    return os.path.join(os.path.realpath(directory), name)


@contextmanager
def environment(values):
    """``os.environ`` with ``values`` (the task's ``environment``) for the duration of the block."""
    saved = dict(os.environ)
    os.environ.update((name, str(value)) for name, value in values.items())
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def module_input(params):
    """What AnsiballZ hands a module: its arguments, serialized, where ``AnsibleModule`` reads them."""
    saved = basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE, basic._PARSED_MODULE_ARGS
    basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE, basic._PARSED_MODULE_ARGS = params, PROFILE, None
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS, basic._ANSIBLE_PROFILE, basic._PARSED_MODULE_ARGS = saved


class ModuleAction(ActionBase):

    _supports_check_mode = True
    _supports_async = True

    def module_args(self, task_vars):
        """The module's arguments; actions that add defaults of their own override this."""
        return dict(self._task.args)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        task_vars = task_vars or {}
        result.update(self.execute(self.module_args(task_vars), task_vars))
        return result

    def in_process(self, task_vars):
        """Whether the module would run on this very Python: local connection, no become or async,
        the interpreter configured for the host (or the delegate) being the controller's."""
        if (getattr(self._connection, "transport", None) != "local" or self._play_context.become
                or self._task.async_val or not hasattr(basic, "_ANSIBLE_PROFILE")):  # ansible-core < 2.19
            return False
        host_vars = task_vars
        if self._task.delegate_to:
            host_vars = (task_vars.get("ansible_delegated_vars") or {}).get(self._task.delegate_to) or {}
        if not boolean(self._templar.template(task_vars.get(SWITCH, True)), strict=False):
            return False
        interpreter = self._templar.template(C.config.get_config_value("INTERPRETER_PYTHON", variables=host_vars))
        return isinstance(interpreter, str) and os.path.isabs(interpreter) and real_path(interpreter) == real_path(sys.executable)

    def execute(self, module_args, task_vars):
        """Run the module in this process when ``in_process()``, else as ansible-core always does."""
        if not self.in_process(task_vars):
            wrap_async = self._task.async_val and not self._connection.has_native_async
            return self._execute_module(module_args=module_args, task_vars=task_vars, wrap_async=wrap_async)
        name = self._task.resolved_action
        self._update_module_args(name, module_args, task_vars)  # check mode, diff, no_log, verbosity...
        params = json.dumps({"ANSIBLE_MODULE_ARGS": module_args}, cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE))
        env = {}
        self._compute_environment_string(env)  # the task's `environment`, templated
        namespace, collection, module = name.split(".")
        display.vvv("Running %s inside the task's worker (%s)" % (name, sys.executable))  # where "Using module file" would be
        stdout, stderr, rc = io.StringIO(), io.StringIO(), 0
        with environment(env), module_input(params.encode()), redirect_stdout(stdout), redirect_stderr(stderr):
            try:
                runpy.run_module("ansible_collections.%s.%s.plugins.modules.%s" % (namespace, collection, module),
                                 run_name="__main__", alter_sys=True)
                stdout.write(json.dumps(dict(failed=True, msg="module %s returned without a result" % name)))
                rc = 1
            except SystemExit as done:  # exit_json and fail_json end with sys.exit, as in their own process
                rc = done.code if isinstance(done.code, int) else 1
            except Exception as error:  # what AnsiballZ reports of a module that crashed
                stdout.write(json.dumps(dict(failed=True, msg="module %s failed: %s: %s" % (name, type(error).__name__, error),
                                             exception=traceback.format_exc())))
                rc = 1
        data = self._parse_returned_data(dict(rc=rc, stdout=stdout.getvalue(), stderr=stderr.getvalue()), PROFILE)
        data.pop("_ansible_suppress_tmpdir_delete", None)
        remove_internal_keys(data)
        return data
