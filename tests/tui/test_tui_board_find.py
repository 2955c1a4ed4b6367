"""Finding anyone on the Leaderboard tab of a big camp: search by substring and pinyin,
Enter to show the match on the whole board, jump to a rank, the top and the bottom,
and paging back from a row deep in the board; checked against the standings service."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_steps import SIZE, open_camp, run, settle, staggered_checkins
from textual.widgets import DataTable, Input, Static

from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.members import add_members
from camp.services.standings import standings_as_of
from camp.services.totals import refresh_camp_totals
from tui.app import make_app
from tui.dialogs.export import JumpToRankScreen
from tui.tabs.leaderboard import PAGE_SIZE

#: Latin names in four big ties (0 to 3 days counted), and two Chinese names among them.
LATIN = [f"m{i:04d}" for i in range(450)]
CHINESE = ["王小明", "李雷"]


@pytest.fixture
def board_db(tmp_path, pinned_now) -> Path:
    """A running camp of 452 members on day 4; the ties cross every page boundary."""
    path = tmp_path / "find.db"
    db = open_db(path)
    camp = create_camp(
        db,
        "reading-camp",
        name="Find",
        start=pinned_now.date().subtract(days=3),
        now=pinned_now,
        slug="find",
    )
    add_members(db, "find", LATIN + CHINESE, now=pinned_now)
    staggered_checkins(db, camp)
    with db.atomic():
        refresh_camp_totals(db, camp)
    db.close()
    return path


def whole_board(path: Path, now, slug: str = "find"):
    db = open_db(path)
    try:
        return standings_as_of(db, slug, now=now).entries
    finally:
        db.close()


def rows(app) -> list[tuple[str, str]]:
    """(rank, name) of every row in the board's table."""
    table = app.screen.query_one("#board", DataTable)
    ranks = [str(v).strip() for v in table.get_column("rank")]
    names = [str(v).strip(" 👑") for v in table.get_column("name")]
    return list(zip(ranks, names, strict=True))


def highlighted(app) -> str:
    table = app.screen.query_one("#board", DataTable)
    return rows(app)[table.cursor_row][1]


def summary(app) -> str:
    return str(app.screen.query_one("#board-summary", Static).content)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)
    await settle(pilot)


def test_search_filters_by_substring_and_pinyin_with_the_boards_ranks(board_db, pinned_now):
    board = whole_board(board_db, pinned_now)
    rank_of = {e.name: str(e.rank) for e in board}
    seen: dict = {}

    async def scenario():
        app = make_app(str(board_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "find", "4")
            await pilot.press("slash")  # the board's own "/", not the quick check-in
            await settle(pilot)
            seen["focused"] = app.focused.id if app.focused else None
            seen["tab"] = app.screen.query_one("TabbedContent").active
            await type_text(pilot, "M04")
            seen["substring"] = rows(app)
            seen["summary"] = summary(app)
            for _ in "M04":
                await pilot.press("backspace")
            await type_text(pilot, "wxm")
            seen["initials"] = rows(app)
            await pilot.press("ctrl+u")
            await type_text(pilot, "lilei")
            seen["full pinyin"] = rows(app)
            await pilot.press("escape")
            await settle(pilot)
            seen["after escape"] = (
                app.focused.id if app.focused else None,
                app.screen.query_one("#board-search", Input).display,
                len(rows(app)),
            )

    run(scenario)
    assert seen["focused"] == "board-search" and seen["tab"] == "leaderboard"
    expected = [(rank_of[e.name], e.name) for e in board if "m04" in e.name]
    assert seen["substring"] == expected and len(expected) == 50
    assert "'M04': 50 of 452 members" in seen["summary"]
    assert seen["initials"] == [(rank_of["王小明"], "王小明")]
    assert seen["full pinyin"] == [(rank_of["李雷"], "李雷")]
    assert seen["after escape"] == ("board", False, PAGE_SIZE)


def test_enter_shows_the_match_on_the_whole_board_deep_below_the_first_page(board_db, pinned_now):
    board = whole_board(board_db, pinned_now)
    position = next(i for i, e in enumerate(board) if e.name == "m0400")
    assert position >= PAGE_SIZE  # not on the first page
    seen: dict = {}

    async def scenario():
        app = make_app(str(board_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "find", "4")
            await pilot.press("slash")
            await type_text(pilot, "m0400")
            await pilot.press("enter")
            await settle(pilot)
            seen["highlighted"] = highlighted(app)
            seen["rows"] = rows(app)
            seen["focused"] = app.focused.id if app.focused else None
            seen["search shown"] = app.screen.query_one("#board-search", Input).display
            seen["summary"] = summary(app)
            # Up to the top of the window: the rows above are read and put before.
            table = app.screen.query_one("#board", DataTable)
            start = position - table.cursor_row
            for _ in range(table.cursor_row + 1):
                await pilot.press("up")
            await settle(pilot)
            seen["after paging back"] = rows(app)
            seen["still highlighted"] = highlighted(app)
            seen["start"] = start

    run(scenario)
    assert seen["highlighted"] == "m0400"
    assert seen["focused"] == "board" and seen["search shown"] is False
    start = seen["start"]
    assert start > 0
    window = [(str(e.rank), e.name) for e in board[start : start + PAGE_SIZE]]
    assert seen["rows"] == window
    assert f"showing {start + 1}–" in seen["summary"]
    back = seen["after paging back"]
    first = max(0, start - PAGE_SIZE)
    assert back == [(str(e.rank), e.name) for e in board[first : start + PAGE_SIZE]]
    assert seen["still highlighted"] == board[start - 1].name


def test_jump_to_rank_refuses_a_rank_off_the_board_and_shows_the_row_of_a_good_one(
    board_db, pinned_now
):
    board = whole_board(board_db, pinned_now)
    seen: dict = {}

    async def scenario():
        app = make_app(str(board_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "find", "4")
            await pilot.press("j")
            await settle(pilot)
            seen["dialog"] = isinstance(app.screen, JumpToRankScreen)
            await type_text(pilot, "0")
            await pilot.press("enter")
            await settle(pilot)
            seen["problem"] = str(app.screen.query_one("#jump-problem", Static).content)
            seen["still open"] = isinstance(app.screen, JumpToRankScreen)
            await pilot.press("backspace")
            await type_text(pilot, "999")
            await pilot.press("enter")
            await settle(pilot)
            seen["too far"] = str(app.screen.query_one("#jump-problem", Static).content)
            for _ in "999":
                await pilot.press("backspace")
            await type_text(pilot, "345")
            await pilot.press("enter")
            await settle(pilot)
            seen["closed"] = not isinstance(app.screen, JumpToRankScreen)
            seen["focused"] = app.focused.id if app.focused else None
            seen["highlighted"] = highlighted(app)
            await pilot.press("end")
            await settle(pilot)
            seen["end"] = highlighted(app)
            await pilot.press("home")
            await settle(pilot)
            seen["home"] = (highlighted(app), rows(app)[0])
            # Escape cancels the dialog, and the keys are the board's again.
            await pilot.press("j")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            seen["after cancel"] = app.focused.id if app.focused else None

    run(scenario)
    assert seen["dialog"] and seen["still open"]
    assert seen["problem"] == "Rank 0 is not on the board; give 1 to 452."
    assert seen["too far"] == "Rank 999 is not on the board; give 1 to 452."
    assert seen["closed"] and seen["focused"] == "board"
    assert seen["highlighted"] == board[344].name
    assert seen["end"] == board[-1].name
    assert seen["home"] == (board[0].name, (str(board[0].rank), board[0].name))
    assert seen["after cancel"] == "board"


@pytest.fixture
def huge_db(tmp_path, pinned_now) -> Path:
    """100,000 members, their running totals written straight to the table."""
    path = tmp_path / "huge.db"
    db = open_db(path)
    camp = create_camp(
        db,
        "reading-camp",
        name="Huge",
        start=pinned_now.date().subtract(days=3),
        now=pinned_now,
        slug="huge",
    )
    surnames, given = "王李张刘陈", "小明红华伟"
    stamp = "2026-01-01T00:00:00Z"
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO members (camp_id, name, joined) VALUES (?, ?, ?)",
            (
                (camp.id, f"{surnames[i % 5]}{given[i // 5 % 5]}{i}" if i % 2 else f"n{i}", stamp)
                for i in range(100_000)
            ),
        )
        db.conn.execute(
            "INSERT INTO member_totals (member_id, camp_id, points, on_time, days, last_at, total) "
            "SELECT id, camp_id, (id * 7919) % 97, (id * 31) % 3, '0', '~', (id * 7919) % 97 "
            "FROM members WHERE camp_id = ?",
            [camp.id],
        )
    db.close()
    return path


def test_search_on_a_camp_of_100000_members_finds_the_right_rows(huge_db, pinned_now):
    db = open_db(huge_db)
    try:
        board = standings_as_of(db, "huge", now=pinned_now).entries
    finally:
        db.close()
    seen: dict = {}

    async def scenario():
        app = make_app(str(huge_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "huge", "4")
            await pilot.press("slash")
            await type_text(pilot, "wxm")  # 王小明…: by initials
            seen["initials"] = rows(app)
            seen["summary"] = summary(app)
            await pilot.press("ctrl+u")
            await type_text(pilot, "n9999")
            seen["substring"] = rows(app)

    run(scenario)
    wang = [(str(e.rank), e.name) for e in board if e.name.startswith("王小明")]
    assert seen["initials"] == wang[:PAGE_SIZE]
    assert f"'wxm': {len(wang):,} of 100,000 members" in seen["summary"]
    assert seen["substring"] == [(str(e.rank), e.name) for e in board if "n9999" in e.name]
