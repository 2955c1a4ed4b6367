"""What the long-connection clients of our own (Feishu, DingTalk) share: how their
secret is checked, how a first connection that fails is explained, in one sentence,
and how a client is closed."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence

import httpx
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidHandshake

from camp.bots.base import BotError

__all__ = ["cancelled", "checked_secret", "close_quietly", "connect_or_explain", "said"]


def checked_secret(secret: str, what: str, where: str, console: str) -> str:
    """``secret`` without the blanks around it; a :class:`BotError` naming ``what`` (the
    platform's word for it), ``where`` it was set and the ``console`` page to copy it
    from again, never the secret, when it is empty or has spaces inside."""
    stripped = secret.strip()
    if not stripped or any(c.isspace() for c in stripped):
        raise BotError(
            f"the {what} {where} is empty or has spaces; copy it from the developer console "
            f"({console}) again",
            retryable=False,
        )
    return stripped


def said(error: BaseException) -> str:
    """An error's own words on one line (at most 200 characters), or its kind."""
    text = " ".join(str(error).split())[:200]
    return text or type(error).__name__


async def connect_or_explain(
    platform: str,
    host: str,
    answer_seconds: float,
    connect: Callable[[], Awaitable[None]],
    close: Callable[[], Awaitable[None]],
) -> None:
    """Run ``connect`` within twice ``answer_seconds`` (the time one answer may take: a
    connection waits for two, the endpoint and the handshake); when it fails, ``close``
    and raise the :class:`BotError` that says so: a platform that does not answer in
    time or cannot be reached may come back (retryable), ``connect``'s own refusal
    stands."""
    try:
        async with asyncio.timeout(answer_seconds * 2):
            await connect()
    except BotError:
        await close()
        raise
    except TimeoutError:
        await close()
        raise BotError(
            f"{platform} at {host} did not answer within {answer_seconds:g} s", retryable=True
        ) from None
    except (httpx.HTTPError, OSError, InvalidHandshake, ValueError) as error:
        await close()
        raise BotError(
            f"could not reach {platform} at {host} ({said(error)}); check the bot's api_base",
            retryable=True,
        ) from None


async def cancelled(tasks: Sequence[asyncio.Task]) -> None:
    """Cancel ``tasks`` and wait until each has stopped (whatever it raised)."""
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(BaseException):
            await task


async def close_quietly(socket: ClientConnection | None, http: httpx.AsyncClient | None) -> None:
    """Close the WebSocket and the HTTP client, each quietly: a client closed after a drop
    has nothing left to tell. (Cancel the tasks that may open new ones first.)"""
    if socket is not None:
        with contextlib.suppress(Exception):
            await socket.close()
    if http is not None:
        with contextlib.suppress(Exception):
            await http.aclose()
