"""The Leaderboard tab: members, pairs or teams as of any day, paged from the standings
service; export, copy for the chat, and the camp report."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.reactive import var
from textual.widgets import DataTable, RadioButton, RadioSet, Static

from camp import clock
from camp.errors import CampError
from camp.scoring import Standing
from camp.services.exports import leaderboard_document
from camp.services.standings import standings_as_of
from tui.data import LeaderboardPage, load_leaderboard
from tui.messages import (
    ChatTextRendered,
    ExportFailed,
    LeaderboardExported,
    LeaderboardLoaded,
    LoadFailed,
)
from tui.screens.export import (
    AsOfDayScreen,
    ChatTextScreen,
    ExportChoice,
    ExportScreen,
    notify_export,
    write_export,
)
from tui.screens.report import ReportScreen
from tui.typed_app import camp_app
from tui.workers import ShowsSlowLoads, still_loading

__all__ = ["COPY_TOP", "PAGE_SIZE", "LeaderboardView", "board_summary"]

#: Rows fetched per page; the next page is fetched when the cursor nears the end.
PAGE_SIZE = 200
#: How close to the last loaded row the cursor gets before the next page is fetched.
PREFETCH_MARGIN = 20
#: Entries in the text copied for the group chat (the rest is summed up in one line).
COPY_TOP = 20
#: Beyond this many changed rows a refresh rebuilds the table instead of patching cells.
PATCH_LIMIT = 300

COLUMNS = (
    ("#", "rank"),
    ("Name", "name"),
    ("Points", "points"),
    ("On time", "on_time"),
    ("Late", "late"),
    ("Makeup", "makeup"),
    ("Streak", "streak"),
    ("Best", "best_streak"),
)
BY_LABELS = {"member": "members", "pair": "pairs", "team": "teams"}


def board_summary(page: LeaderboardPage, shown: int) -> str:
    """``6 members · as of day 5 of 7 · live, today's windows still open · showing 6``."""
    if page.as_of_day < 1:
        when = "before day 1"
    else:
        when = f"as of day {page.as_of_day} of {page.days}"
        if page.status in ("finished", "archived") and page.as_of_day == page.days:
            when += " · final"
        elif page.day is None and page.status == "running":
            when += " · live"
            if page.still_open:
                when += ", today's windows still open"
        elif page.day is not None:
            when += " · ] later, [ earlier, d any day"
    return f"{page.total:,} {BY_LABELS[page.by]} · {when} · showing {shown:,}"


class LeaderboardView(ShowsSlowLoads, Vertical):
    """The standings of one camp; ``by`` picks members, pairs or teams, ``day`` the as-of
    day (``None`` follows the camp's current day)."""

    LOAD_GROUPS = frozenset({"leaderboard"})
    LOADING_TARGET = "#board"

    # "[" and "]" are on the help screen and in the summary line of an earlier day: the
    # footer keeps its room for Quit, Help and Theme.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "step_day(-1)", "Earlier day", key_display="[", show=False),
        Binding("right_square_bracket", "step_day(1)", "Later day", key_display="]", show=False),
        Binding("d", "choose_day", "Day…"),
        Binding("e", "export", "Export"),
        Binding("c", "copy_text", "Copy"),
        Binding("g", "report", "Report"),
    ]

    by: var[str] = var("member", init=False)
    day: var[int | None] = var(None, init=False)

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.group: str | None = None
        self.page: LeaderboardPage | None = None  # the last page read, for its figures
        self._entries: list[Standing] = []
        self._mvp: frozenset[str] = frozenset()
        self._total = 0
        self._requested: int | None = None  # offset of the further page asked for last

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-bar"):
            with RadioSet(id="board-by"):
                yield RadioButton("Members", value=True, id="by-member")
                yield RadioButton("Pairs", id="by-pair")
                yield RadioButton("Teams", id="by-team")
            yield Static(id="board-summary")
        yield DataTable(id="board", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#board", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        # Pair and team buttons appear once the camp's group mode is known.
        self.query_one("#by-pair").display = False
        self.query_one("#by-team").display = False

    # ---------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read again as many rows as are loaded (at least one page), from the top."""
        self._fetch(self.by, self.day, 0, max(len(self._entries), PAGE_SIZE))

    @work(thread=True, exclusive=True, group="leaderboard")
    def _fetch(self, by: str, day: int | None, offset: int, count: int) -> None:
        try:
            with camp_app(self).database() as db:
                page = load_leaderboard(
                    db, self.slug, clock.now(), by=by, count=count, offset=offset, day=day
                )
        except CampError as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(LeaderboardLoaded(page))

    def show_by(self, by: str) -> bool:
        """Switch to ``by`` (member, pair or team); False when the camp has no such groups."""
        if by != "member" and by != self.group:
            return False
        self.query_one(f"#by-{by}", RadioButton).value = True
        return True

    def show_day(self, day: int | None) -> None:
        """Show the standings as of the end of ``day`` (``None``: today, live)."""
        self.day = day

    @on(RadioSet.Changed, "#board-by")
    def _by_changed(self, event: RadioSet.Changed) -> None:
        self.by = (event.pressed.id or "by-member").removeprefix("by-")

    def watch_by(self, by: str) -> None:
        self._fetch(by, self.day, 0, PAGE_SIZE)

    def watch_day(self, day: int | None) -> None:
        # The same rows stay loaded: the cursor keeps its place for a day-to-day comparison.
        self._fetch(self.by, day, 0, max(len(self._entries), PAGE_SIZE))

    @on(LeaderboardLoaded)
    def _loaded(self, message: LeaderboardLoaded) -> None:
        message.stop()
        page = message.page
        if page.by != self.by or page.day != self.day:
            return  # a late answer for the previous choice
        if page.offset == 0:
            self._replace(page)
        elif page.offset == len(self._entries):
            self._append(page)
        else:
            return  # a further page of rows read again since
        self._apply_group(page.group)
        self.page = page
        self._total = page.total
        self.query_one("#board-summary", Static).update(board_summary(page, len(self._entries)))

    def _apply_group(self, group: str) -> None:
        if group == self.group:
            return
        self.group = group
        self.query_one("#by-pair").display = group == "pair"
        self.query_one("#by-team").display = group == "team"

    # ---------------------------------------------------------------- table

    def _row(self, entry: Standing) -> list:
        mvp = entry.name in self._mvp
        name = Text(("👑 " if mvp else "   ") + entry.name, style="bold" if mvp else "")
        return [
            Text(str(entry.rank), justify="right"),
            name,
            Text(str(entry.points), justify="right", style="bold" if mvp else ""),
            Text(str(entry.on_time), justify="right"),
            Text(str(entry.late), justify="right"),
            Text(str(entry.makeup), justify="right"),
            Text(f"🔥{entry.streak}" if entry.streak > 1 else str(entry.streak), justify="right"),
            Text(str(entry.best_streak), justify="right"),
        ]

    def _add_rows(self, table: DataTable, entries: list[Standing] | tuple, start: int) -> None:
        for index, entry in enumerate(entries, start=start):
            table.add_row(*self._row(entry), key=str(index))

    def _append(self, page: LeaderboardPage) -> None:
        """A further page: appended, so the cursor and the scroll stay put."""
        table = self.query_one("#board", DataTable)
        self._mvp |= page.mvp
        self._add_rows(table, page.entries, len(self._entries))
        self._entries.extend(page.entries)

    def _replace(self, page: LeaderboardPage) -> None:
        """The rows from the top read again: only the rows that changed are redrawn."""
        table = self.query_one("#board", DataTable)
        old, new = self._entries, list(page.entries)
        old_mvp, self._mvp = self._mvp, page.mvp
        common = min(len(old), len(new))
        changed = [
            i
            for i in range(common)
            if old[i] != new[i] or (old[i].name in old_mvp) != (new[i].name in page.mvp)
        ]
        self._entries = new
        self._requested = None
        if table.row_count != len(old) or len(changed) > PATCH_LIMIT:
            cursor = table.cursor_row
            table.clear()
            self._add_rows(table, new, 0)
            if new:
                table.move_cursor(row=min(cursor, len(new) - 1), animate=False)
            return
        for i in changed:
            for column, value in enumerate(self._row(new[i])):
                # A longer name (a pair, a member renamed) widens its column.
                table.update_cell_at(Coordinate(i, column), value, update_width=True)
        if len(new) > len(old):
            self._add_rows(table, new[len(old) :], len(old))
        for i in range(len(new), len(old)):
            table.remove_row(str(i))

    @on(DataTable.RowHighlighted, "#board")
    def _maybe_next_page(self, event: DataTable.RowHighlighted) -> None:
        loaded = len(self._entries)
        if loaded >= self._total or event.cursor_row < loaded - PREFETCH_MARGIN:
            return
        if self._requested == loaded and still_loading(self, "leaderboard"):
            return  # asked for already
        self._requested = loaded
        self._fetch(self.by, self.day, loaded, PAGE_SIZE)

    # ---------------------------------------------------------------- as of any day

    def action_step_day(self, step: int) -> None:
        page = self.page
        if page is None:
            return
        if page.as_of_day < 1:
            self.notify("The camp has not started: no day to show yet.", markup=False)
            return
        if step > 0 and self.day is None:
            self.notify("These are today's standings already; [ steps back.", markup=False)
            return
        wanted = page.as_of_day + step
        if wanted < 1:
            self.notify("Day 1 is the first day.", markup=False)
            return
        self.day = None if wanted >= page.current_day else wanted

    def action_choose_day(self) -> None:
        page = self.page
        if page is None or page.days < 1:
            return

        def chosen(day: int | None) -> None:
            if day is not None:
                self.day = None if day == 0 or day == page.current_day else day

        self.app.push_screen(AsOfDayScreen(page.days, self.day or 0), chosen)

    # ---------------------------------------------------------------- export and copy

    def action_export(self) -> None:
        as_of = self.page.as_of_day if self.page else 0

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self._export(choice)

        self.app.push_screen(
            ExportScreen(self.slug, by=self.by, day=self.day, as_of_day=as_of, total=self._total),
            chosen,
        )

    @work(thread=True, group="leaderboard-export")
    def _export(self, choice: ExportChoice) -> None:
        self.post_message(write_export(camp_app(self).database, choice, clock.now()))

    @on(LeaderboardExported)
    @on(ExportFailed)
    def _exported(self, message: LeaderboardExported | ExportFailed) -> None:
        message.stop()
        notify_export(self.app, message)

    def action_copy_text(self) -> None:
        self._render_chat_text(self.by, self.day)

    @work(thread=True, exclusive=True, group="leaderboard-copy")
    def _render_chat_text(self, by: str, day: int | None) -> None:
        try:
            with camp_app(self).database() as db:
                now = clock.now()
                board = standings_as_of(db, self.slug, now=now, by=by, day=day, top=COPY_TOP)
                text = leaderboard_document(db, board, "text", now=now)
        except CampError as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(ChatTextRendered(text, len(board.entries), board.total_entries))

    @on(ChatTextRendered)
    def _copy(self, message: ChatTextRendered) -> None:
        message.stop()
        self.app.copy_to_clipboard(message.text)
        top = f"the top {message.shown}" if message.shown < message.total else "every entry"
        self.app.push_screen(
            ChatTextScreen(
                message.text,
                f"Copied {top} to the clipboard (where the terminal allows it); "
                "select the text below if your terminal does not.",
            )
        )
        self.notify(
            f"Copied {top} as chat text to the clipboard.", title="Leaderboard", markup=False
        )

    # ---------------------------------------------------------------- report

    def action_report(self) -> None:
        self.app.push_screen(ReportScreen(self.slug, day=self.day))
