"""How the leaderboard figures grow with the camp: 10,000, 100,000 and 1,000,000 members.

For each camp size it builds (or reuses, from --db-dir) a finished camp like
bench/leaderboard.py's (about 95% of the members check in each day), then measures, each
next to a bare SQL baseline measured in the same run, with the ratio:

- the full leaderboard from a cold process (the whole process and its compute), against
  a bare GROUP BY of every counted check-in, also from a cold process; and the whole
  ``camp leaderboard`` command (text written to /dev/null) against the bare process;
- the standings as of the day before the last and as of the middle day, each against a
  bare GROUP BY of those days: the first time (the board worked out, then stored) and
  after (the stored board read back);
- one page deep in the board (the 200 rows ending at the middle), against a bare read
  of 200 rows from the rank index at that place;
- the top 50 right after one more check-in, against a bare read of the top 50 rows.

In-process figures are medians of --repeat runs, ours and the baseline taken in turn (so
a busy machine slows both alike); the CPU seconds of each are printed too. Then, for each
figure, how much it grows per 10x more members.

The camps are built with direct SQL inserts into a database created through the public
services (as bench/leaderboard.py builds them): 100,000 members x 30 days (3 million
check-ins) take about a minute. 1,000,000 members x 30 days is 30 million check-ins and
several gigabytes, more than a quick run has time for: sizes above --max-members
(default 100,000) are skipped unless you raise it, and --large-days (default 5) sets the
days of camps above 100,000 members.

    python bench/scale.py [--sizes 10000,100000,1000000] [--max-members 100000]
                          [--days 30] [--large-days 5] [--db-dir /tmp] [--repeat 5]
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parent))

from leaderboard import BARE, OURS, SLUG, build, command, compiled_env

from camp.db import open_db
from camp.services.checkins import record_checkin
from camp.services.standings import standings_as_of

NOW = pendulum.datetime(2026, 12, 31, tz="UTC")
COUNTED = "status IN ('on_time', 'late', 'makeup')"


def cold(code: str, path: Path, members: int) -> tuple[float, float]:
    """(wall seconds of the whole process, seconds of its compute)."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), str(members)],
        check=True,
        capture_output=True,
        text=True,
        env=compiled_env(),
    ).stdout
    wall = time.perf_counter() - start
    return wall, float(out.split()[1])


def paired(
    ours: Callable[[], object],
    bare: Callable[[], object],
    repeat: int,
    prepare: Callable[[], object] | None = None,
) -> dict:
    """Median wall and CPU seconds of ``ours`` and ``bare``, run in turn (``prepare``
    runs untimed before each run of ``ours``)."""
    times: dict[str, list[float]] = {"ours": [], "bare": [], "ours_cpu": [], "bare_cpu": []}
    ours()  # warm: the camp's plan is cached per process, the pages are in memory
    bare()
    for _ in range(repeat):
        for name, run in (("ours", ours), ("bare", bare)):
            if name == "ours" and prepare is not None:
                prepare()
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            times[f"{name}_cpu"].append(time.process_time() - cpu)
            times[name].append(time.perf_counter() - wall)
    return {name: statistics.median(values) for name, values in times.items()}


def measure(path: Path, members: int, days: int, repeat: int) -> dict[str, dict]:
    """Each figure by a key that stays the same across sizes, with its ``label``."""
    figures: dict[str, dict] = {}
    ours = [cold(OURS, path, members) for _ in range(repeat)]
    bare = [cold(BARE, path, members) for _ in range(repeat)]
    bare_wall = statistics.median(w for w, _ in bare)
    figures["whole"] = {
        "label": "full board, cold process (whole process)",
        "ours": statistics.median(w for w, _ in ours),
        "bare": bare_wall,
    }
    figures["compute"] = {
        "label": "full board, cold process (its compute)",
        "ours": statistics.median(c for _, c in ours),
        "bare": statistics.median(c for _, c in bare),
    }
    figures["command"] = {
        "label": "camp leaderboard, text to /dev/null (whole)",
        "ours": statistics.median(command(path) for _ in range(repeat)),
        "bare": bare_wall,
    }
    db = open_db(path)
    camp_id = db.execute("SELECT id FROM camps WHERE slug = ?", [SLUG]).fetchone()[0]
    # The day before the last (the totals less one day) and the middle of the camp: the
    # first time a day is asked for (worked out, then stored), and after (read back).
    def forget() -> None:
        with db.atomic():
            db.execute("DELETE FROM stored_boards WHERE camp_id = ?", [camp_id])

    for key, day in (("as_of", days - 1), ("as_of_middle", max(days // 2, 1))):
        for suffix, label, prepare in (
            ("_first", "worked out", forget),
            ("", "stored", None),
        ):
            figures[key + suffix] = {
                "label": f"as of day {day} of {days}, {label}",
                **paired(
                    lambda day=day: standings_as_of(db, SLUG, now=NOW, day=day),
                    lambda day=day: db.execute(
                        f"SELECT member_id, SUM(points) FROM checkins WHERE {COUNTED} "
                        "AND day <= ? GROUP BY member_id",
                        [day],
                    ).fetchall(),
                    repeat,
                    prepare,
                ),
            }
    size = 200
    offset = max(members // 2 - size, 0)
    middle = db.execute(
        "SELECT total FROM member_totals WHERE camp_id = ? "
        "ORDER BY total DESC, on_time DESC, last_at LIMIT 1 OFFSET ?",
        [camp_id, offset],
    ).fetchone()[0]

    def page() -> None:
        board = standings_as_of(db, SLUG, now=NOW, offset=offset, top=size)
        assert len(board.entries) == size

    figures["page"] = {
        "label": f"page of rows {offset + 1:,}-{offset + size:,}",
        **paired(
            page,
            lambda: db.execute(
                "SELECT m.name, t.total, t.on_time FROM member_totals t "
                "JOIN members m ON m.id = t.member_id WHERE t.camp_id = ? AND t.total <= ? "
                "ORDER BY t.total DESC, t.on_time DESC, t.last_at LIMIT ?",
                [camp_id, middle, size],
            ).fetchall(),
            repeat,
        ),
    }
    figures["top50"] = {
        "label": "top 50 right after one more check-in",
        **paired(
            lambda: standings_as_of(db, SLUG, now=NOW, top=50),
            lambda: db.execute(
                "SELECT m.name, t.total, t.on_time FROM member_totals t "
                "JOIN members m ON m.id = t.member_id WHERE t.camp_id = ? "
                "ORDER BY t.total DESC, t.on_time DESC, t.last_at LIMIT 50",
                [camp_id],
            ).fetchall(),
            repeat,
            prepare=lambda: _one_more_checkin(db),
        ),
    }
    db.close()
    return figures


def _one_more_checkin(db) -> None:
    """A makeup of day 1 for a member who missed it (none left: nothing)."""
    found = db.execute(
        "SELECT m.name FROM members m WHERE m.camp_id = (SELECT id FROM camps WHERE slug = ?) "
        "AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.member_id = m.id AND c.day = 1) "
        "AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.member_id = m.id "
        "AND c.status = 'makeup') LIMIT 1",
        [SLUG],
    ).fetchone()
    if found is not None:
        record_checkin(db, SLUG, found[0], now=NOW, makeup_day=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--max-members", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--large-days", type=int, default=5)
    parser.add_argument("--db-dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    results: dict[int, dict[str, dict]] = {}
    for members in sizes:
        if members > args.max_members:
            print(f"{members:,} members: skipped (above --max-members {args.max_members:,})")
            continue
        days = args.days if members <= 100_000 else args.large_days
        path = args.db_dir / f"camp-bench-{members}x{days}.db"
        if not path.exists():
            started = time.perf_counter()
            rows = build(path, members, days)
            print(
                f"built {path}: {members:,} members, {rows:,} check-ins "
                f"in {time.perf_counter() - started:.1f} s"
            )
        print(f"\n{members:,} members x {days} days ({path})")
        results[members] = measure(path, members, days, args.repeat)
        for figure in results[members].values():
            cpu = ""
            if "ours_cpu" in figure:
                cpu = (
                    f"   cpu {figure['ours_cpu'] * 1000:,.1f} vs "
                    f"{figure['bare_cpu'] * 1000:,.1f} ms "
                    f"({figure['ours_cpu'] / figure['bare_cpu']:.2f}x)"
                )
            print(
                f"  {figure['label']:<46} {figure['ours'] * 1000:>9,.1f} ms   bare "
                f"{figure['bare'] * 1000:>9,.1f} ms   {figure['ours'] / figure['bare']:5.2f}x{cpu}"
            )
    measured = sorted(results)
    if len(measured) > 1:
        print("\ngrowth per 10x members (ours, bare):")
        for small, large in itertools.pairwise(measured):
            tens = math.log10(large / small)
            print(f"  {small:,} -> {large:,} members:")
            for key, figure in results[large].items():
                before = results[small][key]
                ours = (figure["ours"] / before["ours"]) ** (1 / tens)
                bare = (figure["bare"] / before["bare"]) ** (1 / tens)
                print(f"    {figure['label']:<46} x{ours:6.2f}   bare x{bare:6.2f}")


if __name__ == "__main__":
    main()
