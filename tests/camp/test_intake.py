"""Live messages go through the import's own judging, once, and get their answers."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pendulum
import pytest

from camp.bots.base import LiveMessage
from camp.db import open_db
from camp.models import Bot
from camp.services.camps import create_camp, get_camp
from camp.services.imports import import_export
from camp.services.intake import hear, parse_command, reply_for
from camp.services.members import add_members

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)
#: Day 1 at 20:30 in Shanghai: the night window (20:00-23:30) is open.
EVENING = pendulum.datetime(2026, 12, 1, 20, 30, tz="Asia/Shanghai")
BOT = Bot("telegram", "-1001", token_env="CAMP_TG_TOKEN")


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "intake.db")
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(definition), name="Live", start=START, now=created, slug="live")
    add_members(db, camp.slug, ["Ann", "Ben"], now=created)
    add_members(db, camp.slug, ["Cho"], now=created, handle="555")
    return db


_ids = iter(range(1, 10_000))


def said(sender: str, text: str, at: pendulum.DateTime, sender_id: str | None = None, **kw):
    return LiveMessage(
        "telegram", "-1001", str(next(_ids)), sender_id, sender, at.timestamp(), text, **kw
    )


def test_a_live_check_in_is_judged_and_answered(db):
    camp = get_camp(db, "live")
    [heard] = hear(db, camp, [said("Ann", "#checkin my slogan", EVENING, "101")], now=EVENING)
    assert (heard.what, heard.member, heard.day, heard.window) == ("on_time", "Ann", 1, "night")
    assert heard.points > 0
    reply = reply_for(db, camp, BOT, heard, now=EVENING)
    assert reply is not None and reply.reply_to == heard.message.message_id
    assert reply.text.startswith(f"✅ Ann · day 1 · on time +{heard.points}")
    # The sender's platform id is kept: the next message is matched by it.
    assert db.execute("SELECT handle FROM members WHERE name = 'Ann'").fetchone() == ("101",)
    [again] = hear(
        db,
        camp,
        [said("Ann renamed", "hello", EVENING.add(minutes=1), "101")],
        now=EVENING.add(minutes=1),
    )
    assert (again.what, again.member) == ("message", "Ann")


def test_the_same_message_heard_twice_or_then_imported_counts_once(db, tmp_path):
    camp = get_camp(db, "live")
    message = said("Ben", "#checkin done", EVENING, "202")
    assert hear(db, camp, [message], now=EVENING)[0].what == "on_time"
    assert hear(db, camp, [message], now=EVENING)[0].what == "already"
    export = tmp_path / "export.csv"
    export.write_text("time,sender,text\n2026-12-01 20:30:00,Ben,#checkin done\n", encoding="utf-8")
    report = import_export(db, "live", export, now=EVENING.add(hours=1), fmt="csv")
    assert report.already_imported == 1 and report.checkins == 0
    assert db.execute("SELECT COUNT(*) FROM checkins").fetchone() == (1,)


def test_late_outside_duplicate_and_strangers_are_told_why(db):
    camp = get_camp(db, "live")
    late = EVENING.replace(hour=23, minute=45)
    first, second = hear(
        db,
        camp,
        [
            said("Cho", "#checkin", EVENING, "555"),
            said("Cho", "#checkin again", EVENING.add(minutes=5), "555"),
        ],
        now=EVENING.add(minutes=5),
    )
    assert (first.what, second.what) == ("on_time", "duplicate")
    assert "already checked in" in reply_for(db, camp, BOT, second, now=EVENING).text
    [ben] = hear(db, camp, [said("Ben", "#checkin", late)], now=late)
    assert ben.what == "late"
    assert "late +" in reply_for(db, camp, BOT, ben, now=late).text
    morning = EVENING.replace(hour=9)
    [early] = hear(db, camp, [said("Ann", "#checkin", morning)], now=morning)
    assert early.what == "outside"
    assert "no check-in window is open now" in reply_for(db, camp, BOT, early, now=morning).text
    [stranger] = hear(db, camp, [said("Zed", "#checkin", EVENING)], now=EVENING)
    assert stranger.what == "unknown"
    assert "not a member" in reply_for(db, camp, BOT, stranger, now=EVENING).text
    [chatter] = hear(db, camp, [said("Zed", "hi all", EVENING)], now=EVENING)
    assert reply_for(db, camp, BOT, chatter, now=EVENING) is None


def test_react_and_silent_bots(db):
    camp = get_camp(db, "live")
    [heard] = hear(db, camp, [said("Ann", "#checkin", EVENING)], now=EVENING)
    reacting = Bot("telegram", "-1001", reply="react", token_env="T")
    assert reply_for(db, camp, reacting, heard, now=EVENING).reaction == "🔥"
    silent = Bot("telegram", "-1001", reply="silent", token_env="T")
    assert reply_for(db, camp, silent, heard, now=EVENING) is None


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("/me", ("me", None)),
        ("/me@camp_bot", ("me", None)),
        ("我的", ("me", None)),
        ("/board", ("board", None)),
        ("排行", ("board", None)),
        ("/help", ("help", None)),
        ("#补卡 3", ("makeup", 3)),
        ("＃补卡3", ("makeup", 3)),
        ("#请假 第2天", ("leave", 2)),
        ("#makeup 4", ("makeup", 4)),
        ("#checkin /me", None),
        ("hello", None),
    ],
)
def test_member_commands_are_recognised(text, command):
    assert parse_command(text) == command


def test_me_board_and_requests_answer_and_queue(db):
    camp = get_camp(db, "live")
    hear(db, camp, [said("Ann", "#checkin", EVENING, "101")], now=EVENING)
    later = EVENING.add(minutes=10)
    me, board, makeup, wrong = hear(
        db,
        camp,
        [
            said("Ann", "/me", later, "101"),
            said("Ben", "排行", later),
            said("Ben", "#补卡 1", later.add(seconds=1)),
            said("Ben", "#请假 99", later.add(seconds=2)),
        ],
        now=later.add(seconds=2),
    )
    assert me.what == board.what == makeup.what == "command"
    text = reply_for(db, camp, BOT, me, now=later).text
    assert "Ann" in text and "rank 1/3" in text and "Day 1/7: checked in on time" in text
    text = reply_for(db, camp, BOT, board, now=later).text
    assert "1. Ann" in text
    assert "waiting for the organiser" in reply_for(db, camp, BOT, makeup, now=later).text
    assert "days 1 to 7" in reply_for(db, camp, BOT, wrong, now=later).text
    rows = db.execute("SELECT kind, day, status, source FROM requests").fetchall()
    assert rows == [("makeup", 1, "pending", "bot:telegram")]
    # A command is activity, never a check-in.
    assert db.execute("SELECT COUNT(*) FROM checkins").fetchone() == (1,)


def test_strangers_wait_in_a_list_or_join_when_the_camp_says_so(db, tmp_path):
    camp = get_camp(db, "live")
    hear(db, camp, [said("Zed", "hi", EVENING, "901")], now=EVENING)
    hear(db, camp, [said("Zed Z", "#checkin", EVENING.add(minutes=1), "901")], now=EVENING)
    assert db.execute(
        "SELECT platform, sender_id, name, messages, checkins FROM unknown_senders"
    ).fetchall() == [("telegram", "901", "Zed Z", 2, 1)]
    definition = tmp_path / "open.toml"
    text = (DATA / "cp_announced.toml").read_text(encoding="utf-8")
    definition.write_text(text.replace("[members]\n", "[members]\nadd_unknown = true\n", 1))
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    open_camp = create_camp(db, str(definition), name="Open", start=START, now=created, slug="open")
    assert open_camp.definition.members.add_unknown is True
    [heard] = hear(db, open_camp, [said("Yan", "#checkin", EVENING, "902")], now=EVENING)
    assert (heard.what, heard.member) == ("on_time", "Yan")
    assert db.execute(
        "SELECT handle FROM members WHERE camp_id = ? AND name = 'Yan'", [open_camp.id]
    ).fetchone() == ("902",)


def test_an_edit_that_adds_the_keyword_checks_in_and_one_of_a_check_in_is_quiet(db):
    camp = get_camp(db, "live")
    [plain] = hear(db, camp, [said("Ann", "my slogan", EVENING, "101")], now=EVENING)
    assert plain.what == "message"
    later = EVENING.add(minutes=2)
    edit = said("Ann", "#checkin my slogan", later, "101", kind="edit")
    [fixed] = hear(db, camp, [edit], now=later)
    assert fixed.what == "on_time"
    assert reply_for(db, camp, BOT, fixed, now=later) is not None
    again = said("Ann", "#checkin my slogan!", later.add(minutes=1), "101", kind="edit")
    [typo] = hear(db, camp, [again], now=later.add(minutes=1))
    assert typo.what == "duplicate"
    assert reply_for(db, camp, BOT, typo, now=later) is None


def test_a_message_heard_live_then_in_a_telegram_export_counts_once(db, tmp_path):
    import json

    camp = get_camp(db, "live")
    # Heard live from Bot API user 202; the member is "Ben" but the export says "Ben Z".
    hear(db, camp, [said("Ben", "#checkin done", EVENING, "202")], now=EVENING)
    export = {
        "name": "Live",
        "type": "private_supergroup",
        "id": 1001,
        "messages": [
            {
                "id": 7,
                "type": "message",
                "date": "2026-12-01T20:30:00",
                "date_unixtime": str(int(EVENING.timestamp())),
                "from": "Ben Z",
                "from_id": "user202",
                "text": "#checkin done",
                "text_entities": [{"type": "plain", "text": "#checkin done"}],
            }
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    report = import_export(db, "live", path, now=EVENING.add(hours=1))
    assert report.unknown_senders == {} and report.already_imported == 1
    assert db.execute("SELECT COUNT(*) FROM checkins").fetchone() == (1,)


def test_a_kept_index_of_members_follows_every_change_to_them(db):
    from camp.services.imports import add_aliases
    from camp.services.intake import HearingCache
    from camp.services.members import remove_member

    camp = get_camp(db, "live")
    cache = HearingCache()

    def one(sender: str, sender_id: str | None = None, minutes: int = 0) -> str:
        at = EVENING.add(minutes=minutes)
        return hear(db, camp, [said(sender, f"hi {minutes}", at, sender_id)], now=at, cache=cache)[
            0
        ].what

    assert one("Zed", minutes=1) == "unknown"
    add_members(db, "live", ["Zed"], now=EVENING)
    assert one("Zed", minutes=2) == "message"
    add_aliases(db, "live", "Ben", ["Benny"])
    assert one("Benny", minutes=3) == "message"
    remove_member(db, "live", "Zed", now=EVENING)
    assert one("Zed", minutes=4) == "removed"
    # An id the listener linked itself is kept, without reading the members again.
    assert one("Ann", "101", minutes=5) == "message"
    assert one("Someone else", "101", minutes=6) == "message"
    assert db.execute("SELECT members_version FROM camps WHERE slug = 'live'").fetchone()[0] > 0


def test_a_chinese_camp_answers_in_chinese(db, tmp_path):
    definition = tmp_path / "zh.toml"
    text = (DATA / "cp_announced.toml").read_text(encoding="utf-8")
    definition.write_text(text.replace('language = "en"', 'language = "zh"', 1), encoding="utf-8")
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(definition), name="中文营", start=START, now=created, slug="zh")
    add_members(db, "zh", ["小明"], now=created)
    [ack] = hear(db, camp, [said("小明", "#checkin 完成", EVENING, "88")], now=EVENING)
    assert reply_for(db, camp, BOT, ack, now=EVENING).text.startswith("✅ 小明 · 第 1 天 · 准时 +")
    later = EVENING.add(minutes=1)
    me, board, helping, makeup = hear(
        db,
        camp,
        [
            said("小明", "我的", later, "88"),
            said("小明", "排行", later, "88"),
            said("小明", "帮助", later, "88"),
            said("小明", "#补卡 1", later, "88"),
        ],
        now=later,
    )
    assert "积分" in reply_for(db, camp, BOT, me, now=later).text
    assert "1. 小明" in reply_for(db, camp, BOT, board, now=later).text
    assert "#补卡 N" in reply_for(db, camp, BOT, helping, now=later).text
    assert "补卡申请已提交" in reply_for(db, camp, BOT, makeup, now=later).text
