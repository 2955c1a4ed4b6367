"""The difficulty ramp: which difficulty and which task each day of a camp gets.

Pure functions over a ``TaskPlan``: the same plan and the same number of days always
give the same tasks, so a camp's plan can be recomputed anywhere (CLI, scheduler, TUI)
without storing it.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from camp.errors import CampError
from camp.models import Task, TaskPlan

__all__ = [
    "difficulty_for_day",
    "exact_decimal",
    "needed_difficulties",
    "ramp_difficulty",
    "round_half_up",
    "task_for_day",
]


def exact_decimal(value: int | float | Decimal) -> Decimal:
    """The number as an operator wrote it, exactly: ``0.35`` -> ``Decimal("0.35")``,
    never the binary 0.3499…; a whole float is a whole decimal (``1.0`` -> ``1``)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return Decimal(int(value))
        # repr is the shortest text that reads back as this float, i.e. the digits the
        # file had; Decimal(value) would spell out the binary float instead.
        return Decimal(repr(value))
    return Decimal(value)


def round_half_up(x: float | int | Fraction | Decimal) -> int:
    """Round to the nearest integer, halves away from zero (2.5 -> 3, 0.5 -> 1, -2.5 -> -3).

    Python's ``round`` rounds halves to even (``round(2.5) == 2``), which is not what an
    operator expects from a points table. Floats go through their shortest decimal form,
    so ``0.1 * 5`` rounds like the ``0.5`` it prints as; fractions are rounded exactly.
    """
    if isinstance(x, Fraction):
        whole, rest = divmod(abs(x), 1)
        magnitude = int(whole) + (1 if rest >= Fraction(1, 2) else 0)
        return magnitude if x >= 0 else -magnitude
    if isinstance(x, float) and not math.isfinite(x):
        raise ValueError(f"cannot round {x!r} to an integer")
    value = x if isinstance(x, Decimal) else Decimal(repr(x))
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _check_day(day: int, n_days: int) -> None:
    if n_days < 1:
        raise CampError(f"A camp needs at least one day, not {n_days}.")
    if not 1 <= day <= n_days:
        raise CampError(f"Day {day} is outside the camp; its days run from 1 to {n_days}.")


def ramp_difficulty(plan: TaskPlan, day: int, n_days: int) -> int:
    """The difficulty the ramp alone gives day ``day`` of ``n_days`` (explicit tasks ignored).

    ``linear``: ``round_half_up(lo + (hi - lo)(d - 1)/(N - 1))``, ``lo`` when ``N == 1``;
    ``step``: the d-th value, the last one repeating; ``fixed``: the one value.
    """
    _check_day(day, n_days)
    values = plan.difficulty
    if plan.ramp == "linear":
        if len(values) != 2:
            raise CampError(f"A linear ramp needs two difficulties [lo, hi], not {list(values)}.")
        lo, hi = values
        if n_days == 1:
            return lo
        # Exact integer arithmetic (a float could land on 2.4999… where the formula
        # says 2.5): lo + (hi - lo)(d - 1)/(N - 1) is n/q, rounded half away from zero.
        q = n_days - 1
        n = lo * q + (hi - lo) * (day - 1)
        return (2 * n + q) // (2 * q) if n >= 0 else -((q - 2 * n) // (2 * q))
    if plan.ramp == "step":
        if not values:
            raise CampError("A step ramp needs at least one difficulty.")
        return values[min(day, len(values)) - 1]
    if plan.ramp == "fixed":
        if not values:
            raise CampError("A fixed ramp needs its difficulty.")
        return values[0]
    raise CampError(f"Unknown difficulty ramp {plan.ramp!r}; use linear, step or fixed.")


def difficulty_for_day(plan: TaskPlan, day: int, n_days: int) -> int:
    """The difficulty of day ``day`` of ``n_days``: an explicit task's own, else the ramp's."""
    _check_day(day, n_days)
    explicit = plan.by_day.get(day)
    if explicit is not None:
        return explicit.difficulty
    return ramp_difficulty(plan, day, n_days)


def task_for_day(plan: TaskPlan, day: int, n_days: int) -> Task:
    """The task of day ``day`` of ``n_days``.

    An explicit task (``plan.by_day``) wins. Otherwise the pool's tasks of the day's
    difficulty take turns in file order: the first pool-driven day of a difficulty gets
    the first such task, the next one the second, and so on, wrapping around; days with
    an explicit task do not take a turn.
    """
    _check_day(day, n_days)
    explicit = plan.by_day.get(day)
    if explicit is not None:
        return explicit
    difficulty = ramp_difficulty(plan, day, n_days)
    candidates = [task for task in plan.pool if task.difficulty == difficulty]
    if not candidates:
        raise CampError(
            f"Day {day} needs a task of difficulty {difficulty} and the task pool has none; "
            f"add a pool task with difficulty = {difficulty}."
        )
    turn = sum(
        1
        for earlier in range(1, day)
        if earlier not in plan.by_day and ramp_difficulty(plan, earlier, n_days) == difficulty
    )
    return candidates[turn % len(candidates)]


def plan_tasks(plan: TaskPlan, n_days: int) -> list[tuple[int, Task]]:
    """``(difficulty, task)`` of every day 1..``n_days``, as :func:`difficulty_for_day`
    and :func:`task_for_day` give them, in one pass (those two each look back over the
    days before, which a plan of every day would pay over and over)."""
    if n_days < 1:
        _check_day(1, n_days)
    turns: dict[int, int] = {}
    result = []
    for day in range(1, n_days + 1):
        explicit = plan.by_day.get(day)
        if explicit is not None:
            result.append((explicit.difficulty, explicit))
            continue
        difficulty = ramp_difficulty(plan, day, n_days)
        candidates = [task for task in plan.pool if task.difficulty == difficulty]
        if not candidates:
            task_for_day(plan, day, n_days)  # says which difficulty the pool lacks
        turn = turns.get(difficulty, 0)
        turns[difficulty] = turn + 1
        result.append((difficulty, candidates[turn % len(candidates)]))
    return result


def needed_difficulties(plan: TaskPlan, n_days: int) -> set[int]:
    """The difficulties the pool must offer: those of the days without an explicit task."""
    return {
        ramp_difficulty(plan, day, n_days) for day in range(1, n_days + 1) if day not in plan.by_day
    }
