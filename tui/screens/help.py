"""The key bindings, one screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["KEYS", "HelpScreen"]

KEYS = (
    ("q", "quit"),
    ("?", "this help"),
    ("r", "refresh now (screens also refresh every 2 s)"),
    ("enter", "open the highlighted camp"),
    ("1 / 2 / 3 / 4", "Today / Plan / Members / Leaderboard tab"),
    ("/", "quick check-in: type a few letters of a name, Enter records it now"),
    ("m / p / t", "leaderboard by members / pairs / teams"),
    ("a", "Members: add members (type Alice, 小明 and press Enter)"),
    ("x", "Members: remove the highlighted member (asks first)"),
    ("p / m", "Members: pair everyone unpaired / pair the highlighted member with …"),
    ("w", "Members: show only the warned members, or everyone again"),
    ("5 / 6", "Check-ins / Announcements tab"),
    ("k", "Check-ins: approve a makeup for the highlighted member's missed day"),
    ("b", "Check-ins: add a bonus or a penalty for the highlighted member"),
    ("[ / ]", "Check-ins: previous / next rows of a big camp"),
    ("t / d", "Announcements: retry / drop the failed deliveries (drop asks first)"),
    ("e", "Announcements: re-run the highlighted failed or missed event"),
    ("escape", "back to the camps"),
    ("ctrl+p", "command palette (Open camp …, themes)"),
    ("ctrl+t", "toggle dark / light theme"),
)


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with Vertical(id="help-box"):
            yield Static("Keys", classes="section-title")
            yield Static(table)
            yield Static("escape closes", id="help-hint")

    def action_close(self) -> None:
        self.dismiss()
