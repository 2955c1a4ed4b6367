"""`camp statement CAMP MEMBER [--json]` (SPEC section 11)."""

from __future__ import annotations


def test_the_statement_sums_to_the_leaderboard(cp):
    for day in (1, 2, 3):
        cp.at(f"2026-12-0{day}T21:00:00+08:00")("checkin", "cp-test", "Alice")
    cp("adjust", "cp-test", "Alice", "-2", "--reason", "spam")
    cp.at("2026-12-04T12:00:00+08:00")
    statement = cp.json("statement", "cp-test", "Alice", "--json")
    board = cp.json("leaderboard", "cp-test", "--json")
    alice = next(e for e in board["entries"] if e["name"] == "Alice")
    assert statement["points"] == alice["points"] == 10 + 20 + 20 + 2 + 4 - 2
    assert [d["status"] for d in statement["days"]] == ["counted"] * 3  # day 4 opens at 20:00
    assert statement["days"][2]["adjustments"] == [{"points": -2, "reason": "spam"}]
    text = cp("statement", "cp-test", "Alice").stdout
    assert text.splitlines()[-1].startswith(f"Total {alice['points']} = check-ins 50")


def test_the_statement_refuses_bad_input_in_one_sentence(cp):
    for args, words in (
        (["Nobody"], "Nobody"),
        (["Alice", "--day", "9"], "outside the camp's days"),
    ):
        result = cp("statement", "cp-test", *args, ok=False)
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
