"""camp hears the group: a camp's bots against loopback Telegram and OneBot doubles,
through the listeners `camp run` and `camp listen` start."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pendulum
import pytest
from onebot_double import OneBotDouble
from telegram_double import GROUP, TOKEN, TelegramDouble, clear_proxies, user

from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.listening import Listeners
from camp.services.members import add_members
from camp.services.running import run_due

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)
#: Day 1 at 20:30 in Shanghai: the night window (20:00-23:30) is open.
EVENING = pendulum.datetime(2026, 12, 1, 20, 30, tz="Asia/Shanghai")
ANN, BEN, CHO = user(101, "Ann"), user(102, "Ben"), user(103, "Cho")
QQ_GROUP = 123456789


def make_camp(tmp_path: Path, bots: str) -> Path:
    definition = tmp_path / "camp.toml"
    definition.write_text(
        (DATA / "cp_announced.toml").read_text(encoding="utf-8") + bots, encoding="utf-8"
    )
    path = tmp_path / "live.db"
    db = open_db(path)
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(definition), name="Live", start=START, now=created, slug="live")
    add_members(db, "live", ["Ann", "Ben", "Cho"], now=created)
    db.close()
    return path


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


@pytest.fixture
def telegram(monkeypatch):
    clear_proxies(monkeypatch)
    with TelegramDouble(TOKEN) as double:
        yield double


def listeners(path: Path, env: dict, clock, lines: list[str]) -> Listeners:
    return Listeners(
        path, clock=clock, log=lines.append, env=env, poll_seconds=1, reply_spacing=0.05
    )


def test_a_whole_evening_heard_live_from_telegram(tmp_path, telegram):
    path = make_camp(
        tmp_path,
        f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
        f'api_base = "{telegram.url}"\n',
    )
    now = {"at": EVENING}
    lines: list[str] = []
    heard = listeners(path, {"CAMP_TG_TOKEN": TOKEN}, lambda: now["at"], lines)
    heard.start()
    try:
        at = int(EVENING.timestamp())
        first = telegram.push_text(GROUP, ANN, "#checkin my slogan", date=at)
        telegram.push_text(GROUP, CHO, "#checkin ten words", date=at + 60)
        telegram.push_text(GROUP, BEN, "good evening all", date=at + 90)
        telegram.push_text(GROUP - 1, BEN, "#checkin in the wrong group", date=at + 95)
        sent = telegram.wait_for_sent(1)
        acks = wait_until(
            lambda: (
                (lines := [x for c in telegram.sent for x in c.params["text"].splitlines()])
                and any(x.startswith("✅ Cho") for x in lines)
                and lines
            )
        )
        assert [x for x in acks if x.startswith("✅ Ann")] and len(
            [x for x in acks if x.startswith("✅ Ann")]
        ) == 1
        assert len([x for x in acks if x.startswith("✅ Cho")]) == 1
        # A lone ack answers its message in full; acks waiting together go as one
        # message, each in its short form.
        ann = next(c for c in sent if "Ann" in c.params["text"])
        if "Cho" not in ann.params["text"]:
            assert ann.params["reply_parameters"]["message_id"] == first
            assert ann.params["text"].startswith("✅ Ann · day 1 · on time +")
        else:
            assert "✅ Ann +" in ann.params["text"] and "reply_parameters" not in ann.params
        now["at"] = EVENING.add(minutes=5)
        telegram.push_text(GROUP, ANN, "/me", date=at + 300)
        me = wait_until(
            lambda: [c.params["text"] for c in telegram.sent if "rank" in c.params["text"]]
        )
        assert "Ann" in me[0] and "Day 1/7: checked in on time" in me[0]
    finally:
        assert heard.stop(timeout=5)
    assert rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)]
    # Ben's hello counted as activity; the wrong group was not heard at all.
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(3 + 1,)]  # with /me
    assert rows(path, "SELECT name, handle FROM members ORDER BY name") == [
        ("Ann", "101"),
        ("Ben", "102"),
        ("Cho", "103"),
    ]
    # The reminder at 23:00 names exactly who is still missing, and mentions nobody it
    # cannot (Telegram is not a delivery channel of this camp).
    db = open_db(path)
    try:
        run_due(db, EVENING.replace(hour=23, minute=0), deliver=False)
        [text] = db.execute("SELECT text FROM outbox WHERE kind = 'reminder'").fetchone()
    finally:
        db.close()
    assert "@Ben" in text and "@Ann" not in text and "@Cho" not in text


def test_a_restart_resumes_from_the_stored_offset_and_counts_nothing_twice(tmp_path, telegram):
    path = make_camp(
        tmp_path,
        f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
        f'api_base = "{telegram.url}"\nreply = "react"\n',
    )
    lines: list[str] = []
    env = {"CAMP_TG_TOKEN": TOKEN}
    at = int(EVENING.timestamp())
    first = listeners(path, env, lambda: EVENING, lines)
    first.start()
    try:
        message = telegram.push_text(GROUP, ANN, "#checkin", date=at)
        wait_until(lambda: telegram.reactions_on(GROUP, message))
    finally:
        first.stop(timeout=5)
    assert rows(path, "SELECT COUNT(*) FROM bot_cursors") == [(1,)]
    # The same message again (a platform re-serving it) and a new one, to a new process.
    telegram.push_text(GROUP, ANN, "#checkin", date=at)
    telegram.push_text(GROUP, BEN, "#checkin", date=at + 30)
    second = listeners(path, env, lambda: EVENING.add(minutes=1), lines)
    second.start()
    try:
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)])
        time.sleep(0.5)
    finally:
        second.stop(timeout=5)
    assert rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)]
    assert rows(path, "SELECT status FROM checkins ORDER BY at") == [("on_time",), ("on_time",)]
    # Reactions, not messages: the camp says reply = "react".
    assert all(call.method == "setMessageReaction" for call in telegram.sent)


def test_a_bad_token_is_said_once_and_nothing_stops(tmp_path, telegram):
    path = make_camp(
        tmp_path,
        f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
        f'api_base = "{telegram.url}"\n',
    )
    lines: list[str] = []
    heard = listeners(path, {"CAMP_TG_TOKEN": "123:wrong-token"}, lambda: EVENING, lines)
    heard.start()
    try:
        wait_until(lambda: [line for line in lines if "not valid" in line])
    finally:
        assert heard.stop(timeout=5)
    assert not any("wrong-token" in line for line in lines)
    missing: list[str] = []
    unset = listeners(path, {}, lambda: EVENING, missing)
    unset.start()
    try:
        wait_until(lambda: [line for line in missing if "CAMP_TG_TOKEN is not set" in line])
    finally:
        assert unset.stop(timeout=5)


def test_qq_through_onebot_with_a_gap_that_is_said(tmp_path):
    with OneBotDouble(token="qq-s3cret") as onebot:
        path = make_camp(
            tmp_path,
            f'\n[[bots]]\ntype = "onebot"\nurl = "{onebot.url}"\ntoken_env = "CAMP_QQ"\n'
            f'chat = "{QQ_GROUP}"\n',
        )
        lines: list[str] = []
        heard = listeners(path, {"CAMP_QQ": "qq-s3cret"}, lambda: EVENING, lines)
        heard.start()
        try:
            wait_until(lambda: onebot.connects >= 1)
            onebot.push_group_text(
                QQ_GROUP, 777, "#checkin 完成", card="Ann", time=int(EVENING.timestamp())
            )
            ack = wait_until(lambda: onebot.sent)
            segments = ack[0]["message"]
            assert any(s["type"] == "text" and "Ann" in s["data"]["text"] for s in segments)
            onebot.drop()
            wait_until(lambda: onebot.connects >= 2, timeout=15)
            wait_until(lambda: [line for line in lines if "were not heard" in line])
        finally:
            assert heard.stop(timeout=5)
        assert rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)]
        [(since, until)] = rows(path, "SELECT since, until FROM bot_gaps")
        # From the last message heard (20:30 in Shanghai) until it was heard again.
        assert since == "2026-12-01T12:30:00.000000Z" and until
        assert rows(path, "SELECT handle FROM members WHERE name = 'Ann'") == [("777",)]
        # A new run says what it missed while camp was not listening, too.
        again: list[str] = []
        restarted = listeners(path, {"CAMP_QQ": "qq-s3cret"}, lambda: EVENING, again)
        restarted.start()
        try:
            wait_until(lambda: [line for line in again if "were not heard" in line])
        finally:
            assert restarted.stop(timeout=5)
        assert [r for (r,) in rows(path, "SELECT reason FROM bot_gaps ORDER BY id")][1] == (
            "camp was not listening"
        )


def test_two_camps_sharing_one_bot_poll_once_and_each_hears_its_own_group(tmp_path, telegram):
    other = GROUP - 7
    path = make_camp(
        tmp_path,
        f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
        f'api_base = "{telegram.url}"\n',
    )
    second = tmp_path / "second.toml"
    second.write_text(
        (DATA / "cp_announced.toml").read_text(encoding="utf-8")
        + f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{other}"\n'
        f'api_base = "{telegram.url}"\n',
        encoding="utf-8",
    )
    db = open_db(path)
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(second), name="Other", start=START, now=created, slug="other")
    add_members(db, "other", ["Ann"], now=created)
    db.close()
    lines: list[str] = []
    heard = listeners(path, {"CAMP_TG_TOKEN": TOKEN}, lambda: EVENING, lines)
    heard.start()
    try:
        at = int(EVENING.timestamp())
        telegram.push_text(GROUP, ANN, "#checkin here", date=at)
        telegram.push_text(other, ANN, "#checkin there", date=at + 1)
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)])
    finally:
        assert heard.stop(timeout=5)
    assert rows(
        path,
        "SELECT c.slug, k.text FROM checkins k JOIN camps c ON c.id = k.camp_id ORDER BY c.slug",
    ) == [("live", "#checkin here"), ("other", "#checkin there")]
    # One poller for both camps: Telegram would answer a second one with 409 Conflict.
    assert not [line for line in lines if "another" in line.lower()]


def test_a_member_asks_the_bot_in_private_and_is_answered_there(tmp_path, telegram):
    path = make_camp(
        tmp_path,
        f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
        f'api_base = "{telegram.url}"\nreply = "silent"\n',
    )
    lines: list[str] = []
    heard = listeners(path, {"CAMP_TG_TOKEN": TOKEN}, lambda: EVENING, lines)
    heard.start()
    try:
        at = int(EVENING.timestamp())
        telegram.push_text(GROUP, ANN, "#checkin", date=at)
        wait_until(
            lambda: rows(path, "SELECT handle FROM members WHERE name = 'Ann'") == [("101",)]
        )
        telegram.push_text(101, ANN, "/me", date=at + 10)
        telegram.push_text(102, BEN, "/me", date=at + 11)  # Ben's id is not known yet
        telegram.push_text(101, ANN, "#checkin in private", date=at + 12)
        [answer] = telegram.wait_for_sent(1)
        time.sleep(0.5)
    finally:
        assert heard.stop(timeout=5)
    assert str(answer.params["chat_id"]) == "101" and "rank 1/3" in answer.params["text"]
    assert len(telegram.sent) == 1  # the group's check-in is silent; Ben is not known
    # Nothing said in private is a check-in or activity.
    assert rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)]
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(1,)]


def test_a_busy_group_gets_every_ack_once_together_within_telegrams_limits(tmp_path, telegram):
    path = make_camp(
        tmp_path,
        f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
        f'api_base = "{telegram.url}"\n',
    )
    names = [f"Member{i:03d}" for i in range(300)]
    db = open_db(path)
    add_members(db, "live", names, now=pendulum.datetime(2026, 11, 30, tz="UTC"))
    db.close()
    lines: list[str] = []
    heard = Listeners(
        path,
        clock=lambda: EVENING,
        log=lines.append,
        env={"CAMP_TG_TOKEN": TOKEN},
        poll_seconds=1,
        reply_spacing=0.3,
    )
    heard.start()
    try:
        at = int(EVENING.timestamp())
        for i, name in enumerate(names):
            telegram.push_text(GROUP, user(1000 + i, name), "#checkin", date=at + i // 50)
        said = wait_until(
            lambda: (
                (texts := [x for c in telegram.sent for x in c.params["text"].splitlines()])
                and len([x for x in texts if x.startswith("✅ ")]) >= 300
                and texts
            )
        )
    finally:
        assert heard.stop(timeout=5)
    acked = sorted(x.split()[1] for x in said if x.startswith("✅ "))
    assert acked == names  # every member once
    # Few messages, each within Telegram's 4,096 UTF-16 units.
    assert len(telegram.sent) < 30
    assert all(len(c.params["text"].encode("utf-16-le")) // 2 <= 4096 for c in telegram.sent)


def test_an_answer_telegram_holds_back_goes_after_the_wait_it_asks(tmp_path, telegram):
    path = make_camp(
        tmp_path,
        f'\n[[bots]]\ntype = "telegram"\ntoken_env = "CAMP_TG_TOKEN"\nchat = "{GROUP}"\n'
        f'api_base = "{telegram.url}"\nreply = "react"\n',
    )
    telegram.fail("setMessageReaction", 429, retry_after=1)
    lines: list[str] = []
    heard = listeners(path, {"CAMP_TG_TOKEN": TOKEN}, lambda: EVENING, lines)
    heard.start()
    try:
        message = telegram.push_text(GROUP, ANN, "#checkin", date=int(EVENING.timestamp()))
        began = time.monotonic()
        wait_until(lambda: telegram.reactions_on(GROUP, message))
        assert time.monotonic() - began >= 1.0
    finally:
        assert heard.stop(timeout=5)
    calls = [c for c in telegram.sent if c.method == "setMessageReaction"]
    assert len(calls) == 2  # refused once, then taken
    assert not [line for line in lines if "not sent" in line]
