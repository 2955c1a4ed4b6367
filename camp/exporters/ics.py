"""The camp's schedule as iCalendar (RFC 5545), for members' own calendars.

One event per check-in window per day, from the window's opening to the last moment a
check-in still counts (its due time, or the end of its late period), with the day's task
and the late period in the description and a reminder before the due time. Times carry
the camp's zone (a ``TZID`` and its ``VTIMEZONE``), so a calendar app shows 20:00 as
20:00 in the camp's zone on both sides of a daylight-saving change.

Each event's UID holds the camp's calendar token (random, made once per camp and kept
in its database), so two databases' camps of the same slug never share an event in a
member's calendar; a member's own calendar has UIDs of its own. ``SEQUENCE`` and
``LAST-MODIFIED`` come from the event's stored revision, so an export says which days
changed since the last one and calendar apps take the new task.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone

from camp.calendar import timezone_for
from camp.errors import CampError
from camp.models import Camp, Day, WindowSlot

__all__ = [
    "PRODID",
    "CalendarMember",
    "EventRevision",
    "event_contents",
    "event_uid",
    "render_ics",
]

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
        "window": 'Window "{name}": on time {opens}–{due}',
        "late": "late check-ins until {late_until} earn {share} of the points",
        "late_no_points": "late check-ins until {late_until} earn no points but keep the streak",
        "no_late": "no late check-ins",
        "next_day": "{time} (next day)",
        "reminder": "{summary}: check in by {due}",
        "member_name": "{camp} · {member}",
        "member_description": "The check-in times of {member} in {camp}.",
        "on_leave": "On leave · {summary}",
        "leave_note": "{member} is on leave this day: no check-in is needed.",
    },
    "zh": {
        "summary": "第 {day} 天 · {title}",
        "difficulty": "难度：{stars}（{level}/{top}）",
        "graded": "评分：今天的成绩计入排名。",
        "keyword": "打卡口令：{keyword}",
        "also": "（也可用 {others}）",
        "separator": "、",
        "window": "时段「{name}」：准时 {opens}–{due}",
        "late": "迟到可打卡至 {late_until}，得 {share} 的积分",
        "late_no_points": "迟到可打卡至 {late_until}，不得积分但保持连续",
        "no_late": "过时不可补打",
        "next_day": "次日 {time}",
        "reminder": "{summary}：请在 {due} 前打卡",
        "member_name": "{camp} · {member}",
        "member_description": "{member} 在「{camp}」的打卡时间。",
        "on_leave": "请假 · {summary}",
        "leave_note": "{member} 这天请假，不用打卡。",
    },
}


# RFC 5545 allows no control characters in TEXT but the tab (a newline is written as
# "\n"); C1 controls go too, since a lone \x9b starts a terminal sequence.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    """``value`` fit for a TEXT property: line ends as newlines, and any other control
    character that came with the data (a name with an escape sequence) written out as
    ``\\x1b``, so a calendar file printed on a terminal is shown, never obeyed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", value)


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["en"])


@dataclass(frozen=True)
class EventRevision:
    """How often a day's window event changed after the camp was made, and when last."""

    sequence: int
    modified: dt.datetime


@dataclass(frozen=True)
class CalendarMember:
    """The member a calendar of their own is for: named in it, their id in its UIDs."""

    id: int
    name: str
    #: The member's approved leave days (bit ``d - 1`` for day ``d``) and when the last
    #: was decided: their events are cancelled, with no reminder.
    leave: int = 0
    leave_decided: dt.datetime | None = None


def _encoded(text: str) -> str:
    # Percent-encoded with "." encoded too, so "." only ever separates the UID's parts.
    return quote(text, safe="").replace(".", "%2E")


def event_uid(
    slug: str, day: int, window: str, *, token: str | None = None, member: int | None = None
) -> str:
    """The UID of a window's event on a day: ``{slug}-d{day}-{window}[.m{member}].{token}@camp``.

    ``token`` is the camp's calendar token (random, kept in its database): two
    databases' camps of the same slug never share a UID. ``member`` (a member's id)
    gives a member's own calendar UIDs apart from the camp's, so a member who imports
    both gets every event once from each. Slug and window names may hold spaces, dots
    or CJK text; they are percent-encoded, which keeps the UID ASCII and still tells
    every window apart (unlike dropping characters).
    """
    uid = f"{_encoded(slug)}-d{day}-{_encoded(window)}"
    if member is not None:
        uid += f".m{member}"
    if token:
        uid += f".{_encoded(token)}"
    return uid + "@camp"


def _in_zone(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # A standard-library datetime in the camp's zone: icalendar takes its TZID from the
    # zone's key, so the events name the camp's zone even for slots computed elsewhere.
    local = moment.astimezone(dt.UTC).astimezone(zone)
    if local.fold and local.utcoffset() != local.replace(fold=0).utcoffset():
        # The second 01:30 of a fall-back night: a TZID time that occurs twice means the
        # first one (RFC 5545, 3.3.5), so this one is written in UTC to keep its instant.
        return local.astimezone(dt.UTC)
    return local


def _wall(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """``moment`` on the camp's clocks, for text people read: the second 01:30 of a
    fall-back night reads 01:30 (``_in_zone`` would write it in UTC for the calendar)."""
    return moment.astimezone(dt.UTC).astimezone(zone)


@lru_cache(maxsize=32)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    # Building a VTIMEZONE walks the zone's transitions, which is slow enough to cache.
    return Timezone.from_tzid(tzid, first_date=first, last_date=last)


def _clock(moment: dt.datetime, opened: dt.date, words: dict[str, str]) -> str:
    text = moment.strftime("%H:%M")
    if moment.date() != opened:
        return words["next_day"].format(time=text)
    return text


def _share(factor: Decimal) -> str:
    # 0.5 -> "50%", 0.35 -> "35%", 1/3 written as 0.333 -> "33.3%": exact, no float.
    percent = (Decimal(factor) * 100).normalize()
    return f"{percent:f}%"


def _stars(level: int) -> str:
    top = max(_MAX_STARS, level)
    return "★" * level + "☆" * (top - level)


def _description(camp: Camp, day: Day, slot: WindowSlot, zone: ZoneInfo) -> str:
    words = _words(camp.definition.language)
    task = day.task
    opens = _wall(slot.open, zone)
    due = _wall(slot.due, zone)
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
        late_until = _clock(_wall(slot.late_until, zone), opens.date(), words)
        factor = camp.definition.scoring.late_factor
        if factor > 0:
            late = words["late"].format(late_until=late_until, share=_share(factor))
        else:
            late = words["late_no_points"].format(late_until=late_until)
    else:
        late = words["no_late"]
    separator = "；" if camp.definition.language == "zh" else "; "
    lines.append(window + separator + late)
    return _text("\n".join(lines))


def _summary(camp: Camp, day: Day, slot: WindowSlot, *, name_window: bool) -> str:
    summary = _words(camp.definition.language)["summary"].format(
        day=day.number, title=day.task.title
    )
    if name_window:
        # Several windows a day would otherwise give identical titles side by side.
        summary += f" ({slot.window.name})"
    return _text(summary)


def _seconds(later: dt.datetime, earlier: dt.datetime) -> dt.timedelta:
    # Between instants (not wall clocks), so a late period across a DST change is exact.
    return dt.timedelta(seconds=round(later.timestamp() - earlier.timestamp()))


def _event(
    camp: Camp,
    day: Day,
    slot: WindowSlot,
    *,
    zone: ZoneInfo,
    stamp: dt.datetime,
    uid: str,
    revision: EventRevision,
    created: dt.datetime,
    name_window: bool,
    alarm_minutes: int,
    on_leave: str | None = None,
) -> Event:
    """A window's event; ``on_leave`` (the member's name) makes it their day of leave:
    cancelled, said so, with no reminder."""
    words = _words(camp.definition.language)
    summary = _summary(camp, day, slot, name_window=name_window)
    description = _description(camp, day, slot, zone)
    if on_leave is not None:
        summary = words["on_leave"].format(summary=summary)
        description = words["leave_note"].format(member=on_leave) + "\n\n" + description
    due = _wall(slot.due, zone)  # for the reminder's text
    event = Event.new(
        uid=uid,
        stamp=stamp,
        # A late check-in still counts (SPEC section 4), so the event lasts until the
        # late period ends; the description says when "on time" ends.
        start=_in_zone(slot.open, zone),
        end=_in_zone(slot.closes, zone),
        summary=summary,
        description=description,
        sequence=revision.sequence,
        created=created,
        last_modified=revision.modified,
    )
    if on_leave is not None:
        event.add("STATUS", "CANCELLED")
        return event
    alarm = Alarm.new(description=words["reminder"].format(summary=summary, due=f"{due:%H:%M}"))
    alarm.add("ACTION", "DISPLAY")
    before_end = _seconds(slot.closes, slot.due) + dt.timedelta(minutes=alarm_minutes)
    ends = _in_zone(slot.closes, zone)
    fires = _in_zone(slot.due - dt.timedelta(minutes=alarm_minutes), zone)
    if fires.utcoffset() == ends.utcoffset():
        # Relative to the event's end, always before it: the due time is the end less
        # the late period, and the reminder follows the event if a member moves it.
        alarm.TRIGGER = -before_end
        alarm.TRIGGER_RELATED = "END"
    else:
        # A clock change between the reminder and the end: RFC 5545 counts the duration
        # exactly, but some apps count it on the wall clock, an hour off. The moment
        # itself (in UTC, as a date-time trigger must be) reads the same everywhere.
        alarm.add("TRIGGER", fires.astimezone(dt.UTC), parameters={"VALUE": "DATE-TIME"})
    event.add_component(alarm)
    return event


def event_contents(camp: Camp, days: Sequence[Day]) -> dict[tuple[int, str], str]:
    """What each day's window event shows, as a digest keyed by (day, window name).

    Two plans of a camp whose digests differ for a key are two revisions of that event
    (a new task, new times, a new late period): the caller bumps its SEQUENCE.
    """
    zone = ZoneInfo(camp.timezone)
    name_window = len(camp.definition.windows) > 1
    contents = {}
    for day in days:
        for slot in day.slots:
            shown = "\n".join(
                [
                    _summary(camp, day, slot, name_window=name_window),
                    _description(camp, day, slot, zone),
                    *(
                        moment.astimezone(dt.UTC).isoformat()
                        for moment in (slot.open, slot.due, slot.closes)
                    ),
                ]
            )
            digest = hashlib.sha256(shown.encode("utf-8")).hexdigest()
            contents[(day.number, slot.window.name)] = digest
    return contents


def _utc(moment: dt.datetime, what: str) -> dt.datetime:
    if moment.tzinfo is None:
        raise CampError(f"The {what} must carry a timezone (an aware datetime).")
    # Whole seconds in UTC: what iCalendar can write, so a re-read compares equal.
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def render_ics(
    camp: Camp,
    days: Sequence[Day],
    *,
    shift: str | None = None,
    member: CalendarMember | None = None,
    token: str | None = None,
    revisions: Mapping[tuple[int, str], EventRevision] | None = None,
    created: dt.datetime | None = None,
    alarm_minutes: int = 30,
    stamp: dt.datetime | None = None,
) -> bytes:
    """The camp's schedule as an iCalendar file: one event per window per day.

    Each event runs from the window's opening to the end of its late period (or its due
    time) in the camp's zone; the description holds the task, its difficulty, whether
    it is graded, the check-in keyword, the due time and the late period, and a display
    alarm fires ``alarm_minutes`` before the due time. ``shift`` keeps only that
    window's events (a CampError names the windows when there is no such window).

    ``member`` makes the member's own calendar: named after the member and the camp,
    with UIDs of its own. ``token`` (the camp's calendar token) goes into every UID.
    ``revisions`` holds, by (day, window name), the SEQUENCE and LAST-MODIFIED of the
    events that changed; the others are at SEQUENCE 0, last modified at ``created``
    (when the camp was made; by default its start date at midnight UTC).

    ``stamp`` is the DTSTAMP of every event, the moment of the export as the caller's
    clock tells it (RFC 5545: with a METHOD, the moment the calendar object was made).
    Without it, the camp's start date at midnight UTC is used, so the same schedule
    always gives the same bytes.
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
    midnight = dt.datetime.combine(camp.start, dt.time(), dt.UTC)
    stamp = _utc(midnight if stamp is None else stamp, "export time")
    created = _utc(midnight if created is None else created, "camp's creation time")
    revisions = revisions or {}

    words = _words(defn.language)
    name, description = camp.name, defn.description
    if member is not None:
        name = words["member_name"].format(camp=camp.name, member=member.name)
        description = words["member_description"].format(camp=camp.name, member=member.name)
    name, description = _text(name), _text(description or "")
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # NAME and DESCRIPTION (RFC 7986) with the X-WR- names older apps read.
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("X-WR-TIMEZONE", camp.timezone)
    if description:
        calendar.add("DESCRIPTION", description)
        calendar.add("X-WR-CALDESC", description)

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
    unchanged = EventRevision(sequence=0, modified=created)
    for day, slot in slots:
        revision = revisions.get((day.number, slot.window.name), unchanged)
        revision = EventRevision(revision.sequence, _utc(revision.modified, "revision time"))
        on_leave = member is not None and bool(member.leave >> (day.number - 1) & 1)
        if on_leave and member is not None:
            # A change to the event as the member had it: one more SEQUENCE, so that a
            # calendar holding the earlier export takes the cancellation.
            decided = _utc(member.leave_decided or revision.modified, "leave decision")
            revision = EventRevision(revision.sequence + 1, max(revision.modified, decided))
        calendar.add_component(
            _event(
                camp,
                day,
                slot,
                zone=zone,
                stamp=stamp,
                uid=event_uid(
                    camp.slug,
                    day.number,
                    slot.window.name,
                    token=token,
                    member=None if member is None else member.id,
                ),
                revision=revision,
                created=created,
                name_window=name_window,
                alarm_minutes=alarm_minutes,
                on_leave=member.name if on_leave and member is not None else None,
            )
        )
    return calendar.to_ical()
