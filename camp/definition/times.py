"""Times of day and durations as a camp file writes them, and minutes on the 24-hour clock."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = [
    "MINUTES_PER_DAY",
    "add_minutes",
    "format_duration",
    "format_time",
    "minute_of_day",
    "minutes_forward",
    "parse_duration",
    "parse_time",
]

MINUTES_PER_DAY = 24 * 60

_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})")
_DURATION_RE = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?")


def format_time(value: dt.time) -> str:
    """A time of day as the file writes it: ``"HH:MM"``."""
    return f"{value.hour:02d}:{value.minute:02d}"


def format_duration(minutes: int) -> str:
    """``30`` -> ``"30m"``, ``90`` -> ``"1h30m"``, ``120`` -> ``"2h"``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest}m" if rest else f"{hours}h"


def parse_time(value: Any) -> dt.time | None:
    if isinstance(value, dt.time):
        if value.second or value.microsecond or value.tzinfo is not None:
            return None
        return dt.time(value.hour, value.minute)
    if isinstance(value, str):
        match = _TIME_RE.fullmatch(value.strip())
        if match:
            hour, minute = int(match[1]), int(match[2])
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
    return None


def parse_duration(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    match = _DURATION_RE.fullmatch(value.strip().lower())
    if not match or not (match[1] or match[2]):
        return None
    return int(match[1] or 0) * 60 + int(match[2] or 0)


def minute_of_day(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def add_minutes(value: dt.time, minutes: int) -> dt.time:
    total = (minute_of_day(value) + minutes) % MINUTES_PER_DAY
    return dt.time(total // 60, total % 60)


def minutes_forward(start: dt.time, end: dt.time) -> int:
    """Minutes from ``start`` forward to ``end`` on the 24-hour clock (0 when equal)."""
    return (minute_of_day(end) - minute_of_day(start)) % MINUTES_PER_DAY
