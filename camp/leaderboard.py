"""A leaderboard: the ranked entries of a camp as of the end of a day.

Plain data below both the standings service that builds it and the exporters and
announcements that render it, so a renderer never loads the database to know its shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from camp.models import Camp
from camp.scoring import Standing, mvp

__all__ = ["BY_CHOICES", "Leaderboard"]

#: What a leaderboard ranks: members, pairs or teams (``camp leaderboard --by``).
BY_CHOICES = ("member", "pair", "team")


@dataclass(frozen=True)
class Leaderboard:
    """Ranked entries of a camp as of the end of ``as_of_day``.

    ``entries`` are the entries at positions ``offset + 1`` on (all of them, the top N,
    or a page further down); ``total_entries`` counts every entry of the board.
    """

    camp: Camp
    by: str
    as_of_day: int
    still_open: bool
    entries: list[Standing]
    total_entries: int
    offset: int = 0
    #: The first day a period board ranks (``--week``, ``--from-day``); 1 for the camp.
    first_day: int = 1
    #: True for a board asked for a period (its JSON then says its days).
    period: bool = False

    @property
    def mvp(self) -> list[Standing]:
        return mvp(self.entries)

    def to_json(self) -> dict:
        """The JSON of ``camp leaderboard`` (SPEC section 5); a period board also says
        its days, as ``from_day`` and ``to_day``."""
        data: dict = {
            "camp": self.camp.slug,
            "by": self.by,
            "as_of_day": self.as_of_day,
        }
        if self.period:
            data["from_day"] = self.first_day
            data["to_day"] = self.as_of_day
        data["entries"] = [entry.to_json() for entry in self.entries]
        return data
