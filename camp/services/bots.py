"""What a camp's bots hear, for the operator: each bot's state, its gaps, the strangers.

Read-only: the listeners (``camp.services.listening``) write what is read here. A bot's
connection key needs its token, so nothing here recomputes it: gaps are matched to a
bot by its type and chat (``bot_gaps.chat`` lists the chats of the connection), and
"last heard" is the latest check-in stored with the bot's source (``bot:telegram``,
``bot:onebot``) — the one thing a live bot leaves that names the camp. Two bots of the
same type in one camp therefore share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pendulum

from camp.bots.config import bot_secret_vars, missing_bot_env
from camp.clock import from_utc_text, utc_text
from camp.db import Database
from camp.models import Bot, Camp
from camp.services.camps import get_camp
from camp.services.strangers import Stranger, list_strangers

__all__ = [
    "GAP_DAYS",
    "UNKNOWN_SHOWN",
    "BotGap",
    "BotState",
    "BotStatus",
    "UnknownSender",
    "bot_status",
]

#: Gaps that ended longer ago than this are history, not news.
GAP_DAYS = 7
#: The strangers listed (most messages first); ``unknown_total`` counts them all.
UNKNOWN_SHOWN = 20


@dataclass(frozen=True)
class BotGap:
    """A stretch a bot's connection could not hear its chat, in the camp's zone;
    ``until`` is ``None`` while it is still down."""

    since: pendulum.DateTime
    until: pendulum.DateTime | None
    reason: str

    @property
    def open(self) -> bool:
        return self.until is None

    def to_json(self) -> dict:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class BotState:
    """One ``[[bots]]`` entry of the camp file (numbered from 1, as the file lists them)
    with what the database says of it."""

    number: int
    type: str
    chat: str
    reply: str
    token_env: str | None
    #: The token variable is named and set (or none is needed) in this process's
    #: environment; the listeners may run in another process with another environment.
    token_set: bool
    #: The sentence of ``missing_bot_env`` when the token is missing.
    problem: str | None
    #: The latest check-in heard live from this platform in this camp, in its zone.
    last_checkin: pendulum.DateTime | None
    last_member: str | None
    #: Gaps of the last :data:`GAP_DAYS` days (open or closed), oldest first.
    gaps: tuple[BotGap, ...]

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "type": self.type,
            "chat": self.chat,
            "reply": self.reply,
            "token_env": self.token_env,
            "token_set": self.token_set,
            "problem": self.problem,
            "last_checkin": self.last_checkin.isoformat() if self.last_checkin else None,
            "last_member": self.last_member,
            "gaps": [gap.to_json() for gap in self.gaps],
        }


#: Someone a bot heard in the camp's chat who is not a member.
UnknownSender = Stranger


@dataclass(frozen=True)
class BotStatus:
    """A camp's bots and the strangers they heard (``bots`` is empty for a camp
    without ``[[bots]]``)."""

    slug: str
    timezone: str
    bots: tuple[BotState, ...]
    unknown: tuple[UnknownSender, ...]
    unknown_total: int

    def to_json(self) -> dict:
        return {
            "camp": self.slug,
            "timezone": self.timezone,
            "bots": [bot.to_json() for bot in self.bots],
            "unknown_senders": [sender.to_json() for sender in self.unknown],
            "unknown_sender_count": self.unknown_total,
        }


def bot_status(
    db: Database,
    slug: str,
    *,
    now: pendulum.DateTime,
    env: Mapping[str, str] | None = None,
) -> BotStatus:
    """The state of each bot of camp ``slug`` at ``now``: its token variable (looked up
    in ``env``, default the process environment), the last check-in heard live from its
    platform, its gaps of the last :data:`GAP_DAYS` days; and the strangers heard in the
    camp's chat, the :data:`UNKNOWN_SHOWN` with most messages first, with their count."""
    camp = get_camp(db, slug)
    zone = pendulum.timezone(camp.timezone)
    bots = camp.definition.bots
    # missing_bot_env numbers the bots from 1, as the camp file lists them.
    problems = missing_bot_env(bots, env)
    gap_rows = _recent_gaps(db, now) if bots else []
    last_by_type = {bot.type: _last_checkin(db, camp, bot.type) for bot in bots}
    states = []
    for number, bot in enumerate(bots, start=1):
        last = last_by_type[bot.type]
        problem = next((p for p in problems if p.startswith(f"bot {number} (")), None)
        states.append(
            BotState(
                number=number,
                type=bot.type,
                chat=bot.chat,
                reply=bot.reply,
                token_env=_secret_var(bot, env),
                token_set=problem is None,
                problem=problem,
                last_checkin=last[0].in_tz(zone) if last else None,
                last_member=last[1] if last else None,
                gaps=tuple(
                    BotGap(
                        since=from_utc_text(since).in_tz(zone),
                        until=from_utc_text(until).in_tz(zone) if until else None,
                        reason=reason or "",
                    )
                    for key, chats, since, until, reason in gap_rows
                    if key.split(":", 1)[0] == bot.type and _chat_listed(bot, chats)
                ),
            )
        )
    unknown, total = _unknown_senders(db, camp, zone)
    return BotStatus(camp.slug, camp.timezone, tuple(states), unknown, total)


def _secret_var(bot: Bot, env: Mapping[str, str] | None) -> str | None:
    """The variable of the bot's first secret that is not set, else of its first."""
    import os

    names = [name for _, name in bot_secret_vars(bot)]
    present = os.environ if env is None else env
    return next((n for n in names if not present.get(n, "").strip()), names[0] if names else None)


def _recent_gaps(db: Database, now: pendulum.DateTime) -> list[tuple[str, str, str, str, str]]:
    cutoff = utc_text(now.subtract(days=GAP_DAYS))
    return db.execute(
        "SELECT bot, chat, since, until, reason FROM bot_gaps "
        "WHERE until IS NULL OR until >= ? ORDER BY since, id",
        [cutoff],
    ).fetchall()


def _chat_listed(bot: Bot, chats: str) -> bool:
    if bot.type == "telegram":
        # Deferred: the Telegram client module brings httpx, which a camp without a
        # Telegram bot never needs.
        from camp.bots.telegram import chat_matches

        return any(chat_matches(bot.chat, chat) for chat in chats.split(","))
    return bot.chat.strip() in {chat.strip() for chat in chats.split(",")}


def _last_checkin(db: Database, camp: Camp, kind: str) -> tuple[pendulum.DateTime, str] | None:
    """The latest check-in with source ``bot:<kind>`` and its member's name.

    ``checkins`` has no index on its source: each day is read through
    ``checkins_camp_day``, the last day first, so a camp of 100,000 members reads one
    day's rows, not the whole camp's, on every refresh of the Today tab.
    """
    source = f"bot:{kind}"
    sql = (
        "SELECT c.at, m.name FROM checkins c JOIN members m ON m.id = c.member_id "
        "WHERE c.camp_id = ? AND c.day {} AND c.source = ? ORDER BY c.at DESC LIMIT 1"
    )
    found = None
    for day in range(camp.days, 0, -1):
        found = db.execute(sql.format("= ?"), [camp.id, day, source]).fetchone()
        if found:
            break
    # A check-in outside the camp's days has no day: it may be the latest of all.
    undated = db.execute(sql.format("IS NULL"), [camp.id, source]).fetchone()
    if undated and (found is None or undated[0] > found[0]):
        found = undated
    return (from_utc_text(found[0]), found[1]) if found else None


def _unknown_senders(
    db: Database, camp: Camp, zone: pendulum.Timezone
) -> tuple[tuple[UnknownSender, ...], int]:
    total = db.execute(
        "SELECT COUNT(*) FROM unknown_senders WHERE camp_id = ?", [camp.id]
    ).fetchone()[0]
    return tuple(list_strangers(db, camp.slug, limit=UNKNOWN_SHOWN)), int(total)
