"""A member's itemised statement (``camp statement CAMP MEMBER``): day by day, every
check-in with its points, the streak bonuses and adjustments, and the total the
leaderboard shows."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from camp import clock
from camp.services.statement import Statement, member_statement, render_statement_text
from tui.messages import LoadFailed
from tui.widgets.footer import Footer
from tui.workers import ShowsSlowLoads, read_and_post

__all__ = ["StatementScreen", "statement_text"]

#: How each day's status is drawn in its heading line.
DAY_STYLES = {
    "counted": "green",
    "excused": "magenta",
    "missed": "red",
    "pending": "dim",
    "upcoming": "dim",
}


def statement_text(statement: Statement) -> Text:
    """``render_statement_text``'s lines, the headings and the total in bold."""
    lines = render_statement_text(statement).splitlines()
    text = Text()
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        if number == 0 or line.startswith("Total "):
            text.append(line, style="bold")
        elif line.startswith("Day "):
            head, _, status = line.rpartition("  ")
            text.append(head + "  ", style="bold")
            text.append(status, style=DAY_STYLES.get(status, ""))
        else:
            text.append(line)
    return text


class StatementScreen(ShowsSlowLoads, Screen):
    """The statement of ``member`` in camp ``slug``, as of today; Escape goes back."""

    class Loaded(Message):
        """The member's statement was read."""

        def __init__(self, statement: Statement) -> None:
            super().__init__()
            self.statement = statement

    LOAD_GROUPS = frozenset({"statement"})
    LOADING_TARGET = "#statement-body"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("r", "refresh", "Refresh"),
    ]

    def __init__(self, slug: str, member: str) -> None:
        super().__init__()
        self.slug = slug
        self.member = member
        self.statement: Statement | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="statement-body"):
            yield Static(f"Reading the statement of {self.member} …", id="statement", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.slug} · statement of {self.member}"
        self.load_statement()
        self.query_one("#statement-body").focus()

    @work(thread=True, exclusive=True, group="statement")
    def load_statement(self) -> None:
        read_and_post(
            self,
            lambda db: member_statement(db, self.slug, self.member, now=clock.now()),
            self.Loaded,
        )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        self.statement = message.statement
        self.query_one("#statement", Static).update(statement_text(message.statement))

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.query_one("#statement", Static).update(Text(message.reason, style="red"))
        self.notify(
            message.reason, title="Could not read the statement", severity="error", markup=False
        )

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.load_statement()
