"""One line under every tab of a camp with bots: whether each bot hears its chat.

The Today tab has the full Bots block; the other tabs show this line so a bot that
stopped hearing is seen wherever the operator is working. It follows the database
like the tabs do (the listeners usually run in another process, ``camp run``).
"""

from __future__ import annotations

import pendulum
from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Static

from camp import clock
from camp.services.bots import BotState, BotStatus
from tui.data import load_bots
from tui.screens.dashboard import LIVE_REFRESH_SECONDS
from tui.typed_app import camp_app
from tui.widgets.today import PLATFORM_NAMES, gap_text, when_text
from tui.workers import Freshness, read_and_post, still_loading

__all__ = ["BotsBar", "bots_summary"]


def _bot_word(bot: BotState, today: pendulum.Date) -> Text:
    """``Telegram: hearing, last check-in 20:31`` or ``QQ: not heard since 14:02``."""
    text = Text()
    text.append(PLATFORM_NAMES.get(bot.type, bot.type.capitalize()), style="bold")
    text.append(": ")
    if not bot.token_set:
        text.append(f"{bot.token_env} not set here", style="bold red")
    elif bot.gaps and bot.gaps[-1].open:
        text.append(f"not heard {gap_text(bot.gaps[-1], today)}", style="bold yellow")
    elif bot.last_checkin is not None:
        text.append(f"heard, last check-in {when_text(bot.last_checkin, today)}", style="green")
    else:
        text.append("no check-in heard yet", style="dim")
    return text


def bots_summary(status: BotStatus, now: pendulum.DateTime) -> Text:
    """``Bots · Telegram: heard, last check-in 20:31 · QQ: not heard since 14:02 · 3 strangers``."""
    today = now.in_tz(status.timezone).date()
    line = Text("Bots", style="bold")
    for bot in status.bots:
        line.append(" · ")
        line.append_text(_bot_word(bot, today))
    if status.unknown_total:
        who = "stranger" if status.unknown_total == 1 else "strangers"
        line.append(f" · {status.unknown_total} {who} wrote (Today tab)", style="yellow")
    return line


class BotsBar(Static):
    """Hidden for a camp without bots; the camp screen says when its camp has them."""

    class Loaded(Message):
        """What the camp's bots hear was read (in a worker)."""

        def __init__(self, status: BotStatus) -> None:
            super().__init__()
            self.status = status

    def __init__(self, slug: str, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.slug = slug
        self.has_bots = False
        #: Whether the Today tab is shown (it has the full Bots block: the line hides).
        self.on_today = True
        self._freshness = Freshness()
        self._heard = False
        self.display = False

    def on_mount(self) -> None:
        self.set_interval(LIVE_REFRESH_SECONDS, self._live_refresh)

    def camp_has_bots(self, has_bots: bool) -> None:
        """The camp file lists bots (or no longer does): show the line, or hide it."""
        if has_bots and not self.has_bots:
            self.has_bots = True
            self._freshness.stale(camp_app(self).data_version())
            self._load()
        elif not has_bots:
            self.has_bots = False
            self._heard = False
            self._show_if_wanted()

    def tab_shown(self, tab: str) -> None:
        self.on_today = tab == "today"
        self._show_if_wanted()

    def _show_if_wanted(self) -> None:
        self.display = self.has_bots and self._heard and not self.on_today

    def _live_refresh(self) -> None:
        if (
            self.has_bots
            and self.screen.is_current
            and not still_loading(self, "bots-bar")
            and self._freshness.stale(camp_app(self).data_version())
        ):
            self._load()

    @work(thread=True, exclusive=True, group="bots-bar")
    def _load(self) -> None:
        # When the camp cannot be read, the tabs' own loads say so.
        read_and_post(self, lambda db: load_bots(db, self.slug, clock.now()), self.Loaded, None)

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        message.stop()
        status = message.status
        self._heard = bool(status.bots)
        if self._heard:
            self.update(bots_summary(status, clock.now()))
        self._show_if_wanted()
