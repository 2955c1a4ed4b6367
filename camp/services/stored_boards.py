"""Member boards as of an earlier day, kept once worked out (``stored_boards``).

Working out the board as of an earlier day reads the check-ins of many days; a board
once worked out is kept, one row per member, and read again the next time that day is
asked for. Triggers of the schema forget a stored board in the transaction of any write
that changes its day or an earlier one (check-ins, adjustments, leave), and a board
worked out under other scoring rules is not read (:func:`board_rules`), so a stored
board is always the one a recount would give.

A board is stored by the read that worked it out, in the same transaction as its
reads: if anyone wrote in between, SQLite refuses the write and nothing is stored. A
read that cannot store (another process is writing, a read-only file, a full disk)
simply does not: the board it worked out is returned all the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator

from camp.db import Database
from camp.models import Camp

__all__ = [
    "BoardRow",
    "board_is_stored",
    "board_rules",
    "nearest_stored_day",
    "read_stored_board",
    "reading_to_store",
    "store_board",
]

#: One member of a board: name, total, on time, late, makeup, best streak, last counted
#: time (``~`` for none), counted days up to the board's day (a hex mask), member id,
#: points of check-ins alone (before bonuses and adjustments).
BoardRow = tuple[str, int, int, int, int, int, str, str, int, int]

#: Bumped when the figures' meaning changes: boards stored by a release that worked
#: them out differently are not read.
_FORMAT = 1

#: The figures of a member with nothing up to the day, total to days (and no points).
_NOTHING = (0, 0, 0, 0, 0, "~", "0")


def board_rules(camp: Camp) -> str:
    """A fingerprint of what a member's figures as of a day depend on besides the rows
    themselves: the camp's scoring and length."""
    text = f"{_FORMAT} {camp.days} {camp.definition.scoring!r}"
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def board_is_stored(db: Database, camp: Camp, day: int) -> bool:
    """Whether the board of ``day`` is stored under the camp's rules."""
    found = db.execute(
        "SELECT rules FROM stored_boards WHERE camp_id = ? AND day = ?", [camp.id, day]
    ).fetchone()
    return found is not None and found[0] == board_rules(camp)


def nearest_stored_day(db: Database, camp: Camp, before: int) -> int | None:
    """The latest day before ``before`` whose board is stored under the camp's rules."""
    found = db.execute(
        "SELECT MAX(day) FROM stored_boards WHERE camp_id = ? AND day < ? AND rules = ?",
        [camp.id, before, board_rules(camp)],
    ).fetchone()
    return found[0]


def read_stored_board(
    db: Database, camp: Camp, day: int, include_removed: bool
) -> list[BoardRow] | None:
    """The stored board of ``day``, every member (removed ones only with
    ``include_removed``) in no particular order; ``None`` when none is stored under the
    camp's rules. A member with no row (added since, with nothing up to the day) has
    nothing."""
    if not board_is_stored(db, camp, day):
        return None
    return db.execute(
        "SELECT m.name, COALESCE(s.total, 0), COALESCE(s.on_time, 0), COALESCE(s.late, 0), "
        "COALESCE(s.makeup, 0), COALESCE(s.best_streak, 0), COALESCE(s.last_at, '~'), "
        "COALESCE(s.days, '0'), m.id, COALESCE(s.points, 0) "
        "FROM members m LEFT JOIN stored_board_rows s "
        "ON s.camp_id = ? AND s.day = ? AND s.member_id = m.id "
        "WHERE m.camp_id = ? AND (? OR m.status != 'removed')",
        [camp.id, day, camp.id, include_removed],
    ).fetchall()


@contextlib.contextmanager
def reading_to_store(db: Database) -> Iterator[bool]:
    """A read transaction that :func:`store_board` may turn into a write: yields
    whether it may (not inside a caller's transaction, whose writes are its own)."""
    if db.conn.in_transaction:
        yield False
        return
    db.execute("BEGIN")
    try:
        yield True
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()


def store_board(db: Database, camp: Camp, day: int, rows: list[BoardRow]) -> bool:
    """Keep ``rows`` (every member, removed ones too) as the board of ``day``, inside
    :func:`reading_to_store`'s transaction, and commit; ``False`` when the database
    refused (someone wrote since the rows were read, or it cannot be written now), with
    nothing stored."""
    # Never wait for another writer: the board is returned whether it is stored or not.
    waited = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")
    try:
        db.execute("DELETE FROM stored_board_rows WHERE camp_id = ? AND day = ?", [camp.id, day])
        db.conn.executemany(
            "INSERT INTO stored_board_rows (camp_id, day, member_id, points, total, on_time, "
            "late, makeup, best_streak, last_at, days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            # A member with nothing up to the day needs no row (see read_stored_board).
            [
                (camp.id, day, row[8], row[9], *row[1:8])
                for row in sorted(rows, key=_member_id)
                if row[9] or row[1:8] != _NOTHING
            ],
        )
        db.execute(
            "INSERT OR REPLACE INTO stored_boards (camp_id, day, rules) VALUES (?, ?, ?)",
            [camp.id, day, board_rules(camp)],
        )
        db.conn.commit()
    except sqlite3.OperationalError:
        db.conn.rollback()
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(waited)}")
    return True


def _member_id(row: BoardRow) -> int:
    return row[8]
