"""Each robot gets its own format from one intermediate form (SPEC section 7).

The text of an announcement is Markdown of the templates' subset, with what members
wrote backslash-escaped. Per platform: the exact payload of one message with bold, a
list, line breaks, a CJK name and hostile member text, and nothing hostile is live.
Then keyword security on every part, the channel checks, and splitting that never
breaks markup (properties over random texts). A local HTTP server stands in for the
robots, as in test_delivery.py; the keyword robot refuses a part without its keyword,
as DingTalk (310000) and Feishu (19024) do.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.announcements import render_announcement, sample_context
from camp.definition import parse_definition
from camp.delivery import Message, deliver, missing_channel_env
from camp.delivery.formats import (
    DINGTALK,
    DISCORD,
    SLACK,
    WECOM,
    markdown_parts,
    post_lines,
    post_parts,
    render_markdown,
)
from camp.delivery.markup import Document, Line, Run, line_text, merge_runs, parse
from camp.delivery.splitting import split_document
from camp.errors import DefinitionError
from camp.models import Channel

ZWSP = "\u200b"
NOW = 1_700_000_000.0


def member(text: str) -> str:
    """``text`` as the renderer inserts a value from a member: ASCII punctuation escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


HOSTILE = '<!channel> <at user_id="all"></at> **x** @everyone & <@U123>'
TEXT = (
    "📊 **Day 2 · 排行榜**\n"
    "\n"
    "**Leaderboard**\n"
    f"- 🥇 **{member('张三')}** · 30 pts\n"
    f"- 🥈 **{member(HOSTILE)}** · 20 pts\n"
    "\n"
    f"Missed: {member(HOSTILE)}\n"
    "Check in with *#打卡* today!"
)
MESSAGE = Message(title="Day 2 summary", text=TEXT, kind="summary", key="cp/summary/d2")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to the local stand-in never go through a proxy of the environment."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


# --------------------------------------------------------------------------- the stand-in robot


@dataclass
class StandIn:
    """Records every body; refuses one without ``keyword`` when it is set."""

    server: ThreadingHTTPServer
    bodies: list[dict]
    keyword: str | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/robot/send?access_token=t0ken"


def _has_keyword(body: dict, keyword: str) -> bool:
    if "markdown" in body:  # DingTalk looks in the text it receives
        return keyword in body["markdown"]["text"]
    lines = next(iter(body["content"]["post"].values()))["content"]  # Feishu: a post
    return any(keyword in element["text"] for line in lines for element in line)


@pytest.fixture
def stand_in():
    bodies: list[dict] = []
    robot: StandIn

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            bodies.append(body)
            reply = {"errcode": 0, "code": 0, "msg": "ok"}
            if robot.keyword and not _has_keyword(body, robot.keyword):
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
    robot = StandIn(server, bodies)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield robot
    server.shutdown()
    server.server_close()
    thread.join(5)


def post(stand_in: StandIn, kind: str, message: Message = MESSAGE, **options) -> list[dict]:
    channel = Channel(kind, {"url_env": "ROBOT_URL", **options})
    deliver(channel, message, env={"ROBOT_URL": stand_in.url}, now=NOW, timeout=5)
    return stand_in.bodies


# --------------------------------------------------------------------------- payloads


def test_wecom_payload_is_its_markdown_with_member_text_inert(stand_in):
    [body] = post(stand_in, "wecom")
    content = body["markdown"]["content"]
    # WeCom documents no escape: what it would read as markup (*, _, <, # or > at the
    # start of a line, ...) becomes its full-width look-alike; it has no lists.
    hostile = '＜!channel> ＜at user＿id="all">＜/at> ＊＊x＊＊ @everyone & ＜@U123>'
    assert body == {
        "msgtype": "markdown",
        "markdown": {
            "content": "📊 **Day 2 · 排行榜**\n"
            "\n"
            "**Leaderboard**\n"
            "• 🥇 **张三** · 30 pts\n"
            f"• 🥈 **{hostile}** · 20 pts\n"
            "\n"
            f"Missed: {hostile}\n"
            "Check in with #打卡 today!"
        },
    }
    assert "<" not in content  # no <font>, no <@userid> mention
    assert "**x**" not in content and "_id" not in content


def test_dingtalk_payload_has_hard_line_breaks_and_member_text_inert(stand_in):
    [body] = post(stand_in, "dingtalk")
    hostile = (
        '&lt;!channel&gt; &lt;at user\\_id="all"&gt;&lt;/at&gt; \\*\\*x\\*\\* @everyone '
        "&amp; &lt;@U123&gt;"
    )
    assert body == {
        "msgtype": "markdown",
        "markdown": {
            "title": "Day 2 summary",
            "text": "📊 **Day 2 · 排行榜**\n"
            "\n"
            "**Leaderboard**\n"
            "\n"  # DingTalk needs the blank line to see a list
            "- 🥇 **张三** · 30 pts\n"
            f"- 🥈 **{hostile}** · 20 pts\n"
            "\n"
            f"Missed: {hostile}  \n"  # a single newline would not break the line
            "Check in with *#打卡* today!",
        },
    }
    text = body["markdown"]["text"]
    assert "<" not in text and ">" not in text.replace("&gt;", "")
    assert "**x**" not in text
    assert "at" not in body  # no atMobiles, no isAtAll: "@everyone" notifies nobody


def test_feishu_payload_is_a_post_of_text_elements(stand_in):
    [body] = post(stand_in, "feishu")
    bold = ["bold"]
    assert body == {
        "msg_type": "post",
        "content": {
            "post": {
                "zh_cn": {
                    "title": "Day 2 summary",
                    "content": [
                        [
                            {"tag": "text", "text": "📊 "},
                            {"tag": "text", "text": "Day 2 · 排行榜", "style": bold},
                        ],
                        [{"tag": "text", "text": ""}],
                        [{"tag": "text", "text": "Leaderboard", "style": bold}],
                        [
                            {"tag": "text", "text": "• "},
                            {"tag": "text", "text": "🥇 "},
                            {"tag": "text", "text": "张三", "style": bold},
                            {"tag": "text", "text": " · 30 pts"},
                        ],
                        [
                            {"tag": "text", "text": "• "},
                            {"tag": "text", "text": "🥈 "},
                            {"tag": "text", "text": HOSTILE, "style": bold},
                            {"tag": "text", "text": " · 20 pts"},
                        ],
                        [{"tag": "text", "text": ""}],
                        [{"tag": "text", "text": f"Missed: {HOSTILE}"}],
                        [
                            {"tag": "text", "text": "Check in with "},
                            {"tag": "text", "text": "#打卡", "style": ["italic"]},
                            {"tag": "text", "text": " today!"},
                        ],
                    ],
                }
            }
        },
    }
    # A text element is shown as written: the <at> of the data is text, no "at" element
    # (the only way a post mentions anyone) and nothing to unescape.
    elements = [e for line in body["content"]["post"]["zh_cn"]["content"] for e in line]
    assert {e["tag"] for e in elements} == {"text"}
    assert not any("un_escape" in e for e in elements)


def test_feishu_post_is_in_the_camps_language(stand_in):
    english = Message("Day 2", "Hi", "summary", "k", language="en")
    chinese = Message("第 2 天", "你好", "summary", "k", language="zh")
    unknown = Message("Day 2", "Hi", "summary", "k")
    bodies = [post(stand_in, "feishu", message)[-1] for message in (english, chinese, unknown)]
    assert [list(body["content"]["post"]) for body in bodies] == [["en_us"], ["zh_cn"], ["zh_cn"]]


def test_slack_payload_is_mrkdwn_with_control_characters_as_entities(stand_in):
    [body] = post(stand_in, "slack")
    # No escape exists for * _ ~ ` in mrkdwn: a zero-width space on each side keeps
    # them from pairing up.
    stars = f"{ZWSP}*{ZWSP}{ZWSP}*{ZWSP}"
    hostile = (
        f'&lt;!channel&gt; &lt;at user{ZWSP}_{ZWSP}id="all"&gt;&lt;/at&gt; {stars}x{stars} '
        "@everyone &amp; &lt;@U123&gt;"
    )
    assert body == {
        "text": "📊 *Day 2 · 排行榜*\n"
        "\n"
        "*Leaderboard*\n"
        "• 🥇 *张三* · 30 pts\n"
        f"• 🥈 *{hostile}* · 20 pts\n"
        "\n"
        f"Missed: {hostile}\n"
        "Check in with _#打卡_ today!"
    }
    text = body["text"]
    assert "<" not in text and ">" not in text  # <!channel>, <!here>, <@U…> are syntax
    assert "&" not in text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
    assert "**" not in text


def test_discord_payload_keeps_member_text_escaped_and_mentions_off(stand_in):
    [body] = post(stand_in, "discord")
    hostile = (
        '\\<!channel\\> \\<at user\\_id="all"\\>\\</at\\> \\*\\*x\\*\\* @everyone & \\<@U123\\>'
    )
    assert body == {
        "content": "📊 **Day 2 · 排行榜**\n"
        "\n"
        "**Leaderboard**\n"
        "- 🥇 **张三** · 30 pts\n"
        f"- 🥈 **{hostile}** · 20 pts\n"
        "\n"
        f"Missed: {hostile}\n"
        "Check in with *#打卡* today!",
        # "@everyone" stays text: no mention of anyone is parsed from the content.
        "allowed_mentions": {"parse": []},
    }
    assert "<@U123>" not in body["content"] and "**x**" not in body["content"]


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu", "slack", "discord"])
def test_a_hostile_name_in_a_built_in_summary_is_inert_on_every_robot(stand_in, kind):
    context = sample_context("summary")
    context["missed"] = [HOSTILE, *context["missed"]]
    text = render_announcement("summary", context)
    [body] = post(stand_in, kind, Message("Day 3 summary", text, "summary", "k"))
    if kind == "feishu":
        elements = [e for line in body["content"]["post"]["zh_cn"]["content"] for e in line]
        assert {e["tag"] for e in elements} == {"text"}
        assert any(HOSTILE in e["text"] for e in elements)
        return
    sent = {
        "wecom": lambda: body["markdown"]["content"],
        "dingtalk": lambda: body["markdown"]["text"],
        "slack": lambda: body["text"],
        "discord": lambda: body["content"],
    }[kind]()
    assert "**x**" not in sent and "<!channel>" not in sent and "<@U123>" not in sent
    assert "<at" not in sent.replace("\\<at", "")  # Discord keeps it escaped
    assert "**Alice**" in sent or "*Alice*" in sent  # the template's own bold is kept


def test_generic_webhook_sends_the_text_as_it_is(stand_in):
    [body] = post(stand_in, "webhook")
    assert body == {
        "title": "Day 2 summary",
        "text": TEXT,
        "kind": "summary",
        "key": "cp/summary/d2",
    }


# --------------------------------------------------------------------------- keywords

LONG = Message(
    title="排行榜",
    text="**积分榜**\n"
    + "\n".join(f"- 第 {i} 名 **{member(f'成员{i}号')}** · {i * 7} 分" for i in range(1, 1500)),
    kind="summary",
    key="k",
)


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
@pytest.mark.parametrize(
    ("options", "required"),
    [({"keyword": "打卡"}, "打卡"), ({"keywords": ["camp", "打卡"]}, "camp")],
    ids=["keyword", "keywords"],
)
def test_every_part_of_a_split_message_carries_the_keyword(stand_in, kind, options, required):
    stand_in.keyword = required
    bodies = post(stand_in, kind, LONG, **options)  # refused parts would raise
    assert len(bodies) > 2
    assert all(_has_keyword(body, required) for body in bodies)


def test_the_keyword_is_added_as_the_last_line_only_where_missing():
    document = parse(LONG.text.replace("成员7号", "打卡达人"))
    parts = markdown_parts(document, DINGTALK, 20_000, ["打卡"])
    assert len(parts) > 2
    first, *others = parts
    assert "打卡达人" in first and not first.endswith("\n\n打卡")
    assert all(part.endswith("\n\n打卡") for part in others)
    assert all(len(part.encode()) <= 20_000 for part in parts)


def test_a_feishu_post_without_the_keyword_ends_with_a_line_of_it():
    document = parse("**Hello** world")
    [content] = post_parts(document, lambda digits: 20_000, ["打卡"])
    assert content[-1] == [{"tag": "text", "text": "打卡"}]
    [content] = post_parts(parse("**打卡** done"), lambda digits: 20_000, ["打卡"])
    assert content == post_lines(parse("**打卡** done"))


BASE = {
    "camp": {"name": "Tiny", "days": 5},
    "windows": [{"name": "day", "open": "08:00", "due": "22:00"}],
}


def channel_problems(**entry) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition({**BASE, "channels": [entry]})
    return caught.value.problems


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            {"keyword": 5},
            'channels[1].keyword: 5 is a whole number, not text; write e.g. keyword = "打卡"',
        ),
        ({"keyword": " "}, 'channels[1].keyword: is empty; write e.g. keyword = "打卡"'),
        (
            {"keywords": []},
            "channels[1].keywords: an empty list, but the robot refuses a message without "
            'one; write a list of words, e.g. keywords = ["打卡", "camp"]',
        ),
        (
            {"keywords": "打卡"},
            'channels[1].keywords: "打卡" is text, but the robot refuses a message without '
            'one; write a list of words, e.g. keywords = ["打卡", "camp"]',
        ),
        (
            {"keywords": ["打卡", ""]},
            'channels[1].keywords[2]: "" is not a keyword; write a list of words, e.g. '
            'keywords = ["打卡", "camp"]',
        ),
        (
            {"keyword": "打卡", "keywords": ["camp"]},
            "channels[1].keywords: keyword is set too; keep one of them (keywords takes a "
            "list of words)",
        ),
    ],
)
def test_a_wrong_keyword_is_one_sentence(entry, problem):
    problems = channel_problems(type="dingtalk", url_env="CAMP_DINGTALK_URL", **entry)
    assert problems == [problem]


def test_only_robots_with_keyword_security_take_a_keyword():
    problems = channel_problems(type="slack", url_env="CAMP_SLACK_URL", keyword="打卡")
    assert problems == [
        "channels[1].keyword: only dingtalk and feishu robots look for a keyword; remove keyword"
    ]


def test_keywords_are_kept_stripped_on_the_channel():
    channels = [
        {"type": "dingtalk", "url_env": "D", "keyword": " 打卡 "},
        {"type": "feishu", "url_env": "F", "keywords": ["打卡", " camp"]},
    ]
    definition = parse_definition({**BASE, "channels": channels})
    assert [c.options for c in definition.channels] == [
        {"url_env": "D", "keyword": "打卡"},
        {"url_env": "F", "keywords": ["打卡", "camp"]},
    ]


def test_missing_channel_env_names_each_channel_and_variable():
    channels = [
        Channel("stdout"),
        Channel("dingtalk", {"url_env": "CAMP_DINGTALK_URL", "secret_env": "CAMP_DINGTALK_SECRET"}),
        Channel("wecom", {"url_env": "CAMP_WECOM_URL"}),
        Channel("feishu", {"url_env": "CAMP_FEISHU_URL", "secret_env": "CAMP_FEISHU_SECRET"}),
        Channel("slack", {"url_env": "CAMP_SLACK_URL"}),
    ]
    env = {"CAMP_DINGTALK_URL": "https://x", "CAMP_WECOM_URL": "  ", "CAMP_SLACK_URL": "https://y"}
    assert missing_channel_env(channels, env) == [
        "channel 2 (dingtalk): CAMP_DINGTALK_SECRET is not set; export it or remove secret_env",
        "channel 3 (wecom): CAMP_WECOM_URL is not set; export it with the WeCom robot's "
        "webhook URL",
        "channel 4 (feishu): CAMP_FEISHU_URL and CAMP_FEISHU_SECRET are not set; export them "
        "with the Feishu robot's webhook URL and signing secret",
    ]
    assert missing_channel_env(channels[:1], {}) == []


# --------------------------------------------------------------------------- the parser


def test_escapes_are_literal_characters_and_other_markup_is_text():
    [block] = parse(r"\*\*x\*\* \<b\> [a](b) `c` <i>d</i> &amp; \\ \# **bold** *it*")
    assert block.lines == (
        (
            Run("**x** <b> [a](b) `c` <i>d</i> &amp; \\ # "),
            Run("bold", bold=True),
            Run(" "),
            Run("it", italic=True),
        ),
    )


def test_the_blocks_of_a_template():
    document = parse("# Title\n\nline one\nline two  \nthree\n**Board**\n- a\n- b\n\n1. c")
    assert [(b.kind, b.level, b.number, b.tight, len(b.lines)) for b in document] == [
        ("heading", 1, None, False, 1),
        ("paragraph", 0, None, False, 4),
        ("item", 0, None, True, 1),
        ("item", 0, None, True, 1),
        ("item", 0, 1, False, 1),
    ]


# --------------------------------------------------------------------------- splitting

# Texts in the shape the templates write: words, CJK, emoji and values from members
# (escaped), bold spans between spaces, line breaks, list items, paragraphs.
LETTERS = ("Alice", "张三丰", "连续打卡", "🔥", "👍🏽", "e\u0301")
SIGNS = ("30", "pts", "·", "—", "&", "@everyone")
WORDS = st.sampled_from(LETTERS + SIGNS)
HOSTILE_BITS = st.sampled_from(
    ["<!channel>", '<at user_id="all"></at>', "**x**", "_y_", "`z`", "[a](b)", "\\", "#1", "- 2"]
)
PIECES = st.one_of(WORDS, HOSTILE_BITS.map(member))
PHRASE = st.lists(PIECES, min_size=1, max_size=6).map(" ".join)
SPAN = st.one_of(PHRASE, PHRASE.map(lambda p: f"**{p}**"), PHRASE.map(lambda p: f"*{p}*"))
LINE = st.lists(SPAN, min_size=1, max_size=5).map(" ".join)
ITEM_OR_LINE = st.one_of(LINE, LINE.map(lambda line: "- " + line))
PARAGRAPH = st.lists(ITEM_OR_LINE, min_size=1, max_size=6).map("\n".join)
TEXTS = st.lists(PARAGRAPH, min_size=1, max_size=6).map("\n\n".join)

FLAVOURS = [WECOM, DINGTALK, SLACK, DISCORD]


def runs_text(document: Document) -> str:
    return "".join(run.text for block in document for line in block.lines for run in line)


def lines_of(document: Document) -> list[Line]:
    """The document's lines, as a reader sees them: no spaces at the ends of a line."""
    out = []
    for block in document:
        for line in block.lines:
            runs = list(merge_runs(line))
            if runs:
                runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
                runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
            out.append(merge_runs(runs))
    return out


#: How a rendered part is read back into the intermediate form, where that is Markdown.
READ_BACK: dict[str, Callable[[str], Document]] = {
    "Discord": parse,
    "DingTalk": lambda text: parse(html.unescape(text)),
}


@settings(max_examples=300, deadline=None)
@given(
    text=TEXTS,
    flavour=st.sampled_from(FLAVOURS),
    room=st.integers(min_value=60, max_value=400),
)
def test_splitting_keeps_every_character_and_every_part_reads_back(text, flavour, room):
    document = parse(text)
    parts = split_document(document, room, flavour)
    # Nothing lost, nothing added, in order; every part fits.
    assert runs_text(document) == "".join(runs_text(part) for part in parts)
    rendered = [render_markdown(part, flavour) for part in parts]
    assert all(flavour.measure(r) <= room for r in rendered)
    read_back = READ_BACK.get(flavour.name)
    for part, written in zip(parts, rendered, strict=True):
        if read_back is not None:
            # Every part parses to its own lines: bold stays bold, escapes stay text.
            assert lines_of(read_back(written)) == lines_of(part)
        elif flavour is SLACK:
            unguarded = written.replace(f"{ZWSP}*{ZWSP}", "").replace(f"{ZWSP}_{ZWSP}", "")
            for line in unguarded.split("\n"):
                assert line.count("*") % 2 == 0 and line.count("_") % 2 == 0, line
            assert "<" not in written
        else:  # WeCom: bold markers pair up on every line, nothing else is markup
            for line in written.split("\n"):
                assert line.count("**") % 2 == 0 and line.replace("**", "").count("*") == 0
            assert "<" not in written and "_" not in written


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, flavour=st.sampled_from(FLAVOURS), limit=st.integers(80, 600))
def test_numbered_parts_fit_and_hold_the_whole_text(text, flavour, limit):
    document = parse(text)
    parts = markdown_parts(document, flavour, limit)
    assert all(flavour.measure(part) <= limit for part in parts)
    total = len(parts)
    bodies = [parts[0]] + [
        part.removeprefix(f"({i}/{total}){flavour.line_break}")
        for i, part in enumerate(parts[1:], start=2)
    ]
    assert all(body != part for body, part in zip(bodies[1:], parts[1:], strict=True))
    read_back = READ_BACK.get(flavour.name)
    if read_back is not None:
        # A line cut after a space ends in it: the reader does not see it, nor anything else
        # moves.
        joined = "".join(line_text(line) for body in bodies for line in lines_of(read_back(body)))
        whole = "".join(line_text(line) for line in lines_of(document))
        assert joined.replace(" ", "") == whole.replace(" ", "")


def test_a_bold_run_longer_than_a_part_is_bold_in_every_part():
    document = parse("**" + "加油" * 1000 + "**")
    parts = markdown_parts(document, DISCORD, 500)
    assert len(parts) >= 4
    for i, part in enumerate(parts, start=1):
        body = part.removeprefix(f"({i}/{len(parts)})\n")
        [block] = parse(body)
        assert [run.bold for line in block.lines for run in line] == [True]


def test_a_cut_never_falls_inside_an_escape_or_a_character():
    text = member("<@U123>**") * 300  # one long line of escapes
    for flavour in FLAVOURS:
        parts = markdown_parts(parse(text), flavour, 200)
        for part in parts:
            assert not part.endswith("\\") or part.endswith("\\\\")
            assert not part.endswith(ZWSP + "*")  # a guard is never left open
            assert "&" not in re.sub(r"&(amp|lt|gt);", "", part)
