"""Standings of a camp as of any day: members, pairs or teams."""

from __future__ import annotations

import json
import time
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

import pendulum

from camp.calendar import camp_days, progress
from camp.clock import from_utc_text, utc_text
from camp.collector import collector_paused
from camp.db import Database, counted_in
from camp.errors import CampError
from camp.leaderboard import BY_CHOICES, Leaderboard
from camp.models import Camp
from camp.outcomes import member_outcome
from camp.scoring import (
    Standing,
    Tally,
    best_streak,
    current_streak,
    member_standings,
    pair_standings,
    team_standings,
    total_streak_bonus,
)
from camp.services.camps import get_camp
from camp.services.stored_boards import (
    BoardRow,
    board_is_stored,
    board_rules,
    nearest_stored_day,
    read_stored_board,
    read_stored_figures,
    reading_to_store,
    store_board,
)
from camp.services.totals import (
    NEVER,
    last_at_from_row,
    leave_masks,
    mask_from_hex,
    mask_to_hex,
)

__all__ = [
    "BOARD_ORDER",
    "BoardPlace",
    "JoinDays",
    "MemberStanding",
    "RankKey",
    "board_day",
    "board_from_tallies",
    "camp_leaves",
    "first_day_of",
    "keep_board",
    "keep_finished_boards",
    "keep_past_boards",
    "keyset_rows",
    "member_standing",
    "place_of",
    "rank_key",
    "standings_as_of",
    "tallies_as_of",
]

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


_BOARD_SELECT = """
    SELECT m.name, t.total, t.on_time, t.late, t.makeup, t.best_streak, t.last_at, t.days,
        m.id
    FROM member_totals t JOIN members m ON m.id = t.member_id
"""
_BOARD_WHERE = "t.camp_id = ? AND (? OR m.status != 'removed')"
#: SPEC section 4's order of the member board as stored, (column, descending): the
#: ``member_totals_rank`` index up to ``last_at``, then the name.
BOARD_ORDER: tuple[tuple[str, bool], ...] = (
    ("t.total", True),
    ("t.on_time", True),
    ("t.last_at", False),
    ("m.name", False),
)

#: Where an entry sorts on the member board: total, on-time count, stored last counted
#: time (``~`` for none), name.
RankKey = tuple[int, int, str, str]


def rank_key(entry: Standing) -> RankKey:
    """The place of a member ``entry`` in :data:`BOARD_ORDER`."""
    return (entry.points, entry.on_time, entry.last_counted_at or NEVER, entry.name)


def _sorts_before(a: RankKey, b: RankKey) -> bool:
    return (-a[0], -a[1], a[2], a[3]) < (-b[0], -b[1], b[2], b[3])


def _order_by(order: Sequence[tuple[str, bool]]) -> str:
    return ", ".join(f"{column} DESC" if desc else column for column, desc in order)


def keyset_rows(
    db: Database,
    select: str,
    where: str,
    params: Sequence,
    order: Sequence[tuple[str, bool]],
    *,
    after: Sequence | None = None,
    limit: int | None = None,
) -> list[tuple]:
    """Rows of ``select WHERE where`` in ``order`` that sort after the key ``after``
    (its values of the order's columns), at most ``limit`` of them.

    Read by seeking, not skipping: "after (A, B, C)" is, in order, the rows with
    (a = A, b = B, c past C), then (a = A, b past B), then (a past A); each is a range
    of an index in that order and is read only while rows are still wanted. An OFFSET
    would visit every row before the page instead.
    """
    wanted = -1 if limit is None else limit
    if after is None:
        return db.execute(
            f"{select} WHERE {where} ORDER BY {_order_by(order)} LIMIT ?", [*params, wanted]
        ).fetchall()
    rows: list[tuple] = []
    for depth in range(len(order) - 1, -1, -1):
        if limit is not None and len(rows) >= limit:
            break
        same = [f"{column} = ?" for column, _ in order[:depth]]
        column, desc = order[depth]
        cond = " AND ".join([*same, f"{column} {'<' if desc else '>'} ?"])
        rows += db.execute(
            f"{select} WHERE {where} AND {cond} ORDER BY {_order_by(order[depth:])} LIMIT ?",
            [*params, *after[: depth + 1], -1 if limit is None else limit - len(rows)],
        ).fetchall()
    return rows


def _removed_keys(db: Database, camp: Camp) -> list[RankKey]:
    """The board keys of the camp's removed members (few; the partial index finds them)."""
    return db.execute(
        "SELECT t.total, t.on_time, t.last_at, m.name FROM members m "
        "JOIN member_totals t ON t.member_id = m.id "
        "WHERE m.camp_id = ? AND m.status = 'removed'",
        [camp.id],
    ).fetchall()


def _better_than(db: Database, camp: Camp, total: int, on_time: int, include_removed: bool) -> int:
    """Entries with more points, or as many and more on time: one less than the rank of
    an entry with ``total`` and ``on_time`` (ties share it). Two counts over the
    ``member_totals_rank`` index alone (one with an OR costs three times as much);
    removed members among them (few) are then taken off."""
    better = db.execute(
        "SELECT (SELECT COUNT(*) FROM member_totals WHERE camp_id = ? AND total > ?)"
        " + (SELECT COUNT(*) FROM member_totals WHERE camp_id = ? AND total = ? AND on_time > ?)",
        [camp.id, total, camp.id, total, on_time],
    ).fetchone()[0]
    if not include_removed:
        better -= sum(1 for r in _removed_keys(db, camp) if (r[0], r[1]) > (total, on_time))
    return better


def _ahead_of(
    db: Database, camp: Camp, key: RankKey, include_removed: bool, *, inclusive: bool = False
) -> tuple[int, int]:
    """(entries ranked above ``key``'s tie, entries sorting before ``key`` — or at it,
    when ``inclusive``) on the member board: counts over the index, the names read only
    inside ``key``'s own tie."""
    total, on_time, last_at, name = key
    better = _better_than(db, camp, total, on_time, True)
    tied = db.execute(
        "SELECT (SELECT COUNT(*) FROM member_totals WHERE camp_id = ? AND total = ? "
        "AND on_time = ? AND last_at < ?) + (SELECT COUNT(*) FROM member_totals t "
        "JOIN members m ON m.id = t.member_id WHERE t.camp_id = ? AND t.total = ? "
        f"AND t.on_time = ? AND t.last_at = ? AND m.name {'<=' if inclusive else '<'} ?)",
        [camp.id, total, on_time, last_at, camp.id, total, on_time, last_at, name],
    ).fetchone()[0]
    before = better + tied
    if not include_removed:
        for removed in _removed_keys(db, camp):
            if (removed[0], removed[1]) > (total, on_time):
                better -= 1
            if _sorts_before(removed, key) or (inclusive and removed == key):
                before -= 1
    return better, before


def _key_at(db: Database, camp: Camp, position: int, include_removed: bool) -> RankKey | None:
    """The key of the entry at ``position`` (0 = the top) of the member board.

    The index is walked to the position without reading a member (an index-only
    OFFSET); the name settles the order inside that entry's tie, and removed members
    before it push it further down.
    """
    removed = [] if include_removed else _removed_keys(db, camp)
    status = "" if include_removed else " AND m.status != 'removed'"
    at = position  # a position among every member's totals, removed ones included
    while True:
        row = db.execute(
            "SELECT total, on_time, last_at FROM member_totals WHERE camp_id = ? "
            "ORDER BY total DESC, on_time DESC, last_at LIMIT 1 OFFSET ?",
            [camp.id, at],
        ).fetchone()
        if row is None:
            return None
        total, on_time, last_at = row
        start = db.execute(
            "SELECT (SELECT COUNT(*) FROM member_totals WHERE camp_id = ? AND total > ?)"
            " + (SELECT COUNT(*) FROM member_totals WHERE camp_id = ? AND total = ?"
            " AND on_time > ?) + (SELECT COUNT(*) FROM member_totals WHERE camp_id = ?"
            " AND total = ? AND on_time = ? AND last_at < ?)",
            [camp.id, total, camp.id, total, on_time, camp.id, total, on_time, last_at],
        ).fetchone()[0]
        group = (total, on_time, last_at, "")
        skipped = sum(1 for r in removed if _sorts_before(r, group))
        found = db.execute(
            "SELECT m.name FROM member_totals t JOIN members m ON m.id = t.member_id "
            "WHERE t.camp_id = ? AND t.total = ? AND t.on_time = ? AND t.last_at = ?"
            f"{status} ORDER BY m.name LIMIT 1 OFFSET ?",
            [camp.id, total, on_time, last_at, position - (start - skipped)],
        ).fetchone()
        if found is not None:
            return (total, on_time, last_at, found[0])
        size = db.execute(
            "SELECT COUNT(*) FROM member_totals WHERE camp_id = ? AND total = ? "
            "AND on_time = ? AND last_at = ?",
            [camp.id, total, on_time, last_at],
        ).fetchone()[0]
        within = sum(1 for r in removed if r[:3] == (total, on_time, last_at))
        at = max(start + size, position + skipped + within)


def _board_size(db: Database, camp: Camp, include_removed: bool) -> int:
    """Members on the board: read from ``camp_sizes`` (kept with the members), not
    counted."""
    found = db.execute(
        "SELECT members, removed FROM camp_sizes WHERE camp_id = ?", [camp.id]
    ).fetchone()
    if found is None:
        return 0
    return found[0] if include_removed else found[0] - found[1]


def _rank_table(db: Database, camp: Camp, include_removed: bool) -> dict[tuple[int, int], int]:
    """The rank of every (total, on-time count) on the member board: one grouped walk
    of the ``member_totals_rank`` index (for rows found by name, in any number)."""
    removed: dict[tuple[int, int], int] = {}
    if not include_removed:
        for total, on_time, _, _ in _removed_keys(db, camp):
            removed[(total, on_time)] = removed.get((total, on_time), 0) + 1
    ranks, ahead = {}, 0
    for total, on_time, count in db.execute(
        "SELECT total, on_time, COUNT(*) FROM member_totals WHERE camp_id = ? "
        "GROUP BY total, on_time ORDER BY total DESC, on_time DESC",
        [camp.id],
    ):
        ranks[(total, on_time)] = ahead + 1
        ahead += count - removed.get((total, on_time), 0)
    return ranks


def _name_filter(names: Collection[str] | None) -> tuple[str, list]:
    if names is None:
        return "", []
    return " AND m.name IN (SELECT value FROM json_each(?))", [json.dumps(list(names))]


class _NameFilter:
    """:func:`_name_filter` of ``names``, made when first asked: a filter of one letter
    holds 80,000 names, and the walk that finds its page never needs their JSON."""

    def __init__(self, names: Collection[str] | None) -> None:
        self._names = names
        self._made: tuple[str, list] | None = None

    def __call__(self) -> tuple[str, list]:
        if self._made is None:
            self._made = _name_filter(self._names)
        return self._made


#: Board keys as one text: the total and on-time count as one number of fixed width
#: (``(_KEY_OFFSET - total) * _KEY_OFFSET - on_time``, for totals within
#: ``_KEY_OFFSET``), the stored last time, a NUL and the name. NUL sorts before every
#: character, so the text sorts as :func:`rank_key`'s tuples do (last time, then name),
#: and one comparison of texts costs less than one of tuples.
_KEY_OFFSET = 10**9


#: A ``Standing`` from a tuple of all its fields, without the keyword handling of its
#: constructor (``Standing._make`` without the call through Python).
_new_standing = partial(tuple.__new__, Standing)


def _whole_board_from_totals(
    db: Database, camp: Camp, as_of: int, still_open: bool, include_removed: bool
) -> list[Standing]:
    """Every member entry from ``member_totals``, in :data:`BOARD_ORDER`: the rows read
    in the table's own order and sorted here, which costs less than reading them along
    the rank index (a jump to each row, then to its member, for every entry)."""
    rows = db.execute(
        "SELECT m.name, t.total, t.on_time, t.late, t.makeup, t.best_streak, t.last_at, "
        "t.days, m.id, t.points FROM members m JOIN member_totals t ON t.member_id = m.id "
        "WHERE m.camp_id = ? AND (? OR m.status != 'removed')",
        [camp.id, include_removed],
    ).fetchall()
    return _in_board_order(rows, camp_leaves(db, camp), as_of, still_open)


def _in_board_order(
    rows: list[BoardRow], leaves: dict[int, int], as_of: int, still_open: bool
) -> list[Standing]:
    """The member entries of ``rows`` in :data:`BOARD_ORDER`, ranked, each with its
    current streak as of ``as_of`` (``leaves``: the members' leave masks).

    The sort key is one number (total, then on-time count) and one text (stored last
    time, a NUL, the name): NUL sorts before every character, so the text orders as
    the two columns do in SQLite (whose text order is the code points')."""
    offset = _KEY_OFFSET
    if all(-offset < row[1] < offset for row in rows):
        keys: list = [f"{(offset - r[1]) * offset - r[2]:019d}{r[6]}\0{r[0]}" for r in rows]
    else:  # totals too large for the text's number: the tuples themselves
        keys = [(-row[1], -row[2], row[6], row[0]) for row in rows]
    order = sorted(range(len(rows)), key=keys.__getitem__)
    # Many members share a day mask (all who never missed): each one's streak once.
    streaks: dict[str, tuple[int, int]] = {}
    on_leave: dict[tuple[str, int], tuple[int, int]] = {}
    make = _new_standing
    entries: list[Standing] = []
    append = entries.append
    rank, last_total, last_on_time = 0, None, None
    for position, index in enumerate(order, start=1):
        name, total, on_time, late, makeup, best, last_at, days, member_id, _ = rows[index]
        if total != last_total or on_time != last_on_time:
            rank, last_total, last_on_time = position, total, on_time
        leave = leaves.get(member_id, 0) if leaves else 0
        if leave:
            known = on_leave.get((days, leave))
            if known is None:
                mask = mask_from_hex(days)
                known = on_leave[(days, leave)] = (
                    mask,
                    current_streak(mask, as_of, still_open, leave),
                )
        else:
            known = streaks.get(days)
            if known is None:
                mask = mask_from_hex(days)
                known = streaks[days] = (mask, current_streak(mask, as_of, still_open))
        append(
            make(
                (
                    rank,
                    name,
                    total,
                    on_time,
                    late,
                    makeup,
                    known[1],
                    best,
                    (name,),
                    None if last_at == NEVER else last_at,
                    known[0],
                    None,
                    None,
                )
            )
        )
    return entries


def _ranked_members_from_totals(
    db: Database,
    camp: Camp,
    as_of: int,
    still_open: bool,
    include_removed: bool,
    top: int | None,
    offset: int | None = 0,
    after: Standing | None = None,
    names: Collection[str] | None = None,
) -> tuple[list[Standing], int, int]:
    """Member entries read in rank order from ``member_totals`` (SPEC section 4's order),
    with the count of the board and the number of entries above the first one.

    The same order as ``scoring.rank_standings``: total, on-time count, earlier last
    counted check-in (none last), name; stored times are UTC text of one shape and
    names compare by code point in both. A page is read after a key
    (:func:`keyset_rows`): the key of ``after``, or of the entry just above
    ``offset`` (:func:`_key_at`), so a page deep in the board costs what the first
    does. ``names`` keeps the members of those names, each with its rank on the whole
    board.
    """
    if top is None and not offset and after is None and names is None:
        whole = _whole_board_from_totals(db, camp, as_of, still_open, include_removed)
        return whole, len(whole), 0
    name_filter = _NameFilter(names)
    key: RankKey | None = None
    if after is not None:
        key = rank_key(after)
        if offset is None:
            if names is None:
                offset = _ahead_of(db, camp, key, include_removed, inclusive=True)[1]
            else:
                offset = _count_up_to(db, camp, key, include_removed, *name_filter())
    elif offset:
        if names is None:
            key = _key_at(db, camp, offset - 1, include_removed)
        else:
            extra, extra_params = name_filter()
            found = keyset_rows(
                db,
                _BOARD_SELECT,
                _BOARD_WHERE + extra,
                [camp.id, include_removed, *extra_params],
                BOARD_ORDER,
            )[offset - 1 : offset]
            key = (found[0][1], found[0][2], found[0][6], found[0][0]) if found else None
    offset = offset or 0
    ranked: list[tuple[int, tuple]] = []
    if key is None and offset:
        pass  # past the end
    elif names is not None and _dense(db, camp, names, top, include_removed):
        ranked = _walk_for_names(db, camp, key, set(names), top, include_removed)
    else:
        extra, extra_params = name_filter()
        rows = keyset_rows(
            db,
            _BOARD_SELECT,
            _BOARD_WHERE + extra,
            [camp.id, include_removed, *extra_params],
            BOARD_ORDER,
            after=key,
            limit=top,
        )
        if names is not None:
            table = _rank_table(db, camp, include_removed) if rows else {}
            ranked = [(table[(row[1], row[2])], row) for row in rows]
        else:
            rank, previous = 0, None if key is None else (key[0], key[1])
            for position, row in enumerate(rows, start=offset + 1):
                if (row[1], row[2]) != previous:
                    rank = position
                elif not ranked:
                    # The page starts inside a tie begun above it: the tie's rank, counted.
                    assert key is not None
                    rank = _better_than(db, camp, key[0], key[1], include_removed) + 1
                previous = (row[1], row[2])
                ranked.append((rank, row))
    entries: list[Standing] = []
    leaves = _page_leaves(db, camp, [row[8] for _, row in ranked])
    # Many members share a day mask (all who never missed): each one's streak once.
    streaks: dict[tuple[str, int], tuple[int, int]] = {}
    make = _new_standing
    for rank, (name, total, on_time, late, makeup, best, last_at, days, member_id) in ranked:
        leave = leaves.get(member_id, 0) if leaves else 0
        known = streaks.get((days, leave))
        if known is None:
            mask = mask_from_hex(days)
            known = streaks[(days, leave)] = (
                mask,
                current_streak(mask, as_of, still_open, leave),
            )
        last = None if last_at == NEVER else last_at
        entries.append(
            make(
                (
                    rank,
                    name,
                    total,
                    on_time,
                    late,
                    makeup,
                    known[1],
                    best,
                    (name,),
                    last,
                    known[0],
                    None,
                    None,
                )
            )
        )
    if names is not None:
        count = _named_count(db, camp, names, include_removed, name_filter)
    elif top is None and offset == 0 and key is None:
        count = len(entries)
    else:
        count = _board_size(db, camp, include_removed)
    return entries, count, offset


#: A filter of names walks the board itself (and keeps the named) when the page it
#: fills is expected within this many rows; sparser names are looked up one by one.
_WALK_ROWS = 10_000


def _dense(
    db: Database, camp: Camp, names: Collection[str], top: int | None, include_removed: bool
) -> bool:
    if top is None or not names:
        return False
    return top * _board_size(db, camp, include_removed) <= _WALK_ROWS * len(names)


def _walk_for_names(
    db: Database,
    camp: Camp,
    key: RankKey | None,
    names: set[str],
    top: int | None,
    include_removed: bool,
) -> list[tuple[int, tuple]]:
    """The first ``top`` rows after ``key`` whose names are in ``names``, with their ranks:
    the board read in order, a batch at a time, ranks counted on the way."""
    position, previous, rank = 0, None, 0
    if key is not None:
        better, position = _ahead_of(db, camp, key, include_removed, inclusive=True)
        previous, rank = (key[0], key[1]), better + 1
    found: list[tuple[int, tuple]] = []
    while top is None or len(found) < top:
        batch = keyset_rows(
            db,
            _BOARD_SELECT,
            _BOARD_WHERE,
            [camp.id, include_removed],
            BOARD_ORDER,
            after=key,
            limit=2000,
        )
        for row in batch:
            position += 1
            if (row[1], row[2]) != previous:
                previous, rank = (row[1], row[2]), position
            if row[0] in names and (top is None or len(found) < top):
                found.append((rank, row))
        if len(batch) < 2000:
            break
        last = batch[-1]
        key = (last[1], last[2], last[6], last[0])
    return found


def _named_count(
    db: Database,
    camp: Camp,
    names: Collection[str],
    include_removed: bool,
    name_filter: _NameFilter,
) -> int:
    """How many of ``names`` are on the board. Many names (a filter of one letter) are
    taken to be the camp's, as a name index gives them, and only the removed among them
    are taken off: looking each one up costs a third of a second for 80,000."""
    if len(names) <= _LOOKED_UP:
        extra, params = name_filter()
        return db.execute(
            f"SELECT COUNT(*) FROM members m WHERE m.camp_id = ? "
            f"AND (? OR m.status != 'removed'){extra}",
            [camp.id, include_removed, *params],
        ).fetchone()[0]
    if include_removed:
        return len(names)
    removed = db.execute(
        "SELECT name FROM members WHERE camp_id = ? AND status = 'removed'", [camp.id]
    ).fetchall()
    return len(names) - sum(1 for (name,) in removed if name in names)


#: Up to this many names, each is looked up to count those on the board.
_LOOKED_UP = 2000


def _count_up_to(
    db: Database, camp: Camp, key: RankKey, include_removed: bool, extra: str, params: list
) -> int:
    """Entries of a board filtered by ``extra`` sorting before ``key`` or at it."""
    disjuncts: list[str] = []
    values: list = []
    for depth in range(len(BOARD_ORDER)):
        same = [f"{column} = ?" for column, _ in BOARD_ORDER[:depth]]
        column, desc = BOARD_ORDER[depth]
        last = depth == len(BOARD_ORDER) - 1
        sign = (">" if desc else "<") + ("=" if last else "")
        disjuncts.append("(" + " AND ".join([*same, f"{column} {sign} ?"]) + ")")
        values += key[: depth + 1]
    return db.execute(
        f"SELECT COUNT(*) FROM member_totals t JOIN members m ON m.id = t.member_id "
        f"WHERE {_BOARD_WHERE}{extra} AND ({' OR '.join(disjuncts)})",
        [camp.id, include_removed, *params, *values],
    ).fetchone()[0]


def _page_leaves(db: Database, camp: Camp, member_ids: list[int]) -> dict[int, int]:
    """The leave masks of a page's members: looked up by id for a page, read for the
    whole camp when the page is most of it."""
    if not member_ids:
        return {}
    if len(member_ids) > _CHUNK_OF_IDS:
        return camp_leaves(db, camp)
    marks = ",".join("?" * len(member_ids))
    return leave_masks(db, f"camp_id = ? AND member_id IN ({marks})", [camp.id, *member_ids])


#: Up to this many members' leave is looked up by id.
_CHUNK_OF_IDS = 500


def camp_leaves(db: Database, camp: Camp, up_to: int | None = None) -> dict[int, int]:
    """Per member id, the mask of the approved leave days (of days up to ``up_to``)."""
    if up_to is None:
        return leave_masks(db, "camp_id = ?", [camp.id])
    return leave_masks(db, "camp_id = ? AND day <= ?", [camp.id, up_to])


class JoinDays:
    """The camp day each joining time falls on (members added together share one)."""

    def __init__(self, camp: Camp):
        self._zone = camp.timezone
        self._dates = [d.date for d in camp_days(camp)]
        self._known: dict[str, int] = {}

    def __call__(self, joined: str, mask: int = 0) -> int:
        """The first day of a member who joined at ``joined``, or the first of their
        counted days ``mask`` when that is earlier: a member added when a chat export was
        imported after the fact was there from their first counted check-in."""
        day = self._known.get(joined)
        if day is None:
            on = from_utc_text(joined).in_tz(self._zone).date()
            day = self._known[joined] = max(bisect_left(self._dates, on) + 1, 1)
        if mask:
            day = min(day, (mask & -mask).bit_length())
        return day


def first_day_of(camp: Camp, joined: str) -> int:
    """The first camp day of a member who joined at ``joined`` (UTC text): day 1 for
    whoever joined before the camp began, the next day for a join on a rest day."""
    return JoinDays(camp)(joined)


def _tallies_from_totals(db: Database, camp: Camp, include_removed: bool) -> list[Tally]:
    leaves = camp_leaves(db, camp)
    first_day = JoinDays(camp)
    rows = db.execute(
        """
        SELECT m.id, m.name, p.name, m.team, t.points, t.on_time, t.late, t.makeup,
            t.days, t.last_at, t.adjustments, m.joined
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
            mask=mask,
            last_counted_at=last_at_from_row(r[9]) if r[9] else None,
            adjustments=r[10] or 0,
            pair=r[2],
            team=r[3],
            leave=leaves.get(r[0], 0),
            first_day=first_day(r[11], mask),
        )
        for r in rows
        for mask in (mask_from_hex(r[8]),)
    ]


#: One member's sums as of a day: id, name, pair, team, joined, day mask, check-in
#: points, on time, late, makeup, last counted time (``None`` for none).
_AsOfRow = tuple[int, str, str | None, str | None, str, int, int, int, int, int, str | None]

#: Reading a later day's check-ins to take them off the totals costs about this many
#: times what summing one day up to the as-of day does (rows read one by one rather than
#: aggregated inside SQLite).
_LATER_DAY_COST = 2.5

_STATUS_COLUMN = {"on_time": 1, "late": 2, "makeup": 3}


def _as_of_sums(
    db: Database,
    camp: Camp,
    as_of_day: int,
    include_removed: bool,
    first_day: int = 1,
    *,
    groups: bool = True,
) -> tuple[list[_AsOfRow], dict[int, int], dict[int, int]] | None:
    """Each member's sums of days ``first_day..as_of_day`` (the mask keeps every counted
    day up to ``as_of_day``), with the adjustments and leave masks of those days;
    ``None`` when a member's totals row is missing.

    The counted days come from the stored day masks. The sums are whichever reads fewer
    rows: the stored totals less the check-ins of the days after ``as_of_day`` (late
    days), or one pass over the counted check-ins up to it in the order of their
    covering index (early days, and periods). Without ``groups`` the rows leave out the
    pair, team and joining time (``None``), which the member board does not need.
    """
    who = "p.name, m.team, m.joined" if groups else "NULL, NULL, NULL"
    pairs = "LEFT JOIN pairs p ON p.id = m.pair_id " if groups else ""
    members = db.execute(
        f"SELECT m.id, m.name, {who}, t.days, t.points, t.on_time, t.late, "
        f"t.makeup, t.last_day, t.last_at, t.in_order FROM members m {pairs}"
        "LEFT JOIN member_totals t ON t.member_id = m.id "
        "WHERE m.camp_id = ? AND (? OR m.status != 'removed')",
        [camp.id, include_removed],
    ).fetchall()
    if any(row[5] is None for row in members):
        return None
    adjustments = dict(
        db.execute(
            "SELECT member_id, SUM(points) FROM adjustments WHERE camp_id = ? "
            "AND day BETWEEN ? AND ? GROUP BY member_id",
            [camp.id, first_day, as_of_day],
        ).fetchall()
    )
    leaves = camp_leaves(db, camp, as_of_day)
    if not members:
        return [], adjustments, leaves
    through = (1 << max(as_of_day, 0)) - 1
    latest = max((row[10] for row in members if row[10] is not None), default=0)
    later_days = max(latest - as_of_day, 0)
    if first_day == 1 and (later_days + 1) * _LATER_DAY_COST < as_of_day:
        rows = _sums_by_taking_off(db, camp, as_of_day, members, through)
    else:
        rows = _sums_by_adding(db, camp, as_of_day, first_day, members, through)
    return rows, adjustments, leaves


def _sums_by_adding(
    db: Database, camp: Camp, as_of_day: int, first_day: int, members: list, through: int
) -> list[_AsOfRow]:
    # One seek of the covering index per member and counted status, each reading only
    # the days asked for: a scan of the camp's whole range read every later day too
    # (429 against 294 ms for day 1 of 30 at 100,000 members). The members come in the
    # index's order, so the groups need no sorting.
    sums = {
        row[0]: row
        for row in db.execute(
            "SELECT member_id, SUM(points), COUNT(CASE WHEN status = 'on_time' THEN 1 END), "
            "COUNT(CASE WHEN status = 'late' THEN 1 END), "
            "COUNT(CASE WHEN status = 'makeup' THEN 1 END), MAX(at) FROM checkins "
            "WHERE member_id IN (SELECT id FROM members WHERE camp_id = ?) "
            f"AND {counted_in()} AND day BETWEEN ? AND ? GROUP BY member_id",
            [camp.id, first_day, as_of_day],
        ).fetchall()
    }
    nothing = (None, 0, 0, 0, 0, None)
    rows = []
    for member_id, name, pair, team, joined, days, *_ in members:
        _, points, on_time, late, makeup, last_at = sums.get(member_id, nothing)
        mask = mask_from_hex(days) & through
        rows.append(
            (member_id, name, pair, team, joined, mask, points, on_time, late, makeup, last_at)
        )
    return rows


def _sums_by_taking_off(
    db: Database, camp: Camp, as_of_day: int, members: list, through: int
) -> list[_AsOfRow]:
    """The stored totals less the counted check-ins of the days after ``as_of_day``.

    The last counted time as of the day is the stored one for a member with nothing
    later. For the others it is the latest time on their latest counted day up to
    ``as_of_day`` when their check-ins are in the order of their days (``in_order``):
    the check-ins of the as-of day itself are read in one range of the day index, an
    earlier day's by member; a member out of order is recounted alone.
    """
    later: dict[int, list[int]] = {}
    on_day: dict[int, str] = {}
    # Ranges of the day index, each read whole (fetchall is one call).
    for member_id, made in db.execute(
        f"SELECT member_id, at FROM checkins WHERE camp_id = ? AND day = ? AND {counted_in()}",
        [camp.id, as_of_day],
    ).fetchall():
        if made > on_day.get(member_id, ""):
            on_day[member_id] = made
    for member_id, points, on_time, late, makeup in db.execute(
        "SELECT member_id, points, status = 'on_time', status = 'late', status = 'makeup' "
        f"FROM checkins WHERE camp_id = ? AND day > ? AND {counted_in()}",
        [camp.id, as_of_day],
    ).fetchall():
        sums = later.get(member_id)
        if sums is None:
            later[member_id] = [points, on_time, late, makeup]
        else:
            sums[0] += points
            sums[1] += on_time
            sums[2] += late
            sums[3] += makeup
    # One pass; the few whose last time is on an earlier day, or who are out of order,
    # are looked up afterwards and their rows patched (``unknown``: row, member).
    by_day: list[tuple[int, int]] = []
    alone: list[int] = []
    unknown: list[tuple[int, int]] = []
    rows: list[_AsOfRow] = []
    nothing = [0, 0, 0, 0]
    day_bit = 1 << (as_of_day - 1) if as_of_day >= 1 else 0
    for row in members:
        member_id, days, last, ordered = row[0], row[5], row[11], row[12]
        mask = mask_from_hex(days) & through
        off = later.get(member_id, nothing)
        at: str | None
        if off is nothing:
            at = None if last == NEVER else last
        elif not mask:
            at = None
        elif ordered and mask & day_bit:
            at = on_day.get(member_id)
        else:
            at = None
            unknown.append((len(rows), member_id))
            if ordered:
                by_day.append((member_id, mask.bit_length()))
            else:
                alone.append(member_id)
        rows.append(
            (
                member_id,
                row[1],
                row[2],
                row[3],
                row[4],
                mask,
                row[6] - off[0],
                row[7] - off[1],
                row[8] - off[2],
                row[9] - off[3],
                at,
            )
        )
    if not unknown:
        return rows
    last_at: dict[int, str] = {}
    if by_day:
        last_at.update(
            db.execute(
                "SELECT json_extract(j.value, '$[0]'), (SELECT MAX(c.at) FROM checkins c "
                "WHERE c.member_id = json_extract(j.value, '$[0]') "
                f"AND {counted_in('c.status')} AND c.day = json_extract(j.value, '$[1]')) "
                "FROM json_each(?) j",
                [json.dumps(by_day)],
            ).fetchall()
        )
    if alone:
        last_at.update(
            db.execute(
                "SELECT j.value, (SELECT MAX(c.at) FROM checkins c WHERE c.member_id = j.value "
                f"AND {counted_in('c.status')} AND c.day <= ?) FROM json_each(?) j",
                [as_of_day, json.dumps(alone)],
            ).fetchall()
        )
    for index, member_id in unknown:
        rows[index] = (*rows[index][:10], last_at.get(member_id))
    return rows


def _tallies_from_checkins(
    db: Database, camp: Camp, as_of_day: int, include_removed: bool, first_day: int = 1
) -> list[Tally]:
    """Tallies of days up to ``as_of_day``; from ``first_day`` on, the sums are those of
    days ``first_day..as_of_day`` while the mask keeps every counted day (the streaks of
    a period begin before it).

    The sums are :func:`_as_of_sums`'s, from the stored totals and as few check-ins as
    the day allows. A camp with a member whose totals row is missing is recounted in
    full (:func:`_recount_tallies`).
    """
    found = _as_of_sums(db, camp, as_of_day, include_removed, first_day)
    if found is None:
        return _recount_tallies(db, camp, as_of_day, include_removed, first_day)
    rows, adjustments, leaves = found
    join_day = JoinDays(camp)
    return [
        Tally(
            member_id=member_id,
            name=name,
            checkin_points=points,
            on_time=on_time,
            late=late,
            makeup=makeup,
            mask=mask,
            last_counted_at=last_at,
            adjustments=adjustments.get(member_id, 0),
            pair=pair,
            team=team,
            leave=leaves.get(member_id, 0),
            first_day=join_day(joined, mask),
        )
        for member_id, name, pair, team, joined, mask, points, on_time, late, makeup, last_at in rows
    ]


def _member_board_as_of(
    db: Database, camp: Camp, as_of: int, still_open: bool, include_removed: bool
) -> list[Standing] | None:
    """The member board ranked by points as of ``as_of``: the stored board of that day
    (:mod:`camp.services.stored_boards`), or else worked out
    (:func:`_board_rows_as_of`: what ``scoring.member_standings`` makes of the tallies,
    without making them) and stored for the next time. ``None`` when a member's totals
    row is missing."""
    with reading_to_store(db) as may_store:
        rows = read_stored_board(db, camp, as_of, include_removed)
        if rows is None:
            rows = _board_rows_as_of(db, camp, as_of)
            if rows is None:
                return None
            if may_store:
                store_board(db, camp, as_of, rows)
            if not include_removed:
                removed = {
                    row[0]
                    for row in db.execute(
                        "SELECT id FROM members WHERE camp_id = ? AND status = 'removed'",
                        [camp.id],
                    )
                }
                if removed:
                    rows = [row for row in rows if row[8] not in removed]
        leaves = camp_leaves(db, camp, as_of)
    return _in_board_order(rows, leaves, as_of, still_open)


def keep_board(db: Database, slug: str, day: int) -> bool:
    """Work out and store the member board as of ``day`` unless it is stored already,
    so that the first ask for it reads it (the scheduler does this after each day's
    summary). ``True`` when it stored it; ``False`` for a camp ranked by completion, the
    camp's last day (whose board is the running totals'), inside a transaction, or when
    the database refused the write."""
    return bool(_keep_board(db, get_camp(db, slug), day))


def _keep_board(db: Database, camp: Camp, day: int) -> bool | None:
    """:func:`keep_board` of a camp; ``None`` when the board cannot be worked out from
    the totals (a member's totals row is missing), which a retry does not change."""
    if camp.definition.scoring.rank_by != "points" or not 1 <= day < camp.days:
        return False
    with collector_paused(), reading_to_store(db) as may_store:
        if not may_store or board_is_stored(db, camp, day):
            return False
        rows = _board_rows_as_of(db, camp, day)
        return None if rows is None else store_board(db, camp, day, rows)


def keep_past_boards(
    db: Database,
    now: pendulum.DateTime,
    *,
    seconds: float,
    tried: set[tuple[int, int]] | None = None,
) -> int:
    """Store the member boards that :func:`keep_board` would have stored after each
    day's summary and that are missing: the days of a camp whose check-ins came by
    import, or whose boards a late change forgot. Earliest day first, so that each is
    worked out from the one before; until ``seconds`` have gone (at least one is tried
    when any is missing). It stops when the database refuses a board (another process
    is writing: the next run goes on). A day whose board cannot be worked out from the
    totals is added to ``tried`` and not tried again with it. How many it stored.
    (A board stored under rules since changed is worked out again when first asked.)

    The scheduler does this after each tick, so that the day picker and ``--day``
    read the boards of past days rather than work them out.
    """
    tried = set() if tried is None else tried
    missing: dict[int, tuple[str, list[int]]] = {}  # camp id -> slug, days
    # Only camps ranked by points have stored boards (see keep_board).
    for camp_id, slug, day in db.execute(
        "SELECT c.id, c.slug, e.day FROM camps c JOIN events e ON e.camp_id = c.id "
        "WHERE c.status = 'active' AND e.kind = 'summary' AND e.due <= ? AND e.day >= 1 "
        "AND COALESCE(json_extract(c.definition, '$.scoring.rank_by'), 'points') = 'points' "
        "AND NOT EXISTS (SELECT 1 FROM stored_boards b WHERE b.camp_id = c.id "
        "AND b.day = e.day) ORDER BY c.slug, e.day",
        [utc_text(now)],
    ).fetchall():
        if (camp_id, day) not in tried:
            missing.setdefault(camp_id, (slug, []))[1].append(day)
    return _keep_days(
        db, ((camp_id, slug, days) for camp_id, (slug, days) in missing.items()), seconds, tried
    )


def keep_finished_boards(
    db: Database,
    camp: Camp,
    now: pendulum.DateTime,
    *,
    seconds: float,
    enough: Callable[[], bool] | None = None,
) -> int:
    """Store the camp's missing member boards of the days that are over at ``now`` and
    hold check-ins, earliest first, until ``seconds`` have gone or ``enough()`` says so
    (at least one is tried when any is missing); how many it stored. An import does this while its first batch
    is read: a camp fed by daily exports, with no scheduler to keep each day's board
    after its summary, then has the boards of its past days when they are asked for.
    (A board that a later change of its day forgot is stored again the next time.)"""
    if camp.definition.scoring.rank_by != "points" or db.conn.in_transaction:
        return 0
    latest = db.execute(
        "SELECT MAX(last_day) FROM member_totals WHERE camp_id = ?", [camp.id]
    ).fetchone()[0]
    if not latest:
        return 0
    t = now.timestamp()
    over = 0  # the days before the first whose windows are not all closed
    for day in camp_days(camp):
        if day.slots and t <= max(slot.closes.timestamp() for slot in day.slots):
            break
        over = day.number
    stored = {
        day
        for (day,) in db.execute(
            "SELECT day FROM stored_boards WHERE camp_id = ? AND rules = ?",
            [camp.id, board_rules(camp)],
        )
    }
    days = [day for day in range(1, min(over, latest, camp.days - 1) + 1) if day not in stored]
    return _keep_days(db, [(camp.id, camp.slug, days)], seconds, set(), enough) if days else 0


def _keep_days(
    db: Database,
    missing: Iterable[tuple[int, str, list[int]]],
    seconds: float,
    tried: set[tuple[int, int]],
    enough: Callable[[], bool] | None = None,
) -> int:
    """Store the boards of each camp's ``days`` (camp id, slug, days) in turn, as
    :func:`keep_past_boards` says (and until ``enough()``, when given); how many it
    stored."""
    deadline = time.monotonic() + seconds
    stored = 0
    attempted = False
    for camp_id, slug, days in missing:
        camp = get_camp(db, slug)
        for day in days:
            if day >= camp.days:
                break  # the last day's board is the running totals' (no summary has it)
            if attempted and (time.monotonic() >= deadline or (enough and enough())):
                return stored
            attempted = True
            kept = _keep_board(db, camp, day)
            if kept is None:
                tried.add((camp_id, day))
            elif not kept:
                return stored
            else:
                stored += 1
    return stored


def _board_rows_as_of(db: Database, camp: Camp, as_of: int) -> list[BoardRow] | None:
    """Every member's figures as of ``as_of`` (removed members too): from the stored
    board of an earlier day and the check-ins of the days after it, when that reads
    fewer rows, or else from :func:`_as_of_sums`. Each day mask's streak figures are
    worked out once. ``None`` when a member's totals row is missing."""
    found = _sums_from_stored(db, camp, as_of) or _as_of_sums(db, camp, as_of, True, groups=False)
    if found is None:
        return None
    sums, adjustments, leaves = found
    scoring = camp.definition.scoring
    days = (1 << as_of) - 1 if as_of > 0 else 0

    def worked_out(mask: int, leave: int) -> tuple[int, int, str]:
        return (
            total_streak_bonus(scoring, mask, as_of, leave),
            best_streak(mask, as_of, leave),
            mask_to_hex(mask),
        )

    plain: dict[int, tuple[int, int, str]] = {}  # by day mask, for members without leave
    on_leave: dict[tuple[int, int], tuple[int, int, str]] = {}
    rows: list[BoardRow] = []
    append = rows.append
    for member_id, name, _, _, _, mask, points, on_time, late, makeup, last_at in sums:
        leave = leaves.get(member_id, 0) if leaves else 0
        if leave and leave & days & ~mask:
            known = on_leave.get((mask, leave))
            if known is None:
                known = on_leave[(mask, leave)] = worked_out(mask, leave)
        else:  # no leave, or only on counted days: no day taken out
            known = plain.get(mask)
            if known is None:
                known = plain[mask] = worked_out(mask, 0)
        total = points + known[0]
        if adjustments:
            total += adjustments.get(member_id, 0)
        append(
            (
                name,
                total,
                on_time,
                late,
                makeup,
                known[1],
                NEVER if last_at is None else last_at,
                known[2],
                member_id,
                points,
            )
        )
    return rows


def _sums_from_stored(
    db: Database, camp: Camp, as_of: int
) -> tuple[list[_AsOfRow], dict[int, int], dict[int, int]] | None:
    """:func:`_as_of_sums` of every member from the stored board of the latest day
    before ``as_of`` plus the counted check-ins of the days after it; ``None`` when no
    board is stored before ``as_of``, or when the sums read fewer rows another way.

    Exact: the sums and counts of days up to ``as_of`` are those up to the stored day
    plus those of the days after it, the last counted time the later of the two, the
    day mask the two masks together."""
    base = nearest_stored_day(db, camp, as_of)
    if base is None:
        return None
    latest = db.execute(
        "SELECT MAX(last_day) FROM member_totals WHERE camp_id = ?", [camp.id]
    ).fetchone()[0]
    later_days = max((latest or 0) - as_of, 0)
    # The other ways read (later_days + 1) days one by one, or as_of days summed.
    if (as_of - base) * _LATER_DAY_COST >= min(as_of, (later_days + 1) * _LATER_DAY_COST):
        return None
    kept = read_stored_figures(db, camp, base)
    if kept is None:
        return None
    added: dict[int, list] = {}
    for member_id, day, points, on_time, late, makeup, made in db.execute(
        "SELECT member_id, day, points, status = 'on_time', status = 'late', "
        f"status = 'makeup', at FROM checkins WHERE camp_id = ? AND day > ? AND day <= ? "
        f"AND {counted_in()}",
        [camp.id, base, as_of],
    ).fetchall():
        sums = added.get(member_id)
        if sums is None:
            added[member_id] = [points, on_time, late, makeup, 1 << (day - 1), made]
        else:
            sums[0] += points
            sums[1] += on_time
            sums[2] += late
            sums[3] += makeup
            sums[4] |= 1 << (day - 1)
            if made > sums[5]:
                sums[5] = made
    nothing = (0, 0, 0, 0, 0, 0, 0, NEVER, "0")
    extra = [0, 0, 0, 0, 0, ""]
    rows: list[_AsOfRow] = []
    for member_id, name in db.execute(
        "SELECT id, name FROM members WHERE camp_id = ?", [camp.id]
    ).fetchall():
        _, points, _, on_time, late, makeup, _, last, days = kept.get(member_id, nothing)
        more = added.get(member_id, extra)
        at = max(last, more[5]) if last != NEVER else (more[5] or None)
        rows.append(
            (
                member_id,
                name,
                None,
                None,
                "",
                mask_from_hex(days) | more[4],
                points + more[0],
                on_time + more[1],
                late + more[2],
                makeup + more[3],
                at,
            )
        )
    adjustments = dict(
        db.execute(
            "SELECT member_id, SUM(points) FROM adjustments WHERE camp_id = ? AND day <= ? "
            "GROUP BY member_id",
            [camp.id, as_of],
        ).fetchall()
    )
    return rows, adjustments, camp_leaves(db, camp, as_of)


def _recount_tallies(
    db: Database, camp: Camp, as_of_day: int, include_removed: bool, first_day: int = 1
) -> list[Tally]:
    """:func:`_tallies_from_checkins` recounted from the check-ins alone, day masks too."""
    masks = _mask_columns(camp.days)
    inside = f"c.day >= {int(first_day)}"
    sql = f"""
        SELECT m.id, m.name, p.name AS pair, m.team, m.joined,
            COALESCE(SUM(CASE WHEN {inside} THEN c.points END), 0),
            COUNT(CASE WHEN c.status = 'on_time' AND {inside} THEN 1 END),
            COUNT(CASE WHEN c.status = 'late' AND {inside} THEN 1 END),
            COUNT(CASE WHEN c.status = 'makeup' AND {inside} THEN 1 END),
            MAX(CASE WHEN {inside} THEN c.at END),
            {", ".join(masks)}
        FROM members m
        LEFT JOIN pairs p ON p.id = m.pair_id
        LEFT JOIN checkins c ON c.member_id = m.id
            AND {counted_in("c.status")} AND c.day <= ?
        WHERE m.camp_id = ? AND (? OR m.status != 'removed')
        GROUP BY m.id
    """
    adjustments = dict(
        db.execute(
            "SELECT member_id, SUM(points) FROM adjustments WHERE camp_id = ? "
            "AND day BETWEEN ? AND ? GROUP BY member_id",
            [camp.id, first_day, as_of_day],
        ).fetchall()
    )
    leaves = camp_leaves(db, camp, as_of_day)
    join_day = JoinDays(camp)
    tallies = []
    for row in db.execute(sql, [as_of_day, camp.id, include_removed]):
        mask = 0
        for block, part in enumerate(row[10:]):
            if part:
                mask |= part << (block * _MASK_BLOCK)
        tallies.append(
            Tally(
                member_id=row[0],
                name=row[1],
                checkin_points=row[5],
                on_time=row[6],
                late=row[7],
                makeup=row[8],
                mask=mask,
                last_counted_at=row[9],
                adjustments=adjustments.get(row[0], 0),
                pair=row[2],
                team=row[3],
                leave=leaves.get(row[0], 0),
                first_day=join_day(row[4], mask),
            )
        )
    return tallies


def _as_of(camp: Camp, now: pendulum.DateTime, by: str, day: int | None) -> tuple[int, bool]:
    """The as-of day and whether its windows are still open; refuses what the camp has not."""
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
        return max(state.day, 0), state.still_open
    if not 1 <= day <= camp.days:
        raise CampError(f"--day {day} is outside the camp's days 1..{camp.days}.")
    return day, day == state.day and state.still_open


def board_day(
    camp: Camp, now: pendulum.DateTime, by: str = "member", day: int | None = None
) -> tuple[int, bool]:
    """The as-of day of a board asked for ``day`` (default: the current day) and whether
    its windows are still open; refuses a day or a ``by`` the camp has not."""
    return _as_of(camp, now, by, day)


def _in_memory_board(
    db: Database,
    camp: Camp,
    by: str,
    as_of: int,
    still_open: bool,
    include_removed: bool,
    first_day: int = 1,
) -> list[Standing]:
    if first_day > 1:
        tallies = _tallies_from_checkins(db, camp, as_of, include_removed, first_day)
    elif (
        by == "member"
        and camp.definition.scoring.rank_by == "points"
        and not _totals_are_current(db, camp, as_of)
    ):
        entries = _member_board_as_of(db, camp, as_of, still_open, include_removed)
        if entries is not None:
            return entries
        tallies = _recount_tallies(db, camp, as_of, include_removed)
    else:
        tallies = tallies_as_of(db, camp, as_of, include_removed=include_removed)
    return board_from_tallies(db, camp, by, tallies, as_of, still_open, first_day)


def board_from_tallies(
    db: Database,
    camp: Camp,
    by: str,
    tallies: list[Tally],
    as_of: int,
    still_open: bool,
    first_day: int = 1,
) -> list[Standing]:
    """The ranked ``by`` board of ``tallies`` under ``camp``'s scoring (which may be a
    definition that is not stored: ``camp whatif``); reads only the pairs."""
    scoring = camp.definition.scoring
    if by == "pair":
        # A removed member leaves their pair (members.remove_member); a pair that still
        # holds one is never ranked, whoever asks, its other members counting alone.
        broken = {
            row[0]
            for row in db.execute(
                "SELECT DISTINCT p.name FROM pairs p JOIN members m ON m.pair_id = p.id "
                "WHERE p.camp_id = ? AND m.status = 'removed'",
                [camp.id],
            )
        }
        if broken:
            tallies = [t._replace(pair=None) if t.pair in broken else t for t in tallies]
    build = {"member": member_standings, "pair": pair_standings, "team": team_standings}[by]
    return build(tallies, scoring, as_of, still_open, first_day)


def _found_by(entry: Standing, names: Collection[str]) -> bool:
    return entry.name in names or any(member in names for member in entry.members)


def _memory_key(entry: Standing) -> tuple:
    return (-entry.points, -entry.on_time, entry.last_counted_at or NEVER, entry.name)


def standings_as_of(
    db: Database,
    slug: str,
    *,
    now: pendulum.DateTime,
    by: str = "member",
    day: int | None = None,
    top: int | None = None,
    include_removed: bool = False,
    offset: int | None = 0,
    after: Standing | None = None,
    names: Collection[str] | None = None,
    from_day: int | None = None,
    week: int | None = None,
) -> Leaderboard:
    """The leaderboard of a camp as of the end of ``day`` (default: the current day).

    ``from_day`` makes it a period board (``camp leaderboard --week N``, ``--from-day A
    --to-day B``): only the points earned on days ``from_day..day`` (check-ins,
    adjustments, the streak bonuses of those days, pair bonuses) are ranked. ``week``
    N is days ``7N - 6..7N`` (the last week may be shorter).

    While the as-of day's windows are still open, streaks are shown as of the day
    before, so nobody's streak looks broken before they had a chance to check in.
    ``offset`` skips the best entries and ``top`` limits how many follow: one page of a
    long board is ``offset=(page - 1) * size, top=size``, with the ranks of the whole
    board (a tie that starts on the page before keeps its shared rank).

    ``after`` is the entry just above the page (the last one of the page before): the
    page is the ``top`` entries that follow it, read after its place in the order, so a
    page deep in a board of 100,000 members costs what the first does. Give ``offset``
    with it when the number of entries above the page is known, ``None`` to have it
    counted. ``names`` keeps the entries of those members (a pair or team when one of
    its members is named; an entry's own name counts too), each with its rank on the
    whole board; ``total_entries`` then counts those found.
    """
    with collector_paused():
        return _standings_as_of(
            db, slug, now, by, day, top, include_removed, offset, after, names, from_day, week
        )


def _standings_as_of(
    db: Database,
    slug: str,
    now: pendulum.DateTime,
    by: str,
    day: int | None,
    top: int | None,
    include_removed: bool,
    offset: int | None,
    after: Standing | None,
    names: Collection[str] | None,
    from_day: int | None,
    week: int | None,
) -> Leaderboard:
    camp = get_camp(db, slug)
    if week is not None:
        from_day, day = _week_days(camp, week, from_day, day)
        # The week so far: a week still running is ranked up to today.
        current = progress(camp_days(camp), now).day
        if from_day > current:
            raise CampError(
                f"Week {week} of {camp.slug} begins on day {from_day}, and the camp "
                + (f"is on day {current}" if current >= 1 else "has not begun")
                + "; ask for a week that has begun."
            )
        day = min(day, current)
    as_of, still_open = _as_of(camp, now, by, day)
    if top is not None and top < 1:
        raise CampError(f"--top {top} must be at least 1.")
    if offset is not None and offset < 0:
        raise CampError(f"The offset {offset} must not be negative.")
    first_day = _first_day(from_day, as_of)
    if _from_totals(db, camp, by, as_of, first_day) and from_day is None:
        entries, total, first = _ranked_members_from_totals(
            db, camp, as_of, still_open, include_removed, top, offset, after, names
        )
        entries = with_outcomes(db, camp, entries, as_of, still_open)
        return Leaderboard(camp, by, as_of, still_open, entries, total, first)
    entries = _in_memory_board(db, camp, by, as_of, still_open, include_removed, first_day)
    if names is not None:
        entries = [entry for entry in entries if _found_by(entry, names)]
    total = len(entries)
    if after is not None:
        if by == "member" and camp.definition.scoring.rank_by == "completion":
            # Ranked by completion first: the order is not the points' order, so the
            # page starts after ``after`` itself (or at the top when it is gone).
            start = next((i + 1 for i, e in enumerate(entries) if e.name == after.name), 0)
        else:
            wanted = _memory_key(after)
            # The first entry past ``after``'s place (it may have moved since it was read).
            start = next((i for i, e in enumerate(entries) if _memory_key(e) > wanted), total)
        if offset is None:
            offset = start
        entries = entries[start : None if top is None else start + top]
    else:
        offset = offset or 0
        if offset or top is not None:
            entries = entries[offset : None if top is None else offset + top]
    if by == "member" and first_day == 1:
        entries = with_outcomes(db, camp, entries, as_of, still_open)
    period = from_day is not None or week is not None
    return Leaderboard(camp, by, as_of, still_open, entries, total, offset, first_day, period)


def _week_days(camp: Camp, week: int, from_day: int | None, day: int | None) -> tuple[int, int]:
    if from_day is not None or day is not None:
        raise CampError("Give --week N, or --from-day A --to-day B (or --day), not both.")
    weeks = (camp.days + 6) // 7
    if not 1 <= week <= weeks:
        raise CampError(
            f"--week {week} is not a week of {camp.slug}; its {camp.days} days make "
            f"week{'s 1 to' if weeks > 1 else ''} {weeks}."
        )
    return 7 * week - 6, min(7 * week, camp.days)


def _first_day(from_day: int | None, as_of: int) -> int:
    if from_day is None:
        return 1
    if not 1 <= from_day <= max(as_of, 1):
        raise CampError(
            f"--from-day {from_day} is not between day 1 and the board's last day {as_of}; "
            "give a first day at or before --to-day."
        )
    return from_day


def _from_totals(db: Database, camp: Camp, by: str, as_of: int, first_day: int) -> bool:
    """True when the board is read in rank order from the running totals: the member
    board of the whole camp, ranked by points, with nothing recorded after ``as_of``."""
    return (
        by == "member"
        and first_day == 1
        and camp.definition.scoring.rank_by == "points"
        and _totals_are_current(db, camp, as_of)
    )


def with_outcomes(
    db: Database, camp: Camp, entries: list[Standing], as_of: int, still_open: bool
) -> list[Standing]:
    """``entries`` of the member board, each with its outcome when the camp has
    ``[outcomes]`` (:mod:`camp.outcomes`); as they are otherwise."""
    rules = camp.definition.outcomes
    if rules is None or not entries:
        return entries
    rows = db.execute(
        "SELECT id, name, joined FROM members WHERE camp_id = ? "
        "AND name IN (SELECT value FROM json_each(?))",
        [camp.id, json.dumps([e.name for e in entries])],
    ).fetchall()
    known = {name: (member_id, joined) for member_id, name, joined in rows}
    leaves = camp_leaves(db, camp)
    join_day = JoinDays(camp)
    marked = []
    for entry in entries:
        member_id, joined = known[entry.name]
        outcome = member_outcome(
            rules,
            entry.mask,
            leaves.get(member_id, 0),
            first_day=join_day(joined, entry.mask),
            as_of=as_of,
            days=camp.days,
            still_open=still_open,
        )
        marked.append(entry._replace(outcome=outcome))
    return marked


@dataclass(frozen=True)
class BoardPlace:
    """Where an entry stands on a board: its row (1 = the top), its rank (shared on
    ties) and the entry's name (a pair's or team's for a member of it)."""

    position: int
    rank: int
    name: str


def place_of(
    db: Database,
    slug: str,
    name: str,
    *,
    now: pendulum.DateTime,
    by: str = "member",
    day: int | None = None,
    include_removed: bool = False,
) -> BoardPlace | None:
    """The place of the entry named ``name`` — or holding the member ``name`` — on the
    board of :func:`standings_as_of`; ``None`` when it is not on it.

    On the member board from the running totals this is a few counts over the
    ``member_totals_rank`` index (the entries sorting before it), not a read of the board.
    """
    camp = get_camp(db, slug)
    as_of, still_open = _as_of(camp, now, by, day)
    if _from_totals(db, camp, by, as_of, 1):
        row = db.execute(
            "SELECT t.total, t.on_time, t.last_at, m.name, m.status FROM members m "
            "JOIN member_totals t ON t.member_id = m.id WHERE m.camp_id = ? AND m.name = ?",
            [camp.id, name],
        ).fetchone()
        if row is None or (row[4] == "removed" and not include_removed):
            return None
        key: RankKey = (row[0], row[1], row[2], row[3])
        better, before = _ahead_of(db, camp, key, include_removed)
        return BoardPlace(before + 1, better + 1, row[3])
    entries = _in_memory_board(db, camp, by, as_of, still_open, include_removed)
    for position, entry in enumerate(entries, start=1):
        if entry.name == name or name in entry.members:
            return BoardPlace(position, entry.rank, entry.name)
    return None


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
    leave = leave_masks(db, "camp_id = ? AND member_id = ?", [camp.id, member_id])
    members = db.execute(
        "SELECT COUNT(*) FROM members WHERE camp_id = ? AND status != 'removed'", [camp.id]
    ).fetchone()[0]
    return MemberStanding(
        name,
        total,
        _better_than(db, camp, total, on_time, False) + 1,
        current_streak(mask, as_of, state.still_open, leave.get(member_id, 0)),
        bin(mask).count("1"),
        as_of,
        members,
    )
