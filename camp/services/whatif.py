"""``camp whatif CAMP --set scoring.KEY=VALUE``: the board under other scoring rules,
worked out in memory; nothing is written (SPEC section 11).

Every counted check-in is scored again from its day's difficulty, its status and its
score (:func:`camp.scoring.checkin_points`), the streak, pair and team rules are applied
under the changed ``[scoring]``, and the board is ranked as the real one is. With no
change it is the real board, entry for entry.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pendulum

from camp.calendar import camp_days
from camp.db import Database, counted_in
from camp.definition import parse_definition
from camp.definition.serialisation import definition_to_dict
from camp.errors import CampError, DefinitionError
from camp.models import Camp
from camp.scoring import Standing, checkin_points
from camp.services.camps import get_camp
from camp.services.standings import board_day, board_from_tallies, standings_as_of, tallies_as_of

__all__ = ["WHATIF_SECTIONS", "Move", "WhatIf", "parse_setting", "render_whatif_text", "what_if"]

#: The tables ``--set`` may change: the scoring, which re-scores what is recorded.
WHATIF_SECTIONS = ("scoring",)


@dataclass(frozen=True)
class Move:
    """An entry on the what-if board, with where it stands on the real one."""

    name: str
    rank: int
    points: int
    was_rank: int | None
    was_points: int | None

    @property
    def moved(self) -> int:
        """Places gained (positive) or lost (negative)."""
        return 0 if self.was_rank is None else self.was_rank - self.rank

    @property
    def changed(self) -> bool:
        return (self.rank, self.points) != (self.was_rank, self.was_points)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "rank": self.rank,
            "points": self.points,
            "was_rank": self.was_rank,
            "was_points": self.was_points,
            "moved": self.moved,
        }


@dataclass(frozen=True)
class WhatIf:
    """The what-if board and the settings it was worked out under."""

    camp: str
    by: str
    as_of_day: int
    settings: dict[str, Any]
    entries: tuple[Move, ...]
    #: The camp's language: the words of the text.
    language: str = "en"

    @property
    def changes(self) -> tuple[Move, ...]:
        return tuple(e for e in self.entries if e.changed)

    def to_json(self) -> dict:
        """The JSON of ``camp whatif --json``: every entry, and how many changed."""
        return {
            "camp": self.camp,
            "by": self.by,
            "as_of_day": self.as_of_day,
            "set": {key: _plain(value) for key, value in self.settings.items()},
            "changes": len(self.changes),
            "entries": [e.to_json() for e in self.entries],
        }


def _plain(value: Any) -> Any:
    return str(value) if not isinstance(value, bool | int | float | str) else value


def parse_setting(text: str) -> tuple[str, Any]:
    """``scoring.late_factor=0.8`` as ``("scoring.late_factor", 0.8)``: the value is read
    as TOML (``true``, ``0.8``, ``"mean"``), or else as bare text (``mean``)."""
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key or not raw:
        raise CampError(
            f"--set {text!r} is not KEY=VALUE; write e.g. --set scoring.late_factor=0.8."
        )
    try:
        value = tomllib.loads(f"value = {raw}")["value"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key, value


def _changed_definition(camp: Camp, settings: Sequence[tuple[str, Any]]):
    data = definition_to_dict(camp.definition)
    for key, value in settings:
        section, dot, name = key.partition(".")
        if section not in WHATIF_SECTIONS or not dot or not name or "." in name:
            raise CampError(
                f"--set {key}: what-if changes the scoring rules only; use a key of "
                "[scoring], e.g. --set scoring.late_factor=0.8."
            )
        data[section][name] = value
    try:
        return parse_definition(data, f"camp {camp.slug} with --set")
    except DefinitionError as error:
        raise CampError(f"--set: {error.problems[0]}.") from None


def _rescored(db: Database, camp: Camp, as_of: int) -> dict[int, int]:
    """Per member id, the points of their counted check-ins up to ``as_of`` under
    ``camp``'s scoring. Check-ins of one day, status and score earn alike, so each such
    kind is scored once."""
    days = camp_days(camp)
    scoring = camp.definition.scoring
    earned: dict[tuple, int] = {}
    points: dict[int, int] = {}
    # Fetched at once: a camp's every check-in goes by, and stepping the checked cursor
    # costs a Python call per row.
    for member_id, day, status, score in db.execute(
        f"SELECT member_id, day, status, score FROM checkins "
        f"WHERE camp_id = ? AND {counted_in()} AND day BETWEEN 1 AND ?",
        [camp.id, as_of],
    ).fetchall():
        kind = (day, status, score)
        worth = earned.get(kind)
        if worth is None:
            worth = earned[kind] = checkin_points(scoring, days[day - 1].difficulty, status, score)
        points[member_id] = points.get(member_id, 0) + worth
    return points


def what_if(
    db: Database,
    slug: str,
    settings: Sequence[str],
    *,
    now: pendulum.DateTime,
    by: str = "member",
    day: int | None = None,
    include_removed: bool = False,
) -> WhatIf:
    """The ``by`` board as of ``day`` with the ``settings`` (``KEY=VALUE`` texts) applied
    to the camp's scoring, each entry with its real rank and points. Only reads."""
    camp = get_camp(db, slug)
    parsed = [parse_setting(text) for text in settings]
    changed = dataclasses.replace(camp, definition=_changed_definition(camp, parsed))
    as_of, still_open = board_day(camp, now, by, day)
    real = standings_as_of(
        db, camp.slug, now=now, by=by, day=as_of, include_removed=include_removed
    )
    points = _rescored(db, changed, as_of)
    tallies = [
        t._replace(checkin_points=points.get(t.member_id, 0))
        for t in tallies_as_of(db, camp, as_of, include_removed=include_removed)
    ]
    board: list[Standing] = board_from_tallies(db, changed, by, tallies, as_of, still_open)
    before = {e.name: e for e in real.entries}
    moves = tuple(
        Move(
            e.name,
            e.rank,
            e.points,
            before[e.name].rank if e.name in before else None,
            before[e.name].points if e.name in before else None,
        )
        for e in board
    )
    return WhatIf(camp.slug, by, as_of, dict(parsed), moves, camp.definition.language)


#: The words of the text, by the camp's language.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "What if {settings} · {camp} · as of day {day}",
        "no change": "no change",
        "same": "Nobody moves: the board is the same.",
        "line": "#{rank:<4} {name}  {points} pts  {arrow}  ({was})",
        "new": "new",
        "was": "was #{rank}, {points} pts",
    },
    "zh": {
        "title": "假如 {settings} · {camp} · 截至第 {day} 天",
        "no change": "不改规则",
        "same": "排名不变：榜单和现在一样。",
        "line": "第 {rank:>3} 名  {name}  {points} 分  {arrow}  （{was}）",
        "new": "新上榜",
        "was": "原第 {rank} 名，{points} 分",
    },
}


def render_whatif_text(result: WhatIf) -> str:
    """Who moves, in the camp's language: each changed entry's rank and points, now
    and before."""
    words = _WORDS.get(result.language, _WORDS["en"])
    settings = ", ".join(f"{k}={_plain(v)}" for k, v in result.settings.items())
    out = [
        words["title"].format(
            settings=settings or words["no change"], camp=result.camp, day=result.as_of_day
        )
    ]
    if not result.changes:
        out.append(words["same"])
    for e in result.changes:
        arrow = f"↑{e.moved}" if e.moved > 0 else f"↓{-e.moved}" if e.moved < 0 else "="
        was = (
            words["new"]
            if e.was_rank is None
            else words["was"].format(rank=e.was_rank, points=e.was_points)
        )
        out.append(
            words["line"].format(rank=e.rank, name=e.name, points=e.points, arrow=arrow, was=was)
        )
    return "\n".join(out) + "\n"
