"""Feishu on 127.0.0.1 for tests: the Open API a bot uses and the long connection.

::

    with FeishuDouble() as feishu:
        feishu.api_base                          # http://127.0.0.1:<port>
        feishu.push_text(CHAT, ANN, "#打卡", at=epoch)   # an im.message.receive_v1
        feishu.drop()                            # every long connection vanishes
        feishu.sent                              # each reply or message the bot sent

``POST /callback/ws/endpoint`` (with the app's id and secret) answers a WebSocket URL
with ``device_id`` and ``service_id``; the WebSocket carries binary protobuf frames
(``pbbp2.Frame``, encoded here on their own, not with the client's code). A new
connection first gets every event not yet acknowledged (Feishu pushes again what was
not acknowledged), then the events pushed; an event counts as taken once the client
sends its frame back with the payload ``{"code": 200}``. A client's ping is answered
with a pong. Messages pushed are kept for ``GET /open-apis/im/v1/messages``.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from aiohttp import WSMsgType, web
from loopback import LoopbackServer

APP_ID = "cli_a1b2c3d4e5f6a7b8"
SECRET = "feishu-app-secret-for-tests"
CHAT = "oc_a0553eda9014c201e6969b478895c230"
OTHER_CHAT = "oc_ffff0000ffff0000ffff0000ffff0000"
TENANT_TOKEN = "t-camp-tenant-token"
SERVICE = 77


def user(open_id: str, name: str) -> dict[str, str]:
    return {"open_id": open_id, "name": name}


# -- pbbp2.Frame, written apart from the client's codec ------------------------------


def _uvarint(value: int) -> bytes:
    value %= 1 << 64
    data = b""
    while value > 0x7F:
        data += bytes([0x80 | value % 128])
        value //= 128
    return data + bytes([value])


def _piece(tag: int, data: bytes) -> bytes:
    return _uvarint(tag << 3 | 2) + _uvarint(len(data)) + data


def frame_bytes(
    *, method: int, headers: dict[str, str], payload: bytes = b"", seq: int = 0
) -> bytes:
    data = b"".join(_uvarint(tag << 3) + _uvarint(v) for tag, v in ((1, seq), (2, 0)))
    data += _uvarint(3 << 3) + _uvarint(SERVICE) + _uvarint(4 << 3) + _uvarint(method)
    for key, value in headers.items():
        data += _piece(5, _piece(1, key.encode()) + _piece(2, value.encode()))
    return data + (_piece(8, payload) if payload else b"")


def read_frame(data: bytes) -> dict[str, Any]:
    """``{"method", "headers", "payload"}`` of a frame the client sent."""
    out: dict[str, Any] = {"method": 0, "headers": {}, "payload": b""}

    def walk(data: bytes):
        at = 0
        while at < len(data):
            key, at = _read_uvarint(data, at)
            if key & 7 == 0:
                value, at = _read_uvarint(data, at)
                yield key >> 3, value
            else:
                size, at = _read_uvarint(data, at)
                yield key >> 3, data[at : at + size]
                at += size

    for tag, value in walk(data):
        if tag == 4:
            out["method"] = value
        elif tag == 5:
            header = dict(walk(value))
            out["headers"][header[1].decode()] = header[2].decode()
        elif tag == 8:
            out["payload"] = value
    return out


def _read_uvarint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value += (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


class FeishuDouble(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.users: dict[str, str] = {}
        self.sent: list[dict[str, Any]] = []
        self.history: dict[str, list[dict[str, Any]]] = {}
        #: Frames of events not yet acknowledged, by their message_id header.
        self.pending: dict[str, list[bytes]] = {}
        self.acked: list[str] = []
        self.pings = 0
        self.connects = 0
        self.ratelimit_posts = 0
        self.history_forbidden = False
        self._ids = itertools.count(1)
        self._live: set[web.WebSocketResponse] = set()

    @property
    def api_base(self) -> str:
        return self.base

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/open-apis/auth/v3/tenant_access_token/internal", self._token)
        app.router.add_post("/callback/ws/endpoint", self._endpoint)
        app.router.add_get("/ws", self._socket)
        app.router.add_get("/open-apis/contact/v3/users/{user}", self._user)
        app.router.add_get("/open-apis/im/v1/messages", self._history)
        app.router.add_post("/open-apis/im/v1/messages/{message}/reply", self._reply)
        app.router.add_post("/open-apis/im/v1/messages", self._create)

    # -- what tests do ----------------------------------------------------------------

    def message(self, chat: str, person: dict[str, str], text: str, *, at: float) -> dict:
        self.users[person["open_id"]] = person["name"]
        return {
            "message_id": f"om_{next(self._ids):08d}camp",
            "create_time": str(int(at * 1000)),
            "chat_id": chat,
            "chat_type": "p2p" if not chat.startswith("oc_") else "group",
            "message_type": "text",
            "content": json.dumps({"text": text}, ensure_ascii=False),
            "mentions": [],
        }

    def push_text(
        self,
        chat: str,
        person: dict[str, str],
        text: str,
        *,
        at: float,
        mentions: list[dict[str, Any]] | None = None,
        parts: int = 1,
    ) -> str:
        """A member's message in ``chat`` (``parts``: its frame's payload in pieces)."""
        message = self.message(chat, person, text, at=at)
        message["mentions"] = mentions or []
        if chat.startswith("oc_"):
            self.call(lambda: self.history.setdefault(chat, []).append((message, person)))
        self.event(
            "im.message.receive_v1",
            {
                "sender": {
                    "sender_id": {"open_id": person["open_id"], "union_id": "on_x"},
                    "sender_type": "user",
                    "tenant_key": "camp",
                },
                "message": message,
            },
            key=message["message_id"],
            parts=parts,
        )
        return message["message_id"]

    def push_quietly(self, chat: str, person: dict[str, str], text: str, *, at: float) -> str:
        """Said while no app listened: only in the chat's history."""
        message = self.message(chat, person, text, at=at)
        self.call(lambda: self.history.setdefault(chat, []).append((message, person)))
        return message["message_id"]

    def event(self, kind: str, body: dict[str, Any], *, key: str, parts: int = 1) -> None:
        payload = json.dumps(
            {
                "schema": "2.0",
                "header": {
                    "event_id": f"ev-{key}",
                    "event_type": kind,
                    "create_time": "0",
                    "app_id": APP_ID,
                    "tenant_key": "camp",
                },
                "event": body,
            },
            ensure_ascii=False,
        ).encode()
        size = -(-len(payload) // parts)
        frames = [
            frame_bytes(
                method=1,
                headers={
                    "type": "event",
                    "message_id": key,
                    "sum": str(parts),
                    "seq": str(i),
                    "trace_id": "trace",
                },
                payload=payload[i * size : (i + 1) * size],
                seq=next(self._ids),
            )
            for i in range(parts)
        ]
        self.run(self._deliver(key, frames))

    def drop(self) -> None:
        """Every connection vanishes (no close frame), in one step on the server's loop:
        a client that connected again between the two would be left live but unheard."""

        def vanish() -> None:
            self.abort_now()
            self._live.clear()

        self.call(vanish)

    def wait_for_connection(self, count: int = 1) -> None:
        self.wait_until(lambda: self.connects >= count and self._live, timeout=10)

    # -- Open API ---------------------------------------------------------------------

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {TENANT_TOKEN}"

    async def _token(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        if body.get("app_id") != APP_ID or body.get("app_secret") != SECRET:
            return web.json_response({"code": 10014, "msg": "app secret invalid"})
        return web.json_response(
            {"code": 0, "msg": "ok", "tenant_access_token": TENANT_TOKEN, "expire": 7200}
        )

    async def _endpoint(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        if body.get("AppID") != APP_ID or body.get("AppSecret") != SECRET:
            return web.json_response({"code": 1000040344, "msg": "app_id or app_secret invalid"})
        return web.json_response(
            {
                "code": 0,
                "msg": "ok",
                "data": {
                    "URL": f"ws://127.0.0.1:{self.port}/ws?device_id=dev-1&service_id={SERVICE}",
                    "ClientConfig": {
                        "ReconnectCount": -1,
                        "ReconnectInterval": 120,
                        "ReconnectNonce": 30,
                        "PingInterval": 120,
                    },
                },
            }
        )

    async def _user(self, request: web.Request) -> web.Response:
        await self.note(request)
        if not self._authorised(request):
            return web.json_response({"code": 99991663, "msg": "invalid token"})
        name = self.users.get(request.match_info["user"])
        if name is None:
            return web.json_response({"code": 41050, "msg": "no user authority"})
        return web.json_response(
            {"code": 0, "data": {"user": {"open_id": request.match_info["user"], "name": name}}}
        )

    async def _history(self, request: web.Request) -> web.Response:
        await self.note(request)
        if not self._authorised(request):
            return web.json_response({"code": 99991663, "msg": "invalid token"})
        if self.history_forbidden:
            return web.json_response(
                {"code": 230027, "msg": "Lack of necessary permissions"}, status=400
            )
        start = int(request.query.get("start_time", "0"))
        items = [
            {
                "message_id": m["message_id"],
                "msg_type": m["message_type"],
                "create_time": m["create_time"],
                "chat_id": m["chat_id"],
                "deleted": False,
                "sender": {"id": p["open_id"], "id_type": "open_id", "sender_type": "user"},
                "body": {"content": m["content"]},
                "mentions": [],
            }
            for m, p in self.history.get(request.query.get("container_id", ""), [])
            if int(m["create_time"]) // 1000 >= start
        ]
        return web.json_response(
            {"code": 0, "data": {"has_more": False, "page_token": "", "items": items}}
        )

    async def _reply(self, request: web.Request) -> web.Response:
        return await self._post(request, {"reply_to": request.match_info["message"]})

    async def _create(self, request: web.Request) -> web.Response:
        return await self._post(request, {"receive_id_type": request.query.get("receive_id_type")})

    async def _post(self, request: web.Request, where: dict[str, Any]) -> web.Response:
        body = await self.note(request)
        if not self._authorised(request):
            return web.json_response({"code": 99991663, "msg": "invalid token"})
        if self.ratelimit_posts:
            self.ratelimit_posts -= 1
            return web.json_response(
                {"code": 99991400, "msg": "request trigger frequency limit"},
                status=429,
                headers={"x-ogw-ratelimit-reset": "1"},
            )
        content = json.loads(body["content"])
        lines = [
            "".join(e["text"] for e in line if e.get("tag") == "text")
            for line in content["zh_cn"]["content"]
        ]
        self.sent.append({**where, **body, "text": "\n".join(lines)})
        return web.json_response(
            {"code": 0, "msg": "success", "data": {"message_id": f"om_bot{next(self._ids)}"}}
        )

    # -- the long connection ----------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.add(socket)
        self.connects += 1
        # What was pushed before and not acknowledged comes again.
        for frames in list(self.pending.values()):
            for frame in frames:
                await socket.send_bytes(frame)
        self._live.add(socket)
        try:
            async for message in socket:
                if message.type != WSMsgType.BINARY:
                    continue
                frame = read_frame(message.data)
                headers = frame["headers"]
                if frame["method"] == 0 and headers.get("type") == "ping":
                    self.pings += 1
                    pong = frame_bytes(
                        method=0,
                        headers={"type": "pong"},
                        payload=json.dumps({"PingInterval": 120}).encode(),
                    )
                    await socket.send_bytes(pong)
                    continue
                key = headers.get("message_id")
                answer = json.loads(frame["payload"] or b"{}")
                if key in self.pending and answer.get("code") == 200 and "biz_rt" in headers:
                    del self.pending[key]
                    self.acked.append(key)
        finally:
            self.sockets.discard(socket)
            self._live.discard(socket)
        return socket

    async def _deliver(self, key: str, frames: list[bytes]) -> None:
        self.pending[key] = frames
        for socket in list(self._live):
            try:
                for frame in frames:
                    await socket.send_bytes(frame)
            except (ConnectionError, RuntimeError):
                self._live.discard(socket)
