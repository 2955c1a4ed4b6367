"""Auto-pairing: who is paired with whom when a pair camp pairs its members still alone.

Pure: the members waiting for a partner (and, for ``pair_odd = "triple"``, the pairs an
odd member may join) in, a :class:`PairingPlan` out. ``camp pair --auto`` and the
``pairing`` event (at the close of day ``pair_by_day``) both follow it, so the two can
never pair differently; the services read the members and write the plan.

The rule: members are taken in joining order; partners of the same shift first, then
whoever is left, in joining order. An odd member out is left for the operator, or with
``triple`` joins a pair: the last new pair of their shift, else the last new pair, else
an existing pair of two (of their shift first, then one that was paired automatically,
then the latest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from camp.models import PAIR_ODD_RULES

__all__ = ["Joining", "OpenPair", "PairingPlan", "Unpaired", "pair_name", "plan_pairs"]


@dataclass(frozen=True)
class Unpaired:
    """A member waiting for a partner: not removed and in no pair."""

    id: int
    name: str
    shift: str | None = None


@dataclass(frozen=True)
class OpenPair:
    """An existing pair of two that an odd member may join (``pair_odd = "triple"``)."""

    id: int
    names: tuple[str, ...]
    shifts: tuple[str | None, ...]
    auto: bool = False


@dataclass(frozen=True)
class Joining:
    """The odd member joins the existing pair ``pair_id`` (of ``names``): a pair of three."""

    member: Unpaired
    pair_id: int
    names: tuple[str, ...]

    @property
    def pair(self) -> str:
        """The pair's name once the member joined it."""
        return pair_name([*self.names, self.member.name])


@dataclass(frozen=True)
class PairingPlan:
    """What an auto-pairing does: the new pairs (one of three when the odd member joined
    a new pair), the odd member joining an existing pair, or the odd member left over."""

    pairs: tuple[tuple[Unpaired, ...], ...] = ()
    joining: Joining | None = None
    odd: Unpaired | None = None

    @property
    def empty(self) -> bool:
        """Whether the plan pairs nobody (it may still name a member left over)."""
        return not self.pairs and self.joining is None

    @property
    def names(self) -> list[str]:
        """The names of the new pairs, in the order they are made."""
        return [pair_name([m.name for m in group]) for group in self.pairs]


def pair_name(names: Sequence[str]) -> str:
    """A pair is called by its members: ``Alice & Bob``."""
    return " & ".join(names)


def plan_pairs(
    waiting: Sequence[Unpaired],
    open_pairs: Sequence[OpenPair] = (),
    odd: str = "leave",
) -> PairingPlan:
    """Pair ``waiting`` (same shift first, then anyone, in joining order = id order).

    ``odd`` is the camp's ``pair_odd``: ``leave`` names the member left over in the
    plan; ``triple`` joins them to a pair (see the module's rule), ``open_pairs`` being
    the existing pairs of two they may join when no new pair is made.
    """
    if odd not in PAIR_ODD_RULES:
        raise ValueError(f"pair_odd {odd!r} is not one of {', '.join(PAIR_ODD_RULES)}")
    by_shift: dict[str | None, list[Unpaired]] = {}
    for member in sorted(waiting, key=lambda m: m.id):
        by_shift.setdefault(member.shift, []).append(member)
    pairs: list[tuple[Unpaired, ...]] = []
    leftovers: list[Unpaired] = []
    for group in by_shift.values():
        for i in range(0, len(group) - 1, 2):
            pairs.append((group[i], group[i + 1]))
        if len(group) % 2:
            leftovers.append(group[-1])
    leftovers.sort(key=lambda m: m.id)
    for i in range(0, len(leftovers) - 1, 2):
        pairs.append((leftovers[i], leftovers[i + 1]))
    alone = leftovers[-1] if len(leftovers) % 2 else None
    if alone is None or odd == "leave":
        return PairingPlan(tuple(pairs), None, alone)

    same_shift = [i for i, group in enumerate(pairs) if all(m.shift == alone.shift for m in group)]
    if same_shift or pairs:
        chosen = same_shift[-1] if same_shift else len(pairs) - 1
        pairs[chosen] = (*pairs[chosen], alone)
        return PairingPlan(tuple(pairs))
    candidates = [p for p in open_pairs if len(p.names) == 2]
    if not candidates:
        return PairingPlan((), None, alone)  # nobody to join: the operator decides
    best = max(
        candidates,
        key=lambda p: (all(shift == alone.shift for shift in p.shifts), p.auto, p.id),
    )
    return PairingPlan((), Joining(alone, best.id, best.names))
