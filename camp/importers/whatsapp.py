"""WhatsApp's "Export chat" text file, in its Android and iOS layouts.

Each message starts with a timestamp line, e.g. Android ``12/31/26, 21:50 - Name: text``
(or ``31/12/2026, 21:50``, ``31.12.26, 21:50``, ``12/31/26, 9:50 PM``) and iOS
``[31/12/2026, 21:50:03] Name: text``; lines that do not start with a timestamp
continue the message before them. Whether dates are day-first or month-first is not
written anywhere, so the file is read twice: once, only as far as needed, to decide
the order, and once to stream the messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from camp.importers.base import ChatMessage, ParseProblem, ReadItem

__all__ = ["FORMAT", "read", "sniff"]

FORMAT = "whatsapp"

# Date, time (24h or 12h with AM/PM, the latter often after a narrow no-break space),
# then " - " (Android) or "] " (iOS, whose lines are wrapped in brackets).
_TIMESTAMP = re.compile(
    r"\u200e?(\[)?(\d{1,2})([./-])(\d{1,2})\3(\d{4}|\d{2}),? (\d{1,2})[:.](\d\d)(?:[:.](\d\d))?"
    r"(?:[ \u202f\u00a0]?([AaPp])\.? ?[Mm]\.?)?(?:\] | - )"
)
# Marks WhatsApp puts around names and system texts, which are not part of them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u2066\u2067\u2068\u2069"))
_NAME_PREFIX = "~ \u202f\u00a0"  # newer exports show people not in the contacts as "~ Name"
_PHONE = re.compile(r"\+?[\d \u00a0\u202f()-]{6,}")
_NON_DIGITS = re.compile(r"\D")
_RECALLED = ("This message was deleted", "You deleted this message")
# iOS writes system notices as "Group name: \u200e<notice>"; these are the notices.
_SYSTEM_NOTICE = re.compile(
    r"(?:Messages and calls are end-to-end encrypted|.* created (?:group|this group)"
    r"|.* joined using this group['’]s invite link|.* (?:added|removed) .*|.* left$"
    r"|.* changed (?:the subject|this group['’]s icon|the group description|the group settings"
    r"|their phone number|the group name).*|.*security code.*|You['’]re now an admin"
    r"|.* deleted this group['’]s icon|.* pinned a message)",
    re.DOTALL,
)
# A chat has far fewer names than this; the bound keeps a hostile file from growing memory.
_SENDER_CACHE_SIZE = 50_000
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def sniff(head: str, path: Path) -> bool:
    """True when the first non-empty line of ``head`` is a WhatsApp message line."""
    for line in head.splitlines():
        if line.strip():
            return _TIMESTAMP.match(line.lstrip("\ufeff")) is not None
    return False


def read(path: Path) -> Iterator[ReadItem]:
    """Stream the chat's messages (multi-line ones joined with newlines) and problems."""
    day_first = _decide_day_first(path)
    # Dates, clocks and names repeat all through a chat: each is worked out once.
    dates: dict[tuple[str, str, str], str | None] = {}
    clocks: dict[tuple[str, str, str | None, str | None], str | None] = {}
    senders: dict[str, tuple[str, str | None]] = {}
    match_timestamp = _TIMESTAMP.match
    pending: tuple[int, bool, str, str] | None = None  # line, is_ios, local_time, first line
    more: list[str] = []  # the pending message's continuation lines
    orphan = False  # continuation lines of a record that could not be read
    line_number = 0
    with open(path, encoding="utf-8-sig") as handle:
        for raw in handle:
            line_number += 1
            text_line = raw.rstrip("\r\n")
            found = match_timestamp(text_line)
            if found is None:
                if pending is not None:
                    more.append(text_line)
                elif not orphan and text_line.strip():
                    yield ParseProblem(
                        line_number, "The line neither starts a message nor follows one."
                    )
                    orphan = True
                continue
            if pending is not None:
                yield _message(*pending, more, senders)
                pending = None
                if more:
                    more = []
            bracket, first, _, second, year, hour, minute, seconds, meridiem = found.groups()
            key = (first, second, year)
            date = dates.get(key, "")
            if date == "":
                date = dates[key] = _date_text(first, second, year, day_first)
            time_key = (hour, minute, seconds, meridiem)
            clock = clocks.get(time_key, "")
            if clock == "":
                clock = clocks[time_key] = _clock_text(hour, minute, seconds, meridiem)
            if date is None or clock is None:
                yield ParseProblem(
                    line_number,
                    f"The timestamp {found.group().strip(' -[]')!r} is not a real date and time.",
                )
                orphan = True
                continue
            orphan = False
            pending = (
                line_number,
                bracket is not None,
                date + " " + clock,
                text_line[found.end() :],
            )
        if pending is not None:
            yield _message(*pending, more, senders)


def _message(
    line: int,
    is_ios: bool,
    local_time: str,
    rest: str,
    more: list[str],
    senders: dict[str, tuple[str, str | None]],
) -> ChatMessage:
    """The message whose timestamp line ends with ``rest``, followed by ``more`` lines."""
    colon = rest.find(": ")
    name = rest[:colon] if colon > 0 else ""
    if colon <= 0 or '"' in name or "“" in name:
        # No "Name: " (or a quoted subject before a colon): a notice of the group itself.
        text = "\n".join([rest, *more]).rstrip("\n") if more else rest
        return ChatMessage(line, "", None, local_time, None, text.translate(_INVISIBLE), "system")
    text = rest[colon + 2 :]
    if more:
        # Blank lines between two messages belong to neither.
        text = "\n".join([text, *more]).rstrip("\n")
    known = senders.get(name)
    if known is None:
        if len(senders) > _SENDER_CACHE_SIZE:
            senders.clear()
        sender = name.translate(_INVISIBLE).lstrip(_NAME_PREFIX).strip()
        sender_id = _NON_DIGITS.sub("", sender) if _PHONE.fullmatch(sender) else None
        known = senders[name] = (sender, sender_id)
    kind = "text"
    if text.startswith("\u200e"):
        text = text.translate(_INVISIBLE)
        if is_ios and _SYSTEM_NOTICE.match(text):
            kind = "system"
    if text.startswith(_RECALLED):
        kind = "recalled"
    return ChatMessage(line, known[0], known[1], local_time, None, text, kind)


def _date_text(first: str, second: str, year: str, day_first: bool) -> str | None:
    """``YYYY-MM-DD`` of a date's three fields, or None when no such day exists."""
    day, month = (int(first), int(second)) if day_first else (int(second), int(first))
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month]:
        return None
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    if (
        month == 2
        and day == 29
        and not (full_year % 4 == 0 and (full_year % 100 != 0 or full_year % 400 == 0))
    ):
        return None
    return f"{full_year:04d}-{month:02d}-{day:02d}"


def _clock_text(
    hour_text: str, minute: str, second: str | None, meridiem: str | None
) -> str | None:
    """``HH:MM:SS`` (24h) of a time's fields, or None when the time cannot be."""
    hour = int(hour_text)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem in "Pp" else 0)
    if hour > 23 or minute > "59" or (second is not None and second > "59"):
        return None
    return f"{hour:02d}:{minute}:{second or '00'}"


def _decide_day_first(path: Path) -> bool:
    """Whether the file's dates are day/month, read from as few lines as settle it.

    A first field above 12 means day-first, a second one above 12 month-first. When no
    date settles it, Android's " - " layout with two-digit slashed years is taken as
    month-first (the US default) and every other layout as day-first.
    """
    default: bool | None = None
    match_timestamp = _TIMESTAMP.match
    with open(path, encoding="utf-8-sig") as handle:
        for raw in handle:
            found = match_timestamp(raw)
            if found is None:
                continue
            bracket, first, separator, second, year = found.group(1, 2, 3, 4, 5)
            if int(first) > 12:
                return True
            if int(second) > 12:
                return False
            if default is None:
                default = not (bracket is None and len(year) == 2 and separator == "/")
    return True if default is None else default
