"""QQ's text export ("消息记录" .txt): a header block, then blank-line-separated messages.

A message starts with a header line ``YYYY-MM-DD H:MM:SS nickname(QQ number)`` (or
``nickname<email>``) and goes on with its content lines until the next header. The
nickname may carry a badge such as ``【管理员】`` in front and may itself contain
spaces and parentheses: the sender's id is always the *last* ``(digits)`` or
``<email>`` of the line. An export of several chats repeats the ``=====`` /
``消息对象:`` block between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from camp.importers.base import ChatMessage, ParseProblem, ReadItem

__all__ = ["FORMAT", "read", "sniff"]

FORMAT = "qq"

# Greedy name, so the id is the last bracketed part of the line: a nickname such as
# "王五(学习中)" keeps its own parentheses.
_HEADER = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d\d):(\d\d) (.*)(?:\((\d+)\)|<([^<>]*)>)\s*"
)
# A line that starts like a header (date and time to the second, then a space) but is
# not one: a damaged header rather than content, because members do not type seconds.
# It ends the message before it, and the lines after it belong to no message.
_HEADER_START = re.compile(r"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d\d:\d\d ")
# Badges QQ prints before the nickname: 【管理员】, 【群主】, 【活跃】 and the like.
_BADGES = re.compile(r"\s*(?:【[^】]*】\s*)+")
_SEPARATOR = "=" * 64
# Lines of the header block that QQ repeats before each chat of the export.
_BLOCK_PREFIXES = ("消息记录", "消息分组", "消息对象")
_SYSTEM_ID = "10000"
_SYSTEM_NAME = "系统消息"
_RECALLED = "撤回了一条消息"
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def sniff(head: str, path: Path) -> bool:
    """True when ``head`` has QQ's header block or starts with a QQ message header."""
    if "消息记录" in head[:200] and "消息对象" in head:
        return True
    for line in head.splitlines():
        if not line.strip() or line.startswith("=") or line.startswith(_BLOCK_PREFIXES):
            continue
        return _HEADER.fullmatch(line) is not None
    return False


def read(path: Path) -> Iterator[ReadItem]:
    """Stream the messages of a QQ text export, and a problem for each damaged stretch."""
    header = _HEADER.fullmatch
    header_start = _HEADER_START.match
    # The message being read: its header fields and content lines.
    start = 0
    fields: tuple[str, str | None, str] | None = None
    content: list[str] = []
    # True after a damaged header or stray text: lines are dropped until the next header.
    skipping = False
    with open(path, encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, 1):
            if line[-1:] == "\n":
                line = line[:-1]
            # Only a line that starts with a digit can be a header: one cheap test first.
            if line[:1].isdigit():
                if (match := header(line)) is not None:
                    if fields is not None:
                        yield _message(start, fields, content)
                    parsed = _header_fields(match)
                    if isinstance(parsed, str):
                        yield ParseProblem(number, parsed)
                        fields, skipping = None, True
                    else:
                        start, fields, content, skipping = number, parsed, [], False
                    continue
                if header_start(line) is not None:
                    if fields is not None:
                        yield _message(start, fields, content)
                    yield ParseProblem(
                        number, "Message header has no QQ number or email after the nickname."
                    )
                    fields, skipping = None, True
                    continue
            if fields is not None:
                if line == _SEPARATOR:
                    yield _message(start, fields, content)
                    fields = None
                else:
                    content.append(line)
                continue
            if skipping or not line.strip() or line.startswith("=" * 8):
                continue
            if line.startswith(_BLOCK_PREFIXES):
                continue
            skipping = True
            yield ParseProblem(number, "Text outside any message (no header line before it).")
        if fields is not None:
            yield _message(start, fields, content)


def _header_fields(match: re.Match[str]) -> tuple[str, str | None, str] | str:
    """(local time, sender id, sender) of a header, or why the header is invalid."""
    year, month, day, hour, minute, second, name, qq, email = match.groups()
    if len(month) == 1:
        month = "0" + month
    if len(day) == 1:
        day = "0" + day
    if len(hour) == 1:
        hour = "0" + hour
    # Zero-padded two-digit strings compare like the numbers they spell.
    if not (
        "01" <= month <= "12"
        and "01" <= day <= "31"
        and hour <= "23"
        and minute <= "59"
        and second <= "59"
    ):
        return f"Message header has an impossible date or time: {match.group(0)[:19].strip()}."
    if day > "28" and (
        int(day) > _DAYS_IN_MONTH[int(month)]
        or (month == "02" and day == "29" and not _is_leap(int(year)))
    ):
        return f"Message header has an impossible date: {year}-{month}-{day}."
    if "【" in name and (badges := _BADGES.match(name)) is not None:
        name = name[badges.end() :]
    name = name.strip()
    sender_id = qq if qq is not None else email.strip()
    return f"{year}-{month}-{day} {hour}:{minute}:{second}", sender_id, name or sender_id


def _message(line: int, fields: tuple[str, str | None, str], content: list[str]) -> ChatMessage:
    local_time, sender_id, sender = fields
    # Blank lines separate messages: those at the end belong to no message.
    while content and not content[-1].strip():
        content.pop()
    text = content[0] if len(content) == 1 else "\n".join(content)
    if text.rstrip().endswith(_RECALLED):
        kind = "recalled"
    elif sender_id == _SYSTEM_ID or sender == _SYSTEM_NAME:
        kind = "system"
    else:
        kind = "text"
    return ChatMessage(line, sender, sender_id, local_time, None, text, kind)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
