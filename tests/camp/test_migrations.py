"""Migrations are append-only, and a database made by a release keeps working.

Two guards hold camp/db/migrations.py to its rule (never edit or remove a migration a
release has applied; add a new one):

- the schema snapshot: a freshly migrated database must have exactly the schema and
  the migration names stored in tests/data/schema.sql, and the code's migration names
  must start with the stored ones, in the same order;
- the upgrade: a database made by release 0.1.0 (tests/data/release-0.1.0.sql),
  opened with today's code, must end with the schema of a fresh database and read back
  through the services and the command line.

After adding a NEW migration, refresh the snapshot and commit it with the migration:

    CAMP_UPDATE_SCHEMA_SNAPSHOT=1 .venv/bin/python -m pytest tests/camp/test_migrations.py

How tests/data/release-0.1.0.sql was made (the code of a release is not part of the
tree, so this is the recipe, not a script). With the source of the release commit
(9eb8912, version 0.1.0) in /srv/camp-0.1.0 (``git archive 9eb8912 | tar -x -C
/srv/camp-0.1.0``), ``camp`` meaning ``PYTHONPATH=/srv/camp-0.1.0 .venv/bin/python -m
camp.cli`` and ``CAMP_DB`` a new file:

    CAMP_NOW=2026-03-01T10:00:00+08:00
      camp new copywriting-cp --name "CP week" --start 2026-03-02 --slug cp
      camp members add cp Alice Bob 小明 小红 Dan Eve Finn
      camp members add cp Gus --handle wxid_gus
      camp members alias cp 小明 明明同学
      camp pair cp Alice Bob; camp pair cp 小明 小红; camp pair cp --auto
      camp task cp 6 --title "写一条 30 秒短视频脚本" --text "开头三秒抓人，结尾一句行动号召。" --difficulty 4
      camp new accounting-sprint --name "会计冲刺" --start 2026-03-02 --slug sprint
      camp members add sprint 王芳 李雷 韩梅梅
      camp new study-buddy --name "Study buddies" --start 2026-03-02 --slug buddies --days 7
      camp members add buddies Ana --shift early; camp members add buddies Ben --shift late
      camp pair buddies Ana Ben
      camp new ops-club --name "Ops club" --start 2026-03-02 --slug ops --days 7
      camp members add ops Kim Lee --team north; camp members add ops Max --team south
      camp new reading-camp --name "Reading March 2024" --start 2024-03-01 --slug reading
      camp members add reading 小明 "Alice Smith" Bob
      camp import reading /srv/camp-0.1.0/tests/data/exports/plain.csv --add-unknown
      camp archive reading
      camp new /srv/camp-0.1.0/tests/data/cp_announced.toml --name Announced \
        --start 2026-03-02 --slug announced
      camp members add announced Pat Quinn; camp pair announced Pat Quinn
    CAMP_NOW=2026-03-05T20:30:00+08:00
      camp demo
      camp checkin cp Alice --at 2026-03-02T20:15 --text "#打卡 day 1"   (and 03-03T20:10,
        03-04T21:00, 03-05T20:20)
      camp checkin cp Bob --at 2026-03-02T23:50 --text late              (late; and 03-03T22:00,
        03-04T22:00)
      camp checkin cp 小明 --at 2026-03-02T20:30; camp checkin cp 小明 --makeup 2 --text 补卡;
        camp checkin cp 小明 --at 2026-03-04T20:30
      camp checkin cp 小红 --at 2026-03-02T20:40; ... --at 2026-03-02T21:40 --text again
        (duplicate); ... --at 2026-03-04T15:00 --text outside (outside)
      camp checkin cp Dan --at 2026-03-02T20:05; ... --at 2026-03-03T20:05 --text "wrong member"
      camp checkin cp Gus --at 2026-03-03T20:06
      camp adjust cp Bob -2 --reason spam; camp adjust cp Alice 5 --reason "great post" --day 2
      camp members remove cp Eve; camp members convert cp Alice 小红
      camp checkin sprint 王芳 --at 2026-03-02T20:10 (and 03-03T20:10);
        camp checkin sprint 李雷 --at 2026-03-02T21:20
      camp checkin buddies Ana --at 2026-03-02T19:55; camp checkin buddies Ben --at 2026-03-02T22:05
      camp checkin ops Kim --at 2026-03-02T09:30; camp checkin ops Max --at 2026-03-03T13:00
      camp checkin announced Pat --at 2026-03-02T20:01
      camp checkin announced Quinn --at 2026-03-03T20:02
      (0.1.0's command line has no void:) camp.services.checkins.void_checkin(db, "cp", <id of
        Dan's "wrong member" check-in>, reason="recorded for the wrong member", now=...)
      camp run --once --now 2026-03-05T12:30:00Z --grace 172800
    then ``sqlite3.connect(CAMP_DB).iterdump()`` written to the file under a comment header.

For a later release, make tests/data/release-X.Y.Z.sql the same way and add it to
RELEASE_DUMPS; keep the old dumps (every release's database must keep working).
"""

from __future__ import annotations

import difflib
import json
import os
import sqlite3
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest
import sqlite_utils
from click.testing import CliRunner

from camp.cli import main
from camp.db import open_db
from camp.db.migrations import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
SNAPSHOT = DATA / "schema.sql"
UPDATE_ENV = "CAMP_UPDATE_SCHEMA_SNAPSHOT"
REFRESH = (
    f"After adding a NEW migration at the end of camp/db/migrations.py, refresh the snapshot "
    f"with `{UPDATE_ENV}=1 .venv/bin/python -m pytest tests/camp/test_migrations.py`, review "
    f"the diff of {SNAPSHOT.relative_to(DATA.parent.parent)} and commit it with the migration. "
    "Never edit or remove a migration a release has applied."
)

SNAPSHOT_HEADER = f"""\
-- The schema of a freshly migrated camp database, compared by tests/camp/test_migrations.py.
-- Never edit it by hand. After adding a NEW migration to camp/db/migrations.py, run
--   {UPDATE_ENV}=1 .venv/bin/python -m pytest tests/camp/test_migrations.py
-- then review the diff and commit this file with the migration.
-- SQLite's own objects (sqlite_*) and sqlite-utils' migrations table are left out.
"""
MIGRATION_PREFIX = "-- migration: "

RELEASE_DUMPS = ["release-0.1.0.sql"]

# The moment release 0.1.0's database was made at (day 4 of the CP week, its window open).
RELEASE_NOW = pendulum.datetime(2026, 3, 5, 20, 30, tz="Asia/Shanghai").in_tz("UTC")
RELEASE_SLUGS = {"announced", "buddies", "cp", "demo", "ops", "reading", "sprint"}


# ---------------------------------------------------------------- reading a schema


@dataclass(frozen=True)
class Schema:
    """The migration names a database has applied and its schema objects' normalised SQL."""

    migrations: tuple[str, ...]
    objects: dict[str, str]  # "table camps" / "index events_camp on events" -> SQL

    def render(self) -> str:
        lines = [SNAPSHOT_HEADER, "-- Migrations, in the order they were applied:"]
        lines += [f"{MIGRATION_PREFIX}{name}" for name in self.migrations]
        for header, sql in self.objects.items():
            lines += ["", f"-- {header}", sql]
        return "\n".join(lines) + "\n"


def _normalised_sql(kind: str, sql: str) -> str:
    """The statement as SQLite keeps it, with its indentation made independent of the code's.

    SQLite stores the text of each CREATE as written (and appends ALTER TABLE's columns),
    so the migration's indentation is removed, blank lines and trailing blanks dropped
    and a ``;`` added.
    """
    first, *rest = sql.strip().splitlines()
    continuation = textwrap.dedent("\n".join(rest)).splitlines()
    if kind != "table":
        continuation = [f"    {line}" for line in continuation]
    lines = [line.rstrip() for line in [first, *continuation]]
    return "\n".join(line for line in lines if line) + ";"


def _order(row: tuple[str, str, str]) -> tuple:
    kind, name, table = row
    # Each table, then what belongs to it (indexes, triggers), then views.
    return (kind == "view", table, kind != "table", kind, name)


def schema_of(db: sqlite_utils.Database) -> Schema:
    """What a database holds of the camp schema, in a stable order."""
    applied = tuple(m.name for m in migrations.applied(db))
    rows = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name != ?",
        [migrations.migrations_table],
    ).fetchall()
    objects = {}
    for kind, name, table, sql in sorted(rows, key=lambda r: _order(r[:3])):
        header = f"{kind} {name}" if kind in ("table", "view") else f"{kind} {name} on {table}"
        objects[header] = _normalised_sql(kind, sql)
    return Schema(applied, objects)


def parse_snapshot(text: str) -> Schema:
    """The inverse of :meth:`Schema.render` (comments other than its own are ignored)."""
    names: list[str] = []
    objects: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith(MIGRATION_PREFIX):
            names.append(line.removeprefix(MIGRATION_PREFIX).strip())
            current = None
        elif line.startswith(("-- table ", "-- index ", "-- trigger ", "-- view ")):
            current = objects.setdefault(line.removeprefix("-- "), [])
        elif current is not None and line.strip():
            current.append(line)
    return Schema(tuple(names), {header: "\n".join(sql) for header, sql in objects.items()})


def code_migration_names() -> tuple[str, ...]:
    """The migrations the code has, in the order it applies them (all pending on an empty db)."""
    return tuple(m.name for m in migrations.pending(sqlite_utils.Database(memory=True)))


def describe_differences(expected: Schema, actual: Schema, expected_as: str, actual_as: str) -> str:
    """Which migrations and which objects differ, then the line diff of the two schemas."""
    parts = []
    missing = [n for n in expected.migrations if n not in actual.migrations]
    extra = [n for n in actual.migrations if n not in expected.migrations]
    if missing:
        parts.append(f"migrations in {expected_as} but not in {actual_as}: {', '.join(missing)}")
    if extra:
        parts.append(f"migrations in {actual_as} but not in {expected_as}: {', '.join(extra)}")
    if not missing and not extra and expected.migrations != actual.migrations:
        parts.append(
            f"migrations in another order: {expected_as} has {', '.join(expected.migrations)}; "
            f"{actual_as} has {', '.join(actual.migrations)}"
        )
    only_expected = [h for h in expected.objects if h not in actual.objects]
    only_actual = [h for h in actual.objects if h not in expected.objects]
    changed = [
        h
        for h in expected.objects
        if h in actual.objects and expected.objects[h] != actual.objects[h]
    ]
    if only_expected:
        parts.append(f"only in {expected_as}: {', '.join(only_expected)}")
    if only_actual:
        parts.append(f"only in {actual_as}: {', '.join(only_actual)}")
    if changed:
        parts.append(f"different SQL: {', '.join(changed)}")
    diff = difflib.unified_diff(
        expected.render().splitlines(),
        actual.render().splitlines(),
        fromfile=expected_as,
        tofile=actual_as,
        lineterm="",
    )
    return "\n".join(["; ".join(parts) or "the texts differ", *diff])


def fresh_schema(tmp_path: Path) -> Schema:
    db = open_db(tmp_path / "fresh.db")
    try:
        return schema_of(db)
    finally:
        db.close()


# ---------------------------------------------------------------- the snapshot


def test_fresh_schema_matches_the_snapshot(tmp_path):
    actual = fresh_schema(tmp_path)
    assert actual.migrations == code_migration_names(), (
        "A fresh database did not apply every migration of the code, in order: "
        f"applied {actual.migrations}, the code has {code_migration_names()}."
    )
    stored = parse_snapshot(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else None

    if os.environ.get(UPDATE_ENV) == "1":
        if stored is not None:
            _refuse_a_rewrite_that_is_not_an_append(stored, actual)
        if stored is None or SNAPSHOT.read_text(encoding="utf-8") != actual.render():
            SNAPSHOT.write_text(actual.render(), encoding="utf-8")
            pytest.fail(f"{SNAPSHOT} snapshot rewritten; review and commit it.")
        return

    assert stored is not None, f"There is no schema snapshot at {SNAPSHOT}. {REFRESH}"
    if stored != actual:
        edited = stored.migrations == actual.migrations
        what = (
            " but no migration was added, so an applied one was edited in place" if edited else ""
        )
        fix = "\nUndo the edit and put the change into a new migration." if edited else ""
        pytest.fail(
            f"The schema of a freshly migrated database differs from the snapshot{what}: "
            + describe_differences(stored, actual, "tests/data/schema.sql", "fresh database")
            + f"{fix}\n{REFRESH}"
        )
    # The file is exactly what render() writes, so a refresh shows only real changes.
    assert SNAPSHOT.read_text(encoding="utf-8") == actual.render(), (
        f"{SNAPSHOT} was edited by hand (its schema still matches). {REFRESH}"
    )


def _refuse_a_rewrite_that_is_not_an_append(stored: Schema, actual: Schema) -> None:
    # A refresh may only record new migrations: accepting an edited or removed one
    # would hide exactly what the snapshot is there to catch.
    if actual.migrations[: len(stored.migrations)] != stored.migrations:
        pytest.fail(
            "Not rewriting the snapshot: the code's migrations no longer start with the "
            f"stored ones ({', '.join(stored.migrations)}); put the removed or renamed "
            "migration back and add a new one instead."
        )
    if actual.migrations == stored.migrations and actual.objects != stored.objects:
        pytest.fail(
            "Not rewriting the snapshot: the schema changed but no migration was added, so "
            "an applied migration was edited in place: "
            + describe_differences(stored, actual, "tests/data/schema.sql", "fresh database")
            + "\nUndo the edit and add a new migration instead."
        )


def test_migrations_are_only_ever_appended():
    stored = parse_snapshot(SNAPSHOT.read_text(encoding="utf-8"))
    code = code_migration_names()
    assert stored.migrations, f"{SNAPSHOT} names no migration."
    assert code[: len(stored.migrations)] == stored.migrations, (
        "The migrations of camp/db/migrations.py must start with the ones in "
        f"tests/data/schema.sql, in the same order: stored {list(stored.migrations)}, "
        f"code {list(code)}. A migration a release has applied is never removed, renamed or "
        "reordered; put it back and add a new migration at the end instead."
    )


def test_a_migration_change_is_described_exactly():
    stored = Schema(("0001_a", "0002_b"), {"table t": "CREATE TABLE t (a);"})
    actual = Schema(
        ("0001_a", "0002_b", "0003_c"),
        {"table t": "CREATE TABLE t (a, b);", "index t_a on t": "CREATE INDEX t_a ON t(a);"},
    )
    message = describe_differences(stored, actual, "snapshot", "fresh database")
    assert message.splitlines()[0] == (
        "migrations in fresh database but not in snapshot: 0003_c; "
        "only in fresh database: index t_a on t; different SQL: table t"
    )
    assert "-CREATE TABLE t (a);" in message
    assert "+CREATE TABLE t (a, b);" in message
    assert parse_snapshot(actual.render()) == actual


# ---------------------------------------------------------------- a release's database


def load_dump(dump: Path, target: Path) -> Path:
    """A file database holding exactly what the dump holds (no camp code involved)."""
    conn = sqlite3.connect(target)
    try:
        conn.executescript(dump.read_text(encoding="utf-8"))
    finally:
        conn.close()
    return target


@pytest.fixture(params=RELEASE_DUMPS)
def release_db(request, tmp_path) -> Path:
    """The path of a release's database, not opened by today's code yet."""
    return load_dump(DATA / request.param, tmp_path / request.param.replace(".sql", ".db"))


@pytest.fixture
def upgraded(release_db):
    """A release's database opened (so migrated) with today's ``open_db``."""
    db = open_db(release_db)
    yield db
    db.close()


def test_a_release_database_upgrades_to_todays_schema(upgraded, tmp_path):
    fresh = fresh_schema(tmp_path)
    actual = schema_of(upgraded)
    if actual != fresh:
        pytest.fail(
            "A database made by an earlier release, opened with today's code, does not end "
            "with the schema of a fresh database, so an applied migration was edited in place: "
            + describe_differences(fresh, actual, "fresh database", "upgraded release database")
            + "\nUndo the edit and put the change into a new migration."
        )
    assert upgraded.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_camp_of_a_release_reads_back(upgraded):
    from camp.services.camps import get_camp, list_camps, plan_json
    from camp.services.checkins import checkin_grid_page
    from camp.services.events import list_events
    from camp.services.members import list_members
    from camp.services.outbox import list_outbox
    from camp.services.report import camp_report
    from camp.services.standings import standings_as_of

    now = RELEASE_NOW
    summaries = {s.camp.slug: s.to_json() for s in list_camps(upgraded, now)}
    assert set(summaries) == RELEASE_SLUGS
    assert summaries["reading"]["status"] == "archived"
    running = {slug for slug, summary in summaries.items() if summary["status"] == "running"}
    assert running == RELEASE_SLUGS - {"reading"}

    for slug in sorted(RELEASE_SLUGS):
        camp = get_camp(upgraded, slug)
        plan = plan_json(camp)
        assert [d["day"] for d in plan["days"]] == list(range(1, camp.days + 1)), slug
        members = [m.to_json() for m in list_members(upgraded, slug)]
        board = standings_as_of(upgraded, slug, now=now).to_json()
        present = [m for m in members if m["status"] != "removed"]
        assert len(board["entries"]) == len(present), slug
        if camp.definition.group != "solo":
            grouped = standings_as_of(upgraded, slug, now=now, by=camp.definition.group)
            assert grouped.to_json()["entries"], slug
        grid = checkin_grid_page(upgraded, slug, now=now)
        assert len(grid.rows) == len(present), slug
        assert list_events(upgraded, slug, now=now), slug
        json.dumps(camp_report(upgraded, slug, now=now).to_json())
        json.dumps([entry.to_json() for entry in list_outbox(upgraded, slug)])

    cp = get_camp(upgraded, "cp")
    day6 = plan_json(cp)["days"][5]
    assert (day6["task"], day6["difficulty"]) == ("写一条 30 秒短视频脚本", 4)
    members = {m["name"]: m for m in (m.to_json() for m in list_members(upgraded, "cp"))}
    assert len(members) == 8
    assert members["Eve"]["status"] == "removed"
    assert members["Gus"]["handle"] == "wxid_gus"
    board = standings_as_of(upgraded, "cp", now=now).to_json()
    points = {entry["name"]: entry["points"] for entry in board["entries"]}
    # Alice: 10 + 20 + 20 + 30 on time, streak bonuses 2 + 4 + 6, +5 adjusted.
    # Dan: 10; his voided day-2 check-in stays out.
    assert (points["Alice"], points["Bob"], points["小明"], points["Dan"]) == (97, 49, 46, 10)
    pairs = standings_as_of(upgraded, "cp", now=now, by="pair").to_json()["entries"]
    assert (pairs[0]["name"], pairs[0]["points"]) == ("Alice & Bob", 161)
    reading = standings_as_of(upgraded, "reading", now=now).to_json()
    assert reading["entries"][0]["name"] == "小明"
    assert reading["entries"][0]["points"] == 22

    statuses = {e.status for e in list_events(upgraded, "cp", now=now)}
    assert {"done", "missed", "pending"} <= statuses
    assert len(list_outbox(upgraded)) == 69


def test_the_command_line_reads_a_release_database(release_db):
    runner = CliRunner()
    env = {"CAMP_NOW": RELEASE_NOW.isoformat()}

    def camp_json(*args: str):
        result = runner.invoke(main, ["--db", str(release_db), *args], env=env)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    listed = {c["slug"]: c for c in camp_json("list", "--json")}
    assert set(listed) == RELEASE_SLUGS
    assert listed["reading"]["status"] == "archived"
    assert listed["cp"] == {
        "slug": "cp",
        "name": "CP week",
        "template": "copywriting-cp",
        "timezone": "Asia/Shanghai",
        "start": "2026-03-02",
        "days": 7,
        "status": "running",
    }
    board = camp_json("leaderboard", "cp", "--json")
    assert (board["as_of_day"], board["entries"][0]["name"], board["entries"][0]["points"]) == (
        4,
        "Alice",
        97,
    )
    pairs = camp_json("leaderboard", "cp", "--by", "pair", "--json")
    assert pairs["entries"][0]["members"] == ["Alice", "Bob"]
    assert camp_json("leaderboard", "reading", "--json")["entries"][0]["points"] == 22


def test_a_release_databases_members_get_the_keys_their_names_sort_by(upgraded):
    from camp.models import name_key

    rows = upgraded.execute("SELECT name, name_key FROM members").fetchall()
    assert rows and all(key == name_key(name) for name, key in rows)


def test_check_ins_and_events_keep_their_rows_and_rules_through_the_rebuild(release_db):
    # 0015 rebuilds both tables with their rules written without value lists.
    columns = {
        "checkins": "id, camp_id, member_id, at, day, window_name, status, points, score, "
        "text, source, fingerprint, created",
        "events": "key, camp_id, kind, day, window_name, due, status, attempts, last_error, "
        "finished",
    }
    before = sqlite3.connect(release_db)
    kept = {
        table: before.execute(f"SELECT {cols} FROM {table} ORDER BY rowid").fetchall()
        for table, cols in columns.items()
    }
    before.close()
    assert kept["checkins"] and kept["events"]
    db = open_db(release_db)
    try:
        for table, cols in columns.items():
            assert db.execute(f"SELECT {cols} FROM {table} ORDER BY rowid").fetchall() == (
                kept[table]
            )
        checkin = db.execute("SELECT id FROM checkins LIMIT 1").fetchone()[0]
        event = db.execute("SELECT key FROM events LIMIT 1").fetchone()[0]
        for statement, value in (
            ("UPDATE checkins SET status = ? WHERE id = ?", ("counted", checkin)),
            ("UPDATE events SET status = ? WHERE key = ?", ("skipped", event)),
            ("UPDATE events SET kind = ? WHERE key = ?", ("party", event)),
        ):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                db.execute(statement, value)
        for status in ("on_time", "late", "outside", "duplicate", "makeup"):
            db.execute("UPDATE checkins SET status = ? WHERE id = ?", (status, checkin))
        for status in ("pending", "done", "missed", "failed"):
            db.execute("UPDATE events SET status = ? WHERE key = ?", (status, event))
        assert {row[0] for row in db.execute("PRAGMA foreign_key_check")} == set()
    finally:
        db.close()


def test_boards_stored_a_row_a_member_are_forgotten_by_the_upgrade_to_one_value(tmp_path):
    # 0019 keeps each stored board as one value; those of the row-per-member layout are
    # a cache, forgotten (and worked out again when asked for), their table dropped.
    path = tmp_path / "0018.db"
    before = sqlite_utils.Database(path)
    migrations.apply(before, stop_before="0019_stored_board_values")
    before.execute("INSERT INTO stored_boards (camp_id, day, rules) VALUES (1, 3, 'r')")
    before.execute(
        "INSERT INTO stored_board_rows (camp_id, day, member_id, points, total, on_time, "
        "late, makeup, best_streak, last_at, days) VALUES (1, 3, 7, 10, 10, 1, 0, 0, 1, '~', '4')"
    )
    before.conn.commit()
    before.close()
    db = open_db(path)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "stored_board_rows" not in tables and "stored_board_values" in tables
    assert db.execute("SELECT COUNT(*) FROM stored_boards").fetchone()[0] == 0
