"""Finding and ordering members in the Check-ins grid of a big camp: "/" to the filter
(pinyin too), s and S to sort the whole list in the database, [ and ] to page from
the rows shown; checked against the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_steps import SIZE, open_camp, run, settle, staggered_checkins
from textual.widgets import DataTable, Static

from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.checkins import GRID_SORTS, checkin_grid_page
from camp.services.members import add_members
from camp.services.standings import standings_as_of
from camp.services.totals import refresh_camp_totals
from tui.app import make_app
from tui.tabs.checkins import ROWS_SHOWN

NAMES = [f"m{i:04d}" for i in range(450)] + ["王小明", "李雷"]


@pytest.fixture
def grid_db(tmp_path, pinned_now) -> Path:
    """452 members on day 4 of a running camp, in four big ties of points."""
    path = tmp_path / "grid.db"
    db = open_db(path)
    camp = create_camp(
        db,
        "reading-camp",
        name="Grid",
        start=pinned_now.date().subtract(days=3),
        now=pinned_now,
        slug="grid",
    )
    add_members(db, "grid", NAMES, now=pinned_now)
    staggered_checkins(db, camp)
    with db.atomic():
        db.execute("UPDATE checkins SET status = 'makeup' WHERE id % 97 = 0")
        refresh_camp_totals(db, camp)
    db.close()
    return path


def names_shown(app) -> list[str]:
    return [str(v) for v in app.screen.query_one("#grid", DataTable).get_column("name")]


def legend(app) -> str:
    return str(app.screen.query_one("#grid-summary", Static).render())


def every_name(path: Path, now, sort: str, descending: bool = False) -> list[str]:
    db = open_db(path)
    try:
        page = checkin_grid_page(
            db, "grid", now=now, limit=10_000, sort=sort, descending=descending
        )
        return [row.name for row in page.rows]
    finally:
        db.close()


@pytest.mark.parametrize("sort", GRID_SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_of_the_grid_are_the_whole_list_in_order(
    grid_db, pinned_now, sort, descending
):
    whole = every_name(grid_db, pinned_now, sort, descending)
    db = open_db(grid_db)
    try:
        read, page = [], None
        while page is None or page.rows:
            after = page.last_key if page else None
            page = checkin_grid_page(
                db, "grid", now=pinned_now, limit=7, sort=sort, descending=descending, after=after
            )
            read += [row.name for row in page.rows]
        assert read == whole and len(whole) == len(NAMES)
        # And back: each page before the first key of the one below.
        last = checkin_grid_page(
            db,
            "grid",
            now=pinned_now,
            offset=len(whole) - 7,
            limit=7,
            sort=sort,
            descending=descending,
        )
        back, page = [row.name for row in last.rows], last
        while page.rows:
            page = checkin_grid_page(
                db,
                "grid",
                now=pinned_now,
                limit=7,
                sort=sort,
                descending=descending,
                before=page.first_key,
            )
            back = [row.name for row in page.rows] + back
        assert back == whole
    finally:
        db.close()
    if sort == "points":
        db = open_db(grid_db)
        try:
            names = [e.name for e in standings_as_of(db, "grid", now=pinned_now).entries]
        finally:
            db.close()
        assert whole == (names[::-1] if descending else names)


def test_slash_filters_by_pinyin_s_sorts_and_brackets_page(grid_db, pinned_now):
    by_points = every_name(grid_db, pinned_now, "points")
    seen: dict = {}

    async def scenario():
        app = make_app(str(grid_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "grid", "5")
            await pilot.press("slash")  # the grid's own "/", not the quick check-in
            await settle(pilot)
            seen["focused"] = app.focused.id if app.focused else None
            for ch in "wxm":
                await pilot.press(ch)
            await settle(pilot)
            seen["pinyin"] = names_shown(app)
            seen["filtered legend"] = legend(app)
            await pilot.press("escape")
            await settle(pilot)
            seen["back"] = app.focused.id if app.focused else None
            await pilot.press("s")  # by points: the leaderboard's order
            await settle(pilot)
            seen["points"] = names_shown(app)
            seen["points legend"] = legend(app)
            await pilot.press("right_square_bracket")
            await settle(pilot)
            seen["second page"] = names_shown(app)
            seen["second legend"] = legend(app)
            await pilot.press("right_square_bracket")
            await settle(pilot)
            seen["third page"] = names_shown(app)
            await pilot.press("left_square_bracket")
            await settle(pilot)
            seen["back to second"] = names_shown(app)
            await pilot.press("S")
            await settle(pilot)
            seen["reversed"] = names_shown(app)
            seen["reversed legend"] = legend(app)

    run(scenario)
    assert seen["focused"] == "grid-filter"
    assert seen["pinyin"] == ["王小明"]
    assert "1–1 of 1 members matching 'wxm'" in seen["filtered legend"]
    assert seen["back"] == "grid"
    assert seen["points"] == by_points[:ROWS_SHOWN]
    assert "1–200 of 452 members · by points, most first" in seen["points legend"]
    assert seen["second page"] == by_points[ROWS_SHOWN : 2 * ROWS_SHOWN]
    assert "201–400 of 452 members" in seen["second legend"]
    assert seen["third page"] == by_points[2 * ROWS_SHOWN :]
    assert seen["back to second"] == seen["second page"]
    assert seen["reversed"] == by_points[::-1][:ROWS_SHOWN]
    assert "by points, fewest first" in seen["reversed legend"]


@pytest.mark.parametrize("search", ["m", "m0", "m04", "小"])
def test_a_filter_most_names_pass_and_a_narrow_one_list_the_same_as_the_whole_list(
    grid_db, pinned_now, search
):
    # "m" holds all but two names: the grid then leaves out the misses instead of
    # looking up 450 names; every page read by key must still be the filtered list.
    from tui.fuzzy import NameIndex
    from tui.tabs.checkins_data import load_checkin_grid

    found = set(NameIndex(NAMES).containing(search))  # pinyin too: "m" finds 王小明
    assert search != "m" or len(found) * 2 > len(NAMES)
    for sort in GRID_SORTS:
        wanted = [name for name in every_name(grid_db, pinned_now, sort) if name in found]
        db = open_db(grid_db)
        try:
            shown, after = [], None
            while True:
                grid = load_checkin_grid(
                    db, "grid", pinned_now, search=search, sort=sort, limit=100, after=after
                )
                shown += [row.name for row in grid.page.rows]
                assert grid.page.total == len(wanted)
                if not grid.page.rows or len(shown) >= len(wanted):
                    break
                after = grid.page.last_key
        finally:
            db.close()
        assert shown == wanted, (search, sort)


@pytest.mark.parametrize("search", ["m", "m04", "小", "zz"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_filter_in_name_order_pages_both_ways_through_exactly_the_names_found(
    grid_db, pinned_now, search, descending
):
    # In name order the name index picks the page's names itself (the grid's order is
    # the names' code points): forward by key, back by key, by offset, and past the end.
    from tui.fuzzy import NameIndex
    from tui.tabs.checkins_data import load_checkin_grid

    found = set(NameIndex(NAMES).containing(search))
    wanted = [name for name in every_name(grid_db, pinned_now, "name", descending) if name in found]
    db = open_db(grid_db)
    try:

        def read(**keys):
            grid = load_checkin_grid(
                db, "grid", pinned_now, search=search, descending=descending, limit=7, **keys
            )
            assert grid.page.total == len(wanted)
            assert (grid.page.sort, grid.page.descending) == ("name", descending)
            return grid.page

        shown, page = [], read()
        while page.rows:
            shown += [row.name for row in page.rows]
            page = read(after=page.last_key)
        assert shown == wanted
        if len(wanted) > 7:
            # The offset given with a key is the page's place, for the summary.
            assert read(after=(wanted[6],), offset=7).offset == 7
        if not wanted:
            return
        last = read(offset=max(len(wanted) - 7, 0))
        back, page = [row.name for row in last.rows], last
        assert back == wanted[-7:]
        while page.rows:
            page = read(before=page.first_key)
            back = [row.name for row in page.rows] + back
        assert back == wanted
        # A page past the end (the filter shrank the list under it): back to the start.
        assert [row.name for row in read(offset=len(wanted) + 7).rows] == wanted[:7]
        # Each row's cells are the grid's own, as without the filter.
        whole = load_checkin_grid(db, "grid", pinned_now, descending=descending, limit=1000)
        cells = {row.name: row for row in whole.rows}
        assert all(cells[row.name] == row for row in read().rows)
    finally:
        db.close()
