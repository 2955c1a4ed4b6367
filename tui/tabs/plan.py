"""The Plan tab: every day of the camp, today's highlighted; the chosen day's task below.

``e`` gives the highlighted day another task, until the day begins.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from camp import clock
from camp.models import Day
from camp.services.plan_edits import editable_day
from tui.days_text import difficulty_stars, windows_text
from tui.dialogs.edit_task import EditTaskScreen
from tui.messages import ChangeRefused, DayTaskSaved
from tui.tables import Table
from tui.tabs.plan_data import PlanData, load_plan
from tui.workers import ShowsSlowLoads, read_and_post

__all__ = ["PlanView"]

#: Row keys of rest days start with this; active days are keyed by their number.
REST_KEY = "rest:"
#: Marks a day whose task is its own, not drawn from the pool.
OWN_TASK_MARK = " ✎"

COLUMNS = (
    ("Day", "day"),
    ("Date", "date"),
    ("Difficulty", "difficulty"),
    ("Task", "task"),
    ("Graded", "graded"),
    ("Windows", "windows"),
)


class PlanView(ShowsSlowLoads, Vertical):
    """The days of the camp ``slug``, rest days between them; loads itself once mounted."""

    class EditableDayFound(Message):
        """The day the operator wants to edit may still get another task."""

        def __init__(self, day: Day) -> None:
            super().__init__()
            self.day = day

    class Loaded(Message):
        """A camp's days and their tasks were read from the database."""

        def __init__(self, data: PlanData) -> None:
            super().__init__()
            self.data = data

    LOAD_GROUPS = frozenset({"plan"})
    LOADING_TARGET = "#plan-table"

    BINDINGS: ClassVar[list[BindingType]] = [Binding("e", "edit_task", "Edit task")]

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.data: PlanData | None = None

    def compose(self) -> ComposeResult:
        yield Table(id="plan-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="plan-task"):
            yield Static(id="plan-task-title")
            yield Static(id="plan-task-body")

    def on_mount(self) -> None:
        table = self.query_one("#plan-table", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)

    @work(thread=True, exclusive=True, group="plan")
    def reload(self) -> None:
        """Read the camp's days again (in a worker: the screen never waits)."""
        read_and_post(self, lambda db: load_plan(db, self.slug, clock.now()), PlanView.Loaded)

    @on(Loaded)
    def _loaded(self, message: PlanView.Loaded) -> None:
        message.stop()
        if message.data == self.data:
            return
        first_load = self.data is None
        highlighted = None if first_load else self._highlighted_key()
        self.data = data = message.data
        table = self.query_one("#plan-table", DataTable)
        table.clear()
        rows: list[tuple[dt.date, str]] = [(day.date, str(day.number)) for day in data.days]
        rows += [(date, REST_KEY + date.isoformat()) for date in data.rest_dates]
        for date, key in sorted(rows):
            if key.startswith(REST_KEY):
                table.add_row(
                    Text("  –", style="dim"),
                    Text(date.strftime("%a %Y-%m-%d"), style="dim"),
                    "",
                    Text("rest day", style="dim italic"),
                    "",
                    "",
                    key=key,
                )
                continue
            day = data.days[int(key) - 1]
            today = day.number == data.today
            style = "bold green" if today else ""
            title = Text(day.task.title, style=style)
            if day.number in data.own_tasks:
                title.append(OWN_TASK_MARK, style="cyan")
            table.add_row(
                Text(("▶ " if today else "  ") + str(day.number), style=style),
                Text(day.date.strftime("%a %Y-%m-%d"), style=style),
                Text(difficulty_stars(day.difficulty), style="yellow"),
                title,
                "graded" if day.task.graded else "",
                windows_text(day),
                key=key,
            )
        if not data.days:
            return
        keys = [key for _, key in sorted(rows)]
        # A reload keeps the cursor on its day; the first load starts on today.
        if highlighted not in keys:
            highlighted = str(max(data.today, 1))
        table.move_cursor(row=keys.index(highlighted), animate=False)
        self._show_row(highlighted)

    @on(DataTable.RowHighlighted, "#plan-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_row(event.row_key.value)

    def _highlighted_key(self) -> str | None:
        table = self.query_one("#plan-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _show_row(self, key: str) -> None:
        if key.startswith(REST_KEY):
            date = dt.date.fromisoformat(key.removeprefix(REST_KEY))
            self.query_one("#plan-task-title", Static).update(
                Text(f"{date:%a %Y-%m-%d} · rest day", style="bold")
            )
            self.query_one("#plan-task-body", Static).update(
                Text("No task and no check-ins on a rest day.", style="dim")
            )
        else:
            self._show_task(int(key))

    def _show_task(self, number: int) -> None:
        if self.data is None or not 1 <= number <= len(self.data.days):
            return
        day = self.data.days[number - 1]
        title = Text(f"Day {number} · ", style="bold")
        title.append(day.task.title, style="bold")
        if day.task.graded:
            title.append("  (graded 0–100)", style="dim")
        if number in self.data.own_tasks:
            title.append(f"  ({OWN_TASK_MARK.strip()} set for this day)", style="cyan")
        self.query_one("#plan-task-title", Static).update(title)
        body = day.task.body.strip() or "This task has no description."
        self.query_one("#plan-task-body", Static).update(Text(body))

    # ---------------------------------------------------------------- editing a day's task

    def action_edit_task(self) -> None:
        key = self._highlighted_key()
        if key is None:
            self.notify("Highlight a day first.", severity="warning")
            return
        if key.startswith(REST_KEY):
            which: int | dt.date = dt.date.fromisoformat(key.removeprefix(REST_KEY))
        else:
            which = int(key)
        self._check_editable(which)

    @work(thread=True, exclusive=True, group="plan-edit")
    def _check_editable(self, which: int | dt.date) -> None:
        """Ask the engine whether the day may change before the dialog opens."""
        read_and_post(
            self,
            lambda db: editable_day(db, self.slug, which, clock.now()),
            self.EditableDayFound,
            partial(ChangeRefused, "Cannot edit this day"),
        )

    @on(ChangeRefused)
    def _refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.notify(message.reason, title=message.title, severity="error", markup=False)

    @on(EditableDayFound)
    def _editable(self, message: PlanView.EditableDayFound) -> None:
        message.stop()
        own = self.data is not None and message.day.number in self.data.own_tasks

        def edited(saved: DayTaskSaved | None) -> None:
            if saved is not None:
                self.notify(saved.summary, title="Plan changed", markup=False)
                self.reload()

        self.app.push_screen(EditTaskScreen(self.slug, message.day, own_task=own), edited)
