"""The one intermediate form every robot's format is rendered from, and its parser.

An announcement's text is Markdown of a small subset, the one the templates in
``templates/messages/`` write: paragraphs separated by blank lines, a single newline
breaking the line, ``**bold**``, ``*italic*``, ``- `` (or ``1.``) list items and ``#``
headings. Values that came from members are inserted with CommonMark backslash escapes,
so ``\\*`` is a literal ``*``. Nothing else is markup here: links, code, HTML, quotes
and tables stay literal text, which each platform's renderer then makes inert.

The form is a tuple of :class:`Block`; a block holds lines, a line holds :class:`Run`
(literal characters in one style). A line break is the boundary between two lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = [
    "Block",
    "BlockKind",
    "Document",
    "Line",
    "Run",
    "line_text",
    "merge_runs",
    "paragraph",
    "parse",
    "plain_text",
]

BlockKind = Literal["paragraph", "heading", "item"]


@dataclass(frozen=True)
class Run:
    """Literal characters in one style; never holds a newline."""

    text: str
    bold: bool = False
    italic: bool = False


Line = tuple[Run, ...]


@dataclass(frozen=True)
class Block:
    """A paragraph, a heading or a list item, as lines of runs.

    ``level`` is a heading's level (1-6) or an item's depth (0 at the top). ``number``
    is an ordered item's number (``None`` for a bullet). ``tight`` marks a block that
    follows the one before it with no blank line between them. ``continued`` marks a
    block that carries
    on one begun earlier (a second paragraph of an item, or the rest of a block cut off at
    the end of the previous part): it shows no bullet or number again.
    """

    kind: BlockKind
    lines: tuple[Line, ...]
    level: int = 0
    number: int | None = None
    tight: bool = False
    continued: bool = False


Document = tuple[Block, ...]

# Only what the subset needs: everything else ("zero" turns it off) is read as text, so a
# "[link](x)", a `code span` or an "<html>" tag in a template stays as written.
_PARSER = MarkdownIt("zero").enable(["heading", "list", "emphasis", "escape", "newline"])


def parse(text: str) -> Document:
    """The blocks of an announcement's Markdown text (see the module's docstring)."""
    return tuple(_Reader().read(_PARSER.parse(text)))


def paragraph(text: str) -> Document:
    """A document of one plain paragraph holding ``text`` as it is (one line per line)."""
    return (Block("paragraph", tuple(merge_runs([Run(line)]) for line in text.split("\n"))),)


def line_text(line: Iterable[Run]) -> str:
    """The characters of a line, without their styles."""
    return "".join(run.text for run in line)


def plain_text(document: Sequence[Block]) -> str:
    """The document's characters: lines joined by a newline, blocks by a blank line (a
    tight block by a newline)."""
    out: list[str] = []
    for i, block in enumerate(document):
        if i:
            out.append("\n" if block.tight else "\n\n")
        out.append("\n".join(line_text(line) for line in block.lines))
    return "".join(out)


def merge_runs(runs: Iterable[Run]) -> Line:
    """The runs with empty ones dropped and neighbours of the same style joined."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)


@dataclass
class _List:
    ordered: bool
    next_number: int


class _Reader:
    """Walks markdown-it's token stream and collects blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lists: list[_List] = []
        # Per open list item: whether a block of it was already written.
        self.item_written: list[bool] = []
        self.heading = 0
        self.start = 0  # the first source line of the block being read
        self.next_end = 0  # the line after it
        self.end: int | None = None  # the line after the previous block

    def read(self, tokens: list[Token]) -> list[Block]:
        for token in tokens:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = token.attrGet("start")
                number = int(start) if isinstance(start, int | str) and str(start).isdigit() else 1
                self.lists.append(_List(kind == "ordered_list_open", number))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item_written.append(False)
                self._begin(token)
            elif kind == "list_item_close":
                if not self.item_written[-1]:
                    self._add(((),))  # an empty item: the bullet alone
                self.item_written.pop()
            elif kind == "heading_open":
                self.heading = int(token.tag[1:])
                self._begin(token)
            elif kind == "heading_close":
                self.heading = 0
            elif kind == "paragraph_open":
                self._begin(token)
            elif kind == "inline":
                self._add(_lines(token.children or []))
        return self.blocks

    def _begin(self, token: Token) -> None:
        if token.map:
            self.start, self.next_end = token.map

    def _add(self, lines: tuple[Line, ...]) -> None:
        tight = self.end is not None and self.start <= self.end
        self.end = self.next_end
        if self.heading:
            self.blocks.append(Block("heading", lines, level=self.heading, tight=tight))
            return
        if not self.item_written:
            self.blocks.append(Block("paragraph", lines, tight=tight))
            return
        level = len(self.lists) - 1
        if self.item_written[-1]:
            # A second paragraph of the same item: under it, without a bullet.
            self.blocks.append(Block("item", lines, level=level, tight=tight, continued=True))
            return
        self.item_written[-1] = True
        current = self.lists[-1]
        number = None
        if current.ordered:
            number = current.next_number
            current.next_number += 1
        self.blocks.append(Block("item", lines, level=level, number=number, tight=tight))


def _lines(children: list[Token]) -> tuple[Line, ...]:
    lines: list[list[Run]] = [[]]
    bold = italic = 0
    for child in children:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            lines.append([])
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        else:
            lines[-1].append(Run(child.content, bold > 0, italic > 0))
    return tuple(merge_runs(line) for line in lines)
