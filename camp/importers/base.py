"""What every chat-export reader yields: messages, problems and its layout, one at a time.

Readers stream: they never hold a whole export in memory, nor more than
:data:`MAX_RECORD_CHARS` of one message. Each yields :class:`ChatMessage` for a message
it understood, :class:`ParseProblem` for a line it could not read (the import reports
those with their line numbers and goes on) and, before its first message, one
:class:`Layout` saying which variant of the format it read and how it read the dates
(a file that mixes layouts yields one per layout, when each is first seen).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from contextvars import ContextVar
from itertools import repeat
from pathlib import Path
from typing import IO, NamedTuple, Protocol

__all__ = [
    "DATE_ORDERS",
    "DECODE_ERRORS",
    "MAX_RECORD_CHARS",
    "ChatMessage",
    "ExportReader",
    "Layout",
    "ParseProblem",
    "ReadItem",
    "bounded_lines",
    "line_batches",
    "lines_not_utf8",
    "open_text",
    "text_encoding",
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


#: How bytes that are not UTF-8 are decoded while an export is read: ``strict`` (an
#: error) unless the import found a few such lines in a UTF-8 file and reports them
#: (then ``replace``: each becomes U+FFFD).
DECODE_ERRORS: ContextVar[str] = ContextVar("DECODE_ERRORS", default="strict")


def text_encoding(path: Path) -> str:
    """``utf-16`` for a file that starts with a UTF-16 byte order mark (Windows tools
    write them), else ``utf-8-sig`` (UTF-8, a BOM skipped)."""
    with open(path, "rb") as handle:
        start = handle.read(2)
    return "utf-16" if start in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"


def open_text(path: Path) -> IO[str]:
    """An export opened for :func:`bounded_lines`: UTF-8 or UTF-16 (by its byte order
    mark, which is skipped), line endings left as written — except in a file whose
    lines end with CR alone (old Mac tools), where each CR is read as a line break."""
    with open(path, "rb") as handle:
        start = handle.read(1 << 16)
    cr_only = b"\n" not in start and b"\r" in start[:-1]
    return open(
        path,
        encoding=text_encoding(path),
        errors=DECODE_ERRORS.get(),
        newline=None if cr_only else "",
    )


def lines_not_utf8(path: Path, keep: int = 50) -> tuple[list[int], int, int]:
    """The first ``keep`` line numbers holding bytes that are not UTF-8, how many such
    lines there are, and how many lines the file has.

    A file that is UTF-8 throughout (nearly every export) takes one quick pass; only a
    file with damage is gone through again, line by line, to find where."""
    lines = _lines_if_utf8(path)
    if lines is not None:
        return [], 0, lines
    found: list[int] = []
    count = 0
    line = 1  # the line at the start of ``pending``
    pending = b""
    last_bad = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            data = pending + block
            cut = data.rfind(b"\n") + 1  # whole lines only; the rest waits for more
            if cut == 0 and len(data) < (8 << 20):
                pending = data
                continue
            chunk, pending = (data[:cut], data[cut:]) if cut else (data, b"")
            start = 0
            while True:
                try:
                    chunk[start:].decode("utf-8")
                    break
                except UnicodeDecodeError as exc:
                    where = start + exc.start
                    bad = line + chunk.count(b"\n", 0, where)
                    if bad != last_bad:
                        count += 1
                        if len(found) < keep:
                            found.append(bad)
                        last_bad = bad
                    start = start + exc.end
            line += chunk.count(b"\n")
    if pending:
        try:
            pending.decode("utf-8")
        except UnicodeDecodeError:
            if line != last_bad:
                count += 1
                if len(found) < keep:
                    found.append(line)
    return found, count, line


#: Bytes checked at a time: decoding blocks that fit in the processor's cache is about
#: three times as fast as decoding blocks of a megabyte.
_CHECK_BLOCK = 1 << 14


def _lines_if_utf8(path: Path) -> int | None:
    """The number of lines of a file that is UTF-8 throughout (as lines_not_utf8
    counts them), or ``None`` when it is not."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    decode = decoder.decode
    newlines = 0
    with open(path, "rb") as handle:
        try:
            while block := handle.read(1 << 20):
                newlines += block.count(b"\n")
                view = memoryview(block)
                for start in range(0, len(block), _CHECK_BLOCK):
                    decode(view[start : start + _CHECK_BLOCK])
            decode(b"", True)
        except UnicodeDecodeError:
            return None
    return newlines + 1


#: Characters read per block: small enough to keep memory flat, big enough that each
#: split is worth it.
LINE_BLOCK = 1 << 14


def line_batches(handle: IO[str], limit: int = MAX_RECORD_CHARS) -> Iterator[list[str]]:
    """The lines of a text file without their endings, a list of them at a time.

    LF and CRLF end a line and a bare CR does not (one stray CR must not split a
    message) — except in a file whose first block has CRs and no LF at all: an old
    Mac-style file, whose lines end with CR. No line is held longer than ``limit``: an
    over-long line comes as its first ``limit + 1`` characters, which shows it is cut,
    and the rest of it is read past. Splitting a block at once is several times faster
    than reading line by line.
    """
    read = handle.read
    cut = limit + 1
    carry = ""  # the start of a line the blocks so far have not finished
    skipping = False  # ``carry`` is the cut start of an over-long line, its rest skipped
    first = read(LINE_BLOCK)
    # (A CR at the very end of the block may be the first half of a CRLF.)
    cr_only = "\n" not in first and "\r" in first[:-1]
    chunk = first
    while True:
        if not chunk:
            if carry:
                yield [carry if skipping else carry.removesuffix("\r")[:cut]]
            return
        if cr_only:
            chunk = chunk.replace("\r", "\n")
        parts = chunk.split("\n")
        parts[0] = carry if skipping else carry + parts[0]
        if len(parts) == 1:
            carry = parts[0]
            # One more character for a CR that may end it.
            if not skipping and len(carry) > cut:
                carry, skipping = carry[:cut], True
            chunk = read(LINE_BLOCK)
            continue
        cut_first = skipping
        carry = parts.pop()
        skipping = len(carry) > cut
        if skipping:
            carry = carry[:cut]
        if "\r" in chunk or parts[0].endswith("\r"):
            stripped = [part[:-1] if part.endswith("\r") else part for part in parts]
            if cut_first:
                stripped[0] = parts[0]  # a cut line keeps its length: it shows it is cut
            parts = stripped
        if len(chunk) > limit or len(parts[0]) > limit:
            parts = [part[:cut] for part in parts]
        yield parts
        chunk = read(LINE_BLOCK)


def bounded_lines(handle: IO[str], limit: int = MAX_RECORD_CHARS) -> Iterator[tuple[str, bool]]:
    """The lines of a text file without their line ending, each as ``(text, whole)``.

    The lines of :func:`line_batches` (open the file with :func:`open_text`, which keeps
    line endings as written), one at a time: a line longer than ``limit`` characters
    comes as its first ``limit`` with ``whole`` False. Line numbers are the count of
    items yielded.
    """
    whole = repeat(True)
    for batch in line_batches(handle, limit):
        if max(map(len, batch)) <= limit:
            yield from zip(batch, whole, strict=False)
            continue
        for line in batch:
            yield (line, True) if len(line) <= limit else (line[:limit], False)
