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
    assert "检查通过 / OK: 1 scenario, 1 persona, 18 principles, 0 warnings" in result.stdout


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


def test_a_quote_never_closed_is_placed_where_it_opens(tmp_path: Path):
    # A cold tryout (round thirty-five) was sent to line 8 of a 7-line file, where PyYAML
    # noticed the end of the text, for a quote opened on line 2.
    bad = tmp_path / "broken.yaml"
    bad.write_text('id: x\ntitle: {zh: "未闭合, en: b}\nfamily: retail\n\n\n\n\n', "utf-8")
    result = parley(tmp_path, "check", "--no-library", str(bad))
    assert_fails_at(result, "broken.yaml", "PAR004")
    assert "broken.yaml:2:13:" in result.stdout and "never closed" in result.stdout


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
    assert relaxed.returncode == 0 and "1 warning" in relaxed.stdout
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


def test_check_reads_test_files_and_test_refuses_expectations_that_cannot_hold(tmp_path: Path):
    import shutil

    from simulator.cli import main

    lib = tmp_path / "lib"
    shutil.copytree(Path(__file__).parent / "data" / "valid", lib)
    tests = lib / "scenarios" / "test_supply.test.yaml"
    tests.write_text(
        "scenario: test_supply\ntests:\n  - name: best\n    steps: [listen, policy]\n"
        "    expect: {ending: end_vist, outcome: failed, vars: {trsut: [0, 100]}}\n",
        encoding="utf-8",
    )
    assert main(["check", "--no-library", str(lib / "scenarios" / "test_supply.yaml")]) == 1
    assert main(["check", "--no-library", str(lib)]) == 1
    assert main(["test", "--no-library", str(lib)]) == 1
    tests.write_text(
        "scenario: test_supply\ntests:\n  - name: best\n    steps: [listen, policy]\n"
        "    expect: {ending: end_visit, outcome: success, vars: {trust: [0, 100]}}\n",
        encoding="utf-8",
    )
    assert main(["check", "--no-library", str(lib)]) == 0
    assert main(["test", "--no-library", str(lib)]) == 0


def test_expectation_problems_name_the_fix(tmp_path: Path):
    from simulator import playthrough
    from simulator.content import load_content

    valid = Path(__file__).parent / "data" / "valid"
    content = load_content([valid], include_bundled=False, include_local=False)
    path = tmp_path / "t.test.yaml"
    path.write_text(
        "scenario: test_supply\ntests:\n  - name: best\n    steps: [listen, polcy]\n"
        "    expect: {ending: end_vist, outcome: failed, vars: {trsut: 5}}\n",
        encoding="utf-8",
    )
    loaded, problems = playthrough.load_file(path)
    assert loaded is not None and problems == []
    found = {(d.code, d.hint) for d in playthrough.check_references(loaded, content.scenarios)}
    assert ("PAR092", "did you mean 'policy'?") in found
    assert ("PAR093", "did you mean 'end_visit'?") in found
    assert ("PAR090", "did you mean 'fail'?") in found
    assert ("PAR093", "did you mean 'trust'?") in found


def test_check_watch_checks_again_on_every_save(tmp_path: Path):
    import signal
    import time

    lib = tmp_path / "lib"
    shutil.copytree(Path(__file__).parent / "data" / "valid", lib)
    scenario = lib / "scenarios" / "test_supply.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "check", "--no-library", "--watch", str(lib)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # Started as a script's background job is: with SIGINT ignored. Ctrl-C still stops it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    assert proc.stdout is not None
    seen: list[str] = []

    def wait_for(words: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            seen.append(line)
            if words in line:
                return
        raise AssertionError(f"no {words!r} in {''.join(seen)}")

    try:
        wait_for("═══ 通过 / OK")
        text = scenario.read_text(encoding="utf-8")
        time.sleep(0.05)
        scenario.write_text(text.replace("next: end_visit", "next: end_vist"), encoding="utf-8")
        wait_for("PAR040")
        wait_for("═══ 未通过 / FAILED")
        scenario.write_text(text, encoding="utf-8")
        wait_for("═══ 通过 / OK")
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err
