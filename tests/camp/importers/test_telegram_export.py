"""Telegram Desktop's result.json, read message by message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.importers import discord, jsonstream, qq, telegram, whatsapp
from camp.importers.base import ChatMessage, Layout, ParseProblem

EXPORTS = Path(__file__).parents[2] / "data" / "exports"
RESULT = EXPORTS / "telegram_result.json"
FULL = EXPORTS / "telegram_full_export.json"


def head_of(path: Path) -> str:
    return path.read_bytes()[:8192].decode("utf-8", errors="replace").lstrip("\ufeff")


def test_single_chat_export_yields_messages_services_and_problems_with_lines():
    items = list(telegram.read(RESULT))
    # Every message has its date_unixtime, the instant itself: the local date beside it
    # is not read (local_time None).
    assert items == [
        Layout("Telegram Desktop JSON"),
        ChatMessage(
            6,
            "Alice",
            "user1001",
            None,
            1796083200.0,
            "invite_members: 小明",
            "system",
            "1",
        ),
        ChatMessage(
            20,
            "小明",
            "user2002",
            None,
            1796127303.0,
            "Day 1 done #checkin 30 pages 📚",
            "text",
            "2",
        ),
        ChatMessage(
            48,
            "Alice",
            "user1001",
            None,
            1796130000.0,
            "#打卡 第一天\n背了 50 个单词\n明天继续 💪",
            "text",
            "3",
        ),
        ParseProblem(61, "The message could not be decoded as JSON (Expecting ',' delimiter)."),
        ChatMessage(
            69,
            "Alice",
            "user1001",
            None,
            1796130360.0,
            "pin_message",
            "system",
            "5",
        ),
        ChatMessage(
            81,
            "小明 Xiaoming",
            "user2002",
            None,
            1796167800.0,
            '#checkin day 2 {"not": ["json"]}',
            "text",
            "6",
        ),
        # "from": null (a deleted account): known by its id.
        ChatMessage(
            91, "user3003", "user3003", None, 1796167860.0, "", "text", "7"
        ),
    ]


def records(path: Path) -> list:
    """What the reader yields, without its layout."""
    return [item for item in telegram.read(path) if not isinstance(item, Layout)]


def test_a_renamed_member_keeps_the_same_sender_id():
    by_id = {(m.sender, m.sender_id) for m in telegram.read(RESULT) if isinstance(m, ChatMessage)}
    assert ("小明", "user2002") in by_id
    assert ("小明 Xiaoming", "user2002") in by_id


def test_full_account_export_reads_every_chat_and_skips_the_rest():
    items = records(FULL)
    assert [(m.line, m.sender, m.text) for m in items] == [
        (22, "小明", "#checkin"),
        (36, "Alice", "late #打卡"),
    ]


def test_date_unixtime_wins_and_local_date_alone_still_reads(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(
        json.dumps(
            {
                "name": "c",
                "messages": [
                    {
                        "id": 1,
                        "type": "message",
                        "date": "2026-12-01T20:15:03",
                        "from": "A",
                        "from_id": "user1",
                        "text": "x",
                    },
                    {"id": 2, "type": "message", "date": "garbage", "from": "A", "text": "y"},
                    {"id": 3, "type": "message", "date_unixtime": "soon", "from": "A", "text": "z"},
                    {"id": 4, "type": "sticker", "date": "2026-12-01T20:15:03", "text": ""},
                    {"id": 5, "type": "message", "date": "2026-12-01T20:15:03", "text": 7},
                    "not an object",
                ],
            }
        ),
        encoding="utf-8",
    )
    items = records(path)
    assert items[0] == ChatMessage(1, "A", "user1", "2026-12-01 20:15:03", None, "x", "text", "1")
    assert [type(item) for item in items[1:]] == [ParseProblem] * 5
    assert "date_unixtime" in items[2].reason and "'sticker'" in items[3].reason


def test_a_file_cut_short_reports_the_unclosed_array(tmp_path):
    path = tmp_path / "result.json"
    whole = RESULT.read_text(encoding="utf-8")
    path.write_text(whole[: whole.index('"id": 3') - 4], encoding="utf-8")
    items = records(path)
    assert [m.line for m in items if isinstance(m, ChatMessage)] == [6, 20]
    assert isinstance(items[-1], ParseProblem)


def test_a_byte_order_mark_and_crlf_line_ends_keep_line_numbers(tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes(b"\xef\xbb\xbf" + RESULT.read_bytes().replace(b"\n", b"\r\n"))
    assert list(telegram.read(path)) == list(telegram.read(RESULT))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chunk=st.integers(min_value=1, max_value=400))
def test_any_chunk_size_reads_the_same(monkeypatch, chunk):
    # Chunk boundaries fall inside strings, numbers, escapes and the array opening.
    expected = list(telegram.read(RESULT)) + list(telegram.read(FULL))
    monkeypatch.setattr(jsonstream, "_CHUNK", chunk)
    assert list(telegram.read(RESULT)) + list(telegram.read(FULL)) == expected


@given(
    texts=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",))), max_size=8),
    indent=st.sampled_from([None, 0, 1, 4]),
)
@settings(max_examples=60, deadline=None)
def test_any_texts_come_back_unchanged_with_their_lines(tmp_path_factory, texts, indent):
    messages = [
        {
            "id": i,
            "type": "message",
            "date": "2026-12-01T20:15:03",
            "date_unixtime": str(1796127303 + i),
            "from": f"m{i}",
            "from_id": f"user{i}",
            "text": text,
        }
        for i, text in enumerate(texts)
    ]
    body = json.dumps({"name": "c", "messages": messages}, ensure_ascii=False, indent=indent)
    path = tmp_path_factory.mktemp("tg") / "result.json"
    path.write_text(body, encoding="utf-8")
    items = records(path)
    assert [m.text for m in items] == texts
    lines = body.split("\n")
    for item in items:
        assert (
            f'"id": {item.sender[1:]},' in lines[item.line - 1]
            or lines[item.line - 1].strip() == "{"
        )


def test_sniff_accepts_telegram_and_refuses_the_other_formats():
    assert telegram.sniff(head_of(RESULT), RESULT)
    assert telegram.sniff(head_of(FULL), FULL)
    for other in (
        "discord.json",
        "discord.csv",
        "whatsapp_android.txt",
        "whatsapp_ios.txt",
        "qq.txt",
    ):
        assert not telegram.sniff(head_of(EXPORTS / other), EXPORTS / other), other
    assert not discord.sniff(head_of(RESULT), RESULT)
    assert not whatsapp.sniff(head_of(RESULT), RESULT)
    assert not qq.sniff(head_of(RESULT), RESULT)


@pytest.mark.parametrize("text", [[], ["plain"], [{"type": "bold", "text": "b"}, {"type": "link"}]])
def test_text_parts_are_concatenated(tmp_path, text):
    path = tmp_path / "result.json"
    path.write_text(
        json.dumps({"messages": [{"type": "message", "date_unixtime": "1", "text": text}]})
    )
    [message] = records(path)
    assert message.text == "".join(p if isinstance(p, str) else p.get("text", "") for p in text)
