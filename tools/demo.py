# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``make demo``: the collection's three private links, end to end, against local stand-ins of the clouds.

It starts the ClickHouse Cloud and VPC Endpoint emulators and a moto server for AWS (seeded with a VPC,
subnets and a load balancer, as a customer would have them), then runs the playbooks in ``playbooks/``
that users run against the real clouds, with variables pointing at what the stand-ins hold:

1. create everything;
2. run the same again, which must change nothing;
3. say what was built (host names, endpoint IDs, states);
4. diagnose each link (state diagnosed, read-only): every check ok;
5. break the links behind the roles' back, as a colleague with a console would (the endpoint off the
   service's allow-list and its private DNS names off, the ClickPipes account off the endpoint service's
   principals, the consumer's permission revoked on the VPC Endpoint service), diagnose again to show
   each cause and its fix, repair with the roles (state present) and diagnose once more;
6. tear everything down (state absent) and show that nothing the demo made is left;

and stops the servers, also when something fails.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PLAYBOOKS = REPO / "playbooks"
BIN = Path(sys.executable).parent
# Makes the collection importable (the checkout's own tree, or the link `make collection` makes).
COLLECTIONS_ROOT = runpy.run_path(str(REPO / "tests" / "utils" / "collections_root.py"))["COLLECTIONS_ROOT"]

from ansible_collections.privatelink.endpoints.tests.utils import local_clouds  # noqa: E402  pylint: disable=wrong-import-position

# The stand-ins answer after about a second, as a real API would after minutes.
DEMO_SETTINGS = {"awake_delay": 1, "provision_delay": 1, "delete_delay": 1,
                 "service_delay": 1, "endpoint_delay": 1, "connection_delay": 1}

#: The roles' task that prints the diagnosis (state diagnosed).
REPORT_TASK = "Report, one line per check, failures first with their fix"

#: title, playbook of this directory, its state variable, variables from the world, summary lines.
Flow = namedtuple("Flow", "title playbook state_var variables summarize")


# The three flows -------------------------------------------------------------------------------

def privatelink_variables(world):
    aws = world["aws"]
    return {"clickhouse_aws_privatelink_service_name": "analytics-prod",
            "clickhouse_aws_privatelink_region": aws["region"],
            "clickhouse_aws_privatelink_vpc_id": aws["vpc_id"],
            "clickhouse_aws_privatelink_subnet_ids": aws["subnet_ids"],
            "clickhouse_aws_privatelink_tags": {"managed-by": "ansible"}}


def privatelink_summary(shown, world):
    return ["ClickHouse Cloud service analytics-prod (%s) <- AWS PrivateLink from %s"
            % (world["aws"]["region"], world["aws"]["vpc_id"]),
            "  connect to        %s (ports 8443, 9440, 3306)" % shown["private_dns_hostname"],
            "  VPC endpoint      %s, %s, private DNS on" % (shown["endpoint_id"], shown["endpoint_state"]),
            "  endpoint DNS      %s" % ", ".join(shown["dns_names"][:1])]


def clickpipes_variables(world):
    aws = world["aws"]
    return {"clickpipes_reverse_private_endpoint_service_name": "analytics-prod",
            "clickpipes_reverse_private_endpoint_region": aws["region"],
            "clickpipes_reverse_private_endpoint_provider": "aws",
            "clickpipes_reverse_private_endpoint_description": "Kafka brokers",
            "clickpipes_reverse_private_endpoint_network_load_balancer_arns": [aws["nlb_arn"]],
            # The endpoint service requires acceptance (the default): the role accepts ClickPipes' endpoint.
            "clickpipes_reverse_private_endpoint_aws_region": aws["region"]}


def clickpipes_summary(shown, world):
    return ["ClickPipes of analytics-prod -> Kafka brokers behind %s" % world["aws"]["nlb_arn"].split("/")[-2],
            "  reverse endpoint  %s, %s" % (shown["reverse_private_endpoint_id"], shown["status"]),
            "  ClickPipes use    %s" % ", ".join(shown["dns_names"] + shown["private_dns_names"]),
            "  through           VPC endpoint %s on the ClickPipes side" % shown["aws_endpoint_id"]]


def vpcep_connection(account, url, **auth):
    return dict(auth, region=account["region"], project_id=account["project_id"], endpoint_url=url)


def vpcep_variables(world):
    vpcep = world["vpcep"]
    provider, consumer = vpcep["provider"], vpcep["consumer"]
    return {
        # The provider signs requests with AK/SK; the consumer logs in with a password.
        "vpcep_private_link_provider": vpcep_connection(
            provider, vpcep["url"], access_key=provider["ak"], secret_key=provider["sk"]),
        "vpcep_private_link_consumer": vpcep_connection(
            consumer, vpcep["url"], username=consumer["user"], password=consumer["password"],
            domain_name=consumer["domain_name"], iam_url=vpcep["url"] + "/v3"),
        "vpcep_private_link_service_name": "orders-db",
        "vpcep_private_link_service_vpc_id": provider["vpc_id"],
        "vpcep_private_link_service_port_id": provider["port_id"],
        "vpcep_private_link_ports": [{"client_port": 5432, "server_port": 5432}],
        "vpcep_private_link_consumer_domain_id": consumer["domain_id"],
        "vpcep_private_link_endpoint_vpc_id": consumer["vpc_id"],
        "vpcep_private_link_endpoint_subnet_id": consumer["subnet_id"],
    }


def vpcep_summary(shown, world):
    vpcep = world["vpcep"]
    return ["Huawei Cloud VPC Endpoint: account %s -> service %s of account %s"
            % (vpcep["consumer"]["domain_name"], shown["service_name"], vpcep["provider"]["domain_name"]),
            "  connect to        %s (port 5432)" % shown["endpoint_ip"],
            "  endpoint          %s, %s" % (shown["endpoint_id"], shown["endpoint_status"]),
            "  endpoint DNS      %s" % ", ".join(shown["dns_names"])]


FLOWS = [
    Flow("AWS PrivateLink to ClickHouse Cloud", "clickhouse_aws_privatelink.yml",
         "clickhouse_aws_privatelink_state", privatelink_variables, privatelink_summary),
    Flow("ClickPipes reverse private endpoint", "clickpipes_reverse_private_endpoint.yml",
         "clickpipes_reverse_private_endpoint_state", clickpipes_variables, clickpipes_summary),
    Flow("Huawei Cloud VPC Endpoint between two accounts", "vpcep_private_link.yml",
         "vpcep_private_link_state", vpcep_variables, vpcep_summary),
]


# Running playbooks -----------------------------------------------------------------------------

class Run(namedtuple("Run", "ok tasks stats seconds errors")):
    """One ansible-playbook run: task results in order, the host's recap, what went wrong."""

    @property
    def changed(self):
        return [name for name, result in self.tasks if result.get("changed")]

    def shown(self):
        """What the playbook's last debug task showed (its ``msg``)."""
        return next(result["msg"] for name, result in reversed(self.tasks) if name.startswith("Show "))

    def report(self):
        """The lines of the role's diagnosis report (state diagnosed)."""
        return next((result["msg"] for name, result in self.tasks if name.endswith(REPORT_TASK)), [])


def run_playbook(playbook, env, variables_file, state):
    env = dict(env, ANSIBLE_STDOUT_CALLBACK="ansible.posix.json", ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
               ANSIBLE_DEPRECATION_WARNINGS="0", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_COLLECTIONS_PATH=os.pathsep.join(filter(None, [str(COLLECTIONS_ROOT),
                                                                      os.environ.get("ANSIBLE_COLLECTIONS_PATH")])))
    started = time.monotonic()
    process = subprocess.run([str(BIN / "ansible-playbook"), "-i", "localhost,", str(PLAYBOOKS / playbook),
                              "-e", "@" + variables_file, "-e", state],
                             env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    try:
        report = json.loads(process.stdout)
    except ValueError:
        return Run(False, [], {}, seconds, [process.stdout + process.stderr])
    tasks = [(task["task"]["name"], result) for play in report.get("plays", []) for task in play.get("tasks", [])
             for result in task.get("hosts", {}).values()]
    errors = ["%s: %s" % (name, result.get("msg", result)) for name, result in tasks if result.get("failed")]
    ok = process.returncode == 0
    if not ok and not errors:
        errors = [process.stderr.strip() or "ansible-playbook exited with %d" % process.returncode]
    return Run(ok, tasks, report.get("stats", {}).get("localhost", {}), seconds, errors)


def run_round(heading, env, files, state):
    """Run every flow once, side by side (they touch different things); print what each changed.

    Return the runs by playbook, or None when one failed.
    """
    print("\n== %s" % heading, flush=True)
    with ThreadPoolExecutor(len(FLOWS)) as pool:
        runs = list(pool.map(lambda flow: run_playbook(
            flow.playbook, env, files[flow.playbook], "%s=%s" % (flow.state_var, state)), FLOWS))
    for flow, run in zip(FLOWS, runs):
        print("   %-48s changed=%-2d ok=%-2d %5.1fs  (playbooks/%s)"
              % (flow.title, run.stats.get("changed", 0), run.stats.get("ok", 0), run.seconds, flow.playbook))
        for name in run.changed:
            print("        changed: %s" % name.split(" : ", 1)[-1])  # without the role's name
        for error in run.errors:
            print("        FAILED %s" % error)
    sys.stdout.flush()
    return None if any(not run.ok for run in runs) else {flow.playbook: run for flow, run in zip(FLOWS, runs)}


# Diagnosis: report, break, repair -------------------------------------------------------------

def print_reports(runs, problems_only=False):
    """Each flow's diagnosis: a count, and with ``problems_only`` the failed checks with their fixes."""
    healthy = True
    for flow in FLOWS:
        lines = runs[flow.playbook].report()
        failed = [line for line in lines if line.startswith("FAIL")]
        healthy = healthy and bool(lines) and not failed
        counts = {}
        for line in lines:
            if not line.startswith(" "):
                counts[line.split()[0].lower()] = counts.get(line.split()[0].lower(), 0) + 1
        print("   %-48s %s" % (flow.title, ", ".join("%d %s" % (n, status) for status, n in sorted(counts.items()))))
        if problems_only:
            for line in lines:
                if line.startswith(("FAIL", "WARN", "  ")):
                    print("      " + line.strip())
    sys.stdout.flush()
    return healthy


def break_links(clouds, shown):
    """One fault per link, made directly through the APIs (not the roles); return what was done."""
    import boto3
    import requests

    env, world = clouds["env"], clouds["world"]
    done = []
    # ClickHouse Cloud: the endpoint leaves analytics-prod's allow-list ("Connection reset by peer").
    endpoint_id = shown["clickhouse_aws_privatelink.yml"]["endpoint_id"]
    auth = (env["CLICKHOUSE_CLOUD_API_KEY"], env["CLICKHOUSE_CLOUD_API_SECRET"])
    base = "%s/organizations/%s/services" % (env["CLICKHOUSE_API_URL"], env["CLICKHOUSE_ORG_ID"])
    service = next(s for s in requests.get(base, auth=auth, timeout=30).json()["result"]
                   if s["name"] == "analytics-prod" and s["region"] == world["aws"]["region"])
    requests.patch("%s/%s" % (base, service["id"]), auth=auth, timeout=30,
                   json={"privateEndpointIds": {"remove": [endpoint_id]}}).raise_for_status()
    done.append("ClickHouse Cloud: %s removed from the allow-list of analytics-prod" % endpoint_id)
    ec2 = boto3.client("ec2", endpoint_url=env["AWS_URL"], region_name=world["aws"]["region"],
                       aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    # AWS: private DNS names turned off on that endpoint ("Not found address of host").
    ec2.modify_vpc_endpoint(VpcEndpointId=endpoint_id, PrivateDnsEnabled=False)
    done.append("AWS: private DNS names turned off on %s" % endpoint_id)
    # AWS: the ClickPipes account is no longer an allowed principal of the Kafka endpoint service.
    kafka = next(c for c in ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
                 if world["aws"]["nlb_arn"] in c.get("NetworkLoadBalancerArns", []))
    principals = [a["Principal"] for a in ec2.describe_vpc_endpoint_service_permissions(
        ServiceId=kafka["ServiceId"])["AllowedPrincipals"]]
    ec2.modify_vpc_endpoint_service_permissions(ServiceId=kafka["ServiceId"], RemoveAllowedPrincipals=principals)
    done.append("AWS: %s removed from the allowed principals of %s" % (", ".join(principals), kafka["ServiceId"]))
    # Huawei Cloud: the provider revokes the consumer's permission on its endpoint service.
    done.append(revoke_vpcep_permission(world["vpcep"]))
    return done


def revoke_vpcep_permission(vpcep):
    """Remove every permission of the demo's endpoint service, signed as the provider (AK/SK)."""
    from types import SimpleNamespace

    from ansible_collections.privatelink.endpoints.plugins.module_utils.vpcep import VpcepClient, vpcep_argument_spec

    provider = vpcep["provider"]
    params = {name: spec.get("default") for name, spec in vpcep_argument_spec().items()}
    params.update(vpcep_connection(provider, vpcep["url"], access_key=provider["ak"], secret_key=provider["sk"]))
    client = VpcepClient(SimpleNamespace(params=params))
    service = client.find_service(name="orders-db")
    current = client.permissions(service["id"])
    client.set_permissions(service["id"], current, [])
    return "VPC Endpoint: %s revoked on %s" % (", ".join(current), service["service_name"])


# What exists, to show that the teardown leaves nothing behind ----------------------------------------

def inventory(clouds):
    """Everything the stand-ins hold that a flow could create, as readable names."""
    import boto3

    env, world = clouds["env"], clouds["world"]

    def state(emulator):
        with urllib.request.urlopen(world[emulator]["url"] + "/_emulator/state") as answer:
            return json.load(answer)

    clickhouse, vpcep = state("clickhouse"), state("vpcep")
    ec2 = boto3.client("ec2", endpoint_url=env["AWS_URL"], region_name=world["aws"]["region"],
                       aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    return set(
        ["ClickPipes reverse private endpoint %s" % rpe["id"] for rpe in clickhouse["reversePrivateEndpoints"]]
        + ["%s on the allow-list of %s" % (endpoint_id, service["name"])
           for service in clickhouse["services"] for endpoint_id in service.get("privateEndpointIds") or []]
        + ["%s registered in the organization" % e["id"] for e in clickhouse["organization"]["privateEndpoints"]]
        + ["VPC Endpoint service %s" % s["service_name"] for s in vpcep["endpoint_services"]]
        + ["VPC Endpoint endpoint %s" % e["id"] for e in vpcep["endpoints"]]
        + ["AWS VPC endpoint %s" % e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]
           if e["State"] not in ("deleted", "deleting")]
        + ["AWS endpoint service %s" % s["ServiceName"]
           for s in ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]]
        + ["AWS security group %s" % g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]]
    )


def diagnose_break_repair(clouds, env, files, shown):
    """Rounds 3 to 7: diagnose (all ok), break one thing per link, diagnose (cause and fix), repair, diagnose."""
    first = run_round("3. Diagnose each link (state=diagnosed, read-only)", env, files, "diagnosed")
    if not first or not print_reports(first) or any(run.changed for run in first.values()):
        print("   expected every check ok and nothing changed")
        return False
    print("\n== 4. Break the links, behind the roles' back")
    for line in break_links(clouds, shown):
        print("   " + line)
    broken = run_round("5. Diagnose again: the cause and its fix", env, files, "diagnosed")
    if not broken or print_reports(broken, problems_only=True):
        print("   expected each link to report its fault")
        return False
    repaired = run_round("6. Repair with the roles (state=present)", env, files, "present")
    final = repaired and run_round("7. Diagnose once more", env, files, "diagnosed")
    return bool(final) and print_reports(final)


def main():
    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="privatelink-demo-")
    print("privatelink.endpoints demo: three private links, created, re-applied and torn down against local"
          "\nstand-ins of ClickHouse Cloud, Huawei Cloud VPC Endpoint and AWS (moto).", flush=True)
    clouds = local_clouds.start(workdir, DEMO_SETTINGS)
    print("Local clouds up in %.1fs." % (time.monotonic() - started))
    env = dict(os.environ, **clouds["env"])
    before = inventory(clouds)
    files = {}
    for flow in FLOWS:
        files[flow.playbook] = os.path.join(workdir, flow.playbook.replace(".yml", ".vars.json"))
        with open(files[flow.playbook], "w") as handle:
            json.dump(flow.variables(clouds["world"]), handle)
    try:
        created = run_round("1. Create (state=present)", env, files, "present")
        again = created and run_round("2. The same again: nothing may change", env, files, "present")
        diagnosed = False
        if again:
            print("\n== What was built")
            for flow in FLOWS:
                print("\n".join(["   " + line for line in flow.summarize(again[flow.playbook].shown(),
                                                                         clouds["world"])]))
            diagnosed = diagnose_break_repair(clouds, env, files, {f.playbook: again[f.playbook].shown() for f in FLOWS})
        removed = run_round("%s. Tear down (state=absent)" % (8 if again else 3), env, files, "absent")
        left = sorted(inventory(clouds) - before) if removed else ["(teardown failed)"]
        print("   left behind: %s" % (", ".join(left) or "nothing; what existed before the demo is still there"))
    finally:
        local_clouds.stop(workdir)
    idempotent = bool(again) and all(not run.changed for run in again.values())
    success = bool(created and again and removed) and idempotent and diagnosed and not left
    if success:
        shutil.rmtree(workdir)
    else:
        print("The local clouds' log and the variables used are in %s." % workdir)
    print("\nLocal clouds stopped. Demo %s in %.0fs%s." % (
        "finished" if success else "FAILED", time.monotonic() - started,
        ": created, unchanged on the second run, diagnosed, broken, diagnosed, repaired, torn down" if success else ""))
    return 0 if success else 1


if __name__ == "__main__":
    sys.exit(main())
