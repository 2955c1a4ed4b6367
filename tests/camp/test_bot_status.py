"""What a camp's bots hear, read back for the operator: state, gaps and strangers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pendulum
import pytest

from camp.bots.base import LiveMessage
from camp.clock import utc_text
from camp.db import open_db
from camp.services.bots import UNKNOWN_SHOWN, bot_status
from camp.services.camps import create_camp, get_camp
from camp.services.intake import hear
from camp.services.members import add_members

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)
#: Day 2 at 20:30 in Shanghai: the night window (20:00-23:30) is open.
EVENING = pendulum.datetime(2026, 12, 2, 20, 30, tz="Asia/Shanghai")
TG_CHAT, QQ_CHAT = "-1001234567890", "123456789"
BOTS = f"""
[[bots]]
type = "telegram"
token_env = "CAMP_TG_TOKEN"
chat = "{TG_CHAT}"

[[bots]]
type = "onebot"
url = "ws://127.0.0.1:3001"
chat = "{QQ_CHAT}"
reply = "silent"
"""


@pytest.fixture
def db(tmp_path):
    definition = tmp_path / "camp.toml"
    definition.write_text(
        (DATA / "cp_announced.toml").read_text(encoding="utf-8") + BOTS, encoding="utf-8"
    )
    db = open_db(tmp_path / "bots.db")
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(definition), name="Live", start=START, now=created, slug="live")
    create_camp(
        db, str(DATA / "cp_announced.toml"), name="Quiet", start=START, now=created, slug="quiet"
    )
    add_members(db, "live", ["Ann", "Ben"], now=created)
    yield db
    db.close()


_ids = iter(range(1, 10_000))


def said(platform: str, sender: str, text: str, at, sender_id: str | None = None):
    chat = TG_CHAT if platform == "telegram" else QQ_CHAT
    return LiveMessage(platform, chat, str(next(_ids)), sender_id, sender, at.timestamp(), text)


def gap(db, bot: str, chat: str, since, until=None, reason="connection refused") -> None:
    db.execute(
        "INSERT INTO bot_gaps (bot, chat, since, until, reason) VALUES (?, ?, ?, ?, ?)",
        [bot, chat, utc_text(since), utc_text(until) if until else None, reason],
    )


def test_each_bot_with_its_token_its_last_check_in_and_its_gaps(db):
    camp = get_camp(db, "live")
    hear(db, camp, [said("telegram", "Ann", "#checkin one", EVENING.subtract(days=1))], now=EVENING)
    hear(db, camp, [said("telegram", "Ben", "#checkin two", EVENING)], now=EVENING)
    # A plain message is activity, not a check-in: "last check-in heard" stays 20:30.
    hear(db, camp, [said("telegram", "Ann", "hello", EVENING.add(minutes=5))], now=EVENING)
    # Check-ins typed in the terminal or imported are not heard live.
    db.execute(
        "UPDATE checkins SET source = 'import:csv' WHERE member_id = "
        "(SELECT id FROM members WHERE name = 'Ann')"
    )
    down = EVENING.subtract(hours=6)
    gap(db, "onebot:aaaa", f"555,{QQ_CHAT}", down, down.add(minutes=3))
    gap(db, "onebot:bbbb", QQ_CHAT, EVENING.subtract(minutes=10))  # still down
    gap(db, "onebot:aaaa", "555", down)  # another group
    gap(db, "telegram:cccc", QQ_CHAT, down)  # another platform, same digits
    gap(db, "onebot:aaaa", QQ_CHAT, down.subtract(days=9), down.subtract(days=8))  # old

    status = bot_status(db, "live", now=EVENING.add(minutes=10), env={"CAMP_TG_TOKEN": "  "})

    telegram, onebot = status.bots
    assert (telegram.number, telegram.type, telegram.chat, telegram.reply) == (
        1,
        "telegram",
        TG_CHAT,
        "ack",
    )
    assert not telegram.token_set and telegram.token_env == "CAMP_TG_TOKEN"
    assert telegram.problem is not None and telegram.problem.startswith("bot 1 (telegram): ")
    assert telegram.last_checkin == EVENING and telegram.last_member == "Ben"
    assert telegram.last_checkin.timezone_name == "Asia/Shanghai"
    assert telegram.gaps == ()
    assert (onebot.number, onebot.reply, onebot.token_set, onebot.problem) == (
        2,
        "silent",
        True,
        None,
    )
    assert onebot.last_checkin is None and onebot.last_member is None
    assert [(g.since, g.until, g.open) for g in onebot.gaps] == [
        (down, down.add(minutes=3), False),
        (EVENING.subtract(minutes=10), None, True),
    ]
    assert onebot.gaps[0].since.timezone_name == "Asia/Shanghai"
    assert onebot.gaps[0].reason == "connection refused"

    set_now = bot_status(db, "live", now=EVENING, env={"CAMP_TG_TOKEN": "123:abc"})
    assert set_now.bots[0].token_set and set_now.bots[0].problem is None


def test_strangers_most_messages_first_the_top_twenty_with_their_count(db):
    camp = get_camp(db, "live")
    messages = [
        said("onebot", f"Guest {n}", "hi", EVENING.add(seconds=n), str(900 + n))
        for n in range(UNKNOWN_SHOWN + 5)
    ]
    chatty = [said("onebot", "Zed", "#checkin me too", EVENING, "42") for _ in range(3)]
    hear(db, camp, messages + chatty, now=EVENING.add(minutes=1))
    later = EVENING.add(minutes=2)
    hear(db, camp, [said("telegram", "Yan", "hello", later, "43")], now=later)

    status = bot_status(db, "live", now=later, env={})
    assert status.unknown_total == UNKNOWN_SHOWN + 7
    assert len(status.unknown) == UNKNOWN_SHOWN
    zed = status.unknown[0]
    assert (zed.name, zed.platform, zed.sender_id, zed.messages, zed.checkins) == (
        "Zed",
        "onebot",
        "42",
        3,
        3,
    )
    assert zed.first_seen.timezone_name == "Asia/Shanghai"
    # Otherwise the latest heard first.
    assert (status.unknown[1].name, status.unknown[1].platform) == ("Yan", "telegram")
    # The quiet camp heard nobody.
    assert bot_status(db, "quiet", now=EVENING).unknown_total == 0


def test_a_camp_without_bots_has_nothing_to_say_and_all_of_it_is_json(db):
    quiet = bot_status(db, "quiet", now=EVENING, env={})
    assert (quiet.bots, quiet.unknown, quiet.unknown_total) == ((), (), 0)
    gap(db, "onebot:aaaa", QQ_CHAT, EVENING.subtract(hours=1))
    camp = get_camp(db, "live")
    hear(db, camp, [said("telegram", "Ann", "#checkin", EVENING, "7")], now=EVENING)
    hear(db, camp, [said("telegram", "[red]x[/red]", "hi", EVENING, "8")], now=EVENING)
    data = bot_status(db, "live", now=EVENING, env={}).to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["camp"] == "live" and data["unknown_sender_count"] == 1
    assert data["unknown_senders"][0]["name"] == "[red]x[/red]"
    assert data["bots"][0]["last_checkin"] == "2026-12-02T20:30:00+08:00"
    assert data["bots"][1]["gaps"] == [
        {"since": "2026-12-02T19:30:00+08:00", "until": None, "reason": "connection refused"}
    ]
