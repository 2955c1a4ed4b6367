"""The camp report: members, retention curve, punctuality, streaks, conversion and the
group-health guidance of SPEC section 1, as of the end of any day.

This module reads the figures from the database; the report type and the group-health
rules it applies are plain data in ``camp.report``.
"""

from __future__ import annotations

from collections import Counter

import pendulum

from camp.calendar import camp_days
from camp.db import Database
from camp.models import COUNTED_STATUSES
from camp.outcomes import outcome_groups
from camp.report import ACTIVE_WINDOW_DAYS, CampReport, group_guidance
from camp.services.standings import camp_leaves, standings_as_of

__all__ = ["camp_report"]

_TOP = 10


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def camp_report(
    db: Database, slug: str, *, now: pendulum.DateTime, day: int | None = None
) -> CampReport:
    """The report of camp ``slug`` as of the end of ``day`` (default: the current day).

    Figures about check-ins count the members not removed; the conversion figure counts
    every member who took part, removed or not (they may still have bought).
    """
    board = standings_as_of(db, slug, now=now, day=day)
    camp = board.camp
    as_of = board.as_of_day
    days = camp_days(camp)
    statuses = dict(
        db.execute(
            "SELECT status, COUNT(*) FROM members WHERE camp_id = ? GROUP BY status", [camp.id]
        ).fetchall()
    )
    present = statuses.get("active", 0) + statuses.get("warned", 0)
    counted = tuple(sorted(COUNTED_STATUSES))
    marks = ", ".join("?" * len(counted))
    per_day = dict(
        db.execute(
            f"""
            SELECT c.day, COUNT(DISTINCT c.member_id)
            FROM checkins c JOIN members m ON m.id = c.member_id
            WHERE c.camp_id = ? AND c.day BETWEEN 1 AND ? AND c.status IN ({marks})
                AND m.status != 'removed'
            GROUP BY c.day
            """,
            [camp.id, as_of, *counted],
        ).fetchall()
    )
    recent = db.execute(
        f"""
        SELECT COUNT(DISTINCT c.member_id)
        FROM checkins c JOIN members m ON m.id = c.member_id
        WHERE c.camp_id = ? AND c.day BETWEEN ? AND ? AND c.status IN ({marks})
            AND m.status != 'removed'
        """,
        [camp.id, as_of - ACTIVE_WINDOW_DAYS + 1, as_of, *counted],
    ).fetchone()[0]
    active_share = _share(recent, present)
    completion = [
        {
            "day": d.number,
            "date": d.date.isoformat(),
            "rate": _share(per_day.get(d.number, 0), present),
            "counted": per_day.get(d.number, 0),
            "members": present,
        }
        for d in days[:as_of]
    ]
    entries = board.entries
    on_time = sum(e.on_time for e in entries)
    scored = sum(e.on_time + e.late + e.makeup for e in entries)
    names = {
        status: [
            row[0]
            for row in db.execute(
                "SELECT name FROM members WHERE camp_id = ? AND status = ? ORDER BY id",
                [camp.id, status],
            )
        ]
        for status in ("warned", "removed")
    }
    total = sum(statuses.values())
    converted = db.execute(
        "SELECT COUNT(*) FROM members WHERE camp_id = ? AND converted != 0", [camp.id]
    ).fetchone()[0]
    conversion = (
        {"converted": converted, "members": total, "rate": _share(converted, total)}
        if converted
        else None
    )
    names_by_id = dict(
        db.execute(
            "SELECT id, name FROM members WHERE camp_id = ? AND status != 'removed' ORDER BY id",
            [camp.id],
        ).fetchall()
    )
    on_leave = [
        {"name": names_by_id[member_id], "days": _days_of(mask)}
        for member_id, mask in sorted(camp_leaves(db, camp, as_of).items())
        if member_id in names_by_id
    ]
    definition = camp.definition
    return CampReport(
        camp={
            "slug": camp.slug,
            "name": camp.name,
            "language": definition.language,
            "platform": definition.platform,
            "start": camp.start.isoformat(),
            "end": days[-1].date.isoformat() if days else camp.start.isoformat(),
            "days": camp.days,
            "as_of_day": as_of,
        },
        members={
            "total": total,
            "active": statuses.get("active", 0),
            "warned": statuses.get("warned", 0),
            "removed": statuses.get("removed", 0),
        },
        active_share=active_share,
        guidance=group_guidance(
            definition.platform,
            present,
            active_share if as_of >= 1 else None,
            definition.language,
        ),
        completion=completion,
        on_time_rate=on_time / scored if scored else None,
        streak_distribution=dict(sorted(Counter(e.best_streak for e in entries).items())),
        makeups_used=sum(e.makeup for e in entries),
        warned=names["warned"],
        removed=names["removed"],
        conversion=conversion,
        top=[{"name": e.name, "rank": e.rank, "points": e.points} for e in entries[:_TOP]],
        leave_days=sum(len(e["days"]) for e in on_leave),
        on_leave=on_leave,
        outcomes=_outcome_counts(entries),
    )


def _outcome_counts(entries) -> dict | None:
    groups = outcome_groups(entries)
    return None if groups is None else {outcome: len(names) for outcome, names in groups.items()}


def _days_of(mask: int) -> list[int]:
    return [day for day in range(1, mask.bit_length() + 1) if mask >> (day - 1) & 1]
