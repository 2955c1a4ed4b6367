"""Per-member running totals (the ``member_totals`` table), refreshed on every write.

The current leaderboard of a camp of 100,000 members reads these rows in rank order
rather than aggregating millions of check-ins. Every service that writes members,
check-ins or adjustments calls :func:`refresh_member_totals` inside its own
transaction, so the totals can never disagree with the rows they summarise.
Totals cover every day recorded so far; standings as of an earlier day take the
check-ins of the later days off them (or sum the days up to it, when those are fewer),
and ``in_order`` tells when a member's last counted check-in as of a day is one of that
member's latest counted day up to it. A bulk write that only adds counted check-ins (an
import's batch) adds them to the totals with :func:`add_to_member_totals`, at the cost
of the rows added rather than of every check-in its members ever made.
"""

from __future__ import annotations

from collections.abc import Iterable

from camp.db import Database, counted_in
from camp.models import Camp, Scoring
from camp.scoring import best_streak, total_streak_bonus

__all__ = [
    "NEVER",
    "add_to_member_totals",
    "last_at_from_row",
    "leave_masks",
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

#: The members among ``where`` with a counted check-in made before one of an earlier
#: day (a makeup, a late one after the next day's): their ``in_order`` is 0.
_OUT_OF_ORDER = f"""
    SELECT DISTINCT member_id FROM (
        SELECT member_id, at, MAX(at) OVER (
            PARTITION BY member_id ORDER BY day
            RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS before
        FROM checkins WHERE {counted_in()} AND {{where}}
    ) WHERE before > at
"""

_ADJUSTMENTS = """
    SELECT member_id, SUM(points), MAX(day) FROM adjustments WHERE {where} GROUP BY member_id
"""


_LEAVES = """
    SELECT member_id, day FROM requests
    WHERE kind = 'leave' AND status = 'approved' AND {where}
"""


def leave_masks(db: Database, where: str, params: list) -> dict[int, int]:
    """Per member, the mask of approved leave days (bit ``d - 1`` for day ``d``) of the
    requests matching ``where`` (on the ``requests`` table: ``camp_id = ?``, ...)."""
    masks: dict[int, int] = {}
    for member_id, day in db.execute(_LEAVES.format(where=where), params):
        masks[member_id] = masks.get(member_id, 0) | (1 << (day - 1))
    return masks


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


def _row(
    member_id: int,
    camp_id: int,
    scoring: Scoring,
    days: int,
    sums: tuple[int, int, int, int, int, int | None, str | None],
    adjusted: int,
    last_adjustment_day: int | None,
    leave: int = 0,
    in_order: bool = True,
) -> tuple:
    """A ``member_totals`` row from the member's sums (points, on time, late, makeup,
    day mask, last day, last time), adjustments, leave days and whether the counted
    check-ins are in the order of their days; ``None`` as last time is never."""
    points, on_time, late, makeup, mask, last_day, last_at = sums
    bonus = total_streak_bonus(scoring, mask, days, leave)
    return (
        member_id,
        camp_id,
        points,
        on_time,
        late,
        makeup,
        mask_to_hex(mask),
        last_day,
        NEVER if last_at is None else last_at,
        adjusted,
        last_adjustment_day,
        bonus,
        points + bonus + adjusted,
        best_streak(mask, days, leave),
        int(in_order),
    )


_REPLACE = (
    "INSERT OR REPLACE INTO member_totals (member_id, camp_id, points, on_time, late, "
    "makeup, days, last_day, last_at, adjustments, last_adjustment_day, bonus, total, "
    "best_streak, in_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


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
    # The camp leads, so the requests' unique index finds the rows.
    leaves = leave_masks(db, f"camp_id = ? AND {where}", [camp_id, *params])
    out_of_order = {row[0] for row in db.execute(_OUT_OF_ORDER.format(where=where), params)}
    rows = []
    for member_id in member_ids:
        _, points, on_time, late, makeup, days_csv, last_day, last_at = sums.get(
            member_id, (member_id, 0, 0, 0, 0, None, None, None)
        )
        _, adjusted, last_adjustment_day = adjustments.get(member_id, (member_id, 0, None))
        counted = (points, on_time, late, makeup, _mask(days_csv), last_day, last_at)
        rows.append(
            _row(
                member_id,
                camp_id,
                scoring,
                days,
                counted,
                adjusted,
                last_adjustment_day,
                leaves.get(member_id, 0),
                member_id not in out_of_order,
            )
        )
    db.conn.executemany(_REPLACE, rows)


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


def add_to_member_totals(
    db: Database, camp: Camp, added: Iterable[tuple[int, int, str, int, str]]
) -> None:
    """Add newly stored counted check-ins ``(member id, day, status, points, at)`` to
    their members' totals, in the caller's transaction.

    Only for check-ins that were added and changed no other row (none displaced): the
    sums then grow by exactly these rows. A member without a totals row yet is
    recomputed in full (:func:`refresh_member_totals`).
    """
    # Per member: points, on time, late, makeup, day mask, last day, last time, first
    # day, first time, the last time of the days before the last day, and whether the
    # added rows are in the order of their days.
    deltas: dict[int, list] = {}
    for member_id, day, status, points, at in added:
        delta = deltas.get(member_id)
        if delta is None:
            delta = deltas[member_id] = [0, 0, 0, 0, 0, day, at, day, at, "", True]
        delta[0] += points
        if status == "on_time":
            delta[1] += 1
        elif status == "late":
            delta[2] += 1
        elif status == "makeup":
            delta[3] += 1
        delta[4] |= 1 << (day - 1)
        if day > delta[5]:
            delta[10] = delta[10] and at >= delta[6]
            delta[9] = delta[6]
            delta[5] = day
        elif day < delta[5] or at < delta[9]:
            delta[10] = False
        if at > delta[6]:
            delta[6] = at
        if day < delta[7]:
            delta[7] = day
        if at < delta[8]:
            delta[8] = at
    scoring = camp.definition.scoring
    rows: list[tuple] = []
    unsure: list[int] = []  # rows whose in_order the stored summary cannot tell
    ids = sorted(deltas)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        leaves = leave_masks(db, f"camp_id = ? AND member_id IN ({marks})", [camp.id, *chunk])
        for (
            member_id,
            points,
            on_time,
            late,
            makeup,
            days_hex,
            last_day,
            last_at,
            adjusted,
            last_adjustment_day,
            in_order,
        ) in db.execute(
            "SELECT member_id, points, on_time, late, makeup, days, last_day, last_at, "
            "adjustments, last_adjustment_day, in_order FROM member_totals "
            f"WHERE member_id IN ({marks})",
            chunk,
        ):
            (
                d_points,
                d_on_time,
                d_late,
                d_makeup,
                d_mask,
                d_day,
                d_at,
                first_day,
                first_at,
                _,
                added_in_order,
            ) = deltas.pop(member_id)
            # Out of order stays out of order. In order stays so when the added rows
            # are, none of a day before the stored last day nor made before the stored
            # last check-in; otherwise the member's check-ins are looked at again.
            if in_order and not (
                added_in_order
                and (last_day is None or (first_day >= last_day and first_at >= last_at))
            ):
                unsure.append(len(rows))
            sums = (
                points + d_points,
                on_time + d_on_time,
                late + d_late,
                makeup + d_makeup,
                mask_from_hex(days_hex) | d_mask,
                d_day if last_day is None else max(last_day, d_day),
                d_at if last_at == NEVER else max(last_at, d_at),
            )
            row = _row(
                member_id,
                camp.id,
                scoring,
                camp.days,
                sums,
                adjusted,
                last_adjustment_day,
                leaves.get(member_id, 0),
                bool(in_order),
            )
            rows.append((*row[2:9], *row[11:], member_id))
    for start in range(0, len(unsure), _CHUNK):
        part = unsure[start : start + _CHUNK]
        chunk = [rows[i][-1] for i in part]
        marks = ",".join("?" * len(chunk))
        out = {
            r[0] for r in db.execute(_OUT_OF_ORDER.format(where=f"member_id IN ({marks})"), chunk)
        }
        for i in part:
            rows[i] = (*rows[i][:-2], int(rows[i][-1] not in out), rows[i][-1])
    # An update in place: half the cost of replacing the row (and its index entries).
    db.conn.executemany(
        "UPDATE member_totals SET points = ?, on_time = ?, late = ?, makeup = ?, days = ?, "
        "last_day = ?, last_at = ?, bonus = ?, total = ?, best_streak = ?, in_order = ? "
        "WHERE member_id = ?",
        rows,
    )
    if deltas:
        refresh_member_totals(db, camp, deltas)
