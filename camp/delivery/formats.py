"""Each robot's own format, written from the intermediate form of :mod:`camp.delivery.markup`.

The runs of the intermediate form hold literal characters (a member's ``**x**`` or
``<!channel>`` is text there), so every renderer writes each character so that the
platform shows it and never reads it as markup or as a mention:

- WeCom ``markdown`` (bold, ``#`` headings, ``>`` quotes, ``<font>``, ``<@userid>``
  mentions, `` `code` ``, ``[links](…)``; no escape is documented, and underscores are
  taken as markup too): those characters become their full-width look-alikes
  (``*`` -> ``＊``, ``<`` -> ``＜``, ``#`` and ``>`` at the start of a line, an ``&``
  that starts an entity ...). No lists, so items get a ``•``.
- DingTalk ``markdown`` (Markdown with HTML inside, ``<font>`` works): backslash escapes
  of Markdown's characters, ``&amp;`` ``&lt;`` ``&gt;`` for ``&`` ``<`` ``>`` (so no tag
  or entity is ever formed); a single newline does not break a line there, so line
  breaks are two trailing spaces.
- Slack mrkdwn: ``*bold*``, ``_italic_``; ``&``, ``<``, ``>`` sent as ``&amp;``
  ``&lt;`` ``&gt;`` everywhere (so ``<!channel>`` or ``<@U…>`` is inert); mrkdwn has no
  escape for ``* _ ~ ` ``, so a zero-width space on each side keeps them from pairing.
- Discord Markdown: backslash escapes, as the announcement's text itself has them;
  pings are off by ``allowed_mentions`` in the payload.
- Feishu/Lark ``post``: lines of ``text`` elements with a ``style``; a text element is
  shown as written, so nothing needs escaping (and ``<at …>`` in one is just text).

Splitting happens on the intermediate form (:func:`camp.delivery.splitting.split_document`),
so a part never ends inside a bold run's markers or an escape. A channel's keywords
(custom-keyword security) are checked in each part as the robot receives it, and the
first is added as a last line when a part has none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from camp.delivery.markup import Block, Document, Line, Run, merge_runs
from camp.delivery.splitting import Measure, split_numbered, utf8_bytes, utf16_units

__all__ = [
    "DINGTALK",
    "DISCORD",
    "POST_LAYOUT",
    "SLACK",
    "WECOM",
    "MarkdownFlavour",
    "PostLayout",
    "markdown_parts",
    "post_lines",
    "post_parts",
    "render_markdown",
]

#: An ``&`` that starts an entity (``&lt;``): kept from being read, so it shows as typed.
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
#: Digits and the ``.`` or ``)`` after them at the start of a line: an ordered list.
_NUMBERED = re.compile(r"\d{1,9}(?=[.)])")
_ZWSP = "\u200b"


@dataclass(frozen=True)
class Escapes:
    """How literal text is written so that a platform shows it as it is.

    ``always`` maps a character wherever it stands; ``line_start`` maps the first
    non-space character of a line; ``numbered`` escapes with a backslash the ``.`` or
    ``)`` of digits that begin a line; ``heading`` maps characters in a ``#`` heading;
    ``entity`` replaces an ``&`` that would start an entity (``&lt;``).
    """

    always: Mapping[str, str]
    line_start: Mapping[str, str] = field(default_factory=dict)
    numbered: bool = False
    heading: Mapping[str, str] = field(default_factory=dict)
    entity: str | None = None

    def __call__(self, text: str, *, line_start: bool = False, heading: bool = False) -> str:
        first = len(text) - len(text.lstrip()) if line_start else -1
        delimiter = -1
        if line_start and self.numbered:
            match = _NUMBERED.match(text, first)
            if match:
                delimiter = match.end()
        out: list[str] = []
        for i, char in enumerate(text):
            if i == first and char in self.line_start:
                out.append(self.line_start[char])
            elif i == delimiter:
                out.append("\\" + char)
            elif heading and char in self.heading:
                out.append(self.heading[char])
            elif char == "&" and self.entity is not None and _ENTITY_START.match(text, i):
                out.append(self.entity)
            else:
                out.append(self.always.get(char, char))
        return "".join(out)


def _backslashed(chars: str) -> dict[str, str]:
    return {char: "\\" + char for char in chars}


@dataclass(frozen=True)
class MarkdownFlavour:
    """How one robot writes the intermediate form as Markdown-like text.

    ``bold`` and ``italic`` are the markers on both sides (``italic = ""``: the platform
    has none, italic text goes plain); ``heading_levels`` is the deepest heading written
    with ``#`` (deeper ones, or all when it is 0, become a bold line);
    ``tight_lists_only``: only two list items are ever kept on consecutive lines.

    It is also the :class:`~camp.delivery.splitting.Layout` of its texts.
    """

    name: str
    measure: Measure
    escapes: Escapes
    line_break: str
    bold: str
    italic: str
    bullet: str
    heading_levels: int
    tight_lists_only: bool = False

    def line(self, block: Block, line: Line, marker: bool) -> str:
        """One line of ``block``, with its bullet or number when ``marker``."""
        if block.kind == "heading":
            if block.level <= self.heading_levels:
                return "#" * block.level + " " + self._inline(line, hashes=True)
            return self._inline(tuple(Run(r.text, True, r.italic) for r in line))
        if block.kind != "item":
            return self._inline(line)
        mark = f"{block.number}. " if block.number is not None else self.bullet
        indent = "  " * block.level + (mark if marker else " " * len(mark))
        return indent + self._inline(line)

    def gap(self, before: Block, after: Block) -> str:
        """What separates two blocks: a newline where the text had no blank line, else a
        blank line (with ``tight_lists_only``, a newline only between two list items)."""
        if not after.tight:
            return "\n\n"
        if self.tight_lists_only and not before.kind == after.kind == "item":
            return "\n\n"
        return "\n"

    def line_size(self, block: Block, line: Line, marker: bool) -> int:
        return self.measure(self.line(block, line, marker))

    def break_size(self) -> int:
        return self.measure(self.line_break)

    def gap_size(self, before: Block, after: Block) -> int:
        return self.measure(self.gap(before, after))

    def _inline(self, line: Line, *, hashes: bool = False) -> str:
        out: list[str] = []
        at_start = True
        for run in merge_runs(line):
            core = run.text.strip()
            if not core:
                out.append(run.text)
                continue
            # Markers hug the text: "** x**" is no bold anywhere, so edge spaces go outside.
            lead = run.text[: len(run.text) - len(run.text.lstrip())]
            trail = run.text[len(run.text.rstrip()) :]
            bold = self.bold if run.bold else ""
            italic = self.italic if run.italic else ""
            opening, closing = bold + italic, italic + bold  # Slack: *_x_*
            written = self.escapes(core, line_start=at_start and not opening, heading=hashes)
            out.append(lead + opening + written + closing + trail)
            at_start = False
        return "".join(out)


WECOM = MarkdownFlavour(
    name="WeCom",
    measure=utf8_bytes,
    escapes=Escapes(
        always={
            "*": "＊",
            "_": "＿",
            "`": "｀",
            "<": "＜",
            "[": "［",
            "]": "］",
        },
        line_start={"#": "＃", ">": "＞"},
        heading={"#": "＃"},
        entity="＆",
    ),
    line_break="\n",
    bold="**",
    italic="",
    bullet="• ",
    heading_levels=6,
)

DINGTALK = MarkdownFlavour(
    name="DingTalk",
    measure=utf8_bytes,
    escapes=Escapes(
        always={**_backslashed("\\*_`[]"), "&": "&amp;", "<": "&lt;", ">": "&gt;"},
        line_start=_backslashed("#-+"),
        numbered=True,
        heading=_backslashed("#"),
    ),
    # A single newline does not break a line in DingTalk; two trailing spaces do. A list
    # or heading right under a paragraph's line gets a blank line before it too.
    line_break="  \n",
    bold="**",
    italic="*",
    bullet="- ",
    heading_levels=6,
    tight_lists_only=True,
)

SLACK = MarkdownFlavour(
    name="Slack",
    measure=utf16_units,
    escapes=Escapes(
        always={
            "&": "&amp;",
            "<": "&lt;",
            ">": "&gt;",
            **{char: _ZWSP + char + _ZWSP for char in "*_~`"},
        },
    ),
    line_break="\n",
    bold="*",
    italic="_",
    bullet="• ",
    heading_levels=0,
)

DISCORD = MarkdownFlavour(
    name="Discord",
    measure=utf16_units,
    escapes=Escapes(
        always=_backslashed("\\*_`~|<>[]"),
        line_start=_backslashed("#-+="),
        numbered=True,
        heading=_backslashed("#"),
    ),
    line_break="\n",
    bold="**",
    italic="*",
    bullet="- ",
    heading_levels=3,
)


def render_markdown(document: Document, flavour: MarkdownFlavour) -> str:
    """The whole document in ``flavour``, as one text."""
    out: list[str] = []
    previous: Block | None = None
    for block in document:
        if previous is not None:
            out.append(flavour.gap(previous, block))
        first = not block.continued
        out.append(
            flavour.line_break.join(
                flavour.line(block, line, marker=first and i == 0)
                for i, line in enumerate(block.lines)
            )
        )
        previous = block
    return "".join(out)


def _numbering(index: int, total: int) -> str:
    return f"({index}/{total})"


def markdown_parts(
    document: Document, flavour: MarkdownFlavour, limit: int, keywords: Sequence[str] = ()
) -> list[str]:
    """The document as texts of at most ``limit`` (by the flavour's measure), in order.

    Every part but the first starts with its number (``(2/3)`` on a line of its own).
    With ``keywords``, a part that contains none of them ends with the first one, on a
    line of its own and as written (the robot looks for it in the text it receives).
    """
    measure = flavour.measure
    tag = "\n\n" + keywords[0] if keywords else ""

    def room(digits: int) -> int:
        widest = 10**digits - 1
        numbering = measure(_numbering(widest, widest) + flavour.line_break) if digits else 0
        return limit - numbering - measure(tag)

    if keywords and room(1) < 1:
        raise ValueError(f"the keyword {keywords[0]!r} leaves no room for the announcement")
    documents = split_numbered(document, room, flavour)
    total = len(documents)
    texts = []
    for number, part in enumerate(documents, start=1):
        text = render_markdown(part, flavour)
        if number > 1:
            text = _numbering(number, total) + flavour.line_break + text
        if keywords and not any(word in text for word in keywords):
            text += tag
        texts.append(text)
    return texts


# --------------------------------------------------------------------------- Feishu post

PostElement = dict[str, object]
PostLine = list[PostElement]


def _json_bytes(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _post_line(block: Block, line: Line, marker: bool) -> PostLine:
    elements: PostLine = []
    if block.kind == "item":
        mark = f"{block.number}. " if block.number is not None else "• "
        elements.append(
            {"tag": "text", "text": "  " * block.level + (mark if marker else " " * len(mark))}
        )
    for run in merge_runs(line):
        style = [
            name
            for name, on in (("bold", run.bold or block.kind == "heading"), ("italic", run.italic))
            if on
        ]
        element: PostElement = {"tag": "text", "text": run.text}
        if style:
            element["style"] = style
        elements.append(element)
    return elements or _empty_line()


def _empty_line() -> PostLine:
    return [{"tag": "text", "text": ""}]


def _post_gap(after: Block) -> bool:
    """Whether an empty line separates ``after`` from the block before it."""
    return not after.tight


def post_lines(document: Document) -> list[PostLine]:
    """The document as the ``content`` of a Feishu/Lark ``post``: one list of elements a
    line, an empty line between blocks."""
    lines: list[PostLine] = []
    for index, block in enumerate(document):
        if index and _post_gap(block):
            lines.append(_empty_line())
        for i, line in enumerate(block.lines):
            lines.append(_post_line(block, line, marker=i == 0 and not block.continued))
    return lines


class PostLayout:
    """The :class:`~camp.delivery.splitting.Layout` of a post's lines, in bytes of JSON.

    Each line is counted with the comma after it: one byte too many in all, never short.
    """

    def line_size(self, block: Block, line: Line, marker: bool) -> int:
        return _json_bytes(_post_line(block, line, marker)) + 1

    def break_size(self) -> int:
        return 0

    def gap_size(self, before: Block, after: Block) -> int:
        return _json_bytes(_empty_line()) + 1 if _post_gap(after) else 0


POST_LAYOUT = PostLayout()


def post_parts(
    document: Document, room_for: Callable[[int], int], keywords: Sequence[str] = ()
) -> list[list[PostLine]]:
    """The ``content`` of each post the document needs, in order.

    ``room_for(digits)`` is the room, in bytes of JSON, the lines of a post have when
    the part number in its title takes ``digits`` digits (0: one post, no number). With
    ``keywords``, a post whose text elements contain none of them ends with a line of
    the first.
    """
    tag: PostLine = [{"tag": "text", "text": keywords[0]}] if keywords else []
    reserve = _json_bytes(tag) + 1 if tag else 0

    def room(digits: int) -> int:
        return room_for(digits) - reserve

    if keywords and room(1) < 1:
        raise ValueError(f"the keyword {keywords[0]!r} leaves no room for the announcement")
    contents = []
    for part in split_numbered(document, room, POST_LAYOUT):
        lines = post_lines(part)
        texts = [str(element.get("text", "")) for line in lines for element in line]
        if tag and not any(word in text for text in texts for word in keywords):
            lines.append(list(tag))
        contents.append(lines)
    return contents
