"""Killing `camp run` at random moments never posts an announcement twice or loses one."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
EVENTS = (
    36  # a 7-day camp: 1 opening, 7 tasks, 7 reminders, 7 closes, 6 summaries, 7 checks, 1 closing
)
#: Caught up after the camp, its 7 reminders are missed: their windows had closed.
REMINDERS = 7
POSTED = EVENTS - REMINDERS


#: Every line of the crash camp's announcements names its event, so each part a robot
#: receives says which announcement it belongs to.
MARKER = "KEY {{ event.kind }}-{{ event.day }}-{{ event.window }}"
#: Summaries and the closing are long enough for two Feishu posts (a body is at most 20 KB).
LONG = MARKER + "\n{% for i in range(400) %}" + MARKER + " line {{ i }} of the text\n{% endfor %}"
SHORT = MARKER + "\nThe text of the announcement."
#: 6 summaries and the closing ceremony.
TWO_PART = 7
KINDS = ("opening", "task", "reminder", "close", "summary", "inactivity", "closing")
_MARKER_RE = re.compile(r"KEY ([a-z]+-[0-9A-Za-z]+-[0-9A-Za-z]+)")
_PART_RE = re.compile(r'"title":"\((\d+)/(\d+)\)')


class Robot(BaseHTTPRequestHandler):
    """Two robots on one server: a generic webhook at /hook (it deduplicates by the
    announcement key, so a resend is allowed there) and a Feishu robot at /feishu,
    which keeps no keys: nothing may reach it twice."""

    received: ClassVar[Counter] = Counter()
    parts: ClassVar[Counter] = Counter()
    lock = threading.Lock()

    def do_POST(self):
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.15)  # a robot that takes a moment, so kills land mid-delivery too
        with self.lock:
            if self.path == "/feishu":
                text = raw.decode("utf-8")
                marker = _MARKER_RE.search(text)
                numbered = _PART_RE.search(text)
                part = int(numbered.group(1)) if numbered else 1
                self.parts[(marker.group(1) if marker else "?", part)] += 1
                reply = b'{"code": 0, "msg": "success"}'
            else:
                self.received[json.loads(raw)["key"]] += 1
                reply = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a killed client leaves a broken pipe behind: expected here


@pytest.fixture
def robot():
    Robot.received = Counter()
    Robot.parts = Counter()
    server = QuietServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", Robot
    server.shutdown()
    server.server_close()


def camp_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from camp.cli import main; main()", "--db", str(db), *args]


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_and_posts_nothing_twice(tmp_path, robot):
    base, double = robot
    definition = tmp_path / "camp.toml"
    original = (DATA / "cp_announced.toml").read_text(encoding="utf-8")
    definition.write_text(
        original.replace("[camp]\n", '[camp]\nmessages = "messages"\n', 1)
        + '\n[[channels]]\ntype = "webhook"\nurl_env = "CAMP_TEST_ROBOT"\n'
        + '\n[[channels]]\ntype = "feishu"\nurl_env = "CAMP_TEST_FEISHU"\n',
        encoding="utf-8",
    )
    (tmp_path / "messages").mkdir()
    for kind in KINDS:
        template = LONG if kind in ("summary", "closing") else SHORT
        (tmp_path / "messages" / f"{kind}.md.j2").write_text(template, encoding="utf-8")
    db = tmp_path / "crash.db"
    env = {
        **os.environ,
        "CAMP_TEST_ROBOT": f"{base}/hook",
        "CAMP_TEST_FEISHU": f"{base}/feishu",
        "CAMP_NOW": "2026-11-30T12:00:00+08:00",
    }
    run = dict(env=env, check=True, capture_output=True, cwd=tmp_path)
    subprocess.run(
        camp_command(db, "new", str(definition), "--name", "Crash", "--start", "2026-12-01"), **run
    )
    subprocess.run(camp_command(db, "members", "add", "crash", "Ann", "Ben", "Cai", "Dee"), **run)
    # Everything of the camp is due at once; a huge grace means nothing is skipped.
    once = camp_command(
        db, "run", "--once", "--now", "2026-12-09T12:00:00+08:00", "--grace", "100000000"
    )
    rng = random.Random(20261123)
    kills = 0
    for _ in range(10):
        process = subprocess.Popen(
            once, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.4, 2.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=30)
        # A killed scheduler's lease blocks the next one until it expires; expire it.
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM leases")
    subprocess.run(once, **run)
    assert kills >= 5

    def deliveries(kind: str) -> list[tuple]:
        with sqlite3.connect(db) as conn:
            return conn.execute(
                "SELECT o.id, o.event_key, d.status, d.last_error FROM deliveries d "
                "JOIN outbox o ON o.id = d.outbox_id WHERE d.channel LIKE ? ORDER BY o.id",
                [kind + "%"],
            ).fetchall()

    with sqlite3.connect(db) as conn:
        events = conn.execute("SELECT status, COUNT(*) FROM events GROUP BY status").fetchall()
        outbox = conn.execute("SELECT event_key FROM outbox").fetchall()
    assert events == [("done", POSTED), ("missed", REMINDERS)]
    assert len(outbox) == len({key for (key,) in outbox}) == POSTED
    assert [status for _, _, status, _ in deliveries("folder")] == ["sent"] * POSTED
    # The webhook's receiver deduplicates by key: everything arrived, some maybe twice.
    assert [status for _, _, status, _ in deliveries("webhook")] == ["sent"] * POSTED
    assert len(double.received) == POSTED
    # Feishu: no part ever twice; a part killed in flight is uncertain, not resent.
    assert all(count == 1 for count in double.parts.values()), double.parts
    uncertain = [row for row in deliveries("feishu") if row[2] != "sent"]
    assert all(
        status == "uncertain" and "interrupted" in error for _, _, status, error in uncertain
    )
    # The operator checks the chat for each: there (--arrived) or not (retry).
    with sqlite3.connect(db) as conn:
        in_doubt = conn.execute(
            "SELECT o.id, e.kind, e.day, e.window_name, p.number FROM delivery_parts p "
            "JOIN deliveries d ON d.id = p.delivery_id JOIN outbox o ON o.id = d.outbox_id "
            "JOIN events e ON e.key = o.event_key WHERE p.status = 'uncertain'"
        ).fetchall()
    for outbox_id, kind, day, window, number in in_doubt:
        marker = f"{kind}-{day}-{window}"
        arrived = ["--arrived"] if double.parts[(marker, number)] else []
        subprocess.run(camp_command(db, "outbox", "retry", str(outbox_id), *arrived), **run)
    subprocess.run(once, **run)
    assert [status for _, _, status, _ in deliveries("feishu")] == ["sent"] * POSTED
    assert len(double.parts) == POSTED + TWO_PART
    assert all(count == 1 for count in double.parts.values()), double.parts
    files = list((tmp_path / "announcements").glob("*.md"))
    assert len(files) == POSTED


@pytest.mark.slow
def test_camp_run_catches_up_holds_the_lease_and_stops_on_sigterm(tmp_path):
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    db = tmp_path / "run.db"
    env = {**os.environ, "CAMP_NOW": "2026-11-30T12:00:00+08:00"}
    run = dict(env=env, check=True, capture_output=True, cwd=tmp_path)
    subprocess.run(
        camp_command(db, "new", str(definition), "--name", "Live", "--start", "2026-12-01"), **run
    )
    # The clock stands at 19:31 on day 1: the opening (19:30) is caught up at start.
    env["CAMP_NOW"] = "2026-12-01T19:31:00+08:00"
    scheduler = subprocess.Popen(
        camp_command(db, "run"),
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        opened = []
        while time.monotonic() < deadline and not opened:
            time.sleep(0.2)
            with sqlite3.connect(db) as conn:
                opened = conn.execute(
                    "SELECT 1 FROM outbox WHERE event_key = 'live/opening'"
                ).fetchall()
        assert opened, "the running scheduler did not catch up the opening ceremony"
        second = subprocess.run(
            camp_command(db, "run", "--once"), env=env, cwd=tmp_path, capture_output=True, text=True
        )
        assert second.returncode != 0
        assert "Another scheduler" in second.stderr and "Traceback" not in second.stderr
        scheduler.send_signal(signal.SIGTERM)
        _, stderr = scheduler.communicate(timeout=20)
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
            scheduler.wait()
    assert scheduler.returncode == 0, stderr
    assert "live/opening  done" in stderr and "stopped" in stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM leases").fetchone() == (0,)
        statuses = dict(conn.execute("SELECT key, status FROM events WHERE day = 1 OR day IS NULL"))
    assert statuses["live/opening"] == "done" and statuses["live/task/d1"] == "missed"
