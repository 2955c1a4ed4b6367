"""Small dialogs of the Members tab: confirm a removal, pick a partner, import a CSV file,
set a shift or a team, confirm an unpairing or a restoring, add aliases."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, OptionList, Static

from tui.dialogs.base import Dialog

__all__ = [
    "ConfirmRemovalScreen",
    "ImportMembersScreen",
    "MemberAliasesScreen",
    "MemberGroupScreen",
    "MemberQuestionScreen",
    "PartnerPickerScreen",
]


class ConfirmRemovalScreen(Dialog[bool]):
    """Asks before ``name`` is removed; dismisses with True to remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Remove"),
        Binding("n", "answer(False)", "Keep"),
    ]

    def __init__(self, name: str, slug: str) -> None:
        super().__init__()
        self.member = name
        self.slug = slug

    def compose(self) -> ComposeResult:
        with self.box(id="removal-box"):
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

    def action_cancel(self) -> None:
        self.dismiss(False)


class PartnerPickerScreen(Dialog[str | None]):
    """Lists ``candidates`` for ``name``'s partner; dismisses with the chosen name or None."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        super().__init__()
        self.member = name
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with self.box(id="partner-box"):
            yield Static(Text.assemble("Partner for ", (self.member, "bold"), ":"))
            yield OptionList(*self.candidates, id="partner-list")
            yield Static("enter pairs · escape cancels", classes="dialog-hint")

    @on(OptionList.OptionSelected, "#partner-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.candidates[event.option_index])



class ImportMembersScreen(Dialog[str | None]):
    """Asks for the path of a members CSV file; dismisses with the path or None."""

    def compose(self) -> ComposeResult:
        with self.box(id="import-members-box"):
            yield Static(Text("Import members from a CSV file", style="bold"))
            yield Label("Path (a header line names the columns: name, handle, shift, team)")
            yield Input(id="import-members-path", placeholder="~/members.csv")
            yield self.problem(id="import-members-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", id="import-members-ok", variant="primary")
                yield Button("Cancel", id="import-members-cancel")
            yield Static(
                "Members already in the camp are skipped; a bad line imports nothing.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#import-members-path", Input).focus()

    @on(Input.Submitted, "#import-members-path")
    @on(Button.Pressed, "#import-members-ok")
    def _submit(self) -> None:
        path = self.query_one("#import-members-path", Input).value.strip()
        if not path:
            self.query_one("#import-members-problem", Static).update(
                "Type the path of the CSV file, e.g. ~/members.csv."
            )
            return
        self.dismiss(path)

    @on(Button.Pressed, "#import-members-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class MemberGroupScreen(Dialog[tuple[str, str] | None]):
    """Asks for ``name``'s shift and team; dismisses with ``(shift, team)`` or None.

    An empty field clears the value; the engine judges the names (a shift must be one
    of ``windows``, a team needs a team camp) and refuses with its own sentence.
    """

    def __init__(
        self, name: str, shift: str | None, team: str | None, windows: tuple[str, ...], group: str
    ) -> None:
        super().__init__()
        self.member = name
        self.shift = shift or ""
        self.team = team or ""
        self.windows = windows
        self.group = group

    def compose(self) -> ComposeResult:
        with self.box(id="member-group-box"):
            yield Static(Text.assemble("Shift and team of ", (self.member, "bold")))
            yield Label(f"Shift (one of: {', '.join(self.windows)}; empty for none)")
            yield Input(self.shift, id="member-shift")
            team_hint = "empty for none" if self.group == "team" else "only in team camps"
            yield Label(f"Team ({team_hint})")
            yield Input(self.team, id="member-team")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="member-group-ok", variant="primary")
                yield Button("Cancel", id="member-group-cancel")

    def on_mount(self) -> None:
        self.query_one("#member-shift", Input).focus()

    @on(Input.Submitted, "#member-shift")
    def _shift_submitted(self) -> None:
        self.query_one("#member-team", Input).focus()

    @on(Input.Submitted, "#member-team")
    @on(Button.Pressed, "#member-group-ok")
    def _submit(self) -> None:
        self.dismiss(
            (
                self.query_one("#member-shift", Input).value.strip(),
                self.query_one("#member-team", Input).value.strip(),
            )
        )

    @on(Button.Pressed, "#member-group-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class MemberQuestionScreen(Dialog[bool]):
    """Asks ``question`` (with a dim ``detail``) before a change to a member; dismisses
    with True for ``yes`` (y), False to keep things as they are (n, escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "Keep"),
    ]

    def __init__(self, question: Text, detail: str, yes: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with self.box(id="member-question-box"):
            yield Static(Text.assemble(self.question, "\n", (self.detail, "dim")))
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="member-question-yes")
                yield Button("Keep (n)", id="member-question-no")

    def on_mount(self) -> None:
        self.query_one("#member-question-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "member-question-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_cancel(self) -> None:
        self.dismiss(False)


class MemberAliasesScreen(Dialog[str | None]):
    """Shows the other names ``name`` goes by in chat exports and asks for more;
    dismisses with the typed text (names separated by commas) or None."""

    def __init__(self, name: str, aliases: tuple[str, ...]) -> None:
        super().__init__()
        self.member = name
        self.aliases = aliases

    def compose(self) -> ComposeResult:
        with self.box(id="member-aliases-box"):
            yield Static(Text.assemble("Aliases of ", (self.member, "bold")))
            known = ", ".join(self.aliases) if self.aliases else "none yet"
            yield Static(
                Text.assemble("Known as: ", (known, "" if self.aliases else "dim")),
                id="member-aliases-known",
            )
            yield Label("Add (comma separated, e.g. Ali, 小A)")
            yield Input(id="member-aliases-input")
            yield self.problem(id="member-aliases-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", id="member-aliases-ok", variant="primary")
                yield Button("Cancel", id="member-aliases-cancel")
            yield Static(
                "An import counts a message from an alias as the member's; "
                "an alias names one member.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#member-aliases-input", Input).focus()

    @on(Input.Submitted, "#member-aliases-input")
    @on(Button.Pressed, "#member-aliases-ok")
    def _submit(self) -> None:
        text = self.query_one("#member-aliases-input", Input).value.strip(" ,，、")
        if not text:
            self.query_one("#member-aliases-problem", Static).update(
                "Type one or more aliases separated by commas, e.g. Ali, 小A."
            )
            return
        self.dismiss(text)

    @on(Button.Pressed, "#member-aliases-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
