"""`camp whatif`: the board under other scoring rules, in memory, writing nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import random
import sqlite3
import tempfile
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.services.camps import create_camp
from camp.services.checkins import adjust_points, record_checkin
from camp.services.leave import grant_leave
from camp.services.members import add_members, auto_pair
from camp.services.standings import standings_as_of
from camp.services.whatif import parse_setting, render_whatif_text, what_if

DATA = Path(__file__).resolve().parent.parent / "data"
AFTER = pendulum.datetime(2026, 12, 20, tz="UTC")
NAMES = [f"m{i}" for i in range(8)]


def random_camp(db, folder: Path, seed: int, rule: tuple[str, str] = ("", "")) -> str:
    """A finished 7-day pair camp of random check-ins, makeups, leave and an adjustment;
    ``rule`` replaces a line of its scoring."""
    text = (DATA / "cp.toml").read_text()
    if rule[0]:
        text = text.replace(rule[0], rule[1])
    path = folder / "w.toml"
    path.write_text(text + "\n[members]\nleave_quota = 2\n")
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(path), name="W", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, NAMES, now=now)
    auto_pair(db, camp.slug, now=now)
    rng = random.Random(seed)
    for day in camp_days(camp):
        slot = day.slots[0]
        for name in NAMES:
            roll = rng.random()
            score = rng.randint(0, 100) if day.task.graded else None
            if roll < 0.25:
                continue
            at = (slot.open if roll < 0.7 else slot.due).add(minutes=rng.randint(1, 50))
            record_checkin(db, camp.slug, name, now=AFTER, at=at, score=score)
    for name in rng.sample(NAMES, 3):
        with contextlib.suppress(CampError):
            record_checkin(db, camp.slug, name, now=AFTER, makeup_day=rng.randint(1, 7))
        with contextlib.suppress(CampError):
            grant_leave(db, camp.slug, name, rng.randint(1, 7), reason="off", now=AFTER)
    adjust_points(db, camp.slug, NAMES[0], -3, reason="spam", now=AFTER, day=2)
    return camp.slug


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    by=st.sampled_from(["member", "pair"]),
    day=st.one_of(st.none(), st.integers(1, 7)),
    rule=st.sampled_from(
        [
            ("", ""),
            ("late_factor = 0.5", 'late_factor = 0.35\nrank_by = "completion"'),
            ("streak_cap = 10", "streak_cap = 3"),
        ]
    ),
)
def test_whatif_with_no_change_is_the_real_board(seed, by, day, rule):
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "w.db")
        slug = random_camp(db, Path(folder), seed, rule)
        real = standings_as_of(db, slug, now=AFTER, by=by, day=day)
        result = what_if(db, slug, [], now=AFTER, by=by, day=day)
        assert [(e.name, e.rank, e.points) for e in result.entries] == [
            (e.name, e.rank, e.points) for e in real.entries
        ]
        assert not result.changes
        db.close()


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "w.db")


def test_a_late_factor_moves_the_late_ones(db, tmp_path):
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    camp = create_camp(db, str(DATA / "cp.toml"), name="L", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, ["Ann", "Ben"], now=now)
    day_5 = camp_days(camp)[4]  # difficulty 4: 40 on time, 20 late at 0.5, 32 at 0.8
    record_checkin(db, camp.slug, "Ann", now=AFTER, at=day_5.slots[0].due.add(minutes=5))
    day_3 = camp_days(camp)[2]  # difficulty 2: 20 on time
    record_checkin(db, camp.slug, "Ben", now=AFTER, at=day_3.slots[0].open.add(minutes=5))
    assert [e.name for e in standings_as_of(db, camp.slug, now=AFTER).entries] == ["Ben", "Ann"]
    result = what_if(db, camp.slug, ["scoring.late_factor=0.8"], now=AFTER)
    assert [
        (m.name, m.rank, m.points, m.was_rank, m.was_points, m.moved) for m in result.entries
    ] == [
        ("Ann", 1, 32, 2, 20, 1),
        ("Ben", 2, 20, 1, 20, -1),
    ]
    data = result.to_json()
    assert data["set"] == {"scoring.late_factor": 0.8} and data["changes"] == 2
    both = what_if(db, camp.slug, ["scoring.late_factor=0.8", "scoring.base=5"], now=AFTER)
    assert [(m.name, m.points) for m in both.entries] == [("Ann", 16), ("Ben", 10)]


def test_a_chinese_camps_what_if_reads_in_chinese(db, tmp_path):
    now = pendulum.datetime(2026, 11, 30, tz="UTC")
    path = tmp_path / "zh.toml"
    path.write_text((DATA / "cp.toml").read_text().replace('language = "en"', 'language = "zh"'))
    camp = create_camp(db, str(path), name="中", start=dt.date(2026, 12, 1), now=now, slug="zh")
    add_members(db, camp.slug, ["小明", "Ben"], now=now)
    day_5 = camp_days(camp)[4]
    record_checkin(db, camp.slug, "小明", now=AFTER, at=day_5.slots[0].due.add(minutes=5))
    day_3 = camp_days(camp)[2]
    record_checkin(db, camp.slug, "Ben", now=AFTER, at=day_3.slots[0].open.add(minutes=5))
    moved = render_whatif_text(what_if(db, "zh", ["scoring.late_factor=0.8"], now=AFTER))
    assert moved.splitlines() == [
        "假如 scoring.late_factor=0.8 · zh · 截至第 7 天",
        "第   1 名  小明  32 分  ↑1  （原第 2 名，20 分）",
        "第   2 名  Ben  20 分  ↓1  （原第 1 名，20 分）",
    ]
    same = render_whatif_text(what_if(db, "zh", [], now=AFTER))
    assert same.splitlines()[1] == "排名不变：榜单和现在一样。"
    assert "不改规则" in same.splitlines()[0]


def test_bad_settings_are_refused_in_one_sentence(db, tmp_path):
    slug = random_camp(db, tmp_path, 3)
    for setting, words in (
        ("late_factor", "--set 'late_factor' is not KEY=VALUE"),
        ("camp.days=9", "--set camp.days: what-if changes the scoring rules only"),
        ("scoring.late_factor=2", "--set: scoring.late_factor: 2 is out of range"),
        ("scoring.team=avg", '--set: scoring.team: "avg" is not allowed'),
        ("scoring.bonus=1", "--set: scoring.bonus: unknown key"),
    ):
        with pytest.raises(CampError) as caught:
            what_if(db, slug, [setting], now=AFTER)
        assert str(caught.value).startswith(words), str(caught.value)
    assert parse_setting("scoring.team=mean") == ("scoring.team", "mean")
    assert parse_setting("scoring.by_difficulty=false") == ("scoring.by_difficulty", False)


def test_whatif_writes_nothing(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from camp.cli import main

    path = tmp_path / "w.db"
    db = open_db(path)
    slug = random_camp(db, tmp_path, 11)
    db.close()
    watcher = sqlite3.connect(path)
    version = watcher.execute("PRAGMA data_version").fetchone()[0]
    files = sorted(tmp_path.glob("w.db*"))
    before = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    monkeypatch.setenv("CAMP_NOW", "2026-12-20T12:00:00+08:00")
    result = CliRunner().invoke(
        main, ["--db", str(path), "whatif", slug, "--set", "scoring.late_factor=0.8", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == version
    after = {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(tmp_path.glob("w.db*"))
    }
    assert after == before
    watcher.close()
