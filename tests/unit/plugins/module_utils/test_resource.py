# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Resource.run() and wait_for(), with an in-memory API that records every write."""

from __future__ import annotations

import copy
import itertools

import pytest

from ansible_collections.privatelink.endpoints.plugins.module_utils import resource as resource_module
from ansible_collections.privatelink.endpoints.plugins.module_utils.api import ApiError
from ansible_collections.privatelink.endpoints.plugins.module_utils.resource import (
    POLL_FIRST_DELAY,
    POLL_LAG_SHARE,
    POLL_MAX_DELAY,
    Resource,
    WaitFailed,
    WaitTimeout,
    call_once,
    poll_delay,
    run_info,
    wait_for,
)


class Exited(Exception):
    def __init__(self, result):
        super().__init__(result)
        self.result = result


class Failed(Exited):
    pass


class FakeModule:
    """The parts of AnsibleModule that Resource uses; exit and fail raise so tests can look."""

    def __init__(self, params, check_mode=False, diff=False):
        self.params = params
        self.check_mode = check_mode
        self._diff = diff

    def exit_json(self, **result):
        raise Exited(result)

    def fail_json(self, **result):
        raise Failed(result)


class FakeApi:
    """Widgets by name; the server assigns ids and a status the user does not control."""

    def __init__(self):
        self.widgets = {}
        self.writes = []
        self.ids = itertools.count(1)
        # Set to make the next create apply but lose its answer (or fail before applying).
        self.lose_next_create_answer = False
        self.fail_next_create_unknown = False

    def create(self, body):
        self.writes.append(("create", body["name"]))
        if self.fail_next_create_unknown:
            self.fail_next_create_unknown = False
            raise ApiError("POST", "/widgets", status=503, outcome_unknown=True)
        widget = dict(body, id="w-%d" % next(self.ids), status="ready")
        self.widgets[body["name"]] = widget
        if self.lose_next_create_answer:
            self.lose_next_create_answer = False
            raise ApiError("POST", "/widgets", message="connection failed", outcome_unknown=True)
        return copy.deepcopy(widget)


class Widget(Resource):
    kind = "widget"

    def read(self):
        found = self.client.widgets.get(self.params["name"])
        return copy.deepcopy(found)

    def desired(self, current):
        if self.params["state"] == "absent":
            return None
        return dict(name=self.params["name"], size=self.params["size"])

    def create(self, desired):
        return self.client.create(desired)

    def update(self, current, desired):
        self.client.writes.append(("update", desired["name"]))
        self.client.widgets[desired["name"]].update(size=desired["size"])
        return copy.deepcopy(self.client.widgets[desired["name"]])

    def delete(self, current):
        self.client.writes.append(("delete", current["name"]))
        del self.client.widgets[current["name"]]

    def comparable(self, state):
        return dict(name=state["name"], size=state["size"])

    def result(self, state):
        return dict(widget=state)


@pytest.fixture
def fake_api():
    return FakeApi()


def run(resource_class, fake_api, check_mode=False, diff=False, **params):
    params = dict(dict(name="a", size=1, state="present"), **params)
    with pytest.raises(Exited) as caught:
        resource_class(FakeModule(params, check_mode, diff), fake_api).run()
    if isinstance(caught.value, Failed):
        return "failed", caught.value.result
    return "exited", caught.value.result


# Converging -------------------------------------------------------------------------------------

def test_create_then_rerun_changes_nothing(fake_api):
    outcome, result = run(Widget, fake_api)
    assert outcome == "exited"
    assert result["changed"] is True
    assert result["widget"] == dict(name="a", size=1, id="w-1", status="ready")
    assert fake_api.writes == [("create", "a")]

    outcome, result = run(Widget, fake_api)
    assert result == dict(changed=False, widget=dict(name="a", size=1, id="w-1", status="ready"))
    assert fake_api.writes == [("create", "a")], "a re-run wrote"


def test_update_only_what_is_compared(fake_api):
    run(Widget, fake_api)
    fake_api.widgets["a"]["status"] = "busy"  # server-side fields are not the user's to converge
    assert run(Widget, fake_api)[1]["changed"] is False
    outcome, result = run(Widget, fake_api, size=2)
    assert result["changed"] is True and result["widget"]["size"] == 2
    assert fake_api.writes == [("create", "a"), ("update", "a")]


def test_delete_and_delete_again(fake_api):
    run(Widget, fake_api)
    outcome, result = run(Widget, fake_api, state="absent")
    assert result == dict(changed=True, widget=None)
    assert fake_api.widgets == {}
    outcome, result = run(Widget, fake_api, state="absent")
    assert result["changed"] is False
    assert fake_api.writes == [("create", "a"), ("delete", "a")]


# Check mode and diff ----------------------------------------------------------------------------

def test_check_mode_predicts_without_writing(fake_api):
    outcome, result = run(Widget, fake_api, check_mode=True)
    assert result["changed"] is True
    assert result["widget"] == dict(name="a", size=1)
    run(Widget, fake_api)
    assert run(Widget, fake_api, check_mode=True, size=5)[1]["changed"] is True
    assert run(Widget, fake_api, check_mode=True, state="absent")[1]["changed"] is True
    assert run(Widget, fake_api, check_mode=True)[1]["changed"] is False
    assert fake_api.writes == [("create", "a")]
    assert fake_api.widgets["a"]["size"] == 1


@pytest.mark.parametrize("check_mode", [False, True])
def test_diff_shows_the_compared_state(fake_api, check_mode):
    result = run(Widget, fake_api, check_mode=check_mode, diff=True)[1]
    assert result["diff"] == dict(before={}, after=dict(name="a", size=1))
    if check_mode:
        run(Widget, fake_api)
    result = run(Widget, fake_api, check_mode=check_mode, diff=True, size=3)[1]
    assert result["diff"] == dict(before=dict(name="a", size=1), after=dict(name="a", size=3))
    result = run(Widget, fake_api, check_mode=check_mode, diff=True, size=1 if check_mode else 3)[1]
    assert result["changed"] is False
    assert result["diff"]["before"] == result["diff"]["after"]
    result = run(Widget, fake_api, check_mode=check_mode, diff=True, state="absent")[1]
    assert result["diff"]["after"] == {} and result["diff"]["before"]["name"] == "a"


def test_no_diff_unless_asked(fake_api):
    assert "diff" not in run(Widget, fake_api)[1]


# A create is never repeated blindly ------------------------------------------------------------------

def test_lost_create_answer_is_found_instead_of_duplicated(fake_api):
    fake_api.lose_next_create_answer = True
    outcome, result = run(Widget, fake_api)
    assert outcome == "exited" and result["changed"] is True
    assert result["widget"]["id"] == "w-1"
    assert fake_api.writes == [("create", "a")]
    assert len(fake_api.widgets) == 1


def test_create_that_did_not_happen_is_tried_once_more(fake_api, monkeypatch):
    monkeypatch.setattr(resource_module, "SETTLE_TIMEOUT", 0)
    fake_api.fail_next_create_unknown = True
    outcome, result = run(Widget, fake_api)
    assert outcome == "exited"
    assert fake_api.writes == [("create", "a"), ("create", "a")]
    assert result["widget"]["id"] == "w-1"


@pytest.mark.parametrize("lose_answer", [False, True])
def test_created_finishes_a_new_resource_also_one_found_after_a_lost_answer(fake_api, lose_answer):
    finished = []

    class Finishing(Widget):
        def created(self, state, desired):
            finished.append((state["id"], desired["size"]))
            return dict(state, status="finished")

    fake_api.lose_next_create_answer = lose_answer
    outcome, result = run(Finishing, fake_api)
    assert outcome == "exited" and result["changed"] is True
    assert finished == [("w-1", 1)]
    assert result["widget"]["status"] == "finished"

    finished.clear()
    outcome, result = run(Finishing, fake_api)
    assert result["changed"] is False
    assert finished == [], "an existing resource was finished again"


def test_known_create_failure_is_reported_without_lookup_or_retry(fake_api):
    lookups = []

    class Counting(Widget):
        def read(self):
            lookups.append(1)
            return super().read()

        def create(self, desired):
            raise ApiError("POST", "/widgets", status=400, code="BAD_REQUEST", message="size too big",
                           request_id="r-1")

    outcome, result = run(Counting, fake_api)
    assert outcome == "failed"
    assert result["msg"] == "POST /widgets failed: HTTP 400 BAD_REQUEST: size too big (request id r-1)"
    assert result["api_error"]["status"] == 400
    assert len(lookups) == 1, "looked up again after a failure that was known"


def test_call_once_returns_the_lookup_or_repeats_once():
    calls = []

    def action():
        calls.append("act")
        raise ApiError("POST", "/x", outcome_unknown=True)

    assert call_once(action, lambda: {"found": True}) == {"found": True}
    assert calls == ["act"]
    with pytest.raises(ApiError):
        call_once(action, lambda: None, settle=0)
    assert calls == ["act", "act", "act"]


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def test_call_once_keeps_looking_for_a_settle_window_before_acting_again():
    clock = Clock()
    calls = []
    seen = iter([None, None, None, {"id": "late"}])

    def action():
        calls.append("act")
        raise ApiError("POST", "/x", status=504, outcome_unknown=True)

    assert call_once(action, lambda: next(seen), settle=10, sleep=clock.sleep, clock=clock) == {"id": "late"}
    assert calls == ["act"], "sent again although the first create landed within the settle window"
    # The lookups follow wait_for's schedule (the first delay until a quarter of the time waited is more).
    assert clock.sleeps == [POLL_FIRST_DELAY] * 3, "lookups follow the poll schedule"


def test_call_once_gives_up_looking_after_the_settle_window_and_says_it_retried():
    clock = Clock()
    answers = iter([ApiError("POST", "/x", outcome_unknown=True), {"id": "second"}])
    retried = []

    def action():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    made = call_once(action, lambda: None, settle=5, retried=retried.append, sleep=clock.sleep, clock=clock)
    assert made == retried[0] == {"id": "second"}
    assert clock.now == 5
    waited, expected = 0.0, []
    while waited < 5:
        expected.append(min(poll_delay(waited), 5 - waited))
        waited += expected[-1]
    assert clock.sleeps == expected, "lookups back off as wait_for's schedule says, and stop at the window"


def test_a_second_create_refused_because_the_first_landed_returns_the_first():
    answers = iter([ApiError("POST", "/x", outcome_unknown=True),
                    ApiError("POST", "/x", status=409, code="CONFLICT")])
    lookups = iter([None, {"id": "first"}])

    def action():
        raise next(answers)

    assert call_once(action, lambda: next(lookups), settle=0) == {"id": "first"}


class Late(Resource):
    """Widgets in a list (names not unique, like most cloud APIs); the first create lands late."""

    kind = "widget"

    def read(self):
        found = [w for w in self.client.widgets if w["name"] == self.params["name"]]
        return found[0] if found else None

    def desired(self, current):
        return dict(name=self.params["name"])

    def create(self, desired):
        self.client.creates += 1
        if self.client.creates == 1:
            raise ApiError("POST", "/widgets", status=504, outcome_unknown=True)
        made = dict(desired, id="w-%d" % self.client.creates)
        self.client.widgets.append(made)
        # The first create is applied now, after the second: a duplicate.
        self.client.widgets.append(dict(desired, id="w-1"))
        return made

    def created(self, state, desired):
        self.client.finished.append(state["id"])
        return state

    def delete(self, current):
        self.client.deleted.append(current["id"])
        self.client.widgets.remove(current)

    def matching(self, desired):
        return [w for w in self.client.widgets if w["name"] == desired["name"]]

    def result(self, state):
        return dict(widget=state)


def test_a_first_create_landing_after_the_second_leaves_one_object(monkeypatch):
    monkeypatch.setattr(resource_module, "SETTLE_TIMEOUT", 0)
    api = type("Api", (), {})()
    api.widgets, api.creates, api.finished, api.deleted = [dict(name="other", id="w-0")], 0, [], []
    outcome, result = run(Late, api, name="a")
    assert outcome == "exited" and result["changed"] is True
    assert api.deleted == ["w-2"], "the object this run made second is the one removed"
    assert [w["id"] for w in api.widgets] == ["w-0", "w-1"]
    assert result["widget"]["id"] == "w-1" and api.finished == ["w-2", "w-1"]


def test_objects_this_run_did_not_make_are_never_removed(monkeypatch):
    monkeypatch.setattr(resource_module, "SETTLE_TIMEOUT", 0)
    api = type("Api", (), {})()
    # Two more of the same name appear meanwhile: not one we can tell is ours, so nothing is removed.
    api.widgets, api.creates, api.finished, api.deleted = [], 0, [], []

    class Crowded(Late):
        def create(self, desired):
            made = super().create(desired)
            self.client.widgets.append(dict(desired, id="someone-else"))
            return made

    outcome, result = run(Crowded, api, name="a")
    assert outcome == "exited" and api.deleted == [] and len(api.widgets) == 3


# Errors ---------------------------------------------------------------------------------------------

def test_api_error_while_reading_fails_the_module(fake_api):
    class Broken(Widget):
        def read(self):
            raise ApiError("GET", "/widgets/a", status=500, message="boom")

    outcome, result = run(Broken, fake_api)
    assert outcome == "failed"
    assert result["msg"] == "GET /widgets/a failed: HTTP 500: boom"
    assert result["api_error"]["path"] == "/widgets/a"


@pytest.mark.parametrize("error", [WaitTimeout("gave up after 5s; last seen: busy"), WaitFailed("it broke")])
def test_wait_errors_name_the_resource(fake_api, error):
    class Waiting(Widget):
        def create(self, desired):
            raise error

    outcome, result = run(Waiting, fake_api)
    assert outcome == "failed"
    assert result["msg"] == "widget: %s" % error


@pytest.mark.parametrize("error", [LookupError("2 widgets match: w-1, w-2; give id"), ValueError("size must be even")])
def test_lookup_and_value_errors_fail_the_module_with_their_message(fake_api, error):
    class Ambiguous(Widget):
        def read(self):
            raise error

    outcome, result = run(Ambiguous, fake_api)
    assert (outcome, result) == ("failed", dict(msg=str(error)))
    assert fake_api.writes == []


@pytest.mark.parametrize("chained", [True, False])
def test_a_lookup_raised_from_an_api_answer_returns_that_answer(fake_api, chained):
    answer = ApiError("GET", "/widgets/a", status=404, message="no such widget")

    class Missing(Widget):
        def read(self):
            try:
                raise answer
            except ApiError as error:
                if chained:
                    raise LookupError("no widget a") from error
                raise LookupError("no widget a")  # pylint: disable=raise-missing-from

    outcome, result = run(Missing, fake_api)
    assert (outcome, result) == ("failed", dict(msg="no widget a", **(dict(api_error=answer.to_dict()) if chained else {})))


def test_a_bug_is_no_module_failure(fake_api):
    class Buggy(Widget):
        def read(self):
            raise TypeError("a bug")

    with pytest.raises(TypeError):
        Buggy(FakeModule(dict(name="a", size=1, state="present")), fake_api).run()


def info(fetch):
    with pytest.raises(Exited) as caught:
        run_info(FakeModule({}), fetch)
    return ("failed" if isinstance(caught.value, Failed) else "exited"), caught.value.result


def test_run_info_exits_unchanged_with_what_it_found():
    assert info(lambda: dict(widgets=[{"id": "w-1"}])) == ("exited", dict(changed=False, widgets=[{"id": "w-1"}]))


@pytest.mark.parametrize("error, expected", [
    (ApiError("GET", "/widgets", status=500, message="boom"), "GET /widgets failed: HTTP 500: boom"),
    (LookupError("no widget a"), "no widget a"),
    (WaitTimeout("gave up after 5s; last seen: busy"), "gave up after 5s; last seen: busy"),
])
def test_run_info_fails_like_a_resource_without_naming_a_kind(error, expected):
    def fetch():
        raise error

    outcome, result = info(fetch)
    assert (outcome, result["msg"]) == ("failed", expected)
    assert ("api_error" in result) == isinstance(error, ApiError)


@pytest.mark.parametrize("params, message", [
    (dict(), "widget does not exist and cannot be created here"),
    (dict(size=9), "widget cannot be changed in place"),
    (dict(state="absent"), "widget cannot be deleted here"),
])
def test_operations_a_resource_does_not_offer_fail_clearly(fake_api, params, message):
    class ReadOnly(Resource):
        kind = "widget"

        def read(self):
            return fake_api.widgets.get("a")

        def desired(self, current):
            return None if self.params["state"] == "absent" else dict(name="a", size=self.params["size"])

    if params:
        fake_api.widgets["a"] = dict(name="a", size=1)
    outcome, result = run(ReadOnly, fake_api, **params)
    assert (outcome, result["msg"]) == ("failed", message)


# wait_for ------------------------------------------------------------------------------------------

class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def poll(states, clock, **kwargs):
    seen = iter(states)
    fetched = []

    def fetch():
        fetched.append(next(seen))
        return fetched[-1]
    kwargs.setdefault("done", lambda s: s == "ready")
    value = wait_for(fetch, sleep=clock.sleep, clock=clock, **kwargs)
    return value, fetched


def test_wait_returns_at_once_when_done():
    clock = FakeClock()
    value, fetched = poll(["ready"], clock)
    assert value == "ready" and fetched == ["ready"] and clock.sleeps == []


def test_wait_polls_after_a_quarter_of_the_time_waited_within_first_delay_and_cap():
    clock = FakeClock()
    value, fetched = poll(["creating"] * 9 + ["ready"], clock, timeout=600)
    assert value == "ready"
    assert len(fetched) == 10
    # The first delay (0.5 s) until two seconds have passed, then a quarter of the time waited.
    assert clock.sleeps == pytest.approx([0.5] * 5 + [0.625, 0.78125, 0.9765625, 1.220703125])
    assert clock.sleeps[0] == POLL_FIRST_DELAY


def test_wait_schedule_caps_and_keeps_the_lag_within_a_quarter_of_the_time_taken():
    clock = FakeClock()
    with pytest.raises(WaitTimeout):
        poll(itertools.repeat("pending"), clock, timeout=300, schedule=(1.0, 10.0))
    polls = list(itertools.accumulate([0.0] + clock.sleeps))
    assert clock.sleeps[:6] == [1.0] * 5 + [1.25] and max(clock.sleeps) == 10.0
    assert clock.sleeps[-3:-1] == [10.0, 10.0]
    # A change at any moment t after the first delays is seen at the next poll: at most t / 4 later.
    for earlier, later in zip(polls, polls[1:]):
        assert later - earlier <= max(1.0, min(10.0, earlier * POLL_LAG_SHARE)) + 1e-9
    # A long wait still costs few requests: 42 polls in 300 s (doubling from 0.25 s took 35).
    assert len(polls) == 42


def test_wait_stops_at_a_failed_state():
    clock = FakeClock()
    with pytest.raises(WaitFailed, match="service is failed: quota"):
        poll(["creating", "failed", "ready"], clock,
             failed=lambda s: "service is failed: quota" if s == "failed" else None)
    assert clock.sleeps == [POLL_FIRST_DELAY]


def test_wait_times_out_with_the_last_state_and_few_polls():
    clock = FakeClock()
    with pytest.raises(WaitTimeout) as caught:
        poll(itertools.repeat("pending"), clock, timeout=60, last_seen=lambda s: "status %s" % s)
    assert str(caught.value) == "gave up after 60s; last seen: status pending"
    assert sum(clock.sleeps) == pytest.approx(60)  # the last sleep is cut to the deadline
    # Polls every 0.5 s for two seconds, then each a quarter of the time waited later, capped
    # at 10 s from 40 s on: 21 polls in a minute (doubling from 0.25 s took 12), the last at the deadline.
    assert clock.sleeps[-2] == POLL_MAX_DELAY
    assert len(clock.sleeps) == 20


def test_wait_with_zero_timeout_polls_once():
    clock = FakeClock()
    with pytest.raises(WaitTimeout):
        poll(itertools.repeat("pending"), clock, timeout=0)
    assert clock.sleeps == []


# Waits as data: Lifecycle, wait_ready(), wait_gone(), settled() ---------------------------------

class Gadget(Resource):
    """A resource whose reads come from a script of states (None: gone); every read is recorded."""

    kind = "gadget"
    lifecycle = resource_module.Lifecycle(transitional=("creating",), ready=("ready",), failed=("failed",),
                                          gone=("deleting",), reason=lambda state: state.get("why"))

    def __init__(self, module, script, clock):
        super().__init__(module, None)
        self.script = list(script)
        self.reads = 0
        self.sleep = clock.sleep
        self.clock = clock

    def read(self):
        self.reads += 1
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def desired(self, current):
        return None if self.params["state"] == "absent" else dict(id="g-1", size=self.params["size"])

    def create(self, desired):
        return dict(desired, status="creating")

    def update(self, current, desired):
        return dict(current, **desired)

    def delete(self, current):
        pass

    def comparable(self, state):
        return dict(size=state.get("size"))


def gadget(script, check_mode=False, **params):
    params = dict(dict(state="present", size=1, wait=True, wait_timeout=60), **params)
    return Gadget(FakeModule(params, check_mode), script, FakeClock())


def test_wait_ready_judges_the_known_state_first_and_polls_back_off():
    ready = dict(id="g-1", status="ready")
    widget = gadget([ready])
    assert widget.wait_ready(ready) == ready and widget.reads == 0
    widget = gadget([dict(id="g-1", status="creating")] * 3 + [ready])
    assert widget.wait_ready(dict(id="g-1", status="creating")) == ready
    assert widget.reads == 4 and widget.clock.sleeps == [0.5, 0.5, 0.5, 0.5]


@pytest.mark.parametrize("seen, message", [
    (dict(id="g-1", status="failed", why="quota"), "gadget g-1 is failed: quota"),
    (dict(id="g-1", status="deleting"), "gadget g-1 is deleting"),
    (None, "gadget g-1 disappeared"),
])
def test_wait_ready_fails_at_once_on_a_failed_or_gone_object(seen, message):
    widget = gadget([seen])
    with pytest.raises(WaitFailed) as caught:
        widget.wait_ready(dict(id="g-1", status="creating"))
    assert str(caught.value) == message and widget.reads == 1


def test_wait_gone_reads_until_nothing_is_found_and_times_out_naming_the_status():
    widget = gadget([dict(id="g-1", status="deleting"), None])
    widget.wait_gone(dict(id="g-1", status="ready"))
    assert widget.reads == 2
    stuck = gadget([dict(id="g-1", status="deleting")], wait_timeout=2)
    with pytest.raises(WaitTimeout, match="gave up after 2s; last seen: status deleting"):
        stuck.wait_gone(dict(id="g-1"))


def test_created_waits_for_ready_and_deleted_for_gone_by_default():
    widget = gadget([None, dict(id="g-1", size=1, status="ready")])
    changed, before, after = widget.apply()
    assert changed and before is None and after["status"] == "ready"
    widget = gadget([dict(id="g-1", size=1, status="ready"), dict(id="g-1", status="deleting"), None], state="absent")
    assert widget.apply() == (True, dict(id="g-1", size=1, status="ready"), None) and widget.reads == 3
    no_wait = gadget([None], wait=False)
    assert no_wait.apply()[2]["status"] == "creating" and no_wait.reads == 1


def test_settled_finishes_the_wait_an_earlier_run_left_before_planning():
    creating, ready = dict(id="g-1", size=1, status="creating"), dict(id="g-1", size=1, status="ready")
    widget = gadget([creating, creating, ready])
    assert widget.apply() == (False, ready, ready) and widget.reads == 3
    for quiet in (gadget([creating], check_mode=True), gadget([creating], wait=False)):
        assert quiet.apply() == (False, creating, creating) and quiet.reads == 1
    vanished = gadget([creating, None])
    with pytest.raises(WaitFailed, match="gadget g-1 disappeared"):
        vanished.apply()


# Field tables -----------------------------------------------------------------------------------

class Tabled(Gadget):
    value_options = dict(size=1, color="red")
    list_options = ("cidrs",)
    immutable_options = dict(vpc_id="vpc", color="color")
    required_to_create = ("vpc_id",)

    def desired(self, current):
        return self.requested(current)

    def immutable_reason(self, option):
        return "fixed at creation" if option == "vpc_id" else None


def tabled(**params):
    params = dict(dict(size=None, color=None, cidrs=None, vpc_id=None), **params)
    return Tabled(FakeModule(params), [None], FakeClock())


def test_requested_fills_defaults_for_a_new_resource_and_keeps_what_is_left_out():
    assert tabled(vpc_id="v", cidrs=["b", "a", "b"]).requested(None) == dict(
        size=1, color="red", cidrs=["a", "b"])
    current = dict(id="g-1", vpc="v", size=3, color="blue", cidrs=["z"])
    assert tabled(size=4).requested(current) == dict(current, size=4)


def test_requested_needs_the_create_options_and_refuses_immutable_changes():
    with pytest.raises(ValueError, match="^creating a new gadget needs vpc_id$"):
        tabled().requested(None)
    current = dict(id="g-1", vpc="v", color="blue")
    with pytest.raises(ValueError) as caught:
        tabled(color="green").requested(current)
    assert str(caught.value) == ("color of gadget g-1 is blue and cannot change to green; "
                                 "delete the gadget and create it anew")
    with pytest.raises(ValueError, match=r"vpc_id of gadget g-1 is v and cannot change to w \(fixed at creation\)"):
        tabled(vpc_id="w").requested(current)


@pytest.mark.parametrize("current, wanted, purge, expected", [
    ({"a": "1", "b": "2"}, None, True, {"a": "1", "b": "2"}),
    ({"a": "1", "b": "2"}, {"b": "3"}, True, {"b": "3"}),
    ({"a": "1", "b": "2"}, {"b": "3"}, False, {"a": "1", "b": "3"}),
    (["b", "a"], None, True, ["a", "b"]),
    (["b", "a"], ["c"], True, ["c"]),
    (["b", "a"], ["c", "a"], False, ["a", "b", "c"]),
])
def test_wanted_with_purge(current, wanted, purge, expected):
    assert resource_module.wanted_with_purge(current, wanted, purge) == expected


def test_wanted_with_purge_keeps_what_may_not_be_purged():
    kept = resource_module.wanted_with_purge({"aws:x": "1", "a": "2"}, {"b": "3"}, True,
                                             keep=lambda key: key.startswith("aws:"))
    assert kept == {"aws:x": "1", "b": "3"}


def test_only_returns_the_one_match_and_lists_ambiguous_ones():
    assert resource_module.only([], "widgets are named 'a'", "give the id") is None
    assert resource_module.only([dict(id="w-1")], "widgets are named 'a'", "give the id") == dict(id="w-1")
    with pytest.raises(LookupError) as caught:
        resource_module.only([dict(id="w-1"), dict(id="w-2")], "widgets are named 'a'", "give the id")
    assert str(caught.value) == "2 widgets are named 'a': w-1, w-2; give the id"


def test_compared_fields_make_the_comparison_and_the_diff():
    class Sized(Gadget):
        compared = ("size",)
    widget = Sized(FakeModule(dict(state="present", size=2, wait=False, wait_timeout=60), diff=True),
                   [dict(id="g-1", size=1, status="ready", noise="x")], FakeClock())
    with pytest.raises(Exited) as caught:
        widget.run()
    assert caught.value.result["diff"] == dict(before=dict(size=1), after=dict(size=2))


def test_prepare_judges_the_options_before_any_read():
    class Picky(Gadget):
        def prepare(self):
            raise ValueError("size: 2 is not allowed")
    picky = Picky(FakeModule(dict(state="present", size=2, wait=True, wait_timeout=60)), [None], FakeClock())
    with pytest.raises(Failed) as caught:
        picky.run()
    assert caught.value.result == dict(msg="size: 2 is not allowed") and picky.reads == 0
