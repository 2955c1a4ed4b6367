"""Discord on 127.0.0.1 for tests: the REST endpoints a bot uses and the gateway.

::

    with DiscordDouble() as discord:
        discord.api_base                  # http://127.0.0.1:<port>/api/v10
        discord.push_text(CHANNEL, ANN, "#checkin", at=epoch)   # a MESSAGE_CREATE
        discord.drop()                    # every gateway connection vanishes
        discord.sent, discord.reactions   # the bot's messages and reactions

The gateway speaks v10 JSON without compression: HELLO, IDENTIFY (a wrong token is
closed with 4004, identifying without the message-content intent with 4014), READY
(with ``session_id`` and ``resume_gateway_url``), heartbeats and their acks, RESUME
(the events after the client's sequence are replayed, then RESUMED; an unknown session
gets INVALID_SESSION) and dispatches. Events pushed while no client is connected wait
in the session and go out on its resume, as Discord keeps them. REST keeps every
message pushed, so ``GET /channels/{id}/messages?after=`` answers as Discord does
(newest first). Slash commands: the application's commands are kept
(``GET``/``POST /applications/{id}/commands``); ``push_command`` dispatches an
INTERACTION_CREATE, and the bot's deferral (``POST /interactions/{id}/{token}/callback``)
and its answer (``PATCH /webhooks/{app}/{token}/messages/@original``) are recorded in
``callbacks`` and ``answers``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
from typing import Any

from aiohttp import WSMsgType, web
from loopback import LoopbackServer

TOKEN = "MTA1.discord-bot-token.for-tests"
BOT_ID = 900000000000000001
GUILD = 800000000000000001
CHANNEL = 810000000000000001
DISCORD_EPOCH_MS = 1_420_070_400_000
MESSAGE_CONTENT = 1 << 15


def user(number: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A Discord user whose id is ``number`` (given as a snowflake's digits)."""
    return {
        "id": str(number),
        "username": name.lower(),
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


def snowflake(epoch: float, counter: int) -> int:
    return ((int(epoch * 1000) - DISCORD_EPOCH_MS) << 22) | (counter & 0xFFF)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py reads a body as JSON only when its type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat()


class DiscordDouble(LoopbackServer):
    """See the module's docstring. ``identifies`` and ``resumes`` count the gateway's
    handshakes; ``sent`` holds each message the bot posted (its JSON body with the
    channel), ``reactions`` each (channel, message, emoji) put."""

    def __init__(self, token: str = TOKEN) -> None:
        super().__init__()
        self.token = token
        self.identifies = 0
        self.resumes = 0
        self.invalidated = 0
        self.sent: list[dict[str, Any]] = []
        self.reactions: list[tuple[str, str, str]] = []
        #: Every message pushed, by channel, for the history endpoint.
        self.history: dict[int, list[dict[str, Any]]] = {}
        self._counter = itertools.count(1)
        self._sessions: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._live: dict[web.WebSocketResponse, str] = {}
        self._current: str | None = None
        self._forget_sessions = False
        self.reaction_429 = 0
        #: The bot may not read the channels' history (no Read Message History).
        self.history_forbidden = False
        #: The bot was invited without the applications.commands scope.
        self.commands_forbidden = False
        self.commands: list[dict[str, Any]] = []
        self.callbacks: list[tuple[str, dict[str, Any]]] = []
        self.answers: list[tuple[str, dict[str, Any]]] = []

    @property
    def api_base(self) -> str:
        return f"{self.base}/api/v10"

    def routes(self, app: web.Application) -> None:
        api = "/api/v10"
        app.router.add_get(f"{api}/users/@me", self._me)
        app.router.add_get(f"{api}/oauth2/applications/@me", self._application)
        app.router.add_get(f"{api}/gateway/bot", self._gateway_bot)
        app.router.add_get(f"{api}/channels/{{channel}}/messages", self._history)
        app.router.add_post(f"{api}/channels/{{channel}}/messages", self._post_message)
        app.router.add_put(
            f"{api}/channels/{{channel}}/messages/{{message}}/reactions/{{emoji}}/@me",
            self._react,
        )
        app.router.add_get(f"{api}/applications/{{app}}/commands", self._commands)
        app.router.add_post(f"{api}/applications/{{app}}/commands", self._upsert_command)
        app.router.add_post(
            f"{api}/interactions/{{interaction}}/{{token}}/callback", self._interaction_callback
        )
        app.router.add_patch(
            f"{api}/webhooks/{{app}}/{{token}}/messages/@original", self._edit_original
        )
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/", self._gateway)

    # -- what tests do ----------------------------------------------------------------

    def message(
        self,
        channel: int,
        author: dict[str, Any],
        text: str,
        *,
        at: float,
        guild: int | None = GUILD,
    ) -> dict[str, Any]:
        message_id = snowflake(at, next(self._counter))
        data: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel),
            "author": author,
            "content": text,
            "timestamp": _iso(at),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": "@everyone" in text,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
        }
        if guild is not None:
            data["guild_id"] = str(guild)
        return data

    def push_text(
        self,
        channel: int,
        author: dict[str, Any],
        text: str,
        *,
        at: float,
        guild: int | None = GUILD,
        mentions: list[dict[str, Any]] | None = None,
    ) -> str:
        """A member's message in ``channel`` (in private without ``guild``): its id."""
        data = self.message(channel, author, text, at=at, guild=guild)
        if mentions:
            data["mentions"] = mentions
        self.call(lambda: self.history.setdefault(channel, []).append(data))
        self.dispatch("MESSAGE_CREATE", data)
        return data["id"]

    def push_quietly(self, channel: int, author: dict[str, Any], text: str, *, at: float) -> str:
        """A message Discord keeps in the channel's history but never dispatches to this
        session (it was said while the bot had no session at all)."""
        data = self.message(channel, author, text, at=at)
        self.call(lambda: self.history.setdefault(channel, []).append(data))
        return data["id"]

    def push_command(
        self,
        channel: int,
        author: dict[str, Any],
        sub: str,
        *,
        day: int | None = None,
        guild: int | None = GUILD,
    ) -> str:
        """A member's ``/camp sub`` (with its ``day``) in ``channel``: the interaction's id."""
        now = dt.datetime.now(dt.UTC).timestamp()
        interaction = snowflake(now, next(self._counter))
        option: dict[str, Any] = {"type": 1, "name": sub}
        if day is not None:
            option["options"] = [{"type": 4, "name": "day", "value": day}]
        data: dict[str, Any] = {
            "id": str(interaction),
            "application_id": str(BOT_ID),
            "type": 2,
            "data": {"id": "1", "name": "camp", "type": 1, "options": [option]},
            "channel_id": str(channel),
            "channel": {
                "id": str(channel),
                "type": 0 if guild else 1,
                "name": "checkins",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
            },
            "token": f"interaction-token-{interaction}",
            "version": 1,
            "app_permissions": "0",
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {},
            "attachment_size_limit": 8 * 2**20,
        }
        if guild is not None:
            data["guild_id"] = str(guild)
            data["member"] = {
                "user": author,
                "roles": [],
                "joined_at": _iso(now),
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": "0",
            }
        else:
            data["user"] = author
        self.dispatch("INTERACTION_CREATE", data)
        return str(interaction)

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.run(self._dispatch(event, data))

    def drop(self) -> None:
        """Every gateway connection vanishes (no close frame): the session stays
        resumable, and what is pushed meanwhile waits in it. One step on the server's
        loop: a client that resumed between the two would be left live but unheard."""

        def vanish() -> None:
            self.abort_now()
            self._live.clear()

        self.call(vanish)

    def forget_sessions(self) -> None:
        """Discord invalidates every session: a resume gets INVALID_SESSION."""
        self._forget_sessions = True

    def wait_for_identify(self, count: int = 1) -> None:
        self.wait_until(lambda: self.identifies >= count and self._live, timeout=10)

    # -- REST ------------------------------------------------------------------------

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.token}"

    def _unauthorised(self) -> web.Response:
        return _json({"message": "401: Unauthorized", "code": 0}, status=401)

    async def _me(self, request: web.Request) -> web.Response:
        await self.note(request)
        if not self._authorised(request):
            return self._unauthorised()
        return _json(user(BOT_ID, "CampBot", bot=True))

    async def _application(self, request: web.Request) -> web.Response:
        await self.note(request)
        if not self._authorised(request):
            return self._unauthorised()
        return _json(
            {
                "id": str(BOT_ID),
                "name": "CampBot",
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user(700000000000000001, "Owner"),
                "summary": "",
                "verify_key": "00",
                "flags": 0,
                "interactions_endpoint_url": None,
            }
        )

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        await self.note(request)
        if not self._authorised(request):
            return self._unauthorised()
        return _json(
            {
                "url": f"ws://127.0.0.1:{self.port}/gateway",
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _history(self, request: web.Request) -> web.Response:
        await self.note(request)
        if self.history_forbidden:
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        channel = int(request.match_info["channel"])
        after = int(request.query.get("after", "0"))
        limit = int(request.query.get("limit", "50"))
        found = sorted(
            (m for m in self.history.get(channel, []) if int(m["id"]) > after),
            key=lambda m: int(m["id"]),
        )[:limit]
        return _json(list(reversed(found)))

    async def _post_message(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        if not self._authorised(request):
            return self._unauthorised()
        channel = request.match_info["channel"]
        self.sent.append({"channel": channel, **(body or {})})
        now = dt.datetime.now(dt.UTC).timestamp()
        data = self.message(int(channel), user(BOT_ID, "CampBot", bot=True), "", at=now)
        data["content"] = (body or {}).get("content", "")
        return _json(data)

    async def _react(self, request: web.Request) -> web.Response:
        await self.note(request)
        if self.reaction_429:
            self.reaction_429 -= 1
            return _json(
                {"message": "You are being rate limited.", "retry_after": 0.3, "global": False},
                status=429,
                headers={"Retry-After": "0.3", "X-RateLimit-Scope": "user"},
            )
        self.reactions.append(
            (
                request.match_info["channel"],
                request.match_info["message"],
                request.match_info["emoji"],
            )
        )
        return web.Response(status=204)

    async def _commands(self, request: web.Request) -> web.Response:
        await self.note(request)
        if not self._authorised(request):
            return self._unauthorised()
        return _json(self.commands)

    async def _upsert_command(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        if not self._authorised(request):
            return self._unauthorised()
        if self.commands_forbidden:
            return _json({"message": "Missing Access", "code": 50001}, status=403)
        command = {"id": str(next(self._counter)), "application_id": str(BOT_ID), **body}
        self.commands = [c for c in self.commands if c["name"] != body["name"]] + [command]
        return _json(command, status=201)

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        self.callbacks.append((request.match_info["interaction"], body))
        return web.Response(status=204)

    async def _edit_original(self, request: web.Request) -> web.Response:
        body = await self.note(request)
        self.answers.append((request.match_info["token"], body))
        now = dt.datetime.now(dt.UTC).timestamp()
        data = self.message(CHANNEL, user(BOT_ID, "CampBot", bot=True), "", at=now)
        data["content"] = body.get("content", "")
        return _json(data)

    # -- gateway ---------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.add(socket)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        try:
            async for frame in socket:
                if frame.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(frame.data)
                op = payload.get("op")
                if op == 1:
                    await socket.send_json({"op": 11, "d": None, "s": None, "t": None})
                elif op == 2:
                    await self._identify(socket, payload["d"])
                elif op == 6:
                    await self._resume(socket, payload["d"])
        finally:
            self.sockets.discard(socket)
            self._live.pop(socket, None)
        return socket

    async def _identify(self, socket: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await socket.close(code=4004, message=b"Authentication failed.")
            return
        if not int(data.get("intents", 0)) & MESSAGE_CONTENT:
            await socket.close(code=4014, message=b"Disallowed intent(s).")
            return
        self.identifies += 1
        session = f"session-{self.identifies}"
        self._sessions[session] = []
        self._current = session
        self._forget_sessions = False
        self._live[socket] = session
        await self._send(
            session,
            "READY",
            {
                "v": 10,
                "user": user(BOT_ID, "CampBot", bot=True),
                "guilds": [],
                "session_id": session,
                "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
                "application": {"id": str(BOT_ID), "flags": 0},
            },
        )

    async def _resume(self, socket: web.WebSocketResponse, data: dict[str, Any]) -> None:
        session = data.get("session_id")
        if (
            self._forget_sessions
            or data.get("token") != self.token
            or session not in self._sessions
        ):
            self.invalidated += 1
            await socket.send_json({"op": 9, "d": False, "s": None, "t": None})
            return
        self.resumes += 1
        seq = int(data.get("seq") or 0)
        self._live[socket] = session
        for number, event in self._sessions[session]:
            if number > seq:
                await socket.send_json(event)
        await socket.send_json({"op": 0, "t": "RESUMED", "d": {}, "s": None})

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        if self._current is None:
            # Nobody identified yet: wait a little for the bot's first session.
            for _ in range(250):
                if self._current is not None:
                    break
                await asyncio.sleep(0.02)
        if self._current is not None:
            await self._send(self._current, event, data)

    async def _send(self, session: str, event: str, data: dict[str, Any]) -> None:
        log = self._sessions[session]
        payload = {"op": 0, "t": event, "d": data, "s": len(log) + 1}
        log.append((len(log) + 1, payload))
        for socket, owner in list(self._live.items()):
            if owner == session and not socket.closed:
                try:
                    await socket.send_json(payload)
                except (ConnectionError, RuntimeError):
                    self._live.pop(socket, None)
