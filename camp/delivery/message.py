"""What is delivered (an announcement) and how a delivery fails."""

from __future__ import annotations

from dataclasses import dataclass

from camp.errors import CampError

__all__ = ["DeliveryError", "Message"]


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


class DeliveryError(CampError):
    """A channel did not take the message; ``str(error)`` is one secret-free sentence.

    ``retryable`` says whether trying again later may succeed (a server error, a
    timeout, a rate limit) or not (a missing variable, a refused request);
    ``retry_after`` is the wait in seconds the robot asked for, when it asked.
    """

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
