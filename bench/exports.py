"""Rendering exports: a 50-row PNG card and a 1,000-row HTML page (issue figures).

    python bench/exports.py

Builds a camp of 1,000 members with a week of check-ins, then prints the median
seconds to render a 50-row leaderboard card and the 1,000-row HTML page with its report.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

import pendulum

from camp.calendar import camp_days
from camp.db import open_db
from camp.exporters.html import render_leaderboard_html
from camp.exporters.png import render_leaderboard_png
from camp.services.camps import create_camp
from camp.services.members import add_members
from camp.services.report import camp_report
from camp.services.standings import standings_as_of
from camp.services.totals import refresh_camp_totals

MEMBERS = 1000


def build(path: Path):
    db = open_db(path)
    now = pendulum.datetime(2026, 12, 20, tz="UTC")
    camp = create_camp(
        db,
        "copywriting-cp",
        name="导出基准 Export bench",
        start=dt.date(2026, 12, 1),
        now=pendulum.datetime(2026, 11, 30, tz="UTC"),
        slug="bench",
    )
    names = [f"成员{i:04d}" if i % 2 else f"member-{i:04d}" for i in range(MEMBERS)]
    add_members(db, camp.slug, names, now=now)
    ids = [row[0] for row in db.execute("SELECT id FROM members ORDER BY id")]
    rng = random.Random(3)
    rows = []
    for day in camp_days(camp):
        slot = day.slots[0]
        for member_id in ids:
            if rng.random() < 0.8:
                at = slot.open.add(minutes=rng.randint(0, 200)).in_tz("UTC")
                rows.append(
                    (
                        camp.id,
                        member_id,
                        at.format("YYYY-MM-DDTHH:mm:ss.000000[Z]"),
                        day.number,
                        "night",
                        "on_time",
                        10 * day.difficulty,
                        "x",
                    )
                )
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO checkins (camp_id, member_id, at, day, window_name, status, points, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        refresh_camp_totals(db, camp)
    return db, now


def median_seconds(action, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db, now = build(Path(tmp) / "exports.db")
        top50 = standings_as_of(db, "bench", now=now, top=50)
        everyone = standings_as_of(db, "bench", now=now)
        report = camp_report(db, "bench", now=now)
        card = median_seconds(lambda: render_leaderboard_png(top50, per_page=50))
        page = median_seconds(lambda: render_leaderboard_html(everyone, report))
        whole = median_seconds(
            lambda: render_leaderboard_html(
                standings_as_of(db, "bench", now=now), camp_report(db, "bench", now=now)
            )
        )
    print(f"50-row PNG card: {card:.3f} s")
    print(
        f"1,000-row HTML page with the report: {page:.3f} s to render "
        f"({whole:.3f} s including the standings and report queries)"
    )


if __name__ == "__main__":
    main()
