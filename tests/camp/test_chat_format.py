"""The ``chat`` leaderboard: one entry a line, for the proportional fonts of chat apps."""

from __future__ import annotations

import datetime as dt

from camp.definition import parse_definition
from camp.exporters import render_leaderboard
from camp.exporters.text import render_chat
from camp.leaderboard import Leaderboard
from camp.models import Camp
from camp.scoring import Standing


def make_camp(language: str = "en") -> Camp:
    definition = parse_definition(
        {
            "camp": {"name": "Morning Reading", "days": 21, "language": language},
            "windows": [{"name": "day", "open": "06:00", "due": "09:00"}],
        }
    )
    return Camp(
        id=1,
        slug="morning",
        name=definition.name,
        template=None,
        timezone=definition.timezone,
        start=dt.date(2024, 5, 6),
        days=21,
        status="active",
        definition=definition,
    )


def standing(rank: int, name: str, points: int, streak: int = 0, members=()) -> Standing:
    return Standing(
        rank=rank,
        name=name,
        points=points,
        on_time=5,
        late=0,
        makeup=0,
        streak=streak,
        best_streak=streak,
        members=members or (name,),
        last_counted_at=None,
        mask=0,
    )


def board(entries, *, language="en", by="member", total=None) -> Leaderboard:
    return Leaderboard(
        camp=make_camp(language),
        by=by,
        as_of_day=3,
        still_open=False,
        entries=entries,
        total_entries=len(entries) if total is None else total,
    )


ENTRIES = [
    standing(1, "Alexandria Konstantinopoulou", 412, streak=6),
    standing(1, "Li", 412),
    standing(3, "Bob 🐱", 350, streak=2),
    standing(4, "Zoë", 12),
]


def test_one_entry_a_line_with_medal_or_rank_name_points_and_streak():
    text = render_chat(board(ENTRIES))
    assert text.splitlines() == [
        "🏆 Morning Reading · Leaderboard (members)",
        "Day 3/21",
        "",
        "🥇 Alexandria Konstantinopoulou · 412 pts · 🔥6",
        "🥇 Li · 412 pts",
        "🥉 Bob 🐱 · 350 pts · 🔥2",
        "4. Zoë · 12 pts",
        "",
        "👑 MVP: Alexandria Konstantinopoulou, Li",
    ]


def test_nothing_is_aligned_with_runs_of_spaces():
    for line in render_chat(board(ENTRIES)).splitlines():
        assert "  " not in line and line == line.strip()
    # The text format pads its columns; chat never does, whatever the names' widths.
    assert "  " in render_leaderboard(board(ENTRIES), "text")


def test_pairs_show_their_members_and_chinese_uses_its_words():
    pair = standing(1, "晨光组", 820, members=("小明", "小红"))
    plain = standing(2, "Ann & Bo", 700, members=("Ann", "Bo"))
    lines = render_chat(board([pair, plain], language="zh", by="pair")).splitlines()
    assert lines[3] == "🥇 晨光组 (小明 & 小红) · 820 分"
    assert lines[4] == "🥈 Ann & Bo · 700 分"
    assert lines[-1] == "👑 MVP: 晨光组"


def test_an_empty_board_and_hidden_entries_say_so():
    assert render_chat(board([])).splitlines()[-1] == "No entries yet."
    topped = render_chat(board(ENTRIES[:2], total=9)).splitlines()
    assert "… and 7 more" in topped


def test_chat_is_a_leaderboard_format():
    assert render_leaderboard(board(ENTRIES), "chat") == render_chat(board(ENTRIES))


def _text_rows(entries) -> list[str]:
    from camp.exporters.text import render_text

    return render_text(board(entries)).splitlines()[3 : 3 + len(entries)]


def test_text_columns_line_up_by_display_width_with_wide_names():
    from camp.textwidth import display_width

    rows = _text_rows(
        [
            standing(1, "小明", 1200, streak=3),
            standing(2, "Bob 🐱", 95),
            standing(10, "Alexandra", -5),
        ]
    )
    assert rows == [
        "🥇  1. 小明       1200 pts  🔥3",
        "🥈  2. Bob 🐱       95 pts",
        "   10. Alexandra    -5 pts",
    ]
    # The points column ends at the same terminal column on every row.
    ends = [display_width(row[: row.index(" pts")]) for row in rows]
    assert len(set(ends)) == 1


def test_text_of_ascii_names_pads_them_to_the_longest():
    rows = _text_rows([standing(1, "Ann", 30), standing(2, "Christopher", 7)])
    assert rows == ["🥇 1. Ann          30 pts", "🥈 2. Christopher   7 pts"]
