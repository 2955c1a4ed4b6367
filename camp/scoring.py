"""Points, streaks and ranking (SPEC section 4): pure functions over plain data.

Days are numbered 1..N. A member's counted days are an ``int`` bitmask: bit ``d - 1``
is set when the member counted on day ``d``. Streaks come from bit operations and
ranking runs in C loops, because a camp may have a hundred thousand members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from camp.models import Scoring
from camp.ramp import exact_decimal, round_half_up

__all__ = [
    "Standing",
    "Tally",
    "best_streak",
    "checkin_points",
    "completion_rate",
    "current_streak",
    "daily_streaks",
    "member_standings",
    "member_total",
    "mvp",
    "pair_standings",
    "rank_standings",
    "round_half_up",
    "squeeze_leave",
    "streak_bonus",
    "streak_ending_at",
    "team_standings",
    "total_streak_bonus",
]

_NOT_COUNTED = frozenset({"outside", "duplicate"})


def checkin_points(
    scoring: Scoring, difficulty: int, status: str, score: float | Decimal | None = None
) -> int:
    """Points of one check-in judged ``status`` on a day of ``difficulty``.

    ``round_half_up(base × (difficulty if by_difficulty else 1) × factor)`` plus, when
    ``score`` (0..100) is given, ``round_half_up(graded_points × score / 100)``. The
    factor is 1 on time, ``late_factor`` late and ``makeup_factor`` for a makeup;
    ``outside`` and ``duplicate`` check-ins earn nothing. The arithmetic is exact
    decimal (SPEC section 4): ``18 × 5 × 0.35`` is 31.5, which rounds to 32.
    """
    if status == "on_time":
        factor = Decimal(1)
    elif status == "late":
        factor = exact_decimal(scoring.late_factor)
    elif status == "makeup":
        factor = exact_decimal(scoring.makeup_factor)
    elif status in _NOT_COUNTED:
        return 0
    else:
        raise ValueError(f"unknown check-in status {status!r}")
    weight = difficulty if scoring.by_difficulty else 1
    points = round_half_up(scoring.base * weight * factor)
    if score is not None:
        points += round_half_up(scoring.graded_points * exact_decimal(score) / 100)
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


def squeeze_leave(mask: int, leave: int, up_to: int) -> tuple[int, int]:
    """The counted days ``mask`` up to ``up_to`` with the leave days taken out, and the
    place of ``up_to`` among the days left.

    An approved leave day is no day at all for streaks (SPEC section 11): every later
    day moves one place down, so the run before the leave goes on after it. A leave on
    a day that counted anyway is no leave. Without leave this is ``(mask, up_to)``.
    """
    mask = _up_to(mask, up_to)
    leave = _up_to(leave, up_to) & ~mask
    if not leave:
        return mask, up_to
    places = up_to - leave.bit_count()
    # The latest leave first: taking a day out moves only the days after it.
    while leave:
        day = leave.bit_length()
        mask = (mask & ((1 << (day - 1)) - 1)) | ((mask >> day) << (day - 1))
        leave &= ~(1 << (day - 1))
    return mask, places


def streak_ending_at(mask: int, day: int) -> int:
    """Length of the run of counted days that ends on ``day`` (0 when ``day`` is not counted)."""
    if day < 1 or not (mask >> (day - 1)) & 1:
        return 0
    # The highest day at or before ``day`` that was not counted bounds the run.
    missing = ~mask & ((1 << day) - 1)
    return day - missing.bit_length()


def current_streak(mask: int, as_of: int, still_open: bool, leave: int = 0) -> int:
    """The streak standings show as of day ``as_of`` (SPEC section 4).

    The run ending at ``as_of`` once that day counted; while its windows are still
    open and it has not counted yet, the run ending the day before, so nobody's streak
    looks broken before they had a chance to check in. Leave days are left out
    (:func:`squeeze_leave`): on a leave day the run before it still stands.
    """
    if leave:
        on_leave = as_of >= 1 and (leave & ~mask) >> (as_of - 1) & 1
        mask, as_of = squeeze_leave(mask, leave, as_of)
        if on_leave:
            return streak_ending_at(mask, as_of)
    if still_open and not (as_of >= 1 and (mask >> (as_of - 1)) & 1):
        return streak_ending_at(mask, as_of - 1)
    return streak_ending_at(mask, as_of)


def daily_streaks(
    scoring: Scoring, mask: int, up_to: int, leave: int = 0
) -> dict[int, tuple[int, int]]:
    """``{day: (streak, streak bonus)}`` of every counted day on or before ``up_to``: the
    run ending on that day (leave days left out, :func:`squeeze_leave`) and what it
    earns. The bonuses add up to :func:`total_streak_bonus`."""
    excused = leave & ~mask
    run, found = 0, {}
    for day in range(1, up_to + 1):
        bit = 1 << (day - 1)
        if mask & bit:
            run += 1
            found[day] = (run, streak_bonus(scoring, run))
        elif not excused & bit:
            run = 0
    return found


def best_streak(mask: int, up_to: int, leave: int = 0) -> int:
    """The longest run of counted days on or before day ``up_to`` (leave days left out)."""
    rest = squeeze_leave(mask, leave, up_to)[0]
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


def total_streak_bonus(scoring: Scoring, mask: int, up_to: int, leave: int = 0) -> int:
    """Sum of the streak bonuses of every counted day on or before day ``up_to``; leave
    days are left out of the runs (:func:`squeeze_leave`) and earn nothing."""
    squeezed = squeeze_leave(mask, leave, up_to)[0]
    return _streak_bonus_total(scoring.streak_bonus, scoring.streak_cap, squeezed)


class Tally(NamedTuple):
    """What one member did up to the as-of day (the caller leaves out later days).

    ``mask`` holds the counted days; ``last_counted_at`` is the UTC ISO 8601 time of
    the last counted check-in; ``pair`` and ``team`` are display names of the groups;
    ``leave`` holds the member's approved leave days and ``first_day`` the camp day
    they joined on (for the completion rate).
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
    leave: int = 0
    first_day: int = 1


class Standing(NamedTuple):
    """One ranked leaderboard entry: a member, a pair or a team.

    ``mask`` holds the entry's counted days up to the as-of day (for a pair or a team,
    the days on which all its members counted); ``last_counted_at`` is the latest
    counted check-in of any member, which orders entries that tie.
    """

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
    #: The share of the member's days counted since they joined (``rank_by =
    #: "completion"``), else ``None``.
    completion: Fraction | None = None
    #: ``perfect``, ``passed`` or ``failed`` (``pending`` while it is still open) when the
    #: camp has ``[outcomes]``, else ``None``.
    outcome: str | None = None

    def to_json(self) -> dict:
        """The entry as the leaderboard's JSON shows it (SPEC section 5), with
        ``completion`` and ``outcome`` when the camp's rules give them."""
        data = {
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
        if self.completion is not None:
            data["completion"] = round(float(self.completion), 4)
        if self.outcome is not None:
            data["outcome"] = self.outcome
        return data


def _period_bonus(scoring: Scoring, t: Tally, as_of: int, first_day: int) -> int:
    """The streak bonuses of ``t``'s days ``first_day..as_of`` (runs may begin earlier)."""
    bonus = total_streak_bonus(scoring, t.mask, as_of, t.leave)
    if first_day > 1:
        bonus -= total_streak_bonus(scoring, t.mask, first_day - 1, t.leave)
    return bonus


def member_total(t: Tally, scoring: Scoring, as_of: int, first_day: int = 1) -> int:
    """A member's total: check-in points + streak bonuses up to ``as_of`` + adjustments.

    From ``first_day`` on (a period board), the tally's sums are those of the period and
    only the streak bonuses earned on its days count, so the boards of consecutive
    periods add up to the board of them all.
    """
    return t.checkin_points + _period_bonus(scoring, t, as_of, first_day) + t.adjustments


def completion_rate(t: Tally, as_of: int, still_open: bool = False, first_day: int = 1) -> Fraction:
    """The share of ``t``'s days counted, from the later of its join day and
    ``first_day`` to ``as_of``: leave days are left out, and so is ``as_of`` while it is
    still open and has not counted yet. Nobody's day yet is a rate of 0."""
    start = max(t.first_day, first_day)
    span = _days_mask(as_of) & ~_days_mask(start - 1)
    counted = t.mask & span
    if still_open and as_of >= 1 and not counted >> (as_of - 1) & 1:
        span &= ~(1 << (as_of - 1))
    eligible = (span & ~(t.leave & ~counted)).bit_count()
    return Fraction(counted.bit_count(), eligible) if eligible else Fraction(0)


# The engine stores times as UTC text of one fixed shape, which sorts like the times
# themselves; any other ISO text is first rewritten into that shape.
_CANONICAL = "%Y-%m-%dT%H:%M:%S.%fZ"
_CANONICAL_LENGTH = len("2026-01-01T00:00:00.000000Z")
_NEVER = "~"  # after every digit: entries that never counted come last


def _instant(text: str) -> dt.datetime:
    """``text`` as an aware time (no offset means UTC)."""
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _time_key(text: str | None) -> str:
    """The last counted check-in's time as text that orders like the time."""
    if text is None:
        return _NEVER
    if len(text) == _CANONICAL_LENGTH and text[-1] == "Z":
        return text
    return _instant(text).astimezone(dt.UTC).strftime(_CANONICAL)


def _order_key(points: int, on_time: int, last: str | None, name: str) -> tuple:
    """SPEC section 4's order: points descending, more on-time check-ins, the earlier
    last counted check-in (none last), then the name."""
    return (-points, -on_time, _time_key(last), name)


def _ranks(keys: Sequence[tuple], shared: int = 2) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of entries already in order: equal points and
    equal on-time count (the first ``shared`` parts of the key) share a rank."""
    ranks: list[int] = []
    previous = None
    for position, key in enumerate(keys, start=1):
        head = key[:shared]
        ranks.append(ranks[-1] if head == previous else position)
        previous = head
    return ranks


def rank_standings(entries: Iterable[Standing]) -> list[Standing]:
    """Entries sorted and ranked as SPEC section 4 says.

    Total descending, then more on-time check-ins first, then the earlier last counted
    check-in (none last), then the name. Entries with equal points and equal on-time
    count share a rank; the next rank skips (1, 2, 2, 4).
    """
    keyed = sorted(
        ((_order_key(e.points, e.on_time, e.last_counted_at, e.name), e) for e in entries),
        key=itemgetter(0),
    )
    ranks = _ranks([key for key, _ in keyed])
    return [
        e if e.rank == rank else e._replace(rank=rank)
        for rank, (_, e) in zip(ranks, keyed, strict=True)
    ]


# An entry before it has a rank: the fields of ``Standing`` after ``rank``, in order.
_Row = tuple[str, int, int, int, int, int, int, tuple[str, ...], str | None, int]


def _rank_rows(rows: Sequence[_Row]) -> list[Standing]:
    """Rank unranked rows (the fields of ``Standing`` after ``rank``)."""
    keyed = sorted(((_order_key(r[1], r[2], r[8], r[0]), r) for r in rows), key=itemgetter(0))
    ranks = _ranks([key for key, _ in keyed])
    return [Standing(rank, *row) for rank, (_, row) in zip(ranks, keyed, strict=True)]


def _rank_rows_by_completion(rows: Sequence[_Row], rates: Sequence[Fraction]) -> list[Standing]:
    """Rank unranked rows by completion rate first, then SPEC section 4's order; equal
    rate, points and on-time count share a rank."""
    keyed = sorted(
        (
            ((-rate, *_order_key(r[1], r[2], r[8], r[0])), r, rate)
            for r, rate in zip(rows, rates, strict=True)
        ),
        key=itemgetter(0),
    )
    ranks = _ranks([key for key, _, _ in keyed], shared=3)
    return [
        Standing(rank, *row, completion=rate)
        for rank, (_, row, rate) in zip(ranks, keyed, strict=True)
    ]


def _days_mask(as_of: int) -> int:
    """Every day from 1 to ``as_of``."""
    return (1 << as_of) - 1 if as_of > 0 else 0


def member_standings(
    tallies: Iterable[Tally],
    scoring: Scoring,
    as_of: int,
    still_open: bool = False,
    first_day: int = 1,
) -> list[Standing]:
    """One ranked entry per member as of the end of day ``as_of``.

    ``still_open`` tells that the windows of ``as_of`` are still open, which decides
    the current streak of those who have not counted that day (:func:`current_streak`).
    From ``first_day`` on, the board of days ``first_day..as_of`` (:func:`member_total`);
    ``scoring.rank_by = "completion"`` ranks by :func:`completion_rate` first.
    """
    tallies = list(tallies)
    days = _days_mask(as_of)
    before = _days_mask(first_day - 1)
    increments = _increments(scoring.streak_bonus, scoring.streak_cap, _table_length(days))
    # Many members share a mask (all who never missed): work each mask out once.
    by_mask: dict[int, tuple[int, int, int]] = {}
    rows: list[_Row] = []
    for t in tallies:
        mask = t.mask & days
        known: tuple[int, int, int] | None
        if first_day > 1 or t.leave & days & ~mask:
            # Leave is rare, and a period board small: such a member is worked out alone.
            known = (
                _period_bonus(scoring, t, as_of, first_day),
                best_streak(mask & ~before, as_of, t.leave),
                current_streak(mask, as_of, still_open, t.leave),
            )
        else:
            known = by_mask.get(mask)
        if known is None:
            bonus, best = _streak_figures(mask, increments)
            known = by_mask[mask] = (bonus, best, current_streak(mask, as_of, still_open))
        rows.append(
            (
                t.name,
                t.checkin_points + known[0] + t.adjustments,
                t.on_time,
                t.late,
                t.makeup,
                known[2],
                known[1],
                (t.name,),
                t.last_counted_at,
                mask & ~before,
            )
        )
    if scoring.rank_by == "completion":
        rates = [completion_rate(t, as_of, still_open, first_day) for t in tallies]
        return _rank_rows_by_completion(rows, rates)
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
    still_open: bool,
    common_bonus: int,
    first_day: int = 1,
    mean: bool = False,
) -> _Row:
    """The unranked entry of ``group``: ``common_bonus`` per day on which all of it counted
    (from ``first_day`` on); with ``mean``, the points are its members' mean, rounded
    half up to a whole point."""
    common = _days_mask(as_of) & ~_days_mask(first_day - 1)
    points = on_time = late = makeup = 0
    last: str | None = None
    for t in group:
        common &= t.mask
        points += member_total(t, scoring, as_of, first_day)
        on_time += t.on_time
        late += t.late
        makeup += t.makeup
        last = _later(last, t.last_counted_at)
    points += common_bonus * common.bit_count()
    if mean and group:
        points = round_half_up(Decimal(points) / len(group))
    return (
        name,
        points,
        on_time,
        late,
        makeup,
        current_streak(common, as_of, still_open),
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
    tallies: Iterable[Tally],
    scoring: Scoring,
    as_of: int,
    still_open: bool = False,
    first_day: int = 1,
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
                still_open,
                # A partner left out (removed) leaves no "both partners" days.
                scoring.pair_bonus if len(group) >= 2 else 0,
                first_day,
            )
            for name, group in _groups(tallies, "pair").items()
        ]
    )


def team_standings(
    tallies: Iterable[Tally],
    scoring: Scoring,
    as_of: int,
    still_open: bool = False,
    first_day: int = 1,
) -> list[Standing]:
    """One ranked entry per team (members whose ``team`` is ``None`` are left out).

    A team's total is the sum of its members' totals, or their mean with
    ``scoring.team = "mean"``; its mask, and so its streaks, are the days on which
    every member counted. Member names are sorted.
    """
    return _rank_rows(
        [
            _group_row(
                name,
                group,
                tuple(sorted(t.name for t in group)),
                scoring,
                as_of,
                still_open,
                0,
                first_day,
                mean=scoring.team == "mean",
            )
            for name, group in _groups(tallies, "team").items()
        ]
    )


def mvp(standings: Iterable[Standing]) -> list[Standing]:
    """Every entry ranked first (several on a tie; none when there are no entries)."""
    return [s for s in standings if s.rank == 1]
