"""Camps made from one template share what their plan makes (definition, days, events),
and each keeps its own name, keys and rows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pendulum
import pytest

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import DefinitionError
from camp.events import derive_events
from camp.services.camps import create_camp, get_camp
from camp.services.events import list_events, sync_all_events

START = dt.date(2026, 12, 1)
NOW = pendulum.datetime(2026, 11, 20, 9, tz="UTC")


@pytest.fixture
def db(tmp_path: Path):
    database = open_db(tmp_path / "s.db")
    yield database
    database.close()


def test_camps_of_one_template_keep_their_names_and_share_their_days(db):
    first = create_camp(db, "accounting-sprint", name="Sprint A", start=START, now=NOW)
    second = create_camp(db, "accounting-sprint", name="Sprint B", start=START, now=NOW)
    a, b = get_camp(db, first.slug), get_camp(db, second.slug)
    assert (a.definition.name, b.definition.name) == ("Sprint A", "Sprint B")
    assert a.definition != b.definition
    assert camp_days(a) is camp_days(b)
    later = create_camp(
        db, "accounting-sprint", name="Sprint C", start=START.replace(day=8), now=NOW
    )
    assert camp_days(get_camp(db, later.slug))[0].date == START.replace(day=8)


def test_a_camp_with_other_tasks_has_its_own_days(db):
    first = create_camp(db, "accounting-sprint", name="Sprint A", start=START, now=NOW)
    second = create_camp(db, "accounting-sprint", name="Sprint B", start=START, now=NOW)
    definition = json.loads(
        db.execute("SELECT definition FROM camps WHERE id = ?", [second.id]).fetchone()[0]
    )
    definition["tasks"].setdefault("days", []).append({"day": 1, "title": "Another first task"})
    db.execute(
        "UPDATE camps SET definition = ? WHERE id = ?",
        [json.dumps(definition, ensure_ascii=False), second.id],
    )
    db.conn.commit()
    a, b = get_camp(db, first.slug), get_camp(db, second.slug)
    assert camp_days(b)[0].task.title == "Another first task"
    assert camp_days(a)[0].task.title != "Another first task"


def test_a_stored_definition_without_a_name_says_which_camp(db):
    camp = create_camp(db, "accounting-sprint", name="Sprint A", start=START, now=NOW)
    definition = json.loads(
        db.execute("SELECT definition FROM camps WHERE id = ?", [camp.id]).fetchone()[0]
    )
    definition["camp"]["name"] = "  "
    db.execute("UPDATE camps SET definition = ? WHERE id = ?", [json.dumps(definition), camp.id])
    db.conn.commit()
    with pytest.raises(DefinitionError, match=f"camp {camp.slug}"):
        get_camp(db, camp.slug)


def test_new_and_changed_camps_are_written_in_one_sync_as_each_derives_them(db):
    slugs = [
        create_camp(db, "accounting-sprint", name=f"Sprint {i}", start=START, now=NOW).slug
        for i in range(3)
    ]
    assert sync_all_events(db, NOW) > 0
    # One camp's windows change, and two new camps come.
    definition = json.loads(
        db.execute("SELECT definition FROM camps WHERE slug = ?", [slugs[0]]).fetchone()[0]
    )
    definition["windows"][0]["due"] = "20:45"
    db.execute(
        "UPDATE camps SET definition = ? WHERE slug = ?",
        [json.dumps(definition, ensure_ascii=False), slugs[0]],
    )
    db.conn.commit()
    slugs += [
        create_camp(db, "accounting-sprint", name=f"Late {i}", start=START, now=NOW).slug
        for i in range(2)
    ]
    assert sync_all_events(db, NOW) > 0
    assert sync_all_events(db, NOW) == 0
    for slug in slugs:
        camp = get_camp(db, slug)
        stored = {(e.key, e.kind, e.day, e.window, e.due) for e in list_events(db, slug, now=NOW)}
        derived = {
            (e.key, e.kind, e.day, e.window, e.due.in_tz("UTC"))
            for e in derive_events(slug, camp.definition, camp_days(camp))
        }
        assert {(k, kind, d, w, due.in_tz("UTC")) for k, kind, d, w, due in stored} == derived
