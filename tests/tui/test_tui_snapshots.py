"""Screenshots of the main screens on a known database with the clock pinned.

The countdowns read ``camp.clock.now()``, which ``CAMP_NOW`` holds still, so every
run draws the same seconds.
"""

from __future__ import annotations

from tui.app import make_app

SIZE = (120, 40)


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _then(*keys: str):
    """A ``run_before`` that waits for each load before pressing the next key."""

    async def run_before(pilot) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


def test_dashboard(snap_compare, camp_db):
    assert snap_compare(make_app(str(camp_db)), terminal_size=SIZE, run_before=_then())


def test_camp_today(snap_compare, camp_db):
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter")
    )


def test_camp_leaderboard_pairs(snap_compare, camp_db):
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter", "4", "p")
    )
