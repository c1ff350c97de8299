"""`parley new`: skeletons that pass `parley check --strict` and `parley test` as they are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import schema
from simulator.yamlsource import read_document


def _parley(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLEY_HOME": str(home)},
        cwd=cwd,
        timeout=120,
    )


def test_a_new_scenario_and_persona_pass_strict_check_tests_and_walks(
    tmp_path: Path, parley_home: Path
):
    out = tmp_path / "coach"
    made = _parley(
        parley_home,
        "new",
        "scenario",
        "retail_late_delivery",
        "-o",
        str(out),
        "--persona",
        "li_ming",
        "--family",
        "credit",
    )
    # The persona comes first: a scenario naming a persona nobody wrote would fail its check.
    assert made.returncode == 2 and "parley new persona li_ming" in made.stderr
    assert not (out / "retail_late_delivery.yaml").exists()
    assert _parley(parley_home, "new", "persona", "li_ming", "-o", str(out)).returncode == 0
    made = _parley(
        parley_home,
        *("new", "scenario", "retail_late_delivery", "-o", str(out)),
        *("--persona", "li_ming", "--family", "credit"),
    )
    assert made.returncode == 0, made.stderr
    assert (out / "retail_late_delivery.yaml").is_file()
    assert (out / "retail_late_delivery.test.yaml").is_file()
    check = _parley(parley_home, "check", "--strict", "--json", str(out))
    report = json.loads(check.stdout)
    assert check.returncode == 0 and report["diagnostics"] == [], check.stdout
    assert report["scenarios"] == 1 and report["personas"] == 1
    tested = _parley(parley_home, "test", str(out), "--random", "20")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "3 passed, 0 failed" in tested.stdout
    assert "0 with problems" in tested.stdout
    scenario = read_document(out / "retail_late_delivery.yaml").data
    assert scenario["family"] == "credit" and scenario["persona"] == "li_ming"
    tests = out / "retail_late_delivery.test.yaml"
    assert schema.modeline_target(tests) == schema.schema_path("playthrough")


def test_a_new_scenario_with_the_default_persona_checks_against_the_library(
    tmp_path: Path, parley_home: Path
):
    assert _parley(parley_home, "new", "scenario", "demo", "-o", str(tmp_path)).returncode == 0
    check = _parley(parley_home, "check", "--strict", str(tmp_path / "demo.yaml"))
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("kind", ["scenario", "persona"])
def test_skeletons_carry_comments_and_a_working_schema_line(
    kind: str, tmp_path: Path, parley_home: Path
):
    assert _parley(parley_home, "new", kind, "x_one", "-o", str(tmp_path)).returncode == 0
    path = tmp_path / "x_one.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(schema.MODELINE_PREFIX)
    assert schema.modeline_target(path) == schema.schema_path(kind)  # type: ignore[arg-type]
    assert sum(line.lstrip().startswith("#") for line in lines) >= 3
    assert read_document(path).data["id"] == "x_one"


def test_bad_names_and_existing_files_are_refused(tmp_path: Path, parley_home: Path):
    bad = _parley(parley_home, "new", "scenario", "Retail-Late", "-o", str(tmp_path))
    assert bad.returncode == 2 and "lower-case" in bad.stderr
    assert not list(tmp_path.glob("*.yaml"))
    assert _parley(parley_home, "new", "persona", "p_one", "-o", str(tmp_path)).returncode == 0
    (tmp_path / "p_one.yaml").write_text("mine\n", encoding="utf-8")
    again = _parley(parley_home, "new", "persona", "p_one", "-o", str(tmp_path))
    assert again.returncode == 2 and "--force" in again.stderr
    assert (tmp_path / "p_one.yaml").read_text(encoding="utf-8") == "mine\n"
    forced = _parley(parley_home, "new", "persona", "p_one", "-o", str(tmp_path), "--force")
    assert forced.returncode == 0 and "mine" not in (tmp_path / "p_one.yaml").read_text("utf-8")


def test_new_scenario_from_a_bundled_one_copies_it_under_the_new_id(tmp_path: Path):
    from simulator.cli import main
    from simulator.schema import MODELINE_PREFIX

    out = tmp_path / "mine"
    assert (
        main(["new", "scenario", "my_supply", "--from", "retail_supply_cold", "-o", str(out)]) == 0
    )
    text = (out / "my_supply.yaml").read_text(encoding="utf-8")
    assert text.startswith(MODELINE_PREFIX) and text.count(MODELINE_PREFIX) == 1
    assert "\nid: my_supply\n" in text and "retail_supply_cold" not in text.split("\n", 1)[1][:200]
    # the copy carries whatever warnings the bundled file has; it must have no error
    assert main(["check", str(out / "my_supply.yaml")]) == 0
    tests = out / "my_supply.test.yaml"
    if tests.exists():
        assert "scenario: my_supply" in tests.read_text(encoding="utf-8")
        assert main(["test", str(out)]) == 0
    assert main(["new", "scenario", "x_copy", "--from", "retail_suply_cold", "-o", str(out)]) == 2


def test_new_scenario_with_an_unknown_persona_writes_nothing(tmp_path: Path, capsys):
    from simulator.cli import main

    out = tmp_path / "mine"
    assert main(["new", "scenario", "gift", "--persona", "nobody", "-o", str(out)]) == 2
    assert not (out / "gift.yaml").exists()
    assert "parley new persona nobody" in capsys.readouterr().err
    assert main(["new", "persona", "nobody", "-o", str(out)]) == 0
    assert main(["new", "scenario", "gift", "--persona", "nobody", "-o", str(out)]) == 0
    assert main(["check", "--strict", str(out / "gift.yaml")]) == 0


def test_a_broken_new_scenario_is_one_error_not_two(tmp_path: Path, parley_home: Path):
    # A coach's cold tryout (round thirty): a YAML mistake in the new scenario was reported, and
    # then its test file beside it as "no scenario 'x'": one mistake counted twice.
    made = _parley(parley_home, "new", "scenario", "broken_demo", "-o", str(tmp_path))
    assert made.returncode == 0, made.stderr
    path = tmp_path / "broken_demo.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == "examples:")
    zh = next(i for i in range(at + 1, len(lines)) if lines[i].lstrip().startswith("zh:"))
    lines[zh] = lines[zh][: len(lines[zh]) - len(lines[zh].lstrip())] + "- 您先说说"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for target in (path, tmp_path):
        check = _parley(parley_home, "check", "--json", str(target))
        report = json.loads(check.stdout)
        assert check.returncode != 0
        codes = [d["code"] for d in report["diagnostics"]]
        assert codes == ["PAR004"], codes
    # a test file whose scenario is simply missing is still told so
    path.unlink()
    check = _parley(parley_home, "check", "--json", str(tmp_path))
    assert "PAR091" in [d["code"] for d in json.loads(check.stdout)["diagnostics"]]
