"""A scheduler stops at once, even while a robot hangs: nothing waits on a hung request."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pendulum
import pytest

from camp.db import open_db
from camp.scheduler import SchedulerRunner
from camp.services.camps import create_camp
from camp.services.members import add_members

DATA = Path(__file__).resolve().parent.parent / "data"
#: Day 1 at 19:31 in Shanghai: the opening ceremony (19:30) is due.
OPENING_DUE = "2026-12-01T19:31:00+08:00"


class HungRobot(BaseHTTPRequestHandler):
    """A robot that reads the request and never answers in time."""

    arrived = threading.Event()

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.arrived.set()
        time.sleep(30)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@pytest.fixture
def hung_robot():
    HungRobot.arrived = threading.Event()
    server = QuietServer(("127.0.0.1", 0), HungRobot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def make_camp(tmp_path: Path) -> Path:
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    with definition.open("a", encoding="utf-8") as f:
        # Slack keeps no announcement keys: a post in flight at the stop may be in the
        # chat, so it must come out "uncertain", never sent again on its own.
        f.write('\n[[channels]]\ntype = "slack"\nurl_env = "CAMP_TEST_ROBOT"\n')
    path = tmp_path / "stop.db"
    db = open_db(path)
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(definition), name="Stop", start=pendulum.date(2026, 12, 1), now=before)
    add_members(db, "stop", ["Ann"], now=before)
    db.close()
    return path


@pytest.mark.slow
def test_sigterm_stops_camp_run_within_two_seconds_while_a_robot_hangs(tmp_path, hung_robot):
    db = make_camp(tmp_path)
    env = {**os.environ, "CAMP_TEST_ROBOT": hung_robot, "CAMP_NOW": OPENING_DUE}
    process = subprocess.Popen(
        [sys.executable, "-c", "from camp.cli import main; main()", "--db", str(db), "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert HungRobot.arrived.wait(20), "the robot never got the opening"
    time.sleep(0.3)
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=10)
    took = time.monotonic() - sent
    assert took < 2.0, (took, err)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    # The lease is free for the next scheduler; the post in flight is uncertain, for the
    # operator to check, with the reason in its history.
    check = open_db(db)
    assert check.execute("SELECT COUNT(*) FROM leases").fetchone()[0] == 0
    statuses = dict(check.execute("SELECT channel, status FROM deliveries").fetchall())
    assert [status for channel, status in statuses.items() if "slack" in channel] == ["uncertain"]
    (outcome, error), *_ = check.execute(
        "SELECT outcome, error FROM delivery_attempts ORDER BY id DESC"
    ).fetchall()
    assert outcome == "uncertain" and "stopped while part 1 was in flight" in error
    check.close()


def test_a_stop_while_a_robot_hangs_settles_its_post_as_uncertain_at_once(
    tmp_path, hung_robot, monkeypatch
):
    db = make_camp(tmp_path)
    monkeypatch.setenv("CAMP_TEST_ROBOT", hung_robot)
    monkeypatch.setenv("CAMP_NOW", "2026-12-01T12:00:00+08:00")  # nothing due yet
    lines: list[str] = []
    runner = SchedulerRunner(
        db, log=lines.append, background=True, stdout=io.StringIO(), tick_seconds=0.2
    )
    runner.start_in_background()
    monkeypatch.setenv("CAMP_NOW", OPENING_DUE)  # the next tick posts the opening
    assert HungRobot.arrived.wait(20)
    started = time.monotonic()
    # The jobs never wait on a robot (the courier does), so nothing is left behind.
    assert runner.stop(patience=0.5) is True
    assert time.monotonic() - started < 2.0
    check = open_db(db)
    statuses = dict(check.execute("SELECT channel, status FROM deliveries").fetchall())
    check.close()
    assert [status for channel, status in statuses.items() if "slack" in channel] == ["uncertain"]
    assert lines[-1] == "camp scheduler stopped"
