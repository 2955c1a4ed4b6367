"""Dialogs of the Check-ins tab: a bonus or a penalty with its reason; voiding a check-in."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from camp.models import CheckIn
from camp.services.checkins import MAX_ADJUSTMENT
from tui.dialogs import Dialog

__all__ = ["AdjustPointsScreen", "VoidCheckinScreen", "checkin_line"]


class AdjustPointsScreen(Dialog[tuple[int, str] | None]):
    """Asks for the points (negative for a penalty) and a reason for ``member``.

    Dismissed with ``(points, reason)``, or ``None`` when cancelled. The engine judges
    the values (a zero or an empty reason is refused there, with its own sentence).
    """

    def __init__(self, member: str) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with self.box(id="adjust-box"):
            yield Static(f"Adjust the points of {self.member}", classes="section-title")
            yield Label("Points (e.g. 5, or -3 for a penalty)")
            # A sign and the digits of the largest adjustment: longer is a typo.
            yield Input(
                id="adjust-points",
                type="integer",
                placeholder="5",
                max_length=len(str(MAX_ADJUSTMENT)) + 1,
            )
            yield Label("Reason")
            yield Input(id="adjust-reason", placeholder="best copy of the night")
            yield self.problem(id="adjust-problem")
            with Horizontal(classes="dialog-buttons"):
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
            points = None
        if points is None or abs(points) > MAX_ADJUSTMENT:
            self.query_one("#adjust-problem", Static).update(
                f"Points must be a whole number from -{MAX_ADJUSTMENT:,} to {MAX_ADJUSTMENT:,}."
            )
            self.query_one("#adjust-points", Input).focus()
            return
        self.dismiss((points, self.query_one("#adjust-reason", Input).value))

    @on(Button.Pressed, "#adjust-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


STATUS_WORDS = {
    "on_time": "on time",
    "late": "late",
    "makeup": "makeup",
    "duplicate": "duplicate (not counted)",
    "outside": "outside every window (not counted)",
}


def checkin_line(checkin: CheckIn) -> str:
    """``20:30 · on time · night · +10 · the text`` for the list of a day's check-ins."""
    parts = [checkin.at.format("MM-DD HH:mm"), STATUS_WORDS.get(checkin.status, checkin.status)]
    if checkin.window:
        parts.append(checkin.window)
    parts.append(f"{checkin.points:+d}")
    text = " ".join(checkin.text.split())
    if text:
        parts.append(text if len(text) <= 40 else text[:39] + "…")
    return " · ".join(parts)


class VoidCheckinScreen(Dialog[tuple[int, str] | None]):
    """Lists ``member``'s check-ins of ``day``; the chosen one is voided with a reason.

    Dismissed with ``(checkin id, reason)``, or ``None`` when cancelled. The engine
    refuses an empty reason with its own sentence; the dialog asks for one first.
    """

    def __init__(self, member: str, day: int, checkins: list[CheckIn]) -> None:
        super().__init__()
        self.member = member
        self.day = day
        self.checkins = checkins

    def compose(self) -> ComposeResult:
        with self.box(size="wide", id="void-box"):
            yield Static(
                Text.assemble("Void a check-in of ", (self.member, "bold"), f" on day {self.day}"),
                classes="section-title",
            )
            yield OptionList(
                *(Option(checkin_line(c), id=str(c.id)) for c in self.checkins),
                id="void-list",
            )
            yield Label("Reason")
            yield Input(id="void-reason", placeholder="recorded for the wrong member")
            yield self.problem(id="void-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Void", id="void-ok", variant="error")
                yield Button("Cancel", id="void-cancel")
            yield Static(
                "The check-in leaves the counts (kept for audit); another check-in of the "
                "same window counts in its place.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one("#void-list", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#void-list")
    def _picked(self) -> None:
        self.query_one("#void-reason", Input).focus()

    @on(Input.Submitted, "#void-reason")
    @on(Button.Pressed, "#void-ok")
    def _submit(self) -> None:
        options = self.query_one("#void-list", OptionList)
        reason = self.query_one("#void-reason", Input).value.strip()
        problem = self.query_one("#void-problem", Static)
        if options.highlighted is None:
            problem.update("Pick the check-in to void in the list.")
            options.focus()
        elif not reason:
            problem.update("Give a reason, e.g. 'recorded for the wrong member'.")
            self.query_one("#void-reason", Input).focus()
        else:
            self.dismiss((self.checkins[options.highlighted].id, reason))

    @on(Button.Pressed, "#void-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
