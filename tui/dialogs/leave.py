"""The leave dialog of the Members tab: give a member a day off (请假), as ``camp leave``."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from camp import clock
from camp.calendar import camp_days, progress, today_of
from camp.db import Database
from camp.services.camps import get_camp
from camp.services.leave import (
    LEAVE_PERIOD,
    LeaveGranted,
    grant_leave,
    leave_days_of,
    leave_left,
    leave_period,
)
from camp.services.members import find_member
from tui.dialogs.base import Dialog
from tui.workers import read_and_post

__all__ = ["LeaveFacts", "LeaveScreen", "leave_facts", "leave_left_text"]


@dataclass(frozen=True)
class LeaveFacts:
    """What the dialog tells before a leave is given: the camp's days, today's day (the
    default), the quota per :data:`~camp.services.leave.LEAVE_PERIOD` days and the
    member's leave days already approved."""

    member: str
    days: int
    today: int
    quota: int
    taken: tuple[int, ...]

    def period(self, day: int) -> tuple[int, int]:
        """The first and last day of the leave period holding ``day`` (days 1-30, 31-60 …)."""
        return leave_period(day, self.days)

    def left(self, day: int) -> int:
        """Leave days the member has left in the period of ``day``, before this one."""
        return leave_left(self.quota, self.taken, day, self.days)


def leave_facts(db: Database, slug: str, name: str, now: pendulum.DateTime) -> LeaveFacts:
    """The facts the dialog of ``name`` shows; read only: the leave itself is given (and
    judged) by :func:`camp.services.leave.grant_leave`."""
    camp = get_camp(db, slug)
    member = find_member(db, camp, name)
    days = camp_days(camp)
    today = today_of(days, now.in_tz(camp.timezone), progress(days, now).day)
    return LeaveFacts(
        member=member.name,
        days=camp.days,
        today=today.number if today is not None else 1,
        quota=camp.definition.members.leave_quota,
        taken=tuple(leave_days_of(db, camp, member.id)),
    )


def leave_left_text(facts: LeaveFacts, day: int | None) -> str:
    """``1 of 1 leave day left in days 1–30 ([members] leave_quota = 1)``."""
    if facts.quota == 0:
        return "This camp allows no leave ([members] leave_quota = 0)."
    first, last = facts.period(day if day is not None and 1 <= day <= facts.days else facts.today)
    left = facts.left(first)
    days = "day" if facts.quota == 1 else "days"
    taken = [d for d in facts.taken if first <= d <= last]
    text = f"{left} of {facts.quota} leave {days} left in days {first}–{last}"
    if taken:
        text += f" (taken: day {', '.join(str(d) for d in taken)})"
    return text + f"; [members] leave_quota = {facts.quota} per {LEAVE_PERIOD} days."


class LeaveScreen(Dialog[LeaveGranted | None]):
    """Asks for the day and the reason of ``member``'s leave, gives it through
    :func:`~camp.services.leave.grant_leave` and dismisses with what was given; a
    refusal (the quota used, a day that counts) stays under the day, one sentence."""

    class FactsRead(Message):
        def __init__(self, facts: LeaveFacts) -> None:
            super().__init__()
            self.facts = facts

    class Granted(Message):
        def __init__(self, granted: LeaveGranted) -> None:
            super().__init__()
            self.granted = granted

    class Refused(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, slug: str, member: str) -> None:
        super().__init__()
        self.slug = slug
        self.member = member
        self.facts: LeaveFacts | None = None
        self._giving = False

    def compose(self) -> ComposeResult:
        with self.box(id="leave-box"):
            yield Static(Text.assemble("Leave (请假) for ", (self.member, "bold")))
            yield Label("Day (its number in the camp)", id="leave-day-label")
            yield Input(id="leave-day", type="integer", max_length=4)
            yield self.problem(id="leave-day-problem")
            yield Label("Reason (kept with the leave)")
            yield Input(id="leave-reason", placeholder="exam day", max_length=200)
            yield self.problem(id="leave-reason-problem")
            yield Static(id="leave-left", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Give leave", id="leave-ok", variant="primary")
                yield Button("Cancel", id="leave-cancel")
            yield Static(
                "A leave day earns no points, breaks no streak and is no missed day.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#leave-reason", Input).focus()
        self._read_facts()

    @work(thread=True, exclusive=True, group="leave-facts")
    def _read_facts(self) -> None:
        read_and_post(
            self,
            lambda db: leave_facts(db, self.slug, self.member, clock.now()),
            self.FactsRead,
            self.Refused,
        )

    @on(FactsRead)
    def _facts_read(self, message: FactsRead) -> None:
        facts = self.facts = message.facts
        self.query_one("#leave-day-label", Label).update(
            f"Day (1–{facts.days}; today is day {facts.today})"
        )
        field = self.query_one("#leave-day", Input)
        if not field.value:
            field.value = str(facts.today)
        self._show_left()

    def _day(self) -> int | None:
        value = self.query_one("#leave-day", Input).value.strip()
        return int(value) if value.isdigit() else None

    @on(Input.Changed, "#leave-day")
    def _day_changed(self) -> None:
        self.query_one("#leave-day-problem", Static).update("")
        self._show_left()

    @on(Input.Changed, "#leave-reason")
    def _reason_changed(self) -> None:
        self.query_one("#leave-reason-problem", Static).update("")

    def _show_left(self) -> None:
        if self.facts is not None:
            self.query_one("#leave-left", Static).update(leave_left_text(self.facts, self._day()))

    @on(Input.Submitted, "#leave-day")
    def _day_submitted(self) -> None:
        self.query_one("#leave-reason", Input).focus()

    @on(Input.Submitted, "#leave-reason")
    @on(Button.Pressed, "#leave-ok")
    def _submit(self) -> None:
        day_field = self.query_one("#leave-day", Input)
        reason_field = self.query_one("#leave-reason", Input)
        day = self._day()
        if day is None:
            days = f"1 to {self.facts.days}" if self.facts else "1, 2, 3 …"
            self.say_problem("#leave-day-problem", f"Type the day's number, {days}.", day_field)
            return
        reason = reason_field.value.strip()
        if not reason:
            self.say_problem(
                "#leave-reason-problem", "Type why, e.g. exam day; it is kept.", reason_field
            )
            return
        if self._giving:
            return  # Enter pressed twice: the first one is on its way
        self._giving = True
        self._give(day, reason)

    @work(thread=True, exclusive=True, group="leave-give")
    def _give(self, day: int, reason: str) -> None:
        read_and_post(
            self,
            lambda db: grant_leave(db, self.slug, self.member, day, reason=reason, now=clock.now()),
            self.Granted,
            self.Refused,
        )

    @on(Granted)
    def _granted(self, message: Granted) -> None:
        self.dismiss(message.granted)

    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self._giving = False
        self.say_problem("#leave-day-problem", message.reason, self.query_one("#leave-day", Input))

    @on(Button.Pressed, "#leave-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
