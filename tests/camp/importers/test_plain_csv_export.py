"""Plain check-in CSV: member,time,text with local times, ISO 8601 instants and bad rows."""

from __future__ import annotations

import csv
import datetime as dt
import tracemalloc
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.importers import plain_csv
from camp.importers.base import MAX_RECORD_CHARS, ChatMessage, Layout, ParseProblem

EXPORTS = Path(__file__).parents[2] / "data" / "exports"

OTHER_HEADS = {
    "telegram": '{\n "name": "Study Camp",\n "type": "private_supergroup",\n "id": 1789012345,\n',
    "discord json": '{\n  "guild": {\n    "id": "900000000000000001",\n',
    "discord csv": "AuthorID,Author,Date,Content,Attachments,Reactions\n",
    "whatsapp android": "12/1/26, 08:01 - Alice: #checkin\n",
    "whatsapp ios": "[01/12/2026, 08:00:00] Alice: #checkin\n",
    "qq": "消息记录（此消息记录为文本格式，不支持重新导入）\n\n" + "=" * 64 + "\n",
    "wechat generic": "talker,sender,type,content,time\n",
    "wechat with ids": "sender,sender_id,content,time\n",
    "wechatmsg": "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime\n",
    "wechat chinese": "发送人\t发送人ID\t类型\t消息内容\t发送时间\n",
}


def messages(path: Path) -> list[Any]:
    """What the reader yields for ``path`` after its one Layout, which comes first."""
    items: list[Any] = list(plain_csv.read(path))
    assert isinstance(items[0], Layout)
    assert items[0][:2] == ("plain CSV (member, time, text)", None)
    assert items[0].evidence.startswith("line 1: ")
    return items[1:]


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_the_fixture_export():
    items = messages(EXPORTS / "plain.csv")

    assert items == [
        ChatMessage(2, "小明", "m1", "2024-03-01 08:00:00", None, "#打卡 第一天 📚"),
        ChatMessage(
            3,
            "Alice Smith",
            "m2",
            "2024-03-01 21:05:09",
            None,
            '#checkin day 1\nread 30 pages, "Dune"',
        ),
        ChatMessage(5, "小明", "m1", "2024-03-02 07:59:59", 1709337599.0, "#打卡 第二天"),
        ChatMessage(6, "Bob", None, "2024-03-02 00:10:00", 1709338200.0, "#checkin"),
        ParseProblem(7, "Row has no member."),
        ParseProblem(8, "Row has a time that cannot be read: 'tomorrow'."),
        ParseProblem(9, "Row has 1 of the header's 4 fields."),
        ChatMessage(10, "明明同学", "m1", "2024-03-03 06:30:00", None, "#打卡 改了名字"),
    ]


def test_other_column_names_in_any_order(tmp_path):
    path = write_csv(
        tmp_path / "in.csv",
        "Message,At,Name\n#checkin,2024-03-01 08:00:00,Alice\n",
    )

    assert messages(path) == [
        ChatMessage(2, "Alice", None, "2024-03-01 08:00:00", None, "#checkin")
    ]


def test_semicolons_and_unix_seconds(tmp_path):
    path = write_csv(tmp_path / "in.csv", "sender;date;content\nAlice;1709251200;#checkin\n")

    assert messages(path) == [ChatMessage(2, "Alice", None, None, 1709251200.0, "#checkin")]


def test_fractions_and_compact_offsets(tmp_path):
    path = write_csv(
        tmp_path / "in.csv",
        "member,time,text\nAlice,2024-03-01T08:00:00.250-0530,#checkin\n",
    )

    [message] = messages(path)

    assert message.local_time == "2024-03-01 08:00:00"
    # 08:00 at UTC-05:30 is 13:30 UTC.
    assert message.epoch == 1709280000.0 + 5.5 * 3600 + 0.25


def test_impossible_dates_and_times_are_problems(tmp_path):
    path = write_csv(
        tmp_path / "in.csv",
        "member,time,text\n"
        "A,2023-02-29 08:00,x\n"
        "A,2024-04-31 08:00,x\n"
        "A,2024-03-01 24:00,x\n"
        "A,2024-03-01 08:60,x\n"
        "A,2024-02-29 08:00,x\n",
    )

    items = messages(path)

    assert [type(item).__name__ for item in items] == ["ParseProblem"] * 4 + ["ChatMessage"]
    assert items[-1].local_time == "2024-02-29 08:00:00"


def test_canonical_times_past_the_28th_are_checked_against_the_calendar(tmp_path):
    path = write_csv(
        tmp_path / "in.csv",
        "member,time,text\n"
        "A,2024-04-31 08:00:00,x\n"
        "A,2023-02-29 08:00:00,x\n"
        "A,2024-02-29 08:00:00,x\n"
        "A,2026-12-31 23:59:59,x\n"
        "A,2024-04-31 09:00:00,x\n",
    )

    items = messages(path)

    assert [type(item).__name__ for item in items] == [
        "ParseProblem",
        "ParseProblem",
        "ChatMessage",
        "ChatMessage",
        "ParseProblem",
    ]
    assert [item.local_time for item in items if isinstance(item, ChatMessage)] == [
        "2024-02-29 08:00:00",
        "2026-12-31 23:59:59",
    ]


def test_a_header_without_a_text_column_is_one_problem(tmp_path):
    path = write_csv(tmp_path / "in.csv", "member,time\nAlice,2024-03-01 08:00\n")

    assert list(plain_csv.read(path)) == [
        ParseProblem(
            1,
            "The header needs a member (or name), a time and a text column: member,time,text;"
            " it has the columns member, time.",
        )
    ]


def test_a_bom_and_blank_lines_change_nothing_but_the_line_numbers(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b"\xef\xbb\xbfmember,time,text\r\n\r\nAlice,2024-03-01 08:00,#checkin\r\n")

    assert messages(path) == [
        ChatMessage(3, "Alice", None, "2024-03-01 08:00:00", None, "#checkin")
    ]


def test_a_long_field_is_read_and_a_record_over_the_cap_is_one_problem(tmp_path):
    long = "x" * 200_000
    huge = "y" * (MAX_RECORD_CHARS // 2) + "\n" + "y" * (MAX_RECORD_CHARS // 2)
    path = write_csv(
        tmp_path / "in.csv",
        f'member,time,text\nAlice,2024-03-01 08:00,"{long}\nmore"\n'
        f'Alice,2024-03-01 08:00,"{huge}\nmore"\nBob,2024-03-01 08:01,#checkin\n',
    )

    assert messages(path) == [
        ChatMessage(2, "Alice", None, "2024-03-01 08:00:00", None, long + "\nmore"),
        ParseProblem(
            4,
            f"The record is longer than {MAX_RECORD_CHARS:,} characters, more than any chat"
            " message: it is skipped.",
        ),
        ChatMessage(7, "Bob", None, "2024-03-01 08:01:00", None, "#checkin"),
    ]


def test_an_unterminated_quote_is_one_problem_and_swallows_nothing(tmp_path):
    later = "".join(f"B{n},2024-03-01 08:01,#checkin {n}\n" for n in range(3000))
    path = write_csv(tmp_path / "in.csv", f'member,time,text\nA,2024-03-01 08:00,"oops\n{later}')

    items = messages(path)

    assert items[0] == ParseProblem(
        2,
        "A quote opened on this line is never closed (its field runs on over lines that are"
        " records): fix the quote; reading goes on at line 3.",
    )
    assert len(items) == 3001
    assert items[-1] == ChatMessage(
        3002, "B2999", None, "2024-03-01 08:01:00", None, "#checkin 2999"
    )


def test_a_bare_cr_and_nul_bytes_give_no_traceback(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b"member,time,text\nA,2024-03-01 08:00,one\rtwo\nB\x00,2024-03-01 08:01,x\n")
    header_with_cr = write_csv(tmp_path / "cr.csv", "member,time,text\rextra\nA,1709251200,x\n")

    assert messages(path) == [
        ChatMessage(2, "A", None, "2024-03-01 08:00:00", None, "one\rtwo"),
        ParseProblem(
            3,
            "The line has NUL bytes, which no text export writes: they are left out (here and"
            " on later lines); if the file is UTF-16, save it as UTF-8.",
        ),
        ChatMessage(3, "B", None, "2024-03-01 08:01:00", None, "x"),
    ]
    assert plain_csv.sniff("member,time,text\rextra\n", Path("in.csv")) is False
    assert list(plain_csv.read(header_with_cr)) == [
        ParseProblem(
            1,
            "The header needs a member (or name), a time and a text column: member,time,text;"
            " it has the columns member, time, text\rextra.",
        )
    ]


def test_sniff_recognises_the_fixture_and_its_variants():
    head = (EXPORTS / "plain.csv").read_text(encoding="utf-8")

    assert plain_csv.sniff(head, Path("plain.csv"))
    assert plain_csv.sniff("Name,At,Message\n", Path("x.csv"))
    assert plain_csv.sniff("sender;date;content\n", Path("x.csv"))


def test_sniff_refuses_the_other_formats():
    for name, head in OTHER_HEADS.items():
        assert not plain_csv.sniff(head, Path("export.csv")), name


def test_reading_streams_in_constant_memory(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["member", "time", "text"])
        for n in range(40_000):
            text = f"#打卡 第 {n} 条，写得长一些，让文件变大一点点"
            writer.writerow([f"成员{n % 97}", f"2024-03-01 08:{n % 60:02d}:00", text])

    tracemalloc.start()
    count = sum(1 for _ in plain_csv.read(path)) - 1  # the layout
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 40_000
    assert path.stat().st_size > 2_000_000
    assert peak < 500_000


instants = st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0)
)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda minutes: dt.timedelta(minutes=minutes))


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(instants, offsets, st.booleans())
def test_iso_times_with_an_offset_give_the_same_instant_as_the_standard_library(
    tmp_path, moment, offset, with_colon
):
    stamp = moment.replace(tzinfo=dt.timezone(offset)).isoformat()
    if not with_colon:
        stamp = stamp[:-3] + stamp[-2:]
    path = write_csv(tmp_path / "in.csv", f"member,time,text\nAlice,{stamp},#checkin\n")

    [message] = messages(path)

    assert message.epoch == dt.datetime.fromisoformat(stamp).timestamp()
    assert message.local_time == moment.strftime("%Y-%m-%d %H:%M:%S")


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(categories=("L", "N", "So")), min_size=1),
            instants,
            st.text(
                alphabet=st.characters(categories=("L", "N", "P", "So", "Zs")),
                max_size=30,
            ),
        ),
        max_size=10,
    )
)
def test_what_a_spreadsheet_writes_is_read_back(tmp_path, written):
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["member", "time", "text"])
        for member, moment, text in written:
            writer.writerow([member, moment.strftime("%Y/%m/%d %H:%M:%S"), text])

    items = messages(path)

    assert [(m.sender, m.local_time, m.text) for m in items] == [
        (member, moment.strftime("%Y-%m-%d %H:%M:%S"), text) for member, moment, text in written
    ]
