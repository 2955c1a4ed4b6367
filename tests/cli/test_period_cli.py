"""`camp leaderboard CAMP --week N` and `--from-day A --to-day B` (SPEC section 11)."""

from __future__ import annotations

import pytest


@pytest.fixture
def fortnight(camp):
    """A 14-day camp from tests/data/cp.toml: Alice counts in week 1, Bob in week 2."""
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    camp.at("2026-11-30T12:00:00+08:00")
    camp("new", data / "cp.toml", "--name", "Two", "--start", "2026-12-01", "--days", "14")
    camp("members", "add", "two", "Alice", "Bob")
    for day in (1, 2, 3):
        camp.at(f"2026-12-0{day}T21:00:00+08:00")("checkin", "two", "Alice")
    for day in (8, 9):
        camp.at(f"2026-12-{day:02d}T21:00:00+08:00")("checkin", "two", "Bob")
    camp.at("2026-12-20T12:00:00+08:00")
    return camp


def test_a_week_board_ranks_only_that_weeks_points_in_every_format(fortnight, tmp_path):
    week_2 = fortnight.json("leaderboard", "two", "--week", "2", "--json")
    assert (week_2["from_day"], week_2["to_day"]) == (8, 14)
    assert [(e["name"], e["points"]) for e in week_2["entries"]] == [
        ("Bob", 30 + 30 + 2),
        ("Alice", 0),
    ]
    same = fortnight.json("leaderboard", "two", "--from-day", "8", "--to-day", "14", "--json")
    assert same == week_2
    week_1 = fortnight.json("leaderboard", "two", "--week", "1", "--json")
    assert [e["name"] for e in week_1["entries"]] == ["Alice", "Bob"]
    whole = fortnight.json("leaderboard", "two", "--json")
    assert {e["name"]: e["points"] for e in whole["entries"]} == {
        e["name"]: e["points"] + f["points"]
        for e in week_1["entries"]
        for f in week_2["entries"]
        if e["name"] == f["name"]
    }
    text = fortnight("leaderboard", "two", "--week", "2").stdout
    assert text.index("Bob") < text.index("Alice")
    assert "Bob" in fortnight("leaderboard", "two", "--week", "2", "--format", "md").stdout
    csv = fortnight("leaderboard", "two", "--week", "2", "--format", "csv").stdout
    assert csv.splitlines()[1].split(",")[:3] == ["1", "Bob", "62"]
    page = tmp_path / "week.html"
    fortnight("leaderboard", "two", "--week", "2", "--format", "html", "-o", page)
    assert page.read_text().index("Bob") < page.read_text().index("Alice")


def test_bad_periods_get_one_sentence(fortnight):
    for args, words in (
        (["--week", "3"], "--week 3 is not a week of two"),
        (["--week", "1", "--from-day", "2"], "Give --week N, or --from-day A --to-day B"),
        (["--from-day", "9", "--to-day", "4"], "--from-day 9 is not between day 1"),
        (["--day", "3", "--to-day", "4"], "Give --day or --to-day, not both."),
    ):
        result = fortnight("leaderboard", "two", *args, ok=False)
        assert words in result.stderr


def test_a_week_still_running_is_ranked_up_to_today_and_says_its_days(fortnight):
    fortnight.at("2026-12-09T22:00:00+08:00")  # day 9 of 14: week 2 has begun
    week_2 = fortnight.json("leaderboard", "two", "--week", "2", "--json")
    assert (week_2["from_day"], week_2["to_day"]) == (8, 9)
    text = fortnight("leaderboard", "two", "--week", "2").stdout
    assert "Days 8-9 of 14" in text.splitlines()[1]
    chat = fortnight("leaderboard", "two", "--from-day", "2", "--to-day", "3", "--format", "chat")
    assert "Days 2-3 of 14" in chat.stdout
    assert "Day 9/14" in fortnight("leaderboard", "two").stdout.splitlines()[1]


def test_a_week_that_has_not_begun_is_refused(fortnight):
    fortnight.at("2026-12-03T22:00:00+08:00")
    result = fortnight("leaderboard", "two", "--week", "2", ok=False)
    assert result.exit_code != 0
    assert "Week 2 of two begins on day 8, and the camp is on day 3" in result.stderr


def test_the_summary_after_each_seventh_day_posts_that_weeks_board(camp, tmp_path):
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    text = (data / "cp_announced.toml").read_text(encoding="utf-8")
    text = text.replace('group = "pair"', 'group = "solo"').replace("days = 7", "days = 15")
    text = text.replace("[reminders]\n", "[reminders]\nweekly_board = true\n", 1)
    definition = tmp_path / "weekly.toml"
    definition.write_text(text, encoding="utf-8")
    camp.at("2026-11-30T12:00:00+08:00")
    camp("new", definition, "--name", "Weekly", "--start", "2026-12-01")
    camp("members", "add", "weekly", "Alice", "Bob")
    for day in (1, 2, 3):
        camp.at(f"2026-12-0{day}T21:00:00+08:00")("checkin", "weekly", "Alice")
    for day in (8, 9):
        camp.at(f"2026-12-{day:02d}T21:00:00+08:00")("checkin", "weekly", "Bob")
    camp("run", "--once", "--now", "2026-12-15T09:30:00+08:00", "--grace", "2000000")
    texts = {e["day"]: e["text"] for e in camp.json("outbox", "--json") if e["kind"] == "summary"}
    assert "Week 2** (days 8–14)" in texts[14]
    week = texts[14].split("**Week 2**", 1)[1].split("\n\n", 1)[0]
    board = camp.json("leaderboard", "weekly", "--week", "2", "--json")["entries"]
    bob = next(e for e in board if e["name"] == "Bob")
    assert bob["points"] > 0 and f"**Bob** · {bob['points']} pts this week" in week
    assert "Alice" not in week  # no points that week
    assert "**Week 1** (days 1–7)" in texts[7]
    assert not any("**Week" in texts[day] for day in texts if day not in (7, 14))
