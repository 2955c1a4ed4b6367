"""Start-up: the first screen imports only what it shows, and a big camp's Today tab
does not wait for its names to be indexed for the quick check-in."""

from __future__ import annotations

import subprocess
import sys
import threading

import pendulum
from conftest import CP_START
from pilot_steps import SIZE, open_camp, run, settle, toasts
from textual.widgets import Static

import tui.data
import tui.screens.camp
import tui.tabs.today
from camp import clock
from camp.db import open_db
from tui.app import make_app
from tui.data import load_today
from tui.tabs.today import TodayView

#: Imported by the tabs, the scheduler or a holiday rule, never by the first screen.
NOT_AT_START = (
    "pypinyin",  # the quick check-in's pinyin, a quarter of a second of dictionaries
    "tui.fuzzy",  # the name index, built once a camp is open
    "camp.services.standings",  # the leaderboard's
    "camp.services.activity",  # a camp's roster, and the dashboard's counts that follow
    "holidays",  # only camps with holiday rules
    "httpx",  # the robots' client, through the outbox
    "apscheduler",  # the scheduler, started with ctrl+r
    "camp.scheduler",
    "tui.screens.camp",  # the camp screen and its seven tabs
    "tui.dialogs.new_camp",
)


def test_the_app_imports_nothing_the_first_screen_does_not_show():
    code = f"import sys, tui.app; print(','.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert out == "", f"imported at start: {out}"


def test_a_big_camps_today_is_shown_before_its_names_are_indexed(camp_db, monkeypatch):
    # Every camp counts as big here: its index is built after the tab is shown.
    monkeypatch.setattr(tui.data, "INDEX_WITH_ROSTER", 0)
    gate = threading.Event()
    real = tui.tabs.today.name_index

    def held_back(db, slug):
        gate.wait(10)
        return real(db, slug)

    monkeypatch.setattr(tui.tabs.today, "name_index", held_back)
    seen: dict[str, object] = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            app.open_camp("cp")
            for _ in range(200):
                await pilot.pause(0.01)
                view = app.screen.query(TodayView)
                if view and view.first().data is not None:
                    break
            today = app.screen.query_one(TodayView)
            seen["shown"] = today.data is not None and today.data.names is None
            seen["heading"] = str(app.screen.query_one("#day-heading", Static).content)
            await pilot.press("slash", "x", "h")
            await pilot.pause()
            seen["waiting"] = str(app.screen.query_one("#matches", Static).content)
            await pilot.press("enter")
            await pilot.pause()
            seen["told"] = toasts(app)
            gate.set()
            await settle(pilot)
            seen["found"] = str(app.screen.query_one("#matches", Static).content)

    try:
        run(scenario)
    finally:
        gate.set()
    assert seen["shown"] is True
    assert seen["heading"].startswith("Day 5 of 7")
    assert seen["waiting"] == "reading the names of 6 members…"
    assert any("still being read" in toast for toast in seen["told"])
    # Once indexed, the typed letters find the name by its pinyin; nobody was recorded.
    assert str(seen["found"]).splitlines()[0] == "→ 小红"
    db = open_db(camp_db)
    try:
        assert load_today(db, "cp", clock.now()).checked == ("Bob", "小明")
    finally:
        db.close()


def test_a_small_camps_names_come_with_its_today(camp_db):
    seen: dict[str, object] = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            seen["indexed"] = app.screen.query_one(TodayView).data.names is not None

    run(scenario)
    assert seen["indexed"] is True


#: Names whose case-insensitive order is not their code point order, and two that fold
#: alike ("ANNA", "anna": then in the order they joined).
ODD_NAMES = [
    "ANNA",
    "zoë",
    "Émile",
    "anna",
    "émile b",
    "Straße",
    "STRASSE",
    "bob",
    "Zed",
    "ｆｕｌｌ",
]


def test_a_big_camps_first_read_is_its_figures_and_first_missing_names(camp_db, monkeypatch):
    from camp.services.members import add_members

    monkeypatch.setattr(tui.data, "FIRST_READ_FROM", 0)  # every camp counts as big
    monkeypatch.setattr(tui.data, "_ROSTERS", {})  # nothing read yet in this process
    now = clock.now()
    db = open_db(camp_db)
    try:
        add_members(db, "cp", ODD_NAMES, now=now)
        first = load_today(db, "cp", now, first=True)
        again = load_today(db, "cp", now)  # the second read, of the whole roster
        whole = load_today(db, "cp", now, first=True)  # the roster is read: whole at once
        # Yesterday's closing figures, before tonight's window opens (day 6 at 01:00).
        morning = pendulum.parse("2026-11-24T01:00:00+08:00")
        monkeypatch.setattr(tui.data, "_ROSTERS", {})
        early = load_today(db, "cp", morning, first=True)
        early_whole = load_today(db, "cp", morning)
    finally:
        db.close()
    assert not first.complete and first.members == () and first.names is None
    assert whole.complete and whole == again
    assert (first.member_count, first.counted_count, first.missing_count) == (16, 2, 14)
    assert (whole.member_count, whole.counted_count) == (16, 2)
    assert first.missing() == whole.missing() == first.missing(400)
    assert first.missing(3) == whole.missing(3)
    assert (first.day, first.status_text, first.previous) == (
        whole.day,
        whole.status_text,
        whole.previous,
    )
    assert not early.complete and early.previous == early_whole.previous == (5, 2, 16)
    assert early.missing() == early_whole.missing()


def test_a_big_camps_today_is_drawn_from_its_first_read_then_completed(camp_db, monkeypatch):
    monkeypatch.setattr(tui.data, "FIRST_READ_FROM", 0)
    monkeypatch.setattr(tui.data, "_ROSTERS", {})
    reads: list = []
    real = tui.data.load_today

    def counted(db, slug, now, **options):
        data = real(db, slug, now, **options)
        reads.append(data)
        return data

    monkeypatch.setattr(tui.screens.camp, "load_today", counted)
    seen: dict[str, object] = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            await settle(pilot)
            today = app.screen.query_one(TodayView)
            seen["complete"] = today.data.complete and today.data.names is not None
            seen["count"] = str(app.screen.query_one("#checkin-count", Static).content)
            seen["missing"] = str(app.screen.query_one("#missing", Static).content)
            await pilot.press("slash", "c", "h", "e", "n")
            await settle(pilot)
            seen["found"] = str(app.screen.query_one("#matches", Static).content)

    run(scenario)
    # Read twice: its figures first, then the whole roster (the tab's own read once).
    assert [data.complete for data in reads] == [False, True]
    assert seen["complete"] is True
    assert seen["count"] == "2/6"
    assert seen["missing"] == "  ·  ".join(reads[0].missing()) == "  ·  ".join(reads[1].missing())
    assert str(seen["found"]).splitlines()[0] == "→ Chen Jing"


def test_the_first_screen_lists_the_camps_before_any_worker_has_read(camp_db, monkeypatch):
    import tui.screens.dashboard as dashboard
    from camp.services.camps import create_camp

    db = open_db(camp_db)
    try:  # more camps than the first screenful: the rest follow with the counts
        for n in range(dashboard.FIRST_SCREEN):
            create_camp(
                db,
                "reading-camp",
                name=f"Camp {n}",
                start=CP_START,
                now=clock.now(),
                slug=f"c{n:02d}",
            )
    finally:
        db.close()
    gate = threading.Event()
    real = dashboard.load_camp_rows

    def held_back(db, now, **options):
        if threading.current_thread() is not threading.main_thread():
            gate.wait(10)  # a worker's read waits until the test has looked
        return real(db, now, **options)

    monkeypatch.setattr(dashboard, "load_camp_rows", held_back)
    seen: dict[str, object] = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            seen["first"] = [(row.slug, row.members) for row in screen.rows]
            seen["table"] = screen.query_one("#camps").row_count
            gate.set()
            await settle(pilot)
            seen["then"] = [(row.slug, row.members) for row in screen.rows]

    try:
        run(scenario)
    finally:
        gate.set()
    first, then = seen["first"], seen["then"]
    assert len(first) == seen["table"] == dashboard.FIRST_SCREEN
    assert all(members is None for _, members in first)  # counted a moment later
    assert [slug for slug, _ in then[: len(first)]] == [slug for slug, _ in first]
    assert len(then) == dashboard.FIRST_SCREEN + 2 and ("cp", 6) in then


def test_a_database_of_an_earlier_release_is_migrated_and_listed_by_a_worker(tmp_path):
    import sqlite3
    from pathlib import Path

    from camp.db.migrations import migrations

    dump = Path(__file__).parents[1] / "data" / "release-0.1.0.sql"
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(dump.read_text(encoding="utf-8"))
    conn.close()
    seen: dict[str, object] = {}

    async def scenario():
        app = make_app(str(path))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            seen["rows"] = [row.slug for row in app.screen.rows]

    run(scenario)
    db = open_db(path, migrate=False)
    try:
        assert migrations.pending(db) == []
        slugs = [row[0] for row in db.execute("SELECT slug FROM camps ORDER BY slug")]
    finally:
        db.close()
    assert slugs and sorted(seen["rows"]) == slugs
