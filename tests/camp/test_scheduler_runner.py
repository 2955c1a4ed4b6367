"""The scheduler runner that ``camp run`` and the terminal UI share, run in the background."""

from __future__ import annotations

import datetime as dt
import io
import socket
import subprocess
import sys
import threading
import time

import pendulum
import pytest

from camp.clock import utc_text
from camp.db import open_db, write_transaction
from camp.scheduler import SchedulerRunner
from camp.services.camps import create_camp
from camp.services.lease import (
    LEASE_SECONDS,
    LeaseHeld,
    acquire_lease,
    current_lease,
    holder_is_gone,
)
from camp.services.running import Announced

START = dt.date(2026, 11, 19)
#: Day 5, 23:00:30 in Shanghai: the night's reminder fell due 30 seconds ago.
REMINDER_DUE = "2026-11-23T23:00:30+08:00"


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMP_NOW", REMINDER_DUE)
    path = tmp_path / "runner.db"
    db = open_db(path)
    try:
        create_camp(
            db,
            "copywriting-cp",
            name="CP",
            start=START,
            now=pendulum.parse(REMINDER_DUE).subtract(days=6),
            slug="cp",
        )
    finally:
        db.close()
    return path


def rows(path, sql):
    db = open_db(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_a_background_runner_posts_what_is_due_to_its_own_stdout_and_frees_the_lease(db_path):
    out, lines, reports = io.StringIO(), [], []
    runner = SchedulerRunner(
        db_path, log=lines.append, background=True, stdout=out, on_report=reports.append
    )
    runner.start_in_background()
    try:
        assert runner.scheduler.running
        assert rows(db_path, "SELECT holder FROM leases") == [(runner.holder,)]
        assert rows(
            db_path, "SELECT status FROM events WHERE key = 'cp/reminder/d5/night/30m'"
        ) == [("done",)]
        # The courier delivers on its own thread, right after the job produced it.
        deadline = time.monotonic() + 5
        while not out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert out.getvalue().startswith("== CP · ")
        announced = [a for report in reports for a in report.announced]
        assert announced == [Announced("cp/reminder/d5/night/30m", "cp", "reminder", 5)]
        assert announced[0].describe() == "day 5 reminder of cp"
        assert "camp-tick" in {job.id for job in runner.scheduler.get_jobs()}
    finally:
        runner.stop()
    assert not runner.scheduler.running
    assert rows(db_path, "SELECT * FROM leases") == []
    assert lines[-1] == "camp scheduler stopped"


def test_a_runner_does_not_start_while_another_holds_the_lease(db_path):
    db = open_db(db_path)
    try:
        acquire_lease(db, "ops-box:1", pendulum.parse(REMINDER_DUE))
    finally:
        db.close()
    runner = SchedulerRunner(db_path, log=lambda line: None, background=True)
    with pytest.raises(LeaseHeld) as caught:
        runner.start_in_background()
    assert caught.value.lease.holder == "ops-box:1"
    assert "Another scheduler (ops-box:1) is running on this database until" in str(caught.value)
    assert not runner.scheduler.running
    assert rows(db_path, "SELECT COUNT(*) FROM events") == [(0,)]


def test_a_runner_that_loses_its_lease_stops_firing_and_says_so(db_path):
    lost = []
    runner = SchedulerRunner(
        db_path,
        log=lambda line: None,
        background=True,
        stdout=io.StringIO(),
        tick_seconds=0.05,
        on_lease_lost=lost.append,
    )
    runner.start_in_background()
    try:
        db = open_db(db_path)
        try:
            with write_transaction(db):
                db.execute("UPDATE leases SET holder = 'night-box:2', expires = '2099-01-01'")
            deadline = time.monotonic() + 5
            while not lost and time.monotonic() < deadline:
                time.sleep(0.02)
            assert [error.lease.holder for error in lost] == ["night-box:2"]
            assert runner.lost is lost[0]
        finally:
            db.close()
    finally:
        runner.stop()
    # The lease is the other scheduler's: stopping leaves it alone.
    assert rows(db_path, "SELECT holder FROM leases") == [("night-box:2",)]


def test_the_lease_in_force_is_read_with_its_expiry(db_path):
    db = open_db(db_path)
    try:
        now = pendulum.parse(REMINDER_DUE)
        assert current_lease(db, now) is None
        acquire_lease(db, "ops-box:3", now, seconds=60)
        lease = current_lease(db, now)
        assert lease is not None and lease.holder == "ops-box:3"
        assert lease.expires == now.add(seconds=60)
        assert current_lease(db, now.add(seconds=61)) is None
    finally:
        db.close()


def test_the_lease_is_renewed_while_a_long_job_runs(db_path, monkeypatch):
    # The runner has one worker for its jobs; a job that takes long (a slow robot) must
    # not let the lease lapse, so a thread of its own renews it.
    runner = SchedulerRunner(
        db_path, log=[].append, background=True, stdout=io.StringIO(), tick_seconds=0.2
    )
    runner.start_in_background()
    release = threading.Event()
    try:
        runner.scheduler.add_job(release.wait, args=[10], id="a-long-job")
        time.sleep(0.3)  # the long job holds the only worker now
        later = pendulum.parse(REMINDER_DUE).add(seconds=30)
        monkeypatch.setenv("CAMP_NOW", later.isoformat())
        wanted = utc_text(later.add(seconds=LEASE_SECONDS))
        deadline = time.monotonic() + 5
        while rows(db_path, "SELECT expires FROM leases") != [(wanted,)]:
            assert time.monotonic() < deadline, rows(db_path, "SELECT * FROM leases")
            time.sleep(0.05)
    finally:
        release.set()
        runner.stop()


def test_camp_run_stops_and_says_so_when_another_scheduler_takes_over(db_path):
    lines: list[str] = []
    runner = SchedulerRunner(db_path, log=lines.append, stdout=io.StringIO(), tick_seconds=0.2)
    runner.start()
    blocking = threading.Thread(target=runner.scheduler.start)
    blocking.start()
    try:
        db = open_db(db_path)
        with write_transaction(db):
            db.execute("UPDATE leases SET holder = 'night-box:2', expires = '2099-01-01'")
        db.close()
        blocking.join(timeout=10)
        assert not blocking.is_alive()
    finally:
        runner.stop()
    assert any("Another scheduler (night-box:2)" in line for line in lines)
    assert rows(db_path, "SELECT holder FROM leases") == [("night-box:2",)]


def test_a_lease_whose_holder_died_on_this_host_is_taken_over_at_once(db_path):
    now = pendulum.parse(REMINDER_DUE)
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = f"{socket.gethostname()}:{finished.stdout.strip()}"
    assert holder_is_gone(dead)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    alive = f"{socket.gethostname()}:{sleeper.pid}"
    db = open_db(db_path)
    try:
        acquire_lease(db, dead, now)
        acquire_lease(db, "me:1", now.add(seconds=1))  # no wait for the dead one's expiry
        assert current_lease(db, now).holder == "me:1"
        for holder in (alive, "another-host:1"):
            db.execute("DELETE FROM leases")
            acquire_lease(db, holder, now)
            with pytest.raises(LeaseHeld):
                acquire_lease(db, "me:1", now.add(seconds=1))
    finally:
        sleeper.kill()
        sleeper.wait()
        db.close()


def test_a_running_scheduler_stores_the_boards_of_past_days_it_did_not_sum_up(db_path):
    # The camp's first days were imported, not run: their summaries are long past
    # (missed), and the scheduler stores their boards beside its ticks.
    from camp.services.members import add_members

    db = open_db(db_path)
    try:
        add_members(db, "cp", ["Ann", "Ben"], now=pendulum.parse(REMINDER_DUE))
    finally:
        db.close()
    # Quick ticks: a board the courier's writes made the database refuse is stored on
    # the next one.
    runner = SchedulerRunner(
        db_path, log=lambda line: None, background=True, stdout=io.StringIO(), tick_seconds=0.2
    )
    runner.start_in_background()
    try:
        summed_up = rows(
            db_path, f"SELECT day FROM events WHERE kind = 'summary' AND due <= '{REMINDER_DUE}'"
        )
        assert summed_up  # the test's premise: some days are past
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            stored = rows(db_path, "SELECT day FROM stored_boards ORDER BY day")
            if len(stored) == len(summed_up):
                break
            time.sleep(0.05)
        assert stored == sorted(summed_up)
    finally:
        runner.stop()


def test_no_board_of_a_past_day_is_begun_just_before_an_event_falls_due(db_path, monkeypatch):
    # The next event's job would wait for the board: close to it, none is begun.
    from camp.clock import from_utc_text
    from camp.scheduler import BOARD_MARGIN_SECONDS
    from camp.services.events import sync_all_events
    from camp.services.members import add_members

    now = pendulum.parse(REMINDER_DUE)
    db = open_db(db_path)
    try:
        add_members(db, "cp", ["Ann", "Ben"], now=now)
        sync_all_events(db, now)
        (due,) = db.execute(
            "SELECT MIN(due) FROM events WHERE status = 'pending' AND due > ?", [utc_text(now)]
        ).fetchone()
    finally:
        db.close()
    next_event = from_utc_text(due)
    runner = SchedulerRunner(db_path, log=lambda line: None, stdout=io.StringIO())
    close = next_event.subtract(seconds=BOARD_MARGIN_SECONDS - 1)
    monkeypatch.setenv("CAMP_NOW", close.isoformat())
    runner.keep_past_boards()
    assert rows(db_path, "SELECT day FROM stored_boards") == []
    monkeypatch.setenv("CAMP_NOW", next_event.subtract(minutes=1).isoformat())
    runner.keep_past_boards()
    assert rows(db_path, "SELECT day FROM stored_boards")  # the days summed up by then
