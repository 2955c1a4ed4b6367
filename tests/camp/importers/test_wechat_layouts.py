"""WeChat CSVs as each export tool writes them.

Fixtures (under tests/data/exports/), each written as the tool's CSV writer writes it:

- ``wechat_pywxdump.csv``: PyWxDump's current export (``pywxdump/api/export/exportCSV.py``):
  UTF-8, ``csv.writer`` with QUOTE_MINIMAL, columns ``id, MsgSvrID, type_name, is_sender,
  talker, room_name, msg, src, CreateTime``; ``talker`` the sender's wxid, ``我`` for the
  one who exported, ``未知`` / ``系统`` where it found none; ``type_name`` from its
  ``type_converter`` (文本, 图片, 语音, 动画表情, 文件, 系统通知, 消息撤回1, 引用回复, 拍一拍 ...);
  ``msg`` as its ``get_msg_detail`` makes it (``图片``, ``语音时长：3.20秒``, a quote reply
  followed by ``\\n\\n[引用](time)name:text``); ``CreateTime`` local time.
- ``wechat_pywxdump_older.csv``: PyWxDump's older export (``pywxdump/analyzer/export_chat.py``):
  ``content`` instead of ``msg, src``, a ``json.dumps`` of ``{"src": ..., "msg": ...}``.
- ``wechat_memotrace.csv``: WeChatMsg / MemoTrace 1.x (``app/DataBase/exporter_csv.py``):
  UTF-8 with a BOM, ``localId ... StrContent, StrTime, Remark, NickName, Sender``.
- ``wechat_liuhen.csv``: 留痕 (MemoTrace 2.x, ``exporter/exporter_csv.py``): UTF-8 with a
  BOM, ``消息ID, 类型, 发送人, 时间, 内容, 备注, 昵称, 更多信息``; 类型 from ``MessageType.name``
  (文本, 图片, 语音, 表情包, 文件, 系统消息, 引用消息, 拍一拍 ...), 内容 from ``to_text()``
  (``【图片】``, ``【语音】text``, a quote as ``text\\n引用：name: text``).
- ``wechat_liuhen_wxid.csv``: the later 留痕 layout ``消息ID, 类型, wxid, 时间, 内容, 备注,
  群昵称, 昵称``.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from camp.importers import detect_format, plain_csv, wechat
from camp.importers.base import ChatMessage, Layout, ParseProblem

EXPORTS = Path(__file__).parents[2] / "data" / "exports"
ROOM = "34567890123@chatroom"
ID = "72350123456789010"


def read(name: str) -> list[Any]:
    return list(wechat.read(EXPORTS / name))


def test_pywxdump_current_layout():
    items = read("wechat_pywxdump.csv")

    assert items[0] == Layout(
        "PyWxDump CSV (current, msg column)",
        None,
        "line 1: the columns id, MsgSvrID, type_name, is_sender, talker, room_name, msg, src,"
        " CreateTime",
    )
    assert items[1:] == [
        ChatMessage(
            2,
            "",
            None,
            "2024-03-01 08:00:00",
            None,
            '"小明"邀请"小红"加入了群聊',
            "system",
            ID + "01",
        ),
        ChatMessage(
            3,
            "wxid_xm001",
            "wxid_xm001",
            "2024-03-01 08:05:00",
            None,
            "#打卡 第一天 📚",
            "text",
            ID + "02",
        ),
        ChatMessage(
            4,
            "wxid_alice",
            "wxid_alice",
            "2024-03-01 08:06:00",
            None,
            '#checkin day 1\nread 30 pages, "Dune"',
            "text",
            ID + "03",
        ),
        ChatMessage(
            6, "wxid_xm001", "wxid_xm001", "2024-03-01 08:07:00", None, "[图片]", "text", ID + "04"
        ),
        ChatMessage(
            7, "wxid_alice", "wxid_alice", "2024-03-01 08:08:00", None, "[语音]", "text", ID + "05"
        ),
        ChatMessage(
            9, "wxid_xm001", "wxid_xm001", "2024-03-01 08:09:00", None, "[表情]", "text", ID + "06"
        ),
        ChatMessage(
            10, "wxid_alice", "wxid_alice", "2024-03-01 08:10:00", None, "[文件]", "text", ID + "07"
        ),
        ChatMessage(
            11,
            "wxid_xm001",
            "wxid_xm001",
            "2024-03-01 08:11:00",
            None,
            '"小明" 撤回了一条消息',
            "recalled",
            ID + "08",
        ),
        # A quote reply is its own text, without the quoted check-in of another member.
        ChatMessage(
            12,
            "wxid_hong",
            "wxid_hong",
            "2024-03-01 08:12:00",
            None,
            "#打卡 第一天",
            "text",
            ID + "09",
        ),
        ChatMessage(
            15,
            "系统",
            None,
            "2024-03-01 08:13:00",
            None,
            '"小明" 拍了拍 "小红"',
            "system",
            ID + "10",
        ),
        ChatMessage(16, "我", None, "2024-03-01 08:14:00", None, "#打卡 我也来", "text", ID + "11"),
        ParseProblem(
            17,
            "Row has no sender: the export tool wrote 未知, it could not tell who sent the message.",
        ),
        ChatMessage(
            18,
            "wxid_alice",
            "wxid_alice",
            "2024-03-01 08:16:00",
            None,
            "[(分享)卡片式链接]",
            "text",
            ID + "13",
        ),
    ]


def test_pywxdump_older_layout_reads_the_msg_of_its_json_content():
    items = read("wechat_pywxdump_older.csv")

    assert items[0].name == "PyWxDump CSV (older, JSON content column)"
    assert [(m.line, m.sender_id, m.text, m.kind) for m in items[1:]] == [
        (2, None, '"小明"邀请"小红"加入了群聊', "system"),
        (3, "wxid_xm001", "#打卡 第一天 📚", "text"),
        (4, "wxid_alice", '#checkin day 1\nread 30 pages, "Dune"', "text"),
        (5, "wxid_xm001", "[图片]", "text"),
        (6, "wxid_alice", "[语音]", "text"),
        (7, "wxid_xm001", "[表情]", "text"),
        (8, "wxid_alice", "[文件]", "text"),
        (9, "wxid_xm001", '"小明" 撤回了一条消息', "recalled"),
        (10, "wxid_hong", "#打卡 第一天", "text"),
    ]


def test_liuhen_layout():
    items = read("wechat_liuhen.csv")

    assert items[0].name == "留痕 CSV (消息ID, 类型, 发送人, 时间, 内容)"
    assert items[1:] == [
        ChatMessage(
            2,
            "",
            None,
            "2024-03-01 08:00:00",
            None,
            '"小明"邀请"小红"加入了群聊',
            "system",
            ID + "01",
        ),
        ChatMessage(
            3, "小明", None, "2024-03-01 08:05:00", None, "#打卡 第一天 📚", "text", ID + "02"
        ),
        ChatMessage(
            4,
            "Alice Smith",
            None,
            "2024-03-01 08:06:00",
            None,
            '#checkin day 1\nread 30 pages, "Dune"',
            "text",
            ID + "03",
        ),
        ChatMessage(6, "小明", None, "2024-03-01 08:07:00", None, "[图片]", "text", ID + "04"),
        ChatMessage(
            7, "Alice Smith", None, "2024-03-01 08:08:00", None, "[语音]", "text", ID + "05"
        ),
        ChatMessage(8, "小明", None, "2024-03-01 08:09:00", None, "[表情]", "text", ID + "06"),
        ChatMessage(
            9, "Alice Smith", None, "2024-03-01 08:10:00", None, "[文件]", "text", ID + "07"
        ),
        ChatMessage(
            10,
            "",
            None,
            "2024-03-01 08:11:00",
            None,
            '"小明" 撤回了一条消息',
            "recalled",
            ID + "08",
        ),
        ChatMessage(
            11, "小红", None, "2024-03-01 08:12:00", None, "#打卡 第一天", "text", ID + "09"
        ),
        ChatMessage(
            13, "", None, "2024-03-01 08:13:00", None, '"小明" 拍了拍 "小红"', "system", ID + "10"
        ),
        ChatMessage(14, "小红", None, "2024-03-01 08:14:00", None, "[视频]", "text", ID + "11"),
    ]


def test_liuhen_layout_with_wxids_and_group_nicknames():
    items = read("wechat_liuhen_wxid.csv")

    assert items[0].name == "留痕 CSV (消息ID, 类型, wxid, 时间, 内容, 群昵称)"
    assert [(m.sender, m.sender_id, m.text, m.kind) for m in items[1:]] == [
        (ROOM, ROOM, '"小明"邀请"小红"加入了群聊', "system"),
        ("小明同学", "wxid_xm001", "#打卡 第一天 📚", "text"),
        ("小红", "wxid_hong", "#打卡", "text"),
        ("小红", "wxid_hong", "[图片]", "text"),
    ]


def test_wechatmsg_layout_is_named():
    [layout] = [item for item in read("wechat_memotrace.csv") if isinstance(item, Layout)]

    assert layout.name == "WeChatMsg / MemoTrace CSV (localId ... StrContent, NickName, Sender)"


def test_wechatmsg_private_chat_rows_without_sender_columns_are_problems(tmp_path):
    # WeChatMsg 1.x writes the 12-column header and leaves the last three off in a
    # private chat.
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
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
        )
        writer.writerow([1, 3, 1, 0, 0, 1709251200, 2, "#打卡", "2024-03-01 08:00:00"])
        writer.writerow(
            [2, 3, 49, 6, 0, 1709251260, 2, "", "2024-03-01 08:01:00", "A", "A", "wxid_a"]
        )
        writer.writerow(
            [3, 3, 49, 57, 0, 1709251320, 2, "", "2024-03-01 08:02:00", "A", "A", "wxid_a"]
        )

    assert list(wechat.read(path))[1:] == [
        ParseProblem(2, "Row has no sender."),
        ChatMessage(3, "A", "wxid_a", "2024-03-01 08:01:00", 1709251260.0, "[文件]", "text", "2"),
        ChatMessage(4, "A", "wxid_a", "2024-03-01 08:02:00", 1709251320.0, "[引用]", "text", "3"),
    ]


def test_a_group_message_with_its_sender_before_the_content(tmp_path):
    # A dump of WeChat's MSG table: in a group the content starts with "wxid:\n".
    path = tmp_path / "msg.csv"
    path.write_text(
        "localId,StrTalker,Type,IsSender,CreateTime,StrContent\n"
        f'1,{ROOM},1,0,1709251200,"wxid_xm001:\n#打卡 第一天"\n'
        f'2,{ROOM},1,0,1709251260,"Note:\nnot a sender"\n',
        encoding="utf-8",
    )

    assert list(wechat.read(path))[1:] == [
        ChatMessage(2, "wxid_xm001", "wxid_xm001", None, 1709251200.0, "#打卡 第一天", "text", "1"),
        ParseProblem(4, "Row has no sender: it names the group, not who wrote."),
    ]


def test_an_unknown_header_says_what_it_found_and_what_it_looks_for(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("who,when,what\nA,2024-03-01 08:00,x\n", encoding="utf-8")

    [problem] = wechat.read(path)

    assert problem == ParseProblem(
        1,
        "The header is no WeChat export's: it has the columns who, when, what; the reader looks"
        f" for {wechat.LOOKS_FOR}. Give the file as the export tool wrote it, or --format csv"
        " for a plain member,time,text file.",
    )


def test_every_layout_is_detected_from_its_header_and_no_other_reader_takes_it():
    for name in (
        "wechat_pywxdump.csv",
        "wechat_pywxdump_older.csv",
        "wechat_memotrace.csv",
        "wechat_liuhen.csv",
        "wechat_liuhen_wxid.csv",
        "wechat.csv",
        "wechat_chinese.tsv",
    ):
        head = (EXPORTS / name).read_text(encoding="utf-8-sig")[:8192]
        assert wechat.sniff(head, Path(name)), name
        assert not plain_csv.sniff(head, Path(name)), name
        assert detect_format(EXPORTS / name) == "wechat", name


def test_sniff_never_raises_on_a_strange_first_line():
    for head in ("", "\r", "a\rb,c\n", '"unclosed,x\n', "\x00\x00\x00", "\ufeff"):
        assert not wechat.sniff(head, Path("x.csv"))


def test_raw_rate_of_a_large_pywxdump_export(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "id",
                "MsgSvrID",
                "type_name",
                "is_sender",
                "talker",
                "room_name",
                "msg",
                "src",
                "CreateTime",
            ]
        )
        for n in range(50_000):
            writer.writerow(
                [
                    n,
                    7235012345678900000 + n,
                    "文本",
                    0,
                    f"wxid_{n % 97}",
                    ROOM,
                    f"#打卡 第 {n} 天",
                    "",
                    f"2024-03-{1 + n % 28:02d} 08:{n % 60:02d}:00",
                ]
            )

    started = time.perf_counter()
    count = sum(1 for _ in wechat.read(path))
    elapsed = time.perf_counter() - started

    assert count == 50_001
    # Far below what it does alone (see the report), so a loaded machine passes too.
    assert count / elapsed > 50_000
