"""The Members tab: who is in the camp; adding, importing, grouping, pairing and removing them."""

from __future__ import annotations

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
from camp.services.members import (
    add_members,
    auto_pair,
    merge_members_csv,
    pair_members,
    remove_member,
    set_member_group,
)
from tui.members_data import VIEWS, MembersData, load_members, split_names
from tui.messages import LoadFailed, MembersChanged, MembersChangeRefused, MembersLoaded
from tui.screens.dashboard import LIVE_REFRESH_SECONDS
from tui.screens.members import (
    ConfirmRemovalScreen,
    ImportMembersScreen,
    MemberGroupScreen,
    PartnerPickerScreen,
)
from tui.typed_app import camp_app
from tui.workers import Freshness, ShowsSlowLoads, still_loading

__all__ = ["ROWS_SHOWN", "MembersView"]

#: Rows in the table at once; "[" and "]" page through the rest of a big camp.
ROWS_SHOWN = 200

COLUMNS = (
    ("Name", "name"),
    ("Status", "status"),
    ("Shift", "shift"),
    ("Team", "team"),
    ("Pair", "partner"),
    ("Points", "points"),
    ("Days", "counted_days"),
    ("Streak", "streak"),
    ("Messages", "messages"),
)
STATUS_STYLES = {"active": "", "warned": "bold yellow", "removed": "dim strike"}
REFUSED_TITLES = {
    "add": "Could not add members",
    "remove": "Could not remove the member",
    "pair": "Could not pair",
    "import": "Could not import members",
    "group": "Could not set the shift or team",
}


class MembersView(ShowsSlowLoads, Vertical):
    """The members of the camp ``slug``; keys add, remove, pair and filter them."""

    LOAD_GROUPS = frozenset({"members"})
    LOADING_TARGET = "#members-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "focus_add", "Add"),
        Binding("i", "import_csv", "Import CSV"),
        Binding("g", "set_group", "Shift/team"),
        Binding("x", "remove", "Remove"),
        Binding("p", "auto_pair", "Auto-pair"),
        Binding("m", "pair", "Pair with…"),
        Binding("f", "cycle_view", "List"),
        Binding("w", "toggle_warned", "Warned", show=False),
        Binding("right_square_bracket", "page(1)", "Next rows", key_display="]", show=False),
        Binding("left_square_bracket", "page(-1)", "Previous rows", key_display="[", show=False),
    ]

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self._freshness = Freshness()
        self.data: MembersData | None = None
        #: The list shown, a key of ``VIEWS``: everyone, the warned, due for removal, removed.
        self.view = "all"
        self._offset = 0

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
        self.set_interval(LIVE_REFRESH_SECONDS, self._live_refresh)

    # ---------------------------------------------------------------- loading

    def _live_refresh(self) -> None:
        # Another process (an import, the scheduler) may change the members.
        tabs = self.screen.query_one(TabbedContent)
        if (
            self.screen.is_current
            and tabs.active == "members"
            and not still_loading(self, "members")
            and self._freshness.stale(camp_app(self).data_version())
        ):
            self.reload()

    def reload(self) -> None:
        """Read the page shown again (in a worker: the screen never waits)."""
        self._load(self.view, self._offset)

    @work(thread=True, exclusive=True, group="members")
    def _load(self, view: str, offset: int) -> None:
        try:
            with camp_app(self).database() as db:
                data = load_members(
                    db, self.slug, clock.now(), view=view, offset=offset, limit=ROWS_SHOWN
                )
        except CampError as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(MembersLoaded(data))

    @on(MembersLoaded)
    def _loaded(self, message: MembersLoaded) -> None:
        message.stop()
        if message.data.view != self.view:
            return  # read for the list shown before
        self._offset = message.data.offset
        if message.data != self.data:
            self.data = message.data
            self._show()

    # ---------------------------------------------------------------- table

    def _show(self) -> None:
        table = self.query_one("#members-table", DataTable)
        highlighted = self.highlighted()
        data = self.data
        assert data is not None
        table.clear()
        for line in data.lines:
            status = line.status if line.missed is None else f"{line.status} · {line.missed} missed"
            table.add_row(
                Text(line.name, style="bold" if line.status == "warned" else ""),
                Text(status, style=STATUS_STYLES.get(line.status, "dim")),
                line.shift or "",
                line.team or "",
                line.partner or "",
                Text(str(line.points), justify="right"),
                Text(str(line.counted_days), justify="right"),
                Text(f"🔥{line.streak}" if line.streak > 1 else str(line.streak), justify="right"),
                Text(str(line.messages), justify="right"),
                key=line.name,
            )
        names = [line.name for line in data.lines]
        if highlighted in names:
            table.move_cursor(row=names.index(highlighted), animate=False)
        counts = data.counts
        current = counts["active"] + counts["warned"]
        summary = f"{current} members · {counts['warned']} warned · {counts['removed']} removed"
        if data.view != "all":
            summary += f" · showing {VIEWS[data.view]}: {data.total}"
            if data.view == "removal":
                summary += (
                    f" (missed days in a row up to day {data.judged_day})"
                    if data.judged_day
                    else " (no day has closed yet)"
                )
        if data.total > ROWS_SHOWN:
            first = data.offset + 1 if data.lines else 0
            summary += f" · rows {first}–{data.offset + len(data.lines)}, [ ] for more"
        summary += " · f changes the list"
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
            with camp_app(self).database() as db:
                summary = change(db)
        except CampError as exc:
            self.post_message(MembersChangeRefused(kind, str(exc)))
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

    def _show_view(self, view: str) -> None:
        self.view = view
        self._offset = 0
        self.reload()

    def action_toggle_warned(self) -> None:
        self._show_view("all" if self.view == "warned" else "warned")

    def action_cycle_view(self) -> None:
        views = list(VIEWS)
        self._show_view(views[(views.index(self.view) + 1) % len(views)])

    def action_page(self, step: int) -> None:
        if self.data is None:
            return
        offset = self._offset + step * ROWS_SHOWN
        if 0 <= offset < self.data.total:
            self._offset = offset
            self.reload()

    def action_import_csv(self) -> None:
        slug = self.slug

        def chosen(path: str | None) -> None:
            if not path:
                return

            def merge(db: Database) -> str:
                done = merge_members_csv(db, slug, path, now=clock.now())
                text = (
                    f"Added {len(done.added)} members ({_some(done.added)})"
                    if done.added
                    else "Added nobody"
                )
                if done.skipped:
                    text += (
                        f"; skipped {len(done.skipped)} already in the camp ({_some(done.skipped)})"
                    )
                return text + "."

            self._change("import", merge)

        self.app.push_screen(ImportMembersScreen(), chosen)

    def action_set_group(self) -> None:
        highlighted = self.highlighted()
        line = (
            next((x for x in self.data.lines if x.name == highlighted), None) if self.data else None
        )
        if line is None or self.data is None:
            self.notify("Highlight a member first.", severity="warning")
            return
        slug, name = self.slug, line.name

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            shift, team = answer
            # Only what was changed is sent: an untouched field is not judged again.
            new_shift = shift if shift != (line.shift or "") else None
            new_team = team if team != (line.team or "") else None
            if new_shift is None and new_team is None:
                self.notify("Nothing changed.", markup=False)
                return

            def save(db: Database) -> str:
                member = set_member_group(
                    db, slug, name, shift=new_shift, team=new_team, now=clock.now()
                )
                return (
                    f"{member.name}: shift {member.shift or 'none'}, team {member.team or 'none'}."
                )

            self._change("group", save)

        self.app.push_screen(
            MemberGroupScreen(name, line.shift, line.team, self.data.windows, self.data.group),
            chosen,
        )


def _some(names: list[str], shown: int = 5) -> str:
    """``Ann, Ben`` or ``Ann, Ben, … and 12 more``."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])}, … and {len(names) - shown} more"
