"""Leave (SPEC section 11): a leave day earns nothing, breaks no streak, is no missed day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.models import Scoring
from camp.scoring import (
    Tally,
    best_streak,
    current_streak,
    member_standings,
    squeeze_leave,
    total_streak_bonus,
)
from camp.services.camps import create_camp
from camp.services.checkins import checkin_grid_page, record_checkin
from camp.services.inactivity import inactivity_as_of
from camp.services.leave import grant_leave
from camp.services.members import add_members, list_members_page
from camp.services.requests import add_request, approve_requests
from camp.services.standings import _recount_tallies, standings_as_of

DATA = Path(__file__).resolve().parent.parent / "data"
SCORING = Scoring(streak_bonus=2, streak_cap=10)
AFTER = pendulum.datetime(2026, 12, 20, tz="UTC")


def days_mask(*days: int) -> int:
    mask = 0
    for day in days:
        mask |= 1 << (day - 1)
    return mask


def test_a_leave_day_is_taken_out_of_the_run():
    counted, leave = days_mask(1, 2, 4, 5), days_mask(3)
    assert squeeze_leave(counted, leave, 5) == (days_mask(1, 2, 3, 4), 4)
    assert current_streak(counted, 5, False, leave) == 4
    assert current_streak(counted, 5, False) == 2
    # On the leave day itself the run before it still stands, open or not.
    assert current_streak(days_mask(1, 2), 3, True, leave) == 2
    assert current_streak(days_mask(1, 2), 3, False, leave) == 2
    assert best_streak(counted, 5, leave) == 4
    # Bonuses 0, 2, (leave), 4, 6 against 0, 2, (miss), 0, 2.
    assert total_streak_bonus(SCORING, counted, 5, leave) == 12
    assert total_streak_bonus(SCORING, counted, 5) == 4
    # A leave on a day that counted anyway is no leave.
    assert squeeze_leave(days_mask(1, 2, 3), days_mask(2), 3) == (days_mask(1, 2, 3), 3)


tallies = st.lists(
    st.tuples(st.integers(0, (1 << 12) - 1), st.integers(0, 60), st.integers(-5, 5)),
    min_size=2,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(tallies, st.integers(0, (1 << 12) - 1), st.integers(1, 12), st.booleans())
def test_leave_never_changes_another_members_points(rows, leave, as_of, still_open):
    def board(leave_of_first: int) -> dict[str, tuple[int, int]]:
        members = [
            Tally(i, f"m{i}", points, 0, 0, 0, mask, None, adjustment)._replace(
                leave=leave_of_first if i == 0 else 0
            )
            for i, (mask, points, adjustment) in enumerate(rows)
        ]
        return {
            s.name: (s.points, s.streak)
            for s in member_standings(members, SCORING, as_of, still_open)
        }

    without, with_leave = board(0), board(leave)
    for name in without:
        if name != "m0":
            assert with_leave[name] == without[name]
    # The one on leave earns nothing for the leave and loses nothing by it.
    assert with_leave["m0"][0] >= without["m0"][0]
    assert with_leave["m0"][1] >= without["m0"][1]


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "leave.db")


def checked_in(db, camp, name: str, *days: int) -> None:
    for day in camp_days(camp):
        if day.number in days:
            record_checkin(db, camp.slug, name, now=AFTER, at=day.slots[0].open.add(minutes=5))


def solo_camp(db, quota: int = 1):
    """A 7-day solo camp (the cp.toml scoring) with Ann, Ben and Cat."""
    text = (DATA / "cp.toml").read_text().replace('group = "pair"', 'group = "solo"')
    text += f"\n[members]\nleave_quota = {quota}\ninactive_after = 2\nremove_after = 3\n"
    folder = Path(db.execute("PRAGMA database_list").fetchone()[2]).parent
    path = folder / f"solo-{quota}.toml"
    path.write_text(text)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(path), name="Solo", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, ["Ann", "Ben", "Cat"], now=now)
    return camp


def recounted(db, camp) -> dict[str, int]:
    tallies = _recount_tallies(db, camp, camp.days, False)
    return {s.name: s.points for s in member_standings(tallies, camp.definition.scoring, camp.days)}


def test_a_granted_leave_keeps_the_streak_and_the_stored_totals_exact(db):
    camp = solo_camp(db)
    checked_in(db, camp, "Ann", 1, 2, 4, 5, 6, 7)
    checked_in(db, camp, "Ben", 1, 2, 4, 5, 6, 7)
    checked_in(db, camp, "Cat", 1, 3, 5)
    before = {e.name: e for e in standings_as_of(db, camp.slug, now=AFTER).entries}

    granted = grant_leave(db, camp.slug, "Ann", 3, reason="exam day", now=AFTER)
    assert granted.to_json() == {
        "member": "Ann",
        "day": 3,
        "date": "2026-12-03",
        "reason": "exam day",
        "request": 1,
        "leave_left": 0,
    }

    after = {e.name: e for e in standings_as_of(db, camp.slug, now=AFTER).entries}
    for other in ("Ben", "Cat"):  # Ann now leads Ben: only his rank moves
        assert after[other]._replace(rank=0) == before[other]._replace(rank=0)
    ann = after["Ann"]
    assert (ann.streak, ann.best_streak) == (6, 6)
    assert (before["Ann"].streak, before["Ann"].best_streak) == (4, 4)
    # The check-in points are the same; only the streak bonuses of days 4..7 grow.
    assert ann.points - before["Ann"].points == (4 + 6 + 8 + 10) - (0 + 2 + 4 + 6)
    assert (ann.on_time, ann.late, ann.makeup) == (6, 0, 0)
    # Stored totals agree with a full recount, and an as-of board of an earlier day too.
    assert {name: e.points for name, e in after.items()} == recounted(db, camp)
    day_5 = {e.name: e for e in standings_as_of(db, camp.slug, now=AFTER, day=5).entries}
    assert (day_5["Ann"].streak, day_5["Ann"].points) == (4, 10 + 20 + 30 + 40 + 2 + 4 + 6)


def test_leave_rules_refuse_in_one_sentence_and_write_nothing(db, tmp_path):
    camp = solo_camp(db, quota=1)
    checked_in(db, camp, "Ann", 1)
    grant_leave(db, camp.slug, "Ann", 2, reason="trip", now=AFTER)
    snapshot = db.execute("SELECT * FROM requests").fetchall()
    totals = db.execute("SELECT * FROM member_totals ORDER BY member_id").fetchall()
    problems = {
        "quota": (3, "has used the 1 leave day of days 1-7 already (day 2)"),
        "counted": (1, "Day 1 already counts for Ann"),
        "twice": (2, "already on leave on day 2"),
        "no day": (9, "Day 9 is not a day of"),
    }
    for day, words in problems.values():
        with pytest.raises(CampError, match=words.replace("(", r"\(").replace(")", r"\)")):
            grant_leave(db, camp.slug, "Ann", day, reason="again", now=AFTER)
    with pytest.raises(CampError, match="needs a reason"):
        grant_leave(db, camp.slug, "Ben", 2, reason="  ", now=AFTER)
    assert db.execute("SELECT * FROM requests").fetchall() == snapshot
    assert db.execute("SELECT * FROM member_totals ORDER BY member_id").fetchall() == totals

    other = open_db(tmp_path / "none.db")
    closed = solo_camp(other, quota=0)
    with pytest.raises(CampError, match="allows no leave; set \\[members\\] leave_quota"):
        grant_leave(other, closed.slug, "Ann", 2, reason="x", now=AFTER)


def test_an_approved_leave_request_becomes_a_leave_day(db):
    camp = solo_camp(db, quota=2)
    checked_in(db, camp, "Ann", 1, 2, 4)
    add_request(db, camp.slug, "Ann", "leave", 3, now=AFTER, text="#请假 3")
    add_request(db, camp.slug, "Ben", "leave", 1, now=AFTER, text="#请假 1")
    [first, second] = approve_requests(db, camp.slug, [], now=AFTER, all_pending=True)
    assert (first.outcome, second.outcome) == ("approved", "approved")
    ann = {e.name: e for e in standings_as_of(db, camp.slug, now=AFTER).entries}["Ann"]
    assert ann.best_streak == 3
    assert ann.points == recounted(db, camp)["Ann"]
    # A leave request for a day that counted is refused by the leave rules, stays pending.
    add_request(db, camp.slug, "Ann", "leave", 4, now=AFTER)
    [refused] = approve_requests(db, camp.slug, [3], now=AFTER)
    assert refused.outcome == "refused" and "already counts" in (refused.reason or "")
    assert refused.request.status == "pending"


def test_leave_is_excused_in_the_grid_and_no_missed_day_for_inactivity(db):
    camp = solo_camp(db, quota=2)
    checked_in(db, camp, "Ann", 1, 2)
    checked_in(db, camp, "Ben", 1, 2)
    grant_leave(db, camp.slug, "Ann", 3, reason="ill", now=AFTER)
    grant_leave(db, camp.slug, "Ann", 4, reason="ill", now=AFTER)
    page = checkin_grid_page(db, camp.slug, now=AFTER)
    rows = {row.name: row.days for row in page.rows}
    assert rows["Ann"][:5] == ("on_time", "on_time", "excused", "excused", "missed")
    assert rows["Ben"][:5] == ("on_time", "on_time", "missed", "missed", "missed")
    report = inactivity_as_of(db, camp, 4)
    assert ("Ben", 2) in report.warned
    assert "Ann" not in [name for name, _ in report.warned + report.removal]
    report = inactivity_as_of(db, camp, 6)
    assert ("Ann", 2) in report.warned and ("Ben", 4) in report.removal


def test_the_summary_lists_who_was_on_leave_apart_from_who_missed(db):
    from camp.announcements import render_announcement
    from camp.services.announcing import build_context

    camp = solo_camp(db)
    checked_in(db, camp, "Ann", 1)
    grant_leave(db, camp.slug, "Ben", 2, reason="ill", now=AFTER)
    context = build_context(db, camp, "summary", 2, None, AFTER, AFTER)
    assert (context["on_leave"], context["missed"]) == (["Ben"], ["Ann", "Cat"])
    text = render_announcement("summary", context, language="en")
    assert "On leave yesterday (excused): Ben" in text
    assert "Missed yesterday: Ann and Cat" in text or "Missed yesterday: Ann, Cat" in text
    zh = render_announcement("summary", context, language="zh")
    assert "昨日请假（不计缺卡）：Ben" in zh


def test_leave_quota_is_checked_like_the_other_member_keys():
    from camp.definition import parse_definition
    from camp.definition.serialisation import definition_to_dict
    from camp.errors import DefinitionError

    base = {
        "camp": {"name": "L", "days": 7},
        "windows": [{"name": "w", "open": "20:00", "due": "21:00"}],
    }
    assert parse_definition(base).members.leave_quota == 1
    defn = parse_definition({**base, "members": {"leave_quota": 2}})
    assert defn.members.leave_quota == 2
    assert parse_definition(definition_to_dict(defn)) == defn
    for value, words in (
        (-1, "-1 is out of range"),
        (1.5, "1.5 is a decimal number, not a whole number"),
    ):
        with pytest.raises(DefinitionError) as caught:
            parse_definition({**base, "members": {"leave_quota": value}})
        assert caught.value.problems[0].startswith(f"members.leave_quota: {words}"), (
            caught.value.problems
        )


def test_the_members_list_shows_and_sorts_the_streak_a_leave_keeps(db):
    camp = solo_camp(db)
    checked_in(db, camp, "Ann", 1, 2, 4, 5)
    checked_in(db, camp, "Ben", 4, 5, 6)
    grant_leave(db, camp.slug, "Ann", 3, reason="exam day", now=AFTER)
    day_5 = camp_days(camp)[4].slots[0].closes.add(minutes=1)
    board = {e.name: e.streak for e in standings_as_of(db, camp.slug, now=day_5).entries}
    page = list_members_page(db, camp.slug, now=day_5, sort="streak")
    listed = [(detail.member.name, detail.streak) for detail in page.rows]
    assert listed == [("Ann", 4), ("Ben", 2), ("Cat", 0)]
    assert dict(listed) == {name: board[name] for name, _ in listed}
