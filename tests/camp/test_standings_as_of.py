"""Standings as of an earlier day, whichever way they are read (the stored totals less
the later days' check-ins, or the days up to it summed), equal a full recount after any
mix of chat imports, check-ins of past days, makeups, voids, adjustments, leave and
other scoring rules."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.db import open_db
from camp.errors import CampError
from camp.scoring import member_standings
from camp.services import imports, standings
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import adjust_points, record_checkin, void_checkin
from camp.services.imports import import_export
from camp.services.leave import grant_leave
from camp.services.members import add_members
from camp.services.standings import (
    _member_board_as_of,
    _recount_tallies,
    _tallies_from_checkins,
    standings_as_of,
)
from camp.services.totals import refresh_camp_totals, refresh_member_totals

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = pendulum.datetime(2026, 12, 12, tz="UTC")
NAMES = ["Alice", "Bob", "Chen", "Dana"]

# Makeups (made after later days, so out of the order of their days) up to three.
DEFINITION = (DATA / "cp.toml").read_text(encoding="utf-8").replace(
    "makeup_limit = 1", "makeup_limit = 3"
) + "\n[members]\nleave_quota = 2\n"

# (member, day 1-7, minutes after 19:50 local, is a check-in): before the window
# (20:00-23:30, late until 00:30), on time, late and outside.
MESSAGE = st.tuples(
    st.sampled_from(NAMES), st.integers(1, 7), st.integers(0, 6 * 60), st.booleans()
)
OPERATION = st.one_of(
    st.tuples(st.just("import"), st.lists(MESSAGE, min_size=1, max_size=10)),
    st.tuples(st.just("checkin"), MESSAGE),
    st.tuples(st.just("makeup"), st.tuples(st.sampled_from(NAMES), st.integers(1, 7))),
    st.tuples(st.just("void"), st.integers(0, 40)),
    st.tuples(
        st.just("adjust"),
        st.tuples(st.sampled_from(NAMES), st.integers(-5, 5), st.integers(1, 7)),
    ),
    st.tuples(st.just("leave"), st.tuples(st.sampled_from(NAMES), st.integers(1, 7))),
)
RULES = st.tuples(st.integers(0, 5), st.integers(0, 12))


def _moment(day: int, minutes: int) -> pendulum.DateTime:
    return pendulum.datetime(2026, 12, day, 19, 50, tz="Asia/Shanghai").add(minutes=minutes)


def _export(path: Path, messages: list[tuple[str, int, int, bool]]) -> Path:
    lines = ["member,time,text"]
    for name, day, minutes, is_checkin in sorted(messages, key=lambda m: (m[1], m[2])):
        text = "#checkin done" if is_checkin else "hello"
        lines.append(f"{name},{_moment(day, minutes):%Y-%m-%d %H:%M:%S},{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _apply(db, folder: Path, number: int, kind: str, value) -> None:
    if kind == "import":
        import_export(db, "cp", _export(folder / f"chat-{number}.csv", value), now=NOW)
    elif kind == "checkin":
        name, day, minutes, _ = value
        record_checkin(db, "cp", name, now=NOW, at=_moment(day, minutes), text="#checkin")
    elif kind == "makeup":
        record_checkin(db, "cp", value[0], now=NOW, makeup_day=value[1])
    elif kind == "void":
        ids = db.execute(
            "SELECT id FROM checkins WHERE status IN ('on_time', 'late', 'makeup') ORDER BY id"
        ).fetchall()
        if ids:
            void_checkin(db, "cp", ids[value % len(ids)][0], reason="property", now=NOW)
    elif kind == "adjust":
        name, points, day = value
        if points:
            adjust_points(db, "cp", name, points, reason="property", now=NOW, day=day)
    else:
        grant_leave(db, "cp", value[0], value[1], reason="property", now=NOW)


def _by_member(tallies):
    return sorted(tallies, key=lambda t: t.member_id)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    operations=st.lists(OPERATION, min_size=1, max_size=12),
    batch=st.sampled_from([2, 1000]),
    rules=RULES,
    first=st.integers(1, 7),
)
def test_as_of_every_day_equals_a_full_recount(
    tmp_path, monkeypatch, operations, batch, rules, first
):
    monkeypatch.setattr(imports, "BATCH", batch)
    folder = Path(tmp_path) / f"run-{len(list(Path(tmp_path).iterdir()))}"
    folder.mkdir()
    (folder / "camp.toml").write_text(DEFINITION, encoding="utf-8")
    db = open_db(folder / "as-of.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(folder / "camp.toml"), name="CP", start=dt.date(2026, 12, 1), now=before)
    add_members(db, "cp", NAMES, now=before)
    for number, (kind, value) in enumerate(operations):
        # A refusal (a makeup of a counted day, leave over the quota …) changes nothing.
        with contextlib.suppress(CampError):
            _apply(db, folder, number, kind, value)
    camp = get_camp(db, "cp")
    # Other scoring rules over the same check-ins (what-if, an edited definition).
    scoring = dataclasses.replace(
        camp.definition.scoring, streak_bonus=rules[0], streak_cap=rules[1]
    )
    other = dataclasses.replace(
        camp, definition=dataclasses.replace(camp.definition, scoring=scoring)
    )
    for cost in (0.0, 1000.0):  # take the later days off; sum the days up to it
        monkeypatch.setattr(standings, "_LATER_DAY_COST", cost)
        for day in range(1, camp.days + 1):
            for start in sorted({1, min(first, day)}):
                assert _by_member(_tallies_from_checkins(db, camp, day, False, start)) == (
                    _by_member(_recount_tallies(db, camp, day, False, start))
                ), (cost, day, start)
            for which in (camp, other):
                recount = _recount_tallies(db, which, day, True)
                for still_open in (False, True):
                    assert _member_board_as_of(db, which, day, still_open, True) == (
                        member_standings(recount, which.definition.scoring, day, still_open)
                    ), (cost, day, still_open)
            board = standings_as_of(db, "cp", now=NOW, day=day).entries
            assert board == member_standings(
                _recount_tallies(db, camp, day, False), camp.definition.scoring, day
            )
    # The order flag kept write by write is the one a full refresh finds.
    kept = db.execute("SELECT member_id, in_order FROM member_totals ORDER BY 1").fetchall()
    refresh_camp_totals(db, camp)
    assert kept == db.execute("SELECT member_id, in_order FROM member_totals ORDER BY 1").fetchall()
    db.close()


@pytest.fixture
def finished_camp(tmp_path):
    (tmp_path / "camp.toml").write_text(DEFINITION, encoding="utf-8")
    db = open_db(tmp_path / "finished.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(db, str(tmp_path / "camp.toml"), name="CP", start=dt.date(2026, 12, 1), now=before)
    add_members(db, "cp", NAMES, now=before)
    for day in range(1, 8):
        for offset, name in enumerate(NAMES[: 2 + day % 3]):
            at = _moment(day, 20 + offset)
            record_checkin(db, "cp", name, now=NOW, at=at, text="#checkin")
    return db


def test_a_member_out_of_order_is_recounted_alone(finished_camp, monkeypatch):
    # Check-ins judged under windows that were edited since can be out of the order of
    # their days: day 2's made after day 3's. Their totals say so, and the standings
    # of the days between read that member's check-ins instead of the day's.
    db = finished_camp
    camp = get_camp(db, "cp")
    flags = "SELECT m.name, t.in_order FROM member_totals t JOIN members m ON m.id = t.member_id"
    assert set(dict(db.execute(flags).fetchall()).values()) == {1}
    alice = db.execute("SELECT id FROM members WHERE name = 'Alice'").fetchone()[0]
    db.execute(
        "UPDATE checkins SET at = ? WHERE member_id = ? AND day = 2",
        [_moment(3, 200).in_tz("UTC").format("YYYY-MM-DDTHH:mm:ss.SSSSSS[Z]"), alice],
    )
    refresh_member_totals(db, camp, [alice])
    assert dict(db.execute(flags).fetchall()) == {"Alice": 0, "Bob": 1, "Chen": 1, "Dana": 1}
    record_checkin(db, "cp", "Alice", now=NOW, at=_moment(7, 100), text="#checkin")
    assert dict(db.execute(flags).fetchall())["Alice"] == 0
    for cost in (0.0, 1000.0):
        monkeypatch.setattr(standings, "_LATER_DAY_COST", cost)
        for day in range(1, 7):
            assert _member_board_as_of(db, camp, day, False, False) == member_standings(
                _recount_tallies(db, camp, day, False), camp.definition.scoring, day
            ), (cost, day)
