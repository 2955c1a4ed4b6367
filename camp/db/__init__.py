"""The only place that talks to SQLite: opening the database and its migrations."""

from camp.db.connection import default_db_path, open_db, write_transaction

__all__ = ["default_db_path", "open_db", "write_transaction"]
