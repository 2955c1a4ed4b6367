"""Errors the engine raises for bad input: each carries one clear sentence.

The command line and the terminal UI show ``str(error)`` as it is; nothing else of
the engine's exceptions is meant for an operator's eyes.
"""

from __future__ import annotations


class CampError(Exception):
    """Bad input or a refused operation, explained in one sentence (what, where, fix)."""


class DefinitionError(CampError):
    """A camp definition file is invalid; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''} in the camp definition"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class NotFoundError(CampError):
    """A camp, member or other named thing does not exist."""


class StorageError(CampError):
    """The database refused or failed an operation (busy, read-only, full, damaged).

    ``camp.db`` raises it in place of ``sqlite3.Error``, so every face of the engine
    shows one sentence and no caller needs to know SQLite's exceptions.
    """
