"""Certificates for everyone who finished a camp (``camp certificate CAMP --passed``).

A finisher is a member whose outcome (``[outcomes]``, :mod:`camp.outcomes`) is
``perfect`` or ``passed``; each gets the closing-ceremony certificate the MVP gets,
drawn by the same renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pendulum

from camp.calendar import camp_days, progress
from camp.db import Database
from camp.errors import CampError
from camp.scoring import Standing
from camp.services.camps import get_camp
from camp.services.standings import standings_as_of

__all__ = ["FINISHED", "Finisher", "finisher_certificate_files", "finishers"]

#: The outcomes that earn a certificate.
FINISHED = ("perfect", "passed")


@dataclass(frozen=True)
class Finisher:
    """A finisher's certificate: the member, their outcome and the file written."""

    name: str
    outcome: str
    file: Path

    def to_json(self) -> dict:
        return {"name": self.name, "outcome": self.outcome, "file": str(self.file)}


def finishers(
    db: Database, slug: str, *, now: pendulum.DateTime, force: bool = False
) -> tuple[list[Standing], int]:
    """The finishers' entries of the final member board, and the board's size.

    Refused for a camp without ``[outcomes]``, and before its last window closes
    unless ``force`` (outcomes as they stand today).
    """
    camp = get_camp(db, slug)
    if camp.definition.outcomes is None:
        raise CampError(
            f"Camp {camp.slug} has no [outcomes] in its camp file, so nobody has passed; "
            "add e.g. [outcomes] pass = { min_days = 18 } to it."
        )
    state = progress(camp_days(camp), now)
    if not state.finished and not force:
        when = f"day {state.day} of {camp.days}" if state.started else "not started"
        raise CampError(
            f"Camp {camp.slug} is not over ({when}): who passed is known when the last "
            "window closes. Give --force for certificates of those who have passed today."
        )
    board = standings_as_of(db, camp.slug, now=now)
    return [e for e in board.entries if e.outcome in FINISHED], board.total_entries


def _file_safe(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name).strip("-") or "entry"


def finisher_certificate_files(
    db: Database,
    slug: str,
    *,
    now: pendulum.DateTime,
    theme: str = "light",
    folder: Path = Path(),
    force: bool = False,
) -> list[Finisher]:
    """Write one PNG certificate per finisher, ``certificate-NAME.png`` in ``folder``.

    Every certificate is drawn before any is written, so a problem (no font for a
    name) leaves no half-written set.
    """
    from camp.exporters.png import render_certificate_png
    from camp.services.exports import write_file_atomically

    chosen, total = finishers(db, slug, now=now, force=force)
    if not chosen:
        raise CampError(f"Nobody has passed camp {slug}: no certificate to make.")
    camp = get_camp(db, slug)
    days = camp_days(camp)
    drawn = []
    used: set[str] = set()
    for entry in chosen:
        data = render_certificate_png(
            camp,
            entry,
            by="member",
            total_entries=total,
            dates=(days[0].date, days[-1].date),
            theme=theme,
        )
        stem = base = f"certificate-{_file_safe(entry.name)}"
        # Names that differ only in punctuation would share a file name.
        number = 2
        while stem in used:
            stem, number = f"{base}-{number}", number + 1
        used.add(stem)
        drawn.append((entry, folder / f"{stem}.png", data))
    for _, target, data in drawn:
        write_file_atomically(data, target)
    return [Finisher(entry.name, entry.outcome or "", target) for entry, target, _ in drawn]
