"""WeChat chat exports in CSV, as the common export tools write them.

WeChat has no export of its own; these layouts are told apart by their header row:

- PyWxDump, current: ``id, MsgSvrID, type_name, is_sender, talker, room_name, msg, src,
  CreateTime`` (``talker`` the sender's wxid, or ``我`` for the one who exported;
  ``type_name`` in Chinese, ``文本``, ``图片``, ``系统通知``, ``消息撤回1`` ...; ``CreateTime``
  local ``YYYY-MM-DD HH:MM:SS``);
- PyWxDump, older: the same with ``content`` instead of ``msg, src``, a JSON object
  ``{"src": ..., "msg": ...}``;
- WeChatMsg / MemoTrace 1.x: ``localId, TalkerId, Type, SubType, IsSender, CreateTime,
  Status, StrContent, StrTime, Remark, NickName, Sender`` (``Type`` WeChat's number,
  ``CreateTime`` unix seconds, ``Sender`` the member's wxid);
- 留痕 (MemoTrace 2.x): ``消息ID, 类型, 发送人, 时间, 内容, 备注, 昵称, 更多信息``, or with
  ``wxid`` in the place of ``发送人`` and ``群昵称`` beside ``昵称``;
- any other header with a content and a time column and one of WeChat's column names
  (``talker, sender, type, content, time``, ``发送人, 类型, 消息内容, 发送时间`` ...).

Columns are found by name, whatever their order, case or delimiter. Images, voice, video,
files and stickers come as ``[图片]``, ``[语音]``, ``[视频]``, ``[文件]``, ``[表情]``; WeChat's
system messages (type 10000) are ``"system"``, recalls ``"recalled"``. In a group chat the
content may start with the sender's wxid (``wxid_xxx:\\n``): it is taken off and names the
sender when the row does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from camp.importers.base import ChatMessage, Layout, ParseProblem, ReadItem
from camp.importers.csvrows import csv_records, header_fields
from camp.importers.dates import real_date, real_iso_day

__all__ = ["FORMAT", "LOOKS_FOR", "read", "sniff"]

FORMAT = "wechat"
LOOKS_FOR = (
    "the header of a WeChat export tool's CSV, e.g. PyWxDump's"
    " 'id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime', WeChatMsg's"
    " 'localId,TalkerId,Type,SubType,IsSender,CreateTime,...,StrContent,StrTime,Remark,"
    "NickName,Sender' or 留痕's '消息ID,类型,发送人,时间,内容'"
)

PYWXDUMP_CURRENT = "PyWxDump CSV (current, msg column)"
PYWXDUMP_OLDER = "PyWxDump CSV (older, JSON content column)"
WECHATMSG = "WeChatMsg / MemoTrace CSV (localId ... StrContent, NickName, Sender)"
LIUHEN = "留痕 CSV (消息ID, 类型, 发送人, 时间, 内容)"
LIUHEN_WXID = "留痕 CSV (消息ID, 类型, wxid, 时间, 内容, 群昵称)"
GENERIC = "WeChat CSV (columns by name)"

# Column names, lower-cased, best first.
_NAME_COLUMNS = ("nickname", "昵称", "发送人", "发送者", "sender", "sendername", "发送人昵称")
_REMARK_COLUMNS = ("remark", "备注")
_ID_COLUMNS = ("wxid", "sender_id", "senderid", "发送人id", "发送者id", "发送人微信号")
_TYPE_COLUMNS = ("type", "type_name", "类型", "消息类型", "msgtype")
_CONTENT_COLUMNS = ("strcontent", "content", "msg", "消息内容", "内容", "message")
_TIME_COLUMNS = ("createtime", "strtime", "time", "发送时间", "时间", "timestamp")
_MESSAGE_ID_COLUMNS = ("msgsvrid", "msgid", "message_id", "消息id", "localid")
# Names only WeChat exports use: a CSV with one of them is no plain check-in CSV.
_WECHAT_MARKERS = frozenset(
    (
        "talker",
        "strtalker",
        "talkerid",
        "issender",
        "is_sender",
        "localid",
        "msgsvrid",
        "strcontent",
        "strtime",
        "createtime",
        "nickname",
        "wxid",
        "type",
        "type_name",
        "subtype",
        "类型",
        "消息类型",
        "发送人",
        "发送人id",
        "消息内容",
        "发送时间",
        "消息id",
    )
)

# What a message type means: text, a system line, a recall, a quote reply (its own text
# then the quoted message), or a message without text shown as a marker.
_TEXT, _SYSTEM, _RECALLED_KIND, _QUOTE, _MARKER, _UNKNOWN = range(6)
_TYPES: dict[str, tuple[int, str]] = {
    # WeChat's own numbers (WeChatMsg, generic exports).
    "1": (_TEXT, ""),
    "3": (_MARKER, "[图片]"),
    "34": (_MARKER, "[语音]"),
    "42": (_MARKER, "[名片]"),
    "43": (_MARKER, "[视频]"),
    "47": (_MARKER, "[表情]"),
    "48": (_MARKER, "[位置]"),
    "49": (_MARKER, "[链接]"),
    "50": (_MARKER, "[通话]"),
    "10000": (_SYSTEM, ""),
    "10002": (_SYSTEM, ""),
    # PyWxDump's type_name, 留痕's 类型 and other tools' words.
    "": (_TEXT, ""),
    "text": (_TEXT, ""),
    "文本": (_TEXT, ""),
    "文本消息": (_TEXT, ""),
    "粘贴的文本": (_TEXT, ""),
    "图片": (_MARKER, "[图片]"),
    "语音": (_MARKER, "[语音]"),
    "视频": (_MARKER, "[视频]"),
    "文件": (_MARKER, "[文件]"),
    "文件(猜)": (_MARKER, "[文件]"),
    "动画表情": (_MARKER, "[表情]"),
    "表情包": (_MARKER, "[表情]"),
    "表情": (_MARKER, "[表情]"),
    "用户上传的gif表情": (_MARKER, "[表情]"),
    "位置": (_MARKER, "[位置]"),
    "位置分享": (_MARKER, "[位置]"),
    "语音通话": (_MARKER, "[通话]"),
    "音视频通话": (_MARKER, "[通话]"),
    "引用回复": (_QUOTE, "\n\n[引用]("),
    "引用消息": (_QUOTE, "\n引用："),
    "system": (_SYSTEM, ""),
    "系统消息": (_SYSTEM, ""),
    "系统通知": (_SYSTEM, ""),
    "拍一拍": (_SYSTEM, ""),
    "邀请加群": (_SYSTEM, ""),
    "添加好友": (_SYSTEM, ""),
    "撤回消息": (_RECALLED_KIND, ""),
}
# WeChat's appmsg (type 49) by SubType, where WeChatMsg writes one.
_APPMSG_SUBTYPES = {"6": "[文件]", "74": "[文件]", "57": "[引用]", "19": "[聊天记录]"}
_RECALLED = "撤回了一条消息"
# PyWxDump's talker for a sender it could not find, for the platform itself and for the
# one who exported: names, not wxids.
_NO_SENDER = "未知"
_PLATFORM = "系统"
_NOT_IDS = frozenset((_NO_SENDER, _PLATFORM, "我"))
# A group message's sender, written before its content by some tools: "wxid_xxx:\n".
_SENDER_PREFIX = re.compile(r"(wxid_[\w-]+|[\w.-]+@(?:chatroom|openim)):\r?\n")

# The canonical form, in range, is taken as it is; anything else goes the slow way.
_CANONICAL_TIME = re.compile(
    r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]) (?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
)
_LOOSE_TIME = re.compile(
    r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?\s*"
)
_TYPE_CACHE_SIZE = 4096


class _Plan(NamedTuple):
    """Where a layout keeps what a message needs (None for what it lacks)."""

    layout: str
    width: int
    names: tuple[int, ...]  # the sender's name, best first
    sender_id: int | None
    type: int | None
    subtype: int | None
    content: int
    json_content: bool  # PyWxDump's older {"src": ..., "msg": ...}
    times: tuple[int, ...]
    message_id: int | None


def sniff(head: str, path: Path) -> bool:
    """True when the first line of ``head`` is the header of a WeChat export's CSV."""
    return _layout_of(header_fields(head)) is not None


def read(path: Path, date_order: str | None = None) -> Iterator[ReadItem]:
    """Stream the messages of a WeChat CSV export, and a problem for each bad row.

    ``date_order`` is ignored: every layout writes year-first dates or unix seconds.
    """
    records = csv_records(path)
    for item in records:
        if isinstance(item, ParseProblem):
            yield item
            continue
        line, header = item
        names = [name.strip().lower().lstrip("\ufeff") for name in header]
        plan = _plan(names, header)
        if isinstance(plan, str):
            yield ParseProblem(line, plan)
            return
        yield Layout(plan.layout, None, f"line {line}: {_shown(header)}")
        yield from _messages(records, plan)
        return


def _layout_of(names: list[str]) -> str | None:
    """The layout a header row belongs to, or None when it is no WeChat export's."""
    present = set(names)
    if {"msgsvrid", "type_name", "talker", "createtime"} <= present:
        if "msg" in present:
            return PYWXDUMP_CURRENT
        if "content" in present:
            return PYWXDUMP_OLDER
    if {"localid", "type", "createtime", "strcontent"} <= present:
        return WECHATMSG
    if {"消息id", "类型", "时间", "内容"} <= present and ("发送人" in present or "wxid" in present):
        return LIUHEN if "发送人" in present else LIUHEN_WXID
    if (
        _find(names, _CONTENT_COLUMNS) is not None
        and _find(names, _TIME_COLUMNS) is not None
        and not _WECHAT_MARKERS.isdisjoint(present)
    ):
        return GENERIC
    return None


def _plan(names: list[str], header: list[str]) -> _Plan | str:
    """Where the columns of ``names`` (the ``header`` lower-cased) are, or why rows of
    this header cannot be read."""
    layout = _layout_of(names)
    if layout is None:
        return (
            f"The header is no WeChat export's: it has {_shown(header)}; the reader looks for"
            f" {LOOKS_FOR}. Give the file as the export tool wrote it, or --format csv for a"
            " plain member,time,text file."
        )
    content = _find(names, _CONTENT_COLUMNS)
    times = tuple(names.index(name) for name in _TIME_COLUMNS if name in names)
    type_at = _find(names, _TYPE_COLUMNS)
    subtype = _find(names, ("subtype",))
    message_id = _find(names, _MESSAGE_ID_COLUMNS)
    sender_id: int | None
    if layout in (PYWXDUMP_CURRENT, PYWXDUMP_OLDER):
        # The talker is the sender's wxid, which is also the only name the file has.
        talker = names.index("talker")
        name_columns: tuple[int, ...] = (talker,)
        sender_id = talker
        content = names.index("msg" if layout == PYWXDUMP_CURRENT else "content")
    elif layout == LIUHEN_WXID:
        name_columns = _all(names, ("群昵称", "昵称", "备注"))
        sender_id = names.index("wxid")
    elif layout == LIUHEN:
        # 发送人 is the name the chat shows (remark or group nickname); no wxid is written.
        name_columns = _all(names, ("发送人", "昵称", "备注"))
        sender_id = None
    else:
        name_columns = _all(names, _NAME_COLUMNS)
        sender_id = _find(names, _ID_COLUMNS)
        # WeChatMsg's "Sender" is the wxid; so is any "sender" beside a NickName column.
        sender = _find(names, ("sender",))
        if sender is not None and (layout == WECHATMSG or name_columns[0] != sender):
            name_columns = tuple(at for at in name_columns if at != sender)
            if sender_id is None:
                sender_id = sender
        name_columns += _all(names, _REMARK_COLUMNS)
        if not name_columns and sender_id is None:
            # A dump of WeChat's MSG table: the chat, and in a group the content's prefix.
            sender_id = _find(names, ("strtalker", "talker"))
    if content is None:
        return (
            f"The header has no content column (StrContent, content, msg, 内容 or 消息内容):"
            f" it has {_shown(header)}."
        )
    if not times:
        return (
            f"The header has no time column (CreateTime, StrTime, time, 时间 or 发送时间):"
            f" it has {_shown(header)}."
        )
    if not name_columns and sender_id is None:
        return (
            f"The header has no sender column (NickName, sender, talker, 发送人 or wxid):"
            f" it has {_shown(header)}; a private chat's export names no sender."
        )
    return _Plan(
        layout,
        len(names),
        name_columns,
        sender_id,
        type_at,
        subtype,
        content,
        layout == PYWXDUMP_OLDER,
        times,
        message_id,
    )


def _messages(
    records: Iterator[tuple[int, list[str]] | ParseProblem], plan: _Plan
) -> Iterator[ReadItem]:
    names, id_at, type_at, subtype_at = plan.names, plan.sender_id, plan.type, plan.subtype
    content_at, times, message_id_at = plan.content, plan.times, plan.message_id
    json_content, width = plan.json_content, plan.width
    # A row shorter than this lacks a column every message needs; the sender's columns
    # may be missing at the end (WeChatMsg leaves them off in a private chat).
    needed = 1 + max(
        at for at in (type_at, subtype_at, content_at, message_id_at, *times) if at is not None
    )
    single_time = times[0] if len(times) == 1 else None
    canonical = _CANONICAL_TIME.fullmatch
    types: dict[tuple[str, str], tuple[int, str]] = {}
    # ChatMessage(...) goes through a Python __new__; the tuple's own is a third of it.
    new_message = tuple.__new__
    for item in records:
        if item.__class__ is ParseProblem:
            yield item
            continue
        line, row = item
        size = len(row)
        if size < needed:
            if size > 1 or row[0].strip():
                yield ParseProblem(line, f"Row has {size} of the header's {width} fields.")
            continue
        # When it was sent.
        local_time = epoch = None
        if single_time is not None:
            value = row[single_time]
            if canonical(value) and (value[8:10] <= "28" or real_iso_day(value[:10])):
                local_time = value
            else:
                value = value.strip()
                if value.isdigit():
                    epoch = float(value)
                    if epoch > 1e11:  # milliseconds
                        epoch /= 1000
                elif value and (local_time := _normalised_time(value)) is None:
                    yield ParseProblem(line, f"Row has a time that cannot be read: {value[:40]!r}.")
                    continue
        else:
            unreadable = None
            for at in times:
                value = row[at].strip()
                if not value:
                    continue
                if value.isdigit():
                    epoch = float(value)
                    if epoch > 1e11:
                        epoch /= 1000
                elif canonical(value) and (value[8:10] <= "28" or real_iso_day(value[:10])):
                    local_time = value
                elif (normalised := _normalised_time(value)) is not None:
                    local_time = normalised
                else:
                    unreadable = value
            if unreadable is not None:
                yield ParseProblem(
                    line, f"Row has a time that cannot be read: {unreadable[:40]!r}."
                )
                continue
        if local_time is None and epoch is None:
            yield ParseProblem(line, "Row has no time.")
            continue
        # What it says, and what kind of message it is.
        content = row[content_at]
        if json_content:
            content = _json_message(content)
        if type_at is None:
            meaning, detail = _TEXT, ""
        else:
            key = (row[type_at], row[subtype_at] if subtype_at is not None else "")
            found = types.get(key)
            if found is None:
                if len(types) >= _TYPE_CACHE_SIZE:
                    types.clear()
                found = types[key] = _meaning(*key)
            meaning, detail = found
        kind = "text"
        if meaning == _TEXT:
            if "撤回" in content and content.rstrip().endswith(_RECALLED):
                kind = "recalled"
        elif meaning == _SYSTEM:
            recalled = _RECALLED in content or "<revokemsg" in content
            kind = "recalled" if recalled else "system"
        elif meaning == _MARKER:
            content = detail
        elif meaning == _QUOTE:
            # The reply's own text: the quoted message after it may hold another's keyword.
            if (cut := content.find(detail)) >= 0:
                content = content[:cut]
        elif meaning == _RECALLED_KIND:
            kind = "recalled"
        elif not content or content.lstrip()[:1] == "<":
            content = detail
        # Who sent it.
        sender = ""
        for at in names:
            if at < size and (sender := row[at].strip()):
                break
        sender_id = (row[id_at].strip() or None) if id_at is not None and id_at < size else None
        if content.find(":\n", 0, 80) >= 0 and (match := _SENDER_PREFIX.match(content)):
            prefix = match[1]
            if sender_id is None or sender_id == prefix or sender_id.endswith("@chatroom"):
                content = content[match.end() :]
                if not sender or sender == sender_id:
                    sender = prefix
                sender_id = prefix
        if sender_id in _NOT_IDS:
            sender_id = None
            if sender == _PLATFORM:
                kind = "system"
            elif sender == _NO_SENDER:
                if kind == "text":
                    yield ParseProblem(
                        line,
                        "Row has no sender: the export tool wrote 未知, it could not tell who"
                        " sent the message.",
                    )
                    continue
                sender = ""
        if not sender:
            if sender_id is not None:
                sender = sender_id
            elif kind == "text":
                yield ParseProblem(line, "Row has no sender.")
                continue
        if kind == "text" and sender.endswith("@chatroom"):
            yield ParseProblem(line, "Row has no sender: it names the group, not who wrote.")
            continue
        message_id = (row[message_id_at].strip() or None) if message_id_at is not None else None
        yield new_message(
            ChatMessage, (line, sender, sender_id, local_time, epoch, content, kind, message_id)
        )


def _meaning(type_value: str, subtype: str) -> tuple[int, str]:
    """What a message type (and SubType) means, for :func:`_messages`."""
    value = type_value.strip().lower()
    if value == "49" and (marker := _APPMSG_SUBTYPES.get(subtype.strip())):
        return _MARKER, marker
    found = _TYPES.get(value)
    if found is not None:
        return found
    if value.startswith("消息撤回"):  # PyWxDump: 消息撤回1, 消息撤回5 ...
        return _RECALLED_KIND, ""
    if value.isdigit():
        return _UNKNOWN, "[消息]"
    return _MARKER, f"[{type_value.strip()}]"


def _json_message(content: str) -> str:
    """The ``msg`` of PyWxDump's older ``{"src": ..., "msg": ...}`` content."""
    if content[:1] != "{":
        return content
    try:
        value = json.loads(content)
    except ValueError:
        return content
    message = value.get("msg") if isinstance(value, dict) else None
    return message if isinstance(message, str) else content


def _normalised_time(value: str) -> str | None:
    """``value`` as ``YYYY-MM-DD HH:MM:SS``, or None when it is no valid date and time."""
    match = _LOOSE_TIME.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    if not real_date(year, month, day):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"


def _shown(names: list[str]) -> str:
    """A header's columns, for a sentence."""
    shown = ", ".join(name.strip().lstrip("\ufeff") for name in names[:16])
    if len(names) > 16:
        shown += f" and {len(names) - 16} more"
    return f"the columns {shown[:300]}" if names else "no columns"


def _find(names: list[str], wanted: tuple[str, ...]) -> int | None:
    """Position of the first of ``wanted`` (best first) among ``names``, or None."""
    for name in wanted:
        if name in names:
            return names.index(name)
    return None


def _all(names: list[str], wanted: tuple[str, ...]) -> tuple[int, ...]:
    """Positions of those of ``wanted`` among ``names``, in the order of ``wanted``."""
    return tuple(names.index(name) for name in wanted if name in names)
