"""The five built-in camp templates load, plan every day, and round-trip."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from camp.definition import (
    TemplateInfo,
    builtin_templates,
    definition_to_dict,
    load_definition_file,
    parse_definition,
    resolve_template,
)
from camp.models import Ceremony
from camp.ramp import difficulty_for_day, task_for_day
from camp.resources import camp_templates_dir

T = dt.time
TEMPLATE_IDS = ["accounting-sprint", "copywriting-cp", "ops-club", "reading-camp", "study-buddy"]


def load(template_id: str):
    return load_definition_file(camp_templates_dir() / f"{template_id}.toml")[0]


def test_builtin_listing():
    infos = builtin_templates()
    assert [info.id for info in infos] == TEMPLATE_IDS
    by_id = {info.id: info for info in infos}
    assert by_id["copywriting-cp"] == TemplateInfo(
        id="copywriting-cp",
        name="Copywriting CP task group",
        days=7,
        description=by_id["copywriting-cp"].description,
        path=camp_templates_dir() / "copywriting-cp.toml",
    )
    assert (by_id["accounting-sprint"].name, by_id["accounting-sprint"].days) == (
        "Accounting exam sprint",
        30,
    )
    for info in infos:
        assert info.description.strip(), info.id
        assert "\n" not in info.description
        assert info.path.is_file()


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_resolves_by_id(template_id):
    assert resolve_template(template_id) == (
        template_id,
        camp_templates_dir() / f"{template_id}.toml",
    )


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_day_has_a_task_matching_its_difficulty(template_id):
    defn = load(template_id)
    for day in range(1, defn.days + 1):
        task = task_for_day(defn.tasks, day, defn.days)
        assert task.title.strip()
        assert task.body.strip(), f"{template_id} day {day} has no instructions"
        assert task.difficulty == difficulty_for_day(defn.tasks, day, defn.days)


@pytest.mark.parametrize(
    ("template_id", "window"),
    [("accounting-sprint", 30), ("copywriting-cp", 7), ("reading-camp", 20), ("study-buddy", 7)],
)
def test_tasks_do_not_repeat_too_soon(template_id, window):
    # Within this many consecutive days no task comes back.
    defn = load(template_id)
    titles = [task_for_day(defn.tasks, d, defn.days).title for d in range(1, defn.days + 1)]
    for start in range(len(titles)):
        stretch = titles[start : start + window]
        assert len(set(stretch)) == len(stretch), (template_id, start)


def test_ops_club_topics_rotate_through_the_whole_pool():
    defn = load("ops-club")
    titles = [task_for_day(defn.tasks, d, defn.days).title for d in range(1, defn.days + 1)]
    pool = [task.title for task in defn.tasks.pool]
    assert len(pool) >= 10
    assert titles[: len(pool)] == pool
    assert set(titles) == set(pool)


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_round_trips(template_id):
    defn = load(template_id)
    data = definition_to_dict(defn)
    assert parse_definition(data) == defn
    assert parse_definition(json.loads(json.dumps(data, ensure_ascii=False))) == defn


def test_accounting_sprint():
    defn = load("accounting-sprint")
    assert (defn.days, defn.timezone, defn.language, defn.group) == (
        30,
        "Asia/Shanghai",
        "zh",
        "solo",
    )
    assert defn.keywords == ("#打卡", "#checkin")
    [window] = defn.windows
    assert (window.name, window.open, window.due, window.late_until) == (
        "drill",
        T(20, 0),
        T(21, 0),
        T(21, 30),
    )
    assert (defn.tasks.ramp, defn.tasks.difficulty) == ("linear", (1, 5))
    assert sorted(defn.tasks.by_day) == [7, 14, 21, 28, 30]
    assert all(task.graded for task in defn.tasks.by_day.values())
    assert not any(task.graded for task in defn.tasks.pool)
    assert {task.difficulty for task in defn.tasks.pool} == {1, 2, 3, 4, 5}
    assert defn.scoring.graded_points == 20
    assert defn.reminders.before_due == (30,)
    assert (defn.reminders.task_post, defn.reminders.summary) == (T(12, 0), T(9, 0))
    assert (defn.members.inactive_after, defn.members.remove_after) == (3, 5)
    assert defn.ceremonies.opening is not None and defn.ceremonies.closing is not None


def test_copywriting_cp_follows_the_spec_example():
    defn = load("copywriting-cp")
    assert (defn.days, defn.group, defn.pair_by_day, defn.language) == (7, "pair", 2, "zh")
    [window] = defn.windows
    assert (window.name, window.open, window.due, window.late_until) == (
        "night",
        T(20, 0),
        T(23, 30),
        T(0, 30),
    )
    assert [difficulty_for_day(defn.tasks, d, 7) for d in range(1, 8)] == [1, 2, 2, 3, 4, 4, 5]
    s = defn.scoring
    assert (s.base, s.by_difficulty, s.late_factor, s.makeup_factor, s.makeup_limit) == (
        10,
        True,
        0.5,
        0.5,
        1,
    )
    assert (s.streak_bonus, s.streak_cap, s.pair_bonus, s.graded_points) == (2, 10, 5, 0)
    assert defn.ceremonies.opening == Ceremony(day=1, at=T(19, 30))
    assert defn.ceremonies.closing == Ceremony(day=None, at=T(23, 45))


def test_study_buddy_shifts():
    defn = load("study-buddy")
    assert (defn.days, defn.group, defn.checkin_mode) == (21, "pair", "shift")
    assert defn.rest == ("holidays:CN",)
    shifts = {w.name: (w.open, w.due, w.late_until) for w in defn.windows}
    assert shifts == {
        "early": (T(19, 50), T(20, 0), T(20, 10)),
        "middle": (T(20, 50), T(21, 0), T(21, 10)),
        "late": (T(21, 50), T(22, 0), T(22, 10)),
    }
    assert (defn.tasks.ramp, defn.tasks.difficulty) == ("fixed", (2,))
    assert all("一小时" in task.body for task in defn.tasks.pool)


def test_reading_camp():
    defn = load("reading-camp")
    assert (defn.days, defn.group, defn.language) == (20, "solo", "zh")
    [window] = defn.windows
    assert (window.open, window.due, window.late_until) == (T(6, 0), T(23, 0), T(23, 59))
    assert defn.tasks.ramp == "step"
    steps = [difficulty_for_day(defn.tasks, d, 20) for d in range(1, 21)]
    assert steps[0] == 1 and steps[-1] == 5 and steps == sorted(steps)
    assert (defn.scoring.streak_bonus, defn.scoring.streak_cap) == (2, 10)
    assert defn.scoring.makeup_limit == 2
    assert defn.ceremonies.opening is not None and defn.ceremonies.closing is not None


def test_ops_club():
    defn = load("ops-club")
    assert (defn.days, defn.group, defn.rest) == (28, "team", ("weekends",))
    [window] = defn.windows
    assert (window.name, window.open, window.due, window.late_until) == (
        "signin",
        T(9, 0),
        T(12, 0),
        T(18, 0),
    )
    assert (defn.tasks.ramp, defn.tasks.difficulty) == ("fixed", (2,))
    assert (defn.members.inactive_after, defn.members.remove_after) == (3, 7)
