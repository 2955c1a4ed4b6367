"""Member boards as of an earlier day, kept once worked out (``stored_boards``).

Working out the board as of an earlier day reads the check-ins of many days; a board
once worked out is kept, its members' figures encoded together in one value
(``stored_board_values``: a board of 100,000 members is written in a few hundredths of
a second), and read again the next time that day is asked for. Triggers of the schema forget a stored board in the transaction of any write
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

import msgspec

from camp.db import Database
from camp.models import Camp

__all__ = [
    "BoardRow",
    "board_is_stored",
    "board_rules",
    "nearest_stored_day",
    "read_stored_board",
    "read_stored_figures",
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
    return _stored_value(db, camp, day) is not None


def _stored_value(db: Database, camp: Camp, day: int) -> bytes | None:
    found = db.execute(
        "SELECT b.rules, v.board FROM stored_boards b JOIN stored_board_values v "
        "ON v.camp_id = b.camp_id AND v.day = b.day WHERE b.camp_id = ? AND b.day = ?",
        [camp.id, day],
    ).fetchone()
    return found[1] if found is not None and found[0] == board_rules(camp) else None


def nearest_stored_day(db: Database, camp: Camp, before: int) -> int | None:
    """The latest day before ``before`` whose board is stored under the camp's rules."""
    found = db.execute(
        "SELECT MAX(day) FROM stored_boards WHERE camp_id = ? AND day < ? AND rules = ?",
        [camp.id, before, board_rules(camp)],
    ).fetchone()
    return found[0]


#: One member's stored figures: member id, points, total, on time, late, makeup, best
#: streak, last counted time, counted days (see the migration 0019_stored_board_values).
_Figures = tuple[int, int, int, int, int, int, int, str, str]
_ENCODE = msgspec.msgpack.Encoder().encode
_DECODE = msgspec.msgpack.Decoder(list[_Figures]).decode


def read_stored_figures(db: Database, camp: Camp, day: int) -> dict[int, _Figures] | None:
    """The stored figures of the board of ``day`` by member id (a member with nothing
    up to the day has none); ``None`` when no board is stored under the camp's rules or
    the stored value cannot be read."""
    value = _stored_value(db, camp, day)
    if value is None:
        return None
    try:
        return {figures[0]: figures for figures in _DECODE(value)}
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None  # worked out again, and stored over


def read_stored_board(
    db: Database, camp: Camp, day: int, include_removed: bool
) -> list[BoardRow] | None:
    """The stored board of ``day``, every member (removed ones only with
    ``include_removed``) in no particular order; ``None`` when none is stored under the
    camp's rules. A member without figures (added since, with nothing up to the day)
    has nothing."""
    stored = read_stored_figures(db, camp, day)
    if stored is None:
        return None
    rows: list[BoardRow] = []
    append = rows.append
    nothing = (0, 0, 0, 0, 0, 0, 0, "~", "0")
    for member_id, name in db.execute(
        "SELECT id, name FROM members WHERE camp_id = ? AND (? OR status != 'removed')",
        [camp.id, include_removed],
    ).fetchall():
        _, points, total, on_time, late, makeup, best, last_at, days = stored.get(
            member_id, nothing
        )
        append((name, total, on_time, late, makeup, best, last_at, days, member_id, points))
    return rows


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
        value = _ENCODE(
            [
                (row[8], row[9], *row[1:8])
                for row in rows
                # A member with nothing up to the day needs no figures (see above).
                if row[9] or row[1:8] != _NOTHING
            ]
        )
        db.execute(
            "INSERT OR REPLACE INTO stored_boards (camp_id, day, rules) VALUES (?, ?, ?)",
            [camp.id, day, board_rules(camp)],
        )
        db.execute(
            "INSERT OR REPLACE INTO stored_board_values (camp_id, day, board) VALUES (?, ?, ?)",
            [camp.id, day, value],
        )
        db.conn.commit()
    except sqlite3.OperationalError:
        db.conn.rollback()
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(waited)}")
    return True

