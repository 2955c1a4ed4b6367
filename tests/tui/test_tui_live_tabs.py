"""Every tab follows what another process commits, within a live refresh (two
seconds), and keeps its cursor: the Check-ins grid missed a CLI check-in and the
Announcements tab still said `pending` 40 s after `camp run` posted."""

from __future__ import annotations

from pilot_steps import SIZE, drawn, open_camp, run
from textual.widgets import DataTable

from camp import clock
from camp.db import open_db
from camp.services.announcing import produce_announcement
from camp.services.checkins import record_checkin
from camp.services.demo import DEMO_SLUG
from camp.services.events import list_events
from tui.app import make_app
from tui.tabs.checkins import MARKS

#: Two live refreshes and some room for a busy machine.
PATIENCE = 6.0


async def _until(pilot, check) -> bool:
    waited = 0.0
    while waited < PATIENCE:
        await pilot.pause(0.1)
        waited += 0.1
        if check():
            await drawn(pilot)
            return True
    return False


def _cell(table: DataTable, row: str, column: str) -> str:
    return str(table.get_cell(row, column)).strip()


def test_the_check_ins_grid_shows_a_check_in_made_by_another_process(demo_db, pinned_now):
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, DEMO_SLUG, "5")
            await drawn(pilot)
            table = app.screen.query_one("#grid", DataTable)
            pending = MARKS["pending"][0]
            waiting = [
                str(key.value)
                for key in table.rows
                if _cell(table, str(key.value), "day-5") == pending.strip()
            ]
            assert waiting, "the demo has members who have not checked in tonight"
            who = waiting[-1]
            table.move_cursor(row=0, column=0)
            other = open_db(demo_db)
            record_checkin(other, DEMO_SLUG, who, now=clock.now(), text="#打卡 from the CLI")
            other.close()
            seen["shown"] = await _until(
                pilot, lambda: _cell(table, who, "day-5") == MARKS["on_time"][0].strip()
            )
            seen["cursor"] = table.cursor_coordinate.row

    run(scenario)
    assert seen["shown"], "the grid never showed the check-in"
    assert seen["cursor"] == 0


def test_announcements_show_an_event_posted_by_another_process(demo_db, pinned_now):
    db = open_db(demo_db)
    due = [e for e in list_events(db, DEMO_SLUG, now=pinned_now) if e.status == "pending"]
    db.close()
    assert due, "the demo has events still to post"
    key = due[0].key
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, DEMO_SLUG, "6")
            await drawn(pilot)
            table = app.screen.query_one("#events", DataTable)
            assert _cell(table, key, "status") == "pending"
            table.move_cursor(row=2)
            other = open_db(demo_db)
            produce_announcement(other, key, pinned_now)
            other.close()
            seen["shown"] = await _until(pilot, lambda: _cell(table, key, "status") != "pending")
            seen["status"] = _cell(table, key, "status")
            seen["cursor"] = table.cursor_coordinate.row

    run(scenario)
    assert seen["shown"], "the Announcements tab still says pending"
    # Produced, its delivery still to be sent by the courier.
    assert seen["status"] == "done · 1 pending"
    assert seen["cursor"] == 2


def test_a_done_event_whose_delivery_failed_says_so(demo_db, pinned_now):
    # A failed delivery showed as plain `done` in the events list.
    db = open_db(demo_db)
    key = next(e.key for e in list_events(db, DEMO_SLUG, now=pinned_now) if e.status == "pending")
    produce_announcement(db, key, pinned_now)
    with db.conn:
        db.execute(
            "UPDATE deliveries SET status = 'failed', last_error = 'the robot said 403' "
            "WHERE outbox_id IN (SELECT id FROM outbox WHERE event_key = ?)",
            [key],
        )
    db.close()
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, DEMO_SLUG, "6")
            await drawn(pilot)
            table = app.screen.query_one("#events", DataTable)
            seen["status"] = _cell(table, key, "status")

    run(scenario)
    assert seen["status"] == "done · 1 failed"
