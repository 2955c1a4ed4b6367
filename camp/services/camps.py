"""Creating, finding and describing camps."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import marshal
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pendulum

from camp.calendar import Progress, camp_days, plan_days, progress, timezone_for
from camp.clock import utc_text
from camp.db import Database, insert_row, write_transaction
from camp.definition import (
    apply_overrides,
    definition_to_dict,
    load_definition_file,
    parse_definition,
    resolve_template,
)
from camp.errors import CampError, NotFoundError
from camp.models import Camp, CampDefinition, Day

__all__ = [
    "CampSummary",
    "PreparedCamp",
    "archive_camp",
    "camp_status",
    "create_camp",
    "delete_camp",
    "get_camp",
    "get_camp_by_id",
    "list_camps",
    "local_today",
    "parse_start_date",
    "plan_json",
    "prepare_camp",
    "slug_for",
    "slugify",
    "summarize_camp",
    "today_for_new_camp",
]


def parse_start_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """A camp's start date: ``YYYY-MM-DD``, or ``today`` / ``tomorrow``."""
    word = text.strip().lower()
    if today is not None and word in ("today", "tomorrow"):
        return today + dt.timedelta(days=1 if word == "tomorrow" else 0)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CampError(
            f"--start {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-01."
        ) from None


def local_today(now: pendulum.DateTime, *zones: str | None) -> dt.date:
    """Today's date where a camp runs: ``now`` in the first of ``zones`` that is a known
    IANA zone (a form's zone field may hold a half-typed name), else in UTC."""
    for zone in zones:
        if zone:
            try:
                return now.in_tz(timezone_for(zone)).date()
            except CampError:
                continue
    return now.in_tz("UTC").date()


def today_for_new_camp(
    template_or_file: str, timezone: str | None, now: pendulum.DateTime
) -> dt.date:
    """Today's date where a camp made from this template or file will run: in
    ``timezone`` when it is given, else in the definition's own zone (``--start today``)."""
    if timezone:
        return local_today(now, timezone)
    _, path = resolve_template(template_or_file)
    return local_today(now, load_definition_file(path)[0].timezone)


def slugify(text: str) -> str:
    """A lowercase ASCII slug (``Copywriting CP`` -> ``copywriting-cp``); may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].strip("-")


def slug_for(name: str, template_id: str | None) -> str:
    """A slug from the name, unless the name is mostly not Latin (then the template's id).

    "冬季文案CP营" would otherwise become "cp": the template id says more.
    """
    dropped = any(
        ch.isalnum()
        and not ch.isascii()
        and not unicodedata.normalize("NFKD", ch).encode("ascii", "ignore")
        for ch in name
    )
    made = slugify(name)
    if made and not dropped:
        return made
    return template_id or made or "camp"


def _unique_slug(db: Database, wanted: str) -> str:
    taken = {row["slug"] for row in db.query("SELECT slug FROM camps")}
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def _anchor_paths(raw: dict, base: Path) -> dict:
    """Relative folders in an operator's file mean "next to the file", wherever camp runs."""

    def anchored(value):
        return (
            str(base / value) if isinstance(value, str) and not Path(value).is_absolute() else value
        )

    raw = copy.deepcopy(raw)
    camp = raw.get("camp")
    if isinstance(camp, dict) and "messages" in camp:
        camp["messages"] = anchored(camp["messages"])
    for channel in raw.get("channels", []) if isinstance(raw.get("channels"), list) else []:
        if isinstance(channel, dict) and channel.get("type") == "folder" and "path" in channel:
            channel["path"] = anchored(channel["path"])
    return raw


@dataclass(frozen=True)
class PreparedCamp:
    """A camp checked in full but not stored: what ``create_camp`` would write.

    ``days`` are the planned active days; a form previews them before creating.
    """

    template: str | None
    definition: CampDefinition
    start: dt.date
    days: tuple[Day, ...]


def prepare_camp(
    template_or_file: str,
    *,
    name: str,
    start: dt.date,
    timezone: str | None = None,
    days: int | None = None,
) -> PreparedCamp:
    """Validate a new camp and plan its days without touching the database.

    Raises the same ``CampError`` (a ``DefinitionError`` listing every problem of the
    definition) that ``create_camp`` would.
    """
    if not name.strip():
        raise CampError("--name is empty; give the camp a name, e.g. --name 'Winter sprint'.")
    template_id, path = resolve_template(template_or_file)
    _, raw = load_definition_file(path)
    raw = apply_overrides(raw, name=name.strip(), timezone=timezone, days=days)
    if template_id is None:
        raw = _anchor_paths(raw, path.resolve().parent)
    definition = parse_definition(raw, source=str(path))
    # Rest rules that leave no active day fail here, before anything is written.
    planned = tuple(plan_days(definition, start))
    return PreparedCamp(template_id, definition, start, planned)


def create_camp(
    db: Database,
    template_or_file: str,
    *,
    name: str,
    start: dt.date,
    now: pendulum.DateTime,
    timezone: str | None = None,
    days: int | None = None,
    slug: str | None = None,
) -> Camp:
    """Create a camp from a built-in template id or a TOML file; returns the stored camp.

    The definition is validated in full (``prepare_camp``) before anything is written.
    """
    prepared = prepare_camp(template_or_file, name=name, start=start, timezone=timezone, days=days)
    definition = prepared.definition
    wanted = slug or slug_for(name, prepared.template)
    if slug is not None and slugify(slug) != slug:
        raise CampError(
            f"Slug {slug!r} must be lowercase letters, digits and dashes, e.g. 'winter-sprint'."
        )
    stamp = utc_text(now)
    with write_transaction(db):
        if slug is not None and db.execute("SELECT 1 FROM camps WHERE slug = ?", [slug]).fetchone():
            raise CampError(f"A camp with slug {slug!r} already exists; choose another slug.")
        final_slug = _unique_slug(db, wanted)
        insert_row(
            db,
            "camps",
            {
                "slug": final_slug,
                "name": definition.name,
                "template": prepared.template,
                "timezone": definition.timezone,
                "start": start.isoformat(),
                "days": definition.days,
                "status": "active",
                "definition": json.dumps(definition_to_dict(definition), ensure_ascii=False),
                "created": stamp,
                "updated": stamp,
            },
        )
    return get_camp(db, final_slug)


def archive_camp(db: Database, slug: str, *, archived: bool = True, now: pendulum.DateTime) -> Camp:
    """Archive the camp (``archived=False`` makes it active again); returns the stored camp.

    An archived camp keeps everything recorded for it but announces nothing: the
    scheduler only runs the events of active camps, and announcements already queued
    but not yet delivered are dropped (``camp outbox retry ID`` sends one anyway).
    Archiving twice changes nothing.
    """
    camp = get_camp(db, slug)
    status = "archived" if archived else "active"
    with write_transaction(db):
        db.execute(
            "UPDATE camps SET status = ?, updated = ? WHERE id = ? AND status != ?",
            [status, utc_text(now), camp.id, status],
        )
        if archived:
            db.execute(
                "UPDATE deliveries SET status = 'dropped', last_error = 'camp archived' "
                "WHERE status IN ('pending', 'failed') AND outbox_id IN "
                "(SELECT id FROM outbox WHERE camp_id = ?)",
                [camp.id],
            )
    return get_camp(db, slug)


#: Definitions that differ only in the camp's name, parsed once: the camps made from
#: one template (a scheduler of a thousand of them checked each one's 31 tasks anew).
_NAMELESS: dict[bytes, CampDefinition] = {}
_NAMELESS_KEPT = 256


@lru_cache(maxsize=4096)  # a scheduler holds every active camp
def _definition_from_json(text: str, source: str) -> CampDefinition:
    data = json.loads(text)
    section = data.get("camp") if isinstance(data, dict) else None
    name = section.get("name") if isinstance(section, dict) else None
    if not isinstance(name, str) or not name.strip():
        return parse_definition(data, source=source)  # says what is wrong with it
    assert isinstance(section, dict)
    section["name"] = "camp"
    # Equal marshal bytes are equal data (equal data in other bytes is only a miss), at
    # a tenth of json.dumps's cost.
    key = marshal.dumps(data)
    shared = _NAMELESS.get(key)
    if shared is None:
        shared = parse_definition(data, source=source)
        if len(_NAMELESS) >= _NAMELESS_KEPT:
            _NAMELESS.clear()
        _NAMELESS[key] = shared
    # The name as parse_definition keeps it.
    return dataclasses.replace(shared, name=name.strip())


def _camp_from_row(row: dict) -> Camp:
    return Camp(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        template=row["template"],
        timezone=row["timezone"],
        start=dt.date.fromisoformat(row["start"]),
        days=row["days"],
        status=row["status"],
        definition=_definition_from_json(row["definition"], f"camp {row['slug']}"),
    )


def get_camp_by_id(db: Database, camp_id: int) -> Camp:
    """The camp with this database id (for rows that refer to their camp)."""
    rows = list(db.query("SELECT * FROM camps WHERE id = ?", [camp_id]))
    if not rows:
        raise NotFoundError(f"No camp with id {camp_id}.")
    return _camp_from_row(rows[0])


def get_camp(db: Database, slug: str) -> Camp:
    """The camp with this slug, or a NotFoundError naming the known slugs."""
    rows = list(db.query("SELECT * FROM camps WHERE slug = ?", [slug]))
    if not rows:
        known = [r["slug"] for r in db.query("SELECT slug FROM camps ORDER BY slug LIMIT 8")]
        hint = f" Known camps: {', '.join(known)}." if known else " Create one with `camp new`."
        raise NotFoundError(f"No camp with slug {slug!r}.{hint}")
    return _camp_from_row(rows[0])


def camp_status(camp: Camp, now: pendulum.DateTime) -> tuple[str, Progress]:
    """``archived``, ``upcoming``, ``running`` or ``finished``, with the camp's progress."""
    state = progress(camp_days(camp), now)
    if camp.status == "archived":
        return "archived", state
    if state.finished:
        return "finished", state
    if state.started:
        return "running", state
    return "upcoming", state


@dataclass(frozen=True)
class CampSummary:
    camp: Camp
    status: str
    progress: Progress
    members: int
    pairs: int
    checkins: int

    def to_json(self) -> dict:
        """The JSON of ``camp list`` (SPEC section 5)."""
        return {
            "slug": self.camp.slug,
            "name": self.camp.name,
            "template": self.camp.template,
            "timezone": self.camp.timezone,
            "start": self.camp.start.isoformat(),
            "days": self.camp.days,
            "status": self.status,
        }


def list_camps(
    db: Database, now: pendulum.DateTime, *, counts: bool = True, limit: int = -1
) -> list[CampSummary]:
    """Every camp (or the first ``limit``), newest start first and archived camps last,
    with its status and counts (left 0 without ``counts``: counting a big camp's
    check-ins takes a while)."""
    counted = {
        row["camp_id"]: row
        for row in db.query(
            """
            SELECT c.id AS camp_id,
                (SELECT COUNT(*) FROM members m
                 WHERE m.camp_id = c.id AND m.status != 'removed') AS members,
                (SELECT COUNT(*) FROM pairs p WHERE p.camp_id = c.id) AS pairs,
                (SELECT COUNT(*) FROM checkins k WHERE k.camp_id = c.id) AS checkins
            FROM camps c
            """
        )
    } if counts else {}
    none = {"members": 0, "pairs": 0, "checkins": 0}
    summaries = []
    for row in db.query(
        "SELECT * FROM camps ORDER BY status = 'archived', start DESC, slug LIMIT ?", [limit]
    ):
        camp = _camp_from_row(row)
        status, state = camp_status(camp, now)
        c = counted.get(camp.id, none)
        summaries.append(CampSummary(camp, status, state, c["members"], c["pairs"], c["checkins"]))
    return summaries


def summarize_camp(db: Database, slug: str, now: pendulum.DateTime) -> CampSummary:
    """One camp with its status and counts."""
    camp = get_camp(db, slug)
    for summary in list_camps(db, now):
        if summary.camp.id == camp.id:
            return summary
    raise NotFoundError(f"No camp with slug {slug!r}.")  # pragma: no cover - just found


def delete_camp(db: Database, slug: str) -> None:
    """Delete a camp and everything recorded for it."""
    camp = get_camp(db, slug)
    with write_transaction(db):
        db.execute("DELETE FROM camps WHERE id = ?", [camp.id])


def plan_json(camp: Camp) -> dict:
    """The JSON of ``camp plan`` (SPEC section 5): times as ISO 8601 with offset."""
    return {
        "camp": camp.slug,
        "days": [
            {
                "day": day.number,
                "date": day.date.isoformat(),
                "difficulty": day.difficulty,
                "task": day.task.title,
                "graded": day.task.graded,
                "windows": [
                    {
                        "name": slot.window.name,
                        "open": slot.open.isoformat(),
                        "due": slot.due.isoformat(),
                        "late_until": slot.late_until.isoformat() if slot.late_until else None,
                    }
                    for slot in day.slots
                ],
            }
            for day in camp_days(camp)
        ],
    }
