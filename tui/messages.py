"""Messages more than one part of the UI posts or hears (named in the past tense).

A message only one screen, tab or dialog posts and hears is a class nested in it
(``CampScreen.TodayLoaded``, ``MembersView.Changed``); these are the shared ones: the
dashboard's camps (also the app's "Open camp" commands), a quick check-in (the Today tab
records it, the camp screen tells it), refusals and failures any tab shows, exports (the
Leaderboard tab and the report screen) and the in-app scheduler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    # Only named in annotations: the first screen does not wait for every tab's
    # services to be imported.
    from pathlib import Path

    from camp.models import Day
    from camp.services.checkins import CheckinResult
    from tui.data import CampRow

__all__ = [
    "CampsLoaded",
    "ChangeRefused",
    "CheckInRecorded",
    "CheckInRefused",
    "LoadFailed",
]


class CampsLoaded(Message):
    """The dashboard's camps were read from the database."""

    def __init__(self, rows: list[CampRow]) -> None:
        super().__init__()
        self.rows = rows


class CheckInRecorded(Message):
    """A check-in was recorded from the quick check-in input."""

    def __init__(self, result: CheckinResult) -> None:
        super().__init__()
        self.result = result


class CheckInRefused(Message):
    """The engine refused a check-in; ``reason`` is its one-sentence explanation."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__()
        self.name = name
        self.reason = reason


class LoadFailed(Message):
    """Reading the database failed; ``reason`` is a sentence for the operator."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class ChangeRefused(Message):
    """The engine refused a change asked from a tab; ``reason`` is its explanation."""

    def __init__(self, title: str, reason: str) -> None:
        super().__init__()
        self.title = title
        self.reason = reason


# ---------------------------------------------------------------- leaderboard exports and report

__all__ += ["ExportFailed", "LeaderboardExported"]


class LeaderboardExported(Message):
    """The leaderboard or the camp report was written to ``paths`` (several PNG cards)."""

    def __init__(self, paths: list[Path], what: str) -> None:
        super().__init__()
        self.paths = paths
        self.what = what


class ExportFailed(Message):
    """Writing an export failed; ``reason`` is one sentence for the operator."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


# ---------------------------------------------------------------- scheduler in the app, day tasks

__all__ += [
    "DayTaskSaved",
    "SchedulerFailed",
    "SchedulerPosted",
    "SchedulerRefused",
    "SchedulerStarted",
    "SchedulerStopped",
]


class SchedulerStarted(Message):
    """The app's scheduler took the lease as ``holder`` and runs."""

    def __init__(self, holder: str) -> None:
        super().__init__()
        self.holder = holder


class SchedulerStopped(Message):
    """The app's scheduler stopped; ``reason`` says why when the operator did not ask."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__()
        self.reason = reason


class SchedulerRefused(Message):
    """The app's scheduler could not start; ``reason`` is the sentence for the operator."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SchedulerPosted(Message):
    """The app's scheduler produced announcements (``day 5 summary of cp`` …)."""

    def __init__(self, posted: list[str]) -> None:
        super().__init__()
        self.posted = posted


class SchedulerFailed(Message):
    """One run of the app's scheduler failed; it keeps running and tries again."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class DayTaskSaved(Message):
    """A day's task was changed; ``summary`` tells the operator what changed."""

    def __init__(self, day: Day, summary: str) -> None:
        super().__init__()
        self.day = day
        self.summary = summary
