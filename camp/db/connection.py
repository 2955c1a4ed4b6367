"""Opening the camp database: pragmas on every connection, migrations once."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import platformdirs
import sqlite_utils

from camp.db.migrations import migrations
from camp.errors import CampError, StorageError

#: How long a writer waits for another process (TUI, scheduler, CLI) to finish.
BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> Path:
    """``$CAMP_DB`` if set, else ``camp.db`` in the user's data directory."""
    env = os.environ.get("CAMP_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("camp", appauthor=False)) / "camp.db"


def _create_private(target: Path) -> None:
    """Create a new database file readable by its owner only (it holds members' names,
    handles and messages); SQLite gives its -wal and -shm files the same mode. An
    existing file keeps the mode its owner gave it."""
    # When it exists already, or cannot be made (connecting then says why), nothing.
    with contextlib.suppress(OSError):
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def open_db(
    path: str | Path | None = None,
    *,
    migrate: bool = True,
    on_upgrade: Callable[[Path, int], None] | None = None,
) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Every connection gets foreign keys, a busy timeout and WAL, so the TUI, the
    scheduler and the command line can share one file. ``on_upgrade`` hears of an
    existing database about to be upgraded (its path, the migrations it has not run)
    before they run: one that rebuilds a big table makes a pause worth saying.
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
    if str(target) != ":memory:":
        _create_private(target)
    try:
        conn = sqlite3.connect(
            str(target),
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
            factory=CampConnection,
        )
        conn.location = str(target)
        # Without sqlite-utils plugins: camp's connections do not change with whatever
        # plugins are installed beside it, and the first connection of a process does
        # not scan every installed package's entry points for them (20-25 ms).
        db = sqlite_utils.Database(conn, execute_plugins=False)
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
            if on_upgrade is not None:
                pending = migrations.pending(db)
                if pending and migrations.applied(db):
                    on_upgrade(target, len(pending))
            migrations.apply(db)
    except sqlite3.Error as exc:  # a StorageError is one too (see storage_error)
        cause = exc.__cause__ if isinstance(exc, StorageError) and exc.__cause__ else exc
        raise StorageError(
            f"Cannot open the database {target}: {cause}; check the path or pass another "
            "with --db."
        ) from exc
    return db


def open_current(path: str | Path) -> sqlite_utils.Database | None:
    """The database at ``path`` when it exists and its schema is up to date, else
    ``None``: for a read that must not wait on creating or migrating the database (the
    terminal UI's first screen), which leaves those to :func:`open_db` elsewhere."""
    target = Path(path).expanduser()
    if not target.is_file():
        return None
    db = open_db(target, migrate=False)
    try:
        if not migrations.pending(db):
            return db
    except sqlite3.Error:
        pass
    db.close()
    return None


@contextlib.contextmanager
def write_transaction(
    db: sqlite_utils.Database, *, keep: bool = True
) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: for writes that depend on what they read.

    Taking the write lock up front means no other process can change the rows
    between our read and our write; on any error everything is rolled back.
    ``keep=False`` always rolls back: a preview or a dry run does the real work and
    leaves the database as it was. Inside an outer transaction this is a savepoint.
    """
    if db.conn.in_transaction:
        with _savepoint(db, keep):
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    if keep:
        db.execute("COMMIT")
    else:
        db.conn.rollback()


@contextlib.contextmanager
def _savepoint(db: sqlite_utils.Database, keep: bool) -> Iterator[None]:
    db.execute("SAVEPOINT camp_nested")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK TO SAVEPOINT camp_nested")
        db.execute("RELEASE SAVEPOINT camp_nested")
        raise
    if not keep:
        db.execute("ROLLBACK TO SAVEPOINT camp_nested")
    db.execute("RELEASE SAVEPOINT camp_nested")


# What SQLite's refusals mean for an operator, by the words of its message.
_STORAGE_SENTENCES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("locked", "busy"),
        "The database {where} is busy: another camp process has held it for more than "
        f"{BUSY_TIMEOUT_MS // 1000} s; try again in a moment.",
    ),
    (
        ("readonly", "read-only"),
        "The database {where} is read-only; check the file's permissions or pass another "
        "with --db.",
    ),
    (
        ("full",),
        "The disk that holds the database {where} is full; free some space and try again.",
    ),
    (
        ("malformed", "not a database", "corrupt"),
        "The database {where} is damaged or is not a camp database ({detail}); restore a "
        "backup or pass another with --db.",
    ),
    (
        ("disk i/o", "unable to open"),
        "The database {where} cannot be read or written ({detail}); check the disk and the "
        "path, or pass another with --db.",
    ),
)


def storage_error(exc: sqlite3.Error, where: str = "") -> StorageError:
    """The engine's error for a refusal of SQLite: one sentence that says what to do.

    The result is also an instance of the ``sqlite3`` class it replaces, so code that
    tells SQLite's errors apart (sqlite-utils does) keeps working.
    """
    detail = str(exc)
    lowered = detail.casefold()
    sentence = next(
        (text for words, text in _STORAGE_SENTENCES if any(w in lowered for w in words)),
        "The database {where} refused the operation ({detail}); nothing of it was saved.",
    )
    message = " ".join(sentence.format(where=where or "file", detail=detail).split())
    kind = _STORAGE_KINDS.get(type(exc), _StorageDatabaseError)
    return kind(message)


class _StorageOperationalError(StorageError, sqlite3.OperationalError):
    pass


class _StorageIntegrityError(StorageError, sqlite3.IntegrityError):
    pass


class _StorageDatabaseError(StorageError, sqlite3.DatabaseError):
    pass


_STORAGE_KINDS: dict[type, type[StorageError]] = {
    sqlite3.OperationalError: _StorageOperationalError,
    sqlite3.IntegrityError: _StorageIntegrityError,
}


def _too_large(exc: OverflowError, cursor: sqlite3.Cursor) -> StorageError:
    where = getattr(cursor.connection, "location", "") or "file"
    return StorageError(
        f"The database {where} cannot store a number this large ({exc}); numbers stay "
        f"between {-(2**63):,} and {2**63 - 1:,}, nothing was saved."
    )


class CampCursor(sqlite3.Cursor):
    """A cursor whose every SQLite error arrives as a :class:`StorageError`."""

    def _fail(self, exc: sqlite3.Error) -> StorageError:
        connection = self.connection
        return storage_error(exc, getattr(connection, "location", ""))

    def execute(self, sql: str, parameters: Any = (), /) -> CampCursor:
        try:
            return super().execute(sql, parameters)
        except StorageError:
            raise
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc
        except OverflowError as exc:  # a bound int beyond SQLite's 64 bits
            raise _too_large(exc, self) from exc

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> CampCursor:
        try:
            return super().executemany(sql, seq_of_parameters)
        except StorageError:
            raise
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc
        except OverflowError as exc:
            raise _too_large(exc, self) from exc

    def executescript(self, sql_script: str, /) -> CampCursor:
        try:
            super().executescript(sql_script)
            return self
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        try:
            return super().fetchmany(size if size is not None else self.arraysize)
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc

    def __next__(self) -> Any:
        try:
            return super().__next__()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc


class CampConnection(sqlite3.Connection):
    """The engine's SQLite connection: the database boundary.

    SQLite's exceptions stop here and become :class:`StorageError` (a ``CampError``),
    so services, the command line and the terminal UI handle one kind of error.
    ``location`` names the file in those sentences.
    """

    location = ""

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or CampCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> CampCursor:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> CampCursor:
        return self.cursor().executemany(sql, parameters)

    def executescript(self, sql_script: str, /) -> CampCursor:
        return self.cursor().executescript(sql_script)

    def commit(self) -> None:
        try:
            super().commit()
        except sqlite3.Error as exc:
            raise storage_error(exc, self.location) from exc

    def rollback(self) -> None:
        try:
            super().rollback()
        except sqlite3.Error as exc:
            raise storage_error(exc, self.location) from exc


class ChangeWatch:
    """Tells cheaply whether anyone committed to the database since the last look.

    It keeps one connection of its own that never writes, and reads SQLite's
    ``PRAGMA data_version``, which moves whenever another connection (another process,
    or another connection of this one) commits. Reading it costs microseconds, so a
    screen can ask every couple of seconds and read its data only when it changed.
    """

    def __init__(self, path: str | Path) -> None:
        try:
            self._conn = sqlite3.connect(
                str(path), check_same_thread=False, factory=CampConnection
            )
        except sqlite3.Error as exc:
            raise storage_error(exc, str(path)) from exc
        self._conn.location = str(path)

    def version(self) -> int:
        """A number that changes after every commit made through another connection;
        :class:`StorageError` when the file cannot be read."""
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        self._conn.close()
