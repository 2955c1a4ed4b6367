"""Screens of the camp terminal UI."""

from tui.screens.camp import CampScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.edit_task import EditTaskScreen
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.new_camp import NewCampScreen
from tui.screens.report import ReportScreen
from tui.screens.scheduler_log import SchedulerLogScreen

__all__ = [
    "CampScreen",
    "DashboardScreen",
    "EditTaskScreen",
    "ExportScreen",
    "HelpScreen",
    "NewCampScreen",
    "ReportScreen",
    "SchedulerLogScreen",
]
