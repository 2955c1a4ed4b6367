"""A loopback double of the Telegram Bot API: a real HTTP server on 127.0.0.1.

It speaks the part of the Bot API a camp's bot uses, the way Telegram does:

- ``/bot<token>/getUpdates`` serves the queued updates from ``offset`` (updates below
  it are confirmed and dropped for good; a negative offset keeps only the last ones),
  at most ``limit``, and long-polls up to ``timeout`` seconds when none are queued,
  returning as soon as one is pushed. A second ``getUpdates`` while one is waiting
  ends the first with 409 Conflict. ``allowed_updates`` is recorded, not applied
  (Telegram too serves updates queued before it changed).
- ``sendMessage`` and ``setMessageReaction`` are recorded in :attr:`TelegramDouble.sent`
  (JSON, form-encoded or query-string parameters, JSON-typed fields decoded) and
  answered like Telegram: the new Message, or ``true``; with Telegram's 400 for an
  empty or too long text, a reply to an unknown message without
  ``allow_sending_without_reply``, or a reaction on an unknown message.
- A wrong token gets 401 Unauthorized; a path that is no Bot API method, 404.
- :meth:`TelegramDouble.fail`, :meth:`~TelegramDouble.answer_raw` and
  :meth:`~TelegramDouble.hang` script the next answers of one method.

Use::

    with TelegramDouble(TOKEN) as telegram:
        message_id = telegram.push_text(GROUP, ALICE, "打卡 day 1")
        client = TelegramClient(TOKEN, api_base=telegram.url, poll_seconds=1)
        ...
        assert telegram.sent[0].params["text"] == "..."

or as a fixture: ``telegram = double_fixture()`` at the top of a test module. Clients
must not go through a proxy of the environment: :func:`clear_proxies`.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

TOKEN = "123456789:AAH-double-s3cret_TOKEN-0123456789ab"
#: The group most tests talk in, another group, and members' and bots' users.
GROUP = -1001234567890
OTHER_GROUP = -1009876543210
#: Dates of pushed messages start here (2026-01-01 00:00 UTC) and step by a second,
#: unless a test gives one: no test depends on the machine's clock.
FIRST_DATE = 1_767_225_600
#: The longest a hung answer is held when nobody stops the double.
HANG_LIMIT = 60.0
#: Telegram's limit on a message's text, in UTF-16 code units (close enough here).
TEXT_LIMIT = 4096

#: Parameters the Bot API reads as JSON when they come form-encoded or in the query.
_JSON_FIELDS = frozenset(
    {"allowed_updates", "reply_parameters", "reaction", "reply_markup", "entities"}
)
_INT_FIELDS = frozenset({"offset", "limit", "timeout"})
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")


def user(
    user_id: int,
    first_name: str,
    last_name: str | None = None,
    *,
    username: str | None = None,
    is_bot: bool = False,
) -> dict[str, Any]:
    """A Telegram User object."""
    found: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name is not None:
        found["last_name"] = last_name
    if username is not None:
        found["username"] = username
    return found


ALICE = user(1001, "Alice", "Liu", username="alice_liu")
BOB = user(1002, "小明")
#: A user whose names are blank: the username is the name left to show.
CAROL = {"id": 1003, "is_bot": False, "first_name": "", "username": "carol"}
#: Someone who is no member of any camp.
STRANGER = user(1999, "Random", "Visitor")
OTHER_BOT = user(5000, "Helper Bot", username="helper_bot", is_bot=True)
#: The stand-in ``from`` Telegram puts on an anonymous admin's message.
GROUP_ANONYMOUS_BOT = user(1087968824, "Group", username="GroupAnonymousBot", is_bot=True)


def chat(chat_id: int | str, title: str | None = None) -> dict[str, Any]:
    """A Telegram Chat object: a supergroup for a negative id, else a private chat."""
    if isinstance(chat_id, str) and chat_id.startswith("@"):
        return {"id": -1005550000000, "type": "supergroup", "username": chat_id[1:]}
    number = int(chat_id)
    if number < 0:
        return {"id": number, "type": "supergroup", "title": title or f"Study group {number}"}
    return {"id": number, "type": "private", "first_name": title or f"User {number}"}


@dataclass(frozen=True)
class Call:
    """One request the double answered: the method as the path wrote it, its
    parameters (JSON-typed fields decoded), the body's content type and the verb."""

    method: str
    params: dict[str, Any]
    content_type: str
    verb: str


@dataclass
class _Scripted:
    """A scripted answer to the next request of one method."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    hang: bool = False
    trickle: bool = False


@dataclass
class _State:
    updates: deque[dict[str, Any]] = field(default_factory=deque)
    next_update_id: int = 100_000_001
    next_message_id: int = 1
    next_date: int = FIRST_DATE
    poll_generation: int = 0
    known_messages: set[tuple[int | str, int]] = field(default_factory=set)
    reactions: dict[tuple[int | str, int], list[dict[str, Any]]] = field(default_factory=dict)


class TelegramDouble:
    """The Bot API of one bot (``token``) on ``127.0.0.1``; :attr:`url` is its api_base.

    Started on construction; :meth:`stop` (or leaving the ``with`` block) ends it and
    releases every long poll and hung answer.
    """

    def __init__(self, token: str = TOKEN, *, bot: dict[str, Any] | None = None) -> None:
        self.token = token
        self.bot = bot or user(777000111, "Camp Bot", username="camp_test_bot", is_bot=True)
        #: Every request answered, getUpdates included, in order.
        self.calls: list[Call] = []
        self._state = _State()
        self._scripts: dict[str, deque[_Scripted]] = {}
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # ------------------------------------------------------------------- the API

    @property
    def url(self) -> str:
        """The api_base a client talks to: ``http://127.0.0.1:<port>``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def sent(self) -> list[Call]:
        """The calls that said something in a chat: every method but getUpdates."""
        return [c for c in self.calls if c.method.lower() != "getupdates"]

    @property
    def polls(self) -> list[Call]:
        """The getUpdates calls, in order."""
        return [c for c in self.calls if c.method.lower() == "getupdates"]

    @property
    def pending(self) -> list[dict[str, Any]]:
        """The updates Telegram still holds (not yet confirmed by an offset past them)."""
        with self._changed:
            return list(self._state.updates)

    def reactions_on(self, chat_id: int | str, message_id: int) -> list[dict[str, Any]]:
        """The reaction the bot last set on a message (``[]`` when none)."""
        with self._changed:
            return list(self._state.reactions.get((chat_id, message_id), []))

    def push(self, update: dict[str, Any]) -> int:
        """Queue a raw Update (``update_id`` given one when missing); its update_id."""
        with self._changed:
            update = dict(update)
            if "update_id" not in update:
                update["update_id"] = self._state.next_update_id
            self._state.next_update_id = max(self._state.next_update_id, update["update_id"]) + 1
            for kind in ("message", "edited_message"):
                message = update.get(kind)
                if isinstance(message, dict) and "chat" in message:
                    key = (message["chat"]["id"], message.get("message_id"))
                    self._state.known_messages.add(key)
            self._state.updates.append(update)
            self._changed.notify_all()
            return update["update_id"]

    def message(
        self,
        chat_id: int | str,
        sender: dict[str, Any] | None,
        *,
        date: int | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A new Message object (next message_id and date) without queueing it."""
        with self._changed:
            message_id = self._state.next_message_id
            self._state.next_message_id += 1
            if date is None:
                date = self._state.next_date
                self._state.next_date += 1
        found: dict[str, Any] = {"message_id": message_id}
        if sender is not None:
            found["from"] = sender
        found.update({"chat": chat(chat_id), "date": date})
        found.update(fields)
        return found

    def push_message(self, chat_id: int | str, sender: dict[str, Any] | None, **fields: Any) -> int:
        """Queue a ``message`` update built by :meth:`message`; its message_id."""
        message = self.message(chat_id, sender, **fields)
        self.push({"message": message})
        return message["message_id"]

    def push_text(
        self, chat_id: int | str, sender: dict[str, Any], text: str, *, date: int | None = None
    ) -> int:
        """Queue a text message from ``sender`` in ``chat_id``; its message_id."""
        return self.push_message(chat_id, sender, text=text, date=date)

    def push_caption(
        self,
        chat_id: int | str,
        sender: dict[str, Any],
        caption: str | None,
        *,
        date: int | None = None,
    ) -> int:
        """Queue a photo, with ``caption`` unless it is ``None``; its message_id."""
        photo = [
            {"file_id": "AgACAgIAAx0", "file_unique_id": "AQAD1", "width": 90, "height": 67},
            {"file_id": "AgACAgIAAx1", "file_unique_id": "AQAD2", "width": 1280, "height": 960},
        ]
        fields: dict[str, Any] = {"photo": photo}
        if caption is not None:
            fields["caption"] = caption
        return self.push_message(chat_id, sender, date=date, **fields)

    def push_sticker(
        self, chat_id: int | str, sender: dict[str, Any], *, date: int | None = None
    ) -> int:
        """Queue a sticker; its message_id."""
        sticker = {
            "file_id": "CAACAgIAAxkBAAE",
            "file_unique_id": "AgADxx",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return self.push_message(chat_id, sender, date=date, sticker=sticker)

    def push_edit(
        self,
        chat_id: int | str,
        sender: dict[str, Any],
        message_id: int,
        text: str,
        *,
        date: int = FIRST_DATE,
        edit_date: int | None = None,
    ) -> int:
        """Queue an ``edited_message`` of ``message_id`` (sent at ``date``) now reading
        ``text``, edited at ``edit_date`` (the next date when not given); its update_id."""
        with self._changed:
            if edit_date is None:
                edit_date = self._state.next_date
                self._state.next_date += 1
        edited = {
            "message_id": message_id,
            "from": sender,
            "chat": chat(chat_id),
            "date": date,
            "edit_date": edit_date,
            "text": text,
        }
        return self.push({"edited_message": edited})

    def push_service(
        self, chat_id: int | str, sender: dict[str, Any] = ALICE, kind: str = "new_chat_members"
    ) -> int:
        """Queue a service message (``new_chat_members``, ``left_chat_member``,
        ``pinned_message``, ``new_chat_title``); its message_id."""
        values: dict[str, Any] = {
            "new_chat_members": [sender],
            "left_chat_member": sender,
            "new_chat_title": "Renamed study group",
            "pinned_message": {"message_id": 1, "chat": chat(chat_id), "date": FIRST_DATE},
        }
        return self.push_message(chat_id, sender, **{kind: values.get(kind, True)})

    def push_from_chat(
        self,
        chat_id: int | str,
        title: str,
        text: str,
        *,
        sender_chat_id: int | None = None,
    ) -> int:
        """Queue a message sent on behalf of a chat: an anonymous admin (the group
        itself, the default) or a channel (``sender_chat_id``); its message_id."""
        sender_chat: dict[str, Any] = {
            "id": sender_chat_id if sender_chat_id is not None else int(chat_id),
            "type": "channel" if sender_chat_id is not None else "supergroup",
            "title": title,
        }
        return self.push_message(chat_id, GROUP_ANONYMOUS_BOT, sender_chat=sender_chat, text=text)

    def push_other_update(self, kind: str = "callback_query") -> int:
        """Queue an update that carries no message (a button press ...); its update_id."""
        payload = {"id": "4382bfdwdsb323b2d9", "from": ALICE, "chat_instance": "-87", "data": "x"}
        return self.push({kind: payload})

    def fail(
        self,
        method: str,
        status: int,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with Telegram's error reply."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": status,
            "description": description or _DESCRIPTIONS.get(status, "Error"),
        }
        parameters: dict[str, Any] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        self._script(method, _Scripted(status, json.dumps(body).encode()), times)

    def answer_raw(
        self,
        method: str,
        status: int,
        body: bytes,
        content_type: str = "text/html",
        *,
        times: int = 1,
    ) -> None:
        """Answer the next calls of ``method`` with these bytes (a proxy's error page)."""
        self._script(method, _Scripted(status, body, content_type), times)

    def hang(self, method: str, *, trickle: bool = False, times: int = 1) -> None:
        """Never answer the next calls of ``method`` (until :meth:`stop`): silent, or
        with ``trickle`` a 200 whose body comes one space at a time and never ends."""
        self._script(method, _Scripted(hang=True, trickle=trickle), times)

    def wait_for_sent(self, count: int, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls were sent (for a bot running elsewhere)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.sent) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(self.sent)} of {count} calls sent in time")
                self._changed.wait(left)
            return self.sent

    def stop(self) -> None:
        """End every waiting answer and the server."""
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> TelegramDouble:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------- inside

    def _script(self, method: str, answer: _Scripted, times: int) -> None:
        with self._changed:
            queue = self._scripts.setdefault(method.lower(), deque())
            queue.extend(answer for _ in range(times))

    def _scripted(self, method: str) -> _Scripted | None:
        with self._changed:
            queue = self._scripts.get(method.lower())
            return queue.popleft() if queue else None

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _get_updates(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        offset = _as_int(params.get("offset"), 0)
        limit = min(max(_as_int(params.get("limit"), 100), 1), 100)
        timeout = max(_as_int(params.get("timeout"), 0), 0)
        deadline = time.monotonic() + timeout
        with self._changed:
            self._state.poll_generation += 1
            mine = self._state.poll_generation
            self._changed.notify_all()
            queue = self._state.updates
            if offset < 0:
                while len(queue) > -offset:
                    queue.popleft()
            else:
                while queue and queue[0]["update_id"] < offset:
                    queue.popleft()
            while True:
                if mine != self._state.poll_generation:
                    return 409, _error(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that "
                        "only one bot instance is running",
                    )
                ready = list(queue)[:limit]
                left = deadline - time.monotonic()
                if ready or left <= 0 or self._stopping.is_set():
                    return 200, {"ok": True, "result": ready}
                self._changed.wait(left)

    def _send_message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = _chat_key(params.get("chat_id"))
        if chat_id is None:
            return 400, _error(400, "Bad Request: chat_id is empty")
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            return 400, _error(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > TEXT_LIMIT:
            return 400, _error(400, "Bad Request: message is too long")
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            target = (chat_id, _as_int(reply.get("message_id"), 0))
            with self._changed:
                known = target in self._state.known_messages
            if not known and not reply.get("allow_sending_without_reply"):
                return 400, _error(400, "Bad Request: message to be replied not found")
        message = self.message(chat_id, self.bot, text=text)
        with self._changed:
            self._state.known_messages.add((chat_id, message["message_id"]))
        return 200, {"ok": True, "result": message}

    def _set_reaction(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = _chat_key(params.get("chat_id"))
        if chat_id is None:
            return 400, _error(400, "Bad Request: chat_id is empty")
        target = (chat_id, _as_int(params.get("message_id"), 0))
        reaction = params.get("reaction", [])
        if not isinstance(reaction, list) or not all(
            isinstance(r, dict) and r.get("type") in ("emoji", "custom_emoji", "paid")
            for r in reaction
        ):
            return 400, _error(400, "Bad Request: REACTION_INVALID")
        with self._changed:
            if target not in self._state.known_messages:
                return 400, _error(400, "Bad Request: message to react not found")
            self._state.reactions[target] = reaction
        return 200, {"ok": True, "result": True}

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        name = method.lower()
        if name == "getupdates":
            return self._get_updates(params)
        if name == "sendmessage":
            return self._send_message(params)
        if name == "setmessagereaction":
            return self._set_reaction(params)
        if name == "getme":
            return 200, {"ok": True, "result": self.bot}
        return 404, _error(404, "Not Found")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go in two writes: without this, loopback TCP holds the
            # body back ~40 ms (Nagle and delayed ACK), which no real server adds.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def _serve(self, verb: str) -> None:
                split = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = split.path.split("/")
                if len(parts) != 3 or parts[0] or not parts[1].startswith("bot") or not parts[2]:
                    self._json(404, _error(404, "Not Found"))
                    return
                if parts[1][3:] != double.token:
                    self._json(401, _error(401, "Unauthorized"))
                    return
                method = parts[2]
                content_type = self.headers.get("Content-Type", "").split(";")[0].strip()
                try:
                    params = _parameters(split.query, body, content_type)
                except ValueError:
                    self._json(400, _error(400, "Bad Request: can't parse JSON object"))
                    return
                double._record(Call(method, params, content_type, verb))
                scripted = double._scripted(method)
                if scripted is None:
                    status, answer = double._answer(method, params)
                    self._json(status, answer)
                elif scripted.hang:
                    self._hang(scripted.trickle)
                else:
                    self._bytes(scripted.status, scripted.body, scripted.content_type)

            def _json(self, status: int, data: dict[str, Any]) -> None:
                self._bytes(
                    status, json.dumps(data, ensure_ascii=False).encode(), "application/json"
                )

            def _bytes(self, status: int, body: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as timeout tests intend

            def _hang(self, trickle: bool) -> None:
                deadline = time.monotonic() + HANG_LIMIT
                try:
                    if trickle:
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", "1000000")
                        self.end_headers()
                    while time.monotonic() < deadline and not double._stopping.wait(0.1):
                        if trickle:
                            self.wfile.write(b" ")
                            self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was kicked from the supergroup chat",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running",
    429: "Too Many Requests: retry after 7",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def _error(code: int, description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": code, "description": description}


def _parameters(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    """The call's parameters from the query string and the body, as the Bot API reads
    them: a JSON object, or form fields whose JSON-typed values are JSON text."""
    params: dict[str, Any] = dict(urllib.parse.parse_qsl(query))
    if content_type == "application/json" and body:
        data = json.loads(body.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        params.update(data)
        return params
    if content_type == "application/x-www-form-urlencoded" and body:
        params.update(urllib.parse.parse_qsl(body.decode("utf-8")))
    for name in _JSON_FIELDS & params.keys():
        if isinstance(params[name], str):
            params[name] = json.loads(params[name])
    for name in _INT_FIELDS & params.keys():
        params[name] = _as_int(params[name], 0)
    return params


def _as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _chat_key(value: Any) -> int | str | None:
    """A chat_id as the double keys chats: the number, or the @username's stand-in id."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.startswith("@"):
        return chat(value)["id"]
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def clear_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep httpx off any proxy of the environment, so it reaches 127.0.0.1 itself."""
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def double_fixture(token: str = TOKEN, **options: Any) -> Any:
    """A pytest fixture of a running :class:`TelegramDouble` (proxies cleared), stopped
    after the test: ``telegram = double_fixture()`` in a test module."""

    @pytest.fixture
    def running_double(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramDouble]:
        clear_proxies(monkeypatch)
        with TelegramDouble(token, **options) as double:
            yield double

    return running_double
