"""A camp hears a DingTalk group live: camp's Stream-mode client against the loopback
stream and robot double, through the listeners `camp run` starts."""

from __future__ import annotations

import asyncio
import time

import pytest
from dingtalk_double import APP_ID, CHAT, OTHER_CHAT, SECRET, DingTalkDouble, user
from live_camp import AT, EVENING, listeners, make_camp, reminder_bodies, rows, wait_until

from camp.bots.base import BotError
from camp.bots.dingtalk import DingTalkClient, message_text

ANN, BEN, CHO = user("staff-ann", "Ann"), user("staff-ben", "Ben"), user("staff-cho", "Cho")
ENV = {"CAMP_DINGTALK_SECRET": SECRET}


def dingtalk_bot(double: DingTalkDouble, reply: str = "ack") -> str:
    return (
        f'\n[[bots]]\ntype = "dingtalk"\napp_id = "{APP_ID}"\n'
        f'secret_env = "CAMP_DINGTALK_SECRET"\nchat = "{CHAT}"\n'
        f'api_base = "{double.api_base}"\nreply = "{reply}"\n'
    )


@pytest.fixture
def dingtalk():
    with DingTalkDouble() as double:
        yield double


def texts(double: DingTalkDouble) -> list[str]:
    return [line for body in double.sent for line in body["content"].splitlines()]


def test_an_evening_on_dingtalk_with_a_dropped_stream_counts_each_message_once(tmp_path, dingtalk):
    path = make_camp(tmp_path, dingtalk_bot(dingtalk))
    now = {"at": EVENING}
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: now["at"], lines)
    heard.start()
    try:
        dingtalk.wait_for_connection()
        dingtalk.push_text(CHAT, ANN, "#checkin my slogan", at=AT)
        dingtalk.push_text(CHAT, BEN, "hi @Ann @所有人", at=AT + 30)
        dingtalk.push_text(OTHER_CHAT, BEN, "#checkin elsewhere", at=AT + 40)
        wait_until(lambda: any(t.startswith("✅ Ann") for t in texts(dingtalk)))
        ack = next(b for b in dingtalk.sent if "Ann" in b["content"])
        # Through the message's session webhook, as plain text with nobody to mention.
        assert ack["way"] == "session" and ack["session"] == f"s-{CHAT}"
        assert ack["msgtype"] == "text" and "at" not in ack
        wait_until(lambda: not dingtalk.pending)
        # The stream drops mid-evening; Cho's message is pushed while it is down.
        dingtalk.drop()
        dingtalk.push_text(CHAT, CHO, "#checkin while the stream was down", at=AT + 60)
        wait_until(lambda: any(t.startswith("✅ Cho") for t in texts(dingtalk)), timeout=20)
        assert dingtalk.connects >= 2
        # DingTalk's routine restart: a new connection is opened before the old closes.
        before = dingtalk.connects
        dingtalk.ask_to_reconnect()
        dingtalk.wait_for_connection(before + 1)
        now["at"] = EVENING.add(minutes=5)
        dingtalk.push_text(CHAT, ANN, "我的", at=AT + 300)
        me = wait_until(lambda: [b["content"] for b in dingtalk.sent if "rank" in b["content"]])
        assert "Ann" in me[0] and "rank 1/3" in me[0]
        dingtalk.push_text(CHAT, BEN, "#补卡 1", at=AT + 310)
        wait_until(lambda: [b for b in dingtalk.sent if "makeup request for day 1" in b["content"]])
        wait_until(lambda: not dingtalk.pending)
        dingtalk.ping()
        wait_until(lambda: dingtalk.pongs)
    finally:
        assert heard.stop(timeout=5)
    assert dingtalk.pongs == ['{"opaque": "camp-opaque"}']
    assert rows(
        path,
        "SELECT m.name, c.status FROM checkins c JOIN members m ON m.id = c.member_id ORDER BY c.at",
    ) == [("Ann", "on_time"), ("Cho", "on_time")]
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(5,)]
    assert rows(
        path, "SELECT m.name, r.kind, r.day FROM requests r JOIN members m ON m.id = r.member_id"
    ) == [("Ben", "makeup", 1)]
    assert len([t for t in texts(dingtalk) if t.startswith("✅ ")]) == 2
    assert rows(path, "SELECT name, handle FROM members ORDER BY name") == [
        ("Ann", "staff-ann"),
        ("Ben", "staff-ben"),
        ("Cho", "staff-cho"),
    ]
    # DingTalk cannot promise what a drop missed: the stretch is a gap, closed again.
    gaps = rows(path, "SELECT until, reason FROM bot_gaps")
    assert len(gaps) == 1 and gaps[0][0] and "dropped" in gaps[0][1]
    assert [line for line in lines if "may not have been heard" in line and "camp checkin" in line]
    [body] = reminder_bodies(path, "dingtalk", EVENING.replace(hour=23, minute=0))
    assert body["at"]["atUserIds"] == ["staff-ben"]


def test_a_push_not_acknowledged_comes_to_the_next_run_and_counts_once(tmp_path, dingtalk):
    path = make_camp(tmp_path, dingtalk_bot(dingtalk, reply="silent"))
    lines: list[str] = []
    first = listeners(path, ENV, lambda: EVENING, lines)
    first.start()
    try:
        dingtalk.wait_for_connection()
        dingtalk.push_text(CHAT, ANN, "#checkin", at=AT)
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)])
        wait_until(lambda: not dingtalk.pending)
    finally:
        assert first.stop(timeout=5)
    # Pushed while camp was stopped: DingTalk keeps it for the next connection; the
    # first message is pushed again too, as after an acknowledgment that was lost.
    frame = dingtalk.push_text(CHAT, BEN, "#checkin at night", at=AT + 120)
    second = listeners(path, ENV, lambda: EVENING.add(minutes=3), lines)
    second.start()
    try:
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)])
        wait_until(lambda: f"frame-{frame}" in dingtalk.acked)
        time.sleep(0.3)
    finally:
        assert second.stop(timeout=5)
    assert rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)]
    # What was said while no camp listened may be more than DingTalk kept: a gap.
    [(reason,)] = rows(path, "SELECT reason FROM bot_gaps")
    assert reason == "camp was not listening"


def test_an_expired_session_webhook_is_answered_through_the_robot_api(tmp_path, dingtalk):
    path = make_camp(tmp_path, dingtalk_bot(dingtalk))
    dingtalk.webhooks_expired = True
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        dingtalk.wait_for_connection()
        dingtalk.push_text(CHAT, ANN, "#checkin", at=AT)
        wait_until(lambda: dingtalk.sent)
    finally:
        assert heard.stop(timeout=5)
    [answer] = dingtalk.sent
    assert answer["way"] == "/v1.0/robot/groupMessages/send"
    assert answer["openConversationId"] == CHAT and answer["robotCode"] == APP_ID
    assert answer["content"].startswith("✅ Ann")


def test_a_member_asks_in_private_and_is_answered_there(tmp_path, dingtalk):
    path = make_camp(tmp_path, dingtalk_bot(dingtalk, reply="silent"))
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        dingtalk.wait_for_connection()
        dingtalk.push_text(CHAT, ANN, "#checkin", at=AT)
        wait_until(
            lambda: rows(path, "SELECT handle FROM members WHERE name = 'Ann'") == [("staff-ann",)]
        )
        dingtalk.push_text(ANN["staff_id"], ANN, "/me", at=AT + 10)
        wait_until(lambda: dingtalk.sent)
        time.sleep(0.3)
    finally:
        assert heard.stop(timeout=5)
    [answer] = dingtalk.sent
    assert answer["session"] == "s-staff-ann" and "rank 1/3" in answer["content"]
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(1,)]


def test_a_rate_limited_answer_waits_out_dingtalks_minute(tmp_path, dingtalk):
    path = make_camp(tmp_path, dingtalk_bot(dingtalk))
    dingtalk.ratelimit_posts = 1
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        dingtalk.wait_for_connection()
        dingtalk.push_text(CHAT, ANN, "#checkin", at=AT)
        # DingTalk asks for a minute; the listeners wait at most that long per try.
        time.sleep(0.5)
    finally:
        assert heard.stop(timeout=5)
    tries = [r for r in dingtalk.requests if r[1] == "/robot/sendBySession"]
    assert len(tries) == 1 and not dingtalk.sent
    assert not [line for line in lines if "not sent" in line]


def test_a_wrong_secret_is_said_once_without_it(tmp_path, dingtalk):
    path = make_camp(tmp_path, dingtalk_bot(dingtalk))
    lines: list[str] = []
    heard = listeners(path, {"CAMP_DINGTALK_SECRET": "not-the-secret"}, lambda: EVENING, lines)
    heard.start()
    try:
        wait_until(lambda: [line for line in lines if "refused the app's credentials" in line])
        time.sleep(0.3)
    finally:
        assert heard.stop(timeout=5)
    said = [line for line in lines if "refused" in line]
    assert len(said) == 1 and "CAMP_DINGTALK_SECRET" in said[0]
    assert not any("not-the-secret" in line for line in lines)


def test_dingtalk_messages_read_as_the_group_shows_them():
    assert message_text({"msgtype": "text", "text": {"content": " #打卡 day 3 "}}) == "#打卡 day 3"
    rich = {
        "msgtype": "richText",
        "content": {"richText": [{"text": "#打卡"}, {"pictureDownloadCode": "x"}, {"text": " ok"}]},
    }
    assert message_text(rich) == "#打卡 ok"
    assert message_text({"msgtype": "picture", "content": {"downloadCode": "x"}}) == ""


@pytest.mark.parametrize("how", ["refused", "hanging", "not dingtalk"])
def test_servers_that_are_no_dingtalk_give_one_sentence(how, dingtalk):
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    base = {
        "refused": "http://127.0.0.1:9",
        "hanging": f"http://127.0.0.1:{port}",
        "not dingtalk": f"{dingtalk.base}/nothing",
    }[how]

    async def connect() -> BotError:
        with pytest.raises(BotError) as caught:
            async with DingTalkClient(APP_ID, SECRET, api_base=base, answer_seconds=1):
                pass
        return caught.value

    try:
        error = asyncio.run(connect())
    finally:
        server.close()
    assert error.retryable and "\n" not in str(error) and SECRET not in str(error)
