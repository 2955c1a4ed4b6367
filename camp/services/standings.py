"""Standings of a camp as of any day: members, pairs or teams."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from camp.calendar import camp_days, progress
from camp.db import Database, counted_in
from camp.errors import CampError
from camp.leaderboard import BY_CHOICES, Leaderboard
from camp.models import Camp
from camp.scoring import (
    Standing,
    Tally,
    current_streak,
    member_standings,
    pair_standings,
    team_standings,
)
from camp.services.camps import get_camp
from camp.services.totals import last_at_from_row, mask_from_hex

__all__ = ["MemberStanding", "member_standing", "standings_as_of", "tallies_as_of"]

# SQLite integers are signed 64-bit: day bits go in blocks of 62 per column.
_MASK_BLOCK = 62


def _mask_columns(days: int) -> list[str]:
    columns = []
    for block in range((days + _MASK_BLOCK - 1) // _MASK_BLOCK):
        lo = block * _MASK_BLOCK + 1
        hi = lo + _MASK_BLOCK - 1
        columns.append(
            f"SUM(DISTINCT CASE WHEN c.day BETWEEN {lo} AND {hi} THEN 1 << (c.day - {lo}) END)"
        )
    return columns


def _totals_are_current(db: Database, camp: Camp, as_of_day: int) -> bool:
    """True when nothing is recorded after ``as_of_day``, so the running totals apply."""
    # Two separate MAX queries: each is one step down its own index.
    latest = [
        db.execute(
            f"SELECT MAX({column}) FROM member_totals WHERE camp_id = ?", [camp.id]
        ).fetchone()[0]
        for column in ("last_day", "last_adjustment_day")
    ]
    return all(day is None or day <= as_of_day for day in latest)


def tallies_as_of(
    db: Database, camp: Camp, as_of_day: int, *, include_removed: bool = False
) -> list[Tally]:
    """Per-member sums of counted check-ins and adjustments up to ``as_of_day``.

    When nothing is recorded after ``as_of_day`` (the usual case: today's standings)
    the sums come from ``member_totals``, one row per member; otherwise they are
    aggregated from the check-ins themselves.
    """
    if _totals_are_current(db, camp, as_of_day):
        return _tallies_from_totals(db, camp, include_removed)
    return _tallies_from_checkins(db, camp, as_of_day, include_removed)


_RANKED_TOTALS = """
    SELECT m.name, t.total, t.on_time, t.late, t.makeup, t.best_streak, t.last_at, t.days
    FROM member_totals t JOIN members m ON m.id = t.member_id
    WHERE t.camp_id = ? AND (? OR m.status != 'removed')
    ORDER BY t.total DESC, t.on_time DESC, t.last_at, m.name
    LIMIT ? OFFSET ?
"""


def _shared_rank(db: Database, camp: Camp, include_removed: bool, total: int, on_time: int) -> int:
    """The rank of an entry with ``total`` and ``on_time``: one more than the entries ahead.

    A page that starts in the middle of a tie takes its first rank from the points, not
    from its position. The entries ahead are counted on the ``member_totals_rank`` index
    alone; removed members among them (few) are then taken off.
    """
    better = "(t.total > ? OR (t.total = ? AND t.on_time > ?))"
    ahead = db.execute(
        f"SELECT COUNT(*) FROM member_totals t WHERE t.camp_id = ? AND {better}",
        [camp.id, total, total, on_time],
    ).fetchone()[0]
    if not include_removed:
        ahead -= db.execute(
            f"""
            SELECT COUNT(*) FROM members m JOIN member_totals t ON t.member_id = m.id
            WHERE m.camp_id = ? AND m.status = 'removed' AND {better}
            """,
            [camp.id, total, total, on_time],
        ).fetchone()[0]
    return ahead + 1


def _ranked_members_from_totals(
    db: Database,
    camp: Camp,
    as_of: int,
    still_open: bool,
    include_removed: bool,
    top: int | None,
    offset: int = 0,
) -> tuple[list[Standing], int]:
    """Member entries read in rank order from ``member_totals`` (SPEC section 4's order).

    The same order as ``scoring.rank_standings``: total, on-time count, earlier last
    counted check-in (none last), name; stored times are UTC text of one shape and
    names compare by code point in both. ``offset`` rows are skipped in SQLite (the
    ``member_totals_rank`` index walks past them), then ``top`` rows are read.
    """
    rows = db.execute(
        _RANKED_TOTALS, [camp.id, include_removed, -1 if top is None else top, offset]
    )
    entries: list[Standing] = []
    rank, previous = 0, None
    for position, (name, total, on_time, late, makeup, best, last_at, days) in enumerate(
        rows, start=offset + 1
    ):
        if (total, on_time) != previous:
            if previous is None and offset > 0:
                rank = _shared_rank(db, camp, include_removed, total, on_time)
            else:
                rank = position
            previous = (total, on_time)
        mask = mask_from_hex(days)
        entries.append(
            Standing(
                rank,
                name,
                total,
                on_time,
                late,
                makeup,
                current_streak(mask, as_of, still_open),
                best,
                (name,),
                last_at_from_row(last_at),
                mask,
            )
        )
    if top is None and offset == 0:
        return entries, len(entries)
    count = db.execute(
        "SELECT COUNT(*) FROM members WHERE camp_id = ? AND (? OR status != 'removed')",
        [camp.id, include_removed],
    ).fetchone()[0]
    return entries, count


def _tallies_from_totals(db: Database, camp: Camp, include_removed: bool) -> list[Tally]:
    rows = db.execute(
        """
        SELECT m.id, m.name, p.name, m.team, t.points, t.on_time, t.late, t.makeup,
            t.days, t.last_at, t.adjustments
        FROM members m
        LEFT JOIN pairs p ON p.id = m.pair_id
        LEFT JOIN member_totals t ON t.member_id = m.id
        WHERE m.camp_id = ? AND (? OR m.status != 'removed')
        """,
        [camp.id, include_removed],
    )
    return [
        Tally(
            member_id=r[0],
            name=r[1],
            checkin_points=r[4] or 0,
            on_time=r[5] or 0,
            late=r[6] or 0,
            makeup=r[7] or 0,
            mask=mask_from_hex(r[8]),
            last_counted_at=last_at_from_row(r[9]) if r[9] else None,
            adjustments=r[10] or 0,
            pair=r[2],
            team=r[3],
        )
        for r in rows
    ]


def _tallies_from_checkins(
    db: Database, camp: Camp, as_of_day: int, include_removed: bool
) -> list[Tally]:
    masks = _mask_columns(camp.days)
    sql = f"""
        SELECT m.id, m.name, p.name AS pair, m.team,
            COALESCE(SUM(c.points), 0),
            COUNT(CASE WHEN c.status = 'on_time' THEN 1 END),
            COUNT(CASE WHEN c.status = 'late' THEN 1 END),
            COUNT(CASE WHEN c.status = 'makeup' THEN 1 END),
            MAX(c.at),
            {", ".join(masks)}
        FROM members m
        LEFT JOIN pairs p ON p.id = m.pair_id
        LEFT JOIN checkins c ON c.member_id = m.id
            AND {counted_in('c.status')} AND c.day <= ?
        WHERE m.camp_id = ? AND (? OR m.status != 'removed')
        GROUP BY m.id
    """
    adjustments = dict(
        db.execute(
            "SELECT member_id, SUM(points) FROM adjustments WHERE camp_id = ? AND day <= ? "
            "GROUP BY member_id",
            [camp.id, as_of_day],
        ).fetchall()
    )
    tallies = []
    for row in db.execute(sql, [as_of_day, camp.id, include_removed]):
        mask = 0
        for block, part in enumerate(row[9:]):
            if part:
                mask |= part << (block * _MASK_BLOCK)
        tallies.append(
            Tally(
                member_id=row[0],
                name=row[1],
                checkin_points=row[4],
                on_time=row[5],
                late=row[6],
                makeup=row[7],
                mask=mask,
                last_counted_at=row[8],
                adjustments=adjustments.get(row[0], 0),
                pair=row[2],
                team=row[3],
            )
        )
    return tallies


def standings_as_of(
    db: Database,
    slug: str,
    *,
    now: pendulum.DateTime,
    by: str = "member",
    day: int | None = None,
    top: int | None = None,
    include_removed: bool = False,
    offset: int = 0,
) -> Leaderboard:
    """The leaderboard of a camp as of the end of ``day`` (default: the current day).

    While the as-of day's windows are still open, streaks are shown as of the day
    before, so nobody's streak looks broken before they had a chance to check in.
    ``offset`` skips the best entries and ``top`` limits how many follow: one page of a
    long board is ``offset=(page - 1) * size, top=size``, with the ranks of the whole
    board (a tie that starts on the page before keeps its shared rank).
    """
    camp = get_camp(db, slug)
    if by not in BY_CHOICES:
        raise CampError(f"--by {by!r} is not one of {', '.join(BY_CHOICES)}.")
    if by == "pair" and camp.definition.group != "pair":
        raise CampError(
            f"Camp {camp.slug} has no pairs (group = {camp.definition.group!r}); use --by member."
        )
    if by == "team" and camp.definition.group != "team":
        raise CampError(
            f"Camp {camp.slug} has no teams (group = {camp.definition.group!r}); use --by member."
        )
    state = progress(camp_days(camp), now)
    if day is None:
        as_of, still_open = max(state.day, 0), state.still_open
    else:
        if not 1 <= day <= camp.days:
            raise CampError(f"--day {day} is outside the camp's days 1..{camp.days}.")
        as_of = day
        still_open = day == state.day and state.still_open
    if top is not None and top < 1:
        raise CampError(f"--top {top} must be at least 1.")
    if offset < 0:
        raise CampError(f"The offset {offset} must not be negative.")
    if by == "member" and _totals_are_current(db, camp, as_of):
        entries, total = _ranked_members_from_totals(
            db, camp, as_of, still_open, include_removed, top, offset
        )
        return Leaderboard(camp, by, as_of, still_open, entries, total, offset)
    scoring = camp.definition.scoring
    tallies = tallies_as_of(db, camp, as_of, include_removed=include_removed)
    build = {"member": member_standings, "pair": pair_standings, "team": team_standings}[by]
    entries = build(tallies, scoring, as_of, still_open)
    total = len(entries)
    if offset or top is not None:
        entries = entries[offset : None if top is None else offset + top]
    return Leaderboard(camp, by, as_of, still_open, entries, total, offset)


@dataclass(frozen=True)
class MemberStanding:
    """One member's place now: points, rank (shared on ties), current streak, days
    counted, and the camp day it is as of."""

    name: str
    total: int
    rank: int
    streak: int
    days_counted: int
    as_of_day: int
    members: int


def member_standing(
    db: Database, camp: Camp, member_id: int, now: pendulum.DateTime
) -> MemberStanding:
    """What ``/me`` answers, read from the member's running totals (no recount)."""
    state = progress(camp_days(camp), now)
    as_of = min(max(state.day, 0), camp.days)
    row = db.execute(
        "SELECT m.name, t.total, t.on_time, t.days FROM members m "
        "LEFT JOIN member_totals t ON t.member_id = m.id WHERE m.id = ?",
        [member_id],
    ).fetchone()
    if row is None:
        raise CampError(f"No member {member_id} in camp {camp.slug}.")
    name, total, on_time, days = row
    total, on_time = total or 0, on_time or 0
    mask = mask_from_hex(days or "0")
    members = db.execute(
        "SELECT COUNT(*) FROM members WHERE camp_id = ? AND status != 'removed'", [camp.id]
    ).fetchone()[0]
    return MemberStanding(
        name,
        total,
        _shared_rank(db, camp, False, total, on_time),
        current_streak(mask, as_of, state.still_open),
        bin(mask).count("1"),
        as_of,
        members,
    )
