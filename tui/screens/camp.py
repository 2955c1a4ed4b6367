"""One camp: its Today and Leaderboard tabs, refreshed live from the database."""

from __future__ import annotations

import sqlite3
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, TabbedContent, TabPane

from camp import clock
from camp.errors import CampError
from tui.data import load_today
from tui.messages import CheckInRecorded, CheckInRefused, LoadFailed, TodayLoaded
from tui.screens.dashboard import LIVE_REFRESH_SECONDS
from tui.widgets.announcements import AnnouncementsView
from tui.widgets.checkins import CheckinsView
from tui.widgets.leaderboard import LeaderboardView
from tui.widgets.members import MembersView
from tui.widgets.plan import PlanView
from tui.widgets.today import TodayView
from tui.workers import still_loading

__all__ = ["CampScreen"]

STATUS_WORDS = {
    "on_time": "on time",
    "late": "late",
    "makeup": "makeup",
    "duplicate": "duplicate (already counted)",
    "outside": "outside every window (kept, not counted)",
}


class CampScreen(Screen):
    """The camp with slug ``slug``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The tab keys 1-6 are in the tab bar's order and on the help screen; the footer
        # keeps room for the keys that are not visible elsewhere.
        Binding("escape", "back", "Back"),
        Binding("r", "refresh", "Refresh"),
        Binding("1", "show_tab('today')", "Today", show=False),
        Binding("2", "show_tab('plan')", "Plan", show=False),
        Binding("3", "show_tab('members')", "Members", show=False),
        Binding("4", "show_tab('leaderboard')", "Leaderboard", show=False),
        Binding("5", "show_tab('checkins')", "Check-ins", show=False),
        Binding("6", "show_tab('announcements')", "Announcements", show=False),
        Binding("slash", "focus_checkin", "Check in", key_display="/"),
        Binding("m", "board_by('member')", "Members", show=False),
        Binding("p", "board_by('pair')", "Pairs", show=False),
        Binding("t", "board_by('team')", "Teams", show=False),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="today", id="camp-tabs"):
            with TabPane("Today", id="today"):
                yield TodayView(id="today-view")
            with TabPane("Plan", id="plan"):
                yield PlanView(self.slug, id="plan-view")
            with TabPane("Members", id="members"):
                yield MembersView(self.slug, id="members-view")
            with TabPane("Leaderboard", id="leaderboard"):
                yield LeaderboardView(self.slug, id="leaderboard-view")
            with TabPane("Check-ins", id="checkins"):
                yield CheckinsView(self.slug, id="checkins-view")
            with TabPane("Announcements", id="announcements"):
                yield AnnouncementsView(self.slug, id="announcements-view")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.slug
        self.load_today()
        self.set_interval(LIVE_REFRESH_SECONDS, self._live_refresh)

    def _live_refresh(self) -> None:
        board = self.query_one(LeaderboardView)
        if self.is_current and not (
            still_loading(self, "today") or still_loading(board, "leaderboard")
        ):
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read the open tab's data again (workers: the screen never waits)."""
        if self.query_one(TabbedContent).active == "leaderboard":
            self.query_one(LeaderboardView).reload()
        else:
            self.load_today()

    @work(thread=True, exclusive=True, group="today")
    def load_today(self) -> None:
        try:
            with self.app.database() as db:
                data = load_today(db, self.slug, clock.now())
        except (CampError, sqlite3.Error) as exc:
            self.post_message(LoadFailed(str(exc)))
        else:
            self.post_message(TodayLoaded(data))

    def on_today_loaded(self, message: TodayLoaded) -> None:
        self.sub_title = f"{message.data.name} · {message.data.status_text}"
        self.query_one(TodayView).data = message.data

    def on_check_in_recorded(self, message: CheckInRecorded) -> None:
        result = message.result
        where = f"day {result.day} ({result.window})" if result.day else "no day"
        points = f", +{result.points} points" if result.points else ""
        self.notify(
            f"{result.member}: {STATUS_WORDS.get(result.status, result.status)}, {where}{points}",
            title="Check-in recorded",
            markup=False,
        )
        self.load_today()
        self.query_one(LeaderboardView).reload()

    def on_check_in_refused(self, message: CheckInRefused) -> None:
        self.notify(message.reason, title="Check-in refused", severity="error", markup=False)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.notify(message.reason, title="Could not read the camp", severity="error", markup=False)

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        # The tab just shown may be two seconds stale.
        self.refresh_data()

    def action_back(self) -> None:
        # Escape in the quick check-in leaves the input first, then the screen.
        if isinstance(self.focused, Input):
            self.focused.value = ""
            self.set_focus(None)
        else:
            self.dismiss()

    def action_refresh(self) -> None:
        self.refresh_data()
        # Check-ins and Announcements are read when shown and on demand, not every 2 s:
        # a big camp's grid is costly to read.
        active = self.query_one(TabbedContent).active
        if active == "checkins":
            self.query_one(CheckinsView).reload()
        elif active == "announcements":
            self.query_one(AnnouncementsView).reload()
        elif active == "members":
            self.query_one(MembersView).reload()
        elif active == "plan":
            self.query_one(PlanView).reload()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "leaderboard":
            # Arrow keys, page keys and End scroll the board straight away.
            self.query_one("#board").focus()
        elif tab in ("plan", "members"):
            # The tab's keys (add, remove, pair …) show in the footer once its table has focus.
            self.query_one(f"#{tab}-table").focus()
        elif tab in ("checkins", "announcements"):
            # Their keys (k, b / t, d, e) act on the highlighted cell or row.
            self.query_one("#grid" if tab == "checkins" else "#events").focus()

    def action_focus_checkin(self) -> None:
        self.query_one(TabbedContent).active = "today"
        self.query_one("#quick-checkin", Input).focus()

    def action_board_by(self, by: str) -> None:
        self.query_one(TabbedContent).active = "leaderboard"
        if not self.query_one(LeaderboardView).show_by(by):
            self.notify(f"This camp has no {by}s.", severity="warning", markup=False)
