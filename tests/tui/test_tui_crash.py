"""An error nobody expected: a log file with its traceback, one screen that says what
to report, and a non-zero exit status (Textual alone exits 0 from `camp`)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pilot_steps import run
from textual.worker import WorkerFailed, WorkerState

from tui.app import make_app
from tui.dialogs.crash import CrashScreen, crash_log_folder


def _boom() -> None:
    raise RuntimeError("the loader fell over")


async def _until_crash_screen(pilot) -> bool:
    for _ in range(100):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, CrashScreen):
            return True
    return False


def _logs() -> list[Path]:
    return sorted(crash_log_folder().glob("tui-crash-*.log"))


def test_an_unexpected_error_shows_what_to_report_and_exits_with_status_1(camp_db):
    app = make_app(str(camp_db))
    seen: dict = {}

    async def scenario():
        # (What is seen is asserted after the run: Textual raises the app's error as
        # the test leaves run_test, which would hide a failed assertion made inside.)
        async with app.run_test() as pilot:
            await pilot.pause()
            app.screen.call_later(_boom)  # an error of the screen's, as most are
            seen["crash screen"] = await _until_crash_screen(pilot)
            seen["logs"] = _logs()
            seen["shown"] = " ".join(str(w.render()) for w in app.screen.query("Static"))
            await pilot.press("enter")
            for _ in range(50):
                await pilot.pause(0.02)
                if not app.is_running:
                    break
            seen["running after enter"] = app.is_running

    with pytest.raises(RuntimeError, match="the loader fell over"):
        run(scenario)
    assert seen["crash screen"]
    assert len(seen["logs"]) == 1
    written = seen["logs"][0].read_text(encoding="utf-8")
    assert "RuntimeError: the loader fell over" in written
    assert "_boom" in written  # the traceback itself, not only the sentence
    assert "RuntimeError: the loader fell over" in seen["shown"]
    assert str(seen["logs"][0]) in seen["shown"]
    assert seen["running after enter"] is False
    assert app.return_code == 1


def test_a_failing_worker_is_said_by_its_own_error_and_a_second_error_still_exits(camp_db):
    app = make_app(str(camp_db))
    seen: dict = {}

    async def scenario():
        async with app.run_test() as pilot:
            await pilot.pause()
            app.run_worker(_boom, thread=True)
            seen["crash screen"] = await _until_crash_screen(pilot)
            seen["shown"] = " ".join(str(w.render()) for w in app.screen.query("Static"))
            # Another error meanwhile: this one ends the app as Textual does.
            second = app.run_worker(_boom, thread=True)
            for _ in range(100):
                await pilot.pause(0.02)
                if second.is_finished and not app.is_running:
                    break
            seen["second"] = second.state

    with pytest.raises(WorkerFailed):
        run(scenario)
    assert seen["crash screen"]
    # The worker's own error, not Textual's wrapper around it.
    assert "RuntimeError: the loader fell over" in seen["shown"]
    assert "WorkerFailed" not in seen["shown"]
    assert seen["second"] == WorkerState.ERROR
    assert app.return_code == 1
    assert len(_logs()) == 2


LAUNCH = textwrap.dedent(
    """
    import sys
    from textual.app import App
    import tui.app

    async def crash_then_close(pilot):
        await pilot.pause()
        def boom():
            raise ZeroDivisionError("a figure nobody checked")
        # A screen's error shows the crash screen; one of the app's own loop stops it.
        where = pilot.app.screen if sys.argv[1] == "screen" else pilot.app
        where.call_later(boom)
        for _ in range(100):
            await pilot.pause(0.02)
            if type(pilot.app.screen).__name__ == "CrashScreen":
                await pilot.press("enter")
                break

    tui.app.CampApp.run = lambda self: App.run(self, headless=True, auto_pilot=crash_then_close)
    sys.stdout.isatty = lambda: True  # `camp` alone opens the UI only on a terminal
    from camp.cli import main
    main([])
    """
)


@pytest.mark.parametrize("where", ["screen", "app"])
def test_camp_exits_non_zero_after_an_unexpected_error_in_the_ui(camp_db, where):
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH, where],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CAMP_DB": str(camp_db)},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 1, result.stderr[-2000:]
    (log,) = _logs()
    assert "ZeroDivisionError: a figure nobody checked" in log.read_text(encoding="utf-8")
    # The terminal says where the log is, the last thing it shows (after Textual's own
    # traceback when no screen could say it).
    last = " ".join(result.stderr.split()[-20:])
    assert f"the details are in {log}" in last


def test_the_palette_over_a_form_offers_no_screen_to_open_under_it(camp_db):
    # `n`, then "Open camp" from the palette, then "New camp": a second form was
    # pushed under the first and the app crashed on its duplicate id.
    app = make_app(str(camp_db))
    seen: dict = {}

    async def scenario():
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            seen["over the form"] = [c.title for c in app.get_system_commands(app.screen)]
            seen["on the dashboard"] = [
                c.title for c in app.get_system_commands(app.screen_stack[0])
            ]

    run(scenario)
    assert not any(t.startswith(("Open camp", "New camp")) for t in seen["over the form"])
    assert "Quit" in seen["over the form"]
    assert "New camp" in seen["on the dashboard"]
    assert any(t.startswith("Open camp") for t in seen["on the dashboard"])


def test_page_keys_in_an_option_list_not_drawn_yet_do_nothing():
    # ctrl+p then at once PageUp crashed the app (KeyError in Textual's option list).
    from textual.app import App
    from textual.widgets import OptionList

    class Lists(App[None]):
        def compose(self):
            yield OptionList(*[f"option {i}" for i in range(30)])

        def on_mount(self) -> None:
            options = self.query_one(OptionList)
            options.highlighted = 0
            options.action_page_down()  # before the list was laid out
            options.action_page_up()

    app = Lists()
    seen: dict = {}

    async def scenario():
        async with app.run_test() as pilot:
            await pilot.pause()
            options = app.query_one(OptionList)
            options.action_page_down()  # once drawn, the keys page as they should
            seen["after page down"] = options.highlighted

    run(scenario)
    assert seen["after page down"] not in (None, 0)


def test_a_named_database_that_does_not_exist_is_asked_about_before_it_is_created(
    tmp_path, monkeypatch
):
    # A mistyped CAMP_DB silently became a new, empty database.
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.no_database import NoDatabaseScreen

    typo = tmp_path / "cmap.db"
    monkeypatch.setenv("CAMP_DB", str(typo))
    seen: dict = {}

    async def quit_here():
        app = make_app()
        async with app.run_test() as pilot:
            await pilot.pause()
            seen["asked"] = isinstance(app.screen, NoDatabaseScreen)
            await pilot.press("n")
            await pilot.pause()
        seen["quit code"] = app.return_code

    run(quit_here)
    assert seen["asked"]
    assert seen["quit code"] == 1
    assert not typo.exists()

    async def create():
        app = make_app()
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.press("y")
            for _ in range(50):
                await pilot.pause(0.02)
                if typo.exists():
                    break
            seen["dashboard"] = isinstance(app.screen, DashboardScreen)

    run(create)
    assert seen["dashboard"]
    assert typo.exists()


def test_the_default_database_is_created_on_the_first_run_without_asking(tmp_path, monkeypatch):
    from tui.screens.dashboard import DashboardScreen

    monkeypatch.delenv("CAMP_DB", raising=False)
    seen: dict = {}

    async def first_run():
        app = make_app()
        async with app.run_test() as pilot:
            await pilot.pause()
            seen["dashboard"] = isinstance(app.screen, DashboardScreen)

    run(first_run)
    assert seen["dashboard"]
