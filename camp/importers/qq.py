"""QQ chat exports: QQ's own text export, and qq-chat-exporter's TXT, JSON and JSONL.

``--format qq`` reads every layout; :func:`read` tells them apart from the file's head.
qq-chat-exporter's layouts are read by :mod:`camp.importers.qq_exporter`; this module
reads the export of QQ's old PC client ("消息记录" .txt), whose new clients no longer
write one.

That export has a header block, then blank-line-separated messages. A message starts
with a header line ``YYYY-MM-DD H:MM:SS nickname(QQ number)`` (or ``nickname<email>``)
and goes on with its content lines until the next header. The nickname may carry a
badge such as ``【管理员】`` in front and may itself contain spaces and parentheses:
the sender's id is always the *last* ``(digits)`` or ``<email>`` of the line. An export
of several chats repeats the ``=====`` / ``消息对象:`` block between them. The export
writes no message ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from camp.importers import qq_exporter
from camp.importers.base import (
    MAX_RECORD_CHARS,
    ChatMessage,
    Layout,
    ParseProblem,
    ReadItem,
    line_batches,
    open_text,
)
from camp.importers.dates import real_date

_T = TypeVar("_T")
# A message built without NamedTuple's keyword handling: one per message, so it counts.
_new = tuple.__new__

__all__ = ["FORMAT", "LOOKS_FOR", "read", "sniff"]

FORMAT = "qq"
LOOKS_FOR = (
    "QQ's '消息记录' text export (a line like '2024-03-01 8:00:00 nickname(12345)') "
    "or qq-chat-exporter's TXT ('[QQChatExporter V5 ...]', then 'name:' / "
    "'时间: 2024-03-01 08:00:00' / '内容: ...') or JSON (\"chatInfo\", \"messages\")"
)

_HEAD_CHARS = 8192
# Greedy name, so the id is the last bracketed part of the line: a nickname such as
# "王五(学习中)" keeps its own parentheses.
_HEADER = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}) (\d{1,2}:\d\d:\d\d) (.*)(?:\((\d+)\)|<([^<>]*)>)\s*")
# A line that starts like a header (date and time to the second, then a space) but is
# not one: a damaged header rather than content, because members do not type seconds.
# It ends the message before it, and the lines after it belong to no message.
_HEADER_START = re.compile(r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d\d:\d\d ")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Badges QQ prints before the nickname: 【管理员】, 【群主】, 【活跃】 and the like.
_BADGES = re.compile(r"\s*(?:【[^】]*】\s*)+")
_SEPARATOR = "=" * 64
# Lines of the header block that QQ repeats before each chat of the export.
_BLOCK_PREFIXES = ("消息记录", "消息分组", "消息对象")
_SYSTEM_ID = "10000"
_SYSTEM_NAME = "系统消息"
_RECALLED = "撤回了一条消息"
# Dates, clocks and names repeat all through a chat: each is worked out once (per file,
# up to this many of each).
_CACHE_LIMIT = 4096


def sniff(head: str, path: Path) -> bool:
    """True when ``head`` is the start of any of the QQ layouts."""
    return (
        _sniff_qq_text(head)
        or qq_exporter.sniff_text(head)
        or qq_exporter.sniff_json(head)
        or qq_exporter.sniff_jsonl(head)
    )


def _sniff_qq_text(head: str) -> bool:
    """True when ``head`` has QQ's header block or starts with a QQ message header."""
    if "消息记录" in head[:200] and "消息对象" in head:
        return True
    for line in head.splitlines():
        if not line.strip() or line.startswith("=") or line.startswith(_BLOCK_PREFIXES):
            continue
        return _HEADER.fullmatch(line) is not None
    return False


def read(path: Path, date_order: str | None = None) -> Iterator[ReadItem]:
    """Stream the messages of a QQ export in any of its layouts, and its problems.

    Every layout writes year-first dates (or epoch times): ``date_order`` has nothing
    to settle.
    """
    with open_text(path) as handle:
        head = handle.read(_HEAD_CHARS)
    if qq_exporter.sniff_json(head):
        yield from qq_exporter.read_json(path, head)
    elif qq_exporter.sniff_jsonl(head):
        yield from qq_exporter.read_jsonl(path)
    elif _sniff_qq_text(head):
        # QQ's own layout first: its messages may quote the exporter's title.
        yield from _read_qq_text(path)
    elif qq_exporter.sniff_text(head):
        yield from qq_exporter.read_text(path)
    elif qq_exporter.looks_like_html(head):
        yield ParseProblem(
            1,
            "This is a web page (qq-chat-exporter's HTML export?), which camp does not "
            "read; export the chat again as TXT or JSON.",
        )
    else:
        yield from _read_qq_text(path)


def _read_qq_text(path: Path) -> Iterator[ReadItem]:
    """Stream the messages of QQ's own text export, and a problem for each damaged stretch."""
    yield Layout("QQ TXT (消息记录)", None, "dates written YYYY-MM-DD")
    header = _HEADER.fullmatch
    header_start = _HEADER_START.match
    message = _message
    limit = MAX_RECORD_CHARS
    # Dates and names repeat all through a chat: each is worked out once.
    dates: dict[str, str | None] = {}
    names: dict[str, str] = {}
    # The message being read: its header fields, content lines and their size.
    start = 0
    fields: tuple[str, str | None, str] | None = None
    content: list[str] = []
    size = 0
    # True after a damaged header or stray text: lines are dropped until the next header.
    skipping = False
    blanks = 0  # blank lines since the last content line
    number = 0
    with open_text(path) as handle:
        for batch in line_batches(handle):
            first = number + 1
            for number, line in enumerate(batch, first):
                if not line:
                    # Blank lines end messages: kept only when more content follows.
                    blanks += 1
                    continue
                # Only a line that starts with a digit can be a header: one cheap test first.
                if "0" <= line[0] <= "9":
                    if (match := header(line)) is not None:
                        if fields is not None:
                            yield message(start, fields, content, size > limit)
                        date_text, clock, name, qq, email = match.groups()
                        date = dates.get(date_text, "")
                        if date == "":
                            date = _remember(dates, date_text, _checked_date(date_text))
                        if len(clock) == 7:
                            clock = "0" + clock
                        if date is None or clock > "23:59:59" or clock[3] > "5" or clock[6] > "5":
                            yield ParseProblem(number, _date_problem(date_text, clock))
                            fields, skipping = None, True
                            continue
                        sender = names.get(name)
                        if sender is None:
                            sender = _remember(names, name, _without_badges(name))
                        sender_id = qq if qq is not None else email.strip()
                        fields = (f"{date} {clock}", sender_id, sender or sender_id)
                        start, content, size, skipping = number, [], 0, False
                        blanks = 0
                        continue
                    if header_start(line) is not None:
                        if fields is not None:
                            yield message(start, fields, content, size > limit)
                        yield ParseProblem(
                            number, "Message header has no QQ number or email after the nickname."
                        )
                        fields, skipping = None, True
                        continue
                if fields is not None:
                    if line == _SEPARATOR:
                        yield message(start, fields, content, size > limit)
                        fields = None
                    elif size <= limit:
                        if blanks:
                            if content:
                                content.extend([""] * blanks)
                                size += blanks
                            blanks = 0
                        size += len(line) + 1
                        content.append(line)
                    continue
                if skipping or line.isspace() or line.startswith("=" * 8):
                    continue
                if line.startswith(_BLOCK_PREFIXES):
                    continue
                skipping = True
                yield ParseProblem(number, "Text outside any message (no header line before it).")
        if fields is not None:
            yield message(start, fields, content, size > limit)


def _remember(cache: dict[str, _T], key: str, value: _T) -> _T:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def _without_badges(name: str) -> str:
    if "【" in name and (badges := _BADGES.match(name)) is not None:
        name = name[badges.end() :]
    return name.strip()


def _checked_date(text: str) -> str | None:
    """``YYYY-MM-DD`` of a real calendar date, else None."""
    found = _DATE.fullmatch(text)
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not real_date(year, month, day):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _checked_clock(text: str) -> str | None:
    """``HH:MM:SS`` of a real time of day, else None."""
    hour, minute, second = text.split(":")
    if int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        return None
    return f"{int(hour):02d}:{minute}:{second}"


def _date_problem(date_text: str, clock_text: str) -> str:
    found = _DATE.fullmatch(date_text)
    clock = _checked_clock(clock_text)
    if found is not None and clock is not None:
        year, month, day = found.groups()
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return f"Message header has an impossible date: {year}-{int(month):02d}-{int(day):02d}."
    padded = f"{date_text} {clock_text}"
    if found is not None:
        year, month, day = found.groups()
        hour, minute, second = clock_text.split(":")
        padded = f"{year}-{int(month):02d}-{int(day):02d} {int(hour):02d}:{minute}:{second}"
    return f"Message header has an impossible date or time: {padded}."


def _message(
    line: int, fields: tuple[str, str | None, str], content: list[str], oversize: bool
) -> ReadItem:
    if oversize:
        return ParseProblem(
            line, f"The message is longer than {MAX_RECORD_CHARS:,} characters and was skipped."
        )
    local_time, sender_id, sender = fields
    # Blank lines separate messages: those at the end belong to no message.
    while content and (not content[-1] or content[-1].isspace()):
        content.pop()
    text = content[0] if len(content) == 1 else "\n".join(content)
    if _RECALLED in text and text.rstrip().endswith(_RECALLED):
        kind = "recalled"
    elif sender_id == _SYSTEM_ID or sender == _SYSTEM_NAME:
        kind = "system"
    else:
        kind = "text"
    return _new(ChatMessage, (line, sender, sender_id, local_time, None, text, kind, None))
