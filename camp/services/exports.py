"""Leaderboard and report files in every format of the engine, for the CLI and the UI.

``camp leaderboard -o`` and ``camp report -o`` write through these functions, and so
does the terminal UI's export dialog: both produce the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pendulum

from camp.db import Database
from camp.errors import CampError
from camp.leaderboard import Leaderboard
from camp.report import CampReport
from camp.services.report import camp_report
from camp.services.standings import standings_as_of

__all__ = [
    "LEADERBOARD_FILE_FORMATS",
    "REPORT_FILE_FORMATS",
    "export_leaderboard",
    "export_report",
    "leaderboard_document",
    "leaderboard_png_files",
    "report_document",
    "write_file_atomically",
]

#: Formats of ``camp leaderboard``; png is a file (one per card) and never text.
LEADERBOARD_FILE_FORMATS = ("text", "md", "csv", "json", "html", "png")
#: Formats of ``camp report``.
REPORT_FILE_FORMATS = ("md", "html", "json")


def leaderboard_document(
    db: Database, board: Leaderboard, fmt: str, *, now: pendulum.DateTime
) -> str:
    """The leaderboard as text, md, csv, json or html (the HTML page carries the camp
    report of the same day below the table)."""
    from camp.exporters import render_leaderboard

    if fmt == "html":
        from camp.exporters.html import render_leaderboard_html

        day = board.as_of_day if board.as_of_day >= 1 else None
        return render_leaderboard_html(board, camp_report(db, board.camp.slug, now=now, day=day))
    return render_leaderboard(board, fmt)


def leaderboard_png_files(
    board: Leaderboard, target: Path, *, theme: str = "light"
) -> Iterator[tuple[Path, bytes]]:
    """One PNG card per 25 rows: ``(FILE.png, bytes)``, ``(FILE-2.png, bytes)``, ...

    Cards are drawn one at a time, so a long board never sits in memory at once.
    """
    from camp.exporters.png import leaderboard_pages, render_leaderboard_png

    for page in range(1, leaderboard_pages(board) + 1):
        name = target if page == 1 else target.with_name(f"{target.stem}-{page}{target.suffix}")
        yield name, render_leaderboard_png(board, theme=theme, page=page)


def report_document(report: CampReport, fmt: str) -> str:
    """The camp report as md, html or json."""
    if fmt == "json":
        return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        from camp.exporters.html import render_report_html

        return render_report_html(report)
    if fmt == "md":
        from camp.exporters.report_md import render_report_markdown

        return render_report_markdown(report)
    raise CampError(
        f"--format {fmt!r} is not available; use one of: {', '.join(REPORT_FILE_FORMATS)}."
    )


def write_file_atomically(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` through a temporary file: a crash leaves the old file."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def export_leaderboard(
    db: Database,
    slug: str,
    target: Path,
    *,
    now: pendulum.DateTime,
    fmt: str,
    by: str = "member",
    day: int | None = None,
    top: int | None = None,
    theme: str = "light",
) -> list[Path]:
    """Write the leaderboard to ``target`` in ``fmt``; the files written, in order.

    A PNG of more than 25 rows takes several cards: ``target`` and then
    ``STEM-2.png``, ``STEM-3.png`` ... beside it.
    """
    if fmt not in LEADERBOARD_FILE_FORMATS:
        raise CampError(
            f"--format {fmt!r} is not available; use one of: {', '.join(LEADERBOARD_FILE_FORMATS)}."
        )
    board = standings_as_of(db, slug, now=now, by=by, day=day, top=top)
    if fmt == "png":
        written = []
        for name, data in leaderboard_png_files(board, target, theme=theme):
            write_file_atomically(data, name)
            written.append(name)
        return written
    write_file_atomically(leaderboard_document(db, board, fmt, now=now).encode("utf-8"), target)
    return [target]


def export_report(
    db: Database,
    slug: str,
    target: Path,
    *,
    now: pendulum.DateTime,
    fmt: str,
    day: int | None = None,
) -> list[Path]:
    """Write the camp report as of ``day`` (default: today) to ``target`` in ``fmt``."""
    if fmt not in REPORT_FILE_FORMATS:
        raise CampError(
            f"--format {fmt!r} is not available; use one of: {', '.join(REPORT_FILE_FORMATS)}."
        )
    report = camp_report(db, slug, now=now, day=day)
    write_file_atomically(report_document(report, fmt).encode("utf-8"), target)
    return [target]
