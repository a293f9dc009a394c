# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""OpenStack-style configuration for the VPC Endpoint modules: ``clouds.yaml`` and ``OS_CLOUD``.

The file is found as openstacksdk finds it: ``OS_CLIENT_CONFIG_FILE`` (what AWX's OpenStack
credential injects), else ``clouds.yaml`` in the working directory, ``~/.config/openstack/`` and
``/etc/openstack/``; a ``secure.yaml`` beside it adds to its entries. ``OS_CLOUD`` names the
entry; without it a file with one entry uses that one.

``with_clouds_yaml(spec)`` makes the entry the last source of each connection option: the task's
options (and module_defaults) first, then the environment variables, then the entry.
"""

from __future__ import annotations

import os

from ansible.module_utils.common.parameters import env_fallback
from ansible.module_utils.errors import AnsibleFallbackNotFound

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core on the controller
    yaml = None

SEARCH_DIRECTORIES = (".", "~/.config/openstack", "/etc/openstack")
FILE_NAMES = ("clouds.yaml", "clouds.yml")
SECURE_NAMES = ("secure.yaml", "secure.yml")


def _auth(entry):
    auth = entry.get("auth")
    return auth if isinstance(auth, dict) else {}


def _first(entry, *keys):
    """The first non-empty value of ``keys`` in the entry's ``auth``, then in the entry itself."""
    for source in (_auth(entry), entry):
        for key in keys:
            if source.get(key) not in (None, ""):
                return source[key]
    return None


def _cloud(entry):
    profile = str(entry.get("profile") or "").lower()
    if profile in ("otc", "opentelekomcloud") or "otc.t-systems.com" in str(_first(entry, "auth_url") or ""):
        return "otc"
    return "huaweicloud" if profile in ("huaweicloud", "hwc") else None


def _region(entry):
    regions = entry.get("regions") or []
    first = regions[0] if regions else None
    return entry.get("region_name") or (first.get("name") if isinstance(first, dict) else first)


#: Module option -> how to read it from a clouds.yaml entry.
OPTIONS = {
    "cloud": _cloud,
    "region": _region,
    "project_id": lambda entry: _first(entry, "project_id", "tenant_id"),
    "iam_url": lambda entry: _first(entry, "auth_url"),
    "endpoint_url": lambda entry: entry.get("vpcep_endpoint_override"),
    "access_key": lambda entry: _first(entry, "ak", "access_key"),
    "secret_key": lambda entry: _first(entry, "sk", "secret_key"),
    "security_token": lambda entry: _first(entry, "security_token"),
    "auth_token": lambda entry: _first(entry, "token"),
    "username": lambda entry: _first(entry, "username"),
    "password": lambda entry: _first(entry, "password"),
    "domain_name": lambda entry: _first(entry, "user_domain_name", "domain_name"),
}


def find_file(environ=None):
    """Path of the clouds.yaml to read, or None."""
    environ = os.environ if environ is None else environ
    if environ.get("OS_CLIENT_CONFIG_FILE"):
        return os.path.expanduser(environ["OS_CLIENT_CONFIG_FILE"])
    for directory in SEARCH_DIRECTORIES:
        for name in FILE_NAMES:
            path = os.path.join(os.path.expanduser(directory), name)
            if os.path.isfile(path):
                return path
    return None


def _merge(base, extra):
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
    return merged


def _load(path):
    with open(path) as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict) or not isinstance(data.get("clouds", {}), dict):
        raise ValueError("%s has no `clouds` mapping" % path)
    return data.get("clouds") or {}


def load_entry(environ=None):
    """The clouds.yaml entry to use as a dict (empty when there is none); ValueError says what is wrong."""
    environ = os.environ if environ is None else environ
    name = environ.get("OS_CLOUD")
    path = find_file(environ)
    if path is None:
        if name:
            raise ValueError("OS_CLOUD is %s but no clouds.yaml was found (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, "
                             "~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml)" % name)
        return {}
    if yaml is None:
        raise ValueError("reading %s needs PyYAML" % path)
    try:
        clouds = _load(path)
        for secure in SECURE_NAMES:
            secure_path = os.path.join(os.path.dirname(path), secure)
            if os.path.isfile(secure_path):
                clouds = _merge(clouds, _load(secure_path))
                break
    except (OSError, yaml.YAMLError) as error:
        raise ValueError("cannot read %s: %s" % (path, error))
    if not name:
        if len(clouds) != 1:
            return {}  # several clouds and none chosen: openstacksdk would not pick one either
        name = next(iter(clouds))
    if name not in clouds:
        raise ValueError("OS_CLOUD is %s, which %s does not define (it has %s)"
                         % (name, path, ", ".join(sorted(clouds)) or "no clouds"))
    entry = clouds[name]
    return entry if isinstance(entry, dict) else {}


_CACHE = {}


def _entry():
    """The entry, read once per module run; an unreadable configuration counts as none here
    (``clouds_yaml_errors`` reports it)."""
    if "entry" not in _CACHE:
        try:
            _CACHE["entry"] = load_entry()
        except ValueError:
            _CACHE["entry"] = {}
    return _CACHE["entry"]


def clouds_fallback(option, *env_names):
    """Fallback of a connection option: its environment variables, then the clouds.yaml entry."""
    if env_names:
        try:
            return env_fallback(*env_names)
        except AnsibleFallbackNotFound:
            pass
    value = OPTIONS[option](_entry())
    if value in (None, ""):
        raise AnsibleFallbackNotFound
    return str(value)


def with_clouds_yaml(spec):
    """The connection options of ``spec`` with the clouds.yaml entry as their last source."""
    for option in OPTIONS:
        if option in spec:
            fallback = spec[option].get("fallback") or (None, [])
            env_names = list(fallback[1]) if fallback[0] is env_fallback and len(fallback) > 1 else []
            spec[option] = dict(spec[option], fallback=(clouds_fallback, [option] + env_names))
    return spec


def clouds_yaml_errors():
    """What is wrong with the OpenStack-style configuration the environment points at, as error texts.

    Only a configuration named by OS_CLOUD or OS_CLIENT_CONFIG_FILE counts: a file found on the
    search path that cannot be read is no reason to fail a task the options configure.
    """
    if not (os.environ.get("OS_CLOUD") or os.environ.get("OS_CLIENT_CONFIG_FILE")):
        return []
    try:
        load_entry()
    except ValueError as error:
        return [str(error)]
    return []
