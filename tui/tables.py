"""The tabs' tables: a DataTable that never draws a cell narrower than its column, and
helpers for refilling one."""

from __future__ import annotations

from collections.abc import Iterable

from textual.geometry import Offset
from textual.widgets import DataTable

__all__ = ["Table", "keep_scroll"]


class Table(DataTable):
    """A DataTable whose cells are drawn again whenever a column's width changes.

    DataTable measures new rows on its next idle moment and caches each cell as drawn,
    keyed without its width. A table refilled with its columns (the check-ins grid on a
    new day, a board switched between members and pairs) can be painted before that
    moment, with every column as wide as its heading; when the measured table then
    has the size it had before, nothing else invalidates those cells, and names stay
    cut ("Alic") until the next change. Here a width that changed always does.
    """

    def _column_widths(self) -> list[int]:
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        widths.append(self._label_column.get_render_width(self))
        return widths

    def _update_column_widths(self, updated_cells: set) -> None:
        before = self._column_widths()
        super()._update_column_widths(updated_cells)
        self._redraw_if_wider_or_narrower(before)

    def _update_dimensions(self, new_rows: Iterable) -> None:
        before = self._column_widths()
        super()._update_dimensions(new_rows)
        self._redraw_if_wider_or_narrower(before)

    def _redraw_if_wider_or_narrower(self, before: list[int]) -> None:
        if self._column_widths() != before:
            # The caches of cells, rows and lines are keyed by this count.
            self._update_count += 1
            self.refresh()


def keep_scroll(table: DataTable, offset: Offset) -> None:
    """Scroll ``table`` back to ``offset`` once it has measured the rows it was refilled
    with (clearing a table scrolls it to the top: a live refresh would otherwise move
    the rows under the operator's eyes)."""
    table.call_after_refresh(table.scroll_to, offset.x, offset.y, animate=False)
