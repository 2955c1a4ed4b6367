"""CSV records of an export, streamed, with the line each starts on and its problems.

:func:`csv_records` reads any CSV export a reader takes (plain check-ins, WeChat tools,
Discord) the same way: opened by :func:`~camp.importers.base.open_text`, in lines
bounded as :func:`~camp.importers.base.bounded_lines` bounds them, so no line or record
longer than :data:`~camp.importers.base.MAX_RECORD_CHARS` is ever held; only LF and CRLF
end a line, and a bare CR is kept as a character of its field.

A quoted field may run over several lines (a message of a few lines). A quote that is
opened and never closed must not swallow the rest of the file, so a quoted field that
runs on is taken as unterminated, reported on the line where it opened, and reading goes
on at the next line, when

- it runs over :data:`RUNAWAY_LINES` lines that each read, on their own, as a complete
  record of the header's width (a message's lines do not look like that);
- the record it closes is not of the header's width, or not CSV as the standard writes
  it, and one of its lines reads as a record of its own;
- it runs to the end of the file.

A quoted field that grows past the cap is one problem, and the record is skipped to
where its quote closes.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterator
from itertools import count
from operator import methodcaller
from pathlib import Path
from typing import IO

from camp.importers.base import MAX_RECORD_CHARS, ParseProblem, open_text

__all__ = ["DELIMITERS", "RUNAWAY_LINES", "csv_records", "header_fields", "sniff_delimiter"]

#: The delimiters :func:`sniff_delimiter` tells apart, the likeliest first.
DELIMITERS = (",", "\t", ";", "|")
#: A quoted field running over this many lines that read as records of their own is an
#: unterminated quote.
RUNAWAY_LINES = 3
_HEAD_CHARS = 8192
# A bare CR outside quotes would end the csv module's record: it stands in for one while
# a quoted record is split, and is put back in the fields.
_CR_STAND_IN = "\ue000"
_CHUNK_CHARS = 1 << 14
# Marks a line over the cap (followed by its start): see _line_blocks.
_LONG = "\x00\n"
_QUOTED = re.compile(r'"[^"]*"')

# The csv module refuses a field longer than its limit (128 KiB by default); records are
# bounded here by MAX_RECORD_CHARS instead, so the limit only has to let those through.
if csv.field_size_limit() < MAX_RECORD_CHARS:
    csv.field_size_limit(MAX_RECORD_CHARS)

Record = tuple[int, list[str]]
_Line = tuple[int, str]


def csv_records(path: Path, *, delimiter: str | None = None) -> Iterator[Record | ParseProblem]:
    """``(line, fields)`` for each record of a CSV file, the header first, in file order.

    ``line`` is the physical line the record starts on. ``delimiter`` None sniffs it
    from the header (:func:`sniff_delimiter`). Blank lines are no records. What cannot
    be read (an unterminated quote, a record over the cap, NUL bytes, text that is not
    UTF-8) is a :class:`ParseProblem` with a sentence saying how to fix it; reading goes
    on after it wherever the file allows.
    """
    with open_text(path) as handle:
        if delimiter is None:
            try:
                head = handle.read(_HEAD_CHARS)
            except UnicodeDecodeError as error:
                yield _not_utf8(1, error)
                return
            handle.seek(0)
            delimiter = sniff_delimiter(head)
        yield from _records(handle, delimiter)


def sniff_delimiter(head: str) -> str:
    """The delimiter of the first line of ``head`` (the header): the one of
    :data:`DELIMITERS` it holds most often outside quotes, ``","`` when it holds none."""
    first_line = _QUOTED.sub("", head.split("\n", 1)[0])
    best, best_count = ",", 0
    for delimiter in DELIMITERS:
        count = first_line.count(delimiter)
        if count > best_count:
            best, best_count = delimiter, count
    return best


def header_fields(head: str, delimiter: str | None = None) -> list[str]:
    """The fields of the first line of ``head`` (a header), stripped and lower-cased, for
    a reader's ``sniff``: ``delimiter`` None sniffs it. Never raises, whatever the line."""
    first_line = head.lstrip("\ufeff").split("\n", 1)[0].removesuffix("\r")
    if delimiter is None:
        delimiter = sniff_delimiter(first_line)
    try:
        fields = next(csv.reader((first_line.replace("\r", " "),), delimiter=delimiter), [])
    except csv.Error:
        fields = first_line.split(delimiter)
    return [field.strip().lower() for field in fields]


def _line_blocks(
    handle: IO[str], limit: int = MAX_RECORD_CHARS
) -> Iterator[tuple[list[str], bool]]:
    """The lines of ``handle`` without their endings, a list of them at a time, and
    whether that list is plain (no quote, no NUL, no blank line: each line one record).

    The lines are bounded as :func:`~camp.importers.base.bounded_lines` bounds them (and
    only LF and CRLF end one), but read 16,384 characters at a time instead of a ``readline`` each,
    which costs more than the rest of a record's reading. A line of ``limit`` characters
    or more comes as :data:`_LONG` followed by its first ``limit`` characters: no line
    holds a LF, so the mark cannot be text.
    """
    read = handle.read
    rest = ""
    while chunk := read(_CHUNK_CHARS):
        if rest:
            chunk = rest + chunk
        lines = chunk.split("\n")
        rest = lines.pop()
        if "\r" in chunk:
            lines = [line[:-1] if line[-1:] == "\r" else line for line in lines]
        plain = len(chunk) < limit
        if not plain:
            lines = [line if len(line) < limit else _LONG + line[:limit] for line in lines]
        if len(rest) >= limit:
            # The start of an over-long line: read past the rest of it in pieces.
            head = rest[:limit]
            while True:
                piece = read(_CHUNK_CHARS)
                if not piece:
                    rest = ""
                    break
                if (end := piece.find("\n")) >= 0:
                    rest = piece[end + 1 :]
                    break
            lines.append(_LONG + head)
            plain = False
        if lines:
            plain = plain and '"' not in chunk and "\x00" not in chunk and "" not in lines
            yield lines, plain
    if rest:
        rest = rest.removesuffix("\r")
        yield [rest if len(rest) < limit else _LONG + rest[:limit]], False


class _LineSource:
    """The lines of a file, numbered, shared by the loop of :func:`_records` and the
    quoted records it hands lines to (which go on from where it stands)."""

    def __init__(self, handle: IO[str]) -> None:
        self.blocks = _line_blocks(handle)
        #: The lines of the block being read, or None between blocks.
        self.current: Iterator[str] | None = None
        #: The number of the last line taken.
        self.number = 0

    def next_line(self) -> _Line | None:
        """The next line and its number, or None at the end of the file."""
        while True:
            if self.current is not None:
                for text in self.current:
                    self.number += 1
                    if "\x00" in text and not text.startswith(_LONG):
                        text = text.replace("\x00", "")
                    return self.number, text
            block = next(self.blocks, None)
            if block is None:
                self.current = None
                return None
            self.current = iter(block[0])


def _records(handle: IO[str], delimiter: str) -> Iterator[Record | ParseProblem]:
    source = _LineSource(handle)
    blocks = source.blocks
    split_fields = methodcaller("split", delimiter)
    number = 0
    width = 0  # the header's, once read
    nul_reported = False
    # Most quoted records are one line of standard CSV: a strict reader kept for the file
    # reads them; anything else (a quote that runs on, a CR, text after a closing quote)
    # makes it raise, and the record is read again the slow way.
    one_line = _OneLine()
    strict = csv.reader(one_line, delimiter=delimiter, strict=True)
    try:
        while True:
            lines = source.current
            if lines is None:
                block = next(blocks, None)
                if block is None:
                    return
                if block[1] and width:
                    # Each line is one record: split them all without a step of Python each.
                    yield from zip(count(number + 1), map(split_fields, block[0]))
                    number += len(block[0])
                    continue
                lines = source.current = iter(block[0])
            for text in lines:
                number += 1
                if "\x00" not in text:
                    if '"' not in text:
                        if text:
                            fields = text.split(delimiter)
                            if not width:
                                width = len(fields)
                            yield number, fields
                        continue
                    if "\r" not in text:
                        one_line.line = text
                        try:
                            fields = next(strict)
                        except csv.Error:
                            pass
                        else:
                            if not width:
                                width = len(fields)
                            yield number, fields
                            continue
                if "\x00" in text and not text.startswith(_LONG):
                    if not nul_reported:
                        nul_reported = True
                        yield ParseProblem(
                            number,
                            "The line has NUL bytes, which no text export writes: they are left"
                            " out (here and on later lines); if the file is UTF-16, save it as"
                            " UTF-8.",
                        )
                    text = text.replace("\x00", "")
                source.number = number
                quoted = _QuotedRecords(source, delimiter, width)
                for item in quoted.read((number, text)):
                    if not width and not isinstance(item, ParseProblem):
                        width = len(item[1])
                    yield item
                number = source.number
                if source.current is not lines:
                    break  # the quoted record ran into the next block (or to the end)
            else:
                source.current = None
    except UnicodeDecodeError as error:
        yield _not_utf8(number + 1, error)


class _OneLine:
    """An iterator of one line at a time, for a csv reader kept for the whole file
    (making a reader costs more than reading a record with it)."""

    __slots__ = ("line",)

    def __init__(self) -> None:
        self.line: str | None = None

    def __iter__(self) -> _OneLine:
        return self

    def __next__(self) -> str:
        line = self.line
        if line is None:
            raise StopIteration
        self.line = None
        return line


class _QuotedRecords:
    """The records from a line the fast path could not split (a quote in it, or a line
    over the cap) on, with the lines they need after it, up to where no line read ahead
    is left to be read again."""

    def __init__(self, source: _LineSource, delimiter: str, width: int) -> None:
        self.source = source
        self.delimiter = delimiter
        self.width = width
        # Lines read ahead and given back, to be read again as records of their own.
        self.pending: deque[_Line] = deque()

    def read(self, first: _Line) -> Iterator[Record | ParseProblem]:
        pending = self.pending
        pending.append(first)
        while pending:
            number, text = pending.popleft()
            if text.startswith(_LONG):
                yield _too_long(number)
                continue
            if not text:
                continue
            if '"' not in text:
                fields = text.split(self.delimiter)
                if not self.width:
                    self.width = len(fields)
                yield number, fields
                continue
            yield from self._quoted(number, text)

    def _next_line(self) -> _Line | None:
        if self.pending:
            return self.pending.popleft()
        return self.source.next_line()

    def _quoted(self, start: int, text: str) -> Iterator[Record | ParseProblem]:
        """The record starting on line ``start``, which holds a quote."""
        delimiter = self.delimiter
        width = self.width or _fields_alone(text, delimiter)
        taken: list[_Line] = []  # the lines after ``start`` that the record ran over
        ended: list[str] = []  # why the quoted field stopped being fed, if it did
        has_cr = "\r" in text

        def feed() -> Iterator[str]:
            nonlocal has_cr
            yield (text.replace("\r", _CR_STAND_IN) if has_cr else text) + "\n"
            chars = len(text)
            lookalikes = 0
            while True:
                line = self._next_line()
                if line is None:
                    ended.append("end")
                    return
                taken.append(line)
                more = line[1]
                chars += len(more) + 1
                if more.startswith(_LONG) or chars > MAX_RECORD_CHARS:
                    ended.append("long")
                    return
                if _reads_as_record(more, delimiter, width):
                    lookalikes += 1
                    if lookalikes >= RUNAWAY_LINES:
                        ended.append("runaway")
                        return
                if "\r" in more:
                    has_cr = True
                    more = more.replace("\r", _CR_STAND_IN)
                yield more + "\n"

        try:
            fields = next(csv.reader(feed(), delimiter=delimiter), [])
        except csv.Error as error:
            yield ParseProblem(start, f"The record cannot be read as CSV: {error}.")
            self._give_back(taken)
            return
        # A quoted field over several lines that does not close as the standard says, or
        # leaves a record of the wrong width: when one of those lines is a record of its
        # own, the quote was never closed.
        if (
            not ended
            and taken
            and (len(fields) != width or not _strictly_csv(text, taken, delimiter))
            and any(_reads_as_record(line, delimiter, width) for _, line in taken)
        ):
            ended.append("runaway")
        if not ended:
            if has_cr:
                fields = [field.replace(_CR_STAND_IN, "\r") for field in fields]
            yield start, fields
            return
        if ended[0] == "long":
            yield _too_long(start)
            self._skip_quoted(taken[-1][1])
            return
        where = "to the end of the file" if ended[0] == "end" else "over lines that are records"
        yield ParseProblem(
            start,
            f"A quote opened on this line is never closed (its field runs on {where}):"
            f" fix the quote; reading goes on at line {start + 1}.",
        )
        self._give_back(taken)

    def _give_back(self, taken: list[_Line]) -> None:
        self.pending.extendleft(reversed(taken))

    def _skip_quoted(self, last: str) -> None:
        """Read past the rest of a record whose quoted field went over the cap on line
        ``last``: to the end of the line where the count of quotes closes the field."""
        inside = last.count('"') % 2 == 0
        while inside:
            line = self._next_line()
            if line is None:
                return
            inside = line[1].count('"') % 2 == 0


def _strictly_csv(text: str, taken: list[_Line], delimiter: str) -> bool:
    """True when the record of ``text`` and the lines ``taken`` after it is CSV as the
    standard writes it (nothing but the delimiter after a closing quote)."""
    lines = [(line.replace("\r", _CR_STAND_IN) + "\n") for line in (text, *(t for _, t in taken))]
    try:
        next(csv.reader(lines, delimiter=delimiter, strict=True), None)
    except csv.Error:
        return False
    return True


def _reads_as_record(text: str, delimiter: str, width: int) -> bool:
    """True when ``text`` alone is a complete record of ``width`` fields."""
    if '"' not in text:
        return text.count(delimiter) + 1 == width
    return _fields_alone(text, delimiter) == width


def _fields_alone(text: str, delimiter: str) -> int:
    """How many fields ``text`` has as a record of its own (0 when it is none)."""
    try:
        return len(next(csv.reader((text,), delimiter=delimiter, strict=True), []))
    except csv.Error:
        return 0


def _too_long(line: int) -> ParseProblem:
    return ParseProblem(
        line,
        f"The record is longer than {MAX_RECORD_CHARS:,} characters, more than any chat"
        " message: it is skipped.",
    )


def _not_utf8(line: int, error: UnicodeDecodeError) -> ParseProblem:
    return ParseProblem(
        line,
        f"The file is not UTF-8 text from here on (byte {error.object[error.start : error.start + 1]!r}"
        " cannot be read): save the export as UTF-8 and import it again.",
    )
