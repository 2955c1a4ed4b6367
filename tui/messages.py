"""Messages the UI's workers and widgets post upwards (named in the past tense)."""

from __future__ import annotations

from textual.message import Message

from camp.services.checkins import CheckinResult
from tui.data import CampRow, LeaderboardPage, TodayData

__all__ = [
    "CampsLoaded",
    "CheckInRecorded",
    "CheckInRefused",
    "LeaderboardLoaded",
    "LoadFailed",
    "TodayLoaded",
]


class CampsLoaded(Message):
    """The dashboard's camps were read from the database."""

    def __init__(self, rows: list[CampRow]) -> None:
        super().__init__()
        self.rows = rows


class TodayLoaded(Message):
    """A camp's current day was read from the database."""

    def __init__(self, data: TodayData) -> None:
        super().__init__()
        self.data = data


class LeaderboardLoaded(Message):
    """A page of a camp's leaderboard was read from the database."""

    def __init__(self, page: LeaderboardPage) -> None:
        super().__init__()
        self.page = page


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
