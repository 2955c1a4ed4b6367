"""Turning a due event into its announcement, exactly once.

An event is claimed, rendered and written to the outbox (with one delivery row per
channel) in a single ``BEGIN IMMEDIATE`` transaction: a crash anywhere leaves the
event pending and nothing in the outbox, and a second scheduler finds it done.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pendulum

from camp.announcements import OperatorText, render_announcement
from camp.calendar import camp_days
from camp.clock import from_utc_text, utc_text
from camp.db import Database, counted_in, insert_row, write_transaction
from camp.delivery import Mention, channel_label
from camp.errors import CampError
from camp.exporters.png import render_leaderboard_png
from camp.leaderboard import Leaderboard
from camp.models import Camp, Day
from camp.outcomes import outcome_groups
from camp.pairing import PairingPlan, pair_name
from camp.services.activity import counted_member_ids
from camp.services.camps import get_camp, get_camp_by_id
from camp.services.inactivity import apply_inactivity, inactivity_as_of
from camp.services.pairing import apply_pairing, auto_pair_names, plan_auto_pairing
from camp.services.standings import camp_leaves, standings_as_of

__all__ = [
    "EventOutcome",
    "build_context",
    "preview_announcement",
    "produce_announcement",
    "retry_event",
    "skip_missed_event",
]

_TOP = 10
_WEEKDAYS = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "zh": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
}
_TITLES = {
    "en": {
        "opening": "Opening ceremony",
        "task": "Task of day {day}",
        "reminder": "Reminder",
        "close": "Day {day} closed",
        "summary": "Day {day} standings",
        "inactivity": "Inactivity check",
        "pairing": "New pairs",
        "closing": "Closing ceremony",
    },
    "zh": {
        "opening": "开营仪式",
        "task": "第 {day} 天任务",
        "reminder": "打卡提醒",
        "close": "第 {day} 天打卡结束",
        "summary": "第 {day} 天战报",
        "inactivity": "活跃度检查",
        "pairing": "CP 配对",
        "closing": "结营仪式",
    },
}


@dataclass(frozen=True)
class EventOutcome:
    key: str
    status: str  # done | failed | skipped (already handled elsewhere)
    outbox_id: int | None = None
    error: str | None = None
    # Why the announcement went without its standings card, the first time this
    # process meets that reason for the camp (the scheduler logs it once).
    warning: str | None = None


def _hm(moment: pendulum.DateTime) -> str:
    return moment.format("HH:mm")


def _window_json(slot) -> dict:
    return {
        "name": slot.window.name,
        "open": _hm(slot.open),
        "due": _hm(slot.due),
        "late_until": _hm(slot.late_until) if slot.late_until else None,
    }


def _day_json(day: Day, language: str) -> dict:
    return {
        "number": day.number,
        "date": day.date.isoformat(),
        "weekday": _WEEKDAYS.get(language, _WEEKDAYS["en"])[day.date.weekday()],
        "difficulty": day.difficulty,
        "task": {
            # The operator's own Markdown: kept as written (member text is escaped).
            "title": OperatorText(day.task.title),
            "body": OperatorText(day.task.body),
            "graded": day.task.graded,
        },
        "windows": [_window_json(slot) for slot in day.slots],
    }


def _pair_board(db: Database, camp: Camp, day: int, now) -> Leaderboard | None:
    """The pair standings of a pair camp (top 10), else None."""
    if camp.definition.group != "pair":
        return None
    return standings_as_of(db, camp.slug, now=now, by="pair", day=day, top=_TOP)


def _pair_standings_json(db: Database, camp: Camp, day: int, now) -> dict | None:
    """The pair board of a pair camp for a template, each pair marked ``auto`` or not."""
    board = _pair_board(db, camp, day, now)
    return None if board is None else _standings_json(board, auto_pair_names(db, camp))


def _week_json(db: Database, camp: Camp, day: int, now: pendulum.DateTime) -> dict | None:
    """The board of the week that ``day`` ends (days 1-7, 8-14, ...) for the summary
    after it, when the camp file asks for weekly boards (``[reminders] weekly_board``);
    ``None`` on other days: the middle of a long camp's table sees its own week."""
    if not camp.definition.reminders.weekly_board or day % 7:
        return None
    board = standings_as_of(db, camp.slug, now=now, from_day=day - 6, day=day)
    shown = _standings_json(board)
    assert shown is not None
    return {"number": day // 7, "from_day": day - 6, "to_day": day, **shown}


def _standings_json(board: Leaderboard | None, auto: frozenset[str] | None = None) -> dict | None:
    """The first entries of a board for a template; a pair board's entries say whether
    the pair was made automatically (``auto``: the names of those pairs)."""
    if board is None:
        return None
    top = board.entries[:_TOP]

    def entry(e) -> dict:
        shown = {
            "rank": e.rank,
            "name": e.name,
            "points": e.points,
            "streak": e.streak,
            "members": list(e.members),
        }
        if auto is not None:
            shown["auto"] = e.name in auto
        return shown

    # Nobody is congratulated for zero points.
    return {
        "as_of_day": board.as_of_day,
        "entries": [entry(e) for e in top if e.points > 0],
        "mvp": [e.name for e in top if e.rank == 1 and e.points > 0],
    }


def _active_members(db: Database, camp: Camp) -> list[tuple[int, str, str | None, str | None]]:
    """(id, name, shift, handle) of the camp's members who were not removed."""
    return db.execute(
        "SELECT id, name, shift, handle FROM members WHERE camp_id = ? AND status != 'removed' "
        "ORDER BY id",
        [camp.id],
    ).fetchall()


def _expected(camp: Camp, members, window: str | None):
    """Members a window concerns: in shift mode only those of that shift (or of none)."""
    if window is None or camp.definition.checkin_mode != "shift":
        return members
    return [m for m in members if m[2] in (None, window)]


# Events that belong to one day of the camp (their key names it).
_KINDS_OF_A_DAY = frozenset({"task", "reminder", "close", "summary", "inactivity"})


def build_context(
    db: Database,
    camp: Camp,
    kind: str,
    day: int | None,
    window: str | None,
    due: pendulum.DateTime,
    now: pendulum.DateTime,
) -> dict:
    """The template context of one announcement (plain data only); it only reads.

    What an event changes (an inactivity check marks members warned, a pairing pairs
    the members still alone) happens when it is produced, in :func:`_apply_event`; the
    context of a pairing says who it would pair as of now.
    """
    return _context_and_mentions(db, camp, kind, day, window, due, now)[0]


def _context_and_mentions(
    db: Database,
    camp: Camp,
    kind: str,
    day: int | None,
    window: str | None,
    due: pendulum.DateTime,
    now: pendulum.DateTime,
    plan: PairingPlan | None = None,
) -> tuple[dict, tuple[Mention, ...]]:
    """:func:`build_context`, and whom the announcement is meant to notify: a reminder's
    missing members, a pairing's new partners, those that have a platform handle (read
    with them, so the same members). A pairing announces ``plan`` (default: the plan
    as of now)."""
    d = camp.definition
    language = d.language
    days = camp_days(camp)
    context: dict = {
        "camp": {
            "name": camp.name,
            "slug": camp.slug,
            "days": camp.days,
            "timezone": camp.timezone,
            "language": language,
            "start": days[0].date.isoformat(),
            "end": days[-1].date.isoformat(),
            "group": d.group,
            "keywords": list(d.keywords),
            "windows": [
                {
                    "name": w.name,
                    "open": w.open.strftime("%H:%M"),
                    "due": w.due.strftime("%H:%M"),
                    "late_until": w.late_until.strftime("%H:%M") if w.late_until else None,
                }
                for w in d.windows
            ],
        },
        "event": {
            "kind": kind,
            "day": day,
            "window": window,
            "due": due.in_tz(camp.timezone).format("YYYY-MM-DD HH:mm"),
        },
        "rules": {
            "base": d.scoring.base,
            "by_difficulty": d.scoring.by_difficulty,
            "late_factor": d.scoring.late_factor,
            "makeup_factor": d.scoring.makeup_factor,
            "makeup_limit": d.scoring.makeup_limit,
            "streak_bonus": d.scoring.streak_bonus,
            "streak_cap": d.scoring.streak_cap,
            "pair_bonus": d.scoring.pair_bonus,
            "graded_points": d.scoring.graded_points,
        },
    }
    members = _active_members(db, camp)
    the_day = days[day - 1] if day else None
    if the_day is not None:
        context["day"] = _day_json(the_day, language)
    if kind == "opening":
        context["schedule"] = [
            {
                "day": x.number,
                "date": x.date.isoformat(),
                "weekday": _WEEKDAYS.get(language, _WEEKDAYS["en"])[x.date.weekday()],
                "title": OperatorText(x.task.title),
                "difficulty": x.difficulty,
            }
            for x in days
        ]
        context["pairs"] = [
            {
                "name": name,
                "members": [m for m in (names or "").split("\x1f") if m],
                "auto": bool(auto),
            }
            for name, auto, names in db.execute(
                "SELECT p.name, p.auto, group_concat(m.name, char(31)) FROM pairs p "
                "JOIN members m ON m.pair_id = p.id AND m.status != 'removed' "
                "WHERE p.camp_id = ? GROUP BY p.id ORDER BY p.id",
                [camp.id],
            )
        ]
        context["members_count"] = len(members)
    elif kind == "closing":
        context.update(_closing_context(db, camp, days, members, now))
    elif kind == "pairing":
        if the_day is None or camp.definition.group != "pair":
            raise CampError(
                f"The pairing event is for a day of a pair camp, and camp {camp.slug} is "
                f'group = "{camp.definition.group}"; `camp events {camp.slug}` lists it.'
            )
        if plan is None:
            plan = plan_auto_pairing(db, camp)
        context.update(_pairing_context(db, camp, plan, members))
    elif kind in _KINDS_OF_A_DAY:
        if the_day is None:
            raise CampError(f"The {kind} event has no day of the camp; `camp events` lists it.")
        context.update(_day_context(db, camp, kind, the_day, window, due, now, members))
    mentions: tuple[Mention, ...] = ()
    # Display names are unique within a camp: a name is one member.
    handles = {m[1]: (m[3] or "").strip() for m in members}
    if kind == "reminder":
        mentions = tuple(
            Mention(name, handles[name]) for name in context["missing"] if handles.get(name)
        )
    elif kind == "pairing":
        named = [name for pair in context["pairs"] for name in pair["members"]]
        if context["joined"]:
            named.append(context["joined"]["member"])
        if context["odd"]:
            named.append(context["odd"])
        mentions = tuple(Mention(name, handles[name]) for name in named if handles.get(name))
    return context, mentions


def _pairing_context(db: Database, camp: Camp, plan: PairingPlan, members) -> dict:
    """Who a pairing pairs: the new pairs, the odd member joining a pair or left over."""
    paired_before = db.execute(
        "SELECT COUNT(DISTINCT pair_id) FROM members WHERE camp_id = ? AND pair_id IS NOT NULL "
        "AND status != 'removed'",
        [camp.id],
    ).fetchone()[0]
    pairs = []
    for group in plan.pairs:
        shifts = {m.shift for m in group}
        pairs.append(
            {
                "name": pair_name([m.name for m in group]),
                "members": [m.name for m in group],
                "shift": shifts.pop() if len(shifts) == 1 else None,
            }
        )
    joining = plan.joining
    return {
        "pairs": pairs,
        "joined": (
            {
                "member": joining.member.name,
                "name": joining.pair,
                "members": [*joining.names, joining.member.name],
            }
            if joining is not None
            else None
        ),
        "odd": plan.odd.name if plan.odd is not None else None,
        "pair_odd": camp.definition.pair_odd,
        "pairs_count": paired_before + len(pairs),
        "members_count": len(members),
    }


def _day_context(
    db: Database,
    camp: Camp,
    kind: str,
    the_day: Day,
    window: str | None,
    due: pendulum.DateTime,
    now: pendulum.DateTime,
    members: list[tuple[int, str, str | None, str | None]],
) -> dict:
    """The part of a context that belongs to one day: who is missing, standings, warnings."""
    day = the_day.number
    if kind in ("reminder", "close"):
        slot = next(s for s in the_day.slots if s.window.name == window)
        expected = _expected(camp, members, window)
        counted = counted_member_ids(db, camp, day, window)
        context: dict = {
            "window": _window_json(slot),
            "missing": [m[1] for m in expected if m[0] not in counted],
            "checked_in": sum(1 for m in expected if m[0] in counted),
            "members_count": len(expected),
        }
        if kind == "reminder":
            # From when it is posted: a reminder caught up late says how long is left.
            posted = max(due.timestamp(), now.timestamp())
            context["minutes_left"] = max(int((slot.due.timestamp() - posted) // 60), 0)
        return context
    if kind == "summary":
        counted = counted_member_ids(db, camp, day)
        # Members on approved leave that day are excused, not missed (SPEC section 11).
        excused = {i for i, mask in camp_leaves(db, camp, day).items() if mask >> (day - 1) & 1}
        excused -= counted
        board = standings_as_of(db, camp.slug, now=now, day=day)
        streaks = sorted(
            (e for e in board.entries if e.streak >= 2), key=lambda e: (-e.streak, e.rank)
        )[:5]
        return {
            "standings": _standings_json(board),
            "week": _week_json(db, camp, day, now),
            "pair_standings": _pair_standings_json(db, camp, day, now),
            "streaks": [{"name": e.name, "streak": e.streak} for e in streaks],
            "missed": [m[1] for m in members if m[0] not in counted and m[0] not in excused],
            "on_leave": [m[1] for m in members if m[0] in excused],
            "checked_in": sum(1 for m in members if m[0] in counted),
            "members_count": len(members),
            "completion": (len(counted & {m[0] for m in members}) / len(members))
            if members
            else 0.0,
        }
    if kind == "inactivity":
        report = inactivity_as_of(db, camp, day)
        rules = camp.definition.members
        return {
            "warned": [{"name": n, "missed_days": k} for n, k in report.warned],
            "removal": [{"name": n, "missed_days": k} for n, k in report.removal],
            "inactive_after": rules.inactive_after,
            "remove_after": rules.remove_after,
        }
    return {}  # the day's task: the day itself is all it needs


def _closing_context(db: Database, camp: Camp, days, members, now) -> dict:
    last = camp.days
    board = standings_as_of(db, camp.slug, now=now, day=last)
    standings = _standings_json(board)
    pairs = _pair_standings_json(db, camp, last, now)
    ids = {m[0] for m in members}
    completion = []
    for x in days:
        counted = counted_member_ids(db, camp, x.number) & ids
        completion.append({"day": x.number, "rate": len(counted) / len(ids) if ids else 0.0})
    totals = db.execute(
        "SELECT COUNT(*), COUNT(CASE WHEN status = 'on_time' THEN 1 END) FROM checkins "
        f"WHERE camp_id = ? AND {counted_in()}",
        [camp.id],
    ).fetchone()
    best = max(board.entries, key=lambda e: (e.best_streak, -e.rank), default=None)
    converted = db.execute(
        "SELECT COUNT(*) FROM members WHERE camp_id = ? AND converted = 1", [camp.id]
    ).fetchone()[0]
    return {
        "standings": standings,
        "pair_standings": pairs,
        # Who passed and who was perfect, when the camp has [outcomes] (else None).
        "outcomes": outcome_groups(board.entries),
        "mvp": standings["mvp"] if standings else [],
        "mvp_pair": pairs["mvp"] if pairs else [],
        "figures": {
            "members_count": len(members),
            "checkins": totals[0],
            "on_time_rate": totals[1] / totals[0] if totals[0] else 0.0,
            "completion": completion,
            "average_completion": (
                sum(c["rate"] for c in completion) / len(completion) if completion else 0.0
            ),
            "best_streak": (
                {"name": best.name, "streak": best.best_streak}
                if best and best.best_streak
                else None
            ),
            "converted_rate": converted / len(members) if converted and members else None,
        },
    }


def _title(camp: Camp, kind: str, day: int | None) -> str:
    words = _TITLES.get(camp.definition.language, _TITLES["en"])
    return f"{camp.name} · {words[kind].format(day=day)}"


def _override_dir(camp: Camp) -> Path | None:
    folder = camp.definition.messages
    return Path(folder).expanduser() if folder else None


def _standings_card(
    db: Database, camp: Camp, kind: str, day: int | None, now: pendulum.DateTime
) -> tuple[bytes | None, str | None, bool]:
    """The PNG standings card that goes with a summary or the closing ceremony:
    ``(card, why there is none, whether that is a problem to warn about)``.

    With nothing ranked yet (a pair camp before its pairs form) there is no card, and
    the text goes alone; so it does when the card cannot be drawn (no font for its
    names), and the reason is kept with the announcement.
    """
    if kind not in ("summary", "closing"):
        return None, None, False
    by = "pair" if camp.definition.group == "pair" else "member"
    as_of = day if kind == "summary" else camp.days
    board = standings_as_of(db, camp.slug, now=now, by=by, day=as_of, top=25)
    if not any(entry.points for entry in board.entries):
        return None, "No standings card: nothing is ranked yet.", False
    try:
        return render_leaderboard_png(board), None, False
    except CampError as exc:
        return None, f"No standings card. {exc}", True


#: (database file, camp, reason) already warned about by this process.
_CARD_WARNINGS: set[tuple[str, int, str]] = set()
_CARD_WARNINGS_LOCK = threading.Lock()


def _first_warning(db: Database, camp: Camp, note: str) -> str | None:
    """``note`` for the scheduler's log the first time this process meets it for the
    camp, else None (a camp without a font would warn at every summary)."""
    file = db.execute("PRAGMA database_list").fetchone()[2]
    with _CARD_WARNINGS_LOCK:
        if (file, camp.id, note) in _CARD_WARNINGS:
            return None
        _CARD_WARNINGS.add((file, camp.id, note))
    return f"{camp.slug}: {note}"


def preview_announcement(db: Database, key: str, now: pendulum.DateTime) -> str:
    """The text an event would post if it ran now; nothing is stored or changed
    (building a context only reads)."""
    row = db.execute(
        "SELECT camp_id, kind, day, window_name, due FROM events WHERE key = ?", [key]
    ).fetchone()
    if row is None:
        raise CampError(f"No event {key!r}; see `camp events CAMP` for the keys.")
    camp_id, kind, day, window, due = row
    camp = get_camp_by_id(db, camp_id)
    context = build_context(db, camp, kind, day, window, from_utc_text(due), now)
    return render_announcement(
        kind, context, language=camp.definition.language, override_dir=_override_dir(camp)
    )


def retry_event(db: Database, slug: str, key: str, now: pendulum.DateTime) -> None:
    """Let a failed or missed event run again at the next scheduler run (it is due now)."""
    camp = get_camp(db, slug)
    with write_transaction(db):
        row = db.execute(
            "SELECT status FROM events WHERE key = ? AND camp_id = ?", [key, camp.id]
        ).fetchone()
        if row is None:
            raise CampError(f"No event {key!r} in camp {slug}; see `camp events {slug}`.")
        if row[0] not in ("failed", "missed"):
            raise CampError(f"Event {key} is {row[0]}; only failed or missed events are retried.")
        db.execute(
            "UPDATE events SET status = 'pending', due = ?, last_error = NULL WHERE key = ?",
            [utc_text(now), key],
        )


#: How often a pairing is rendered again when the members changed between reading who
#: to pair and writing the pairs; after that the event stays pending for the next run.
_PAIRING_ATTEMPTS = 3


def produce_announcement(db: Database, key: str, now: pendulum.DateTime) -> EventOutcome:
    """Render a pending event's announcement, then claim the event and queue its
    deliveries, atomically.

    The rendering (the operator's template, the PNG card) happens before the write lock
    is taken, so a slow or broken template never holds up a check-in, and it only reads.
    The claim re-reads the event inside the write transaction, so the announcement is
    produced once. A template problem marks the event ``failed`` with the reason (retry
    it after fixing the template); a reminder whose window has closed is ``missed``.

    A pairing writes its pairs in that same transaction, once it has checked that who
    it would pair is still who it announces (a member added or paired by hand since
    the rendering starts it again): a crash at any point leaves either nobody paired
    and nothing posted, or both.
    """
    for _ in range(_PAIRING_ATTEMPTS):
        outcome = _produce_once(db, key, now)
        if outcome is not None:
            return outcome
    return EventOutcome(key, "skipped")  # members kept changing: the next run tries again


def _produce_once(db: Database, key: str, now: pendulum.DateTime) -> EventOutcome | None:
    """:func:`produce_announcement`, once; ``None`` when a pairing's members changed
    after it was rendered (nothing was written)."""
    row = db.execute(
        "SELECT camp_id, kind, day, window_name, due, status FROM events WHERE key = ?", [key]
    ).fetchone()
    if row is None or row[5] != "pending":
        return EventOutcome(key, "skipped")
    camp_id, kind, day, window, due, _ = row
    camp = get_camp_by_id(db, camp_id)
    if camp.status == "archived":
        # Archived after the scheduler listed its due events: it stays silent.
        return EventOutcome(key, "skipped")
    stale = _stale_reason(camp, kind, day, window, now)
    if stale is not None:
        return skip_missed_event(db, key, now, reason=stale)
    text = image = error = card_note = None
    card_problem = False
    mentions: tuple[Mention, ...] = ()
    plan = plan_auto_pairing(db, camp) if kind == "pairing" else None
    try:
        context, mentions = _context_and_mentions(
            db, camp, kind, day, window, from_utc_text(due), now, plan
        )
        text = render_announcement(
            kind, context, language=camp.definition.language, override_dir=_override_dir(camp)
        )
        image, card_note, card_problem = _standings_card(db, camp, kind, day, now)
    except CampError as exc:
        error = str(exc)
    with write_transaction(db):
        status = db.execute("SELECT status FROM events WHERE key = ?", [key]).fetchone()
        if status is None or status[0] != "pending":
            return EventOutcome(key, "skipped")  # produced or settled meanwhile
        if error is not None or text is None:
            db.execute(
                "UPDATE events SET status = 'failed', attempts = attempts + 1, last_error = ?, "
                "finished = ? WHERE key = ?",
                [error, utc_text(now), key],
            )
            return EventOutcome(key, "failed", error=error)
        if plan is not None and plan_auto_pairing(db, camp) != plan:
            return None  # someone joined or was paired meanwhile: announce the new plan
        _apply_event(db, camp, kind, day, now, plan)
        outbox_id = insert_row(
            db,
            "outbox",
            {
                "image": image,
                "card_note": card_note,
                "camp_id": camp.id,
                "event_key": key,
                "kind": kind,
                "day": day,
                "title": _title(camp, kind, day),
                "text": text,
                "created": utc_text(now),
                "mentions": _mentions_json(mentions),
            },
        )
        db.conn.executemany(
            "INSERT INTO deliveries (outbox_id, channel_index, channel, next_attempt) "
            "VALUES (?, ?, ?, ?)",
            [
                (outbox_id, index, channel_label(channel, index), utc_text(now))
                for index, channel in enumerate(camp.definition.channels)
            ],
        )
        db.execute(
            "UPDATE events SET status = 'done', attempts = attempts + 1, last_error = NULL, "
            "finished = ? WHERE key = ?",
            [utc_text(now), key],
        )
    warning = _first_warning(db, camp, card_note) if card_problem and card_note else None
    return EventOutcome(key, "done", outbox_id=outbox_id, warning=warning)


def _mentions_json(mentions: tuple[Mention, ...]) -> str | None:
    """``outbox.mentions``: ``[{"name": ..., "handle": ...}]``, or NULL for nobody."""
    if not mentions:
        return None
    return json.dumps([{"name": m.name, "handle": m.handle} for m in mentions], ensure_ascii=False)


def _stale_reason(
    camp: Camp, kind: str, day: int | None, window: str | None, now: pendulum.DateTime
) -> str | None:
    """Why an event is no longer worth posting, or ``None``: a reminder to check in
    before a window closes means nothing once it has closed."""
    if kind != "reminder" or day is None:
        return None
    days = camp_days(camp)
    slot = next((s for s in days[day - 1].slots if s.window.name == window), None)
    if slot is None or now.timestamp() < slot.due.timestamp():
        return None
    return (
        f"the {slot.window.name} window of day {day} was due at "
        f"{slot.due.format('YYYY-MM-DD HH:mm')} before the reminder could be posted"
    )


def _apply_event(
    db: Database,
    camp: Camp,
    kind: str,
    day: int | None,
    now: pendulum.DateTime,
    plan: PairingPlan | None = None,
) -> None:
    """What an event changes besides posting: an inactivity check marks members warned,
    a pairing writes the pairs it announces (``plan``). Runs in the transaction that
    marks the event done or missed; a missed pairing pairs nobody (nobody would be told
    who their partner is), so the operator retries it or pairs by hand."""
    if kind == "inactivity" and day:
        apply_inactivity(db, camp, day)
    elif kind == "pairing" and plan is not None:
        apply_pairing(db, camp, plan, now=now)


def skip_missed_event(
    db: Database,
    key: str,
    now: pendulum.DateTime,
    *,
    reason: str = "fell due while no scheduler was running (past the grace period)",
) -> EventOutcome:
    """Mark an event that fell due too long ago ``missed``; its bookkeeping still runs.

    Nobody wants a reminder hours after the window closed, but inactivity warnings
    must still move, so an inactivity event applies its rules without posting. A
    pairing pairs nobody unannounced: ``camp events --retry`` runs it again (its
    announcement and pairs together), or the operator pairs by hand.
    """
    with write_transaction(db):
        row = db.execute(
            "SELECT camp_id, kind, day, status FROM events WHERE key = ?", [key]
        ).fetchone()
        if row is None or row[3] != "pending":
            return EventOutcome(key, "skipped")
        camp_id, kind, day, _ = row
        _apply_event(db, get_camp_by_id(db, camp_id), kind, day, now)
        db.execute(
            "UPDATE events SET status = 'missed', last_error = ?, finished = ? WHERE key = ?",
            [reason, utc_text(now), key],
        )
    return EventOutcome(key, "missed")
