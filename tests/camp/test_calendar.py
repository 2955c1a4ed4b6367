"""The camp calendar: rest days, numbering, windows across midnight and DST, progress."""

from __future__ import annotations

import datetime as dt
import itertools

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.calendar import (
    Progress,
    active_dates,
    day_for_date,
    holiday_data_warnings,
    is_rest_day,
    parse_local_time,
    plan_days,
    progress,
    window_slot,
)
from camp.errors import CampError
from camp.models import CampDefinition, Task, TaskPlan, Window

NY = "America/New_York"
SH = "Asia/Shanghai"
D = dt.date
T = dt.time


def make_defn(**overrides) -> CampDefinition:
    pool = tuple(Task(title=f"level {n}", difficulty=n) for n in range(1, 6))
    values = {
        "name": "Test camp",
        "days": 5,
        "windows": (Window("night", T(20, 0), T(23, 30), T(0, 30)),),
        "timezone": SH,
        "tasks": TaskPlan(ramp="linear", difficulty=(1, 5), pool=pool),
    }
    values.update(overrides)
    return CampDefinition(**values)


# --- rest rules ---------------------------------------------------------------------


def test_weekends_are_rest_only_under_the_weekends_rule():
    saturday, sunday, monday = D(2026, 3, 7), D(2026, 3, 8), D(2026, 3, 9)
    assert is_rest_day(saturday, ("weekends",))
    assert is_rest_day(sunday, ("weekends",))
    assert not is_rest_day(monday, ("weekends",))
    assert not is_rest_day(saturday, ())


def test_explicit_date_is_a_rest_day():
    assert is_rest_day(D(2026, 12, 25), ("2026-12-25",))
    assert not is_rest_day(D(2026, 12, 24), ("2026-12-25",))


def test_cn_public_holidays_are_rest_days():
    rules = ("holidays:CN",)
    # Spring Festival 2026: 16-20 February (Mon-Fri) and the substituted Monday 23rd.
    for day in (16, 17, 18, 19, 20, 23):
        assert is_rest_day(D(2026, 2, day), rules), day
    # National Day 2026: 1 October (Thu) and the days off after it.
    for day in (1, 2, 3, 5, 6, 7):
        assert is_rest_day(D(2026, 10, day), rules), day
    assert not is_rest_day(D(2026, 2, 24), rules)
    assert not is_rest_day(D(2026, 10, 8), rules)


def test_cn_alone_does_not_rest_on_ordinary_weekends():
    assert not is_rest_day(D(2026, 3, 7), ("holidays:CN",))
    assert is_rest_day(D(2026, 3, 7), ("holidays:CN", "weekends"))


def test_cn_makeup_working_day_is_not_rest_even_with_weekends():
    # Saturday 14 February 2026 is worked in exchange for the Spring Festival break (调休).
    makeup = D(2026, 2, 14)
    assert makeup.weekday() == 5
    assert is_rest_day(makeup, ("weekends",))
    assert not is_rest_day(makeup, ("weekends", "holidays:CN"))
    assert not is_rest_day(D(2026, 2, 28), ("holidays:CN", "weekends"))
    # An explicit date still wins over a make-up working day.
    assert is_rest_day(makeup, ("weekends", "holidays:CN", "2026-02-14"))


def test_holiday_rule_with_subdivision_and_any_case():
    # 31 March is César Chávez Day in California only.
    assert is_rest_day(D(2026, 3, 31), ("holidays:US-CA",))
    assert not is_rest_day(D(2026, 3, 31), ("holidays:US",))
    assert is_rest_day(D(2026, 7, 3), ("Holidays:us",))  # Independence Day observed


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("sundays", ["'sundays'", "weekends", "2026-12-25"]),
        ("2026-13-01", ["'2026-13-01'", "not understood"]),
        ("holidays:ZZ", ["'holidays:ZZ'", "no country 'ZZ'"]),
        ("holidays:US-ZZ", ["'holidays:US-ZZ'", "subdivision 'ZZ' of US"]),
        ("holidays:", ["does not name a country", "holidays:CN"]),
    ],
)
def test_bad_rest_rules_say_what_and_how(rule, words):
    with pytest.raises(CampError) as caught:
        is_rest_day(D(2026, 3, 2), (rule,))
    for word in words:
        assert word in str(caught.value)


# --- numbering ------------------------------------------------------------------------


def test_rest_days_take_no_number():
    # Friday 6 March, then the weekend is skipped.
    assert active_dates(D(2026, 3, 6), 3, ("weekends",)) == [
        D(2026, 3, 6),
        D(2026, 3, 9),
        D(2026, 3, 10),
    ]
    # A camp starting on a rest day starts on the next active day.
    assert active_dates(D(2026, 3, 7), 1, ("weekends",)) == [D(2026, 3, 9)]
    assert active_dates(D(2026, 3, 7), 2, ()) == [D(2026, 3, 7), D(2026, 3, 8)]


def test_numbering_across_spring_festival_with_makeup_day():
    dates = active_dates(D(2026, 2, 12), 6, ("weekends", "holidays:CN"))
    # Thu, Fri, the make-up Saturday; then 15-23 February rest; then Tue-Thu.
    assert dates == [
        D(2026, 2, 12),
        D(2026, 2, 13),
        D(2026, 2, 14),
        D(2026, 2, 24),
        D(2026, 2, 25),
        D(2026, 2, 26),
    ]


def test_impossible_rest_rules_give_up_with_a_clear_error():
    with pytest.raises(CampError, match=r"only \d+ active day\(s\) in the 10 years"):
        active_dates(D(2026, 1, 1), 3000, ("weekends",))
    with pytest.raises(CampError, match="at least one day"):
        active_dates(D(2026, 1, 1), 0, ())


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 12, 31)),
    days=st.integers(min_value=1, max_value=40),
    rules=st.lists(
        st.sampled_from(["weekends", "holidays:CN", "holidays:US", "2026-05-06", "2025-12-31"]),
        unique=True,
    ),
)
def test_active_dates_invariants(start, days, rules):
    rest = tuple(rules)
    dates = active_dates(start, days, rest)
    assert len(dates) == days
    assert dates[0] >= start
    assert all(a < b for a, b in itertools.pairwise(dates))
    assert not any(is_rest_day(date, rest) for date in dates)
    chosen = set(dates)
    skipped = (
        start + dt.timedelta(days=k)
        for k in range((dates[-1] - start).days)
        if start + dt.timedelta(days=k) not in chosen
    )
    assert all(is_rest_day(date, rest) for date in skipped)


# --- holiday data warnings ----------------------------------------------------------


def test_warns_for_cn_years_without_an_official_schedule():
    dates = active_dates(D(2026, 12, 28), 8, ("holidays:CN",))
    warnings = holiday_data_warnings(dates, ("holidays:CN",))
    assert len(warnings) == 1
    assert "holidays:CN" in warnings[0]
    assert "2027" in warnings[0]
    assert "latest: 2026" in warnings[0]


def test_no_warning_for_published_years_or_fixed_rules():
    dates_2026 = [D(2026, 5, 1), D(2026, 10, 1)]
    assert holiday_data_warnings(dates_2026, ("holidays:CN", "weekends")) == []
    # US holidays follow fixed rules: later years are exact, nothing to warn about.
    assert holiday_data_warnings([D(2031, 7, 4)], ("holidays:US",)) == []
    assert holiday_data_warnings([D(2031, 7, 4)], ("weekends",)) == []


def test_warns_for_years_outside_the_package_range():
    warnings = holiday_data_warnings([D(1949, 10, 1)], ("holidays:CN",))
    assert len(warnings) == 1
    assert "no holidays for 1949" in warnings[0]


# --- windows --------------------------------------------------------------------------


def test_window_on_one_date():
    slot = window_slot(D(2026, 3, 2), Window("night", T(20, 0), T(23, 30)), SH)
    assert slot.open == pendulum.datetime(2026, 3, 2, 20, 0, tz=SH)
    assert slot.due == pendulum.datetime(2026, 3, 2, 23, 30, tz=SH)
    assert slot.late_until is None
    assert slot.closes == slot.due
    assert slot.open.timezone_name == SH


def test_late_period_past_midnight_is_on_the_next_date():
    slot = window_slot(D(2026, 3, 2), Window("night", T(20, 0), T(23, 30), T(0, 30)), SH)
    assert slot.due == pendulum.datetime(2026, 3, 2, 23, 30, tz=SH)
    assert slot.late_until == pendulum.datetime(2026, 3, 3, 0, 30, tz=SH)
    assert slot.closes == slot.late_until


def test_cross_midnight_window_belongs_to_the_day_it_opened():
    window = Window("late", T(22, 0), T(1, 0), T(2, 0))
    slot = window_slot(D(2026, 12, 31), window, SH)
    assert slot.open == pendulum.datetime(2026, 12, 31, 22, 0, tz=SH)
    assert slot.due == pendulum.datetime(2027, 1, 1, 1, 0, tz=SH)
    # late_until is measured forward from due: same date as due, not one more.
    assert slot.late_until == pendulum.datetime(2027, 1, 1, 2, 0, tz=SH)


def test_window_keeps_local_time_across_fall_back():
    window = Window("night", T(20, 0), T(21, 0))
    slots = [window_slot(D(2026, 10, 31) + dt.timedelta(days=k), window, NY) for k in range(3)]
    assert [s.open.hour for s in slots] == [20, 20, 20]
    assert [s.open.utcoffset() for s in slots] == [
        dt.timedelta(hours=-4),
        dt.timedelta(hours=-5),
        dt.timedelta(hours=-5),
    ]
    # The wall-clock day of the change is 25 hours long.
    assert (slots[1].open - slots[0].open).in_hours() == 25
    assert (slots[2].open - slots[1].open).in_hours() == 24


def test_cross_midnight_window_over_the_fall_back_night():
    slot = window_slot(D(2026, 10, 31), Window("late", T(23, 0), T(1, 30)), NY)
    assert slot.open.utcoffset() == dt.timedelta(hours=-4)
    assert (slot.due.day, slot.due.hour, slot.due.minute) == (1, 1, 30)
    # 01:30 happens twice that night; pendulum takes the later one (EST).
    assert slot.due.utcoffset() == dt.timedelta(hours=-5)
    assert (slot.due - slot.open).in_minutes() == 210


def test_window_in_the_spring_forward_gap_moves_forward():
    slot = window_slot(D(2026, 3, 8), Window("early", T(2, 30), T(4, 0)), NY)
    assert (slot.open.hour, slot.open.minute) == (3, 30)
    assert slot.open.utcoffset() == dt.timedelta(hours=-4)
    assert slot.open == pendulum.datetime(2026, 3, 8, 7, 30, tz="UTC")
    # The day before, the same window opens at 02:30 EST.
    before = window_slot(D(2026, 3, 7), Window("early", T(2, 30), T(4, 0)), NY)
    assert (before.open.hour, before.open.minute) == (2, 30)


def test_unknown_timezone_is_a_clear_error():
    with pytest.raises(CampError, match="Unknown timezone 'Mars/Olympus'"):
        window_slot(D(2026, 3, 2), Window("w", T(8, 0), T(9, 0)), "Mars/Olympus")


@settings(max_examples=100, deadline=None)
@given(
    date=st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 12, 31)),
    open_=st.times(),
    due=st.times(),
    late=st.none() | st.times(),
    tz=st.sampled_from([NY, SH, "Europe/London", "Australia/Lord_Howe"]),
)
def test_window_slot_invariants(date, open_, due, late, tz):
    window = Window("w", open_, due, late)
    slot = window_slot(date, window, tz)
    next_date = date + dt.timedelta(days=1)
    assert slot.open.date() in (date, next_date)  # next only when pushed out of a gap
    assert slot.due.date() in ((next_date,) if window.crosses_midnight else (date, next_date))
    if slot.late_until is not None:
        assert slot.late_until >= slot.due - dt.timedelta(hours=1)  # DST may shift an hour
        assert slot.late_until - slot.due <= dt.timedelta(hours=25)


# --- planning -------------------------------------------------------------------------


def test_plan_days_numbers_dates_difficulty_tasks_and_slots():
    defn = make_defn(rest=("weekends",))
    days = plan_days(defn, D(2026, 3, 6))
    assert [d.number for d in days] == [1, 2, 3, 4, 5]
    assert [d.date for d in days] == [
        D(2026, 3, 6),
        D(2026, 3, 9),
        D(2026, 3, 10),
        D(2026, 3, 11),
        D(2026, 3, 12),
    ]
    assert [d.difficulty for d in days] == [1, 2, 3, 4, 5]
    assert [d.task.title for d in days] == [f"level {n}" for n in range(1, 6)]
    assert days[1].slots[0].open == pendulum.datetime(2026, 3, 9, 20, 0, tz=SH)
    assert days[1].slots[0].late_until == pendulum.datetime(2026, 3, 10, 0, 30, tz=SH)


def test_plan_days_across_dst_keeps_local_windows():
    defn = make_defn(timezone=NY, days=3, windows=(Window("night", T(20, 0), T(21, 0)),))
    days = plan_days(defn, D(2026, 10, 31))
    opens = [d.slots[0].open for d in days]
    assert [o.hour for o in opens] == [20, 20, 20]
    assert [o.in_tz("UTC").hour for o in opens] == [0, 1, 1]


def test_day_for_date():
    days = plan_days(make_defn(rest=("weekends",)), D(2026, 3, 6))
    assert day_for_date(days, D(2026, 3, 9)).number == 2
    assert day_for_date(days, D(2026, 3, 7)) is None
    assert day_for_date(days, D(2026, 3, 5)) is None


# --- progress -------------------------------------------------------------------------


def test_progress_before_during_and_after_the_camp():
    days = plan_days(make_defn(days=3), D(2026, 3, 2))

    def at(day, hour, minute=0, second=0):
        return pendulum.datetime(2026, 3, day, hour, minute, second, tz=SH)

    assert progress(days, at(2, 19, 59, 59)) == Progress(0, False, False, False)
    assert progress(days, at(2, 20)) == Progress(1, True, True, False)
    # After midnight, inside day 1's late period.
    assert progress(days, at(3, 0, 30)) == Progress(1, True, True, False)
    assert progress(days, at(3, 0, 30, 1)) == Progress(1, False, True, False)
    assert progress(days, at(3, 12)) == Progress(1, False, True, False)
    assert progress(days, at(3, 20)) == Progress(2, True, True, False)
    # The last close is inclusive; the camp is finished just after it.
    assert progress(days, at(5, 0, 30)) == Progress(3, True, True, False)
    assert progress(days, at(5, 0, 30, 1)) == Progress(3, False, True, True)
    assert progress(days, at(20, 12)) == Progress(3, False, True, True)
    # The instant may be in any zone.
    assert progress(days, pendulum.datetime(2026, 3, 2, 12, 0, tz="UTC")).day == 1


def test_progress_of_no_days():
    assert progress([], pendulum.datetime(2026, 3, 2, tz="UTC")) == Progress(0, False, False, False)


# --- parsing times --------------------------------------------------------------------


def test_parse_local_time_without_offset_is_local():
    moment = parse_local_time("2026-11-23T20:15", SH)
    assert moment == pendulum.datetime(2026, 11, 23, 20, 15, tz=SH)
    assert moment.timezone_name == SH
    assert parse_local_time(" 2026-11-23 20:15:30 ", SH).second == 30


def test_parse_local_time_with_offset_is_converted():
    moment = parse_local_time("2026-11-23T20:15+08:00", NY)
    assert moment.timezone_name == NY
    assert (moment.day, moment.hour, moment.minute) == (23, 7, 15)
    utc = parse_local_time("2026-11-23T12:15Z", SH)
    assert (utc.hour, utc.timezone_name) == (20, SH)


def test_parse_local_time_in_the_spring_forward_gap_moves_forward():
    moment = parse_local_time("2026-03-08T02:30", NY)
    assert (moment.hour, moment.minute) == (3, 30)


def test_bare_time_is_today_in_the_camp_zone():
    # 03:00 UTC on 8 March is still 7 March in New York.
    now = pendulum.datetime(2026, 3, 8, 3, 0, tz="UTC")
    moment = parse_local_time("21:05", NY, now=now)
    assert moment == pendulum.datetime(2026, 3, 7, 21, 5, tz=NY)
    assert parse_local_time("7:05:09", SH, now=now) == pendulum.datetime(2026, 3, 8, 7, 5, 9, tz=SH)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("tomorrow evening", ["'tomorrow evening'", "ISO 8601", "2026-11-23T20:15"]),
        ("", ["ISO 8601", "2026-11-23T20:15"]),
        ("2026-11-23", ["not a date and time", "2026-11-23T20:15"]),
        ("2026-02-30T10:00", ["'2026-02-30T10:00'", "2026-11-23T20:15"]),
        ("25:00", ["not a time of day", "20:15"]),
        ("21:05+08:00", ["not a date and time", "2026-11-23T20:15+08:00"]),
    ],
)
def test_bad_times_say_what_and_give_an_example(text, words):
    now = pendulum.datetime(2026, 3, 8, tz="UTC")
    with pytest.raises(CampError) as caught:
        parse_local_time(text, SH, now=now)
    for word in words:
        assert word in str(caught.value)


def test_bare_time_without_now_needs_a_date():
    with pytest.raises(CampError, match="'21:05' has no date"):
        parse_local_time("21:05", SH)


def test_progress_compares_instants_not_wall_clocks_in_the_repeated_hour():
    defn = make_defn(timezone=NY, days=1, windows=(Window("owl", T(23, 0), T(1, 0)),))
    days = plan_days(defn, D(2026, 10, 31))
    # Due at the second 01:00 (EST); 01:30 EDT comes half an hour before it.
    first_half_past_one = pendulum.datetime(2026, 11, 1, 1, 30, tz=NY, fold=0)
    assert first_half_past_one.utcoffset() == dt.timedelta(hours=-4)
    assert progress(days, first_half_past_one) == Progress(1, True, True, False)
    second = pendulum.datetime(2026, 11, 1, 1, 30, tz=NY, fold=1)
    assert progress(days, second) == Progress(1, False, True, True)
