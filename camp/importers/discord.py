"""DiscordChatExporter's exports of a channel, as JSON or as CSV.

The JSON export is ``{"guild", "channel", "messages": [...]}`` and is read one message
object at a time; the CSV export has the header
``AuthorID,Author,Date,Content,Attachments,Reactions`` and one (quoted, possibly
multi-line) record per message. ``read`` tells them apart by the file's first
non-space character.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from camp.importers.base import ChatMessage, ParseProblem, ReadItem
from camp.importers.jsonstream import stream_array_objects

__all__ = ["FORMAT", "read", "sniff"]

FORMAT = "discord"

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
_DISCRIMINATOR = re.compile(r"#\d{1,4}$")


def sniff(head: str, path: Path) -> bool:
    """True when ``head`` is the start of a DiscordChatExporter JSON or CSV export."""
    start = head.lstrip()
    if start.startswith("{"):
        return _GUILD_KEY.search(head) is not None and '"channel"' in head
    first_line = start.split("\n", 1)[0]
    fields = tuple(field.strip().strip('"') for field in first_line.split(",")[:4])
    return fields == _CSV_HEADER


def read(path: Path) -> Iterator[ReadItem]:
    """Stream the export's messages and problems, in file order (JSON or CSV)."""
    with open(path, encoding="utf-8-sig") as handle:
        start = handle.read(4096).lstrip()
    if start.startswith("{"):
        return _read_json(path)
    return _read_csv(path)


def _read_json(path: Path) -> Iterator[ReadItem]:
    for line, record in stream_array_objects(path, "messages"):
        if isinstance(record, str):
            yield ParseProblem(line, record)
        else:
            yield _message_from_record(line, record)


def _message_from_record(line: int, record: Any) -> ReadItem:
    if not isinstance(record, dict):
        return ParseProblem(
            line, "The messages array holds something that is not a message object."
        )
    author = record.get("author")
    if not isinstance(author, dict):
        return ParseProblem(line, "The message has no author object.")
    timestamp = record.get("timestamp")
    if not isinstance(timestamp, str):
        return ParseProblem(line, "The message has no timestamp.")
    parsed = _parse_iso(timestamp)
    if parsed is None:
        return ParseProblem(line, f"The timestamp {timestamp!r} is not a date and time.")
    content = record.get("content", "")
    if not isinstance(content, str):
        return ParseProblem(line, "The message's content is not text.")
    name = author.get("nickname") or author.get("name") or ""
    author_id = author.get("id")
    message_type = record.get("type", "Default")
    kind = "text" if message_type in _MEMBER_TYPES else "system"
    if kind == "system" and not content:
        content = str(message_type)
    return ChatMessage(
        line,
        str(name),
        str(author_id) if author_id is not None else None,
        parsed[0],
        parsed[1],
        content,
        kind,
    )


def _read_csv(path: Path) -> Iterator[ReadItem]:
    # newline="" lets the csv module keep line breaks inside quoted contents.
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows, None)
        if header is None:
            return
        columns = [name.strip() for name in header]
        try:
            author_id_at, author_at, date_at, content_at = (
                columns.index(name) for name in _CSV_HEADER
            )
        except ValueError:
            yield ParseProblem(1, f"The header lacks one of {', '.join(_CSV_HEADER)}.")
            return
        needed = max(author_id_at, author_at, date_at, content_at) + 1
        next_line = rows.line_num + 1
        for row in rows:
            line = next_line
            next_line = rows.line_num + 1
            if not row:
                continue
            if len(row) < needed:
                yield ParseProblem(line, f"The record has {len(row)} fields; {needed} are needed.")
                continue
            date = row[date_at].strip()
            parsed = _parse_iso(date) or _parse_short(date)
            if parsed is None:
                yield ParseProblem(line, f"The date {date!r} is not a date and time.")
                continue
            content = row[content_at]
            if "\r" in content:
                # Line breaks inside a quoted field keep the file's CRLF; texts use "\n".
                content = content.replace("\r\n", "\n")
            author_id = row[author_id_at].strip()
            yield ChatMessage(
                line,
                _DISCRIMINATOR.sub("", row[author_at].strip()),
                author_id or None,
                parsed[0],
                parsed[1],
                content,
                "system" if _SYSTEM_CONTENT.fullmatch(content) else "text",
            )


def _parse_iso(text: str) -> tuple[str, float | None] | None:
    """``(local_time, epoch)`` of an ISO 8601 timestamp; epoch only when it has an offset."""
    # Fast path for DiscordChatExporter's own shape, "2026-12-01T20:15:03.123+08:00":
    # the epoch of the day's midnight is looked up once, the time of day added.
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
        hour, minute, second = int(hours), int(minutes), float(seconds)
        if hour > 23 or minute > 59 or second >= 60:
            return None
        return (
            f"{date} {hours}:{minutes}:{seconds[:2]}",
            midnight + hour * 3600 + minute * 60 + second,
        )
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
