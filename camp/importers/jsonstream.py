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

__all__ = ["stream_array_objects"]

# Big enough that refills are rare, small enough to keep memory flat.
_CHUNK = 1 << 20
# A message object larger than this is treated as broken rather than buffered on.
_MAX_OBJECT = 64 << 20
# How close to the end of the buffer a decode error must be to mean "truncated here".
_TRUNCATION_MARGIN = 16

_SKIP_SEPARATORS = re.compile(r"[ \t\r\n,]*")
_ARRAY_OPENING_TEMPLATE = r'"{key}"[ \t\r\n]*:[ \t\r\n]*\['
# Strings (with their escapes) and brackets: enough to find where a broken object ends.
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|"|[{}\[\]]', re.DOTALL)
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
    with open(path, encoding="utf-8-sig", newline="") as handle:
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
                if truncated and len(buffer) - pos < _MAX_OBJECT and self.refill():
                    buffer, pos, counted = self.buffer, self.pos, self.pos
                    continue
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

        An object or array is skipped by matching its brackets (strings are stepped over
        whole); anything else up to the next separator.
        """
        if self.buffer[self.pos] not in "{[":
            while True:
                found = _NEXT_ELEMENT.search(self.buffer, self.pos + 1)
                if found is not None:
                    self.advance(found.start())
                    return True
                if not self.refill():
                    self.advance(len(self.buffer))
                    return False
        depth = 0
        scan = self.pos
        while True:
            cut_string = False
            for token in _STRUCTURE.finditer(self.buffer, scan):
                symbol = token.group()
                if symbol == '"':
                    # A string cut by the end of the buffer: rescan it with more data.
                    scan = token.start()
                    cut_string = True
                    break
                scan = token.end()
                if symbol in "{[":
                    depth += 1
                elif symbol in "}]":
                    depth -= 1
                    if depth == 0:
                        self.advance(scan)
                        return True
            if not cut_string:
                scan = len(self.buffer)
            consumed = scan - self.pos
            if not self.refill():
                self.advance(len(self.buffer))
                return False
            scan = self.pos + consumed
