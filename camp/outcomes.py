"""Each member's outcome of a camp (SPEC section 11, ``[outcomes]``): pure functions.

``perfect``: no missed day from the day the member joined (leave days are excused)
and at least one counted; ``passed``: at least ``pass_min_days`` days counted or
excused; ``failed`` otherwise. Before the camp's last day has closed the outcome may
still change: it is ``pending`` unless already settled (``passed`` once the pass is
reached with a day missed, ``failed`` when even the days left cannot reach it).
"""

from __future__ import annotations

from collections.abc import Iterable

from camp.models import Outcomes
from camp.scoring import Standing

__all__ = ["OUTCOMES", "member_outcome", "missed_days", "outcome_groups"]

#: The outcomes, best first (``pending`` only before the camp is over).
OUTCOMES: tuple[str, ...] = ("perfect", "passed", "failed", "pending")


def _days(first: int, last: int) -> int:
    """The mask of days ``first..last``."""
    if last < first:
        return 0
    return ((1 << last) - 1) & ~((1 << (first - 1)) - 1)


def member_outcome(
    rules: Outcomes,
    mask: int,
    leave: int,
    *,
    first_day: int,
    as_of: int,
    days: int,
    still_open: bool = False,
) -> str:
    """The outcome of a member with counted days ``mask`` and leave days ``leave``, who
    joined on ``first_day`` of a camp of ``days`` days, as of the end of ``as_of``
    (``still_open``: that day's windows are still open)."""
    first_day = max(first_day, 1)
    past = _days(first_day, as_of)
    counted = mask & _days(first_day, days)
    if still_open and as_of >= 1 and not counted >> (as_of - 1) & 1:
        past &= ~(1 << (as_of - 1))
    excused = leave & ~counted & _days(first_day, days)
    done = (counted | excused) & _days(first_day, days)
    missed = (past & ~done).bit_count()
    left = (_days(first_day, days) & ~past & ~done).bit_count()
    reached = done.bit_count()
    perfect_so_far = rules.perfect and missed == 0 and counted.bit_count() > 0
    if not left:
        if perfect_so_far:
            return "perfect"
        return "passed" if reached >= rules.pass_min_days else "failed"
    if rules.perfect and missed == 0:
        return "pending"  # still on course for a perfect record
    if reached >= rules.pass_min_days:
        return "passed"
    return "failed" if reached + left < rules.pass_min_days else "pending"


def outcome_groups(entries: Iterable[Standing]) -> dict[str, list[str]] | None:
    """The names of each outcome's members, in board order (``None`` when the entries
    carry no outcome: the camp has no ``[outcomes]``)."""
    groups: dict[str, list[str]] = {outcome: [] for outcome in OUTCOMES}
    found = False
    for entry in entries:
        if entry.outcome is not None:
            found = True
            groups[entry.outcome].append(entry.name)
    return groups if found else None


def missed_days(
    mask: int, leave: int, *, first_day: int, as_of: int, still_open: bool = False
) -> int:
    """Days from ``first_day`` to ``as_of`` neither counted nor excused (leave); ``as_of``
    itself is not missed yet while ``still_open`` and not counted."""
    past = _days(max(first_day, 1), as_of)
    if still_open and as_of >= 1 and not mask >> (as_of - 1) & 1:
        past &= ~(1 << (as_of - 1))
    return (past & ~mask & ~leave).bit_count()
