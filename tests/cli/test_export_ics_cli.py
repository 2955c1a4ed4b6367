"""`camp export-ics`: the camp's calendar and members' own, again after `camp task`."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar


def by_uid(ics: bytes) -> dict[str, tuple[int, dt.datetime, str]]:
    calendar = Calendar.from_ical(ics)
    return {
        str(e["UID"]): (int(e["SEQUENCE"]), e.LAST_MODIFIED, str(e["SUMMARY"]))
        for e in calendar.events
    }


def test_a_changed_task_reaches_the_calendar_and_nothing_else_moves(cp, tmp_path):
    first, second, third = (tmp_path / f"{n}.ics" for n in ("first", "second", "third"))
    cp("export-ics", "cp-test", "-o", first)
    cp.at("2026-11-30T13:00:00+08:00")
    cp("export-ics", "cp-test", "-o", second)
    before = by_uid(first.read_bytes())
    assert len(before) == 7
    assert by_uid(second.read_bytes()) == before
    cp.at("2026-11-30T14:00:00+08:00")
    cp("task", "cp-test", "3", "--title", "A story in six words")
    cp("export-ics", "cp-test", "-o", third)
    after = by_uid(third.read_bytes())
    assert after.keys() == before.keys()
    changed = [uid for uid in after if after[uid] != before[uid]]
    assert len(changed) == 1 and "-d3-" in changed[0]
    sequence, modified, summary = after[changed[0]]
    assert sequence == before[changed[0]][0] + 1 == 1
    assert modified == dt.datetime(2026, 11, 30, 6, tzinfo=dt.UTC) > before[changed[0]][1]
    assert summary == "Day 3 · A story in six words"


def test_a_members_calendar_on_stdout(cp):
    out = cp("export-ics", "cp-test", "--member", "小明").stdout_bytes
    calendar = Calendar.from_ical(out)
    assert str(calendar["X-WR-CALNAME"]) == "CP test · 小明"
    camp_uids = by_uid(cp("export-ics", "cp-test").stdout_bytes).keys()
    assert len(calendar.events) == 7
    assert not {str(e["UID"]) for e in calendar.events} & camp_uids


def test_an_unknown_member_is_one_sentence(cp):
    result = cp("export-ics", "cp-test", "--member", "Zed", ok=False)
    assert "No member 'Zed' in camp cp-test" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_calendar_on_stdout_keeps_its_line_ends(cp):
    out = cp("export-ics", "cp-test").stdout_bytes
    assert out.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert out.endswith(b"END:VCALENDAR\r\n")
    assert b"\\x0d" not in out
    assert len(Calendar.from_ical(out).events) == 7
