"""Display width of text in terminals and chats: CJK and emoji take two columns."""

from __future__ import annotations

from wcwidth import wcswidth

__all__ = ["display_width", "pad"]


def display_width(text: str) -> int:
    """Columns the text takes in a terminal or chat (CJK and emoji count two)."""
    if text.isascii() and text.isprintable():
        return len(text)  # one column each: what wcswidth says, without asking it
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to a display width, counting wide characters as two columns."""
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill
