"""What the Plan tab shows: every day of a camp with its task and windows.

Read through ``camp.services`` from a worker thread; returns frozen plain data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pendulum

from camp.calendar import camp_days
from camp.db import Database
from camp.models import Day
from camp.services.camps import camp_status, get_camp
from camp.services.plan_edits import has_own_task

__all__ = ["PlanData", "difficulty_stars", "load_plan", "rest_dates_between", "windows_text"]


@dataclass(frozen=True)
class PlanData:
    """A camp's days; ``today`` is the running day's number, 0 when no day is running.

    ``own_tasks`` are the days with a task of their own (not drawn from the pool);
    ``rest_dates`` the rest days between the first day and the last.
    """

    slug: str
    name: str
    days: tuple[Day, ...]
    today: int
    own_tasks: frozenset[int] = frozenset()
    rest_dates: tuple[dt.date, ...] = ()


def rest_dates_between(days: tuple[Day, ...]) -> tuple[dt.date, ...]:
    """The dates from the first day to the last that are not days of the camp."""
    if not days:
        return ()
    active = {day.date for day in days}
    span = (days[-1].date - days[0].date).days
    every = (days[0].date + dt.timedelta(days=offset) for offset in range(span + 1))
    return tuple(date for date in every if date not in active)


def difficulty_stars(difficulty: int) -> str:
    """``★★☆☆☆`` for difficulty 2 (five stars, more are shown as they are)."""
    return "★" * difficulty + "☆" * max(5 - difficulty, 0)


def windows_text(day: Day) -> str:
    """``night 20:00–23:30 (late 00:30)``; several windows are joined with ``; ``."""
    parts = []
    for slot in day.slots:
        text = f"{slot.window.name} {slot.open.format('HH:mm')}–{slot.due.format('HH:mm')}"
        if slot.late_until is not None:
            text += f" (late {slot.late_until.format('HH:mm')})"
        parts.append(text)
    return "; ".join(parts)


def load_plan(db: Database, slug: str, now: pendulum.DateTime) -> PlanData:
    """Every day of the camp ``slug``, and which of them is running at ``now``."""
    camp = get_camp(db, slug)
    status, state = camp_status(camp, now)
    days = camp_days(camp)
    return PlanData(
        slug=camp.slug,
        name=camp.name,
        days=days,
        today=state.day if status == "running" else 0,
        own_tasks=frozenset(day.number for day in days if has_own_task(camp, day.number)),
        rest_dates=rest_dates_between(days),
    )
