from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from camp.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"


class Camp:
    """Runs `camp` commands with the clock pinned to ``now``."""

    def __init__(self, monkeypatch):
        self.runner = CliRunner()
        self.monkeypatch = monkeypatch

    def at(self, now: str) -> Camp:
        self.monkeypatch.setenv("CAMP_NOW", now)
        return self

    def __call__(self, *args: str, ok: bool = True):
        result = self.runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output + result.stderr
        else:
            assert result.exit_code != 0, result.output
            assert "Traceback" not in result.output + result.stderr
        return result

    def json(self, *args: str):
        return json.loads(self(*args).stdout)


@pytest.fixture
def camp(monkeypatch) -> Camp:
    return Camp(monkeypatch)


@pytest.fixture
def cp(camp) -> Camp:
    """A 7-day pair camp from tests/data/cp.toml starting 2026-12-01 (Asia/Shanghai)."""
    camp.at("2026-11-30T12:00:00+08:00")
    assert (
        camp("new", DATA / "cp.toml", "--name", "CP test", "--start", "2026-12-01").stdout
        == "cp-test\n"
    )
    camp("members", "add", "cp-test", "Alice", "Bob", "小明", "小红")
    return camp
