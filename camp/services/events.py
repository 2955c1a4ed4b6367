"""The events table: derived from each camp's plan, kept in step when camps change."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.events import derive_events
from camp.models import Camp
from camp.services.camps import camp_days, get_camp

__all__ = ["EventRow", "list_events", "sync_all_events", "sync_camp_events"]


@dataclass(frozen=True)
class EventRow:
    key: str
    camp: str
    kind: str
    day: int | None
    window: str | None
    due: pendulum.DateTime
    status: str
    attempts: int
    last_error: str | None

    def to_json(self) -> dict:
        """The JSON of ``camp events`` (SPEC section 7)."""
        return {
            "key": self.key,
            "kind": self.kind,
            "day": self.day,
            "window": self.window,
            "due": self.due.isoformat(),
            "status": self.status,
        }


def sync_camp_events(db: Database, camp: Camp, now: pendulum.DateTime) -> int:
    """Bring the camp's future events in line with its plan; the past is left alone.

    Pending events that are not yet due get their new time, appear or disappear with
    the plan; anything due or finished keeps its row. Returns how many rows changed.
    """
    planned = {e.key: e for e in derive_events(camp.slug, camp.definition, camp_days(camp))}
    stamp = utc_text(now)
    changed = 0
    with write_transaction(db):
        existing = {
            row[0]: (row[1], row[2])
            for row in db.execute(
                "SELECT key, due, status FROM events WHERE camp_id = ?", [camp.id]
            )
        }
        for key, (due, status) in existing.items():
            if status == "pending" and due > stamp and key not in planned:
                db.execute("DELETE FROM events WHERE key = ?", [key])
                changed += 1
        for key, event in planned.items():
            row = event.to_row(camp.id)
            if key not in existing:
                db["events"].insert(row)
                changed += 1
                continue
            due, status = existing[key]
            if status == "pending" and due > stamp and row["due"] != due and row["due"] > stamp:
                db.execute("UPDATE events SET due = ? WHERE key = ?", [row["due"], key])
                changed += 1
    return changed


def sync_all_events(db: Database, now: pendulum.DateTime) -> int:
    """Sync the events of every active camp."""
    slugs = [row[0] for row in db.execute("SELECT slug FROM camps WHERE status = 'active'")]
    return sum(sync_camp_events(db, get_camp(db, slug), now) for slug in slugs)


def list_events(db: Database, slug: str, *, now: pendulum.DateTime) -> list[EventRow]:
    """The camp's events in time order (derived first, so a new camp lists them at once)."""
    camp = get_camp(db, slug)
    sync_camp_events(db, camp, now)
    rows = db.execute(
        "SELECT key, kind, day, window_name, due, status, attempts, last_error FROM events "
        "WHERE camp_id = ? ORDER BY due, key",
        [camp.id],
    )
    return [
        EventRow(
            key,
            camp.slug,
            kind,
            day,
            window,
            from_utc_text(due).in_tz(camp.timezone),
            status,
            attempts,
            error,
        )
        for key, kind, day, window, due, status, attempts, error in rows
    ]
