"""`camp run --once`, `camp events` and `camp outbox` across a whole camp."""

from __future__ import annotations

import shutil
from pathlib import Path

import pendulum

DATA = Path(__file__).resolve().parent.parent / "data"


def cjk_font_available() -> bool:
    from camp.errors import CampError
    from camp.exporters.fonts import find_font

    try:
        find_font()
    except CampError:
        return False
    return True


EXPECTED_KINDS = {
    "opening": 1,
    "task": 7,
    "reminder": 7,
    "close": 7,
    "summary": 6,
    "inactivity": 7,
    "closing": 1,
}


def announced_camp(camp, tmp_path):
    camp.at("2026-11-30T12:00:00+08:00")
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    camp("new", definition, "--name", "CP announced", "--start", "2026-12-01")
    camp("members", "add", "cp-announced", "Alice", "Bob", "Cleo", "Dan")
    camp("pair", "cp-announced", "--auto")
    return tmp_path / "announcements"


def test_events_are_listed_before_anything_runs(camp, tmp_path):
    announced_camp(camp, tmp_path)
    events = camp.json("events", "cp-announced", "--json")
    kinds = {}
    for e in events:
        assert set(e) == {"key", "kind", "day", "window", "due", "status"}
        assert e["status"] == "pending"
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    assert kinds == EXPECTED_KINDS
    assert [e["due"] for e in events] == sorted(e["due"] for e in events)
    task_1 = next(e for e in events if e["kind"] == "task" and e["day"] == 1)
    assert task_1["due"] == "2026-12-01T08:00:00+08:00"


def test_a_whole_camp_announces_everything_exactly_once_in_order(camp, tmp_path):
    folder = announced_camp(camp, tmp_path)
    start = pendulum.datetime(2026, 12, 1, 0, 0, tz="Asia/Shanghai")
    for hour in range(0, 8 * 24 + 2):
        now = start.add(hours=hour)
        if now.hour == 21 and now.day <= 7:
            camp.at(now.isoformat())
            camp("checkin", "cp-announced", "Alice")
            if now.day != 3:
                camp("checkin", "cp-announced", "Bob")
        camp("run", "--once", "--now", now.isoformat())
        # A second scheduler run at the same moment finds nothing left to do.
        if hour % 24 == 20:
            camp("run", "--once", "--now", now.isoformat())
    outbox = camp.json("outbox", "--json")
    keys = [entry["event"] for entry in outbox]
    assert len(keys) == len(set(keys)) == sum(EXPECTED_KINDS.values())
    kinds = {}
    for entry in outbox:
        kinds[entry["kind"]] = kinds.get(entry["kind"], 0) + 1
        assert [d["status"] for d in entry["deliveries"]] == ["sent"]
    assert kinds == EXPECTED_KINDS
    events = camp.json("events", "cp-announced", "--json")
    assert all(e["status"] == "done" for e in events)
    due_by_key = {e["key"]: e["due"] for e in events}
    assert [due_by_key[k] for k in keys] == sorted(due_by_key[k] for k in keys)
    files = sorted(folder.glob("*.md"))
    assert len(files) == len(keys)
    # Summaries and the closing carry the standings card, when a CJK font can draw it.
    if cjk_font_available():
        cards = sorted(path.stem for path in folder.glob("*.png"))
        assert cards == sorted(
            path.stem for path in files if "summary" in path.stem or "closing" in path.stem
        )
        assert len(cards) == 7
    # Reminders name who has not checked in; Dan never does, Cleo neither.
    reminder = next(e for e in outbox if e["kind"] == "reminder" and e["day"] == 3)
    assert "Bob" in reminder["text"] and "Dan" in reminder["text"]
    assert "Alice" not in reminder["text"]
    closing = next(e for e in outbox if e["kind"] == "closing")
    assert "Alice" in closing["text"]
    members = {
        m["name"]: m["status"] for m in camp.json("members", "list", "cp-announced", "--json")
    }
    assert members["Dan"] == "warned" and members["Alice"] == "active"


def test_events_that_fell_due_long_ago_are_missed_but_recent_ones_caught_up(camp, tmp_path):
    announced_camp(camp, tmp_path)
    # The scheduler was down all of day 1; it starts at 23:10, 40 minutes past the grace.
    camp("run", "--once", "--now", "2026-12-01T23:10:00+08:00", "--grace", "3600")
    events = {e["key"]: e for e in camp.json("events", "cp-announced", "--json")}
    status = {e["kind"]: e["status"] for e in events.values() if e["day"] in (1, None)}
    assert events["cp-announced/task/d1"]["status"] == "missed"  # due 08:00
    assert events["cp-announced/opening"]["status"] == "missed"  # due 19:30, 3h40 ago
    assert status["reminder"] == "done"  # due 23:00, 10 minutes ago


def test_camp_run_says_at_start_which_robot_settings_are_missing(camp, tmp_path, monkeypatch):
    camp.at("2026-11-30T12:00:00+08:00")
    definition = tmp_path / "robots.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    with definition.open("a", encoding="utf-8") as f:
        f.write(
            '\n[[channels]]\ntype = "dingtalk"\nurl_env = "CAMP_TEST_DT_URL"\n'
            'secret_env = "CAMP_TEST_DT_SECRET"\n'
        )
    camp("new", definition, "--name", "Robots", "--start", "2026-12-01")
    monkeypatch.delenv("CAMP_TEST_DT_URL", raising=False)
    monkeypatch.setenv("CAMP_TEST_DT_SECRET", "s3cret")
    result = camp("run", "--once", "--now", "2026-11-30T13:00:00+08:00")
    assert (
        "warning: camp robots, channel 2 (dingtalk): CAMP_TEST_DT_URL is not set" in result.stderr
    )
    assert "CAMP_TEST_DT_SECRET" not in result.stderr


def test_an_uncertain_delivery_is_shown_with_the_operators_choice(camp, tmp_path):
    import json
    import os
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from camp.db import open_db
    from camp.services.outbox import deliver_due
    from camp.services.running import run_due

    class Hung(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            time.sleep(3)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hung)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        camp.at("2026-11-30T12:00:00+08:00")
        definition = tmp_path / "camp.toml"
        definition.write_text(
            (DATA / "cp_announced.toml").read_text(encoding="utf-8")
            + '\n[[channels]]\ntype = "slack"\nurl_env = "CAMP_SLACK_URL"\n',
            encoding="utf-8",
        )
        camp("new", definition, "--name", "Doubt", "--start", "2026-12-01")
        opening = pendulum.datetime(2026, 12, 1, 19, 31, tz="Asia/Shanghai")
        db = open_db(os.environ["CAMP_DB"])
        run_due(db, opening, deliver=False)
        env = {"CAMP_SLACK_URL": f"http://127.0.0.1:{server.server_port}/hook"}
        deliver_due(db, opening, env=env, deadline=1)
        db.close()
    finally:
        server.shutdown()
        server.server_close()
    listing = camp("outbox").stdout
    line = next(x for x in listing.splitlines() if "doubt/opening" in x)
    announcement = line.split()[0].lstrip("#")
    assert "slack#2 (CAMP_SLACK_URL) uncertain" in line
    assert f"`camp outbox retry {announcement} --arrived` sends only the rest" in listing
    [entry] = [e for e in json.loads(camp("outbox", "--json").stdout) if e["kind"] == "opening"]
    slack = entry["deliveries"][1]
    assert slack["status"] == "uncertain" and slack["parts"]["uncertain"] == [1]
    assert [h["outcome"] for h in slack["history"]] == ["uncertain"]
    said = camp("outbox", "retry", announcement, "--arrived").stdout
    assert "1 deliveries will be retried" in said
    slack = json.loads(camp("outbox", "--json").stdout)[int(announcement) - 1]["deliveries"][1]
    assert slack["status"] == "pending" and slack["parts"]["uncertain"] == []
