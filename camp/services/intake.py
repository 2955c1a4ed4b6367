"""Live messages from a camp's chat: judged exactly as ``camp import`` judges, answered.

A batch of messages a bot heard goes through the import's own code (keywords, sender
matching by platform id then name then alias, judging, activity counts), in one
transaction: a check-in is stored once, also when the same chat's export is imported
later (the message's fingerprint is the export's). A sender matched by name keeps the
platform id, so reminders can mention them. Member commands (``/me`` ``我的``,
``/board`` ``排行``, ``/help`` ``帮助``, ``#补卡 N``, ``#请假 N``) are answered; makeup
and leave requests wait in ``requests`` for the operator.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pendulum

from camp.announcements import render_reply
from camp.bots.base import LiveMessage, Reply
from camp.calendar import camp_days, progress
from camp.clock import utc_text
from camp.db import Database, write_transaction
from camp.errors import CampError
from camp.importers import ChatMessage
from camp.judging import SlotIndex
from camp.models import COUNTED_STATUSES, Bot, Camp
from camp.services.imports import ImportReport, Occurrences, _Import, _Members, normalize_text
from camp.services.standings import member_standing, standings_as_of

__all__ = [
    "Heard",
    "HearingCache",
    "hear",
    "hear_private",
    "is_private",
    "parse_command",
    "reply_for",
]

#: Check-in outcomes a reply answers (the rest is activity only).
_JUDGED = frozenset({"on_time", "late", "outside", "duplicate"})
#: Telegram's reactions (from the set a bot may use) for each outcome.
_REACTIONS = {"on_time": "🔥", "late": "👌", "duplicate": "👀", "outside": "🤔"}
#: The mark of each outcome in a busy chat's answers that go together.
_BRIEF_MARKS = {"on_time": "✅", "late": "🕒", "duplicate": "👌", "outside": "⚠️"}
_COMMANDS = {
    "/me": "me",
    "我的": "me",
    "/board": "board",
    "/top": "board",
    "排行": "board",
    "排行榜": "board",
    "/help": "help",
    "/start": "help",
    "帮助": "help",
}
_REQUEST = re.compile(r"^[#＃](补卡|请假|makeup|leave)\s*(?:第\s*)?(\d{1,3})\s*(?:天)?\b", re.I)
_REQUEST_KINDS = {"补卡": "makeup", "makeup": "makeup", "请假": "leave", "leave": "leave"}
_BOARD_SIZE = 10
#: How far ahead of this machine's clock a platform's timestamp may be.
_CLOCK_SKEW = 600.0


@dataclass(frozen=True)
class Heard:
    """What one live message did.

    ``what`` is a check-in's status (``on_time``, ``late``, ``outside``,
    ``duplicate``), ``message`` (activity only), ``already`` (heard or imported
    before), ``unknown`` (the sender is not a member), ``removed``, ``future``,
    ``command`` (``command`` says which, with its day for a request) or ``ignored``.
    """

    message: LiveMessage
    what: str
    member: str | None = None
    member_id: int | None = None
    day: int | None = None
    window: str | None = None
    points: int = 0
    command: tuple[str, int | None] | None = None
    #: The keyword was there, from someone who is not a member: they hear why not.
    keyword: bool = False


def parse_command(text: str) -> tuple[str, int | None] | None:
    """``("me", None)``, ``("makeup", 3)``, …, or None for a message that is not one."""
    cleaned = normalize_text(text).strip()
    head = cleaned.split(maxsplit=1)[0] if cleaned else ""
    # Telegram addresses commands to a bot in a group: /me@camp_bot.
    head = head.split("@", 1)[0] if head.startswith("/") else head
    if head in _COMMANDS:
        return (_COMMANDS[head], None)
    found = _REQUEST.match(unicodedata.normalize("NFKC", text).strip())
    if found:
        return (_REQUEST_KINDS[found.group(1).lower()], int(found.group(2)))
    return None


class HearingCache:
    """What a listener keeps between batches of one camp: its members by id, name and
    alias, and its slot index, rebuilt only when the members or the plan change (a
    batch of a busy group is a few messages; reading 100,000 members for each would
    cost more than the messages)."""

    def __init__(self) -> None:
        self._members: dict[int, tuple[tuple, _Members]] = {}
        self._slots: dict[int, tuple[object, SlotIndex]] = {}
        self._occurrences: dict[int, Occurrences] = {}

    def members(self, db: Database, camp: Camp) -> _Members:
        signature = self._signature(db, camp)
        kept = self._members.get(camp.id)
        if kept is None or kept[0] != signature:
            kept = self._members[camp.id] = (signature, _Members(db, camp))
        return kept[1]

    def slots(self, camp: Camp) -> SlotIndex:
        days = camp_days(camp)
        kept = self._slots.get(camp.id)
        if kept is None or kept[0] is not days:
            kept = self._slots[camp.id] = (days, SlotIndex(days, camp.timezone))
        return kept[1]

    def occurrences(self, camp: Camp) -> Occurrences:
        """Which of several identical posts (one sender, second and text) each heard
        message is, by its message id: kept across batches, as a burst spans several."""
        return self._occurrences.setdefault(camp.id, Occurrences())

    def forget(self, camp: Camp) -> None:
        self._members.pop(camp.id, None)

    def signed(self, db: Database, camp: Camp) -> None:
        """After a batch that changed members through the kept index (an id linked, a
        stranger added): the index is current, so it is kept under the new signature."""
        kept = self._members.get(camp.id)
        if kept is not None:
            self._members[camp.id] = (self._signature(db, camp), kept[1])

    @staticmethod
    def _signature(db: Database, camp: Camp) -> tuple:
        # Moved by triggers whenever who the members are changes (migration 0008).
        return tuple(
            db.execute("SELECT members_version FROM camps WHERE id = ?", [camp.id]).fetchone()
        )


def hear(
    db: Database,
    camp: Camp,
    messages: Sequence[LiveMessage],
    *,
    now: pendulum.DateTime,
    cache: HearingCache | None = None,
) -> list[Heard]:
    """Store and judge the messages a bot heard in ``camp``'s chat, in one transaction;
    returns what each did, in order. Commands count as activity, never as check-ins."""
    if not messages:
        return []
    platform = messages[0].platform
    words = [normalize_text(k) for k in camp.definition.keywords if k.strip()]
    report = ImportReport(f"bot:{platform}", platform, False)
    # The platform's clock is the message's time: a few minutes ahead of ours is skew,
    # not the future.
    latest = max(m.epoch for m in messages)
    if latest > now.timestamp():
        now = pendulum.from_timestamp(min(latest, now.timestamp() + _CLOCK_SKEW))
    add_unknown = camp.definition.members.add_unknown
    batch: list[tuple[ChatMessage, float, int]] = []
    commands: dict[int, tuple[str, int | None]] = {}
    occurrences = cache.occurrences(camp) if cache is not None else Occurrences()
    for line, message in enumerate(messages):
        if message.kind == "recalled":
            continue
        text = message.text if message.kind in ("text", "edit") else ""
        command = parse_command(text) if text else None
        if command is not None:
            commands[line] = command
        as_read = ChatMessage(
            line,
            message.sender,
            message.sender_id,
            None,
            message.epoch,
            text,
            message_id=message.message_id,
        )
        batch.append((as_read, message.epoch, occurrences.of(as_read, message.epoch)))
    with write_transaction(db):
        # Inside the write lock: the members read (or kept) are the members as stored.
        job = _Import(
            db,
            camp,
            report,
            words,
            now,
            False,
            add_unknown,
            source=f"bot:{platform}",
            members=cache.members(db, camp) if cache is not None else None,
            slots=cache.slots(camp) if cache is not None else None,
        )
        # Stored as activity; "#补卡 3" must never read as a check-in.
        job.not_checkins.update(commands)
        if batch:
            try:
                job.store(batch)
            except BaseException:
                if cache is not None:
                    cache.forget(camp)  # ids linked in the batch rolled back
                raise
            if cache is not None:
                cache.signed(db, camp)  # what the batch changed is in the kept members
        heard = []
        for line, message in enumerate(messages):
            outcome = job.outcomes.get(line)
            if outcome is None:
                heard.append(Heard(message, "ignored"))
                continue
            what, member, day, window, points = outcome
            member_id = job.members.by_name[member][0] if member in job.members.by_name else None
            has_keyword = any(w in normalize_text(message.text) for w in words)
            if line in commands and what in ("message", "already") and member_id is not None:
                command = commands[line]
                if command[0] in ("makeup", "leave") and what == "message":
                    _request(db, camp, member_id, command, message, now)
                heard.append(Heard(message, "command", member, member_id, command=command))
                continue
            if what == "unknown" and line in commands:
                heard.append(Heard(message, "command", command=commands[line]))
                continue
            if what == "unknown":
                _note_unknown(db, camp, message, has_keyword, now)
            heard.append(
                Heard(message, what, member, member_id, day, window, points, keyword=has_keyword)
            )
    return heard


def _note_unknown(
    db: Database, camp: Camp, message: LiveMessage, keyword: bool, now: pendulum.DateTime
) -> None:
    """A sender who is no member goes to the list the operator adds members from."""
    if not message.sender_id:
        return  # anonymous: nobody to add
    stamp = utc_text(now)
    db.execute(
        "INSERT INTO unknown_senders (camp_id, platform, sender_id, name, messages, checkins, "
        "first_seen, last_seen) VALUES (?, ?, ?, ?, 1, ?, ?, ?) "
        "ON CONFLICT (camp_id, platform, sender_id) DO UPDATE SET name = excluded.name, "
        "messages = messages + 1, checkins = checkins + excluded.checkins, "
        "last_seen = excluded.last_seen",
        [
            camp.id,
            message.platform,
            message.sender_id,
            " ".join(message.sender.split()) or message.sender_id,
            int(keyword),
            stamp,
            stamp,
        ],
    )


def is_private(message: LiveMessage) -> bool:
    """A message to the bot alone (Telegram's private chat has the sender's id)."""
    return message.sender_id is not None and message.chat == message.sender_id


def hear_private(
    db: Database, camp: Camp, message: LiveMessage, *, now: pendulum.DateTime
) -> Heard | None:
    """A member's command sent to the bot in private: answered there, for the camp the
    sender is a member of (by platform id). Nothing said in private is a check-in or
    counts as activity; a makeup or leave request is queued as in the group."""
    command = parse_command(message.text) if message.kind == "text" else None
    if command is None or not message.sender_id:
        return None
    row = db.execute(
        "SELECT id, name FROM members WHERE camp_id = ? AND handle = ? AND status != 'removed'",
        [camp.id, message.sender_id],
    ).fetchone()
    if row is None:
        return None
    member_id, name = row
    if command[0] in ("makeup", "leave"):
        with write_transaction(db):
            _request(db, camp, member_id, command, message, now)
    return Heard(message, "command", name, member_id, command=command)


def _request(
    db: Database,
    camp: Camp,
    member_id: int,
    command: tuple[str, int | None],
    message: LiveMessage,
    now: pendulum.DateTime,
) -> None:
    kind, day = command
    if day is None or not 1 <= day <= camp.days:
        return  # answered with the camp's days; nothing to queue
    db.execute(
        "INSERT INTO requests (camp_id, member_id, kind, day, text, source, created) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (camp_id, member_id, kind, day) DO NOTHING",
        [camp.id, member_id, kind, day, message.text, f"bot:{message.platform}", utc_text(now)],
    )


def reply_for(
    db: Database, camp: Camp, bot: Bot, heard: Heard, *, now: pendulum.DateTime
) -> Reply | None:
    """What the bot says back to one message, or None (activity, or a silent bot)."""
    chat, reply_to = heard.message.chat, heard.message.message_id
    definition = camp.definition
    override = _override_dir(camp)

    def render(kind: str, context: dict) -> Reply:
        context = {"camp": _camp_json(camp), **context}
        text = render_reply(kind, context, language=definition.language, override_dir=override)
        return Reply(chat, text, reply_to=reply_to)

    if heard.what == "command" and heard.command is not None:
        name, day = heard.command
        if heard.member_id is None:
            return render("help", {"member": None, "keywords": list(definition.keywords)})
        if name == "me":
            return render("me", _me_context(db, camp, heard, now))
        if name == "board":
            board = standings_as_of(db, camp.slug, now=now, top=_BOARD_SIZE)
            entries = [
                {"rank": e.rank, "name": e.name, "points": e.points, "streak": e.streak}
                for e in board.entries
            ]
            return render("board", {"as_of_day": board.as_of_day, "entries": entries})
        if name == "help":
            return render("help", {"member": heard.member, "keywords": list(definition.keywords)})
        valid = day is not None and 1 <= day <= camp.days
        return render(
            "request",
            {"member": heard.member, "kind": name, "day": day, "valid": valid},
        )
    if heard.what == "unknown" and heard.keyword and bot.reply != "silent":
        return render("ack", {**_ack_base(heard), "status": "unknown"})
    if heard.what not in _JUDGED or bot.reply == "silent":
        return None
    if heard.message.kind == "edit" and heard.what not in COUNTED_STATUSES:
        return None  # fixing a typo in a check-in already answered says nothing new
    if bot.reply == "react":
        return Reply(chat, reply_to=reply_to, reaction=_REACTIONS[heard.what])
    context = _ack_context(db, camp, heard, now)
    reply = render("ack", context)
    brief = f"{_BRIEF_MARKS[heard.what]} {context['member']}"
    if heard.what in COUNTED_STATUSES:
        brief += f" +{heard.points}"
    return Reply(chat, reply.text, reply_to=reply_to, brief=brief)


def _camp_json(camp: Camp) -> dict:
    return {
        "name": camp.name,
        "slug": camp.slug,
        "days": camp.days,
        "language": camp.definition.language,
        "keywords": list(camp.definition.keywords),
    }


def _override_dir(camp: Camp) -> Path | None:
    folder = camp.definition.messages
    return Path(folder).expanduser() if folder else None


def _ack_base(heard: Heard) -> dict:
    return {
        "member": heard.member or heard.message.sender,
        "status": heard.what,
        "day": heard.day,
        "window": heard.window,
        "points": heard.points,
    }


def _ack_context(db: Database, camp: Camp, heard: Heard, now: pendulum.DateTime) -> dict:
    context = _ack_base(heard)
    standing = member_standing(db, camp, heard.member_id, now) if heard.member_id else None
    context["total"] = standing.total if standing else 0
    context["streak"] = standing.streak if standing else 0
    context["rank"] = standing.rank if standing else None
    days = camp_days(camp)
    the_day = days[heard.day - 1] if heard.day and 1 <= heard.day <= len(days) else None
    context["windows"] = [
        {
            "name": slot.window.name,
            "open": slot.open.format("HH:mm"),
            "due": slot.due.format("HH:mm"),
            "late_until": slot.late_until.format("HH:mm") if slot.late_until else None,
        }
        for slot in (the_day.slots if the_day else ())
    ]
    context["counted"] = heard.what in COUNTED_STATUSES
    return context


def _me_context(db: Database, camp: Camp, heard: Heard, now: pendulum.DateTime) -> dict:
    if heard.member_id is None:
        raise CampError("a /me answer needs a member")
    standing = member_standing(db, camp, heard.member_id, now)
    state = progress(camp_days(camp), now)
    today = state.day if 1 <= state.day <= camp.days else None
    status = None
    if today is not None:
        row = db.execute(
            "SELECT status FROM checkins WHERE member_id = ? AND day = ? "
            "AND status IN ('on_time', 'late', 'makeup') ORDER BY at LIMIT 1",
            [heard.member_id, today],
        ).fetchone()
        status = row[0] if row else None
    limit = camp.definition.scoring.makeup_limit
    used = db.execute(
        "SELECT COUNT(*) FROM checkins WHERE member_id = ? AND status = 'makeup'",
        [heard.member_id],
    ).fetchone()[0]
    return {
        "member": standing.name,
        "today": today,
        "today_status": status,
        "total": standing.total,
        "rank": standing.rank,
        "members_count": standing.members,
        "streak": standing.streak,
        "days_counted": standing.days_counted,
        "makeups_left": None if limit is None else max(limit - used, 0),
    }
