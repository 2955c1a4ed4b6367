"""DingTalk on 127.0.0.1 for tests: Stream mode and the robot's ways to answer.

::

    with DingTalkDouble() as dingtalk:
        dingtalk.api_base                         # http://127.0.0.1:<port>
        dingtalk.push_text(CHAT, ANN, "#打卡", at=epoch)   # a robot message (CALLBACK)
        dingtalk.drop()                           # every stream connection vanishes
        dingtalk.ask_to_reconnect()               # SYSTEM disconnect, then a close
        dingtalk.sent                             # each answer: its text and its way

``POST /v1.0/gateway/connections/open`` (with the app's clientId and clientSecret)
answers an endpoint and a one-time ticket; the WebSocket at ``endpoint?ticket=`` carries
JSON frames. A new connection first gets every message not yet acknowledged (DingTalk
pushes again what was not acknowledged), then those pushed; a message counts as taken
once the client answers ``{"code": 200, "headers": {"messageId": …}}``. Each message
carries a session webhook (``/robot/sendBySession``) for the answer; the robot's group
API (``/v1.0/robot/groupMessages/send``) takes an access token.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any

from aiohttp import WSMsgType, web
from loopback import LoopbackServer

APP_ID = "dingcampappkey0001"
SECRET = "dingtalk-app-secret-for-tests"
CHAT = "cidCampGroup0001=="
OTHER_CHAT = "cidOtherGroup002=="
ACCESS_TOKEN = "dt-access-token"
TOPIC_ROBOT = "/v1.0/im/bot/messages/get"


def user(staff_id: str, name: str) -> dict[str, str]:
    return {"staff_id": staff_id, "name": name}


class DingTalkDouble(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict[str, Any]] = []
        self.pending: dict[str, dict[str, Any]] = {}
        self.acked: list[str] = []
        self.pongs: list[str] = []
        self.connects = 0
        self.ratelimit_posts = 0
        #: Session webhooks of the messages pushed have expired already.
        self.webhooks_expired = False
        self._tickets: set[str] = set()
        self._ids = itertools.count(1)
        self._live: set[web.WebSocketResponse] = set()

    @property
    def api_base(self) -> str:
        return self.base

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1.0/gateway/connections/open", self._open)
        app.router.add_get("/connect", self._socket)
        app.router.add_post("/robot/sendBySession", self._by_session)
        app.router.add_post("/v1.0/oauth2/accessToken", self._token)
        app.router.add_post("/v1.0/robot/groupMessages/send", self._by_api)
        app.router.add_post("/v1.0/robot/oToMessages/batchSend", self._by_api)

    # -- what tests do ----------------------------------------------------------------

    def push_text(self, chat: str, person: dict[str, str], text: str, *, at: float) -> str:
        """A message to the robot in ``chat`` (a ``cid…`` group, else a private chat)."""
        message_id = f"msg{next(self._ids):06d}camp"
        group = chat.startswith("cid")
        expires = time.time() + (-600 if self.webhooks_expired else 5400)
        data = {
            "conversationId": chat if group else f"cidPrivate{person['staff_id']}",
            "conversationType": "2" if group else "1",
            "chatbotCorpId": "dingcorp",
            "chatbotUserId": "$:LWCP_v1:$bot",
            "msgId": message_id,
            "senderNick": person["name"],
            "isAdmin": False,
            "senderStaffId": person["staff_id"],
            "sessionWebhookExpiredTime": int(expires * 1000),
            "createAt": int(at * 1000),
            "senderCorpId": "dingcorp",
            "senderId": f"$:LWCP_v1:${person['staff_id']}",
            "sessionWebhook": f"{self.base}/robot/sendBySession?session=s-{chat}",
            "robotCode": APP_ID,
            "msgtype": "text",
            "text": {"content": f" {text}"},
            "isInAtList": True,
        }
        frame = {
            "specVersion": "1.0",
            "type": "CALLBACK",
            "headers": {
                "appId": APP_ID,
                "connectionId": "conn",
                "contentType": "application/json",
                "messageId": f"frame-{message_id}",
                "time": str(int(at * 1000)),
                "topic": TOPIC_ROBOT,
            },
            "data": json.dumps(data, ensure_ascii=False),
        }
        self.run(self._deliver(frame))
        return message_id

    def ping(self) -> None:
        frame = {
            "specVersion": "1.0",
            "type": "SYSTEM",
            "headers": {"messageId": f"ping-{next(self._ids)}", "topic": "ping"},
            "data": json.dumps({"opaque": "camp-opaque"}),
        }

        async def send() -> None:
            for socket in list(self._live):
                await socket.send_json(frame)

        self.run(send())

    def ask_to_reconnect(self) -> None:
        """DingTalk's SYSTEM ``disconnect`` on every connection, which it closes a little
        later."""
        frame = {
            "specVersion": "1.0",
            "type": "SYSTEM",
            "headers": {"messageId": f"bye-{next(self._ids)}", "topic": "disconnect"},
            "data": json.dumps({"reason": "server restart"}),
        }

        async def send() -> None:
            sockets = list(self._live)
            for socket in sockets:
                self._live.discard(socket)
                await socket.send_json(frame)
            await asyncio.sleep(0.5)
            for socket in sockets:
                await socket.close()

        self.run(send())

    def drop(self) -> None:
        """Every connection vanishes (no close frame), in one step on the server's loop:
        a client that connected again between the two would be left live but unheard."""

        def vanish() -> None:
            self.abort_now()
            self._live.clear()

        self.call(vanish)

    def wait_for_connection(self, count: int = 1) -> None:
        self.wait_until(lambda: self.connects >= count and self._live, timeout=10)

    # -- HTTP -------------------------------------------------------------------------

    async def _open(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        if body.get("clientId") != APP_ID or body.get("clientSecret") != SECRET:
            return web.json_response(
                {"code": "Unauthorized", "message": "clientId or clientSecret is wrong"},
                status=401,
            )
        topics = {s.get("topic") for s in body.get("subscriptions") or []}
        if TOPIC_ROBOT not in topics:
            return web.json_response({"code": "InvalidParameter"}, status=400)
        ticket = f"ticket-{next(self._ids)}"
        self._tickets.add(ticket)
        return web.json_response(
            {"endpoint": f"ws://127.0.0.1:{self.port}/connect", "ticket": ticket}
        )

    async def _by_session(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        if self.ratelimit_posts:
            self.ratelimit_posts -= 1
            return web.json_response({"errcode": 130101, "errmsg": "send too fast"})
        self.sent.append(
            {
                "way": "session",
                "session": request.query.get("session"),
                **body,
                "content": body["text"]["content"],
            }
        )
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _token(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        if body.get("appKey") != APP_ID or body.get("appSecret") != SECRET:
            return web.json_response({"code": "invalidClientIdOrSecret"}, status=400)
        return web.json_response({"accessToken": ACCESS_TOKEN, "expireIn": 7200})

    async def _by_api(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        if request.headers.get("x-acs-dingtalk-access-token") != ACCESS_TOKEN:
            return web.json_response({"code": "InvalidAuthentication"}, status=401)
        self.sent.append(
            {"way": request.path, **body, "content": json.loads(body["msgParam"])["content"]}
        )
        return web.json_response({"processQueryKey": f"q{next(self._ids)}"})

    # -- the stream -------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.Response(status=403, text="ticket is not valid")
        self._tickets.discard(ticket)  # a ticket is good for one connection
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.add(socket)
        self.connects += 1
        for frame in list(self.pending.values()):
            await socket.send_json(frame)
        self._live.add(socket)
        try:
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                answer = json.loads(message.data)
                key = (answer.get("headers") or {}).get("messageId")
                if answer.get("code") != 200 or answer.get("message") != "OK":
                    continue
                if key in self.pending:
                    del self.pending[key]
                    self.acked.append(key)
                elif isinstance(key, str) and key.startswith("ping-"):
                    self.pongs.append(answer.get("data"))
        finally:
            self.sockets.discard(socket)
            self._live.discard(socket)
        return socket

    async def _deliver(self, frame: dict[str, Any]) -> None:
        self.pending[frame["headers"]["messageId"]] = frame
        for socket in list(self._live):
            try:
                await socket.send_json(frame)
            except (ConnectionError, RuntimeError):
                self._live.discard(socket)
