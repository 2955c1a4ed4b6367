"""What the Members tab shows: a page of members with partner, points, streak and messages.

Read through ``camp.services`` from a worker thread; returns frozen plain data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from camp.calendar import camp_days, progress
from camp.db import Database
from camp.services.camps import get_camp
from camp.services.inactivity import inactivity_as_of
from camp.services.members import list_members_page, member_counts

__all__ = [
    "VIEWS",
    "MemberLine",
    "MembersData",
    "load_members",
    "split_names",
]

#: The lists the tab shows, in the order ``f`` cycles through them, with their titles.
VIEWS: dict[str, str] = {
    "all": "everyone",
    "warned": "the warned",
    "removal": "due for removal",
    "removed": "the removed",
}
# The engine's name of each list; "removal" is judged by the inactivity rules instead.
_ENGINE_VIEW = {"all": "current", "warned": "warned", "removal": "current", "removed": "removed"}


@dataclass(frozen=True)
class MemberLine:
    """One member as a row of the Members tab (``missed``: days in a row, removal list only)."""

    name: str
    status: str
    shift: str | None
    team: str | None
    partner: str | None
    points: int
    counted_days: int
    messages: int
    streak: int
    missed: int | None = None


@dataclass(frozen=True)
class MembersData:
    """A page of one of the camp's member lists, in joining order."""

    slug: str
    group: str
    windows: tuple[str, ...]
    view: str
    offset: int
    total: int
    lines: tuple[MemberLine, ...]
    counts: dict[str, int]
    #: The day the removal list was judged at (the last closed day), 0 when none closed.
    judged_day: int = 0


def _last_closed_day(db: Database, slug: str, now: pendulum.DateTime) -> int:
    camp = get_camp(db, slug)
    state = progress(camp_days(camp), now)
    return min(state.day - 1 if state.still_open else state.day, camp.days)


def load_members(
    db: Database,
    slug: str,
    now: pendulum.DateTime,
    *,
    view: str = "all",
    offset: int = 0,
    limit: int = 200,
) -> MembersData:
    """Rows ``offset + 1 ..`` of the list ``view`` (a key of :data:`VIEWS`) as of ``now``."""
    camp = get_camp(db, slug)
    names, missed, judged = None, {}, 0
    if view == "removal":
        judged = _last_closed_day(db, slug, now)
        report = inactivity_as_of(db, camp, judged) if judged >= 1 else None
        missed = dict(report.removal) if report else {}
        names = list(missed)
    page = list_members_page(
        db, slug, now=now, offset=offset, limit=limit, view=_ENGINE_VIEW[view], names=names
    )
    if not page.rows and offset and page.total:
        page = list_members_page(
            db, slug, now=now, limit=limit, view=_ENGINE_VIEW[view], names=names
        )
    lines = tuple(
        MemberLine(
            name=row.member.name,
            status=row.member.status,
            shift=row.member.shift,
            team=row.member.team,
            partner=row.partner,
            points=row.points,
            counted_days=row.counted_days,
            messages=row.messages,
            streak=row.streak,
            missed=missed.get(row.member.name),
        )
        for row in page.rows
    )
    return MembersData(
        slug=camp.slug,
        group=camp.definition.group,
        windows=tuple(w.name for w in camp.definition.windows),
        view=view,
        offset=page.offset,
        total=page.total,
        lines=lines,
        counts=member_counts(db, slug),
        judged_day=judged,
    )


def split_names(text: str) -> list[str]:
    """``"Alice, 小明"`` -> ``["Alice", "小明"]``; full-width commas and ``、`` split too."""
    for separator in ("，", "、"):
        text = text.replace(separator, ",")
    return [name.strip() for name in text.split(",") if name.strip()]
