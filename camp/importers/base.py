"""What every chat-export reader yields: messages, problems and its layout, one at a time.

Readers stream: they never hold a whole export in memory, nor more than
:data:`MAX_RECORD_CHARS` of one message. Each yields :class:`ChatMessage` for a message
it understood, :class:`ParseProblem` for a line it could not read (the import reports
those with their line numbers and goes on) and, before its first message, one
:class:`Layout` saying which variant of the format it read and how it read the dates
(a file that mixes layouts yields one per layout, when each is first seen).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat
from pathlib import Path
from typing import IO, NamedTuple, Protocol

__all__ = [
    "DATE_ORDERS",
    "MAX_RECORD_CHARS",
    "ChatMessage",
    "ExportReader",
    "Layout",
    "ParseProblem",
    "ReadItem",
    "bounded_lines",
    "open_text",
]

#: ``--date-order``: day/month/year, month/day/year, year/month/day.
DATE_ORDERS = ("dmy", "mdy", "ymd")
#: One message (or one line, or one CSV record) longer than this is skipped with a
#: problem instead of being held in memory: no chat message is a megabyte of text.
MAX_RECORD_CHARS = 1 << 20


class ChatMessage(NamedTuple):
    """One message of a group chat, as the export shows it.

    ``local_time`` is the wall-clock time the export prints, normalised to
    ``"YYYY-MM-DD HH:MM:SS"`` (the import reads it in the export's timezone);
    ``epoch`` is set instead (or as well) when the export gives an absolute instant,
    and then wins. ``kind`` is ``"text"`` for what members wrote, ``"system"`` for
    joins, leaves, encryption notices, renames and the like, ``"recalled"`` for
    withdrawn or deleted messages. ``message_id`` is the platform's id of the message
    where the export writes one (two records with the same id are one message).
    """

    line: int
    sender: str
    sender_id: str | None
    local_time: str | None
    epoch: float | None
    text: str
    kind: str = "text"
    message_id: str | None = None


class ParseProblem(NamedTuple):
    """A line (or record) of the export that could not be read, and why."""

    line: int
    reason: str


class Layout(NamedTuple):
    """Which variant of its format a reader found, for the import report.

    ``name`` e.g. ``"WhatsApp Android (es)"`` or ``"PyWxDump CSV (msg column)"``;
    ``date_order`` one of :data:`DATE_ORDERS` when the layout writes numeric dates
    whose order had to be decided, else None; ``evidence`` how it was decided, e.g.
    ``"line 4 has 31/12/26"`` or ``"--date-order dmy"``.
    """

    name: str
    date_order: str | None = None
    evidence: str = ""


ReadItem = ChatMessage | ParseProblem | Layout


class ExportReader(Protocol):
    """A module of ``camp.importers`` that reads one export format."""

    #: The ``--format`` name, e.g. ``"qq"``.
    FORMAT: str
    #: What :func:`sniff` looks for, for the sentence of a failed detection,
    #: e.g. ``"a first line like '31/12/26, 21:50 - Name: text'"``.
    LOOKS_FOR: str

    def sniff(self, head: str, path: Path) -> bool:
        """True when the first few KB of the file (``head``) look like this format."""

    def read(self, path: Path, date_order: str | None = None) -> Iterator[ReadItem]:
        """Stream the export's messages and problems, in file order.

        ``date_order`` (one of :data:`DATE_ORDERS`) is the operator's ``--date-order``;
        readers of formats without ambiguous dates ignore it.
        """


def open_text(path: Path) -> IO[str]:
    """An export opened for :func:`bounded_lines`: UTF-8 (a BOM skipped), line endings
    left as written."""
    return open(path, encoding="utf-8-sig", newline="")


def bounded_lines(handle: IO[str], limit: int = MAX_RECORD_CHARS) -> Iterator[tuple[str, bool]]:
    """The lines of a text file without their line ending, each as ``(text, whole)``.

    A line longer than ``limit`` characters is never held whole: its first ``limit``
    characters come with ``whole`` False and the rest is read past in bounded pieces.
    A bare CR is not a line break here (only LF and CRLF are), so one stray ``\\r``
    cannot split a message (open the file with :func:`open_text`, which keeps line
    endings as written). Line numbers are the count of items yielded. The file is
    read in blocks and split in bulk: as fast as iterating its lines.
    """
    # Half the cap per block: a block and the line it continues rarely pass the cap,
    # so most blocks go out in bulk without looking at each line.
    block = max(limit // 2, 1 << 15)
    read = handle.read
    carry = ""  # the start of a line the last block cut
    skipping = False  # past the cap: reading on to the end of the line
    whole = repeat(True)
    while chunk := read(block):
        if skipping:
            newline = chunk.find("\n")
            if newline < 0:
                continue
            chunk = chunk[newline + 1 :]
            skipping = False
        text = carry + chunk if carry else chunk
        if "\r" in text:
            text = text.replace("\r\n", "\n")
            if text.endswith("\r"):  # maybe the CR of a CRLF the next block completes
                text, carry_cr = text[:-1], "\r"
            else:
                carry_cr = ""
        else:
            carry_cr = ""
        lines = text.split("\n")
        carry = lines.pop() + carry_cr
        if len(text) <= limit:
            yield from zip(lines, whole, strict=False)
        else:
            for line in lines:
                if len(line) > limit:
                    yield line[:limit], False
                else:
                    yield line, True
        if len(carry) - len(carry_cr) > limit:
            yield carry[:limit], False
            carry, skipping = "", True
    if carry and not skipping:
        yield carry.removesuffix("\r"), True
