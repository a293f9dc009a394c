# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The modules run inside the task's worker on the controller (plugins/plugin_utils/module_action.py)
or the usual way (AnsiballZ in a Python of its own): the same results, the same requests, either way.

Which way a task ran is read from what ansible-core leaves behind with ``ANSIBLE_KEEP_REMOTE_FILES``:
the usual way writes one ``AnsiballZ_<module>.py`` per task into the remote temporary directory, the
worker writes none. The other integration tests run every module in the worker (their interpreter
is the controller's; ``make integration-usual`` runs them all the usual way); these run each family both
ways and compare.
"""

from __future__ import annotations

import re
import sys

import pytest

from ansible_collections.privatelink.endpoints.tests.integration.aws_helpers import build_network
from ansible_collections.privatelink.endpoints.tests.integration.vpcep_helpers import UUID, connection, network, write_log
from ansible_collections.privatelink.endpoints.tests.utils.emulator_fixtures import fresh_vpcep

SWITCH = "privatelink_endpoints_in_process"
SERVICE = "3ab8586b-a57f-431b-8275-7d24942d7740"  # tests/emulators/fixtures/clickhouse.json: analytics-prod
# What differs between two runs of the same steps: generated ids and times.
GENERATED = re.compile(UUID.pattern + r"|\b(?:vpce-svc|vpce|vpc|subnet|sg)-[0-9a-f]{8,17}\b|loadbalancer/(?:app|net)/[\w/-]+"
                       r"|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?")


def masked(value):
    """``value`` with every generated id and time replaced by one placeholder."""
    if isinstance(value, dict):
        return {key: masked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [masked(item) for item in value]
    return GENERATED.sub("<generated>", value) if isinstance(value, str) else value


def run(ansible, tmp_path, in_process, module, steps, **options):
    """Run the steps one way; return (the run, how many module payloads it wrote)."""
    remote = tmp_path / ("remote-in-process" if in_process else "remote-usual")
    env = dict(ANSIBLE_KEEP_REMOTE_FILES="1", ANSIBLE_REMOTE_TMP=str(remote))
    result = ansible.steps(module, steps, env=env, extra_vars={SWITCH: in_process}, **options)
    return result, len(list(remote.rglob("AnsiballZ_*.py")))


def both_ways(ansible, tmp_path, reset, requests, module, steps, **options):
    """The steps run in the worker, then (the cloud reset) the usual way: each way's masked step
    results and requests, after checking where the module ran."""
    outcome = {}
    for in_process in (True, False):
        reset()
        result, payloads = run(ansible, tmp_path, in_process, module, steps, **options)
        assert len(result.steps) == len(steps), result
        assert payloads == (0 if in_process else len(steps)), (in_process, payloads)
        outcome[in_process] = masked(result.steps), masked(requests())
    return outcome[True], outcome[False]


def test_clickhouse_module_both_ways(ansible, tmp_path, clickhouse):
    entry = {"source": "203.0.113.7/32", "description": "bastion"}
    steps = [dict(entries=[entry], check_mode=True), dict(entries=[entry]), dict(entries=[entry]),
             dict(entries=[entry], api_retries=-1)]  # refused before any request
    worker, usual = both_ways(ansible, tmp_path, clickhouse.fresh, clickhouse.log, "clickhouse_service_ip_access_list",
                              steps, defaults=dict(service_id=SERVICE), diff=True, keep_going=True)
    assert worker == usual
    results, requests = worker
    assert [step.get("changed") for step in results] == [True, True, False, False]
    assert results[0]["diff"]["after"] != results[0]["diff"]["before"]
    assert results[3]["failed"] is True and "api_retries" in results[3]["msg"]
    assert [method for method, _path, _body in requests] == ["GET", "GET", "PATCH", "GET"]


def test_vpcep_module_both_ways(ansible, tmp_path, vpcep):
    net = network(vpcep)
    args = dict(vpc_id=net["vpc_id"], port_id=net["port_id"], name="web", server_type="VM", ports=[dict(client_port=80, server_port=8080)])
    steps = [dict(args, check_mode=True), args, args, dict(args, server_type="LB")]  # the last cannot change
    worker, usual = both_ways(ansible, tmp_path, lambda: fresh_vpcep(vpcep), lambda: write_log(vpcep), "vpcep_service", steps,
                              defaults=connection(vpcep), diff=True, keep_going=True, limit_env=[])
    assert worker == usual
    results, writes = worker
    assert [step.get("changed") for step in results] == [True, True, False, False]
    assert results[3]["failed"] is True and "server_type" in results[3]["msg"]
    assert writes == ["POST vpc-endpoint-services"]


def test_aws_module_both_ways(ansible, tmp_path, moto):
    outcome = {}
    for in_process in (True, False):
        moto.reset()
        balancer = build_network(moto)["balancer_arns"][1]
        steps = [dict(network_load_balancer_arns=[balancer], check_mode=True), dict(network_load_balancer_arns=[balancer]),
                 dict(network_load_balancer_arns=[balancer], state="absent")]
        result, payloads = run(ansible, tmp_path, in_process, "aws_vpc_endpoint_service", steps,
                               defaults=dict(endpoint_url=moto.url), diff=True)
        assert len(result.steps) == len(steps) and payloads == (0 if in_process else len(steps)), result
        outcome[in_process] = masked(result.steps), moto.writes()
    assert outcome[True] == outcome[False]
    results, writes = outcome[True]
    assert [step["changed"] for step in results] == [True, True, True]
    assert writes == ["CreateVpcEndpointServiceConfiguration", "DeleteVpcEndpointServiceConfigurations"]


def test_the_task_environment_reaches_a_module_in_the_worker(ansible, tmp_path, clickhouse):
    """Credentials given only by the task's ``environment`` keyword: the module in the worker sees
    them, and the next task (its own worker) does not."""
    credentials = {name: value for name, value in clickhouse.env().items() if name != "CLICKHOUSE_API_URL"}
    url = clickhouse.api_url
    play = tmp_path / "environment.yml"
    play.write_text("""
- hosts: localhost
  gather_facts: false
  tasks:
    - name: With the environment
      privatelink.endpoints.clickhouse_service_info:
        api_url: "%s"
        id: %s
      environment: "{{ credentials }}"
    - name: Without
      privatelink.endpoints.clickhouse_service_info:
        api_url: "%s"
        id: %s
      ignore_errors: true
""" % (url, SERVICE, url, SERVICE))
    result = ansible.run(play, dict(credentials=credentials), limit_env=[])
    assert result.rc == 0, result
    found, missing = result.outcomes("With the environment")[0], result.outcomes("Without")[0]
    assert found["services"][0]["id"] == SERVICE, found
    assert missing["failed"] is True and "CLICKHOUSE_CLOUD_API_KEY" in missing["msg"]


@pytest.mark.parametrize("interpreter, in_process", [
    ("{{ ansible_playbook_python }}", True),
    ("link", False),  # the same Python by another path: not provably the controller's, so the usual way
])
def test_the_worker_runs_a_module_only_on_the_controllers_own_python(ansible, tmp_path, clickhouse,
                                                                     interpreter, in_process):
    if interpreter == "link":
        interpreter = str(tmp_path / "python")
        (tmp_path / "python").symlink_to(sys.executable)
    remote = tmp_path / "remote"
    result = ansible.steps("clickhouse_service_info", [dict(id=SERVICE)], extra_vars={
        "ansible_python_interpreter": interpreter, SWITCH: True}, env=dict(ANSIBLE_KEEP_REMOTE_FILES="1", ANSIBLE_REMOTE_TMP=str(remote)))
    assert result.rc == 0 and result.step()["services"][0]["id"] == SERVICE, result
    assert len(list(remote.rglob("AnsiballZ_*.py"))) == (0 if in_process else 1)
