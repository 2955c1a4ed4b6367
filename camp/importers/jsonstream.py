"""Streaming the elements of JSON arrays out of a large export, one at a time.

Telegram's ``result.json`` and DiscordChatExporter's JSON hold every message in a
``"messages": [...]`` array; reading them whole would take memory in proportion to the
chat. This decodes one element at a time from a buffer refilled in chunks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any, cast

from camp.importers.base import MAX_RECORD_CHARS, open_text

__all__ = ["stream_array_objects"]

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


def stream_array_objects(path: Path, key: str) -> Iterator[tuple[int, Any]]:
    """Yield ``(line, value)`` for each element of every ``"<key>": [...]`` array.

    ``value`` is the decoded element, or a ``str`` saying why the element could not be
    decoded (the reader then skips to the element's end and goes on). Only the arrays'
    elements are decoded; everything else in the file is scanned past, so memory stays
    bounded by the chunk size and the largest single element.
    """
    with open_text(path) as handle:
        yield from _ArrayStream(handle, key)


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
        self.refill()
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
