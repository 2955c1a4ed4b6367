"""The Plan and Members tabs driven with Textual's Pilot, on the demo camp; checked through
the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_steps import SIZE, open_camp, run, settle, toasts
from textual.widgets import DataTable, Input, OptionList, Static

from camp.calendar import camp_days
from camp.db import open_db, write_transaction
from camp.services.camps import get_camp
from camp.services.demo import DEMO_MEMBERS, DEMO_SLUG
from camp.services.members import list_members
from tui.app import CampApp, make_app
from tui.dialogs.members import ConfirmRemovalScreen, PartnerPickerScreen
from tui.screens.camp import CampScreen
from tui.tabs.members import MembersView
from tui.tabs.members_data import split_names


@pytest.fixture
def demo_db(demo_db: Path) -> Path:
    """The demo camp, with two members warned.

    The demo's members joined on day 5, too late for the inactivity check to warn anyone
    yet: two are warned by hand, as that check would have done.
    """
    db = open_db(demo_db)
    try:
        with write_transaction(db):
            db.execute("UPDATE members SET status = 'warned' WHERE name IN ('小明', '小红')")
    finally:
        db.close()
    return demo_db


def members_of(db_path: Path) -> dict[str, str | None]:
    """Active members and their partners, read through the service."""
    db = open_db(db_path)
    try:
        return {
            row.member.name: row.partner
            for row in list_members(db, DEMO_SLUG, include_removed=False)
        }
    finally:
        db.close()


def table_names(app: CampApp) -> list[str]:
    table = app.screen.query_one("#members-table", DataTable)
    return [str(value) for value in table.get_column("name")]


def test_split_names_takes_ascii_and_full_width_commas():
    assert split_names("Zoe, 小王") == ["Zoe", "小王"]
    assert split_names(" 小王，小李、 Ann ,, ") == ["小王", "小李", "Ann"]
    assert split_names(" , ") == []


def test_plan_lists_every_day_and_shows_the_chosen_days_task(demo_db, pinned_now):
    db = open_db(demo_db)
    try:
        days = camp_days(get_camp(db, DEMO_SLUG))
    finally:
        db.close()

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, DEMO_SLUG, "2")
            table = app.screen.query_one("#plan-table", DataTable)
            assert table.row_count == 7
            assert app.focused is table
            rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(7)]
            assert rows[0][0].strip() == "1"
            assert rows[0][1] == days[0].date.strftime("%a %Y-%m-%d")
            assert rows[0][3] == days[0].task.title
            assert rows[0][5].startswith("night 20:00–23:30")
            # Today (day 5) is marked and holds the cursor; its task is shown below.
            assert rows[4][0] == "▶ 5"
            assert table.cursor_row == 4
            title = str(app.screen.query_one("#plan-task-title", Static).content)
            assert days[4].task.title in title
            await pilot.press("up", "up", "up", "up")
            await pilot.pause()
            title = str(app.screen.query_one("#plan-task-title", Static).content)
            body = str(app.screen.query_one("#plan-task-body", Static).content)
            assert title.startswith("Day 1 · ") and days[0].task.title in title
            assert days[0].task.body.strip()[:20] in body

    run(scenario)


def test_members_add_auto_pair_and_remove_after_confirm(demo_db):
    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            assert table_names(app) == DEMO_MEMBERS
            await pilot.press("a")
            assert app.focused is app.screen.query_one("#member-add", Input)
            for key in "Zoe, ":
                await pilot.press(key)
            app.screen.query_one("#member-add", Input).insert_text_at_cursor("小王")
            await pilot.press("enter")
            await settle(pilot)
            members = members_of(demo_db)
            assert len(members) == 22 and members["Zoe"] is None and members["小王"] is None
            assert table_names(app)[-2:] == ["Zoe", "小王"]
            assert app.screen.query_one("#member-add", Input).value == ""
            assert any("Added Zoe, 小王." in text for text in toasts(app))

            app.screen.query_one("#members-table", DataTable).focus()
            await pilot.press("p")
            await settle(pilot)
            members = members_of(demo_db)
            assert members["Zoe"] == "小王" and members["小王"] == "Zoe"
            assert any("Paired Zoe & 小王." in text for text in toasts(app))

            # The cursor on Zoe; "x" asks, "n" keeps her, "x" then "y" removes her.
            table = app.screen.query_one("#members-table", DataTable)
            table.move_cursor(row=table.get_row_index("Zoe"))
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmRemovalScreen)
            await pilot.press("n")
            await settle(pilot)
            assert "Zoe" in members_of(demo_db)
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            assert "Zoe" not in members_of(demo_db)
            assert "Zoe" not in table_names(app)
            assert len(table_names(app)) == 21

    run(scenario)


def test_adding_an_existing_name_shows_the_engines_sentence_and_changes_nothing(demo_db):
    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            before = members_of(demo_db)
            await pilot.press("a")
            app.screen.query_one("#member-add", Input).value = "Yuki, Alice"
            await pilot.press("enter")
            await settle(pilot)
            assert members_of(demo_db) == before  # all or none: Yuki was not added either
            assert any("Alice is already a member of demo" in text for text in toasts(app))
            # The typed names stay, to be corrected.
            assert app.screen.query_one("#member-add", Input).value == "Yuki, Alice"
            assert table_names(app) == DEMO_MEMBERS

    run(scenario)


def test_manual_pairing_picks_the_partner_in_a_list_and_warned_filter(demo_db):
    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            await pilot.press("a")
            app.screen.query_one("#member-add", Input).value = "Zoe, 小王, Ann"
            await pilot.press("enter")
            await settle(pilot)
            app.screen.query_one("#members-table", DataTable).focus()
            table = app.screen.query_one("#members-table", DataTable)
            table.move_cursor(row=table.get_row_index("Ann"))
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, PartnerPickerScreen)
            options = app.screen.query_one("#partner-list", OptionList)
            assert [str(options.get_option_at_index(i).prompt) for i in range(2)] == [
                "Zoe",
                "小王",
            ]
            await pilot.press("down", "enter")
            await settle(pilot)
            members = members_of(demo_db)
            assert members["Ann"] == "小王" and members["Zoe"] is None
            # "w" shows the warned members only, and everyone again.
            view = app.screen.query_one(MembersView)
            warned = [line.name for line in view.data.lines if line.status == "warned"]
            assert warned == ["小明", "小红"]
            # The lists are read from the database (a page at a time): let the read land.
            await pilot.press("w")
            await settle(pilot)
            assert table_names(app) == warned
            await pilot.press("w")
            await settle(pilot)
            assert len(table_names(app)) == 23

    run(scenario)


@pytest.mark.parametrize(
    ("tab_key", "field_key", "field", "table"),
    [
        ("3", "a", "#member-add", "#members-table"),
        ("5", None, "#grid-filter", "#grid"),
    ],
)
def test_escape_in_a_tabs_field_gives_the_keys_back_to_its_table(
    demo_db, tab_key, field_key, field, table
):
    # In Members, `a` then Escape left nothing focused: `p` then opened the
    # Leaderboard instead of auto-pairing.
    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, DEMO_SLUG, tab_key)
            if field_key is None:
                app.screen.query_one(field, Input).focus()
            else:
                await pilot.press(field_key)
            await pilot.pause()
            assert app.focused is app.screen.query_one(field, Input)
            await pilot.press("x", "escape")
            await pilot.pause()
            assert app.focused is app.screen.query_one(table, DataTable)
            assert app.screen.query_one(field, Input).value == ""
            assert isinstance(app.screen, CampScreen)
            # The tab's own keys work again (p is auto-pair in Members, not Pairs).
            if tab_key == "3":
                await pilot.press("p")
                await settle(pilot)
                assert app.screen.query_one("TabbedContent").active == "members"

    run(scenario)
