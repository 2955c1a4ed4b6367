"""A plain CSV of check-ins, written by hand or by a spreadsheet: ``member,time,text``.

The header names the columns, in any order: the member (``member``, ``name`` or
``sender``), the time (``time``, ``at`` or ``date``), the text (``text``, ``content``
or ``message``) and optionally the member's ``id``. Times are ``YYYY-MM-DD HH:MM[:SS]``
or ``YYYY/MM/DD HH:MM[:SS]`` on the camp's clock, ISO 8601 with an offset
(``2024-03-01T08:00:00+08:00``, an absolute instant) or unix seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from camp.importers.base import ChatMessage, Layout, ParseProblem, ReadItem
from camp.importers.csvrows import csv_records, header_fields
from camp.importers.dates import real_date, real_iso_day

__all__ = ["FORMAT", "LOOKS_FOR", "read", "sniff"]

FORMAT = "csv"
LOOKS_FOR = (
    "a header of member, time and text columns only, e.g. 'member,time,text' or 'name;date;message'"
)
LAYOUT = "plain CSV (member, time, text)"

_MEMBER_COLUMNS = ("member", "name", "sender")
_TIME_COLUMNS = ("time", "at", "date")
_TEXT_COLUMNS = ("text", "content", "message")
_ID_COLUMNS = ("id",)
_REQUIRED = (_MEMBER_COLUMNS, _TIME_COLUMNS, _TEXT_COLUMNS)
# Every name a plain CSV's header may use: a header with any other column (WeChat's
# "type" or "talker", Discord's "AuthorID") belongs to another format.
_KNOWN_COLUMNS = frozenset(_MEMBER_COLUMNS + _TIME_COLUMNS + _TEXT_COLUMNS + _ID_COLUMNS)
_DELIMITERS = (",", ";", "\t", "|")

# The canonical form, in range, is taken as it is; anything else goes the slow way.
_CANONICAL_TIME = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
)
_TIME = re.compile(
    r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d\d)(?::(\d\d)(\.\d+)?)?"
    r"\s*(?:(Z)|([+-])(\d\d):?(\d\d))?\s*"
)


def sniff(head: str, path: Path) -> bool:
    """True when the first line of ``head`` is a header of member, time and text columns only."""
    for delimiter in _DELIMITERS:
        names = header_fields(head, delimiter)
        if len(names) < 3 or not _KNOWN_COLUMNS.issuperset(names):
            continue
        if all(_find(names, wanted) is not None for wanted in _REQUIRED):
            return True
    return False


def read(path: Path, date_order: str | None = None) -> Iterator[ReadItem]:
    """Stream the rows of a plain check-in CSV, and a problem for each row it cannot read.

    ``date_order`` is ignored: times are year-first or unix seconds.
    """
    records = csv_records(path)
    for item in records:
        if isinstance(item, ParseProblem):
            yield item
            continue
        line, header = item
        names = [name.strip().lower() for name in header]
        member_at, time_at, text_at = (_find(names, wanted) for wanted in _REQUIRED)
        if member_at is None or time_at is None or text_at is None:
            shown = ", ".join(name.strip() for name in header[:16])[:300]
            yield ParseProblem(
                line,
                "The header needs a member (or name), a time and a text column: member,time,text;"
                f" it has the columns {shown}.",
            )
            return
        yield Layout(LAYOUT, None, f"line {line}: {', '.join(header)[:300]}")
        yield from _messages(
            records, member_at, time_at, text_at, _find(names, _ID_COLUMNS), len(names)
        )
        return


def _messages(
    records: Iterator[tuple[int, list[str]] | ParseProblem],
    member_at: int,
    time_at: int,
    text_at: int,
    id_at: int | None,
    width: int,
) -> Iterator[ReadItem]:
    # The id is optional to the end: a spreadsheet may drop a trailing empty cell.
    needed = 1 + max(member_at, time_at, text_at)
    canonical = _CANONICAL_TIME.fullmatch
    # ChatMessage(...) goes through a Python __new__; the tuple's own is a third of it.
    new_message = tuple.__new__
    for item in records:
        if item.__class__ is ParseProblem:
            yield item
            continue
        start, row = item
        size = len(row)
        if size < needed:
            if size > 1 or row[0].strip():
                yield ParseProblem(start, f"Row has {size} of the header's {width} fields.")
            continue
        member = row[member_at].strip()
        if not member:
            yield ParseProblem(start, "Row has no member.")
            continue
        value = row[time_at]
        local_time: str | None
        epoch: float | None
        if canonical(value) and (value[8:10] <= "28" or real_iso_day(value[:10])):
            local_time, epoch = value, None
        else:
            parsed = _parsed_time(value)
            if parsed is None:
                yield ParseProblem(start, f"Row has a time that cannot be read: {value[:40]!r}.")
                continue
            local_time, epoch = parsed
        member_id = (row[id_at].strip() or None) if id_at is not None and id_at < size else None
        yield new_message(
            ChatMessage, (start, member, member_id, local_time, epoch, row[text_at], "text", None)
        )


def _parsed_time(value: str) -> tuple[str | None, float | None] | None:
    """(local time, epoch) of a time cell, or None when it is no valid time.

    A time with an offset is an absolute instant: it gets its epoch, and keeps the wall
    time it shows as its local time.
    """
    stripped = value.strip()
    if stripped.isdigit():
        return None, float(stripped)
    match = _TIME.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, utc, sign, off_hours, off_minutes = (
        match.groups()
    )
    year, month, day = int(year), int(month), int(day)
    hour, minute, second = int(hour), int(minute), int(second or 0)
    if not real_date(year, month, day):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    local_time = f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"
    if utc is None and sign is None:
        return local_time, None
    epoch = _days_since_epoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    if sign is not None:
        offset = int(off_hours) * 3600 + int(off_minutes) * 60
        epoch -= offset if sign == "+" else -offset
    return local_time, epoch + (float(fraction) if fraction else 0.0)


def _days_since_epoch(year: int, month: int, day: int) -> int:
    """Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _find(names: list[str], wanted: tuple[str, ...]) -> int | None:
    """Position of the first of ``wanted`` (best first) among ``names``, or None."""
    for name in wanted:
        if name in names:
            return names.index(name)
    return None
