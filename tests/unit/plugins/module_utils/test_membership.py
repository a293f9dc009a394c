# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils.clickhouse_access import source_key
from ansible_collections.privatelink.endpoints.plugins.module_utils.membership import (
    plan_membership,
    unique_entries,
)


def ident(entry):
    return entry


def same_description(current, wanted):
    return "description" not in wanted or current.get("description") == wanted["description"]


def test_present_adds_only_what_is_missing_and_keeps_the_rest():
    plan = plan_membership(["a", "b"], ["b", "c"], ident)
    assert plan.add == ["c"]
    assert plan.remove == []
    assert plan.after == ["a", "b", "c"]


def test_present_with_everything_there_is_a_no_op():
    plan = plan_membership(["a", "b"], ["b", "a"], ident)
    assert (plan.add, plan.remove, plan.after) == ([], [], ["a", "b"])


def test_purge_removes_what_is_not_wanted_in_the_same_plan():
    plan = plan_membership(["a", "b", "x"], ["b", "c"], ident, purge=True)
    assert plan.add == ["c"]
    assert plan.remove == ["a", "x"]
    assert plan.after == ["b", "c"]


def test_purge_with_nothing_wanted_removes_everything():
    plan = plan_membership(["a", "b"], [], ident, purge=True)
    assert (plan.add, plan.remove, plan.after) == ([], ["a", "b"], [])


def test_absent_removes_only_the_wanted_keys_and_ignores_purge():
    plan = plan_membership(["a", "b", "c"], ["b", "z"], ident, state="absent", purge=True)
    assert (plan.add, plan.remove, plan.after) == ([], ["b"], ["a", "c"])


def test_absent_with_nothing_there_is_a_no_op():
    plan = plan_membership(["a"], ["z"], ident, state="absent")
    assert (plan.add, plan.remove, plan.after) == ([], [], ["a"])


def test_keys_decide_identity_case_blind():
    plan = plan_membership(["/Subscriptions/X"], ["/subscriptions/x"], str.lower)
    assert (plan.add, plan.remove) == ([], [])


def test_changed_setting_is_a_remove_and_an_add_of_the_same_key():
    current = [{"source": "10.0.0.0/8", "description": "old"}, {"source": "1.2.3.4", "description": ""}]
    wanted = [{"source": "10.0.0.0/8", "description": "new"}]
    plan = plan_membership(current, wanted, source_key, same=same_description)
    assert plan.remove == [current[0]]
    assert plan.add == wanted
    assert plan.after == [current[1], wanted[0]]


def test_unset_setting_matches_whatever_is_there():
    current = [{"source": "10.0.0.1", "description": "kept"}]
    plan = plan_membership(current, [{"source": "10.0.0.1"}], source_key, same=same_description)
    assert (plan.add, plan.remove, plan.after) == ([], [], current)


def test_host_address_and_its_slash_32_are_one_entry():
    current = [{"source": "10.0.0.1", "description": ""}, {"source": "2001:DB8::1/128", "description": ""}]
    wanted = [{"source": "10.0.0.1"}, {"source": "2001:db8::1"}]
    plan = plan_membership(current, wanted, source_key, same=same_description, purge=True)
    assert (plan.add, plan.remove) == ([], [])


def test_every_current_duplicate_of_a_replaced_key_goes():
    current = [{"source": "10.0.0.1", "description": "a"}, {"source": "10.0.0.1/32", "description": "b"}]
    wanted = [{"source": "10.0.0.1", "description": "c"}]
    plan = plan_membership(current, wanted, source_key, same=same_description)
    assert plan.remove == current
    assert plan.after == wanted


def test_purge_removes_entries_that_do_not_parse():
    current = [{"source": "not-an-ip", "description": ""}]
    plan = plan_membership(current, [], source_key, purge=True)
    assert plan.remove == current


def test_unique_entries_drops_exact_repeats():
    assert unique_entries(["a", "b", "a"], ident, "ids") == ["a", "b"]


def test_unique_entries_refuses_conflicting_repeats_naming_the_option():
    with pytest.raises(ValueError, match="entries: 10.0.0.1 is given twice"):
        unique_entries([{"source": "10.0.0.1", "description": "x"}, {"source": "10.0.0.1"}],
                       source_key, "entries")
