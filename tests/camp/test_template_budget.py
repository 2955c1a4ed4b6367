"""Templates cannot hurt the scheduler, members' names cannot inject markup, and a
reminder is never posted after its window closed (issue: delivery, items 7 and 8)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from pathlib import Path

import pendulum
import pytest

from camp import announcements
from camp.announcements import OperatorText, escape_markdown, render_announcement, sample_context
from camp.db import open_db
from camp.errors import CampError
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.events import list_events, sync_camp_events
from camp.services.members import add_members
from camp.services.outbox import list_outbox
from camp.services.running import run_due

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)
BEFORE = pendulum.datetime(2026, 11, 30, tz="UTC")
# Day 1 at 08:01: the task of day 1 is due (08:00), and the opening is not yet.
TASK_TIME = pendulum.datetime(2026, 12, 1, 8, 1, tz="Asia/Shanghai")


def camp_with_template(db, folder: Path, name: str, template: str, data: bytes):
    """A camp (its own folder) whose file sets `messages = "messages"` with one template."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "messages" / template
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    definition = folder / "camp.toml"
    original = (DATA / "cp_announced.toml").read_text(encoding="utf-8")
    definition.write_text(
        original.replace("[camp]\n", '[camp]\nmessages = "messages"\n', 1), encoding="utf-8"
    )
    return create_camp(db, str(definition), name=name, start=START, now=BEFORE)


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "t.db")


def test_a_template_saved_as_gbk_fails_its_own_event_only(db, tmp_path):
    bad = camp_with_template(
        db, tmp_path / "bad", "GBK", "task.md.j2", "第 {{ day.number }} 天任务".encode("gbk")
    )
    good = camp_with_template(db, tmp_path / "good", "Good", "task.md.j2", b"Day {{ day.number }}")
    report = run_due(db, TASK_TIME)
    assert report.failed == [f"{bad.slug}/task/d1"]
    assert report.produced == [f"{good.slug}/task/d1"]
    error = {e.key: e for e in list_events(db, bad.slug, now=TASK_TIME)}[f"{bad.slug}/task/d1"]
    assert error.last_error is not None
    assert "task.md.j2 is not UTF-8 text" in error.last_error
    assert str(tmp_path / "bad" / "messages") in error.last_error


def test_a_runaway_template_fails_in_time_without_holding_the_database(db, tmp_path, monkeypatch):
    # Nested loops that write nothing: only the deadline can stop them.
    monkeypatch.setattr(announcements, "MAX_SECONDS", 1.0)
    loop = b"{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    slow = camp_with_template(db, tmp_path / "slow", "Slow", "task.md.j2", loop)
    add_members(db, slow.slug, ["Ann"], now=BEFORE)
    outcome: dict = {}

    def scheduler() -> None:
        own = open_db(tmp_path / "t.db")
        started = time.monotonic()
        outcome["report"] = run_due(own, TASK_TIME)
        outcome["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=scheduler)
    worker.start()
    time.sleep(0.3)  # the template is rendering now
    # A check-in meanwhile, with a short wait for the lock: the render holds no lock.
    writer = open_db(tmp_path / "t.db")
    writer.execute("PRAGMA busy_timeout = 200")
    record_checkin(writer, slow.slug, "Ann", now=TASK_TIME, at=TASK_TIME.subtract(hours=12))
    worker.join(timeout=30)
    assert outcome["report"].failed == [f"{slow.slug}/task/d1"]
    assert outcome["seconds"] < 10
    event = {e.key: e for e in list_events(db, slow.slug, now=TASK_TIME)}[f"{slow.slug}/task/d1"]
    assert "took more than 1 s to render" in (event.last_error or "")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{% for i in range(100000) %}{{ 'long line of text ' }}{% endfor %}", "more than 200,000"),
        ("{{ 'x' * 1000000000 }}", "refused by the sandbox: repeating something"),
        ("{{ 2 ** 100000000 }}", "refused by the sandbox: a power of 100,000,000 is too large"),
    ],
)
def test_a_template_that_builds_something_huge_is_refused(tmp_path, body, words):
    folder = tmp_path / "messages"
    folder.mkdir()
    (folder / "task.md.j2").write_text(body, encoding="utf-8")
    with pytest.raises(CampError, match=words):
        render_announcement("task", sample_context("task"), override_dir=folder)


def test_members_names_cannot_inject_markup_but_the_operators_task_keeps_its_own():
    context = sample_context("reminder")
    context["missing"] = ["**Bob**", "[x](http://evil)", "a_b", "`code`", "小明"]
    context["day"]["task"]["title"] = OperatorText("**Write** a _slogan_")
    text = render_announcement("reminder", context)
    assert r"@\*\*Bob\*\*" in text
    assert r"@\[x\](http://evil)" in text
    assert r"@a\_b" in text and r"@\`code\`" in text and "@小明" in text
    assert "Today's task: **Write** a _slogan_" in text
    assert escape_markdown(5) == 5
    assert escape_markdown(r"back\slash") == r"back\\slash"


def test_a_reminder_is_not_posted_after_its_window_closed(db, tmp_path):
    definition = tmp_path / "camp.toml"
    definition.write_text((DATA / "cp_announced.toml").read_text(encoding="utf-8"), "utf-8")
    camp = create_camp(db, str(definition), name="Late", start=START, now=BEFORE)
    add_members(db, camp.slug, ["Ann"], now=BEFORE)
    # Day 1's reminder is due at 23:00 (30 min before 23:30); the scheduler comes back at
    # 23:20 and at 23:40: the first says 10 minutes are left, the second is not posted.
    key = f"{camp.slug}/reminder/d1/night/30m"
    run_due(db, pendulum.datetime(2026, 12, 1, 22, 0, tz="Asia/Shanghai"))
    late = pendulum.datetime(2026, 12, 1, 23, 20, tz="Asia/Shanghai")
    assert key in run_due(db, late, grace_seconds=3600).produced
    reminder = next(e for e in list_outbox(db, camp.slug) if e.kind == "reminder")
    assert "10 minutes left" in reminder.text
    # Day 2: the reminder is first seen after the window's due time.
    key2 = f"{camp.slug}/reminder/d2/night/30m"
    after = pendulum.datetime(2026, 12, 2, 23, 40, tz="Asia/Shanghai")
    report = run_due(db, after, grace_seconds=3600)
    assert key2 in report.missed and key2 not in report.produced
    event = {e.key: e for e in list_events(db, camp.slug, now=after)}[key2]
    assert event.status == "missed"
    assert "was due at 2026-12-02 23:30 before the reminder could be posted" in (
        event.last_error or ""
    )
    # A summary caught up within the grace is still posted.
    morning = pendulum.datetime(2026, 12, 3, 9, 30, tz="Asia/Shanghai")
    assert f"{camp.slug}/summary/d2" in run_due(db, morning, grace_seconds=3600).produced


def test_a_preview_only_reads_so_a_held_write_lock_does_not_stop_it(db, tmp_path):
    # Rendering only reads: a preview works while another process holds the write lock.
    from camp.services.announcing import preview_announcement

    camp = camp_with_template(db, tmp_path / "p", "Preview", "task.md.j2", b"Day {{ day.number }}")
    sync_camp_events(db, camp, TASK_TIME)
    other = sqlite3.connect(tmp_path / "t.db")
    other.execute("BEGIN IMMEDIATE")
    try:
        assert preview_announcement(db, f"{camp.slug}/task/d1", TASK_TIME) == "Day 1"
    finally:
        other.rollback()
        other.close()
