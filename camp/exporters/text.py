"""Plain text leaderboards: ``text`` with aligned columns (for a terminal or a monospace
block) and ``chat``, one entry a line, for pasting into a group chat."""

from __future__ import annotations

from camp.labels import MEDALS, board_when, labels_for
from camp.leaderboard import Leaderboard
from camp.scoring import Standing
from camp.textwidth import display_width, pad


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
    name_width = max(display_width(e.name) for e in board.entries)
    points_width = max(len(str(e.points)) for e in board.entries)
    rank_width = max(len(str(e.rank)) for e in board.entries)
    for e in board.entries:
        medal = MEDALS.get(e.rank, "  ")
        streak = f"🔥{e.streak}" if e.streak >= 2 else ""
        row = (
            f"{medal} {pad(str(e.rank), rank_width, right=True)}. {pad(e.name, name_width)}  "
            f"{pad(str(e.points), points_width, right=True)} {words['pts']}  {streak}"
        )
        lines.append(row.rstrip())
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
