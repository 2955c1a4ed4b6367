"""Small helpers around Textual workers."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker

from camp.errors import CampError
from tui.messages import LoadFailed
from tui.typed_app import camp_app

if TYPE_CHECKING:
    from camp.db import Database

__all__ = [
    "LIVE_REFRESH_SECONDS",
    "Freshness",
    "ShowsSlowLoads",
    "read_and_post",
    "still_loading",
    "typing_in_a_field",
]

Result = TypeVar("Result")

#: Seconds between looks at the database: every screen and tab follows what another
#: process (``camp run``, ``camp checkin``, a bot) committed within this time.
LIVE_REFRESH_SECONDS = 2.0

#: A load shorter than this shows no indicator (no flicker on every live refresh).
SLOW_SECONDS = 0.3

#: Data that depends on the clock (today's day, open windows) is read again this often
#: even when nobody wrote to the database.
MAX_AGE_SECONDS = 30.0


def read_and_post(
    node: MessagePump,
    read: Callable[[Database], Result],
    done: Callable[[Result], Message | None],
    refused: Callable[[str], Message] | None = LoadFailed,
) -> None:
    """The body of a worker thread: ``read`` with a connection of the thread's own,
    then post ``done(result)`` to ``node`` (unless it is ``None``); when the engine
    refuses (a ``CampError``), post ``refused(its sentence)`` instead, or nothing when
    ``refused`` is ``None``."""
    try:
        with camp_app(node).database() as db:
            result = read(db)
    except CampError as exc:
        if refused is not None:
            node.post_message(refused(str(exc)))
        return
    message = done(result)
    if message is not None:
        node.post_message(message)


def typing_in_a_field(node: DOMNode) -> bool:
    """Whether the focus is in a text field of ``node``'s screen (a key is then a
    letter of what is typed, not a command)."""
    from textual.widgets import Input, TextArea

    return isinstance(node.screen.focused, Input | TextArea)


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

    def mark(self, version: int | None) -> None:
        """The data is being read now, as of ``version``: the next tick need not."""
        if version is not None:
            self._version, self._at = version, self._clock()


# The mixin's methods run on a widget or a screen. It cannot be a Widget at run time:
# Textual takes a view's CSS from its first DOM base, and would skip Screen's or Vertical's.
if TYPE_CHECKING:
    _WidgetMixin = Widget
else:
    _WidgetMixin = object


class ShowsSlowLoads(_WidgetMixin):
    """Mixin for a view whose loads may take a while on a big camp.

    While one of the view's workers of ``LOAD_GROUPS`` has run longer than
    :data:`SLOW_SECONDS`, the widget ``LOADING_TARGET`` (a selector inside the view;
    the view itself when empty) shows Textual's loading indicator.
    """

    LOAD_GROUPS: ClassVar[frozenset[str]] = frozenset()
    LOADING_TARGET: ClassVar[str] = ""
    _slow_timer: Timer | None = None

    def _loading_target(self) -> Widget:
        return self.query_one(self.LOADING_TARGET) if self.LOADING_TARGET else self

    def _busy(self) -> bool:
        return any(still_loading(self, group) for group in self.LOAD_GROUPS)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is not self or event.worker.group not in self.LOAD_GROUPS:
            return
        if self._busy():
            if self._slow_timer is None:
                self._slow_timer = self.set_timer(SLOW_SECONDS, self._still_busy)
            return
        if self._slow_timer is not None:
            self._slow_timer.stop()
            self._slow_timer = None
        self._show_loading(False)

    def _still_busy(self) -> None:
        self._slow_timer = None
        if self._busy():
            self._show_loading(True)

    def _show_loading(self, loading: bool) -> None:
        target = self._loading_target()
        if target.loading == loading:
            return
        target.loading = loading
        # While the focused widget loads, Textual leaves its keys (and its ancestors')
        # out of the bindings, but does not tell the footer either way: without this,
        # a slow load left the footer without the tab's keys until the focus moved.
        self.screen.refresh_bindings()
