"""The scheduler run from the app (ctrl+r) and a day's task edited on the Plan tab,
driven with Textual's Pilot and checked in the database."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pendulum
import pytest
from pilot_steps import SIZE, open_camp, run, settle, toasts
from textual.widgets import DataTable, Input, Select, Static

from camp.db import open_db, write_transaction
from camp.services.camps import create_camp
from camp.services.lease import acquire_lease
from tui.app import CampApp, make_app
from tui.dialogs.edit_task import EditTaskScreen
from tui.dialogs.scheduler_log import SchedulerLogScreen
from tui.screens.camp import CampScreen

DATA = Path(__file__).resolve().parent.parent / "data"
#: Day 5 of cp, 23:00:30 in Shanghai: the night's 30-minute reminder fell due 30 s ago.
REMINDER_DUE = "2026-11-23T23:00:30+08:00"
REMINDER = "cp/reminder/d5/night/30m"


def query(path: Path, sql: str, params=()) -> list[tuple]:
    db = open_db(path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


async def open_plan(pilot, slug: str = "cp") -> DataTable:
    await open_camp(pilot, slug, "2")
    return pilot.app.screen.query_one("#plan-table", DataTable)


# ---------------------------------------------------------------- the scheduler in the app


def test_the_scheduler_runs_in_the_app_posts_what_is_due_and_stops(camp_db, monkeypatch):
    monkeypatch.setenv("CAMP_NOW", REMINDER_DUE)

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert app.scheduler.running
            holder = app.scheduler.runner.holder
            assert query(camp_db, "SELECT holder FROM leases") == [(holder,)]
            assert query(camp_db, "SELECT status FROM events WHERE key = ?", [REMINDER]) == [
                ("done",)
            ]
            outbox = query(
                camp_db,
                "SELECT o.title, d.status FROM outbox o JOIN deliveries d ON d.outbox_id = o.id "
                "WHERE o.event_key = ?",
                [REMINDER],
            )
            assert len(outbox) == 1 and outbox[0][1] == "sent"
            # Earlier events fell due long ago: missed, not posted hours late.
            assert query(camp_db, "SELECT status FROM events WHERE key = 'cp/task/d5'") == [
                ("missed",)
            ]
            assert app.title == "camp · scheduler on"
            shown = toasts(app)
            assert any("Scheduler started" in text for text in shown)
            assert any("Posted: day 5 reminder of cp" in text for text in shown)
            # The stdout channel printed nothing on the app's screen: it went to the log.
            lines, _ = app.scheduler.log.since(0)
            assert f"== {outbox[0][0]} ==" in lines
            await pilot.press("ctrl+l")
            await settle(pilot)
            assert isinstance(app.screen, SchedulerLogScreen)
            await pilot.press("escape")
            await settle(pilot)

            await pilot.press("ctrl+r")
            await settle(pilot)
            assert not app.scheduler.running
            assert query(camp_db, "SELECT * FROM leases") == []
            assert app.title == "camp"
            assert any("Scheduler stopped" in text for text in toasts(app))

    run(scenario)


def test_the_scheduler_is_refused_while_another_one_holds_the_lease(camp_db, pinned_now):
    db = open_db(camp_db)
    try:
        acquire_lease(db, "ops-box:4242", pinned_now)
    finally:
        db.close()

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert not app.scheduler.running and app.title == "camp"
            refusal = [text for text in toasts(app) if "Scheduler not started" in text]
            assert len(refusal) == 1
            assert "already running in ops-box:4242" in refusal[0]
            assert "2026-11-23 13:01:00 UTC" in refusal[0]  # 21:00 in Shanghai + 60 s
            # Nothing was derived, posted or taken over.
            assert query(camp_db, "SELECT COUNT(*) FROM events") == [(0,)]
            assert query(camp_db, "SELECT COUNT(*) FROM outbox") == [(0,)]
            assert query(camp_db, "SELECT holder FROM leases") == [("ops-box:4242",)]
            # The command palette offers to start it (the refusal changed nothing).
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert "Start the scheduler" in titles and "Show the scheduler log" in titles

    run(scenario)


def test_the_scheduler_stops_when_another_one_takes_the_lease_over(camp_db, pinned_now):
    async def scenario():
        app = make_app(str(camp_db))
        app.scheduler.tick_seconds = 0.2
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert app.scheduler.running
            assert "Stop the scheduler" in [
                command.title for command in app.get_system_commands(app.screen)
            ]
            # Another scheduler took the lease (ours had expired, say, while suspended).
            db = open_db(camp_db)
            try:
                with write_transaction(db):
                    db.execute(
                        "UPDATE leases SET holder = 'night-box:7', expires = ?",
                        ["2099-01-01T00:00:00.000000Z"],
                    )
            finally:
                db.close()
            for _ in range(40):
                await asyncio.sleep(0.05)
                if not app.scheduler.running:
                    break
            await settle(pilot)
            assert not app.scheduler.running and app.title == "camp"
            assert any(
                "Another scheduler (night-box:7) took the lease over" in text
                for text in toasts(app)
            )
            assert query(camp_db, "SELECT holder FROM leases") == [("night-box:7",)]

    run(scenario)


def test_quitting_the_app_stops_the_scheduler_and_frees_the_lease(camp_db, pinned_now):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert len(query(camp_db, "SELECT holder FROM leases")) == 1
            await pilot.press("q")
        assert query(camp_db, "SELECT * FROM leases") == []

    run(scenario)


# ---------------------------------------------------------------- a day's task on the Plan tab


def stored_own_tasks(path: Path, slug: str = "cp") -> dict[int, dict]:
    (text,) = query(path, "SELECT definition FROM camps WHERE slug = ?", [slug])[0]
    return {entry["day"]: entry for entry in json.loads(text)["tasks"]["days"]}


def task_cells(app: CampApp) -> list[str]:
    table = app.screen.query_one("#plan-table", DataTable)
    return [str(cell) for cell in table.get_column("task")]


def test_a_days_task_is_edited_in_the_dialog_and_shown_in_the_plan(camp_db, pinned_now):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            table = await open_plan(pilot)
            assert table.cursor_row == 4  # today, day 5
            await pilot.press("down", "e")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, EditTaskScreen) and dialog.day.number == 6

            # An empty title: the sentence shows under the title, nothing is written.
            dialog.query_one("#edit-task-title", Input).value = "  "
            await pilot.press("enter")
            await settle(pilot)
            problem = dialog.query_one("#edit-task-title-problem", Static)
            assert "The title is empty" in str(problem.content) and problem.display
            assert stored_own_tasks(camp_db) == {}

            dialog.query_one("#edit-task-title", Input).value = "给老用户写一封信"
            dialog.query_one("#edit-task-difficulty", Select).value = 3
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, CampScreen)
            own = stored_own_tasks(camp_db)
            assert list(own) == [6]
            assert (own[6]["title"], own[6]["difficulty"]) == ("给老用户写一封信", 3)
            cells = task_cells(app)
            assert cells[5] == "给老用户写一封信 ✎"
            assert not cells[6].endswith("✎")
            table = app.screen.query_one("#plan-table", DataTable)
            assert table.cursor_row == 5  # the cursor stays on the edited day
            assert "★★★☆☆" in str(table.get_row_at(5)[2])
            assert any("Day 6's task is now 给老用户写一封信." in text for text in toasts(app))
            title = str(app.screen.query_one("#plan-task-title", Static).content)
            assert "给老用户写一封信" in title and "set for this day" in title

            # The pool's task comes back with the dialog's other button.
            await pilot.press("e")
            await settle(pilot)
            await pilot.click("#edit-task-clear")
            await settle(pilot)
            assert stored_own_tasks(camp_db) == {}
            assert not task_cells(app)[5].endswith("✎")

    run(scenario)


def test_editing_a_day_that_began_is_refused_with_a_sentence(camp_db, pinned_now):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_plan(pilot)
            await pilot.press("up", "up", "e")
            await settle(pilot)
            assert isinstance(app.screen, CampScreen)
            assert any(
                "Day 3 of cp began at 2026-11-21 20:00; only the task of a day that has not "
                "begun can change." in text
                for text in toasts(app)
            )
            assert stored_own_tasks(camp_db) == {}

    run(scenario)


@pytest.fixture
def rest_camp(camp_db: Path, pinned_now: pendulum.DateTime) -> Path:
    """An upcoming camp ``rest`` with a rest day on 2026-12-03 (its third date)."""
    definition = camp_db.parent / "rest.toml"
    source = (DATA / "cp.toml").read_text()
    definition.write_text(source.replace("days = 7\n", 'days = 7\nrest = ["2026-12-03"]\n', 1))
    db = open_db(camp_db)
    try:
        create_camp(
            db,
            str(definition),
            name="Rest",
            start=dt.date(2026, 12, 1),
            now=pinned_now,
            slug="rest",
        )
    finally:
        db.close()
    return camp_db


def test_rest_days_are_listed_and_cannot_get_a_task(rest_camp):
    async def scenario():
        app = make_app(str(rest_camp))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            table = await open_plan(pilot, "rest")
            assert table.row_count == 8
            rest = [str(cell) for cell in table.get_row_at(2)]
            assert rest[1] == "Thu 2026-12-03" and rest[3] == "rest day"
            assert str(table.get_row_at(3)[0]).strip() == "3"
            await pilot.press("down", "down", "e")
            await settle(pilot)
            assert isinstance(app.screen, CampScreen)
            assert any(
                "2026-12-03 is a rest day of rest; rest days have no task" in text
                for text in toasts(app)
            )
            # Only the file's own day-7 task is set for a day; the refusal wrote nothing.
            assert list(stored_own_tasks(rest_camp, "rest")) == [7]
            assert task_cells(app)[7] == "Final pitch ✎"

    run(scenario)


def test_quitting_while_the_scheduler_runs_in_the_app_asks_first(camp_db, pinned_now):
    # `q` quit at once, whatever was in flight.
    from tui.dialogs.confirm import ConfirmScreen

    seen: dict = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("q")  # nothing in flight: no question
            await settle(pilot)
            seen["quit at once"] = not app.is_running

        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert app.scheduler.running
            await pilot.press("q")
            await settle(pilot)
            seen["asked"] = isinstance(app.screen, ConfirmScreen)
            seen["question"] = " ".join(str(w.render()) for w in app.screen.query(Static))
            await pilot.press("n")
            await settle(pilot)
            seen["still running"] = app.is_running and app.scheduler.running
            await pilot.press("q")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            seen["quit after yes"] = not app.is_running
        seen["lease freed"] = query(camp_db, "SELECT * FROM leases") == []

    run(scenario)
    assert seen["quit at once"]
    assert seen["asked"] and "scheduler runs in this app" in seen["question"]
    assert seen["still running"]
    assert seen["quit after yes"]
    assert seen["lease freed"]
