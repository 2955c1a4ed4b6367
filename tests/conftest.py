"""Tests never read the developer's database, clock or environment."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Every test gets its own database path and an unpinned clock."""
    monkeypatch.setenv("CAMP_DB", str(tmp_path / "camp.db"))
    monkeypatch.delenv("CAMP_NOW", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
