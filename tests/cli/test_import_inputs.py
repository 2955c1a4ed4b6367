"""What operators really hand to `camp import`: zips, UTF-16, a damaged byte, GBK,
binary files, the wrong --format — each read, or refused in one sentence."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"

#: WhatsApp iOS, day first (the 13th settles it), in the QQ camp's days and zone.
CHAT = (
    "[01/03/2024, 07:05:00] 张三: #打卡 早起\n"
    "[02/03/2024, 07:06:00] 张三: #打卡 第二天\n"
    "[13/03/2024, 07:07:00] 李四: 大家早\n"
)


@pytest.fixture
def camp_with_members(camp):
    camp.at("2024-03-20T12:00:00+08:00")
    camp("new", DATA / "qq_camp.toml", "--name", "QQ morning", "--start", "2024-03-01")
    camp("members", "add", "qq-morning", "张三", "李四")
    return camp


def messages(camp) -> int:
    """Messages in the camp's days (李四's of the 13th is after its 5 days)."""
    members = camp.json("activity", "qq-morning", "--json")["members"]
    return sum(member["messages"] for member in members)


def test_a_whatsapp_zip_is_read_through_its_chat_file(camp_with_members, tmp_path):
    archive = tmp_path / "WhatsApp Chat - 早起.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("_chat.txt", CHAT)
        zipped.writestr("00000012-PHOTO-2024-03-01.jpg", b"\xff\xd8 not really a photo")
    report = camp_with_members.json("import", "qq-morning", archive, "--json")
    assert report["format"] == "whatsapp" and report["file"].endswith("(_chat.txt)")
    assert report["new_messages"] == 3 and messages(camp_with_members) == 2


def test_a_zip_of_several_chats_names_them(camp_with_members, tmp_path):
    archive = tmp_path / "chats.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.txt", CHAT)
        zipped.writestr("b.txt", CHAT)
    result = camp_with_members("import", "qq-morning", archive, ok=False)
    assert "2 chat files" in result.stderr and "a.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_utf16_with_a_byte_order_mark_is_detected_and_read(camp_with_members, tmp_path):
    export = tmp_path / "chat.txt"
    export.write_bytes(CHAT.encode("utf-16"))
    report = camp_with_members.json("import", "qq-morning", export, "--json")
    assert (report["format"], report["new_messages"]) == ("whatsapp", 3)


def test_one_damaged_byte_far_down_is_a_problem_not_a_failure(camp_with_members, tmp_path):
    export = tmp_path / "chat.txt"
    good = "".join(f"[01/03/2024, 07:{m:02d}:00] 张三: hi {m}\n" for m in range(30))
    damaged = "[13/03/2024, 08:00:00] 李四: caf".encode() + b"\xe9\n"
    export.write_bytes(CHAT.encode() + good.encode() + damaged)
    report = camp_with_members.json("import", "qq-morning", export, "--json")
    assert report["new_messages"] == 34
    assert report["problems"] == [
        {"line": 34, "reason": "The line has bytes that are not UTF-8 text; they were read as �."}
    ]


def test_a_gbk_export_is_named_as_such_with_the_way_to_convert_it(camp_with_members, tmp_path):
    export = tmp_path / "qq.txt"
    export.write_bytes(
        (DATA / "exports" / "qq.txt").read_text(encoding="utf-8").encode("gbk", "replace")
    )
    for extra in ([], ["--format", "qq"]):
        result = camp_with_members("import", "qq-morning", export, *extra, ok=False)
        assert "not UTF-8" in result.stderr and "iconv -f GBK" in result.stderr
    assert messages(camp_with_members) == 0


def test_binary_files_empty_files_and_the_wrong_format_are_one_sentence(
    camp_with_members, tmp_path
):
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "not a text file" in camp_with_members("import", "qq-morning", picture, ok=False).stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert "is empty" in camp_with_members("import", "qq-morning", empty, ok=False).stderr
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT, encoding="utf-8")
    wrong = camp_with_members("import", "qq-morning", chat, "--format", "telegram", ok=False)
    assert "does not look like a telegram export" in wrong.stderr
    assert "Traceback" not in wrong.stderr and messages(camp_with_members) == 0


def test_files_whose_lines_end_with_cr_alone_are_read_line_by_line(camp_with_members, tmp_path):
    # Old Mac tools (and spreadsheets saved as "CSV (Macintosh)") end lines with CR.
    chat = tmp_path / "chat.txt"
    chat.write_bytes(CHAT.replace("\n", "\r").encode())
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(
        "member,time,text\r张三,2024-03-01 07:05:00,#打卡\r李四,2024-03-02 07:06:00,#打卡\r".encode()
    )
    chat_report = camp_with_members.json("import", "qq-morning", chat, "--json")
    sheet_report = camp_with_members.json("import", "qq-morning", sheet, "--json")
    assert (chat_report["format"], chat_report["new_messages"]) == ("whatsapp", 3)
    assert (sheet_report["format"], sheet_report["new_messages"]) == ("csv", 2)
