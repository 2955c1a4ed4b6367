"""The engine is reachable without the terminal UI (a fresh interpreter proves it)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import camp

ENGINE_MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(camp.__path__, prefix="camp."))


def test_engine_modules_were_found():
    assert {"camp.cli", "camp.services.standings", "camp.scoring"} <= set(ENGINE_MODULES)


def test_no_engine_module_imports_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
