"""Who speaks and who checks in: messages and check-ins per member and per day."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from camp.db import Database, counted_in
from camp.models import COUNTED_STATUSES, Camp, name_key
from camp.services.camps import get_camp

__all__ = [
    "Attendance",
    "AttendanceSummary",
    "MemberActivity",
    "Roster",
    "activity",
    "attendance",
    "attendance_summary",
    "counted_member_ids",
    "counted_on_day",
    "read_roster",
    "roster_version",
]

#: Check-in statuses that count for their day (a makeup counts for the day it makes up).
_COUNTED = "(" + ", ".join(f"'{status}'" for status in sorted(COUNTED_STATUSES)) + ")"


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
        f"AND {counted_in()} GROUP BY member_id, day",
        [camp.id],
    ):
        if member_id in members:
            entry = members[member_id]
            entry.checkins += count
            entry.by_day.setdefault(day, [0, 0])[1] += count
    return list(members.values())


@dataclass(frozen=True)
class Roster:
    """The members still in a camp, by id, read once and reused while ``version`` holds."""

    version: tuple[int, ...]
    names: dict[int, str] = field(compare=False)
    sorted_names: tuple[str, ...] = field(compare=False)  # case-insensitively


def roster_version(db: Database, camp: Camp) -> tuple[int, ...]:
    """Changes whenever a member joins, leaves, is removed or restored, or is renamed
    (the triggers of migration 0008 count it in ``camps.members_version``): one row read,
    however big the camp."""
    row = db.execute("SELECT members_version FROM camps WHERE id = ?", [camp.id]).fetchone()
    return (row[0] if row else 0,)


def read_roster(db: Database, camp: Camp) -> Roster:
    """Every member of the camp who is not removed."""
    version = roster_version(db, camp)
    names = dict(
        db.execute(
            "SELECT id, name FROM members WHERE camp_id = ? AND status != 'removed'", [camp.id]
        ).fetchall()
    )
    return Roster(version, names, tuple(sorted(names.values(), key=name_key)))


@dataclass(frozen=True)
class Attendance:
    """The active members of a camp on one day, and which of them have a counted check-in."""

    day: int
    members: tuple[str, ...]  # by name, case-insensitively
    counted: frozenset[str]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name in self.members if name not in self.counted)


def counted_member_ids(db: Database, camp: Camp, day: int, window: str | None = None) -> set[int]:
    """Members (by id, removed ones too) with a counted check-in for ``day``.

    With ``window``, in a camp where every window counts on its own (``checkin_mode =
    "all"``), only check-ins of that window.
    """
    sql = f"SELECT DISTINCT member_id FROM checkins WHERE camp_id = ? AND day = ? AND status IN {_COUNTED}"
    params: list = [camp.id, day]
    if window is not None and camp.definition.checkin_mode == "all":
        sql += " AND window_name = ?"
        params.append(window)
    # fetchall: the rows come in C (the cursor's own iteration checks each row in Python).
    return {row[0] for row in db.execute(sql, params).fetchall()}


def attendance(db: Database, camp: Camp, day: int, *, roster: Roster | None = None) -> Attendance:
    """Who is in the camp (not removed) and who has checked in for ``day``.

    Indexed reads instead of the standings: a camp of 100,000 members answers in a
    few dozen milliseconds, so a screen can ask every couple of seconds. A caller that
    asks again and again passes the ``roster`` it read before (while its version holds).
    """
    roster = roster or read_roster(db, camp)
    names = roster.names
    counted = frozenset(
        names[member_id] for member_id in counted_member_ids(db, camp, day) if member_id in names
    )
    return Attendance(day, roster.sorted_names, counted)


@dataclass(frozen=True)
class AttendanceSummary:
    """:class:`Attendance` in figures: how many members are in the camp (not removed),
    how many of them counted for ``day``, and the first of those who did not, in
    :attr:`Attendance.missing` order."""

    day: int
    members: int
    counted: int
    first_missing: tuple[str, ...]


def attendance_summary(db: Database, camp: Camp, day: int, *, first: int) -> AttendanceSummary:
    """:func:`attendance` without the roster: counts, and the first ``first`` of the
    members still missing by name (:func:`~camp.models.name_key`, as :func:`read_roster`
    sorts; equal names then in the order they joined), read in order from the index of
    name keys (or, in a camp where some member has none, by sorting every missing one).

    What a screen shows first of a camp of 100,000 members, before its whole roster is
    read and sorted."""
    members = db.execute(
        "SELECT (SELECT COUNT(*) FROM members WHERE camp_id = ?) - (SELECT COUNT(*) "
        "FROM members WHERE camp_id = ? AND status = 'removed')",
        [camp.id, camp.id],
    ).fetchone()[0]
    counted = counted_on_day(db, camp, day)
    not_counted = (
        f"camp_id = ? AND status != 'removed' AND id NOT IN (SELECT member_id FROM checkins "
        f"WHERE camp_id = ? AND day = ? AND status IN {_COUNTED})"
    )
    if first <= 0:
        return AttendanceSummary(day, members, counted, ())
    keyless = db.execute(
        "SELECT 1 FROM members WHERE camp_id = ? AND name_key IS NULL LIMIT 1", [camp.id]
    ).fetchone()
    if keyless is None:
        # In order from the index of name keys: the first ``first`` missing ones are
        # found after about as many rows, not after sorting every missing member.
        named = db.execute(
            f"SELECT name FROM members INDEXED BY members_name_key WHERE {not_counted} "
            "ORDER BY name_key, id LIMIT ?",
            [camp.id, camp.id, day, first],
        ).fetchall()
        return AttendanceSummary(day, members, counted, tuple(row[0] for row in named))
    missing = db.execute(
        f"SELECT id, name FROM members WHERE {not_counted}", [camp.id, camp.id, day]
    ).fetchall()
    named = heapq.nsmallest(first, missing, key=lambda row: (name_key(row[1]), row[0]))
    return AttendanceSummary(day, members, counted, tuple(row[1] for row in named))


def counted_on_day(db: Database, camp: Camp, day: int) -> int:
    """How many members who are still in the camp have a counted check-in for ``day``."""
    # Everyone's, less the removed members' (few, found by their own index): not a join
    # of every check-in of the day with its member.
    return db.execute(
        f"SELECT (SELECT COUNT(DISTINCT member_id) FROM checkins WHERE camp_id = ? AND day = ? "
        f"AND status IN {_COUNTED}) - (SELECT COUNT(DISTINCT k.member_id) FROM members m "
        "INDEXED BY members_removed JOIN checkins k ON k.member_id = m.id WHERE m.camp_id = ? "
        f"AND m.status = 'removed' AND k.camp_id = ? AND k.day = ? AND k.status IN {_COUNTED})",
        [camp.id, day, camp.id, camp.id, day],
    ).fetchone()[0]
