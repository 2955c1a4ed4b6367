"""The camp's schedule as iCalendar files, for members' own calendars (``camp export-ics``).

What keeps a calendar right across exports lives in the database: each camp's calendar
token (random, made at its first export) in every UID, and each event's revision,
bumped in the same transaction as the plan edit that changed what the event shows.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

import pendulum

from camp.calendar import camp_days
from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.errors import CampError
from camp.models import Camp
from camp.services.camps import get_camp
from camp.services.members import find_member

if TYPE_CHECKING:
    from camp.exporters.ics import EventRevision

__all__ = ["calendar_file", "calendar_token", "event_revisions", "record_calendar_changes"]

#: LAST-MODIFIED has whole seconds: a second edit within the same second still moves it.
_TICK = dt.timedelta(seconds=1)


def calendar_token(db: Database, camp: Camp, *, now: pendulum.DateTime) -> str:
    """The camp's calendar token, part of every UID of its events: made once, at random,
    the first time it is asked for (camps made by earlier releases have none yet), and
    the same ever after."""
    query = "SELECT token FROM calendar_tokens WHERE camp_id = ?"
    row = db.execute(query, [camp.id]).fetchone()
    if row is not None:
        return str(row[0])
    with write_transaction(db):
        # Two exports at once both try; the first one's token is the one kept.
        db.execute(
            "INSERT OR IGNORE INTO calendar_tokens (camp_id, token, created) VALUES (?, ?, ?)",
            [camp.id, secrets.token_hex(16), utc_text(now)],
        )
        return str(db.execute(query, [camp.id]).fetchone()[0])


def _camp_created(db: Database, camp: Camp) -> pendulum.DateTime:
    row = db.execute("SELECT created FROM camps WHERE id = ?", [camp.id]).fetchone()
    return from_utc_text(row[0])


def _leave_of(db: Database, camp: Camp, member_id: int) -> tuple[int, dt.datetime | None]:
    """A member's approved leave days as a mask (bit ``d - 1`` for day ``d``), and when
    the last of them was decided."""
    mask, decided = 0, None
    for day, when in db.execute(
        "SELECT day, coalesce(decided, created) FROM requests WHERE camp_id = ? "
        "AND member_id = ? AND kind = 'leave' AND status = 'approved'",
        [camp.id, member_id],
    ):
        mask |= 1 << (day - 1)
        moment = from_utc_text(when)
        decided = moment if decided is None else max(decided, moment)
    return mask, decided


def event_revisions(db: Database, camp: Camp) -> dict[tuple[int, str], EventRevision]:
    """The stored revision of each of the camp's events that changed, by (day, window)."""
    # Deferred, like every renderer: icalendar takes a tenth of a second to import,
    # and the plan editor (which bumps revisions) is part of the terminal UI's start.
    from camp.exporters.ics import EventRevision

    return {
        (row["day"], row["window_name"]): EventRevision(
            sequence=row["sequence"], modified=from_utc_text(row["modified"])
        )
        for row in db.query(
            "SELECT day, window_name, sequence, modified FROM calendar_revisions WHERE camp_id = ?",
            [camp.id],
        )
    }


def record_calendar_changes(
    db: Database, before: Camp, after: Camp, *, now: pendulum.DateTime
) -> list[tuple[int, str]]:
    """Bump the revision of every event that shows something else in ``after`` than in
    ``before`` (the same camp before and after an edit of its plan): its SEQUENCE grows
    by one and its LAST-MODIFIED becomes ``now`` (at least a second after the last).
    Returns the (day, window) of the events bumped. Call it in the edit's transaction.
    """
    from camp.exporters.ics import EventRevision, event_contents

    old = event_contents(before, camp_days(before))
    new = event_contents(after, camp_days(after))
    changed = sorted(key for key, digest in new.items() if old.get(key) != digest)
    if not changed:
        return []
    with write_transaction(db):
        known = event_revisions(db, after)
        created = _camp_created(db, after)
        moment = now.in_tz("UTC").replace(microsecond=0)
        for day, window in changed:
            previous = known.get((day, window), EventRevision(0, created))
            modified = max(moment, previous.modified.replace(microsecond=0) + _TICK)
            db.execute(
                "INSERT INTO calendar_revisions (camp_id, day, window_name, sequence, modified) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (camp_id, day, window_name) DO UPDATE "
                "SET sequence = excluded.sequence, modified = excluded.modified",
                [after.id, day, window, previous.sequence + 1, utc_text(modified)],
            )
    return changed


def calendar_file(
    db: Database, slug: str, *, now: pendulum.DateTime, member: str | None = None
) -> bytes:
    """The camp's schedule as iCalendar: every window, or ``member``'s own calendar.

    A member's calendar is named after the member and the camp, has UIDs of its own
    (a member who imports it beside the camp's gets no clashes) and holds only what
    concerns them: their own shift's window in a shift camp (every window in the other
    modes, which all count for them). ``now`` is the export's DTSTAMP; SEQUENCE and
    LAST-MODIFIED come from the stored revisions, the same in every export until the
    plan changes.
    """
    from camp.exporters.ics import CalendarMember, render_ics

    camp = get_camp(db, slug)
    shift = None
    owner = None
    if member:
        found = find_member(db, camp, member)
        if found.status == "removed":
            raise CampError(
                f"{found.name} was removed from {camp.slug}, so has no check-ins to put in "
                f"a calendar; add them again with `camp members add {camp.slug} "
                f"'{found.name}'` first."
            )
        if camp.definition.checkin_mode == "shift":
            if found.shift is None:
                raise CampError(
                    f"{found.name} has no shift yet; set one with `camp members add` --shift."
                )
            shift = found.shift
        leave, decided = _leave_of(db, camp, found.id)
        owner = CalendarMember(id=found.id, name=found.name, leave=leave, leave_decided=decided)
    return render_ics(
        camp,
        camp_days(camp),
        shift=shift,
        member=owner,
        token=calendar_token(db, camp, now=now),
        revisions=event_revisions(db, camp),
        created=_camp_created(db, camp),
        stamp=now,
    )
