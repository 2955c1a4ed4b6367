"""Live refreshes read the database only after someone wrote to it, or after a while."""

from __future__ import annotations

import threading

from pilot_steps import SIZE, open_camp, run, settle
from textual.widgets import DataTable

from camp.db import ChangeWatch, open_db
from camp.services.checkins import record_checkin
from tui.app import make_app
from tui.data import load_leaderboard, load_today
from tui.screens import camp as camp_screen
from tui.tabs import leaderboard as leaderboard_widget
from tui.workers import SLOW_SECONDS, Freshness


def test_change_watch_moves_only_when_another_connection_commits(camp_db, pinned_now):
    watch = ChangeWatch(camp_db)
    try:
        before = watch.version()
        assert watch.version() == before  # reading changes nothing
        db = open_db(camp_db)
        db.execute("SELECT COUNT(*) FROM checkins").fetchone()
        assert watch.version() == before  # nor does another connection's read
        record_checkin(db, "cp", "Daniel", now=pinned_now)
        db.close()
        assert watch.version() != before
    finally:
        watch.close()


def test_freshness_is_stale_first_on_a_change_and_after_its_max_age():
    now = [100.0]
    fresh = Freshness(max_age=30, clock=lambda: now[0])
    assert fresh.stale(7)  # never read
    assert not fresh.stale(7)
    now[0] += 29
    assert not fresh.stale(7)
    assert fresh.stale(8)  # somebody wrote
    assert not fresh.stale(8)
    now[0] += 30
    assert fresh.stale(8)  # the clock moved on: today's day may have changed
    assert fresh.stale(None)  # the version cannot be read: read the data


def test_freshness_marked_at_a_read_waits_for_the_next_write_or_its_max_age():
    now = [100.0]
    fresh = Freshness(max_age=30, clock=lambda: now[0])
    fresh.mark(7)  # a tab shown reads its data
    assert not fresh.stale(7)
    now[0] += 29
    fresh.mark(7)  # read again (a search, a page): the age starts over
    now[0] += 29
    assert not fresh.stale(7)
    assert fresh.stale(8)
    fresh.mark(None)  # an unknown version remembers nothing
    assert not fresh.stale(8)


def test_an_idle_camp_screen_reads_nothing_until_another_process_writes(
    camp_db, pinned_now, monkeypatch
):
    reads = []

    def counted(db, slug, now, **options):
        data = load_today(db, slug, now, **options)
        reads.append(data)
        return data

    monkeypatch.setattr(camp_screen, "load_today", counted)

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            screen = app.screen
            first = len(reads)
            assert first == 1  # the tab shown, read once
            for _ in range(3):  # nobody writes: the ticks read nothing, the first too
                screen._live_refresh()
                await settle(pilot)
            assert len(reads) == first
            db = open_db(camp_db)
            record_checkin(db, "cp", "Daniel", now=pinned_now, source="manual")
            db.close()
            screen._live_refresh()
            await settle(pilot)
            assert len(reads) == first + 1
            assert "Daniel" in reads[-1].checked

    run(scenario)


def test_a_slow_load_shows_the_loading_indicator_until_it_lands(camp_db, monkeypatch):
    release = threading.Event()

    def slow(*args, **kwargs):
        release.wait(5)  # as a recount of 100,000 members would take
        return load_leaderboard(*args, **kwargs)

    monkeypatch.setattr(leaderboard_widget, "load_leaderboard", slow)

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("4")
            board = app.screen.query_one("#board", DataTable)
            await pilot.pause(SLOW_SECONDS * 2)
            assert board.loading
            # The board's keys are not offered while it loads ...
            assert "export" not in _footer_actions(app)
            release.set()
            await settle(pilot)
            assert not board.loading
            assert board.row_count == 6
            # ... and come back to the footer once it has landed.
            assert app.screen.focused is board
            assert "export" in _footer_actions(app)

    run(scenario)


def _footer_actions(app) -> set[str]:
    """The actions the footer shows now (as it drew them, not as it would)."""
    from textual.widgets._footer import FooterKey

    return {key.action for key in app.screen.query(FooterKey)}


def test_no_indicator_is_left_after_quick_loads(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            await pilot.press("4")
            await settle(pilot)
            await pilot.press("p", "m")  # two more loads, by pairs and by members
            await settle(pilot)
            await pilot.pause(SLOW_SECONDS * 2)  # past the delay of any indicator
            board = app.screen.query_one("#board", DataTable)
            assert not board.loading
            assert board.row_count == 6

    run(scenario)
