"""Feishu (Lark) through its long connection: a group's messages, answered by replies.

Feishu pushes an app's events over a WebSocket the app opens itself, so camp needs no
public address. The protocol, as the official SDK (lark-oapi, ``lark_oapi/ws``) speaks
it:

1. ``POST {api_base}/callback/ws/endpoint`` with ``{"AppID", "AppSecret"}`` answers
   ``{"code": 0, "data": {"URL": "wss://…?device_id=…&service_id=…", "ClientConfig":
   {"PingInterval": …}}}``;
2. every WebSocket message is one binary protobuf ``Frame`` (``pbbp2.proto``, below):
   ``method`` 0 is a control frame (headers ``type=ping`` from the client, ``type=pong``
   from Feishu, whose payload may carry a new ``ClientConfig``), 1 a data frame
   (``type=event``, with ``message_id``, ``sum`` and ``seq`` when an event comes in
   parts, ``trace_id``), whose payload is the event's JSON (schema 2.0);
3. an event is acknowledged by sending its frame back with a ``biz_rt`` header and the
   payload ``{"code": 200}``. Feishu pushes an event again when it was not acknowledged
   in time, so :meth:`FeishuClient.messages` acknowledges only when the caller asks for
   the next message, after it stored this one: a push lost in a drop or a crash comes
   again, and counts once.

After each connection the chats' history since the last message heard is read back
(``GET /open-apis/im/v1/messages``), so a stretch without any connection is caught up
too. Replies go through ``POST /open-apis/im/v1/messages/{id}/reply`` with a tenant
access token, as rich text (``post``) whose text elements Feishu shows as written:
nobody is mentioned, whatever a name holds.

Why not lark-oapi: it pins ``websockets<16`` (camp uses a newer one for OneBot), takes
about 3 s to import, and has no setting for its WebSocket's timeouts. The part camp
needs is the small protocol above; the protobuf ``Frame`` is a handful of fields, read
and written here by hand (:func:`encode_frame`, :func:`decode_frame`) rather than with
the protobuf package and generated code for one message.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, InvalidURI

from camp.bots.base import BotError, ClosesOnExit, LiveMessage, Reply, SeenMessages, Unheard
from camp.bots.streams import cancelled, checked_secret, close_quietly, connect_or_explain, said

__all__ = [
    "DEFAULT_API_BASE",
    "PLATFORM",
    "FeishuClient",
    "Frame",
    "decode_frame",
    "encode_frame",
    "message_text",
]

PLATFORM = "feishu"
DEFAULT_API_BASE = "https://open.feishu.cn"
#: ``Frame.method``: a control frame (ping, pong) or a data frame (an event).
CONTROL, DATA = 0, 1
_HISTORY_PAGE, _HISTORY_PAGES = 50, 40
_SEEN_KEPT = 4096
#: Parts of an event that came in several, kept this long for the rest.
_PARTS_SECONDS = 10.0
#: Feishu's answers that mean the tenant access token is no longer good.
_TOKEN_CODES = {99991661, 99991663, 99991668}
#: Feishu's answers to a bot sending too fast.
_RATE_CODES = {99991400, 230020, 11232}
_CLOSED = object()
_SESSION = object()


# --------------------------------------------------------------------------- frames


@dataclass
class Frame:
    """``pbbp2.Frame``: ``SeqID`` 1, ``LogID`` 2 (uint64), ``service`` 3, ``method`` 4
    (int32), ``headers`` 5 (``Header {key 1, value 2}``, repeated), ``payload_encoding``
    6, ``payload_type`` 7 (strings), ``payload`` 8 (bytes), ``LogIDNew`` 9 (string)."""

    seq_id: int = 0
    log_id: int = 0
    service: int = 0
    method: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)
    payload_encoding: str = ""
    payload_type: str = ""
    payload: bytes = b""
    log_id_new: str = ""

    def header(self, key: str) -> str | None:
        return next((value for name, value in self.headers if name == key), None)


def _varint(number: int) -> bytes:
    number &= (1 << 64) - 1  # a negative int32 is ten bytes, as protobuf writes it
    out = bytearray()
    while True:
        low = number & 0x7F
        number >>= 7
        if number:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _key(number: int, wire: int) -> bytes:
    return _varint(number << 3 | wire)


def _field_bytes(number: int, data: bytes) -> bytes:
    return _key(number, 2) + _varint(len(data)) + data


def encode_frame(frame: Frame) -> bytes:
    """The protobuf bytes of ``frame`` (the required fields 1-4 always, the optional
    ones when they are not empty)."""
    out = bytearray()
    for number, value in ((1, frame.seq_id), (2, frame.log_id), (3, frame.service)):
        out += _key(number, 0) + _varint(value)
    out += _key(4, 0) + _varint(frame.method)
    for name, text in frame.headers:
        header = _field_bytes(1, name.encode()) + _field_bytes(2, text.encode())
        out += _field_bytes(5, header)
    for tag, text in ((6, frame.payload_encoding), (7, frame.payload_type)):
        if text:
            out += _field_bytes(tag, text.encode())
    if frame.payload:
        out += _field_bytes(8, frame.payload)
    if frame.log_id_new:
        out += _field_bytes(9, frame.log_id_new.encode())
    return bytes(out)


def _fields(data: bytes) -> list[tuple[int, int | bytes]]:
    """``(field number, value)`` of a protobuf message: an int for a varint, bytes for
    a length-delimited field; fixed-width fields are skipped. Raises ``ValueError``."""
    out: list[tuple[int, int | bytes]] = []
    at, end = 0, len(data)

    def varint() -> int:
        nonlocal at
        shift = value = 0
        while True:
            if at >= end or shift > 63:
                raise ValueError("a truncated varint")
            byte = data[at]
            at += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7

    while at < end:
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            out.append((number, varint()))
        elif wire == 2:
            size = varint()
            if at + size > end:
                raise ValueError("a truncated field")
            out.append((number, data[at : at + size]))
            at += size
        elif wire in (1, 5):
            at += 8 if wire == 1 else 4
        else:
            raise ValueError(f"wire type {wire} is not protobuf")
    if at != end:
        raise ValueError("a truncated field")
    return out


def _int32(value: int) -> int:
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def decode_frame(data: bytes) -> Frame:
    """The :class:`Frame` in ``data``; ``ValueError`` when it is not one."""
    frame = Frame()
    for number, value in _fields(data):
        if isinstance(value, int):
            if number == 1:
                frame.seq_id = value
            elif number == 2:
                frame.log_id = value
            elif number == 3:
                frame.service = _int32(value)
            elif number == 4:
                frame.method = _int32(value)
            continue
        if number == 5:
            parts = dict(_fields(value))
            name, text = parts.get(1, b""), parts.get(2, b"")
            if isinstance(name, bytes) and isinstance(text, bytes):
                frame.headers.append((name.decode(), text.decode()))
        elif number == 6:
            frame.payload_encoding = value.decode()
        elif number == 7:
            frame.payload_type = value.decode()
        elif number == 8:
            frame.payload = bytes(value)
        elif number == 9:
            frame.log_id_new = value.decode()
    return frame


# --------------------------------------------------------------------------- messages


def message_text(kind: str, content: str, mentions: Sequence[dict[str, Any]] = ()) -> str:
    """The readable text of a Feishu message: a text message's text with its mention keys
    (``@_user_1``) as ``@name``, a rich-text (``post``) message's title and text; ``""``
    for an image, a sticker, a file."""
    try:
        body = json.loads(content) if content else {}
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    if kind == "text":
        text = str(body.get("text") or "")
    elif kind == "post":
        # The event gives the post itself; history may give it under a locale.
        post = body if "content" in body else next(iter(body.values()), {})
        lines = [str(post.get("title") or "")] if isinstance(post, dict) else []
        for line in (post.get("content") or []) if isinstance(post, dict) else []:
            words = []
            for element in line if isinstance(line, list) else []:
                if not isinstance(element, dict):
                    continue
                tag = element.get("tag")
                if tag in ("text", "a", "md"):
                    words.append(str(element.get("text") or ""))
                elif tag == "at":
                    words.append("@" + str(element.get("user_name") or element.get("user_id")))
            lines.append("".join(words))
        text = "\n".join(line for line in lines if line)
    else:
        return ""
    for mention in mentions:
        key = mention.get("key")
        if isinstance(key, str) and key:
            text = text.replace(key, "@" + str(mention.get("name") or "").strip())
    return text


def _epoch_ms(value: Any) -> float:
    try:
        return int(str(value)) / 1000
    except ValueError:
        return 0.0


class FeishuClient(ClosesOnExit):
    """A Feishu app heard through its long connection.

    ``app_id`` and ``secret`` are the app's App ID and App Secret; ``chats`` the groups
    (``oc_…``) whose history is read back after each connection, from ``since`` (an
    epoch; ``None``: not). ``api_base`` is Feishu, Lark (``https://open.larksuite.com``)
    or a local double. A drop ends :meth:`messages` with a retryable :class:`BotError`;
    the caller connects again with a new client, which reads the history back.
    """

    replays = True

    def __init__(
        self,
        app_id: str,
        secret: str,
        *,
        chats: Sequence[str] = (),
        since: float | None = None,
        api_base: str = DEFAULT_API_BASE,
        secret_env: str | None = None,
        answer_seconds: float = 10.0,
        ping_seconds: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._where = f"in {secret_env}" if secret_env else "of this bot"
        self._secret = checked_secret(
            secret, "Feishu App Secret", self._where, "Credentials & Basic Info"
        )
        self.app_id = app_id.strip()
        self.api_base = api_base.rstrip("/")
        self.chats = [c for c in chats if c.startswith("oc_")]
        self.since = since
        self.answer_seconds = answer_seconds
        #: Feishu says its ping interval (2 minutes); a test may ask for a shorter one.
        self.ping_seconds = ping_seconds
        self.clock = clock
        self._http: httpx.AsyncClient | None = None
        self._socket: ClientConnection | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._token: tuple[str, float] | None = None
        self._service = 0
        self._ping_every = 120.0
        self._parts: dict[str, tuple[float, list[bytes | None]]] = {}
        self._names: dict[str, str] = {}
        self._seen = SeenMessages(_SEEN_KEPT)
        logging.getLogger("websockets").setLevel(logging.CRITICAL)

    # ------------------------------------------------------------------ connecting

    async def __aenter__(self) -> FeishuClient:
        # No proxy of the environment: a local double is on 127.0.0.1, and Feishu is
        # reached directly like every other platform camp talks to.
        self._http = httpx.AsyncClient(
            base_url=self.api_base, timeout=self.answer_seconds, trust_env=False
        )

        async def connect() -> None:
            await self._tenant_token()
            url = await self._endpoint()
            # The history is read before any push is judged: a push judged first would
            # move ``since`` past what was said while no connection held.
            self._queue.put_nowait(_SESSION)
            await self._open(url)

        await connect_or_explain(
            "Feishu", self._host(), self.answer_seconds, connect, self.aclose
        )
        return self

    async def aclose(self) -> None:
        tasks, self._tasks = self._tasks, []
        await cancelled(tasks)
        socket, self._socket = self._socket, None
        http, self._http = self._http, None
        await close_quietly(socket, http)
        self._queue.put_nowait(_CLOSED)

    async def _post_json(self, path: str, body: dict[str, Any], **headers: str) -> dict[str, Any]:
        assert self._http is not None
        answer = await self._http.post(path, json=body, headers=headers)
        if answer.status_code == 429:
            raise self._rate_limited(answer, "connecting")
        if answer.status_code >= 500:
            raise BotError(
                f"Feishu answered HTTP {answer.status_code} while connecting", retryable=True
            )
        data = answer.json()
        if not isinstance(data, dict):
            raise ValueError("the answer is not a JSON object")
        return data

    async def _tenant_token(self) -> str:
        """The tenant access token (asked again five minutes before it expires)."""
        if self._token is not None and time.monotonic() < self._token[1]:
            return self._token[0]
        data = await self._post_json(
            "/open-apis/auth/v3/tenant_access_token/internal",
            {"app_id": self.app_id, "app_secret": self._secret},
        )
        token = data.get("tenant_access_token")
        if data.get("code") != 0 or not isinstance(token, str):
            raise BotError(
                f"Feishu refused the app's credentials ({data.get('code')}: "
                f"{said(Exception(data.get('msg') or 'no reason'))}): check app_id and the "
                f"App Secret {self._where}",
                retryable=False,
            )
        expire = float(data.get("expire") or 7200)
        self._token = (token, time.monotonic() + max(expire - 300, 60))
        return token

    async def _endpoint(self) -> str:
        data = await self._post_json(
            "/callback/ws/endpoint",
            {"AppID": self.app_id, "AppSecret": self._secret},
            locale="zh",
        )
        code = data.get("code")
        if code in (1, 1000040343):  # busy, or an error on Feishu's side
            raise BotError(f"Feishu's long connection is busy ({code})", retryable=True)
        found = data.get("data") or {}
        url = found.get("URL") if isinstance(found, dict) else None
        if code != 0 or not isinstance(url, str):
            raise BotError(
                f"Feishu refused the long connection ({code}: "
                f"{said(Exception(data.get('msg') or 'no reason'))}): choose 'long connection' "
                "under Events & Callbacks in the developer console, and subscribe to "
                "im.message.receive_v1",
                retryable=code == 1000040350,  # too many connections: one may close
            )
        self._configure(found.get("ClientConfig"))
        return url

    def _configure(self, config: Any) -> None:
        if isinstance(config, dict) and isinstance(config.get("PingInterval"), int | float):
            self._ping_every = max(float(config["PingInterval"]), 1.0)

    async def _open(self, url: str) -> None:
        query = parse_qs(urlsplit(url).query)
        try:
            self._service = int((query.get("service_id") or ["0"])[0])
        except ValueError:
            self._service = 0
        try:
            self._socket = await connect(
                url,
                open_timeout=self.answer_seconds,
                proxy=None,
                max_size=16 * 2**20,
                # The protocol's own pings keep Feishu's side alive; these find a dead
                # network (no close frame) within a minute.
                ping_interval=30,
                ping_timeout=30,
            )
        except InvalidStatus as error:
            status = error.response.headers.get("handshake-status")
            message = error.response.headers.get("handshake-msg") or "no reason"
            raise BotError(
                f"Feishu refused the WebSocket ({status or error.response.status_code}: {message})",
                retryable=status not in ("403",),
            ) from None
        except InvalidURI:
            raise BotError(
                "Feishu named a long-connection address that is not a WebSocket",
                retryable=True,
            ) from None
        self._tasks = [
            asyncio.create_task(self._read(self._socket)),
            asyncio.create_task(self._ping(self._socket)),
        ]

    async def _ping(self, socket: ClientConnection) -> None:
        while True:
            frame = Frame(service=self._service, method=CONTROL, headers=[("type", "ping")])
            with contextlib.suppress(Exception):  # a dead socket ends the reader
                await socket.send(encode_frame(frame))
            await asyncio.sleep(self.ping_seconds or self._ping_every)

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                if not isinstance(raw, bytes):
                    continue
                try:
                    frame = decode_frame(raw)
                except ValueError:
                    continue  # not a frame: nothing to acknowledge
                kind = frame.header("type")
                if frame.method == CONTROL:
                    if kind == "pong" and frame.payload:
                        with contextlib.suppress(ValueError):
                            self._configure(json.loads(frame.payload))
                    continue
                if kind != "event":
                    continue  # a card's callback: camp sends no cards
                payload = self._whole(frame)
                if payload is not None:
                    self._queue.put_nowait((frame, payload))
            failure = BotError(
                f"Feishu at {self._host()} closed the long connection", retryable=True
            )
        except ConnectionClosed as error:
            code = error.rcvd.code if error.rcvd else 1006
            failure = BotError(
                f"the Feishu long connection dropped (close code {code})", retryable=True
            )
        self._queue.put_nowait(failure)

    def _whole(self, frame: Frame) -> bytes | None:
        """An event's payload, once all its parts came (``sum`` > 1: in pieces)."""
        try:
            parts, seq = int(frame.header("sum") or 1), int(frame.header("seq") or 0)
        except ValueError:
            return frame.payload
        if parts <= 1:
            return frame.payload
        key = frame.header("message_id") or ""
        now = time.monotonic()
        for old in [k for k, (at, _) in self._parts.items() if now - at > _PARTS_SECONDS]:
            del self._parts[old]
        _, pieces = self._parts.setdefault(key, (now, [None] * parts))
        if 0 <= seq < len(pieces):
            pieces[seq] = frame.payload
        if any(piece is None for piece in pieces):
            return None
        del self._parts[key]
        return b"".join(piece or b"" for piece in pieces)

    # ------------------------------------------------------------------ hearing

    async def messages(self) -> AsyncIterator[LiveMessage | Unheard]:
        """The chats' messages in order; after the connection first what was said since
        the last one heard. Each push is acknowledged when the caller asks for the next
        message; a drop ends it with a retryable :class:`BotError`."""
        while True:
            item = await self._queue.get()
            if item is _CLOSED:
                return
            if isinstance(item, BotError):
                raise item
            if item is _SESSION:
                async for old in self._history():
                    yield old
                continue
            frame, payload = item
            started = time.monotonic()
            try:
                heard = await self._event_message(json.loads(payload))
            except Exception:  # a push too odd to read is acknowledged and left
                heard = None
            if heard is not None and self._fresh(heard):
                yield heard
            await self._ack(frame, started)

    async def _ack(self, frame: Frame, started: float) -> None:
        socket = self._socket
        if socket is None:
            return
        spent = str(int((time.monotonic() - started) * 1000))
        answer = Frame(
            seq_id=frame.seq_id,
            log_id=frame.log_id,
            service=frame.service,
            method=frame.method,
            headers=[*frame.headers, ("biz_rt", spent)],
            payload_encoding=frame.payload_encoding,
            payload_type=frame.payload_type,
            payload=json.dumps({"code": 200}).encode(),
            log_id_new=frame.log_id_new,
        )
        with contextlib.suppress(Exception):  # not acknowledged: Feishu pushes it again
            await socket.send(encode_frame(answer))

    async def _event_message(self, event: dict[str, Any]) -> LiveMessage | None:
        header = event.get("header") or {}
        body = event.get("event") or {}
        kind = header.get("event_type")
        if kind == "im.message.recalled_v1":
            return LiveMessage(
                PLATFORM,
                str(body.get("chat_id") or ""),
                str(body.get("message_id") or ""),
                None,
                "",
                _epoch_ms(body.get("recall_time")),
                "",
                "recalled",
            )
        if kind != "im.message.receive_v1":
            return None
        sender = body.get("sender") or {}
        if sender.get("sender_type") != "user":
            return None  # the bot's own answers, other apps
        ids = sender.get("sender_id") or {}
        message = body.get("message") or {}
        return await self._live(
            message,
            str(ids.get("open_id") or ""),
            str(message.get("message_type") or ""),
            mentions=message.get("mentions") or [],
        )

    async def _live(
        self, message: dict[str, Any], user: str, kind: str, *, mentions: list[Any]
    ) -> LiveMessage | None:
        message_id = str(message.get("message_id") or "")
        if not user or not message_id:
            return None
        content = message.get("content")
        if content is None:
            content = (message.get("body") or {}).get("content")
        text = message_text(kind, str(content or ""), [m for m in mentions if isinstance(m, dict)])
        private = message.get("chat_type") == "p2p"
        return LiveMessage(
            platform=PLATFORM,
            chat=user if private else str(message.get("chat_id") or ""),
            message_id=message_id,
            sender_id=user,
            sender=await self._name(user),
            epoch=_epoch_ms(message.get("create_time")),
            text=text if text.strip() else "",
            kind="text" if text.strip() else "other",
        )

    async def _name(self, user: str) -> str:
        """A member's name (asked of Feishu's contacts once, then kept); the open_id when
        the app may not read contacts."""
        if user in self._names:
            return self._names[user]
        name = user
        with contextlib.suppress(Exception):
            data = await self._get(
                f"/open-apis/contact/v3/users/{user}", {"user_id_type": "open_id"}
            )
            found = ((data.get("data") or {}).get("user") or {}).get("name")
            if data.get("code") == 0 and found:
                name = str(found)
        self._names[user] = " ".join(name.split()) or user
        return self._names[user]

    async def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        assert self._http is not None
        token = await self._tenant_token()
        async with asyncio.timeout(self.answer_seconds):
            answer = await self._http.get(
                path, params=params, headers={"Authorization": f"Bearer {token}"}
            )
        data = answer.json()
        if not isinstance(data, dict):
            raise ValueError("the answer is not a JSON object")
        if answer.status_code >= 400 and data.get("code") in (None, 0):
            data["code"] = answer.status_code
        return data

    async def _history(self) -> AsyncIterator[LiveMessage | Unheard]:
        if self.since is None or self._http is None:
            return
        for chat in self.chats:
            found: list[dict[str, Any]] = []
            params = {
                "container_id_type": "chat",
                "container_id": chat,
                "start_time": str(int(self.since)),
                "sort_type": "ByCreateTimeAsc",
                "page_size": str(_HISTORY_PAGE),
            }
            try:
                for _ in range(_HISTORY_PAGES):
                    data = await self._get("/open-apis/im/v1/messages", params)
                    if data.get("code") != 0:
                        raise BotError(f"Feishu answered {data.get('code')}", retryable=True)
                    page = data.get("data") or {}
                    found += [item for item in page.get("items") or [] if isinstance(item, dict)]
                    if not page.get("has_more") or not page.get("page_token"):
                        break
                    params["page_token"] = str(page["page_token"])
            except (BotError, httpx.HTTPError, OSError, TimeoutError, ValueError) as error:
                yield Unheard(
                    until=self.clock(),
                    reason=f"Feishu did not give chat {chat}'s history ({said(error)}); give "
                    "the app im:message.group_msg (read all messages in groups)",
                )
                continue
            for item in sorted(found, key=lambda m: _epoch_ms(m.get("create_time"))):
                sender = item.get("sender") or {}
                if item.get("deleted") or sender.get("sender_type") != "user":
                    continue
                heard = await self._live(
                    {**item, "chat_id": chat, "chat_type": "group"},
                    str(sender.get("id") or ""),
                    str(item.get("msg_type") or ""),
                    mentions=[
                        {"key": m.get("key"), "name": m.get("name")}
                        for m in item.get("mentions") or []
                        if isinstance(m, dict)
                    ],
                )
                if heard is not None and self._fresh(heard):
                    yield heard

    def _fresh(self, message: LiveMessage) -> bool:
        if message.kind == "recalled":
            return True
        if not self._seen.first_time(message.message_id):
            return False
        self.since = max(self.since or 0.0, message.epoch)
        return True

    # ------------------------------------------------------------------ answering

    async def send(self, reply: Reply) -> str | None:
        """Say ``reply`` in its chat, as a reply to ``reply_to`` when given, as rich text
        that mentions nobody."""
        if self._http is None:
            raise BotError("the Feishu client is not connected", retryable=True)
        lines = reply.text.splitlines() or [""]
        content = json.dumps(
            {"zh_cn": {"content": [[{"tag": "text", "text": line}] for line in lines]}},
            ensure_ascii=False,
        )
        # Feishu keeps a message's uuid for an hour: a reply sent again after a timeout
        # whose first try went through is not posted twice.
        uuid = hashlib.sha256(f"{reply.chat}\x1f{reply.reply_to}\x1f{reply.text}".encode())
        body: dict[str, Any] = {
            "msg_type": "post",
            "content": content,
            "uuid": uuid.hexdigest()[:40],
        }
        if reply.reply_to:
            path, params = f"/open-apis/im/v1/messages/{reply.reply_to}/reply", {}
        else:
            kind = "chat_id" if reply.chat.startswith("oc_") else "open_id"
            path, params = "/open-apis/im/v1/messages", {"receive_id_type": kind}
            body["receive_id"] = reply.chat
        for attempt in (1, 2):
            try:
                token = await self._tenant_token()
                async with asyncio.timeout(self.answer_seconds * 3):
                    answer = await self._http.post(
                        path,
                        params=params,
                        json=body,
                        headers={"Authorization": f"Bearer {token}"},
                    )
                data = answer.json()
            except BotError:
                raise
            except TimeoutError:
                raise BotError(
                    "Feishu did not take the bot's answer in time", retryable=True
                ) from None
            except (httpx.HTTPError, OSError, ValueError) as error:
                raise BotError(
                    f"could not reach Feishu at {self._host()} ({said(error)})", retryable=True
                ) from None
            code = data.get("code") if isinstance(data, dict) else None
            if code == 0:
                found = data.get("data") or {}
                return str(found.get("message_id") or "") or None
            if code in _TOKEN_CODES and attempt == 1:
                self._token = None  # expired early: ask for a new one and try again
                continue
            if answer.status_code == 429 or code in _RATE_CODES:
                raise self._rate_limited(answer, "answering")
            if answer.status_code >= 500:
                raise BotError(f"Feishu answered HTTP {answer.status_code}", retryable=True)
            message = data.get("msg") if isinstance(data, dict) else None
            raise BotError(
                f"Feishu refused the bot's answer in chat {reply.chat} ({code}: "
                f"{said(Exception(message or 'no reason'))}); add the bot to the group and "
                "give the app im:message:send_as_bot",
                retryable=False,
            )
        raise BotError("Feishu kept refusing the app's access token", retryable=True)

    def _rate_limited(self, answer: httpx.Response, doing: str) -> BotError:
        reset = answer.headers.get("x-ogw-ratelimit-reset")
        try:
            wait = float(reset) if reset else None
        except ValueError:
            wait = None
        return BotError(
            f"Feishu's rate limit was hit while {doing}", retryable=True, retry_after=wait
        )

    def _host(self) -> str:
        return self.api_base.split("//", 1)[-1].split("/", 1)[0]
