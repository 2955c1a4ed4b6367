"""Widgets of the camp screen: one view per tab, and text that wraps CJK.

The names are loaded on first use: tab views and screens import each other's modules,
and importing them all here would make the order of first imports matter.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "AnnouncementsView": "tui.widgets.announcements",
    "CheckinsView": "tui.widgets.checkins",
    "ImportView": "tui.widgets.imports",
    "LeaderboardView": "tui.widgets.leaderboard",
    "MembersView": "tui.widgets.members",
    "PlanView": "tui.widgets.plan",
    "TodayView": "tui.widgets.today",
    "WrappedText": "tui.widgets.wrapped",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
