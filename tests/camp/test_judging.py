"""Judging check-ins: on time, late, outside, shifts, slot keys, makeups."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.calendar import day_for_date, plan_days
from camp.errors import CampError
from camp.judging import Placement, SlotIndex, makeup_problem, place_checkin, slot_key
from camp.models import CampDefinition, Task, TaskPlan, Window

SH = "Asia/Shanghai"
NY = "America/New_York"
T = dt.time
D = dt.date


MONDAY = D(2026, 3, 2)


def camp_days(windows, *, days=3, start=MONDAY, tz=SH, rest=()):
    defn = CampDefinition(
        name="Judging camp",
        days=days,
        windows=tuple(windows),
        timezone=tz,
        rest=rest,
        tasks=TaskPlan(ramp="fixed", difficulty=(1,), pool=(Task("Read", difficulty=1),)),
    )
    return plan_days(defn, start)


NIGHT = Window("night", T(20, 0), T(23, 30), T(0, 30))
MORNING = Window("morning", T(7, 0), T(8, 0), T(9, 0))


def sh(day, hour, minute=0, second=0, microsecond=0):
    return pendulum.datetime(2026, 3, day, hour, minute, second, microsecond, tz=SH)


@pytest.fixture(scope="module")
def night_days():
    return camp_days([NIGHT])


def test_on_time_edges_are_inclusive(night_days):
    on_time = Placement(day=1, window="night", status="on_time")
    assert place_checkin(night_days, sh(2, 20)) == on_time
    assert place_checkin(night_days, sh(2, 23, 30)) == on_time
    assert place_checkin(night_days, sh(2, 21, 15)) == on_time
    assert place_checkin(night_days, sh(2, 19, 59, 59, 999999)).status == "outside"


def test_late_edges(night_days):
    late = Placement(day=1, window="night", status="late")
    assert place_checkin(night_days, sh(2, 23, 30, 0, 1)) == late
    assert place_checkin(night_days, sh(2, 23, 30, 1)) == late
    assert place_checkin(night_days, sh(3, 0, 30)) == late
    # Just past late_until: outside, on the day of its own local date.
    assert place_checkin(night_days, sh(3, 0, 30, 1)) == Placement(2, None, "outside")


def test_late_after_midnight_belongs_to_the_previous_day(night_days):
    assert place_checkin(night_days, sh(3, 0, 15)) == Placement(1, "night", "late")
    assert place_checkin(night_days, sh(5, 0, 15)) == Placement(3, "night", "late")


def test_outside_days(night_days):
    assert place_checkin(night_days, sh(3, 12)) == Placement(2, None, "outside")
    assert place_checkin(night_days, sh(1, 21)) == Placement(None, None, "outside")
    assert place_checkin(night_days, sh(5, 12)) == Placement(None, None, "outside")
    # Any zone works: 04:00 UTC on 3 March is noon in Shanghai.
    utc = pendulum.datetime(2026, 3, 3, 4, 0, tz="UTC")
    assert place_checkin(night_days, utc) == Placement(2, None, "outside")


def test_outside_on_a_rest_day_has_no_day():
    days = camp_days([NIGHT], start=D(2026, 3, 6), rest=("weekends",))
    assert [d.date for d in days] == [D(2026, 3, 6), D(2026, 3, 9), D(2026, 3, 10)]
    assert place_checkin(days, sh(7, 21)) == Placement(None, None, "outside")
    # Friday's late period reaches into Saturday and still counts for day 1.
    assert place_checkin(days, sh(7, 0, 10)) == Placement(1, "night", "late")


def test_cross_midnight_window_after_midnight_is_on_time_for_the_day_it_opened():
    days = camp_days([Window("owl", T(22, 0), T(1, 0), T(2, 0))])
    assert place_checkin(days, sh(3, 0, 59)) == Placement(1, "owl", "on_time")
    assert place_checkin(days, sh(3, 1, 0)) == Placement(1, "owl", "on_time")
    assert place_checkin(days, sh(3, 1, 30)) == Placement(1, "owl", "late")
    assert place_checkin(days, sh(3, 2, 0, 1)) == Placement(2, None, "outside")
    assert place_checkin(days, sh(4, 22, 0)) == Placement(3, "owl", "on_time")


def test_on_time_wins_over_a_late_period_reaching_into_another_window():
    # Day 1's evening window is late until 09:00 the next morning, over day 2's morning.
    evening = Window("evening", T(20, 0), T(21, 0), T(9, 0))
    days = camp_days([MORNING, evening])
    assert place_checkin(days, sh(3, 7, 30)) == Placement(2, "morning", "on_time")
    # Before the morning window opens, only the late period matches.
    assert place_checkin(days, sh(3, 6, 59)) == Placement(1, "evening", "late")
    # After the morning window's due, both late periods match: the earlier slot wins.
    assert place_checkin(days, sh(3, 8, 30)) == Placement(1, "evening", "late")


def test_shift_restricts_the_windows_that_count():
    evening = Window("evening", T(20, 0), T(21, 0), T(9, 0))
    days = camp_days([MORNING, evening])
    index = SlotIndex(days)
    mornings, evenings = frozenset({"morning"}), frozenset({"evening"})
    assert index.place(sh(2, 7, 30), mornings) == Placement(1, "morning", "on_time")
    assert index.place(sh(2, 20, 30), mornings) == Placement(1, None, "outside")
    assert index.place(sh(2, 7, 30), evenings) == Placement(1, None, "outside")
    # The evening member's late period counts for them even inside the morning window.
    assert index.place(sh(3, 7, 30), evenings) == Placement(1, "evening", "late")
    assert index.place(sh(3, 7, 30)) == Placement(2, "morning", "on_time")
    assert index.place(sh(3, 7, 30), frozenset()) == Placement(2, None, "outside")


def test_slot_keys():
    placement = Placement(day=2, window="night", status="on_time")
    assert slot_key("any", placement) == (2,)
    assert slot_key("shift", placement) == (2,)
    assert slot_key("all", placement) == (2, "night")
    assert slot_key("all", Placement(2, "morning", "late")) != slot_key("all", placement)
    with pytest.raises(CampError, match="Unknown check-in mode 'every'"):
        slot_key("every", placement)


def test_naive_time_is_refused(night_days):
    with pytest.raises(CampError, match="no time zone"):
        place_checkin(night_days, dt.datetime(2026, 3, 2, 21, 0))


def test_no_days_means_everything_is_outside():
    assert SlotIndex([]).place(sh(2, 21)) == Placement(None, None, "outside")


def test_dst_camp_places_by_local_wall_clock():
    days = camp_days([Window("night", T(20, 0), T(21, 0))], days=3, start=D(2026, 10, 31), tz=NY)
    # 20:30 EST on 1 November is 01:30 UTC on the 2nd.
    at = pendulum.datetime(2026, 11, 2, 1, 30, tz="UTC")
    assert place_checkin(days, at) == Placement(2, "night", "on_time")
    # 00:30 UTC on the 2nd is 19:30 EST: not yet open (it would be on time under EDT).
    early = pendulum.datetime(2026, 11, 2, 0, 30, tz="UTC")
    assert place_checkin(days, early) == Placement(2, None, "outside")


# --- SlotIndex agrees with a brute-force scan ----------------------------------------


def brute_force(days, at, windows=None):
    """The rule as written: first on-time slot in day/window order, else first late.

    Compared in UTC: Python compares two datetimes of the same zone by wall clock,
    which is wrong inside the repeated hour of a fall-back night.
    """
    slots = [(d, s) for d in days for s in d.slots if windows is None or s.window.name in windows]
    t = at.in_tz("UTC")
    for day, slot in slots:
        if slot.open.in_tz("UTC") <= t <= slot.due.in_tz("UTC"):
            return Placement(day.number, slot.window.name, "on_time")
    for day, slot in slots:
        late = slot.late_until
        if late is not None and slot.due.in_tz("UTC") < t <= late.in_tz("UTC"):
            return Placement(day.number, slot.window.name, "late")
    tz = days[0].slots[0].open.timezone_name
    day = day_for_date(days, at.in_tz(tz).date())
    return Placement(day.number if day else None, None, "outside")


FUZZ_WINDOWS = (
    Window("early", T(2, 30), T(4, 0), T(5, 0)),  # in the spring-forward gap on 8 March
    Window("day", T(8, 0), T(9, 0), T(20, 30)),  # late period overlaps "night"
    Window("night", T(20, 0), T(23, 30), T(1, 30)),
    Window("owl", T(23, 0), T(1, 0), T(2, 45)),  # crosses midnight, overlaps "early"
)
FUZZ_DAYS = {
    "spring": camp_days(FUZZ_WINDOWS, days=4, start=D(2026, 3, 6), tz=NY, rest=("2026-03-07",)),
    "fall": camp_days(FUZZ_WINDOWS, days=4, start=D(2026, 10, 30), tz=NY, rest=("2026-11-02",)),
}
FUZZ_INDEX = {name: SlotIndex(days) for name, days in FUZZ_DAYS.items()}


@settings(max_examples=400, deadline=None)
@given(
    camp=st.sampled_from(sorted(FUZZ_DAYS)),
    offset=st.integers(min_value=-86_400, max_value=8 * 86_400),
    exact_boundary=st.booleans(),
    windows=st.none() | st.frozensets(st.sampled_from([w.name for w in FUZZ_WINDOWS])),
    data=st.data(),
)
def test_slot_index_agrees_with_brute_force(camp, offset, exact_boundary, windows, data):
    days = FUZZ_DAYS[camp]
    if exact_boundary:
        # Boundaries are where mistakes hide: hit one exactly, or a microsecond around it.
        slot = data.draw(st.sampled_from([s for d in days for s in d.slots]))
        edge = data.draw(st.sampled_from([slot.open, slot.due, slot.closes]))
        at = edge.add(microseconds=data.draw(st.sampled_from([-1, 0, 1])))
    else:
        at = days[0].slots[0].open.start_of("day").add(seconds=offset)
    assert FUZZ_INDEX[camp].place(at, windows) == brute_force(days, at, windows)


# --- makeups --------------------------------------------------------------------------


def test_makeup_allowed_for_a_closed_past_day(night_days):
    assert makeup_problem(night_days, 1, sh(3, 12), used=0, limit=1) is None
    assert makeup_problem(night_days, 2, sh(10, 12), used=1, limit=2) is None


def test_makeup_refused_for_a_day_out_of_range(night_days):
    for day in (0, 4, -1):
        problem = makeup_problem(night_days, day, sh(10, 12), used=0, limit=1)
        assert problem is not None
        assert f"Day {day} is not a day of this camp" in problem
        assert "1 to 3" in problem


def test_makeup_refused_while_the_day_is_still_open(night_days):
    # Day 1 closes at 00:30 on 3 March (end of its late period), inclusive.
    for moment in (sh(2, 12), sh(2, 21), sh(3, 0, 30)):
        problem = makeup_problem(night_days, 1, moment, used=0, limit=1)
        assert problem is not None
        assert "Day 1 is still open until 2026-03-03 00:30" in problem
    assert makeup_problem(night_days, 1, sh(3, 0, 30, 1), used=0, limit=1) is None


def test_makeup_refused_when_the_limit_is_used(night_days):
    problem = makeup_problem(night_days, 1, sh(10, 12), used=1, limit=1)
    assert problem is not None
    assert "has used 1 of 1 makeups" in problem
    assert "has used 0 of 0 makeups" in makeup_problem(night_days, 1, sh(10, 12), 0, 0)


def test_makeup_compares_instants_in_the_repeated_hour():
    days = camp_days([Window("owl", T(23, 0), T(1, 0))], days=2, start=D(2026, 10, 31), tz=NY)
    # Day 1 closes at the second 01:00 (EST); 01:30 EDT is half an hour before it.
    first = pendulum.datetime(2026, 11, 1, 1, 30, tz=NY, fold=0)
    assert "still open" in makeup_problem(days, 1, first, used=0, limit=1)
    second = pendulum.datetime(2026, 11, 1, 1, 30, tz=NY, fold=1)
    assert makeup_problem(days, 1, second, used=0, limit=1) is None


def test_place_timestamp_matches_place(night_days):
    index = SlotIndex(night_days)
    for moment in (sh(2, 20), sh(3, 0, 15), sh(3, 12), sh(1, 12)):
        assert index.place_timestamp(moment.timestamp()) == index.place(moment)
