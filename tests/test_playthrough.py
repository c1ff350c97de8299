"""Playthrough tests (`parley test`) and seeded random walks (`parley test --random`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import walk
from simulator.content import load_content
from simulator.engine import Session

DATA = Path(__file__).parent / "data"


def _content(*extra: Path):
    return load_content([DATA / "valid", *extra], include_bundled=False, include_local=False)


def _parley(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARLEY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A folder with the test catalog, persona and scenario, ready for a *.test.yaml."""
    folder = tmp_path / "lib"
    shutil.copytree(DATA / "valid", folder)
    return folder


def test_walks_of_a_sound_scenario_find_nothing_and_reach_every_ending_kind():
    content = _content()
    scenario = content.scenarios["test_supply"]
    report = walk.random_walks(scenario, content.personas["test_wang"], content.catalog, 40, 7)
    assert report.ok, [str(i) for i in report.issues]
    assert report.walks == 40
    assert set(report.endings) == {"end_visit", "end_angry"}
    assert sum(report.endings.values()) == 40


def test_walks_are_repeatable_for_a_seed_and_differ_between_seeds():
    content = _content()
    scenario, persona = content.scenarios["test_supply"], content.personas["test_wang"]
    first = walk.random_walks(scenario, persona, content.catalog, 30, 1)
    again = walk.random_walks(scenario, persona, content.catalog, 30, 1)
    assert first.endings == again.endings
    others = [walk.random_walks(scenario, persona, content.catalog, 30, s).endings for s in (2, 3)]
    assert any(o != first.endings for o in others)


def test_a_node_whose_options_all_loop_in_place_is_a_dead_end_with_the_moves_to_it():
    content = _content(DATA / "coach" / "stuck.yaml")
    scenario = content.scenarios["walk_stuck"]
    report = walk.random_walks(
        scenario, content.personas["test_wang"], content.catalog, 20, 0, typed_share=0
    )
    assert not report.ok
    kinds = {i.kind for i in report.issues}
    assert kinds == {"dead_end"}
    issue = report.issues[0]
    assert issue.node == "stuck"
    assert issue.moves == ("wait",)
    # a walk that listened first got out: not every walk is reported
    assert len(report.issues) == 1  # the same problem is reported once …
    assert report.endings.get("end_ok", 0) + report.failed_walks == 20  # … counted per walk
    assert report.endings.get("end_ok", 0) > 0


def test_a_crash_inside_the_engine_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch):
    content = _content()
    real = Session.respond

    def broken(self: Session, option_id: str, typed: str | None = None):
        if option_id == "policy":
            raise ZeroDivisionError("boom")
        return real(self, option_id, typed)

    monkeypatch.setattr(Session, "respond", broken)
    scenario = content.scenarios["test_supply"]
    report = walk.random_walks(
        scenario, content.personas["test_wang"], content.catalog, 40, 1, typed_share=0
    )
    crashes = [i for i in report.issues if i.kind == "crash"]
    assert crashes
    assert "ZeroDivisionError: boom" in crashes[0].message
    assert crashes[0].moves[-1] == "policy"
    assert crashes[0].node == "explain"


def test_a_variable_pushed_past_its_bounds_is_reported(monkeypatch: pytest.MonkeyPatch):
    content = _content()

    def unclamped(self: Session, effects):
        for name, delta in effects.items():
            if name in self._values:
                self._values[name] = int(self._values[name]) + 10 * delta  # no clamping

    monkeypatch.setattr(Session, "_apply", unclamped)
    scenario = content.scenarios["test_supply"]
    report = walk.random_walks(scenario, content.personas["test_wang"], content.catalog, 40, 1)
    out = [i for i in report.issues if i.kind == "out_of_bounds"]
    assert out
    assert "outside [0, 100]" in out[0].message


def test_typed_moves_go_through_understanding_and_are_shown_with_their_words():
    content = _content(DATA / "coach" / "stuck.yaml")
    scenario = content.scenarios["walk_stuck"]
    report = walk.random_walks(
        scenario, content.personas["test_wang"], content.catalog, 20, 0, typed_share=1.0
    )
    assert report.issues and all(i.kind == "dead_end" for i in report.issues)
    assert report.issues[0].moves == ("wait «嗯»",)
    sound = content.scenarios["test_supply"]
    clean = walk.random_walks(
        sound, content.personas["test_wang"], content.catalog, 30, 2, typed_share=1.0
    )
    assert clean.ok and sum(clean.endings.values()) == 30


def test_a_loop_without_end_is_reported_after_the_step_cap():
    content = _content()
    scenario = content.scenarios["test_supply"]
    report = walk.random_walks(
        scenario, content.personas["test_wang"], content.catalog, 5, 0, max_steps=1
    )
    assert {i.kind for i in report.issues} == {"no_ending"}


TESTS_OK = """\
scenario: test_supply
tests:
  - name: listen then policy
    steps:
      - listen
      - choose: policy
        expect: {node: end_visit}
    expect: {ending: end_visit, outcome: success, grade: [80, 100]}
"""

TESTS_WRONG = """\
scenario: test_supply
tests:
  - name: wrong expectation
    steps:
      - listen
      - choose: blame
        expect: {node: end_visit, vars: {trust: [60, 100]}}
    expect: {ending: end_visit}
"""


def test_cli_passes_a_good_playthrough(library: Path, parley_home: Path):
    (library / "test_supply.test.yaml").write_text(TESTS_OK, encoding="utf-8")
    done = _parley("test", str(library), "-v", home=parley_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS test_supply · listen then policy" in done.stdout
    assert "1 passed, 0 failed" in done.stdout


def test_cli_on_a_scenario_file_runs_the_tests_beside_it(library: Path, parley_home: Path):
    # A cold tryout (round thirty-five) ran `parley test mytest.yaml` and got "0 passed".
    scenario = next((library / "scenarios").glob("*.yaml"))
    beside = scenario.with_name(scenario.stem + ".test.yaml")
    beside.write_text(TESTS_OK, encoding="utf-8")
    done = _parley("test", str(scenario), home=parley_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed, 0 failed" in done.stdout


def test_a_folder_is_walked_past_virtual_environments_and_hidden_folders(
    library: Path, parley_home: Path
):
    # `parley test .` in a work folder holding a venv read every YAML file installed there.
    (library / "test_supply.test.yaml").write_text(TESTS_OK, encoding="utf-8")
    venv = library / "venv"
    (venv / "lib" / "site-packages" / "pkg").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (venv / "lib" / "site-packages" / "pkg" / "port.yaml").write_text("a: [\n", encoding="utf-8")
    (library / ".git").mkdir()
    (library / ".git" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    for command in ("test", "check"):
        done = _parley(command, str(library), home=parley_home)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "port.yaml" not in done.stdout + done.stderr
        assert "broken.yaml" not in done.stdout + done.stderr


def test_cli_failure_names_the_step_the_expectation_and_what_happened(
    library: Path, parley_home: Path
):
    (library / "test_supply.test.yaml").write_text(TESTS_WRONG, encoding="utf-8")
    done = _parley("test", str(library), home=parley_home)
    assert done.returncode == 1
    out = done.stdout
    assert "FAIL test_supply · wrong expectation" in out
    assert "test_supply.test.yaml:6:" in out  # the line of the failing step
    assert "step 2 (blame): node: expected end_visit, got end_angry" in out
    assert "step 2 (blame): variable trust: expected [60, 100], got 30" in out
    assert "end: ending: expected end_visit, got end_angry" in out
    assert "0 passed, 1 failed" in out


def test_cli_random_walks_report_a_dead_end_and_fail(library: Path, parley_home: Path):
    shutil.copy(DATA / "coach" / "stuck.yaml", library / "scenarios" / "stuck.yaml")
    done = _parley("test", str(library), "--random", "10", "--seed", "0", home=parley_home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL random walk_stuck" in done.stdout
    assert "dead_end at 'stuck'" in done.stdout
    assert "moves: wait" in done.stdout
    assert "2 scenarios × 10 (seed 0), 1 with problems" in done.stdout


def test_cli_random_walks_pass_on_a_sound_scenario(library: Path, parley_home: Path):
    done = _parley("test", str(library), "--random", "25", "--seed", "4", home=parley_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 scenarios × 25 (seed 4), 0 with problems" in done.stdout


def test_the_bundled_library_passes_its_playthrough_tests_and_random_walks(parley_home: Path):
    from simulator.library import bundled_scenarios_dir

    if not list(bundled_scenarios_dir().rglob("*.test.yaml")):
        pytest.skip("no bundled playthrough tests yet")
    # (Four walks a scenario: test_analysis walks the library at random in-process too.)
    done = _parley("test", "--random", "4", "--seed", "1", home=parley_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 failed" in done.stdout and "0 with problems" in done.stdout


def test_coverage_lists_the_options_and_endings_no_test_plays(library: Path, parley_home: Path):
    (library / "test_supply.test.yaml").write_text(TESTS_OK, encoding="utf-8")
    done = _parley("test", str(library), "--coverage", home=parley_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "coverage test_supply: 2/4 options (50%), 1/3 endings" in done.stdout
    assert "options no test plays: opening.promise_more, explain.blame" in done.stdout
    assert "endings no test reaches: end_angry, end_walkout" in done.stdout
