"""The terminal UI driven with Textual's Pilot; results checked through the services."""

from __future__ import annotations

import io

import pendulum
import pytest
from pilot_steps import SIZE, open_camp, run, settle, toasts
from rich.console import Console
from textual.widgets import DataTable, Input, Static, TabbedContent

from camp import clock
from camp.calendar import camp_days
from camp.db import open_db
from camp.services.camps import get_camp
from camp.services.standings import standings_as_of
from tui.app import CampApp, make_app
from tui.data import load_today
from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.export import ExportScreen
from tui.dialogs.help import SECTIONS, HelpScreen
from tui.screens.camp import CampScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.report import ReportScreen
from tui.tabs.leaderboard import PAGE_SIZE, LeaderboardView


def text_of(app: CampApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def counted_today(db_path, name: str) -> bool:
    db = open_db(db_path)
    try:
        board = standings_as_of(db, "cp", now=clock.now())
        entry = next(e for e in board.entries if e.name == name)
        # The standings' mask has a bit per counted day.
        return bool(entry.mask >> (board.as_of_day - 1) & 1)
    finally:
        db.close()


def count_checkins(db_path, name: str) -> int:
    db = open_db(db_path)
    try:
        return db.execute(
            "SELECT COUNT(*) FROM checkins c JOIN members m ON m.id = c.member_id WHERE m.name = ?",
            [name],
        ).fetchone()[0]
    finally:
        db.close()


def column_values(table: DataTable, key: str) -> list[str]:
    return [str(value) for value in table.get_column(key)]


def test_dashboard_lists_every_camp_with_status_and_todays_progress(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)
            table = app.screen.query_one("#camps", DataTable)
            rows = {str(table.get_row(slug)[1]): table.get_row(slug) for slug in ("cp", "reading")}
            cp, reading = rows["cp"], rows["reading"]
            assert str(cp[2]) == "day 5/7"
            assert str(cp[3]) == "6"  # members
            assert str(cp[5]) == "2/6"  # Bob and 小明 counted today
            assert str(reading[2]) == "upcoming"
            assert str(reading[5]) == "–"
            # 21:00 on day 5: the night window's reminder at 23:00 is what comes next.
            assert str(cp[7]) == "Mon 23:00 reminder, day 5"
            assert str(reading[7]) == "Tue 06:00 task, day 1"  # 2026-12-01, the first task

    run(scenario)


def test_enter_opens_the_camp_on_today_with_task_and_who_is_missing(camp_db, pinned_now):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            # Newest start first: the upcoming camp is the first row.
            await pilot.press("down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, CampScreen)
            assert app.screen.slug == "cp"
            db = open_db(camp_db)
            day5 = camp_days(get_camp(db, "cp"))[4]
            db.close()
            assert text_of(app, "#task-title") == day5.task.title
            assert "★" * day5.difficulty in text_of(app, "#task-stars")
            missing = text_of(app, "#missing")
            for name in ("Alice", "小红", "Chen Jing", "Daniel"):
                assert name in missing
            for name in ("Bob", "小明"):
                assert name not in missing
            assert text_of(app, "#checkin-count") == "2/6"
            # 21:00, the night window is due at 23:30: frozen by the pinned clock.
            assert "closes in 02:30:00" in text_of(app, "#windows")
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)

    run(scenario)


def test_quick_checkin_records_the_best_fuzzy_match_now(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            assert not counted_today(camp_db, "Alice")
            await pilot.press("slash")
            assert isinstance(app.focused, Input)
            await pilot.press("a", "l", "i")
            assert text_of(app, "#matches").startswith("→ Alice")
            await pilot.press("enter")
            await settle(pilot)
            assert counted_today(camp_db, "Alice")
            assert "Alice" not in text_of(app, "#missing")
            assert text_of(app, "#checkin-count") == "3/6"
            assert any("Alice: on time, day 5 (night)" in toast for toast in toasts(app))
            assert app.screen.query_one("#quick-checkin", Input).value == ""

    run(scenario)


def test_quick_checkin_outside_every_window_asks_first_and_says_so(camp_db, monkeypatch):
    # 05:00 the next morning: day 5's window and its late period are over. Such a
    # check-in was recorded without asking.
    monkeypatch.setenv("CAMP_NOW", "2026-11-24T05:00:00+08:00")

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("slash", "a", "l", "i", "enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            question = " ".join(str(w.render()) for w in app.screen.query(Static))
            assert "outside every window" in question and "Alice" in question
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, CampScreen)
            assert count_checkins(camp_db, "Alice") == 3  # days 1-3 before, nothing new
            # The keys are back in the quick check-in.
            assert app.focused is app.screen.query_one("#quick-checkin", Input)
            await pilot.press("a", "l", "i", "enter")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            shown = [t for t in toasts(app) if "Alice:" in t]
            assert shown and "outside every window" in shown[0]
            assert "None" not in shown[0]
            assert count_checkins(camp_db, "Alice") == 4
            assert not counted_today(camp_db, "Alice")

    run(scenario)


def test_quick_checkin_picks_with_arrows_and_lists_who_counted_last(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            # "小" finds 小明 (counted tonight) and 小红 (not yet): 小红 comes first.
            await pilot.press("slash")
            app.screen.query_one("#quick-checkin", Input).insert_text_at_cursor("小")
            await pilot.pause()
            lines = text_of(app, "#matches").splitlines()
            assert lines[0] == "→ 小红"
            assert lines[1].startswith("  小明") and "✓ checked in" in lines[1]
            # Every line is on screen (the list was one line high: only the first showed).
            await settle(pilot)
            assert app.screen.query_one("#matches").size.height == len(lines)
            # The arrows move the choice; Enter records the chosen name.
            app.screen.query_one("#quick-checkin", Input).value = "an"
            await pilot.pause()
            first = text_of(app, "#matches").splitlines()
            await pilot.press("down")
            await pilot.pause()
            chosen = next(line for line in text_of(app, "#matches").splitlines() if "→" in line)
            second = first[1].strip()
            assert chosen == f"→ {second}"
            await pilot.press("enter")
            await settle(pilot)
            assert counted_today(camp_db, second)

    run(scenario)


def test_quick_checkin_finds_chinese_names_by_pinyin(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("slash", "x", "h")
            await pilot.pause()
            assert text_of(app, "#matches").splitlines()[0] == "→ 小红"
            await pilot.press("enter")
            await settle(pilot)
            assert counted_today(camp_db, "小红")

    run(scenario)


def test_one_letter_and_enter_records_nobody(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("slash", "a", "enter")
            await settle(pilot)
            assert any("One letter matches too many names" in t for t in toasts(app))
            assert not counted_today(camp_db, "Alice")
            # Chosen with the arrows, one letter is enough.
            await pilot.press("down", "up", "enter")
            await settle(pilot)
            assert counted_today(camp_db, "Alice")

    run(scenario)


def test_a_second_quick_checkin_of_the_night_asks_first(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("slash", "b", "o", "b", "enter")  # Bob counted at 20:30
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            question = " ".join(str(w.render()) for w in app.screen.query(Static))
            assert "already checked in" in question
            await pilot.press("n")
            await settle(pilot)
            assert count_checkins(camp_db, "Bob") == 5

    run(scenario)


def test_quick_checkin_matches_cjk_names(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("slash")
            app.screen.query_one("#quick-checkin", Input).insert_text_at_cursor("红")
            await pilot.pause()
            assert text_of(app, "#matches") == "→ 小红"
            await pilot.press("enter")
            await settle(pilot)
            assert counted_today(camp_db, "小红")

    run(scenario)


def test_unknown_name_shows_the_engines_sentence_and_records_nothing(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("slash", "z", "z", "q")
            assert "no member matches" in text_of(app, "#matches")
            await pilot.press("enter")
            await settle(pilot)
            errors = toasts(app)
            assert any("No member 'zzq' in camp cp" in toast for toast in errors), errors
            assert isinstance(app.screen, CampScreen)  # still running, no crash
            assert text_of(app, "#checkin-count") == "2/6"

    run(scenario)


def test_leaderboard_shows_the_leader_and_switches_to_pairs(camp_db, pinned_now):
    db = open_db(camp_db)
    members = standings_as_of(db, "cp", now=pinned_now, by="member")
    pairs = standings_as_of(db, "cp", now=pinned_now, by="pair")
    db.close()

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("4")
            await settle(pilot)
            table = app.screen.query_one("#board", DataTable)
            names = column_values(table, "name")
            assert len(names) == members.total_entries == 6
            assert names[0].strip(" 👑") == members.entries[0].name
            mvp = {e.name for e in members.mvp}
            assert {n.strip(" 👑") for n in names if "👑" in n} == mvp
            await pilot.press("p")
            await settle(pilot)
            names = column_values(table, "name")
            assert [n.strip(" 👑") for n in names] == [e.name for e in pairs.entries]
            assert " & " in names[0]
            assert app.screen.query_one(LeaderboardView).by == "pair"

    run(scenario)


def test_leaderboard_fetches_pages_not_every_row(tmp_path, pinned_now):
    from camp.services.camps import create_camp
    from camp.services.members import add_members

    path = tmp_path / "big.db"
    db = open_db(path)
    create_camp(db, "reading-camp", name="Big", start=pinned_now.date(), now=pinned_now, slug="big")
    add_members(db, "big", [f"m{i:04d}" for i in range(450)], now=pinned_now)
    db.close()

    async def scenario():
        app = make_app(str(path))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "big")
            await pilot.press("4")
            await settle(pilot)
            table = app.screen.query_one("#board", DataTable)
            assert table.row_count == PAGE_SIZE
            table.focus()
            table.move_cursor(row=PAGE_SIZE - 1)
            await settle(pilot)
            assert table.row_count == 2 * PAGE_SIZE
            assert table.cursor_row == PAGE_SIZE - 1  # appended, not rebuilt

    run(scenario)


def test_help_screen_lists_the_keys_and_closes(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, DashboardScreen)

    run(scenario)


def test_command_palette_offers_open_camp_and_theme_toggles(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            commands = {c.title: c for c in app.get_system_commands(app.screen)}
            assert "Open camp Winter reading" in commands
            commands["Open camp Copywriting CP week"].callback()
            await settle(pilot)
            assert isinstance(app.screen, CampScreen) and app.screen.slug == "cp"
            before = app.theme
            await pilot.press("ctrl+t")
            assert app.theme != before

    run(scenario)


def test_open_screen_follows_writes_of_another_process(camp_db, pinned_now):
    from camp.services.checkins import record_checkin

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            assert "Daniel" in text_of(app, "#missing")
            db = open_db(camp_db)  # as the command line or the scheduler would
            record_checkin(db, "cp", "Daniel", now=pinned_now, source="manual")
            db.close()
            await pilot.pause(2.3)  # one live refresh, no key pressed
            await settle(pilot)
            assert "Daniel" not in text_of(app, "#missing")
            assert text_of(app, "#checkin-count") == "3/6"

    run(scenario)


def test_help_screen_has_a_section_per_tab_and_scrolls_to_the_last_key(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            console = Console(width=100, record=True, file=io.StringIO())
            console.print(app.screen.query_one("#help-keys Static").content)
            text = console.export_text()
            for section, pairs in SECTIONS:
                assert section in text
                assert all(what in " ".join(text.split()) for _, what in pairs)
            assert "void a mistaken check-in" in text
            scroll = app.screen.query_one("#help-keys")
            assert scroll.max_scroll_y > 0  # longer than the screen: it scrolls
            await pilot.press("end")
            assert scroll.scroll_y == scroll.max_scroll_y

    run(scenario)


def test_command_palette_of_a_camp_opens_export_report_and_tabs(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            commands = {c.title: c for c in app.get_system_commands(app.screen)}
            commands["Show Check-ins"].callback()
            await settle(pilot)
            assert app.screen.query_one(TabbedContent).active == "checkins"
            commands["Export the leaderboard"].callback()
            await settle(pilot)
            assert isinstance(app.screen, ExportScreen)
            await pilot.press("escape")
            await settle(pilot)
            commands["Camp report"].callback()
            await settle(pilot)
            assert isinstance(app.screen, ReportScreen)

    run(scenario)


@pytest.mark.parametrize(
    ("moment", "day", "previous"),
    [
        # Day 5 at 15:35: its night window opens at 20:00; day 4 closed last night.
        ("2026-11-23T15:35:00+08:00", 5, (4, 3, 6)),
        ("2026-11-23T21:00:00+08:00", 5, None),  # the window is open
        ("2026-11-24T00:10:00+08:00", 5, None),  # late until 00:30: still day 5
        ("2026-11-24T01:00:00+08:00", 6, (5, 2, 6)),  # day 5 closed, day 6 opens tonight
        ("2026-11-18T12:00:00+08:00", 1, None),  # before the camp: its first day
    ],
)
def test_today_is_the_day_whose_windows_are_open_or_open_later_today(
    camp_db, moment, day, previous
):
    db = open_db(camp_db)
    try:
        today = load_today(db, "cp", pendulum.parse(moment))
    finally:
        db.close()
    assert today.day is not None and today.day.number == day
    assert today.previous == previous
    if today.status == "running":
        assert today.status_text == f"day {day}/7"


def test_today_shows_tonights_task_and_countdown_before_its_window_opens(camp_db, monkeypatch):
    # At 15:35 on day 5 the tab said "Day 4 … closed, 13/20"; tonight's task was only in Plan.
    monkeypatch.setenv("CAMP_NOW", "2026-11-23T15:35:00+08:00")

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            db = open_db(camp_db)
            day5 = camp_days(get_camp(db, "cp"))[4]
            db.close()
            heading = text_of(app, "#day-heading")
            assert heading.startswith("Day 5 of 7")
            assert "Day 4 closed: 3/6 checked in" in heading
            assert text_of(app, "#task-title") == day5.task.title
            assert "opens in 04:25:00" in text_of(app, "#windows")

    run(scenario)


def _contrast(a, b) -> float:
    def luminance(color) -> float:
        def channel(value: int) -> float:
            v = value / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("toggles", [0, 1])
def test_headings_are_readable_in_both_themes(camp_db, toggles):
    # The light theme's orange headings were 1.5:1 against its grey.
    seen: dict = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for _ in range(toggles):
                await pilot.press("ctrl+t")
            await settle(pilot)
            heading = app.screen.query(".section-title").first()
            seen["light"] = "-light-mode" in app.classes
            seen["contrast"] = _contrast(heading.styles.color, app.screen.styles.background)

    run(scenario)
    assert seen["light"] == bool(toggles)
    assert seen["contrast"] >= 4.5


def test_a_camp_opens_with_only_todays_view_built_and_each_tab_builds_when_shown(camp_db):
    from tui.screens.camp import TAB_VIEWS

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            screen = app.screen
            assert all(not screen.query(view) for view in TAB_VIEWS.values())
            # A tab's keys work before its view exists: p shows the pairs' board.
            await pilot.press("p")
            await settle(pilot)
            assert screen.query_one(TabbedContent).active == "leaderboard"
            assert screen.query_one(LeaderboardView).by == "pair"
            assert screen.query_one("#board", DataTable).row_count == 3
            assert screen.focused is screen.query_one("#board")
            assert [tab for tab, view in TAB_VIEWS.items() if screen.query(view)] == ["leaderboard"]
            # Shown again, a tab keeps the view it was built with (and its cursor).
            board = screen.query_one(LeaderboardView)
            await pilot.press("down", "1", "4")
            await settle(pilot)
            assert screen.query_one(LeaderboardView) is board
            assert screen.query_one("#board", DataTable).cursor_row == 1
            for key in "235678":
                await pilot.press(key)
                await settle(pilot)
            assert all(screen.query(view) for view in TAB_VIEWS.values())

    run(scenario)


def test_teams_asked_for_before_the_board_was_read_warns_when_the_camp_has_none(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp")  # a camp of pairs
            await pilot.press("t")
            await settle(pilot)
            assert app.screen.query_one(LeaderboardView).by == "member"
            assert "This camp has no teams." in toasts(app)

    run(scenario)


@pytest.mark.parametrize("keys", ["35678", "3535", "2345678", "53"])
def test_tab_keys_typed_fast_while_tabs_are_built_end_on_the_last_tab(camp_db, keys):
    from tui.screens.camp import TAB_FOCUS

    tabs = ["today", "plan", "members", "leaderboard", "checkins", "announcements"]
    tabs += ["import", "requests"]

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press(*keys)  # no pause: the views are still being built
            await settle(pilot)
            await pilot.pause(0.3)
            screen = app.screen
            last = tabs[int(keys[-1]) - 1]
            assert screen.query_one(TabbedContent).active == last
            # The keys went to the tabs, none into a text field of a tab left behind.
            assert screen.focused is screen.query_one(TAB_FOCUS[last])
            assert all(not field.value for field in screen.query("#member-add, #board-search"))

    run(scenario)
