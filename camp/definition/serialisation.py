"""A camp definition to and from its file format: TOML text and files in, a dict out.

The dict ``definition_to_dict`` writes is the file format itself, so it is both the
TOML an operator could save and the JSON camp keeps in its database.
"""

from __future__ import annotations

import copy
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from camp.definition.sections import DEFAULTS, parse_definition
from camp.definition.times import format_duration, format_time
from camp.errors import CampError, DefinitionError
from camp.models import Bot, CampDefinition, Ceremony, Task

__all__ = [
    "apply_overrides",
    "definition_to_dict",
    "load_definition_file",
    "load_definition_text",
]

_TOML_POSITION_RE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def load_definition_text(text: str, source: str) -> tuple[CampDefinition, dict]:
    """Parse and validate TOML text; returns the definition and the raw parsed TOML."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POSITION_RE.search(message)
        if match:
            message = message[: match.start()]
            where = f"line {match[1]}, column {match[2]}"
        else:
            where = "the end of the file" if "end of document" in message else "somewhere"
            message = re.sub(r"\s*\(at end of document\)$", "", message)
        raise DefinitionError(
            source,
            [
                f"TOML syntax error at {where}: {message}; fix the syntax there "
                '(text needs quotes, e.g. name = "Night camp"; tables are written [name])'
            ],
        ) from None
    return parse_definition(data, source), data


def load_definition_file(path: str | Path) -> tuple[CampDefinition, dict]:
    """Read, parse and validate a camp definition file."""
    path = Path(path)
    if not path.is_file():
        raise CampError(
            f"No camp definition at {path}; check the path, or run `camp templates` "
            "to see the built-in templates."
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CampError(f"Cannot read the camp definition {path}: {error.strerror}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DefinitionError(
            str(path), [f"the file is not UTF-8 text (byte {error.start}); save it as UTF-8"]
        ) from None
    return load_definition_text(text, str(path))


def apply_overrides(
    data: dict,
    *,
    name: str | None = None,
    timezone: str | None = None,
    days: int | None = None,
) -> dict:
    """A copy of raw definition data with ``camp.name`` / ``timezone`` / ``days`` replaced.

    ``None`` leaves a value as it is; the caller parses the result again.
    """
    result = copy.deepcopy(data)
    camp = result.setdefault("camp", {})
    if not isinstance(camp, dict):
        return result  # parse_definition reports the broken [camp]
    for key, value in (("name", name), ("timezone", timezone), ("days", days)):
        if value is not None:
            camp[key] = value
    return result


def _task_to_dict(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "body": task.body,
        "difficulty": task.difficulty,
        "graded": task.graded,
    }


def _ceremony_to_dict(ceremony: Ceremony | None) -> dict[str, Any] | bool:
    if ceremony is None:
        return False
    return {"day": "last" if ceremony.day is None else ceremony.day, "at": format_time(ceremony.at)}


def _bot_to_dict(bot: Bot) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": bot.type, "chat": bot.chat}
    # TOML has no null: absent keys stand for None (api_base then means the default).
    for key in ("token_env", "app_token_env", "app_id", "secret_env", "api_base", "url"):
        value = getattr(bot, key)
        if value is not None:
            entry[key] = value
    entry["reply"] = bot.reply
    return entry


def _amount(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def definition_to_dict(defn: CampDefinition) -> dict:
    """The definition in the file format, serialisable as JSON and as TOML.

    Times are ``"HH:MM"``, durations ``"30m"``, the last day ``"last"``, turned-off
    ceremonies and reminders ``false``; ``parse_definition`` of the result equals ``defn``.
    """
    camp: dict[str, Any] = {
        "name": defn.name,
        "description": defn.description,
        "timezone": defn.timezone,
        "language": defn.language,
        "days": defn.days,
        "rest": list(defn.rest),
        "keywords": list(defn.keywords),
        "group": defn.group,
        "checkin_mode": defn.checkin_mode,
    }
    # TOML has no null: absent keys stand for None.
    if defn.pair_by_day is not None:
        camp["pair_by_day"] = defn.pair_by_day
    if defn.pair_odd != DEFAULTS.pair_odd:
        camp["pair_odd"] = defn.pair_odd
    if defn.font is not None:
        camp["font"] = defn.font
    if defn.messages is not None:
        camp["messages"] = defn.messages
    if defn.platform != DEFAULTS.platform:
        camp["platform"] = defn.platform
    windows = []
    for window in defn.windows:
        entry = {
            "name": window.name,
            "open": format_time(window.open),
            "due": format_time(window.due),
        }
        if window.late_until is not None:
            entry["late_until"] = format_time(window.late_until)
        windows.append(entry)
    plan = defn.tasks
    tasks: dict[str, Any] = {
        "ramp": plan.ramp,
        "difficulty": plan.difficulty[0] if plan.ramp == "fixed" else list(plan.difficulty),
        "pool": [_task_to_dict(task) for task in plan.pool],
        "days": [{"day": day, **_task_to_dict(task)} for day, task in sorted(plan.by_day.items())],
    }
    s = defn.scoring
    # The factors go out as JSON numbers, as the databases of earlier releases hold them;
    # a float of a decimal with few places reads back as that decimal (exact_decimal).
    scoring = {
        "base": s.base,
        "by_difficulty": s.by_difficulty,
        "late_factor": float(s.late_factor),
        "makeup_factor": float(s.makeup_factor),
        "makeup_limit": s.makeup_limit,
        "streak_bonus": s.streak_bonus,
        "streak_cap": s.streak_cap,
        "pair_bonus": s.pair_bonus,
        "graded_points": s.graded_points,
        "team": s.team,
        "rank_by": s.rank_by,
    }
    r = defn.reminders
    reminders = {
        "before_due": [format_duration(m) for m in r.before_due],
        "task_post": format_time(r.task_post) if r.task_post else False,
        "summary": format_time(r.summary) if r.summary else False,
    }
    if r.weekly_board:
        reminders["weekly_board"] = True
    extra: dict[str, Any] = {}
    if defn.outcomes is not None:
        extra["outcomes"] = {
            "pass": {"min_days": defn.outcomes.pass_min_days},
            "perfect": "all" if defn.outcomes.perfect else False,
        }
    if defn.stakes is not None:
        # Amounts go out as text-exact numbers: whole ones as integers, cents as floats
        # whose shortest form is the amount (exact_decimal reads them back exactly).
        extra["stakes"] = {
            "deposit": _amount(defn.stakes.deposit),
            "fine_per_miss": _amount(defn.stakes.fine_per_miss),
            "refund": defn.stakes.refund,
            "pool": defn.stakes.pool,
        }
    return {
        "camp": camp,
        "windows": windows,
        "tasks": tasks,
        "scoring": scoring,
        "ceremonies": {
            "opening": _ceremony_to_dict(defn.ceremonies.opening),
            "closing": _ceremony_to_dict(defn.ceremonies.closing),
        },
        "reminders": reminders,
        "members": {
            "inactive_after": defn.members.inactive_after,
            "remove_after": defn.members.remove_after,
            "inactive_by": defn.members.inactive_by,
            "add_unknown": defn.members.add_unknown,
            "leave_quota": defn.members.leave_quota,
        },
        "channels": [{"type": channel.type, **channel.options} for channel in defn.channels],
        "bots": [_bot_to_dict(bot) for bot in defn.bots],
        **extra,
    }
