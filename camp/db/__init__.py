"""The only place that talks to SQLite: opening the database and its migrations."""

from sqlite_utils import Database

from camp.db.connection import (
    ChangeWatch,
    default_db_path,
    open_current,
    open_db,
    storage_error,
    write_transaction,
)
from camp.db.queries import counted_in, insert_row

__all__ = [
    "ChangeWatch",
    "Database",
    "counted_in",
    "default_db_path",
    "insert_row",
    "open_current",
    "open_db",
    "storage_error",
    "write_transaction",
]
