# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The small base class every state-changing module is built on.

A module describes its resource declaratively:

- ``read()``: the current state as a dict, or None when it does not exist;
- ``desired(current)``: the state the options ask for, or None for "must not exist";
- ``create(desired)``, ``update(current, desired)``, ``delete(current)``: the API calls,
  each returning the state after the call (``delete`` returns nothing);
- ``comparable(state)``: the part of a state that is compared and shown in the diff.

``run()`` does the rest the same way for every module: compare, honour check
mode, build ``--diff`` before/after, set ``changed`` only when something
changed, and exit with the result.
"""

from __future__ import annotations

import abc
import time

from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError

# The poll schedule of wait_for(): the next poll comes after a quarter of the time waited so far,
# at least POLL_FIRST_DELAY and at most POLL_MAX_DELAY. A change is so noticed within a quarter of
# the time it took (or the first delay). API families with a documented rate limit pass their own
# schedule (clickhouse.POLL_SCHEDULE, aws.POLL_SCHEDULE); VPCEP, which documents none, uses this one.
POLL_FIRST_DELAY = 0.5
POLL_MAX_DELAY = 10.0
POLL_LAG_SHARE = 0.25
POLL_SCHEDULE = (POLL_FIRST_DELAY, POLL_MAX_DELAY)


def poll_delay(waited, schedule=POLL_SCHEDULE):
    """Seconds until the next poll after ``waited`` seconds of waiting."""
    first, cap = schedule
    return min(cap, max(first, waited * POLL_LAG_SHARE))


class WaitTimeout(Exception):
    pass


class WaitFailed(Exception):
    pass


def wait_for(fetch, done, failed=None, timeout=600, describe=None, sleep=time.sleep, clock=time.monotonic,
             schedule=POLL_SCHEDULE):
    """Poll ``fetch()`` until ``done(value)`` holds; return that value.

    ``failed(value)`` returning a truthy message stops at once with WaitFailed.
    The next poll comes after a quarter of the time waited so far, within
    ``schedule`` (first delay, cap): a state change is noticed after at most
    a quarter of the time it took (or the first delay), never more than the
    cap, and a long wait costs few requests. ``describe(value)`` names the
    last state seen in the timeout message.
    """
    started = clock()
    deadline = started + timeout
    while True:
        value = fetch()
        if done(value):
            return value
        problem = failed(value) if failed else None
        if problem:
            raise WaitFailed(problem)
        now = clock()
        remaining = deadline - now
        if remaining <= 0:
            seen = describe(value) if describe else value
            raise WaitTimeout("gave up after %ss; last seen: %s" % (timeout, seen))
        sleep(min(poll_delay(now - started, schedule), remaining))


def call_once(action, lookup):
    """Run a call that must not be repeated blindly (a create, an attach).

    When its outcome is unknown, ``lookup()`` says whether it took effect:
    anything but None is taken as the result; only None means try once more.
    """
    try:
        return action()
    except ApiError as error:
        if not error.outcome_unknown:
            raise
        found = lookup()
        if found is not None:
            return found
        return action()


class Resource(abc.ABC):
    """Base for modules that make one resource (or one list) look like the options say."""

    #: Name used in messages, e.g. "reverse private endpoint".
    kind = "resource"

    def __init__(self, module, client):
        self.module = module
        self.client = client
        self.params = module.params
        self.check_mode = module.check_mode

    # To be provided by subclasses --------------------------------------------

    @abc.abstractmethod
    def read(self):
        """Return the current state, or None when the resource does not exist."""

    @abc.abstractmethod
    def desired(self, current):
        """Return the state the options ask for, or None when it must not exist."""

    # Resources that are never created or deleted (lists on a parent) keep these.
    def create(self, desired):
        self.module.fail_json(msg="%s does not exist and cannot be created here" % self.kind)

    def update(self, current, desired):
        self.module.fail_json(msg="%s cannot be changed in place" % self.kind)

    def delete(self, current):
        self.module.fail_json(msg="%s cannot be deleted here" % self.kind)

    def comparable(self, state):
        """The part of a state compared with the desired one and shown in the diff."""
        return state

    def created(self, state, desired):
        """Finish a new resource (wait for it, set what the create call cannot) and return it.

        Runs after create_once(), so an object found after a lost create answer
        is finished exactly like one whose answer arrived.
        """
        return state

    def result(self, state):
        """Return values besides ``changed`` and ``diff``."""
        return {}

    # The one algorithm ---------------------------------------------------------

    def plan(self):
        """Return (action, current, desired); action is None, create, update or delete."""
        current = self.read()
        desired = self.desired(current)
        if desired is None:
            return ("delete" if current is not None else None), current, None
        if current is None:
            return "create", None, desired
        if self.comparable(current) != self.comparable(desired):
            return "update", current, desired
        return None, current, desired

    def apply(self):
        """Converge; return (changed, before, after) without exiting."""
        action, current, desired = self.plan()
        after = current if action is None else desired
        if action and not self.check_mode:
            if action == "create":
                after = self.created(self.create_once(desired), desired)
            elif action == "update":
                after = self.update(current, desired)
            else:
                self.delete(current)
                after = None
        return bool(action), current, after

    def create_once(self, desired):
        """Create, and when the outcome of the create is unknown, look before trying again.

        A lost response must not turn into a duplicate: if the object exists
        now, the create worked and that object is the result.
        """
        return call_once(lambda: self.create(desired), self.read)

    def run(self):
        try:
            changed, before, after = self.apply()
        except ApiError as error:
            self.module.fail_json(msg=str(error), api_error=error.to_dict())
        except (WaitTimeout, WaitFailed) as error:
            self.module.fail_json(msg="%s: %s" % (self.kind, error))
        result = dict(changed=changed)
        if self.module._diff:
            result["diff"] = dict(before=self._diffable(before), after=self._diffable(after))
        result.update(self.result(after))
        self.module.exit_json(**result)

    def _diffable(self, state):
        return self.comparable(state) if state is not None else {}
