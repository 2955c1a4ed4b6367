"""Members who stopped checking in: warned after ``inactive_after`` missed days in a row,
listed for removal after ``remove_after`` (the operator confirms with ``members remove``).
Approved leave days are not missed days: they are left out of the run."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from camp.calendar import camp_days
from camp.clock import from_utc_text
from camp.db import Database
from camp.models import Camp
from camp.scoring import squeeze_leave
from camp.services.totals import leave_masks, mask_from_hex

__all__ = ["InactivityReport", "apply_inactivity", "inactivity_as_of", "missed_in_a_row"]


def missed_in_a_row(mask: int, day: int) -> int:
    """Days in a row without a counted check-in, ending at ``day``."""
    counted = mask & ((1 << day) - 1)
    return day - counted.bit_length()


def _message_days(db: Database, camp: Camp, day: int) -> dict[int, int]:
    """Per member, the mask of days (up to ``day``) on which they posted any message."""
    masks: dict[int, int] = {}
    for member_id, message_day in db.execute(
        "SELECT DISTINCT member_id, day FROM messages WHERE camp_id = ? AND day BETWEEN 1 AND ?",
        [camp.id, day],
    ):
        masks[member_id] = masks.get(member_id, 0) | (1 << (message_day - 1))
    return masks


@dataclass(frozen=True)
class InactivityReport:
    day: int
    warned: list[tuple[str, int]]  # newly or still warned: (name, missed days)
    removal: list[tuple[str, int]]  # to be removed by the operator


def _judge_inactivity(db: Database, camp: Camp, day: int) -> tuple[InactivityReport, list[int]]:
    """The report at ``day`` and the ids of active members it would warn; reads only."""
    rules = camp.definition.members
    warned, removal = [], []
    rows = db.execute(
        "SELECT m.id, m.name, m.status, t.days, m.joined FROM members m "
        "LEFT JOIN member_totals t ON t.member_id = m.id "
        "WHERE m.camp_id = ? AND m.status != 'removed' ORDER BY m.id",
        [camp.id],
    ).fetchall()
    dates = [d.date for d in camp_days(camp)]
    spoke = _message_days(db, camp, day) if rules.inactive_by == "messages" else None
    to_warn = []
    leaves = leave_masks(db, "camp_id = ? AND day <= ?", [camp.id, day])
    # Members added together share their joining time: parse each distinct one once.
    first_days: dict[str, int] = {}
    for member_id, name, status, days, joined in rows:
        # Days before a member joined are not theirs to miss.
        first_day = first_days.get(joined)
        if first_day is None:
            joined_on = from_utc_text(joined).in_tz(camp.timezone).date()
            first_day = first_days[joined] = bisect_left(dates, joined_on) + 1
        active_days = spoke.get(member_id, 0) if spoke is not None else mask_from_hex(days)
        since_joined = max(day - first_day + 1, 0)
        leave = leaves.get(member_id, 0)
        if leave:
            # A leave day is no day to miss: it is taken out of the run of missed days.
            since_joined -= (leave & ~active_days & ~((1 << (first_day - 1)) - 1)).bit_count()
            active_days, at = squeeze_leave(active_days, leave, day)
            missed = min(missed_in_a_row(active_days, at), max(since_joined, 0))
        else:
            missed = min(missed_in_a_row(active_days, day), since_joined)
        if missed >= rules.remove_after:
            removal.append((name, missed))
        elif missed >= rules.inactive_after:
            warned.append((name, missed))
        if missed >= rules.inactive_after and status == "active":
            to_warn.append(member_id)
    return InactivityReport(day, warned, removal), to_warn


def inactivity_as_of(db: Database, camp: Camp, day: int) -> InactivityReport:
    """Who :func:`apply_inactivity` would list at ``day`` (warned, due for removal),
    without changing anyone's status: for screens that show the lists."""
    return _judge_inactivity(db, camp, day)[0]


def apply_inactivity(db: Database, camp: Camp, day: int) -> InactivityReport:
    """Mark members warned after ``inactive_after`` missed days in a row ending at ``day``.

    Runs inside the caller's transaction. A warned member who checks in again becomes
    active (see ``record_checkin``); removal is left to the operator.
    """
    report, to_warn = _judge_inactivity(db, camp, day)
    db.conn.executemany(
        "UPDATE members SET status = 'warned' WHERE id = ?", [(i,) for i in to_warn]
    )
    return report
