"""A camp that listens live, for the platform tests: one file, three members, the
listeners `camp run` starts, and what a reminder would post to the platform's robot."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pendulum

from camp.db import open_db
from camp.delivery import Mention, Message
from camp.delivery.robots import plan_robot
from camp.models import Channel
from camp.services.camps import create_camp
from camp.services.listening import Listeners
from camp.services.members import add_members
from camp.services.running import run_due

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)
#: Day 1 at 20:30 in Shanghai: the night window (20:00-23:30) is open.
EVENING = pendulum.datetime(2026, 12, 1, 20, 30, tz="Asia/Shanghai")
AT = int(EVENING.timestamp())


def make_camp(tmp_path: Path, bots: str, members: tuple[str, ...] = ("Ann", "Ben", "Cho")) -> Path:
    definition = tmp_path / "camp.toml"
    definition.write_text(
        (DATA / "cp_announced.toml").read_text(encoding="utf-8") + bots, encoding="utf-8"
    )
    path = tmp_path / "live.db"
    db = open_db(path)
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(definition), name="Live", start=START, now=created, slug="live")
    add_members(db, "live", list(members), now=created)
    db.close()
    return path


def listeners(path: Path, env: dict, clock, lines: list[str]) -> Listeners:
    return Listeners(path, clock=clock, log=lines.append, env=env, reply_spacing=0.05)


def wait_until(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("not in time")


def rows(path: Path, sql: str, params=()):
    db = open_db(path)
    try:
        return db.execute(sql, list(params)).fetchall()
    finally:
        db.close()


def reminder_bodies(path: Path, kind: str, at: pendulum.DateTime) -> list[dict]:
    """The reminder due at ``at``, as the ``kind`` robot would get it: its JSON bodies."""
    db = open_db(path)
    try:
        run_due(db, at, deliver=False)
        title, text, mentions = db.execute(
            "SELECT title, text, mentions FROM outbox WHERE kind = 'reminder'"
        ).fetchone()
    finally:
        db.close()
    message = Message(
        title or "reminder",
        text,
        "reminder",
        "live/reminder",
        mentions=tuple(Mention(m["name"], m["handle"]) for m in json.loads(mentions or "[]")),
    )
    channel = Channel(type=kind, options={"url_env": "ROBOT_URL"})
    plan = plan_robot(channel, message, env={"ROBOT_URL": "https://robot.invalid/hook"}, now=0)
    return [json.loads(request.body) for request in plan.requests]
