"""What the new-camp form checks and previews: each field's problem and the planned days.

:func:`check_new_camp` runs in a worker thread: it reads the template or file, plans
the days through ``camp.services.camps.prepare_camp`` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import pendulum

from camp.calendar import plan_warnings
from camp.definition import load_definition_file, resolve_template
from camp.errors import CampError, DefinitionError
from camp.models import CampDefinition
from camp.services.camps import local_today, parse_start_date, prepare_camp, slug_for
from tui.days_text import difficulty_stars, windows_text

__all__ = [
    "FIELDS",
    "NewCampCheck",
    "NewCampFields",
    "PreviewDay",
    "check_new_camp",
    "ramp_bar",
]

#: The form's fields, in the order they are shown (and focused when one is wrong).
FIELDS = ("source", "name", "start", "timezone", "days")
#: Keys of the definition whose problems belong next to a field of the form.
_PROBLEM_FIELDS = {"camp.name": "name", "camp.timezone": "timezone", "camp.days": "days"}
#: The preview stops after this many lines (rest days included).
MAX_PREVIEW_LINES = 400
_BARS = "▁▂▄▆█"


@dataclass(frozen=True)
class NewCampFields:
    """The form's values as typed; ``file`` wins over ``template`` when it is not blank."""

    template: str
    file: str
    name: str
    start: str
    timezone: str
    days: str

    @property
    def source(self) -> str:
        return self.file.strip() or self.template


@dataclass(frozen=True)
class PreviewDay:
    """One line of the preview: an active day, or a rest day (``number`` None)."""

    number: int | None
    date: dt.date
    stars: str
    task: str
    windows: str


@dataclass(frozen=True)
class NewCampCheck:
    """The outcome of checking the form: problems by field, and the plan when it has one.

    ``timezone`` and ``days`` are the overrides to pass to ``create_camp`` (None keeps
    the definition's own); ``default_timezone`` and ``default_days`` are the definition's.
    """

    fields: NewCampFields
    errors: Mapping[str, str]
    name: str = ""
    start: dt.date | None = None
    timezone: str | None = None
    days: int | None = None
    default_timezone: str = ""
    default_days: int | None = None
    definition: CampDefinition | None = None
    preview: tuple[PreviewDay, ...] = ()
    more: int = 0
    ramp: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: What the camp will be called on the command line (``-2`` is added if it is taken).
    slug: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and self.start is not None and self.definition is not None


class _DefinitionDefaults(TypedDict):
    """The definition's own timezone and days, in every check that got to read it."""

    default_timezone: str
    default_days: int


def ramp_bar(difficulties: list[int]) -> str:
    """``▁▂▂▄▆▆█`` for the difficulties 1..5 of consecutive days."""
    return "".join(_BARS[min(max(d, 1), 5) - 1] for d in difficulties)


def _problems_by_field(error: DefinitionError) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for problem in error.problems:
        key = problem.split(":", 1)[0]
        where = _PROBLEM_FIELDS.get(key)
        text = problem.split(": ", 1)[1] if where else problem
        found.setdefault(where or "source", []).append(text)
    return {where: "; ".join(texts) for where, texts in found.items()}


def _start_problem(text: str) -> str:
    if not text.strip():
        return "Give the first day: YYYY-MM-DD (e.g. 2026-12-01), today or tomorrow."
    return f"{text.strip()!r} is not a date; write YYYY-MM-DD (e.g. 2026-12-01), today or tomorrow."


def _preview(definition: CampDefinition, days) -> tuple[tuple[PreviewDay, ...], int]:
    """Every date from the first active day to the last, rest days included (capped)."""
    lines: list[PreviewDay] = []
    by_date = {day.date: day for day in days}
    date, last = days[0].date, days[-1].date
    total = (last - date).days + 1
    while date <= last and len(lines) < MAX_PREVIEW_LINES:
        day = by_date.get(date)
        if day is None:
            lines.append(PreviewDay(None, date, "", "rest day", ""))
        else:
            lines.append(
                PreviewDay(
                    day.number,
                    date,
                    difficulty_stars(day.difficulty),
                    day.task.title + (" [graded]" if day.task.graded else ""),
                    windows_text(day),
                )
            )
        date += dt.timedelta(days=1)
    return tuple(lines), total - len(lines)


def check_new_camp(fields: NewCampFields, now: pendulum.DateTime) -> NewCampCheck:
    """Check every field of the form and plan the camp when they allow it.

    Problems are one sentence each, keyed by field (see :data:`FIELDS`); nothing is
    written anywhere.
    """
    errors: dict[str, str] = {}
    name = fields.name.strip()
    if not name:
        errors["name"] = "Give the camp a name, e.g. Winter sprint or 冬季文案营."
    days: int | None = None
    if fields.days.strip():
        try:
            days = int(fields.days.strip())
        except ValueError:
            errors["days"] = (
                f"{fields.days.strip()!r} is not a whole number of days; "
                "leave it empty for the definition's own."
            )
    timezone = fields.timezone.strip() or None

    source = fields.source
    if not source:
        errors["source"] = "Pick a built-in template, or give the path of a camp's TOML file."
    elif fields.file.strip() and not Path(source).expanduser().is_file():
        errors["source"] = (
            f"No file at {source}; check the path (a relative one starts in the folder camp "
            "was started from), or clear it to use the template."
        )
    if "source" in errors:
        return NewCampCheck(fields, errors, name=name, timezone=timezone, days=days)
    try:
        _, path = resolve_template(source)
        base, _ = load_definition_file(path)
    except CampError as exc:
        errors["source"] = str(exc)
        return NewCampCheck(fields, errors, name=name, timezone=timezone, days=days)

    # "today" is today where the camp runs: the zone typed, if it is one, else the file's.
    today = local_today(now, timezone, base.timezone)
    start: dt.date | None = None
    try:
        start = parse_start_date(fields.start, today=today)
    except CampError:
        errors["start"] = _start_problem(fields.start)

    defaults: _DefinitionDefaults = {"default_timezone": base.timezone, "default_days": base.days}
    if "days" in errors:
        return NewCampCheck(
            fields, errors, name=name, start=start, timezone=timezone, days=days, **defaults
        )
    try:
        prepared = prepare_camp(
            source,
            # An empty name is reported above; the rest of the form is still checked.
            name=name or base.name,
            start=start or today,
            timezone=timezone,
            days=days,
        )
    except DefinitionError as exc:
        for where, text in _problems_by_field(exc).items():
            errors.setdefault(where, text)
        return NewCampCheck(
            fields, errors, name=name, start=start, timezone=timezone, days=days, **defaults
        )
    except CampError as exc:
        # The rest rules leave too few active days: the number of days is the knob.
        errors.setdefault("days", str(exc))
        return NewCampCheck(
            fields, errors, name=name, start=start, timezone=timezone, days=days, **defaults
        )
    if start is None:
        return NewCampCheck(
            fields,
            errors,
            name=name,
            timezone=timezone,
            days=days,
            definition=prepared.definition,
            **defaults,
        )
    preview, more = _preview(prepared.definition, prepared.days)
    return NewCampCheck(
        fields,
        errors,
        name=name,
        start=start,
        timezone=timezone,
        days=days,
        definition=prepared.definition,
        preview=preview,
        more=more,
        slug=slug_for(name, prepared.template) if name else "",
        ramp=ramp_bar([day.difficulty for day in prepared.days]),
        warnings=tuple(plan_warnings(prepared.days, prepared.definition.rest)),
        **defaults,
    )
