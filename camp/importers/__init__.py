"""Readers of group-chat exports, one module per format, and format detection."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from camp.errors import CampError
from camp.importers import discord, plain_csv, qq, telegram, wechat, whatsapp
from camp.importers.base import (
    DATE_ORDERS,
    ChatMessage,
    Layout,
    ParseProblem,
    ReadItem,
    text_encoding,
)

__all__ = [
    "DATE_ORDERS",
    "FORMATS",
    "ChatMessage",
    "Layout",
    "ParseProblem",
    "ReadItem",
    "detect_format",
    "not_utf8_sentence",
    "reader_for",
]

# Sniffed in this order: the structured formats first, the loosest last.
_READERS: tuple[ModuleType, ...] = (telegram, discord, wechat, plain_csv, qq, whatsapp)
FORMATS: tuple[str, ...] = tuple(reader.FORMAT for reader in _READERS)
_HEAD_BYTES = 8192


def reader_for(fmt: str) -> ModuleType:
    """The reader module of ``--format fmt``."""
    for reader in _READERS:
        if fmt == reader.FORMAT:
            return reader
    raise CampError(f"--format {fmt!r} is not known; use one of: {', '.join(FORMATS)}.")


def detect_format(path: Path) -> str:
    """The format of an export, from its first few KB."""
    try:
        with path.open("rb") as f:
            raw = f.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise CampError(f"No file {path}; check the path of the chat export.") from None
    except IsADirectoryError:
        raise CampError(f"{path} is a folder; give the chat export file inside it.") from None
    if raw.startswith(b"PK\x03\x04"):
        raise CampError(
            f"{path} is a zip archive (WhatsApp shares chats so): unzip it and import the "
            "chat file inside (_chat.txt, or the .txt named after the chat)."
        )
    encoding = text_encoding(path)
    if encoding != "utf-16" and b"\x00" in raw:
        raise CampError(
            f"{path} is not a text file (it holds binary data): give the chat export "
            "itself, the .txt, .json or .csv file the export wrote."
        )
    head = raw.decode(encoding, errors="replace").lstrip("\ufeff")
    if "\n" not in head and "\r" in head[:-1]:
        head = head.replace("\r", "\n")  # lines that end with CR alone (old Mac tools)
    for reader in _READERS:
        if reader.sniff(head, path):
            return reader.FORMAT
    if encoding != "utf-16" and _not_utf8(raw):
        raise CampError(not_utf8_sentence(path))
    raise CampError(_not_detected(path, head))


def not_utf8_sentence(path: Path, line: int | None = None) -> str:
    """Why an export that is not UTF-8 text cannot be read, and how to convert it."""
    where = f" (line {line} is the first that is not)" if line else ""
    return (
        f"{path} is not UTF-8 text{where}: chat exports from Windows tools are often GBK "
        f"(old QQ and WeChat exports) — convert it first, e.g. "
        f"`iconv -f GBK -t UTF-8 {path.name} > utf8-{path.name}`, and import the result."
    )


def _not_utf8(raw: bytes) -> bool:
    """True when the start of a file is not UTF-8 (a character cut at its end is)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(raw) - 4
    return False


def _not_detected(path: Path, head: str) -> str:
    """The sentence of a failed detection: what the file starts with, what was looked for."""
    first = next((line.strip() for line in head.splitlines() if line.strip()), "")
    if not first:
        return f"{path} is empty (or only blank); export the chat again and import that file."
    shown = first if len(first) <= 80 else first[:77] + "..."
    start = f"it starts with {shown!r}"
    looked_for = "; ".join(
        f"{reader.FORMAT}: {getattr(reader, 'LOOKS_FOR', 'its own layout')}" for reader in _READERS
    )
    return (
        f"{path}: cannot tell which chat export this is — {start}, and none of the formats "
        f"matched its first lines (looked for {looked_for}); give --format "
        f"({', '.join(FORMATS)}) if it is one of them."
    )
