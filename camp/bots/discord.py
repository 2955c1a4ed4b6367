"""Discord through its gateway (discord.py): messages of a channel, replies, reactions.

discord.py keeps the gateway session: it identifies with the message-content intent
(privileged: switched on in the Developer Portal, else Discord closes with 4014),
heartbeats, and after a dropped connection *resumes* the session, so Discord replays
every event missed in between. A session that cannot be resumed (Discord invalidated
it, or camp was stopped) starts afresh: the messages of the channels heard since the
last one stored are then read back through the REST history, and what is read twice is
a no-op (messages are idempotent by id and fingerprint). Only when that reading fails
(no Read Message History permission) does the client say :class:`Unheard`.

discord.py has no setting for the server it talks to: ``Route.BASE`` and
``DiscordWebSocket.DEFAULT_GATEWAY`` are class-wide constants. The smallest seam is
this client's own ``HTTPClient``: its ``request`` and ``ws_connect`` are wrapped so a
URL of discord.com (or the gateway) is rewritten to ``api_base`` (and to the gateway
that ``GET /gateway/bot`` names there) — per client, nothing process-wide.

Members' commands are also a slash command, ``/camp`` (``/camp me``, ``/camp board``,
``/camp makeup day:3``, ``/camp leave day:3``, ``/camp help``; named 我的, 排行, 补卡,
请假 and 帮助 for a Chinese Discord), registered once for the application. An
interaction is deferred the moment it comes (Discord wants an answer within 3 s) and
heard as the command it names; its answer edits the deferred response, which only the
member sees. Both calls go through this client's ``HTTPClient`` (discord.py's own
interaction responses use a session of their own that the seam above does not reach).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import discord
from discord.http import Route

from camp.bots.base import (
    BotError,
    ClosesOnExit,
    LiveMessage,
    Notice,
    Reply,
    SeenMessages,
    Unheard,
)

__all__ = [
    "DEFAULT_API_BASE",
    "PLATFORM",
    "DiscordClient",
    "command_text",
    "slash_command",
    "snowflake_after",
]

PLATFORM = "discord"
DEFAULT_API_BASE = "https://discord.com/api/v10"
DEFAULT_GATEWAY = "wss://gateway.discord.gg"
#: Discord's epoch (2015-01-01) in milliseconds: a snowflake's top bits count from it.
DISCORD_EPOCH_MS = 1_420_070_400_000
#: Messages read back a page at a time (Discord's largest page), at most this many pages
#: a channel, so a channel silent for months does not hold the start for minutes.
_HISTORY_PAGE, _HISTORY_PAGES = 100, 50
_SNOWFLAKE = re.compile(r"\d{15,21}")
_CLOSED = object()
#: Message ids remembered to skip the overlap of history and live dispatches.
_SEEN_KEPT = 4096
#: The slash command: each subcommand and the member command it is heard as (a day is
#: added to a request); the names members see in a Chinese Discord.
_SUBCOMMANDS = {
    "me": ("/me", "我的", "Today's status, points, rank, streak and makeups left"),
    "board": ("/board", "排行", "The top 10"),
    "makeup": ("#补卡", "补卡", "Ask for a makeup of a day"),
    "leave": ("#请假", "请假", "Ask for a day off"),
    "help": ("/help", "帮助", "What the bot understands"),
}
#: Interactions deferred and not yet answered, kept at most this long (Discord's
#: token is good for 15 minutes).
_INTERACTION_SECONDS = 14 * 60.0
#: An interaction's answer only its member sees (``EPHEMERAL``).
_EPHEMERAL = 1 << 6


def slash_command() -> dict[str, Any]:
    """The ``/camp`` application command, as Discord's API takes it."""
    options = []
    for name, (_, chinese, description) in _SUBCOMMANDS.items():
        option: dict[str, Any] = {
            "type": 1,
            "name": name,
            "description": description,
            "name_localizations": {"zh-CN": chinese, "zh-TW": chinese},
        }
        if name in ("makeup", "leave"):
            option["options"] = [
                {
                    "type": 4,
                    "name": "day",
                    "description": "The camp's day (1, 2, …)",
                    "required": True,
                    "min_value": 1,
                    "name_localizations": {"zh-CN": "天", "zh-TW": "天"},
                }
            ]
        options.append(option)
    return {
        "type": 1,
        "name": "camp",
        "description": "Your camp: your status, the board, a makeup or a day off",
        "options": options,
    }


def command_text(data: dict[str, Any]) -> str | None:
    """The member command an interaction's ``data`` names (``/me``, ``#补卡 3``), or
    ``None`` for another command."""
    if data.get("name") != "camp":
        return None
    options = [o for o in data.get("options") or [] if isinstance(o, dict)]
    if not options or options[0].get("name") not in _SUBCOMMANDS:
        return "/help"
    sub = options[0]
    text = _SUBCOMMANDS[str(sub["name"])][0]
    if text.startswith("#"):
        days = [o.get("value") for o in sub.get("options") or [] if o.get("name") == "day"]
        text += f" {days[0]}" if days and isinstance(days[0], int) else ""
    return text


def snowflake_after(epoch: float) -> int:
    """The smallest snowflake of a message made at or after ``epoch`` (seconds)."""
    return max(int(epoch * 1000) - DISCORD_EPOCH_MS, 0) << 22


def _intents() -> discord.Intents:
    intents = discord.Intents.none()
    # Guilds for the channels, messages in guilds and in private, and their content:
    # without the privileged message-content intent every content arrives empty.
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = True
    return intents


def live_message(message: discord.Message, *, edit: bool = False) -> LiveMessage | None:
    """The camp's view of a Discord message, or ``None`` for one a camp does not hear: a
    bot's or a webhook's message, a system message (a join, a pin, a boost)."""
    author = message.author
    if author.bot or message.webhook_id is not None:
        return None
    if message.type not in (discord.MessageType.default, discord.MessageType.reply):
        return None
    # Mentions read as @name, as the group sees them (and as exports write them).
    text = message.clean_content
    when = message.edited_at if edit and message.edited_at else message.created_at
    # Only a private channel has no guild; the guild of a channel may just not be cached
    # (camp does not wait for every guild at start).
    private = isinstance(message.channel, discord.DMChannel)
    if private and not text.strip():
        return None
    kind = "edit" if edit else "text" if text.strip() else "other"
    return LiveMessage(
        platform=PLATFORM,
        # A private channel reads as the sender's own id (see intake.is_private).
        chat=str(author.id) if private else str(message.channel.id),
        message_id=str(message.id),
        sender_id=str(author.id),
        sender=author.display_name or author.name,
        epoch=when.timestamp(),
        text=text if kind != "other" else "",
        kind=kind,
    )


class DiscordClient(ClosesOnExit):
    """A Discord bot heard through the gateway.

    ``chats`` are the channel ids whose history is read back after a fresh session;
    ``since`` (an epoch) where that reading starts (``None``: nothing is read back).
    ``api_base`` is Discord's REST API or a local double; ``connect_seconds`` bounds
    logging in and the first READY. Use it as an async context manager.
    """

    #: What was said while the connection was down is replayed (resume or history).
    replays = True

    def __init__(
        self,
        token: str,
        *,
        chats: Sequence[str] = (),
        since: float | None = None,
        api_base: str = DEFAULT_API_BASE,
        token_env: str | None = None,
        connect_seconds: float = 20.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._where = f"in {token_env}" if token_env else "of this bot"
        token = token.strip()
        if not token or any(sign.isspace() for sign in token):
            raise BotError(
                f"the Discord bot token {self._where} is empty or has spaces; copy it from "
                "the Developer Portal (Bot, Reset Token) again",
                retryable=False,
            )
        self._token = token
        self.api_base = api_base.rstrip("/")
        self.chats = [c for c in chats if _SNOWFLAKE.fullmatch(c)]
        self.since = since
        self.connect_seconds = connect_seconds
        #: The time a slash command is heard at (as Slack's: a command is heard as it
        #: comes, by the listeners' clock).
        self.clock = clock
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._client: discord.Client | None = None
        self._runner: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._sessions = 0
        self._gateway: str | None = None
        self._failure: BotError | None = None
        self._seen = SeenMessages(_SEEN_KEPT)
        #: Deferred interactions by id: (application id, token, when deferred).
        self._interactions: dict[str, tuple[int, str, float]] = {}
        self._registering: asyncio.Task[None] | None = None
        # discord.py logs a dropped connection with a traceback at ERROR: it reconnects by
        # itself, and the listeners say what matters in one line.
        logging.getLogger("discord").setLevel(logging.CRITICAL)

    # -------------------------------------------------------------- connecting

    async def __aenter__(self) -> DiscordClient:
        client = discord.Client(
            intents=_intents(),
            max_messages=None,
            chunk_guilds_at_startup=False,
            # READY waits this long for each guild's GUILD_CREATE; camp reads no guild's
            # members or channels, so it need not wait the default 2 s.
            guild_ready_timeout=0.5,
        )
        self._client = client
        self._wrap_http(client)
        self._listen(client)
        try:
            async with asyncio.timeout(self.connect_seconds):
                await client.login(self._token)
                if self.api_base != DEFAULT_API_BASE:
                    _, gateway, _ = await client.http.get_bot_gateway()
                    self._gateway = gateway.rstrip("/")
                self._runner = asyncio.create_task(self._run(client))
                await self._ready.wait()
            if self._failure is not None:
                raise self._failure
        except discord.LoginFailure:
            await self.aclose()
            raise BotError(
                f"the Discord bot token {self._where} is not valid (Discord answered 401); "
                "copy it from the Developer Portal (Bot, Reset Token) again",
                retryable=False,
            ) from None
        except TimeoutError:
            failure = self._failure
            await self.aclose()
            raise failure or BotError(
                f"Discord at {self._host()} did not let the bot in within "
                f"{self.connect_seconds:g} s",
                retryable=True,
            ) from None
        except (discord.HTTPException, discord.GatewayNotFound, OSError) as error:
            await self.aclose()
            raise BotError(
                f"could not reach Discord at {self._host()} ({_said(error)})", retryable=True
            ) from None
        except BotError:
            await self.aclose()
            raise
        except Exception as error:  # a server that answers like no Discord
            await self.aclose()
            raise BotError(
                f"the server at {self._host()} did not answer like Discord ({_said(error)}); "
                "check the bot's api_base",
                retryable=True,
            ) from None
        return self

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.close()
        registering, self._registering = self._registering, None
        if registering is not None and not registering.done():
            registering.cancel()
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.cancel()
            with contextlib.suppress(BaseException):
                await runner
        self._queue.put_nowait(_CLOSED)

    async def _run(self, client: discord.Client) -> None:
        """discord.py's own loop (it resumes by itself); its end is the client's end."""
        try:
            await client.connect(reconnect=True)
            failure = BotError(f"Discord at {self._host()} closed the gateway", retryable=True)
        except discord.PrivilegedIntentsRequired:
            failure = BotError(
                "Discord refused the message-content intent (close code 4014); switch on "
                "Message Content Intent under Bot in the Developer Portal",
                retryable=False,
            )
        except discord.ConnectionClosed as error:
            failure = BotError(
                f"Discord closed the gateway with code {error.code}",
                retryable=error.code not in (4004, 4010, 4011, 4012, 4013),
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:
            failure = BotError(f"the Discord gateway failed ({_said(error)})", retryable=True)
        self._failure = failure
        self._ready.set()  # the start waits for READY or this
        self._queue.put_nowait(failure)

    def _wrap_http(self, client: discord.Client) -> None:
        """Point this client's requests and gateway at ``api_base`` (the module's
        docstring says why this is the seam)."""
        http = client.http
        request, ws_connect = http.request, http.ws_connect
        base = self.api_base

        async def request_here(route: Route, **kwargs: Any) -> Any:
            if route.url.startswith(Route.BASE):
                route.url = base + route.url[len(Route.BASE) :]
            return await request(route, **kwargs)

        async def ws_connect_here(url: str, *, compress: int = 0) -> Any:
            if self._gateway is not None and url.startswith(DEFAULT_GATEWAY):
                url = self._gateway + url[len(DEFAULT_GATEWAY) :]
            return await ws_connect(url, compress=compress)

        http.request = request_here  # type: ignore[method-assign]
        http.ws_connect = ws_connect_here  # type: ignore[method-assign]

    def _listen(self, client: discord.Client) -> None:
        queue = self._queue

        async def on_ready() -> None:
            self._sessions += 1
            self._ready.set()
            if self._registering is None:
                self._registering = asyncio.create_task(self._register(client))
            # A fresh session (the first, or one after Discord invalidated the last):
            # what was said before it is read back from the channels' history.
            queue.put_nowait(("session", self._sessions))

        async def on_message(message: discord.Message) -> None:
            heard = live_message(message)
            if heard is not None:
                queue.put_nowait(heard)

        async def on_raw_message_edit(payload: discord.RawMessageUpdateEvent) -> None:
            message = payload.message
            if "content" in payload.data and message is not None:
                heard = live_message(message, edit=True)
                if heard is not None and message.edited_at is not None:
                    queue.put_nowait(heard)

        async def on_raw_message_delete(payload: discord.RawMessageDeleteEvent) -> None:
            queue.put_nowait(
                LiveMessage(
                    platform=PLATFORM,
                    chat=str(payload.channel_id),
                    message_id=str(payload.message_id),
                    sender_id=None,
                    sender="",
                    epoch=discord.utils.snowflake_time(payload.message_id).timestamp(),
                    text="",
                    kind="recalled",
                )
            )

        async def on_interaction(interaction: discord.Interaction) -> None:
            heard = await self._interaction_heard(interaction)
            if heard is not None:
                queue.put_nowait(heard)

        for handler in (
            on_ready,
            on_message,
            on_raw_message_edit,
            on_raw_message_delete,
            on_interaction,
        ):
            client.event(handler)

    async def _register(self, client: discord.Client) -> None:
        """Register ``/camp`` for the application unless it is there as it should be; a
        bot that may not (or a Discord that will not) keeps its keyword commands."""
        application = client.application_id
        if application is None:
            return
        wanted = slash_command()
        names = [option["name"] for option in wanted["options"]]
        try:
            async with asyncio.timeout(self.connect_seconds):
                existing: list[dict[str, Any]] = list(
                    await client.http.get_global_commands(application)  # type: ignore[arg-type]
                )
                same = [
                    c
                    for c in existing
                    if c.get("name") == "camp"
                    and [o.get("name") for o in c.get("options") or []] == names
                ]
                if not same:
                    await client.http.upsert_global_command(application, wanted)  # type: ignore[arg-type]
        except (discord.HTTPException, OSError, TimeoutError) as error:
            reason = (
                "it did not answer in time" if isinstance(error, TimeoutError) else _said(error)
            )
            self._queue.put_nowait(
                Notice(
                    f"Discord did not register the /camp command ({reason}); members' "
                    "keyword commands (#打卡, #我的 …) still work. Invite the bot with the "
                    "applications.commands scope to have /camp."
                )
            )

    async def _interaction_heard(self, interaction: discord.Interaction) -> LiveMessage | None:
        """The member command of a ``/camp`` interaction, deferred at once; ``None`` for
        another interaction."""
        if interaction.type != discord.InteractionType.application_command:
            return None
        text = command_text(dict(interaction.data or {}))
        client = self._client
        if text is None or client is None:
            return None
        key = str(interaction.id)
        route = Route(
            "POST",
            "/interactions/{interaction_id}/{interaction_token}/callback",
            interaction_id=interaction.id,
            interaction_token=interaction.token,
        )
        try:
            await client.http.request(route, json={"type": 5, "data": {"flags": _EPHEMERAL}})
        except (discord.HTTPException, OSError):
            return None  # not deferred in time: Discord tells the member it failed
        now = time.monotonic()
        for old in [k for k, v in self._interactions.items() if now - v[2] > _INTERACTION_SECONDS]:
            del self._interactions[old]
        self._interactions[key] = (interaction.application_id, interaction.token, now)
        user = interaction.user
        private = interaction.guild_id is None
        return LiveMessage(
            platform=PLATFORM,
            chat=str(user.id) if private else str(interaction.channel_id),
            message_id=f"command:{key}",
            sender_id=str(user.id),
            sender=user.display_name or user.name,
            epoch=self.clock(),
            text=text,
        )

    # -------------------------------------------------------------- hearing

    async def messages(self) -> AsyncIterator[LiveMessage | Unheard | Notice]:
        """What the channels say, in order; after each fresh session first what they said
        since the last message heard. Ends with a retryable :class:`BotError` when the
        gateway gives up; leaving the context ends it quietly."""
        while True:
            item = await self._queue.get()
            if item is _CLOSED:
                return
            if isinstance(item, BotError):
                raise item
            if isinstance(item, tuple):
                async for old in self._history():
                    yield old
                continue
            if isinstance(item, Notice) or (isinstance(item, LiveMessage) and self._fresh(item)):
                yield item

    async def _history(self) -> AsyncIterator[LiveMessage | Unheard]:
        """The channels' messages since :attr:`since`, oldest first."""
        client = self._client
        if self.since is None or client is None:
            return
        after = discord.Object(id=snowflake_after(self.since))
        for chat in self.chats:
            channel = client.get_partial_messageable(int(chat))
            found: list[LiveMessage] = []
            try:
                async for message in channel.history(
                    limit=_HISTORY_PAGE * _HISTORY_PAGES, after=after, oldest_first=True
                ):
                    heard = live_message(message)
                    if heard is not None:
                        found.append(heard)
            except (discord.HTTPException, OSError, TimeoutError) as error:
                yield Unheard(
                    until=discord.utils.utcnow().timestamp(),
                    reason=f"Discord did not give channel {chat}'s history ({_said(error)}); "
                    "give the bot Read Message History there",
                )
                continue
            for heard in found:
                if self._fresh(heard):
                    yield heard

    def _fresh(self, message: LiveMessage) -> bool:
        """Whether ``message`` is new to this client: the history read after a fresh
        session and the live dispatches overlap (storing it twice would be a no-op, but
        it need not be judged twice)."""
        if message.kind != "text":
            return True
        if not self._seen.first_time(message.message_id):
            return False
        if not message.message_id.startswith("command:"):
            self.since = max(self.since or 0.0, message.epoch)
        return True

    # -------------------------------------------------------------- answering

    async def send(self, reply: Reply) -> str | None:
        """Say ``reply`` in its channel (mentioning nobody), as a reply to ``reply_to``;
        or put ``reaction`` on that message. Discord's 429s are waited out by discord.py."""
        client = self._client
        if client is None:
            raise BotError("the Discord client is not connected", retryable=True)
        if reply.reply_to is not None and reply.reply_to.startswith("command:"):
            deferred = self._interactions.pop(reply.reply_to.removeprefix("command:"), None)
            if reply.reaction is not None:
                return None
            if deferred is not None:
                return await self._answer_interaction(client, deferred, reply.text)
            # Deferred by another run, or too long ago: said in the channel instead.
            reply = Reply(reply.chat, reply.text, brief=reply.brief)
        try:
            channel = client.get_partial_messageable(int(reply.chat))
        except ValueError:
            raise BotError(f"{reply.chat!r} is not a Discord channel id", retryable=False) from None
        try:
            if reply.reaction is not None:
                if reply.reply_to is None:
                    return None
                await channel.get_partial_message(int(reply.reply_to)).add_reaction(reply.reaction)
                return None
            reference = None
            if reply.reply_to is not None:
                reference = discord.MessageReference(
                    message_id=int(reply.reply_to),
                    channel_id=int(reply.chat),
                    fail_if_not_exists=False,
                )
            sent = await channel.send(
                reply.text[:2000],
                reference=reference,  # type: ignore[arg-type]
                allowed_mentions=discord.AllowedMentions.none(),
            )
            return str(sent.id)
        except discord.Forbidden as error:
            raise BotError(
                f"Discord refused the bot's answer in channel {reply.chat} ({_said(error)}); "
                "give it Send Messages and Add Reactions there",
                retryable=False,
            ) from None
        except discord.HTTPException as error:
            raise BotError(
                f"Discord did not take the bot's answer ({_said(error)})",
                retryable=error.status >= 500 or error.status == 429,
            ) from None
        except (OSError, TimeoutError) as error:
            raise BotError(
                f"could not reach Discord at {self._host()} ({_said(error)})", retryable=True
            ) from None

    async def _answer_interaction(
        self, client: discord.Client, deferred: tuple[int, str, float], text: str
    ) -> str | None:
        application, token, _ = deferred
        route = Route(
            "PATCH",
            "/webhooks/{application_id}/{interaction_token}/messages/@original",
            application_id=application,
            interaction_token=token,
        )
        try:
            sent = await client.http.request(
                route, json={"content": text[:2000], "allowed_mentions": {"parse": []}}
            )
        except discord.HTTPException as error:
            raise BotError(
                f"Discord did not take the answer to a /camp command ({_said(error)})",
                retryable=error.status >= 500 or error.status == 429,
            ) from None
        except (OSError, TimeoutError) as error:
            raise BotError(
                f"could not reach Discord at {self._host()} ({_said(error)})", retryable=True
            ) from None
        return str(sent.get("id") or "") or None if isinstance(sent, dict) else None

    def _host(self) -> str:
        return self.api_base.split("//", 1)[-1].split("/", 1)[0]


def _said(error: BaseException) -> str:
    text = " ".join(str(error).split())[:200]
    return text or type(error).__name__
