"""The engine's one source of "now".

Services take ``now`` as an argument; only the outer layers (command line, TUI,
scheduler) call :func:`now`. ``CAMP_NOW`` pins the clock to an ISO 8601 instant,
for reproducible demos, scripted checks and tests.
"""

from __future__ import annotations

import datetime as dt
import os

import pendulum

from camp.errors import CampError


def now() -> pendulum.DateTime:
    """The current instant in UTC (or ``$CAMP_NOW`` when set)."""
    pinned = os.environ.get("CAMP_NOW")
    if pinned:
        try:
            parsed = pendulum.parse(pinned)
        except ValueError as exc:
            raise CampError(
                f"CAMP_NOW={pinned!r} is not an ISO 8601 time; use e.g. 2026-11-23T20:15:00+08:00."
            ) from exc
        if not isinstance(parsed, pendulum.DateTime):
            raise CampError(
                f"CAMP_NOW={pinned!r} is not a date and time; use e.g. 2026-11-23T20:15:00+08:00."
            )
        return parsed.in_tz("UTC")
    return pendulum.now("UTC")


def utc_text(moment: dt.datetime) -> str:
    """The UTC ISO 8601 text stored in the database (sortable as text)."""
    # The standard library's strftime: pendulum's format() is many times slower, and
    # this runs for every event and check-in written.
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_utc_text(text: str) -> pendulum.DateTime:
    """The inverse of :func:`utc_text`."""
    parsed = pendulum.parse(text)
    if not isinstance(parsed, pendulum.DateTime):
        raise ValueError(f"{text!r} is not a stored time")
    return parsed.in_tz("UTC")
