"""The first screen: every camp with its status, members and today's check-ins."""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from camp import clock
from camp.errors import CampError
from tui.data import CampRow, load_camp_rows
from tui.messages import CampsLoaded, LoadFailed
from tui.workers import still_loading

__all__ = ["DashboardScreen"]

#: Seconds between reads of the database (another process may have written).
LIVE_REFRESH_SECONDS = 2.0

COLUMNS = (
    ("Camp", "name"),
    ("Slug", "slug"),
    ("Status", "status"),
    ("Members", "members"),
    ("Pairs", "pairs"),
    ("Today", "today"),
    ("Check-ins", "checkins"),
)
STATUS_STYLES = {"running": "bold green", "upcoming": "cyan", "finished": "", "archived": "dim"}


class DashboardScreen(Screen):
    """Every camp; Enter opens the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh"),
        Binding("enter", "open_camp", "Open camp"),
    ]

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.rows: list[CampRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Camps", id="dashboard-title", classes="section-title")
        yield Static(
            "enter opens the highlighted camp · ctrl+p finds a camp by name · ? lists every key",
            id="dashboard-hint",
        )
        yield DataTable(id="camps", cursor_type="row", zebra_stripes=True)
        yield Static(id="dashboard-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#camps", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        self.query_one("#dashboard-empty").display = False
        self.reload()
        self.set_interval(LIVE_REFRESH_SECONDS, self._live_refresh)

    def _live_refresh(self) -> None:
        if self.is_current and not still_loading(self, "camps"):
            self.reload()

    @work(thread=True, exclusive=True, group="camps")
    def reload(self) -> None:
        """Read every camp again (in a worker, with its own connection)."""
        try:
            with self.app.database() as db:
                rows = load_camp_rows(db, clock.now())
        except (CampError, sqlite3.Error) as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(CampsLoaded(rows))

    def action_refresh(self) -> None:
        self.reload()

    def on_camps_loaded(self, message: CampsLoaded) -> None:
        # Not stopped: the app keeps the list for its "Open camp" commands.
        if message.rows == self.rows:
            return
        table = self.query_one("#camps", DataTable)
        keep = self._highlighted_slug()
        self.rows = message.rows
        table.clear()
        for row in message.rows:
            today = (
                f"{row.counted_today}/{row.active_members}"
                if row.counted_today is not None
                else "–"
            )
            table.add_row(
                Text(row.name, style="bold"),
                row.slug,
                Text(row.status_text, style=STATUS_STYLES.get(row.status, "")),
                Text(str(row.members), justify="right"),
                Text(str(row.pairs), justify="right"),
                Text(today, justify="right"),
                Text(str(row.checkins), justify="right"),
                key=row.slug,
            )
        slugs = [row.slug for row in message.rows]
        if keep in slugs:
            table.move_cursor(row=slugs.index(keep), animate=False)
        empty = self.query_one("#dashboard-empty", Static)
        empty.display = not message.rows
        empty.update(
            "No camps yet. Create one with `camp new TEMPLATE --name NAME --start DATE`, "
            "or try `camp demo`."
        )

    def _highlighted_slug(self) -> str | None:
        table = self.query_one("#camps", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].slug

    @on(DataTable.RowSelected, "#camps")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.open_camp(event.row_key.value)

    def action_open_camp(self) -> None:
        slug = self._highlighted_slug()
        if slug is not None:
            self.app.open_camp(slug)
