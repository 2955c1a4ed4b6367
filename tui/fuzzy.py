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
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from itertools import accumulate

__all__ = ["NameIndex", "fuzzy_matches", "match_score"]

#: Separates the folded names in the joined string.
_SEP = "\n"


def _fold(text: str) -> str:
    # NFKC first so full-width letters typed with a CJK input method match ASCII names.
    return unicodedata.normalize("NFKC", text).casefold()


def _fold_query(query: str) -> str:
    return _fold(query).replace(" ", "")


def _is_han(ch: str) -> bool:
    return (
        "\u3400" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003134f"
    )


_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=65536)
def _syllable(ch: str) -> str:
    """The pinyin of one Chinese character without tone (``明`` -> ``ming``): its most
    common reading; names repeat their characters, so each is looked up once."""
    # Imported when the first Chinese name is indexed: its dictionaries take a
    # quarter of a second to load, which the first screen does not wait for.
    from pypinyin import lazy_pinyin

    return lazy_pinyin(ch)[0].casefold()


class _Readings(dict):
    """A ``str.translate`` table filled as characters are met: a Chinese character
    becomes its syllable (or the syllable's first letter), a space is dropped, any
    other character stays itself."""

    def __init__(self, initials: bool) -> None:
        super().__init__({ord(" "): None})
        self._initials = initials

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if _is_han(ch):
            syllable = _syllable(ch)
            ch = syllable[:1] if self._initials else syllable
        self[code] = ch
        return ch


_FULL = _Readings(initials=False)
_INITIALS = _Readings(initials=True)


def _keys(folded: str) -> tuple[str, ...]:
    """What a name is found by: itself folded, and for a name with Chinese characters
    their pinyin in full and as initials (``小明``: ``xiaoming``, ``xm``; ``Chen小明``:
    ``chenxiaoming``, ``chenxm``)."""
    if _HAN.search(folded) is None:
        return (folded,)
    keys = [folded]
    for key in (folded.translate(_FULL), folded.translate(_INITIALS)):
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def match_score(query: str, name: str) -> tuple[int, int, int] | None:
    """How well ``query`` matches ``name`` (lower is better), or ``None`` for no match.

    The letters of the query must appear in the name in order (a subsequence),
    ignoring case and spaces. An exact name beats a prefix, a prefix beats a
    substring, and a substring beats letters spread over the name; among those,
    the tighter the letters sit, the better. A Chinese name also matches by its
    pinyin, in full or by initials (``xm`` finds ``小明``): the best of its forms counts.
    """
    q = _fold_query(query)
    if not q:
        return None
    return _best(q, _keys(_fold(name)))


def _best(q: str, keys: Iterable[str]) -> tuple[int, int, int] | None:
    scores = [score for key in keys if (score := _score(q, key)) is not None]
    return min(scores) if scores else None


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
    reach the top ``limit``. Each name is indexed under each of its forms (its
    pinyin too): a stage finds the names one of whose forms matches, then scores each
    name by its best form.
    """

    def __init__(self, names: Iterable[str]) -> None:
        # Built for 100,000 names while a camp opens: sorts by key (not by tuples) and
        # C-level joins and sums, no Python loop over every form beyond the one that
        # makes the forms.
        entries = sorted((_fold(name), name) for name in names)
        self._folded = [folded for folded, _ in entries]
        self._names = [name for _, name in entries]
        self._forms = list(map(_keys, self._folded))
        forms = [key for keys in self._forms for key in keys]
        owners = [owner for owner, keys in enumerate(self._forms) for _ in keys]
        order = sorted(range(len(forms)), key=forms.__getitem__)
        self._keys = [forms[i] for i in order]
        self._key_owner = [owners[i] for i in order]
        # A form with spaces also matches exactly without them ("chenjing" is
        # "Chen Jing"); a form without spaces is found exactly in the sorted forms.
        self._spaced: dict[str, list[int]] = {}
        for key, owner in zip(self._keys, self._key_owner, strict=True):
            if " " in key:
                self._spaced.setdefault(key.replace(" ", ""), []).append(owner)
        # A form never spans the separator (same length, so the offsets below still hold).
        joined = _SEP.join(self._keys)
        if joined.count(_SEP) != max(len(self._keys) - 1, 0):
            joined = _SEP.join(key.replace(_SEP, " ") for key in self._keys)
        self._joined = joined
        # Where each form starts in the joined string, to map a hit to its name.
        self._starts = list(accumulate((len(key) + 1 for key in self._keys), initial=0))
        self._starts.pop()

    def _exact(self, q: str) -> list[int]:
        """The names one of whose forms is ``q`` (spaces aside)."""
        lo = bisect.bisect_left(self._keys, q)
        hi = bisect.bisect_right(self._keys, q, lo)
        return self._key_owner[lo:hi] + self._spaced.get(q, [])

    def __len__(self) -> int:
        return len(self._names)

    @property
    def names(self) -> list[str]:
        """Every name of the index (in its own order)."""
        return self._names

    def _owner(self, offset: int) -> int:
        """The index of the form whose text holds ``offset`` of the joined string."""
        return bisect.bisect_right(self._starts, offset) - 1

    def matches(self, query: str, limit: int = 5) -> list[str]:
        """The best ``limit`` names for ``query``, best first (see :func:`match_score`)."""
        q = _fold_query(query)
        if not q or limit <= 0:
            return []
        # Candidates as (score, folded, index); each stage runs only while places are
        # left. A name first found by a stage scores in that stage's class: had one of
        # its forms matched better, an earlier stage would have found it.
        found: list[tuple[tuple[int, int, int], str, int]] = []
        seen: set[int] = set()

        def take(owners: Iterable[int]) -> None:
            fresh = {owner for owner in owners if owner not in seen}
            scored = []
            for owner in fresh:
                score = _best(q, self._forms[owner])
                if score is not None:
                    scored.append((score, self._folded[owner], owner))
            for item in heapq.nsmallest(limit - len(found), scored):
                found.append(item)
                seen.add(item[2])

        take(self._exact(q))
        if len(found) < limit:
            # Prefixes sit together in the sorted forms.
            lo = bisect.bisect_left(self._keys, q)
            hi = bisect.bisect_left(self._keys, q + "\U0010ffff")
            take(self._key_owner[i] for i in range(lo, hi))
        if len(found) < limit:
            take(self._substrings(q))
        if len(found) < limit:
            take(self._scattered(q, seen))
        return [self._names[i] for _, _, i in found]

    def containing(self, query: str, limit: int | None = None) -> list[str]:
        """The names one of whose forms (the name, its pinyin in full or by initials)
        contains ``query`` (folded, spaces aside), in no particular order; at most
        ``limit`` of them, found without scoring: a filter's question, not a ranking."""
        return [self._names[i] for i in self._containing(query, limit)]

    def containing_in_order(self, query: str) -> list[str]:
        """:meth:`containing`, every name found, in code point order: the order of
        SQLite's ``ORDER BY name`` (its ``BINARY`` collation compares UTF-8 bytes, which
        sort as the code points do), so a page of them is a page of such a query."""
        rank = self._code_point_rank
        return [self._names[i] for i in sorted(self._containing(query), key=rank.__getitem__)]

    @cached_property
    def _code_point_rank(self) -> list[int]:
        """Each name's place among the names in code point order (made when first
        needed; :meth:`prepare_ordering` makes it ahead)."""
        order = sorted(range(len(self._names)), key=self._names.__getitem__)
        rank = [0] * len(order)
        for place, owner in enumerate(order):
            rank[owner] = place
        return rank

    def prepare_ordering(self) -> None:
        """Make what :meth:`containing_in_order` needs now (a big camp's index is built
        in a worker: its first filtered page then does not wait for it)."""
        self._code_point_rank  # noqa: B018 - a cached property, made here

    def _containing(self, query: str, limit: int | None = None) -> list[int]:
        folded = _fold(query).strip()
        found: dict[int, None] = {}
        # Past this many hits (counted at C speed) the query is one many names hold (a
        # single letter): each name's forms are then tested at C speed, not hit by hit.
        dense = max(len(self._names) // 10, 64)
        # A Latin form keeps its spaces ("alice bob"), a pinyin form has none.
        for q in dict.fromkeys((folded, folded.replace(" ", ""))):
            if not q:
                continue
            if _SEP not in q and self._joined.count(q) > dense:
                found.update(dict.fromkeys([i for i, text in enumerate(self._texts) if q in text]))
                continue
            for owner in self._substrings(q):
                found[owner] = None
                if limit is not None and len(found) >= limit:
                    return list(found)
        return list(found) if limit is None else list(found)[:limit]

    @cached_property
    def _texts(self) -> list[str]:
        """Each name's forms in one text, for a query most names hold (made when first
        needed: most camps never filter by one letter)."""
        return [_SEP.join(keys) for keys in self._forms]

    def _substrings(self, q: str) -> Iterator[int]:
        at = self._joined.find(q)
        while at >= 0:
            form = self._owner(at)
            yield self._key_owner[form]
            # Later hits in the same form change nothing: skip to the next form.
            next_form = (
                self._starts[form + 1] if form + 1 < len(self._starts) else len(self._joined)
            )
            at = self._joined.find(q, next_form)

    def _scattered(self, q: str, seen: set[int]) -> Iterator[int]:
        # The letters in order inside one form; names holding the query whole were
        # taken by earlier stages.
        gap = f"[^{_SEP}]*?"
        pattern = re.compile(gap.join(re.escape(ch) for ch in q))
        owners: set[int] = set()
        for hit in pattern.finditer(self._joined):
            owner = self._key_owner[self._owner(hit.start())]
            if owner not in owners and owner not in seen:
                owners.add(owner)
                yield owner
