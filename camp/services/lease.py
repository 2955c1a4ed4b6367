"""One scheduler per database: a lease row with an expiry, renewed while it runs."""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pendulum

from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.errors import CampError

__all__ = [
    "LEASE_SECONDS",
    "SCHEDULER_LEASE",
    "Lease",
    "LeaseHeld",
    "SchedulerLease",
    "acquire_lease",
    "current_lease",
    "holder_id",
    "holder_is_gone",
    "release_lease",
    "renew_lease",
]

SCHEDULER_LEASE = "scheduler"
#: A crashed scheduler blocks the next one for at most this long.
LEASE_SECONDS = 60


@dataclass(frozen=True)
class Lease:
    """Who holds the scheduler lease, and until when (UTC)."""

    holder: str
    expires: pendulum.DateTime


class LeaseHeld(CampError):
    """Another scheduler holds the lease; ``lease`` says who and until when."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        super().__init__(
            f"Another scheduler ({lease.holder}) is running on this database until "
            f"{utc_text(lease.expires)} unless it stops; only one may run at a time."
        )


def holder_id() -> str:
    """Who holds the lease: host and process, for the operator's eyes."""
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_is_gone(holder: str) -> bool:
    """True when ``holder`` is a process of this host that no longer exists (it was
    killed, or the machine restarted): its lease need not be waited out.

    A holder on another host, or a process id that is in use, counts as alive.
    """
    host, _, pid_text = holder.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # PermissionError: it exists, as another user's process
        return False
    return False


def acquire_lease(
    db: Database, holder: str, now: pendulum.DateTime, *, seconds: int = LEASE_SECONDS
) -> None:
    """Take the scheduler lease, or raise LeaseHeld naming who holds it and until when.

    A lease whose holder was a process of this host that has died is taken over at once.
    """
    with write_transaction(db):
        row = db.execute(
            "SELECT holder, expires FROM leases WHERE name = ?", [SCHEDULER_LEASE]
        ).fetchone()
        if row and row[0] != holder and row[1] > utc_text(now) and not holder_is_gone(row[0]):
            raise LeaseHeld(Lease(row[0], from_utc_text(row[1])))
        db.execute(
            "INSERT OR REPLACE INTO leases (name, holder, expires) VALUES (?, ?, ?)",
            [SCHEDULER_LEASE, holder, utc_text(now.add(seconds=seconds))],
        )


def renew_lease(db: Database, holder: str, now: pendulum.DateTime) -> None:
    """Extend our lease (raises LeaseHeld if it was taken over after we lost it)."""
    acquire_lease(db, holder, now)


def release_lease(db: Database, holder: str) -> None:
    """Give the lease back on a clean stop."""
    with write_transaction(db):
        db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", [SCHEDULER_LEASE, holder])


def current_lease(db: Database, now: pendulum.DateTime) -> Lease | None:
    """The scheduler lease in force at ``now``, or ``None`` when nobody holds one."""
    row = db.execute(
        "SELECT holder, expires FROM leases WHERE name = ?", [SCHEDULER_LEASE]
    ).fetchone()
    if row is None or row[1] <= utc_text(now):
        return None
    return Lease(row[0], from_utc_text(row[1]))


class SchedulerLease:
    """The scheduler lease as this process holds it: taken, renewed, given back.

    ``camp run --once``, a running ``camp run`` and the scheduler inside the terminal
    UI all hold the lease through this one class. Once another process has taken the
    lease over (``lost``), this one never gives back what is no longer its own.
    """

    def __init__(self, holder: str | None = None) -> None:
        self.holder = holder or holder_id()
        self.lost: LeaseHeld | None = None
        self._held = False

    def take(self, db: Database, now: pendulum.DateTime) -> None:
        """Take the lease, or raise LeaseHeld naming who holds it and until when."""
        acquire_lease(db, self.holder, now)
        self._held = True

    def renew(self, db: Database, now: pendulum.DateTime) -> bool:
        """Extend the lease; ``False`` (and ``lost`` set) when another took it over."""
        if self.lost is not None:
            return False
        try:
            renew_lease(db, self.holder, now)
        except LeaseHeld as exc:
            self.lost = exc
            self._held = False
            return False
        return True

    def give_back(self, db: Database) -> None:
        """Release the lease on a clean stop (nothing when it was lost or never taken)."""
        if self._held:
            release_lease(db, self.holder)
            self._held = False

    @contextlib.contextmanager
    def held(self, db: Database, now: pendulum.DateTime) -> Iterator[SchedulerLease]:
        """The lease for the length of a block, given back however the block ends."""
        self.take(db, now)
        try:
            yield self
        finally:
            self.give_back(db)
