"""Points, streaks and ranking (SPEC section 4): pure functions over plain data.

Days are numbered 1..N. A member's counted days are an ``int`` bitmask: bit ``d - 1``
is set when the member counted on day ``d``. Bit operations keep the ranking of a
hundred thousand members well inside a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import accumulate, chain, count
from operator import attrgetter, itemgetter, mul, ne, neg, or_

from camp.models import Scoring

__all__ = [
    "Standing",
    "Tally",
    "best_streak",
    "checkin_points",
    "member_standings",
    "member_total",
    "mvp",
    "pair_standings",
    "rank_standings",
    "round_half_up",
    "streak_bonus",
    "streak_ending_at",
    "team_standings",
    "total_streak_bonus",
]

_NOT_COUNTED = frozenset({"outside", "duplicate"})
_ONE = Decimal(1)


def round_half_up(x: float) -> int:
    """Round to the nearest integer, halves away from zero: 2.5 -> 3, -2.5 -> -3.

    Goes through ``str(x)`` so that a float printed as ``7.5`` rounds as 7.5 does on
    paper, whatever its binary value.
    """
    return int(Decimal(str(x)).quantize(_ONE, rounding=ROUND_HALF_UP))


def checkin_points(
    scoring: Scoring, difficulty: int, status: str, score: float | None = None
) -> int:
    """Points of one check-in judged ``status`` on a day of ``difficulty``.

    ``round_half_up(base × (difficulty if by_difficulty else 1) × factor)`` plus, when
    ``score`` (0..100) is given, ``round_half_up(graded_points × score / 100)``. The
    factor is 1 on time, ``late_factor`` late and ``makeup_factor`` for a makeup;
    ``outside`` and ``duplicate`` check-ins earn nothing.
    """
    if status == "on_time":
        factor: float = 1
    elif status == "late":
        factor = scoring.late_factor
    elif status == "makeup":
        factor = scoring.makeup_factor
    elif status in _NOT_COUNTED:
        return 0
    else:
        raise ValueError(f"unknown check-in status {status!r}")
    weight = difficulty if scoring.by_difficulty else 1
    points = round_half_up(scoring.base * weight * factor)
    if score is not None:
        points += round_half_up(scoring.graded_points * score / 100)
    return points


def streak_bonus(scoring: Scoring, streak: int) -> int:
    """Bonus for a day that ends a streak of ``streak`` counted days (0 for 1 or less)."""
    if streak <= 1:
        return 0
    return min(scoring.streak_bonus * (streak - 1), scoring.streak_cap)


def _up_to(mask: int, day: int) -> int:
    """``mask`` without the days after ``day``."""
    if day < 1:
        return 0
    return mask & ((1 << day) - 1)


def streak_ending_at(mask: int, day: int) -> int:
    """Length of the run of counted days that ends on ``day`` (0 when ``day`` is not counted)."""
    if day < 1 or not (mask >> (day - 1)) & 1:
        return 0
    # The highest day at or before ``day`` that was not counted bounds the run.
    missing = ~mask & ((1 << day) - 1)
    return day - missing.bit_length()


def best_streak(mask: int, up_to: int) -> int:
    """The longest run of counted days on or before day ``up_to``."""
    rest = _up_to(mask, up_to)
    best = 0
    # Each pass shortens every run by one day, so the number of passes is the longest run.
    while rest:
        rest &= rest >> 1
        best += 1
    return best


@lru_cache(maxsize=64)
def _increments(bonus: int, cap: int, days: int) -> tuple[int, ...]:
    """How much the bonus of a streak of ``k + 1`` days exceeds that of ``k`` days, by ``k``.

    Summing the increments of ``k = 1 .. s - 1`` gives the bonus of a streak of ``s``
    days, since a streak of one day earns nothing (index 0 is that nothing).
    """
    rule = Scoring(streak_bonus=bonus, streak_cap=cap)
    return tuple(streak_bonus(rule, k + 1) - streak_bonus(rule, k) for k in range(days))


def _streak_figures(mask: int, increments: tuple[int, ...]) -> tuple[int, int]:
    """``(sum of the streak bonuses, longest run)`` of the counted days in ``mask``.

    After ``k`` passes of ``mask &= mask << 1`` the bits left are the days that end a
    streak of more than ``k`` days; each of them earns the ``k``-th increment. This adds
    up, run by run, ``sum(min(streak_bonus × (k - 1), streak_cap))`` over ``k = 1..L``
    with a few big-integer operations per pass, and the number of passes is the longest
    run, which comes for free.
    """
    if not mask:
        return 0, 0
    total = 0
    best = 1
    while True:
        mask &= mask << 1
        if not mask:
            return total, best
        total += increments[best] * mask.bit_count()
        best += 1


def _table_length(mask: int) -> int:
    """A length of the increments table that covers ``mask``, in steps of 64 days."""
    return (mask.bit_length() // 64 + 1) * 64


@lru_cache(maxsize=1 << 16)
def _streak_bonus_total(bonus: int, cap: int, mask: int) -> int:
    # Members share masks (everyone who never missed), so the cache pays off; the key
    # holds the scoring's two figures, not the whole scoring.
    return _streak_figures(mask, _increments(bonus, cap, _table_length(mask)))[0]


def total_streak_bonus(scoring: Scoring, mask: int, up_to: int) -> int:
    """Sum of the streak bonuses of every counted day on or before day ``up_to``."""
    return _streak_bonus_total(scoring.streak_bonus, scoring.streak_cap, _up_to(mask, up_to))


@dataclass(frozen=True, slots=True)
class Tally:
    """What one member did up to the as-of day (the caller leaves out later days).

    ``mask`` holds the counted days; ``last_counted_at`` is the UTC ISO 8601 time of
    the last counted check-in; ``pair`` and ``team`` are display names of the groups.
    """

    member_id: int
    name: str
    checkin_points: int
    on_time: int
    late: int
    makeup: int
    mask: int
    last_counted_at: str | None
    adjustments: int = 0
    pair: str | None = None
    team: str | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """One ranked leaderboard entry: a member, a pair or a team."""

    rank: int
    name: str
    points: int
    on_time: int
    late: int
    makeup: int
    streak: int
    best_streak: int
    members: tuple[str, ...]
    last_counted_at: str | None
    mask: int

    def to_json(self) -> dict:
        """The entry as the leaderboard's JSON shows it (SPEC section 5)."""
        return {
            "rank": self.rank,
            "name": self.name,
            "points": self.points,
            "on_time": self.on_time,
            "late": self.late,
            "makeup": self.makeup,
            "streak": self.streak,
            "best_streak": self.best_streak,
            "members": list(self.members),
        }


def member_total(t: Tally, scoring: Scoring, as_of: int) -> int:
    """A member's total: check-in points + streak bonuses up to ``as_of`` + adjustments."""
    return t.checkin_points + total_streak_bonus(scoring, t.mask, as_of) + t.adjustments


# Stands for "no counted check-in yet", which orders after every real time.
_NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)


def _instant(text: str | None) -> dt.datetime:
    """``text`` as an aware time, so that differently written ISO times compare right."""
    if text is None:
        return _NEVER
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _ranked_order(
    points: Iterable[int], on_time: Iterable[int], last: Iterable[str | None], names: Iterable[str]
) -> tuple[list[int], list[int]]:
    """Rank entries given as columns: their indexes best first, and their ranks by index.

    Best first means SPEC section 4's order: points descending, more on-time check-ins,
    the earlier last counted check-in (none last), the name. Every step is a C loop
    (``map``, ``zip``, ``sorted``, ``accumulate``) so that a hundred thousand entries
    cost no Python step per comparison.
    """
    # The index last keeps equal entries apart without comparing anything else.
    keys = sorted(zip(map(neg, points), map(neg, on_time), map(_instant, last), names, count()))
    order = list(map(itemgetter(4), keys))
    best_points = list(map(itemgetter(0), keys))
    best_on_time = list(map(itemgetter(1), keys))
    # A rank is the position of the first entry with the same points and on-time
    # count: the running maximum of the positions at which either of them changes.
    changes = map(
        or_,
        map(ne, best_points, chain((None,), best_points)),
        map(ne, best_on_time, chain((None,), best_on_time)),
    )
    ranks = [0] * len(order)
    for index, rank in zip(order, accumulate(map(mul, changes, count(1)), max), strict=True):
        ranks[index] = rank
    return order, ranks


def rank_standings(entries: Iterable[Standing]) -> list[Standing]:
    """Entries sorted and ranked as SPEC section 4 says.

    Total descending, then more on-time check-ins first, then the earlier last counted
    check-in (none last), then the name. Entries with equal points and equal on-time
    count share a rank; the next rank skips (1, 2, 2, 4). An entry whose rank changes
    comes back as a new ``Standing``.
    """
    items = list(entries)
    order, ranks = _ranked_order(
        map(attrgetter("points"), items),
        map(attrgetter("on_time"), items),
        map(attrgetter("last_counted_at"), items),
        map(attrgetter("name"), items),
    )
    return [
        items[index]
        if items[index].rank == ranks[index]
        else replace(items[index], rank=ranks[index])
        for index in order
    ]


# An entry before it has a rank: the fields of ``Standing`` after ``rank``, in order.
_Row = tuple[str, int, int, int, int, int, int, tuple[str, ...], str | None, int]


def _rank_rows(rows: Sequence[_Row]) -> list[Standing]:
    """Rank rows and build each ``Standing`` once, already carrying its rank."""
    order, ranks = _ranked_order(
        map(itemgetter(1), rows),
        map(itemgetter(2), rows),
        map(itemgetter(8), rows),
        map(itemgetter(0), rows),
    )
    # Built in the rows' own order and only then put in rank order: walking many
    # objects in the order they lie in memory is markedly faster.
    built = [Standing(rank, *row) for rank, row in zip(ranks, rows, strict=True)]
    return list(map(built.__getitem__, order))


def _days_mask(as_of: int) -> int:
    """Every day from 1 to ``as_of``."""
    return (1 << as_of) - 1 if as_of > 0 else 0


def member_standings(
    tallies: Iterable[Tally], scoring: Scoring, as_of: int, streak_day: int
) -> list[Standing]:
    """One ranked entry per member as of the end of day ``as_of``.

    ``streak_day`` is the day the current streak must end on: ``as_of``, or the day
    before while the windows of ``as_of`` are still open.
    """
    days = _days_mask(as_of)
    increments = _increments(scoring.streak_bonus, scoring.streak_cap, _table_length(days))
    # Many members share a mask (all who never missed): work each mask out once.
    by_mask: dict[int, tuple[int, int]] = {}
    rows: list[_Row] = []
    for t in tallies:
        mask = t.mask & days
        known = by_mask.get(mask)
        if known is None:
            known = by_mask[mask] = _streak_figures(mask, increments)
        rows.append(
            (
                t.name,
                t.checkin_points + known[0] + t.adjustments,
                t.on_time,
                t.late,
                t.makeup,
                streak_ending_at(mask, streak_day),
                known[1],
                (t.name,),
                t.last_counted_at,
                mask,
            )
        )
    return _rank_rows(rows)


def _later(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if _instant(a) >= _instant(b) else b


def _group_row(
    name: str,
    group: Sequence[Tally],
    names: tuple[str, ...],
    scoring: Scoring,
    as_of: int,
    streak_day: int,
    common_bonus: int,
) -> _Row:
    """The entry of ``group`` before it is ranked, with ``common_bonus`` per day on which all of it counted."""
    common = _days_mask(as_of)
    points = on_time = late = makeup = 0
    last: str | None = None
    for t in group:
        common &= t.mask
        points += member_total(t, scoring, as_of)
        on_time += t.on_time
        late += t.late
        makeup += t.makeup
        last = _later(last, t.last_counted_at)
    points += common_bonus * common.bit_count()
    return (
        name,
        points,
        on_time,
        late,
        makeup,
        streak_ending_at(common, streak_day),
        best_streak(common, as_of),
        names,
        last,
        common,
    )


def _groups(tallies: Iterable[Tally], attribute: str) -> dict[str, list[Tally]]:
    groups: dict[str, list[Tally]] = {}
    for t in tallies:
        key = getattr(t, attribute)
        if key is not None:
            groups.setdefault(key, []).append(t)
    return groups


def pair_standings(
    tallies: Iterable[Tally], scoring: Scoring, as_of: int, streak_day: int
) -> list[Standing]:
    """One ranked entry per pair (members whose ``pair`` is ``None`` are left out).

    A pair's total is its members' totals plus ``pair_bonus`` for every day up to
    ``as_of`` on which all of them counted; those common days are the pair's mask and
    give its streaks. Member names keep the order the tallies came in.
    """
    return _rank_rows(
        [
            _group_row(
                name,
                group,
                tuple(t.name for t in group),
                scoring,
                as_of,
                streak_day,
                scoring.pair_bonus,
            )
            for name, group in _groups(tallies, "pair").items()
        ]
    )


def team_standings(
    tallies: Iterable[Tally], scoring: Scoring, as_of: int, streak_day: int
) -> list[Standing]:
    """One ranked entry per team (members whose ``team`` is ``None`` are left out).

    A team's total is the sum of its members' totals; its mask, and so its streaks,
    are the days on which every member counted. Member names are sorted.
    """
    return _rank_rows(
        [
            _group_row(
                name,
                group,
                tuple(sorted(t.name for t in group)),
                scoring,
                as_of,
                streak_day,
                0,
            )
            for name, group in _groups(tallies, "team").items()
        ]
    )


def mvp(standings: Iterable[Standing]) -> list[Standing]:
    """Every entry ranked first (several on a tie; none when there are no entries)."""
    return [s for s in standings if s.rank == 1]
