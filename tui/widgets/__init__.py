"""Widgets of the camp screen: one view per tab."""

from tui.widgets.announcements import AnnouncementsView
from tui.widgets.checkins import CheckinsView
from tui.widgets.imports import ImportView
from tui.widgets.leaderboard import LeaderboardView
from tui.widgets.members import MembersView
from tui.widgets.plan import PlanView
from tui.widgets.today import TodayView

__all__ = [
    "AnnouncementsView",
    "CheckinsView",
    "ImportView",
    "LeaderboardView",
    "MembersView",
    "PlanView",
    "TodayView",
]
