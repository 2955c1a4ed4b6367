"""A camp hears a Discord channel live: discord.py against the loopback gateway and REST
double, through the listeners `camp run` starts."""

from __future__ import annotations

import asyncio
import time

import pytest
from discord_double import CHANNEL, TOKEN, DiscordDouble, user
from live_camp import AT, EVENING, listeners, make_camp, reminder_bodies, rows, wait_until

from camp.bots.base import BotError
from camp.bots.discord import DiscordClient, command_text, slash_command
from camp.services.intake import parse_command

ANN, BEN, CHO = (
    user(310000000000000101, "Ann"),
    user(310000000000000102, "Ben"),
    user(310000000000000103, "Cho"),
)
ENV = {"CAMP_DISCORD_TOKEN": TOKEN}


def discord_bot(double: DiscordDouble, reply: str = "ack") -> str:
    return (
        f'\n[[bots]]\ntype = "discord"\ntoken_env = "CAMP_DISCORD_TOKEN"\nchat = "{CHANNEL}"\n'
        f'api_base = "{double.api_base}"\nreply = "{reply}"\n'
    )


@pytest.fixture
def discord():
    with DiscordDouble() as double:
        yield double


def texts(double: DiscordDouble) -> list[str]:
    return [line for body in double.sent for line in body.get("content", "").splitlines()]


def test_an_evening_on_discord_with_a_dropped_gateway_loses_and_repeats_nothing(tmp_path, discord):
    path = make_camp(tmp_path, discord_bot(discord))
    now = {"at": EVENING}
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: now["at"], lines)
    heard.start()
    try:
        discord.wait_for_identify()
        first = discord.push_text(CHANNEL, ANN, "#checkin my slogan", at=AT)
        discord.push_text(CHANNEL, BEN, "good evening <@310000000000000101> @everyone", at=AT + 30)
        discord.push_text(CHANNEL + 1, BEN, "#checkin in another channel", at=AT + 40)
        wait_until(lambda: any(t.startswith("✅ Ann") for t in texts(discord)))
        ack = next(b for b in discord.sent if "Ann" in b["content"])
        # A reply to the check-in that can ping nobody, whatever the text holds.
        assert ack["message_reference"]["message_id"] == int(first)
        assert ack["allowed_mentions"] == {"parse": []}
        # The gateway drops in the middle of the evening; Cho posts meanwhile.
        discord.drop()
        discord.push_text(CHANNEL, CHO, "#checkin while the bot was away", at=AT + 60)
        wait_until(lambda: any(t.startswith("✅ Cho") for t in texts(discord)), timeout=15)
        assert discord.resumes == 1 and discord.identifies == 1
        now["at"] = EVENING.add(minutes=5)
        discord.push_text(CHANNEL, ANN, "我的", at=AT + 300)
        me = wait_until(lambda: [b["content"] for b in discord.sent if "rank" in b["content"]])
        assert "Ann" in me[0] and "rank 1/3" in me[0]
        time.sleep(0.3)
    finally:
        assert heard.stop(timeout=5)
    assert rows(
        path,
        "SELECT m.name, c.status FROM checkins c JOIN members m ON m.id = c.member_id "
        "ORDER BY c.at",
    ) == [("Ann", "on_time"), ("Cho", "on_time")]
    # Ben's hello is activity (with the mention as the group reads it); the other
    # channel was not heard at all.
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(4,)]
    assert len([t for t in texts(discord) if t.startswith("✅ ")]) == 2  # each once
    assert rows(path, "SELECT name, handle FROM members ORDER BY name") == [
        ("Ann", ANN["id"]),
        ("Ben", BEN["id"]),
        ("Cho", CHO["id"]),
    ]
    assert not rows(path, "SELECT * FROM bot_gaps")
    # The 23:00 reminder pings Ben, who has not checked in, by his Discord id.
    [body] = reminder_bodies(path, "discord", EVENING.replace(hour=23, minute=0))
    assert f"<@{BEN['id']}>" in body["content"]
    assert body["allowed_mentions"] == {"parse": [], "users": [BEN["id"]]}


def test_a_restart_reads_back_what_was_said_while_camp_was_stopped(tmp_path, discord):
    path = make_camp(tmp_path, discord_bot(discord, reply="react"))
    lines: list[str] = []
    first = listeners(path, ENV, lambda: EVENING, lines)
    first.start()
    try:
        discord.wait_for_identify()
        message = discord.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(lambda: discord.reactions)
    finally:
        assert first.stop(timeout=5)
    assert discord.reactions == [(str(CHANNEL), message, "🔥")]
    # Said while no camp listened: Discord has it only in the channel's history.
    missed = discord.push_quietly(CHANNEL, BEN, "#checkin at night", at=AT + 120)
    second = listeners(path, ENV, lambda: EVENING.add(minutes=3), lines)
    second.start()
    try:
        wait_until(lambda: len(discord.reactions) == 2)
        time.sleep(0.5)
    finally:
        assert second.stop(timeout=5)
    assert discord.reactions[1] == (str(CHANNEL), missed, "🔥")
    assert discord.identifies == 2  # a new process cannot resume: a new session
    assert rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)]
    assert not rows(path, "SELECT * FROM bot_gaps")


def test_history_the_bot_may_not_read_is_a_gap_that_is_said(tmp_path, discord):
    path = make_camp(tmp_path, discord_bot(discord, reply="silent"))
    lines: list[str] = []
    first = listeners(path, ENV, lambda: EVENING, lines)
    first.start()
    try:
        discord.wait_for_identify()
        discord.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)])
    finally:
        assert first.stop(timeout=5)
    discord.history_forbidden = True
    second = listeners(path, ENV, lambda: EVENING, lines)
    second.start()
    try:
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM bot_gaps") == [(1,)])
        wait_until(lambda: [line for line in lines if "Read Message History" in line])
    finally:
        assert second.stop(timeout=5)
    [(since, until, reason)] = rows(path, "SELECT since, until, reason FROM bot_gaps")
    # From the last message heard (20:30 in Shanghai) until the bot was back.
    assert since == "2026-12-01T12:30:00.000000Z" and until and "history" in reason


def test_an_invalidated_session_is_caught_up_from_the_history(tmp_path, discord):
    path = make_camp(tmp_path, discord_bot(discord, reply="silent"))
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        discord.wait_for_identify()
        discord.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)])
        discord.forget_sessions()
        discord.drop()
        discord.push_quietly(CHANNEL, BEN, "#checkin", at=AT + 5)
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)], timeout=20)
    finally:
        assert heard.stop(timeout=5)
    assert discord.invalidated >= 1 and discord.identifies == 2
    assert rows(path, "SELECT COUNT(*) FROM checkins") == [(2,)]


def test_a_wrong_token_is_said_once_without_the_token(tmp_path, discord):
    path = make_camp(tmp_path, discord_bot(discord))
    lines: list[str] = []
    heard = listeners(path, {"CAMP_DISCORD_TOKEN": "MTA1.wrong.token"}, lambda: EVENING, lines)
    heard.start()
    try:
        wait_until(lambda: [line for line in lines if "not valid" in line])
    finally:
        assert heard.stop(timeout=5)
    assert not any("wrong" in line for line in lines)
    assert len([line for line in lines if "not valid" in line]) == 1


def test_a_refused_reaction_is_tried_again_after_discords_wait(tmp_path, discord):
    path = make_camp(tmp_path, discord_bot(discord, reply="react"))
    discord.reaction_429 = 1
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        discord.wait_for_identify()
        discord.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(lambda: discord.reactions)
    finally:
        assert heard.stop(timeout=5)
    puts = [r for r in discord.requests if r[0] == "PUT"]
    assert len(puts) == 2 and len(discord.reactions) == 1


def test_a_member_asks_in_private_and_is_answered_there(tmp_path, discord):
    path = make_camp(tmp_path, discord_bot(discord, reply="silent"))
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        discord.wait_for_identify()
        discord.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(
            lambda: rows(path, "SELECT handle FROM members WHERE name = 'Ann'") == [(ANN["id"],)]
        )
        dm = 820000000000000001
        discord.push_text(dm, ANN, "/me", at=AT + 10, guild=None)
        wait_until(lambda: discord.sent)
        time.sleep(0.3)
    finally:
        assert heard.stop(timeout=5)
    [answer] = discord.sent
    assert answer["channel"] == str(ANN["id"]) or "rank 1/3" in answer["content"]
    assert rows(path, "SELECT COUNT(*) FROM messages") == [(1,)]


@pytest.mark.parametrize("how", ["refused", "hanging", "not discord"])
def test_servers_that_are_no_discord_give_one_sentence(how):
    async def connect(api_base: str) -> BotError:
        with pytest.raises(BotError) as caught:
            async with DiscordClient(TOKEN, api_base=api_base, connect_seconds=1.0):
                pass
        return caught.value

    if how == "refused":
        error = asyncio.run(connect("http://127.0.0.1:9"))
    else:
        import socket

        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        try:
            if how == "hanging":
                error = asyncio.run(connect(f"http://127.0.0.1:{port}/api/v10"))
            else:
                with DiscordDouble() as other:
                    error = asyncio.run(connect(f"{other.base}/nothing"))
        finally:
            server.close()
    assert error.retryable
    assert "\n" not in str(error) and TOKEN not in str(error)


def test_slash_commands_are_registered_once_and_answered_to_the_member_alone(tmp_path, discord):
    path = make_camp(tmp_path, discord_bot(discord))
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        discord.wait_for_identify()
        wait_until(lambda: discord.commands)
        discord.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(lambda: discord.sent)
        me = discord.push_command(CHANNEL, ANN, "me")
        wait_until(lambda: discord.answers)
        discord.push_command(CHANNEL, ANN, "makeup", day=1)
        discord.push_command(CHANNEL, BEN, "board")
        wait_until(lambda: len(discord.answers) == 3)
        time.sleep(0.3)
    finally:
        assert heard.stop(timeout=5)
    [command] = discord.commands
    assert command["name"] == "camp"
    assert [o["name"] for o in command["options"]] == ["me", "board", "makeup", "leave", "help"]
    assert command["options"][2]["name_localizations"]["zh-CN"] == "补卡"
    # Deferred at once, only for the member; answered by editing that response.
    assert discord.callbacks[0] == (me, {"type": 5, "data": {"flags": 64}})
    token, answer = discord.answers[0]
    assert token == f"interaction-token-{me}"
    assert "Ann" in answer["content"] and "rank 1/3" in answer["content"]
    assert answer["allowed_mentions"] == {"parse": []}
    assert "makeup request for day 1" in discord.answers[1][1]["content"]
    assert "1. Ann · 10" in discord.answers[2][1]["content"]
    # Only the check-in's ack went to the channel.
    assert len(discord.sent) == 1
    assert rows(
        path, "SELECT m.name, r.kind, r.day FROM requests r JOIN members m ON m.id = r.member_id"
    ) == [("Ann", "makeup", 1)]
    second = listeners(path, ENV, lambda: EVENING, lines)
    second.start()
    try:
        discord.wait_for_identify(2)
        time.sleep(0.5)
    finally:
        assert second.stop(timeout=5)
    posts = [r for r in discord.requests if r[0] == "POST" and r[1].endswith("/commands")]
    assert len(posts) == 1  # the second run found /camp as it should be


def test_a_discord_that_refuses_slash_commands_is_said_and_keywords_still_work(
    tmp_path, discord
):
    discord.commands_forbidden = True
    path = make_camp(tmp_path, discord_bot(discord))
    lines: list[str] = []
    heard = listeners(path, ENV, lambda: EVENING, lines)
    heard.start()
    try:
        discord.wait_for_identify()
        wait_until(lambda: [line for line in lines if "/camp" in line])
        discord.push_text(CHANNEL, ANN, "#checkin", at=AT)
        wait_until(lambda: rows(path, "SELECT COUNT(*) FROM checkins") == [(1,)])
    finally:
        assert heard.stop(timeout=5)
    [said] = [line for line in lines if "/camp" in line]
    assert "did not register the /camp command (" in said and "Missing Access" in said
    assert "applications.commands" in said and TOKEN not in said
    assert not discord.commands


def test_a_slash_command_reads_as_the_member_command_it_names():
    def data(sub: str, **options: int) -> dict:
        given = [{"type": 4, "name": k, "value": v} for k, v in options.items()]
        return {"name": "camp", "options": [{"type": 1, "name": sub, "options": given}]}

    assert command_text(data("me")) == "/me"
    assert command_text(data("board")) == "/board"
    assert command_text(data("makeup", day=3)) == "#补卡 3"
    assert command_text(data("leave", day=12)) == "#请假 12"
    assert command_text({"name": "camp"}) == "/help"
    assert command_text({"name": "other"}) is None
    assert parse_command(command_text(data("makeup", day=3)) or "") == ("makeup", 3)
    assert slash_command()["name"] == "camp"
