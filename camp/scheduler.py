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
from dataclasses import dataclass, field
from pathlib import Path

import pendulum
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from camp import clock
from camp.clock import from_utc_text, utc_text
from camp.db import Database, open_db
from camp.services.announcing import produce_announcement, skip_missed_event
from camp.services.events import sync_all_events
from camp.services.lease import acquire_lease, holder_id, release_lease, renew_lease
from camp.services.outbox import deliver_due, recover_interrupted

__all__ = ["DEFAULT_GRACE_SECONDS", "RunReport", "run_due", "run_forever"]

DEFAULT_GRACE_SECONDS = 3600
TICK_SECONDS = 20
#: Events are scheduled this far ahead; the tick adds the next ones as time passes.
HORIZON_HOURS = 48

Log = Callable[[str], None]


@dataclass
class RunReport:
    produced: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    deliveries: int = 0


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
        "SELECT e.key, e.due, c.timezone FROM events e JOIN camps c ON c.id = e.camp_id "
        "WHERE e.status = 'pending' AND e.due <= ? AND c.status = 'active' ORDER BY e.due, e.key",
        [utc_text(now)],
    ).fetchall()
    for key, due_text, zone in due:
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


class _Runner:
    """State of a running ``camp run``: one connection per worker thread."""

    def __init__(self, db_path: str | Path | None, grace_seconds: int, log: Log):
        self.db_path = db_path
        self.grace_seconds = grace_seconds
        self.log = log
        self.holder = holder_id()
        self._local = threading.local()
        self.scheduler = BlockingScheduler(
            timezone="UTC",
            executors={"default": ThreadPoolExecutor(1)},  # one job at a time, in order
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": grace_seconds,
            },
        )

    @property
    def db(self) -> Database:
        if getattr(self._local, "db", None) is None:
            self._local.db = open_db(self.db_path)
        return self._local.db

    def fire(self) -> None:
        now = clock.now()
        renew_lease(self.db, self.holder, now)
        run_due(self.db, now, grace_seconds=self.grace_seconds, log=self.log, live_clock=clock.now)

    def tick(self) -> None:
        self.fire()
        self.schedule_upcoming()

    def schedule_upcoming(self) -> None:
        now = clock.now()
        horizon = utc_text(now.add(hours=HORIZON_HOURS))
        rows = self.db.execute(
            "SELECT key, due FROM events WHERE status = 'pending' AND due > ? AND due <= ?",
            [utc_text(now), horizon],
        ).fetchall()
        for key, due in rows:
            self.scheduler.add_job(
                self.fire,
                DateTrigger(run_date=from_utc_text(due), timezone="UTC"),
                id=key,
                replace_existing=True,
            )


def run_forever(
    db_path: str | Path | None, *, grace_seconds: int = DEFAULT_GRACE_SECONDS, log: Log = print
) -> None:
    """Run until SIGINT/SIGTERM: catch up, then fire every event at its time."""
    runner = _Runner(db_path, grace_seconds, log)
    db = open_db(db_path)
    now = clock.now()
    acquire_lease(db, runner.holder, now)
    try:
        interrupted = recover_interrupted(db, now)
        if interrupted:
            log(f"settled {interrupted} deliveries interrupted by an earlier stop")
        runner.tick()
        runner.scheduler.add_job(
            runner.tick,
            IntervalTrigger(seconds=TICK_SECONDS, timezone="UTC"),
            id="camp-tick",
            replace_existing=True,
        )

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
