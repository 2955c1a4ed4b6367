"""The camp's schedule as iCalendar files, for members' own calendars (``camp export-ics``)."""

from __future__ import annotations

import pendulum

from camp.calendar import camp_days
from camp.db import Database
from camp.errors import CampError
from camp.services.camps import get_camp
from camp.services.members import find_member

__all__ = ["calendar_file"]


def calendar_file(
    db: Database, slug: str, *, now: pendulum.DateTime, member: str | None = None
) -> bytes:
    """The camp's schedule as iCalendar: every window, or only ``member``'s own shift
    window in a shift camp (every window in the other modes, which all count for them)."""
    from camp.exporters.ics import render_ics

    camp = get_camp(db, slug)
    shift = None
    if member:
        found = find_member(db, camp, member)
        if camp.definition.checkin_mode == "shift":
            if found.shift is None:
                raise CampError(
                    f"{found.name} has no shift yet; set one with `camp members add` --shift."
                )
            shift = found.shift
    return render_ics(camp, camp_days(camp), shift=shift, stamp=now)
