"""What a camp's bots hear, as text: the Today tab's Bots block (a line per bot, then
the strangers), and one line under every other tab: whether each bot hears its chat.

The Today tab has the full block; the other tabs show the line so a bot that stopped
hearing is seen wherever the operator is working. It follows the database
like the tabs do (the listeners usually run in another process, ``camp run``).
"""

from __future__ import annotations

import pendulum
from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Static

from camp import clock
from camp.services.bots import BotGap, BotState, BotStatus
from tui.data import load_bots
from tui.typed_app import camp_app
from tui.workers import LIVE_REFRESH_SECONDS, Freshness, read_and_post, still_loading

__all__ = ["BotsBar", "bot_line", "bots_summary", "bots_text", "strangers_line"]

#: How each bot type is called on screen (a OneBot bot is in a QQ group).
PLATFORM_NAMES = {"telegram": "Telegram", "onebot": "QQ"}
#: The latest gaps of a bot shown on its line; older ones are counted.
GAPS_SHOWN = 2
#: Strangers named in the Bots block; the rest are counted.
STRANGERS_NAMED = 3
FILL_THE_GAP = "import the chat export to fill the gap"


def when_text(moment: pendulum.DateTime, today: pendulum.Date) -> str:
    """``20:31`` today, ``Sun 20:31`` within the week, else the date."""
    days = (today - moment.date()).days
    if days == 0:
        return moment.format("HH:mm")
    if 0 < days < 7:
        return moment.format("ddd HH:mm")
    return moment.format("YYYY-MM-DD HH:mm")


def gap_text(gap: BotGap, today: pendulum.Date) -> str:
    since = when_text(gap.since, today)
    if gap.until is None:
        return f"since {since}"
    until = gap.until.format("HH:mm") if gap.until.date() == gap.since.date() else None
    return f"{since}–{until or when_text(gap.until, today)}"


def bot_line(bot: BotState, today: pendulum.Date) -> Text:
    """``Telegram -1001234567890 · ack · last check-in heard 20:31 (Bob)``: one bot.

    The chat id and the member's name are the operator's and the members' text, so
    they are appended to a ``Text``, never read as markup.
    """
    line = Text()
    line.append(PLATFORM_NAMES.get(bot.type, bot.type.capitalize()), style="bold")
    line.append(" ")
    line.append(bot.chat)
    line.append(f" · {bot.reply}")
    if not bot.token_set:
        line.append(" · ")
        line.append(f"token variable {bot.token_env} is not set in this terminal", style="bold red")
    if bot.gaps:
        latest = bot.gaps[-GAPS_SHOWN:][::-1]
        said = ", ".join(gap_text(gap, today) for gap in latest)
        older = len(bot.gaps) - len(latest)
        if older:
            said += f" and {older} more"
        line.append(" · ")
        style = "bold yellow" if bot.gaps[-1].open else "yellow"
        line.append(f"not heard {said}: {FILL_THE_GAP}", style=style)
    elif bot.last_checkin is not None:
        line.append(f" · last check-in heard {when_text(bot.last_checkin, today)}")
        if bot.last_member:
            line.append(" (")
            line.append(bot.last_member)
            line.append(")")
    elif bot.token_set:
        line.append(" · no check-in heard yet", style="dim")
    return line


def strangers_line(status: BotStatus) -> Text | None:
    """``3 people wrote who are not members (Zed, …): add them in Members``."""
    total = status.unknown_total
    if not total:
        return None
    named = [sender.name for sender in status.unknown[:STRANGERS_NAMED]]
    who = (
        "1 person wrote who is not a member"
        if total == 1
        else (f"{total} people wrote who are not members")
    )
    line = Text(f"{who} (", style="yellow")
    line.append(", ".join(named))
    if total > len(named):
        line.append(", …")
    line.append("): add them in Members")
    return line


def bots_text(status: BotStatus, now: pendulum.DateTime) -> Text:
    """The Bots block of the Today tab: a line per bot, then the strangers."""
    today = now.in_tz(status.timezone).date()
    lines = [bot_line(bot, today) for bot in status.bots]
    strangers = strangers_line(status)
    if strangers is not None:
        lines.append(strangers)
    return Text("\n").join(lines)


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
