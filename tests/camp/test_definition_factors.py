"""Scoring factors are exact decimals: read as the file wrote them, kept through JSON."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camp.definition import definition_to_dict, load_definition_text, parse_definition
from camp.errors import DefinitionError
from camp.models import CampDefinition, Scoring
from camp.resources import camp_templates_dir

MINIMAL = """
[camp]
name = "Tiny camp"
days = 5

[[windows]]
name = "day"
open = "08:00"
due = "22:00"
"""

TEMPLATE_PATHS = sorted(camp_templates_dir().glob("*.toml"))


def with_scoring(lines: str) -> str:
    return f"{MINIMAL}\n[scoring]\n{lines}\n"


def stored_and_read_back(defn: CampDefinition) -> CampDefinition:
    """What camp keeps in its database (the dict as JSON), parsed again."""
    text = json.dumps(definition_to_dict(defn), ensure_ascii=False)
    return parse_definition(json.loads(text), "camp test")


def assert_decimal_factors(scoring: Scoring) -> None:
    # Decimal("0.5") == 0.5, so equality alone would not notice a float slipping through.
    assert type(scoring.late_factor) is Decimal
    assert type(scoring.makeup_factor) is Decimal


def test_a_toml_float_is_the_decimal_the_file_wrote():
    defn, _ = load_definition_text(with_scoring("late_factor = 0.35"), "f.toml")
    assert defn.scoring.late_factor == Decimal("0.35")
    assert defn.scoring.late_factor.as_tuple() == Decimal("0.35").as_tuple()
    assert_decimal_factors(defn.scoring)


def test_a_whole_number_factor_is_a_decimal():
    defn, _ = load_definition_text(with_scoring("late_factor = 1\nmakeup_factor = 0"), "f.toml")
    assert defn.scoring.late_factor == Decimal(1)
    assert defn.scoring.makeup_factor == Decimal(0)
    assert_decimal_factors(defn.scoring)


def test_default_factors_are_decimals():
    defn, _ = load_definition_text(MINIMAL, "f.toml")
    assert defn.scoring.late_factor == Decimal("0.5")
    assert_decimal_factors(defn.scoring)


def test_a_decimal_factor_is_kept_as_it_is():
    data = tomllib.loads(MINIMAL)
    data["scoring"] = {"late_factor": Decimal("0.125"), "makeup_factor": Decimal("0.50")}
    scoring = parse_definition(data).scoring
    assert scoring.late_factor.as_tuple() == Decimal("0.125").as_tuple()
    assert scoring.makeup_factor.as_tuple() == Decimal("0.50").as_tuple()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1.5", "scoring.late_factor: 1.5 is out of range; use a number from 0 to 1, e.g. 0.5"),
        ("-0.1", "scoring.late_factor: -0.1 is out of range; use a number from 0 to 1, e.g. 0.5"),
        ("nan", "scoring.late_factor: nan is out of range; use a number from 0 to 1, e.g. 0.5"),
        ("inf", "scoring.late_factor: inf is out of range; use a number from 0 to 1, e.g. 0.5"),
        (
            '"0.5"',
            'scoring.late_factor: "0.5" is text; write a number from 0 to 1, e.g. 0.5',
        ),
    ],
)
def test_factor_problems_read_as_before(value, problem):
    with pytest.raises(DefinitionError) as info:
        load_definition_text(with_scoring(f"late_factor = {value}"), "f.toml")
    assert info.value.problems == [problem]


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("1.01"), Decimal("-1")])
def test_a_decimal_out_of_range_is_a_problem(value):
    data = tomllib.loads(MINIMAL)
    data["scoring"] = {"makeup_factor": value}
    with pytest.raises(DefinitionError) as info:
        parse_definition(data)
    assert info.value.problems == [
        f"scoring.makeup_factor: {value} is out of range; use a number from 0 to 1, e.g. 0.5"
    ]


def test_factors_are_written_as_json_numbers():
    defn, _ = load_definition_text(with_scoring("late_factor = 0.35\nmakeup_factor = 1"), "f.toml")
    scoring = definition_to_dict(defn)["scoring"]
    assert scoring["late_factor"] == 0.35 and type(scoring["late_factor"]) is float
    assert scoring["makeup_factor"] == 1.0 and type(scoring["makeup_factor"]) is float
    assert '"late_factor": 0.35' in json.dumps(scoring)


def test_json_written_by_earlier_releases_reads_the_same():
    # Earlier releases stored float(factor): 0.35 reads back as 35/100, not 0.34999….
    defn, _ = load_definition_text(MINIMAL, "f.toml")
    stored = definition_to_dict(defn)
    stored["scoring"].update(late_factor=0.35, makeup_factor=0.1)
    scoring = parse_definition(json.loads(json.dumps(stored))).scoring
    assert (scoring.late_factor, scoring.makeup_factor) == (Decimal("0.35"), Decimal("0.1"))


@pytest.mark.parametrize("path", TEMPLATE_PATHS, ids=[p.stem for p in TEMPLATE_PATHS])
def test_every_builtin_template_survives_the_database_round_trip(path: Path):
    defn, _ = load_definition_text(path.read_text(encoding="utf-8"), str(path))
    again = stored_and_read_back(defn)
    for field in dataclasses.fields(CampDefinition):
        assert getattr(again, field.name) == getattr(defn, field.name), field.name
    assert again == defn
    assert_decimal_factors(again.scoring)
    assert stored_and_read_back(again) == defn


def test_the_templates_were_found():
    assert len(TEMPLATE_PATHS) >= 5


# Every factor from 0 to 1 with at most four decimal places (``0.3500`` is 0.35), and the
# whole numbers 0 and 1, which a file writes without a point.
factors = st.decimals(min_value=0, max_value=1, places=4) | st.sampled_from(
    [Decimal(0), Decimal(1)]
)


@given(late=factors, makeup=factors)
def test_any_factor_of_up_to_four_places_round_trips_exactly(late: Decimal, makeup: Decimal):
    text = with_scoring(f"late_factor = {late:f}\nmakeup_factor = {makeup:f}")
    defn, _ = load_definition_text(text, "f.toml")
    assert (defn.scoring.late_factor, defn.scoring.makeup_factor) == (late, makeup)
    again = stored_and_read_back(defn)
    assert (again.scoring.late_factor, again.scoring.makeup_factor) == (late, makeup)
    assert_decimal_factors(again.scoring)
    assert again == defn
