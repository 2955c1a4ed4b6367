"""The headless scheduler: APScheduler wiring only; every job calls the services.

The events table is the truth. On start and every ``TICK_SECONDS`` the jobs are
rebuilt from it (one ``DateTrigger`` per pending event, ``id`` = the event key), so
nothing is kept in APScheduler's own stores and a restart simply derives them again.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from camp import clock
from camp.clock import from_utc_text, utc_text
from camp.db import Database, open_db
from camp.errors import CampError
from camp.services.lease import LeaseHeld, SchedulerLease
from camp.services.outbox import recover_interrupted
from camp.services.running import DEFAULT_GRACE_SECONDS, Log, RunReport, run_due

__all__ = [
    "DEFAULT_GRACE_SECONDS",
    "TICK_SECONDS",
    "SchedulerRunner",
    "run_forever",
]

TICK_SECONDS = 20
#: Events are scheduled this far ahead; the tick adds the next ones as time passes.
HORIZON_HOURS = 48


class SchedulerRunner:
    """A running scheduler: the lease, every event fired at its time, a connection per thread.

    ``camp run`` drives it with a blocking APScheduler (:func:`run_forever`); the terminal
    UI runs the same jobs in a background one (``background=True``), with its own
    ``stdout`` for the stdout channel and callbacks instead of exceptions.
    """

    def __init__(
        self,
        db_path: str | Path | None,
        grace_seconds: int = DEFAULT_GRACE_SECONDS,
        log: Log = print,
        *,
        background: bool = False,
        stdout: TextIO | None = None,
        tick_seconds: float = TICK_SECONDS,
        on_report: Callable[[RunReport], None] | None = None,
        on_lease_lost: Callable[[LeaseHeld], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ):
        self.db_path = db_path
        self.grace_seconds = grace_seconds
        self.log = log
        self.stdout = stdout
        self.tick_seconds = tick_seconds
        self.on_report = on_report
        self.on_lease_lost = on_lease_lost
        self.on_error = on_error
        self.lease = SchedulerLease()
        self.holder = self.lease.holder
        self._local = threading.local()
        self._connections: list[Database] = []
        self._lock = threading.Lock()
        scheduler_class = BackgroundScheduler if background else BlockingScheduler
        self.scheduler = scheduler_class(
            timezone="UTC",
            executors={"default": ThreadPoolExecutor(1)},  # one job at a time, in order
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": grace_seconds,
            },
        )
        # With an error handler (the UI), a failing job reports instead of raising.
        self._event_job = self.fire if on_error is None else self.tick

    @property
    def db(self) -> Database:
        if getattr(self._local, "db", None) is None:
            self._local.db = open_db(self.db_path)
            with self._lock:
                self._connections.append(self._local.db)
        return self._local.db

    @property
    def lost(self) -> LeaseHeld | None:
        """Set once another process took the lease over; nothing fires after that."""
        return self.lease.lost

    def fire(self) -> None:
        if self.lost is not None:
            return
        now = clock.now()
        if not self.lease.renew(self.db, now):
            assert self.lease.lost is not None
            if self.on_lease_lost is None:
                raise self.lease.lost
            self.on_lease_lost(self.lease.lost)
            return
        report = run_due(
            self.db,
            now,
            grace_seconds=self.grace_seconds,
            log=self.log,
            stdout=self.stdout,
            live_clock=clock.now,
        )
        if self.on_report is not None:
            self.on_report(report)

    def tick(self) -> None:
        try:
            self.fire()
            if self.lost is None:
                self.schedule_upcoming()
        except CampError as exc:
            if self.on_error is None:
                raise
            self.on_error(exc)

    def schedule_upcoming(self) -> None:
        now = clock.now()
        horizon = utc_text(now.add(hours=HORIZON_HOURS))
        rows = self.db.execute(
            "SELECT key, due FROM events WHERE status = 'pending' AND due > ? AND due <= ?",
            [utc_text(now), horizon],
        ).fetchall()
        for key, due in rows:
            self.scheduler.add_job(
                self._event_job,
                DateTrigger(run_date=from_utc_text(due), timezone="UTC"),
                id=key,
                replace_existing=True,
            )

    def catch_up(self) -> None:
        """Settle interrupted deliveries, do what is due and schedule what comes; re-read
        the events (and renew the lease) every ``tick_seconds`` from then on."""
        interrupted = recover_interrupted(self.db, clock.now())
        if interrupted:
            self.log(f"settled {interrupted} deliveries interrupted by an earlier stop")
        self.tick()
        self.scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=self.tick_seconds, timezone="UTC"),
            id="camp-tick",
            replace_existing=True,
        )

    def start(self) -> None:
        """Take the lease (or raise LeaseHeld) and catch up; the jobs run once the
        APScheduler starts (``start_in_background``, or ``run_forever`` blocking)."""
        try:
            self.lease.take(self.db, clock.now())
        except BaseException:
            self._close_connections()
            raise
        try:
            self.catch_up()
        except BaseException:
            self.stop()
            raise

    def start_in_background(self) -> None:
        """Take the lease (or raise LeaseHeld), catch up, and run the jobs in a thread."""
        self.start()
        try:
            self.scheduler.start()
        except BaseException:
            self.stop()
            raise
        self.log(f"camp scheduler running as {self.holder}")

    def stop(self) -> None:
        """Wait for a running job, give the lease back and close the connections."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        try:
            self.lease.give_back(self.db)
        finally:
            self._close_connections()
        self.log("camp scheduler stopped")

    def _close_connections(self) -> None:
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()


def run_forever(
    db_path: str | Path | None, *, grace_seconds: int = DEFAULT_GRACE_SECONDS, log: Log = print
) -> None:
    """Run until SIGINT/SIGTERM: catch up, then fire every event at its time."""
    runner = SchedulerRunner(db_path, grace_seconds, log)
    runner.start()
    try:

        def stop(signum, frame):
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        log(f"camp scheduler running as {runner.holder}; Ctrl-C stops it")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            runner.scheduler.start()
    finally:
        runner.stop()
