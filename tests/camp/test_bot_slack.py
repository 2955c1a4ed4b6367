"""A camp hears a Slack channel live: slack_sdk's Socket Mode client against the loopback
Web API and Socket Mode double, through the listeners `camp run` starts."""

from __future__ import annotations

import asyncio
import time

import pytest
from live_camp import AT, EVENING, listeners, make_camp, reminder_bodies, rows, wait_until
from slack_double import APP_TOKEN, BOT_TOKEN, CHANNEL, SlackDouble, user

from camp.bots.base import BotError
from camp.bots.slack import SlackClient, plain_text

ANN, BEN, CHO = user("UANN00001", "Ann"), user("UBEN00002", "Ben"), user("UCHO00003", "Cho")
ENV = {"CAMP_SLACK_BOT_TOKEN": BOT_TOKEN, "CAMP_SLACK_APP_TOKEN": APP_TOKEN}


def slack_bot(double: SlackDouble, reply: str = "ack") -> str:
    return (
        '\n[[bots]]\ntype = "slack"\ntoken_env = "CAMP_SLACK_BOT_TOKEN"\n'
        f'app_token_env = "CAMP_SLACK_APP_TOKEN"\nchat = "{CHANNEL}"\n'
        f'api_base = "{double.api_base}"\nreply = "{reply}"\n'
    )


@pytest.fixture
def slack():
    with SlackDouble() as double:
        yield double


def texts(double: SlackDouble) -> list[str]:
    return [line for body in double.sent for line in body.get("text", "").splitlines()]


def test_an_evening_on_slack_with_a_dropped_socket_loses_and_repeats_nothing(tmp_path, slack):
    path = make_camp(tmp_path, slack_bot(slack))
    now = {"at": EVENING}
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: now["at"], lines)
    heard.start()
    try:
        slack.wait_for_connection()
        first = slack.push_text(CHANNEL, ANN, "#checkin my slogan", at=AT)
        slack.push_text(CHANNEL, BEN, "hi <@UANN00001> <!channel> &lt;b&gt;", at=AT + 30)
        slack.push_text("C0OTHER001", BEN, "#checkin elsewhere", at=AT + 40)
        wait_until(lambda: any(t.startswith("✅ Ann") for t in texts(slack)))
        ack = next(b for b in slack.sent if "Ann" in b["text"])
        assert ack["thread_ts"] == first and ack["channel"] == CHANNEL
        # The socket drops mid-evening; Cho posts meanwhile.
        slack.drop()
        slack.push_text(CHANNEL, CHO, "#checkin while the socket was down", at=AT + 60)
        wait_until(lambda: any(t.startswith("✅ Cho") for t in texts(slack)), timeout=20)
        assert slack.connects >= 2
        now["at"] = EVENING.add(minutes=5)
        slack.push_command(CHANNEL, ANN, "me")
        me = wait_until(lambda: [b["text"] for b in slack.sent if "rank" in b["text"]])
        assert "Ann" in me[0] and "rank 1/3" in me[0]
        wait_until(lambda: not slack.pending)
    finally:
        assert heard.stop(timeout=5)
    assert rows(
        path,
        "SELECT m.name, c.status FROM checkins c JOIN members m ON m.id = c.member_id ORDER BY c.at",
    ) == [("Ann", "on_time"), ("Cho", "on_time")]
    # Ben's hello is activity; the other channel was not heard at all.
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(4,)]
    assert len([t for t in texts(slack) if t.startswith("✅ ")]) == 2
    assert rows(path, "SELECT name, handle FROM members ORDER BY name") == [
        ("Ann", "UANN00001"),
        ("Ben", "UBEN00002"),
        ("Cho", "UCHO00003"),
    ]
    assert not rows(path, "SELECT * FROM bot_gaps")
    [body] = reminder_bodies(path, "slack", EVENING.replace(hour=23, minute=0))
    assert "<@UBEN00002>" in str(body) and "UANN00001" not in str(body)


def test_an_envelope_not_acknowledged_comes_again_and_counts_once(tmp_path, slack):
    path = make_camp(tmp_path, slack_bot(slack, reply="react"))
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        slack.wait_for_connection()
        slack.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(lambda: slack.reactions)
        wait_until(lambda: not slack.pending)
    finally:
        assert heard.stop(timeout=5)
    # Slack retries an envelope it did not hear acknowledged (here: the next process
    # gets it again), and camp's stop left a message in history too.
    envelope = slack.envelope(
        "events_api",
        {"type": "event_callback", "event": slack.history[CHANNEL][0]},
    )
    missed = slack.push_quietly(CHANNEL, BEN, "#checkin at night", at=AT + 120)
    second = listeners(path, ENV, lambda: EVENING.add(minutes=3), lines)
    second.start()
    try:
        wait_until(lambda: len(slack.reactions) == 2)
        wait_until(lambda: envelope in slack.acked)
        time.sleep(0.3)
    finally:
        assert second.stop(timeout=5)
    assert slack.reactions == [
        (CHANNEL, slack.history[CHANNEL][0]["ts"], "fire"),
        (CHANNEL, missed, "fire"),
    ]
    assert rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)]


def test_wrong_tokens_are_said_once_without_them(tmp_path, slack):
    path = make_camp(tmp_path, slack_bot(slack))
    lines: list[str] = []
    env = {"CAMP_SLACK_BOT_TOKEN": BOT_TOKEN, "CAMP_SLACK_APP_TOKEN": "xapp-wrong-one"}
    heard = listeners(path, env, lambda: EVENING, lines)
    heard.start()
    try:
        wait_until(lambda: [line for line in lines if "refused the app's tokens" in line])
    finally:
        assert heard.stop(timeout=5)
    assert not any("xapp-wrong" in line or BOT_TOKEN in line for line in lines)


def test_a_rate_limited_answer_goes_after_slacks_wait(tmp_path, slack):
    path = make_camp(tmp_path, slack_bot(slack))
    slack.ratelimit_posts = 1
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        slack.wait_for_connection()
        slack.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(lambda: slack.sent, timeout=10)
    finally:
        assert heard.stop(timeout=5)
    posts = [r for r in slack.requests if r[1] == "chat.postMessage"]
    assert len(posts) == 2 and len(slack.sent) == 1
    assert not [line for line in lines if "not sent" in line]


def test_slack_markup_reads_as_the_channel_shows_it():
    names = {"UANN00001": "Ann"}
    assert plain_text(
        "<@UANN00001> <@UZZZ|zed> <!here> <#C1|general> <https://x.y|link>", names
    ) == ("@Ann @zed @here #general link")
    assert plain_text("&lt;@U1&gt; &amp;amp; <", names) == "<@U1> &amp; <"


@pytest.mark.parametrize("how", ["refused", "hanging"])
def test_servers_that_are_no_slack_give_one_sentence(how):
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1] if how == "hanging" else 9

    async def connect() -> BotError:
        with pytest.raises(BotError) as caught:
            async with SlackClient(
                BOT_TOKEN, APP_TOKEN, api_base=f"http://127.0.0.1:{port}/api", answer_seconds=1
            ):
                pass
        return caught.value

    try:
        error = asyncio.run(connect())
    finally:
        server.close()
    assert error.retryable and "\n" not in str(error) and BOT_TOKEN not in str(error)
