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

from camp.calendar import camp_days, progress
from camp.db import Database
from camp.errors import CampError
from camp.leaderboard import Leaderboard
from camp.report import CampReport
from camp.scoring import Standing
from camp.services.report import camp_report
from camp.services.standings import standings_as_of

__all__ = [
    "LEADERBOARD_FILE_FORMATS",
    "REPORT_FILE_FORMATS",
    "certificate_entries",
    "certificate_files",
    "export_leaderboard",
    "export_report",
    "leaderboard_document",
    "leaderboard_png_files",
    "page_file_names",
    "report_document",
    "write_file_atomically",
]

#: Formats of ``camp leaderboard``; png is a file (one per card) and never text.
LEADERBOARD_FILE_FORMATS = ("text", "chat", "md", "csv", "json", "html", "png")
#: Formats of ``camp report``.
REPORT_FILE_FORMATS = ("md", "html", "json")


def leaderboard_document(
    db: Database, board: Leaderboard, fmt: str, *, now: pendulum.DateTime, raw: bool = False
) -> str:
    """The leaderboard as text, chat, md, csv, json or html (the HTML page carries the camp
    report of the same day below the table); ``raw``: a CSV's names as they are, even
    those a spreadsheet would run as formulas."""
    from camp.exporters import render_leaderboard

    if fmt == "html":
        from camp.exporters.html import render_leaderboard_html

        day = board.as_of_day if board.as_of_day >= 1 else None
        return render_leaderboard_html(board, camp_report(db, board.camp.slug, now=now, day=day))
    return render_leaderboard(board, fmt, raw=raw)


def leaderboard_png_files(
    board: Leaderboard, target: Path, *, theme: str = "light"
) -> Iterator[tuple[Path, bytes]]:
    """One PNG card per 25 rows: ``(FILE.png, bytes)`` for a board of one card, else
    ``(FILE-01.png, bytes)``, ``(FILE-02.png, bytes)``, ... (see :func:`page_file_names`).

    Cards are drawn one at a time, so a long board never sits in memory at once.
    """
    from camp.exporters.png import leaderboard_pages, render_leaderboard_png

    names = page_file_names(target, leaderboard_pages(board))
    for page, name in enumerate(names, start=1):
        yield name, render_leaderboard_png(board, theme=theme, page=page)


def page_file_names(target: Path, pages: int) -> list[Path]:
    """The files of ``pages`` cards: ``target`` alone for one; otherwise every card
    numbered with the same width (``board-01.png`` … ``board-12.png``), so that a
    folder listing and a chat's upload dialog show them in order."""
    if pages <= 1:
        return [target]
    width = max(2, len(str(pages)))
    return [
        target.with_name(f"{target.stem}-{page:0{width}d}{target.suffix}")
        for page in range(1, pages + 1)
    ]


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

    A PNG of more than 25 rows takes several cards, numbered beside ``target``:
    ``STEM-01.png``, ``STEM-02.png`` ...
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


def certificate_entries(
    db: Database,
    slug: str,
    *,
    now: pendulum.DateTime,
    by: str = "member",
    name: str | None = None,
    mvp: bool = False,
    force: bool = False,
) -> tuple[Leaderboard, list[Standing]]:
    """Who gets a certificate: every MVP (``mvp``), or the entry ``name`` names (a
    member, pair or team, or a member of a pair or team), from today's standings.

    The MVP is decided when the camp's last window closes: before that, ``mvp`` is
    refused unless ``force`` (a certificate of today's leader, knowingly).
    """
    if bool(name) == mvp:
        raise CampError("Name a member (or pair or team), or ask for the MVP certificates.")
    board = standings_as_of(db, slug, now=now, by=by)
    if mvp and not force:
        state = progress(camp_days(board.camp), now)
        if not state.finished:
            when = f"day {state.day} of {board.camp.days}" if state.started else "not started"
            raise CampError(
                f"Camp {slug} is not over ({when}): its MVP is decided when the last "
                "window closes. Give --force for a certificate of today's leader."
            )
    if mvp:
        if not board.mvp:
            raise CampError(f"Camp {slug} has no standings yet: nobody to certify.")
        return board, board.mvp
    chosen = [e for e in board.entries if e.name == name or name in e.members]
    if not chosen:
        raise CampError(
            f"{name!r} is not in the {by} standings of {slug}; check the name or --by."
        )
    return board, chosen[:1]


def certificate_files(
    db: Database,
    slug: str,
    *,
    now: pendulum.DateTime,
    by: str = "member",
    name: str | None = None,
    mvp: bool = False,
    theme: str = "light",
    output: Path | None = None,
    force: bool = False,
) -> list[Path]:
    """Write the PNG certificates of :func:`certificate_entries`; the files written.

    One certificate goes to ``output`` when given; otherwise (and for several MVPs)
    each is ``certificate-NAME.png`` in the current folder.
    """
    from camp.exporters.png import render_certificate_png

    board, chosen = certificate_entries(
        db, slug, now=now, by=by, name=name, mvp=mvp, force=force
    )
    days = camp_days(board.camp)
    written = []
    for entry in chosen:
        data = render_certificate_png(
            board.camp,
            entry,
            by=by,
            total_entries=board.total_entries,
            dates=(days[0].date, days[-1].date),
            theme=theme,
        )
        target = output if output and len(chosen) == 1 else Path(
            f"certificate-{_file_safe(entry.name)}.png"
        )
        write_file_atomically(data, target)
        written.append(target)
    return written


def _file_safe(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name).strip("-") or "entry"

