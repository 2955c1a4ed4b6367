"""Leave (请假): a member's approved day off (SPEC section 11).

A leave day earns no points, does not break the member's streak (the day is left out
of the run, :func:`camp.scoring.squeeze_leave`) and is not a missed day for
inactivity, outcomes or stakes. Leaves are stored as approved ``leave`` requests, so
the requests queue, ``camp leave`` and the bots' ``#请假 N`` share one record; the
member's running totals are refreshed in the same transaction as the leave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from camp.calendar import camp_days
from camp.clock import utc_text
from camp.db import Database, counted_in, insert_row, write_transaction
from camp.errors import CampError
from camp.models import Camp, Member
from camp.services.camps import get_camp
from camp.services.members import find_member
from camp.services.totals import refresh_member_totals

__all__ = [
    "LEAVE_PERIOD",
    "LeaveGranted",
    "check_leave",
    "grant_leave",
    "leave_days_of",
    "leave_left",
    "leave_period",
]

#: The quota ``[members] leave_quota`` is per this many camp days (1-30, 31-60, ...).
LEAVE_PERIOD = 30


@dataclass(frozen=True)
class LeaveGranted:
    """A leave day given: the member, the day and its date, the reason, the request row
    that records it, and how many leaves the member has left in that day's period."""

    member: str
    day: int
    date: str
    reason: str
    request_id: int
    left: int

    def to_json(self) -> dict:
        """The JSON of ``camp leave --json``."""
        return {
            "member": self.member,
            "day": self.day,
            "date": self.date,
            "reason": self.reason,
            "request": self.request_id,
            "leave_left": self.left,
        }


def leave_period(day: int, days: int) -> tuple[int, int]:
    """The first and last day of the leave period that holds ``day`` in a camp of
    ``days`` days (days 1-30, 31-60, ...; the last period ends with the camp)."""
    first = (day - 1) // LEAVE_PERIOD * LEAVE_PERIOD + 1
    return first, min(first + LEAVE_PERIOD - 1, days)


def leave_left(quota: int, taken: Sequence[int], day: int, days: int) -> int:
    """How many leave days a member who took ``taken`` has left in the period of ``day``
    (before a leave on ``day`` itself)."""
    first, last = leave_period(day, days)
    return max(quota - sum(first <= d <= last for d in taken), 0)


def leave_days_of(db: Database, camp: Camp, member_id: int) -> list[int]:
    """The member's approved leave days, in order."""
    return [
        row[0]
        for row in db.execute(
            "SELECT day FROM requests WHERE camp_id = ? AND member_id = ? AND kind = 'leave' "
            "AND status = 'approved' ORDER BY day",
            [camp.id, member_id],
        )
    ]


def check_leave(db: Database, camp: Camp, member: Member, day: int) -> int:
    """Refuse a leave for ``day`` the camp's rules do not allow (one sentence each);
    returns how many leaves the member has left in that day's period once it is given.

    Run inside the transaction that approves it.
    """
    if not 1 <= day <= camp.days:
        raise CampError(
            f"Day {day} is not a day of {camp.slug}; its days run from 1 to {camp.days}."
        )
    quota = camp.definition.members.leave_quota
    if quota == 0:
        raise CampError(
            f"Camp {camp.slug} allows no leave; set [members] leave_quota (leave days per "
            f"{LEAVE_PERIOD} days) in its camp file to allow it."
        )
    taken = leave_days_of(db, camp, member.id)
    if day in taken:
        raise CampError(f"{member.name} is already on leave on day {day}.")
    counted = db.execute(
        f"SELECT 1 FROM checkins WHERE member_id = ? AND day = ? AND {counted_in()} LIMIT 1",
        [member.id, day],
    ).fetchone()
    if counted:
        raise CampError(
            f"Day {day} already counts for {member.name}; a leave is for a day off, "
            "not one checked in."
        )
    first, last = leave_period(day, camp.days)
    within = [d for d in taken if first <= d <= last]
    if len(within) >= quota:
        days = ", ".join(str(d) for d in within)
        raise CampError(
            f"{member.name} has used the {quota} leave day{'s' if quota != 1 else ''} of days "
            f"{first}-{last} already (day {days}); [members] leave_quota = {quota} allows "
            f"{quota} per {LEAVE_PERIOD} days."
        )
    return quota - len(within) - 1


def grant_leave(
    db: Database,
    slug: str,
    member_name: str,
    day: int,
    *,
    reason: str,
    now: pendulum.DateTime,
    source: str = "manual",
) -> LeaveGranted:
    """Give ``member_name`` leave on ``day`` (``camp leave``), in one transaction.

    A pending (or rejected) leave request for that day is approved with it; otherwise
    an approved request is recorded. The camp's quota and a day that already counts
    refuse it, and nothing is written.
    """
    camp = get_camp(db, slug)
    if not reason or not reason.strip():
        raise CampError("A leave needs a reason; add --reason 'why', e.g. --reason 'exam day'.")
    reason = reason.strip()
    with write_transaction(db):
        member = find_member(db, camp, member_name, include_removed=False)
        left = check_leave(db, camp, member, day)
        held = db.execute(
            "SELECT id FROM requests WHERE camp_id = ? AND member_id = ? AND kind = 'leave' "
            "AND day = ?",
            [camp.id, member.id, day],
        ).fetchone()
        if held is not None:
            request_id = held[0]
            db.execute(
                "UPDATE requests SET status = 'approved', decided = ?, "
                "text = CASE WHEN text = '' THEN ? ELSE text END WHERE id = ?",
                [utc_text(now), reason, request_id],
            )
        else:
            request_id = insert_row(
                db,
                "requests",
                {
                    "camp_id": camp.id,
                    "member_id": member.id,
                    "kind": "leave",
                    "day": day,
                    "status": "approved",
                    "text": reason,
                    "source": source,
                    "created": utc_text(now),
                    "decided": utc_text(now),
                },
            )
        refresh_member_totals(db, camp, [member.id])
    date = camp_days(camp)[day - 1].date.isoformat()
    return LeaveGranted(member.name, day, date, reason, request_id, left)
