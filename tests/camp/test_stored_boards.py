"""Boards as of an earlier day are kept once worked out, and never read stale."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import sqlite3
import time
from pathlib import Path

import msgspec
import pendulum
import pytest

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.scoring import member_standings
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import adjust_points, record_checkin, void_checkin
from camp.services.leave import grant_leave
from camp.services.members import add_members, remove_member
from camp.services.standings import _recount_tallies, _totals_are_current, standings_as_of
from camp.services.stored_boards import read_stored_board, reading_to_store, store_board
from camp.services.totals import refresh_camp_totals

CP_FILE = Path(__file__).resolve().parent.parent / "data" / "cp.toml"
NOW = pendulum.datetime(2026, 12, 20, tz="UTC")


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "b.db")


def new_camp(db, names, source=str(CP_FILE)):
    camp = create_camp(db, source, name="S", start=dt.date(2026, 12, 1), now=NOW)
    add_members(db, camp.slug, names, now=NOW)
    return camp


def stored_days(db, camp) -> set[int]:
    return {
        row[0] for row in db.execute("SELECT day FROM stored_boards WHERE camp_id = ?", [camp.id])
    }


def recounted(db, slug, day):
    camp = get_camp(db, slug)
    return member_standings(_recount_tallies(db, camp, day, False), camp.definition.scoring, day)


def counted_ids(db, camp):
    return [
        row[0]
        for row in db.execute(
            "SELECT id FROM checkins WHERE camp_id = ? AND status IN ('on_time', 'late', "
            "'makeup') ORDER BY id",
            [camp.id],
        )
    ]


def change_rules(db, camp, rng):
    """A rule change as a rescore makes it: the stored definition, then the totals."""
    definition = json.loads(
        db.execute("SELECT definition FROM camps WHERE id = ?", [camp.id]).fetchone()[0]
    )
    definition.setdefault("scoring", {})["streak_bonus"] = rng.choice([0, 1, 3, 5])
    with db.atomic():
        db.execute(
            "UPDATE camps SET definition = ? WHERE id = ?", [json.dumps(definition), camp.id]
        )
        refresh_camp_totals(db, get_camp(db, camp.slug))


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_boards_of_earlier_days_equal_a_recount_through_random_writes(db, seed):
    # Every kind of write that changes a day's figures, in random order, with boards of
    # random days asked for in between (so stored ones are read, and must be forgotten
    # by the writes that change them): each board equals a full recount.
    rng = random.Random(seed)
    names = [f"m{i:02d}" for i in range(10)]
    camp = new_camp(db, names)
    days = list(camp_days(camp))
    active = list(names)
    read_stored = forgotten = 0
    for step in range(90):
        before = stored_days(db, camp)
        roll = rng.random()
        if roll < 0.35:
            day = rng.choice(days)
            slot = day.slots[0]
            start = slot.open if rng.random() < 0.8 else slot.due
            record_checkin(
                db,
                camp.slug,
                rng.choice(active),
                now=NOW,
                at=start.add(minutes=rng.randint(-5, 50)),
            )
        elif roll < 0.42:
            _try_makeup(db, camp, rng, active)
        elif roll < 0.50:
            ids = counted_ids(db, camp)
            if ids:
                void_checkin(db, camp.slug, rng.choice(ids), reason="by mistake", now=NOW)
        elif roll < 0.57:
            adjust_points(
                db,
                camp.slug,
                rng.choice(active),
                rng.choice([-3, 2, 7]),
                reason="r",
                now=NOW,
                day=rng.randint(1, camp.days),
            )
        elif roll < 0.62:
            _try_leave(db, camp, rng, active)
        elif roll < 0.64 and len(active) > 4:
            name = rng.choice(active)
            remove_member(db, camp.slug, name, now=NOW)
            active.remove(name)
        elif roll < 0.66:
            name = f"late{step}"
            add_members(db, camp.slug, [name], now=NOW)
            active.append(name)
        elif roll < 0.68:
            change_rules(db, camp, rng)
        else:
            day = rng.randint(1, camp.days - 1)
            board = standings_as_of(db, camp.slug, now=NOW, day=day).entries
            assert board == recounted(db, camp.slug, day), (step, day)
            read_stored += day in before
            # A read keeps what is stored and stores the board it worked out (one the
            # running totals answer is not worked out).
            worked_out = not _totals_are_current(db, camp, day)
            assert stored_days(db, camp) == before | ({day} if worked_out else set())
            if worked_out and rng.random() < 0.5:  # the same day again: the stored board
                board = standings_as_of(db, camp.slug, now=NOW, day=day).entries
                assert board == recounted(db, camp.slug, day), (step, day)
                read_stored += 1
            continue
        forgotten += len(before - stored_days(db, camp))
    # Boards were read from storage, and writes forgot boards they changed.
    assert read_stored >= 3
    assert forgotten >= 3
    for day in range(1, camp.days):
        assert standings_as_of(db, camp.slug, now=NOW, day=day).entries == recounted(
            db, camp.slug, day
        )


def _try_makeup(db, camp, rng, active):
    # A day already counted, or the makeup limit reached, is refused: nothing written.
    with contextlib.suppress(CampError):
        record_checkin(
            db, camp.slug, rng.choice(active), now=NOW, makeup_day=rng.randint(1, camp.days)
        )


def _try_leave(db, camp, rng, active):
    # A counted day, or no leave left, is refused: nothing written.
    with contextlib.suppress(CampError):
        grant_leave(
            db, camp.slug, rng.choice(active), rng.randint(1, camp.days), reason="exam", now=NOW
        )


def finished_camp(db, source=str(CP_FILE)):
    """Ann, Ben and Cat on every day but one each."""
    camp = new_camp(db, ["Ann", "Ben", "Cat"], source)
    for day in camp_days(camp):
        for index, name in enumerate(("Ann", "Ben", "Cat")):
            if day.number != index + 2:
                at = day.slots[0].open.add(minutes=5 + index)
                record_checkin(db, camp.slug, name, now=NOW, at=at)
    return camp


def completion_file(folder: Path) -> str:
    """The camp file of :data:`CP_FILE` ranked by completion instead of points."""
    source = folder / "completion.toml"
    source.write_text(
        CP_FILE.read_text(encoding="utf-8").replace(
            "[scoring]", '[scoring]\nrank_by = "completion"'
        ),
        encoding="utf-8",
    )
    return str(source)


#: Where a stored member's points (of check-ins alone) and total are in the value.
POINTS, TOTAL = 1, 2


def add_to_stored(db, day: int, name: str, index: int, more: int) -> None:
    """Change one figure of a stored board behind the triggers' back."""
    member = db.execute("SELECT id FROM members WHERE name = ?", [name]).fetchone()[0]
    (value,) = db.execute("SELECT board FROM stored_board_values WHERE day = ?", [day]).fetchone()
    figures = msgspec.msgpack.decode(value)
    for figure in figures:
        if figure[0] == member:
            figure[index] += more
    db.execute(
        "UPDATE stored_board_values SET board = ? WHERE day = ?",
        [msgspec.msgpack.encode(figures), day],
    )
    db.conn.commit()


def test_a_board_once_worked_out_is_read_from_storage(db):
    camp = finished_camp(db)
    first = standings_as_of(db, camp.slug, now=NOW, day=3).entries
    assert stored_days(db, camp) == {3}
    # What is read next time is the stored value (changed here behind the triggers' back).
    add_to_stored(db, 3, "Cat", TOTAL, 100)
    again = standings_as_of(db, camp.slug, now=NOW, day=3).entries
    assert [(e.name, e.points) for e in again] == [
        ("Cat", first[[e.name for e in first].index("Cat")].points + 100),
        *[(e.name, e.points) for e in first if e.name != "Cat"],
    ]


def test_a_board_of_other_rules_or_a_deleted_camp_is_not_read(db):
    camp = finished_camp(db)
    standings_as_of(db, camp.slug, now=NOW, day=4)
    change_rules(db, camp, random.Random(1))
    assert read_stored_board(db, get_camp(db, camp.slug), 4, False) is None
    assert standings_as_of(db, camp.slug, now=NOW, day=4).entries == recounted(db, camp.slug, 4)
    assert read_stored_board(db, get_camp(db, camp.slug), 4, False) is not None
    from camp.services.camps import delete_camp

    delete_camp(db, camp.slug)
    assert db.execute("SELECT COUNT(*) FROM stored_board_values").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM stored_boards").fetchone()[0] == 0


def test_removed_members_are_kept_in_the_stored_board_and_left_out_of_the_board(db):
    camp = finished_camp(db)
    remove_member(db, camp.slug, "Ben", now=NOW)
    board = standings_as_of(db, camp.slug, now=NOW, day=5)
    assert sorted(e.name for e in board.entries) == ["Ann", "Cat"]
    assert board.entries == recounted(db, camp.slug, 5)
    everyone = standings_as_of(db, camp.slug, now=NOW, day=5, include_removed=True).entries
    assert sorted(e.name for e in everyone) == ["Ann", "Ben", "Cat"]
    camp = get_camp(db, camp.slug)
    assert everyone == member_standings(
        _recount_tallies(db, camp, 5, True), camp.definition.scoring, 5
    )


def test_a_board_read_while_another_process_writes_is_not_stored(db, tmp_path):
    # The board is worked out from one read transaction; a check-in committed by
    # another connection meanwhile makes SQLite refuse the write: nothing is stored,
    # and the next read works the board out again with the check-in.
    camp = finished_camp(db)
    other = open_db(tmp_path / "b.db")
    with reading_to_store(db) as may_store:
        assert may_store
        db.execute("SELECT COUNT(*) FROM checkins").fetchone()  # the read begins
        late = camp_days(camp)[1].slots[0].open.add(minutes=1)
        record_checkin(other, camp.slug, "Ann", now=NOW, at=late)
        assert not store_board(db, camp, 2, [("Ann", 1, 1, 0, 0, 1, "~", "1", 1, 1)])
    assert stored_days(db, camp) == set()
    assert standings_as_of(db, camp.slug, now=NOW, day=2).entries == recounted(db, camp.slug, 2)
    assert stored_days(db, camp) == {2}
    other.close()


def test_a_board_is_returned_at_once_unstored_while_another_process_holds_the_write_lock(
    db, tmp_path
):
    camp = finished_camp(db)
    other = sqlite3.connect(tmp_path / "b.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        start = time.monotonic()
        board = standings_as_of(db, camp.slug, now=NOW, day=3).entries
        waited = time.monotonic() - start
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert board == recounted(db, camp.slug, 3)
    assert stored_days(db, camp) == set()
    assert waited < 5  # not the 10 s busy timeout of a write that must happen
    # The connection waits for other writers as before.
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    assert not db.conn.in_transaction


def test_inside_a_callers_transaction_a_board_is_worked_out_and_not_stored(db):
    camp = finished_camp(db)
    with db.atomic():
        board = standings_as_of(db, camp.slug, now=NOW, day=3).entries
        assert db.conn.in_transaction
    assert board == recounted(db, camp.slug, 3)
    assert stored_days(db, camp) == set()


def test_the_scheduler_stores_the_board_of_each_day_it_sums_up(db):
    # After a day's summary the board of that day is stored, so the first ask for it
    # (the day picker, --day) reads it.
    from camp.clock import from_utc_text
    from camp.services.events import sync_all_events
    from camp.services.running import run_due

    camp = finished_camp(db, "copywriting-cp")  # the built-in camp sums up each day
    sync_all_events(db, NOW)
    summaries = dict(
        db.execute(
            "SELECT day, due FROM events WHERE camp_id = ? AND kind = 'summary'", [camp.id]
        ).fetchall()
    )
    assert 3 in summaries
    after_day_3 = from_utc_text(summaries[3]).add(minutes=1)
    report = run_due(db, after_day_3, grace_seconds=10**8, deliver=False)
    summed_up = {a.day for a in report.announced if a.kind == "summary"}
    assert summed_up == {1, 2, 3}
    assert stored_days(db, camp) == summed_up
    for day in summed_up:
        assert standings_as_of(db, camp.slug, now=NOW, day=day).entries == recounted(
            db, camp.slug, day
        )
    assert not db.conn.in_transaction


def test_a_board_is_worked_out_from_the_stored_board_of_an_earlier_day(db):
    # With the board of day 5 stored, the board of day 6 is that one plus day 6's
    # check-ins: what it reads shows through (the stored rows changed here behind the
    # triggers' back), and untouched it equals a recount.
    names = [f"m{i}" for i in range(8)]
    camp = new_camp(db, names)
    days = list(camp_days(camp))
    rng = random.Random(3)
    for day in days:
        for name in names:
            if rng.random() < 0.8:
                at = day.slots[0].open.add(minutes=rng.randint(1, 40))
                record_checkin(db, camp.slug, name, now=NOW, at=at)
    standings_as_of(db, camp.slug, now=NOW, day=5)
    assert stored_days(db, camp) == {5}
    assert standings_as_of(db, camp.slug, now=NOW, day=6).entries == recounted(db, camp.slug, 6)
    assert stored_days(db, camp) == {5, 6}
    db.execute("DELETE FROM stored_boards WHERE day = 6")
    add_to_stored(db, 5, "m3", POINTS, 100)
    honest = {e.name: e.points for e in recounted(db, camp.slug, 6)}
    derived = {e.name: e.points for e in standings_as_of(db, camp.slug, now=NOW, day=6).entries}
    assert derived == {**honest, "m3": honest["m3"] + 100}


def stored_values(db, camp) -> set[int]:
    return {
        day
        for (day,) in db.execute("SELECT day FROM stored_board_values WHERE camp_id = ?", [camp.id])
    }


@pytest.mark.parametrize("foreign_keys", ["ON", "OFF"])
def test_a_forgotten_board_takes_its_stored_value_with_it(db, foreign_keys):
    # Imports write with foreign keys off: the trigger forgets the values all the same.
    camp = finished_camp(db)
    for day in (2, 3, 4):
        standings_as_of(db, camp.slug, now=NOW, day=day)
    assert stored_days(db, camp) == stored_values(db, camp) == {2, 3, 4}
    db.execute(f"PRAGMA foreign_keys = {foreign_keys}")
    late = camp_days(camp)[2].slots[0].open.add(minutes=30)  # a makeup-like write to day 3
    record_checkin(db, camp.slug, "Ben", now=NOW, at=late)
    db.execute("PRAGMA foreign_keys = ON")
    assert stored_days(db, camp) == stored_values(db, camp) == {2}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_stored_value_that_cannot_be_read_is_worked_out_again_and_stored_over(db):
    camp = finished_camp(db)
    honest = standings_as_of(db, camp.slug, now=NOW, day=4).entries
    db.execute("UPDATE stored_board_values SET board = x'c1' WHERE day = 4")  # not MessagePack
    db.conn.commit()
    assert read_stored_board(db, get_camp(db, camp.slug), 4, False) is None
    assert standings_as_of(db, camp.slug, now=NOW, day=4).entries == honest
    assert read_stored_board(db, get_camp(db, camp.slug), 4, False) is not None


def summary_dues(db, camp) -> dict[int, pendulum.DateTime]:
    from camp.clock import from_utc_text
    from camp.services.events import sync_all_events

    sync_all_events(db, NOW)
    return {
        day: from_utc_text(due)
        for day, due in db.execute(
            "SELECT day, due FROM events WHERE camp_id = ? AND kind = 'summary'", [camp.id]
        ).fetchall()
    }


def test_the_missing_boards_of_past_days_are_stored_earliest_first_within_the_time_given(db):
    # The check-ins came without a scheduler (an import, say): no board is stored.
    from camp.services.standings import keep_past_boards

    camp = finished_camp(db, "copywriting-cp")
    dues = summary_dues(db, camp)
    assert sorted(dues) == list(range(1, camp.days))  # the last day has its closing
    assert stored_days(db, camp) == set()
    # Nothing to spend: one board all the same, the earliest.
    assert keep_past_boards(db, NOW, seconds=0) == 1
    assert stored_days(db, camp) == {1}
    assert keep_past_boards(db, NOW, seconds=0) == 1
    assert stored_days(db, camp) == {1, 2}
    # The rest, but not the last day's, whose board is the running totals'.
    assert keep_past_boards(db, NOW, seconds=60) == camp.days - 3
    assert stored_days(db, camp) == set(range(1, camp.days))
    assert keep_past_boards(db, NOW, seconds=60) == 0
    # A late makeup forgets the boards from its day on; they are stored again.
    record_checkin(db, camp.slug, "Ben", now=NOW, makeup_day=3)
    assert stored_days(db, camp) == {1, 2}
    assert keep_past_boards(db, NOW, seconds=60) == camp.days - 3
    for day in range(1, camp.days):
        assert read_stored_board(db, get_camp(db, camp.slug), day, False) is not None
        assert standings_as_of(db, camp.slug, now=NOW, day=day).entries == recounted(
            db, camp.slug, day
        )


def test_only_the_boards_of_days_already_summed_up_are_kept_ahead(db):
    from camp.services.standings import keep_past_boards

    camp = finished_camp(db, "copywriting-cp")
    dues = summary_dues(db, camp)
    assert keep_past_boards(db, dues[3].subtract(seconds=1), seconds=60) == 2
    assert stored_days(db, camp) == {1, 2}
    assert keep_past_boards(db, dues[3], seconds=60) == 1
    assert stored_days(db, camp) == {1, 2, 3}


def test_no_board_is_kept_ahead_for_a_camp_ranked_by_completion(db, tmp_path):
    from camp.services.standings import keep_past_boards

    camp = finished_camp(db, completion_file(tmp_path))
    assert get_camp(db, camp.slug).definition.scoring.rank_by == "completion"
    summary_dues(db, camp)
    assert keep_past_boards(db, NOW, seconds=60) == 0
    assert stored_days(db, camp) == set()


def test_past_boards_wait_while_another_process_writes(db, tmp_path):
    from camp.services.standings import keep_past_boards

    camp = finished_camp(db, "copywriting-cp")
    summary_dues(db, camp)
    other = sqlite3.connect(tmp_path / "b.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writes: no board can be stored
    try:
        start = time.monotonic()
        assert keep_past_boards(db, NOW, seconds=60) == 0
        # One board tried, and the rest left for the next run: no waiting.
        assert time.monotonic() - start < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert stored_days(db, camp) == set()
    assert keep_past_boards(db, NOW, seconds=60) == camp.days - 1
    assert stored_days(db, camp) == set(range(1, camp.days))


def test_a_past_board_that_cannot_be_worked_out_is_not_tried_again_with_the_same_record(db):
    from camp.services.standings import keep_past_boards

    camp = finished_camp(db, "copywriting-cp")
    summary_dues(db, camp)
    db.execute(
        "DELETE FROM member_totals WHERE member_id = (SELECT id FROM members WHERE name = 'Ann')"
    )
    db.conn.commit()
    tried: set[tuple[int, int]] = set()
    assert keep_past_boards(db, NOW, seconds=60, tried=tried) == 0
    assert tried == {(camp.id, day) for day in range(1, camp.days)}
    assert stored_days(db, camp) == set()
    # With the totals back, a new record tries again.
    with db.atomic():
        refresh_camp_totals(db, get_camp(db, camp.slug))
    assert keep_past_boards(db, NOW, seconds=60, tried=tried) == 0
    assert keep_past_boards(db, NOW, seconds=60) == camp.days - 1


def test_camp_run_once_stores_the_missing_boards_of_past_days(db):
    # The summaries fell due long before this run: they are missed, not posted, and
    # their boards are stored all the same.
    from camp.services.running import run_once

    camp = finished_camp(db, "copywriting-cp")
    report = run_once(db, NOW)
    assert report.missed and not report.announced
    assert stored_days(db, camp) == set(range(1, camp.days))
    assert not db.conn.in_transaction


def test_a_summary_of_a_camps_last_day_does_not_hold_up_the_camps_after_it(db):
    # No plan sums up the last day (its board is the running totals'); were one there,
    # the camps after it would still have their boards stored.
    from camp.services.standings import keep_past_boards

    first = finished_camp(db, "copywriting-cp")
    later = create_camp(db, "copywriting-cp", name="T", start=dt.date(2026, 12, 1), now=NOW)
    add_members(db, later.slug, ["Dan"], now=NOW)
    summary_dues(db, first)
    assert first.slug < later.slug  # the first camp's days come first
    db.execute(
        "INSERT INTO events (camp_id, key, kind, day, due, status) "
        "SELECT camp_id, key || '-last', kind, ?, due, status FROM events "
        "WHERE camp_id = ? AND kind = 'summary' AND day = 1",
        [first.days, first.id],
    )
    db.conn.commit()
    assert keep_past_boards(db, NOW, seconds=60) == 2 * (first.days - 1)
    assert stored_days(db, first) == stored_days(db, later) == set(range(1, first.days))


def test_the_boards_of_the_days_that_are_over_and_hold_check_ins_are_kept(db):
    from camp.services.standings import keep_finished_boards

    camp = new_camp(db, ["Ann", "Ben", "Cat"])
    days = camp_days(camp)
    for day in days[:4]:
        for index, name in enumerate(("Ann", "Ben", "Cat")):
            if day.number != index + 2:
                record_checkin(db, camp.slug, name, now=NOW, at=day.slots[0].open.add(minutes=5))
    # Day 4 is still open: only days 1-3 are over.
    during_day_4 = days[3].slots[0].open.add(hours=1)
    assert keep_finished_boards(db, camp, during_day_4, seconds=0) == 1
    assert stored_days(db, camp) == {1}
    # Told it is enough (an import's first batch is ready): the one it must try only.
    assert keep_finished_boards(db, camp, during_day_4, seconds=60, enough=lambda: True) == 1
    assert stored_days(db, camp) == {1, 2}
    assert keep_finished_boards(db, camp, during_day_4, seconds=60) == 1
    assert stored_days(db, camp) == {1, 2, 3}
    # Long after the camp: day 4 is over, and days 5-6 hold no check-in (their boards
    # would be forgotten by the first of them).
    assert keep_finished_boards(db, camp, NOW, seconds=60) == 1
    assert stored_days(db, camp) == {1, 2, 3, 4}
    assert keep_finished_boards(db, camp, NOW, seconds=60) == 0
    for day in range(1, 5):
        assert standings_as_of(db, camp.slug, now=NOW, day=day).entries == recounted(
            db, camp.slug, day
        )


def test_no_board_is_kept_for_a_camp_ranked_by_completion_or_without_check_ins(db, tmp_path):
    from camp.services.standings import keep_finished_boards

    empty = new_camp(db, ["Ann"])
    assert keep_finished_boards(db, empty, NOW, seconds=60) == 0
    camp = finished_camp(db, completion_file(tmp_path))
    assert keep_finished_boards(db, get_camp(db, camp.slug), NOW, seconds=60) == 0
    assert stored_days(db, camp) == set()


def _daily_export(path: Path, camp, day: int, names: list[str]) -> Path:
    """A CSV export of one camp day: each of ``names`` checks in, the others chat."""
    opens = camp_days(camp)[day - 1].slots[0].open.in_tz(camp.timezone)
    lines = ["member,time,text"]
    for index, name in enumerate(["Ann", "Ben", "Cat"]):
        text = "#checkin done" if name in names else "hello all"
        lines.append(f"{name},{opens.add(minutes=5 + index):%Y-%m-%d %H:%M:%S},{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("elsewhere", [False, True], ids=["read here", "read by a child"])
def test_a_camp_fed_by_daily_imports_has_the_boards_of_its_past_days(
    db, tmp_path, monkeypatch, elsewhere
):
    # No scheduler sums the days up: each import stores the boards of the days before.
    from camp.services import imports
    from camp.services.imports import import_export

    if elsewhere:  # the child's first batch ends the keeping, after one board at least
        monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    camp = new_camp(db, ["Ann", "Ben", "Cat"])
    everyone = ["Ann", "Ben", "Cat"]
    for day in range(1, camp.days + 1):
        present = [name for index, name in enumerate(everyone) if day != index + 2]
        export = _daily_export(tmp_path / f"day-{day}.csv", camp, day, present)
        import_export(db, camp.slug, export, now=NOW)
        assert stored_days(db, camp) == set(range(1, day))
    # A makeup for day 4 forgets the boards from day 4 on; the next import stores them.
    record_checkin(db, camp.slug, "Cat", now=NOW, makeup_day=4)
    assert stored_days(db, camp) == {1, 2, 3}
    again = _daily_export(tmp_path / "again.csv", camp, 7, [])
    import_export(db, camp.slug, again, now=NOW)
    if elsewhere:  # one board at least each time, until the child is ready
        assert {1, 2, 3, 4} <= stored_days(db, camp)
        for _ in range(2):
            import_export(db, camp.slug, again, now=NOW)
    assert stored_days(db, camp) == set(range(1, camp.days))
    for day in range(1, camp.days + 1):
        assert standings_as_of(db, camp.slug, now=NOW, day=day).entries == recounted(
            db, camp.slug, day
        )


def test_a_dry_run_import_keeps_no_board(db, tmp_path):
    from camp.services.imports import import_export

    camp = finished_camp(db)
    export = _daily_export(tmp_path / "day.csv", camp, 7, ["Ann"])
    import_export(db, camp.slug, export, now=NOW, dry_run=True)
    assert stored_days(db, camp) == set()
