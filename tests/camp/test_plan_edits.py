"""Changing one day's task of an existing camp: stored, announced, and nothing else moved."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pendulum
import pytest

from camp.calendar import camp_days
from camp.db import open_db
from camp.services.announcing import preview_announcement
from camp.services.camps import create_camp, get_camp
from camp.services.events import sync_camp_events
from camp.services.plan_edits import (
    TaskEditError,
    clear_day_task,
    editable_day,
    has_own_task,
    set_day_task,
)
from camp.services.running import run_due

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 11, 19)
ZONE = "Asia/Shanghai"


def local(day: int, hh_mm: str) -> pendulum.DateTime:
    """Local time on day ``day`` of the camp (no rest days in the CP template)."""
    hour, minute = map(int, hh_mm.split(":"))
    date = START + dt.timedelta(days=day - 1)
    return pendulum.datetime(date.year, date.month, date.day, hour, minute, tz=ZONE)


BEFORE = local(1, "00:00").subtract(days=2)
DAY_5 = local(5, "21:00")


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "edits.db")
    create_camp(database, "copywriting-cp", name="CP", start=START, now=BEFORE, slug="cp")
    yield database
    database.close()


def stored(db) -> str:
    return db.execute("SELECT definition FROM camps WHERE slug = 'cp'").fetchone()[0]


def titles(db) -> list[str]:
    return [day.task.title for day in camp_days(get_camp(db, "cp"))]


def test_a_future_day_gets_its_own_task_and_no_other_day_changes(db):
    before = camp_days(get_camp(db, "cp"))
    day = set_day_task(db, "cp", 6, title="  写一封道歉信 ", text="三段，每段一句。", now=DAY_5)
    assert (day.number, day.task.title, day.task.body) == (6, "写一封道歉信", "三段，每段一句。")
    assert day.difficulty == before[5].difficulty  # left out: kept
    camp = get_camp(db, "cp")
    assert has_own_task(camp, 6) and not has_own_task(camp, 5)
    saved = json.loads(stored(db))["tasks"]["days"]
    assert [(entry["day"], entry["title"]) for entry in saved] == [(6, "写一封道歉信")]
    after = camp_days(camp)
    assert [d.task for d in after if d.number != 6] == [d.task for d in before if d.number != 6]
    # The events already follow the new definition: nothing is left to sync.
    assert sync_camp_events(db, camp, DAY_5) == 0


def test_the_difficulty_can_change_and_the_text_left_out_is_kept(db):
    before = camp_days(get_camp(db, "cp"))[6]
    day = set_day_task(db, "cp", 7, title="Final pitch", difficulty=3, now=DAY_5)
    assert day.difficulty == 3 and day.task.difficulty == 3
    assert day.task.body == before.task.body
    day = set_day_task(db, "cp", 7, title="Final pitch", text="", now=DAY_5)
    assert day.task.body == "" and day.difficulty == 3


def test_later_days_keep_the_pool_task_they_had(db):
    # Days 2 and 3 both have difficulty 2: the pool's tasks take turns between them.
    before = camp_days(get_camp(db, "cp"))
    assert before[1].difficulty == before[2].difficulty == 2
    set_day_task(db, "cp", 2, title="Own task", now=BEFORE)
    camp = get_camp(db, "cp")
    after = camp_days(camp)
    assert after[1].task.title == "Own task"
    assert [d.task for d in after[2:]] == [d.task for d in before[2:]]
    assert has_own_task(camp, 3)  # kept by setting it for that day


def test_a_day_can_be_named_by_its_date(db):
    day = set_day_task(db, "cp", START + dt.timedelta(days=6), title="Last", now=DAY_5)
    assert day.number == 7 and titles(db)[6] == "Last"


@pytest.mark.parametrize(
    ("day", "fields", "field", "words"),
    [
        (5, {"title": "Too late"}, "day", "Day 5 of cp began at 2026-11-23 20:00"),
        (1, {"title": "Too late"}, "day", "Day 1 of cp began"),
        (8, {"title": "Nope"}, "day", "Day 8 is outside cp; its days run from 1 to 7."),
        (0, {"title": "Nope"}, "day", "Day 0 is outside cp"),
        (dt.date(2026, 12, 1), {"title": "Nope"}, "day", "2026-12-01 is not a day of cp"),
        (6, {"title": "   "}, "title", "The title is empty"),
        (6, {"title": "x" * 121}, "title", "keep it to 120"),
        (6, {"title": "Fine", "difficulty": 6}, "difficulty", "Difficulty 6 is out of range"),
        (6, {"title": "Fine", "difficulty": 0}, "difficulty", "from 1 (easiest) to 5"),
    ],
)
def test_bad_edits_are_refused_with_a_sentence_and_nothing_changes(db, day, fields, field, words):
    text = stored(db)
    with pytest.raises(TaskEditError) as caught:
        set_day_task(db, "cp", day, now=DAY_5, **fields)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert stored(db) == text


def test_a_rest_day_has_no_task_to_edit(tmp_path):
    source = (DATA / "cp.toml").read_text()
    definition = tmp_path / "rest.toml"
    definition.write_text(source.replace("days = 7\n", 'days = 7\nrest = ["2026-11-21"]\n', 1))
    db = open_db(tmp_path / "rest.db")
    try:
        create_camp(db, str(definition), name="Rest", start=START, now=BEFORE, slug="rest")
        with pytest.raises(TaskEditError, match=r"2026-11-21 is a rest day of rest; rest days"):
            set_day_task(db, "rest", dt.date(2026, 11, 21), title="Nope", now=BEFORE)
        with pytest.raises(TaskEditError, match="rest day"):
            editable_day(db, "rest", dt.date(2026, 11, 21), BEFORE)
        assert editable_day(db, "rest", dt.date(2026, 11, 22), BEFORE).number == 3
    finally:
        db.close()


def test_future_announcements_use_the_new_task_and_past_ones_stay(db):
    # The scheduler posted day 4's task at 08:00 on day 4.
    report = run_due(db, local(4, "08:00").add(seconds=10))
    assert "cp/task/d4" in report.produced
    posted = db.execute("SELECT text FROM outbox WHERE event_key = 'cp/task/d4'").fetchone()[0]
    old_day_4 = titles(db)[3]
    assert old_day_4 in posted
    with pytest.raises(TaskEditError, match="Day 4 of cp began"):
        set_day_task(db, "cp", 4, title="Rewritten", now=DAY_5)

    set_day_task(db, "cp", 6, title="全新的第六天任务", now=DAY_5)
    assert "全新的第六天任务" in preview_announcement(db, "cp/task/d6", DAY_5)
    assert db.execute("SELECT text FROM outbox WHERE event_key = 'cp/task/d4'").fetchone() == (
        posted,
    )
    # When day 6's task falls due, the scheduler posts the new one.
    run_due(db, local(6, "08:00").add(seconds=10))
    text = db.execute("SELECT text FROM outbox WHERE event_key = 'cp/task/d6'").fetchone()[0]
    assert "全新的第六天任务" in text


def test_an_announced_task_cannot_change_even_before_the_day_begins(db):
    run_due(db, local(6, "08:00").add(seconds=10))
    with pytest.raises(
        TaskEditError, match="task of day 6 of cp was announced at 2026-11-24 08:00"
    ):
        set_day_task(db, "cp", 6, title="Too late", now=local(6, "09:00"))
    assert editable_day(db, "cp", 7, local(6, "09:00")).number == 7


def test_clearing_a_days_task_brings_the_pool_back(db):
    pool_title = titles(db)[5]
    set_day_task(db, "cp", 6, title="Own", now=DAY_5)
    day = clear_day_task(db, "cp", 6, now=DAY_5)
    assert day.task.title == pool_title
    assert not has_own_task(get_camp(db, "cp"), 6)
    with pytest.raises(TaskEditError, match="already takes its task from the pool"):
        clear_day_task(db, "cp", 6, now=DAY_5)


def test_clearing_is_refused_when_the_pool_lacks_the_difficulty(tmp_path):
    # cp.toml gives day 7 its own task of difficulty 5; without it the pool still has one.
    source = (DATA / "cp.toml").read_text()
    definition = tmp_path / "no5.toml"
    definition.write_text(
        source.replace('[[tasks.pool]]\ndifficulty = 5\ntitle = "Campaign"\n', "", 1)
    )
    db = open_db(tmp_path / "no5.db")
    try:
        create_camp(db, str(definition), name="No five", start=START, now=BEFORE, slug="nf")
        with pytest.raises(TaskEditError, match="no task of that difficulty; set its task instead"):
            clear_day_task(db, "nf", 7, now=BEFORE)
    finally:
        db.close()


def test_the_command_line_sets_and_clears_a_days_task(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from camp.cli import main

    monkeypatch.setenv("CAMP_NOW", DAY_5.isoformat())
    db_path = tmp_path / "camp.db"
    db = open_db(db_path)
    try:
        create_camp(db, "copywriting-cp", name="CP", start=START, now=BEFORE, slug="cp")
    finally:
        db.close()

    def camp(*args: str):
        return CliRunner().invoke(main, ["--db", str(db_path), *args], catch_exceptions=False)

    result = camp("task", "cp", "6", "--title", "Letter", "--difficulty", "3")
    assert result.exit_code == 0 and result.stdout == "Day 6 (2026-11-24) of cp: Letter\n"
    result = camp("task", "cp", "2026-11-25", "--title", "Pitch")
    assert result.exit_code == 0 and "Day 7" in result.stdout
    result = camp("task", "cp", "5", "--title", "Late")
    assert result.exit_code != 0 and "Day 5 of cp began" in result.output
    result = camp("task", "cp", "six", "--title", "x")
    assert result.exit_code != 0 and "neither a day number nor a date" in result.output
    result = camp("task", "cp", "6")
    assert result.exit_code != 0 and "Give either --title" in result.output
    result = camp("task", "cp", "6", "--clear")
    assert result.exit_code == 0 and "Letter" not in result.stdout
