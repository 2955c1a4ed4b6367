"""A OneBot v11 implementation on 127.0.0.1 for tests: a real forward WebSocket.

It stands in for NapCat, Lagrange or go-cqhttp. The server runs in a thread with its
own event loop, so synchronous tests and tests that run their own loop
(``asyncio.run``) use it alike: every method below is an ordinary blocking call that
returns once the server has done it.

::

    with OneBotDouble(token="s3cret") as double:          # or the ``onebot_double`` fixture
        double.url                                        # ws://127.0.0.1:<port>
        double.push_group_text(123, 456, "打卡", card="小明", time=1767225600)
        double.push({"post_type": "meta_event", ...})     # any event, as it is
        double.sent                                       # params of each send_group_msg
        double.fail_next_call(retcode=1400)               # the next API call fails
        double.ignore_next_call()                         # ... or gets no answer
        double.push_before_next_answer(event)             # ... or an event comes first
        double.drop()                                     # every connection vanishes

Handshakes: with a ``token``, the client must send ``Authorization: Bearer <token>``
or ``?access_token=<token>``; none gives HTTP 401, a wrong one 403 (as OneBot's
implementations answer). Each new connection first hears a ``lifecycle`` meta event.
A push waits (up to a few seconds) for a client to be connected, then goes to every
connected client; nothing is kept for a client that connects later, as in OneBot.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections import deque
from collections.abc import Coroutine, Iterator
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

#: The bot's own QQ number in every event.
SELF_ID = 10000
#: The time of an event pushed without one (2026-01-01 00:00 UTC): tests never read the clock.
DEFAULT_TIME = 1_767_225_600
#: How long a blocking call waits for the server (or for a client to connect).
WAIT = 5.0


def cq_escape(text: str, *, in_code: bool = False) -> str:
    """Text as the CQ-string form writes it (``,`` is escaped only inside a code)."""
    text = text.replace("&", "&amp;").replace("[", "&#91;").replace("]", "&#93;")
    return text.replace(",", "&#44;") if in_code else text


def cq_string(segments: list[dict[str, Any]]) -> str:
    """The CQ-string form of a message in the array form."""
    parts = []
    for segment in segments:
        data = segment.get("data") or {}
        if segment["type"] == "text":
            parts.append(cq_escape(str(data.get("text", ""))))
        else:
            params = "".join(f",{k}={cq_escape(str(v), in_code=True)}" for k, v in data.items())
            parts.append(f"[CQ:{segment['type']}{params}]")
    return "".join(parts)


def text_segment(text: str) -> dict[str, Any]:
    return {"type": "text", "data": {"text": text}}


class OneBotDouble:
    """A OneBot v11 forward-WebSocket server for tests (see the module's docstring).

    ``sent`` holds the ``params`` of every ``send_group_msg`` call, in order; ``calls``
    every API call as received (``action``, ``params``, ``echo``). Sent messages get
    increasing message ids, from the same counter as pushed messages.
    """

    def __init__(self, token: str | None = None, *, self_id: int = SELF_ID):
        self.token = token
        self.self_id = self_id
        self.sent: list[dict[str, Any]] = []
        self.calls: list[dict[str, Any]] = []
        #: Handshakes accepted so far (a reconnect makes it grow) and refused.
        self.connects = 0
        self.refusals = 0
        self._message_ids = itertools.count(1001)
        self._plans: deque[tuple[str, Any]] = deque()
        self._connections: set[ServerConnection] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Server | None = None
        self.url = ""

    # -- life ---------------------------------------------------------------------

    def start(self) -> OneBotDouble:
        """Listen on a free port of 127.0.0.1; ``url`` is then set."""
        self._thread.start()
        self._server = self._run(self._listen())
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"ws://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        """Close every connection and the server, and end the thread."""
        if self._server is not None:
            server, self._server = self._server, None
            self._run(_close(server))
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(WAIT)
        if not self._loop.is_closed() and not self._loop.is_running():
            self._loop.close()

    def __enter__(self) -> OneBotDouble:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- what tests do ------------------------------------------------------------

    @property
    def connections(self) -> int:
        """How many clients are connected now."""
        return len(self._connections)

    def push(self, event: dict[str, Any]) -> None:
        """Send ``event`` (a dict, as it is) to every connected client."""
        self._run(self._broadcast(event))

    def next_message_id(self) -> int:
        return next(self._message_ids)

    def group_message_event(
        self,
        group: int,
        user: int,
        message: str | list[dict[str, Any]],
        *,
        card: str = "",
        nickname: str | None = None,
        time: int = DEFAULT_TIME,
        message_id: int | None = None,
        anonymous: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A group message event, ``message`` in the CQ-string form or the array form."""
        message_id = self.next_message_id() if message_id is None else message_id
        raw = message if isinstance(message, str) else cq_string(message)
        return {
            "time": time,
            "self_id": self.self_id,
            "post_type": "message",
            "message_type": "group",
            "sub_type": "anonymous" if anonymous else "normal",
            "message_id": message_id,
            "group_id": group,
            "user_id": user,
            "anonymous": anonymous,
            "message": message,
            "raw_message": raw,
            "font": 0,
            "sender": {
                "user_id": user,
                "nickname": f"qq{user}" if nickname is None else nickname,
                "card": card,
                "sex": "unknown",
                "age": 0,
                "area": "",
                "level": "1",
                "role": "member",
                "title": "",
            },
        }

    def push_group_message(
        self, group: int, user: int, message: str | list[dict[str, Any]], **fields: Any
    ) -> int:
        """Push :meth:`group_message_event` (same arguments); the message's id."""
        event = self.group_message_event(group, user, message, **fields)
        self.push(event)
        return int(event["message_id"])

    def push_group_text(
        self,
        group: int,
        user: int,
        text: str,
        *,
        card: str = "",
        nickname: str | None = None,
        time: int = DEFAULT_TIME,
        message_id: int | None = None,
        as_array: bool = False,
    ) -> int:
        """A plain-text group message (escaped as CQ text, or one text segment); its id."""
        message: str | list[dict[str, Any]] = [text_segment(text)] if as_array else cq_escape(text)
        return self.push_group_message(
            group, user, message, card=card, nickname=nickname, time=time, message_id=message_id
        )

    def push_anonymous(self, group: int, name: str, text: str, *, time: int = DEFAULT_TIME) -> int:
        """An anonymous group message (QQ gives it user 80000000); its id."""
        anonymous = {"id": 2_000_000_001, "name": name, "flag": f"{name}|2000000001"}
        return self.push_group_message(
            group, 80_000_000, cq_escape(text), time=time, anonymous=anonymous, nickname="匿名消息"
        )

    def push_private_text(self, user: int, text: str, *, time: int = DEFAULT_TIME) -> int:
        """A private (friend) message to the bot; its id."""
        message_id = self.next_message_id()
        self.push(
            {
                "time": time,
                "self_id": self.self_id,
                "post_type": "message",
                "message_type": "private",
                "sub_type": "friend",
                "message_id": message_id,
                "user_id": user,
                "message": cq_escape(text),
                "raw_message": cq_escape(text),
                "font": 0,
                "sender": {"user_id": user, "nickname": f"qq{user}", "sex": "unknown", "age": 0},
            }
        )
        return message_id

    def push_recall(
        self,
        group: int,
        user: int,
        message_id: int,
        *,
        operator: int | None = None,
        time: int = DEFAULT_TIME,
    ) -> None:
        """``user``'s message ``message_id`` was withdrawn (by ``operator``, else by them)."""
        self.push(
            {
                "time": time,
                "self_id": self.self_id,
                "post_type": "notice",
                "notice_type": "group_recall",
                "group_id": group,
                "user_id": user,
                "operator_id": user if operator is None else operator,
                "message_id": message_id,
            }
        )

    def heartbeat_event(self, *, time: int = DEFAULT_TIME) -> dict[str, Any]:
        return {
            "time": time,
            "self_id": self.self_id,
            "post_type": "meta_event",
            "meta_event_type": "heartbeat",
            "status": {"online": True, "good": True},
            "interval": 5000,
        }

    def lifecycle_event(self, *, time: int = DEFAULT_TIME) -> dict[str, Any]:
        return {
            "time": time,
            "self_id": self.self_id,
            "post_type": "meta_event",
            "meta_event_type": "lifecycle",
            "sub_type": "connect",
        }

    def push_heartbeat(self, *, time: int = DEFAULT_TIME) -> None:
        self.push(self.heartbeat_event(time=time))

    def push_lifecycle(self, *, time: int = DEFAULT_TIME) -> None:
        self.push(self.lifecycle_event(time=time))

    def fail_next_call(self, *, retcode: int = 1400, wording: str = "请求参数错误") -> None:
        """Answer the next API call ``status: "failed"`` with ``retcode``."""
        self._plans.append(("fail", (retcode, wording)))

    def ignore_next_call(self) -> None:
        """Record the next API call and never answer it."""
        self._plans.append(("ignore", None))

    def push_before_next_answer(self, *events: dict[str, Any]) -> None:
        """When the next API call comes, push ``events`` first, then answer it."""
        self._plans.append(("events", events))

    def drop(self) -> None:
        """Every connection vanishes at once (no closing handshake: the client sees 1006).

        The server goes on listening, so a client can reconnect.
        """
        self._run(self._drop())

    # -- the server's side --------------------------------------------------------

    def _run(self, work: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(WAIT)

    def _check_token(self, connection: ServerConnection, request: Request) -> Response | None:
        if self.token is None:
            return None
        given = _bearer(request.headers)
        if given is None:
            given = parse_qs(urlsplit(request.path).query).get("access_token", [None])[0]
        if given == self.token:
            return None
        self.refusals += 1
        if given is None:
            return connection.respond(HTTPStatus.UNAUTHORIZED, "access token missing\n")
        return connection.respond(HTTPStatus.FORBIDDEN, "access token wrong\n")

    async def _listen(self) -> Server:
        return await serve(self._serve, "127.0.0.1", 0, process_request=self._check_token)

    async def _serve(self, connection: ServerConnection) -> None:
        self.connects += 1
        await connection.send(json.dumps(self.lifecycle_event()))
        self._connections.add(connection)
        try:
            async for frame in connection:
                await self._answer(connection, json.loads(frame))
        except ConnectionClosed:
            pass
        finally:
            self._connections.discard(connection)

    async def _answer(self, connection: ServerConnection, call: dict[str, Any]) -> None:
        self.calls.append(call)
        action, params = call.get("action"), call.get("params") or {}
        if action == "send_group_msg":
            self.sent.append(params)
        planned: tuple[str, Any] = self._plans.popleft() if self._plans else ("answer", None)
        plan, detail = planned
        if plan == "ignore":
            return
        if plan == "events":
            for event in detail:
                await connection.send(json.dumps(event))
        if plan == "fail":
            retcode, wording = detail
            answer = _failed(retcode, wording)
        elif action == "send_group_msg":
            answer = _ok({"message_id": self.next_message_id()})
        elif action == "get_login_info":
            answer = _ok({"user_id": self.self_id, "nickname": "camp"})
        else:
            answer = _failed(1404, "不支持的 API")
        if "echo" in call:
            answer["echo"] = call["echo"]
        await connection.send(json.dumps(answer, ensure_ascii=False))

    async def _broadcast(self, event: dict[str, Any]) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while not self._connections:
            if loop.time() > deadline:
                raise AssertionError("no OneBot client connected to the double")
            await asyncio.sleep(0.01)
        frame = json.dumps(event, ensure_ascii=False)
        for connection in list(self._connections):
            await connection.send(frame)

    async def _drop(self) -> None:
        for connection in list(self._connections):
            connection.transport.abort()
            self._connections.discard(connection)


async def _close(server: Server) -> None:
    server.close()
    await server.wait_closed()


def _bearer(headers: Headers) -> str | None:
    value = headers.get("Authorization")
    if value is None:
        return None
    scheme, _, token = value.partition(" ")
    return token if scheme.lower() == "bearer" else ""


def _ok(data: dict[str, Any]) -> dict[str, Any]:
    return {"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""}


def _failed(retcode: int, wording: str) -> dict[str, Any]:
    return {
        "status": "failed",
        "retcode": retcode,
        "data": None,
        "message": wording,
        "wording": wording,
    }


@pytest.fixture
def onebot_double() -> Iterator[OneBotDouble]:
    """A running :class:`OneBotDouble` without an access token."""
    with OneBotDouble() as double:
        yield double
