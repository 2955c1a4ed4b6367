"""WhatsApp's "Export chat" text files, Android and iOS layouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.importers import discord, plain_csv, qq, telegram, whatsapp
from camp.importers.base import ChatMessage, ParseProblem

EXPORTS = Path(__file__).parents[2] / "data" / "exports"
ANDROID = EXPORTS / "whatsapp_android.txt"
IOS = EXPORTS / "whatsapp_ios.txt"
TWELVE_HOUR = EXPORTS / "whatsapp_12h.txt"
DOTTED = EXPORTS / "whatsapp_dotted.txt"


def head_of(path: Path) -> str:
    return path.read_bytes()[:8192].decode("utf-8", errors="replace").lstrip("\ufeff")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "chat.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_android_export_reads_system_lines_multi_line_messages_and_recalls():
    items = list(whatsapp.read(ANDROID))
    assert [(i.line, i.kind) for i in items if isinstance(i, ChatMessage)][:4] == [
        (1, "system"),
        (2, "system"),
        (3, "system"),
        (4, "system"),
    ]
    # A colon inside a quoted subject does not make a sender of the notice.
    assert items[3].sender == "" and items[3].text.startswith("Alice changed the subject")
    assert items[4] == ChatMessage(5, "小明", None, "2026-12-01 20:15:00", None, "#打卡 第一天 📚")
    assert items[5] == ChatMessage(
        6,
        "Alice",
        None,
        "2026-12-01 20:16:00",
        None,
        "#checkin day 1\nread chapter 3\n  and the exercises",
    )
    assert items[6] == ChatMessage(
        10, "+86 138 0000 0000", "8613800000000", "2026-12-01 20:17:00", None, "#checkin"
    )
    assert (items[7].text, items[7].kind) == ("<Media omitted>", "text")
    assert (items[8].text, items[8].kind) == ("This message was deleted", "recalled")


def test_android_month_first_is_settled_by_a_second_field_above_twelve():
    items = list(whatsapp.read(ANDROID))
    assert [i.local_time for i in items if isinstance(i, ChatMessage)][-3:] == [
        "2026-12-13 07:05:00",
        "2026-12-13 07:06:00",
        "2026-12-13 07:07:00",
    ]


def test_a_nickname_change_and_the_contacts_tilde():
    senders = [i.sender for i in whatsapp.read(ANDROID) if isinstance(i, ChatMessage)]
    assert "Xiaoming" in senders and "小明 Xiaoming" in senders and "小明" in senders


def test_an_impossible_timestamp_is_a_problem_and_its_continuation_is_dropped():
    items = list(whatsapp.read(ANDROID))
    problems = [i for i in items if isinstance(i, ParseProblem)]
    assert problems == [
        ParseProblem(15, "The timestamp '12/13/26, 25:61' is not a real date and time.")
    ]
    assert items[-1] == ChatMessage(
        17, "Alice", None, "2026-12-13 07:07:00", None, "back to normal"
    )


def test_ios_export_with_marks_seconds_and_group_notices():
    items = list(whatsapp.read(IOS))
    assert [(i.line, i.sender, i.kind) for i in items] == [
        (1, "Study Camp", "system"),
        (2, "Study Camp", "system"),
        (3, "小明", "text"),
        (4, "Alice", "text"),
        (6, "Alice", "text"),
        (7, "Bob", "recalled"),
        (8, "+1 (555) 010-9999", "text"),
    ]
    assert items[1].text == "Alice added 小明"
    assert items[2].local_time == "2026-12-31 21:50:03"
    assert items[3].text == "#checkin\ntwo lines"
    assert items[4].text == "image omitted"
    assert items[6].sender_id == "15550109999"


def test_twelve_hour_clock_with_narrow_no_break_spaces():
    items = list(whatsapp.read(TWELVE_HOUR))
    assert [i.local_time for i in items] == [
        "2026-12-31 21:50:00",
        "2026-12-31 00:05:00",
        "2026-12-31 12:30:00",
        "2027-01-01 13:02:00",
        "2027-01-01 13:03:00",
    ]
    # Only a whole message saying so is a recall, not a line inside another one.
    assert [i.kind for i in items] == ["text", "text", "text", "text", "recalled"]
    assert items[3].text == "#打卡 新年快乐\nYou deleted this message"


def test_dotted_dates_are_day_first():
    assert [i.local_time for i in whatsapp.read(DOTTED)] == [
        "2026-12-01 21:50:00",
        "2026-12-02 06:05:00",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Nothing settles it: Android's two-digit slashed years are month-first ...
        ("03/04/26, 10:00 - A: x\n", "2026-03-04 10:00:00"),
        # ... four-digit years and iOS brackets day-first.
        ("03/04/2026, 10:00 - A: x\n", "2026-04-03 10:00:00"),
        ("[03/04/26, 10:00:00] A: x\n", "2026-04-03 10:00:00"),
        # A later line settles it either way, for every line.
        ("03/04/26, 10:00 - A: x\n25/04/26, 10:00 - A: y\n", "2026-04-03 10:00:00"),
        ("03/04/2026, 10:00 - A: x\n04/25/2026, 10:00 - A: y\n", "2026-03-04 10:00:00"),
    ],
)
def test_day_month_order_is_decided_from_the_whole_file(tmp_path, text, expected):
    assert next(whatsapp.read(write(tmp_path, text))).local_time == expected


def test_leap_days_and_impossible_dates(tmp_path):
    path = write(
        tmp_path,
        "29/02/2028, 10:00 - A: ok\n29/02/2027, 10:00 - A: no\n31/04/2027, 10:00 - A: no\n",
    )
    items = list(whatsapp.read(path))
    assert items[0].local_time == "2028-02-29 10:00:00"
    assert [type(i) for i in items[1:]] == [ParseProblem, ParseProblem]


def test_text_before_any_message_is_one_problem(tmp_path):
    path = write(tmp_path, "\nstray\nmore stray\n12/31/26, 21:50 - A: hi\n")
    assert list(whatsapp.read(path)) == [
        ParseProblem(2, "The line neither starts a message nor follows one."),
        ChatMessage(4, "A", None, "2026-12-31 21:50:00", None, "hi"),
    ]


def test_crlf_and_byte_order_mark(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ANDROID.read_bytes().replace(b"\n", b"\r\n"))
    assert list(whatsapp.read(path)) == list(whatsapp.read(ANDROID))


names = (
    st.text(alphabet=st.sampled_from("AbZ小明 🌟_."), min_size=1, max_size=8)
    .map(str.strip)
    .filter(bool)
)
bodies = st.lists(
    st.text(alphabet=st.sampled_from("ab #打卡🎉:-[]\t"), max_size=12).filter(
        lambda s: s.strip() == s and s
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=80, deadline=None)
@given(
    messages=st.lists(st.tuples(names, bodies, st.integers(0, 23), st.integers(0, 59)), max_size=6)
)
def test_messages_come_back_as_written(tmp_path_factory, messages):
    lines = []
    for name, body, hour, minute in messages:
        lines.append(f"31/12/2026, {hour:02d}:{minute:02d} - {name}: " + "\n".join(body))
    path = tmp_path_factory.mktemp("wa") / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(whatsapp.read(path))
    assert [(i.sender, i.text, i.local_time) for i in items] == [
        (name, "\n".join(body), f"2026-12-31 {hour:02d}:{minute:02d}:00")
        for name, body, hour, minute in messages
    ]


def test_sniff_accepts_whatsapp_and_refuses_the_other_formats():
    for path in (ANDROID, IOS, TWELVE_HOUR, DOTTED):
        assert whatsapp.sniff(head_of(path), path), path.name
    for other in (
        "telegram_result.json",
        "discord.json",
        "discord.csv",
        "qq.txt",
        "plain.csv",
        "wechat.csv",
    ):
        assert not whatsapp.sniff(head_of(EXPORTS / other), EXPORTS / other), other
    for reader in (telegram, discord, qq, plain_csv):
        assert not reader.sniff(head_of(ANDROID), ANDROID), reader.FORMAT
        assert not reader.sniff(head_of(IOS), IOS), reader.FORMAT
