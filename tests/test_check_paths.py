"""`parley check` on files that are also part of the library, named by a relative path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA


def test_relative_path_to_a_library_file_is_checked(parley_home: Path) -> None:
    # The user's local scenarios are part of the library; naming one relatively must check it,
    # not report "0 scenarios" because the library loaded it under its absolute path.
    local = parley_home / "scenarios"
    local.mkdir(parents=True)
    for name in ("engine_demo.yaml", "engine_client.yaml"):
        shutil.copy(DATA / "engine" / name, local / name)
    env = dict(os.environ, PARLEY_HOME=str(parley_home))
    run = [sys.executable, "-m", "simulator", "check", "scenarios/engine_demo.yaml"]

    ok = subprocess.run(run, cwd=parley_home, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 scenario," in ok.stdout

    text = (local / "engine_demo.yaml").read_text(encoding="utf-8")
    (local / "engine_demo.yaml").write_text(text.replace("start: open", "start: nowhere"), "utf-8")
    bad = subprocess.run(run, cwd=parley_home, env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "engine_demo.yaml:" in bad.stdout and "PAR040" in bad.stdout
