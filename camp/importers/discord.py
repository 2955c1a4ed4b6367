"""DiscordChatExporter's exports of a channel, as JSON or as CSV.

The JSON export is ``{"guild", "channel", "messages": [...]}`` and is read one message
object at a time; the CSV export has the header
``AuthorID,Author,Date,Content,Attachments,Reactions`` and one (quoted, possibly
multi-line) record per message, its date as the exporter's culture writes it: ISO 8601,
the older default ``05-Jan-19 09:03 AM``, or the culture's general date/time
(``1/2/2019 9:03 AM`` en-US, ``02/01/2019 09:03`` en-GB, ``02.01.2019 09:03`` de,
``2019/1/2 9:03`` zh ...), whose day/month order is decided from the whole file
(:mod:`camp.importers.dates`). ``read`` tells JSON and CSV apart by the file's first
non-space character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypedDict

from camp.importers.base import ChatMessage, Layout, ParseProblem, ReadItem
from camp.importers.csvrows import csv_records
from camp.importers.dates import (
    MERIDIEM_PATTERN,
    ORDER_WORDS,
    DateDecision,
    DateEvidence,
    calendar_date,
    candidate_orders,
    clock_of,
    meridiem_style,
)
from camp.importers.jsonstream import stream_array_batches

__all__ = ["FORMAT", "LOOKS_FOR", "read", "sniff"]

FORMAT = "discord"
LOOKS_FOR = (
    'DiscordChatExporter\'s JSON (a "guild" and a "channel" object) or its CSV header '
    "'AuthorID,Author,Date,Content,Attachments,Reactions'"
)

_CSV_HEADER = ("AuthorID", "Author", "Date", "Content")
# Message types that are what a member wrote; every other type is a notification.
_MEMBER_TYPES = frozenset({"Default", "Reply"})
_GUILD_KEY = re.compile(r'"guild"\s*:\s*\{')

_ISO_DATE = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,]\d+)?)?(Z|[+-]\d\d:?\d\d)?"
)
# DiscordChatExporter's older default date format, e.g. "01-Dec-26 08:15 PM".
_SHORT_DATE = re.compile(
    r"(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4}) (\d{1,2}):(\d\d)(?::(\d\d))?(?:\s*([AaPp])[Mm])?"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# The text DiscordChatExporter writes in CSV in place of a system notification's content.
_SYSTEM_CONTENT = re.compile(
    r"(?:Added .+ to the group\.|Removed .+ from the group\.|Left the group\."
    r"|Joined the server\.|Pinned a message\.|Started a thread\.|Changed the channel icon\."
    r"|Changed the channel name: .*|Started a call(?: that lasted .+)?\.?)",
    re.DOTALL,
)
_EXPORTER_SHAPE = re.compile(r"(\d{4}-\d\d-\d\d)T(\d\d):(\d\d):(\d\d(?:\.\d+)?)([+-]\d\d:\d\d)")
# Epoch of midnight per (date, UTC offset); a chat spans few of them.
_MIDNIGHTS: dict[tuple[str, str], float] = {}
_MIDNIGHT_CACHE_SIZE = 100_000
# (UTC offset, local "YYYY-MM-DD HH:MM:", epoch of that minute) per "YYYY-MM-DDTHH:MM:"
# of timestamps already read in the exporter's shape.
_MINUTES: dict[str, tuple[str, str, float]] = {}
# (whole seconds, seconds) per seconds text ("03.123") already read in that shape.
_SECONDS: dict[str, tuple[str, float]] = {}
_DISCRIMINATOR = re.compile(r"#\d{1,4}$")
#: Author names cleaned of their discriminator, kept per file up to this many.
_NAME_CACHE_SIZE = 4096


def sniff(head: str, path: Path) -> bool:
    """True when ``head`` is the start of a DiscordChatExporter JSON or CSV export."""
    start = head.lstrip()
    if start.startswith("{"):
        return _GUILD_KEY.search(head) is not None and '"channel"' in head
    first_line = start.split("\n", 1)[0]
    fields = tuple(field.strip().strip('"') for field in first_line.split(",")[:4])
    return fields == _CSV_HEADER


def read(path: Path, date_order: str | None = None) -> Iterator[ReadItem]:
    """Stream the export's layout, messages and problems, in file order (JSON or CSV).

    A CSV whose dates are a culture's numeric dates has their order decided from the
    whole file first (CampError when it cannot be); ``date_order`` settles a layout
    whose dates leave it open, and is refused before any item where they prove another.
    """
    with open(path, encoding="utf-8-sig") as handle:
        start = handle.read(4096).lstrip()
    if start.startswith("{"):
        return _read_json(path)
    return _read_csv(path, date_order)


class _Author(TypedDict, total=False):
    """What :func:`_message_from_record` reads of a message's author."""

    id: Any
    name: Any
    nickname: Any


class _Record(TypedDict, total=False):
    """Every key :func:`_message_from_record` reads: the rest of each message (its
    roles, embeds, reactions and so on) is never built (:mod:`camp.importers.jsonstream`)."""

    id: Any
    type: Any
    timestamp: Any
    content: Any
    author: _Author | None


def _read_json(path: Path) -> Iterator[ReadItem]:
    yield Layout("DiscordChatExporter JSON")
    for batch in stream_array_batches(path, "messages", _Record):
        for line, record in batch:
            if type(record) is str:
                yield ParseProblem(line, record)
            else:
                yield _message_from_record(line, record)


def _message_from_record(line: int, record: Any) -> ReadItem:
    # ``type(...) is`` and the tuple's own constructor: this runs for every message.
    if type(record) is not dict:
        return ParseProblem(
            line, "The messages array holds something that is not a message object."
        )
    get = record.get
    author = get("author")
    if type(author) is not dict:
        return ParseProblem(line, "The message has no author object.")
    timestamp = get("timestamp")
    if type(timestamp) is not str:
        return ParseProblem(line, "The message has no timestamp.")
    parsed = _parse_iso(timestamp)
    if parsed is None:
        return ParseProblem(line, f"The timestamp {timestamp!r} is not a date and time.")
    content = get("content", "")
    if type(content) is not str:
        return ParseProblem(line, "The message's content is not text.")
    name = author.get("nickname") or author.get("name") or ""
    author_id = author.get("id")
    message_type = get("type", "Default")
    kind = "text" if message_type in _MEMBER_TYPES else "system"
    if kind == "system" and not content:
        content = str(message_type)
    message_id = get("id")
    return _new_message(
        ChatMessage,
        (
            line,
            name if type(name) is str else str(name),
            None if author_id is None else author_id if type(author_id) is str else str(author_id),
            parsed[0],
            parsed[1],
            content,
            kind,
            message_id
            if type(message_id) is str and message_id
            else str(message_id)
            if isinstance(message_id, str | int) and message_id != ""
            else None,
        ),
    )


#: ChatMessage(...) goes through a Python __new__; the tuple's own is a third of it.
_new_message = tuple.__new__


# A culture's general date/time ("g"), which DiscordChatExporter writes by default:
# en-US "1/2/2019 9:03 AM", en-GB "02/01/2019 09:03", de "02.01.2019 09:03", nl
# "2-1-2019 09:03", id "02/01/2019 09.03", ja "2019/01/02 9:03", ko "2019. 1. 2. 오전 9:03".
# Groups: 1-5 date (first, separator, space, second, third), 6 word before the time,
# 7-9 hour, minute, second, 10 word after the time.
_CULTURE_DATE = re.compile(
    r"(\d{1,4})([./-])( ?)(\d{1,2})\2\3(\d{1,4})\.?,?[ \u00a0\u202f]"
    rf"(?:({MERIDIEM_PATTERN})[ \u00a0\u202f]?)?"
    r"(\d{1,2})[:.](\d\d)(?:[:.](\d\d))?"
    rf"(?:[ \u00a0\u202f]?({MERIDIEM_PATTERN}))?"
)
_CultureKey = tuple[str, bool, int, str | None]


def _culture_key(found: re.Match[str]) -> _CultureKey:
    first, separator, space, _, third, before, *_, after = found.groups()
    words = before or after
    year_first = len(first) == 4
    return (
        separator + space,
        year_first,
        4 if year_first else len(third),
        meridiem_style(words) if words else None,
    )


def _culture_phrase(key: _CultureKey, order: str | None = None) -> str:
    separator, year_first, year_digits, words = key
    year = "y" * year_digits
    clock = f"12-hour {words}" if words else "24-hour"
    if year_first:
        pattern = separator.join(("yyyy", "m", "d"))
    elif order is None:
        pattern = f"{separator.join(('d', 'm', year))} or {separator.join(('m', 'd', year))}"
    else:
        pattern = separator.join({"d": "d", "m": "m", "y": year}[field] for field in order)
    return f"DiscordChatExporter CSV ({pattern}, {clock})"


def _read_csv(path: Path, date_order: str | None) -> Iterator[ReadItem]:
    records = csv_records(path, delimiter=",")
    header: list[str] | None = None
    for item in records:
        if isinstance(item, ParseProblem):
            yield item
            continue
        header = item[1]
        break
    if header is None:
        return
    columns = [name.strip() for name in header]
    try:
        author_id_at, author_at, date_at, content_at = (columns.index(name) for name in _CSV_HEADER)
    except ValueError:
        yield ParseProblem(1, f"The header lacks one of {', '.join(_CSV_HEADER)}.")
        return
    needed = max(author_id_at, author_at, date_at, content_at) + 1
    # Read from the whole file, when its first culture date calls for it: a file of
    # ISO 8601 dates (the exporter's own) is read once.
    decisions: dict[_CultureKey, DateDecision] | None = None
    announced: set[str] = set()
    names: dict[str, str] = {}
    for item in records:
        if type(item) is ParseProblem:
            yield item
            continue
        line, row = item
        if len(row) < needed:
            if row and any(row):
                yield ParseProblem(line, f"The record has {len(row)} fields; {needed} are needed.")
            continue
        date = row[date_at].strip()
        parsed: tuple[str, float | None] | None = _parse_iso(date)
        layout = "DiscordChatExporter CSV (ISO 8601 dates)"
        evidence = ""
        order: str | None = None
        if parsed is None and _SHORT_DATE.fullmatch(date):
            parsed = _parse_short(date)
            layout = "DiscordChatExporter CSV (dd-MMM-yy hh:mm tt)"
        elif parsed is None:
            found = _CULTURE_DATE.fullmatch(date)
            if found is not None:
                key = _culture_key(found)
                if decisions is None:
                    decisions = _decide_culture_dates(path, date_at, needed, date_order)
                decision = decisions.get(key)
                if decision is None:
                    if date_order is None:
                        yield ParseProblem(
                            line,
                            f"The date {date!r} is in a layout the file's dates could not be "
                            "checked in; give --date-order dmy, mdy or ymd.",
                        )
                        continue
                    decision = decisions[key] = DateDecision(
                        "ymd" if key[1] else date_order,
                        "the year is written first" if key[1] else f"--date-order {date_order}",
                    )
                layout = _culture_phrase(key, decision.order)
                evidence = decision.evidence
                parsed = _parse_culture(found, decision.order)
                if parsed is None and date_order is not None and not key[1]:
                    yield ParseProblem(
                        line,
                        f"The date {date!r} does not exist read {ORDER_WORDS[date_order]} "
                        f"(--date-order {date_order}); check that the option fits the file.",
                    )
                    continue
                order = decision.order
        if parsed is None:
            yield ParseProblem(line, f"The date {date!r} is not a date and time.")
            continue
        if layout not in announced:
            announced.add(layout)
            yield Layout(layout, order, evidence)
        content = row[content_at]
        if "\r" in content:
            # Line breaks inside a quoted field keep the file's CRLF; texts use "\n".
            content = content.replace("\r\n", "\n")
        author_id = row[author_id_at].strip()
        # A chat names the same few authors over and over: each is cleaned once.
        author = row[author_at]
        name = names.get(author)
        if name is None:
            if len(names) > _NAME_CACHE_SIZE:
                names.clear()
            name = names[author] = _DISCRIMINATOR.sub("", author.strip())
        yield _new_message(
            ChatMessage,
            (
                line,
                name,
                author_id or None,
                parsed[0],
                parsed[1],
                content,
                "system" if _SYSTEM_CONTENT.fullmatch(content) else "text",
                None,
            ),
        )


def _decide_culture_dates(
    path: Path, date_at: int, needed: int, date_order: str | None
) -> dict[_CultureKey, DateDecision]:
    """The order of each culture-date layout in the file, from the whole file's dates
    (none when the file writes ISO 8601 or month names); the operator's ``date_order``
    settles a layout they leave open and is refused where they prove another."""
    evidence: dict[_CultureKey, DateEvidence] = {}
    previous = ""
    for item in csv_records(path, delimiter=","):
        if isinstance(item, ParseProblem) or item[0] == 1 or len(item[1]) < needed:
            continue
        date = item[1][date_at].strip()
        if date == previous or (date[4:5] == "-" and date[:4].isdigit()):
            continue  # ISO 8601, or the same as the record before
        previous = date
        found = _CULTURE_DATE.fullmatch(date)
        if found is None:
            continue
        key = _culture_key(found)
        seen = evidence.get(key)
        if seen is None:
            seen = evidence[key] = DateEvidence(candidate_orders(found.group(1)))
        clock = clock_of(
            found.group(7), found.group(8), found.group(9), found.group(6) or found.group(10)
        )
        seen.add(
            item[0],
            date[: found.end(5)],
            int(found.group(1)),
            int(found.group(4)),
            int(found.group(5)),
            clock[1] if clock else 0,
        )
    return {
        key: seen.decide(path.name, _culture_phrase(key), date_order)
        for key, seen in evidence.items()
    }


def _parse_culture(found: re.Match[str], order: str) -> tuple[str, None] | None:
    """``(local_time, None)`` of a culture date read in ``order``."""
    first, _, _, second, third, before, hour, minute, seconds, after = found.groups()
    if order != "ymd" and len(first) == 4:
        return None
    ymd = calendar_date(order, int(first), int(second), int(third))
    clock = clock_of(hour, minute, seconds, before or after)
    if ymd is None or clock is None:
        return None
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d} {clock[0]}", None


def _parse_iso(text: str) -> tuple[str, float | None] | None:
    """``(local_time, epoch)`` of an ISO 8601 timestamp; epoch only when it has an offset."""
    # Fast path for DiscordChatExporter's own shape, "2026-12-01T20:15:03.123+08:00":
    # the epoch of the day's midnight is looked up once, the time of day added.
    # The same minute again (a busy chat posts many in one): only its seconds are new.
    minute = _MINUTES.get(text[:17])
    if minute is not None and text.endswith(minute[0]):
        seconds = text[17:-6]
        known = _SECONDS.get(seconds)
        if known is None:
            whole = seconds[:2]
            if (
                seconds.isascii()
                and len(whole) == 2
                and whole.isdigit()
                and whole < "60"
                and (len(seconds) == 2 or (seconds[2] == "." and seconds[3:].isdigit()))
            ):
                if len(_SECONDS) > _MIDNIGHT_CACHE_SIZE:
                    _SECONDS.clear()
                known = _SECONDS[seconds] = (whole, float(seconds))
        if known is not None:
            return minute[1] + known[0], minute[2] + known[1]
    shaped = _EXPORTER_SHAPE.fullmatch(text)
    if shaped is not None:
        date, hours, minutes, seconds, offset = shaped.groups()
        midnight = _MIDNIGHTS.get((date, offset))
        if midnight is None:
            if len(_MIDNIGHTS) > _MIDNIGHT_CACHE_SIZE:
                _MIDNIGHTS.clear()
            try:
                midnight = datetime.fromisoformat(f"{date}T00:00:00{offset}").timestamp()
            except ValueError:
                return None
            _MIDNIGHTS[date, offset] = midnight
        hour, minute_of_hour, second = int(hours), int(minutes), float(seconds)
        if hour > 23 or minute_of_hour > 59 or second >= 60:
            return None
        start = midnight + hour * 3600 + minute_of_hour * 60
        if len(_MINUTES) > _MIDNIGHT_CACHE_SIZE:
            _MINUTES.clear()
        # Keyed by the text itself, "YYYY-MM-DDTHH:MM:"; the offset is checked.
        _MINUTES[text[:17]] = (offset, f"{date} {hours}:{minutes}:", start)
        return f"{date} {hours}:{minutes}:{seconds[:2]}", start + second
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day_of_month, hours, minutes, seconds, offset = match.groups()
    local_time = f"{year}-{month}-{day_of_month} {hours}:{minutes}:{seconds or '00'}"
    try:
        # fromisoformat is C code and checks the calendar (no 30 February).
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return local_time, (moment.timestamp() if offset else None)


def _parse_short(text: str) -> tuple[str, None] | None:
    """``(local_time, None)`` of a date like ``01-Dec-26 08:15 PM``."""
    match = _SHORT_DATE.fullmatch(text)
    if match is None:
        return None
    day_text, month_name, year_text, hour_text, minute, second, meridiem = match.groups()
    month = _MONTHS.get(month_name.lower())
    day, hour = int(day_text), int(hour_text)
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem in "Pp" else 0)
    if month is None or hour > 23 or int(minute) > 59 or (second and int(second) > 59):
        return None
    try:
        datetime(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute}:{second or '00'}", None
