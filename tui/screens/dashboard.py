"""The first screen: every camp with its status, members and today's check-ins."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from camp import clock
from camp.services.camps import archive_camp
from tui.data import CampRow, load_camp_rows
from tui.dialogs.confirm import ConfirmScreen
from tui.messages import CampsLoaded, ChangeRefused
from tui.tables import Table
from tui.typed_app import camp_app
from tui.widgets.footer import Footer
from tui.workers import LIVE_REFRESH_SECONDS, Freshness, read_and_post, still_loading

__all__ = ["DashboardScreen"]


COLUMNS = (
    ("Camp", "name"),
    ("Slug", "slug"),
    ("Status", "status"),
    ("Members", "members"),
    ("Pairs", "pairs"),
    ("Today", "today"),
    ("Check-ins", "checkins"),
    ("Next announcement", "next"),
)


def _count(value: int | None) -> str:
    return "…" if value is None else str(value)


#: Camps read before the dashboard is first drawn (a screenful; the rest follow).
FIRST_SCREEN = 40

STATUS_STYLES = {"running": "bold green", "upcoming": "cyan", "finished": "", "archived": "dim"}


class ArchiveCommands(Provider):
    """The command palette's "Archive camp …" / "Restore camp …" on the dashboard."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        screen = self.screen
        if not isinstance(screen, DashboardScreen):
            return []
        commands: list[tuple[str, Callable[[], None], str]] = []
        for row in screen.rows:
            verb = "Restore" if row.status == "archived" else "Archive"
            commands.append(
                (
                    f"{verb} camp {row.name}",
                    partial(screen.ask_archive, row.slug),
                    f"{row.slug} · {row.status_text}",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class DashboardScreen(Screen):
    """Every camp; Enter opens the highlighted one, n creates one, a archives one."""

    class CampArchived(Message):
        """A camp was archived (``archived``) or made active again."""

        def __init__(self, slug: str, name: str, archived: bool) -> None:
            super().__init__()
            self.slug = slug
            self.name = name
            self.archived = archived

    COMMANDS: ClassVar = {ArchiveCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh"),
        Binding("enter", "open_camp", "Open camp"),
        Binding("n", "new_camp", "New camp"),
        Binding("a", "archive", "Archive/restore"),
    ]

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.rows: list[CampRow] = []
        self._freshness = Freshness()
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Camps", id="dashboard-title", classes="section-title")
        yield Static(
            "enter opens the highlighted camp · n new camp · a archive/restore · "
            "ctrl+p finds a camp · ? every key",
            id="dashboard-hint",
        )
        yield Table(id="camps", cursor_type="row", zebra_stripes=True)
        yield Static(id="dashboard-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#camps", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        self.query_one("#dashboard-empty").display = False
        app = camp_app(self)
        self._freshness.mark(app.data_version())
        # The first screenful at once, drawn with the screen; the rest and the counts
        # follow from a worker once it is on screen (see on_camps_loaded).
        now = clock.now()
        first = app.read_now(lambda db: load_camp_rows(db, now, counts=False, limit=FIRST_SCREEN))
        if first is not None:
            self.post_message(CampsLoaded(first))
        else:
            self.reload()
        self.set_interval(LIVE_REFRESH_SECONDS, self._live_refresh)

    def _live_refresh(self) -> None:
        if (
            self.is_current
            and not still_loading(self, "camps")
            and self._freshness.stale(camp_app(self).data_version())
        ):
            self.reload()

    def on_screen_resume(self) -> None:
        # Back from a camp or the new-camp form: the list may have changed meanwhile.
        if not still_loading(self, "camps"):
            self._freshness.mark(camp_app(self).data_version())
            self.reload()

    @work(thread=True, exclusive=True, group="camps")
    def reload(self) -> None:
        """Read every camp again (in a worker, with its own connection). The first time,
        the camps are shown at once and their counts follow once they are on screen:
        counting the check-ins of a 100,000-member camp takes a moment the operator
        need not wait for (nor the drawing of the first screen, which a thread counting
        meanwhile would slow down)."""
        counts = self._loaded
        read_and_post(self, lambda db: load_camp_rows(db, clock.now(), counts=counts), CampsLoaded)

    def action_refresh(self) -> None:
        self.reload()

    def on_camps_loaded(self, message: CampsLoaded) -> None:
        # Not stopped: the app keeps the list for its "Open camp" commands.
        if any(row.members is None for row in message.rows):
            # The camps without their counts: counted once this is drawn.
            self.call_after_refresh(self.reload)
        if self._loaded and message.rows == self.rows:
            return
        self._loaded = True
        table = self.query_one("#camps", DataTable)
        keep = self._highlighted_slug()
        self.rows = message.rows
        table.clear()
        for row in message.rows:
            counting = row.members is None  # the counts follow in a moment
            if counting:
                today = "…" if row.status == "running" else "–"
            elif row.counted_today is not None:
                today = f"{row.counted_today}/{row.active_members}"
            else:
                today = "–"
            # Archived camps stay listed (last), dimmed as a whole.
            dim = "dim" if row.status == "archived" else ""
            table.add_row(
                Text(row.name, style=dim or "bold"),
                Text(row.slug, style=dim),
                Text(row.status_text, style=STATUS_STYLES.get(row.status, "")),
                Text(_count(row.members), style=dim, justify="right"),
                Text(_count(row.pairs), style=dim, justify="right"),
                Text(today, style=dim, justify="right"),
                Text(_count(row.checkins), style=dim, justify="right"),
                Text(row.next_event or "–", style=dim),
                key=row.slug,
            )
        slugs = [row.slug for row in message.rows]
        if keep in slugs:
            table.move_cursor(row=slugs.index(keep), animate=False)
        empty = self.query_one("#dashboard-empty", Static)
        empty.display = not message.rows
        empty.update(
            "No camps yet. Press n to create one (or run `camp new TEMPLATE --name NAME "
            "--start DATE`), or try `camp demo` for a sample camp."
        )

    def _highlighted_slug(self) -> str | None:
        table = self.query_one("#camps", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].slug

    @on(DataTable.RowSelected, "#camps")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            camp_app(self).open_camp(event.row_key.value)

    def action_open_camp(self) -> None:
        slug = self._highlighted_slug()
        if slug is not None:
            camp_app(self).open_camp(slug)

    def action_new_camp(self) -> None:
        from tui.dialogs.new_camp import show_new_camp_form  # not needed for the first screen

        show_new_camp_form(self.app)

    # ---------------------------------------------------------------- archive

    def action_archive(self) -> None:
        slug = self._highlighted_slug()
        if slug is None:
            self.notify("No camp to archive yet.", severity="warning", markup=False)
            return
        self.ask_archive(slug)

    def ask_archive(self, slug: str) -> None:
        """Ask, then archive the camp ``slug`` (or make it active again if archived)."""
        row = next((row for row in self.rows if row.slug == slug), None)
        if row is None:
            return
        archived = row.status != "archived"
        if archived:
            question = (
                f"Archive the camp {row.name} ({row.slug})? It stays listed and readable, "
                "but announces nothing more until it is restored (a again); announcements "
                "still waiting to be delivered are dropped."
            )
        else:
            question = (
                f"Restore the camp {row.name} ({row.slug})? Its announcements that are still "
                "to come will be posted again."
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.archive(slug, archived)

        self.app.push_screen(ConfirmScreen(question), answered)

    @work(thread=True, exclusive=True, group="archive")
    def archive(self, slug: str, archived: bool) -> None:
        """Archive or restore the camp (in a worker, with its own connection)."""
        title = "Could not archive the camp" if archived else "Could not restore the camp"
        read_and_post(
            self,
            lambda db: archive_camp(db, slug, archived=archived, now=clock.now()),
            lambda camp: DashboardScreen.CampArchived(camp.slug, camp.name, archived),
            partial(ChangeRefused, title),
        )

    def on_dashboard_screen_camp_archived(self, message: DashboardScreen.CampArchived) -> None:
        if message.archived:
            text = f"Camp {message.name} archived: it announces nothing more (a restores it)."
        else:
            text = f"Camp {message.name} is active again."
        self.notify(text, title="Archive", markup=False)
        self.reload()

    def on_change_refused(self, message: ChangeRefused) -> None:
        message.stop()
        self.notify(message.reason, title=message.title, severity="error", markup=False)
