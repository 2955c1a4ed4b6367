"""Two real posts stay two, one post read twice stays one: messages' identity across
files, overlapping exports and a bot that heard them live."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pendulum
import pytest

from camp.bots.base import LiveMessage
from camp.db import open_db
from camp.services.activity import activity
from camp.services.camps import create_camp, get_camp
from camp.services.imports import import_export
from camp.services.intake import HearingCache, hear
from camp.services.members import add_members, list_members

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = pendulum.datetime(2026, 12, 9, tz="UTC")
#: Day 1 at 20:30 in Shanghai, inside cp.toml's night window.
EVENING = pendulum.datetime(2026, 12, 1, 20, 30, tz="Asia/Shanghai")


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "identity.db")
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(database, str(definition), name="CP", start=dt.date(2026, 12, 1), now=before)
    add_members(database, "cp", ["Alice", "Bob"], now=before)
    return database


def csv_export(tmp_path: Path, *rows: str, name: str = "chat.csv") -> Path:
    path = tmp_path / name
    path.write_text("member,time,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def messages_of(db, name: str) -> int:
    return next(a.messages for a in activity(db, "cp") if a.name == name)


BURST = [
    "Alice,2026-12-01 20:15:07,[图片]",
    "Alice,2026-12-01 20:15:07,[图片]",
    "Bob,2026-12-01 20:15:07,[图片]",
    "Alice,2026-12-01 20:15:07,[图片]",
]


def test_identical_posts_in_one_second_are_each_a_message(db, tmp_path):
    report = import_export(db, "cp", csv_export(tmp_path, *BURST), now=NOW)
    assert (report.new_messages, report.already_imported) == (4, 0)
    assert (messages_of(db, "Alice"), messages_of(db, "Bob")) == (3, 1)
    again = import_export(db, "cp", csv_export(tmp_path, *BURST), now=NOW)
    assert (again.new_messages, again.already_imported) == (0, 4)
    assert messages_of(db, "Alice") == 3


def test_an_overlapping_export_adds_only_the_posts_it_has_more_of(db, tmp_path):
    # An export made earlier (or by a release that merged identical posts) has one.
    first = import_export(db, "cp", csv_export(tmp_path, BURST[0], name="early.csv"), now=NOW)
    assert first.new_messages == 1
    later = import_export(db, "cp", csv_export(tmp_path, *BURST, name="later.csv"), now=NOW)
    assert (later.new_messages, later.already_imported) == (3, 1)
    assert messages_of(db, "Alice") == 3


def test_an_export_around_a_stored_message_adds_each_of_its_own(db, tmp_path):
    # The stored message lies between the export's first and last, and is none of them.
    import_export(db, "cp", csv_export(tmp_path, "Bob,2026-12-01 20:20:00,hello"), now=NOW)
    around = csv_export(
        tmp_path,
        "Alice,2026-12-01 20:10:00,hi",
        "Bob,2026-12-01 20:20:00,hello again",
        "Alice,2026-12-01 20:30:00,bye",
        name="around.csv",
    )
    report = import_export(db, "cp", around, now=NOW)
    assert (report.new_messages, report.already_imported) == (3, 0)
    assert (messages_of(db, "Alice"), messages_of(db, "Bob")) == (2, 2)
    again = import_export(db, "cp", around, now=NOW)
    assert (again.new_messages, again.already_imported) == (0, 3)


def test_identical_check_ins_in_one_second_count_once_and_the_second_is_a_duplicate(db, tmp_path):
    rows = ["Alice,2026-12-01 20:15:07,#checkin done", "Alice,2026-12-01 20:15:07,#checkin done"]
    report = import_export(db, "cp", csv_export(tmp_path, *rows), now=NOW)
    assert report.checkins == 2 and dict(report.judged) == {"on_time": 1, "duplicate": 1}


def telegram_export(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "result.json"
    path.write_text(
        json.dumps({"name": "CP", "type": "private_supergroup", "messages": records}),
        encoding="utf-8",
    )
    return path


def telegram_message(message_id: int, sender: str | None, sender_id: str, text: str) -> dict:
    return {
        "id": message_id,
        "type": "message",
        "date": "2026-12-01T20:30:00",
        "date_unixtime": str(int(EVENING.timestamp())),
        "from": sender,
        "from_id": sender_id,
        "text": text,
    }


def test_a_message_id_written_twice_is_one_message_and_two_ids_are_two(db, tmp_path):
    records = [
        telegram_message(41, "Alice", "user1", "[photo]"),
        telegram_message(41, "Alice", "user1", "[photo]"),  # the same message, twice
        telegram_message(42, "Alice", "user1", "[photo]"),
    ]
    report = import_export(db, "cp", telegram_export(tmp_path, records), now=NOW)
    assert (report.new_messages, report.already_imported) == (2, 1)


def test_a_burst_heard_live_is_not_recorded_again_by_the_export(db, tmp_path):
    camp = get_camp(db, "cp")
    cache = HearingCache()
    burst = [
        LiveMessage("telegram", "-1001", str(n), "user1", "Alice", EVENING.timestamp(), "[photo]")
        for n in (41, 42, 43)
    ]
    # Heard over two batches, the second one delivered twice (a reconnect).
    assert [h.what for h in hear(db, camp, burst[:2], now=EVENING, cache=cache)] == [
        "message",
        "message",
    ]
    assert [h.what for h in hear(db, camp, burst[1:], now=EVENING, cache=cache)] == [
        "already",
        "message",
    ]
    records = [telegram_message(n, "Alice", "user1", "[photo]") for n in (41, 42, 43)]
    report = import_export(db, "cp", telegram_export(tmp_path, records), now=NOW)
    assert (report.new_messages, report.already_imported) == (0, 3)
    assert messages_of(db, "Alice") == 3


def test_a_sender_without_a_name_is_known_by_id_and_can_be_added(db, tmp_path):
    records = [telegram_message(7, None, "user3003", "#checkin here")]
    report = import_export(db, "cp", telegram_export(tmp_path, records), now=NOW, add_unknown=True)
    assert report.added_members == ["user3003"] and report.checkins == 1
    [added] = [r.member for r in list_members(db, "cp") if r.member.name == "user3003"]
    assert added.handle == "user3003"


def test_the_report_names_the_layout_it_read(db, tmp_path):
    records = [telegram_message(7, "Alice", "user1", "#checkin")]
    report = import_export(db, "cp", telegram_export(tmp_path, records), now=NOW)
    assert report.to_json()["layouts"] == [
        {"name": "Telegram Desktop JSON", "date_order": None, "evidence": ""}
    ]


def test_an_import_of_nothing_but_problems_recorded_nothing(db, tmp_path):
    broken = csv_export(tmp_path, "Alice,yesterday,#checkin", "Bob,soon,#checkin")
    report = import_export(db, "cp", broken, now=NOW)
    assert report.problem_count == 2 and report.recorded_nothing
    fine = import_export(db, "cp", csv_export(tmp_path, BURST[0], name="ok.csv"), now=NOW)
    assert not fine.recorded_nothing
    # Read again, a file of stored messages and a problem is no failure: it was imported.
    again = csv_export(tmp_path, BURST[0], "Bob,soon,#checkin", name="again.csv")
    assert not import_export(db, "cp", again, now=NOW).recorded_nothing
