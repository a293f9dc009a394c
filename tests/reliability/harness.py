# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run modules in this process against the emulators: hundreds of runs a minute.

``run_module(module, args)`` calls a module's ``main()`` with options, as
Ansible would, and returns its result; an exception other than the module's
own exit is returned as ``{"failed": True, "traceback": ...}`` so that a test
can count tracebacks instead of stopping at the first one.

``FAULT_KINDS`` are the ways a request can fail, as emulator ``Fault`` options.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
import traceback

from ansible.module_utils.common import warnings as module_warnings
from ansible.module_utils.testing import patch_module_args

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiClient

# Seconds the modules wait for an answer in these tests (the smallest api_timeout there is).
API_TIMEOUT = 1

# Each kind: emulator Fault options (without path, method, skip).
FAULT_KINDS = {
    "429-reset": dict(status=429, headers={"Retry-After": "0", "X-RateLimit-Reset": "0"}),
    "429": dict(status=429),
    "500": dict(status=500),
    "502": dict(status=502),
    "503": dict(status=503),
    "504": dict(status=504),
    "drop": dict(drop=True),
    "slow": dict(delay=API_TIMEOUT + 0.5, status=504, after=True),
    "lost": dict(drop=True, after=True),
    "late": dict(status=504, apply_after=2),
}


@contextlib.contextmanager
def environment(env):
    """Set (value) or remove (None) environment variables for the duration."""
    saved = {name: os.environ.get(name) for name in env or {}}
    try:
        for name, value in (env or {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = str(value)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_module(module, args, check=False, diff=False, env=None, verbosity=0):
    """Run ``module.main()`` with ``args`` in this process; return its result as a dict.

    Retries do not wait longer than a twentieth of a second (the suite is about
    outcomes, the delays have their own unit tests).
    """
    args = dict(args, _ansible_check_mode=check, _ansible_diff=diff, _ansible_verbosity=verbosity)
    out = io.StringIO()
    module_warnings._global_warnings = {}
    module_warnings._global_deprecations = {}
    saved_sleep = ApiClient.sleep
    ApiClient.sleep = staticmethod(lambda seconds: time.sleep(min(seconds, 0.05)))
    try:
        with patch_module_args(args), environment(env), contextlib.redirect_stdout(out):
            try:
                module.main()
            except SystemExit:
                pass
            except Exception:  # pylint: disable=broad-except
                return {"failed": True, "traceback": traceback.format_exc(), "msg": "traceback"}
    finally:
        ApiClient.sleep = saved_sleep
    text = out.getvalue()
    try:
        return json.loads(text)
    except ValueError:
        return {"failed": True, "traceback": "no JSON result: %r" % text[:2000], "msg": "no result"}


# What the fault tests saw, for the summary line at the end of the run.
TALLY = dict(groups={}, cases=0, duplicates=0, lost=0, wrong_changed=0, tracebacks=0, not_absorbed=0,
             bad_inputs=0, inputs_accepted=0, leaks=0, playbook_leak_runs=0,
             # The roles (test_roles.py): position x kind pairs tried, of all; sweeps; faults a run did not reach.
             role_cases=0, role_full=0, role_sweeps=0, unreached=0,
             kills=0, kill_writes=0, kills_before_every_write=False, kill_duplicates=0, kill_lost=0,
             # judge() tallies the kill cases under these names, "unreached" too (a kill case arms no fault yet).
             kill_wrong_changed=0, kill_tracebacks=0, kill_not_absorbed=0, kill_unreached=0)


def unreached(count):
    """The summary's note on faults a run ended before reaching."""
    return " (%d faults not reached: the run ended sooner)" % count if count else ""


def count_positions(group, positions, kinds):
    """Add a flow's request positions, tried with ``kinds`` fault kinds, to the summary of ``group``."""
    tally = TALLY["groups"].setdefault(group, [0, set()])
    tally[0] += positions
    tally[1].update(kinds)


def summary_lines():
    if not TALLY["cases"] and not TALLY["bad_inputs"] and not TALLY["kills"] and not TALLY["leaks"]:
        return []
    groups = " + ".join("%s%d positions x %d kinds" % ("" if group == "api" else group + " ", positions, len(kinds))
                        for group, (positions, kinds) in sorted(TALLY["groups"].items(), key=lambda item: item[0] != "api"))
    subset = ""
    if TALLY["role_cases"] < TALLY["role_full"]:
        subset = (" (roles: a subset, every read %d kinds, every write the unknown-outcome kinds:"
                  " %d of %d position x kind pairs; RELIABILITY_FULL=1 runs all)"
                  % (TALLY["role_sweeps"], TALLY["role_cases"], TALLY["role_full"]))
    lines = ["faults: %s (%d cases)%s, %d duplicates, %d lost, %d wrong changed, %d tracebacks, %d not absorbed"
             % (groups or "0 positions", TALLY["cases"], subset, TALLY["duplicates"], TALLY["lost"],
                TALLY["wrong_changed"], TALLY["tracebacks"], TALLY["not_absorbed"])]
    lines[0] += unreached(TALLY["unreached"])
    if TALLY["kills"]:
        lines.append("kills: %d SIGKILLs at %d writes of the roles (after each, before %s), "
                     "%d duplicates, %d lost, %d wrong changed, %d tracebacks, %d re-runs not converged"
                     % (TALLY["kills"], TALLY["kill_writes"],
                        "each" if TALLY["kills_before_every_write"] else "each API's first: the same state as after the one before",
                        TALLY["kill_duplicates"], TALLY["kill_lost"], TALLY["kill_wrong_changed"],
                        TALLY["kill_tracebacks"], TALLY["kill_not_absorbed"]) + unreached(TALLY["kill_unreached"]))
    lines.append("bad inputs: %d, %d accepted or crashing; secret leaks: %d (%d real playbook runs at -vvvv --diff)"
                 % (TALLY["bad_inputs"], TALLY["inputs_accepted"], TALLY["leaks"], TALLY["playbook_leak_runs"]))
    return lines
