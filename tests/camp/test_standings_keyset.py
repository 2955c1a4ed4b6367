"""The member board read a page at a time after a key: whatever the ties, the removed
members and the page size, the pages are slices of the whole board, ranks included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.db import open_db
from camp.services import standings
from camp.services.camps import create_camp
from camp.services.standings import place_of, standings_as_of

CP_FILE = Path(__file__).resolve().parent.parent / "data" / "cp.toml"
NOW = pendulum.datetime(2026, 12, 20, tz="UTC")
#: Few distinct values, so that entries tie on points, on on-time count and on time.
TIMES = ["2026-12-03T12:00:00.000000Z", "2026-12-04T12:00:00.000000Z", "~"]

# A member: (points, on-time count, last counted time, removed).
MEMBER = st.tuples(
    st.sampled_from([0, 5, 10]),
    st.integers(0, 2),
    st.sampled_from(TIMES),
    st.booleans() | st.just(False),
)


@pytest.fixture(scope="module")
def board_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("keyset") / "keyset.db")
    create_camp(db, str(CP_FILE), name="Keyset", start=dt.date(2026, 12, 1), now=NOW, slug="keys")
    yield db
    db.close()


def fill(db, members: list[tuple[int, int, str, bool]]) -> None:
    """The camp's members with these running totals (written straight to the table)."""
    camp_id = db.execute("SELECT id FROM camps WHERE slug = 'keys'").fetchone()[0]
    with db.atomic():
        db.execute("DELETE FROM members WHERE camp_id = ?", [camp_id])
        for index, (points, on_time, last_at, removed) in enumerate(members):
            # Names out of insertion order, so the name is a real tie-break.
            name = f"m{(index * 7) % 31:02d}-{index}"
            member_id = db.execute(
                "INSERT INTO members (camp_id, name, joined, status) VALUES (?, ?, ?, ?)",
                [camp_id, name, "2026-11-30T00:00:00Z", "removed" if removed else "active"],
            ).lastrowid
            db.execute(
                "INSERT INTO member_totals (member_id, camp_id, points, on_time, days, last_at, "
                "total) VALUES (?, ?, ?, ?, '0', ?, ?)",
                [member_id, camp_id, points, on_time, last_at, points],
            )


def expected_board(members, include_removed: bool) -> list[tuple[int, str]]:
    """(rank, name) of every entry, by SPEC section 4, computed here without SQL."""
    rows = sorted(
        (-points, -on_time, last_at, f"m{(index * 7) % 31:02d}-{index}")
        for index, (points, on_time, last_at, removed) in enumerate(members)
        if include_removed or not removed
    )
    ranked, previous = [], None
    for position, row in enumerate(rows, start=1):
        rank = ranked[-1][0] if row[:2] == previous else position
        ranked.append((rank, row[3]))
        previous = row[:2]
    return ranked


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    members=st.lists(MEMBER, max_size=24),
    size=st.integers(1, 6),
    include_removed=st.booleans(),
)
def test_keyset_pages_are_slices_of_the_whole_board(board_db, members, size, include_removed):
    fill(board_db, members)
    expected = expected_board(members, include_removed)
    kwargs = {"now": NOW, "include_removed": include_removed}
    whole = standings_as_of(board_db, "keys", **kwargs)
    assert [(e.rank, e.name) for e in whole.entries] == expected

    # Page after page, each read after the last entry of the page before.
    read, after = [], None
    while True:
        page = standings_as_of(board_db, "keys", top=size, after=after, offset=None, **kwargs)
        assert page.offset == len(read)
        assert page.total_entries == len(expected)
        if not page.entries:
            break
        read += page.entries
        after = page.entries[-1]
    assert [(e.rank, e.name) for e in read] == expected

    # Any page by its offset (the key above it found by position), and every place.
    for offset in range(len(expected) + 1):
        page = standings_as_of(board_db, "keys", top=size, offset=offset, **kwargs)
        assert [(e.rank, e.name) for e in page.entries] == expected[offset : offset + size]
    for position, (rank, name) in enumerate(expected, start=1):
        place = place_of(board_db, "keys", name, **kwargs)
        assert place is not None and (place.position, place.rank) == (position, rank)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(members=st.lists(MEMBER, min_size=1, max_size=24), walk=st.booleans(), data=st.data())
def test_a_board_found_by_names_keeps_the_whole_boards_ranks(
    board_db, monkeypatch, members, walk, data
):
    # Many names walk the board and keep the named; few are looked up by name.
    monkeypatch.setattr(standings, "_WALK_ROWS", 10_000 if walk else 0)
    fill(board_db, members)
    expected = expected_board(members, False)
    wanted = data.draw(st.sets(st.sampled_from([name for _, name in expected] or ["x"])))
    kept = [(rank, name) for rank, name in expected if name in wanted]
    read, after = [], None
    while True:
        page = standings_as_of(
            board_db, "keys", now=NOW, top=2, after=after, offset=None, names=wanted
        )
        assert page.total_entries == len(kept) and page.offset == len(read)
        if not page.entries:
            break
        read += page.entries
        after = page.entries[-1]
    assert [(e.rank, e.name) for e in read] == kept
    for offset in range(len(kept) + 1):
        page = standings_as_of(board_db, "keys", now=NOW, top=2, offset=offset, names=wanted)
        assert [(e.rank, e.name) for e in page.entries] == kept[offset : offset + 2]


def test_a_removed_member_has_no_place_unless_asked_for(board_db):
    fill(board_db, [(10, 1, TIMES[0], True), (5, 1, TIMES[1], False)])
    removed, kept = "m00-0", "m07-1"
    assert place_of(board_db, "keys", removed, now=NOW) is None
    assert place_of(board_db, "keys", kept, now=NOW).position == 1
    assert place_of(board_db, "keys", removed, now=NOW, include_removed=True).position == 1
    assert place_of(board_db, "keys", "nobody", now=NOW) is None
