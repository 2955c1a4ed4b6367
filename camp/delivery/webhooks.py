"""Posting a whole announcement to a robot at once, for callers without an outbox.

The outbox (``camp.services.outbox``) posts a plan's parts one by one and records each
part's fate, so a retry sends only what the robot has not accepted. :func:`post_to_robot`
is the simple form behind :func:`camp.delivery.deliver`: every part, in order, now.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from camp.delivery.http import RobotClient, run_sync
from camp.delivery.message import DeliveryError, Message
from camp.delivery.robots import ROBOT_NAMES, ROBOT_TYPES, RobotPlan, channel_keywords, plan_robot
from camp.models import Channel

__all__ = ["ROBOT_NAMES", "ROBOT_TYPES", "channel_keywords", "post_to_robot"]

#: A rate limit met on a later part is waited out in place when the robot asks for at most
#: this long: raising would make a retry post the earlier parts a second time.
_WAIT_IN_PLACE = 5.0


def post_to_robot(
    channel: Channel,
    message: Message,
    *,
    env: Mapping[str, str],
    now: float,
    timeout: float,
    sleep: Callable[[float], None],
) -> None:
    """Post ``message`` to the robot of ``channel``, split into parts if it is too long.

    Parts go in order; the first part that fails raises :class:`DeliveryError`.
    ``timeout`` is each request's overall deadline; ``sleep`` waits out a short rate
    limit met on a later part.
    """
    plan = plan_robot(channel, message, env=env, now=now)
    run_sync(lambda: _post_all(plan, timeout, sleep, now))


async def _post_all(
    plan: RobotPlan, timeout: float, sleep: Callable[[float], None], now: float
) -> None:
    # A Retry-After given as a date is read against the same ``now`` as the signatures.
    async with RobotClient(deadline=timeout, clock=lambda: now) as client:
        for number in range(1, len(plan.requests) + 1):
            try:
                await client.post(plan, number)
            except DeliveryError as error:
                wait = error.retry_after
                if number == 1 or not error.retryable or wait is None or wait > _WAIT_IN_PLACE:
                    raise
                sleep(wait)
                await client.post(plan, number)
