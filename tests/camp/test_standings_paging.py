"""Standings read a page at a time: the same entries and ranks as the whole board."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pendulum
import pytest

from camp.calendar import camp_days
from camp.db import open_db
from camp.errors import CampError
from camp.services.camps import create_camp
from camp.services.checkins import adjust_points, record_checkin
from camp.services.members import add_members, auto_pair, remove_member
from camp.services.standings import standings_as_of

CP_FILE = Path(__file__).resolve().parent.parent / "data" / "cp.toml"
SCORERS = [f"s{i:02d}" for i in range(10)]
#: Members who never check in: they tie on zero points at the bottom of the board.
IDLE = [f"z{i:02d}" for i in range(9)]


@pytest.fixture
def camp(tmp_path):
    """A finished 7-day pair camp: ten members who score (some equally), nine idle ones."""
    db = open_db(tmp_path / "paging.db")
    now = pendulum.datetime(2026, 12, 20, tz="UTC")
    camp = create_camp(db, str(CP_FILE), name="Paging", start=dt.date(2026, 12, 1), now=now)
    add_members(db, camp.slug, SCORERS + IDLE + ["gone"], now=now)
    auto_pair(db, camp.slug, now=now)
    rng = random.Random(3)
    for day in camp_days(camp):
        slot = day.slots[0]
        for index, name in enumerate(SCORERS):
            # s00-s03 check in every day at the same minute: a four-way tie on top.
            if index >= 4 and rng.random() < 0.3:
                continue
            record_checkin(db, camp.slug, name, now=now, at=slot.open.add(minutes=5 + index % 4))
    adjust_points(db, camp.slug, SCORERS[9], 2, reason="help", now=now, day=6)
    remove_member(db, camp.slug, "gone", now=now)
    yield db, camp.slug, now
    db.close()


def pages(db, slug, now, size, **kwargs):
    board = standings_as_of(db, slug, now=now, **kwargs)
    collected, offset = [], 0
    while True:
        page = standings_as_of(db, slug, now=now, offset=offset, top=size, **kwargs)
        assert page.total_entries == board.total_entries
        assert page.offset == offset
        if not page.entries:
            break
        collected += page.entries
        offset += size
    return board, collected


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7])
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"include_removed": True},
        {"day": 4},  # recounted from the check-ins, not the running totals
        {"by": "pair"},
    ],
)
def test_pages_put_together_are_the_whole_board(camp, size, kwargs):
    db, slug, now = camp
    board, collected = pages(db, slug, now, size, **kwargs)
    assert collected == board.entries
    assert len(collected) == board.total_entries


def test_a_page_that_starts_inside_a_tie_keeps_the_shared_rank(camp):
    db, slug, now = camp
    board = standings_as_of(db, slug, now=now)
    top_ranks = [e.rank for e in board.entries[:4]]
    assert top_ranks == [1, 1, 1, 1]
    page = standings_as_of(db, slug, now=now, offset=2, top=3)
    assert [e.rank for e in page.entries[:2]] == [1, 1]
    assert page.entries == board.entries[2:5]
    # The idle members share the last rank, whichever row of theirs a page starts on.
    idle_rank = board.entries[-1].rank
    assert idle_rank == len(SCORERS) + 1
    tail = standings_as_of(db, slug, now=now, offset=board.total_entries - 3)
    assert [e.rank for e in tail.entries] == [idle_rank] * 3
    assert tail.entries == board.entries[-3:]


def test_a_page_beyond_the_end_is_empty_and_a_negative_offset_is_refused(camp):
    db, slug, now = camp
    board = standings_as_of(db, slug, now=now)
    past = standings_as_of(db, slug, now=now, offset=board.total_entries, top=10)
    assert past.entries == [] and past.total_entries == board.total_entries
    with pytest.raises(CampError, match="offset"):
        standings_as_of(db, slug, now=now, offset=-1)


def test_the_first_page_is_the_top_n_and_the_json_has_no_offset(camp):
    db, slug, now = camp
    top = standings_as_of(db, slug, now=now, top=4)
    first = standings_as_of(db, slug, now=now, offset=0, top=4)
    assert top == first
    assert "offset" not in first.to_json()
