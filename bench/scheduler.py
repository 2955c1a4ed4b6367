"""The scheduler's figures (SPEC section 8): events of 1,000 camps, and firing lateness.

    python bench/scheduler.py [--camps 1000] [--lateness-camps 50]

1. Derives the events of 1,000 thirty-day camps (pure derivation, target under 1 s),
   then derives and writes them to the events table (target under 2 s), next to a bare
   executemany of the very rows into the same table; then `camp run --once` on those
   camps in a fresh process (target under 2 s), next to a bare `import camp.cli`, and
   the first `camp run --once` after creating them, which writes their events.
2. Starts `camp run` on camps whose events fall due in the next minutes and reports
   how late each event was produced (finished - due), target under 1 s. Takes about
   four minutes: event times are whole minutes of the wall clock.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parent))

from leaderboard import compiled_env

from camp.calendar import camp_days
from camp.clock import from_utc_text
from camp.db import open_db
from camp.events import derive_events
from camp.services.camps import create_camp, get_camp
from camp.services.events import sync_all_events

ROOT = Path(__file__).resolve().parent.parent


def derivation(count: int, folder: Path) -> None:
    db = open_db(folder / "derive.db")
    now = pendulum.datetime(2026, 11, 1, tz="UTC")
    for i in range(count):
        create_camp(
            db, "accounting-sprint", name=f"Sprint {i}", start=dt.date(2026, 12, 1), now=now
        )
    db.close()
    shutil.copy(folder / "derive.db", folder / "fresh.db")  # the camps, no events yet
    db = open_db(folder / "derive.db")
    camps = [get_camp(db, row[0]) for row in db.execute("SELECT slug FROM camps")]
    for camp in camps:
        camp_days(camp)  # plans are cached per process, as in a running scheduler
    start = time.perf_counter()
    total = sum(len(derive_events(c.slug, c.definition, camp_days(c))) for c in camps)
    pure = time.perf_counter() - start
    start = time.perf_counter()
    sync_all_events(db, now)
    first_sync = time.perf_counter() - start
    start = time.perf_counter()
    sync_all_events(db, now)
    resync = time.perf_counter() - start
    rows = db.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY rowid").fetchall()
    db.close()
    bare = bare_insert(folder / "fresh.db", folder / "bare.db", rows)
    print(f"derive the events of {count:,} camps ({total:,} events): {pure:.3f} s (target < 1 s)")
    print(
        f"  + write them to the events table, first time: {first_sync:.3f} s (target < 2 s); "
        f"bare executemany of the same rows: {bare:.3f} s, ratio {first_sync / bare:.2f}x; "
        f"re-sync with nothing changed: {resync:.3f} s"
    )
    once = [cold_run_once(folder / "derive.db") for _ in range(3)]
    started = [cold_start() for _ in range(3)]
    print(
        f"`camp run --once` on those {count:,} camps, a fresh process: {min(once):.3f} s "
        f"(target < 2 s); a bare `import camp.cli`: {min(started):.3f} s"
    )
    first_once = []
    for _ in range(3):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{folder / 'first.db'}{suffix}").unlink(missing_ok=True)
        shutil.copy(folder / "fresh.db", folder / "first.db")
        first_once.append(cold_run_once(folder / "first.db"))
    print(
        f"  the first `camp run --once` after creating them (it writes their events): "
        f"{min(first_once):.3f} s, next to the bare executemany of their rows above"
    )


EVENT_COLUMNS = "key, camp_id, kind, day, window_name, due"


def bare_insert(fresh: Path, target: Path, rows: list[tuple]) -> float:
    """Seconds of one bare executemany of ``rows`` into a copy of ``fresh``, committed."""
    shutil.copy(fresh, target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    with conn:
        conn.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)", rows)
    took = time.perf_counter() - start
    conn.close()
    return took


def cold_run_once(db_path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from camp.cli import main; main()", "--db", str(db_path), "run",
         "--once"],
        check=True,
        capture_output=True,
        env={**compiled_env(), "CAMP_NOW": "2026-11-01T08:00:00+00:00"},
    )
    return time.perf_counter() - start


def cold_start() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import camp.cli"], check=True, env=compiled_env())
    return time.perf_counter() - start


def lateness(count: int, folder: Path) -> None:
    db_path = folder / "late.db"
    db = open_db(db_path)
    now = pendulum.now("UTC")
    first = now.start_of("minute").add(minutes=2)
    times = [first.add(minutes=k).format("HH:mm") for k in range(3)]
    definition = folder / "minutes.toml"
    definition.write_text(
        f"""
[camp]
name = "Minutes"
timezone = "UTC"
days = 1
[[windows]]
name = "now"
open = "{times[0]}"
due = "{times[1]}"
late_until = "{times[2]}"
[ceremonies]
opening = {{ day = 1, at = "{times[0]}" }}
closing = {{ day = 1, at = "{times[2]}" }}
[reminders]
before_due = ["1m"]
task_post = "{times[0]}"
[[channels]]
type = "folder"
path = "out"
""",
        encoding="utf-8",
    )
    for i in range(count):
        create_camp(db, str(definition), name=f"Minutes {i}", start=first.date(), now=now)
    db.close()
    last_due = first.add(minutes=3)
    print(f"{count} camps, events due from {first:%H:%M:%S} to {last_due:%H:%M:%S} UTC; waiting...")
    process = subprocess.Popen(
        [sys.executable, "-c", "from camp.cli import main; main()", "--db", str(db_path), "run"],
        cwd=folder,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(max((last_due - pendulum.now("UTC")).total_seconds() + 10, 0))
    finally:
        process.terminate()
        process.wait(30)
    db = open_db(db_path)
    late = [
        (from_utc_text(finished) - from_utc_text(due)).total_seconds()
        for due, finished in db.execute(
            "SELECT due, finished FROM events WHERE status = 'done' AND due >= ?",
            [first.in_tz("UTC").format("YYYY-MM-DDTHH:mm:ss.SSSSSS[Z]")],
        )
    ]
    if not late:
        print("no event fired: is the machine's clock right?")
        return
    late.sort()
    print(
        f"{len(late)} events fired; lateness median {statistics.median(late):.3f} s, "
        f"95th percentile {late[int(len(late) * 0.95) - 1]:.3f} s, worst {late[-1]:.3f} s "
        "(target < 1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--camps", type=int, default=1000)
    parser.add_argument("--lateness-camps", type=int, default=50)
    parser.add_argument("--skip-lateness", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        derivation(args.camps, Path(tmp))
        if not args.skip_lateness:
            lateness(args.lateness_camps, Path(tmp))


if __name__ == "__main__":
    main()
