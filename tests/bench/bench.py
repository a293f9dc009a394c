# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make bench``: how fast the roles and modules are, against the local clouds. A benchmark that
prints figures, not a test: nothing here fails on a slow machine (see docs/performance.md).

In one run, with the local clouds of tests/utils/local_clouds.py:

1. roles against the same flow written as ``ansible.builtin.uri`` + amazon.aws tasks
   (tests/bench/uri_*.yml), in alternating order each round: paired wall-time ratios role/uri
   for a converge and a no-op run, min and median;
2. requests per API of each role (present, re-run, absent) against the minimum the issue sets;
3. the scale run: N services x 5 endpoint IDs with the emulator enforcing ClickHouse's real
   10 requests / 10 s per key, in a loop, with forks 10 and with forks 25: efficiency against
   the rate-limit bound, share of 429 answers, failed tasks, lost updates;
4. the poll lag: how long after a reverse private endpoint becomes Ready the module notices.

``--rounds``, ``--services`` and ``--skip`` make shorter runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PLAYBOOKS = REPO / "playbooks"
TOOLS = REPO / "tools"
BIN = Path(sys.executable).parent
# Makes the collection importable (the checkout's own tree, or the link `make collection` makes).
COLLECTIONS_ROOT = runpy.run_path(str(REPO / "tests" / "utils" / "collections_root.py"))["COLLECTIONS_ROOT"]
sys.path.insert(0, str(TOOLS))

# tools/demo.py: the flows' variables.
import demo  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.privatelink.endpoints.plugins.module_utils import clickhouse, resource  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.privatelink.endpoints.tests.integration.harness import PlaybookResult  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.privatelink.endpoints.tests.integration.moto_server import MotoServer  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.privatelink.endpoints.tests.utils import local_clouds  # noqa: E402  pylint: disable=wrong-import-position

# Answers at once: the comparison measures the tasks, not the clouds' timers (section 4 sets its own).
SETTINGS = {"awake_delay": 0, "provision_delay": 0, "delete_delay": 0,
            "service_delay": 0, "endpoint_delay": 0, "connection_delay": 0}
LIMIT, WINDOW = 10, 10.0  # ClickHouse Cloud: 10 requests per 10 s per API key
ENDPOINTS_PER_SERVICE = 5
ANALYTICS_PROD = "3ab8586b-a57f-431b-8275-7d24942d7740"  # tests/emulators/fixtures/clickhouse.json

# The minimum requests per run the issue sets as the target ((role, state, API) -> count).
MINIMUM = {
    ("clickhouse_aws_privatelink", "present", "AWS"): 6,
    ("clickhouse_aws_privatelink", "re-run", "AWS"): 3,
    ("clickhouse_aws_privatelink", "re-run", "ClickHouse"): 3,
    ("clickhouse_aws_privatelink", "absent", "ClickHouse"): 5,
    # ClickPipes absent, AWS: 3 for an endpoint service the role made (asserted by
    # tests/integration/test_clickpipes_reverse_private_endpoint_role.py); the flow here keeps its own: 0.
    ("clickpipes_reverse_private_endpoint", "absent", "AWS"): 0,
    ("vpcep_private_link", "present", "VPCEP"): 12,
    ("vpcep_private_link", "re-run", "VPCEP"): 4,
}


# The clouds and their request logs ------------------------------------------------------------

class Clouds:
    def __init__(self, workdir):
        self.workdir = workdir
        self.recording = os.path.join(workdir, "requests.jsonl")  # where MotoServer.calls() reads it
        open(self.recording, "w").close()
        # moto's recorder logs every AWS request; the local clouds' process inherits these.
        os.environ.update(MOTO_ENABLE_RECORDING="True", MOTO_RECORDER_FILEPATH=self.recording)
        self.state = local_clouds.start(workdir, SETTINGS)
        self.world = self.state["world"]
        self.env = dict(os.environ, **self.state["env"])

    def stop(self):
        local_clouds.stop(self.workdir)

    def control(self, api, action, body=None, method=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.world[api]["url"] + "/_emulator/" + action, data=data,
                                         method=method or ("POST" if data else "GET"),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def requests(self, api):
        return self.control(api, "requests")["requests"]

    def clear(self):
        for api in ("clickhouse", "vpcep"):
            self.control(api, "requests", method="DELETE")
        open(self.recording, "w").close()

    def counts(self):
        """Requests per API since the last clear()."""
        # The recording moto wrote: the modules' requests, not those of the emulated ClickPipes.
        aws = len(MotoServer(self.workdir).calls(from_ansible=True))
        return {"ClickHouse": len(self.requests("clickhouse")), "VPCEP": len(self.requests("vpcep")), "AWS": aws}


def run_playbook(playbook, env, extra_vars=None, forks=None):
    """Run one playbook; return (ok, seconds, stats per host)."""
    env = dict(env, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
               ANSIBLE_DEPRECATION_WARNINGS="0", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable,
               ANSIBLE_COLLECTIONS_PATH=os.pathsep.join(filter(None, [str(COLLECTIONS_ROOT),
                                                                      os.environ.get("ANSIBLE_COLLECTIONS_PATH")])))
    if forks:
        env["ANSIBLE_FORKS"] = str(forks)
    command = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
    if extra_vars:
        command += ["-e", json.dumps(extra_vars)]
    started = time.monotonic()
    process = subprocess.run(command, env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    stats = PlaybookResult(process.returncode, process.stdout, process.stderr).stats
    if process.returncode != 0:
        sys.stderr.write("%s failed:\n%s\n%s\n" % (playbook, process.stdout[-3000:], process.stderr[-2000:]))
    return process.returncode == 0, seconds, stats


def summary(values):
    return "min %.2f  median %.2f" % (min(values), statistics.median(values))


# 1 and 2: roles against uri, requests per API -------------------------------------------------------

class Flow:
    def __init__(self, role, uri, variables, state_var):
        self.role, self.uri, self.variables, self.state_var = role, uri, variables, state_var

    def run(self, clouds, which, state="present"):
        playbook = PLAYBOOKS / (self.role + ".yml") if which == "role" else HERE / self.uri
        return run_playbook(playbook, clouds.env, dict(self.variables, **{self.state_var: state}))


def flows(clouds):
    import boto3

    world = clouds.world
    aws = world["aws"]
    # ClickPipes reach an endpoint service the customer keeps (amazon.aws cannot make one).
    ec2 = boto3.client("ec2", endpoint_url=clouds.env["AWS_URL"], region_name=aws["region"],
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    kept = ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[aws["nlb_arn"]],
                                                         AcceptanceRequired=False)["ServiceConfiguration"]
    # Open to ClickPipes' account, as the guide asks: the ClickHouse emulator's ClickPipes create their
    # endpoint in moto and fail the reverse private endpoint when the service does not allow them.
    ec2.modify_vpc_endpoint_service_permissions(ServiceId=kept["ServiceId"],
                                                AddAllowedPrincipals=["arn:aws:iam::072088201116:root"])
    clickpipes = dict(demo.clickpipes_variables(world), clickpipes_reverse_private_endpoint_network_load_balancer_arns=[],
                      clickpipes_reverse_private_endpoint_vpc_endpoint_service_name=kept["ServiceName"])
    return [
        Flow("clickhouse_aws_privatelink", "uri_clickhouse_aws_privatelink.yml", demo.privatelink_variables(world),
             "clickhouse_aws_privatelink_state"),
        Flow("clickpipes_reverse_private_endpoint", "uri_clickpipes_reverse_private_endpoint.yml", clickpipes,
             "clickpipes_reverse_private_endpoint_state"),
        Flow("vpcep_private_link", "uri_vpcep_private_link.yml",
             dict(demo.vpcep_variables(world), bench_vpcep=world["vpcep"]), "vpcep_private_link_state"),
    ]


def compare(clouds, all_flows, rounds):
    print("\n== 1. Roles against the same flow as uri + amazon.aws tasks (wall time, paired per round)")
    print("   %-36s %-9s %-30s %s" % ("role", "run", "ratio role/uri", "seconds role | uri (medians)"))
    counted = {}
    for flow in all_flows:
        times = {(which, kind): [] for which in ("role", "uri") for kind in ("converge", "no-op")}
        for number in range(rounds):
            order = ("role", "uri") if number % 2 == 0 else ("uri", "role")
            for which in order:
                if which == "uri" and not flow.uri:
                    continue
                clouds.clear()
                ok1, converge, _stats = flow.run(clouds, which)
                present = clouds.counts()
                clouds.clear()
                ok2, noop, _stats = flow.run(clouds, which)
                rerun = clouds.counts()
                clouds.clear()
                ok3, _seconds, _stats = flow.run(clouds, "role", "absent")  # the same teardown for both
                absent = clouds.counts()
                if not (ok1 and ok2 and ok3):
                    print("   %s (%s) FAILED in round %d" % (flow.role, which, number + 1))
                times[(which, "converge")].append(converge)
                times[(which, "no-op")].append(noop)
                if which == "role" and flow.role not in counted:
                    counted[flow.role] = {"present": present, "re-run": rerun, "absent": absent}
        for kind in ("converge", "no-op"):
            role, uri = times[("role", kind)], times[("uri", kind)]
            if uri:
                ratios = [r / u for r, u in zip(role, uri)]
                print("   %-36s %-9s %-30s %.1f | %.1f" % (flow.role, kind, summary(ratios),
                                                           statistics.median(role), statistics.median(uri)))
            else:
                print("   %-36s %-9s %-30s %.1f | -" % (flow.role, kind, "(no uri flow)", statistics.median(role)))
    print("\n== 2. Requests per API and run (now / minimum the issue sets)")
    for role, runs in counted.items():
        for state, counts in runs.items():
            cells = ["%s %d%s" % (api, n, " / %d" % MINIMUM[(role, state, api)] if (role, state, api) in MINIMUM else "")
                     for api, n in counts.items() if n or (role, state, api) in MINIMUM]
            print("   %-36s %-8s %s" % (role, state, ",  ".join(cells)))


# 3: the scale run ---------------------------------------------------------------------------------

def scale(clouds, services_count):
    print("\n== 3. Scale: %d services x %d endpoint IDs, ClickHouse emulator enforcing %d requests / %d s per key"
          % (services_count, ENDPOINTS_PER_SERVICE, LIMIT, WINDOW))
    print("   %-10s %10s %12s %10s %8s %6s %8s" % ("run", "requests", "429 answers", "efficiency", "failed",
                                                   "lost", "seconds"))
    services = [dict(id=str(uuid.uuid4()), name="bench-%03d" % n, provider="aws", region="us-east-1")
                for n in range(services_count)]
    plan = [dict(id=s["id"], endpoint_ids=["vpce-%08x%09x" % (n, e) for e in range(ENDPOINTS_PER_SERVICE)])
            for n, s in enumerate(services)]
    env = dict(clouds.env, CLICKHOUSE_API_RATE_LIMIT=str(LIMIT))
    parallel = REPO / "tests" / "integration" / "playbooks" / "clickhouse_services_in_parallel.yml"
    for name, playbook, forks in (("loop", HERE / "services_in_a_loop.yml", 1), ("forks 10", parallel, 10),
                                  ("forks 25", parallel, 25)):
        clouds.control("clickhouse", "seed", {"services": [dict(s, privateEndpointIds=[], ipAccessList=[], tags=[])
                                                           for s in services]})
        clouds.control("clickhouse", "rate_limit", {"limit": LIMIT, "window": WINDOW, "enabled": True})
        clouds.clear()
        _ok, seconds, stats = run_playbook(playbook, env, {"services": plan}, forks=forks)
        log = clouds.requests("clickhouse")
        clouds.control("clickhouse", "rate_limit", {"enabled": False})
        refused = sum(1 for entry in log if entry.get("status") == 429)
        answered = len(log) - refused
        times = sorted(entry["time"] for entry in log)
        # The bound: no more than LIMIT requests in any window, so n requests need this long at best.
        bound = (math.ceil(answered / LIMIT) - 1) * WINDOW
        efficiency = bound / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else 0.0
        failed = sum(host.get("failures", 0) + host.get("unreachable", 0) for host in stats.values())
        state = {s["id"]: s for s in clouds.control("clickhouse", "state")["services"]}
        lost = sum(1 for p in plan if sorted(state[p["id"]].get("privateEndpointIds") or []) != p["endpoint_ids"])
        print("   %-10s %10d %5d (%4.1f%%) %9.1f%% %8d %6d %8.0f" % (
            name, len(log), refused, 100.0 * refused / max(1, len(log)), 100 * efficiency, failed, lost, seconds))


# 4: the poll lag ------------------------------------------------------------------------------------

def lag_after(delay, step):
    """From a change ``delay`` seconds into a wait to the first poll after it; ``step(poll)`` is the
    wait after the poll at ``poll`` (fetches taking no time)."""
    poll = 0.0
    while poll < delay:
        poll += step(poll)
    return poll - delay


def doubling(poll):
    """The previous schedule: 0.25 s doubling to 10 s (polls at 0, 0.25, 0.75, 1.75, ...)."""
    return min(10.0, poll + 0.25)


def schedules():
    return [("doubling from 0.25 s", doubling),
            ("now, ClickHouse (1 s, 10 s)", lambda poll: resource.poll_delay(poll, clickhouse.POLL_SCHEDULE)),
            ("now, VPCEP (0.5 s, 10 s)", lambda poll: resource.poll_delay(poll, resource.POLL_SCHEDULE))]


def poll_lag(clouds, delays):
    print("\n== 4. Poll lag: a change after d seconds of waiting, noticed how much later")
    print("   Computed for every d up to 10 min (log-uniform), as a share of d:")
    for low in (1.0, 4.0):
        grid = [low * (600 / low) ** (i / 1000.0) for i in range(1001)]
        for name, step in schedules():
            shares = [lag_after(d, step) / d for d in grid]
            print("   d >= %g s  %-30s mean %3.0f %%   worst %3.0f %%"
                  % (low, name, 100 * statistics.mean(shares), 100 * max(shares)))
    print("   Measured: a reverse private endpoint Ready d seconds after its create")
    print("   %-8s %-22s %s" % ("d", "now (measured)", "doubling from 0.25 s (computed)"))
    playbook = HERE / "reverse_private_endpoint.yml"
    for number, delay in enumerate(delays):
        clouds.control("clickhouse", "settings", {"provision_delay": delay})
        clouds.clear()
        name = "com.amazonaws.vpce.us-east-1.vpce-svc-%017x" % (0xbe0c4 + number)
        ok, _seconds, _stats = run_playbook(playbook, clouds.env, {"options": dict(
            service_id=ANALYTICS_PROD, type="VPC_ENDPOINT_SERVICE", description="bench %d" % number,
            vpc_endpoint_service_name=name)})
        log = clouds.requests("clickhouse")
        created = next(e["time"] for e in log if e["method"] == "POST")
        last_get = max(e["time"] for e in log if e["method"] == "GET")
        lag = last_get - (created + delay)
        print("   %-8s %5.2f s (%3.0f %% of d)   %5.2f s (%3.0f %% of d)%s" % (
            "%g s" % delay, lag, 100 * lag / delay, lag_after(delay, doubling), 100 * lag_after(delay, doubling) / delay,
            "" if ok else "  FAILED"))
    clouds.control("clickhouse", "settings", {"provision_delay": 0})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of section 1 (default 5)")
    parser.add_argument("--services", type=int, default=100, help="services of the scale run (default 100)")
    parser.add_argument("--lag", type=float, nargs="*", default=[2.0, 6.0, 15.0, 40.0],
                        help="seconds until Ready for section 4 (default 2 6 15 40)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["compare", "scale", "lag"])
    parser.add_argument("--roles", nargs="*", default=None, help="the roles of sections 1 and 2 (default all)")
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="privatelink-bench-")
    started = time.monotonic()
    clouds = Clouds(workdir)
    print("privatelink.endpoints bench, local clouds up in %.1fs (%s)" % (time.monotonic() - started, workdir),
          flush=True)
    try:
        if "compare" not in args.skip:
            compare(clouds, [f for f in flows(clouds) if args.roles is None or f.role in args.roles], args.rounds)
        if "scale" not in args.skip:
            scale(clouds, args.services)
        if "lag" not in args.skip:
            poll_lag(clouds, args.lag)
    finally:
        clouds.stop()
    print("\nDone in %.0fs." % (time.monotonic() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
