"""Doing what is due: every camp's events produced, then every delivery sent.

The one use case behind ``camp run --once``, each tick of a running ``camp run`` and
the scheduler inside the terminal UI; :mod:`camp.scheduler` only decides *when*.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

import pendulum

from camp.clock import from_utc_text, utc_text
from camp.db import Database
from camp.delivery.channels import missing_channel_env
from camp.delivery.limits import RATES, Rate
from camp.services.announcing import produce_announcement, skip_missed_event
from camp.services.camps import get_camp_by_id
from camp.services.events import sync_all_events
from camp.services.lease import SchedulerLease
from camp.services.outbox import deliver_due, recover_interrupted
from camp.services.standings import keep_board, keep_past_boards

__all__ = [
    "DEFAULT_GRACE_SECONDS",
    "PAST_BOARDS_SECONDS",
    "Announced",
    "Log",
    "RunReport",
    "channel_problems",
    "log_channel_problems",
    "run_due",
    "run_once",
]

#: An event that fell due longer ago than this (seconds) while no scheduler ran is missed.
DEFAULT_GRACE_SECONDS = 3600
#: How long a run may spend storing the boards of past days that are missing
#: (:func:`camp.services.standings.keep_past_boards`), at least one board.
PAST_BOARDS_SECONDS = 0.5

Log = Callable[[str], None]


def _quiet(line: str) -> None:
    return None


@dataclass(frozen=True)
class Announced:
    """An announcement a run produced: the event's key, camp, kind and day."""

    key: str
    camp: str
    kind: str
    day: int | None

    def describe(self) -> str:
        """``day 5 summary of cp``, ``opening of cp``."""
        what = self.kind if self.day is None else f"day {self.day} {self.kind}"
        return f"{what} of {self.camp}"


@dataclass
class RunReport:
    produced: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    deliveries: int = 0
    #: The produced announcements, described.
    announced: list[Announced] = field(default_factory=list)
    #: Deliveries an earlier, interrupted run left half-way, settled before this one.
    interrupted: int = 0
    #: Deliveries of this run that were sent and got no answer: the operator decides.
    uncertain: int = 0


def run_due(
    db: Database,
    now: pendulum.DateTime,
    *,
    grace_seconds: int = DEFAULT_GRACE_SECONDS,
    log: Log = _quiet,
    stdout: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    live_clock: Callable[[], pendulum.DateTime] | None = None,
    deliver: bool = True,
    rates: Mapping[str, Rate] = RATES,
) -> RunReport:
    """Do everything due as of ``now``: produce announcements, then deliver them.

    A running scheduler passes ``live_clock``, so each event is stamped with the
    moment it was really produced; ``--once --now`` keeps the one simulated instant.
    It also passes ``deliver=False``: its courier delivers, each robot in its own lane,
    without holding up the next events.
    The caller holds the scheduler lease (:func:`run_once` takes it itself).
    """
    report = RunReport()
    sync_all_events(db, now)
    due = db.execute(
        "SELECT e.key, e.due, c.timezone, c.slug, e.kind, e.day "
        "FROM events e JOIN camps c ON c.id = e.camp_id "
        "WHERE e.status = 'pending' AND e.due <= ? AND c.status = 'active' ORDER BY e.due, e.key",
        [utc_text(now)],
    ).fetchall()
    for key, due_text, zone, slug, kind, day in due:
        due_at = from_utc_text(due_text)
        late = (now - due_at).total_seconds()
        moment = live_clock() if live_clock is not None else now
        if late > grace_seconds:
            outcome = skip_missed_event(db, key, moment)
        else:
            outcome = produce_announcement(db, key, moment)
        when = due_at.in_tz(zone).format("YYYY-MM-DD HH:mm Z")
        if outcome.status == "done":
            report.produced.append(key)
            report.announced.append(Announced(key, slug, kind, day))
            log(f"{when}  {key}  done (announcement {outcome.outbox_id})")
            if outcome.warning:
                log(f"warning: {outcome.warning}")
        elif outcome.status == "missed":
            report.missed.append(key)
            log(f"{when}  {key}  missed (due {late / 60:.0f} min ago, past the grace period)")
        elif outcome.status == "failed":
            report.failed.append(key)
            log(f"{when}  {key}  failed: {outcome.error}")
    for slug, day in sorted(
        {(a.camp, a.day or 0) for a in report.announced if a.kind == "summary"}
    ):
        # The board of a day just summed up is stored now, off the operator's time:
        # asked for later (the day picker, ``--day``), it is read, not worked out.
        keep_board(db, slug, day)
    if not deliver:
        return report
    for result in deliver_due(db, now, stdout=stdout, env=env, rates=rates):
        report.deliveries += 1
        report.uncertain += result.status == "uncertain"
        if result.status != "sent":
            what = f"delivery of {result.event_key} to {result.channel} {result.status}"
            log(what + (f": {result.error}" if result.error else ""))
    return report


def channel_problems(db: Database, env: Mapping[str, str] | None = None) -> list[str]:
    """What keeps an active camp's robots from being reached, one sentence each: the
    environment variables their channels name but nobody set. Said at start, instead
    of failing every delivery later."""
    problems = []
    for camp_id, definition in db.execute(
        "SELECT id, definition FROM camps WHERE status = 'active' ORDER BY slug"
    ).fetchall():
        if not _names_env(json.loads(definition).get("channels")):
            continue  # nothing to check: reading the whole camp costs a thousand camps 1 s
        camp = get_camp_by_id(db, camp_id)
        problems += [
            f"camp {camp.slug}, {problem}"
            for problem in missing_channel_env(camp.definition.channels, env)
        ]
    return problems


def _names_env(channels: object) -> bool:
    """Whether a stored definition's raw channels name any environment variable."""
    return isinstance(channels, list) and any(
        isinstance(channel, dict) and any(key.endswith("_env") for key in channel)
        for channel in channels
    )


def log_channel_problems(db: Database, log: Log, env: Mapping[str, str] | None = None) -> None:
    """Say :func:`channel_problems` in the scheduler's log (the camps still run)."""
    for problem in channel_problems(db, env):
        log(f"warning: {problem}; its deliveries fail until then")


def run_once(
    db: Database,
    now: pendulum.DateTime,
    *,
    grace_seconds: int = DEFAULT_GRACE_SECONDS,
    log: Log = _quiet,
    stdout: TextIO | None = None,
    env: Mapping[str, str] | None = None,
) -> RunReport:
    """``camp run --once``: under the scheduler lease, settle deliveries an interrupted
    run left half-way, then do what is due as of ``now``.

    Raises :class:`camp.services.lease.LeaseHeld` while another scheduler runs.
    """
    with SchedulerLease().held(db, now):
        log_channel_problems(db, log, env)
        interrupted = recover_interrupted(db, now)
        if interrupted:
            log(f"settled {interrupted} deliveries interrupted by an earlier stop")
        report = run_due(db, now, grace_seconds=grace_seconds, log=log, stdout=stdout, env=env)
        # After the deliveries, which are not held up by it.
        keep_past_boards(db, now, seconds=PAST_BOARDS_SECONDS)
    report.interrupted = interrupted
    return report
