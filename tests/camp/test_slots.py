"""The slot rule, written once: the pure decision, and every source of check-ins using it.

SPEC section 4: a slot holds at most one counted check-in whatever the source, also
when several sources write at once; the earliest holds it, the others are duplicates.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pendulum
import pytest

from camp.db import open_db
from camp.judging import Placement, SlotClaim, claim_slot, first_claimant
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import record_checkin, void_checkin
from camp.services.imports import import_export
from camp.services.members import add_members
from camp.services.standings import _recount_tallies, tallies_as_of

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = pendulum.datetime(2026, 12, 9, tz="UTC")
EARLY = "2026-12-01T12:10:00.000000Z"
LATER = "2026-12-01T12:40:00.000000Z"


@pytest.mark.parametrize("status", ["on_time", "late", "makeup"])
def test_an_empty_slot_takes_a_counted_checkin(status):
    assert claim_slot(status, EARLY, None) == SlotClaim(status)


def test_the_earliest_checkin_holds_the_slot():
    # A later one (or one at the very same instant) is a duplicate; the holder stays.
    assert claim_slot("on_time", LATER, EARLY) == SlotClaim("duplicate")
    assert claim_slot("late", EARLY, EARLY) == SlotClaim("duplicate")
    # An earlier one recorded after the holder takes the slot and displaces it.
    assert claim_slot("on_time", EARLY, LATER) == SlotClaim("on_time", displaces=True)


def test_a_checkin_that_does_not_count_never_touches_the_slot():
    assert claim_slot("outside", EARLY, LATER) == SlotClaim("outside")
    assert claim_slot("outside", EARLY, None) == SlotClaim("outside")


def test_a_freed_slot_goes_to_the_first_duplicate_that_counts_in_it():
    freed = Placement(1, "night", "on_time")
    candidates = [
        ("outside now", Placement(1, None, "outside")),
        ("other window", Placement(1, "morning", "on_time")),
        ("late", Placement(1, "night", "late")),
        ("on time but later", Placement(1, "night", "on_time")),
    ]
    # In ``all`` mode each window is its own slot; in ``any`` mode the day is.
    assert first_claimant("all", freed, candidates) == candidates[2]
    assert first_claimant("any", freed, candidates) == candidates[1]
    assert first_claimant("any", freed, candidates[:1]) is None


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "slots.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    # cp.toml: night window 20:00-23:30, late until 00:30, keyword #checkin, Asia/Shanghai.
    create_camp(database, str(DATA / "cp.toml"), name="CP", start=dt.date(2026, 12, 1), now=before)
    add_members(database, "cp", ["Alice", "Bob"], now=before)
    return database


def counted_per_slot(db) -> dict[tuple[str, int], int]:
    rows = db.execute(
        "SELECT m.name, c.day, COUNT(*) FROM checkins c JOIN members m ON m.id = c.member_id "
        "WHERE c.status IN ('on_time', 'late', 'makeup') GROUP BY m.name, c.day"
    )
    return {(name, day): count for name, day, count in rows}


def test_the_command_line_and_an_import_share_one_rule(db, tmp_path):
    # The import's check-in at 21:00 holds day 1; a command-line one at 20:30 recorded
    # afterwards displaces it; one at 22:00 is a duplicate.
    path = tmp_path / "chat.csv"
    path.write_text("member,time,text\nAlice,2026-12-01 21:00:00,#checkin\n", encoding="utf-8")
    import_export(db, "cp", path, now=NOW)
    earlier = record_checkin(
        db, "cp", "Alice", now=NOW, at=pendulum.parse("2026-12-01T20:30+08:00")
    )
    later = record_checkin(db, "cp", "Alice", now=NOW, at=pendulum.parse("2026-12-01T22:00+08:00"))
    assert (earlier.status, later.status) == ("on_time", "duplicate")
    assert earlier.replaced is not None
    assert counted_per_slot(db) == {("Alice", 1): 1}
    # Voiding the holder gives the slot back to the earliest duplicate: the import's.
    promoted = void_checkin(db, "cp", earlier.id, reason="wrong member", now=NOW).promoted
    assert promoted is not None and promoted.id == earlier.replaced
    assert counted_per_slot(db) == {("Alice", 1): 1}


_IMPORTER = """
    import sys, time
    from pathlib import Path
    import pendulum
    from camp.db import open_db
    from camp.services import imports
    go = Path(sys.argv[2])
    while not go.exists():
        time.sleep(0.005)
    imports.BATCH = 2  # many small transactions, so the two processes interleave
    store = imports._Import.store

    def slow_store(self, batch):
        store(self, batch)
        time.sleep(0.01)  # room for the other process between two batches

    imports._Import.store = slow_store
    imports.import_export(open_db(sys.argv[1]), "cp", sys.argv[3], now=pendulum.parse(sys.argv[4]))
"""

_RECORDER = """
    import sys, time
    from pathlib import Path
    import pendulum
    from camp.db import open_db
    from camp.services.checkins import record_checkin
    go = Path(sys.argv[2])
    db = open_db(sys.argv[1])
    now = pendulum.parse(sys.argv[4])
    while not go.exists():
        time.sleep(0.005)
    # Start once the import has begun, and write its last days first: the import
    # reaches them after these check-ins exist.
    while not db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]:
        time.sleep(0.001)
    for line in reversed(Path(sys.argv[3]).read_text().splitlines()):
        name, at = line.split(",")
        record_checkin(db, "cp", name, now=now, at=pendulum.parse(at))
"""


def test_an_import_and_the_command_line_at_once_count_each_slot_once(tmp_path):
    # Two processes write the same 60 slots at the same time: an import in batches of
    # two messages, and `camp checkin` one by one, some earlier and some later than the
    # import's check-in. Every slot ends with exactly one counted check-in, the earliest.
    path = tmp_path / "race.db"
    db = open_db(path)
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(DATA / "cp.toml"), name="CP", start=dt.date(2026, 12, 1), now=before)
    names = [f"m{i:02d}" for i in range(10)]
    add_members(db, "cp", names, now=before)
    rows, manual, earliest = ["member,time,text"], [], {}
    for day in range(1, 7):
        date = dt.date(2026, 12, day)
        for i, name in enumerate(names):
            rows.append(f"{name},{date} 21:00:00,#checkin day {day}")
            minute = "20:30" if (i + day) % 2 else "22:15"
            manual.append(f"{name},{date}T{minute}:00+08:00")
            earliest[(name, day)] = min("21:00", minute)
    export = tmp_path / "chat.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan = tmp_path / "manual.txt"
    plan.write_text("\n".join(manual) + "\n", encoding="utf-8")
    go = tmp_path / "go"
    args = [str(path), str(go)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), *args, str(source), NOW.isoformat()],
            stderr=subprocess.PIPE,
            text=True,
        )
        for code, source in ((_IMPORTER, export), (_RECORDER, plan))
    ]
    go.touch()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert counted_per_slot(db) == {slot: 1 for slot in earliest}
    held = db.execute(
        "SELECT m.name, c.day, c.at FROM checkins c JOIN members m ON m.id = c.member_id "
        "WHERE c.status IN ('on_time', 'late', 'makeup')"
    ).fetchall()
    for name, day, at in held:
        local = pendulum.parse(at).in_tz("Asia/Shanghai").format("HH:mm")
        assert local == earliest[(name, day)], (name, day)
    # The running totals agree with a recount of the rows.
    camp = get_camp(db, "cp")
    assert sorted(tallies_as_of(db, camp, camp.days)) == sorted(
        _recount_tallies(db, camp, camp.days, False)
    )
