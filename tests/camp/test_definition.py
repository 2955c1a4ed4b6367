"""Camp definition files: defaults, every validation rule, round trips, loading."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from camp.definition import (
    apply_overrides,
    definition_to_dict,
    format_duration,
    load_definition_file,
    load_definition_text,
    parse_definition,
    resolve_template,
)
from camp.errors import CampError, DefinitionError
from camp.models import (
    CampDefinition,
    Ceremonies,
    Ceremony,
    Channel,
    MemberRules,
    Reminders,
    Scoring,
    Task,
    TaskPlan,
    Window,
)
from camp.ramp import task_for_day

T = dt.time

MINIMAL = """
[camp]
name = "Tiny camp"
days = 5

[[windows]]
name = "day"
open = "08:00"
due = "22:00"
"""

DELETE = object()


def minimal() -> dict:
    return tomllib.loads(MINIMAL)


def patched(changes: dict[str, object], base: dict | None = None) -> dict:
    """A copy of ``base`` (the minimal file) with dotted paths set; list indexes count from 0."""
    data = copy.deepcopy(base if base is not None else minimal())
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        if value is DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return data


def problems_of(data: dict) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        parse_definition(data, "test.toml")
    assert info.value.source == "test.toml"
    return info.value.problems


def toml_types_only(value) -> bool:
    """True when ``value`` holds only what both TOML and JSON can write."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and toml_types_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(toml_types_only(v) for v in value)
    return isinstance(value, str | int | float | bool)


# --------------------------------------------------------------------------- defaults


def test_minimal_file_loads_with_defaults():
    defn, raw = load_definition_text(MINIMAL, "tiny.toml")
    assert raw == minimal()
    assert defn.name == "Tiny camp"
    assert defn.days == 5
    assert defn.windows == (Window("day", T(8, 0), T(22, 0), None),)
    assert defn.timezone == "UTC"
    assert defn.language == "en"
    assert defn.description == ""
    assert defn.rest == ()
    assert defn.keywords == ("#checkin",)
    assert defn.group == "solo"
    assert defn.checkin_mode == "any"
    assert defn.pair_by_day is None
    assert defn.font is None
    assert defn.scoring == Scoring()
    assert defn.members == MemberRules()
    assert defn.reminders == Reminders(before_due=(30,), task_post=None, summary=None)
    assert defn.ceremonies == Ceremonies(
        opening=Ceremony(day=1, at=T(8, 0)), closing=Ceremony(day=None, at=T(23, 0))
    )
    assert defn.channels == ()
    # No tasks in the file: a plain daily check-in at difficulty 1 every day.
    assert defn.tasks.ramp == "fixed"
    assert defn.tasks.difficulty == (1,)
    assert [task_for_day(defn.tasks, d, 5).title for d in range(1, 6)] == ["Daily check-in"] * 5


def test_ramp_without_pool_gets_a_generic_task_per_difficulty():
    defn = parse_definition(patched({"tasks": {"ramp": "linear", "difficulty": [1, 3]}}))
    assert sorted(t.difficulty for t in defn.tasks.pool) == [1, 2, 3]
    assert {t.title for t in defn.tasks.pool} == {"Daily check-in"}


def test_full_spec_example_loads():
    text = """
[camp]
name = "Copywriting CP task group"
timezone = "Asia/Shanghai"
language = "zh"
days = 7
rest = []
keywords = ["#打卡", "#checkin"]
group = "pair"
checkin_mode = "any"
pair_by_day = 2

[[windows]]
name = "night"
open = "20:00"
due = "23:30"
late_until = "00:30"

[tasks]
ramp = "linear"
difficulty = [1, 5]
[[tasks.pool]]
difficulty = 1
title = "Rewrite a slogan in ten words"
[[tasks.pool]]
difficulty = 2
title = "Two"
[[tasks.pool]]
difficulty = 3
title = "Three"
[[tasks.pool]]
difficulty = 4
title = "Four"
[[tasks.pool]]
difficulty = 5
title = "Five"
body = "A long one"
graded = true

[scoring]
base = 10
by_difficulty = true
late_factor = 0.5
makeup_factor = 0.5
makeup_limit = 1
streak_bonus = 2
streak_cap = 10
pair_bonus = 5
graded_points = 0

[ceremonies]
opening = { day = 1, at = "19:30" }
closing = { day = "last", at = "23:45" }

[reminders]
before_due = ["30m"]
task_post = "08:00"
summary = "09:00"

[members]
inactive_after = 2
remove_after = 3

[[channels]]
type = "folder"
path = "announcements"
[[channels]]
type = "dingtalk"
url_env = "CAMP_DINGTALK_URL"
secret_env = "CAMP_DINGTALK_SECRET"
"""
    defn, _ = load_definition_text(text, "cp.toml")
    assert defn.windows[0] == Window("night", T(20, 0), T(23, 30), T(0, 30))
    assert defn.windows[0].crosses_midnight is False
    assert defn.keywords == ("#打卡", "#checkin")
    assert defn.group == "pair" and defn.pair_by_day == 2
    assert defn.tasks.pool[4] == Task("Five", "A long one", 5, True)
    assert defn.ceremonies.closing == Ceremony(day=None, at=T(23, 45))
    assert defn.reminders == Reminders((30,), T(8, 0), T(9, 0))
    assert defn.channels == (
        Channel("folder", {"path": "announcements"}),
        Channel(
            "dingtalk",
            {"url_env": "CAMP_DINGTALK_URL", "secret_env": "CAMP_DINGTALK_SECRET"},
        ),
    )


# --------------------------------------------------------------------------- accepted forms


def test_times_accept_h_mm_and_toml_times():
    defn = parse_definition(
        patched({"windows": [{"name": "w", "open": "8:05", "due": dt.time(21, 0)}]})
    )
    assert defn.windows[0].open == T(8, 5)
    assert defn.windows[0].due == T(21, 0)


def test_rest_rules_are_normalised():
    data = patched(
        {"camp.rest": ["Weekends", "holidays:cn", "holidays:us-ca", dt.date(2026, 12, 25)]}
    )
    assert parse_definition(data).rest == (
        "weekends",
        "holidays:CN",
        "holidays:US-CA",
        "2026-12-25",
    )


def test_window_crossing_midnight_with_late_period():
    data = patched(
        {"windows": [{"name": "n", "open": "22:00", "due": "01:00", "late_until": "02:00"}]}
    )
    window = parse_definition(data).windows[0]
    assert window.crosses_midnight
    assert window.late_until == T(2, 0)


def test_touching_windows_do_not_overlap():
    windows = [
        {"name": "morning", "open": "08:00", "due": "12:00"},
        {"name": "afternoon", "open": "12:00", "due": "17:00", "late_until": "18:00"},
    ]
    assert len(parse_definition(patched({"windows": windows})).windows) == 2


def test_late_until_false_means_no_late_period():
    data = patched({"windows.0.late_until": False})
    assert parse_definition(data).windows[0].late_until is None


def test_ceremonies_and_reminders_can_be_turned_off():
    data = patched(
        {
            "ceremonies": {"opening": False, "closing": False},
            "reminders": {"before_due": [], "task_post": False, "summary": False},
        }
    )
    defn = parse_definition(data)
    assert defn.ceremonies == Ceremonies(None, None)
    assert defn.reminders == Reminders((), None, None)


def test_durations_become_minutes():
    data = patched({"reminders.before_due": ["1h30m", "2h", "5m", "45M"]})
    assert parse_definition(data).reminders.before_due == (90, 120, 5, 45)
    assert [format_duration(m) for m in (90, 120, 5)] == ["1h30m", "2h", "5m"]


def fixed_ramp(difficulty: object) -> dict:
    return patched(
        {
            "tasks": {
                "ramp": "fixed",
                "difficulty": difficulty,
                "pool": [{"title": "t", "difficulty": 3}],
            }
        }
    )


@pytest.mark.parametrize("difficulty", [3, [3], [3, 3]])
def test_fixed_ramp_takes_int_one_element_list_or_equal_low_and_high(difficulty):
    defn = parse_definition(fixed_ramp(difficulty))
    assert defn.tasks.difficulty == (3,)
    assert definition_to_dict(defn)["tasks"]["difficulty"] == 3


def test_fixed_ramp_with_equal_low_and_high_in_a_file():
    text = MINIMAL + '[tasks]\nramp = "fixed"\ndifficulty = [2, 2]\n'
    defn, _ = load_definition_text(text, "tiny.toml")
    assert defn.tasks.difficulty == (2,)
    assert {t.difficulty for t in defn.tasks.pool} == {2}


def test_fixed_ramp_with_different_low_and_high_says_how_to_fix_it():
    assert problems_of(fixed_ramp([2, 3])) == [
        "tasks.difficulty: [2, 3]: a fixed ramp needs one difficulty, and 2 and 3 differ; "
        'write difficulty = 2 (or [2, 2]), or set ramp = "linear" to go from 2 to 3'
    ]


@pytest.mark.parametrize(
    ("difficulty", "problems"),
    [
        (
            [2, 9],
            [
                "tasks.difficulty: [2, 9]: a fixed ramp needs one difficulty; "
                "write e.g. difficulty = 2"
            ],
        ),
        (
            [1, 2, 3],
            [
                "tasks.difficulty: [1, 2, 3]: a fixed ramp needs one difficulty; "
                "write e.g. difficulty = 2"
            ],
        ),
        (
            [9, 9],
            ["tasks.difficulty[1]: 9 is not a difficulty; use a whole number from 1 to 5"],
        ),
        (
            [True, True],
            [
                "tasks.difficulty: [true, true]: a fixed ramp needs one difficulty; "
                "write e.g. difficulty = 2"
            ],
        ),
    ],
)
def test_fixed_ramp_other_pairs_stay_problems(difficulty, problems):
    assert problems_of(fixed_ramp(difficulty)) == problems


def test_explicit_day_without_difficulty_takes_the_ramps():
    tasks = {
        "ramp": "linear",
        "difficulty": [1, 5],
        "pool": [{"title": f"d{n}", "difficulty": n} for n in range(1, 6)],
        "days": [{"day": 3, "title": "Mock exam", "graded": True}],
    }
    defn = parse_definition(patched({"tasks": tasks}))
    assert defn.tasks.by_day == {3: Task("Mock exam", "", 3, True)}


def test_explicit_days_cover_difficulties_missing_from_the_pool():
    tasks = {
        "ramp": "step",
        "difficulty": [1, 2],
        "pool": [{"title": "easy", "difficulty": 1}],
        "days": [{"day": d, "title": f"day {d}", "difficulty": 2} for d in range(2, 6)],
    }
    defn = parse_definition(patched({"tasks": tasks}))
    assert task_for_day(defn.tasks, 4, 5).title == "day 4"


def test_pair_by_day_with_pair_group():
    defn = parse_definition(patched({"camp.group": "pair", "camp.pair_by_day": 5}))
    assert defn.pair_by_day == 5


# --------------------------------------------------------------------------- one problem per rule

RULES = [
    # (changes to the minimal file, key path the problem names, words it contains)
    ({"camp.name": DELETE}, "camp.name", "missing"),
    ({"camp.name": "  "}, "camp.name", "empty"),
    ({"camp.name": 42}, "camp.name", "not text"),
    ({"camp.days": DELETE}, "camp.days", "missing"),
    ({"camp.days": 0}, "camp.days", "from 1 to 366"),
    ({"camp.days": 367}, "camp.days", "from 1 to 366"),
    ({"camp.days": "7"}, "camp.days", "not a whole number"),
    ({"camp.days": True}, "camp.days", "not a whole number"),
    ({"camp.days": 7.0}, "camp.days", "not a whole number"),
    ({"camp.description": 1}, "camp.description", "not text"),
    ({"camp.timezone": "Mars/Olympus"}, "camp.timezone", "Asia/Shanghai"),
    ({"camp.timezone": "Asia/Shangai"}, "camp.timezone", 'did you mean "Asia/Shanghai"'),
    ({"camp.timezone": "../etc/passwd"}, "camp.timezone", "not an IANA time zone"),
    ({"camp.language": "fr"}, "camp.language", '"zh" or "en"'),
    ({"camp.rest": "weekends"}, "camp.rest", "write a list"),
    ({"camp.rest": ["sometimes"]}, "camp.rest[1]", "not a rest rule"),
    ({"camp.rest": ["weekends", "holidays:XX"]}, "camp.rest[2]", "knows no country"),
    ({"camp.rest": ["holidays:CN-ZZ"]}, "camp.rest[1]", "no subdivision"),
    ({"camp.rest": ["holidays:"]}, "camp.rest[1]", "names no country"),
    ({"camp.rest": ["2026-02-30"]}, "camp.rest[1]", "not a real date"),
    ({"camp.rest": [20261225]}, "camp.rest[1]", "whole number"),
    ({"camp.keywords": []}, "camp.keywords", "keywords = ["),
    ({"camp.keywords": "#checkin"}, "camp.keywords", "list"),
    ({"camp.keywords": ["#ok", " "]}, "camp.keywords[2]", "not a keyword"),
    ({"camp.group": "duo"}, "camp.group", '"solo", "pair" or "team"'),
    ({"camp.group": "pairs"}, "camp.group", 'did you mean "pair"'),
    ({"camp.checkin_mode": "some"}, "camp.checkin_mode", '"any", "shift" or "all"'),
    ({"camp.pair_by_day": 2}, "camp.pair_by_day", 'group = "pair"'),
    ({"camp.group": "pair", "camp.pair_by_day": 6}, "camp.pair_by_day", "from 1 to 5"),
    ({"camp.font": 3}, "camp.font", "not text"),
    ({"camp.timezon": "UTC"}, "camp.timezon", 'did you mean "timezone"'),
    ({"windows": DELETE}, "windows", "no check-in window"),
    ({"windows": []}, "windows", "no check-in window"),
    ({"windows": {"name": "w"}}, "windows", "[[windows]]"),
    ({"windows.0.due": "25:00"}, "windows[1].due", '"25:00" is not a time of day; write HH:MM'),
    ({"windows.0.due": "24:00"}, "windows[1].due", "not a time of day"),
    ({"windows.0.open": "8.30"}, "windows[1].open", "not a time of day"),
    ({"windows.0.open": 800}, "windows[1].open", "not a time of day"),
    ({"windows.0.open": dt.time(8, 0, 30)}, "windows[1].open", "not a time of day"),
    ({"windows.0.open": DELETE}, "windows[1].open", "missing"),
    ({"windows.0.name": DELETE}, "windows[1].name", "missing"),
    ({"windows.0.name": ""}, "windows[1].name", "empty"),
    ({"windows.0.due": "08:00"}, "windows[1].due", "never opens"),
    ({"windows.0.late_until": "22:00"}, "windows[1].late_until", "equals due"),
    ({"windows.0.late_until": "21:00"}, "windows[1].late_until", "does not come after due"),
    ({"windows.0.late_until": "08:00"}, "windows[1].late_until", "shorter than 24 hours"),
    ({"windows.0.late_until": "soon"}, "windows[1].late_until", "not a time of day"),
    ({"windows.0.colour": "red"}, "windows[1].colour", "unknown key"),
    ({"windows": ["daily"]}, "windows[1]", "not a table"),
    ({"tasks.ramp": "zigzag"}, "tasks.ramp", '"linear", "step" or "fixed"'),
    ({"tasks.ramp": "linear", "tasks.difficulty": [1, 2, 3]}, "tasks.difficulty", "two values"),
    ({"tasks.ramp": "linear", "tasks.difficulty": 3}, "tasks.difficulty", "two values"),
    ({"tasks.ramp": "linear", "tasks.difficulty": [0, 5]}, "tasks.difficulty[1]", "1 to 5"),
    ({"tasks.ramp": "linear", "tasks.difficulty": [1, True]}, "tasks.difficulty[2]", "1 to 5"),
    ({"tasks.ramp": "step", "tasks.difficulty": []}, "tasks.difficulty", "step ramp"),
    ({"tasks.ramp": "step"}, "tasks.difficulty", "missing"),
    ({"tasks.ramp": "step", "tasks.difficulty": [1, 6]}, "tasks.difficulty[2]", "1 to 5"),
    ({"tasks.ramp": "fixed", "tasks.difficulty": [1, 2]}, "tasks.difficulty", "one difficulty"),
    ({"tasks.pool": [{"difficulty": 1}]}, "tasks.pool[1].title", "missing"),
    ({"tasks.pool": [{"title": "t"}]}, "tasks.pool[1].difficulty", "missing"),
    ({"tasks.pool": [{"title": "t", "difficulty": 6}]}, "tasks.pool[1].difficulty", "1 to 5"),
    (
        {"tasks.pool": [{"title": "t", "difficulty": 1, "graded": "yes"}]},
        "tasks.pool[1].graded",
        "true or false",
    ),
    (
        {"tasks.pool": [{"title": "t", "difficulty": 1, "bodyy": ""}]},
        "tasks.pool[1].bodyy",
        'did you mean "body"',
    ),
    ({"tasks.pool": {"title": "t"}}, "tasks.pool", "[[tasks.pool]]"),
    ({"tasks.days": [{"day": 6, "title": "t"}]}, "tasks.days[1].day", "from 1 to 5"),
    ({"tasks.days": [{"title": "t"}]}, "tasks.days[1].day", "missing"),
    ({"tasks.days": [{"day": 2}]}, "tasks.days[1].title", "missing"),
    (
        {"tasks.days": [{"day": 2, "title": "a"}, {"day": 2, "title": "b"}]},
        "tasks.days[2].day",
        "already has a task",
    ),
    (
        {
            "tasks": {
                "ramp": "linear",
                "difficulty": [1, 5],
                "pool": [{"title": f"d{n}", "difficulty": n} for n in (1, 2, 4, 5)],
            },
            "camp.days": 9,
        },
        "tasks.pool",
        "no task of difficulty 3, which days 4-5 need",
    ),
    ({"tasks": "linear"}, "tasks", "not a table"),
    ({"scoring.base": -1}, "scoring.base", "0 or more"),
    ({"scoring.base": 1.5}, "scoring.base", "not a whole number"),
    ({"scoring.late_factor": 1.5}, "scoring.late_factor", "from 0 to 1"),
    ({"scoring.makeup_factor": -0.1}, "scoring.makeup_factor", "from 0 to 1"),
    ({"scoring.late_factor": "0.5"}, "scoring.late_factor", "from 0 to 1"),
    ({"scoring.by_difficulty": "yes"}, "scoring.by_difficulty", "true or false"),
    ({"scoring.makeup_limit": -1}, "scoring.makeup_limit", "0 or more"),
    ({"scoring.streak_cap": 2.5}, "scoring.streak_cap", "not a whole number"),
    ({"scoring.pair_bonus": False}, "scoring.pair_bonus", "not a whole number"),
    ({"scoring.graded_points": -20}, "scoring.graded_points", "0 or more"),
    ({"scoring.bonus": 1}, "scoring.bonus", "unknown key"),
    ({"ceremonies.opening": {"day": 0, "at": "19:30"}}, "ceremonies.opening.day", '"last"'),
    ({"ceremonies.opening": {"day": "first"}}, "ceremonies.opening.day", "not a day of the camp"),
    ({"ceremonies.opening": {"day": 6}}, "ceremonies.opening.day", "from 1 to 5"),
    ({"ceremonies.closing": {"at": "late"}}, "ceremonies.closing.at", "not a time of day"),
    ({"ceremonies.closing": "end"}, "ceremonies.closing", "or false"),
    ({"ceremonies.closing": {"day": 2, "when": "x"}}, "ceremonies.closing.when", "unknown key"),
    (
        {"ceremonies.opening": {"day": 4}, "ceremonies.closing": {"day": 2}},
        "ceremonies.closing.day",
        "before the opening",
    ),
    ({"reminders.before_due": "30m"}, "reminders.before_due", "in a list"),
    ({"reminders.before_due": ["soon"]}, "reminders.before_due[1]", "not a duration"),
    ({"reminders.before_due": [30]}, "reminders.before_due[1]", "not a duration"),
    ({"reminders.before_due": ["0m"]}, "reminders.before_due[1]", "between 1m and 23h59m"),
    ({"reminders.before_due": ["24h"]}, "reminders.before_due[1]", "between 1m and 23h59m"),
    ({"reminders.before_due": ["1h", "60m"]}, "reminders.before_due[2]", "repeats"),
    ({"reminders.task_post": "noon"}, "reminders.task_post", "or false"),
    ({"reminders.summary": True}, "reminders.summary", "not a time of day"),
    ({"reminders.weekly_board": "yes"}, "reminders.weekly_board", "true or false"),
    ({"members.inactive_after": 0}, "members.inactive_after", "1 or more"),
    ({"members.inactive_after": 4, "members.remove_after": 3}, "members.remove_after", "less than"),
    ({"members.remove_after": "3"}, "members.remove_after", "not a whole number"),
    ({"channels": [{"path": "out"}]}, "channels[1].type", "missing"),
    ({"channels": [{"type": "fax"}]}, "channels[1].type", '"stdout", "folder"'),
    ({"channels": [{"type": "folder"}]}, "channels[1].path", "missing"),
    ({"channels": [{"type": "folder", "path": ""}]}, "channels[1].path", "empty"),
    ({"channels": [{"type": "wecom"}]}, "channels[1].url_env", "missing"),
    (
        {"channels": [{"type": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?x"}]},
        "channels[1].url",
        'url_env = "CAMP_DINGTALK_URL"',
    ),
    (
        {"channels": [{"type": "feishu", "url_env": "U", "secret": "s3cret"}]},
        "channels[1].secret",
        "secret_env",
    ),
    (
        {"channels": [{"type": "slack", "url_env": "https://hooks.slack.com/x"}]},
        "channels[1].url_env",
        "not the name of an environment variable",
    ),
    (
        {"channels": [{"type": "discord", "url_env": "D", "secret_env": "S"}]},
        "channels[1].secret_env",
        "not signed",
    ),
    ({"channels": [{"type": "stdout", "path": "x"}]}, "channels[1].path", "unknown key"),
    (
        {"channels": [{"type": "webhook", "url_env": "U", "secret_envv": "S"}]},
        "channels[1].secret_envv",
        'did you mean "secret_env"',
    ),
    ({"scorring": {}}, "scorring", 'did you mean "scoring"'),
    ({"camp": "Tiny"}, "camp", "not a table"),
    ({"camp": DELETE}, "camp", "[camp] table is missing"),
]


@pytest.mark.parametrize(
    ("changes", "key", "words"), RULES, ids=[f"{key}-{i}" for i, (_, key, _) in enumerate(RULES)]
)
def test_each_rule_names_its_key(changes, key, words):
    problems = problems_of(patched(changes))
    named = [p for p in problems if p.startswith(f"{key}:")]
    assert named, f"no problem names {key}: {problems}"
    assert any(words in p for p in named), named


def test_problem_reads_as_one_sentence_with_a_fix():
    [problem] = problems_of(patched({"windows.0.due": "25:00"}))
    assert problem == 'windows[1].due: "25:00" is not a time of day; write HH:MM, e.g. "21:30"'


def test_overlapping_windows_are_named_with_their_spans():
    windows = [
        {"name": "a", "open": "20:00", "due": "23:30"},
        {"name": "b", "open": "23:00", "due": "23:59"},
    ]
    [problem] = problems_of(patched({"windows": windows}))
    assert problem.startswith('windows[1] "a" (20:00-23:30) overlaps windows[2] "b" (23:00-23:59)')


def test_overlap_counts_late_periods_and_midnight():
    windows = [
        {"name": "night", "open": "20:00", "due": "23:30", "late_until": "00:30"},
        {"name": "dawn", "open": "00:00", "due": "06:00"},
        {"name": "noon", "open": "11:00", "due": "13:00"},
    ]
    problems = problems_of(patched({"windows": windows}))
    assert len(problems) == 1
    assert 'windows[1] "night" (20:00-00:30) overlaps windows[2] "dawn"' in problems[0]


def test_window_crossing_midnight_meets_an_early_window_next_morning():
    windows = [
        {"name": "late", "open": "22:00", "due": "06:00"},
        {"name": "early", "open": "05:00", "due": "07:00"},
    ]
    [problem] = problems_of(patched({"windows": windows}))
    assert "overlaps" in problem


def test_duplicate_window_names():
    windows = [
        {"name": "w", "open": "08:00", "due": "09:00"},
        {"name": "w", "open": "10:00", "due": "11:00"},
    ]
    [problem] = problems_of(patched({"windows": windows}))
    assert problem.startswith('windows[2].name: "w" is already the name of windows[1]')


def test_several_problems_reported_together():
    data = patched(
        {
            "camp.days": 0,
            "camp.timezone": "Nowhere/City",
            "windows.0.due": "25:00",
            "scoring.late_factor": 2,
            "members.inactive_after": 0,
        }
    )
    with pytest.raises(DefinitionError) as info:
        parse_definition(data, "many.toml")
    keys = [p.split(":")[0] for p in info.value.problems]
    assert keys == [
        "camp.days",
        "camp.timezone",
        "windows[1].due",
        "scoring.late_factor",
        "members.inactive_after",
    ]
    text = str(info.value)
    assert text.startswith("many.toml: 5 problems in the camp definition:")
    assert all(p in text for p in info.value.problems)


def test_unknown_key_without_close_match_lists_the_known_keys():
    [problem] = problems_of(patched({"members.zzz": 1}))
    assert problem == (
        "members.zzz: unknown key; the keys allowed here are inactive_after, remove_after, "
        "inactive_by, add_unknown, leave_quota"
    )


def test_not_a_table_at_all():
    with pytest.raises(DefinitionError):
        parse_definition(["camp"], "list.toml")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- text and files


def test_broken_toml_reports_line_and_column():
    text = MINIMAL + 'extra = "unterminated\n'
    with pytest.raises(DefinitionError) as info:
        load_definition_text(text, "broken.toml")
    [problem] = info.value.problems
    assert problem.startswith("TOML syntax error at line 10, column 22: ")
    assert info.value.source == "broken.toml"


def test_broken_toml_value_without_quotes():
    with pytest.raises(DefinitionError) as info:
        load_definition_text("[camp]\nname = Tiny\n", "q.toml")
    assert "line 2, column 8" in info.value.problems[0]


def test_missing_file(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(CampError, match=r"^No camp definition at .*nope\.toml; ") as info:
        load_definition_file(path)
    assert not isinstance(info.value, DefinitionError)


def test_file_loads_and_reports_its_path(tmp_path):
    path = tmp_path / "camp.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    defn, raw = load_definition_file(path)
    assert defn.name == "Tiny camp" and raw["camp"]["days"] == 5
    path.write_text(MINIMAL.replace("days = 5", "days = 0"), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_definition_file(str(path))
    assert info.value.source == str(path)


def test_file_with_bom_loads(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_definition_file(path)[0].days == 5


def test_file_not_utf8(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes(MINIMAL.replace("Tiny camp", "打卡营").encode("gbk"))
    with pytest.raises(DefinitionError, match="not UTF-8"):
        load_definition_file(path)


# --------------------------------------------------------------------------- overrides


def test_apply_overrides_replaces_and_copies():
    raw = minimal()
    before = copy.deepcopy(raw)
    result = apply_overrides(raw, name="Winter", timezone="Europe/Berlin", days=9)
    assert raw == before
    assert result["camp"] == {"name": "Winter", "days": 9, "timezone": "Europe/Berlin"}
    defn = parse_definition(result)
    assert (defn.name, defn.timezone, defn.days) == ("Winter", "Europe/Berlin", 9)


def test_apply_overrides_none_keeps_values():
    assert apply_overrides(minimal()) == minimal()
    assert apply_overrides(minimal(), days=3)["camp"]["name"] == "Tiny camp"


def test_apply_overrides_without_camp_table():
    assert apply_overrides({}, name="X") == {"camp": {"name": "X"}}


def test_overridden_days_are_validated_again():
    raw = apply_overrides(minimal(), days=400)
    assert problems_of(raw)[0].startswith("camp.days:")


# --------------------------------------------------------------------------- round trip

EXAMPLES = [
    CampDefinition(
        name="Tiny",
        days=1,
        windows=(Window("w", T(8, 0), T(9, 0)),),
        tasks=TaskPlan(ramp="fixed", difficulty=(1,), pool=(Task("t", difficulty=1),)),
    ),
    CampDefinition(
        name="Everything",
        days=10,
        windows=(
            Window("early", T(6, 0), T(7, 0), T(7, 30)),
            Window("night", T(22, 0), T(1, 0), T(2, 15)),
        ),
        timezone="America/New_York",
        language="zh",
        description="All the keys",
        rest=("weekends", "holidays:US-CA", "2026-12-25"),
        keywords=("#打卡", "#checkin"),
        group="pair",
        checkin_mode="all",
        pair_by_day=3,
        font="/fonts/wqy.ttc",
        tasks=TaskPlan(
            ramp="step",
            difficulty=(1, 2, 2, 3),
            pool=(Task("a", "do a", 1), Task("b", "", 2, True), Task("c", "do c", 3)),
            by_day={5: Task("mock", "exam", 4, True), 10: Task("end", "", 5)},
        ),
        scoring=Scoring(
            base=7,
            by_difficulty=False,
            late_factor=Decimal("1.0"),
            makeup_factor=Decimal(0),
            makeup_limit=0,
            streak_bonus=0,
            streak_cap=0,
            pair_bonus=0,
            graded_points=30,
        ),
        ceremonies=Ceremonies(opening=None, closing=Ceremony(day=10, at=T(23, 59))),
        reminders=Reminders(before_due=(90, 5, 120), task_post=None, summary=T(9, 0)),
        members=MemberRules(inactive_after=4, remove_after=4),
        channels=(
            Channel("stdout"),
            Channel("folder", {"path": "out"}),
            Channel("feishu", {"url_env": "FEISHU_URL", "secret_env": "FEISHU_SECRET"}),
            Channel("discord", {"url_env": "DISCORD_URL"}),
        ),
    ),
    CampDefinition(
        name="Linear",
        days=7,
        windows=(Window("night", T(20, 0), T(23, 30), T(0, 30)),),
        tasks=TaskPlan(
            ramp="linear",
            difficulty=(5, 2),
            pool=tuple(Task(f"d{n}", difficulty=n) for n in (2, 3, 4, 5)),
        ),
        ceremonies=Ceremonies(opening=Ceremony(day=None, at=T(0, 0)), closing=None),
        reminders=Reminders(summary=T(8, 30), weekly_board=True),
    ),
]


@pytest.mark.parametrize("defn", EXAMPLES, ids=[d.name for d in EXAMPLES])
def test_round_trip(defn):
    data = definition_to_dict(defn)
    assert toml_types_only(data)
    assert parse_definition(data) == defn
    assert parse_definition(json.loads(json.dumps(data, ensure_ascii=False))) == defn


def test_dict_uses_the_file_format():
    data = definition_to_dict(EXAMPLES[1])
    assert data["windows"][1] == {
        "name": "night",
        "open": "22:00",
        "due": "01:00",
        "late_until": "02:15",
    }
    assert data["reminders"] == {
        "before_due": ["1h30m", "5m", "2h"],
        "task_post": False,
        "summary": "09:00",
    }
    assert data["ceremonies"] == {"opening": False, "closing": {"day": 10, "at": "23:59"}}
    assert data["tasks"]["days"][0] == {
        "day": 5,
        "title": "mock",
        "body": "exam",
        "difficulty": 4,
        "graded": True,
    }
    assert data["channels"][2] == {
        "type": "feishu",
        "url_env": "FEISHU_URL",
        "secret_env": "FEISHU_SECRET",
    }
    assert definition_to_dict(EXAMPLES[2])["ceremonies"]["opening"] == {
        "day": "last",
        "at": "00:00",
    }
    assert "font" not in definition_to_dict(EXAMPLES[0])["camp"]


def test_round_trip_of_a_loaded_minimal_file():
    defn, _ = load_definition_text(MINIMAL, "tiny.toml")
    assert parse_definition(definition_to_dict(defn)) == defn


# --------------------------------------------------------------------------- resolve_template


def test_resolve_template_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert resolve_template(str(path)) == (None, Path(str(path)))


def test_resolve_unknown_template_lists_the_ids():
    with pytest.raises(CampError) as info:
        resolve_template("no-such-camp")
    message = str(info.value)
    assert "no-such-camp" in message
    assert "copywriting-cp" in message and "reading-camp" in message


def test_resolve_close_template_name_suggests_it():
    with pytest.raises(CampError, match='Did you mean "ops-club"'):
        resolve_template("ops-clb")
