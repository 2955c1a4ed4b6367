"""Small helpers around Textual workers."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.dom import DOMNode

__all__ = ["Freshness", "still_loading"]

#: Data that depends on the clock (today's day, open windows) is read again this often
#: even when nobody wrote to the database.
MAX_AGE_SECONDS = 30.0


def still_loading(node: DOMNode, group: str) -> bool:
    """True while a worker of ``group`` started by ``node`` has not finished.

    A thread cannot be interrupted mid-query, so a live refresh that finds the
    previous load still running skips its turn instead of starting another thread.
    """
    return any(
        worker.node is node and worker.group == group and not worker.is_finished
        for worker in node.app.workers
    )


class Freshness:
    """Whether a view's data is worth reading again on a live refresh.

    Yes when the database changed since the last read (``version`` is the app's
    :meth:`~tui.app.CampApp.data_version`, ``None`` when unknown) or when ``max_age``
    seconds passed; otherwise an idle screen on a camp of 100,000 members reads nothing.
    """

    def __init__(
        self, max_age: float = MAX_AGE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_age = max_age
        self._clock = clock
        self._version: int | None = None
        self._at: float | None = None

    def stale(self, version: int | None) -> bool:
        """True (and remembers this moment) when the data should be read again."""
        now = self._clock()
        if (
            version is None
            or version != self._version
            or self._at is None
            or now - self._at >= self.max_age
        ):
            self._version, self._at = version, now
            return True
        return False
