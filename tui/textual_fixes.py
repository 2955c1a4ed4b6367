"""Guards around faults of Textual's own widgets that an operator's keys can reach.

Imported once by :mod:`tui.app`; each guard names the fault it stops.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from textual.widgets import OptionList

__all__ = ["install"]


def _until_laid_out(action: Callable[[OptionList], None]) -> Callable[[OptionList], None]:
    """An option list lays out its lines when first drawn; PageUp/PageDown before that
    (``ctrl+p`` then at once PageUp, in the command palette or a Select) looked the
    highlighted option's line up in an empty table and raised ``KeyError``. Until the
    lines exist, the key does nothing: the list is not on screen yet."""

    @wraps(action)
    def guarded(self: OptionList) -> None:
        try:
            action(self)
        except KeyError:
            return

    guarded.__camp_guard__ = True  # type: ignore[attr-defined]
    return guarded


def install() -> None:
    """Put the guards in place (once; installing again changes nothing)."""
    for name in ("action_page_up", "action_page_down"):
        action = getattr(OptionList, name)
        if not getattr(action, "__camp_guard__", False):
            setattr(OptionList, name, _until_laid_out(action))
