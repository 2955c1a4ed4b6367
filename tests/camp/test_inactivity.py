"""Inactivity rules: warned after `inactive_after` missed days in a row, listed after `remove_after`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest

from camp.calendar import camp_days
from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.inactivity import apply_inactivity, missed_in_a_row
from camp.services.members import add_members, list_members

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("days", "day", "missed"),
    [((), 3, 3), ((1, 2, 3), 3, 0), ((1,), 3, 2), ((2,), 2, 0), ((1, 3), 4, 1), ((5,), 3, 3)],
)
def test_missed_in_a_row(days, day, missed):
    mask = sum(1 << (d - 1) for d in days)
    assert missed_in_a_row(mask, day) == missed


def test_warned_then_listed_for_removal_and_back_to_active_on_a_checkin(tmp_path):
    db = open_db(tmp_path / "i.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(
        db, str(DATA / "cp_announced.toml"), name="Quiet", start=dt.date(2026, 12, 1), now=before
    )
    add_members(db, camp.slug, ["Ann", "Ben"], now=before)
    days = camp_days(camp)
    day4 = days[3].slots[0].open.add(hours=1)
    # "Late" joins on day 3: days 1 and 2 were never theirs to miss.
    add_members(db, camp.slug, ["Late"], now=days[2].slots[0].open)
    for day in days[:3]:
        record_checkin(db, camp.slug, "Ann", now=day4, at=day.slots[0].open.add(minutes=5))
    report = apply_inactivity(db, camp, 2)
    assert report.warned == [("Ben", 2)] and report.removal == []
    report = apply_inactivity(db, camp, 3)
    assert report.removal == [("Ben", 3)]
    assert ("Late", 1) not in report.warned and all(name != "Late" for name, _ in report.removal)
    status = {row.member.name: row.member.status for row in list_members(db, camp.slug)}
    assert status == {"Ann": "active", "Ben": "warned", "Late": "active"}
    record_checkin(db, camp.slug, "Ben", now=day4, at=days[3].slots[0].open.add(minutes=1))
    status = {row.member.name: row.member.status for row in list_members(db, camp.slug)}
    assert status["Ben"] == "active"
