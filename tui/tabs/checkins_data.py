"""What the Check-ins tab shows: a page of members × days, and one member's day.

Read through ``camp.services`` from a worker thread; returns frozen plain data.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

import pendulum

from camp.db import Database
from camp.models import CheckIn
from camp.services.checkins import DayGridPage, MemberDays, checkin_grid_page, checkins_of
from tui.data import name_index

__all__ = [
    "CheckinGrid",
    "GridRow",
    "MemberDay",
    "load_checkin_grid",
    "load_member_day",
]

#: One member's line of the grid (their name, points, makeups and a status per day).
GridRow = MemberDays


@dataclass(frozen=True)
class CheckinGrid:
    """A page of the grid and the name filter it was read for."""

    page: DayGridPage
    search: str

    @property
    def rows(self) -> tuple[GridRow, ...]:
        return self.page.rows

    @property
    def days(self) -> int:
        return self.page.days

    @property
    def today(self) -> int:
        return self.page.today


def load_checkin_grid(
    db: Database,
    slug: str,
    now: pendulum.DateTime,
    *,
    offset: int = 0,
    limit: int = 200,
    search: str = "",
    sort: str = "name",
    descending: bool = False,
    after: tuple | None = None,
    before: tuple | None = None,
) -> CheckinGrid:
    """Rows ``offset + 1 ..`` of the grid of members whose names match ``search`` (part
    of the name, or of its pinyin: :func:`tui.data.names_matching`), in ``sort`` order
    (``name``, ``points``, ``makeups``, ``joined``; ``descending`` reverses it).

    ``after`` is the ``last_key`` of the page above (``]``), ``before`` the
    ``first_key`` of the page below (``[``): the page is read from that key, however
    deep; ``offset`` is then the page's first position, for the summary.
    """
    if search.strip() and sort == "name":
        return _by_name_found(
            db, slug, now, offset, limit, search, descending, after=after, before=before
        )
    names: frozenset[str] | None = None
    excluded: frozenset[str] | None = None
    if search.strip():
        index = name_index(db, slug)
        found = frozenset(index.containing(search))
        if len(found) * 2 > len(index):
            # A filter most names pass (one letter): the grid leaves out its few misses.
            excluded = frozenset(index.names) - found
        else:
            names = found
    page = checkin_grid_page(
        db,
        slug,
        now=now,
        offset=offset,
        limit=limit,
        names=names,
        sort=sort,
        descending=descending,
        after=after,
        before=before,
        excluded=excluded,
    )
    if page.rows == () and page.total and offset:
        # The filter or a removal shrank the list under the page shown: back to the start.
        page = checkin_grid_page(
            db,
            slug,
            now=now,
            limit=limit,
            names=names,
            sort=sort,
            descending=descending,
            excluded=excluded,
        )
    return CheckinGrid(page, search)


def _by_name_found(
    db: Database,
    slug: str,
    now: pendulum.DateTime,
    offset: int,
    limit: int,
    search: str,
    descending: bool,
    *,
    after: tuple | None,
    before: tuple | None,
) -> CheckinGrid:
    """A filtered page in name order: the name index lists the names found in the
    grid's own order (code points, as SQLite's ``ORDER BY name``), so the page's names
    are picked here and only those rows are read; a one-letter filter of a camp of
    100,000 then hands SQLite 200 names, not the 50,000 it holds or misses."""
    found = name_index(db, slug).containing_in_order(search)  # ascending
    limit = max(limit, 0)
    # Rows ``lo:hi`` of the ascending list, shown reversed when descending.
    seek = after if after is not None else before
    if seek is not None:
        key = seek[0]
        if (after is not None) != descending:  # the names past the key, ascending
            lo = bisect.bisect_right(found, key)
            hi = lo + limit
        else:  # the names short of the key
            hi = bisect.bisect_left(found, key)
            lo = max(hi - limit, 0)
    elif descending:
        hi = max(len(found) - max(offset, 0), 0)
        lo = max(hi - limit, 0)
    else:
        lo = max(offset, 0)
        hi = lo + limit
    chosen = found[lo:hi]
    if not chosen and found and offset:
        # The filter or a removal shrank the list under the page shown: back to the start.
        return _by_name_found(db, slug, now, 0, limit, search, descending, after=None, before=None)
    page = checkin_grid_page(
        db, slug, now=now, limit=limit, names=chosen, sort="name", descending=descending
    )
    return CheckinGrid(replace(page, offset=max(offset, 0), total=len(found)), search)


@dataclass(frozen=True)
class MemberDay:
    """The check-ins a member has recorded for one day, counted or not."""

    member: str
    day: int
    checkins: tuple[CheckIn, ...]


def load_member_day(db: Database, slug: str, name: str, day: int) -> MemberDay:
    """Every check-in of ``name`` for ``day``, oldest first (for fixing a mistaken one)."""
    return MemberDay(name, day, tuple(checkins_of(db, slug, name, day=day)))
