"""DingTalk through Stream mode: what a group says to the bot, answered at once.

DingTalk pushes a robot's messages over a WebSocket the app opens itself, so camp needs
no public address. The protocol, as the official SDK (dingtalk-stream,
``dingtalk_stream/stream.py``) speaks it:

1. ``POST {api_base}/v1.0/gateway/connections/open`` with the app's ``clientId``
   (AppKey) and ``clientSecret`` (AppSecret) and the topics it subscribes to answers
   ``{"endpoint": "wss://…", "ticket": "…"}``; the WebSocket is ``endpoint?ticket=…``;
2. every WebSocket message is one JSON frame ``{"specVersion", "type", "headers":
   {"messageId", "topic", "contentType", "time", …}, "data": "<JSON text>"}``: type
   ``SYSTEM`` (topic ``ping``: answered with its own data; ``disconnect``: DingTalk is
   about to close this connection, so a new one is opened first), ``CALLBACK`` (topic
   ``/v1.0/im/bot/messages/get``: a message to the robot) or ``EVENT``;
3. a frame is acknowledged with ``{"code": 200, "headers": {"contentType":
   "application/json", "messageId": …}, "message": "OK", "data": …}``. DingTalk pushes
   again what was not acknowledged, so :meth:`DingTalkClient.messages` acknowledges a
   message only when the caller asks for the next one, after it stored it.

Replies go to the message's ``sessionWebhook`` (valid for a while, no token needed);
a chat without a fresh one is answered through the robot's group API
(``/v1.0/robot/groupMessages/send`` with an access token from
``/v1.0/oauth2/accessToken``). Answers are plain text: DingTalk mentions only the ids
of an ``at`` list, which camp never sends.

DingTalk gives a robot no way to read a group's history: what was said while camp had
no connection at all cannot be read back, so the client does not claim to replay
(:attr:`DingTalkClient.replays`) and the listeners record such a stretch as a gap. In
a group, DingTalk sends the robot only the messages that @ it.

Why not dingtalk-stream: it connects to a fixed address (no local double can stand in
for DingTalk), sets no timeouts, and sends a UDP packet to 8.8.8.8 on every connection
to learn the machine's address; the part camp needs is the small protocol above.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any
from urllib.parse import quote_plus, urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, InvalidURI

from camp.bots.base import BotError, ClosesOnExit, LiveMessage, Reply, SeenMessages
from camp.bots.streams import cancelled, checked_secret, close_quietly, connect_or_explain, said

__all__ = ["DEFAULT_API_BASE", "PLATFORM", "TOPIC_ROBOT", "DingTalkClient", "message_text"]

PLATFORM = "dingtalk"
DEFAULT_API_BASE = "https://api.dingtalk.com"
#: The topic of the messages sent to a robot.
TOPIC_ROBOT = "/v1.0/im/bot/messages/get"
#: A session webhook is not used this close to its expiry.
_WEBHOOK_MARGIN = 60.0
#: DingTalk's answers to a robot sending too fast (then it waits a minute).
_RATE_CODES = {130101, 410100, 88}
_SEEN_KEPT = 4096
_CLOSED = object()


def message_text(message: dict[str, Any]) -> str:
    """The readable text of a message to the robot: a text message's text (without the
    @ of the robot, which DingTalk takes out), a rich-text message's text parts; ``""``
    for a picture, a voice message, a file."""
    kind = message.get("msgtype")
    if kind == "text":
        return str((message.get("text") or {}).get("content") or "").strip()
    if kind == "richText":
        content = message.get("content") or {}
        parts = content.get("richText") if isinstance(content, dict) else None
        words = [
            str(part.get("text") or "")
            for part in parts or []
            if isinstance(part, dict) and "text" in part
        ]
        return "".join(words).strip()
    return ""


class DingTalkClient(ClosesOnExit):
    """A DingTalk app's robot heard through Stream mode.

    ``app_id`` and ``secret`` are the app's AppKey (Client ID, also its robot code) and
    AppSecret. ``api_base`` is DingTalk or a local double. A drop ends
    :meth:`messages` with a retryable :class:`BotError`; the caller connects again
    with a new client.
    """

    #: DingTalk pushes again what a dropped connection did not acknowledge, but keeps
    #: nothing for a bot that was away longer, and has no history to read back.
    replays = False

    def __init__(
        self,
        app_id: str,
        secret: str,
        *,
        api_base: str = DEFAULT_API_BASE,
        secret_env: str | None = None,
        answer_seconds: float = 10.0,
        chats: Sequence[str] = (),
    ) -> None:
        self._where = f"in {secret_env}" if secret_env else "of this bot"
        self._secret = checked_secret(secret, "DingTalk AppSecret", self._where, "Credentials")
        self.app_id = app_id.strip()
        self.api_base = api_base.rstrip("/")
        self.answer_seconds = answer_seconds
        self.chats = list(chats)
        self._http: httpx.AsyncClient | None = None
        self._socket: ClientConnection | None = None
        self._readers: list[asyncio.Task[None]] = []
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        #: Per chat: its latest session webhook and when it expires (an epoch).
        self._webhooks: dict[str, tuple[str, float]] = {}
        self._token: tuple[str, float] | None = None
        self._seen = SeenMessages(_SEEN_KEPT)
        self._closing = False
        logging.getLogger("websockets").setLevel(logging.CRITICAL)

    # ------------------------------------------------------------------ connecting

    async def __aenter__(self) -> DingTalkClient:
        # No proxy of the environment: a local double is on 127.0.0.1.
        self._http = httpx.AsyncClient(timeout=self.answer_seconds, trust_env=False)
        await connect_or_explain(
            "DingTalk", self._host(), self.answer_seconds, self._connect, self.aclose
        )
        return self

    async def aclose(self) -> None:
        self._closing = True
        readers, self._readers = self._readers, []
        await cancelled(readers)
        socket, self._socket = self._socket, None
        http, self._http = self._http, None
        await close_quietly(socket, http)
        self._queue.put_nowait(_CLOSED)

    async def _connect(self) -> None:
        """A new connection (the ticket is good for one), read by a task of its own."""
        assert self._http is not None
        answer = await self._http.post(
            self.api_base + "/v1.0/gateway/connections/open",
            json={
                "clientId": self.app_id,
                "clientSecret": self._secret,
                "subscriptions": [{"type": "CALLBACK", "topic": TOPIC_ROBOT}],
                "ua": "camp",
            },
        )
        if answer.status_code in (400, 401, 403):
            raise BotError(
                f"DingTalk refused the app's credentials ({self._code_of(answer)}): check "
                f"app_id (the AppKey) and the AppSecret {self._where}, and choose Stream mode "
                "for the robot's messages in the developer console",
                retryable=False,
            )
        if answer.status_code == 429 or answer.status_code >= 500:
            raise BotError(
                f"DingTalk answered HTTP {answer.status_code} while connecting", retryable=True
            )
        data = answer.json()
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        ticket = data.get("ticket") if isinstance(data, dict) else None
        if not isinstance(endpoint, str) or not isinstance(ticket, str):
            raise ValueError("the answer names no endpoint and ticket")
        try:
            socket = await connect(
                f"{endpoint}?ticket={quote_plus(ticket)}",
                open_timeout=self.answer_seconds,
                proxy=None,
                max_size=16 * 2**20,
                # DingTalk pings at the protocol's level; these find a dead network.
                ping_interval=30,
                ping_timeout=30,
            )
        except InvalidStatus as error:
            raise BotError(
                f"DingTalk refused the stream's WebSocket (HTTP {error.response.status_code})",
                retryable=True,
            ) from None
        except InvalidURI:
            raise BotError(
                "DingTalk named a stream address that is not a WebSocket", retryable=True
            ) from None
        old, self._socket = self._socket, socket
        self._readers.append(asyncio.create_task(self._read(socket)))
        if old is not None:
            with contextlib.suppress(Exception):
                await old.close()

    @staticmethod
    def _code_of(answer: httpx.Response) -> str:
        try:
            data = answer.json()
        except ValueError:
            data = {}
        code = data.get("code") if isinstance(data, dict) else None
        return f"HTTP {answer.status_code}" + (f", {code}" if code else "")

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                try:
                    frame = json.loads(raw)
                except ValueError:
                    continue
                if not isinstance(frame, dict):
                    continue
                headers = frame.get("headers") or {}
                if frame.get("type") == "SYSTEM":
                    topic = headers.get("topic")
                    await self._answer(socket, headers, frame.get("data"))
                    if topic == "disconnect":
                        # DingTalk closes this connection soon: the next one is opened
                        # first, so nothing is pushed to a connection about to go.
                        self._readers.append(asyncio.create_task(self._switch()))
                    continue
                self._queue.put_nowait((socket, frame))
            if socket is not self._socket or self._closing:
                return  # an old connection, closed once the new one was open
            failure = BotError(f"DingTalk at {self._host()} closed the stream", retryable=True)
        except ConnectionClosed as error:
            if socket is not self._socket or self._closing:
                return
            code = error.rcvd.code if error.rcvd else 1006
            failure = BotError(f"the DingTalk stream dropped (close code {code})", retryable=True)
        self._queue.put_nowait(failure)

    async def _switch(self) -> None:
        try:
            async with asyncio.timeout(self.answer_seconds * 2):
                await self._connect()
        except Exception as error:
            self._queue.put_nowait(
                error
                if isinstance(error, BotError)
                else BotError(f"could not reconnect to DingTalk ({said(error)})", retryable=True)
            )

    async def _answer(self, socket: ClientConnection, headers: dict[str, Any], data: Any) -> None:
        ack = {
            "code": 200,
            "headers": {
                "contentType": "application/json",
                "messageId": headers.get("messageId"),
            },
            "message": "OK",
            "data": data if isinstance(data, str) else json.dumps({"response": None}),
        }
        with contextlib.suppress(Exception):  # not acknowledged: DingTalk pushes it again
            await socket.send(json.dumps(ack))

    # ------------------------------------------------------------------ hearing

    async def messages(self) -> AsyncIterator[LiveMessage]:
        """The messages to the robot, in order. Each is acknowledged when the caller asks
        for the next one; a drop ends it with a retryable :class:`BotError`."""
        while True:
            item = await self._queue.get()
            if item is _CLOSED:
                return
            if isinstance(item, BotError):
                raise item
            socket, frame = item
            headers = frame.get("headers") or {}
            heard = None
            if frame.get("type") == "CALLBACK" and headers.get("topic") == TOPIC_ROBOT:
                try:
                    heard = self._live(json.loads(frame.get("data") or "{}"))
                except (ValueError, TypeError, AttributeError):
                    heard = None  # a push too odd to read is acknowledged and left
            if heard is not None and self._fresh(heard):
                yield heard
            await self._answer(socket, headers, None)

    def _live(self, message: dict[str, Any]) -> LiveMessage | None:
        message_id = str(message.get("msgId") or "")
        sender_id = str(message.get("senderStaffId") or message.get("senderId") or "")
        if not message_id or not sender_id:
            return None
        private = str(message.get("conversationType")) == "1"
        chat = sender_id if private else str(message.get("conversationId") or "")
        webhook = message.get("sessionWebhook")
        if isinstance(webhook, str) and webhook.startswith(("https://", "http://")):
            try:
                expires = int(message.get("sessionWebhookExpiredTime") or 0) / 1000
            except ValueError:
                expires = 0.0
            self._webhooks[chat] = (webhook, expires)
        text = message_text(message)
        return LiveMessage(
            platform=PLATFORM,
            chat=chat,
            message_id=message_id,
            sender_id=sender_id,
            sender=" ".join(str(message.get("senderNick") or "").split()) or sender_id,
            epoch=int(message.get("createAt") or 0) / 1000,
            text=text,
            kind="text" if text else "other",
        )

    def _fresh(self, message: LiveMessage) -> bool:
        return self._seen.first_time(message.message_id)

    # ------------------------------------------------------------------ answering

    async def send(self, reply: Reply) -> str | None:
        """Say ``reply`` in its chat as plain text (mentioning nobody): through the chat's
        session webhook while it is fresh, else through the robot's API."""
        if self._http is None:
            raise BotError("the DingTalk client is not connected", retryable=True)
        webhook = self._webhooks.get(reply.chat)
        try:
            async with asyncio.timeout(self.answer_seconds * 3):
                if webhook is not None and webhook[1] - _WEBHOOK_MARGIN > time.time():
                    await self._by_session(webhook[0], reply.text)
                else:
                    await self._by_api(reply)
        except BotError:
            raise
        except TimeoutError:
            raise BotError(
                "DingTalk did not take the bot's answer in time", retryable=True
            ) from None
        except (httpx.HTTPError, OSError, ValueError) as error:
            raise BotError(
                f"could not reach DingTalk at {self._host()} ({said(error)})", retryable=True
            ) from None
        return None

    async def _by_session(self, url: str, text: str) -> None:
        assert self._http is not None
        answer = await self._http.post(url, json={"msgtype": "text", "text": {"content": text}})
        data = answer.json() if answer.content else {}
        code = data.get("errcode", 0) if isinstance(data, dict) else 0
        if answer.status_code == 429 or code in _RATE_CODES:
            raise BotError(
                "DingTalk's rate limit was hit while answering", retryable=True, retry_after=60.0
            )
        if answer.status_code >= 500:
            raise BotError(f"DingTalk answered HTTP {answer.status_code}", retryable=True)
        if answer.status_code >= 400 or code:
            message = data.get("errmsg") if isinstance(data, dict) else None
            raise BotError(
                f"DingTalk refused the bot's answer ({code or answer.status_code}: "
                f"{said(Exception(message or 'no reason'))})",
                retryable=False,
            )

    async def _by_api(self, reply: Reply) -> None:
        assert self._http is not None
        token = await self._access_token()
        param = json.dumps({"content": reply.text}, ensure_ascii=False)
        body: dict[str, Any] = {"robotCode": self.app_id, "msgKey": "sampleText", "msgParam": param}
        if reply.chat.startswith("cid"):
            path = "/v1.0/robot/groupMessages/send"
            body["openConversationId"] = reply.chat
        else:
            path = "/v1.0/robot/oToMessages/batchSend"
            body["userIds"] = [reply.chat]
        answer = await self._http.post(
            self.api_base + path, json=body, headers={"x-acs-dingtalk-access-token": token}
        )
        if answer.status_code == 401:
            self._token = None
        if answer.status_code in (401, 429) or answer.status_code >= 500:
            raise BotError(
                f"DingTalk answered HTTP {answer.status_code} while answering",
                retryable=True,
                retry_after=60.0 if answer.status_code == 429 else None,
            )
        if answer.status_code >= 400:
            raise BotError(
                f"DingTalk refused the bot's answer in chat {reply.chat} "
                f"({self._code_of(answer)}); add the robot to the group and give the app "
                "the robot's send permission",
                retryable=False,
            )

    async def _access_token(self) -> str:
        if self._token is not None and time.monotonic() < self._token[1]:
            return self._token[0]
        assert self._http is not None
        answer = await self._http.post(
            self.api_base + "/v1.0/oauth2/accessToken",
            json={"appKey": self.app_id, "appSecret": self._secret},
        )
        data = answer.json()
        token = data.get("accessToken") if isinstance(data, dict) else None
        if answer.status_code >= 400 or not isinstance(token, str):
            raise BotError(
                f"DingTalk refused the app's credentials ({self._code_of(answer)}): check "
                f"app_id and the AppSecret {self._where}",
                retryable=answer.status_code >= 500,
            )
        expire = float(data.get("expireIn") or 7200)
        self._token = (token, time.monotonic() + max(expire - 300, 60))
        return token

    def _host(self) -> str:
        return urlsplit(self.api_base).netloc or self.api_base
