"""A CP camp's auto-pairing in the terminal UI: the Members tab marks the partners it
found, and the Announcements tab previews who the pairing event would pair.

What each scenario sees is collected inside the app and asserted after it closed: an
assertion failing inside ``run_test`` is masked when the app recorded an exception.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pendulum
import pytest
from pilot_steps import SIZE, open_camp, run, settle
from textual.widgets import DataTable, Static

from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.members import add_members, list_members, pair_members
from camp.services.running import run_due
from tui.app import make_app

START = dt.date(2026, 12, 1)
ZONE = "Asia/Shanghai"
KEY = "cp/pairing/d2"
#: Day 2 of the copywriting CP template closes at 00:30 on 3 December; pairs follow.
PAIRING_DUE = pendulum.datetime(2026, 12, 3, 0, 32, tz=ZONE)
MEMBERS = ["Alice", "Bob", "小明", "小红", "Cleo"]


@pytest.fixture
def cp_db(tmp_path: Path) -> Path:
    """The built-in copywriting CP week (``pair_by_day = 2``): Alice and Bob paired by
    hand, 小明, 小红 and Cleo still alone."""
    path = tmp_path / "pairs.db"
    db = open_db(path)
    before = pendulum.datetime(2026, 11, 30, 12, tz=ZONE)
    try:
        create_camp(db, "copywriting-cp", name="CP week", start=START, now=before, slug="cp")
        add_members(db, "cp", MEMBERS, now=before)
        pair_members(db, "cp", "Alice", "Bob", now=before)
    finally:
        db.close()
    return path


def pinned(monkeypatch, moment: pendulum.DateTime) -> None:
    monkeypatch.setenv("CAMP_NOW", moment.isoformat())


def partners(path: Path) -> dict[str, str | None]:
    db = open_db(path)
    try:
        return {row.member.name: row.partner for row in list_members(db, "cp")}
    finally:
        db.close()


def test_the_members_tab_marks_the_partners_the_pairing_found(cp_db, monkeypatch):
    db = open_db(cp_db)
    assert KEY in run_due(db, PAIRING_DUE, stdout=io.StringIO()).produced
    db.close()
    pinned(monkeypatch, pendulum.datetime(2026, 12, 3, 21, tz=ZONE))
    seen: dict = {}

    async def scenario():
        app = make_app(str(cp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp", "3")
            table = app.screen.query_one("#members-table", DataTable)
            seen["pairs"] = {name: str(table.get_row(name)[4]) for name in MEMBERS}
            seen["styles"] = {
                name: [str(span.style) for span in table.get_row(name)[4].spans]
                for name in ("Alice", "小明")
            }

    run(scenario)
    assert seen["pairs"] == {
        "Alice": "Bob",
        "Bob": "Alice",
        "小明": "小红 · auto",
        "小红": "小明 · auto",
        "Cleo": "",
    }
    # The mark is dim beside the partner's name; a pair made by hand has none.
    assert seen["styles"] == {"Alice": [], "小明": ["dim"]}


def test_the_announcements_tab_previews_who_the_pairing_would_pair(cp_db, monkeypatch):
    pinned(monkeypatch, pendulum.datetime(2026, 12, 2, 21, tz=ZONE))
    seen: dict = {}

    async def scenario():
        app = make_app(str(cp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp", "6")
            table = app.screen.query_one("#events", DataTable)
            row = table.get_row(KEY)
            seen["row"] = (str(row[1]), str(row[3]))
            table.move_cursor(row=table.get_row_index(KEY))
            await settle(pilot)
            seen["preview"] = str(app.screen.query_one("#announcement", Static).content)

    run(scenario)
    assert seen["row"] == ("pairing", "pending")
    preview = seen["preview"]
    assert preview.startswith(f"Preview (not posted) · pairing · {KEY}")
    assert "**小明 & 小红**" in preview and "Cleo 暂时还没有 CP" in preview
    assert "Alice" not in preview
    # Previewing pairs nobody.
    assert partners(cp_db) == {
        "Alice": "Bob",
        "Bob": "Alice",
        "小明": None,
        "小红": None,
        "Cleo": None,
    }
