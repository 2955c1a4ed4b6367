"""QQ groups through OneBot v11: a client of an implementation's forward WebSocket.

NapCat, Lagrange and go-cqhttp serve one WebSocket that carries both the events they
push and the API calls the bot makes (each call carries an ``echo`` that its answer
repeats). One reader task reads every frame: answers go to the call awaiting their
``echo``, events to :meth:`OneBotClient.messages`, so a message that arrives while a
send waits for its answer is not lost.

OneBot keeps nothing for a client that was away: what the group said while the
connection was down is not replayed. A drop therefore ends :meth:`messages` with a
retryable :class:`BotError` that says when it happened (also kept in
:attr:`OneBotClient.dropped_at`), so the caller can reconnect with back-off and record
the gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import itertools
import json
import os
import re
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from camp.bots.base import BotError, ClosesOnExit, LiveMessage, Reply

__all__ = ["PLATFORM", "OneBotClient", "live_message", "message_as_text", "parse_cq_message"]

PLATFORM = "onebot"

#: How an ``@all`` reads in the text, as QQ shows it.
AT_ALL = "@全体成员"

# A CQ code: ``[CQ:type,key=value,...]``; ``,`` ``[`` ``]`` ``&`` inside are escaped.
_CQ_CODE = re.compile(r"\[CQ:([^,\[\]]+)((?:,[^,\[\]]*)*)\]")
_TEXT_ESCAPES = {"&amp;": "&", "&#91;": "[", "&#93;": "]"}
_PARAM_ESCAPES = {**_TEXT_ESCAPES, "&#44;": ","}
_TEXT_ESCAPE = re.compile("|".join(map(re.escape, _TEXT_ESCAPES)))
_PARAM_ESCAPE = re.compile("|".join(map(re.escape, _PARAM_ESCAPES)))
_SENTINEL_CLOSED = "closed"
_SENTINEL_DROPPED = "dropped"


def _unescape_text(text: str) -> str:
    return _TEXT_ESCAPE.sub(lambda m: _TEXT_ESCAPES[m.group(0)], text)


def _unescape_param(value: str) -> str:
    return _PARAM_ESCAPE.sub(lambda m: _PARAM_ESCAPES[m.group(0)], value)


def parse_cq_message(message: str) -> list[dict[str, Any]]:
    """A message in the CQ-string form as the array form: ``[{"type", "data"}, ...]``.

    Text between codes becomes ``text`` segments, unescaped (``&amp;`` ``&#91;``
    ``&#93;``); a code's parameters are unescaped too (also ``&#44;``).
    """
    segments: list[dict[str, Any]] = []
    position = 0
    for match in _CQ_CODE.finditer(message):
        if match.start() > position:
            segments.append(
                {
                    "type": "text",
                    "data": {"text": _unescape_text(message[position : match.start()])},
                }
            )
        data: dict[str, str] = {}
        for param in match.group(2).split(",")[1:]:
            key, _, value = param.partition("=")
            data[key] = _unescape_param(value)
        segments.append({"type": match.group(1), "data": data})
        position = match.end()
    if position < len(message):
        segments.append({"type": "text", "data": {"text": _unescape_text(message[position:])}})
    return segments


def message_as_text(segments: Iterable[dict[str, Any]]) -> str:
    """The readable plain text of a message's segments.

    Text as it is, ``at`` as ``@<qq>`` (``@全体成员`` for all); a reply's quote, faces,
    images, voice, video and cards add nothing.
    """
    parts = []
    for segment in segments:
        kind = segment.get("type")
        data = segment.get("data") or {}
        if kind == "text":
            parts.append(str(data.get("text", "")))
        elif kind == "at":
            qq = str(data.get("qq", ""))
            parts.append(AT_ALL if qq == "all" else f"@{qq}")
    return "".join(parts)


def _segments_of(event: dict[str, Any]) -> list[dict[str, Any]]:
    message = event.get("message")
    if message is None:
        message = event.get("raw_message", "")
    if isinstance(message, str):
        return parse_cq_message(message)
    if isinstance(message, list):
        return [s for s in message if isinstance(s, dict)]
    return []


def _group_message(event: dict[str, Any]) -> LiveMessage:
    segments = _segments_of(event)
    text = message_as_text(segments)
    kind = "text"
    if not text.strip():
        # Only a sticker, a photo or a voice message (or nothing readable): activity.
        text, kind = "", "other"
    anonymous = event.get("anonymous")
    sender_id: str | None
    if isinstance(anonymous, dict):
        sender, sender_id = str(anonymous.get("name") or ""), None
    else:
        info = event.get("sender") or {}
        sender = str(info.get("card") or info.get("nickname") or event.get("user_id", ""))
        sender_id = str(event["user_id"])
    return LiveMessage(
        platform=PLATFORM,
        chat=str(event["group_id"]),
        message_id=str(event["message_id"]),
        sender_id=sender_id,
        sender=sender,
        epoch=float(event["time"]),
        text=text,
        kind=kind,
    )


def _recall(event: dict[str, Any]) -> LiveMessage:
    return LiveMessage(
        platform=PLATFORM,
        chat=str(event["group_id"]),
        message_id=str(event["message_id"]),
        sender_id=str(event["user_id"]),
        sender="",
        epoch=float(event["time"]),
        text="",
        kind="recalled",
    )


def live_message(event: dict[str, Any]) -> LiveMessage | None:
    """The :class:`LiveMessage` of one OneBot event, or ``None`` for an event intake ignores.

    Group messages and group recalls count; meta events (lifecycle, heartbeat), private
    messages, other notices, requests and the bot's own messages do not.
    """
    post_type = event.get("post_type")
    own = event.get("self_id") is not None and str(event.get("self_id")) == str(
        event.get("user_id")
    )
    try:
        if post_type == "message" and event.get("message_type") == "group" and not own:
            return _group_message(event)
        if post_type == "notice" and event.get("notice_type") == "group_recall" and not own:
            return _recall(event)
    except (KeyError, TypeError, ValueError):
        # An event without its ids or time cannot be judged or made idempotent.
        return None
    return None


def _when(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class OneBotClient(ClosesOnExit):
    """A bot in QQ groups through a OneBot v11 implementation's forward WebSocket.

    ``url`` is the WebSocket (``ws://127.0.0.1:3001``); the access token is ``token``
    or the environment variable ``token_env`` (sent as ``Authorization: Bearer``).
    ``call_timeout`` is how long an API call waits for its answer. Use it as an async
    context manager: entering connects, leaving closes. Every error is a
    :class:`BotError` whose sentence never holds the token.
    """

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        token_env: str | None = None,
        call_timeout: float = 10.0,
    ):
        self.url = url
        self._token = token
        self._token_env = token_env
        self.call_timeout = call_timeout
        #: The UTC epoch when the connection dropped, ``None`` while it holds.
        self.dropped_at: float | None = None
        #: The platform's time of the last event heard (heartbeats included).
        self.last_event_at: float | None = None
        #: The bot's own QQ number, once an event has told it.
        self.self_id: str | None = None
        #: The WebSocket close code of a drop (1006: the connection just vanished).
        self.close_code: int | None = None
        self._connection: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._events: asyncio.Queue[dict[str, Any] | str] = asyncio.Queue()
        self._answers: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._echoes = itertools.count(1)
        self._closing = False

    @property
    def where(self) -> str:
        """The server as a sentence may name it: the url without its query (a token)."""
        parts = urlsplit(self.url)
        netloc = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

    def _resolve_token(self) -> str | None:
        if self._token:
            return self._token
        if self._token_env is None:
            return None
        token = os.environ.get(self._token_env)
        if not token:
            raise BotError(
                f"The OneBot access token is missing: set the environment variable {self._token_env}.",
                retryable=False,
            )
        return token

    async def __aenter__(self) -> OneBotClient:
        token = self._resolve_token()
        headers = {"Authorization": f"Bearer {token}"} if token else None
        try:
            self._connection = await connect(
                self.url,
                additional_headers=headers,
                open_timeout=self.call_timeout,
                # A OneBot implementation runs beside the bot; an HTTP proxy of the
                # environment would only stand in the way of ws://127.0.0.1.
                proxy=None,
                # An event can carry a long merged-forward message; a frame over the
                # default 1 MiB would close the connection and drop it again each time.
                max_size=16 * 2**20,
            )
        except InvalidStatus as error:
            raise self._refused(error.response.status_code) from None
        except InvalidURI:
            raise BotError(
                "The OneBot url is not a WebSocket address (ws://host:port).", retryable=False
            ) from None
        except (OSError, TimeoutError, InvalidHandshake) as error:
            raise BotError(
                f"Could not connect to OneBot at {self.where} ({type(error).__name__}); "
                "is the implementation running?",
                retryable=True,
            ) from None
        self.dropped_at = None
        self._closing = False
        self._events = asyncio.Queue()
        self._reader = asyncio.create_task(self._read(self._connection))
        return self

    def _refused(self, status: int) -> BotError:
        if status in (401, 403):
            problem = "is missing" if status == 401 else "was refused"
            return BotError(
                f"OneBot at {self.where} answered HTTP {status}: the access token {problem}; "
                "check the bot's token_env.",
                retryable=False,
            )
        return BotError(
            f"OneBot at {self.where} answered HTTP {status} instead of opening the WebSocket.",
            retryable=status >= 500 or status == 429,
        )

    async def aclose(self) -> None:
        self._closing = True
        if self._connection is not None:
            await self._connection.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        self._fail_calls("the bot stopped before OneBot answered")
        self._events.put_nowait(_SENTINEL_CLOSED)

    async def _read(self, connection: ClientConnection) -> None:
        """Read every frame: answers to their call, events to :meth:`messages`."""
        try:
            async for frame in connection:
                try:
                    payload = json.loads(frame)
                except ValueError:
                    continue
                if not isinstance(payload, dict):
                    continue
                if "post_type" in payload:
                    self._heard(payload)
                    self._events.put_nowait(payload)
                    continue
                answer = self._answers.pop(str(payload.get("echo")), None)
                if answer is not None and not answer.done():
                    answer.set_result(payload)
        except ConnectionClosed:
            pass
        finally:
            # Also when reading broke: messages() must never wait on a dead connection.
            if not self._closing:
                self.dropped_at = time.time()
                self.close_code = connection.close_code
                self._fail_calls("the OneBot connection dropped before the answer")
                self._events.put_nowait(_SENTINEL_DROPPED)

    def _heard(self, event: dict[str, Any]) -> None:
        if event.get("self_id") is not None:
            self.self_id = str(event["self_id"])
        if isinstance(event.get("time"), int | float):
            self.last_event_at = float(event["time"])

    def _fail_calls(self, why: str) -> None:
        for answer in self._answers.values():
            if not answer.done():
                answer.set_exception(
                    BotError(f"No OneBot answer: {why}; it may have been sent.", retryable=True)
                )
        self._answers.clear()

    async def messages(self) -> AsyncIterator[LiveMessage]:
        """The group messages and recalls heard, in order, until the connection ends.

        Meta events, private messages and the bot's own messages are skipped. A drop
        raises a retryable :class:`BotError` naming its time; leaving the client's
        context ends the iteration quietly.
        """
        if self._connection is None:
            raise BotError("The OneBot client is not connected.", retryable=False)
        while True:
            event = await self._events.get()
            if event == _SENTINEL_CLOSED:
                return
            if event == _SENTINEL_DROPPED:
                self._events.put_nowait(_SENTINEL_DROPPED)  # a second reader ends too
                last = self.last_event_at
                since = "" if last is None else f", the last event heard at {_when(last)}"
                code = "" if self.close_code is None else f" (close code {self.close_code})"
                raise BotError(
                    f"The OneBot connection to {self.where} dropped at "
                    f"{_when(self.dropped_at or time.time())}{code}{since}; what the group "
                    "said while it is down is not replayed.",
                    retryable=True,
                )
            if isinstance(event, dict):
                message = live_message(event)
                if message is not None:
                    yield message

    async def send(self, reply: Reply) -> str | None:
        """Say ``reply.text`` in the group ``reply.chat``; the message id QQ gave it.

        The text goes as one plain-text segment, so nothing in it becomes a CQ code;
        with ``reply_to``, a ``reply`` segment quotes that message first. OneBot has no
        reactions: a reply with ``reaction`` (or without text) sends nothing and
        returns ``None``.
        """
        if reply.reaction is not None or not reply.text:
            return None
        try:
            group_id = int(reply.chat)
        except ValueError:
            raise BotError(
                f"A QQ group is a number, not {reply.chat!r}; check the bot's chat.",
                retryable=False,
            ) from None
        segments: list[dict[str, Any]] = []
        if reply.reply_to is not None:
            segments.append({"type": "reply", "data": {"id": reply.reply_to}})
        segments.append({"type": "text", "data": {"text": reply.text}})
        data = await self.call("send_group_msg", {"group_id": group_id, "message": segments})
        message_id = data.get("message_id") if isinstance(data, dict) else None
        return None if message_id is None else str(message_id)

    async def call(self, action: str, params: dict[str, Any]) -> Any:
        """Call one OneBot API ``action``; its ``data`` once the answer says ``ok``."""
        connection = self._connection
        if connection is None or self.dropped_at is not None or self._closing:
            raise BotError(f"The OneBot connection to {self.where} is not open.", retryable=True)
        echo = f"camp-{next(self._echoes)}"
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._answers[echo] = answer
        try:
            await connection.send(json.dumps({"action": action, "params": params, "echo": echo}))
            async with asyncio.timeout(self.call_timeout):
                payload = await answer
        except TimeoutError:
            raise BotError(
                f"OneBot did not answer {action} within {self.call_timeout:g} s; "
                "it may have been sent.",
                retryable=True,
            ) from None
        except ConnectionClosed:
            raise BotError(
                f"The OneBot connection to {self.where} closed during {action}.", retryable=True
            ) from None
        finally:
            self._answers.pop(echo, None)
        retcode = payload.get("retcode")
        # retcode 1 is "accepted, done asynchronously": sent, without a message id.
        if payload.get("status") == "failed" or (retcode is not None and retcode not in (0, 1)):
            said = str(payload.get("wording") or payload.get("msg") or "no reason given")
            raise BotError(
                f"OneBot refused {action} (retcode {retcode}): {said[:200]}.", retryable=False
            )
        return payload.get("data")
