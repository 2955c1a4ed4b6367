"""Self-contained HTML pages of the leaderboard and the camp report, read back with a parser."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pendulum
import pytest

from camp.calendar import camp_days
from camp.db import open_db
from camp.exporters.html import render_leaderboard_html, render_report_html
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.members import add_members, auto_pair
from camp.services.report import camp_report
from camp.services.standings import standings_as_of

CP_FILE = Path(__file__).resolve().parent.parent / "data" / "cp.toml"
NOW = pendulum.datetime(2026, 12, 20, tz="UTC")
EVIL = "<b>Eve</b>"


class Page(HTMLParser):
    """What the tests look at: table rows per section, SVG shapes, resources, text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.section = ""
        self.svg = ""
        self.rows: dict[str, list[tuple[str, list[str]]]] = {}
        self.row: list[str] | None = None
        self.row_class = ""
        self.cell: list[str] | None = None
        self.tags: list[tuple[str, dict]] = []
        self.shapes: dict[str, list[tuple[str, dict]]] = {}
        self.data: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        classes = attributes.get("class") or ""
        if tag == "section":
            self.section = classes.split()[-1]
        elif tag == "svg":
            self.svg = classes.split()[-1]
        elif self.svg:
            self.shapes.setdefault(self.svg, []).append((tag, attributes))
        if tag == "tr":
            self.row, self.row_class = [], classes
        elif tag in ("td", "th"):
            self.cell = []
        if tag not in ("meta", "br", "line", "circle", "polyline", "polygon", "rect"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if self.svg:
            self.shapes.setdefault(self.svg, []).append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.setdefault(self.section, []).append((self.row_class, self.row))
            self.row = None
        elif tag == "svg":
            self.svg = ""
        elif tag == "section":
            self.section = ""
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "style" in self.stack or ("title" in self.stack and "svg" not in self.stack):
            return
        self.data.append(data)
        if self.cell is not None:
            self.cell.append(data)

    def body_rows(self, section: str) -> list[tuple[str, list[str]]]:
        """The rows of a section's table below its header row."""
        return self.rows.get(section, [])[1:]


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "h.db")


def build_camp(db, tmp_path, language: str = "en"):
    """Four members on a 7-day camp as of day 3; Ann and Bo tie for first place."""
    path = tmp_path / f"{language}.toml"
    path.write_text(
        CP_FILE.read_text(encoding="utf-8").replace('language = "en"', f'language = "{language}"'),
        encoding="utf-8",
    )
    camp = create_camp(db, str(path), name="HTML & <camp>", start=dt.date(2026, 12, 1), now=NOW)
    add_members(db, camp.slug, ["Ann", "Bo", "小明", EVIL], now=NOW)
    days = camp_days(camp)
    plan = {1: ["Ann", "Bo", "小明", EVIL], 2: ["Ann", "Bo", "小明"], 3: ["Ann", "Bo"]}
    for number, names in plan.items():
        slot = days[number - 1].slots[0]
        for minute, name in enumerate(names):
            record_checkin(db, camp.slug, name, now=NOW, at=slot.open.add(minutes=minute))
    return camp


def test_leaderboard_page_rows(db, tmp_path):
    camp = build_camp(db, tmp_path)
    board = standings_as_of(db, camp.slug, now=NOW, day=3)
    text = render_leaderboard_html(board)
    page = Page(text)
    rows = page.body_rows("leaderboard")
    assert [cells[1].removesuffix(" 👑") for _, cells in rows] == [e.name for e in board.entries]
    assert [int(cells[2]) for _, cells in rows] == [e.points for e in board.entries]
    first = rows[0][1]
    # Ann: 10 + 20 + 20 on time, streak bonuses 0 + 2 + 4; tied with Bo (same on-time count).
    assert first == ["🥇 1", "Ann 👑", "56", "3", "0", "0", "3", "3"]
    assert rows[1][1][:3] == ["🥇 1", "Bo 👑", "56"]
    assert [cls for cls, _ in rows] == ["mvp", "mvp", "", ""]
    assert rows[2][1][0] == "🥉 3" and rows[3][1][0] == "4"
    assert rows[3][1][1] == EVIL  # shown as text, not markup
    assert "MVP: Ann, Bo" in "".join(page.data)


def test_names_are_escaped(db, tmp_path):
    camp = build_camp(db, tmp_path)
    board = standings_as_of(db, camp.slug, now=NOW, day=3)
    report = camp_report(db, camp.slug, now=NOW, day=3)
    for text in (render_leaderboard_html(board, report), render_report_html(report)):
        assert "&lt;b&gt;Eve&lt;/b&gt;" in text
        assert "<b>" not in text and "<camp>" not in text
        assert "HTML &amp; &lt;camp&gt;" in text
        assert not any(tag == "b" for tag, _ in Page(text).tags)


def test_pages_are_self_contained_and_printable(db, tmp_path):
    camp = build_camp(db, tmp_path)
    board = standings_as_of(db, camp.slug, now=NOW, day=3)
    report = camp_report(db, camp.slug, now=NOW, day=3)
    for text in (render_leaderboard_html(board, report), render_report_html(report)):
        page = Page(text)
        assert text.startswith("<!DOCTYPE html>")
        assert "http" not in text
        tags = [tag for tag, _ in page.tags]
        assert "script" not in tags and "link" not in tags and "img" not in tags
        assert not any("src" in attrs or "href" in attrs for _, attrs in page.tags)
        assert ("meta", {"charset": "utf-8"}) in page.tags
        assert ("html", {"lang": "en"}) in page.tags
        assert "@media print" in text and "break-inside: avoid" in text
        assert '"PingFang SC"' in text and '"Microsoft YaHei"' in text
        assert '"Noto Sans CJK SC"' in text and '"WenQuanYi Micro Hei", sans-serif' in text


def test_completion_chart_has_one_point_per_day(db, tmp_path):
    camp = build_camp(db, tmp_path)
    report = camp_report(db, camp.slug, now=NOW, day=3)
    page = Page(render_report_html(report))
    shapes = page.shapes["completion-chart"]
    circles = [attrs for tag, attrs in shapes if tag == "circle"]
    assert len(circles) == 3
    (polyline,) = [attrs for tag, attrs in shapes if tag == "polyline"]
    points = [tuple(map(float, p.split(","))) for p in polyline["points"].split()]
    assert points == [(float(c["cx"]), float(c["cy"])) for c in circles]
    # Rates 100%, 75%, 50%: the line falls, each point lower (larger y) than the one before.
    assert points[0][1] < points[1][1] < points[2][1]
    assert points[0][0] < points[1][0] < points[2][0]
    texts = "".join(page.data)
    for label in ("0%", "50%", "100%", "75%", "D1", "D2", "D3"):
        assert label in texts
    assert any(tag == "polygon" for tag, _ in shapes)  # the area under the line


def test_streak_chart_has_a_bar_per_length(db, tmp_path):
    camp = build_camp(db, tmp_path)
    report = camp_report(db, camp.slug, now=NOW, day=3)
    assert report.streak_distribution == {1: 1, 2: 1, 3: 2}
    bars = [
        a for tag, a in Page(render_report_html(report)).shapes["streak-chart"] if tag == "rect"
    ]
    heights = [float(a["height"]) for a in bars]
    assert len(bars) == 4  # lengths 0..3, the empty 0 included
    assert heights[0] == 0 and heights[1] == heights[2] == heights[3] / 2


def test_report_page_sections(db, tmp_path):
    camp = build_camp(db, tmp_path)
    report = camp_report(db, camp.slug, now=NOW, day=3)
    page = Page(render_report_html(report))
    top = page.body_rows("top")
    assert [cells[1] for _, cells in top] == ["Ann", "Bo", "小明", EVIL]
    health = page.body_rows("health")
    assert [cells[0] for _, cells in health] == ["B2B", "WeChat", "QQ"]
    assert all(cells[2] == "✅ OK" for _, cells in health)
    # The leaderboard page shows the full table instead of the report's top 10.
    board = standings_as_of(db, camp.slug, now=NOW, day=3)
    assert "top" not in Page(render_leaderboard_html(board, report)).rows


def test_chinese_camp_page(db, tmp_path):
    camp = build_camp(db, tmp_path, language="zh")
    board = standings_as_of(db, camp.slug, now=NOW, day=3)
    text = render_leaderboard_html(board, camp_report(db, camp.slug, now=NOW, day=3))
    page = Page(text)
    assert ("html", {"lang": "zh-CN"}) in page.tags
    header = page.rows["leaderboard"][0][1]
    assert header == ["名次", "成员", "积分", "准时", "迟到", "补卡", "连续", "最长"]
    assert "第1天" in "".join(page.data) and "每日完成率" in text


def test_pair_board_and_empty_board(db, tmp_path):
    camp = build_camp(db, tmp_path)
    auto_pair(db, camp.slug, now=NOW)
    board = standings_as_of(db, camp.slug, now=NOW, day=3, by="pair")
    rows = Page(render_leaderboard_html(board)).body_rows("leaderboard")
    assert len(rows) == 2 and all(" & " in cells[1] for _, cells in rows)
    empty = create_camp(db, str(CP_FILE), name="Empty", start=dt.date(2026, 12, 1), now=NOW)
    text = render_leaderboard_html(standings_as_of(db, empty.slug, now=NOW))
    assert "No entries yet." in text and "<table>" not in text


def test_long_camps_thin_out_day_labels(db, tmp_path):
    path = tmp_path / "long.toml"
    path.write_text(
        CP_FILE.read_text(encoding="utf-8").replace("days = 7", "days = 40"), encoding="utf-8"
    )
    camp = create_camp(db, str(path), name="Long", start=dt.date(2026, 10, 1), now=NOW)
    add_members(db, camp.slug, ["Ann"], now=NOW)
    report = camp_report(db, camp.slug, now=NOW, day=40)
    page = Page(render_report_html(report))
    shapes = page.shapes["completion-chart"]
    assert sum(tag == "circle" for tag, _ in shapes) == 40
    labels = [a for tag, a in shapes if tag == "text" and a.get("class") == "x-label"]
    assert 10 <= len(labels) <= 16  # every third day and the last one
