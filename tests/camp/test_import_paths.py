"""The import's fast paths give exactly what the plain ones give: keyword folding, UTC
texts, and exports read by a child process while this one writes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import unicodedata
from pathlib import Path

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from camp.clock import utc_text
from camp.db import open_db
from camp.errors import CampError
from camp.services import imports
from camp.services.camps import create_camp
from camp.services.imports import import_export, normalize_text
from camp.services.members import add_members

DATA = Path(__file__).resolve().parent.parent / "data"
EXPORTS = DATA / "exports"
NOW = pendulum.datetime(2027, 6, 1, tz="UTC")

# Full-width forms, combining marks, half-width kana marks, compatibility ideographs and
# letters whose case folding is special: where NFKC and case folding do something.
AWKWARD = "".join(
    [chr(c) for c in range(0xFF01, 0xFF5F, 7)]
    + ["\u3000", "\u0301", "\u0308", "\u3099", "\uff9e", "\uff76", "\u304b", "\u2460"]
    + ["\u212b", "\ufb01", "\u2f00", "\uf900", "\u1e9e", "\u00df", "\u0130", "#打卡Aa "]
)


@given(st.text(alphabet=AWKWARD, max_size=12) | st.text(max_size=12))
def test_fast_keyword_folding_is_nfkc_then_case_folding(text):
    assert imports._folded(text) == unicodedata.normalize("NFKC", text).casefold()
    assert imports._folded(text) == normalize_text(text)


def _in_variant_blocks(code: int) -> bool:
    return any(low <= code <= high for low, high in imports._VARIANT_BLOCKS)


def test_outside_the_variant_blocks_only_a_hash_or_an_ideograph_itself_normalises_to_one():
    # What keyword_guard relies on, over the whole of Unicode (surrogates aside).
    strays = []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF or _in_variant_blocks(code):
            continue
        char = chr(code)
        normal = normalize_text(char)
        if normal == char:
            continue
        if "#" in normal or any(imports._is_unified_ideograph(c) for c in normal):
            strays.append(f"U+{code:04X}")
    assert strays == []


GUARDED = ["#打卡", "#checkin", "签到", "打卡"]


@given(
    st.text(
        alphabet=AWKWARD + "签到\U0001f231\u2f8a\ufa30＃﹟#🈱cC" + "".join(GUARDED), max_size=14
    ),
    st.lists(st.sampled_from(GUARDED), min_size=1, max_size=3),
)
def test_a_text_the_keyword_guard_turns_away_holds_none_of_the_keywords(text, keywords):
    words = tuple(normalize_text(k) for k in keywords)
    guard = imports.keyword_guard(words)
    assert guard is not None
    if guard(text) is None:
        assert not any(word in normalize_text(text) for word in words)


def test_a_keyword_without_an_ideograph_or_a_hash_has_no_guard():
    assert imports.keyword_guard(("✅",)) is None
    assert imports.keyword_guard(("#打卡", "done")) is None


@pytest.mark.parametrize("read_elsewhere", [False, True])
def test_compatibility_forms_of_a_keyword_still_check_in(tmp_path, monkeypatch, read_elsewhere):
    if read_elsewhere:
        monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    db = make_db(tmp_path / "camp.db")
    chat = tmp_path / "chat.txt"
    # U+1F231 is a squared 打, U+FF03 a full-width #: their normal form is #打卡.
    chat.write_text(
        "2024-03-01 07:10:00 张三(10001)\n\uff03\U0001f231卡 第一天\n\n"
        "2024-03-02 07:10:00 张三(10001)\n今天请假，明天补\n\n",
        encoding="utf-8",
    )
    report = import_export(db, "qq-morning", chat, now=NOW, fmt="qq")
    assert (report.new_messages, report.checkins) == (2, 1)


@given(st.lists(st.integers(-(10**10), 10**10) | st.floats(-1e10, 1e10), max_size=40))
def test_fast_utc_texts_are_the_clocks_own(epochs):
    texts = imports._UtcTexts()  # one per import: its cache of hours is shared
    for epoch in epochs:
        assert texts(epoch) == utc_text(dt.datetime.fromtimestamp(epoch, dt.UTC))


@given(st.integers(min_value=-(10**9), max_value=4 * 10**9), st.sampled_from([0, 0.25, 0.5]))
def test_utc_texts_of_whole_and_split_seconds_are_the_clock_s_own(seconds, fraction):
    texts = imports._UtcTexts()
    epoch = seconds + fraction
    assert texts(epoch) == utc_text(dt.datetime.fromtimestamp(epoch, dt.UTC))


def make_db(path: Path):
    path.parent.mkdir(exist_ok=True)
    db = open_db(path)
    definition = path.parent / "camp.toml"
    shutil.copy(DATA / "qq_camp.toml", definition)
    before = pendulum.datetime(2024, 2, 20, tz="UTC")
    create_camp(
        db, str(definition), name="QQ", start=dt.date(2024, 3, 1), now=before, slug="qq-morning"
    )
    add_members(db, "qq-morning", ["张三", "Alice Smith"], now=before)
    return db


def stored(db) -> tuple[list, list, list]:
    return (
        db.execute(
            "SELECT member_id, fingerprint, at, day, checkin FROM messages ORDER BY 2"
        ).fetchall(),
        db.execute(
            "SELECT member_id, at, day, window_name, status, points, text, fingerprint "
            "FROM checkins ORDER BY fingerprint"
        ).fetchall(),
        db.execute("SELECT id, name, handle FROM members ORDER BY id").fetchall(),
    )


@pytest.mark.parametrize(
    "fixture",
    [
        "qq.txt",
        "wechat.csv",
        "telegram_result.json",
        "whatsapp_ios.txt",
        "discord.csv",
        "plain.csv",
    ],
)
@pytest.mark.parametrize("add_unknown", [False, True])
def test_a_child_process_reading_gives_the_same_import(tmp_path, monkeypatch, fixture, add_unknown):
    plain_db = make_db(tmp_path / "plain" / "camp.db")
    child_db = make_db(tmp_path / "child" / "camp.db")
    export = EXPORTS / fixture
    plain = import_export(plain_db, "qq-morning", export, now=NOW, add_unknown=add_unknown)
    monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    monkeypatch.setattr(imports, "BATCH", 2)  # several batches cross between the processes
    progress: list[int] = []
    child = import_export(
        child_db,
        "qq-morning",
        export,
        now=NOW,
        add_unknown=add_unknown,
        progress=lambda done, total: progress.append(done),
    )
    assert child.to_json() == plain.to_json()
    assert stored(child_db) == stored(plain_db)
    assert progress and progress == sorted(progress)


def test_what_the_child_process_refuses_is_said_here(tmp_path, monkeypatch):
    db = make_db(tmp_path / "camp.db")
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "".join(f"0{day}/03/24, 07:1{day} - 张三: #打卡 {day}\n" for day in range(1, 5)),
        encoding="utf-8",
    )
    monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    with pytest.raises(CampError, match="--date-order"):
        import_export(db, "qq-morning", chat, now=NOW)
    assert db.execute("SELECT COUNT(*) FROM messages").fetchone() == (0,)
    report = import_export(db, "qq-morning", chat, now=NOW, date_order="dmy")
    assert report.new_messages == 4 and report.layouts[0].evidence == "--date-order dmy"


def test_a_file_refused_before_reading_leaves_no_reading_process(tmp_path, monkeypatch):
    # The reading process starts first; the file's encoding is refused after it.
    db = make_db(tmp_path / "camp.db")
    chat = tmp_path / "chat.txt"
    chat.write_bytes("2024-03-01 07:10:00 张三(10001)\n#打卡 第一天\n\n".encode("gbk") * 40)
    monkeypatch.setattr(imports, "READ_ELSEWHERE_FROM", 0)
    with pytest.raises(CampError, match=r"not UTF-8|cannot be read as UTF-8"):
        import_export(db, "qq-morning", chat, now=NOW)
    assert db.execute("SELECT COUNT(*) FROM messages").fetchone() == (0,)
    with pytest.raises(ChildProcessError):  # the reading process was waited for
        os.waitpid(-1, os.WNOHANG)


def test_the_senders_found_stay_remembered_for_every_member_of_a_big_camp(tmp_path, monkeypatch):
    # The cache of senders holds at least twice the members, whatever its floor.
    monkeypatch.setattr(imports, "_FOUND_KEEP", 4)
    db = make_db(tmp_path / "camp.db")
    names = [f"member {n}" for n in range(10)]
    add_members(db, "qq-morning", names, now=NOW)
    members = imports._Members(db, imports.get_camp(db, "qq-morning"))
    looked_up: list[str] = []
    lookup = members._lookup
    monkeypatch.setattr(members, "_lookup", lambda m: looked_up.append(m[1]) or lookup(m))
    messages = [(1, name, None, None, 0.0, "hi", "text", None) for name in names]
    first = [members.find(m)[1] for m in messages]
    again = [members.find(m)[1] for m in messages]
    assert first == again == names
    assert looked_up == names  # each once: the second round came from the cache


def test_the_progress_total_is_the_line_count_of_the_encoding_check(tmp_path, monkeypatch):
    # A UTF-8 export is not read once more to count its lines for the progress bar.
    db = make_db(tmp_path / "camp.db")
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "".join(f"2024-03-0{d} 07:10:00 张三(10001)\n#打卡 第{d}天\n\n" for d in range(1, 4)),
        encoding="utf-8",
    )

    def not_again(path):
        raise AssertionError("the lines were counted twice")

    monkeypatch.setattr(imports, "_count_lines", not_again)
    calls: list[tuple[int, int]] = []
    import_export(db, "qq-morning", chat, now=NOW, fmt="qq", progress=lambda *c: calls.append(c))
    assert calls[-1] == (10, 10)  # nine lines and the empty one after the last break
