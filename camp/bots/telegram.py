"""Telegram through the Bot API: long polling with ``getUpdates``, replies and reactions.

One :class:`TelegramClient` per bot token. :meth:`TelegramClient.updates` is one long
poll: it returns the messages heard and the offset to ask from next time; the caller
stores that offset, so a restarted client neither loses nor repeats an update (Telegram
forgets an update once a ``getUpdates`` asks from past it). :meth:`TelegramClient.send`
answers in the chat, as plain text (no ``parse_mode``, so nothing a member wrote becomes
markup), or puts an emoji reaction on a message.

The token is part of every URL (``/bot<token>/<method>``), so it is scrubbed from
every error sentence and from httpx's request log; an error never chains the httpx
exception it came from.
"""

from __future__ import annotations

import asyncio
import json
import logging
import urllib.parse
from collections.abc import Mapping
from typing import Any

import httpx

from camp.bots.base import BotError, ClosesOnExit, LiveMessage, Reply

__all__ = [
    "DEFAULT_API_BASE",
    "TelegramClient",
    "chat_matches",
    "live_message",
]

DEFAULT_API_BASE = "https://api.telegram.org"
PLATFORM = "telegram"

#: Update types asked for: new messages and their edits; nothing else is heard.
ALLOWED_UPDATES = ("message", "edited_message")

#: Fields of a Message that make it a service message (someone joined, a pin, a new
#: title ...): neither a check-in nor a member's activity.
SERVICE_FIELDS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "new_chat_photo",
        "delete_chat_photo",
        "group_chat_created",
        "supergroup_chat_created",
        "channel_chat_created",
        "message_auto_delete_timer_changed",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "pinned_message",
        "successful_payment",
        "refunded_payment",
        "users_shared",
        "chat_shared",
        "gift",
        "unique_gift",
        "connected_website",
        "write_access_allowed",
        "passport_data",
        "proximity_alert_triggered",
        "boost_added",
        "chat_background_set",
        "checklist_tasks_done",
        "checklist_tasks_added",
        "direct_message_price_changed",
        "paid_message_price_changed",
        "forum_topic_created",
        "forum_topic_edited",
        "forum_topic_closed",
        "forum_topic_reopened",
        "general_forum_topic_hidden",
        "general_forum_topic_unhidden",
        "giveaway_created",
        "giveaway_completed",
        "video_chat_scheduled",
        "video_chat_started",
        "video_chat_ended",
        "video_chat_participants_invited",
        "web_app_data",
    }
)

#: Enough of Telegram's own words to explain a failure on one line.
_DETAIL_CHARS = 200
#: Connecting at all; nothing is sent before it.
_CONNECT_SECONDS = 5.0


class _TokenRedaction(logging.Filter):
    """httpx logs every request's URL at INFO, and a Bot API URL holds the token: this
    filter on the ``httpx`` logger writes ``<token>`` in its place."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.tokens:
            message = record.getMessage()
            scrubbed = _scrub(message, self.tokens)
            if scrubbed != message:
                record.msg, record.args = scrubbed, None
        return True


_REDACTION = _TokenRedaction()


def _scrub(text: str, tokens: set[str] | frozenset[str]) -> str:
    for token in tokens:
        for form in {token, urllib.parse.quote(token, safe=""), urllib.parse.quote(token)}:
            text = text.replace(form, "<token>")
    return text


class TelegramClient(ClosesOnExit):
    """A bot of the Telegram Bot API, heard by long polling.

    ``api_base`` is Telegram's server or a local Bot API server (or a test double);
    ``poll_seconds`` how long one ``getUpdates`` waits for a message; ``answer_seconds``
    how long the server may take beyond that (all of a send), after which the call
    fails as retryable, even if the server trickles its answer. ``token_env`` names the
    environment variable the token came from, for the sentence of a wrong token.
    ``http`` is an httpx client to share (it is then not closed here).
    """

    def __init__(
        self,
        token: str,
        *,
        api_base: str = DEFAULT_API_BASE,
        poll_seconds: int = 25,
        http: httpx.AsyncClient | None = None,
        token_env: str | None = None,
        answer_seconds: float = 10.0,
    ) -> None:
        self._where = f"in {token_env}" if token_env else "of this bot"
        if not token.strip():
            raise BotError(f"the Telegram bot token {self._where} is empty", retryable=False)
        if any(sign in token for sign in "/?#%") or token != token.strip() or " " in token:
            raise BotError(
                f"the Telegram bot token {self._where} has characters a token never has "
                "(a space, / ? # or %); copy it from @BotFather again",
                retryable=False,
            )
        self._tokens = frozenset({token})
        _REDACTION.tokens.add(token)
        httpx_logger = logging.getLogger("httpx")
        if _REDACTION not in httpx_logger.filters:
            httpx_logger.addFilter(_REDACTION)
        self.api_base = api_base.rstrip("/")
        self.poll_seconds = max(int(poll_seconds), 0)
        self.answer_seconds = float(answer_seconds)
        self._method_url = f"{self.api_base}/bot{token}/"
        self._own_http = http is None
        # follow_redirects stays off: a redirected POST turns into a GET and loses its
        # body. The environment's proxy settings are honoured (trust_env), since in some
        # countries api.telegram.org is only reachable through one.
        self._http = http if http is not None else httpx.AsyncClient(follow_redirects=False)

    async def __aenter__(self) -> TelegramClient:
        return self

    async def aclose(self) -> None:
        """Close the HTTP client, unless it was given (then its owner closes it)."""
        if self._own_http:
            await self._http.aclose()

    async def updates(self, offset: int | None) -> tuple[list[LiveMessage], int | None]:
        """One long poll from ``offset``: the messages heard and the next offset.

        The next offset is one past the last update returned, or ``offset`` itself when
        none came. Updates that carry no message for the camp (a service message, a
        bot's message, another type of update) are left out but still move the offset.
        """
        payload: dict[str, Any] = {
            "timeout": self.poll_seconds,
            "allowed_updates": list(ALLOWED_UPDATES),
        }
        if offset is not None:
            payload["offset"] = offset
        result = await self._call("getUpdates", payload, wait=self.poll_seconds)
        if not isinstance(result, list):
            raise self._not_the_bot_api("getUpdates", "its result is not a list of updates")
        messages: list[LiveMessage] = []
        next_offset = offset
        for update in result:
            if not isinstance(update, dict):
                continue
            update_id = update.get("update_id")
            if isinstance(update_id, int) and not isinstance(update_id, bool):
                next_offset = max(next_offset or 0, update_id + 1)
            message = live_message(update)
            if message is not None:
                messages.append(message)
        return messages, next_offset

    async def send(self, reply: Reply) -> str | None:
        """Say ``reply`` in its chat: the new message's id; or, for a reaction, put the
        emoji on ``reply.reply_to`` and return ``None``."""
        chat_id = _chat_id(reply.chat)
        if reply.reaction is not None:
            if reply.reply_to is None:
                raise BotError(
                    "a Telegram reaction needs the message it is put on", retryable=False
                )
            await self._call(
                "setMessageReaction",
                {
                    "chat_id": chat_id,
                    "message_id": _message_id(reply.reply_to),
                    "reaction": [{"type": "emoji", "emoji": reply.reaction}],
                },
            )
            return None
        payload: dict[str, Any] = {"chat_id": chat_id, "text": reply.text}
        if reply.reply_to is not None:
            # Still answer when the member deleted the message in the meantime.
            payload["reply_parameters"] = {
                "message_id": _message_id(reply.reply_to),
                "allow_sending_without_reply": True,
            }
        result = await self._call("sendMessage", payload)
        message_id = result.get("message_id") if isinstance(result, dict) else None
        if not isinstance(message_id, int) or isinstance(message_id, bool):
            raise self._not_the_bot_api("sendMessage", "it names no message_id")
        return str(message_id)

    # ------------------------------------------------------------------- one request

    async def _call(self, method: str, payload: Mapping[str, Any], *, wait: float = 0) -> Any:
        """The ``result`` of one Bot API call, or :class:`BotError`. ``wait`` is the
        long poll the server may hold the request for, on top of ``answer_seconds``."""
        deadline = wait + self.answer_seconds
        timeout = httpx.Timeout(deadline, connect=min(_CONNECT_SECONDS, deadline))
        try:
            async with asyncio.timeout(deadline):
                response = await self._http.post(
                    self._method_url + method, json=dict(payload), timeout=timeout
                )
        except (TimeoutError, httpx.TimeoutException):
            raise BotError(
                f"Telegram did not answer {method} within {deadline:g} s", retryable=True
            ) from None
        except (httpx.HTTPError, OSError) as error:
            detail = self._scrub(" ".join(str(error).split())) or type(error).__name__
            raise BotError(
                f"could not reach the Telegram Bot API at {self._host()} ({detail})",
                retryable=True,
            ) from None
        return self._result(method, response)

    def _result(self, method: str, response: httpx.Response) -> Any:
        status = response.status_code
        try:
            data = json.loads(response.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("ok"), bool):
            if status >= 500:
                raise BotError(
                    f"the Telegram Bot API at {self._host()} failed with HTTP {status}",
                    retryable=True,
                )
            kind = response.headers.get("Content-Type", "no content type").split(";")[0]
            raise self._not_the_bot_api(method, f"HTTP {status}, {kind}")
        if data["ok"]:
            return data.get("result")
        raise self._api_error(method, status, data)

    def _api_error(self, method: str, status: int, data: Mapping[str, Any]) -> BotError:
        """The sentence and the verdict for ``{"ok": false, ...}``."""
        code = data.get("error_code")
        if not isinstance(code, int) or isinstance(code, bool):
            code = status
        description = data.get("description")
        said = self._scrub(_one_line(description)) if isinstance(description, str) else ""
        quoted = f" ({code}: {said})" if said else f" ({code})"
        parameters = data.get("parameters")
        parameters = parameters if isinstance(parameters, dict) else {}
        if code in (401, 404):
            return BotError(
                f"the Telegram bot token {self._where} is not valid (Telegram answered "
                f"{method} with{quoted}); copy the bot's token from @BotFather again",
                retryable=False,
            )
        if code == 409:
            if "webhook" in said.lower():
                return BotError(
                    "Telegram sends this bot's updates to a webhook, so they cannot be "
                    "polled; remove the webhook (deleteWebhook) or use another bot",
                    retryable=False,
                )
            return BotError(
                "another program polls this Telegram bot for updates at the same time "
                f"(Telegram answered{quoted}); stop it or give this camp its own bot",
                retryable=True,
            )
        if code == 429:
            retry_after = _seconds(parameters.get("retry_after"))
            wait = f"; it asks to wait {retry_after:g} s" if retry_after is not None else ""
            return BotError(
                f"Telegram's rate limit was hit on {method}{quoted}{wait}",
                retryable=True,
                retry_after=retry_after,
            )
        if code >= 500:
            return BotError(f"Telegram failed on {method}{quoted}", retryable=True)
        migrated = parameters.get("migrate_to_chat_id")
        if isinstance(migrated, int) and not isinstance(migrated, bool):
            return BotError(
                f"the Telegram group became a supergroup with the id {migrated}; write "
                f'chat = "{migrated}" for this bot in the camp file',
                retryable=False,
            )
        return BotError(f"Telegram refused {method}{quoted}", retryable=False)

    def _not_the_bot_api(self, method: str, why: str) -> BotError:
        return BotError(
            f"the server at {self._host()} did not answer {method} like the Telegram Bot "
            f"API ({why}); check the bot's api_base",
            retryable=True,
        )

    def _scrub(self, text: str) -> str:
        return _scrub(text, self._tokens)

    def _host(self) -> str:
        split = urllib.parse.urlsplit(self.api_base)
        return self._scrub(split.netloc or self.api_base)


# ----------------------------------------------------------------------- normalising


def live_message(update: Mapping[str, Any]) -> LiveMessage | None:
    """The camp's view of one Update, or ``None`` when it says nothing a camp hears: a
    service message, a bot's message, an update that is not a (new or edited) message,
    or one too malformed to read."""
    edited = "message" not in update and "edited_message" in update
    message = update.get("edited_message" if edited else "message")
    if not isinstance(message, dict) or SERVICE_FIELDS.intersection(message):
        return None
    chat, message_id = message.get("chat"), message.get("message_id")
    if not isinstance(chat, dict) or not _is_int(chat.get("id")) or not _is_int(message_id):
        return None
    # An anonymous admin (the group itself) or a channel posts with ``sender_chat``;
    # ``from`` is then a stand-in bot, so sender_chat is read first.
    sender_chat = message.get("sender_chat")
    if isinstance(sender_chat, dict) and _is_int(sender_chat.get("id")):
        sender_id = str(sender_chat["id"])
        sender = _text(sender_chat.get("title")) or _text(sender_chat.get("username"))
    else:
        user = message.get("from")
        if not isinstance(user, dict) or not _is_int(user.get("id")) or user.get("is_bot"):
            return None
        sender_id = str(user["id"])
        sender = display_name(user)
    epoch = _seconds(message.get("edit_date")) if edited else None
    epoch = epoch if epoch is not None else _seconds(message.get("date"))
    if epoch is None:
        return None
    text = message.get("text")
    if not isinstance(text, str):
        text = message.get("caption")
    kind = "edit" if edited else "text" if isinstance(text, str) else "other"
    return LiveMessage(
        platform=PLATFORM,
        chat=str(chat["id"]),
        message_id=str(message_id),
        sender_id=sender_id,
        sender=sender or sender_id,
        epoch=epoch,
        text=text if isinstance(text, str) else "",
        kind=kind,
    )


def display_name(user: Mapping[str, Any]) -> str:
    """A Telegram user as the group sees them: first and last name, else @username."""
    name = " ".join(
        part for part in (_text(user.get("first_name")), _text(user.get("last_name"))) if part
    )
    return name or _text(user.get("username")) or str(user.get("id", ""))


def chat_matches(bot_chat: str, message_chat: str) -> bool:
    """Whether the chat a camp file names (``"-1001234567890"``, ``"@studygroup"``) is
    the chat of a message. Numbers compare as integers; ``@usernames`` without regard
    to case, as Telegram treats them (a message's chat is its number, so a camp file
    that writes a username matches only once the caller resolved it)."""
    left, right = bot_chat.strip(), message_chat.strip()
    try:
        return int(left) == int(right)
    except ValueError:
        pass
    if left.startswith("@") and right.startswith("@"):
        return left.casefold() == right.casefold()
    return left == right


# ----------------------------------------------------------------------- small parts


def _chat_id(chat: str) -> int | str:
    """What ``chat_id`` takes: the number, or an ``@username`` as written."""
    chat = chat.strip()
    try:
        return int(chat)
    except ValueError:
        if chat.startswith("@") and len(chat) > 1:
            return chat
    raise BotError(
        f"{chat!r} is not a Telegram chat: write the chat's number or its @username",
        retryable=False,
    )


def _message_id(message_id: str) -> int:
    try:
        return int(message_id)
    except ValueError:
        raise BotError(f"{message_id!r} is not a Telegram message id", retryable=False) from None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _seconds(value: object) -> float | None:
    """A number of seconds Telegram gave (a date, a wait), when it is one."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _DETAIL_CHARS else text[: _DETAIL_CHARS - 1] + "…"
