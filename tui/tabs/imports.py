"""The Import tab: pick a chat export, read its dry-run report, then import it.

The file picker is a modal screen rather than a tree inside the tab: a DirectoryTree keeps
a loader worker alive for as long as it is mounted, and the tab lives as long as the camp.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    DirectoryTree,
    Input,
    ProgressBar,
    Select,
    Static,
)

from camp import clock
from camp.errors import CampError
from camp.importers import FORMATS
from camp.labels import plural
from camp.services.camps import get_camp
from camp.services.imports import REPORT_LIMIT, ImportReport, describe_layout, import_export
from tui.dialogs import Dialog
from tui.typed_app import camp_app
from tui.workers import read_and_post

__all__ = [
    "ExportPickerScreen",
    "ExportTree",
    "ImportOptions",
    "ImportView",
    "format_import_report",
    "import_summary",
    "split_keywords",
]

AUTO = "auto"
#: The date orders an operator can settle (the command line's --date-order).
DATE_ORDER_CHOICES = (
    ("dates: d/m/y", "dmy"),
    ("dates: m/d/y", "mdy"),
    ("dates: y/m/d", "ymd"),
)
#: The progress bar is redrawn at most this often, however fast the batches go.
PROGRESS_INTERVAL_SECONDS = 0.1


@dataclass(frozen=True)
class ImportOptions:
    """What the operator asked for: the export and how to read it."""

    path: str
    fmt: str | None
    keywords: tuple[str, ...]
    tz: str | None
    add_unknown: bool
    #: ``dmy``, ``mdy`` or ``ymd`` when the operator settled how dates read.
    date_order: str | None = None


class _StopRequested(Exception):
    """Raised from the progress callback, between two batches, when Cancel was pressed."""


def split_keywords(text: str) -> tuple[str, ...]:
    """Extra keywords typed as ``#签到, #daka`` (ASCII or full-width commas)."""
    return tuple(word.strip() for word in text.replace("，", ",").split(",") if word.strip())


def _file_state(path: str) -> tuple[int, int] | None:
    """Size and modification time of ``path``: a dry run is valid while they stay."""
    try:
        stat = os.stat(Path(path).expanduser())
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def import_summary(report: ImportReport) -> str:
    """One sentence for a notification: the new check-ins and what was skipped."""
    judged = report.judged
    counted = judged.get("on_time", 0) + judged.get("late", 0) + judged.get("makeup", 0)
    verb = "would be recorded" if report.dry_run else "recorded"
    text = (
        f"{plural(report.checkins, 'new check-in')} {verb} ({counted} counted), "
        f"{plural(report.already_imported, 'message')} already imported"
    )
    if report.unknown_senders:
        text += f", {plural(len(report.unknown_senders), 'unknown sender')}"
    if report.problem_count:
        text += f", {plural(report.problem_count, 'unreadable line')}"
    return text + "."


def format_import_report(report: ImportReport) -> str:
    """The report of an import or a dry run, as lines of plain text for the tab."""
    judged = report.judged
    lines = [
        "Dry run: nothing was written." if report.dry_run else "Imported.",
        f"{report.file} ({report.format})",
        *(describe_layout(layout) for layout in report.layouts),
        f"  messages read        {report.messages}",
        f"  from members         {report.member_messages}",
        f"  already imported     {report.already_imported}",
        *(
            [f"  system lines         {report.by_kind['system']}"]
            if report.by_kind.get("system")
            else []
        ),
        f"  new check-ins        {report.checkins}",
        f"    on time            {judged.get('on_time', 0)}",
        f"    late               {judged.get('late', 0)}",
    ]
    if judged.get("makeup", 0):
        lines.append(f"    makeup             {judged['makeup']}")
    lines += [
        f"    duplicate          {judged.get('duplicate', 0)}  (the slot was already counted)",
        f"    outside any window {judged.get('outside', 0)}  (kept, not counted)",
    ]
    if report.added_members:
        verb = "Would add" if report.dry_run else "Added"
        lines += ["", f"{verb} {plural(len(report.added_members), 'member')}:"]
        lines += [f"  {name}" for name in report.added_members]
    if report.unknown_senders:
        lines += [
            "",
            f"Unknown senders ({len(report.unknown_senders)}): tick “Add unknown senders”, "
            "or add them on the Members tab, then run again.",
        ]
        shown = report.unknown_senders.most_common(REPORT_LIMIT)
        lines += [
            f"  {name} — {plural(count, 'message')}, first at line "
            f"{report.unknown_first_line[name]}"
            for name, count in shown
        ]
        if len(report.unknown_senders) > len(shown):
            lines.append(f"  … and {len(report.unknown_senders) - len(shown)} more")
    if report.problem_count:
        lines += ["", f"Unreadable lines ({report.problem_count}):"]
        lines += [f"  line {line}: {reason}" for line, reason in report.problems]
        if report.problem_count > len(report.problems):
            lines.append(f"  … and {report.problem_count - len(report.problems)} more")
    return "\n".join(lines)


class ExportTree(DirectoryTree):
    """The folders around the operator's working directory, hidden files left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [path for path in paths if not path.name.startswith(".")]


class ExportPickerScreen(Dialog[Path | None]):
    """Browse from ``start_dir`` to a chat export; dismissed with its path (None: escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close"),
        Binding("backspace", "parent", "Parent folder"),
    ]

    def __init__(self, start_dir: Path) -> None:
        super().__init__()
        self.start_dir = start_dir

    @staticmethod
    def _title(folder: Path) -> str:
        return (
            "Pick the chat export: Enter opens a folder or takes a file, Backspace goes up, "
            f"Escape closes.\n{folder}"
        )

    def compose(self) -> ComposeResult:
        with self.box(size="tall", id="import-picker-box"):
            yield Static(self._title(self.start_dir), id="import-picker-title", markup=False)
            yield ExportTree(self.start_dir, id="import-tree")

    def on_mount(self) -> None:
        self.query_one(ExportTree).focus()

    def action_parent(self) -> None:
        tree = self.query_one(ExportTree)
        folder = Path(tree.path).resolve()
        if folder.parent != folder:
            tree.path = folder.parent
            self.query_one("#import-picker-title", Static).update(self._title(folder.parent))

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(event.path)


class ImportView(Vertical):
    """Imports of chat exports into the camp ``slug``, always after a dry run.

    ``start_dir`` is where the file picker starts (the working directory by default).
    """

    class Stopped(Message):
        """The operator stopped an import after ``done`` of ``total`` lines."""

        def __init__(self, dry_run: bool, done: int, total: int) -> None:
            super().__init__()
            self.dry_run = dry_run
            self.done = done
            self.total = total

    class Failed(Message):
        """An import or a dry run was refused; ``reason`` is one sentence for the operator."""

        def __init__(self, dry_run: bool, reason: str) -> None:
            super().__init__()
            self.dry_run = dry_run
            self.reason = reason

    class Finished(Message):
        """An import or a dry run went through the whole export; ``report`` tells what it found.

        ``checked`` identifies the options and the file's state the run used, so that a dry
        run unlocks the real import of exactly that file.
        """

        def __init__(self, report: ImportReport, checked: object) -> None:
            super().__init__()
            self.report = report
            self.checked = checked

    class Progressed(Message):
        """An import (or its dry run) has read ``done`` of the export's ``total`` lines."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class DefaultsLoaded(Message):
        """The camp's timezone and check-in keywords were read for the Import tab."""

        def __init__(self, timezone: str, keywords: tuple[str, ...]) -> None:
            super().__init__()
            self.timezone = timezone
            self.keywords = keywords

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "browse", "Browse…"),
        Binding("d", "dry_run", "Dry run"),
        Binding("i", "run_import", "Import"),
        Binding("c", "cancel", "Cancel import"),
    ]

    def __init__(self, slug: str, start_dir: str | Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slug = slug
        self.start_dir = Path(start_dir) if start_dir is not None else Path.cwd()
        #: The options and file state of the last clean dry run: they unlock "Import".
        self._checked: tuple[ImportOptions, tuple[int, int] | None] | None = None
        self._active_run: bool | None = None  # None: idle; else whether it is a dry run
        self._stop_event = threading.Event()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="import-row"):
            yield Input(
                placeholder="path of the chat export (b browses; Enter: dry run)",
                id="import-path",
            )
            yield Select(
                [("auto-detect", AUTO), *((fmt, fmt) for fmt in FORMATS)],
                value=AUTO,
                allow_blank=False,
                id="import-format",
            )
            yield Select(
                [("dates: from file", AUTO), *DATE_ORDER_CHOICES],
                value=AUTO,
                allow_blank=False,
                id="import-date-order",
            )
        with Horizontal(classes="import-row"):
            yield Input(placeholder="more check-in keywords, comma separated", id="import-keywords")
            yield Input(placeholder="timezone of the export", id="import-tz")
            yield Checkbox("Add unknown senders", id="import-add-unknown")
        with Horizontal(id="import-buttons"):
            yield Button("Browse… (b)", id="import-browse")
            yield Button("Dry run (d)", id="import-dry-run")
            yield Button("Import (i)", id="import-run", variant="primary", disabled=True)
            yield Button("Cancel (c)", id="import-cancel", variant="error", disabled=True)
        yield ProgressBar(id="import-progress")
        yield Static(
            "Pick an export (b) and press d for a dry run: it reports, it writes nothing.",
            id="import-status",
            markup=False,
        )
        with VerticalScroll(id="import-report-box"):
            yield Static(id="import-report", markup=False)

    def on_mount(self) -> None:
        self.query_one("#import-progress", ProgressBar).display = False

    def on_unmount(self) -> None:
        # Leaving the camp stops a running import at its next batch (see action_cancel).
        self._stop_event.set()

    # ---------------------------------------------------------------- defaults

    @work(thread=True, exclusive=True, group="import-defaults")
    def reload(self) -> None:
        """Read the camp's timezone and keywords again (they are the import's defaults)."""
        read_and_post(
            self,
            lambda db: get_camp(db, self.slug),
            lambda camp: ImportView.DefaultsLoaded(camp.timezone, tuple(camp.definition.keywords)),
        )

    @on(DefaultsLoaded)
    def _defaults_loaded(self, message: ImportView.DefaultsLoaded) -> None:
        message.stop()
        tz = self.query_one("#import-tz", Input)
        if not tz.value:
            tz.value = message.timezone
        words = ", ".join(message.keywords) or "none"
        keywords = self.query_one("#import-keywords", Input)
        keywords.placeholder = f"more keywords, comma separated; the camp's: {words}"

    # ---------------------------------------------------------------- options

    def options(self) -> ImportOptions:
        """The options as the form shows them now."""
        fmt = self.query_one("#import-format", Select).value
        order = self.query_one("#import-date-order", Select).value
        tz = self.query_one("#import-tz", Input).value.strip()
        return ImportOptions(
            path=self.query_one("#import-path", Input).value.strip(),
            fmt=None if fmt == AUTO or fmt is Select.NULL else str(fmt),
            keywords=split_keywords(self.query_one("#import-keywords", Input).value),
            tz=tz or None,
            add_unknown=self.query_one("#import-add-unknown", Checkbox).value,
            date_order=None if order == AUTO or order is Select.NULL else str(order),
        )

    def _sync_buttons(self) -> None:
        busy = self._active_run is not None
        checked = self._checked is not None and self._checked[0] == self.options()
        self.query_one("#import-dry-run", Button).disabled = busy
        self.query_one("#import-run", Button).disabled = busy or not checked
        self.query_one("#import-cancel", Button).disabled = not busy

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _options_changed(self) -> None:
        # A dry run vouches for one file read one way: another choice needs its own.
        self._sync_buttons()

    def action_browse(self) -> None:
        # Start where the typed path points, if anywhere, else in the working directory.
        typed = self.query_one("#import-path", Input).value.strip()
        start = self.start_dir
        if typed:
            path = Path(typed).expanduser()
            folder = path if path.is_dir() else path.parent
            if folder.is_dir():
                start = folder.resolve()

        def picked(path: Path | None) -> None:
            if path is not None:
                self.query_one("#import-path", Input).value = str(path)
                self.query_one("#import-dry-run", Button).focus()

        self.app.push_screen(ExportPickerScreen(start), picked)

    @on(Button.Pressed, "#import-browse")
    def _browse_pressed(self) -> None:
        self.action_browse()

    @on(Input.Submitted, "#import-path, #import-keywords, #import-tz")
    def _submitted(self) -> None:
        self.action_dry_run()

    @on(Button.Pressed, "#import-dry-run")
    def _dry_run_pressed(self) -> None:
        self.action_dry_run()

    @on(Button.Pressed, "#import-run")
    def _import_pressed(self) -> None:
        self.action_run_import()

    @on(Button.Pressed, "#import-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # ---------------------------------------------------------------- runs

    def action_dry_run(self) -> None:
        if self._active_run is not None:
            self.notify(
                "An import is running; wait for it or cancel it (c).",
                severity="warning",
                markup=False,
            )
            return
        options = self.options()
        if not options.path:
            self._refused("Give the path of a chat export: type it, or press b to pick the file.")
            return
        self._begin(options, dry_run=True, checked_state=None)

    def action_run_import(self) -> None:
        if self._active_run is not None:
            self.notify(
                "An import is running; wait for it or cancel it (c).",
                severity="warning",
                markup=False,
            )
            return
        options = self.options()
        if self._checked is None or self._checked[0] != options:
            self.notify(
                "Run a dry run (d) of this file with these options first; "
                "its report shows what the import would write.",
                severity="warning",
                markup=False,
            )
            return
        self._begin(options, dry_run=False, checked_state=self._checked[1])

    def action_cancel(self) -> None:
        if self._active_run is None:
            return
        self._stop_event.set()
        self.query_one("#import-status", Static).update(
            "Stopping after the current batch of messages…"
        )

    def _begin(
        self, options: ImportOptions, *, dry_run: bool, checked_state: tuple[int, int] | None
    ) -> None:
        self._active_run = dry_run
        self._stop_event = threading.Event()
        if not dry_run:
            # One import per dry run: the next one starts from a fresh report.
            self._checked = None
        self._sync_buttons()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        name = Path(options.path).name or options.path
        self.query_one("#import-status", Static).update(
            f"{'Dry run of' if dry_run else 'Importing'} {name}…"
        )
        self._import_in_worker(options, dry_run, checked_state, self._stop_event)

    @work(thread=True, exclusive=True, group="import")
    def _import_in_worker(
        self,
        options: ImportOptions,
        dry_run: bool,
        checked_state: tuple[int, int] | None,
        stop: threading.Event,
    ) -> None:
        """The import itself, with its own connection; progress and outcome come as messages."""
        state = _file_state(options.path)
        if not dry_run and state != checked_state:
            self.post_message(
                ImportView.Failed(
                    dry_run,
                    f"{options.path} changed since its dry run; run the dry run (d) again.",
                )
            )
            return
        where = [0, 0]
        progress = self._progress_callback(stop, where)
        try:
            with camp_app(self).database() as db:
                report = import_export(
                    db,
                    self.slug,
                    Path(options.path).expanduser(),
                    now=clock.now(),
                    fmt=options.fmt,
                    keywords=options.keywords,
                    tz=options.tz,
                    dry_run=dry_run,
                    add_unknown=options.add_unknown,
                    date_order=options.date_order,
                    progress=progress,
                )
        except _StopRequested:
            self.post_message(ImportView.Stopped(dry_run, *where))
        except CampError as exc:
            reason = str(exc)
            if dry_run:
                # An unreadable byte stops the engine with a note on the batches already
                # imported: a dry run has none.
                reason = reason.split(" Batches before that point")[0]
            self.post_message(ImportView.Failed(dry_run, reason))
        except OSError as exc:
            self.post_message(
                ImportView.Failed(dry_run, f"Could not read {options.path}: {exc.strerror or exc}.")
            )
        else:
            self.post_message(ImportView.Finished(report, (options, state)))

    def _progress_callback(
        self, stop: threading.Event, where: list[int]
    ) -> Callable[[int, int], None]:
        """The engine's ``progress(done, total)``, called between batches in the worker.

        It posts at most one message per :data:`PROGRESS_INTERVAL_SECONDS` (and always the
        last one), and raises :class:`_StopRequested` once Cancel was pressed: the engine
        calls it after a batch is committed, so no batch is cut in half.
        """
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            where[:] = [done, total]
            now = time.monotonic()
            if done >= total or now - last >= PROGRESS_INTERVAL_SECONDS:
                last = now
                self.post_message(ImportView.Progressed(done, total))
            if stop.is_set() and done < total:
                raise _StopRequested

        return progress

    @on(Progressed)
    def _progressed(self, message: ImportView.Progressed) -> None:
        message.stop()
        self.query_one("#import-progress", ProgressBar).update(
            total=message.total, progress=message.done
        )

    @on(Finished)
    def _finished(self, message: ImportView.Finished) -> None:
        message.stop()
        report = message.report
        self._active_run = None
        self.query_one("#import-report", Static).update(format_import_report(report))
        self.query_one("#import-report-box", VerticalScroll).scroll_home(animate=False)
        name = Path(report.file).name
        if report.dry_run:
            self._checked = message.checked  # type: ignore[assignment]
            status = f"Dry run of {name}: {import_summary(report)} Press i to import it."
        else:
            status = f"Imported {name}: {import_summary(report)}"
            self.notify(import_summary(report), title=f"Imported {name}", markup=False)
            # The other tabs show the new check-ins (the screen reads its open tab again;
            # the others are read when shown).
            refresh = getattr(self.screen, "refresh_data", None)
            if callable(refresh):
                refresh()
        self.query_one("#import-status", Static).update(status)
        self._sync_buttons()
        if report.dry_run and not self.query_one("#import-run", Button).disabled:
            self.query_one("#import-run", Button).focus()

    @on(Failed)
    def _failed(self, message: ImportView.Failed) -> None:
        message.stop()
        self._active_run = None
        self.query_one("#import-progress", ProgressBar).display = False
        self._refused(message.reason, dry_run=message.dry_run)

    @on(Stopped)
    def _stopped(self, message: ImportView.Stopped) -> None:
        message.stop()
        self._active_run = None
        where = f"at line {message.done} of {message.total}"
        if message.dry_run:
            text = f"Dry run stopped {where}; nothing was written."
        else:
            text = (
                f"Import stopped {where}: the batches read so far are saved, and "
                "importing the file again skips them and goes on."
            )
            refresh = getattr(self.screen, "refresh_data", None)
            if callable(refresh):
                refresh()
        self.query_one("#import-status", Static).update(text)
        self.notify(text, title="Import stopped", severity="warning", markup=False)
        self._sync_buttons()

    def _refused(self, reason: str, *, dry_run: bool = True) -> None:
        self.query_one("#import-status", Static).update(reason)
        self.query_one("#import-report", Static).update("")
        title = "Dry run refused" if dry_run else "Import refused"
        self.notify(reason, title=title, severity="error", markup=False)
        self._sync_buttons()
