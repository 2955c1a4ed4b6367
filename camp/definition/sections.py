"""One check per section of a camp file, and ``parse_definition`` that runs them all.

Each ``_check_*`` reads its table with a ``Checker``, adds a sentence for every problem
and returns the model (or ``None`` when the section is invalid); ``parse_definition``
raises one ``DefinitionError`` with all the sentences of all the sections.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import SplitResult, parse_qs, urlsplit

import pendulum

from camp.definition.checker import (
    REQUIRED,
    Checker,
    as_written,
    closest_word,
    is_whole_number,
    kind_of,
    one_of,
)
from camp.definition.times import (
    MINUTES_PER_DAY,
    add_minutes,
    format_time,
    minute_of_day,
    minutes_forward,
    parse_duration,
)
from camp.errors import DefinitionError
from camp.models import (
    ACTIVITY_MEASURES,
    BOT_REPLIES,
    BOT_TYPES,
    CHANNEL_TYPES,
    CHECKIN_MODES,
    GROUP_MODES,
    LANGUAGES,
    PAIR_ODD_RULES,
    PLATFORMS,
    RAMPS,
    RANK_BY,
    STAKES_POOLS,
    STAKES_REFUNDS,
    TEAM_SCORES,
    Bot,
    CampDefinition,
    Ceremonies,
    Ceremony,
    Channel,
    MemberRules,
    Outcomes,
    Reminders,
    Scoring,
    Stakes,
    Task,
    TaskPlan,
    Window,
)
from camp.ramp import exact_decimal, ramp_difficulty

__all__ = ["DEFAULTS", "MAX_DAYS", "MAX_DIFFICULTY", "MIN_DIFFICULTY", "parse_definition"]

MAX_DAYS = 366
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 5

_TOP_KEYS = (
    "camp",
    "windows",
    "tasks",
    "scoring",
    "ceremonies",
    "reminders",
    "members",
    "channels",
    "bots",
    "outcomes",
    "stakes",
)
_CAMP_KEYS = (
    "name",
    "description",
    "timezone",
    "language",
    "days",
    "rest",
    "keywords",
    "group",
    "checkin_mode",
    "pair_by_day",
    "pair_odd",
    "font",
    "messages",
    "platform",
)
_WINDOW_KEYS = ("name", "open", "due", "late_until")
_TASKS_KEYS = ("ramp", "difficulty", "pool", "days")
_POOL_KEYS = ("title", "body", "difficulty", "graded")
_TASK_DAY_KEYS = ("day", "title", "body", "difficulty", "graded")
_SCORING_INT_KEYS = (
    "base",
    "makeup_limit",
    "streak_bonus",
    "streak_cap",
    "pair_bonus",
    "graded_points",
)
_SCORING_FACTOR_KEYS = ("late_factor", "makeup_factor")
_SCORING_KEYS = (
    "base",
    "by_difficulty",
    *_SCORING_FACTOR_KEYS,
    *_SCORING_INT_KEYS[1:],
    "team",
    "rank_by",
)
_CEREMONY_KEYS = ("day", "at")
_REMINDER_KEYS = ("before_due", "task_post", "summary", "weekly_board")
_MEMBER_KEYS = ("inactive_after", "remove_after", "inactive_by", "add_unknown", "leave_quota")

#: Keys each channel type takes besides ``type``; they become ``Channel.options``.
_CHANNEL_KEYS: dict[str, tuple[str, ...]] = {
    "stdout": (),
    "folder": ("path",),
    "wecom": ("url_env",),
    # keyword/keywords: the words a robot's custom-keyword security looks for.
    "dingtalk": ("url_env", "secret_env", "keyword", "keywords"),
    "feishu": ("url_env", "secret_env", "keyword", "keywords"),
    "slack": ("url_env",),
    "discord": ("url_env",),
    "webhook": ("url_env", "secret_env"),
}
_WEBHOOK_TYPES = tuple(t for t, keys in _CHANNEL_KEYS.items() if "url_env" in keys)
_SIGNED_TYPES = tuple(t for t, keys in _CHANNEL_KEYS.items() if "secret_env" in keys)
_KEYWORD_TYPES = tuple(t for t, keys in _CHANNEL_KEYS.items() if "keyword" in keys)
_CHANNEL_KEYWORDS_FIX = 'write a list of words, e.g. keywords = ["打卡", "camp"]'

#: Keys each bot type takes besides ``type``.
_BOT_KEYS: dict[str, tuple[str, ...]] = {
    "telegram": ("chat", "token_env", "api_base", "reply"),
    "onebot": ("chat", "url", "token_env", "reply"),
    "discord": ("chat", "token_env", "api_base", "reply"),
    "slack": ("chat", "token_env", "app_token_env", "api_base", "reply"),
    "feishu": ("chat", "app_id", "secret_env", "api_base", "reply"),
    "dingtalk": ("chat", "app_id", "secret_env", "api_base", "reply"),
}
#: Bot types that can put an emoji reaction on a check-in (``reply = "react"``).
_REACTING_BOTS = ("telegram", "discord", "slack")
#: Keys that would put a bot's secret in the file, with the noun its sentence uses.
_BOT_SECRET_KEYS = {
    "token": "a token",
    "access_token": "an access token",
    "app_token": "an app-level token",
    "secret": "a secret",
    "app_secret": "an app secret",
    "client_secret": "a client secret",
}
#: Each secret key in the file, the key naming its variable instead.
_BOT_SECRET_VARS = {
    "app_token": "app_token_env",
    "secret": "secret_env",
    "app_secret": "secret_env",
    "client_secret": "secret_env",
}
_BOT_TOKEN_VARS = {
    "telegram": "CAMP_TG_TOKEN",
    "onebot": "CAMP_ONEBOT_TOKEN",
    "discord": "CAMP_DISCORD_TOKEN",
    "slack": "CAMP_SLACK_BOT_TOKEN",
}
#: Variables of the other secrets, as the examples of their sentences name them.
_BOT_SECRET_EXAMPLES = {
    ("slack", "app_token_env"): "CAMP_SLACK_APP_TOKEN",
    ("feishu", "secret_env"): "CAMP_FEISHU_SECRET",
    ("dingtalk", "secret_env"): "CAMP_DINGTALK_SECRET",
}
#: The sentence of a required secret variable that is missing, per type and key.
_BOT_SECRET_NEEDS = {
    ("telegram", "token_env"): "a Telegram bot needs its token (from @BotFather)",
    ("discord", "token_env"): "a Discord bot needs its token (Developer Portal, Bot)",
    ("slack", "token_env"): "a Slack bot needs its Bot User OAuth Token (xoxb-…)",
    ("slack", "app_token_env"): (
        "Socket Mode needs an app-level token with connections:write (xapp-…)"
    ),
    ("feishu", "secret_env"): "a Feishu app needs its App Secret",
    ("dingtalk", "secret_env"): "a DingTalk app needs its AppSecret",
}
_BOT_CHAT_FIXES = {
    "telegram": 'write the group\'s id, e.g. chat = "-1001234567890", '
    'or the @username of a public group, e.g. chat = "@study_camp"',
    "onebot": 'write the QQ group number, e.g. chat = "123456789"',
    "discord": "write the channel's id (Developer Mode, Copy Channel ID), "
    'e.g. chat = "1234567890123456789"',
    "slack": 'write the channel\'s id (channel details, at the bottom), e.g. chat = "C0123456789"',
    "feishu": 'write the group\'s chat_id, e.g. chat = "oc_a0553eda9014c201e6969b478895c230"',
    "dingtalk": 'write the group\'s openConversationId, e.g. chat = "cidAbC123xyz=="',
}
_BOT_CHAT_RES = {
    "telegram": re.compile(r"-?[1-9][0-9]*|@[A-Za-z][A-Za-z0-9_]{3,31}"),
    "onebot": re.compile(r"[1-9][0-9]*"),
    "discord": re.compile(r"[1-9][0-9]{14,20}"),
    "slack": re.compile(r"[CGD][A-Z0-9]{6,}"),
    "feishu": re.compile(r"oc_[0-9A-Za-z]{6,}"),
    "dingtalk": re.compile(r"cid[0-9A-Za-z+/=_\-]{6,}"),
}
#: An app's id: Feishu's ``cli_…``; DingTalk's AppKey (Client ID), ``ding…``.
_BOT_APP_IDS = {
    "feishu": (re.compile(r"cli_[0-9a-z]{8,}"), '"cli_a1b2c3d4e5f6a7b8"'),
    "dingtalk": (re.compile(r"[A-Za-z0-9_\-]{6,64}"), '"dingabcdefghijklmnop"'),
}
_BOT_API_EXAMPLES = {
    "telegram": '"https://api.telegram.org"',
    "discord": '"https://discord.com/api/v10"',
    "slack": '"https://slack.com/api"',
    "feishu": '"https://open.feishu.cn" (or "https://open.larksuite.com" for Lark)',
    "dingtalk": '"https://api.dingtalk.com"',
}
#: A Telegram bot token (``123456:ABC-...``), as it would appear in ``/bot<token>/``;
#: a Slack token (``xoxb-…``, ``xapp-…``).
_TELEGRAM_TOKEN_RE = re.compile(r"[0-9]{5,}:[A-Za-z0-9_-]{20,}|xox[abp]-|xapp-")

_GENERIC_TASK_TITLE = "Daily check-in"
_GENERIC_TASK_BODY = "Do today's practice, then post a check-in message with the camp's keyword."

_DEFAULT_OPENING = Ceremony(day=1, at=dt.time(8, 0))
_DEFAULT_CLOSING = Ceremony(day=None, at=dt.time(23, 0))

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: The models' own defaults, so a default lives in one place.
DEFAULTS = CampDefinition(name="", days=1, windows=())


def _day_list(days: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``"1-3, 5"``."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][1] + 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


@lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


@lru_cache(maxsize=512)
def _timezone_known(name: str) -> bool:
    try:
        pendulum.timezone(name)
    except Exception:  # pendulum raises InvalidTimezone, zoneinfo ValueError for odd keys
        return False
    return True


@lru_cache(maxsize=256)
def _holidays_known(country: str, subdiv: str | None) -> bool:
    import holidays  # only camps with holiday rules pay for its import

    try:
        holidays.country_holidays(country, subdiv=subdiv, years=())
    except NotImplementedError:
        return False
    return True


# --------------------------------------------------------------------------- sections


def _check_camp(chk: Checker, data: dict) -> dict[str, Any]:
    """The ``[camp]`` table as keyword arguments of ``CampDefinition`` (``None`` = invalid)."""
    if "camp" not in data:
        chk.add(
            "camp",
            'the [camp] table is missing; start the file with [camp], name = "My camp" and days = 21',
        )
        return {}
    camp = chk.table(data, "camp", "", '[camp] with name = "My camp" and days = 21')
    if camp is None:
        return {}
    chk.known_keys(camp, _CAMP_KEYS, "camp")
    out: dict[str, Any] = {}
    out["name"] = chk.text(camp, "name", "camp", REQUIRED, example='"Night writing camp"')
    if out["name"] is not None:
        out["name"] = out["name"].strip()
    out["description"] = chk.text(
        camp, "description", "camp", "", example='"Twenty evenings of reading"', allow_empty=True
    )
    out["days"] = chk.integer(camp, "days", "camp", REQUIRED, lo=1, hi=MAX_DAYS, example=21)

    timezone = chk.text(camp, "timezone", "camp", DEFAULTS.timezone, example='"Asia/Shanghai"')
    if timezone is not None and not _timezone_known(timezone):
        guess = closest_word(timezone, _zone_names())
        hint = (
            f'did you mean "{guess}"?' if guess else 'write e.g. "Asia/Shanghai" or "Europe/Berlin"'
        )
        chk.add("camp.timezone", f"{as_written(timezone)} is not an IANA time zone; {hint}")
        timezone = None
    out["timezone"] = timezone

    out["language"] = chk.choice(camp, "language", "camp", DEFAULTS.language, LANGUAGES)
    out["rest"] = _check_rest(chk, camp)
    out["keywords"] = _check_keywords(chk, camp)
    out["group"] = chk.choice(camp, "group", "camp", DEFAULTS.group, GROUP_MODES)
    out["checkin_mode"] = chk.choice(
        camp, "checkin_mode", "camp", DEFAULTS.checkin_mode, CHECKIN_MODES
    )

    days = out["days"]
    pair_by_day = chk.integer(
        camp, "pair_by_day", "camp", None, lo=1, hi=days or MAX_DAYS, example=2
    )
    if pair_by_day is not None and out["group"] not in (None, "pair"):
        chk.add(
            "camp.pair_by_day",
            f'only pair camps pair members up, and this camp is group = "{out["group"]}"; '
            'remove pair_by_day or set group = "pair"',
        )
    out["pair_by_day"] = pair_by_day
    pair_odd = chk.choice(camp, "pair_odd", "camp", DEFAULTS.pair_odd, PAIR_ODD_RULES)
    if "pair_odd" in camp and pair_odd is not None and out["group"] not in (None, "pair"):
        chk.add(
            "camp.pair_odd",
            f'only pair camps pair members up, and this camp is group = "{out["group"]}"; '
            'remove pair_odd or set group = "pair"',
        )
    if pair_odd is not None:
        out["pair_odd"] = pair_odd

    font = chk.text(camp, "font", "camp", None, example='"/usr/share/fonts/wqy-microhei.ttc"')
    out["font"] = font.strip() if font else None
    messages = chk.text(camp, "messages", "camp", None, example='"my-messages"')
    out["messages"] = messages.strip() if messages else None
    platform = chk.choice(camp, "platform", "camp", DEFAULTS.platform, PLATFORMS)
    if platform is not None:
        out["platform"] = platform
    return out


def _check_rest(chk: Checker, camp: dict) -> tuple[str, ...] | None:
    if "rest" not in camp:
        return ()
    value = camp["rest"]
    examples = '"weekends", "holidays:CN", "holidays:US-CA" or a date like "2026-12-25"'
    if not isinstance(value, list):
        chk.add(
            "camp.rest", f'{as_written(value)} is {kind_of(value)}; write a list, e.g. ["weekends"]'
        )
        return None
    rules: list[str] = []
    ok = True
    for i, item in enumerate(value, start=1):
        where = f"camp.rest[{i}]"
        if isinstance(item, dt.date) and not isinstance(item, dt.datetime):
            rules.append(item.isoformat())
            continue
        if not isinstance(item, str):
            chk.add(where, f"{as_written(item)} is {kind_of(item)}; use {examples}")
            ok = False
            continue
        rule = item.strip()
        if rule.lower() in ("weekends", "weekend"):
            rules.append("weekends")
        elif rule.lower().startswith("holidays:"):
            code = rule[len("holidays:") :].strip()
            country, _, subdiv = code.partition("-")
            country, subdiv = country.upper(), subdiv.upper()
            if not re.fullmatch(r"[A-Z]{2,3}", country) or ("-" in code and not subdiv):
                chk.add(
                    where,
                    f"{as_written(item)} names no country; write holidays:XX with an ISO 3166 code, "
                    'e.g. "holidays:CN" or "holidays:US-CA"',
                )
                ok = False
            elif not _holidays_known(country, None):
                chk.add(
                    where,
                    f"the holidays package knows no country {as_written(country)}; use an ISO 3166 code "
                    'such as "holidays:CN" or "holidays:US"',
                )
                ok = False
            elif subdiv and not _holidays_known(country, subdiv):
                import holidays

                known = holidays.list_supported_countries().get(country, [])
                listed = f" (known: {', '.join(known[:12])}{'...' if len(known) > 12 else ''})"
                chk.add(
                    where,
                    f"{country} has no subdivision {as_written(subdiv)} in the holidays package; "
                    f'use "holidays:{country}" alone or a known subdivision'
                    + (listed if known else ""),
                )
                ok = False
            else:
                rules.append(f"holidays:{country}-{subdiv}" if subdiv else f"holidays:{country}")
        elif _DATE_RE.fullmatch(rule):
            try:
                rules.append(dt.date.fromisoformat(rule).isoformat())
            except ValueError:
                chk.add(
                    where,
                    f'{as_written(item)} is not a real date; write YYYY-MM-DD, e.g. "2026-12-25"',
                )
                ok = False
        else:
            chk.add(where, f"{as_written(item)} is not a rest rule; use {examples}")
            ok = False
    return tuple(rules) if ok else None


def _check_keywords(chk: Checker, camp: dict) -> tuple[str, ...] | None:
    if "keywords" not in camp:
        return DEFAULTS.keywords
    value = camp["keywords"]
    fix = 'write a list of words, e.g. keywords = ["#打卡", "#checkin"]'
    if not isinstance(value, list) or not value:
        shown = "an empty list" if value == [] else f"{as_written(value)} is {kind_of(value)}"
        chk.add("camp.keywords", f"{shown}, but a check-in is recognised by its keyword; {fix}")
        return None
    ok = True
    for i, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            chk.add(f"camp.keywords[{i}]", f"{as_written(item)} is not a keyword; {fix}")
            ok = False
    return tuple(item.strip() for item in value) if ok else None


def _window_span(window: Window) -> tuple[int, int]:
    """``(start, end)`` in minutes on the 24-hour clock; ``end`` may pass 1440."""
    length = minutes_forward(window.open, window.due)
    if window.late_until is not None:
        length += minutes_forward(window.due, window.late_until)
    start = minute_of_day(window.open)
    return start, start + length


def _spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Shift b a day either way: on a circular clock a span that crosses midnight can
    # meet another one early the next morning. Touching ends do not overlap.
    return any(
        max(a[0], b[0] + shift) < min(a[1], b[1] + shift)
        for shift in (-MINUTES_PER_DAY, 0, MINUTES_PER_DAY)
    )


def _check_windows(chk: Checker, data: dict) -> tuple[Window, ...] | None:
    example = '[[windows]] with name = "daily", open = "08:00", due = "22:00"'
    if "windows" in data and not isinstance(data["windows"], list):
        chk.table_list(data, "windows", "")
        return None
    entries = data.get("windows", [])
    if not entries:
        chk.add("windows", f"the camp has no check-in window; add one, e.g. {example}")
        return None
    windows: list[tuple[int, Window]] = []
    names: dict[str, int] = {}
    ok = True
    for i, raw in enumerate(entries, start=1):
        where = f"windows[{i}]"
        entry = chk.entry(raw, where, "windows")
        if entry is None:
            ok = False
            continue
        chk.known_keys(entry, _WINDOW_KEYS, where)
        name = chk.text(entry, "name", where, REQUIRED, example='"night"')
        if name is not None:
            name = name.strip()
            if name in names:
                chk.add(
                    f"{where}.name",
                    f"{as_written(name)} is already the name of windows[{names[name]}]; "
                    "give each window its own name",
                )
                name = None
            else:
                names[name] = i
        opens = chk.time(entry, "open", where, REQUIRED)
        due = chk.time(entry, "due", where, REQUIRED)
        late = chk.time(entry, "late_until", where, None, allow_false=True)
        if late is None and entry.get("late_until", False) is not False:
            ok = False  # late_until was given and is not a time (reported above)
        if None in (name, opens, due):
            ok = False
            continue
        assert opens is not None and due is not None and name is not None
        if opens == due:
            chk.add(
                f"{where}.due",
                f'"{format_time(due)}" equals open, so the window never opens; '
                "set due after open (a due earlier than open ends the next day)",
            )
            ok = False
            continue
        if late is not None:
            span = minutes_forward(opens, due)
            late_span = minutes_forward(due, late)
            if late_span == 0:
                chk.add(
                    f"{where}.late_until",
                    f'"{format_time(late)}" equals due; set a later time, or remove '
                    "late_until for no late period",
                )
                ok = False
                continue
            if span + late_span >= MINUTES_PER_DAY:
                chk.add(
                    f"{where}.late_until",
                    f'"{format_time(late)}" does not come after due "{format_time(due)}" '
                    f"(it falls inside the window {format_time(opens)}-{format_time(due)}, "
                    "and the whole window must be shorter than 24 hours); set a time after due, "
                    f'e.g. "{format_time(add_minutes(due, 30))}"',
                )
                ok = False
                continue
        windows.append((i, Window(name=name, open=opens, due=due, late_until=late)))

    for n, (i, a) in enumerate(windows):
        for j, b in windows[n + 1 :]:
            if _spans_overlap(_window_span(a), _window_span(b)):
                chk.add(
                    "",
                    f'windows[{i}] "{a.name}" ({_span_text(a)}) overlaps windows[{j}] '
                    f'"{b.name}" ({_span_text(b)}); a check-in must belong to one window, '
                    "so move one of them (late periods count)",
                )
                ok = False
    return tuple(w for _, w in windows) if ok else None


def _span_text(window: Window) -> str:
    return f"{format_time(window.open)}-{format_time(window.late_until or window.due)}"


def _is_difficulty(value: Any) -> bool:
    return is_whole_number(value) and MIN_DIFFICULTY <= value <= MAX_DIFFICULTY


def _check_difficulty(chk: Checker, tasks: dict, ramp: str) -> tuple[int, ...] | None:
    where = "tasks.difficulty"
    defaults = {"linear": (1, 5), "fixed": (1,)}
    if "difficulty" not in tasks:
        if ramp in defaults:
            return defaults[ramp]
        chk.add(where, "missing; a step ramp needs one difficulty per day, e.g. [1, 1, 2, 2, 3]")
        return None
    value = tasks["difficulty"]
    if ramp == "fixed" and is_whole_number(value):
        value = [value]
    elif ramp == "fixed" and isinstance(value, list) and len(value) == 2:
        low, high = value
        if is_whole_number(low) and is_whole_number(high) and low == high:
            # [2, 2] reads as a ramp from 2 to 2: one difficulty, written the linear way.
            value = [low]
        elif _is_difficulty(low) and _is_difficulty(high):
            chk.add(
                where,
                f"{as_written(value)}: a fixed ramp needs one difficulty, and {low} and {high} "
                f"differ; write difficulty = {low} (or [{low}, {low}]), "
                f'or set ramp = "linear" to go from {low} to {high}',
            )
            return None
    if ramp == "linear" and (not isinstance(value, list) or len(value) != 2):
        chk.add(
            where,
            f"{as_written(value)}: a linear ramp needs two values [lo, hi]; write e.g. [1, 5]",
        )
        return None
    if ramp == "fixed" and (not isinstance(value, list) or len(value) != 1):
        chk.add(
            where,
            f"{as_written(value)}: a fixed ramp needs one difficulty; write e.g. difficulty = 2",
        )
        return None
    if ramp == "step" and (not isinstance(value, list) or not value):
        chk.add(
            where,
            f"{as_written(value)}: a step ramp needs one difficulty per day; write e.g. [1, 1, 2, 2, 3]",
        )
        return None
    ok = True
    for i, item in enumerate(value, start=1):
        if not _is_difficulty(item):
            chk.add(
                f"{where}[{i}]",
                f"{as_written(item)} is not a difficulty; use a whole number from 1 to 5",
            )
            ok = False
    return tuple(value) if ok else None


def _check_task_fields(
    chk: Checker, entry: dict, where: str, *, difficulty_required: bool
) -> dict[str, Any] | None:
    title = chk.text(entry, "title", where, REQUIRED, example='"Rewrite a slogan in ten words"')
    body = chk.text(
        entry, "body", where, "", example='"What to do, step by step"', allow_empty=True
    )
    graded = chk.flag(entry, "graded", where, False)
    difficulty = chk.integer(
        entry,
        "difficulty",
        where,
        REQUIRED if difficulty_required else None,
        lo=MIN_DIFFICULTY,
        hi=MAX_DIFFICULTY,
        example=2,
    )
    if title is None or body is None or graded is None:
        return None
    if difficulty is None and ("difficulty" in entry or difficulty_required):
        return None
    return {
        "title": title.strip(),
        "body": body.strip(),
        "graded": graded,
        "difficulty": difficulty,
    }


def _check_tasks(chk: Checker, data: dict, n_days: int | None) -> TaskPlan | None:
    tasks = chk.table(data, "tasks", "", '[tasks] with ramp = "linear" and difficulty = [1, 5]')
    if tasks is None:
        return None
    chk.known_keys(tasks, _TASKS_KEYS, "tasks")
    ok = True

    pool: list[Task] = []
    pool_entries = chk.table_list(tasks, "pool", "tasks")
    if pool_entries is None:
        ok = False
    for i, raw in enumerate(pool_entries or [], start=1):
        where = f"tasks.pool[{i}]"
        entry = chk.entry(raw, where, "tasks.pool")
        if entry is None:
            ok = False
            continue
        chk.known_keys(entry, _POOL_KEYS, where)
        fields = _check_task_fields(chk, entry, where, difficulty_required=True)
        if fields is None:
            ok = False
        else:
            pool.append(Task(**fields))

    day_fields: dict[int, dict[str, Any]] = {}
    day_entries = chk.table_list(tasks, "days", "tasks")
    if day_entries is None:
        ok = False
    for i, raw in enumerate(day_entries or [], start=1):
        where = f"tasks.days[{i}]"
        entry = chk.entry(raw, where, "tasks.days")
        if entry is None:
            ok = False
            continue
        chk.known_keys(entry, _TASK_DAY_KEYS, where)
        day = chk.integer(entry, "day", where, REQUIRED, lo=1, hi=n_days or MAX_DAYS, example=7)
        if day is not None and day in day_fields:
            chk.add(f"{where}.day", f"day {day} already has a task; give each day one entry")
            day = None
        fields = _check_task_fields(chk, entry, where, difficulty_required=False)
        if day is None or fields is None:
            ok = False
        else:
            day_fields[day] = fields

    # A minimal file has no tasks at all: the camp is a plain daily check-in.
    generic = not pool_entries and not day_entries
    ramp = chk.choice(tasks, "ramp", "tasks", "fixed" if generic else "linear", RAMPS)
    if ramp is None:
        return None
    difficulty = _check_difficulty(chk, tasks, ramp)
    if difficulty is None or n_days is None or not ok:
        return None

    plan = TaskPlan(ramp=ramp, difficulty=difficulty)
    by_day = {
        day: Task(
            title=f["title"],
            body=f["body"],
            difficulty=f["difficulty"] or ramp_difficulty(plan, day, n_days),
            graded=f["graded"],
        )
        for day, f in sorted(day_fields.items())
    }
    pool_days: dict[int, list[int]] = {}
    for day in range(1, n_days + 1):
        if day not in by_day:
            pool_days.setdefault(ramp_difficulty(plan, day, n_days), []).append(day)
    if generic:
        pool = [
            Task(title=_GENERIC_TASK_TITLE, body=_GENERIC_TASK_BODY, difficulty=d)
            for d in sorted(pool_days)
        ]
    offered = {task.difficulty for task in pool}
    for level, days in sorted(pool_days.items()):
        if level not in offered:
            which = f"day {days[0]} needs" if len(days) == 1 else f"days {_day_list(days)} need"
            chk.add(
                "tasks.pool",
                f"no task of difficulty {level}, which {which}; add a [[tasks.pool]] entry with "
                f"difficulty = {level} (or a [[tasks.days]] entry for each of those days)",
            )
            ok = False
    if not ok:
        return None
    return TaskPlan(ramp=ramp, difficulty=difficulty, pool=tuple(pool), by_day=by_day)


def _check_scoring(chk: Checker, data: dict) -> Scoring | None:
    scoring = chk.table(data, "scoring", "", "[scoring] with base = 10")
    if scoring is None:
        return None
    chk.known_keys(scoring, _SCORING_KEYS, "scoring")
    defaults = Scoring()
    values: dict[str, Any] = {}
    for key in _SCORING_INT_KEYS:
        values[key] = chk.integer(
            scoring, key, "scoring", getattr(defaults, key), lo=0, example=getattr(defaults, key)
        )
    values["by_difficulty"] = chk.flag(scoring, "by_difficulty", "scoring", defaults.by_difficulty)
    for key in _SCORING_FACTOR_KEYS:
        values[key] = chk.factor(scoring, key, "scoring", getattr(defaults, key))
    values["team"] = chk.choice(scoring, "team", "scoring", defaults.team, TEAM_SCORES)
    values["rank_by"] = chk.choice(scoring, "rank_by", "scoring", defaults.rank_by, RANK_BY)
    if any(v is None for v in values.values()):
        return None
    return Scoring(**values)


def _check_ceremony(
    chk: Checker, table: dict, key: str, default: Ceremony, n_days: int | None
) -> tuple[bool, Ceremony | None]:
    where = f"ceremonies.{key}"
    example = '{ day = 1, at = "19:30" }' if key == "opening" else '{ day = "last", at = "23:45" }'
    if key not in table:
        return True, default
    value = table[key]
    if value is False:
        return True, None
    if not isinstance(value, dict):
        chk.add(
            where,
            f"{as_written(value)} is {kind_of(value)}; write {key} = {example}, or false for none",
        )
        return False, None
    chk.known_keys(value, _CEREMONY_KEYS, where)
    ok = True
    day: int | None = default.day
    if "day" in value:
        raw = value["day"]
        if raw == "last":
            day = None
        elif is_whole_number(raw) and 1 <= raw <= (n_days or MAX_DAYS):
            day = raw
        else:
            last = n_days or MAX_DAYS
            chk.add(
                f"{where}.day",
                f'{as_written(raw)} is not a day of the camp; use a day from 1 to {last} or "last"',
            )
            ok = False
    at = chk.time(value, "at", where, default.at)
    if at is None:
        ok = False
    return ok, Ceremony(day=day, at=at) if ok and at is not None else None


def _check_ceremonies(chk: Checker, data: dict, n_days: int | None) -> Ceremonies | None:
    table = chk.table(
        data, "ceremonies", "", '[ceremonies] with opening = { day = 1, at = "19:30" }'
    )
    if table is None:
        return None
    chk.known_keys(table, ("opening", "closing"), "ceremonies")
    ok_open, opening = _check_ceremony(chk, table, "opening", _DEFAULT_OPENING, n_days)
    ok_close, closing = _check_ceremony(chk, table, "closing", _DEFAULT_CLOSING, n_days)
    if not (ok_open and ok_close):
        return None
    if opening and closing and opening.day and closing.day and closing.day < opening.day:
        chk.add(
            "ceremonies.closing.day",
            f"day {closing.day} comes before the opening on day {opening.day}; "
            'close on the opening day or later, e.g. day = "last"',
        )
        return None
    return Ceremonies(opening=opening, closing=closing)


def _check_reminders(chk: Checker, data: dict) -> Reminders | None:
    table = chk.table(data, "reminders", "", '[reminders] with before_due = ["30m"]')
    if table is None:
        return None
    chk.known_keys(table, _REMINDER_KEYS, "reminders")
    ok = True
    before: tuple[int, ...] = Reminders().before_due
    if "before_due" in table:
        value = table["before_due"]
        fix = 'write durations like "30m", "1h" or "1h30m"'
        if not isinstance(value, list):
            chk.add(
                "reminders.before_due",
                f'{as_written(value)} is {kind_of(value)}; {fix} in a list, e.g. ["30m"]',
            )
            ok = False
        else:
            found: list[int] = []
            for i, item in enumerate(value, start=1):
                minutes = parse_duration(item)
                where = f"reminders.before_due[{i}]"
                if minutes is None or not 0 < minutes < MINUTES_PER_DAY:
                    detail = (
                        "is not a duration" if minutes is None else "is not between 1m and 23h59m"
                    )
                    chk.add(where, f"{as_written(item)} {detail}; {fix}")
                    ok = False
                elif minutes in found:
                    chk.add(where, f"{as_written(item)} repeats an earlier reminder; remove it")
                    ok = False
                else:
                    found.append(minutes)
            before = tuple(found)
    task_post = chk.time(table, "task_post", "reminders", None, allow_false=True)
    summary = chk.time(table, "summary", "reminders", None, allow_false=True)
    for key, parsed in (("task_post", task_post), ("summary", summary)):
        if key in table and table[key] is not False and parsed is None:
            ok = False
    weekly = chk.flag(table, "weekly_board", "reminders", False)
    if not ok or weekly is None:
        return None
    return Reminders(before_due=before, task_post=task_post, summary=summary, weekly_board=weekly)


def _check_members(chk: Checker, data: dict) -> MemberRules | None:
    table = chk.table(data, "members", "", "[members] with inactive_after = 2")
    if table is None:
        return None
    chk.known_keys(table, _MEMBER_KEYS, "members")
    defaults = MemberRules()
    inactive = chk.integer(
        table, "inactive_after", "members", defaults.inactive_after, lo=1, example=2
    )
    remove_default = max(defaults.remove_after, inactive or 1)
    remove = chk.integer(table, "remove_after", "members", remove_default, lo=1, example=3)
    if inactive is None or remove is None:
        return None
    if remove < inactive:
        chk.add(
            "members.remove_after",
            f"{remove} is less than inactive_after ({inactive}); a member is warned before being "
            f"removed, so use {inactive} or more",
        )
        return None
    inactive_by = chk.choice(
        table, "inactive_by", "members", defaults.inactive_by, ACTIVITY_MEASURES
    )
    if inactive_by is None:
        return None
    add_unknown = chk.flag(table, "add_unknown", "members", defaults.add_unknown)
    if add_unknown is None:
        return None
    leave_quota = chk.integer(
        table, "leave_quota", "members", defaults.leave_quota, lo=0, hi=30, example=1
    )
    if leave_quota is None:
        return None
    return MemberRules(
        inactive_after=inactive,
        remove_after=remove,
        inactive_by=inactive_by,
        add_unknown=add_unknown,
        leave_quota=leave_quota,
    )


def _check_channels(chk: Checker, data: dict) -> tuple[Channel, ...] | None:
    entries = chk.table_list(data, "channels", "")
    if entries is None:
        return None
    channels: list[Channel] = []
    ok = True
    for i, raw in enumerate(entries, start=1):
        where = f"channels[{i}]"
        entry = chk.entry(raw, where, "channels")
        if entry is None:
            ok = False
            continue
        if "type" not in entry:
            chk.add(f"{where}.type", f"missing; add type = {one_of(CHANNEL_TYPES)}")
            ok = False
            continue
        kind = chk.choice(entry, "type", where, None, CHANNEL_TYPES)
        if kind is None:
            ok = False
            continue
        allowed = _CHANNEL_KEYS[kind]
        options: dict[str, Any] = {}
        for key, value in entry.items():
            if key == "type":
                continue
            if key in ("url", "secret"):
                var = f"CAMP_{kind.upper()}_{key.upper()}"
                chk.add(
                    f"{where}.{key}",
                    f"a {key} must not sit in a camp file; put it in an environment variable "
                    f'and write {key}_env = "{var}" instead',
                )
                ok = False
            elif key == "secret_env" and kind in _WEBHOOK_TYPES and kind not in _SIGNED_TYPES:
                chk.add(
                    f"{where}.secret_env",
                    f"{kind} robots are not signed (the key is part of the URL); remove secret_env",
                )
                ok = False
            elif key in ("keyword", "keywords") and kind not in _KEYWORD_TYPES:
                chk.add(
                    f"{where}.{key}",
                    f"only {' and '.join(_KEYWORD_TYPES)} robots look for a keyword; remove {key}",
                )
                ok = False
            elif key not in allowed:
                chk.known_keys({key: value}, ("type", *allowed), where)
                ok = False
            else:
                options[key] = value
        if kind == "folder":
            path = chk.text(entry, "path", where, REQUIRED, example='"announcements"')
            ok = ok and path is not None
        for key in ("url_env", "secret_env"):
            if key not in allowed:
                continue
            env = chk.text(
                entry,
                key,
                where,
                REQUIRED if key == "url_env" else None,
                example=f'"CAMP_{kind.upper()}_{key[:-4].upper()}"',
            )
            if env is not None and not _ENV_NAME_RE.fullmatch(env):
                chk.add(
                    f"{where}.{key}",
                    f"{as_written(env)} is not the name of an environment variable; write the "
                    f'variable\'s name, e.g. "CAMP_{kind.upper()}_{key[:-4].upper()}", '
                    "and put the value in that variable",
                )
                env = None
            if env is None and (key == "url_env" or key in entry):
                ok = False
        if kind in _KEYWORD_TYPES and not _check_channel_keywords(chk, entry, where, options):
            ok = False
        channels.append(Channel(type=kind, options=options))
    return tuple(channels) if ok else None


def _check_channel_keywords(chk: Checker, entry: dict, where: str, options: dict) -> bool:
    """``keyword`` (one word) or ``keywords`` (several) of a robot whose custom-keyword
    security refuses a message without one; kept stripped in ``options``."""
    ok = True
    if "keyword" in entry and "keywords" in entry:
        chk.add(
            f"{where}.keywords",
            "keyword is set too; keep one of them (keywords takes a list of words)",
        )
        ok = False
    if "keyword" in entry:
        word = chk.text(entry, "keyword", where, None, example='"打卡"')
        if word is None:
            ok = False
        else:
            options["keyword"] = word.strip()
    if "keywords" in entry:
        value = entry["keywords"]
        if not isinstance(value, list) or not value:
            shown = "an empty list" if value == [] else f"{as_written(value)} is {kind_of(value)}"
            chk.add(
                f"{where}.keywords",
                f"{shown}, but the robot refuses a message without one; {_CHANNEL_KEYWORDS_FIX}",
            )
            return False
        for i, item in enumerate(value, start=1):
            if not isinstance(item, str) or not item.strip():
                chk.add(
                    f"{where}.keywords[{i}]",
                    f"{as_written(item)} is not a keyword; {_CHANNEL_KEYWORDS_FIX}",
                )
                ok = False
        if ok:
            options["keywords"] = [item.strip() for item in value]
    return ok


def _check_bots(chk: Checker, data: dict) -> tuple[Bot, ...] | None:
    """The ``[[bots]]`` that listen to the camp's group chat (SPEC section 10).

    Whether ``token_env`` is set is not checked here but when a bot starts
    (``camp.bots.config.missing_bot_env``), as for channels.
    """
    entries = chk.table_list(data, "bots", "")
    if entries is None:
        return None
    bots: list[Bot] = []
    chats: dict[tuple[str, str], int] = {}
    ok = True
    for i, raw in enumerate(entries, start=1):
        where = f"bots[{i}]"
        entry = chk.entry(raw, where, "bots")
        if entry is None:
            ok = False
            continue
        # Every wrong key of an entry adds a sentence, so a new sentence marks it invalid.
        reported = len(chk.problems)
        kind = _check_bot_type(chk, entry, where)
        # A secret in the file is refused whatever the type, so it is never missed.
        for key, noun in _BOT_SECRET_KEYS.items():
            if key in entry:
                var_key = _BOT_SECRET_VARS.get(key, "token_env")
                if var_key == "token_env":
                    var = _BOT_TOKEN_VARS.get(kind or "", "CAMP_BOT_TOKEN")
                else:
                    var = _BOT_SECRET_EXAMPLES.get((kind or "", var_key), "CAMP_BOT_SECRET")
                chk.add(
                    f"{where}.{key}",
                    f"{noun} must not sit in a camp file; put it in an environment variable "
                    f'and write {var_key} = "{var}" instead',
                )
        if kind is None:
            ok = False
            continue
        _check_bot_keys(chk, entry, where, kind)
        chat = _check_bot_chat(chk, entry, where, kind)
        keys = _BOT_KEYS[kind]
        token_env = _check_bot_secret_env(chk, entry, where, kind, "token_env")
        app_token_env = (
            _check_bot_secret_env(chk, entry, where, kind, "app_token_env")
            if "app_token_env" in keys
            else None
        )
        secret_env = (
            _check_bot_secret_env(chk, entry, where, kind, "secret_env")
            if "secret_env" in keys
            else None
        )
        app_id = _check_bot_app_id(chk, entry, where, kind) if "app_id" in keys else None
        api_base = _check_bot_api_base(chk, entry, where, kind) if "api_base" in keys else None
        url = _check_bot_url(chk, entry, where) if kind == "onebot" else None
        reply = chk.choice(entry, "reply", where, "ack", BOT_REPLIES)
        if reply == "react" and kind not in _REACTING_BOTS:
            chk.add(
                f"{where}.reply",
                f'"react" is only for {", ".join(_REACTING_BOTS[:-1])} and {_REACTING_BOTS[-1]} bots ({kind} bots '
                'answer a check-in with a message); use "ack" or "silent"',
            )
        if chat is not None:
            # Telegram's usernames ignore case: @StudyCamp and @studycamp are one group.
            same = (kind, chat.lower() if chat.startswith("@") else chat)
            if same in chats:
                chk.add(
                    f"{where}.chat",
                    f"{as_written(chat)} is already the chat of bots[{chats[same]}], also "
                    f"{kind}; a camp listens to a chat once, so remove one of the two",
                )
            else:
                chats[same] = i
        if len(chk.problems) > reported or chat is None or reply is None:
            ok = False
            continue
        bots.append(
            Bot(
                type=kind,
                chat=chat,
                reply=reply,
                token_env=token_env,
                api_base=api_base,
                url=url,
                app_token_env=app_token_env,
                app_id=app_id,
                secret_env=secret_env,
            )
        )
    return tuple(bots) if ok else None


def _check_bot_type(chk: Checker, entry: dict, where: str) -> str | None:
    if "type" not in entry:
        chk.add(f"{where}.type", f"missing; add type = {one_of(BOT_TYPES)}")
        return None
    return chk.choice(entry, "type", where, None, BOT_TYPES)


def _check_bot_keys(chk: Checker, entry: dict, where: str, kind: str) -> None:
    """Every key of the entry is one ``kind`` takes; the other type's keys say so."""
    allowed = _BOT_KEYS[kind]
    for key in entry:
        if key == "type" or key in allowed or key in _BOT_SECRET_KEYS:
            continue
        if key == "url" and kind != "onebot":
            chk.add(
                f"{where}.url",
                f"{kind} bots take api_base, not url; write api_base = "
                f"{_BOT_API_EXAMPLES[kind]} for another server, or remove url for the default",
            )
        elif key in ("token_env", "app_token_env", "secret_env", "app_id"):
            wanted = [k for k in allowed if k.endswith("_env") or k == "app_id"]
            chk.add(
                f"{where}.{key}",
                f"{kind} bots do not take {key}; they take {' and '.join(wanted)}",
            )
        elif key == "api_base" and kind == "onebot":
            chk.add(
                f"{where}.api_base",
                "onebot bots take url, not api_base; write the implementation's forward "
                'WebSocket, e.g. url = "ws://127.0.0.1:3001"',
            )
        else:
            chk.known_keys({key: entry[key]}, ("type", *allowed), where)


def _check_bot_chat(chk: Checker, entry: dict, where: str, kind: str) -> str | None:
    """The chat id as text; the file may write it as a whole number or as text."""
    fix = _BOT_CHAT_FIXES[kind]
    if "chat" not in entry:
        chk.add(f"{where}.chat", f"missing; the bot must know which group to listen to: {fix}")
        return None
    value = entry["chat"]
    if is_whole_number(value):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            chk.add(f"{where}.chat", f"is empty; {fix}")
            return None
    else:
        chk.add(f"{where}.chat", f"{as_written(value)} is {kind_of(value)}, not a chat id; {fix}")
        return None
    if not _BOT_CHAT_RES[kind].fullmatch(text):
        chk.add(f"{where}.chat", f"{as_written(value)} is not a chat id; {fix}")
        return None
    return text


def _check_bot_secret_env(chk: Checker, entry: dict, where: str, kind: str, key: str) -> str | None:
    """The name of the variable holding one of the bot's secrets (``token_env``,
    ``app_token_env``, ``secret_env``); required where the platform needs it."""
    var = (
        _BOT_TOKEN_VARS.get(kind, "CAMP_BOT_TOKEN")
        if key == "token_env"
        else _BOT_SECRET_EXAMPLES.get((kind, key), "CAMP_BOT_SECRET")
    )
    if key not in entry:
        need = _BOT_SECRET_NEEDS.get((kind, key))
        if need is not None:
            chk.add(
                f"{where}.{key}",
                f'missing; {need}: put it in an environment variable and add {key} = "{var}"',
            )
        return None
    env = chk.text(entry, key, where, None, example=f'"{var}"')
    if env is None:
        return None
    env = env.strip()
    if not _ENV_NAME_RE.fullmatch(env):
        chk.add(
            f"{where}.{key}",
            f"{as_written(entry[key])} is not the name of an environment variable; "
            f'write the variable\'s name, e.g. "{var}", and put the secret in that variable',
        )
        return None
    return env


def _check_bot_app_id(chk: Checker, entry: dict, where: str, kind: str) -> str | None:
    """Feishu's App ID or DingTalk's AppKey (Client ID): an id, not a secret."""
    pattern, example = _BOT_APP_IDS[kind]
    name = "App ID" if kind == "feishu" else "AppKey (Client ID)"
    if "app_id" not in entry:
        chk.add(
            f"{where}.app_id",
            f"missing; write the app's {name} from the developer console, e.g. app_id = {example}",
        )
        return None
    value = chk.text(entry, "app_id", where, None, example=example)
    if value is None:
        return None
    if not pattern.fullmatch(value.strip()):
        chk.add(
            f"{where}.app_id",
            f"{as_written(value)} is not a {kind} app's {name}; copy it from the developer "
            f"console, e.g. app_id = {example}",
        )
        return None
    return value.strip()


def _check_bot_api_base(chk: Checker, entry: dict, where: str, kind: str) -> str | None:
    """The platform's API server, without a trailing ``/``; ``None`` when absent."""
    example = _BOT_API_EXAMPLES[kind]
    value = chk.text(entry, "api_base", where, None, example=example.split(" ")[0])
    if value is None:
        return None
    base = value.strip().rstrip("/")
    parts = _url_parts(base)
    if _TELEGRAM_TOKEN_RE.search(base) or (
        parts is not None and {"token", "access_token"} & set(parse_qs(parts.query))
    ):
        chk.add(
            f"{where}.api_base",
            "holds a bot token, which must not sit in a camp file; write the server alone, "
            f"e.g. api_base = {example}, and put the token in the variable token_env names",
        )
        return None
    if parts is None or parts.scheme not in ("http", "https") or parts.query or parts.fragment:
        chk.add(
            f"{where}.api_base",
            f"{as_written(value)} is not the address of an API server; write an http:// or "
            f"https:// address, e.g. api_base = {example} (or a local server such as "
            '"http://127.0.0.1:8081")',
        )
        return None
    return base


def _check_bot_url(chk: Checker, entry: dict, where: str) -> str | None:
    """The forward WebSocket of a OneBot v11 implementation (required)."""
    example = '"ws://127.0.0.1:3001"'
    if "url" not in entry:
        chk.add(
            f"{where}.url",
            "missing; camp connects to the OneBot implementation's forward WebSocket: "
            f"add url = {example}",
        )
        return None
    value = chk.text(entry, "url", where, None, example=example)
    if value is None:
        return None
    url = value.strip()
    parts = _url_parts(url)
    if parts is not None and "access_token" in parse_qs(parts.query):
        chk.add(
            f"{where}.url",
            "holds an access token, which must not sit in a camp file; remove it from the "
            'address, put it in an environment variable and write token_env = "CAMP_ONEBOT_TOKEN"',
        )
        return None
    if parts is None or parts.scheme not in ("ws", "wss") or parts.fragment:
        chk.add(
            f"{where}.url",
            f"{as_written(value)} is not a WebSocket address; write the implementation's "
            f"forward WebSocket, e.g. url = {example} (wss:// with TLS)",
        )
        return None
    return url


def _url_parts(text: str) -> SplitResult | None:
    """``urlsplit`` of an address with a host (and a valid port), else ``None``."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts if parts.hostname and not any(c.isspace() for c in text) else None


def _check_outcomes(chk: Checker, data: dict, n_days: int | None) -> tuple[bool, Outcomes | None]:
    """``[outcomes]``: ``pass = { min_days = N }`` (default: every day) and ``perfect =
    "all"`` (or false for no perfect tier); ``(True, None)`` when the camp has none."""
    if "outcomes" not in data:
        return True, None
    table = chk.table(data, "outcomes", "", "[outcomes] with pass = { min_days = 18 }")
    if table is None:
        return False, None
    chk.known_keys(table, ("pass", "perfect"), "outcomes")
    last = n_days or MAX_DAYS
    min_days: int | None = last
    if "pass" in table:
        rule = table["pass"]
        if not isinstance(rule, dict):
            chk.add(
                "outcomes.pass",
                f"{as_written(rule)} is {kind_of(rule)}; write pass = {{ min_days = {last} }}",
            )
            return False, None
        chk.known_keys(rule, ("min_days",), "outcomes.pass")
        min_days = chk.integer(rule, "min_days", "outcomes.pass", last, lo=1, hi=last, example=last)
    perfect = table.get("perfect", "all")
    if perfect not in ("all", False):
        chk.add(
            "outcomes.perfect",
            f'{as_written(perfect)} is not allowed; use "all" (no missed day) or false',
        )
        return False, None
    if min_days is None:
        return False, None
    return True, Outcomes(pass_min_days=min_days, perfect=perfect == "all")


#: The largest deposit or fine a camp file may name: far beyond any camp's, so a typo
#: (a phone number) is refused.
_MAX_MONEY = Decimal(1_000_000)
_CENT = Decimal("0.01")


def _money(chk: Checker, table: dict, key: str, default: Decimal | None) -> Decimal | None:
    where = f"stakes.{key}"
    if key not in table:
        if default is None:
            chk.add(where, f"missing; add it, e.g. {key} = 100")
        return default
    value = table[key]
    if not (is_whole_number(value) or isinstance(value, float)):
        chk.add(
            where, f"{as_written(value)} is {kind_of(value)}; write an amount, e.g. {key} = 100"
        )
        return None
    amount = exact_decimal(value)
    if not (amount.is_finite() and 0 <= amount <= _MAX_MONEY) or amount != amount.quantize(_CENT):
        chk.add(
            where,
            f"{value} is not an amount from 0 to {_MAX_MONEY:,} with at most two decimals "
            f"(cents); write e.g. {key} = 100 or 99.5",
        )
        return None
    return amount


def _check_stakes(chk: Checker, data: dict) -> tuple[bool, Stakes | None]:
    """``[stakes]``: deposit, fine_per_miss, refund and pool; ``(True, None)`` without."""
    if "stakes" not in data:
        return True, None
    table = chk.table(data, "stakes", "", "[stakes] with deposit = 100")
    if table is None:
        return False, None
    chk.known_keys(table, ("deposit", "fine_per_miss", "refund", "pool"), "stakes")
    deposit = _money(chk, table, "deposit", None)
    fine = _money(chk, table, "fine_per_miss", Decimal(0))
    refund = chk.choice(table, "refund", "stakes", "deposit_minus_fines", STAKES_REFUNDS)
    pool = chk.choice(table, "pool", "stakes", "split_among_perfect", STAKES_POOLS)
    if deposit is not None and deposit == 0:
        chk.add("stakes.deposit", "0 is no deposit; write the amount each member pays, e.g. 100")
        return False, None
    if deposit is None or fine is None or refund is None or pool is None:
        return False, None
    return True, Stakes(deposit=deposit, fine_per_miss=fine, refund=refund, pool=pool)


# --------------------------------------------------------------------------- all of them


def parse_definition(data: dict, source: str = "<definition>") -> CampDefinition:
    """Validate parsed TOML (or JSON of the same shape) and build a ``CampDefinition``.

    Every problem is collected first; if there is any, ``DefinitionError(source, problems)``
    is raised with all of them.
    """
    if not isinstance(data, dict):
        raise DefinitionError(source, ["the definition must be a table of keys, as in a TOML file"])
    chk = Checker()
    chk.known_keys(data, _TOP_KEYS, "")
    camp = _check_camp(chk, data)
    n_days = camp.get("days")
    windows = _check_windows(chk, data)
    tasks = _check_tasks(chk, data, n_days)
    scoring = _check_scoring(chk, data)
    ceremonies = _check_ceremonies(chk, data, n_days)
    reminders = _check_reminders(chk, data)
    members = _check_members(chk, data)
    channels = _check_channels(chk, data)
    bots = _check_bots(chk, data)
    _, outcomes = _check_outcomes(chk, data, n_days)
    _, stakes = _check_stakes(chk, data)
    if chk.problems:
        raise DefinitionError(source, chk.problems)
    assert windows is not None and tasks is not None and scoring is not None
    assert ceremonies is not None and reminders is not None
    assert members is not None and channels is not None and bots is not None
    return CampDefinition(
        windows=windows,
        tasks=tasks,
        scoring=scoring,
        ceremonies=ceremonies,
        reminders=reminders,
        members=members,
        channels=channels,
        bots=bots,
        outcomes=outcomes,
        stakes=stakes,
        **camp,
    )
