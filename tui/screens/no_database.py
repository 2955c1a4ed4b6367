"""The first screen when the database the operator named does not exist yet.

A mistyped ``CAMP_DB`` or ``--db`` silently made a new, empty database: camp now asks
before creating one there, and quits (status 1) if that was not what was meant.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from tui.screens.dashboard import DashboardScreen

__all__ = ["NoDatabaseScreen"]


class NoDatabaseScreen(Screen[None]):
    """Asks whether to create the database at ``path``; ``y`` creates it and shows the
    dashboard, ``n`` or Escape quits without writing anything."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "create", "Create it"),
        Binding("n", "quit_here", "Quit"),
        Binding("escape", "quit_here", "Quit", show=False),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__(id="no-database")
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static("No camp database there yet", classes="section-title")
            yield Static(
                f"There is no database at {self.path}. Create a new, empty one there? "
                "If you meant another file, quit and check CAMP_DB or --db.",
                id="no-database-question",
                markup=False,
            )
            with Horizontal(id="confirm-buttons"):
                yield Button("Create it (y)", id="no-database-create", variant="primary")
                yield Button("Quit (n)", id="no-database-quit")

    def on_mount(self) -> None:
        self.query_one("#no-database-quit", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "no-database-create":
            self.action_create()
        else:
            self.action_quit_here()

    def action_create(self) -> None:
        # Over this screen, which nothing shows again: the dashboard has no way back.
        self.app.push_screen(DashboardScreen())

    def action_quit_here(self) -> None:
        self.app.exit(
            return_code=1,
            message=f"Nothing was created; no camp database at {self.path}.",
        )
