# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the ``*_check_info`` diagnosis modules share: the list of checks, their report,
and the network arithmetic of security group rules.

A diagnosis walks a private link in the order traffic takes it and records one
check per link of the chain: ``{name, status, detail, fix}`` with status
``ok``, ``warn``, ``fail`` or ``skipped``. A check that cannot be made because
an earlier one failed is ``skipped`` and says why. A diagnosis only reads: an
API error on one check becomes that check's ``fail`` (with the API's message),
never a write and never the end of the run.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError

OK = "ok"
WARN = "warn"
FAIL = "fail"
SKIPPED = "skipped"
STATUSES = (OK, WARN, FAIL, SKIPPED)
# Order of the report: what needs fixing first.
REPORT_ORDER = (FAIL, WARN, OK, SKIPPED)

#: The symptoms users see, as the ClickHouse guide's troubleshooting section names them.
NOT_FOUND = 'clients see "Not found address of host"'
RESET = 'clients see "Connection reset by peer"'
TIMED_OUT = 'clients see "Connection timed out"'


class Stop(Exception):
    """Raised by a check whose failure leaves nothing further to check; its text says why."""


class Checks:
    """An ordered list of checks; ``result()`` is what a diagnosis module returns."""

    def __init__(self):
        self.items = []

    def add(self, name, status, detail, fix=None):
        if status not in STATUSES:
            raise ValueError("unknown check status %r" % status)
        self.items.append(dict(name=name, status=status, detail=detail, fix=fix if status in (FAIL, WARN) else None))
        return status

    def ok(self, name, detail):
        return self.add(name, OK, detail)

    def warn(self, name, detail, fix=None):
        return self.add(name, WARN, detail, fix)

    def fail(self, name, detail, fix=None):
        return self.add(name, FAIL, detail, fix)

    def skip(self, name, detail):
        return self.add(name, SKIPPED, detail)

    def skip_all(self, names, reason):
        for name in names:
            self.skip(name, reason)

    def walk(self, names, chain):
        """Run ``chain()``; the checks of ``names`` it did not make are ``skipped`` (with the reason
        a ``Stop`` gave), and every check ends up in the order of ``names``."""
        reason = "not checked"
        try:
            chain()
        except Stop as stop:
            reason = "not checked: %s" % stop
        made = {c["name"] for c in self.items}
        for name in names:
            if name not in made:
                self.skip(name, reason)
        self.items.sort(key=lambda c: names.index(c["name"]) if c["name"] in names else len(names))

    def status(self, name):
        return next((c["status"] for c in self.items if c["name"] == name), None)

    @property
    def healthy(self):
        return not any(c["status"] == FAIL for c in self.items)

    def result(self, **extra):
        result = dict(checks=self.items, healthy=self.healthy, report=report(self.items),
                      problems=sum(1 for c in self.items if c["status"] == FAIL))
        result.update(extra)
        return result


def report(checks):
    """One line per check, failures first (each followed by its fix), then warnings, then the rest."""
    lines = []
    for status in REPORT_ORDER:
        for check in checks:
            if check["status"] != status:
                continue
            lines.append("%-7s %s: %s" % (status.upper(), check["name"], check["detail"]))
            if check.get("fix"):
                lines.append("        fix: %s" % check["fix"])
    return lines


def api_problem(error):
    """A one-line account of a failed read, for a check's detail."""
    return "could not read it: %s" % error


def find_service(checks, client, lookup, fix):
    """The ClickHouse service ``client.find_service(*lookup)`` names; a failed lookup is the ``service``
    check's failure (with ``fix``) and stops the chain."""
    try:
        return client.find_service(*lookup)
    except LookupError as error:
        checks.fail("service", str(error), fix)
        raise Stop("no service")
    except ApiError as error:
        checks.fail("service", api_problem(error), "check organization_id and the API key (a read-only key is enough)")
        raise Stop("the service could not be read")


# Security group rules ----------------------------------------------------------------------------

def network(text):
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def rule_covers(permission, port, client):
    """True when one EC2 ingress permission lets TCP ``port`` in from the whole ``client`` network."""
    protocol = str(permission.get("IpProtocol"))
    if protocol not in ("-1", "tcp", "6"):
        return False
    if protocol != "-1":
        low, high = permission.get("FromPort"), permission.get("ToPort")
        if low is None or high is None or not (low == -1 or low <= port <= high):
            return False
    key, field = ("IpRanges", "CidrIp") if client.version == 4 else ("Ipv6Ranges", "CidrIpv6")
    for entry in permission.get(key) or []:
        source = network(entry.get(field) or "")
        if source is not None and client.subnet_of(source):
            return True
    return False


def uncovered(groups, ports, clients):
    """``(port, client CIDR)`` pairs that no ingress rule of ``groups`` lets in (rules of all groups add up)."""
    missing = []
    for port in ports:
        for text in clients:
            client = network(text)
            if client is None:
                continue
            if not any(rule_covers(p, port, client) for g in groups for p in g.get("IpPermissions") or []):
                missing.append((port, str(client)))
    return missing


def describe_pairs(pairs):
    """``8443 from 10.0.0.0/16, 9440 from 10.0.0.0/16`` grouped by port."""
    by_port = {}
    for port, client in pairs:
        by_port.setdefault(port, []).append(client)
    return "; ".join("port %d from %s" % (port, ", ".join(clients)) for port, clients in sorted(by_port.items()))


def in_whitelist(client, entries):
    """True when the whole ``client`` network lies inside one of the address/CIDR ``entries``."""
    wanted = network(client)
    return wanted is not None and any(
        found is not None and found.version == wanted.version and wanted.subnet_of(found)
        for found in (network(entry) for entry in entries or []))


# Modules that read ClickHouse Cloud and AWS -----------------------------------------------------

def clickhouse_aws_module(argument_spec, validate=None, id_names=(), **kwargs):
    """AnsibleAWSModule with the ClickHouse connection options, failed once with every option error
    before any call (``options.build_module``): requests present, the connection options (``region``
    is the AWS region here, not a ClickHouse one), the ID options (and ``id_names``), the ClickHouse
    IDs (``organization_id``, ``service_id``) UUIDs, and what ``validate(params)`` finds."""
    # Imported here: the other diagnosis modules need neither amazon.aws nor the ClickHouse client.
    from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
    from ansible_collections.privatelink.endpoints.plugins.module_utils.api import common_argument_spec
    from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse import (
        clickhouse_argument_spec,
        connection_errors,
    )
    from ansible_collections.privatelink.endpoints.plugins.module_utils.options import build_module

    spec = clickhouse_argument_spec()
    spec.update(common_argument_spec())
    spec.update(argument_spec)

    def errors(params):
        return connection_errors(params, regions=False) + (validate(params) if validate else [])
    return build_module(spec, errors, module_class=AnsibleAWSModule, id_options=id_names, **kwargs)


def aws_client(module, name, region):
    """A boto3 client of ``module`` in ``region`` whose calls retry when given ``aws_retry=True``."""
    from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

    return module.client(name, retry_decorator=AWSRetry.jittered_backoff(), region=region)
