"""The JSON array stream keeps its memory bounded by a chunk, whatever one element holds."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.importers import jsonstream


def export_with(path, middle: str) -> None:
    first = json.dumps({"id": 1, "text": "before"})
    last = json.dumps({"id": 3, "text": "after"})
    path.write_text('{"messages": [' + first + ",\n" + middle + ",\n" + last + "]}", "utf-8")


def largest_buffer(monkeypatch) -> list[int]:
    """Records the length of the stream's buffer after every refill."""
    sizes: list[int] = []
    refill = jsonstream._ArrayStream.refill

    def recording(self):
        more = refill(self)
        sizes.append(len(self.buffer))
        return more

    monkeypatch.setattr(jsonstream._ArrayStream, "refill", recording)
    return sizes


# Quotes, escapes, runs of backslashes and brackets inside the big string: none of them
# may end it early or be cut wrongly between two chunks.
AWKWARD = 'x{[\\"]}\\\\\\\\' + "\\n" * 3 + "\\u00e9" + "\\\\" + "\\" + '"' + " "


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_an_element_larger_than_the_cap_is_skipped_within_a_chunk_of_memory(
    tmp_path, monkeypatch, chunk
):
    monkeypatch.setattr(jsonstream, "_CHUNK", chunk)
    monkeypatch.setattr(jsonstream, "_MAX_OBJECT", 500)
    sizes = largest_buffer(monkeypatch)
    path = tmp_path / "result.json"
    big = '{"id": 2, "text": "' + AWKWARD * 2000 + '", "more": {"a": [1, 2]}}'
    export_with(path, big)
    items = list(jsonstream.stream_array_objects(path, "messages"))
    assert items[0] == (1, {"id": 1, "text": "before"})
    assert items[1][0] == 2 and "larger than" in items[1][1]
    assert items[2] == (3, {"id": 3, "text": "after"})
    assert len(items) == 3
    assert max(sizes) <= 500 + 2 * chunk + 64


def test_a_broken_element_that_is_not_an_object_is_skipped_within_bounds(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonstream, "_CHUNK", 50)
    sizes = largest_buffer(monkeypatch)
    path = tmp_path / "result.json"
    export_with(path, "nonsense" * 1000)
    items = list(jsonstream.stream_array_objects(path, "messages"))
    assert [line for line, _ in items] == [1, 2, 3]
    assert isinstance(items[1][1], str) and items[2][1] == {"id": 3, "text": "after"}
    assert max(sizes) <= 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet='ab"\\{}[]\n', max_size=60),
    chunk=st.integers(min_value=1, max_value=40),
)
def test_skipping_a_broken_object_ends_exactly_where_it_ends(tmp_path, monkeypatch, text, chunk):
    monkeypatch.setattr(jsonstream, "_CHUNK", chunk)
    path = tmp_path / "result.json"
    # A broken object (a missing comma) whose string holds any awkward characters.
    export_with(path, '{"id": 2 "text": ' + json.dumps(text) + ', "n": {"x": [1]}}')
    items = list(jsonstream.stream_array_objects(path, "messages"))
    assert items[0][1] == {"id": 1, "text": "before"}
    assert isinstance(items[1][1], str)
    assert items[2][1] == {"id": 3, "text": "after"} and len(items) == 3
