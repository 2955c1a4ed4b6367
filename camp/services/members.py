"""Members of a camp: adding, importing, listing, removing, pairing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pendulum

from camp.clock import utc_text
from camp.db import Database, write_transaction
from camp.errors import CampError, NotFoundError
from camp.models import Camp, Member
from camp.services.camps import get_camp
from camp.services.totals import refresh_member_totals

__all__ = [
    "MemberRow",
    "add_members",
    "auto_pair",
    "find_member",
    "import_members_csv",
    "list_members",
    "mark_converted",
    "pair_members",
    "remove_member",
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
            table = db["members"].insert(
                {"camp_id": camp.id, "name": entry["name"], "joined": stamp, **fields}
            )
            added.append(entry["name"])
            ids.append(table.last_pk)
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


def import_members_csv(
    db: Database, slug: str, path: str | Path, *, now: pendulum.DateTime
) -> list[str]:
    """Add members from a CSV file with a header (name[, handle, shift, team]); all or none."""
    camp = get_camp(db, slug)
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CampError(f"No file {file}; check the path of the members CSV.") from None
    except UnicodeDecodeError:
        raise CampError(f"{file} is not UTF-8 text; save the CSV as UTF-8 and try again.") from None
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
    with write_transaction(db):
        added, restored = _insert_members(db, camp, entries, now)
    return added + restored


def remove_member(db: Database, slug: str, name: str, *, now: pendulum.DateTime) -> Member:
    """Mark a member removed; their history stays and they leave the leaderboards."""
    camp = get_camp(db, slug)
    member = find_member(db, camp, name)
    if member.status == "removed":
        raise CampError(f"{member.name} is already removed from {camp.slug}.")
    with write_transaction(db):
        db.execute(
            "UPDATE members SET status = 'removed', removed_at = ? WHERE id = ?",
            [utc_text(now), member.id],
        )
    return member


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

    def to_json(self) -> dict:
        m = self.member
        return {
            "name": m.name,
            "handle": m.handle,
            "shift": m.shift,
            "team": m.team,
            "pair": self.pair,
            "partner": self.partner,
            "status": m.status,
            "checkins": self.checkins,
            "counted_days": self.counted_days,
        }


def list_members(db: Database, slug: str, *, include_removed: bool = True) -> list[MemberRow]:
    """Members in the order they joined, with partner, pair and check-in counts."""
    camp = get_camp(db, slug)
    rows = db.query(
        """
        SELECT m.*, p.name AS pair_name,
            (SELECT group_concat(o.name, ' & ') FROM members o
             WHERE o.pair_id = m.pair_id AND o.id != m.id) AS partner,
            (SELECT COUNT(*) FROM checkins k WHERE k.member_id = m.id) AS checkins,
            (SELECT COUNT(DISTINCT k.day) FROM checkins k WHERE k.member_id = m.id
             AND k.status IN ('on_time', 'late', 'makeup')) AS counted_days
        FROM members m LEFT JOIN pairs p ON p.id = m.pair_id
        WHERE m.camp_id = ? AND (? OR m.status != 'removed')
        ORDER BY m.id
        """,
        [camp.id, include_removed],
    )
    return [
        MemberRow(
            _member_from_row(r), r["partner"], r["pair_name"], r["checkins"], r["counted_days"]
        )
        for r in rows
    ]


def _create_pair(
    db: Database, camp: Camp, members: list[Member], auto: bool, now: pendulum.DateTime
) -> str:
    name = " & ".join(m.name for m in members)
    pair_id = (
        db["pairs"]
        .insert({"camp_id": camp.id, "name": name, "auto": int(auto), "created": utc_text(now)})
        .last_pk
    )
    db.execute(
        f"UPDATE members SET pair_id = ? WHERE id IN ({','.join('?' * len(members))})",
        [pair_id, *[m.id for m in members]],
    )
    return name


def _check_group_mode(camp: Camp) -> None:
    if camp.definition.group != "pair":
        raise CampError(
            f"Camp {camp.slug} is a {camp.definition.group} camp; pairs are for camps with "
            'group = "pair" in their definition.'
        )


def pair_members(db: Database, slug: str, a: str, b: str, *, now: pendulum.DateTime) -> str:
    """Pair two active, unpaired members; returns the pair's name."""
    camp = get_camp(db, slug)
    _check_group_mode(camp)
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
        return _create_pair(db, camp, [first, second], auto=False, now=now)


def unpair_member(db: Database, slug: str, name: str) -> str:
    """Dissolve the pair of a member; returns the dissolved pair's name."""
    camp = get_camp(db, slug)
    with write_transaction(db):
        member = find_member(db, camp, name)
        if member.pair_id is None:
            raise CampError(f"{member.name} is not in a pair.")
        pair_name = db.execute("SELECT name FROM pairs WHERE id = ?", [member.pair_id]).fetchone()[
            0
        ]
        db.execute("UPDATE members SET pair_id = NULL WHERE pair_id = ?", [member.pair_id])
        db.execute("DELETE FROM pairs WHERE id = ?", [member.pair_id])
    return pair_name


@dataclass(frozen=True)
class AutoPairResult:
    pairs: list[str]
    left_over: list[str]


def auto_pair(db: Database, slug: str, *, now: pendulum.DateTime) -> AutoPairResult:
    """Pair every unpaired active member, partners of the same shift first, in joining order.

    With an odd number one member is left over (reported, never paired with themselves).
    """
    camp = get_camp(db, slug)
    _check_group_mode(camp)
    with write_transaction(db):
        rows = db.query(
            "SELECT * FROM members WHERE camp_id = ? AND pair_id IS NULL AND status != 'removed' "
            "ORDER BY id",
            [camp.id],
        )
        waiting = [_member_from_row(r) for r in rows]
        by_shift: dict[str | None, list[Member]] = {}
        for m in waiting:
            by_shift.setdefault(m.shift, []).append(m)
        made, leftovers = [], []
        for group in by_shift.values():
            for i in range(0, len(group) - 1, 2):
                made.append(_create_pair(db, camp, group[i : i + 2], auto=True, now=now))
            if len(group) % 2:
                leftovers.append(group[-1])
        leftovers.sort(key=lambda m: m.id)
        for i in range(0, len(leftovers) - 1, 2):
            made.append(_create_pair(db, camp, leftovers[i : i + 2], auto=True, now=now))
        left = [leftovers[-1].name] if len(leftovers) % 2 else []
    return AutoPairResult(made, left)
