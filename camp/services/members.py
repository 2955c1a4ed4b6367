"""Members of a camp: adding, importing, listing, removing, pairing."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pendulum

from camp.calendar import camp_days, progress
from camp.clock import utc_text
from camp.db import Database, counted_in, insert_row, write_transaction
from camp.errors import CampError, NotFoundError
from camp.models import Camp, Member, name_key
from camp.scoring import current_streak
from camp.services.camps import get_camp
from camp.services.pairing import (
    AutoPairResult,
    PairLeft,
    auto_pair,
    check_pair_camp,
    create_pair,
    dissolve_pair,
    leave_pair,
)
from camp.services.totals import leave_masks, mask_from_hex, refresh_member_totals

__all__ = [
    "MEMBER_SORTS",
    "MEMBER_VIEWS",
    "AutoPairResult",
    "CsvImport",
    "MemberDetail",
    "MemberPage",
    "MemberRow",
    "PageKey",
    "Removal",
    "add_members",
    "auto_pair",
    "find_member",
    "import_members_csv",
    "list_members",
    "list_members_page",
    "mark_converted",
    "member_aliases",
    "member_counts",
    "merge_members_csv",
    "name_like_pattern",
    "pair_members",
    "remove_member",
    "set_member_group",
    "unpair_member",
]

MAX_NAME_LENGTH = 64


def _member_from_row(row: dict) -> Member:
    return Member(
        id=row["id"],
        camp_id=row["camp_id"],
        name=row["name"],
        handle=row["handle"],
        shift=row["shift"],
        team=row["team"],
        pair_id=row["pair_id"],
        status=row["status"],
    )


def _clean_name(name: str, where: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CampError(f"{where}: a member name is empty; give every member a name.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CampError(
            f"{where}: the name {cleaned[:20]!r}… is longer than {MAX_NAME_LENGTH} characters; "
            "shorten it."
        )
    return cleaned


def _check_shift(camp: Camp, shift: str | None, where: str) -> str | None:
    if shift is None or shift == "":
        return None
    names = [w.name for w in camp.definition.windows]
    if shift not in names:
        raise CampError(
            f"{where}: shift {shift!r} is not a window of camp {camp.slug}; "
            f"use one of: {', '.join(names)}."
        )
    return shift


def find_member(db: Database, camp: Camp, name: str, *, include_removed: bool = True) -> Member:
    """A member by display name (exact, then case-insensitive), platform handle or alias."""
    key = " ".join(name.split())
    rows = list(db.query("SELECT * FROM members WHERE camp_id = ? AND name = ?", [camp.id, key]))
    if not rows:
        rows = list(
            db.query(
                "SELECT * FROM members WHERE camp_id = ? AND (lower(name) = lower(?) OR handle = ?)",
                [camp.id, key, key],
            )
        )
    if not rows:
        rows = list(
            db.query(
                "SELECT m.* FROM aliases a JOIN members m ON m.id = a.member_id "
                "WHERE a.camp_id = ? AND a.alias = ?",
                [camp.id, key],
            )
        )
    if len(rows) > 1:
        raise CampError(
            f"{name!r} matches {len(rows)} members of {camp.slug}; use the exact display name."
        )
    if not rows:
        raise NotFoundError(
            f"No member {name!r} in camp {camp.slug}; add them with "
            f"`camp members add {camp.slug} '{key}'` or check `camp members list {camp.slug}`."
        )
    member = _member_from_row(rows[0])
    if member.status == "removed" and not include_removed:
        raise CampError(
            f"{member.name} was removed from {camp.slug}; add them again with "
            f"`camp members add {camp.slug} '{member.name}'` to restore them."
        )
    return member


def _insert_members(
    db: Database,
    camp: Camp,
    entries: list[dict],
    now: pendulum.DateTime,
) -> tuple[list[str], list[str]]:
    """Insert or restore members; returns (added, restored). Runs inside a transaction."""
    added, restored, ids = [], [], []
    stamp = utc_text(now)
    for entry in entries:
        existing = db.execute(
            "SELECT id, status FROM members WHERE camp_id = ? AND name = ?",
            [camp.id, entry["name"]],
        ).fetchone()
        if existing and existing[1] != "removed":
            raise CampError(
                f"{entry['where']}: {entry['name']} is already a member of {camp.slug}; "
                "display names are unique within a camp."
            )
        fields = {k: entry.get(k) for k in ("handle", "shift", "team")}
        if existing:
            db.execute(
                "UPDATE members SET status = 'active', removed_at = NULL, "
                "handle = coalesce(?, handle), shift = coalesce(?, shift), "
                "team = coalesce(?, team) WHERE id = ?",
                [fields["handle"], fields["shift"], fields["team"], existing[0]],
            )
            restored.append(entry["name"])
            ids.append(existing[0])
        else:
            member_id = insert_row(
                db,
                "members",
                {
                    "camp_id": camp.id,
                    "name": entry["name"],
                    "name_key": name_key(entry["name"]),
                    "joined": stamp,
                    **fields,
                },
            )
            added.append(entry["name"])
            ids.append(member_id)
    refresh_member_totals(db, camp, ids)
    return added, restored


def add_members(
    db: Database,
    slug: str,
    names: list[str],
    *,
    now: pendulum.DateTime,
    shift: str | None = None,
    team: str | None = None,
    handle: str | None = None,
) -> list[str]:
    """Add members (all or none); a removed member of the same name is restored."""
    camp = get_camp(db, slug)
    if not names:
        raise CampError("No member names given; e.g. `camp members add CAMP Alice Bob`.")
    if handle is not None and len(names) > 1:
        raise CampError("--handle names one member; add members with handles one at a time.")
    shift = _check_shift(camp, shift, "--shift")
    entries, seen = [], set()
    for name in names:
        clean = _clean_name(name, "members add")
        if clean in seen:
            raise CampError(f"members add: {clean} is given twice; list each member once.")
        seen.add(clean)
        entries.append(
            {
                "name": clean,
                "shift": shift,
                "team": team or None,
                "handle": handle,
                "where": "members add",
            }
        )
    with write_transaction(db):
        added, restored = _insert_members(db, camp, entries, now)
    return added + restored


_CSV_COLUMNS = {
    "name": ("name", "member", "nickname", "display_name", "姓名", "昵称", "成员"),
    "handle": ("handle", "id", "user_id", "qq", "wechat", "platform_id", "账号"),
    "shift": ("shift", "班次"),
    "team": ("team", "group", "小组", "队伍"),
}


def _read_members_csv(camp: Camp, path: str | Path) -> list[dict]:
    """The members a CSV file lists (name[, handle, shift, team]), each checked."""
    file = Path(path).expanduser()
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CampError(f"No file {file}; check the path of the members CSV.") from None
    except IsADirectoryError:
        raise CampError(f"{file} is a folder; give the path of the members CSV file.") from None
    except UnicodeDecodeError:
        raise CampError(f"{file} is not UTF-8 text; save the CSV as UTF-8 and try again.") from None
    except OSError as exc:
        raise CampError(f"Cannot read {file}: {exc.strerror}; check the path.") from None
    if not text.strip():
        raise CampError(f"{file} is empty; it needs a header line such as 'name,shift,team'.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [h.strip().lower() for h in next(reader)]
    columns: dict[str, int] = {}
    for field, aliases in _CSV_COLUMNS.items():
        for i, h in enumerate(header):
            if h in aliases:
                columns[field] = i
                break
    if "name" not in columns:
        raise CampError(
            f"{file}, line 1: no 'name' column in the header {header}; "
            "the first line must name the columns, e.g. 'name,handle,shift,team'."
        )
    entries, seen = [], set()
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{file}, line {line_no}"

        def cell(field: str, row: list[str] = row) -> str | None:
            i = columns.get(field)
            value = row[i].strip() if i is not None and i < len(row) else ""
            return value or None

        name = _clean_name(cell("name") or "", where)
        if name in seen:
            raise CampError(f"{where}: {name} appears twice in the file; list each member once.")
        seen.add(name)
        entries.append(
            {
                "name": name,
                "handle": cell("handle"),
                "shift": _check_shift(camp, cell("shift"), where),
                "team": cell("team"),
                "where": where,
            }
        )
    return entries


def import_members_csv(
    db: Database, slug: str, path: str | Path, *, now: pendulum.DateTime
) -> list[str]:
    """Add members from a CSV file with a header (name[, handle, shift, team]); all or none."""
    camp = get_camp(db, slug)
    entries = _read_members_csv(camp, path)
    with write_transaction(db):
        added, restored = _insert_members(db, camp, entries, now)
    return added + restored


@dataclass(frozen=True)
class CsvImport:
    """What :func:`merge_members_csv` did: names added (or restored) and names skipped."""

    added: list[str]
    skipped: list[str]


def merge_members_csv(
    db: Database, slug: str, path: str | Path, *, now: pendulum.DateTime
) -> CsvImport:
    """Add the members of a CSV file who are not in the camp yet; skip those who are.

    For a list that grew since the last import. A bad line still refuses the whole
    file (nothing is added) with a sentence naming the line; removed members listed
    in the file are restored.
    """
    camp = get_camp(db, slug)
    entries = _read_members_csv(camp, path)
    with write_transaction(db):
        present = {
            row[0]
            for row in db.execute(
                "SELECT name FROM members WHERE camp_id = ? AND status != 'removed'", [camp.id]
            )
        }
        fresh = [entry for entry in entries if entry["name"] not in present]
        added, restored = _insert_members(db, camp, fresh, now) if fresh else ([], [])
    return CsvImport(
        added + restored, [entry["name"] for entry in entries if entry["name"] in present]
    )


@dataclass(frozen=True)
class Removal:
    """A member removed, and the pair they left (``None`` when they were in none)."""

    member: Member
    left: PairLeft | None = None

    @property
    def name(self) -> str:
        return self.member.name

    def describe(self) -> str:
        """``Removed Bob; the pair Alice & Bob is dissolved and Alice has no partner now.``"""
        text = f"Removed {self.member.name}"
        left = self.left
        if left is None:
            return text + "."
        if left.pair_now is not None:
            return text + f"; {left.pair} is {left.pair_now} now."
        alone = ", ".join(left.unpaired)
        if not alone:
            return text + f"; the pair {left.pair} is dissolved."
        return text + f"; the pair {left.pair} is dissolved and {alone} has no partner now."


def remove_member(db: Database, slug: str, name: str, *, now: pendulum.DateTime) -> Removal:
    """Mark a member removed; their history stays and they leave the leaderboards.

    They leave their pair in the same transaction: a pair of two is dissolved (the
    partner waits for a new one), so the pair board never ranks a pair with a removed
    member; the points each earned stay their own.
    """
    camp = get_camp(db, slug)
    with write_transaction(db):
        member = find_member(db, camp, name)
        if member.status == "removed":
            raise CampError(f"{member.name} is already removed from {camp.slug}.")
        left = leave_pair(db, member.id)
        db.execute(
            "UPDATE members SET status = 'removed', removed_at = ?, pair_id = NULL WHERE id = ?",
            [utc_text(now), member.id],
        )
    return Removal(member, left)


def mark_converted(
    db: Database, slug: str, names: list[str], *, converted: bool = True
) -> list[str]:
    """Mark members as converted (e.g. bought the course), for the camp report's figure."""
    camp = get_camp(db, slug)
    if not names:
        raise CampError("Name at least one member, e.g. `camp members convert CAMP Alice`.")
    with write_transaction(db):
        members = [find_member(db, camp, name) for name in names]
        db.conn.executemany(
            "UPDATE members SET converted = ? WHERE id = ?",
            [(int(converted), m.id) for m in members],
        )
    return [m.name for m in members]


@dataclass(frozen=True)
class MemberRow:
    """A member with what the listing shows about them."""

    member: Member
    partner: str | None
    pair: str | None
    checkins: int
    counted_days: int
    #: Whether the pair was made automatically (``camp pair --auto`` or the camp's
    #: ``pairing`` event) rather than by hand; ``None`` out of a pair.
    pair_auto: bool | None = None

    def to_json(self) -> dict:
        m = self.member
        return {
            "name": m.name,
            "handle": m.handle,
            "shift": m.shift,
            "team": m.team,
            "pair": self.pair,
            "partner": self.partner,
            "pair_auto": self.pair_auto,
            "status": m.status,
            "checkins": self.checkins,
            "counted_days": self.counted_days,
        }


def list_members(db: Database, slug: str, *, include_removed: bool = True) -> list[MemberRow]:
    """Members in the order they joined, with partner, pair and check-in counts."""
    camp = get_camp(db, slug)
    rows = db.query(
        f"""
        SELECT m.*, p.name AS pair_name, p.auto AS pair_auto,
            (SELECT group_concat(o.name, ' & ') FROM members o
             WHERE o.pair_id = m.pair_id AND o.id != m.id) AS partner,
            (SELECT COUNT(*) FROM checkins k WHERE k.member_id = m.id) AS checkins,
            (SELECT COUNT(DISTINCT k.day) FROM checkins k WHERE k.member_id = m.id
             AND {counted_in("k.status")}) AS counted_days
        FROM members m LEFT JOIN pairs p ON p.id = m.pair_id
        WHERE m.camp_id = ? AND (? OR m.status != 'removed')
        ORDER BY m.id
        """,
        [camp.id, include_removed],
    )
    return [
        MemberRow(
            _member_from_row(r),
            r["partner"],
            r["pair_name"],
            r["checkins"],
            r["counted_days"],
            None if r["pair_auto"] is None else bool(r["pair_auto"]),
        )
        for r in rows
    ]


def pair_members(db: Database, slug: str, a: str, b: str, *, now: pendulum.DateTime) -> str:
    """Pair two active, unpaired members; returns the pair's name."""
    camp = get_camp(db, slug)
    check_pair_camp(camp)
    with write_transaction(db):
        first = find_member(db, camp, a, include_removed=False)
        second = find_member(db, camp, b, include_removed=False)
        if first.id == second.id:
            raise CampError(f"{first.name} cannot be paired with themselves; name two members.")
        for m in (first, second):
            if m.pair_id is not None:
                partner = db.execute(
                    "SELECT name FROM members WHERE pair_id = ? AND id != ?", [m.pair_id, m.id]
                ).fetchone()
                raise CampError(
                    f"{m.name} is already paired with {partner[0] if partner else 'someone'}; "
                    f"unpair first with `camp pair {camp.slug} --unpair '{m.name}'`."
                )
        return create_pair(
            db, camp, [(first.id, first.name), (second.id, second.name)], auto=False, now=now
        )


def unpair_member(db: Database, slug: str, name: str) -> str:
    """Dissolve the pair of a member; returns the dissolved pair's name."""
    camp = get_camp(db, slug)
    with write_transaction(db):
        member = find_member(db, camp, name)
        if member.pair_id is None:
            raise CampError(f"{member.name} is not in a pair.")
        return dissolve_pair(db, member.pair_id)


def set_member_group(
    db: Database,
    slug: str,
    name: str,
    *,
    now: pendulum.DateTime,
    shift: str | None = None,
    team: str | None = None,
) -> Member:
    """Change a member's shift and/or team; ``None`` leaves one as it is, ``""`` clears it.

    The shift must be a window of the camp; a team is for camps with ``group = "team"``.
    Check-ins already recorded keep how they were judged. ``now`` is accepted like
    every service's, for the audit of later versions.
    """
    del now  # the members table keeps no change history yet
    camp = get_camp(db, slug)
    if shift is None and team is None:
        raise CampError("Give a shift or a team to set (an empty one clears it).")
    new_shift = _check_shift(camp, shift.strip(), "shift") if shift is not None else None
    new_team = " ".join(team.split()) if team is not None else None
    if new_team and camp.definition.group != "team":
        raise CampError(
            f"Camp {camp.slug} is a {camp.definition.group} camp; teams are for camps with "
            'group = "team" in their definition. Leave the team empty.'
        )
    if new_team and len(new_team) > MAX_NAME_LENGTH:
        raise CampError(f"The team name is longer than {MAX_NAME_LENGTH} characters; shorten it.")
    with write_transaction(db):
        member = find_member(db, camp, name, include_removed=False)
        changes: dict[str, str | None] = {}
        if shift is not None:
            changes["shift"] = new_shift
        if team is not None:
            changes["team"] = new_team or None
        db.table("members").update(member.id, changes)
        row = db.execute("SELECT shift, team FROM members WHERE id = ?", [member.id]).fetchone()
    return Member(
        id=member.id,
        camp_id=member.camp_id,
        name=member.name,
        handle=member.handle,
        shift=row[0],
        team=row[1],
        pair_id=member.pair_id,
        status=member.status,
    )


def name_like_pattern(search: str) -> str:
    """A ``LIKE ? ESCAPE '\\'`` pattern matching names that contain ``search`` literally."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


#: The lists the Members tab offers: everyone not removed, the warned, the removed.
#: (Who is due for removal is a judgement, see ``inactivity.inactivity_as_of``.)
MEMBER_VIEWS: tuple[str, ...] = ("current", "warned", "removed", "all")
#: The statuses each list holds.
_VIEW_STATUSES = {
    "current": ("active", "warned"),
    "warned": ("warned",),
    "removed": ("removed",),
    "all": ("active", "warned", "removed"),
}

#: The orders a page of members can be read in (``joined`` is the order they joined in).
MEMBER_SORTS: tuple[str, ...] = ("joined", "name", "points", "days", "streak", "messages")

#: A key of one row in a sorted list: what :func:`list_members_page` takes as ``after``.
PageKey = tuple


@dataclass(frozen=True)
class MemberDetail:
    """A member with their pair, points, counted days, current streak and message count."""

    member: Member
    partner: str | None
    pair: str | None
    points: int
    counted_days: int
    streak: int
    messages: int
    converted: bool = False
    aliases: tuple[str, ...] = ()
    #: Whether the pair was made automatically; ``None`` out of a pair.
    pair_auto: bool | None = None


@dataclass(frozen=True)
class MemberPage:
    """A page of members; ``total`` counts every member matching.

    ``next_after`` is the key to pass as ``after`` for the page that follows (``None``
    on the last page); ``counts`` has how many members of the camp have each status,
    whatever the search.
    """

    offset: int
    total: int
    rows: list[MemberDetail]
    next_after: PageKey | None = None
    counts: dict[str, int] = dataclasses.field(default_factory=dict)


def _hex_day_count(days: str | None) -> int:
    return mask_from_hex(days).bit_count()


def _sort_terms(camp: Camp, sort: str, state_day: int, still_open: bool) -> list[tuple[str, bool]]:
    """The ``ORDER BY`` terms of ``sort`` as ``(expression, descending)``, the member's id
    last so that every row has a key of its own."""
    if sort == "joined":
        return [("m.id", False)]
    if sort == "name":
        # The camp's unique index on (camp_id, name) holds this order: no sorting.
        return [("m.name", False), ("m.id", False)]
    if sort == "points":
        # The leaderboard's order (its index member_totals_rank, the id being the rowid).
        return [
            ("t.total", True),
            ("t.on_time", True),
            ("t.last_at", False),
            ("t.member_id", False),
        ]
    # Derived figures have no index: each page sorts the list's keys once. Numbers are
    # negated so the key rises with the id and a single row-value comparison pages on.
    if sort == "days":
        if camp.definition.checkin_mode == "all":
            expression = "member_day_count(t.days)"
        else:
            # One counted check-in a day at most: their number is the number of days.
            expression = "(t.on_time + t.late + t.makeup)"
    elif sort == "streak":
        expression = f"member_streak(m.id, t.days, {state_day}, {int(still_open)})"
    elif sort == "messages":
        expression = (
            "(SELECT COUNT(*) FROM messages g WHERE g.member_id = m.id AND g.day IS NOT NULL)"
        )
    else:
        raise CampError(f"Unknown order {sort!r}; use one of {', '.join(MEMBER_SORTS)}.")
    return [(f"-coalesce({expression}, 0)", False), ("m.id", False)]


def _after_clause(terms: list[tuple[str, bool]], key: Sequence) -> tuple[str, list]:
    """The rows that come after ``key`` in the order of ``terms`` (keyset paging)."""
    if len(key) != len(terms):
        raise CampError("That page key belongs to another order; read the first page again.")
    directions = {descending for _, descending in terms}
    if len(directions) == 1:
        columns = ", ".join(expression for expression, _ in terms)
        marks = ", ".join("?" * len(terms))
        return f"({columns}) {'<' if directions.pop() else '>'} ({marks})", list(key)
    # Mixed directions: each term in turn decides once the ones before it are equal.
    # The first term's own bound lets SQLite seek into its index instead of scanning.
    first, first_descending = terms[0]
    alternatives, params = [], [key[0]]
    for i, (expression, descending) in enumerate(terms):
        equal = [f"{e} = ?" for e, _ in terms[:i]]
        alternatives.append(" AND ".join([*equal, f"{expression} {'<' if descending else '>'} ?"]))
        params.extend([*key[:i], key[i]])
    bound = f"{first} {'<=' if first_descending else '>='} ?"
    return f"{bound} AND (({') OR ('.join(alternatives)}))", params


def _json_list(names: Sequence[str]) -> str:
    return json.dumps(list(names), ensure_ascii=False)


def _status_counts(db: Database, camp_id: int) -> dict[str, int]:
    """How many members of the camp have each status.

    Three counts rather than one ``GROUP BY``: the camp's members are counted in an
    index and the removed in their own (partial) one; only the warned need the rows.
    """
    everyone, removed, warned = (
        db.execute(f"SELECT COUNT(*) FROM members WHERE camp_id = ?{extra}", [camp_id]).fetchone()[
            0
        ]
        for extra in ("", " AND status = 'removed'", " AND status = 'warned'")
    )
    return {"active": everyone - removed - warned, "warned": warned, "removed": removed}


def list_members_page(
    db: Database,
    slug: str,
    *,
    now: pendulum.DateTime,
    offset: int = 0,
    limit: int = 100,
    search: str = "",
    view: str = "current",
    names: Sequence[str] | None = None,
    search_names: Sequence[str] = (),
    sort: str = "joined",
    reverse: bool = False,
    after: Sequence | None = None,
) -> MemberPage:
    """One page of members with what the Members tab shows.

    ``view`` is one of :data:`MEMBER_VIEWS`; ``search`` keeps names containing it
    (case-insensitively), and ``search_names`` the names found for it some other way
    (their pinyin); ``names`` (e.g. the members due for removal) keeps only those.
    ``sort`` is one of :data:`MEMBER_SORTS`: joining order and names rise, points,
    days, streaks and messages fall (points break ties as the leaderboard does);
    ``reverse`` turns the order round. ``after`` (a page's ``next_after``) starts the
    page after that row by its key rather than by counting rows, so a page deep in a
    camp of 100,000 costs what the first does; ``offset`` still skips rows.
    """
    camp = get_camp(db, slug)
    if view not in MEMBER_VIEWS:
        raise CampError(f"Unknown member list {view!r}; use one of {', '.join(MEMBER_VIEWS)}.")
    if sort not in MEMBER_SORTS:
        raise CampError(f"Unknown order {sort!r}; use one of {', '.join(MEMBER_SORTS)}.")
    offset, limit = max(offset, 0), max(limit, 0)
    state = progress(camp_days(camp), now)

    # Which members match, as one expression: the count and the page share it.
    needle = search.strip()
    like = ("m.name LIKE ? ESCAPE '\\'", [name_like_pattern(needle)]) if needle else None
    # One parameter whatever the number of names (SQLite limits parameters).
    also = (
        ("m.name IN (SELECT value FROM json_each(?))", [_json_list(search_names)])
        if search_names
        else None
    )
    only = (
        ("m.name IN (SELECT value FROM json_each(?))", [_json_list(names)])
        if names is not None
        else None
    )
    match: list[str] = []
    match_params: list[str] = []
    found = [part for part in (like, also) if part is not None]
    if found:
        match.append(f"({' OR '.join(clause for clause, _ in found)})")
        match_params.extend(param for _, params in found for param in params)
    if only is not None:
        match.append(only[0])
        match_params.extend(only[1])
    matching = " AND ".join(match) or "1"

    counts = _status_counts(db, camp.id)
    statuses = _VIEW_STATUSES[view]
    status_filter = f"m.status IN ({','.join('?' * len(statuses))})" if view != "all" else "1"
    status_params = list(statuses) if view != "all" else []
    terms = _sort_terms(camp, sort, state.day, state.still_open)
    if reverse:
        terms = [(expression, not descending) for expression, descending in terms]
    where = ["m.camp_id = ?", status_filter]
    params: list = [camp.id, *status_params]
    if match:
        where.append(matching)
        params.extend(match_params)
    if after is not None:
        clause, after_params = _after_clause(terms, after)
        where.append(clause)
        params.extend(after_params)
    if sort == "points":
        # Read in the rank index's order; every member has a totals row.
        source = "member_totals t JOIN members m ON m.id = t.member_id"
        where.insert(0, "t.camp_id = ?")
        params.insert(0, camp.id)
    elif sort in ("joined", "name", "messages"):
        source = "members m"
    else:
        source = "members m LEFT JOIN member_totals t ON t.member_id = m.id"
    keys = ", ".join(f"{expression} AS key_{i}" for i, (expression, _) in enumerate(terms))
    order = ", ".join(f"key_{i}{' DESC' if d else ''}" for i, (_, d) in enumerate(terms))
    db.conn.create_function("member_day_count", 1, _hex_day_count, deterministic=True)
    # Leave days are no days for a streak (SPEC section 11), as on the leaderboard.
    leaves = leave_masks(db, "camp_id = ?", [camp.id]) if sort == "streak" else {}
    db.conn.create_function(
        "member_streak",
        4,
        lambda member_id, days, day, still_open: current_streak(
            mask_from_hex(days), day, bool(still_open), leaves.get(member_id, 0)
        ),
        deterministic=True,
    )
    # The order is found on the keys alone (a narrow sort), then the page's rows are read.
    keyed = db.execute(
        f"SELECT m.id, {keys} FROM {source} WHERE {' AND '.join(where)} "
        f"ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit + 1, offset],
    ).fetchall()
    more, keyed = len(keyed) > limit, keyed[:limit]
    next_after = tuple(keyed[-1][1:]) if more and keyed else None
    if not match:
        total = sum(counts[status] for status in statuses)
    elif not more and after is None and not offset:
        total = len(keyed)  # the page holds every match: nothing more to count
    else:
        # Counted in parts: the names found by their letters in one scan, those found
        # another way by looking each up in the camp's index of names. Asked as one
        # "LIKE … OR IN …", SQLite would test every member against both.
        parts = [like] if like is not None else []
        if also is not None:
            parts.append(
                (f"{also[0]} AND NOT ({like[0]})", also[1] + like[1]) if like is not None else also
            )
        total = 0
        for clause, params in parts or [("1", [])]:
            if only is not None:
                clause, params = f"{clause} AND {only[0]}", [*params, *only[1]]
            total += db.execute(
                f"SELECT COUNT(*) FROM members m WHERE m.camp_id = ? AND {status_filter} "
                f"AND {clause}",
                [camp.id, *status_params, *params],
            ).fetchone()[0]
    by_id = {
        r["id"]: r
        for r in db.query(
            "SELECT m.*, p.name AS pair_name, p.auto AS pair_auto, t.total, t.days AS day_mask "
            "FROM members m "
            "LEFT JOIN member_totals t ON t.member_id = m.id LEFT JOIN pairs p ON p.id = m.pair_id "
            "WHERE m.id IN (SELECT value FROM json_each(?))",
            [json.dumps([row[0] for row in keyed])],
        )
    }
    rows = [by_id[row[0]] for row in keyed if row[0] in by_id]
    return MemberPage(
        offset, total, _details(db, camp, rows, state.day, state.still_open), next_after, counts
    )


def _details(
    db: Database, camp: Camp, rows: list[dict], day: int, still_open: bool
) -> list[MemberDetail]:
    """The page's rows with their partners, message counts and aliases (read for these
    rows only)."""
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids))
    pair_ids = sorted({r["pair_id"] for r in rows if r["pair_id"] is not None})
    partners: dict[int, list[tuple[int, str]]] = {}
    if pair_ids:
        for pair_id, member_id, name in db.execute(
            f"SELECT pair_id, id, name FROM members WHERE pair_id IN "
            f"({','.join('?' * len(pair_ids))}) ORDER BY id",
            pair_ids,
        ):
            partners.setdefault(pair_id, []).append((member_id, name))
    messages = (
        dict(
            db.execute(
                f"SELECT member_id, COUNT(*) FROM messages WHERE member_id IN ({marks}) "
                "AND day IS NOT NULL GROUP BY member_id",
                ids,
            ).fetchall()
        )
        if ids
        else {}
    )
    aliases: dict[int, list[str]] = {}
    if ids:
        for member_id, alias in db.execute(
            f"SELECT member_id, alias FROM aliases WHERE member_id IN ({marks}) ORDER BY id", ids
        ):
            aliases.setdefault(member_id, []).append(alias)
    leaves = (
        leave_masks(db, f"camp_id = ? AND member_id IN ({marks})", [camp.id, *ids]) if ids else {}
    )
    details = []
    for r in rows:
        mask = mask_from_hex(r["day_mask"])
        others = [n for i, n in partners.get(r["pair_id"], []) if i != r["id"]]
        details.append(
            MemberDetail(
                member=_member_from_row(r),
                partner=" & ".join(others) or None,
                pair=r["pair_name"],
                points=r["total"] or 0,
                counted_days=mask.bit_count(),
                streak=current_streak(mask, day, still_open, leaves.get(r["id"], 0)),
                messages=messages.get(r["id"], 0),
                converted=bool(r["converted"]),
                aliases=tuple(aliases.get(r["id"], ())),
                pair_auto=None if r["pair_auto"] is None else bool(r["pair_auto"]),
            )
        )
    return details


def member_aliases(db: Database, slug: str, name: str) -> list[str]:
    """The other names member ``name`` goes by in chat exports (see ``add_aliases``)."""
    camp = get_camp(db, slug)
    member = find_member(db, camp, name)
    return [
        row[0]
        for row in db.execute(
            "SELECT alias FROM aliases WHERE member_id = ? ORDER BY id", [member.id]
        )
    ]


def member_counts(db: Database, slug: str) -> dict[str, int]:
    """How many members of the camp have each status (``active``, ``warned``, ``removed``)."""
    camp = get_camp(db, slug)
    counts = dict.fromkeys(("active", "warned", "removed"), 0)
    counts.update(
        db.execute(
            "SELECT status, COUNT(*) FROM members WHERE camp_id = ? GROUP BY status", [camp.id]
        ).fetchall()
    )
    return counts
