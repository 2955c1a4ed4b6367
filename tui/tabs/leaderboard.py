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
from textual.geometry import Offset
from textual.message import Message
from textual.reactive import var
from textual.widgets import DataTable, Input, RadioButton, RadioSet, Static

from camp import clock
from camp.db import Database
from camp.errors import CampError
from camp.scoring import Standing
from camp.services.exports import leaderboard_document
from camp.services.standings import standings_as_of
from tui.data import LeaderboardPage, load_leaderboard, rank_of
from tui.dialogs.export import (
    AsOfDayScreen,
    ChatTextScreen,
    ExportChoice,
    ExportScreen,
    JumpToRankScreen,
    notify_export,
    write_export,
)
from tui.messages import (
    ExportFailed,
    LeaderboardExported,
    LoadFailed,
)
from tui.tables import Table, keep_scroll
from tui.typed_app import camp_app
from tui.workers import ShowsSlowLoads, read_and_post, still_loading, typing_in_a_field

__all__ = ["COPY_TOP", "PAGE_SIZE", "BoardTable", "LeaderboardView", "board_summary"]

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
#: The column a camp with ``[outcomes]`` adds to its member board, and its words' styles.
OUTCOME_COLUMN = ("Outcome", "outcome")
OUTCOME_STYLES = {
    "perfect": "bold green",
    "passed": "green",
    "failed": "red",
    "pending": "dim",
}


def board_summary(page: LeaderboardPage, shown: int, start: int = 0, board: int = 0) -> str:
    """``6 members · as of day 5 of 7 · live, today's windows still open · showing 6``;
    rows further down say which (``showing 49,901–50,100``); a search says what it
    found (``'wang': 3,353 of 100,000 members``)."""
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
    rows = f"{shown:,}" if start == 0 else f"{start + 1:,}–{start + shown:,}"
    if page.search:
        found = f"{page.search!r}: {page.total:,} of {board:,} {BY_LABELS[page.by]}"
        return f"{found} · {when} · showing {rows} · Enter: show on the board"
    return f"{page.total:,} {BY_LABELS[page.by]} · {when} · showing {rows}"


class BoardTable(Table):
    """The board's table: Home and End go to the top and the bottom of the whole board,
    not only of the rows read so far."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "edge('top')", "Top of the board", show=False),
        Binding("end", "edge('bottom')", "Bottom of the board", show=False),
    ]

    class EdgeWanted(Message):
        """Home or End: the top (``top``) or the bottom of the whole board is wanted."""

        def __init__(self, top: bool) -> None:
            super().__init__()
            self.top = top

    def action_edge(self, edge: str) -> None:
        self.post_message(self.EdgeWanted(edge == "top"))


class LeaderboardView(ShowsSlowLoads, Vertical):
    """The standings of one camp; ``by`` picks members, pairs or teams, ``day`` the as-of
    day (``None`` follows the camp's current day).

    The table holds a window of the board (rows ``start + 1`` on), read a page at a
    time: further pages are read after the last row as the cursor nears the end, or
    before the first one near the top, and a jump (to a name, a rank, the top or the
    bottom) reads the page around its row.
    """

    class ChatTextRendered(Message):
        """The leaderboard's chat text (``camp leaderboard --format chat``) was rendered."""

        def __init__(self, text: str, shown: int, total: int) -> None:
            super().__init__()
            self.text = text
            self.shown = shown
            self.total = total

    class ReportWanted(Message):
        """The operator asked for the camp report as of ``day`` (``None``: today)."""

        def __init__(self, slug: str, day: int | None) -> None:
            super().__init__()
            self.slug, self.day = slug, day

    LOAD_GROUPS = frozenset({"leaderboard"})
    LOADING_TARGET = "#board"

    # "[", "]" and j are on the help screen ("[" and "]" also in the summary line of an
    # earlier day): the footer keeps its room for Quit, Help and Theme.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "step_day(-1)", "Earlier day", key_display="[", show=False),
        Binding("right_square_bracket", "step_day(1)", "Later day", key_display="]", show=False),
        # Over the screen's "/" (the quick check-in) while the board has the keys.
        Binding("slash", "search", "Find", key_display="/", priority=True),
        Binding("j,number_sign", "jump_to_rank", "Rank…", key_display="j", show=False),
        Binding("d", "choose_day", "Day…"),
        Binding("e", "export", "Export"),
        Binding("c", "copy_text", "Copy"),
        Binding("g", "report", "Report"),
    ]

    class PageRead(Message):
        """A page of the board was read: it ``replace``s the rows, or goes after them
        (``append``) or before them (``prepend``); the cursor then goes to the row at
        position ``cursor`` (0 = the top) when it is given."""

        def __init__(self, page: LeaderboardPage, mode: str, cursor: int | None) -> None:
            super().__init__()
            self.page = page
            self.mode = mode
            self.cursor = cursor

    class NotOnBoard(Message):
        """A name to jump to has no entry on the board shown."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    by: var[str] = var("member", init=False)
    day: var[int | None] = var(None, init=False)

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.group: str | None = None
        self.page: LeaderboardPage | None = None  # the last page read, for its figures
        self._entries: list[Standing] = []
        self._start = 0  # the board position of the first row in the table
        self._mvp: frozenset[str] = frozenset()
        self._total = 0  # entries of the list shown (the search's when there is one)
        self._board_total = 0  # entries of the whole board
        self._search = ""
        self._before_search = 0  # the position the cursor had when the search began
        self._requested: tuple[str, int] | None = None  # the further page asked for last
        self._outcomes = False  # whether the Outcome column is shown (members, [outcomes])
        self._wanted_by: str | None = None  # pairs or teams asked for before a page was read

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-bar"):
            with RadioSet(id="board-by"):
                yield RadioButton("Members", value=True, id="by-member")
                yield RadioButton("Pairs", id="by-pair")
                yield RadioButton("Teams", id="by-team")
            yield Static(id="board-summary")
        yield Input(
            placeholder="find a name (pinyin too) · Enter shows it · Esc", id="board-search"
        )
        yield BoardTable(id="board", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#board", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        # Pair and team buttons appear once the camp's group mode is known.
        self.query_one("#by-pair").display = False
        self.query_one("#by-team").display = False
        self.query_one("#board-search").display = False

    # ---------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read again the rows in the table (at least one page), from the same position."""
        self._fetch(self.by, self.day, self._start, max(len(self._entries), PAGE_SIZE))

    @work(thread=True, exclusive=True, group="leaderboard")
    def _fetch(
        self,
        by: str,
        day: int | None,
        offset: int,
        count: int,
        *,
        after: Standing | None = None,
        mode: str = "replace",
        cursor: int | None = None,
        search: str | None = None,
    ) -> None:
        search = self._search if search is None else search
        read_and_post(
            self,
            lambda db: load_leaderboard(
                db,
                self.slug,
                clock.now(),
                by=by,
                count=count,
                offset=offset,
                day=day,
                after=after,
                search=search,
            ),
            lambda page: self.PageRead(page, mode, cursor),
        )

    @work(thread=True, exclusive=True, group="leaderboard")
    def _jump_to_name(self, by: str, day: int | None, name: str) -> None:
        try:
            with camp_app(self).database() as db:
                now = clock.now()
                place = rank_of(db, self.slug, now, name, by=by, day=day)
                if place is None:
                    self.post_message(self.NotOnBoard(name))
                    return
                row = place.position - 1
                offset = max(0, row - PAGE_SIZE // 2)
                page = load_leaderboard(
                    db, self.slug, now, by=by, count=PAGE_SIZE, offset=offset, day=day
                )
        except CampError as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(self.PageRead(page, "replace", row))

    def show_by(self, by: str) -> bool:
        """Switch to ``by`` (member, pair or team); False when the camp has no such groups.

        Before the first page is read the camp's groups are not known yet: the switch
        is made once they are (or a warning says there are none)."""
        if by != "member" and self.group is None:
            self._wanted_by = by
            return True
        self._wanted_by = None
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
        self._fetch(self.by, day, self._start, max(len(self._entries), PAGE_SIZE))

    @on(PageRead)
    def _loaded(self, message: PageRead) -> None:
        message.stop()
        page = message.page
        if page.by != self.by or page.day != self.day or page.search != self._search:
            return  # a late answer for the previous choice
        end = self._start + len(self._entries)
        if message.mode == "append" and page.offset == end:
            self._append(page)
        elif message.mode == "prepend" and page.offset + len(page.entries) == self._start:
            self._prepend(page)
        elif message.mode == "replace":
            self._replace(page)
        else:
            return  # a further page of rows read again since
        self._apply_group(page.group)
        wanted = self._wanted_by
        if wanted is not None and not self.show_by(wanted):
            self.notify(f"This camp has no {wanted}s.", severity="warning", markup=False)
        self.page = page
        self._total = page.total
        if not page.search:
            self._board_total = page.total
        if message.cursor is not None and self._entries:
            table = self.query_one("#board", DataTable)
            row = min(max(message.cursor - self._start, 0), len(self._entries) - 1)
            table.move_cursor(row=row, animate=False)
            # The row found sits in the middle of the screen, not at its bottom edge.
            middle = max(row - table.size.height // 2, 0)
            table.call_after_refresh(table.scroll_to, y=middle, animate=False)
        self._show_summary()

    def _show_summary(self) -> None:
        if self.page is not None:
            summary = board_summary(self.page, len(self._entries), self._start, self._board_total)
            self.query_one("#board-summary", Static).update(summary)

    @on(NotOnBoard)
    def _not_on_board(self, message: NotOnBoard) -> None:
        message.stop()
        self.notify(f"{message.name} is not on this board.", severity="warning", markup=False)

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
        row = [
            Text(str(entry.rank), justify="right"),
            name,
            Text(str(entry.points), justify="right", style="bold" if mvp else ""),
            Text(str(entry.on_time), justify="right"),
            Text(str(entry.late), justify="right"),
            Text(str(entry.makeup), justify="right"),
            Text(f"🔥{entry.streak}" if entry.streak > 1 else str(entry.streak), justify="right"),
            Text(str(entry.best_streak), justify="right"),
        ]
        if self._outcomes:
            outcome = entry.outcome or ""
            row.append(Text(outcome, style=OUTCOME_STYLES.get(outcome, "")))
        return row

    def _add_rows(self, table: DataTable, entries: list[Standing] | tuple, start: int) -> None:
        for index, entry in enumerate(entries, start=start):
            table.add_row(*self._row(entry), key=str(index))

    def _append(self, page: LeaderboardPage) -> None:
        """A further page: appended, so the cursor and the scroll stay put."""
        table = self.query_one("#board", DataTable)
        self._mvp |= page.mvp
        self._add_rows(table, page.entries, len(self._entries))
        self._entries.extend(page.entries)

    def _prepend(self, page: LeaderboardPage) -> None:
        """The page above the first row: the table is filled again, and the cursor and
        the scroll move down by as many rows, so the same entries stay in view."""
        table = self.query_one("#board", DataTable)
        added = len(page.entries)
        cursor, scrolled = table.cursor_row, table.scroll_offset
        self._mvp |= page.mvp
        self._entries = list(page.entries) + self._entries
        self._start = page.offset
        table.clear()
        self._add_rows(table, self._entries, 0)
        table.move_cursor(row=cursor + added, animate=False)
        keep_scroll(table, Offset(scrolled.x, scrolled.y + added))

    def _show_outcomes(self, table: DataTable, page: LeaderboardPage) -> bool:
        """Add the Outcome column for a member board whose camp has ``[outcomes]`` (its
        entries carry one), or take it away; True when the columns changed (the rows
        are then gone, to be filled again)."""
        if page.by == "member" and not page.entries:
            return False  # nothing found by a search: no reason to redraw the columns
        wanted = page.by == "member" and any(entry.outcome is not None for entry in page.entries)
        if wanted == self._outcomes:
            return False
        table.clear()
        self._outcomes = wanted
        label, key = OUTCOME_COLUMN
        if wanted:
            table.add_column(label, key=key)
        else:
            table.remove_column(key)
        return True

    def _replace(self, page: LeaderboardPage) -> None:
        """The rows read again: only the rows that changed are redrawn."""
        table = self.query_one("#board", DataTable)
        cursor = table.cursor_row
        columns_changed = self._show_outcomes(table, page)
        old, new = self._entries, list(page.entries)
        old_mvp, self._mvp = self._mvp, page.mvp
        moved = page.offset != self._start
        common = min(len(old), len(new))
        changed = [
            i
            for i in range(common)
            if old[i] != new[i] or (old[i].name in old_mvp) != (new[i].name in page.mvp)
        ]
        self._entries = new
        self._start = page.offset
        self._requested = None
        if moved or columns_changed or table.row_count != len(old) or len(changed) > PATCH_LIMIT:
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
        end = self._start + loaded
        # Where the cursor is now: a table filled again highlights its first row on the
        # way to the row the cursor is put on.
        cursor = self.query_one("#board", DataTable).cursor_row
        if end < self._total and cursor >= loaded - PREFETCH_MARGIN:
            wanted = ("append", end)
            if self._requested == wanted and still_loading(self, "leaderboard"):
                return  # asked for already
            self._requested = wanted
            self._fetch(
                self.by,
                self.day,
                end,
                PAGE_SIZE,
                after=self._entries[-1] if self._entries else None,
                mode="append",
            )
        elif self._start > 0 and cursor < PREFETCH_MARGIN:
            wanted = ("prepend", self._start)
            if self._requested == wanted and still_loading(self, "leaderboard"):
                return
            self._requested = wanted
            offset = max(0, self._start - PAGE_SIZE)
            self._fetch(self.by, self.day, offset, self._start - offset, mode="prepend")

    @on(BoardTable.EdgeWanted)
    def _edge(self, message: BoardTable.EdgeWanted) -> None:
        message.stop()
        if message.top:
            self._fetch(self.by, self.day, 0, PAGE_SIZE, cursor=0)
        else:
            last = max(self._total - 1, 0)
            offset = max(0, self._total - PAGE_SIZE)
            self._fetch(self.by, self.day, offset, PAGE_SIZE, cursor=last)

    # ---------------------------------------------------------------- find

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":
            return not typing_in_a_field(self)  # "/" is then a letter of the name
        return True

    def action_search(self) -> None:
        field = self.query_one("#board-search", Input)
        field.display = True
        # At once, not after the keys already typed: "/wang" typed fast fills the field.
        self.screen.set_focus(field)

    @on(Input.Changed, "#board-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        search = event.value.strip()
        if search == self._search:
            return
        table = self.query_one("#board", DataTable)
        if not self._search:
            self._before_search = self._start + (table.cursor_row if self._entries else 0)
        self._search = search
        if search:
            self._fetch(self.by, self.day, 0, PAGE_SIZE, cursor=0)
            return
        # Cleared (Escape, or the text deleted): the board again where the cursor was.
        row = self._before_search
        self._fetch(self.by, self.day, max(0, row - PAGE_SIZE // 2), PAGE_SIZE, cursor=row)

    @on(Input.Blurred, "#board-search")
    def _search_left(self, event: Input.Blurred) -> None:
        # An empty field gives its line back to the board once the keys are elsewhere.
        if not event.value.strip():
            event.input.display = False

    @on(Input.Submitted, "#board-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._show_highlighted()

    @on(DataTable.RowSelected, "#board")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if self._search:
            event.stop()
            self._show_highlighted()

    def _show_highlighted(self) -> None:
        """The highlighted match (the first when the cursor is still on the field) on the
        whole board: the search is cleared and the page around its row read."""
        table = self.query_one("#board", DataTable)
        if not self._search or not self._entries:
            table.focus()
            return
        entry = self._entries[min(max(table.cursor_row, 0), len(self._entries) - 1)]
        self._end_search()
        self._jump_to_name(self.by, self.day, entry.name)

    def _end_search(self) -> None:
        self._search = ""
        field = self.query_one("#board-search", Input)
        field.value = ""  # its Changed event finds the search already ended
        field.display = False
        self.query_one("#board", DataTable).focus()

    def action_jump_to_rank(self) -> None:
        if self.page is None:
            return
        table = self.query_one("#board", DataTable)

        def chosen(rank: int | None) -> None:
            table.focus()
            if rank is None:
                return
            if self._search:
                self._end_search()
            row = rank - 1
            self._fetch(
                self.by, self.day, max(0, row - PAGE_SIZE // 2), PAGE_SIZE, cursor=row, search=""
            )

        total = self._board_total or self._total
        self.app.push_screen(JumpToRankScreen(total, BY_LABELS[self.by]), chosen)

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
        def render(db: Database) -> LeaderboardView.ChatTextRendered:
            now = clock.now()
            board = standings_as_of(db, self.slug, now=now, by=by, day=day, top=COPY_TOP)
            # One entry a line: chat apps draw proportional fonts, so no aligned columns.
            text = leaderboard_document(db, board, "chat", now=now)
            return LeaderboardView.ChatTextRendered(text, len(board.entries), board.total_entries)

        read_and_post(self, render, lambda rendered: rendered)

    @on(ChatTextRendered)
    def _copy(self, message: LeaderboardView.ChatTextRendered) -> None:
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
        # The camp screen opens the report: a tab does not open screens itself.
        self.post_message(self.ReportWanted(self.slug, self.day))
