"""What the long-connection clients of our own (Feishu, DingTalk) share: how a first
connection that fails is explained, in one sentence, and closed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
from websockets.exceptions import InvalidHandshake

from camp.bots.base import BotError

__all__ = ["connect_or_explain", "said"]


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
