"""The only place that talks to SQLite: opening the database and its migrations."""

from sqlite_utils import Database

from camp.db.connection import ChangeWatch, default_db_path, open_db, write_transaction

__all__ = ["ChangeWatch", "Database", "default_db_path", "open_db", "write_transaction"]
