"""The built wheel carries the templates and its `camp` command works outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_lists_templates(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("camp-*.whl"))
    assert len(wheels) == 1
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheels[0]),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "CAMP_DB": str(tmp_path / "w.db")}
    code = (
        "import sys, camp, camp.resources\n"
        "print(camp.__file__, file=sys.stderr)\n"
        "print(camp.resources.templates_root(), file=sys.stderr)\n"
        "from camp.cli import main\n"
        "main(['templates', '--json'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    module_file, templates_root = result.stderr.splitlines()[:2]
    assert module_file.startswith(str(target)) and templates_root.startswith(str(target))
    ids = {t["id"] for t in json.loads(result.stdout)}
    assert len(ids) == 5
