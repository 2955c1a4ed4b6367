"""The date-order evidence any reader of local numeric dates uses."""

from __future__ import annotations

import pytest

from camp.errors import CampError
from camp.importers.dates import (
    DateDecision,
    DateEvidence,
    calendar_date,
    candidate_orders,
    clock_of,
    meridiem_style,
)


def evidence_of(*dates: str, minute: int = 600) -> DateEvidence:
    """Evidence of ``dates`` written ``a/b/c``, one a line from line 1."""
    evidence = DateEvidence(candidate_orders(dates[0].split("/")[0]))
    for line, text in enumerate(dates, start=1):
        first, second, third = (int(part) for part in text.split("/"))
        evidence.add(line, text, first, second, third, minute)
    return evidence


def test_a_field_above_twelve_settles_it_anywhere_in_the_file():
    assert evidence_of("01/02/26", "03/02/26", "25/02/26").decide("f", "L") == DateDecision(
        "dmy", "line 3 has 25/02/26"
    )
    assert evidence_of("01/02/26", "02/25/26").decide("f", "L").order == "mdy"


def test_a_four_digit_first_field_is_the_year():
    decision = evidence_of("2019/01/02").decide("f", "L", "dmy")
    assert decision == DateDecision("ymd", "line 1 has 2019/01/02 (the year first)")


def test_a_reading_that_goes_back_a_day_or_more_is_excluded():
    # Month-first, 12/11/26 -> 01/12/26 is 11 December -> 12 January.
    decision = evidence_of("12/11/26", "01/12/26").decide("f", "L")
    assert decision.order == "dmy"
    # It says what the excluded reading would do: line 2 would come before line 1.
    assert decision.evidence == (
        "dates only run forward read day-first: read month-first, line 2 (01/12/26 → "
        "12 January 2026) would come before line 1 (12/11/26 → 11 December 2026)"
    )


def test_going_back_less_than_a_day_is_not_evidence():
    evidence = DateEvidence(("dmy", "mdy"))
    # Day-first 2 January 10:00 -> 1 January 23:00 goes back 11 hours (a late message);
    # month-first, 1 February -> 1 January goes back a month.
    evidence.add(1, "02/01/26", 2, 1, 26, 10 * 60)
    evidence.add(2, "01/01/26", 1, 1, 26, 23 * 60)
    assert evidence.decide("f", "L").order == "dmy"
    # 25 hours back is a day or more: then both readings go back, which proves nothing.
    evidence = DateEvidence(("dmy", "mdy"))
    evidence.add(1, "02/01/26", 2, 1, 26, 10 * 60)
    evidence.add(2, "01/01/26", 1, 1, 26, 9 * 60)
    with pytest.raises(CampError, match="goes back in time either way"):
        evidence.decide("f", "L")


def test_dates_that_read_the_same_either_way_need_no_decision():
    decision = evidence_of("03/03/26", "04/04/26").decide("f", "L")
    assert decision.evidence == "every date reads the same either way (line 1: 03/03/26)"


def test_going_back_either_way_says_which_line_would_come_before_which():
    with pytest.raises(CampError) as refused:
        evidence_of("01/02/26", "02/01/26", "01/02/26").decide("chat.txt", "L")
    assert str(refused.value) == (
        "chat.txt: cannot tell the date order of L: the chat goes back in time either way "
        "(read day-first, line 2 (02/01/26 → 2 January 2026) would come before line 1 "
        "(01/02/26 → 1 February 2026); read month-first, line 3 (01/02/26 → 2 January 2026) "
        "would come before line 2 (02/01/26 → 1 February 2026)); "
        "give --date-order dmy, mdy or ymd."
    )


def test_a_date_in_no_order_is_no_evidence_that_dates_read_the_same_either_way():
    decision = evidence_of("32/13/26", "05/05/26").decide("f", "L")
    assert decision.evidence == (
        "every real date reads the same either way (line 2: 05/05/26; "
        "line 1: 32/13/26 is no date in any order)"
    )
    assert evidence_of("32/13/26").decide("f", "L").evidence == (
        "no date is real (line 1: 32/13/26 is no date in any order)"
    )


def test_no_evidence_names_two_lines_and_both_readings():
    with pytest.raises(CampError) as refused:
        evidence_of("01/12/26", "02/12/26", "04/12/26").decide("chat.txt", "WhatsApp Android")
    assert str(refused.value) == (
        "chat.txt: cannot tell whether the dates of WhatsApp Android are day-first or "
        "month-first: line 1 has 01/12/26 and line 3 has 04/12/26, which fit either way "
        "(1 December 2026 → 4 December 2026 read day-first, or 12 January 2026 → "
        "12 April 2026 read month-first); give --date-order dmy, mdy or ymd."
    )


def test_conflicting_evidence_names_both_lines():
    with pytest.raises(CampError) as refused:
        evidence_of("13/01/26", "01/13/26").decide("chat.txt", "WhatsApp Android")
    assert str(refused.value) == (
        "chat.txt: cannot tell the date order of WhatsApp Android: line 1 has 13/01/26, "
        "which cannot be month-first, and line 2 has 01/13/26, which cannot be day-first; "
        "give --date-order dmy, mdy or ymd."
    )


def test_the_operators_order_settles_what_the_dates_leave_open_and_an_unknown_one_is_refused():
    # No evidence, conflicting evidence, dates going back either way, or dates alike.
    for dates in (
        ("01/12/26", "02/12/26"),
        ("13/01/26", "01/13/26"),
        ("01/02/26", "02/01/26", "01/02/26"),
        ("03/03/26",),
    ):
        for order in ("dmy", "mdy"):
            assert evidence_of(*dates).decide("f", "L", order) == DateDecision(
                order, f"--date-order {order}"
            )
    # The order the dates prove, given by the operator too.
    assert evidence_of("13/01/26").decide("f", "L", "dmy") == DateDecision(
        "dmy", "--date-order dmy"
    )
    # 03/04/05 may be 5 April 2003.
    assert evidence_of("03/04/05").decide("f", "L", "ymd").order == "ymd"
    with pytest.raises(CampError, match="--date-order 'dym' is not known"):
        evidence_of("01/02/26").decide("f", "L", "dym")


def test_the_operators_order_is_refused_when_a_date_cannot_be_read_so():
    with pytest.raises(CampError) as refused:
        evidence_of("27/02/2024", "01/03/2024").decide("chat.txt", "WhatsApp Android", "mdy")
    assert str(refused.value) == (
        "chat.txt: --date-order mdy contradicts the dates of WhatsApp Android: line 1 has "
        "27/02/2024, which cannot be month-first; give --date-order dmy, or leave the option "
        "out and the file's dates decide."
    )
    with pytest.raises(CampError) as refused:
        evidence_of("01/03/2024", "02/03/2024").decide("chat.txt", "L", "ymd")
    assert "line 1 has 01/03/2024, which cannot be year-first" in str(refused.value)
    assert "give --date-order dmy or mdy." in str(refused.value)


def test_the_operators_order_is_refused_when_the_chat_would_go_back_read_so():
    with pytest.raises(CampError) as refused:
        evidence_of("12/03/2024", "01/04/2024").decide("chat.txt", "L", "mdy")
    assert str(refused.value) == (
        "chat.txt: --date-order mdy contradicts the dates of L: read month-first, line 2 "
        "(01/04/2024 → 4 January 2024) would come before line 1 (12/03/2024 → "
        "3 December 2024); give --date-order dmy, or leave the option out and the file's "
        "dates decide."
    )


def test_dates_impossible_in_every_order_are_no_evidence():
    with pytest.raises(CampError):
        evidence_of("31/31/26", "01/02/26").decide("f", "L")


@pytest.mark.parametrize(
    ("fields", "order", "expected"),
    [
        ((29, 2, 28), "dmy", (2028, 2, 29)),
        ((29, 2, 27), "dmy", None),
        ((2, 29, 2000), "mdy", (2000, 2, 29)),
        ((2100, 2, 29), "ymd", None),
        ((31, 4, 26), "dmy", None),
    ],
)
def test_calendar_dates_know_leap_years_and_month_lengths(fields, order, expected):
    assert calendar_date(order, *fields) == expected


@pytest.mark.parametrize(
    ("hour", "word", "expected"),
    [
        ("12", "AM", "00:05:00"),
        ("00", "a.\u00a0m.", "00:05:00"),
        ("12", "p. m.", "12:05:00"),
        ("9", "PM", "21:05:00"),
        ("9", "ÖS", "21:05:00"),
        ("9", "下午", "21:05:00"),
        ("9", "午前", "09:05:00"),
        ("9", "오후", "21:05:00"),
        ("21", None, "21:05:00"),
    ],
)
def test_clocks_in_the_common_locales(hour, word, expected):
    clock = clock_of(hour, "05", None, word)
    assert clock is not None and clock[0] == expected


def test_impossible_clocks():
    assert clock_of("13", "00", None, "PM") is None
    assert clock_of("24", "00", None, None) is None
    assert clock_of("10", "60", None, None) is None


def test_meridiem_styles():
    assert [meridiem_style(w) for w in ("AM", "pm", "a.m.", "p.\u00a0m.", "ÖÖ", "오전")] == [
        "AM/PM",
        "AM/PM",
        "a.m./p.m.",
        "a. m./p. m.",
        "ÖÖ/ÖS",
        "오전/오후",
    ]
