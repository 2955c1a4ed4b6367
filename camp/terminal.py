"""What the command line prints reaches a terminal: control characters that come with
the data (a member named ``Eve\\x1b[2J`` would clear the operator's screen, ``\\x1b]8;;``
would hide a link) are shown escaped, never obeyed."""

from __future__ import annotations

import io
import re
from typing import Any, TextIO

__all__ = ["EscapingStream", "shown"]

# C0 controls but the newline and the tab, DEL and the C1 controls (a lone \x9b is a
# CSI to many terminals).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def shown(text: str) -> str:
    """``text`` with its control characters written out (``\\x1b``)."""
    return _CONTROL.sub(_escape, text)


class EscapingStream(io.TextIOBase):
    """A text stream that writes to ``raw`` with :func:`shown` applied.

    ``raw`` stays reachable for what writes terminal codes on purpose (the import's
    progress bar).
    """

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        # Bytes raise here as on any text stream (click tells the two kinds apart so).
        self.raw.write(_CONTROL.sub(_escape, text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.raw.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.raw.errors

    @property
    def buffer(self) -> Any:
        return self.raw.buffer
