"""Delivery channels (SPEC section 7): stdout, folder, and group-chat robots over HTTP.

A local HTTP server stands in for each robot: it records every request and answers
with the replies a test queues.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import socket
import threading
import urllib.parse
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camp.delivery import (
    DeliveryError,
    Message,
    backoff_seconds,
    channel_label,
    deliver,
    numbered_parts,
    safe_file_stem,
    split_text,
)
from camp.delivery.splitting import json_string_bytes, utf8_bytes, utf16_units
from camp.models import Channel

NOW = 1_700_000_000.25
TOKEN = "tok3n-5ecret-abcdef0123456789"
SECRET = "SEC-signing-secret-42"
MESSAGE = Message(
    title="Day 2 summary",
    text="**Alice** 30 pts\nBob 20 pts",
    kind="summary",
    key="cp-week/summary/d2",
)
NUMBERING = r"\((\d+)/(\d+)\)\n"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to the local stand-in never go through a proxy of the environment."""
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


# --------------------------------------------------------------------------- the stand-in robot


@dataclass
class Recorded:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    hang: bool = False


def json_reply(data, status: int = 200, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    return Reply(
        status, json.dumps(data).encode(), (("Content-Type", "application/json"), *headers)
    )


class Robot:
    """Records requests; answers each with the next queued reply, else the default one."""

    def __init__(self):
        self.requests: list[Recorded] = []
        self.replies: deque[Reply] = deque()
        self.default = Reply(200, b"ok")
        self.release = threading.Event()
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                split = urllib.parse.urlsplit(self.path)
                robot.requests.append(
                    Recorded(
                        path=split.path,
                        query=dict(urllib.parse.parse_qsl(split.query)),
                        headers={k: v for k, v in self.headers.items()},
                        body=body,
                    )
                )
                reply = robot.replies.popleft() if robot.replies else robot.default
                if reply.hang:
                    # Bounded: the test's teardown releases it, and it gives up after 5 s.
                    robot.release.wait(5)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    # The client timed out and left, as the timeout tests intend.
                    pass

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str = "/robot/send", query: str = f"access_token={TOKEN}") -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}" + (f"?{query}" if query else "")


@pytest.fixture
def robot():
    stand_in = Robot()
    stand_in.thread.start()
    yield stand_in
    stand_in.release.set()
    stand_in.server.shutdown()
    stand_in.server.server_close()
    stand_in.thread.join(5)


def robot_channel(kind: str, *, signed: bool = False) -> Channel:
    options = {"url_env": f"CAMP_{kind.upper()}_URL"}
    if signed:
        options["secret_env"] = f"CAMP_{kind.upper()}_SECRET"
    return Channel(kind, options)


def send(robot: Robot, kind: str, message: Message = MESSAGE, *, signed: bool = False, **kwargs):
    env = {f"CAMP_{kind.upper()}_URL": robot.url(), f"CAMP_{kind.upper()}_SECRET": SECRET}
    kwargs.setdefault("timeout", 5.0)
    deliver(robot_channel(kind, signed=signed), message, env=env, now=NOW, **kwargs)


def failure(robot: Robot, kind: str, message: Message = MESSAGE, **kwargs) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        send(robot, kind, message, **kwargs)
    return caught.value


def long_cjk_text(lines: int = 400) -> str:
    rows = [
        f"第{i}名 张三丰🔥 {i * 7} 分 — 连续打卡 {i % 9} 天，继续加油！"
        for i in range(1, lines + 1)
    ]
    rows.insert(50, "超长的一行" * 1500)  # one line longer than any robot's limit
    return "🏆 排行榜\n" + "\n".join(rows) + "\n"


def unnumbered(parts: list[str], line_break: str = "\n") -> list[str]:
    """Parts with the "(i/n)" line of all but the first removed, checking the numbering."""
    total = len(parts)
    plain = [parts[0]]
    for i, part in enumerate(parts[1:], start=2):
        prefix = f"({i}/{total}){line_break}"
        assert part.startswith(prefix)
        plain.append(part[len(prefix) :])
    assert not parts[0].startswith("(1/")
    return plain


# --------------------------------------------------------------------------- stdout and folder


def test_stdout_prints_a_header_line_the_text_and_a_blank_line():
    out = io.StringIO()
    deliver(Channel("stdout"), MESSAGE, stdout=out)
    assert out.getvalue() == "== Day 2 summary ==\n**Alice** 30 pts\nBob 20 pts\n\n"


def test_stdout_defaults_to_the_process_stdout(capsys):
    deliver(Channel("stdout"), Message("标题", "正文", "task", "k"))
    assert capsys.readouterr().out == "== 标题 ==\n正文\n\n"


def test_a_closed_stdout_is_a_delivery_error():
    out = io.StringIO()
    out.close()
    with pytest.raises(DeliveryError, match="stdout") as caught:
        deliver(Channel("stdout"), MESSAGE, stdout=out)
    assert caught.value.retryable is False


def test_folder_writes_one_markdown_file_named_after_the_key(tmp_path):
    deliver(Channel("folder", {"path": "out/announcements"}), MESSAGE, base_dir=tmp_path)
    folder = tmp_path / "out" / "announcements"
    assert sorted(p.name for p in folder.iterdir()) == ["cp-week_summary_d2.md"]
    text = (folder / "cp-week_summary_d2.md").read_text(encoding="utf-8")
    assert text == "# Day 2 summary\n\n**Alice** 30 pts\nBob 20 pts\n"


def test_folder_overwrites_the_same_key_and_keeps_other_keys(tmp_path):
    channel = Channel("folder", {"path": str(tmp_path / "ann")})
    deliver(channel, MESSAGE)
    deliver(channel, Message("Day 2 summary", "corrected", "summary", MESSAGE.key))
    deliver(channel, Message("Day 3", "next", "summary", "cp-week/summary/d3"))
    folder = tmp_path / "ann"
    assert sorted(p.name for p in folder.iterdir()) == [
        "cp-week_summary_d2.md",
        "cp-week_summary_d3.md",
    ]
    assert (folder / "cp-week_summary_d2.md").read_text(encoding="utf-8").endswith("\ncorrected\n")


def test_folder_relative_path_defaults_to_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deliver(Channel("folder", {"path": "ann"}), MESSAGE)
    assert (tmp_path / "ann" / "cp-week_summary_d2.md").is_file()


def test_folder_write_goes_through_a_temporary_file_in_the_same_folder(tmp_path, monkeypatch):
    channel = Channel("folder", {"path": "ann"})
    deliver(channel, MESSAGE, base_dir=tmp_path)
    target = tmp_path / "ann" / "cp-week_summary_d2.md"
    before = target.read_text(encoding="utf-8")
    replaced = []
    real_replace = os.replace

    def failing_replace(src, dst):
        replaced.append((Path(src), Path(dst)))
        assert Path(src).read_text(encoding="utf-8").endswith("\nnew text\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(DeliveryError, match="No space left") as caught:
        deliver(channel, Message("t", "new text", "summary", MESSAGE.key), base_dir=tmp_path)
    monkeypatch.setattr(os, "replace", real_replace)
    assert caught.value.retryable is True
    [(src, dst)] = replaced
    assert src.parent == dst.parent == target.parent and dst == target
    # The failed write left the old announcement whole and no temporary file behind.
    assert target.read_text(encoding="utf-8") == before
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_folder_blocked_by_a_file_is_not_retryable(tmp_path):
    (tmp_path / "ann").write_text("not a folder")
    with pytest.raises(DeliveryError, match=r"folder:ann: could not write") as caught:
        deliver(Channel("folder", {"path": "ann"}), MESSAGE, base_dir=tmp_path)
    assert caught.value.retryable is False


def test_folder_without_path_is_refused(tmp_path):
    with pytest.raises(DeliveryError, match="no path"):
        deliver(Channel("folder", {}), MESSAGE, base_dir=tmp_path)


@pytest.mark.parametrize(
    ("key", "stem"),
    [
        ("cp-week/summary/d2", "cp-week_summary_d2"),
        ("算法营/opening", "算法营_opening"),
        ("../../etc/passwd", "etc_passwd"),
        ("a b:c*?d", "a_b_c_d"),
        ("...", "announcement"),
    ],
)
def test_safe_file_stem(key, stem):
    assert safe_file_stem(key) == stem


def test_safe_file_stem_keeps_long_keys_apart_and_short():
    first, second = "营" * 200 + "/a", "营" * 200 + "/b"
    assert safe_file_stem(first) != safe_file_stem(second)
    assert len((safe_file_stem(first) + ".md").encode()) <= 255


# --------------------------------------------------------------------------- payloads


def test_wecom_posts_markdown_content(robot):
    robot.default = json_reply({"errcode": 0, "errmsg": "ok"})
    send(robot, "wecom")
    [request] = robot.requests
    assert request.json == {"msgtype": "markdown", "markdown": {"content": MESSAGE.text}}
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.query == {"access_token": TOKEN}


def test_wecom_errcode_is_a_failure(robot):
    robot.default = json_reply({"errcode": 93000, "errmsg": "invalid webhook url"})
    error = failure(robot, "wecom")
    assert error.retryable is False
    assert "93000" in str(error) and "invalid webhook url" in str(error)


def test_dingtalk_posts_markdown_with_title_and_no_signature_without_secret(robot):
    robot.default = json_reply({"errcode": 0, "errmsg": "ok"})
    send(robot, "dingtalk")
    [request] = robot.requests
    # A single newline does not break a line in DingTalk: two trailing spaces do.
    assert request.json == {
        "msgtype": "markdown",
        "markdown": {"title": "Day 2 summary", "text": "**Alice** 30 pts  \nBob 20 pts"},
    }
    assert request.query == {"access_token": TOKEN}


def test_dingtalk_signature_in_the_query_string(robot):
    robot.default = json_reply({"errcode": 0, "errmsg": "ok"})
    send(robot, "dingtalk", signed=True)
    [request] = robot.requests
    timestamp = request.query["timestamp"]
    assert timestamp == str(int(NOW * 1000))
    digest = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert request.query["sign"] == base64.b64encode(digest).decode()
    assert request.query["access_token"] == TOKEN


@pytest.mark.parametrize(
    ("reply", "retryable"),
    [
        ({"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}, True),
        ({"errcode": 310000, "errmsg": "sign not match"}, False),
    ],
)
def test_dingtalk_errcode_is_a_failure(robot, reply, retryable):
    robot.default = json_reply(reply)
    error = failure(robot, "dingtalk", signed=True)
    assert error.retryable is retryable
    assert str(reply["errcode"]) in str(error) and reply["errmsg"] in str(error)


def test_dingtalk_reply_that_is_not_json_is_a_failure(robot):
    robot.default = Reply(200, b"<html>welcome</html>")
    error = failure(robot, "dingtalk")
    assert error.retryable is False
    assert "CAMP_DINGTALK_URL" in str(error)


def test_feishu_posts_rich_text_with_signature_in_the_body(robot):
    robot.default = json_reply({"code": 0, "msg": "success"})
    send(robot, "feishu", signed=True)
    [request] = robot.requests
    body = request.json
    # A post, not text: Feishu shows Markdown in a text message as it is (literal "**").
    assert body["msg_type"] == "post"
    assert body["content"] == {
        "post": {
            "zh_cn": {
                "title": "Day 2 summary",
                "content": [
                    [
                        {"tag": "text", "text": "Alice", "style": ["bold"]},
                        {"tag": "text", "text": " 30 pts"},
                    ],
                    [{"tag": "text", "text": "Bob 20 pts"}],
                ],
            }
        }
    }
    assert body["timestamp"] == str(int(NOW))
    digest = hmac.new(f"{body['timestamp']}\n{SECRET}".encode(), b"", hashlib.sha256).digest()
    assert body["sign"] == base64.b64encode(digest).decode()


def test_feishu_without_secret_has_no_signature(robot):
    robot.default = json_reply({"StatusCode": 0, "StatusMessage": "success", "code": 0})
    send(robot, "feishu")
    assert set(robot.requests[0].json) == {"msg_type", "content"}


@pytest.mark.parametrize(
    ("reply", "retryable"),
    [
        ({"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}, False),
        ({"code": 11232, "msg": "frequency limited"}, True),
    ],
)
def test_feishu_code_is_a_failure(robot, reply, retryable):
    robot.default = json_reply(reply)
    error = failure(robot, "feishu", signed=True)
    assert error.retryable is retryable
    assert str(reply["code"]) in str(error)


def test_slack_posts_mrkdwn_text(robot):
    send(robot, "slack")
    assert robot.requests[0].json == {"text": "*Alice* 30 pts\nBob 20 pts"}


def test_discord_posts_content_without_mentions(robot):
    robot.default = Reply(204)
    send(robot, "discord", Message("t", "@everyone look", "task", "k"))
    assert robot.requests[0].json == {
        "content": "@everyone look",
        "allowed_mentions": {"parse": []},
    }


def test_an_empty_text_sends_the_title(robot):
    send(robot, "slack", Message("Day 3 task", "  \n", "task", "k"))
    assert robot.requests[0].json == {"text": "Day 3 task"}


def test_generic_webhook_posts_the_whole_message_signed(robot):
    send(robot, "webhook", signed=True)
    [request] = robot.requests
    assert request.json == {
        "title": MESSAGE.title,
        "text": MESSAGE.text,
        "kind": "summary",
        "key": "cp-week/summary/d2",
    }
    expected = hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Camp-Signature"] == f"sha256={expected}"


def test_generic_webhook_without_secret_is_unsigned(robot):
    send(robot, "webhook")
    assert "X-Camp-Signature" not in robot.requests[0].headers


# --------------------------------------------------------------------------- splitting


@pytest.mark.parametrize(
    ("kind", "reply", "size", "limit"),
    [
        (
            "wecom",
            json_reply({"errcode": 0}),
            lambda r: utf8_bytes(r.json["markdown"]["content"]),
            4096,
        ),
        (
            "dingtalk",
            json_reply({"errcode": 0}),
            lambda r: utf8_bytes(r.json["markdown"]["text"]),
            20_000,
        ),
        ("feishu", json_reply({"code": 0}), lambda r: len(r.body), 20_000),
        ("slack", Reply(200, b"ok"), lambda r: utf16_units(r.json["text"]), 3000),
        ("discord", Reply(204), lambda r: utf16_units(r.json["content"]), 2000),
    ],
)
def test_a_long_cjk_text_is_split_within_the_limit_in_order(robot, kind, reply, size, limit):
    robot.default = reply
    text = long_cjk_text()
    send(
        robot, kind, Message("排行榜", text, "summary", "k"), signed=kind in ("dingtalk", "feishu")
    )
    assert len(robot.requests) > 1
    assert all(size(r) <= limit for r in robot.requests)
    # json.loads would fail on a torn character. Each part holds whole lines, except
    # that the one line longer than any part is cut: the lines arrive whole and in order.
    if kind == "feishu":
        posts = [r.json["content"]["post"]["zh_cn"] for r in robot.requests]
        total = len(posts)
        assert [p["title"] for p in posts] == ["排行榜"] + [
            f"({i}/{total}) 排行榜" for i in range(2, total + 1)
        ]
        lines = ["".join(e["text"] for e in line) for post in posts for line in post["content"]]
    else:
        field, line_break = {
            "wecom": (lambda b: b["markdown"]["content"], "\n"),
            "dingtalk": (lambda b: b["markdown"]["text"], "  \n"),
            "slack": (lambda b: b["text"], "\n"),
            "discord": (lambda b: b["content"], "\n"),
        }[kind]
        sent = [field(r.json) for r in robot.requests]
        lines = [line for part in unnumbered(sent, line_break) for line in part.split(line_break)]
    assert_lines_arrive(lines, text.rstrip("\n").split("\n"))


def assert_lines_arrive(sent: list[str], lines: list[str]) -> None:
    """Each of ``lines``, in order, is one sent line or the pieces of several in a row."""
    rest = list(sent)
    for line in lines:
        got = rest.pop(0)
        while got != line:
            assert rest and line.startswith(got), (
                f"{got[:40]!r}... is not the start of {line[:40]!r}"
            )
            got += rest.pop(0)
    assert rest == []


def test_dingtalk_parts_number_the_title_too(robot):
    robot.default = json_reply({"errcode": 0})
    send(robot, "dingtalk", Message("排行榜", "行\n" * 12_000, "summary", "k"))
    titles = [r.json["markdown"]["title"] for r in robot.requests]
    total = len(titles)
    assert total >= 2
    assert titles == ["排行榜"] + [f"({i}/{total}) 排行榜" for i in range(2, total + 1)]


def test_split_text_prefers_line_boundaries():
    text = "aaaa\nbbbb\ncccc\n"
    assert split_text(text, 10) == ["aaaa\nbbbb\n", "cccc\n"]
    assert split_text(text, 100) == [text]
    assert split_text("", 5) == [""]


def test_split_text_cuts_a_long_line_after_a_space_or_between_characters():
    assert split_text("hello world again", 12) == ["hello world ", "again"]
    assert split_text("一二三四五六七", 9, utf8_bytes) == ["一二三", "四五六", "七"]
    # An emoji with its modifier stays whole.
    assert split_text("ab👍🏽cd", 3) == ["ab", "👍🏽c", "d"]
    assert split_text("abe\u0301f", 3) == ["ab", "e\u0301f"]


def test_split_text_refuses_a_limit_smaller_than_a_character():
    with pytest.raises(ValueError):
        split_text("长长", 2, utf8_bytes)


def test_numbered_parts_leave_room_for_the_numbering():
    parts = numbered_parts("x" * 95, 10)
    assert all(len(p) <= 10 for p in parts)
    assert "".join(unnumbered(parts)) == "x" * 95
    assert len(parts) >= 10  # two-digit numbering was needed and reserved


def test_json_string_bytes_counts_escapes():
    assert json_string_bytes('a"\n\\') == 7
    assert json_string_bytes("长") == 3


MEASURES = [len, utf8_bytes, utf16_units, json_string_bytes]


@given(
    text=st.text(alphabet=st.sampled_from(list('ab \n长🔥é\u0301"\\\t')), max_size=300),
    limit=st.integers(min_value=24, max_value=80),
    measure=st.sampled_from(MEASURES),
)
def test_numbered_parts_lose_nothing_and_fit(text, limit, measure):
    parts = numbered_parts(text, limit, measure)
    assert all(measure(p) <= limit for p in parts)
    if len(parts) > 1:
        assert all(parts)
    assert "".join(unnumbered(parts)) == text


@given(
    lines=st.lists(st.text(alphabet="ab长", min_size=0, max_size=6), min_size=1, max_size=40),
    limit=st.integers(min_value=20, max_value=50),
)
def test_split_text_only_cuts_at_line_ends_when_lines_fit(lines, limit):
    text = "\n".join(lines)
    parts = split_text(text, limit, utf8_bytes)
    assert "".join(parts) == text
    assert all(p.endswith("\n") for p in parts[:-1])


# --------------------------------------------------------------------------- failures


def test_a_server_error_is_retryable_and_the_next_attempt_succeeds(robot):
    robot.replies.append(Reply(500, b"internal error"))
    error = failure(robot, "slack")
    assert error.retryable is True
    assert "HTTP 500" in str(error)
    send(robot, "slack")
    assert len(robot.requests) == 2


def test_discord_rate_limit_carries_retry_after_from_the_body(robot):
    robot.default = json_reply(
        {"message": "You are being rate limited.", "retry_after": 1.25, "global": False},
        status=429,
        headers=(("Retry-After", "2"),),
    )
    error = failure(robot, "discord")
    assert error.retryable is True
    assert error.retry_after == 1.25
    assert "429" in str(error)


def test_rate_limit_carries_retry_after_from_the_header(robot):
    robot.default = Reply(429, b"rate_limited", (("Retry-After", "30"),))
    error = failure(robot, "slack")
    assert (error.retryable, error.retry_after) == (True, 30.0)


def test_rate_limit_with_an_http_date_retry_after(robot):
    robot.default = Reply(429, b"", (("Retry-After", "Tue, 14 Nov 2023 22:14:20 GMT"),))
    error = failure(robot, "slack")
    assert error.retry_after == pytest.approx(1_700_000_060 - NOW)


def test_a_bad_request_is_not_retryable(robot):
    robot.default = Reply(400, b"invalid_payload")
    error = failure(robot, "slack")
    assert (error.retryable, error.retry_after) == (False, None)
    assert "HTTP 400" in str(error) and "invalid_payload" in str(error)


def test_a_redirect_is_not_followed(robot):
    robot.default = Reply(302, b"", (("Location", "http://127.0.0.1:9/elsewhere"),))
    error = failure(robot, "webhook")
    assert error.retryable is False
    assert len(robot.requests) == 1


def test_a_later_part_waits_out_a_short_rate_limit_instead_of_reposting(robot):
    robot.replies.extend([Reply(204), json_reply({"retry_after": 0.5}, status=429)])
    robot.default = Reply(204)
    waits = []
    send(robot, "discord", Message("t", "x\n" * 1500, "summary", "k"), sleep=waits.append)
    assert waits == [0.5]
    contents = [r.json["content"] for r in robot.requests]
    assert len(contents) == 3
    assert contents[1] == contents[2]  # the rate-limited part again, the first part once
    assert contents[0] != contents[1]


def test_a_first_part_rate_limit_is_raised_not_waited(robot):
    robot.default = json_reply({"retry_after": 0.5}, status=429)
    waits = []
    error = failure(
        robot, "discord", Message("t", "x\n" * 1500, "summary", "k"), sleep=waits.append
    )
    assert waits == [] and error.retry_after == 0.5 and len(robot.requests) == 1


def test_a_failed_later_part_names_the_part(robot):
    robot.replies.extend([Reply(204), Reply(503)])
    error = failure(robot, "discord", Message("t", "x\n" * 1500, "summary", "k"))
    assert "part 2/2" in str(error)
    assert error.retryable is True


def test_a_missing_url_variable_is_named_and_not_retryable():
    with pytest.raises(DeliveryError) as caught:
        deliver(robot_channel("dingtalk"), MESSAGE, env={}, now=NOW)
    assert str(caught.value).startswith("CAMP_DINGTALK_URL is not set; export it")
    assert caught.value.retryable is False


def test_a_missing_secret_variable_is_named(robot):
    env = {"CAMP_FEISHU_URL": robot.url()}
    with pytest.raises(DeliveryError, match=r"^CAMP_FEISHU_SECRET is not set") as caught:
        deliver(robot_channel("feishu", signed=True), MESSAGE, env=env, now=NOW)
    assert caught.value.retryable is False
    assert robot.requests == []


def test_a_url_variable_that_is_not_a_url_is_refused():
    env = {"CAMP_SLACK_URL": "T000/B000/xyz-secret-value"}
    with pytest.raises(DeliveryError, match="does not hold an http") as caught:
        deliver(robot_channel("slack"), MESSAGE, env=env)
    assert "xyz-secret-value" not in str(caught.value)


def test_an_unknown_channel_type_is_refused():
    with pytest.raises(DeliveryError, match="not a channel type"):
        deliver(Channel("fax"), MESSAGE)


def test_the_environment_is_the_default_source_of_urls(robot, monkeypatch):
    monkeypatch.setenv("CAMP_SLACK_URL", robot.url())
    deliver(robot_channel("slack"), MESSAGE, timeout=5)
    assert robot.requests[0].json == {"text": "*Alice* 30 pts\nBob 20 pts"}


def test_connection_refused_is_retryable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"CAMP_SLACK_URL": f"http://127.0.0.1:{port}/services/{TOKEN}"}
    with pytest.raises(DeliveryError, match="could not reach") as caught:
        deliver(robot_channel("slack"), MESSAGE, env=env, timeout=5)
    assert caught.value.retryable is True
    assert TOKEN not in str(caught.value)


def test_a_robot_that_hangs_after_taking_the_body_is_uncertain_not_retried(robot):
    # The robot may have shown it: sending it again on its own would post it twice.
    robot.default = Reply(200, b"ok", hang=True)
    error = failure(robot, "slack", timeout=0.3)
    assert error.uncertain is True
    assert error.retryable is False
    assert "within 0.3 s" in str(error)
    assert "camp outbox retry" in str(error)


FAILURES = [
    ("slack", Reply(400, f"bad token {TOKEN} for /robot/send?access_token={TOKEN}".encode())),
    ("discord", json_reply({"message": f"Unknown Webhook {TOKEN}", "retry_after": 1}, status=429)),
    ("wecom", Reply(500, b"")),
    ("dingtalk", json_reply({"errcode": 310000, "errmsg": f"sign not match {SECRET}"})),
    ("feishu", json_reply({"code": 19021, "msg": f"bad sign for {TOKEN}"})),
    ("webhook", Reply(404, b"not found")),
]


@pytest.mark.parametrize(("kind", "reply"), FAILURES)
def test_error_text_never_shows_the_url_or_secrets(robot, kind, reply):
    robot.default = reply
    error = failure(robot, kind, signed=kind in ("dingtalk", "feishu", "webhook"))
    text = str(error)
    assert TOKEN not in text and SECRET not in text and "access_token" not in text
    assert f"CAMP_{kind.upper()}_URL" in text and kind in text


# --------------------------------------------------------------------------- labels, back-off


def test_channel_labels_name_the_channel_without_secrets():
    # The index is the position in the camp's list (from 0); labels count from 1.
    assert channel_label(Channel("stdout"), 0) == "stdout"
    assert channel_label(Channel("folder", {"path": "announcements"}), 1) == "folder:announcements"
    assert (
        channel_label(robot_channel("dingtalk", signed=True), 1) == "dingtalk#2 (CAMP_DINGTALK_URL)"
    )
    assert channel_label(robot_channel("slack"), 0) == "slack#1 (CAMP_SLACK_URL)"
    assert channel_label(Channel("slack", {}), 4) == "slack#5"


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour():
    assert [backoff_seconds(n) for n in range(1, 10)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]
    assert backoff_seconds(0) == 30
    assert backoff_seconds(10**9) == 3600


@given(st.integers(min_value=1, max_value=10_000))
def test_backoff_never_shrinks(attempts):
    assert backoff_seconds(attempts) <= backoff_seconds(attempts + 1) <= 3600


# --------------------------------------------------------------------------- images

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # stands in for a standings card
WITH_IMAGE = Message("Day 2 standings", "text first", "summary", "cp-week/summary/d2", image=PNG)


def test_folder_writes_the_image_next_to_the_text(tmp_path):
    deliver(Channel("folder", {"path": "out"}), WITH_IMAGE, base_dir=tmp_path)
    assert (tmp_path / "out" / "cp-week_summary_d2.png").read_bytes() == PNG
    assert (
        (tmp_path / "out" / "cp-week_summary_d2.md")
        .read_text(encoding="utf-8")
        .endswith("text first\n")
    )


def test_wecom_sends_the_image_after_the_text_with_its_md5(robot):
    robot.default = json_reply({"errcode": 0, "errmsg": "ok"})
    send(robot, "wecom", WITH_IMAGE)
    text, image = robot.requests
    assert text.json["msgtype"] == "markdown"
    assert image.json == {
        "msgtype": "image",
        "image": {
            "base64": base64.b64encode(PNG).decode(),
            "md5": hashlib.md5(PNG).hexdigest(),
        },
    }


def test_discord_uploads_the_image_as_a_file(robot):
    robot.default = Reply(204, b"")
    send(robot, "discord", WITH_IMAGE)
    text, upload = robot.requests
    assert text.json["content"] == "text first"
    content_type = upload.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=")[1].encode()
    parts = upload.body.split(b"--" + boundary)
    assert b'name="payload_json"' in parts[1] and b'"parse":[]' in parts[1]
    assert b'name="files[0]"; filename="standings.png"' in parts[2]
    assert parts[2].split(b"\r\n\r\n", 1)[1] == PNG + b"\r\n"


def test_robots_without_image_support_get_the_text_only(robot):
    robot.default = json_reply({"errcode": 0, "errmsg": "ok"})
    send(robot, "dingtalk", WITH_IMAGE)
    assert len(robot.requests) == 1
