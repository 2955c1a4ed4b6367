"""Readers of group-chat exports, one module per format, and format detection."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from camp.errors import CampError
from camp.importers import discord, plain_csv, qq, telegram, wechat, whatsapp
from camp.importers.base import DATE_ORDERS, ChatMessage, Layout, ParseProblem, ReadItem

__all__ = [
    "DATE_ORDERS",
    "FORMATS",
    "ChatMessage",
    "Layout",
    "ParseProblem",
    "ReadItem",
    "detect_format",
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
            head = f.read(_HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    except FileNotFoundError:
        raise CampError(f"No file {path}; check the path of the chat export.") from None
    except IsADirectoryError:
        raise CampError(f"{path} is a folder; give the chat export file inside it.") from None
    for reader in _READERS:
        if reader.sniff(head, path):
            return reader.FORMAT
    raise CampError(_not_detected(path, head))


def _not_detected(path: Path, head: str) -> str:
    """The sentence of a failed detection: what the file starts with, what was looked for."""
    first = next((line.strip() for line in head.splitlines() if line.strip()), "")
    if not first:
        start = "it is empty"
    else:
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
