"""Lines of an export read in blocks: LF and CRLF end them, nothing else, and no line is
held beyond the cap."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from camp.importers import base
from camp.importers.base import bounded_lines, line_batches, open_text


def expected(text: str, limit: int) -> list[tuple[str, bool]]:
    """What a line reader without blocks would say: split on LF, drop a CR before it
    (in a file of CRs without any LF, as in old Mac files, split on CR)."""
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")
    lines = text.split("\n")
    if text.endswith("\n") or not text:
        lines.pop()
    out = []
    for line in lines:
        line = line.removesuffix("\r")
        out.append((line[:limit], False) if len(line) > limit else (line, True))
    return out


class Trickle(io.StringIO):
    """A file that hands out a few characters per read, so blocks cut lines anywhere."""

    def __init__(self, text: str, sizes: list[int], first: int):
        super().__init__(text)
        self.sizes = sizes or [1]
        self.reads = 0
        self.first = first

    def read(self, size: int | None = -1) -> str:
        self.reads += 1
        if self.reads == 1:
            return super().read(self.first)
        return super().read(self.sizes[self.reads % len(self.sizes)])


@given(
    text=st.text(alphabet="ab\r\n中", max_size=80),
    limit=st.integers(min_value=1, max_value=12),
    sizes=st.lists(st.integers(min_value=1, max_value=9), max_size=5),
)
def test_any_text_cut_into_any_blocks_reads_as_its_lines(text, limit, sizes):
    # The first block decides whether CR alone ends lines; in a real file it holds
    # thousands of characters, enough to see the first LF (or that there is none).
    first = text.find("\n") + 1 or len(text) + 1
    assert list(bounded_lines(Trickle(text, sizes, first), limit)) == expected(text, limit)


@given(
    text=st.text(alphabet="ab\r\n中", min_size=1, max_size=80).filter(lambda t: "\n" in t),
    limit=st.integers(min_value=1, max_value=12),
    block=st.integers(min_value=1, max_value=9),
)
def test_batches_hold_the_same_lines_with_cut_ones_one_character_too_long(text, limit, block):
    old = base.LINE_BLOCK
    base.LINE_BLOCK = block
    try:
        batches = list(line_batches(io.StringIO(text, newline=""), limit))
    finally:
        base.LINE_BLOCK = old
    lines = [line for batch in batches for line in batch]
    want = expected(text, limit) if "\n" in text[:block] else None
    if want is not None:
        assert [(line[:limit], len(line) <= limit) for line in lines] == want
    assert all(len(line) <= limit + 1 for line in lines)


def test_an_old_mac_file_of_cr_line_ends_reads_line_by_line(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes(b"27/02/2024, 20:15 - Alice: #checkin\r28/02/2024, 20:15 - Bob: hi\r")
    assert [line for line, _ in bounded_lines(open_text(path))] == [
        "27/02/2024, 20:15 - Alice: #checkin",
        "28/02/2024, 20:15 - Bob: hi",
    ]


def test_a_bare_cr_stays_in_its_line_and_a_long_line_is_cut_and_skipped(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes(b"first\r\nwith a bare\rcr inside\n" + b"x" * 300_000 + b"\nlast")
    lines = list(bounded_lines(open_text(path), limit=100_000))
    assert lines == [
        ("first", True),
        ("with a bare\rcr inside", True),
        ("x" * 100_000, False),
        ("last", True),
    ]


def test_a_byte_order_mark_is_not_part_of_the_first_line(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes(b"\xef\xbb\xbfhello\n")
    assert list(bounded_lines(open_text(path))) == [("hello", True)]
