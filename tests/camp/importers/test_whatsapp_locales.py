"""WhatsApp exports in the common locales, and the rule that decides their date order.

The layouts follow WhatsApp's own exports as public parsers' test chats show them
(chat-miner's ``test_yyyymmdd_24hrs.txt`` and ``test_dateformat5.txt``,
whatsapp-chat-parser's format list: ``3/6/18, 1:55 p.m. - ``, ``[06.13.18 21:25:15] ``,
``[2018/06/13, 21:25:15] ``) and the locales' own date and time patterns:

* whatsapp_es_android_12h.txt: Android es, ``1/12/26, 9:15 p. m. - `` with U+00A0
  inside the words, ``00:08 a. m.``, Spanish notices, ``<Multimedia omitido>``;
* whatsapp_year_first.txt: Android ``2019/01/01, 11:25 - `` (chat-miner's layout);
* whatsapp_cjk.txt: Android zh ``2019/1/1 下午9:03 - ``;
* whatsapp_ko_ios.txt: iOS ko ``[2019. 1. 1. 오후 9:03:03] `` with marks;
* whatsapp_de_ios.txt: iOS de ``[01.12.26, 21:50:00] `` with German notices and marks;
* whatsapp_mixed.txt: an Android en-GB part and an iOS en-US part in one file;
* whatsapp_notice_sender.txt: the encryption notice with the chat's name as sender and
  no mark.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camp.errors import CampError
from camp.importers import whatsapp
from camp.importers.base import ChatMessage, Layout
from camp.importers.dates import DateEvidence

EXPORTS = Path(__file__).parents[2] / "data" / "exports"


def messages(path: Path, date_order: str | None = None) -> list[ChatMessage]:
    return [i for i in whatsapp.read(path, date_order) if isinstance(i, ChatMessage)]


def layouts(path: Path) -> list[Layout]:
    return [i for i in whatsapp.read(path) if isinstance(i, Layout)]


def test_spanish_twelve_hour_words_with_no_break_spaces_and_notices():
    path = EXPORTS / "whatsapp_es_android_12h.txt"
    assert layouts(path) == [
        Layout("WhatsApp Android (d/m/yy, 12-hour a. m./p. m.)", "dmy", "line 9 has 31/12/26")
    ]
    got = [(m.line, m.sender, m.local_time, m.kind) for m in messages(path)]
    assert got == [
        (1, "", "2026-12-01 08:00:00", "system"),
        (2, "", "2026-12-01 08:01:00", "system"),
        (3, "", "2026-12-01 08:02:00", "system"),
        (4, "Luis", "2026-12-01 21:15:00", "text"),
        (5, "Ana", "2026-12-02 00:08:00", "text"),
        (6, "Luis", "2026-12-02 12:30:00", "text"),  # <Multimedia omitido> counts
        (7, "Luis", "2026-12-02 12:31:00", "recalled"),
        (8, "", "2026-12-02 12:32:00", "system"),
        (9, "Ana", "2026-12-31 23:59:00", "text"),
    ]


def test_year_first_dates_need_no_other_evidence():
    path = EXPORTS / "whatsapp_year_first.txt"
    [layout] = layouts(path)
    assert (layout.date_order, layout.evidence) == ("ymd", "line 1 has 2019/01/01 (the year first)")
    got = [(m.sender, m.local_time, m.kind) for m in messages(path)]
    assert got[1:] == [
        ("John Doe", "2019-01-20 11:23:00", "text"),
        ("Jahn Doe", "2019-01-30 20:49:00", "text"),
        ("", "2020-06-20 00:08:00", "system"),
    ]


def test_chinese_and_korean_words_before_the_time():
    cjk = messages(EXPORTS / "whatsapp_cjk.txt")
    assert [(m.local_time, m.kind) for m in cjk] == [
        ("2019-01-01 21:03:00", "text"),
        ("2019-01-02 00:05:00", "text"),
        ("2019-01-02 07:40:00", "system"),
    ]
    korean = messages(EXPORTS / "whatsapp_ko_ios.txt")
    assert [(m.sender, m.local_time, m.kind) for m in korean] == [
        ("캠프", "2019-01-01 21:03:03", "system"),
        ("민수", "2019-01-01 21:04:00", "text"),
        ("지영", "2019-01-02 07:00:10", "text"),
        ("캠프", "2019-01-02 07:01:00", "system"),
    ]


def test_ios_group_notices_in_german_are_system_and_media_stays_a_message():
    got = [(m.text, m.kind) for m in messages(EXPORTS / "whatsapp_de_ios.txt")]
    assert [kind for _, kind in got] == [
        "system",
        "system",
        "text",
        "text",
        "recalled",
        "system",
        "text",
    ]
    assert got[3] == ("Bild weggelassen", "text")


def test_a_file_mixing_layouts_decides_each_apart():
    path = EXPORTS / "whatsapp_mixed.txt"
    items = list(whatsapp.read(path))
    assert [i for i in items if isinstance(i, Layout)] == [
        Layout("WhatsApp Android (d/m/yyyy, 24-hour)", "dmy", "line 3 has 13/12/2026"),
        Layout("WhatsApp iOS (m/d/yy, 12-hour AM/PM)", "mdy", "line 4 has 12/14/26"),
    ]
    # Each layout is announced before its first message.
    assert isinstance(items[4], Layout) and items[5].line == 4
    assert [m.local_time[:10] for m in messages(path)] == [
        "2026-12-01",
        "2026-12-02",
        "2026-12-13",
        "2026-12-14",
        "2026-12-15",
    ]


def test_the_encryption_notice_under_the_chats_name_is_not_a_member():
    first = messages(EXPORTS / "whatsapp_notice_sender.txt")[0]
    assert first.kind == "system"


def test_a_message_too_long_is_one_problem_and_reading_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr("camp.importers.whatsapp.MAX_RECORD_CHARS", 100)
    path = tmp_path / "chat.txt"
    path.write_text(
        "13/12/26, 10:00 - A: start\n" + "y" * 60 + "\n" + "z" * 60 + "\n13/12/26, 10:01 - A: ok\n",
        encoding="utf-8",
    )
    items = [i for i in whatsapp.read(path) if not isinstance(i, Layout)]
    assert [type(i).__name__ for i in items] == ["ParseProblem", "ChatMessage"]
    assert items[0].line == 1 and "longer than" in items[0].reason
    assert items[1].text == "ok"


# Locale layouts: (order, prefix writer, whether the layout writes seconds).
def _h12(moment: datetime) -> int:
    return moment.hour % 12 or 12


LAYOUTS: dict[str, tuple[str, Callable[[datetime], str], bool]] = {
    "android en-US 12h": (
        "mdy",
        lambda t: f"{t.month}/{t.day}/{t:%y}, {_h12(t)}:{t:%M}\u202f{t:%p} - ",
        False,
    ),
    "android en-GB": ("dmy", lambda t: f"{t:%d/%m/%Y}, {t:%H:%M} - ", False),
    "android de": ("dmy", lambda t: f"{t:%d.%m.%y}, {t:%H:%M} - ", False),
    "android es 12h": (
        "dmy",
        lambda t: (
            f"{t.day}/{t.month}/{t:%y}, {_h12(t)}:{t:%M}\u00a0"
            f"{'p.' if t.hour >= 12 else 'a.'}\u00a0m. - "
        ),
        False,
    ),
    "android pt-BR": ("dmy", lambda t: f"{t:%d/%m/%Y} {t:%H:%M} - ", False),
    "android nl": ("dmy", lambda t: f"{t:%d-%m-%Y} {t:%H:%M} - ", False),
    "android id": ("dmy", lambda t: f"{t:%d/%m/%y} {t:%H.%M} - ", False),
    "android it": ("dmy", lambda t: f"{t:%d/%m/%y}, {t:%H:%M} - ", False),
    "android en-CA 12h": (
        "ymd",
        lambda t: f"{t:%Y-%m-%d}, {_h12(t)}:{t:%M} {'p.m.' if t.hour >= 12 else 'a.m.'} - ",
        False,
    ),
    "android zh": (
        "ymd",
        lambda t: (
            f"{t.year}/{t.month}/{t.day} {'下午' if t.hour >= 12 else '上午'}{_h12(t)}:{t:%M} - "
        ),
        False,
    ),
    "android ja": ("ymd", lambda t: f"{t:%Y/%m/%d} {t:%H:%M} - ", False),
    "android ko": (
        "ymd",
        lambda t: (
            f"{t.year}. {t.month}. {t.day}. {'오후' if t.hour >= 12 else '오전'} "
            f"{_h12(t)}:{t:%M} - "
        ),
        False,
    ),
    "ios en-US": (
        "mdy",
        lambda t: f"[{t.month}/{t.day}/{t:%y}, {_h12(t)}:{t:%M:%S}\u202f{t:%p}] ",
        True,
    ),
    "ios en-GB": ("dmy", lambda t: f"\u200e[{t:%d/%m/%Y}, {t:%H:%M:%S}] ", True),
    "ios ru": ("dmy", lambda t: f"[{t:%d.%m.%Y}, {t:%H:%M:%S}] ", True),
    "ios tr 12h": (
        "dmy",
        lambda t: f"[{t:%d.%m.%Y} {'ÖS' if t.hour >= 12 else 'ÖÖ'} {_h12(t)}:{t:%M:%S}] ",
        True,
    ),
    "ios ja": (
        "ymd",
        lambda t: f"[{t:%Y/%m/%d} {'午後' if t.hour >= 12 else '午前'}{_h12(t)}:{t:%M:%S}] ",
        True,
    ),
}

moments = st.tuples(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2098, 12, 31)),
    st.lists(st.integers(min_value=0, max_value=60 * 24 * 40), min_size=1, max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(layout=st.sampled_from(sorted(LAYOUTS)), times=moments)
def test_generated_exports_come_back_at_their_local_times(tmp_path_factory, layout, times):
    order, prefix, seconds = LAYOUTS[layout]
    start, steps = times
    moment = start.replace(microsecond=0) if seconds else start.replace(second=0, microsecond=0)
    written = []
    lines = []
    for i, step in enumerate(steps):
        moment += timedelta(seconds=step * 60 + (step % 60 if seconds else 0))
        written.append(moment.strftime("%Y-%m-%d %H:%M:%S"))
        lines.append(prefix(moment) + f"Member {i % 3}: #checkin {i}")
    path = tmp_path_factory.mktemp("wa") / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        items = list(whatsapp.read(path))
    except CampError as refused:
        # Refusing is allowed (never a wrong guess), and the operator's order reads it.
        assert "--date-order" in str(refused)
        items = list(whatsapp.read(path, order))
    got = [i for i in items if isinstance(i, ChatMessage)]
    assert [m.local_time for m in got] == written
    assert [m.text for m in got] == [f"#checkin {i}" for i in range(len(steps))]
    [found] = [i for i in items if isinstance(i, Layout)]
    if found.date_order != order:
        # Only when every date reads the same either way.
        assert "the same either way" in found.evidence


dates = st.lists(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2098, 12, 31)),
    min_size=1,
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(moments_seen=dates, order=st.sampled_from(["dmy", "mdy"]))
def test_the_evidence_rule_never_picks_a_wrong_order(moments_seen, order):
    evidence = DateEvidence(("dmy", "mdy"))
    for line, moment in enumerate(sorted(moments_seen), start=1):
        fields = (moment.day, moment.month) if order == "dmy" else (moment.month, moment.day)
        text = f"{fields[0]:02d}/{fields[1]:02d}/{moment:%y}"
        evidence.add(line, text, fields[0], fields[1], moment.year % 100, moment.hour * 60)
    try:
        decision = evidence.decide("chat.txt", "WhatsApp Android")
    except CampError as refused:
        assert "give --date-order dmy, mdy or ymd." in str(refused)
        return
    if decision.order != order:
        assert all(moment.day == moment.month for moment in moments_seen)


@pytest.mark.parametrize("order", ["dmy", "mdy", "ymd"])
def test_the_operators_order_names_itself_as_the_evidence(tmp_path, order):
    path = tmp_path / "chat.txt"
    path.write_text("03/04/05, 10:00 - A: x\n", encoding="utf-8")
    [layout] = [i for i in whatsapp.read(path, order) if isinstance(i, Layout)]
    assert (layout.date_order, layout.evidence) == (order, f"--date-order {order}")
