"""WeChat CSV exports: WeChatMsg / 留痕 columns, generic and Chinese headers, bad rows."""

from __future__ import annotations

import csv
import tracemalloc
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.importers import wechat
from camp.importers.base import MAX_RECORD_CHARS, ChatMessage, Layout, ParseProblem

EXPORTS = Path(__file__).parents[2] / "data" / "exports"
MEMOTRACE_HEADER = [
    "localId",
    "TalkerId",
    "Type",
    "SubType",
    "IsSender",
    "CreateTime",
    "Status",
    "StrContent",
    "StrTime",
    "Remark",
    "NickName",
    "Sender",
]

OTHER_HEADS = {
    "telegram": '{\n "name": "Study Camp",\n "type": "private_supergroup",\n "id": 1789012345,\n',
    "discord json": '{\n  "guild": {\n    "id": "900000000000000001",\n',
    "discord csv": "AuthorID,Author,Date,Content,Attachments,Reactions\n",
    "whatsapp android": "12/1/26, 08:01 - Alice: #checkin\n",
    "whatsapp ios": "[01/12/2026, 08:00:00] Alice: #checkin\n",
    "qq": "消息记录（此消息记录为文本格式，不支持重新导入）\n\n" + "=" * 64 + "\n",
    "plain csv": "member,time,text\nAlice,2024-03-01 08:00,#checkin\n",
    "plain csv with id": "id,name,date,message\n",
}


def messages(path: Path) -> list[Any]:
    """What the reader yields for ``path`` after its one Layout, which comes first."""
    items = list(wechat.read(path))
    assert isinstance(items[0], Layout)
    assert not any(isinstance(item, Layout) for item in items[1:])
    return items[1:]


def write_rows(path: Path, rows: list[list[object]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows(rows)
    return path


def test_reads_a_wechatmsg_memotrace_export():
    items = messages(EXPORTS / "wechat_memotrace.csv")

    assert items == [
        ChatMessage(
            2,
            "",
            None,
            "2024-03-01 08:00:00",
            1709251200.0,
            '"小明"邀请"小红"加入了群聊',
            "system",
            "1",
        ),
        ChatMessage(
            3,
            "小明",
            "wxid_xm001",
            "2024-03-01 08:05:00",
            1709251500.0,
            "#打卡 第一天 📚",
            message_id="2",
        ),
        ChatMessage(
            4,
            "Alice Smith",
            "wxid_alice",
            "2024-03-01 08:06:00",
            1709251560.0,
            '#checkin day 1\nread 30 pages, "Dune", chapter 2',
            message_id="3",
        ),
        ChatMessage(
            6, "小明", "wxid_xm001", "2024-03-01 08:07:00", 1709251620.0, "[图片]", message_id="4"
        ),
        ChatMessage(
            7, "小明", "wxid_xm001", "2024-03-01 08:08:00", 1709251680.0, "[表情]", message_id="5"
        ),
        ChatMessage(
            8,
            "",
            None,
            "2024-03-01 08:09:00",
            1709251740.0,
            '"小明" 撤回了一条消息',
            "recalled",
            "6",
        ),
        ChatMessage(
            9,
            "明明同学",
            "wxid_xm001",
            "2024-03-02 08:05:00",
            1709337900.0,
            "#打卡 第二天",
            message_id="7",
        ),
        ParseProblem(10, "Row has 3 of the header's 12 fields."),
        ParseProblem(11, "Row has a time that cannot be read: 'yesterday'."),
        ChatMessage(
            12,
            "红红",
            "wxid_hong",
            "2024-03-02 09:00:00",
            1709341200.0,
            "#打卡 ✅",
            message_id="10",
        ),
    ]


def test_reads_a_generic_lowercase_export():
    items = messages(EXPORTS / "wechat.csv")

    assert items == [
        ChatMessage(2, "王老师", "wxid_teacher", "2024-03-01 07:30:00", None, "欢迎！每天发 #打卡"),
        ChatMessage(
            3,
            "李四 (四哥)",
            "wxid_lisi",
            "2024-03-01 21:00:05",
            None,
            "#打卡 背单词\n听力 20 分钟 🎧",
        ),
        ChatMessage(5, "李四 (四哥)", "wxid_lisi", "2024-03-01 21:01:00", None, "[语音]"),
        ChatMessage(6, "", None, "2024-03-01 21:02:00", None, "你撤回了一条消息", "recalled"),
        ChatMessage(
            7,
            "王老师",
            "wxid_teacher",
            "2024-03-01 21:03:00",
            None,
            "王老师 修改群名为“考研英语”",
            "system",
        ),
        ParseProblem(8, "Row has a time that cannot be read: '2024-13-02 08:00:00'."),
        ParseProblem(9, "Row has no sender."),
        ChatMessage(10, "Bob", "wxid_bob", "2024-03-02 08:05:00", None, "#checkin"),
    ]


def test_reads_chinese_headers_separated_by_tabs():
    items = messages(EXPORTS / "wechat_chinese.tsv")

    assert items == [
        ChatMessage(2, "张三", "wxid_zs", "2024-03-01 08:00:00", None, "#打卡 第一天"),
        ChatMessage(3, "张三", "wxid_zs", "2024-03-01 08:01:00", None, "[图片]"),
        ChatMessage(
            4, "", None, "2024-03-01 08:02:00", None, '"张三"邀请"李四"加入了群聊', "system"
        ),
        ChatMessage(5, "李四", "wxid_ls", None, 1709252000.0, "#打卡\t今天也在"),
    ]


def test_semicolons_columns_in_any_order_and_milliseconds(tmp_path):
    path = write_rows(
        tmp_path / "export.csv",
        [
            ["Time", "Content", "Type", "Sender", "StrTalker"],
            ["1709251200123", "#checkin; with a semicolon", "1", "Alice", "room@chatroom"],
        ],
        delimiter=";",
    )

    assert messages(path) == [
        ChatMessage(2, "Alice", None, None, 1709251200.123, "#checkin; with a semicolon")
    ]


def test_a_header_without_a_content_column_is_one_problem(tmp_path):
    path = write_rows(
        tmp_path / "export.csv",
        [["talker", "sender", "type", "time"], ["r", "Alice", "1", "2024-03-01 08:00:00"]],
    )

    [problem] = wechat.read(path)

    assert problem == ParseProblem(1, problem.reason)
    assert problem.reason.startswith(
        "The header is no WeChat export's: it has the columns talker, sender, type, time;"
        " the reader looks for the header of a WeChat export tool's CSV, e.g. PyWxDump's"
    )


def test_a_private_chat_export_without_sender_columns_is_one_problem(tmp_path):
    path = write_rows(
        tmp_path / "export.csv",
        [MEMOTRACE_HEADER[:9], [1, 3, 1, 0, 0, 1709251200, 2, "hi", "2024-03-01 08:00:00"]],
    )

    assert list(wechat.read(path)) == [
        ParseProblem(
            1,
            "The header has no sender column (NickName, sender, talker, 发送人 or wxid): it has"
            " the columns localId, TalkerId, Type, SubType, IsSender, CreateTime, Status,"
            " StrContent, StrTime; a private chat's export names no sender.",
        )
    ]


def test_an_impossible_day_of_the_month_is_a_problem(tmp_path):
    path = write_rows(
        tmp_path / "export.csv",
        [["sender", "type", "content", "time"], ["Alice", "1", "#checkin", "2023-02-29 08:00:00"]],
    )

    assert messages(path) == [
        ParseProblem(2, "Row has a time that cannot be read: '2023-02-29 08:00:00'.")
    ]


def test_blank_lines_are_skipped_and_an_empty_file_has_no_messages(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("sender,type,content,time\n\nAlice,1,#checkin,2024-03-01 08:00:00\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")

    assert [item.line for item in messages(path)] == [3]
    assert list(wechat.read(empty)) == []


def test_a_long_field_is_read_and_a_record_over_the_cap_is_one_problem(tmp_path):
    path = tmp_path / "export.csv"
    long = "<msg>" + "x" * 200_000 + "</msg>"
    huge = "<msg>" + "x" * MAX_RECORD_CHARS + "</msg>"
    path.write_text(
        "sender,type,content,time\n"
        f'Alice,49,"{long}",2024-03-01 08:00:00\n'
        f'Alice,49,"{huge}",2024-03-01 08:00:30\n'
        "Bob,1,#checkin,2024-03-01 08:01:00\n"
    )

    assert messages(path) == [
        ChatMessage(2, "Alice", None, "2024-03-01 08:00:00", None, "[链接]"),
        ParseProblem(
            3,
            f"The record is longer than {MAX_RECORD_CHARS:,} characters, more than any chat"
            " message: it is skipped.",
        ),
        ChatMessage(4, "Bob", None, "2024-03-01 08:01:00", None, "#checkin"),
    ]


def test_sniff_recognises_every_fixture():
    for name in ("wechat.csv", "wechat_memotrace.csv", "wechat_chinese.tsv"):
        head = (EXPORTS / name).read_text(encoding="utf-8-sig")[:8192]
        assert wechat.sniff(head, Path(name)), name


def test_sniff_refuses_the_other_formats():
    for name, head in OTHER_HEADS.items():
        assert not wechat.sniff(head, Path("export")), name


def test_reading_streams_in_constant_memory(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(MEMOTRACE_HEADER)
        for n in range(30_000):
            name = f"成员{n % 97}"
            text = f"#打卡 第 {n} 条，写得长一些，让文件变大"
            created = 1709251200 + n
            writer.writerow(
                [
                    n,
                    3,
                    1,
                    0,
                    0,
                    created,
                    2,
                    text,
                    "2024-03-01 08:00:00",
                    name,
                    name,
                    f"wxid_{n % 97}",
                ]
            )

    tracemalloc.start()
    count = sum(1 for _ in wechat.read(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 30_001  # and the layout
    assert path.stat().st_size > 2_000_000
    assert peak < 500_000


texts = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"), include_characters='\n,;\t"'),
    max_size=40,
)
senders = st.text(alphabet=st.characters(categories=("L", "N", "So")), min_size=1, max_size=10)
rows = st.lists(st.tuples(senders, st.integers(1_000_000_000, 2_000_000_000), texts), max_size=10)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows)
def test_what_an_export_tool_writes_is_read_back(tmp_path, written):
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(MEMOTRACE_HEADER)
        for n, (sender, created, text) in enumerate(written):
            writer.writerow([n, 3, 1, 0, 0, created, 2, text, "", sender, sender, f"wxid_{n}"])

    items = messages(path)

    assert [(m.sender, m.sender_id, m.epoch, m.text) for m in items] == [
        (sender, f"wxid_{n}", float(created), text)
        for n, (sender, created, text) in enumerate(written)
    ]
    # Each record starts on the line after the previous one's last line.
    expected_lines, line = [], 2
    for _, _, text in written:
        expected_lines.append(line)
        line += text.count("\n") + 1
    assert [m.line for m in items] == expected_lines
