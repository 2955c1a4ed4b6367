"""The order of local numeric dates (day/month/year or month/day/year), decided from
evidence across a whole export, never guessed.

Exports such as WhatsApp's write dates in the phone's locale (``01/12/26``) and say
nowhere which field is the day. A reader gathers :class:`DateEvidence` for each layout
it finds (one per way of writing dates: a file that mixes an Android and an iOS part
decides each apart) in a first, cheap pass, then asks :meth:`DateEvidence.decide`
before it yields any message. What counts as evidence:

* a date that exists in one order only (``31/12/26`` cannot be month-first);
* a four-digit first field: the year comes first (``2019/01/01``);
* the export's own chronology: a reading that makes the chat go back in time by a day
  or more is excluded (``12/11/26`` then ``01/12/26`` is 12 November then 1 December
  day-first, but 11 December then 12 January month-first).

When the evidence of a layout conflicts, or there is none, :meth:`DateEvidence.decide`
raises :class:`~camp.errors.CampError` naming two lines that show why, and asks for
``--date-order``; the operator's order, when given, settles such a layout, and is
refused (naming the line that proves the other order) where the dates decide.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple

from camp.errors import CampError
from camp.importers.base import DATE_ORDERS

__all__ = [
    "MERIDIEM_PATTERN",
    "ORDER_WORDS",
    "DateDecision",
    "DateEvidence",
    "calendar_date",
    "candidate_orders",
    "clock_of",
    "meridiem_style",
    "real_date",
    "real_iso_day",
]

#: How each order reads, for sentences: "read day-first".
ORDER_WORDS = {"dmy": "day-first", "mdy": "month-first", "ymd": "year-first"}
_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MINUTES_PER_DAY = 1440
_ASK = "give --date-order dmy, mdy or ymd"

#: The 12-hour words of the common locales, as a pattern: AM/PM, a.m./p.m., a. m./p. m.
#: (often with a no-break space inside), Turkish ÖÖ/ÖS, Chinese 上午/下午, Japanese
#: 午前/午後, Korean 오전/오후.
MERIDIEM_PATTERN = r"[AaPp]\.?[ \u00a0\u202f]?[Mm]\.?|ÖÖ|ÖS|上午|下午|午前|午後|오전|오후"
_PM_WORDS = frozenset({"pm", "ös", "下午", "午後", "오후"})
_MERIDIEM_STYLE = {
    "pm": "AM/PM",
    "am": "AM/PM",
    "öö": "ÖÖ/ÖS",
    "ös": "ÖÖ/ÖS",
    "上午": "上午/下午",
    "下午": "上午/下午",
    "午前": "午前/午後",
    "午後": "午前/午後",
    "오전": "오전/오후",
    "오후": "오전/오후",
}
_MERIDIEM_NOISE = dict.fromkeys(map(ord, ". \u00a0\u202f"))


def meridiem_style(meridiem: str) -> str | None:
    """How a 12-hour word is spelt, as its layout's words: ``AM/PM``, ``a.m./p.m.``,
    ``a. m./p. m.``, ``ÖÖ/ÖS``, ``上午/下午`` ...; None for a word of no known locale."""
    style = _MERIDIEM_STYLE.get(meridiem.translate(_MERIDIEM_NOISE).lower())
    if style == "AM/PM" and "." in meridiem:
        spaced = any(gap in meridiem for gap in " \u00a0\u202f")
        return "a. m./p. m." if spaced else "a.m./p.m."
    return style


def clock_of(
    hour_text: str, minute: str, second: str | None, meridiem: str | None
) -> tuple[str, int] | None:
    """``("HH:MM:SS", minutes after midnight)`` of a time's fields (``meridiem`` the
    12-hour word, if any), or None when no such time exists. ``00:08 a. m.`` is 00:08."""
    hour = int(hour_text)
    if meridiem is not None:
        if hour > 12:
            return None
        afternoon = meridiem.translate(_MERIDIEM_NOISE).lower() in _PM_WORDS
        hour = hour % 12 + (12 if afternoon else 0)
    if hour > 23 or minute > "59" or (second is not None and second > "59"):
        return None
    return f"{hour:02d}:{minute}:{second or '00'}", hour * 60 + int(minute)


class DateDecision(NamedTuple):
    """The order a layout's dates are read in, and the evidence for it (one phrase)."""

    order: str
    evidence: str


def candidate_orders(first_field: str) -> tuple[str, ...]:
    """The orders a date whose first field is ``first_field`` can be in.

    A four-digit first field is the year (year, month, day); otherwise the year is last
    and the day may come first or second.
    """
    return ("ymd",) if len(first_field) == 4 else ("dmy", "mdy")


def calendar_date(order: str, first: int, second: int, third: int) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of three numeric fields read in ``order``, or None when no
    such day exists. Two-digit years are this century's."""
    if order == "dmy":
        day, month, year = first, second, third
    elif order == "mdy":
        month, day, year = first, second, third
    else:
        year, month, day = first, second, third
    if year < 100:
        year += 2000
    return (year, month, day) if real_date(year, month, day) else None


def real_date(year: int, month: int, day: int) -> bool:
    """True when the day exists in the (Gregorian) calendar: no 31 April, no 29 February
    outside leap years."""
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month]:
        return False
    return month != 2 or day != 29 or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))


@lru_cache(maxsize=4096)
def real_iso_day(date: str) -> bool:
    """Whether a ``YYYY-MM-DD`` already in range (month 01-12, day 01-31) exists, for
    the days past the 28th that not every month has; one answer per date."""
    return real_date(int(date[:4]), int(date[5:7]), int(date[8:10]))


def _spoken(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[2]} {_MONTH_NAMES[ymd[1]]} {ymd[0]}"


class _Seen(NamedTuple):
    line: int
    text: str


class DateEvidence:
    """What the dates of one layout of an export say about their order.

    Feed it each date (at least each line whose date differs from the line before) with
    :meth:`add`, in file order, then call :meth:`decide`. It holds a few examples per
    order, never the dates themselves, so a file of any size costs the same memory.
    """

    __slots__ = (
        "_backwards",
        "_candidates",
        "_first",
        "_first_asymmetric",
        "_impossible",
        "_last",
        "_peak",
        "_unreal",
    )

    def __init__(self, candidates: tuple[str, ...]) -> None:
        self._candidates = candidates
        # Per order: the first line whose date cannot be read in it (but can in another).
        self._impossible: dict[str, _Seen] = {}
        # Per order: the latest moment seen so far (minutes), with its line.
        self._peak: dict[str, tuple[int, _Seen]] = {}
        # Per order: the first place the chat goes back a day or more read that way.
        self._backwards: dict[str, tuple[_Seen, _Seen]] = {}
        self._first: _Seen | None = None
        self._last: _Seen | None = None
        # The first date that reads differently in the candidate orders.
        self._first_asymmetric: _Seen | None = None
        # The first date that is no day in any candidate order (32/13/2024).
        self._unreal: _Seen | None = None

    @property
    def candidates(self) -> tuple[str, ...]:
        """The orders this layout's dates may be in."""
        return self._candidates

    def add(
        self, line: int, text: str, first: int, second: int, third: int, minute_of_day: int = 0
    ) -> None:
        """Take the date written ``text`` (fields ``first``, ``second``, ``third``) on
        ``line``, at ``minute_of_day`` minutes after midnight."""
        seen = _Seen(line, text)
        readings = {order: calendar_date(order, first, second, third) for order in self._candidates}
        possible = [order for order, ymd in readings.items() if ymd is not None]
        if not possible:
            # Not a date in any order: the reader reports the line, it proves nothing.
            if self._unreal is None:
                self._unreal = seen
            return
        if self._first is None:
            self._first = seen
        self._last = seen
        if len(set(readings.values())) > 1 and self._first_asymmetric is None:
            self._first_asymmetric = seen
        for order, ymd in readings.items():
            if ymd is None:
                self._impossible.setdefault(order, seen)
                continue
            moment = date(*ymd).toordinal() * _MINUTES_PER_DAY + minute_of_day
            peak = self._peak.get(order)
            if peak is None or moment > peak[0]:
                self._peak[order] = (moment, seen)
            elif moment <= peak[0] - _MINUTES_PER_DAY and order not in self._backwards:
                self._backwards[order] = (peak[1], seen)

    def decide(self, source: str, layout: str, date_order: str | None = None) -> DateDecision:
        """The order of this layout's dates, or CampError when the evidence cannot tell.

        ``source`` names the file and ``layout`` the layout in the sentence;
        ``date_order`` is the operator's ``--date-order``, which settles every layout
        whose year is not written first and whose dates do not prove an order; dates
        that prove the other order refuse it (CampError naming the line that shows it).
        """
        if self._candidates == ("ymd",):
            if self._first is None:
                return DateDecision("ymd", "the year is written first")
            return DateDecision(
                "ymd", f"line {self._first.line} has {self._first.text} (the year first)"
            )
        if date_order is not None:
            if date_order not in DATE_ORDERS:
                raise CampError(f"--date-order {date_order!r} is not known; {_ASK}.")
            self._refuse_contradicted(source, layout, date_order)
            return DateDecision(date_order, f"--date-order {date_order}")
        alive = [order for order in self._candidates if order not in self._impossible]
        if not alive:
            (one, seen_one), (other, seen_other) = list(self._impossible.items())[:2]
            raise CampError(
                f"{source}: cannot tell the date order of {layout}: line {seen_one.line} has "
                f"{seen_one.text}, which cannot be {ORDER_WORDS[one]}, and line "
                f"{seen_other.line} has {seen_other.text}, which cannot be "
                f"{ORDER_WORDS[other]}; {_ASK}."
            )
        if len(alive) == 1:
            order = alive[0]
            excluded = next(o for o in self._candidates if o != order)
            return DateDecision(
                order,
                f"line {self._impossible[excluded].line} has {self._impossible[excluded].text}",
            )
        forward = [order for order in alive if order not in self._backwards]
        if len(forward) == 1:
            order = forward[0]
            excluded = next(o for o in alive if o != order)
            return DateDecision(
                order,
                f"dates only run forward read {ORDER_WORDS[order]}: {self._going_back(excluded)}",
            )
        if self._first_asymmetric is None:
            # Every real date has the same day and month: both orders read the same days.
            return DateDecision(alive[0], self._alike_either_way())
        self._refuse_undecided(source, layout, alive, bool(forward))
        raise AssertionError("unreachable")  # pragma: no cover

    def _refuse_contradicted(self, source: str, layout: str, date_order: str) -> None:
        """CampError when this layout's own dates prove an order other than the
        operator's ``date_order`` (a date that cannot be read so, or a chat that would
        go back in time read so); nothing when they leave the choice open."""
        alive = [order for order in self._candidates if order not in self._impossible]
        forward = [order for order in alive if order not in self._backwards]
        proven = alive[0] if len(alive) == 1 else forward[0] if len(forward) == 1 else None
        if date_order not in self._candidates:
            # Year-first for dates written with the year last: only a date that cannot be
            # read so (27/02/2024) shows it, 03/04/05 may be 5 April 2003.
            first = self._first
            if first is None or _reading(date_order, first.text) is not None:
                return
            why = f"line {first.line} has {first.text}, which cannot be {ORDER_WORDS[date_order]}"
        elif proven is None or proven == date_order:
            return
        elif date_order in self._impossible:
            seen = self._impossible[date_order]
            why = f"line {seen.line} has {seen.text}, which cannot be {ORDER_WORDS[date_order]}"
        else:
            why = self._going_back(date_order)
        instead = (
            f"--date-order {proven}, or leave the option out and the file's dates decide"
            if proven
            else f"--date-order {' or '.join(self._candidates)}"
        )
        raise CampError(
            f"{source}: --date-order {date_order} contradicts the dates of {layout}: {why}; "
            f"give {instead}."
        )

    def _going_back(self, order: str) -> str:
        """How the chat goes back a day or more read in ``order``: "read month-first,
        line 4 (01/04/2024 → 4 January 2024) would come before line 3 (12/03/2024 →
        3 December 2024)"."""
        peak, back = self._backwards[order]
        return (
            f"read {ORDER_WORDS[order]}, line {back.line} ({_as_read(order, back.text)}) would "
            f"come before line {peak.line} ({_as_read(order, peak.text)})"
        )

    def _alike_either_way(self) -> str:
        """The evidence of a layout whose real dates read the same in every order."""
        unreal = self._unreal
        no_date = f"line {unreal.line}: {unreal.text} is no date in any order" if unreal else ""
        if self._first is None:
            return f"no date is real ({no_date})" if unreal else "no date to decide by"
        if unreal is None:
            return f"every date reads the same either way (line {self._first.line}: {self._first.text})"
        return (
            f"every real date reads the same either way (line {self._first.line}: "
            f"{self._first.text}; {no_date})"
        )

    def _refuse_undecided(self, source: str, layout: str, alive: list[str], forward: bool) -> None:
        first = self._first_asymmetric
        last = self._last
        assert first is not None and last is not None
        if not forward:
            one, other = list(self._backwards)[:2]
            raise CampError(
                f"{source}: cannot tell the date order of {layout}: the chat goes back in time "
                f"either way ({self._going_back(one)}; {self._going_back(other)}); {_ASK}."
            )
        readings = []
        for order in alive:
            spans = []
            for seen in (first, last):
                ymd = _reading(order, seen.text)
                spans.append(_spoken(ymd) if ymd else seen.text)
            readings.append(f"{' → '.join(dict.fromkeys(spans))} read {ORDER_WORDS[order]}")
        lines = (
            f"line {first.line} has {first.text}"
            if first.line == last.line
            else f"line {first.line} has {first.text} and line {last.line} has {last.text}"
        )
        raise CampError(
            f"{source}: cannot tell whether the dates of {layout} are day-first or "
            f"month-first: {lines}, which fit either way ({', or '.join(readings)}); {_ASK}."
        )


def _as_read(order: str, text: str) -> str:
    """``01/04/2024 → 4 January 2024``: a date's text and the day it is read in ``order``."""
    ymd = _reading(order, text)
    return f"{text} → {_spoken(ymd)}" if ymd else text


def _reading(order: str, text: str) -> tuple[int, int, int] | None:
    """The calendar date of a date's text as written (its three digit runs)."""
    fields: list[int] = []
    run = ""
    for char in text:
        if char.isdigit():
            run += char
        elif run:
            fields.append(int(run))
            run = ""
    if run:
        fields.append(int(run))
    if len(fields) != 3:
        return None
    return calendar_date(order, *fields)
