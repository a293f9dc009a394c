# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The three roles as a user's playbook runs them against the local clouds (tests/utils/local_clouds.py).

``options(clouds, api)`` gives each API's connection options from what the local clouds
started with, ``role_vars(role, clouds)`` the variables of each role's flow on the seeded
networks, ``playbook(...)`` a one-play playbook with the credentials where a test wants
them, and ``built(role, clouds)`` reads back from the clouds what the role built.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import boto3
import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ROLES = ("clickhouse_aws_privatelink", "clickpipes_reverse_private_endpoint", "vpcep_private_link")
# Short delays: the roles still wait for every transition, without making the tests slow.
SETTINGS = {"awake_delay": 0.1, "provision_delay": 0.1, "delete_delay": 0.1, "service_delay": 0.1,
            "endpoint_delay": 0.1, "connection_delay": 0.1}
# The secrets the local clouds hand out, for checks that none reaches any output.
SECRET_NAMES = ("CLICKHOUSE_CLOUD_API_SECRET",)


def options(clouds, api, account="provider"):
    """Connection options of one API (``clickhouse``, ``aws`` or ``vpcep``) as module options."""
    env = clouds["env"]
    if api == "clickhouse":
        return {"api_url": env["CLICKHOUSE_API_URL"], "organization_id": env["CLICKHOUSE_ORG_ID"],
                "api_key_id": env["CLICKHOUSE_CLOUD_API_KEY"], "api_key_secret": env["CLICKHOUSE_CLOUD_API_SECRET"]}
    if api == "aws":
        return {"endpoint_url": env["AWS_URL"], "access_key": env["AWS_ACCESS_KEY_ID"],
                "secret_key": env["AWS_SECRET_ACCESS_KEY"], "region": env["AWS_REGION"]}
    return dict(vpcep_endpoints(clouds), **vpcep_credentials(clouds, account))


def vpcep_endpoints(clouds):
    """Where the VPC Endpoint emulator answers (the modules have no variable for these)."""
    url = clouds["world"]["vpcep"]["url"]
    return {"endpoint_url": url, "iam_url": url + "/v3"}


def vpcep_credentials(clouds, account):
    acct = clouds["world"]["vpcep"][account]
    return {"region": acct["region"], "project_id": acct["project_id"], "access_key": acct["ak"], "secret_key": acct["sk"]}


def env(clouds, api, account="provider"):
    """The environment variables a user would export for one API (VPCEP: one account)."""
    if api == "clickhouse":
        return {k: v for k, v in clouds["env"].items() if k.startswith("CLICKHOUSE_")}
    if api == "aws":
        return {k: v for k, v in clouds["env"].items() if k.startswith("AWS_")}
    acct = clouds["world"]["vpcep"][account]
    return {"OS_REGION_NAME": acct["region"], "HUAWEICLOUD_SDK_PROJECT_ID": acct["project_id"],
            "HUAWEICLOUD_SDK_AK": acct["ak"], "HUAWEICLOUD_SDK_SK": acct["sk"]}


def secrets(clouds):
    """Every secret the local clouds hold for the roles."""
    found = [clouds["env"][name] for name in SECRET_NAMES]
    for account in ("provider", "consumer"):
        acct = clouds["world"]["vpcep"][account]
        found += [acct["sk"], acct["password"], acct["temp_sk"]]
    return found


def role_vars(role, clouds, account_vars=None):
    """The variables of the role's flow on the seeded networks (as the molecule scenarios use)."""
    world = clouds["world"]
    aws = world["aws"]
    if role == "clickhouse_aws_privatelink":
        result = {"service_name": "analytics-prod", "region": aws["region"], "vpc_id": aws["vpc_id"],
                  "subnet_ids": aws["subnet_ids"]}
    elif role == "clickpipes_reverse_private_endpoint":
        result = {"service_name": "analytics-prod", "region": aws["region"], "provider": "aws",
                  "description": "Kafka brokers", "network_load_balancer_arns": [aws["nlb_arn"]],
                  # moto does not accept endpoint connections: this endpoint service accepts them itself.
                  "acceptance_required": False}
    else:
        provider, consumer = world["vpcep"]["provider"], world["vpcep"]["consumer"]
        result = {"service_name": "orders-db", "service_vpc_id": provider["vpc_id"],
                  "service_port_id": provider["port_id"],
                  "ports": [{"client_port": 5432, "server_port": 5432, "protocol": "TCP"}],
                  "consumer_domain_id": consumer["domain_id"], "endpoint_vpc_id": consumer["vpc_id"],
                  "endpoint_subnet_id": consumer["subnet_id"]}
    result.update(account_vars or {})
    return {"%s_%s" % (role, name): value for name, value in result.items()}


def same_project_vars(clouds):
    """vpcep_private_link's variables for a link between two VPCs of the provider's project:
    one account, so one set of credentials (play defaults, environment, or one AWX credential)."""
    variables = role_vars("vpcep_private_link", clouds)
    provider = clouds["world"]["vpcep"]["provider"]
    variables.update(vpcep_private_link_consumer_domain_id=provider["domain_id"],
                     vpcep_private_link_endpoint_vpc_id=provider["vpc_id"],
                     vpcep_private_link_endpoint_subnet_id=provider["subnet_id"])
    return variables


def playbook(role, variables, module_defaults=None, environment=None):
    """A user's playbook: one play on localhost that includes the role."""
    play = {"name": "Run %s" % role, "hosts": "localhost", "gather_facts": False,
            "tasks": [{"name": "Run the role", "ansible.builtin.include_role": {"name": "privatelink.endpoints." + role},
                       "vars": variables}]}
    if module_defaults:
        play["module_defaults"] = module_defaults
    if environment:
        play["environment"] = environment
    return yaml.safe_dump([play], sort_keys=False)


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as answer:  # nosec: the local emulators
        return json.load(answer)


def built(role, clouds):
    """What the role left in the local clouds, to compare with what it should have built."""
    world = clouds["world"]
    if role == "vpcep_private_link":
        state = _get(world["vpcep"]["url"] + "/_emulator/state")
        services = [s for s in state["endpoint_services"] if ".orders-db." in s["service_name"]]
        endpoints = [e for e in state["endpoints"] if services and e["endpoint_service_id"] == services[0]["id"]]
        return {"services": len(services), "endpoint_status": [e["status"] for e in endpoints]}
    ec2 = boto3.client("ec2", endpoint_url=clouds["env"]["AWS_URL"], region_name=clouds["env"]["AWS_REGION"],
                       aws_access_key_id=clouds["env"]["AWS_ACCESS_KEY_ID"],
                       aws_secret_access_key=clouds["env"]["AWS_SECRET_ACCESS_KEY"])
    state = _get(world["clickhouse"]["url"] + "/_emulator/state")
    if role == "clickhouse_aws_privatelink":
        endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [world["aws"]["vpc_id"]]}])["VpcEndpoints"]
        service = next(s for s in state["services"] if s["name"] == "analytics-prod" and s["region"] == "us-east-1")
        return {"endpoint_states": [e["State"] for e in endpoints],
                "allowed": sorted(set(e["VpcEndpointId"] for e in endpoints) & set(service["privateEndpointIds"]))}
    services = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    kafka = [s for s in services if world["aws"]["nlb_arn"] in s["NetworkLoadBalancerArns"]]
    return {"endpoint_services": len(kafka),
            "reverse_endpoints": [e["status"] for e in state["reversePrivateEndpoints"]
                                  if kafka and e.get("vpcEndpointServiceName") == kafka[0]["ServiceName"]]}


def assert_built(role, clouds):
    found = built(role, clouds)
    if role == "vpcep_private_link":
        assert found == {"services": 1, "endpoint_status": ["accepted"]}, found
    elif role == "clickhouse_aws_privatelink":
        assert found["endpoint_states"] == ["available"] and len(found["allowed"]) == 1, found
    else:
        assert found == {"endpoint_services": 1, "reverse_endpoints": ["Ready"]}, found


def install_collection(directory):
    """Build the collection from the files git knows and install the tarball alone, as a user does.

    Returns the collections directory (it holds ``ansible_collections/privatelink/endpoints``).
    amazon.aws, the dependency, comes from the ``ansible`` package: Galaxy is not reachable here.
    """
    directory = Path(directory)
    source = directory / "source"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=str(REPO),
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in listed:
        if name and (REPO / name).is_file():
            target = source / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((REPO / name).read_bytes())
    dist = directory / "dist"
    subprocess.run([str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(dist), str(source)],
                   check=True, capture_output=True)
    [tarball] = dist.glob("privatelink-endpoints-*.tar.gz")
    collections = directory / "collections"
    # Nothing of the checkout: with it on the path, ansible-galaxy finds the collection installed and skips it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["ANSIBLE_COLLECTIONS_PATH"] = sysconfig.get_paths()["purelib"]
    subprocess.run([str(BIN / "ansible-galaxy"), "collection", "install", "--offline", "-p", str(collections),
                    str(tarball)], check=True, capture_output=True, env=env)
    assert (collections / "ansible_collections" / "privatelink" / "endpoints" / "MANIFEST.json").is_file()
    return collections
