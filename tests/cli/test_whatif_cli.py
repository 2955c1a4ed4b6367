"""`camp whatif CAMP --set KEY=VALUE… [--json]` (SPEC section 11)."""

from __future__ import annotations


def test_whatif_lists_who_moves(cp):
    cp.at("2026-12-05T23:45:00+08:00")("checkin", "cp-test", "Alice")  # late on day 5
    cp.at("2026-12-03T21:00:00+08:00")("checkin", "cp-test", "Bob")
    cp.at("2026-12-10T12:00:00+08:00")
    text = cp("whatif", "cp-test", "--set", "scoring.late_factor=0.8").stdout
    assert text.splitlines() == [
        "What if scoring.late_factor=0.8 · cp-test · as of day 7",
        "#1    Alice  32 pts  ↑1  (was #2, 20 pts)",
        "#2    Bob  20 pts  ↓1  (was #1, 20 pts)",
    ]
    same = cp.json("whatif", "cp-test", "--json")
    assert same["changes"] == 0 and same["set"] == {}
    board = cp.json("leaderboard", "cp-test", "--json")
    assert [(e["name"], e["rank"], e["points"]) for e in same["entries"]] == [
        (e["name"], e["rank"], e["points"]) for e in board["entries"]
    ]
    assert "Nobody moves" in cp("whatif", "cp-test").stdout


def test_whatif_refuses_a_bad_setting_in_one_sentence(cp):
    result = cp("whatif", "cp-test", "--set", "scoring.late_factor=1.5", ok=False)
    assert "scoring.late_factor: 1.5 is out of range" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
