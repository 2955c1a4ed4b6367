"""Who is in and who has checked in on a day: the quick reads behind live screens."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_standings import CP_FILE, busy_camp

from camp.calendar import camp_days
from camp.db import open_db
from camp.services.activity import attendance, counted_on_day
from camp.services.camps import create_camp
from camp.services.checkins import record_checkin
from camp.services.members import add_members, remove_member
from camp.services.standings import standings_as_of


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_attendance_agrees_with_the_standings_masks_every_day(tmp_path, seed):
    db = open_db(tmp_path / "a.db")
    camp, now = busy_camp(db, seed)
    gone = random.Random(seed).choice(["m03", "m07"])
    remove_member(db, camp.slug, gone, now=now)
    board = standings_as_of(db, camp.slug, now=now)
    for day in camp_days(camp):
        seen = attendance(db, camp, day.number)
        expected = {e.name for e in board.entries if e.mask >> (day.number - 1) & 1}
        assert seen.counted == expected
        assert set(seen.members) == {e.name for e in board.entries}
        assert gone not in seen.members
        assert set(seen.missing) == set(seen.members) - expected
        assert counted_on_day(db, camp, day.number) == len(expected)


def test_every_member_keeps_the_key_their_name_sorts_by_and_a_changed_name_drops_it(tmp_path):
    from camp.models import name_key

    db = open_db(tmp_path / "a.db")
    camp, _ = busy_camp(db, 4)
    rows = db.execute("SELECT name, name_key FROM members WHERE camp_id = ?", [camp.id]).fetchall()
    assert rows and all(key == name_key(name) for name, key in rows)
    db.execute("UPDATE members SET name = 'ZOË' WHERE name = ?", [rows[0][0]])
    renamed = db.execute("SELECT name_key FROM members WHERE name = 'ZOË'").fetchone()[0]
    assert renamed is None  # not a key of another name: the camp is sorted as before


def test_members_come_sorted_without_regard_to_case_and_an_empty_day_counts_nobody(tmp_path):
    db = open_db(tmp_path / "a.db")
    camp, _ = busy_camp(db, 4)
    seen = attendance(db, camp, 0)
    assert list(seen.members) == sorted(seen.members, key=str.casefold)
    assert seen.counted == frozenset()
    assert seen.missing == seen.members


# Letters with and without case in many scripts, the ones whose casefold is not their
# lower case (ß, the Kelvin sign, fullwidth letters), kana, Hangul and ideographs.
_LETTERS = "aAbBzZ_ 0-9éÉöÖßẞДдΣσςKＡａ小明王ア가ﬁİı"


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(
        st.text(alphabet=_LETTERS, min_size=1, max_size=5).map(str.strip).filter(bool),
        min_size=1,
        max_size=30,
        unique=True,
    ),
    checked=st.integers(min_value=0),
    first=st.integers(min_value=0, max_value=12),
    keyless=st.booleans(),
)
def test_the_first_missing_names_are_the_first_of_the_whole_missing_list(
    names, checked, first, keyless
):
    from camp.services.activity import attendance_summary

    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "a.db")
        now = pendulum.datetime(2026, 12, 20, tz="UTC")
        camp = create_camp(db, str(CP_FILE), name="S", start=dt.date(2026, 12, 1), now=now)
        add_members(db, camp.slug, names, now=now)
        day = camp_days(camp)[0]
        rng = random.Random(checked)
        for name in rng.sample(names, rng.randint(0, len(names))):
            record_checkin(db, camp.slug, name, now=now, at=day.slots[0].open.add(minutes=1))
        if rng.random() < 0.5:  # a removed member is neither counted nor missing
            remove_member(db, camp.slug, rng.choice(names), now=now)
        if keyless:  # rows written without their sort key: the camp is sorted as before
            db.execute("UPDATE members SET name_key = NULL WHERE id % 2 = 0")
            db.conn.commit()
        whole = attendance(db, camp, 1)
        summary = attendance_summary(db, camp, 1, first=first)
        db.close()
    assert summary.members == len(whole.members)
    assert summary.counted == len(whole.counted)
    assert summary.first_missing == whole.missing[:first]
