"""What the scheduler does and when: a camp's events, derived from its definition and days.

Everything here is pure: a camp's slug, definition and planned days in, a sorted list
of :class:`PlannedEvent` out. No database and no clock; the scheduler stores the events
(:meth:`PlannedEvent.to_row`) and fires them. Times are the camp's local wall clock,
built with pendulum from a date and a time of day in the camp's zone, so a camp that
runs across a daylight-saving change keeps posting at the same local hour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pendulum

from camp.calendar import local_datetime, timezone_for
from camp.clock import utc_text
from camp.errors import CampError
from camp.models import CampDefinition, Ceremony, Day

__all__ = [
    "CLOSE_GRACE_MINUTES",
    "EVENT_KINDS",
    "INACTIVITY_DELAY_MINUTES",
    "PAIRING_DELAY_MINUTES",
    "TASK_LEAD_MINUTES",
    "PlannedEvent",
    "derive_events",
    "event_key",
    "next_event",
]

#: Every kind of event, in the order events due at the same instant are sorted and fired.
EVENT_KINDS: tuple[str, ...] = (
    "opening",
    "task",
    "reminder",
    "close",
    "summary",
    "inactivity",
    "pairing",
    "closing",
)

#: Without ``reminders.task_post``, the task is posted this long before the first window.
TASK_LEAD_MINUTES = 30
#: A summary or closing ceremony that would come before a day's last close is moved to
#: this long after it, so that it reports the final check-ins and misses.
CLOSE_GRACE_MINUTES = 5
#: Inactivity warnings follow the day's last close by this much, once misses are final.
INACTIVITY_DELAY_MINUTES = 1
#: A pair camp's auto-pairing follows the close of day ``pair_by_day`` by this much:
#: after its inactivity check, before any summary (which is never earlier than 5 minutes
#: after the close), so the next standings already count the new pairs.
PAIRING_DELAY_MINUTES = 2

_KIND_ORDER = {kind: index for index, kind in enumerate(EVENT_KINDS)}
# Which parts of the key each kind needs; ceremonies happen once per camp.
_KEY_PARTS: dict[str, tuple[str, ...]] = {
    "opening": (),
    "task": ("day",),
    "reminder": ("day", "window", "offset"),
    "close": ("day", "window"),
    "summary": ("day",),
    "inactivity": ("day",),
    "pairing": ("day",),
    "closing": (),
}


@dataclass(frozen=True)
class PlannedEvent:
    """One thing the scheduler does at ``due`` (aware, in the camp's zone).

    ``day`` is the camp day the event belongs to (for ceremonies, the day they are held
    on); ``window`` names the window of a reminder or a close; ``offset`` is a
    reminder's distance in minutes before the window's due time.
    """

    key: str
    kind: str
    day: int | None
    window: str | None
    due: pendulum.DateTime
    offset: int | None = None

    def to_row(self, camp_id: int) -> dict:
        """The event as a row of the events table, pending; ``due`` as UTC text."""
        return {
            "key": self.key,
            "camp_id": camp_id,
            "kind": self.kind,
            "day": self.day,
            "window_name": self.window,
            "due": utc_text(self.due),
            "status": "pending",
        }


def _key_part(text: str) -> str:
    # Slugs and window names are free text here: escape the separator so that two
    # different events can never produce the same key.
    return text.replace("%", "%25").replace("/", "%2F")


def _join_key(
    prefix: str, kind: str, day: int | None, window_part: str | None, offset: int | None
) -> str:
    # ``prefix`` and ``window_part`` are already escaped; derive_events escapes each once.
    key = prefix + kind
    if day is not None:
        key += f"/d{day}"
    if window_part is not None:
        key += "/" + window_part
    if offset is not None:
        key += f"/{offset}m"
    return key


def event_key(
    slug: str,
    kind: str,
    day: int | None,
    window: str | None = None,
    offset: int | None = None,
) -> str:
    """The deterministic, readable key of an event.

    ``slug/kind``, then ``/d<day>``, ``/<window>`` and ``/<offset>m`` for the parts
    given: ``cp-week/reminder/d3/night/30m``, ``cp-week/close/d2/night``,
    ``cp-week/task/d2``, ``cp-week/opening``. The same inputs give the same key in any
    process. Raises ``ValueError`` for an unknown kind or a missing part the kind needs.
    """
    needed = _KEY_PARTS.get(kind)
    if needed is None:
        raise ValueError(f"unknown event kind {kind!r}; expected one of {', '.join(EVENT_KINDS)}")
    given = {"day": day, "window": window, "offset": offset}
    missing = [part for part in needed if given[part] is None]
    if missing:
        raise ValueError(f"a {kind} event key needs {' and '.join(missing)}")
    window_part = None if window is None else _key_part(window)
    return _join_key(_key_part(slug) + "/", kind, day, window_part, offset)


def _shifted(moment: pendulum.DateTime, minutes: int, zone: pendulum.Timezone) -> pendulum.DateTime:
    """``moment`` moved by ``minutes`` of elapsed time (not wall clock), in ``zone``."""
    # The same result as pendulum's add(minutes=...) (absolute time, right across a DST
    # jump) at a third of the cost: the standard library converts the epoch instant.
    local = dt.datetime.fromtimestamp(moment.timestamp() + minutes * 60, zone)
    return pendulum.DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tzinfo=zone,
        fold=local.fold,
    )


def _sort_key(event: PlannedEvent) -> tuple:
    # Epoch seconds, not datetimes: Python compares two datetimes of the same zone by
    # wall clock, which is wrong inside the repeated hour of a fall-back night.
    return (
        event.due.timestamp(),
        _KIND_ORDER[event.kind],
        event.day or 0,
        event.window or "",
        event.offset or 0,
    )


def _first_open(day: Day) -> pendulum.DateTime | None:
    return min((slot.open for slot in day.slots), key=lambda t: t.timestamp(), default=None)


def _last_close(day: Day) -> pendulum.DateTime | None:
    return max((slot.closes for slot in day.slots), key=lambda t: t.timestamp(), default=None)


def _not_before(
    moment: pendulum.DateTime,
    close: pendulum.DateTime | None,
    zone: pendulum.Timezone,
    pairing: pendulum.DateTime | None = None,
) -> pendulum.DateTime:
    """``moment``, or ``close`` plus the grace when ``moment`` is not after ``close``
    (nor after the ``pairing`` that follows the close, when there is one).

    A moment equal to the close is moved too: two events due at the same instant may
    run at once, and what comes after a close must see its misses made final (and its
    standings the pairs just made).
    """
    if close is None:
        return moment
    t = moment.timestamp()
    if t > close.timestamp() and (pairing is None or t > pairing.timestamp()):
        return moment
    return _shifted(close, CLOSE_GRACE_MINUTES, zone)


def _ceremony_day(
    ceremony: Ceremony, name: str, days: Sequence[Day], by_number: dict[int, Day]
) -> Day:
    if ceremony.day is None:
        return days[-1]
    day = by_number.get(ceremony.day)
    if day is None:
        raise CampError(
            f"The {name} ceremony is on day {ceremony.day}, but the camp has days "
            f"{days[0].number} to {days[-1].number}; set ceremonies.{name}.day to one of them."
        )
    return day


def derive_events(slug: str, definition: CampDefinition, days: Sequence[Day]) -> list[PlannedEvent]:
    """Every event of a camp, sorted by (due, kind in ``EVENT_KINDS`` order, day, window).

    ``days`` are the camp's planned days (``plan_days``); rest days have no events.

    - opening / closing: the ceremony's day (``None``: the last day) at its time; a
      closing that is not after the last day's last close moves to 5 minutes after it.
      A ceremony day the camp does not have raises :class:`CampError`.
    - task: each day at ``reminders.task_post``, or 30 minutes before the first window
      opens when it is unset; never after the first window opens.
    - reminder: each window of each day, each ``before_due`` minutes before due;
      skipped when that is before the window opens.
    - close: each window of each day at its close (``late_until``, else ``due``).
    - summary: each day but the last, at ``reminders.summary`` on the next active
      date (the next calendar date unless rest days follow; none when unset); moved to
      5 minutes after the day's last close if it would not come after it.
    - inactivity: each day, 1 minute after its last close.
    - pairing: in a pair camp with ``pair_by_day``, 2 minutes after that day's last
      close (the members still alone are paired then); none when the camp is shorter.
    """
    if not days:
        return []
    zone = timezone_for(definition.timezone)
    reminders = definition.reminders
    by_number = {day.number: day for day in days}
    last_day = days[-1]
    prefix = _key_part(slug) + "/"
    window_parts = {window.name: _key_part(window.name) for window in definition.windows}
    pairing_day = definition.pair_by_day if definition.group == "pair" else None
    pairing_due: pendulum.DateTime | None = None
    keyed: list[tuple[tuple, PlannedEvent]] = []

    def add(
        kind: str,
        day: Day,
        due: pendulum.DateTime,
        window: str | None = None,
        offset: int | None = None,
    ) -> None:
        if due.tzinfo is not zone:
            due = due.in_tz(zone)
        key_day = None if kind in ("opening", "closing") else day.number
        window_part = None
        if window is not None:
            window_part = window_parts.get(window) or _key_part(window)
        event = PlannedEvent(
            key=_join_key(prefix, kind, key_day, window_part, offset),
            kind=kind,
            day=day.number,
            window=window,
            due=due,
            offset=offset,
        )
        # The sort key is computed once here: deriving many camps is on the scheduler's
        # start-up path.
        keyed.append(
            ((due.timestamp(), _KIND_ORDER[kind], day.number, window or "", offset or 0), event)
        )

    opening = definition.ceremonies.opening
    if opening is not None:
        day = _ceremony_day(opening, "opening", days, by_number)
        add("opening", day, local_datetime(day.date, opening.at, zone))

    for index, day in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else None
        first_open = _first_open(day)
        last_close = _last_close(day)

        if reminders.task_post is not None:
            post = local_datetime(day.date, reminders.task_post, zone)
            if first_open is not None and post.timestamp() > first_open.timestamp():
                post = first_open  # a task must never arrive after its window opened
            add("task", day, post)
        elif first_open is not None:
            add("task", day, _shifted(first_open, -TASK_LEAD_MINUTES, zone))

        for slot in day.slots:
            name = slot.window.name
            opens = slot.open.timestamp()
            for minutes in reminders.before_due:
                # Minutes are absolute time: "30 minutes before due" even across a DST jump.
                at = _shifted(slot.due, -minutes, zone)
                if at.timestamp() >= opens:
                    add("reminder", day, at, name, minutes)
            add("close", day, slot.closes, name)

        # The members still alone are paired after the close of day ``pair_by_day``;
        # what reports that day (its summary, a closing on it) comes after the pairing.
        pairing: pendulum.DateTime | None = None
        if last_close is not None and pairing_day == day.number:
            pairing = pairing_due = _shifted(last_close, PAIRING_DELAY_MINUTES, zone)
            add("pairing", day, pairing)

        if reminders.summary is not None and following is not None:
            # The morning after day d, on the next active date: a rest day stays quiet,
            # so Friday's standings come on Monday morning in a camp that rests at weekends.
            at = local_datetime(following.date, reminders.summary, zone)
            add("summary", day, _not_before(at, last_close, zone, pairing))

        if last_close is not None:
            add("inactivity", day, _shifted(last_close, INACTIVITY_DELAY_MINUTES, zone))

    closing = definition.ceremonies.closing
    if closing is not None:
        day = _ceremony_day(closing, "closing", days, by_number)
        at = local_datetime(day.date, closing.at, zone)
        add("closing", day, _not_before(at, _last_close(last_day), zone, pairing_due))

    keyed.sort(key=lambda pair: pair[0])
    return [event for _, event in keyed]


def next_event(events: Iterable[PlannedEvent], now: pendulum.DateTime) -> PlannedEvent | None:
    """The first event due strictly after ``now`` (in sort order), or ``None``."""
    t = now.timestamp()
    upcoming = (event for event in events if event.due.timestamp() > t)
    return min(upcoming, key=_sort_key, default=None)
