"""qq-chat-exporter's TXT, JSON and JSONL exports, read through ``--format qq``.

The fixtures follow the exporter's own writers (shuakami/qq-chat-exporter, the NapCat
plugin under ``plugins/qq-chat-exporter/lib/core/exporter``):

- ``qq_chat_exporter.txt``: ``TextExporter`` of QQChatExporter V5 with its default
  options: the banner and header block, one ``name:`` / ``时间:`` / ``内容:`` block per
  message with its ``资源:`` / ``提及:`` / ``回复:`` lines, two blank lines between
  blocks, the ``导出完成`` footer (as in its ``TextExporter.groupMixedMedia`` snapshot).
  Grey tips are named "0" (the exporter falls back to the uin "0" for them); a member
  without any name is shown by uid.
- ``qq_chat_exporter.json``: ``JsonExporter`` of V5 in its streaming single-file mode:
  ``metadata``, ``chatInfo`` and ``statistics`` on one line each, then one compact
  message object (``convertParsedToClean``: id, seq, timestamp in ms, local time,
  sender uid/uin/name, content text/elements/resources, recalled, system) per line.
- ``qq_chat_exporter_v4.json``: ``JsonExporter`` of V4, pretty-printed, which wrote the
  parsed message itself: messageId, messageSeq, an ISO timestamp in UTC, isRecalled,
  isSystemMessage, rawMessage.
- The chunked JSONL export (``chunks/c000001.jsonl``) is built in the tests from the
  V5 messages, one per line as ``ChunkedJsonlWriter`` writes them.

Three ``[图片]`` posted by one member in the same second (as QQ groups do with bursts
of images) are three messages, each with its own id where the layout writes one.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.importers import (
    base,
    detect_format,
    discord,
    plain_csv,
    qq,
    qq_exporter,
    telegram,
    wechat,
    whatsapp,
)
from camp.importers.base import ChatMessage, Layout, ParseProblem

EXPORTS = Path(__file__).parents[2] / "data" / "exports"
TXT = EXPORTS / "qq_chat_exporter.txt"
JSON = EXPORTS / "qq_chat_exporter.json"
JSON_V4 = EXPORTS / "qq_chat_exporter_v4.json"
MINE = (TXT, JSON, JSON_V4, EXPORTS / "qq.txt", EXPORTS / "qq_burst.txt")
THEIRS = (
    "telegram_result.json",
    "telegram_full_export.json",
    "discord.json",
    "discord.csv",
    "whatsapp_android.txt",
    "whatsapp_ios.txt",
    "whatsapp_12h.txt",
    "whatsapp_dotted.txt",
    "wechat.csv",
    "wechat_chinese.tsv",
    "wechat_memotrace.csv",
    "plain.csv",
)
BANNER = (
    "[QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter]\n"
    "[本软件是免费的开源项目~ 如果您是买来的，请立即退款！如果有帮助到您，欢迎给我点个Star~]\n\n"
    "===============================================\n"
    "           QQ聊天记录导出文件\n"
    "===============================================\n\n"
    "聊天名称: 测试群\n聊天类型: 群聊\n导出时间: 2024-03-03 12:00:00\n\n\n"
)
FOOTER = (
    "\n===============================================\n"
    "              导出完成\n"
    "===============================================\n"
    "总计导出 1 条消息\n导出时间: 2024-03-03 12:00:00"
)
UID_XIAOMING = "u_Pq1rS2tU3vW4xY5zA6bC7d"


def head_of(path: Path) -> str:
    return path.read_bytes()[:8192].decode("utf-8", errors="replace").lstrip("\ufeff")


def messages_of(items) -> list:
    return [item for item in items if not isinstance(item, Layout)]


def write(tmp_path: Path, text: str, name: str = "export.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_txt_export_reads_names_times_content_and_grey_tips():
    items = list(qq.read(TXT))

    assert items == [
        Layout("qq-chat-exporter TXT", None, "local times written YYYY-MM-DD HH:MM:SS"),
        ChatMessage(
            16, "王老师", None, "2024-03-01 07:05:09", None, "欢迎大家！每天发 #打卡 记录学习。"
        ),
        ChatMessage(
            21,
            "张三 (学习中)",
            None,
            "2024-03-01 08:03:12",
            None,
            "#打卡 背单词 50 个 [[微笑]]\n阅读一篇\n\n第三段还在同一条消息里:",
        ),
        ChatMessage(29, "0", None, "2024-03-01 09:00:00", None, "小红 加入了群聊", "system"),
        ChatMessage(34, "李四", None, "2024-03-01 21:30:00", None, "[图片]"),
        ChatMessage(41, "李四", None, "2024-03-01 21:30:00", None, "[图片]"),
        ChatMessage(48, "李四", None, "2024-03-01 21:30:00", None, "[图片]"),
        ChatMessage(55, "0", None, "2024-03-01 21:31:02", None, "李四撤回了一条消息", "recalled"),
        ChatMessage(
            60, UID_XIAOMING, UID_XIAOMING, "2024-03-01 21:40:00", None, "[文件: 错题本.pdf]"
        ),
        ChatMessage(
            67,
            "李四",
            None,
            "2024-03-02 10:15:30",
            None,
            "[回复 u_7Qm3kLp9zXw2-RtYb8Nc1A: #打卡 背单词 50 个]\n#打卡 第二天 @王老师",
        ),
        ChatMessage(75, "王老师", None, "2024-03-02 10:20:00", None, "[语音 7秒]"),
        ChatMessage(
            82, "王五", None, "2024-03-02 11:00:00", None, "#打卡\n资源: 一行看着像资源的文字"
        ),
    ]


def test_json_export_reads_ids_instants_senders_and_flags():
    items = list(qq.read(JSON))

    assert items == [
        Layout("qq-chat-exporter JSON (V5)", None, 'instants from each message\'s "timestamp"'),
        ChatMessage(
            6,
            "王老师",
            "10001",
            "2024-03-01 07:05:09",
            1709247909.0,
            "欢迎大家！每天发 #打卡 记录学习。",
            "text",
            "7341000000000000001",
        ),
        ChatMessage(
            7,
            "张三 (学习中)",
            "123456789",
            "2024-03-01 08:03:12",
            1709251392.0,
            "#打卡 背单词 50 个 [[微笑]]\n阅读一篇",
            "text",
            "7341000000000000002",
        ),
        ChatMessage(
            8,
            "0",
            None,
            "2024-03-01 09:00:00",
            1709254800.0,
            "小红 加入了群聊",
            "system",
            "7341000000000000003",
        ),
        *(
            ChatMessage(
                9 + n,
                "李四",
                "987654321",
                "2024-03-01 21:30:00",
                1709299800.0,
                "[图片]",
                "text",
                f"734100000000000001{n}",
            )
            for n in range(3)
        ),
        ChatMessage(
            12,
            "李四",
            "987654321",
            "2024-03-01 21:31:02",
            1709299862.0,
            "#打卡 发错了",
            "recalled",
            "7341000000000000020",
        ),
        # uin "0": the member is known by uid.
        ChatMessage(
            13,
            "小明",
            UID_XIAOMING,
            "2024-03-01 21:40:00",
            1709300400.0,
            "[文件: 错题本.pdf]",
            "text",
            "7341000000000000021",
        ),
        ChatMessage(
            14,
            "李四",
            "987654321",
            "2024-03-02 10:15:30",
            1709345730.0,
            "[回复 u_7Qm3kLp9zXw2-RtYb8Nc1A: #打卡 背单词 50 个]\n#打卡 第二天",
            "text",
            "7341000000000000022",
        ),
        ChatMessage(
            15,
            "王老师",
            "10001",
            "2024-03-02 10:20:00",
            1709346000.0,
            "[语音 7秒]",
            "text",
            "7341000000000000023",
        ),
    ]


def test_v4_json_export_reads_iso_timestamps_and_its_flag_names():
    items = list(qq.read(JSON_V4))

    assert items[0] == Layout(
        "qq-chat-exporter JSON (V4)", None, 'instants from each message\'s "timestamp"'
    )
    assert [(m.sender, m.sender_id, m.epoch, m.text, m.kind, m.message_id) for m in items[1:]] == [
        ("王老师", "10001", 1699227000.0, "#打卡 早读 30 分钟", "text", "7299000000000000101"),
        (
            "李四",
            "987654321",
            1699227070.0,
            "[图片: 9F1E2D3C4B5A69788796A5B4C3D2E1F0.jpg]",
            "text",
            "7299000000000000102",
        ),
        ("李四", "987654321", 1699227120.0, "#打卡 补一张", "recalled", "7299000000000000103"),
        ("0", None, 1699228800.0, "[系统消息]", "system", "7299000000000000104"),
    ]


def chunk_of(tmp_path: Path, extra: tuple[str, ...] = ()) -> Path:
    lines = [
        line.strip().rstrip(",")
        for line in JSON.read_text(encoding="utf-8").splitlines()
        if line.startswith('    {"id"')
    ]
    return write(tmp_path, "\n".join([*lines, *extra]) + "\n", "c000001.jsonl")


def test_a_jsonl_chunk_reads_like_the_single_file_with_one_message_a_line(tmp_path):
    path = chunk_of(tmp_path)
    single = messages_of(qq.read(JSON))

    items = list(qq.read(path))

    assert items[0] == Layout(
        "qq-chat-exporter JSONL chunk", None, 'instants from each "timestamp"'
    )
    assert messages_of(items) == [m._replace(line=n) for n, m in enumerate(single, 1)]
    assert detect_format(path) == "qq"


def test_a_broken_jsonl_line_is_one_problem_and_reading_goes_on(tmp_path):
    path = chunk_of(tmp_path, ('{"id": "1", "sender": ', "", "[1, 2]"))

    problems = [item for item in qq.read(path) if isinstance(item, ParseProblem)]

    assert [p.line for p in problems] == [11, 13]
    assert problems[0].reason.startswith("The line is not a JSON message")
    assert problems[1].reason == "The line holds something that is not a message."


def test_a_burst_of_images_in_one_second_is_one_message_each():
    def burst(items):
        return [
            m
            for m in items
            if isinstance(m, ChatMessage) and m.text == "[图片]" and m.sender == "李四"
        ]

    in_json = burst(qq.read(JSON))
    in_txt = burst(qq.read(TXT))
    in_qq_txt = burst(qq.read(EXPORTS / "qq_burst.txt"))

    assert len(in_json) == 3 and len({m.epoch for m in in_json}) == 1
    assert len({m.message_id for m in in_json}) == 3
    assert len(in_txt) == 3 and len({m.local_time for m in in_txt}) == 1
    assert [m.line for m in in_qq_txt] == [9, 12, 15, 18]
    assert {m.local_time for m in in_qq_txt} == {"2024-03-01 21:30:00"}


def test_broken_json_messages_are_problems_and_reading_goes_on(tmp_path):
    good = {"id": "9", "timestamp": 1709251392000, "sender": {"uin": "42", "name": "甲"}}
    good["content"] = {"text": "#打卡"}
    records = [
        "42",
        json.dumps({"id": "1", "sender": {"name": "甲"}, "content": {"text": "x"}}),
        json.dumps({"id": "2", "timestamp": 1709251392000, "content": {"text": "x"}}),
        '{"id": "3", "timestamp": }',
        json.dumps(good, ensure_ascii=False),
    ]
    text = '{"metadata":{"name":"QQChatExporter V5"},"chatInfo":{},"messages":[\n'
    path = write(tmp_path, text + ",\n".join(records) + "\n]}\n", "export.json")

    items = messages_of(qq.read(path))

    assert items == [
        ParseProblem(2, "The messages array holds something that is not a message."),
        ParseProblem(3, "The message has neither a timestamp nor a time."),
        ParseProblem(4, "The message has no sender object."),
        ParseProblem(5, "The message could not be decoded as JSON (Expecting value)."),
        ChatMessage(6, "甲", "42", None, 1709251392.0, "#打卡", "text", "9"),
    ]


def test_json_times_and_media_without_text_are_read_as_the_exporter_wrote_them(tmp_path):
    base = {"sender": {"uid": "u_x", "uin": "42", "name": "甲"}, "recalled": False}
    records = [
        # SimpleMessageParser's "time" is ISO in UTC; a seconds timestamp as text.
        {**base, "seq": "7", "time": "2024-03-01T00:03:12.000Z", "content": {"text": "a"}},
        {**base, "timestamp": "1709251392", "content": {"text": "b"}},
        # Some Node versions print midnight as 24:00:00: the instant still holds.
        {**base, "timestamp": 1709222400000, "time": "2024-03-01 24:00:00", "content": {}},
        {
            **base,
            "timestamp": 1709251392000,
            "content": {
                "text": "",
                "elements": [
                    {"type": "image", "data": {"filename": "a.jpg"}},
                    {"type": "file", "data": {"filename": "笔记.pdf"}},
                    {"type": "market_face", "data": {"name": "[打卡]"}},
                    {"type": "at", "data": {"name": "乙"}},
                ],
            },
        },
    ]
    text = '{"metadata":{"name":"QQChatExporter V5"},"messages":['
    path = write(tmp_path, text + ",".join(json.dumps(r) for r in records) + "]}", "e.json")

    items = messages_of(qq.read(path))

    assert [(m.local_time, m.epoch, m.text, m.message_id) for m in items] == [
        (None, 1709251392.0, "a", "7"),
        (None, 1709251392.0, "b", None),
        (None, 1709222400.0, "", None),
        (None, 1709251392.0, "[图片][文件: 笔记.pdf][打卡]", None),
    ]


def test_a_manifest_of_a_chunked_export_says_where_the_messages_are(tmp_path):
    manifest = {
        "metadata": {"name": "QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter"},
        "chatInfo": {"name": "测试群", "type": "group"},
        "statistics": {"totalMessages": 2},
        "chunked": {"format": "jsonl", "chunksDir": "chunks", "chunks": []},
    }
    path = write(tmp_path, json.dumps(manifest, indent=2), "manifest.json")

    items = messages_of(qq.read(path))

    assert len(items) == 1 and isinstance(items[0], ParseProblem)
    assert "chunks folder" in items[0].reason


def test_an_html_export_is_refused_in_one_sentence(tmp_path):
    path = write(tmp_path, '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n', "chat.html")

    assert messages_of(qq.read(path)) == [
        ParseProblem(
            1,
            "This is a web page (qq-chat-exporter's HTML export?), which camp does not "
            "read; export the chat again as TXT or JSON.",
        )
    ]


def test_txt_optional_number_and_type_lines_are_left_out(tmp_path):
    blocks = (
        "[1]\n甲:\n时间: 2024-03-01 08:00:00\n类型: type_1\n内容: #打卡\n\n\n"
        "[2]\n乙:\n时间: 2024-03-01 08:00:05\n类型: type_1\n内容: 早\n"
    )
    path = write(tmp_path, BANNER + blocks + FOOTER)

    items = messages_of(qq.read(path))

    assert [(m.line, m.sender, m.text) for m in items] == [(14, "甲", "#打卡"), (21, "乙", "早")]


def test_txt_without_its_header_block_is_still_detected_and_read(tmp_path):
    path = write(tmp_path, "甲:\n时间: 2024-03-01 08:00:00\n内容: #打卡\n")

    assert qq.sniff(head_of(path), path)
    assert messages_of(qq.read(path)) == [
        ChatMessage(1, "甲", None, "2024-03-01 08:00:00", None, "#打卡")
    ]


def test_txt_with_windows_line_endings_and_a_bom_reads_like_unix(tmp_path):
    text = BANNER + "甲:\n时间: 2024-03-01 08:00:00\n内容: #打卡\n第二行\n" + FOOTER
    path = tmp_path / "export.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))

    assert qq.sniff(head_of(path), path)
    assert [(m.line, m.text) for m in messages_of(qq.read(path))] == [(13, "#打卡\n第二行")]


def test_txt_time_that_is_not_a_full_date_and_time_is_a_problem(tmp_path):
    blocks = (
        "甲:\n时间: 08:00:00\n内容: #打卡\n\n\n"
        "乙:\n时间: 2024-02-30 08:00:00\n内容: #打卡\n\n\n"
        "丙:\n时间: 2024-02-29 08:00:00\n内容: #打卡\n"
    )
    path = write(tmp_path, BANNER + blocks + FOOTER)

    items = messages_of(qq.read(path))

    reason = (
        "The message's 时间 line is not a date and time like 2024-03-01 08:00:00; "
        "export again with the full time format."
    )
    assert items == [
        ParseProblem(14, reason),
        ParseProblem(19, reason),
        ChatMessage(23, "丙", None, "2024-02-29 08:00:00", None, "#打卡"),
    ]


def test_a_txt_message_longer_than_the_cap_is_skipped_with_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(qq_exporter, "MAX_RECORD_CHARS", 80)
    blocks = (
        "甲:\n时间: 2024-03-01 08:00:00\n内容: " + "长" * 40 + "\n" + "长" * 40 + "\n\n\n"
        "乙:\n时间: 2024-03-01 08:00:05\n内容: #打卡\n"
    )
    path = write(tmp_path, BANNER + blocks + FOOTER)

    items = messages_of(qq.read(path))

    assert items == [
        ParseProblem(13, "The message is longer than 80 characters and was skipped."),
        ChatMessage(19, "乙", None, "2024-03-01 08:00:05", None, "#打卡"),
    ]


def test_a_gbk_file_fails_as_not_utf8_for_the_import_to_explain(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(TXT.read_text(encoding="utf-8").encode("gbk", "replace"))

    with pytest.raises(UnicodeDecodeError):
        list(qq.read(path))


def test_sniff_recognises_every_layout_and_detection_names_qq():
    for path in MINE:
        assert qq.sniff(head_of(path), path), path.name
        assert detect_format(path) == "qq", path.name


def test_qq_refuses_the_other_formats_and_they_refuse_qq():
    for name in THEIRS:
        path = EXPORTS / name
        assert not qq.sniff(head_of(path), path), name
    for path in MINE:
        for reader in (telegram, discord, wechat, plain_csv, whatsapp):
            assert not reader.sniff(head_of(path), path), (reader.FORMAT, path.name)


def test_looks_for_names_every_layout():
    assert "消息记录" in qq.LOOKS_FOR
    assert "QQChatExporter" in qq.LOOKS_FOR
    assert "chatInfo" in qq.LOOKS_FOR


def test_txt_reading_streams_in_constant_memory(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write(BANNER)
        for n in range(30_000):
            out.write(f"成员{n % 97}:\n时间: 2024-03-01 {n % 24:02d}:{n % 60:02d}:00\n")
            out.write(f"内容: #打卡 第 {n} 条，内容写得长一些，好让整份文件有几兆字节大小\n\n\n")
        out.write(FOOTER)

    tracemalloc.start()
    count = sum(1 for item in qq.read(path) if isinstance(item, ChatMessage))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 30_000
    assert path.stat().st_size > 2_000_000
    assert peak < 500_000


names = st.text(
    alphabet=st.characters(categories=("L", "N", "So"), include_characters=" ()【】-_:"),
    min_size=1,
    max_size=12,
).filter(lambda name: name == name.strip())
content_lines = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "So", "Zs")), min_size=1, max_size=30
).filter(
    lambda line: (
        line.strip()
        and not line.startswith(("时间: ", "资源: ", "提及: ", "回复: ", "  - ", "=", "["))
    )
)
written_messages = st.lists(
    st.tuples(
        names,
        st.integers(0, 23),
        st.integers(0, 59),
        st.lists(content_lines, min_size=1, max_size=4),
    ),
    max_size=8,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(written_messages)
def test_what_the_txt_exporter_writes_is_read_back(tmp_path, written):
    blocks, expected = [], []
    line = BANNER.count("\n") + 1
    for name, hour, minute, lines in written:
        time = f"2024-03-05 {hour:02d}:{minute:02d}:07"
        blocks.append(f"{name}:\n时间: {time}\n内容: " + "\n".join(lines))
        expected.append((line, name, time, "\n".join(lines)))
        line += len(lines) + 4
    path = write(tmp_path, BANNER + "\n\n\n".join(blocks) + "\n" + FOOTER)

    items = messages_of(qq.read(path))

    assert [(m.line, m.sender, m.local_time, m.text) for m in items] == expected


def streamed(lines: list[str]) -> str:
    """A JSON export in the exporter's streamed layout holding these message lines."""
    return (
        '{\n  "metadata":{"name":"QQChatExporter V5 / https://github.com/shuakami/qq-chat-exporter"},'
        '\n  "chatInfo":{"name":"测试群","type":"group"},\n  "statistics":{},\n  "messages":[\n'
        + ",\n".join("    " + line for line in lines)
        + '\n  ],\n  "exportOptions":{}\n}\n'
    )


def test_streamed_json_lines_that_do_not_fit_the_usual_shape_are_decoded_whole(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(qq_exporter, "MAX_RECORD_CHARS", 400)
    sender = {"uid": "u_x", "uin": "42", "name": '甲 "学霸"'}

    def line(**fields):
        record = {
            "id": "1",
            "seq": "1",
            "timestamp": 1709251392000,
            "time": "2024-03-01 08:03:12",
            "sender": sender,
            "type": "type_1",
            "content": {"text": "#打卡", "elements": []},
            "recalled": False,
            "system": False,
        }
        record.update(fields)
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))

    reordered = json.loads(line(id="2"))
    path = write(
        tmp_path,
        streamed(
            [
                line(content={"text": '#打卡 "第一天"\n读完', "elements": []}),
                json.dumps({"system": False, **reordered}, ensure_ascii=False),
                line(id="3", content={"text": "", "elements": [{"type": "image", "data": {}}]}),
                '{"id":"4","seq":"4","timestamp":',
                line(id="5", content={"text": "长" * 400}),
                line(id="6", recalled=True),
            ]
        ),
        "export.json",
    )

    items = messages_of(qq.read(path))

    def message(line_number, text, message_id, kind="text"):
        local, epoch = "2024-03-01 08:03:12", 1709251392.0
        return ChatMessage(line_number, '甲 "学霸"', "42", local, epoch, text, kind, message_id)

    assert items == [
        message(6, '#打卡 "第一天"\n读完', "1"),
        message(7, "#打卡", "2"),
        message(8, "[图片]", "3"),
        ParseProblem(
            9,
            "The message could not be decoded as JSON "
            "(Expecting value: line 1 column 33 (char 32)).",
        ),
        ParseProblem(10, "The message is longer than 400 characters and was skipped."),
        message(11, "#打卡", "6", "recalled"),
    ]


def test_an_empty_streamed_messages_array_has_no_messages(tmp_path):
    path = write(tmp_path, streamed([]).replace("    \n", ""), "export.json")

    assert messages_of(qq.read(path)) == []


def test_a_streamed_json_line_with_a_broken_escape_is_a_problem(tmp_path):
    good = (
        '{"id":"1","seq":"1","timestamp":1709251392000,"time":"2024-03-01 08:03:12",'
        '"sender":{"uid":"u_x","uin":"42","name":"甲"},"type":"type_1",'
        '"content":{"text":"#打卡","elements":[]},"recalled":false,"system":false}'
    )
    path = write(tmp_path, streamed([good.replace("#打卡", "#打\\q卡"), good]), "export.json")

    items = messages_of(qq.read(path))

    assert isinstance(items[0], ParseProblem) and items[0].line == 6
    assert items[0].reason.startswith("The message could not be decoded as JSON (Invalid \\escape")
    assert items[1] == ChatMessage(
        7, "甲", "42", "2024-03-01 08:03:12", 1709251392.0, "#打卡", "text", "1"
    )


def line_at_a_time(monkeypatch) -> None:
    """The TXT reader given one line a batch: its whole-message shortcut, which needs
    the next message's lines in the same batch, never runs."""
    def single_lines(handle, limit=base.MAX_RECORD_CHARS):
        for batch in base.line_batches(handle, limit):
            for line in batch:
                yield [line]

    monkeypatch.setattr(qq_exporter, "line_batches", single_lines)


#: Message blocks of every kind the TXT reader tells apart, to be written in any order.
TXT_BLOCKS = (
    "甲:\n时间: 2024-03-01 08:00:00\n内容: #打卡 第一天",
    "Ann Lee:\n时间: 2024-03-01 08:00:01\n内容: morning: all",
    "0:\n时间: 2024-03-01 09:00:00\n内容: 小红 加入了群聊",
    "10000:\n时间: 2024-03-01 09:00:02\n内容: 欢迎",
    f"{UID_XIAOMING}:\n时间: 2024-03-01 09:30:00\n内容: #打卡",
    "乙:\n时间: 2024-03-01 10:00:00\n内容: 乙撤回了一条消息",
    "乙:\n时间: 2024-03-01 10:00:01\n内容: [系统消息]",
    "乙:\n时间: 2024-03-01 10:00:02\n内容: 群里有人吗",
    "丙:\n时间: 2024-03-01 11:00:00\n内容: ",
    "丙:\n时间: 2024-03-01 11:00:01\n内容: 两行\n第二行",
    "丙:\n时间: 2024-03-01 11:00:02\n内容: 空行之后\n\n还有一行",
    "丁:\n时间: 2024-03-01 12:00:00\n类型: type_1\n内容: 有类型行",
    "[7]\n丁:\n时间: 2024-03-01 12:00:01\n内容: 有编号",
    "丁:\n时间: 2024-03-01 12:00:02\n内容: [图片]\n资源: 1 个文件\n  - image: A.jpg",
    "戊:\n时间: 2024-02-30 08:00:00\n内容: 日期不对",
    "戊:\n时间: 2024-03-01 24:00:00\n内容: 时间不对",
    "戊:\n时间: ２０２４-03-01 08:00:00\n内容: 全角数字",
    "戊:\n时间: 2024-03-01 08:00\n内容: 没有秒",
    "己:\n时间: 2024-03-01 13:00:00\n内容: " + "长" * 70,
    "己:\n时间: 2024-03-01 13:00:01\n内容: " + "长" * 40 + "\n" + "长" * 30,
    "庚:\n时间: 2024-03-01 14:00:00\n内容: =========================",
)


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    blocks=st.lists(st.sampled_from(TXT_BLOCKS), max_size=30),
    separators=st.lists(st.sampled_from(["\n\n\n", "\n\n\n", "\n\n", "\n\n\n\n"]), max_size=30),
    footer=st.booleans(),
)
def test_txt_messages_read_whole_are_those_read_line_by_line(
    tmp_path, monkeypatch, blocks, separators, footer
):
    # Over 80 characters a message is skipped: the long blocks are near that cap.
    monkeypatch.setattr(qq_exporter, "MAX_RECORD_CHARS", 80)
    text = BANNER
    for index, block in enumerate(blocks):
        text += block + (separators[index] if index < len(separators) else "\n\n\n")
    path = write(tmp_path, text + (FOOTER if footer else ""))

    whole = list(qq.read(path))
    with monkeypatch.context() as patch:
        line_at_a_time(patch)
        by_line = list(qq.read(path))

    assert whole == by_line
    assert len(messages_of(whole)) == len(blocks)


def test_a_big_txt_export_is_read_the_same_whole_and_line_by_line(tmp_path, monkeypatch):
    # Batches of lines end in the middle of messages: the shortcut stops short of them.
    blocks = [TXT_BLOCKS[index % len(TXT_BLOCKS)] for index in range(20_000)]
    path = write(tmp_path, BANNER + "\n\n\n".join(blocks) + "\n" + FOOTER)

    built_apart = []  # the messages made by _text_message rather than read whole
    made = qq_exporter._text_message
    monkeypatch.setattr(
        qq_exporter, "_text_message", lambda line, *rest: built_apart.append(line) or made(line, *rest)
    )

    whole = list(qq.read(path))
    apart_whole = len(built_apart)
    line_at_a_time(monkeypatch)
    by_line = list(qq.read(path))

    assert whole == by_line
    assert len(messages_of(whole)) == 20_000
    assert path.stat().st_size > 20 * base.LINE_BLOCK  # many batches of lines
    # A third of the blocks are a member's plain text, read whole; line by line, none is.
    assert apart_whole < 20_000 * 0.75
    assert len(built_apart) - apart_whole == 20_000


FULL_TIME = __import__("re").compile(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)")


def checked_by_pattern(stamp: str) -> str | None:
    """What the TXT reader took for a real time before it checked dates once each."""
    from camp.importers.dates import real_date

    found = FULL_TIME.fullmatch(stamp)
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in found.groups())
    if not real_date(year, month, day) or hour > 23 or minute > 59 or second > 59:
        return None
    return stamp


digits = st.sampled_from("0123456789０１２٣۴²x -:")


@given(
    st.one_of(
        st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%d %H:%M:%S")),
        st.builds(
            lambda parts: "{}{}{}{}-{}{}-{}{} {}{}:{}{}:{}{}".format(*parts),
            st.lists(st.sampled_from("0123459"), min_size=14, max_size=14),
        ),
        st.text(digits, min_size=17, max_size=21),
        st.builds(
            lambda stamp, at, char: stamp[:at] + char + stamp[at + 1 :],
            st.just("2024-02-29 23:59:59"),
            st.integers(0, 18),
            digits,
        ),
    )
)
def test_a_txt_time_is_checked_as_the_full_pattern_checks_it(stamp):
    assert qq_exporter._checked_time(stamp, {}) == checked_by_pattern(stamp)
