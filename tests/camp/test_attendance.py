"""Who is in and who has checked in on a day: the quick reads behind live screens."""

from __future__ import annotations

import random

import pytest
from test_standings import busy_camp

from camp.calendar import camp_days
from camp.db import open_db
from camp.services.activity import attendance, counted_on_day
from camp.services.members import remove_member
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


def test_members_come_sorted_without_regard_to_case_and_an_empty_day_counts_nobody(tmp_path):
    db = open_db(tmp_path / "a.db")
    camp, _ = busy_camp(db, 4)
    seen = attendance(db, camp, 0)
    assert list(seen.members) == sorted(seen.members, key=str.casefold)
    assert seen.counted == frozenset()
    assert seen.missing == seen.members
