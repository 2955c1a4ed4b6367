"""Per-member running totals (the ``member_totals`` table), refreshed on every write.

The current leaderboard of a camp of 100,000 members reads these rows in rank order
rather than aggregating millions of check-ins. Every service that writes members,
check-ins or adjustments calls :func:`refresh_member_totals` inside its own
transaction, so the totals can never disagree with the rows they summarise.
Totals cover every day recorded so far; standings as of an earlier day are
recounted from the check-ins.
"""

from __future__ import annotations

from collections.abc import Iterable

from camp.db import Database, counted_in
from camp.models import Camp, Scoring
from camp.scoring import best_streak, total_streak_bonus

__all__ = [
    "NEVER",
    "last_at_from_row",
    "mask_from_hex",
    "mask_to_hex",
    "refresh_camp_totals",
    "refresh_member_totals",
]

_CHUNK = 500

#: ``last_at`` of a member who never counted. It sorts after every real time, so the
#: rank index orders "none last" without an ``IS NULL`` term that would defeat it.
NEVER = "~"

_AGGREGATE = f"""
    SELECT member_id, SUM(points),
        COUNT(CASE WHEN status = 'on_time' THEN 1 END),
        COUNT(CASE WHEN status = 'late' THEN 1 END),
        COUNT(CASE WHEN status = 'makeup' THEN 1 END),
        group_concat(DISTINCT day), MAX(day), MAX(at)
    FROM checkins
    WHERE {counted_in()} AND {{where}}
    GROUP BY member_id
"""

_ADJUSTMENTS = """
    SELECT member_id, SUM(points), MAX(day) FROM adjustments WHERE {where} GROUP BY member_id
"""


def last_at_from_row(text: str) -> str | None:
    """The stored ``last_at`` back as a time text, or ``None`` for never."""
    return None if text == NEVER else text


def mask_to_hex(mask: int) -> str:
    return format(mask, "x")


def mask_from_hex(text: str | None) -> int:
    return int(text, 16) if text else 0


def _mask(days_csv: str | None) -> int:
    mask = 0
    if days_csv:
        for day in days_csv.split(","):
            mask |= 1 << (int(day) - 1)
    return mask


def _write(
    db: Database,
    camp_id: int,
    scoring: Scoring,
    days: int,
    member_ids: list[int],
    where: str,
    params: list,
) -> None:
    sums = {row[0]: row for row in db.execute(_AGGREGATE.format(where=where), params)}
    adjustments = {row[0]: row for row in db.execute(_ADJUSTMENTS.format(where=where), params)}
    rows = []
    for member_id in member_ids:
        _, points, on_time, late, makeup, days_csv, last_day, last_at = sums.get(
            member_id, (member_id, 0, 0, 0, 0, None, None, None)
        )
        _, adjusted, last_adjustment_day = adjustments.get(member_id, (member_id, 0, None))
        mask = _mask(days_csv)
        bonus = total_streak_bonus(scoring, mask, days)
        rows.append(
            (
                member_id,
                camp_id,
                points,
                on_time,
                late,
                makeup,
                mask_to_hex(mask),
                last_day,
                last_at,
                adjusted,
                last_adjustment_day,
                bonus,
                points + bonus + adjusted,
                best_streak(mask, days),
            )
        )
    db.conn.executemany(
        "INSERT OR REPLACE INTO member_totals (member_id, camp_id, points, on_time, late, "
        "makeup, days, last_day, last_at, adjustments, last_adjustment_day, bonus, total, "
        "best_streak) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def refresh_member_totals(db: Database, camp: Camp, member_ids: Iterable[int]) -> None:
    """Recompute the totals of these members from their check-ins and adjustments."""
    scoring = camp.definition.scoring
    ids = sorted(set(member_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        _write(db, camp.id, scoring, camp.days, chunk, f"member_id IN ({marks})", chunk)


def refresh_camp_totals(db: Database, camp: Camp) -> None:
    """Recompute the totals of every member of a camp (after a bulk load or a rescore)."""
    ids = [row[0] for row in db.execute("SELECT id FROM members WHERE camp_id = ?", [camp.id])]
    _write(db, camp.id, camp.definition.scoring, camp.days, ids, "camp_id = ?", [camp.id])
