"""Telegram Desktop's JSON export (``result.json``), read one message at a time.

A single-chat export is ``{"name", "type", "id", "messages": [...]}``; the
full-account export keeps its chats under ``"chats": {"list": [...]}``, each with
its own ``"messages"`` array, and every chat's messages are read. The file is never
parsed as a whole: the reader scans for each ``"messages": [`` and decodes the
array's objects one by one from a buffer refilled in chunks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict

from camp.importers.base import ChatMessage, Layout, ParseProblem, ReadItem
from camp.importers.jsonstream import stream_array_batches

__all__ = ["FORMAT", "LOOKS_FOR", "read", "sniff"]

FORMAT = "telegram"
LOOKS_FOR = 'a JSON object with Telegram Desktop\'s "date_unixtime", "from_id" or "text_entities"'

_LOCAL_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")

# DiscordChatExporter's JSON starts with a guild object; Telegram's never has one.
_DISCORD_GUILD = re.compile(r'"guild"\s*:\s*\{')
_SNIFF_MARKERS = ('"date_unixtime"', '"text_entities"', '"from_id"', '"personal_information"')


def sniff(head: str, path: Path) -> bool:
    """True when ``head`` looks like a Telegram Desktop JSON export."""
    start = head.lstrip()
    if not start.startswith("{") or _DISCORD_GUILD.search(head):
        return False
    return any(marker in head for marker in _SNIFF_MARKERS)


def read(path: Path, date_order: str | None = None) -> Iterator[ReadItem]:
    """Stream the messages of every chat in the export, in file order.

    Its dates are ISO 8601 (and Unix times): ``date_order`` has nothing to settle.
    """
    yield Layout("Telegram Desktop JSON")
    for batch in stream_array_batches(path, "messages", _Record):
        for line, record in batch:
            if type(record) is dict:
                yield _message_from_record(line, record)
            elif type(record) is str:
                yield ParseProblem(line, record)
            else:
                yield ParseProblem(
                    line, "The messages array holds something that is not a message object."
                )


#: Every key :func:`_message_from_record` and :func:`_describe_action` read: the rest of
#: each message (its text entities, media and so on) is never built
#: (:mod:`camp.importers.jsonstream`). "from" is a keyword: hence the functional form.
_Record = TypedDict(
    "_Record",
    {
        "id": Any,
        "type": Any,
        "date": Any,
        "date_unixtime": Any,
        "from": Any,
        "from_id": Any,
        "text": Any,
        "actor": Any,
        "actor_id": Any,
        "action": Any,
        "members": Any,
        "title": Any,
    },
    total=False,
)


def _message_from_record(line: int, record: dict[str, Any]) -> ReadItem:
    get = record.get
    local_time = None
    epoch = None
    unixtime = get("date_unixtime")
    if unixtime is not None:
        # The instant itself: the local date beside it is not needed.
        try:
            epoch = float(int(unixtime))
        except (TypeError, ValueError):
            return ParseProblem(line, f"The message's date_unixtime {unixtime!r} is not a number.")
    else:
        date = get("date")
        # A cheap shape check first: the regex only runs on dates that look odd.
        if type(date) is str and len(date) == 19 and _LOCAL_DATE.match(date):
            local_time = date[:10] + " " + date[11:19]
        else:
            return ParseProblem(
                line, "The message has neither a readable date nor a date_unixtime."
            )
    text = get("text", "")
    if type(text) is not str:
        text = _flatten_text(text)
        if text is None:
            return ParseProblem(line, "The message's text is neither a string nor a list of parts.")
    kind_of_record = get("type")
    message_id = get("id")
    if message_id is not None and type(message_id) is not str:
        message_id = str(message_id)
    if kind_of_record == "message":
        sender = get("from")
        sender_id = get("from_id")
        if type(sender_id) is not str:
            sender_id = _optional_text(sender_id)
        if type(sender) is not str or not sender.strip():
            # A deleted account (or one whose name was not exported) has "from": null:
            # its id is all there is to know it by.
            sender = sender_id or ""
        return _new_message(
            ChatMessage, (line, sender, sender_id, local_time, epoch, text, "text", message_id)
        )
    if kind_of_record == "service":
        sender = get("actor")
        return ChatMessage(
            line,
            sender if type(sender) is str else "",
            _optional_text(get("actor_id")),
            local_time,
            epoch,
            text or _describe_action(record),
            "system",
            message_id,
        )
    return ParseProblem(
        line, f"The message type {kind_of_record!r} is neither 'message' nor 'service'."
    )


#: ChatMessage(...) goes through a Python __new__; the tuple's own is a third of it.
_new_message = tuple.__new__


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _flatten_text(text: Any) -> str | None:
    """Telegram writes plain text as a string and formatted text as a list of parts."""
    if isinstance(text, str):
        return text
    if not isinstance(text, list):
        return None
    parts = []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            piece = part.get("text", "")
            parts.append(piece if isinstance(piece, str) else "")
    return "".join(parts)


def _describe_action(record: dict[str, Any]) -> str:
    """Service messages usually carry an empty text; their action says what happened."""
    action = record.get("action")
    if not isinstance(action, str):
        return ""
    details: list[str] = []
    members = record.get("members")
    if isinstance(members, list):
        details.extend(str(member) for member in members if member is not None)
    title = record.get("title")
    if isinstance(title, str):
        details.append(title)
    return f"{action}: {', '.join(details)}" if details else action
