"""Announcement templates: every kind in both languages, overrides, and the sandbox."""

from __future__ import annotations

import copy
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.announcements import (
    ANNOUNCEMENT_KINDS,
    NAMES_LIMIT,
    render_announcement,
    sample_context,
)
from camp.errors import CampError
from camp.resources import message_templates_dir

LANGUAGES = ("en", "zh")
COMMON_KEYS = {"camp", "event", "rules"}
KIND_KEYS = {
    "opening": {"schedule", "pairs", "members_count"},
    "task": {"day"},
    "reminder": {"day", "window", "minutes_left", "missing", "checked_in", "members_count"},
    "close": {"day", "window", "checked_in", "members_count", "missing"},
    "summary": {
        "day",
        "standings",
        "pair_standings",
        "streaks",
        "missed",
        "checked_in",
        "members_count",
        "completion",
    },
    "inactivity": {"day", "warned", "removal", "inactive_after", "remove_after"},
    "pairing": {"day", "pairs", "joined", "odd", "pair_odd", "pairs_count", "members_count"},
    "closing": {"standings", "pair_standings", "mvp", "mvp_pair", "figures"},
}
SEPARATOR = {"en": ", ", "zh": "、"}


def render(kind: str, language: str = "en", context: dict | None = None, **kwargs) -> str:
    if context is None:
        context = sample_context(kind, language)
    return render_announcement(kind, context, language=language, **kwargs)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def in_order(text: str, parts: list[str]) -> bool:
    """Every part occurs in ``text``, each after the previous one."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


# -- the built-in templates ---------------------------------------------------------


def test_every_kind_has_a_builtin_template_in_both_languages():
    for language in LANGUAGES:
        for kind in ANNOUNCEMENT_KINDS:
            assert (message_templates_dir() / language / f"{kind}.md.j2").is_file()


@pytest.mark.parametrize("kind", ANNOUNCEMENT_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_sample_context_has_exactly_the_documented_keys(kind, language):
    context = sample_context(kind, language)
    assert set(context) == COMMON_KEYS | KIND_KEYS[kind]
    assert context["event"]["kind"] == kind
    assert context["camp"]["language"] == language
    assert set(context["camp"]) == {
        "name",
        "slug",
        "days",
        "timezone",
        "language",
        "start",
        "end",
        "group",
        "keywords",
        "windows",
    }


@pytest.mark.parametrize("kind", ANNOUNCEMENT_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_renders_tidy_text(kind, language):
    text = render(kind, language)
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert "<" not in text and "None" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_zh_and_en_templates_differ(language):
    other = "zh" if language == "en" else "en"
    context = sample_context("task", language)
    assert render("task", language, context) != render("task", other, context)


def test_chinese_wording_of_the_ceremonies():
    assert "开营仪式" in render("opening", "zh")
    assert "今日任务" in render("task", "zh")
    assert "打卡提醒" in render("reminder", "zh")
    assert "昨日战报" in render("summary", "zh")
    assert "结营仪式" in render("closing", "zh")
    assert "连续打卡" in render("summary", "zh")


@pytest.mark.parametrize("language", LANGUAGES)
def test_opening_names_the_rules_schedule_and_pairs(language):
    context = sample_context("opening", language)
    text = render("opening", language, context)
    assert context["camp"]["name"] in text
    assert f"**{context['camp']['keywords'][0]}**" in text
    window = context["camp"]["windows"][0]
    assert f"{window['open']}–{window['due']}" in text
    assert window["late_until"] in text
    assert in_order(text, [d["title"] for d in context["schedule"]])
    assert "★★★★★" in text and "★☆☆☆☆" in text
    for pair in context["pairs"]:
        assert f"**{pair['name']}**" in text
        assert " & ".join(pair["members"]) in text
    assert str(context["members_count"]) in text
    assert f"+{context['rules']['pair_bonus']}" in text


def test_opening_leaves_out_rules_that_do_not_apply():
    context = sample_context("opening")
    context["camp"]["group"] = "solo"
    context["pairs"] = []
    context["rules"].update(late_factor=0, makeup_limit=0, streak_bonus=0, graded_points=25)
    text = render("opening", context=context)
    assert "Late" not in text
    assert "make-up" not in text
    assert "Streak" not in text
    assert "Pair" not in text
    assert "+25" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_task_shows_title_body_difficulty_windows_and_points(language):
    context = sample_context("task", language)
    day = context["day"]
    text = render("task", language, context)
    assert day["task"]["title"] in text
    assert day["task"]["body"] in text
    assert "★★☆☆☆" in text
    assert "20:00–21:00" in text and "22:00" in text
    assert context["camp"]["keywords"][0] in text
    # 10 points x difficulty 2 on day 3 of the sample.
    assert "**20 " in text


def test_task_with_several_windows_a_graded_task_and_no_body():
    context = sample_context("task")
    context["day"]["windows"] = [
        {"name": "morning", "open": "06:30", "due": "08:00", "late_until": None},
        {"name": "night", "open": "22:00", "due": "23:00", "late_until": "23:30"},
    ]
    context["day"]["task"].update(body="", graded=True)
    context["rules"].update(graded_points=30, by_difficulty=False)
    text = render("task", context=context)
    assert "**morning**: 06:30–08:00\n" in text
    assert "**night**: 22:00–23:00 (late until 23:30)" in text
    assert "graded" in text and "+30" in text
    assert "**10 points**" in text


def test_chat_text_is_not_html_escaped():
    context = sample_context("task")
    context["day"]["task"]["title"] = "Tom & Jerry <3"
    assert "Tom & Jerry <3" in render("task", context=context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_reminder_mentions_who_has_not_checked_in(language):
    context = sample_context("reminder", language)
    text = render("reminder", language, context)
    mentions = " ".join("@" + name for name in context["missing"])
    assert mentions in text
    assert context["window"]["due"] in text
    assert f"{context['checked_in']}/{context['members_count']}" in text
    assert "30" in text
    assert context["camp"]["keywords"][0] in text


def test_reminder_when_everyone_checked_in_has_no_mentions():
    context = sample_context("reminder")
    context.update(missing=[], checked_in=12)
    text = render("reminder", context=context)
    assert "@" not in text
    assert "Everyone has checked in" in text


@pytest.mark.parametrize(
    ("minutes_left", "en", "zh"),
    [
        (1, "1 minute left", "1 分钟"),
        (60, "1 hour left", "1 小时"),
        (90, "1 h 30 min", "1 小时 30 分钟"),
    ],
)
def test_reminder_says_how_long_is_left(minutes_left, en, zh):
    for language, expected in (("en", en), ("zh", zh)):
        context = sample_context("reminder", language)
        context["minutes_left"] = minutes_left
        assert expected in render("reminder", language, context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_close_lists_who_missed_the_window(language):
    context = sample_context("close", language)
    text = render("close", language, context)
    assert SEPARATOR[language].join(context["missing"]) in text
    assert f"{context['checked_in']}/{context['members_count']}" in text
    assert context["window"]["name"] in text


def test_close_of_the_last_day_does_not_announce_tomorrow():
    context = sample_context("close")
    assert "tomorrow" in render("close", context=context)
    context["day"]["number"] = context["camp"]["days"]
    assert "tomorrow" not in render("close", context=context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_summary_shows_standings_with_medals_streaks_and_misses(language):
    context = sample_context("summary", language)
    text = render("summary", language, context)
    entries = context["standings"]["entries"]
    assert len(entries) == 10
    assert in_order(text, [f"**{e['name']}** · {e['points']}" for e in entries])
    # Ranks 1, 2, 2, 4: two silver medals and no bronze among members.
    board = text.split("\n\n")[2]
    assert board.count("🥇") == 1 and board.count("🥈") == 2 and "🥉" not in board
    assert "🔥3" in text
    for pair in context["pair_standings"]["entries"]:
        assert pair["name"] in text
    for streak in context["streaks"]:
        assert streak["name"] in text
    assert SEPARATOR[language].join(context["missed"]) in text
    assert "75%" in text


def test_summary_of_a_solo_camp_without_misses_or_streaks():
    context = sample_context("summary")
    context.update(pair_standings=None, streaks=[], missed=[])
    text = render("summary", context=context)
    assert "Pairs" not in text
    assert "Streaks" not in text
    assert "Missed" not in text
    assert "Nobody missed" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_inactivity_warns_and_lists_removals(language):
    context = sample_context("inactivity", language)
    text = render("inactivity", language, context)
    for member in context["warned"]:
        assert "@" + member["name"] in text
    for member in context["removal"]:
        assert member["name"] in text
        assert "@" + member["name"] not in text
    assert str(context["remove_after"]) in text


def test_inactivity_with_nobody_to_warn():
    context = sample_context("inactivity")
    context.update(warned=[], removal=[])
    assert "No warnings today" in render("inactivity", context=context)


@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_crowns_the_mvps_and_gives_the_figures(language):
    context = sample_context("closing", language)
    text = render("closing", language, context)
    assert "MVP" in text
    assert context["mvp"][0] in text
    assert context["mvp_pair"][0] in text
    entries = context["standings"]["entries"]
    assert in_order(text, [f"**{e['name']}** · {e['points']}" for e in entries])
    assert "🥇" in text and "🥈" in text and "🥉" in text
    figures = context["figures"]
    for share in ("87%", "82%", "25%", "100%", "67%"):
        assert share in text
    assert figures["best_streak"]["name"] in text
    assert str(figures["best_streak"]["streak"]) in text


def test_closing_without_conversion_pairs_or_best_streak():
    context = sample_context("closing")
    context.update(pair_standings=None, mvp_pair=[])
    context["figures"].update(converted_rate=None, best_streak=None, completion=[])
    text = render("closing", context=context)
    assert "Conversion" not in text
    assert "MVP pair" not in text
    assert "Longest streak" not in text
    assert "Day by day" not in text
    assert "Alice" in text


def test_closing_shows_every_mvp_of_a_tie():
    context = sample_context("closing", "zh")
    context["mvp"] = ["小林", "王芳"]
    assert "**小林、王芳**" in render("closing", "zh", context)


def test_rendering_does_not_change_the_context():
    context = sample_context("summary")
    before = copy.deepcopy(context)
    render("summary", context=context)
    assert context == before


def test_unknown_language_falls_back_to_english():
    context = sample_context("task")
    assert render("task", "fr", context) == render("task", "en", context)


def test_unknown_kind_is_refused():
    with pytest.raises(CampError, match="unknown announcement kind 'party'"):
        render_announcement("party", {})
    with pytest.raises(CampError, match="party"):
        sample_context("party")


# -- overrides ----------------------------------------------------------------------


def test_override_precedence(tmp_path):
    context = sample_context("task", "zh")
    write(tmp_path / "zh" / "task.md.j2", "zh override {{ day.number }}")
    write(tmp_path / "task.md.j2", "plain override {{ day.number }}")
    assert render("task", "zh", context, override_dir=tmp_path) == "zh override 3"
    # No en/ subfolder: the plain override wins over the built-in en template.
    assert render("task", "en", context, override_dir=tmp_path) == "plain override 3"
    (tmp_path / "task.md.j2").unlink()
    assert render("task", "en", context, override_dir=tmp_path) == render("task", "en", context)
    # Kinds without any override come from the built-ins of the language.
    assert render("close", "zh", override_dir=tmp_path) == render("close", "zh")


def test_missing_override_dir_uses_builtins(tmp_path):
    assert render("opening", override_dir=tmp_path / "nowhere") == render("opening")


def test_override_can_include_the_builtin_template(tmp_path):
    write(
        tmp_path / "en" / "task.md.j2", '{% include "builtin/task.md.j2" %}\n\nLive Q&A at 21:30!'
    )
    text = render("task", override_dir=tmp_path)
    assert text.startswith(render("task"))
    # trim_blocks eats the newline right after the include tag, as after any block tag.
    assert text.endswith("✍️\nLive Q&A at 21:30!")


def test_filters_are_available_to_overrides(tmp_path):
    write(
        tmp_path / "summary.md.j2",
        "{{ 3 | stars }}|{{ 0 | stars }}|{{ 9 | stars }}\n"
        "{{ 1 | medal }}{{ 2 | medal }}{{ 3 | medal }}[{{ 4 | medal }}]\n"
        "{{ 0.823 | percent }} {{ 0.825 | percent }} {{ 1 | percent }} {{ 0 | percent }}\n"
        "[{{ 'ab' | pad(4) }}][{{ '小林' | pad(6) }}][{{ 7 | pad(3, right=true) }}]\n"
        "{{ ['A', 'B', 'C'] | names }}",
    )
    en = render("summary", override_dir=tmp_path).splitlines()
    assert en == [
        "★★★☆☆|☆☆☆☆☆|★★★★★",
        "🥇🥈🥉[]",
        "82% 83% 100% 0%",
        "[ab  ][小林  ][  7]",
        "A, B, C",
    ]
    zh = render("summary", "zh", override_dir=tmp_path).splitlines()
    assert zh[-1] == "A、B、C"


# -- the names filter ---------------------------------------------------------------


@pytest.mark.parametrize(
    # "…另有 5 人" (five more), not "等 5 人" (which reads as five in all).
    ("language", "expected_tail"),
    [("en", " … and 5 more"), ("zh", " …另有 5 人")],
)
def test_names_cuts_long_lists(tmp_path, language, expected_tail):
    write(tmp_path / "close.md.j2", "{{ missing | names }}\n{{ missing | names(prefix='@') }}")
    context = sample_context("close", language)
    context["missing"] = [f"m{i:02d}" for i in range(NAMES_LIMIT + 5)]
    plain, mentions = render("close", language, context, override_dir=tmp_path).splitlines()
    shown = context["missing"][:NAMES_LIMIT]
    assert plain == SEPARATOR[language].join(shown) + expected_tail
    assert mentions == " ".join("@" + name for name in shown) + expected_tail
    assert "m30" not in plain and "m34" not in plain


def test_names_keeps_a_list_of_exactly_the_limit(tmp_path):
    write(tmp_path / "close.md.j2", "{{ missing | names }}|{{ [] | names }}|")
    context = sample_context("close")
    context["missing"] = [f"m{i:02d}" for i in range(NAMES_LIMIT)]
    text = render("close", context=context, override_dir=tmp_path)
    assert text == ", ".join(context["missing"]) + "||"


# -- problems in a template ---------------------------------------------------------


def test_undefined_variable_names_template_line_and_variable(tmp_path):
    path = write(tmp_path / "en" / "reminder.md.j2", "Reminder\n\n{{ deadline_text }}\n")
    with pytest.raises(CampError) as caught:
        render("reminder", override_dir=tmp_path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 3" in message
    assert "deadline_text" in message
    assert "\n" not in message


def test_missing_key_of_the_context_names_the_builtin_template_and_key():
    context = sample_context("reminder")
    del context["missing"]
    with pytest.raises(CampError) as caught:
        render("reminder", context=context)
    message = str(caught.value)
    assert str(message_templates_dir() / "en" / "reminder.md.j2") in message
    assert re.search(r"line \d+", message)
    assert "'missing'" in message


def test_undefined_attribute_names_it(tmp_path):
    write(tmp_path / "task.md.j2", "{{ day.task.title }}\n{{ day.task.deadline }}")
    with pytest.raises(CampError, match=r"line 2: .*'deadline'"):
        render("task", override_dir=tmp_path)


def test_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path / "zh" / "opening.md.j2", "欢迎\n\n\n{% if camp.name %}\n开营\n")
    with pytest.raises(CampError) as caught:
        render("opening", "zh", override_dir=tmp_path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 5" in message
    assert "endif" in message
    assert "\n" not in message


def test_syntax_error_in_an_expression(tmp_path):
    write(tmp_path / "task.md.j2", "one\ntwo {{ day.number + }}\n")
    with pytest.raises(CampError, match=r"task\.md\.j2, line 2: "):
        render("task", override_dir=tmp_path)


def test_unknown_filter_is_reported(tmp_path):
    write(tmp_path / "task.md.j2", "{{ day.number | shout }}")
    with pytest.raises(CampError, match=r"line 1: .*shout"):
        render("task", override_dir=tmp_path)


def test_failing_expression_is_reported_with_its_line(tmp_path):
    write(tmp_path / "task.md.j2", "a\nb\n{{ day.number / 0 }}")
    with pytest.raises(CampError, match=r"line 3: ZeroDivisionError"):
        render("task", override_dir=tmp_path)


def test_problem_in_an_included_template_names_that_file(tmp_path):
    write(tmp_path / "task.md.j2", 'top\n{% include "part.md.j2" %}')
    part = write(tmp_path / "part.md.j2", "fine\nfine\n{{ nope }}")
    with pytest.raises(CampError) as caught:
        render("task", override_dir=tmp_path)
    assert f"{part}, line 3" in str(caught.value)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ camp.__class__ }}",
        "{{ camp.__class__() }}",
        "{{ day.task.title.__class__.__base__ }}",
        "{{ '{0.__class__}'.format(camp) }}",
        "{{ camp.items.__self__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ camp.keywords.append('#pwned') }}",
        "{% set _ = camp.update({'name': 'x'}) %}",
        "{{ camp.windows.pop() }}",
    ],
)
def test_sandbox_refuses_escapes(tmp_path, source):
    write(tmp_path / "task.md.j2", "before\n" + source)
    context = sample_context("task")
    before = copy.deepcopy(context)
    with pytest.raises(CampError) as caught:
        render("task", context=context, override_dir=tmp_path)
    message = str(caught.value)
    assert "task.md.j2, line 2" in message
    assert "refused by the sandbox" in message
    assert context == before


def test_sandbox_refuses_huge_ranges(tmp_path):
    write(tmp_path / "task.md.j2", "{% for i in range(10 ** 9) %}{% endfor %}")
    with pytest.raises(CampError, match="line 1"):
        render("task", override_dir=tmp_path)


# -- tidy output --------------------------------------------------------------------


def test_blank_lines_collapse_and_output_is_stripped(tmp_path):
    write(
        tmp_path / "task.md.j2",
        "\n\n  \nTitle   \n\n\n\n  \n\nBody\n{% if false %}x{% endif %}\n\n\n",
    )
    assert render("task", override_dir=tmp_path) == "Title\n\nBody"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab \n\t", max_size=80))
def test_output_never_has_three_newlines_in_a_row(source):
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder) / "close.md.j2", source)
        text = render("close", override_dir=Path(folder))
    assert "\n\n\n" not in text
    assert text == text.strip()
    # Only blank space is dropped: the words stay, in order.
    assert text.split() == source.split()


@pytest.mark.parametrize(
    "name",
    [
        "# Boss",
        "### Boss",
        "- Bob",
        "+ Bob",
        "> Bob",
        "1. Winner",
        "2) Second",
        "==",
        "a\n- b\n# c",
    ],
)
def test_a_member_value_never_starts_a_heading_list_or_quote(name):
    from camp.announcements import escape_markdown
    from camp.delivery.markup import parse, plain_text

    for line in (escape_markdown(name), "- " + escape_markdown(name)):
        document = parse(line)
        assert [block.kind for block in document] in (["paragraph"], ["item"])
        assert [block.level for block in document] == [0]
        assert plain_text(document) == " ".join(name.split("\n"))


@pytest.mark.parametrize("value", ["#3", "-5 points", "2026-12-01", "0.5", "19:30", "+1"])
def test_values_that_cannot_start_a_block_print_as_they_are(value):
    from camp.announcements import escape_markdown

    assert escape_markdown(value) == value
