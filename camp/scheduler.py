"""The headless scheduler: APScheduler wiring only; every job calls the services.

The events table is the truth. On start and every ``TICK_SECONDS`` the jobs are
rebuilt from it (one ``DateTrigger`` per pending event, ``id`` = the event key), so
nothing is kept in APScheduler's own stores and a restart simply derives them again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
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
from camp.services.courier import BackgroundCourier
from camp.services.lease import LEASE_SECONDS, LeaseHeld, SchedulerLease
from camp.services.outbox import recover_interrupted
from camp.services.running import (
    DEFAULT_GRACE_SECONDS,
    PAST_BOARDS_SECONDS,
    Log,
    RunReport,
    log_channel_problems,
    run_due,
)
from camp.services.standings import keep_past_boards

__all__ = [
    "DEFAULT_GRACE_SECONDS",
    "TICK_SECONDS",
    "SchedulerRunner",
    "listen_forever",
    "run_forever",
]

TICK_SECONDS = 20
#: No board of a past day is begun this close (seconds) to the next event.
BOARD_MARGIN_SECONDS = 3.0
#: How long a stop waits for the courier to settle the posts in flight.
COURIER_PATIENCE_SECONDS = 1.0
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
        # The lease is renewed by a thread of its own, so a long job never lets it lapse.
        self._keeper: threading.Thread | None = None
        self._stopping = threading.Event()
        self._loss_reported = False
        #: The loss reported (:meth:`_lease_taken_over`): a later failed renewal on the
        #: other thread makes a new ``lease.lost``, but the loss is the one reported.
        self._reported_loss: LeaseHeld | None = None
        self._jobs = 0
        self._idle = threading.Event()
        self._idle.set()
        self._local = threading.local()
        #: Past days whose board could not be stored: not tried again by this scheduler.
        self._boards_tried: set[tuple[int, int]] = set()
        # Deliveries go out on the courier's own thread, a lane per robot, so a robot
        # that hangs never holds up the next events (or the other robots).
        self.courier = BackgroundCourier(db_path, clock=clock.now, stdout=stdout, log=log)
        # The camps' bots hear their groups beside the scheduling (SPEC section 10).
        # Imported here: the bots' clients and the import engine are not needed by
        # ``camp run --once``.
        from camp.services.listening import Listeners

        self.listeners = Listeners(db_path, clock=clock.now, log=log)
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
        return self._reported_loss or self.lease.lost

    def fire(self) -> None:
        with self._running_job():
            self._fire()

    @contextlib.contextmanager
    def _running_job(self) -> Iterator[None]:
        """Counts the jobs at work, so a stop can tell whether one is still running."""
        with self._lock:
            self._jobs += 1
            self._idle.clear()
        try:
            yield
        finally:
            with self._lock:
                self._jobs -= 1
                if not self._jobs:
                    self._idle.set()

    def _fire(self) -> None:
        if self.lost is not None:
            return
        now = clock.now()
        if not self.lease.renew(self.db, now):
            self._lease_taken_over()
            return
        report = run_due(
            self.db,
            now,
            grace_seconds=self.grace_seconds,
            log=self.log,
            stdout=self.stdout,
            live_clock=clock.now,
            deliver=False,
        )
        self.courier.wake()
        if self.on_report is not None:
            self.on_report(report)

    def tick(self) -> None:
        try:
            with self._running_job():
                self.fire()
                if self.lost is None:
                    self.schedule_upcoming()
                    self.keep_past_boards()
        except CampError as exc:
            if self.on_error is None:
                raise
            self.on_error(exc)

    def keep_past_boards(self) -> None:
        """Store missing boards of past days (:func:`keep_past_boards`) in the time
        before the next event, less :data:`BOARD_MARGIN_SECONDS`: the event's job waits
        for this one, and a board of a big camp takes up to a second."""
        now = clock.now()
        # (An archived camp's events stay pending, and fall due never.)
        (due,) = self.db.execute(
            "SELECT MIN(e.due) FROM events e JOIN camps c ON c.id = e.camp_id "
            "WHERE e.status = 'pending' AND c.status = 'active' AND e.due > ?",
            [utc_text(now)],
        ).fetchone()
        room = PAST_BOARDS_SECONDS
        if due is not None:
            room = min(room, (from_utc_text(due) - now).total_seconds() - BOARD_MARGIN_SECONDS)
        if room > 0:
            keep_past_boards(self.db, now, seconds=room, tried=self._boards_tried)

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
        log_channel_problems(self.db, self.log)
        interrupted = recover_interrupted(self.db, clock.now())
        if interrupted:
            self.log(f"settled {interrupted} deliveries interrupted by an earlier stop")
        # After the settling: the courier takes only what is pending.
        self.courier.start()
        self.listeners.start()
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
        self._stopping.clear()
        self._keeper = threading.Thread(
            target=self._keep_lease, name="camp-lease", daemon=True
        )
        self._keeper.start()

    def _keep_lease(self) -> None:
        """Renew the lease every third of its length (or every tick, when shorter), on a
        connection of its own, until the runner stops or another scheduler takes over."""
        interval = min(self.tick_seconds, LEASE_SECONDS / 3)
        db = open_db(self.db_path)
        try:
            while not self._stopping.wait(interval):
                try:
                    kept = self.lease.renew(db, clock.now())
                except CampError as exc:  # busy or unreadable for now: try again next time
                    self.log(f"could not renew the scheduler lease: {exc}")
                    continue
                if not kept:
                    self._lease_taken_over()
                    return
        finally:
            db.close()

    def _lease_taken_over(self) -> None:
        """Said once, from whichever thread noticed first (a job or the lease keeper)."""
        with self._lock:
            if self._loss_reported:
                return
            self._loss_reported = True
            lost = self._reported_loss = self.lease.lost
        assert lost is not None
        # The other scheduler delivers and listens from now on.
        self.listeners.stop(timeout=COURIER_PATIENCE_SECONDS)
        self.courier.stop(timeout=COURIER_PATIENCE_SECONDS)
        if self.on_lease_lost is not None:
            self.on_lease_lost(lost)
            return
        # `camp run`: say so and stop; the jobs would do nothing from now on.
        self.log(str(lost))
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def start_in_background(self) -> None:
        """Take the lease (or raise LeaseHeld), catch up, and run the jobs in a thread."""
        self.start()
        try:
            self.scheduler.start()
        except BaseException:
            self.stop()
            raise
        self.log(f"camp scheduler running as {self.holder}")

    def stop(self, *, patience: float | None = None) -> bool:
        """Wait for a running job, give the lease back and close the connections.

        ``patience`` bounds the wait (seconds): a job still running then (a robot that
        does not answer) is left behind, and its delivery, marked ``sending``, is
        settled by the next start for the operator to check. Returns whether every job
        had finished.
        """
        self._stopping.set()
        # First the bots (what they heard is stored as it arrives), then the deliveries:
        # a post in flight becomes uncertain, the rest stays pending.
        self.listeners.stop(timeout=COURIER_PATIENCE_SECONDS)
        courier_done = self.courier.stop(timeout=COURIER_PATIENCE_SECONDS)
        if self._keeper is not None and self._keeper is not threading.current_thread():
            self._keeper.join(timeout=5)
        if self.scheduler.running:
            # Not shutdown(wait=True): APScheduler holds its job-store lock while it waits,
            # and a running tick that schedules the next events would wait on it forever.
            self.scheduler.shutdown(wait=False)
        finished = self._idle.wait(patience) and courier_done
        if not finished:
            self.log("a delivery was still in flight; the next start settles it")
        try:
            self.lease.give_back(self.db)
        finally:
            self._close_connections()
        self.log("camp scheduler stopped")
        return finished

    def _close_connections(self) -> None:
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()


#: How long ``camp run`` waits for a running job after SIGTERM or Ctrl-C.
STOP_PATIENCE_SECONDS = 1.5


def run_forever(
    db_path: str | Path | None, *, grace_seconds: int = DEFAULT_GRACE_SECONDS, log: Log = print
) -> None:
    """Run until SIGINT/SIGTERM: catch up, then fire every event at its time.

    A stop waits at most ``STOP_PATIENCE_SECONDS`` for a running job; a job still
    running then (a hung robot) is abandoned with the process, which is as safe as a
    crash: its delivery stays ``sending`` and the next start settles it.
    """

    def stop(signum, frame):
        raise SystemExit(0)

    # Before the catch-up, which may already be talking to robots.
    signal.signal(signal.SIGTERM, stop)
    runner = SchedulerRunner(db_path, grace_seconds, log)
    try:
        runner.start()
    except (KeyboardInterrupt, SystemExit):
        return  # stopped during the catch-up; start() has stopped the runner
    finished = True
    try:
        log(f"camp scheduler running as {runner.holder}; Ctrl-C stops it")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            runner.scheduler.start()
    finally:
        finished = runner.stop(patience=STOP_PATIENCE_SECONDS)
    if not finished:
        # The job's thread would hold the interpreter's exit until its robot answers.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def listen_forever(db_path: str | Path | None, *, slug: str | None = None, log: Log = print) -> None:
    """``camp listen``: only the bots, until SIGINT/SIGTERM, under the scheduler lease
    (a running ``camp run`` already listens; two pollers of one bot would fight)."""
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    lease = SchedulerLease()
    db = open_db(db_path)
    try:
        lease.take(db, clock.now())
        from camp.services.listening import Listeners

        listeners = Listeners(db_path, clock=clock.now, log=log, slug=slug)
        listeners.start()
        log(f"camp listening as {lease.holder}; Ctrl-C stops it")
        try:
            while not stopping.wait(LEASE_SECONDS / 3):
                if not lease.renew(db, clock.now()):
                    assert lease.lost is not None
                    log(str(lease.lost))
                    break
        except KeyboardInterrupt:
            pass
        finally:
            listeners.stop(timeout=COURIER_PATIENCE_SECONDS)
            lease.give_back(db)
        log("camp stopped listening")
    finally:
        db.close()
