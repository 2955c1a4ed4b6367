"""`camp members unknown`: the strangers the bots heard, listed and added."""

from __future__ import annotations

import json
import os

import pendulum

from camp.bots.base import LiveMessage
from camp.db import open_db
from camp.services.camps import get_camp
from camp.services.intake import hear

EVENING = pendulum.datetime(2026, 12, 1, 20, 30, tz="Asia/Shanghai")


def heard(*senders: tuple[str, str, str]) -> None:
    db = open_db(os.environ["CAMP_DB"])
    try:
        camp = get_camp(db, "cp-test")
        messages = [
            LiveMessage("telegram", "-1", str(i), sid, name, EVENING.timestamp() + i, text)
            for i, (name, sid, text) in enumerate(senders)
        ]
        hear(db, camp, messages, now=EVENING.add(minutes=1))
    finally:
        db.close()


def test_strangers_are_listed_and_added_with_their_id(cp):
    heard(("Zed", "901", "#checkin"), ("Zed", "901", "hi"), ("Yan [b]x[/b]", "902", "hi"))
    listing = cp("members", "unknown", "cp-test").stdout
    assert listing.splitlines()[0].startswith("Zed  (telegram 901)  2 messages, 1 check-ins")
    assert "Yan [b]x[/b]" in listing
    [zed, yan] = json.loads(cp("members", "unknown", "cp-test", "--json").stdout)
    assert (zed["id"], zed["messages"], yan["name"]) == ("901", 2, "Yan [b]x[/b]")
    assert "Added 1 member: Zed" in cp("members", "unknown", "cp-test", "--add", "901").stdout
    members = json.loads(cp("members", "list", "cp-test", "--json").stdout)
    assert {m["name"]: m.get("handle") for m in members}["Zed"] == "901"
    assert "Yan" in cp("members", "unknown", "cp-test", "--add-all").stdout
    assert cp("members", "unknown", "cp-test").stdout == "Nobody wrote who is not a member.\n"


def test_adding_a_stranger_nobody_saw_says_so(cp):
    result = cp("members", "unknown", "cp-test", "--add", "Ghost", ok=False)
    assert "camp members unknown cp-test" in result.stderr
