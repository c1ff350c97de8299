"""Parley as installed: the console script and `python -m simulator` find the bundled library
from any folder (in CI the package is a plain, non-editable install)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def parley_script() -> str:
    beside = Path(sys.executable).with_name("parley")
    found = str(beside) if beside.exists() else shutil.which("parley")
    assert found, "the `parley` console script is not installed"
    return found


def shipped_families() -> list[str]:
    """The family of every scenario the repository ships (scenarios/<family>/<id>.yaml), sorted."""
    scenarios = Path(__file__).resolve().parents[1] / "scenarios"
    shipped = sorted(
        path.parent.name
        for family in ("credit", "pitch", "retail")
        for path in (scenarios / family).glob("*.yaml")
        if not path.name.endswith(".test.yaml")
    )
    assert len(shipped) >= 12
    return shipped


def test_console_script_lists_the_bundled_library_from_anywhere(
    tmp_path: Path, parley_home: Path
) -> None:
    env = dict(os.environ, PARLEY_HOME=str(parley_home))
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [parley_script(), "list", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    families = sorted(item["family"] for item in listed)
    assert families == shipped_families()


def test_python_dash_m_and_the_version(tmp_path: Path, parley_home: Path) -> None:
    env = dict(os.environ, PARLEY_HOME=str(parley_home))
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "--version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout.startswith("parley ")


def test_check_passes_on_the_installed_library(tmp_path: Path, parley_home: Path) -> None:
    env = dict(os.environ, PARLEY_HOME=str(parley_home))
    result = subprocess.run(
        [parley_script(), "check"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(shipped_families())} scenarios" in result.stdout
