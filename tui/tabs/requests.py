"""The Requests tab: members' makeup and leave requests (``#补卡 N``, ``#请假 N``), decided
in batch: mark rows, then approve or reject them; a refused one stays pending, marked."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from camp import clock
from camp.services.requests import Decision, approve_requests, reject_requests
from tui.dialogs.confirm import ConfirmScreen
from tui.messages import ChangeRefused
from tui.tables import Table, keep_scroll
from tui.tabs.requests_data import (
    VIEWS,
    RequestLine,
    RequestsData,
    decisions_text,
    load_requests,
)
from tui.workers import ShowsSlowLoads, read_and_post

__all__ = ["MARK", "MESSAGE_WIDTH", "RequestsView"]

#: The mark of a row chosen for the next decision.
MARK = "●"
#: Cells of the member's message shown in the table (the whole text is under it).
MESSAGE_WIDTH = 40

COLUMNS = (
    (MARK, "mark"),
    ("#", "id"),
    ("Member", "member"),
    ("Kind", "kind"),
    ("Day", "day"),
    ("Received", "created"),
    ("Source", "source"),
    ("Message", "text"),
    ("Status", "status"),
)
STATUS_STYLES = {"pending": "", "approved": "green", "rejected": "dim"}


def _message_cell(text: str) -> Text:
    cell = Text(" ".join(text.split()) or "—", style="" if text.strip() else "dim")
    cell.truncate(MESSAGE_WIDTH, overflow="ellipsis")
    return cell


class RequestsView(ShowsSlowLoads, Vertical):
    """The requests of the camp ``slug``; ``space`` marks, ``a`` / ``x`` decide."""

    class Loaded(Message):
        """The tab's requests were read."""

        def __init__(self, data: RequestsData) -> None:
            super().__init__()
            self.data = data

    class Decided(Message):
        """A batch of requests was decided (``approve`` or not); it bubbles up to the
        camp's screen, whose other tabs then read what changed."""

        def __init__(self, decisions: tuple[Decision, ...], approve: bool, marked: bool) -> None:
            super().__init__()
            self.decisions = decisions
            self.approve = approve
            self.marked = marked

    LOAD_GROUPS = frozenset({"requests"})
    LOADING_TARGET = "#requests-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark"),
        Binding("a", "approve", "Approve"),
        Binding("x", "reject", "Reject"),
        Binding("A", "approve_all", "Approve all"),
        Binding("f", "cycle_view", "List"),
    ]

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.data: RequestsData | None = None
        #: The list shown, a key of ``VIEWS``.
        self.view = "pending"
        #: The ids of the marked requests (pending ones only).
        self.marked: set[int] = set()
        #: Why the rules refused a request this session (it stayed pending), by id.
        self.refusals: dict[int, str] = {}
        #: The marks or refusals changed: the next load draws the rows even if the same.
        self._redraw = False

    def compose(self) -> ComposeResult:
        yield Static(id="requests-summary")
        yield Table(id="requests-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="request-detail")

    def on_mount(self) -> None:
        table = self.query_one("#requests-table", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)

    # ---------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="requests")
    def reload(self) -> None:
        """Read the requests again (in a worker: the screen never waits)."""
        view = self.view
        read_and_post(self, lambda db: load_requests(db, self.slug, view=view), self.Loaded)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        data = message.data
        if data.view != self.view:
            return  # read for the list shown before
        pending = {line.id for line in data.lines if line.request.status == "pending"}
        # Both lists hold every pending request: one decided elsewhere (the command
        # line, a second operator) is no longer marked, nor refused.
        self.marked &= pending
        self.refusals = {i: r for i, r in self.refusals.items() if i in pending}
        if data == self.data and not self._redraw:
            self._show_summary()
            return  # a live refresh that found nothing new: the cursor and scroll stay
        self.data = data
        self._redraw = False
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#requests-table", DataTable)
        data = self.data
        assert data is not None
        highlighted = self._highlighted_id(table)
        cursor, scrolled = table.cursor_row, table.scroll_offset
        table.clear()
        for line in data.lines:
            table.add_row(*self._row(line), key=str(line.id))
        ids = [line.id for line in data.lines]
        if highlighted in ids:
            table.move_cursor(row=ids.index(highlighted), animate=False)
        elif ids:
            table.move_cursor(row=min(cursor, len(ids) - 1), animate=False)
        keep_scroll(table, scrolled)
        self._show_summary()
        self._show_detail()
        self.refresh_bindings()

    def _row(self, line: RequestLine) -> list:
        request = line.request
        status = Text(request.status, style=STATUS_STYLES.get(request.status, ""))
        if request.id in self.refusals:
            status = Text("pending · refused", style="bold yellow")
        return [
            self._mark_cell(request.id),
            Text(str(request.id), justify="right"),
            request.member,
            request.kind,
            f"{request.day} · {line.date}" if line.date else str(request.day),
            request.created.format("MM-DD HH:mm"),
            request.source,
            _message_cell(request.text),
            status,
        ]

    def _mark_cell(self, request_id: int) -> Text:
        return Text(MARK if request_id in self.marked else "", style="bold yellow")

    def _show_summary(self) -> None:
        data = self.data
        if data is None:
            return
        counts = data.counts
        text = (
            f"{data.pending} pending · {counts.get('approved', 0)} approved · "
            f"{counts.get('rejected', 0)} rejected · showing {VIEWS[data.view]}"
        )
        if self.marked:
            text += f" · {len(self.marked)} marked"
        self.query_one("#requests-summary", Static).update(text)

    @staticmethod
    def _highlighted_id(table: DataTable) -> int | None:
        """The id on the cursor row as drawn (the data may be newer than the rows)."""
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def _highlighted(self) -> RequestLine | None:
        table = self.query_one("#requests-table", DataTable)
        if self.data is None or not self.data.lines or table.row_count == 0:
            return None
        return self.data.lines[min(max(table.cursor_row, 0), len(self.data.lines) - 1)]

    @on(DataTable.RowHighlighted, "#requests-table")
    def _row_highlighted(self) -> None:
        self._show_detail()
        self.refresh_bindings()

    def _show_detail(self) -> None:
        line = self._highlighted()
        detail = self.query_one("#request-detail", Static)
        if line is None:
            waiting = "No request waits" if self.view == "pending" else "No request yet"
            detail.update(
                Text(
                    f"{waiting}. Members ask with #补卡 N (a makeup) or #请假 N (a leave) in "
                    "the chat; `camp requests add` queues one by hand.",
                    style="dim",
                )
            )
            return
        request = line.request
        when = f"day {request.day}" + (f" ({line.date})" if line.date else "")
        text = Text.assemble(
            (f"Request {request.id}", "bold"),
            f" · {request.member} · {request.kind} for {when} · {request.source}, received "
            f"{request.created.format('YYYY-MM-DD HH:mm')}",
        )
        if request.decided is not None:
            text.append(f" · {request.status} {request.decided.format('YYYY-MM-DD HH:mm')}")
        text.append("\n")
        if request.text.strip():
            text.append(request.text.strip())
        else:
            text.append("(no message)", style="dim")
        reason = self.refusals.get(request.id)
        if reason:
            text.append("\nRefused: ", style="bold yellow")
            text.append(reason)
        detail.update(text)

    def _focus_table(self) -> None:
        self.query_one("#requests-table", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer greys the keys with nothing to act on (no pending request).
        if action in ("mark", "approve", "reject"):
            line = self._highlighted()
            pending = line is not None and line.request.status == "pending"
            return True if pending or (action != "mark" and self.marked) else None
        if action == "approve_all":
            return True if self.data is not None and self.data.pending else None
        return True

    # ---------------------------------------------------------------- marking

    def action_mark(self) -> None:
        """Mark the highlighted request, or unmark it; the cursor moves to the next row."""
        line = self._highlighted()
        if line is None:
            return
        if line.request.status != "pending":
            self.notify(
                f"Request {line.id} is {line.request.status} already; only pending requests "
                "are marked.",
                severity="warning",
                markup=False,
            )
            return
        if line.id in self.marked:
            self.marked.discard(line.id)
        else:
            self.marked.add(line.id)
        table = self.query_one("#requests-table", DataTable)
        table.update_cell(str(line.id), "mark", self._mark_cell(line.id))
        table.action_cursor_down()
        self._show_summary()

    def action_cycle_view(self) -> None:
        views = list(VIEWS)
        self.view = views[(views.index(self.view) + 1) % len(views)]
        self.reload()

    # ---------------------------------------------------------------- deciding

    def _targets(self) -> list[RequestLine]:
        """The marked requests in the order shown, or the highlighted one (when pending)."""
        if self.data is None:
            return []
        if self.marked:
            return [line for line in self.data.lines if line.id in self.marked]
        line = self._highlighted()
        if line is None:
            self.notify("No request to decide.", severity="warning", markup=False)
            return []
        if line.request.status != "pending":
            self.notify(
                f"Request {line.id} was already {line.request.status}; nothing to decide.",
                severity="warning",
                markup=False,
            )
            return []
        return [line]

    def action_approve(self) -> None:
        targets = self._targets()
        if targets:
            self._decide(tuple(line.id for line in targets), True, bool(self.marked))

    def action_reject(self) -> None:
        targets = self._targets()
        if not targets:
            return
        ids = tuple(line.id for line in targets)
        marked = bool(self.marked)
        if len(targets) == 1:
            request = targets[0].request
            what = f"request {request.id} ({request.member}, {request.kind} for day {request.day})"
            after = "It stays listed as rejected; the member's days do not change."
        else:
            what = f"these {len(targets)} requests"
            after = "They stay listed as rejected; the members' days do not change."

        def answered(yes: bool | None) -> None:
            self._focus_table()
            if yes:
                self._decide(ids, False, marked)

        self.app.push_screen(ConfirmScreen(f"Reject {what}? {after}"), answered)

    def action_approve_all(self) -> None:
        if self.data is None:
            return
        ids = tuple(line.id for line in self.data.lines if line.request.status == "pending")
        if not ids:
            self.notify("No request is pending.", markup=False)
            return
        count = f"{len(ids)} pending request{'s' if len(ids) != 1 else ''}"

        def answered(yes: bool | None) -> None:
            self._focus_table()
            if yes:
                self._decide(ids, True)

        self.app.push_screen(
            ConfirmScreen(
                f"Approve all {count}? A makeup is recorded within the camp's makeup limit, "
                "a leave within its leave quota; any the rules refuse stay pending."
            ),
            answered,
        )

    @work(thread=True, group="requests-write")
    def _decide(self, ids: tuple[int, ...], approve: bool, marked: bool = False) -> None:
        """Decide ``ids`` with the worker's own connection (each request in its own
        transaction, so a refused one leaves the others decided)."""
        decide = approve_requests if approve else reject_requests
        read_and_post(
            self,
            lambda db: tuple(decide(db, self.slug, list(ids), now=clock.now())),
            lambda decisions: self.Decided(decisions, approve, marked),
            lambda reason: ChangeRefused("Nothing was decided", reason),
        )

    @on(Decided)
    def _decided(self, message: Decided) -> None:
        # Not stopped: the camp's screen counts the pending requests again.
        for decision in message.decisions:
            request_id = decision.request.id
            if decision.outcome == "refused":
                self.refusals[request_id] = decision.reason or ""
            else:
                self.marked.discard(request_id)
                self.refusals.pop(request_id, None)
        title, text, severity = decisions_text(
            message.decisions, approve=message.approve, marked=message.marked
        )
        self.notify(text, title=title, severity=severity, markup=False, timeout=10)
        self._redraw = True
        self.reload()

    @on(ChangeRefused)
    def _refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.notify(message.reason, title=message.title, severity="error", markup=False)
        self.reload()
