"""`camp statement`: itemised day by day, summing exactly to the leaderboard's points."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import replace
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.models import Scoring
from camp.scoring import daily_streaks, total_streak_bonus
from camp.services.camps import create_camp
from camp.services.checkins import adjust_points, record_checkin
from camp.services.leave import grant_leave
from camp.services.members import add_members, auto_pair
from camp.services.standings import standings_as_of
from camp.services.statement import member_statement, render_statement_text

DATA = Path(__file__).resolve().parent.parent / "data"
AFTER = pendulum.datetime(2026, 12, 20, tz="UTC")
NAMES = ["Ann", "Ben", "Cat", "Dan", "Eve"]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, (1 << 20) - 1), st.integers(0, (1 << 20) - 1), st.integers(0, 20))
def test_the_days_streak_bonuses_add_up_to_the_total(mask, leave, up_to):
    scoring = Scoring(streak_bonus=3, streak_cap=7)
    days = daily_streaks(scoring, mask, up_to, leave)
    assert sum(bonus for _, bonus in days.values()) == total_streak_bonus(
        scoring, mask, up_to, leave
    )


# What a member does on a day: nothing, on time, late, on time twice, outside the window.
ACTIONS = st.sampled_from(["none", "on_time", "late", "twice", "outside"])


def build(db, folder: Path, plan, extras) -> str:
    text = (DATA / "cp.toml").read_text() + "\n[members]\nleave_quota = 2\n"
    path = folder / "cp.toml"
    path.write_text(text)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(path), name="S", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, NAMES, now=now)
    auto_pair(db, camp.slug, now=now)
    for day, actions in zip(camp_days(camp), plan, strict=False):
        slot = day.slots[0]
        for name, action in zip(NAMES, actions, strict=True):
            score = 80 if day.task.graded else None
            if action in ("on_time", "twice"):
                at = slot.open.add(minutes=10)
                record_checkin(db, camp.slug, name, now=AFTER, at=at, score=score)
            if action == "twice":
                record_checkin(db, camp.slug, name, now=AFTER, at=slot.open.add(minutes=20))
            if action == "late":
                at = slot.due.add(minutes=20)
                record_checkin(db, camp.slug, name, now=AFTER, at=at, score=score)
            if action == "outside":
                record_checkin(db, camp.slug, name, now=AFTER, at=slot.open.subtract(hours=3))
    for kind, name, day, points in extras:
        try:
            if kind == "adjust":
                adjust_points(db, camp.slug, name, points, reason="r", now=AFTER, day=day)
            elif kind == "leave":
                grant_leave(db, camp.slug, name, day, reason="off", now=AFTER)
            else:
                record_checkin(db, camp.slug, name, now=AFTER, makeup_day=day)
        except CampError:
            pass  # the rules refused it (a day that counts, the quota, the makeup limit)
    return camp.slug


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=st.lists(st.lists(ACTIONS, min_size=5, max_size=5), min_size=7, max_size=7),
    extras=st.lists(
        st.tuples(
            st.sampled_from(["adjust", "leave", "makeup"]),
            st.sampled_from(NAMES),
            st.integers(1, 7),
            st.integers(-20, 20).filter(bool),
        ),
        max_size=6,
    ),
    as_of=st.integers(1, 7),
)
def test_statement_totals_equal_the_standings_of_every_member(plan, extras, as_of):
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "s.db")
        slug = build(db, Path(folder), plan, extras)
        for day in (None, as_of):
            board = {
                e.name: e.points for e in standings_as_of(db, slug, now=AFTER, day=day).entries
            }
            for name in NAMES:
                statement = member_statement(db, slug, name, now=AFTER, day=day)
                assert statement.points == board[name], (name, day)
                assert statement.days[-1].total == board[name] if statement.days else True
                assert sum(d.points for d in statement.days) == board[name]
        pairs = {e.name: e.points for e in standings_as_of(db, slug, now=AFTER, by="pair").entries}
        for pair, points in pairs.items():
            members = [
                member_statement(db, slug, n, now=AFTER)
                for n in NAMES
                if member_statement(db, slug, n, now=AFTER).pair == pair
            ]
            # Each partner's statement shows the pair's bonus once: count it once.
            assert sum(m.points for m in members) + members[0].pair_bonus == points
        db.close()


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "st.db")


def test_a_statement_itemises_every_check_in_bonus_and_adjustment(db, tmp_path):
    plan = [["on_time", "twice", "none", "none", "none"]] * 3 + [["late"] * 5] + [["none"] * 5]
    slug = build(db, tmp_path, plan, [("adjust", "Ann", 2, -3), ("leave", "Ann", 5, 1)])
    statement = member_statement(db, slug, "Ann", now=AFTER, day=5)
    data = statement.to_json()
    assert data["member"] == "Ann" and data["pair"] is not None and data["as_of_day"] == 5
    day_2 = data["days"][1]
    assert [(c["status"], c["factor"], c["points"]) for c in day_2["checkins"]] == [
        ("on_time", "1", 20)
    ]
    assert (day_2["streak"], day_2["streak_bonus"]) == (2, 2)
    assert day_2["adjustments"] == [{"points": -3, "reason": "r"}]
    assert day_2["points"] == 20 + 2 - 3
    day_4 = data["days"][3]
    assert [(c["status"], c["factor"]) for c in day_4["checkins"]] == [("late", "0.5")]
    assert (data["days"][4]["status"], data["days"][4]["points"]) == ("excused", 0)
    assert data["points"] == data["days"][-1]["total"]
    assert data["points"] == data["checkin_points"] + data["streak_bonus"] + data["adjustments"]
    ben = member_statement(db, slug, "Ben", now=AFTER, day=1).to_json()["days"][0]
    assert [c["status"] for c in ben["checkins"]] == ["on_time", "duplicate"]
    assert [c["points"] for c in ben["checkins"]] == [10, 0]
    text = render_statement_text(statement)
    assert "adjustment (r)  -3" in text and "late ×0.5" in text
    assert text.endswith(
        f"Total {statement.points} = check-ins {statement.checkin_points} + streak bonuses "
        f"{statement.streak_bonus} + adjustments -3"
        + (
            f"; pair bonuses {statement.pair_bonus} go to the pair\n"
            if statement.pair_bonus
            else "\n"
        )
    )


def test_a_chinese_camps_statement_is_in_chinese(db, tmp_path):
    plan = [["on_time", "twice", "none", "none", "none"]] * 3 + [["late"] * 5] + [["none"] * 5]
    slug = build(db, tmp_path, plan, [("adjust", "Ann", 2, -3), ("leave", "Ann", 5, 1)])
    statement = member_statement(db, slug, "Ann", now=AFTER, day=5)
    text = render_statement_text(replace(statement, language="zh"))
    assert "第 2 天" in text and "准时 ×1" in text and "迟到 ×0.5" in text
    assert "加减分（r）  -3" in text and "请假" in text
    assert text.splitlines()[-1].startswith(
        f"合计 {statement.points} = 打卡 {statement.checkin_points} + 连续奖励 "
    )


def test_a_statement_refuses_an_unknown_member_or_day(db, tmp_path):
    slug = build(db, tmp_path, [], [])
    with pytest.raises(CampError, match="Nobody"):
        member_statement(db, slug, "Nobody", now=AFTER)
    with pytest.raises(CampError, match=r"outside the camp's days 1\.\.7"):
        member_statement(db, slug, "Ann", now=AFTER, day=8)
