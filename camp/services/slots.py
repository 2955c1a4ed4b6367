"""The slot rule's storage: which counted check-in holds each slot, and changing it.

Every source of check-ins (the command line, the terminal UI, chat imports, live bots)
stores them through :class:`SlotBook`, inside its own write transaction: the holders
are read after the write lock is taken, so two writers at once can never both count
the same slot. What wins is decided by :func:`camp.judging.claim_slot`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from camp.db import Database, counted_in
from camp.judging import Placement, claim_slot, slot_of
from camp.models import CHECKIN_STATUSES, COUNTED_STATUSES, Camp

__all__ = ["SlotBook", "SlotDecision"]

# Member ids per query: well under SQLite's limit of bound parameters.
_CHUNK = 500


@dataclass(frozen=True)
class SlotDecision:
    """How a new check-in is stored: its status, and the id of the check-in it displaced."""

    status: str
    displaced: int | None = None


# A decision that displaces nothing depends only on its status: made once for each.
_KEPT = {status: SlotDecision(status) for status in CHECKIN_STATUSES}


class SlotBook:
    """The holders of some members' slots, read inside the caller's write transaction.

    :meth:`load` reads them once per member; :meth:`claim` decides each new check-in
    (in time order within one transaction), marks a displaced holder ``duplicate`` and
    remembers the new holder, so later claims of the same transaction see it.
    """

    def __init__(self, db: Database, camp: Camp):
        self._db = db
        self._mode = camp.definition.checkin_mode
        # (member id, *slot key) -> (at, check-in id; None until the new row is stored)
        self._holders: dict[tuple, tuple[str, int | None]] = {}
        self._loaded: set[int] = set()
        # The days read by a narrowed load (None: every day was read).
        self._days: frozenset[int] | None = None

    def _key(self, member_id: int, day: int | None, window: str | None) -> tuple:
        return (member_id, *slot_of(self._mode, day, window))

    def load(self, member_ids: Iterable[int], days: Iterable[int] | None = None) -> None:
        """Read the counted check-ins of these members (those not read yet).

        ``days`` narrows the read to the days about to be claimed (an import batch
        spans a few days of a long camp); later claims on other days of the same
        members are then not allowed, so pass every day you will claim.
        """
        ids = sorted(set(member_ids) - self._loaded)
        self._loaded.update(ids)
        day_list = sorted(set(days)) if days is not None else None
        # ``day IN`` alone (not also ``day IS NOT NULL``): the index is then sought at
        # each of those days, not read through every day of the member.
        day_sql = (
            f"day IN ({','.join('?' * len(day_list))})" if day_list else "day IS NOT NULL"
        )
        # The window matters only when each window is a slot of its own: without it the
        # read is covered by the standings index (no row of the table is visited).
        window_sql = "window_name" if self._mode == "all" else "NULL"
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for member_id, day, window, at, checkin_id in self._db.execute(
                f"SELECT member_id, day, {window_sql}, at, id FROM checkins "
                f"WHERE member_id IN ({marks}) AND {counted_in()} AND {day_sql}",
                [*chunk, *(day_list or ())],
            ).fetchall():
                key = self._key(member_id, day, window)
                held = self._holders.get(key)
                if held is None or (at, checkin_id) < (held[0], held[1] or 0):
                    self._holders[key] = (at, checkin_id)
        if day_list is not None:
            self._days = frozenset(day_list) | (self._days or frozenset())

    def claim(self, member_id: int, placement: Placement, at: str) -> SlotDecision:
        """Decide a new check-in of ``member_id`` placed at ``placement``, made at ``at``.

        A displaced holder is marked ``duplicate`` (0 points) at once; the caller
        stores the new check-in with the returned status and then calls :meth:`stored`.
        """
        return self.claim_values(member_id, placement.status, placement.day, placement.window, at)

    def claim_values(
        self, member_id: int, status: str, day: int | None, window: str | None, at: str
    ) -> SlotDecision:
        """:meth:`claim` of a placement given by its values (an import claims thousands)."""
        if status not in COUNTED_STATUSES or day is None:
            return _KEPT.get(status) or SlotDecision(status)
        if self._days is not None and day not in self._days:
            raise RuntimeError(f"day {day} was not read; pass it to load()")
        if member_id not in self._loaded:
            self.load([member_id])
        key = (member_id, day) if self._mode != "all" else (member_id, day, window)
        held = self._holders.get(key)
        claim = claim_slot(status, at, held[0] if held else None)
        if claim.status not in COUNTED_STATUSES:
            return _KEPT[claim.status]
        displaced = None
        if claim.displaces and held is not None:
            displaced = held[1]
            if displaced is None:
                # Claims of one transaction come in time order, so an unsaved holder is
                # never later than a new claim; reaching this is a caller's bug.
                raise RuntimeError("check-ins of one transaction must be claimed in time order")
            self._db.execute(
                "UPDATE checkins SET status = 'duplicate', points = 0 WHERE id = ?", [displaced]
            )
        self._holders[key] = (at, None)
        return _KEPT[claim.status] if displaced is None else SlotDecision(claim.status, displaced)

    def stored(self, member_id: int, placement: Placement, checkin_id: int) -> None:
        """The check-in just claimed for this slot was stored with ``checkin_id``."""
        key = self._key(member_id, placement.day, placement.window)
        held = self._holders.get(key)
        if held is not None and held[1] is None:
            self._holders[key] = (held[0], checkin_id)
