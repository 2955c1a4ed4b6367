"""CSV records as every CSV reader gets them: line numbers, quotes that run on or never
close, bare CRs, NUL bytes, over-long records, delimiters."""

from __future__ import annotations

import csv
import io
import tracemalloc
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camp.importers.base import MAX_RECORD_CHARS, ParseProblem
from camp.importers.csvrows import csv_records, sniff_delimiter


def records(tmp_path: Path, text: str | bytes, **options: str) -> list[Any]:
    path = tmp_path / "export.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return list(csv_records(path, **options))


def test_records_come_with_the_line_they_start_on(tmp_path):
    items = records(
        tmp_path,
        'member,time,text\r\nAlice,08:00,"#checkin\r\nday 1, ""Dune"""\r\n\r\nBob,08:01,hi\r\n',
    )

    assert items == [
        (1, ["member", "time", "text"]),
        (2, ["Alice", "08:00", '#checkin\nday 1, "Dune"']),
        (5, ["Bob", "08:01", "hi"]),
    ]


def test_an_unterminated_quote_swallows_nothing(tmp_path):
    later = [f"B{n},2024-03-01 08:01,#checkin {n}" for n in range(3000)]
    text = 'member,time,text\nAlice,2024-03-01 08:00,"oops\n' + "\n".join(later) + "\n"

    items = records(tmp_path, text)

    assert items[1] == ParseProblem(
        2,
        "A quote opened on this line is never closed (its field runs on over lines that are"
        " records): fix the quote; reading goes on at line 3.",
    )
    assert items[2:] == [(3 + n, line.split(",")) for n, line in enumerate(later)]


def test_an_unterminated_quote_before_quoted_records_swallows_nothing(tmp_path):
    items = records(
        tmp_path,
        'member,time,text\nA,08:00,"oops\nB,08:01,"hi"\nC,08:02,"x, y"\nD,08:03,z\n',
    )

    assert items == [
        (1, ["member", "time", "text"]),
        ParseProblem(
            2,
            "A quote opened on this line is never closed (its field runs on over lines that"
            " are records): fix the quote; reading goes on at line 3.",
        ),
        (3, ["B", "08:01", "hi"]),
        (4, ["C", "08:02", "x, y"]),
        (5, ["D", "08:03", "z"]),
    ]


def test_an_unterminated_quote_at_the_end_of_the_file(tmp_path):
    items = records(tmp_path, 'member,time,text\nA,08:00,"oops\nB,08:01,hi')

    assert items == [
        (1, ["member", "time", "text"]),
        ParseProblem(
            2,
            "A quote opened on this line is never closed (its field runs on to the end of the"
            " file): fix the quote; reading goes on at line 3.",
        ),
        (3, ["B", "08:01", "hi"]),
    ]


def test_a_message_of_a_few_lines_with_commas_is_one_record(tmp_path):
    message = "day 1\nread, wrote, slept\nok, done\nbye"
    items = records(tmp_path, f'member,time,text\nA,08:00,"{message}"\nB,08:01,x\n')

    assert items == [
        (1, ["member", "time", "text"]),
        (2, ["A", "08:00", message]),
        (6, ["B", "08:01", "x"]),
    ]


def test_a_bare_cr_is_a_character_of_its_field(tmp_path):
    items = records(tmp_path, 'member\r,time,text\nA,08:00,one\rtwo\nB,08:01,"x\ry"\n')

    assert items == [
        (1, ["member\r", "time", "text"]),
        (2, ["A", "08:00", "one\rtwo"]),
        (3, ["B", "08:01", "x\ry"]),
    ]


def test_nul_bytes_are_one_problem_and_left_out(tmp_path):
    items = records(tmp_path, b"member,time,text\nA\x00,08:00,x\nB,08:01,\x00y\x00\n")

    assert items == [
        (1, ["member", "time", "text"]),
        ParseProblem(
            2,
            "The line has NUL bytes, which no text export writes: they are left out (here and"
            " on later lines); if the file is UTF-16, save it as UTF-8.",
        ),
        (2, ["A", "08:00", "x"]),
        (3, ["B", "08:01", "y"]),
    ]


def test_empty_header_only_ragged_and_bom(tmp_path):
    assert records(tmp_path, "") == []
    assert records(tmp_path, "\n\n") == []
    assert records(tmp_path, "\ufeffmember,time,text\n") == [(1, ["member", "time", "text"])]
    assert records(tmp_path, "a,b,c\n1\n1,2,3,4\n") == [
        (1, ["a", "b", "c"]),
        (2, ["1"]),
        (3, ["1", "2", "3", "4"]),
    ]


def test_text_that_is_not_utf8_is_one_problem(tmp_path):
    items = records(tmp_path, "member,time,text\nAndré,08:00,café\n".encode("latin-1"))

    assert len(items) == 1 and isinstance(items[0], ParseProblem)
    assert "not UTF-8 text" in items[0].reason and "save the export as UTF-8" in items[0].reason


def test_utf16_with_its_byte_order_mark_reads_like_utf8(tmp_path):
    # Spreadsheets on Windows save "Unicode text" so.
    items = records(tmp_path, "member,time,text\nA,08:00,x\n".encode("utf-16"))

    assert items == [(1, ["member", "time", "text"]), (2, ["A", "08:00", "x"])]


def test_a_line_over_the_cap_is_one_problem_and_reading_goes_on(tmp_path):
    huge = "x" * (MAX_RECORD_CHARS + 10)
    items = records(tmp_path, f"a,b\n1,{huge}\n2,{huge[:200_000]}\n3,z\n")

    assert items == [
        (1, ["a", "b"]),
        ParseProblem(
            2,
            f"The record is longer than {MAX_RECORD_CHARS:,} characters, more than any chat"
            " message: it is skipped.",
        ),
        (3, ["2", huge[:200_000]]),
        (4, ["3", "z"]),
    ]


def test_a_quoted_record_over_the_cap_is_skipped_to_where_its_quote_closes(tmp_path):
    part = "y" * 100_000
    body = "\n".join([part] * 12)
    items = records(tmp_path, f'a,b\n1,"{body}"\n2,"z"\n')

    assert [item.line if isinstance(item, ParseProblem) else item for item in items] == [
        (1, ["a", "b"]),
        2,
        (14, ["2", "z"]),
    ]


def test_quoted_fields_alone_on_one_line_and_text_after_a_closing_quote(tmp_path):
    items = records(tmp_path, 'a,b,c\n"1","2, two","3"\n"x"y,5" screen,z\n')

    assert items == [
        (1, ["a", "b", "c"]),
        (2, ["1", "2, two", "3"]),
        (3, ["xy", '5" screen', "z"]),
    ]


def test_the_delimiter_is_sniffed_from_the_header_or_given(tmp_path):
    assert sniff_delimiter("发送人\t类型\t内容\t时间\n") == "\t"
    assert sniff_delimiter("sender;date;content\n") == ";"
    assert sniff_delimiter("a|b|c\n") == "|"
    assert sniff_delimiter('"a;b",c,d\n') == ","
    assert sniff_delimiter("text\n") == ","
    assert records(tmp_path, "a;b\n1;2\n") == [(1, ["a", "b"]), (2, ["1", "2"])]
    assert records(tmp_path, "a;b\n1;2\n", delimiter=",") == [(1, ["a;b"]), (2, ["1;2"])]


def test_reading_streams_in_constant_memory(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["member", "time", "text"])
        for n in range(40_000):
            text = f'#打卡 第 {n} 条，"写得"长一些' if n % 3 else f"#打卡 第 {n} 条\n第二行"
            writer.writerow([f"成员{n % 97}", "2024-03-01 08:00:00", text])

    tracemalloc.start()
    count = sum(1 for _ in csv_records(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert count == 40_001
    assert path.stat().st_size > 2_000_000
    assert peak < 1_000_000


fields = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "S", "Zs"), include_characters='\n,;\t"', exclude_characters="\r"
    ),
    max_size=30,
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(fields, min_size=4, max_size=4), max_size=12), st.sampled_from(",;\t|"))
def test_what_the_csv_module_writes_is_read_back_with_its_lines(tmp_path, rows, delimiter):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["w", "x", "y", "z"])
    writer.writerows(rows)
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")

    items = list(csv_records(path, delimiter=delimiter))

    expected: list[tuple[int, list[str]]] = []
    line = 2
    for row in rows:
        expected.append((line, row))
        line += sum(field.count("\n") for field in row) + 1
    assert items == [(1, ["w", "x", "y", "z"]), *expected]
