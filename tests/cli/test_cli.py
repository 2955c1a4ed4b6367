"""The command line of SPEC section 5, driven through click's CliRunner."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


def by_name(board: dict) -> dict:
    return {entry["name"]: entry for entry in board["entries"]}


def test_templates_lists_the_five_builtins_as_json(camp):
    templates = camp.json("templates", "--json")
    ids = {t["id"] for t in templates}
    assert {"accounting-sprint", "copywriting-cp", "study-buddy", "reading-camp", "ops-club"} <= ids
    for t in templates:
        assert set(t) == {"id", "name", "days", "description"}
        assert t["days"] >= 1 and t["description"]


def test_new_prints_the_slug_and_list_shows_it(camp):
    camp.at("2026-11-23T09:00:00+08:00")
    out = camp("new", "copywriting-cp", "--name", "Winter CP", "--start", "2026-12-01").stdout
    assert out == "winter-cp\n"
    again = camp("new", "copywriting-cp", "--name", "Winter CP", "--start", "2026-12-08").stdout
    assert again == "winter-cp-2\n"
    camps = camp.json("list", "--json")
    assert [c["slug"] for c in camps] == ["winter-cp-2", "winter-cp"]
    first = camps[1]
    assert set(first) == {"slug", "name", "template", "timezone", "start", "days", "status"}
    assert first["template"] == "copywriting-cp"
    assert first["start"] == "2026-12-01"
    assert first["status"] == "upcoming"


def test_new_overrides_timezone_and_days(camp):
    camp.at("2026-11-23T09:00:00Z")
    camp(
        "new",
        "reading-camp",
        "--name",
        "Book club",
        "--start",
        "2026-12-01",
        "--tz",
        "Europe/Paris",
        "--days",
        "5",
    )
    plan = camp.json("plan", "book-club", "--json")
    assert plan["camp"] == "book-club"
    assert len(plan["days"]) == 5
    assert plan["days"][0]["windows"][0]["open"].endswith("+01:00")


def test_plan_json_shape_and_linear_ramp(cp):
    plan = cp.json("plan", "cp-test", "--json")
    days = plan["days"]
    assert [d["difficulty"] for d in days] == [1, 2, 2, 3, 4, 4, 5]
    assert days[0]["date"] == "2026-12-01"
    assert days[6]["task"] == "Final pitch"
    window = days[0]["windows"][0]
    assert window == {
        "name": "night",
        "open": "2026-12-01T20:00:00+08:00",
        "due": "2026-12-01T23:30:00+08:00",
        "late_until": "2026-12-02T00:30:00+08:00",
    }


def test_checkin_judging_and_leaderboard_follow_the_scoring_rules(cp):
    cp.at("2026-12-03T12:00:00+08:00")
    cp("pair", "cp-test", "Alice", "Bob")
    out = cp("checkin", "cp-test", "Alice", "--at", "2026-12-01T20:30").stdout
    assert "on time" in out and "day 1" in out and "10 points" in out
    assert "on time" in cp("checkin", "cp-test", "Alice", "--at", "2026-12-02T21:00").stdout
    # 00:10 after day 1's due (23:30) but before late_until (00:30): late for day 1.
    late = cp.json("checkin", "cp-test", "Bob", "--at", "2026-12-02T00:10", "--json")
    assert (late["status"], late["day"], late["points"]) == ("late", 1, 5)
    # Bob missed day 2; the operator approves a makeup: round_half_up(10 x 2 x 0.5) = 10.
    makeup = cp.json("checkin", "cp-test", "Bob", "--makeup", "2", "--json")
    assert (makeup["status"], makeup["day"], makeup["points"]) == ("makeup", 2, 10)
    board = cp.json("leaderboard", "cp-test", "--format", "json")
    assert board["camp"] == "cp-test" and board["by"] == "member" and board["as_of_day"] == 2
    entries = by_name(board)
    # Alice: 10 + 20 + streak bonus on day 2 (2) = 32.
    assert entries["Alice"] == {
        "rank": 1,
        "name": "Alice",
        "points": 32,
        "on_time": 2,
        "late": 0,
        "makeup": 0,
        "streak": 2,
        "best_streak": 2,
        "members": ["Alice"],
    }
    # Bob: 5 + 10 + 2 (the makeup repairs the streak) = 17.
    assert entries["Bob"]["points"] == 17
    assert (entries["Bob"]["late"], entries["Bob"]["makeup"], entries["Bob"]["streak"]) == (1, 1, 2)
    # Members with nothing share the last rank.
    assert entries["小明"]["rank"] == entries["小红"]["rank"] == 3
    pairs = cp.json("leaderboard", "cp-test", "--by", "pair", "--json")
    assert pairs["entries"][0]["members"] == ["Alice", "Bob"]
    assert pairs["entries"][0]["points"] == 32 + 17 + 5 * 2


def test_duplicate_outside_and_future_checkins(cp):
    cp.at("2026-12-02T12:00:00+08:00")
    cp("checkin", "cp-test", "Alice", "--at", "2026-12-01T20:30")
    assert "duplicate" in cp("checkin", "cp-test", "Alice", "--at", "2026-12-01T22:00").stdout
    assert "outside" in cp("checkin", "cp-test", "Alice", "--at", "2026-12-02T11:00").stdout
    refused = cp("checkin", "cp-test", "Alice", "--at", "2026-12-02T20:30", ok=False)
    assert "future" in refused.stderr
    board = by_name(cp.json("leaderboard", "cp-test", "--json"))
    assert board["Alice"]["points"] == 10 and board["Alice"]["on_time"] == 1


def test_an_earlier_checkin_recorded_later_takes_the_slot(cp):
    cp.at("2026-12-02T12:00:00+08:00")
    assert "late" in cp("checkin", "cp-test", "Bob", "--at", "2026-12-02T00:05").stdout
    assert "on time" in cp("checkin", "cp-test", "Bob", "--at", "2026-12-01T21:00").stdout
    board = by_name(cp.json("leaderboard", "cp-test", "--json"))
    assert (board["Bob"]["points"], board["Bob"]["on_time"], board["Bob"]["late"]) == (10, 1, 0)


def test_makeup_limit_and_open_day_are_refused(cp):
    cp.at("2026-12-04T12:00:00+08:00")
    approved = cp("checkin", "cp-test", "Alice", "--makeup", "1").stdout
    # It counts as made when day 1 was due (23:30), not when it was approved.
    assert approved.strip() == "Alice: a makeup for day 1, counted as at 2026-12-01 23:30, 5 points"
    over = cp("checkin", "cp-test", "Alice", "--makeup", "2", ok=False)
    assert "1 of 1" in over.stderr
    cp.at("2026-12-04T21:00:00+08:00")
    still_open = cp("checkin", "cp-test", "Bob", "--makeup", "4", ok=False)
    assert "day 4" in still_open.stderr.lower() or "not closed" in still_open.stderr.lower()


def test_graded_score_only_on_graded_days(cp):
    cp.at("2026-12-08T12:00:00+08:00")
    done = cp.json(
        "checkin", "cp-test", "Alice", "--at", "2026-12-07T20:10", "--score", "85", "--json"
    )
    # Day 7 difficulty 5: 10 x 5 = 50, plus round_half_up(20 x 85 / 100) = 17.
    assert done["points"] == 67
    refused = cp("checkin", "cp-test", "Bob", "--at", "2026-12-06T20:10", "--score", "85", ok=False)
    assert "graded" in refused.stderr


def test_adjust_takes_negative_points_as_plain_argument(cp):
    cp.at("2026-12-02T12:00:00+08:00")
    cp("checkin", "cp-test", "Bob", "--at", "2026-12-01T20:30")
    assert "-2 points" in cp("adjust", "cp-test", "Bob", "-2", "--reason", "spam").stdout
    cp("adjust", "cp-test", "Alice", "5", "--reason", "great post")
    board = by_name(cp.json("leaderboard", "cp-test", "--json"))
    assert board["Bob"]["points"] == 8
    assert board["Alice"]["points"] == 5
    missing_reason = cp("adjust", "cp-test", "Bob", "3", ok=False)
    assert "--reason" in missing_reason.stderr


@pytest.mark.parametrize("points", ["99999999999999999999999", "10000000000000000", "-1000001"])
def test_an_adjustment_beyond_a_million_points_is_refused_in_one_sentence(cp, points):
    cp.at("2026-12-02T12:00:00+08:00")
    refused = cp("adjust", "cp-test", "Bob", points, "--reason", "typo", ok=False)
    assert "Traceback" not in refused.stderr
    assert f"An adjustment of {points} points is beyond 1,000,000 either way" in refused.stderr
    assert by_name(cp.json("leaderboard", "cp-test", "--json"))["Bob"]["points"] == 0
    assert "+1000000 points" in cp("adjust", "cp-test", "Bob", "1000000", "--reason", "max").stdout


def test_removed_members_leave_the_leaderboard_but_keep_history(cp):
    cp.at("2026-12-02T12:00:00+08:00")
    cp("checkin", "cp-test", "小明", "--at", "2026-12-01T20:30")
    cp("members", "remove", "cp-test", "小明")
    names = [e["name"] for e in cp.json("leaderboard", "cp-test", "--json")["entries"]]
    assert "小明" not in names
    everyone = cp.json("leaderboard", "cp-test", "--json", "--all")
    assert by_name(everyone)["小明"]["points"] == 10
    listed = {m["name"]: m for m in cp.json("members", "list", "cp-test", "--json")}
    assert listed["小明"]["status"] == "removed" and listed["小明"]["checkins"] == 1
    refused = cp("checkin", "cp-test", "小明", ok=False)
    assert "removed" in refused.stderr


def test_auto_pair_pairs_everyone_unpaired_and_reports_the_odd_one(cp):
    cp("members", "add", "cp-test", "Zed")
    out = cp("pair", "cp-test", "--auto")
    assert out.stdout.count("Paired") == 2
    assert "Zed has no partner" in out.stderr
    listed = {m["name"]: m for m in cp.json("members", "list", "cp-test", "--json")}
    assert listed["Alice"]["partner"] == "Bob" and listed["小明"]["partner"] == "小红"
    again = cp("pair", "cp-test", "Alice", "Zed", ok=False)
    assert "already paired with Bob" in again.stderr


def test_members_import_csv_with_cjk_and_shifts(camp, tmp_path):
    camp.at("2026-11-23T09:00:00+08:00")
    camp("new", "study-buddy", "--name", "Buddies", "--start", "2026-12-01")
    windows = [w["name"] for w in camp.json("plan", "buddies", "--json")["days"][0]["windows"]]
    csv_file = tmp_path / "members.csv"
    csv_file.write_text(
        f"name,handle,shift\n小美,10001,{windows[0]}\nLily,10002,{windows[-1]}\n", encoding="utf-8"
    )
    camp("members", "import", "buddies", csv_file)
    listed = {m["name"]: m for m in camp.json("members", "list", "buddies", "--json")}
    assert listed["小美"]["shift"] == windows[0] and listed["小美"]["handle"] == "10001"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,shift\nAnna,midnight\n", encoding="utf-8")
    refused = camp("members", "import", "buddies", bad, ok=False)
    assert "line 2" in refused.stderr and "midnight" in refused.stderr
    assert "Anna" not in {m["name"] for m in camp.json("members", "list", "buddies", "--json")}


def test_text_leaderboard_has_medals_and_stays_aligned_with_cjk(cp):
    cp.at("2026-12-03T12:00:00+08:00")
    for name, at in [
        ("小明", "2026-12-01T20:10"),
        ("Alice", "2026-12-01T20:20"),
        ("小明", "2026-12-02T20:10"),
        ("Bob", "2026-12-02T00:10"),
    ]:
        cp("checkin", "cp-test", name, "--at", at)
    text = cp("leaderboard", "cp-test").stdout
    lines = text.splitlines()
    assert "CP test" in lines[0] and "Day 2/7" in lines[1]
    rows = [line for line in lines if "pts" in line]
    assert rows[0].startswith("🥇") and "小明" in rows[0]
    assert rows[1].startswith("🥈") and rows[2].startswith("🥉")
    from wcwidth import wcswidth

    columns = {wcswidth(row[: row.index(" pts")]) for row in rows}
    assert len(columns) == 1, rows
    assert "MVP: 小明" in text


def test_leaderboard_formats_and_output_file(cp, tmp_path):
    cp.at("2026-12-02T12:00:00+08:00")
    cp("checkin", "cp-test", "Alice", "--at", "2026-12-01T20:30")
    md = cp("leaderboard", "cp-test", "--format", "md").stdout
    assert "| 🥇 1 | Alice 👑 | 10 |" in md
    csv_text = cp("leaderboard", "cp-test", "--format", "csv").stdout.splitlines()
    assert csv_text[0].startswith("rank,name,points") and csv_text[1].startswith("1,Alice,10")
    target = tmp_path / "board.json"
    cp("leaderboard", "cp-test", "--format", "json", "-o", target)
    assert json.loads(target.read_text(encoding="utf-8"))["entries"][0]["name"] == "Alice"
    top = cp.json("leaderboard", "cp-test", "--json", "--top", "1")
    assert [e["name"] for e in top["entries"]] == ["Alice"]
    as_of_1 = cp.json("leaderboard", "cp-test", "--json", "--day", "1")
    assert as_of_1["as_of_day"] == 1


def test_bad_input_gets_one_sentence_and_changes_nothing(camp, tmp_path):
    camp.at("2026-11-23T09:00:00+08:00")
    assert "No camp database at" in camp("show", "nope", ok=False).stderr
    broken = tmp_path / "broken.toml"
    broken.write_text(
        "[camp]\nname = 'X'\ndays = 3\n[[windows]]\nname='a'\nopen='20:00'\n"
        "due='21:00'\n[[windows]]\nname='b'\nopen='20:30'\ndue='22:00'\n"
    )
    result = camp("new", broken, "--name", "X", "--start", "2026-12-01", ok=False)
    assert "overlaps" in result.stderr and "broken.toml" in result.stderr
    bad_tz = camp(
        "new",
        "copywriting-cp",
        "--name",
        "X",
        "--start",
        "2026-12-01",
        "--tz",
        "Mars/Olympus",
        ok=False,
    )
    assert "Mars/Olympus" in bad_tz.stderr
    assert (
        "not a date"
        in camp("new", "copywriting-cp", "--name", "X", "--start", "12/01", ok=False).stderr
    )
    assert not (tmp_path / "camp.db").exists()  # the refused camps made no database
    camp("new", "copywriting-cp", "--name", "Y", "--start", "2026-12-01")
    assert "No camp with slug 'nope'" in camp("show", "nope", ok=False).stderr
    assert "No member 'Ghost'" in camp("checkin", "y", "Ghost", ok=False).stderr
    assert "ISO 8601" in camp("checkin", "y", "Ghost", "--at", "yesterday-ish", ok=False).stderr


def test_every_write_is_in_the_database_file_given_by_db(camp, tmp_path):
    camp.at("2026-11-23T09:00:00+08:00")
    path = tmp_path / "other.db"
    camp("--db", path, "new", "copywriting-cp", "--name", "Elsewhere", "--start", "2026-12-01")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT slug FROM camps").fetchall() == [("elsewhere",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not (tmp_path / "camp.db").exists()  # CAMP_DB's database was never made


def test_a_database_path_that_names_no_file_is_refused_and_nothing_is_made(camp, tmp_path):
    typo = tmp_path / "cmap.db"
    for command in (["list"], ["leaderboard", "x"], ["run", "--once"], ["outbox"]):
        refused = camp("--db", typo, *command, ok=False)
        assert refused.stderr.strip().splitlines() == [
            f"Error: No camp database at {typo}: check --db (or CAMP_DB) for a typo, or make "
            "a camp there first with `camp new` (or `camp demo`)."
        ]
    assert not typo.exists()
    camp.at("2026-11-23T09:00:00+08:00")
    camp("--db", typo, "new", "copywriting-cp", "--name", "Here", "--start", "2026-12-01")
    assert [c["slug"] for c in camp.json("--db", typo, "list", "--json")] == ["here"]


def test_demo_builds_a_camp_with_pairs_and_a_makeup(camp):
    camp.at("2026-11-23T22:30:00+08:00")
    out = camp("demo")
    assert "🥇" in out.stdout and "&" in out.stdout
    pairs = camp.json("leaderboard", "demo", "--by", "pair", "--json")
    assert len(pairs["entries"]) == 10
    members = camp.json("members", "list", "demo", "--json")
    assert len(members) == 20 and all(m["partner"] for m in members)
    board = camp.json("leaderboard", "demo", "--json")["entries"]
    assert sum(e["makeup"] for e in board) == 1
    assert sum(e["late"] for e in board) > 0
    assert board[0]["points"] > board[-1]["points"]
    assert "already exists" in camp("demo").stderr
    camp("demo", "--reset")
    assert len(camp.json("members", "list", "demo", "--json")) == 20


def test_no_command_prints_help(camp):
    assert "camp demo" in camp().stdout


def test_team_leaderboard_sums_members_and_rest_days_are_skipped(camp):
    camp.at("2026-12-08T20:00:00+08:00")
    # ops-club rests on weekends: Fri 2026-12-04 is day 4, Mon 2026-12-07 is day 5.
    camp("new", "ops-club", "--name", "Ops", "--start", "2026-12-01")
    days = camp.json("plan", "ops", "--json")["days"]
    assert [d["date"] for d in days[3:5]] == ["2026-12-04", "2026-12-07"]
    camp("members", "add", "ops", "Ann", "Ben", "--team", "Growth")
    camp("members", "add", "ops", "Cai", "--team", "Data")
    camp("checkin", "ops", "Ann", "--at", "2026-12-04T10:00")
    camp("checkin", "ops", "Ann", "--at", "2026-12-07T10:00")
    camp("checkin", "ops", "Ben", "--at", "2026-12-07T15:00")
    assert "outside" in camp("checkin", "ops", "Cai", "--at", "2026-12-05T10:00").stdout
    teams = by_name(camp.json("leaderboard", "ops", "--by", "team", "--json"))
    # Ann: 10 + 10 + streak bonus 1; Ben: late, round_half_up(10 x 0.5) = 5.
    assert teams["Growth"]["points"] == 26 and teams["Growth"]["members"] == ["Ann", "Ben"]
    assert teams["Data"]["points"] == 0 and teams["Data"]["rank"] == 2
    refused = camp("leaderboard", "ops", "--by", "pair", ok=False)
    assert "no pairs" in refused.stderr


def test_a_chinese_camp_name_gets_the_template_id_as_slug(camp):
    camp.at("2026-11-23T09:00:00+08:00")
    assert camp(
        "new", "copywriting-cp", "--name", "冬季文案CP营", "--start", "2026-12-01"
    ).stdout == ("copywriting-cp\n")
    assert camp(
        "new", "reading-camp", "--name", "Café Lecture", "--start", "2026-12-01"
    ).stdout == ("cafe-lecture\n")


def test_start_today_is_the_camps_own_today(camp):
    # 18:00 UTC on the 23rd is already the 24th in Shanghai.
    camp.at("2026-11-23T18:00:00Z")
    camp("new", "copywriting-cp", "--name", "Tonight", "--start", "today")
    assert camp.json("list", "--json")[0]["start"] == "2026-11-24"
    camp("new", "copywriting-cp", "--name", "NY", "--start", "tomorrow", "--tz", "America/New_York")
    assert {c["slug"]: c["start"] for c in camp.json("list", "--json")}["ny"] == "2026-11-24"
    bad = camp(
        "new", "copywriting-cp", "--name", "X", "--start", "today", "--tz", "Moon/Base", ok=False
    )
    assert "Moon/Base" in bad.stderr


def test_a_database_of_an_earlier_release_is_upgraded_once_and_says_so_first(camp, tmp_path):
    # Rebuilding a big camp's tables takes a while: the operator is told before the pause.
    path = tmp_path / "release.db"
    conn = sqlite3.connect(path)
    conn.executescript((DATA / "release-0.1.0.sql").read_text(encoding="utf-8"))
    conn.close()
    first = camp("--db", path, "list")
    assert first.stderr.startswith(f"Upgrading the camp database {path} for this release (")
    assert "changes, once; a big camp takes a few seconds)...\n" in first.stderr
    assert "cp" in first.stdout  # the release's camps, listed as before
    again = camp("--db", path, "list")
    assert again.stderr == "" and again.stdout == first.stdout


def test_a_new_database_is_made_without_saying_it_is_upgraded(camp, tmp_path):
    new = tmp_path / "new.db"
    made = camp("--db", new, "new", DATA / "cp.toml", "--name", "CP", "--start", "2026-12-01")
    assert "Upgrading" not in made.stderr
