"""A camp's calendar: rest days, day numbers, window times and progress.

Every function here is pure: plain data in, plain data out, no clock. All local times
are in the camp's IANA zone and computed with pendulum, so a camp that runs across a
daylight-saving change keeps its wall-clock windows (20:00 stays 20:00).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pendulum

from camp.errors import CampError
from camp.models import Camp, CampDefinition, Day, TaskPlan, Window, WindowSlot

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = [
    "MAX_SCAN_YEARS",
    "Progress",
    "active_dates",
    "camp_days",
    "day_for_date",
    "empty_window_warnings",
    "holiday_data_warnings",
    "is_rest_day",
    "local_datetime",
    "occurrences",
    "parse_local_time",
    "plan_days",
    "plan_warnings",
    "progress",
    "timezone_for",
    "today_of",
    "window_slot",
]

#: How far ``active_dates`` looks for active days before it declares the rest rules
#: impossible (e.g. every weekday listed as an explicit rest date).
MAX_SCAN_YEARS = 10

_HOLIDAYS_PREFIX = "holidays:"
_RULE_EXAMPLES = '"weekends", "holidays:CN", "holidays:US-CA" or a date such as "2026-12-25"'


@dataclass(frozen=True)
class _RestRules:
    weekends: bool
    countries: tuple[tuple[str, str | None], ...]
    dates: frozenset[dt.date]


@lru_cache(maxsize=256)
def _parse_rest_rules(rest: tuple[str, ...]) -> _RestRules:
    weekends = False
    countries: list[tuple[str, str | None]] = []
    dates: set[dt.date] = set()
    for raw in rest:
        rule = raw.strip()
        if rule.casefold() == "weekends":
            weekends = True
        elif rule.casefold().startswith(_HOLIDAYS_PREFIX):
            code = rule[len(_HOLIDAYS_PREFIX) :].strip()
            country, _, subdiv = code.partition("-")
            if not re.fullmatch(r"[A-Za-z]{2,3}", country):
                raise CampError(
                    f"Rest rule {raw!r} does not name a country; "
                    f"write holidays:XX with an ISO 3166 code, e.g. holidays:CN or holidays:US-CA."
                )
            key = (country.upper(), subdiv.upper() or None)
            _check_country(raw, *key)
            if key not in countries:
                countries.append(key)
        else:
            try:
                dates.add(dt.date.fromisoformat(rule))
            except ValueError:
                raise CampError(
                    f"Rest rule {raw!r} is not understood; use {_RULE_EXAMPLES}."
                ) from None
    return _RestRules(weekends, tuple(countries), frozenset(dates))


def _check_country(raw: str, country: str, subdiv: str | None) -> None:
    import holidays  # only camps with holiday rules pay for its import

    try:
        holidays.country_holidays(country, subdiv=subdiv, years=())
    except NotImplementedError:
        what = f"subdivision {subdiv!r} of {country}" if subdiv else f"country {country!r}"
        raise CampError(
            f"Rest rule {raw!r}: the holidays package knows no {what}; "
            f"use an ISO 3166 code such as holidays:CN or holidays:US-CA."
        ) from None


@lru_cache(maxsize=512)
def _holidays_for(country: str, subdiv: str | None, year: int) -> HolidayBase:
    import holidays  # only camps with holiday rules pay for its import

    # Building a country's holidays for a year is slow (milliseconds); a camp asks for
    # the same few (country, year) pairs for every one of its dates.
    return holidays.country_holidays(country, subdiv=subdiv, years=year)


def is_rest_day(date: dt.date, rest: tuple[str, ...]) -> bool:
    """Whether ``date`` is a rest day under the camp's ``rest`` rules.

    Rules: ``"weekends"`` (Saturday and Sunday), ``"holidays:XX"`` or
    ``"holidays:XX-SUBDIV"`` (public holidays of a country from the holidays package),
    and explicit ISO dates. A make-up working day (China's 调休: a weekend day worked in
    exchange for a longer holiday) is not a rest day even under ``"weekends"``;
    ``"holidays:XX"`` alone never makes an ordinary weekend a rest day. An explicit date
    is always a rest day. An unknown rule raises :class:`CampError`.
    """
    rules = _parse_rest_rules(tuple(rest))
    if date in rules.dates:
        return True
    makeup_workday = False
    for country, subdiv in rules.countries:
        calendar = _holidays_for(country, subdiv, date.year)
        if date in calendar:
            return True
        if date in calendar.weekend_workdays:
            makeup_workday = True
    return rules.weekends and date.weekday() >= 5 and not makeup_workday


def active_dates(start: dt.date, days: int, rest: tuple[str, ...]) -> list[dt.date]:
    """The dates of days 1..``days`` from ``start`` on; rest days take no number.

    Raises :class:`CampError` when the rules leave too few active days within
    ``MAX_SCAN_YEARS`` years of ``start``.
    """
    if days < 1:
        raise CampError(f"A camp needs at least one day, not {days}.")
    rest = tuple(rest)
    limit = _add_years(start, MAX_SCAN_YEARS)
    found: list[dt.date] = []
    date = start
    while len(found) < days:
        if date >= limit:
            raise CampError(
                f"The rest rules leave only {len(found)} active day(s) in the "
                f"{MAX_SCAN_YEARS} years from {start.isoformat()}, but the camp needs {days}; "
                f"remove some rest rules or shorten the camp."
            )
        if not is_rest_day(date, rest):
            found.append(date)
        date += dt.timedelta(days=1)
    return found


def _add_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February in a year that has none
        return date.replace(year=date.year + years, day=28)


def holiday_data_warnings(dates: Iterable[dt.date], rest: tuple[str, ...]) -> list[str]:
    """Warnings for camp years the holidays package has no official data for.

    Countries with make-up working days (CN, VN, RU ...) publish each year's holidays
    shortly before it starts; for a later year the package only estimates the holidays
    and knows no make-up working days, so the operator should check those days.
    """
    rules = _parse_rest_rules(tuple(rest))
    years = sorted({date.year for date in dates})
    warnings: list[str] = []
    for country, subdiv in rules.countries:
        rule = _HOLIDAYS_PREFIX + country + (f"-{subdiv}" if subdiv else "")
        published = _last_published_year(country, subdiv)
        for year in years:
            calendar = _holidays_for(country, subdiv, year)
            if not calendar.start_year <= year <= calendar.end_year:
                warnings.append(
                    f"{rule}: the holidays package has no holidays for {year}; "
                    f"no public holiday is skipped that year — list rest dates explicitly."
                )
            elif published is not None and year > published:
                warnings.append(
                    f"{rule}: the official holiday schedule for {year} is not published in "
                    f"the holidays package yet (latest: {published}); that year's holidays are "
                    f"estimated and make-up working days are missing — check the camp's days "
                    f"or list rest dates explicitly."
                )
    return warnings


@lru_cache(maxsize=64)
def _last_published_year(country: str, subdiv: str | None) -> int | None:
    """The last year with an official schedule, for countries that publish one yearly."""
    import holidays

    calendar = holidays.country_holidays(country, subdiv=subdiv, years=())
    special = getattr(calendar, "special_public_holidays", None) or {}
    # Only countries with substituted days (make-up working days) depend on a yearly
    # decree; elsewhere the rules are fixed and later years are exact.
    if not calendar.has_substituted_holidays or not special:
        return None
    return max(special)


@lru_cache(maxsize=64)
def timezone_for(tz: str) -> pendulum.Timezone:
    """The pendulum zone of an IANA name, or CampError with an example."""
    try:
        return pendulum.timezone(tz)
    except Exception:  # pendulum raises InvalidTimezone, a KeyError, for unknown names
        raise CampError(
            f"Unknown timezone {tz!r}; use an IANA name such as Asia/Shanghai or America/New_York."
        ) from None


def local_datetime(
    date: dt.date, time: dt.time, tz: pendulum.Timezone, *, first: bool = False
) -> pendulum.DateTime:
    """Wall-clock ``time`` on ``date`` in ``tz`` (never hours added across days).

    A time in a spring-forward gap moves forward as pendulum does (02:30 -> 03:30). A
    time that happens twice (a fall-back night) is its later occurrence, or its first
    when ``first`` is true: a window opens at the first and is due at the last, so it is
    never shorter than its wall-clock length (SPEC section 4).
    """
    if first:
        both = occurrences(date, time, tz)
        if len(both) == 2:
            return both[0]
    return _wall_clock(date, time, tz, fold=1)


def _wall_clock(
    date: dt.date, time: dt.time, tz: pendulum.Timezone, fold: int
) -> pendulum.DateTime:
    return pendulum.datetime(
        date.year,
        date.month,
        date.day,
        time.hour,
        time.minute,
        time.second,
        time.microsecond,
        tz=tz,
        fold=fold,
    )


def occurrences(
    date: dt.date, time: dt.time, tz: pendulum.Timezone
) -> tuple[pendulum.DateTime, ...]:
    """The instants at which ``time`` on ``date`` happens in ``tz``: two on a fall-back
    night (earlier first), else one (a time in a spring-forward gap has moved forward)."""
    later = _wall_clock(date, time, tz, fold=1)
    earlier = _wall_clock(date, time, tz, fold=0)
    if earlier.offset != later.offset and earlier.time() == later.time() == time:
        return (earlier, later)
    return (later,)


def window_slot(date: dt.date, window: Window, tz: str) -> WindowSlot:
    """``window`` on ``date`` as aware datetimes in ``tz``.

    A window whose ``due`` is earlier than its ``open`` crosses midnight: its ``due``
    falls on the next date. ``late_until`` is measured forward from ``due`` and may
    fall on the date after it.
    """
    zone = timezone_for(tz)
    opens = local_datetime(date, window.open, zone, first=True)
    due_date = pendulum.Date(date.year, date.month, date.day)
    if window.crosses_midnight:
        due_date = due_date.add(days=1)
    due = local_datetime(due_date, window.due, zone)
    late_until = None
    if window.late_until is not None:
        late_date = due_date.add(days=1) if window.late_until < window.due else due_date
        late_until = local_datetime(late_date, window.late_until, zone)
    return WindowSlot(window=window, open=opens, due=due, late_until=late_until)


def plan_days(defn: CampDefinition, start: dt.date) -> list[Day]:
    """The camp's active days 1..N from ``start``: date, difficulty, task and slots."""
    return list(_plan(defn.timezone, defn.days, defn.rest, defn.tasks, defn.windows, start))


# A scheduler holds every active camp. The key is what plan_days reads of the
# definition, so camps made from one template share their days whatever their names.
@lru_cache(maxsize=4096)
def _plan(
    timezone: str,
    days: int,
    rest: tuple[str, ...],
    plan: TaskPlan,
    windows: tuple[Window, ...],
    start: dt.date,
) -> tuple[Day, ...]:
    """:func:`plan_days` from the parts of the definition it reads (a Day is immutable)."""
    # The ramp is imported here so that the calendar can be imported on its own.
    from camp.ramp import plan_tasks

    timezone_for(timezone)
    dates = active_dates(start, days, rest)
    tasks = plan_tasks(plan, days)
    return tuple(
        Day(
            number=number,
            date=date,
            difficulty=difficulty,
            task=task,
            slots=tuple(_window_slot(date, window, timezone) for window in windows),
        )
        for (number, date), (difficulty, task) in zip(enumerate(dates, start=1), tasks, strict=True)
    )


# Camps of one community share their windows and dates: a scheduler of a thousand
# camps works each slot out once (WindowSlot is immutable).
_window_slot = lru_cache(maxsize=65536)(window_slot)


def day_for_date(days: Sequence[Day], date: dt.date) -> Day | None:
    """The active day on ``date``, or ``None`` for a rest day or a date outside the camp."""
    return next((day for day in days if day.date == date), None)


def today_of(days: Sequence[Day], now: pendulum.DateTime, current: int) -> Day | None:
    """The camp day that is *today* at ``now``: the one whose windows are open, else the
    one whose windows open later today (the day whose windows closed last night is
    yesterday), else the day that closed last; day 1 before the camp starts."""
    if not days:
        return None
    if current < 1:
        return days[0]
    day = days[current - 1]
    if any(now.timestamp() <= slot.closes.timestamp() for slot in day.slots):
        return day
    if current < len(days):
        following = days[current]
        opens = min((slot.open for slot in following.slots), default=None)
        # ``now`` is in the camp's zone: "today" is its local date there.
        if opens is not None and opens.in_tz(now.timezone_name or "UTC").date() == now.date():
            return following
    return day


@dataclass(frozen=True)
class Progress:
    """Where a camp stands at an instant.

    ``day`` is the latest day whose first window has opened (0 before the camp, N after
    it). ``still_open`` is true while a check-in for that day can still count.
    """

    day: int
    still_open: bool
    started: bool
    finished: bool


def progress(days: Sequence[Day], now: pendulum.DateTime) -> Progress:
    """The camp's progress at ``now``.

    Closing times are inclusive like judging (a check-in at ``late_until`` still
    counts), so a day is still open at its last ``closes`` and the camp is finished
    only after the last day's last close.
    """
    # Epoch seconds, not datetimes: Python compares two datetimes of the same zone by
    # wall clock, which is wrong inside the repeated hour of a fall-back night.
    t = now.timestamp()
    current: Day | None = None
    for day in reversed(days):
        if day.slots and min(slot.open.timestamp() for slot in day.slots) <= t:
            current = day
            break
    if current is None:
        return Progress(day=0, still_open=False, started=False, finished=False)
    still_open = any(t <= slot.closes.timestamp() for slot in current.slots)
    last_close = max((slot.closes.timestamp() for day in days for slot in day.slots), default=None)
    finished = last_close is not None and t > last_close
    return Progress(day=current.number, still_open=still_open, started=True, finished=finished)


_BARE_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_local_time(text: str, tz: str, now: pendulum.DateTime | None = None) -> pendulum.DateTime:
    """An instant typed on the command line, as a DateTime in ``tz``.

    ISO 8601 with an offset or ``Z`` is converted into ``tz``; without one it is a local
    time in ``tz``; a bare ``HH:MM`` (or ``HH:MM:SS``) is that time today, where today
    is ``now``'s date in ``tz``. A local time that happens twice in ``tz`` (a fall-back
    night) is refused, naming the two offsets to choose from. Anything else raises
    :class:`CampError`.
    """
    zone = timezone_for(tz)
    cleaned = text.strip()
    example = "e.g. 2026-11-23T20:15, 2026-11-23T20:15+08:00 or 20:15 (today)"
    bare = _BARE_TIME.fullmatch(cleaned)
    if bare:
        hour, minute, second = (int(part or 0) for part in bare.groups())
        try:
            time = dt.time(hour, minute, second)
        except ValueError:
            raise CampError(f"{text!r} is not a time of day; write it as {example}.") from None
        if now is None:
            raise CampError(f"{text!r} has no date; write a full date and time, {example}.")
        date = now.in_tz(zone).date()
        _refuse_twice(text, date, time, zone, tz)
        return local_datetime(date, time, zone)
    try:
        parsed = pendulum.parse(cleaned, tz=zone, exact=True)
    except (ValueError, TypeError):  # pendulum's ParserError is a ValueError
        raise CampError(
            f"{text!r} is not an ISO 8601 date and time; write it as {example}."
        ) from None
    if not isinstance(parsed, pendulum.DateTime):
        raise CampError(f"{text!r} is not a date and time; write it as {example}.")
    if not _OFFSET.search(cleaned):
        _refuse_twice(text, parsed.date(), parsed.time(), zone, tz)
    return parsed.in_tz(zone)


# An ISO 8601 time's own offset at its end: Z, +08, +08:00 or -0500.
_OFFSET = re.compile(r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$")


def _refuse_twice(
    text: str, date: dt.date, time: dt.time, zone: pendulum.Timezone, tz: str
) -> None:
    both = occurrences(date, time, zone)
    if len(both) == 2:
        offsets = " or ".join(moment.format("Z") for moment in both)
        raise CampError(
            f"{text.strip()} happens twice in {tz} (the clocks go back that night); "
            f"add its offset, {offsets}, e.g. {both[0].format('YYYY-MM-DDTHH:mm')}"
            f"{both[0].format('Z')}."
        )


def plan_warnings(days: Sequence[Day], rest: tuple[str, ...]) -> list[str]:
    """Everything an operator should hear about a camp's plan before it runs: holiday
    data that is missing for a year it spans, and windows a clock change empties."""
    return holiday_data_warnings([day.date for day in days], rest) + empty_window_warnings(days)


def empty_window_warnings(days: Sequence[Day]) -> list[str]:
    """A sentence for each window that would be empty on some date: its open falls in a
    spring-forward gap and moves past its due (SPEC section 4)."""
    warnings = []
    for day in days:
        for slot in day.slots:
            if slot.due.timestamp() < slot.open.timestamp():
                warnings.append(
                    f'Window "{slot.window.name}" would be empty on {day.date.isoformat()} '
                    f"(day {day.number}): the clocks change that night, so it opens at "
                    f"{slot.open.format('HH:mm')} after its due time {slot.due.format('HH:mm')}; "
                    "no check-in can count in it then. Move its times out of the change."
                )
    return warnings


def camp_days(camp: Camp) -> tuple[Day, ...]:
    """The camp's active days 1..N with tasks and window times (cached by the parts of
    its definition they come from, and its start)."""
    defn = camp.definition
    return _plan(defn.timezone, defn.days, defn.rest, defn.tasks, defn.windows, camp.start)
