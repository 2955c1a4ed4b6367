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
from tui.days_text import rest_dates_between

__all__ = ["PlanData", "load_plan"]


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
