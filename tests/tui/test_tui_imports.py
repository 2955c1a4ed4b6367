"""Every module of the terminal UI can be the first one imported (no import cycles bite)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tui

MODULES = sorted(
    ".".join(path.relative_to(Path(tui.__file__).parent.parent).with_suffix("").parts)
    for path in Path(tui.__file__).parent.rglob("*.py")
    if path.name != "__main__.py"
)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first_in_a_fresh_process(module):
    name = module.removesuffix(".__init__")
    done = subprocess.run(
        [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]


@pytest.mark.parametrize("package", ["tui.screens", "tui.tabs", "tui.dialogs", "tui.widgets"])
def test_a_package_imports_none_of_its_modules_but_what_it_names(package):
    # Importing a package costs nothing beyond what it exports itself (the dialogs'
    # base): a screen or a tab is imported where it is used, not with its package.
    code = (
        f"import sys, {package}; "
        f"print(sorted(m for m in sys.modules if m.startswith('{package}.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    expected = "['tui.dialogs.base']" if package == "tui.dialogs" else "[]"
    assert done.stdout.strip() == expected
