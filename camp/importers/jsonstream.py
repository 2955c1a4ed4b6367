"""Streaming the elements of JSON arrays out of a large export, one at a time.

Telegram's ``result.json`` and DiscordChatExporter's JSON hold every message in a
``"messages": [...]`` array; reading them whole would take memory in proportion to the
chat. This decodes one element at a time from a buffer refilled in chunks.

Given the fields its reader reads (a ``TypedDict``), a UTF-8 export is read faster:
many elements at a time by msgspec, which builds only those fields
(:class:`_FastElements`). Where that cannot be done exactly (an element of another
shape, malformed JSON, a layout whose elements cannot be told apart without parsing
them), the rest of the file is read one element at a time as above.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Generator, Iterator
from itertools import accumulate, repeat
from operator import add
from pathlib import Path
from typing import IO, Any, cast

import msgspec

from camp.importers.base import DECODE_ERRORS, MAX_RECORD_CHARS, open_text, text_encoding

__all__ = ["stream_array_batches", "stream_array_objects"]

# Big enough that refills are rare, small enough to keep memory flat.
_CHUNK = 1 << 20
# A message object larger than this is skipped rather than buffered on: its text alone
# would be several times the cap on one message.
_MAX_OBJECT = 8 * MAX_RECORD_CHARS
# How close to the end of the buffer a decode error must be to mean "truncated here".
_TRUNCATION_MARGIN = 16

_SKIP_SEPARATORS = re.compile(r"[ \t\r\n,]*")
_ARRAY_OPENING_TEMPLATE = r'"{key}"[ \t\r\n]*:[ \t\r\n]*\['
# Enough to find where a broken object ends: brackets and quotes outside strings.
_BRACKET_OR_QUOTE = re.compile(r'["{}\[\]]')
# Where the element after a broken bare value begins (or the array ends).
_NEXT_ELEMENT = re.compile(r"[,\]{]")

#: ``scan_once(text, pos)`` is ``(value, end)`` of the JSON value at ``pos``.
_Scanner = Callable[[str, int], tuple[Any, int]]


def stream_array_objects(
    path: Path, key: str, fields: type | None = None
) -> Iterator[tuple[int, Any]]:
    """Yield ``(line, value)`` for each element of every ``"<key>": [...]`` array.

    ``value`` is the decoded element, or a ``str`` saying why the element could not be
    decoded (the reader then skips to the element's end and goes on). Only the arrays'
    elements are decoded; everything else in the file is scanned past, so memory stays
    bounded by the chunk size and the largest single element.

    ``fields``, a ``TypedDict`` of every key the reader reads (nested ones for nested
    objects), lets an element that is an object be decoded with those keys alone.
    """
    for batch in stream_array_batches(path, key, fields):
        yield from batch


def stream_array_batches(
    path: Path, key: str, fields: type | None = None
) -> Iterator[list[tuple[int, Any]]]:
    """:func:`stream_array_objects`'s elements, in lists of many (a loop over a list
    costs less than a generator's step for each element)."""
    resume: tuple[int, int, bool] | None = (0, 1, False)
    if fields is not None and _fast_path_fits(path):
        resume = yield from _FastElements(path, key, fields)
    if resume is None:
        return
    offset, line, inside = resume
    with open_text(path) if offset == 0 else _text_from(path, offset) as handle:
        stream = _ArrayStream(handle, key)
        stream.line = line
        batch: list[tuple[int, Any]] = []
        for element in stream.elements_from(inside):
            batch.append(element)
            if len(batch) >= _SLOW_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


#: Elements read one at a time that are handed on together.
_SLOW_BATCH = 1000


def _fast_path_fits(path: Path) -> bool:
    """Whether the export reads as bytes the way :func:`open_text` reads it as text:
    UTF-8 (strictly: damaged bytes are replaced by the slow path), and lines that end
    in LF or CRLF (not in CR alone, which open_text turns into line breaks)."""
    if DECODE_ERRORS.get() != "strict" or text_encoding(path) != "utf-8-sig":
        return False
    with open(path, "rb") as handle:
        start = handle.read(1 << 16)
    return not (b"\n" not in start and b"\r" in start[:-1])


def _text_from(path: Path, offset: int) -> IO[str]:
    """The export as text from the byte ``offset`` on (the start of an element)."""
    raw = open(path, "rb")  # noqa: SIM115 - closed with the wrapper
    raw.seek(offset)
    return io.TextIOWrapper(raw, encoding="utf-8", errors=DECODE_ERRORS.get(), newline="")


#: Bytes the fast path decodes at once (more when one element is larger).
_FAST_CHUNK = 1 << 18
#: How far into the file the fast path looks for the array (a Telegram export of a
#: whole account has its chats' arrays further on: the slow path finds them).
_OPENING_WITHIN = 1 << 20
_BLANK = re.compile(rb"[ \t\r\n]*")


def _after_blanks(buffer: bytes, pos: int) -> int:
    """Where the blanks at ``pos`` end (the pattern matches the empty string too)."""
    return cast("re.Match[bytes]", _BLANK.match(buffer, pos)).end()


class _FastElements:
    """The elements of the first ``"<key>": [...]`` array, many at a time.

    The bytes between the first two elements (``},\n    {`` in an indented export) are
    what stands between any two: in an indented file they hold a line break, which no
    string holds and no nested object has at that indentation. A chunk of the array is
    cut where they occur, decoded by msgspec as one array, and its elements' lines
    counted from the pieces between those bytes. A chunk that does not decode, or whose
    elements do not match the pieces one for one, is where the slow path takes over
    (the generator's return value: byte offset, line and whether it is inside the
    array; ``None`` when the whole file was read).
    """

    def __init__(self, path: Path, key: str, fields: type) -> None:
        self.path = path
        self.opening = re.compile(_ARRAY_OPENING_TEMPLATE.format(key=re.escape(key)).encode())
        self.decode = msgspec.json.Decoder(list[fields]).decode  # type: ignore[valid-type]

    def __iter__(
        self,
    ) -> Generator[list[tuple[int, Any]], None, tuple[int, int, bool] | None]:
        with open(self.path, "rb") as handle:
            return (yield from self._elements(handle))

    def _elements(
        self, handle: IO[bytes]
    ) -> Generator[list[tuple[int, Any]], None, tuple[int, int, bool] | None]:
        buffer = handle.read(max(_FAST_CHUNK, _OPENING_WITHIN))
        found = self.opening.search(buffer)
        if found is None:
            return 0, 1, False  # the opening is further on (or absent): read slowly
        first = _after_blanks(buffer, found.end())
        line = 1 + buffer.count(b"\n", 0, first)
        separator = _separator(buffer, first)
        if separator is None:
            return first, line, True
        offset = 0  # of buffer[0] in the file
        pos = first  # the start of the next element, in buffer
        between, decode = separator.count(b"\n"), self.decode
        eof = False
        while True:
            cut = buffer.find(separator, pos + _FAST_CHUNK // 2)
            if cut < 0:
                if eof or len(buffer) - pos > _MAX_OBJECT:
                    # The last elements (or a huge one): read slowly, problems and all.
                    return offset + pos, line, True
                more = handle.read(_FAST_CHUNK)
                eof = not more
                buffer, offset, pos = buffer[pos:] + more, offset + pos, 0
                continue
            chunk = buffer[pos : cut + 1]
            pieces = chunk.split(separator)
            try:
                values = decode(b"[" + chunk + b"]")
            except (msgspec.DecodeError, msgspec.ValidationError):
                return offset + pos, line, True
            if len(values) != len(pieces):
                return offset + pos, line, True
            # Each element's line: the one before's, plus its lines and the separator's.
            starts = list(
                accumulate(
                    map(add, map(bytes.count, pieces, repeat(b"\n")), repeat(between)),
                    initial=line,
                )
            )
            yield list(zip(starts[:-1], values, strict=True))
            line = starts[-1]
            pos = cut + len(separator) - 1  # the next element's "{"


def _separator(buffer: bytes, first: int) -> bytes | None:
    """The bytes from the end of the element at ``first`` to the start of the next
    (``}`` to ``{``), when both are objects and the first is in ``buffer`` whole and
    they hold a line break; else ``None``."""
    if buffer[first : first + 1] != b"{":
        return None
    try:
        text = buffer[first : first + _OPENING_WITHIN].decode("utf-8", "ignore")
        _, end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return None
    end_byte = first + len(text[:end].encode("utf-8"))
    after = _after_blanks(buffer, end_byte)
    if buffer[after : after + 1] != b",":
        return None
    start = _after_blanks(buffer, after + 1)
    separator = buffer[end_byte - 1 : start + 1]
    if buffer[start : start + 1] != b"{" or b"\n" not in separator:
        return None
    return separator


class _ArrayStream:
    """A sliding window over a JSON text: ``buffer[pos:]`` is what is not read yet."""

    def __init__(self, handle: Any, key: str) -> None:
        self.handle = handle
        self.opening = re.compile(_ARRAY_OPENING_TEMPLATE.format(key=re.escape(key)))
        # The decoder's scanner without raw_decode's wrapper: one call per message.
        # typeshed leaves out scan_once (JSONDecoder sets it in __init__, undocumented).
        self.scan_once: _Scanner = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
        self.buffer = ""
        self.pos = 0
        self.line = 1  # the line number at ``pos``
        self.eof = False

    def refill(self) -> bool:
        """Drop what was consumed and append a chunk; False once the file is exhausted."""
        if self.eof:
            return False
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def advance(self, end: int) -> None:
        self.line += self.buffer.count("\n", self.pos, end)
        self.pos = end

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        return self.elements_from(False)

    def elements_from(self, inside: bool) -> Iterator[tuple[int, Any]]:
        """The elements of every array from here on; ``inside``: here is inside one."""
        self.refill()
        if inside and not (yield from self._elements()):
            return
        while True:
            found = self.opening.search(self.buffer, self.pos)
            if found is None:
                # Keep a tail in case the opening straddles two chunks.
                self.advance(max(self.pos, len(self.buffer) - 64))
                if not self.refill():
                    return
                continue
            self.advance(found.end())
            array_closed = yield from self._elements()
            if not array_closed:
                return

    def _elements(self) -> Generator[tuple[int, Any], None, bool]:
        """Yield the current array's elements; False when the file ends inside it."""
        # The hot loop works on locals and writes them back before any method call.
        scan_once = self.scan_once
        # The pattern matches the empty string: match() never returns None.
        skip = cast("Callable[[str, int], re.Match[str]]", _SKIP_SEPARATORS.match)
        buffer, pos, line = self.buffer, self.pos, self.line
        counted = pos  # ``line`` is the line number at ``counted``
        while True:
            pos = skip(buffer, pos).end()
            line += buffer.count("\n", counted, pos)
            counted = pos
            if len(buffer) - pos < _TRUNCATION_MARGIN:
                self.pos, self.line = pos, line
                if self.refill():
                    buffer, pos, counted = self.buffer, self.pos, self.pos
                    continue
                if pos >= len(buffer):
                    yield line, "The export ends before the messages array is closed."
                    return False
            if buffer[pos] == "]":
                self.pos, self.line = pos, line
                self.advance(pos + 1)
                return True
            try:
                value, end = scan_once(buffer, pos)
            except (StopIteration, json.JSONDecodeError) as error:
                if isinstance(error, StopIteration):
                    message, at = "Expecting value", error.value
                else:
                    message, at = error.msg, error.pos
                self.pos, self.line = pos, line
                truncated = message.startswith("Unterminated string") or (
                    at >= len(buffer) - _TRUNCATION_MARGIN
                )
                too_big = len(buffer) - pos >= _MAX_OBJECT
                if truncated and not too_big and self.refill():
                    buffer, pos, counted = self.buffer, self.pos, self.pos
                    continue
                if too_big:
                    yield (
                        line,
                        (
                            f"The message is larger than {_MAX_OBJECT >> 20} MB, more than any "
                            "chat message: it was skipped."
                        ),
                    )
                else:
                    yield line, f"The message could not be decoded as JSON ({message})."
                if not self._skip_broken_element():
                    return False
                buffer, pos, line = self.buffer, self.pos, self.line
                counted = pos
                continue
            yield line, value
            pos = end

    def _skip_broken_element(self) -> bool:
        """Move past a malformed element; False when the file ends first.

        An object or array is skipped by matching its brackets (strings are stepped over,
        escapes and all); anything else up to the next separator. What is skipped is
        dropped as it is passed, so even a broken element of gigabytes takes no more
        memory than a chunk.
        """
        if self.buffer[self.pos] not in "{[":
            scan = self.pos + 1
            while True:
                found = _NEXT_ELEMENT.search(self.buffer, scan)
                if found is not None:
                    self.advance(found.start())
                    return True
                self.advance(len(self.buffer))
                if not self.refill():
                    return False
                scan = self.pos
        depth = 0
        in_string = False
        scan = self.pos
        while True:
            buffer = self.buffer
            while scan < len(buffer):
                if in_string:
                    quote = buffer.find('"', scan)
                    if quote < 0:
                        # The string goes on past the buffer; a run of backslashes at its
                        # end may hold a cut escape, so it is kept for the next chunk.
                        scan = len(buffer.rstrip("\\"))
                        break
                    escapes = quote
                    while escapes > scan and buffer[escapes - 1] == "\\":
                        escapes -= 1
                    # An odd run of backslashes escapes the quote: the string goes on.
                    in_string = (quote - escapes) % 2 == 1
                    scan = quote + 1
                    continue
                token = _BRACKET_OR_QUOTE.search(buffer, scan)
                if token is None:
                    scan = len(buffer)
                    break
                symbol, scan = token.group(), token.end()
                if symbol == '"':
                    in_string = True
                elif symbol in "{[":
                    depth += 1
                else:
                    depth -= 1
                    if depth == 0:
                        self.advance(scan)
                        return True
            self.advance(scan)
            if not self.refill():
                self.advance(len(self.buffer))
                return False
            scan = self.pos
