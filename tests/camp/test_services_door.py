"""Services are the only door: what the command line, the scheduler and the terminal UI
share lives in one service each (certificates, calendars, the lease, "today"), and
building an announcement only reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest

from camp.db import open_db
from camp.errors import CampError
from camp.services.announcing import build_context, preview_announcement, produce_announcement
from camp.services.calendars import calendar_file
from camp.services.camps import create_camp, get_camp, local_today, today_for_new_camp
from camp.services.checkins import record_checkin
from camp.services.events import sync_camp_events
from camp.services.exports import certificate_entries, certificate_files
from camp.services.lease import LeaseHeld, SchedulerLease, acquire_lease, current_lease
from camp.services.members import add_members, list_members
from camp.services.running import run_once

DATA = Path(__file__).resolve().parent.parent / "data"
BEFORE = pendulum.datetime(2026, 11, 30, tz="UTC")


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "camp.db")
    create_camp(database, str(DATA / "cp.toml"), name="CP", start=dt.date(2026, 12, 1), now=BEFORE)
    add_members(database, "cp", ["Alice", "Bob", "Carol"], now=BEFORE)
    return database


def test_today_is_where_the_camp_runs():
    # 20:00 UTC on 1 December is already 2 December in Shanghai.
    now = pendulum.datetime(2026, 12, 1, 20, tz="UTC")
    assert local_today(now, "Asia/Shanghai") == dt.date(2026, 12, 2)
    assert local_today(now, "America/Los_Angeles") == dt.date(2026, 12, 1)
    # A half-typed zone is passed over for the next one; with none it is UTC.
    assert local_today(now, "Asia/Shangh", "Asia/Shanghai") == dt.date(2026, 12, 2)
    assert local_today(now, None) == dt.date(2026, 12, 1)
    # A new camp from a template runs in the template's zone unless one is given.
    assert today_for_new_camp("copywriting-cp", None, now) == dt.date(2026, 12, 2)
    assert today_for_new_camp("copywriting-cp", "Europe/Berlin", now) == dt.date(2026, 12, 1)


def test_certificates_go_to_the_mvps_or_to_one_named_entry(db, tmp_path):
    now = pendulum.datetime(2026, 12, 2, 14, tz="UTC")
    with pytest.raises(CampError, match="Name a member"):
        certificate_entries(db, "cp", now=now)
    with pytest.raises(CampError, match="not in the member standings"):
        certificate_entries(db, "cp", now=now, name="Zed")
    record_checkin(db, "cp", "Alice", now=now, at=pendulum.parse("2026-12-01T20:10+08:00"))
    # Day 2 of 7: the MVP is not decided yet, unless the operator says so.
    with pytest.raises(CampError, match=r"not over \(day 2 of 7\).*--force"):
        certificate_entries(db, "cp", now=now, mvp=True)
    board, chosen = certificate_entries(db, "cp", now=now, mvp=True, force=True)
    assert [e.name for e in chosen] == ["Alice"]
    assert board.camp.slug == "cp"
    after = pendulum.datetime(2026, 12, 20, tz="UTC")  # the camp is over
    _, chosen = certificate_entries(db, "cp", now=after, mvp=True)
    assert [e.name for e in chosen] == ["Alice"]
    _, named = certificate_entries(db, "cp", now=now, name="Bob")
    assert [e.name for e in named] == ["Bob"]
    target = tmp_path / "alice.png"
    assert certificate_files(db, "cp", now=after, mvp=True, output=target) == [target]
    assert target.read_bytes().startswith(b"\x89PNG")


def test_a_calendar_for_one_member_has_only_their_shift(tmp_path):
    db = open_db(tmp_path / "buddies.db")
    create_camp(db, "study-buddy", name="Buddies", start=dt.date(2026, 12, 1), now=BEFORE)
    slug = "buddies"
    add_members(db, slug, ["Ann"], shift="early", now=BEFORE)
    add_members(db, slug, ["Ben"], now=BEFORE)
    now = pendulum.datetime(2026, 12, 1, tz="UTC")
    with pytest.raises(CampError, match="Ben has no shift yet"):
        calendar_file(db, slug, now=now, member="Ben")
    mine = calendar_file(db, slug, now=now, member="Ann").decode()
    everyone = calendar_file(db, slug, now=now).decode()
    assert mine.count("BEGIN:VEVENT") * 3 == everyone.count("BEGIN:VEVENT")


def test_run_once_holds_the_lease_and_gives_it_back(db):
    now = pendulum.datetime(2026, 12, 1, 13, tz="UTC")
    report = run_once(db, now)
    assert report.failed == []
    assert current_lease(db, now) is None
    acquire_lease(db, "elsewhere:1", now)
    with pytest.raises(LeaseHeld, match=r"Another scheduler \(elsewhere:1\)"):
        run_once(db, now.add(seconds=5))
    assert current_lease(db, now).holder == "elsewhere:1"


def test_a_lease_taken_over_is_never_given_back_by_the_one_that_lost_it(db):
    now = pendulum.datetime(2026, 12, 1, 13, tz="UTC")
    mine = SchedulerLease("here:1")
    mine.take(db, now)
    assert mine.renew(db, now.add(seconds=30))
    # The lease runs out while this process stalls, and another scheduler takes it.
    later = now.add(minutes=5)
    acquire_lease(db, "there:2", later)
    assert not mine.renew(db, later)
    assert mine.lost is not None and mine.lost.lease.holder == "there:2"
    mine.give_back(db)
    assert current_lease(db, later).holder == "there:2"


def test_building_an_announcement_only_reads(tmp_path):
    db = open_db(tmp_path / "quiet.db")
    camp = create_camp(
        db, str(DATA / "cp_announced.toml"), name="Quiet", start=dt.date(2026, 12, 1), now=BEFORE
    )
    add_members(db, camp.slug, ["Ann", "Ben"], now=BEFORE)
    now = pendulum.datetime(2026, 12, 5, 14, tz="UTC")
    sync_camp_events(db, camp, now)
    key, day, due = db.execute(
        "SELECT key, day, due FROM events WHERE kind = 'inactivity' ORDER BY due LIMIT 1 OFFSET 1"
    ).fetchone()
    before = db.conn.total_changes
    context = build_context(db, get_camp(db, camp.slug), "inactivity", day, None, pendulum.parse(due), now)
    preview = preview_announcement(db, key, now)
    assert {w["name"] for w in context["warned"]} == {"Ann", "Ben"}
    assert "Ann" in preview
    assert db.conn.total_changes == before
    assert not db.conn.in_transaction
    assert {m.member.status for m in list_members(db, camp.slug)} == {"active"}
    # Producing the event does the bookkeeping, in the same transaction as the post.
    assert produce_announcement(db, key, now).status == "done"
    assert {m.member.status for m in list_members(db, camp.slug)} == {"warned"}
