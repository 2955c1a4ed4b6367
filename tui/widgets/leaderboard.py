"""The Leaderboard tab: members, pairs or teams, paged from the standings service."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import DataTable, RadioButton, RadioSet, Static

from camp import clock
from camp.errors import CampError
from camp.scoring import Standing
from tui.data import LeaderboardPage, load_leaderboard
from tui.messages import LeaderboardLoaded, LoadFailed

__all__ = ["PAGE_SIZE", "LeaderboardView"]

#: Rows fetched per page; the next page is fetched when the cursor nears the end.
PAGE_SIZE = 200
#: How close to the last loaded row the cursor gets before the next page is fetched.
PREFETCH_MARGIN = 20

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


class LeaderboardView(Vertical):
    """The standings of one camp; ``by`` picks members, pairs or teams."""

    by: var[str] = var("member", init=False)

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.group: str | None = None
        self._entries: tuple[Standing, ...] = ()
        self._mvp: frozenset[str] = frozenset()
        self._total = 0
        self._wanted = PAGE_SIZE

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
        self.reload()

    # ---------------------------------------------------------------- loading

    def reload(self) -> None:
        """Fetch again as many rows as are shown (at least one page)."""
        self._fetch(self.by, max(self._wanted, PAGE_SIZE))

    @work(thread=True, exclusive=True, group="leaderboard")
    def _fetch(self, by: str, count: int) -> None:
        try:
            with self.app.database() as db:
                page = load_leaderboard(db, self.slug, clock.now(), by=by, count=count)
        except (CampError, sqlite3.Error) as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(LeaderboardLoaded(page))

    def show_by(self, by: str) -> bool:
        """Switch to ``by`` (member, pair or team); False when the camp has no such groups."""
        if by != "member" and by != self.group:
            return False
        self.query_one(f"#by-{by}", RadioButton).value = True
        return True

    @on(RadioSet.Changed, "#board-by")
    def _by_changed(self, event: RadioSet.Changed) -> None:
        self.by = (event.pressed.id or "by-member").removeprefix("by-")

    def watch_by(self, by: str) -> None:
        self._wanted = PAGE_SIZE
        self._fetch(by, PAGE_SIZE)

    @on(LeaderboardLoaded)
    def _loaded(self, message: LeaderboardLoaded) -> None:
        message.stop()
        page = message.page
        if page.by != self.by:
            return  # a late answer for the previous choice
        self._apply_group(page.group)
        self._show(page)

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

    def _show(self, page: LeaderboardPage) -> None:
        table = self.query_one("#board", DataTable)
        old = self._entries
        same_top = page.entries[: len(old)] == old and page.mvp == self._mvp
        self._mvp = page.mvp
        self._total = page.total
        if same_top and len(page.entries) >= len(old) and table.row_count == len(old):
            # Only a further page: append, so the cursor and the scroll stay put.
            rows = page.entries[len(old) :]
            table.add_rows(
                [self._row(e) for e in rows],
            )
        else:
            cursor = table.cursor_row
            table.clear()
            table.add_rows([self._row(e) for e in page.entries])
            if page.entries:
                table.move_cursor(row=min(cursor, len(page.entries) - 1), animate=False)
        self._entries = page.entries
        open_note = " (today's windows still open)" if page.still_open else ""
        self.query_one("#board-summary", Static).update(
            f"{page.total} {BY_LABELS[page.by]} · as of day {page.as_of_day}{open_note}"
            f" · showing {len(page.entries)}"
        )

    @on(DataTable.RowHighlighted, "#board")
    def _maybe_next_page(self, event: DataTable.RowHighlighted) -> None:
        loaded = len(self._entries)
        if loaded < self._total and event.cursor_row >= loaded - PREFETCH_MARGIN:
            wanted = loaded + PAGE_SIZE
            if wanted > self._wanted:
                self._wanted = wanted
                self._fetch(self.by, wanted)
