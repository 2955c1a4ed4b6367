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


def render_csv(board: Leaderboard) -> str:
    """Header plus one row per entry; ``members`` joined with ``;``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in board.entries:
        writer.writerow(
            [
                e.rank,
                e.name,
                e.points,
                e.on_time,
                e.late,
                e.makeup,
                e.streak,
                e.best_streak,
                ";".join(e.members),
            ]
        )
    return out.getvalue()
