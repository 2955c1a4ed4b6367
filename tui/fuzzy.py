"""Fuzzy matching of member names for the quick check-in: pure, no terminal.

:func:`match_score` defines the order. :class:`NameIndex` answers the same question
for 100,000 names within a keystroke: the names are folded once, and each query is
answered by C-level scans (``bisect``, ``str.find``, ``re``) over one joined string
instead of a Python loop over every name.
"""

from __future__ import annotations

import bisect
import heapq
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["NameIndex", "fuzzy_matches", "match_score"]

#: Separates the folded names in the joined string.
_SEP = "\n"


def _fold(text: str) -> str:
    # NFKC first so full-width letters typed with a CJK input method match ASCII names.
    return unicodedata.normalize("NFKC", text).casefold()


def _fold_query(query: str) -> str:
    return _fold(query).replace(" ", "")


def match_score(query: str, name: str) -> tuple[int, int, int] | None:
    """How well ``query`` matches ``name`` (lower is better), or ``None`` for no match.

    The letters of the query must appear in the name in order (a subsequence),
    ignoring case and spaces. An exact name beats a prefix, a prefix beats a
    substring, and a substring beats letters spread over the name; among those,
    the tighter the letters sit, the better.
    """
    q = _fold_query(query)
    if not q:
        return None
    return _score(q, _fold(name))


def _score(q: str, n: str) -> tuple[int, int, int] | None:
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
    return NameIndex(names).matches(query, limit)


class NameIndex:
    """Member names prepared for many fuzzy queries (build it once per list of names).

    ``matches`` returns exactly what ranking every name by :func:`match_score`
    would, best first, ties by folded name, but touches only the names that can
    reach the top ``limit``.
    """

    def __init__(self, names: Iterable[str]) -> None:
        entries = sorted((_fold(name), name) for name in names)
        self._folded = [folded for folded, _ in entries]
        self._names = [name for _, name in entries]
        # Names with their spaces removed, for the exact match ("chenjing" is "Chen Jing").
        self._exact: dict[str, list[int]] = {}
        for i, folded in enumerate(self._folded):
            self._exact.setdefault(folded.replace(" ", ""), []).append(i)
        # A name never spans the separator (same length, so the offsets below still hold).
        self._joined = _SEP.join(folded.replace(_SEP, " ") for folded in self._folded)
        # Where each folded name starts in the joined string, to map a hit to its name.
        self._starts = []
        at = 0
        for folded in self._folded:
            self._starts.append(at)
            at += len(folded) + 1

    def __len__(self) -> int:
        return len(self._names)

    def _owner(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) - 1

    def matches(self, query: str, limit: int = 5) -> list[str]:
        """The best ``limit`` names for ``query``, best first (see :func:`match_score`)."""
        q = _fold_query(query)
        if not q or limit <= 0:
            return []
        # Candidates as (score, folded, index); each stage runs only while places are left.
        found: list[tuple[tuple[int, int, int], str, int]] = []
        seen: set[int] = set()

        def take(stage: Iterable[tuple[tuple[int, int, int], str, int]]) -> None:
            for item in heapq.nsmallest(limit - len(found), stage):
                found.append(item)
                seen.add(item[2])

        take(((0, 0, len(self._folded[i])), self._folded[i], i) for i in self._exact.get(q, ()))
        if len(found) < limit:
            # Prefixes sit together in the sorted names; a name with spaces may also equal
            # the query once its spaces go, which was taken above.
            lo = bisect.bisect_left(self._folded, q)
            hi = bisect.bisect_left(self._folded, q + "\U0010ffff")
            take(
                ((1, 0, len(self._folded[i])), self._folded[i], i)
                for i in range(lo, hi)
                if i not in seen
            )
        if len(found) < limit:
            take(self._substrings(q, seen))
        if len(found) < limit:
            take(self._scattered(q, seen))
        return [self._names[i] for _, _, i in found]

    def _substrings(self, q: str, seen: set[int]):
        hits: dict[int, int] = {}
        at = self._joined.find(q)
        while at >= 0:
            owner = self._owner(at)
            if owner not in hits:
                hits[owner] = at - self._starts[owner]
            # Later hits in the same name are farther from its start: skip to the next name.
            next_name = (
                self._starts[owner + 1] if owner + 1 < len(self._starts) else len(self._joined)
            )
            at = self._joined.find(q, next_name)
        for i, where in hits.items():
            if i not in seen and where > 0:
                yield (2, where, len(self._folded[i])), self._folded[i], i

    def _scattered(self, q: str, seen: set[int]):
        # The letters in order inside one name; lazy gaps find the earliest letters, as
        # match_score does. Names holding the query whole were taken by earlier stages.
        gap = f"[^{_SEP}]*?"
        pattern = re.compile(gap.join(re.escape(ch) for ch in q))
        owners: set[int] = set()
        for hit in pattern.finditer(self._joined):
            owner = self._owner(hit.start())
            if owner in owners or owner in seen:
                continue
            owners.add(owner)
            score = _score(q, self._folded[owner])
            if score is not None and score[0] == 3:
                yield score, self._folded[owner], owner
