"""CJK-aware wrapping of task texts: pure, then in the Today tab."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st
from pilot_steps import SIZE, open_camp, run

from camp.textwidth import display_width
from tui.app import make_app
from tui.widgets.wrapped import CLOSING, WrappedText, wrap_text

BODY = "为一款产品写一个 15 秒短视频脚本：分镜（画面）、台词、字幕三列，不超过 5 个镜头。"


def test_chinese_breaks_between_characters_not_only_at_spaces():
    lines = wrap_text(BODY, 30)
    # Rich would stop the first line after "15" (at the last space) and leave it half empty.
    assert lines[0] == "为一款产品写一个 15 秒短视频脚"
    assert all(display_width(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == BODY.replace(" ", "")


def test_punctuation_stays_with_its_neighbour():
    # "：" would start the second line: it moves down with the character before it.
    lines = wrap_text("短视频脚本写三列分镜：画面台词字幕", 20)
    assert lines == ["短视频脚本写三列分", "镜：画面台词字幕"]
    # "（" would end the first line: it moves down with the character after it.
    assert wrap_text("写一段话（画面）", 10) == ["写一段话", "（画面）"]
    assert wrap_text("写一段（画面）", 10) == ["写一段（画", "面）"]


def test_latin_words_and_newlines_are_kept():
    text = "Read ten pages today\nand copy one sentence."
    assert wrap_text(text, 12) == ["Read ten", "pages today", "and copy one", "sentence."]
    assert wrap_text("averyveryverylongword", 8) == ["averyver", "yverylon", "gword"]
    assert wrap_text("", 10) == [""]


TEXT = st.text(alphabet=st.sampled_from(list("ab 中文，。（）\n")), max_size=60)


@given(TEXT, st.integers(min_value=2, max_value=30))
def test_no_line_is_too_wide_and_nothing_is_lost(text, width):
    lines = wrap_text(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert len(lines) >= text.count("\n") + 1


@given(st.text(alphabet=st.sampled_from(list("中文字，。")), max_size=40))
def test_closing_punctuation_never_leads_a_line_that_has_room(text):
    lines = wrap_text(text, 10)
    for previous, line in itertools.pairwise(lines):
        if line[:1] in CLOSING:
            # Only when the piece it closes ("字，。，。，") was wider than a whole line.
            assert display_width(previous) == 10


def test_the_today_tab_wraps_the_task_to_its_width(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp")
            body = app.screen.query_one("#task-body", WrappedText)
            width = body.content_size.width
            assert width > 10
            lines = wrap_text(body.text, width)
            assert body.size.height == len(lines)
            shown = [strip.text.rstrip() for strip in body.render_lines(body.region.reset_offset)]
            assert shown == [line.rstrip() for line in lines]

    run(scenario)
