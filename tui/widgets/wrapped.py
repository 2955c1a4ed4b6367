"""Text that wraps like Chinese is read: between any two characters, not only at spaces.

Rich and Textual wrap at spaces, so "写一个 15 秒短视频脚本：分镜…" breaks after "15" and
leaves half a line empty. :func:`wrap_text` breaks between wide characters too, keeps
closing punctuation (，。）…) off the start of a line and opening punctuation (（「…)
off its end, and counts CJK as two columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from camp.textwidth import display_width

__all__ = ["WrappedText", "wrap_text"]

#: Never at the start of a line: they close what stands before them.
CLOSING = set("，。、；：？！）」』》】〉〕”’…—·,.;:?!)]}%")
#: Never at the end of a line: they open what follows.
OPENING = set("（「『《【〈〔“‘([{")


@dataclass
class _Unit:
    text: str
    space_before: bool


def _units(paragraph: str) -> list[_Unit]:
    """Pieces no line break may cut: a run of narrow letters, or one wide character."""
    units: list[_Unit] = []
    word = ""
    space = False

    def add(text: str) -> None:
        nonlocal space
        previous = units[-1] if units else None
        if (
            previous is not None
            and not space
            and (text[0] in CLOSING or previous.text[-1] in OPENING)
        ):
            previous.text += text
        else:
            units.append(_Unit(text, space))
        space = False

    for ch in paragraph:
        if ch.isspace():
            if word:
                add(word)
                word = ""
            space = True
        elif display_width(ch) > 1 or ch in CLOSING or ch in OPENING:
            if word:
                add(word)
                word = ""
            add(ch)
        else:
            word += ch
    if word:
        add(word)
    return units


def _split_long(text: str, width: int) -> list[str]:
    """A piece wider than the line, cut at the last character that fits."""
    pieces, piece, used = [], "", 0
    for ch in text:
        w = display_width(ch)
        if piece and used + w > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    if piece:
        pieces.append(piece)
    return pieces


def wrap_text(text: str, width: int) -> list[str]:
    """The lines of ``text`` at most ``width`` columns wide (its own newlines kept)."""
    if width < 1:
        return text.split("\n")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for unit in _units(paragraph):
            gap = 1 if unit.space_before and line else 0
            w = display_width(unit.text)
            if used + gap + w <= width:
                line += " " * gap + unit.text
                used += gap + w
                continue
            if line:
                lines.append(line)
            line, used = "", 0
            for piece in _split_long(unit.text, width):
                if line:
                    lines.append(line)
                line, used = piece, display_width(piece)
        lines.append(line)
    return lines


class WrappedText(Widget):
    """A block of text wrapped by :func:`wrap_text` to the widget's width."""

    DEFAULT_CSS = """
    WrappedText {
        height: auto;
    }
    """

    text: reactive[str] = reactive("", layout=True)

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = text

    def render(self) -> Text:
        return Text("\n".join(wrap_text(self.text, self.content_size.width)), no_wrap=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(wrap_text(self.text, width)) if self.text else 0
