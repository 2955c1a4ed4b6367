"""The outbox: announcements waiting for, or done with, delivery to each channel.

A delivery is marked ``sending`` (committed) before anything leaves the machine and
``sent`` right after. A delivery found ``sending`` by a later run was interrupted
mid-send: whether the chat got it is unknown, so it is never resent on its own — it
becomes ``failed`` for the operator to check the chat and ``retry`` or ``drop``.
Folder and stdout channels are idempotent and are simply sent again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pendulum

from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.delivery import DeliveryError, Message, backoff_seconds, deliver, rate_per_minute
from camp.delivery.channels import BACKOFF_CAP
from camp.errors import CampError, NotFoundError
from camp.services.camps import get_camp, get_camp_by_id

__all__ = [
    "DeliveryResult",
    "OutboxEntry",
    "deliver_due",
    "drop_delivery",
    "list_outbox",
    "recover_interrupted",
    "retry_delivery",
]

_IDEMPOTENT = frozenset({"stdout", "folder"})
#: After this many failed attempts a delivery stops retrying until an operator acts.
MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class DeliveryResult:
    delivery_id: int
    event_key: str
    channel: str
    status: str
    error: str | None = None


def recover_interrupted(db: Database, now: pendulum.DateTime) -> int:
    """Settle deliveries a killed process left ``sending`` (see the module docstring)."""
    with write_transaction(db):
        rows = db.execute(
            "SELECT d.id, o.camp_id, d.channel_index FROM deliveries d "
            "JOIN outbox o ON o.id = d.outbox_id WHERE d.status = 'sending'"
        ).fetchall()
        for delivery_id, camp_id, index in rows:
            channel = get_camp_by_id(db, camp_id).definition.channels[index]
            if channel.type in _IDEMPOTENT:
                db.execute(
                    "UPDATE deliveries SET status = 'pending', next_attempt = ? WHERE id = ?",
                    [utc_text(now), delivery_id],
                )
            else:
                db.execute(
                    "UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?",
                    [
                        "interrupted while sending: it may or may not have reached the chat; "
                        "check the chat, then `camp outbox retry` or `camp outbox drop`",
                        delivery_id,
                    ],
                )
    return len(rows)


def _rate_limited_until(
    db: Database, label: str, limit: int | None, now: pendulum.DateTime
) -> str | None:
    """When the channel may send again, if it already sent ``limit`` messages this minute."""
    if limit is None:
        return None
    since = utc_text(now.subtract(minutes=1))
    recent = [
        row[0]
        for row in db.execute(
            "SELECT sent FROM deliveries WHERE channel = ? AND status = 'sent' AND sent > ? "
            "ORDER BY sent DESC LIMIT ?",
            [label, since, limit],
        )
    ]
    if len(recent) < limit:
        return None
    return utc_text(from_utc_text(recent[-1]).add(minutes=1))


def deliver_due(
    db: Database,
    now: pendulum.DateTime,
    *,
    env: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    base_dir: Path | None = None,
    limit: int = 200,
) -> list[DeliveryResult]:
    """Send every pending delivery whose time has come, oldest announcement first."""
    results = []
    rows = db.execute(
        "SELECT d.id, d.outbox_id, d.channel_index, d.channel, d.attempts, o.camp_id, o.event_key, "
        "o.kind, o.title, o.text, o.image FROM deliveries d JOIN outbox o ON o.id = d.outbox_id "
        "WHERE d.status = 'pending' AND d.next_attempt <= ? ORDER BY o.id, d.channel_index "
        "LIMIT ?",
        [utc_text(now), limit],
    ).fetchall()
    for delivery_id, _, index, label, attempts, camp_id, key, kind, title, text, image in rows:
        with write_transaction(db):
            claimed = db.execute(
                "UPDATE deliveries SET status = 'sending', attempts = attempts + 1 "
                "WHERE id = ? AND status = 'pending'",
                [delivery_id],
            ).rowcount
        if not claimed:
            continue  # another process took it
        definition = get_camp_by_id(db, camp_id).definition
        channel = definition.channels[index]
        wait_until = _rate_limited_until(db, label, rate_per_minute(channel), now)
        if wait_until is not None:
            with write_transaction(db):
                db.execute(
                    "UPDATE deliveries SET status = 'pending', attempts = attempts - 1, "
                    "next_attempt = ? WHERE id = ?",
                    [wait_until, delivery_id],
                )
            results.append(DeliveryResult(delivery_id, key, label, "waiting"))
            continue
        try:
            deliver(
                channel,
                Message(
                    title=title,
                    text=text,
                    kind=kind,
                    key=key,
                    image=image,
                    language=definition.language,
                ),
                env=env if env is not None else os.environ,
                stdout=stdout,
                base_dir=base_dir,
            )
        except DeliveryError as exc:
            tries = attempts + 1
            retry = exc.retryable and tries < MAX_ATTEMPTS
            # A robot may ask for any wait (Retry-After: 1e12); nobody waits past the cap.
            wait = min(max(exc.retry_after or 0.0, backoff_seconds(tries)), BACKOFF_CAP)
            with write_transaction(db):
                db.execute(
                    "UPDATE deliveries SET status = ?, last_error = ?, next_attempt = ? "
                    "WHERE id = ?",
                    [
                        "pending" if retry else "failed",
                        str(exc),
                        utc_text(now.add(seconds=wait)) if retry else None,
                        delivery_id,
                    ],
                )
            results.append(
                DeliveryResult(delivery_id, key, label, "pending" if retry else "failed", str(exc))
            )
            continue
        except Exception as exc:  # a fault of ours or of a library: never stop the others
            # It may have reached the robot, so it is not tried again on its own.
            error = (
                f"the delivery stopped with an unexpected error ({type(exc).__name__}: {exc}); "
                "check the chat, then `camp outbox retry` or `drop` it"
            )
            with write_transaction(db):
                db.execute(
                    "UPDATE deliveries SET status = 'failed', last_error = ?, next_attempt = NULL "
                    "WHERE id = ?",
                    [error, delivery_id],
                )
            results.append(DeliveryResult(delivery_id, key, label, "failed", error))
            continue
        with write_transaction(db):
            db.execute(
                "UPDATE deliveries SET status = 'sent', sent = ?, last_error = NULL WHERE id = ?",
                [utc_text(now), delivery_id],
            )
        results.append(DeliveryResult(delivery_id, key, label, "sent"))
    return results


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    camp: str
    event: str
    kind: str
    day: int | None
    title: str
    text: str
    created: pendulum.DateTime
    deliveries: list[dict]

    def to_json(self) -> dict:
        """The JSON of ``camp outbox`` (SPEC section 7)."""
        return {
            "id": self.id,
            "camp": self.camp,
            "event": self.event,
            "kind": self.kind,
            "day": self.day,
            "text": self.text,
            "created": self.created.isoformat(),
            "deliveries": self.deliveries,
        }


def list_outbox(
    db: Database, slug: str | None = None, *, limit: int | None = None
) -> list[OutboxEntry]:
    """Announcements, oldest first, with each channel's delivery status."""
    params: list = []
    where = ""
    if slug is not None:
        where = "WHERE o.camp_id = ?"
        params.append(get_camp(db, slug).id)
    sql = (
        "SELECT o.id, c.slug, o.event_key, o.kind, o.day, o.title, o.text, o.created, c.timezone "
        f"FROM outbox o JOIN camps c ON c.id = o.camp_id {where} ORDER BY o.id"
    )
    if limit is not None:
        sql = f"SELECT * FROM ({sql} DESC LIMIT {int(limit)}) ORDER BY 1"
    entries = []
    for oid, camp, key, kind, day, title, text, created, zone in db.execute(sql, params).fetchall():
        deliveries = [
            {"channel": ch, "status": st, "attempts": at, "last_error": err}
            for ch, st, at, err in db.execute(
                "SELECT channel, status, attempts, last_error FROM deliveries "
                "WHERE outbox_id = ? ORDER BY channel_index",
                [oid],
            )
        ]
        entries.append(
            OutboxEntry(
                oid,
                camp,
                key,
                kind,
                day,
                title,
                text,
                from_utc_text(created).in_tz(zone),
                deliveries,
            )
        )
    return entries


def _failed_or_pending(db: Database, outbox_id: int, states: tuple[str, ...]) -> list[int]:
    if not db.execute("SELECT 1 FROM outbox WHERE id = ?", [outbox_id]).fetchone():
        raise NotFoundError(f"No announcement {outbox_id} in the outbox; see `camp outbox`.")
    marks = ",".join("?" * len(states))
    return [
        row[0]
        for row in db.execute(
            f"SELECT id FROM deliveries WHERE outbox_id = ? AND status IN ({marks})",
            [outbox_id, *states],
        )
    ]


def retry_delivery(db: Database, outbox_id: int, now: pendulum.DateTime) -> int:
    """Send the failed deliveries of an announcement again at the next run."""
    with write_transaction(db):
        ids = _failed_or_pending(db, outbox_id, ("failed",))
        if not ids:
            raise CampError(f"Announcement {outbox_id} has no failed delivery to retry.")
        db.conn.executemany(
            "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt = ? WHERE id = ?",
            [(utc_text(now), i) for i in ids],
        )
    return len(ids)


def drop_delivery(db: Database, outbox_id: int) -> int:
    """Give up the failed or waiting deliveries of an announcement (kept, marked dropped)."""
    with write_transaction(db):
        ids = _failed_or_pending(db, outbox_id, ("failed", "pending"))
        if not ids:
            raise CampError(f"Announcement {outbox_id} has nothing waiting to drop.")
        db.conn.executemany(
            "UPDATE deliveries SET status = 'dropped' WHERE id = ?", [(i,) for i in ids]
        )
    return len(ids)
