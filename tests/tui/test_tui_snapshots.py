"""Screenshots of the main screens on a known database with the clock pinned.

The countdowns read ``camp.clock.now()``, which ``CAMP_NOW`` holds still, so every
run draws the same seconds.
"""

from __future__ import annotations

import difflib
import html
import pickle
import re
from collections import defaultdict

import pytest
from pilot_steps import drawn
from pytest_textual_snapshot import node_to_report_path
from textual.widgets import Input, TabbedContent

from camp.db import open_db
from camp.services.requests import add_request
from tui.app import make_app
from tui.dialogs.new_camp import CHECK_DELAY
from tui.screens.camp import TAB_FOCUS, CampScreen

SIZE = (120, 40)


def _svg_lines(svg: str) -> list[str]:
    """The text of a screenshot, a line per row (for a readable failure)."""
    rows: defaultdict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in re.findall(
        r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg
    ):
        rows[float(y)].append((float(x), html.unescape(text).replace("\xa0", " ")))
    return ["".join(text for _, text in sorted(rows[y])) for y in sorted(rows)]


@pytest.fixture
def snap_compare(snap_compare, request):
    """The plugin's comparison; a mismatch fails with the lines that differ, so a
    report read in a CI log says what was drawn (the HTML report may not be at hand)."""

    def compare(*args, **kwargs) -> bool:
        if snap_compare(*args, **kwargs):
            return True
        data = pickle.loads(node_to_report_path(request.node).read_bytes())
        expected, actual = _svg_lines(data[1]), _svg_lines(data[2])
        diff = difflib.unified_diff(expected, actual, "snapshot", "drawn", lineterm="", n=1)
        pytest.fail("the screen differs from its snapshot:\n" + "\n".join(diff), pytrace=False)

    return compare


async def _settle(pilot) -> None:
    # Every table measured: a busy machine could take the screenshot first, with each
    # column only as wide as its heading.
    await drawn(pilot)
    await _tab_focused(pilot)


async def _tab_focused(pilot) -> None:
    """Until the tab shown has its keys (its table focused): on a busy machine the pane
    is displayed, and takes focus, later than it is drawn; the footer shows either."""
    screen = pilot.app.screen
    if not isinstance(screen, CampScreen):
        return
    target = TAB_FOCUS.get(screen.query_one(TabbedContent).active)
    if target is None or isinstance(screen.focused, Input):
        return
    widget = screen.query_one(target)
    for _ in range(100):
        if screen.focused is widget:
            await drawn(pilot)
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{target} never took focus")


async def _form_checked(pilot) -> None:
    """Until the new-camp form has checked what it shows (a busy machine may be slow)."""
    screen = pilot.app.screen
    for _ in range(100):
        await pilot.pause(CHECK_DELAY)
        await _settle(pilot)
        check = getattr(screen, "_check", None)
        if screen._timer is None and check is not None and check.fields == screen._fields():
            return
    raise AssertionError("the new-camp form never finished its check")


def _then(*keys: str):
    """A ``run_before`` that waits for each load before pressing the next key.

    ``"wait"`` waits out the new-camp form's typing pause instead of pressing a key.
    """

    async def run_before(pilot) -> None:
        await _settle(pilot)
        for key in keys:
            if key == "wait":
                await _form_checked(pilot)
            else:
                await pilot.press(key)
            await _settle(pilot)
        # A blinking cursor is drawn or not depending on the moment: hold it still.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await _settle(pilot)

    return run_before


def test_dashboard(snap_compare, camp_db):
    assert snap_compare(make_app(str(camp_db)), terminal_size=SIZE, run_before=_then())


def test_camp_today(snap_compare, camp_db):
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter")
    )


def test_camp_leaderboard_pairs(snap_compare, camp_db):
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter", "4", "p")
    )


def test_camp_plan(snap_compare, camp_db):
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter", "2")
    )


def test_camp_members(snap_compare, camp_db):
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter", "3")
    )


def test_camp_checkins_grid(snap_compare, camp_db):
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter", "5")
    )


def test_camp_report_chart(snap_compare, camp_db):
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter", "4", "g")
    )


def test_camp_requests(snap_compare, camp_db, pinned_now):
    # Two requests as members ask in the chat: one marked for the next decision.
    db = open_db(camp_db)
    try:
        add_request(
            db,
            "cp",
            "小红",
            "makeup",
            4,
            now=pinned_now,
            text="#补卡 4 昨天加班，今晚补上",
            source="telegram",
        )
        add_request(
            db,
            "cp",
            "Alice",
            "leave",
            6,
            now=pinned_now,
            text="#请假 6 exam day",
            source="import",
        )
    finally:
        db.close()
    assert snap_compare(
        make_app(str(camp_db)), terminal_size=SIZE, run_before=_then("down", "enter", "8", "space")
    )


def test_new_camp_form_with_its_plan_preview(snap_compare, camp_db):
    # The name has focus; it is typed key by key, as an operator does.
    keys = ("n", "wait", *"Spring CP", "wait")
    assert snap_compare(make_app(str(camp_db)), terminal_size=SIZE, run_before=_then(*keys))


def _light(*keys: str):
    """As :func:`_then`, in the light theme (ctrl+t switches an operator's app to it)."""
    then = _then(*keys)

    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await then(pilot)

    return run_before


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param((), id="dashboard"),
        pytest.param(("down", "enter"), id="today"),
        pytest.param(("down", "enter", "3"), id="members"),
        pytest.param(("down", "enter", "4"), id="leaderboard"),
        pytest.param(("down", "enter", "5"), id="checkins"),
        pytest.param(("down", "enter", "6"), id="announcements"),
        pytest.param(("down", "enter", "5", "b"), id="dialog"),
    ],
)
def test_light_theme(snap_compare, camp_db, keys):
    assert snap_compare(make_app(str(camp_db)), terminal_size=SIZE, run_before=_light(*keys))
