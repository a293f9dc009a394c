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
    assert all(isinstance(name, str) or list(name) == ["metadata"] for name in action_groups[group]), \
        "only module names (and metadata) in %s" % group


def test_no_other_groups(action_groups):
    # No `all`: options differ per family, so one group for every module could only carry options
    # that some of its modules reject ("Unsupported parameters").
    assert set(action_groups) - set(FAMILIES.values()) == set()


def test_aws_group_extends_amazon_aws(action_groups):
    metadata = [entry["metadata"] for entry in action_groups["aws"] if isinstance(entry, dict)]
    assert metadata == [{"extend_group": ["amazon.aws.aws"]}]


@pytest.mark.parametrize("group", sorted(FAMILIES.values()))
def test_readme_says_what_each_group_is_for(group):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^\|\s*`group/privatelink\.endpoints\.%s`\s*\|\s*\S" % group, readme, flags=re.MULTILINE), group
    assert "group/privatelink.endpoints.all" not in readme


def _tasks(tasks, inherited=()):
    """Every task of a task list with the module_defaults entries of its enclosing blocks."""
    for task in tasks or []:
        own = tuple(inherited) + tuple((task.get("module_defaults") or {}).keys())
        if "block" in task:
            for part in ("block", "rescue", "always"):
                yield from _tasks(task.get(part), own)
        else:
            yield task, own


@pytest.mark.parametrize("role", sorted(p.name for p in (ROOT / "roles").iterdir() if (p / "tasks").is_dir()))
def test_roles_set_connection_defaults_per_module(role):
    """A role's module_defaults name modules, never groups, and cover every module it calls.

    A group entry in a role replaces the play's entry for that group whole (ansible-core merges
    module_defaults by key): an empty connection dict would wipe the play's credentials.
    """
    files = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "roles" / role / "tasks").glob("*.yml")}
    # Entries of main.yml's blocks reach the files main.yml includes from inside them.
    included = set()
    for task, keys in _tasks(files.get("main.yml")):
        if "ansible.builtin.include_tasks" in task:
            included.update(keys)
    for name, tasks in files.items():
        for task, keys in _tasks(tasks, () if name == "main.yml" else included):
            assert not [k for k in keys if k.startswith("group/")], "%s: %s sets a group's defaults" % (role, name)
            module = next((k for k in task if k.startswith(("privatelink.endpoints.", "amazon.aws."))), None)
            if module:
                assert module in keys, "%s/tasks/%s: %s gets no connection defaults from the role" % (role, name, module)


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
