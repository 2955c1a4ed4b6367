"""What the terminal UI does with an error it did not expect.

The traceback goes to a log file in the user's state folder; the operator sees one
screen that says what happened, where the details are and what to send, and the app
then closes with a non-zero exit status.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import ClassVar

import platformdirs
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Static

from camp import __version__
from tui.dialogs import Dialog

__all__ = ["CrashScreen", "crash_log_folder", "write_crash_log"]

#: Crash logs kept; older ones are removed when a new one is written.
KEEP_LOGS = 20


def crash_log_folder() -> Path:
    """``camp/logs`` in the user's state folder (``~/.local/state`` on Linux)."""
    return Path(platformdirs.user_state_dir("camp", appauthor=False)) / "logs"


def write_crash_log(error: BaseException) -> Path | None:
    """Write ``error``'s traceback to a new log file; its path, or None if that failed."""
    folder = crash_log_folder()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"tui-crash-{stamp}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as log:
            log.write(f"camp {__version__} on Python {sys.version.split()[0]} ({sys.platform})\n")
            log.write(f"at {dt.datetime.now(dt.UTC).isoformat()} (pid {os.getpid()})\n\n")
            log.writelines(traceback.format_exception(error))
        for old in sorted(folder.glob("tui-crash-*.log"))[:-KEEP_LOGS]:
            old.unlink(missing_ok=True)
    except OSError:
        return None
    return path


def _said(error: BaseException) -> str:
    words = str(error).strip().splitlines()
    first = words[0] if words else ""
    if len(first) > 200:
        first = first[:199] + "…"
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


class CrashScreen(Dialog[None]):
    """Says that the app met an error it did not expect and must close; any of its
    keys closes the app with exit status 1."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Close camp"),
        Binding("escape", "close", "Close camp", show=False),
        Binding("q", "close", "Close camp", show=False),
    ]

    def __init__(self, error: BaseException, log: Path | None) -> None:
        super().__init__()
        self.error = error
        self.log_path = log

    def compose(self) -> ComposeResult:
        where = (
            f"The details are in {self.log_path}."
            if self.log_path is not None
            else "The details could not be written to a log file (the state folder "
            f"{crash_log_folder()} is not writable)."
        )
        with self.box(size="wide", id="crash-box"):
            yield Static("camp met an error it did not expect", classes="section-title")
            yield Static(_said(self.error), id="crash-error", markup=False)
            yield Static(
                f"{where} Please report it with that file and what you were doing just "
                "before. Everything saved before this moment is in the database; camp "
                "closes now, and starting it again is safe.",
                id="crash-advice",
                markup=False,
            )
            yield Button("Close camp", id="crash-close", variant="error")

    def on_mount(self) -> None:
        self.query_one("#crash-close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        self.app.exit(return_code=1)

    def action_cancel(self) -> None:
        self.action_close()
