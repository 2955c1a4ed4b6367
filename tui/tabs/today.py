"""The Today tab: the day's task, live window countdowns, progress and quick check-in,
and, for a camp with bots, what they hear (their state, the gaps, the strangers)."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input, Label, ProgressBar, Static, TabbedContent

from camp import clock
from camp.errors import CampError
from camp.judging import Placement
from camp.services.bots import BotStatus
from camp.services.checkins import judge_checkin, record_checkin
from tui.data import FIRST_MISSING, TodayData, load_bots, name_index, window_countdown
from tui.days_text import difficulty_stars
from tui.dialogs.confirm import ConfirmScreen
from tui.fuzzy import NameIndex, match_score
from tui.messages import CheckInRecorded, CheckInRefused
from tui.typed_app import camp_app
from tui.widgets.bots import bots_text
from tui.widgets.wrapped import WrappedText
from tui.workers import LIVE_REFRESH_SECONDS, Freshness, read_and_post, still_loading

__all__ = ["TodayView"]

#: More names than this are summarised: a camp of 100,000 members stays responsive
#: (a big camp's first read names as many).
MISSING_SHOWN = FIRST_MISSING
MATCHES_SHOWN = 5
#: A big camp's names are indexed this long after its Today tab is first drawn.
INDEX_AFTER_SECONDS = 0.3
WINDOW_STYLES = {"upcoming": "", "open": "bold green", "late": "bold yellow", "closed": "dim"}


class TodayView(Horizontal):
    """Shows a :class:`TodayData`; the camp screen sets ``data`` after each load."""

    data: var[TodayData | None] = var(None)

    BINDINGS: ClassVar[list[BindingType]] = [
        # In the quick check-in: move among the names found (Enter records the chosen).
        Binding("down", "choose(1)", "Next name", show=False),
        Binding("up", "choose(-1)", "Previous name", show=False),
    ]

    class ConfirmCheckin(Message):
        """A quick check-in that would not count as on time waits for a yes."""

        def __init__(self, slug: str, name: str, question: str) -> None:
            super().__init__()
            self.slug, self.name, self.question = slug, name, question

    class NamesIndexed(Message):
        """A big camp's names were indexed for the quick check-in (in a worker)."""

        def __init__(self, slug: str, names: NameIndex) -> None:
            super().__init__()
            self.slug, self.names = slug, names

    class BotsLoaded(Message):
        """What the camp's bots hear was read (in a worker)."""

        def __init__(self, status: BotStatus) -> None:
            super().__init__()
            self.status = status

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._bots_freshness = Freshness()
        #: The camp whose bots were read last (None before the first read).
        self._bots_slug: str | None = None
        #: The names the quick check-in shows, and which of them Enter records.
        self._shown: list[str] = []
        self._choice = 0
        #: Whether the operator picked the name with the arrows (then one letter is enough).
        self._picked = False
        #: The quick check-in's index of names, and the camp it was built for.
        self._names: NameIndex | None = None
        self._names_slug: str | None = None
        #: Whether an index is to be built once the tab is drawn (its timer runs).
        self._index_pending = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="task-pane"):
            yield Static("Loading…", id="day-heading")
            yield Static(id="task-title")
            yield Static(id="task-stars")
            yield WrappedText(id="task-body")
            yield Label("Windows", classes="section-title")
            yield Static(id="windows")
            # Hidden until a read finds bots: a camp without bots looks as it always did.
            bots_title = Label("Bots", classes="section-title", id="bots-title")
            bots = Static(id="bots", markup=False)
            bots_title.display = bots.display = False
            yield bots_title
            yield bots
        with Vertical(id="checkin-pane"):
            yield Label("Checked in", classes="section-title")
            with Horizontal(id="progress-row"):
                yield ProgressBar(id="checkin-progress", show_eta=False)
                yield Static(id="checkin-count")
            yield Label("Quick check-in", classes="section-title")
            yield Input(
                placeholder="type a few letters of a name, Enter records it now",
                id="quick-checkin",
            )
            yield Static(id="matches")
            yield Label("Not checked in yet", classes="section-title")
            with VerticalScroll(id="missing-scroll"):
                yield Static(id="missing")

    def on_mount(self) -> None:
        # Countdowns tick on their own; the data itself is reloaded by the camp screen.
        self.set_interval(1, self.update_countdowns)
        # The listeners may run in another process (`camp run`): the bots' block follows
        # the database, like the rest of the tab.
        self.set_interval(LIVE_REFRESH_SECONDS, self._live_refresh_bots)

    def watch_data(self, data: TodayData | None) -> None:
        if data is None:
            return
        if data.names is not None:
            self._names, self._names_slug = data.names, data.slug
        elif not data.complete:
            # A big camp's first read: its roster (which the index is made of) follows.
            if data.slug != self._names_slug:
                self._names, self._names_slug = None, data.slug
        elif data.slug != self._names_slug or not (
            self._index_pending or still_loading(self, "names")
        ):
            # A big camp: the tab is shown first, its names are indexed meanwhile.
            if data.slug != self._names_slug:
                self._names, self._names_slug = None, data.slug
            # Once the tab is drawn: the thread would slow the drawing down.
            self._index_pending = True
            self.set_timer(INDEX_AFTER_SECONDS, partial(self._start_indexing, data.slug))
        if data.slug != self._bots_slug and data.has_bots:
            self._bots_slug = data.slug
            self._bots_freshness.stale(camp_app(self).data_version())
            self._load_bots(data.slug)
        elif not data.has_bots and self._bots_slug is not None:
            # A camp without bots reads nothing more: its tab is as it always was.
            self._bots_slug = None
            self.query_one("#bots-title").display = False
            self.query_one("#bots").display = False
        day = data.day
        if day is None:
            self.query_one("#day-heading", Static).update("This camp has no active day.")
            return
        heading = f"Day {day.number} of {data.days} · {day.date.strftime('%a %Y-%m-%d')}"
        if data.status != "running":
            heading += f" · {data.status}"
        if data.previous is not None:
            number, counted, members = data.previous
            heading += f"\nDay {number} closed: {counted}/{members} checked in"
        self.query_one("#day-heading", Static).update(heading)
        self.query_one("#task-title", Static).update(Text(day.task.title, style="bold"))
        graded = "  (graded 0–100)" if day.task.graded else ""
        self.query_one("#task-stars", Static).update(
            f"Difficulty {difficulty_stars(day.difficulty)}{graded}"
        )
        self.query_one("#task-body", WrappedText).text = day.task.body.strip()
        total = data.member_count
        self.query_one("#checkin-progress", ProgressBar).update(
            total=max(total, 1), progress=data.counted_count
        )
        self.query_one("#checkin-count", Static).update(f"{data.counted_count}/{total}")
        self.query_one("#missing", Static).update(self._missing_text(data))
        self.update_countdowns()
        self._show_matches(self.query_one("#quick-checkin", Input).value)

    @staticmethod
    def _missing_text(data: TodayData) -> Text:
        if not data.missing_count:
            return Text("Everyone has checked in.", style="italic")
        shown = data.missing(MISSING_SHOWN)
        text = Text("  ·  ".join(shown))
        if data.missing_count > len(shown):
            text.append(f"  … and {data.missing_count - len(shown)} more", style="italic")
        return text

    def update_countdowns(self) -> None:
        """Redraw each window's countdown against the clock."""
        if self.data is None or self.data.day is None:
            return
        now = clock.now()
        lines = Text()
        for slot in self.data.day.slots:
            state, countdown = window_countdown(slot, now)
            if lines:
                lines.append("\n")
            lines.append(f"{slot.window.name:<10} ", style="bold")
            lines.append(f"{slot.open.format('HH:mm')}–{slot.due.format('HH:mm')}  ")
            if slot.late_until is not None:
                lines.append(f"late to {slot.late_until.format('HH:mm')}  ", style="dim")
            lines.append(countdown, style=WINDOW_STYLES[state])
        self.query_one("#windows", Static).update(lines)

    # ---------------------------------------------------------------- bots

    def _live_refresh_bots(self) -> None:
        if (
            self._bots_slug is not None
            and self.screen.is_current
            and self.screen.query_one(TabbedContent).active == "today"
            and not still_loading(self, "bots")
            and self._bots_freshness.stale(camp_app(self).data_version())
        ):
            self._load_bots(self._bots_slug)

    @work(thread=True, exclusive=True, group="bots")
    def _load_bots(self, slug: str) -> None:
        # When the camp cannot be read, the tab's own load says so.
        read_and_post(self, lambda db: load_bots(db, slug, clock.now()), self.BotsLoaded, None)

    @on(BotsLoaded)
    def _bots_loaded(self, message: BotsLoaded) -> None:
        message.stop()
        if message.status.slug != self._bots_slug:
            return  # read for a camp shown before
        shown = bool(message.status.bots)
        self.query_one("#bots-title", Label).display = shown
        view = self.query_one("#bots", Static)
        view.display = shown
        if shown:
            view.update(bots_text(message.status, clock.now()))

    # ---------------------------------------------------------------- quick check-in

    def _start_indexing(self, slug: str) -> None:
        self._index_pending = False
        if slug == self._names_slug:
            self._index_names(slug)

    @work(thread=True, exclusive=True, group="names")
    def _index_names(self, slug: str) -> None:
        read_and_post(
            self,
            lambda db: name_index(db, slug),
            lambda names: self.NamesIndexed(slug, names),
            None,  # when the camp cannot be read, the tab's own load says so
        )

    @on(NamesIndexed)
    def _names_indexed(self, message: NamesIndexed) -> None:
        message.stop()
        if message.slug == self._names_slug:
            self._names = message.names
            query = self.query_one("#quick-checkin", Input).value
            if query.strip():
                self._show_matches(query)

    def _matches(self, query: str) -> list[str]:
        """The best names for ``query``; those who already counted today come last."""
        if self.data is None or self._names is None or not self.data.complete:
            return []
        found = self._names.matches(query, MATCHES_SHOWN * 4)
        checked = self.data.counted
        waiting = [name for name in found if name not in checked]
        done = [name for name in found if name in checked]
        return (waiting + done)[:MATCHES_SHOWN]

    def _show_matches(self, query: str) -> None:
        self._shown = self._matches(query) if query.strip() else []
        self._choice = min(self._choice, max(len(self._shown) - 1, 0))
        view = self.query_one("#matches", Static)
        if not query.strip():
            view.update("")
        elif self.data is not None and (self._names is None or not self.data.complete):
            count = self.data.member_count
            view.update(Text(f"reading the names of {count:,} members…", style="italic"))
        elif not self._shown:
            view.update(Text("no member matches", style="italic"))
        else:
            checked = self.data.counted if self.data else frozenset()
            text = Text()
            for i, name in enumerate(self._shown):
                if i:
                    text.append("\n")
                chosen = i == self._choice
                text.append("→ " if chosen else "  ")
                text.append(name, style="bold reverse" if chosen else "")
                if name in checked:
                    text.append("  ✓ checked in", style="dim")
            if len(self._shown) > 1:
                text.append("\n↑ ↓ choose · Enter records", style="dim italic")
            view.update(text)

    def action_choose(self, step: int) -> None:
        if not self._shown or not self.query_one("#quick-checkin", Input).has_focus:
            return
        self._choice = (self._choice + step) % len(self._shown)
        self._picked = True
        self._show_matches(self.query_one("#quick-checkin", Input).value)

    @on(Input.Changed, "#quick-checkin")
    def _query_changed(self, event: Input.Changed) -> None:
        self._choice, self._picked = 0, False
        self._show_matches(event.value)

    @on(Input.Submitted, "#quick-checkin")
    def _query_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed or self.data is None:
            return
        if self._names is None or not self.data.complete:
            self.notify("The names are still being read: press Enter again in a moment.")
            return
        self._show_matches(event.value)
        if not self._shown:
            # No match: send the typed name anyway, so the engine explains what is wrong.
            self.record(self.data.slug, typed)
            event.input.value = ""
            return
        name = self._shown[self._choice]
        exact = match_score(typed, name) == match_score(name, name)
        if len(typed) < 2 and not self._picked and not exact and typed.isascii():
            self.notify(
                f"One letter matches too many names: type more of the name, or choose "
                f"{name} with ↑ ↓ and press Enter.",
                severity="warning",
                markup=False,
            )
            return
        self.check_in(self.data.slug, name, already=name in self.data.counted)
        event.input.value = ""

    @work(thread=True, group="checkin")
    def check_in(self, slug: str, name: str, already: bool) -> None:
        """Judge a quick check-in first: one that would be late, outside every window
        or a second one today is asked about before it is recorded."""
        app = camp_app(self)
        try:
            with app.database() as db:
                member, placement = judge_checkin(db, slug, name, at=clock.now())
        except CampError as exc:
            self.post_message(CheckInRefused(name, str(exc)))
            return
        question = _question(member, placement, already)
        if question is None:
            self.record(slug, member)
        else:
            self.post_message(self.ConfirmCheckin(slug, member, question))

    @on(ConfirmCheckin)
    def _confirm(self, message: ConfirmCheckin) -> None:
        message.stop()

        def answered(yes: bool | None) -> None:
            if yes:
                self.record(message.slug, message.name)

        self.app.push_screen(ConfirmScreen(message.question), answered)

    @work(thread=True, group="checkin")
    def record(self, slug: str, name: str) -> None:
        """Record a check-in for ``name`` now (in a worker: the database may be busy)."""
        read_and_post(
            self,
            lambda db: record_checkin(db, slug, name, now=clock.now(), source="tui"),
            CheckInRecorded,
            partial(CheckInRefused, name),
        )


def _question(member: str, placement: Placement, already: bool) -> str | None:
    """What to ask before recording, or None for a check-in that counts as on time."""
    where = f"day {placement.day}" if placement.day else "no camp day"
    if placement.day and placement.window:
        where += f" ({placement.window} window)"
    if placement.status == "outside":
        return (
            f"Now is outside every window: a check-in of {member} would be recorded as "
            f"outside ({where}) and count for nothing. Record it anyway?"
        )
    if placement.status == "late":
        return f"{member} would be late now ({where}): fewer points than on time. Record it?"
    if already:
        return (
            f"{member} has already checked in today: another check-in now is a duplicate "
            "(only the earliest counts). Record it anyway?"
        )
    return None


# -------------------------------------------------------------------- bots' block
