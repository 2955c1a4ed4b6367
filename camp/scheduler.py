"""The headless scheduler: APScheduler wiring only; every job calls the services.

The events table is the truth. On start and every ``TICK_SECONDS`` the jobs are
rebuilt from it (one ``DateTrigger`` per pending event, ``id`` = the event key), so
nothing is kept in APScheduler's own stores and a restart simply derives them again.
"""

from __future__ import annotations

import contextlib
import signal
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pendulum
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from camp import clock
from camp.clock import from_utc_text, utc_text
from camp.db import Database, open_db
from camp.errors import CampError
from camp.services.announcing import produce_announcement, skip_missed_event
from camp.services.events import sync_all_events
from camp.services.lease import LeaseHeld, acquire_lease, holder_id, release_lease, renew_lease
from camp.services.outbox import deliver_due, recover_interrupted

__all__ = [
    "DEFAULT_GRACE_SECONDS",
    "Announced",
    "RunReport",
    "SchedulerRunner",
    "run_due",
    "run_forever",
]

DEFAULT_GRACE_SECONDS = 3600
TICK_SECONDS = 20
#: Events are scheduled this far ahead; the tick adds the next ones as time passes.
HORIZON_HOURS = 48

Log = Callable[[str], None]


@dataclass(frozen=True)
class Announced:
    """An announcement a run produced: the event's key, camp, kind and day."""

    key: str
    camp: str
    kind: str
    day: int | None

    def describe(self) -> str:
        """``day 5 summary of cp``, ``opening of cp``."""
        what = self.kind if self.day is None else f"day {self.day} {self.kind}"
        return f"{what} of {self.camp}"


@dataclass
class RunReport:
    produced: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    deliveries: int = 0
    #: The produced announcements, described.
    announced: list[Announced] = field(default_factory=list)


def run_due(
    db: Database,
    now: pendulum.DateTime,
    *,
    grace_seconds: int = DEFAULT_GRACE_SECONDS,
    log: Log = lambda line: None,
    stdout=None,
    env=None,
    live_clock: Callable[[], pendulum.DateTime] | None = None,
) -> RunReport:
    """Do everything due as of ``now``: produce announcements, then deliver them.

    A running scheduler passes ``live_clock``, so each event is stamped with the
    moment it was really produced; ``--once --now`` keeps the one simulated instant.
    """
    report = RunReport()
    sync_all_events(db, now)
    due = db.execute(
        "SELECT e.key, e.due, c.timezone, c.slug, e.kind, e.day "
        "FROM events e JOIN camps c ON c.id = e.camp_id "
        "WHERE e.status = 'pending' AND e.due <= ? AND c.status = 'active' ORDER BY e.due, e.key",
        [utc_text(now)],
    ).fetchall()
    for key, due_text, zone, slug, kind, day in due:
        due_at = from_utc_text(due_text)
        late = (now - due_at).total_seconds()
        moment = live_clock() if live_clock is not None else now
        if late > grace_seconds:
            outcome = skip_missed_event(db, key, moment)
        else:
            outcome = produce_announcement(db, key, moment)
        when = due_at.in_tz(zone).format("YYYY-MM-DD HH:mm Z")
        if outcome.status == "done":
            report.produced.append(key)
            report.announced.append(Announced(key, slug, kind, day))
            log(f"{when}  {key}  done (announcement {outcome.outbox_id})")
        elif outcome.status == "missed":
            report.missed.append(key)
            log(f"{when}  {key}  missed (due {late / 60:.0f} min ago, past the grace period)")
        elif outcome.status == "failed":
            report.failed.append(key)
            log(f"{when}  {key}  failed: {outcome.error}")
    for result in deliver_due(db, now, stdout=stdout, env=env):
        report.deliveries += 1
        if result.status == "waiting":
            log(
                f"delivery of {result.event_key} to {result.channel} waits for the robot's rate limit"
            )
        elif result.status != "sent":
            log(
                f"delivery of {result.event_key} to {result.channel} {result.status}: {result.error}"
            )
    return report


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
        self.holder = holder_id()
        #: Set once another process took the lease over; nothing fires after that.
        self.lost: LeaseHeld | None = None
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

    def fire(self) -> None:
        if self.lost is not None:
            return
        now = clock.now()
        try:
            renew_lease(self.db, self.holder, now)
        except LeaseHeld as exc:
            if self.on_lease_lost is None:
                raise
            self.lost = exc
            self.on_lease_lost(exc)
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
        except (CampError, sqlite3.Error) as exc:
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

    def start_in_background(self) -> None:
        """Take the lease (or raise LeaseHeld), catch up, and run the jobs in a thread."""
        try:
            acquire_lease(self.db, self.holder, clock.now())
        except BaseException:
            self._close_connections()
            raise
        try:
            self.catch_up()
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
            if self.lost is None:
                release_lease(self.db, self.holder)
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
    db = open_db(db_path)
    now = clock.now()
    acquire_lease(db, runner.holder, now)
    try:
        runner.catch_up()

        def stop(signum, frame):
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        log(f"camp scheduler running as {runner.holder}; Ctrl-C stops it")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            runner.scheduler.start()
    finally:
        if runner.scheduler.running:
            runner.scheduler.shutdown(wait=True)
        release_lease(db, runner.holder)
        log("camp scheduler stopped")
