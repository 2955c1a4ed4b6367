"""An import adds its check-ins to the members' totals batch by batch; whatever the
order of imports, manual check-ins and adjustments, the totals equal a full recount."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.db import open_db
from camp.services import imports
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import adjust_points, record_checkin
from camp.services.imports import import_export
from camp.services.members import add_members
from camp.services.totals import refresh_camp_totals

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = pendulum.datetime(2026, 12, 9, tz="UTC")
NAMES = ["Alice", "Bob", "Chen"]
TOTALS = "SELECT * FROM member_totals ORDER BY member_id"

# A check-in or chatter: (member, day 1-7, minutes after 19:50 local, is check-in).
# 19:50 is before the night window (20:00-23:30, late until 00:30): some land outside,
# on time, late and on the next morning.
MESSAGE = st.tuples(
    st.sampled_from(NAMES),
    st.integers(1, 7),
    st.integers(0, 5 * 60),
    st.booleans(),
)
OPERATION = st.one_of(
    st.tuples(st.just("import"), st.lists(MESSAGE, min_size=1, max_size=12)),
    st.tuples(st.just("checkin"), MESSAGE),
    st.tuples(st.just("adjust"), st.tuples(st.sampled_from(NAMES), st.integers(-5, 5))),
)


def _moment(day: int, minutes: int) -> pendulum.DateTime:
    start = pendulum.datetime(2026, 12, day, 19, 50, tz="Asia/Shanghai")
    return start.add(minutes=minutes)


def _export(path: Path, messages: list[tuple[str, int, int, bool]]) -> Path:
    lines = ["member,time,text"]
    for name, day, minutes, is_checkin in sorted(messages, key=lambda m: (m[1], m[2])):
        text = "#checkin done" if is_checkin else "hello"
        lines.append(f"{name},{_moment(day, minutes):%Y-%m-%d %H:%M:%S},{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=st.lists(OPERATION, min_size=1, max_size=8), batch=st.sampled_from([2, 3, 1000]))
def test_totals_after_imports_equal_a_full_recount(tmp_path, monkeypatch, operations, batch):
    # Small batches: a check-in of a later batch displaces one of an earlier batch.
    monkeypatch.setattr(imports, "BATCH", batch)
    folder = Path(tmp_path) / f"run-{len(list(Path(tmp_path).iterdir()))}"
    folder.mkdir()
    definition = folder / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    db = open_db(folder / "totals.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(definition), name="CP", start=dt.date(2026, 12, 1), now=before)
    add_members(db, "cp", NAMES, now=before)
    for number, (kind, value) in enumerate(operations):
        if kind == "import":
            import_export(db, "cp", _export(folder / f"chat-{number}.csv", value), now=NOW)
        elif kind == "checkin":
            name, day, minutes, _ = value
            record_checkin(db, "cp", name, now=NOW, at=_moment(day, minutes), text="#checkin")
        else:
            name, points = value
            if points:
                adjust_points(db, "cp", name, points, reason="property", now=NOW, day=1)
    kept = db.execute(TOTALS).fetchall()
    refresh_camp_totals(db, get_camp(db, "cp"))
    assert kept == db.execute(TOTALS).fetchall()
    db.close()


def test_an_earlier_check_in_in_a_later_import_takes_the_slot_and_the_totals_follow(tmp_path):
    definition = tmp_path / "camp.toml"
    shutil.copy(DATA / "cp_announced.toml", definition)
    db = open_db(tmp_path / "slot.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(definition), name="CP", start=dt.date(2026, 12, 1), now=before)
    add_members(db, "cp", ["Alice"], now=before)
    # Late (after 23:30), then the same night on time from another export.
    import_export(db, "cp", _export(tmp_path / "late.csv", [("Alice", 1, 230, True)]), now=NOW)
    late = db.execute("SELECT points, late, on_time FROM member_totals").fetchone()
    import_export(db, "cp", _export(tmp_path / "early.csv", [("Alice", 1, 20, True)]), now=NOW)
    after = db.execute("SELECT points, late, on_time FROM member_totals").fetchone()
    assert (late[1], late[2]) == (1, 0)
    assert (after[1], after[2]) == (0, 1)
    assert after[0] > late[0]
    statuses = db.execute("SELECT status FROM checkins ORDER BY at").fetchall()
    assert [s[0] for s in statuses] == ["on_time", "duplicate"]
    db.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    operations=st.lists(
        st.one_of(OPERATION, st.tuples(st.just("board"), st.integers(1, 6))),
        min_size=2,
        max_size=10,
    ),
    batch=st.sampled_from([2, 1000]),
)
def test_boards_of_earlier_days_follow_imports_of_those_days(
    tmp_path, monkeypatch, operations, batch
):
    # A board as of an earlier day is stored when first asked for; an import that
    # brings check-ins of that day (or displaces one) must make the next ask see them.
    from camp.scoring import member_standings
    from camp.services.standings import _recount_tallies, standings_as_of

    monkeypatch.setattr(imports, "BATCH", batch)
    folder = Path(tmp_path) / f"run-{len(list(Path(tmp_path).iterdir()))}"
    folder.mkdir()
    db = open_db(folder / "boards.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(
        db, str(DATA / "cp_announced.toml"), name="CP", start=dt.date(2026, 12, 1), now=before
    )
    add_members(db, "cp", NAMES, now=before)
    for number, (kind, value) in enumerate([*operations, ("board", 3)]):
        if kind == "import":
            import_export(db, "cp", _export(folder / f"chat-{number}.csv", value), now=NOW)
        elif kind == "checkin":
            name, day, minutes, _ = value
            record_checkin(db, "cp", name, now=NOW, at=_moment(day, minutes), text="#checkin")
        elif kind == "adjust":
            name, points = value
            if points:
                adjust_points(db, "cp", name, points, reason="property", now=NOW, day=1)
        else:
            camp = get_camp(db, "cp")
            board = standings_as_of(db, "cp", now=NOW, day=value).entries
            recount = _recount_tallies(db, camp, value, False)
            assert board == member_standings(recount, camp.definition.scoring, value)
    db.close()


def test_an_import_of_an_earlier_day_makes_its_stored_board_be_worked_out_again(tmp_path):
    from camp.services.standings import standings_as_of

    db = open_db(tmp_path / "boards.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(
        db, str(DATA / "cp_announced.toml"), name="CP", start=dt.date(2026, 12, 1), now=before
    )
    add_members(db, "cp", NAMES, now=before)
    import_export(db, "cp", _export(tmp_path / "day5.csv", [("Alice", 5, 30, True)]), now=NOW)
    assert [e.points for e in standings_as_of(db, "cp", now=NOW, day=3).entries] == [0, 0, 0]
    assert db.execute("SELECT day FROM stored_boards").fetchall() == [(3,)]
    # The export of day 2, imported late: Bob's check-in counts on the board of day 3.
    # (Before its first batch the import stored the boards of days 1-4, which are over;
    # Bob's check-in forgot those of day 2 on.)
    import_export(db, "cp", _export(tmp_path / "day2.csv", [("Bob", 2, 30, True)]), now=NOW)
    assert db.execute("SELECT day FROM stored_boards").fetchall() == [(1,)]
    board = standings_as_of(db, "cp", now=NOW, day=3).entries
    assert (board[0].name, board[0].points) == ("Bob", 10)
