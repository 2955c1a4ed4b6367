"""Cutting a long announcement into parts a robot accepts, losing nothing.

Limits are counted in different units (UTF-8 bytes for WeCom, characters for Slack and
Discord, bytes of the JSON body for Feishu), so every function takes a ``measure``. A
measure must be additive, ``measure(a + b) == measure(a) + measure(b)``, which lets a
part grow line by line without measuring it again; all the measures below are.

Robots are sent parts of the intermediate form (:func:`split_document`): a cut falls
between lines, or inside an over-long line between two characters, never inside a
bold run's markers or an escape, because each part is rendered on its own and a piece
of a bold run is bold again in the next part. :func:`split_text` and
:func:`numbered_parts` cut plain text the same way.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from camp.delivery.markup import Block, Document, Line, Run, line_text

__all__ = [
    "Layout",
    "json_string_bytes",
    "numbered_parts",
    "split_document",
    "split_numbered",
    "split_text",
    "utf8_bytes",
    "utf16_units",
]

Measure = Callable[[str], int]

#: Characters that belong to the one before them: a cut just before one would tear a
#: letter from its accent or an emoji from its variation (skin tones: see ``_clings``).
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")


def utf8_bytes(text: str) -> int:
    """Size of the text in UTF-8 bytes."""
    return len(text.encode("utf-8"))


def utf16_units(text: str) -> int:
    """Length in UTF-16 code units, how JavaScript-based services count characters.

    It is never less than the count of code points, so a limit met in these units is met
    in both.
    """
    return len(text.encode("utf-16-le")) // 2


def json_string_bytes(text: str) -> int:
    """UTF-8 bytes the text takes inside a JSON string (quotes and newlines are escaped)."""
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8")) - 2


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` (by ``measure``), in order.

    ``"".join(parts) == text`` always. Cuts fall after a newline; only a line longer than
    ``limit`` is cut inside, after a space when one is near the end, otherwise between two
    characters (never inside a character, nor before an accent or emoji modifier when
    avoidable). A text within the limit comes back whole, as one part.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if measure(text) <= limit:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in _lines(text):
        width = measure(line)
        if size + width <= limit:
            current.append(line)
            size += width
            continue
        if current:
            parts.append("".join(current))
        if width <= limit:
            current, size = [line], width
            continue
        *full, rest = _cut_line(line, limit, measure)
        parts.extend(full)
        current, size = [rest], measure(rest)
    if current:
        parts.append("".join(current))
    return parts


def numbered_parts(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Split ``text`` to fit ``limit`` and number every part but the first: ``"(2/3)\\n..."``.

    The numbering counts toward the limit, so each returned part (numbering included)
    measures at most ``limit``. Removing the numbering and joining the parts gives
    ``text`` back.
    """
    if measure(text) <= limit:
        return [text]
    # The number of parts is only known after splitting, and it decides the room the
    # numbering takes: reserve room for d digits and split again if that was too little.
    digits = 1
    while True:
        reserve = measure(_numbering(10**digits - 1, 10**digits - 1))
        parts = split_text(text, limit - reserve, measure)
        if len(str(len(parts))) <= digits:
            break
        digits += 1
    total = len(parts)
    return [part if i == 1 else _numbering(i, total) + part for i, part in enumerate(parts, 1)]


def _numbering(index: int, total: int) -> str:
    return f"({index}/{total})\n"


def _lines(text: str) -> list[str]:
    """Lines with their ``\\n`` kept (only ``\\n``: other separators are not cut points)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _cut_line(line: str, limit: int, measure: Measure) -> list[str]:
    """Cut one over-long line into pieces of at most ``limit``."""
    pieces: list[str] = []
    start = 0
    size = 0
    last_space = -1
    i = 0
    while i < len(line):
        width = measure(line[i])
        if width > limit:
            raise ValueError(f"limit {limit} is smaller than one character ({line[i]!r})")
        if size + width <= limit:
            if line[i] == " ":
                last_space = i
            size += width
            i += 1
            continue
        cut = i
        # After a space in the second half of the piece reads better than mid-word.
        if last_space >= start and (last_space + 1 - start) * 2 >= i - start:
            cut = last_space + 1
        else:
            while cut - 1 > start and _clings(line, cut):
                cut -= 1
        pieces.append(line[start:cut])
        start = cut
        size = measure(line[start:i])
        last_space = -1
    pieces.append(line[start:])
    return pieces


def _clings(line: str, at: int) -> bool:
    """Whether ``line[at]`` must stay with the character before it."""
    char = line[at]
    return (
        char in _JOINERS
        or unicodedata.combining(char) != 0
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin-tone modifiers
        or line[at - 1] == "\u200d"
        or (line[at - 1] == "\r" and char == "\n")
    )


# --------------------------------------------------------------------------- documents


class Layout(Protocol):
    """How much room the parts of a document take once a platform renders them.

    A part's size is the sum of its lines' sizes and of the separators between them
    (``break_size`` between two lines of a block, ``gap_size`` between two blocks), so
    a part grows line by line without being rendered again.
    """

    def line_size(self, block: Block, line: Line, marker: bool) -> int:
        """One line of ``block``; ``marker``: it shows the block's bullet or number."""
        ...

    def break_size(self) -> int: ...

    def gap_size(self, before: Block, after: Block) -> int: ...


def split_document(document: Document, room: int, layout: Layout) -> list[Document]:
    """Cut ``document`` into parts that each measure at most ``room`` under ``layout``.

    Lines stay whole and in order; a block that does not fit is carried on in the next
    part (``continued``). Only a line longer than ``room`` is cut inside, after a space
    when one is near the end, otherwise between two characters (never before an accent
    or an emoji modifier when avoidable); its first piece keeps the bullet. The runs of
    all parts, in order, hold exactly the characters of ``document``.
    """
    packer = _Packer(room, layout)
    for block in document:
        packer.add_block(block)
    return packer.finish()


def split_numbered(
    document: Document, room_for: Callable[[int], int], layout: Layout
) -> list[Document]:
    """:func:`split_document` with room kept for numbering every part but the first.

    ``room_for(digits)`` is the room a part has when its number (and the total) takes
    ``digits`` digits, ``room_for(0)`` when the document is one part, unnumbered.
    """
    parts = split_document(document, room_for(0), layout)
    if len(parts) <= 1:
        return parts
    digits = 1
    while True:
        parts = split_document(document, room_for(digits), layout)
        if len(str(len(parts))) <= digits:
            return parts
        digits += 1


class _Packer:
    """Fills parts line by line (see :func:`split_document`)."""

    def __init__(self, room: int, layout: Layout) -> None:
        if room < 1:
            raise ValueError(f"room must be at least 1, not {room}")
        self.room = room
        self.layout = layout
        self.parts: list[Document] = []
        self.blocks: list[Block] = []  # the current part's finished blocks
        self.lines: list[Line] = []  # lines of the block being filled
        self.source: Block | None = None  # the block of the document they come from
        self.placed = False  # some of ``source`` is already in a part
        self.continued = False  # the block being filled carries on an earlier one
        self.size = 0

    def add_block(self, block: Block) -> None:
        self._close_block()
        self.source = block
        self.placed = False
        for index, line in enumerate(block.lines):
            self._add_line(line, marker=index == 0 and not block.continued)

    def finish(self) -> list[Document]:
        self._close_part()
        return self.parts

    def _add_line(self, line: Line, marker: bool) -> None:
        assert self.source is not None
        cost = self.layout.line_size(self.source, line, marker)
        if self.size + self._separator() + cost <= self.room:
            self._place(line, cost)
            return
        self._close_part()
        if cost <= self.room:
            self._place(line, cost)
            return
        for number, piece in enumerate(self._cut(line, marker)):
            if number:
                self._close_part()
            self._place(piece, self.layout.line_size(self.source, piece, marker and not number))

    def _separator(self) -> int:
        if self.lines:
            return self.layout.break_size()
        if self.blocks:
            assert self.source is not None
            return self.layout.gap_size(self.blocks[-1], self.source)
        return 0

    def _place(self, line: Line, cost: int) -> None:
        assert self.source is not None
        separator = self._separator()
        if not self.lines:
            self.continued = self.source.continued or self.placed
        self.lines.append(line)
        self.size += separator + cost
        self.placed = True

    def _close_block(self) -> None:
        if self.lines and self.source is not None:
            self.blocks.append(
                replace(self.source, lines=tuple(self.lines), continued=self.continued)
            )
        self.lines = []

    def _close_part(self) -> None:
        self._close_block()
        if self.blocks:
            self.parts.append(tuple(self.blocks))
        self.blocks = []
        self.size = 0

    def _cut(self, line: Line, marker: bool) -> list[Line]:
        """Pieces of an over-long line, each fitting an empty part."""
        assert self.source is not None
        source = self.source

        def fits(piece: Line, with_marker: bool) -> bool:
            return self.layout.line_size(source, piece, with_marker) <= self.room

        pieces: list[Line] = []
        rest = line
        first = marker
        while not fits(rest, first):
            text = line_text(rest)
            # Every character takes at least one unit, so no more than ``room`` fit.
            low, high = 0, min(len(text), self.room)
            while low < high:
                middle = (low + high + 1) // 2
                if fits(_runs_before(rest, middle), first):
                    low = middle
                else:
                    high = middle - 1
            if low == 0:
                raise ValueError(
                    f"room {self.room} is smaller than one character ({text[:1]!r}) with its markup"
                )
            cut = _cut_point(text, low)
            if cut != low and not fits(_runs_before(rest, cut), first):
                cut = low  # a nicer cut that does not fit after all (escapes at its start)
            pieces.append(_runs_before(rest, cut))
            rest = _runs_after(rest, cut)
            first = False
        pieces.append(rest)
        return pieces


def _cut_point(text: str, fitting: int) -> int:
    """Where to cut ``text`` when its first ``fitting`` characters fit."""
    space = text.rfind(" ", 0, fitting)
    # After a space in the second half of the piece reads better than mid-word.
    if space >= 0 and (space + 1) * 2 >= fitting:
        return space + 1
    cut = fitting
    while cut - 1 > 0 and _clings(text, cut):
        cut -= 1
    return cut


def _runs_before(runs: Line, at: int) -> Line:
    out: list[Run] = []
    for run in runs:
        if at <= 0:
            break
        out.append(Run(run.text[:at], run.bold, run.italic) if len(run.text) > at else run)
        at -= len(run.text)
    return tuple(out)


def _runs_after(runs: Line, at: int) -> Line:
    out: list[Run] = []
    for run in runs:
        if at >= len(run.text):
            at -= len(run.text)
            continue
        out.append(Run(run.text[at:], run.bold, run.italic) if at else run)
        at = 0
    return tuple(out)
