"""Keys typed in one burst (a fast typist, a paste, a terminal that sends them together)
land where the first of them sends the focus: `/` then letters fill the search."""

from __future__ import annotations

import pytest
from pilot_steps import SIZE, open_camp, run, settle
from textual import events
from textual.widgets import Input

from tui.app import make_app


def burst(app, text: str) -> None:
    """Every key of ``text`` queued at once, before the app handles the first."""
    for ch in text:
        key = "slash" if ch == "/" else ch
        app.post_message(events.Key(key, ch))


@pytest.mark.parametrize(
    ("tab_key", "field"),
    [
        ("1", "#quick-checkin"),
        ("3", "#member-search"),
        ("4", "#board-search"),
        ("5", "#grid-filter"),
    ],
)
def test_slash_and_letters_in_one_burst_fill_the_field(camp_db, tab_key, field):
    seen: dict[str, object] = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp", tab_key)
            burst(app, "/xm")
            await settle(pilot)
            seen["value"] = app.screen.query_one(field, Input).value
            seen["screen"] = type(app.screen).__name__

    run(scenario)
    assert seen["screen"] == "CampScreen"  # no dialog opened by a letter
    assert seen["value"] == "xm"


@pytest.mark.parametrize(
    ("tab_key", "field"),
    [("3", "#member-add"), ("7", "#import-path"), ("1", "#quick-checkin")],
)
def test_a_slash_typed_in_a_field_is_a_letter_of_it(camp_db, tab_key, field):
    seen: dict[str, object] = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_camp(pilot, "cp", tab_key)
            app.screen.set_focus(app.screen.query_one(field, Input))
            await pilot.pause()
            await pilot.press(*"a/b")
            await settle(pilot)
            seen["value"] = app.screen.query_one(field, Input).value
            seen["focused"] = getattr(app.screen.focused, "id", None)

    run(scenario)
    assert seen["value"] == "a/b"
    assert seen["focused"] == field.removeprefix("#")
