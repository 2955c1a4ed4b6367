"""Outcomes (SPEC section 11): perfect, passed, failed in standings, report and closing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest

from camp.announcements import render_announcement
from camp.calendar import camp_days
from camp.db import open_db
from camp.definition import parse_definition
from camp.definition.serialisation import definition_to_dict
from camp.errors import DefinitionError
from camp.models import Outcomes
from camp.outcomes import member_outcome
from camp.services.announcing import build_context
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.leave import grant_leave
from camp.services.members import add_members
from camp.services.report import camp_report
from camp.services.settlement import settlement_of
from camp.services.standings import standings_as_of

DATA = Path(__file__).resolve().parent.parent / "data"
AFTER = pendulum.datetime(2026, 12, 20, tz="UTC")
RULES = Outcomes(pass_min_days=5)


def days_mask(*days: int) -> int:
    mask = 0
    for day in days:
        mask |= 1 << (day - 1)
    return mask


@pytest.mark.parametrize(
    ("counted", "leave", "first_day", "as_of", "still_open", "expected"),
    [
        ((1, 2, 3, 4, 5, 6, 7), (), 1, 7, False, "perfect"),
        ((1, 2, 4, 5, 6, 7), (3,), 1, 7, False, "perfect"),  # leave is excused
        ((1, 2, 4, 5, 6), (), 1, 7, False, "passed"),
        ((1, 2, 4, 5), (6,), 1, 7, False, "passed"),  # a leave day counts toward the pass
        ((1, 2, 4, 5), (), 1, 7, False, "failed"),
        ((4, 5, 6, 7), (), 4, 7, False, "perfect"),  # a late joiner missed nothing
        ((1, 2, 3), (), 1, 3, False, "pending"),  # on course for perfect
        ((1, 2, 3), (), 1, 4, True, "pending"),  # day 4 still open
        ((1, 3), (), 1, 4, False, "pending"),  # two days and the three left still make 5
        ((1,), (), 1, 4, False, "failed"),
        ((1, 2, 3, 4, 6), (), 1, 6, False, "passed"),  # reached with a miss: settled
    ],
)
def test_member_outcome(counted, leave, first_day, as_of, still_open, expected):
    outcome = member_outcome(
        RULES,
        days_mask(*counted),
        days_mask(*leave),
        first_day=first_day,
        as_of=as_of,
        days=7,
        still_open=still_open,
    )
    assert outcome == expected


def test_without_a_perfect_tier_a_full_record_has_passed():
    rules = Outcomes(pass_min_days=7, perfect=False)
    assert member_outcome(rules, days_mask(*range(1, 8)), 0, first_day=1, as_of=7, days=7) == (
        "passed"
    )


def camp_data(**outcomes) -> dict:
    data = {
        "camp": {"name": "O", "days": 20},
        "windows": [{"name": "w", "open": "20:00", "due": "21:00"}],
    }
    if outcomes:
        data["outcomes"] = outcomes
    return data


def test_outcomes_in_a_camp_file_are_checked_and_kept():
    defn = parse_definition(camp_data(**{"pass": {"min_days": 18}, "perfect": "all"}))
    assert defn.outcomes == Outcomes(pass_min_days=18, perfect=True)
    assert parse_definition(definition_to_dict(defn)) == defn
    assert parse_definition(camp_data()).outcomes is None
    assert parse_definition(camp_data(perfect=False)).outcomes == Outcomes(20, perfect=False)
    for outcomes, words in (
        ({"pass": {"min_days": 21}}, "outcomes.pass.min_days: 21 is out of range"),
        ({"pass": 18}, "outcomes.pass: 18 is a whole number; write pass = { min_days = 20 }"),
        ({"perfect": "most"}, 'outcomes.perfect: "most" is not allowed; use "all"'),
        ({"pass": {"days": 3}}, "outcomes.pass.days: unknown key"),
    ):
        with pytest.raises(DefinitionError) as caught:
            parse_definition(camp_data(**outcomes))
        assert any(problem.startswith(words) for problem in caught.value.problems), (
            caught.value.problems
        )


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "o.db")


def outcome_camp(db, tmp_path):
    text = (DATA / "cp.toml").read_text().replace('group = "pair"', 'group = "solo"')
    text += '\n[outcomes]\npass = { min_days = 5 }\nperfect = "all"\n'
    path = tmp_path / "o.toml"
    path.write_text(text)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(path), name="O", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, ["Ann", "Ben", "Cat", "Dan"], now=now)
    plan = {"Ann": range(1, 8), "Ben": (1, 2, 4, 5, 6, 7), "Cat": (1, 2, 3, 5, 6), "Dan": (1, 2)}
    for day in camp_days(camp):
        for name, days in plan.items():
            if day.number in days:
                at = day.slots[0].open.add(minutes=5)
                record_checkin(db, camp.slug, name, now=AFTER, at=at)
    grant_leave(db, camp.slug, "Ben", 3, reason="exam", now=AFTER)
    return camp


def test_outcomes_in_standings_report_and_closing(db, tmp_path):
    camp = outcome_camp(db, tmp_path)
    board = standings_as_of(db, camp.slug, now=AFTER)
    assert {e["name"]: e["outcome"] for e in board.to_json()["entries"]} == {
        "Ann": "perfect",
        "Ben": "perfect",
        "Cat": "passed",
        "Dan": "failed",
    }
    # As of day 3 the camp is still open: only Dan's fate is settled.
    early = standings_as_of(db, camp.slug, now=AFTER, day=3)
    assert {e.name: e.outcome for e in early.entries} == {
        "Ann": "pending",
        "Ben": "pending",
        "Cat": "pending",
        "Dan": "pending",
    }
    report = camp_report(db, camp.slug, now=AFTER)
    assert report.outcomes == {"perfect": 2, "passed": 1, "failed": 1, "pending": 0}
    assert report.to_json()["outcomes"] == report.outcomes
    context = build_context(db, camp, "closing", camp.days, None, AFTER, AFTER)
    assert context["outcomes"]["perfect"] == ["Ann", "Ben"]
    text = render_announcement("closing", context, language="en")
    assert "Perfect record: Ann and Ben" in text or "Perfect record: Ann, Ben" in text
    assert "Passed: Cat" in text and "Finished: 3 of 4" in text
    zh = render_announcement("closing", context, language="zh")
    assert "结营合格：Cat" in zh and "完成：3/4 人" in zh


def test_a_camp_without_outcomes_shows_none(db, tmp_path):
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(DATA / "cp.toml"), name="N", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, ["Ann"], now=now)
    entry = standings_as_of(db, camp.slug, now=AFTER).to_json()["entries"][0]
    assert "outcome" not in entry and "completion" not in entry
    assert camp_report(db, camp.slug, now=AFTER).outcomes is None
    context = build_context(db, camp, "closing", camp.days, None, AFTER, AFTER)
    assert context["outcomes"] is None
    assert "Outcomes" not in render_announcement("closing", context, language="en")


def test_members_added_after_the_fact_are_judged_from_their_first_counted_day(db, tmp_path):
    # A chat export imported once the camp is over adds its senders then: their record
    # starts at their first counted check-in, not at the moment they were added.
    text = (DATA / "cp.toml").read_text().replace('group = "pair"', 'group = "solo"')
    text += '\n[outcomes]\npass = { min_days = 5 }\nperfect = "all"\n'
    text += "\n[stakes]\ndeposit = 100\nfine_per_miss = 5\n"
    path = tmp_path / "late.toml"
    path.write_text(text)
    made = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(path), name="L", start=dt.date(2026, 12, 1), now=made)
    add_members(db, camp.slug, ["Ann", "Ben"], now=AFTER)  # joined after the last day
    for day in camp_days(camp):
        for name in ("Ann", "Ben") if day.number != 4 else ("Ann",):
            record_checkin(db, camp.slug, name, now=AFTER, at=day.slots[0].open.add(minutes=5))
    board = standings_as_of(db, camp.slug, now=AFTER)
    assert {e.name: e.outcome for e in board.entries} == {"Ann": "perfect", "Ben": "passed"}
    settled = settlement_of(db, camp.slug, now=AFTER)
    assert {line.name: (line.outcome, line.missed) for line in settled.lines} == {
        "Ann": ("perfect", 0),
        "Ben": ("passed", 1),
    }
