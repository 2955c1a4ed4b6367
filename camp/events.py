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
from dataclasses import dataclass, field
from functools import lru_cache

import pendulum

from camp.calendar import local_datetime, timezone_for
from camp.clock import utc_text
from camp.errors import CampError
from camp.models import CampDefinition, Ceremonies, Ceremony, Day, Reminders, Window, WindowSlot

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
    "planned_rows",
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
    #: ``due`` in epoch seconds, when the derivation knew it (not part of the event's
    #: identity: two events are equal by their fields above).
    epoch: float | None = field(default=None, compare=False, repr=False)

    @property
    def due_text(self) -> str:
        """``due`` as the UTC text the events table stores."""
        if self.epoch is None or not self.epoch.is_integer():
            return utc_text(self.due)
        return _utc_text_at(int(self.epoch))

    def to_row(self, camp_id: int) -> dict:
        """The event as a row of the events table, pending; ``due`` as UTC text."""
        return {
            "key": self.key,
            "camp_id": camp_id,
            "kind": self.kind,
            "day": self.day,
            "window_name": self.window,
            "due": self.due_text,
            "status": "pending",
        }


@lru_cache(maxsize=65536)
def _utc_text_at(epoch: int) -> str:
    # Events of many camps fall on the same instants: each text is made once.
    return utc_text(dt.datetime.fromtimestamp(epoch, dt.UTC))


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
    return _at_epoch(moment.timestamp() + minutes * 60, zone)


def _at_epoch(epoch: float, zone: pendulum.Timezone) -> pendulum.DateTime:
    # The same result as pendulum's add(minutes=...) (absolute time, right across a DST
    # jump) at a third of the cost: the standard library converts the epoch instant.
    local = dt.datetime.fromtimestamp(epoch, zone)
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


@lru_cache(maxsize=65536)
def _local_moment(
    date: dt.date, time: dt.time, zone: pendulum.Timezone
) -> tuple[pendulum.DateTime, float]:
    # Camps of one community post at the same times on the same dates: a scheduler of a
    # thousand camps works each moment out once (a DateTime is immutable).
    moment = local_datetime(date, time, zone)
    return moment, moment.timestamp()


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


def _first_open(day: Day) -> WindowSlot | None:
    return min(day.slots, key=lambda slot: slot.open_epoch, default=None)


def _last_close(day: Day) -> WindowSlot | None:
    return max(day.slots, key=lambda slot: slot.closes_epoch, default=None)


def _not_before(
    moment: pendulum.DateTime,
    close: WindowSlot | None,
    zone: pendulum.Timezone,
    pairing: float | None = None,
) -> tuple[pendulum.DateTime, float]:
    """``moment``, or the ``close`` (of that window) plus the grace when ``moment`` is
    not after it (nor after the ``pairing`` epoch that follows the close, when there is
    one); with its epoch seconds.

    A moment equal to the close is moved too: two events due at the same instant may
    run at once, and what comes after a close must see its misses made final (and its
    standings the pairs just made).
    """
    t = moment.timestamp()
    if close is None:
        return moment, t
    if t > close.closes_epoch and (pairing is None or t > pairing):
        return moment, t
    epoch = close.closes_epoch + CLOSE_GRACE_MINUTES * 60
    return _at_epoch(epoch, zone), epoch


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

    Camps of one community share their plan's times: what is derived from them (every
    event but its key's slug) is worked out once (:func:`_planned`) and each camp's
    events are made from it with the camp's keys.
    """
    prefix = _key_part(slug) + "/"
    new = object.__new__
    events: list[PlannedEvent] = []
    append = events.append
    for fields, suffix, _ in _shared_events(definition, days):
        # A copy of the shared event's fields with this camp's key: an event is
        # immutable, and its frozen constructor would set each field through a check.
        event = new(PlannedEvent)
        vars(event).update(fields, key=prefix + suffix)
        append(event)
    return events


def planned_rows(
    slug: str, definition: CampDefinition, days: Sequence[Day]
) -> list[tuple[str, str, int | None, str | None, str]]:
    """(key, kind, day, window, due as :attr:`PlannedEvent.due_text`) of each event of
    :func:`derive_events`, in its order, without making the events: what the events
    table is written from."""
    prefix = _key_part(slug) + "/"
    return [(prefix + suffix, *row) for _, suffix, row in _shared_events(definition, days)]


def _shared_events(definition: CampDefinition, days: Sequence[Day]) -> tuple[_Planned, ...]:
    if not days:
        return ()
    pairing_day = definition.pair_by_day if definition.group == "pair" else None
    key = _Days((day.number, day.date, day.slots) for day in days)
    key.days = days
    return _planned(
        definition.timezone,
        definition.windows,
        definition.reminders,
        definition.ceremonies,
        pairing_day,
        key,
    )


class _Days(tuple):
    """The days' (number, date, window slots), which is all the events read of them:
    equal for the days of camps that share dates and windows. ``days`` are the days."""

    days: Sequence[Day]


#: One event but its key: its fields (kind, day, window, due, offset, epoch), the part
#: of its key after the camp's slug, and its (kind, day, window, due text) for the table.
_Planned = tuple[dict, str, tuple[str, int | None, str | None, str]]


@lru_cache(maxsize=256)  # most camps share a few plans; each kept plan is about 90 KB
def _planned(
    timezone: str,
    windows: tuple[Window, ...],
    reminders: Reminders,
    ceremonies: Ceremonies,
    pairing_day: int | None,
    days: _Days,
) -> tuple[_Planned, ...]:
    """Every event of :func:`derive_events` in order, without its key's slug."""
    zone = timezone_for(timezone)
    plan = days.days
    by_number = {day.number: day for day in plan}
    last_day = plan[-1]
    window_parts = {window.name: _key_part(window.name) for window in windows}
    keyed: list[tuple[tuple, _Planned]] = []

    def add(
        kind: str,
        day: Day,
        due: pendulum.DateTime,
        epoch: float,
        window: str | None = None,
        offset: int | None = None,
    ) -> None:
        # ``epoch`` is ``due``'s, known to the caller: the sort key is computed once
        # here, as deriving many camps is on the scheduler's start-up path.
        if due.tzinfo is not zone:
            due = due.in_tz(zone)
        key_day = None if kind in ("opening", "closing") else day.number
        window_part = None
        if window is not None:
            window_part = window_parts.get(window) or _key_part(window)
        fields = {
            "kind": kind,
            "day": day.number,
            "window": window,
            "due": due,
            "offset": offset,
            "epoch": epoch,
        }
        due_text = utc_text(due) if not epoch.is_integer() else _utc_text_at(int(epoch))
        keyed.append(
            (
                (epoch, _KIND_ORDER[kind], day.number, window or "", offset or 0),
                (
                    fields,
                    _join_key("", kind, key_day, window_part, offset),
                    (kind, day.number, window, due_text),
                ),
            )
        )

    def local(day: Day, at: dt.time) -> tuple[pendulum.DateTime, float]:
        return _local_moment(day.date, at, zone)

    opening = ceremonies.opening
    if opening is not None:
        day = _ceremony_day(opening, "opening", plan, by_number)
        add("opening", day, *local(day, opening.at))

    pairing_epoch: float | None = None
    for index, day in enumerate(plan):
        following = plan[index + 1] if index + 1 < len(plan) else None
        first_open = _first_open(day)
        last_close = _last_close(day)

        if reminders.task_post is not None:
            post, epoch = local(day, reminders.task_post)
            if first_open is not None and epoch > first_open.open_epoch:
                # A task must never arrive after its window opened.
                post, epoch = first_open.open, first_open.open_epoch
            add("task", day, post, epoch)
        elif first_open is not None:
            epoch = first_open.open_epoch - TASK_LEAD_MINUTES * 60
            add("task", day, _at_epoch(epoch, zone), epoch)

        for slot in day.slots:
            name = slot.window.name
            for minutes in reminders.before_due:
                # Minutes are absolute time: "30 minutes before due" even across a DST jump.
                epoch = slot.due_epoch - minutes * 60
                if epoch >= slot.open_epoch:
                    add("reminder", day, _at_epoch(epoch, zone), epoch, name, minutes)
            add("close", day, slot.closes, slot.closes_epoch, name)

        # The members still alone are paired after the close of day ``pair_by_day``;
        # what reports that day (its summary, a closing on it) comes after the pairing.
        pairing: float | None = None
        if last_close is not None and pairing_day == day.number:
            pairing = pairing_epoch = last_close.closes_epoch + PAIRING_DELAY_MINUTES * 60
            add("pairing", day, _at_epoch(pairing, zone), pairing)

        if reminders.summary is not None and following is not None:
            # The morning after day d, on the next active date: a rest day stays quiet,
            # so Friday's standings come on Monday morning in a camp that rests at weekends.
            at, _ = local(following, reminders.summary)
            add("summary", day, *_not_before(at, last_close, zone, pairing))

        if last_close is not None:
            epoch = last_close.closes_epoch + INACTIVITY_DELAY_MINUTES * 60
            add("inactivity", day, _at_epoch(epoch, zone), epoch)

    closing = ceremonies.closing
    if closing is not None:
        day = _ceremony_day(closing, "closing", plan, by_number)
        at = local_datetime(day.date, closing.at, zone)
        add("closing", day, *_not_before(at, _last_close(last_day), zone, pairing_epoch))

    keyed.sort(key=lambda pair: pair[0])
    return tuple(event for _, event in keyed)


def next_event(events: Iterable[PlannedEvent], now: pendulum.DateTime) -> PlannedEvent | None:
    """The first event due strictly after ``now`` (in sort order), or ``None``."""
    t = now.timestamp()
    upcoming = (event for event in events if event.due.timestamp() > t)
    return min(upcoming, key=_sort_key, default=None)
