"""The terminal UI on a running camp of 100,000 members: launch, first screen, tabs, typing.

Each figure is taken in a fresh process (imports included), headless at 120x40:

- launch to the first screen: the dashboard shows its camps;
- opening the camp: the Today tab shows the day, the progress and who is missing;
- switching to the leaderboard tab: its first rows are on screen;
- one keystroke of the quick check-in: fuzzy matching over every name.

The baselines, measured in the same run: a bare Textual app showing a one-row table
(what any Textual app costs to start), the same app opening a screen of eight tabs whose
first shows a table (what opening a camp costs any Textual app), and a plain substring
scan of the names.
Targets: first screen and opening the camp each under 0.5 s; tabs respond without
blocking (a big camp's names are indexed for the quick check-in after Today is shown).

    python bench/terminal_ui.py [--members 100000] [--db PATH] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pendulum

from camp.calendar import camp_days
from camp.db import open_db
from camp.models import name_key
from camp.scoring import checkin_points
from camp.services.camps import create_camp
from camp.services.totals import refresh_camp_totals

SLUG = "live"
DAYS = 30
#: The benchmark's "now": day 20 of 30, 21:00 in Shanghai, the day's window open.
TODAY = 20
NOW = "2026-09-20T21:00:00+08:00"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "小明红华伟芳娜敏静丽强磊军洋勇艳杰娟涛超"
LATIN = ["Alice", "Bob", "Chen", "Daniel", "Emma", "Fatima", "Grace", "Hiro", "Ivan", "Jun"]


def member_names(count: int, rng: random.Random) -> list[str]:
    """Unique names, two thirds Chinese, one third Latin, as in a real study group."""
    names = []
    for i in range(count):
        if i % 3:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        else:
            name = f"{rng.choice(LATIN)} {rng.choice(LATIN)}"
        names.append(f"{name}{i}")
    return names


def build(path: Path, members: int) -> int:
    """A camp on day 20 of 30: days 1-19 ~90% checked in, day 20 ~40% so far."""
    db = open_db(path)
    now = pendulum.parse(NOW)
    camp = create_camp(
        db,
        "reading-camp",
        name="Autumn reading sprint",
        start=dt.date(2026, 9, 1),
        now=now,
        days=DAYS,
        slug=SLUG,
    )
    plan = camp_days(camp)
    scoring = camp.definition.scoring
    rng = random.Random(20)
    conn = db.conn
    stamp = "2026-08-31T00:00:00.000000Z"
    with db.atomic():
        conn.executemany(
            "INSERT INTO members (camp_id, name, name_key, joined) VALUES (?, ?, ?, ?)",
            ((camp.id, name, name_key(name), stamp) for name in member_names(members, rng)),
        )
    first_id = conn.execute("SELECT MIN(id) FROM members WHERE camp_id = ?", [camp.id]).fetchone()
    rows = 0

    def checkins():
        nonlocal rows
        for day in plan[:TODAY]:
            slot = day.slots[0]
            start = slot.open.in_tz("UTC")
            share = 0.4 if day.number == TODAY else 0.9
            points = checkin_points(scoring, day.difficulty, "on_time")
            for m in range(members):
                if rng.random() >= share:
                    continue
                rows += 1
                at = start.add(seconds=rng.randrange(3600 * 14 if day.number < TODAY else 3600))
                yield (
                    camp.id,
                    first_id[0] + m,
                    at.format("YYYY-MM-DDTHH:mm:ss.000000[Z]"),
                    day.number,
                    slot.window.name,
                    "on_time",
                    points,
                    stamp,
                )

    with db.atomic():
        conn.executemany(
            "INSERT INTO checkins (camp_id, member_id, at, day, window_name, status, points, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            checkins(),
        )
    with db.atomic():
        refresh_camp_totals(db, camp)
    conn.execute("ANALYZE")
    db.close()
    return rows


OURS = """
import asyncio, json, sys, time
start = float(sys.argv[2])
from tui.app import make_app
from textual import events

def press(app, key, char):
    # As the terminal sends a key: Pilot.press would also wait for the whole process
    # (its worker threads too) to go idle, up to a second, before the clock is read.
    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)

async def until(pilot, ready, timeout=60):
    # A plain sleep between looks: Pilot.pause would send every widget on screen a
    # message and wait for all of them, which (every 5 ms) was most of the app's work.
    deadline = time.time() + timeout
    while not ready():
        if time.time() > deadline:
            raise SystemExit("timed out")
        await asyncio.sleep(0.005)
    return time.time()

async def main():
    app = make_app(sys.argv[1])
    async with app.run_test(size=(120, 40)) as pilot:
        first = await until(pilot, lambda: bool(getattr(app.screen, "rows", None)))
        # The camps are listed first; their counts (a big camp's check-ins) follow.
        counted = await until(
            pilot, lambda: all(row.members is not None for row in app.screen.rows)
        )
        # Imported once the first screen is up (not before it, as the app does).
        from tui.screens.camp import CampScreen
        from tui.tabs.today import TodayView

        t = time.time()
        press(app, "enter", "\\r")
        # The screen's widgets are mounted a moment after it is pushed: none yet is "not yet".
        today = await until(
            pilot,
            lambda: isinstance(app.screen, CampScreen)
            and any(view.data is not None for view in app.screen.query(TodayView)),
        ) - t
        view = app.screen.query_one(TodayView)
        names = await until(pilot, lambda: view._names is not None) - t
        t = time.time()
        press(app, "4", "4")
        board = await until(
            pilot, lambda: any(table.row_count > 0 for table in app.screen.query("#board"))
        ) - t
    print(json.dumps({"first": first - start, "counted": counted - start, "today": today,
                      "names": names, "board": board}))

asyncio.run(main())
"""

BARE = """
import asyncio, json, sys, time
start = float(sys.argv[2])
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

class Bare(App):
    # Over the table's own Enter, as the dashboard's Enter opens the camp highlighted.
    BINDINGS = [Binding("enter", "open", "Open", priority=True)]

    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Camp", "Status")
        table.add_row("camp", "running")

    def action_open(self):
        self.push_screen(Tabbed())

class Tabbed(Screen):
    # What opening a camp is for any Textual app: a screen of eight tabs, the first
    # showing a few lines and a table of 30 rows.
    BINDINGS = [("escape", "app.pop_screen", "Back"), ("r", "refresh", "Refresh")]

    def compose(self):
        yield Header()
        with TabbedContent():
            for tab in range(8):
                with TabPane(f"Tab {tab + 1}"):
                    if tab == 0:
                        for line in range(12):
                            yield Static(f"line {line}")
                        yield DataTable(id="rows")
        yield Footer()

    def on_mount(self):
        table = self.query_one("#rows", DataTable)
        table.add_columns("Name", "Status")
        for row in range(30):
            table.add_row(f"member {row}", "missing")

def opened(app):
    if not isinstance(app.screen, Tabbed):
        return False
    found = app.screen.query("#rows")
    return bool(found) and found.first().row_count > 0

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        # Plain sleeps between looks, as the app's figures are taken (see OURS).
        while app.query_one(DataTable).row_count == 0:
            await asyncio.sleep(0.005)
        first = time.time()
        await pilot.pause(0.2)
        t = time.time()
        event = events.Key("enter", "\\r")
        event.set_sender(app)
        app._driver.send_message(event)
        while not opened(app):
            if time.time() - t > 60:
                raise SystemExit("the bare app never opened its tabbed screen")
            await asyncio.sleep(0.005)
        tabbed = time.time() - t
    print(json.dumps({"first": first - start, "tabbed": tabbed}))

asyncio.run(main())
"""


#: Where the launched processes keep their compiled modules, as an installed app has
#: them (``pip`` compiles on install): with ``PYTHONDONTWRITEBYTECODE`` set (CI, some
#: containers), every launch would compile the project's sources again, while the bare
#: app's Textual is read compiled from site-packages. Warmed by one untimed launch.
BYTECODE = Path(tempfile.gettempdir()) / f"camp-bench-tui-bytecode-{os.getuid()}"


def launch(code: str, path: Path) -> dict:
    """Run ``code`` in a fresh process; its figures are measured from the moment of spawning."""
    # Without the tab underline's animation: the figures are the app's work, not a delay.
    env = {**os.environ, "CAMP_NOW": NOW, "TEXTUAL_ANIMATIONS": "none"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), repr(time.time())],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return json.loads(out.splitlines()[-1])


def keystrokes(path: Path) -> tuple[float, float, float]:
    """Milliseconds per quick check-in keystroke: the index, a plain scan, building the index."""
    from tui.fuzzy import NameIndex

    db = open_db(path)
    names = [name for (name,) in db.execute("SELECT name FROM members")]
    db.close()
    t = time.perf_counter()
    index = NameIndex(names)
    built = (time.perf_counter() - t) * 1000
    # Typed one letter at a time, as an operator does: a Chinese name, a Latin one, a number.
    typed = [q[:n] for q in ("王小明", "grace hiro", "4242") for n in range(1, len(q) + 1)]
    t = time.perf_counter()
    for query in typed:
        index.matches(query, 5)
    ours = (time.perf_counter() - t) * 1000 / len(typed)
    folded = [name.casefold() for name in names]
    t = time.perf_counter()
    for query in typed:
        _ = [name for name in folded if query in name][:5]
    bare = (time.perf_counter() - t) * 1000 / len(typed)
    return ours, bare, built


def finding(path: Path) -> list[str]:
    """Search keystrokes and pages deep in the board, each tab's data read as its worker
    reads it, next to a bare LIKE query and a bare keyset page of the same table."""
    from tui.data import load_leaderboard, name_index
    from tui.tabs.checkins_data import load_checkin_grid
    from tui.tabs.members_data import load_members, warm_name_index

    now = pendulum.parse(NOW)
    db = open_db(path)
    camp_id = db.execute("SELECT id FROM camps WHERE slug = ?", [SLUG]).fetchone()[0]
    warm_name_index(db, SLUG)
    name_index(db, SLUG)
    typed = [q[:n] for q in ("王小明", "grace", "wxm") for n in range(1, len(q) + 1)] + ["a"]

    #: One letter, the filter most names pass (or half of them): the costliest keystroke.
    letters = ["a", "g", "1", "王"]

    def per_key(read, keys: list[str] = typed) -> tuple[float, float]:
        times = []
        for query in keys:
            t = time.perf_counter()
            read(query)
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times), max(times)

    def bare_like(query: str) -> None:
        db.execute(
            "SELECT id, name FROM members WHERE camp_id = ? AND name LIKE ? LIMIT 200",
            [camp_id, f"%{query}%"],
        ).fetchall()

    tabs = {
        "Members": lambda q: load_members(db, SLUG, now, search=q),
        "Leaderboard": lambda q: load_leaderboard(db, SLUG, now, by="member", count=200, search=q),
        "Check-ins": lambda q: load_checkin_grid(db, SLUG, now, search=q),
    }
    bare_median, bare_max = per_key(bare_like)
    lines = [
        f"search, per keystroke ({len(typed)} keys: 王小明, grace, wxm typed one letter at "
        f"a time, and a): bare LIKE query median {bare_median:.1f} ms, max {bare_max:.1f} ms"
        "   (target: < 100 ms)"
    ]
    for tab, read in tabs.items():
        median, worst = per_key(read)
        lines.append(f"  {tab:<12} median {median:6.1f} ms   max {worst:6.1f} ms")
    bare_median, bare_max = per_key(bare_like, letters)
    lines.append(
        f"one-letter filters ({', '.join(letters)}; each of them twice): bare LIKE query "
        f"median {bare_median:.1f} ms, max {bare_max:.1f} ms   (target: < 100 ms)"
    )
    for tab, read in tabs.items():
        median, worst = per_key(read, letters * 2)
        lines.append(f"  {tab:<12} median {median:6.1f} ms   max {worst:6.1f} ms")

    def walk(first, following, pages: int = 250) -> tuple[float, float]:
        """Milliseconds of the median page and of the last one, walking ``pages`` deep."""
        page = first()
        times = []
        for _ in range(pages - 1):
            t = time.perf_counter()
            page = following(page)
            times.append((time.perf_counter() - t) * 1000)
            if page is None:
                break
        return statistics.median(times), times[-1]

    def bare_page(last: int | None) -> int | None:
        rows = db.execute(
            "SELECT id, name FROM members WHERE camp_id = ? AND id > ? ORDER BY id LIMIT 200",
            [camp_id, last or 0],
        ).fetchall()
        return rows[-1][0] if rows else None

    def next_members(data):
        if data.next_after is None:
            return None
        return load_members(db, SLUG, now, after=data.next_after)

    def next_board(page):
        return load_leaderboard(
            db,
            SLUG,
            now,
            by="member",
            count=200,
            offset=page.offset + len(page.entries),
            after=page.entries[-1],
        )

    def next_grid(grid):
        return load_checkin_grid(db, SLUG, now, after=grid.page.last_key)

    median, last = walk(lambda: bare_page(None), bare_page)
    lines.append(
        f"pages of 200 rows, walked 250 pages deep (rows 49,801-50,000 last): bare keyset "
        f"query median {median:.1f} ms, last {last:.1f} ms   (target: < 50 ms)"
    )
    walks = {
        "Members": (lambda: load_members(db, SLUG, now), next_members),
        "Leaderboard": (
            lambda: load_leaderboard(db, SLUG, now, by="member", count=200),
            next_board,
        ),
        "Check-ins": (lambda: load_checkin_grid(db, SLUG, now), next_grid),
    }
    for tab, (first, following) in walks.items():
        median, last = walk(first, following)
        lines.append(f"  {tab:<12} median {median:6.1f} ms   last {last:6.1f} ms")
    db.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="reuse or build the database here")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / f"camp-bench-tui-{args.members}.db"
    if not path.exists():
        t = time.perf_counter()
        rows = build(path, args.members)
        print(
            f"built {path}: {args.members:,} members, {rows:,} check-ins "
            f"in {time.perf_counter() - t:.1f} s"
        )
    launch(OURS, path), launch(BARE, path)  # untimed: the compiled modules are written
    # Interleaved: a load on the machine that comes and goes weighs on both alike.
    ours, bare = [], []
    for _ in range(args.repeat):
        ours.append(launch(OURS, path))
        bare.append(launch(BARE, path))
    first = statistics.median(r["first"] for r in ours)
    bare_first = statistics.median(r["first"] for r in bare)
    counted = statistics.median(r["counted"] for r in ours)
    today = statistics.median(r["today"] for r in ours)
    bare_tabbed = statistics.median(r["tabbed"] for r in bare)
    names = statistics.median(r["names"] for r in ours)
    board = statistics.median(r["board"] for r in ours)
    print(
        f"launch to first screen: {first:.3f} s   bare Textual app: {bare_first:.3f} s   "
        f"ratio {first / bare_first:.2f}x   (target: < 0.5 s)"
    )
    print(f"  its counts (members, today's check-ins) filled in: {counted:.3f} s")
    print(
        f"open the camp (Today tab filled): {today:.3f} s   bare Textual screen of eight "
        f"tabs: {bare_tabbed:.3f} s   ratio {today / bare_tabbed:.2f}x   (target: < 0.5 s)"
    )
    print(f"  names indexed for the quick check-in, in the background: {names:.3f} s")
    print(f"switch to the leaderboard tab (rows shown): {board:.3f} s")
    typed, scan, built = keystrokes(path)
    print(
        f"quick check-in keystroke over {args.members:,} names: {typed:.1f} ms   "
        f"plain substring scan: {scan:.1f} ms   ratio {typed / scan:.2f}x   "
        f"(index built once, again when members change: {built:.0f} ms)"
    )
    for line in finding(path):
        print(line)


if __name__ == "__main__":
    main()
