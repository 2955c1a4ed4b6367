"""WhatsApp's "Export chat" text files, Android and iOS layouts.

The fixtures follow what WhatsApp writes (and what public parsers' test chats show, e.g.
chat-miner's and whatsapp-chat-parser's): whatsapp_android.txt Android en-US 24-hour
(``12/1/26, 08:00 - ``), whatsapp_ios.txt iOS en-GB with marks (``[01/12/2026,
08:00:00] ``), whatsapp_12h.txt Android en-US with U+202F before AM/PM,
whatsapp_dotted.txt Android de (``01.12.26, 21:50 - ``), whatsapp_ios_colon_names.txt iOS
en-GB whose group ("IELTS: Band 7") and a member ("Coach: Amy") have ": " in their
names (the mark after the ": " that ends a name, before notices and media markers),
whatsapp_android_colon_names.txt the same chat on Android en-GB (notices with no
sender, naming members and quoting subjects that hold ": ").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.errors import CampError
from camp.importers import discord, plain_csv, qq, telegram, whatsapp
from camp.importers.base import ChatMessage, Layout, ParseProblem

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


def read(path: Path, date_order: str | None = None) -> list:
    """The reader's items without its layouts."""
    return [i for i in whatsapp.read(path, date_order) if not isinstance(i, Layout)]


def layouts(path: Path, date_order: str | None = None) -> list[Layout]:
    return [i for i in whatsapp.read(path, date_order) if isinstance(i, Layout)]


def test_android_export_reads_system_lines_multi_line_messages_and_recalls():
    items = read(ANDROID)
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
    items = read(ANDROID)
    assert [i.local_time for i in items if isinstance(i, ChatMessage)][-3:] == [
        "2026-12-13 07:05:00",
        "2026-12-13 07:06:00",
        "2026-12-13 07:07:00",
    ]


def test_a_nickname_change_and_the_contacts_tilde():
    senders = [i.sender for i in read(ANDROID) if isinstance(i, ChatMessage)]
    assert "Xiaoming" in senders and "小明 Xiaoming" in senders and "小明" in senders


def test_an_impossible_timestamp_is_a_problem_and_its_continuation_is_dropped():
    items = read(ANDROID)
    problems = [i for i in items if isinstance(i, ParseProblem)]
    assert problems == [
        ParseProblem(
            15,
            "The timestamp '12/13/26, 25:61' is not a real date and time; the line and what "
            "follows it up to the next message are skipped.",
        )
    ]
    assert items[-1] == ChatMessage(
        17, "Alice", None, "2026-12-13 07:07:00", None, "back to normal"
    )


def test_ios_export_with_marks_seconds_and_group_notices():
    items = read(IOS)
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


def test_ios_names_holding_a_colon_end_at_the_mark_and_notices_make_no_member():
    items = read(EXPORTS / "whatsapp_ios_colon_names.txt")
    assert [(i.line, i.sender, i.kind, i.text) for i in items] == [
        (
            1,
            "IELTS: Band 7",
            "system",
            "Messages and calls are end-to-end encrypted. No one outside of this chat, "
            "not even WhatsApp, can read or listen to them.",
        ),
        (2, "IELTS: Band 7", "system", "Alice added Coach: Amy"),
        (3, "Alice", "text", "#checkin day 2"),
        # A member's media marker has the mark too, and stays the member's message.
        (4, "Coach: Amy", "text", "image omitted"),
        # Shown whole once, the long name is known without a mark after it.
        (5, "Coach: Amy", "text", "#checkin day 2: done"),
        (6, "IELTS: Band 7", "system", "Alice changed the subject to “IELTS: Band 8”"),
        (7, "IELTS: Band 7", "system", "Bob left"),
    ]


def test_ios_encryption_notice_without_its_mark_under_a_name_holding_a_colon(tmp_path):
    path = write(
        tmp_path,
        "[27/02/2024, 19:58:01] IELTS: Band 7: Messages and calls are end-to-end encrypted. "
        "No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
        "[27/02/2024, 20:15:03] Alice: note: #checkin\n",
    )
    items = read(path, "dmy")
    assert [(i.sender, i.kind) for i in items] == [("IELTS: Band 7", "system"), ("Alice", "text")]
    assert items[0].text.startswith("Messages and calls")
    assert items[1].text == "note: #checkin"


def test_android_notices_naming_or_quoting_a_colon_have_no_sender():
    items = read(EXPORTS / "whatsapp_android_colon_names.txt")
    assert [(i.line, i.sender, i.kind) for i in items] == [
        (1, "", "system"),
        (2, "", "system"),
        (3, "", "system"),
        (4, "", "system"),
        (5, "Alice", "text"),
        (6, "", "system"),
        (7, "", "system"),
    ]
    assert items[2].text == "Alice added Coach: Amy"
    assert items[5].text == "Alice removed Coach: Amy"


def test_twelve_hour_clock_with_narrow_no_break_spaces():
    items = read(TWELVE_HOUR)
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


def test_dotted_dates_that_fit_both_orders_are_refused_until_the_operator_says():
    with pytest.raises(CampError) as refused:
        read(DOTTED)
    sentence = str(refused.value)
    assert "line 1 has 01.12.26" in sentence and "line 2 has 02.12.26" in sentence
    assert "--date-order dmy, mdy or ymd" in sentence
    assert [i.local_time for i in read(DOTTED, "dmy")] == [
        "2026-12-01 21:50:00",
        "2026-12-02 06:05:00",
    ]
    assert layouts(DOTTED, "dmy") == [
        Layout("WhatsApp Android (d.m.yy, 24-hour)", "dmy", "--date-order dmy")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A field above twelve settles it, wherever it is in the file, for every line.
        ("03/04/26, 10:00 - A: x\n25/04/26, 10:00 - A: y\n", "2026-04-03 10:00:00"),
        ("03/04/2026, 10:00 - A: x\n04/25/2026, 10:00 - A: y\n", "2026-03-04 10:00:00"),
        # Read month-first, 12/11 -> 01/12 would go from 11 December back to 12 January.
        ("12/11/26, 10:00 - A: x\n01/12/26, 10:00 - A: y\n", "2026-11-12 10:00:00"),
        # Read day-first, 11/12 -> 12/01 would go from 11 December back to 12 January.
        ("[11/12/26, 10:00:00] A: x\n[12/01/26, 10:00:00] A: y\n", "2026-11-12 10:00:00"),
        # A four-digit first field is the year.
        ("2019/01/02, 11:25 - A: x\n", "2019-01-02 11:25:00"),
        # The same day and month either way: nothing to decide.
        ("03/03/26, 10:00 - A: x\n", "2026-03-03 10:00:00"),
    ],
)
def test_day_month_order_is_decided_from_evidence_in_the_whole_file(tmp_path, text, expected):
    assert read(write(tmp_path, text))[0].local_time == expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # No evidence: both orders fit and run forward.
        ("03/04/26, 10:00 - A: x\n", ["line 1 has 03/04/26"]),
        # The measured case: 1-4 December written day-first, which reads as 12 January,
        # 12 February, 12 March, 12 April month-first.
        (
            "".join(f"0{d}/12/26, 20:0{d} - A: #checkin\n" for d in range(1, 5)),
            ["line 1 has 01/12/26", "line 4 has 04/12/26"],
        ),
        # Conflicting evidence in one layout.
        (
            "13/01/26, 10:00 - A: x\n01/13/26, 10:00 - A: y\n",
            ["line 1 has 13/01/26", "line 2 has 01/13/26"],
        ),
        # Backwards in time either way: the file is not in order, chronology says nothing.
        (
            "01/02/26, 10:00 - A: x\n02/01/26, 10:00 - A: y\n01/02/26, 10:00 - A: z\n",
            ["line 2 (02/01/26 → 2 January 2026)", "line 3 (01/02/26 → 2 January 2026)"],
        ),
    ],
)
def test_undecidable_or_conflicting_dates_are_refused_before_any_message(tmp_path, text, shown):
    with pytest.raises(CampError) as refused:
        next(iter(whatsapp.read(write(tmp_path, text))))
    sentence = str(refused.value)
    assert "give --date-order dmy, mdy or ymd." in sentence
    for part in shown:
        assert part in sentence, sentence


def test_the_operators_order_settles_conflicting_dates_and_dates_impossible_in_it_are_problems(
    tmp_path,
):
    path = write(
        tmp_path, "03/04/26, 10:00 - A: x\n13/04/26, 10:00 - A: y\n04/13/26, 10:00 - A: z\n"
    )
    items = list(whatsapp.read(path, "mdy"))
    assert items[0] == Layout("WhatsApp Android (m/d/yy, 24-hour)", "mdy", "--date-order mdy")
    assert items[1].local_time == "2026-03-04 10:00:00"
    assert isinstance(items[2], ParseProblem) and items[2].line == 2
    assert "--date-order mdy" in items[2].reason and "month-first" in items[2].reason
    assert items[3].local_time == "2026-04-13 10:00:00"


def test_the_operators_order_that_the_dates_contradict_refuses_the_file(tmp_path):
    path = write(
        tmp_path,
        "27/02/2024, 19:58 - Alice: #checkin\n28/02/2024, 08:00 - Alice: #checkin\n"
        "01/03/2024, 08:00 - Alice: #checkin\n02/03/2024, 08:00 - Alice: #checkin\n",
    )
    with pytest.raises(CampError) as refused:
        whatsapp.read(path, "mdy")  # before any item
    assert str(refused.value) == (
        "chat.txt: --date-order mdy contradicts the dates of WhatsApp Android (d/m/yyyy or "
        "m/d/yyyy, 24-hour): line 1 has 27/02/2024, which cannot be month-first; give "
        "--date-order dmy, or leave the option out and the file's dates decide."
    )
    # Only chronology shows it: read month-first, 01/04 would come before 12/03.
    path = write(tmp_path, "12/03/2024, 10:00 - A: x\n01/04/2024, 10:00 - A: y\n")
    with pytest.raises(CampError, match=r"line 2 \(01/04/2024 → 4 January 2024\) would come"):
        whatsapp.read(path, "mdy")
    assert [m.local_time for m in read(path, "dmy")] == [
        "2024-03-12 10:00:00",
        "2024-04-01 10:00:00",
    ]


def test_the_layout_comes_first_with_its_evidence():
    assert layouts(ANDROID) == [
        Layout("WhatsApp Android (m/d/yy, 24-hour)", "mdy", "line 13 has 12/13/26")
    ]
    assert layouts(IOS) == [
        Layout("WhatsApp iOS (d/m/yyyy, 24-hour)", "dmy", "line 3 has 31/12/2026")
    ]
    assert isinstance(next(whatsapp.read(TWELVE_HOUR)), Layout)


def test_leap_days_and_impossible_dates(tmp_path):
    path = write(
        tmp_path,
        "29/02/2028, 10:00 - A: ok\n29/02/2027, 10:00 - A: no\n31/04/2027, 10:00 - A: no\n",
    )
    items = read(path)
    assert items[0].local_time == "2028-02-29 10:00:00"
    assert [type(i) for i in items[1:]] == [ParseProblem, ParseProblem]


def test_a_date_in_no_order_is_a_problem_and_not_a_date_that_reads_either_way(tmp_path):
    path = write(tmp_path, "32/13/2024, 10:00 - A: #checkin\n05/05/2024, 10:00 - A: #checkin\n")
    items = list(whatsapp.read(path))
    assert items[0] == Layout(
        "WhatsApp Android (d/m/yyyy, 24-hour)",
        "dmy",
        "every real date reads the same either way (line 2: 05/05/2024; "
        "line 1: 32/13/2024 is no date in any order)",
    )
    assert isinstance(items[1], ParseProblem) and items[1].line == 1
    assert "'32/13/2024, 10:00' is not a real date" in items[1].reason
    assert [i.line for i in items if isinstance(i, ChatMessage)] == [2]


def test_text_before_any_message_is_one_problem(tmp_path):
    path = write(tmp_path, "\nstray\nmore stray\n12/31/26, 21:50 - A: hi\n")
    assert read(path) == [
        ParseProblem(
            2,
            "The line neither starts a message nor follows one; a message starts with its "
            "date and time, e.g. '31/12/26, 21:50 - Name: text'.",
        ),
        ChatMessage(4, "A", None, "2026-12-31 21:50:00", None, "hi"),
    ]


def test_crlf_and_byte_order_mark(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ANDROID.read_bytes().replace(b"\n", b"\r\n"))
    assert read(path) == read(ANDROID)


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
    lines.append("31/12/2026, 23:59 - Z: end")
    path = tmp_path_factory.mktemp("wa") / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)[:-1]
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
