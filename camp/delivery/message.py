"""What is delivered (an announcement) and how a delivery fails."""

from __future__ import annotations

from dataclasses import dataclass

from camp.errors import CampError

__all__ = ["DeliveryError", "Mention", "Message"]


@dataclass(frozen=True)
class Mention:
    """A member to notify: the display name and the platform id (``members.handle``)."""

    name: str
    handle: str


@dataclass(frozen=True)
class Message:
    """One rendered announcement, ready for a channel.

    ``key`` is the announcement's stable id (e.g. ``"cp-week/summary/d2"``): the folder
    channel names its file after it, and the outbox uses it so nothing is posted twice.

    ``text`` is Markdown of the small subset the templates write (see
    :mod:`camp.delivery.markup`), with values from members backslash-escaped; each robot
    gets it in its own format.
    """

    title: str
    text: str
    kind: str
    key: str
    #: A PNG to go with the text (the standings card of a summary or closing), if any.
    image: bytes | None = None
    #: The camp's language ("en", "zh"), when known: Feishu posts are labelled with it.
    language: str | None = None
    #: Members the announcement is meant to notify (the ones a reminder names), with
    #: their platform id; each robot mentions those whose id it can use.
    mentions: tuple[Mention, ...] = ()


class DeliveryError(CampError):
    """A channel did not take the message; ``str(error)`` is one secret-free sentence.

    ``retryable`` says whether trying again later may succeed (a server error, a
    timeout, a rate limit) or not (a missing variable, a refused request);
    ``retry_after`` is the wait in seconds the robot asked for, when it asked.
    ``uncertain`` says the request was sent in full and no answer came in time: the
    robot may have shown it, so it must not be sent again blindly.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        uncertain: bool = False,
    ):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.uncertain = uncertain
