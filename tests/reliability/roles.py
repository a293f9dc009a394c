# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The three roles run by real ``ansible-playbook`` against this process's emulators and moto.

A ``World`` is one set of clouds: a ClickHouse and a VPC Endpoint emulator, a moto server
and the fault proxy in front of it (aws_proxy.py), which the roles reach for every AWS call.
``reset()`` brings them to what a customer has before a role runs (a VPC, subnets, load
balancers; ClickHouse Cloud's endpoint service; the VPCEP accounts); ``run(role)`` runs the
role's converge and returns a ``Run``; ``state(role)`` reads back what the role built,
without server-assigned IDs, to compare runs. The modules run with ``api_timeout: 1`` and
``api_retries: 3``.

``requests(role)`` lists the requests of the last runs in order, as ``(api, index, write)``:
the positions where faults go. Nothing here knows which requests a role makes: the tests
take them from a clean run's logs, so that the roles' task structure may change.

``kill_at_write(...)`` SIGKILLs the playbook and every process under it when the role's Nth
write arrives, before or after the API applied it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import yaml

from ansible_collections.privatelink.endpoints.tests.emulators.base import Reply
from ansible_collections.privatelink.endpoints.tests.emulators.clickpipes_aws import ClickPipesAws
from ansible_collections.privatelink.endpoints.tests.emulators.vpcep import VpcepEmulator
from ansible_collections.privatelink.endpoints.tests.integration.harness import ansible_env, task_results
from ansible_collections.privatelink.endpoints.tests.reliability.aws_proxy import CONTROL, is_write
from ansible_collections.privatelink.endpoints.tests.reliability.harness import API_TIMEOUT
from ansible_collections.privatelink.endpoints.tests.utils.local_clouds import AWS_ENV, AWS_REGION, seed_aws

BIN = Path(sys.executable).parent
# Sets of clouds the role tests use at once (fixture ``worlds``).
JOBS = max(1, int(os.environ.get("RELIABILITY_JOBS", "2")))
ROLES = ("clickhouse_aws_privatelink", "clickpipes_reverse_private_endpoint", "vpcep_private_link")
# Which emulator serves each role's own API (AWS is the proxy's log).
API_OF = {"clickhouse_aws_privatelink": "clickhouse", "clickpipes_reverse_private_endpoint": "clickhouse",
          "vpcep_private_link": "vpcep"}
TIMING = dict(api_timeout=API_TIMEOUT, api_retries=3)
CLICKHOUSE_SETTINGS = dict(awake_delay=0.1, provision_delay=0.1, delete_delay=0.1)
# Variable prefixes of the credentials a developer may have exported: never passed to a run.
SCRUBBED = ("AWS_", "CLICKHOUSE_", "HUAWEICLOUD_SDK_", "OS_", "VPCEP_")
TRACEBACK = "Traceback (most recent call last)"
RERUN, LAST = "Faults off: the second run", "The third run"


class Run:
    """One ansible-playbook run: return code, output, the results of its tasks (JSON callback)."""

    def __init__(self, rc, stdout, stderr, killed=False):
        self.rc, self.stdout, self.stderr, self.killed = rc, stdout, stderr, killed
        self.results = task_results(stdout)[0]

    def runs(self):
        """The results of each run of a ``twice_playbook()``: [first, second, third]."""
        names = [name for name, result in self.results]
        second = names.index(RERUN) if RERUN in names else len(names)
        third = names.index(LAST) if LAST in names else len(names)
        return [self.results[:second], self.results[second + 1:third], self.results[third + 1:]]

    @property
    def failed(self):
        return self.rc != 0

    @property
    def changed(self):
        return any(result.get("changed") for name, result in self.results)

    @property
    def tracebacks(self):
        """Modules that crashed (a failure of their own carries ``exception`` too: not counted), and
        Python tracebacks in the output."""
        found = [name for name, result in self.results
                 if result.get("msg") == "MODULE FAILURE" or TRACEBACK in str(result.get("module_stderr", ""))]
        if TRACEBACK in self.stderr or (not self.results and TRACEBACK in self.stdout):
            found.append("(output)")
        return found

    def failures(self):
        return [(name, result.get("msg")) for name, result in self.results if result.get("failed")]

    def __repr__(self):
        return "Run(rc=%s, failures=%r)\n%s" % (self.rc, self.failures(), self.stderr[-3000:])


class World:
    """One set of clouds for the roles (see the module's documentation)."""

    def __init__(self, clickhouse, vpcep, moto, proxy, directory):
        self.clickhouse, self.vpcep, self.moto, self.proxy = clickhouse, vpcep, moto, proxy
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.aws = None
        self.process = None
        self.unfired = 0  # faults the first run of the last twice_playbook() did not reach
        proxy.on_disarm = self.disarmed

    def emulator(self, role):
        return getattr(self, API_OF[role])

    def reset(self):
        self.moto.reset()
        self.aws = seed_aws(self.moto.url)
        with self.clickhouse.lock:
            self.clickhouse.reset()
            # Before seeding: the services seeded name this endpoint service (the one in moto).
            self.clickhouse.configure(endpoint_service_names={AWS_REGION: self.aws["clickhouse_endpoint_service"]},
                                      aws_endpoint_url=self.moto.url, **CLICKHOUSE_SETTINGS)
            self.clickhouse.seed()
        self.vpcep.fresh(**VpcepEmulator.INSTANT)
        self.proxy.hook = None
        self.unfired = 0
        self.forget()

    def disarmed(self, unfired):
        """The faults are turned off (from inside a playbook, through the proxy): count those not fired."""
        for emulator in (self.clickhouse, self.vpcep):
            with emulator.lock:
                unfired += sum(1 for fault in emulator.faults if fault.count > 0)
                emulator.faults = []
        self.unfired = unfired

    def forget(self):
        """Empty the request logs (positions count from here)."""
        self.clickhouse.requests.clear()
        self.vpcep.requests.clear()
        self.proxy.arm(None, None)

    # The roles' variables ------------------------------------------------------------------

    def variables(self, role):
        aws = self.aws
        if role == "vpcep_private_link":
            provider, consumer = self.vpcep.account("provider"), self.vpcep.account("consumer")
            values = dict(provider=self.vpcep_connection(provider), consumer=self.vpcep_connection(consumer),
                          service_name="orders-db", service_vpc_id=provider["vpc_id"], service_port_id=provider["port_id"],
                          ports=[dict(client_port=5432, server_port=5432, protocol="TCP")],
                          consumer_domain_id=consumer["domain_id"], endpoint_vpc_id=consumer["vpc_id"],
                          endpoint_subnet_id=consumer["subnet_id"], wait_timeout=30)
        else:
            key_id, secret = self.clickhouse.admin_key
            values = dict(
                clickhouse=dict(api_url=self.clickhouse.api_url, organization_id=self.clickhouse.org_id,
                                api_key_id=key_id, api_key_secret=secret, api_rate_limit=0, **TIMING),
                aws=dict(endpoint_url=self.proxy.url, access_key=AWS_ENV["AWS_ACCESS_KEY_ID"],
                         secret_key=AWS_ENV["AWS_SECRET_ACCESS_KEY"], region=AWS_REGION),
                service_name="analytics-prod", region=AWS_REGION, wait_timeout=30)
            if role == "clickhouse_aws_privatelink":
                values.update(vpc_id=aws["vpc_id"], subnet_ids=aws["subnet_ids"])
            else:
                # moto does not accept endpoint connections: this endpoint service accepts them itself.
                values.update(provider="aws", description="Kafka brokers", network_load_balancer_arns=[aws["nlb_arn"]],
                              acceptance_required=False)
        return {"%s_%s" % (role, name): value for name, value in values.items()}

    def vpcep_connection(self, account):
        return dict(endpoint_url=self.vpcep.url, iam_url=self.vpcep.url + "/v3", region=account["region"],
                    project_id=account["project_id"], access_key=account["ak"], secret_key=account["sk"], **TIMING)

    def playbook(self, role, variables=None):
        play = {"name": "Run %s" % role, "hosts": "localhost", "gather_facts": False,
                "tasks": [{"name": "Run the role", "ansible.builtin.include_role": {"name": "privatelink.endpoints." + role},
                           "vars": variables if variables is not None else self.variables(role)}]}
        path = self.directory / ("%s.yml" % role)
        path.write_text(yaml.safe_dump([play], sort_keys=False))
        return path

    def twice_playbook(self, role):
        """The role, then (faults off) the role again, and once more when the first run failed: the
        tasks after the markers ``RERUN`` and ``LAST`` belong to the second and third run."""
        include = {"ansible.builtin.include_role": {"name": "privatelink.endpoints." + role}}
        tasks = [
            {"name": "First run", "block": [dict(name="Run the role", **include)],
             "rescue": [{"name": "The first run failed", "ansible.builtin.set_fact": {"__first_failed": True}}]},
            # A lookup, on the controller: no module to start.
            {"name": RERUN, "ansible.builtin.set_fact": {
                "__faults_off": "{{ lookup('ansible.builtin.url', '%s') }}" % (self.proxy.url + CONTROL)}},
            dict(name="Run the role again", **include),
            {"name": LAST, "ansible.builtin.debug": {"msg": "the first run failed: once more"},
             "when": "__first_failed | default(false)"},
            dict(name="Run the role once more", when="__first_failed | default(false)", **include),
        ]
        play = {"name": "Run %s twice" % role, "hosts": "localhost", "gather_facts": False,
                "vars": self.variables(role), "tasks": tasks}
        path = self.directory / ("%s-twice.yml" % role)
        path.write_text(yaml.safe_dump([play], sort_keys=False))
        return path

    # Running -------------------------------------------------------------------------------

    def env(self, callback="ansible.posix.json"):
        env = ansible_env(SCRUBBED, self.directory / "ansible-tmp", callback)
        env.update(ANSIBLE_PIPELINING="1")  # one process less per task
        return env

    def run(self, role, args=(), callback="ansible.posix.json", playbook=None, env=None):
        """Run the role's converge; a run that the test killed comes back with ``killed``."""
        command = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local",
                   str(playbook or self.playbook(role))] + list(args)
        out, err = self.directory / "stdout", self.directory / "stderr"
        with open(out, "w") as stdout, open(err, "w") as stderr:
            # Its own session: the process group of the run, for the kill.
            self.process = subprocess.Popen(command, env=dict(self.env(callback), **(env or {})), cwd=str(self.directory),
                                            stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
            try:
                rc = self.process.wait(timeout=300)
            finally:
                self.process = None
        return Run(rc, out.read_text(errors="replace"), err.read_text(errors="replace"), killed=rc == -signal.SIGKILL)

    def kill(self):
        """SIGKILL the running playbook and every process under it (workers, modules), as a lost
        machine or an OOM kill ends them: nothing of the run goes on."""
        process = self.process
        if process is None:
            return
        tree = [process.pid]
        for _round in range(2):  # stop them all first, so that none starts another meanwhile
            tree = [process.pid] + descendants(process.pid)
            for pid in tree:
                _signal(pid, signal.SIGSTOP)
        for pid in tree:
            _signal(pid, signal.SIGKILL)

    # Positions and kills -------------------------------------------------------------------

    def requests(self, role):
        """The requests of the runs since ``forget()``: ``(api, index, write, name)`` in order per API;
        the name is ``(method, path)`` of an emulator's request, the action of an AWS one."""
        found = [(API_OF[role], index, entry["method"] not in ("GET", "HEAD"), (entry["method"], entry["path"]))
                 for index, entry in enumerate(self.emulator(role).requests)]
        if role != "vpcep_private_link":
            found += [("aws", index, is_write(action), action) for index, action in enumerate(self.proxy.actions)]
        return found

    def kill_at_write(self, role, api, number, phase):
        """Arm a SIGKILL of the next run at write ``number`` (0-based) of ``api``: ``before`` it
        reaches the API (it is never applied) or ``after`` the API applied it (the answer is lost)."""
        seen = [0]

        def due(write):
            if not write:
                return False
            seen[0] += 1
            return seen[0] - 1 == number

        if api == "aws":
            def hook(index, action, at):
                if at == "before" and due(is_write(action)):
                    hook.armed = True
                    if phase == "before":
                        self.kill()
                        return True
                elif at == "after" and getattr(hook, "armed", False):
                    hook.armed = False
                    self.kill()
                return False
            self.proxy.hook = hook
            return
        emulator = self.emulator(role)
        dispatch = type(emulator).dispatch

        def killing_dispatch(request, request_id):
            if not due(request.method not in ("GET", "HEAD")):
                return dispatch(emulator, request, request_id)
            if phase == "before":
                self.kill()
                return Reply(503, None)
            reply = dispatch(emulator, request, request_id)
            self.kill()
            return reply
        emulator.dispatch = killing_dispatch

    def disarm(self):
        self.proxy.hook = None
        for emulator in (self.clickhouse, self.vpcep):
            emulator.__dict__.pop("dispatch", None)

    # What the role built -------------------------------------------------------------------

    def ec2(self):
        return boto3.client("ec2", endpoint_url=self.moto.url, region_name=AWS_REGION,
                            aws_access_key_id=AWS_ENV["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=AWS_ENV["AWS_SECRET_ACCESS_KEY"])

    def state(self, role):
        """What ``role`` built, without server-assigned IDs: equal after equal outcomes."""
        if role == "vpcep_private_link":
            state = self.vpcep.snapshot()
            services = [s for s in state["endpoint_services"] if ".orders-db." in s["service_name"]]
            ids = [s["id"] for s in services]
            return dict(services=sorted((s["status"], s.get("approval_enabled"), sorted(state["permissions"].get(s["id"], [])))
                                        for s in services),
                        endpoints=sorted((e["status"], e["vpc_id"]) for e in state["endpoints"]
                                         if e["endpoint_service_id"] in ids))
        ec2 = self.ec2()
        clickhouse = self.clickhouse.snapshot()
        if role == "clickhouse_aws_privatelink":
            endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [self.aws["vpc_id"]]}])["VpcEndpoints"]
            groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [self.aws["vpc_id"]]},
                                                           {"Name": "group-name", "Values": ["clickhouse-privatelink"]}])
            service = next(s for s in clickhouse["services"] if s["name"] == "analytics-prod" and s["region"] == AWS_REGION)
            ids = set(e["VpcEndpointId"] for e in endpoints)
            return dict(endpoints=sorted((e["State"], e["PrivateDnsEnabled"], len(e["SubnetIds"]), len(e["Groups"]))
                                         for e in endpoints),
                        security_groups=sorted(len(g["IpPermissions"]) for g in groups["SecurityGroups"]),
                        allowed=[i in ids for i in service["privateEndpointIds"]],
                        organization=sorted((e["id"] in ids, e.get("description"))
                                            for e in clickhouse["organization"]["privateEndpoints"]))
        services = [s for s in ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
                    if self.aws["nlb_arn"] in s["NetworkLoadBalancerArns"]]
        names = [s["ServiceName"] for s in services]
        principals = [sorted(p["Principal"] for p in ec2.describe_vpc_endpoint_service_permissions(
            ServiceId=s["ServiceId"])["AllowedPrincipals"]) for s in services]
        clickpipes = ClickPipesAws(self.moto.url).client(AWS_REGION).describe_vpc_endpoints()["VpcEndpoints"]
        return dict(services=sorted((s["ServiceState"], s["AcceptanceRequired"]) for s in services), principals=principals,
                    reverse_endpoints=sorted((e["status"], e.get("description"), e.get("vpcEndpointServiceName") in names)
                                             for e in clickhouse["reversePrivateEndpoints"]),
                    clickpipes_endpoints=sorted((e["State"], e["ServiceName"] in names) for e in clickpipes))


def descendants(pid):
    """Every process under ``pid`` (from /proc), children first."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _signal(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def wait_until(condition, timeout=30.0):
    """Poll ``condition`` (backing off) until it holds; its last value."""
    deadline, delay = time.monotonic() + timeout, 0.05
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(delay)
        delay = min(delay * 2, 1.0)
