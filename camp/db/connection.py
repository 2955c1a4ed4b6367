"""Opening the camp database: pragmas on every connection, migrations once."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import platformdirs
import sqlite_utils

from camp.db.migrations import migrations
from camp.errors import CampError

#: How long a writer waits for another process (TUI, scheduler, CLI) to finish.
BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> Path:
    """``$CAMP_DB`` if set, else ``camp.db`` in the user's data directory."""
    env = os.environ.get("CAMP_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("camp", appauthor=False)) / "camp.db"


def open_db(path: str | Path | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Every connection gets foreign keys, a busy timeout and WAL, so the TUI, the
    scheduler and the command line can share one file.
    """
    target = Path(path).expanduser() if path is not None else default_db_path()
    if str(target) != ":memory:":
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CampError(
                f"Cannot create the folder for the database {target}: {exc.strerror}; "
                "pass --db with a writable path."
            ) from exc
    try:
        conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if str(target) != ":memory:" and db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            # Outside any transaction: the journal mode cannot change inside one.
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        # 64 MB of page cache (the default is 2 MB): big imports insert into indexes of
        # millions of rows, and a cache that holds their upper levels keeps that fast.
        db.execute("PRAGMA cache_size = -65536")
        if migrate:
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise CampError(
            f"Cannot open the database {target}: {exc}; check the path or pass another with --db."
        ) from exc
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: for writes that depend on what they read.

    Taking the write lock up front means no other process can change the rows
    between our read and our write; on any error everything is rolled back.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.execute("COMMIT")


class ChangeWatch:
    """Tells cheaply whether anyone committed to the database since the last look.

    It keeps one connection of its own that never writes, and reads SQLite's
    ``PRAGMA data_version``, which moves whenever another connection (another process,
    or another connection of this one) commits. Reading it costs microseconds, so a
    screen can ask every couple of seconds and read its data only when it changed.
    """

    def __init__(self, path: str | Path) -> None:
        self._conn = sqlite3.connect(str(path), check_same_thread=False)

    def version(self) -> int:
        """A number that changes after every commit made through another connection."""
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self._conn.close()
