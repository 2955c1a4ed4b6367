"""QQ's text export: headers, badges, multi-line messages, system lines, damaged headers."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.importers import qq
from camp.importers.base import ChatMessage, Layout, ParseProblem

EXPORTS = Path(__file__).parents[2] / "data" / "exports"
SEPARATOR = "=" * 64
PREAMBLE = (
    f"消息记录（此消息记录为文本格式，不支持重新导入）\n\n{SEPARATOR}\n消息分组:我的QQ群\n"
    f"{SEPARATOR}\n消息对象:某某学习群\n{SEPARATOR}\n\n"
)

# First lines of the other formats a folder of exports may hold.
OTHER_HEADS = {
    "telegram": '{\n "name": "Study Camp",\n "type": "private_supergroup",\n "id": 1789012345,\n',
    "discord json": '{\n  "guild": {\n    "id": "900000000000000001",\n',
    "discord csv": "AuthorID,Author,Date,Content,Attachments,Reactions\n",
    "whatsapp android": "12/1/26, 08:01 - Alice: #checkin\n",
    "whatsapp ios": "[01/12/2026, 08:00:00] Alice: #checkin\n",
    "wechat csv": "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime\n",
    "plain csv": "member,time,text\nAlice,2024-03-01 08:00,#checkin\n",
}


def read_text(tmp_path: Path, text: str) -> list:
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    return without_layout(qq.read(path))


def without_layout(items) -> list:
    return [item for item in items if not isinstance(item, Layout)]


def test_reads_the_fixture_export():
    items = list(qq.read(EXPORTS / "qq.txt"))

    assert items == [
        Layout("QQ TXT (消息记录)", None, "dates written YYYY-MM-DD"),
        ChatMessage(
            9, "王老师", "10001", "2024-03-01 07:05:09", None, "欢迎大家！每天发 #打卡 记录学习。"
        ),
        ChatMessage(
            12,
            "张三 (学习中)",
            "123456789",
            "2024-03-01 08:03:12",
            None,
            "#打卡 背单词 50 个 📚\n阅读一篇\n\n第三段还在同一条消息里",
        ),
        ChatMessage(
            18, "Alice Smith", "alice@example.com", "2024-03-01 08:05:40", None, "#checkin day 1 😀"
        ),
        ChatMessage(
            21, "系统消息", "10000", "2024-03-01 09:00:00", None, "小红 加入本群。", "system"
        ),
        ChatMessage(24, "李四", "987654321", "2024-03-01 21:30:00", None, "[图片]"),
        ChatMessage(
            27, "李四", "987654321", "2024-03-01 21:31:02", None, "李四撤回了一条消息", "recalled"
        ),
        ParseProblem(30, "Message header has an impossible date or time: 2024-03-02 24:10:00."),
        ParseProblem(33, "Message header has no QQ number or email after the nickname."),
        ChatMessage(
            36,
            "四哥",
            "987654321",
            "2024-03-02 10:15:30",
            None,
            "#打卡 第二天 [表情]\n2024-03-02 的计划：复习",
        ),
        ChatMessage(46, "王五", "24680", "2024-03-02 11:00:00", None, "#打卡"),
    ]


def test_a_renamed_member_keeps_the_same_qq_number():
    messages = [item for item in qq.read(EXPORTS / "qq.txt") if isinstance(item, ChatMessage)]

    names = {m.sender for m in messages if m.sender_id == "987654321"}

    assert names == {"李四", "四哥"}


def test_badges_are_stripped_but_brackets_inside_the_nickname_stay(tmp_path):
    items = read_text(
        tmp_path,
        PREAMBLE + "2024-03-01 8:00:00 【管理员】 【活跃】 学霸【A班】(42)\n#打卡\n",
    )

    assert [(m.sender, m.sender_id) for m in items] == [("学霸【A班】", "42")]


def test_the_sender_id_is_the_last_bracketed_number(tmp_path):
    items = read_text(tmp_path, PREAMBLE + "2024-03-01 8:00:00 小明(2)(3)(777)\n#打卡\n")

    assert [(m.sender, m.sender_id) for m in items] == [("小明(2)(3)", "777")]


def test_a_header_right_after_content_starts_a_new_message(tmp_path):
    items = read_text(
        tmp_path,
        PREAMBLE + "2024-03-01 8:00:00 甲(1)\n第一条\n2024-03-01 8:01:00 乙(2)\n第二条\n",
    )

    assert [(m.line, m.sender, m.text) for m in items] == [
        (9, "甲", "第一条"),
        (11, "乙", "第二条"),
    ]


def test_windows_line_endings_and_a_bom_are_read_like_unix_ones(tmp_path):
    path = tmp_path / "export.txt"
    text = PREAMBLE + "2024-03-01 8:00:00 甲(1)\n#打卡\n第二行\n\n2024-03-01 23:59:59 乙(2)\n晚安\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))

    items = without_layout(qq.read(path))

    assert [(m.line, m.local_time, m.text) for m in items] == [
        (9, "2024-03-01 08:00:00", "#打卡\n第二行"),
        (13, "2024-03-01 23:59:59", "晚安"),
    ]


def test_text_before_the_first_header_is_one_problem(tmp_path):
    items = read_text(tmp_path, "随便写的一行\n又一行\n\n2024-03-01 8:00:00 甲(1)\n#打卡\n")

    assert items == [
        ParseProblem(1, "Text outside any message (no header line before it)."),
        ChatMessage(4, "甲", "1", "2024-03-01 08:00:00", None, "#打卡"),
    ]


def test_an_impossible_calendar_date_is_a_problem(tmp_path):
    items = read_text(
        tmp_path,
        PREAMBLE + "2023-02-29 8:00:00 甲(1)\n#打卡\n\n2024-02-29 8:00:00 甲(1)\n#打卡\n",
    )

    assert items == [
        ParseProblem(9, "Message header has an impossible date: 2023-02-29."),
        ChatMessage(12, "甲", "1", "2024-02-29 08:00:00", None, "#打卡"),
    ]


def test_a_header_without_content_is_an_empty_message(tmp_path):
    items = read_text(tmp_path, PREAMBLE + "2024-03-01 8:00:00 甲(1)\n\n2024-03-01 8:00:01 乙(2)\n")

    assert [(m.sender, m.text) for m in items] == [("甲", ""), ("乙", "")]


def test_an_empty_file_has_no_messages(tmp_path):
    assert read_text(tmp_path, "") == []


def test_sniff_recognises_the_export_with_and_without_its_header_block():
    head = (EXPORTS / "qq.txt").read_text(encoding="utf-8")[:8192]

    assert qq.sniff(head, Path("qq.txt"))
    assert qq.sniff("\n2024-03-01 8:00:00 甲(1)\n#打卡\n", Path("chat.txt"))


def test_sniff_refuses_the_other_formats():
    for name, head in OTHER_HEADS.items():
        assert not qq.sniff(head, Path("export")), name


def test_reading_streams_in_constant_memory(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write(PREAMBLE)
        for n in range(30_000):
            out.write(f"2024-03-01 {n % 24}:{n % 60:02d}:00 成员{n % 97}({n % 97 + 10001})\n")
            out.write(f"#打卡 第 {n} 条，内容写得长一些，好让整份文件有几兆字节大小\n\n")

    tracemalloc.start()
    count = sum(1 for item in qq.read(path) if isinstance(item, ChatMessage))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 30_000
    assert path.stat().st_size > 2_000_000
    assert peak < 500_000


nicknames = st.text(
    alphabet=st.characters(categories=("L", "N", "So"), include_characters=" ()【】-_"),
    min_size=1,
    max_size=12,
).filter(lambda name: name.strip() and not name.lstrip().startswith("【"))
content_lines = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "So", "Zs")), min_size=1, max_size=30
).filter(lambda line: line.strip() and not line[0].isdigit())
messages = st.lists(
    st.tuples(
        nicknames,
        st.integers(10001, 10**11),
        st.integers(0, 23),
        st.integers(0, 59),
        st.lists(content_lines, min_size=1, max_size=4),
    ),
    max_size=8,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(messages)
def test_what_is_written_in_the_layout_is_read_back(tmp_path, written):
    parts, expected, line = [PREAMBLE], [], PREAMBLE.count("\n") + 1
    for name, number, hour, minute, lines in written:
        parts.append(f"2024-03-05 {hour}:{minute:02d}:07 {name}({number})\n")
        parts.append("\n".join(lines) + "\n\n")
        time = f"2024-03-05 {hour:02d}:{minute:02d}:07"
        expected.append((line, name.strip(), str(number), time, "\n".join(lines)))
        line += len(lines) + 2

    items = read_text(tmp_path, "".join(parts))

    assert [(m.line, m.sender, m.sender_id, m.local_time, m.text) for m in items] == expected
