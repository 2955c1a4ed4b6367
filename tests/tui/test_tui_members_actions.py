"""The Members tab's unpair, restore, aliases and conversion keys, driven with Textual's
Pilot on the demo camp and checked through the services: each asks where it should,
says why when the engine refuses, and leaves the keys with the table.

What each scenario sees is collected inside the app and asserted after it closed: an
assertion failing inside ``run_test`` is masked when the app recorded an exception.
"""

from __future__ import annotations

from pathlib import Path

from pilot_steps import SIZE, open_camp, run, settle, toasts
from textual.widgets import DataTable, Input, Static

from camp.db import open_db
from camp.services.demo import DEMO_SLUG
from camp.services.imports import add_aliases
from camp.services.members import (
    add_members,
    list_members,
    list_members_page,
    member_aliases,
    remove_member,
)
from tui.app import CampApp, make_app
from tui.tabs.members import MembersView


def rows_of(db_path: Path) -> dict:
    """Every member's row (status, partner) through the service."""
    db = open_db(db_path)
    try:
        return {row.member.name: row for row in list_members(db, DEMO_SLUG)}
    finally:
        db.close()


def converted(db_path: Path, name: str, now) -> bool:
    db = open_db(db_path)
    try:
        rows = list_members_page(db, DEMO_SLUG, now=now, limit=100, view="all").rows
        return next(row.converted for row in rows if row.member.name == name)
    finally:
        db.close()


def aliases_of(db_path: Path, name: str) -> list[str]:
    db = open_db(db_path)
    try:
        return member_aliases(db, DEMO_SLUG, name)
    finally:
        db.close()


def focused_id(app: CampApp) -> str | None:
    return app.focused.id if app.focused is not None else None


def put_cursor_on(app: CampApp, name: str) -> None:
    table = app.screen.query_one("#members-table", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(name))


def status_of(app: CampApp, name: str) -> str:
    return str(app.screen.query_one("#members-table", DataTable).get_row(name)[1])


def footer_action(app: CampApp, key: str) -> str | None:
    """The action the footer shows for ``key`` (the first binding that applies)."""
    binding = app.screen.active_bindings.get(key)
    return binding.binding.action if binding is not None else None


def dialog_text(app: CampApp) -> str:
    return " ".join(str(static.render()) for static in app.screen.query(Static))


def test_u_names_the_partner_before_unpairing_and_refuses_a_member_without_one(demo_db):
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            put_cursor_on(app, "Alice")
            await pilot.press("u")
            await pilot.pause()
            seen["asked"] = (type(app.screen).__name__, dialog_text(app))
            await pilot.press("n")
            await settle(pilot)
            seen["kept"] = (rows_of(demo_db)["Alice"].partner, focused_id(app))
            await pilot.press("u")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            seen["unpaired"] = (
                rows_of(demo_db)["Alice"].partner,
                rows_of(demo_db)["Bob"].partner,
                focused_id(app),
                toasts(app),
                str(app.screen.query_one("#members-table", DataTable).get_row("Alice")[4]),
            )
            # Alice has no partner now: the engine's sentence, no question asked.
            await pilot.press("u")
            await settle(pilot)
            seen["refused"] = (type(app.screen).__name__, focused_id(app), toasts(app))

    run(scenario)
    screen, text = seen["asked"]
    assert screen == "MemberQuestionScreen"
    assert "Unpair Alice and Bob?" in text
    assert seen["kept"] == ("Bob", "members-table")
    partner_a, partner_b, focus, notes, shown = seen["unpaired"]
    assert (partner_a, partner_b, focus, shown) == (None, None, "members-table", "")
    assert any("Unpaired Alice & Bob." in note for note in notes)
    screen, focus, notes = seen["refused"]
    assert (screen, focus) == ("CampScreen", "members-table")
    assert any("Alice is not in a pair." in note for note in notes)
    assert any("Could not unpair" in note for note in notes)


def test_x_restores_a_removed_member_and_the_footer_offers_what_applies(demo_db, pinned_now):
    db = open_db(demo_db)
    try:
        remove_member(db, DEMO_SLUG, "Bob", now=pinned_now)
        remove_member(db, DEMO_SLUG, "Emma", now=pinned_now)
    finally:
        db.close()
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            seen["current"] = footer_action(app, "x")
            for _ in range(3):  # everyone, warned, due for removal, removed
                await pilot.press("f")
                await settle(pilot)
            put_cursor_on(app, "Bob")
            await pilot.pause()
            seen["removed"] = footer_action(app, "x")
            await pilot.press("x")
            await pilot.pause()
            seen["asked"] = (type(app.screen).__name__, dialog_text(app))
            await pilot.press("escape")
            await settle(pilot)
            seen["kept"] = (rows_of(demo_db)["Bob"].member.status, focused_id(app))
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            seen["restored"] = (rows_of(demo_db)["Bob"].member.status, focused_id(app), toasts(app))
            # Emma is restored by someone else meanwhile, before the tab read it again:
            # the engine refuses the second time.
            view = app.screen.query_one(MembersView)
            view._freshness.stale = lambda version: False  # no live refresh in between
            put_cursor_on(app, "Emma")
            other = open_db(demo_db)
            try:
                add_members(other, DEMO_SLUG, ["Emma"], now=pinned_now)
            finally:
                other.close()
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            seen["refused"] = (focused_id(app), toasts(app))

    run(scenario)
    assert seen["current"] == "remove"
    assert seen["removed"] == "restore"
    screen, text = seen["asked"]
    assert screen == "MemberQuestionScreen" and "Restore Bob to demo?" in text
    assert seen["kept"] == ("removed", "members-table")
    status, focus, notes = seen["restored"]
    assert (status, focus) == ("active", "members-table")
    assert any("Restored Bob" in note for note in notes)
    focus, notes = seen["refused"]
    assert focus == "members-table"
    assert any("Emma is already a member of demo" in note for note in notes)
    assert any("Could not restore the member" in note for note in notes)


def test_l_shows_the_aliases_and_adds_more_split_by_any_comma(demo_db):
    db = open_db(demo_db)
    try:
        add_aliases(db, DEMO_SLUG, "Alice", ["Ali"])
    finally:
        db.close()
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            put_cursor_on(app, "Alice")
            await pilot.press("l")
            await pilot.pause()
            seen["dialog"] = (
                type(app.screen).__name__,
                str(app.screen.query_one("#member-aliases-known", Static).render()),
                focused_id(app),
            )
            await pilot.press("enter")  # nothing typed: the dialog says what to type
            await pilot.pause()
            seen["empty"] = (
                type(app.screen).__name__,
                str(app.screen.query_one("#member-aliases-problem", Static).render()),
            )
            app.screen.query_one("#member-aliases-input", Input).insert_text_at_cursor(
                "小A，Al i、 A.L"
            )
            await pilot.press("enter")
            await settle(pilot)
            seen["added"] = (aliases_of(demo_db, "Alice"), focused_id(app), toasts(app))
            # An alias that already names another member is refused in one sentence.
            await pilot.press("l")
            await pilot.pause()
            seen["known"] = str(app.screen.query_one("#member-aliases-known", Static).render())
            app.screen.query_one("#member-aliases-input", Input).insert_text_at_cursor("Bob")
            await pilot.press("enter")
            await settle(pilot)
            seen["refused"] = (aliases_of(demo_db, "Alice"), focused_id(app), toasts(app))
            # Escape closes the dialog and changes nothing.
            await pilot.press("l")
            await pilot.pause()
            await pilot.press("escape")
            await settle(pilot)
            seen["escaped"] = (type(app.screen).__name__, focused_id(app))

    run(scenario)
    screen, known, focus = seen["dialog"]
    assert (screen, focus) == ("MemberAliasesScreen", "member-aliases-input")
    assert known == "Known as: Ali"
    screen, problem = seen["empty"]
    assert screen == "MemberAliasesScreen" and "separated by commas" in problem
    aliases, focus, notes = seen["added"]
    assert aliases == ["Ali", "小A", "Al i", "A.L"] and focus == "members-table"
    assert any("Alice is also known as 小A, Al i, A.L." in note for note in notes)
    assert seen["known"] == "Known as: Ali, 小A, Al i, A.L"
    aliases, focus, notes = seen["refused"]
    assert aliases == ["Ali", "小A", "Al i", "A.L"] and focus == "members-table"
    assert any("'Bob' already names Bob in demo" in note for note in notes)
    assert seen["escaped"] == ("CampScreen", "members-table")


def test_v_marks_the_member_converted_and_again_not(demo_db, pinned_now):
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            put_cursor_on(app, "小明")
            await pilot.press("v")
            await settle(pilot)
            seen["on"] = (
                converted(demo_db, "小明", pinned_now),
                status_of(app, "小明"),
                focused_id(app),
                toasts(app),
            )
            await pilot.press("v")
            await settle(pilot)
            seen["off"] = (converted(demo_db, "小明", pinned_now), status_of(app, "小明"))

    run(scenario)
    is_on, status, focus, notes = seen["on"]
    assert (is_on, status, focus) == (True, "active · converted", "members-table")
    assert any("小明 is counted as converted" in note for note in notes)
    assert seen["off"] == (False, "active")
