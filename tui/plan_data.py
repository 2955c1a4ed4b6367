"""What the Plan tab shows: every day of a camp with its task and windows.

Read through ``camp.services`` from a worker thread; returns frozen plain data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from camp.db import Database
from camp.models import Day
from camp.services.camps import camp_days, camp_status, get_camp

__all__ = ["PlanData", "difficulty_stars", "load_plan", "windows_text"]


@dataclass(frozen=True)
class PlanData:
    """A camp's days; ``today`` is the running day's number, 0 when no day is running."""

    slug: str
    name: str
    days: tuple[Day, ...]
    today: int


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
    return PlanData(
        slug=camp.slug,
        name=camp.name,
        days=camp_days(camp),
        today=state.day if status == "running" else 0,
    )
