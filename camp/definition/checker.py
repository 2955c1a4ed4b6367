"""The ``Checker`` that collects a definition's problems, and the words its sentences use.

Each typed getter reads one key, adds a problem sentence (key path, what is wrong, how to
fix it) when the value is wrong and returns ``None``; the sections build on them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from camp.definition.times import parse_time
from camp.ramp import exact_decimal

__all__ = [
    "REQUIRED",
    "Checker",
    "as_written",
    "closest_word",
    "is_whole_number",
    "key_path",
    "kind_of",
    "one_of",
]

#: The ``default`` of a getter for a key the file must have.
REQUIRED = object()


def key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def as_written(value: Any) -> str:
    """A value as an operator would write it in the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False, default=str)
        return text if len(text) <= 60 else text[:57] + "..."
    return str(value)


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    return type(value).__name__


def is_whole_number(value: Any) -> bool:
    # TOML's true/false are Python bools, which are ints: a flag is never a count.
    return isinstance(value, int) and not isinstance(value, bool)


def closest_word(word: str, choices: Iterable[str]) -> str | None:
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def one_of(choices: Iterable[str]) -> str:
    quoted = [f'"{c}"' for c in choices]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def _range_text(lo: int, hi: int | None) -> str:
    return f"from {lo} to {hi}" if hi is not None else f"of {lo} or more"


class Checker:
    """Collects problems while reading one definition; typed getters return ``None`` on error."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, text: str) -> None:
        self.problems.append(f"{path}: {text}" if path else text)

    def known_keys(self, table: dict, known: Iterable[str], path: str) -> None:
        known = tuple(known)
        for key in table:
            if key in known:
                continue
            key_text = str(key)
            guess = closest_word(key_text, known)
            if guess:
                hint = f'did you mean "{guess}"?'
            elif known:
                hint = f"the keys allowed here are {', '.join(known)}"
            else:
                hint = "nothing else is allowed here; remove it"
            self.add(key_path(path, key_text), f"unknown key; {hint}")

    def table(self, parent: dict, key: str, path: str, example: str) -> dict | None:
        """A sub-table: ``{}`` when absent, ``None`` (with a problem) when not a table."""
        if key not in parent:
            return {}
        value = parent[key]
        if not isinstance(value, dict):
            self.add(
                key_path(path, key),
                f"{as_written(value)} is {kind_of(value)}, not a table; write it as {example}",
            )
            return None
        return value

    def table_list(self, parent: dict, key: str, path: str) -> list | None:
        """An array of tables (``[[key]]`` blocks): ``[]`` when absent, ``None`` when wrong."""
        where = key_path(path, key)
        if key not in parent:
            return []
        value = parent[key]
        if isinstance(value, dict):
            self.add(where, f"write each entry as a [[{where}]] block, with double brackets")
            return None
        if not isinstance(value, list):
            self.add(
                where,
                f"{as_written(value)} is {kind_of(value)}; write each entry as a [[{where}]] block",
            )
            return None
        return value

    def entry(self, value: Any, path: str, block: str) -> dict | None:
        if not isinstance(value, dict):
            self.add(
                path,
                f"{as_written(value)} is {kind_of(value)}, not a table; write a [[{block}]] block",
            )
            return None
        return value

    def text(
        self,
        table: dict,
        key: str,
        path: str,
        default: Any,
        *,
        example: str,
        allow_empty: bool = False,
    ) -> str | None:
        where = key_path(path, key)
        if key not in table:
            if default is REQUIRED:
                self.add(where, f"missing; add it, e.g. {key} = {example}")
                return None
            return default
        value = table[key]
        if not isinstance(value, str):
            self.add(
                where,
                f"{as_written(value)} is {kind_of(value)}, not text; write e.g. {key} = {example}",
            )
            return None
        if not allow_empty and not value.strip():
            self.add(where, f"is empty; write e.g. {key} = {example}")
            return None
        return value

    def integer(
        self,
        table: dict,
        key: str,
        path: str,
        default: Any,
        *,
        lo: int,
        hi: int | None = None,
        example: int,
    ) -> int | None:
        where = key_path(path, key)
        if key not in table:
            if default is REQUIRED:
                self.add(where, f"missing; add it, e.g. {key} = {example}")
                return None
            return default
        value = table[key]
        if not is_whole_number(value):
            self.add(
                where,
                f"{as_written(value)} is {kind_of(value)}, not a whole number; write e.g. {key} = {example}",
            )
            return None
        if value < lo or (hi is not None and value > hi):
            self.add(where, f"{value} is out of range; use a whole number {_range_text(lo, hi)}")
            return None
        return value

    def flag(self, table: dict, key: str, path: str, default: bool) -> bool | None:
        if key not in table:
            return default
        value = table[key]
        if not isinstance(value, bool):
            self.add(
                key_path(path, key),
                f"{as_written(value)} is {kind_of(value)}; write true or false (without quotes)",
            )
            return None
        return value

    def factor(self, table: dict, key: str, path: str, default: Decimal) -> Decimal | None:
        """A number from 0 to 1, as the exact decimal the file wrote."""
        where = key_path(path, key)
        if key not in table:
            return default
        value = table[key]
        if not (is_whole_number(value) or isinstance(value, float | Decimal)):
            self.add(
                where,
                f"{as_written(value)} is {kind_of(value)}; write a number from 0 to 1, e.g. 0.5",
            )
            return None
        number = exact_decimal(value)
        # A NaN decimal refuses to be ordered, so it is ruled out before the range test.
        if not (number.is_finite() and 0 <= number <= 1):
            self.add(where, f"{value} is out of range; use a number from 0 to 1, e.g. 0.5")
            return None
        return number

    def choice(
        self, table: dict, key: str, path: str, default: str | None, choices: tuple[str, ...]
    ) -> str | None:
        where = key_path(path, key)
        if key not in table:
            return default
        value = table[key]
        if isinstance(value, str) and value in choices:
            return value
        guess = closest_word(value, choices) if isinstance(value, str) else None
        hint = f'did you mean "{guess}"? ' if guess and guess != value else ""
        self.add(where, f"{as_written(value)} is not allowed; {hint}use {one_of(choices)}")
        return None

    def time(
        self, table: dict, key: str, path: str, default: Any, *, allow_false: bool = False
    ) -> dt.time | None:
        where = key_path(path, key)
        if key not in table:
            if default is REQUIRED:
                self.add(where, f'missing; add it as HH:MM, e.g. {key} = "21:30"')
                return None
            return default
        value = table[key]
        if allow_false and value is False:
            return None
        parsed = parse_time(value)
        if parsed is None:
            off = " (or false to turn it off)" if allow_false else ""
            self.add(
                where, f'{as_written(value)} is not a time of day; write HH:MM, e.g. "21:30"{off}'
            )
        return parsed
