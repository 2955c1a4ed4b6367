"""Messages the UI's workers and widgets post upwards (named in the past tense)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    # Only named in annotations: the first screen does not wait for every tab's
    # services to be imported.
    from pathlib import Path

    from camp.definition import TemplateInfo
    from camp.models import Day
    from camp.report import CampReport
    from camp.services.checkins import CheckinResult
    from camp.services.imports import ImportReport
    from tui.data import AnnouncementsData, CampRow, LeaderboardPage, TodayData
    from tui.dialogs.new_camp_data import NewCampCheck
    from tui.tabs.checkins_data import CheckinGrid, MemberDay
    from tui.tabs.members_data import MembersData
    from tui.tabs.plan_data import PlanData

__all__ = [
    "AnnouncementPreviewed",
    "AnnouncementsChanged",
    "AnnouncementsLoaded",
    "CampArchived",
    "CampCreated",
    "CampsLoaded",
    "ChangeRefused",
    "CheckInRecorded",
    "CheckInRefused",
    "CheckinGridLoaded",
    "CheckinsChanged",
    "LeaderboardLoaded",
    "LoadFailed",
    "MemberDayLoaded",
    "MembersChangeRefused",
    "MembersChanged",
    "MembersLoaded",
    "NewCampChecked",
    "PlanLoaded",
    "TemplatesLoaded",
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


# ---------------------------------------------------------------- chat-export imports

__all__ += [
    "ImportDefaultsLoaded",
    "ImportFailed",
    "ImportFinished",
    "ImportProgressed",
    "ImportStopped",
]


class ImportDefaultsLoaded(Message):
    """The camp's timezone and check-in keywords were read for the Import tab."""

    def __init__(self, timezone: str, keywords: tuple[str, ...]) -> None:
        super().__init__()
        self.timezone = timezone
        self.keywords = keywords


class ImportProgressed(Message):
    """An import (or its dry run) has read ``done`` of the export's ``total`` lines."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ImportFinished(Message):
    """An import or a dry run went through the whole export; ``report`` tells what it found.

    ``checked`` identifies the options and the file's state the run used, so that a dry
    run unlocks the real import of exactly that file.
    """

    def __init__(self, report: ImportReport, checked: object) -> None:
        super().__init__()
        self.report = report
        self.checked = checked


class ImportFailed(Message):
    """An import or a dry run was refused; ``reason`` is one sentence for the operator."""

    def __init__(self, dry_run: bool, reason: str) -> None:
        super().__init__()
        self.dry_run = dry_run
        self.reason = reason


class ImportStopped(Message):
    """The operator stopped an import after ``done`` of ``total`` lines."""

    def __init__(self, dry_run: bool, done: int, total: int) -> None:
        super().__init__()
        self.dry_run = dry_run
        self.done = done
        self.total = total


# ---------------------------------------------------------------- leaderboard exports and report

__all__ += ["ChatTextRendered", "ExportFailed", "LeaderboardExported", "ReportLoaded"]


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


class ChatTextRendered(Message):
    """The leaderboard's chat text (``camp leaderboard --format text``) was rendered."""

    def __init__(self, text: str, shown: int, total: int) -> None:
        super().__init__()
        self.text = text
        self.shown = shown
        self.total = total


class ReportLoaded(Message):
    """The camp report (``camp report``) was computed."""

    def __init__(self, report: CampReport) -> None:
        super().__init__()
        self.report = report


class TemplatesLoaded(Message):
    """The built-in camp templates were read for the new-camp form."""

    def __init__(self, templates: list[TemplateInfo], zones: list[str]) -> None:
        super().__init__()
        self.templates = templates
        self.zones = zones


class NewCampChecked(Message):
    """The new-camp form was checked; ``submitted`` when the operator asked to create it."""

    def __init__(self, check: NewCampCheck, *, submitted: bool = False) -> None:
        super().__init__()
        self.check = check
        self.submitted = submitted


class CampCreated(Message):
    """A camp was created from the new-camp form."""

    def __init__(self, slug: str, name: str) -> None:
        super().__init__()
        self.slug = slug
        self.name = name


class CampArchived(Message):
    """A camp was archived (``archived``) or made active again."""

    def __init__(self, slug: str, name: str, archived: bool) -> None:
        super().__init__()
        self.slug = slug
        self.name = name
        self.archived = archived


class MemberDayLoaded(Message):
    """A member's check-ins of one day were read, to pick the one to void."""

    def __init__(self, member_day: MemberDay) -> None:
        super().__init__()
        self.member_day = member_day


# ---------------------------------------------------------------- scheduler in the app, day tasks

__all__ += [
    "DayTaskRefused",
    "DayTaskSaved",
    "EditableDayFound",
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


class EditableDayFound(Message):
    """The day the operator wants to edit may still get another task."""

    def __init__(self, day: Day) -> None:
        super().__init__()
        self.day = day


class DayTaskSaved(Message):
    """A day's task was changed; ``summary`` tells the operator what changed."""

    def __init__(self, day: Day, summary: str) -> None:
        super().__init__()
        self.day = day
        self.summary = summary


class DayTaskRefused(Message):
    """The engine refused a day's new task; ``field`` names the field it is about."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__()
        self.field = field
        self.reason = reason
