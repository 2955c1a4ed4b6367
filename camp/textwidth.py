"""Display width of text in terminals and chats: CJK and emoji take two columns."""

from __future__ import annotations

__all__ = ["display_width", "pad"]


def display_width(text: str) -> int:
    """Columns the text takes in a terminal or chat (CJK and emoji count two)."""
    if text.isascii() and text.isprintable():
        return len(text)  # one column each: what wcswidth says, without asking it
    # Imported here: wcwidth takes 30-80 ms to import, which a command printing only
    # ASCII names (a whole board of them) need not pay.
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to a display width, counting wide characters as two columns."""
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill
