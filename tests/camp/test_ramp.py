"""The difficulty ramp and the choice of each day's task (SPEC section 2)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camp.errors import CampError
from camp.models import Task, TaskPlan
from camp.ramp import (
    difficulty_for_day,
    needed_difficulties,
    ramp_difficulty,
    round_half_up,
    task_for_day,
)


def difficulties(plan: TaskPlan, n_days: int) -> list[int]:
    return [difficulty_for_day(plan, day, n_days) for day in range(1, n_days + 1)]


def pool_of(*levels: int, per_level: int = 1) -> tuple[Task, ...]:
    return tuple(
        Task(title=f"d{level}-{k}", difficulty=level)
        for level in levels
        for k in range(1, per_level + 1)
    )


# --------------------------------------------------------------------------- round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.5, 3),
        (0.5, 1),
        (1.5, 2),
        (2.4999, 2),
        (2.0, 2),
        (0.0, 0),
        (-2.5, -3),
        (-0.4, 0),
        (7, 7),
        (0.1 * 5, 1),  # 0.5000000000000001 or 0.5: either way up
        (10 * 0.35, 4),  # 3.5 in binary is exact
        (Fraction(5, 2), 3),
        (Fraction(7, 3), 2),
        (Fraction(-5, 2), -3),
        (Decimal("4.5"), 5),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


def test_round_half_up_differs_from_bankers_rounding():
    assert [round_half_up(x + 0.5) for x in range(4)] == [1, 2, 3, 4]
    assert [round(x + 0.5) for x in range(4)] == [0, 2, 2, 4]


def test_round_half_up_refuses_nan():
    with pytest.raises(ValueError):
        round_half_up(float("nan"))


# --------------------------------------------------------------------------- difficulty


def test_linear_seven_days_from_one_to_five():
    plan = TaskPlan(ramp="linear", difficulty=(1, 5))
    assert difficulties(plan, 7) == [1, 2, 2, 3, 4, 4, 5]


def test_linear_single_day_is_lo():
    assert difficulties(TaskPlan(ramp="linear", difficulty=(2, 5)), 1) == [2]
    assert difficulties(TaskPlan(ramp="linear", difficulty=(4, 1)), 1) == [4]


def test_linear_exact_halves_round_up():
    # 1 + 4 * (d - 1) / 8 hits 1.5, 2.5, 3.5 and 4.5 exactly on even days.
    plan = TaskPlan(ramp="linear", difficulty=(1, 5))
    assert difficulties(plan, 9) == [1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_linear_descending():
    plan = TaskPlan(ramp="linear", difficulty=(5, 1))
    assert difficulties(plan, 5) == [5, 4, 3, 2, 1]


def test_linear_thirty_days_ends_on_hi():
    plan = TaskPlan(ramp="linear", difficulty=(1, 5))
    values = difficulties(plan, 30)
    assert values[0] == 1 and values[-1] == 5
    assert values[:5] == [1, 1, 1, 1, 2]


def test_step_shorter_than_camp_repeats_last():
    plan = TaskPlan(ramp="step", difficulty=(1, 3, 2))
    assert difficulties(plan, 6) == [1, 3, 2, 2, 2, 2]


def test_step_longer_than_camp_ignores_the_rest():
    plan = TaskPlan(ramp="step", difficulty=(1, 2, 3, 4, 5))
    assert difficulties(plan, 3) == [1, 2, 3]


def test_fixed():
    assert difficulties(TaskPlan(ramp="fixed", difficulty=(3,)), 4) == [3, 3, 3, 3]


def test_explicit_task_sets_its_day_difficulty():
    plan = TaskPlan(
        ramp="linear",
        difficulty=(1, 5),
        by_day={3: Task(title="Mock exam", difficulty=5, graded=True)},
    )
    assert difficulties(plan, 7) == [1, 2, 5, 3, 4, 4, 5]
    assert ramp_difficulty(plan, 3, 7) == 2


@pytest.mark.parametrize(("day", "n_days"), [(0, 5), (6, 5), (1, 0), (-1, 3)])
def test_day_outside_camp_is_refused(day, n_days):
    with pytest.raises(CampError):
        difficulty_for_day(TaskPlan(), day, n_days)


def test_malformed_plans_are_refused():
    with pytest.raises(CampError, match="two difficulties"):
        difficulty_for_day(TaskPlan(ramp="linear", difficulty=(1, 2, 3)), 1, 3)
    with pytest.raises(CampError, match="step"):
        difficulty_for_day(TaskPlan(ramp="step", difficulty=()), 1, 3)
    with pytest.raises(CampError, match="ramp"):
        difficulty_for_day(TaskPlan(ramp="zigzag", difficulty=(1,)), 1, 3)


levels = st.integers(min_value=1, max_value=5)


@given(lo=levels, hi=levels, n_days=st.integers(min_value=1, max_value=366))
def test_linear_stays_in_range_and_is_monotone(lo, hi, n_days):
    values = difficulties(TaskPlan(ramp="linear", difficulty=(lo, hi)), n_days)
    assert all(min(lo, hi) <= v <= max(lo, hi) for v in values)
    pairs = list(itertools.pairwise(values))
    if lo <= hi:
        assert all(a <= b for a, b in pairs)
    else:
        assert all(a >= b for a, b in pairs)
    assert values[0] == lo
    assert values[-1] == (hi if n_days > 1 else lo)


@given(
    steps=st.lists(levels, min_size=1, max_size=40),
    n_days=st.integers(min_value=1, max_value=60),
)
def test_step_follows_the_list_then_repeats_the_last(steps, n_days):
    values = difficulties(TaskPlan(ramp="step", difficulty=tuple(steps)), n_days)
    for day, value in enumerate(values, start=1):
        assert value == (steps[day - 1] if day <= len(steps) else steps[-1])


# --------------------------------------------------------------------------- tasks


def test_tasks_take_turns_in_file_order():
    pool = (
        Task(title="A", difficulty=2),
        Task(title="x", difficulty=1),
        Task(title="B", difficulty=2),
        Task(title="C", difficulty=2),
    )
    plan = TaskPlan(ramp="fixed", difficulty=(2,), pool=pool)
    titles = [task_for_day(plan, day, 7).title for day in range(1, 8)]
    assert titles == ["A", "B", "C", "A", "B", "C", "A"]


def test_turns_count_per_difficulty():
    plan = TaskPlan(ramp="step", difficulty=(1, 2, 1, 2, 1), pool=pool_of(1, 2, per_level=2))
    titles = [task_for_day(plan, day, 5).title for day in range(1, 6)]
    assert titles == ["d1-1", "d2-1", "d1-2", "d2-2", "d1-1"]


def test_explicit_task_wins_and_does_not_take_a_turn():
    mock = Task(title="Mock exam", body="90 minutes", difficulty=4, graded=True)
    plan = TaskPlan(ramp="fixed", difficulty=(1,), pool=pool_of(1, per_level=3), by_day={2: mock})
    titles = [task_for_day(plan, day, 5).title for day in range(1, 6)]
    assert titles == ["d1-1", "Mock exam", "d1-2", "d1-3", "d1-1"]
    assert task_for_day(plan, 2, 5) is mock


def test_task_matches_the_day_difficulty():
    plan = TaskPlan(ramp="linear", difficulty=(1, 5), pool=pool_of(1, 2, 3, 4, 5, per_level=2))
    for day in range(1, 15):
        assert task_for_day(plan, day, 14).difficulty == difficulty_for_day(plan, day, 14)


def test_missing_difficulty_raises_naming_day_and_difficulty():
    plan = TaskPlan(ramp="linear", difficulty=(1, 5), pool=pool_of(1, 2, 4, 5))
    assert task_for_day(plan, 3, 7).difficulty == 2
    with pytest.raises(CampError, match=r"Day 4 .*difficulty 3"):
        task_for_day(plan, 4, 7)


def test_same_plan_same_tasks():
    plan = TaskPlan(ramp="linear", difficulty=(1, 3), pool=pool_of(1, 2, 3, per_level=3))
    first = [task_for_day(plan, d, 12) for d in range(1, 13)]
    again = [task_for_day(plan, d, 12) for d in range(1, 13)]
    assert first == again


@given(
    per_level=st.integers(min_value=1, max_value=6),
    n_days=st.integers(min_value=1, max_value=60),
)
def test_fixed_pool_never_repeats_within_its_size(per_level, n_days):
    plan = TaskPlan(ramp="fixed", difficulty=(3,), pool=pool_of(3, per_level=per_level))
    titles = [task_for_day(plan, day, n_days).title for day in range(1, n_days + 1)]
    for start in range(len(titles)):
        window = titles[start : start + per_level]
        assert len(set(window)) == len(window)


def test_needed_difficulties_skip_explicit_days():
    plan = TaskPlan(ramp="step", difficulty=(1, 2, 3), by_day={3: Task(title="t", difficulty=5)})
    assert needed_difficulties(plan, 3) == {1, 2}
    assert needed_difficulties(plan, 5) == {1, 2, 3}
    assert needed_difficulties(TaskPlan(ramp="linear", difficulty=(1, 5)), 7) == {1, 2, 3, 4, 5}
    assert needed_difficulties(TaskPlan(ramp="linear", difficulty=(1, 5)), 1) == {1}
