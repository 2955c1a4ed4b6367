"""Recording check-ins and adjustments, judged against the camp's windows."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import pendulum

from camp.calendar import Progress, camp_days, parse_local_time, progress, today_of
from camp.clock import from_utc_text, utc_text
from camp.db import Database, counted_in, insert_row, write_transaction
from camp.errors import CampError
from camp.judging import Placement, SlotIndex, first_claimant, makeup_problem, slot_key
from camp.models import COUNTED_STATUSES, Camp, CheckIn, Day, Member
from camp.scoring import checkin_points
from camp.services.camps import get_camp
from camp.services.members import find_member, name_like_pattern
from camp.services.slots import SlotBook
from camp.services.standings import BOARD_ORDER, keyset_rows
from camp.services.totals import leave_masks, refresh_member_totals

__all__ = [
    "DAY_STATUSES",
    "GRID_SORTS",
    "MAX_ADJUSTMENT",
    "CheckinResult",
    "DayGridPage",
    "MemberDays",
    "VoidResult",
    "adjust_points",
    "checkin_grid_page",
    "checkins_of",
    "judge_checkin",
    "next_window_open",
    "parse_checkin_time",
    "record_checkin",
    "void_checkin",
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
        day: Day | None
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
            # For the tie-break a makeup counts as made when the day it repairs was due.
            moment = _makeup_moment(day, window, _windows_for(camp, member))
            status, points = "makeup", checkin_points(scoring, day.difficulty, "makeup", score)
            placement = Placement(day=day.number, window=window, status="makeup")
        else:
            placement = _slot_index(days).place(moment, _windows_for(camp, member))
            day = days[placement.day - 1] if placement.day else None
            if placement.status in COUNTED_STATUSES:
                _check_score(day, score)
            elif score is not None:
                _check_score(None, score)
            decision = SlotBook(db, camp).claim(member.id, placement, utc_text(moment))
            status, replaced = decision.status, decision.displaced
            points = (
                checkin_points(scoring, day.difficulty, status, score)
                if day is not None and status in COUNTED_STATUSES
                else 0
            )
        row_id = insert_row(
            db,
            "checkins",
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
            },
        )
        if member.status == "warned" and status in COUNTED_STATUSES:
            db.execute("UPDATE members SET status = 'active' WHERE id = ?", [member.id])
        refresh_member_totals(db, camp, [member.id])
    return CheckinResult(
        row_id, member.name, moment, status, placement.day, placement.window, points, replaced
    )


def judge_checkin(
    db: Database, slug: str, member_name: str, *, at: pendulum.DateTime
) -> tuple[str, Placement]:
    """How a check-in of ``member_name`` at ``at`` would be placed, without recording
    it: the member's name as stored and the placement (``on_time``, ``late`` or
    ``outside``, with its day and window). Asked before recording one that would not
    be on time."""
    camp = get_camp(db, slug)
    member = find_member(db, camp, member_name, include_removed=False)
    placement = _slot_index(camp_days(camp)).place(
        at.in_tz(camp.timezone), _windows_for(camp, member)
    )
    return member.name, placement


def _makeup_moment(
    day: Day, window: str | None, windows: frozenset[str] | None
) -> pendulum.DateTime:
    """The due time of what a makeup repairs: its window, the member's shift window, or
    the day's last due time (SPEC section 4: makeups tie-break at that time)."""
    slots = [
        slot
        for slot in day.slots
        if (window is None or slot.window.name == window)
        and (windows is None or slot.window.name in windows)
    ] or list(day.slots)
    return max((slot.due for slot in slots), key=lambda due: due.timestamp())


def _makeup_window(db: Database, camp: Camp, member: Member, day: Day) -> str | None:
    """The window a makeup fills: none needed unless every window is its own check-in."""
    counted = {
        row[0]
        for row in db.execute(
            f"SELECT window_name FROM checkins WHERE member_id = ? AND day = ? AND {counted_in()}",
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


#: The largest bonus or penalty, in points: far beyond any camp's scores, and small
#: enough that totals stay exact integers in SQLite (a typo is refused, not stored).
MAX_ADJUSTMENT = 1_000_000


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
    if abs(points) > MAX_ADJUSTMENT:
        raise CampError(
            f"An adjustment of {points} points is beyond {MAX_ADJUSTMENT:,} either way; "
            "check the number (a day's check-in is worth tens of points)."
        )
    if day is None:
        day = min(max(progress(camp_days(camp), now).day, 1), camp.days)
    elif not 1 <= day <= camp.days:
        raise CampError(f"--day {day} is outside the camp's days 1..{camp.days}.")
    with write_transaction(db):
        member = find_member(db, camp, member_name, include_removed=False)
        insert_row(
            db,
            "adjustments",
            {
                "camp_id": camp.id,
                "member_id": member.id,
                "points": points,
                "reason": reason.strip(),
                "day": day,
                "created": utc_text(now),
            },
        )
        refresh_member_totals(db, camp, [member.id])
    return {"member": member.name, "points": points, "reason": reason.strip(), "day": day}


def checkins_of(
    db: Database, slug: str, member_name: str, *, day: int | None = None
) -> list[CheckIn]:
    """A member's recorded check-ins (of ``day`` when given), counted or not, oldest first."""
    camp = get_camp(db, slug)
    member = find_member(db, camp, member_name)
    sql = (
        "SELECT id, member_id, at, status, day, window_name, points, score, text, source "
        "FROM checkins WHERE member_id = ?"
    )
    params: list = [member.id]
    if day is not None:
        sql += " AND day = ?"
        params.append(day)
    return [
        CheckIn(
            id=row[0],
            member_id=row[1],
            at=from_utc_text(row[2]).in_tz(camp.timezone),
            status=row[3],
            day=row[4],
            window=row[5],
            points=row[6],
            score=row[7],
            text=row[8],
            source=row[9],
        )
        for row in db.execute(sql + " ORDER BY at, id", params)
    ]


@dataclass(frozen=True)
class VoidResult:
    """A check-in taken back, and the check-in of the same slot that counts instead, if any."""

    id: int
    member: str
    at: pendulum.DateTime
    status: str
    day: int | None
    window: str | None
    points: int
    reason: str
    promoted: CheckinResult | None = None


def void_checkin(
    db: Database, slug: str, checkin_id: int, *, reason: str, now: pendulum.DateTime
) -> VoidResult:
    """Take back a check-in recorded by mistake, keeping it for audit.

    The row moves from ``checkins`` to ``voided_checkins`` with the time and the
    reason, so no count, total or slot sees it again (and a chat import does not bring
    it back: its message is still known). When it held its slot, the earliest other
    check-in of that slot (stored as ``duplicate``) is judged again and counts in its
    place. The member's totals are refreshed in the same transaction.
    """
    camp = get_camp(db, slug)
    if not reason or not reason.strip():
        raise CampError("Voiding a check-in needs a reason, e.g. 'recorded for the wrong member'.")
    with write_transaction(db):
        row = db.execute(
            "SELECT c.id, c.member_id, m.name, c.at, c.day, c.window_name, c.status, c.points "
            "FROM checkins c JOIN members m ON m.id = c.member_id "
            "WHERE c.id = ? AND c.camp_id = ?",
            [checkin_id, camp.id],
        ).fetchone()
        if row is None:
            raise CampError(
                f"No check-in {checkin_id} in camp {camp.slug}; it may have been voided already."
            )
        _, member_id, name, at, day, window, status, points = row
        db.execute(
            "INSERT INTO voided_checkins (checkin_id, camp_id, member_id, at, day, window_name, "
            "status, points, score, text, source, fingerprint, created, voided, reason) "
            "SELECT id, camp_id, member_id, at, day, window_name, status, points, score, text, "
            "source, fingerprint, created, ?, ? FROM checkins WHERE id = ?",
            [utc_text(now), reason.strip(), checkin_id],
        )
        db.execute("DELETE FROM checkins WHERE id = ?", [checkin_id])
        promoted = None
        if status in COUNTED_STATUSES and day is not None:
            member = find_member(db, camp, name)
            promoted = _promote_duplicate(db, camp, member, Placement(day, window, status))
        refresh_member_totals(db, camp, [member_id])
    return VoidResult(
        checkin_id,
        name,
        from_utc_text(at).in_tz(camp.timezone),
        status,
        day,
        window,
        points,
        reason.strip(),
        promoted,
    )


def _promote_duplicate(
    db: Database, camp: Camp, member: Member, freed: Placement
) -> CheckinResult | None:
    """Judge the slot's ``duplicate`` check-ins again, earliest first; the first that
    counts takes the freed slot (:func:`camp.judging.first_claimant`). Runs inside the
    caller's transaction."""
    days = camp_days(camp)
    mode = camp.definition.checkin_mode
    sql = (
        "SELECT id, at, score FROM checkins WHERE member_id = ? AND day = ? "
        "AND status = 'duplicate'"
    )
    params: list = [member.id, freed.day]
    if len(slot_key(mode, freed)) > 1:
        sql += " AND window_name = ?"
        params.append(freed.window)
    index = _slot_index(days)
    windows = _windows_for(camp, member)
    rows = db.execute(sql + " ORDER BY at, id", params).fetchall()
    chosen = first_claimant(
        mode, freed, ((row, index.place(from_utc_text(row[1]), windows)) for row in rows)
    )
    if chosen is None:
        return None
    (checkin_id, at, score), placement = chosen
    assert placement.day is not None  # a placement that counts has its day
    day = days[placement.day - 1]
    points = checkin_points(camp.definition.scoring, day.difficulty, placement.status, score)
    db.execute(
        "UPDATE checkins SET status = ?, window_name = ?, points = ? WHERE id = ?",
        [placement.status, placement.window, points, checkin_id],
    )
    return CheckinResult(
        checkin_id,
        member.name,
        from_utc_text(at).in_tz(camp.timezone),
        placement.status,
        placement.day,
        placement.window,
        points,
    )


#: What a cell of the check-ins grid can hold, for one member and one day.
DAY_STATUSES: tuple[str, ...] = (
    "on_time",
    "late",
    "makeup",
    "excused",
    "missed",
    "pending",
    "upcoming",
)
# When a day holds several counted check-ins (one per window in ``all`` mode), the
# cell shows the least punctual of them.
_CELL_ORDER = {"on_time": 0, "late": 1, "makeup": 2}


@dataclass(frozen=True)
class MemberDays:
    """One member's line of the grid: total points and one status per camp day."""

    name: str
    points: int
    makeup: int
    days: tuple[str, ...]


@dataclass(frozen=True)
class DayGridPage:
    """A page of the members × days grid, members in ``sort`` order (:data:`GRID_SORTS`).

    ``total`` counts every member matching the search; ``today`` is the running day
    (0 when none) and ``closed_through`` the last day whose windows have all closed.
    ``first_key`` and ``last_key`` are the sort keys of the page's first and last rows:
    the pages before and after are read from them.
    """

    slug: str
    days: int
    today: int
    still_open: bool
    closed_through: int
    makeup_limit: int
    offset: int
    total: int
    rows: tuple[MemberDays, ...]
    sort: str = "name"
    descending: bool = False
    first_key: tuple | None = None
    last_key: tuple | None = None


#: The grid's orders: name, points (the leaderboard's order), makeups (most first, then
#: joined order) and joined order. ``descending`` reverses each.
GRID_SORTS = ("name", "points", "makeups", "joined")

_GRID_SELECT = (
    "SELECT m.id, m.name, t.total, t.makeup, t.on_time, t.last_at "
    "FROM member_totals t JOIN members m ON m.id = t.member_id"
)


def _grid_key(sort: str, row: tuple) -> tuple:
    member_id, name, total, makeup, on_time, last_at = row
    return {
        "name": (name,),
        "joined": (member_id,),
        "points": (total, on_time, last_at, name),
        "makeups": (makeup, member_id),
    }[sort]


def _grid_segments(sort: str, descending: bool) -> list[tuple[str, list[tuple[str, bool]]]]:
    """The parts of the grid's order, each a condition and an order one index serves:
    members with makeups come from their partial index, the others in joined order."""
    if sort == "makeups":
        some = ("t.makeup > 0", [("t.makeup", True), ("t.member_id", False)])
        none = ("t.makeup = 0", [("m.id", False)])
        segments = [some, none]
    else:
        order = {
            "name": [("m.name", False)],
            "joined": [("m.id", False)],
            "points": list(BOARD_ORDER),
        }[sort]
        segments = [("1", order)]
    if descending:
        segments = [(cond, [(c, not d) for c, d in order]) for cond, order in reversed(segments)]
    return segments


def _grid_rows(
    db: Database,
    where: str,
    params: list,
    sort: str,
    descending: bool,
    after: tuple | None,
    limit: int,
) -> list[tuple]:
    """``limit`` rows in the grid's order after the key ``after`` (from the start when
    ``None``), read by seeking (:func:`keyset_rows`), never by skipping."""
    segments = _grid_segments(sort, descending)
    first = 0
    if after is not None and sort == "makeups":
        has = after[0] > 0
        first = next(i for i, (cond, _) in enumerate(segments) if (cond == "t.makeup > 0") == has)
    rows: list[tuple] = []
    for index in range(first, len(segments)):
        if len(rows) >= limit:
            break
        cond, order = segments[index]
        key = None
        if index == first and after is not None:
            key = after[1:] if cond == "t.makeup = 0" else after
        rows += keyset_rows(
            db,
            _GRID_SELECT,
            f"{where} AND {cond}",
            params,
            order,
            after=key,
            limit=limit - len(rows),
        )
    return rows


def _grid_today(camp: Camp, state: Progress, now: pendulum.DateTime) -> int:
    """The day the grid marks as today: the Today tab's (:func:`camp.calendar.today_of`),
    so before tonight's window opens it is tonight's day, not last night's; 0 outside
    the camp."""
    if not state.started or state.finished:
        return 0
    day = today_of(camp_days(camp), now.in_tz(camp.timezone), state.day)
    return day.number if day is not None else state.day


def checkin_grid_page(
    db: Database,
    slug: str,
    *,
    now: pendulum.DateTime,
    offset: int = 0,
    limit: int = 200,
    search: str = "",
    names: Collection[str] | None = None,
    sort: str = "name",
    descending: bool = False,
    after: tuple | None = None,
    before: tuple | None = None,
    excluded: Collection[str] | None = None,
) -> DayGridPage:
    """Each day's status for a page of the camp's members (removed ones left out).

    Per cell: ``on_time``, ``late`` or ``makeup`` (the day counts), ``excused`` (an
    approved leave day that did not count), ``missed`` (a closed
    day without a counted check-in), ``pending`` (today, still open, not yet counted) or
    ``upcoming``. Only the page's members' check-ins are read, so a page of a camp of
    100,000 members costs the same as a page of a small one. ``search`` keeps names
    containing it (case-insensitive for Latin letters); ``names`` keeps those members
    (a name index's matches: pinyin too); ``excluded`` leaves those members out instead
    (a filter most names pass, one letter: its few misses are the smaller list).

    The members are in ``sort`` order (:data:`GRID_SORTS`; ``descending`` reverses it).
    ``after`` (a page's ``last_key``) reads the page that follows, ``before`` (its
    ``first_key``) the one above; both seek the key in an index, so a page deep in the
    camp reads as fast as the first. ``offset`` then tells the page's first row's
    position, for the summary; without a key, ``offset`` rows are skipped.
    """
    if sort not in GRID_SORTS:
        raise CampError(f"Sort {sort!r} is not one of {', '.join(GRID_SORTS)}.")
    camp = get_camp(db, slug)
    state = progress(camp_days(camp), now)
    closed_through = state.day - 1 if state.still_open else state.day
    where = "m.camp_id = ? AND m.status != 'removed'"
    params: list = [camp.id]
    if search.strip():
        where += " AND m.name LIKE ? ESCAPE '\\'"
        params.append(name_like_pattern(search.strip()))
    if names is not None:
        where += " AND m.name IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(names)))
    if excluded is not None:
        where += " AND m.name NOT IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(excluded)))
    if excluded is not None and names is None and not search.strip():
        # The excluded are members still in the camp (a name index's names): the rest
        # are counted by the index-only counts, less them.
        total = db.execute(
            "SELECT (SELECT COUNT(*) FROM members WHERE camp_id = ?) - (SELECT COUNT(*) "
            "FROM members WHERE camp_id = ? AND status = 'removed')",
            [camp.id, camp.id],
        ).fetchone()[0] - len(excluded)
    elif names is not None and len(names) > _NAMES_COUNTED and not search.strip():
        # A name index's matches are the camp's members: looking 80,000 up costs more
        # than the page.
        total = len(names)
    elif names is None and not search.strip():
        # Two index-only counts (every member, the removed ones) rather than a read of
        # every member's row.
        total = db.execute(
            "SELECT (SELECT COUNT(*) FROM members WHERE camp_id = ?) - (SELECT COUNT(*) "
            "FROM members WHERE camp_id = ? AND status = 'removed')",
            [camp.id, camp.id],
        ).fetchone()[0]
    else:
        total = db.execute(f"SELECT COUNT(*) FROM members m WHERE {where}", params).fetchone()[0]
    if sort == "points":
        # The leaderboard's index leads: the camp is named on its table.
        where = where.replace("m.camp_id = ?", "t.camp_id = ?", 1)
    limit = max(limit, 0)
    if before is not None:
        found = _grid_rows(db, where, params, sort, not descending, before, limit)[::-1]
    elif after is not None:
        found = _grid_rows(db, where, params, sort, descending, after, limit)
    elif offset > 0:
        # No key to seek: the rows before are skipped (a small camp, or a first look).
        found = _grid_rows(db, where, params, sort, descending, None, offset + limit)[offset:]
    else:
        found = _grid_rows(db, where, params, sort, descending, None, limit)
    members = [(row[0], row[1], row[2], row[3]) for row in found]
    best: dict[tuple[int, int], str] = {}
    ids = [row[0] for row in members]
    if ids:
        marks = ",".join("?" * len(ids))
        for member_id, day, status in db.execute(
            f"SELECT member_id, day, status FROM checkins WHERE member_id IN ({marks}) "
            f"AND {counted_in()} AND day IS NOT NULL",
            ids,
        ):
            held = best.get((member_id, day))
            if held is None or _CELL_ORDER[status] > _CELL_ORDER[held]:
                best[(member_id, day)] = status
        leaves = leave_masks(db, f"camp_id = ? AND member_id IN ({marks})", [camp.id, *ids])
    else:
        leaves = {}

    def cell(member_id: int, day: int) -> str:
        counted = best.get((member_id, day))
        if counted:
            return counted
        if leaves.get(member_id, 0) >> (day - 1) & 1:
            return "excused"
        if day <= closed_through:
            return "missed"
        return "pending" if day == state.day and state.still_open else "upcoming"

    rows = tuple(
        MemberDays(
            name,
            points or 0,
            makeup or 0,
            tuple(cell(member_id, day) for day in range(1, camp.days + 1)),
        )
        for member_id, name, points, makeup in members
    )
    return DayGridPage(
        slug=camp.slug,
        days=camp.days,
        today=_grid_today(camp, state, now),
        still_open=state.still_open,
        closed_through=closed_through,
        makeup_limit=camp.definition.scoring.makeup_limit,
        offset=max(offset, 0),
        total=total,
        rows=rows,
        sort=sort,
        descending=descending,
        first_key=_grid_key(sort, found[0]) if found else None,
        last_key=_grid_key(sort, found[-1]) if found else None,
    )


#: Up to this many names, each is looked up to count the members found.
_NAMES_COUNTED = 2000
