"""The Plan tab: every day of the camp, today's highlighted; the chosen day's task below."""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from camp import clock
from camp.errors import CampError
from tui.messages import LoadFailed, PlanLoaded
from tui.plan_data import PlanData, difficulty_stars, load_plan, windows_text

__all__ = ["PlanView"]

COLUMNS = (
    ("Day", "day"),
    ("Date", "date"),
    ("Difficulty", "difficulty"),
    ("Task", "task"),
    ("Graded", "graded"),
    ("Windows", "windows"),
)


class PlanView(Vertical):
    """The days of the camp ``slug``; loads itself once mounted (the plan does not change)."""

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.data: PlanData | None = None

    def compose(self) -> ComposeResult:
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="plan-task"):
            yield Static(id="plan-task-title")
            yield Static(id="plan-task-body")

    def on_mount(self) -> None:
        table = self.query_one("#plan-table", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        self.reload()

    @work(thread=True, exclusive=True, group="plan")
    def reload(self) -> None:
        """Read the camp's days again (in a worker: the screen never waits)."""
        try:
            with self.app.database() as db:
                data = load_plan(db, self.slug, clock.now())
        except (CampError, sqlite3.Error) as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(PlanLoaded(data))

    @on(PlanLoaded)
    def _loaded(self, message: PlanLoaded) -> None:
        message.stop()
        if message.data == self.data:
            return
        self.data = data = message.data
        table = self.query_one("#plan-table", DataTable)
        table.clear()
        for day in data.days:
            today = day.number == data.today
            style = "bold green" if today else ""
            table.add_row(
                Text(("▶ " if today else "  ") + str(day.number), style=style),
                Text(day.date.strftime("%a %Y-%m-%d"), style=style),
                Text(difficulty_stars(day.difficulty), style="yellow"),
                Text(day.task.title, style=style),
                "graded" if day.task.graded else "",
                windows_text(day),
                key=str(day.number),
            )
        if data.days:
            table.move_cursor(row=max(data.today, 1) - 1, animate=False)
            self._show_task(max(data.today, 1))

    @on(DataTable.RowHighlighted, "#plan-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_task(int(event.row_key.value))

    def _show_task(self, number: int) -> None:
        if self.data is None or not 1 <= number <= len(self.data.days):
            return
        day = self.data.days[number - 1]
        title = Text(f"Day {number} · ", style="bold")
        title.append(day.task.title, style="bold")
        if day.task.graded:
            title.append("  (graded 0–100)", style="dim")
        self.query_one("#plan-task-title", Static).update(title)
        body = day.task.body.strip() or "This task has no description."
        self.query_one("#plan-task-body", Static).update(Text(body))
