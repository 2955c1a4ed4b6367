"""The requests queue: members' makeup and leave requests waiting for the operator.

Bots queue ``#补卡 N`` and ``#请假 N`` (:mod:`camp.services.intake`); an operator can
queue one by hand with :func:`add_request`. Deciding is one transaction per request,
so a request the rules refuse stays pending and the others are still decided.
Approving a makeup records it through :func:`camp.services.checkins.record_checkin`
(the same limit and deadlines as ``camp checkin --makeup``); approving a leave makes
the day a leave day (:mod:`camp.services.leave`: its quota applies, and the member's
totals are refreshed in the same transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from camp.clock import from_utc_text, utc_text
from camp.db import Database, insert_row, write_transaction
from camp.errors import CampError, NotFoundError, StorageError
from camp.models import Camp
from camp.services.camps import get_camp
from camp.services.checkins import CheckinResult, record_checkin
from camp.services.leave import check_leave
from camp.services.members import find_member
from camp.services.totals import refresh_member_totals

__all__ = [
    "REQUEST_KINDS",
    "REQUEST_STATUSES",
    "Decision",
    "Request",
    "add_request",
    "approve_requests",
    "list_requests",
    "reject_requests",
]

REQUEST_KINDS: tuple[str, ...] = ("makeup", "leave")
REQUEST_STATUSES: tuple[str, ...] = ("pending", "approved", "rejected")

_COLUMNS = (
    "r.id, m.name, r.kind, r.day, r.status, r.text, r.source, r.created, r.decided "
    "FROM requests r JOIN members m ON m.id = r.member_id"
)


@dataclass(frozen=True)
class Request:
    """One request of the queue; times in the camp's zone."""

    id: int
    member: str
    kind: str
    day: int
    status: str
    text: str
    source: str
    created: pendulum.DateTime
    decided: pendulum.DateTime | None

    def to_json(self) -> dict:
        """The JSON of ``camp requests``."""
        return {
            "id": self.id,
            "member": self.member,
            "kind": self.kind,
            "day": self.day,
            "status": self.status,
            "text": self.text,
            "source": self.source,
            "created": self.created.isoformat(),
            "decided": self.decided.isoformat() if self.decided else None,
        }


@dataclass(frozen=True)
class Decision:
    """What deciding one request did.

    ``outcome`` is ``approved`` or ``rejected`` (done), ``refused`` (the camp's rules
    refuse the makeup: ``reason`` is the rule's sentence and the request stays
    pending) or ``already`` (it was decided before; nothing changed). ``request`` is
    the request as it is afterwards; ``checkin`` the makeup check-in an approval made.
    """

    request: Request
    outcome: str
    reason: str | None = None
    checkin: CheckinResult | None = None

    @property
    def done(self) -> bool:
        return self.outcome in ("approved", "rejected")


def _request_from_row(row: Sequence, camp: Camp) -> Request:
    rid, member, kind, day, status, text, source, created, decided = row
    zone = camp.timezone
    return Request(
        id=rid,
        member=member,
        kind=kind,
        day=day,
        status=status,
        text=text,
        source=source,
        created=from_utc_text(created).in_tz(zone),
        decided=from_utc_text(decided).in_tz(zone) if decided else None,
    )


def _one(db: Database, camp: Camp, request_id: int) -> Request | None:
    row = db.execute(
        f"SELECT {_COLUMNS} WHERE r.camp_id = ? AND r.id = ?", [camp.id, request_id]
    ).fetchone()
    return _request_from_row(row, camp) if row else None


def list_requests(db: Database, slug: str, *, status: str | None = None) -> list[Request]:
    """The camp's requests, oldest first; only those with ``status`` when given."""
    camp = get_camp(db, slug)
    if status is not None and status not in REQUEST_STATUSES:
        raise CampError(
            f"{status!r} is not a request status; use one of {', '.join(REQUEST_STATUSES)}."
        )
    sql = f"SELECT {_COLUMNS} WHERE r.camp_id = ?"
    params: list = [camp.id]
    if status is not None:
        sql += " AND r.status = ?"
        params.append(status)
    return [_request_from_row(row, camp) for row in db.execute(sql + " ORDER BY r.id", params)]


def add_request(
    db: Database,
    slug: str,
    member_name: str,
    kind: str,
    day: int,
    *,
    now: pendulum.DateTime,
    text: str = "",
    source: str = "manual",
) -> Request:
    """Queue a makeup or leave request for ``day``, as a member's ``#补卡``/``#请假`` does.

    The camp's rules are applied when it is approved, not here; a member has at most
    one request of a kind for a day.
    """
    camp = get_camp(db, slug)
    if kind not in REQUEST_KINDS:
        raise CampError(f"{kind!r} is not a kind of request; use makeup or leave.")
    if not 1 <= day <= camp.days:
        raise CampError(
            f"Day {day} is not a day of {camp.slug}; its days run from 1 to {camp.days}."
        )
    with write_transaction(db):
        member = find_member(db, camp, member_name, include_removed=False)
        held = db.execute(
            "SELECT id, status FROM requests "
            "WHERE camp_id = ? AND member_id = ? AND kind = ? AND day = ?",
            [camp.id, member.id, kind, day],
        ).fetchone()
        if held is not None:
            raise CampError(
                f"{member.name} already has a {kind} request for day {day} "
                f"(request {held[0]}, {held[1]}); `camp requests {camp.slug} --status all` "
                "lists it."
            )
        request_id = insert_row(
            db,
            "requests",
            {
                "camp_id": camp.id,
                "member_id": member.id,
                "kind": kind,
                "day": day,
                "text": text,
                "source": source,
                "created": utc_text(now),
            },
        )
        request = _one(db, camp, request_id)
    assert request is not None  # just inserted, in the same transaction
    return request


def approve_requests(
    db: Database,
    slug: str,
    ids: Sequence[int],
    *,
    now: pendulum.DateTime,
    all_pending: bool = False,
) -> list[Decision]:
    """Approve the requests ``ids`` (or every pending one), each in its own transaction.

    A makeup is recorded as ``record_checkin(..., makeup_day=day, source="request")``;
    when the camp's rules refuse it, its decision is ``refused`` with the rule's
    sentence and the request stays pending. A leave becomes a leave day, unless the
    camp's leave rules refuse it (then it is ``refused`` too).
    """
    return _decide(db, slug, ids, now=now, all_pending=all_pending, approve=True)


def reject_requests(
    db: Database,
    slug: str,
    ids: Sequence[int],
    *,
    now: pendulum.DateTime,
    all_pending: bool = False,
) -> list[Decision]:
    """Reject the requests ``ids`` (or every pending one), each in its own transaction."""
    return _decide(db, slug, ids, now=now, all_pending=all_pending, approve=False)


def _decide(
    db: Database,
    slug: str,
    ids: Sequence[int],
    *,
    now: pendulum.DateTime,
    all_pending: bool,
    approve: bool,
) -> list[Decision]:
    camp = get_camp(db, slug)
    if all_pending and ids:
        raise CampError("Give request ids or --all, not both.")
    if all_pending:
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM requests WHERE camp_id = ? AND status = 'pending' ORDER BY id",
                [camp.id],
            )
        ]
    elif not ids:
        raise CampError("Give the ids of the requests to decide, or --all for every pending one.")
    else:
        ids = list(dict.fromkeys(ids))
        _check_known(db, camp, ids)
    return [_decide_one(db, camp, request_id, now=now, approve=approve) for request_id in ids]


def _check_known(db: Database, camp: Camp, ids: Sequence[int]) -> None:
    """Unknown ids are refused before anything is decided: a typo changes nothing."""
    marks = ",".join("?" * len(ids))
    known = {
        row[0]
        for row in db.execute(
            f"SELECT id FROM requests WHERE camp_id = ? AND id IN ({marks})", [camp.id, *ids]
        )
    }
    unknown = [str(i) for i in ids if i not in known]
    if unknown:
        which = f"request {unknown[0]}" if len(unknown) == 1 else f"requests {', '.join(unknown)}"
        raise NotFoundError(
            f"No {which} in camp {camp.slug}; nothing was decided "
            f"(`camp requests {camp.slug} --status all` lists the requests)."
        )


def _decide_one(
    db: Database, camp: Camp, request_id: int, *, now: pendulum.DateTime, approve: bool
) -> Decision:
    with write_transaction(db):
        request = _one(db, camp, request_id)
        if request is None:  # deleted with its member since the ids were read
            raise NotFoundError(f"No request {request_id} in camp {camp.slug}.")
        if request.status != "pending":
            return Decision(request, "already")
        checkin = None
        if approve and request.kind == "makeup":
            try:
                # A savepoint inside this transaction: a refusal rolls back only the
                # check-in, and the request stays pending.
                checkin = record_checkin(
                    db,
                    camp.slug,
                    request.member,
                    now=now,
                    makeup_day=request.day,
                    text=request.text,
                    source="request",
                )
            except StorageError:
                raise
            except CampError as refusal:
                return Decision(request, "refused", reason=str(refusal))
        member = None
        if approve and request.kind == "leave":
            member = find_member(db, camp, request.member)
            try:
                check_leave(db, camp, member, request.day)
            except CampError as refusal:
                return Decision(request, "refused", reason=str(refusal))
        status = "approved" if approve else "rejected"
        db.execute(
            "UPDATE requests SET status = ?, decided = ? WHERE id = ?",
            [status, utc_text(now), request_id],
        )
        if member is not None:
            # The leave day leaves the member's streak whole: their totals change with it.
            refresh_member_totals(db, camp, [member.id])
        decided = _one(db, camp, request_id)
    assert decided is not None  # updated, in the same transaction
    return Decision(decided, status, checkin=checkin)
