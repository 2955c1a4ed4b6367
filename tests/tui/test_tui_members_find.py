"""Finding, sorting and paging the Members tab, driven with Textual's Pilot on the demo camp
and on camps bigger than a page; a search over 100,000 members is checked row by row.

What each scenario sees is collected inside the app and asserted after it closed: an
assertion failing inside ``run_test`` is masked when the app recorded an exception.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest
from pilot_steps import SIZE, open_camp, run, settle, toasts
from pypinyin import lazy_pinyin
from textual.widgets import DataTable, Input, Static, TabbedContent

from camp.db import open_db, write_transaction
from camp.services.camps import create_camp
from camp.services.demo import DEMO_MEMBERS, DEMO_SLUG
from camp.services.members import add_members, list_members_page
from tui.app import CampApp, make_app
from tui.tabs.members import ROWS_SHOWN, MembersView
from tui.tabs.members_data import PINYIN_MATCHES, load_members


def table_names(app: CampApp) -> list[str]:
    table = app.screen.query_one("#members-table", DataTable)
    return [str(value) for value in table.get_column("name")]


def summary(app: CampApp) -> str:
    return str(app.screen.query_one("#members-summary", Static).render())


def cursor_name(app: CampApp) -> str | None:
    return app.screen.query_one(MembersView).highlighted()


def focused_id(app: CampApp) -> str | None:
    return app.focused.id if app.focused is not None else None


async def type_search(pilot, text: str) -> None:
    search = pilot.app.screen.query_one("#member-search", Input)
    search.value = ""
    search.insert_text_at_cursor(text)
    await settle(pilot)


def test_slash_finds_by_part_of_a_name_and_by_pinyin_and_escape_clears_it(demo_db):
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            seen["start"] = (table_names(app), focused_id(app))
            await pilot.press("slash")
            await pilot.pause()
            # The tab's own "/" (not the screen's quick check-in): the tab stays.
            seen["slash"] = (app.screen.query_one(TabbedContent).active, focused_id(app))
            for key in "xm":
                await pilot.press(key)
            await settle(pilot)
            seen["xm"] = (table_names(app), summary(app))
            await type_search(pilot, "xiaoming")
            seen["xiaoming"] = table_names(app)
            # "an" is in Daniel, and in the pinyin of 王芳, 张伟 and 刘洋.
            await type_search(pilot, "AN")
            seen["an"] = table_names(app)
            await type_search(pilot, "小")
            seen["小"] = table_names(app)
            await type_search(pilot, "%")
            seen["%"] = (table_names(app), summary(app))
            await pilot.press("escape")
            await settle(pilot)
            search = app.screen.query_one("#member-search", Input)
            seen["escape"] = (search.value, search.display, focused_id(app), table_names(app))
            seen["screen"] = type(app.screen).__name__

    run(scenario)
    assert seen["start"] == (DEMO_MEMBERS, "members-table")
    assert seen["slash"] == ("members", "member-search")
    names, text = seen["xm"]
    assert names == ["小明"]
    assert "1 found for “xm”" in text
    assert seen["xiaoming"] == ["小明"]
    assert seen["an"] == ["Daniel", "王芳", "张伟", "刘洋"]  # in joining order
    assert seen["小"] == ["小明", "小红"]
    assert seen["%"][0] == [] and "0 found" in seen["%"][1]
    assert seen["escape"] == ("", False, "members-table", DEMO_MEMBERS)
    assert seen["screen"] == "CampScreen"  # escape left the search, not the camp


def test_enter_lands_on_the_member_found_and_the_cursor_stays_on_them(demo_db, pinned_now):
    db = open_db(demo_db)
    try:
        add_members(db, DEMO_SLUG, ["Al"], now=pinned_now)
    finally:
        db.close()
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            await pilot.press("slash")
            # "li": Alice by her letters, 林晓, 李娜 and 刘洋 by their pinyin.
            await type_search(pilot, "li")
            await pilot.press("enter")
            await settle(pilot)
            seen["li"] = (table_names(app), focused_id(app), cursor_name(app))
            # A name found whole is the one Enter lands on, even below another match.
            await pilot.press("slash")
            await type_search(pilot, "al")
            await pilot.press("enter")
            await settle(pilot)
            seen["al"] = (table_names(app), focused_id(app), cursor_name(app))
            # Escape in the table clears the search first; the cursor stays on Al.
            await pilot.press("escape")
            await settle(pilot)
            seen["cleared"] = (len(table_names(app)), cursor_name(app), focused_id(app))
            app.screen.query_one(MembersView).reload()  # as a live refresh does
            await settle(pilot)
            seen["refreshed"] = cursor_name(app)
            # Nobody found: Enter says so and leaves the keys with the table.
            await pilot.press("slash")
            await type_search(pilot, "zzz")
            await pilot.press("enter")
            await settle(pilot)
            seen["nobody"] = (focused_id(app), toasts(app))

    run(scenario)
    assert seen["li"] == (["Alice", "林晓", "李娜", "刘洋"], "members-table", "Alice")
    assert seen["al"] == (["Alice", "Al"], "members-table", "Al")
    assert seen["cleared"] == (21, "Al", "members-table")
    assert seen["refreshed"] == "Al"
    focus, notes = seen["nobody"]
    assert focus == "members-table" and any("Nobody found for “zzz”" in n for n in notes)


def test_s_sorts_the_whole_list_and_shift_s_or_the_heading_turns_it_round(demo_db, pinned_now):
    db = open_db(demo_db)
    try:
        rows = list_members_page(db, DEMO_SLUG, now=pinned_now, limit=100).rows
    finally:
        db.close()
    points = {row.member.name: row.points for row in rows}
    seen: dict = {}

    async def scenario():
        app = make_app(str(demo_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, DEMO_SLUG, "3")
            table = app.screen.query_one("#members-table", DataTable)
            await pilot.press("s")
            await settle(pilot)
            seen["name"] = (table_names(app), summary(app), str(table.columns["name"].label))
            await pilot.press("s")
            await settle(pilot)
            seen["points"] = (table_names(app), summary(app), str(table.columns["points"].label))
            await pilot.press("S")
            await settle(pilot)
            seen["reversed"] = (table_names(app), summary(app))
            # A click on a heading sorts by it; on the sorted one, turns it round.
            for _ in range(2):
                column = table.columns["name"]
                table.post_message(DataTable.HeaderSelected(table, column.key, 0, column.label))
                await settle(pilot)
                seen.setdefault("clicked", []).append(table_names(app))
            for _ in range(5):  # points, days, streak, messages, then joining order
                await pilot.press("s")
            await settle(pilot)
            seen["joined"] = (table_names(app), summary(app))

    run(scenario)
    names, text, label = seen["name"]
    assert names == sorted(DEMO_MEMBERS) and "by name" in text and label == "Name ▲"
    names, text, label = seen["points"]
    assert [points[n] for n in names] == sorted(points.values(), reverse=True)
    assert "by points, highest first" in text and label == "Points ▼"
    names, text = seen["reversed"]
    assert [points[n] for n in names] == sorted(points.values())
    assert "by points, lowest first" in text
    assert seen["clicked"] == [sorted(DEMO_MEMBERS), sorted(DEMO_MEMBERS, reverse=True)]
    names, text = seen["joined"]
    assert names == DEMO_MEMBERS and "in joining order" in text


@pytest.fixture
def big_db(tmp_path: Path, pinned_now: pendulum.DateTime) -> Path:
    """A camp of 450 members (more than two pages), named so that names sort backwards."""
    path = tmp_path / "big.db"
    db = open_db(path)
    try:
        create_camp(
            db,
            "copywriting-cp",
            name="Big",
            start=dt.date(2026, 11, 19),
            now=pinned_now,
            slug="big",
        )
        add_members(db, "big", [f"m{999 - i}" for i in range(450)], now=pinned_now)
    finally:
        db.close()
    return path


def test_pages_go_forwards_and_back_by_key(big_db):
    seen: dict = {}

    async def scenario():
        app = make_app(str(big_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "big", "3")
            view = app.screen.query_one(MembersView)

            def look(label: str) -> None:
                data = view.data
                assert data is not None
                names = table_names(app)
                seen[label] = (names[0], names[-1], len(names), data.after, summary(app))

            await pilot.press("s")  # by name: m550 … m999
            await settle(pilot)
            look("first")
            for label in ("second", "third", "still third"):
                await pilot.press("right_square_bracket")
                await settle(pilot)
                look(label)
            for label in ("back to second", "back to first", "still first"):
                await pilot.press("left_square_bracket")
                await settle(pilot)
                look(label)
            # A search starts from the first page again.
            await pilot.press("right_square_bracket")
            await settle(pilot)
            await pilot.press("slash")
            await type_search(pilot, "m9")
            look("search")

    run(scenario)
    assert ROWS_SHOWN == 200
    first, last, count, after, text = seen["first"]
    assert (first, last, count, after) == ("m550", "m749", 200, None)
    assert "rows 1–200" in text and "450 members" in text
    first, last, count, after, text = seen["second"]
    assert (first, last, count) == ("m750", "m949", 200)
    assert after == ("m749", 251) and "rows 201–400" in text  # a key, not an offset
    assert seen["third"][:3] == ("m950", "m999", 50) and "rows 401–450" in seen["third"][4]
    assert seen["still third"][:4] == seen["third"][:4]
    assert seen["back to second"][:4] == seen["second"][:4]
    assert seen["back to first"][:4] == seen["first"][:4]
    assert seen["still first"][:4] == seen["first"][:4]
    first, last, count, after, text = seen["search"]
    assert (first, last, count, after) == ("m900", "m999", 100, None)
    assert "100 found" in text


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "小明红华伟芳娜敏静丽强磊军洋勇艳杰娟涛超"
LATIN = ["Alice", "Bob", "Chen", "Daniel", "Emma", "Fatima", "Grace", "Hiro", "Ivan", "Jun"]


def hundred_thousand_names() -> list[str]:
    """Unique names, two thirds Chinese, one third Latin, numbered."""
    names = []
    for i in range(100_000):
        if i % 3:
            name = SURNAMES[i % 20] + GIVEN[(i // 20) % 20] + GIVEN[(i // 400) % 20]
        else:
            name = f"{LATIN[i % 10]} {LATIN[(i // 10) % 10]}"
        names.append(f"{name}{i}")
    return names


def pinyin_forms(name: str) -> tuple[str, str]:
    """The name's pinyin in full and by initials, worked out apart from the index."""
    syllables = [lazy_pinyin(ch)[0] if "\u4e00" <= ch <= "\u9fff" else ch for ch in name]
    return "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()


def test_a_search_over_100000_members_finds_exactly_the_right_rows(tmp_path, pinned_now):
    names = hundred_thousand_names()
    path = tmp_path / "huge.db"
    db = open_db(path)
    try:
        camp = create_camp(
            db,
            "reading-camp",
            name="Huge",
            start=dt.date(2026, 11, 1),
            now=pinned_now,
            slug="huge",
        )
        with write_transaction(db):
            db.conn.executemany(
                "INSERT INTO members (camp_id, name, joined) VALUES (?, ?, '2026-10-31')",
                [(camp.id, name) for name in names],
            )
            db.execute(
                "INSERT INTO member_totals (member_id, camp_id) "
                "SELECT id, camp_id FROM members WHERE camp_id = ?",
                [camp.id],
            )

        def everything(search: str, sort: str = "joined") -> tuple[list[str], int]:
            found, after, total = [], None, None
            while True:
                data = load_members(
                    db, "huge", pinned_now, view="all", search=search, sort=sort, after=after
                )
                total = data.total if total is None else total
                found += [line.name for line in data.lines]
                if data.next_after is None:
                    return found, total
                after = data.next_after

        # 小明 as the given name: "xiaoming" in the full pinyin of 166 names.
        expected = [n for n in names if "xiaoming" in pinyin_forms(n)[0]]
        assert 100 < len(expected) < PINYIN_MATCHES
        assert everything("xiaoming") == (expected, len(expected))
        assert everything("XiaoMing", sort="name") == (sorted(expected), len(expected))
        # Initials: "wxm" is 王小明.
        expected = [n for n in names if "wxm" in pinyin_forms(n)[1]]
        assert everything("wxm") == (expected, len(expected))
        # Letters as they are written, over a page long.
        expected = [n for n in names if "emma alice" in n.lower()]
        assert len(expected) > ROWS_SHOWN
        assert everything("Emma Alice") == (expected, len(expected))
        expected = [n for n in names if "99999" in n]
        assert everything("99999") == (expected, 1)
    finally:
        db.close()
