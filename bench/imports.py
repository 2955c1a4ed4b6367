"""Importing a 1,000,000-message chat export (SPEC section 8).

    python bench/imports.py [--messages 1000000]

Prints messages per second end to end (`camp import`, in a fresh process), its peak
memory next to that of a quarter-size export (flat memory: the two stay close), and
the same rows written by a bare `sqlite3.executemany` as a ratio.
Targets: at least 100,000 messages/s, flat memory, within 3x of the bare insert.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pendulum

from camp.db import open_db
from camp.services.camps import create_camp
from camp.services.members import add_members

MEMBERS = 2000
START = dt.date(2026, 12, 1)


def write_export(path: Path, messages: int) -> None:
    """A plain CSV export over 20 days: most chatter, about one in five a check-in."""
    rng = random.Random(5)
    start = dt.datetime(2026, 12, 1, 6, 0)
    step = (20 * 86400) / messages
    with path.open("w", encoding="utf-8") as f:
        f.write("member,time,text\n")
        for i in range(messages):
            at = start + dt.timedelta(seconds=int(i * step))
            who = f"member-{rng.randrange(MEMBERS):04d}"
            text = "#打卡 今天读完第 3 章" if rng.random() < 0.2 else "大家好，今天的任务有点难 😅"
            f.write(f"{who},{at:%Y-%m-%d %H:%M:%S},{text}\n")


def make_db(path: Path) -> None:
    db = open_db(path)
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, "reading-camp", name="Bench import", start=START, now=now, slug="bench")
    add_members(db, camp.slug, [f"member-{i:04d}" for i in range(MEMBERS)], now=now)
    db.close()


IMPORT = """
import resource, sys, time
from camp.cli import main
start = time.perf_counter()
try:
    main(["--db", sys.argv[1], "import", "bench", sys.argv[2], "--json"], standalone_mode=False)
finally:
    took = time.perf_counter() - start
    print(took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""

BARE = """
import hashlib, sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, camp_id INTEGER, member_id INTEGER,"
             " fingerprint TEXT, at TEXT, day INTEGER, checkin INTEGER, UNIQUE (camp_id, fingerprint))")
n = int(sys.argv[2])
# The same shape of rows as the import writes: fingerprints start with the time.
rows = ((1, i % 2000, f"{1764547200 + i:010x}" + hashlib.blake2b(str(i).encode(), digest_size=10).hexdigest(),
         "2026-12-01T12:00:00.000000Z", 1 + i % 20, int(i % 5 == 0)) for i in range(n))
start = time.perf_counter()
with conn:
    conn.executemany("INSERT INTO messages (camp_id, member_id, fingerprint, at, day, checkin) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
print(time.perf_counter() - start)
"""


def run_import(folder: Path, messages: int) -> tuple[float, int]:
    export = folder / f"export-{messages}.csv"
    write_export(export, messages)
    db = folder / f"bench-{messages}.db"
    make_db(db)
    result = subprocess.run(
        [sys.executable, "-c", IMPORT, str(db), str(export)],
        capture_output=True,
        text=True,
        check=True,
    )
    took, peak_kb = result.stderr.split()[-2:]
    return float(took), int(peak_kb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _, small_peak = run_import(folder, args.messages // 4)
        took, peak = run_import(folder, args.messages)
        bare = float(
            subprocess.run(
                [sys.executable, "-c", BARE, str(folder / "bare.db"), str(args.messages)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    rate = args.messages / took
    print(
        f"import of {args.messages:,} messages: {took:.2f} s, {rate:,.0f} messages/s "
        "(target >= 100,000)"
    )
    print(
        f"peak memory: {peak / 1024:.0f} MB for {args.messages:,} messages, "
        f"{small_peak / 1024:.0f} MB for {args.messages // 4:,} (flat when close)"
    )
    print(
        f"bare sqlite3.executemany of the same rows: {bare:.2f} s; ratio {took / bare:.2f}x "
        "(target <= 3x)"
    )


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - start:.0f} s)")
