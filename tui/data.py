"""What the screens show, read through ``camp.services`` (called from worker threads).

Each function takes its own database connection (one per thread) and returns frozen
plain data that a worker hands to the UI thread in a message.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from camp.db import Database
from camp.models import Day, WindowSlot
from camp.scoring import Standing
from camp.services.camps import CampSummary, camp_days, camp_status, get_camp, list_camps
from camp.services.events import EventRow, list_events
from camp.services.outbox import OutboxEntry, list_outbox
from camp.services.standings import standings_as_of

__all__ = [
    "AnnouncementsData",
    "CampRow",
    "CheckinGrid",
    "GridRow",
    "LeaderboardPage",
    "TodayData",
    "counted_on",
    "format_duration",
    "load_announcements",
    "load_camp_rows",
    "load_checkin_grid",
    "load_leaderboard",
    "load_today",
    "status_text",
    "window_countdown",
]


@dataclass(frozen=True)
class CampRow:
    """One camp on the dashboard."""

    slug: str
    name: str
    status: str
    status_text: str
    members: int
    pairs: int
    checkins: int
    counted_today: int | None  # None when no day is running
    active_members: int


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
    checked: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class LeaderboardPage:
    """The first ``len(entries)`` entries of a leaderboard, best first."""

    slug: str
    by: str
    group: str
    entries: tuple[Standing, ...]
    total: int
    as_of_day: int
    still_open: bool
    mvp: frozenset[str]


def status_text(status: str, day: int, days: int) -> str:
    """``upcoming``, ``day 4/7``, ``finished`` or ``archived``."""
    return f"day {day}/{days}" if status == "running" else status


def counted_on(entry: Standing, day: int) -> bool:
    """True when the member of ``entry`` has a counted check-in on ``day``."""
    return day >= 1 and bool(entry.mask >> (day - 1) & 1)


def _counted_today(db: Database, summary: CampSummary, now: pendulum.DateTime) -> int | None:
    if summary.status != "running":
        return None
    board = standings_as_of(db, summary.camp.slug, now=now, by="member")
    return sum(counted_on(entry, summary.progress.day) for entry in board.entries)


def load_camp_rows(db: Database, now: pendulum.DateTime) -> list[CampRow]:
    """Every camp with its status, counts and today's check-in progress."""
    rows = []
    for summary in list_camps(db, now):
        camp = summary.camp
        rows.append(
            CampRow(
                slug=camp.slug,
                name=camp.name,
                status=summary.status,
                status_text=status_text(summary.status, summary.progress.day, camp.days),
                members=summary.members,
                pairs=summary.pairs,
                checkins=summary.checkins,
                counted_today=_counted_today(db, summary, now),
                active_members=summary.members,
            )
        )
    return rows


def load_today(db: Database, slug: str, now: pendulum.DateTime) -> TodayData:
    """The camp's current day (day 1 before it starts, the last day after it ends)."""
    camp = get_camp(db, slug)
    days = camp_days(camp)
    status, state = camp_status(camp, now)
    day = days[max(state.day, 1) - 1] if days else None
    board = standings_as_of(db, slug, now=now, by="member")
    names = tuple(sorted((e.name for e in board.entries), key=str.casefold))
    counted = {e.name for e in board.entries if day and counted_on(e, day.number)}
    return TodayData(
        slug=camp.slug,
        name=camp.name,
        timezone=camp.timezone,
        status=status,
        status_text=status_text(status, state.day, camp.days),
        day=day,
        days=camp.days,
        members=names,
        checked=tuple(n for n in names if n in counted),
        missing=tuple(n for n in names if n not in counted),
    )


def load_leaderboard(
    db: Database, slug: str, now: pendulum.DateTime, *, by: str, count: int
) -> LeaderboardPage:
    """The best ``count`` entries of the camp's current leaderboard by ``by``."""
    camp = get_camp(db, slug)
    board = standings_as_of(db, slug, now=now, by=by, top=count)
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
    )


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
class GridRow:
    """One member's line of the check-ins grid: ``mask`` holds the counted days."""

    name: str
    points: int
    makeup: int
    mask: int


@dataclass(frozen=True)
class CheckinGrid:
    """Every member's counted days, sorted by name.

    ``closed_through`` is the last day whose windows have all closed (a day without a
    counted check-in up to it is missed); ``today`` is the running day, 0 when none.
    """

    slug: str
    days: int
    today: int
    closed_through: int
    makeup_limit: int
    rows: tuple[GridRow, ...]


def load_checkin_grid(db: Database, slug: str, now: pendulum.DateTime) -> CheckinGrid:
    """The camp's check-ins per member and day (counted or not), from the standings."""
    camp = get_camp(db, slug)
    status, state = camp_status(camp, now)
    board = standings_as_of(db, slug, now=now, by="member")
    rows = tuple(
        sorted(
            (GridRow(e.name, e.points, e.makeup, e.mask) for e in board.entries),
            key=lambda row: (row.name.casefold(), row.name),
        )
    )
    return CheckinGrid(
        slug=camp.slug,
        days=camp.days,
        today=state.day if status == "running" else 0,
        closed_through=state.day - 1 if state.still_open else state.day,
        makeup_limit=camp.definition.scoring.makeup_limit,
        rows=rows,
    )


@dataclass(frozen=True)
class AnnouncementsData:
    """A camp's events in time order and the announcements they produced, by event key."""

    slug: str
    events: tuple[EventRow, ...]
    outbox: dict[str, OutboxEntry]


def load_announcements(db: Database, slug: str, now: pendulum.DateTime) -> AnnouncementsData:
    """The camp's events with, for each event that ran, its latest outbox entry."""
    events = tuple(list_events(db, slug, now=now))
    # Oldest first: a later entry of the same event (after a retry) replaces the earlier.
    outbox = {entry.event: entry for entry in list_outbox(db, slug)}
    return AnnouncementsData(slug=slug, events=events, outbox=outbox)
