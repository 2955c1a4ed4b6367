"""The Members tab: who is in the camp; finding, sorting, adding, importing, grouping,
pairing, converting, aliasing, removing and restoring them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static, TabbedContent
from textual.widgets.data_table import ColumnKey

from camp import clock
from camp.db import Database
from camp.services.imports import add_aliases
from camp.services.leave import LeaveGranted
from camp.services.members import (
    PageKey,
    add_members,
    auto_pair,
    mark_converted,
    merge_members_csv,
    pair_members,
    remove_member,
    set_member_group,
    unpair_member,
)
from tui.dialogs.leave import LeaveScreen
from tui.dialogs.members import (
    ConfirmRemovalScreen,
    ImportMembersScreen,
    MemberAliasesScreen,
    MemberGroupScreen,
    MemberQuestionScreen,
    PartnerPickerScreen,
)
from tui.tables import Table
from tui.tabs.members_data import (
    SORTS,
    VIEWS,
    MemberLine,
    MembersData,
    load_members,
    split_names,
    warm_name_index,
)
from tui.typed_app import camp_app
from tui.workers import (
    LIVE_REFRESH_SECONDS,
    Freshness,
    ShowsSlowLoads,
    read_and_post,
    still_loading,
    typing_in_a_field,
)

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
#: The order each column's heading sorts by (a click on it; again turns it round).
COLUMN_SORTS = {
    "name": "name",
    "points": "points",
    "counted_days": "days",
    "streak": "streak",
    "messages": "messages",
}
#: What ``s`` moves on to from each order.
NEXT_SORT = {
    "joined": "name",
    "name": "points",
    "points": "days",
    "days": "streak",
    "streak": "messages",
    "messages": "joined",
}
STATUS_STYLES = {"active": "", "warned": "bold yellow", "removed": "dim strike"}
REFUSED_TITLES = {
    "add": "Could not add members",
    "remove": "Could not remove the member",
    "restore": "Could not restore the member",
    "pair": "Could not pair",
    "unpair": "Could not unpair",
    "import": "Could not import members",
    "group": "Could not set the shift or team",
    "alias": "Could not add the aliases",
    "convert": "Could not change the conversion",
}


#: How a pair made by auto-pairing (``camp pair --auto``, ``p``, the camp's pairing
#: event) is marked after the partner's name.
AUTO_MARK = " · auto"


def _partner_text(line: MemberLine) -> Text:
    """The partner, marked when auto-pairing found them."""
    text = Text(line.partner or "")
    if line.partner and line.pair_auto:
        text.append(AUTO_MARK, style="dim")
    return text


class MembersView(ShowsSlowLoads, Vertical):
    """The members of the camp ``slug``; keys find, sort, add, remove, pair and filter them."""

    class ChangeRefused(Message):
        """The engine refused a change of members; ``reason`` is its one-sentence explanation."""

        def __init__(self, kind: str, reason: str) -> None:
            super().__init__()
            self.kind = kind
            self.reason = reason

    class Changed(Message):
        """Members were added, removed or paired; ``kind`` names the change, ``summary`` tells it."""

        def __init__(self, kind: str, summary: str) -> None:
            super().__init__()
            self.kind = kind
            self.summary = summary

    class Loaded(Message):
        """A camp's members were read from the database."""

        def __init__(self, data: MembersData) -> None:
            super().__init__()
            self.data = data

    class StatementWanted(Message):
        """Enter on a member: their statement is wanted (the camp's screen opens it)."""

        def __init__(self, slug: str, member: str) -> None:
            super().__init__()
            self.slug, self.member = slug, member

    LOAD_GROUPS = frozenset({"members"})
    LOADING_TARGET = "#members-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        # The tab's own "/" is checked before the screen's quick check-in: the table
        # that has the keys sits inside this view.
        Binding("slash", "search", "Find", key_display="/", priority=True),
        # Only while searching: Escape clears the search first, then leaves the camp.
        Binding("escape", "leave_search", "Clear search"),
        Binding("s", "cycle_sort", "Sort"),
        Binding("S", "reverse_sort", "Reverse", show=False),
        Binding("a", "focus_add", "Add"),
        Binding("i", "import_csv", "Import CSV", show=False),
        Binding("g", "set_group", "Shift/team", show=False),
        # One of the two shows, as the highlighted member is removed or not.
        Binding("x", "remove", "Remove"),
        Binding("x", "restore", "Restore"),
        Binding("p", "auto_pair", "Auto-pair", show=False),
        Binding("m", "pair", "Pair with…"),
        Binding("u", "unpair", "Unpair", show=False),
        Binding("l", "aliases", "Aliases", show=False),
        Binding("e", "grant_leave", "Leave"),
        Binding("v", "toggle_converted", "Converted", show=False),
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
        #: The search typed (names containing it, or Chinese names by its pinyin).
        self.search = ""
        #: The order, a key of ``SORTS``, and whether it is turned round.
        self.sort = "joined"
        self.reverse = False
        #: Where each page up to the one shown starts: after the key of the row before it
        #: (``None`` for the first page). "]" pushes, "[" pops.
        self._pages: list[PageKey | None] = [None]
        #: Enter in the search box: the cursor goes to the first match once it is read.
        self._jump = False
        self._index_warmed = False

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="add members: Alice, 小明 (comma separated), Enter adds them",
            id="member-add",
        )
        search = Input(
            placeholder="find: part of a name, or its pinyin (xm, xiaoming); Enter jumps to it",
            id="member-search",
        )
        search.display = False
        yield search
        yield Static(id="members-summary")
        yield Table(id="members-table", cursor_type="row", zebra_stripes=True)

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

    def _request(self) -> tuple:
        """What the table should show now: the list, search, order and page."""
        return (self.view, self.search, self.sort, self.reverse, self._pages[-1])

    def reload(self) -> None:
        """Read the page shown again (in a worker: the screen never waits)."""
        self._freshness.mark(camp_app(self).data_version())
        self._load(self._request())

    @work(thread=True, exclusive=True, group="members")
    def _load(self, request: tuple) -> None:
        view, search, sort, reverse, after = request
        read_and_post(
            self,
            lambda db: load_members(
                db,
                self.slug,
                clock.now(),
                view=view,
                search=search,
                sort=sort,
                reverse=reverse,
                after=after,
                limit=ROWS_SHOWN,
            ),
            self.Loaded,
        )

    @work(thread=True, exclusive=True, group="members-index")
    def _warm_index(self) -> None:
        # The first search of a camp of 100,000 would otherwise wait for the index.
        # Nothing to post: the search that needs the index reports what is wrong.
        read_and_post(self, lambda db: warm_name_index(db, self.slug), lambda _: None, None)

    @on(Loaded)
    def _loaded(self, message: MembersView.Loaded) -> None:
        message.stop()
        data = message.data
        view, search, sort, reverse, after = self._request()
        if (data.view, data.search, data.sort, data.reverse) != (
            view,
            search.strip(),
            sort,
            reverse,
        ):
            return  # read for a list, search or order shown before
        if data.restarted and after is not None:
            self._pages = [None]  # the page was gone: the first one came instead
        elif data.after != after:
            return  # read for a page shown before
        if not self._index_warmed:
            self._index_warmed = True
            self._warm_index()
        if data != self.data:
            self.data = data
            self._show()
        if self._jump:
            self._jump = False
            self._jump_to_match()

    # ---------------------------------------------------------------- table

    def _show(self) -> None:
        table = self.query_one("#members-table", DataTable)
        highlighted = self.highlighted()
        data = self.data
        assert data is not None
        table.clear()
        self._label_columns(table, data)
        for line in data.lines:
            status = line.status
            if line.converted:
                status += " · converted"
            if line.missed is not None:
                status += f" · {line.missed} missed"
            table.add_row(
                Text(line.name, style="bold" if line.status == "warned" else ""),
                Text(status, style=STATUS_STYLES.get(line.status, "dim")),
                line.shift or "",
                line.team or "",
                _partner_text(line),
                Text(str(line.points), justify="right"),
                Text(str(line.counted_days), justify="right"),
                Text(f"🔥{line.streak}" if line.streak > 1 else str(line.streak), justify="right"),
                Text(str(line.messages), justify="right"),
                key=line.name,
            )
        names = [line.name for line in data.lines]
        if highlighted in names:
            table.move_cursor(row=names.index(highlighted), animate=False)
        self.query_one("#members-summary", Static).update(self._summary(data))
        self.refresh_bindings()

    def _label_columns(self, table: DataTable, data: MembersData) -> None:
        """Headings as they are, the sorted one with an arrow pointing the way it goes."""
        for label, key in COLUMNS:
            text = label
            if COLUMN_SORTS.get(key) == data.sort:
                rising = data.sort == "name"
                text += " ▲" if rising != data.reverse else " ▼"
            column = table.columns[ColumnKey(key)]
            if str(column.label) != text:
                column.label = Text(text)
                # The column keeps its width for its cells; the arrow needs two more.
                column.content_width = max(column.content_width, column.label.cell_len)
                table.refresh()

    def _summary(self, data: MembersData) -> str:
        counts = data.counts
        current = counts["active"] + counts["warned"]
        summary = f"{current} members · {counts['warned']} warned · {counts['removed']} removed"
        if data.view != "all":
            summary += f" · showing {VIEWS[data.view]}"
            if not data.search:
                summary += f": {data.total}"
            if data.view == "removal":
                summary += (
                    f" (missed days in a row up to day {data.judged_day})"
                    if data.judged_day
                    else " (no day has closed yet)"
                )
        if data.search:
            more = "+" if data.pinyin_capped else ""
            summary += f" · {data.total}{more} found for “{data.search}”"
        summary += f" · {SORTS[data.sort][int(data.reverse)]}"
        first = (len(self._pages) - 1) * ROWS_SHOWN
        if data.total > ROWS_SHOWN or first:
            last = first + len(data.lines)
            summary += f" · rows {first + 1 if data.lines else first}–{last}, [ ] for more"
        summary += " · / finds, s sorts, f changes the list, Enter: statement"
        return summary

    def highlighted(self) -> str | None:
        """The name on the table's cursor row, if any."""
        table = self.query_one("#members-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _highlighted_line(self) -> MemberLine | None:
        name = self.highlighted()
        if name is None or self.data is None:
            return None
        return next((line for line in self.data.lines if line.name == name), None)

    def _focus_table(self) -> None:
        self.query_one("#members-table", DataTable).focus()

    @on(DataTable.RowSelected, "#members-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        name = self.highlighted()
        if name is not None:
            # A screen of its own: the camp's screen opens it (a tab opens no screens).
            self.post_message(self.StatementWanted(self.slug, name))

    @on(DataTable.RowHighlighted, "#members-table")
    def _row_highlighted(self) -> None:
        # Remove or Restore, as the member under the cursor is removed or not.
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("remove", "restore"):
            line = self._highlighted_line()
            removed = line is not None and line.status == "removed"
            return removed if action == "restore" else not removed
        search = self.query_one("#member-search", Input)
        if action == "leave_search":
            return self.screen.focused is search or bool(search.value)
        if action == "search":
            return not typing_in_a_field(self)
        return True

    # ---------------------------------------------------------------- finding

    def action_search(self) -> None:
        search = self.query_one("#member-search", Input)
        search.display = True
        # At once, not after the keys already typed: "/xm" typed fast fills the field.
        self.screen.set_focus(search)
        self.refresh_bindings()

    @on(Input.Changed, "#member-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip() == self.search.strip():
            self.search = event.value
            return
        self.search = event.value
        self._pages = [None]
        self.reload()

    @on(Input.Submitted, "#member-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._focus_table()
        data = self.data
        if data is not None and data.search == self.search.strip() and data.after is None:
            self._jump_to_match()
        else:
            self._jump = True  # the search's rows are still being read

    def _jump_to_match(self) -> None:
        """The cursor on the first row found (the member named just so, if listed)."""
        if self.data is None or not self.data.lines:
            if self.search.strip():
                self.notify(f"Nobody found for “{self.search.strip()}”.", markup=False)
            return
        names = [line.name for line in self.data.lines]
        folded = self.search.strip().casefold()
        row = next((i for i, name in enumerate(names) if name.casefold() == folded), 0)
        self.query_one("#members-table", DataTable).move_cursor(row=row, animate=False)

    def action_leave_search(self) -> None:
        search = self.query_one("#member-search", Input)
        search.value = ""
        search.display = False
        self._focus_table()
        self.refresh_bindings()

    def _set_sort(self, sort: str, reverse: bool) -> None:
        self.sort, self.reverse = sort, reverse
        self._pages = [None]
        self.reload()

    def action_cycle_sort(self) -> None:
        self._set_sort(NEXT_SORT[self.sort], False)

    def action_reverse_sort(self) -> None:
        self._set_sort(self.sort, not self.reverse)

    @on(DataTable.HeaderSelected, "#members-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        sort = COLUMN_SORTS.get(str(event.column_key.value), "joined")
        self._set_sort(sort, not self.reverse if sort == self.sort else False)

    # ---------------------------------------------------------------- writes

    @work(thread=True, group="members-write")
    def _change(self, kind: str, change: Callable[[Database], str]) -> None:
        """Run one write with the worker's own connection; the outcome comes back as a message."""
        read_and_post(
            self,
            change,
            partial(MembersView.Changed, kind),
            partial(MembersView.ChangeRefused, kind),
        )

    @on(Changed)
    def _changed(self, message: MembersView.Changed) -> None:
        message.stop()
        if message.kind == "add":
            self.query_one("#member-add", Input).value = ""
        self.notify(message.summary, title="Members changed", markup=False)
        self.reload()

    @on(ChangeRefused)
    def _refused(self, message: MembersView.ChangeRefused) -> None:
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
            if not result.pairs and result.joined is None and not result.left_over:
                return "Everyone already has a partner."
            text = f"Paired {'; '.join(result.pairs)}." if result.pairs else "No new pairs."
            if result.joined is not None:
                text += f" {result.joined[0]} joined a pair: {result.joined[1]}."
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
            self._focus_table()
            if remove:
                self._change(
                    "remove",
                    lambda db: remove_member(db, slug, name, now=clock.now()).describe(),
                )

        self.app.push_screen(ConfirmRemovalScreen(name, slug), confirmed)

    def action_restore(self) -> None:
        line = self._highlighted_line()
        if line is None:
            self.notify("Highlight a member first.", severity="warning")
            return
        slug, name = self.slug, line.name

        def confirmed(restore: bool | None) -> None:
            self._focus_table()
            if restore:

                def bring_back(db: Database) -> str:
                    add_members(db, slug, [name], now=clock.now())
                    return f"Restored {name}: back in the camp and on the leaderboards."

                self._change("restore", bring_back)

        question = Text.assemble("Restore ", (name, "bold"), f" to {slug}?")
        detail = "Their check-ins were kept; they are back on the leaderboards."
        self.app.push_screen(MemberQuestionScreen(question, detail, "Restore"), confirmed)

    def action_unpair(self) -> None:
        line = self._highlighted_line()
        if line is None:
            self.notify("Highlight a member first.", severity="warning")
            return
        slug, name = self.slug, line.name

        def unpair(db: Database) -> str:
            return f"Unpaired {unpair_member(db, slug, name)}."

        if line.partner is None:
            # Nothing to ask: the engine says why there is nothing to undo.
            self._change("unpair", unpair)
            return

        def confirmed(yes: bool | None) -> None:
            self._focus_table()
            if yes:
                self._change("unpair", unpair)

        question = Text.assemble("Unpair ", (name, "bold"), " and ", (line.partner, "bold"), "?")
        detail = "Both wait for a new partner; their check-ins stay their own."
        self.app.push_screen(MemberQuestionScreen(question, detail, "Unpair"), confirmed)

    def action_aliases(self) -> None:
        line = self._highlighted_line()
        if line is None:
            self.notify("Highlight a member first.", severity="warning")
            return
        slug, name = self.slug, line.name

        def chosen(text: str | None) -> None:
            self._focus_table()
            if not text:
                return
            aliases = split_names(text)

            def add(db: Database) -> str:
                added = add_aliases(db, slug, name, aliases)
                return f"{name} is also known as {', '.join(added)}."

            self._change("alias", add)

        self.app.push_screen(MemberAliasesScreen(name, line.aliases), chosen)

    def action_grant_leave(self) -> None:
        line = self._highlighted_line()
        if line is None:
            self.notify("Highlight a member first.", severity="warning")
            return
        if line.status == "removed":
            self.notify(
                f"{line.name} was removed; restore them (x) before giving leave.",
                severity="warning",
                markup=False,
            )
            return

        def given(granted: LeaveGranted | None) -> None:
            self._focus_table()
            if granted is None:
                return
            left = f"{granted.left} more leave day{'s' if granted.left != 1 else ''}"
            self.notify(
                f"{granted.member} is on leave on day {granted.day} ({granted.date}): "
                f"{granted.reason}; {left} left in that period.",
                title="Leave given",
                markup=False,
            )
            self.reload()

        self.app.push_screen(LeaveScreen(self.slug, line.name), given)

    def action_toggle_converted(self) -> None:
        line = self._highlighted_line()
        if line is None:
            self.notify("Highlight a member first.", severity="warning")
            return
        slug, name, converted = self.slug, line.name, not line.converted

        def mark(db: Database) -> str:
            mark_converted(db, slug, [name], converted=converted)
            if converted:
                return f"{name} is counted as converted in the camp report."
            return f"{name} is no longer counted as converted."

        self._change("convert", mark)

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
            self._focus_table()
            if partner:
                self._change(
                    "pair",
                    lambda db: f"Paired {pair_members(db, slug, name, partner, now=clock.now())}.",
                )

        self.app.push_screen(PartnerPickerScreen(name, candidates), chosen)

    def _show_view(self, view: str) -> None:
        self.view = view
        self._pages = [None]
        self.reload()

    def action_toggle_warned(self) -> None:
        self._show_view("all" if self.view == "warned" else "warned")

    def action_cycle_view(self) -> None:
        views = list(VIEWS)
        self._show_view(views[(views.index(self.view) + 1) % len(views)])

    def action_page(self, step: int) -> None:
        # Pages are read after the last row's key, not by counting rows: a page deep in
        # a camp of 100,000 costs what the first does.
        if self.data is None:
            return
        if step > 0 and self.data.next_after is not None:
            self._pages.append(self.data.next_after)
            self.reload()
        elif step < 0 and len(self._pages) > 1:
            self._pages.pop()
            self.reload()

    def action_import_csv(self) -> None:
        slug = self.slug

        def chosen(path: str | None) -> None:
            self._focus_table()
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
            self._focus_table()
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
