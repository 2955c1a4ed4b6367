"""Posting a robot plan's requests over HTTP (httpx), one at a time, within a deadline.

A request gets one overall deadline (connect, send and the whole reply): a robot that
hangs or trickles its answer a byte at a time is cut off when it passes. Whether the
body had been sent in full when something went wrong decides what the outbox may do:
nothing sent is safe to send again; sent and unanswered is *uncertain* (the robot may
have shown it) and is never sent again on its own.

WeCom, DingTalk and Feishu answer HTTP 200 to a refused message and put the verdict in
a JSON code; Slack, Discord and generic webhooks use HTTP statuses (``_reply_problem``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import json
import math
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeVar

import httpx

from camp.delivery.message import DeliveryError
from camp.delivery.robots import ROBOT_NAMES, RobotPlan

__all__ = [
    "CONNECT_TIMEOUT",
    "REQUEST_DEADLINE",
    "Accepted",
    "Progress",
    "RobotClient",
    "run_sync",
]

#: The whole of one request: connect, send, and every byte of the reply.
REQUEST_DEADLINE = 15.0
#: Reaching the robot's server at all (nothing is sent before it).
CONNECT_TIMEOUT = 5.0
T = TypeVar("T")

#: Enough of a reply to explain a failure; a robot's replies are small.
_REPLY_BYTES = 65_536

#: Reply codes that mean "slow down" or "busy": the same message may pass later.
_RETRYABLE_CODES: dict[str, frozenset[int]] = {
    "wecom": frozenset({-1, 45009}),
    "dingtalk": frozenset({-1, 130101}),
    "feishu": frozenset({11232}),
}
_RETRYABLE_WORDS = ("too fast", "frequency", "too many", "busy")


def run_sync(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run the coroutine ``work()`` to its end from synchronous code; from inside a
    running event loop (an async caller) it runs on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work())
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()


@dataclass
class Progress:
    """How far one request got: ``sent`` once its body was written in full. The caller
    reads it when the request is cancelled (a stop), to tell pending from uncertain."""

    sent: bool = False


@dataclass(frozen=True)
class Accepted:
    """The robot took the request. ``pause`` is how long it asked to wait before the
    next post (Discord's ``X-RateLimit-Remaining: 0``), when it asked."""

    pause: float | None = None


class RobotClient:
    """One HTTP client for every robot of a process: connections are reused per host.

    ``deadline`` bounds each request as a whole; ``clock`` gives the epoch time an HTTP
    date in Retry-After is read against.
    """

    def __init__(
        self,
        *,
        deadline: float = REQUEST_DEADLINE,
        connect_timeout: float = CONNECT_TIMEOUT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.deadline = deadline
        self._clock = clock
        phase = httpx.Timeout(deadline, connect=min(connect_timeout, deadline))
        # A webhook that redirects is misconfigured: following it would turn the POST
        # into a GET and report success for a message nobody received.
        self._client = httpx.AsyncClient(timeout=phase, follow_redirects=False, trust_env=False)

    async def __aenter__(self) -> RobotClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def post(
        self, plan: RobotPlan, number: int, progress: Progress | None = None
    ) -> Accepted:
        """Post request ``number`` (from 1) of ``plan``; raise :class:`DeliveryError`
        when the robot did not take it (``uncertain`` when it may have)."""
        request = plan.requests[number - 1]
        who = plan.who(number)
        progress = progress if progress is not None else Progress()
        progress.sent = False

        async def trace(name: str, info: Mapping[str, object]) -> None:
            if name.endswith("send_request_body.complete"):
                progress.sent = True

        try:
            async with asyncio.timeout(self.deadline):
                async with self._client.stream(
                    "POST",
                    request.url,
                    content=request.body,
                    headers=request.headers,
                    extensions={"trace": trace},
                ) as response:
                    reply = await _read_some(response)
        except TimeoutError:
            raise self._unanswered(who, progress, f"no answer within {self.deadline:g} s") from None
        except httpx.TimeoutException:
            raise self._unanswered(who, progress, "no answer came in time") from None
        except (httpx.HTTPError, OSError) as error:
            detail = plan.scrub(str(error)) or type(error).__name__
            if not progress.sent:
                raise DeliveryError(
                    f"{who}: could not reach the robot ({detail})", retryable=True
                ) from None
            raise self._unanswered(who, progress, f"the connection failed ({detail})") from None
        now = self._clock()
        if not 200 <= response.status_code < 300:
            raise _status_error(
                who, plan.url_env, response.status_code, response.headers, reply, now, plan.scrub
            )
        problem = _reply_problem(plan.kind, reply, plan.url_env)
        if problem is not None:
            detail, retryable = problem
            raise DeliveryError(
                f"{who}: {plan.scrub(detail)}",
                retryable=retryable,
                retry_after=_retry_after(response.headers, reply, now) if retryable else None,
            )
        return Accepted(_pause_asked(response.headers))

    def _unanswered(self, who: str, progress: Progress, what: str) -> DeliveryError:
        if progress.sent:
            return DeliveryError(
                f"{who}: sent, but {what}, so it may or may not be in the chat; check "
                "the chat, then `camp outbox retry` (or `retry --arrived`) or `camp outbox drop`",
                retryable=False,
                uncertain=True,
            )
        return DeliveryError(f"{who}: {what} before anything was sent", retryable=True)


async def _read_some(response: httpx.Response) -> bytes:
    """The first ``_REPLY_BYTES`` of the reply; the rest is not waited for."""
    reply = b""
    async for chunk in response.aiter_bytes():
        reply += chunk
        if len(reply) >= _REPLY_BYTES:
            break
    return reply[:_REPLY_BYTES]


def _pause_asked(headers: Mapping[str, str]) -> float | None:
    """Discord says how many posts are left in its bucket and when it refills."""
    if headers.get("X-RateLimit-Remaining", "").strip() != "0":
        return None
    try:
        return _seconds(float(headers.get("X-RateLimit-Reset-After", "")))
    except ValueError:
        return None


def _status_error(
    who: str,
    var: str,
    status: int,
    headers: Mapping[str, str] | None,
    reply: bytes,
    now: float,
    scrub: Callable[[str], str],
) -> DeliveryError:
    detail = _reply_detail(reply)
    said = f" ({scrub(detail)})" if detail else ""
    retry_after = _retry_after(headers, reply, now)
    if status == 429:
        wait = f"; it asks to wait {retry_after:g} s" if retry_after is not None else ""
        return DeliveryError(
            f"{who}: the robot's rate limit was hit (HTTP 429){said}{wait}",
            retryable=True,
            retry_after=retry_after,
        )
    if status >= 500 or status == 408:
        return DeliveryError(
            f"{who}: the robot's server failed with HTTP {status}{said}",
            retryable=True,
            retry_after=retry_after,
        )
    if 300 <= status < 400:
        return DeliveryError(
            f"{who}: the URL redirects elsewhere (HTTP {status}); set {var} to the robot's "
            "webhook URL itself",
            retryable=False,
        )
    if status in (401, 403, 404, 410):
        return DeliveryError(
            f"{who}: the robot refused the message with HTTP {status}{said}; check that {var} "
            "holds the robot's current webhook URL",
            retryable=False,
        )
    return DeliveryError(
        f"{who}: the robot refused the message with HTTP {status}{said}", retryable=False
    )


def _retry_after(headers: Mapping[str, str] | None, reply: bytes, now: float) -> float | None:
    """The wait a rate-limited robot asks for: Discord's ``retry_after``, else Retry-After."""
    data = _json(reply)
    if isinstance(data, dict):
        value = data.get("retry_after")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _seconds(float(value))
    header = headers.get("Retry-After") if headers is not None else None
    if not header:
        return None
    try:
        return _seconds(float(header))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return _seconds(when.timestamp() - now)


def _seconds(value: float) -> float | None:
    if math.isnan(value) or math.isinf(value):
        return None
    return max(value, 0.0)


def _json(reply: bytes) -> object:
    try:
        return json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def _reply_detail(reply: bytes) -> str:
    """What the robot said about a failure, on one short line."""
    data = _json(reply)
    if isinstance(data, dict):
        for key in ("errmsg", "msg", "message", "StatusMessage", "error", "description"):
            value = data.get(key)
            if isinstance(value, str) and value:
                return _one_line(value)
    return _one_line(reply.decode("utf-8", errors="replace"))


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reply_problem(kind: str, reply: bytes, var: str) -> tuple[str, bool] | None:
    """``(detail, retryable)`` when a 2xx reply still reports a failure, else ``None``.

    WeCom, DingTalk and Feishu answer HTTP 200 to a refused message and put the verdict
    in a JSON code; Slack, Discord and generic webhooks use HTTP statuses.
    """
    if kind not in _RETRYABLE_CODES:
        return None
    data = _json(reply)
    field = "code" if kind == "feishu" else "errcode"
    code = None
    if isinstance(data, dict):
        code = data.get(field, data.get("StatusCode") if kind == "feishu" else None)
    if not isinstance(code, int) or isinstance(code, bool):
        return (
            f"the reply is not the robot's JSON answer; check that {var} holds the "
            f"{ROBOT_NAMES[kind]} robot's webhook URL",
            False,
        )
    if code == 0:
        return None
    said = _reply_detail(reply)
    retryable = code in _RETRYABLE_CODES[kind] or any(w in said.lower() for w in _RETRYABLE_WORDS)
    return f"the robot refused the message ({field} {code}: {said})", retryable
