"""`camp settle CAMP [--format text|csv|json|png]` (SPEC section 11)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def test_settle_prints_a_ledger_that_balances_in_every_format(camp, tmp_path):
    text = (DATA / "cp.toml").read_text().replace('group = "pair"', 'group = "solo"')
    path = tmp_path / "d.toml"
    path.write_text(text + "\n[stakes]\ndeposit = 50\nfine_per_miss = 2.5\n")
    camp.at("2026-11-30T12:00:00+08:00")
    camp("new", path, "--name", "Dep", "--start", "2026-12-01")
    camp("members", "add", "dep", "Ann", "Ben")
    for day in range(1, 8):
        camp.at(f"2026-12-0{day}T21:00:00+08:00")("checkin", "dep", "Ann")
        if day < 4:
            camp("checkin", "dep", "Ben")
    camp.at("2026-12-10T12:00:00+08:00")
    data = camp.json("settle", "dep", "--json")
    assert data == camp.json("settle", "dep", "--format", "json")
    assert data["final"] is True
    assert [(m["name"], m["missed"], m["fines"], m["payout"]) for m in data["members"]] == [
        ("Ann", 0, "0.00", "60.00"),
        ("Ben", 4, "10.00", "40.00"),
    ]
    assert data["totals"]["deposits"] == "100.00" and data["totals"]["kept"] == "0.00"
    assert camp("settle", "dep").stdout.splitlines()[-1] == (
        "Deposits 100.00 = refunds 90.00 + pool shares 10.00 + kept 0.00"
    )
    assert camp("settle", "dep", "--format", "csv").stdout.splitlines()[1] == (
        "Ann,perfect,0,50.00,0.00,50.00,10.00,60.00"
    )
    image = tmp_path / "ledger.png"
    camp("settle", "dep", "--format", "png", "-o", image)
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "needs -o FILE.png" in camp("settle", "dep", "--format", "png", ok=False).stderr


def test_settle_without_stakes_is_one_sentence(cp):
    result = cp("settle", "cp-test", ok=False)
    assert "has no [stakes] in its camp file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_chinese_camps_ledger_is_in_chinese_and_its_csv_and_json_keep_their_names(camp, tmp_path):
    text = (DATA / "cp.toml").read_text().replace('group = "pair"', 'group = "solo"')
    text = text.replace('language = "en"', 'language = "zh"')
    path = tmp_path / "zh.toml"
    path.write_text(text + "\n[stakes]\ndeposit = 50\nfine_per_miss = 2.5\n")
    camp.at("2026-11-30T12:00:00+08:00")
    camp("new", path, "--name", "押金营", "--start", "2026-12-01", "--slug", "zh")
    camp("members", "add", "zh", "小明", "Ben")
    for day in range(1, 8):
        camp.at(f"2026-12-0{day}T21:00:00+08:00")("checkin", "zh", "小明")
    camp.at("2026-12-04T12:00:00+08:00")
    lines = camp("settle", "zh").stdout.splitlines()
    assert lines[0] == "zh 押金结算 · 截至第 3 天（尚未最终：营期还没结束）"
    assert lines[1] == "押金 50.00 · 每缺一天扣 2.50 · 退还：押金减去罚款 · 奖池：全勤者平分"
    assert lines[3].split() == [
        "成员",
        "结果",
        "缺勤天数",
        "押金",
        "罚款",
        "退还",
        "分成",
        "合计退还",
    ]
    assert lines[4].split()[:3] == ["小明", "进行中", "0"]
    assert lines[-1] == "押金合计 100.00 = 退还 92.50 + 奖池分成 0.00 + 留存 7.50"
    csv_lines = camp("settle", "zh", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "name,outcome,missed,deposit,fines,refund,share,payout"
    assert csv_lines[1].startswith("小明,pending,0,")
    assert camp.json("settle", "zh", "--json")["members"][0]["outcome"] == "pending"
    image = tmp_path / "ledger.png"
    camp("settle", "zh", "--format", "png", "-o", image)
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
