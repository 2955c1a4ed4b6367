"""Lines of an export read in blocks: LF and CRLF end them, nothing else, and no line is
held beyond the cap."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
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


# --- which lines are not UTF-8: a quick pass for a clean file, the slow one for damage ---


def _lines_not_utf8_slowly(path, monkeypatch) -> tuple[list[int], int, int]:
    with monkeypatch.context() as patched:
        patched.setattr(base, "_lines_if_utf8", lambda path: None)
        return base.lines_not_utf8(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet="ab\n\u00e9\u6253\U0001f600", max_size=400),
    damage=st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from([b"\xe9", b"\xff", b"\xf0\x9f"])),
        max_size=3,
    ),
    block=st.sampled_from([1, 3, 16, 1 << 14]),
)
def test_the_quick_pass_agrees_with_the_line_by_line_one(
    tmp_path, monkeypatch, text, damage, block
):
    monkeypatch.setattr(base, "_CHECK_BLOCK", block)  # blocks that cut characters in two
    data = text.encode()
    for where, bad in damage:
        at = where % (len(data) + 1)
        data = data[:at] + bad + data[at:]
    path = tmp_path / "export.txt"
    path.write_bytes(data)
    quick = base.lines_not_utf8(path)
    assert quick == _lines_not_utf8_slowly(path, monkeypatch)
    assert (quick[1] == 0) == (base._lines_if_utf8(path) is not None)


def test_a_character_across_two_blocks_is_not_damage(tmp_path):
    path = tmp_path / "export.txt"
    # "打" is three bytes: the first block ends after its first.
    path.write_bytes(b"a" * (base._CHECK_BLOCK - 1) + "打\n卡".encode())
    assert base.lines_not_utf8(path) == ([], 0, 2)
    path.write_bytes(b"a" * (base._CHECK_BLOCK - 1) + "打".encode()[:2])  # cut at the end
    assert base.lines_not_utf8(path) == ([1], 1, 1)
