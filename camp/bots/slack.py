"""Slack through Socket Mode (slack_sdk): a channel's messages, replies, reactions.

slack_sdk's Socket Mode client asks ``apps.connections.open`` (with the app-level
token) for a WebSocket URL, keeps the connection (pings, Slack's ``disconnect``
envelopes, a new URL after a drop) and hands over each envelope. An envelope is
acknowledged only after the message it carries is stored: :meth:`SlackClient.messages`
yields the message and acknowledges once the caller asks for the next one, so an
envelope lost in a crash or a drop is delivered again by Slack (its retries), and the
second delivery is a no-op. After each new connection the channel's history since the
last message heard is read back (``conversations.history``), so a stretch without any
connection (camp stopped, the network down longer than Slack retries) is caught up too.

Both Slack clients take ``base_url``: a local double needs no seam.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from camp.bots.base import BotError, ClosesOnExit, LiveMessage, Reply, SeenMessages, Unheard

__all__ = ["DEFAULT_API_BASE", "PLATFORM", "SlackClient", "plain_text"]

PLATFORM = "slack"
DEFAULT_API_BASE = "https://slack.com/api"
#: camp's reactions (Unicode, as intake picks them) by their Slack names.
_REACTION_NAMES = {"🔥": "fire", "👌": "ok_hand", "👀": "eyes", "🤔": "thinking_face"}
#: Subcommands of the one slash command (``/camp me``) and the member command each is.
_SLASH = {"me": "/me", "board": "/board", "top": "/board", "help": "/help", "": "/help"}
_HISTORY_PAGE, _HISTORY_PAGES = 200, 25
_REFERENCE = re.compile(r"<([^<>]*)>")
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{6,}")
_CLOSED = object()
_SEEN_KEPT = 4096


def plain_text(text: str, names: dict[str, str] | None = None) -> str:
    """A Slack message's text as the channel reads it: ``<@U…>`` as ``@name``,
    ``<!here>`` as ``@here``, ``<url|label>`` as its label, ``&amp;`` ``&lt;`` ``&gt;``
    as the signs they stand for."""
    names = names or {}

    def readable(match: re.Match[str]) -> str:
        inside = match.group(1)
        target, _, label = inside.partition("|")
        if target.startswith("@"):
            return "@" + (label or names.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            word = target[1:].split("^", 1)[0]
            return "@" + (label or word)
        return label or target

    text = _REFERENCE.sub(readable, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Text that Slack shows as written: no mention, link or channel call in it works."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _SocketMode(SocketModeClient):
    """slack_sdk's client, telling each new connection (to read the history back)."""

    sessions: asyncio.Queue[Any]

    async def connect(self) -> None:
        await super().connect()
        if self.current_session is not None and not self.closed:
            self.sessions.put_nowait(("session", None))


class SlackClient(ClosesOnExit):
    """A Slack app heard through Socket Mode.

    ``token`` is the bot token (``xoxb-``: replies, reactions, history, users' names),
    ``app_token`` the app-level token (``xapp-``: Socket Mode). ``chats`` are the
    channels whose history is read back, from ``since`` (an epoch; ``None``: not).
    """

    replays = True

    def __init__(
        self,
        token: str,
        app_token: str,
        *,
        chats: Sequence[str] = (),
        since: float | None = None,
        api_base: str = DEFAULT_API_BASE,
        token_env: str | None = None,
        answer_seconds: float = 10.0,
        ping_seconds: float = 5.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        for value, prefix, what in ((token, "xoxb-", "bot"), (app_token, "xapp-", "app-level")):
            if not value.strip() or any(c.isspace() for c in value.strip()):
                raise BotError(
                    f"the Slack {what} token is empty or has spaces; copy it ({prefix}…) "
                    "from the app's settings again",
                    retryable=False,
                )
        self._where = f"in {token_env}" if token_env else "of this bot"
        self.api_base = api_base.rstrip("/")
        self.chats = [c for c in chats if _CHANNEL_ID.fullmatch(c)]
        self.since = since
        self.ping_seconds = ping_seconds
        #: The time a slash command is heard at (it carries none of its own).
        self.clock = clock
        self.answer_seconds = answer_seconds
        self._token, self._app_token = token.strip(), app_token.strip()
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._web: AsyncWebClient | None = None
        self._socket: _SocketMode | None = None
        self._names: dict[str, str] = {}
        self._self_id: str | None = None
        self._seen = SeenMessages(_SEEN_KEPT)
        # slack_sdk logs every failed reconnect with a traceback; the listeners say it.
        logging.getLogger("slack_sdk").setLevel(logging.CRITICAL)

    async def __aenter__(self) -> SlackClient:
        web = AsyncWebClient(
            token=self._token,
            base_url=self.api_base + "/",
            timeout=int(max(self.answer_seconds, 1)),
            retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
        )
        self._web = web
        try:
            async with asyncio.timeout(self.answer_seconds):
                me = await web.auth_test()
                self._self_id = str(me.get("user_id") or "") or None
                # The app-level token is checked here, once: slack_sdk would retry a
                # wrong one forever.
                await web.apps_connections_open(app_token=self._app_token)
            socket = _SocketMode(
                app_token=self._app_token,
                web_client=web,
                ping_interval=self.ping_seconds,
                # No proxy of the environment: a local double is on 127.0.0.1.
                proxy="",
            )
            socket.sessions = self._queue
            socket.socket_mode_request_listeners.append(self._on_request)
            self._socket = socket
            async with asyncio.timeout(self.answer_seconds):
                await socket.connect()
        except SlackApiError as error:
            await self.aclose()
            raise self._api_error("connecting", error) from None
        except TimeoutError:
            await self.aclose()
            raise BotError(
                f"Slack at {self._host()} did not answer within {self.answer_seconds:g} s",
                retryable=True,
            ) from None
        except Exception as error:  # the network, or a server that is no Slack
            await self.aclose()
            raise BotError(
                f"could not reach Slack at {self._host()} ({_said(error)}); check the bot's "
                "api_base",
                retryable=True,
            ) from None
        return self

    async def aclose(self) -> None:
        socket, self._socket = self._socket, None
        if socket is not None:
            with contextlib.suppress(Exception):
                await socket.close()
        self._queue.put_nowait(_CLOSED)

    async def _on_request(self, client: Any, request: SocketModeRequest) -> None:
        self._queue.put_nowait(request)

    # ------------------------------------------------------------------ hearing

    async def messages(self) -> AsyncIterator[LiveMessage | Unheard]:
        """The channels' messages (and ``/camp`` commands) in order; after each new
        connection first what was said since the last one heard. Each envelope is
        acknowledged when the caller asks for the next message."""
        while True:
            item = await self._queue.get()
            if item is _CLOSED:
                return
            if isinstance(item, tuple):
                async for old in self._history():
                    yield old
                continue
            if not isinstance(item, SocketModeRequest):
                continue
            try:
                heard = await self._message_of(item)
            except Exception:  # an envelope too odd to read is acknowledged and left
                heard = None
            if heard is not None and self._fresh(heard):
                yield heard
            await self._ack(item)

    async def _ack(self, request: SocketModeRequest) -> None:
        socket = self._socket
        if socket is None:
            return
        with contextlib.suppress(Exception):  # not acknowledged: Slack sends it again
            await socket.send_socket_mode_response(
                SocketModeResponse(envelope_id=request.envelope_id)
            )

    async def _message_of(self, request: SocketModeRequest) -> LiveMessage | None:
        payload = request.payload if isinstance(request.payload, dict) else {}
        if request.type == "slash_commands":
            return await self._command(request.envelope_id, payload)
        if request.type != "events_api":
            return None
        event = payload.get("event")
        if not isinstance(event, dict) or event.get("type") != "message":
            return None
        return await self._event_message(event)

    async def _event_message(self, event: dict[str, Any]) -> LiveMessage | None:
        subtype = event.get("subtype")
        channel = str(event.get("channel") or "")
        if subtype == "message_deleted":
            deleted = str(event.get("deleted_ts") or "")
            return LiveMessage(
                PLATFORM, channel, deleted, None, "", _epoch(deleted), "", "recalled"
            )
        kind = "text"
        if subtype == "message_changed":
            event = {**event.get("message", {}), "channel": channel}
            kind = "edit"
        elif subtype not in (None, "file_share", "thread_broadcast"):
            return None  # a join, a topic, a bot's message ...
        user = event.get("user")
        if not isinstance(user, str) or event.get("bot_id") or user == self._self_id:
            return None
        ts = str(event.get("ts") or "")
        if not ts:
            return None
        epoch = _epoch(ts)
        if kind == "edit":
            edited = event.get("edited")
            if isinstance(edited, dict) and edited.get("ts"):
                epoch = _epoch(str(edited["ts"]))
        text = await self._readable(str(event.get("text") or ""))
        if kind == "text" and not text.strip():
            kind, text = "other", ""
        private = event.get("channel_type") == "im"
        return LiveMessage(
            platform=PLATFORM,
            chat=user if private else channel,
            message_id=ts,
            sender_id=user,
            sender=await self._name(user),
            epoch=epoch,
            text=text,
            kind=kind,
        )

    async def _command(self, envelope: str, payload: dict[str, Any]) -> LiveMessage | None:
        """``/camp me``, ``/camp board``, ``/camp 补卡 3``: the member command it names."""
        user, channel = payload.get("user_id"), payload.get("channel_id")
        if not isinstance(user, str) or not isinstance(channel, str):
            return None
        words = str(payload.get("text") or "").strip()
        head = words.split(" ", 1)[0]
        text = _SLASH.get(head.lower()) or ("#" + words.lstrip("#＃"))
        private = channel.startswith("D")
        return LiveMessage(
            platform=PLATFORM,
            chat=user if private else channel,
            message_id=f"command:{envelope}",
            sender_id=user,
            sender=await self._name(user),
            # A command carries no time of its own: it is heard as it comes.
            epoch=self.clock(),
            text=text,
            kind="text",
        )

    async def _readable(self, text: str) -> str:
        for user in re.findall(r"<@([UW][A-Z0-9]+)", text):
            await self._name(user)
        return plain_text(text, self._names)

    async def _name(self, user: str) -> str:
        """A member's display name (asked of Slack once, then kept)."""
        if user in self._names:
            return self._names[user]
        name = user
        web = self._web
        if web is not None:
            try:
                async with asyncio.timeout(self.answer_seconds):
                    found = await web.users_info(user=user)
                info = found.get("user") or {}
                profile = info.get("profile") or {}
                name = (
                    profile.get("display_name")
                    or profile.get("real_name")
                    or info.get("real_name")
                    or info.get("name")
                    or user
                )
            except Exception:  # the id is enough to link a known member
                pass
        self._names[user] = " ".join(str(name).split()) or user
        return self._names[user]

    async def _history(self) -> AsyncIterator[LiveMessage | Unheard]:
        web = self._web
        if self.since is None or web is None:
            return
        for chat in self.chats:
            found: list[dict[str, Any]] = []
            cursor: str | None = None
            try:
                for _ in range(_HISTORY_PAGES):
                    async with asyncio.timeout(self.answer_seconds):
                        page = await web.conversations_history(
                            channel=chat,
                            oldest=f"{self.since:.6f}",
                            limit=_HISTORY_PAGE,
                            cursor=cursor,
                        )
                    found += [m for m in page.get("messages") or [] if isinstance(m, dict)]
                    cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
                    if not page.get("has_more") or not cursor:
                        break
            except (SlackApiError, TimeoutError, OSError, ValueError) as error:
                yield Unheard(
                    until=self.clock(),
                    reason=f"Slack did not give channel {chat}'s history ({_said(error)}); "
                    "give the app the channels:history scope",
                )
                continue
            for event in sorted(found, key=lambda m: _epoch(str(m.get("ts") or "0"))):
                heard = await self._event_message({**event, "channel": chat})
                if heard is not None and self._fresh(heard):
                    yield heard

    def _fresh(self, message: LiveMessage) -> bool:
        if message.kind != "text":
            return True
        if not self._seen.first_time(message.message_id):
            return False
        if not message.message_id.startswith("command:"):
            self.since = max(self.since or 0.0, message.epoch)
        return True

    # ------------------------------------------------------------------ answering

    async def send(self, reply: Reply) -> str | None:
        """Say ``reply`` in its channel (in the thread of ``reply_to``), escaped so it
        mentions nobody; or put ``reaction`` on ``reply_to``."""
        web = self._web
        if web is None:
            raise BotError("the Slack client is not connected", retryable=True)
        thread = (
            reply.reply_to if reply.reply_to and not reply.reply_to.startswith("command:") else None
        )
        try:
            async with asyncio.timeout(self.answer_seconds * 3):
                if reply.reaction is not None:
                    if thread is None:
                        return None
                    name = _REACTION_NAMES.get(reply.reaction, "white_check_mark")
                    await web.reactions_add(channel=reply.chat, timestamp=thread, name=name)
                    return None
                answer = await web.chat_postMessage(
                    channel=reply.chat,
                    text=escape(reply.text),
                    thread_ts=thread,
                    unfurl_links=False,
                    unfurl_media=False,
                )
        except SlackApiError as error:
            if error.response.get("error") == "already_reacted":
                return None
            raise self._api_error("answering", error) from None
        except TimeoutError:
            raise BotError("Slack did not take the bot's answer in time", retryable=True) from None
        except Exception as error:
            raise BotError(
                f"could not reach Slack at {self._host()} ({_said(error)})", retryable=True
            ) from None
        return str(answer.get("ts") or "") or None

    def _api_error(self, doing: str, error: SlackApiError) -> BotError:
        code = str(error.response.get("error") or "unknown error")
        if code in ("invalid_auth", "not_authed", "account_inactive", "token_revoked"):
            return BotError(
                f"Slack refused the app's tokens ({code}) while {doing}: check the bot token "
                f"{self._where} (xoxb-…) and the app-level token (xapp-…, connections:write)",
                retryable=False,
            )
        if code in ("not_in_channel", "channel_not_found", "missing_scope"):
            return BotError(
                f"Slack refused the bot ({code}) while {doing}: invite it to the channel and "
                "give it chat:write, reactions:write, channels:history and users:read",
                retryable=False,
            )
        if code == "ratelimited":
            after = error.response.headers.get("Retry-After") if error.response.headers else None
            wait = float(after) if after and str(after).isdigit() else None
            return BotError(
                f"Slack's rate limit was hit while {doing}", retryable=True, retry_after=wait
            )
        return BotError(f"Slack answered {code} while {doing}", retryable=True)

    def _host(self) -> str:
        return self.api_base.split("//", 1)[-1].split("/", 1)[0]


def _epoch(ts: str) -> float:
    try:
        return float(ts)
    except ValueError:
        return 0.0


def _said(error: BaseException) -> str:
    text = " ".join(str(error).split())[:200]
    return text or type(error).__name__
