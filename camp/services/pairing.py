"""Pairs of a pair camp: making them (by hand or automatically), growing, leaving, dissolving.

The rule of who is paired with whom is :func:`camp.pairing.plan_pairs`; this module
reads the members it needs and writes a plan, inside the caller's transaction where a
function says so. ``camp pair --auto`` (:func:`auto_pair`) and the scheduler's
``pairing`` event (``camp.services.announcing``) both go through
:func:`plan_auto_pairing` and :func:`apply_pairing`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from camp.clock import utc_text
from camp.db import Database, insert_row, write_transaction
from camp.errors import CampError
from camp.models import Camp
from camp.pairing import OpenPair, PairingPlan, Unpaired, pair_name, plan_pairs
from camp.services.camps import get_camp

__all__ = [
    "AutoPairResult",
    "PairLeft",
    "apply_pairing",
    "auto_pair",
    "auto_pair_names",
    "check_pair_camp",
    "create_pair",
    "dissolve_pair",
    "leave_pair",
    "plan_auto_pairing",
]


@dataclass(frozen=True)
class AutoPairResult:
    """What an auto-pairing did: the new pairs' names, the member left over (if any)
    and, with ``pair_odd = "triple"``, the member who joined an existing pair and the
    pair's name since."""

    pairs: list[str]
    left_over: list[str]
    joined: tuple[str, str] | None = None


@dataclass(frozen=True)
class PairLeft:
    """A member left their pair: its name, and the partners it left without one
    (empty when the others stay a pair, now called ``pair_now``)."""

    pair: str
    unpaired: tuple[str, ...]
    pair_now: str | None = None


def check_pair_camp(camp: Camp) -> None:
    """Refuse pairs in a camp that is not ``group = "pair"``."""
    if camp.definition.group != "pair":
        raise CampError(
            f"Camp {camp.slug} is a {camp.definition.group} camp; pairs are for camps with "
            'group = "pair" in their definition.'
        )


def create_pair(
    db: Database,
    camp: Camp,
    members: Sequence[tuple[int, str]],
    *,
    auto: bool,
    now: pendulum.DateTime,
) -> str:
    """Make a pair of ``members`` (id, name); returns its name. In the caller's transaction."""
    name = pair_name([member_name for _, member_name in members])
    pair_id = insert_row(
        db, "pairs", {"camp_id": camp.id, "name": name, "auto": int(auto), "created": utc_text(now)}
    )
    db.execute(
        f"UPDATE members SET pair_id = ? WHERE id IN ({','.join('?' * len(members))})",
        [pair_id, *[member_id for member_id, _ in members]],
    )
    return name


def _rename(db: Database, pair_id: int) -> str:
    """Call the pair by its members as they are now (joining order); returns the name."""
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM members WHERE pair_id = ? AND status != 'removed' ORDER BY id",
            [pair_id],
        )
    ]
    name = pair_name(names)
    db.execute("UPDATE pairs SET name = ? WHERE id = ?", [name, pair_id])
    return name


def dissolve_pair(db: Database, pair_id: int) -> str:
    """Unpair everyone of a pair and delete it; returns its name. In the caller's transaction."""
    row = db.execute("SELECT name FROM pairs WHERE id = ?", [pair_id]).fetchone()
    db.execute("UPDATE members SET pair_id = NULL WHERE pair_id = ?", [pair_id])
    db.execute("DELETE FROM pairs WHERE id = ?", [pair_id])
    return row[0] if row else ""


def leave_pair(db: Database, member_id: int) -> PairLeft | None:
    """The member leaves their pair (they are being removed); ``None`` when in none.

    A pair of two is dissolved: the partner is unpaired, waiting for the next
    auto-pairing or the operator. From a pair of three or more the others stay a pair
    (renamed after them). Check-ins and points stay each member's own. In the caller's
    transaction.
    """
    row = db.execute("SELECT pair_id FROM members WHERE id = ?", [member_id]).fetchone()
    if row is None or row[0] is None:
        return None
    pair_id = row[0]
    name = db.execute("SELECT name FROM pairs WHERE id = ?", [pair_id]).fetchone()
    others = [
        other
        for (other,) in db.execute(
            "SELECT name FROM members WHERE pair_id = ? AND id != ? AND status != 'removed' "
            "ORDER BY id",
            [pair_id, member_id],
        )
    ]
    pair = name[0] if name else pair_name(others)
    if len(others) >= 2:
        db.execute("UPDATE members SET pair_id = NULL WHERE id = ?", [member_id])
        return PairLeft(pair, (), _rename(db, pair_id))
    dissolve_pair(db, pair_id)
    return PairLeft(pair, tuple(others))


def _unpaired(db: Database, camp: Camp) -> list[Unpaired]:
    return [
        Unpaired(member_id, name, shift)
        for member_id, name, shift in db.execute(
            "SELECT id, name, shift FROM members WHERE camp_id = ? AND pair_id IS NULL "
            "AND status != 'removed' ORDER BY id",
            [camp.id],
        )
    ]


def _open_pairs(db: Database, camp: Camp) -> list[OpenPair]:
    """The camp's pairs of exactly two members still in the camp."""
    grouped: dict[int, tuple[bool, list[tuple[str, str | None]]]] = {}
    for pair_id, auto, name, shift in db.execute(
        "SELECT p.id, p.auto, m.name, m.shift FROM pairs p JOIN members m ON m.pair_id = p.id "
        "WHERE p.camp_id = ? AND m.status != 'removed' ORDER BY p.id, m.id",
        [camp.id],
    ):
        grouped.setdefault(pair_id, (bool(auto), []))[1].append((name, shift))
    return [
        OpenPair(
            pair_id,
            tuple(name for name, _ in members),
            tuple(shift for _, shift in members),
            auto,
        )
        for pair_id, (auto, members) in grouped.items()
        if len(members) == 2
    ]


def plan_auto_pairing(db: Database, camp: Camp) -> PairingPlan:
    """Who an auto-pairing of the camp would pair now (it only reads)."""
    rule = camp.definition.pair_odd
    waiting = _unpaired(db, camp)
    open_pairs = _open_pairs(db, camp) if rule == "triple" and len(waiting) % 2 else []
    return plan_pairs(waiting, open_pairs, rule)


def apply_pairing(
    db: Database, camp: Camp, plan: PairingPlan, *, now: pendulum.DateTime
) -> AutoPairResult:
    """Write ``plan`` (pairs marked ``auto``). In the caller's transaction, which should
    have read the plan itself (or checked it is still what :func:`plan_auto_pairing`
    says), so that nobody is paired twice."""
    made = [
        create_pair(db, camp, [(m.id, m.name) for m in group], auto=True, now=now)
        for group in plan.pairs
    ]
    joined = None
    if plan.joining is not None:
        db.execute(
            "UPDATE members SET pair_id = ? WHERE id = ?",
            [plan.joining.pair_id, plan.joining.member.id],
        )
        joined = (plan.joining.member.name, _rename(db, plan.joining.pair_id))
    left = [plan.odd.name] if plan.odd is not None else []
    return AutoPairResult(made, left, joined)


def auto_pair(db: Database, slug: str, *, now: pendulum.DateTime) -> AutoPairResult:
    """Pair every unpaired active member, partners of the same shift first, in joining order.

    With an odd number one member is left over (reported, never paired with
    themselves), or joins a pair when the camp says ``pair_odd = "triple"``.
    """
    camp = get_camp(db, slug)
    check_pair_camp(camp)
    with write_transaction(db):
        return apply_pairing(db, camp, plan_auto_pairing(db, camp), now=now)


def auto_pair_names(db: Database, camp: Camp) -> frozenset[str]:
    """The names of the camp's pairs that were made automatically."""
    return frozenset(
        row[0]
        for row in db.execute("SELECT name FROM pairs WHERE camp_id = ? AND auto = 1", [camp.id])
    )
