"""`camp leave CAMP MEMBER DAY --reason` (SPEC section 11)."""

from __future__ import annotations


def test_camp_leave_gives_a_day_off_and_says_what_is_left(cp):
    cp.at("2026-12-02T21:00:00+08:00")
    said = cp("leave", "cp-test", "Alice", "3", "--reason", "exam").stdout
    assert said == (
        "Alice is on leave on day 3 (2026-12-03): exam; 0 more leave days left in that period.\n"
    )
    assert cp.json("leave", "cp-test", "Bob", "4", "--reason", "trip", "--json") == {
        "member": "Bob",
        "day": 4,
        "date": "2026-12-04",
        "reason": "trip",
        "request": 2,
        "leave_left": 0,
    }
    listed = cp.json("requests", "cp-test", "--status", "approved", "--json")
    assert [(r["member"], r["kind"], r["day"], r["text"]) for r in listed] == [
        ("Alice", "leave", 3, "exam"),
        ("Bob", "leave", 4, "trip"),
    ]


def test_camp_leave_refuses_bad_input_in_one_sentence(cp):
    cp.at("2026-12-02T21:00:00+08:00")
    cp("leave", "cp-test", "Alice", "3", "--reason", "exam")
    for args, words in (
        (["Alice", "5"], "has used the 1 leave day of days 1-7 already (day 3)"),
        (["Alice", "0"], "Day 0 is not a day of cp-test"),
        (["Nobody", "2"], "Nobody"),
    ):
        result = cp("leave", "cp-test", *args, "--reason", "x", ok=False)
        assert words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert "--reason" in cp("leave", "cp-test", "Bob", "2", ok=False).stderr
    assert len(cp.json("requests", "cp-test", "--status", "all", "--json")) == 1
