"""SPEC section 4, "Exactness and edge rules": exact points, fall-back nights, makeups
in ties, adjustments by day and the streak of today."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from camp.calendar import (
    camp_days,
    empty_window_warnings,
    occurrences,
    parse_local_time,
    plan_days,
    window_slot,
)
from camp.db import open_db
from camp.definition import load_definition_text
from camp.errors import CampError
from camp.judging import SlotIndex
from camp.models import Scoring, Window
from camp.scoring import checkin_points
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import adjust_points, record_checkin
from camp.services.imports import import_export
from camp.services.members import add_members
from camp.services.standings import standings_as_of

NEW_YORK = "America/New_York"
# 2026-11-01: New York's clocks go back from 02:00 EDT (-04:00) to 01:00 EST (-05:00).
FALL_BACK = dt.date(2026, 11, 1)
# 2027-03-14: they go forward from 02:00 EST to 03:00 EDT.
SPRING_FORWARD = dt.date(2027, 3, 14)


# ------------------------------------------------------------------ exact points


def _round_half_up(x: Fraction) -> int:
    return int(x + Fraction(1, 2)) if x >= 0 else -int(-x + Fraction(1, 2))


def exact_model(scoring: Scoring, difficulty: int, status: str, score: Fraction | None) -> int:
    """SPEC section 4 in rational arithmetic, written apart from the engine."""
    factor = {
        "on_time": Fraction(1),
        "late": Fraction(str(scoring.late_factor)),
        "makeup": Fraction(str(scoring.makeup_factor)),
    }[status]
    weight = difficulty if scoring.by_difficulty else 1
    points = _round_half_up(scoring.base * weight * factor)
    if score is not None:
        points += _round_half_up(scoring.graded_points * score / 100)
    return points


def test_late_points_are_exact_decimals():
    # 18 × 5 × 0.35 is 31.5, which rounds up to 32; a binary float gives 31.4999… -> 31.
    scoring = Scoring(base=18, late_factor=Decimal("0.35"))
    assert checkin_points(scoring, 5, "late") == 32
    assert checkin_points(Scoring(base=18, late_factor=0.35), 5, "late") == 32  # type: ignore[arg-type]
    assert checkin_points(Scoring(base=10, makeup_factor=Decimal("0.15")), 3, "makeup") == 5


decimals = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)


@given(
    base=st.integers(0, 1000),
    difficulty=st.integers(1, 5),
    by_difficulty=st.booleans(),
    late=decimals,
    makeup=decimals,
    graded=st.integers(0, 200),
    status=st.sampled_from(["on_time", "late", "makeup"]),
    score=st.none() | st.decimals(min_value=0, max_value=100, places=2),
    as_float=st.booleans(),
)
def test_points_equal_an_exact_decimal_model(
    base, difficulty, by_difficulty, late, makeup, graded, status, score, as_float
):
    # A factor read from a file as a float (0.35) means the decimal it is written as.
    factor = float if as_float else Decimal
    scoring = Scoring(
        base=base,
        by_difficulty=by_difficulty,
        late_factor=factor(late),
        makeup_factor=factor(makeup),
        graded_points=graded,
    )
    exact = Scoring(
        base=base,
        by_difficulty=by_difficulty,
        late_factor=late,
        makeup_factor=makeup,
        graded_points=graded,
    )
    given_score = None if score is None else (float(score) if as_float else score)
    expected = exact_model(exact, difficulty, status, None if score is None else Fraction(score))
    assert checkin_points(scoring, difficulty, status, given_score) == expected


EXACT_CAMP = """
[camp]
name = "Exact"
timezone = "Asia/Shanghai"
days = 5
keywords = ["#checkin"]
[[windows]]
name = "night"
open = "20:00"
due = "23:30"
late_until = "00:30"
[tasks]
ramp = "fixed"
difficulty = [5, 5]
[scoring]
base = 18
late_factor = 0.35
makeup_factor = 0.35
streak_bonus = 0
"""


@pytest.fixture
def exact_db(tmp_path):
    return camp_from_text(tmp_path, "Exact", EXACT_CAMP, dt.date(2026, 12, 1), ["Ann", "Bea"])


def camp_from_text(tmp_path, name: str, text: str, start: dt.date, members: list[str]):
    """A database holding one camp made from the definition ``text``, with ``members``."""
    path = tmp_path / f"{name.lower()}.toml"
    path.write_text(text, encoding="utf-8")
    db = open_db(tmp_path / f"{name.lower()}.db")
    before = pendulum.datetime(start.year, start.month, start.day, tz="UTC").subtract(days=1)
    create_camp(db, str(path), name=name, start=start, now=before)
    add_members(db, name.lower(), members, now=before)
    return db


def test_stored_points_and_the_board_are_exact(exact_db):
    now = pendulum.datetime(2026, 12, 3, tz="UTC")
    late = record_checkin(
        exact_db, "exact", "Ann", now=now, at=pendulum.parse("2026-12-01T23:50+08:00")
    )
    assert (late.status, late.points) == ("late", 32)
    board = standings_as_of(exact_db, "exact", now=now)
    assert {e.name: e.points for e in board.entries} == {"Ann": 32, "Bea": 0}
    # The definition keeps the factor as the decimal the file wrote.
    assert get_camp(exact_db, "exact").definition.scoring.late_factor == Decimal("0.35")


# ------------------------------------------------------------------ fall-back nights


def test_a_window_opens_at_the_first_and_closes_at_the_last_occurrence():
    window = Window("night", dt.time(1, 0), dt.time(1, 45), dt.time(1, 55))
    slot = window_slot(FALL_BACK, window, NEW_YORK)
    assert slot.open.isoformat() == "2026-11-01T01:00:00-04:00"
    assert slot.due.isoformat() == "2026-11-01T01:45:00-05:00"
    assert slot.late_until is not None
    assert slot.late_until.isoformat() == "2026-11-01T01:55:00-05:00"
    # Never shorter than its wall-clock length: here an hour longer.
    assert slot.due.timestamp() - slot.open.timestamp() == 3600 + 45 * 60
    # On an ordinary night it is its wall-clock length.
    normal = window_slot(dt.date(2026, 11, 2), window, NEW_YORK)
    assert normal.due.timestamp() - normal.open.timestamp() == 45 * 60


def test_checkins_in_both_occurrences_of_the_repeated_hour_are_on_time():
    defn, _ = load_definition_text(
        """
        [camp]
        name = "NY"
        timezone = "America/New_York"
        days = 3
        [[windows]]
        name = "late-night"
        open = "01:00"
        due = "01:45"
        """,
        "ny.toml",
    )
    days = plan_days(defn, dt.date(2026, 10, 31))
    index = SlotIndex(days, NEW_YORK)
    for text in ("2026-11-01T01:10-04:00", "2026-11-01T01:40-05:00"):
        placement = index.place(pendulum.parse(text))
        assert (placement.day, placement.status) == (2, "on_time"), text
    assert index.place(pendulum.parse("2026-11-01T01:50-05:00")).status == "outside"


def test_an_offsetless_time_that_happens_twice_is_refused():
    with pytest.raises(CampError) as refused:
        parse_local_time("2026-11-01T01:30", NEW_YORK)
    message = str(refused.value)
    assert "happens twice in America/New_York" in message
    assert "-04:00 or -05:00" in message
    # With its offset it is taken as written; a bare HH:MM on that date is refused too.
    assert parse_local_time("2026-11-01T01:30-05:00", NEW_YORK).isoformat() == (
        "2026-11-01T01:30:00-05:00"
    )
    with pytest.raises(CampError, match="happens twice"):
        parse_local_time("01:30", NEW_YORK, now=pendulum.datetime(2026, 11, 1, 12, tz=NEW_YORK))
    # A time in the spring-forward gap moves forward, as pendulum does.
    assert parse_local_time("2027-03-14T02:30", NEW_YORK).isoformat() == "2027-03-14T03:30:00-04:00"
    assert len(occurrences(FALL_BACK, dt.time(1, 30), pendulum.timezone(NEW_YORK))) == 2
    assert len(occurrences(FALL_BACK, dt.time(3, 30), pendulum.timezone(NEW_YORK))) == 1


def test_an_import_reads_the_repeated_hour_in_the_files_own_order(tmp_path):
    # 01:50 and then 01:10 in a chronological export: the second message can only be
    # in the repeated hour (EST); the first is the first occurrence (EDT).
    db = camp_from_text(
        tmp_path,
        "NY",
        """
        [camp]
        name = "NY"
        timezone = "America/New_York"
        days = 3
        keywords = ["#checkin"]
        [[windows]]
        name = "night"
        open = "00:30"
        due = "02:00"
        """,
        dt.date(2026, 10, 31),
        ["Ann", "Bea", "Cid"],
    )
    export = tmp_path / "chat.csv"
    export.write_text(
        "member,time,text\n"
        "Ann,2026-11-01 01:50:00,#checkin\n"
        "Bea,2026-11-01 01:10:00,#checkin\n"
        "Cid,2026-11-01 01:20:00,#checkin\n",
        encoding="utf-8",
    )
    import_export(db, "ny", export, now=pendulum.datetime(2026, 11, 3, tz="UTC"))
    stored = dict(
        db.execute(
            "SELECT m.name, c.at FROM checkins c JOIN members m ON m.id = c.member_id"
        ).fetchall()
    )
    assert stored == {
        "Ann": "2026-11-01T05:50:00.000000Z",  # 01:50 EDT
        "Bea": "2026-11-01T06:10:00.000000Z",  # 01:10 EST, after Ann's
        "Cid": "2026-11-01T06:20:00.000000Z",  # still in the repeated hour
    }


def test_a_window_that_a_clock_change_empties_is_named_with_its_date():
    defn, _ = load_definition_text(
        """
        [camp]
        name = "NY"
        timezone = "America/New_York"
        days = 3
        [[windows]]
        name = "early"
        open = "02:15"
        due = "03:00"
        """,
        "ny.toml",
    )
    days = plan_days(defn, dt.date(2027, 3, 13))
    warnings = empty_window_warnings(days)
    assert len(warnings) == 1
    assert 'Window "early" would be empty on 2027-03-14 (day 2)' in warnings[0]
    assert empty_window_warnings(plan_days(defn, dt.date(2027, 3, 20))) == []


# ------------------------------------------------------------------ ties, adjustments, streaks

TIE_CAMP = """
[camp]
name = "Ties"
timezone = "Asia/Shanghai"
days = 5
keywords = ["#checkin"]
[[windows]]
name = "night"
open = "20:00"
due = "23:30"
late_until = "00:30"
[tasks]
ramp = "fixed"
difficulty = 1
[scoring]
base = 10
late_factor = 1
makeup_factor = 1
makeup_limit = 1
"""


@pytest.fixture
def tie_db(tmp_path):
    return camp_from_text(tmp_path, "Ties", TIE_CAMP, dt.date(2026, 12, 1), ["Ann", "Bea"])


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text)


def test_a_makeup_ties_at_the_due_time_of_the_day_it_repairs(tie_db):
    # Equal points and equal on-time counts: the earlier last counted check-in goes
    # first. Ann's makeup for day 2, approved on day 4, counts as made at day 2's due
    # (23:30), before Bea's late check-in at 23:45 that night.
    now = at("2026-12-04T12:00+08:00")
    for name in ("Ann", "Bea"):
        record_checkin(tie_db, "ties", name, now=now, at=at("2026-12-01T20:10+08:00"))
    record_checkin(tie_db, "ties", "Bea", now=now, at=at("2026-12-02T23:45+08:00"))
    makeup = record_checkin(tie_db, "ties", "Ann", now=now, makeup_day=2)
    assert makeup.at.isoformat() == "2026-12-02T23:30:00+08:00"
    board = standings_as_of(tie_db, "ties", now=now, day=3)
    assert [(e.name, e.rank, e.points) for e in board.entries] == [
        ("Ann", 1, 22),
        ("Bea", 1, 22),
    ]
    # The same order from the running totals (the current board) and a recount.
    current = standings_as_of(tie_db, "ties", now=now)
    assert [e.name for e in current.entries] == ["Ann", "Bea"]


def test_an_adjustment_belongs_to_its_camp_day(tie_db):
    now = at("2026-12-04T12:00+08:00")
    adjust_points(tie_db, "ties", "Ann", 5, reason="helped others", now=now, day=2)
    # Without --day it belongs to the running day: day 3 until day 4's window opens.
    assert adjust_points(tie_db, "ties", "Ann", -3, reason="spam", now=now)["day"] == 3
    points = {
        day: standings_as_of(tie_db, "ties", now=now, day=day).entries[0].points
        for day in (1, 2, 3, 4, 5)
    }
    assert points == {1: 0, 2: 5, 3: 2, 4: 2, 5: 2}
    assert (
        next(e.points for e in standings_as_of(tie_db, "ties", now=now).entries if e.name == "Ann")
        == 2
    )


def test_the_streak_includes_today_once_today_counted(tie_db):
    # Day 3 at 21:00, its window still open: Ann checked in today, Bea not yet.
    now = at("2026-12-03T21:00+08:00")
    for day in (1, 2):
        for name in ("Ann", "Bea"):
            record_checkin(tie_db, "ties", name, now=now, at=at(f"2026-12-0{day}T20:10+08:00"))
    record_checkin(tie_db, "ties", "Ann", now=now, at=at("2026-12-03T20:30+08:00"))
    board = standings_as_of(tie_db, "ties", now=now)
    assert board.still_open
    assert {e.name: e.streak for e in board.entries} == {"Ann": 3, "Bea": 2}
    # As of the day before, or once the window closed, the usual rules apply.
    after = standings_as_of(tie_db, "ties", now=at("2026-12-04T01:00+08:00"), day=3)
    assert {e.name: e.streak for e in after.entries} == {"Ann": 3, "Bea": 0}


def test_camp_days_are_the_calendar_of_a_stored_camp(tie_db):
    camp = get_camp(tie_db, "ties")
    assert [d.date for d in camp_days(camp)][:2] == [dt.date(2026, 12, 1), dt.date(2026, 12, 2)]


def test_the_suite_runs_in_an_odd_local_zone():
    # tests/conftest.py sets it, so accidental local-time use gives wrong dates here.
    assert pendulum.local_timezone().name == "Pacific/Chatham"
    assert dt.datetime(2026, 12, 1, 12).astimezone().utcoffset() == dt.timedelta(
        hours=13, minutes=45
    )
