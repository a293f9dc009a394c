# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Local stand-ins for every cloud the roles talk to, in one background process.

The API emulators (ClickHouse Cloud, Huawei/OTC VPC Endpoint) and a moto
server for AWS are started on free loopback ports. The AWS side is seeded with
what a customer has before the roles run (a VPC, two subnets, a network load
balancer in front of a data source), as the emulators come seeded with
services and projects.

``start(directory)`` launches the process and returns ``clouds.json``:
``env`` (the variables that point the modules at the servers) and ``world``
(the IDs the playbooks need). ``stop(directory)`` ends it by its pid. The demo
and the molecule scenarios both use it::

    python -m ansible_collections.privatelink.endpoints.tests.utils.local_clouds start DIR
    python -m ansible_collections.privatelink.endpoints.tests.utils.local_clouds stop DIR
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time

MODULE = "ansible_collections.privatelink.endpoints.tests.utils.local_clouds"
STATE_FILE = "clouds.json"
LOG_FILE = "clouds.log"
START_TIMEOUT = 60
STOP_TIMEOUT = 10

AWS_REGION = "us-east-1"
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": AWS_REGION,
    "AWS_DEFAULT_REGION": AWS_REGION,
}


# The process that serves -------------------------------------------------------------------

def seed_aws(url):
    """Create in moto what exists on AWS before the roles run; return its IDs.

    The customer's side: a VPC with two subnets and a network load balancer in
    front of a data source (for ClickPipes). ClickHouse Cloud's side: the
    endpoint service its services are reached through, which the ClickHouse
    emulator is then told to name in ``privateEndpointConfig``.
    """
    import boto3

    from ansible_collections.privatelink.endpoints.tests.utils.aws_network import seed_network

    session = boto3.session.Session(aws_access_key_id=AWS_ENV["AWS_ACCESS_KEY_ID"],
                                    aws_secret_access_key=AWS_ENV["AWS_SECRET_ACCESS_KEY"],
                                    region_name=AWS_REGION)
    ec2 = session.client("ec2", endpoint_url=url)
    elb = session.client("elbv2", endpoint_url=url)
    vpc_cidr = "10.20.0.0/16"
    analytics = seed_network(ec2, elb, vpc_cidr, ("kafka-brokers",), name="analytics", dns_hostnames=True)
    # ClickHouse Cloud's endpoint services accept automatically and carry the private DNS name
    # the ClickHouse guide's private DNS step relies on.
    clickhouse = seed_network(ec2, elb, "10.99.0.0/16", ("clickhouse-cloud",), name="clickhouse-cloud",
                              dns_hostnames=True, endpoint_service=dict(
                                  AcceptanceRequired=False, PrivateDnsName="*.%s.vpce.aws.clickhouse.cloud" % AWS_REGION))
    return {"region": AWS_REGION, "vpc_id": analytics["vpc_id"], "vpc_cidr": vpc_cidr,
            "subnet_ids": analytics["subnet_ids"], "nlb_arn": analytics["balancer_arns"][0],
            "clickhouse_endpoint_service": clickhouse["service_name"]}


def emulators():
    """Every API emulator, as ``python -m ...tests.emulators`` starts them."""
    from ansible_collections.privatelink.endpoints.tests.emulators.__main__ import EMULATORS

    return [emulator_class() for emulator_class in EMULATORS]


def serve(directory, settings=None):
    """Start everything, write the state file, and serve until SIGTERM or SIGINT."""
    from moto.server import ThreadedMotoServer

    from ansible_collections.privatelink.endpoints.tests.utils.moto_extensions import install

    install()  # the PrivateLink calls moto lacks, see moto_extensions
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per AWS request
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    env = dict(AWS_ENV, AWS_URL="http://%s:%d" % moto.get_host_and_port())
    world = {"aws": seed_aws(env["AWS_URL"])}
    # ClickPipes' endpoints to the customer's endpoint services are made in moto, so accepting them there
    # turns the reverse private endpoints Ready (tests/emulators/clickpipes_aws.py).
    settings = dict(settings or {}, endpoint_service_names={AWS_REGION: world["aws"]["clickhouse_endpoint_service"]},
                    aws_endpoint_url=env["AWS_URL"])
    for emulator in emulators():
        emulator.configure(**{name: value for name, value in settings.items() if name in emulator.DEFAULT_SETTINGS})
        emulator.seed()
        emulator.start()
        world[emulator.name] = {"url": emulator.url}  # its controls are under /_emulator
        if hasattr(emulator, "account"):
            # VPC Endpoint links two accounts: no environment could stand for both, so each
            # one's credentials and network IDs go to the world for the playbooks to pass.
            world[emulator.name].update(provider=emulator.account("provider"), consumer=emulator.account("consumer"))
        else:
            env.update(emulator.env())

    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *args: stopped.set())
    _write_json(os.path.join(directory, STATE_FILE), {"pid": os.getpid(), "env": env, "world": world})
    stopped.wait()
    # Nothing to save: end at once rather than wait for idle keep-alive connections.
    os._exit(0)


def _write_json(path, data):
    """Write atomically: a reader never sees half a file."""
    partial = path + ".partial"
    with open(partial, "w") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
    os.replace(partial, path)


# Starting and stopping it from outside --------------------------------------------------------

def start(directory, settings=None):
    """Launch the servers in the background; return the state (pid, env, world)."""
    directory = os.path.abspath(directory)
    os.makedirs(directory, exist_ok=True)
    state_path = os.path.join(directory, STATE_FILE)
    if os.path.exists(state_path):
        stop(directory)
    command = [sys.executable, "-m", MODULE, "serve", directory]
    if settings:
        command += ["--settings", json.dumps(settings)]
    with open(os.path.join(directory, LOG_FILE), "wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                   start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while not os.path.exists(state_path):
        if process.poll() is not None:
            raise RuntimeError("the local clouds exited with %s; see %s"
                               % (process.returncode, os.path.join(directory, LOG_FILE)))
        if time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError("the local clouds did not start within %ss" % START_TIMEOUT)
        time.sleep(0.1)
    return load(directory)


def load(directory):
    with open(os.path.join(directory, STATE_FILE)) as handle:
        return json.load(handle)


def stop(directory):
    """Stop the servers started in ``directory`` (by their pid); True when one was running."""
    state_path = os.path.join(os.path.abspath(directory), STATE_FILE)
    try:
        pid = load(directory)["pid"]
    except (OSError, ValueError, KeyError):
        return False
    os.remove(state_path)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + STOP_TIMEOUT
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    return True


def _alive(pid):
    """Running, and not a zombie waiting for its parent (init, here) to reap it."""
    try:
        os.kill(pid, 0)
        with open("/proc/%d/stat" % pid) as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except ProcessLookupError:
        return False
    except OSError:  # no /proc: trust kill()
        return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("action", choices=("start", "stop", "serve"))
    parser.add_argument("directory", help="where the state file and the log go")
    parser.add_argument("--settings", type=json.loads, default=None,
                        help="emulator settings as JSON, e.g. '{\"provision_delay\": 0.2}'")
    args = parser.parse_args(argv)
    if args.action == "serve":
        serve(args.directory, args.settings)
    elif args.action == "start":
        json.dump(start(args.directory, args.settings), sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        stop(args.directory)


if __name__ == "__main__":
    main()
