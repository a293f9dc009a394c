# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Set membership with purge: lists on a parent object changed by ``{add, remove}`` patches.

Allow-lists and registrations are lists that an API changes by delta, not by
replacement. Sending only the delta is what keeps entries added by someone
else (another playbook, the console) alive, and what lets two runs that add
different entries at the same time both win. ``plan_membership`` computes that
delta; ``MembershipResource`` turns it into a module.
"""

from __future__ import annotations

import abc
from collections import namedtuple

from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import Resource

#: ``add`` and ``remove`` are what to send; ``after`` is the list once both are applied.
MembershipPlan = namedtuple("MembershipPlan", ["add", "remove", "after"])


def always_same(current, wanted):
    return True


def plan_membership(current, wanted, key, state="present", purge=False, same=always_same):
    """Return the MembershipPlan that makes ``current`` hold (or not hold) ``wanted``.

    ``key(entry)`` is an entry's identity. ``same(current_entry, wanted_entry)``
    says whether an entry that is already there needs no change (for example
    its description matches); when it does need one, every current entry with
    that key is removed and the wanted one added, in the same patch (the APIs
    remove before they add). ``state`` ``absent`` removes the wanted keys;
    ``purge`` with ``present`` also removes every entry whose key is not wanted.
    Entries are never compared by position: order is not meaningful.
    """
    wanted_keys = set(key(w) for w in wanted)
    by_key = {}
    for entry in current:
        by_key.setdefault(key(entry), []).append(entry)
    add, remove = [], []
    if state == "absent":
        remove = [entry for entry in current if key(entry) in wanted_keys]
    else:
        for entry in wanted:
            have = by_key.get(key(entry), [])
            if not any(same(h, entry) for h in have):
                remove.extend(have)
                add.append(entry)
        if purge:
            remove.extend(entry for entry in current if key(entry) not in wanted_keys)
    removed = set(id(entry) for entry in remove)
    after = [entry for entry in current if id(entry) not in removed] + add
    # Keep the order the current list had, so the API body is predictable.
    remove = [entry for entry in current if id(entry) in removed]
    return MembershipPlan(add, remove, after)


def unique_entries(entries, key, option):
    """Drop exact repeats; the same key given twice with different settings is an error."""
    seen = {}
    for entry in entries:
        k = key(entry)
        if k in seen and seen[k] != entry:
            raise ValueError("%s: %s is given twice with different settings" % (option, k))
        seen.setdefault(k, entry)
    return list(seen.values())


def membership_argument_spec():
    """``state`` and ``purge``, as every membership module names them."""
    return dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        purge=dict(type="bool", default=False),
    )


class MembershipResource(Resource):
    """A list on a parent object (never absent), converged with at most one patch.

    Subclasses provide ``validate()`` (the wanted entries, checked before any
    API call; raise ValueError with a message naming the option), ``read()``
    (the current list) and ``send(add, remove)`` (the one write, returning the
    list after it). ``key``/``same`` define identity and equality of entries,
    ``field`` names the list in the results and the diff.
    """

    field = "entries"

    def __init__(self, module, client):
        super().__init__(module, client)
        self.wanted = None
        self.plan_ = MembershipPlan([], [], [])

    def prepare(self):
        self.wanted = self.validate()

    @abc.abstractmethod
    def validate(self):
        """Return the wanted entries, already normalised."""

    @abc.abstractmethod
    def send(self, add, remove):
        """Apply the delta in one call and return the list after it."""

    @staticmethod
    def key(entry):
        return entry

    same = staticmethod(always_same)

    def export(self, entries):
        """Entries as the module returns them (snake_case dicts, plain strings)."""
        return list(entries)

    def list_in(self, parent, name):
        """The list ``name`` of a write's answer; the planned list when the answer has none."""
        if isinstance(parent, dict) and name in parent:
            return list(parent[name] or [])
        return list(self.plan_.after)

    def desired(self, current):
        self.plan_ = plan_membership(current, self.wanted, self.key, self.params["state"],
                                     self.params["purge"], self.same)
        return self.plan_.after

    def update(self, current, desired):
        return self.send(self.plan_.add, self.plan_.remove)

    def comparable(self, state):
        entries = sorted(state, key=lambda entry: str(self.key(entry)))
        return {self.field: self.export(entries)}

    def result(self, state):
        return {
            self.field: self.export(state or []),
            "added": self.export(self.plan_.add),
            "removed": self.export(self.plan_.remove),
        }
