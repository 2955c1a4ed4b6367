"""Control characters that come with the data are shown escaped in what the command
line prints, never obeyed by the operator's terminal; JSON and files keep them exact."""

from __future__ import annotations

import json
import sys

from camp.cli import main

# Clears the screen in red; rings the bell and backs over the name; an OSC hyperlink.
EVIL = ["Eve\x1b[2J\x1b[31mRed", "Bel\x07\x08\x08l", "Osc\x1b]8;;http://x.example\x1b\\Link"]


def _printed(cp, *args: str) -> str:
    # color=True: the runner keeps what click would send to a colour terminal.
    result = cp.runner.invoke(main, list(args), color=True, catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout + result.stderr


def test_names_with_control_characters_are_printed_escaped(cp):
    added = _printed(cp, "members", "add", "cp-test", *EVIL)
    cp.at("2026-12-01T21:00:00+08:00")
    checked = _printed(cp, "checkin", "cp-test", EVIL[0])
    listed = _printed(cp, "members", "list", "cp-test")
    board = _printed(cp, "leaderboard", "cp-test")
    for output in (added, checked, listed, board):
        assert not any(ch in output for ch in "\x1b\x07\x08"), repr(output)
    assert "Eve\\x1b[2J\\x1b[31mRed" in listed and "Eve\\x1b[2J\\x1b[31mRed" in board
    assert "Bel\\x07\\x08\\x08l" in listed
    assert "Osc\\x1b]8;;http://x.example\\x1b\\Link" in listed
    assert "Eve\\x1b[2J" in checked


def test_json_and_the_streams_after_a_command_are_untouched(cp):
    cp("members", "add", "cp-test", *EVIL)
    names = {m["name"] for m in json.loads(cp("members", "list", "cp-test", "--json").stdout)}
    assert set(EVIL) <= names  # exact, as JSON escapes them itself
    before = sys.stdout, sys.stderr
    cp("members", "list", "cp-test")
    assert (sys.stdout, sys.stderr) == before  # the command's streams are given back
