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
    listed = figures["list"]  # bundled scenarios and 50 generated, cold then from the listing
    assert listed["listed"] >= 50 and 0 < listed["warm_cpu_s"] and 0 < listed["warm_s"]
    tui = figures["tui_cold_start"]
    assert 0 < tui["parley_screen_ms"] <= tui["parley_ms"]  # up, then the scenarios listed
    assert figures["history"]["replay_open"]["turns"] == 1000
    assert figures["history"]["import"]["reimport_added"] == 0
    steps = figures["replay_steps"]  # reveal and step in a room of six, one huge transcript
    assert steps["trainees"] == 6 and steps["longest_transcript_turns"] == 1000
    for action in ("reveal", "hide", "next", "previous", "zoom", "expand_whole"):
        assert 0 < steps[action]["cpu_ms_median"] <= steps[action]["cpu_ms_worst"]


def test_scale_bench_reports_both_backends_side_by_side(
    tmp_path: Path, parley_home: Path, postgres_url: str
) -> None:
    """A small `bench --scale` on SQLite and on the PostgreSQL server (figures, not timings)."""
    env = dict(os.environ, PARLEY_HOME=str(parley_home), PARLEY_DATABASE_URL=postgres_url)
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "bench", "--scale", "--sessions", "40"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    scale = json.loads(result.stdout)["scale"]
    assert scale["sessions"] == 40
    for kind in ("sqlite", "postgresql"):
        figures = scale[kind]
        assert figures["import_ok"] is True and figures["rows"] == 40, figures
        assert figures["import_peak_rss_mb"] > 0 and figures["import_per_s"] > 0
        assert not any(key.endswith("_error") for key in figures), figures
        assert figures["history_s"] > 0 and figures["stats_s"] > 0
    with psycopg_connect(postgres_url) as con:  # the bench's schema was dropped after
        left = con.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'parley_bench_%'"
        ).fetchone()
    assert left == (0,)


def psycopg_connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)
