"""Steps every Pilot test of the terminal UI takes (run, settle, read notifications)."""

from __future__ import annotations

import asyncio

SIZE = (120, 40)


def run(scenario) -> None:
    """Run an async Pilot scenario (the project has no asyncio pytest plugin)."""
    asyncio.run(scenario())


async def settle(pilot) -> None:
    """Let the workers finish and their messages land (loads and writes start reloads)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


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
