"""The new-camp form and archiving from the dashboard, driven with Textual's Pilot and
checked in the database."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from pilot_steps import SIZE, run, settle, toasts
from textual.widgets import DataTable, Input, Select, Static

from camp.db import open_db
from tui.app import CampApp, make_app
from tui.dialogs.confirm import ConfirmScreen
from tui.dialogs.new_camp import CHECK_DELAY, NewCampScreen
from tui.dialogs.new_camp_data import NewCampFields, check_new_camp
from tui.screens.camp import CampScreen
from tui.screens.dashboard import DashboardScreen


def camps_in(db_path: Path) -> dict[str, dict]:
    db = open_db(db_path)
    try:
        return {row["slug"]: row for row in db.query("SELECT * FROM camps")}
    finally:
        db.close()


async def checked(pilot) -> None:
    """Wait out the form's typing pause, then its check (longer on a busy machine)."""
    screen = pilot.app.screen
    for _ in range(100):
        await pilot.pause(CHECK_DELAY + 0.1)
        await settle(pilot)
        if not isinstance(screen, NewCampScreen) or screen is not pilot.app.screen:
            return  # the form closed (a camp was created)
        check = screen._check
        if screen._timer is None and check is not None and check.fields == screen._fields():
            return
    raise AssertionError("the new-camp form never finished its check")


async def open_form(pilot) -> NewCampScreen:
    await settle(pilot)
    await pilot.press("n")
    await checked(pilot)
    assert isinstance(pilot.app.screen, NewCampScreen)
    return pilot.app.screen


async def fill(pilot, **values: str) -> None:
    """Set the form's fields (``template`` picks a built-in one); then wait for the check."""
    screen = pilot.app.screen
    for name, value in values.items():
        if name == "template":
            screen.query_one("#nc-template", Select).value = value
        else:
            screen.query_one(f"#nc-{name}", Input).value = value
    await checked(pilot)


async def type_name(pilot, name: str) -> None:
    """Type the name key by key, as an operator would."""
    pilot.app.screen.query_one("#nc-name", Input).focus()
    await pilot.press(*name)
    await checked(pilot)


async def wait_for_camp_screen(pilot) -> CampScreen:
    for _ in range(100):
        if isinstance(pilot.app.screen, CampScreen):
            return pilot.app.screen
        await asyncio.sleep(0.05)
        await pilot.pause()
    raise AssertionError(f"the camp screen did not open ({pilot.app.screen!r})")


def error_of(app: CampApp, field: str) -> str:
    error = app.screen.query_one(f"#nc-{field}-error", Static)
    return str(error.content) if error.display else ""


def test_creating_a_camp_from_a_template_opens_it(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_form(pilot)
            await fill(
                pilot, template="ops-club", start="2026-12-01", timezone="Europe/Berlin", days="10"
            )
            await type_name(pilot, "Spring ops")
            assert not any(error_of(app, field) for field in ("source", "name", "start"))
            await pilot.press("ctrl+s")
            screen = await wait_for_camp_screen(pilot)
            assert screen.slug == "spring-ops"
            assert "Camp Spring ops created (spring-ops)" in " ".join(toasts(app))

    run(scenario)
    row = camps_in(camp_db)["spring-ops"]
    assert row["name"] == "Spring ops"
    assert row["template"] == "ops-club"
    assert row["start"] == "2026-12-01"
    assert row["timezone"] == "Europe/Berlin"
    assert row["days"] == 10
    assert row["status"] == "active"


def test_a_cjk_name_and_start_tomorrow(camp_db, pinned_now):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_form(pilot)
            await fill(pilot, template="copywriting-cp", start="tomorrow")
            await type_name(pilot, "冬季文案营")
            assert app.screen.query_one("#nc-name", Input).value == "冬季文案营"
            summary = str(app.screen.query_one("#nc-summary", Static).content)
            assert summary.startswith("冬季文案营")
            await pilot.press("ctrl+s")
            await wait_for_camp_screen(pilot)

    run(scenario)
    # A mostly non-Latin name takes the template's id as its slug.
    row = camps_in(camp_db)["copywriting-cp"]
    assert row["name"] == "冬季文案营"
    assert row["start"] == (pinned_now.date() + dt.timedelta(days=1)).isoformat()
    assert row["timezone"] == "Asia/Shanghai"
    assert row["days"] == 7


def test_bad_fields_are_shown_next_to_them_and_nothing_is_written(camp_db, tmp_path):
    before = camps_in(camp_db)

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_form(pilot)
            await type_name(pilot, "Broken")
            await fill(pilot, start="2026-02-30", timezone="Mars/Olympus")
            assert "'2026-02-30' is not a date" in error_of(app, "start")
            assert '"Mars/Olympus" is not an IANA time zone' in error_of(app, "timezone")
            assert error_of(app, "source") == "" and error_of(app, "name") == ""
            await pilot.press("ctrl+s")
            await checked(pilot)
            assert isinstance(app.screen, NewCampScreen)
            assert any("Not created" in toast for toast in toasts(app))
            assert app.screen.focused is app.screen.query_one("#nc-start", Input)

            await fill(
                pilot,
                start="2026-12-01",
                timezone="asia/shanghai",
                file=str(tmp_path / "missing.toml"),
            )
            assert "No file at" in error_of(app, "source")
            assert error_of(app, "start") == ""
            await fill(pilot, file="")
            assert 'did you mean "Asia/Shanghai"?' in error_of(app, "timezone")
            assert error_of(app, "source") == ""

            await fill(pilot, timezone="", days="0")
            assert "out of range" in error_of(app, "days")
            await pilot.click("#nc-create")
            await checked(pilot)
            assert isinstance(app.screen, NewCampScreen)

            # An empty name is reported once the operator tries to create.
            await fill(pilot, days="", name="")
            await pilot.press("ctrl+s")
            await checked(pilot)
            assert "Give the camp a name" in error_of(app, "name")
            assert isinstance(app.screen, NewCampScreen)

            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)

    run(scenario)
    assert camps_in(camp_db).keys() == before.keys()


def test_the_preview_lists_every_day_with_rest_days_marked(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await open_form(pilot)
            # ops-club rests at weekends: 10 days from Tuesday 1 December end on the 14th.
            await fill(pilot, template="ops-club", start="2026-12-01", days="10")
            table = app.screen.query_one("#nc-preview", DataTable)
            days = [str(value) for value in table.get_column("day")]
            dates = [str(value) for value in table.get_column("date")]
            week = ["1", "2", "3", "4", "rest", "rest", "5", "6", "7", "8", "9", "rest", "rest"]
            assert days == [*week, "10"]
            assert dates[0] == "2026-12-01" and dates[-1] == "2026-12-14"
            assert str(table.get_row_at(4)[2]) == "Sat"
            assert "rest day" in str(table.get_row_at(4)[4])
            assert "★" in str(table.get_row_at(0)[3])
            assert "signin" in str(table.get_row_at(0)[5])
            summary = str(app.screen.query_one("#nc-summary", Static).content)
            assert "2026-12-01 → 2026-12-14 · 10 days · 4 rest days" in summary
            assert "Difficulty ramp" in summary

            await fill(pilot, template="copywriting-cp", days="")
            assert table.row_count == 7

    run(scenario)


def test_check_new_camp_maps_each_problem_to_its_field(pinned_now):
    fields = NewCampFields("copywriting-cp", "", "", "someday", "Nowhere/City", "x")
    check = check_new_camp(fields, pinned_now)
    assert set(check.errors) == {"name", "start", "days"}
    assert not check.ok
    check = check_new_camp(
        NewCampFields("copywriting-cp", "", "Night", "2026-12-01", "Nowhere/City", "400"),
        pinned_now,
    )
    assert set(check.errors) == {"timezone", "days"}
    check = check_new_camp(
        NewCampFields("copywriting-cp", "", "Night", "today", "", ""), pinned_now
    )
    assert check.ok and check.start == pinned_now.date() and len(check.preview) == 7


def test_the_form_says_the_slug_the_camp_will_have_before_it_is_created(pinned_now):
    # "Winter CP 冬季" silently became copywriting-cp: the slug is in the preview now.
    for name, slug in (("Spring CP", "spring-cp"), ("Winter CP 冬季", "copywriting-cp")):
        check = check_new_camp(
            NewCampFields("copywriting-cp", "", name, "today", "", ""), pinned_now
        )
        assert check.ok and check.slug == slug


def archive_status(db_path: Path, slug: str) -> str:
    return camps_in(db_path)[slug]["status"]


def test_archive_and_restore_from_the_dashboard(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            table = app.screen.query_one("#camps", DataTable)
            table.move_cursor(row=table.get_row_index("cp"))
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")  # changed their mind
            await settle(pilot)
            assert archive_status(camp_db, "cp") == "active"

            await pilot.press("a")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert archive_status(camp_db, "cp") == "archived"
            assert any("Camp Copywriting CP week archived" in toast for toast in toasts(app))
            # Listed last, dimmed, still highlighted.
            slugs = [str(value) for value in table.get_column("slug")]
            assert slugs == ["reading", "cp"]
            assert str(table.get_row("cp")[2]) == "archived"
            assert table.get_row("cp")[0].style == "dim"
            assert app.screen.rows[table.cursor_row].slug == "cp"

            await pilot.press("a")
            await settle(pilot)
            assert "Restore the camp" in str(app.screen.query_one("#confirm-question").content)
            await pilot.press("y")
            await settle(pilot)
            assert archive_status(camp_db, "cp") == "active"
            assert str(table.get_row("cp")[2]) == "day 5/7"

    run(scenario)


def test_palette_offers_new_camp_and_archive(camp_db):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            commands = {c.title: c for c in app.get_system_commands(app.screen)}
            commands["New camp"].callback()
            await checked(pilot)
            assert isinstance(app.screen, NewCampScreen)
            # A second request while the form is open does not stack another form.
            commands["New camp"].callback()
            await settle(pilot)
            assert len([s for s in app.screen_stack if isinstance(s, NewCampScreen)]) == 1
            await pilot.press("escape")
            await settle(pilot)

            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"Archive camp Winter")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            assert "Winter reading" in str(app.screen.query_one("#confirm-question").content)
            await pilot.press("y")
            await settle(pilot)

    run(scenario)
    assert archive_status(camp_db, "reading") == "archived"


def test_the_empty_dashboard_tells_to_press_n(tmp_path, pinned_now):
    async def scenario():
        app = make_app(str(tmp_path / "empty.db"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("y")  # there is no database there yet: create it
            await settle(pilot)
            empty = app.screen.query_one("#dashboard-empty", Static)
            assert empty.display
            assert "Press n to create one" in str(empty.content)
            await pilot.press("a")  # nothing to archive: a warning, no dialog
            await settle(pilot)
            assert isinstance(app.screen, DashboardScreen)

    run(scenario)
