"""Pure pieces of the terminal UI: fuzzy name matching and countdown texts."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from camp.models import Window, WindowSlot
from tui.data import format_duration, status_text, window_countdown
from tui.fuzzy import NameIndex, _keys, fuzzy_matches, match_score

NAMES = ["Alice", "Khalid", "Amelia", "Malia", "Bob", "小明", "小红", "Chen Jing", "Ａlan"]


def test_prefix_beats_substring_beats_scattered_letters():
    # Substrings: the earlier the better; then letters spread over the name.
    assert fuzzy_matches("ali", NAMES) == ["Alice", "Malia", "Khalid", "Amelia"]
    assert fuzzy_matches("ALI", NAMES)[0] == "Alice"


def test_scattered_letters_and_spaces_match_in_order_only():
    assert fuzzy_matches("cj", NAMES) == ["Chen Jing"]
    assert fuzzy_matches("chenjing", NAMES) == ["Chen Jing"]
    assert fuzzy_matches("jc", NAMES) == []


def test_cjk_names_match_by_any_characters_in_order():
    assert fuzzy_matches("小", NAMES) == ["小明", "小红"]
    assert fuzzy_matches("红", NAMES) == ["小红"]
    assert fuzzy_matches("红小", NAMES) == []


def test_chinese_names_match_by_pinyin_in_full_or_by_initials():
    names = [*NAMES, "李娜", "Chen小明", "王小明"]
    assert fuzzy_matches("xm", names) == ["小明", "王小明", "Chen小明"]
    assert fuzzy_matches("xiaoming", names)[0] == "小明"
    assert fuzzy_matches("XiaoHong", names) == ["小红"]
    assert fuzzy_matches("ln", names)[0] == "李娜"  # exact initials first, then "Ａlan"
    assert fuzzy_matches("chenxm", names) == ["Chen小明"]
    # The characters themselves still match first, and a wrong order still does not.
    assert fuzzy_matches("小明", names)[0] == "小明"
    assert fuzzy_matches("mx", names) == []
    assert match_score("xm", "小明") == match_score("xm", "xm")


def test_full_width_letters_match_ascii_and_the_limit_holds():
    assert fuzzy_matches("ａｌａｎ", NAMES) == ["Ａlan"]
    # Equal prefixes: the shorter name is the closer one.
    assert fuzzy_matches("a", NAMES, limit=2) == ["Ａlan", "Alice"]
    assert fuzzy_matches("   ", NAMES) == []


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=8, unique=True))
def test_every_name_finds_itself_first_when_names_differ_after_folding(names):
    folded = [" ".join(n.casefold().split()) for n in names]
    for name in names:
        if not name.strip() or folded.count(" ".join(name.casefold().split())) > 1:
            continue
        score = match_score(name, name)
        assert score is not None
        assert all(
            match_score(name, other) is None or match_score(name, other) >= score for other in names
        )


def _slot() -> WindowSlot:
    tz = "Asia/Shanghai"
    return WindowSlot(
        window=Window("night", dt.time(20, 0), dt.time(23, 30), dt.time(0, 30)),
        open=pendulum.datetime(2026, 11, 23, 20, 0, tz=tz),
        due=pendulum.datetime(2026, 11, 23, 23, 30, tz=tz),
        late_until=pendulum.datetime(2026, 11, 24, 0, 30, tz=tz),
    )


def test_window_countdown_in_each_state():
    slot = _slot()
    at = lambda d, h, m, s=0: pendulum.datetime(2026, 11, d, h, m, s, tz="Asia/Shanghai")  # noqa: E731
    assert window_countdown(slot, at(23, 19, 58, 30)) == ("upcoming", "opens in 01:30")
    assert window_countdown(slot, at(23, 20, 0)) == ("open", "closes in 03:30:00")
    assert window_countdown(slot, at(23, 23, 30)) == ("open", "closes in 00:00")
    assert window_countdown(slot, at(24, 0, 0)) == ("late", "late until 00:30 (ends in 30:00)")
    assert window_countdown(slot, at(24, 0, 30, 1)) == ("closed", "closed")
    no_late = WindowSlot(slot.window, slot.open, slot.due, None)
    assert window_countdown(no_late, at(23, 23, 31)) == ("closed", "closed")


def test_format_duration_and_status_text():
    assert format_duration(59) == "00:59"
    assert format_duration(3600) == "01:00:00"
    assert format_duration(2 * 86_400 + 3 * 3600 + 4 * 60 + 5) == "2d 03:04:05"
    assert format_duration(-5) == "00:00"
    assert status_text("running", 4, 7) == "day 4/7"
    assert status_text("upcoming", 0, 7) == "upcoming"
    assert status_text("archived", 7, 7) == "archived"


def _ranked_by_score(query: str, names: list[str], limit: int) -> list[str]:
    scored = sorted(
        (score, unicodedata.normalize("NFKC", name).casefold(), name)
        for name in names
        if (score := match_score(query, name)) is not None
    )
    return [name for _, _, name in scored[:limit]]


NAME_ALPHABET = st.sampled_from(list("abcAB 小明红ａ"))


@given(
    st.lists(st.text(NAME_ALPHABET, min_size=1, max_size=6), max_size=30, unique=True),
    st.text(NAME_ALPHABET, min_size=1, max_size=3),
    st.integers(min_value=1, max_value=8),
)
def test_name_index_ranks_exactly_like_scoring_every_name(names, query, limit):
    assert NameIndex(names).matches(query, limit) == _ranked_by_score(query, names, limit)


def test_name_index_finds_names_among_many():
    names = [f"member-{i:05d}" for i in range(20_000)] + ["王小明", "Chen Jing", "小明"]
    index = NameIndex(names)
    assert len(index) == len(names)
    assert index.matches("小明", 2) == ["小明", "王小明"]
    assert index.matches("cj", 3) == ["Chen Jing"]
    assert index.matches("member-0001", 3) == ["member-00010", "member-00011", "member-00012"]
    assert index.matches("19999", 1) == ["member-19999"]
    assert index.matches("zzz") == []


def _containing(query: str, names: list[str]) -> set[str]:
    folded = unicodedata.normalize("NFKC", query).casefold().strip()
    wanted = {folded, folded.replace(" ", "")} - {""}
    return {
        name
        for name in names
        if any(
            q in key
            for q in wanted
            for key in _keys(unicodedata.normalize("NFKC", name).casefold())
        )
    }


@given(
    st.lists(st.text(NAME_ALPHABET, min_size=1, max_size=6), max_size=30, unique=True),
    st.text(NAME_ALPHABET, min_size=1, max_size=3),
    st.integers(min_value=1, max_value=8),
)
def test_containing_finds_the_names_a_form_of_which_holds_the_text(names, query, limit):
    index = NameIndex(names)
    everyone = _containing(query, names)
    found = index.containing(query)
    assert len(found) == len(set(found)) and set(found) == everyone
    capped = index.containing(query, limit)
    assert len(capped) == min(limit, len(everyone)) and set(capped) <= everyone


def test_containing_a_text_most_names_hold_finds_the_same_names():
    # Thousands of names and one or two letters: the index tests each name's forms at
    # once instead of hit by hit (a query this common), and must find the same names.
    rng = random.Random(7)
    letters = "abcAB 小明红ａxm"
    names = sorted({"".join(rng.choices(letters, k=rng.randint(1, 6))) for _ in range(4000)})
    index = NameIndex(names)
    queries = [*letters.replace(" ", ""), "ab", "a b", "xm", "小明", "zz"]
    for query in queries:
        found = index.containing(query)
        assert len(found) == len(set(found)) and set(found) == _containing(query, names), query
        capped = index.containing(query, 50)
        assert len(capped) == min(50, len(found)) and set(capped) <= set(found)
    assert max(len(index.containing(q)) for q in queries) > len(names) // 10  # dense ones


def test_containing_finds_chinese_names_by_pinyin_without_scoring_them():
    index = NameIndex(["王小明", "小红", "Chen Jing", "Alice Bob"])
    assert sorted(index.containing("xm")) == ["王小明"]
    assert sorted(index.containing("xiao")) == ["小红", "王小明"]
    assert index.containing("alice b") == ["Alice Bob"]
    assert index.containing("chen j") == ["Chen Jing"]
