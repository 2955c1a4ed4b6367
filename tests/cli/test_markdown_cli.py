"""Markdown files show names exactly, as two independent renderers draw them: one table,
its cells where they belong, no markup a name brought with it."""

from __future__ import annotations

import html
import re

import mistune
import pytest
from markdown_it import MarkdownIt

TRICKY = [
    "**Bold** Bob",
    "Pipe | Ann",
    "<b>Tag</b> Tim",
    "[Link](http://x.example) Lu",
    "`Code` Cy",
    "~~Gone~~ Di",
    "Amp &amp; Al",
    "_Under_ Una",
    "Back\\slash Bo",
]

RENDERERS = {
    "markdown-it": lambda text: MarkdownIt("commonmark").enable("table").render(text),
    "mistune": mistune.create_markdown(plugins=["table", "strikethrough"]),
}


def _cells(page: str) -> list[list[str]]:
    """The text of each body row's cells, in every table (tags left in, entities
    decoded)."""
    bodies = re.findall(r"<tbody>(.*?)</tbody>", page, re.S)
    assert bodies, page
    rows = [row for body in bodies for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return [
        [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


@pytest.fixture
def tricky(cp):
    cp("members", "add", "cp-test", *TRICKY)
    cp.at("2026-12-01T21:00:00+08:00")
    cp("checkin", "cp-test", TRICKY[0])  # the crowned leader
    cp.at("2026-12-02T10:00:00+08:00")
    return cp


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_leaderboard_markdown_draws_one_table_with_every_name_as_written(tricky, renderer):
    page = RENDERERS[renderer](tricky("leaderboard", "cp-test", "--format", "md").stdout)
    assert page.count("<table>") == 1
    rows = _cells(page)
    assert all(len(row) == 8 for row in rows), rows  # no name split a row
    names = [row[1].removesuffix(" 👑") for row in rows]
    assert sorted(names) == sorted([*TRICKY, "Alice", "Bob", "小明", "小红"])
    assert rows[0][1] == "**Bold** Bob 👑"
    table = page[page.index("<tbody>") :]
    for tag in ("<strong>", "<em>", "<a ", "<code>", "<b>", "<del>", "<s>"):
        assert tag not in table, tag


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_report_markdown_shows_names_and_the_camp_name_as_written(tricky, renderer):
    tricky("members", "remove", "cp-test", "<b>Tag</b> Tim")
    page = RENDERERS[renderer](tricky("report", "cp-test", "--format", "md").stdout)
    text = html.unescape(page)
    assert "<b>Tag</b> Tim" in text  # in the removed list, as typed
    assert "<b>" not in page and "<strong>Bold" not in page
    top = [row for row in _cells(page) if row and row[1] == "**Bold** Bob"]
    assert top, "the leader's row of the top table"
