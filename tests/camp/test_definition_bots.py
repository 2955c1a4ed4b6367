"""``[[bots]]`` of a camp file: the bots that listen to the group (SPEC section 10).

Valid bots, their defaults, every validation rule with its key path and fix, the round
trip through the file format, and the check of their environment before they start.
"""

from __future__ import annotations

import copy
import json
import tomllib

import pytest

from camp.bots.config import DEFAULT_API_BASE, api_base_of, missing_bot_env
from camp.definition import definition_to_dict, load_definition_text, parse_definition
from camp.errors import DefinitionError
from camp.models import Bot

MINIMAL = """
[camp]
name = "Tiny camp"
days = 5

[[windows]]
name = "day"
open = "08:00"
due = "22:00"
"""

SPEC_EXAMPLE = (
    MINIMAL
    + """
[[bots]]
type = "telegram"
token_env = "CAMP_TG_TOKEN"
chat = "-1001234567890"
api_base = "https://api.telegram.org"
reply = "ack"
[[bots]]
type = "onebot"
url = "ws://127.0.0.1:3001"
token_env = "CAMP_ONEBOT_TOKEN"
chat = "123456789"
"""
)

TELEGRAM = {"type": "telegram", "token_env": "CAMP_TG_TOKEN", "chat": "-1001234567890"}
ONEBOT = {"type": "onebot", "url": "ws://127.0.0.1:3001", "chat": "123456789"}


def with_bots(*bots: object) -> dict:
    data = tomllib.loads(MINIMAL)
    data["bots"] = copy.deepcopy(list(bots))
    return data


def bots_of(*bots: object) -> tuple[Bot, ...]:
    return parse_definition(with_bots(*bots), "test.toml").bots


def problems_of(data: dict) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        parse_definition(data, "test.toml")
    return info.value.problems


# --------------------------------------------------------------------------- valid bots


def test_the_spec_example_parses_to_its_bots():
    defn, _ = load_definition_text(SPEC_EXAMPLE, "camp.toml")
    assert defn.bots == (
        Bot(
            type="telegram",
            chat="-1001234567890",
            reply="ack",
            token_env="CAMP_TG_TOKEN",
            api_base="https://api.telegram.org",
        ),
        Bot(
            type="onebot",
            chat="123456789",
            reply="ack",
            token_env="CAMP_ONEBOT_TOKEN",
            url="ws://127.0.0.1:3001",
        ),
    )


def test_a_camp_without_bots_has_none():
    assert parse_definition(tomllib.loads(MINIMAL)).bots == ()
    assert bots_of() == ()


def test_defaults_fill_what_the_file_leaves_out():
    telegram, onebot = bots_of(TELEGRAM, ONEBOT)
    assert telegram == Bot(type="telegram", chat="-1001234567890", token_env="CAMP_TG_TOKEN")
    assert telegram.reply == "ack" and telegram.api_base is None and telegram.url is None
    # The access token of a OneBot implementation is optional.
    assert onebot == Bot(type="onebot", chat="123456789", url="ws://127.0.0.1:3001")
    assert onebot.token_env is None and onebot.api_base is None


@pytest.mark.parametrize(
    ("bot", "chat"),
    [
        ({**TELEGRAM, "chat": -1001234567890}, "-1001234567890"),
        ({**TELEGRAM, "chat": " -1001234567890 "}, "-1001234567890"),
        ({**TELEGRAM, "chat": "@study_camp"}, "@study_camp"),
        ({**TELEGRAM, "chat": 987654321}, "987654321"),
        ({**ONEBOT, "chat": 123456789}, "123456789"),
        ({**ONEBOT, "chat": "123456789"}, "123456789"),
    ],
)
def test_chat_is_written_as_a_number_or_text_and_kept_as_text(bot, chat):
    [parsed] = bots_of(bot)
    assert parsed.chat == chat


def test_a_toml_integer_chat_is_kept_as_text():
    text = MINIMAL + '[[bots]]\ntype = "onebot"\nurl = "ws://127.0.0.1:3001"\nchat = 123456789\n'
    defn, _ = load_definition_text(text, "camp.toml")
    assert defn.bots[0].chat == "123456789"


@pytest.mark.parametrize("reply", ["ack", "react", "silent"])
def test_telegram_takes_every_reply(reply):
    assert bots_of({**TELEGRAM, "reply": reply})[0].reply == reply


@pytest.mark.parametrize("reply", ["ack", "silent"])
def test_onebot_takes_ack_and_silent(reply):
    assert bots_of({**ONEBOT, "reply": reply})[0].reply == reply


def test_api_base_loses_its_trailing_slash():
    [bot] = bots_of({**TELEGRAM, "api_base": "http://127.0.0.1:8081/"})
    assert bot.api_base == "http://127.0.0.1:8081"


def test_a_onebot_url_may_use_tls_and_a_path():
    [bot] = bots_of({**ONEBOT, "url": "wss://qq.example.org/onebot/v11/ws"})
    assert bot.url == "wss://qq.example.org/onebot/v11/ws"


def test_two_bots_may_share_a_chat_id_on_different_platforms():
    assert len(bots_of({**TELEGRAM, "chat": "123456789"}, ONEBOT)) == 2


# --------------------------------------------------------------------------- each rule

RULES = [
    # type
    (
        {"chat": "1"},
        "bots[1].type",
        'missing; add type = "telegram", "onebot", "discord", "slack", "feishu" or "dingtalk"',
    ),
    ({"type": "telegarm", "chat": "1"}, "bots[1].type", 'did you mean "telegram"?'),
    (
        {"type": 7, "chat": "1"},
        "bots[1].type",
        'use "telegram", "onebot", "discord", "slack", "feishu" or "dingtalk"',
    ),
    # chat
    ({**TELEGRAM, "chat": "general"}, "bots[1].chat", "is not a chat id; write the group's id"),
    ({**TELEGRAM, "chat": 0}, "bots[1].chat", "is not a chat id"),
    ({**TELEGRAM, "chat": "@ab"}, "bots[1].chat", "@username of a public group"),
    (
        {**TELEGRAM, "chat": ""},
        "bots[1].chat",
        "is empty; write the group's id, e.g. chat = \"-100",
    ),
    ({**TELEGRAM, "chat": 1.5}, "bots[1].chat", "is a decimal number, not a chat id"),
    ({**TELEGRAM, "chat": True}, "bots[1].chat", "not a chat id"),
    ({**ONEBOT, "chat": -123456789}, "bots[1].chat", "is not a chat id; write the QQ group number"),
    ({**ONEBOT, "chat": "@group"}, "bots[1].chat", 'e.g. chat = "123456789"'),
    ({"type": "onebot", "url": "ws://127.0.0.1:3001"}, "bots[1].chat", "missing; the bot must"),
    # secrets in the file
    ({**TELEGRAM, "token": "123:abc"}, "bots[1].token", 'write token_env = "CAMP_TG_TOKEN"'),
    (
        {**ONEBOT, "access_token": "s3cret"},
        "bots[1].access_token",
        'write token_env = "CAMP_ONEBOT_TOKEN" instead',
    ),
    (
        {
            **TELEGRAM,
            "api_base": "https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        },
        "bots[1].api_base",
        "holds a bot token",
    ),
    (
        {**ONEBOT, "url": "ws://127.0.0.1:3001/?access_token=s3cret"},
        "bots[1].url",
        "holds an access token",
    ),
    # token_env
    ({"type": "telegram", "chat": "-1001"}, "bots[1].token_env", "from @BotFather"),
    ({**TELEGRAM, "token_env": "my token"}, "bots[1].token_env", "not the name of an environment"),
    ({**ONEBOT, "token_env": "1TOKEN"}, "bots[1].token_env", 'e.g. "CAMP_ONEBOT_TOKEN"'),
    ({**ONEBOT, "token_env": ""}, "bots[1].token_env", "is empty"),
    ({**TELEGRAM, "token_env": 5}, "bots[1].token_env", "not text"),
    # api_base and url
    ({**TELEGRAM, "api_base": "api.telegram.org"}, "bots[1].api_base", "http:// or https://"),
    ({**TELEGRAM, "api_base": "ws://127.0.0.1:8081"}, "bots[1].api_base", "not the address"),
    ({**TELEGRAM, "url": "ws://127.0.0.1:3001"}, "bots[1].url", "telegram bots take api_base"),
    ({**ONEBOT, "api_base": "https://x.org"}, "bots[1].api_base", "onebot bots take url"),
    ({"type": "onebot", "chat": "123456789"}, "bots[1].url", 'add url = "ws://127.0.0.1:3001"'),
    ({**ONEBOT, "url": "http://127.0.0.1:3000"}, "bots[1].url", "is not a WebSocket address"),
    ({**ONEBOT, "url": "ws://"}, "bots[1].url", "is not a WebSocket address"),
    ({**ONEBOT, "url": "ws://127.0.0.1:port"}, "bots[1].url", "is not a WebSocket address"),
    # reply
    ({**TELEGRAM, "reply": "loud"}, "bots[1].reply", '"ack", "react" or "silent"'),
    ({**ONEBOT, "reply": "react"}, "bots[1].reply", "only for telegram, discord and slack bots"),
    # unknown keys
    ({**TELEGRAM, "chat_id": "-1001"}, "bots[1].chat_id", 'unknown key; did you mean "chat"?'),
    ({**ONEBOT, "zzz": 1}, "bots[1].zzz", "unknown key; the keys allowed here are type, chat"),
]


@pytest.mark.parametrize(
    ("bot", "key", "words"), RULES, ids=[f"{key}-{i}" for i, (_, key, _) in enumerate(RULES)]
)
def test_each_rule_names_its_key_and_the_fix(bot, key, words):
    problems = problems_of(with_bots(bot))
    named = [p for p in problems if p.startswith(f"{key}:")]
    assert named, f"no problem names {key}: {problems}"
    assert any(words in p for p in named), named


def test_a_token_in_the_file_reads_as_one_sentence_with_a_fix():
    [problem] = problems_of(with_bots({**TELEGRAM, "token": "123456:AAH"}))
    assert problem == (
        "bots[1].token: a token must not sit in a camp file; put it in an environment "
        'variable and write token_env = "CAMP_TG_TOKEN" instead'
    )


def test_a_token_is_refused_even_when_the_type_is_wrong():
    problems = problems_of(with_bots({"type": "whatsapp", "chat": "1", "token": "x"}))
    assert [p.split(":")[0] for p in problems] == ["bots[1].type", "bots[1].token"]


def test_a_chat_is_listened_to_once():
    problems = problems_of(with_bots(TELEGRAM, {**TELEGRAM, "chat": -1001234567890}))
    assert problems == [
        'bots[2].chat: "-1001234567890" is already the chat of bots[1], also telegram; '
        "a camp listens to a chat once, so remove one of the two"
    ]


def test_telegram_usernames_ignore_case_when_compared():
    problems = problems_of(
        with_bots({**TELEGRAM, "chat": "@StudyCamp"}, {**TELEGRAM, "chat": "@studycamp"})
    )
    assert [p.split(":")[0] for p in problems] == ["bots[2].chat"]


def test_bots_must_be_blocks():
    assert problems_of({**tomllib.loads(MINIMAL), "bots": {"type": "telegram"}}) == [
        "bots: write each entry as a [[bots]] block, with double brackets"
    ]
    assert problems_of(with_bots("telegram")) == [
        'bots[1]: "telegram" is text, not a table; write a [[bots]] block'
    ]


def test_every_broken_bot_is_reported_in_one_pass():
    problems = problems_of(with_bots({"type": "telegram"}, ONEBOT, {"type": "onebot"}))
    assert [p.split(":")[0] for p in problems] == [
        "bots[1].chat",
        "bots[1].token_env",
        "bots[3].chat",
        "bots[3].url",
    ]


def test_an_unset_variable_is_not_a_problem_of_the_file(monkeypatch):
    monkeypatch.delenv("CAMP_TG_TOKEN", raising=False)
    assert bots_of(TELEGRAM)[0].token_env == "CAMP_TG_TOKEN"


# --------------------------------------------------------------------------- round trip


def test_bots_round_trip_through_the_file_format():
    defn, _ = load_definition_text(SPEC_EXAMPLE, "camp.toml")
    data = definition_to_dict(defn)
    assert data["bots"] == [
        {
            "type": "telegram",
            "chat": "-1001234567890",
            "token_env": "CAMP_TG_TOKEN",
            "api_base": "https://api.telegram.org",
            "reply": "ack",
        },
        {
            "type": "onebot",
            "chat": "123456789",
            "token_env": "CAMP_ONEBOT_TOKEN",
            "url": "ws://127.0.0.1:3001",
            "reply": "ack",
        },
    ]
    assert parse_definition(data) == defn
    assert parse_definition(json.loads(json.dumps(data, ensure_ascii=False))) == defn


def test_defaults_round_trip_without_nulls():
    defn = parse_definition(with_bots(TELEGRAM, {**ONEBOT, "reply": "silent"}))
    data = definition_to_dict(defn)
    assert data["bots"] == [
        {
            "type": "telegram",
            "chat": "-1001234567890",
            "token_env": "CAMP_TG_TOKEN",
            "reply": "ack",
        },
        {"type": "onebot", "chat": "123456789", "url": "ws://127.0.0.1:3001", "reply": "silent"},
    ]
    assert parse_definition(data) == defn


def test_a_camp_without_bots_writes_an_empty_list():
    data = definition_to_dict(parse_definition(tomllib.loads(MINIMAL)))
    assert data["bots"] == []
    assert parse_definition(data).bots == ()


# --------------------------------------------------------------------------- before a bot starts


def test_api_base_of_falls_back_to_the_platform_default():
    assert api_base_of(Bot("telegram", "-1001")) == DEFAULT_API_BASE["telegram"]
    assert api_base_of(Bot("telegram", "-1001", api_base="http://127.0.0.1:8081/")) == (
        "http://127.0.0.1:8081"
    )
    assert api_base_of(Bot("onebot", "1", url="ws://127.0.0.1:3001")) == ""


def test_missing_bot_env_names_each_unset_variable():
    bots = [
        Bot("telegram", "-1001", token_env="CAMP_TG_TOKEN"),
        Bot("onebot", "123", url="ws://127.0.0.1:3001", token_env="CAMP_ONEBOT_TOKEN"),
        Bot("onebot", "456", url="ws://127.0.0.1:3002"),
    ]
    assert missing_bot_env(bots, env={"CAMP_ONEBOT_TOKEN": "   "}) == [
        "bot 1 (telegram): CAMP_TG_TOKEN is not set; export it with the Telegram bot's token "
        "(from @BotFather)",
        "bot 2 (onebot): CAMP_ONEBOT_TOKEN is not set; export it with the access token set in "
        "the OneBot implementation, or remove token_env",
    ]
    env = {"CAMP_TG_TOKEN": "123456:AAH", "CAMP_ONEBOT_TOKEN": "s3cret"}
    assert missing_bot_env(bots, env=env) == []
    assert missing_bot_env([]) == []


def test_missing_bot_env_reads_the_process_environment(monkeypatch):
    bot = Bot("telegram", "-1001", token_env="CAMP_TEST_BOT_TOKEN")
    monkeypatch.delenv("CAMP_TEST_BOT_TOKEN", raising=False)
    assert len(missing_bot_env([bot])) == 1
    monkeypatch.setenv("CAMP_TEST_BOT_TOKEN", "123456:AAH")
    assert missing_bot_env([bot]) == []
