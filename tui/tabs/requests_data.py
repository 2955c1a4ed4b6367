"""What the Requests tab shows: the camp's makeup and leave requests, the pending ones
first, and how a batch of decisions is told in one notification.

Read through ``camp.services`` from a worker thread; returns frozen plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.notifications import SeverityLevel

from camp.calendar import camp_days
from camp.db import Database
from camp.services.camps import get_camp
from camp.services.requests import REQUEST_STATUSES, Decision, Request, list_requests

__all__ = [
    "VIEWS",
    "RequestLine",
    "RequestsData",
    "decisions_text",
    "load_requests",
    "pending_count",
]

#: The lists ``f`` cycles through, with how the summary line names each.
VIEWS: dict[str, str] = {"pending": "pending only", "all": "all, pending first"}


@dataclass(frozen=True)
class RequestLine:
    """One request as a row of the tab, with the date of the day it is for."""

    request: Request
    date: str

    @property
    def id(self) -> int:
        return self.request.id


@dataclass(frozen=True)
class RequestsData:
    """The requests of one of the tab's lists: pending ones oldest first, then (in
    ``all``) the decided ones, the latest decided first; ``counts`` per status."""

    slug: str
    view: str
    lines: tuple[RequestLine, ...]
    counts: dict[str, int]

    @property
    def pending(self) -> int:
        return self.counts.get("pending", 0)


def _decided_order(request: Request) -> tuple[float, int]:
    decided = request.decided.timestamp() if request.decided else 0.0
    return (-decided, -request.id)


def load_requests(db: Database, slug: str, *, view: str = "pending") -> RequestsData:
    """The camp's requests for the list ``view`` (a key of :data:`VIEWS`)."""
    camp = get_camp(db, slug)
    everything = list_requests(db, slug)
    counts = dict.fromkeys(REQUEST_STATUSES, 0)
    for request in everything:
        counts[request.status] = counts.get(request.status, 0) + 1
    pending = [r for r in everything if r.status == "pending"]  # oldest first: by id
    shown = pending
    if view == "all":
        shown = pending + sorted(
            (r for r in everything if r.status != "pending"), key=_decided_order
        )
    dates = {day.number: day.date for day in camp_days(camp)}
    lines = tuple(
        RequestLine(r, dates[r.day].strftime("%a %m-%d") if r.day in dates else "") for r in shown
    )
    return RequestsData(slug, view, lines, counts)


def pending_count(db: Database, slug: str) -> int:
    """How many of the camp's requests wait for a decision (the tab's title)."""
    return len(list_requests(db, slug, status="pending"))


def _what(request: Request) -> str:
    return f"#{request.id} {request.member}, {request.kind} for day {request.day}"


def decisions_text(
    decisions: Sequence[Decision], *, approve: bool, marked: bool = False
) -> tuple[str, str, SeverityLevel]:
    """``(title, text, severity)`` of one notification that sums up a batch: how many
    were approved or rejected, then each refused one with the rule's sentence (it stays
    pending, and ``marked`` when the batch was the marked rows) and each decided before
    (nothing changed)."""
    done = [d for d in decisions if d.done]
    refused = [d for d in decisions if d.outcome == "refused"]
    already = [d for d in decisions if d.outcome == "already"]
    verb = "Approved" if approve else "Rejected"
    lines = []
    if done or not (refused or already):
        names = ", ".join(f"#{d.request.id} {d.request.member}" for d in done[:5])
        more = f" and {len(done) - 5} more" if len(done) > 5 else ""
        count = f"{len(done)} request{'s' if len(done) != 1 else ''}"
        lines.append(f"{verb} {count}" + (f": {names}{more}." if done else "."))
    if refused:
        still = "still pending and marked" if marked else "still pending"
        lines.append(f"{len(refused)} refused, {still}:")
        lines.extend(f"{_what(d.request)}: {d.reason}" for d in refused)
    for d in already:
        lines.append(f"{_what(d.request)} was already {d.request.status}; nothing changed.")
    title = "Requests approved" if approve else "Requests rejected"
    if not done:
        title = "Nothing approved" if approve else "Nothing rejected"
    severity: SeverityLevel = "warning" if refused or already else "information"
    return title, "\n".join(lines), severity
