"""Changing the task of one day of an existing camp.

The new task is stored in the camp's own definition as a ``[[tasks.days]]`` entry, as
if the file had said so from the start; the events follow (their fingerprint is the
definition), so the day's task post and everything after it use the new task. Only a
day that has not begun, and whose task was not announced yet, can change: what members
already saw stays as it was.

Pool tasks take turns among the days of a difficulty, and a day with a task of its own
takes no turn: giving day 3 its own task would hand day 5 the pool task day 3 had. The
days after it whose task would change that way keep the task they had, now set for
them, so one edit changes one day.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pendulum

from camp.calendar import camp_days, day_for_date, plan_days, progress
from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.definition import MAX_DIFFICULTY, MIN_DIFFICULTY, definition_to_dict, parse_definition
from camp.errors import CampError
from camp.events import event_key
from camp.models import Camp, CampDefinition, Day, Task
from camp.ramp import ramp_difficulty
from camp.services.calendars import record_calendar_changes
from camp.services.camps import get_camp
from camp.services.events import sync_camp_events

__all__ = [
    "MAX_TITLE_LENGTH",
    "TaskEditError",
    "clear_day_task",
    "editable_day",
    "has_own_task",
    "set_day_task",
]

#: A title is a line in announcements and tables; the details go in the text.
MAX_TITLE_LENGTH = 120


class TaskEditError(CampError):
    """A refused task edit; ``field`` (day, title, text or difficulty) says what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _find_day(camp: Camp, day: int | dt.date) -> Day:
    days = camp_days(camp)
    if isinstance(day, dt.date):
        found = day_for_date(days, day)
        if found is not None:
            return found
        if days and days[0].date < day < days[-1].date:
            raise TaskEditError(
                "day",
                f"{day.isoformat()} is a rest day of {camp.slug}; rest days have no task, "
                "so choose one of the camp's days.",
            )
        raise TaskEditError(
            "day",
            f"{day.isoformat()} is not a day of {camp.slug}; it runs from "
            f"{days[0].date.isoformat()} to {days[-1].date.isoformat()}.",
        )
    if not 1 <= day <= len(days):
        raise TaskEditError(
            "day", f"Day {day} is outside {camp.slug}; its days run from 1 to {len(days)}."
        )
    return days[day - 1]


def _check_not_begun(db: Database, camp: Camp, day: Day, now: pendulum.DateTime) -> None:
    if day.number <= progress(camp_days(camp), now).day:
        opened = min(slot.open for slot in day.slots).format("YYYY-MM-DD HH:mm")
        raise TaskEditError(
            "day",
            f"Day {day.number} of {camp.slug} began at {opened}; only the task of a day "
            "that has not begun can change.",
        )
    row = db.execute(
        "SELECT status, finished FROM events WHERE key = ?",
        [event_key(camp.slug, "task", day.number)],
    ).fetchone()
    if row is not None and row[0] == "done":
        posted = from_utc_text(row[1]).in_tz(camp.timezone).format("YYYY-MM-DD HH:mm")
        raise TaskEditError(
            "day",
            f"The task of day {day.number} of {camp.slug} was announced at {posted}; "
            "a task members have seen cannot change.",
        )


def editable_day(db: Database, slug: str, day: int | dt.date, now: pendulum.DateTime) -> Day:
    """The day (a number, or a date) whose task may still change, or a TaskEditError why not.

    A day can change until its first window opens or its task is announced; rest days
    and dates outside the camp have no task.
    """
    camp = get_camp(db, slug)
    found = _find_day(camp, day)
    _check_not_begun(db, camp, found, now)
    return found


def has_own_task(camp: Camp, day: int) -> bool:
    """True when day ``day`` has a task of its own rather than one drawn from the pool."""
    return day in camp.definition.tasks.by_day


def _with_tasks(camp: Camp, number: int, task: Task | None) -> CampDefinition:
    """The definition with day ``number``'s own task set (or removed), later days kept."""
    plan = camp.definition.tasks
    by_day = dict(plan.by_day)
    if task is None:
        by_day.pop(number, None)
    else:
        by_day[number] = task
    before = camp_days(camp)
    while True:
        defn = replace(camp.definition, tasks=replace(plan, by_day=dict(by_day)))
        after = plan_days(defn, camp.start)
        shifted = {
            new.number: old.task
            for new, old in zip(after, before, strict=True)
            if new.number != number and new.number not in by_day and new.task != old.task
        }
        if not shifted:
            return defn
        by_day.update(shifted)


def _store(db: Database, camp: Camp, defn: CampDefinition, now: pendulum.DateTime) -> None:
    data = definition_to_dict(defn)
    # What is stored must read back as it was meant: the same check as a file gets.
    parse_definition(json.loads(json.dumps(data)), source=f"camp {camp.slug}")
    db.execute(
        "UPDATE camps SET definition = ?, updated = ? WHERE id = ?",
        [json.dumps(data, ensure_ascii=False), utc_text(now), camp.id],
    )
    changed = get_camp(db, camp.slug)
    sync_camp_events(db, changed, now)
    # Members' calendars take the new task: the changed days' SEQUENCE grows.
    record_calendar_changes(db, camp, changed, now=now)


def set_day_task(
    db: Database,
    slug: str,
    day: int | dt.date,
    *,
    title: str,
    text: str | None = None,
    difficulty: int | None = None,
    now: pendulum.DateTime,
) -> Day:
    """Give day ``day`` (a number, or its date) of camp ``slug`` a task of its own.

    ``text`` and ``difficulty`` left out keep the day's current ones (``text=""``
    clears the text); whether the task is graded stays as it was. Returns the day as
    planned now. Raises TaskEditError (naming the field) for a day that has begun or
    does not exist, an empty or overlong title, or a difficulty outside 1..5.
    """
    title = title.strip()
    if not title:
        raise TaskEditError(
            "title", "The title is empty; write what members do that day, e.g. 'Rewrite a slogan'."
        )
    if len(title) > MAX_TITLE_LENGTH:
        raise TaskEditError(
            "title",
            f"The title has {len(title)} characters; keep it to {MAX_TITLE_LENGTH} and put "
            "the details in the text.",
        )
    if difficulty is not None and (
        isinstance(difficulty, bool)
        or not isinstance(difficulty, int)
        or not MIN_DIFFICULTY <= difficulty <= MAX_DIFFICULTY
    ):
        raise TaskEditError(
            "difficulty",
            f"Difficulty {difficulty!r} is out of range; choose a whole number from "
            f"{MIN_DIFFICULTY} (easiest) to {MAX_DIFFICULTY} (hardest).",
        )
    with write_transaction(db):
        camp = get_camp(db, slug)
        current = _find_day(camp, day)
        _check_not_begun(db, camp, current, now)
        task = Task(
            title=title,
            body=(current.task.body if text is None else text).strip(),
            difficulty=current.difficulty if difficulty is None else difficulty,
            graded=current.task.graded,
        )
        _store(db, camp, _with_tasks(camp, current.number, task), now)
        return camp_days(get_camp(db, slug))[current.number - 1]


def clear_day_task(db: Database, slug: str, day: int | dt.date, *, now: pendulum.DateTime) -> Day:
    """Let day ``day`` take its task from the pool again, as the ramp's difficulty wants.

    Refused for a day that has begun, a day without a task of its own, and when the pool
    has no task of the difficulty the ramp gives that day.
    """
    with write_transaction(db):
        camp = get_camp(db, slug)
        current = _find_day(camp, day)
        _check_not_begun(db, camp, current, now)
        number = current.number
        if not has_own_task(camp, number):
            raise TaskEditError(
                "day", f"Day {number} of {slug} already takes its task from the pool."
            )
        plan = camp.definition.tasks
        level = ramp_difficulty(plan, number, camp.days)
        if not any(task.difficulty == level for task in plan.pool):
            raise TaskEditError(
                "day",
                f"Day {number} of {slug} cannot go back to the pool: the ramp gives it "
                f"difficulty {level} and the pool has no task of that difficulty; "
                "set its task instead.",
            )
        _store(db, camp, _with_tasks(camp, number, None), now)
        return camp_days(get_camp(db, slug))[number - 1]
