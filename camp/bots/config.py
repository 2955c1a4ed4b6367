"""What a bot of the camp file needs before it starts: its server and its secrets.

The camp file names environment variables, never secrets (``camp.definition`` checks
the names); whether they are set is asked here, when a bot is about to start, as
``missing_channel_env`` asks it for the robots that post.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from camp.models import Bot

__all__ = ["DEFAULT_API_BASE", "api_base_of", "bot_secret_vars", "missing_bot_env"]

#: The server a bot talks to when the camp file gives no ``api_base``.
DEFAULT_API_BASE = {
    "telegram": "https://api.telegram.org",
    "discord": "https://discord.com/api/v10",
    "slack": "https://slack.com/api",
    "feishu": "https://open.feishu.cn",
    "dingtalk": "https://api.dingtalk.com",
}

#: Where an operator gets the secret each variable holds, per bot type and key.
_SECRET_SOURCES = {
    ("telegram", "token_env"): "the Telegram bot's token (from @BotFather)",
    (
        "onebot",
        "token_env",
    ): "the access token set in the OneBot implementation, or remove token_env",
    ("discord", "token_env"): "the bot's token (Developer Portal, Bot, Reset Token)",
    ("slack", "token_env"): "the app's Bot User OAuth Token (xoxb-…, OAuth & Permissions)",
    (
        "slack",
        "app_token_env",
    ): "an app-level token with connections:write (xapp-…, Basic Information)",
    (
        "feishu",
        "secret_env",
    ): "the app's App Secret (Credentials & Basic Info in the developer console)",
    ("dingtalk", "secret_env"): "the app's AppSecret (Credentials in the developer console)",
}
#: The keys of a bot that name a secret's variable, in the order they are checked.
_SECRET_KEYS = ("token_env", "app_token_env", "secret_env")


def bot_secret_vars(bot: Bot) -> list[tuple[str, str]]:
    """``(key, variable)`` for each secret variable the bot names."""
    return [(key, getattr(bot, key)) for key in _SECRET_KEYS if getattr(bot, key)]


def api_base_of(bot: Bot) -> str:
    """The bot's API server without a trailing ``/``: the camp file's ``api_base`` or the
    platform's default; ``""`` for a platform reached by ``url`` instead (OneBot)."""
    base = bot.api_base or DEFAULT_API_BASE.get(bot.type, "")
    return base.rstrip("/")


def missing_bot_env(bots: Sequence[Bot], env: Mapping[str, str] | None = None) -> list[str]:
    """One sentence per bot whose ``token_env`` variable is unset or blank in ``env``
    (default: the process environment), for a check before the bots start; empty when
    every bot has its token.

    Bots count from 1, as in the camp file: ``"bot 1 (telegram): CAMP_TG_TOKEN is not
    set; export it with the Telegram bot's token (from @BotFather)"``.
    """
    env = os.environ if env is None else env
    problems = []
    for number, bot in enumerate(bots, start=1):
        unset = [
            (key, name)
            for key, name in bot_secret_vars(bot)
            # A variable set to spaces is as good as missing: the platform would refuse it.
            if not env.get(name, "").strip()
        ]
        for key, name in unset:
            source = _SECRET_SOURCES.get((bot.type, key), "the bot's secret")
            problems.append(
                f"bot {number} ({bot.type}): {name} is not set; export it with {source}"
            )
    return problems
