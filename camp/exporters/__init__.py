"""Leaderboard exports, one module per format."""

from __future__ import annotations

from collections.abc import Callable

from camp.errors import CampError
from camp.exporters.csvfile import render_csv
from camp.exporters.html import render_leaderboard_html
from camp.exporters.jsonfile import render_json
from camp.exporters.markdown import render_markdown
from camp.exporters.text import render_text
from camp.services.standings import Leaderboard

__all__ = ["LEADERBOARD_FORMATS", "render_leaderboard"]

_RENDERERS: dict[str, Callable[[Leaderboard], str]] = {
    "text": render_text,
    "md": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "html": render_leaderboard_html,
}

LEADERBOARD_FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def render_leaderboard(board: Leaderboard, fmt: str) -> str:
    """The leaderboard in format ``fmt`` (one of LEADERBOARD_FORMATS)."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise CampError(
            f"--format {fmt!r} is not available; use one of: {', '.join(LEADERBOARD_FORMATS)}."
        ) from None
    return renderer(board)
