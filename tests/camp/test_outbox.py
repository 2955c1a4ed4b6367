"""The outbox and the scheduler's services: rate limits, retries, overrides, re-derivation."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pendulum
import pytest

from camp.clock import from_utc_text, utc_text
from camp.db import open_db
from camp.delivery.limits import Rate
from camp.errors import CampError
from camp.services.announcing import preview_announcement, retry_event
from camp.services.camps import create_camp
from camp.services.events import list_events, sync_camp_events
from camp.services.members import add_members, list_members
from camp.services.outbox import deliver_due, drop_delivery, list_outbox, retry_delivery
from camp.services.running import run_due

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)
AFTER_CAMP = pendulum.datetime(2026, 12, 9, 12, tz="Asia/Shanghai")


class StandIn:
    """A DingTalk robot on 127.0.0.1: records posts, answers with queued HTTP statuses."""

    def __init__(self):
        self.posts: list[dict] = []
        self.times: list[float] = []
        self.statuses: deque[int] = deque()
        self.retry_after: str | None = None
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = stand_in.statuses.popleft() if stand_in.statuses else 200
                if status == 200:
                    stand_in.posts.append(json.loads(body))
                    stand_in.times.append(time.monotonic())
                reply = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
                self.send_response(status)
                if status == 429 and stand_in.retry_after is not None:
                    self.send_header("Retry-After", stand_in.retry_after)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/robot/send?access_token=t0ken"


@pytest.fixture
def robot():
    stand_in = StandIn()
    thread = threading.Thread(target=stand_in.server.serve_forever, daemon=True)
    thread.start()
    yield stand_in
    stand_in.server.shutdown()
    stand_in.server.server_close()


def make_camp(db, tmp_path, extra: str = ""):
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    with definition.open("a", encoding="utf-8") as f:
        f.write('\n[[channels]]\ntype = "dingtalk"\nurl_env = "CAMP_DINGTALK_URL"\n' + extra)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(definition), name="Robot camp", start=START, now=now)
    add_members(db, camp.slug, ["Ann", "Ben"], now=now)
    return camp


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "o.db")


def robot_deliveries(db, status: str) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM deliveries WHERE channel LIKE 'dingtalk%' AND status = ?", [status]
    ).fetchone()[0]


#: DingTalk's 20 posts a minute, a hundred times faster, so the test takes seconds.
FAST_DINGTALK = {"dingtalk": Rate(20, 0.6)}


def spaced(times: list[float], rate: Rate) -> bool:
    """No two posts closer than the rate's spacing, no more than its posts in a window."""
    gaps_ok = all(b - a >= rate.spacing * 0.95 for a, b in itertools.pairwise(times))
    window_ok = all(
        sum(1 for t in times if start <= t < start + rate.seconds) <= rate.posts for start in times
    )
    return gaps_ok and window_ok


def test_a_robot_gets_its_posts_paced_to_its_rate_never_burst(db, tmp_path, robot):
    make_camp(db, tmp_path)
    env = {"CAMP_DINGTALK_URL": robot.url}
    run_due(db, AFTER_CAMP, grace_seconds=10**8, env=env, rates=FAST_DINGTALK)
    # 36 events, of which the 7 reminders are missed: their windows had closed.
    assert len(robot.posts) == 29 and robot_deliveries(db, "sent") == 29
    assert spaced(robot.times, FAST_DINGTALK["dingtalk"])
    titles = [post["markdown"]["title"] for post in robot.posts]
    assert titles[0].endswith("Task of day 1") and titles[1].endswith("Opening ceremony")
    assert titles[-1].endswith("Closing ceremony")
    # Every post is recorded against the robot's lane, so a next run counts them too.
    lanes = db.execute("SELECT DISTINCT robot FROM delivery_parts").fetchall()
    assert len(lanes) == 1 and "t0ken" not in lanes[0][0]


def test_a_second_run_right_after_counts_the_posts_of_the_first(db, tmp_path, robot):
    make_camp(db, tmp_path)
    env = {"CAMP_DINGTALK_URL": robot.url}
    slow = {"dingtalk": Rate(5, 1.0)}
    run_due(db, AFTER_CAMP, grace_seconds=10**8, env=env, deliver=False)
    # Two runs back to back, five deliveries each: the second waits for the first's
    # posts to leave the robot's window instead of bursting.
    deliver_due(db, AFTER_CAMP, env=env, rates=slow, limit=10)
    deliver_due(db, AFTER_CAMP, env=env, rates=slow, limit=10)
    dingtalk = [t for t, post in zip(robot.times, robot.posts, strict=True) if post]
    assert len(dingtalk) == 10
    assert spaced(dingtalk, slow["dingtalk"])


def test_a_robot_that_is_down_gets_it_later_with_backoff(db, tmp_path, robot):
    camp = make_camp(db, tmp_path)
    env = {"CAMP_DINGTALK_URL": robot.url}
    opening = pendulum.datetime(2026, 12, 1, 19, 31, tz="Asia/Shanghai")
    robot.statuses.extend([500, 502])
    run_due(db, opening, env=env)
    entry = list_outbox(db, camp.slug)[-1]
    dingtalk = entry.deliveries[1]
    assert dingtalk["status"] == "pending" and dingtalk["attempts"] == 1
    assert "500" in dingtalk["last_error"] and "t0ken" not in dingtalk["last_error"]
    run_due(db, opening.add(seconds=10), env=env)  # back-off: not yet
    assert robot.posts == []
    run_due(db, opening.add(seconds=31), env=env)  # 502 again
    run_due(db, opening.add(seconds=31 + 61), env=env)
    assert len(robot.posts) == 1
    assert list_outbox(db, camp.slug)[-1].deliveries[1]["status"] == "sent"


@pytest.mark.parametrize("asked", ["1e12", "3.15e9", "86400"])
def test_a_robot_asking_to_wait_for_ages_is_tried_again_within_the_hour(db, tmp_path, robot, asked):
    camp = make_camp(db, tmp_path)
    env = {"CAMP_DINGTALK_URL": robot.url}
    opening = pendulum.datetime(2026, 12, 1, 19, 31, tz="Asia/Shanghai")
    robot.statuses.append(429)
    robot.retry_after = asked
    run_due(db, opening, env=env)
    dingtalk = list_outbox(db, camp.slug)[-1].deliveries[1]
    assert dingtalk["status"] == "pending" and dingtalk["attempts"] == 1
    next_attempt = db.execute(
        "SELECT next_attempt FROM deliveries WHERE channel LIKE 'dingtalk%'"
    ).fetchone()[0]
    # The run's clock moves on with real time from its start: within a few seconds.
    waited = from_utc_text(next_attempt) - opening.add(hours=1)
    assert 0 <= waited.total_seconds() < 5
    run_due(db, opening.add(hours=1, seconds=5), env=env)
    assert list_outbox(db, camp.slug)[-1].deliveries[1]["status"] == "sent"


def test_a_fault_in_one_delivery_fails_it_for_the_operator_and_the_others_go_on(
    db, tmp_path, robot, monkeypatch
):
    # Fault injection: whatever goes wrong inside one delivery (a bug, a library error)
    # must not stop the scheduler, and a delivery that may have gone out is not resent.
    from camp.services import courier

    camp = make_camp(db, tmp_path)

    def faulty(channel, message, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(courier, "plan_robot", faulty)
    opening = pendulum.datetime(2026, 12, 1, 19, 31, tz="Asia/Shanghai")
    run_due(db, opening, env={"CAMP_DINGTALK_URL": robot.url})
    entry = list_outbox(db, camp.slug)[-1]
    folder, dingtalk = entry.deliveries
    assert folder["status"] == "sent"
    assert dingtalk["status"] == "failed"
    assert "unexpected error (RuntimeError: boom)" in dingtalk["last_error"]


def test_a_missing_secret_fails_and_retry_or_drop_settle_it(db, tmp_path, robot):
    camp = make_camp(db, tmp_path)
    opening = pendulum.datetime(2026, 12, 1, 19, 31, tz="Asia/Shanghai")
    run_due(db, opening, env={})
    entry = list_outbox(db, camp.slug)[-1]
    assert entry.deliveries[1]["status"] == "failed"
    assert "CAMP_DINGTALK_URL" in entry.deliveries[1]["last_error"]
    assert retry_delivery(db, entry.id, opening) == 1
    run_due(db, opening.add(seconds=5), env={"CAMP_DINGTALK_URL": robot.url})
    assert list_outbox(db, camp.slug)[-1].deliveries[1]["status"] == "sent"
    with pytest.raises(CampError, match="no failed or uncertain delivery"):
        retry_delivery(db, entry.id, opening)
    run_due(db, opening.add(hours=1), env={})  # the reminder at 23:00 is not due yet
    reminder_time = pendulum.datetime(2026, 12, 1, 23, 0, tz="Asia/Shanghai")
    run_due(db, reminder_time, env={})
    failed = list_outbox(db, camp.slug)[-1]
    assert drop_delivery(db, failed.id) == 1
    assert list_outbox(db, camp.slug)[-1].deliveries[1]["status"] == "dropped"


def camp_with_messages(db, tmp_path, name: str, template: str, text: str):
    """A camp whose file sets `messages = "messages"`, holding one template of its own."""
    target = tmp_path / "messages" / template
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    definition = tmp_path / "camp.toml"
    original = (DATA / "cp_announced.toml").read_text(encoding="utf-8")
    definition.write_text(
        original.replace("[camp]\n", '[camp]\nmessages = "messages"\n', 1), encoding="utf-8"
    )
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    return create_camp(db, str(definition), name=name, start=START, now=now)


def test_a_camp_can_override_a_template_with_its_own_file(db, tmp_path):
    camp = camp_with_messages(
        db,
        tmp_path,
        "Own words",
        "en/task.md.j2",
        "Our own words for day {{ day.number }}: {{ day.task.title }}",
    )
    run_due(db, pendulum.datetime(2026, 12, 1, 8, 1, tz="Asia/Shanghai"))
    task = [e for e in list_outbox(db, camp.slug) if e.kind == "task"]
    assert task[0].text == "Our own words for day 1: Write one slogan"


def test_a_broken_template_fails_the_event_with_its_reason_and_keeps_going(db, tmp_path):
    camp = camp_with_messages(db, tmp_path, "Broken", "task.md.j2", "{{ day.nonexistent }}")
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    report = run_due(
        db, pendulum.datetime(2026, 12, 1, 19, 31, tz="Asia/Shanghai"), grace_seconds=10**8
    )
    assert report.failed == [f"{camp.slug}/task/d1"]
    assert report.produced == [f"{camp.slug}/opening"]
    events = {e.key: e for e in list_events(db, camp.slug, now=now)}
    assert "task.md.j2" in events[f"{camp.slug}/task/d1"].last_error
    assert [e.kind for e in list_outbox(db, camp.slug)] == ["opening"]


def test_changing_a_camp_moves_its_future_events_and_leaves_the_past(db, tmp_path):
    camp = make_camp(db, tmp_path)
    day2_morning = pendulum.datetime(2026, 12, 2, 10, tz="Asia/Shanghai")
    run_due(db, day2_morning, env={}, grace_seconds=10**8)
    before = {e.key: e for e in list_events(db, camp.slug, now=day2_morning)}
    raw = json.loads(db.execute("SELECT definition FROM camps").fetchone()[0])
    raw["reminders"]["task_post"] = "09:00"
    db.execute("UPDATE camps SET definition = ?", [json.dumps(raw)])
    db.conn.commit()
    from camp.services.camps import get_camp

    changed = sync_camp_events(db, get_camp(db, camp.slug), day2_morning)
    after = {e.key: e for e in list_events(db, camp.slug, now=day2_morning)}
    assert changed == 5  # the task posts of days 3..7
    assert after[f"{camp.slug}/task/d1"].due == before[f"{camp.slug}/task/d1"].due
    assert after[f"{camp.slug}/task/d1"].status == "done"
    assert after[f"{camp.slug}/task/d2"].due.hour == 8  # due already: left as it was
    assert after[f"{camp.slug}/task/d3"].due.hour == 9
    assert utc_text(after[f"{camp.slug}/task/d3"].due) > utc_text(day2_morning)


def test_a_failed_event_runs_again_after_the_template_is_fixed(db, tmp_path):
    camp = camp_with_messages(db, tmp_path, "Fixed", "task.md.j2", "{{ day.nonexistent }}")
    morning = pendulum.datetime(2026, 12, 1, 8, 1, tz="Asia/Shanghai")
    assert run_due(db, morning).failed == [f"{camp.slug}/task/d1"]
    (tmp_path / "messages" / "task.md.j2").write_text("Day {{ day.number }}", encoding="utf-8")
    with pytest.raises(CampError, match="only failed or missed"):
        retry_event(db, camp.slug, f"{camp.slug}/opening", morning)
    retry_event(db, camp.slug, f"{camp.slug}/task/d1", morning.add(minutes=5))
    assert run_due(db, morning.add(minutes=5)).produced == [f"{camp.slug}/task/d1"]
    assert [e.text for e in list_outbox(db, camp.slug)] == ["Day 1"]


def test_a_preview_renders_now_and_changes_nothing(db, tmp_path):
    camp = make_camp(db, tmp_path)
    now = pendulum.datetime(2026, 12, 3, 12, tz="Asia/Shanghai")
    list_events(db, camp.slug, now=now)
    text = preview_announcement(db, f"{camp.slug}/inactivity/d2", now)
    assert "Ann" in text and "Ben" in text  # nobody checked in on days 1 and 2
    statuses = {row.member.status for row in list_members(db, camp.slug)}
    assert statuses == {"active"}  # the warning was not applied
    assert list_outbox(db, camp.slug) == []
    with pytest.raises(CampError, match="No event"):
        preview_announcement(db, "nope", now)
