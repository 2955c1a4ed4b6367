"""The Check-ins tab: members × days, with makeups, voiding and point adjustments."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from camp import clock
from camp.errors import CampError
from camp.services.checkins import GRID_SORTS, adjust_points, record_checkin, void_checkin
from tui.dialogs.adjust import AdjustPointsScreen, VoidCheckinScreen
from tui.messages import (
    ChangeRefused,
)
from tui.tables import Table, keep_scroll
from tui.tabs.checkins_data import (
    CheckinGrid,
    GridRow,
    MemberDay,
    load_checkin_grid,
    load_member_day,
)
from tui.typed_app import camp_app
from tui.workers import ShowsSlowLoads, read_and_post, typing_in_a_field

__all__ = [
    "COUNTED",
    "EXCUSED",
    "LATE",
    "MAKEUP",
    "MISSED",
    "PENDING",
    "ROWS_SHOWN",
    "CheckinsView",
    "day_mark",
]

#: Rows in the table at once; "[" and "]" page through the rest of a big camp.
ROWS_SHOWN = 200
COUNTED, LATE, MAKEUP, MISSED, PENDING = "✓", "L", "M", "✗", "?"
#: An approved leave day (请假): excused, neither counted nor missed.
EXCUSED = "E"
#: A cell's letter and style per day status (an upcoming day stays blank).
MARKS = {
    "on_time": (COUNTED, "bold green"),
    "late": (LATE, "bold yellow"),
    "makeup": (MAKEUP, "bold cyan"),
    "excused": (EXCUSED, "magenta"),
    "missed": (MISSED, "red"),
    "pending": (PENDING, "dim"),
    "upcoming": ("", ""),
}
LEGEND = (
    (COUNTED, "on time"),
    (LATE, "late"),
    (MAKEUP, "makeup"),
    (EXCUSED, "leave"),
    (MISSED, "missed"),
    (PENDING, "today, still open"),
)
STATUS_BY_MARK = {mark: status for status, (mark, _) in MARKS.items()}
#: How the summary line says the order of the rows (sort, descending).
SORT_LABELS = {
    ("name", False): "by name (s sorts, S reverses)",
    ("name", True): "by name, Z to A",
    ("points", False): "by points, most first",
    ("points", True): "by points, fewest first",
    ("makeups", False): "by makeups, most first",
    ("makeups", True): "by makeups, fewest first",
    ("joined", False): "in joining order",
    ("joined", True): "latest joined first",
}


def day_mark(row: GridRow, day: int) -> str:
    """The letter of ``row``'s ``day``: ✓ on time, L late, M makeup, ✗ missed, ? open today."""
    return MARKS[row.days[day - 1]][0]


class CheckinsView(ShowsSlowLoads, Vertical):
    """A page of the camp's members × days; read when the tab is shown and after changes."""

    class MemberDayLoaded(Message):
        """A member's check-ins of one day were read, to pick the one to void."""

        def __init__(self, member_day: MemberDay) -> None:
            super().__init__()
            self.member_day = member_day

    class Changed(Message):
        """A makeup was approved or points were adjusted; ``summary`` tells what."""

        def __init__(self, title: str, summary: str) -> None:
            super().__init__()
            self.title = title
            self.summary = summary

    class GridLoaded(Message):
        """A camp's check-ins per member and day were read from the database."""

        def __init__(self, grid: CheckinGrid) -> None:
            super().__init__()
            self.grid = grid

    LOAD_GROUPS = frozenset({"checkin-grid"})
    LOADING_TARGET = "#grid"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "makeup", "Approve makeup"),
        Binding("x,delete", "void", "Void check-in"),
        Binding("b", "adjust", "Bonus/penalty"),
        Binding("right_square_bracket", "page(1)", "Next rows", key_display="]"),
        Binding("left_square_bracket", "page(-1)", "Previous rows", key_display="["),
        # Over the screen's "/" (the quick check-in) while the grid has the keys.
        Binding("slash", "find", "Find", key_display="/", priority=True, show=False),
        Binding("s", "sort", "Sort", show=False),
        Binding("S", "reverse", "Reverse", show=False),
    ]

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.grid: CheckinGrid | None = None
        self._offset = 0
        self._search = ""
        self._sort = "name"
        self._descending = False
        # Where the page shown was read from: after a key (]), before one ([), or the
        # start (None); a live refresh reads it again from there.
        self._anchor: tuple[str, tuple] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="grid-bar"):
            yield Input(placeholder="filter by name", id="grid-filter")
            yield Static(id="grid-summary")
        yield Table(id="grid", cursor_type="cell", zebra_stripes=True)

    # ---------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read the page shown again (in a worker: the screen never waits)."""
        self._load(self._offset, self._search, self._sort, self._descending, self._anchor)

    @work(thread=True, exclusive=True, group="checkin-grid")
    def _load(
        self,
        offset: int,
        search: str,
        sort: str = "name",
        descending: bool = False,
        anchor: tuple[str, tuple] | None = None,
    ) -> None:
        keys = {} if anchor is None else {anchor[0]: anchor[1]}
        read_and_post(
            self,
            lambda db: load_checkin_grid(
                db,
                self.slug,
                clock.now(),
                offset=offset,
                limit=ROWS_SHOWN,
                search=search,
                sort=sort,
                descending=descending,
                **keys,
            ),
            self.GridLoaded,
        )

    @on(GridLoaded)
    def _loaded(self, message: CheckinsView.GridLoaded) -> None:
        message.stop()
        page = message.grid.page
        if message.grid.search != self._search:
            return  # read for a filter typed over since
        if (page.sort, page.descending) != (self._sort, self._descending):
            return  # read for an order changed since
        if message.grid == self.grid:
            return  # a live refresh that found nothing new: the cursor and scroll stay
        rebuild = self.grid is None or (self.grid.days, self.grid.today) != (
            message.grid.days,
            message.grid.today,
        )
        self.grid = message.grid
        self._offset = message.grid.page.offset
        if rebuild:
            self._build_columns()
        self._show_rows()

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
    def _filter_changed(self, event: Input.Changed) -> None:
        self._search = event.value.strip()
        self._offset = 0
        self._anchor = None
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "find":
            return not typing_in_a_field(self)  # "/" is then a letter of the name
        return True

    def action_find(self) -> None:
        # At once, not after the keys already typed: "/xm" typed fast fills the field.
        self.screen.set_focus(self.query_one("#grid-filter", Input))

    def action_sort(self) -> None:
        self._sort = GRID_SORTS[(GRID_SORTS.index(self._sort) + 1) % len(GRID_SORTS)]
        self._descending = False
        self._from_the_start()

    def action_reverse(self) -> None:
        self._descending = not self._descending
        self._from_the_start()

    def _from_the_start(self) -> None:
        self._offset, self._anchor = 0, None
        table = self.query_one("#grid", DataTable)
        if table.row_count:
            table.move_cursor(row=0, animate=False)
        self.reload()

    @on(Input.Submitted, "#grid-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#grid", DataTable).focus()

    def _show_rows(self) -> None:
        grid = self.grid
        assert grid is not None
        table = self.query_one("#grid", DataTable)
        cursor, scrolled = table.cursor_coordinate, table.scroll_offset
        table.clear()
        for row in grid.rows:
            cells: list = [row.name, Text(str(row.points), justify="right")]
            for status in row.days:
                mark, style = MARKS[status]
                cells.append(Text(mark, style=style, justify="center"))
            table.add_row(*cells, key=row.name)
        if grid.rows:
            table.cursor_coordinate = table.validate_cursor_coordinate(cursor)
            keep_scroll(table, scrolled)
        total, first = grid.page.total, grid.page.offset + 1 if grid.rows else 0
        end = grid.page.offset + len(grid.rows)
        more = " · [ ] for more" if total > ROWS_SHOWN else ""
        order = SORT_LABELS[(grid.page.sort, grid.page.descending)]
        found = f" matching {grid.search!r}" if grid.search else ""
        legend = Text(f"{first}–{end} of {total} members{found} · {order}{more}\n")
        for mark, words in LEGEND:
            legend.append(mark, style=MARKS[STATUS_BY_MARK[mark]][1])
            legend.append(f" {words}  ")
        legend.append("· k makeup · x void · b bonus/penalty", style="dim")
        self.query_one("#grid-summary", Static).update(legend)

    def action_page(self, step: int) -> None:
        grid = self.grid
        if grid is None or not grid.rows:
            return
        page = grid.page
        if step > 0 and page.offset + len(grid.rows) < page.total and page.last_key:
            self._offset = page.offset + len(grid.rows)
            self._anchor = ("after", page.last_key)
        elif step < 0 and page.offset > 0 and page.first_key:
            self._offset = max(0, page.offset - ROWS_SHOWN)
            self._anchor = None if self._offset == 0 else ("before", page.first_key)
        else:
            return
        self.reload()

    def _highlighted(self) -> tuple[GridRow, int | None] | None:
        """The highlighted member and day (None when the cursor is not on a day)."""
        table = self.query_one("#grid", DataTable)
        if self.grid is None or not self.grid.rows or table.row_count == 0:
            return None
        row = self.grid.rows[min(table.cursor_row, len(self.grid.rows) - 1)]
        column = table.cursor_column - 1  # "Name" and "Pts" come before day 1
        day = column if 1 <= column <= self.grid.days else None
        return row, day

    # ---------------------------------------------------------------- writes

    def action_makeup(self) -> None:
        picked = self._highlighted()
        if picked is None:
            return
        row, day = picked
        if day is None:
            self.notify("Move the cursor onto a day first.", severity="warning", markup=False)
        elif row.days[day - 1] != "missed":
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
            with camp_app(self).database() as db:
                result = record_checkin(
                    db, self.slug, name, now=clock.now(), makeup_day=day, source="tui"
                )
        except CampError as exc:
            self.post_message(ChangeRefused("Makeup refused", str(exc)))
        else:
            self.post_message(
                CheckinsView.Changed(
                    "Makeup approved", f"{result.member}: day {day} counts, +{result.points} points"
                )
            )

    def action_void(self) -> None:
        picked = self._highlighted()
        if picked is None:
            return
        row, day = picked
        if day is None:
            self.notify(
                "Move the cursor onto the day of the check-in to void.",
                severity="warning",
                markup=False,
            )
        else:
            self._load_member_day(row.name, day)

    @work(thread=True, exclusive=True, group="checkin-day")
    def _load_member_day(self, name: str, day: int) -> None:
        read_and_post(
            self, lambda db: load_member_day(db, self.slug, name, day), CheckinsView.MemberDayLoaded
        )

    @on(MemberDayLoaded)
    def _member_day_loaded(self, message: CheckinsView.MemberDayLoaded) -> None:
        message.stop()
        found = message.member_day
        if not found.checkins:
            self.notify(
                f"{found.member} has no check-in recorded for day {found.day}; nothing to void.",
                severity="warning",
                markup=False,
            )
            return

        def chosen(answer: tuple[int, str] | None) -> None:
            if answer is not None:
                self._void(*answer)

        self.app.push_screen(
            VoidCheckinScreen(found.member, found.day, list(found.checkins)), chosen
        )

    @work(thread=True, group="checkin-write")
    def _void(self, checkin_id: int, reason: str) -> None:
        try:
            with camp_app(self).database() as db:
                done = void_checkin(db, self.slug, checkin_id, reason=reason, now=clock.now())
        except CampError as exc:
            self.post_message(ChangeRefused("Void refused", str(exc)))
        else:
            summary = f"{done.member}: the check-in of {done.at.format('MM-DD HH:mm')} is void"
            if done.points:
                summary += f", -{done.points} points"
            if done.promoted is not None:
                later = done.promoted
                summary += (
                    f"; the one of {later.at.format('HH:mm')} counts instead "
                    f"({later.status.replace('_', ' ')}, +{later.points})"
                )
            self.post_message(
                CheckinsView.Changed("Check-in voided", f"{summary} ({done.reason}).")
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
            with camp_app(self).database() as db:
                done = adjust_points(db, self.slug, name, points, reason=reason, now=clock.now())
        except CampError as exc:
            self.post_message(ChangeRefused("Adjustment refused", str(exc)))
        else:
            self.post_message(
                CheckinsView.Changed(
                    "Points adjusted",
                    f"{done['member']}: {done['points']:+d} points ({done['reason']})",
                )
            )

    @on(Changed)
    def _changed(self, message: CheckinsView.Changed) -> None:
        message.stop()
        self.notify(message.summary, title=message.title, markup=False)
        self.reload()

    @on(ChangeRefused)
    def _refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.notify(message.reason, title=message.title, severity="error", markup=False)
