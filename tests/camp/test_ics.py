"""The iCalendar export: one event per window per day, in the camp's zone, with alarms.

Each event lasts from the window's opening to the end of its late period (a late
check-in still counts), and its alarm comes before the due time."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from camp.calendar import plan_days
from camp.definition import load_definition_file, parse_definition
from camp.errors import CampError
from camp.exporters.ics import (
    PRODID,
    CalendarMember,
    EventRevision,
    event_contents,
    event_uid,
    render_ics,
)
from camp.models import Camp, CampDefinition, Day
from camp.resources import camp_templates_dir

NY = "America/New_York"
UTC = dt.UTC


def make_camp(defn: CampDefinition, start: dt.date, slug: str = "test-camp") -> Camp:
    return Camp(
        id=1,
        slug=slug,
        name=defn.name,
        template=None,
        timezone=defn.timezone,
        start=start,
        days=defn.days,
        status="active",
        definition=defn,
    )


def template_camp(template: str, start: dt.date) -> tuple[Camp, list[Day]]:
    defn, _ = load_definition_file(camp_templates_dir() / f"{template}.toml")
    return make_camp(defn, start, slug=template), plan_days(defn, start)


def definition(**camp: object) -> dict:
    """A small English camp in New York: one window 20:00-21:00, late until 21:30."""
    return {
        "camp": {
            "name": "Night owls",
            "days": 4,
            "timezone": NY,
            "language": "en",
            "keywords": ["#done", "#checkin"],
            **camp,
        },
        "windows": [{"name": "evening", "open": "20:00", "due": "21:00", "late_until": "21:30"}],
        "tasks": {
            "ramp": "linear",
            "difficulty": [1, 4],
            "days": [
                {"day": 1, "title": "Warm up", "body": "Read one page.", "difficulty": 1},
                {"day": 2, "title": "Two pages", "body": "Read two pages.", "difficulty": 2},
                {
                    "day": 3,
                    "title": "Quiz",
                    "body": "Answer ten questions.",
                    "difficulty": 3,
                    "graded": True,
                },
                {"day": 4, "title": "Essay", "body": "Write 300 words.", "difficulty": 4},
            ],
        },
    }


def parse(ics: bytes) -> Calendar:
    return Calendar.from_ical(ics)


def unfolded(ics: bytes) -> str:
    """The file's text with folded lines joined, for looking at raw properties."""
    return re.sub(r"\r\n[ \t]", "", ics.decode("utf-8"))


# --- a Chinese camp from a built-in template ---------------------------------------


@pytest.fixture(scope="module")
def copywriting() -> tuple[Camp, list[Day], Calendar, bytes]:
    camp, days = template_camp("copywriting-cp", dt.date(2026, 12, 29))
    ics = render_ics(camp, days)
    return camp, days, parse(ics), ics


def test_calendar_header_names_the_camp_and_its_zone(copywriting):
    _, _, cal, _ = copywriting
    assert str(cal["PRODID"]) == PRODID == "-//camp//camp schedule//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Copywriting CP task group"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert cal.get_missing_tzids() == set()


def test_one_event_per_day_with_the_planned_times(copywriting):
    camp, days, cal, _ = copywriting
    events = cal.events
    assert len(events) == len(days) == camp.days == 7
    for day, event in zip(days, events, strict=True):
        (slot,) = day.slots
        assert event.start == slot.open
        # The night window is due at 23:30, and late check-ins count until 00:30.
        assert event.end == slot.late_until == slot.closes
        assert event.end == slot.due.add(hours=1)
        assert event.start.tzinfo == ZoneInfo("Asia/Shanghai")
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert event["DTEND"].params["TZID"] == "Asia/Shanghai"


def test_window_across_midnight_ends_on_the_next_date(copywriting):
    # The night window is 20:00-23:30 with late check-ins until 00:30 the next day.
    _, days, cal, _ = copywriting
    last = cal.events[-1]
    assert last.start == dt.datetime(2027, 1, 4, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert days[-1].slots[0].late_until == dt.datetime(
        2027, 1, 5, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert last.end == dt.datetime(2027, 1, 5, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert "DTEND;TZID=Asia/Shanghai:20270105T003000" in unfolded(render_ics(*copywriting[:2]))
    assert "迟到可打卡至 次日 00:30，得 50% 的积分" in str(last["DESCRIPTION"])


def test_uids_are_stable_unique_and_safe(copywriting):
    camp, days, cal, _ = copywriting
    uids = [str(e["UID"]) for e in cal.events]
    assert uids == [f"copywriting-cp-d{d.number}-night@camp" for d in days]
    assert len(set(uids)) == len(uids)
    assert all(re.fullmatch(r"[A-Za-z0-9%._~-]+@camp", uid) for uid in uids)
    assert render_ics(camp, days) == render_ics(camp, days)


def test_summary_and_description_carry_the_task_in_chinese(copywriting):
    _, days, cal, _ = copywriting
    for day, event in zip(days, cal.events, strict=True):
        assert str(event["SUMMARY"]) == f"第 {day.number} 天 · {day.task.title}"
        description = str(event["DESCRIPTION"])
        assert day.task.body.strip() in description
        assert "打卡口令：#打卡（也可用 #checkin）" in description
        stars = "★" * day.difficulty + "☆" * (5 - day.difficulty)
        assert f"难度：{stars}（{day.difficulty}/5）" in description
        assert "时段「night」：准时 20:00–次日 00:30" not in description
        assert "时段「night」：准时 20:00–23:30" in description
        assert "评分" not in description


def test_cjk_text_round_trips_through_folded_lines(copywriting):
    _, days, _, ics = copywriting
    # Long CJK lines are folded at 75 octets without splitting a character.
    assert all(len(line.encode()) <= 75 for line in ics.decode("utf-8").split("\r\n"))
    again = parse(parse(ics).to_ical())
    assert [str(e["SUMMARY"]) for e in again.events] == [
        f"第 {d.number} 天 · {d.task.title}" for d in days
    ]
    assert days[0].task.body.strip() in str(again.events[0]["DESCRIPTION"])


def test_alarm_fires_thirty_minutes_before_the_due_time(copywriting):
    _, days, cal, ics = copywriting
    for day, event in zip(days, cal.events, strict=True):
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].params["RELATED"] == "END"
        offset = alarm.TRIGGER
        assert offset == -dt.timedelta(minutes=90)
        assert day.task.title in str(alarm["DESCRIPTION"])
        (when,) = event.alarms.times
        assert when.trigger == day.slots[0].due - dt.timedelta(minutes=30)
    # Before the event's end by the late period (an hour) and the 30 minutes.
    assert unfolded(ics).count("TRIGGER;RELATED=END:-PT1H30M") == len(days)


def test_dtstamp_is_the_given_export_time_or_a_fixed_one(copywriting):
    camp, days, cal, _ = copywriting
    assert {e.DTSTAMP for e in cal.events} == {dt.datetime(2026, 12, 29, tzinfo=UTC)}
    at = dt.datetime(2026, 12, 20, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    stamped = parse(render_ics(camp, days, stamp=at))
    assert {e.DTSTAMP for e in stamped.events} == {dt.datetime(2026, 12, 20, 1, 15, tzinfo=UTC)}
    with pytest.raises(CampError, match="timezone"):
        render_ics(camp, days, stamp=dt.datetime(2026, 12, 20, 9, 15))


# --- shifts: several windows a day ---------------------------------------------------


@pytest.fixture(scope="module")
def study_buddy() -> tuple[Camp, list[Day]]:
    return template_camp("study-buddy", dt.date(2026, 9, 28))


def test_every_window_of_every_day_gets_an_event(study_buddy):
    camp, days = study_buddy
    events = parse(render_ics(camp, days)).events
    assert len(events) == len(days) * 3 == 63
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    expected = [(s.open, s.closes) for d in days for s in d.slots]
    assert [(e.start, e.end) for e in events] == expected
    # Three events a day would share a title; the window tells them apart.
    assert str(events[1]["SUMMARY"]) == f"第 1 天 · {days[0].task.title} (middle)"


def test_a_shift_keeps_only_its_window(study_buddy):
    camp, days = study_buddy
    events = parse(render_ics(camp, days, shift="middle")).events
    assert len(events) == len(days) == 21
    assert [str(e["UID"]) for e in events] == [f"study-buddy-d{d.number}-middle@camp" for d in days]
    assert [e.start for e in events] == [d.slots[1].open for d in days]
    # 20:50 to 21:00 on time, late check-ins until 21:10: the event lasts until then.
    assert all(
        e.start.time() == dt.time(20, 50) and e.end.time() == dt.time(21, 10) for e in events
    )
    assert str(events[0]["SUMMARY"]) == f"第 1 天 · {days[0].task.title}"
    assert "时段「middle」：准时 20:50–21:00；迟到可打卡至 21:10，得 50% 的积分" in str(
        events[0]["DESCRIPTION"]
    )


def test_an_unknown_shift_names_the_windows(study_buddy):
    camp, days = study_buddy
    with pytest.raises(CampError, match="no window 'night'; use one of: early, middle, late"):
        render_ics(camp, days, shift="night")


def test_a_negative_alarm_is_refused(study_buddy):
    camp, days = study_buddy
    with pytest.raises(CampError, match="0 or more minutes"):
        render_ics(camp, days, alarm_minutes=-5)


def test_window_names_with_spaces_and_cjk_give_distinct_ascii_uids():
    assert event_uid("c", 1, "早班") != event_uid("c", 1, "晚班")
    assert event_uid("c", 2, "early bird") == "c-d2-early%20bird@camp"
    for name in ("早班", "a/b", "x@y", "semi;colon"):
        uid = event_uid("c", 3, name)
        assert uid.isascii()
        assert re.fullmatch(r"c-d3-[A-Za-z0-9%._~-]+@camp", uid)


# --- an English camp across a daylight-saving change ----------------------------------


def test_events_keep_local_time_across_the_autumn_change():
    # Clocks in New York go back at 02:00 on 2026-11-01.
    defn = parse_definition(definition())
    camp = make_camp(defn, dt.date(2026, 10, 30))
    days = plan_days(defn, camp.start)
    ics = render_ics(camp, days)
    cal = parse(ics)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == [NY]
    assert "DTSTART;TZID=America/New_York:20261031T200000" in unfolded(ics)
    assert "DTSTART;TZID=America/New_York:20261101T200000" in unfolded(ics)
    events = cal.events
    assert [e.start.date() for e in events] == [dt.date(2026, 10, d) for d in (30, 31)] + [
        dt.date(2026, 11, d) for d in (1, 2)
    ]
    for day, event in zip(days, events, strict=True):
        assert event.start == day.slots[0].open
        assert event.end == day.slots[0].late_until
        assert event["DTSTART"].params["TZID"] == NY
        assert event.start.time() == dt.time(20, 0)
        assert event.end.time() == dt.time(21, 30)
        (when,) = event.alarms.times
        assert when.trigger.astimezone(ZoneInfo(NY)).time() == dt.time(20, 30)
    offsets = [e.start.utcoffset() for e in events]
    assert offsets == [dt.timedelta(hours=-4)] * 2 + [dt.timedelta(hours=-5)] * 2
    # The same wall-clock time is 25 hours apart across the change.
    between = events[2].start.astimezone(UTC) - events[1].start.astimezone(UTC)
    assert between == dt.timedelta(hours=25)


def test_english_words_graded_marker_and_custom_alarm():
    defn = parse_definition(definition())
    camp = make_camp(defn, dt.date(2026, 10, 30))
    days = plan_days(defn, camp.start)
    ics = render_ics(camp, days, alarm_minutes=45)
    events = parse(ics).events
    assert [str(e["SUMMARY"]) for e in events] == [
        "Day 1 · Warm up",
        "Day 2 · Two pages",
        "Day 3 · Quiz",
        "Day 4 · Essay",
    ]
    quiz = str(events[2]["DESCRIPTION"])
    assert quiz.startswith("Answer ten questions.\n\n")
    assert "Difficulty: ★★★☆☆ (3/5)" in quiz
    assert "Graded" in quiz
    assert "Check in with: #done (also #checkin)" in quiz
    assert (
        'Window "evening": on time 20:00–21:00; late check-ins until 21:30 earn 50% of the '
        "points" in quiz
    )
    assert not any("Graded" in str(e["DESCRIPTION"]) for i, e in enumerate(events) if i != 2)
    for day, event in zip(days, events, strict=True):
        (when,) = event.alarms.times
        assert when.trigger == day.slots[0].due - dt.timedelta(minutes=45)
    assert unfolded(ics).count("TRIGGER;RELATED=END:-PT1H15M") == 4


def test_a_window_without_late_period_says_so():
    data = definition()
    del data["windows"][0]["late_until"]
    defn = parse_definition(data)
    camp = make_camp(defn, dt.date(2026, 3, 2))
    description = str(parse(render_ics(camp, plan_days(defn, camp.start))).events[0]["DESCRIPTION"])
    assert 'Window "evening": on time 20:00–21:00; no late check-ins' in description


def test_no_days_gives_an_empty_but_valid_calendar():
    defn = parse_definition(definition())
    camp = make_camp(defn, dt.date(2026, 3, 2))
    cal = parse(render_ics(camp, []))
    assert cal.events == []
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == [NY]


@settings(max_examples=25, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31)),
    n_days=st.integers(min_value=1, max_value=10),
    hour=st.integers(min_value=0, max_value=23),
)
# 01:30 on 2025-11-02 happens twice in New York; the camp means the second one.
@example(start=dt.date(2025, 10, 24), n_days=10, hour=1)
def test_every_event_keeps_its_wall_clock_and_instant(start, n_days, hour):
    data = definition(days=n_days)
    data["windows"] = [{"name": "w", "open": f"{hour:02d}:30", "due": f"{(hour + 2) % 24:02d}:15"}]
    data["tasks"] = {"ramp": "fixed", "difficulty": 2}
    defn = parse_definition(data)
    camp = make_camp(defn, start)
    days = plan_days(defn, start)
    events = parse(render_ics(camp, days)).events
    assert len(events) == n_days
    assert len({str(e["UID"]) for e in events}) == n_days
    for day, event in zip(days, events, strict=True):
        slot = day.slots[0]
        # Instants compared as timestamps: Python never finds the second 01:30 of a
        # fall-back night equal to the same instant in another zone (PEP 495).
        assert event.start.timestamp() == slot.open.timestamp()
        assert event.end.timestamp() == slot.due.timestamp()
        # Wall-clock times survive in the camp's zone, except where a spring-forward gap
        # moved them (the second of two equal times is written in UTC, see render_ics).
        zone = ZoneInfo(NY)
        assert event.start.astimezone(zone).replace(tzinfo=None) == slot.open.naive()
        assert event.end.astimezone(zone).replace(tzinfo=None) == slot.due.naive()


@settings(max_examples=25, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31)),
    hour=st.integers(min_value=0, max_value=23),
    late_minutes=st.integers(min_value=1, max_value=180),
)
# The late period of a 00:30 window runs through the second 01:30 of a fall-back night,
# and through the gap of a spring-forward one.
@example(start=dt.date(2025, 10, 31), hour=0, late_minutes=120)
@example(start=dt.date(2026, 3, 6), hour=0, late_minutes=150)
# Due 01:00 and late until 01:01 on the fall-back night: the calendar writes those repeated
# times in UTC to keep their instants; the text members read still says 01:00 and 01:01.
@example(start=dt.date(2025, 10, 30), hour=0, late_minutes=1)
def test_the_late_period_ends_the_event_and_the_alarm_stays_before_the_due_time(
    start, hour, late_minutes
):
    due_hour = (hour + 1) % 24
    late = dt.datetime(2000, 1, 1, due_hour) + dt.timedelta(minutes=late_minutes)
    data = definition(days=4)
    data["windows"] = [
        {
            "name": "w",
            "open": f"{hour:02d}:30",
            "due": f"{due_hour:02d}:00",
            "late_until": f"{late:%H:%M}",
        }
    ]
    data["tasks"] = {"ramp": "fixed", "difficulty": 2}
    defn = parse_definition(data)
    camp = make_camp(defn, start)
    days = plan_days(defn, start)
    events = parse(render_ics(camp, days)).events
    for day, event in zip(days, events, strict=True):
        slot = day.slots[0]
        assert slot.late_until is not None
        assert event.start.timestamp() == slot.open.timestamp()
        assert event.end.timestamp() == slot.late_until.timestamp()
        (when,) = event.alarms.times
        assert when.trigger.timestamp() == slot.due.timestamp() - 30 * 60
        assert f"late check-ins until {slot.late_until:%H:%M}" in str(event["DESCRIPTION"])


def test_late_check_ins_without_points_say_the_streak_holds():
    data = definition()
    data["scoring"] = {"late_factor": 0}
    defn = parse_definition(data)
    camp = make_camp(defn, dt.date(2026, 3, 2))
    description = str(parse(render_ics(camp, plan_days(defn, camp.start))).events[0]["DESCRIPTION"])
    assert "late check-ins until 21:30 earn no points but keep the streak" in description
    data["scoring"] = {"late_factor": 0.35}
    defn = parse_definition(data)
    description = str(
        parse(render_ics(make_camp(defn, camp.start), plan_days(defn, camp.start))).events[0][
            "DESCRIPTION"
        ]
    )
    assert "late check-ins until 21:30 earn 35% of the points" in description


# --- UIDs, revisions and a member's own calendar --------------------------------------


def test_a_token_and_a_member_give_uids_of_their_own():
    token = "0123456789abcdef0123456789abcdef"
    camp_uid = event_uid("winter-cp", 3, "night", token=token)
    assert camp_uid == f"winter-cp-d3-night.{token}@camp"
    assert event_uid("winter-cp", 3, "night", token=token, member=12) == (
        f"winter-cp-d3-night.m12.{token}@camp"
    )
    assert event_uid("winter-cp", 3, "night", token="f" * 32) != camp_uid
    # A window named like a member's part never gives a member's UID: dots are encoded.
    assert event_uid("c", 1, "a.m3", token=token) != event_uid("c", 1, "a", token=token, member=3)
    assert event_uid("c", 1, "a.m3", token=token) == f"c-d1-a%2Em3.{token}@camp"


def test_sequence_and_last_modified_come_from_the_revisions(copywriting):
    camp, days, _, _ = copywriting
    made = dt.datetime(2026, 12, 1, 8, 0, 0, 500_000, tzinfo=UTC)
    edited = dt.datetime(2026, 12, 20, 9, 30, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    revisions = {(3, "night"): EventRevision(sequence=2, modified=edited)}
    events = parse(render_ics(camp, days, revisions=revisions, created=made)).events
    assert [e["SEQUENCE"] for e in events] == [0, 0, 2, 0, 0, 0, 0]
    changed = events[2].LAST_MODIFIED
    assert changed == dt.datetime(2026, 12, 20, 1, 30, 15, tzinfo=UTC)
    assert {e.LAST_MODIFIED for i, e in enumerate(events) if i != 2} == {
        dt.datetime(2026, 12, 1, 8, tzinfo=UTC)
    }
    assert {e.CREATED for e in events} == {dt.datetime(2026, 12, 1, 8, tzinfo=UTC)}
    ics = unfolded(render_ics(camp, days, revisions=revisions, created=made))
    # RFC 5545: DTSTAMP, LAST-MODIFIED and CREATED are written in UTC.
    assert "LAST-MODIFIED:20261220T013015Z" in ics and "CREATED:20261201T080000Z" in ics


def test_what_an_event_shows_is_digested_per_day_and_window(study_buddy):
    camp, days = study_buddy
    contents = event_contents(camp, days)
    assert len(contents) == 63 and (1, "middle") in contents
    assert event_contents(camp, days) == contents
    assert len(set(contents.values())) == 63


def test_a_members_calendar_is_named_after_them_and_the_camp(study_buddy):
    camp, days = study_buddy
    token = "ab" * 16
    theirs = parse(
        render_ics(camp, days, shift="early", member=CalendarMember(7, "小明"), token=token)
    )
    assert str(theirs["X-WR-CALNAME"]) == str(theirs["NAME"]) == f"{camp.name} · 小明"
    assert str(theirs["X-WR-CALDESC"]) == f"小明 在「{camp.name}」的打卡时间。"
    everyone = parse(render_ics(camp, days, token=token))
    assert str(everyone["X-WR-CALNAME"]) == str(everyone["NAME"]) == camp.name
    mine = {str(e["UID"]) for e in theirs.events}
    assert len(mine) == 21 and all(".m7." in uid for uid in mine)
    assert not mine & {str(e["UID"]) for e in everyone.events}


def test_an_english_members_calendar_is_named_in_english():
    defn = parse_definition(definition())
    camp = make_camp(defn, dt.date(2026, 3, 2))
    cal = parse(render_ics(camp, plan_days(defn, camp.start), member=CalendarMember(1, "Zoë")))
    assert str(cal["X-WR-CALNAME"]) == "Night owls · Zoë"
    assert str(cal["DESCRIPTION"]) == "The check-in times of Zoë in Night owls."


def test_control_characters_from_the_data_are_written_out():
    data = definition()
    data["tasks"]["days"][0]["body"] = "Read one page.\r\nThen\x07 rest."
    defn = parse_definition(data)
    camp = make_camp(defn, dt.date(2026, 3, 2))
    ics = render_ics(camp, plan_days(defn, camp.start), member=CalendarMember(1, "Eve\x1b[2J"))
    assert b"\x1b" not in ics and b"\x07" not in ics
    cal = parse(ics)
    assert str(cal["X-WR-CALNAME"]) == "Night owls · Eve\\x1b[2J"
    assert str(cal.events[0]["DESCRIPTION"]).startswith("Read one page.\nThen\\x07 rest.")
