"""Per-member running totals (the ``member_totals`` table), refreshed on every write.

The current leaderboard of a camp of 100,000 members reads these 100,000 rows rather
than aggregating millions of check-ins. Every service that writes check-ins or
adjustments calls :func:`refresh_member_totals` inside its own transaction, so the
totals can never disagree with the rows they summarise.
"""

from __future__ import annotations

from collections.abc import Iterable

from camp.db import Database

__all__ = ["mask_from_hex", "mask_to_hex", "refresh_camp_totals", "refresh_member_totals"]

_CHUNK = 500

_AGGREGATE = """
    SELECT member_id, SUM(points),
        COUNT(CASE WHEN status = 'on_time' THEN 1 END),
        COUNT(CASE WHEN status = 'late' THEN 1 END),
        COUNT(CASE WHEN status = 'makeup' THEN 1 END),
        group_concat(DISTINCT day), MAX(day), MAX(at)
    FROM checkins
    WHERE status IN ('on_time', 'late', 'makeup') AND {where}
    GROUP BY member_id
"""

_ADJUSTMENTS = """
    SELECT member_id, SUM(points), MAX(day) FROM adjustments WHERE {where} GROUP BY member_id
"""


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


def _write(db: Database, camp_id: int, member_ids: list[int], where: str, params: list) -> None:
    sums = {row[0]: row for row in db.execute(_AGGREGATE.format(where=where), params)}
    adjustments = {row[0]: row for row in db.execute(_ADJUSTMENTS.format(where=where), params)}
    rows = []
    for member_id in member_ids:
        s = sums.get(member_id)
        a = adjustments.get(member_id)
        rows.append(
            (
                member_id,
                camp_id,
                s[1] if s else 0,
                s[2] if s else 0,
                s[3] if s else 0,
                s[4] if s else 0,
                mask_to_hex(_mask(s[5])) if s else "0",
                s[6] if s else None,
                s[7] if s else None,
                a[1] if a else 0,
                a[2] if a else None,
            )
        )
    db.conn.executemany(
        "INSERT OR REPLACE INTO member_totals (member_id, camp_id, points, on_time, late, "
        "makeup, days, last_day, last_at, adjustments, last_adjustment_day) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def refresh_member_totals(db: Database, camp_id: int, member_ids: Iterable[int]) -> None:
    """Recompute the totals of these members from their check-ins and adjustments."""
    ids = sorted(set(member_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        _write(db, camp_id, chunk, f"member_id IN ({marks})", chunk)


def refresh_camp_totals(db: Database, camp_id: int) -> None:
    """Recompute the totals of every member of a camp (after a bulk load or a rescore)."""
    ids = [row[0] for row in db.execute("SELECT id FROM members WHERE camp_id = ?", [camp_id])]
    _write(db, camp_id, ids, "camp_id = ?", [camp_id])
