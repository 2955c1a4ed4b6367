"""[[bots]] of Discord and Slack: what each takes, and one sentence per problem."""

from __future__ import annotations

import pytest

from camp.definition import parse_definition
from camp.errors import DefinitionError

BASE = {
    "camp": {"name": "c", "days": 3},
    "windows": [{"name": "w", "open": "20:00", "due": "21:00"}],
}
DISCORD = {"type": "discord", "token_env": "CAMP_DISCORD_TOKEN", "chat": "1234567890123456789"}
SLACK = {
    "type": "slack",
    "token_env": "CAMP_SLACK_BOT_TOKEN",
    "app_token_env": "CAMP_SLACK_APP_TOKEN",
    "chat": "C0123456789",
}


def problems_of(bot: dict) -> list[str]:
    try:
        parse_definition({**BASE, "bots": [bot]}, source="camp.toml")
    except DefinitionError as error:
        return list(error.problems)
    return []


def test_discord_and_slack_bots_read_as_written():
    definition = parse_definition({**BASE, "bots": [DISCORD, {**SLACK, "reply": "react"}]})
    discord, slack = definition.bots
    assert (discord.type, discord.chat, discord.token_env) == (
        "discord",
        "1234567890123456789",
        "CAMP_DISCORD_TOKEN",
    )
    assert (slack.app_token_env, slack.reply) == ("CAMP_SLACK_APP_TOKEN", "react")


RULES = [
    ({**DISCORD, "chat": "general"}, "bots[1].chat", "Copy Channel ID"),
    ({**DISCORD, "token_env": None}, "bots[1].token_env", "Developer Portal"),
    ({**DISCORD, "token": "MTA1.x.y"}, "bots[1].token", 'token_env = "CAMP_DISCORD_TOKEN"'),
    ({**DISCORD, "url": "wss://x"}, "bots[1].url", "take api_base, not url"),
    ({**DISCORD, "api_base": "ftp://x"}, "bots[1].api_base", "http:// or https://"),
    ({**SLACK, "app_token_env": None}, "bots[1].app_token_env", "connections:write"),
    (
        {**SLACK, "app_token": "xapp-1-A"},
        "bots[1].app_token",
        'app_token_env = "CAMP_SLACK_APP_TOKEN"',
    ),
    ({**SLACK, "chat": "#general"}, "bots[1].chat", '"C0123456789"'),
    (
        {**SLACK, "api_base": "https://slack.com/api?token=xoxb-1"},
        "bots[1].api_base",
        "must not sit",
    ),
    ({**SLACK, "secret_env": "X"}, "bots[1].secret_env", "do not take secret_env"),
    ({**DISCORD, "token_env": "not a name"}, "bots[1].token_env", "not the name of an environment"),
]


@pytest.mark.parametrize(
    ("bot", "key", "words"), RULES, ids=[k + str(i) for i, (_, k, _) in enumerate(RULES)]
)
def test_each_problem_names_its_key_and_the_fix(bot, key, words):
    bot = {k: v for k, v in bot.items() if v is not None}
    problems = problems_of(bot)
    named = [p for p in problems if key in p]
    assert named, problems
    assert any(words in p for p in named), named
