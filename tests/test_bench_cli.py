"""`parley bench --quick` runs every benchmark and prints figures as JSON (no timing asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_quick_bench_prints_every_figure(tmp_path: Path, parley_home: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ, PARLEY_HOME=str(parley_home))
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "bench", "--quick", "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == figures
    turn = figures["turn"]
    assert turn["options"] == 50 and turn["examples_per_option"] == 10
    assert 0 < turn["p50_ms"] <= turn["p99_ms"]
    check = figures["check"]
    assert check["errors_found"] == 0 and check["command_exit"] == 0
    tui = figures["tui_cold_start"]
    assert 0 < tui["parley_screen_ms"] <= tui["parley_ms"]  # up, then the scenarios listed
    assert figures["history"]["replay_open"]["turns"] == 1000
    assert figures["history"]["import"]["reimport_added"] == 0
    steps = figures["replay_steps"]  # reveal and step in a room of six, one huge transcript
    assert steps["trainees"] == 6 and steps["longest_transcript_turns"] == 1000
    for action in ("reveal", "hide", "next", "previous", "zoom", "expand_whole"):
        assert 0 < steps[action]["cpu_ms_median"] <= steps[action]["cpu_ms_worst"]
