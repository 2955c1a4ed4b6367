"""The Announcements tab: a camp's events, their previews, outbox texts and deliveries."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from camp import clock
from camp.errors import CampError
from camp.services.announcing import preview_announcement, retry_event
from camp.services.events import EventRow
from camp.services.outbox import OutboxEntry, drop_delivery, retry_delivery
from tui.data import AnnouncementsData, load_announcements
from tui.dialogs.confirm import ConfirmScreen
from tui.messages import (
    ChangeRefused,
)
from tui.tables import Table, keep_scroll
from tui.typed_app import camp_app
from tui.workers import ShowsSlowLoads, read_and_post

__all__ = ["AnnouncementsView", "outbox_text"]

STATUS_STYLES = {
    "pending": "",
    "running": "bold",
    "done": "green",
    "failed": "bold red",
    "missed": "yellow",
}
DELIVERY_STYLES = {
    "sent": "green",
    "pending": "",
    "sending": "bold",
    "uncertain": "bold yellow",
    "failed": "bold red",
    "dropped": "dim",
}
COLUMNS = (
    ("Due", "due"),
    ("Kind", "kind"),
    ("Key", "key"),
    ("Status", "status"),
    ("Error", "error"),
)


def outbox_text(entry: OutboxEntry) -> Text:
    """An announcement that was produced: its deliveries, then the stored text."""
    text = Text()
    text.append(f"Announcement {entry.id} · {entry.title}\n", style="bold")
    text.append(f"produced {entry.created.format('YYYY-MM-DD HH:mm')}\n")
    for delivery in entry.deliveries:
        status = delivery["status"]
        text.append(f"  {delivery['channel']}: ")
        text.append(status, style=DELIVERY_STYLES.get(status, ""))
        text.append(f" ({delivery['attempts']} attempts")
        parts = delivery.get("parts") or {}
        if (parts.get("total") or 0) > 1 and status != "sent":
            text.append(f", {parts.get('sent', 0)}/{parts['total']} parts sent")
        text.append(")")
        if delivery["last_error"]:
            text.append(f" – {delivery['last_error']}", style="red")
        text.append("\n")
        if status == "uncertain":
            text.append(
                "    check the chat: not there → t retries it; there → a sends only the rest; "
                "d drops it\n",
                style="yellow",
            )
    text.append("\n")
    text.append(entry.text)
    return text


def _deliveries(count: int) -> str:
    return f"{count} delivery" if count == 1 else f"{count} deliveries"


class AnnouncementsView(ShowsSlowLoads, Horizontal):
    """The events of one camp; the highlighted one's text is shown beside the table."""

    class Changed(Message):
        """An event or a delivery was retried or dropped; ``summary`` tells what."""

        def __init__(self, title: str, summary: str) -> None:
            super().__init__()
            self.title = title
            self.summary = summary

    class Previewed(Message):
        """The text the event ``key`` would post now was rendered."""

        def __init__(self, key: str, text: str) -> None:
            super().__init__()
            self.key = key
            self.text = text

    class Loaded(Message):
        """A camp's events and outbox were read from the database."""

        def __init__(self, data: AnnouncementsData) -> None:
            super().__init__()
            self.data = data

    LOAD_GROUPS = frozenset({"announcements"})
    LOADING_TARGET = "#events"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "retry_delivery", "Retry delivery"),
        Binding("a", "arrived_delivery", "Arrived: send the rest", show=False),
        Binding("d", "drop_delivery", "Drop delivery"),
        Binding("e", "retry_event", "Re-run event"),
    ]

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.data: AnnouncementsData | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="events-pane"):
            yield Static(id="events-summary")
            yield Table(id="events", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="announcement-pane"):
            yield Static("Highlight an event to see its announcement.", id="announcement")

    def on_mount(self) -> None:
        table = self.query_one("#events", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)

    # ---------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="announcements")
    def reload(self) -> None:
        """Read the events and the outbox again."""
        read_and_post(
            self,
            lambda db: load_announcements(db, self.slug, clock.now()),
            AnnouncementsView.Loaded,
        )

    @on(Loaded)
    def _loaded(self, message: AnnouncementsView.Loaded) -> None:
        message.stop()
        if message.data == self.data:
            return  # a live refresh that found nothing new: the cursor and scroll stay
        table = self.query_one("#events", DataTable)
        # The cursor follows its event: a re-run event moves to its new due time.
        selected = self._selected()
        cursor, scrolled = table.cursor_row, table.scroll_offset
        self.data = data = message.data
        table.clear()
        for event in data.events:
            table.add_row(*self._row(event, data.outbox.get(event.key)), key=event.key)
        rows = {event.key: row for row, event in enumerate(data.events)}
        if selected is not None and selected.key in rows:
            table.move_cursor(row=rows[selected.key], animate=False)
        elif data.events:
            table.move_cursor(row=min(cursor, len(data.events) - 1), animate=False)
        keep_scroll(table, scrolled)
        counts: dict[str, int] = {}
        for event in data.events:
            counts[event.status] = counts.get(event.status, 0) + 1
        self.query_one("#events-summary", Static).update(
            f"{len(data.events)} events · "
            + " · ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        )
        self._show_selected()

    @staticmethod
    def _row(event: EventRow, entry: OutboxEntry | None) -> list:
        return [
            event.due.format("ddd MM-DD HH:mm"),
            event.kind,
            event.key,
            _status_text(event, entry),
            Text(event.last_error or "", style="red", overflow="ellipsis", no_wrap=True),
        ]

    def _selected(self) -> EventRow | None:
        table = self.query_one("#events", DataTable)
        if self.data is None or not self.data.events or table.row_count == 0:
            return None
        return self.data.events[min(table.cursor_row, len(self.data.events) - 1)]

    @on(DataTable.RowHighlighted, "#events")
    def _highlighted(self) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        event = self._selected()
        if event is None or self.data is None:
            return
        view = self.query_one("#announcement", Static)
        entry = self.data.outbox.get(event.key)
        if event.status == "done" and entry is not None:
            view.update(outbox_text(entry))
        else:
            view.update(Text(f"Preview of {event.key} …", style="italic"))
            self._preview(event.key)

    @work(thread=True, exclusive=True, group="announcement-preview")
    def _preview(self, key: str) -> None:
        try:
            with camp_app(self).database() as db:
                text = preview_announcement(db, key, clock.now())
        except CampError as exc:
            text = f"No preview: {exc}"
        self.post_message(AnnouncementsView.Previewed(key, text))

    @on(Previewed)
    def _previewed(self, message: AnnouncementsView.Previewed) -> None:
        message.stop()
        event = self._selected()
        if event is not None and event.key == message.key:
            preview = Text(f"Preview (not posted) · {event.kind} · {event.key}\n\n", style="bold")
            preview.append(message.text, style="not bold")
            self.query_one("#announcement", Static).update(preview)

    # ---------------------------------------------------------------- writes

    def _selected_entry(self) -> OutboxEntry | None:
        event = self._selected()
        if event is None or self.data is None:
            return None
        entry = self.data.outbox.get(event.key)
        if entry is None:
            self.notify(
                f"Event {event.key} has no announcement in the outbox yet.",
                severity="warning",
                markup=False,
            )
        return entry

    def action_retry_delivery(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            self._write("retry", entry.id)

    def action_arrived_delivery(self) -> None:
        """An uncertain part is in the chat: count it as sent and send the rest."""
        entry = self._selected_entry()
        if entry is not None:
            self._write("arrived", entry.id)

    def action_drop_delivery(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return

        def drop(yes: bool | None) -> None:
            if yes:
                self._write("drop", entry.id)

        self.app.push_screen(
            ConfirmScreen(
                f"Drop the failed, uncertain or waiting deliveries of announcement {entry.id} "
                f"({entry.title})? They will not be sent."
            ),
            drop,
        )

    def action_retry_event(self) -> None:
        event = self._selected()
        if event is not None:
            self._write("event", event.key)

    @work(thread=True, group="announcement-write")
    def _write(self, what: str, target: int | str) -> None:
        now = clock.now()
        try:
            with camp_app(self).database() as db:
                if what in ("retry", "arrived"):
                    count = retry_delivery(db, int(target), now, arrived=what == "arrived")
                    done = (
                        "Delivery retried",
                        f"Announcement {target}: {_deliveries(count)} queued",
                    )
                elif what == "drop":
                    count = drop_delivery(db, int(target), now)
                    done = (
                        "Delivery dropped",
                        f"Announcement {target}: {_deliveries(count)} dropped",
                    )
                else:
                    retry_event(db, self.slug, str(target), now)
                    done = ("Event re-run", f"{target} runs again at the scheduler's next run")
        except CampError as exc:
            self.post_message(ChangeRefused("Refused", str(exc)))
        else:
            self.post_message(AnnouncementsView.Changed(*done))

    @on(Changed)
    def _changed(self, message: AnnouncementsView.Changed) -> None:
        message.stop()
        self.notify(message.summary, title=message.title, markup=False)
        self.reload()

    @on(ChangeRefused)
    def _refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.notify(message.reason, title=message.title, severity="error", markup=False)


#: Deliveries that did not reach their chat, worst first, with how they are shown.
_UNDELIVERED = (("failed", "bold red"), ("uncertain", "bold yellow"), ("pending", "yellow"))


def _status_text(event: EventRow, entry: OutboxEntry | None) -> Text:
    """The event's status; a ``done`` event whose announcement did not reach every
    chat says so (it showed plain ``done`` while a robot had refused it)."""
    text = Text(event.status, style=STATUS_STYLES.get(event.status, ""))
    if event.status != "done" or entry is None:
        return text
    statuses = [delivery.get("status") for delivery in entry.deliveries]
    for status, style in _UNDELIVERED:
        count = statuses.count(status)
        if count:
            text = Text(f"done · {count} {status}", style=style)
            break
    return text
