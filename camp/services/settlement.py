"""``camp settle CAMP``: the deposit camp's ledger from the standings (SPEC section 11).

Every member who joined paid the deposit, removed members too (their days after the
removal are missed). Missed days and outcomes are those of :mod:`camp.outcomes`: leave
days are excused; without ``[outcomes]`` a perfect record is simply no missed day.
"""

from __future__ import annotations

import pendulum

from camp.calendar import camp_days, progress
from camp.db import Database
from camp.errors import CampError
from camp.models import Camp, Outcomes
from camp.outcomes import member_outcome, missed_days
from camp.services.camps import get_camp
from camp.services.standings import JoinDays, camp_leaves, standings_as_of
from camp.stakes import Settlement, settle

__all__ = ["settlement_of"]


def _stakes_of(camp: Camp):
    stakes = camp.definition.stakes
    if stakes is None:
        raise CampError(
            f"Camp {camp.slug} has no [stakes] in its camp file, so there is nothing to "
            "settle; add e.g. [stakes] deposit = 100 and fine_per_miss = 5 to it."
        )
    return stakes


def settlement_of(db: Database, slug: str, *, now: pendulum.DateTime) -> Settlement:
    """The settlement as of now (final once the camp's last window has closed)."""
    camp = get_camp(db, slug)
    stakes = _stakes_of(camp)
    state = progress(camp_days(camp), now)
    board = standings_as_of(db, camp.slug, now=now, include_removed=True)
    as_of, still_open = board.as_of_day, board.still_open
    rules = camp.definition.outcomes or Outcomes(pass_min_days=camp.days)
    joined = dict(
        db.execute("SELECT name, joined FROM members WHERE camp_id = ?", [camp.id]).fetchall()
    )
    ids = dict(db.execute("SELECT name, id FROM members WHERE camp_id = ?", [camp.id]).fetchall())
    leaves = camp_leaves(db, camp)
    join_day = JoinDays(camp)
    members = []
    for entry in board.entries:
        first = join_day(joined[entry.name], entry.mask)
        leave = leaves.get(ids[entry.name], 0)
        outcome = member_outcome(
            rules,
            entry.mask,
            leave,
            first_day=first,
            as_of=as_of,
            days=camp.days,
            still_open=still_open,
        )
        missed = missed_days(entry.mask, leave, first_day=first, as_of=as_of, still_open=still_open)
        members.append((entry.name, outcome, missed))
    return settle(
        stakes,
        members,
        camp=camp.slug,
        as_of_day=as_of,
        final=state.finished,
        language=camp.definition.language,
    )
