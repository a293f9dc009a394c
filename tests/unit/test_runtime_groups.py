# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The lists of modules and roles kept by hand must match the tree, so they cannot drift.

``module_defaults: group/privatelink.endpoints.<family>`` only reaches modules listed in
meta/runtime.yml's action groups, and users find modules through the README's table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FQCN_PREFIX = "privatelink.endpoints."
# Module name prefix -> action group. A module with another prefix needs a family added here.
FAMILIES = {"clickhouse_": "clickhouse", "vpcep_": "vpcep", "aws_": "aws"}


def modules():
    return sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__")


def family_modules():
    """Group name -> the modules that belong in it, for every family that has modules."""
    groups = {}
    for module in modules():
        family = next((group for prefix, group in FAMILIES.items() if module.startswith(prefix)), None)
        groups.setdefault(family, []).append(module)
    return groups


@pytest.fixture(scope="module")
def action_groups():
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    assert runtime.get("requires_ansible"), "meta/runtime.yml must say which ansible-core it needs"
    return runtime.get("action_groups") or {}


def short(name):
    return name[len(FQCN_PREFIX):] if name.startswith(FQCN_PREFIX) else name


def test_every_module_belongs_to_a_family():
    strays = family_modules().get(None, [])
    assert not strays, "modules without a known prefix %s: %s" % (sorted(FAMILIES), strays)


@pytest.mark.parametrize("group", sorted(FAMILIES.values()))
def test_family_group_lists_exactly_its_modules(action_groups, group):
    expected = family_modules().get(group, [])
    if not expected:
        assert group not in action_groups, "group %s lists modules that do not exist" % group
        return
    assert group in action_groups, "meta/runtime.yml has no action group %s for %s" % (group, expected)
    listed = [short(name) for name in action_groups[group] if isinstance(name, str)]
    assert len(listed) == len(set(listed)), "group %s lists a module twice" % group
    assert sorted(listed) == expected, "group %s: missing %s, unknown %s" % (
        group, sorted(set(expected) - set(listed)), sorted(set(listed) - set(expected)))
    assert all(isinstance(name, str) for name in action_groups[group]), "only module names in %s" % group


def test_all_group_extends_every_family(action_groups):
    families = sorted(group for group in family_modules() if group)
    assert "all" in action_groups
    entries = action_groups["all"]
    extended = [group for entry in entries if isinstance(entry, dict)
                for group in entry.get("metadata", {}).get("extend_group", [])]
    direct = [entry for entry in entries if not isinstance(entry, dict)]
    assert sorted(extended) == families
    assert direct == [], "`all` should only extend the family groups"


def test_no_other_groups(action_groups):
    assert set(action_groups) - set(FAMILIES.values()) - {"all"} == set()


def test_readme_lists_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\|\s*`privatelink\.endpoints\.(\w+)`", readme, flags=re.MULTILINE)
    assert sorted(listed) == modules(), "README.md's module table: missing %s, unknown %s" % (
        sorted(set(modules()) - set(listed)), sorted(set(listed) - set(modules())))


def test_readme_lists_every_role():
    roles = sorted(p.parent.parent.name for p in (ROOT / "roles").glob("*/meta/main.yml"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\|\s*\[?`privatelink\.endpoints\.(\w+)`\]?\(roles/", readme, flags=re.MULTILINE)
    assert sorted(listed) == roles, "README.md's role table: missing %s, unknown %s" % (
        sorted(set(roles) - set(listed)), sorted(set(listed) - set(roles)))
