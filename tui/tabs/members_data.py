"""What the Members tab shows: a page of members with partner, points, streak and messages.

Read through ``camp.services`` from a worker thread; returns frozen plain data.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from camp.calendar import camp_days, progress
from camp.db import Database
from camp.models import Camp
from camp.services.camps import get_camp
from camp.services.inactivity import inactivity_as_of
from camp.services.members import MEMBER_SORTS, PageKey, list_members_page
from tui.fuzzy import NameIndex

__all__ = [
    "PINYIN_MATCHES",
    "SORTS",
    "VIEWS",
    "MemberLine",
    "MembersData",
    "load_members",
    "pinyin_matches",
    "split_names",
    "warm_name_index",
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

#: The orders ``s`` cycles through (after joining order comes the name), with how the
#: summary line names each, the usual way first and reversed second.
SORTS: dict[str, tuple[str, str]] = {
    "joined": ("in joining order", "latest joined first"),
    "name": ("by name", "by name, Z to A"),
    "points": ("by points, highest first", "by points, lowest first"),
    "days": ("by days, most first", "by days, fewest first"),
    "streak": ("by streak, longest first", "by streak, shortest first"),
    "messages": ("by messages, most first", "by messages, fewest first"),
}
assert set(SORTS) == set(MEMBER_SORTS)

#: At most this many names found by their pinyin join a search, the best first: one
#: letter would otherwise name most members of a Chinese camp.
PINYIN_MATCHES = 500


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
    converted: bool = False
    aliases: tuple[str, ...] = ()
    #: Whether the pair was made automatically (auto-pairing), ``None`` out of a pair.
    pair_auto: bool | None = None


@dataclass(frozen=True)
class MembersData:
    """A page of one of the camp's member lists, found by ``search``, in the order ``sort``.

    ``after`` is the key the page starts after (``None``: the first page) and
    ``next_after`` the one the next page starts after (``None``: this is the last).
    """

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
    search: str = ""
    sort: str = "joined"
    reverse: bool = False
    after: PageKey | None = None
    next_after: PageKey | None = None
    #: Whether more names matched the search by pinyin than :data:`PINYIN_MATCHES`.
    pinyin_capped: bool = False
    #: Whether the page asked for was gone (its members left) and the first came instead.
    restarted: bool = False


def _last_closed_day(db: Database, slug: str, now: pendulum.DateTime) -> int:
    camp = get_camp(db, slug)
    state = progress(camp_days(camp), now)
    return min(state.day - 1 if state.still_open else state.day, camp.days)


#: Per database and camp: the members' version (``camps.members_version``, moved by
#: triggers whenever someone joins, leaves or is renamed) and the index of the names
#: that have other letters than ASCII, the only ones pinyin (or NFKC folding) can find
#: beyond what SQL's LIKE finds.
_INDEXES: dict[tuple[str, int], tuple[int, NameIndex]] = {}
_INDEXES_LOCK = threading.Lock()


def _name_index(db: Database, camp: Camp) -> NameIndex:
    key = (db.execute("PRAGMA database_list").fetchone()[2], camp.id)
    version = db.execute("SELECT members_version FROM camps WHERE id = ?", [camp.id]).fetchone()[0]
    with _INDEXES_LOCK:
        cached = _INDEXES.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        # Built under the lock: two searches typed at once build it once.
        names = [
            row[0]
            for row in db.execute("SELECT name FROM members WHERE camp_id = ?", [camp.id])
            if not row[0].isascii()
        ]
        index = NameIndex(names)
        _INDEXES[key] = (version, index)
        return index


def warm_name_index(db: Database, slug: str) -> None:
    """Build the camp's name index now, so that the first search does not wait for it."""
    _name_index(db, get_camp(db, slug))


def pinyin_matches(db: Database, camp: Camp, search: str) -> tuple[tuple[str, ...], bool]:
    """The names ``search`` finds by their pinyin, in full or by initials (``xm`` finds
    小明), and whether there were more than :data:`PINYIN_MATCHES`.

    Only letters can be pinyin; names that merely contain the text are found by SQL.
    A name counts when one of its forms contains the text whole: the index's looser
    matches (letters scattered over a name) are left out of a filter.
    """
    query = search.strip()
    if not query or not query.isascii() or not query.replace(" ", "").isalpha():
        return (), False
    index = _name_index(db, camp)
    if not len(index):
        return (), False
    # The first names found, unscored: one letter finds tens of thousands of names,
    # and scoring them all took a fifth of a second per keystroke.
    found = tuple(index.containing(query, PINYIN_MATCHES + 1))
    return found[:PINYIN_MATCHES], len(found) > PINYIN_MATCHES


def load_members(
    db: Database,
    slug: str,
    now: pendulum.DateTime,
    *,
    view: str = "all",
    search: str = "",
    sort: str = "joined",
    reverse: bool = False,
    after: Sequence | None = None,
    offset: int = 0,
    limit: int = 200,
) -> MembersData:
    """A page of the list ``view`` (a key of :data:`VIEWS`) as of ``now``.

    ``search`` keeps the names containing it (case-insensitively) and the Chinese names
    whose pinyin contains it; ``sort`` is a key of :data:`SORTS` (``reverse`` turns it
    round); ``after`` is a page's ``next_after`` (the page after it, read by key),
    ``offset`` skips rows instead. A page that is gone (its members left) gives the
    first page again, with ``after`` ``None``.
    """
    camp = get_camp(db, slug)
    names, missed, judged = None, {}, 0
    if view == "removal":
        judged = _last_closed_day(db, slug, now)
        report = inactivity_as_of(db, camp, judged) if judged >= 1 else None
        missed = dict(report.removal) if report else {}
        names = list(missed)
    search = search.strip()
    search_names, capped = pinyin_matches(db, camp, search) if search else ((), False)

    def read(after: Sequence | None, offset: int):
        return list_members_page(
            db,
            slug,
            now=now,
            offset=offset,
            limit=limit,
            view=_ENGINE_VIEW[view],
            names=names,
            search=search,
            search_names=search_names,
            sort=sort,
            reverse=reverse,
            after=after,
        )

    page = read(after, offset)
    restarted = not page.rows and bool(offset or after is not None) and page.total > 0
    if restarted:
        after, page = None, read(None, 0)
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
            converted=row.converted,
            aliases=row.aliases,
            pair_auto=row.pair_auto,
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
        counts=page.counts,
        judged_day=judged,
        search=search,
        sort=sort,
        reverse=reverse,
        after=tuple(after) if after is not None else None,
        next_after=page.next_after,
        pinyin_capped=capped,
        restarted=restarted,
    )


def split_names(text: str) -> list[str]:
    """``"Alice, 小明"`` -> ``["Alice", "小明"]``; full-width commas and ``、`` split too."""
    for separator in ("，", "、"):
        text = text.replace(separator, ",")
    return [name.strip() for name in text.split(",") if name.strip()]
