"""Importing the next day's export into a camp that is already big and already running.

    python bench/import_sizes.py [--messages 200000] [--members 2000 --members 100000]
                                 [--held 0 --held 30] [--format csv ...] [--keep DIR]

For camps of 2,000, 20,000 and 100,000 members that already hold 0, 10 and 30 days of
messages and check-ins (about 1.4 messages and 0.9 check-ins per member a day, and their
totals), imports the next day's export of ``--messages`` messages in each format with
`camp import` in a fresh process. Each import is set next to a bare baseline measured in
the same run on a copy of the same camp: a bare `sqlite3.executemany` of the very rows the
import added (its messages and its check-ins, read back), in one transaction, and the
checkpoint at its close. What the import costs beyond that is what grows with the camp,
if anything does: the rate and the ratio should stay flat down each column.
Targets: every format at least 100,000 messages/s and within 1.5x of the bare insert, in
a camp of any of these sizes.

Building the camps takes a while (the 100,000-member camp with 30 days holds 4.2 million
messages and 2.7 million check-ins); ``--keep DIR`` keeps them for the next run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parent))

from imports import CPU_NOTE, FORMATS, Shape, name, timed_import

from camp.db import open_db
from camp.services.camps import create_camp, get_camp
from camp.services.totals import refresh_camp_totals

START = dt.date(2026, 12, 1)
#: Long enough that a camp holding 30 days still has days to come.
LENGTH = 40
UTC_OFFSET = dt.timedelta(hours=8)  # the reading camp's Asia/Shanghai
BUILT = "2026-11-30T00:00:00.000000Z"


def _utc_text(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def _epoch(day: int, seconds: int) -> int:
    """Seconds since the epoch of ``seconds`` after local midnight of camp day ``day``."""
    local = dt.datetime.combine(START + dt.timedelta(days=day - 1), dt.time()) - UTC_OFFSET
    return int(local.replace(tzinfo=dt.UTC).timestamp()) + seconds


def build(path: Path, members: int) -> None:
    """A camp of ``members`` members (named as the exports name them) and no days yet."""
    db = open_db(path)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(
        db, "reading-camp", name="Bench import", start=START, now=now, days=LENGTH, slug="bench"
    )
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO members (camp_id, name, joined) VALUES (?, ?, ?)",
            ((camp.id, name(i), BUILT) for i in range(members)),
        )
        refresh_camp_totals(db, camp)  # each member on the board at once, as when added
    db.close()


def hold_days(path: Path, first: int, last: int) -> None:
    """Store days ``first``..``last`` as imports would have: each member checks in on 90%
    of the days (a message and an on-time check-in in the 06:00-23:00 window) and chats
    on half of them; then the totals, as the imports would have left them."""
    db = open_db(path)
    camp = get_camp(db, "bench")
    ids = [row[0] for row in db.execute("SELECT id FROM members WHERE camp_id = ?", [camp.id])]
    points = 10
    rng = random.Random(first)
    for day in range(first, last + 1):
        rows, checkins = [], []
        for member_id in ids:
            if rng.random() < 0.9:
                epoch = _epoch(day, 6 * 3600 + rng.randrange(17 * 3600))
                fingerprint = f"{epoch:010x}{rng.getrandbits(80):020x}"
                at = _utc_text(epoch)
                rows.append((camp.id, member_id, fingerprint, at, day, 1))
                checkins.append(
                    (
                        camp.id,
                        member_id,
                        at,
                        day,
                        "reading",
                        "on_time",
                        points,
                        "#打卡",
                        "import:csv",
                        fingerprint,
                        BUILT,
                    )
                )
            if rng.random() < 0.5:
                epoch = _epoch(day, rng.randrange(86400))
                fingerprint = f"{epoch:010x}{rng.getrandbits(80):020x}"
                rows.append((camp.id, member_id, fingerprint, _utc_text(epoch), day, 0))
        rows.sort(key=lambda row: row[2])  # an export's messages come in time order
        checkins.sort(key=lambda row: row[2])
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO messages (camp_id, member_id, fingerprint, at, day, checkin) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.conn.executemany(
                "INSERT INTO checkins (camp_id, member_id, at, day, window_name, status, "
                "points, text, source, fingerprint, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                checkins,
            )
    with db.atomic():
        refresh_camp_totals(db, camp)
    db.conn.execute("ANALYZE")
    db.close()


BARE = """
import sqlite3, sys, time
imported, before = sqlite3.connect(sys.argv[2]), sqlite3.connect(sys.argv[1])
MESSAGES = "camp_id, member_id, fingerprint, at, day, checkin"
CHECKINS = ("camp_id, member_id, at, day, window_name, status, points, text, source, "
            "fingerprint, created")
last_message = before.execute("SELECT coalesce(max(id), 0) FROM messages").fetchone()[0]
last_checkin = before.execute("SELECT coalesce(max(id), 0) FROM checkins").fetchone()[0]
before.close()
rows = imported.execute(f"SELECT {MESSAGES} FROM messages WHERE id > ? ORDER BY id",
                        [last_message]).fetchall()
checkins = imported.execute(f"SELECT {CHECKINS} FROM checkins WHERE id > ? ORDER BY id",
                            [last_checkin]).fetchall()
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode = wal")
start = time.perf_counter()
with conn:
    conn.executemany(f"INSERT INTO messages ({MESSAGES}) VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.executemany(f"INSERT INTO checkins ({CHECKINS}) VALUES ({', '.join('?' * 11)})",
                     checkins)
conn.close()  # the checkpoint into the database file, as the import pays at its end
print(time.perf_counter() - start, len(rows))
"""


def copy_db(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    synced(target)


def synced(path: Path) -> None:
    """Wait for ``path`` to be on disk: the gigabyte of a camp's copy must not be
    written out by whichever measurement syncs the file first."""
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def measure(
    camp_db: Path, folder: Path, label: str, count: int, held: int
) -> tuple[float, float, int, float, float]:
    """(import seconds, bare seconds, rows added, writer and reader CPU seconds) of the
    next day's export in ``label``."""
    fmt, suffix, writer = FORMATS[label]
    day = held + 1
    first = dt.datetime.combine(START + dt.timedelta(days=day - 1), dt.time(6))
    members = open_db(camp_db).execute("SELECT count(*) FROM members").fetchone()[0]
    export = folder / f"next-day.{suffix}"
    with export.open("w", encoding="utf-8") as f:
        # 06:00 to 23:00 of that day: its check-ins fall in the window.
        writer(f, count, Shape(members=members, first=first, days=17 / 24))
    synced(export)
    work, bare = folder / "work.db", folder / "bare.db"
    copy_db(camp_db, work)
    copy_db(camp_db, bare)
    # The evening of the imported day: the camp is running, none of it is in the future.
    now = pendulum.datetime(START.year, START.month, START.day, 23, 30, tz="Asia/Shanghai")
    now = now.add(days=day - 1)
    timed = timed_import(work, export, fmt, now.isoformat(), bare, BARE)
    export.unlink()
    return timed.seconds, timed.bare_seconds, timed.bare_rows, timed.writer_cpu, timed.reader_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--members", type=int, action="append")
    parser.add_argument("--held", type=int, action="append", choices=[0, 10, 30])
    parser.add_argument("--format", dest="formats", action="append", choices=sorted(FORMATS))
    parser.add_argument("--keep", type=Path, help="a folder that keeps the built camps")
    args = parser.parse_args()
    sizes = sorted(args.members or [2_000, 20_000, 100_000])
    held_days = sorted(args.held or [0, 10, 30])
    formats = args.formats or list(FORMATS)
    count = args.messages
    print(f"the next day's export of {count:,} messages, imported into camps that hold days")
    print(
        f"{'members':>8} {'days':>5} {'format':<13} {'import s':>9} {'msgs/s':>9} "
        f"{'bare s':>7} {'ratio':>6} {'write µs':>9} {'read µs':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        built = args.keep or scratch
        built.mkdir(parents=True, exist_ok=True)
        for members in sizes:
            held_so_far, camp_db = 0, built / f"camp-{members}-0.db"
            if not camp_db.exists():
                build(camp_db, members)
            for held in held_days:
                target = built / f"camp-{members}-{held}.db"
                if not target.exists():
                    began = time.perf_counter()
                    copy_db(camp_db, target)
                    hold_days(target, held_so_far + 1, held)
                    print(
                        f"(built {members:,} members x {held} days in "
                        f"{time.perf_counter() - began:.0f} s)",
                        file=sys.stderr,
                    )
                camp_db, held_so_far = target, held
                for label in formats:
                    took, bare, rows, writer, reader = measure(camp_db, scratch, label, count, held)
                    flag = "" if rows == count else f"  ({rows:,} rows stored of {count:,})"
                    print(
                        f"{members:>8,} {held:>5} {label:<13} {took:>9.2f} {count / took:>9,.0f} "
                        f"{bare:>7.2f} {took / bare:>5.2f}x {writer / count * 1e6:>9.1f} "
                        f"{reader / count * 1e6:>8.1f}{flag}",
                        flush=True,
                    )
    print("targets: >= 100,000 msgs/s and <= 1.5x the bare insert, flat as the camp grows")
    print(CPU_NOTE)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
