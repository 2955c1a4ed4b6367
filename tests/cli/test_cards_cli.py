"""The standings card of summaries in `camp run`, and `camp leaderboard --format chat`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from camp.exporters import fonts

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def no_system_fonts(monkeypatch):
    """A machine with no font installed: only Pillow's own font is there."""
    monkeypatch.delenv("CAMP_FONT", raising=False)
    monkeypatch.setenv("CAMP_EMOJI_FONT", "none")
    monkeypatch.setattr(fonts, "CANDIDATES", ())
    monkeypatch.setattr(fonts, "LATIN_CANDIDATES", ())


def pair_camp(camp, tmp_path: Path, members: list[str]) -> Path:
    """The announced pair camp of tests/data (starting 2026-12-01), its folder channel."""
    camp.at("2026-11-30T12:00:00+08:00")
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    camp("new", definition, "--name", "CP announced", "--start", "2026-12-01")
    camp("members", "add", "cp-announced", *members)
    return tmp_path / "announcements"


def check_in(camp, day: int, *names: str) -> None:
    camp.at(f"2026-12-{day:02d}T21:00:00+08:00")
    for name in names:
        camp("checkin", "cp-announced", name)


def summaries(camp) -> list[dict]:
    return [e for e in camp.json("outbox", "--json") if e["kind"] == "summary"]


def test_a_summary_with_no_pair_ranked_yet_goes_without_a_card(camp, tmp_path, no_system_fonts):
    folder = pair_camp(camp, tmp_path, ["Alice", "Bob", "Cleo", "Dan"])
    check_in(camp, 1, "Alice", "Bob")
    run = camp("run", "--once", "--now", "2026-12-02T09:30:00+08:00")
    (summary,) = summaries(camp)
    assert summary["card_note"] == "No standings card: nothing is ranked yet."
    assert not list(folder.glob("*summary*.png"))
    assert "warning" not in run.stderr  # nothing went wrong
    # Once pairs are ranked, the next summary has its card.
    camp("pair", "cp-announced", "Alice", "Bob")
    check_in(camp, 2, "Alice", "Bob")
    camp("run", "--once", "--now", "2026-12-03T09:30:00+08:00")
    assert [s["card_note"] for s in summaries(camp)] == [summary["card_note"], None]
    (card,) = folder.glob("*summary*.png")
    assert card.read_bytes().startswith(b"\x89PNG")


def test_a_card_that_cannot_be_drawn_is_warned_about_once_and_noted(
    camp, tmp_path, no_system_fonts
):
    folder = pair_camp(camp, tmp_path, ["Alice", "小明", "Cleo", "Dan"])
    camp("pair", "cp-announced", "Alice", "小明")
    check_in(camp, 1, "Alice", "小明")
    first = camp("run", "--once", "--now", "2026-12-02T09:30:00+08:00")
    check_in(camp, 2, "Alice", "小明")
    second = camp("run", "--once", "--now", "2026-12-03T09:30:00+08:00")
    reason = (
        "No standings card. No installed font draws the Chinese characters this image "
        "must show (小, 明); install one (for example `apt install fonts-wqy-microhei`)"
    )
    warnings = [line for line in first.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and warnings[0].startswith(f"warning: cp-announced: {reason}")
    assert "warning: cp-announced: No standings card" not in second.stderr
    notes = [s["card_note"] for s in summaries(camp)]
    assert len(notes) == 2 and all(note.startswith(reason) for note in notes)
    # The text went all the same, and `camp outbox` says why it has no card.
    assert len(list(folder.glob("*summary*.md"))) == 2
    assert not list(folder.glob("*.png"))
    assert f"    {reason}" in camp("outbox").stdout


def test_a_latin_camp_posts_its_card_with_no_font_installed(camp, tmp_path, no_system_fonts):
    folder = pair_camp(camp, tmp_path, ["Alice", "Bob", "Cleo", "Dan"])
    camp("pair", "cp-announced", "--auto")
    check_in(camp, 1, "Alice", "Bob", "Cleo")
    camp("run", "--once", "--now", "2026-12-02T09:30:00+08:00")
    (summary,) = summaries(camp)
    assert summary["card_note"] is None
    assert len(list(folder.glob("*summary*.png"))) == 1


def test_leaderboard_in_chat_format(cp):
    cp("pair", "cp-test", "Alice", "Bob")
    cp.at("2026-12-01T21:00:00+08:00")
    cp("checkin", "cp-test", "Alice")
    cp("checkin", "cp-test", "小明")
    lines = cp("leaderboard", "cp-test", "--format", "chat").stdout.splitlines()
    assert lines[:3] == ["🏆 CP test · Leaderboard (members)", "Day 1/7", ""]
    assert lines[3].startswith("🥇 ") and lines[4].startswith("🥇 ")
    assert {lines[3][2:].split(" · ")[0], lines[4][2:].split(" · ")[0]} == {"Alice", "小明"}
    assert all("  " not in line for line in lines)
    pairs = cp("leaderboard", "cp-test", "--by", "pair", "--format", "chat").stdout
    assert "🥇 Alice & Bob · " in pairs


def test_png_and_certificates_of_a_latin_camp_need_no_font(camp, tmp_path, no_system_fonts):
    pair_camp(camp, tmp_path, ["Alice", "Bob", "Cleo", "Dan"])
    check_in(camp, 1, "Alice", "Bob")
    camp("leaderboard", "cp-announced", "--format", "png", "-o", tmp_path / "board.png")
    target = tmp_path / "alice.png"
    camp("certificate", "cp-announced", "Alice", "-o", target)
    assert target.read_bytes().startswith(b"\x89PNG")


def test_a_png_of_chinese_names_without_a_font_is_one_sentence(camp, tmp_path, no_system_fonts):
    pair_camp(camp, tmp_path, ["Alice", "小明"])
    check_in(camp, 1, "Alice", "小明")
    board = tmp_path / "board.png"
    result = camp("leaderboard", "cp-announced", "--format", "png", "-o", board, ok=False)
    assert "Chinese characters this image must show (小, 明)" in result.stderr
    assert "apt install fonts-wqy-microhei" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not board.exists()
