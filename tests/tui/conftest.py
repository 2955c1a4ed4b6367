"""A small, fully known database for the terminal UI's tests, with the clock pinned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest

from camp import clock
from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.demo import build_demo
from camp.services.members import add_members, pair_members

#: Day 5 of the CP camp, 21:00 in Shanghai: the night window is open until 23:30.
PINNED_NOW = "2026-11-23T21:00:00+08:00"
CP_START = dt.date(2026, 11, 19)
MEMBERS = ["Alice", "Bob", "小明", "小红", "Chen Jing", "Daniel"]
#: Who checked in on days 1..4 (at 20:30 local) and who already did today.
PAST_CHECKINS = {
    1: MEMBERS,
    2: MEMBERS,
    3: ["Alice", "Bob", "小明", "Chen Jing", "Daniel"],
    4: ["Bob", "小明", "Daniel"],
}
TODAY_CHECKINS = ["Bob", "小明"]


@pytest.fixture
def pinned_now(monkeypatch) -> pendulum.DateTime:
    """The UI's clock (``camp.clock.now``) stands still at :data:`PINNED_NOW`."""
    monkeypatch.setenv("CAMP_NOW", PINNED_NOW)
    return clock.now()


def _local(day: int, hh_mm: str) -> pendulum.DateTime:
    hour, minute = map(int, hh_mm.split(":"))
    date = CP_START + dt.timedelta(days=day - 1)
    return pendulum.datetime(date.year, date.month, date.day, hour, minute, tz="Asia/Shanghai")


@pytest.fixture
def camp_db(tmp_path: Path, pinned_now: pendulum.DateTime) -> Path:
    """A running pair camp ``cp`` (day 5 of 7) and an upcoming camp ``reading``."""
    path = tmp_path / "tui.db"
    db = open_db(path)
    try:
        create_camp(
            db,
            "copywriting-cp",
            name="Copywriting CP week",
            start=CP_START,
            now=pinned_now,
            slug="cp",
        )
        add_members(db, "cp", MEMBERS, now=pinned_now)
        for a, b in zip(MEMBERS[::2], MEMBERS[1::2], strict=True):
            pair_members(db, "cp", a, b, now=pinned_now)
        for day, names in PAST_CHECKINS.items():
            for name in names:
                record_checkin(db, "cp", name, now=pinned_now, at=_local(day, "20:30"))
        for name in TODAY_CHECKINS:
            record_checkin(db, "cp", name, now=pinned_now, at=_local(5, "20:30"))
        create_camp(
            db,
            "reading-camp",
            name="Winter reading",
            start=dt.date(2026, 12, 1),
            now=pinned_now,
            slug="reading",
        )
    finally:
        db.close()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, pinned_now: pendulum.DateTime) -> Path:
    """The demo camp (day 5 of 7, 21:00 in Shanghai, 20 members in 10 pairs)."""
    path = tmp_path / "demo.db"
    db = open_db(path)
    try:
        build_demo(db, now=pinned_now)
    finally:
        db.close()
    return path
