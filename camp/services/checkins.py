"""Recording check-ins and adjustments, judged against the camp's windows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pendulum

from camp.calendar import parse_local_time, progress
from camp.clock import utc_text
from camp.db import Database, write_transaction
from camp.errors import CampError
from camp.judging import Placement, SlotIndex, makeup_problem, slot_key
from camp.models import COUNTED_STATUSES, Camp, Day, Member
from camp.scoring import checkin_points
from camp.services.camps import camp_days, get_camp
from camp.services.members import find_member
from camp.services.totals import refresh_member_totals

__all__ = [
    "CheckinResult",
    "adjust_points",
    "next_window_open",
    "parse_checkin_time",
    "record_checkin",
]


@dataclass(frozen=True)
class CheckinResult:
    """How a check-in was judged."""

    id: int
    member: str
    at: pendulum.DateTime
    status: str
    day: int | None
    window: str | None
    points: int
    replaced: int | None = None  # id of an earlier-recorded check-in it displaced

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "member": self.member,
            "at": self.at.isoformat(),
            "status": self.status,
            "day": self.day,
            "window": self.window,
            "points": self.points,
        }


@lru_cache(maxsize=64)
def _slot_index(days: tuple[Day, ...]) -> SlotIndex:
    return SlotIndex(days)


def next_window_open(camp: Camp, after: pendulum.DateTime) -> pendulum.DateTime | None:
    """When the next check-in window of the camp opens after ``after`` (camp's zone)."""
    instant = after.timestamp()
    for day in camp_days(camp):
        for slot in day.slots:
            if slot.open.timestamp() > instant:
                return slot.open
    return None


def parse_checkin_time(camp: Camp, text: str | None, now: pendulum.DateTime) -> pendulum.DateTime:
    """``--at`` text (ISO 8601; local to the camp without an offset) or now, in the camp's zone."""
    if text is None:
        return now.in_tz(camp.timezone)
    return parse_local_time(text, camp.timezone, now=now)


def _check_score(day: Day | None, score: float | None) -> None:
    if score is None:
        return
    if not 0 <= score <= 100:
        raise CampError(f"--score {score:g} is outside 0..100; give the graded result out of 100.")
    if day is None or not day.task.graded:
        which = f"day {day.number}'s task" if day else "this check-in's day"
        raise CampError(
            f"--score is for graded tasks (such as mock exams) and {which} is not graded; "
            "leave --score out."
        )


def _windows_for(camp: Camp, member: Member) -> frozenset[str] | None:
    if camp.definition.checkin_mode == "shift" and member.shift:
        return frozenset({member.shift})
    return None


def record_checkin(
    db: Database,
    slug: str,
    member_name: str,
    *,
    now: pendulum.DateTime,
    at: pendulum.DateTime | None = None,
    text: str = "",
    score: float | None = None,
    makeup_day: int | None = None,
    source: str = "manual",
) -> CheckinResult:
    """Judge and store one check-in (SPEC section 2), all in one transaction.

    A slot holds one counted check-in: the earliest wins. A check-in recorded
    later but timed earlier takes the slot and the other becomes ``duplicate``.
    """
    camp = get_camp(db, slug)
    days = camp_days(camp)
    scoring = camp.definition.scoring
    moment = (at or now).in_tz(camp.timezone)
    if moment > now.add(seconds=1):
        raise CampError(
            f"{moment.format('YYYY-MM-DD HH:mm')} ({camp.timezone}) is in the future; "
            "a check-in can only be recorded for a time that has passed."
        )
    with write_transaction(db):
        member = find_member(db, camp, member_name, include_removed=False)
        replaced = None
        if makeup_day is not None:
            used = db.execute(
                "SELECT COUNT(*) FROM checkins WHERE member_id = ? AND status = 'makeup'",
                [member.id],
            ).fetchone()[0]
            problem = makeup_problem(days, makeup_day, now, used, scoring.makeup_limit)
            if problem:
                raise CampError(f"Makeup for {member.name} refused: {problem}")
            day = days[makeup_day - 1]
            _check_score(day, score)
            window = _makeup_window(db, camp, member, day)
            status, points = "makeup", checkin_points(scoring, day.difficulty, "makeup", score)
            placement = Placement(day=day.number, window=window, status="makeup")
        else:
            placement = _slot_index(days).place(moment, _windows_for(camp, member))
            day = days[placement.day - 1] if placement.day else None
            status = placement.status
            if status in COUNTED_STATUSES:
                _check_score(day, score)
                holder = _slot_holder(db, camp, member, placement)
                if holder is not None and holder[1] <= utc_text(moment):
                    status = "duplicate"
                elif holder is not None:
                    replaced = holder[0]
                    db.execute(
                        "UPDATE checkins SET status = 'duplicate', points = 0 WHERE id = ?",
                        [replaced],
                    )
            elif score is not None:
                _check_score(None, score)
            points = (
                checkin_points(scoring, day.difficulty, status, score)
                if day is not None and status in COUNTED_STATUSES
                else 0
            )
        row_id = (
            db["checkins"]
            .insert(
                {
                    "camp_id": camp.id,
                    "member_id": member.id,
                    "at": utc_text(moment),
                    "day": placement.day,
                    "window_name": placement.window,
                    "status": status,
                    "points": points,
                    "score": score,
                    "text": text,
                    "source": source,
                    "created": utc_text(now),
                }
            )
            .last_pk
        )
        if member.status == "warned" and status in COUNTED_STATUSES:
            db.execute("UPDATE members SET status = 'active' WHERE id = ?", [member.id])
        refresh_member_totals(db, camp, [member.id])
    return CheckinResult(
        row_id, member.name, moment, status, placement.day, placement.window, points, replaced
    )


def _slot_holder(
    db: Database, camp: Camp, member: Member, placement: Placement
) -> tuple[int, str] | None:
    """The counted check-in already in this placement's slot: (id, at), or None."""
    key = slot_key(camp.definition.checkin_mode, placement)
    sql = (
        "SELECT id, at FROM checkins WHERE member_id = ? AND day = ? "
        "AND status IN ('on_time', 'late', 'makeup')"
    )
    params: list = [member.id, placement.day]
    if len(key) > 1:
        sql += " AND window_name = ?"
        params.append(placement.window)
    return db.execute(sql + " ORDER BY at LIMIT 1", params).fetchone()


def _makeup_window(db: Database, camp: Camp, member: Member, day: Day) -> str | None:
    """The window a makeup fills: none needed unless every window is its own check-in."""
    counted = {
        row[0]
        for row in db.execute(
            "SELECT window_name FROM checkins WHERE member_id = ? AND day = ? "
            "AND status IN ('on_time', 'late', 'makeup')",
            [member.id, day.number],
        )
    }
    if camp.definition.checkin_mode != "all":
        if counted:
            raise CampError(
                f"Makeup for {member.name} refused: day {day.number} already counts; "
                "a makeup is for a missed day."
            )
        return None
    for slot in day.slots:
        if slot.window.name not in counted:
            return slot.window.name
    raise CampError(
        f"Makeup for {member.name} refused: every window of day {day.number} already counts."
    )


def adjust_points(
    db: Database,
    slug: str,
    member_name: str,
    points: int,
    *,
    reason: str,
    now: pendulum.DateTime,
    day: int | None = None,
) -> dict:
    """Record a bonus (positive) or penalty (negative) with its reason; kept for audit."""
    camp = get_camp(db, slug)
    if not reason or not reason.strip():
        raise CampError("An adjustment needs a reason; add --reason 'why', e.g. --reason 'spam'.")
    if points == 0:
        raise CampError("An adjustment of 0 points changes nothing; give a bonus or a penalty.")
    if day is None:
        day = min(max(progress(camp_days(camp), now).day, 1), camp.days)
    elif not 1 <= day <= camp.days:
        raise CampError(f"--day {day} is outside the camp's days 1..{camp.days}.")
    with write_transaction(db):
        member = find_member(db, camp, member_name, include_removed=False)
        db["adjustments"].insert(
            {
                "camp_id": camp.id,
                "member_id": member.id,
                "points": points,
                "reason": reason.strip(),
                "day": day,
                "created": utc_text(now),
            }
        )
        refresh_member_totals(db, camp, [member.id])
    return {"member": member.name, "points": points, "reason": reason.strip(), "day": day}
