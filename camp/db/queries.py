"""SQL fragments written from the engine's own rules, so a rule has one spelling."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlite_utils import Database

from camp.models import COUNTED_STATUSES

__all__ = ["counted_in", "insert_row"]


@cache
def counted_in(column: str = "status") -> str:
    """``status IN ('late', 'makeup', 'on_time')``: the check-ins that count (SPEC 4).

    Generated from ``COUNTED_STATUSES``; ``column`` may carry a table alias (``c.status``).
    """
    statuses = ", ".join(f"'{status}'" for status in sorted(COUNTED_STATUSES))
    return f"{column} IN ({statuses})"


def insert_row(db: Database, table: str, row: Mapping[str, Any]) -> int:
    """Insert one row into ``table`` (a name of the schema, never user text) and
    return its ``INTEGER PRIMARY KEY``."""
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cursor = db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    if cursor.lastrowid is None:  # only for tables without a rowid, which camp has none of
        raise RuntimeError(f"no row id after inserting into {table}")
    return cursor.lastrowid
