"""Screens of the camp terminal UI."""

from tui.screens.camp import CampScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import HelpScreen

__all__ = ["CampScreen", "DashboardScreen", "HelpScreen"]
