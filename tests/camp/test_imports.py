"""Chat imports through the service: matching, judging, idempotence, batches, activity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest

from camp.db import open_db
from camp.errors import CampError
from camp.services import imports
from camp.services.activity import activity
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import record_checkin
from camp.services.imports import add_aliases, import_export
from camp.services.members import add_members, list_members
from camp.services.standings import _recount_tallies, tallies_as_of

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = pendulum.datetime(2026, 12, 9, tz="UTC")


def cp_camp(path: Path):
    """A database at ``path`` with the camp ``cp`` of Alice, Bob and 小明."""
    database = open_db(path)
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    # cp.toml: night window 20:00-23:30, late until 00:30, keyword #checkin, Asia/Shanghai.
    create_camp(database, str(DATA / "cp.toml"), name="CP", start=dt.date(2026, 12, 1), now=before)
    add_members(database, "cp", ["Alice", "Bob", "小明"], now=before)
    return database


@pytest.fixture
def db(tmp_path):
    return cp_camp(tmp_path / "imports.db")


def export(tmp_path, *rows: str, name: str = "chat.csv") -> Path:
    path = tmp_path / name
    path.write_text("member,time,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def checkins(db):
    return db.execute(
        "SELECT m.name, c.day, c.status, c.points, c.source FROM checkins c "
        "JOIN members m ON m.id = c.member_id ORDER BY c.at, m.name"
    ).fetchall()


def test_messages_with_the_keyword_become_judged_checkins(db, tmp_path):
    path = export(
        tmp_path,
        "Alice,2026-12-01 20:15:00,#checkin slogan done",
        "Bob,2026-12-01 20:20:00,hello everyone",
        "小明,2026-12-01 23:50:00,＃CHECKIN late but here",  # full-width and upper case
        "Alice,2026-12-01 21:00:00,#checkin again",
        "Bob,2026-12-02 10:00:00,#checkin too early",
        "Stranger,2026-12-01 20:30:00,#checkin who am I",
    )
    report = import_export(db, "cp", path, now=NOW)
    assert report.format == "csv"
    assert (report.messages, report.member_messages, report.checkins) == (6, 5, 4)
    assert dict(report.judged) == {"on_time": 1, "late": 1, "duplicate": 1, "outside": 1}
    assert report.unknown_senders == {"Stranger": 1} and report.unknown_first_line["Stranger"] == 7
    assert checkins(db) == [
        ("Alice", 1, "on_time", 10, "import:csv"),
        ("Alice", 1, "duplicate", 0, "import:csv"),
        ("小明", 1, "late", 5, "import:csv"),
        ("Bob", 2, "outside", 0, "import:csv"),
    ]
    counts = {a.name: (a.messages, a.checkins) for a in activity(db, "cp")}
    assert counts == {"Alice": (2, 1), "Bob": (2, 0), "小明": (1, 1)}


def test_importing_twice_or_an_overlapping_export_records_nothing_new(db, tmp_path):
    rows = [f"Alice,2026-12-0{d} 20:15:00,#checkin day {d}" for d in range(1, 5)]
    first = import_export(db, "cp", export(tmp_path, *rows[:3]), now=NOW)
    assert first.checkins == 3
    again = import_export(db, "cp", export(tmp_path, *rows[:3]), now=NOW)
    assert (again.already_imported, again.checkins) == (3, 0)
    overlap = import_export(db, "cp", export(tmp_path, *rows[1:], name="later.csv"), now=NOW)
    assert (overlap.already_imported, overlap.checkins) == (2, 1)
    assert [row[1] for row in checkins(db)] == [1, 2, 3, 4]


def test_a_dry_run_reports_and_writes_nothing(db, tmp_path):
    path = export(
        tmp_path, "Alice,2026-12-01 20:15:00,#checkin", "Eve,2026-12-01 20:16:00,#checkin"
    )
    report = import_export(db, "cp", path, now=NOW, dry_run=True, add_unknown=True)
    assert report.dry_run and report.checkins == 2 and report.added_members == ["Eve"]
    assert checkins(db) == []
    assert {row.member.name for row in list_members(db, "cp")} == {"Alice", "Bob", "小明"}


def test_unknown_senders_can_be_added_or_matched_by_alias(db, tmp_path):
    add_aliases(db, "cp", "Bob", ["Bobby 🌸"])
    path = export(
        tmp_path, "Bobby 🌸,2026-12-01 20:15:00,#checkin", "Eve,2026-12-01 20:16:00,#checkin"
    )
    report = import_export(db, "cp", path, now=NOW, add_unknown=True)
    assert report.added_members == ["Eve"] and not report.unknown_senders
    assert [(row[0], row[2]) for row in checkins(db)] == [("Bob", "on_time"), ("Eve", "on_time")]


def test_an_earlier_checkin_in_a_later_batch_takes_the_slot(db, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 2)
    record_checkin(
        db, "cp", "Bob", now=NOW, at=pendulum.datetime(2026, 12, 1, 22, tz="Asia/Shanghai")
    )
    path = export(
        tmp_path,
        "Alice,2026-12-01 21:00:00,#checkin",
        "Alice,2026-12-01 21:30:00,chat",
        "Alice,2026-12-01 20:30:00,#checkin earlier",  # in the second batch
        "Bob,2026-12-01 20:05:00,#checkin before the manual one",
    )
    import_export(db, "cp", path, now=NOW)
    rows = checkins(db)
    assert ("Alice", 1, "on_time", 10, "import:csv") in rows
    assert ("Alice", 1, "duplicate", 0, "import:csv") in rows
    assert ("Bob", 1, "duplicate", 0, "manual") in rows and (
        "Bob",
        1,
        "on_time",
        10,
        "import:csv",
    ) in rows
    camp = imports.get_camp(db, "cp")
    assert sorted(tallies_as_of(db, camp, 7)) == sorted(_recount_tallies(db, camp, 7, False))


def test_a_malformed_line_is_reported_with_its_number_and_skipped(db, tmp_path):
    path = export(
        tmp_path,
        "Alice,2026-12-01 20:15:00,#checkin",
        "Bob,yesterday evening,#checkin",
        "小明,2026-12-01 20:20:00,#checkin",
    )
    report = import_export(db, "cp", path, now=NOW)
    assert report.problem_count == 1 and report.problems[0][0] == 3
    assert report.checkins == 2


def test_inactivity_can_count_messages_instead_of_checkins(db, tmp_path):
    from camp.services.camps import get_camp
    from camp.services.inactivity import apply_inactivity

    path = export(tmp_path, "Bob,2026-12-01 12:00:00,hi", "Bob,2026-12-02 12:00:00,hi again")
    import_export(db, "cp", path, now=NOW)
    camp = get_camp(db, "cp")
    by_checkins = apply_inactivity(db, camp, 2)
    assert ("Bob", 2) in by_checkins.warned
    raw = db.execute("SELECT definition FROM camps").fetchone()[0]
    db.execute(
        "UPDATE camps SET definition = ?",
        [raw.replace('"inactive_by": "checkins"', '"inactive_by": "messages"')],
    )
    db.conn.commit()
    by_messages = apply_inactivity(db, get_camp(db, "cp"), 2)
    assert "Bob" not in [name for name, _ in by_messages.warned]


def test_added_senders_are_on_the_leaderboard_and_a_dry_run_spans_batches(
    db, tmp_path, monkeypatch
):
    from camp.services.standings import standings_as_of

    monkeypatch.setattr(imports, "BATCH", 2)
    rows = [f"New{i},2026-12-01 12:0{i}:00,hello" for i in range(5)]
    path = export(tmp_path, *rows, "New0,2026-12-01 20:10:00,#checkin")
    dry = import_export(db, "cp", path, now=NOW, dry_run=True, add_unknown=True)
    assert dry.added_members == [f"New{i}" for i in range(5)] and dry.checkins == 1
    assert {row.member.name for row in list_members(db, "cp")} == {"Alice", "Bob", "小明"}
    report = import_export(db, "cp", path, now=NOW, add_unknown=True)
    assert len(report.added_members) == 5
    names = {e.name for e in standings_as_of(db, "cp", now=NOW).entries}
    assert {f"New{i}" for i in range(5)} <= names


def test_an_import_copies_its_wal_into_the_database_once_at_the_end(db, tmp_path):
    # Each batch commits as usual; the copy into the database file (a sync of what may
    # be a file of gigabytes) waits for the end instead of following every batch.
    rows = [f"Alice,2026-12-0{d} 20:{m:02d}:00,hello {m}" for d in (1, 2) for m in range(50)]
    during: list[int] = []

    def progress(done: int, total: int) -> None:
        during.append(db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])

    assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    report = import_export(db, "cp", export(tmp_path, *rows), now=NOW, progress=progress)
    assert report.new_messages == 100
    assert during and set(during) == {65_536}
    assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    busy, frames, copied = db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and frames == copied  # everything is in the database file


@pytest.mark.parametrize(("per_step", "expected"), [(100, [2, 3, 3, 3]), (1, [2, 4, 5])])
def test_a_first_small_batch_then_batches_that_grow_with_the_camp(
    db, tmp_path, monkeypatch, per_step, expected
):
    # Three members: below one step the batches are BATCH, at three steps three times it;
    # the first is FIRST_BATCH, and each after it up to twice the one before.
    monkeypatch.setattr(imports, "BATCH", 3)
    monkeypatch.setattr(imports, "FIRST_BATCH", 2)
    monkeypatch.setattr(imports, "MEMBERS_PER_BATCH_STEP", per_step)
    rows = [f"Alice,2026-12-01 20:{minute:02d}:00,chat {minute}" for minute in range(11)]
    written: list[int] = []
    import_export(
        db, "cp", export(tmp_path, *rows), now=NOW, progress=lambda line, _: written.append(line)
    )
    # Each batch reports the last line it stored (the header is line 1), then the end.
    batches = [b - a for a, b in zip([1, *written[:-2]], written[:-1], strict=True)]
    assert batches == expected
    assert sum(a.messages for a in activity(db, "cp")) == 11


def test_a_big_export_read_elsewhere_ends_with_small_batches(db, tmp_path, monkeypatch):
    # Read by a child process, which knows the export's length: the batches double up
    # to BATCH, then halve towards the end, so the last write is short.
    monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    monkeypatch.setattr(imports, "BATCH", 8000)
    rows = [f"Alice,2026-12-01 20:00:{n % 60:02d},chat {n}" for n in range(30000)]
    written: list[int] = []
    report = import_export(
        db, "cp", export(tmp_path, *rows), now=NOW, progress=lambda line, _: written.append(line)
    )
    batches = [b - a for a, b in zip([1, *written[:-2]], written[:-1], strict=True)]
    peak = batches.index(8000)
    assert batches[: peak + 1] == [2000, 4000, 8000]
    tail = batches[peak:]
    assert tail == sorted(tail, reverse=True) and len(tail) >= 4, batches
    assert batches[-1] <= 2000 and sum(batches) == 30000
    assert report.new_messages == 30000


def _stored_elsewhere(path: Path) -> int:
    """Messages another connection sees: what the import has committed."""
    other = open_db(path)
    try:
        return other.execute("SELECT count(*) FROM messages").fetchone()[0]
    finally:
        other.close()


def _many_batches(monkeypatch, read_elsewhere: bool) -> None:
    monkeypatch.setattr(imports, "BATCH", 4)
    monkeypatch.setattr(imports, "FIRST_BATCH", 4)
    if read_elsewhere:
        monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)


def _no_room_for_the_third_batch(db) -> None:
    """Messages 8 on (20:00:08 in the camp's zone) cannot be written, as on a full disk;
    ``DROP TRIGGER temp.no_room`` makes room again."""
    db.execute(
        "CREATE TEMP TRIGGER no_room BEFORE INSERT ON messages "
        "WHEN NEW.at >= '2026-12-01T12:00:08' BEGIN SELECT RAISE(ABORT, 'database or disk "
        "is full'); END"
    )


def _chatter(count: int) -> list[str]:
    return [f"Alice,2026-12-01 20:{n // 60:02d}:{n % 60:02d},chat {n}" for n in range(count)]


@pytest.mark.parametrize("read_elsewhere", [False, True])
def test_a_batch_that_fails_is_undone_and_importing_again_adds_the_rest(
    db, tmp_path, monkeypatch, read_elsewhere
):
    # A batch is all or nothing: the one that fails is undone, the ones before it stay.
    _many_batches(monkeypatch, read_elsewhere)
    _no_room_for_the_third_batch(db)
    rows = _chatter(14)
    rows[1] = "Bob,2026-12-01 20:00:01,#checkin"  # in the first batch
    rows[9] = "Alice,2026-12-01 20:00:09,#checkin"  # in the one that fails
    path = export(tmp_path, *rows)
    with pytest.raises(CampError, match="is full; free some space"):
        import_export(db, "cp", path, now=NOW)
    assert not db.conn.in_transaction
    assert _stored_elsewhere(tmp_path / "imports.db") == 8
    db.execute("DROP TRIGGER temp.no_room")
    again = import_export(db, "cp", path, now=NOW)
    assert (again.new_messages, again.already_imported) == (6, 8)
    # Each check-in judged once, with the totals that follow from it.
    assert [c[:3] for c in checkins(db)] == [("Bob", 1, "on_time"), ("Alice", 1, "on_time")]
    camp = get_camp(db, "cp")
    assert sorted(tallies_as_of(db, camp, 1)) == sorted(_recount_tallies(db, camp, 1, False))


def test_a_sender_added_by_a_batch_that_fails_is_not_a_member(db, tmp_path, monkeypatch):
    _many_batches(monkeypatch, False)
    rows = _chatter(14)
    rows[8] = "Newcomer,2026-12-01 20:00:08,hello"  # the first of the batch that fails
    _no_room_for_the_third_batch(db)
    path = export(tmp_path, *rows)
    with pytest.raises(CampError, match="is full"):
        import_export(db, "cp", path, now=NOW, add_unknown=True)
    assert "Newcomer" not in {row.member.name for row in list_members(db, "cp")}
    db.execute("DROP TRIGGER temp.no_room")
    again = import_export(db, "cp", path, now=NOW, add_unknown=True)
    assert again.added_members == ["Newcomer"]
    assert (again.new_messages, again.already_imported) == (6, 8)


@pytest.mark.parametrize("read_elsewhere", [False, True])
def test_an_interrupted_import_keeps_the_batches_it_stored(
    db, tmp_path, monkeypatch, read_elsewhere
):
    _many_batches(monkeypatch, read_elsewhere)
    stored: list[int] = []

    def progress(line: int, total: int) -> None:
        stored.append(line)
        if len(stored) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_export(db, "cp", export(tmp_path, *_chatter(14)), now=NOW, progress=progress)
    assert not db.conn.in_transaction
    assert _stored_elsewhere(tmp_path / "imports.db") == 8


def test_a_dry_run_of_many_batches_stores_nothing(db, tmp_path, monkeypatch):
    _many_batches(monkeypatch, False)
    report = import_export(db, "cp", export(tmp_path, *_chatter(14)), now=NOW, dry_run=True)
    assert report.new_messages == 14
    assert not db.conn.in_transaction
    assert _stored_elsewhere(tmp_path / "imports.db") == 0


def test_an_imported_checkin_makes_a_warned_member_active_and_only_that_one(db, tmp_path):
    db.execute("UPDATE members SET status = 'warned' WHERE name IN ('Alice', 'Bob')")
    path = export(
        tmp_path,
        "Alice,2026-12-01 20:10:00,#checkin day 1",
        "Bob,2026-12-01 20:11:00,just chatting",
        "小明,2026-12-01 20:12:00,#checkin day 1",
    )
    import_export(db, "cp", path, now=NOW)
    statuses = dict(db.execute("SELECT name, status FROM members").fetchall())
    assert statuses == {"Alice": "active", "Bob": "warned", "小明": "active"}
    # The camp's warned members are found by their index, not by reading every member.
    plan = db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM members WHERE camp_id = 1 AND status = 'warned'"
    ).fetchall()
    assert "members_warned" in " ".join(str(step[-1]) for step in plan)


def test_batches_end_between_seconds_and_go_in_without_a_check_per_message(
    db, tmp_path, monkeypatch
):
    # Three messages a second: a batch of four would split a second, so that the next
    # batch's first fingerprints (time first) sort among the last batch's, and every
    # message of it would be checked for a conflict. Batches end where a second does.
    monkeypatch.setattr(imports, "BATCH", 4)
    monkeypatch.setattr(imports, "FIRST_BATCH", 4)
    rows = [f"Alice,2026-12-01 20:00:0{n // 3},chat {n}" for n in range(12)]
    path = export(tmp_path, *rows)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    written: list[int] = []
    report = import_export(db, "cp", path, now=NOW, progress=lambda line, _: written.append(line))
    db.conn.set_trace_callback(None)
    assert [b - a for a, b in zip([1, *written[:-2]], written[:-1], strict=True)] == [6, 6]
    assert report.new_messages == 12
    assert not [s for s in statements if "ON CONFLICT" in s]
    # Importing the file again checks each message, and records nothing new.
    again = import_export(db, "cp", path, now=NOW)
    assert (again.new_messages, again.already_imported) == (0, 12)
