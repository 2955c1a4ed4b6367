"""WeChat chat exports in CSV, as the common export tools write them.

WeChatMsg and 留痕 (MemoTrace) write ``localId, TalkerId, Type, SubType, IsSender,
CreateTime, Status, StrContent, StrTime, Remark, NickName, Sender`` (``CreateTime`` in
unix seconds, ``Sender`` the member's wxid); other tools write ``talker, sender, type,
content, time`` or Chinese headers (``发送人, 类型, 内容, 时间``). The reader finds its
columns by name, whatever their order, case or delimiter (comma, tab or semicolon).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from camp.importers.base import ChatMessage, ParseProblem, ReadItem

if TYPE_CHECKING:
    # What csv.reader returns (it has a line number); the csv module gives it no public name.
    from _csv import Reader

__all__ = ["FORMAT", "read", "sniff"]

FORMAT = "wechat"

# Column names, lower-cased, best first.
_NAME_COLUMNS = ("nickname", "昵称", "发送人", "发送者", "sender", "sendername", "发送人昵称")
_REMARK_COLUMNS = ("remark", "备注")
_ID_COLUMNS = ("wxid", "sender_id", "senderid", "发送人id", "发送者id", "发送人微信号")
_TYPE_COLUMNS = ("type", "类型", "消息类型", "msgtype")
_CONTENT_COLUMNS = ("strcontent", "content", "消息内容", "内容", "message")
_TIME_COLUMNS = ("createtime", "strtime", "time", "发送时间", "时间", "timestamp")
# Names only WeChat exports use: a CSV with one of them is no plain check-in CSV.
_WECHAT_MARKERS = frozenset(
    (
        "talker",
        "strtalker",
        "talkerid",
        "issender",
        "localid",
        "msgsvrid",
        "strcontent",
        "strtime",
        "createtime",
        "nickname",
        "wxid",
        "type",
        "subtype",
        "类型",
        "消息类型",
        "发送人",
        "发送人id",
        "消息内容",
        "发送时间",
    )
)
_DELIMITERS = (",", "\t", ";")

_TEXT_TYPES = frozenset(("1", "文本", "text", "文本消息", ""))
_SYSTEM_TYPES = frozenset(("10000", "10002", "系统消息", "系统通知", "system"))
_RECALLED = "撤回了一条消息"
# What the chat shows for a message without text, by WeChat's message type.
_PLACEHOLDERS = {
    "3": "[图片]",
    "34": "[语音]",
    "42": "[名片]",
    "43": "[视频]",
    "47": "[表情]",
    "48": "[位置]",
    "49": "[链接]",
    "50": "[通话]",
}

# The canonical form, in range, is taken as it is; anything else goes the slow way.
_CANONICAL_TIME = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
)
_LOOSE_TIME = re.compile(
    r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?\s*"
)
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def sniff(head: str, path: Path) -> bool:
    """True when the first line of ``head`` is a CSV header of a WeChat export."""
    first_line = head.split("\n", 1)[0].strip("\r")
    for delimiter in _DELIMITERS:
        if delimiter not in first_line:
            continue
        names = _header_names(first_line, delimiter)
        if (
            _find(names, _CONTENT_COLUMNS) is not None
            and _find(names, _TIME_COLUMNS) is not None
            and not _WECHAT_MARKERS.isdisjoint(names)
        ):
            return True
    return False


def read(path: Path) -> Iterator[ReadItem]:
    """Stream the messages of a WeChat CSV export, and a problem for each bad row."""
    with open(path, encoding="utf-8-sig", newline="") as source:
        head = source.read(8192)
        source.seek(0)
        delimiter = _delimiter(head)
        rows = csv.reader(source, delimiter=delimiter)
        header = next(rows, None)
        if header is None:
            return
        columns = _Columns([name.strip().lower() for name in header])
        if (problem := columns.missing()) is not None:
            yield ParseProblem(1, problem)
            return
        yield from _messages(rows, columns)


class _Columns:
    """Positions of the columns the reader needs (``None`` for those the export lacks)."""

    def __init__(self, names: list[str]) -> None:
        self.count = len(names)
        self.name = _find(names, _NAME_COLUMNS)
        self.remark = _find(names, _REMARK_COLUMNS)
        self.id = _find(names, _ID_COLUMNS)
        # WeChatMsg's "Sender" is the wxid: it names no one when a NickName column exists.
        sender = _find(names, ("sender",))
        if self.id is None and sender is not None and sender != self.name:
            self.id = sender
        if self.name is None:
            self.name = self.remark
        self.type = _find(names, _TYPE_COLUMNS)
        self.content = _find(names, _CONTENT_COLUMNS)
        self.times = tuple(names.index(name) for name in _TIME_COLUMNS if name in names)

    def missing(self) -> str | None:
        """Why rows of this header cannot be read, or None."""
        if self.content is None:
            return "The header has no content column (content, StrContent, 内容 or 消息内容)."
        if not self.times:
            return "The header has no time column (CreateTime, StrTime, time, 时间 or 发送时间)."
        if self.name is None and self.id is None:
            return "The header has no sender column (NickName, sender, 发送人 or wxid)."
        return None


def _messages(rows: Reader, columns: _Columns) -> Iterator[ReadItem]:
    name_at, remark_at, id_at = columns.name, columns.remark, columns.id
    type_at, content_at, times = columns.type, columns.content, columns.times
    assert content_at is not None, "missing() refuses a header without a content column"
    # A row shorter than this lacks a column the reader needs.
    needed = 1 + max(
        at for at in (name_at, remark_at, id_at, type_at, content_at, *times) if at is not None
    )
    canonical = _CANONICAL_TIME.fullmatch
    line = rows.line_num + 1
    # The csv module raises on a record it cannot split (a field over its size limit)
    # and then goes on with the next one: so does the reader.
    while True:
        try:
            for row in rows:
                start, line = line, rows.line_num + 1
                if len(row) < needed:
                    if row and (len(row) > 1 or row[0].strip()):
                        yield ParseProblem(
                            start, f"Row has {len(row)} of the header's {columns.count} fields."
                        )
                    continue
                local_time = epoch = unreadable = None
                for at in times:
                    value = row[at].strip()
                    if not value:
                        continue
                    if value.isdigit():
                        epoch = float(value)
                        # Some tools write milliseconds.
                        if epoch > 1e11:
                            epoch /= 1000
                    elif canonical(value) and value[8:10] <= "28":
                        local_time = value
                    elif (normalised := _normalised_time(value)) is not None:
                        local_time = normalised
                    else:
                        unreadable = value
                if unreadable is not None:
                    yield ParseProblem(
                        start, f"Row has a time that cannot be read: {unreadable[:40]!r}."
                    )
                    continue
                if local_time is None and epoch is None:
                    yield ParseProblem(start, "Row has no time.")
                    continue
                content = row[content_at]
                message_type = "1" if type_at is None else row[type_at].strip().lower()
                if message_type in _TEXT_TYPES:
                    kind = "recalled" if content.rstrip().endswith(_RECALLED) else "text"
                elif message_type in _SYSTEM_TYPES:
                    recalled = _RECALLED in content or "<revokemsg" in content
                    kind = "recalled" if recalled else "system"
                else:
                    kind = "text"
                    if not content or content.lstrip()[:1] == "<":
                        content = _PLACEHOLDERS.get(message_type) or (
                            "[消息]" if message_type.isdigit() else f"[{message_type}]"
                        )
                sender_id = (row[id_at].strip() or None) if id_at is not None else None
                sender = row[name_at].strip() if name_at is not None else ""
                if not sender and remark_at is not None:
                    sender = row[remark_at].strip()
                if not sender:
                    if sender_id is not None:
                        sender = sender_id
                    elif kind == "text":
                        yield ParseProblem(start, "Row has no sender.")
                        continue
                yield ChatMessage(start, sender, sender_id, local_time, epoch, content, kind)
            return
        except csv.Error as error:
            yield ParseProblem(line, f"Row cannot be read as CSV: {error}.")
            line = rows.line_num + 1


def _normalised_time(value: str) -> str | None:
    """``value`` as ``YYYY-MM-DD HH:MM:SS``, or None when it is no valid date and time."""
    match = _LOOSE_TIME.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month]):
        return None
    if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"


def _delimiter(head: str) -> str:
    """The delimiter that splits the header into known columns (the sniffer's guess first)."""
    try:
        guess = csv.Sniffer().sniff(head, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        guess = ","
    first_line = head.split("\n", 1)[0].strip("\r")
    for delimiter in (guess, *_DELIMITERS):
        if _find(_header_names(first_line, delimiter), _CONTENT_COLUMNS) is not None:
            return delimiter
    return guess


def _header_names(line: str, delimiter: str) -> list[str]:
    fields = next(csv.reader([line], delimiter=delimiter), [])
    return [field.strip().lower() for field in fields]


def _find(names: list[str], wanted: tuple[str, ...]) -> int | None:
    """Position of the first of ``wanted`` (best first) among ``names``, or None."""
    for name in wanted:
        if name in names:
            return names.index(name)
    return None
