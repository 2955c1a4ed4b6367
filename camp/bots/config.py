"""What a bot of the camp file needs before it starts: its server and its secrets.

The camp file names environment variables, never secrets (``camp.definition`` checks
the names); whether they are set is asked here, when a bot is about to start, as
``missing_channel_env`` asks it for the robots that post.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from camp.models import Bot

__all__ = ["DEFAULT_API_BASE", "api_base_of", "missing_bot_env"]

#: The server a bot talks to when the camp file gives no ``api_base``.
DEFAULT_API_BASE = {"telegram": "https://api.telegram.org"}

#: Where an operator gets the secret a ``token_env`` variable holds, per bot type.
_TOKEN_SOURCES = {
    "telegram": "the Telegram bot's token (from @BotFather)",
    "onebot": "the access token set in the OneBot implementation, or remove token_env",
}


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
        name = bot.token_env
        # A variable set to spaces is as good as missing: the platform would refuse it.
        if name and not env.get(name, "").strip():
            source = _TOKEN_SOURCES.get(bot.type, "the bot's token")
            problems.append(
                f"bot {number} ({bot.type}): {name} is not set; export it with {source}"
            )
    return problems
