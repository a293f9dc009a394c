# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Each role takes its credentials every way a user gives them: role variables, the play's
``module_defaults`` (this collection's groups and ``group/amazon.aws.aws``), the environment,
and mixes of them. Each run goes against fresh local clouds and must build the whole flow."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.tests.integration import local_roles

CLICKHOUSE_ROLES = ("clickhouse_aws_privatelink", "clickpipes_reverse_private_endpoint")
GROUP = "group/privatelink.endpoints."


def run(ansible, tmp_path, clouds, role, variables, module_defaults=None, env=None):
    path = tmp_path / "site.yml"
    path.write_text(local_roles.playbook(role, variables, module_defaults))
    result = ansible.run(str(path), env=env)
    assert result.rc == 0, [(name, r.get("msg")) for name, r in result.tasks.items() if r.get("failed")] or result
    local_roles.assert_built(role, clouds)
    for secret in local_roles.secrets(clouds):
        assert secret not in result.output
    return result


def clickhouse_ways(clouds):
    """Way name -> (role connection variables, play module_defaults, environment)."""
    clickhouse, aws = local_roles.options(clouds, "clickhouse"), local_roles.options(clouds, "aws")
    clickhouse_env, aws_env = local_roles.env(clouds, "clickhouse"), local_roles.env(clouds, "aws")
    # Where the play gives only where to go and the role the keys, the role's keys must win over
    # a wrong pair in the play (role variables take precedence over the play's defaults).
    play_half = dict(clickhouse, api_key_id="EMUNOSUCHKEY000000000", api_key_secret="wrong")
    return {
        "role_variables": ({"clickhouse": clickhouse, "aws": aws}, None, None),
        "play_groups": ({}, {GROUP + "clickhouse": clickhouse, GROUP + "aws": aws}, None),
        "play_amazon_aws_group": ({}, {GROUP + "clickhouse": clickhouse, "group/amazon.aws.aws": aws}, None),
        "environment": ({}, None, dict(clickhouse_env, **aws_env)),
        "play_clickhouse_environment_aws": ({}, {GROUP + "clickhouse": clickhouse}, aws_env),
        "role_keys_over_play_defaults": (
            {"clickhouse": {"api_key_id": clickhouse["api_key_id"], "api_key_secret": clickhouse["api_key_secret"]}},
            {GROUP + "clickhouse": play_half}, aws_env),
    }


WAYS = ("role_variables", "play_groups", "play_amazon_aws_group", "environment", "play_clickhouse_environment_aws",
        "role_keys_over_play_defaults")


@pytest.mark.parametrize("role", CLICKHOUSE_ROLES)
@pytest.mark.parametrize("way", WAYS)
def test_clickhouse_roles(ansible, tmp_path, clouds, role, way):
    connection, module_defaults, env = clickhouse_ways(clouds)[way]
    run(ansible, tmp_path, clouds, role, local_roles.role_vars(role, clouds, connection), module_defaults, env)


def vpcep_ways(clouds):
    """The role links two accounts: each test gives each account its credentials another way.

    The modules have no variable for the emulator's URLs, so the play's module_defaults carry
    them where the role's variables do not.
    """
    endpoints = local_roles.vpcep_endpoints(clouds)
    provider = local_roles.options(clouds, "vpcep", "provider")
    consumer = local_roles.options(clouds, "vpcep", "consumer")
    consumer_keys = local_roles.vpcep_credentials(clouds, "consumer")
    return {
        "role_variables": ({"provider": provider, "consumer": consumer}, None, None),
        # The consumer entirely from the play; the provider's role variables on top of the play's.
        "play_group": ({"provider": local_roles.vpcep_credentials(clouds, "provider")},
                       {GROUP + "vpcep": dict(endpoints, **consumer_keys)}, None),
        # The consumer from the environment, the URLs from the play.
        "environment": ({"provider": provider}, {GROUP + "vpcep": endpoints},
                        local_roles.env(clouds, "vpcep", "consumer")),
    }


@pytest.mark.parametrize("way", ("role_variables", "play_group", "environment"))
def test_vpcep_private_link(ansible, tmp_path, clouds, way):
    connection, module_defaults, env = vpcep_ways(clouds)[way]
    variables = local_roles.role_vars("vpcep_private_link", clouds, connection)
    run(ansible, tmp_path, clouds, "vpcep_private_link", variables, module_defaults, env)


def test_missing_clickhouse_credentials_name_their_environment_variables(clickhouse, ansible, tmp_path):
    path = tmp_path / "info.yml"
    path.write_text("- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                    "    - name: Read\n      privatelink.endpoints.clickhouse_service_info:\n"
                    "        api_url: %s\n        api_key_secret: not-used\n" % clickhouse.api_url)
    result = ansible.run(str(path), limit_env=[])
    assert result.rc != 0
    message = result.tasks["Read"]["msg"]
    assert "organization_id (or the environment variable CLICKHOUSE_ORG_ID)" in message
    assert "api_key_id (or the environment variable CLICKHOUSE_CLOUD_API_KEY or CLICKHOUSE_TOKEN_KEY)" in message
    assert "api_key_secret" not in message and "not-used" not in result.output
    assert clickhouse.counts()["total"] == 0
