"""The Check-ins tab: members × days, with makeups and point adjustments."""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from camp import clock
from camp.errors import CampError
from camp.services.checkins import adjust_points, record_checkin
from tui.data import CheckinGrid, GridRow, load_checkin_grid
from tui.messages import ChangeRefused, CheckinGridLoaded, CheckinsChanged, LoadFailed
from tui.screens.adjust import AdjustPointsScreen

__all__ = ["ROWS_SHOWN", "CheckinsView", "day_mark"]

#: Rows in the table at once; "[" and "]" page through the rest of a big camp.
ROWS_SHOWN = 200
COUNTED, MISSED = "✓", "·"


def day_mark(row: GridRow, day: int, grid: CheckinGrid) -> str:
    """✓ counted, · missed (a closed day without a counted check-in), blank otherwise."""
    if row.mask >> (day - 1) & 1:
        return COUNTED
    return MISSED if day <= grid.closed_through else ""


class CheckinsView(Vertical):
    """Every member's counted days in a camp; the grid is reloaded when the tab is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "makeup", "Approve makeup"),
        Binding("b", "adjust", "Bonus/penalty"),
        Binding("right_square_bracket", "page(1)", "Next rows", key_display="]"),
        Binding("left_square_bracket", "page(-1)", "Previous rows", key_display="["),
    ]

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.grid: CheckinGrid | None = None
        self._matching: tuple[GridRow, ...] = ()
        self._offset = 0
        self._shown: tuple[GridRow, ...] = ()

    def compose(self) -> ComposeResult:
        with Horizontal(id="grid-bar"):
            yield Input(placeholder="filter by name", id="grid-filter")
            yield Static(id="grid-summary")
        yield DataTable(id="grid", cursor_type="cell", zebra_stripes=True)

    def on_show(self) -> None:
        self.reload()

    # ---------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="checkin-grid")
    def reload(self) -> None:
        """Read the grid again (in a worker: a big camp takes a moment)."""
        try:
            with self.app.database() as db:
                grid = load_checkin_grid(db, self.slug, clock.now())
        except (CampError, sqlite3.Error) as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(CheckinGridLoaded(grid))

    @on(CheckinGridLoaded)
    def _loaded(self, message: CheckinGridLoaded) -> None:
        message.stop()
        rebuild = self.grid is None or (self.grid.days, self.grid.today) != (
            message.grid.days,
            message.grid.today,
        )
        self.grid = message.grid
        if rebuild:
            self._build_columns()
        self._apply_filter(keep_offset=True)

    def _build_columns(self) -> None:
        table = self.query_one("#grid", DataTable)
        table.clear(columns=True)
        table.add_column("Name", key="name")
        table.add_column("Pts", key="points")
        assert self.grid is not None
        for day in range(1, self.grid.days + 1):
            label = f"[{day}]" if day == self.grid.today else f" {day} "
            table.add_column(
                Text(label, style="bold reverse" if day == self.grid.today else ""),
                key=f"day-{day}",
            )

    # ---------------------------------------------------------------- rows

    @on(Input.Changed, "#grid-filter")
    def _filter_changed(self) -> None:
        self._apply_filter(keep_offset=False)

    @on(Input.Submitted, "#grid-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#grid", DataTable).focus()

    def _apply_filter(self, *, keep_offset: bool) -> None:
        if self.grid is None:
            return
        needle = self.query_one("#grid-filter", Input).value.strip().casefold()
        rows = self.grid.rows
        self._matching = tuple(r for r in rows if needle in r.name.casefold()) if needle else rows
        if not keep_offset or self._offset >= len(self._matching):
            self._offset = 0
        self._show_rows()

    def _show_rows(self) -> None:
        grid = self.grid
        assert grid is not None
        table = self.query_one("#grid", DataTable)
        cursor = table.cursor_coordinate
        self._shown = self._matching[self._offset : self._offset + ROWS_SHOWN]
        table.clear()
        for row in self._shown:
            cells: list = [row.name, Text(str(row.points), justify="right")]
            for day in range(1, grid.days + 1):
                mark = day_mark(row, day, grid)
                style = "green" if mark == COUNTED else "dim"
                cells.append(Text(mark, style=style, justify="center"))
            table.add_row(*cells, key=row.name)
        if self._shown:
            table.cursor_coordinate = table.validate_cursor_coordinate(cursor)
        end = self._offset + len(self._shown)
        first = self._offset + 1 if self._shown else 0
        pages = " · [ ] for more" if len(self._matching) > ROWS_SHOWN else ""
        self.query_one("#grid-summary", Static).update(
            f"{first}–{end} of {len(self._matching)} members{pages} · "
            f"{COUNTED} counted  {MISSED} missed · k makeup · b bonus/penalty"
        )

    def action_page(self, step: int) -> None:
        offset = self._offset + step * ROWS_SHOWN
        if 0 <= offset < len(self._matching):
            self._offset = offset
            self._show_rows()

    def _highlighted(self) -> tuple[GridRow, int | None] | None:
        """The highlighted member and day (None when the cursor is not on a day)."""
        table = self.query_one("#grid", DataTable)
        if not self._shown or table.row_count == 0:
            return None
        row = self._shown[min(table.cursor_row, len(self._shown) - 1)]
        column = table.cursor_column - 1  # "Name" and "Pts" come before day 1
        grid = self.grid
        day = column if grid is not None and 1 <= column <= grid.days else None
        return row, day

    # ---------------------------------------------------------------- writes

    def action_makeup(self) -> None:
        picked = self._highlighted()
        if picked is None or self.grid is None:
            return
        row, day = picked
        if day is None:
            self.notify("Move the cursor onto a day first.", severity="warning", markup=False)
        elif day_mark(row, day, self.grid) != MISSED:
            self.notify(
                f"{row.name} has not missed day {day}: a makeup is for a missed past day.",
                severity="warning",
                markup=False,
            )
        else:
            self._approve_makeup(row.name, day)

    @work(thread=True, group="checkin-write")
    def _approve_makeup(self, name: str, day: int) -> None:
        try:
            with self.app.database() as db:
                result = record_checkin(
                    db, self.slug, name, now=clock.now(), makeup_day=day, source="tui"
                )
        except (CampError, sqlite3.Error) as exc:
            self.post_message(ChangeRefused("Makeup refused", str(exc)))
        else:
            self.post_message(
                CheckinsChanged(
                    "Makeup approved", f"{result.member}: day {day} counts, +{result.points} points"
                )
            )

    def action_adjust(self) -> None:
        picked = self._highlighted()
        if picked is None:
            return
        name = picked[0].name

        def adjust(answer: tuple[int, str] | None) -> None:
            if answer is not None:
                self._adjust(name, *answer)

        self.app.push_screen(AdjustPointsScreen(name), adjust)

    @work(thread=True, group="checkin-write")
    def _adjust(self, name: str, points: int, reason: str) -> None:
        try:
            with self.app.database() as db:
                done = adjust_points(db, self.slug, name, points, reason=reason, now=clock.now())
        except (CampError, sqlite3.Error) as exc:
            self.post_message(ChangeRefused("Adjustment refused", str(exc)))
        else:
            self.post_message(
                CheckinsChanged(
                    "Points adjusted",
                    f"{done['member']}: {done['points']:+d} points ({done['reason']})",
                )
            )

    @on(CheckinsChanged)
    def _changed(self, message: CheckinsChanged) -> None:
        message.stop()
        self.notify(message.summary, title=message.title, markup=False)
        self.reload()

    @on(ChangeRefused)
    def _refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.notify(message.reason, title=message.title, severity="error", markup=False)
