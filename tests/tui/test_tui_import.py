"""The Import tab driven with Pilot on the CP camp; what it wrote is checked in the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pilot_steps import SIZE, open_camp, run, settle, toasts
from textual.widgets import Button, Checkbox, Input, ProgressBar, Select, Static

from camp.db import open_db
from camp.services import imports as imports_service
from camp.services.imports import ImportReport
from tui.app import CampApp, make_app
from tui.tabs import imports as imports_widget
from tui.tabs.imports import (
    ExportPickerScreen,
    ExportTree,
    ImportView,
    format_import_report,
    import_summary,
    split_keywords,
)

QQ_EXPORT = Path(__file__).parents[1] / "data" / "tui_import" / "qq_cp.txt"
#: Check-ins the fixture camp holds before any import (days 1-4 and today).
CHECKINS_BEFORE = 22


@pytest.fixture(autouse=True)
def working_dir(tmp_path: Path, monkeypatch) -> Path:
    """The file picker starts in a folder of the test's own, holding a copy of the export."""
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(QQ_EXPORT, folder / QQ_EXPORT.name)
    monkeypatch.chdir(folder)
    return folder


def checkin_rows(db_path: Path) -> list[tuple]:
    """(member, day, status, source) of every check-in of the CP camp, in order."""
    db = open_db(db_path)
    try:
        return db.execute(
            "SELECT m.name, c.day, c.status, c.source FROM checkins c "
            "JOIN members m ON m.id = c.member_id JOIN camps k ON k.id = c.camp_id "
            "WHERE k.slug = 'cp' ORDER BY c.id"
        ).fetchall()
    finally:
        db.close()


async def open_import_tab(pilot) -> ImportView:
    await open_camp(pilot, "cp", "7")
    return pilot.app.screen.query_one(ImportView)


async def dry_run(pilot, path: Path | str) -> None:
    pilot.app.screen.query_one("#import-path", Input).value = str(path)
    pilot.app.screen.query_one("#import-browse").focus()
    await pilot.press("d")
    await settle(pilot)


def shown(app: CampApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def test_report_formatting_lists_senders_and_lines():
    report = ImportReport("chat.txt", "qq", dry_run=True, messages=3, checkins=2)
    report.judged.update({"on_time": 1, "late": 1})
    report.unknown_senders["路人甲"] = 2
    report.unknown_first_line["路人甲"] = 14
    report.add_problem(30, "bad time")

    text = format_import_report(report)

    assert text.startswith("Dry run: nothing was written.\nchat.txt (qq)")
    assert "  路人甲 — 2 messages, first at line 14" in text
    assert "  line 30: bad time" in text
    assert import_summary(report) == (
        "2 new check-ins would be recorded (2 counted), 0 messages already imported, "
        "1 unknown sender, 1 unreadable line."
    )
    assert split_keywords(" #签到， #daka ,, ") == ("#签到", "#daka")


def test_dry_run_reports_and_writes_nothing_then_import_writes_once(camp_db, working_dir):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            view = await open_import_tab(pilot)
            assert app.screen.query_one("#import-tz", Input).value == "Asia/Shanghai"
            assert app.screen.query_one("#import-run", Button).disabled

            # i before any dry run only explains what to do.
            await pilot.press("i")
            await settle(pilot)
            assert any("Run a dry run (d)" in toast for toast in toasts(app))
            assert len(checkin_rows(camp_db)) == CHECKINS_BEFORE

            await dry_run(pilot, QQ_EXPORT.name)
            report = shown(app, "#import-report")
            assert report.startswith("Dry run: nothing was written.")
            for line in (
                "messages read        7",
                "from members         6",
                "new check-ins        5",
                "on time            3",
                "late               1",
                "duplicate          1",
                "路人甲 — 1 message, first at line 24",
                "line 30: Message header has an impossible date or time",
            ):
                assert line in report
            assert "Press i to import it." in shown(app, "#import-status")
            assert len(checkin_rows(camp_db)) == CHECKINS_BEFORE
            assert not app.screen.query_one("#import-run", Button).disabled
            assert app.focused is app.screen.query_one("#import-run", Button)

            # Another keyword is another dry run's business.
            app.screen.query_one("#import-keywords", Input).value = "#daka"
            await pilot.pause()
            assert app.screen.query_one("#import-run", Button).disabled
            app.screen.query_one("#import-keywords", Input).value = ""
            await pilot.pause()
            assert not app.screen.query_one("#import-run", Button).disabled

            app.screen.query_one("#import-browse").focus()
            await pilot.press("i")
            await settle(pilot)
            rows = checkin_rows(camp_db)
            assert rows[CHECKINS_BEFORE:] == [
                ("小红", 3, "on_time", "import:qq"),
                ("Alice", 4, "on_time", "import:qq"),
                ("小红", 4, "late", "import:qq"),
                ("Alice", 5, "on_time", "import:qq"),
                ("Bob", 5, "duplicate", "import:qq"),
            ]
            assert shown(app, "#import-report").startswith("Imported.\n")
            assert any("5 new check-ins recorded (4 counted)" in t for t in toasts(app))
            # One import per dry run.
            assert app.screen.query_one("#import-run", Button).disabled
            assert view._checked is None

            # The same export again: everything is already there.
            await dry_run(pilot, QQ_EXPORT.name)
            report = shown(app, "#import-report")
            assert "already imported     6" in report
            assert "new check-ins        0" in report
            app.screen.query_one("#import-browse").focus()
            await pilot.press("i")
            await settle(pilot)
            assert "already imported     6" in shown(app, "#import-report")
            assert len(checkin_rows(camp_db)) == CHECKINS_BEFORE + 5

    run(scenario)


def test_the_picker_browses_to_the_file_and_fills_the_path(camp_db, working_dir):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_import_tab(pilot)
            await pilot.press("enter")  # on the focused "Browse…" button
            # The picker's tree keeps a loader worker running: wait for its rows instead.
            for _ in range(50):
                await pilot.pause(0.02)
                if isinstance(app.screen, ExportPickerScreen):
                    tree = app.screen.query_one(ExportTree)
                    if tree.root.children:
                        break
            assert [str(node.label) for node in tree.root.children] == [QQ_EXPORT.name]
            await pilot.press("down", "enter")
            await settle(pilot)
            assert not isinstance(app.screen, ExportPickerScreen)
            path = app.screen.query_one("#import-path", Input).value
            assert Path(path) == working_dir.resolve() / QQ_EXPORT.name
            await pilot.press("enter")  # on the focused "Dry run" button
            await settle(pilot)
            assert shown(app, "#import-report").startswith("Dry run: nothing was written.")

            # Backspace goes up a folder; Escape closes the picker and keeps the path.
            await pilot.press("b")
            await pilot.pause(0.1)
            assert isinstance(app.screen, ExportPickerScreen)
            await pilot.press("backspace")
            await pilot.pause(0.1)
            assert Path(app.screen.query_one(ExportTree).path) == working_dir.resolve().parent
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen.query_one("#import-path", Input).value == path

    run(scenario)


def test_add_unknown_senders_adds_them_on_import(camp_db, working_dir):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_import_tab(pilot)
            app.screen.query_one("#import-add-unknown", Checkbox).value = True
            await dry_run(pilot, QQ_EXPORT.name)
            assert "Would add 1 member:\n  路人甲" in shown(app, "#import-report")
            app.screen.query_one("#import-browse").focus()
            await pilot.press("i")
            await settle(pilot)
            assert "Added 1 member:\n  路人甲" in shown(app, "#import-report")
            assert ("路人甲", 5, "on_time", "import:qq") in checkin_rows(camp_db)

    run(scenario)


def write_gbk(folder: Path) -> None:
    (folder / "gbk.txt").write_bytes(QQ_EXPORT.read_text(encoding="utf-8").encode("gbk"))


def write_notes(folder: Path) -> None:
    (folder / "notes.txt").write_text("hello\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "fmt", "make_file", "sentence"),
    [
        ("", "auto", None, "Give the path of a chat export: type it, or press b"),
        ("nope.txt", "auto", None, "No file nope.txt; check the path of the chat export."),
        ("notes.txt", "auto", write_notes, "notes.txt: cannot tell which chat export this is"),
        ("gbk.txt", "qq", write_gbk, "gbk.txt is not UTF-8 text"),
    ],
    ids=["no-path", "missing", "unknown-format", "gbk"],
)
def test_bad_exports_are_refused_in_one_sentence(
    camp_db, working_dir, name, fmt, make_file, sentence
):
    if make_file is not None:
        make_file(working_dir)

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_import_tab(pilot)
            app.screen.query_one("#import-format", Select).value = fmt
            await dry_run(pilot, name)
            status = shown(app, "#import-status")
            assert sentence in status
            assert "Batches before" not in status
            assert shown(app, "#import-report") == ""
            assert any(sentence in toast for toast in toasts(app))
            assert app.screen.query_one("#import-run", Button).disabled
            assert len(checkin_rows(camp_db)) == CHECKINS_BEFORE

    run(scenario)


def test_an_unknown_timezone_is_refused(camp_db, working_dir):
    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_import_tab(pilot)
            app.screen.query_one("#import-tz", Input).value = "Mars/Olympus"
            await dry_run(pilot, QQ_EXPORT.name)
            assert shown(app, "#import-status").startswith("Unknown timezone 'Mars/Olympus'")

    run(scenario)


def test_a_file_changed_since_its_dry_run_needs_another(camp_db, working_dir):
    export = working_dir / QQ_EXPORT.name

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_import_tab(pilot)
            await dry_run(pilot, export.name)
            with export.open("a", encoding="utf-8") as f:
                f.write("\n2026-11-23 20:55:00 Daniel(20004)\n#打卡 新的一条\n")
            app.screen.query_one("#import-browse").focus()
            await pilot.press("i")
            await settle(pilot)
            assert shown(app, "#import-status") == (
                f"{export.name} changed since its dry run; run the dry run (d) again."
            )
            assert len(checkin_rows(camp_db)) == CHECKINS_BEFORE

    run(scenario)


def big_export(folder: Path, messages: int) -> Path:
    """A QQ export of ``messages`` chat lines by Daniel (no keyword: nothing to count)."""
    path = folder / "big.txt"
    with path.open("w", encoding="utf-8") as f:
        for i in range(messages):
            f.write(f"2026-11-22 {10 + i // 3600 % 10}:{i // 60 % 60:02d}:{i % 60:02d} ")
            f.write(f"Daniel(20004)\nmessage {i}\n\n")
    return path


def test_the_progress_bar_reaches_the_end_of_a_large_export(camp_db, working_dir):
    path = big_export(working_dir, 12_000)

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_import_tab(pilot)
            await dry_run(pilot, path.name)
            bar = app.screen.query_one("#import-progress", ProgressBar)
            assert bar.display
            assert bar.total is not None and bar.total >= 36_000
            assert bar.progress == bar.total
            assert "messages read        12000" in shown(app, "#import-report")
            assert len(checkin_rows(camp_db)) == CHECKINS_BEFORE

    run(scenario)


def test_cancel_stops_between_batches_and_keeps_the_batches_written(
    camp_db, working_dir, monkeypatch
):
    # Two messages a batch: the first batch holds 小红's day 3 and Alice's day 4.
    monkeypatch.setattr(imports_service, "BATCH", 2)
    real_import = imports_widget.import_export

    async def scenario():
        app = make_app(str(camp_db))

        def cancel_after_first_batch(*args, progress, **kwargs):
            def progress_then_cancel(done: int, total: int) -> None:
                app.call_from_thread(app.screen.query_one(ImportView).action_cancel)
                progress(done, total)

            return real_import(*args, progress=progress_then_cancel, **kwargs)

        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_import_tab(pilot)
            await dry_run(pilot, QQ_EXPORT.name)
            monkeypatch.setattr(imports_widget, "import_export", cancel_after_first_batch)
            app.screen.query_one("#import-browse").focus()
            await pilot.press("i")
            await settle(pilot)
            status = shown(app, "#import-status")
            assert status.startswith("Import stopped at line ")
            assert "the batches read so far are saved" in status
            assert any("Import stopped" in toast for toast in toasts(app))
            assert checkin_rows(camp_db)[CHECKINS_BEFORE:] == [
                ("小红", 3, "on_time", "import:qq"),
                ("Alice", 4, "on_time", "import:qq"),
            ]
            assert not app.screen.query_one("#import-dry-run", Button).disabled
            assert app.screen.query_one("#import-cancel", Button).disabled

            # Importing again goes on where the stopped import left off.
            monkeypatch.setattr(imports_widget, "import_export", real_import)
            await dry_run(pilot, QQ_EXPORT.name)
            assert "already imported     2" in shown(app, "#import-report")
            app.screen.query_one("#import-browse").focus()
            await pilot.press("i")
            await settle(pilot)
            assert len(checkin_rows(camp_db)) == CHECKINS_BEFORE + 5

    run(scenario)


def test_the_date_order_settles_a_file_that_cannot_tell(camp_db, working_dir):
    # 1-4 December in a short WhatsApp export: day-first or month-first alike.
    chat = working_dir / "chat.txt"
    chat.write_text(
        "".join(f"0{day}/12/26, 20:1{day} - Alice: hello {day}\n" for day in range(1, 5)),
        encoding="utf-8",
    )

    async def scenario():
        app = make_app(str(camp_db))
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await open_import_tab(pilot)
            await dry_run(pilot, chat.name)
            assert "--date-order" in shown(app, "#import-status")
            app.screen.query_one("#import-date-order", Select).value = "dmy"
            await dry_run(pilot, chat.name)
            report = shown(app, "#import-report")
            assert "dates day/month/year (--date-order dmy)" in report
            assert "messages read        4" in report

    run(scenario)
