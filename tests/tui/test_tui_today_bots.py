"""The Today tab says what the camp's bots hear: each bot's state, its gaps, the strangers.

No listener runs here: the rows the listeners write (a live check-in, a gap, strangers)
are written by the intake service and by hand, as another process would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pendulum
import pytest
from pilot_steps import SIZE, open_camp, run, settle
from rich.text import Text
from textual.widgets import Label, Static

from camp.bots.base import LiveMessage
from camp.clock import utc_text
from camp.db import open_db
from camp.services.camps import create_camp, get_camp
from camp.services.intake import hear
from camp.services.members import add_members
from tui.app import make_app
from tui.tabs.today import TodayView

#: As in this folder's conftest (a module named conftest cannot be imported from
#: here when another folder's conftest was imported first).
CP_START = dt.date(2026, 11, 19)
MEMBERS = ["Alice", "Bob", "小明", "小红", "Chen Jing", "Daniel"]

DATA = Path(__file__).resolve().parent.parent / "data"
TG_CHAT, QQ_CHAT = "-1001234567890", "123456789"
BOTS = f"""
[[bots]]
type = "telegram"
token_env = "CAMP_TG_TOKEN"
chat = "{TG_CHAT}"

[[bots]]
type = "onebot"
url = "ws://127.0.0.1:3001"
chat = "{QQ_CHAT}"
"""
ZONE = "Asia/Shanghai"


def _today(hh_mm: str) -> pendulum.DateTime:
    """``hh_mm`` on day 5 of the camp, the pinned clock's day (2026-11-23)."""
    hour, minute = map(int, hh_mm.split(":"))
    return pendulum.datetime(2026, 11, 23, hour, minute, tz=ZONE)


_ids = iter(range(1, 10_000))


def said(platform: str, sender: str, text: str, at, sender_id: str) -> LiveMessage:
    chat = TG_CHAT if platform == "telegram" else QQ_CHAT
    return LiveMessage(platform, chat, str(next(_ids)), sender_id, sender, at.timestamp(), text)


@pytest.fixture
def bots_db(tmp_path: Path, pinned_now: pendulum.DateTime) -> Path:
    """Camp ``live`` (day 5 of 7) with a Telegram and a QQ bot; camp ``quiet`` with none."""
    definition = tmp_path / "live.toml"
    definition.write_text(
        (DATA / "cp_announced.toml").read_text(encoding="utf-8") + BOTS, encoding="utf-8"
    )
    path = tmp_path / "bots.db"
    db = open_db(path)
    try:
        create_camp(db, str(definition), name="Live", start=CP_START, now=pinned_now, slug="live")
        create_camp(
            db,
            str(DATA / "cp_announced.toml"),
            name="Quiet",
            start=CP_START,
            now=pinned_now,
            slug="quiet",
        )
        for slug in ("live", "quiet"):
            add_members(db, slug, MEMBERS, now=pinned_now)
        camp = get_camp(db, "live")
        # A check-in heard live at 20:31, in the night window.
        hear(db, camp, [said("telegram", "Bob", "#checkin", _today("20:31"), "7")], now=pinned_now)
        strangers = [("Zed", "90")] * 3 + [("[red]x[/red]", "91")] * 2
        strangers += [("Yan", "92"), ("Quinn", "93")]
        for name, sender_id in strangers:
            message = said("onebot", name, "hello", _today("20:40"), sender_id)
            hear(db, camp, [message], now=pinned_now)
        # The QQ connection was down from 14:02 to 14:05.
        db.execute(
            "INSERT INTO bot_gaps (bot, chat, since, until, reason) VALUES (?, ?, ?, ?, ?)",
            [
                "onebot:0123456789abcdef",
                QQ_CHAT,
                utc_text(_today("14:02")),
                utc_text(_today("14:05")),
                "connection refused",
            ],
        )
    finally:
        db.close()
    return path


def bots_block(app) -> tuple[bool, list[str]]:
    """Whether the Bots block shows, and its lines."""
    title = app.screen.query_one("#bots-title", Label)
    view = app.screen.query_one("#bots", Static)
    content = view.content
    assert isinstance(content, Text | str)
    shown = bool(title.display and view.display)
    return shown, str(content).splitlines() if shown else []


def test_today_shows_each_bot_its_gap_and_the_strangers(bots_db, monkeypatch):
    monkeypatch.setenv("CAMP_TG_TOKEN", "123:abc")

    async def scenario():
        app = make_app(str(bots_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "live")
            shown, lines = bots_block(app)
            assert shown
            assert lines[0] == f"Telegram {TG_CHAT} · ack · last check-in heard 20:31 (Bob)"
            assert lines[1] == (
                f"QQ {QQ_CHAT} · ack · not heard 14:02–14:05: import the chat export to fill "
                "the gap"
            )
            # Most messages first; the sender's name is shown as written, never as markup.
            assert lines[2].startswith("4 people wrote who are not members (Zed, [red]x[/red], ")
            assert lines[2].endswith(", …): add them in Members")
            assert len(lines) == 3
            content = app.screen.query_one("#bots", Static).content
            assert isinstance(content, Text)
            start = content.plain.index("[red]x[/red]")
            for span in content.spans:
                if span.start <= start < span.end:
                    assert "red" not in str(span.style)

    run(scenario)


def test_a_token_variable_that_is_not_set_is_said(bots_db, monkeypatch):
    monkeypatch.delenv("CAMP_TG_TOKEN", raising=False)

    async def scenario():
        app = make_app(str(bots_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "live")
            shown, lines = bots_block(app)
            assert shown
            assert "token variable CAMP_TG_TOKEN is not set" in lines[0]
            assert lines[0].endswith("last check-in heard 20:31 (Bob)")
            # The QQ bot names no token variable: nothing is missing.
            assert "token" not in lines[1]

    run(scenario)


def test_a_camp_without_bots_shows_no_bots_block(bots_db, monkeypatch):
    monkeypatch.setenv("CAMP_TG_TOKEN", "123:abc")

    async def scenario():
        app = make_app(str(bots_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_camp(pilot, "quiet")
            assert bots_block(app) == (False, [])
            assert not any(
                "Bots" in str(label.content) for label in app.screen.query(Label) if label.display
            )

    run(scenario)


def test_the_block_follows_what_the_listeners_write(bots_db, monkeypatch):
    monkeypatch.setenv("CAMP_TG_TOKEN", "123:abc")

    async def scenario():
        app = make_app(str(bots_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "live")
            view = app.screen.query_one(TodayView)
            # Another process (`camp run`) loses the QQ connection at 20:50.
            db = open_db(bots_db)
            db.execute(
                "INSERT INTO bot_gaps (bot, chat, since, reason) VALUES (?, ?, ?, ?)",
                ["onebot:0123456789abcdef", QQ_CHAT, utc_text(_today("20:50")), "closed"],
            )
            db.close()
            view._live_refresh_bots()
            await settle(pilot)
            _, lines = bots_block(app)
            assert lines[1] == (
                f"QQ {QQ_CHAT} · ack · not heard since 20:50, 14:02–14:05: import the chat "
                "export to fill the gap"
            )

    run(scenario)


def bots_bar(app) -> str | None:
    """The bots line under the tabs, or ``None`` while it is hidden."""
    bar = app.screen.query_one("#bots-bar", Static)
    return str(bar.content) if bar.display else None


def test_every_other_tab_says_whether_the_bots_hear_and_follows_the_database(
    bots_db, monkeypatch
):
    monkeypatch.setenv("CAMP_TG_TOKEN", "123:abc")
    seen: dict[str, str | None] = {}

    async def scenario():
        app = make_app(str(bots_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "live")
            seen["today"] = bots_bar(app)  # the Today tab has the whole block instead
            for key, tab in (("4", "leaderboard"), ("3", "members"), ("6", "announcements")):
                await pilot.press(key)
                await settle(pilot)
                seen[tab] = bots_bar(app)
            # Another process (`camp run`) loses the QQ connection at 20:50.
            db = open_db(bots_db)
            db.execute(
                "INSERT INTO bot_gaps (bot, chat, since, reason) VALUES (?, ?, ?, ?)",
                ["onebot:0123456789abcdef", QQ_CHAT, utc_text(_today("20:50")), "closed"],
            )
            db.close()
            for _ in range(40):  # the live refresh: every two seconds
                await pilot.pause(0.1)
                if "not heard" in (bots_bar(app) or ""):
                    break
            seen["later"] = bots_bar(app)

    run(scenario)
    assert seen["today"] is None
    line = "Bots · Telegram: heard, last check-in 20:31 · QQ: no check-in heard yet · 4 strangers wrote (Today tab)"
    assert seen["leaderboard"] == seen["members"] == seen["announcements"] == line
    assert seen["later"] == line.replace("QQ: no check-in heard yet", "QQ: not heard since 20:50")


def test_a_camp_without_bots_has_no_bots_line(bots_db, monkeypatch):
    seen: dict[str, str | None] = {}

    async def scenario():
        app = make_app(str(bots_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "quiet", "4")
            seen["leaderboard"] = bots_bar(app)

    run(scenario)
    assert seen["leaderboard"] is None
