"""Small dialogs of the Members tab: confirm a removal, pick a partner."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static

__all__ = ["ConfirmRemovalScreen", "PartnerPickerScreen"]


class ConfirmRemovalScreen(ModalScreen[bool]):
    """Asks before ``name`` is removed; dismisses with True to remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Remove"),
        Binding("n,escape", "answer(False)", "Keep"),
    ]

    def __init__(self, name: str, slug: str) -> None:
        super().__init__()
        self.member = name
        self.slug = slug

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(
                Text.assemble(
                    "Remove ",
                    (self.member, "bold"),
                    f" from {self.slug}?\n",
                    ("Their check-ins stay; they leave the leaderboards.", "dim"),
                )
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Remove (y)", variant="error", id="confirm-remove")
                yield Button("Keep (n)", id="confirm-keep")

    def on_mount(self) -> None:
        self.query_one("#confirm-keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-remove")

    def action_answer(self, remove: bool) -> None:
        self.dismiss(remove)


class PartnerPickerScreen(ModalScreen[str | None]):
    """Lists ``candidates`` for ``name``'s partner; dismisses with the chosen name or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__()
        self.member = name
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with Vertical(id="partner-box", classes="dialog"):
            yield Static(Text.assemble("Partner for ", (self.member, "bold"), ":"))
            yield OptionList(*self.candidates, id="partner-list")
            yield Static("enter pairs · escape cancels", classes="dialog-hint")

    @on(OptionList.OptionSelected, "#partner-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.candidates[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
