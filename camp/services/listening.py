"""Listening: every bot of every active camp, heard, judged and answered at once.

One connection per bot (a Telegram token, a OneBot WebSocket) even when several camps
share it: messages are routed to camps by chat id. Each connection is an asyncio task
on the listeners' own thread, with a thread of its own for the database, so a slow
platform or a busy database never holds up the scheduler.

Nothing is lost or counted twice: Telegram's update offset is stored in the same
transaction as the messages it covers (a crash reads them again, and their fingerprints
make the second reading a no-op); OneBot cannot replay what was said while the
connection was down, so the stretch is recorded in ``bot_gaps`` and said in the log —
importing the chat's export fills it. Replies go after the commit, paced per chat
(Telegram allows a bot about 20 messages a minute in a group); when several wait, they
go as one message.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pendulum

from camp.bots.base import BotError, LiveMessage, Notice, Reply, Unheard
from camp.clock import from_utc_text, utc_text
from camp.db import Database, write_transaction
from camp.models import Bot, Camp
from camp.services.background import BackgroundLoop
from camp.services.camps import get_camp_by_id
from camp.services.intake import Heard, HearingCache, hear, hear_private, is_private, reply_for

__all__ = ["Connection", "Listeners", "Route", "bot_connections"]

T = TypeVar("T")
#: Telegram: about 20 messages a minute from a bot in one group; with the first few
#: at once (``_Replies.BURST``), no 60 s holds more than 20.
REPLY_SPACING = 3.5
#: Each platform's pace of a bot's messages in one chat, in seconds between messages
#: after the first few: Discord allows 5 per 5 s in a channel (and discord.py waits out
#: its 429s), Slack about 1 a second (chat.postMessage), Feishu 5 a second to a group,
#: DingTalk 20 a minute through a message's session webhook.
REPLY_SPACINGS = {
    "telegram": REPLY_SPACING,
    "onebot": REPLY_SPACING,
    "discord": 1.0,
    "slack": 1.1,
    "feishu": 0.25,
    "dingtalk": 3.1,
}
#: A reply the platform asked to hold back is tried this often before it is given up.
_REPLY_TRIES = 3
#: Acks waiting together go as one message of at most this many UTF-16 units
#: (Telegram takes 4,096).
_MERGE_CHARACTERS = 4000
#: ... where the platform takes less: Discord's 2,000 characters a message.
_MERGE_LIMITS = {"discord": 1900}
#: How each platform is named in the log.
PLATFORM_NAMES = {
    "telegram": "Telegram",
    "onebot": "OneBot",
    "discord": "Discord",
    "slack": "Slack",
    "feishu": "Feishu",
    "dingtalk": "DingTalk",
}
_BACKOFF_FIRST, _BACKOFF_CAP = 1.0, 300.0
#: What the log says of a stretch a platform that cannot replay may have missed.
_GAP_ADVICE = {
    "onebot": "were not heard (the platform cannot replay them): import the chat's export "
    "to fill the gap",
    # DingTalk pushes again what was not acknowledged, for a while; it has no export.
    "dingtalk": "may not have been heard (DingTalk keeps what it could not push only for a "
    "while, and a robot cannot read a group's history): add a check-in it missed with "
    "camp checkin",
}


@dataclass(frozen=True)
class Route:
    """A camp that listens with a bot, to one chat."""

    camp_id: int
    slug: str
    bot: Bot


@dataclass
class Connection:
    """One bot connection and the camps it serves."""

    key: str
    kind: str
    token: str | None
    token_env: str | None
    address: str | None  # the platform's api_base, OneBot's url
    routes: list[Route] = field(default_factory=list)
    #: Slack's app-level token (the bot token is ``token``).
    secret: str | None = None
    #: Feishu's and DingTalk's app id (their app secret is ``token``).
    app_id: str | None = None

    def signature(self) -> tuple:
        return tuple(sorted((r.camp_id, r.bot.chat, r.bot.reply) for r in self.routes))


def _digest(*parts: str | None) -> str:
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:16]


def bot_connections(
    db: Database, env: Mapping[str, str] | None = None, *, slug: str | None = None
) -> tuple[dict[str, Connection], list[str]]:
    """The connections the active camps' bots need, and one sentence per bot that cannot
    connect (its token variable is not set)."""
    from camp.bots.config import api_base_of, bot_secret_vars, missing_bot_env

    env = os.environ if env is None else env
    connections: dict[str, Connection] = {}
    problems: list[str] = []
    rows = db.execute(
        "SELECT id FROM camps WHERE status = 'active' AND (? IS NULL OR slug = ?) ORDER BY slug",
        [slug, slug],
    ).fetchall()
    for (camp_id,) in rows:
        camp = get_camp_by_id(db, camp_id)
        missing = missing_bot_env(camp.definition.bots, env)
        problems += [f"camp {camp.slug}, {problem}" for problem in missing]
        for bot in camp.definition.bots:
            secrets = {key: env.get(name, "").strip() for key, name in bot_secret_vars(bot)}
            if not all(secrets.values()):
                continue
            token = secrets.get("token_env") or secrets.get("secret_env")
            secret = secrets.get("app_token_env")
            address = bot.url if bot.type == "onebot" else api_base_of(bot)
            # One connection per account: a Telegram or Discord token, a Slack app,
            # a Feishu or DingTalk app, a OneBot WebSocket.
            # (Telegram's and OneBot's keys stay as they were: their cursors are stored.)
            extra = [part for part in (secret, bot.app_id) if part]
            key = f"{bot.type}:{_digest(address, token, *extra)}"
            connection = connections.setdefault(
                key,
                Connection(
                    key,
                    bot.type,
                    token,
                    bot.token_env or bot.secret_env,
                    address,
                    secret=secret,
                    app_id=bot.app_id,
                ),
            )
            connection.routes.append(Route(camp.id, camp.slug, bot))
    return connections, problems


class Listeners(BackgroundLoop):
    """Every bot connection, on a thread of its own (see the module docstring and
    :mod:`camp.services.background`); the camps' bots are looked at again every
    ``rescan_seconds``, so a camp that gains, loses or changes a bot is followed."""

    name = "camp-listeners"

    def __init__(
        self,
        db_path: str | Path | None,
        *,
        clock: Callable[[], pendulum.DateTime],
        log: Callable[[str], None],
        env: Mapping[str, str] | None = None,
        slug: str | None = None,
        rescan_seconds: float = 30.0,
        reply_spacing: float | None = None,
        poll_seconds: int = 25,
    ) -> None:
        super().__init__(db_path, every=rescan_seconds, log=log)
        self.clock = clock
        self.env = env
        self.slug = slug
        self.reply_spacing = reply_spacing
        self.poll_seconds = poll_seconds
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._connections: dict[str, Connection] = {}
        self._said_problems: set[str] = set()
        self._cache = HearingCache()

    async def round(self) -> None:
        try:
            await self._refresh()
        except Exception as exc:  # the next look retries
            self.say(f"could not read the camps' bots: {exc}")

    async def settle(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._connections.clear()

    async def _refresh(self) -> None:
        """Start the connections the camps need now; stop those no camp needs."""
        assert self.db is not None
        db = self.db
        wanted, problems = await self.run_db(lambda: bot_connections(db, self.env, slug=self.slug))
        for problem in problems:
            if problem not in self._said_problems:
                self._said_problems.add(problem)
                self.say(f"warning: {problem}; that bot does not listen until then")
        for key in list(self._tasks):
            if key not in wanted or self._tasks[key].done():
                self._tasks.pop(key).cancel()
                self._connections.pop(key, None)
        for key, connection in wanted.items():
            current = self._connections.get(key)
            if current is not None:
                current.routes[:] = connection.routes  # the task reads them as they are
                continue
            self._connections[key] = connection
            runner = self._telegram if connection.kind == "telegram" else self._streamed
            self._tasks[key] = asyncio.create_task(runner(connection), name=key)

    # ------------------------------------------------------------------ the platforms

    async def _telegram(self, connection: Connection) -> None:
        from camp.bots.telegram import TelegramClient

        assert connection.token is not None
        try:
            client = TelegramClient(
                connection.token,
                api_base=connection.address or "https://api.telegram.org",
                poll_seconds=self.poll_seconds,
                token_env=connection.token_env,
            )
        except BotError as error:  # a token that cannot be one: said, and not tried
            self.say(f"{self._name(connection)}: {error}")
            return
        replies = _Replies(self, connection)
        async with client:
            replies.client = client
            stored = await self.call(self._cursor, connection.key)
            offset = int(stored) if stored else None
            failures = 0
            while True:
                try:
                    messages, next_offset = await client.updates(offset)
                except BotError as error:
                    failures += 1
                    await self._wait_after(connection, error, failures)
                    continue
                if failures:
                    self.say(f"{self._name(connection)}: listening again")
                failures = 0
                heard = await self.call(self._take, connection, messages, next_offset)
                offset = next_offset
                await replies.answer(heard)

    async def _streamed(self, connection: Connection) -> None:
        """A bot whose platform pushes its messages over a connection it keeps (OneBot,
        Discord, Slack, Feishu, DingTalk): heard one message a transaction, reconnected
        with back-off. A platform that cannot replay what was said while the
        connection was down gets the stretch recorded as a gap."""
        replies = _Replies(self, connection)
        failures = 0
        stored = await self.call(self._cursor, connection.key)
        since = float(stored) if stored else None
        gap: int | None = None
        first = True
        while True:
            try:
                client = self._client_for(connection, since)
            except BotError as error:  # a secret that cannot be one: said, and not tried
                self.say(f"{self._name(connection)}: {error}")
                return
            replays = bool(getattr(client, "replays", False))
            if first and not replays:
                # Heard before, by an earlier run: what was said since it stopped is a gap.
                gap = await self.call(self._gap_since_last_run, connection)
            first = False
            try:
                async with client:
                    replies.client = client
                    if gap is not None:
                        since_text = await self.call(self._close_gap, gap)
                        self.say(
                            f"{self._name(connection)}: connected again; messages from "
                            f"{since_text} until now "
                            + _GAP_ADVICE.get(connection.kind, _GAP_ADVICE["onebot"])
                        )
                        gap = None
                    elif failures:
                        self.say(f"{self._name(connection)}: listening again")
                    failures = 0
                    async for item in client.messages():
                        if isinstance(item, Unheard):
                            said = await self.call(self._record_unheard, connection, item)
                            self.say(f"{self._name(connection)}: {item.reason}; {said}")
                            continue
                        if isinstance(item, Notice):
                            self.say(f"{self._name(connection)}: {item.text}")
                            continue
                        heard = await self.call(self._take, connection, [item], None)
                        if item.kind != "recalled":
                            since = max(since or 0.0, item.epoch)
                        await replies.answer(heard)
            except BotError as error:
                if gap is None and not replays:
                    gap = await self.call(self._open_gap, connection, str(error))
                failures += 1
                await self._wait_after(connection, error, failures)

    def _client_for(self, connection: Connection, since: float | None) -> Any:
        """The platform's client for ``connection`` (deferred imports: each platform's
        library is an optional extra a camp without that bot never loads)."""
        chats = sorted({r.bot.chat for r in connection.routes})
        if connection.kind == "onebot":
            from camp.bots.onebot import OneBotClient

            return OneBotClient(
                connection.address or "", token=connection.token, token_env=connection.token_env
            )
        if connection.kind == "discord":
            from camp.bots.discord import DiscordClient

            return DiscordClient(
                connection.token or "",
                chats=chats,
                since=since,
                api_base=connection.address or "",
                token_env=connection.token_env,
                clock=lambda: self.clock().timestamp(),
            )
        if connection.kind == "slack":
            from camp.bots.slack import SlackClient

            return SlackClient(
                connection.token or "",
                connection.secret or "",
                chats=chats,
                since=since,
                api_base=connection.address or "",
                token_env=connection.token_env,
                clock=lambda: self.clock().timestamp(),
            )
        if connection.kind == "feishu":
            from camp.bots.feishu import FeishuClient

            return FeishuClient(
                connection.app_id or "",
                connection.token or "",
                chats=chats,
                since=since,
                api_base=connection.address or "",
                secret_env=connection.token_env,
                clock=lambda: self.clock().timestamp(),
            )
        if connection.kind == "dingtalk":
            from camp.bots.dingtalk import DingTalkClient

            return DingTalkClient(
                connection.app_id or "",
                connection.token or "",
                api_base=connection.address or "",
                secret_env=connection.token_env,
            )
        raise BotError(f"{connection.kind} bots cannot listen yet", retryable=False)

    async def _wait_after(self, connection: Connection, error: BotError, failures: int) -> None:
        wait = min(_BACKOFF_FIRST * 2 ** min(failures - 1, 10), _BACKOFF_CAP)
        if error.retry_after is not None:
            wait = min(max(wait, error.retry_after), _BACKOFF_CAP)
        if not error.retryable:
            wait = _BACKOFF_CAP
        if failures == 1 or not error.retryable or failures % 10 == 0:
            self.say(f"{self._name(connection)}: {error}; trying again in {wait:g} s")
        await asyncio.sleep(wait)

    def _name(self, connection: Connection) -> str:
        camps = ", ".join(sorted({r.slug for r in connection.routes}))
        return f"{PLATFORM_NAMES.get(connection.kind, connection.kind)} bot of {camps}"

    # ------------------------------------------------------------------ the database

    def _take(
        self, connection: Connection, messages: list[LiveMessage], offset: int | None
    ) -> list[tuple[Camp, Bot, Heard]]:
        """The messages judged for each camp whose chat they are in, and the bot's new
        offset, in one transaction."""
        assert self.db is not None
        db = self.db
        now = self.clock()
        out: list[tuple[Camp, Bot, Heard]] = []
        with write_transaction(db):
            for route in list(connection.routes):
                mine = [m for m in messages if _same_chat(route.bot, m)]
                private = [m for m in messages if is_private(m) and not _same_chat(route.bot, m)]
                if not mine and not private:
                    continue
                camp = get_camp_by_id(db, route.camp_id)
                if camp.status != "active":
                    continue
                out += [
                    (camp, route.bot, h) for h in hear(db, camp, mine, now=now, cache=self._cache)
                ]
                for message in private:
                    answer = hear_private(db, camp, message, now=now)
                    if answer is not None:
                        out.append((camp, route.bot, answer))
            if offset is None and connection.kind != "telegram" and messages:
                # Only Telegram has an offset: elsewhere the last message heard marks
                # where a gap begins (and where Discord's history is read back from).
                offset = int(max(m.epoch for m in messages))
            if offset is not None and (messages or str(offset) != self._cursor(connection.key)):
                db.execute(
                    "INSERT INTO bot_cursors (bot, position, updated) VALUES (?, ?, ?) "
                    "ON CONFLICT (bot) DO UPDATE SET position = excluded.position, "
                    "updated = excluded.updated",
                    [connection.key, str(offset), utc_text(now)],
                )
        return out

    def _cursor(self, key: str) -> str | None:
        assert self.db is not None
        row = self.db.execute("SELECT position FROM bot_cursors WHERE bot = ?", [key]).fetchone()
        return row[0] if row else None

    def _open_gap(self, connection: Connection, reason: str) -> int:
        assert self.db is not None
        db = self.db
        now = self.clock()
        chats = ",".join(sorted({r.bot.chat for r in connection.routes}))
        with write_transaction(db):
            position = self._cursor(connection.key)
            # From the last message heard: anything said after it may be lost.
            since = pendulum.from_timestamp(int(position)) if position else now
            cursor = db.execute(
                "INSERT INTO bot_gaps (bot, chat, since, reason) VALUES (?, ?, ?, ?)",
                [connection.key, chats, utc_text(since), reason],
            )
            return int(cursor.lastrowid or 0)

    def _gap_since_last_run(self, connection: Connection) -> int | None:
        position = self._cursor(connection.key)
        if position is None:
            return None
        assert self.db is not None
        db = self.db
        since = utc_text(pendulum.from_timestamp(int(position)))
        chats = ",".join(sorted({r.bot.chat for r in connection.routes}))
        with write_transaction(db):
            cursor = db.execute(
                "INSERT INTO bot_gaps (bot, chat, since, reason) VALUES (?, ?, ?, ?)",
                [connection.key, chats, since, "camp was not listening"],
            )
            return int(cursor.lastrowid or 0)

    def _record_unheard(self, connection: Connection, unheard: Unheard) -> str:
        """A stretch a client that reconnected by itself could not hear, as a closed gap;
        the sentence the log says of it."""
        assert self.db is not None
        db = self.db
        chats = ",".join(sorted({r.bot.chat for r in connection.routes}))
        with write_transaction(db):
            position = self._cursor(connection.key)
            since = unheard.since if unheard.since is not None else float(position or unheard.until)
            start = pendulum.from_timestamp(int(since))
            db.execute(
                "INSERT INTO bot_gaps (bot, chat, since, until, reason) VALUES (?, ?, ?, ?, ?)",
                [
                    connection.key,
                    chats,
                    utc_text(start),
                    utc_text(pendulum.from_timestamp(unheard.until)),
                    unheard.reason,
                ],
            )
        return (
            f"messages from {start.format('YYYY-MM-DD HH:mm:ss')} UTC may not have been heard: "
            "import the chat's export to fill the gap"
        )

    def _close_gap(self, gap: int) -> str:
        assert self.db is not None
        db = self.db
        now = self.clock()
        with write_transaction(db):
            db.execute("UPDATE bot_gaps SET until = ? WHERE id = ?", [utc_text(now), gap])
            since = db.execute("SELECT since FROM bot_gaps WHERE id = ?", [gap]).fetchone()[0]
        return from_utc_text(since).format("YYYY-MM-DD HH:mm:ss") + " UTC"

    def replies_for(self, items: list[tuple[Camp, Bot, Heard]]) -> list[Reply]:
        assert self.db is not None
        now = self.clock()
        replies = []
        for camp, bot, heard in items:
            try:
                reply = reply_for(self.db, camp, bot, heard, now=now)
            except Exception as exc:  # an operator's template: the check-in stands
                self.say(f"camp {camp.slug}: could not answer a message: {exc}")
                continue
            if reply is not None:
                replies.append(reply)
        return replies


def _same_chat(bot: Bot, message: LiveMessage) -> bool:
    if bot.type == "telegram":
        from camp.bots.telegram import chat_matches

        return chat_matches(bot.chat, message.chat)
    return bot.chat.strip() == message.chat.strip()


class _Replies:
    """The answers of one connection, per chat: a few at once, then paced to the
    platform's rate (Telegram: about 20 messages a minute in a group); when several
    wait, they go as one message. Reactions are not messages: they go one by one as
    they come, slowed only when the platform says so (a 429 and its retry_after)."""

    #: Messages a quiet chat gets at once before the pace applies.
    BURST = 3

    def __init__(self, listeners: Listeners, connection: Connection) -> None:
        self.listeners = listeners
        self.connection = connection
        self.client: Any = None
        self._queues: dict[tuple[str, bool], deque[Reply]] = {}
        self._workers: dict[tuple[str, bool], asyncio.Task[None]] = {}
        #: Per chat: the tokens of its bucket and when they were counted.
        self._buckets: dict[str, tuple[float, float]] = {}

    async def answer(self, heard: list[tuple[Camp, Bot, Heard]]) -> None:
        if not heard:
            return
        replies = await self.listeners.call(self.listeners.replies_for, heard)
        for reply in replies:
            # Reactions are not held behind the messages' pace: a lane each.
            lane = (reply.chat, reply.reaction is not None)
            self._queues.setdefault(lane, deque()).append(reply)
            worker = self._workers.get(lane)
            if worker is None or worker.done():
                self._workers[lane] = asyncio.create_task(self._send(lane))

    async def _take_token(self, chat: str) -> None:
        """Wait until the chat's bucket has a message to spend."""
        spacing = self.listeners.reply_spacing
        if spacing is None:
            spacing = REPLY_SPACINGS.get(self.connection.kind, REPLY_SPACING)
        while True:
            now = time.monotonic()
            tokens, then = self._buckets.get(chat, (float(self.BURST), now))
            tokens = min(
                float(self.BURST), tokens + (now - then) / spacing if spacing else self.BURST
            )
            if tokens >= 1:
                self._buckets[chat] = (tokens - 1, now)
                return
            self._buckets[chat] = (tokens, now)
            await asyncio.sleep((1 - tokens) * spacing)

    async def _send(self, lane: tuple[str, bool]) -> None:
        chat = lane[0]
        queue = self._queues[lane]
        while queue:
            first = queue.popleft()
            reply = first
            if first.reaction is None:
                await self._take_token(chat)
                # The answer to a slash command goes to that command alone (Discord
                # answers it in the interaction, where only its member sees it).
                if queue and queue[0].reaction is None and not _answers_command(first):
                    limit = _MERGE_LIMITS.get(self.connection.kind, _MERGE_CHARACTERS)
                    reply = self._together(chat, first, queue, limit)
            for attempt in range(1, _REPLY_TRIES + 1):
                try:
                    await self.client.send(reply)
                    break
                except BotError as error:
                    if not error.retryable or attempt == _REPLY_TRIES:
                        self.listeners.say(
                            f"{self.listeners._name(self.connection)}: a reply was not sent: "
                            f"{error}"
                        )
                        break
                    # Telegram says how long to wait (429): the chat's answers wait too.
                    await asyncio.sleep(min(error.retry_after or attempt, _BACKOFF_CAP))

    @staticmethod
    def _together(chat: str, first: Reply, queue: deque[Reply], limit: int) -> Reply:
        """The answers waiting in a busy chat as one message: each in its short form
        when it has one, as many as fit Telegram's 4,096 UTF-16 units (with a margin)."""
        parts = [first.brief or first.text]
        size = _utf16(parts[0])
        while queue and queue[0].reaction is None and not _answers_command(queue[0]):
            nxt = queue[0].brief or queue[0].text
            grown = size + 1 + _utf16(nxt)  # the joining newline counts
            if grown > limit:
                break
            queue.popleft()
            parts.append(nxt)
            size = grown
        return Reply(chat, "\n".join(parts))


def _answers_command(reply: Reply) -> bool:
    """Whether ``reply`` answers a slash command (its ``reply_to`` is ``command:…``)."""
    return bool(reply.reply_to and reply.reply_to.startswith("command:"))


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
