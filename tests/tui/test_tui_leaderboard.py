"""The Leaderboard tab driven with Textual's Pilot: as of any day, export, copy, the camp
report, and paging through a big board; checked against the services and the files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pilot_steps import SIZE, drawn, open_camp, run, settle, staggered_checkins, toasts
from textual.widgets import DataTable, Input, Select, Static, TextArea

from camp.db import open_db
from camp.errors import CampError
from camp.exporters.fonts import find_font
from camp.services.camps import create_camp
from camp.services.exports import leaderboard_document
from camp.services.members import add_members
from camp.services.standings import standings_as_of
from camp.services.totals import refresh_camp_totals
from tui.app import CampApp, make_app
from tui.dialogs.export import AsOfDayScreen, ChatTextScreen, ExportScreen, default_export_name
from tui.screens.report import ReportScreen
from tui.tabs.leaderboard import COPY_TOP, PAGE_SIZE, LeaderboardView


@pytest.fixture(autouse=True)
def no_font_from_environment(monkeypatch):
    """The developer's own CAMP_FONT never decides a test."""
    monkeypatch.delenv("CAMP_FONT", raising=False)


def board_of(db_path: Path, **kwargs):
    db = open_db(db_path)
    try:
        return standings_as_of(db, kwargs.pop("slug", "cp"), **kwargs)
    finally:
        db.close()


def chat_text(db_path: Path, now, **kwargs) -> str:
    """What ``camp leaderboard --format chat`` prints for the same choice."""
    db = open_db(db_path)
    try:
        board = standings_as_of(db, "cp", now=now, **kwargs)
        return leaderboard_document(db, board, "chat", now=now)
    finally:
        db.close()


def column(app: CampApp, key: str) -> list[str]:
    table = app.screen.query_one("#board", DataTable)
    return [str(value).strip(" 👑🔥") for value in table.get_column(key)]


def summary(app: CampApp) -> str:
    return str(app.screen.query_one("#board-summary", Static).content)


async def open_board(pilot, slug: str = "cp") -> None:
    await open_camp(pilot, slug, "4")


async def export(
    pilot, fmt: str, path: Path, *, top: str = "", theme: str = "light", key: str = ""
) -> None:
    """Open the export dialog, choose ``fmt``, the file and the entries, and export.

    The Export button is clicked, or ``key`` (e.g. ``ctrl+s``) is pressed instead.
    """
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#export-format", Select).value = fmt
    screen.query_one("#export-theme", Select).value = theme
    await pilot.pause()
    screen.query_one("#export-top", Input).value = top
    screen.query_one("#export-path", Input).value = str(path)
    if key:
        await pilot.press(key)
    else:
        await pilot.click("#export-ok")
    await settle(pilot)


def test_default_export_names_say_the_camp_the_kind_and_the_day():
    assert default_export_name("cp", "png", "member", 5) == "cp-leaderboard-day5.png"
    assert default_export_name("cp", "csv", "pair", 3) == "cp-leaderboard-pairs-day3.csv"
    assert default_export_name("cp", "report-html", "pair", 7) == "cp-report-day7.html"
    assert default_export_name("cp", "text", "member", 0) == "cp-leaderboard-before-start.txt"


def test_export_writes_text_csv_and_html_like_the_command_line(camp_db, pinned_now, tmp_path):
    board = board_of(camp_db, now=pinned_now)
    leader = board.entries[0]

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot)
            await pilot.press("e")
            await settle(pilot)
            path = app.screen.query_one("#export-path", Input)
            assert path.value == "cp-leaderboard-day5.txt"  # the suggested name
            app.screen.query_one("#export-format", Select).value = "png"
            await pilot.pause()
            assert path.value == "cp-leaderboard-day5.png"  # follows the format
            await pilot.press("escape")
            await settle(pilot)

            await export(pilot, "chat", tmp_path / "board.txt")
            text = (tmp_path / "board.txt").read_text(encoding="utf-8")
            assert text == chat_text(camp_db, pinned_now)
            assert leader.name in text and str(leader.points) in text
            assert any("Wrote" in t and "board.txt" in t for t in toasts(app))

            await export(pilot, "csv", tmp_path / "board.csv", key="ctrl+s")
            rows = list(csv.DictReader(io.StringIO((tmp_path / "board.csv").read_text())))
            assert len(rows) == board.total_entries
            assert rows[0]["name"] == leader.name and rows[0]["points"] == str(leader.points)

            await export(pilot, "html", tmp_path / "board.html")
            html = (tmp_path / "board.html").read_text(encoding="utf-8")
            assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype")
            assert leader.name in html and f">{leader.points}<" in html

            await export(pilot, "report-md", tmp_path / "report.md")
            report = (tmp_path / "report.md").read_text(encoding="utf-8")
            assert "Copywriting CP week" in report and "100%" in report

    run(scenario)


def test_export_of_pairs_as_of_an_earlier_day_uses_that_board(camp_db, pinned_now, tmp_path):
    pairs = board_of(camp_db, now=pinned_now, by="pair", day=3)

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot)
            await pilot.press("p", "left_square_bracket", "left_square_bracket")
            await settle(pilot)
            assert app.screen.query_one(LeaderboardView).day == 3
            await export(pilot, "json", tmp_path / "pairs.json")
            import json

            data = json.loads((tmp_path / "pairs.json").read_text(encoding="utf-8"))
            assert data == pairs.to_json()
            assert data["by"] == "pair" and data["as_of_day"] == 3

    run(scenario)


def test_png_export_writes_a_png_card(camp_db, pinned_now, tmp_path):
    try:
        find_font()
    except CampError:
        pytest.skip("no CJK font installed (apt install fonts-wqy-microhei)")
    from PIL import Image

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot)
            await export(pilot, "png", tmp_path / "card.png", theme="dark")
            data = (tmp_path / "card.png").read_bytes()
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            with Image.open(tmp_path / "card.png") as image:
                assert image.format == "PNG" and image.width == 1080
            # Six members: one card, not numbered.
            assert sorted(p.name for p in tmp_path.glob("card*.png")) == ["card.png"]

    run(scenario)


def test_export_errors_are_one_sentence_and_write_nothing(
    camp_db, pinned_now, tmp_path, monkeypatch
):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot)
            # A folder that does not exist: the dialog says so and stays open.
            await export(pilot, "text", tmp_path / "nowhere" / "board.txt")
            assert isinstance(app.screen, ExportScreen)
            problem = str(app.screen.query_one("#export-problem", Static).content)
            assert "does not exist" in problem
            await pilot.press("escape")
            await settle(pilot)
            # The file cannot be written (its temporary name is taken by a folder).
            (tmp_path / ".blocked.txt.tmp").mkdir()
            await export(pilot, "text", tmp_path / "blocked.txt")
            assert not (tmp_path / "blocked.txt").exists()
            assert any("Cannot write" in t for t in toasts(app))
            # No font for the image.
            monkeypatch.setenv("CAMP_FONT", str(tmp_path / "missing.ttf"))
            await export(pilot, "png", tmp_path / "card.png")
            assert not (tmp_path / "card.png").exists()
            assert any("CAMP_FONT" in t and "does not exist" in t for t in toasts(app))

    run(scenario)


def test_copy_puts_the_chat_text_on_the_clipboard_and_shows_it(camp_db, pinned_now):
    expected = chat_text(camp_db, pinned_now, top=COPY_TOP)

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot)
            await pilot.press("c")
            await settle(pilot)
            assert app.clipboard == expected
            assert "Copywriting CP week" in app.clipboard
            assert isinstance(app.screen, ChatTextScreen)
            assert app.screen.query_one("#chat-text", TextArea).text == expected
            assert any("clipboard" in t for t in toasts(app))
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen.query_one(LeaderboardView), LeaderboardView)

    run(scenario)


def test_stepping_the_as_of_day_shows_that_days_points(camp_db, pinned_now):
    live = board_of(camp_db, now=pinned_now)
    day4 = board_of(camp_db, now=pinned_now, day=4)
    day2 = board_of(camp_db, now=pinned_now, day=2)
    assert [e.points for e in day4.entries] != [e.points for e in live.entries]

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot)
            assert "as of day 5 of 7 · live" in summary(app)
            assert column(app, "points") == [str(e.points) for e in live.entries]
            await pilot.press("left_square_bracket")
            await settle(pilot)
            assert "as of day 4 of 7" in summary(app) and "live" not in summary(app)
            assert column(app, "name") == [e.name for e in day4.entries]
            assert column(app, "points") == [str(e.points) for e in day4.entries]
            assert column(app, "rank") == [str(e.rank) for e in day4.entries]
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert "live" in summary(app)
            assert column(app, "points") == [str(e.points) for e in live.entries]
            # Type a day.
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, AsOfDayScreen)
            await pilot.press("9", "enter")
            assert "not one of the camp's days" in str(
                app.screen.query_one("#as-of-problem", Static).content
            )
            app.screen.query_one("#as-of-day", Input).value = "2"
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.query_one(LeaderboardView).day == 2
            assert column(app, "points") == [str(e.points) for e in day2.entries]
            # Day 1 is the first: one more step back is refused with a sentence.
            await pilot.press("left_square_bracket", "left_square_bracket")
            await settle(pilot)
            assert app.screen.query_one(LeaderboardView).day == 1
            assert any("Day 1 is the first day" in t for t in toasts(app))

    run(scenario)


def test_report_screen_draws_the_completion_chart(camp_db, pinned_now):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot)
            await pilot.press("g")
            await settle(pilot)
            assert isinstance(app.screen, ReportScreen)
            chart = app.screen.query_one("#report-chart", Static).content.plain
            lines = chart.splitlines()
            assert len(lines) == 5  # days 1..5
            assert lines[0].startswith("Day 1") and "█" in lines[0]
            assert "100%" in lines[0] and "6/6" in lines[0]
            assert "50%" in lines[3] and "3/6" in lines[3]  # day 4: Bob, 小明, Daniel
            overview = app.screen.query_one("#report-overview", Static).content.plain
            assert "Members" in overview and "6 (6 active" in overview
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen.query_one(LeaderboardView)

    run(scenario)


MEMBERS = 450


@pytest.fixture
def big_db(tmp_path, pinned_now) -> Path:
    """A running camp of 450 members on day 4: four big ties (0 to 3 days counted)."""
    path = tmp_path / "big.db"
    db = open_db(path)
    camp = create_camp(
        db,
        "reading-camp",
        name="Big",
        start=pinned_now.date().subtract(days=3),
        now=pinned_now,
        slug="big",
    )
    add_members(db, "big", [f"m{i:04d}" for i in range(MEMBERS)], now=pinned_now)
    staggered_checkins(db, camp)
    with db.atomic():
        refresh_camp_totals(db, camp)
    db.close()
    return path


def test_paging_reads_further_pages_by_offset_to_the_end_with_shared_ranks(
    big_db, pinned_now, monkeypatch
):
    import tui.tabs.leaderboard as leaderboard

    board = board_of(big_db, slug="big", now=pinned_now)
    assert board.total_entries == MEMBERS
    ranks = {e.rank for e in board.entries}
    assert len(ranks) == 4  # four ties, each longer than a page boundary allows to dodge
    calls = []
    real = leaderboard.load_leaderboard

    def spy(db, slug, now, **kwargs):
        calls.append((kwargs["offset"], kwargs["count"]))
        return real(db, slug, now, **kwargs)

    monkeypatch.setattr(leaderboard, "load_leaderboard", spy)

    async def scenario():
        app = make_app(str(big_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot, "big")
            table = app.screen.query_one("#board", DataTable)
            assert table.row_count == PAGE_SIZE
            for _ in range(4):
                await pilot.press("ctrl+end")
                await settle(pilot)
            assert table.row_count == MEMBERS
            assert column(app, "name") == [e.name for e in board.entries]
            assert column(app, "rank") == [str(e.rank) for e in board.entries]
            # The row after a page boundary inside a tie keeps the tie's rank.
            assert column(app, "rank")[PAGE_SIZE] == column(app, "rank")[PAGE_SIZE - 1]
            assert "showing 450" in summary(app)
            assert (PAGE_SIZE, PAGE_SIZE) in calls and (2 * PAGE_SIZE, PAGE_SIZE) in calls
            assert table.cursor_row == MEMBERS - 1

    run(scenario)


def test_png_export_of_many_rows_writes_one_card_per_25_like_the_command_line(
    big_db, pinned_now, tmp_path
):
    try:
        find_font()
    except CampError:
        pytest.skip("no CJK font installed (apt install fonts-wqy-microhei)")

    async def scenario():
        app = make_app(str(big_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot, "big")
            await export(pilot, "png", tmp_path / "big.png", top="60")
            written = sorted(p.name for p in tmp_path.glob("big*.png"))
            # Numbered with one width: a listing shows them in order.
            assert written == ["big-01.png", "big-02.png", "big-03.png"]
            for name in written:
                assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
            assert any("Wrote 3 files" in t for t in toasts(app))

    run(scenario)


def test_refresh_redraws_the_rows_that_changed_and_keeps_the_cursor(camp_db, pinned_now):
    from camp.services.checkins import record_checkin

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_board(pilot)
            table = app.screen.query_one("#board", DataTable)
            table.move_cursor(row=3)
            db = open_db(camp_db)
            try:
                record_checkin(db, "cp", "Alice", now=pinned_now)  # from another process
            finally:
                db.close()
            await pilot.press("r")
            await settle(pilot)
            after = board_of(camp_db, now=pinned_now)
            assert column(app, "name") == [e.name for e in after.entries]
            assert column(app, "points") == [str(e.points) for e in after.entries]
            assert column(app, "rank") == [str(e.rank) for e in after.entries]
            assert table.cursor_row == 3 and table.row_count == 6

    run(scenario)


def test_a_long_name_that_moves_into_the_loaded_rows_widens_the_name_column(
    big_db, pinned_now
):
    # Rows redrawn in place (same count, a few changed) kept the column's width: a long
    # name that arrived by a refresh showed as "Maximi".
    from rich.cells import cell_len

    from camp.services.checkins import adjust_points

    long_name = "Maximilian Alexander-Schmidt"
    db = open_db(big_db)
    add_members(db, "big", [long_name], now=pinned_now)
    db.close()
    seen: dict = {}

    async def scenario():
        app = make_app(str(big_db))
        async with app.run_test(size=(160, 40)) as pilot:
            await open_board(pilot, "big")
            table = app.screen.query_one("#board", DataTable)
            assert table.row_count == PAGE_SIZE
            assert long_name not in column(app, "name")  # last, beyond the first page
            other = open_db(big_db)
            adjust_points(other, "big", long_name, 1000, reason="top", now=pinned_now, day=1)
            other.close()
            await pilot.press("r")
            await drawn(pilot)
            seen["first"] = column(app, "name")[0]
            seen["rows"] = table.row_count
            name_column = next(c for c in table.ordered_columns if c.key == "name")
            seen["width"] = name_column.content_width

    run(scenario)
    assert seen["first"] == long_name
    assert seen["rows"] == PAGE_SIZE  # drawn in place, not cleared and refilled
    assert seen["width"] >= cell_len("👑 " + long_name)


def test_a_png_export_suggests_the_top_50_and_says_what_all_would_be(big_db, pinned_now):
    # A PNG export defaulted to every entry: 4,000 files for 100,000 members.
    seen: dict = {}

    async def scenario():
        app = make_app(str(big_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_board(pilot, "big")
            await pilot.press("e")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            top = screen.query_one("#export-top", Input)
            seen["text"] = top.value
            screen.query_one("#export-format", Select).value = "png"
            await pilot.pause()
            seen["png"] = top.value
            seen["hint"] = str(screen.query_one("#export-top-hint", Static).render())
            screen.query_one("#export-format", Select).value = "csv"
            await pilot.pause()
            seen["csv again"] = top.value

    run(scenario)
    assert seen["text"] == ""
    assert seen["png"] == "50"
    assert f"All {MEMBERS} entries would be {-(-MEMBERS // 25)} PNG files" in seen["hint"]
    assert seen["csv again"] == ""
