"""Start-up: the first screen imports only what it shows, and a big camp's Today tab
does not wait for its names to be indexed for the quick check-in."""

from __future__ import annotations

import subprocess
import sys
import threading

from pilot_steps import SIZE, open_camp, run, settle, toasts
from textual.widgets import Static

import tui.data
import tui.tabs.today
from camp import clock
from camp.db import open_db
from tui.app import make_app
from tui.data import load_today
from tui.tabs.today import TodayView

#: Imported by the tabs, the scheduler or a holiday rule, never by the first screen.
NOT_AT_START = (
    "pypinyin",  # the quick check-in's pinyin, a quarter of a second of dictionaries
    "holidays",  # only camps with holiday rules
    "httpx",  # the robots' client, through the outbox
    "apscheduler",  # the scheduler, started with ctrl+r
    "camp.scheduler",
    "tui.screens.camp",  # the camp screen and its seven tabs
    "tui.dialogs.new_camp",
)


def test_the_app_imports_nothing_the_first_screen_does_not_show():
    code = (
        "import sys, tui.app; "
        f"print(','.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
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
