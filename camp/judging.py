"""Judging check-ins: which day and window a check-in belongs to, and how it counts.

Pure functions over a camp's planned days. ``SlotIndex`` is built once per camp and
places each check-in with a binary search, because imports judge millions of chat
messages.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pendulum

from camp.errors import CampError
from camp.models import COUNTED_STATUSES, Day

__all__ = [
    "Placement",
    "SlotClaim",
    "SlotIndex",
    "claim_slot",
    "first_claimant",
    "makeup_problem",
    "place_checkin",
    "slot_key",
    "slot_of",
]

_T = TypeVar("_T")

_ON_TIME = 0
_LATE = 1
_STATUS_NAMES = ("on_time", "late")


@dataclass(frozen=True)
class Placement:
    """Where a check-in falls: its day and window, and ``on_time``, ``late`` or ``outside``.

    An ``outside`` placement has no window; its ``day`` is the active day on the
    check-in's local date, or ``None`` when that date is not an active day.
    """

    day: int | None
    window: str | None
    status: str


# A candidate is (status rank, scan order, day number, window name): sorting puts every
# on-time match before any late one, and among equals the earlier day and window first.
_Candidate = tuple[int, int, int, str]


class SlotIndex:
    """The windows of a camp's days, indexed for fast placing of check-ins.

    The time line is cut at every open, due and late-until instant (UTC epoch seconds).
    Each boundary instant and each gap between two boundaries is a *piece*; every piece
    holds the windows a check-in in it would match, best first. Placing a check-in is
    then one ``bisect`` plus a short scan (longer only where windows overlap).

    ``tz`` is the camp's zone, which decides the local date of an ``outside``
    check-in; it defaults to the zone of the days' window times.
    """

    def __init__(self, days: Sequence[Day], tz: str | None = None):
        self._days = tuple(days)
        intervals: list[tuple[float, float, bool, _Candidate]] = []
        order = 0
        for day in self._days:
            for slot in day.slots:
                name = slot.window.name
                opens, due = slot.open.timestamp(), slot.due.timestamp()
                intervals.append((opens, due, True, (_ON_TIME, order, day.number, name)))
                late = slot.late_until.timestamp() if slot.late_until is not None else due
                if late > due:
                    intervals.append((due, late, False, (_LATE, order, day.number, name)))
                order += 1
        self._zone = tz or self._zone_of(self._days)
        self._day_starts: list[float] = []
        self._day_ends: list[float] = []
        self._day_numbers: list[int] = []
        if self._zone:
            zone = pendulum.timezone(self._zone)
            for day in sorted(self._days, key=lambda d: d.date):
                self._day_starts.append(_start_of(day.date, zone))
                self._day_ends.append(_start_of(day.date + dt.timedelta(days=1), zone))
                self._day_numbers.append(day.number)
        # The days' own bounds cut the time line too, so that every piece lies within
        # one local date and an ``outside`` placement is known per piece.
        self._bounds: list[float] = sorted(
            {t for a, b, _, _ in intervals for t in (a, b)}
            | set(self._day_starts)
            | set(self._day_ends)
        )
        pieces: list[list[_Candidate]] = [[] for _ in range(2 * len(self._bounds) + 1)]
        for start, end, closed_start, candidate in intervals:
            if end < start:
                continue  # an empty window (due before open after a DST shift): nothing fits
            # Piece 2i+1 is the instant bounds[i]; piece 2i is the gap just before it.
            first = 2 * bisect_left(self._bounds, start) + (1 if closed_start else 2)
            last = 2 * bisect_left(self._bounds, end) + 1
            for piece in range(first, last + 1):
                pieces[piece].append(candidate)
        self._pieces: list[tuple[_Candidate, ...]] = [tuple(sorted(p)) for p in pieces]
        outside: dict[int | None, Placement] = {}
        self._best: list[Placement] = []
        for piece, candidates in enumerate(self._pieces):
            if candidates:
                self._best.append(self._placement(candidates[0]))
            else:
                number = self._day_on(self._inside(piece))
                self._best.append(outside.setdefault(number, Placement(number, None, "outside")))

    def _inside(self, piece: int) -> float:
        """An instant of ``piece``: its bound, or a moment of the gap it is."""
        bounds, i = self._bounds, piece // 2
        if piece % 2:
            return bounds[i]
        if not bounds:
            return 0.0
        if i == 0:
            return bounds[0] - 1
        if i == len(bounds):
            return bounds[-1] + 1
        return (bounds[i - 1] + bounds[i]) / 2

    @staticmethod
    def _zone_of(days: Sequence[Day]) -> str | None:
        for day in days:
            for slot in day.slots:
                return slot.open.timezone_name
        if days:
            raise CampError("The camp's days have no windows, so their time zone is unknown.")
        return None

    @staticmethod
    def _placement(candidate: _Candidate) -> Placement:
        rank, _, number, window = candidate
        return Placement(day=number, window=window, status=_STATUS_NAMES[rank])

    def place(self, at: dt.datetime, windows: frozenset[str] | None = None) -> Placement:
        """Where a check-in at ``at`` falls; ``windows`` limits the windows that count.

        ``on_time`` when ``open <= at <= due``, ``late`` when ``due < at <= late_until``
        (an on-time match anywhere wins over a late one), else ``outside``. In shift mode
        ``windows`` is the member's one window; ``None`` means every window counts.
        """
        if at.tzinfo is None:
            raise CampError(f"The check-in time {at.isoformat()} has no time zone.")
        return self.place_timestamp(at.timestamp(), windows)

    def place_timestamp(self, t: float, windows: frozenset[str] | None = None) -> Placement:
        """Like :meth:`place`, for a UTC epoch timestamp in seconds (importers have one)."""
        i = bisect_left(self._bounds, t)
        piece = 2 * i + 1 if i < len(self._bounds) and self._bounds[i] == t else 2 * i
        if windows is None:
            return self._best[piece]
        for candidate in self._pieces[piece]:
            if candidate[3] in windows:
                return self._placement(candidate)
        return Placement(day=self._day_on(t), window=None, status="outside")

    def _day_on(self, t: float) -> int | None:
        k = bisect_right(self._day_starts, t) - 1
        if k >= 0 and t < self._day_ends[k]:
            return self._day_numbers[k]
        return None


def _start_of(date: dt.date, zone: pendulum.Timezone) -> float:
    # Midnight may not exist on a DST day in some zones; pendulum moves it forward,
    # which is the first instant of that local date.
    return pendulum.datetime(date.year, date.month, date.day, tz=zone).timestamp()


def _epoch(moment: dt.datetime) -> float:
    return moment.timestamp()


def place_checkin(
    days: Sequence[Day], at: dt.datetime, windows: frozenset[str] | None = None
) -> Placement:
    """Place one check-in; to place many, build a :class:`SlotIndex` once and reuse it."""
    return SlotIndex(days).place(at, windows)


def slot_key(mode: str, placement: Placement) -> tuple:
    """The slot a counted check-in fills: one per day in ``any`` and ``shift`` mode,
    one per day and window in ``all`` mode. A slot holds one counted check-in."""
    return slot_of(mode, placement.day, placement.window)


def slot_of(mode: str, day: int | None, window: str | None) -> tuple:
    """The slot of a check-in stored for ``day`` and ``window`` (see :func:`slot_key`)."""
    if mode in ("any", "shift"):
        return (day,)
    if mode == "all":
        return (day, window)
    raise CampError(f"Unknown check-in mode {mode!r}; use any, shift or all.")


@dataclass(frozen=True)
class SlotClaim:
    """What the slot rule decides for a new check-in: the status it is stored with, and
    whether the check-in that held the slot until now loses it (becomes ``duplicate``)."""

    status: str
    displaces: bool = False


def claim_slot(status: str, at: str, holder_at: str | None) -> SlotClaim:
    """The slot rule (SPEC section 4), for a check-in judged ``status`` at ``at``.

    A slot holds one counted check-in and the earliest wins: when the slot's holder
    (made at ``holder_at``) is not later, the new check-in is a ``duplicate``; when it
    is later — an earlier check-in recorded after it, from another source or a later
    import — the new one takes the slot and the holder is displaced. A check-in that
    does not count (``outside``) never touches the slot. Times are the engine's UTC
    text, which orders like the times; on a tie the holder keeps the slot.
    """
    if status not in COUNTED_STATUSES:
        return SlotClaim(status)
    if holder_at is None:
        return SlotClaim(status)
    if holder_at <= at:
        return SlotClaim("duplicate")
    return SlotClaim(status, displaces=True)


def first_claimant(
    mode: str,
    freed: Placement,
    candidates: Iterable[tuple[_T, Placement]],
) -> tuple[_T, Placement] | None:
    """The check-in that takes a slot freed by a voided holder, or ``None``.

    ``candidates`` are the slot's other check-ins (stored as ``duplicate``), earliest
    first, each with its placement judged again; the first that counts and falls in the
    same slot wins, as the slot rule would have decided without the voided one.
    """
    key = slot_key(mode, freed)
    for item, placement in candidates:
        if placement.status in COUNTED_STATUSES and slot_key(mode, placement) == key:
            return item, placement
    return None


def makeup_problem(
    days: Sequence[Day], day: int, now: dt.datetime, used: int, limit: int
) -> str | None:
    """Why a makeup check-in for ``day`` is refused at ``now``, or ``None`` when allowed.

    A makeup is for a past day whose windows have all closed, and a member has at most
    ``limit`` of them (``used`` so far).
    """
    if not 1 <= day <= len(days):
        return f"Day {day} is not a day of this camp; its days run from 1 to {len(days)}."
    target = next((d for d in days if d.number == day), None)
    if target is None:
        return f"Day {day} is not a day of this camp."
    # Compared as epoch seconds: same-zone datetimes compare by wall clock, which is
    # wrong inside the repeated hour of a fall-back night.
    closes = max((slot.closes for slot in target.slots), key=_epoch, default=None)
    if closes is not None and now.timestamp() <= closes.timestamp():
        local = closes.format("YYYY-MM-DD HH:mm")
        return (
            f"Day {day} is still open until {local}; a makeup is only for a missed past day "
            f"— record a normal check-in instead."
        )
    if used >= limit:
        return f"This member has used {used} of {limit} makeups; no makeup is left."
    return None
