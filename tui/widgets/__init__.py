"""Widgets of the camp screen."""

from tui.widgets.leaderboard import LeaderboardView
from tui.widgets.today import TodayView

__all__ = ["LeaderboardView", "TodayView"]
