"""`camp certificate CAMP --passed` and `"outcome"` in the leaderboard's JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def finished(camp, tmp_path, monkeypatch):
    """A 7-day solo camp with [outcomes] pass = 5 days: Ann perfect, Ben passed, Cat not."""
    text = (DATA / "cp.toml").read_text().replace('group = "pair"', 'group = "solo"')
    path = tmp_path / "o.toml"
    path.write_text(text + '\n[outcomes]\npass = { min_days = 5 }\nperfect = "all"\n')
    camp.at("2026-11-30T12:00:00+08:00")
    camp("new", path, "--name", "Done", "--start", "2026-12-01")
    camp("members", "add", "done", "Ann", "Ben", "Cat")
    for day in range(1, 8):
        camp.at(f"2026-12-0{day}T21:00:00+08:00")
        camp("checkin", "done", "Ann")
        if day != 3:
            camp("checkin", "done", "Ben")
        if day < 3:
            camp("checkin", "done", "Cat")
    monkeypatch.chdir(tmp_path)
    return camp


def test_passed_certificates_go_to_every_finisher(finished, tmp_path):
    finished.at("2026-12-03T21:30:00+08:00")
    refused = finished("certificate", "done", "--passed", ok=False).stderr
    assert "is not over (day 3 of 7)" in refused
    finished.at("2026-12-10T12:00:00+08:00")
    board = finished.json("leaderboard", "done", "--json")
    assert [(e["name"], e["outcome"]) for e in board["entries"]] == [
        ("Ann", "perfect"),
        ("Ben", "passed"),
        ("Cat", "failed"),
    ]
    made = finished.json("certificate", "done", "--passed", "--json")
    assert [(m["name"], m["outcome"], m["file"]) for m in made] == [
        ("Ann", "perfect", "certificate-Ann.png"),
        ("Ben", "passed", "certificate-Ben.png"),
    ]
    assert sorted(p.name for p in tmp_path.glob("certificate-*.png")) == [
        "certificate-Ann.png",
        "certificate-Ben.png",
    ]
    assert (tmp_path / "certificate-Ann.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_passed_needs_outcomes_and_takes_no_name(finished, camp):
    finished.at("2026-12-10T12:00:00+08:00")
    assert "leave out MEMBER" in finished("certificate", "done", "Ann", "--passed", ok=False).stderr
    assert (
        "leave out -o"
        in finished("certificate", "done", "--passed", "-o", "x.png", ok=False).stderr
    )
    camp("new", DATA / "cp.toml", "--name", "Plain", "--start", "2026-12-01")
    camp("members", "add", "plain", "Zed")
    words = camp("certificate", "plain", "--passed", ok=False).stderr
    assert "has no [outcomes] in its camp file" in words
