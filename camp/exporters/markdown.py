"""Markdown leaderboard table (for chats and pages that render Markdown)."""

from __future__ import annotations

import re

from camp.exporters.text import title_lines
from camp.labels import MEDALS, labels_for
from camp.leaderboard import Leaderboard

__all__ = ["md_text", "render_markdown"]

# What would turn a name into markup in a Markdown file: emphasis, code, links and
# images, strikethrough, a table's cell border, HTML tags and entities. Each is
# backslash-escaped (CommonMark lets any ASCII punctuation be), once.
_LIVE = re.compile(r"([\\`*_\[\]~|<>&])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\u2028\u2029\x85]+\s*")


def md_text(value: object) -> str:
    """A value from the data (a member's or a camp's name) as Markdown that shows it
    exactly, on one line: ``**Bob** | x`` -> ``\\*\\*Bob\\*\\* \\| x``."""
    return _LIVE.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(value)))


def _cell(text: object) -> str:
    """A cell of the table: what the renderer wrote (escaped already), on one line."""
    return str(text).replace("\n", " ")


def render_markdown(board: Leaderboard) -> str:
    """A heading, the day, and a table of every entry; MVP marked with a crown."""
    words = labels_for(board.camp.definition.language)
    title, when = title_lines(board)
    lines = [f"## {md_text(title)}", "", f"*{md_text(when)}*", ""]
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
        name = md_text(e.name) + (" 👑" if e.rank == 1 else "")
        rank = f"{MEDALS.get(e.rank, '')} {e.rank}".strip()
        cells = [rank, name, e.points, e.on_time, e.late, e.makeup, e.streak, e.best_streak]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    hidden = board.total_entries - len(board.entries)
    if hidden > 0:
        lines += ["", words["more"].format(n=hidden)]
    return "\n".join(lines) + "\n"
