"""Cutting a long announcement into parts a robot accepts, losing nothing.

Limits are counted in different units (UTF-8 bytes for WeCom, characters for Slack and
Discord, bytes of the JSON body for Feishu), so every function takes a ``measure``. A
measure must be additive, ``measure(a + b) == measure(a) + measure(b)``, which lets a
part grow line by line without measuring it again; all the measures below are.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable

__all__ = [
    "json_string_bytes",
    "numbered_parts",
    "split_text",
    "utf8_bytes",
    "utf16_units",
]

Measure = Callable[[str], int]

#: Characters that belong to the one before them: a cut just before one would tear a
#: letter from its accent or an emoji from its variation (skin tones: see ``_clings``).
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")


def utf8_bytes(text: str) -> int:
    """Size of the text in UTF-8 bytes."""
    return len(text.encode("utf-8"))


def utf16_units(text: str) -> int:
    """Length in UTF-16 code units, how JavaScript-based services count characters.

    It is never less than the count of code points, so a limit met in these units is met
    in both.
    """
    return len(text.encode("utf-16-le")) // 2


def json_string_bytes(text: str) -> int:
    """UTF-8 bytes the text takes inside a JSON string (quotes and newlines are escaped)."""
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8")) - 2


def split_text(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` (by ``measure``), in order.

    ``"".join(parts) == text`` always. Cuts fall after a newline; only a line longer than
    ``limit`` is cut inside, after a space when one is near the end, otherwise between two
    characters (never inside a character, nor before an accent or emoji modifier when
    avoidable). A text within the limit comes back whole, as one part.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if measure(text) <= limit:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in _lines(text):
        width = measure(line)
        if size + width <= limit:
            current.append(line)
            size += width
            continue
        if current:
            parts.append("".join(current))
        if width <= limit:
            current, size = [line], width
            continue
        *full, rest = _cut_line(line, limit, measure)
        parts.extend(full)
        current, size = [rest], measure(rest)
    if current:
        parts.append("".join(current))
    return parts


def numbered_parts(text: str, limit: int, measure: Measure = len) -> list[str]:
    """Split ``text`` to fit ``limit`` and number every part but the first: ``"(2/3)\\n..."``.

    The numbering counts toward the limit, so each returned part (numbering included)
    measures at most ``limit``. Removing the numbering and joining the parts gives
    ``text`` back.
    """
    if measure(text) <= limit:
        return [text]
    # The number of parts is only known after splitting, and it decides the room the
    # numbering takes: reserve room for d digits and split again if that was too little.
    digits = 1
    while True:
        reserve = measure(_numbering(10**digits - 1, 10**digits - 1))
        parts = split_text(text, limit - reserve, measure)
        if len(str(len(parts))) <= digits:
            break
        digits += 1
    total = len(parts)
    return [part if i == 1 else _numbering(i, total) + part for i, part in enumerate(parts, 1)]


def _numbering(index: int, total: int) -> str:
    return f"({index}/{total})\n"


def _lines(text: str) -> list[str]:
    """Lines with their ``\\n`` kept (only ``\\n``: other separators are not cut points)."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _cut_line(line: str, limit: int, measure: Measure) -> list[str]:
    """Cut one over-long line into pieces of at most ``limit``."""
    pieces: list[str] = []
    start = 0
    size = 0
    last_space = -1
    i = 0
    while i < len(line):
        width = measure(line[i])
        if width > limit:
            raise ValueError(f"limit {limit} is smaller than one character ({line[i]!r})")
        if size + width <= limit:
            if line[i] == " ":
                last_space = i
            size += width
            i += 1
            continue
        cut = i
        # After a space in the second half of the piece reads better than mid-word.
        if last_space >= start and (last_space + 1 - start) * 2 >= i - start:
            cut = last_space + 1
        else:
            while cut - 1 > start and _clings(line, cut):
                cut -= 1
        pieces.append(line[start:cut])
        start = cut
        size = measure(line[start:i])
        last_space = -1
    pieces.append(line[start:])
    return pieces


def _clings(line: str, at: int) -> bool:
    """Whether ``line[at]`` must stay with the character before it."""
    char = line[at]
    return (
        char in _JOINERS
        or unicodedata.combining(char) != 0
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin-tone modifiers
        or line[at - 1] == "\u200d"
        or (line[at - 1] == "\r" and char == "\n")
    )
