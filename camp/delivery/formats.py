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

Real mentions (a reminder's missing members) are never made from the text: the robot
checks each member's platform id and writes its mention syntax, and
:func:`markdown_parts_mentioning` / :func:`post_parts_mentioning` put them as one line
at the end of the first part, or in parts of their own at the end when they do not fit
there, saying which part mentions whom (DingTalk's ``at`` and Discord's
``allowed_mentions`` go with that part).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from camp.delivery.markup import Block, Document, Line, Run, merge_runs
from camp.delivery.splitting import (
    Layout,
    Measure,
    split_document,
    split_numbered,
    utf8_bytes,
    utf16_units,
)

__all__ = [
    "DINGTALK",
    "DISCORD",
    "POST_LAYOUT",
    "SLACK",
    "WECOM",
    "MarkdownFlavour",
    "PostLayout",
    "markdown_parts",
    "markdown_parts_mentioning",
    "post_lines",
    "post_parts",
    "post_parts_mentioning",
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
    room = _markdown_room(flavour, limit, keywords)
    documents = split_numbered(document, room, flavour)
    bodies = [render_markdown(part, flavour) for part in documents]
    return _markdown_texts(bodies, flavour, keywords)


def markdown_parts_mentioning(
    document: Document,
    flavour: MarkdownFlavour,
    limit: int,
    keywords: Sequence[str] = (),
    mentions: Sequence[tuple[str, str]] = (),
    *,
    per_part: int | None = None,
) -> list[tuple[str, tuple[str, ...]]]:
    """:func:`markdown_parts` with a line of mentions; each part with the handles it mentions.

    ``mentions`` are ``(handle, written)`` pairs, ``written`` being the platform's own
    syntax (``"<@U024BE7LH>"``), put in the text as it is: only the robot, which has
    checked the handle, writes it. The line (mentions separated by spaces, at most
    ``per_part``) ends the first part, after a blank line, when that takes no more
    parts than the text alone; otherwise the mentions go in parts of their own after
    the text's, as many as their size and ``per_part`` need, numbered with the others.
    Every part still fits ``limit`` and carries a keyword.
    """
    measure = flavour.measure
    room = _markdown_room(flavour, limit, keywords)
    documents = split_numbered(document, room, flavour)
    if not mentions:
        bodies = [render_markdown(part, flavour) for part in documents]
        return [(text, ()) for text in _markdown_texts(bodies, flavour, keywords)]
    handles = tuple(handle for handle, _ in mentions)
    if documents and (per_part is None or len(mentions) <= per_part):
        tail = "\n\n" + " ".join(written for _, written in mentions)
        for parts in _with_room_for(document, documents, room, measure(tail), flavour):
            bodies = [render_markdown(part, flavour) for part in parts]
            texts = _markdown_texts([bodies[0] + tail, *bodies[1:]], flavour, keywords)
            # The first part is never numbered: its text is all there is to measure.
            if measure(texts[0]) <= limit:
                return [(texts[0], handles), *((text, ()) for text in texts[1:])]
    space = measure(" ")
    # The numbering counts the parts of the mentions too, and the room it leaves decides
    # how many parts there are: reserve room for d digits and split again if too little.
    digits = 1
    while True:
        groups = _groups(
            mentions, lambda m: measure(m[1]), space, 0, room(digits), per_part, "mention"
        )
        documents = split_document(document, room(digits), flavour)
        if len(str(len(documents) + len(groups))) <= digits:
            break
        digits += 1
    bodies = [render_markdown(part, flavour) for part in documents]
    bodies += [" ".join(written for _, written in group) for group in groups]
    mentioned = [()] * len(documents) + [tuple(handle for handle, _ in g) for g in groups]
    return list(zip(_markdown_texts(bodies, flavour, keywords), mentioned, strict=True))


def _with_room_for(
    document: Document,
    parts: list[Document],
    room: Callable[[int], int],
    cost: int,
    layout: Layout,
) -> Iterator[list[Document]]:
    """``parts`` (the document as split), then the document split with ``cost`` kept
    free in every part, when that takes no more parts: the two splits a first part
    can end with a line of mentions in."""
    yield parts
    if room(1) - cost < 1:
        return
    try:
        spared = split_numbered(document, lambda digits: room(digits) - cost, layout)
    except ValueError:
        return  # too little room left beside the mentions for a character of the text
    if len(spared) <= len(parts):
        yield spared


def _markdown_tag(keywords: Sequence[str]) -> str:
    return "\n\n" + keywords[0] if keywords else ""


def _markdown_room(
    flavour: MarkdownFlavour, limit: int, keywords: Sequence[str]
) -> Callable[[int], int]:
    """The room a part's body has when part numbers take ``digits`` digits (0: no number)."""
    measure = flavour.measure
    tag = _markdown_tag(keywords)

    def room(digits: int) -> int:
        widest = 10**digits - 1
        numbering = measure(_numbering(widest, widest) + flavour.line_break) if digits else 0
        return limit - numbering - measure(tag)

    if keywords and room(1) < 1:
        raise ValueError(f"the keyword {keywords[0]!r} leaves no room for the announcement")
    return room


def _markdown_texts(
    bodies: Sequence[str], flavour: MarkdownFlavour, keywords: Sequence[str]
) -> list[str]:
    """The bodies as sent: numbered but for the first, each with a keyword."""
    tag = _markdown_tag(keywords)
    total = len(bodies)
    texts = []
    for number, body in enumerate(bodies, start=1):
        text = body
        if number > 1:
            text = _numbering(number, total) + flavour.line_break + text
        if keywords and not any(word in text for word in keywords):
            text += tag
        texts.append(text)
    return texts


_Item = TypeVar("_Item")


def _groups(
    items: Sequence[_Item],
    cost: Callable[[_Item], int],
    separator: int,
    overhead: int,
    room: int,
    per_part: int | None,
    what: str,
) -> list[list[_Item]]:
    """``items`` in order, in as few groups as fit ``room`` each, at most ``per_part``.

    A group measures ``overhead`` plus its items' costs plus ``separator`` between two.
    """
    groups: list[list[_Item]] = []
    current: list[_Item] = []
    size = overhead
    for item in items:
        width = cost(item)
        full = per_part is not None and len(current) >= per_part
        if current and (full or size + separator + width > room):
            groups.append(current)
            current, size = [], overhead
        if not current and overhead + width > room:
            raise ValueError(f"the keyword leaves no room for a {what}")
        size += (separator if current else 0) + width
        current.append(item)
    if current:
        groups.append(current)
    return groups


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
    room = _post_room(room_for, keywords)
    return [
        _post_tagged(post_lines(part), keywords)
        for part in split_numbered(document, room, POST_LAYOUT)
    ]


def post_parts_mentioning(
    document: Document,
    room_for: Callable[[int], int],
    keywords: Sequence[str] = (),
    handles: Sequence[str] = (),
) -> list[tuple[list[PostLine], tuple[str, ...]]]:
    """:func:`post_parts` with a line of ``at`` elements; each post with the ids it mentions.

    ``handles`` are ids the robot has checked (an ``open_id`` such as ``"ou_…"`` or a
    ``user_id``; never ``"all"``). Their line ends the first post, after an empty line,
    when that takes no more posts than the text alone; otherwise they go in posts of
    their own after the text's.
    """
    room = _post_room(room_for, keywords)
    documents = split_numbered(document, room, POST_LAYOUT)
    if not handles:
        return [(_post_tagged(post_lines(part), keywords), ()) for part in documents]
    tail = [_empty_line(), _at_line(handles)]
    cost = sum(_json_bytes(line) + 1 for line in tail)  # as PostLayout counts lines
    splits = _with_room_for(document, documents, room, cost, POST_LAYOUT) if documents else []
    for parts in splits:
        first = _post_tagged([*post_lines(parts[0]), *tail], keywords)
        # The first post's title is never numbered: room_for(0) is its room.
        if _json_bytes(first) <= room_for(0):
            rest = [(_post_tagged(post_lines(part), keywords), ()) for part in parts[1:]]
            return [(first, tuple(handles)), *rest]
    space = _json_bytes({"tag": "text", "text": " "}) + 2  # and the commas around it
    digits = 1
    while True:
        # A line as PostLayout counts it: its brackets and the comma after it.
        groups = _groups(handles, _at_bytes, space, 3, room(digits), None, "mention")
        documents = split_document(document, room(digits), POST_LAYOUT)
        if len(str(len(documents) + len(groups))) <= digits:
            break
        digits += 1
    contents: list[tuple[list[PostLine], tuple[str, ...]]] = [
        (_post_tagged(post_lines(part), keywords), ()) for part in documents
    ]
    contents += [(_post_tagged([_at_line(group)], keywords), tuple(group)) for group in groups]
    return contents


def _at_line(handles: Sequence[str]) -> PostLine:
    """One line of ``at`` elements (Feishu shows each as the member's name), spaced."""
    line: PostLine = []
    for handle in handles:
        if line:
            line.append({"tag": "text", "text": " "})
        line.append({"tag": "at", "user_id": handle})
    return line


def _at_bytes(handle: str) -> int:
    return _json_bytes({"tag": "at", "user_id": handle})


def _post_tag(keywords: Sequence[str]) -> PostLine:
    return [{"tag": "text", "text": keywords[0]}] if keywords else []


def _post_room(room_for: Callable[[int], int], keywords: Sequence[str]) -> Callable[[int], int]:
    """The room of a post's lines once a keyword line is reserved."""
    tag = _post_tag(keywords)
    reserve = _json_bytes(tag) + 1 if tag else 0

    def room(digits: int) -> int:
        return room_for(digits) - reserve

    if keywords and room(1) < 1:
        raise ValueError(f"the keyword {keywords[0]!r} leaves no room for the announcement")
    return room


def _post_tagged(lines: list[PostLine], keywords: Sequence[str]) -> list[PostLine]:
    """``lines``, with a last line of the first keyword when their text has none."""
    tag = _post_tag(keywords)
    texts = [str(element.get("text", "")) for line in lines for element in line]
    if tag and not any(word in text for text in texts for word in keywords):
        lines.append(list(tag))
    return lines
