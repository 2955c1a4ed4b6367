"""Messages the UI's workers and widgets post upwards (named in the past tense)."""

from __future__ import annotations

from textual.message import Message

from camp.services.checkins import CheckinResult
from tui.data import AnnouncementsData, CampRow, CheckinGrid, LeaderboardPage, TodayData
from tui.members_data import MembersData
from tui.plan_data import PlanData

__all__ = [
    "AnnouncementPreviewed",
    "AnnouncementsChanged",
    "AnnouncementsLoaded",
    "CampsLoaded",
    "ChangeRefused",
    "CheckInRecorded",
    "CheckInRefused",
    "CheckinGridLoaded",
    "CheckinsChanged",
    "LeaderboardLoaded",
    "LoadFailed",
    "MembersChangeRefused",
    "MembersChanged",
    "MembersLoaded",
    "PlanLoaded",
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


class PlanLoaded(Message):
    """A camp's days and their tasks were read from the database."""

    def __init__(self, data: PlanData) -> None:
        super().__init__()
        self.data = data


class MembersLoaded(Message):
    """A camp's members were read from the database."""

    def __init__(self, data: MembersData) -> None:
        super().__init__()
        self.data = data


class MembersChanged(Message):
    """Members were added, removed or paired; ``kind`` names the change, ``summary`` tells it."""

    def __init__(self, kind: str, summary: str) -> None:
        super().__init__()
        self.kind = kind
        self.summary = summary


class MembersChangeRefused(Message):
    """The engine refused a change of members; ``reason`` is its one-sentence explanation."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__()
        self.kind = kind
        self.reason = reason


class CheckinGridLoaded(Message):
    """A camp's check-ins per member and day were read from the database."""

    def __init__(self, grid: CheckinGrid) -> None:
        super().__init__()
        self.grid = grid


class CheckinsChanged(Message):
    """A makeup was approved or points were adjusted; ``summary`` tells what."""

    def __init__(self, title: str, summary: str) -> None:
        super().__init__()
        self.title = title
        self.summary = summary


class AnnouncementsLoaded(Message):
    """A camp's events and outbox were read from the database."""

    def __init__(self, data: AnnouncementsData) -> None:
        super().__init__()
        self.data = data


class AnnouncementPreviewed(Message):
    """The text the event ``key`` would post now was rendered."""

    def __init__(self, key: str, text: str) -> None:
        super().__init__()
        self.key = key
        self.text = text


class AnnouncementsChanged(Message):
    """An event or a delivery was retried or dropped; ``summary`` tells what."""

    def __init__(self, title: str, summary: str) -> None:
        super().__init__()
        self.title = title
        self.summary = summary


class ChangeRefused(Message):
    """The engine refused a change asked from a tab; ``reason`` is its explanation."""

    def __init__(self, title: str, reason: str) -> None:
        super().__init__()
        self.title = title
        self.reason = reason
