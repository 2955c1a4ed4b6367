"""One camp: its tabs (Today, Plan, Members, Leaderboard, Check-ins, Announcements,
Import, Requests), refreshed live from the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Header, Input, TabbedContent, TabPane

from camp import clock
from tui.data import TodayData, load_today
from tui.messages import CheckInRecorded, CheckInRefused, LoadFailed
from tui.screens.report import ReportScreen
from tui.screens.statement import StatementScreen
from tui.tabs.announcements import AnnouncementsView
from tui.tabs.checkins import CheckinsView
from tui.tabs.imports import ImportView
from tui.tabs.leaderboard import LeaderboardView
from tui.tabs.members import MembersView
from tui.tabs.plan import PlanView
from tui.tabs.requests import RequestsView
from tui.tabs.requests_data import pending_count
from tui.tabs.today import TodayView
from tui.typed_app import camp_app
from tui.widgets.bots import BotsBar
from tui.widgets.footer import Footer
from tui.workers import (
    LIVE_REFRESH_SECONDS,
    Freshness,
    read_and_post,
    still_loading,
    typing_in_a_field,
)

__all__ = ["TAB_FOCUS", "CampScreen"]

TAB_LABELS = {
    "today": "Today",
    "plan": "Plan",
    "members": "Members",
    "leaderboard": "Leaderboard",
    "checkins": "Check-ins",
    "announcements": "Announcements",
    "import": "Import",
    "requests": "Requests",
}

#: A tab's view (Today has none: the screen loads it itself).
TabView = (
    PlanView
    | MembersView
    | LeaderboardView
    | CheckinsView
    | AnnouncementsView
    | ImportView
    | RequestsView
)
#: The view of each tab but Today; each reads its data when its tab is shown.
TAB_VIEWS: dict[str, type[TabView]] = {
    "plan": PlanView,
    "members": MembersView,
    "leaderboard": LeaderboardView,
    "checkins": CheckinsView,
    "announcements": AnnouncementsView,
    "import": ImportView,
    "requests": RequestsView,
}

STATUS_WORDS = {
    "on_time": "on time",
    "late": "late",
    "makeup": "makeup",
    "duplicate": "duplicate (already counted)",
    "outside": "outside every window (kept, not counted)",
}


#: The tabs whose own "/" finds a member in them (elsewhere "/" is the quick check-in).
TABS_THAT_FIND = frozenset({"members", "leaderboard", "checkins"})

#: The widget of each tab that has its keys: it takes focus when the tab is shown and
#: when Escape leaves one of the tab's text fields.
TAB_FOCUS = {
    # Arrow keys, page keys and End scroll the board straight away.
    "leaderboard": "#board",
    # The tab's keys (add, remove, pair …) show in the footer once its table has focus.
    "plan": "#plan-table",
    "members": "#members-table",
    # Their keys (k, b / t, d, e) act on the highlighted cell or row.
    "checkins": "#grid",
    "announcements": "#events",
    # Enter opens the file picker; its keys (b, d, i, c) show in the footer.
    "import": "#import-browse",
    # Space marks the highlighted request, a / x decide the marked ones.
    "requests": "#requests-table",
}


class CampScreen(Screen):
    """The camp with slug ``slug``."""

    class TodayLoaded(Message):
        """A camp's current day was read from the database."""

        def __init__(self, data: TodayData) -> None:
            super().__init__()
            self.data = data

    BINDINGS: ClassVar[list[BindingType]] = [
        # The tab keys 1-8 are in the tab bar's order and on the help screen; the footer
        # keeps room for the keys that are not visible elsewhere.
        Binding("escape", "back", "Back"),
        Binding("r", "refresh", "Refresh"),
        Binding("1", "show_tab('today')", "Today", show=False),
        Binding("2", "show_tab('plan')", "Plan", show=False),
        Binding("3", "show_tab('members')", "Members", show=False),
        Binding("4", "show_tab('leaderboard')", "Leaderboard", show=False),
        Binding("5", "show_tab('checkins')", "Check-ins", show=False),
        Binding("6", "show_tab('announcements')", "Announcements", show=False),
        Binding("7", "show_tab('import')", "Import", show=False),
        Binding("8", "show_tab('requests')", "Requests", show=False),
        # A priority binding is resolved when the key arrives, so letters typed right
        # after it (a fast typist, a paste) land in the field it focuses.
        Binding("slash", "focus_checkin", "Check in", key_display="/", priority=True),
        Binding("m", "board_by('member')", "Members", show=False),
        Binding("p", "board_by('pair')", "Pairs", show=False),
        Binding("t", "board_by('team')", "Teams", show=False),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug
        self._freshness = Freshness()
        #: Whether Today's first read was started with the screen (not by its tab).
        self._today_started = False
        #: The mounts of tab views under way (see view).
        self._mounting: dict[str, AwaitMount] = {}

    def compose(self) -> ComposeResult:
        # Today is read while the tabs are built: the first drawing waits for both.
        self._today_started = True
        self._freshness.mark(camp_app(self).data_version())
        self.load_today(first=True)
        yield Header()
        with TabbedContent(initial="today", id="camp-tabs"):
            with TabPane(TAB_LABELS["today"], id="today"):
                yield TodayView(id="today-view")
            # Each other tab's view is built the first time it is shown (see view):
            # building all seven took longer than reading a 100,000-member camp's day.
            for tab in TAB_VIEWS:
                yield TabPane(TAB_LABELS[tab], id=tab)
        # Under every tab but Today (which has the full block), for a camp with bots.
        yield BotsBar(self.slug, id="bots-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.slug
        # The first tab is read when TabbedContent activates it, like every other tab.
        self.set_interval(LIVE_REFRESH_SECONDS, self._live_refresh)

    def _live_refresh(self) -> None:
        # A load still running (a big camp) keeps its turn: starting another would
        # cancel it, and a slow tab would then never be drawn.
        active = self.query_one(TabbedContent).active
        view = self.built_view(active)
        if active == "today":
            busy = still_loading(self, "today")
        elif view is None:
            busy = True  # being built: it reads its data once it is
        else:
            busy = any(still_loading(view, group) for group in getattr(view, "LOAD_GROUPS", ()))
        if self.is_current and not busy and self._freshness.stale(camp_app(self).data_version()):
            self.refresh_data()
            # Whatever the tab shown: a member's #补卡 heard by a bot shows in the title.
            self.count_requests()

    def built_view(self, tab: str) -> TabView | None:
        """The view of ``tab`` if it has been built (``None`` for Today, which the
        screen loads itself, and for a tab never shown)."""
        if tab == "today":
            return None
        found = self.query_one(f"#{tab}", TabPane).query_children(TAB_VIEWS[tab])
        return found.first() if found else None

    async def view(self, tab: str) -> TabView:
        """The view of ``tab`` (not Today), built and mounted now if it was not yet.

        Two callers may ask at once (``p`` shows the board, whose tab activation asks
        too): the second waits for the mount the first started, so neither uses a view
        that is not composed yet."""
        view = self.built_view(tab)
        if view is None:
            view = TAB_VIEWS[tab](self.slug, id=f"{tab}-view")
            self._mounting[tab] = self.query_one(f"#{tab}", TabPane).mount(view)
        mounting = self._mounting.get(tab)
        if mounting is not None:
            await mounting
            self._mounting.pop(tab, None)
        return view

    def refresh_data(self) -> None:
        """Read the tab on screen again (a worker: the screen never waits).

        Called every two seconds once the database changed: every tab follows what
        another process (``camp run``, ``camp checkin``, a bot) committed. Members keeps
        its own live refresh; the Import tab shows a form, not the database.
        """
        if self.query_one(TabbedContent).active not in ("members", "import"):
            self.reload_active_tab()

    def reload_active_tab(self) -> None:
        """Read the tab on screen again, whatever it is."""
        # What is read now is fresh: the next live tick reads again only after a write.
        self._freshness.mark(camp_app(self).data_version())
        active = self.query_one(TabbedContent).active
        view = self.built_view(active)
        if active == "today":
            self.load_today()
        elif view is not None:
            view.reload()  # a tab still being built reads once it is (_tab_activated)
        self.count_requests()

    @work(thread=True, exclusive=True, group="requests-count")
    def count_requests(self) -> None:
        """Count the pending requests again, for the Requests tab's title."""
        read_and_post(
            self, lambda db: pending_count(db, self.slug), self.RequestsCounted, refused=None
        )

    class RequestsCounted(Message):
        """The camp's pending requests were counted."""

        def __init__(self, pending: int) -> None:
            super().__init__()
            self.pending = pending

    @on(RequestsCounted)
    def _requests_counted(self, message: RequestsCounted) -> None:
        message.stop()
        label = TAB_LABELS["requests"] + (f" ({message.pending})" if message.pending else "")
        tab = self.query_one(TabbedContent).get_tab("requests")
        if str(tab.label) != label:
            tab.label = label

    @on(RequestsView.Decided)
    def _requests_decided(self, message: RequestsView.Decided) -> None:
        # Makeups and leave days change the points, the grid and today's figures: the
        # other tabs read them again when shown (each reads when its tab is shown).
        message.stop()
        self.count_requests()

    @work(thread=True, exclusive=True, group="today")
    def load_today(self, first: bool = False) -> None:
        """Read Today; ``first``: a big camp's figures first (:func:`tui.data.load_today`),
        its whole roster read once they are drawn."""
        read_and_post(
            self,
            lambda db: load_today(db, self.slug, clock.now(), first=first),
            CampScreen.TodayLoaded,
        )

    def on_camp_screen_today_loaded(self, message: CampScreen.TodayLoaded) -> None:
        self.sub_title = f"{message.data.name} · {message.data.status_text}"
        self.query_one(TodayView).data = message.data
        self.query_one(BotsBar).camp_has_bots(message.data.has_bots)
        if not message.data.complete:
            # The figures are on screen: the names follow (a thread reading them
            # meanwhile would slow the drawing down).
            self.call_after_refresh(self.load_today)

    def on_check_in_recorded(self, message: CheckInRecorded) -> None:
        result = message.result
        where = f"day {result.day}" if result.day else "no day"
        if result.day and result.window:
            where += f" ({result.window})"
        points = f", +{result.points} points" if result.points else ""
        self.notify(
            f"{result.member}: {STATUS_WORDS.get(result.status, result.status)}, {where}{points}",
            title="Check-in recorded",
            markup=False,
        )
        self.load_today()
        board = self.built_view("leaderboard")
        if board is not None:  # (a board never shown reads when it is)
            board.reload()

    def on_check_in_refused(self, message: CheckInRefused) -> None:
        self.notify(message.reason, title="Check-in refused", severity="error", markup=False)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.notify(message.reason, title="Could not read the camp", severity="error", markup=False)

    @on(MembersView.StatementWanted)
    def _statement_wanted(self, message: MembersView.StatementWanted) -> None:
        message.stop()
        self.app.push_screen(StatementScreen(message.slug, message.member))

    @on(LeaderboardView.ReportWanted)
    def _report_wanted(self, message: LeaderboardView.ReportWanted) -> None:
        message.stop()
        self.app.push_screen(ReportScreen(message.slug, day=message.day))

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self) -> None:
        # Tabs are built and read when first shown, not when the screen opens (a camp
        # of 100,000 members would read every tab before the first one shows); later,
        # the tab just shown may be stale.
        active = self.query_one(TabbedContent).active
        self.query_one(BotsBar).tab_shown(active)
        started, self._today_started = self._today_started, False
        if started and active == "today":
            # The first tab's read began with the screen (see compose).
            self.count_requests()
            return
        if active != "today":
            await self.view(active)
        if self.query_one(TabbedContent).active == active:  # not left meanwhile
            self.reload_active_tab()

    def action_back(self) -> None:
        # Escape in a text field leaves the field first (back to the tab's own widget,
        # whose keys then work again), then the screen.
        if isinstance(self.focused, Input):
            self.focused.value = ""
            target = TAB_FOCUS.get(self.query_one(TabbedContent).active)
            if target is None:
                self.set_focus(None)
            else:
                self.query_one(target).focus()
        else:
            self.dismiss()

    def action_refresh(self) -> None:
        self.reload_active_tab()

    def action_show_tab(self, tab: str) -> None:
        focused = self.focused
        if focused is not None and any(
            isinstance(node, TabPane) and node.id != tab for node in focused.ancestors
        ):
            # Off the pane being hidden first: Textual would move the focus of a widget
            # it hides to a sibling in that hidden pane (a text field, when keys come
            # fast while a tab is being built), and the pane would then be shown again.
            self.set_focus(None)
        self.query_one(TabbedContent).active = tab
        target = TAB_FOCUS.get(tab)
        if target is None:
            return
        self._focus_when_shown(tab, target)

    def _focus_when_shown(self, tab: str, target: str, tries: int = 100) -> None:
        """Focus the widget ``target`` (a selector) of ``tab`` once the tab is shown: a
        tab's view is built when first shown, a widget of a pane not yet displayed
        refuses focus, and when it is displayed depends on how busy the machine is (a
        loaded one took more than a second); so it is tried every 50 ms until it holds
        (or the operator moved to another tab, or five seconds went by)."""
        found = self.query(target)
        widget = found.first() if found else None
        if self.query_one(TabbedContent).active != tab or (
            widget is not None and self.focused is widget
        ):
            return
        typing = (
            isinstance(self.focused, Input)
            and self.query_one(f"#{tab}", TabPane) in self.focused.ancestors
        )
        if typing or self.app.screen is not self:
            return  # the operator types in this tab, or a dialog is open: keys stay there
        if widget is not None:
            widget.focus()
        if tries:
            self.set_timer(0.05, lambda: self._focus_when_shown(tab, target, tries - 1))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_checkin":
            # "/" is typed into a field; on a tab with its own finding, it finds there.
            tab = self.query_one(TabbedContent).active
            return not typing_in_a_field(self) and tab not in TABS_THAT_FIND
        return True

    def action_focus_checkin(self) -> None:
        self.query_one(TabbedContent).active = "today"
        # At once, not after the keys already typed: "/ali" typed fast fills the field.
        self.set_focus(self.query_one("#quick-checkin", Input))

    async def action_board_by(self, by: str) -> None:
        self.action_show_tab("leaderboard")  # the board takes the keys, as with 4
        board = await self.view("leaderboard")
        if not isinstance(board, LeaderboardView) or not board.show_by(by):
            self.notify(f"This camp has no {by}s.", severity="warning", markup=False)

    def palette_commands(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        """(title, help, callback) of this camp's actions for the command palette."""

        async def board_action(action: str) -> None:
            board = await self.view("leaderboard")  # built if it was never shown
            getattr(board, action)()

        def on_board(action: str) -> Callable[[], None]:
            def run() -> None:
                self.action_show_tab("leaderboard")
                self.call_later(board_action, action)

            return run

        yield (
            "Export the leaderboard",
            "PNG cards, HTML page, text, Markdown, CSV, JSON or the camp report, to a file (e)",
            on_board("action_export"),
        )
        yield (
            "Copy the leaderboard as chat text",
            "The top 20, ready to paste in the group (c)",
            on_board("action_copy_text"),
        )
        yield (
            "Camp report",
            "Members, group health and the completion rate of each day as a chart (g)",
            on_board("action_report"),
        )
        yield (
            "Decide members' requests",
            "Makeup and leave requests (#补卡 N, #请假 N): mark, approve or reject in batch (8)",
            lambda: self.action_show_tab("requests"),
        )
        yield (
            "Import a chat export",
            "QQ, WeChat, Telegram, WhatsApp, Discord or CSV: dry run first, then import (7)",
            lambda: self.action_show_tab("import"),
        )
        for number, (tab, label) in enumerate(TAB_LABELS.items(), start=1):
            yield (
                f"Show {label}",
                f"The {label} tab of this camp ({number})",
                partial(self.action_show_tab, tab),
            )
