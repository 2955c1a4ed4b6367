"""Auto-pairing: the rule (pure), the services that write it, the ``pairing`` event and
what a removal does to a pair."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pendulum
import pytest

from camp.announcements import render_announcement, sample_context
from camp.calendar import plan_days
from camp.db import open_db
from camp.definition import definition_to_dict, parse_definition
from camp.errors import CampError, DefinitionError
from camp.events import derive_events
from camp.pairing import Joining, OpenPair, PairingPlan, Unpaired, plan_pairs
from camp.services import announcing
from camp.services.announcing import build_context, preview_announcement, produce_announcement
from camp.services.camps import create_camp, get_camp
from camp.services.checkins import record_checkin
from camp.services.events import list_events
from camp.services.members import (
    add_members,
    auto_pair,
    list_members,
    pair_members,
    remove_member,
)
from camp.services.running import run_due
from camp.services.standings import standings_as_of

DATA = Path(__file__).resolve().parent.parent / "data"
START = dt.date(2026, 12, 1)
BEFORE = pendulum.datetime(2026, 11, 30, tz="UTC")
ZONE = "Asia/Shanghai"
#: Day 2's night window closes at 00:30 on 3 December; the pairing follows at 00:32.
PAIRING_DUE = pendulum.datetime(2026, 12, 3, 0, 32, tz=ZONE)
KEY = "cp/pairing/d2"


def u(member_id: int, name: str, shift: str | None = None) -> Unpaired:
    return Unpaired(member_id, name, shift)


def groups(plan: PairingPlan) -> list[list[str]]:
    return [[m.name for m in group] for group in plan.pairs]


# ---------------------------------------------------------------- the rule


def test_members_are_paired_in_joining_order():
    plan = plan_pairs([u(3, "C"), u(1, "A"), u(4, "D"), u(2, "B")])
    assert groups(plan) == [["A", "B"], ["C", "D"]]
    assert plan.odd is None and plan.joining is None and not plan.empty
    assert plan.names == ["A & B", "C & D"]


def test_the_same_shift_first_then_whoever_is_left():
    waiting = [
        u(1, "A", "early"),
        u(2, "B", "late"),
        u(3, "C", "early"),
        u(4, "D", "late"),
        u(5, "E", "early"),
        u(6, "F", None),
    ]
    plan = plan_pairs(waiting)
    # early: A & C, E left; late: B & D; none: F left; the leftovers pair in joining order.
    assert groups(plan) == [["A", "C"], ["B", "D"], ["E", "F"]]


def test_an_odd_member_is_left_for_the_operator_by_default():
    plan = plan_pairs([u(1, "A"), u(2, "B"), u(3, "C")])
    assert groups(plan) == [["A", "B"]]
    assert plan.odd == u(3, "C")
    assert plan_pairs([u(1, "A")]) == PairingPlan((), None, u(1, "A"))
    assert plan_pairs([]).empty


def test_triple_joins_the_odd_member_to_the_last_new_pair_of_their_shift():
    waiting = [u(1, "A", "x"), u(2, "B", "x"), u(3, "C", "y"), u(4, "D", "y"), u(5, "E", "x")]
    plan = plan_pairs(waiting, odd="triple")
    assert groups(plan) == [["A", "B", "E"], ["C", "D"]]
    assert plan.odd is None
    # No new pair of their shift: the last new pair.
    plan = plan_pairs([u(1, "A", "x"), u(2, "B", "x"), u(3, "C", "y")], odd="triple")
    assert groups(plan) == [["A", "B", "C"]]


def test_triple_with_nobody_new_joins_an_existing_pair_of_two():
    hand = OpenPair(10, ("P", "Q"), ("y", "y"))
    auto = OpenPair(11, ("R", "S"), ("z", "z"), auto=True)
    same = OpenPair(9, ("T", "V"), ("x", "x"))
    lone = u(7, "Zed", "x")
    assert plan_pairs([lone], [hand, auto, same], "triple").joining == Joining(lone, 9, ("T", "V"))
    # No pair of their shift: one that was paired automatically, else the latest.
    assert plan_pairs([lone], [hand, auto], "triple").joining == Joining(lone, 11, ("R", "S"))
    assert plan_pairs([lone], [hand], "triple").joining.pair == "P & Q & Zed"
    # Nobody to join: left for the operator after all.
    assert plan_pairs([lone], [], "triple") == PairingPlan((), None, lone)


def test_an_unknown_odd_rule_is_refused():
    with pytest.raises(ValueError, match="pair_odd 'pairs'"):
        plan_pairs([], odd="pairs")


# ---------------------------------------------------------------- the camp file


def cp_data(**camp_keys) -> dict:
    data = tomllib.loads((DATA / "cp.toml").read_text(encoding="utf-8"))
    data["camp"].update(camp_keys)
    return data


def test_pair_odd_is_read_validated_and_written_back():
    assert parse_definition(cp_data(), "cp.toml").pair_odd == "leave"
    defn = parse_definition(cp_data(pair_by_day=2, pair_odd="triple"), "cp.toml")
    assert (defn.pair_by_day, defn.pair_odd) == (2, "triple")
    assert parse_definition(definition_to_dict(defn), "again") == defn
    assert "pair_odd" not in definition_to_dict(parse_definition(cp_data(), "cp.toml"))["camp"]


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        (
            {"pair_odd": "tripel"},
            'camp.pair_odd: "tripel" is not allowed; did you mean "triple"? use "leave" or "triple"',
        ),
        (
            {"pair_odd": 3},
            'camp.pair_odd: 3 is not allowed; use "leave" or "triple"',
        ),
        (
            {"group": "solo", "pair_odd": "triple"},
            'camp.pair_odd: only pair camps pair members up, and this camp is group = "solo"; '
            'remove pair_odd or set group = "pair"',
        ),
    ],
)
def test_a_wrong_pair_odd_gets_one_sentence(keys, problem):
    with pytest.raises(DefinitionError) as caught:
        parse_definition(cp_data(**keys), "cp.toml")
    lines = [line.strip() for line in str(caught.value).splitlines()[1:]]
    assert lines == [f"- {problem}"]


# ---------------------------------------------------------------- the event


def derive(**camp_keys):
    definition = parse_definition(cp_data(**camp_keys), "cp.toml")
    return derive_events("cp", definition, plan_days(definition, START))


def test_the_pairing_event_follows_the_close_of_day_pair_by_day():
    events = derive(pair_by_day=2)
    (pairing,) = [e for e in events if e.kind == "pairing"]
    assert (pairing.key, pairing.day, pairing.window) == (KEY, 2, None)
    assert pairing.due == PAIRING_DUE
    # After day 2's close and its inactivity check, before day 3's task.
    order = [e.key for e in events]
    at = order.index(KEY)
    assert order[at - 2 : at + 2] == [
        "cp/close/d2/night",
        "cp/inactivity/d2",
        KEY,
        "cp/task/d3",
    ]
    assert not [e for e in derive() if e.kind == "pairing"]


def test_what_reports_the_pairing_day_comes_after_the_pairing():
    # A summary or a closing a minute after the close would come before the pairing
    # (two minutes after it): they wait until five minutes after the close.
    def due_of(data: dict) -> dict[str, pendulum.DateTime]:
        definition = parse_definition(data, "cp.toml")
        return {e.key: e.due for e in derive_events("cp", definition, plan_days(definition, START))}

    data = cp_data(pair_by_day=2)
    data["reminders"] = {"summary": "00:31"}  # day 2 closes at 00:30 on 3 December
    due = due_of(data)
    assert due[KEY] == PAIRING_DUE
    assert due["cp/summary/d2"] == pendulum.datetime(2026, 12, 3, 0, 35, tz=ZONE)
    assert due["cp/summary/d1"] == pendulum.datetime(2026, 12, 2, 0, 31, tz=ZONE)

    data = cp_data(pair_by_day=7)
    data["windows"] = [{"name": "night", "open": "20:00", "due": "22:00"}]
    data["ceremonies"] = {"closing": {"day": "last", "at": "22:01"}}
    due = due_of(data)
    assert due["cp/pairing/d7"] == pendulum.datetime(2026, 12, 7, 22, 2, tz=ZONE)
    assert due["cp/closing"] == pendulum.datetime(2026, 12, 7, 22, 5, tz=ZONE)
    data["camp"]["pair_by_day"] = 6
    assert due_of(data)["cp/closing"] == pendulum.datetime(2026, 12, 7, 22, 1, tz=ZONE)


# ---------------------------------------------------------------- the services


def make_camp(db, tmp_path, members=("Alice", "Bob", "Cleo", "Dan", "Eve"), **camp_keys):
    """The CP test camp with ``camp_keys`` set; Alice and Bob paired by hand."""
    keys = {"pair_by_day": 2, **camp_keys}
    text = (DATA / "cp.toml").read_text(encoding="utf-8")
    lines = "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in keys.items())
    definition = tmp_path / "cp.toml"
    definition.write_text(text.replace("[camp]\n", "[camp]\n" + lines, 1), encoding="utf-8")
    create_camp(db, str(definition), name="CP", start=START, now=BEFORE, slug="cp")
    add_members(db, "cp", list(members), now=BEFORE)
    pair_members(db, "cp", "Alice", "Bob", now=BEFORE)
    return get_camp(db, "cp")


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "pairing.db")
    yield database
    database.close()


def partners(db) -> dict[str, tuple[str | None, bool | None]]:
    return {r.member.name: (r.partner, r.pair_auto) for r in list_members(db, "cp")}


def pairing_event(db) -> dict:
    row = db.execute(
        "SELECT status, attempts, last_error FROM events WHERE key = ?", [KEY]
    ).fetchone()
    outbox = db.execute("SELECT text FROM outbox WHERE event_key = ?", [KEY]).fetchall()
    return {"status": row[0], "error": row[2], "outbox": [text for (text,) in outbox]}


def test_the_event_pairs_the_members_still_alone_once_and_announces_them(db, tmp_path):
    make_camp(db, tmp_path, members=("Alice", "Bob", "Cleo", "Dan", "Eve", "Finn", "Gus"))
    before = run_due(db, PAIRING_DUE.subtract(minutes=1))
    assert KEY not in before.produced
    assert partners(db)["Cleo"] == (None, None)
    report = run_due(db, PAIRING_DUE.add(minutes=5))
    assert KEY in report.produced
    assert partners(db) == {
        "Alice": ("Bob", False),
        "Bob": ("Alice", False),
        "Cleo": ("Dan", True),
        "Dan": ("Cleo", True),
        "Eve": ("Finn", True),
        "Finn": ("Eve", True),
        "Gus": (None, None),
    }
    event = pairing_event(db)
    assert event["status"] == "done"
    (text,) = event["outbox"]
    assert "**Cleo & Dan**" in text and "**Eve & Finn**" in text
    assert "Gus has no partner yet" in text and "Alice" not in text
    assert "3 pairs from now on" in text
    # Once: a second run finds it done; `camp pair --auto` afterwards only has Gus.
    assert KEY not in run_due(db, PAIRING_DUE.add(minutes=10)).produced
    assert db.execute("SELECT COUNT(*) FROM pairs WHERE auto = 1").fetchone() == (2,)
    assert auto_pair(db, "cp", now=PAIRING_DUE).pairs == []


def test_the_pair_board_counts_the_new_pairs_from_then_on(db, tmp_path):
    make_camp(db, tmp_path, members=("Alice", "Bob", "Cleo", "Dan"))
    for day in (1, 2, 3):
        for name in ("Alice", "Bob", "Cleo", "Dan"):
            at = pendulum.datetime(2026, 12, day, 20, 30, tz=ZONE)
            record_checkin(db, "cp", name, now=at, at=at)
        if day == 2:
            board = standings_as_of(db, "cp", now=PAIRING_DUE, by="pair")
            assert [e.name for e in board.entries] == ["Alice & Bob"]
            run_due(db, PAIRING_DUE)
    day_3 = pendulum.datetime(2026, 12, 3, 22, tz=ZONE)
    board = standings_as_of(db, "cp", now=day_3, by="pair", day=3)
    members = standings_as_of(db, "cp", now=day_3, day=3)
    points = {e.name: e.points for e in members.entries}
    pairs = {e.name: e.points for e in board.entries}
    assert set(pairs) == {"Alice & Bob", "Cleo & Dan"}
    assert pairs["Cleo & Dan"] == points["Cleo"] + points["Dan"] + 5 * 3


def test_the_summary_and_opening_mark_the_pairs_made_automatically(db, tmp_path):
    make_camp(db, tmp_path, members=("Alice", "Bob", "Cleo", "Dan"))
    for name in ("Alice", "Cleo"):
        at = pendulum.datetime(2026, 12, 2, 20, 30, tz=ZONE)
        record_checkin(db, "cp", name, now=at, at=at)
    run_due(db, PAIRING_DUE)
    camp = get_camp(db, "cp")
    summary = build_context(db, camp, "summary", 2, None, PAIRING_DUE, PAIRING_DUE)
    auto = {e["name"]: e["auto"] for e in summary["pair_standings"]["entries"]}
    assert auto == {"Alice & Bob": False, "Cleo & Dan": True}
    text = render_announcement("summary", summary)
    assert "**Cleo & Dan** · paired automatically" in text
    assert re.search(r"\*\*Alice & Bob\*\* · \d+ pts", text)
    opening = build_context(db, camp, "opening", 1, None, PAIRING_DUE, PAIRING_DUE)
    assert [(p["name"], p["auto"]) for p in opening["pairs"]] == [
        ("Alice & Bob", False),
        ("Cleo & Dan", True),
    ]
    assert "Cleo & Dan (paired automatically)" in render_announcement("opening", opening)


def test_the_context_has_the_documented_keys_and_mentions_the_new_partners(db, tmp_path):
    make_camp(db, tmp_path, members=("Alice", "Bob", "Cleo", "Dan", "Eve"))
    add_members(db, "cp", ["Finn"], now=BEFORE, handle="finn-id")
    camp = get_camp(db, "cp")
    context, mentions = announcing._context_and_mentions(
        db, camp, "pairing", 2, None, PAIRING_DUE, PAIRING_DUE
    )
    assert set(context) == set(sample_context("pairing"))
    assert context["pairs"] == [
        {"name": "Cleo & Dan", "members": ["Cleo", "Dan"], "shift": None},
        {"name": "Eve & Finn", "members": ["Eve", "Finn"], "shift": None},
    ]
    assert (context["joined"], context["odd"], context["pairs_count"]) == (None, None, 3)
    assert [(m.name, m.handle) for m in mentions] == [("Finn", "finn-id")]


def test_a_preview_shows_who_would_be_paired_and_pairs_nobody(db, tmp_path):
    make_camp(db, tmp_path)
    list_events(db, "cp", now=BEFORE)
    text = preview_announcement(db, KEY, BEFORE)
    assert "**Cleo & Dan**" in text and "Eve has no partner yet" in text
    assert partners(db)["Cleo"] == (None, None)
    assert db.execute("SELECT COUNT(*) FROM outbox").fetchone() == (0,)


def test_triple_joins_the_odd_member_in_the_event_and_in_pair_auto(db, tmp_path):
    make_camp(db, tmp_path, pair_odd="triple")
    run_due(db, PAIRING_DUE)
    assert partners(db)["Eve"] == ("Cleo & Dan", True)
    (text,) = pairing_event(db)["outbox"]
    assert "**Cleo & Dan & Eve**" in text and "no partner" not in text
    # `camp pair --auto` follows the same rule: a newcomer joins a pair of two.
    add_members(db, "cp", ["Gus"], now=PAIRING_DUE)
    result = auto_pair(db, "cp", now=PAIRING_DUE)
    assert (result.pairs, result.left_over) == ([], [])
    assert result.joined == ("Gus", "Alice & Bob & Gus")
    assert partners(db)["Alice"] == ("Bob & Gus", False)


def test_members_who_change_after_the_rendering_are_rendered_again(db, tmp_path, monkeypatch):
    make_camp(db, tmp_path)
    list_events(db, "cp", now=BEFORE)
    real = announcing.render_announcement
    calls = []

    def render_then_someone_pairs_by_hand(kind, context, **kwargs):
        text = real(kind, context, **kwargs)
        calls.append(text)
        if len(calls) == 1:  # the operator pairs Cleo and Eve while the text is rendered
            pair_members(db, "cp", "Cleo", "Eve", now=PAIRING_DUE)
        return text

    monkeypatch.setattr(announcing, "render_announcement", render_then_someone_pairs_by_hand)
    outcome = produce_announcement(db, KEY, PAIRING_DUE)
    assert outcome.status == "done" and len(calls) == 2
    assert "Cleo & Dan" in calls[0]
    # The second rendering is what was posted and written: Dan is the one left now.
    (text,) = pairing_event(db)["outbox"]
    assert text == calls[1] and "Dan has no partner yet" in text
    assert partners(db)["Cleo"] == ("Eve", False) and partners(db)["Dan"] == (None, None)


def test_a_failing_template_pairs_nobody(db, tmp_path):
    messages = tmp_path / "messages"
    messages.mkdir()
    (messages / "pairing.md.j2").write_text("{{ nobody.here }}", encoding="utf-8")
    make_camp(db, tmp_path, messages=str(messages))
    report = run_due(db, PAIRING_DUE)
    assert report.failed == [KEY]
    assert "pairing.md.j2" in pairing_event(db)["error"]
    assert partners(db)["Cleo"] == (None, None)


def test_a_pairing_missed_past_the_grace_pairs_nobody_until_it_is_retried(db, tmp_path):
    make_camp(db, tmp_path)
    later = PAIRING_DUE.add(hours=3)
    report = run_due(db, later, grace_seconds=3600)
    assert KEY in report.missed
    assert partners(db)["Cleo"] == (None, None)
    announcing.retry_event(db, "cp", KEY, later)
    assert KEY in run_due(db, later).produced
    assert partners(db)["Cleo"] == ("Dan", True)


def test_the_event_refuses_a_camp_that_is_no_longer_a_pair_camp(db, tmp_path):
    camp = make_camp(db, tmp_path)
    solo = replace(camp, definition=replace(camp.definition, group="solo"))
    with pytest.raises(CampError, match="pairing event is for a day of a pair camp"):
        build_context(db, solo, "pairing", 2, None, PAIRING_DUE, PAIRING_DUE)


# ---------------------------------------------------------------- leaving a pair


def test_a_removed_member_leaves_their_pair_and_the_partner_waits(db, tmp_path):
    make_camp(db, tmp_path, members=("Alice", "Bob", "Cleo", "Dan"))
    run_due(db, PAIRING_DUE)
    day_4 = pendulum.datetime(2026, 12, 4, 21, tz=ZONE)
    for day in (1, 2, 3):
        at = pendulum.datetime(2026, 12, day, 20, 30, tz=ZONE)
        for name in ("Cleo", "Dan"):
            record_checkin(db, "cp", name, now=at, at=at)
    cleo_before = {e.name: e.points for e in standings_as_of(db, "cp", now=day_4).entries}["Cleo"]
    removal = remove_member(db, "cp", "Dan", now=day_4)
    assert removal.describe() == (
        "Removed Dan; the pair Cleo & Dan is dissolved and Cleo has no partner now."
    )
    assert partners(db)["Cleo"] == (None, None)
    assert db.execute("SELECT COUNT(*) FROM pairs WHERE name = 'Cleo & Dan'").fetchone() == (0,)
    for include_removed in (False, True):
        board = standings_as_of(db, "cp", now=day_4, by="pair", include_removed=include_removed)
        assert [e.name for e in board.entries] == ["Alice & Bob"]
    members = {e.name: e.points for e in standings_as_of(db, "cp", now=day_4).entries}
    assert members["Cleo"] == cleo_before
    # Cleo is offered to the next auto-pairing; Dan, restored, comes back alone.
    add_members(db, "cp", ["Dan", "Eve"], now=day_4)
    assert partners(db)["Dan"] == (None, None)
    assert auto_pair(db, "cp", now=day_4).pairs == ["Cleo & Dan"]


def test_leaving_a_pair_of_three_keeps_the_other_two_together(db, tmp_path):
    make_camp(db, tmp_path, pair_odd="triple")
    run_due(db, PAIRING_DUE)
    removal = remove_member(db, "cp", "Dan", now=PAIRING_DUE)
    assert removal.describe() == "Removed Dan; Cleo & Dan & Eve is Cleo & Eve now."
    assert partners(db)["Cleo"] == ("Eve", True)
    board = standings_as_of(db, "cp", now=PAIRING_DUE, by="pair")
    assert sorted(e.name for e in board.entries) == ["Alice & Bob", "Cleo & Eve"]


def test_a_pair_still_holding_a_removed_member_is_never_ranked(db, tmp_path):
    # What a database kept from before the rule looked like: Bob removed, still paired.
    make_camp(db, tmp_path, members=("Alice", "Bob", "Cleo", "Dan"))
    pair_members(db, "cp", "Cleo", "Dan", now=BEFORE)
    db.execute("UPDATE members SET status = 'removed' WHERE name = 'Bob'")
    db.conn.commit()
    for include_removed in (False, True):
        board = standings_as_of(db, "cp", now=BEFORE, by="pair", include_removed=include_removed)
        assert [e.name for e in board.entries] == ["Cleo & Dan"]
