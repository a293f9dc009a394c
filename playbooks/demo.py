# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make demo``: start the local API emulators, run the demo flows against them, tell what
they found, and stop the emulators again.

A flow is a playbook in this directory plus a function that turns its task results into a few
lines a person reads. Add a flow by appending to ``FLOWS``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
# The collection is importable from here: the checkout's own tree, or the link `make collection` makes.
COLLECTIONS_ROOT = REPO.parents[2] if REPO.parents[1].name == "ansible_collections" else REPO / ".build" / "link"
EMULATORS_MODULE = "ansible_collections.privatelink.endpoints.tests.emulators"
START_TIMEOUT = 30


@contextlib.contextmanager
def emulators():
    """Run every emulator in a background process; yield the environment that points at them."""
    workdir = tempfile.mkdtemp(prefix="privatelink-demo-")
    env_file = os.path.join(workdir, "emulators.env")
    env = dict(os.environ, PYTHONPATH=str(COLLECTIONS_ROOT))
    process = subprocess.Popen([sys.executable, "-m", EMULATORS_MODULE, "--env-file", env_file],
                               env=env, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not os.path.exists(env_file):
            if process.poll() is not None:
                raise RuntimeError("the emulators exited with status %s before listening" % process.returncode)
            if time.monotonic() > deadline:
                raise RuntimeError("the emulators did not start within %ss" % START_TIMEOUT)
            time.sleep(0.1)
        yield read_exports(env_file)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(OSError):
            os.rmdir(workdir)


def read_exports(path):
    """``export NAME=value`` lines (shell-quoted) as a dict."""
    exports = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            words = shlex.split(line)
            if len(words) == 2 and words[0] == "export" and "=" in words[1]:
                name, value = words[1].split("=", 1)
                exports[name] = value
    return exports


def run_playbook(playbook, emulator_env):
    """Run a playbook of this directory; return (ok, [(task name, host result)], stderr)."""
    env = dict(os.environ)
    env.update(emulator_env)
    env.update(
        ANSIBLE_COLLECTIONS_PATH=os.pathsep.join(filter(None, [str(COLLECTIONS_ROOT),
                                                               os.environ.get("ANSIBLE_COLLECTIONS_PATH")])),
        ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_RETRY_FILES_ENABLED="0",
    )
    process = subprocess.run([str(BIN / "ansible-playbook"), "-i", "localhost,", str(HERE / playbook)],
                             env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    try:
        report = json.loads(process.stdout)
    except ValueError:
        return False, [], process.stdout + process.stderr
    tasks = [(task["task"]["name"], result)
             for play in report.get("plays", []) for task in play.get("tasks", [])
             for result in task.get("hosts", {}).values()]
    return process.returncode == 0, tasks, process.stderr


def outcome(result):
    if result.get("failed"):
        return "failed"
    if result.get("skipped"):
        return "skipped"
    return "changed" if result.get("changed") else "ok"


# Flows ----------------------------------------------------------------------------------------

def clickhouse_lookup(results, env):
    services = results["List the services of the organization"]["services"]
    chosen = results["Read the private endpoint configuration of the chosen service"]
    others = results["Read the private endpoint configuration of the other running services"].get("results", [])
    by_id = {s["id"]: s for s in services}
    lines = ["ClickHouse Cloud organization %s (emulator at %s): %d services"
             % (env.get("CLICKHOUSE_ORG_ID"), env.get("CLICKHOUSE_API_URL"), len(services))]
    lines += ["  %-16s %-6s %-12s %s" % (s["name"], s["provider"], s["region"], s["state"]) for s in services]
    lines.append("What a private endpoint to each running service needs:")
    for config in [chosen] + others:
        service = by_id.get(config["service"]["id"], config["service"])
        lines.append("  %s (%s %s)%s" % (service.get("name", service["id"]), config["service"]["provider"],
                                         config["service"]["region"], "  <- found by name" if config is chosen else ""))
        lines.append("      endpoint service  %s" % config["endpoint_service_id"])
        lines.append("      private DNS name  %s" % config["private_dns_hostname"])
    return lines


FLOWS = [
    ("Look up a ClickHouse Cloud service and its private endpoint configuration", "demo.yml", clickhouse_lookup),
]


def main():
    started = time.monotonic()
    with emulators() as env:
        for title, playbook, summarize in FLOWS:
            print("== %s (playbooks/%s)" % (title, playbook), flush=True)
            ok, tasks, stderr = run_playbook(playbook, env)
            for name, result in tasks:
                print("   %-8s %s" % (outcome(result), name))
                if result.get("failed"):
                    print("            %s" % result.get("msg", result))
            if not ok:
                print(stderr.strip(), file=sys.stderr)
                print("\nThe demo failed in playbooks/%s." % playbook, file=sys.stderr)
                return 1
            print("\n".join([""] + summarize(dict(tasks), env) + [""]), flush=True)
    print("Demo finished in %.0fs; the emulators are stopped." % (time.monotonic() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
