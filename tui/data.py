"""What the screens show, read through ``camp.services`` (called from worker threads).

Each function takes its own database connection (one per thread) and returns frozen
plain data that a worker hands to the UI thread in a message.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

import pendulum

from camp.calendar import camp_days, today_of
from camp.db import Database
from camp.models import Camp, Day, WindowSlot
from camp.services.camps import CampSummary, camp_status, get_camp, list_camps
from camp.services.events import EventRow, list_events, upcoming_event

# What only an open camp reads (its roster, standings, the name index) is imported
# where it is used: the first screen (the dashboard) does not wait for it.
if TYPE_CHECKING:
    from camp.scoring import Standing
    from camp.services.activity import AttendanceSummary, Roster
    from camp.services.bots import BotStatus
    from camp.services.outbox import OutboxEntry
    from camp.services.standings import BoardPlace
    from tui.fuzzy import NameIndex

__all__ = [
    "AnnouncementsData",
    "CampRow",
    "LeaderboardPage",
    "TodayData",
    "format_duration",
    "load_announcements",
    "load_bots",
    "load_camp_rows",
    "load_leaderboard",
    "load_today",
    "name_index",
    "names_matching",
    "next_event_text",
    "rank_of",
    "status_text",
    "today_of",
    "window_countdown",
]


@dataclass(frozen=True)
class CampRow:
    """One camp on the dashboard."""

    slug: str
    name: str
    status: str
    status_text: str
    #: The counts; ``None`` while they are being counted (see :func:`load_camp_rows`).
    members: int | None
    pairs: int | None
    checkins: int | None
    counted_today: int | None  # None when no day is running, or not counted yet
    active_members: int | None
    next_event: str = ""  # e.g. "Tue 08:00 task, day 6"; empty when nothing is to come


@dataclass(frozen=True)
class TodayData:
    """The day a camp screen's Today tab shows, with who has and has not counted."""

    slug: str
    name: str
    timezone: str
    status: str
    status_text: str
    day: Day | None
    days: int
    members: tuple[str, ...]
    #: The names of ``members`` with a counted check-in for ``day`` (a set: a camp of
    #: 100,000 is not listed twice over; :attr:`checked` and :meth:`missing` list them).
    counted: frozenset[str]
    #: ``members`` prepared for the quick check-in's fuzzy search (built in the worker);
    #: ``None`` while a big camp's index is still to be built (:func:`name_index`).
    names: NameIndex | None = field(compare=False, repr=False, default=None)
    #: Whether the camp file lists bots (the tab then says what they hear).
    has_bots: bool = False
    #: The day before ``day`` as it closed (number, counted, members), while ``day``'s
    #: windows have not opened yet: yesterday's figures stand beside today's task.
    previous: tuple[int, int, int] | None = None
    #: A big camp's first read (:func:`load_today` with ``first``): its figures and
    #: first missing names, ``members`` and ``counted`` left empty until the whole
    #: roster is read; ``None`` once it is.
    summary: AttendanceSummary | None = None

    @property
    def complete(self) -> bool:
        """Whether every member is listed (not only the figures of a first read)."""
        return self.summary is None

    @property
    def member_count(self) -> int:
        return len(self.members) if self.summary is None else self.summary.members

    @property
    def counted_count(self) -> int:
        return len(self.counted) if self.summary is None else self.summary.counted

    @property
    def checked(self) -> tuple[str, ...]:
        """The members who have counted, in ``members`` order."""
        return tuple(name for name in self.members if name in self.counted)

    @property
    def missing_count(self) -> int:
        return self.member_count - self.counted_count

    def missing(self, limit: int | None = None) -> list[str]:
        """The first ``limit`` members (all without one) who have not counted yet; of a
        first read, those it named (:data:`FIRST_MISSING`) at most."""
        if self.summary is not None:
            return list(self.summary.first_missing[:limit])
        waiting = (name for name in self.members if name not in self.counted)
        return list(waiting if limit is None else islice(waiting, limit))


@dataclass(frozen=True)
class LeaderboardPage:
    """Entries ``offset + 1`` to ``offset + len(entries)`` of a leaderboard, best first.

    ``day`` is the as-of day asked for, ``None`` while following the camp's current
    day; ``status`` is the camp's (``upcoming``, ``running``, ``finished`` ...).
    With a ``search``, the entries are those whose names match it (:func:`names_matching`),
    ``total`` counts them, and each keeps its rank on the whole board.
    """

    slug: str
    by: str
    group: str
    entries: tuple[Standing, ...]
    total: int
    as_of_day: int
    still_open: bool
    mvp: frozenset[str]
    offset: int = 0
    day: int | None = None
    days: int = 0
    status: str = "running"
    current_day: int = 0  # the day today's (live) standings are as of
    search: str = ""


def status_text(status: str, day: int, days: int) -> str:
    """``upcoming``, ``day 4/7``, ``finished`` or ``archived``."""
    return f"day {day}/{days}" if status == "running" else status


def _today_number(summary: CampSummary, now: pendulum.DateTime) -> int:
    """The number of the camp's day today (:func:`today_of`), as the Today tab says."""
    camp = summary.camp
    day = today_of(camp_days(camp), now.in_tz(camp.timezone), summary.progress.day)
    return day.number if day is not None else summary.progress.day


def _counted_today(db: Database, summary: CampSummary, day: int) -> int | None:
    if summary.status != "running":
        return None
    from camp.services.activity import counted_on_day

    return counted_on_day(db, summary.camp, day)


def next_event_text(camp: Camp, now: pendulum.DateTime) -> str:
    """``Tue 08:00 task, day 6``: when and what the scheduler posts next, in the camp's zone."""
    event = upcoming_event(camp, now)
    if event is None:
        return ""
    text = f"{event.due.format('ddd HH:mm')} {event.kind}"
    return f"{text}, day {event.day}" if event.day else text


def load_camp_rows(
    db: Database, now: pendulum.DateTime, *, counts: bool = True, limit: int = -1
) -> list[CampRow]:
    """Every camp (or the first ``limit``) with its status, counts and today's
    check-in progress; without ``counts``, the camps alone (their counts ``None``),
    read at once however big."""
    rows = []
    for summary in list_camps(db, now, counts=counts, limit=limit):
        camp = summary.camp
        # Before tonight's window opens, today is tonight's day, not last night's.
        today = _today_number(summary, now) if summary.status == "running" else 0
        rows.append(
            CampRow(
                slug=camp.slug,
                name=camp.name,
                status=summary.status,
                status_text=status_text(summary.status, today, camp.days),
                members=summary.members if counts else None,
                pairs=summary.pairs if counts else None,
                checkins=summary.checkins if counts else None,
                counted_today=_counted_today(db, summary, today) if counts else None,
                active_members=summary.members if counts else None,
                next_event=next_event_text(camp, now),
            )
        )
    return rows


#: The last roster read per camp and database, with its name index once built: the
#: Today tab asks every two seconds, and a camp of 100,000 members is read again only
#: when it changed.
_ROSTERS: dict[tuple[str, int], tuple[Roster, NameIndex | None]] = {}
_ROSTERS_LOCK = threading.Lock()
#: Up to this many names the index is built with the roster (a few milliseconds);
#: beyond, :func:`name_index` builds it after the tab is shown.
INDEX_WITH_ROSTER = 5000
#: Past this many members, a camp whose roster is not read yet is first shown from its
#: figures and first missing names (:func:`load_today` with ``first``).
FIRST_READ_FROM = 5000
#: How many missing names a first read names: as many as the Today tab lists.
FIRST_MISSING = 400


def _roster(db: Database, camp: Camp) -> tuple[Roster, NameIndex | None]:
    from camp.services.activity import read_roster, roster_version
    from tui.fuzzy import NameIndex

    key = (db.execute("PRAGMA database_list").fetchone()[2], camp.id)
    version = roster_version(db, camp)
    with _ROSTERS_LOCK:
        cached = _ROSTERS.get(key)
    if cached is not None and cached[0].version == version:
        return cached
    roster = read_roster(db, camp)
    index = NameIndex(roster.sorted_names) if len(roster.names) <= INDEX_WITH_ROSTER else None
    with _ROSTERS_LOCK:
        _ROSTERS[key] = (roster, index)
    return roster, index


def name_index(db: Database, slug: str) -> NameIndex:
    """The quick check-in's index of the camp's names (built once per roster)."""
    from tui.fuzzy import NameIndex

    camp = get_camp(db, slug)
    roster, index = _roster(db, camp)
    if index is None:
        index = NameIndex(roster.sorted_names)
        # The filters' name order too (the Check-ins grid's), while in the worker.
        index.prepare_ordering()
        key = (db.execute("PRAGMA database_list").fetchone()[2], camp.id)
        with _ROSTERS_LOCK:
            if _ROSTERS.get(key, (None,))[0] is roster:
                _ROSTERS[key] = (roster, index)
    return index


def _roster_read(db: Database, camp: Camp) -> bool:
    """Whether the camp's roster, as it is now, was read already (:func:`_roster`)."""
    from camp.services.activity import roster_version

    key = (db.execute("PRAGMA database_list").fetchone()[2], camp.id)
    with _ROSTERS_LOCK:
        cached = _ROSTERS.get(key)
    return cached is not None and cached[0].version == roster_version(db, camp)


def load_today(
    db: Database, slug: str, now: pendulum.DateTime, *, first: bool = False
) -> TodayData:
    """The camp's day today (:func:`today_of`), with yesterday's figures while today's
    windows have not opened yet.

    ``first``: the tab's first read. Of a camp of more than :data:`FIRST_READ_FROM`
    members whose roster is not read yet, only the figures and the first missing names
    are read (:func:`~camp.services.activity.attendance_summary`; ``complete`` is then
    false): the tab is drawn from them while the roster is read by a second call.
    """
    from camp.services.activity import attendance, attendance_summary

    camp = get_camp(db, slug)
    days = camp_days(camp)
    status, state = camp_status(camp, now)
    local_now = now.in_tz(camp.timezone)
    day = today_of(days, local_now, state.day)
    number = day.number if day else 0
    yesterday = day is not None and state.day >= 1 and day.number == state.day + 1
    summary = None
    if first and not _roster_read(db, camp):
        summary = attendance_summary(db, camp, number, first=FIRST_MISSING)
        if summary.members <= FIRST_READ_FROM:
            summary = None  # a small camp is read whole at once
    previous = None
    names = None
    if summary is not None:
        members: tuple[str, ...] = ()
        counted: frozenset[str] = frozenset()
        if yesterday:
            closed = attendance_summary(db, camp, state.day, first=0)
            previous = (state.day, closed.counted, closed.members)
    else:
        roster, names = _roster(db, camp)
        seen = attendance(db, camp, number, roster=roster)
        members, counted = seen.members, seen.counted
        if yesterday:
            before = attendance(db, camp, state.day, roster=roster)
            previous = (state.day, len(before.counted), len(before.members))
    return TodayData(
        slug=camp.slug,
        name=camp.name,
        timezone=camp.timezone,
        status=status,
        status_text=status_text(status, day.number if day else state.day, camp.days),
        day=day,
        days=camp.days,
        members=members,
        counted=counted,
        names=names,
        has_bots=bool(camp.definition.bots),
        previous=previous,
        summary=summary,
    )


def load_leaderboard(
    db: Database,
    slug: str,
    now: pendulum.DateTime,
    *,
    by: str,
    count: int,
    offset: int | None = 0,
    day: int | None = None,
    after: Standing | None = None,
    search: str = "",
) -> LeaderboardPage:
    """``count`` entries from position ``offset + 1`` of the camp's leaderboard by ``by``,
    as of the end of ``day`` (default: the current day).

    A page further down is read from SQLite on its own; its ranks are the whole board's.
    ``after`` (the last entry of the page above) reads the page that follows it by its
    place in the order rather than by position (give ``offset`` too when it is known,
    ``None`` to have it counted). ``search`` keeps the entries matching it
    (:func:`names_matching`; a pair or team by its own name or a member's).
    """
    from camp.services.standings import standings_as_of

    camp = get_camp(db, slug)
    status, state = camp_status(camp, now)
    names = names_matching(db, camp, search) if search.strip() else None
    board = standings_as_of(
        db, slug, now=now, by=by, day=day, top=count, offset=offset, after=after, names=names
    )
    return LeaderboardPage(
        slug=slug,
        by=by,
        group=camp.definition.group,
        entries=tuple(board.entries),
        total=board.total_entries,
        as_of_day=board.as_of_day,
        still_open=board.still_open,
        # Nobody is crowned before anyone has scored (every entry would share rank 1).
        mvp=frozenset(entry.name for entry in board.mvp if entry.points > 0),
        offset=board.offset,
        day=day,
        days=camp.days,
        status=status,
        current_day=max(state.day, 0),
        search=search,
    )


def rank_of(
    db: Database, slug: str, now: pendulum.DateTime, name: str, *, by: str, day: int | None = None
) -> BoardPlace | None:
    """Where the entry of ``name`` (a member, or the pair or team holding them) stands on
    the leaderboard by ``by`` as of ``day``: its row and its rank; ``None`` when it is
    not on it. A few counts over an index on the live member board."""
    from camp.services.standings import place_of

    return place_of(db, slug, name, now=now, by=by, day=day)


def names_matching(db: Database, camp: Camp, search: str) -> frozenset[str]:
    """The names of the camp's members (removed ones aside) that contain ``search``,
    ignoring case and width, or whose pinyin does, in full or by initials (``wang``
    and ``wxm`` find 王小明): the quick check-in's index of names, its substring stage
    only (letters spread over a name are no match for a filter)."""
    return frozenset(name_index(db, camp.slug).containing(search))


def format_duration(seconds: float) -> str:
    """``2d 03:04:05``, ``03:04:05`` or ``04:05`` for a countdown."""
    total = max(int(seconds), 0)
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = (
        f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours or days else f"{minutes:02d}:{secs:02d}"
    )
    return f"{days}d {clock}" if days else clock


def window_countdown(slot: WindowSlot, now: pendulum.DateTime) -> tuple[str, str]:
    """(state, text) of a window at ``now``: ``upcoming``, ``open``, ``late`` or ``closed``."""
    t = now.timestamp()
    if t < slot.open.timestamp():
        return "upcoming", f"opens in {format_duration(slot.open.timestamp() - t)}"
    if t <= slot.due.timestamp():
        return "open", f"closes in {format_duration(slot.due.timestamp() - t)}"
    if slot.late_until is not None and t <= slot.late_until.timestamp():
        left = format_duration(slot.late_until.timestamp() - t)
        return "late", f"late until {slot.late_until.format('HH:mm')} (ends in {left})"
    return "closed", "closed"


@dataclass(frozen=True)
class AnnouncementsData:
    """A camp's events in time order and the announcements they produced, by event key."""

    slug: str
    events: tuple[EventRow, ...]
    outbox: dict[str, OutboxEntry]


def load_announcements(db: Database, slug: str, now: pendulum.DateTime) -> AnnouncementsData:
    """The camp's events with, for each event that ran, its latest outbox entry."""
    # The outbox's module brings the robots' clients: imported when this tab is read.
    from camp.services.outbox import list_outbox

    events = tuple(list_events(db, slug, now=now))
    # Oldest first: a later entry of the same event (after a retry) replaces the earlier.
    outbox = {entry.event: entry for entry in list_outbox(db, slug)}
    return AnnouncementsData(slug=slug, events=events, outbox=outbox)


def load_bots(db: Database, slug: str, now: pendulum.DateTime) -> BotStatus:
    """What the camp's bots hear (empty ``bots`` for a camp without ``[[bots]]``), for
    the Today tab; the token variables are looked up in this process's environment."""
    from camp.services.bots import bot_status  # imported once a camp has bots

    return bot_status(db, slug, now=now)
