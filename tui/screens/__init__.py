"""Screens of the camp terminal UI.

The names are loaded on first use: screens and tab views import each other's modules,
and importing them all here would make the order of first imports matter.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "CampScreen": "tui.screens.camp",
    "DashboardScreen": "tui.screens.dashboard",
    "EditTaskScreen": "tui.screens.edit_task",
    "ExportScreen": "tui.screens.export",
    "HelpScreen": "tui.screens.help",
    "NewCampScreen": "tui.screens.new_camp",
    "ReportScreen": "tui.screens.report",
    "SchedulerLogScreen": "tui.screens.scheduler_log",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
