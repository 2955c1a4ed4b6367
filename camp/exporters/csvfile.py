"""CSV leaderboard (one row per entry, spreadsheet-friendly)."""

from __future__ import annotations

import csv
import io

from camp.leaderboard import Leaderboard

COLUMNS = [
    "rank",
    "name",
    "points",
    "on_time",
    "late",
    "makeup",
    "streak",
    "best_streak",
    "members",
]


#: What makes a spreadsheet read a cell as a formula (OWASP's CSV injection rule): a
#: name such as ``=HYPERLINK(…)`` or ``@SUM(…)`` would run when the file is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it and never runs it: a leading ``'``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(board: Leaderboard, *, raw: bool = False) -> str:
    """Header plus one row per entry; ``members`` joined with ``;``.

    Names that a spreadsheet would take for a formula get a leading ``'`` unless
    ``raw`` (for a script that reads the names back exactly).
    """
    cell = str if raw else neutral_cell
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in board.entries:
        writer.writerow(
            [
                e.rank,
                cell(e.name),
                e.points,
                e.on_time,
                e.late,
                e.makeup,
                e.streak,
                e.best_streak,
                cell(";".join(e.members)),
            ]
        )
    return out.getvalue()
