"""The scheduler run from inside the terminal UI: the engine's runner in a background thread.

The app owns the terminal, so nothing may be printed: the stdout channel and the
runner's log lines go to a :class:`SchedulerLog` the operator opens on demand, and
what happens comes back to the app as messages.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from textual.app import App

from camp.services.lease import LeaseHeld

if TYPE_CHECKING:
    from camp.scheduler import SchedulerRunner
    from camp.services.running import RunReport
from tui.messages import (
    SchedulerFailed,
    SchedulerPosted,
    SchedulerRefused,
    SchedulerStarted,
    SchedulerStopped,
)

__all__ = ["AppScheduler", "SchedulerLog", "refusal_sentence"]

#: Lines the log keeps; older ones are dropped.
LOG_LINES = 2000


class SchedulerLog:
    """The last lines the scheduler wrote: its log and the stdout channel's announcements.

    A small file-like object (``write``/``flush``), safe to use from any thread.
    """

    def __init__(self, limit: int = LOG_LINES) -> None:
        self._lines: deque[str] = deque(maxlen=limit)
        self._lock = threading.Lock()
        #: Lines written since the start, dropped ones included (readers follow it).
        self.written = 0
        self._partial = ""

    def write(self, text: str) -> int:
        with self._lock:
            *complete, self._partial = (self._partial + text).split("\n")
            self._lines.extend(complete)
            self.written += len(complete)
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered beyond an unfinished line."""

    def line(self, text: str) -> None:
        """One line of the runner's own log, stamped with the wall-clock time."""
        self.write(f"{dt.datetime.now().strftime('%H:%M:%S')}  {text}\n")

    def since(self, written: int) -> tuple[list[str], int]:
        """The lines after the first ``written`` ones (as far as they are kept), and the total."""
        with self._lock:
            new = min(self.written - written, len(self._lines))
            return list(self._lines)[len(self._lines) - new :], self.written


def refusal_sentence(error: LeaseHeld) -> str:
    """Why the scheduler cannot start here: who runs it and until when its lease holds."""
    expires = error.lease.expires.in_tz("UTC").format("YYYY-MM-DD HH:mm:ss")
    return (
        f"The scheduler is already running in {error.lease.holder} (its lease holds until "
        f"{expires} UTC); stop it there first, or start it here once that lease has expired."
    )


class AppScheduler:
    """The app's scheduler toggle: starts and stops the engine's runner off the event loop.

    ``tick_seconds`` is how often the lease is renewed and the events re-read; tests
    shorten it.
    """

    def __init__(
        self,
        app: App,
        db_path: Path,
        *,
        tick_seconds: float | None = None,
        grace_seconds: int | None = None,
    ) -> None:
        self.app = app
        self.db_path = db_path
        #: ``None``: the engine's own figures. (The engine's runner, with APScheduler and
        #: the robots' clients, is imported when the operator starts it, not with the app.)
        self.tick_seconds = tick_seconds
        self.grace_seconds = grace_seconds
        self.log = SchedulerLog()
        self.runner: SchedulerRunner | None = None
        #: True while a start or a stop is under way (the toggle waits for it).
        self.busy = False
        #: Set when the app closes: a start still under way stops again at once.
        self.closing = False

    @property
    def running(self) -> bool:
        return self.runner is not None

    def toggle(self) -> None:
        """Start the scheduler if it is stopped, stop it if it runs."""
        if self.busy:
            self.app.notify("The scheduler is still starting or stopping.", severity="warning")
            return
        self.busy = True
        work = self._stop if self.running else self._start
        self.app.run_worker(work, thread=True, group="scheduler", exit_on_error=False)

    def settled(self) -> None:
        """A start or a stop finished (its message has reached the app)."""
        self.busy = False

    def shutdown(self) -> None:
        """Stop at once, in the calling thread (the app is closing)."""
        self.closing = True
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.stop()

    # ------------------------------------------------------------ worker threads

    def _start(self) -> None:
        from camp.scheduler import TICK_SECONDS, SchedulerRunner
        from camp.services.running import DEFAULT_GRACE_SECONDS

        runner = SchedulerRunner(
            self.db_path,
            DEFAULT_GRACE_SECONDS if self.grace_seconds is None else self.grace_seconds,
            self.log.line,
            background=True,
            # The runner types its stream as TextIO; it only writes to it and flushes it.
            stdout=cast(TextIO, self.log),
            tick_seconds=TICK_SECONDS if self.tick_seconds is None else self.tick_seconds,
            on_report=self._reported,
            on_lease_lost=self._lease_lost,
            on_error=self._failed,
        )
        try:
            # The first tick runs here: catching up may mark many events missed.
            self.runner = runner
            runner.start_in_background()
        except LeaseHeld as exc:
            self.runner = None
            self.log.line(str(exc))
            self.app.post_message(SchedulerRefused(refusal_sentence(exc)))
        except Exception as exc:  # a database or template problem: report it, never crash
            self.runner = None
            self.log.line(f"could not start: {exc}")
            self.app.post_message(SchedulerRefused(f"The scheduler could not start: {exc}"))
        else:
            if self.closing:
                self.shutdown()
            else:
                self.app.post_message(SchedulerStarted(runner.holder))

    def _stop(self, reason: str | None = None) -> None:
        runner, self.runner = self.runner, None
        try:
            if runner is not None:
                runner.stop()
        except Exception as exc:  # the lease row could not be deleted: it expires by itself
            self.log.line(f"stopped, but the lease was not given back: {exc}")
        self.app.post_message(SchedulerStopped(reason))

    # ------------------------------------------------------------ runner callbacks

    def _reported(self, report: RunReport) -> None:
        if report.announced:
            posted = [announced.describe() for announced in report.announced]
            self.app.post_message(SchedulerPosted(posted))

    def _lease_lost(self, error: LeaseHeld) -> None:
        self.log.line(str(error))
        reason = (
            f"Another scheduler ({error.lease.holder}) took the lease over, so this one stopped."
        )
        # The stop waits for the running job, this one: it runs in a thread of its own.
        self.busy = True
        self.app.run_worker(
            lambda: self._stop(reason), thread=True, group="scheduler", exit_on_error=False
        )

    def _failed(self, error: Exception) -> None:
        self.log.line(f"error: {error}")
        self.app.post_message(SchedulerFailed(str(error)))
