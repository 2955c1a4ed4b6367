"""Previewing a new camp without writing it, and archiving a camp (and undoing it)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pendulum
import pytest

from camp.db import open_db
from camp.errors import CampError, DefinitionError
from camp.services.announcing import produce_announcement
from camp.services.camps import (
    archive_camp,
    create_camp,
    get_camp,
    list_camps,
    prepare_camp,
)
from camp.services.events import list_events, upcoming_event
from camp.services.running import run_due

START = dt.date(2026, 12, 1)
NOW = pendulum.datetime(2026, 11, 20, 9, tz="Asia/Shanghai")
#: Day 2 of a camp starting on START, after every window of the day has closed.
DAY_2_LATE = pendulum.datetime(2026, 12, 3, 1, tz="Asia/Shanghai")


@pytest.fixture
def db(tmp_path: Path):
    database = open_db(tmp_path / "c.db")
    yield database
    database.close()


def camp_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM camps").fetchone()[0]


# ---------------------------------------------------------------- prepare_camp


def test_prepare_camp_plans_the_days_create_camp_stores(db):
    prepared = prepare_camp(
        "ops-club", name="Spring ops", start=START, timezone="Europe/Berlin", days=10
    )
    assert prepared.template == "ops-club"
    assert prepared.definition.name == "Spring ops"
    assert prepared.definition.timezone == "Europe/Berlin"
    assert len(prepared.days) == 10
    # ops-club rests at weekends: 10 active days from a Tuesday end on a Monday.
    assert prepared.days[0].date == START
    assert prepared.days[-1].date == dt.date(2026, 12, 14)
    assert all(day.date.weekday() < 5 for day in prepared.days)
    camp = create_camp(
        db,
        "ops-club",
        name="Spring ops",
        start=START,
        now=NOW,
        timezone="Europe/Berlin",
        days=10,
    )
    assert camp.definition == prepared.definition
    assert camp.template == prepared.template


def test_prepare_camp_writes_nothing_and_raises_what_create_camp_raises(db):
    prepare_camp("copywriting-cp", name="Only a preview", start=START)
    assert camp_count(db) == 0
    for kwargs, expected in [
        ({"template_or_file": "copywriting-cpp"}, 'Did you mean "copywriting-cp"?'),
        ({"timezone": "Mars/Olympus"}, "camp.timezone"),
        ({"days": 0}, "camp.days"),
        ({"name": "  "}, "--name is empty"),
    ]:
        args = {"template_or_file": "copywriting-cp", "name": "Night", **kwargs}
        with pytest.raises(CampError) as previewed:
            prepare_camp(
                args.pop("template_or_file"),
                start=START,
                **args,
            )
        assert expected in str(previewed.value)
        args = {"template_or_file": "copywriting-cp", "name": "Night", **kwargs}
        with pytest.raises(CampError) as created:
            create_camp(db, args.pop("template_or_file"), start=START, now=NOW, **args)
        assert str(created.value) == str(previewed.value)
    assert camp_count(db) == 0


def test_prepare_camp_collects_every_problem_of_the_overrides():
    with pytest.raises(DefinitionError) as error:
        prepare_camp("copywriting-cp", name="Night", start=START, timezone="Nowhere", days=400)
    fields = {problem.split(":", 1)[0] for problem in error.value.problems}
    assert fields == {"camp.timezone", "camp.days"}


def test_prepare_camp_takes_a_file_with_a_cjk_name(tmp_path):
    definition = tmp_path / "mine.toml"
    definition.write_text(
        '[camp]\nname = "x"\ntimezone = "Asia/Tokyo"\ndays = 3\n\n'
        '[[windows]]\nname = "night"\nopen = "20:00"\ndue = "23:00"\n',
        encoding="utf-8",
    )
    prepared = prepare_camp(str(definition), name="冬季文案CP营", start=START)
    assert prepared.template is None
    assert prepared.definition.name == "冬季文案CP营"
    assert [day.number for day in prepared.days] == [1, 2, 3]


# ---------------------------------------------------------------- archive_camp


def test_archive_and_undo_update_the_status_and_the_stamp(db):
    camp = create_camp(db, "copywriting-cp", name="Night", start=START, now=NOW)
    later = NOW.add(hours=3)
    archived = archive_camp(db, camp.slug, now=later)
    assert archived.status == "archived"
    status, updated = db.execute(
        "SELECT status, updated FROM camps WHERE id = ?", [camp.id]
    ).fetchone()
    assert status == "archived"
    assert pendulum.parse(updated) == later
    # Archiving again changes nothing, not even the stamp.
    archive_camp(db, camp.slug, now=later.add(hours=1))
    assert db.execute("SELECT updated FROM camps").fetchone()[0] == updated
    restored = archive_camp(db, camp.slug, archived=False, now=later.add(hours=2))
    assert restored.status == "active"
    assert get_camp(db, camp.slug).status == "active"


def test_archiving_an_unknown_camp_names_the_known_ones(db):
    create_camp(db, "copywriting-cp", name="Night", start=START, now=NOW)
    with pytest.raises(CampError, match=r"No camp with slug 'nope'\. Known camps: night"):
        archive_camp(db, "nope", now=NOW)


def test_archived_camps_are_listed_after_the_others(db):
    for name, start in [("Old", START), ("New", START.replace(day=20)), ("Mid", START)]:
        create_camp(db, "copywriting-cp", name=name, start=start, now=NOW)
    archive_camp(db, "new", now=NOW)
    summaries = list_camps(db, NOW)
    assert [s.camp.slug for s in summaries] == ["mid", "old", "new"]
    assert [s.status for s in summaries] == ["upcoming", "upcoming", "archived"]


def test_an_archived_camp_announces_nothing_until_it_is_active_again(db):
    camp = create_camp(db, "copywriting-cp", name="Night", start=START, now=NOW)
    list_events(db, camp.slug, now=NOW)  # the events exist before the archive
    archive_camp(db, camp.slug, now=NOW)
    report = run_due(db, DAY_2_LATE, grace_seconds=10**8, stdout=io.StringIO())
    assert report.produced == [] and report.missed == []
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM events WHERE status != 'pending'").fetchone()[0] == 0

    archive_camp(db, camp.slug, archived=False, now=DAY_2_LATE)
    report = run_due(db, DAY_2_LATE, grace_seconds=10**8, stdout=io.StringIO())
    assert report.produced
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == len(report.produced)


def test_archiving_silences_queued_and_racing_announcements(db):
    camp = create_camp(db, "copywriting-cp", name="Night", start=START, now=NOW)
    events = list_events(db, camp.slug, now=NOW)
    report = run_due(db, DAY_2_LATE, grace_seconds=10**8, stdout=io.StringIO())
    assert report.produced
    # Deliveries still waiting (e.g. a robot that failed) are dropped with the reason.
    db.execute("UPDATE deliveries SET status = 'failed'")
    archive_camp(db, camp.slug, now=DAY_2_LATE)
    rows = db.execute("SELECT DISTINCT status, last_error FROM deliveries").fetchall()
    assert rows == [("dropped", "camp archived")]
    # An event the scheduler listed before the archive is not produced after it.
    settled = {*report.produced, *report.missed}  # stale reminders are missed
    pending = next(e.key for e in events if e.key not in settled)
    assert produce_announcement(db, pending, DAY_2_LATE).status == "skipped"
    status = db.execute("SELECT status FROM events WHERE key = ?", [pending]).fetchone()[0]
    assert status == "pending"


def test_the_upcoming_event_follows_the_clock_and_stops_when_archived_or_over(db):
    camp = create_camp(db, "copywriting-cp", name="Night", start=START, now=NOW)
    first = upcoming_event(camp, NOW)
    assert first is not None and first.due > NOW
    later = upcoming_event(camp, first.due)
    assert later is not None and later.due >= first.due and later.key != first.key
    assert upcoming_event(camp, pendulum.datetime(2027, 6, 1, tz="UTC")) is None
    assert upcoming_event(archive_camp(db, camp.slug, now=NOW), NOW) is None
