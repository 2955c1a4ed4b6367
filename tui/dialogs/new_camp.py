"""The new-camp form: a template or a TOML file, name, start, timezone and days, with a
live preview of the plan; problems are shown next to the field they belong to."""

from __future__ import annotations

import zoneinfo
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from camp import clock
from camp.definition import TemplateInfo, builtin_templates
from camp.errors import CampError
from camp.services.camps import create_camp
from tui.dialogs.base import Dialog
from tui.dialogs.new_camp_data import FIELDS, NewCampCheck, NewCampFields, check_new_camp
from tui.messages import ChangeRefused
from tui.tables import Table
from tui.typed_app import camp_app
from tui.widgets.footer import Footer

__all__ = ["NewCampScreen", "show_new_camp_form"]

#: Seconds of quiet typing before the form is checked and the preview drawn again.
CHECK_DELAY = 0.3

PREVIEW_COLUMNS = (
    ("Day", "day"),
    ("Date", "date"),
    ("", "weekday"),
    ("Level", "difficulty"),
    ("Task", "task"),
    ("Windows", "windows"),
)


def show_new_camp_form(app: App) -> None:
    """Open the new-camp form (once: a second request while it is open does nothing)."""
    if not isinstance(app.screen, NewCampScreen):
        app.push_screen(NewCampScreen())


class NewCampScreen(Dialog[str | None]):
    """Creates a camp; dismissed with its slug (the camp is then opened), or None."""

    class Created(Message):
        """A camp was created from the new-camp form."""

        def __init__(self, slug: str, name: str) -> None:
            super().__init__()
            self.slug = slug
            self.name = name

    class Checked(Message):
        """The new-camp form was checked; ``submitted`` when the operator asked to create it."""

        def __init__(self, check: NewCampCheck, *, submitted: bool = False) -> None:
            super().__init__()
            self.check = check
            self.submitted = submitted

    class TemplatesLoaded(Message):
        """The built-in camp templates were read for the new-camp form."""

        def __init__(self, templates: list[TemplateInfo], zones: list[str]) -> None:
            super().__init__()
            self.templates = templates
            self.zones = zones

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Create"),
    ]

    def __init__(self) -> None:
        super().__init__(id="new-camp")
        self._check: NewCampCheck | None = None
        self._timer: Timer | None = None
        #: The name's "give a name" problem waits until it was typed in or create was asked.
        self._name_touched = False
        self._creating = False

    def compose(self) -> ComposeResult:
        # Most of the screen: the fields on the left, the plan's preview on the right.
        with self.box(size="tall", id="new-camp-box"):
            yield Static("New camp", id="new-camp-title", classes="section-title")
            with Horizontal(id="new-camp-body"):
                with VerticalScroll(id="new-camp-fields"):
                    yield Label("Template")
                    yield Select[str]([], id="nc-template", prompt="Built-in template")
                    yield Label("…or a TOML file of your own")
                    yield Input(id="nc-file", placeholder="path/to/camp.toml")
                    yield Static(id="nc-source-error", classes="field-error", markup=False)
                    yield Label("Name")
                    yield Input(id="nc-name", placeholder="Winter sprint, 冬季文案营 …")
                    yield Static(id="nc-name-error", classes="field-error", markup=False)
                    yield Label("Start")
                    yield Input(
                        "tomorrow", id="nc-start", placeholder="YYYY-MM-DD, today or tomorrow"
                    )
                    yield Static(id="nc-start-error", classes="field-error", markup=False)
                    yield Label("Timezone")
                    yield Input(id="nc-timezone", placeholder="the template's")
                    yield Static(id="nc-timezone-error", classes="field-error", markup=False)
                    yield Label("Days")
                    yield Input(id="nc-days", type="integer", placeholder="the template's")
                    yield Static(id="nc-days-error", classes="field-error", markup=False)
                    with Horizontal(id="nc-buttons"):
                        yield Button("Create", id="nc-create", variant="primary")
                        yield Button("Cancel", id="nc-cancel")
                with Vertical(id="new-camp-preview-pane"):
                    yield Static(id="nc-summary")
                    yield Table(id="nc-preview", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#nc-preview", DataTable)
        for label, key in PREVIEW_COLUMNS:
            table.add_column(label, key=key)
        for name in FIELDS:
            self.query_one(f"#nc-{name}-error", Static).display = False
        self.query_one("#nc-summary", Static).update("Reading the templates …")
        self.query_one("#nc-name", Input).focus()
        self.load_templates()

    # ---------------------------------------------------------------- templates

    @work(thread=True, exclusive=True, group="new-camp-templates")
    def load_templates(self) -> None:
        """Read the built-in templates and the timezone names (in a worker)."""
        try:
            templates = builtin_templates()
        except CampError as exc:
            # A broken installation: the file field still works.
            self.post_message(ChangeRefused("Could not read the built-in templates", str(exc)))
            templates = []
        self.post_message(
            NewCampScreen.TemplatesLoaded(templates, sorted(zoneinfo.available_timezones()))
        )

    def on_new_camp_screen_templates_loaded(self, message: NewCampScreen.TemplatesLoaded) -> None:
        select = self.query_one("#nc-template", Select)
        select.set_options((f"{t.id} · {t.days} days", t.id) for t in message.templates)
        if message.templates:
            select.value = message.templates[0].id
        self.query_one("#nc-timezone", Input).suggester = SuggestFromList(
            message.zones, case_sensitive=False
        )
        self._check_soon()

    # ---------------------------------------------------------------- checking

    def _fields(self) -> NewCampFields:
        template = self.query_one("#nc-template", Select).value
        return NewCampFields(
            template=template if isinstance(template, str) else "",
            file=self.query_one("#nc-file", Input).value,
            name=self.query_one("#nc-name", Input).value,
            start=self.query_one("#nc-start", Input).value,
            timezone=self.query_one("#nc-timezone", Input).value,
            days=self.query_one("#nc-days", Input).value,
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        if event.control.id == "nc-name":
            self._name_touched = True
        self._check_soon()

    def _check_soon(self) -> None:
        """Check the form once typing pauses (a check reads files: never per keystroke)."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(CHECK_DELAY, self._check_now)

    def _check_now(self) -> None:
        self._timer = None
        self.check_form(self._fields())

    @work(thread=True, exclusive=True, group="new-camp-check")
    def check_form(self, fields: NewCampFields) -> None:
        """Check every field and plan the days (in a worker: it reads the definition)."""
        self.post_message(NewCampScreen.Checked(check_new_camp(fields, clock.now())))

    def on_new_camp_screen_checked(self, message: NewCampScreen.Checked) -> None:
        check = message.check
        if message.submitted:
            self._creating = False
            self._name_touched = True
        elif check.fields != self._fields():
            return  # typed on since: a newer check is on its way
        self._check = check
        self._show_errors(check)
        self._show_preview(check)
        if message.submitted:
            self._refuse(check)

    def _show_errors(self, check: NewCampCheck) -> None:
        for name in FIELDS:
            problem = check.errors.get(name, "")
            if name == "name" and not self._name_touched:
                problem = ""
            error = self.query_one(f"#nc-{name}-error", Static)
            error.update(problem)
            error.display = bool(problem)
        whose = "file's" if check.fields.file.strip() else "template's"
        timezone = self.query_one("#nc-timezone", Input)
        days = self.query_one("#nc-days", Input)
        timezone.placeholder = (
            f"{check.default_timezone} (the {whose})"
            if check.default_timezone
            else "the template's"
        )
        days.placeholder = (
            f"{check.default_days} (the {whose})" if check.default_days else "the template's"
        )

    def _show_preview(self, check: NewCampCheck) -> None:
        summary = self.query_one("#nc-summary", Static)
        table = self.query_one("#nc-preview", DataTable)
        table.clear()
        definition = check.definition
        if not check.preview or definition is None:
            summary.update(
                Text("No plan to preview until the fields marked in red are fixed.", style="dim")
            )
            return
        active = sum(1 for day in check.preview if day.number is not None)
        rest = len(check.preview) - active
        first, last = check.preview[0].date, check.preview[-1].date
        lines = Text()
        lines.append(check.name or definition.name, style="bold")
        lines.append(
            f"  {first:%Y-%m-%d} → {last:%Y-%m-%d} · {definition.days} days"
            f" · {rest + check.more} rest day{'s' if rest + check.more != 1 else ''}"
            f" · {definition.timezone}\n"
        )
        if check.slug:
            lines.append("On the command line  ")
            lines.append(check.slug, style="bold")
            lines.append("  (camp leaderboard " + check.slug + " …)\n", style="dim")
        lines.append("Difficulty ramp  ")
        lines.append(check.ramp, style="bold yellow")
        for warning in check.warnings:
            lines.append(f"\n⚠ {warning}", style="yellow")
        summary.update(lines)
        for day in check.preview:
            rest_day = day.number is None
            style = "dim" if rest_day else ""
            table.add_row(
                Text("rest" if rest_day else str(day.number), style=style, justify="right"),
                Text(f"{day.date:%Y-%m-%d}", style=style),
                Text(f"{day.date:%a}", style=style),
                Text(day.stars, style="yellow"),
                Text(day.task, style="dim italic" if rest_day else ""),
                Text(day.windows),
            )
        if check.more:
            table.add_row("", "", "", "", Text(f"… {check.more} more days", style="dim"), "")

    # ---------------------------------------------------------------- creating

    @on(Button.Pressed, "#nc-create")
    def action_create(self) -> None:
        if self._creating:
            return
        self._name_touched = True
        fields = self._fields()
        check = self._check
        if check is not None and check.fields == fields and not check.ok:
            self._show_errors(check)
            self._refuse(check)
            return
        self._creating = True
        self.query_one("#nc-summary", Static).update(Text("Creating the camp …", style="dim"))
        self.create(fields)

    def _refuse(self, check: NewCampCheck) -> None:
        wrong = [name for name in FIELDS if name in check.errors]
        if wrong:
            first = wrong[0]
            if first == "source":
                first = "file" if check.fields.file.strip() else "template"
            self.query_one(f"#nc-{first}").focus()
        self.notify(
            "Not created: fix the fields marked in red first.",
            title="New camp",
            severity="warning",
            markup=False,
        )

    @work(thread=True, exclusive=True, group="new-camp-create")
    def create(self, fields: NewCampFields) -> None:
        """Check the form once more, then create the camp (in a worker, own connection)."""
        now = clock.now()
        check = check_new_camp(fields, now)
        if not check.ok or check.start is None:
            self.post_message(NewCampScreen.Checked(check, submitted=True))
            return
        try:
            with camp_app(self).database() as db:
                camp = create_camp(
                    db,
                    fields.source,
                    name=check.name,
                    start=check.start,
                    now=now,
                    timezone=check.timezone,
                    days=check.days,
                )
        except CampError as exc:
            self.post_message(ChangeRefused("Could not create the camp", str(exc)))
        else:
            self.post_message(NewCampScreen.Created(camp.slug, camp.name))

    def on_change_refused(self, message: ChangeRefused) -> None:
        message.stop()
        self._creating = False
        self.notify(message.reason, title=message.title, severity="error", markup=False)
        if self._check is not None:
            self._show_preview(self._check)

    def on_new_camp_screen_created(self, message: NewCampScreen.Created) -> None:
        message.stop()
        self.notify(f"Camp {message.name} created ({message.slug})", title="New camp", markup=False)
        self.dismiss(message.slug)
        camp_app(self).open_camp(message.slug)

    @on(Button.Pressed, "#nc-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
