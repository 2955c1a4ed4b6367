"""The engine is reachable without the terminal UI, and the pure modules and renderers
without the database: each module is imported first in a fresh interpreter."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_layers import DELIVERY, PURE, READERS, RENDERERS

import camp

ENGINE_MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(camp.__path__, prefix="camp."))

#: Plain data, renderers, chat-export readers and delivery: they load neither the
#: database nor the use cases (the same layer map as the static test of the imports).
PURE_AND_RENDERERS = PURE + RENDERERS + READERS + DELIVERY

NO_UI = ("textual", "tui")
NO_STORAGE = ("camp.db", "camp.services", "sqlite_utils")

_REPORT_LOADED = (
    "import importlib, json, sys\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _forbidden_for(module: str) -> tuple[str, ...]:
    return NO_UI + NO_STORAGE if _within(module, PURE_AND_RENDERERS) else NO_UI


def _loaded_after_import(module: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _REPORT_LOADED, module],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def loaded() -> dict[str, subprocess.CompletedProcess]:
    """Each engine module imported alone in its own interpreter, two at a time (CI
    machines have two cores): module -> the finished process."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(
            zip(ENGINE_MODULES, pool.map(_loaded_after_import, ENGINE_MODULES), strict=True)
        )


def test_engine_modules_were_found():
    assert {"camp.cli", "camp.services.standings", "camp.scoring"} <= set(ENGINE_MODULES)
    assert {"camp.exporters.png", "camp.leaderboard", "camp.labels"} <= set(ENGINE_MODULES)


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_module_loads_nothing_above_its_layer(loaded, module):
    done = loaded[module]
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
    forbidden = _forbidden_for(module)
    bad = [name for name in json.loads(done.stdout) if _within(name, forbidden)]
    assert not bad, f"importing {module} loads {', '.join(bad)}"
