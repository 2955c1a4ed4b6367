"""What every bot client yields and takes: live messages, replies, and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

from camp.errors import CampError

__all__ = ["BotError", "ClosesOnExit", "LiveMessage", "Notice", "Reply", "SeenMessages", "Unheard"]


class ClosesOnExit:
    """A bot client used as ``async with client:``: leaving the block closes it
    (:meth:`aclose`), however the block ended."""

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


@dataclass(frozen=True)
class LiveMessage:
    """One message heard in a chat, normalised across platforms.

    ``chat`` is the chat id as the camp file writes it (``"-1001234567890"``,
    ``"123456789"``); ``message_id`` the platform's id of the message in that chat;
    ``sender_id`` the platform's id of the sender (kept on the member, so reminders can
    mention them), ``sender`` the display name; ``epoch`` the platform's timestamp of the
    message (seconds). ``text`` is the plain text (a caption for a photo; CQ codes and
    mentions as readable text). ``kind`` is ``"text"``, ``"edit"`` (``epoch`` is then
    the time of the edit), ``"other"`` (a sticker, a photo without caption: activity,
    never a check-in) or ``"recalled"`` (withdrawn: ``text`` is empty).
    """

    platform: str
    chat: str
    message_id: str
    sender_id: str | None
    sender: str
    epoch: float
    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Reply:
    """What a bot says back in ``chat``: ``text`` (plain, the platform escapes nothing),
    as a reply to ``reply_to`` when given; or, with ``reaction``, an emoji reaction on
    ``reply_to`` instead of a message (where the platform has reactions)."""

    chat: str
    text: str = ""
    reply_to: str | None = None
    reaction: str | None = None
    #: A short form of ``text`` for a busy chat, where waiting answers go together
    #: (``"✅ 小明 +42"``).
    brief: str | None = None


@dataclass(frozen=True)
class Unheard:
    """Said by a client that reconnected by itself: what the chat said between ``since``
    (an epoch; ``None``: since the last message heard) and ``until`` may not have been
    heard, because the platform could not replay it (``reason`` says why, secret-free).
    A client whose platform replayed everything says nothing."""

    until: float
    reason: str
    since: float | None = None


@dataclass(frozen=True)
class Notice:
    """Said by a client among the messages: something the operator should know that
    does not stop it hearing the chat (``text``, one sentence, secret-free)."""

    text: str


class SeenMessages:
    """The ids of the messages a client heard lately, so that each is judged once: the
    history a client reads back after a new connection overlaps the live pushes, and a
    platform may push one message again. The oldest are forgotten past ``kept``."""

    def __init__(self, kept: int = 4096) -> None:
        self._ids: dict[str, None] = {}
        self._kept = kept

    def first_time(self, message_id: str) -> bool:
        """True the first time ``message_id`` is heard (and it is kept from then on)."""
        if message_id in self._ids:
            return False
        self._ids[message_id] = None
        if len(self._ids) > self._kept:
            del self._ids[next(iter(self._ids))]
        return True


class BotError(CampError):
    """A bot could not talk to its platform; ``str(error)`` is one secret-free sentence.

    ``retryable`` says whether trying again later may work (the network, a server
    error, a rate limit: ``retry_after`` seconds when the platform said) or not (a
    wrong token, a chat the bot is not in).
    """

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
