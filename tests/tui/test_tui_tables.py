"""The tabs' table draws every cell as wide as its column, however its paints and its
measuring interleave (Textual's own DataTable can keep cells cut to their heading)."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from tui.tables import Table

NAMES = ("Alice Longname", "Bob", "Chen Jing")


class _TableApp(App):
    def compose(self) -> ComposeResult:
        yield Table()


def _refill(table: Table) -> None:
    """What the check-ins grid does on a new day: new columns, then the rows."""
    table.clear(columns=True)
    table.add_column("Name", key="name")
    table.add_column("Pts", key="points")
    for name in NAMES:
        table.add_row(name, 5, key=name)


def _lines(table: Table) -> list[str]:
    return ["".join(segment.text for segment in table.render_line(y)) for y in range(4)]


def test_a_table_refilled_and_painted_before_it_measures_shows_whole_names():
    seen: dict[str, list[str]] = {}

    async def scenario() -> None:
        app = _TableApp()
        async with app.run_test(size=(60, 10)) as pilot:
            table = app.query_one(Table)
            _refill(table)
            await pilot.pause(0.1)
            seen["first"] = _lines(table)
            _refill(table)
            # A paint between the rows arriving and the table's idle measuring: the
            # columns are then only as wide as their headings.
            _lines(table)
            await pilot.pause(0.1)
            seen["refilled"] = _lines(table)

    asyncio.run(scenario())
    for when in ("first", "refilled"):
        header, *rows = seen[when]
        assert header.split() == ["Name", "Pts"], when
        assert [row[: len("Alice Longname") + 1].strip() for row in rows] == list(NAMES), when


def test_a_cell_that_grows_widens_its_column_on_screen():
    seen: dict[str, list[str]] = {}

    async def scenario() -> None:
        app = _TableApp()
        async with app.run_test(size=(60, 10)) as pilot:
            table = app.query_one(Table)
            _refill(table)
            await pilot.pause(0.1)
            table.update_cell("Bob", "name", "Bob Maximilian Longer", update_width=True)
            _lines(table)
            await pilot.pause(0.1)
            seen["lines"] = _lines(table)

    asyncio.run(scenario())
    assert "Bob Maximilian Longer" in seen["lines"][2]
    assert seen["lines"][1].startswith(" Alice Longname ")
