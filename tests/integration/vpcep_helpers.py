# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the VPCEP integration tests share: connection options per account and way of
authenticating, the fixture's networks, seeding, module runs, and the writes as a readable log."""

from __future__ import annotations

import re

AUTH_WAYS = ("aksk", "temporary", "token", "password")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# The emulator's environment for an account, as the module options that each variable stands for.
OPTION_OF = dict(
    VPCEP_CLOUD="cloud", OS_REGION_NAME="region", HUAWEICLOUD_SDK_PROJECT_ID="project_id",
    VPCEP_ENDPOINT_URL="endpoint_url", OS_AUTH_URL="iam_url",
    HUAWEICLOUD_SDK_AK="access_key", HUAWEICLOUD_SDK_SK="secret_key", HUAWEICLOUD_SDK_SECURITY_TOKEN="security_token",
    OS_AUTH_TOKEN="auth_token", OS_USERNAME="username", OS_PASSWORD="password", OS_USER_DOMAIN_NAME="domain_name",
)


def connection(emulator, role="provider", cloud="huaweicloud", auth="aksk"):
    """Module options that act as one fixture account, authenticated one of the ``AUTH_WAYS``."""
    return {OPTION_OF[name]: value for name, value in emulator.env(role, cloud, auth).items()}


def network(emulator, role="provider", cloud="huaweicloud"):
    account = emulator.account(role, cloud)
    return dict(vpc_id=account["vpc_id"], port_id=account["port_id"], subnet_id=account["subnet_id"])


def write_log(emulator, since=0):
    """The writes as ``METHOD path`` below the project, ids replaced by ``{id}``, in order."""
    return ["%s %s" % (method, UUID.sub("{id}", path.lstrip("/"))) for method, path, _body in
            emulator.log(since, writes=True)]


def vpcep_steps(ansible, module, conn, args=None, cases=None, check=False, diff=False, env=None):
    """Run a VPCEP module once per case of ``cases`` (one when None), each laid over ``conn`` and
    ``args``; the emulator fixture's environment is never passed. With several cases a failing one
    does not stop the others."""
    cases = [{}] if cases is None else cases
    return ansible.steps(module, [dict(args or {}, **case) for case in cases], defaults=conn, check=check,
                         diff=diff, keep_going=len(cases) > 1, env=env, limit_env=[])


def services_named(emulator, name):
    return [s for s in emulator.services.values() if s["service_name"].split(".")[1:-1] == [name]]


def seed_service(emulator, name, role="provider", cloud="huaweicloud", **fields):
    """An available service of one account, created behind the modules' back."""
    project = emulator.account(role, cloud)["project_id"]
    emulator.seed({"endpoint_services": [dict(project_id=project, service_name=name, **fields)]})
    return services_named(emulator, name)[-1]


def seed_endpoints(emulator, service_id, count, role="consumer", cloud="huaweicloud", status="accepted", **fields):
    """``count`` endpoints of one account on a service, in its first VPC and (unless ``fields`` say
    otherwise) subnet; all the service's endpoints are returned."""
    account = emulator.account(role, cloud)
    endpoint = dict(project_id=account["project_id"], endpoint_service_id=service_id, vpc_id=account["vpc_id"],
                    subnet_id=account["subnet_id"], status=status)
    endpoint.update(fields)
    emulator.seed({"endpoints": [endpoint] * count})
    return [e for e in emulator.endpoints.values() if e["endpoint_service_id"] == service_id]
