"""A camp's member counts (``camp_sizes``) stay those of its members through adds,
removals, restores, deletions and deleted camps, whichever code writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.db import open_db
from camp.services.camps import create_camp, delete_camp
from camp.services.members import add_members, remove_member
from camp.services.standings import standings_as_of

NOW = pendulum.datetime(2026, 11, 20, 9, tz="UTC")
NAMES = ["Ann", "Ben", "Cat", "Dan", "Eve"]

OPERATION = st.one_of(
    st.tuples(st.just("add"), st.sampled_from([0, 1]), st.lists(st.sampled_from(NAMES))),
    st.tuples(st.just("remove"), st.sampled_from([0, 1]), st.sampled_from(NAMES)),
    st.tuples(st.just("delete"), st.sampled_from([0, 1]), st.sampled_from(NAMES)),
    st.tuples(st.just("drop camp"), st.sampled_from([0, 1]), st.none()),
)


def counted(db) -> set[tuple[int, int, int]]:
    return {
        tuple(row)
        for row in db.execute(
            "SELECT camp_id, COUNT(*), SUM(status = 'removed') FROM members GROUP BY camp_id"
        )
    }


def kept(db) -> set[tuple[int, int, int]]:
    return {
        tuple(row)
        for row in db.execute(
            "SELECT camp_id, members, removed FROM camp_sizes WHERE members > 0 OR removed > 0"
        )
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=st.lists(OPERATION, max_size=12))
def test_the_kept_sizes_are_the_counted_ones(tmp_path, operations):
    folder = Path(tmp_path) / f"run-{len(list(Path(tmp_path).iterdir()))}"
    folder.mkdir()
    db = open_db(folder / "sizes.db")
    slugs = [
        create_camp(db, "copywriting-cp", name=name, start=dt.date(2026, 12, 1), now=NOW).slug
        for name in ("First", "Second")
    ]
    alive = [True, True]
    for kind, which, value in operations:
        slug = slugs[which]
        if not alive[which]:
            continue
        present = {
            name
            for (name,) in db.execute(
                "SELECT m.name FROM members m JOIN camps c ON c.id = m.camp_id "
                "WHERE c.slug = ? AND m.status != 'removed'",
                [slug],
            )
        }
        if kind == "add" and set(value) - present:  # a removed name is restored
            add_members(db, slug, sorted(set(value) - present), now=NOW)
        elif kind == "remove" and value in present:
            remove_member(db, slug, value, now=NOW)
        elif kind == "delete":  # behind the services' back
            with db.atomic():
                db.execute(
                    "DELETE FROM members WHERE name = ? AND camp_id = "
                    "(SELECT id FROM camps WHERE slug = ?)",
                    [value, slug],
                )
        elif kind == "drop camp":
            delete_camp(db, slug)
            alive[which] = False
        assert kept(db) == counted(db)
        for index, still in enumerate(alive):
            if still:
                board = standings_as_of(db, slugs[index], now=NOW, top=2)
                on_board = db.execute(
                    "SELECT COUNT(*) FROM members m JOIN camps c ON c.id = m.camp_id "
                    "WHERE c.slug = ? AND m.status != 'removed'",
                    [slugs[index]],
                ).fetchone()[0]
                assert board.total_entries == on_board
    db.close()
