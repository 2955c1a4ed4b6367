"""The check-ins grid marks an approved leave day E (excused), apart from a missed day."""

from __future__ import annotations

from pathlib import Path

from pilot_steps import SIZE, open_camp, run
from textual.widgets import DataTable

from camp.db import open_db
from camp.services.leave import grant_leave
from tui.app import make_app
from tui.tabs.checkins import EXCUSED, MISSED


def test_a_leave_day_shows_e_in_the_grid_and_its_legend(camp_db: Path, pinned_now):
    db = open_db(camp_db)
    try:
        grant_leave(db, "cp", "小红", 3, reason="exam", now=pinned_now)
    finally:
        db.close()
    seen: list[tuple[list[str], str]] = []

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "cp", "5")
            row = [str(cell) for cell in app.screen.query_one("#grid", DataTable).get_row("小红")]
            legend = str(app.screen.query_one("#grid-summary").render())
            seen.append((row, legend))

    run(scenario)
    row, legend = seen[0]
    assert row[4:6] == [EXCUSED, MISSED]
    assert "E leave" in legend
