# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No secret in any module's output: every module, at verbosity 4 with --diff, against APIs that
fail and echo the credentials back, with the credentials given as options and through the
environment. The output checked is the module's whole JSON answer (what ``-vvvv`` prints)."""

from __future__ import annotations

import base64
import importlib
import json

import pytest

from ansible_collections.privatelink.endpoints.tests.emulators.base import Fault
from ansible_collections.privatelink.endpoints.tests.reliability.harness import TALLY, run_module
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
    """A fault that answers every request with an error repeating every credential of the run."""
    text = "invalid credentials: " + " ".join(secrets(given))
    if family == "clickhouse":
        return Fault(status=400, count=10000, body={"status": 400, "error": "BAD_REQUEST: " + text})
    if family == "vpcep":
        return Fault(status=401, count=10000, body={"error_code": "APIGW.0301", "error_msg": text})
    return Fault(status=400, count=10000, html="<Response><Errors><Error><Code>AuthFailure</Code><Message>%s"
                                               "</Message></Error></Errors><RequestID>r-1</RequestID></Response>" % text)


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
        emulator.faults[:] = [echo(family, given)]
        emulator.requests.clear()
        result = run_module(module, dict(options, api_retries=0) if family != "aws" else options,
                            diff=True, verbosity=4, env=dict(env, AWS_MAX_ATTEMPTS="1"))
        assert "traceback" not in result, result["traceback"]
        assert result.get("failed") and emulator.requests, "the API was not reached: %s" % result.get("msg")
        text = json.dumps(result)
        leaks += ["%s (%s from %s)" % (secret[:6], name, "environment" if env else "options")
                  for secret in secrets(given) if secret in text]
    TALLY["leaks"] += len(leaks)
    assert not leaks, leaks
