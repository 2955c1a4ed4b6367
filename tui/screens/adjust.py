"""A small dialog asking for the points and the reason of a bonus or a penalty."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

__all__ = ["AdjustPointsScreen"]


class AdjustPointsScreen(ModalScreen[tuple[int, str] | None]):
    """Asks for the points (negative for a penalty) and a reason for ``member``.

    Dismissed with ``(points, reason)``, or ``None`` when cancelled. The engine judges
    the values (a zero or an empty reason is refused there, with its own sentence).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, member: str) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="adjust-box"):
            yield Static(f"Adjust the points of {self.member}", classes="section-title")
            yield Label("Points (e.g. 5, or -3 for a penalty)")
            yield Input(id="adjust-points", type="integer", placeholder="5")
            yield Label("Reason")
            yield Input(id="adjust-reason", placeholder="best copy of the night")
            yield Static(id="adjust-problem")
            with Horizontal(id="adjust-buttons"):
                yield Button("Add", id="adjust-ok", variant="primary")
                yield Button("Cancel", id="adjust-cancel")

    def on_mount(self) -> None:
        self.query_one("#adjust-points", Input).focus()

    @on(Input.Submitted, "#adjust-points")
    def _points_submitted(self) -> None:
        self.query_one("#adjust-reason", Input).focus()

    @on(Input.Submitted, "#adjust-reason")
    @on(Button.Pressed, "#adjust-ok")
    def _submit(self) -> None:
        text = self.query_one("#adjust-points", Input).value.strip()
        try:
            points = int(text)
        except ValueError:
            self.query_one("#adjust-problem", Static).update("Points must be a whole number.")
            self.query_one("#adjust-points", Input).focus()
            return
        self.dismiss((points, self.query_one("#adjust-reason", Input).value))

    @on(Button.Pressed, "#adjust-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
