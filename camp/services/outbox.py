"""The outbox: announcements waiting for, or done with, delivery to each channel.

The sending itself is :mod:`camp.services.courier` (a lane per robot, each post
recorded). A delivery found ``sending`` by a later run was interrupted by a crash:
:func:`recover_interrupted` settles it. A post that was in flight may have reached the
chat, so it is never resent on its own: the delivery becomes ``uncertain`` for the
operator to check the chat and ``retry`` (or ``retry --arrived``) or ``drop``. Posts
that had not left, folder and stdout channels (idempotent) and generic webhooks (the
receiver deduplicates by the announcement key) are simply due again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pendulum

from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.delivery.http import REQUEST_DEADLINE, run_sync
from camp.delivery.limits import RATES, Rate
from camp.errors import CampError, NotFoundError
from camp.services.camps import get_camp, get_camp_by_id
from camp.services.courier import MAX_ATTEMPTS, Courier, DeliveryResult, record_attempt

__all__ = [
    "MAX_ATTEMPTS",
    "DeliveryResult",
    "OutboxEntry",
    "deliver_due",
    "drop_delivery",
    "list_outbox",
    "recover_interrupted",
    "retry_delivery",
]

_IDEMPOTENT = frozenset({"stdout", "folder", "webhook"})


def recover_interrupted(db: Database, now: pendulum.DateTime) -> int:
    """Settle deliveries a killed process left ``sending`` (see the module docstring)."""
    settled = 0
    with write_transaction(db):
        rows = db.execute(
            "SELECT d.id, o.camp_id, d.channel_index, d.robot FROM deliveries d "
            "JOIN outbox o ON o.id = d.outbox_id WHERE d.status = 'sending'"
        ).fetchall()
        for delivery_id, camp_id, index, robot in rows:
            channels = get_camp_by_id(db, camp_id).definition.channels
            kind = channels[index].type if index < len(channels) else ""
            in_flight = db.execute(
                "SELECT number FROM delivery_parts WHERE delivery_id = ? AND status = 'sending'",
                [delivery_id],
            ).fetchall()
            # A delivery of an earlier release has no parts and no lane: whether it left
            # is unknown.
            unknown = robot is None and kind not in _IDEMPOTENT
            if kind in _IDEMPOTENT or (not in_flight and not unknown):
                db.execute(
                    "UPDATE delivery_parts SET status = 'refused', finished = ? "
                    "WHERE delivery_id = ? AND status = 'sending'",
                    [utc_text(now), delivery_id],
                )
                error = "interrupted before it was sent; it is sent again"
                db.execute(
                    "UPDATE deliveries SET status = 'pending', next_attempt = ?, last_error = ? "
                    "WHERE id = ?",
                    [utc_text(now), error, delivery_id],
                )
                record_attempt(db, delivery_id, now, "interrupted", error, None, None)
                settled += 1
                continue
            parts = ", ".join(str(n) for (n,) in in_flight)
            what = f"part {parts}" if in_flight else "it"
            error = (
                f"interrupted while sending {what}: it may or may not have reached the chat; "
                "check the chat, then `camp outbox retry` (or `retry --arrived` if it is "
                "there) or `camp outbox drop`"
            )
            db.execute(
                "UPDATE delivery_parts SET status = 'uncertain', finished = ? "
                "WHERE delivery_id = ? AND status = 'sending'",
                [utc_text(now), delivery_id],
            )
            db.execute(
                "UPDATE deliveries SET status = 'uncertain', last_error = ?, next_attempt = NULL "
                "WHERE id = ?",
                [error, delivery_id],
            )
            record_attempt(db, delivery_id, now, "uncertain", error, None, None)
            settled += 1
    return settled


def deliver_due(
    db: Database,
    now: pendulum.DateTime,
    *,
    env: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    base_dir: Path | None = None,
    limit: int = 10_000,
    rates: Mapping[str, Rate] = RATES,
    deadline: float = REQUEST_DEADLINE,
) -> list[DeliveryResult]:
    """Send every delivery due as of ``now``, each robot in its own lane, posts paced to
    the robots' limits; returns how each ended. Waiting for the pace takes real time, and
    the run's clock moves on from ``now`` with it."""
    began = time.monotonic()

    def clock() -> pendulum.DateTime:
        return now.add(microseconds=int((time.monotonic() - began) * 1_000_000))

    async def run() -> list[DeliveryResult]:
        courier = Courier(
            db,
            clock=clock,
            env=env,
            stdout=stdout,
            base_dir=base_dir,
            rates=rates,
            deadline=deadline,
        )
        try:
            return await courier.drain(limit)
        finally:
            await courier.aclose()

    return run_sync(run)


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
    #: Why a summary or closing went without its standings card (None: it had one, or
    #: its kind has none).
    card_note: str | None = None

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
            "card_note": self.card_note,
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
        "SELECT o.id, c.slug, o.event_key, o.kind, o.day, o.title, o.text, o.created, c.timezone, "
        "o.card_note "
        f"FROM outbox o JOIN camps c ON c.id = o.camp_id {where} ORDER BY o.id"
    )
    if limit is not None:
        sql = f"SELECT * FROM ({sql} DESC LIMIT {int(limit)}) ORDER BY 1"
    entries = []
    rows = db.execute(sql, params).fetchall()
    for oid, camp, key, kind, day, title, text, created, zone, card_note in rows:
        deliveries = _deliveries_of(db, oid, zone)
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
                card_note,
            )
        )
    return entries


def _deliveries_of(db: Database, outbox_id: int, zone: str) -> list[dict]:
    """Each channel's delivery: status, attempts, the last error, how many of its posts
    the robot took, and the history of every attempt (local times)."""
    out = []
    for delivery_id, channel, status, attempts, error, parts in db.execute(
        "SELECT id, channel, status, attempts, last_error, parts FROM deliveries "
        "WHERE outbox_id = ? ORDER BY channel_index",
        [outbox_id],
    ).fetchall():
        sent = db.execute(
            "SELECT COUNT(*) FROM delivery_parts WHERE delivery_id = ? AND status = 'sent'",
            [delivery_id],
        ).fetchone()[0]
        uncertain = [
            n
            for (n,) in db.execute(
                "SELECT number FROM delivery_parts WHERE delivery_id = ? AND status = 'uncertain' "
                "ORDER BY number",
                [delivery_id],
            )
        ]
        history = [
            {
                "at": from_utc_text(at).in_tz(zone).isoformat(),
                "outcome": outcome,
                "parts_sent": parts_sent,
                "parts": total,
                "error": attempt_error,
            }
            for at, outcome, parts_sent, total, attempt_error in db.execute(
                "SELECT at, outcome, parts_sent, parts, error FROM delivery_attempts "
                "WHERE delivery_id = ? ORDER BY id",
                [delivery_id],
            )
        ]
        out.append(
            {
                "channel": channel,
                "status": status,
                "attempts": attempts,
                "last_error": error,
                "parts": {"total": parts, "sent": sent, "uncertain": uncertain},
                "history": history,
            }
        )
    return out


def _deliveries_in(db: Database, outbox_id: int, states: tuple[str, ...]) -> list[int]:
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


def retry_delivery(
    db: Database, outbox_id: int, now: pendulum.DateTime, *, arrived: bool = False
) -> int:
    """Send the failed and uncertain deliveries of an announcement again at the next run.

    A post that was uncertain (sent, no answer) is sent again: the operator checked the
    chat and it is not there. With ``arrived`` it is there: it counts as sent and only
    the parts after it go. Parts the robot took are never sent again.
    """
    with write_transaction(db):
        ids = _deliveries_in(db, outbox_id, ("failed", "uncertain"))
        if not ids:
            raise CampError(
                f"Announcement {outbox_id} has no failed or uncertain delivery to retry; "
                "`camp outbox` shows its deliveries."
            )
        # The operator has looked: the robots' lanes need not rest any longer.
        marks = ",".join("?" * len(ids))
        db.execute(
            "UPDATE robot_lanes SET paused_until = NULL, failures = 0 WHERE robot IN "
            f"(SELECT robot FROM deliveries WHERE id IN ({marks}) AND robot IS NOT NULL)",
            ids,
        )
        for delivery_id in ids:
            db.execute(
                "UPDATE delivery_parts SET status = ?, finished = ? "
                "WHERE delivery_id = ? AND status = 'uncertain'",
                ["sent" if arrived else "refused", utc_text(now), delivery_id],
            )
            db.execute(
                # The last error stays in the history; the outbox shows what comes next.
                "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt = ?, "
                "last_error = NULL WHERE id = ?",
                [utc_text(now), delivery_id],
            )
            what = "marked arrived by the operator" if arrived else "retried by the operator"
            record_attempt(db, delivery_id, now, "retry", what, None, None)
    return len(ids)


def drop_delivery(db: Database, outbox_id: int, now: pendulum.DateTime | None = None) -> int:
    """Give up the failed, uncertain or waiting deliveries of an announcement (kept,
    marked dropped)."""
    with write_transaction(db):
        ids = _deliveries_in(db, outbox_id, ("failed", "uncertain", "pending"))
        if not ids:
            raise CampError(f"Announcement {outbox_id} has nothing waiting to drop.")
        for delivery_id in ids:
            db.execute("UPDATE deliveries SET status = 'dropped' WHERE id = ?", [delivery_id])
            if now is not None:
                record_attempt(
                    db, delivery_id, now, "dropped", "dropped by the operator", None, None
                )
    return len(ids)
