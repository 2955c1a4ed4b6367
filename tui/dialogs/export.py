"""Dialogs of the Leaderboard tab: export to a file, the copied chat text, the as-of day.

The export itself goes through ``camp.services.exports``, the functions behind
``camp leaderboard -o`` and ``camp report -o``: a file written here has the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pendulum
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from camp.db import Database
from camp.errors import CampError
from camp.services.exports import export_leaderboard, export_report
from tui.dialogs.base import Dialog
from tui.messages import ExportFailed, LeaderboardExported

__all__ = [
    "EXPORT_FORMATS",
    "AsOfDayScreen",
    "ChatTextScreen",
    "ExportChoice",
    "ExportScreen",
    "JumpToRankScreen",
    "default_export_name",
    "exported_text",
    "write_export",
]

#: What the dialog offers: key -> (label, file extension). ``report-*`` are the camp report.
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "chat": ("Leaderboard · chat text, one entry a line", "txt"),
    "text": ("Leaderboard · aligned text (monospace)", "txt"),
    "md": ("Leaderboard · Markdown", "md"),
    "csv": ("Leaderboard · CSV", "csv"),
    "json": ("Leaderboard · JSON", "json"),
    "html": ("Leaderboard · HTML page with the report", "html"),
    "png": ("Leaderboard · PNG cards (25 rows each)", "png"),
    "report-md": ("Camp report · Markdown", "md"),
    "report-html": ("Camp report · HTML page with charts", "html"),
    "report-json": ("Camp report · JSON", "json"),
}
THEMES = ("light", "dark")


@dataclass(frozen=True)
class ExportChoice:
    """What to write where: ``fmt`` is a key of :data:`EXPORT_FORMATS`."""

    slug: str
    fmt: str
    path: Path
    by: str = "member"
    day: int | None = None  # None: as of the current day
    top: int | None = None  # None: every entry
    theme: str = "light"

    @property
    def is_report(self) -> bool:
        return self.fmt.startswith("report-")


def default_export_name(slug: str, fmt: str, by: str, as_of_day: int) -> str:
    """``cp-leaderboard-day5.png``, ``cp-leaderboard-pairs-day5.csv``, ``cp-report-day5.md``."""
    when = f"day{as_of_day}" if as_of_day >= 1 else "before-start"
    extension = EXPORT_FORMATS[fmt][1]
    if fmt.startswith("report-"):
        return f"{slug}-report-{when}.{extension}"
    kind = "" if by == "member" else f"-{by}s"
    return f"{slug}-leaderboard{kind}-{when}.{extension}"


def exported_text(paths: list[Path]) -> str:
    """``Wrote FILE``, or the count and the first few names of several PNG cards."""
    if len(paths) == 1:
        return f"Wrote {paths[0]}"
    names = ", ".join(path.name for path in paths[:3])
    more = ", …" if len(paths) > 3 else ""
    return f"Wrote {len(paths)} files in {paths[0].parent}: {names}{more}"


def write_export(
    database: Callable[[], AbstractContextManager[Database]],
    choice: ExportChoice,
    now: pendulum.DateTime,
) -> LeaderboardExported | ExportFailed:
    """Write ``choice`` (blocking: call it from a worker) and say how it went."""
    try:
        with database() as db:
            if choice.is_report:
                paths = export_report(
                    db,
                    choice.slug,
                    choice.path,
                    now=now,
                    fmt=choice.fmt.removeprefix("report-"),
                    day=choice.day,
                )
            else:
                paths = export_leaderboard(
                    db,
                    choice.slug,
                    choice.path,
                    now=now,
                    fmt=choice.fmt,
                    by=choice.by,
                    day=choice.day,
                    top=choice.top,
                    theme=choice.theme,
                )
    except CampError as exc:
        return ExportFailed(str(exc))
    except OSError as exc:
        where = exc.filename or choice.path
        return ExportFailed(
            f"Cannot write {where}: {exc.strerror or exc}; choose another file or folder."
        )
    what = "Report exported" if choice.is_report else "Leaderboard exported"
    return LeaderboardExported(paths, what)


def notify_export(app: App, message: LeaderboardExported | ExportFailed) -> None:
    """The toast for an export that was written or refused."""
    if isinstance(message, ExportFailed):
        app.notify(message.reason, title="Export failed", severity="error", markup=False)
    else:
        app.notify(exported_text(message.paths), title=message.what, markup=False)


#: The entries a PNG export suggests, and how many one card holds.
PNG_TOP = 50
PNG_ENTRIES_PER_CARD = 25


class ExportScreen(Dialog[ExportChoice | None]):
    """Asks for the format, the PNG theme, how many entries and the file to write."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Like the other forms: ctrl+s from any field, Enter in a text field.
        Binding("ctrl+s", "export", "Export"),
    ]

    def __init__(
        self,
        slug: str,
        *,
        by: str = "member",
        day: int | None = None,
        as_of_day: int = 0,
        initial: str = "chat",
        total: int | None = None,
    ) -> None:
        super().__init__()
        self.slug = slug
        #: Entries of the whole board, to say how many PNG files "all" would be.
        self.total = total
        self._top_suggested = False
        self.by = by
        self.day = day
        self.as_of_day = as_of_day
        self.initial = initial
        self._default = default_export_name(slug, initial, by, as_of_day)

    def compose(self) -> ComposeResult:
        kind = {"member": "members", "pair": "pairs", "team": "teams"}[self.by]
        when = f"as of day {self.as_of_day}" if self.as_of_day >= 1 else "before day 1"
        with self.box(size="wide", id="export-box"):
            yield Static(f"Export {self.slug}: {kind}, {when}", classes="section-title")
            yield Label("Format")
            yield Select(
                [(label, key) for key, (label, _) in EXPORT_FORMATS.items()],
                value=self.initial,
                allow_blank=False,
                id="export-format",
            )
            with Horizontal(id="export-options"):
                with Vertical():
                    yield Label("PNG theme")
                    yield Select(
                        [(theme, theme) for theme in THEMES],
                        value="light",
                        allow_blank=False,
                        id="export-theme",
                    )
                with Vertical():
                    yield Label("Entries (empty: all)")
                    yield Input(id="export-top", type="integer", placeholder="all")
            yield Static(id="export-top-hint")
            yield Label("File (several PNG cards: NAME-01.png, NAME-02.png …)")
            yield Input(self._default, id="export-path")
            yield self.problem(id="export-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+s)", id="export-ok", variant="primary")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self._format_changed()
        self.query_one("#export-format", Select).focus()

    @on(Select.Changed, "#export-format")
    def _format_changed(self) -> None:
        fmt = self.query_one("#export-format", Select).value
        if not isinstance(fmt, str):
            return
        self.query_one("#export-theme", Select).disabled = fmt != "png"
        top = self.query_one("#export-top", Input)
        top.disabled = fmt.startswith("report-")
        # A PNG card holds 25 entries: the whole board of a big camp would be thousands
        # of files, so a PNG export suggests the top entries (the operator may clear it).
        if fmt == "png" and not top.value:
            top.value, self._top_suggested = str(PNG_TOP), True
        elif fmt != "png" and self._top_suggested and top.value == str(PNG_TOP):
            top.value, self._top_suggested = "", False
        hint = ""
        if fmt == "png" and self.total:
            cards = -(-self.total // PNG_ENTRIES_PER_CARD)
            hint = (
                f"All {self.total:,} entries would be {cards:,} PNG file"
                f"{'s' if cards != 1 else ''} ({PNG_ENTRIES_PER_CARD} entries each)."
            )
        self.query_one("#export-top-hint", Static).update(Text(hint, style="dim"))
        path = self.query_one("#export-path", Input)
        # A name the operator typed stays; the suggested one follows the format.
        default = default_export_name(self.slug, fmt, self.by, self.as_of_day)
        if path.value == self._default:
            path.value = default
        self._default = default

    def _problem(self, text: str, field: str) -> None:
        self.query_one("#export-problem", Static).update(text)
        self.query_one(field).focus()

    def action_export(self) -> None:
        self._submit()

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-ok")
    def _submit(self) -> None:
        fmt = self.query_one("#export-format", Select).value
        theme = self.query_one("#export-theme", Select).value
        top_text = self.query_one("#export-top", Input).value.strip()
        path_text = self.query_one("#export-path", Input).value.strip()
        top = None
        if top_text and not str(fmt).startswith("report-"):
            if not top_text.isdigit() or int(top_text) < 1:
                self._problem(
                    "Entries must be a whole number of 1 or more, or empty.", "#export-top"
                )
                return
            top = int(top_text)
        if not path_text:
            self._problem("Type the file to write, e.g. " + self._default + ".", "#export-path")
            return
        path = Path(path_text).expanduser()
        if path.is_dir():
            self._problem(
                f"{path} is a folder; add a file name, e.g. {path / self._default}.",
                "#export-path",
            )
            return
        if not path.parent.is_dir():
            self._problem(
                f"The folder {path.parent} does not exist; create it or choose another.",
                "#export-path",
            )
            return
        self.dismiss(
            ExportChoice(
                slug=self.slug,
                fmt=str(fmt),
                path=path.resolve(),
                by=self.by,
                day=self.day,
                top=top,
                theme=str(theme),
            )
        )

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ChatTextScreen(Dialog[None]):
    """The chat text that was copied, shown to select by hand where OSC 52 does not work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_again", "Copy again"),
    ]

    def __init__(self, text: str, note: str) -> None:
        super().__init__()
        self.text = text
        self.note = note

    def compose(self) -> ComposeResult:
        with self.box(size="wide", id="chat-text-box"):
            yield Static("Leaderboard text, ready to paste", classes="section-title")
            yield Static(self.note, id="chat-text-note")
            yield TextArea(self.text, read_only=True, soft_wrap=False, id="chat-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="chat-text-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#chat-text", TextArea).focus()

    def action_copy_again(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify("Copied again.", markup=False)

    @on(Button.Pressed, "#chat-text-close")
    def _close_pressed(self) -> None:
        self.action_cancel()


class AsOfDayScreen(Dialog[int | None]):
    """Asks for the day the standings are shown as of; 0 means "today, live".

    Dismissed with the day, 0 for today, or ``None`` when cancelled.
    """

    def __init__(self, days: int, current: int) -> None:
        super().__init__()
        self.days = days
        self.current = current

    def compose(self) -> ComposeResult:
        with self.box(size="narrow", id="as-of-box"):
            yield Static("Standings as of the end of day …", classes="section-title")
            yield Label(f"Day 1-{self.days} (empty: today, live)")
            yield Input(str(self.current or ""), id="as-of-day", type="integer")
            yield self.problem(id="as-of-problem")

    def on_mount(self) -> None:
        self.query_one("#as-of-day", Input).focus()

    @on(Input.Submitted, "#as-of-day")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(0)
            return
        if not text.isdigit() or not 1 <= int(text) <= self.days:
            self.query_one("#as-of-problem", Static).update(
                f"Day {text} is not one of the camp's days; type 1 to {self.days}, "
                "or leave it empty for today."
            )
            return
        self.dismiss(int(text))

class JumpToRankScreen(Dialog[int | None]):
    """Asks for a rank of the board to show (the row of that place: a rank shared by a
    tie starts there). Dismissed with the rank, or ``None`` when cancelled."""

    def __init__(self, total: int, noun: str = "members") -> None:
        super().__init__()
        self.total = total
        self.noun = noun

    def compose(self) -> ComposeResult:
        with self.box(size="narrow", id="jump-box"):
            yield Static("Jump to rank …", classes="section-title")
            yield Label(f"Rank 1-{self.total:,} of {self.total:,} {self.noun}")
            yield Input(id="jump-rank", type="integer")
            yield self.problem(id="jump-problem")

    def on_mount(self) -> None:
        self.query_one("#jump-rank", Input).focus()

    @on(Input.Submitted, "#jump-rank")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip().replace(",", "")
        if not text:
            self.dismiss(None)
            return
        if not text.isdigit():
            problem = f"{event.value.strip()!r} is not a rank"
        elif not 1 <= int(text) <= self.total:
            problem = f"Rank {int(text):,} is not on the board"
        else:
            self.dismiss(int(text))
            return
        span = f"give 1 to {self.total:,}" if self.total else "the board is empty"
        self.query_one("#jump-problem", Static).update(f"{problem}; {span}.")
