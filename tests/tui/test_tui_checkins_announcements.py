"""The Check-ins and Announcements tabs driven with Pilot; results checked through the services."""

from __future__ import annotations

import io
from pathlib import Path

import pendulum
from pilot_steps import SIZE, open_camp, run, settle, toasts
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from camp.calendar import camp_days
from camp.db import open_db
from camp.services.camps import get_camp
from camp.services.demo import DEMO_SLUG
from camp.services.events import list_events
from camp.services.running import run_due
from camp.services.standings import standings_as_of
from tui.app import make_app
from tui.dialogs.adjust import AdjustPointsScreen
from tui.tabs.checkins import COUNTED, MAKEUP, MISSED, PENDING


def standing(db_path: Path, name: str, now: pendulum.DateTime):
    db = open_db(db_path)
    try:
        board = standings_as_of(db, DEMO_SLUG, now=now)
        return next(e for e in board.entries if e.name == name)
    finally:
        db.close()


def put_cursor(table: DataTable, row_key: str, column: int) -> None:
    table.cursor_coordinate = (table.get_row_index(row_key), column)


def test_grid_shows_every_member_and_their_counted_days(demo_db, pinned_now):
    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "5")
            table = app.screen.query_one("#grid", DataTable)
            names = [str(value) for value in table.get_column("name")]
            assert names[0] == "Alice" and "小明" in names and len(names) == 20
            alice = [str(cell) for cell in table.get_row("Alice")]
            # Days 1-4 counted, today (day 5, window still open) pending, days 6-7 blank.
            assert alice[2:] == [COUNTED] * 4 + [PENDING, "", ""]
            # 小明 (a "fading" demo member) missed days 3 and 4: shown as missed.
            xiaoming = [str(cell) for cell in table.get_row("小明")]
            assert xiaoming[2:6] == [COUNTED, COUNTED, MISSED, MISSED]
            header = str(table.columns[ColumnKey("day-5")].label)
            assert header == "[5]"
            # The filter keeps only matching names.
            app.screen.query_one("#grid-filter", Input).value = "小"
            await pilot.pause()
            assert sorted(str(v) for v in table.get_column("name")) == ["小明", "小红"]

    run(scenario)


def test_k_approves_one_makeup_and_shows_the_engines_refusal_for_another(demo_db, pinned_now):
    async def scenario():
        assert standing(demo_db, "小明", pinned_now).makeup == 0
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "5")
            table = app.screen.query_one("#grid", DataTable)
            put_cursor(table, "小明", 1 + 3)  # day 3
            await pilot.press("k")
            await settle(pilot)
            assert standing(demo_db, "小明", pinned_now).makeup == 1
            assert str(table.get_row("小明")[1 + 3]) == MAKEUP
            assert any("Makeup approved" in toast for toast in toasts(app))
            # The camp allows one makeup per member: the engine refuses day 4.
            put_cursor(table, "小明", 1 + 4)
            await pilot.press("k")
            await settle(pilot)
            assert standing(demo_db, "小明", pinned_now).makeup == 1
            assert any("used 1 of 1 makeups" in toast for toast in toasts(app))
            # A counted day is no makeup: refused before asking the engine.
            put_cursor(table, "Alice", 1 + 1)
            await pilot.press("k")
            await settle(pilot)
            assert any("Alice has not missed day 1" in toast for toast in toasts(app))

    run(scenario)


def test_b_adds_a_bonus_through_the_dialog(demo_db, pinned_now):
    async def scenario():
        before = standing(demo_db, "Emma", pinned_now).points
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "5")
            put_cursor(app.screen.query_one("#grid", DataTable), "Emma", 0)
            await pilot.press("b")
            await pilot.pause()
            assert isinstance(app.screen, AdjustPointsScreen)
            await pilot.press("7", "enter")
            app.screen.query_one("#adjust-reason", Input).value = "best headline"
            await pilot.press("enter")
            await settle(pilot)
            assert standing(demo_db, "Emma", pinned_now).points == before + 7
            assert any("Emma: +7 points (best headline)" in toast for toast in toasts(app))
            row = app.screen.query_one("#grid", DataTable).get_row("Emma")
            assert str(row[1]) == str(before + 7)

    run(scenario)


def test_a_bonus_too_large_to_be_real_is_refused_in_the_dialog_and_nothing_changes(
    demo_db, pinned_now
):
    async def scenario():
        before = standing(demo_db, "Emma", pinned_now).points
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "5")
            put_cursor(app.screen.query_one("#grid", DataTable), "Emma", 0)
            await pilot.press("b")
            await pilot.pause()
            # Typed key by key: the field stops at the largest adjustment's length.
            await pilot.press(*"99999999999999999999999")
            field = app.screen.query_one("#adjust-points", Input)
            assert field.value == "99999999"
            field.value = "9999999"  # 7 digits fit, and are still too many points
            app.screen.query_one("#adjust-reason", Input).value = "typo"
            app.screen.query_one("#adjust-reason", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, AdjustPointsScreen)
            problem = str(app.screen.query_one("#adjust-problem", Static).render())
            assert "-1,000,000 to 1,000,000" in problem
            await pilot.press("escape")
            await settle(pilot)
            assert app.is_running
        assert standing(demo_db, "Emma", pinned_now).points == before

    run(scenario)


def test_announcements_list_events_and_preview_the_days_task(demo_db, pinned_now):
    async def scenario():
        db = open_db(demo_db)
        title = camp_days(get_camp(db, DEMO_SLUG))[4].task.title
        keys = [event.key for event in list_events(db, DEMO_SLUG, now=pinned_now)]
        db.close()
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "6")
            table = app.screen.query_one("#events", DataTable)
            assert [str(v) for v in table.get_column("key")] == keys
            table.move_cursor(row=table.get_row_index(f"{DEMO_SLUG}/task/d5"))
            await settle(pilot)
            shown = str(app.screen.query_one("#announcement", Static).content)
            assert "Preview (not posted)" in shown and title in shown

    run(scenario)


def test_e_reruns_a_missed_event_whose_announcement_then_shows_its_deliveries(demo_db, pinned_now):
    async def scenario():
        db = open_db(demo_db)
        # The demo camp posts to stdout only (which never fails), and no scheduler ran
        # while it was built: every event due over an hour ago is missed.
        assert run_due(db, pinned_now, stdout=io.StringIO()).missed
        db.close()
        key = f"{DEMO_SLUG}/task/d5"
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "6")
            table = app.screen.query_one("#events", DataTable)
            assert str(table.get_row(key)[3]) == "missed"
            table.move_cursor(row=table.get_row_index(key))
            await pilot.press("t")
            await settle(pilot)
            assert any("has no announcement in the outbox yet" in t for t in toasts(app))
            await pilot.press("e")
            await settle(pilot)
            assert any("Event re-run" in toast for toast in toasts(app))
            assert str(table.get_row(key)[3]) == "pending"
            # The scheduler's next run posts it; the tab then shows the stored text.
            db = open_db(demo_db)
            assert key in run_due(db, pinned_now, stdout=io.StringIO()).produced
            db.close()
            await pilot.press("r")
            await settle(pilot)
            assert str(table.get_row(key)[3]) == "done"
            shown = str(app.screen.query_one("#announcement", Static).content)
            assert "stdout: sent" in shown
            await pilot.press("t")
            await settle(pilot)
            assert any("has no failed or uncertain delivery to retry" in t for t in toasts(app))
            await pilot.press("e")
            await settle(pilot)
            assert any("only failed or missed events are retried" in t for t in toasts(app))

    run(scenario)
