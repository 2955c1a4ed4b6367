"""Check-ins grid statuses and voiding a mistaken check-in; the Members tab's import,
shift/team and warned / removal lists. Driven with Pilot, checked in the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest
from pilot_steps import SIZE, open_camp, run, settle, toasts
from textual.widgets import DataTable, Input, OptionList

from camp.db import open_db, write_transaction
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import record_checkin
from camp.services.inactivity import apply_inactivity
from camp.services.members import add_members, remove_member
from camp.services.standings import _recount_tallies, standings_as_of, tallies_as_of
from tui.app import CampApp, make_app
from tui.dialogs.adjust import VoidCheckinScreen
from tui.dialogs.members import ImportMembersScreen, MemberGroupScreen
from tui.tabs.checkins import COUNTED, LATE, MAKEUP, MISSED, PENDING
from tui.tabs.leaderboard import LeaderboardView

#: The first day of the test camps (the ``camp_db`` fixture's CP camp starts then too).
CP_START = dt.date(2026, 11, 19)


def _local(day: int, hh_mm: str) -> pendulum.DateTime:
    """``hh_mm`` in Shanghai on the camp's ``day``."""
    hour, minute = map(int, hh_mm.split(":"))
    date = CP_START + dt.timedelta(days=day - 1)
    return pendulum.datetime(date.year, date.month, date.day, hour, minute, tz="Asia/Shanghai")


def grid_row(app: CampApp, name: str) -> list[str]:
    return [str(cell) for cell in app.screen.query_one("#grid", DataTable).get_row(name)]


def put_cursor(app: CampApp, name: str, day: int) -> None:
    table = app.screen.query_one("#grid", DataTable)
    table.cursor_coordinate = (table.get_row_index(name), 1 + day)


def points_of(db_path: Path, name: str, now: pendulum.DateTime) -> int:
    db = open_db(db_path)
    try:
        board = standings_as_of(db, "cp", now=now)
        return next(e.points for e in board.entries if e.name == name)
    finally:
        db.close()


def query(db_path: Path, sql: str, params=()) -> list[tuple]:
    db = open_db(db_path)
    try:
        return db.execute(sql, list(params)).fetchall()
    finally:
        db.close()


@pytest.fixture
def busy_cp(camp_db: Path, pinned_now) -> Path:
    """The CP camp with a late check-in, a makeup and a second check-in of one night."""
    db = open_db(camp_db)
    try:
        record_checkin(db, "cp", "Alice", now=pinned_now, at=_local(4, "23:45"))  # late
        record_checkin(db, "cp", "小红", now=pinned_now, makeup_day=3)
        # Daniel's night 4 twice: 20:30 counts, 23:50 (late) is stored as a duplicate.
        again = record_checkin(db, "cp", "Daniel", now=pinned_now, at=_local(4, "23:50"))
        assert again.status == "duplicate"
    finally:
        db.close()
    return camp_db


def test_grid_letters_on_time_late_makeup_missed_and_pending(busy_cp, pinned_now):
    async def scenario():
        app = make_app(str(busy_cp))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp", "5")
            assert grid_row(app, "Alice")[2:] == [COUNTED] * 3 + [LATE, PENDING, "", ""]
            assert grid_row(app, "小红")[2:6] == [COUNTED, COUNTED, MAKEUP, MISSED]
            assert grid_row(app, "Bob")[2:7] == [COUNTED] * 5
            legend = str(app.screen.query_one("#grid-summary").render())
            assert "1–6 of 6 members" in legend and "L late" in legend and "M makeup" in legend
            # The filter is applied by the database, a page at a time.
            app.screen.query_one("#grid-filter", Input).value = "ch"
            await settle(pilot)
            names = [str(v) for v in app.screen.query_one("#grid", DataTable).get_column("name")]
            assert names == ["Chen Jing"]

    run(scenario)


def test_x_voids_the_picked_checkin_and_the_nights_other_one_counts(busy_cp, pinned_now):
    async def scenario():
        before = points_of(busy_cp, "Daniel", pinned_now)
        app = make_app(str(busy_cp))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp", "5")
            assert grid_row(app, "Daniel")[1 + 4] == COUNTED
            put_cursor(app, "Daniel", 4)
            await pilot.press("x")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, VoidCheckinScreen)
            options = dialog.query_one("#void-list", OptionList)
            lines = [str(options.get_option_at_index(i).prompt) for i in range(2)]
            assert "20:30 · on time · night" in lines[0]
            assert "23:50 · duplicate (not counted)" in lines[1]
            # No reason yet: the dialog asks for one and stays.
            await pilot.press("enter")  # picks the first check-in, moves to the reason
            await pilot.press("enter")
            assert app.screen is dialog
            dialog.query_one("#void-reason", Input).value = "posted in the wrong group"
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, VoidCheckinScreen)
            # The 20:30 check-in left the counts (kept for audit); the late one counts.
            assert query(
                busy_cp,
                "SELECT v.status, v.reason FROM voided_checkins v JOIN members m "
                "ON m.id = v.member_id WHERE m.name = 'Daniel'",
            ) == [("on_time", "posted in the wrong group")]
            after = points_of(busy_cp, "Daniel", pinned_now)
            assert after < before
            db = open_db(busy_cp)
            camp = get_camp(db, "cp")
            assert sorted(tallies_as_of(db, camp, camp.days)) == sorted(
                _recount_tallies(db, camp, camp.days, False)
            )
            db.close()
            assert grid_row(app, "Daniel")[1 + 4] == LATE
            assert grid_row(app, "Daniel")[1] == str(after)
            assert any("Check-in voided" in t and "counts instead" in t for t in toasts(app))
            # The leaderboard shows the new total.
            await pilot.press("4")
            await settle(pilot)
            page = app.screen.query_one(LeaderboardView).page
            assert next(e.points for e in page.entries if e.name == "Daniel") == after
            # A day without any check-in has nothing to void.
            await pilot.press("5")
            await settle(pilot)
            put_cursor(app, "小红", 4)
            await pilot.press("x")
            await settle(pilot)
            assert not isinstance(app.screen, VoidCheckinScreen)
            assert any("has no check-in recorded for day 4" in t for t in toasts(app))

    run(scenario)


def members_table(app: CampApp) -> DataTable:
    return app.screen.query_one("#members-table", DataTable)


def table_names(app: CampApp) -> list[str]:
    return [str(v) for v in members_table(app).get_column("name")]


def test_i_imports_a_csv_and_reports_added_and_skipped(camp_db, tmp_path):
    good = tmp_path / "members.csv"
    good.write_text("name,shift\nAlice,\nZoe,night\n小王,\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,shift\nYuki,\nXi,dawn\n", encoding="utf-8")

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp", "3")
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(app.screen, ImportMembersScreen)
            app.screen.query_one("#import-members-path", Input).value = str(good)
            await pilot.press("enter")
            await settle(pilot)
            rows = query(camp_db, "SELECT name, shift FROM members WHERE name IN ('Zoe', '小王')")
            assert sorted(rows) == [("Zoe", "night"), ("小王", None)]
            assert any(
                "Added 2 members (Zoe, 小王); skipped 1 already in the camp (Alice)." in t
                for t in toasts(app)
            )
            assert table_names(app)[-2:] == ["Zoe", "小王"]
            # A bad line: one sentence naming it, and nobody added.
            await pilot.press("i")
            await pilot.pause()
            app.screen.query_one("#import-members-path", Input).value = str(bad)
            await pilot.press("enter")
            await settle(pilot)
            assert query(camp_db, "SELECT 1 FROM members WHERE name = 'Yuki'") == []
            assert any("line 3: shift 'dawn' is not a window" in t for t in toasts(app))

    run(scenario)


def test_g_sets_a_shift_and_the_engine_refuses_a_team_in_a_pair_camp(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp", "3")
            members_table(app).move_cursor(row=members_table(app).get_row_index("小明"))
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, MemberGroupScreen)
            app.screen.query_one("#member-shift", Input).value = "night"
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert query(camp_db, "SELECT shift, team FROM members WHERE name = '小明'") == [
                ("night", None)
            ]
            assert str(members_table(app).get_row("小明")[2]) == "night"
            await pilot.press("g")
            await pilot.pause()
            app.screen.query_one("#member-team", Input).value = "Red"
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert query(camp_db, "SELECT team FROM members WHERE name = '小明'") == [(None,)]
            assert any("teams are for camps with" in t for t in toasts(app))

    run(scenario)


@pytest.fixture
def quiet_db(tmp_path: Path, pinned_now: pendulum.DateTime) -> Path:
    """A CP camp on day 5 whose members joined before it began: Ann checked in every
    night, Cat only on nights 1-2, Ben never; Dan was removed. The inactivity check of
    night 4 ran (2 missed in a row warns, 3 lists for removal)."""
    path = tmp_path / "quiet.db"
    db = open_db(path)
    try:
        before = pendulum.datetime(2026, 11, 18, tz="UTC")
        create_camp(db, "copywriting-cp", name="Quiet", start=CP_START, now=before, slug="quiet")
        add_members(db, "quiet", ["Ann", "Ben", "Cat", "Dan"], now=before)
        for day in range(1, 5):
            for name in ["Ann", "Cat"] if day <= 2 else ["Ann"]:
                record_checkin(db, "quiet", name, now=pinned_now, at=_local(day, "20:30"))
        remove_member(db, "quiet", "Dan", now=pinned_now)
        with write_transaction(db):
            apply_inactivity(db, get_camp(db, "quiet"), 4)
    finally:
        db.close()
    assert CP_START + dt.timedelta(days=4) == pinned_now.in_tz("Asia/Shanghai").date()
    return path


def test_f_shows_the_warned_the_due_for_removal_and_the_removed(quiet_db):
    async def scenario():
        app = make_app(str(quiet_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "quiet", "3")
            assert table_names(app) == ["Ann", "Ben", "Cat"]
            summary = str(app.screen.query_one("#members-summary").render())
            assert "3 members · 2 warned · 1 removed" in summary
            await pilot.press("f")
            await settle(pilot)
            assert table_names(app) == ["Ben", "Cat"]
            await pilot.press("f")
            await settle(pilot)
            assert table_names(app) == ["Ben"]
            assert str(members_table(app).get_row("Ben")[1]) == "warned · 4 missed"
            summary = str(app.screen.query_one("#members-summary").render())
            assert "due for removal: 1" in summary and "up to day 4" in summary
            await pilot.press("f")
            await settle(pilot)
            assert table_names(app) == ["Dan"]
            await pilot.press("f")
            await settle(pilot)
            assert table_names(app) == ["Ann", "Ben", "Cat"]
            # Ann's row: no partner yet, 4 nights counted, a streak of 4.
            ann = [str(cell) for cell in members_table(app).get_row("Ann")]
            assert ann[6:8] == ["4", "🔥4"]

    run(scenario)
