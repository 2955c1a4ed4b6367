"""Voiding a mistaken check-in, the per-day grid, member pages, groups and the read-only
inactivity lists: running totals still agree with a full recount."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pendulum
import pytest
from test_standings import busy_camp

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import (
    checkin_grid_page,
    checkins_of,
    record_checkin,
    void_checkin,
)
from camp.services.inactivity import apply_inactivity, inactivity_as_of
from camp.services.members import (
    add_members,
    find_member,
    list_members,
    list_members_page,
    merge_members_csv,
    pair_members,
    set_member_group,
)
from camp.services.standings import _recount_tallies, tallies_as_of

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "v.db")
    yield database
    database.close()


def totals_agree(db, camp) -> None:
    fast = sorted(tallies_as_of(db, camp, camp.days), key=lambda t: t.member_id)
    slow = sorted(_recount_tallies(db, camp, camp.days, False), key=lambda t: t.member_id)
    assert fast == slow


def small_camp(db, names=("Ann", "Ben", "Cat")):
    """The CP test camp (night window 20:00-23:30, late until 00:30), members from the start."""
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(DATA / "cp.toml"), name="V", start=START, now=before)
    add_members(db, camp.slug, list(names), now=before)
    return camp, camp_days(camp)


def test_voiding_the_counted_checkin_lets_the_slots_next_checkin_count(db):
    camp, days = small_camp(db)
    night = days[0].slots[0]
    later = days[2].slots[0].open
    wrong = record_checkin(db, camp.slug, "Ann", now=later, at=night.open.add(minutes=5))
    dup = record_checkin(db, camp.slug, "Ann", now=later, at=night.due.add(minutes=10))
    assert (wrong.status, dup.status) == ("on_time", "duplicate")

    done = void_checkin(db, camp.slug, wrong.id, reason="posted by Ben", now=later)
    assert done.member == "Ann" and done.status == "on_time" and done.day == 1
    # The late check-in of the same night takes the slot, with late points.
    assert done.promoted is not None and done.promoted.id == dup.id
    assert done.promoted.status == "late" and done.promoted.points == 5
    rows = checkins_of(db, camp.slug, "Ann", day=1)
    assert [(c.id, c.status, c.points) for c in rows] == [(dup.id, "late", 5)]
    audit = db.execute("SELECT checkin_id, status, reason FROM voided_checkins").fetchall()
    assert audit == [(wrong.id, "on_time", "posted by Ben")]
    totals_agree(db, camp)
    # Voiding the last one leaves the day missed.
    assert void_checkin(db, camp.slug, dup.id, reason="also wrong", now=later).promoted is None
    assert checkins_of(db, camp.slug, "Ann", day=1) == []
    assert db.execute("SELECT days, total FROM member_totals WHERE member_id = 1").fetchone() == (
        "0",
        0,
    )
    totals_agree(db, camp)


def test_voiding_needs_a_reason_and_an_existing_checkin(db):
    camp, days = small_camp(db)
    later = days[2].slots[0].open
    done = record_checkin(db, camp.slug, "Ann", now=later, at=days[0].slots[0].open)
    with pytest.raises(CampError, match="needs a reason"):
        void_checkin(db, camp.slug, done.id, reason="  ", now=later)
    with pytest.raises(CampError, match="No check-in 999"):
        void_checkin(db, camp.slug, 999, reason="x", now=later)
    void_checkin(db, camp.slug, done.id, reason="typo", now=later)
    with pytest.raises(CampError, match="voided already"):
        void_checkin(db, camp.slug, done.id, reason="typo", now=later)


def test_the_latest_checkin_can_be_voided_again_after_its_id_is_given_again(db):
    # Voiding the latest check-in frees the highest id, which SQLite gives to the next
    # check-in: voiding that one too keeps both in the audit table.
    camp, days = small_camp(db)
    later = days[3].slots[0].open
    first = record_checkin(db, camp.slug, "Ann", now=later, at=days[0].slots[0].open)
    void_checkin(db, camp.slug, first.id, reason="wrong member", now=later)
    again = record_checkin(db, camp.slug, "Ben", now=later, at=days[1].slots[0].open)
    assert again.id == first.id
    void_checkin(db, camp.slug, again.id, reason="wrong day", now=later)
    audit = db.execute(
        "SELECT checkin_id, member_id, day, reason FROM voided_checkins ORDER BY id"
    ).fetchall()
    ann, ben = (find_member(db, camp, name).id for name in ("Ann", "Ben"))
    assert audit == [(first.id, ann, 1, "wrong member"), (first.id, ben, 2, "wrong day")]
    assert db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == 0
    totals_agree(db, camp)


def test_voiding_a_makeup_gives_the_makeup_back(db):
    camp, days = small_camp(db)
    later = days[3].slots[0].open
    makeup = record_checkin(db, camp.slug, "Ben", now=later, makeup_day=1)
    with pytest.raises(CampError, match="no makeup is left"):
        record_checkin(db, camp.slug, "Ben", now=later, makeup_day=2)
    void_checkin(db, camp.slug, makeup.id, reason="approved for the wrong day", now=later)
    assert record_checkin(db, camp.slug, "Ben", now=later, makeup_day=2).status == "makeup"
    totals_agree(db, camp)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_totals_equal_a_full_recount_after_voiding_many(db, seed):
    camp, now = busy_camp(db, seed)
    ids = [row[0] for row in db.execute("SELECT id FROM checkins ORDER BY id")]
    rng = random.Random(seed)
    for checkin_id in rng.sample(ids, len(ids) // 4):
        void_checkin(db, camp.slug, checkin_id, reason="cleanup", now=now)
    totals_agree(db, camp)
    # Every slot still holds at most one counted check-in, and a slot with a duplicate
    # left in it holds a counted one.
    rows = db.execute(
        "SELECT member_id, day, SUM(status IN ('on_time', 'late', 'makeup')), "
        "SUM(status = 'duplicate') FROM checkins WHERE day IS NOT NULL GROUP BY member_id, day"
    ).fetchall()
    for _, _, counted, duplicates in rows:
        assert counted <= 1
        assert not duplicates or counted == 1


def test_grid_page_gives_each_days_status(db):
    camp, days = small_camp(db, ["Ann", "Ben", "Cat", "Dan_1"])
    now = days[3].slots[0].open.add(hours=1)  # day 4, 21:00: the night is open
    record_checkin(db, camp.slug, "Ann", now=now, at=days[0].slots[0].open.add(minutes=1))
    record_checkin(db, camp.slug, "Ann", now=now, at=days[1].slots[0].due.add(minutes=1))
    record_checkin(db, camp.slug, "Ann", now=now, makeup_day=3)
    record_checkin(db, camp.slug, "Ben", now=now, at=now.subtract(minutes=5))
    page = checkin_grid_page(db, camp.slug, now=now)
    assert (page.today, page.closed_through, page.total) == (4, 3, 4)
    by_name = {row.name: row.days for row in page.rows}
    assert by_name["Ann"] == ("on_time", "late", "makeup", "pending") + ("upcoming",) * 3
    assert by_name["Ben"][:4] == ("missed", "missed", "missed", "on_time")
    assert [row.name for row in page.rows] == ["Ann", "Ben", "Cat", "Dan_1"]
    second = checkin_grid_page(db, camp.slug, now=now, offset=1, limit=2)
    assert [row.name for row in second.rows] == ["Ben", "Cat"] and second.total == 4
    # "_" is a literal underscore, not LIKE's any-character.
    assert [r.name for r in checkin_grid_page(db, camp.slug, now=now, search="n_").rows] == [
        "Dan_1"
    ]
    assert checkin_grid_page(db, camp.slug, now=now, search="AN").total == 2  # Ann, Dan_1


def test_inactivity_as_of_reads_without_writing(db):
    camp, days = small_camp(db)
    now = days[3].slots[0].open
    for day in days[:3]:
        record_checkin(db, camp.slug, "Ann", now=now, at=day.slots[0].open.add(minutes=1))
    record_checkin(db, camp.slug, "Cat", now=now, at=days[2].slots[0].open.add(minutes=1))
    report = inactivity_as_of(db, camp, 3)
    assert report.removal == [("Ben", 3)] and report.warned == []
    assert inactivity_as_of(db, camp, 2).warned == [("Ben", 2), ("Cat", 2)]
    assert {row.member.status for row in list_members(db, camp.slug)} == {"active"}
    assert apply_inactivity(db, camp, 3) == report
    assert {r.member.name for r in list_members(db, camp.slug) if r.member.status == "warned"} == {
        "Ben"
    }


def test_member_pages_carry_partner_points_streak_and_messages(db):
    camp, days = small_camp(db, ["Ann", "Ben", "Cat", "Dan"])
    now = days[2].slots[0].open.add(hours=1)  # day 3, open
    pair_members(db, camp.slug, "Ann", "Ben", now=now)
    for day in days[:2]:
        record_checkin(db, camp.slug, "Ann", now=now, at=day.slots[0].open.add(minutes=1))
    db["messages"].insert_all(
        [
            {"camp_id": camp.id, "member_id": 2, "fingerprint": f"f{i}", "at": "x", "day": 1}
            for i in range(3)
        ]
    )
    page = list_members_page(db, camp.slug, now=now, limit=2)
    assert page.total == 4 and [d.member.name for d in page.rows] == ["Ann", "Ben"]
    ann, ben = page.rows
    # Points: 10 + 20 and a streak bonus of 2.
    assert (ann.partner, ann.points, ann.counted_days, ann.streak) == ("Ben", 32, 2, 2)
    assert (ben.partner, ben.messages, ben.streak) == ("Ann", 3, 0)
    full = list_members(db, camp.slug)
    everyone = list_members_page(db, camp.slug, now=now).rows
    assert [(d.member, d.partner, d.counted_days) for d in everyone] == [
        (r.member, r.partner, r.counted_days) for r in full
    ]
    listed = list_members_page(db, camp.slug, now=now, names=["Dan", "Cat"], search="a")
    assert [d.member.name for d in listed.rows] == ["Cat", "Dan"] and listed.total == 2
    assert list_members_page(db, camp.slug, now=now, view="warned").total == 0
    with pytest.raises(CampError, match="Unknown member list"):
        list_members_page(db, camp.slug, now=now, view="gone")


def test_set_member_group_checks_the_shift_and_the_camps_group(db):
    camp, days = small_camp(db)
    now = days[0].slots[0].open
    assert set_member_group(db, camp.slug, "Ann", shift="night", now=now).shift == "night"
    with pytest.raises(CampError, match="shift 'dawn' is not a window"):
        set_member_group(db, camp.slug, "Ann", shift="dawn", now=now)
    with pytest.raises(CampError, match="teams are for camps"):
        set_member_group(db, camp.slug, "Ann", team="Red", now=now)
    assert set_member_group(db, camp.slug, "Ann", shift="", now=now).shift is None
    team_camp = create_camp(
        db, "ops-club", name="Ops", start=START, now=pendulum.datetime(2026, 11, 30, tz="UTC")
    )
    add_members(db, team_camp.slug, ["Zed"], now=now)
    member = set_member_group(db, team_camp.slug, "Zed", team=" Red  team ", now=now)
    assert member.team == "Red team"
    assert get_camp(db, team_camp.slug).definition.group == "team"


def test_merge_members_csv_adds_the_new_and_skips_the_present(db, tmp_path):
    camp, days = small_camp(db)
    now = days[0].slots[0].open
    good = tmp_path / "m.csv"
    good.write_text("name,shift\nAnn,\nZoe,night\n小王,\n", encoding="utf-8")
    done = merge_members_csv(db, camp.slug, good, now=now)
    assert done.added == ["Zoe", "小王"] and done.skipped == ["Ann"]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,shift\nYuki,\nXi,dawn\n", encoding="utf-8")
    with pytest.raises(CampError, match="line 3: shift 'dawn'"):
        merge_members_csv(db, camp.slug, bad, now=now)
    assert "Yuki" not in {r.member.name for r in list_members(db, camp.slug)}
    with pytest.raises(CampError, match="No file"):
        merge_members_csv(db, camp.slug, tmp_path / "none.csv", now=now)
