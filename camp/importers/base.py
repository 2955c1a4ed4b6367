"""What every chat-export reader yields: messages and problems, one at a time.

Readers stream: they never hold a whole export in memory. Each yields
:class:`ChatMessage` for a message it understood and :class:`ParseProblem` for a
line it could not read (the import reports those with their line numbers and goes on).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, Protocol

__all__ = ["ChatMessage", "ExportReader", "ParseProblem", "ReadItem"]


class ChatMessage(NamedTuple):
    """One message of a group chat, as the export shows it.

    ``local_time`` is the wall-clock time the export prints, normalised to
    ``"YYYY-MM-DD HH:MM:SS"`` (the import reads it in the export's timezone);
    ``epoch`` is set instead (or as well) when the export gives an absolute instant,
    and then wins. ``kind`` is ``"text"`` for what members wrote, ``"system"`` for
    joins, renames and the like, ``"recalled"`` for withdrawn messages.
    """

    line: int
    sender: str
    sender_id: str | None
    local_time: str | None
    epoch: float | None
    text: str
    kind: str = "text"


class ParseProblem(NamedTuple):
    """A line (or record) of the export that could not be read, and why."""

    line: int
    reason: str


ReadItem = ChatMessage | ParseProblem


class ExportReader(Protocol):
    """A module of ``camp.importers`` that reads one export format."""

    #: The ``--format`` name, e.g. ``"qq"``.
    FORMAT: str

    def sniff(self, head: str, path: Path) -> bool:
        """True when the first few KB of the file (``head``) look like this format."""

    def read(self, path: Path) -> Iterator[ReadItem]:
        """Stream the export's messages and problems, in file order."""
