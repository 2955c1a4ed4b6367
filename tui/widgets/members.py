"""The Members tab: who is in the camp, adding, removing and pairing them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static, TabbedContent

from camp import clock
from camp.db import Database
from camp.errors import CampError
from camp.services.members import add_members, auto_pair, pair_members, remove_member
from tui.members_data import MemberLine, MembersData, load_members, split_names
from tui.messages import LoadFailed, MembersChanged, MembersChangeRefused, MembersLoaded
from tui.screens.dashboard import LIVE_REFRESH_SECONDS
from tui.screens.members import ConfirmRemovalScreen, PartnerPickerScreen
from tui.workers import still_loading

__all__ = ["MembersView"]

COLUMNS = (
    ("Name", "name"),
    ("Status", "status"),
    ("Shift", "shift"),
    ("Team", "team"),
    ("Partner", "partner"),
    ("Days", "counted_days"),
    ("Messages", "messages"),
    ("Streak", "streak"),
)
STATUS_STYLES = {"active": "", "warned": "bold yellow"}
REFUSED_TITLES = {
    "add": "Could not add members",
    "remove": "Could not remove the member",
    "pair": "Could not pair",
}


class MembersView(Vertical):
    """The members of the camp ``slug``; keys add, remove, pair and filter them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "focus_add", "Add"),
        Binding("x", "remove", "Remove"),
        Binding("p", "auto_pair", "Auto-pair"),
        Binding("m", "pair", "Pair with…"),
        Binding("w", "toggle_warned", "Warned"),
    ]

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.data: MembersData | None = None
        #: Show only the members with status ``warned``.
        self.warned_only = False

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="add members: Alice, 小明 (comma separated), Enter adds them",
            id="member-add",
        )
        yield Static(id="members-summary")
        yield DataTable(id="members-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#members-table", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        self.reload()
        self.set_interval(LIVE_REFRESH_SECONDS, self._live_refresh)

    # ---------------------------------------------------------------- loading

    def _live_refresh(self) -> None:
        # Another process (an import, the scheduler) may change the members.
        tabs = self.screen.query_one(TabbedContent)
        if (
            self.screen.is_current
            and tabs.active == "members"
            and not still_loading(self, "members")
        ):
            self.reload()

    @work(thread=True, exclusive=True, group="members")
    def reload(self) -> None:
        """Read the members again (in a worker: the screen never waits)."""
        try:
            with self.app.database() as db:
                data = load_members(db, self.slug, clock.now())
        except (CampError, sqlite3.Error) as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(MembersLoaded(data))

    @on(MembersLoaded)
    def _loaded(self, message: MembersLoaded) -> None:
        message.stop()
        if message.data != self.data:
            self.data = message.data
            self._show()

    # ---------------------------------------------------------------- table

    def _shown_lines(self) -> tuple[MemberLine, ...]:
        if self.data is None:
            return ()
        if self.warned_only:
            return tuple(line for line in self.data.lines if line.status == "warned")
        return self.data.lines

    def _show(self) -> None:
        table = self.query_one("#members-table", DataTable)
        highlighted = self.highlighted()
        lines = self._shown_lines()
        table.clear()
        for line in lines:
            table.add_row(
                Text(line.name, style="bold" if line.status == "warned" else ""),
                Text(line.status, style=STATUS_STYLES.get(line.status, "dim")),
                line.shift or "",
                line.team or "",
                line.partner or "",
                Text(str(line.counted_days), justify="right"),
                Text(str(line.messages), justify="right"),
                Text(f"🔥{line.streak}" if line.streak > 1 else str(line.streak), justify="right"),
                key=line.name,
            )
        names = [line.name for line in lines]
        if highlighted in names:
            table.move_cursor(row=names.index(highlighted), animate=False)
        total = len(self.data.lines) if self.data else 0
        warned = sum(line.status == "warned" for line in self.data.lines) if self.data else 0
        summary = f"{total} members · {warned} warned"
        if self.warned_only:
            summary += " · showing the warned only (w shows everyone)"
        self.query_one("#members-summary", Static).update(summary)

    def highlighted(self) -> str | None:
        """The name on the table's cursor row, if any."""
        table = self.query_one("#members-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    # ---------------------------------------------------------------- writes

    @work(thread=True, group="members-write")
    def _change(self, kind: str, change: Callable[[Database], str]) -> None:
        """Run one write with the worker's own connection; the outcome comes back as a message."""
        try:
            with self.app.database() as db:
                summary = change(db)
        except CampError as exc:
            self.post_message(MembersChangeRefused(kind, str(exc)))
        except sqlite3.Error as exc:
            self.post_message(MembersChangeRefused(kind, f"The database refused it: {exc}."))
        else:
            self.post_message(MembersChanged(kind, summary))

    @on(MembersChanged)
    def _changed(self, message: MembersChanged) -> None:
        message.stop()
        if message.kind == "add":
            self.query_one("#member-add", Input).value = ""
        self.notify(message.summary, title="Members changed", markup=False)
        self.reload()

    @on(MembersChangeRefused)
    def _refused(self, message: MembersChangeRefused) -> None:
        message.stop()
        title = REFUSED_TITLES.get(message.kind, "Could not change the members")
        self.notify(message.reason, title=title, severity="error", markup=False)

    @on(Input.Submitted, "#member-add")
    def _add_submitted(self, event: Input.Submitted) -> None:
        names = split_names(event.value)
        if not names:
            self.notify("Type names separated by commas, e.g. Alice, 小明.", severity="warning")
            return
        slug = self.slug

        def add(db: Database) -> str:
            added = add_members(db, slug, names, now=clock.now())
            return f"Added {', '.join(added)}."

        self._change("add", add)

    def action_focus_add(self) -> None:
        self.query_one("#member-add", Input).focus()

    def action_auto_pair(self) -> None:
        slug = self.slug

        def pair(db: Database) -> str:
            result = auto_pair(db, slug, now=clock.now())
            if not result.pairs and not result.left_over:
                return "Everyone already has a partner."
            text = f"Paired {'; '.join(result.pairs)}." if result.pairs else "No new pairs."
            if result.left_over:
                text += f" {', '.join(result.left_over)} is left without a partner."
            return text

        self._change("pair", pair)

    def action_remove(self) -> None:
        name = self.highlighted()
        if name is None:
            self.notify("Highlight a member first.", severity="warning")
            return
        slug = self.slug

        def confirmed(remove: bool | None) -> None:
            if remove:
                self._change(
                    "remove",
                    lambda db: f"Removed {remove_member(db, slug, name, now=clock.now()).name}.",
                )

        self.app.push_screen(ConfirmRemovalScreen(name, slug), confirmed)

    def action_pair(self) -> None:
        name = self.highlighted()
        if name is None or self.data is None:
            self.notify("Highlight a member first.", severity="warning")
            return
        candidates = [
            line.name for line in self.data.lines if line.partner is None and line.name != name
        ]
        if not candidates:
            self.notify("Nobody else is waiting for a partner.", severity="warning")
            return
        slug = self.slug

        def chosen(partner: str | None) -> None:
            if partner:
                self._change(
                    "pair",
                    lambda db: f"Paired {pair_members(db, slug, name, partner, now=clock.now())}.",
                )

        self.app.push_screen(PartnerPickerScreen(name, candidates), chosen)

    def action_toggle_warned(self) -> None:
        self.warned_only = not self.warned_only
        self._show()
