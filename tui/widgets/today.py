"""The Today tab: the day's task, live window countdowns, progress and quick check-in."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import Input, Label, ProgressBar, Static

from camp import clock
from camp.errors import CampError
from camp.services.checkins import record_checkin
from tui.data import TodayData, window_countdown
from tui.messages import CheckInRecorded, CheckInRefused
from tui.typed_app import camp_app
from tui.widgets.wrapped import WrappedText

__all__ = ["TodayView"]

#: More names than this are summarised: a camp of 100,000 members stays responsive.
MISSING_SHOWN = 400
MATCHES_SHOWN = 5
WINDOW_STYLES = {"upcoming": "", "open": "bold green", "late": "bold yellow", "closed": "dim"}


def _stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * max(5 - difficulty, 0)


class TodayView(Horizontal):
    """Shows a :class:`TodayData`; the camp screen sets ``data`` after each load."""

    data: var[TodayData | None] = var(None)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="task-pane"):
            yield Static("Loading…", id="day-heading")
            yield Static(id="task-title")
            yield Static(id="task-stars")
            yield WrappedText(id="task-body")
            yield Label("Windows", classes="section-title")
            yield Static(id="windows")
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

    def watch_data(self, data: TodayData | None) -> None:
        if data is None:
            return
        day = data.day
        if day is None:
            self.query_one("#day-heading", Static).update("This camp has no active day.")
            return
        heading = f"Day {day.number} of {data.days} · {day.date.strftime('%a %Y-%m-%d')}"
        if data.status != "running":
            heading += f" · {data.status}"
        self.query_one("#day-heading", Static).update(heading)
        self.query_one("#task-title", Static).update(Text(day.task.title, style="bold"))
        graded = "  (graded 0–100)" if day.task.graded else ""
        self.query_one("#task-stars", Static).update(f"Difficulty {_stars(day.difficulty)}{graded}")
        self.query_one("#task-body", WrappedText).text = day.task.body.strip()
        total = len(data.members)
        self.query_one("#checkin-progress", ProgressBar).update(
            total=max(total, 1), progress=len(data.checked)
        )
        self.query_one("#checkin-count", Static).update(f"{len(data.checked)}/{total}")
        self.query_one("#missing", Static).update(self._missing_text(data))
        self.update_countdowns()
        self._show_matches(self.query_one("#quick-checkin", Input).value)

    @staticmethod
    def _missing_text(data: TodayData) -> Text:
        if not data.missing:
            return Text("Everyone has checked in.", style="italic")
        shown = data.missing[:MISSING_SHOWN]
        text = Text("  ·  ".join(shown))
        if len(data.missing) > len(shown):
            text.append(f"  … and {len(data.missing) - len(shown)} more", style="italic")
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

    # ---------------------------------------------------------------- quick check-in

    def _matches(self, query: str) -> list[str]:
        if self.data is None:
            return []
        return self.data.names.matches(query, MATCHES_SHOWN)

    def _show_matches(self, query: str) -> None:
        matches = self._matches(query) if query.strip() else []
        view = self.query_one("#matches", Static)
        if not query.strip():
            view.update("")
        elif not matches:
            view.update(Text("no member matches", style="italic"))
        else:
            checked = set(self.data.checked) if self.data else set()
            text = Text("→ ")
            for i, name in enumerate(matches):
                if i:
                    text.append("  ·  ")
                text.append(name, style="bold reverse" if i == 0 else "")
                if name in checked:
                    text.append(" ✓")
            view.update(text)

    @on(Input.Changed, "#quick-checkin")
    def _query_changed(self, event: Input.Changed) -> None:
        self._show_matches(event.value)

    @on(Input.Submitted, "#quick-checkin")
    def _query_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed or self.data is None:
            return
        matches = self._matches(typed)
        # No match: send the typed name anyway, so the engine explains what is wrong.
        self.record(self.data.slug, matches[0] if matches else typed)
        event.input.value = ""

    @work(thread=True, group="checkin")
    def record(self, slug: str, name: str) -> None:
        """Record a check-in for ``name`` now (in a worker: the database may be busy)."""
        app = camp_app(self)
        try:
            with app.database() as db:
                result = record_checkin(db, slug, name, now=clock.now(), source="tui")
        except CampError as exc:
            self.post_message(CheckInRefused(name, str(exc)))
        else:
            self.post_message(CheckInRecorded(result))
