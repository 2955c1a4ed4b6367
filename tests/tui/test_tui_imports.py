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


def test_the_packages_export_what_they_list():
    import tui.screens
    import tui.widgets

    for package in (tui.screens, tui.widgets):
        for name in package.__all__:
            assert getattr(package, name).__name__ == name
        with pytest.raises(AttributeError):
            package.NoSuchThing  # noqa: B018
