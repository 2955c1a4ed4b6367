"""Period boards, team means and completion ranking (SPEC section 11)."""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction
from pathlib import Path

import pendulum
import pytest

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.services.camps import create_camp
from camp.services.checkins import adjust_points, record_checkin
from camp.services.members import add_members, auto_pair
from camp.services.standings import standings_as_of

DATA = Path(__file__).resolve().parent.parent / "data"
AFTER = pendulum.datetime(2027, 1, 30, tz="UTC")


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "p.db")


def camp_file(tmp_path: Path, *, group: str = "pair", extra: str = "", days: int = 14) -> str:
    text = (DATA / "cp.toml").read_text()
    text = text.replace('group = "pair"', f'group = "{group}"').replace(
        "days = 7", f"days = {days}"
    )
    text = text.replace("day = 7\n", f"day = {days}\n")
    text = text.replace("[scoring]\n", f"[scoring]\n{extra}\n")
    path = tmp_path / f"camp-{group}-{abs(hash(extra))}.toml"
    path.write_text(text)
    return str(path)


def random_camp(db, tmp_path, seed: int, *, group: str = "pair", extra: str = ""):
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(
        db,
        camp_file(tmp_path, group=group, extra=extra),
        name="P",
        start=dt.date(2026, 12, 1),
        now=now,
    )
    names = [f"m{i}" for i in range(8)]
    add_members(db, camp.slug, names, now=now)
    if group == "pair":
        auto_pair(db, camp.slug, now=now)
    rng = random.Random(seed)
    for day in camp_days(camp):
        slot = day.slots[0]
        for name in names:
            roll = rng.random()
            if roll < 0.25:
                continue
            start = slot.open if roll < 0.8 else slot.due
            record_checkin(db, camp.slug, name, now=AFTER, at=start.add(minutes=rng.randint(1, 50)))
    adjust_points(db, camp.slug, names[0], -3, reason="spam", now=AFTER, day=3)
    adjust_points(db, camp.slug, names[1], 4, reason="good", now=AFTER, day=9)
    return camp, names


def points_of(board) -> dict[str, int]:
    return {e.name: e.points for e in board.entries}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("by", ["member", "pair"])
def test_the_boards_of_consecutive_periods_add_up_to_the_whole_board(db, tmp_path, seed, by):
    camp, _ = random_camp(db, tmp_path, seed)
    whole = points_of(standings_as_of(db, camp.slug, now=AFTER, by=by))
    cut = random.Random(seed).randint(2, 13)
    first = points_of(standings_as_of(db, camp.slug, now=AFTER, by=by, from_day=1, day=cut - 1))
    second = points_of(standings_as_of(db, camp.slug, now=AFTER, by=by, from_day=cut, day=14))
    assert {name: first[name] + second[name] for name in whole} == whole
    weeks = [points_of(standings_as_of(db, camp.slug, now=AFTER, by=by, week=w)) for w in (1, 2)]
    assert {name: weeks[0][name] + weeks[1][name] for name in whole} == whole


def test_a_week_board_counts_only_that_weeks_check_ins(db, tmp_path):
    camp, names = random_camp(db, tmp_path, 7)
    board = standings_as_of(db, camp.slug, now=AFTER, week=2)
    assert (board.first_day, board.as_of_day) == (8, 14)
    data = board.to_json()
    assert (data["from_day"], data["to_day"], data["as_of_day"]) == (8, 14, 14)
    counted = dict(
        db.execute(
            "SELECT m.name, COUNT(*) FROM checkins c JOIN members m ON m.id = c.member_id "
            "WHERE c.day BETWEEN 8 AND 14 AND c.status IN ('on_time', 'late') GROUP BY m.name"
        ).fetchall()
    )
    assert {e.name: e.on_time + e.late for e in board.entries} == {
        n: counted.get(n, 0) for n in names
    }
    assert "from_day" not in standings_as_of(db, camp.slug, now=AFTER).to_json()


def test_bad_periods_are_refused_in_one_sentence(db, tmp_path):
    camp, _ = random_camp(db, tmp_path, 1)
    for kwargs, words in (
        ({"week": 3}, "--week 3 is not a week of p; its 14 days make weeks 1 to 2."),
        ({"week": 1, "day": 4}, "Give --week N, or --from-day A --to-day B"),
        ({"from_day": 9, "day": 5}, "--from-day 9 is not between day 1 and the board's last day 5"),
        ({"from_day": 0}, "--from-day 0 is not between"),
    ):
        with pytest.raises(CampError) as caught:
            standings_as_of(db, camp.slug, now=AFTER, **kwargs)
        assert str(caught.value).startswith(words)


def test_team_mean_ranks_teams_of_unequal_size_fairly(db, tmp_path):
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    for team_rule, expected in (("sum", ["big", "small"]), ("mean", ["small", "big"])):
        path = camp_file(tmp_path, group="team", extra=f'team = "{team_rule}"', days=7)
        camp = create_camp(db, path, name=f"T {team_rule}", start=dt.date(2026, 12, 1), now=now)
        add_members(db, camp.slug, ["a1", "a2", "a3"], team="big", now=now)
        add_members(db, camp.slug, ["b1"], team="small", now=now)
        for day in camp_days(camp)[:3]:
            at = day.slots[0].open.add(minutes=5)
            for name in ("a1", "b1"):
                record_checkin(db, camp.slug, name, now=AFTER, at=at)
        board = standings_as_of(db, camp.slug, now=AFTER, by="team")
        assert [e.name for e in board.entries] == expected
        member = points_of(standings_as_of(db, camp.slug, now=AFTER))
        teams = points_of(board)
        if team_rule == "mean":
            assert teams == {"big": round(member["a1"] / 3), "small": member["b1"]}
        else:
            assert teams == {"big": member["a1"], "small": member["b1"]}


def test_rank_by_completion_puts_a_perfect_late_joiner_first(db, tmp_path):
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    path = camp_file(tmp_path, group="solo", extra='rank_by = "completion"', days=7)
    camp = create_camp(db, path, name="C", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, ["early"], now=now)
    days = camp_days(camp)
    # The late joiner joins on day 4 and never misses; the early one misses day 2.
    add_members(db, camp.slug, ["late"], now=days[3].slots[0].open.subtract(hours=1))
    for day in days:
        at = day.slots[0].open.add(minutes=5)
        if day.number != 2:
            record_checkin(db, camp.slug, "early", now=AFTER, at=at)
        if day.number >= 4:
            record_checkin(db, camp.slug, "late", now=AFTER, at=at)
    board = standings_as_of(db, camp.slug, now=AFTER)
    [late, early] = board.entries
    assert (late.name, late.rank, late.completion) == ("late", 1, Fraction(1))
    assert (early.name, early.rank, early.completion) == ("early", 2, Fraction(6, 7))
    assert early.points > late.points
    assert [e["completion"] for e in board.to_json()["entries"]] == [1.0, 0.8571]


def test_team_and_rank_by_are_checked_like_the_other_scoring_keys():
    from camp.definition import parse_definition
    from camp.definition.serialisation import definition_to_dict
    from camp.errors import DefinitionError

    base = {
        "camp": {"name": "T", "days": 7},
        "windows": [{"name": "w", "open": "20:00", "due": "21:00"}],
    }
    defn = parse_definition({**base, "scoring": {"team": "mean", "rank_by": "completion"}})
    assert (defn.scoring.team, defn.scoring.rank_by) == ("mean", "completion")
    assert parse_definition(definition_to_dict(defn)) == defn
    for scoring, words in (
        ({"team": "avg"}, 'scoring.team: "avg" is not allowed; use "sum" or "mean"'),
        (
            {"rank_by": "complete"},
            'scoring.rank_by: "complete" is not allowed; did you mean "completion"?',
        ),
    ):
        with pytest.raises(DefinitionError) as caught:
            parse_definition({**base, "scoring": scoring})
        assert caught.value.problems[0].startswith(words), caught.value.problems


def test_a_completion_board_pages_after_an_entry_in_its_own_order(db, tmp_path):
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    path = camp_file(tmp_path, group="solo", extra='rank_by = "completion"', days=7)
    camp = create_camp(db, path, name="Pages", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, ["a", "b"], now=now)
    days = camp_days(camp)
    add_members(db, camp.slug, ["late"], now=days[3].slots[0].open.subtract(hours=1))
    for day in days:
        at = day.slots[0].open.add(minutes=5)
        if day.number != 2:
            record_checkin(db, camp.slug, "a", now=AFTER, at=at)
        if day.number not in (2, 3):
            record_checkin(db, camp.slug, "b", now=AFTER, at=at)
        if day.number >= 4:
            record_checkin(db, camp.slug, "late", now=AFTER, at=at)
    whole = standings_as_of(db, camp.slug, now=AFTER).entries
    # The late joiner leads on completion with the fewest points.
    assert [e.name for e in whole] == ["late", "a", "b"]
    pages, after = [], None
    while True:
        page = standings_as_of(db, camp.slug, now=AFTER, top=1, after=after, offset=None)
        if not page.entries:
            break
        pages += page.entries
        after = page.entries[-1]
    assert [(e.name, e.rank) for e in pages] == [(e.name, e.rank) for e in whole]
