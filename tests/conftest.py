"""Tests never read the developer's database, clock or environment."""

from __future__ import annotations

import os
import time

import pendulum
import pytest

# An odd local zone for the whole run (as pendulum's own suite does): +12:45, and +13:45
# in its summer, far from UTC and from every camp's zone, so code that slips into the
# machine's local time gives wrong dates and fails. Subprocesses inherit it.
ODD_LOCAL_ZONE = "Pacific/Chatham"
os.environ["TZ"] = ODD_LOCAL_ZONE
time.tzset()
pendulum.set_local_timezone(pendulum.timezone(ODD_LOCAL_ZONE))


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Every test gets its own database path and an unpinned clock."""
    monkeypatch.setenv("CAMP_DB", str(tmp_path / "camp.db"))
    monkeypatch.delenv("CAMP_NOW", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "home" / ".local" / "state"))
