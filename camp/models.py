"""Plain, frozen data shared by every layer of the engine.

Nothing here touches the database, the clock or the terminal: the models are what
the pure functions of ``calendar``, ``judging`` and ``scoring`` take and return.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal

import pendulum

CheckinStatus = Literal["on_time", "late", "outside", "duplicate", "makeup"]
#: Statuses that earn points and count a day for streaks and pairs.
COUNTED_STATUSES: frozenset[str] = frozenset({"on_time", "late", "makeup"})
CHECKIN_STATUSES: tuple[str, ...] = ("on_time", "late", "outside", "duplicate", "makeup")
MEMBER_STATUSES: tuple[str, ...] = ("active", "warned", "removed")
GROUP_MODES: tuple[str, ...] = ("solo", "pair", "team")
CHECKIN_MODES: tuple[str, ...] = ("any", "shift", "all")
#: What auto-pairing does with an odd member out: leave them for the operator, or join
#: them to a pair, which becomes a pair of three.
PAIR_ODD_RULES: tuple[str, ...] = ("leave", "triple")
RAMPS: tuple[str, ...] = ("linear", "step", "fixed")
TEAM_SCORES: tuple[str, ...] = ("sum", "mean")
RANK_BY: tuple[str, ...] = ("points", "completion")
ACTIVITY_MEASURES: tuple[str, ...] = ("checkins", "messages")
#: Where the group lives, for the group-size guidance of the camp report.
PLATFORMS: tuple[str, ...] = ("wechat", "qq", "b2b", "telegram", "discord", "whatsapp", "other")
LANGUAGES: tuple[str, ...] = ("zh", "en")
CHANNEL_TYPES: tuple[str, ...] = (
    "stdout",
    "folder",
    "wecom",
    "dingtalk",
    "feishu",
    "slack",
    "discord",
    "webhook",
)


@dataclass(frozen=True)
class Window:
    """A daily check-in window, in the camp's local wall-clock time."""

    name: str
    open: dt.time
    due: dt.time
    late_until: dt.time | None = None

    @property
    def crosses_midnight(self) -> bool:
        """True when ``due`` is earlier than ``open``: the window ends the next day."""
        return self.due < self.open


@dataclass(frozen=True)
class Task:
    """What members do on a day."""

    title: str
    body: str = ""
    difficulty: int = 1
    graded: bool = False


@dataclass(frozen=True)
class TaskPlan:
    """How a camp's days get their difficulty and their task.

    ``difficulty`` means: ``linear`` -> ``(lo, hi)``; ``step`` -> one value per day
    (the last repeats when the list is shorter than the camp); ``fixed`` -> ``(d,)``.
    ``by_day`` holds explicit per-day tasks that override the pool.
    """

    ramp: str = "linear"
    difficulty: tuple[int, ...] = (1, 5)
    pool: tuple[Task, ...] = ()
    # Left out of the hash (a dict cannot be hashed); equality still compares it.
    by_day: dict[int, Task] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Scoring:
    """The scoring rules of SPEC section 4.

    The factors are exact decimals (``0.35`` is 35/100), so points never come out one
    less than the rule says because of a binary float such as 31.4999….
    """

    base: int = 10
    by_difficulty: bool = True
    late_factor: Decimal = Decimal("0.5")
    makeup_factor: Decimal = Decimal("0.5")
    makeup_limit: int = 1
    streak_bonus: int = 2
    streak_cap: int = 10
    pair_bonus: int = 5
    graded_points: int = 0
    #: A team's points: its members' ``sum``, or their ``mean`` (teams of unequal size).
    team: str = "sum"
    #: What ranks members first: ``points``, or ``completion`` (the share of their days
    #: counted since the day they joined, for camps with late joiners).
    rank_by: str = "points"


@dataclass(frozen=True)
class Ceremony:
    """A ceremony at local time ``at`` on day ``day`` (``None`` means the last day)."""

    day: int | None
    at: dt.time


@dataclass(frozen=True)
class Ceremonies:
    opening: Ceremony | None = None
    closing: Ceremony | None = None


@dataclass(frozen=True)
class Reminders:
    """``before_due`` in minutes before each window's due time."""

    before_due: tuple[int, ...] = (30,)
    task_post: dt.time | None = None
    summary: dt.time | None = None
    #: The summary after each seventh day also posts that week's board (SPEC section 11).
    weekly_board: bool = False


@dataclass(frozen=True)
class MemberRules:
    inactive_after: int = 2
    remove_after: int = 3
    #: What keeps a member active: counted check-ins, or any message in the group.
    inactive_by: str = "checkins"
    #: A sender the bots hear who is no member joins the camp (else they wait in the
    #: list of unknown senders, for the operator to add).
    add_unknown: bool = False
    #: Approved leave days a member may take in each 30 days of the camp (days 1-30,
    #: 31-60, ...; one is the common rule); 0 allows none (SPEC section 11).
    leave_quota: int = 1


@dataclass(frozen=True)
class Outcomes:
    """``[outcomes]`` (SPEC section 11): a member *passed* with at least
    ``pass_min_days`` days counted or excused (leave), and was *perfect* (when
    ``perfect``) with no missed day from the day they joined."""

    pass_min_days: int
    perfect: bool = True


#: ``[stakes] refund``: the deposit less the fines, or nothing back.
STAKES_REFUNDS: tuple[str, ...] = ("deposit_minus_fines", "none")
#: ``[stakes] pool``: what is not refunded is split among the perfect records, among
#: every finisher (perfect or passed), or kept by the organiser.
STAKES_POOLS: tuple[str, ...] = ("split_among_perfect", "split_among_finishers", "kept")


@dataclass(frozen=True)
class Stakes:
    """``[stakes]`` (SPEC section 11): a deposit camp's money, exact decimals."""

    deposit: Decimal
    fine_per_miss: Decimal = Decimal(0)
    refund: str = "deposit_minus_fines"
    pool: str = "split_among_perfect"


@dataclass(frozen=True)
class Channel:
    """Where announcements go; secrets are names of environment variables."""

    type: str
    options: dict[str, Any] = field(default_factory=dict, hash=False)


#: The bots that hear a group chat live (SPEC section 10).
BOT_TYPES = ("telegram", "onebot", "discord", "slack", "feishu", "dingtalk")
#: How a bot answers a check-in: a short templated reply, an emoji reaction, or nothing.
BOT_REPLIES = ("ack", "react", "silent")


@dataclass(frozen=True)
class Bot:
    """A bot that listens to the camp's group chat; secrets are names of environment
    variables. ``chat`` is the platform's chat id as text (Telegram ``-100…``, a QQ group
    number, a Discord channel snowflake, a Slack channel id, a Feishu ``oc_…`` chat id,
    a DingTalk ``cid…`` conversation id); ``api_base`` is the platform's API server (a
    local one, a test double), ``url`` a OneBot forward WebSocket."""

    type: str
    chat: str
    reply: str = "ack"
    token_env: str | None = None
    api_base: str | None = None
    url: str | None = None
    #: Slack: the app-level token (``xapp-…``) that opens Socket Mode.
    app_token_env: str | None = None
    #: Feishu, DingTalk: the app's id (not a secret) and its secret's variable.
    app_id: str | None = None
    secret_env: str | None = None


@dataclass(frozen=True)
class CampDefinition:
    """A validated camp definition file (SPEC section 3)."""

    name: str
    days: int
    windows: tuple[Window, ...]
    timezone: str = "UTC"
    language: str = "en"
    description: str = ""
    rest: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ("#checkin",)
    group: str = "solo"
    checkin_mode: str = "any"
    pair_by_day: int | None = None
    #: An odd member out of auto-pairing: ``leave`` (named, for the operator) or ``triple``.
    pair_odd: str = "leave"
    font: str | None = None
    #: A folder of the camp's own announcement templates, overriding the built-in ones.
    messages: str | None = None
    platform: str = "other"
    tasks: TaskPlan = field(default_factory=TaskPlan)
    scoring: Scoring = field(default_factory=Scoring)
    ceremonies: Ceremonies = field(default_factory=Ceremonies)
    reminders: Reminders = field(default_factory=Reminders)
    members: MemberRules = field(default_factory=MemberRules)
    channels: tuple[Channel, ...] = ()
    bots: tuple[Bot, ...] = ()
    outcomes: Outcomes | None = None
    stakes: Stakes | None = None

    def window(self, name: str) -> Window | None:
        """The window called ``name``, or ``None``."""
        return next((w for w in self.windows if w.name == name), None)


@dataclass(frozen=True)
class WindowSlot:
    """One window on one concrete day, as aware datetimes in the camp's zone."""

    window: Window
    open: pendulum.DateTime
    due: pendulum.DateTime
    late_until: pendulum.DateTime | None

    @property
    def closes(self) -> pendulum.DateTime:
        """The last moment a check-in can still count (late period included)."""
        return self.late_until or self.due

    # Epoch seconds of the three moments, worked out once: an aware datetime's
    # timestamp() asks its zone for the offset each time, and planning a thousand camps'
    # events compares them all.
    @cached_property
    def open_epoch(self) -> float:
        return self.open.timestamp()

    @cached_property
    def due_epoch(self) -> float:
        return self.due.timestamp()

    @cached_property
    def closes_epoch(self) -> float:
        return self.closes.timestamp()

    # Hashed once: the events of many camps are looked up by their days' slots.
    def __hash__(self) -> int:
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.window, self.open, self.due, self.late_until))


@dataclass(frozen=True)
class Day:
    """An active day of a camp: number 1..N, its date, difficulty, task, windows."""

    number: int
    date: dt.date
    difficulty: int
    task: Task
    slots: tuple[WindowSlot, ...]


@dataclass(frozen=True)
class Camp:
    """A camp stored in the database."""

    id: int
    slug: str
    name: str
    template: str | None
    timezone: str
    start: dt.date
    days: int
    status: str
    definition: CampDefinition


def name_key(name: str) -> str:
    """How a member's name sorts: case-insensitively, in every script (``ANNA`` and
    ``anna``, ``Straße`` and ``STRASSE`` alike; equal keys then in the order the members
    joined). Stored with each member (``members.name_key``) so SQLite can sort by it."""
    return name.casefold()


@dataclass(frozen=True)
class Member:
    id: int
    camp_id: int
    name: str
    handle: str | None = None
    shift: str | None = None
    team: str | None = None
    pair_id: int | None = None
    status: str = "active"


@dataclass(frozen=True)
class CheckIn:
    id: int
    member_id: int
    at: pendulum.DateTime
    status: str
    day: int | None = None
    window: str | None = None
    points: int = 0
    score: float | None = None
    text: str = ""
    source: str = "manual"
