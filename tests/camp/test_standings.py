"""Standings through the services: running totals agree with a full recount."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pendulum
import pytest

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.scoring import member_standings
from camp.services.camps import create_camp
from camp.services.checkins import adjust_points, record_checkin
from camp.services.members import add_members, auto_pair, remove_member
from camp.services.standings import _recount_tallies, standings_as_of, tallies_as_of

CP_FILE = Path(__file__).resolve().parent.parent / "data" / "cp.toml"
NAMES = [f"m{i:02d}" for i in range(12)]


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "s.db")


def busy_camp(db, seed: int):
    """A finished 7-day pair camp with random on-time, late, duplicate and makeup rows."""
    now = pendulum.datetime(2026, 12, 20, tz="UTC")
    camp = create_camp(db, str(CP_FILE), name="S", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, NAMES, now=now)
    auto_pair(db, camp.slug, now=now)
    rng = random.Random(seed)
    for day in camp_days(camp):
        slot = day.slots[0]
        for name in NAMES:
            roll = rng.random()
            if roll < 0.2:
                continue
            start = slot.open if roll < 0.8 else slot.due
            record_checkin(db, camp.slug, name, now=now, at=start.add(minutes=rng.randint(1, 50)))
            if rng.random() < 0.1:
                record_checkin(db, camp.slug, name, now=now, at=slot.open.add(seconds=30))
    for name in rng.sample(NAMES, 4):
        missed = [
            d.number
            for d in camp_days(camp)
            if not db.execute(
                "SELECT 1 FROM checkins c JOIN members m ON m.id = c.member_id "
                "WHERE m.name = ? AND c.day = ? AND c.status IN ('on_time','late')",
                [name, d.number],
            ).fetchone()
        ]
        if missed:
            record_checkin(db, camp.slug, name, now=now, makeup_day=missed[0])
    adjust_points(db, camp.slug, NAMES[0], -3, reason="spam", now=now, day=2)
    adjust_points(db, camp.slug, NAMES[1], 4, reason="great", now=now, day=6)
    return camp, now


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_running_totals_equal_a_full_recount(db, seed):
    camp, _ = busy_camp(db, seed)
    fast = sorted(tallies_as_of(db, camp, camp.days), key=lambda t: t.member_id)
    slow = sorted(_recount_tallies(db, camp, camp.days, False), key=lambda t: t.member_id)
    assert fast == slow
    assert any(t.makeup for t in fast) and any(t.late for t in fast)


def test_as_of_an_earlier_day_leaves_out_later_days(db):
    camp, now = busy_camp(db, 4)
    day3 = standings_as_of(db, camp.slug, now=now, day=3)
    final = standings_as_of(db, camp.slug, now=now)
    assert day3.as_of_day == 3 and final.as_of_day == 7
    for entry in day3.entries:
        assert entry.mask < 1 << 3
        assert entry.on_time + entry.late + entry.makeup <= 3
    final_points = {e.name: e.points for e in final.entries}
    assert sum(final_points.values()) > sum(e.points for e in day3.entries)
    # m01's +4 counts from day 6 on; m00's -3 from day 2 on.
    recount = {t.name: t for t in _recount_tallies(db, camp, 5, False)}
    assert recount["m01"].adjustments == 0 and recount["m00"].adjustments == -3
    raw = db.execute(
        "SELECT SUM(c.points) FROM checkins c JOIN members m ON m.id = c.member_id "
        "WHERE m.name = 'm02' AND c.day <= 5",
    ).fetchone()[0]
    assert recount["m02"].checkin_points == (raw or 0)


def test_pairs_add_the_pair_bonus_on_common_days(db):
    camp, now = busy_camp(db, 5)
    members = {e.name: e for e in standings_as_of(db, camp.slug, now=now).entries}
    pairs = standings_as_of(db, camp.slug, now=now, by="pair").entries
    assert len(pairs) == 6
    for pair in pairs:
        a, b = (members[name] for name in pair.members)
        common = (a.mask & b.mask).bit_count()
        assert pair.points == a.points + b.points + 5 * common


def test_a_failed_write_leaves_totals_untouched(db):
    camp, now = busy_camp(db, 6)
    before = tallies_as_of(db, camp, camp.days)
    with pytest.raises(CampError):
        record_checkin(db, camp.slug, "m03", now=now, makeup_day=99)
    with pytest.raises(CampError):
        adjust_points(db, camp.slug, "nobody", 5, reason="x", now=now)
    assert tallies_as_of(db, camp, camp.days) == before


@pytest.mark.parametrize("seed", [7, 8])
def test_ranked_totals_equal_ranking_a_full_recount(db, seed):
    camp, now = busy_camp(db, seed)
    add_members(db, camp.slug, ["zz-idle", "aa-idle"], now=now)  # tie on nothing: by name
    remove_member(db, camp.slug, NAMES[5], now=now)
    for include_removed in (False, True):
        board = standings_as_of(db, camp.slug, now=now, include_removed=include_removed)
        recount = member_standings(
            _recount_tallies(db, camp, camp.days, include_removed),
            camp.definition.scoring,
            camp.days,
        )
        assert board.entries == recount
        assert board.entries[-2:][0].name == "aa-idle"
        assert (NAMES[5] in [e.name for e in board.entries]) is include_removed
    top = standings_as_of(db, camp.slug, now=now, top=3)
    everyone = standings_as_of(db, camp.slug, now=now).entries
    assert top.entries == everyone[:3]
    assert top.total_entries == len(everyone) == len(NAMES) + 2 - 1


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_standings_of_every_earlier_day_and_period_equal_a_full_recount(db, seed):
    # Boards of an earlier day read the stored day masks and one pass over the counted
    # check-ins; after voids, makeups, adjustments and a leave they must be what
    # recounting every check-in gives.
    from camp.services.checkins import void_checkin
    from camp.services.leave import grant_leave
    from camp.services.standings import _tallies_from_checkins

    camp, now = busy_camp(db, seed)
    rng = random.Random(seed)
    for name in rng.sample(NAMES, 3):
        counted = db.execute(
            "SELECT c.id FROM checkins c JOIN members m ON m.id = c.member_id "
            "WHERE m.name = ? AND c.status IN ('on_time', 'late') ORDER BY c.day",
            [name],
        ).fetchall()
        if counted:
            void_checkin(db, camp.slug, rng.choice(counted)[0], reason="by mistake", now=now)
    absent = db.execute(
        "SELECT m.name, d.n FROM members m, (SELECT 3 AS n) d WHERE m.camp_id = ? AND NOT "
        "EXISTS (SELECT 1 FROM checkins c WHERE c.member_id = m.id AND c.day = 3 AND "
        "c.status IN ('on_time', 'late', 'makeup')) LIMIT 1",
        [camp.id],
    ).fetchone()
    if absent:
        grant_leave(db, camp.slug, absent[0], absent[1], reason="exam", now=now)
    for day in range(1, camp.days + 1):
        for first in sorted({1, max(day - 2, 1)}):
            fast = sorted(
                _tallies_from_checkins(db, camp, day, False, first), key=lambda t: t.member_id
            )
            slow = sorted(_recount_tallies(db, camp, day, False, first), key=lambda t: t.member_id)
            assert fast == slow, (day, first)
        board = standings_as_of(db, camp.slug, now=now, day=day).entries
        recounted = member_standings(
            _recount_tallies(db, camp, day, False), camp.definition.scoring, day
        )
        assert [(e.rank, e.name, e.points) for e in board if e.name in NAMES] == [
            (e.rank, e.name, e.points) for e in recounted
        ]
