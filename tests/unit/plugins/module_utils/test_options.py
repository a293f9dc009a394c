# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one module factory and option-error path (options.build_module)."""

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils import options as options_module
from ansible_collections.privatelink.endpoints.plugins.module_utils.options import (
    build_module,
    option_errors,
    required_one_of_errors,
    wait_argument_spec,
    wait_errors,
)


class Failed(Exception):
    pass


class FakeModule:
    """What build_module needs of AnsibleModule; records how it was made and fails by raising."""

    made = []

    def __init__(self, argument_spec, **kwargs):
        self.params = {name: spec.get("default") for name, spec in argument_spec.items()}
        self.params.update(FakeModule.given)
        self.kwargs = kwargs
        FakeModule.made.append(self)

    def fail_json(self, **result):
        raise Failed(result)


def make(given, validate=None, libraries=(), **kwargs):
    FakeModule.given = given
    spec = dict(id=dict(type="str"), name=dict(type="str"), api_timeout=dict(type="int", default=60))
    spec.update(wait_argument_spec())
    return build_module(spec, validate, module_class=FakeModule, libraries=libraries, **kwargs)


@pytest.mark.parametrize("value, expected", [
    (600, []), (1, []), (None, []),
    (0, ["wait_timeout must be at least 1 second, got 0"]),
    (-5, ["wait_timeout must not be negative: it must be at least 1 second, got -5"]),
])
def test_one_rule_for_wait_timeout(value, expected):
    assert wait_errors(dict(wait_timeout=value)) == expected


def test_required_one_of_ignores_options_set_to_null_or_empty():
    groups = [("id", "name")]
    assert required_one_of_errors(dict(id=None, name=""), groups) == ["one of id, name is required"]
    assert required_one_of_errors(dict(id=None, name="web"), groups) == []


def test_every_error_is_collected_once_in_order_and_the_module_fails_once():
    def validate(params):
        return ["name must be short", "wait_timeout must be at least 1 second, got 0"]
    with pytest.raises(Failed) as caught:
        make(dict(id="a b", wait_timeout=0, api_timeout=0), validate, required_one_of=[("id", "name")])
    assert caught.value.args[0]["msg"] == "; ".join([
        "api_timeout must be at least 1 (seconds), got 0",
        "id: 'a b' must not contain spaces, newlines or control characters (from a file or a YAML block? use | trim)",
        "name must be short",
        "wait_timeout must be at least 1 second, got 0",
    ])


def test_a_valid_module_is_returned_with_check_mode_and_the_ansible_rules():
    module = make(dict(id="w-1"), lambda params: [], required_one_of=[("id", "name")])
    assert module.kwargs == dict(supports_check_mode=True, required_one_of=[("id", "name")])
    assert option_errors(module.params) == []


def test_a_missing_library_fails_before_the_options_are_judged():
    with pytest.raises(Failed) as caught:
        make(dict(wait_timeout=0), libraries=[("requests", False, "Traceback: no requests")])
    result = caught.value.args[0]
    assert "requests" in result["msg"] and "wait_timeout" not in result["msg"]
    assert result["exception"] == "Traceback: no requests"


def test_required_unless_names_the_option_and_its_alternative():
    rules = [("vpc_id", "id")]
    assert options_module.required_unless_errors(dict(vpc_id=None, id=None), rules) == [
        "vpc_id is required unless id is given"]
    assert options_module.required_unless_errors(dict(vpc_id=None, id="e-1"), rules) == []
    assert options_module.required_unless_errors(dict(vpc_id="v-1", id=None), rules) == []
