"""Markdown leaderboard table (for chats and pages that render Markdown)."""

from __future__ import annotations

from camp.exporters.text import title_lines
from camp.labels import MEDALS, labels_for
from camp.leaderboard import Leaderboard


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(board: Leaderboard) -> str:
    """A heading, the day, and a table of every entry; MVP marked with a crown."""
    words = labels_for(board.camp.definition.language)
    title, when = title_lines(board)
    lines = [f"## {title}", "", f"*{when}*", ""]
    if not board.entries:
        return "\n".join([*lines, words["empty"]]) + "\n"
    header = [
        words["rank"],
        words[board.by],
        words["points"],
        words["on_time"],
        words["late"],
        words["makeup"],
        words["streak"],
        words["best_streak"],
    ]
    lines.append("| " + " | ".join(header) + " |")
    lines.append(
        "|" + "|".join(["---:", ":---", "---:", "---:", "---:", "---:", "---:", "---:"]) + "|"
    )
    for e in board.entries:
        name = _cell(e.name) + (" 👑" if e.rank == 1 else "")
        rank = f"{MEDALS.get(e.rank, '')} {e.rank}".strip()
        cells = [rank, name, e.points, e.on_time, e.late, e.makeup, e.streak, e.best_streak]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    hidden = board.total_entries - len(board.entries)
    if hidden > 0:
        lines += ["", words["more"].format(n=hidden)]
    return "\n".join(lines) + "\n"
