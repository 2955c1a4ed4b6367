"""Pages of members read by key (after the last row's key, not by counting rows): every
order, turned round, with a search, a list of names and the offset callers still use."""

from __future__ import annotations

import pytest
from test_standings import NAMES, busy_camp

from camp.db import open_db, write_transaction
from camp.errors import CampError
from camp.services.imports import add_aliases
from camp.services.members import (
    MEMBER_SORTS,
    list_members_page,
    mark_converted,
    member_aliases,
    remove_member,
)


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "p.db")
    yield database
    database.close()


def walk(db, slug, now, size, **kwargs) -> list[str]:
    """Every page of ``size`` rows, each read after the key of the page before."""
    names, after, pages = [], None, 0
    while True:
        page = list_members_page(db, slug, now=now, limit=size, after=after, **kwargs)
        assert len(page.rows) <= size
        names += [row.member.name for row in page.rows]
        pages += 1
        if page.next_after is None:
            return names
        assert pages < 100
        after = page.next_after


def expected_order(db, camp, now, sort: str) -> list[str]:
    """The order ``sort`` means, worked out in Python from one page of everyone."""
    everyone = list_members_page(db, camp.slug, now=now, limit=1000, view="all").rows
    totals = {
        row[0]: row[1:]
        for row in db.execute("SELECT member_id, on_time, last_at FROM member_totals")
    }

    def key(detail):
        m = detail.member
        return {
            "joined": (m.id,),
            "name": (m.name, m.id),
            "points": (-detail.points, -totals[m.id][0], totals[m.id][1], m.id),
            "days": (-detail.counted_days, m.id),
            "streak": (-detail.streak, m.id),
            "messages": (-detail.messages, m.id),
        }[sort]

    return [d.member.name for d in sorted(everyone, key=key)]


@pytest.mark.parametrize("sort", MEMBER_SORTS)
def test_pages_read_by_key_put_together_are_the_whole_list_in_order(db, sort):
    camp, now = busy_camp(db, 2)
    # Some messages, so that their order is not the joining order.
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO messages (camp_id, member_id, fingerprint, at, day) "
            "VALUES (?, ?, ?, 'x', 1)",
            [
                (camp.id, member_id, f"f{member_id}-{i}")
                for member_id in (3, 5, 8)
                for i in range(member_id)
            ],
        )
    expected = expected_order(db, camp, now, sort)
    assert len(expected) == len(NAMES)
    assert walk(db, camp.slug, now, 3, sort=sort, view="all") == expected
    assert walk(db, camp.slug, now, 3, sort=sort, view="all", reverse=True) == expected[::-1]
    one_page = list_members_page(db, camp.slug, now=now, limit=100, sort=sort, view="all")
    assert [r.member.name for r in one_page.rows] == expected
    assert one_page.next_after is None and one_page.total == len(NAMES)


def test_points_follow_the_leaderboards_order(db):
    camp, now = busy_camp(db, 1)
    page = list_members_page(db, camp.slug, now=now, limit=100, sort="points")
    points = [row.points for row in page.rows]
    assert points == sorted(points, reverse=True) and points[0] > points[-1]


def test_a_search_and_a_list_of_names_page_by_key_and_count_what_they_keep(db):
    camp, now = busy_camp(db, 3)
    containing = [n for n in NAMES if "1" in n]
    assert containing == ["m01", "m10", "m11"]
    assert walk(db, camp.slug, now, 1, search="1", sort="name", reverse=True) == containing[::-1]
    assert walk(db, camp.slug, now, 1, search="M1") == ["m10", "m11"]  # any case
    first = list_members_page(db, camp.slug, now=now, limit=2, search="1")
    assert first.total == 3 and first.next_after is not None
    # Names found another way (their pinyin) join the names containing the text.
    extra = [n for n in NAMES if n not in containing][:2]
    both = list_members_page(db, camp.slug, now=now, limit=100, search="1", search_names=extra)
    assert {r.member.name for r in both.rows} == set(containing) | set(extra)
    assert both.total == len(containing) + 2
    only = list_members_page(db, camp.slug, now=now, limit=100, names=extra[::-1])
    assert [r.member.name for r in only.rows] == extra and only.total == 2
    # More names than SQLite takes parameters in one statement.
    many = [f"nobody {i}" for i in range(40_000)] + [extra[0]]
    assert [r.member.name for r in list_members_page(db, camp.slug, now=now, names=many).rows] == [
        extra[0]
    ]


def test_a_search_with_like_wildcards_finds_them_literally(db):
    camp, now = busy_camp(db, 1)
    assert list_members_page(db, camp.slug, now=now, search="%").total == 0
    assert list_members_page(db, camp.slug, now=now, search="_").total == 0


def test_views_counts_converted_and_aliases_come_with_the_page(db):
    camp, now = busy_camp(db, 1)
    remove_member(db, camp.slug, NAMES[0], now=now)
    mark_converted(db, camp.slug, [NAMES[1]])
    add_aliases(db, camp.slug, NAMES[1], ["Nick", "小名"])
    page = list_members_page(db, camp.slug, now=now, limit=100)
    assert page.counts == {"active": len(NAMES) - 1, "warned": 0, "removed": 1}
    assert page.total == len(NAMES) - 1
    second = next(r for r in page.rows if r.member.name == NAMES[1])
    assert second.converted and second.aliases == ("Nick", "小名")
    assert member_aliases(db, camp.slug, NAMES[1]) == ["Nick", "小名"]
    removed = list_members_page(db, camp.slug, now=now, view="removed")
    assert [r.member.name for r in removed.rows] == [NAMES[0]] and removed.total == 1


def test_the_offset_still_skips_rows_and_a_foreign_key_is_refused(db):
    camp, now = busy_camp(db, 1)
    page = list_members_page(db, camp.slug, now=now, offset=2, limit=3)
    assert [r.member.name for r in page.rows] == NAMES[2:5] and page.offset == 2
    key = list_members_page(db, camp.slug, now=now, limit=2, sort="points").next_after
    with pytest.raises(CampError, match="another order"):
        list_members_page(db, camp.slug, now=now, sort="name", after=key)
    with pytest.raises(CampError, match="Unknown order"):
        list_members_page(db, camp.slug, now=now, sort="age")
