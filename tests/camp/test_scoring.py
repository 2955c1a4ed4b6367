"""Scoring and ranking (SPEC section 4) and the leaderboard entry (SPEC section 5)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camp.models import Scoring
from camp.scoring import (
    Standing,
    Tally,
    best_streak,
    checkin_points,
    current_streak,
    member_standings,
    member_total,
    mvp,
    pair_standings,
    rank_standings,
    round_half_up,
    streak_bonus,
    streak_ending_at,
    team_standings,
    total_streak_bonus,
)

SCORING = Scoring(
    base=10,
    by_difficulty=True,
    late_factor=0.5,
    makeup_factor=0.5,
    streak_bonus=2,
    streak_cap=10,
    pair_bonus=5,
)


def days(*numbers: int) -> int:
    """The mask of the given day numbers."""
    mask = 0
    for d in numbers:
        mask |= 1 << (d - 1)
    return mask


def tally(
    name: str,
    points: int = 0,
    mask: int = 0,
    *,
    on_time: int = 0,
    late: int = 0,
    makeup: int = 0,
    last: str | None = None,
    adjustments: int = 0,
    pair: str | None = None,
    team: str | None = None,
    member_id: int = 0,
) -> Tally:
    return Tally(
        member_id=member_id,
        name=name,
        checkin_points=points,
        on_time=on_time,
        late=late,
        makeup=makeup,
        mask=mask,
        last_counted_at=last,
        adjustments=adjustments,
        pair=pair,
        team=team,
    )


def standing(
    name: str, points: int, on_time: int = 0, last: str | None = None, rank: int = 0
) -> Standing:
    return Standing(
        rank=rank,
        name=name,
        points=points,
        on_time=on_time,
        late=0,
        makeup=0,
        streak=0,
        best_streak=0,
        members=(name,),
        last_counted_at=last,
        mask=0,
    )


# --- rounding and check-in points -------------------------------------------------


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (2.5, 3),
        (7.5, 8),
        (0.5, 1),
        (1.5, 2),
        (2.4999, 2),
        (15.0, 15),
        (0.0, 0),
        (-0.5, -1),
        (-2.5, -3),
        (-2.4, -2),
    ],
)
def test_round_half_up(x, expected):
    assert round_half_up(x) == expected


def test_round_half_up_is_not_bankers_rounding():
    # Python's round() sends halves to the even neighbour; the SPEC does not.
    assert round(4.5) == 4
    assert round_half_up(4.5) == 5
    assert checkin_points(Scoring(base=10, late_factor=0.15), 3, "late") == 5  # 4.5
    assert checkin_points(Scoring(base=10, late_factor=0.45), 5, "late") == 23  # 22.5


def test_on_time_points_scale_with_difficulty():
    assert checkin_points(SCORING, 1, "on_time") == 10
    assert checkin_points(SCORING, 3, "on_time") == 30
    assert checkin_points(SCORING, 5, "on_time") == 50


def test_late_points_use_the_late_factor():
    assert checkin_points(SCORING, 3, "late") == 15
    assert checkin_points(SCORING, 1, "late") == 5


def test_makeup_points_use_the_makeup_factor():
    scoring = Scoring(base=10, makeup_factor=0.25)
    assert checkin_points(scoring, 2, "makeup") == 5
    assert checkin_points(scoring, 1, "makeup") == 3  # 2.5 rounds up


def test_half_points_round_up():
    scoring = Scoring(base=15, by_difficulty=False, late_factor=0.5, makeup_factor=0.5)
    assert checkin_points(scoring, 4, "late") == 8  # 7.5
    assert checkin_points(scoring, 4, "makeup") == 8
    assert checkin_points(Scoring(base=5, late_factor=0.5), 3, "late") == 8  # 7.5


def test_without_by_difficulty_every_day_is_worth_base():
    scoring = Scoring(base=10, by_difficulty=False)
    assert checkin_points(scoring, 1, "on_time") == 10
    assert checkin_points(scoring, 5, "on_time") == 10
    assert checkin_points(scoring, 5, "late") == 5


@pytest.mark.parametrize(
    ("score", "expected"),
    [(None, 10), (0, 10), (50, 20), (100, 30), (12.5, 13), (2.5, 11), (99, 30)],
)
def test_graded_points_add_the_scaled_score(score, expected):
    scoring = Scoring(base=10, graded_points=20)
    # 12.5 % of 20 is 2.5 -> 3; 2.5 % of 20 is 0.5 -> 1; 99 % of 20 is 19.8 -> 20.
    assert checkin_points(scoring, 1, "on_time", score) == expected


def test_graded_points_are_not_scaled_by_lateness():
    scoring = Scoring(base=10, late_factor=0.5, graded_points=20)
    assert checkin_points(scoring, 3, "late", 50) == 15 + 10


@pytest.mark.parametrize("status", ["outside", "duplicate"])
def test_uncounted_check_ins_earn_nothing(status):
    assert checkin_points(Scoring(graded_points=20), 5, status) == 0
    assert checkin_points(Scoring(graded_points=20), 5, status, 100) == 0


def test_unknown_status_is_refused():
    with pytest.raises(ValueError, match="unknown check-in status"):
        checkin_points(SCORING, 1, "early")


# --- streaks -------------------------------------------------------------------------


def test_streak_bonus_grows_then_caps():
    assert [streak_bonus(SCORING, s) for s in range(1, 8)] == [0, 2, 4, 6, 8, 10, 10]
    assert streak_bonus(SCORING, 0) == 0
    assert streak_bonus(SCORING, 100) == 10


def test_streak_ending_at():
    mask = days(1, 2, 3, 5, 6)
    assert [streak_ending_at(mask, d) for d in range(0, 9)] == [0, 1, 2, 3, 0, 1, 2, 0, 0]
    assert streak_ending_at(mask, -1) == 0
    assert streak_ending_at(0, 3) == 0


def test_best_streak():
    mask = days(1, 2, 4, 5, 6, 8)
    assert best_streak(mask, 8) == 3
    assert best_streak(mask, 5) == 2  # days 4 and 5 only
    assert best_streak(mask, 2) == 2
    assert best_streak(mask, 0) == 0
    assert best_streak(0, 30) == 0
    assert best_streak(days(*range(1, 31)), 30) == 30


def test_total_streak_bonus_of_an_unbroken_week():
    assert total_streak_bonus(SCORING, days(*range(1, 8)), 7) == 0 + 2 + 4 + 6 + 8 + 10 + 10


def test_a_missed_day_restarts_the_streak():
    gap = days(1, 2, 3, 5, 6, 7)
    assert total_streak_bonus(SCORING, gap, 7) == (0 + 2 + 4) + (0 + 2 + 4)
    assert best_streak(gap, 7) == 3
    assert streak_ending_at(gap, 7) == 3


def test_a_makeup_repairs_the_streak():
    # The makeup for day 4 counts day 4, and the week is unbroken again.
    repaired = days(1, 2, 3, 5, 6, 7) | days(4)
    assert total_streak_bonus(SCORING, repaired, 7) == 40
    assert best_streak(repaired, 7) == 7
    assert streak_ending_at(repaired, 7) == 7


def test_total_streak_bonus_stops_at_the_as_of_day():
    week = days(*range(1, 8))
    assert total_streak_bonus(SCORING, week, 4) == 0 + 2 + 4 + 6
    assert total_streak_bonus(SCORING, week, 0) == 0


def test_total_streak_bonus_depends_on_the_scoring():
    week = days(*range(1, 8))
    assert total_streak_bonus(Scoring(streak_bonus=1, streak_cap=3), week, 7) == 0 + 1 + 2 + 3 * 4
    assert total_streak_bonus(Scoring(streak_bonus=0, streak_cap=10), week, 7) == 0
    assert total_streak_bonus(Scoring(streak_bonus=3, streak_cap=100), week, 7) == 3 * 21


def test_total_streak_bonus_of_a_long_camp():
    # More days than one machine word: a 100-day unbroken run.
    run = (1 << 100) - 1
    assert total_streak_bonus(SCORING, run, 100) == 2 + 4 + 6 + 8 + 10 * 95
    assert best_streak(run, 100) == 100


# --- members -------------------------------------------------------------------------


def test_member_total_adds_points_bonuses_and_adjustments():
    t = tally("Ann", 70, days(1, 2, 3), adjustments=-4)
    assert member_total(t, SCORING, 3) == 70 + (0 + 2 + 4) - 4
    assert member_total(t, SCORING, 2) == 70 + 2 - 4


def test_member_standings_fill_every_field():
    ann = tally("Ann", 70, days(1, 2, 3), on_time=2, late=1, last="2024-03-03T12:00:00+00:00")
    bob = tally("Bob", 60, days(1, 3), on_time=2, adjustments=3)
    entries = member_standings([bob, ann], SCORING, as_of=3)
    assert entries == [
        Standing(
            rank=1,
            name="Ann",
            points=76,
            on_time=2,
            late=1,
            makeup=0,
            streak=3,
            best_streak=3,
            members=("Ann",),
            last_counted_at="2024-03-03T12:00:00+00:00",
            mask=days(1, 2, 3),
        ),
        Standing(
            rank=2,
            name="Bob",
            points=63,
            on_time=2,
            late=0,
            makeup=0,
            streak=1,
            best_streak=1,
            members=("Bob",),
            last_counted_at=None,
            mask=days(1, 3),
        ),
    ]


def test_member_standings_as_of_leaves_out_later_days():
    t = tally("Ann", 30, days(1, 2, 3, 4, 5))
    (entry,) = member_standings([t], SCORING, as_of=3)
    assert entry.points == 30 + 0 + 2 + 4
    assert entry.best_streak == 3
    assert entry.streak == 3
    assert entry.mask == days(1, 2, 3)


def test_member_streak_while_the_day_is_still_open():
    # On day 4 before its window closes the current streak is the one ending on day 3.
    t = tally("Ann", 30, days(1, 2, 3))
    (entry,) = member_standings([t], SCORING, as_of=4, still_open=True)
    assert entry.streak == 3
    (entry,) = member_standings([t], SCORING, as_of=4, still_open=False)
    assert entry.streak == 0
    assert entry.best_streak == 3


def test_the_streak_includes_today_once_today_counted():
    # SPEC section 4: a member who checked in today shows today in the streak, even
    # while today's windows are still open; one who has not yet keeps yesterday's run.
    done = tally("Ann", 40, days(1, 2, 3, 4))
    waiting = tally("Bob", 30, days(1, 2, 3))
    entries = {e.name: e for e in member_standings([done, waiting], SCORING, 4, True)}
    assert entries["Ann"].streak == 4
    assert entries["Bob"].streak == 3
    assert current_streak(days(1, 2, 3, 4), 4, still_open=True) == 4
    assert current_streak(days(1, 2, 4), 4, still_open=True) == 1
    assert current_streak(days(1, 2), 4, still_open=True) == 0
    assert current_streak(days(1, 2, 3), 4, still_open=False) == 0


def test_member_standings_of_nobody():
    assert member_standings([], SCORING, 3) == []
    assert mvp([]) == []


def test_to_json_is_the_leaderboard_entry():
    entry = standing("Ann", 12, on_time=2, last="2024-03-01T10:00:00+00:00", rank=1)
    assert entry.to_json() == {
        "rank": 1,
        "name": "Ann",
        "points": 12,
        "on_time": 2,
        "late": 0,
        "makeup": 0,
        "streak": 0,
        "best_streak": 0,
        "members": ["Ann"],
    }


# --- pairs and teams -----------------------------------------------------------------


def test_pair_bonus_counts_only_common_days():
    zoe = tally("Zoe", 30, days(1, 2, 3), on_time=3, pair="Z&A", last="2024-03-03T10:00:00Z")
    amy = tally(
        "Amy", 25, days(2, 3, 4), on_time=2, late=1, pair="Z&A", last="2024-03-04T09:00:00Z"
    )
    solo = tally("Sam", 100, days(1, 2, 3, 4))
    (entry,) = pair_standings([zoe, solo, amy], SCORING, as_of=4)
    zoe_total = 30 + 0 + 2 + 4
    amy_total = 25 + 0 + 2 + 4
    assert entry.name == "Z&A"
    assert entry.points == zoe_total + amy_total + 5 * 2  # days 2 and 3
    assert (entry.on_time, entry.late, entry.makeup) == (5, 1, 0)
    assert entry.members == ("Zoe", "Amy")  # as given, not sorted
    assert entry.mask == days(2, 3)
    assert entry.streak == 0  # Zoe did not count on day 4
    assert entry.best_streak == 2
    assert entry.last_counted_at == "2024-03-04T09:00:00Z"
    assert entry.rank == 1


def test_pair_bonus_stops_at_the_as_of_day():
    a = tally("A", 10, days(1, 2, 3), pair="P")
    b = tally("B", 10, days(1, 2, 3), pair="P")
    (entry,) = pair_standings([a, b], SCORING, as_of=2)
    assert entry.points == (10 + 2) * 2 + 5 * 2
    assert entry.streak == 2
    assert entry.mask == days(1, 2)


def test_pairs_are_ranked_and_the_later_check_in_is_kept():
    a = tally("A", 10, days(1), pair="P1", last="2024-03-01T12:00:00+08:00")
    b = tally("B", 10, days(1), pair="P1", last="2024-03-01T05:00:00+00:00")
    c = tally("C", 20, days(1), pair="P2")
    d = tally("D", 0, 0, pair="P2")
    entries = pair_standings([a, b, c, d], SCORING, as_of=1)
    assert [(e.rank, e.name, e.points) for e in entries] == [(1, "P1", 25), (2, "P2", 20)]
    # 12:00+08:00 is 04:00 UTC, earlier than 05:00 UTC.
    assert entries[0].last_counted_at == "2024-03-01T05:00:00+00:00"
    assert entries[1].last_counted_at is None


def test_a_pair_of_one_gets_no_pair_bonus_and_a_trio_adds_up():
    # A pair of one is what is left when a partner was removed: no "both partners" days.
    lone = tally("Lone", 10, days(1, 2), pair="L")
    x = tally("X", 10, days(1, 2), pair="T")
    y = tally("Y", 10, days(2), pair="T")
    z = tally("Z", 10, days(1, 2), pair="T")
    entries = {e.name: e for e in pair_standings([lone, x, y, z], SCORING, 2)}
    assert entries["L"].points == 10 + 2
    assert entries["T"].points == (10 + 2) + 10 + (10 + 2) + 5 * 1  # only day 2 is common
    assert entries["T"].members == ("X", "Y", "Z")


def test_team_totals_are_sums_without_a_bonus():
    zed = tally("Zed", 20, days(1, 2), on_time=2, team="Red", adjustments=1)
    abe = tally("Abe", 10, days(2), late=1, team="Red", last="2024-03-02T10:00:00Z")
    kim = tally("Kim", 50, days(1), on_time=1, team="Blue")
    nobody = tally("Nil", 500, days(1, 2))
    entries = team_standings([zed, abe, kim, nobody], SCORING, as_of=2)
    assert [(e.rank, e.name, e.points) for e in entries] == [(1, "Blue", 50), (2, "Red", 33)]
    red = entries[1]
    assert red.members == ("Abe", "Zed")  # sorted by name
    assert (red.on_time, red.late, red.makeup) == (2, 1, 0)
    assert red.mask == days(2)
    assert (red.streak, red.best_streak) == (1, 1)
    assert red.last_counted_at == "2024-03-02T10:00:00Z"


# --- ranking -------------------------------------------------------------------------


def test_equal_totals_and_on_time_share_a_rank():
    entries = rank_standings(
        [standing("D", 80, 1), standing("B", 90, 1), standing("A", 100, 1), standing("C", 90, 1)]
    )
    assert [(e.rank, e.name) for e in entries] == [(1, "A"), (2, "B"), (2, "C"), (4, "D")]


def test_more_on_time_check_ins_rank_higher_at_equal_points():
    entries = rank_standings([standing("A", 90, 1), standing("B", 90, 3), standing("C", 90, 3)])
    assert [(e.rank, e.name) for e in entries] == [(1, "B"), (1, "C"), (3, "A")]


def test_equals_are_shown_by_last_counted_time_then_name():
    entries = rank_standings(
        [
            standing("Ann", 50, 2, None),
            standing("Bob", 50, 2, "2024-03-01T10:00:00+00:00"),
            standing("Cat", 50, 2, "2024-03-01T09:00:00+00:00"),
            standing("Abe", 50, 2, "2024-03-01T10:00:00+00:00"),
            standing("Dan", 50, 2, None),
        ]
    )
    assert [e.name for e in entries] == ["Cat", "Abe", "Bob", "Ann", "Dan"]
    assert {e.rank for e in entries} == {1}


def test_last_counted_times_compare_as_times_not_text():
    entries = rank_standings(
        [
            standing("A", 50, 2, "2024-03-01T10:00:00Z"),
            standing("B", 50, 2, "2024-03-01T09:30:00.5+00:00"),
            standing("C", 50, 2, "2024-03-01T17:00:00+08:00"),  # 09:00 UTC
        ]
    )
    assert [e.name for e in entries] == ["C", "B", "A"]


def test_a_time_without_offset_is_utc():
    entries = rank_standings(
        [
            standing("A", 50, 2, "2024-03-01T10:00:00Z"),
            standing("B", 50, 2, "2024-03-01T09:30:00"),
            standing("C", 50, 2, "2024-03-01T09:00:00+00:00"),
        ]
    )
    assert [e.name for e in entries] == ["C", "B", "A"]


def test_rank_standings_keeps_correctly_ranked_entries():
    first = standing("A", 10, rank=1)
    second = standing("B", 5, rank=7)
    ranked = rank_standings([second, first])
    assert ranked[0] is first
    assert ranked[1] == standing("B", 5, rank=2)


def test_mvp_is_every_rank_one_entry():
    entries = rank_standings([standing("A", 90, 2), standing("B", 90, 2), standing("C", 50, 9)])
    assert [e.name for e in mvp(entries)] == ["A", "B"]
    assert [e.name for e in mvp(rank_standings([standing("C", 50)]))] == ["C"]


def test_member_ranking_follows_points_then_on_time_then_time():
    ann = tally("Ann", 40, 0, on_time=4, last="2024-03-04T10:00:00Z")
    bob = tally("Bob", 40, 0, on_time=4, last="2024-03-04T09:00:00Z")
    cid = tally("Cid", 40, 0, on_time=3, last="2024-03-01T09:00:00Z")
    dee = tally("Dee", 41, 0)
    entries = member_standings([ann, bob, cid, dee], SCORING, 4)
    assert [(e.rank, e.name) for e in entries] == [(1, "Dee"), (2, "Bob"), (2, "Ann"), (4, "Cid")]
    assert [e.name for e in mvp(entries)] == ["Dee"]


# --- invariants ----------------------------------------------------------------------

factors = st.floats(min_value=0, max_value=1, allow_nan=False)
scorings = st.builds(
    Scoring,
    base=st.integers(0, 50),
    by_difficulty=st.booleans(),
    late_factor=factors,
    makeup_factor=factors,
    streak_bonus=st.integers(0, 10),
    streak_cap=st.integers(0, 50),
    pair_bonus=st.integers(0, 10),
    graded_points=st.integers(0, 100),
)
scores = st.none() | st.floats(min_value=0, max_value=100, allow_nan=False)


@given(scorings, st.integers(1, 5), scores)
def test_late_or_makeup_never_beats_on_time(scoring, difficulty, score):
    on_time = checkin_points(scoring, difficulty, "on_time", score)
    assert checkin_points(scoring, difficulty, "late", score) <= on_time
    assert checkin_points(scoring, difficulty, "makeup", score) <= on_time


def naive_streak(mask: int, day: int) -> int:
    streak = 0
    while day >= 1 and mask >> (day - 1) & 1:
        streak += 1
        day -= 1
    return streak


def naive_total_streak_bonus(scoring: Scoring, mask: int, up_to: int) -> int:
    total = 0
    for day in range(1, up_to + 1):
        streak = naive_streak(mask, day)
        if streak > 1:
            total += min(scoring.streak_bonus * (streak - 1), scoring.streak_cap)
    return total


masks = st.integers(min_value=0, max_value=(1 << 70) - 1)


@given(
    st.integers(-3, 6),
    st.integers(-5, 25),
    masks,
    st.integers(-1, 75),
)
def test_total_streak_bonus_matches_a_day_by_day_loop(bonus, cap, mask, up_to):
    scoring = Scoring(streak_bonus=bonus, streak_cap=cap)
    assert total_streak_bonus(scoring, mask, up_to) == naive_total_streak_bonus(
        scoring, mask, up_to
    )


@given(masks, st.integers(-1, 75))
def test_streaks_match_a_day_by_day_loop(mask, day):
    assert streak_ending_at(mask, day) == naive_streak(mask, day)
    longest = max((naive_streak(mask, d) for d in range(1, day + 1)), default=0)
    assert best_streak(mask, day) == longest


@given(
    scorings,
    st.integers(0, (1 << 30) - 1),
    st.integers(1, 30),
    st.integers(0, 60),
    st.integers(0, 500),
    st.integers(-50, 50),
)
def test_adding_a_counted_day_never_lowers_a_total(scoring, mask, day, points, base, adjust):
    as_of = 30
    before = tally("Ann", base, mask & ~days(day), adjustments=adjust)
    after = tally("Ann", base + points, mask | days(day), adjustments=adjust)
    assert member_total(after, scoring, as_of) >= member_total(before, scoring, as_of)
    (b,) = member_standings([before], scoring, as_of)
    (a,) = member_standings([after], scoring, as_of)
    assert a.points >= b.points


times = st.none() | st.sampled_from(
    [
        "2024-03-01T09:00:00+00:00",
        "2024-03-01T10:00:00Z",
        "2024-03-01T18:00:00+08:00",  # 10:00 UTC
        "2024-03-02T00:00:00+00:00",
    ]
)
entry_lists = st.lists(
    st.tuples(st.integers(-5, 5), st.integers(0, 3), times),
    max_size=30,
)


@given(entry_lists)
def test_ranks_are_consistent_with_totals(raw):
    entries = [standing(f"m{i:02d}", p, o, last) for i, (p, o, last) in enumerate(raw)]
    ranked = rank_standings(entries)
    assert sorted(e.name for e in ranked) == sorted(e.name for e in entries)
    points = [e.points for e in ranked]
    assert points == sorted(points, reverse=True)
    for entry in ranked:
        better = sum(
            1 for other in ranked if (other.points, other.on_time) > (entry.points, entry.on_time)
        )
        assert entry.rank == 1 + better
    for earlier, later in pairwise(ranked):
        assert earlier.rank <= later.rank
        if earlier.points == later.points:
            assert earlier.on_time >= later.on_time
    for a in ranked:
        for b in ranked:
            assert (a.rank == b.rank) == ((a.points, a.on_time) == (b.points, b.on_time))
    assert mvp(ranked) == [e for e in ranked if e.rank == 1]
    assert bool(mvp(ranked)) == bool(ranked)


@given(
    scorings,
    st.lists(st.tuples(st.integers(0, (1 << 30) - 1), st.integers(0, 300)), max_size=20),
    st.integers(0, 30),
)
def test_member_standings_agree_with_the_single_figures(scoring, raw, as_of):
    tallies = [tally(f"m{i:02d}", p, mask) for i, (mask, p) in enumerate(raw)]
    entries = {e.name: e for e in member_standings(tallies, scoring, as_of, still_open=True)}
    assert len(entries) == len(tallies)
    for t in tallies:
        entry = entries[t.name]
        assert entry.points == member_total(t, scoring, as_of)
        assert entry.best_streak == best_streak(t.mask, as_of)
        seen = t.mask & days(*range(1, as_of + 1))
        counted_today = as_of >= 1 and bool(seen >> (as_of - 1) & 1)
        ending = as_of if counted_today else max(as_of - 1, 0)
        assert entry.streak == streak_ending_at(seen, ending)
        assert entry.members == (t.name,)


def naive_order_key(entry: Standing) -> tuple:
    last = entry.last_counted_at
    if last is None:
        moment = (True, dt.datetime.min.replace(tzinfo=dt.UTC))
    else:
        parsed = dt.datetime.fromisoformat(last)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        moment = (False, parsed)
    return (-entry.points, -entry.on_time, moment, entry.name)


many_times = st.none() | st.sampled_from(
    [
        "1969-12-31T23:59:59.999999+00:00",
        "2024-03-01T09:00:00+00:00",
        "2024-03-01T09:00:00.000001+00:00",
        "2024-03-01T10:00:00Z",
        "2024-03-01T10:00:00",  # no offset: UTC
        "2024-03-01T18:00:00+08:00",  # 10:00 UTC
        "2024-03-01T04:00:00-06:00",  # 10:00 UTC
    ]
)


@given(
    st.lists(
        st.tuples(
            st.integers(-(10**6), 10**6) | st.integers(-2, 2),
            st.integers(0, 10**4) | st.integers(0, 2),
            many_times,
            st.text(min_size=1, max_size=3),
        ),
        max_size=40,
    )
)
def test_ranking_order_matches_the_spec_key(raw):
    entries = [standing(name, p, o, last) for p, o, last, name in raw]
    ranked = rank_standings(entries)
    assert [naive_order_key(e) for e in ranked] == sorted(naive_order_key(e) for e in entries)


def test_exact_ties_are_ordered_by_name_in_every_run():
    same = "2024-03-01T10:00:00Z"
    entries = rank_standings(
        [
            standing("d", 5, 1, same),
            standing("b", 9, 1, None),
            standing("c", 5, 1, same),
            standing("a", 9, 1, None),
            standing("f", 1, 0, None),
            standing("e", 1, 0, None),
        ]
    )
    assert [(e.rank, e.name) for e in entries] == [
        (1, "a"),
        (1, "b"),
        (3, "c"),
        (3, "d"),
        (5, "e"),
        (5, "f"),
    ]
