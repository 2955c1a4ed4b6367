"""Fuzzy matching of member names for the quick check-in: pure, no terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

__all__ = ["fuzzy_matches", "match_score"]


def _fold(text: str) -> str:
    # NFKC first so full-width letters typed with a CJK input method match ASCII names.
    return unicodedata.normalize("NFKC", text).casefold()


def match_score(query: str, name: str) -> tuple[int, int, int] | None:
    """How well ``query`` matches ``name`` (lower is better), or ``None`` for no match.

    The letters of the query must appear in the name in order (a subsequence),
    ignoring case and spaces. An exact name beats a prefix, a prefix beats a
    substring, and a substring beats letters spread over the name; among those,
    the tighter the letters sit, the better.
    """
    q = _fold(query).replace(" ", "")
    if not q:
        return None
    n = _fold(name)
    if n.replace(" ", "") == q:
        return (0, 0, len(n))
    if n.startswith(q):
        return (1, 0, len(n))
    found = n.find(q)
    if found >= 0:
        return (2, found, len(n))
    positions = []
    start = 0
    for ch in q:
        at = n.find(ch, start)
        if at < 0:
            return None
        positions.append(at)
        start = at + 1
    return (3, positions[-1] - positions[0], len(n))


def fuzzy_matches(query: str, names: Iterable[str], limit: int = 5) -> list[str]:
    """The names that match ``query`` best first (at most ``limit``); ties go by name."""
    scored = []
    for name in names:
        score = match_score(query, name)
        if score is not None:
            scored.append((score, _fold(name), name))
    scored.sort()
    return [name for _, _, name in scored[:limit]]
