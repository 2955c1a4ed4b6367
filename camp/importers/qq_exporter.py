"""qq-chat-exporter's exports (QQChatExporter V4-V6, on NapCat): TXT, JSON and JSONL chunks.

QQ's new clients no longer write a text export of their own; people export with
qq-chat-exporter instead. Its layouts, as its exporters write them:

TXT (``TextExporter``) starts with a banner and a header block, then one block per
message, blocks separated by two blank lines, and ends with a footer::

    [QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter]
    ...
    聊天名称: 考研英语学习群
    ...

    张三:
    时间: 2024-03-01 08:03:12
    内容: #打卡 背单词 50 个
    资源: 1 个文件
      - image: a.jpg

    ===============================================
                  导出完成
    ...

The name line is the display name only (group card, remark or nickname; the QQ number
or uid only when the member has no name), the time is the exporting computer's local
wall-clock time without an offset, and content may run over several lines. The
``资源:`` / ``提及:`` / ``回复:`` lines after the content describe it and are left out.

JSON (``JsonExporter``) is ``{"metadata", "chatInfo", "statistics", "messages": [...]}``;
each message has ``id`` (QQ's msgId) and ``seq``, ``timestamp`` (epoch milliseconds),
``time`` (local text), ``sender`` ``{uid, uin, name, ...}``, ``content`` ``{text,
elements, resources, ...}``, ``recalled`` and ``system``. V4 wrote the parsed message
itself: ``messageId``, ``messageSeq``, an ISO ``timestamp`` in UTC, ``isRecalled``,
``isSystemMessage``. The chunked export writes the same message objects one per line
in ``chunks/c000001.jsonl`` files beside a ``manifest.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from camp.importers.base import (
    MAX_RECORD_CHARS,
    ChatMessage,
    Layout,
    ParseProblem,
    ReadItem,
    bounded_lines,
    line_batches,
    open_text,
)
from camp.importers.dates import real_date
from camp.importers.jsonstream import stream_array_objects

__all__ = [
    "looks_like_html",
    "read_json",
    "read_jsonl",
    "read_text",
    "sniff_json",
    "sniff_jsonl",
    "sniff_text",
]

_BANNER = "[QQChatExporter"
_TITLE = "QQ聊天记录导出文件"
# A message block's first two lines, for a TXT export whose header block was cut off.
_BLOCK_START = re.compile(r"^[^\n]*:\r?\n时间: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\r?\n", re.MULTILINE)
_TIME_PREFIX = "时间: "
_CONTENT_PREFIX = "内容: "
_TYPE_PREFIX = "类型: "
_DATE_PART = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_RESOURCES = re.compile(r"资源: (\d+) 个文件")
_MESSAGE_NUMBER = re.compile(r"\[\d+\]")
# A name that is a NapCat uid: the exporter writes it when a member has no name.
_UID = re.compile(r"u_[A-Za-z0-9_-]{22}")
# Grey tips have no sender of their own: the exporter names them by the uin "0" (or
# QQ's system account 10000). Their texts, for the joins and leaves among them.
_SYSTEM_SENDERS = frozenset(("", "0", "10000", "系统消息"))
_NOTICE = re.compile(r"\S{1,40} ?(?:加入了群聊|加入本群|退出了群聊|已退出群聊|被移出了?群聊)。?")
_RULE = "=" * 20
_FOOTER_TITLE = "导出完成"
_CACHE_LIMIT = 4096
# A message built without NamedTuple's keyword handling: one per message, so it counts.
_new = tuple.__new__

_VERSION = re.compile(r"QQChatExporter (V\d+)")
# The streamed single-file layout: the messages array opens on a line of its own and
# each message is one line of compact JSON, its keys in the exporter's order.
_STREAMED_OPENING_LINE = '  "messages":['
_STREAMED_OPENING = "\n" + _STREAMED_OPENING_LINE + "\n"
_FAST_MESSAGE = re.compile(
    r' *\{"id":"([^"\\]*)","seq":"([^"\\]*)","timestamp":(\d+),"time":"([^"\\]*)",'
    r'"sender":(\{[^{}]*\}),"type":"[^"\\]*","content":\{"text":"([^"\\]*(?:\\.[^"\\]*)*)",'
)
# How a streamed message line ends, and the kind it says.
_TAILS = {
    f'"recalled":{recalled},"system":{system}}}{comma}': kind
    for recalled, system, kind in (
        ("false", "false", "text"),
        ("true", "false", "recalled"),
        ("true", "true", "recalled"),
        ("false", "true", "system"),
    )
    for comma in ("", ",")
}
_JSONL_KEYS = ('"sender"', '"timestamp"', '"content"')
# Element types the exporter writes for media, and the marker kept for each.
_MARKERS = {
    "image": "[图片]",
    "video": "[视频]",
    "audio": "[语音]",
    "voice": "[语音]",
    "file": "[文件]",
    "face": "[表情]",
    "market_face": "[表情]",
    "forward": "[聊天记录]",
    "json": "[卡片消息]",
    "location": "[位置]",
}


# -- detection ---------------------------------------------------------------------


def sniff_text(head: str) -> bool:
    """True when ``head`` is the start of qq-chat-exporter's TXT export."""
    start = head.lstrip()
    if start.startswith(_BANNER) or _TITLE in start[:400]:
        return True
    return not start.startswith(("{", "[")) and _BLOCK_START.search(head) is not None


def sniff_json(head: str) -> bool:
    """True when ``head`` is the start of qq-chat-exporter's JSON export (or its manifest)."""
    if not head.lstrip().startswith("{"):
        return False
    return "QQChatExporter" in head or ('"chatInfo"' in head and '"metadata"' in head)


def sniff_jsonl(head: str) -> bool:
    """True when the first line of ``head`` is one message of a chunked JSONL export."""
    first = head.lstrip().split("\n", 1)[0]
    return (
        first.startswith("{")
        and first.rstrip().endswith("}")
        and all(key in first for key in _JSONL_KEYS)
        and ('"recalled"' in first or '"isRecalled"' in first)
    )


def looks_like_html(head: str) -> bool:
    start = head.lstrip()[:200].lower()
    return start.startswith("<!doctype html") or start.startswith("<html")


# -- TXT -----------------------------------------------------------------------------


def read_text(path: Path) -> Iterator[ReadItem]:
    """Stream the messages of a qq-chat-exporter TXT export."""
    yield Layout("qq-chat-exporter TXT", None, "local times written YYYY-MM-DD HH:MM:SS")
    limit = MAX_RECORD_CHARS
    message = _text_message
    checked_time, new = _checked_time, _new
    dates: dict[str, bool] = {}
    start = 0  # the line of the current message's name, 0 outside any message
    sender = ""
    local_time: str | None = None
    content: list[str] = []
    size = 0
    previous = ""  # the line before this one
    rule_pending = False  # the line before was a rule of "=": a footer may start here
    number = 0
    with open_text(path) as handle:
        for batch in line_batches(handle):
            first = number + 1
            count = len(batch)
            index = 0
            while index < count:
                line = batch[index]
                number = first + index
                index += 1
                if not line:
                    if start:
                        content.append(line)
                        size += 1
                        rule_pending = False
                    previous = line
                    continue
                if line.startswith("时间: ") and previous[-1:] == ":" and len(previous) <= 4096:
                    # "name:" then "时间: ...": a new message began on the line before.
                    if start:
                        content.pop()  # the name line
                        if (
                            content
                            and content[-1][:1] == "["
                            and _MESSAGE_NUMBER.fullmatch(content[-1])
                        ):
                            content.pop()
                        yield message(start, sender, local_time, content, size > limit)
                    start = number - 1
                    sender = previous[:-1].strip()
                    local_time = checked_time(line[4:].strip(), dates)
                    # Most messages are one content line and the two blank lines before
                    # the next name and time: each of those is read whole here, as the
                    # lines one by one below would read it (the name line counts towards
                    # the size there too).
                    while (
                        index + 4 < count
                        and (text := batch[index]).startswith(_CONTENT_PREFIX)
                        and not batch[index + 1]
                        and not batch[index + 2]
                        and (name := batch[index + 3])[-1:] == ":"
                        and (stamp_line := batch[index + 4]).startswith("时间: ")
                        and len(name) <= 4096
                        and len(text) + len(name) + 4 <= limit
                    ):
                        body = text[4:]  # after _CONTENT_PREFIX
                        if (
                            local_time is None
                            or sender in _SYSTEM_SENDERS
                            or sender[:2] == "u_"
                            or (
                                len(body) < 80
                                and ("撤回" in body or "群" in body or body == "[系统消息]")
                            )
                        ):
                            yield message(start, sender, local_time, [text], False)
                        else:  # _text_message's common case: a member's text
                            fields = (start, sender, None, local_time, None, body, "text", None)
                            yield new(ChatMessage, fields)
                        start = first + index + 3
                        sender = name[:-1].strip()
                        local_time = checked_time(stamp_line[4:].strip(), dates)
                        index += 5
                    content, size, rule_pending = [], 0, False
                    previous = batch[index - 1]
                    continue
                if start:
                    if rule_pending:
                        rule_pending = False
                        if line.strip() == _FOOTER_TITLE:
                            content.pop()  # the rule
                            yield message(start, sender, local_time, content, size > limit)
                            start = 0
                            previous = line
                            continue
                    if size <= limit:
                        if not content and line.startswith(_TYPE_PREFIX):
                            previous = line
                            continue
                        content.append(line)
                    else:
                        # Keep the line the next name would take away, nothing else.
                        content[-1:] = [line]
                    size += len(line) + 1
                    if line[0] == "=" and line.startswith(_RULE) and not line.strip("="):
                        rule_pending = True
                previous = line
            number = first + count - 1
        if start:
            yield message(start, sender, local_time, content, size > limit)


def _checked_time(stamp: str, dates: dict[str, bool]) -> str | None:
    """``stamp`` when it is a real date and time to the second (``YYYY-MM-DD HH:MM:SS``),
    else None. ``dates`` holds whether each date part seen so far is a real date: a
    chat's times are nearly all different, its dates few."""
    if len(stamp) != 19 or stamp[4] != "-" or stamp[10] != " ":
        return None
    date = stamp[:10]
    real = dates.get(date)
    if real is None:
        if len(dates) >= _CACHE_LIMIT:
            dates.clear()
        found = _DATE_PART.fullmatch(date)
        real = dates[date] = found is not None and real_date(
            *(int(part) for part in found.groups())
        )
    if not real or stamp[13] != ":" or stamp[16] != ":":
        return None
    hour, minute, second = stamp[11:13], stamp[14:16], stamp[17:]
    if not (hour + minute + second).isdecimal():  # what the pattern's \d takes
        return None
    if stamp.isascii():
        if hour > "23" or minute > "59" or second > "59":
            return None
    elif int(hour) > 23 or int(minute) > 59 or int(second) > 59:
        return None
    return stamp


def _text_message(
    line: int, sender: str, local_time: str | None, content: list[str], oversize: bool
) -> ReadItem:
    if oversize:
        return ParseProblem(
            line,
            f"The message is longer than {MAX_RECORD_CHARS:,} characters and was skipped.",
        )
    if local_time is None:
        return ParseProblem(
            line + 1,
            "The message's 时间 line is not a date and time like 2024-03-01 08:00:00; "
            "export again with the full time format.",
        )
    while content and (not content[-1] or content[-1].isspace()):
        content.pop()
    end = _content_end(content)
    text = content[0] if end == 1 else "\n".join(content[:end])
    if text.startswith(_CONTENT_PREFIX):
        text = text[len(_CONTENT_PREFIX) :]
    sender_id = sender if sender[:2] == "u_" and _UID.fullmatch(sender) else None
    kind = "text"
    if len(text) < 80 and ("撤回" in text or "群" in text or text == "[系统消息]"):
        kind = _kind_of_text(sender, text)
    elif sender in _SYSTEM_SENDERS:
        kind = "system"
    return _new(ChatMessage, (line, sender, sender_id, local_time, None, text, kind, None))


def _content_end(content: list[str]) -> int:
    """How many of ``content``'s lines are the message, before the lines describing it."""
    end = len(content)
    if end > 1 and content[end - 1].startswith("回复: "):
        end -= 1
    if end > 1 and content[end - 1].startswith("提及: "):
        end -= 1
    listed = end
    while listed > 1 and content[listed - 1].startswith("  - "):
        listed -= 1
    found = _RESOURCES.fullmatch(content[listed - 1]) if listed > 1 else None
    if found is not None and int(found.group(1)) == end - listed:
        end = listed - 1
    return end


def _kind_of_text(sender: str, text: str) -> str:
    """What a TXT message is, from its sender and text (the layout has no flag for it)."""
    if len(text) < 80:
        if text.endswith("一条消息") and "撤回了" in text:
            return "recalled"
        if text == "[系统消息]" or sender in _SYSTEM_SENDERS or _NOTICE.fullmatch(text):
            return "system"
    return "text"


# -- JSON ----------------------------------------------------------------------------


def read_json(path: Path, head: str) -> Iterator[ReadItem]:
    """Stream the messages of a qq-chat-exporter JSON export."""
    version = _VERSION.search(head)
    name = "qq-chat-exporter JSON" + (f" ({version.group(1)})" if version else "")
    yield Layout(name, None, 'instants from each message\'s "timestamp"')
    if _STREAMED_OPENING in head:
        found = yield from _read_streamed_json(path)
    else:
        found = yield from _read_any_json(path)
    if not found and '"chunked"' in head:
        yield ParseProblem(
            1,
            "This is the manifest of a chunked export; it holds no messages. Import each "
            "file of its chunks folder (c000001.jsonl, ...) instead.",
        )


def _read_any_json(path: Path) -> Generator[ReadItem, None, bool]:
    found = False
    for line, record in stream_array_objects(path, "messages"):
        found = True
        if type(record) is dict:
            yield message_from_record(line, record)
        elif type(record) is str:
            yield ParseProblem(line, record)
        else:
            yield ParseProblem(line, "The messages array holds something that is not a message.")
    return found


def _read_streamed_json(path: Path) -> Generator[ReadItem, None, bool]:
    """The messages of the exporter's streamed layout, where each message is one line.

    Most messages are read from the line without decoding all of it (their elements
    and resources are not needed); any other line is decoded whole.
    """
    fast = _FAST_MESSAGE.match
    tails = _TAILS
    senders: dict[str, tuple[str, str | None]] = {}
    limit = MAX_RECORD_CHARS
    loads = json.loads
    found = in_array = False
    number = 0
    with open_text(path) as handle:
        for batch in line_batches(handle):
            first = number + 1
            for number, line in enumerate(batch, first):
                if not in_array:
                    in_array = line == _STREAMED_OPENING_LINE
                    continue
                if line[:3] == "  ]":
                    in_array = False
                    continue
                if not line or line.isspace():
                    continue
                found = True
                if len(line) > limit:
                    yield ParseProblem(number, _too_long())
                    continue
                kind = tails.get(line[line.rfind('"recalled":') :])
                match = fast(line) if kind is not None else None
                if match is not None:
                    message_id, seq, stamp, time, sender, text = match.groups()
                    if "\\" in text:
                        text = _unescaped(text)
                    if text:
                        who = senders.get(sender)
                        if who is None:
                            who = _sender_of_text(sender)
                            if len(senders) >= _CACHE_LIMIT:
                                senders.clear()
                            senders[sender] = who
                        stamp_number = int(stamp)
                        yield _new(
                            ChatMessage,
                            (
                                number,
                                who[0],
                                who[1],
                                time if len(time) == 19 and time[11:13] < "24" else None,
                                stamp_number / 1000
                                if stamp_number > 100_000_000_000
                                else float(stamp_number),
                                text,
                                kind,
                                message_id or seq or None,
                            ),
                        )
                        continue
                record_text = line.strip()
                if record_text.endswith(","):
                    record_text = record_text[:-1]
                try:
                    record = loads(record_text)
                except ValueError as error:
                    yield ParseProblem(
                        number, f"The message could not be decoded as JSON ({error})."
                    )
                    continue
                if type(record) is dict:
                    yield message_from_record(number, record)
                else:
                    yield ParseProblem(
                        number, "The messages array holds something that is not a message."
                    )
    return found


def _unescaped(text: str) -> str:
    """A JSON string's text from between its quotes; "" (read the slow way) if broken."""
    try:
        value = json.loads('"' + text + '"')
    except ValueError:
        return ""
    return value if type(value) is str else ""


def _sender_of_text(text: str) -> tuple[str, str | None]:
    """(name, id) of a sender object's JSON text."""
    try:
        sender = json.loads(text)
    except ValueError:
        return "", None
    return _sender_fields(sender) if type(sender) is dict else ("", None)


def _too_long() -> str:
    return f"The message is longer than {MAX_RECORD_CHARS:,} characters and was skipped."


def read_jsonl(path: Path) -> Iterator[ReadItem]:
    """Stream the messages of one chunk (``cNNNNNN.jsonl``) of a chunked export."""
    yield Layout("qq-chat-exporter JSONL chunk", None, 'instants from each "timestamp"')
    loads = json.loads
    with open_text(path) as handle:
        for number, (line, whole) in enumerate(bounded_lines(handle), 1):
            if not whole:
                yield ParseProblem(
                    number,
                    f"The line is longer than {MAX_RECORD_CHARS:,} characters and was skipped.",
                )
                continue
            if not line.strip():
                continue
            try:
                record = loads(line)
            except ValueError as error:
                yield ParseProblem(number, f"The line is not a JSON message ({error}).")
                continue
            if type(record) is dict:
                yield message_from_record(number, record)
            else:
                yield ParseProblem(number, "The line holds something that is not a message.")


def message_from_record(line: int, record: dict[str, Any]) -> ReadItem:
    """A message (or the problem with it) from one exported message object."""
    get = record.get
    epoch = _epoch(get("timestamp"))
    local_time = None
    time = get("time")
    # The exporter writes "2024-03-01 08:03:12" (local) or, in some versions, ISO in UTC.
    if type(time) is str and len(time) == 19 and time[10] == " " and time[11:13] < "24":
        local_time = time
    elif epoch is None and type(time) is str:
        epoch = _epoch(time)
    if epoch is None and local_time is None:
        return ParseProblem(line, "The message has neither a timestamp nor a time.")
    sender = get("sender")
    if type(sender) is not dict:
        return ParseProblem(line, "The message has no sender object.")
    name, sender_id = _sender_fields(sender)
    content = get("content")
    if type(content) is dict:
        text = content.get("text")
        if type(text) is not str or not text:
            text = _markers(content.get("elements")) or _markers(content.get("resources"))
    elif type(content) is str:
        text = content
    else:
        text = ""
    if len(text) > MAX_RECORD_CHARS:
        return ParseProblem(
            line, f"The message is longer than {MAX_RECORD_CHARS:,} characters and was skipped."
        )
    if get("recalled", get("isRecalled")) is True:
        kind = "recalled"
    elif get("system", get("isSystemMessage")) is True:
        kind = "system"
    else:
        kind = "text"
    message_id = get("id") or get("messageId") or get("seq") or get("messageSeq")
    return ChatMessage(
        line,
        name,
        sender_id,
        local_time,
        epoch,
        text,
        kind,
        str(message_id) if message_id else None,
    )


def _sender_fields(sender: dict[str, Any]) -> tuple[str, str | None]:
    """(name, id) of a sender: the QQ number where the export has it, else the uid."""
    uin = sender.get("uin")
    uid = sender.get("uid")
    if uin and uin != "0":
        sender_id: str | None = str(uin)
    elif uid and type(uid) is str and uid != "未知":
        sender_id = uid
    else:
        sender_id = None
    name = sender.get("name") or sender.get("groupCard") or sender.get("nickname")
    if type(name) is not str:
        name = sender_id or ""
    return name.strip(), sender_id


def _epoch(value: Any) -> float | None:
    """Seconds since the epoch of a timestamp in milliseconds or seconds, or ISO text."""
    if type(value) is str:
        if value.isdigit():
            value = int(value)
        else:
            try:
                moment = datetime.fromisoformat(value) if "T" in value else None
            except ValueError:
                return None
            # Without an offset the instant is unknown: the local "time" is used instead.
            return None if moment is None or moment.tzinfo is None else moment.timestamp()
    if type(value) is int or type(value) is float:
        # Milliseconds from 1973 on; seconds before that would be 1970.
        return value / 1000 if value > 100_000_000_000 else float(value)
    return None


def _markers(elements: Any) -> str:
    """The media of a message without text, as markers such as ``[图片]``."""
    if type(elements) is not list:
        return ""
    parts = []
    for element in elements:
        if type(element) is not dict:
            continue
        kind = element.get("type")
        marker = _MARKERS.get(kind) if type(kind) is str else None
        if marker is None:
            continue
        data = element.get("data")
        if kind == "file" and type(data) is dict and data.get("filename"):
            marker = f"[文件: {data['filename']}]"
        elif kind in ("face", "market_face") and type(data) is dict and data.get("name"):
            marker = "[" + str(data["name"]).strip("[]") + "]"
        parts.append(marker)
    return "".join(parts)
