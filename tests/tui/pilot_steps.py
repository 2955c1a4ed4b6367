"""Steps every Pilot test of the terminal UI takes (run, settle, read notifications)."""

from __future__ import annotations

import asyncio

SIZE = (120, 40)


def run(scenario) -> None:
    """Run an async Pilot scenario (the project has no asyncio pytest plugin)."""
    asyncio.run(scenario())


async def workers_done(pilot) -> None:
    """Until the workers running now have ended (one that a newer load replaced, an
    exclusive worker cancelled, has ended too)."""
    from textual.worker import WorkerCancelled

    for _ in range(10):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        return


async def settle(pilot) -> None:
    """Let the workers finish and their messages land (loads and writes start reloads)."""
    for _ in range(3):
        await workers_done(pilot)
        await pilot.pause()


def still_drawing(app) -> bool:
    """Whether a worker runs or a table has cells whose column widths are not measured
    yet (a table measures what it was given on its next idle moment)."""
    from textual.widgets import DataTable

    if any(not worker.is_finished for worker in app.workers):
        return True
    return any(
        table._require_update_dimensions or table._new_rows or table._updated_cells
        for table in app.screen.query(DataTable)
    )


async def drawn(pilot) -> None:
    """Until no worker runs and every table has measured its rows, for a quarter of a
    second: a load that a message starts (a tab shown) may begin only after a few
    quiet turns on a busy machine, and its rows would then be drawn unmeasured."""
    quiet = 0
    for _ in range(400):
        await workers_done(pilot)
        await pilot.pause(0.05)
        quiet = 0 if still_drawing(pilot.app) else quiet + 1
        if quiet == 5:
            return
    raise AssertionError("the screen never settled")


def toasts(app) -> list[str]:
    """The text of the notifications on screen."""
    return [toast.render().plain for toast in app.screen.query("Toast")]


async def open_camp(pilot, slug: str, tab_key: str | None = None) -> None:
    """From the dashboard, open camp ``slug`` (and the tab on ``tab_key``), loads landed."""
    await settle(pilot)
    pilot.app.open_camp(slug)
    await settle(pilot)
    if tab_key is not None:
        await pilot.press(tab_key)
        await settle(pilot)


def staggered_checkins(db, camp) -> None:
    """On-time check-ins of days 1-3 for a big camp built fast: the member at index i
    checked in on day d when ``i % 4 >= d`` (a quarter every day, a quarter never), so
    the board has long ties across its pages. Totals are the caller's to refresh."""
    from camp.calendar import camp_days
    from camp.scoring import checkin_points

    ids = [row[0] for row in db.execute("SELECT id FROM members ORDER BY id")]
    stamp = "2026-01-01T00:00:00.000000Z"
    rows = []
    for day in camp_days(camp)[:3]:
        slot = day.slots[0]
        points = checkin_points(camp.definition.scoring, day.difficulty, "on_time")
        at = slot.open.add(minutes=30).in_tz("UTC").format("YYYY-MM-DDTHH:mm:ss.000000[Z]")
        for index, member_id in enumerate(ids):
            if index % 4 >= day.number:
                rows.append(
                    (camp.id, member_id, at, day.number, slot.window.name, "on_time", points, stamp)
                )
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO checkins (camp_id, member_id, at, day, window_name, status, points, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
