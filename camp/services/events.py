"""The events table: derived from each camp's plan, kept in step when camps change."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import pendulum

from camp.calendar import camp_days
from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.events import PlannedEvent, derive_events, next_event, planned_rows
from camp.models import Camp
from camp.services.camps import get_camp

__all__ = ["EventRow", "list_events", "sync_all_events", "sync_camp_events", "upcoming_event"]

#: Bump when the derivation rules change, so every camp's events are derived again.
#: 2: pair camps with ``pair_by_day`` have a ``pairing`` event (one that fell due
#: before the upgrade is caught up within the grace, else missed, like any other).
_DERIVATION_VERSION = 2


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


def _fingerprint(slug: str, start: str, definition_text: str) -> str:
    """What a camp's events depend on: its stored definition, its start, the rules."""
    text = f"{_DERIVATION_VERSION}\n{slug}\n{start}\n{definition_text}"
    return hashlib.sha256(text.encode()).hexdigest()


def _stored(db: Database, camp_id: int) -> tuple[str, str | None]:
    slug, start, definition, stored = db.execute(
        "SELECT slug, start, definition, events_fingerprint FROM camps WHERE id = ?", [camp_id]
    ).fetchone()
    return _fingerprint(slug, start, definition), stored


def sync_camp_events(db: Database, camp: Camp, now: pendulum.DateTime) -> int:
    """Bring the camp's future events in line with its plan; the past is left alone.

    Pending events that are not yet due get their new time, appear or disappear with
    the plan; anything due or finished keeps its row. Returns how many rows changed.
    """
    fingerprint, stored = _stored(db, camp.id)
    if stored == fingerprint:
        return 0
    with write_transaction(db):
        return _sync(db, [(camp, fingerprint)], now)


def sync_all_events(db: Database, now: pendulum.DateTime) -> int:
    """Sync the events of every active camp whose definition changed since the last sync,
    all in one transaction (a thousand camps' events are one bulk write)."""
    stale = [
        (slug, fingerprint)
        for slug, start, definition, stored in db.execute(
            "SELECT slug, start, definition, events_fingerprint FROM camps WHERE status = 'active'"
        ).fetchall()
        if (fingerprint := _fingerprint(slug, start, definition)) != stored
    ]
    if not stale:
        return 0
    camps = [(get_camp(db, slug), fingerprint) for slug, fingerprint in stale]
    with write_transaction(db):
        return _sync(db, camps, now)


#: Camp ids per ``IN (...)`` list: well under SQLite's limit on parameters.
_IDS_PER_QUERY = 500


def _sync(db: Database, camps: list[tuple[Camp, str]], now: pendulum.DateTime) -> int:
    """Write the events of these camps (each with its definition's fingerprint), inside
    the caller's transaction; returns how many rows changed."""
    stamp = utc_text(now)
    removed: list[tuple[str]] = []
    new_rows: list[tuple] = []
    moved: list[tuple[str, str]] = []
    # The events these camps have, in one read (none, for new camps).
    have: dict[int, dict[str, tuple[str, str]]] = {}
    ids = [camp.id for camp, _ in camps]
    for start in range(0, len(ids), _IDS_PER_QUERY):
        part = ids[start : start + _IDS_PER_QUERY]
        for camp_id, key, due, status in db.execute(
            "SELECT camp_id, key, due, status FROM events "
            f"WHERE camp_id IN ({', '.join('?' * len(part))})",
            part,
        ):
            have.setdefault(camp_id, {})[key] = (due, status)
    for camp, _ in camps:
        rows = planned_rows(camp.slug, camp.definition, camp_days(camp))
        existing = have.get(camp.id)
        if existing is None:
            new_rows.extend((key, camp.id, *rest) for key, *rest in rows)
            continue
        planned = {row[0]: row for row in rows}
        for key, (due, status) in existing.items():
            if status == "pending" and due > stamp and key not in planned:
                removed.append((key,))
        for key, kind, day, window, planned_due in rows:
            if key not in existing:
                new_rows.append((key, camp.id, kind, day, window, planned_due))
                continue
            due, status = existing[key]
            if status == "pending" and due > stamp and planned_due != due and planned_due > stamp:
                moved.append((planned_due, key))
    db.conn.executemany("DELETE FROM events WHERE key = ?", removed)
    db.conn.executemany(
        "INSERT INTO events (key, camp_id, kind, day, window_name, due) VALUES (?, ?, ?, ?, ?, ?)",
        new_rows,
    )
    db.conn.executemany("UPDATE events SET due = ? WHERE key = ?", moved)
    db.conn.executemany(
        "UPDATE camps SET events_fingerprint = ? WHERE id = ?",
        [(fingerprint, camp.id) for camp, fingerprint in camps],
    )
    return len(removed) + len(new_rows) + len(moved)


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


@lru_cache(maxsize=256)  # a screen asks every couple of seconds; a camp is immutable
def _planned_events(camp: Camp) -> tuple[PlannedEvent, ...]:
    return tuple(derive_events(camp.slug, camp.definition, camp_days(camp)))


def upcoming_event(camp: Camp, now: pendulum.DateTime) -> PlannedEvent | None:
    """The next announcement the scheduler will post for the camp after ``now``.

    Derived from the plan (no database read), so it is known before any scheduler ran;
    ``None`` for an archived camp or once the closing ceremony is past.
    """
    if camp.status == "archived":
        return None
    return next_event(_planned_events(camp), now)
