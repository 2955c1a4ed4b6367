"""A CP camp pairs itself: `camp run --once --now` across the close of day `pair_by_day`,
exactly once, also when the scheduler is killed in the middle and started again."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pendulum

DATA = Path(__file__).resolve().parent.parent / "data"
SLUG = "cp-pairs"
KEY = f"{SLUG}/pairing/d2"
ZONE = "Asia/Shanghai"
#: Alice and Bob pair up by hand; the others wait for the camp to pair them.
MEMBERS = ("Alice", "Bob", "Cleo", "Dan", "Eve", "Finn", "Gus")
#: Day 2's night window closes at 00:30 on 3 December; the pairing is due at 00:32.
PAIRING_DUE = pendulum.datetime(2026, 12, 3, 0, 32, tz=ZONE)


def pair_camp_file(tmp_path: Path, extra: str = "") -> Path:
    """The announced CP camp of tests/data (a folder channel) with ``pair_by_day = 2``."""
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    text = definition.read_text(encoding="utf-8")
    definition.write_text(
        text.replace('group = "pair"\n', f'group = "pair"\npair_by_day = 2\n{extra}', 1),
        encoding="utf-8",
    )
    return definition


def new_pair_camp(camp, tmp_path: Path) -> None:
    camp.at("2026-11-30T12:00:00+08:00")
    camp("new", pair_camp_file(tmp_path), "--name", "CP pairs", "--start", "2026-12-01")
    camp("members", "add", SLUG, *MEMBERS)
    camp("pair", SLUG, "Alice", "Bob")


def partners(camp) -> dict[str, tuple[str | None, bool | None]]:
    return {
        m["name"]: (m["partner"], m["pair_auto"])
        for m in camp.json("members", "list", SLUG, "--json")
    }


def pair_board(camp, *args: str) -> dict[str, dict]:
    board = camp.json("leaderboard", SLUG, "--by", "pair", "--json", *args)
    return {entry["name"]: entry for entry in board["entries"]}


def outbox_of(camp, kind: str) -> list[dict]:
    return [e for e in camp.json("outbox", "--camp", SLUG, "--json") if e["kind"] == kind]


def test_a_cp_week_pairs_its_members_once_at_the_close_of_day_two(camp, tmp_path):
    new_pair_camp(camp, tmp_path)
    pairing = [e for e in camp.json("events", SLUG, "--json") if e["kind"] == "pairing"]
    assert pairing == [
        {
            "key": KEY,
            "kind": "pairing",
            "day": 2,
            "window": None,
            "due": "2026-12-03T00:32:00+08:00",
            "status": "pending",
        }
    ]
    assert KEY in camp("events", SLUG).stdout

    start = pendulum.datetime(2026, 12, 1, 0, 0, tz=ZONE)
    seen: dict = {}
    # Hourly from the start of day 1 to day 4, 22:00.
    for hour in range(0, 3 * 24 + 23):
        now = start.add(hours=hour)
        camp.at(now.isoformat())
        if now.hour == 21:
            for name in ("Alice", "Bob", "Cleo", "Dan", "Eve"):
                camp("checkin", SLUG, name)
        if now.day == 4 and now.hour == 21:
            # Day 4: Dan leaves the camp, after the night's check-ins.
            seen["cleo before"] = {
                e["name"]: e["points"] for e in camp.json("leaderboard", SLUG, "--json")["entries"]
            }["Cleo"]
            seen["removed"] = camp("members", "remove", SLUG, "Dan").stdout
        camp("run", "--once", "--now", now.isoformat())
        if now.hour in (0, 1):
            # A second scheduler run at the same moment finds nothing left to do.
            again = camp("run", "--once", "--now", now.isoformat())
            assert "0 announcements" in again.stderr
        if now == start.add(days=2):  # day 3, 00:00: day 2 has closed, no pairing yet
            seen["before"] = (partners(camp), pair_board(camp))
        if now == start.add(days=2, hours=1):  # 01:00: the pairing has been caught up
            seen["after"] = (partners(camp), pair_board(camp))
        if now == start.add(days=2, hours=22):  # day 3, 22:00
            members = camp.json("leaderboard", SLUG, "--json", "--day", "3")["entries"]
            seen["day 3"] = (
                pair_board(camp),
                pair_board(camp, "--day", "3"),
                {e["name"]: e["points"] for e in members},
            )

    before_partners, before_board = seen["before"]
    assert before_partners["Cleo"] == (None, None)
    assert set(before_board) == {"Alice & Bob"}

    after_partners, after_board = seen["after"]
    assert after_partners == {
        "Alice": ("Bob", False),
        "Bob": ("Alice", False),
        "Cleo": ("Dan", True),
        "Dan": ("Cleo", True),
        "Eve": ("Finn", True),
        "Finn": ("Eve", True),
        "Gus": (None, None),
    }
    assert set(after_board) == {"Alice & Bob", "Cleo & Dan", "Eve & Finn"}

    # Announced once, naming the new pairs and the member left for the operator.
    (announced,) = outbox_of(camp, "pairing")
    assert announced["event"] == KEY and announced["day"] == 2
    text = announced["text"]
    assert "**Cleo & Dan**" in text and "**Eve & Finn**" in text
    assert "Gus has no partner yet" in text and "Alice" not in text
    assert [d["status"] for d in announced["deliveries"]] == ["sent"]
    files = sorted(path.name for path in (tmp_path / "announcements").glob("*pairing*"))
    assert len(files) == 1

    # From day 3 the pair board counts them: the pairs' points are their members' plus
    # the pair bonus of each day both checked in (Cleo and Dan: days 1-3).
    board_now, board_day_3, members = seen["day 3"]
    assert set(board_now) == set(board_day_3) == {"Alice & Bob", "Cleo & Dan", "Eve & Finn"}
    assert board_day_3["Cleo & Dan"]["points"] == members["Cleo"] + members["Dan"] + 5 * 3
    assert board_day_3["Cleo & Dan"]["members"] == ["Cleo", "Dan"]
    summary_2 = next(e for e in camp.json("outbox", "--json") if e["event"] == f"{SLUG}/summary/d2")
    assert "**Cleo & Dan** · paired automatically" in summary_2["text"]

    # Day 4: Dan's removal dissolves the pair; Cleo keeps what she earned and waits.
    assert "the pair Cleo & Dan is dissolved and Cleo has no partner now" in seen["removed"]
    final = partners(camp)
    assert final["Cleo"] == (None, None)
    assert "Dan" in final and final["Dan"] == (None, None)
    board = pair_board(camp)
    assert set(board) == {"Alice & Bob", "Eve & Finn"}
    cleo = {e["name"]: e for e in camp.json("leaderboard", SLUG, "--json")["entries"]}["Cleo"]
    assert cleo["points"] == seen["cleo before"]

    events = {e["key"]: e["status"] for e in camp.json("events", SLUG, "--json")}
    assert events[KEY] == "done"
    assert len(outbox_of(camp, "pairing")) == 1
    # The operator can still pair by hand, and the next auto-pairing offers Cleo a partner.
    out = camp("pair", SLUG, "--auto").stdout
    assert "Paired Cleo & Gus" in out
    camp("pair", SLUG, "--unpair", "Eve")
    camp("pair", SLUG, "Eve", "Finn")
    assert partners(camp)["Eve"] == ("Finn", False)


def test_a_triple_camp_joins_the_odd_member_to_a_new_pair(camp, tmp_path):
    camp.at("2026-11-30T12:00:00+08:00")
    camp(
        "new",
        pair_camp_file(tmp_path, 'pair_odd = "triple"\n'),
        "--name",
        "CP pairs",
        "--start",
        "2026-12-01",
    )
    camp("members", "add", SLUG, *MEMBERS[:5])
    camp("pair", SLUG, "Alice", "Bob")
    camp("run", "--once", "--now", PAIRING_DUE.add(minutes=10).isoformat())
    assert partners(camp)["Eve"] == ("Cleo & Dan", True)
    (announced,) = outbox_of(camp, "pairing")
    assert "**Cleo & Dan & Eve**" in announced["text"]


def test_a_wrong_pair_odd_is_one_sentence_and_no_camp(camp, tmp_path):
    camp.at("2026-11-30T12:00:00+08:00")
    definition = pair_camp_file(tmp_path, 'pair_odd = "three"\n')
    refused = camp("new", definition, "--name", "CP pairs", "--start", "2026-12-01", ok=False)
    assert 'camp.pair_odd: "three" is not allowed; use "leave" or "triple"' in refused.stderr
    assert not (tmp_path / "camp.db").exists()  # no camp, not even an empty database


# ---------------------------------------------------------------- a crash and a restart


def camp_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from camp.cli import main; main()", "--db", str(db), *args]


#: `camp run --once` whose process dies (as a kill would end it) at ``CAMP_TEST_DIE``:
#: right after the pairs are written, inside the transaction that would post them, or
#: right after that transaction committed, before anything is delivered.
DYING_RUN = """
import os, sys
from camp.services import announcing

where = os.environ["CAMP_TEST_DIE"]
apply_pairing = announcing.apply_pairing
produce = announcing.produce_announcement

def pair_then_die(*args, **kwargs):
    result = apply_pairing(*args, **kwargs)
    if where == "pairs written":
        os._exit(9)
    return result

def produce_then_die(db, key, now):
    outcome = produce(db, key, now)
    if where == "committed" and key.endswith("/pairing/d2"):
        os._exit(9)
    return outcome

announcing.apply_pairing = pair_then_die
if where == "committed":
    import camp.services.running as running
    running.produce_announcement = produce_then_die

from camp.cli import main
sys.argv = ["camp", *sys.argv[1:]]
main()
"""


def test_a_scheduler_killed_while_pairing_pairs_once_after_a_restart(tmp_path):
    db = tmp_path / "pairs.db"
    env = {**os.environ, "CAMP_NOW": "2026-11-30T12:00:00+08:00"}
    run = dict(env=env, check=True, capture_output=True, cwd=tmp_path, text=True)
    definition = pair_camp_file(tmp_path)
    subprocess.run(
        camp_command(db, "new", str(definition), "--name", "CP pairs", "--start", "2026-12-01"),
        **run,
    )
    subprocess.run(camp_command(db, "members", "add", SLUG, *MEMBERS), **run)
    subprocess.run(camp_command(db, "pair", SLUG, "Alice", "Bob"), **run)
    # Days 1 and 2 done; the run at 00:40 of day 3 catches the pairing up.
    subprocess.run(camp_command(db, "run", "--once", "--now", "2026-12-02T23:00:00+08:00"), **run)
    once = ["run", "--once", "--now", PAIRING_DUE.add(minutes=8).isoformat()]

    def state() -> dict:
        with sqlite3.connect(db) as conn:
            return {
                "event": conn.execute("SELECT status FROM events WHERE key = ?", [KEY]).fetchone(),
                "posted": conn.execute(
                    "SELECT COUNT(*) FROM outbox WHERE event_key = ?", [KEY]
                ).fetchone(),
                "auto pairs": conn.execute(
                    "SELECT name FROM pairs WHERE auto = 1 ORDER BY id"
                ).fetchall(),
                "paired": conn.execute(
                    "SELECT COUNT(*) FROM members WHERE pair_id IS NOT NULL"
                ).fetchone(),
            }

    def dying(where: str) -> None:
        died = subprocess.run(
            [
                sys.executable,
                "-c",
                DYING_RUN,
                "--db",
                str(db),
                *once,
            ],
            env={**env, "CAMP_TEST_DIE": where},
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert died.returncode == 9, died.stderr
        # The dead scheduler's lease blocks the next one until it expires; expire it.
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM leases")

    # Killed with the pairs written but not committed: nothing happened at all.
    dying("pairs written")
    assert state() == {"event": ("pending",), "posted": (0,), "auto pairs": [], "paired": (2,)}
    # Killed right after the commit, before delivering: paired and posted, once.
    dying("committed")
    done = {
        "event": ("done",),
        "posted": (1,),
        "auto pairs": [("Cleo & Dan",), ("Eve & Finn",)],
        "paired": (6,),
    }
    assert state() == done
    assert not list((tmp_path / "announcements").glob("*pairing*"))
    # The restarted scheduler delivers what was posted and pairs nobody again.
    restarted = subprocess.run(camp_command(db, *once), **run)
    assert f"{KEY}  done" not in restarted.stderr + restarted.stdout
    subprocess.run(camp_command(db, *once), **run)
    assert state() == done
    assert len(list((tmp_path / "announcements").glob("*pairing*"))) == 1
    listed = subprocess.run(camp_command(db, "members", "list", SLUG, "--json"), **run)
    paired = {m["name"]: m["partner"] for m in json.loads(listed.stdout)}
    assert paired == {
        "Alice": "Bob",
        "Bob": "Alice",
        "Cleo": "Dan",
        "Dan": "Cleo",
        "Eve": "Finn",
        "Finn": "Eve",
        "Gus": None,
    }
