"""What the app's scheduler did and what the stdout channel posted, kept while it runs."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Log, Static

from tui.dialogs import Dialog
from tui.scheduler_runner import LOG_LINES, SchedulerLog

__all__ = ["SchedulerLogScreen"]

#: How often new lines are picked up (they are written from the scheduler's thread).
FOLLOW_SECONDS = 0.5


class SchedulerLogScreen(Dialog[None]):
    """The scheduler's log and the announcements of the stdout channel, newest last."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("ctrl+l", "cancel", "Close", show=False),
    ]

    def __init__(self, log: SchedulerLog) -> None:
        super().__init__()
        self.source = log
        self.shown = 0

    def compose(self) -> ComposeResult:
        with self.box(size="tall", id="scheduler-log-box"):
            yield Static("Scheduler log", classes="section-title")
            yield Log(id="scheduler-log", max_lines=LOG_LINES)
            yield Static(
                "The stdout channel's announcements land here while the app holds the "
                "terminal · escape closes",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._follow()
        if not self.shown:
            self.query_one(Log).write_line("Nothing yet: ctrl+r starts the scheduler.")
        self.set_interval(FOLLOW_SECONDS, self._follow)
        self.query_one(Log).focus()

    def _follow(self) -> None:
        lines, self.shown = self.source.since(self.shown)
        if lines:
            self.query_one(Log).write_lines(lines)


