"""Plain text leaderboards: ``text`` with aligned columns (for a terminal or a monospace
block) and ``chat``, one entry a line, for pasting into a group chat."""

from __future__ import annotations

from camp.labels import MEDALS, board_when, labels_for
from camp.leaderboard import Leaderboard
from camp.scoring import Standing
from camp.textwidth import display_width


def title_lines(board: Leaderboard) -> list[str]:
    """The camp's name, what is ranked, and which day the standings are as of."""
    words = labels_for(board.camp.definition.language)
    when = board_when(words, board.as_of_day, board.camp.days, board.first_day, board.period)
    kind = words["by"][board.by]
    return [f"🏆 {board.camp.name} · {words['leaderboard']} ({kind})", when]


def render_text(board: Leaderboard) -> str:
    """The leaderboard as chat-ready text: medal, rank, name, points, streak."""
    words = labels_for(board.camp.definition.language)
    lines = title_lines(board)
    lines.append("")
    if not board.entries:
        lines.append(words["empty"])
        return "\n".join(lines) + "\n"
    entries = board.entries
    # Whole-board text of 100,000 members: the widths are measured once a name, and a
    # board of ASCII names (most are) at once.
    # Built a column at a time (each one comprehension): a row at a time, 100,000 rows
    # took a quarter of a second.
    names = [e.name for e in entries]
    joined = "".join(names)
    if joined.isascii() and joined.isprintable():
        name_width = max(map(len, names))
        padded = [name.ljust(name_width) for name in names]
    else:
        widths = [display_width(name) for name in names]
        name_width = max(widths)
        padded = [name + " " * (name_width - w) for name, w in zip(names, widths, strict=True)]
    points = [str(e.points) for e in entries]
    points_width = max(map(len, points))  # a minus sign counts too
    ranks = [e.rank for e in entries]
    rank_width = len(str(max(ranks)))
    # Numbers are ASCII: str.rjust pads them as display_width would.
    places = [f"{MEDALS.get(rank, '  ')} {str(rank).rjust(rank_width)}." for rank in ranks]
    after = f" {words['pts']}"
    tails = [f"{after}  🔥{e.streak}" if e.streak >= 2 else after for e in entries]
    lines += [
        f"{place} {name}  {total.rjust(points_width)}{tail}"
        for place, name, total, tail in zip(places, padded, points, tails, strict=True)
    ]
    hidden = board.total_entries - len(board.entries)
    if hidden > 0:
        lines.append(words["more"].format(n=hidden))
    champions = board.mvp
    if champions:
        lines.append("")
        separator = "、" if board.camp.definition.language == "zh" else ", "
        lines.append(f"👑 {words['mvp']}: " + separator.join(e.name for e in champions))
    return "\n".join(lines) + "\n"


def _chat_name(entry: Standing, by: str) -> str:
    """A pair shows its members when its name is not just them."""
    together = " & ".join(entry.members)
    if by == "pair" and len(entry.members) >= 2 and entry.name != together:
        return f"{entry.name} ({together})"
    return entry.name


def render_chat(board: Leaderboard) -> str:
    """The leaderboard for a group chat, one entry a line (medal or rank, name, points,
    streak), in an order that needs no aligned columns: chat apps draw text in
    proportional fonts, where padding with spaces lines nothing up."""
    words = labels_for(board.camp.definition.language)
    lines = [*title_lines(board), ""]
    if not board.entries:
        lines.append(words["empty"])
        return "\n".join(lines) + "\n"
    for e in board.entries:
        place = MEDALS.get(e.rank, f"{e.rank}.")
        row = f"{place} {_chat_name(e, board.by)} · {e.points} {words['pts']}"
        if e.streak >= 2:
            row += f" · 🔥{e.streak}"
        lines.append(row)
    hidden = board.total_entries - len(board.entries)
    if hidden > 0:
        lines.append(words["more"].format(n=hidden))
    if board.mvp:
        separator = "、" if board.camp.definition.language == "zh" else ", "
        lines += ["", f"👑 {words['mvp']}: " + separator.join(e.name for e in board.mvp)]
    return "\n".join(lines) + "\n"
