"""The dialog that gives one day of a camp another task (or its pool task back)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from camp import clock
from camp.definition import MAX_DIFFICULTY, MIN_DIFFICULTY
from camp.errors import CampError
from camp.models import Day
from camp.services.plan_edits import TaskEditError, clear_day_task, set_day_task
from tui.days_text import difficulty_stars
from tui.dialogs import Dialog
from tui.messages import DayTaskSaved
from tui.typed_app import camp_app

__all__ = ["EditTaskScreen"]

#: The fields a refusal can point at; anything else is shown at the top.
FIELDS = ("title", "text", "difficulty")


class EditTaskScreen(Dialog[DayTaskSaved | None]):
    """Edits the task of ``day`` of camp ``slug``; saves in a worker.

    Dismissed with the :class:`DayTaskSaved` message of the save, or ``None`` when
    cancelled. The engine judges the values; its sentence shows next to the field.
    """

    class Refused(Message):
        """The engine refused a day's new task; ``field`` names the field it is about."""

        def __init__(self, field: str, reason: str) -> None:
            super().__init__()
            self.field = field
            self.reason = reason

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, slug: str, day: Day, *, own_task: bool = False) -> None:
        super().__init__()
        self.slug = slug
        self.day = day
        self.own_task = own_task

    def compose(self) -> ComposeResult:
        day = self.day
        with self.box(size="wide", id="edit-task-box"):
            yield Static(
                f"Task of day {day.number} · {day.date:%a %Y-%m-%d} · {self.slug}",
                classes="section-title",
            )
            yield Static(id="edit-task-problem", classes="dialog-problem")
            yield Label("Title")
            yield Input(day.task.title, id="edit-task-title")
            yield Static(id="edit-task-title-problem", classes="dialog-problem")
            yield Label("What members do")
            yield TextArea(day.task.body, id="edit-task-text")
            yield Static(id="edit-task-text-problem", classes="dialog-problem")
            yield Label("Difficulty")
            yield Select(
                [
                    (f"{level}  {difficulty_stars(level)}", level)
                    for level in range(MIN_DIFFICULTY, MAX_DIFFICULTY + 1)
                ],
                value=day.difficulty,
                allow_blank=False,
                id="edit-task-difficulty",
            )
            yield Static(id="edit-task-difficulty-problem", classes="dialog-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="edit-task-save", variant="primary")
                if self.own_task:
                    yield Button("Pool's task", id="edit-task-clear")
                yield Button("Cancel", id="edit-task-cancel")
            yield Static(
                "enter in the title or ctrl+s saves · escape cancels", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self._clear_problems()
        self.query_one("#edit-task-title", Input).focus()

    # ------------------------------------------------------------ saving

    @on(Input.Submitted, "#edit-task-title")
    @on(Button.Pressed, "#edit-task-save")
    def action_save(self) -> None:
        self._clear_problems()
        difficulty = self.query_one("#edit-task-difficulty", Select).value
        self._save(
            self.query_one("#edit-task-title", Input).value,
            self.query_one("#edit-task-text", TextArea).text,
            difficulty if isinstance(difficulty, int) else None,
        )

    @on(Button.Pressed, "#edit-task-clear")
    def _use_pool(self) -> None:
        self._clear_problems()
        self._save(None, None, None)

    @work(thread=True, exclusive=True, group="edit-task")
    def _save(self, title: str | None, text: str | None, difficulty: int | None) -> None:
        """Write the new task (``title`` None: back to the pool) with a connection of its own."""
        number, slug = self.day.number, self.slug
        try:
            with camp_app(self).database() as db:
                if title is None:
                    day = clear_day_task(db, slug, number, now=clock.now())
                    summary = f"Day {number} takes its task from the pool again: {day.task.title}."
                else:
                    day = set_day_task(
                        db,
                        slug,
                        number,
                        title=title,
                        text=text,
                        difficulty=difficulty,
                        now=clock.now(),
                    )
                    summary = f"Day {number}'s task is now {day.task.title}."
        except TaskEditError as exc:
            self.post_message(EditTaskScreen.Refused(exc.field, str(exc)))
        except CampError as exc:
            self.post_message(EditTaskScreen.Refused("day", str(exc)))
        else:
            self.post_message(DayTaskSaved(day, summary))

    @on(DayTaskSaved)
    def _saved(self, message: DayTaskSaved) -> None:
        message.stop()
        self.dismiss(message)

    @on(Refused)
    def _refused(self, message: EditTaskScreen.Refused) -> None:
        message.stop()
        where = message.field if message.field in FIELDS else None
        problem_id = f"#edit-task-{where}-problem" if where else "#edit-task-problem"
        problem = self.query_one(problem_id, Static)
        problem.update(message.reason)
        problem.display = True
        focus = {
            "title": "#edit-task-title",
            "text": "#edit-task-text",
            "difficulty": "#edit-task-difficulty",
        }
        if where:
            self.query_one(focus[where]).focus()

    def _clear_problems(self) -> None:
        for problem in self.query(".dialog-problem").results(Static):
            problem.update("")
            problem.display = False

    @on(Button.Pressed, "#edit-task-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
