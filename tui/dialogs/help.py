"""The key bindings, one screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.dialogs.base import Dialog

__all__ = ["KEYS", "SECTIONS", "HelpScreen"]

#: Every key, by where it works: (section, ((key, what it does), ...)).
SECTIONS = (
    (
        "Everywhere",
        (
            ("q", "quit (a scheduler running in the app stops and frees its lease)"),
            ("?", "this help"),
            ("ctrl+p", "command palette: open a camp, new camp, export, report, themes …"),
            ("ctrl+t", "toggle dark / light theme"),
            ("ctrl+r", "start / stop the scheduler in this app (refused while another runs)"),
            ("ctrl+l", "the scheduler's log and the stdout channel's announcements"),
        ),
    ),
    (
        "Camps",
        (
            ("enter", "open the highlighted camp"),
            ("n", "new camp: template or TOML file, with a preview of the plan"),
            ("a", "archive the highlighted camp, or restore it (asks first)"),
            ("r", "refresh now (screens also refresh every 2 s)"),
        ),
    ),
    (
        "A camp",
        (
            (
                "1 … 8",
                "Today / Plan / Members / Leaderboard / Check-ins / Announcements / Import / "
                "Requests",
            ),
            (
                "/",
                "quick check-in: a few letters of a name, Enter records it now "
                "(in Members, Leaderboard and Check-ins / finds instead)",
            ),
            ("m / p / t", "leaderboard by members / pairs / teams"),
            ("r", "read the tab again"),
            ("escape", "back to the camps"),
        ),
    ),
    (
        "Plan",
        (("e", "give the highlighted day another task (before the day begins)"),),
    ),
    (
        "Members",
        (
            ("/", "find: part of a name or its pinyin (xm, xiaoming); Enter jumps to it"),
            ("escape", "clear the search (then, back to the camps)"),
            ("s / S", "sort by name, points, days, streak, messages, joining order / reverse"),
            ("a", "add members (type Alice, 小明 and press Enter)"),
            ("i", "import members from a CSV file (name[,handle,shift,team])"),
            ("g", "set the highlighted member's shift or team"),
            ("x", "remove the highlighted member, or restore a removed one (asks first)"),
            ("p / m", "pair everyone unpaired / pair the highlighted member with …"),
            ("u", "unpair the highlighted member (asks first, naming the partner)"),
            ("l", "the highlighted member's aliases in chat exports; add more"),
            ("enter", "the highlighted member's statement: points day by day, to the total"),
            ("e", "give the highlighted member leave (请假) on a day, with the leave left"),
            ("v", "mark the highlighted member converted, or not (the camp report's figure)"),
            ("f / w", "cycle everyone, warned, due for removal, removed / only the warned"),
            ("[ / ]", "previous / next rows of a big camp"),
        ),
    ),
    (
        "Leaderboard",
        (
            ("[ / ] / d", "standings one day earlier / later / as of a day you type"),
            ("e", "export: PNG cards, HTML, text, Markdown, CSV, JSON, camp report"),
            ("c", "copy the top 20 as chat text, ready to paste"),
            ("g", "the camp report with the completion chart"),
            ("/", "find: part of a name or its pinyin (wxm, wang); each keeps its rank"),
            ("enter / escape", "show the highlighted match on the whole board / clear"),
            ("j", "jump to a rank you type"),
            ("home / end", "the top / the bottom of the whole board"),
            ("ctrl+end", "load the next rows of a big board"),
        ),
    ),
    (
        "Check-ins",
        (
            ("k", "approve a makeup for the highlighted member's missed day"),
            ("x / del", "void a mistaken check-in of the highlighted cell, with a reason"),
            ("b", "add a bonus or a penalty for the highlighted member"),
            ("/", "filter by part of a name or its pinyin (wxm, wang)"),
            ("s / S", "sort by name, points, makeups, joining order / reverse"),
            ("[ / ]", "previous / next rows of a big camp"),
        ),
    ),
    (
        "Announcements",
        (
            ("t / d", "retry / drop the failed or uncertain deliveries (drop asks first)"),
            ("a", "an uncertain part is in the chat: count it sent, send only the rest"),
            ("e", "re-run the highlighted failed or missed event"),
        ),
    ),
    (
        "Import",
        (
            ("b", "browse to a chat export"),
            ("d", "dry run: the report, nothing written"),
            ("i / c", "import after the dry run / cancel a running import"),
        ),
    ),
    (
        "Requests",
        (
            ("space", "mark or unmark the highlighted pending request (then the next row)"),
            ("a", "approve the marked requests (the highlighted one when none is marked)"),
            ("x", "reject the marked requests, or the highlighted one (asks first)"),
            ("A", "approve every pending request (asks first, saying how many)"),
            ("f", "list the pending requests / every request"),
        ),
    ),
    ("Forms", (("ctrl+s", "create / save"), ("escape", "cancel"))),
)
#: Every (key, what) pair, for tests and the README.
KEYS = tuple(pair for _, pairs in SECTIONS for pair in pairs)


class HelpScreen(Dialog[None]):
    """Lists every key; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "cancel", "Close", show=False),
        Binding("question_mark", "cancel", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for section, pairs in SECTIONS:
            if table.row_count:
                table.add_row("", "")
            table.add_row(Text(section, style="bold underline"), "")
            for key, what in pairs:
                table.add_row(key, what)
        with self.box(size="wider", id="help-box"):
            yield Static("Keys", classes="section-title")
            with VerticalScroll(id="help-keys"):
                yield Static(table)
            yield Static("escape closes · arrows scroll", classes="dialog-hint")
