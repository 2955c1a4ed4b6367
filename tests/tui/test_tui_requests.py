"""The Requests tab (makeup and leave requests decided in batch), the Members tab's leave
dialog and statement, and the Leaderboard's outcomes, driven with Textual's Pilot on the
demo camp and checked through the services.

What each scenario sees is collected inside the app and asserted after it closed: an
assertion failing inside ``run_test`` is masked when the app recorded an exception.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
from pilot_steps import SIZE, drawn, open_camp, run, settle, toasts
from textual.widgets import DataTable, Input, Static, TabbedContent

from camp.calendar import camp_days
from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.demo import DEMO_SLUG
from camp.services.members import add_members
from camp.services.requests import add_request, list_requests
from camp.services.standings import standings_as_of
from tui.app import CampApp, make_app
from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.leave import LeaveScreen
from tui.screens.statement import StatementScreen
from tui.tabs.checkins import EXCUSED, MAKEUP
from tui.tabs.requests import MARK

DATA = Path(__file__).resolve().parent.parent / "data"
#: Two live refreshes and some room for a busy machine.
PATIENCE = 6.0


def queue(db_path: Path, now, *requests: tuple[str, str, int, str]) -> list[int]:
    """Queue ``(member, kind, day, text)`` requests as a bot would; their ids."""
    db = open_db(db_path)
    try:
        return [
            add_request(db, DEMO_SLUG, member, kind, day, now=now, text=text, source="telegram").id
            for member, kind, day, text in requests
        ]
    finally:
        db.close()


def statuses(db_path: Path) -> dict[int, str]:
    db = open_db(db_path)
    try:
        return {r.id: r.status for r in list_requests(db, DEMO_SLUG)}
    finally:
        db.close()


def focused_id(app: CampApp) -> str | None:
    return app.focused.id if app.focused is not None else None


def table_ids(app: CampApp) -> list[str]:
    table = app.screen.query_one("#requests-table", DataTable)
    return [str(key.value) for key in table.rows]


def cell(app: CampApp, row: str, column: str) -> str:
    return str(app.screen.query_one("#requests-table", DataTable).get_cell(row, column)).strip()


def tab_label(app: CampApp) -> str:
    return str(app.screen.query_one(TabbedContent).get_tab("requests").label)


async def until(pilot, check) -> bool:
    waited = 0.0
    while waited < PATIENCE:
        await pilot.pause(0.1)
        waited += 0.1
        if check():
            await drawn(pilot)
            return True
    return False


def test_two_marked_requests_are_approved_but_the_one_over_the_limit_stays_pending(
    demo_db, pinned_now
):
    # 小明 missed days 3 and 4; the demo camp allows one makeup per member.
    day3, day4 = queue(
        demo_db,
        pinned_now,
        ("小明", "makeup", 3, "#补卡 3 昨天加班"),
        ("小明", "makeup", 4, "#补卡 4"),
    )
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "8")
            await drawn(pilot)
            seen["label"] = tab_label(app)
            seen["rows"] = table_ids(app)
            seen["focus"] = focused_id(app)
            seen["message"] = cell(app, str(day3), "text")
            await pilot.press("space", "space")
            seen["marks"] = [cell(app, str(i), "mark") for i in (day3, day4)]
            await pilot.press("a")
            await settle(pilot)
            await drawn(pilot)
            seen["toasts"] = toasts(app)
            seen["after"] = table_ids(app)
            seen["still_marked"] = cell(app, str(day4), "mark")
            seen["status"] = cell(app, str(day4), "status")
            seen["detail"] = str(app.screen.query_one("#request-detail", Static).render())
            seen["label_after"] = tab_label(app)
            seen["focus_after"] = focused_id(app)
            # The grid, shown next, has read the makeup.
            await pilot.press("5")
            await settle(pilot)
            grid = app.screen.query_one("#grid", DataTable)
            seen["grid"] = [str(c) for c in grid.get_row("小明")]

    run(scenario)
    assert seen["label"] == "Requests (2)"
    assert seen["rows"] == [str(day3), str(day4)]  # oldest first
    assert seen["focus"] == "requests-table"
    assert seen["message"] == "#补卡 3 昨天加班"
    assert seen["marks"] == [MARK, MARK]
    assert statuses(demo_db) == {day3: "approved", day4: "pending"}
    toast = " ".join(seen["toasts"])
    assert "Approved 1 request" in toast
    assert "1 refused, still pending and marked:" in toast
    assert f"#{day4} 小明, makeup for day 4" in toast and "used 1 of 1 makeups" in toast
    assert seen["after"] == [str(day4)]  # the refused one stays, still marked
    assert seen["still_marked"] == MARK
    assert seen["status"] == "pending · refused"
    assert "used 1 of 1 makeups" in seen["detail"]
    assert seen["label_after"] == "Requests (1)"
    assert seen["focus_after"] == "requests-table"
    assert seen["grid"][2 + 2] == MAKEUP  # day 3


def test_rejecting_asks_first_and_no_keeps_the_request(demo_db, pinned_now):
    (leave,) = queue(demo_db, pinned_now, ("Alice", "leave", 6, "#请假 6 考试"))
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "8")
            await drawn(pilot)
            await pilot.press("x")
            await settle(pilot)
            seen["asked"] = isinstance(app.screen, ConfirmScreen)
            seen["question"] = str(app.screen.query_one("#confirm-question", Static).render())
            await pilot.press("n")
            await settle(pilot)
            seen["after_no"] = statuses(demo_db)[leave]
            seen["focus_no"] = focused_id(app)
            await pilot.press("x")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            await drawn(pilot)
            seen["rows"] = table_ids(app)
            seen["toasts"] = toasts(app)
            seen["focus_yes"] = focused_id(app)
            # Every request, the decided ones after the pending ones.
            await pilot.press("f")
            await settle(pilot)
            await drawn(pilot)
            seen["all"] = [cell(app, row, "status") for row in table_ids(app)]

    run(scenario)
    assert seen["asked"]
    assert f"Reject request {leave} (Alice, leave for day 6)?" in seen["question"]
    assert seen["after_no"] == "pending"
    assert seen["focus_no"] == "requests-table"
    assert statuses(demo_db)[leave] == "rejected"
    assert seen["rows"] == []
    assert any(f"Rejected 1 request: #{leave} Alice." in t for t in seen["toasts"])
    assert seen["focus_yes"] == "requests-table"
    assert seen["all"] == ["rejected"]


def test_approve_all_says_how_many_and_approves_every_pending_request(demo_db, pinned_now):
    ids = queue(
        demo_db,
        pinned_now,
        ("小明", "makeup", 3, "#补卡 3"),
        ("Alice", "leave", 6, "#请假 6"),
        ("Emma", "leave", 7, "#请假 7 出差"),
    )
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "8")
            await drawn(pilot)
            await pilot.press("A")
            await settle(pilot)
            seen["question"] = str(app.screen.query_one("#confirm-question", Static).render())
            await pilot.press("escape")  # no
            await settle(pilot)
            seen["after_escape"] = set(statuses(demo_db).values())
            seen["focus_escape"] = focused_id(app)
            await pilot.press("A")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            await drawn(pilot)
            seen["rows"] = table_ids(app)
            seen["toasts"] = toasts(app)
            seen["label"] = tab_label(app)
            seen["focus"] = focused_id(app)

    run(scenario)
    assert "Approve all 3 pending requests?" in seen["question"]
    assert seen["after_escape"] == {"pending"}
    assert seen["focus_escape"] == "requests-table"
    assert statuses(demo_db) == dict.fromkeys(ids, "approved")
    assert seen["rows"] == []
    assert any("Approved 3 requests" in t for t in seen["toasts"])
    assert seen["label"] == "Requests"
    assert seen["focus"] == "requests-table"


def test_a_request_queued_by_another_connection_appears_and_the_cursor_stays(demo_db, pinned_now):
    first, second = queue(
        demo_db, pinned_now, ("小明", "makeup", 3, "#补卡 3"), ("Alice", "leave", 6, "")
    )
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, DEMO_SLUG, "8")
            await drawn(pilot)
            table = app.screen.query_one("#requests-table", DataTable)
            table.move_cursor(row=1)
            # A member's #补卡 heard by a bot, written by its own process.
            (third,) = queue(demo_db, pendulum.now("UTC"), ("Emma", "makeup", 4, "#补卡 4 sorry"))
            seen["third"] = third
            seen["shown"] = await until(pilot, lambda: str(third) in table_ids(app))
            seen["rows"] = table_ids(app)
            seen["cursor"] = table_ids(app)[table.cursor_row]
            seen["label"] = tab_label(app)

    run(scenario)
    assert seen["shown"], "the Requests tab never showed the new request"
    assert seen["rows"] == [str(first), str(second), str(seen["third"])]
    assert seen["cursor"] == str(second)
    assert seen["label"] == "Requests (3)"


def _missing_today(db_path: Path) -> str:
    """A demo member with no check-in on day 5 (today)."""
    db = open_db(db_path)
    try:
        return db.execute(
            "SELECT name FROM members WHERE id NOT IN "
            "(SELECT member_id FROM checkins WHERE day = 5) ORDER BY id LIMIT 1"
        ).fetchone()[0]
    finally:
        db.close()


def _put_cursor_on(app: CampApp, name: str) -> None:
    table = app.screen.query_one("#members-table", DataTable)
    table.move_cursor(row=table.get_row_index(name))


def test_leave_dialog_gives_leave_then_refuses_the_second_in_one_sentence(demo_db, pinned_now):
    name = _missing_today(demo_db)
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            await drawn(pilot)
            _put_cursor_on(app, name)
            await pilot.press("e")
            await settle(pilot)
            seen["dialog"] = isinstance(app.screen, LeaveScreen)
            seen["day"] = app.screen.query_one("#leave-day", Input).value
            seen["left"] = str(app.screen.query_one("#leave-left", Static).render())
            # Enter with no reason: asked for one, nothing given.
            await pilot.press("enter")
            await settle(pilot)
            seen["no_reason"] = str(app.screen.query_one("#leave-reason-problem").render())
            await pilot.press(*"exam", "enter")
            await settle(pilot)
            seen["closed"] = not isinstance(app.screen, LeaveScreen)
            seen["toasts"] = toasts(app)
            seen["focus"] = focused_id(app)
            # The quota (one a period) is used: the second is refused in the dialog.
            await pilot.press("e")
            await settle(pilot)
            app.screen.query_one("#leave-day", Input).value = "6"
            seen["left_again"] = str(app.screen.query_one("#leave-left", Static).render())
            app.screen.query_one("#leave-reason", Input).value = "trip"
            await pilot.press("enter")
            await settle(pilot)
            seen["still_open"] = isinstance(app.screen, LeaveScreen)
            seen["refusal"] = str(app.screen.query_one("#leave-day-problem").render())
            await pilot.press("escape")
            await settle(pilot)
            seen["focus_after_cancel"] = focused_id(app)
            await pilot.press("5")
            await settle(pilot)
            row = app.screen.query_one("#grid", DataTable).get_row(name)
            seen["grid"] = [str(c) for c in row]

    run(scenario)
    assert seen["dialog"]
    assert seen["day"] == "5"  # today's camp day
    assert seen["left"].startswith("1 of 1 leave day left in days 1–7")
    assert seen["no_reason"] == "Type why, e.g. exam day; it is kept."
    assert seen["closed"]
    assert any(f"{name} is on leave on day 5" in t and "exam" in t for t in seen["toasts"])
    assert seen["focus"] == "members-table"
    assert seen["left_again"].startswith("0 of 1 leave day left in days 1–7 (taken: day 5)")
    assert seen["still_open"]
    refusal = seen["refusal"]
    assert f"{name} has used the 1 leave day of days 1-7 already (day 5)" in refusal
    assert refusal.count(". ") == 0 and refusal.endswith(".") and "Traceback" not in refusal
    assert seen["focus_after_cancel"] == "members-table"
    assert seen["grid"][2 + 4] == EXCUSED  # day 5


def test_enter_on_a_member_shows_a_statement_that_sums_to_the_boards_points(demo_db, pinned_now):
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, DEMO_SLUG, "4")
            await drawn(pilot)
            board = app.screen.query_one("#board", DataTable)
            row = [str(c).strip() for c in board.get_row_at(2)]
            seen["name"], seen["points"] = row[1].removeprefix("👑").strip(), row[2]
            await pilot.press("3")
            await settle(pilot)
            await drawn(pilot)
            _put_cursor_on(app, seen["name"])
            table = app.screen.query_one("#members-table", DataTable)
            seen["row"] = table.cursor_row
            await pilot.press("enter")
            await settle(pilot)
            seen["screen"] = isinstance(app.screen, StatementScreen)
            seen["text"] = str(app.screen.query_one("#statement", Static).render())
            await pilot.press("escape")
            await settle(pilot)
            seen["focus"] = focused_id(app)
            seen["row_after"] = table.cursor_row

    run(scenario)
    assert seen["screen"]
    lines = seen["text"].splitlines()
    assert lines[0].startswith(seen["name"])
    # The demo camp is Chinese: so is its statement (合计 = total, 打卡 = check-ins).
    assert lines[-1].startswith(f"合计 {seen['points']} = 打卡 ")
    assert seen["focus"] == "members-table"
    assert seen["row_after"] == seen["row"]


def test_the_board_of_a_camp_with_outcomes_has_an_outcome_column(tmp_path, pinned_now):
    text = (DATA / "cp.toml").read_text().replace('group = "pair"', 'group = "solo"')
    path = tmp_path / "outcomes.toml"
    path.write_text(text + '\n[outcomes]\npass = { min_days = 4 }\nperfect = "all"\n')
    db_path = tmp_path / "o.db"
    db = open_db(db_path)
    camp = create_camp(
        db, str(path), name="Outcomes", start=dt.date(2026, 11, 19), now=pinned_now, slug="o"
    )
    # Joined before day 1: every day of the camp is theirs to count.
    add_members(db, "o", ["Ann", "Ben", "Cat"], now=pinned_now.subtract(days=5))
    plan = {"Ann": (1, 2, 3, 4, 5), "Ben": (1, 2, 4, 5)}
    for day in camp_days(camp)[:5]:
        for name, days in plan.items():
            if day.number in days:
                at = day.slots[0].open.add(minutes=30)
                record_checkin(db, "o", name, now=pinned_now, at=at)
    expected = {e.name: e.outcome for e in standings_as_of(db, "o", now=pinned_now).entries}
    db.close()
    seen: dict = {}

    async def scenario():
        app = make_app(str(db_path))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "o", "4")
            await drawn(pilot)
            board = app.screen.query_one("#board", DataTable)
            seen["headings"] = [str(c.label) for c in board.ordered_columns]
            seen["outcomes"] = {
                str(name).strip().removeprefix("👑").strip(): str(outcome)
                for name, outcome in zip(
                    board.get_column("name"), board.get_column("outcome"), strict=True
                )
            }

    run(scenario)
    # Ann is on course for a perfect record, Ben passed with a day missed, Cat cannot pass.
    assert expected == {"Ann": "pending", "Ben": "passed", "Cat": "failed"}
    assert seen["headings"][-1] == "Outcome"
    assert seen["outcomes"] == expected


def test_a_board_without_outcomes_has_no_outcome_column(camp_db):
    seen: dict = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp", "4")
            await drawn(pilot)
            board = app.screen.query_one("#board", DataTable)
            seen["headings"] = [str(c.label) for c in board.ordered_columns]

    run(scenario)
    assert "Outcome" not in seen["headings"]
