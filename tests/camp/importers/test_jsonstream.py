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


# --- the fast path: many elements at a time, only the keys the reader reads -----------

from pathlib import Path  # noqa: E402

from camp.importers import discord, telegram  # noqa: E402

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports"


def read_both_ways(reader, path: Path, monkeypatch) -> tuple[list, list, int]:
    """What ``reader`` reads of ``path`` by the fast path and by the slow one alone, and
    how many elements the fast path decoded itself."""
    decoded = [0]
    elements = jsonstream._FastElements._elements

    def counting(self, handle):
        generator = elements(self, handle)
        try:
            batch = next(generator)
            while True:
                decoded[0] += len(batch)
                yield batch
                batch = next(generator)
        except StopIteration as stop:
            return stop.value

    monkeypatch.setattr(jsonstream._FastElements, "_elements", counting)
    fast = list(reader.read(path))
    with monkeypatch.context() as slow_only:
        slow_only.setattr(jsonstream, "_fast_path_fits", lambda path: False)
        slow = list(reader.read(path))
    return fast, slow, decoded[0]


@pytest.mark.parametrize(
    "reader, fixture",
    [
        (telegram, "telegram_result.json"),
        (telegram, "telegram_full_export.json"),
        (discord, "discord.json"),
    ],
)
@pytest.mark.parametrize("chunk", [40, 200, 1 << 18])
def test_the_fast_path_reads_each_fixture_as_the_slow_one_does(
    tmp_path, monkeypatch, reader, fixture, chunk
):
    monkeypatch.setattr(jsonstream, "_FAST_CHUNK", chunk)
    fast, slow, decoded = read_both_ways(reader, EXPORTS / fixture, monkeypatch)
    assert fast == slow
    if chunk == 40 and fixture != "telegram_full_export.json":
        assert decoded > 0  # (the full export's arrays start past the first chunk)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    # Text that looks like the bytes between two elements, escaped inside a string.
    st.text(alphabet='ab }{,"\\\n\r\t\u00e9\u6253\U0001f600', max_size=12),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "name", "text", "x"]), inner, max_size=3)
    ),
    max_leaves=8,
)
_TEXT = st.one_of(
    st.text(max_size=8),
    st.lists(
        st.one_of(
            st.text(max_size=4), st.fixed_dictionaries({"type": st.just("bold"), "text": _SCALARS})
        ),
        max_size=3,
    ),
    _VALUES,
)
_TELEGRAM = st.fixed_dictionaries(
    {
        "id": st.one_of(st.integers(0, 10**12), _VALUES),
        "type": st.sampled_from(["message", "service", "other"]),
        "date": st.sampled_from(["2026-12-01T20:10:00", "not a date"]),
        "text": _TEXT,
    },
    optional={
        "date_unixtime": st.sampled_from(["1796121000", "x", 17]),
        "from": st.one_of(st.none(), st.text(max_size=6)),
        "from_id": st.one_of(st.just("user123"), st.integers(0, 999), st.none()),
        "text_entities": _VALUES,
        "actor": _VALUES,
        "action": st.sampled_from(["invite_members", "pin_message"]),
        "members": _VALUES,
        "photo": _VALUES,
    },
)
_DISCORD = st.fixed_dictionaries(
    {
        "id": st.one_of(st.text(alphabet="0123456789", min_size=1, max_size=18), _VALUES),
        "type": st.sampled_from(["Default", "Reply", "ChannelPinnedMessage", 7]),
        "timestamp": st.sampled_from(["2026-12-01T20:15:03.123+08:00", "2026-12-01T20:15", 3]),
        "content": _TEXT,
        "author": st.one_of(
            st.fixed_dictionaries(
                {"id": _VALUES, "name": _VALUES},
                optional={"nickname": _VALUES, "roles": _VALUES, "isBot": st.booleans()},
            ),
            _VALUES,
        ),
    },
    optional={"embeds": _VALUES, "reactions": _VALUES},
)


def _export(records: list, reader, indent: int, crlf: bool, odd: int | None) -> str:
    """An export of ``records`` as the tools write them (indented), with the element at
    ``odd`` (if any) replaced by something that is not a message object."""
    elements = [json.dumps(r, indent=indent, ensure_ascii=False) for r in records]
    if odd is not None and elements:
        elements[odd % len(elements)] = ["42", '"text"', '{"id": 1 "broken": 2}'][odd % 3]
    pad = " " * indent
    body = (",\n" + pad).join(e.replace("\n", "\n" + pad) for e in elements)
    if reader is discord:
        head = '{\n "guild": {"id": "1", "name": "G"},\n "channel": {"id": "2"},\n'
    else:
        head = '{\n "name": "chat",\n "type": "private_group",\n'
    text = head + ' "messages": [\n' + pad + body + "\n ]\n}\n"
    return text.replace("\n", "\r\n") if crlf else text


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.data(),
    indent=st.sampled_from([1, 2, 4]),
    crlf=st.booleans(),
    chunk=st.sampled_from([30, 120, 600]),
    odd=st.one_of(st.none(), st.integers(0, 50)),
)
def test_the_fast_path_reads_any_export_as_the_slow_one_does(
    tmp_path, monkeypatch, data, indent, crlf, chunk, odd
):
    reader = data.draw(st.sampled_from([telegram, discord]))
    records = data.draw(
        st.lists(_TELEGRAM if reader is telegram else _DISCORD, min_size=1, max_size=12)
    )
    monkeypatch.setattr(jsonstream, "_FAST_CHUNK", chunk)
    path = tmp_path / "export.json"
    path.write_bytes(_export(records, reader, indent, crlf, odd).encode("utf-8"))
    fast, slow, _ = read_both_ways(reader, path, monkeypatch)
    assert fast == slow


def telegram_messages(count: int, sender: str, **more) -> list[dict]:
    """``count`` check-ins of ``sender`` as Telegram Desktop writes them, with ``more``."""
    return [
        {
            "id": n,
            "type": "message",
            "date": "2026-12-01T20:10:00",
            "from": sender,
            "from_id": "user1",
            "text": f"#打卡 {n}",
            **more,
        }
        for n in range(count)
    ]


def test_an_indented_export_is_read_many_elements_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonstream, "_FAST_CHUNK", 256)
    records = telegram_messages(200, "Alice", text_entities=[{"type": "plain"}] * 3)
    path = tmp_path / "result.json"
    path.write_text(_export(records, telegram, 1, False, None), encoding="utf-8")
    fast, slow, decoded = read_both_ways(telegram, path, monkeypatch)
    assert fast == slow and len(fast) == 201  # the layout and 200 messages
    # After 4 lines of head, each element is 19 lines long.
    assert [m.line for m in fast[1:4]] == [5, 24, 43]
    assert decoded > 150  # all but the last chunk, which the slow path reads


def test_an_export_with_a_byte_order_mark_reads_the_same_both_ways(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonstream, "_FAST_CHUNK", 64)
    records = telegram_messages(30, "小明")
    path = tmp_path / "result.json"
    path.write_bytes(b"\xef\xbb\xbf" + _export(records, telegram, 1, True, None).encode())
    fast, slow, decoded = read_both_ways(telegram, path, monkeypatch)
    assert fast == slow and len(fast) == 31 and decoded > 0
