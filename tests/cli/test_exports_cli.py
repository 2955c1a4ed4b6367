"""`camp leaderboard --format png|html`, `camp report`, `camp certificate`, `camp export-ics`."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from camp.errors import CampError
from camp.exporters.fonts import find_font


def cjk_font_or_skip():
    try:
        find_font()
    except CampError as exc:
        pytest.skip(f"no CJK font here: {exc}")


@pytest.fixture
def demo(camp):
    camp.at("2026-11-23T22:30:00+08:00")
    camp("demo")
    return camp


def test_png_cards_page_the_leaderboard(demo, tmp_path):
    cjk_font_or_skip()
    target = tmp_path / "board.png"
    demo("leaderboard", "demo", "--format", "png", "-o", target)
    with Image.open(target) as card:
        assert card.format == "PNG" and card.width == 1080 and card.height > 400
    # 20 members fit one card, not numbered.
    assert sorted(p.name for p in tmp_path.glob("board*.png")) == ["board.png"]
    assert "needs -o" in demo("leaderboard", "demo", "--format", "png", ok=False).stderr


def test_the_html_page_holds_the_leaderboard_and_the_report(demo, tmp_path):
    target = tmp_path / "board.html"
    demo("leaderboard", "demo", "--by", "pair", "--format", "html", "-o", target)
    page = target.read_text(encoding="utf-8")
    assert "Alice &amp; Bob" in page or "Alice & Bob" in page
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org", "")


def test_report_formats(demo):
    data = demo.json("report", "demo", "--format", "json")
    assert data["members"]["total"] == 20
    assert len(data["completion"]) == 5  # day 5 is today, its window open
    markdown = demo("report", "demo").stdout
    assert "█" in markdown
    demo("members", "convert", "demo", "Alice", "Bob")
    assert demo.json("report", "demo", "--format", "json")["conversion"]["converted"] == 2


def test_certificates_for_the_mvp_and_a_member(demo, tmp_path, monkeypatch):
    cjk_font_or_skip()
    monkeypatch.chdir(tmp_path)
    # Day 5 of the demo camp: the MVP is decided at its end, or now if forced.
    refused = demo("certificate", "demo", "--mvp", ok=False).stderr
    assert "is not over (day 5 of" in refused and "--force" in refused
    assert not list(tmp_path.glob("certificate-*.png"))
    demo("certificate", "demo", "--mvp", "--force")
    files = list(tmp_path.glob("certificate-*.png"))
    assert files
    with Image.open(files[0]) as image:
        assert image.size == (1600, 1131)
    target = tmp_path / "alice.png"
    demo("certificate", "demo", "Alice", "-o", target)
    assert Image.open(io.BytesIO(target.read_bytes())).size == (1600, 1131)
    assert "not in the member standings" in demo("certificate", "demo", "Nobody", ok=False).stderr


def test_export_ics(demo, tmp_path):
    from icalendar import Calendar

    target = tmp_path / "camp.ics"
    demo("export-ics", "demo", "-o", target)
    calendar = Calendar.from_ical(target.read_bytes())
    assert len([c for c in calendar.walk("VEVENT")]) == 7


def test_page_files_are_numbered_with_one_width_so_they_list_in_order(tmp_path):
    from camp.services.exports import page_file_names

    assert page_file_names(tmp_path / "board.png", 1) == [tmp_path / "board.png"]
    names = [p.name for p in page_file_names(tmp_path / "board.png", 12)]
    assert names[0] == "board-01.png" and names[-1] == "board-12.png"
    assert sorted(names) == names
    wide = [p.name for p in page_file_names(tmp_path / "b.png", 120)]
    assert wide[0] == "b-001.png" and sorted(wide) == wide and len(set(wide)) == 120


FORMULAS = ['=HYPERLINK("http://x","win")', "@SUM(1+1)", "+1-2", "-2+3"]


def test_csv_names_a_spreadsheet_would_run_are_shown_not_run_unless_raw(cp):
    import csv

    cp("members", "add", "cp-test", "--", *FORMULAS)  # "--": "-2+3" is a name
    cp.at("2026-12-01T21:00:00+08:00")
    cp("checkin", "cp-test", FORMULAS[0])
    rows = list(csv.DictReader(io.StringIO(cp("leaderboard", "cp-test", "--format", "csv").stdout)))
    names = {row["name"] for row in rows}
    assert {"'" + name for name in FORMULAS} <= names
    assert {"Alice", "Bob", "小明", "小红"} <= names  # ordinary names as they are
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)
    assert all(row["points"].lstrip("-").isdigit() for row in rows)  # numbers stay numbers
    raw = cp("leaderboard", "cp-test", "--format", "csv", "--raw").stdout
    assert set(FORMULAS) <= {row["name"] for row in csv.DictReader(io.StringIO(raw))}
