"""Announcements rendered from Jinja2 templates in a sandbox.

An operator may replace any built-in template with their own, so a template is
untrusted text: it runs in Jinja's immutable sandbox (no attributes of Python
internals, no mutating the context), every variable it names must exist, and any
problem comes back as one ``CampError`` sentence naming the file and the line.

The context of each kind is plain data (str, int, float, bool, None, lists and dicts);
``sample_context`` shows its exact shape.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from camp.errors import CampError
from camp.labels import MEDALS
from camp.resources import message_templates_dir
from camp.textwidth import pad

__all__ = [
    "ANNOUNCEMENT_KINDS",
    "MAX_CHARACTERS",
    "MAX_SECONDS",
    "NAMES_LIMIT",
    "REPLY_KINDS",
    "OperatorText",
    "escape_markdown",
    "render_announcement",
    "render_reply",
    "sample_context",
]

ANNOUNCEMENT_KINDS = (
    "opening",
    "task",
    "reminder",
    "close",
    "summary",
    "inactivity",
    "pairing",
    "closing",
)
#: What a bot says back in the chat (plain text, never Markdown): the answer to a
#: check-in, to ``/me``, ``/board`` and ``/help``, and to a makeup or leave request.
REPLY_KINDS = ("ack", "me", "board", "help", "request")
#: A reply is short: Telegram takes 4,096 characters, QQ about as many.
REPLY_CHARACTERS = 4000

#: How many names the ``names`` filter shows before "… and N more".
NAMES_LIMIT = 30

#: Prefix under which an operator's template can include a built-in one, e.g.
#: ``{% include "builtin/task.md.j2" %}`` followed by a line of their own.
BUILTIN_PREFIX = "builtin"

_SUFFIX = ".md.j2"
_BLANK_RUN = re.compile(r"\n{3,}")

#: A template may take this long to render (seconds of wall time) and produce this
#: much text; beyond either it fails its own event, never the scheduler.
MAX_SECONDS = 5.0
MAX_CHARACTERS = 200_000
#: The longest string or list a template may build with ``*``, and the largest power.
_MAX_REPEAT = 100_000
_MAX_EXPONENT = 1_000

# Markdown's inline markup characters (and the backslash itself): in a value that came
# from members they are escaped, so a name such as "**Bob**" or "[x](y)" stays text.
# "<", ">" and "&" stay as typed: each robot's format makes them inert (Slack's
# entities, Feishu's text elements, Discord's allowed mentions).
_MARKUP = re.compile(r"([\\`*_\[\]~|])")
# A value may land at the start of a line, where "#", ">", "-", "+" or "1." would begin
# a heading, a quote or a list: their first character is escaped too, and a value never
# breaks the line it is printed on.
_BLOCK_MARK = re.compile(r"^(\s*)(#(?=#{0,5}(?:\s|$))|[-+](?=\s|$)|>|=(?==*\s*$))")
_NUMBER_MARK = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\u2028\u2029\x85]+\s*")


class OperatorText(str):
    """Text the operator wrote (a task's title and body): its Markdown is kept as written.

    Every other value a template prints is escaped by :func:`escape_markdown`.
    """

    __slots__ = ()


def escape_markdown(value: Any) -> Any:
    """A printed value with Markdown's inline markup escaped (``*`` -> ``\\*``), unless it
    is :class:`OperatorText`; numbers and other non-text values pass as they are."""
    if isinstance(value, OperatorText) or not isinstance(value, str):
        return value
    text = _MARKUP.sub(r"\\\1", _LINE_BREAKS.sub(" ", value))
    text = _BLOCK_MARK.sub(r"\1\\\2", text)
    return _NUMBER_MARK.sub(r"\1\\\2", text)


def render_announcement(
    kind: str,
    context: dict,
    *,
    language: str = "en",
    override_dir: Path | None = None,
) -> str:
    """Render the announcement of ``kind`` with ``context`` in ``language``.

    The template is looked up in ``override_dir/<language>/``, then ``override_dir/``,
    then the built-in ``<language>/`` folder, then the built-in ``en/`` one. The text is
    stripped, trailing spaces are removed and runs of blank lines shrink to one.
    Raises ``CampError`` for an unknown kind or any problem in the template (syntax,
    unknown variable, sandbox violation, failing expression).
    """
    if kind not in ANNOUNCEMENT_KINDS:
        raise CampError(
            f"unknown announcement kind {kind!r}; expected one of {', '.join(ANNOUNCEMENT_KINDS)}"
        )
    return _render(kind, context, language, override_dir, plain=False)


def render_reply(
    kind: str,
    context: dict,
    *,
    language: str = "en",
    override_dir: Path | None = None,
) -> str:
    """Render a bot's reply of ``kind`` (see ``REPLY_KINDS``): plain text, so values are
    printed as they are (the bots send no markup), cut to ``REPLY_CHARACTERS``; looked
    up, sandboxed and budgeted like an announcement."""
    if kind not in REPLY_KINDS:
        raise CampError(f"unknown reply kind {kind!r}; expected one of {', '.join(REPLY_KINDS)}")
    text = _render(kind, context, language, override_dir, plain=True)
    if len(text) > REPLY_CHARACTERS:
        text = text[: REPLY_CHARACTERS - 1] + "…"
    return text


def _render(
    kind: str, context: dict, language: str, override_dir: Path | None, *, plain: bool
) -> str:
    env = _environment(language, override_dir, plain)
    name = kind + _SUFFIX
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_problem(exc) from None
    except jinja2.TemplateNotFound as exc:
        raise CampError(
            f"no template {exc.name!r} for the {kind} announcement; the built-in "
            f"templates are missing from {message_templates_dir()}"
        ) from None
    except UnicodeDecodeError as exc:
        raise _encoding_problem(exc, _template_file(env, name)) from None
    except OSError as exc:
        raise CampError(
            f"announcement template {_template_file(env, name)} cannot be read "
            f"({exc.strerror or exc}); check the file, or delete it to use the built-in one"
        ) from None
    filename = template.filename or name
    try:
        text = _render_within_budget(template, context, filename)
    except CampError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        # An included template is compiled only when rendering reaches it.
        raise _syntax_problem(exc) from None
    except UnicodeDecodeError as exc:
        raise _encoding_problem(exc, filename) from None
    except Exception as exc:
        # Whatever an operator's template does wrong is their input, not an engine bug.
        raise _render_problem(exc, filename) from None
    return _tidy(text)


class _OverBudget(Exception):
    """Raised inside a template's own code when it runs past its time."""


def _render_within_budget(template: jinja2.Template, context: dict, filename: str) -> str:
    """Render in this thread with a deadline and a size limit.

    Output is read as it is produced, so a template that writes too much stops at the
    limit. The deadline is checked on every line the template's own code runs (a trace
    function on the template's frames only), which also stops loops that write nothing.
    """
    deadline = time.monotonic() + MAX_SECONDS

    def on_line(frame: Any, event: str, arg: Any) -> Any:
        if event == "line" and time.monotonic() > deadline:
            raise _OverBudget
        return on_line

    def on_call(frame: Any, event: str, arg: Any) -> Any:
        # Compiled templates carry their file name; Python's own frames end in .py.
        return on_line if not frame.f_code.co_filename.endswith(".py") else None

    chunks: list[str] = []
    size = 0
    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_CHARACTERS:
                raise CampError(
                    f"announcement template {filename} writes more than {MAX_CHARACTERS:,} "
                    "characters; shorten what it repeats (a loop over every member?)"
                )
            chunks.append(chunk)
    except _OverBudget:
        raise CampError(
            f"announcement template {filename} took more than {MAX_SECONDS:g} s to render; "
            "look for a loop inside a loop, or delete it to use the built-in one"
        ) from None
    finally:
        sys.settrace(previous)
    return "".join(chunks)


def _template_file(env: jinja2.Environment, name: str) -> str:
    """Where the loader would read ``name`` from, for an error sentence."""
    loader = env.loader
    if isinstance(loader, jinja2.ChoiceLoader):
        for choice in loader.loaders:
            if isinstance(choice, jinja2.FileSystemLoader):
                for folder in choice.searchpath:
                    candidate = Path(folder) / name
                    if candidate.is_file():
                        return str(candidate)
    return name


def _encoding_problem(exc: UnicodeDecodeError, filename: str) -> CampError:
    return CampError(
        f"announcement template {filename} is not UTF-8 text (byte {exc.start} cannot be "
        "read); save it as UTF-8, e.g. `iconv -f GBK -t UTF-8`, or delete it to use the "
        "built-in one"
    )


class _BudgetedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, refusing ``*`` and ``**`` that would build something huge:
    those run in C, where no deadline can stop them."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(count, int)
                    and len(sequence) * max(count, 0) > _MAX_REPEAT
                ):
                    raise jinja2.exceptions.SecurityError(
                        f"repeating something {count:,} times builds more than "
                        f"{_MAX_REPEAT:,} items"
                    )
        elif operator == "**" and isinstance(right, int) and abs(right) > _MAX_EXPONENT:
            raise jinja2.exceptions.SecurityError(f"a power of {right:,} is too large")
        return super().call_binop(context, operator, left, right)


def _search_path(language: str, override_dir: Path | None) -> list[Path]:
    builtin = message_templates_dir()
    folders: list[Path] = []
    if override_dir is not None:
        folders += [Path(override_dir) / language, Path(override_dir)]
    folders += [builtin / language, builtin / "en"]
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique


# One environment per language and folder: Jinja then compiles each template once and
# recompiles it only when its file changes (auto_reload checks the modification time).
@lru_cache(maxsize=64)
def _environment(
    language: str, override_dir: Path | None, plain: bool = False
) -> ImmutableSandboxedEnvironment:
    builtin = message_templates_dir()
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(p) for p in _search_path(language, override_dir)]),
            jinja2.PrefixLoader(
                {
                    BUILTIN_PREFIX: jinja2.FileSystemLoader(
                        [str(builtin / language), str(builtin / "en")]
                    )
                }
            ),
        ]
    )
    env = _BudgetedSandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        # Chat text, not HTML: the escaping is Markdown's, for members' names (finalize);
        # a bot's plain-text reply prints every value as it is.
        autoescape=False,
        finalize=None if plain else escape_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        pad=_pad_filter,
        stars=stars,
        medal=medal,
        percent=percent,
        names=lambda items, prefix="", sep=None, limit=NAMES_LIMIT: names(
            items, language=language, prefix=prefix, sep=sep, limit=limit
        ),
        minutes=lambda value: minutes(value, language=language),
    )
    return env


# -- filters ------------------------------------------------------------------------


def _pad_filter(value: Any, width: int, right: bool = False) -> str:
    return pad(str(value), int(width), right=right)


def stars(difficulty: Any) -> str:
    """Difficulty 1..5 as five stars, filled up to the difficulty: 3 -> "★★★☆☆"."""
    filled = min(max(int(difficulty), 0), 5)
    return "★" * filled + "☆" * (5 - filled)


def medal(rank: Any) -> str:
    """🥇, 🥈 or 🥉 for ranks 1 to 3, else an empty string."""
    try:
        return MEDALS.get(int(rank), "")
    except (TypeError, ValueError):
        return ""


def percent(value: Any) -> str:
    """A share 0..1 as a whole percentage, rounded half up: 0.825 -> "83%"."""
    if value is None:
        return "–"
    # Decimal of the repr, so 0.825 rounds up as written rather than as stored.
    share = Decimal(repr(float(value))) * 100
    return f"{share.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def names(
    items: Iterable[Any],
    *,
    language: str = "en",
    prefix: str = "",
    sep: str | None = None,
    limit: int = NAMES_LIMIT,
) -> str:
    """Names joined for a chat line; past ``limit`` the rest are counted, not listed.

    With a ``prefix`` such as "@" every name becomes a mention and mentions are
    separated by spaces ("@Alice @Bob"); otherwise "A, B, C" in English and "A、B、C"
    in Chinese.
    """
    listed = [f"{prefix}{item}" for item in items]
    if sep is None:
        sep = " " if prefix else ("、" if language == "zh" else ", ")
    shown, hidden = listed[:limit], len(listed) - min(len(listed), limit)
    text = sep.join(shown)
    if hidden:
        # "等 N 人" would read as "N in all"; these are N more.
        text += f" …另有 {hidden} 人" if language == "zh" else f" … and {hidden} more"
    return text


def minutes(value: Any, *, language: str = "en") -> str:
    """A number of minutes in words: "1 h 30 min" / "1 小时 30 分钟"."""
    total = max(int(value), 0)
    hours, rest = divmod(total, 60)
    if language == "zh":
        parts = ([f"{hours} 小时"] if hours else []) + (
            [f"{rest} 分钟"] if rest or not hours else []
        )
        return " ".join(parts)
    if not hours:
        return f"{rest} minute{'s' if rest != 1 else ''}"
    if not rest:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours} h {rest} min"


# -- errors -------------------------------------------------------------------------


def _syntax_problem(exc: jinja2.TemplateSyntaxError) -> CampError:
    where = exc.filename or exc.name or "announcement template"
    return CampError(
        f"announcement template {where}, line {exc.lineno}: {_sentence(exc.message)} "
        "(fix the template, or delete it to use the built-in one)"
    )


def _render_problem(exc: BaseException, fallback_file: str) -> CampError:
    filename, lineno = _template_location(exc, fallback_file)
    line = f", line {lineno}" if lineno else ""
    if isinstance(exc, jinja2.exceptions.SecurityError):
        what = f"refused by the sandbox: {_sentence(str(exc))}"
    elif isinstance(exc, jinja2.UndefinedError):
        what = f"unknown variable or key: {_sentence(str(exc))}"
    else:
        what = f"{type(exc).__name__}: {_sentence(str(exc))}"
    return CampError(f"announcement template {filename}{line}: {what}")


def _template_location(exc: BaseException, fallback_file: str) -> tuple[str, int | None]:
    """The innermost template file and line of a rendering error's traceback.

    Jinja rewrites the traceback of a rendering error so that template code shows up
    as frames of the template file; those frames carry ``__jinja_exception__``.
    """
    found: tuple[str, int | None] = (fallback_file, None)
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _sentence(message: str | None) -> str:
    # Jinja's messages may span lines; the error must stay one line for the operator.
    return " ".join((message or "unknown problem").split()).rstrip(".")


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines))


# -- sample contexts ----------------------------------------------------------------

_SAMPLE_START = dt.date(2026, 6, 1)
_SAMPLE_DAYS = 7
_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}

_SAMPLES: dict[str, dict[str, Any]] = {
    "en": {
        "camp": "Copywriting CP Challenge",
        "keywords": ["#checkin", "#打卡"],
        "timezone": "Europe/London",
        "window": "evening",
        "odd": "Mo",
        "members": [
            "Alice",
            "Bob",
            "Chen Wei",
            "Dana",
            "Emeka",
            "Farah",
            "Gus",
            "Hana",
            "Ivan",
            "Jun",
            "Kofi",
            "Lena",
        ],
        "pairs": [
            "Ink & Quill",
            "Night Owls",
            "Plot Twist",
            "Word Smiths",
            "Fresh Ink",
            "Red Pens",
        ],
        "tasks": [
            (
                "Rewrite a slogan in ten words",
                "Pick any product you use daily and give it a new ten-word slogan.",
            ),
            (
                "Three headlines, one product",
                "Write three headlines for the same product: funny, serious, urgent.",
            ),
            (
                "A 50-word product story",
                "Tell the story of a product's first customer in exactly 50 words.",
            ),
            (
                "Before and after",
                "Take a dull paragraph from a real website and rewrite it. Post both.",
            ),
            (
                "An email subject line A/B test",
                "Write two subject lines and say which one you would bet on, and why.",
            ),
            ("A landing page hero", "Headline, sub-headline and button text for a landing page."),
            (
                "Full campaign in one post",
                "Slogan, headline, 100-word body and a call to action, as one post.",
            ),
        ],
    },
    "zh": {
        "camp": "文案CP打卡营",
        "keywords": ["#打卡", "#checkin"],
        "timezone": "Asia/Shanghai",
        "window": "晚间",
        "odd": "小墨",
        "members": [
            "小林",
            "王芳",
            "李雷",
            "韩梅梅",
            "张伟",
            "陈静",
            "刘洋",
            "赵敏",
            "孙悦",
            "周杰",
            "吴迪",
            "郑爽",
        ],
        "pairs": ["笔墨CP", "星火CP", "晨光CP", "青柠CP", "南风CP", "拾光CP"],
        "tasks": [
            ("十个字改写一句广告语", "挑一个你每天都在用的产品，用十个字给它写一句新的广告语。"),
            ("一个产品，三种标题", "为同一个产品写三个标题：幽默版、正经版、紧迫版。"),
            ("五十字产品故事", "用正好五十个字，讲讲某个产品第一位用户的故事。"),
            ("改写前后对比", "找一段真实网站上平淡的文案并改写，把改写前后都发出来。"),
            ("邮件标题 A/B 测试", "写两个邮件标题，说说你押哪一个、为什么。"),
            ("落地页首屏文案", "为一个落地页写主标题、副标题和按钮文字。"),
            ("一条完整的营销文案", "广告语、标题、一百字正文加行动号召，合成一条发出来。"),
        ],
    },
}

# Points and current streaks of the twelve sample members (same order as the names),
# after day 3 and after the last day. Bob and the third member are level: ranks 1, 2, 2, 4.
_SAMPLE_POINTS = {
    3: ([64, 58, 58, 52, 47, 44, 40, 36, 30, 22, 14, 6], [3, 3, 2, 3, 2, 0, 1, 3, 0, 1, 0, 0]),
    7: (
        [196, 171, 171, 160, 142, 118, 109, 97, 80, 61, 38, 12],
        [7, 5, 4, 6, 3, 1, 2, 4, 0, 1, 0, 0],
    ),
}


def sample_context(kind: str, language: str = "en") -> dict:
    """A realistic context of ``kind`` (a 7-day pair camp, twelve members, day 3).

    It has exactly the keys the engine passes for that kind, so it serves as the
    reference for template authors and as the input of a template preview.
    """
    if kind not in ANNOUNCEMENT_KINDS:
        raise CampError(
            f"unknown announcement kind {kind!r}; expected one of {', '.join(ANNOUNCEMENT_KINDS)}"
        )
    data = _SAMPLES["zh" if language == "zh" else "en"]
    weekdays = _WEEKDAYS["zh" if language == "zh" else "en"]
    members: list[str] = data["members"]
    window = {"name": data["window"], "open": "20:00", "due": "21:00", "late_until": "22:00"}

    def date_of(number: int) -> dt.date:
        return _SAMPLE_START + dt.timedelta(days=number - 1)

    def difficulty_of(number: int) -> int:
        # The linear ramp 1..5 over seven days, rounded half up.
        return int(Decimal(1 + 4 * (number - 1) / (_SAMPLE_DAYS - 1)).quantize(0, ROUND_HALF_UP))

    def day(number: int) -> dict:
        title, body = data["tasks"][number - 1]
        return {
            "number": number,
            "date": date_of(number).isoformat(),
            "weekday": weekdays[date_of(number).weekday()],
            "difficulty": difficulty_of(number),
            "task": {"title": OperatorText(title), "body": OperatorText(body), "graded": False},
            "windows": [dict(window)],
        }

    def standings(as_of: int) -> dict:
        all_points, streaks = _SAMPLE_POINTS[as_of]
        entries = []
        for name, points, streak in zip(members, all_points, streaks, strict=True):
            rank = 1 + sum(1 for p in all_points if p > points)
            entries.append(
                {"rank": rank, "name": name, "points": points, "streak": streak, "members": [name]}
            )
        return {"as_of_day": as_of, "entries": entries[:10], "mvp": [members[0]]}

    def pair_standings(as_of: int) -> dict:
        all_points, streaks = _SAMPLE_POINTS[as_of]
        entries = []
        for index, name in enumerate(data["pairs"]):
            first, second = 2 * index, 2 * index + 1
            both_days = min(streaks[first], streaks[second])
            entries.append(
                {
                    "rank": index + 1,
                    "name": name,
                    "points": all_points[first] + all_points[second] + 5 * both_days,
                    "streak": both_days,
                    "members": [members[first], members[second]],
                    # The last pair was made by the pairing after day 2.
                    "auto": index == len(data["pairs"]) - 1,
                }
            )
        return {"as_of_day": as_of, "entries": entries, "mvp": [data["pairs"][0]]}

    context: dict[str, Any] = {
        "camp": {
            "name": data["camp"],
            "slug": "copywriting-cp",
            "days": _SAMPLE_DAYS,
            "timezone": data["timezone"],
            "language": "zh" if language == "zh" else "en",
            "start": _SAMPLE_START.isoformat(),
            "end": date_of(_SAMPLE_DAYS).isoformat(),
            "group": "pair",
            "keywords": list(data["keywords"]),
            "windows": [dict(window)],
        },
        "rules": {
            "base": 10,
            "by_difficulty": True,
            "late_factor": 0.5,
            "makeup_factor": 0.5,
            "makeup_limit": 1,
            "streak_bonus": 2,
            "streak_cap": 10,
            "pair_bonus": 5,
            "graded_points": 0,
        },
    }
    missing = [members[5], members[8], members[11]]

    def event(number: int | None, at: str, window_name: str | None = None) -> dict:
        due_date = date_of(number) if number else _SAMPLE_START
        return {"kind": kind, "day": number, "window": window_name, "due": f"{due_date} {at}"}

    if kind == "opening":
        context["event"] = event(1, "19:30")
        context["schedule"] = [
            {
                "day": n,
                "date": date_of(n).isoformat(),
                "weekday": weekdays[date_of(n).weekday()],
                "title": OperatorText(data["tasks"][n - 1][0]),
                "difficulty": difficulty_of(n),
            }
            for n in range(1, _SAMPLE_DAYS + 1)
        ]
        context["pairs"] = [
            {"name": name, "members": [members[2 * i], members[2 * i + 1]], "auto": False}
            for i, name in enumerate(data["pairs"])
        ]
        context["members_count"] = len(members)
    elif kind == "task":
        context["event"] = event(3, "08:00")
        context["day"] = day(3)
    elif kind == "reminder":
        context["event"] = event(3, "20:30", window["name"])
        context["day"] = day(3)
        context["window"] = dict(window)
        context["minutes_left"] = 30
        context["missing"] = missing
        context["checked_in"] = len(members) - len(missing)
        context["members_count"] = len(members)
    elif kind == "close":
        context["event"] = event(3, "22:00", window["name"])
        context["day"] = day(3)
        context["window"] = dict(window)
        context["checked_in"] = len(members) - len(missing)
        context["members_count"] = len(members)
        context["missing"] = missing
    elif kind == "summary":
        context["event"] = event(4, "09:00")
        context["day"] = day(3)
        context["standings"] = standings(3)
        context["pair_standings"] = pair_standings(3)
        current = sorted(zip(members, _SAMPLE_POINTS[3][1], strict=True), key=lambda item: -item[1])
        context["streaks"] = [
            {"name": name, "streak": streak} for name, streak in current if streak >= 2
        ][:5]
        context["missed"] = missing
        context["checked_in"] = len(members) - len(missing)
        context["members_count"] = len(members)
        context["completion"] = (len(members) - len(missing)) / len(members)
    elif kind == "pairing":
        # After day 2: the last four members still alone, one of a shift of their own.
        context["event"] = event(3, "00:32")
        context["day"] = day(2)
        context["pairs"] = [
            {
                "name": f"{members[8]} & {members[9]}",
                "members": [members[8], members[9]],
                "shift": window["name"],
            },
            {
                "name": f"{members[10]} & {members[11]}",
                "members": [members[10], members[11]],
                "shift": None,
            },
        ]
        context["joined"] = None
        context["odd"] = data["odd"]
        context["pair_odd"] = "leave"
        context["pairs_count"] = len(data["pairs"])  # four made by hand, two now
        context["members_count"] = len(members) + 1
    elif kind == "inactivity":
        context["event"] = event(4, "09:30")
        context["day"] = day(4)
        context["warned"] = [
            {"name": members[5], "missed_days": 2},
            {"name": members[8], "missed_days": 2},
        ]
        context["removal"] = [{"name": members[11], "missed_days": 3}]
        context["inactive_after"] = 2
        context["remove_after"] = 3
    else:  # closing
        context["event"] = event(_SAMPLE_DAYS, "23:45")
        context["standings"] = standings(_SAMPLE_DAYS)
        context["pair_standings"] = pair_standings(_SAMPLE_DAYS)
        context["mvp"] = [members[0]]
        context["mvp_pair"] = [data["pairs"][0]]
        context["figures"] = {
            "members_count": len(members),
            "checkins": 71,
            "on_time_rate": 0.873,
            "completion": [
                {"day": n, "rate": rate}
                for n, rate in enumerate([1.0, 0.917, 0.75, 0.833, 0.75, 0.667, 0.833], start=1)
            ],
            "average_completion": 0.821,
            "best_streak": {"name": members[0], "streak": 7},
            "converted_rate": 0.25,
        }
    return context
