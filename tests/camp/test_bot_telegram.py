"""The Telegram client (SPEC section 10) against a loopback double of the Bot API."""

from __future__ import annotations

import asyncio
import logging
import socket
import time

import httpx
import pytest
from telegram_double import (
    ALICE,
    BOB,
    CAROL,
    FIRST_DATE,
    GROUP,
    OTHER_BOT,
    OTHER_GROUP,
    STRANGER,
    TOKEN,
    TelegramDouble,
    clear_proxies,
    double_fixture,
)

from camp.bots import BotError, LiveMessage, Reply
from camp.bots.telegram import TelegramClient, chat_matches

telegram = double_fixture()


def client_of(double: TelegramDouble, **options) -> TelegramClient:
    options.setdefault("poll_seconds", 0)
    options.setdefault("answer_seconds", 5.0)
    return TelegramClient(TOKEN, api_base=double.url, **options)


def poll(double: TelegramDouble, offset: int | None = None, **options):
    async def once():
        async with client_of(double, **options) as client:
            return await client.updates(offset)

    return asyncio.run(once())


def send(double: TelegramDouble, reply: Reply, **options) -> str | None:
    async def once():
        async with client_of(double, **options) as client:
            return await client.send(reply)

    return asyncio.run(once())


def failure(work, *args, **kwargs) -> BotError:
    with pytest.raises(BotError) as caught:
        work(*args, **kwargs)
    error = caught.value
    assert TOKEN not in str(error) and TOKEN not in repr(error.args)
    assert "\n" not in str(error)
    return error


# --------------------------------------------------------------------------- normalising


def test_a_text_message_becomes_a_live_message(telegram):
    message_id = telegram.push_text(GROUP, ALICE, "打卡 day 1 ✅", date=FIRST_DATE + 5)
    messages, _ = poll(telegram)
    assert messages == [
        LiveMessage(
            platform="telegram",
            chat=str(GROUP),
            message_id=str(message_id),
            sender_id="1001",
            sender="Alice Liu",
            epoch=float(FIRST_DATE + 5),
            text="打卡 day 1 ✅",
            kind="text",
        )
    ]


def test_the_sender_is_first_and_last_name_else_the_username(telegram):
    telegram.push_text(GROUP, BOB, "one")
    telegram.push_text(GROUP, CAROL, "two")
    messages, _ = poll(telegram)
    assert [(m.sender_id, m.sender) for m in messages] == [("1002", "小明"), ("1003", "carol")]


def test_a_caption_is_the_text_of_a_photo(telegram):
    telegram.push_caption(GROUP, ALICE, "今天的笔记 #打卡")
    (message,), _ = poll(telegram)
    assert (message.kind, message.text) == ("text", "今天的笔记 #打卡")


def test_a_photo_without_caption_and_a_sticker_are_other_activity(telegram):
    telegram.push_caption(GROUP, ALICE, None)
    telegram.push_sticker(GROUP, BOB)
    messages, _ = poll(telegram)
    assert [(m.sender, m.kind, m.text) for m in messages] == [
        ("Alice Liu", "other", ""),
        ("小明", "other", ""),
    ]


def test_an_edit_keeps_the_message_id_and_takes_the_time_of_the_edit(telegram):
    message_id = telegram.push_text(GROUP, ALICE, "daka", date=FIRST_DATE)
    telegram.push_edit(
        GROUP, ALICE, message_id, "打卡 day 1", date=FIRST_DATE, edit_date=FIRST_DATE + 90
    )
    first, edit = poll(telegram)[0]
    assert (first.kind, first.epoch) == ("text", FIRST_DATE)
    assert (edit.kind, edit.message_id, edit.epoch, edit.text) == (
        "edit",
        str(message_id),
        FIRST_DATE + 90,
        "打卡 day 1",
    )


def test_a_message_on_behalf_of_a_chat_is_from_that_chat(telegram):
    # An anonymous admin writes as the group; a linked channel's post as the channel.
    # Both come with a stand-in bot in ``from``, which must not hide them.
    telegram.push_from_chat(GROUP, "Study group", "今日主题：第 3 章")
    telegram.push_from_chat(GROUP, "Camp channel", "公告", sender_chat_id=-1005550001111)
    messages, _ = poll(telegram)
    assert [(m.sender_id, m.sender, m.text) for m in messages] == [
        (str(GROUP), "Study group", "今日主题：第 3 章"),
        ("-1005550001111", "Camp channel", "公告"),
    ]


@pytest.mark.parametrize(
    "kind", ["new_chat_members", "left_chat_member", "pinned_message", "new_chat_title"]
)
def test_service_messages_are_skipped_but_move_the_offset(telegram, kind):
    telegram.push_service(GROUP, ALICE, kind)
    update_id = telegram.pending[-1]["update_id"]
    assert poll(telegram) == ([], update_id + 1)


def test_messages_of_bots_are_skipped(telegram):
    telegram.push_text(GROUP, OTHER_BOT, "I am a bot")
    last = telegram.push_text(GROUP, STRANGER, "hello")
    messages, _ = poll(telegram)
    assert [(m.message_id, m.sender) for m in messages] == [(str(last), "Random Visitor")]


def test_other_updates_are_skipped_but_move_the_offset(telegram):
    update_id = telegram.push_other_update("callback_query")
    assert poll(telegram) == ([], update_id + 1)
    assert poll(telegram, update_id + 1) == ([], update_id + 1)


def test_a_malformed_update_is_skipped_not_fatal(telegram):
    telegram.push({"message": {"message_id": 5, "date": FIRST_DATE, "text": "no chat"}})
    last = telegram.push({"message": "not an object"})
    telegram.push_text(GROUP, ALICE, "fine")
    messages, offset = poll(telegram)
    assert [m.text for m in messages] == ["fine"]
    assert offset == last + 2


def test_messages_of_every_chat_are_returned_for_the_caller_to_choose(telegram):
    telegram.push_text(OTHER_GROUP, ALICE, "elsewhere")
    telegram.push_text(ALICE["id"], ALICE, "/me")  # a private chat with the bot
    messages, _ = poll(telegram)
    assert [m.chat for m in messages] == [str(OTHER_GROUP), "1001"]


# --------------------------------------------------------------------------- offsets


def test_the_next_offset_asks_only_for_new_updates(telegram):
    telegram.push_text(GROUP, ALICE, "one")
    telegram.push_text(GROUP, BOB, "two")
    last = telegram.pending[-1]["update_id"]
    messages, offset = poll(telegram)
    assert [m.text for m in messages] == ["one", "two"]
    assert offset == last + 1
    assert "offset" not in telegram.polls[0].params
    telegram.push_text(GROUP, ALICE, "three")
    messages, again = poll(telegram, offset)
    assert [m.text for m in messages] == ["three"]
    assert again == offset + 1
    assert telegram.polls[1].params["offset"] == offset


def test_a_restarted_client_with_the_stored_offset_gets_nothing_twice(telegram):
    telegram.push_text(GROUP, ALICE, "one")
    _, stored = poll(telegram)
    # A new process, a new client: only the stored offset carries over.
    assert poll(telegram, stored) == ([], stored)
    assert telegram.pending == []  # confirmed: Telegram forgot it
    telegram.push_text(GROUP, BOB, "two")
    messages, _ = poll(telegram, stored)
    assert [m.text for m in messages] == ["two"]


def test_no_updates_keep_the_offset_given(telegram):
    assert poll(telegram) == ([], None)
    assert poll(telegram, 42) == ([], 42)


def test_the_long_poll_asks_for_messages_and_edits_only(telegram):
    poll(telegram, 7, poll_seconds=1)
    params = telegram.polls[0].params
    assert params == {"timeout": 1, "allowed_updates": ["message", "edited_message"], "offset": 7}
    assert telegram.polls[0].content_type == "application/json"


def test_the_long_poll_returns_when_a_message_arrives(telegram):
    async def scenario():
        async with client_of(telegram, poll_seconds=10) as client:
            loop = asyncio.get_running_loop()
            loop.call_later(0.3, telegram.push_text, GROUP, ALICE, "late")
            started = time.monotonic()
            messages, _ = await client.updates(None)
            return messages, time.monotonic() - started

    messages, took = asyncio.run(scenario())
    assert [m.text for m in messages] == ["late"]
    assert 0.2 < took < 5


def test_the_long_poll_waits_its_time_when_nothing_comes(telegram):
    started = time.monotonic()
    assert poll(telegram, poll_seconds=1) == ([], None)
    assert time.monotonic() - started >= 0.9


# --------------------------------------------------------------------------- sending


def test_a_reply_is_plain_text_in_the_chat(telegram):
    text = "✅ 小明 · 第 5 天 · 准时 +42 · <b>*_[x](y)_*</b>"
    message_id = send(telegram, Reply(str(GROUP), text))
    (call,) = telegram.sent
    assert call.method == "sendMessage"
    assert call.params == {"chat_id": GROUP, "text": text}  # no parse_mode: no markup
    assert message_id is not None and message_id.isdigit()


def test_a_reply_to_a_message_names_it_and_survives_its_deletion(telegram):
    checked_in = telegram.push_text(GROUP, ALICE, "打卡")
    send(telegram, Reply(str(GROUP), "✅", reply_to=str(checked_in)))
    send(telegram, Reply(str(GROUP), "✅", reply_to="999999"))  # gone meanwhile
    first, second = (call.params for call in telegram.sent)
    assert first["reply_parameters"] == {
        "message_id": checked_in,
        "allow_sending_without_reply": True,
    }
    assert second["reply_parameters"]["message_id"] == 999999


def test_a_reaction_is_set_on_the_message(telegram):
    checked_in = telegram.push_text(GROUP, ALICE, "打卡")
    assert send(telegram, Reply(str(GROUP), reply_to=str(checked_in), reaction="👍")) is None
    (call,) = telegram.sent
    assert call.method == "setMessageReaction"
    assert call.params == {
        "chat_id": GROUP,
        "message_id": checked_in,
        "reaction": [{"type": "emoji", "emoji": "👍"}],
    }
    assert telegram.reactions_on(GROUP, checked_in) == [{"type": "emoji", "emoji": "👍"}]


def test_a_chat_written_as_a_username_is_sent_as_is(telegram):
    send(telegram, Reply("@study_group", "hi"))
    assert telegram.sent[0].params["chat_id"] == "@study_group"


def test_a_reaction_without_a_message_or_a_chat_that_is_no_chat_is_refused(telegram):
    assert not failure(send, telegram, Reply(str(GROUP), reaction="👍")).retryable
    assert not failure(send, telegram, Reply("study group", "hi")).retryable
    assert telegram.sent == []


# --------------------------------------------------------------------------- errors


def test_a_wrong_token_is_not_retryable_and_names_the_variable(telegram):
    async def once():
        async with TelegramClient(
            "123:wrong", api_base=telegram.url, poll_seconds=0, token_env="CAMP_TG_TOKEN"
        ) as client:
            await client.updates(None)

    error = failure(lambda: asyncio.run(once()))
    assert not error.retryable
    assert "CAMP_TG_TOKEN is not valid" in str(error)
    assert "123:wrong" not in str(error)


@pytest.mark.parametrize("status", [401, 404])
def test_unauthorized_and_not_found_mean_a_bad_token(telegram, status):
    telegram.fail("getUpdates", status)
    error = failure(poll, telegram)
    assert not error.retryable
    assert "token of this bot is not valid" in str(error)


def test_another_poller_is_retryable_and_said_so(telegram):
    telegram.fail("getUpdates", 409)
    error = failure(poll, telegram)
    assert error.retryable
    assert "another program polls this Telegram bot" in str(error)


def test_two_clients_polling_at_once_are_told_apart_by_a_conflict(telegram):
    async def scenario():
        async with (
            client_of(telegram, poll_seconds=5) as first,
            client_of(telegram, poll_seconds=1) as second,
        ):
            waiting = asyncio.create_task(first.updates(None))
            await asyncio.sleep(0.3)
            later = await second.updates(None)
            with pytest.raises(BotError) as caught:
                await waiting
            return later, caught.value

    later, error = asyncio.run(scenario())
    assert later == ([], None)
    assert error.retryable and "another program polls" in str(error)


def test_a_webhook_in_the_way_is_not_retryable(telegram):
    telegram.fail(
        "getUpdates",
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
        "to delete the webhook first",
    )
    error = failure(poll, telegram)
    assert not error.retryable and "deleteWebhook" in str(error)


def test_a_rate_limit_says_how_long_to_wait(telegram):
    telegram.fail("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    error = failure(send, telegram, Reply(str(GROUP), "hi"))
    assert error.retryable and error.retry_after == 7
    assert "rate limit" in str(error)


@pytest.mark.parametrize("status", [500, 502])
def test_server_errors_are_retryable(telegram, status):
    telegram.fail("getUpdates", status)
    assert failure(poll, telegram).retryable


def test_a_reply_that_is_not_the_bot_api_is_retryable_and_said_so(telegram):
    telegram.answer_raw("getUpdates", 200, b"<html>captive portal</html>")
    error = failure(poll, telegram)
    assert error.retryable
    assert "did not answer getUpdates like the Telegram Bot API" in str(error)
    assert "text/html" in str(error)
    telegram.answer_raw("getUpdates", 502, b"<html>Bad Gateway</html>")
    assert failure(poll, telegram).retryable
    telegram.answer_raw(
        "getUpdates", 200, b'{"ok": true, "result": {"not": "a list"}}', "application/json"
    )
    assert failure(poll, telegram).retryable


def test_a_refused_message_is_not_retryable(telegram):
    telegram.fail("sendMessage", 400, "Bad Request: chat not found")
    error = failure(send, telegram, Reply(str(GROUP), "hi"))
    assert not error.retryable and "chat not found" in str(error)
    telegram.fail("sendMessage", 403)
    assert not failure(send, telegram, Reply(str(GROUP), "hi")).retryable


def test_a_group_that_became_a_supergroup_names_its_new_id(telegram):
    telegram.fail(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-1001112223334,
    )
    error = failure(send, telegram, Reply("-4567", "hi"))
    assert not error.retryable and 'chat = "-1001112223334"' in str(error)


def test_the_token_never_shows_even_when_the_server_repeats_it(telegram):
    telegram.fail("sendMessage", 400, f"Bad Request: no bot{TOKEN} here")
    error = failure(send, telegram, Reply(str(GROUP), "hi"))
    assert "<token>" in str(error)


def test_an_unreachable_server_is_retryable():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]

    async def once():
        async with TelegramClient(TOKEN, api_base=f"http://127.0.0.1:{port}") as client:
            await client.updates(None)

    error = failure(lambda: asyncio.run(once()))
    assert error.retryable and "could not reach the Telegram Bot API at 127.0.0.1" in str(error)


def test_httpx_logs_no_token(telegram, caplog):
    telegram.push_text(GROUP, ALICE, "one")
    with caplog.at_level(logging.INFO, logger="httpx"):
        poll(telegram)
    logged = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert logged and all(TOKEN not in line for line in logged)
    assert "/bot<token>/getUpdates" in logged[0]


@pytest.mark.parametrize("token", ["", "  ", "123:abc/def", "123:abc def", "123:abc\n"])
def test_a_token_that_cannot_be_one_is_refused_at_once(token):
    with pytest.raises(BotError) as caught:
        TelegramClient(token, token_env="CAMP_TG_TOKEN")
    assert not caught.value.retryable and "CAMP_TG_TOKEN" in str(caught.value)


# --------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "trickling"])
def test_a_hung_server_cannot_stall_a_poll(telegram, trickle):
    telegram.hang("getUpdates", trickle=trickle)
    started = time.monotonic()
    error = failure(poll, telegram, poll_seconds=1, answer_seconds=0.5)
    assert error.retryable and "within 1.5 s" in str(error)
    assert time.monotonic() - started < 4


def test_a_hung_server_cannot_stall_a_send(telegram):
    telegram.hang("sendMessage", trickle=True)
    started = time.monotonic()
    error = failure(send, telegram, Reply(str(GROUP), "hi"), answer_seconds=0.5)
    assert error.retryable and time.monotonic() - started < 3


def test_a_shared_http_client_is_left_open(telegram):
    async def scenario():
        async with httpx.AsyncClient() as shared:
            async with TelegramClient(TOKEN, api_base=telegram.url, poll_seconds=0, http=shared):
                pass
            return shared.is_closed

    assert asyncio.run(scenario()) is False


# --------------------------------------------------------------------------- chats


@pytest.mark.parametrize(
    ("bot_chat", "message_chat", "same"),
    [
        ("-1001234567890", "-1001234567890", True),
        (" -1001234567890 ", "-1001234567890", True),
        ("+123456789", "123456789", True),
        ("-1001234567890", "-1001234567891", False),
        ("@StudyGroup", "@studygroup", True),
        ("@studygroup", "-1001234567890", False),
        ("study", "study", True),
    ],
)
def test_chat_matches(bot_chat, message_chat, same):
    assert chat_matches(bot_chat, message_chat) is same


# --------------------------------------------------------------------------- the double


def test_the_double_reads_form_and_query_parameters_like_telegram(telegram):
    message_id = telegram.push_text(GROUP, ALICE, "打卡")
    base = f"{telegram.url}/bot{TOKEN}"
    with httpx.Client(trust_env=False) as http:
        form = http.post(
            f"{base}/sendMessage",
            data={
                "chat_id": str(GROUP),
                "text": "form",
                "reply_parameters": f'{{"message_id": {message_id}}}',
            },
        ).json()
        query = http.get(
            f"{base}/setMessageReaction",
            params={
                "chat_id": str(GROUP),
                "message_id": str(message_id),
                "reaction": '[{"type": "emoji", "emoji": "🔥"}]',
            },
        ).json()
        updates = http.get(f"{base}/getUpdates", params={"offset": "-1"}).json()
    assert form["ok"] and form["result"]["text"] == "form"
    assert form["result"]["from"]["is_bot"] is True
    assert query == {"ok": True, "result": True}
    sent_form, sent_query = telegram.sent
    assert sent_form.content_type == "application/x-www-form-urlencoded"
    assert sent_form.params["reply_parameters"] == {"message_id": message_id}
    assert sent_query.verb == "GET" and sent_query.params["reaction"][0]["emoji"] == "🔥"
    assert [u["message"]["text"] for u in updates["result"]] == ["打卡"]


def test_the_double_answers_like_telegram_to_bad_calls(telegram):
    base = f"{telegram.url}/bot{TOKEN}"
    with httpx.Client(trust_env=False) as http:
        empty = http.post(f"{base}/sendMessage", json={"chat_id": GROUP, "text": ""})
        lost = http.post(
            f"{base}/sendMessage",
            json={"chat_id": GROUP, "text": "x", "reply_parameters": {"message_id": 12345}},
        )
        unknown = http.post(f"{base}/noSuchMethod", json={})
        wrong = http.post(f"{telegram.url}/bot1:nope/getMe")
    assert (empty.status_code, empty.json()["description"]) == (
        400,
        "Bad Request: message text is empty",
    )
    assert lost.json()["description"] == "Bad Request: message to be replied not found"
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert wrong.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


def test_the_double_can_be_used_without_the_fixture(monkeypatch):
    clear_proxies(monkeypatch)
    with TelegramDouble("42:other") as double:
        double.push_text(GROUP, ALICE, "x")
        with httpx.Client(trust_env=False) as http:
            answer = http.get(f"{double.url}/bot42:other/getUpdates").json()
    assert len(answer["result"]) == 1
