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
