"""Who speaks and who checks in: messages and check-ins per member and per day."""

from __future__ import annotations

from dataclasses import dataclass, field

from camp.db import Database
from camp.services.camps import get_camp

__all__ = ["MemberActivity", "activity"]


@dataclass
class MemberActivity:
    name: str
    status: str
    messages: int = 0
    checkins: int = 0
    by_day: dict[int, list[int]] = field(default_factory=dict)  # day -> [messages, check-ins]

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "status": self.status,
            "messages": self.messages,
            "checkins": self.checkins,
            "by_day": {
                str(day): {"messages": m, "checkins": c}
                for day, (m, c) in sorted(self.by_day.items())
            },
        }


def activity(db: Database, slug: str, *, include_removed: bool = False) -> list[MemberActivity]:
    """Per member (in joining order): imported messages and counted check-ins, by day.

    Messages come from chat imports; check-ins from every source (imports, the command
    line, the terminal UI), counted once per day and window.
    """
    camp = get_camp(db, slug)
    members: dict[int, MemberActivity] = {
        member_id: MemberActivity(name, status)
        for member_id, name, status in db.execute(
            "SELECT id, name, status FROM members WHERE camp_id = ? AND (? OR status != 'removed') "
            "ORDER BY id",
            [camp.id, include_removed],
        )
    }
    for member_id, day, count in db.execute(
        "SELECT member_id, day, COUNT(*) FROM messages WHERE camp_id = ? AND day IS NOT NULL "
        "GROUP BY member_id, day",
        [camp.id],
    ):
        if member_id in members:
            entry = members[member_id]
            entry.messages += count
            entry.by_day.setdefault(day, [0, 0])[0] += count
    for member_id, day, count in db.execute(
        "SELECT member_id, day, COUNT(*) FROM checkins WHERE camp_id = ? AND day IS NOT NULL "
        "AND status IN ('on_time', 'late', 'makeup') GROUP BY member_id, day",
        [camp.id],
    ):
        if member_id in members:
            entry = members[member_id]
            entry.checkins += count
            entry.by_day.setdefault(day, [0, 0])[1] += count
    return list(members.values())
