"""Lines of an export read in blocks: LF and CRLF end them, nothing else, and no line is
held beyond the cap."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from camp.importers.base import bounded_lines, open_text


def expected(text: str, limit: int) -> list[tuple[str, bool]]:
    """What a line reader without blocks would say: split on LF, drop a CR before it."""
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

    def __init__(self, text: str, sizes: list[int]):
        super().__init__(text)
        self.sizes = sizes or [1]
        self.reads = 0

    def read(self, size: int | None = -1) -> str:
        self.reads += 1
        return super().read(self.sizes[self.reads % len(self.sizes)])


@given(
    text=st.text(alphabet="ab\r\n中", max_size=80),
    limit=st.integers(min_value=1, max_value=12),
    sizes=st.lists(st.integers(min_value=1, max_value=9), max_size=5),
)
def test_any_text_cut_into_any_blocks_reads_as_its_lines(text, limit, sizes):
    assert list(bounded_lines(Trickle(text, sizes), limit)) == expected(text, limit)


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
