"""Storage errors are engine errors: SQLite's refusals arrive as one clear sentence."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from camp.cli import main
from camp.db import open_db, storage_error, write_transaction
from camp.errors import CampError, StorageError
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.members import add_members, list_members

DATA = Path(__file__).resolve().parent.parent / "data"
NOW = pendulum.datetime(2026, 12, 2, 13, tz="UTC")


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "camp.db")
    before = pendulum.datetime(2026, 11, 30, tz="UTC")
    create_camp(database, str(DATA / "cp.toml"), name="CP", start=dt.date(2026, 12, 1), now=before)
    add_members(database, "cp", ["Alice", "Bob"], now=before)
    return database


def test_a_busy_database_is_one_sentence_and_changes_nothing(db, tmp_path):
    other = sqlite3.connect(tmp_path / "camp.db")
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    db.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(StorageError) as refused:
            record_checkin(db, "cp", "Alice", now=NOW)
    finally:
        other.rollback()
        other.close()
    message = str(refused.value)
    assert message.startswith(f"The database {tmp_path / 'camp.db'} is busy")
    assert "try again in a moment" in message
    assert "\n" not in message
    # An engine error, and still what SQLite's own callers expect.
    assert isinstance(refused.value, CampError)
    assert isinstance(refused.value, sqlite3.OperationalError)
    assert db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == 0
    assert not db.conn.in_transaction


def test_a_read_only_database_says_so(db):
    db.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageError, match="is read-only; check the file's permissions"):
        add_members(db, "cp", ["Carol"], now=NOW)
    db.execute("PRAGMA query_only = OFF")
    assert [m.member.name for m in list_members(db, "cp")] == ["Alice", "Bob"]


def test_every_sqlite_error_becomes_a_storage_error(db):
    # Reads, writes, cursors and iteration all pass the one boundary.
    with pytest.raises(StorageError, match=r"refused the operation \(no such table: nope\)"):
        db.execute("SELECT * FROM nope")
    with pytest.raises(StorageError):
        db.conn.cursor().execute("SELECT * FROM nope")
    with pytest.raises(StorageError):
        db.conn.executemany("INSERT INTO nope VALUES (?)", [(1,)])
    with pytest.raises(StorageError) as broken:
        db.execute("INSERT INTO members (camp_id, name, joined) VALUES (999, 'x', 'y')")
    assert isinstance(broken.value, sqlite3.IntegrityError)
    assert isinstance(storage_error(sqlite3.DatabaseError("file is not a database")), StorageError)


def test_a_number_too_large_for_sqlite_is_a_sentence(db):
    with pytest.raises(StorageError, match="cannot store a number this large"):
        db.execute("UPDATE members SET pair_id = ? WHERE name = 'Alice'", [10**20])
    with pytest.raises(StorageError, match="9,223,372,036,854,775,807"):
        db.conn.executemany("UPDATE members SET pair_id = ? WHERE name = 'Bob'", [(2**63,)])


def test_a_preview_transaction_rolls_back_and_nests_as_a_savepoint(db):
    with write_transaction(db, keep=False):
        add_members(db, "cp", ["Carol"], now=NOW)  # its own transaction is a savepoint here
        assert len(list_members(db, "cp")) == 3
    assert len(list_members(db, "cp")) == 2
    with write_transaction(db):
        with pytest.raises(CampError), write_transaction(db):
            add_members(db, "cp", ["Dan"], now=NOW)
            raise CampError("undo only the inner part")
        add_members(db, "cp", ["Eve"], now=NOW)
    assert [m.member.name for m in list_members(db, "cp")] == ["Alice", "Bob", "Eve"]


def test_the_command_line_names_a_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"these are my notes, not a database" * 200)
    result = CliRunner().invoke(main, ["--db", str(bad), "list"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"Cannot open the database {bad}" in result.output
    assert "file is not a database" in result.output
    assert bad.read_bytes().startswith(b"these are my notes")


def test_installed_sqlite_utils_plugins_do_not_change_camps_connections(tmp_path):
    # A plugin installed beside camp (sqlite-utils loads them from every package's entry
    # points) could register functions or change settings on each connection.
    import sqlite_utils
    from sqlite_utils.plugins import pm

    touched = []

    class Plugin:
        @sqlite_utils.hookimpl
        def prepare_connection(self, conn):
            touched.append(conn)
            conn.execute("PRAGMA foreign_keys = OFF")

    plugin = Plugin()
    pm.register(plugin, name="test-plugin")
    try:
        database = open_db(tmp_path / "camp.db")
        try:
            assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        finally:
            database.close()
    finally:
        pm.unregister(plugin)
    assert touched == []


def test_a_database_needing_migration_is_not_current_until_migrated(tmp_path):
    from camp.db import open_current

    path = tmp_path / "camp.db"
    assert open_current(path) is None and not path.exists()  # nothing is created
    sqlite3.connect(path).close()  # an empty file: every migration is pending
    assert open_current(path) is None
    open_db(path).close()
    current = open_current(path)
    assert current is not None
    try:
        assert current.execute("SELECT COUNT(*) FROM camps").fetchone()[0] == 0
    finally:
        current.close()
