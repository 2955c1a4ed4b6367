"""The camp terminal UI: :func:`make_app` builds it for the command line and the tests."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import ClassVar, TypeVar

from textual._context import active_message_pump
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerFailed

from camp.db import ChangeWatch, Database, default_db_path, open_current, open_db
from camp.errors import CampError
from tui import textual_fixes
from tui.data import CampRow
from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.crash import CrashScreen, write_crash_log
from tui.dialogs.help import HelpScreen
from tui.messages import (
    CampsLoaded,
    LoadFailed,
    SchedulerFailed,
    SchedulerPosted,
    SchedulerRefused,
    SchedulerStarted,
    SchedulerStopped,
)
from tui.scheduler_runner import AppScheduler
from tui.screens.dashboard import DashboardScreen
from tui.screens.no_database import NoDatabaseScreen

__all__ = ["CampApp", "make_app"]

textual_fixes.install()

Result = TypeVar("Result")


class CampApp(App[None]):
    """Operators' view of every camp in one database."""

    CSS_PATH = "app.tcss"
    TITLE = "camp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+t", "toggle_dark", "Theme"),
        Binding("ctrl+r", "toggle_scheduler", "Scheduler"),
        Binding("ctrl+l", "scheduler_log", "Scheduler log", show=False),
    ]

    def __init__(self, db_path: Path, *, ask_before_creating: bool = False) -> None:
        super().__init__()
        self.db_path = db_path
        #: Whether a database that does not exist is asked about first (the operator
        #: named the file: a typo must not become a new, empty database).
        self.ask_before_creating = ask_before_creating
        #: The camps the dashboard read last, for the "Open camp …" commands.
        self.camps: list[CampRow] = []
        #: The scheduler the operator may run inside the app (ctrl+r), off by default.
        self.scheduler = AppScheduler(self, db_path)
        self._watch: ChangeWatch | None = None
        #: The error screen, once an unexpected error has been met.
        self._crash: CrashScreen | None = None
        #: Where the traceback of the first unexpected error was written.
        self.crash_log: Path | None = None

    @contextlib.contextmanager
    def database(self) -> Iterator[Database]:
        """A connection of its own for the calling thread, closed afterwards.

        SQLite connections belong to one thread: every worker opens its own.
        """
        db = open_db(self.db_path)
        try:
            yield db
        finally:
            db.close()

    def read_now(self, read: Callable[[Database], Result]) -> Result | None:
        """``read`` at once, on this thread, with a connection of its own; ``None`` when
        the database does not exist yet, needs migrating or cannot be read (a worker then
        reads it as usual, with :meth:`database`).

        For the first screen's few rows only: drawn with the screen rather than a moment
        after it. A worker's queries each wait for the interpreter lock while the screen
        is being drawn, so its first read of the camps took 100 ms of waiting for 3 ms
        of work.
        """
        try:
            db = open_current(self.db_path)
            if db is None:
                return None
            try:
                return read(db)
            finally:
                db.close()
        except (CampError, sqlite3.Error):
            return None

    def data_version(self) -> int | None:
        """Changes whenever anyone commits to the database; ``None`` if it cannot be read.

        Live refreshes compare it with what they read last (see ``tui.workers.Freshness``).
        """
        try:
            if self._watch is None:
                self._watch = ChangeWatch(self.db_path)
            return self._watch.version()
        except CampError:  # the file cannot be read now: the next look tries again
            return None

    def get_default_screen(self) -> Screen:
        if self.ask_before_creating and not self.db_path.exists():
            return NoDatabaseScreen(self.db_path)
        return DashboardScreen()

    def on_camps_loaded(self, message: CampsLoaded) -> None:
        self.camps = message.rows
        if message.rows and "tui.screens.camp" not in sys.modules:
            # Once the first screen is drawn, the camp screen's code is imported
            # meanwhile, so opening a camp does not wait for it.
            self.call_after_refresh(_warm_up)

    def on_load_failed(self, message: LoadFailed) -> None:
        self.notify(
            message.reason, title="Could not read the camps", severity="error", markup=False
        )

    def open_camp(self, slug: str) -> None:
        """Show the camp ``slug`` (in place of the camp shown now, if any)."""
        from tui.screens.camp import CampScreen

        if isinstance(self.screen, CampScreen):
            self.switch_screen(CampScreen(slug))
        else:
            self.push_screen(CampScreen(slug))

    async def action_quit(self) -> None:
        """Quit, after asking when work is in flight: an import being written, or the
        scheduler running in this app (its job in progress would finish first)."""
        doing = []
        if any(w.group == "import" and not w.is_finished for w in self.workers):
            doing.append(
                "an import is being written (its current batch is rolled back; importing "
                "the file again skips what was stored)"
            )
        if self.scheduler.running:
            doing.append("the scheduler runs in this app (nothing will be posted from here)")
        if not doing or isinstance(self.screen, ConfirmScreen):
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(ConfirmScreen(f"Quit camp? {'; '.join(doing).capitalize()}."), answered)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # ---------------------------------------------------------------- the scheduler in the app

    def action_toggle_scheduler(self) -> None:
        """Start the scheduler here, or stop it (refused while another process runs one)."""
        self.scheduler.toggle()

    def action_scheduler_log(self) -> None:
        from tui.dialogs.scheduler_log import SchedulerLogScreen

        if not isinstance(self.screen, SchedulerLogScreen):
            self.push_screen(SchedulerLogScreen(self.scheduler.log))

    def on_scheduler_started(self, message: SchedulerStarted) -> None:
        self.scheduler.settled()
        self.title = f"{self.TITLE} · scheduler on"
        self.notify(
            f"Events are posted on time from this app (as {message.holder}) until ctrl+r "
            "stops it; ctrl+l shows its log.",
            title="Scheduler started",
            markup=False,
        )

    def on_scheduler_stopped(self, message: SchedulerStopped) -> None:
        self.scheduler.settled()
        self.title = self.TITLE
        if message.reason:
            self.notify(message.reason, title="Scheduler stopped", severity="warning", markup=False)
        else:
            self.notify("Nothing is posted from this app now.", title="Scheduler stopped")

    def on_scheduler_refused(self, message: SchedulerRefused) -> None:
        self.scheduler.settled()
        self.notify(message.reason, title="Scheduler not started", severity="error", markup=False)

    def on_scheduler_posted(self, message: SchedulerPosted) -> None:
        for posted in message.posted[:5]:
            self.notify(f"Posted: {posted}", markup=False)
        if len(message.posted) > 5:
            self.notify(f"… and {len(message.posted) - 5} more (ctrl+l shows the log).")
        # The open camp's events and outbox show what was just posted.
        from tui.tabs.announcements import AnnouncementsView

        for view in self.screen.query(AnnouncementsView):
            view.reload()

    def on_scheduler_failed(self, message: SchedulerFailed) -> None:
        self.notify(
            f"{message.reason} It tries again at the next tick.",
            title="Scheduler run failed",
            severity="error",
            markup=False,
        )

    def _handle_exception(self, error: Exception) -> None:
        """An error nobody expected: its traceback goes to a log file, the operator sees
        :class:`CrashScreen`, and the app closes with exit status 1 from there.

        (Textual would print the traceback with every local variable and exit; a
        second error, one met before any screen exists, or one that stopped the app's
        own message loop still goes that way; ``camp`` then says where the log is.)
        """
        # An error in the app's own message loop has stopped that loop: no screen can
        # be shown or keys read any more. (A worker's error does not stop it.)
        loop_alive = isinstance(error, WorkerFailed) or active_message_pump.get(None) is not self
        self._unexpected(error, loop_alive=loop_alive)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key binding's action: one that fails shows :class:`CrashScreen` (left
        to Textual, its error would stop the app's message loop with it)."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self._unexpected(error, loop_alive=True)
            return True

    def _unexpected(self, error: Exception, *, loop_alive: bool) -> None:
        cause = error.error if isinstance(error, WorkerFailed) else error
        log = write_crash_log(cause)
        if self.crash_log is None:
            self.crash_log = log
        if self._crash is None and loop_alive and self.is_running and self.screen_stack:
            try:
                self._crash = CrashScreen(cause, log)
                self.push_screen(self._crash)
            except Exception:  # the app cannot show a screen any more
                self._crash = None
            else:
                # As Textual does: the exit status, and the error for a test to see.
                self._return_code = 1
                if self._exception is None:
                    self._exception = error
                    self._exception_event.set()
                return
        super()._handle_exception(error)

    def on_unmount(self) -> None:
        # Quitting stops the scheduler cleanly: its running job finishes, the lease is freed.
        self.scheduler.shutdown()
        if self._watch is not None:
            self._watch.close()

    def _new_camp_form(self) -> None:
        from tui.dialogs.new_camp import show_new_camp_form

        show_new_camp_form(self)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ModalScreen):
            # Over a dialog or a form only Textual's own commands (theme, keys, quit):
            # opening another camp or form from there stacked screens under the dialog
            # (a second new-camp form crashed the app). Close the dialog first.
            return
        yield SystemCommand(
            "New camp",
            "Create a camp from a template or a TOML file, with a preview of its plan",
            self._new_camp_form,
        )
        for row in self.camps:
            yield SystemCommand(
                f"Open camp {row.name}",
                f"{row.slug} · {row.status_text} · {row.members} members",
                lambda slug=row.slug: self.open_camp(slug),
            )
        from tui.screens.camp import CampScreen

        if isinstance(screen, CampScreen):
            for title, help_text, callback in screen.palette_commands():
                yield SystemCommand(title, help_text, callback)
        running = self.scheduler.running
        yield SystemCommand(
            "Stop the scheduler" if running else "Start the scheduler",
            "Stop posting from this app (ctrl+r)"
            if running
            else "Post announcements on time from this app, unless another scheduler runs (ctrl+r)",
            self.action_toggle_scheduler,
        )
        yield SystemCommand(
            "Show the scheduler log",
            "What the scheduler did, and the stdout channel's announcements (ctrl+l)",
            self.action_scheduler_log,
        )


def _import_camp_screen() -> None:
    import tui.screens.camp  # noqa: F401


def _warm_up() -> None:
    if "tui.screens.camp" not in sys.modules and not any(
        thread.name == "warm-up" for thread in threading.enumerate()
    ):
        threading.Thread(target=_import_camp_screen, name="warm-up", daemon=True).start()


def make_app(db_path: str | None = None) -> CampApp:
    """The one factory of the app: ``db_path``, else ``$CAMP_DB``, else the default file."""
    path = Path(db_path).expanduser() if db_path is not None else default_db_path()
    # The default file is created on the first run; one the operator named is asked about.
    named = db_path is not None or bool(os.environ.get("CAMP_DB"))
    return CampApp(path, ask_before_creating=named)
