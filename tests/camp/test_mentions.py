"""Reminders really mention the missing members on each robot (SPEC section 7).

A member's platform id (``members.handle``) becomes the platform's own mention: WeCom
``<@userid>``, DingTalk ``@id`` in the text with ``at.atUserIds``/``atMobiles``, a
Feishu ``at`` element, Slack ``<@U…>``, Discord ``<@id>`` with ``allowed_mentions``
limited to those users; a generic webhook gets the list. A handle that is not a
well-formed id of the platform, or that would call the whole group, is never mentioned.
A local HTTP server stands in for the robots, as in test_delivery_formats.py: the
keyword robot refuses a part without its keyword, as DingTalk and Feishu do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.db import open_db
from camp.delivery import Mention, Message, deliver
from camp.delivery.formats import DINGTALK, DISCORD, SLACK, WECOM, markdown_parts_mentioning
from camp.delivery.markup import parse
from camp.delivery.splitting import utf8_bytes, utf16_units
from camp.models import Channel
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.members import add_members, remove_member
from camp.services.running import run_due

NOW = 1_700_000_000.0
DATA = Path(__file__).resolve().parent.parent / "data"

SLACK_ID = "U024BE7LH"
SNOWFLAKE = "123456789012345678"
MOBILE = "13800138000"
USER_ID = "manager4711"
OPEN_ID = "ou_7d8a6e6df7621556ce0d21922b676706ccs"

REMINDER = Message(
    title="Reminder",
    text="⏰ **Check-in reminder**\n\nNot checked in yet: @Ann @Ben @Cat",
    kind="reminder",
    key="cp/reminder/d1/night",
)

#: Handles that must never mention anyone, on any robot: calls to the whole group in
#: every platform's spelling, markup, spaces, and nothing at all.
HOSTILE_HANDLES = [
    "@all",
    "all",
    "ALL",
    "@ALL",
    "everyone",
    "@everyone",
    "here",
    "@here",
    "channel",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U024BE7LH>",
    "<at user_id=\"all\"></at>",
    "U024 BE7LH",
    "ou_a b",
    "**x**",
    "a\nb",
    "@everyone <@123456789012345678>",
    "",
    "   ",
]

KINDS = ["wecom", "dingtalk", "feishu", "slack", "discord"]
LIMITS = {
    "wecom": (lambda body: utf8_bytes(body["markdown"]["content"]), 4096),
    "dingtalk": (lambda body: utf8_bytes(body["markdown"]["text"]), 20_000),
    "slack": (lambda body: utf16_units(body["text"]), 3000),
    "discord": (lambda body: utf16_units(body["content"]), 2000),
}


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to the local stand-in never go through a proxy of the environment."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


# --------------------------------------------------------------------------- the stand-in robot


@dataclass
class StandIn:
    """Records every JSON body (and its size in bytes, as sent); refuses one without
    ``keyword`` when it is set."""

    server: ThreadingHTTPServer
    bodies: list[dict]
    sizes: list[int]
    keyword: str | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/robot/send?access_token=t0ken"


def post_texts(body: dict) -> list[str]:
    """The texts of a Feishu post's text elements."""
    lines = next(iter(body["content"]["post"].values()))["content"]
    return [element.get("text", "") for line in lines for element in line]


def has_keyword(body: dict, keyword: str) -> bool:
    if "markdown" in body:  # DingTalk looks in the text it receives
        return keyword in body["markdown"]["text"]
    return any(keyword in text for text in post_texts(body))


@pytest.fixture
def stand_in():
    bodies: list[dict] = []
    sizes: list[int] = []
    robot: StandIn

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            body = json.loads(raw)
            bodies.append(body)
            sizes.append(len(raw))
            reply = {"errcode": 0, "code": 0, "msg": "ok"}
            if robot.keyword and not has_keyword(body, robot.keyword):
                reply = (
                    {"errcode": 310000, "errmsg": "keywords not in content"}
                    if "msgtype" in body
                    else {"code": 19024, "msg": "Key Words Not Found"}
                )
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    robot = StandIn(server, bodies, sizes)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield robot
    server.shutdown()
    server.server_close()
    thread.join(5)


def post(stand_in: StandIn, kind: str, message: Message, **options) -> list[dict]:
    channel = Channel(kind, {"url_env": "ROBOT_URL", **options})
    deliver(channel, message, env={"ROBOT_URL": stand_in.url}, now=NOW, timeout=5)
    return stand_in.bodies


def mentioning(*handles: str, message: Message = REMINDER) -> Message:
    names = ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay"]
    mentions = tuple(Mention(names[i % len(names)], h) for i, h in enumerate(handles))
    return Message(message.title, message.text, message.kind, message.key, mentions=mentions)


def mentioned(kind: str, body: dict) -> list[str]:
    """The ids a robot's body really mentions (its text and its fields)."""
    if kind == "wecom":
        return re.findall(r"<@([^>]*)>", body["markdown"]["content"])
    if kind == "dingtalk":
        at = body.get("at", {})
        assert at.get("isAtAll", False) is False
        return [*at.get("atMobiles", []), *at.get("atUserIds", [])]
    if kind == "feishu":
        lines = next(iter(body["content"]["post"].values()))["content"]
        return [e["user_id"] for line in lines for e in line if e["tag"] == "at"]
    if kind == "slack":
        return re.findall(r"<[@!]([^>]*)>", body["text"])
    assert kind == "discord"
    allowed = body["allowed_mentions"]
    assert allowed["parse"] == []
    return allowed.get("users", [])


# --------------------------------------------------------------------------- each platform


def test_wecom_mentions_userids_in_its_markdown(stand_in):
    [body] = post(stand_in, "wecom", mentioning(USER_ID, "zhang.san@corp", SNOWFLAKE))
    # Markdown messages mention with <@userid>; mentioned_list belongs to text messages.
    assert body == {
        "msgtype": "markdown",
        "markdown": {
            "content": "⏰ **Check-in reminder**\n\nNot checked in yet: @Ann @Ben @Cat\n\n"
            f"<@{USER_ID}> <@zhang.san@corp> <@{SNOWFLAKE}>"
        },
    }


def test_dingtalk_mentions_with_at_text_and_the_at_object(stand_in):
    [body] = post(stand_in, "dingtalk", mentioning(USER_ID, MOBILE, "+8613900139000"))
    assert body == {
        "msgtype": "markdown",
        "markdown": {
            "title": "Reminder",
            "text": "⏰ **Check-in reminder**\n\nNot checked in yet: @Ann @Ben @Cat\n\n"
            f"@{USER_ID} @{MOBILE} @+8613900139000",
        },
        "at": {
            "atMobiles": [MOBILE, "+8613900139000"],
            "atUserIds": [USER_ID],
            "isAtAll": False,
        },
    }


def test_feishu_mentions_with_at_elements_of_its_post(stand_in):
    [body] = post(stand_in, "feishu", mentioning(OPEN_ID, "a1b2c3"))
    content = body["content"]["post"]["zh_cn"]["content"]
    assert content[-2:] == [
        [{"tag": "text", "text": ""}],
        [
            {"tag": "at", "user_id": OPEN_ID},
            {"tag": "text", "text": " "},
            {"tag": "at", "user_id": "a1b2c3"},
        ],
    ]
    assert {e["tag"] for line in content[:-2] for e in line} == {"text"}


def test_slack_mentions_member_ids(stand_in):
    [body] = post(stand_in, "slack", mentioning(SLACK_ID, "W0123ABCD", SNOWFLAKE, "u024be7lh"))
    # A snowflake or a lower-case id is no Slack member id: not mentioned.
    assert body == {
        "text": "⏰ *Check-in reminder*\n\nNot checked in yet: @Ann @Ben @Cat\n\n"
        f"<@{SLACK_ID}> <@W0123ABCD>"
    }


def test_discord_allows_exactly_the_users_it_mentions(stand_in):
    [body] = post(stand_in, "discord", mentioning(SNOWFLAKE, SLACK_ID, "987654321098765"))
    assert body == {
        "content": "⏰ **Check-in reminder**\n\nNot checked in yet: @Ann @Ben @Cat\n\n"
        f"<@{SNOWFLAKE}> <@987654321098765>",
        "allowed_mentions": {"parse": [], "users": [SNOWFLAKE, "987654321098765"]},
    }


def test_generic_webhook_lists_the_mentions_for_its_receiver(stand_in):
    [body] = post(stand_in, "webhook", mentioning(SLACK_ID, "@all", "", OPEN_ID))
    assert body["mentions"] == [
        {"name": "Ann", "handle": SLACK_ID},
        {"name": "Dan", "handle": OPEN_ID},
    ]
    assert body["text"] == REMINDER.text


@pytest.mark.parametrize("kind", [*KINDS, "webhook"])
def test_a_message_without_mentions_mentions_nobody(stand_in, kind):
    [body] = post(stand_in, kind, REMINDER)
    if kind == "webhook":
        assert "mentions" not in body
    else:
        assert mentioned(kind, body) == []
    assert "at" not in body


# --------------------------------------------------------------------------- hostile handles


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_or_malformed_handle_is_never_mentioned(stand_in, kind):
    [body] = post(stand_in, kind, mentioning(*HOSTILE_HANDLES))
    assert mentioned(kind, body) == []
    assert "at" not in body and "isAtAll" not in json.dumps(body)
    sent = json.dumps(body, ensure_ascii=False)
    for word in ("<!channel>", "<!here>", "<!everyone>", "<@all>", '"all"', "@all"):
        assert word not in sent
    assert "Not checked in yet: @Ann @Ben @Cat" in sent  # the names stay as text


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_well_formed_handles_of_a_mixed_list_are_mentioned(stand_in, kind):
    handles = ["@all", SLACK_ID, "", SNOWFLAKE, "<!here>", MOBILE, "everyone", OPEN_ID]
    [body] = post(stand_in, kind, mentioning(*handles))
    expected = {
        "wecom": [SLACK_ID, SNOWFLAKE, MOBILE, OPEN_ID],
        "dingtalk": [MOBILE, SLACK_ID, SNOWFLAKE, OPEN_ID],  # mobiles, then user ids
        "feishu": [SLACK_ID, SNOWFLAKE, MOBILE, OPEN_ID],
        "slack": [SLACK_ID],
        "discord": [SNOWFLAKE],
    }[kind]
    assert mentioned(kind, body) == expected


def test_the_generic_webhook_never_passes_a_call_to_everyone(stand_in):
    [body] = post(stand_in, "webhook", mentioning(*HOSTILE_HANDLES))
    handles = [m["handle"].lower() for m in body.get("mentions", [])]
    for word in ("all", "@all", "everyone", "@everyone", "here", "channel", "<!channel>", ""):
        assert word not in handles


def test_a_repeated_handle_is_mentioned_once(stand_in):
    [body] = post(stand_in, "discord", mentioning(SNOWFLAKE, SNOWFLAKE))
    assert body["allowed_mentions"]["users"] == [SNOWFLAKE]
    assert body["content"].count(f"<@{SNOWFLAKE}>") == 1


# --------------------------------------------------------------------------- splitting

LONG = Message(
    title="排行榜",
    text="**积分榜**\n" + "\n".join(f"- 第 {i} 名 **成员{i}号** · {i * 7} 分" for i in range(1, 1500)),
    kind="reminder",
    key="k",
)


def snowflakes(count: int) -> list[str]:
    return [str(100_000_000_000_000_000 + i) for i in range(count)]


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "slack", "discord"])
def test_mentions_end_the_first_part_of_a_long_message(stand_in, kind):
    handle = {"wecom": USER_ID, "dingtalk": USER_ID, "slack": SLACK_ID, "discord": SNOWFLAKE}
    bodies = post(stand_in, kind, mentioning(handle[kind], message=LONG))
    assert len(bodies) > 1
    size, limit = LIMITS[kind]
    assert all(size(body) <= limit for body in bodies)
    assert [mentioned(kind, body) for body in bodies] == [[handle[kind]]] + [[]] * (
        len(bodies) - 1
    )


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_every_part_carries_the_keyword_and_the_at_goes_with_its_text(stand_in, kind):
    stand_in.keyword = "打卡"
    message = mentioning(USER_ID, MOBILE, message=LONG)
    bodies = post(stand_in, kind, message, keyword="打卡")  # a refused part would raise
    assert len(bodies) > 2
    assert all(has_keyword(body, "打卡") for body in bodies)
    [first, *others] = [mentioned(kind, body) for body in bodies]
    assert sorted(first) == sorted([USER_ID, MOBILE]) and all(m == [] for m in others)
    if kind == "dingtalk":
        assert f"@{USER_ID} @{MOBILE}" in bodies[0]["markdown"]["text"]
        assert all("at" not in body for body in bodies[1:])
    else:
        assert all(size <= 20_000 for size in stand_in.sizes)


def test_mentions_that_do_not_fit_a_full_message_go_in_a_part_of_their_own(stand_in):
    stand_in.keyword = "打卡"
    # 19,980 bytes of text: the keyword fits after it, the mention line does not.
    full = Message("提醒", "行" * 6660, "reminder", "k", mentions=(Mention("Ann", USER_ID),))
    bodies = post(stand_in, "dingtalk", full, keyword="打卡")
    assert [body["markdown"]["title"] for body in bodies] == ["提醒", "(2/2) 提醒"]
    first, second = (body["markdown"]["text"] for body in bodies)
    assert first == "行" * 6660 + "\n\n打卡" and "at" not in bodies[0]
    assert second == f"(2/2)  \n@{USER_ID}\n\n打卡"
    assert bodies[1]["at"] == {"atMobiles": [], "atUserIds": [USER_ID], "isAtAll": False}
    assert all(utf8_bytes(text) <= 20_000 for text in (first, second))


@pytest.mark.parametrize("kind", ["slack", "discord"])
def test_a_full_one_part_message_gets_a_numbered_part_of_mentions(stand_in, kind):
    limit = LIMITS[kind][1]
    handle = SLACK_ID if kind == "slack" else SNOWFLAKE
    text = "x" * (limit - 10)
    message = Message("t", text, "reminder", "k", mentions=(Mention("Ann", handle),))
    bodies = post(stand_in, kind, message)
    field = "text" if kind == "slack" else "content"
    assert [body[field] for body in bodies] == [text, f"(2/2)\n<@{handle}>"]
    assert [mentioned(kind, body) for body in bodies] == [[], [handle]]
    if kind == "discord":
        assert bodies[0]["allowed_mentions"] == {"parse": []}


def test_discord_mentions_at_most_a_hundred_users_a_part(stand_in):
    ids = snowflakes(250)
    bodies = post(stand_in, "discord", mentioning(*ids))
    users = [mentioned("discord", body) for body in bodies]
    assert all(len(part) <= 100 for part in users)
    assert [u for part in users for u in part] == ids  # each once, in order
    for body, part in zip(bodies, users, strict=True):
        # The allowed users are exactly the ones the part's text mentions.
        assert re.findall(r"<@(\d+)>", body["content"]) == part
        assert utf16_units(body["content"]) <= 2000
    total = len(bodies)
    assert total >= 3
    numbers = [body["content"].split("\n", 1)[0] for body in bodies[1:]]
    assert numbers == [f"({i}/{total})" for i in range(2, total + 1)]


@pytest.mark.parametrize("kind", KINDS)
def test_many_mentions_with_a_long_message_fit_every_limit_and_keep_every_id(stand_in, kind):
    options = {"keyword": "打卡"} if kind in ("dingtalk", "feishu") else {}
    stand_in.keyword = options.get("keyword")
    ids = snowflakes(400)  # a snowflake is an id on every platform but Slack
    if kind == "slack":
        ids = [f"U{n:08d}" for n in range(400)]
    bodies = post(stand_in, kind, mentioning(*ids, message=LONG), **options)
    assert sorted(m for body in bodies for m in mentioned(kind, body)) == sorted(ids)
    if kind == "feishu":
        assert all(size <= 20_000 for size in stand_in.sizes)
        titles = [b["content"]["post"]["zh_cn"]["title"] for b in bodies]
        total = len(titles)
        assert titles == ["排行榜"] + [f"({i}/{total}) 排行榜" for i in range(2, total + 1)]
    else:
        size, limit = LIMITS[kind]
        assert all(size(body) <= limit for body in bodies)
    if stand_in.keyword:
        assert all(has_keyword(body, "打卡") for body in bodies)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(st.text(alphabet="ab 张*_<>@!", min_size=1, max_size=90), min_size=1),
    count=st.integers(min_value=1, max_value=60),
    flavour=st.sampled_from([WECOM, DINGTALK, SLACK, DISCORD]),
    limit=st.integers(min_value=60, max_value=600),
    per_part=st.sampled_from([None, 1, 7]),
)
def test_mention_parts_fit_keep_every_mention_once_and_carry_the_keyword(
    lines, count, flavour, limit, per_part
):
    mentions = [(f"id{n}", f"<@id{n}>") for n in range(count)]
    document = parse("\n".join(re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", x) for x in lines))
    parts = markdown_parts_mentioning(
        document, flavour, limit, ["打卡"], mentions, per_part=per_part
    )
    assert all(flavour.measure(text) <= limit and "打卡" in text for text, _ in parts)
    said = [handle for _, handles in parts for handle in handles]
    assert said == [handle for handle, _ in mentions]
    for text, handles in parts:
        assert re.findall(r"<@(id\d+)>", text) == list(handles)
        assert per_part is None or len(handles) <= per_part


# --------------------------------------------------------------------------- from the service

START = dt.date(2026, 12, 1)


def test_a_reminder_stores_the_missing_members_with_handles(tmp_path):
    db = open_db(tmp_path / "m.db")
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    created = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(definition), name="Mention camp", start=START, now=created)
    for name, handle in [
        ("Ann", SLACK_ID),  # missing, with a handle: mentioned
        ("Ben", None),  # missing, no handle: named in the text only
        ("Cat", "  "),  # a blank handle is none
        ("Dan", SNOWFLAKE),  # checked in: not missing
        ("Eve", "ou_eve"),  # removed: not a member any more
        ("小明", "@all"),  # stored as it is; each robot refuses it
    ]:
        add_members(db, camp.slug, [name], now=created, handle=handle)
    remove_member(db, camp.slug, "Eve", now=created)
    checked = pendulum.datetime(2026, 12, 1, 20, 30, tz="Asia/Shanghai")
    record_checkin(db, camp.slug, "Dan", now=checked, text="#checkin done")
    # The task at 08:00, the opening at 19:30; the night window is due at 23:30 and
    # its reminder is 30 minutes before.
    for hour, minute in [(8, 1), (19, 31), (23, 0)]:
        moment = pendulum.datetime(2026, 12, 1, hour, minute, tz="Asia/Shanghai")
        run_due(db, moment, env={}, deliver=False)
    rows = db.execute(
        "SELECT kind, text, mentions FROM outbox WHERE camp_id = ? ORDER BY id", [camp.id]
    ).fetchall()
    assert [kind for kind, _, _ in rows] == ["task", "opening", "reminder"]
    for kind, text, mentions in rows:
        if kind != "reminder":
            assert mentions is None
            continue
        assert "@Ann" in text and "@Ben" in text and "@Dan" not in text
        assert json.loads(mentions) == [
            {"name": "Ann", "handle": SLACK_ID},
            {"name": "小明", "handle": "@all"},
        ]


def test_mentions_that_leave_too_little_room_beside_the_text_go_in_parts_of_their_own():
    # Found by the property test above: 21 mentions beside "<<" (four units each in
    # Slack) in a tiny part left room for less than one escaped character.
    mentions = [(f"id{n}", f"<@id{n}>") for n in range(21)]
    parts = markdown_parts_mentioning(parse("\\<\\<"), SLACK, 170, ["打卡"], mentions)
    assert all(SLACK.measure(text) <= 170 and "打卡" in text for text, _ in parts)
    assert [h for _, handles in parts for h in handles] == [h for h, _ in mentions]
