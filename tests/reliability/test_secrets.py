# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No secret in any output: every module, at verbosity 4 with --diff, against APIs that fail and
echo the credentials back, with the credentials given as options and through the environment.
In this process, the output checked is the module's whole JSON answer (what ``-vvvv`` prints);
then real ``ansible-playbook -vvvv --diff`` runs of every module and every role, whose stdout,
log file and request URLs are checked."""

from __future__ import annotations

import base64
import importlib
import json
import re

import pytest
import yaml

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault, Reply
from ansible_collections.privatelink.endpoints.tests.reliability.harness import TALLY, run_module
from ansible_collections.privatelink.endpoints.tests.reliability.roles import TRACEBACK
from ansible_collections.privatelink.endpoints.tests.reliability.test_inputs import MODULES

CLICKHOUSE_KEY = ("AbCdEfGhIjKlMnOp1234", "4b1dSecretClickHouseKeyValue0123456789xyz")
VPCEP_SECRETS = dict(secret_key="QWERTYsecretKeyForHuaweiCloud1234567890ab", security_token="TmpSecurityToken-XYZ-987",
                     auth_token="MIIEhgYJKoZIhvcNAQcCoIIEdzCCBHMCAQExDTALBglghkgBZQMEAgEwggLU",
                     password="Pa55w0rd!Secret")
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
VPCEP_WAYS = {
    "aksk": dict(access_key="HPUAEXAMPLEAKID12345", secret_key=VPCEP_SECRETS["secret_key"],
                 security_token=VPCEP_SECRETS["security_token"]),
    "token": dict(auth_token=VPCEP_SECRETS["auth_token"]),
    "password": dict(username="ops", password=VPCEP_SECRETS["password"], domain_name="hwc-provider"),
}
ENV_OF = dict(api_key_id="CLICKHOUSE_CLOUD_API_KEY", api_key_secret="CLICKHOUSE_CLOUD_API_SECRET",
              access_key="HUAWEICLOUD_SDK_AK", secret_key="HUAWEICLOUD_SDK_SK",
              security_token="HUAWEICLOUD_SDK_SECURITY_TOKEN", auth_token="OS_AUTH_TOKEN", username="OS_USERNAME",
              password="OS_PASSWORD", domain_name="OS_USER_DOMAIN_NAME")
AWS_ENV = dict(access_key="AWS_ACCESS_KEY_ID", secret_key="AWS_SECRET_ACCESS_KEY")


SECRET_OPTIONS = ("api_key_secret", "secret_key", "security_token", "auth_token", "password")


def secrets(given):
    """The secrets among the options or environment of one run (and the Basic header they make)."""
    found = [given[k] for k in SECRET_OPTIONS if given.get(k)]
    if given.get("api_key_secret"):
        found.append(base64.b64encode(("%s:%s" % CLICKHOUSE_KEY).encode()).decode())
    return found


def echo(family, given):
    """Faults that answer every request with an error repeating every credential of the run."""
    text = "invalid credentials: " + " ".join(secrets(given))
    if family == "vpcep":
        return [Fault(status=401, count=10000, body={"error_code": "APIGW.0301", "error_msg": text})]
    found = [Fault(path="^/$", status=400, count=10000, html="<Response><Errors><Error><Code>AuthFailure</Code>"
                   "<Message>%s</Message></Error></Errors><RequestID>r-1</RequestID></Response>" % text)]
    if family != "aws":  # ClickHouse (and the diagnoses' AWS side, at "/" of the same emulator)
        found.append(Fault(status=400, count=10000, body={"status": 400, "error": "BAD_REQUEST: " + text}))
    return found


def runs(name, emulators):
    """(options, environment) pairs: credentials as options, then from the environment."""
    family, valid, dummy, dummy = MODULES[name]
    if family == "clickhouse":
        emulator = emulators["clickhouse"]
        ways = [dict(api_url=emulator.api_url, organization_id=emulator.org_id, api_key_id=CLICKHOUSE_KEY[0],
                     api_key_secret=CLICKHOUSE_KEY[1])]
        env_of = ENV_OF
    elif family == "vpcep":
        emulator = emulators["vpcep"]
        account = emulator.account("provider")
        base = dict(region=account["region"], project_id=account["project_id"], endpoint_url=emulator.url,
                    iam_url=emulator.url + "/v3")
        ways = [dict(base, **way) for way in VPCEP_WAYS.values()]
        env_of = ENV_OF
    else:
        ways = [dict(region="us-east-1", endpoint_url=emulators["clickhouse"].url, access_key="AKIDEXAMPLE",
                     secret_key=AWS_SECRET)]
        env_of = AWS_ENV
        if family == "clickhouse_aws":  # the diagnoses read both sides
            emulator = emulators["clickhouse"]
            ways = [dict(way, api_url=emulator.api_url, organization_id=emulator.org_id, api_key_id=CLICKHOUSE_KEY[0],
                         api_key_secret=CLICKHOUSE_KEY[1]) for way in ways]
            env_of = dict(ENV_OF, **AWS_ENV)
    for way in ways:
        options = dict(way, **valid)
        yield options, {}
        yield ({k: v for k, v in options.items() if k not in env_of},
               {env_of[k]: v for k, v in options.items() if k in env_of})


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_secret_in_any_output_even_when_the_api_echoes_it(name, emulators, monkeypatch):
    emulators = {key: fresh() for key, fresh in emulators.items()}
    family = MODULES[name][0]
    emulator = emulators["vpcep" if family == "vpcep" else "clickhouse"]
    module = importlib.import_module("ansible_collections.privatelink.endpoints.plugins.modules." + name)
    leaks = []
    for options, env in runs(name, emulators):
        given = dict(options, **env)
        given.update((option, env[variable]) for option, variable in dict(ENV_OF, **AWS_ENV).items()
                     if variable in env)
        emulator.faults[:] = echo(family, given)
        emulator.requests.clear()
        result = run_module(module, dict(options, api_retries=0) if family != "aws" else options,
                            diff=True, verbosity=4, env=dict(env, AWS_MAX_ATTEMPTS="1"))
        assert "traceback" not in result, result["traceback"]
        # A diagnosis reports what it could not read as a failed check, and succeeds.
        refused = result.get("failed") or any(check["status"] == "fail" for check in result.get("checks", []))
        assert refused and emulator.requests, "the API was not reached: %s" % result.get("msg")
        text = json.dumps(result)
        leaks += ["%s (%s from %s)" % (secret[:6], name, "environment" if env else "options")
                  for secret in secrets(given) if secret in text]
    TALLY["leaks"] += len(leaks)
    assert not leaks, leaks


# Real ansible-playbook runs ------------------------------------------------------------------------
# What a user sees: the real stdout of ``ansible-playbook -vvvv --diff`` (default callback), its log
# file (ANSIBLE_LOG_PATH) and the URLs the APIs were called with, for every module (credentials as
# options, then from the environment) and every role, against APIs that echo every credential.

EVERY_SECRET = [CLICKHOUSE_KEY[1], base64.b64encode(("%s:%s" % CLICKHOUSE_KEY).encode()).decode(), AWS_SECRET,
                VPCEP_SECRETS["secret_key"], VPCEP_SECRETS["security_token"], VPCEP_SECRETS["password"]]
# What in a request tells whose it is -> the secrets of that way in, which the API's error repeats.
# (An AK/SK signature does not carry the SK: the API "knows" it all the same, as a worst case.)
WHOSE = [(EVERY_SECRET[1], EVERY_SECRET[:2]), ("AKIDEXAMPLE/", [AWS_SECRET]),
         (VPCEP_WAYS["aksk"]["access_key"], [VPCEP_SECRETS["secret_key"], VPCEP_SECRETS["security_token"]]),
         (VPCEP_SECRETS["password"], [VPCEP_SECRETS["password"]])]
ECHO = "invalid credentials:"


def echo_credentials(emulator, paths=".*"):
    """Every request to ``emulator`` on ``paths`` (a regular expression) answers an error that repeats the credentials
    it came with, in the API's own error format; returns the list the echoed requests go to."""
    dispatch, echoed = type(emulator).dispatch, []

    def echoing(request, request_id):
        if not re.fullmatch(paths, request.path):
            return dispatch(emulator, request, request_id)
        seen = " ".join(str(v) for v in request.headers.values()) + request.raw_body.decode("utf-8", "replace")
        text = " ".join([ECHO] + [secret for marker, secrets in WHOSE if marker in seen for secret in secrets])
        echoed.append(text)
        if request.path == "/":  # AWS, at the ClickHouse emulator's URL
            return Reply(400, "<Response><Errors><Error><Code>AuthFailure</Code><Message>%s</Message></Error></Errors>"
                              "<RequestID>r-1</RequestID></Response>" % text, {"Content-Type": "text/html"})
        if request.path.startswith("/v3/"):  # IAM
            return Reply(401, {"error": {"code": 401, "title": "Unauthorized", "message": text}})
        return Reply(400 if emulator.name == "clickhouse" else 401,
                     {"status": 400, "error": "BAD_REQUEST: " + text} if emulator.name == "clickhouse"
                     else {"error_code": "APIGW.0301", "error_msg": text})
    emulator.dispatch = echoing
    return echoed


def module_connections(family, world):
    """(way, options, environment) of one family: the secrets as options, then from the environment."""
    clickhouse = dict(api_url=world.clickhouse.api_url, organization_id=world.clickhouse.org_id)
    clickhouse_keys = dict(api_key_id=CLICKHOUSE_KEY[0], api_key_secret=CLICKHOUSE_KEY[1])
    aws = dict(region="us-east-1", endpoint_url=world.clickhouse.url)
    aws_keys = dict(access_key="AKIDEXAMPLE", secret_key=AWS_SECRET)
    account = world.vpcep.account("provider")
    vpcep = dict(region=account["region"], project_id=account["project_id"], endpoint_url=world.vpcep.url,
                 iam_url=world.vpcep.url + "/v3", api_retries=0)
    if family == "clickhouse":
        parts = [(dict(clickhouse, api_retries=0), clickhouse_keys, ENV_OF)]
    elif family == "clickhouse_aws":
        parts = [(dict(clickhouse, api_retries=0), clickhouse_keys, ENV_OF), (aws, aws_keys, AWS_ENV)]
    elif family == "aws":
        parts = [(aws, aws_keys, AWS_ENV)]
    else:
        return [("options", dict(vpcep, **VPCEP_WAYS["aksk"]), {}),
                ("environment", vpcep, {ENV_OF[k]: v for k, v in VPCEP_WAYS["password"].items()})]
    options = {k: v for base, keys, names in parts for k, v in dict(base, **keys).items()}
    bare = {k: v for base, keys, names in parts for k, v in base.items()}
    env = {names[k]: v for base, keys, names in parts for k, v in keys.items()}
    return [("options", options, {}), ("environment", bare, env)]


def templated(value, names):
    """``value`` with each secret replaced by a reference to the variable ``names[secret]``."""
    if isinstance(value, dict):
        return {k: templated(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [templated(v, names) for v in value]
    return "{{ %s }}" % names[value] if value in names else value


def leaks_in(texts, secrets=()):
    return ["%s... in %s" % (secret[:6], name) for name, text in texts for secret in EVERY_SECRET + list(secrets)
            if secret in text]


@pytest.mark.parametrize("way", ["options", "environment"])
def test_no_secret_in_real_playbook_output_of_any_module_at_vvvv_with_diff(way, worlds):
    """One playbook, a task per module; the credentials as options, or in ansible-playbook's environment
    (as a user exports them: the ``environment`` keyword's values show at -vvvv, Ansible prints them)."""
    world = worlds.get()
    try:
        world.reset()
        echoed = [echo_credentials(world.clickhouse), echo_credentials(world.vpcep)]
        tasks, env = [], dict(AWS_MAX_ATTEMPTS="1")
        for name in sorted(MODULES):
            family, valid = MODULES[name][:2]
            [(_way, options, variables)] = [c for c in module_connections(family, world) if c[0] == way]
            env.update(variables)
            args = dict(options, **valid)
            if name == "vpcep_private_link_check_info":  # the provider's connection is an option of its own
                args["provider"] = dict(options, security_token=VPCEP_SECRETS["security_token"])
            tasks.append({"name": "%s, credentials from the %s" % (name, way), "privatelink.endpoints." + name: args,
                          "ignore_errors": True})
        # The secrets from a vars file, as from a vault: ansible-core shows the task's own lines when it
        # fails, and a secret written there would be shown.
        names = {secret: "secret_%d" % n for n, secret in enumerate(EVERY_SECRET)}
        (world.directory / "secrets.yml").write_text(yaml.safe_dump({v: k for k, v in names.items()}))
        path = world.directory / "modules.yml"
        path.write_text(yaml.safe_dump([{"name": "Every module", "hosts": "localhost", "gather_facts": False,
                                         "vars_files": ["secrets.yml"], "tasks": templated(tasks, names)}],
                                       sort_keys=False))
        log = world.directory / "ansible.log"
        log.unlink(missing_ok=True)
        run = world.run(None, ["-vvvv", "--diff"], callback="ansible.builtin.default", playbook=path,
                        env=dict(env, ANSIBLE_LOG_PATH=str(log)))
        failed = run.stdout.count("...ignoring")
        diagnoses = len([task for task in tasks if "_check_info," in task["name"]])
        urls = [(e["path"], e["query"]) for e in world.clickhouse.requests + world.vpcep.requests]
        leaks = leaks_in([("stdout", run.stdout), ("stderr", run.stderr), ("the log", log.read_text()),
                          ("a URL", json.dumps(urls))])
    finally:
        world.disarm()
        worlds.put(world)
    TALLY["playbook_leak_runs"] += 1
    TALLY["leaks"] += len(leaks)
    assert not run.tracebacks and TRACEBACK not in run.stdout, run.stdout[-5000:]
    # Both APIs repeated the secrets they were sent, and the tasks failed on them (ignored; a diagnosis
    # reports what it could not read and succeeds).
    assert all(echoed) and ECHO in run.stdout, echoed
    assert failed >= len(tasks) - diagnoses, "%d of %d tasks failed\n%s" % (failed, len(tasks), run.stdout[-5000:])
    assert not leaks, leaks


@pytest.mark.parametrize("role, echoing", [
    ("clickhouse_aws_privatelink", ("clickhouse", "aws")),
    ("clickhouse_aws_privatelink", ("aws",)),
    ("clickpipes_reverse_private_endpoint", ("clickhouse", "aws")),
    ("vpcep_private_link", ("vpcep",)),
], ids=["clickhouse_aws_privatelink", "clickhouse_aws_privatelink-aws", "clickpipes_reverse_private_endpoint",
        "vpcep_private_link"])
def test_no_secret_in_real_playbook_output_of_any_role_at_vvvv_with_diff(role, echoing, worlds):
    world = worlds.get()
    try:
        world.reset()
        variables = world.variables(role)
        # The accounts' own secrets too, where their APIs answer.
        secrets = [world.clickhouse.admin_key[1]] + [world.vpcep.account(a)["sk"] for a in ("provider", "consumer")]
        if role == "vpcep_private_link":
            # Both accounts' credentials: AK/SK with a token, and a password.
            variables[role + "_provider"].update(VPCEP_WAYS["aksk"])
            consumer = {k: v for k, v in variables[role + "_consumer"].items() if k not in ("access_key", "secret_key")}
            variables[role + "_consumer"] = dict(consumer, **VPCEP_WAYS["password"])
            echoed = echo_credentials(world.vpcep)
        else:
            if "clickhouse" in echoing:  # else the seeded key, for ClickHouse to answer
                variables[role + "_clickhouse"].update(api_key_id=CLICKHOUSE_KEY[0], api_key_secret=CLICKHOUSE_KEY[1])
            variables[role + "_aws"].update(access_key="AKIDEXAMPLE", secret_key=AWS_SECRET)
            if "aws" in echoing:  # AWS at the ClickHouse emulator's URL, which echoes in AWS's XML
                variables[role + "_aws"]["endpoint_url"] = world.clickhouse.url
            echoed = echo_credentials(world.clickhouse, ".*" if "clickhouse" in echoing else "/")
        log = world.directory / "ansible.log"
        log.unlink(missing_ok=True)
        run = world.run(role, ["-vvvv", "--diff"], callback="ansible.builtin.default",
                        playbook=world.playbook(role, variables), env=dict(ANSIBLE_LOG_PATH=str(log), AWS_MAX_ATTEMPTS="1"))
        urls = [(e["path"], e["query"]) for e in world.clickhouse.requests + world.vpcep.requests]
        leaks = leaks_in([("stdout", run.stdout), ("stderr", run.stderr), ("the log", log.read_text()),
                          ("a URL", json.dumps(urls))], secrets)
    finally:
        world.disarm()
        worlds.put(world)
    TALLY["playbook_leak_runs"] += 1
    TALLY["leaks"] += len(leaks)
    # The API repeated this run's secrets, and the role failed on it.
    assert run.failed and any(s in text for text in echoed for s in EVERY_SECRET), run.stdout[-5000:]
    assert not run.tracebacks and TRACEBACK not in run.stdout, run.stdout[-5000:]
    assert not leaks, leaks
