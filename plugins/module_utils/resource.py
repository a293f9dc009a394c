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

and, where it fits, as data: a ``lifecycle`` (``Lifecycle``: which statuses are on the way,
ready, failed; ``created()``, ``deleted()`` and ``settled()`` then wait by it) and field tables
(``value_options``, ``list_options``, ``immutable_options``, ``required_to_create``; see
``requested()``).

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


#: What a run fails with when the world, not the code, is at fault: the API refused, a lookup found
#: nothing (or too much), a value cannot be used, a wait did not end well. ``fail()`` reports each.
RUN_ERRORS = (ApiError, LookupError, ValueError, WaitTimeout, WaitFailed)


def fail(module, error, kind=None):
    """Fail the module with one of RUN_ERRORS: the message, and for an ApiError, or an error raised
    from one (``raise LookupError(...) from error``: the API said there is no such object), its
    details (nothing secret) as ``api_error``; a wait's message starts with ``kind`` when one is given."""
    answer = error if isinstance(error, ApiError) else error.__cause__
    details = dict(api_error=answer.to_dict()) if isinstance(answer, ApiError) else {}
    if kind and isinstance(error, (WaitTimeout, WaitFailed)):
        module.fail_json(msg="%s: %s" % (kind, error), **details)
    module.fail_json(msg=str(error), **details)


def run_info(module, fetch):
    """Run an ``_info`` module: exit unchanged with the dict ``fetch()`` returns; RUN_ERRORS fail it."""
    try:
        result = fetch()
    except RUN_ERRORS as error:
        fail(module, error)
    module.exit_json(changed=False, **result)


def wait_for(fetch, done, failed=None, timeout=600, last_seen=None, sleep=time.sleep, clock=time.monotonic,
             schedule=POLL_SCHEDULE):
    """Poll ``fetch()`` until ``done(value)`` holds; return that value.

    ``failed(value)`` returning a truthy message stops at once with WaitFailed.
    The next poll comes after a quarter of the time waited so far, within
    ``schedule`` (first delay, cap): a state change is noticed after at most
    a quarter of the time it took (or the first delay), never more than the
    cap, and a long wait costs few requests. ``last_seen(value)`` names the
    last value fetched in the timeout message.
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
            seen = last_seen(value) if last_seen else value
            raise WaitTimeout("gave up after %ss; last seen: %s" % (timeout, seen))
        sleep(min(poll_delay(now - started, schedule), remaining))


# How long a create whose outcome is unknown is looked for before it is sent again: a
# request that timed out or lost its answer may still be queued behind a load balancer.
SETTLE_TIMEOUT = 30.0


def settled_lookup(lookup, timeout, sleep=time.sleep, clock=time.monotonic):
    """``lookup()`` until it finds something or ``timeout`` seconds have passed; polls back off."""
    try:
        return wait_for(lookup, done=lambda found: found is not None, timeout=timeout, sleep=sleep, clock=clock)
    except WaitTimeout:
        return None


def call_once(action, lookup, settle=SETTLE_TIMEOUT, retried=None, sleep=time.sleep, clock=time.monotonic):
    """Run a call that must not be repeated blindly (a create, an attach); exactly once in effect.

    When its outcome is unknown (no answer, a 5xx), ``lookup()`` is asked
    (backing off, for ``settle`` seconds) whether it took effect after all:
    anything but None is the result. Only then is the call sent a second time;
    ``retried(result)`` is told when that second call succeeded, so that the
    caller can check that the first did not land even later (see
    ``Resource.single``). A second call that fails is followed by another
    lookup: the first may have landed meanwhile and made the second a conflict.
    """
    try:
        return action()
    except ApiError as error:
        if not error.outcome_unknown:
            raise
    found = settled_lookup(lookup, settle, sleep=sleep, clock=clock)
    if found is not None:
        return found
    try:
        made = action()
    except ApiError as error:
        found = (settled_lookup(lookup, settle, sleep=sleep, clock=clock) if error.outcome_unknown
                 else lookup())
        if found is not None:
            return found
        raise
    if retried:
        retried(made)
    return made


class Lifecycle:
    """How a resource's status moves, as data: what ``Resource`` waits by.

    ``status`` is the field holding the status (or a function of the state);
    ``transitional``: statuses on the way somewhere (a run that finds one waits
    until it is left, see ``Resource.settled``); ``ready``: where a create or
    change ends; ``failed``: statuses never left by themselves; ``gone``:
    statuses that count as no longer existing (``deleting``); ``reason(state)``
    says why a state failed.
    """

    def __init__(self, status="status", transitional=(), ready=(), failed=(), gone=(), reason=None):
        self.status = status if callable(status) else (lambda state: state.get(status))
        self.transitional = tuple(transitional)
        self.ready = tuple(ready)
        self.failed = tuple(failed)
        self.gone = tuple(gone)
        self.reason = reason

    def of(self, state):
        """The status of a state; None for an object that does not exist (any more)."""
        return None if state is None else self.status(state)

    def is_gone(self, state):
        return state is None or self.of(state) in self.gone


def wanted_with_purge(current, wanted, purge, keep=None):
    """What a set-like field (tags, permissions, principals) should end with.

    ``wanted`` None leaves ``current`` as it is; with ``purge`` it replaces
    ``current``, else it is merged in. Dicts (tags) merge by key, lists as
    sorted sets. ``keep(key)`` names entries never purged (AWS's ``aws:`` tags).
    """
    if isinstance(current, dict) or isinstance(wanted, dict):
        current = dict(current or {})
        if wanted is None:
            return current
        result = dict(wanted) if purge else dict(current, **wanted)
        if keep:
            result.update((key, value) for key, value in current.items() if keep(key))
        return result
    current = current or []
    if wanted is None:
        return sorted(current)
    kept = {item for item in current if keep and keep(item)}
    return sorted(set(wanted) | kept if purge else set(current) | set(wanted))


def only(matches, what, hint):
    """The one item of ``matches`` (None for none); with more, LookupError: ``<n> <what>: <ids>; <hint>``."""
    if len(matches) > 1:
        raise LookupError("%d %s: %s; %s" % (len(matches), what, ", ".join(str(m["id"]) for m in matches), hint))
    return matches[0] if matches else None


class Resource(abc.ABC):
    """Base for modules that make one resource (or one list) look like the options say."""

    #: Name used in messages, e.g. "reverse private endpoint".
    kind = "resource"

    #: How the status moves (``Lifecycle``); None: nothing to wait for.
    lifecycle = None
    #: The poll schedule of waits (first delay, cap); families with a rate limit pass theirs.
    poll_schedule = POLL_SCHEDULE
    sleep = staticmethod(time.sleep)
    clock = staticmethod(time.monotonic)

    # Field tables (see ``requested()``) ---------------------------------------------------
    #: Compared options, each with what a new resource gets when the option is left out.
    value_options = {}
    #: Options holding lists (IDs, ARNs, CIDRs): compared as sorted sets; a given list replaces.
    list_options = ()
    #: Options fixed at creation, as names or {option: field of the state}; see ``refuse_changes()``.
    immutable_options = ()
    #: Options a create needs; a missing one fails before any write.
    required_to_create = ()
    #: The fields compared with the desired state and shown in the diff (None: the whole state).
    compared = None

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
        raise LookupError("%s does not exist and cannot be created here" % self.kind)

    def update(self, current, desired):
        raise ValueError("%s cannot be changed in place" % self.kind)

    def delete(self, current):
        raise ValueError("%s cannot be deleted here" % self.kind)

    def comparable(self, state):
        """The part of a state compared with the desired one and shown in the diff: the fields of
        ``compared`` when a resource names them, else the whole state."""
        if self.compared is not None:
            return {name: state.get(name) for name in self.compared}
        return state

    def created(self, state, desired):
        """Finish a new resource (wait for it, set what the create call cannot) and return it.

        Runs after create_once(), so an object found after a lost create answer
        is finished exactly like one whose answer arrived. By default: with
        ``wait`` and a ``lifecycle``, wait until it is ready.
        """
        if self.lifecycle is not None and self.params.get("wait"):
            return self.wait_ready(state)
        return state

    def deleted(self, state):
        """Finish a delete: by default, with ``wait`` and a ``lifecycle``, wait until it is gone."""
        if self.lifecycle is not None and self.params.get("wait"):
            self.wait_gone(state)

    def result(self, state):
        """Return values besides ``changed`` and ``diff``."""
        return {}

    def matching(self, desired):
        """Every existing object with the natural key of ``desired``, as ``read()`` gives them, or None.

        After a create was sent twice (its first outcome unknown), more than
        one match means the first landed late: ``single()`` removes the object
        this run made second. None (the default) skips the check.
        """
        return None

    def single(self, state, desired):
        """After a create sent twice, make sure the first did not land late too: keep one object.

        The object this run made second is deleted and the other one, which
        the first create made, is finished (``created()``) and returned.
        Objects this run did not make are never touched.
        """
        made, self.second_create = getattr(self, "second_create", None), None
        if made is None:
            return state
        others = [item for item in self.matching(desired) or [] if item.get("id") != made.get("id")]
        if len(others) != 1:
            return state
        self.delete(made)
        self.deleted(made)
        return self.created(others[0], desired)

    # Waits, by the lifecycle ----------------------------------------------------------

    def refresh(self, state):
        """The object of ``state`` read again (None when it is gone); families read it by id."""
        return self.read()

    def last_seen(self, state):
        """How a wait's timeout message names the last state seen."""
        return "status %s" % (self.lifecycle.of(state) if state is not None else "gone")

    def failure(self, state, waited_for=None):
        """Why a wait for the object of ``waited_for`` ends in failure: ``state`` is gone (None) or
        in a failed status."""
        name = "%s %s" % (self.kind, (state or waited_for or {}).get("id") or "")
        status = self.lifecycle.of(state)
        if state is None:
            return "%s disappeared" % name.strip()
        reason = self.lifecycle.reason(state) if self.lifecycle.reason else None
        return "%s is %s%s" % (name.strip(), status, ": %s" % reason if reason else "")

    def wait_until(self, state, done, failed, known=True):
        """Poll the object of ``state`` until ``done(seen)``; ``failed(seen)`` stops at once with
        WaitFailed (see ``failure()``). With ``known``, ``state`` itself is judged first, so an answer
        that already shows the end costs no read."""
        first = [state] if known else []

        def fetch():
            return first.pop() if first else self.refresh(state)
        return wait_for(fetch, done, lambda seen: self.failure(seen, state) if failed(seen) else None,
                        timeout=self.params["wait_timeout"], last_seen=self.last_seen, sleep=self.sleep,
                        clock=self.clock, schedule=self.poll_schedule)

    def wait_ready(self, state, ready=None):
        """Wait until the object is in a ``ready`` status (default: the lifecycle's); a failed or gone
        one fails the wait at once."""
        lifecycle = self.lifecycle
        ready = ready or lifecycle.ready
        return self.wait_until(state, lambda seen: seen is not None and lifecycle.of(seen) in ready,
                               lambda seen: lifecycle.is_gone(seen) or lifecycle.of(seen) in lifecycle.failed)

    def wait_gone(self, state):
        """Wait until reading the object (deleted just now) finds nothing; a failed status fails."""
        lifecycle = self.lifecycle
        self.wait_until(state, lambda seen: seen is None, lambda seen: lifecycle.of(seen) in lifecycle.failed,
                        known=False)

    def settled(self, state):
        """The one policy for a wait an earlier run left (it returned early, or gave up): an object
        found in a transitional status is waited for until it leaves it, with ``wait`` and outside
        check mode, before anything is planned (APIs refuse changes meanwhile). Check mode predicts
        from the object as it is."""
        lifecycle = self.lifecycle
        if (state is None or lifecycle is None or lifecycle.of(state) not in lifecycle.transitional
                or not self.params.get("wait") or self.check_mode):
            return state
        return self.wait_until(state, lambda seen: seen is not None and lifecycle.of(seen) not in lifecycle.transitional,
                               lambda seen: seen is None)

    # Field tables ----------------------------------------------------------------------

    def requested(self, current):
        """The state the options ask for, from the field tables: a given option replaces what
        ``current`` has, one left out keeps it (a new resource gets the default of
        ``value_options``, or no items); a create missing ``required_to_create`` options and a
        change to ``immutable_options`` fail (ValueError) before any write."""
        p = self.params
        if current is None:
            missing = [name for name in self.required_to_create if p.get(name) is None]
            if missing:
                raise ValueError("creating a new %s needs %s" % (self.kind, ", ".join(missing)))
        want = dict(current or {})
        for name, default in self.value_options.items():
            if p.get(name) is not None:
                want[name] = p[name]
            elif current is None:
                want[name] = default
        for name in self.list_options:
            if p.get(name) is not None:
                want[name] = sorted(set(p[name]))
            elif current is None:
                want[name] = []
        if current is not None:
            tabled = set(self.value_options) | set(self.list_options)
            self.refuse_changes(current, {name: want[name] if name in tabled else p.get(name)
                                          for name in self.immutable_options})
        return want

    def immutable_reason(self, option):
        """Why ``option`` cannot change, added to the message in brackets (None: nothing added)."""
        return None

    def refuse_changes(self, current, wanted, fields=None):
        """The one "cannot change" path: ValueError naming the first option of ``fields`` (default
        ``immutable_options``) whose wanted value differs from the existing object's (if any)."""
        if current is None:
            return
        fields = self.immutable_options if fields is None else fields
        for option, field in (fields.items() if isinstance(fields, dict) else ((name, name) for name in fields)):
            have, want = current.get(field), wanted.get(option)
            if want is not None and have is not None and want != have:
                why = self.immutable_reason(option)
                raise ValueError("%s of %s %s is %s and cannot change to %s%s; delete the %s and create it anew"
                                 % (option, self.kind, current.get("id"), have, want,
                                    " (%s)" % why if why else "", self.kind))

    def settle_timeout(self):
        """Seconds to look for a create whose outcome is unknown before sending it again."""
        return min(self.params.get("api_timeout") or SETTLE_TIMEOUT, SETTLE_TIMEOUT)

    # The one algorithm ---------------------------------------------------------

    def prepare(self):
        """Judge what the options ask by the resource's own rules before any call; raise ValueError
        (one of RUN_ERRORS) naming the option. Runs first in ``plan()``."""

    def plan(self):
        """Return (action, current, desired); action is None, create, update or delete."""
        self.prepare()
        current = self.settled(self.read())
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
                self.deleted(current)
                after = None
            if after is not None:
                after = self.single(after, desired)
        return bool(action), current, after

    def create_once(self, desired):
        """Create, and when the outcome of the create is unknown, look before trying again.

        A lost response must not turn into a duplicate: if the object shows up
        within the settle window, the create worked and that object is the
        result. A create sent a second time is remembered for ``single()``.
        """
        return call_once(lambda: self.create(desired), self.read, settle=self.settle_timeout(),
                         retried=lambda made: setattr(self, "second_create", made))

    #: The errors ``run()`` hands to ``fail()``; families add their SDK's.
    run_errors = RUN_ERRORS

    def fail(self, error):
        """Fail the module with an error of ``run_errors``: the one error exit of a run."""
        fail(self.module, error, self.kind)

    def run(self):
        try:
            changed, before, after = self.apply()
        except self.run_errors as error:
            self.fail(error)
        result = dict(changed=changed)
        if self.module._diff:
            result["diff"] = dict(before=self._diffable(before), after=self._diffable(after))
        result.update(self.result(after))
        self.module.exit_json(**result)

    def _diffable(self, state):
        return self.comparable(state) if state is not None else {}
