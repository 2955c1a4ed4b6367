"""DiscordChatExporter's JSON and CSV exports.

The fixtures follow DiscordChatExporter's writers: JsonMessageWriter's object per message
(discord.json), CsvMessageWriter's ``AuthorID,Author,Date,Content,Attachments,Reactions``
with every field quoted and the date as ``ExportContext.FormatDate`` writes it — ISO
8601, the older default ``dd-MMM-yy hh:mm tt`` (discord.csv), or the culture's general
date/time "g" (discord_en_us.csv, discord_en_gb.csv, discord_de_undecided.csv).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.errors import CampError
from camp.importers import discord, plain_csv, qq, telegram, whatsapp
from camp.importers.base import ChatMessage, Layout, ParseProblem

EXPORTS = Path(__file__).parents[2] / "data" / "exports"
JSON_EXPORT = EXPORTS / "discord.json"
CSV_EXPORT = EXPORTS / "discord.csv"


def read(path: Path, date_order: str | None = None) -> list:
    """The reader's items without its layouts."""
    return [i for i in discord.read(path, date_order) if not isinstance(i, Layout)]


def without_ids(items: list) -> list:
    return [i._replace(message_id=None) if isinstance(i, ChatMessage) else i for i in items]


def head_of(path: Path) -> str:
    return path.read_bytes()[:8192].decode("utf-8", errors="replace").lstrip("\ufeff")


def test_json_export_reads_nicknames_replies_notifications_and_problems():
    items = without_ids(read(JSON_EXPORT))
    assert items == [
        ChatMessage(
            21,
            "小明",
            "800000000000000002",
            "2026-12-01 08:00:00",
            1796083200.0,
            "GuildMemberJoin",
            "system",
        ),
        ChatMessage(
            44,
            "小明",
            "800000000000000002",
            "2026-12-01 20:15:03",
            1796127303.123,
            "#打卡 第一天 🎯\n30 分钟听力",
        ),
        ChatMessage(
            67,
            "alice",
            "800000000000000001",
            "2026-12-01 12:20:00",
            1796127600.0,
            "#checkin me too",
        ),
        ParseProblem(91, "The timestamp 'yesterday evening' is not a date and time."),
        ChatMessage(
            98,
            "alice",
            "800000000000000001",
            "2026-12-01 20:30:00",
            1796128200.0,
            "Pinned a message.",
            "system",
        ),
        ChatMessage(
            105,
            "小明 Xiaoming",
            "800000000000000002",
            "2026-12-02 07:00:00",
            1796166000.5,
            "#打卡 day 2",
        ),
        ParseProblem(112, "The message could not be decoded as JSON (Expecting ',' delimiter)."),
        ChatMessage(
            119,
            "alice",
            "800000000000000001",
            "2026-12-02 07:02:00",
            1796166120.0,
            "after the broken one",
        ),
    ]


def test_csv_export_reads_multi_line_quoted_contents_and_both_date_styles():
    items = read(CSV_EXPORT)
    assert items == [
        ChatMessage(
            2,
            "xiaoming",
            "800000000000000002",
            "2026-12-01 08:00:00",
            1796083200.0,
            "Joined the server.",
            "system",
        ),
        ChatMessage(
            3,
            "xiaoming",
            "800000000000000002",
            "2026-12-01 20:15:03",
            1796127303.123,
            "#打卡 第一天 🎯\n30 分钟听力",
        ),
        ChatMessage(
            5, "alice", "800000000000000001", "2026-12-01 20:20:00", None, '#checkin "quoted" too'
        ),
        ParseProblem(6, "The date '31-Nov-26 08:21 PM' is not a date and time."),
        ChatMessage(
            7, "alice", "800000000000000001", "2026-12-02 00:05:00", None, "#checkin after midnight"
        ),
        ParseProblem(8, "The record has 2 fields; 4 are needed."),
        ChatMessage(
            9,
            "小明 Xiaoming",
            "800000000000000002",
            "2026-12-02 07:00:00",
            1796166000.0,
            "#打卡 day 2",
        ),
    ]


def test_the_same_instant_in_any_offset_has_the_same_epoch_but_its_own_wall_clock(tmp_path):
    rows = ["AuthorID,Author,Date,Content,Attachments,Reactions"] + [
        f'"1","a","{stamp}","x","",""'
        for stamp in (
            "2026-12-01T20:15:03.000+08:00",
            "2026-12-01T12:15:03+00:00",
            "2026-12-01T07:15:03.0000000-05:00",
            "2026-12-01T12:15:03Z",
        )
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = read(path)
    assert {i.epoch for i in items} == {1796127303.0}
    assert [i.local_time[11:] for i in items] == ["20:15:03", "12:15:03", "07:15:03", "12:15:03"]


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-12-01T24:00:00.000+08:00",
        "2026-02-30T10:00:00+08:00",
        "2026-12-01T10:61:00+08:00",
        "13-Foo-26 08:00 PM",
        "01-Dec-26 13:00 PM",
    ],
)
def test_impossible_dates_are_problems(tmp_path, stamp):
    path = tmp_path / "export.csv"
    path.write_text(
        f'AuthorID,Author,Date,Content,Attachments,Reactions\n"1","a","{stamp}","x","",""\n',
        encoding="utf-8",
    )
    [item] = read(path)
    assert isinstance(item, ParseProblem) and item.line == 2


def test_json_without_a_nickname_or_with_an_odd_author(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            {
                "guild": {"id": "1"},
                "channel": {"id": "2"},
                "messages": [
                    {
                        "id": "1",
                        "type": "Default",
                        "timestamp": "2026-12-01T20:15:03+08:00",
                        "content": "a",
                        "author": {"id": "7", "name": "n", "nickname": ""},
                    },
                    {
                        "id": "2",
                        "type": "Default",
                        "timestamp": "2026-12-01T20:15:03+08:00",
                        "content": "b",
                    },
                    {
                        "id": "3",
                        "type": "ThreadCreated",
                        "timestamp": "2026-12-01T20:15:03",
                        "content": "",
                        "author": {"id": "7", "name": "n"},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    first, second, third = read(path)
    assert (first.sender, first.sender_id) == ("n", "7")
    assert isinstance(second, ParseProblem)
    assert (third.kind, third.text, third.epoch, third.local_time) == (
        "system",
        "ThreadCreated",
        None,
        "2026-12-01 20:15:03",
    )


@settings(max_examples=60, deadline=None)
@given(
    # NUL never comes from Discord, and the CSV reading reports it as a problem.
    contents=st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00")
        ),
        max_size=6,
    )
)
def test_csv_contents_round_trip(tmp_path_factory, contents):
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["AuthorID", "Author", "Date", "Content", "Attachments", "Reactions"])
    for i, content in enumerate(contents):
        writer.writerow([str(i), f"user{i}#0001", "2026-12-01T20:15:03.123+08:00", content, "", ""])
    path = tmp_path_factory.mktemp("dc") / "export.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    items = read(path)
    assert [(i.text, i.sender, i.sender_id) for i in items] == [
        (content, f"user{i}", str(i)) for i, content in enumerate(contents)
    ]
    # Each record starts on the line after the previous record's last line.
    expected_line = 2
    for item, content in zip(items, contents, strict=True):
        assert item.line == expected_line
        expected_line += content.count("\n") + 1


def test_sniff_accepts_both_exports_and_refuses_the_other_formats():
    assert discord.sniff(head_of(JSON_EXPORT), JSON_EXPORT)
    assert discord.sniff(head_of(CSV_EXPORT), CSV_EXPORT)
    for other in (
        "telegram_result.json",
        "telegram_full_export.json",
        "whatsapp_android.txt",
        "qq.txt",
        "plain.csv",
        "wechat.csv",
    ):
        assert not discord.sniff(head_of(EXPORTS / other), EXPORTS / other), other
    for reader in (telegram, whatsapp, qq, plain_csv):
        assert not reader.sniff(head_of(JSON_EXPORT), JSON_EXPORT), reader.FORMAT
    for reader in (telegram, whatsapp, qq):
        assert not reader.sniff(head_of(CSV_EXPORT), CSV_EXPORT), reader.FORMAT


# DiscordChatExporter writes CSV dates with the culture's general date/time ("g",
# ExportContext.FormatDate(..., "g")): discord_en_us.csv is en-US "12/1/2026 8:15 PM",
# discord_en_gb.csv en-GB "01/12/2026 20:15", discord_de_undecided.csv de
# "01.12.2026 20:15" on two days that fit either order.
def test_culture_dates_are_read_in_the_order_the_file_proves():
    us = list(discord.read(EXPORTS / "discord_en_us.csv"))
    assert us[0] == Layout(
        "DiscordChatExporter CSV (m/d/yyyy, 12-hour AM/PM)", "mdy", "line 5 has 12/13/2026"
    )
    assert [(i.line, i.local_time, i.epoch) for i in us[1:]] == [
        (2, "2026-12-01 20:15:00", None),
        (3, "2026-12-02 07:05:00", None),
        (5, "2026-12-13 00:05:00", None),
    ]
    gb = read(EXPORTS / "discord_en_gb.csv")
    assert [i.local_time for i in gb] == [
        "2026-12-01 20:15:00",
        "2026-12-02 07:05:00",
        "2026-12-13 00:05:00",
    ]


def test_culture_dates_that_fit_both_orders_are_refused_until_the_operator_says():
    path = EXPORTS / "discord_de_undecided.csv"
    with pytest.raises(CampError) as refused:
        list(discord.read(path))
    sentence = str(refused.value)
    assert "line 2 has 01.12.2026" in sentence and "line 3 has 02.12.2026" in sentence
    assert "give --date-order dmy, mdy or ymd." in sentence
    assert [i.local_time for i in read(path, "dmy")] == [
        "2026-12-01 20:15:00",
        "2026-12-02 07:05:00",
    ]


def test_the_operators_order_that_the_culture_dates_contradict_refuses_the_file():
    with pytest.raises(CampError) as refused:
        next(iter(discord.read(EXPORTS / "discord_en_gb.csv", "mdy")))  # before any item
    assert str(refused.value) == (
        "discord_en_gb.csv: --date-order mdy contradicts the dates of DiscordChatExporter "
        "CSV (d/m/yyyy or m/d/yyyy, 24-hour): line 4 has 13/12/2026, which cannot be "
        "month-first; give --date-order dmy, or leave the option out and the file's "
        "dates decide."
    )
    assert [i.local_time for i in read(EXPORTS / "discord_en_gb.csv", "dmy")][-1] == (
        "2026-12-13 00:05:00"
    )


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("1/2/2019 9:03 AM", "2019-01-02 09:03:00"),  # en-US
        ("1/2/2019 9:03\u202fPM", "2019-01-02 21:03:00"),  # en-US on newer ICU
        ("2019/01/02 9:03", "2019-01-02 09:03:00"),  # ja-JP
        ("2019/1/2 下午9:03", "2019-01-02 21:03:00"),  # zh-CN 12-hour
        ("2019. 1. 2. 오후 9:03", "2019-01-02 21:03:00"),  # ko-KR
        ("05-Jan-19 09:03 AM", "2019-01-05 09:03:00"),  # older default dd-MMM-yy hh:mm tt
    ],
)
def test_each_culture_layout_alone(tmp_path, stamp, expected):
    path = tmp_path / "export.csv"
    path.write_text(
        f'AuthorID,Author,Date,Content,Attachments,Reactions\n"1","a","{stamp}","x","",""\n'
        f'"1","a","1/13/2019 9:03 AM","y","",""\n',
        encoding="utf-8",
    )
    first = read(path)[0]
    assert first.local_time == expected


def test_json_messages_carry_their_ids():
    items = list(discord.read(JSON_EXPORT))
    assert items[0] == Layout("DiscordChatExporter JSON")
    ids = [i.message_id for i in items if isinstance(i, ChatMessage)]
    assert ids[:3] == ["910000000000000001", "910000000000000002", "910000000000000003"]


_SECONDS = st.one_of(
    st.integers(0, 59).map(lambda s: f"{s:02d}"),
    st.tuples(st.integers(0, 59), st.integers(0, 999_999), st.integers(1, 7)).map(
        lambda t: f"{t[0]:02d}.{t[1]:07d}"[: 3 + t[2]]
    ),
    st.sampled_from(["60", "3", "03.", "0x", "03.1e3", "٠٣", "03.٥"]),
)


@given(
    st.datetimes(min_value=dt.datetime(2000, 1, 1)),
    _SECONDS,
    st.sampled_from(["+08:00", "-05:30", "+00:00", "+14:00"]),
)
def test_timestamps_of_a_minute_already_read_parse_as_the_first_did(moment, seconds, offset):
    text = f"{moment:%Y-%m-%dT%H:%M}:{seconds}{offset}"
    discord._MINUTES.clear()
    cold = discord._parse_iso(text)
    discord._parse_iso(f"{moment:%Y-%m-%dT%H:%M}:00{offset}")  # the minute, seen before
    assert discord._parse_iso(text) == cold
    if cold is not None and seconds.isascii() and len(seconds) <= 9:
        # fromisoformat reads up to microseconds; a float epoch near the year 2200 holds
        # about two of them.
        full = f"{text[:17]}{seconds.ljust(9, '0') if len(seconds) > 2 else seconds}{offset}"
        assert cold[1] == pytest.approx(dt.datetime.fromisoformat(full).timestamp(), abs=1e-5)
