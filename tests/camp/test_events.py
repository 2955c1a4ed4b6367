"""Scheduler events derived from a camp: kinds, local times, keys, DST, rest days."""

from __future__ import annotations

import collections
import copy
import datetime as dt
import tomllib

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from camp.calendar import plan_days
from camp.clock import utc_text
from camp.definition import load_definition_file, parse_definition
from camp.errors import CampError, DefinitionError
from camp.events import EVENT_KINDS, PlannedEvent, derive_events, event_key, next_event
from camp.models import CampDefinition
from camp.resources import camp_templates_dir

D = dt.date
NY = "America/New_York"
SH = "Asia/Shanghai"

SMALL = """
[camp]
name = "Small camp"
timezone = "Asia/Shanghai"
days = 3

[[windows]]
name = "night"
open = "20:00"
due = "23:30"
late_until = "00:30"

[ceremonies]
opening = { day = 1, at = "19:30" }
closing = { day = "last", at = "23:45" }

[reminders]
before_due = ["30m"]
task_post = "08:00"
summary = "09:00"
"""


def template(name: str) -> CampDefinition:
    definition, _ = load_definition_file(camp_templates_dir() / f"{name}.toml")
    return definition


def small(**sections: dict) -> CampDefinition:
    """The small camp above with whole sections or ``camp`` keys replaced."""
    data = copy.deepcopy(tomllib.loads(SMALL))
    for section, values in sections.items():
        if isinstance(values, dict) and isinstance(data.get(section), dict):
            data[section].update(values)
        else:
            data[section] = values
    return parse_definition(data, "test.toml")


def derive(definition: CampDefinition, start: dt.date, slug: str = "cp-week") -> list[PlannedEvent]:
    return derive_events(slug, definition, plan_days(definition, start))


def of_kind(events: list[PlannedEvent], kind: str) -> list[PlannedEvent]:
    return [event for event in events if event.kind == kind]


def local(event: PlannedEvent) -> str:
    return event.due.format("YYYY-MM-DD HH:mm")


def utc_hour(event: PlannedEvent) -> int:
    return event.due.in_tz("UTC").hour


# --- the copywriting camp: 7 nights ---------------------------------------------------

START = D(2026, 11, 23)


@pytest.fixture(scope="module")
def cp_events() -> list[PlannedEvent]:
    return derive(template("copywriting-cp"), START)


def test_a_seven_day_camp_has_each_kind_the_expected_number_of_times(cp_events):
    counts = collections.Counter(event.kind for event in cp_events)
    assert counts == {
        "opening": 1,
        "task": 7,
        "reminder": 7,
        "close": 7,
        "summary": 6,
        "inactivity": 7,
        "pairing": 1,  # pair_by_day = 2
        "closing": 1,
    }
    assert len(cp_events) == 37


def test_the_first_day_in_order_with_exact_local_times(cp_events):
    first = [(e.kind, e.day, e.window, local(e)) for e in cp_events[:6]]
    assert first == [
        ("task", 1, None, "2026-11-23 08:00"),
        ("opening", 1, None, "2026-11-23 19:30"),
        ("reminder", 1, "night", "2026-11-23 23:00"),
        ("close", 1, "night", "2026-11-24 00:30"),
        ("inactivity", 1, None, "2026-11-24 00:31"),
        ("task", 2, None, "2026-11-24 08:00"),
    ]


def test_every_day_gets_its_task_reminder_close_and_summary_at_local_times(cp_events):
    for kind, clock, shift in (
        ("task", "08:00", 0),
        ("reminder", "23:00", 0),
        ("close", "00:30", 1),
        ("summary", "09:00", 1),
        ("inactivity", "00:31", 1),
    ):
        events = of_kind(cp_events, kind)
        for event in events:
            date = START + dt.timedelta(days=event.day - 1 + shift)
            assert local(event) == f"{date.isoformat()} {clock}", (kind, event.day)
            assert event.due.timezone_name == SH


def test_reminders_carry_their_offset_and_window(cp_events):
    for event in of_kind(cp_events, "reminder"):
        assert (event.window, event.offset) == ("night", 30)
    for event in cp_events:
        if event.kind != "reminder":
            assert event.offset is None
        if event.kind not in ("reminder", "close"):
            assert event.window is None


def test_no_summary_after_the_last_day(cp_events):
    assert [event.day for event in of_kind(cp_events, "summary")] == [1, 2, 3, 4, 5, 6]


def test_closing_before_the_last_close_moves_to_five_minutes_after_it(cp_events):
    # 23:45 on day 7 comes before the night window's late period ends at 00:30.
    (closing,) = of_kind(cp_events, "closing")
    assert closing.day == 7
    assert local(closing) == "2026-11-30 00:35"
    assert closing is cp_events[-1]


def test_opening_and_closing_belong_to_their_days(cp_events):
    assert [(e.kind, e.day, e.key) for e in of_kind(cp_events, "opening")] == [
        ("opening", 1, "cp-week/opening")
    ]
    assert [(e.kind, e.day, e.key) for e in of_kind(cp_events, "closing")] == [
        ("closing", 7, "cp-week/closing")
    ]


def test_keys_are_readable_unique_and_deterministic(cp_events):
    keys = [event.key for event in cp_events]
    assert len(set(keys)) == len(keys)
    assert "cp-week/reminder/d3/night/30m" in keys
    assert "cp-week/task/d2" in keys
    assert "cp-week/close/d2/night" in keys
    assert "cp-week/summary/d2" in keys
    assert "cp-week/inactivity/d2" in keys
    again = derive(template("copywriting-cp"), START)
    assert again == cp_events
    assert [e.key for e in again] == keys


def test_keys_are_those_event_key_gives(cp_events):
    for event in cp_events:
        ceremony = event.kind in ("opening", "closing")
        day = None if ceremony else event.day
        assert event.key == event_key("cp-week", event.kind, day, event.window, event.offset)


def test_events_are_sorted_by_instant(cp_events):
    stamps = [event.due.timestamp() for event in cp_events]
    assert stamps == sorted(stamps)


def test_to_row_gives_a_pending_row_with_utc_text(cp_events):
    reminder = next(e for e in cp_events if e.key == "cp-week/reminder/d3/night/30m")
    assert reminder.to_row(42) == {
        "key": "cp-week/reminder/d3/night/30m",
        "camp_id": 42,
        "kind": "reminder",
        "day": 3,
        "window_name": "night",
        "due": "2026-11-25T15:00:00.000000Z",  # 23:00 in Shanghai (UTC+8)
        "status": "pending",
    }
    (opening,) = of_kind(cp_events, "opening")
    row = opening.to_row(1)
    assert (row["day"], row["window_name"], row["due"]) == (1, None, "2026-11-23T11:30:00.000000Z")


# --- event_key ------------------------------------------------------------------------


def test_event_key_formats():
    assert event_key("cp-week", "reminder", 3, "night", 30) == "cp-week/reminder/d3/night/30m"
    assert event_key("cp-week", "opening", None) == "cp-week/opening"
    assert event_key("cp-week", "closing", None) == "cp-week/closing"
    assert event_key("cp-week", "task", 2) == "cp-week/task/d2"
    assert event_key("cp-week", "close", 2, "night") == "cp-week/close/d2/night"
    assert event_key("cp-week", "summary", 2) == "cp-week/summary/d2"
    assert event_key("cp-week", "inactivity", 2) == "cp-week/inactivity/d2"
    assert event_key("cp-week", "reminder", 1, "早班", 90) == "cp-week/reminder/d1/早班/90m"


def test_event_key_escapes_the_separator_in_window_names():
    # Without escaping, window "a/1m" with no offset could read like window "a", 1m.
    assert event_key("x", "close", 1, "a/b") == "x/close/d1/a%2Fb"
    assert event_key("x", "reminder", 1, "a", 1) != event_key("x", "close", 1, "a/1m")
    assert event_key("x", "close", 1, "50%") == "x/close/d1/50%25"
    assert event_key("x", "close", 1, "a%2Fb") != event_key("x", "close", 1, "a/b")


@pytest.mark.parametrize(
    ("kind", "day", "window", "offset", "missing"),
    [
        ("task", None, None, None, "day"),
        ("close", 1, None, None, "window"),
        ("reminder", 1, "night", None, "offset"),
        ("reminder", None, None, None, "day and window and offset"),
    ],
)
def test_event_key_rejects_missing_parts(kind, day, window, offset, missing):
    with pytest.raises(ValueError, match=f"needs {missing}"):
        event_key("x", kind, day, window, offset)


def test_event_key_rejects_unknown_kinds():
    with pytest.raises(ValueError, match="unknown event kind 'party'"):
        event_key("x", "party", 1)


def test_event_kinds_are_in_firing_order():
    assert EVENT_KINDS == (
        "opening",
        "task",
        "reminder",
        "close",
        "summary",
        "inactivity",
        "pairing",
        "closing",
    )


# --- rules ----------------------------------------------------------------------------


def test_task_post_unset_posts_thirty_minutes_before_the_first_window():
    events = derive(small(reminders={"task_post": False}), START)
    assert [local(e) for e in of_kind(events, "task")] == [
        "2026-11-23 19:30",
        "2026-11-24 19:30",
        "2026-11-25 19:30",
    ]


def test_task_post_after_the_window_opens_posts_at_the_open_time():
    events = derive(small(reminders={"task_post": "21:00"}), START)
    assert [local(e) for e in of_kind(events, "task")] == [
        "2026-11-23 20:00",
        "2026-11-24 20:00",
        "2026-11-25 20:00",
    ]


def test_same_instant_events_follow_the_kind_order():
    # Task 30 minutes before 20:00 is 19:30, the opening's time too: opening comes first.
    events = derive(small(reminders={"task_post": False}), START)
    assert [(e.kind, local(e)) for e in events[:2]] == [
        ("opening", "2026-11-23 19:30"),
        ("task", "2026-11-23 19:30"),
    ]


def test_reminders_before_the_window_opens_are_skipped():
    windows = [{"name": "sprint", "open": "20:00", "due": "20:10"}]
    reminders = {"before_due": ["30m", "10m", "5m"]}
    events = derive(small(windows=windows, reminders=reminders), START)
    day_one = [(e.offset, local(e)) for e in of_kind(events, "reminder") if e.day == 1]
    # 30m would be 19:40, before the window opens; 10m falls exactly on the open: kept.
    assert day_one == [(10, "2026-11-23 20:00"), (5, "2026-11-23 20:05")]
    assert len(of_kind(events, "reminder")) == 6


def test_several_reminders_per_window_are_all_derived_in_order():
    events = derive(small(reminders={"before_due": ["1h", "30m"]}), START)
    day_two = [(e.key, local(e)) for e in of_kind(events, "reminder") if e.day == 2]
    assert day_two == [
        ("cp-week/reminder/d2/night/60m", "2026-11-24 22:30"),
        ("cp-week/reminder/d2/night/30m", "2026-11-24 23:00"),
    ]


def test_a_window_without_late_period_closes_at_due():
    windows = [{"name": "day", "open": "08:00", "due": "22:00"}]
    events = derive(small(windows=windows), START)
    assert [local(e) for e in of_kind(events, "close")][:2] == [
        "2026-11-23 22:00",
        "2026-11-24 22:00",
    ]
    assert [local(e) for e in of_kind(events, "inactivity")][:1] == ["2026-11-23 22:01"]
    # 23:45 is after the last close (22:00): the closing ceremony keeps its time.
    assert [local(e) for e in of_kind(events, "closing")] == ["2026-11-25 23:45"]


def test_a_summary_before_the_days_last_close_moves_after_it():
    # Late check-ins until 10:00 the next morning: a 09:00 summary would miss them.
    windows = [{"name": "night", "open": "20:00", "due": "23:30", "late_until": "10:00"}]
    events = derive(small(windows=windows), START)
    assert [local(e) for e in of_kind(events, "summary")] == [
        "2026-11-24 10:05",
        "2026-11-25 10:05",
    ]
    assert [local(e) for e in of_kind(events, "inactivity")][:1] == ["2026-11-24 10:01"]


def test_a_summary_exactly_at_the_last_close_moves_after_it():
    windows = [{"name": "night", "open": "20:00", "due": "23:30", "late_until": "09:00"}]
    events = derive(small(windows=windows), START)
    assert [local(e) for e in of_kind(events, "summary")][:1] == ["2026-11-24 09:05"]


def test_unset_summary_and_ceremonies_give_no_such_events():
    definition = small(
        reminders={"summary": False},
        ceremonies={"opening": False, "closing": False},
    )
    kinds = {event.kind for event in derive(definition, START)}
    assert kinds == {"task", "reminder", "close", "inactivity"}


def test_a_ceremony_day_is_used_and_last_means_the_last_day():
    definition = small(
        camp={"days": 5},
        ceremonies={
            "opening": {"day": 2, "at": "07:00"},
            "closing": {"day": "last", "at": "09:00"},
        },
    )
    events = derive(definition, START)
    (opening,) = of_kind(events, "opening")
    (closing,) = of_kind(events, "closing")
    assert (opening.day, local(opening)) == (2, "2026-11-24 07:00")
    # Day 5 at 09:00 comes before day 5's window: moved after its last close.
    assert (closing.day, local(closing)) == (5, "2026-11-28 00:35")


def test_a_ceremony_on_a_day_the_camp_lacks_is_an_error():
    definition = small(camp={"days": 5}, ceremonies={"opening": {"day": 4, "at": "07:00"}})
    days = plan_days(definition, START)[:3]
    with pytest.raises(CampError, match="opening ceremony is on day 4"):
        derive_events("x", definition, days)


def test_no_days_no_events():
    assert derive_events("x", small(), []) == []


# --- daylight saving ------------------------------------------------------------------


def test_a_camp_across_the_fall_back_change_keeps_its_local_times():
    # America/New_York leaves daylight saving at 02:00 on Sunday 2026-11-01.
    definition = small(
        camp={"timezone": NY, "days": 6},
        reminders={"task_post": "20:00"},
    )
    events = derive(definition, D(2026, 10, 29))
    tasks = of_kind(events, "task")
    assert [local(e) for e in tasks] == [
        f"{date} 20:00"
        for date in (
            "2026-10-29",
            "2026-10-30",
            "2026-10-31",
            "2026-11-01",
            "2026-11-02",
            "2026-11-03",
        )
    ]
    # 20:00 EDT is 00:00 UTC; 20:00 EST is 01:00 UTC.
    assert [utc_hour(e) for e in tasks] == [0, 0, 0, 1, 1, 1]
    assert {e.due.format("HH:mm") for e in of_kind(events, "reminder")} == {"23:00"}
    assert {e.due.format("HH:mm") for e in of_kind(events, "close")} == {"00:30"}
    assert {e.due.format("HH:mm") for e in of_kind(events, "summary")} == {"09:00"}
    assert [utc_hour(e) for e in of_kind(events, "summary")] == [13, 13, 14, 14, 14]


def test_reminders_count_elapsed_minutes_in_the_repeated_hour():
    # Day 1 (2026-10-31) is due at 01:30 on the fall-back night; pendulum takes the later
    # 01:30 (EST). One hour of elapsed time before it is the earlier 01:30 (EDT).
    windows = [{"name": "late", "open": "23:00", "due": "01:30"}]
    definition = small(
        camp={"timezone": NY, "days": 1},
        windows=windows,
        reminders={"before_due": ["1h"]},
    )
    events = derive(definition, D(2026, 10, 31))
    (reminder,) = of_kind(events, "reminder")
    (close,) = of_kind(events, "close")
    assert close.due.timestamp() - reminder.due.timestamp() == 3600
    assert reminder.due.format("HH:mm Z") == "01:30 -04:00"
    assert close.due.format("HH:mm Z") == "01:30 -05:00"
    (inactivity,) = of_kind(events, "inactivity")
    assert inactivity.due.timestamp() - close.due.timestamp() == 60


def test_reminders_count_elapsed_minutes_across_the_spring_forward_gap():
    # 2026-03-08 02:00 EST jumps to 03:00 EDT: one hour before 03:30 EDT is 01:30 EST.
    windows = [{"name": "late", "open": "23:00", "due": "03:30"}]
    definition = small(
        camp={"timezone": NY, "days": 1},
        windows=windows,
        reminders={"before_due": ["1h"]},
    )
    (reminder,) = of_kind(derive(definition, D(2026, 3, 7)), "reminder")
    assert reminder.due.format("YYYY-MM-DD HH:mm Z") == "2026-03-08 01:30 -05:00"


# --- rest days and several windows ----------------------------------------------------


def test_rest_days_get_no_events():
    definition = template("ops-club")  # 28 working days, weekends off
    events = derive(definition, D(2026, 11, 23), slug="ops")
    assert len(of_kind(events, "task")) == 28
    assert {event.due.date().weekday() for event in events} <= {0, 1, 2, 3, 4}
    # Friday 2026-11-27 is day 5: its standings come on Monday morning, before day 6.
    summary = next(e for e in events if e.key == "ops/summary/d5")
    assert local(summary) == "2026-11-30 08:00"
    assert local(next(e for e in events if e.key == "ops/task/d6")) == "2026-11-30 08:45"
    assert local(next(e for e in events if e.key == "ops/reminder/d5/signin/60m")) == (
        "2026-11-27 11:00"
    )


def test_multi_window_camps_get_a_reminder_and_a_close_per_window_per_day():
    definition = template("study-buddy")  # three shifts, 21 days
    events = derive(definition, D(2026, 11, 23), slug="buddies")
    for kind in ("reminder", "close"):
        per_day = collections.Counter(e.day for e in of_kind(events, kind))
        assert per_day == dict.fromkeys(range(1, 22), 3), kind
    day_one = [(e.kind, e.window, local(e)) for e in events if e.day == 1]
    assert day_one == [
        ("task", None, "2026-11-23 18:00"),
        ("opening", None, "2026-11-23 19:30"),
        ("reminder", "early", "2026-11-23 19:50"),
        ("close", "early", "2026-11-23 20:10"),
        ("reminder", "middle", "2026-11-23 20:50"),
        ("close", "middle", "2026-11-23 21:10"),
        ("reminder", "late", "2026-11-23 21:50"),
        ("close", "late", "2026-11-23 22:10"),
        ("inactivity", None, "2026-11-23 22:11"),
        ("pairing", None, "2026-11-23 22:12"),  # pair_by_day = 1
        ("summary", None, "2026-11-24 09:00"),
    ]
    # 23:10 on the last day is after the last shift closes (22:10): not moved.
    assert [local(e) for e in of_kind(events, "closing")] == ["2026-12-13 23:10"]


# --- next_event -----------------------------------------------------------------------


def test_next_event_is_the_first_strictly_after_now(cp_events):
    before = pendulum.datetime(2026, 11, 1, tz=SH)
    assert next_event(cp_events, before) is cp_events[0]
    first_reminder = next(e for e in cp_events if e.kind == "reminder")
    at_reminder = first_reminder.due.in_tz("UTC")
    following = next_event(cp_events, at_reminder)
    assert following is not None
    assert following.key == "cp-week/close/d1/night"
    assert next_event(reversed(cp_events), at_reminder) is following
    assert next_event(cp_events, cp_events[-1].due) is None
    assert next_event([], before) is None


def test_next_event_breaks_ties_by_kind():
    events = derive(small(reminders={"task_post": False}), START)
    just_before = pendulum.datetime(2026, 11, 23, 19, 29, tz=SH)
    assert next_event(list(reversed(events)), just_before).kind == "opening"


# --- invariants -----------------------------------------------------------------------

ZONES = ("America/New_York", "Europe/London", "Australia/Sydney", "Asia/Shanghai")
times = st.builds(
    lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30, 45])
)


@st.composite
def camp_files(draw) -> dict:
    window = {"name": "w", "open": draw(times), "due": draw(times)}
    if draw(st.booleans()):
        window["late_until"] = draw(times)
    reminders: dict[str, object] = {
        "before_due": draw(
            st.lists(st.sampled_from(["5m", "30m", "1h", "2h", "12h"]), max_size=3, unique=True)
        ),
        "task_post": draw(st.one_of(st.just(False), times)),
        "summary": draw(st.one_of(st.just(False), times)),
    }
    return {
        "camp": {
            "name": "Drawn",
            "timezone": draw(st.sampled_from(ZONES)),
            "days": draw(st.integers(1, 8)),
            "rest": draw(st.sampled_from([[], ["weekends"]])),
        },
        "windows": [window],
        "reminders": reminders,
        "ceremonies": {
            "opening": {"day": 1, "at": draw(times)},
            "closing": {"day": "last", "at": draw(times)},
        },
    }


@settings(max_examples=150, deadline=None)
@given(
    data=camp_files(),
    # Starts near each zone's DST changes, and elsewhere.
    start=st.dates(D(2026, 3, 1), D(2026, 11, 10)),
)
def test_derivation_invariants(data, start):
    try:
        definition = parse_definition(data, "drawn.toml")
    except DefinitionError:
        assume(False)
    days = plan_days(definition, start)
    events = derive_events("drawn", definition, days)
    zone = definition.timezone
    n = len(days)
    by_number = {day.number: day for day in days}

    assert events == derive_events("drawn", definition, days)
    assert len({event.key for event in events}) == len(events)
    stamps = [event.due.timestamp() for event in events]
    assert stamps == sorted(stamps)
    # The epoch the derivation carries, and the stored text made from it, are due's.
    assert [event.epoch for event in events] == stamps
    assert [event.to_row(1)["due"] for event in events] == [utc_text(e.due) for e in events]
    assert all(event.due.timezone_name == zone for event in events)
    counts = collections.Counter(event.kind for event in events)
    assert counts["task"] == counts["close"] == counts["inactivity"] == n
    assert counts["summary"] == (n - 1 if definition.reminders.summary else 0)
    assert counts["opening"] == counts["closing"] == 1

    for event in events:
        day = by_number[event.day]
        (slot,) = day.slots
        t = event.due.timestamp()
        if event.kind == "task":
            assert t <= slot.open.timestamp()
        elif event.kind == "reminder":
            assert slot.due.timestamp() - t == event.offset * 60
            assert t >= slot.open.timestamp()
        elif event.kind == "close":
            assert t == slot.closes.timestamp()
        elif event.kind == "inactivity":
            assert t == slot.closes.timestamp() + 60
        elif event.kind == "summary":
            assert t > slot.closes.timestamp()
            assert event.due.date() >= by_number[event.day + 1].date
        elif event.kind == "closing":
            assert event.day == n
            assert t > slot.closes.timestamp()
        # A task posted before its window opens is at the file's wall-clock time.
        post = definition.reminders.task_post
        if event.kind == "task" and post is not None and t < slot.open.timestamp():
            expected = pendulum.datetime(
                day.date.year, day.date.month, day.date.day, post.hour, post.minute, tz=zone
            )
            assert event.due == expected


# --- camps that share a plan ------------------------------------------------------------


def _uncached(slug: str, definition: CampDefinition, start: dt.date) -> list[PlannedEvent]:
    from camp.events import _planned

    _planned.cache_clear()
    return derive(definition, start, slug)


def test_camps_that_share_a_plan_get_its_events_each_with_its_own_keys():
    first = derive(small(camp={"name": "First"}), D(2026, 12, 1), "first")
    second = derive(small(camp={"name": "Second"}), D(2026, 12, 1), "second")
    assert [e.key for e in first] == [e.key.replace("second/", "first/", 1) for e in second]
    assert all(e.key.startswith("second/") for e in second)
    fields = [(e.kind, e.day, e.window, e.due, e.offset, e.epoch) for e in second]
    assert fields == [(e.kind, e.day, e.window, e.due, e.offset, e.epoch) for e in first]
    assert second == _uncached("second", small(camp={"name": "Second"}), D(2026, 12, 1))


@pytest.mark.parametrize(
    "change",
    [
        {"camp": {"timezone": NY}},
        {"windows": [{"name": "night", "open": "20:00", "due": "23:00"}]},
        {"windows": [{"name": "dusk", "open": "20:00", "due": "23:30", "late_until": "00:30"}]},
        {"reminders": {"before_due": ["15m"], "task_post": "08:00", "summary": "09:00"}},
        {"reminders": {"before_due": ["30m"], "task_post": "07:00"}},
        {"ceremonies": {"opening": {"day": 2, "at": "19:30"}}},
        {"camp": {"days": 4}},
        {"camp": {"rest": ["2026-12-02"]}},
        {"camp": {"group": "pair", "pair_by_day": 2}},
    ],
    ids=str,
)
def test_a_camp_whose_plan_differs_in_what_its_events_read_gets_its_own(change):
    start = D(2026, 12, 1)
    derive(small(), start, "shared")  # the shared plan, derived first
    changed = small(**change)
    assert derive(changed, start, "other") == _uncached("other", changed, start)
    assert derive(changed, start, "other") != derive(small(), start, "other")


def test_another_start_date_gets_its_own_events():
    derive(small(), D(2026, 12, 1), "shared")
    later = derive(small(), D(2026, 12, 8), "shared")
    assert later == _uncached("shared", small(), D(2026, 12, 8))
    assert later[0].due.date() == D(2026, 12, 8)


def test_the_rows_for_the_table_are_those_of_the_events(cp_events):
    from camp.events import planned_rows

    rows = planned_rows(
        "cp-week", template("copywriting-cp"), plan_days(template("copywriting-cp"), START)
    )
    assert rows == [(e.key, e.kind, e.day, e.window, e.due_text) for e in cp_events]
    assert planned_rows("x", small(), []) == []
