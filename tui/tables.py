"""Helpers for the tabs' tables."""

from __future__ import annotations

from textual.geometry import Offset
from textual.widgets import DataTable

__all__ = ["keep_scroll"]


def keep_scroll(table: DataTable, offset: Offset) -> None:
    """Scroll ``table`` back to ``offset`` once it has measured the rows it was refilled
    with (clearing a table scrolls it to the top: a live refresh would otherwise move
    the rows under the operator's eyes)."""
    table.call_after_refresh(table.scroll_to, offset.x, offset.y, animate=False)
