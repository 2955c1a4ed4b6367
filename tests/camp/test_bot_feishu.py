"""A camp hears a Feishu group live: camp's long-connection client against the loopback
Open API and long-connection double, through the listeners `camp run` starts."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from feishu_double import (
    APP_ID,
    CHAT,
    OTHER_CHAT,
    SECRET,
    FeishuDouble,
    frame_bytes,
    read_frame,
    user,
)
from live_camp import AT, EVENING, listeners, make_camp, reminder_bodies, rows, wait_until

from camp.bots.base import BotError
from camp.bots.feishu import FeishuClient, Frame, decode_frame, encode_frame, message_text

ANN = user("ou_ann0000000000000000000000000001", "Ann")
BEN = user("ou_ben0000000000000000000000000002", "Ben")
CHO = user("ou_cho0000000000000000000000000003", "Cho")
ENV = {"CAMP_FEISHU_SECRET": SECRET}


def feishu_bot(double: FeishuDouble, reply: str = "ack") -> str:
    return (
        f'\n[[bots]]\ntype = "feishu"\napp_id = "{APP_ID}"\nsecret_env = "CAMP_FEISHU_SECRET"\n'
        f'chat = "{CHAT}"\napi_base = "{double.api_base}"\nreply = "{reply}"\n'
    )


@pytest.fixture
def feishu():
    with FeishuDouble() as double:
        yield double


def texts(double: FeishuDouble) -> list[str]:
    return [line for body in double.sent for line in body["text"].splitlines()]


def test_an_evening_on_feishu_with_a_dropped_connection_loses_and_repeats_nothing(tmp_path, feishu):
    path = make_camp(tmp_path, feishu_bot(feishu))
    now = {"at": EVENING}
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: now["at"], lines)
    heard.start()
    try:
        feishu.wait_for_connection()
        # A check-in long enough that Feishu sends it in two parts.
        first = feishu.push_text(CHAT, ANN, "#checkin my slogan " + "读" * 300, at=AT, parts=2)
        feishu.push_text(
            CHAT,
            BEN,
            'hi @_user_1 <at user_id="all"></at>',
            at=AT + 30,
            mentions=[{"key": "@_user_1", "name": "Ann", "id": {"open_id": ANN["open_id"]}}],
        )
        feishu.push_text(OTHER_CHAT, BEN, "#checkin elsewhere", at=AT + 40)
        wait_until(lambda: any(t.startswith("✅ Ann") for t in texts(feishu)))
        ack = next(b for b in feishu.sent if "Ann" in b["text"])
        assert ack["reply_to"] == first and ack["msg_type"] == "post"
        # The long connection drops mid-evening; Cho posts meanwhile.
        feishu.drop()
        feishu.push_text(CHAT, CHO, "#checkin while the connection was down", at=AT + 60)
        wait_until(lambda: any(t.startswith("✅ Cho") for t in texts(feishu)), timeout=20)
        assert feishu.connects >= 2
        now["at"] = EVENING.add(minutes=5)
        feishu.push_text(CHAT, ANN, "我的", at=AT + 300)
        me = wait_until(lambda: [b["text"] for b in feishu.sent if "rank" in b["text"]])
        assert "Ann" in me[0] and "rank 1/3" in me[0]
        feishu.push_text(CHAT, BEN, "#补卡 1", at=AT + 310)
        wait_until(lambda: [b for b in feishu.sent if "makeup request for day 1" in b["text"]])
        wait_until(lambda: not feishu.pending)
    finally:
        assert heard.stop(timeout=5)
    assert rows(
        path,
        "SELECT m.name, c.status FROM checkins c JOIN members m ON m.id = c.member_id ORDER BY c.at",
    ) == [("Ann", "on_time"), ("Cho", "on_time")]
    # Ben's hello is activity, with the mention as the group reads it; the other chat was
    # not heard at all.
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(5,)]
    assert rows(
        path, "SELECT m.name, r.kind, r.day FROM requests r JOIN members m ON m.id = r.member_id"
    ) == [("Ben", "makeup", 1)]
    assert len([t for t in texts(feishu) if t.startswith("✅ ")]) == 2
    assert rows(path, "SELECT name, handle FROM members ORDER BY name") == [
        ("Ann", ANN["open_id"]),
        ("Ben", BEN["open_id"]),
        ("Cho", CHO["open_id"]),
    ]
    assert not rows(path, "SELECT * FROM bot_gaps")
    # Every request after the first token carried it; the secret never left the start.
    asked = [r for r in feishu.requests if "token" not in r[1] and "endpoint" not in r[1]]
    assert asked and all(SECRET not in json.dumps(r) for r in asked)
    [body] = reminder_bodies(path, "feishu", EVENING.replace(hour=23, minute=0))
    assert BEN["open_id"] in json.dumps(body) and ANN["open_id"] not in json.dumps(body)


def test_a_push_not_acknowledged_comes_again_and_a_restart_reads_the_history(tmp_path, feishu):
    path = make_camp(tmp_path, feishu_bot(feishu, reply="silent"))
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        feishu.wait_for_connection()
        feishu.push_text(CHAT, ANN, "#checkin", at=AT)
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)])
        wait_until(lambda: not feishu.pending)
    finally:
        assert heard.stop(timeout=5)
    # Pushed while camp was stopped: it waits unacknowledged, and is in the history too;
    # Ben's was said with no connection at all, and is only in the history.
    again = feishu.message(CHAT, ANN, "#checkin", at=AT)  # Ann's first, pushed again
    feishu.event(
        "im.message.receive_v1",
        {
            "sender": {"sender_id": {"open_id": ANN["open_id"]}, "sender_type": "user"},
            "message": {
                **again,
                "message_id": feishu.history[CHAT][0][0]["message_id"],
                "create_time": feishu.history[CHAT][0][0]["create_time"],
            },
        },
        key=feishu.history[CHAT][0][0]["message_id"],
    )
    feishu.push_quietly(CHAT, BEN, "#checkin at night", at=AT + 120)
    # Cho's, later than Ben's, waits to be pushed the moment camp connects: the history
    # is still read from Ann's, so Ben's is not passed over.
    feishu.push_text(CHAT, CHO, "#checkin later still", at=AT + 200)
    second = listeners(path, ENV, lambda: EVENING.add(minutes=4), lines)
    second.start()
    try:
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(3,)])
        wait_until(lambda: not feishu.pending)
        time.sleep(0.3)
    finally:
        assert second.stop(timeout=5)
    assert rows(
        path,
        "SELECT m.name FROM checkins c JOIN members m ON m.id = c.member_id ORDER BY c.at",
    ) == [("Ann",), ("Ben",), ("Cho",)]
    assert not rows(path, "SELECT * FROM bot_gaps")
    assert feishu.connects == 2


def test_history_the_app_may_not_read_is_a_gap_that_is_said(tmp_path, feishu):
    path = make_camp(tmp_path, feishu_bot(feishu, reply="silent"))
    lines: list[str] = []
    first = listeners(path, ENV, lambda: EVENING, lines)
    first.start()
    try:
        feishu.wait_for_connection()
        feishu.push_text(CHAT, ANN, "#checkin", at=AT)
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)])
    finally:
        assert first.stop(timeout=5)
    feishu.history_forbidden = True
    second = listeners(path, ENV, lambda: EVENING, lines)
    second.start()
    try:
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM bot_gaps") == [(1,)])
        wait_until(lambda: [line for line in lines if "im:message.group_msg" in line])
    finally:
        assert second.stop(timeout=5)
    [(since, until)] = rows(path, "SELECT since, until FROM bot_gaps")
    assert since == "2026-12-01T12:30:00.000000Z" and until


def test_a_member_asks_in_private_and_is_answered_there(tmp_path, feishu):
    path = make_camp(tmp_path, feishu_bot(feishu, reply="silent"))
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        feishu.wait_for_connection()
        feishu.push_text(CHAT, ANN, "#checkin", at=AT)
        wait_until(
            lambda: (
                rows(path, "SELECT handle FROM members WHERE name = 'Ann'") == [(ANN["open_id"],)]
            )
        )
        feishu.push_text(ANN["open_id"], ANN, "/me", at=AT + 10)
        wait_until(lambda: feishu.sent)
        time.sleep(0.3)
    finally:
        assert heard.stop(timeout=5)
    [answer] = feishu.sent
    assert "rank 1/3" in answer["text"]
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(1,)]


def test_a_wrong_secret_is_said_once_without_it(tmp_path, feishu):
    path = make_camp(tmp_path, feishu_bot(feishu))
    lines: list[str] = []
    heard = listeners(path, {"CAMP_FEISHU_SECRET": "not-the-secret"}, lambda: EVENING, lines)
    heard.start()
    try:
        wait_until(lambda: [line for line in lines if "refused the app's credentials" in line])
        time.sleep(0.3)
    finally:
        assert heard.stop(timeout=5)
    said = [line for line in lines if "refused" in line]
    assert len(said) == 1 and "CAMP_FEISHU_SECRET" in said[0]
    assert not any("not-the-secret" in line for line in lines)


def test_a_rate_limited_answer_goes_after_feishus_wait(tmp_path, feishu):
    path = make_camp(tmp_path, feishu_bot(feishu))
    feishu.ratelimit_posts = 1
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        feishu.wait_for_connection()
        feishu.push_text(CHAT, ANN, "#checkin", at=AT)
        wait_until(lambda: feishu.sent, timeout=10)
    finally:
        assert heard.stop(timeout=5)
    posts = [r for r in feishu.requests if r[1].endswith("/reply")]
    assert len(posts) == 2 and len(feishu.sent) == 1
    assert not [line for line in lines if "not sent" in line]


def test_pings_are_answered_with_pongs(feishu):
    async def connect() -> None:
        async with FeishuClient(APP_ID, SECRET, api_base=feishu.api_base, ping_seconds=0.05):
            await asyncio.sleep(0.3)

    asyncio.run(connect())
    assert feishu.pings >= 2


def test_frames_are_protobuf_as_feishu_writes_them():
    # The bytes a protobuf encoder writes for this frame (fields in order, varints).
    frame = Frame(
        seq_id=300, log_id=1, service=77, method=1, headers=[("type", "event")], payload=b"{}"
    )
    data = encode_frame(frame)
    assert data == (
        b"\x08\xac\x02\x10\x01\x18\x4d\x20\x01\x2a\x0d\x0a\x04type\x12\x05event\x42\x02{}"
    )
    assert decode_frame(data) == frame
    # The double's own encoder, read by the client's decoder.
    theirs = decode_frame(frame_bytes(method=0, headers={"type": "pong"}, payload=b"x"))
    assert (theirs.method, theirs.header("type"), theirs.payload) == (0, "pong", b"x")
    assert read_frame(data)["headers"] == {"type": "event"}
    negative = Frame(service=-1)
    assert decode_frame(encode_frame(negative)).service == -1
    with pytest.raises(ValueError):
        decode_frame(b"\x08")  # a varint cut short


def test_feishu_messages_read_as_the_group_shows_them():
    mentions = [{"key": "@_user_1", "name": "Ann"}]
    assert message_text("text", '{"text": "@_user_1 #打卡"}', mentions) == "@Ann #打卡"
    post = {
        "title": "Day 3",
        "content": [[{"tag": "text", "text": "#打卡 "}, {"tag": "at", "user_name": "Ben"}]],
    }
    assert message_text("post", json.dumps(post)) == "Day 3\n#打卡 @Ben"
    assert message_text("image", '{"image_key": "img_1"}') == ""
    assert message_text("text", "not json") == ""


@pytest.mark.parametrize("how", ["refused", "hanging", "not feishu"])
def test_servers_that_are_no_feishu_give_one_sentence(how, feishu):
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    base = {
        "refused": "http://127.0.0.1:9",
        "hanging": f"http://127.0.0.1:{port}",
        "not feishu": f"{feishu.base}/nothing",
    }[how]

    async def connect() -> BotError:
        with pytest.raises(BotError) as caught:
            async with FeishuClient(APP_ID, SECRET, api_base=base, answer_seconds=1):
                pass
        return caught.value

    try:
        error = asyncio.run(connect())
    finally:
        server.close()
    assert error.retryable and "\n" not in str(error) and SECRET not in str(error)
