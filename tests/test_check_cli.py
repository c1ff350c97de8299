"""`parley check` and `parley list` through a real subprocess: exit codes, places, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

VALID = Path(__file__).parent / "data" / "valid"
BAD = Path(__file__).parent / "data" / "bad"


def parley(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARLEY_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def assert_fails_at(result: subprocess.CompletedProcess[str], name: str, code: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert re.search(rf"{re.escape(name)}:\d+:\d+: error {code}", output), output


def test_valid_files_pass_with_a_summary(tmp_path: Path):
    result = parley(tmp_path, "check", "--no-library", str(VALID))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过 / OK: 1 scenarios, 1 personas, 18 principles, 0 warnings" in result.stdout


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("binary_junk.yaml", "PAR003"),
        ("alias_bomb.yaml", "PAR006"),
        ("duplicate_key.yaml", "PAR005"),
        ("top_list.yaml", "PAR009"),
        ("syntax_error.yaml", "PAR004"),
        ("python_tag.yaml", "PAR008"),
    ],
)
def test_malformed_files_fail_cleanly(tmp_path: Path, name: str, code: str):
    assert_fails_at(parley(tmp_path, "check", "--no-library", str(BAD / name)), name, code)


def test_a_50_mb_file_is_refused(tmp_path: Path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.write(b"id: big\nfiller: '")
        handle.truncate(50 * 1024 * 1024)
    result = parley(tmp_path, "check", "--no-library", str(big))
    assert_fails_at(result, "big.yaml", "PAR002")
    assert "MB" in result.stdout


def test_deep_nesting_is_refused(tmp_path: Path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: deep\nx: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert_fails_at(parley(tmp_path, "check", "--no-library", str(deep)), "deep.yaml", "PAR007")


def test_wrong_types_are_named(tmp_path: Path):
    text = (VALID / "scenarios" / "test_supply.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "typed.yaml"
    bad.write_text(
        text.replace("difficulty: 2", "difficulty: [2]").replace("nodes:", "nodes: 3\nx:")
    )
    result = parley(tmp_path, "check", "--no-library", str(bad))
    assert_fails_at(result, "typed.yaml", "PAR021")
    assert "typed.yaml:4:13: error PAR021" in result.stdout
    assert "must be a whole number, not a list" in result.stdout


def test_every_problem_of_every_file_is_printed_grouped(tmp_path: Path):
    lib = tmp_path / "lib"
    shutil.copytree(VALID, lib)
    scenario = lib / "scenarios" / "test_supply.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(
        text.replace("next: end_visit", "next: end_vist").replace("family: retail", "family: x"),
        encoding="utf-8",
    )
    shutil.copy(BAD / "duplicate_key.yaml", lib / "dup.yaml")
    result = parley(tmp_path, "check", "--no-library", str(lib))
    assert_fails_at(result, "test_supply.yaml", "PAR040")
    assert_fails_at(result, "test_supply.yaml", "PAR025")
    assert_fails_at(result, "dup.yaml", "PAR005")
    assert "did you mean 'end_visit'?" in result.stdout
    assert "检查未通过 / FAILED: 4 errors" in result.stdout  # + end_visit unreachable


def test_strict_turns_warnings_into_failure_and_json_lists_them(tmp_path: Path):
    lib = tmp_path / "lib"
    shutil.copytree(VALID, lib)
    scenario = lib / "scenarios" / "test_supply.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("kind: success", "kind: partial"), encoding="utf-8")
    relaxed = parley(tmp_path, "check", "--no-library", str(lib))
    assert relaxed.returncode == 0 and "1 warnings" in relaxed.stdout
    strict = parley(tmp_path, "check", "--no-library", "--strict", str(lib))
    assert strict.returncode == 1 and "PAR076" in strict.stdout
    as_json = parley(tmp_path, "check", "--no-library", "--json", str(lib))
    report = json.loads(as_json.stdout)
    assert report["ok"] is True and report["warnings"] == 1
    [diag] = report["diagnostics"]
    assert diag["code"] == "PAR076" and diag["file"].endswith("test_supply.yaml")
    assert diag["line"] > 0 and diag["column"] > 0


def test_missing_path_is_an_error(tmp_path: Path):
    result = parley(tmp_path, "check", "--no-library", str(tmp_path / "nope"))
    assert result.returncode == 1 and "PAR001" in result.stdout
    assert "Traceback" not in result.stderr


def test_list_shows_local_scenarios_by_family(tmp_path: Path):
    result = parley(tmp_path, "list", "--json", "--content", str(VALID))
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["test_supply"]["family"] == "retail"
    assert rows["test_supply"]["title"] == {"zh": "货源紧张", "en": "Short supply"}
    plain = parley(tmp_path, "list", "--content", str(VALID))
    assert "test_supply" in plain.stdout and "货源紧张 / Short supply" in plain.stdout


def test_every_diagnostic_code_is_documented():
    from simulator.diagnostics import CODES

    doc = (Path(__file__).parent.parent / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| (PAR\d{3}) \|", doc, flags=re.MULTILINE))
    assert documented == set(CODES)
