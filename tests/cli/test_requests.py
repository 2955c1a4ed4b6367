"""The requests queue (SPEC section 11): `camp requests CAMP`, `approve`, `reject`, `add`."""

from __future__ import annotations

import os

import pendulum
import pytest

from camp.bots.base import LiveMessage
from camp.db import open_db
from camp.services.camps import get_camp
from camp.services.intake import hear
from camp.services.requests import add_request, approve_requests, list_requests

#: Day 2 at 21:00 in Shanghai: day 1 (night window, late until 00:30) is over.
DAY_2_EVENING = pendulum.datetime(2026, 12, 2, 21, 0, tz="Asia/Shanghai")


@pytest.fixture
def db(cp):
    """The `cp` camp's database, for what the chat and the services put in it."""
    db = open_db(os.environ["CAMP_DB"])
    yield db
    db.close()


def ask_in_chat(db, sender: str, text: str, at: pendulum.DateTime, message_id: str = "1"):
    """A member's message heard by a Telegram bot, as `camp run` would hear it."""
    message = LiveMessage("telegram", "-1001", message_id, None, sender, at.timestamp(), text)
    [heard] = hear(db, get_camp(db, "cp-test"), [message], now=at)
    assert heard.what == "command"
    return heard


def test_requests_from_the_chat_and_by_hand_are_listed_in_text_and_json(cp, db):
    ask_in_chat(db, "Bob", "#补卡 1", DAY_2_EVENING)
    add_request(db, "cp-test", "Alice", "leave", 3, now=DAY_2_EVENING.add(minutes=5), text="trip")
    cp.at("2026-12-02T21:10:00+08:00")
    queued = cp("requests", "add", "cp-test", "小明", "makeup", "1").stdout
    assert queued.startswith("Queued request 3: 小明, makeup for day 1")

    rows = cp.json("requests", "cp-test", "--json")
    assert rows[0] == {
        "id": 1,
        "member": "Bob",
        "kind": "makeup",
        "day": 1,
        "status": "pending",
        "text": "#补卡 1",
        "source": "bot:telegram",
        "created": "2026-12-02T21:00:00+08:00",
        "decided": None,
    }
    assert [(r["member"], r["kind"], r["day"], r["source"]) for r in rows[1:]] == [
        ("Alice", "leave", 3, "manual"),
        ("小明", "makeup", 1, "manual"),
    ]
    assert cp.json("requests", "--json", "cp-test") == rows  # options before CAMP too

    lines = cp("requests", "cp-test").stdout.splitlines()
    assert lines[0].split() == [
        "1", "2026-12-02", "21:00", "Bob", "makeup", "day", "1", "pending", "(bot:telegram)",
        "#补卡", "1",
    ]  # fmt: skip
    assert "trip" in lines[1] and "leave" in lines[1]
    assert "camp requests approve cp-test" in lines[-1]
    assert cp.json("requests", "list", "cp-test", "--status", "approved", "--json") == []
    assert cp("requests", "cp-test", "--status", "rejected").stdout == (
        "No rejected requests in cp-test.\n"
    )


def test_the_same_request_twice_in_the_chat_is_queued_once(cp, db):
    ask_in_chat(db, "Bob", "#补卡 1", DAY_2_EVENING, "1")
    ask_in_chat(db, "Bob", "#补卡1", DAY_2_EVENING.add(minutes=1), "2")
    assert len(list_requests(db, "cp-test")) == 1
    refused = cp("requests", "add", "cp-test", "Bob", "makeup", "1", ok=False)
    assert "Bob already has a makeup request for day 1 (request 1, pending)" in refused.stderr


def test_approving_a_makeup_records_it_and_a_leave_is_marked_approved(cp, db):
    ask_in_chat(db, "Bob", "#补卡 1", DAY_2_EVENING)
    ask_in_chat(db, "Alice", "#请假 3", DAY_2_EVENING.add(minutes=1), "2")
    cp.at("2026-12-04T12:00:00+08:00")
    out = cp("requests", "approve", "cp-test", "1", "2").stdout.splitlines()
    # Day 1 has difficulty 1: 10 x 1 x 0.5 = 5, counted as made when day 1 was due.
    assert out == [
        "Request 1 approved: Bob, makeup for day 1, counted as at 2026-12-01 23:30, 5 points",
        "Request 2 approved: Alice, leave for day 3",
    ]
    checkins = db.execute(
        "SELECT m.name, c.day, c.status, c.points, c.text, c.source "
        "FROM checkins c JOIN members m ON m.id = c.member_id"
    ).fetchall()
    assert checkins == [("Bob", 1, "makeup", 5, "#补卡 1", "request")]
    rows = {r["id"]: r for r in cp.json("requests", "cp-test", "--status", "all", "--json")}
    assert (rows[1]["status"], rows[1]["decided"]) == ("approved", "2026-12-04T12:00:00+08:00")
    assert (rows[2]["status"], rows[2]["decided"]) == ("approved", "2026-12-04T12:00:00+08:00")
    assert cp.json("requests", "cp-test", "--json") == []
    board = {e["name"]: e for e in cp.json("leaderboard", "cp-test", "--json")["entries"]}
    assert (board["Bob"]["points"], board["Bob"]["makeup"]) == (5, 1)
    # A leave approval writes no check-in and no points (yet).
    assert board["Alice"]["points"] == 0


def test_a_makeup_the_rules_refuse_stays_pending_and_the_others_are_decided(cp, db):
    for day in (1, 2):
        add_request(db, "cp-test", "Alice", "makeup", day, now=DAY_2_EVENING)
    add_request(db, "cp-test", "Bob", "makeup", 4, now=DAY_2_EVENING)
    add_request(db, "cp-test", "小红", "leave", 2, now=DAY_2_EVENING)
    # Day 4's window is open (20:00-23:30): too early for its makeup.
    cp.at("2026-12-04T21:00:00+08:00")
    result = cp("requests", "approve", "cp-test", "--all", ok=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "Request 1 approved: Alice, makeup for day 1, counted as at 2026-12-01 23:30, 5 points",
        "Request 4 approved: 小红, leave for day 2",
    ]
    assert result.stderr.splitlines() == [
        "Request 2 (Alice, makeup for day 2) stays pending: Makeup for Alice refused: "
        "This member has used 1 of 1 makeups; no makeup is left.",
        "Request 3 (Bob, makeup for day 4) stays pending: Makeup for Bob refused: Day 4 is "
        "still open until 2026-12-05 00:30; a makeup is only for a missed past day — record "
        "a normal check-in instead.",
    ]
    pending = cp.json("requests", "cp-test", "--json")
    assert [(r["id"], r["status"], r["decided"]) for r in pending] == [
        (2, "pending", None),
        (3, "pending", None),
    ]
    assert db.execute("SELECT COUNT(*) FROM checkins").fetchone() == (1,)
    # Once day 4 is over, Bob's makeup goes through.
    cp.at("2026-12-05T09:00:00+08:00")
    assert cp("requests", "approve", "cp-test", "3").stdout.startswith("Request 3 approved: Bob")


def test_a_makeup_for_a_day_that_counts_already_stays_pending(cp, db):
    cp.at("2026-12-01T20:30:00+08:00")
    cp("checkin", "cp-test", "Bob")
    add_request(db, "cp-test", "Bob", "makeup", 1, now=DAY_2_EVENING)
    cp.at("2026-12-03T12:00:00+08:00")
    refused = cp("requests", "approve", "cp-test", "1", ok=False)
    assert "day 1 already counts" in refused.stderr
    assert list_requests(db, "cp-test")[0].status == "pending"


def test_reject_and_deciding_a_decided_request_again(cp, db):
    ask_in_chat(db, "Bob", "#补卡 1", DAY_2_EVENING)
    cp.at("2026-12-03T08:00:00+08:00")
    assert cp("requests", "reject", "cp-test", "1").stdout == (
        "Request 1 rejected: Bob, makeup for day 1\n"
    )
    again = cp("requests", "approve", "cp-test", "1", ok=False)
    assert again.stderr == (
        "Request 1 (Bob, makeup for day 1) was already rejected on 2026-12-03 08:00; "
        "nothing changed.\n"
    )
    assert "already rejected" in cp("requests", "reject", "cp-test", "1", ok=False).stderr
    assert db.execute("SELECT COUNT(*) FROM checkins").fetchone() == (0,)
    [row] = cp.json("requests", "cp-test", "--status", "rejected", "--json")
    assert row["decided"] == "2026-12-03T08:00:00+08:00"


def test_reject_all_decides_only_the_pending_ones(cp, db):
    for name in ("Alice", "Bob", "小明"):
        add_request(db, "cp-test", name, "leave", 2, now=DAY_2_EVENING)
    cp.at("2026-12-03T08:00:00+08:00")
    cp("requests", "approve", "cp-test", "2")
    out = cp("requests", "reject", "cp-test", "--all").stdout.splitlines()
    assert out == [
        "Request 1 rejected: Alice, leave for day 2",
        "Request 3 rejected: 小明, leave for day 2",
    ]
    statuses = [r["status"] for r in cp.json("requests", "cp-test", "--status", "all", "--json")]
    assert statuses == ["rejected", "approved", "rejected"]
    assert (
        cp("requests", "approve", "cp-test", "--all").stdout == "No pending requests in cp-test.\n"
    )


def test_bad_input_gets_one_sentence_and_decides_nothing(cp, db):
    add_request(db, "cp-test", "Alice", "makeup", 1, now=DAY_2_EVENING)
    cp.at("2026-12-03T08:00:00+08:00")
    assert "No camp with slug 'nope'" in cp("requests", "nope", ok=False).stderr
    assert "No camp with slug 'nope'" in cp("requests", "approve", "nope", "1", ok=False).stderr
    unknown = cp("requests", "approve", "cp-test", "1", "7", "9", ok=False).stderr
    assert "No requests 7, 9 in camp cp-test; nothing was decided" in unknown
    assert (
        "No request 7 in camp cp-test" in cp("requests", "reject", "cp-test", "7", ok=False).stderr
    )
    assert list_requests(db, "cp-test")[0].status == "pending"
    both = cp("requests", "approve", "cp-test", "1", "--all", ok=False).stderr
    assert "ids of the requests, or --all" in both
    assert "--all" in cp("requests", "reject", "cp-test", ok=False).stderr
    assert "not a valid integer" in cp("requests", "approve", "cp-test", "x", ok=False).stderr
    assert "1 to 7" in cp("requests", "add", "cp-test", "Bob", "makeup", "8", ok=False).stderr
    assert "1 to 7" in cp("requests", "add", "cp-test", "Bob", "leave", "0", ok=False).stderr
    assert (
        "No member 'Ghost'"
        in cp("requests", "add", "cp-test", "Ghost", "leave", "1", ok=False).stderr
    )
    assert "'holiday'" in cp("requests", "add", "cp-test", "Bob", "holiday", "1", ok=False).stderr
    assert "'done' is not one of" in cp("requests", "cp-test", "--status", "done", ok=False).stderr
    cp("members", "remove", "cp-test", "Bob")
    assert "removed" in cp("requests", "add", "cp-test", "Bob", "leave", "1", ok=False).stderr
    assert [r.id for r in list_requests(db, "cp-test")] == [1]


def test_the_services_check_what_the_command_line_cannot(cp, db):
    from camp.errors import CampError

    with pytest.raises(CampError, match="not a kind of request"):
        add_request(db, "cp-test", "Bob", "holiday", 1, now=DAY_2_EVENING)
    with pytest.raises(CampError, match="not a request status"):
        list_requests(db, "cp-test", status="done")
    with pytest.raises(CampError, match="not both"):
        approve_requests(db, "cp-test", [1], now=DAY_2_EVENING, all_pending=True)
