"""The camp's schedule as iCalendar (RFC 5545), for members' own calendars.

One event per check-in window per day, from the window's opening to its due time, with
the day's task in the description and a reminder before the due time. Times carry the
camp's zone (a ``TZID`` and its ``VTIMEZONE``), so a calendar app shows 20:00 as 20:00
in the camp's zone on both sides of a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

from camp.calendar import timezone_for
from camp.errors import CampError
from camp.models import Camp, Day, WindowSlot

__all__ = ["PRODID", "event_uid", "render_ics"]

PRODID = "-//camp//camp schedule//EN"
#: Difficulty runs from 1 to 5 (see the camp definition).
_MAX_STARS = 5

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "summary": "Day {day} · {title}",
        "difficulty": "Difficulty: {stars} ({level}/{top})",
        "graded": "Graded: today's result counts toward the ranking.",
        "keyword": "Check in with: {keyword}",
        "also": " (also {others})",
        "separator": ", ",
        "window": 'Window "{name}": {opens}–{due}',
        "late": "late check-ins until {late_until}",
        "no_late": "no late check-ins",
        "next_day": "{time} (next day)",
        "reminder": "{summary}: check in by {due}",
    },
    "zh": {
        "summary": "第 {day} 天 · {title}",
        "difficulty": "难度：{stars}（{level}/{top}）",
        "graded": "评分：今天的成绩计入排名。",
        "keyword": "打卡口令：{keyword}",
        "also": "（也可用 {others}）",
        "separator": "、",
        "window": "时段「{name}」：{opens}–{due}",
        "late": "迟到可打卡至 {late_until}",
        "no_late": "过时不可补打",
        "next_day": "次日 {time}",
        "reminder": "{summary}：请在 {due} 前打卡",
    },
}


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["en"])


def event_uid(slug: str, day: int, window: str) -> str:
    """The stable UID of a window's event on a day: ``{slug}-d{day}-{window}@camp``.

    Window names may hold spaces or CJK text; they are percent-encoded, which keeps
    the UID ASCII and still tells every window apart (unlike dropping characters).
    """
    return f"{quote(slug, safe='')}-d{day}-{quote(window, safe='')}@camp"


def _in_zone(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # A standard-library datetime in the camp's zone: icalendar takes its TZID from the
    # zone's key, so the events name the camp's zone even for slots computed elsewhere.
    local = moment.astimezone(dt.UTC).astimezone(zone)
    if local.fold and local.utcoffset() != local.replace(fold=0).utcoffset():
        # The second 01:30 of a fall-back night: a TZID time that occurs twice means the
        # first one (RFC 5545, 3.3.5), so this one is written in UTC to keep its instant.
        return local.astimezone(dt.UTC)
    return local


@lru_cache(maxsize=32)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    # Building a VTIMEZONE walks the zone's transitions, which is slow enough to cache.
    return Timezone.from_tzid(tzid, first_date=first, last_date=last)


def _clock(moment: dt.datetime, opened: dt.date, words: dict[str, str]) -> str:
    text = moment.strftime("%H:%M")
    if moment.date() != opened:
        return words["next_day"].format(time=text)
    return text


def _stars(level: int) -> str:
    top = max(_MAX_STARS, level)
    return "★" * level + "☆" * (top - level)


def _description(camp: Camp, day: Day, slot: WindowSlot, zone: ZoneInfo) -> str:
    words = _words(camp.definition.language)
    task = day.task
    opens = _in_zone(slot.open, zone)
    due = _in_zone(slot.due, zone)
    lines: list[str] = []
    if task.body.strip():
        lines += [task.body.strip(), ""]
    lines.append(
        words["difficulty"].format(
            stars=_stars(day.difficulty), level=day.difficulty, top=max(_MAX_STARS, day.difficulty)
        )
    )
    if task.graded:
        lines.append(words["graded"])
    keywords = camp.definition.keywords
    if keywords:
        keyword = words["keyword"].format(keyword=keywords[0])
        if len(keywords) > 1:
            keyword += words["also"].format(others=words["separator"].join(keywords[1:]))
        lines.append(keyword)
    window = words["window"].format(
        name=slot.window.name,
        opens=_clock(opens, opens.date(), words),
        due=_clock(due, opens.date(), words),
    )
    if slot.late_until is not None:
        late_until = _clock(_in_zone(slot.late_until, zone), opens.date(), words)
        late = words["late"].format(late_until=late_until)
    else:
        late = words["no_late"]
    separator = "；" if camp.definition.language == "zh" else "; "
    lines.append(window + separator + late)
    return "\n".join(lines)


def _event(
    camp: Camp,
    day: Day,
    slot: WindowSlot,
    *,
    zone: ZoneInfo,
    stamp: dt.datetime,
    name_window: bool,
    alarm_minutes: int,
) -> Event:
    words = _words(camp.definition.language)
    summary = words["summary"].format(day=day.number, title=day.task.title)
    if name_window:
        # Several windows a day would otherwise give identical titles side by side.
        summary += f" ({slot.window.name})"
    due = _in_zone(slot.due, zone)
    event = Event.new(
        uid=event_uid(camp.slug, day.number, slot.window.name),
        stamp=stamp,
        start=_in_zone(slot.open, zone),
        end=due,
        summary=summary,
        description=_description(camp, day, slot, zone),
    )
    alarm = Alarm.new(description=words["reminder"].format(summary=summary, due=f"{due:%H:%M}"))
    alarm.add("ACTION", "DISPLAY")
    # Relative to the event's end, which is the due time: the reminder follows the
    # event if a member moves it in their calendar.
    alarm.TRIGGER = -dt.timedelta(minutes=alarm_minutes)
    alarm.TRIGGER_RELATED = "END"
    event.add_component(alarm)
    return event


def render_ics(
    camp: Camp,
    days: Sequence[Day],
    *,
    shift: str | None = None,
    alarm_minutes: int = 30,
    stamp: dt.datetime | None = None,
) -> bytes:
    """The camp's schedule as an iCalendar file: one event per window per day.

    Each event runs from the window's opening to its due time in the camp's zone; the
    description holds the task, its difficulty, whether it is graded, the check-in
    keyword and the late period, and a display alarm fires ``alarm_minutes`` before the
    due time. ``shift`` keeps only that window's events (a CampError names the windows
    when there is no such window).

    ``stamp`` is the DTSTAMP of every event, the moment of the export as the caller's
    clock tells it. Without it, the camp's start date at midnight UTC is used, so the
    same schedule always gives the same bytes.
    """
    defn = camp.definition
    if shift is not None and defn.window(shift) is None:
        names = ", ".join(w.name for w in defn.windows)
        raise CampError(f"The camp {camp.name!r} has no window {shift!r}; use one of: {names}.")
    if alarm_minutes < 0:
        raise CampError(
            f"The reminder cannot come {alarm_minutes} minutes before the due time; "
            "use 0 or more minutes."
        )
    timezone_for(camp.timezone)  # an unknown zone is a CampError with an example
    zone = ZoneInfo(camp.timezone)
    if stamp is None:
        stamp = dt.datetime.combine(camp.start, dt.time(), dt.UTC)
    elif stamp.tzinfo is None:
        raise CampError("The export time must carry a timezone (an aware datetime).")
    stamp = stamp.astimezone(dt.UTC)

    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", camp.name)
    calendar.add("X-WR-TIMEZONE", camp.timezone)
    if defn.description:
        calendar.add("X-WR-CALDESC", defn.description)

    slots = [
        (day, slot)
        for day in days
        for slot in day.slots
        if shift is None or slot.window.name == shift
    ]
    moments = [camp.start] + [
        _in_zone(moment, zone).date() for _, slot in slots for moment in (slot.open, slot.closes)
    ]
    # The zone's rules must cover every event, including a late period after midnight
    # on New Year's Eve: whole years, up to the first day of the year after the last.
    first = dt.date(min(moments).year, 1, 1)
    last = dt.date(max(moments).year + 1, 1, 1)
    calendar.add_component(_vtimezone(camp.timezone, first, last))

    name_window = shift is None and len(defn.windows) > 1
    for day, slot in slots:
        calendar.add_component(
            _event(
                camp,
                day,
                slot,
                zone=zone,
                stamp=stamp,
                name_window=name_window,
                alarm_minutes=alarm_minutes,
            )
        )
    return calendar.to_ical()
