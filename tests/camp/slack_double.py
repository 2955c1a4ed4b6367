"""Slack on 127.0.0.1 for tests: the Web API methods a bot uses and Socket Mode.

::

    with SlackDouble() as slack:
        slack.api_base                     # http://127.0.0.1:<port>/api
        slack.push_text(CHANNEL, ANN, "#checkin", at=epoch)  # an events_api envelope
        slack.push_command(CHANNEL, ANN, "me")               # /camp me
        slack.drop()                       # every Socket Mode connection vanishes
        slack.sent, slack.reactions        # chat.postMessage bodies, reactions.add

``apps.connections.open`` (with the app-level token) answers a WebSocket URL; a new
connection hears ``hello``, then every envelope not yet acknowledged (again, with
``retry_attempt`` counted up: Slack retries what was not acknowledged), then the
envelopes pushed. An envelope counts as taken once the client sends its
``{"envelope_id": ...}``. Messages pushed are kept for ``conversations.history``.
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web
from loopback import LoopbackServer

BOT_TOKEN = "xoxb-1111-2222-camptests"
APP_TOKEN = "xapp-1-A111-3333-camptests"
CHANNEL = "C0CAMP0001"
BOT_USER = "UBOTCAMP01"


def user(user_id: str, name: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "name": name.lower(),
        "real_name": name,
        "profile": {"display_name": name},
    }


class SlackDouble(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.users: dict[str, dict[str, Any]] = {}
        self.sent: list[dict[str, Any]] = []
        self.reactions: list[tuple[str, str, str]] = []
        self.history: dict[str, list[dict[str, Any]]] = {}
        #: Envelopes not yet acknowledged, in order, with how often each was sent.
        self.pending: dict[str, dict[str, Any]] = {}
        self.acked: list[str] = []
        self.connects = 0
        self.ratelimit_posts = 0
        self._ids = itertools.count(1)
        self._live: set[web.WebSocketResponse] = set()

    @property
    def api_base(self) -> str:
        return f"{self.base}/api"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_get("/link", self._link)

    # -- what tests do ----------------------------------------------------------------

    def add_user(self, person: dict[str, Any]) -> None:
        self.users[person["id"]] = person

    def push_text(self, channel: str, person: dict[str, Any], text: str, *, at: float) -> str:
        self.add_user(person)
        ts = f"{int(at)}.{next(self._ids):06d}"
        event = {
            "type": "message",
            "channel": channel,
            "user": person["id"],
            "text": text,
            "ts": ts,
            "channel_type": "im" if channel.startswith("D") else "channel",
        }
        self.call(lambda: self.history.setdefault(channel, []).append(event))
        self.envelope("events_api", {"type": "event_callback", "event": event})
        return ts

    def push_quietly(self, channel: str, person: dict[str, Any], text: str, *, at: float) -> str:
        """Said while no app listened: only in the channel's history."""
        self.add_user(person)
        ts = f"{int(at)}.{next(self._ids):06d}"
        event = {
            "type": "message",
            "channel": channel,
            "user": person["id"],
            "text": text,
            "ts": ts,
        }
        self.call(lambda: self.history.setdefault(channel, []).append(event))
        return ts

    def push_command(self, channel: str, person: dict[str, Any], text: str) -> None:
        self.add_user(person)
        self.envelope(
            "slash_commands",
            {"command": "/camp", "text": text, "user_id": person["id"], "channel_id": channel},
        )

    def envelope(self, kind: str, payload: dict[str, Any]) -> str:
        envelope_id = f"env-{next(self._ids)}"
        frame = {
            "envelope_id": envelope_id,
            "type": kind,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
            "payload": payload,
        }
        self.run(self._deliver(frame))
        return envelope_id

    def drop(self) -> None:
        """Every connection vanishes (no close frame), in one step on the server's loop:
        a client that connected again between the two would be left live but unheard."""

        def vanish() -> None:
            self.abort_now()
            self._live.clear()

        self.call(vanish)

    def wait_for_connection(self, count: int = 1) -> None:
        self.wait_until(lambda: self.connects >= count and self._live, timeout=10)

    # -- Web API ----------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.read()
        if request.content_type == "application/json":
            body = json.loads(raw or b"{}")
        else:
            body = dict(parse_qsl(raw.decode()))
        body.update(request.query)
        self.requests.append(("POST", method, dict(request.query), body))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if method == "apps.connections.open":
            if token != APP_TOKEN:
                return _ok({"ok": False, "error": "invalid_auth"})
            return _ok({"ok": True, "url": f"ws://127.0.0.1:{self.port}/link?ticket=t"})
        if token != BOT_TOKEN:
            return _ok({"ok": False, "error": "invalid_auth"})
        if method == "auth.test":
            return _ok({"ok": True, "user_id": BOT_USER, "bot_id": "BCAMP", "team_id": "TCAMP"})
        if method == "users.info":
            found = self.users.get(body.get("user", ""))
            if found is None:
                return _ok({"ok": False, "error": "user_not_found"})
            return _ok({"ok": True, "user": found})
        if method == "conversations.history":
            oldest = float(body.get("oldest") or 0)
            messages = [
                m for m in self.history.get(body.get("channel", ""), []) if float(m["ts"]) > oldest
            ]
            return _ok({"ok": True, "messages": list(reversed(messages)), "has_more": False})
        if method == "chat.postMessage":
            if self.ratelimit_posts:
                self.ratelimit_posts -= 1
                return web.Response(
                    body=b'{"ok": false, "error": "ratelimited"}',
                    status=429,
                    headers={"Retry-After": "1", "Content-Type": "application/json"},
                )
            self.sent.append(body)
            ts = f"{next(self._ids)}.000000"
            return _ok({"ok": True, "channel": body.get("channel"), "ts": ts})
        if method == "reactions.add":
            self.reactions.append((body["channel"], body["timestamp"], body["name"]))
            return _ok({"ok": True})
        return _ok({"ok": False, "error": "unknown_method"})

    # -- Socket Mode ------------------------------------------------------------------

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self.sockets.add(socket)
        self.connects += 1
        await socket.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A111"}}
        )
        # What was sent before and not acknowledged comes again.
        for frame in list(self.pending.values()):
            frame["retry_attempt"] += 1
            frame["retry_reason"] = "timeout"
            await socket.send_json(frame)
        self._live.add(socket)
        try:
            async for message in socket:
                if message.type != WSMsgType.TEXT:
                    continue
                answer = json.loads(message.data)
                envelope_id = answer.get("envelope_id")
                if envelope_id in self.pending:
                    del self.pending[envelope_id]
                    self.acked.append(envelope_id)
        finally:
            self.sockets.discard(socket)
            self._live.discard(socket)
        return socket

    async def _deliver(self, frame: dict[str, Any]) -> None:
        self.pending[frame["envelope_id"]] = frame
        for socket in list(self._live):
            try:
                await socket.send_json(frame)
            except (ConnectionError, RuntimeError):
                self._live.discard(socket)


def _ok(data: dict[str, Any]) -> web.Response:
    return web.json_response(data)
