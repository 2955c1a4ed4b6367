"""Calendars that stay right across exports: UIDs of each database's own, SEQUENCE and
LAST-MODIFIED that move only with the days whose task or times changed, members' own
calendars, and databases made before calendars kept any of this."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pendulum
import pytest
from icalendar import Calendar

from camp.db import open_db
from camp.errors import CampError
from camp.services.calendars import calendar_file, calendar_token
from camp.services.camps import create_camp, delete_camp, get_camp
from camp.services.leave import grant_leave
from camp.services.members import add_members, remove_member
from camp.services.plan_edits import clear_day_task, set_day_task

DATA = Path(__file__).resolve().parent.parent / "data"
MADE = pendulum.datetime(2026, 11, 20, 10, tz="UTC")


def events_of(ics: bytes) -> dict[int, dict]:
    """The events of an export by day number: UID, SEQUENCE, LAST-MODIFIED, summary."""
    calendar = Calendar.from_ical(ics)
    events = {}
    for event in calendar.events:
        uid = str(event["UID"])
        day = int(uid.split("-d")[-1].split("-")[0])
        assert day not in events
        events[day] = {
            "uid": uid,
            "sequence": int(event["SEQUENCE"]),
            "modified": event.LAST_MODIFIED,
            "stamp": event.DTSTAMP,
            "summary": str(event["SUMMARY"]),
        }
    return events


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "camp.db")
    create_camp(
        database, str(DATA / "cp.toml"), name="Winter CP", start=dt.date(2026, 12, 1), now=MADE
    )
    add_members(database, "winter-cp", ["Alice", "Bob"], now=MADE)
    yield database
    database.close()


def test_two_exports_give_the_same_uids_sequence_and_last_modified(db):
    first = calendar_file(db, "winter-cp", now=MADE.add(days=1))
    second = calendar_file(db, "winter-cp", now=MADE.add(days=2))
    a, b = events_of(first), events_of(second)
    assert sorted(a) == list(range(1, 8))
    uids = [e["uid"] for e in a.values()]
    assert len(set(uids)) == 7
    token = calendar_token(db, get_camp(db, "winter-cp"), now=MADE)
    assert all(uid.endswith(f".{token}@camp") for uid in uids)
    assert len(token) == 32 and int(token, 16) >= 0
    for day in a:
        assert a[day]["uid"] == b[day]["uid"]
        assert a[day]["sequence"] == b[day]["sequence"] == 0
        # Never changed: last modified when the camp was made.
        assert a[day]["modified"] == b[day]["modified"] == MADE
    # DTSTAMP is when each calendar object was made (RFC 5545 with a METHOD), in UTC.
    assert {e["stamp"] for e in a.values()} == {MADE.add(days=1)}
    assert {e["stamp"] for e in b.values()} == {MADE.add(days=2)}


def test_a_changed_task_moves_only_its_days_sequence_and_last_modified(db):
    before = events_of(calendar_file(db, "winter-cp", now=MADE))
    edit = pendulum.datetime(2026, 11, 25, 8, 15, 30, tz="UTC")
    set_day_task(db, "winter-cp", 4, title="Write a landing page for tea", now=edit)
    after = events_of(calendar_file(db, "winter-cp", now=edit.add(minutes=5)))
    assert after[4]["summary"] == "Day 4 · Write a landing page for tea"
    assert after[4]["sequence"] == 1 and after[4]["modified"] == edit
    assert after[4]["modified"] > before[4]["modified"]
    for day in (1, 2, 3, 5, 6, 7):
        assert after[day] | {"stamp": None} == before[day] | {"stamp": None}
    assert [after[d]["uid"] for d in after] == [before[d]["uid"] for d in before]
    # Again, in the same second: SEQUENCE grows and LAST-MODIFIED still moves on.
    set_day_task(db, "winter-cp", 4, title="Write a landing page for coffee", now=edit)
    again = events_of(calendar_file(db, "winter-cp", now=edit.add(minutes=6)))
    assert again[4]["sequence"] == 2 and again[4]["modified"] == edit.add(seconds=1)
    # Back to the pool: another revision; an export after it gives the same again.
    later = edit.add(hours=3)
    clear_day_task(db, "winter-cp", 4, now=later)
    cleared = events_of(calendar_file(db, "winter-cp", now=later))
    assert cleared[4]["sequence"] == 3 and cleared[4]["modified"] == later
    assert cleared[4]["summary"] == before[4]["summary"]
    assert events_of(calendar_file(db, "winter-cp", now=later.add(days=1))) == {
        day: event | {"stamp": later.add(days=1)} for day, event in cleared.items()
    }


def test_an_edit_that_shows_nothing_new_moves_nothing(db):
    before = events_of(calendar_file(db, "winter-cp", now=MADE))
    # Day 2's pool task is "Slogan" at difficulty 2: setting it as its own changes nothing.
    set_day_task(db, "winter-cp", 2, title="Slogan", now=MADE.add(days=1))
    after = events_of(calendar_file(db, "winter-cp", now=MADE))
    assert after == before


def test_a_refused_edit_bumps_nothing(db):
    before = events_of(calendar_file(db, "winter-cp", now=MADE))
    with pytest.raises(CampError):
        set_day_task(db, "winter-cp", 3, title="x" * 500, now=MADE.add(days=1))
    begun = pendulum.datetime(2026, 12, 2, 13, tz="UTC")  # day 2 has begun in Shanghai
    with pytest.raises(CampError, match="began"):
        set_day_task(db, "winter-cp", 1, title="Too late", now=begun)
    assert events_of(calendar_file(db, "winter-cp", now=MADE)) == before
    assert db.execute("SELECT count(*) FROM calendar_revisions").fetchone()[0] == 0


def test_two_databases_give_the_same_camp_different_uids(db, tmp_path):
    other = open_db(tmp_path / "other.db")
    create_camp(
        other, str(DATA / "cp.toml"), name="Winter CP", start=dt.date(2026, 12, 1), now=MADE
    )
    mine = {e["uid"] for e in events_of(calendar_file(db, "winter-cp", now=MADE)).values()}
    theirs = {e["uid"] for e in events_of(calendar_file(other, "winter-cp", now=MADE)).values()}
    assert len(mine) == len(theirs) == 7
    assert not mine & theirs
    other.close()


def test_a_camp_made_again_under_its_slug_gets_new_uids(db):
    old = {e["uid"] for e in events_of(calendar_file(db, "winter-cp", now=MADE)).values()}
    delete_camp(db, "winter-cp")
    assert db.execute("SELECT count(*) FROM calendar_tokens").fetchone()[0] == 0
    create_camp(db, str(DATA / "cp.toml"), name="Winter CP", start=dt.date(2026, 12, 1), now=MADE)
    new = {e["uid"] for e in events_of(calendar_file(db, "winter-cp", now=MADE)).values()}
    assert not old & new


def test_a_members_calendar_has_their_name_and_uids_of_its_own(db):
    camp_ics = calendar_file(db, "winter-cp", now=MADE)
    alice_ics = calendar_file(db, "winter-cp", now=MADE, member="alice")
    bob_ics = calendar_file(db, "winter-cp", now=MADE, member="Bob")
    camp_cal, alice = Calendar.from_ical(camp_ics), Calendar.from_ical(alice_ics)
    assert str(camp_cal["X-WR-CALNAME"]) == "Winter CP"
    assert str(alice["X-WR-CALNAME"]) == str(alice["NAME"]) == "Winter CP · Alice"
    assert str(alice["X-WR-CALDESC"]) == "The check-in times of Alice in Winter CP."
    everyone = [events_of(ics) for ics in (camp_ics, alice_ics, bob_ics)]
    uids = [e["uid"] for events in everyone for e in events.values()]
    assert len(uids) == 21 and len(set(uids)) == 21
    # The same days, with the same revisions, in every calendar.
    set_day_task(db, "winter-cp", 5, title="A poster", now=MADE.add(hours=1))
    again = events_of(calendar_file(db, "winter-cp", now=MADE, member="Alice"))
    assert [e["uid"] for e in again.values()] == [e["uid"] for e in everyone[1].values()]
    assert again[5]["sequence"] == 1 and again[4]["sequence"] == 0


def test_a_shift_members_calendar_holds_only_their_shift(tmp_path):
    db = open_db(tmp_path / "buddies.db")
    create_camp(db, "study-buddy", name="Buddies", start=dt.date(2026, 12, 1), now=MADE)
    add_members(db, "buddies", ["小明"], shift="late", now=MADE)
    add_members(db, "buddies", ["Ann"], now=MADE)
    calendar = Calendar.from_ical(calendar_file(db, "buddies", now=MADE, member="小明"))
    assert str(calendar["X-WR-CALNAME"]) == "Buddies · 小明"
    assert str(calendar["X-WR-CALDESC"]) == "小明 在「Buddies」的打卡时间。"
    assert calendar.events and all("-late." in str(e["UID"]) for e in calendar.events)
    assert all(e.start.time() == dt.time(21, 50) for e in calendar.events)
    assert all(
        "迟到可打卡至 22:10，得 50% 的积分" in str(e["DESCRIPTION"]) for e in calendar.events
    )
    with pytest.raises(CampError, match="Ann has no shift yet"):
        calendar_file(db, "buddies", now=MADE, member="Ann")
    db.close()


def test_a_removed_member_gets_no_calendar(db):
    remove_member(db, "winter-cp", "Bob", now=MADE)
    with pytest.raises(CampError, match="Bob was removed from winter-cp"):
        calendar_file(db, "winter-cp", now=MADE, member="Bob")
    with pytest.raises(CampError, match="No member 'Zed'"):
        calendar_file(db, "winter-cp", now=MADE, member="Zed")


def test_a_database_of_an_earlier_release_exports_and_keeps_its_uids(tmp_path):
    # Made by release 0.1.0, before calendars kept tokens and revisions.
    path = tmp_path / "release.db"
    conn = sqlite3.connect(path)
    conn.executescript((DATA / "release-0.1.0.sql").read_text(encoding="utf-8"))
    conn.close()
    db = open_db(path)
    now = pendulum.datetime(2026, 3, 1, 3, tz="UTC")
    first = events_of(calendar_file(db, "cp", now=now))
    assert sorted(first) == list(range(1, 8))
    # Day 6's task was changed in that release: no revision was kept, so it is at 0.
    assert first[6]["summary"] == "第 6 天 · 写一条 30 秒短视频脚本"
    assert {e["sequence"] for e in first.values()} == {0}
    db.close()
    db = open_db(path)
    assert events_of(calendar_file(db, "cp", now=now)) == first
    buddies = Calendar.from_ical(calendar_file(db, "buddies", now=now, member="Ana"))
    assert str(buddies["X-WR-CALNAME"]) == "Study buddies · Ana"
    assert len(buddies.events) == 7
    db.close()


def test_a_members_leave_day_is_cancelled_in_their_calendar_alone(tmp_path):
    db = open_db(tmp_path / "leave.db")
    path = tmp_path / "cp.toml"
    path.write_text((DATA / "cp.toml").read_text() + "\n[members]\nleave_quota = 2\n")
    create_camp(db, str(path), name="Winter CP", start=dt.date(2026, 12, 1), now=MADE)
    add_members(db, "winter-cp", ["Alice", "Bob"], now=MADE)
    before = events_of(calendar_file(db, "winter-cp", now=MADE, member="Alice"))
    approved = pendulum.datetime(2026, 11, 25, 9, tz="UTC")
    grant_leave(db, "winter-cp", "Alice", 3, reason="exam day", now=approved)
    alice = Calendar.from_ical(calendar_file(db, "winter-cp", now=approved, member="Alice"))
    [leave] = [e for e in alice.events if "-d3-" in str(e["UID"])]
    assert str(leave["STATUS"]) == "CANCELLED"
    assert str(leave["SUMMARY"]) == "On leave · " + before[3]["summary"]
    assert str(leave["DESCRIPTION"]).startswith("Alice is on leave this day")
    assert not leave.walk("VALARM")  # no reminder to check in
    assert int(leave["SEQUENCE"]) == before[3]["sequence"] + 1
    assert approved == leave.LAST_MODIFIED
    others = [e for e in alice.events if "-d3-" not in str(e["UID"])]
    assert all("STATUS" not in e and e.walk("VALARM") for e in others)
    # Bob's calendar and the camp's are as they were.
    for ics in (
        calendar_file(db, "winter-cp", now=approved, member="Bob"),
        calendar_file(db, "winter-cp", now=approved),
    ):
        assert not [e for e in Calendar.from_ical(ics).events if "STATUS" in e]
    db.close()
