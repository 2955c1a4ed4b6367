"""The OneBot v11 client against a real forward WebSocket (the double in a thread).

The project has no asyncio pytest plugin: each test runs its scenario with
``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from onebot_double import OneBotDouble, onebot_double, text_segment

from camp.bots import BotError, LiveMessage, Reply
from camp.bots.onebot import OneBotClient, parse_cq_message

__all__ = ["onebot_double"]  # the fixture, imported for pytest to find

GROUP = 123456789
USER = 20001
T = 1_767_258_000  # 2026-01-01 09:00 UTC
TOKEN = "kSLuTF2GC2Q4q4ugm3"


def run(scenario: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(asyncio.wait_for(scenario(), 10))


async def take(client: OneBotClient, count: int = 1) -> list[LiveMessage]:
    """The next ``count`` messages the client yields."""
    got: list[LiveMessage] = []
    async for message in client.messages():
        got.append(message)
        if len(got) == count:
            break
    return got


def hear(double: OneBotDouble, push: Callable[[], object], count: int = 1) -> list[LiveMessage]:
    """Connect, let ``push`` push events, and return the first ``count`` messages."""

    async def scenario() -> list[LiveMessage]:
        async with OneBotClient(double.url) as client:
            push()
            return await take(client, count)

    return run(scenario)


def image(name: str = "a.jpg") -> dict[str, Any]:
    return {"type": "image", "data": {"file": name, "url": f"https://example.invalid/{name}"}}


# -- normalisation --------------------------------------------------------------------


def test_a_group_text_message_is_normalised(onebot_double):
    ids = []
    [message] = hear(
        onebot_double,
        lambda: ids.append(
            onebot_double.push_group_text(GROUP, USER, "打卡 第3天", card="小明", time=T)
        ),
    )
    assert message == LiveMessage(
        platform="onebot",
        chat=str(GROUP),
        message_id=str(ids[0]),
        sender_id=str(USER),
        sender="小明",
        epoch=T,
        text="打卡 第3天",
        kind="text",
    )


def test_the_nickname_names_a_sender_without_a_group_card(onebot_double):
    [message] = hear(
        onebot_double, lambda: onebot_double.push_group_text(GROUP, USER, "hi", nickname="阿明")
    )
    assert message.sender == "阿明"


def test_cq_codes_read_as_plain_text(onebot_double):
    cq = (
        "[CQ:reply,id=55][CQ:at,qq=30003] 打卡[CQ:face,id=178]"
        "[CQ:image,file=a.jpg,url=https://example.invalid/a?x=1&amp;y=2] done"
    )
    [message] = hear(onebot_double, lambda: onebot_double.push_group_message(GROUP, USER, cq))
    assert (message.text, message.kind) == ("@30003 打卡 done", "text")


def test_segment_arrays_read_as_plain_text(onebot_double):
    segments = [
        {"type": "reply", "data": {"id": "55"}},
        {"type": "at", "data": {"qq": "30003"}},
        text_segment(" 打卡"),
        {"type": "face", "data": {"id": "178"}},
        image(),
        {"type": "at", "data": {"qq": 30004}},  # some implementations send numbers
    ]
    [message] = hear(onebot_double, lambda: onebot_double.push_group_message(GROUP, USER, segments))
    assert message.text == "@30003 打卡@30004"


def test_at_all_reads_as_everyone_in_both_forms(onebot_double):
    def push():
        onebot_double.push_group_message(GROUP, USER, "[CQ:at,qq=all] 今晚复盘")
        onebot_double.push_group_message(
            GROUP, USER, [{"type": "at", "data": {"qq": "all"}}, text_segment(" 今晚复盘")]
        )

    assert [m.text for m in hear(onebot_double, push, 2)] == ["@全体成员 今晚复盘"] * 2


def test_cq_escapes_are_undone_in_text_and_parameters(onebot_double):
    text = "a&b [c], d &#91;literal&#93;"
    [message] = hear(onebot_double, lambda: onebot_double.push_group_text(GROUP, USER, text))
    assert message.text == text
    assert parse_cq_message("x[CQ:share,url=https://e.invalid/?a&#44;b,title=&#91;t&#93;]y") == [
        {"type": "text", "data": {"text": "x"}},
        {"type": "share", "data": {"url": "https://e.invalid/?a,b", "title": "[t]"}},
        {"type": "text", "data": {"text": "y"}},
    ]


def test_array_text_is_taken_literally(onebot_double):
    # Only the CQ-string form escapes; a text segment says exactly what it holds.
    [message] = hear(
        onebot_double,
        lambda: onebot_double.push_group_text(GROUP, USER, "&amp; &#91;x&#93;", as_array=True),
    )
    assert message.text == "&amp; &#91;x&#93;"


def test_a_message_of_only_pictures_faces_or_voice_is_other(onebot_double):
    def push():
        onebot_double.push_group_message(GROUP, USER, "[CQ:image,file=a.jpg]")
        onebot_double.push_group_message(GROUP, USER, [image(), image("b.png")])
        onebot_double.push_group_message(GROUP, USER, "[CQ:face,id=1] ")
        onebot_double.push_group_message(GROUP, USER, [{"type": "record", "data": {"file": "v"}}])
        onebot_double.push_group_message(GROUP, USER, [{"type": "video", "data": {"file": "m"}}])
        onebot_double.push_group_message(GROUP, USER, [image(), text_segment("打卡")])

    messages = hear(onebot_double, push, 6)
    assert [(m.kind, m.text) for m in messages] == [("other", "")] * 5 + [("text", "打卡")]


def test_an_anonymous_message_has_the_anonymous_name_and_no_sender_id(onebot_double):
    [message] = hear(onebot_double, lambda: onebot_double.push_anonymous(GROUP, "大力水手", "打卡"))
    assert (message.sender, message.sender_id, message.text) == ("大力水手", None, "打卡")


def test_a_recall_is_a_recalled_message(onebot_double):
    def push():
        onebot_double.push_recall(GROUP, USER, 4242, operator=30003, time=T + 60)

    [message] = hear(onebot_double, push)
    assert message == LiveMessage(
        platform="onebot",
        chat=str(GROUP),
        message_id="4242",
        sender_id=str(USER),
        sender="",
        epoch=T + 60,
        text="",
        kind="recalled",
    )


def test_meta_events_private_and_own_messages_are_skipped(onebot_double):
    def push():
        onebot_double.push_heartbeat()
        onebot_double.push_lifecycle()
        onebot_double.push_private_text(USER, "/me")
        onebot_double.push_group_text(GROUP, onebot_double.self_id, "✅ 小明 · 第 5 天")
        onebot_double.push_recall(GROUP, onebot_double.self_id, 77)
        onebot_double.push({"post_type": "notice", "notice_type": "group_increase"})
        onebot_double.push_group_text(GROUP, USER, "打卡")

    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            push()
            [message] = await take(client)
            # The events were heard, only not yielded.
            return message, client.self_id, client.last_event_at

    message, self_id, last_event_at = run(scenario)
    assert message.text == "打卡"
    assert self_id == str(onebot_double.self_id)
    assert last_event_at is not None


# -- sending ----------------------------------------------------------------------------


def test_send_posts_the_text_as_one_plain_text_segment(onebot_double):
    text = "✅ 小明 [CQ:at,qq=all] &amp; 第 5 天"

    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            return await client.send(Reply(chat=str(GROUP), text=text))

    message_id = run(scenario)
    assert onebot_double.sent == [
        {"group_id": GROUP, "message": [{"type": "text", "data": {"text": text}}]}
    ]
    assert message_id is not None and message_id.isdigit()


def test_send_as_a_reply_quotes_the_message_first(onebot_double):
    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            first = await client.send(Reply(chat=str(GROUP), text="一", reply_to="1001"))
            second = await client.send(Reply(chat=str(GROUP), text="二"))
            return first, second

    first, second = run(scenario)
    assert onebot_double.sent[0]["message"] == [
        {"type": "reply", "data": {"id": "1001"}},
        {"type": "text", "data": {"text": "一"}},
    ]
    assert int(second) > int(first)
    echoes = [call["echo"] for call in onebot_double.calls]
    assert len(set(echoes)) == 2


def test_a_reaction_or_an_empty_reply_sends_nothing(onebot_double):
    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            return (
                await client.send(Reply(chat=str(GROUP), reply_to="1001", reaction="👍")),
                await client.send(Reply(chat=str(GROUP))),
            )

    assert run(scenario) == (None, None)
    assert onebot_double.calls == []


def test_a_message_arriving_while_a_send_awaits_its_answer_is_not_lost(onebot_double):
    event = onebot_double.group_message_event(GROUP, USER, "打卡", card="小明", time=T)
    onebot_double.push_before_next_answer(event)

    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            message_id = await client.send(Reply(chat=str(GROUP), text="收到"))
            return message_id, await take(client)

    message_id, [message] = run(scenario)
    assert message_id is not None
    assert (message.message_id, message.text) == (str(event["message_id"]), "打卡")


def test_a_failed_call_is_a_bot_error_that_is_not_retried(onebot_double):
    onebot_double.fail_next_call(retcode=1400, wording="群不存在")

    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            await client.send(Reply(chat=str(GROUP), text="收到"))

    with pytest.raises(BotError) as raised:
        run(scenario)
    assert not raised.value.retryable
    assert "1400" in str(raised.value) and "群不存在" in str(raised.value)


def test_an_unanswered_call_times_out_retryably(onebot_double):
    onebot_double.ignore_next_call()

    async def scenario():
        async with OneBotClient(onebot_double.url, call_timeout=0.2) as client:
            await client.send(Reply(chat=str(GROUP), text="收到"))

    with pytest.raises(BotError) as raised:
        run(scenario)
    assert raised.value.retryable
    assert "send_group_msg" in str(raised.value)


def test_a_chat_that_is_not_a_group_number_is_refused(onebot_double):
    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            await client.send(Reply(chat="general", text="收到"))

    with pytest.raises(BotError) as raised:
        run(scenario)
    assert not raised.value.retryable


# -- tokens and connections ------------------------------------------------------------


@pytest.fixture
def guarded_double():
    with OneBotDouble(token=TOKEN) as double:
        yield double


def connect_and_send(url: str, **options: Any) -> str | None:
    async def scenario():
        async with OneBotClient(url, **options) as client:
            return await client.send(Reply(chat=str(GROUP), text="hi"))

    return run(scenario)


def test_the_token_goes_in_the_header_or_the_query(guarded_double, monkeypatch):
    assert connect_and_send(guarded_double.url, token=TOKEN) is not None
    assert connect_and_send(f"{guarded_double.url}/?access_token={TOKEN}") is not None
    monkeypatch.setenv("CAMP_ONEBOT_TOKEN", TOKEN)
    assert connect_and_send(guarded_double.url, token_env="CAMP_ONEBOT_TOKEN") is not None
    assert guarded_double.connects == 3


@pytest.mark.parametrize(
    ("url_suffix", "options"),
    [
        ("", {"token": "not-" + TOKEN}),
        ("", {}),
        ("/?access_token=not-" + TOKEN, {}),
    ],
    ids=["wrong", "missing", "wrong-in-query"],
)
def test_a_refused_token_is_not_retried_and_never_shown(guarded_double, url_suffix, options):
    with pytest.raises(BotError) as raised:
        connect_and_send(guarded_double.url + url_suffix, **options)
    assert not raised.value.retryable
    assert TOKEN not in str(raised.value)
    assert "token" in str(raised.value)
    assert guarded_double.refusals == 1


def test_a_token_variable_that_is_not_set_is_not_retried(guarded_double, monkeypatch):
    monkeypatch.delenv("CAMP_ONEBOT_TOKEN", raising=False)
    with pytest.raises(BotError) as raised:
        connect_and_send(guarded_double.url, token_env="CAMP_ONEBOT_TOKEN")
    assert not raised.value.retryable
    assert "CAMP_ONEBOT_TOKEN" in str(raised.value)


def test_no_server_is_a_retryable_error_without_the_token():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port now.
    with pytest.raises(BotError) as raised:
        connect_and_send(f"ws://127.0.0.1:{port}/?access_token={TOKEN}", token=TOKEN)
    assert raised.value.retryable
    assert TOKEN not in str(raised.value)
    assert f"127.0.0.1:{port}" in str(raised.value)


def test_a_dropped_connection_ends_messages_with_a_retryable_error(onebot_double):
    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            onebot_double.push_group_text(GROUP, USER, "打卡", time=T)
            [message] = await take(client)
            onebot_double.drop()
            with pytest.raises(BotError) as raised:
                await take(client)
            assert client.dropped_at is not None
            with pytest.raises(BotError):  # the client stays closed until replaced
                await client.send(Reply(chat=str(GROUP), text="hi"))
        # The caller reconnects with a new client and hears what comes next.
        async with OneBotClient(onebot_double.url) as again:
            onebot_double.push_group_text(GROUP, USER, "回来了")
            [after] = await take(again)
        return message, raised.value, after

    message, error, after = run(scenario)
    assert message.text == "打卡" and after.text == "回来了"
    assert error.retryable
    assert "dropped at" in str(error) and "1006" in str(error)
    assert "2026-01-01 09:00:00 UTC" in str(error)  # the last event heard before the gap
    assert onebot_double.connects == 2


def test_a_drop_during_a_call_fails_the_call_retryably(onebot_double):
    onebot_double.ignore_next_call()

    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            sending = asyncio.create_task(client.send(Reply(chat=str(GROUP), text="hi")))
            while not onebot_double.calls:
                await asyncio.sleep(0.01)
            onebot_double.drop()
            await sending

    with pytest.raises(BotError) as raised:
        run(scenario)
    assert raised.value.retryable


def test_leaving_the_client_ends_messages_quietly(onebot_double):
    async def scenario():
        async with OneBotClient(onebot_double.url) as client:
            listening = asyncio.create_task(take(client, 5))
            onebot_double.push_group_text(GROUP, USER, "打卡")
            await asyncio.sleep(0.1)
        return await listening

    assert [m.text for m in run(scenario)] == ["打卡"]
