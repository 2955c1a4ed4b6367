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
    # The wheel's own `camp` script, run outside the checkout.
    script = target / "bin" / "camp"
    result = subprocess.run(
        [str(script), "templates", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    ids = {t["id"] for t in json.loads(result.stdout)}
    assert ids == {"accounting-sprint", "copywriting-cp", "ops-club", "reading-camp", "study-buddy"}
    where = subprocess.run(
        [sys.executable, "-c", "import camp.resources as r; print(r.templates_root())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(target)), where
    assert (target / "camp" / "_templates" / "messages" / "zh" / "closing.md.j2").is_file()
