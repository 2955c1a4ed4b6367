"""The camp terminal UI: :func:`make_app` builds it for the command line and the tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from camp.db import Database, default_db_path, open_db
from tui.data import CampRow
from tui.messages import CampsLoaded, LoadFailed
from tui.screens.camp import CampScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen

__all__ = ["CampApp", "make_app"]


class CampApp(App[None]):
    """Operators' view of every camp in one database."""

    CSS_PATH = "app.tcss"
    TITLE = "camp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+t", "toggle_dark", "Theme"),
    ]

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        #: The camps the dashboard read last, for the "Open camp …" commands.
        self.camps: list[CampRow] = []

    @contextlib.contextmanager
    def database(self) -> Iterator[Database]:
        """A connection of its own for the calling thread, closed afterwards.

        SQLite connections belong to one thread: every worker opens its own.
        """
        db = open_db(self.db_path)
        try:
            yield db
        finally:
            db.close()

    def get_default_screen(self) -> Screen:
        return DashboardScreen()

    def on_camps_loaded(self, message: CampsLoaded) -> None:
        self.camps = message.rows

    def on_load_failed(self, message: LoadFailed) -> None:
        self.notify(
            message.reason, title="Could not read the camps", severity="error", markup=False
        )

    def open_camp(self, slug: str) -> None:
        """Show the camp ``slug`` (in place of the camp shown now, if any)."""
        if isinstance(self.screen, CampScreen):
            self.switch_screen(CampScreen(slug))
        else:
            self.push_screen(CampScreen(slug))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for row in self.camps:
            yield SystemCommand(
                f"Open camp {row.name}",
                f"{row.slug} · {row.status_text} · {row.members} members",
                lambda slug=row.slug: self.open_camp(slug),
            )


def make_app(db_path: str | None = None) -> CampApp:
    """The one factory of the app: ``db_path``, else ``$CAMP_DB``, else the default file."""
    path = Path(db_path).expanduser() if db_path is not None else default_db_path()
    return CampApp(path)
