"""People the bots heard in a camp's chat who are not members: listed, then added.

A stranger is added with their platform id as the member's handle, so their next
message is matched by id and reminders can mention them; they leave the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pendulum

from camp.clock import from_utc_text
from camp.db import Database, write_transaction
from camp.errors import CampError
from camp.services.camps import get_camp
from camp.services.members import add_members

__all__ = ["Stranger", "add_strangers", "list_strangers"]


@dataclass(frozen=True)
class Stranger:
    platform: str
    sender_id: str
    name: str
    messages: int
    checkins: int
    first_seen: pendulum.DateTime
    last_seen: pendulum.DateTime

    def to_json(self) -> dict:
        return {
            "platform": self.platform,
            "id": self.sender_id,
            "name": self.name,
            "messages": self.messages,
            "checkins": self.checkins,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
        }


def list_strangers(db: Database, slug: str, *, limit: int | None = None) -> list[Stranger]:
    """The camp's strangers, who wrote the most first (then the latest)."""
    camp = get_camp(db, slug)
    return [
        Stranger(
            platform,
            sender_id,
            name,
            messages,
            checkins,
            from_utc_text(first).in_tz(camp.timezone),
            from_utc_text(last).in_tz(camp.timezone),
        )
        for platform, sender_id, name, messages, checkins, first, last in db.execute(
            "SELECT platform, sender_id, name, messages, checkins, first_seen, last_seen "
            "FROM unknown_senders WHERE camp_id = ? ORDER BY messages DESC, last_seen DESC, id "
            "LIMIT ?",
            [camp.id, -1 if limit is None else limit],
        )
    ]


def add_strangers(
    db: Database, slug: str, which: Iterable[str] | None, *, now: pendulum.DateTime
) -> list[str]:
    """Add the strangers named (by name or platform id), or all of them (``None``), as
    members with their platform id; returns the names added."""
    camp = get_camp(db, slug)
    with write_transaction(db):
        strangers = {(s.sender_id, s.name): s for s in list_strangers(db, slug)}
        if which is None:
            chosen = list(strangers.values())
        else:
            chosen = []
            for wanted in which:
                found = [s for (sid, name), s in strangers.items() if wanted in (sid, name)]
                if not found:
                    raise CampError(
                        f"Nobody called or with the id {wanted!r} wrote in {camp.slug} without "
                        f"being a member; `camp members unknown {camp.slug}` lists who did."
                    )
                chosen += found
        if not chosen:
            raise CampError(f"Nobody wrote in {camp.slug} without being a member.")
        added: list[str] = []
        for stranger in dict.fromkeys(chosen):
            added += add_members(db, slug, [stranger.name], now=now, handle=stranger.sender_id)
            db.execute(
                "DELETE FROM unknown_senders WHERE camp_id = ? AND platform = ? AND sender_id = ?",
                [camp.id, stranger.platform, stranger.sender_id],
            )
    return added
