"""The camp report: every figure against hand-computed values, guidance, Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.exporters.report_md import BAR_WIDTH, bar, percent, render_report_markdown
from camp.report import group_guidance
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.members import add_members, remove_member
from camp.services.report import camp_report
from camp.services.standings import standings_as_of

CP_FILE = Path(__file__).resolve().parent.parent / "data" / "cp.toml"
NOW = pendulum.datetime(2026, 12, 20, tz="UTC")  # after the 7-day camp that starts 12-01

# Counted check-ins per day: (member, "on" | "late"); see the figures in the tests.
PLAN = {
    1: [("A", "on"), ("B", "on"), ("C", "late"), ("D", "on"), ("E", "on")],
    2: [("A", "on"), ("B", "late"), ("C", "on"), ("D", "on")],
    3: [("A", "on"), ("B", "on"), ("D", "on")],
    4: [("A", "on"), ("C", "on")],
    5: [("A", "on"), ("B", "on")],
    6: [("A", "on")],
    7: [],
}


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "r.db")


def camp_file(tmp_path: Path, platform: str) -> Path:
    text = CP_FILE.read_text(encoding="utf-8").replace(
        "[camp]\n", f'[camp]\nplatform = "{platform}"\n', 1
    )
    path = tmp_path / f"{platform}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def camp(db):
    """Six members: E checked in on day 1 and was removed, F never checked in and is warned;
    B made up day 4; A has a duplicate on day 3; C has an outside check-in on day 5."""
    camp = create_camp(db, str(CP_FILE), name="Report", start=dt.date(2026, 12, 1), now=NOW)
    add_members(db, camp.slug, list("ABCDEF"), now=NOW)
    days = camp_days(camp)
    for number, checkins in PLAN.items():
        slot = days[number - 1].slots[0]
        for name, kind in checkins:
            at = slot.open.add(minutes=10) if kind == "on" else slot.due.add(minutes=10)
            record_checkin(db, camp.slug, name, now=NOW, at=at)
    record_checkin(db, camp.slug, "A", now=NOW, at=days[2].slots[0].open.add(minutes=50))
    record_checkin(db, camp.slug, "C", now=NOW, at=days[4].slots[0].open.subtract(hours=8))
    record_checkin(db, camp.slug, "B", now=NOW, makeup_day=4)
    remove_member(db, camp.slug, "E", now=NOW)
    db.execute("UPDATE members SET status = 'warned' WHERE camp_id = ? AND name = 'F'", [camp.id])
    db.conn.commit()
    return camp


def test_the_stored_statuses_are_what_the_figures_assume(db, camp):
    statuses = dict(
        db.execute(
            "SELECT status, COUNT(*) FROM checkins WHERE camp_id = ? GROUP BY status", [camp.id]
        ).fetchall()
    )
    assert statuses == {"on_time": 15, "late": 2, "duplicate": 1, "outside": 1, "makeup": 1}


def test_final_report_figures(db, camp):
    report = camp_report(db, camp.slug, now=NOW)
    assert report.camp == {
        "slug": camp.slug,
        "name": "Report",
        "language": "en",
        "platform": "other",
        "start": "2026-12-01",
        "end": "2026-12-07",
        "days": 7,
        "as_of_day": 7,
    }
    assert report.members == {"total": 6, "active": 4, "warned": 1, "removed": 1}
    # Five members are not removed (A, B, C, D, F); E's day-1 check-in does not count.
    assert [(c["day"], c["counted"], c["members"]) for c in report.completion] == [
        (1, 4, 5),
        (2, 4, 5),
        (3, 3, 5),
        (4, 3, 5),  # A, C and B's makeup
        (5, 2, 5),  # C's outside check-in does not count
        (6, 1, 5),
        (7, 0, 5),
    ]
    assert [c["rate"] for c in report.completion] == pytest.approx(
        [0.8, 0.8, 0.6, 0.6, 0.4, 0.2, 0.0]
    )
    assert [c["date"] for c in report.completion][:2] == ["2026-12-01", "2026-12-02"]
    assert report.active_share == pytest.approx(2 / 5)  # A and B counted on days 5-7
    # On time: A 6, B 3, C 2, D 3; late: B 1, C 1; makeup: B 1.
    assert report.on_time_rate == pytest.approx(14 / 17)
    # Best streaks: A 6, B 5 (the makeup repairs day 4), D 3, C 2, F 0.
    assert report.streak_distribution == {0: 1, 2: 1, 3: 1, 5: 1, 6: 1}
    assert report.makeups_used == 1
    assert report.warned == ["F"] and report.removed == ["E"]
    assert report.conversion is None
    # A: 10 x (1+2+2+3+4+4) on time + streak bonuses 0+2+4+6+8+10.
    assert report.top[0] == {"name": "A", "rank": 1, "points": 190}
    board = standings_as_of(db, camp.slug, now=NOW)
    assert report.top == [
        {"name": e.name, "rank": e.rank, "points": e.points} for e in board.entries
    ]
    assert len(report.top) == 5


def test_report_as_of_an_earlier_day(db, camp):
    report = camp_report(db, camp.slug, now=NOW, day=3)
    assert report.camp["as_of_day"] == 3
    assert [c["counted"] for c in report.completion] == [4, 4, 3]
    assert report.active_share == pytest.approx(4 / 5)
    # Up to day 3: on time A 3, B 2, C 1, D 3; late B 1, C 1; B's makeup is for day 4.
    assert report.on_time_rate == pytest.approx(9 / 11)
    assert report.makeups_used == 0
    assert report.streak_distribution == {0: 1, 2: 1, 3: 3}


def test_conversion_counts_every_member_once_someone_is_marked(db, camp):
    db.execute(
        "UPDATE members SET converted = 1 WHERE camp_id = ? AND name IN ('A', 'E')", [camp.id]
    )
    db.conn.commit()
    conversion = camp_report(db, camp.slug, now=NOW).conversion
    assert conversion == {"converted": 2, "members": 6, "rate": pytest.approx(2 / 6)}


def test_before_the_first_day_there_is_no_curve(db):
    camp = create_camp(db, str(CP_FILE), name="Soon", start=dt.date(2027, 1, 10), now=NOW)
    add_members(db, camp.slug, ["A", "B"], now=NOW)
    report = camp_report(db, camp.slug, now=NOW)
    assert report.camp["as_of_day"] == 0
    assert report.completion == [] and report.active_share == 0.0
    assert report.on_time_rate is None
    assert report.streak_distribution == {0: 2}
    # Activity is not judged before day 1, only the group size.
    assert all(g["status"] == "ok" for g in report.guidance)
    markdown = render_report_markdown(report)
    assert "No day has started yet." in markdown and "█" not in markdown


def test_a_day_outside_the_camp_is_refused(db, camp):
    with pytest.raises(CampError, match="outside the camp's days"):
        camp_report(db, camp.slug, now=NOW, day=8)


def test_to_json_is_plain_data(db, camp):
    data = camp_report(db, camp.slug, now=NOW).to_json()
    assert data["streak_distribution"] == {"0": 1, "2": 1, "3": 1, "5": 1, "6": 1}
    assert data["members"]["total"] == 6 and data["conversion"] is None
    assert set(data) == {
        "camp",
        "members",
        "active_share",
        "guidance",
        "completion",
        "on_time_rate",
        "streak_distribution",
        "makeups_used",
        "warned",
        "removed",
        "conversion",
        "top",
        "leave_days",
        "on_leave",
        "outcomes",
    }


def _wechat_camp(db, tmp_path, members: int, active: int):
    """A WeChat camp on day 3 of 7 in which ``active`` of ``members`` checked in on day 3."""
    path = camp_file(tmp_path, "wechat")
    camp = create_camp(db, str(path), name=f"W{members}", start=dt.date(2026, 12, 1), now=NOW)
    names = [f"m{i:04d}" for i in range(members)]
    add_members(db, camp.slug, names, now=NOW)
    slot = camp_days(camp)[2].slots[0]
    for name in names[:active]:
        record_checkin(db, camp.slug, name, now=NOW, at=slot.open.add(minutes=5))
    return camp_report(db, camp.slug, now=NOW, day=3)


def test_guidance_for_a_small_healthy_wechat_camp(db, tmp_path):
    report = _wechat_camp(db, tmp_path, members=5, active=2)
    assert report.active_share == pytest.approx(0.4)
    assert [g["platform"] for g in report.guidance] == ["wechat", "b2b", "qq"]
    assert [g["own"] for g in report.guidance] == [True, False, False]
    assert [g["status"] for g in report.guidance] == ["ok", "ok", "ok"]
    assert "40%" in report.guidance[0]["message"]


def test_guidance_for_a_big_camp(db, tmp_path):
    report = _wechat_camp(db, tmp_path, members=250, active=30)  # 12% active
    statuses = {g["platform"]: g["status"] for g in report.guidance}
    assert statuses == {"wechat": "warn", "b2b": "warn", "qq": "ok"}
    wechat = report.guidance[0]
    assert "250 members" in wechat["message"] and "12%" in wechat["message"]
    assert "split" in wechat["message"]


def test_guidance_thresholds():
    def status(platform, members, share):
        return {g["platform"]: g["status"] for g in group_guidance("qq", members, share)}[platform]

    assert status("b2b", 100, 0.0) == "ok" and status("b2b", 101, 1.0) == "warn"
    assert status("wechat", 200, 0.20) == "ok"
    assert status("wechat", 200, 0.19) == "warn"
    assert status("wechat", 201, 0.5) == "warn"
    assert status("qq", 1000, 0.05) == "ok" and status("qq", 1000, 0.04) == "warn"
    assert status("qq", 1001, 0.5) == "warn"
    assert status("qq", 10, None) == "ok"  # before day 1 activity is not judged
    assert [g["platform"] for g in group_guidance("telegram", 1, 1.0)] == ["b2b", "wechat", "qq"]
    assert not any(g["own"] for g in group_guidance("telegram", 1, 1.0))


def test_guidance_speaks_the_camps_language():
    wechat = group_guidance("wechat", 300, 0.1, "zh")[0]
    assert wechat["rule"] == "约 200 人，活跃 20%"
    assert "300 人" in wechat["message"] and "10%" in wechat["message"]


@given(
    st.sampled_from(["b2b", "wechat", "qq", "other"]),
    st.integers(0, 5000),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_guidance_warns_exactly_when_a_rule_is_broken(platform, members, share):
    limits = {"b2b": (100, None), "wechat": (200, 0.20), "qq": (1000, 0.05)}
    guidance = group_guidance(platform, members, share)
    assert sorted(g["platform"] for g in guidance) == sorted(limits)
    assert guidance[0]["own"] == (platform in limits)
    for g in guidance:
        most, least = limits[g["platform"]]
        broken = members > most or (least is not None and share is not None and share < least)
        assert g["status"] == ("warn" if broken else "ok")


@given(st.floats(0, 1))
def test_bars_keep_their_width_and_grow_with_the_share(share):
    text = bar(share)
    assert len(text) == BAR_WIDTH
    assert text.count("█") == int(share * BAR_WIDTH + 0.5)
    assert bar(min(share + 0.1, 1.0)).count("█") >= text.count("█")


def test_percent_rounds_halves_up():
    assert [percent(x) for x in (0.0, 0.125, 0.5, 14 / 17, 1.0)] == [
        "0%",
        "13%",
        "50%",
        "82%",
        "100%",
    ]
    assert percent(None) == "—"


def test_markdown_report(db, camp):
    db.execute("UPDATE members SET converted = 1 WHERE camp_id = ? AND name = 'A'", [camp.id])
    db.conn.commit()
    text = render_report_markdown(camp_report(db, camp.slug, now=NOW))
    lines = text.splitlines()
    assert lines[0] == "## 📊 Report · Camp report"
    assert "| Members | 6 (4 active · 1 warned · 1 removed) |" in lines
    assert "| Active in the last 3 days | 40% |" in lines
    assert "| On-time rate | 82% |" in lines
    assert "| Makeups used | 1 |" in lines
    assert "| Conversion | 1/6 (17%) |" in lines
    assert "| 4 | 2026-12-04 | 3/5 | 60% |" in lines
    chart = lines[lines.index("```text") + 1 : lines.index("```", lines.index("```text") + 1)]
    assert chart == [
        "D1 ████████████████░░░░  80% 4/5",
        "D2 ████████████████░░░░  80% 4/5",
        "D3 ████████████░░░░░░░░  60% 3/5",
        "D4 ████████████░░░░░░░░  60% 3/5",
        "D5 ████████░░░░░░░░░░░░  40% 2/5",
        "D6 ████░░░░░░░░░░░░░░░░  20% 1/5",
        "D7 ░░░░░░░░░░░░░░░░░░░░   0% 0/5",
    ]
    assert "| 🥇 1 | A | 190 |" in lines
    assert "| 6 | 1 |" in lines  # one member with a best streak of 6 days
    assert "**Warned**: F" in lines and "**Removed**: E" in lines
    health = [line for line in lines if line.startswith("| B2B") or line.startswith("| WeChat")]
    assert len(health) == 2 and all("✅ OK" in line for line in health)


def test_markdown_report_in_chinese(db, tmp_path):
    path = tmp_path / "zh.toml"
    path.write_text(
        CP_FILE.read_text(encoding="utf-8").replace('language = "en"', 'language = "zh"'),
        encoding="utf-8",
    )
    camp = create_camp(db, str(path), name="打卡营", start=dt.date(2026, 12, 1), now=NOW)
    add_members(db, camp.slug, ["小明", "小红|A"], now=NOW)
    slot = camp_days(camp)[0].slots[0]
    record_checkin(db, camp.slug, "小明", now=NOW, at=slot.open.add(minutes=1))
    text = render_report_markdown(camp_report(db, camp.slug, now=NOW, day=2))
    assert "### 每日完成率" in text
    assert "第1天 ██████████░░░░░░░░░░  50% 1/2" in text
    assert "第2天 ░░░░░░░░░░░░░░░░░░░░   0% 0/2" in text
    assert "| 🥇 1 | 小明 | 10 |" in text
    assert "小红\\|A" in text  # a pipe in a name does not break the table
    assert "**已警告**：无" in text
