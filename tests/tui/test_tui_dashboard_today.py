"""The dashboard's day and Today column mean the same day as the camp's Today tab."""

from __future__ import annotations

import pendulum
import pytest

from camp.db import open_db
from tui.data import load_camp_rows, load_today


@pytest.mark.parametrize(
    ("moment", "day", "counted"),
    [
        # Day 5 at 15:35: tonight's window opens at 20:00 (the dashboard said "day 4/7"
        # with last night's 3 of 6). The camp's file holds day 5's Bob and 小明 already.
        ("2026-11-23T15:35:00+08:00", 5, 2),
        ("2026-11-23T21:00:00+08:00", 5, 2),  # the window is open
        ("2026-11-24T01:00:00+08:00", 6, 0),  # day 5 has closed, day 6 opens tonight
    ],
)
def test_the_dashboard_shows_the_day_that_is_today(camp_db, moment, day, counted):
    now = pendulum.parse(moment)
    db = open_db(camp_db)
    try:
        row = next(r for r in load_camp_rows(db, now) if r.slug == "cp")
        today = load_today(db, "cp", now)
    finally:
        db.close()
    assert row.status_text == f"day {day}/7" == today.status_text
    assert row.counted_today == counted == len(today.checked)


def test_the_camps_can_be_read_before_their_counts_and_are_the_same_camps(camp_db):
    # The dashboard shows the camps at once, then fills in what takes counting.
    now = pendulum.parse("2026-11-23T21:00:00+08:00")
    db = open_db(camp_db)
    try:
        quick = load_camp_rows(db, now, counts=False)
        full = load_camp_rows(db, now)
    finally:
        db.close()
    assert [(r.slug, r.name, r.status_text, r.next_event) for r in quick] == [
        (r.slug, r.name, r.status_text, r.next_event) for r in full
    ]
    assert all(r.members is r.checkins is r.counted_today is None for r in quick)
    cp = next(r for r in full if r.slug == "cp")
    assert cp.members == 6 and cp.checkins and cp.counted_today == 2


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        ("2026-11-23T15:35:00+08:00", 5),
        ("2026-11-23T21:00:00+08:00", 5),
        ("2026-11-24T01:00:00+08:00", 6),
    ],
)
def test_the_check_ins_grid_marks_the_day_that_is_today(camp_db, moment, day):
    from camp.services.checkins import checkin_grid_page

    now = pendulum.parse(moment)
    db = open_db(camp_db)
    try:
        grid = checkin_grid_page(db, "cp", now=now)
        today = load_today(db, "cp", now)
    finally:
        db.close()
    assert today.day is not None
    assert grid.today == day == today.day.number
