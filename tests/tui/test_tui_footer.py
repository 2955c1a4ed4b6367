"""The footer shows the keys that work now, and is rebuilt only when they change."""

from __future__ import annotations

from pilot_steps import SIZE, open_camp, run, settle
from textual.widgets._footer import FooterKey

from tui.app import make_app


def footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def test_the_footer_is_rebuilt_only_when_its_keys_change(camp_db):
    seen: dict[str, object] = {}

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            before = footer_keys(app)
            for _ in range(3):  # as focus changes and loading indicators refresh them
                app.screen.refresh_bindings()
            await pilot.pause()
            await pilot.pause()
            seen["same"] = footer_keys(app) == before and bool(before)
            seen["dashboard"] = {key.description for key in before}
            await open_camp(pilot, "cp")
            await settle(pilot)
            seen["camp"] = {key.description for key in footer_keys(app)}

    run(scenario)
    assert seen["same"] is True  # the very same widgets: nothing was rebuilt
    assert {"New camp", "Archive/restore", "Quit"} <= seen["dashboard"]
    assert "New camp" not in seen["camp"] and "Back" in seen["camp"]
