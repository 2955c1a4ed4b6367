"""`camp import`, `camp members alias` and `camp activity` on the fixture exports."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
EXPORTS = DATA / "exports"


@pytest.fixture
def qq_camp(camp):
    camp.at("2024-03-10T12:00:00+08:00")
    camp("new", DATA / "qq_camp.toml", "--name", "QQ morning", "--start", "2024-03-01")
    camp("members", "add", "qq-morning", "张三", "--handle", "123456789")
    camp("members", "add", "qq-morning", "Alice Smith")
    camp("members", "add", "qq-morning", "李四", "--handle", "987654321")
    return camp


def test_a_qq_export_is_matched_by_number_and_name_and_judged(qq_camp):
    out = qq_camp("import", "qq-morning", EXPORTS / "qq.txt").stdout
    assert "8 messages, 4 from members" in out
    assert "2 on time" in out and "1 outside" in out
    assert "王老师 (1, first at line 9)" in out
    assert "line 30:" in out and "line 33:" in out
    board = {e["name"]: e for e in qq_camp.json("leaderboard", "qq-morning", "--json")["entries"]}
    assert board["张三"]["points"] == 10 and board["Alice Smith"]["on_time"] == 1
    activity = {m["name"]: m for m in qq_camp.json("activity", "qq-morning", "--json")["members"]}
    # 李四 renamed himself 四哥 mid-file: the QQ number still finds him.
    assert activity["李四"]["messages"] == 2 and activity["李四"]["checkins"] == 0
    again = qq_camp.json("import", "qq-morning", EXPORTS / "qq.txt", "--json")
    assert again["already_imported"] == 4 and again["checkins"] == 0


def test_an_alias_and_add_unknown_bring_in_the_rest(qq_camp):
    qq_camp("members", "alias", "qq-morning", "Alice Smith", "王老师")
    report = qq_camp.json("import", "qq-morning", EXPORTS / "qq.txt", "--add-unknown", "--json")
    assert report["added_members"] == ["王五"] and report["unknown_senders"] == []
    names = {m["name"] for m in qq_camp.json("members", "list", "qq-morning", "--json")}
    assert "王五" in names and "王老师" not in names


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [
        ("qq.txt", "qq"),
        ("wechat.csv", "wechat"),
        ("wechat_memotrace.csv", "wechat"),
        ("plain.csv", "csv"),
        ("telegram_result.json", "telegram"),
        ("telegram_full_export.json", "telegram"),
        ("whatsapp_android.txt", "whatsapp"),
        ("whatsapp_ios.txt", "whatsapp"),
        ("whatsapp_12h.txt", "whatsapp"),
        ("discord.json", "discord"),
        ("discord.csv", "discord"),
    ],
)
def test_every_format_is_detected_and_a_dry_run_writes_nothing(qq_camp, fixture, fmt):
    # After every fixture's dates: none of their messages is in the future.
    qq_camp.at("2027-06-01T12:00:00+08:00")
    report = qq_camp.json(
        "import", "qq-morning", EXPORTS / fixture, "--dry-run", "--add-unknown", "--json"
    )
    assert report["format"] == fmt and report["dry_run"] is True
    assert report["messages"] > 0
    assert qq_camp.json("activity", "qq-morning", "--json")["members"][0]["messages"] == 0
    assert len(qq_camp.json("members", "list", "qq-morning", "--json")) == 3


def test_bad_import_input_is_one_sentence(qq_camp, tmp_path):
    missing = qq_camp("import", "qq-morning", tmp_path / "nope.txt", ok=False)
    assert "No file" in missing.stderr
    odd = tmp_path / "notes.txt"
    odd.write_text("just some notes\nnothing like a chat\n", encoding="utf-8")
    assert "--format" in qq_camp("import", "qq-morning", odd, ok=False).stderr
    wrong = qq_camp("import", "qq-morning", EXPORTS / "qq.txt", "--format", "icq", ok=False)
    assert "icq" in wrong.stderr
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes((EXPORTS / "qq.txt").read_text(encoding="utf-8").encode("gbk", "replace"))
    assert "UTF-8" in qq_camp("import", "qq-morning", gbk, "--format", "qq", ok=False).stderr


def test_an_import_that_read_nothing_but_problems_fails_and_says_so(qq_camp, tmp_path):
    broken = tmp_path / "chat.csv"
    broken.write_text("member,time,text\n张三,yesterday,#打卡\n李四,soon,#打卡\n", encoding="utf-8")
    result = qq_camp("import", "qq-morning", broken, ok=False)
    assert "Could not read 2 lines" in result.stdout
    assert "Nothing was imported" in result.stderr and "Traceback" not in result.stderr
    assert qq_camp.json("activity", "qq-morning", "--json")["members"][0]["messages"] == 0


def test_the_summary_says_which_layout_was_read(qq_camp):
    qq_camp.at("2027-06-01T12:00:00+08:00")
    out = qq_camp("import", "qq-morning", EXPORTS / "telegram_result.json", "--dry-run").stdout
    assert out.splitlines()[0] == "Read as Telegram Desktop JSON."
