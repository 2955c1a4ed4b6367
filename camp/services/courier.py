"""Delivering the outbox: every robot in its own lane, each post paced and recorded.

A *lane* is one robot (its type and a digest of its URL; two camps posting to the same
robot share it), or one local channel (stdout, a folder). Each lane is an asyncio task
of its own, so a robot that is slow, hangs or refuses delays only its own messages.

Within a delivery, each post (a part of a long message, or its image) is recorded in
``delivery_parts`` before it leaves (``sending``) and after the robot answers:

- ``sent``: accepted; a retry of the delivery skips it.
- ``refused``: the robot said no before showing it (a rate limit, a server error, a bad
  request); a retry sends it again. After a refusal the lane rests (``robot_lanes``)
  instead of sending the next message into the penalty.
- ``uncertain``: sent in full and no answer came in time, or the scheduler stopped while
  it was in flight. The robot may have shown it, so it is never sent again on its own:
  the delivery waits for the operator (``camp outbox retry`` or ``drop``). Generic
  webhooks are the exception: their payload carries the announcement key, so the
  receiver deduplicates and the delivery is simply tried again.

Every attempt and its outcome goes to ``delivery_attempts``; a later success erases
nothing. Posts are spaced to each robot's documented rate (:mod:`camp.delivery.limits`),
counted from the posts already recorded, so two runs in a row cannot burst either.

Database work runs where the caller says (``run_db``): inline for ``camp run --once``,
on a thread of its own under the running scheduler, so a busy database never freezes
the requests in flight.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeVar

import pendulum

from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.delivery import DeliveryError, Mention, Message, backoff_seconds, deliver
from camp.delivery.channels import BACKOFF_CAP
from camp.delivery.http import REQUEST_DEADLINE, Progress, RobotClient
from camp.delivery.limits import RATES, Rate
from camp.delivery.robots import ROBOT_TYPES, RobotPlan, plan_robot, robot_lane
from camp.models import Camp, Channel
from camp.services.background import BackgroundLoop
from camp.services.camps import get_camp_by_id

__all__ = [
    "MAX_ATTEMPTS",
    "BackgroundCourier",
    "Courier",
    "DeliveryResult",
    "lane_of",
]

#: After this many failed attempts a delivery stops retrying until an operator acts.
MAX_ATTEMPTS = 12
#: A wait the robot asks for after a post (Discord's bucket) is waited in place up to this.
_HOLD_IN_PLACE = 60.0

T = TypeVar("T")
RunDb = Callable[[Callable[[], T]], Awaitable[T]]


async def _inline(work: Callable[[], T]) -> T:
    return work()


@dataclass(frozen=True)
class DeliveryResult:
    delivery_id: int
    event_key: str
    channel: str
    status: str  # sent | pending | failed | uncertain
    error: str | None = None


def lane_of(channel: Channel, env: Mapping[str, str], base_dir: Path | None = None) -> str:
    """The lane a channel's deliveries go through (see the module docstring)."""
    if channel.type == "stdout":
        return "stdout"
    if channel.type == "folder":
        folder = Path(str(channel.options.get("path", ""))).expanduser()
        if not folder.is_absolute():
            folder = (base_dir if base_dir is not None else Path.cwd()) / folder
        return f"folder:{folder}"
    if channel.type in ROBOT_TYPES:
        return robot_lane(channel, env)
    return f"unknown:{channel.type}"


@dataclass
class _Job:
    """A claimed delivery and what it delivers."""

    id: int
    label: str
    attempts: int
    key: str
    channel: Channel
    message: Message


@dataclass
class _Lane:
    name: str
    rate: Rate | None
    queue: deque[int] = field(default_factory=deque)
    queued: set[int] = field(default_factory=set)
    task: asyncio.Task[None] | None = None
    #: Epoch times of the posts within the rate's window, oldest first.
    posts: deque[float] = field(default_factory=deque)
    #: No post before this epoch time (a robot asked to wait, or the lane rests).
    hold_until: float = 0.0
    paused_until: float = 0.0
    failures: int = 0
    #: The delivery being worked on, and the post in flight.
    current: int | None = None
    in_flight: tuple[int, Progress] | None = None

    def next_post_at(self, now: float) -> float:
        at = max(self.hold_until, now)
        if self.rate is None:
            return at
        while self.posts and self.posts[0] <= now - self.rate.seconds:
            self.posts.popleft()
        if self.posts:
            at = max(at, self.posts[-1] + self.rate.spacing)
        if len(self.posts) >= self.rate.posts:
            at = max(at, self.posts[-self.rate.posts] + self.rate.seconds + 0.05)
        return at


class Courier:
    """Sends due deliveries of ``db``, one lane per robot.

    ``clock`` is the run's "now" (it moves on with real time from a simulated start under
    ``--once --now``); ``sleep`` waits real time (pacing); ``deadline`` bounds each HTTP
    request as a whole; ``rates`` are the robots' limits.
    """

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], pendulum.DateTime],
        env: Mapping[str, str] | None = None,
        stdout: TextIO | None = None,
        base_dir: Path | None = None,
        deadline: float = REQUEST_DEADLINE,
        rates: Mapping[str, Rate] = RATES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        run_db: RunDb | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.env = os.environ if env is None else env
        self.stdout = stdout
        self.base_dir = base_dir
        self.rates = rates
        self.deadline = deadline
        self._sleep = sleep
        self._run_db: RunDb = run_db if run_db is not None else _inline
        self._log = log
        self._lanes: dict[str, _Lane] = {}
        self._camps: dict[int, Camp] = {}
        self._client: RobotClient | None = None
        self.results: list[DeliveryResult] = []

    # ------------------------------------------------------------------ running

    async def drain(self, limit: int = 10_000) -> list[DeliveryResult]:
        """Send every delivery due now, each lane in parallel, and return how each ended."""
        await self.scan(limit)
        await self.wait_idle()
        return self.results

    async def scan(self, limit: int = 10_000) -> int:
        """Queue the due deliveries in their lanes and start the lanes that are idle;
        returns how many were newly queued."""
        now = self.clock()
        rows = await self._call(self._due, now, limit)
        for lane in self._lanes.values():
            if lane.paused_until > now.timestamp():
                # An operator's retry ends a lane's rest (see retry_delivery).
                state, _ = await self._call(self._lane_state, lane.name, now)
                lane.paused_until = state[0] if state is not None else 0.0
                lane.hold_until = min(lane.hold_until, lane.paused_until) if state else 0.0
        added = 0
        for delivery_id, camp_id, index in rows:
            camp = self._camps.get(camp_id)
            if camp is None:
                camp = self._camps[camp_id] = await self._call(get_camp_by_id, self.db, camp_id)
            channels = camp.definition.channels
            if index >= len(channels):
                continue  # the camp file lost the channel; `camp outbox drop` settles it
            channel = channels[index]
            lane = await self._lane(lane_of(channel, self.env, self.base_dir), channel)
            if lane.paused_until > now.timestamp() or delivery_id in lane.queued:
                continue
            if lane.current == delivery_id:
                continue
            lane.queue.append(delivery_id)
            lane.queued.add(delivery_id)
            added += 1
            if lane.task is None or lane.task.done():
                lane.task = asyncio.create_task(self._run_lane(lane), name=f"lane {lane.name}")
        return added

    async def wait_idle(self) -> None:
        """Until every lane has emptied its queue."""
        while True:
            tasks = [
                lane.task for lane in self._lanes.values() if lane.task and not lane.task.done()
            ]
            if not tasks:
                return
            await asyncio.gather(*tasks, return_exceptions=True)

    async def shutdown(self) -> None:
        """Stop every lane now. A post in flight whose body was sent becomes
        ``uncertain``; one that had not left is simply due again."""
        tasks = [lane.task for lane in self._lanes.values() if lane.task and not lane.task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for lane in self._lanes.values():
            if lane.current is None:
                continue
            delivery_id, flight = lane.current, lane.in_flight
            lane.current = lane.in_flight = None
            await self._call(self._abandon, delivery_id, flight)
        await self.aclose()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # ------------------------------------------------------------------ lanes

    async def _lane(self, name: str, channel: Channel) -> _Lane:
        lane = self._lanes.get(name)
        if lane is not None:
            return lane
        rate = self.rates.get(channel.type)
        lane = _Lane(name, rate)
        since = self.clock().subtract(seconds=rate.seconds if rate else 0)
        state, posts = await self._call(self._lane_state, name, since)
        if state is not None:
            paused, lane.failures = state
            lane.paused_until = lane.hold_until = paused
        lane.posts.extend(posts)
        self._lanes[name] = lane
        return lane

    async def _run_lane(self, lane: _Lane) -> None:
        while lane.queue:
            delivery_id = lane.queue.popleft()
            lane.queued.discard(delivery_id)
            if lane.paused_until > self.clock().timestamp():
                lane.queue.clear()
                lane.queued.clear()
                return
            lane.current = delivery_id
            try:
                await self._deliver_one(lane, delivery_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a fault of ours or of a library: the others go on
                flight = lane.in_flight
                lane.in_flight = None
                error = (
                    f"the delivery stopped with an unexpected error ({type(exc).__name__}: "
                    f"{exc}); check the chat, then `camp outbox retry` or `drop` it"
                )
                await self._call(self._unexpected, delivery_id, flight, error)
                self._said(DeliveryResult(delivery_id, "", lane.name, "failed", error))
            lane.current = None

    async def _deliver_one(self, lane: _Lane, delivery_id: int) -> None:
        now = self.clock()
        job = await self._call(self._claim, delivery_id, now)
        if job is None:
            return  # another run took it, or it is no longer due
        if job.channel.type not in ROBOT_TYPES:
            await self._deliver_local(lane, job)
            return
        try:
            # Signatures carry the real time, which the robot checks.
            plan = plan_robot(job.channel, job.message, env=self.env, now=time.time())
        except DeliveryError as error:
            await self._call(self._finish, job, "failed", str(error), None, 0, None)
            self._said(DeliveryResult(job.id, job.key, job.label, "failed", str(error)))
            return
        total = len(plan.requests)
        accepted = await self._call(self._accepted_parts, job.id, total)
        for number in range(1, total + 1):
            if number in accepted:
                continue
            if not await self._pace(lane):
                # The lane rests (a robot asked to wait long): the rest waits with it.
                await self._call(self._postpone, job, lane.hold_until, len(accepted), total)
                self._said(DeliveryResult(job.id, job.key, job.label, "pending"))
                return
            progress = Progress()
            started = self.clock()
            await self._call(self._part_started, job.id, number, lane.name, started)
            lane.posts.append(started.timestamp())
            lane.in_flight = (number, progress)
            client = self._robot_client()
            try:
                answer = await client.post(plan, number, progress)
            except DeliveryError as error:
                lane.in_flight = None
                await self._post_failed(lane, job, plan, number, error, len(accepted), total)
                return
            lane.in_flight = None
            finished = self.clock()
            # Spaced from the answer: a slow connection must not squeeze two posts together
            # where the robot counts them.
            lane.posts[-1] = finished.timestamp()
            await self._call(self._part_done, job.id, number, "sent", finished)
            accepted.add(number)
            if answer.pause:
                lane.hold_until = max(lane.hold_until, finished.timestamp() + answer.pause)
        await self._call(self._finish, job, "sent", None, None, total, total)
        if lane.failures:
            lane.failures = 0
            await self._call(self._rest_lane, lane.name, None, 0, None)
        self._said(DeliveryResult(job.id, job.key, job.label, "sent"))

    async def _deliver_local(self, lane: _Lane, job: _Job) -> None:
        try:
            await asyncio.to_thread(
                deliver, job.channel, job.message, stdout=self.stdout, base_dir=self.base_dir
            )
        except DeliveryError as error:
            status = await self._call(self._retry_or_fail, job, error, 0, 1)
            self._said(DeliveryResult(job.id, job.key, job.label, status, str(error)))
            return
        await self._call(self._finish, job, "sent", None, None, 1, 1)
        self._said(DeliveryResult(job.id, job.key, job.label, "sent"))

    async def _pace(self, lane: _Lane) -> bool:
        """Wait for the lane's next post; False when the wait is a long rest, which the
        delivery waits out in the outbox instead of here."""
        while True:
            now = self.clock().timestamp()
            at = lane.next_post_at(now)
            wait = at - now
            if wait <= 0:
                return True
            if at == lane.hold_until and wait > _HOLD_IN_PLACE:
                return False
            await self._sleep(wait)

    async def _post_failed(
        self,
        lane: _Lane,
        job: _Job,
        plan: RobotPlan,
        number: int,
        error: DeliveryError,
        accepted: int,
        total: int,
    ) -> None:
        now = self.clock()
        if error.uncertain and job.channel.type != "webhook":
            await self._call(self._part_done, job.id, number, "uncertain", now)
            await self._call(self._finish, job, "uncertain", str(error), None, accepted, total)
            self._said(DeliveryResult(job.id, job.key, job.label, "uncertain", str(error)))
            await self._rest(lane, None, str(error))
            return
        if error.uncertain:
            # The receiver deduplicates by the announcement key: sending again is safe.
            error = DeliveryError(
                f"{error} (the webhook's payload carries the announcement key, so it is "
                "sent again for the receiver to deduplicate)",
                retryable=True,
            )
        await self._call(self._part_done, job.id, number, "refused", now)
        status = await self._call(self._retry_or_fail, job, error, accepted, total)
        self._said(DeliveryResult(job.id, job.key, job.label, status, str(error)))
        if error.retryable:
            await self._rest(lane, error.retry_after, str(error))

    async def _rest(self, lane: _Lane, asked: float | None, reason: str) -> None:
        """After a refusal or no answer, the lane rests (longer each time in a row)."""
        lane.failures += 1
        wait = min(max(asked or 0.0, backoff_seconds(lane.failures)), BACKOFF_CAP)
        until = self.clock().add(seconds=wait)
        lane.paused_until = lane.hold_until = until.timestamp()
        lane.queue.clear()
        lane.queued.clear()
        await self._call(self._rest_lane, lane.name, until, lane.failures, reason)

    async def _call(self, work: Callable[..., T], *args: Any) -> T:
        """``work(*args)`` where the database work runs (see the module docstring)."""
        return await self._run_db(functools.partial(work, *args))

    def _robot_client(self) -> RobotClient:
        if self._client is None:
            self._client = RobotClient(deadline=self.deadline)
        return self._client

    def _said(self, result: DeliveryResult) -> None:
        self.results.append(result)
        if self._log is None or result.status == "sent":
            return
        what = f"delivery of {result.event_key} to {result.channel}"
        self._log(f"{what} {result.status}" + (f": {result.error}" if result.error else ""))

    # ------------------------------------------------------------------ the database

    def _due(self, now: pendulum.DateTime, limit: int) -> list[tuple[int, int, int]]:
        return [
            tuple(row)
            for row in self.db.execute(
                "SELECT d.id, o.camp_id, d.channel_index FROM deliveries d "
                "JOIN outbox o ON o.id = d.outbox_id "
                "WHERE d.status = 'pending' AND d.next_attempt <= ? "
                "ORDER BY o.id, d.channel_index LIMIT ?",
                [utc_text(now), limit],
            )
        ]

    def _lane_state(
        self, name: str, since: pendulum.DateTime
    ) -> tuple[tuple[float, int] | None, list[float]]:
        row = self.db.execute(
            "SELECT paused_until, failures FROM robot_lanes WHERE robot = ?", [name]
        ).fetchone()
        state = None
        if row is not None:
            paused = from_utc_text(row[0]).timestamp() if row[0] else 0.0
            state = (paused, int(row[1]))
        posts = [
            from_utc_text(started).timestamp()
            for (started,) in self.db.execute(
                "SELECT started FROM delivery_parts WHERE robot = ? AND started > ? "
                "ORDER BY started",
                [name, utc_text(since)],
            )
        ]
        return state, posts

    def _claim(self, delivery_id: int, now: pendulum.DateTime) -> _Job | None:
        with write_transaction(self.db):
            claimed = self.db.execute(
                "UPDATE deliveries SET status = 'sending', attempts = attempts + 1 "
                "WHERE id = ? AND status = 'pending' AND next_attempt <= ?",
                [delivery_id, utc_text(now)],
            ).rowcount
            if not claimed:
                return None
            row = self.db.execute(
                "SELECT d.channel_index, d.channel, d.attempts, o.camp_id, o.event_key, o.kind, "
                "o.title, o.text, o.image, o.mentions FROM deliveries d "
                "JOIN outbox o ON o.id = d.outbox_id WHERE d.id = ?",
                [delivery_id],
            ).fetchone()
            index, label, attempts, camp_id, key, kind, title, text, image, mentions = row
            camp = self._camps.get(camp_id) or get_camp_by_id(self.db, camp_id)
            channel = camp.definition.channels[index]
            self.db.execute(
                "UPDATE deliveries SET robot = ? WHERE id = ?",
                [lane_of(channel, self.env, self.base_dir), delivery_id],
            )
        message = Message(
            title=title,
            text=text,
            kind=kind,
            key=key,
            image=image,
            language=camp.definition.language,
            mentions=tuple(_mentions(mentions)),
        )
        return _Job(delivery_id, label, attempts, key, channel, message)

    def _accepted_parts(self, delivery_id: int, total: int) -> set[int]:
        with write_transaction(self.db):
            self.db.execute("UPDATE deliveries SET parts = ? WHERE id = ?", [total, delivery_id])
            return {
                number
                for (number,) in self.db.execute(
                    "SELECT number FROM delivery_parts WHERE delivery_id = ? AND status = 'sent'",
                    [delivery_id],
                )
            }

    def _part_started(
        self, delivery_id: int, number: int, robot: str, started: pendulum.DateTime
    ) -> None:
        # A part refused earlier is tried again: its row starts over.
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO delivery_parts (delivery_id, number, robot, status, started) "
                "VALUES (?, ?, ?, 'sending', ?) ON CONFLICT (delivery_id, number) DO UPDATE "
                "SET robot = excluded.robot, status = 'sending', started = excluded.started, "
                "finished = NULL",
                [delivery_id, number, robot, utc_text(started)],
            )

    def _part_done(
        self, delivery_id: int, number: int, status: str, finished: pendulum.DateTime
    ) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "UPDATE delivery_parts SET status = ?, finished = ? "
                "WHERE delivery_id = ? AND number = ?",
                [status, utc_text(finished), delivery_id, number],
            )

    def _finish(
        self,
        job: _Job,
        status: str,
        error: str | None,
        next_attempt: pendulum.DateTime | None,
        accepted: int,
        total: int | None,
    ) -> None:
        now = self.clock()
        with write_transaction(self.db):
            self.db.execute(
                "UPDATE deliveries SET status = ?, last_error = ?, next_attempt = ?, "
                "sent = CASE WHEN ? = 'sent' THEN ? ELSE sent END WHERE id = ?",
                [
                    status,
                    error,
                    utc_text(next_attempt) if next_attempt is not None else None,
                    status,
                    utc_text(now),
                    job.id,
                ],
            )
            record_attempt(self.db, job.id, now, status, error, accepted, total)

    def _retry_or_fail(self, job: _Job, error: DeliveryError, accepted: int, total: int) -> str:
        retry = error.retryable and job.attempts < MAX_ATTEMPTS
        if not retry:
            self._finish(job, "failed", str(error), None, accepted, total)
            return "failed"
        # A robot may ask for any wait (Retry-After: 1e12); nobody waits past the cap.
        wait = min(max(error.retry_after or 0.0, backoff_seconds(job.attempts)), BACKOFF_CAP)
        self._finish(job, "pending", str(error), self.clock().add(seconds=wait), accepted, total)
        return "pending"

    def _postpone(self, job: _Job, until: float, accepted: int, total: int) -> None:
        now = self.clock()
        with write_transaction(self.db):
            self.db.execute(
                "UPDATE deliveries SET status = 'pending', attempts = attempts - 1, "
                "next_attempt = ? WHERE id = ?",
                [utc_text(pendulum.from_timestamp(until)), job.id],
            )
            record_attempt(
                self.db, job.id, now, "waiting", "the robot asked to wait", accepted, total
            )

    def _rest_lane(
        self, name: str, until: pendulum.DateTime | None, failures: int, reason: str | None
    ) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO robot_lanes (robot, paused_until, failures, reason) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (robot) DO UPDATE SET "
                "paused_until = excluded.paused_until, failures = excluded.failures, "
                "reason = excluded.reason",
                [name, utc_text(until) if until else None, failures, reason],
            )

    def _abandon(self, delivery_id: int, flight: tuple[int, Progress] | None) -> None:
        """Settle a delivery the stop interrupted (see :meth:`shutdown`)."""
        now = self.clock()
        with write_transaction(self.db):
            kind = self._channel_type(delivery_id)
            if flight is not None and flight[1].sent and kind != "webhook":
                number = flight[0]
                error = (
                    f"the scheduler stopped while part {number} was in flight: it may or may "
                    "not be in the chat; check the chat, then `camp outbox retry` or "
                    "`camp outbox drop`"
                )
                self.db.execute(
                    "UPDATE delivery_parts SET status = 'uncertain', finished = ? "
                    "WHERE delivery_id = ? AND number = ?",
                    [utc_text(now), delivery_id, number],
                )
                status = "uncertain"
            else:
                if flight is not None:
                    self.db.execute(
                        "UPDATE delivery_parts SET status = 'refused', finished = ? "
                        "WHERE delivery_id = ? AND number = ?",
                        [utc_text(now), delivery_id, flight[0]],
                    )
                error = "the scheduler stopped before it was sent; it is sent at the next start"
                status = "pending"
            self.db.execute(
                "UPDATE deliveries SET status = ?, last_error = ?, next_attempt = ? "
                "WHERE id = ? AND status = 'sending'",
                [status, error, utc_text(now), delivery_id],
            )
            record_attempt(self.db, delivery_id, now, status, error, None, None)

    def _unexpected(
        self, delivery_id: int, flight: tuple[int, Progress] | None, error: str
    ) -> None:
        now = self.clock()
        with write_transaction(self.db):
            if flight is not None:
                self.db.execute(
                    "UPDATE delivery_parts SET status = 'uncertain', finished = ? "
                    "WHERE delivery_id = ? AND number = ?",
                    [utc_text(now), delivery_id, flight[0]],
                )
            # It may have reached the robot, so it is not tried again on its own.
            self.db.execute(
                "UPDATE deliveries SET status = 'failed', last_error = ?, next_attempt = NULL "
                "WHERE id = ?",
                [error, delivery_id],
            )
            record_attempt(self.db, delivery_id, now, "failed", error, None, None)

    def _channel_type(self, delivery_id: int) -> str:
        row = self.db.execute(
            "SELECT o.camp_id, d.channel_index FROM deliveries d "
            "JOIN outbox o ON o.id = d.outbox_id WHERE d.id = ?",
            [delivery_id],
        ).fetchone()
        channels = get_camp_by_id(self.db, row[0]).definition.channels
        return channels[row[1]].type if row[1] < len(channels) else ""


def record_attempt(
    db: Database,
    delivery_id: int,
    at: pendulum.DateTime,
    outcome: str,
    error: str | None,
    parts_sent: int | None,
    parts: int | None,
) -> None:
    """One line of a delivery's history (inside the caller's transaction)."""
    db.execute(
        "INSERT INTO delivery_attempts (delivery_id, at, outcome, parts_sent, parts, error) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [delivery_id, utc_text(at), outcome, parts_sent, parts, error],
    )


def _mentions(stored: str | None) -> Iterable[Mention]:
    if not stored:
        return
    try:
        data: Any = json.loads(stored)
    except ValueError:
        return
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict) and isinstance(item.get("handle"), str):
            yield Mention(str(item.get("name", "")), item["handle"])


class BackgroundCourier(BackgroundLoop):
    """A courier on a thread of its own, for a running scheduler (see
    :mod:`camp.services.background`), so neither a hung robot nor a busy database holds
    up the scheduler's jobs (or each other's lanes).

    It looks for due deliveries every ``scan_seconds`` and whenever :meth:`wake` is
    called (a job just produced announcements).
    """

    name = "camp-courier"

    def __init__(
        self,
        db_path: str | Path | None,
        *,
        clock: Callable[[], pendulum.DateTime],
        env: Mapping[str, str] | None = None,
        stdout: TextIO | None = None,
        log: Callable[[str], None] | None = None,
        rates: Mapping[str, Rate] = RATES,
        deadline: float = REQUEST_DEADLINE,
        scan_seconds: float = 5.0,
    ) -> None:
        super().__init__(db_path, every=scan_seconds, log=log)
        self.clock = clock
        self.env = env
        self.stdout = stdout
        self.rates = rates
        self.deadline = deadline
        self._courier: Courier | None = None

    async def round(self) -> None:
        if self._courier is None:
            assert self.db is not None
            self._courier = Courier(
                self.db,
                clock=self.clock,
                env=self.env,
                stdout=self.stdout,
                rates=self.rates,
                deadline=self.deadline,
                run_db=self.run_db,
                log=self.log,
            )
        try:
            await self._courier.scan()
        except Exception as exc:  # busy or unreadable for now: the next scan retries
            self.say(f"could not look for due deliveries: {exc}")

    async def settle(self) -> None:
        """Stop the lanes: a post in flight becomes ``uncertain``."""
        courier, self._courier = self._courier, None
        if courier is not None:
            await courier.shutdown()
