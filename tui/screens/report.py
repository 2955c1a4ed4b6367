"""The camp report (``camp report``) with its completion-rate chart drawn in the terminal."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from camp import clock
from camp.exporters.report_md import percent
from camp.report import ACTIVE_WINDOW_DAYS, CampReport
from camp.services.report import camp_report
from camp.textwidth import display_width, pad
from tui.dialogs.export import ExportChoice, ExportScreen, notify_export, write_export
from tui.messages import ExportFailed, LeaderboardExported, LoadFailed
from tui.typed_app import camp_app
from tui.widgets.footer import Footer
from tui.workers import ShowsSlowLoads, read_and_post

__all__ = ["BAR_WIDTH", "ReportScreen", "completion_chart", "streak_chart"]

#: Cells of a full (100%) bar.
BAR_WIDTH = 40


def _bar(share: float, width: int, style: str) -> Text:
    filled = min(max(int(share * width + 0.5), 0), width)
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def _rate_style(rate: float) -> str:
    if rate >= 0.8:
        return "green"
    if rate >= 0.5:
        return "yellow"
    return "red"


def completion_chart(report: CampReport, width: int = BAR_WIDTH) -> Text:
    """One bar per day: ``Day  1  11-19  ████░░  100%  6/6``, coloured by the rate."""
    if not report.completion:
        return Text("No day has started yet.", style="dim")
    label_width = len(str(report.completion[-1]["day"]))
    lines = []
    for c in report.completion:
        lines.append(
            Text.assemble(
                f"Day {c['day']:>{label_width}}  {c['date'][5:]}  ",
                _bar(c["rate"], width, _rate_style(c["rate"])),
                (f"  {percent(c['rate']):>4}", "bold"),
                f"  {c['counted']}/{c['members']}",
            )
        )
    return Text("\n").join(lines)


def streak_chart(report: CampReport, width: int = BAR_WIDTH // 2) -> Text:
    """Members by their best streak: one bar per streak length."""
    if not report.streak_distribution:
        return Text("No members yet.", style="dim")
    most = max(report.streak_distribution.values())
    label_width = len(str(max(report.streak_distribution)))
    lines = [
        Text.assemble(
            f"{length:>{label_width}} days  ",
            _bar(count / most if most else 0.0, width, "magenta"),
            f"  {count}",
        )
        for length, count in report.streak_distribution.items()
    ]
    return Text("\n").join(lines)


def _overview(report: CampReport) -> Text:
    members = report.members
    rows = [
        (
            "Members",
            f"{members['total']:,} ({members['active']:,} active, {members['warned']:,} warned, "
            f"{members['removed']:,} removed)",
        ),
        (f"Active in the last {ACTIVE_WINDOW_DAYS} days", percent(report.active_share)),
        ("On time (of counted check-ins)", percent(report.on_time_rate)),
        ("Makeups used", f"{report.makeups_used:,}"),
    ]
    if report.conversion is not None:
        conversion = report.conversion
        rows.append(
            (
                "Converted",
                f"{conversion['converted']:,} of {conversion['members']:,} "
                f"({percent(conversion['rate'])})",
            )
        )
    width = max(len(label) for label, _ in rows)
    return Text("\n").join(
        Text.assemble((pad(label, width), "dim"), "  ", (value, "bold")) for label, value in rows
    )


def _guidance(report: CampReport) -> Text:
    lines = []
    for g in report.guidance:
        mark = ("✓ ", "green") if g["status"] == "ok" else ("! ", "bold yellow")
        name = g["platform"].upper() if g["platform"] != "wechat" else "WeChat"
        own = " (this camp)" if g["own"] else ""
        lines.append(
            Text.assemble(
                mark,
                (f"{name}{own}", "bold" if g["own"] else ""),
                f" · {g['rule']}: ",
                g["message"],
            )
        )
    return Text("\n").join(lines)


def _top(report: CampReport) -> Text:
    if not report.top:
        return Text("Nobody has scored yet.", style="dim")
    width = max(display_width(t["name"]) for t in report.top)
    return Text("\n").join(
        Text.assemble(
            f"{t['rank']:>3}. ",
            (pad(t["name"], width), "bold" if t["rank"] == 1 else ""),
            f"  {t['points']:>6}",
        )
        for t in report.top
    )


class ReportScreen(ShowsSlowLoads, Screen):
    """The report of camp ``slug`` as of the end of ``day`` (``None``: the current day)."""

    class Loaded(Message):
        """The camp report (``camp report``) was computed."""

        def __init__(self, report: CampReport) -> None:
            super().__init__()
            self.report = report

    LOAD_GROUPS = frozenset({"report"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("r", "refresh", "Refresh"),
        Binding("e", "export", "Export report"),
    ]

    def __init__(self, slug: str, day: int | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.day = day
        self.report: CampReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="report-body"):
            yield Static("Loading the report …", id="report-when")
            yield Static("Overview", classes="section-title")
            yield Static(id="report-overview")
            yield Static("Group health", classes="section-title")
            yield Static(id="report-guidance")
            yield Static("Completion per day", classes="section-title")
            yield Static(id="report-chart")
            yield Static("Best streaks", classes="section-title")
            yield Static(id="report-streaks")
            yield Static("Top 10", classes="section-title")
            yield Static(id="report-top")
            yield Static(id="report-lists")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.slug} · report"
        self.load_report()

    @work(thread=True, exclusive=True, group="report")
    def load_report(self) -> None:
        read_and_post(
            self,
            lambda db: camp_report(db, self.slug, now=clock.now(), day=self.day),
            self.Loaded,
        )

    def on_report_screen_loaded(self, message: ReportScreen.Loaded) -> None:
        report = self.report = message.report
        camp = report.camp
        self.sub_title = f"{camp['name']} · report"
        when = (
            f"As of the end of day {camp['as_of_day']} of {camp['days']}"
            if camp["as_of_day"] >= 1
            else "Before day 1"
        )
        # "other" says nothing; a named platform tells which size guidance applies.
        platform = f" · {camp['platform']} group" if camp["platform"] != "other" else ""
        self.query_one("#report-when", Static).update(
            f"{when} · {camp['start']} to {camp['end']}{platform}"
        )
        self.query_one("#report-overview", Static).update(_overview(report))
        self.query_one("#report-guidance", Static).update(_guidance(report))
        self.query_one("#report-chart", Static).update(completion_chart(report))
        self.query_one("#report-streaks", Static).update(streak_chart(report))
        self.query_one("#report-top", Static).update(_top(report))
        self.query_one("#report-lists", Static).update(
            Text.assemble(
                ("Warned: ", "bold"),
                ", ".join(report.warned) or "none",
                "\n",
                ("Removed: ", "bold"),
                ", ".join(report.removed) or "none",
            )
        )

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.notify(
            message.reason, title="Could not read the report", severity="error", markup=False
        )

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.load_report()

    def action_export(self) -> None:
        as_of = self.report.camp["as_of_day"] if self.report else 0

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self._export(choice)

        self.app.push_screen(
            ExportScreen(self.slug, day=self.day, as_of_day=as_of, initial="report-md"), chosen
        )

    @work(thread=True, group="report-export")
    def _export(self, choice: ExportChoice) -> None:
        self.post_message(write_export(camp_app(self).database, choice, clock.now()))

    @on(LeaderboardExported)
    @on(ExportFailed)
    def _exported(self, message: LeaderboardExported | ExportFailed) -> None:
        message.stop()
        notify_export(self.app, message)
