"""Leaderboard exports, one module per format.

Each renderer is imported when its format is first asked for: importing the package
loads no format module (the HTML page and the PNG card pull in more than a CSV needs).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from camp.errors import CampError

if TYPE_CHECKING:
    from camp.leaderboard import Leaderboard

__all__ = ["LEADERBOARD_FORMATS", "render_leaderboard"]

# Format -> (module, function) of its renderer.
_RENDERERS: dict[str, tuple[str, str]] = {
    "text": ("camp.exporters.text", "render_text"),
    "chat": ("camp.exporters.text", "render_chat"),
    "md": ("camp.exporters.markdown", "render_markdown"),
    "csv": ("camp.exporters.csvfile", "render_csv"),
    "json": ("camp.exporters.jsonfile", "render_json"),
    "html": ("camp.exporters.html", "render_leaderboard_html"),
}

LEADERBOARD_FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def render_leaderboard(board: Leaderboard, fmt: str, *, raw: bool = False) -> str:
    """The leaderboard in format ``fmt`` (one of LEADERBOARD_FORMATS); ``raw`` leaves
    a CSV's names exactly as they are (see :func:`camp.exporters.csvfile.render_csv`)."""
    try:
        module, function = _RENDERERS[fmt]
    except KeyError:
        raise CampError(
            f"--format {fmt!r} is not available; use one of: {', '.join(LEADERBOARD_FORMATS)}."
        ) from None
    render = getattr(importlib.import_module(module), function)
    return render(board, raw=raw) if fmt == "csv" else render(board)
