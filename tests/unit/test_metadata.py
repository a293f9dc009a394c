# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Metadata kept in more than one place says the same everywhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import COLLECTION_VERSION, USER_AGENT

ROOT = Path(__file__).resolve().parents[2]


def load(path):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def test_user_agent_carries_the_galaxy_version():
    version = load("galaxy.yml")["version"]
    assert COLLECTION_VERSION == version
    assert USER_AGENT.endswith("/" + version)


@pytest.mark.parametrize("role", sorted(p.parent.parent.name for p in ROOT.glob("roles/*/meta/main.yml")))
def test_roles_need_the_ansible_the_collection_needs(role):
    required = re.match(r"\s*>=\s*([0-9.]+)\s*$", load("meta/runtime.yml")["requires_ansible"]).group(1)
    assert load("roles/%s/meta/main.yml" % role)["galaxy_info"]["min_ansible_version"] == required


def returned_tags(node, path=()):
    """(path, type) of every return value named tags, at any depth."""
    for name, value in (node or {}).items():
        if not isinstance(value, dict):
            continue
        if name == "tags":
            yield path + (name,), value.get("type")
        yield from returned_tags(value.get("contains"), path + (name,))


def module_return(path):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "RETURN":
            return yaml.safe_load(node.value.value)
    return {}


@pytest.mark.parametrize("module", sorted(p.stem for p in ROOT.glob("plugins/modules/*.py") if p.stem != "__init__"))
def test_tags_are_returned_as_a_dict(module):
    found = list(returned_tags(module_return(ROOT / "plugins" / "modules" / (module + ".py"))))
    assert all(kind == "dict" for _path, kind in found), found


def test_execution_environment_finds_the_python_requirements():
    assert load("meta/execution-environment.yml")["dependencies"]["python"] == "requirements.txt"
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    names = {re.split(r"[<>=!~;\[ #]", line.strip(), maxsplit=1)[0].lower() for line in lines
             if line.strip() and not line.startswith("#")}
    assert {"requests", "boto3", "botocore"} <= names
