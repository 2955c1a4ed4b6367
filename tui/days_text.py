"""How the terminal UI writes a camp's days: difficulty as stars, a day's windows, the
rest dates between its days. Pure: the Plan tab, the Today tab and the dialogs share it."""

from __future__ import annotations

import datetime as dt

from camp.models import Day

__all__ = ["difficulty_stars", "rest_dates_between", "windows_text"]


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
