"""Check-ins from group-chat exports: stream, match, judge, store — idempotently.

A message is a check-in when its text contains one of the camp's keywords (compared
after NFKC and case folding, so ``＃打卡`` matches ``#打卡``) and its sender is a
member (by platform id, then display name, then alias). Every message of a member
is stored once in ``messages`` (its fingerprint makes a second import of the same or
an overlapping export record nothing); new check-in messages are judged like
``camp checkin`` and written to ``checkins``. Each batch is one ``BEGIN IMMEDIATE``
transaction: a crash leaves whole batches or nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import os
import pickle
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, NamedTuple, cast

import pendulum

from camp.calendar import camp_days, occurrences, timezone_for
from camp.clock import utc_text
from camp.collector import collector_paused
from camp.db import Database, insert_row, write_transaction
from camp.errors import CampError
from camp.importers import (
    DATE_ORDERS,
    ChatMessage,
    Layout,
    ParseProblem,
    detect_format,
    not_utf8_sentence,
    reader_for,
)
from camp.importers.base import DECODE_ERRORS, lines_not_utf8, text_encoding
from camp.judging import SlotIndex
from camp.models import COUNTED_STATUSES, Camp, name_key
from camp.scoring import checkin_points
from camp.services import handoff
from camp.services.camps import get_camp
from camp.services.members import find_member
from camp.services.slots import SlotBook
from camp.services.totals import add_to_member_totals, refresh_member_totals

__all__ = [
    "ImportReport",
    "Occurrences",
    "add_aliases",
    "describe_layout",
    "import_export",
    "normalize_text",
]

#: Messages per transaction: large enough that the per-batch work (judging reads,
#: totals, the commit that writes every page of the member-ordered indexes it touched)
#: is paid rarely, small enough to keep memory flat (about 180 MB at the peak of a
#: million-message import, in both processes) and the two processes in step.
BATCH = 50000
#: A big camp's batches are up to this many times larger: each transaction rewrites
#: every page of the member-ordered indexes (messages by member, check-ins, totals) that
#: it touches, and once a batch holds most members that is all of them, however few
#: messages each brings. Memory stays flat: in proportion to the camp, not the export.
#: Beyond twice, a 100,000-member camp's import was no faster.
BIG_CAMP_BATCHES = 2
#: Members a camp has for each step up from BATCH.
MEMBERS_PER_BATCH_STEP = 4000
#: The first batch is small, so that the writing starts while the rest is read; each
#: after it is twice the one before, up to the batch size. Near the end of an export
#: read by a child process, each is half of what is left, so that the last write, which
#: nothing overlaps, is short.
FIRST_BATCH = 2000
#: Lines an export needs for its line numbers to tell how much is left (a JSON export
#: written on one line does not).
_LINES_TO_FORESEE = 1000
#: The most of a batch the reading child leaves to the write to prepare
#: (:func:`_balanced_share`): preparing is about half of the child's work.
_MOST_LEFT = 0.75
#: Exports this large (bytes) are read by a child process while this one writes: below
#: it, starting the process (about half a second) costs more than it saves.
READ_ELSEWHERE_FROM = 8 << 20
#: Problems and unknown senders listed in full; beyond this only counted.
REPORT_LIMIT = 50


def normalize_text(text: str) -> str:
    """Width- and case-insensitive form used to find keywords (``＃打卡`` -> ``#打卡``)."""
    return unicodedata.normalize("NFKC", text).casefold()


# Full-width ASCII (＃, Ａ, ，) and the ideographic space, as NFKC reads them: the
# characters that keep most Chinese, Japanese and Korean chat text from being NFKC. A
# table indexed by code point (the Basic Multilingual Plane; a character beyond it is
# left as it is) translates several times faster than a dict.
_NARROW: tuple[int, ...] = ()


def _narrow_table() -> tuple[int, ...]:
    global _NARROW
    if not _NARROW:
        table = list(range(0x10000))
        for wide in range(0xFF01, 0xFF5F):
            table[wide] = wide - 0xFEE0
        table[0x3000] = 0x20
        _NARROW = tuple(table)
    return _NARROW


def _folded(text: str) -> str:
    """:func:`normalize_text` of text that is not ASCII, fast for what chats hold.

    Text that is NFKC already (the check is cheap, the normalisation is not) only
    needs case folding; otherwise full-width forms are replaced by what NFKC makes of
    them first (a table lookup), which is often all it takes.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text.casefold()
    narrow = text.translate(_NARROW or _narrow_table())
    if unicodedata.is_normalized("NFKC", narrow):
        return narrow.casefold()
    return normalize_text(narrow)


#: Blocks holding every character whose :func:`normalize_text` holds "#" or a CJK
#: unified ideograph, but for those characters themselves (compatibility ideographs,
#: radicals, enclosed and squared forms, full-width and small forms): a test goes
#: through the whole of Unicode.
_VARIANT_BLOCKS = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x33FF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE6F),
    (0xFF00, 0xFFEF),
    (0x1F100, 0x1F2FF),
    (0x2F800, 0x2FA1F),
)


def _is_unified_ideograph(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


@functools.lru_cache(maxsize=64)
def keyword_guard(words: tuple[str, ...]) -> Callable[[str], object] | None:
    """A quick test a text must pass for one of the keywords ``words`` (normalised) to
    be in its :func:`normalize_text`, or ``None`` when there is none.

    Each keyword is stood for by one of its characters, a CJK ideograph or else "#":
    such a character is in a text's normal form only if the text holds it or one of its
    few compatibility forms (no composition makes it), so a text holding none of them
    needs no normalising (the cost of most of a Chinese chat's messages).
    """
    chosen = []
    for word in words:
        char = next((c for c in word if _is_unified_ideograph(c)), "#" if "#" in word else None)
        if char is None:
            return None
        chosen.append(char)
    forms = set(chosen)
    for low, high in _VARIANT_BLOCKS:
        for code in range(low, high + 1):
            if any(char in normalize_text(chr(code)) for char in chosen):
                forms.add(chr(code))
    return re.compile("[" + "".join(re.escape(c) for c in sorted(forms)) + "]").search


@dataclass
class ImportReport:
    """What an import matched, judged, skipped and could not read."""

    file: str
    format: str
    dry_run: bool
    messages: int = 0
    by_kind: Counter = field(default_factory=Counter)
    member_messages: int = 0
    already_imported: int = 0
    checkins: int = 0
    judged: Counter = field(default_factory=Counter)
    unknown_senders: Counter = field(default_factory=Counter)
    unknown_first_line: dict[str, int] = field(default_factory=dict)
    added_members: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    problem_count: int = 0
    #: The variants of the format the reader found, with how it read their dates.
    layouts: list[Layout] = field(default_factory=list)
    #: Messages stored by this import (on a dry run: that it would store).
    new_messages: int = 0

    @property
    def recorded_nothing(self) -> bool:
        """True when problems are all the file gave: nothing stored, nothing stored
        before, no sender to add. The import failed, whatever else it read."""
        return (
            self.problem_count > 0
            and self.new_messages == 0
            and self.already_imported == 0
            and not self.unknown_senders
        )

    def add_problem(self, line: int, reason: str) -> None:
        self.problem_count += 1
        if len(self.problems) < REPORT_LIMIT:
            self.problems.append((line, reason))

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "format": self.format,
            "dry_run": self.dry_run,
            "messages": self.messages,
            "by_kind": dict(self.by_kind),
            "member_messages": self.member_messages,
            "already_imported": self.already_imported,
            "checkins": self.checkins,
            "judged": {
                status: self.judged.get(status, 0)
                for status in ("on_time", "late", "outside", "duplicate")
            },
            "unknown_senders": [
                {"name": name, "messages": count, "first_line": self.unknown_first_line[name]}
                for name, count in self.unknown_senders.most_common(REPORT_LIMIT)
            ],
            "unknown_sender_count": len(self.unknown_senders),
            "added_members": self.added_members,
            "problems": [{"line": line, "reason": reason} for line, reason in self.problems],
            "problem_count": self.problem_count,
            "layouts": [
                {"name": layout.name, "date_order": layout.date_order, "evidence": layout.evidence}
                for layout in self.layouts
            ],
            "new_messages": self.new_messages,
        }


_DATE_ORDER_WORDS = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}


def describe_layout(layout: Layout) -> str:
    """``Read as WhatsApp Android (es), dates day/month/year (line 4 has 31/12/26).``"""
    order = layout.date_order
    dates = f", dates {_DATE_ORDER_WORDS.get(order, order)}" if order else ""
    why = f" ({layout.evidence})" if layout.evidence else ""
    return f"Read as {layout.name}{dates}{why}."


class _UtcTexts:
    """:func:`camp.clock.utc_text` of epoch seconds, fast for whole seconds: the text up
    to the hour is worked out once per hour (it runs for every message imported)."""

    #: "MM:SS.000000Z" of each second of an hour.
    _REST = tuple(f"{m:02d}:{s:02d}.000000Z" for m in range(60) for s in range(60))
    _KEEP = 4096

    def __init__(self) -> None:
        self._hours: dict[int, str] = {}

    def __call__(self, epoch: float) -> str:
        whole = int(epoch)
        if whole != epoch:
            return utc_text(dt.datetime.fromtimestamp(epoch, dt.UTC))
        hour, rest = divmod(whole, 3600)
        prefix = self._hours.get(hour)
        if prefix is None:
            if len(self._hours) >= self._KEEP:
                self._hours.clear()
            prefix = self._hours[hour] = utc_text(
                dt.datetime.fromtimestamp(hour * 3600, dt.UTC)
            )[:14]
        return prefix + self._REST[rest]


class _LocalClock:
    """Turns an export's ``YYYY-MM-DD HH:MM:SS`` into epoch seconds in one zone, fast.

    The zone's offset is looked up once per hour of the wall clock, not per message.
    An hour that happens twice (a fall-back night) is its first occurrence, unless the
    file's own order shows the second: a message that would then be earlier than the
    one before it (exports are in time order) is in the repeated hour.
    """

    def __init__(self, tz: str):
        self.zone = timezone_for(tz)
        self._hours: dict[str, tuple[float, ...]] = {}
        self._last = float("-inf")

    def epoch(self, text: str) -> float:
        hour_key = text[:13]
        bases = self._hours.get(hour_key)
        if bases is None:
            y, mo, d, h = int(text[0:4]), int(text[5:7]), int(text[8:10]), int(text[11:13])
            moments = occurrences(dt.date(y, mo, d), dt.time(h), self.zone)
            bases = self._hours[hour_key] = tuple(m.timestamp() for m in moments)
        into = int(text[14:16]) * 60 + int(text[17:19])
        epoch = bases[0] + into
        if len(bases) == 2 and epoch < self._last <= bases[1] + into:
            epoch = bases[1] + into
        self._last = epoch
        return epoch


#: Senders :meth:`_Members.find` remembers at least (see there).
_FOUND_KEEP = 65536


class _Members:
    """A camp's members by platform id, display name, case-folded name and alias."""

    def __init__(self, db: Database, camp: Camp):
        self.by_id: dict[str, tuple[int, str, str | None, str]] = {}
        self.by_name: dict[str, tuple[int, str, str | None, str]] = {}
        self.by_folded: dict[str, tuple[int, str, str | None, str]] = {}
        #: (sender, sender id) -> what :meth:`find` answered: an export names the same
        #: few senders over and over. Emptied whenever the members change.
        self._found: dict[tuple[str, str | None], tuple[int, str, str | None, str] | None] = {}
        for member_id, name, handle, shift, status in db.execute(
            "SELECT id, name, handle, shift, status FROM members WHERE camp_id = ?", [camp.id]
        ):
            self._add(member_id, name, handle, shift, status)
        for alias, member_id in db.execute(
            "SELECT alias, member_id FROM aliases WHERE camp_id = ?", [camp.id]
        ):
            entry = next((e for e in self.by_name.values() if e[0] == member_id), None)
            if entry is not None:
                self.by_name.setdefault(alias, entry)
                self.by_folded.setdefault(normalize_text(alias), entry)

    def _add(
        self, member_id: int, name: str, handle: str | None, shift: str | None, status: str
    ) -> None:
        self._found.clear()
        entry = (member_id, name, shift, status)
        if handle:
            self.by_id[handle] = entry
        self.by_name[name] = entry
        self.by_folded.setdefault(normalize_text(name), entry)

    def forget(self, member_id: int, name: str, handle: str | None) -> None:
        self._found.clear()
        for table, key in (
            (self.by_id, handle),
            (self.by_name, name),
            (self.by_folded, normalize_text(name)),
        ):
            if key is not None and table.get(key, (None,))[0] == member_id:
                del table[key]

    def link(self, sender_id: str, member_id: int) -> None:
        """The member ``member_id`` is also the sender with the platform id ``sender_id``."""
        self._found.clear()
        self.by_id[sender_id] = next(e for e in self.by_name.values() if e[0] == member_id)

    def find(self, message: ChatMessage):
        # By position, not by name: a batch the reading child left comes as plain tuples.
        key = (message[1], message[2])
        found = self._found.get(key, _NONE_YET)
        if found is _NONE_YET:
            # Room for every member under two names (an id and a name, say): a camp of
            # 100,000 members that chat kept missing a cache of 65,536.
            if len(self._found) >= max(_FOUND_KEEP, 2 * len(self.by_name)):
                self._found.clear()
            found = self._found[key] = self._lookup(message)
        return found

    def _lookup(self, message: ChatMessage):
        sender, sender_id = message[1], message[2]
        if sender_id:
            for key in _id_forms(sender_id):
                if key in self.by_id:
                    return self.by_id[key]
        name = " ".join(sender.split())
        return self.by_name.get(name) or self.by_folded.get(normalize_text(name))


def _id_forms(sender_id: str) -> tuple[str, ...]:
    """A platform id as each source writes it: Telegram's exports say ``user123`` for
    the user its Bot API calls ``123``."""
    if sender_id.startswith("user") and sender_id[4:].isdigit():
        return (sender_id, sender_id[4:])
    if sender_id.isdigit():
        return (sender_id, f"user{sender_id}")
    return (sender_id,)


def add_aliases(db: Database, slug: str, member_name: str, aliases: Iterable[str]) -> list[str]:
    """Other names a member goes by in chat exports; each alias belongs to one member."""
    camp = get_camp(db, slug)
    cleaned = [" ".join(a.split()) for a in aliases if a.strip()]
    if not cleaned:
        raise CampError("Give at least one alias, e.g. `camp members alias CAMP Alice 'Ali 🌸'`.")
    with write_transaction(db):
        member = find_member(db, camp, member_name)
        for alias in cleaned:
            owner = db.execute(
                "SELECT m.name FROM members m WHERE m.camp_id = ? AND m.name = ? AND m.id != ? "
                "UNION SELECT m.name FROM aliases a JOIN members m ON m.id = a.member_id "
                "WHERE a.camp_id = ? AND a.alias = ? AND a.member_id != ?",
                [camp.id, alias, member.id, camp.id, alias, member.id],
            ).fetchone()
            if owner:
                raise CampError(
                    f"{alias!r} already names {owner[0]} in {camp.slug}; an alias names one member."
                )
            db.execute(
                "INSERT OR IGNORE INTO aliases (camp_id, member_id, alias) VALUES (?, ?, ?)",
                [camp.id, member.id, alias],
            )
    return cleaned


def _fingerprint(member_id: int, epoch: float, text: str, occurrence: int = 0) -> str:
    """A message's identity across exports: its time first, so that the unique index
    of a chronological export grows at its end instead of at random places.

    ``occurrence`` tells apart identical messages (one sender, one second, one text):
    the first keeps the fingerprint it always had, so databases imported before
    occurrences were counted see nothing new in the same file.
    """
    raw = f"{member_id}\x1f{int(epoch)}\x1f{text}"
    if occurrence:
        raw += f"\x1f#{occurrence}"
    return f"{int(epoch):010x}" + hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()


class Occurrences:
    """Which of several identical messages (same sender, second and text) one is.

    Two real posts of ``[图片]`` in one second are two messages; the same post read
    again (the same file, an overlapping export, a bot hearing it twice) is the same
    one. Where the source gives the platform's message id, the occurrence is the rank
    of that id among the group's ids, so a message seen twice keeps its rank; without
    ids, it is the count so far. Identical messages sit close together in a
    chronological export, so only the most recent groups are kept (bounded memory).
    """

    _KEEP = 8192

    def __init__(self) -> None:
        # The first message of a group keeps its id (or None) alone; a group that
        # turns out to hold more keeps the list of its ids.
        self._groups: dict[tuple, str | list[str | None] | None] = {}

    def of(self, message: ChatMessage, epoch: float) -> int:
        key = (int(epoch), message.sender, message.sender_id, message.text)
        groups = self._groups
        seen = groups.get(key, _NONE_YET)
        message_id = message.message_id
        if seen is _NONE_YET:
            if len(groups) >= self._KEEP:
                for old in list(groups)[: self._KEEP // 2]:
                    del groups[old]
            groups[key] = message_id
            return 0
        if type(seen) is not list:
            seen = groups[key] = [seen]  # type: ignore[list-item]
        if message_id is not None and message_id in seen:
            return seen.index(message_id)
        seen.append(message_id)
        return len(seen) - 1


_NONE_YET = object()


#: WAL pages an import lets gather before they are copied into the database file (1,000
#: by default): each copy ends with a sync of a file that may be gigabytes, so an
#: import of a big camp paid one per batch. 256 MB of 4 KB pages at most.
_IMPORT_CHECKPOINT_PAGES = 65_536


@contextmanager
def _checkpoints_deferred(db: Database) -> Iterator[None]:
    """Batches commit as usual (each is whole and safe in the WAL), but the WAL is copied
    into the database file once at the end rather than after every batch or two."""
    if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        yield
        return
    before = db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.conn.execute(f"PRAGMA wal_autocheckpoint = {_IMPORT_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")
        if not db.conn.in_transaction:
            db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


#: The most page cache (KiB) an import works with: each batch of a big camp rewrites
#: every page of the member-ordered indexes and totals it touches (about 170 MB in a
#: camp of 100,000 members), and with the usual 64 MB they were written out and read
#: back within the batch. An import of a million messages into that camp took 8-12%
#: less time with 256 MB. Half the database at most: a small camp needs no more.
_IMPORT_CACHE_KIB = 256 << 10


@contextmanager
def _cache_for_import(db: Database) -> Iterator[None]:
    """The connection's page cache raised for the import of a big camp, then restored."""
    before = int(db.conn.execute("PRAGMA cache_size").fetchone()[0])
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    page_size = db.conn.execute("PRAGMA page_size").fetchone()[0]
    wanted = min(_IMPORT_CACHE_KIB, pages * page_size // 2048)
    # A negative cache_size is in KiB; a positive one in pages.
    current = -before if before < 0 else before * page_size // 1024
    if wanted <= current:
        yield
        return
    db.conn.execute(f"PRAGMA cache_size = -{wanted}")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA cache_size = {before}")


#: How long an import may spend storing the boards of past days before its first batch
#: (at least one is stored when any is missing): written in the same process, and with
#: a reading process, which it stops for as soon as that has the first batch ready (a
#: second or so in a camp of 100,000 members, about what one board takes there).
FINISHED_BOARDS_SECONDS = 0.5
FINISHED_BOARDS_SECONDS_READING = 2.0


def _keep_finished_boards(
    db: Database, camp: Camp, now: pendulum.DateTime, child: subprocess.Popen | None
) -> None:
    """Store the camp's missing boards of past days before the first batch is written
    (:func:`camp.services.standings.keep_finished_boards`): the standings of a past day
    of a camp fed by daily exports then read a stored board, as after a scheduler's
    summary. Each board is its own short transaction; one the database refuses is left
    to the next import or the first ask. ``child``: the process reading the export,
    whose first answer ends it."""
    # Deferred: the reading process imports this module and never keeps a board.
    from camp.services.standings import keep_finished_boards

    answers = None if child is None else child.stdout
    keep_finished_boards(
        db,
        camp,
        now,
        seconds=FINISHED_BOARDS_SECONDS if answers is None else FINISHED_BOARDS_SECONDS_READING,
        # Nothing is read from the pipe before the first batch: select sees all of it.
        enough=None if answers is None else lambda: bool(select.select([answers], [], [], 0)[0]),
    )


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines + 1


def import_export(
    db: Database,
    slug: str,
    path: str | Path,
    *,
    now: pendulum.DateTime,
    fmt: str | None = None,
    keywords: Iterable[str] = (),
    tz: str | None = None,
    dry_run: bool = False,
    add_unknown: bool = False,
    date_order: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import one chat export into a camp; returns what happened (nothing on dry runs).

    ``date_order`` (``dmy``, ``mdy`` or ``ymd``) settles how the export's numeric dates
    read when the file itself cannot tell.
    """
    camp = get_camp(db, slug)
    file = Path(path)
    if date_order is not None and date_order not in DATE_ORDERS:
        raise CampError(
            f"--date-order {date_order!r} is not known; use one of: {', '.join(DATE_ORDERS)}."
        )
    if file.is_file() and zipfile.is_zipfile(file):
        with tempfile.TemporaryDirectory(prefix="camp-import-") as folder:
            inner, name = _unzipped(file, Path(folder))
            report = import_export(
                db,
                slug,
                inner,
                now=now,
                fmt=fmt,
                keywords=keywords,
                tz=tz,
                dry_run=dry_run,
                add_unknown=add_unknown,
                date_order=date_order,
                progress=progress,
            )
        report.file = f"{file} ({name})"
        return report
    forced = fmt is not None
    fmt = fmt or detect_format(file)
    reader = reader_for(fmt)
    if not file.is_file():
        raise CampError(f"No file {file}; check the path of the chat export.")
    clock = _LocalClock(tz or camp.timezone)
    words = [normalize_text(k) for k in (*camp.definition.keywords, *keywords) if k.strip()]
    if not words:
        raise CampError("No check-in keyword: add keywords to the camp file or give --keyword.")
    report = ImportReport(str(file), fmt, dry_run)
    # (A dry run that adds senders forgets them after each batch: the next batch must
    # be prepared after that, so it is read here, one batch at a time.)
    elsewhere = (
        file.stat().st_size >= READ_ELSEWHERE_FROM
        and bool(sys.executable)
        and not (dry_run and add_unknown)
    )
    job = _Import(db, camp, report, words, now, dry_run, add_unknown)
    reading = _Reading(file, fmt, date_order, "strict", tz or camp.timezone, job.batch_size())
    with ExitStack() as stack:
        reading_process = stack.enter_context(_reading_process()) if elsewhere else None
        if reading_process is not None:
            # The child reads the export as UTF-8 (nearly every one is) while this
            # process checks that it is, rather than waiting for the check.
            job.hand_over(reading, reading_process)
        decoding, lines = _decoding(file, report)
        if reading_process is not None and decoding != reading.decoding:
            # A few damaged bytes: read again by a new child that replaces them.
            stack.close()
            reading = reading._replace(decoding=decoding)
            reading_process = stack.enter_context(_reading_process())
            job.hand_over(reading, reading_process)
        total_lines = (lines or _count_lines(file)) if progress else 0
        token = DECODE_ERRORS.set(decoding)
        try:
            with collector_paused(), _checkpoints_deferred(db), _cache_for_import(db):
                if not dry_run:
                    _keep_finished_boards(
                        db, camp, now, None if reading_process is None else reading_process.child
                    )
                if reading_process is not None:
                    job.consume_elsewhere(reading, reading_process, progress, total_lines, lines)
                else:
                    items = (
                        reader.read(file) if date_order is None else reader.read(file, date_order)
                    )
                    job.consume(items, clock, progress, total_lines, job.batch_size())
        except UnicodeDecodeError:
            raise CampError(
                f"{file} cannot be read as {text_encoding(file).removesuffix('-sig').upper()} "
                "text; export the chat again, or convert the file to UTF-8 and import that. "
                "Batches before that point were imported; importing again skips them."
            ) from None
        finally:
            DECODE_ERRORS.reset(token)
    if forced and report.messages == 0 and report.problem_count == 0:
        with file.open("rb") as handle:
            raw = handle.read(8192)
        head = raw.decode(text_encoding(file), errors="replace").lstrip("\ufeff")
        if not reader.sniff(head, file):
            raise CampError(
                f"{file} does not look like a {fmt} export (that would be "
                f"{getattr(reader, 'LOOKS_FOR', 'its own layout')}) and nothing in it reads "
                f"as one: check --format, or leave it out to detect the format."
            )
    return report


def _decoding(file: Path, report: ImportReport) -> tuple[str, int | None]:
    """How to decode the export (see :data:`camp.importers.base.DECODE_ERRORS`), and
    its number of lines when the check counted them (not in UTF-16).

    A UTF-8 export with a few damaged characters is read with each as U+FFFD, and each
    such line is a problem of the report; damage at its very start, or on more than a
    few lines, means another encoding (GBK, most often), and the import is refused.
    """
    if text_encoding(file) == "utf-16":
        return "strict", None
    bad, count, lines = lines_not_utf8(file)
    if not count:
        return "strict", lines
    if bad[0] <= 10 or count > max(20, lines // 100):
        raise CampError(not_utf8_sentence(file, bad[0]))
    for line in bad:
        report.add_problem(line, "The line has bytes that are not UTF-8 text; they were read as �.")
    report.problem_count += count - len(bad)
    return "replace", lines


def _unzipped(archive: Path, folder: Path) -> tuple[Path, str]:
    """The one chat file inside a zip (WhatsApp shares chats as ``_chat.txt`` with their
    media), copied out into ``folder``; its path and its name in the archive."""
    try:
        with zipfile.ZipFile(archive) as opened:
            names = [
                info.filename
                for info in opened.infolist()
                if not info.is_dir()
                and not info.filename.startswith("__MACOSX/")
                and info.filename.lower().endswith((".txt", ".json", ".jsonl", ".csv", ".tsv"))
            ]
            chats = [n for n in names if Path(n).name == "_chat.txt"] or names
            if len(chats) != 1:
                listed = ", ".join(chats[:5]) if chats else "none"
                raise CampError(
                    f"{archive} is a zip archive with {len(chats)} chat files in it "
                    f"({listed}): unzip it and import the chat file itself."
                )
            inner = folder / Path(chats[0]).name
            with opened.open(chats[0]) as source, inner.open("wb") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        raise CampError(
            f"{archive} is a damaged or locked zip archive ({exc}); unzip it yourself "
            "and import the chat file inside."
        ) from None
    return inner, chats[0]


@dataclass
class _Prepared:
    """A batch ready to be written: its message rows and check-in candidates, and what
    the report learns from it (kept apart until the write: it may be prepared in a
    child process while the batch before it is written)."""

    rows: list[tuple] = field(default_factory=list)
    #: fingerprint -> (member id, at, day, window, status, line, text): plain values, which
    #: cross between processes several times faster than objects
    candidates: dict[str, tuple] = field(default_factory=dict)
    #: fingerprint -> (line, member name, is check-in), kept for a live batch's outcomes
    seen: dict[str, tuple[int, str, bool]] = field(default_factory=dict)
    #: Messages of senders to add as members, prepared once they are added.
    strangers: list[tuple[ChatMessage, float, int]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    layouts: list[Layout] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    member_messages: int = 0
    unknown: Counter = field(default_factory=Counter)
    first_line: dict[str, int] = field(default_factory=dict)
    last_line: int = 0
    #: Messages the reading child left to be prepared by the write (as plain tuples of
    #: :class:`ChatMessage`'s fields, which cross several times faster), so that the two
    #: processes take as long over each batch (:func:`_balanced_share`).
    left: list[tuple[tuple, float, int]] = field(default_factory=list)


class _Reading(NamedTuple):
    """How to read an export: what a child process needs to open and read it."""

    path: Path
    fmt: str
    date_order: str | None
    decoding: str
    tz: str
    batch: int
    #: Descriptors of the spool files the child inherits (:mod:`camp.services.handoff`).
    spools: tuple[int, ...] = ()


#: What the child process of :meth:`_Import.consume_elsewhere` runs.
_CHILD = "from camp.services.imports import _prepare_for_parent; _prepare_for_parent()"


class _ReadingProcess(NamedTuple):
    """The child process that reads an export, and the file its errors go to."""

    child: subprocess.Popen
    errors: IO[bytes]
    spools: tuple[IO[bytes], ...]


@contextmanager
def _reading_process() -> Iterator[_ReadingProcess]:
    """A child process for :meth:`_Import.consume_elsewhere`, started at once: it loads
    its modules (a third of a second) while this process checks the export and reads
    the camp's members, then waits for what to read. Gone when the block ends."""
    package_root = str(Path(__file__).resolve().parents[2])
    paths = [package_root, *filter(None, [os.environ.get("PYTHONPATH")])]
    with tempfile.TemporaryFile() as errors, handoff.spool_files() as spools:
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
            pass_fds=[spool.fileno() for spool in spools],
        )
        try:
            yield _ReadingProcess(child, errors, spools)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            for pipe in (child.stdin, child.stdout):
                if pipe is not None:
                    pipe.close()


def _prepare_for_parent() -> None:
    """A child process's work: read ``(reading, snapshot)`` from stdin, then hand the
    export's prepared batches over (:mod:`camp.services.handoff`: in spool files, or on
    stdout as ``("batch", prepared)``) and at last say ``("done", None)``; or
    ``("error", exception)``, raised by the importing process."""
    sending = sys.stdout.buffer
    sys.stdout = sys.stderr  # whatever else is printed must not reach the batches
    reading: _Reading = _Reading(Path(), "", None, "strict", "UTC", BATCH)
    gc.disable()  # see camp.collector; this process ends with the export
    try:
        reading, snapshot = pickle.load(sys.stdin.buffer)
        camp, fmt, words, now, add_unknown, members, slots = snapshot
        DECODE_ERRORS.set(reading.decoding)
        reader = reader_for(reading.fmt)
        if reading.date_order is None:
            items = reader.read(reading.path)
        else:
            items = reader.read(reading.path, reading.date_order)
        report = ImportReport(str(reading.path), fmt, False)
        # The child never touches the database: preparing reads only what it was given.
        nowhere = cast(Database, None)
        job = _Import(nowhere, camp, report, words, now, False, add_unknown, None, members, slots)
        sender = handoff.Sender(sending, reading.spools, sys.stdin.fileno())
        # With spool files, the writer's answers tell the export's lines (it counted
        # them checking the encoding, while this process began); else they are counted.
        counted = None if reading.spools else _count_lines(reading.path)

        def lines() -> int | None:
            return sender.lines if counted is None else counted
        # batch number -> (messages, messages left, seconds reading and sending it,
        # seconds preparing what was not left); waiting for the writer is not counted.
        spent: dict[int, tuple[int, int, float, float]] = {}
        share = 0.0

        def leave() -> float:
            nonlocal share
            share = _balanced_share(share, sender, spent)
            return share

        batches = job._prepared_batches(
            items, _LocalClock(reading.tz), reading.batch, lines, leave=leave
        )
        since = time.perf_counter()
        for prepared in batches:
            sender.send(prepared)
            sent_at = time.perf_counter()
            messages, left, preparing = job.last_batch
            working = sent_at - since - sender.waited
            spent[sender.sent - 1] = (messages, left, working - preparing, preparing)
            spent.pop(sender.sent - 1 - 2 * handoff.SPOOLS - 2, None)
            since, sender.waited = sent_at, 0.0
        sender.say("done", None)
    except BrokenPipeError:
        return  # the importing process stopped: nobody is listening
    except BaseException as exc:  # the importing process says it, in one sentence
        try:
            pickle.dump(("error", exc), sending, pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot be pickled: its words are enough
            failure = CampError(f"Reading {reading.path} failed: {exc}")
            pickle.dump(("error", failure), sending, pickle.HIGHEST_PROTOCOL)
    sending.flush()


def _balanced_share(
    share: float, sender: handoff.Sender, spent: dict[int, tuple[int, int, float, float]]
) -> float:
    """The share of the next batch to leave to the writer, so that the two processes
    take as long over it: from what each spent on the last batch the writer finished.

    Per message, the child reads (and sends) in ``r`` and prepares in ``p``; the writer
    writes in ``w`` and prepares a left message in ``q``. Leaving a share ``s`` makes
    them ``r + (1 - s) p`` and ``w + s q``, equal at ``s = (r + p - w) / (p + q)``. The
    estimate is averaged with the share before, as one batch's figures are noisy (a
    commit that copies the WAL into the database). The times are wall-clock seconds at
    work, the waits for each other left out: the writer's include its waits for the
    disk, which hold the import up as much as its work does.
    """
    sender.waiting()
    finished = sender.finished
    if finished is None or finished[0] not in spent:
        return share
    number, writing, preparing_left = finished
    messages, left, reading, preparing = spent[number]
    if messages == 0:
        return share
    p = preparing / (messages - left) if messages > left else None
    q = preparing_left / left if left else None
    p = p if p is not None else q
    q = q if q is not None else p
    if not p or not q:
        return share
    estimate = (reading / messages + p - writing / messages) / (p + q)
    return min(_MOST_LEFT, max(0.0, (share + estimate) / 2))


class _Import:
    """The state of one import across its batches."""

    def __init__(
        self,
        db: Database,
        camp: Camp,
        report: ImportReport,
        words: list[str],
        now: pendulum.DateTime,
        dry_run: bool,
        add_unknown: bool,
        source: str | None = None,
        members: _Members | None = None,
        slots: SlotIndex | None = None,
    ):
        self.db, self.camp, self.report, self.words = db, camp, report, words
        #: What a text that is not ASCII must hold to be a check-in (keyword_guard).
        self.guard = keyword_guard(tuple(words))
        self.now, self.dry_run, self.add_unknown = now, dry_run, add_unknown
        self.source = source or f"import:{report.format}"
        #: What became of each message, by its ``line``: (what, member, day, window,
        #: points); ``what`` is a check-in status, "message" (activity only), "already"
        #: (stored before), "unknown" (not a member), "removed" or "future".
        self.outcomes: dict[int, tuple[str, str | None, int | None, str | None, int]] = {}
        #: A bot's messages: each one's outcome is kept (for its reply), and a member
        #: matched by name keeps the sender's platform id.
        self.live = source is not None and source.startswith("bot:")
        #: Lines that are never check-ins, whatever they say (a bot's member commands).
        self.not_checkins: set[int] = set()
        #: The camp's members_version as this import last knew its members (read before
        #: them): None until a batch has looked.
        self.members_version: int | None = None
        if members is None:
            self.members_version = self._members_version()
        self.members = members if members is not None else _Members(db, camp)
        self.added_in_batch: list[tuple[int, str, str | None]] = []
        self.days = camp_days(camp)
        self.slots = slots if slots is not None else SlotIndex(self.days, camp.timezone)
        self.mode = camp.definition.checkin_mode
        self.scoring = camp.definition.scoring
        self.now_epoch = now.timestamp()
        self.at_text = _UtcTexts()
        #: (messages, messages left, seconds preparing) of the last batch of
        #: :meth:`_prepared_batches`, and the seconds :meth:`store_prepared` spent
        #: preparing in its last transaction: what the reading child shares work by.
        self.last_batch: tuple[int, int, float] = (0, 0, 0.0)
        self.preparing_seconds = 0.0

    def _forget_added(self) -> None:
        """Members added by a batch that was rolled back do not exist: forget them."""
        for member_id, name, handle in self.added_in_batch:
            self.members.forget(member_id, name, handle)
        self.added_in_batch = []

    def batch_size(self) -> int:
        """Messages per transaction for this camp (see :data:`BIG_CAMP_BATCHES`)."""
        steps = len(self.members.by_name) // MEMBERS_PER_BATCH_STEP
        return BATCH * min(BIG_CAMP_BATCHES, max(1, steps))

    def consume(
        self, items, clock: _LocalClock, progress, total_lines: int, size: int | None = None
    ) -> None:
        """Read every item of the export, storing messages a batch at a time."""
        for prepared in self._prepared_batches(items, clock, size):
            self.store_prepared(prepared)
            if progress and prepared.last_line:
                progress(prepared.last_line, total_lines)
        if progress:
            progress(total_lines, total_lines)

    def hand_over(self, reading: _Reading, reader: _ReadingProcess) -> None:
        """Tell the child process of :meth:`consume_elsewhere` what to read, and how: it
        starts at once, while this process goes on."""
        assert reader.child.stdin is not None
        reading = reading._replace(spools=tuple(spool.fileno() for spool in reader.spools))
        try:
            pickle.dump((reading, self._snapshot()), reader.child.stdin, pickle.HIGHEST_PROTOCOL)
            reader.child.stdin.flush()
        except BrokenPipeError:
            raise CampError(f"The process reading {reading.path} did not start.") from None

    def consume_elsewhere(
        self,
        reading: _Reading,
        reader: _ReadingProcess,
        progress,
        total_lines: int,
        lines: int | None = None,
    ) -> None:
        """Like :meth:`consume`, with the export read and its batches prepared by a child
        process while this one writes the batch before: parsing, matching and
        fingerprints take as long as the writes, and the two cores share them. The
        child never opens the database; it gets the members and the camp as they are
        now, and leaves senders to add to the write (``_Prepared.strangers``).
        ``lines``, the export's as the encoding check counted them, is told the child
        with each answer."""
        child, errors = reader.child, reader.errors
        assert child.stdin is not None and child.stdout is not None
        try:
            receiver = handoff.Receiver(reader.spools, child.stdin, lines)
            while True:
                try:
                    said = pickle.load(child.stdout)
                    # The time the write takes from here, not the wait for the batch.
                    started = time.perf_counter()
                    kind, value = receiver.batch(*said)
                except (EOFError, pickle.UnpicklingError):
                    child.wait()
                    errors.seek(0)
                    said = errors.read().decode("utf-8", "replace").strip().splitlines()
                    kept = (
                        "nothing was written"
                        if self.dry_run
                        else "the batches before were imported; importing again skips them"
                    )
                    raise CampError(
                        f"Reading {reading.path} stopped before its end (the reading "
                        f"process said: {said[-1] if said else f'exit {child.returncode}'})"
                        f"; {kept}."
                    ) from None
                if kind == "done":
                    break
                if kind == "error":
                    raise value
                left, value.left = value.left, []
                self.store_prepared(value, cast("list[tuple[ChatMessage, float, int]]", left))
                receiver.written(time.perf_counter() - started, self.preparing_seconds)
                if progress and value.last_line:
                    progress(value.last_line, total_lines)
        except BrokenPipeError:
            raise CampError(f"The process reading {reading.path} did not start.") from None
        if progress:
            progress(total_lines, total_lines)

    def _snapshot(self) -> tuple:
        """What a child process needs to prepare batches as this import would."""
        return (
            self.camp,
            self.report.format,
            self.words,
            self.now,
            self.add_unknown,
            self.members,
            self.slots,
        )

    def _prepared_batches(
        self,
        items,
        clock: _LocalClock,
        size: int | None = None,
        lines: Callable[[], int | None] | None = None,
        leave: Callable[[], float] | None = None,
    ) -> Iterator[_Prepared]:
        """The export's items in prepared batches of up to ``size`` (:data:`BATCH`)
        messages, sized as :data:`FIRST_BATCH` says; ``lines()``, the export's lines
        once known, tells how much is left. ``leave()``, asked as each batch is complete, is the share of it to
        leave unprepared (``_Prepared.left``)."""
        most = size or BATCH
        size = min(FIRST_BATCH, most)
        read = 0
        occurrences = Occurrences()
        occurrence_of, groups = occurrences.of, occurrences._groups
        epoch_of, hours = clock.epoch, clock._hours
        batch: list[tuple[ChatMessage, float, int]] = []
        append = batch.append
        notes = _Prepared()
        kinds: dict[str, int] = {}
        # Whether the batch has its size, and the second of the message that made it so.
        full, full_second = False, 0
        for item in items:
            if type(item) is not ChatMessage:
                if isinstance(item, ParseProblem):
                    notes.problems.append((item.line, item.reason))
                elif isinstance(item, Layout):
                    notes.layouts.append(item)
                continue
            kind = item[6]
            kinds[kind] = kinds.get(kind, 0) + 1
            if kind != "text":
                continue
            epoch = item[4]
            if epoch is None:
                local_time = item[3]
                if not local_time:
                    notes.problems.append((item.line, "the message has no time"))
                    continue
                # _LocalClock.epoch's common case (an hour already seen, one offset).
                bases = hours.get(local_time[:13])
                if bases is not None and len(bases) == 1 and len(local_time) == 19:
                    try:
                        epoch = bases[0] + int(local_time[14:16]) * 60 + int(local_time[17:19])
                    except ValueError:
                        epoch = None
                    else:
                        clock._last = epoch
                if epoch is None:
                    try:
                        epoch = epoch_of(local_time)
                    except (ValueError, IndexError):
                        notes.problems.append((item.line, f"unreadable time {local_time!r}"))
                        continue
            second = int(epoch)
            # A full batch ends where the second changes: the fingerprints of the next
            # one (its time first) all sort after those stored, and it is written
            # without a conflict check per message (:meth:`_insert_messages`).
            if full and (second != full_second or len(batch) >= 2 * size):
                notes.kinds.update(kinds)
                yield self._prepared_or_left(batch, notes, leave)
                read += len(batch)
                size = min(2 * size, most)
                total = lines() if lines is not None else None
                if total and total >= _LINES_TO_FORESEE:
                    line = batch[-1][0][0]
                    left = (total - line) * read // max(line, 1)
                    size = max(min(size, left // 2), min(FIRST_BATCH, most))
                batch, notes, kinds = [], _Prepared(), {}
                append = batch.append
                full = False
            # Occurrences.of's common case: the first message of its group.
            key = (second, item[1], item[2], item[5])
            if key in groups or len(groups) >= Occurrences._KEEP:
                append((item, epoch, occurrence_of(item, epoch)))
            else:
                groups[key] = item[7]
                append((item, epoch, 0))
            if not full and len(batch) >= size:
                full, full_second = True, second
        notes.kinds.update(kinds)
        yield self._prepared_or_left(batch, notes, leave)

    def _prepared_or_left(
        self,
        batch: list[tuple[ChatMessage, float, int]],
        notes: _Prepared,
        leave: Callable[[], float] | None,
    ) -> _Prepared:
        """The batch prepared, but for the share of its end that ``leave()`` says to leave
        to the write (``_Prepared.left``)."""
        share = leave() if leave is not None else 0.0
        keep = len(batch) - int(len(batch) * share)
        started = time.perf_counter()
        self.prepare(batch[:keep] if keep < len(batch) else batch, notes)
        if keep < len(batch):
            notes.left = [(tuple(m), epoch, occurrence) for m, epoch, occurrence in batch[keep:]]
            notes.last_line = batch[-1][0][0]
        self.last_batch = (len(batch), len(batch) - keep, time.perf_counter() - started)
        return notes

    def _member(self, message: ChatMessage):
        entry = self.members.find(message)
        if entry is not None or not self.add_unknown:
            return entry
        sender, sender_id = message[1], message[2]  # a plain tuple, when left by the child
        name = " ".join(sender.split())
        if not name:
            return None
        member_id = insert_row(
            self.db,
            "members",
            {
                "camp_id": self.camp.id,
                "name": name,
                "name_key": name_key(name),
                "handle": sender_id,
                "joined": utc_text(self.now),
            },
        )
        self.members._add(member_id, name, sender_id, None, "active")
        self.added_in_batch.append((member_id, name, sender_id))
        if name not in self.report.added_members:
            self.report.added_members.append(name)
        return self.members.find(message)

    def _outcome(self, line: int, what: str, member: str | None) -> None:
        if self.live:
            self.outcomes[line] = (what, member, None, None, 0)

    def _link_id(self, member_id: int, sender_id: str) -> None:
        """Keep a live sender's platform id on the member matched by name, so the next
        message is matched by id and reminders can mention them."""
        if sender_id in self.members.by_id:
            return
        linked = self.db.execute(
            "UPDATE members SET handle = ? WHERE id = ? AND (handle IS NULL OR trim(handle) = '')",
            [sender_id, member_id],
        ).rowcount
        if linked:
            self.members.link(sender_id, member_id)

    def store(self, batch: list[tuple[ChatMessage, float, int]]) -> None:
        """One batch in one transaction (rolled back on a dry run)."""
        self.store_prepared(_Prepared(), batch)

    def store_prepared(
        self,
        prepared: _Prepared,
        batch: Sequence[tuple[ChatMessage, float, int]] = (),
    ) -> None:
        """A prepared batch (and ``batch``, prepared now) in one transaction, rolled
        back on a dry run.

        The slots are decided inside the transaction, after the write lock is taken,
        so a check-in recorded meanwhile by ``camp checkin`` or a bot is seen.
        """
        self.added_in_batch = []
        # SQLite checks every row's camp and member (two lookups a row, a sixth of the
        # write); a batch checks its members once instead (:meth:`_members_all_there`).
        # The setting holds between transactions only: inside a caller's, rows are checked.
        unchecked = (
            not self.db.conn.in_transaction
            and self.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        )
        if unchecked:
            self.db.execute("PRAGMA foreign_keys = OFF")
        try:
            with write_transaction(self.db, keep=not self.dry_run):
                # Senders to add wait for the lock: added now, then prepared as members.
                strangers, prepared.strangers = prepared.strangers, []
                started = time.perf_counter()
                if batch or strangers:
                    self.prepare([*strangers, *batch], prepared, in_transaction=True)
                self.preparing_seconds = time.perf_counter() - started
                if unchecked:
                    self._members_all_there(prepared.rows)
                self._write(prepared)
                # New members appear on the leaderboard at once, check-ins or not.
                refresh_member_totals(self.db, self.camp, [m[0] for m in self.added_in_batch])
                if not self.dry_run:
                    self.members_version = self._members_version()
        except BaseException:
            self._forget_added()
            raise
        finally:
            if unchecked:
                self.db.execute("PRAGMA foreign_keys = ON")
        if self.dry_run:
            self._forget_added()

    def _members_version(self) -> int:
        """The camp's count of changes to its members (``camps.members_version``)."""
        row = self.db.execute(
            "SELECT members_version FROM camps WHERE id = ?", [self.camp.id]
        ).fetchone()
        if row is None:
            raise CampError(
                f"The camp {self.camp.slug} was deleted while the export was being "
                "imported; nothing more was imported."
            )
        return int(row[0])

    def _members_all_there(self, rows: list[tuple]) -> None:
        """Every member the batch's rows name still exists, as foreign keys would check.

        When no member of the camp was added, changed or deleted since the last batch
        (its ``members_version`` did not move), the members are the ones this import
        matched against; otherwise each is looked up, once.
        """
        if self._members_version() == self.members_version:
            return
        wanted = sorted({row[1] for row in rows})
        there = self.db.execute(
            "SELECT count(*) FROM members WHERE camp_id = ? "
            "AND id IN (SELECT value FROM json_each(?))",
            [self.camp.id, json.dumps(wanted)],
        ).fetchone()[0]
        if there != len(wanted):
            raise CampError(
                f"{len(wanted) - there} member(s) of {self.camp.slug} were deleted while "
                "the export was being imported; the batches before were imported. Import "
                "it again: what is already in is skipped, and the deleted members' "
                "messages are listed as from unknown senders."
            )

    def prepare(
        self,
        batch: list[tuple[ChatMessage, float, int]],
        prepared: _Prepared,
        *,
        in_transaction: bool = False,
    ) -> _Prepared:
        """The rows of a batch's messages, added to ``prepared``, without writing.

        Off the database (``in_transaction`` False: on the reading thread), a sender
        who is not a member yet but is to be added waits in ``prepared.strangers``.
        A live batch links platform ids, so it is only prepared in its transaction.
        """
        rows, candidates, seen = prepared.rows, prepared.candidates, prepared.seen
        problems, unknown, first_lines = prepared.problems, prepared.unknown, prepared.first_line
        words, camp_id, guard = self.words, self.camp.id, self.guard
        # The helpers' common cases are inlined below: this loop runs for every message
        # of an export, and Python's calls cost more than the work in them.
        find, found_before = self.members.find, self.members._found
        place = self.slots.place_timestamp
        utc_hours, utc_text_of, rest_of_hour = self.at_text._hours, self.at_text, _UtcTexts._REST
        blake2b, fold_wide = hashlib.blake2b, _folded
        by_shift = self.mode == "shift"
        live, latest = self.live, self.now_epoch + 1
        not_checkins = self.not_checkins
        add_now = self.add_unknown and in_transaction
        add_later = self.add_unknown and not in_transaction
        member_messages = 0
        line = 0
        for message, epoch, occurrence in batch:
            line, sender, sender_id = message[0], message[1], message[2]
            entry = found_before.get((sender, sender_id), _NONE_YET)
            if entry is _NONE_YET:
                entry = find(message)
            entry = cast("tuple[int, str, str | None, str] | None", entry)
            if entry is None and add_now:
                entry = self._member(message)
            if entry is None:
                if add_later and sender.strip():
                    prepared.strangers.append((message, epoch, occurrence))
                    continue
                name = sender.strip() or "(no name)"
                unknown[name] += 1
                first_lines.setdefault(name, line)
                self._outcome(line, "unknown", None)
                continue
            member_id, member_name, shift, status = entry
            if status == "removed":
                self._outcome(line, "removed", member_name)
                continue
            member_messages += 1
            if epoch > latest:
                problems.append((line, "the message is dated in the future"))
                self._outcome(line, "future", member_name)
                continue
            if live and sender_id:
                self._link_id(member_id, sender_id)
            text = message[5]
            if text.isascii():
                folded = text.lower()
            elif guard is None or guard(text) is not None:
                folded = fold_wide(text)
            else:
                folded = ""  # none of the keywords can be in it
            is_checkin = False
            for word in words:
                if word in folded:
                    is_checkin = line not in not_checkins
                    break
            # _fingerprint and _UtcTexts, inlined (they must stay the same).
            whole = int(epoch)
            raw = f"{member_id}\x1f{whole}\x1f{text}"
            if occurrence:
                raw += f"\x1f#{occurrence}"
            fingerprint = f"{whole:010x}" + blake2b(raw.encode(), digest_size=10).hexdigest()
            if whole == epoch:
                hour, rest = divmod(whole, 3600)
                prefix = utc_hours.get(hour)
                at = utc_text_of(epoch) if prefix is None else prefix + rest_of_hour[rest]
            else:
                at = utc_text_of(epoch)
            # A message's day is the day of the window it falls in (a late check-in
            # after midnight belongs to the day before), for chatter as for check-ins.
            placement = place(epoch, frozenset({shift}) if shift and by_shift else None)
            if is_checkin:
                candidates[fingerprint] = (
                    member_id,
                    at,
                    placement.day,
                    placement.window,
                    placement.status,
                    line,
                    text,
                )
            rows.append((camp_id, member_id, fingerprint, at, placement.day, int(is_checkin)))
            if live:
                seen[fingerprint] = (line, member_name, is_checkin)
        if batch:
            prepared.last_line = line
        prepared.member_messages += member_messages
        return prepared

    def _write(self, prepared: _Prepared) -> None:
        """Store a prepared batch and judge its new check-ins (inside the transaction)."""
        report = self.report
        report.layouts += prepared.layouts
        for line, reason in prepared.problems:
            report.add_problem(line, reason)
        report.messages += prepared.kinds.total()
        report.by_kind.update(prepared.kinds)
        report.member_messages += prepared.member_messages
        report.unknown_senders.update(prepared.unknown)
        for name, line in prepared.first_line.items():
            report.unknown_first_line.setdefault(name, line)
        candidates, seen = prepared.candidates, prepared.seen
        new = self._insert_messages(prepared.rows) if prepared.rows else []
        report.new_messages += len(new)
        report.already_imported += len(prepared.rows) - len(new)
        if seen:
            fresh = set(new)
            for fingerprint, (line, member_name, is_checkin) in seen.items():
                if fingerprint not in fresh:
                    self._outcome(line, "already", member_name)
                elif not is_checkin:
                    self._outcome(line, "message", member_name)
        if len(new) == len(prepared.rows):  # every row is new, so is every candidate
            added = [(f, *candidate) for f, candidate in candidates.items()]
        else:
            added = [(f, *candidates[f]) for f in new if f in candidates]
        self._record_checkins(added, {f: entry[1] for f, entry in seen.items()} if seen else None)

    def _insert_messages(self, rows: list[tuple]) -> list[str]:
        """Insert the batch's messages; returns the fingerprints that were new, in order.

        A fingerprint begins with its message's time, so when the camp holds none
        between the batch's first and last (a fresh export, the next day's export) and
        the batch repeats none, every row is new: they go in as they are, without a
        conflict check per row and without reading each one back.
        """
        fingerprints = [row[2] for row in rows]
        stored_between = self.db.execute(
            "SELECT 1 FROM messages WHERE camp_id = ? AND fingerprint BETWEEN ? AND ? LIMIT 1",
            [self.camp.id, min(fingerprints), max(fingerprints)],
        ).fetchone()
        if stored_between is None and len(set(fingerprints)) == len(fingerprints):
            self.db.conn.executemany(
                "INSERT INTO messages (camp_id, member_id, fingerprint, at, day, checkin) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            return fingerprints
        new: list[str] = []
        per_statement = 4000
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ",".join(["(?, ?, ?, ?, ?, ?)"] * len(chunk))
            params = [value for row in chunk for value in row]
            new += [
                row[0]
                for row in self.db.execute(
                    "INSERT INTO messages (camp_id, member_id, fingerprint, at, day, checkin) "
                    f"VALUES {values} ON CONFLICT (camp_id, fingerprint) DO NOTHING "
                    "RETURNING fingerprint",
                    params,
                ).fetchall()
            ]
        return new

    def _record_checkins(
        self, candidates: list[tuple], seen_names: dict[str, str] | None = None
    ) -> None:
        """Judge and insert new check-ins, and bring their members' totals up to date.

        ``candidates`` are ``(fingerprint, member id, at, day, window, status, line,
        text)`` as :meth:`prepare` placed them. In time order, so within a batch the
        earliest check-in of a slot counts; one from an earlier batch or from ``camp
        checkin`` is displaced by an earlier one (:class:`camp.services.slots.SlotBook`,
        read inside this batch's transaction). The counted ones are added to their
        members' totals; a member whose earlier check-in was displaced has the totals
        recomputed.
        """
        report, touched, displaced = self.report, set(), set()
        counted_rows: list[tuple[int, int, str, int, str]] = []
        seen_names = seen_names or {}
        inserts = []
        camp_id, source, live = self.camp.id, self.source, self.live
        stamp = utc_text(self.now)
        book = SlotBook(self.db, self.camp)
        counted = [c for c in candidates if c[5] != "outside"]
        book.load((c[1] for c in counted), days=(c[3] for c in counted))
        claim, judged = book.claim_values, report.judged
        # Points depend only on the day and the status: worked out once for each.
        points_of: dict[tuple[int, str], int] = {}
        candidates.sort(key=itemgetter(2))
        for fingerprint, member_id, at, day, window, status, line, text in candidates:
            decision = claim(member_id, status, day, window, at)
            status = decision.status
            points = 0
            if decision.displaced is not None:
                displaced.add(member_id)
            if status in COUNTED_STATUSES:
                points = points_of.get((day, status), -1)
                if points < 0:
                    difficulty = self.days[day - 1].difficulty
                    points = points_of[(day, status)] = checkin_points(
                        self.scoring, difficulty, status
                    )
                touched.add(member_id)
                counted_rows.append((member_id, day, status, points, at))
            judged[status] += 1
            if live:
                self.outcomes[line] = (status, seen_names.get(fingerprint), day, window, points)
            inserts.append(
                (
                    camp_id,
                    member_id,
                    at,
                    day,
                    window,
                    status,
                    points,
                    text,
                    source,
                    fingerprint,
                    stamp,
                )
            )
        report.checkins += len(candidates)
        self.db.conn.executemany(
            "INSERT INTO checkins (camp_id, member_id, at, day, window_name, status, points, "
            "text, source, fingerprint, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
        # A check-in makes a warned member active again. The camp's warned members are
        # few (and indexed): asked for once, rather than each counted member looked up.
        warned = (
            [
                member_id
                for (member_id,) in self.db.execute(
                    "SELECT id FROM members WHERE camp_id = ? AND status = 'warned'", [camp_id]
                )
                if member_id in touched
            ]
            if touched
            else []
        )
        if warned:
            self.db.conn.executemany(
                "UPDATE members SET status = 'active' WHERE id = ? AND status = 'warned'",
                [(member_id,) for member_id in warned],
            )
        add_to_member_totals(self.db, self.camp, (c for c in counted_rows if c[0] not in displaced))
        if displaced:
            refresh_member_totals(self.db, self.camp, displaced)
