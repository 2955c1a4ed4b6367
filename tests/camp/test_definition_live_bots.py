"""[[bots]] of Discord, Slack, Feishu and DingTalk: what each takes, and one sentence per
problem."""

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
FEISHU = {
    "type": "feishu",
    "app_id": "cli_a1b2c3d4e5f6a7b8",
    "secret_env": "CAMP_FEISHU_SECRET",
    "chat": "oc_a0553eda9014c201e6969b478895c230",
}
DINGTALK = {
    "type": "dingtalk",
    "app_id": "dingabcdefghijklmnop",
    "secret_env": "CAMP_DINGTALK_SECRET",
    "chat": "cidAbC123xyz==",
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


def test_feishu_and_dingtalk_bots_read_as_written():
    definition = parse_definition({**BASE, "bots": [FEISHU, {**DINGTALK, "reply": "silent"}]})
    feishu, dingtalk = definition.bots
    assert (feishu.type, feishu.app_id, feishu.secret_env, feishu.chat) == (
        "feishu",
        "cli_a1b2c3d4e5f6a7b8",
        "CAMP_FEISHU_SECRET",
        "oc_a0553eda9014c201e6969b478895c230",
    )
    assert (dingtalk.app_id, dingtalk.chat, dingtalk.reply) == (
        "dingabcdefghijklmnop",
        "cidAbC123xyz==",
        "silent",
    )


def test_a_feishu_or_dingtalk_secret_not_set_is_said_before_the_bot_starts():
    from camp.bots.config import missing_bot_env

    bots = parse_definition({**BASE, "bots": [FEISHU, DINGTALK]}).bots
    assert missing_bot_env(bots, {"CAMP_FEISHU_SECRET": "s"}) == [
        "bot 2 (dingtalk): CAMP_DINGTALK_SECRET is not set; export it with the app's "
        "AppSecret (Credentials in the developer console)"
    ]


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
    ({**FEISHU, "app_id": None}, "bots[1].app_id", 'app_id = "cli_a1b2c3d4e5f6a7b8"'),
    ({**FEISHU, "app_id": "abc"}, "bots[1].app_id", "is not a feishu app's App ID"),
    ({**FEISHU, "chat": "general"}, "bots[1].chat", "chat_id"),
    ({**FEISHU, "secret_env": None}, "bots[1].secret_env", "App Secret"),
    ({**FEISHU, "app_secret": "s"}, "bots[1].app_secret", 'secret_env = "CAMP_FEISHU_SECRET"'),
    ({**FEISHU, "token_env": "X"}, "bots[1].token_env", "take app_id and secret_env"),
    ({**FEISHU, "reply": "react"}, "bots[1].reply", '"ack" or "silent"'),
    ({**FEISHU, "url": "wss://x"}, "bots[1].url", "open.larksuite.com"),
    ({**DINGTALK, "chat": "123"}, "bots[1].chat", "openConversationId"),
    ({**DINGTALK, "secret_env": None}, "bots[1].secret_env", "AppSecret"),
    ({**DINGTALK, "client_secret": "s"}, "bots[1].client_secret", "CAMP_DINGTALK_SECRET"),
    ({**DINGTALK, "api_base": "ftp://x"}, "bots[1].api_base", "https://api.dingtalk.com"),
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
