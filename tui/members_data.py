"""What the Members tab shows: each member with partner, activity and current streak.

Read through ``camp.services`` from a worker thread; returns frozen plain data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from camp.db import Database
from camp.services.activity import activity
from camp.services.camps import get_camp
from camp.services.members import list_members
from camp.services.standings import standings_as_of

__all__ = ["MemberLine", "MembersData", "load_members", "split_names"]


@dataclass(frozen=True)
class MemberLine:
    """One member as a row of the Members tab."""

    name: str
    status: str
    shift: str | None
    team: str | None
    partner: str | None
    counted_days: int
    messages: int
    streak: int


@dataclass(frozen=True)
class MembersData:
    """The camp's members who were not removed, in joining order."""

    slug: str
    group: str
    lines: tuple[MemberLine, ...]


def load_members(db: Database, slug: str, now: pendulum.DateTime) -> MembersData:
    """The members of ``slug`` with their messages and their streak as of ``now``."""
    camp = get_camp(db, slug)
    messages = {a.name: a.messages for a in activity(db, slug)}
    board = standings_as_of(db, slug, now=now, by="member")
    streaks = {entry.name: entry.streak for entry in board.entries}
    lines = tuple(
        MemberLine(
            name=row.member.name,
            status=row.member.status,
            shift=row.member.shift,
            team=row.member.team,
            partner=row.partner,
            counted_days=row.counted_days,
            messages=messages.get(row.member.name, 0),
            streak=streaks.get(row.member.name, 0),
        )
        for row in list_members(db, slug, include_removed=False)
    )
    return MembersData(slug=camp.slug, group=camp.definition.group, lines=lines)


def split_names(text: str) -> list[str]:
    """``"Alice, 小明"`` -> ``["Alice", "小明"]``; full-width commas and ``、`` split too."""
    for separator in ("，", "、"):
        text = text.replace(separator, ",")
    return [name.strip() for name in text.split(",") if name.strip()]
