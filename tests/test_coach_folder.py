"""A coach's own folder is the unit of work: copies of bundled files, personas beside the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from simulator import library

BUNDLED = library.bundled_scenarios_dir() / "retail" / "retail_supply_cold.yaml"
REPO = Path(__file__).parent.parent


def parley(*args: str, cwd: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        input=stdin,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )


def test_an_unchanged_copy_of_a_bundled_scenario_checks_clean(tmp_path: Path):
    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(BUNDLED, mine)
    done = parley("check", str(mine / BUNDLED.name))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PAR043" not in done.stdout and "Traceback" not in done.stderr


def test_an_edited_copy_shadows_the_bundled_one_with_a_warning(tmp_path: Path):
    mine = tmp_path / "mine"
    mine.mkdir()
    copy = mine / BUNDLED.name
    text = BUNDLED.read_text(encoding="utf-8")
    copy.write_text(text.replace("difficulty: ", "difficulty: 5 #", 1), encoding="utf-8")
    done = parley("check", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PAR085" in done.stdout and str(BUNDLED.name) in done.stdout
    assert "PAR043" not in done.stdout
    strict = parley("check", "--strict", str(copy))
    assert strict.returncode == 1
    # play FILE plays the copy, not the bundled original, and says which file wins
    played = parley("play", str(copy), "--plain", stdin="q\n")
    assert "PAR085" in played.stderr, played.stderr
    assert "no scenario" not in played.stderr.lower()
    assert "Traceback" not in played.stderr
    graphed = parley("graph", str(copy))
    assert graphed.returncode == 0 and graphed.stdout.startswith("---")
    # as --content too: the copy is used, not skipped with a count
    listed = parley("check", str(mine))
    assert listed.returncode == 0 and "skipped" not in listed.stderr


def test_the_source_tree_is_not_a_duplicate_of_its_installed_copy():
    # One family's folder of the source tree, its catalog and every persona: the same files as
    # the installed copy's, by another path. (The whole tree took a minute of play analysis;
    # test_packaging checks the whole installed library.)
    scenarios = REPO / "scenarios"
    done = parley(
        "check",
        str(scenarios / "retail"),
        str(scenarios / "principles.yaml"),
        str(REPO / "personas"),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PAR043" not in done.stdout and "PAR044" not in done.stdout


def test_a_persona_beside_the_scenario_is_found(tmp_path: Path):
    my = tmp_path / "my"
    assert parley("new", "persona", "he_dongsheng", "-o", str(my)).returncode == 0
    made = parley(
        "new",
        "scenario",
        "credit_gift",
        "--family",
        "credit",
        "--persona",
        "he_dongsheng",
        "-o",
        str(my),
    )
    assert made.returncode == 0, made.stderr
    scenario = my / "credit_gift.yaml"
    story = tmp_path / "story.twee"
    for command in (
        ["check", str(scenario)],
        ["graph", str(scenario)],
        ["export", str(scenario), "--twee", "-o", str(story)],
    ):
        done = parley(*command)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "PAR041" not in done.stdout + done.stderr
    played = parley("play", str(scenario), "--plain", stdin="q\n")
    assert "PAR041" not in played.stderr and "Traceback" not in played.stderr


def test_a_persona_folder_above_the_scenario_folder_is_found(tmp_path: Path):
    root = tmp_path / "course"
    (root / "scenarios").mkdir(parents=True)
    assert parley("new", "persona", "he_dongsheng", "-o", str(root / "personas")).returncode == 0
    made = parley(
        "new",
        "scenario",
        "credit_gift",
        "--family",
        "credit",
        "--persona",
        "he_dongsheng",
        "-o",
        str(root / "scenarios"),
    )
    assert made.returncode == 0, made.stderr
    done = parley("check", str(root / "scenarios" / "credit_gift.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_plain_install_beside_its_source_tree_has_no_duplicates(tmp_path, monkeypatch):
    # As in a clone with `pip install .`: the installed copy (here a copy in tmp_path) and the
    # repository's scenarios/ and personas/ hold the same files under two paths.
    from simulator.content import load_content

    installed = tmp_path / "_bundled"
    shutil.copytree(REPO / "scenarios", installed / "scenarios")
    shutil.copytree(REPO / "personas", installed / "personas")
    monkeypatch.setattr(library, "bundled_root", lambda: installed)
    content = load_content([REPO / "scenarios", REPO / "personas"], raise_on_error=False)
    codes = {d.code for d in content.diagnostics}
    assert not codes & {"PAR043", "PAR044", "PAR057", "PAR085"}, codes
    assert all(not Path(s.path).is_relative_to(installed) for s in content.scenarios.values())
    # An edited source file wins over its installed copy, with the warning naming the copy.
    edited = tmp_path / "edited"
    shutil.copytree(REPO / "scenarios", edited)
    target = next(edited.rglob("retail_supply_cold.yaml"))
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    content = load_content([edited], raise_on_error=False)
    shadow = [d for d in content.diagnostics if d.code == "PAR085"]
    assert len(shadow) == 1 and str(installed) in shadow[0].message
    assert content.scenarios["retail_supply_cold"].path == str(target)


def test_a_broken_file_named_on_the_command_line_shows_its_own_errors(tmp_path: Path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "bad.yaml").write_text("id: x\nnodes: [\n", encoding="utf-8")
    (mine / "other.yaml").write_text("- a\n", encoding="utf-8")  # a broken neighbour
    shutil.copy(REPO / "tests" / "data" / "valid" / "personas" / "test_wang.yaml", mine)
    for command in ("graph", "export", "play"):
        extra = ["--twee"] if command == "export" else ["--plain"] if command == "play" else []
        done = parley(command, str(mine / "bad.yaml"), *extra)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "bad.yaml:3:1: error PAR004" in done.stderr
        assert "other.yaml" not in done.stderr and "Known:" not in done.stderr
    persona = parley("play", str(mine / "test_wang.yaml"), "--plain")
    assert persona.returncode == 2 and "is not a scenario file" in persona.stderr


def test_bare_check_in_a_coach_folder_checks_the_files_there(tmp_path: Path):
    # A cold tryout's coach ran `parley new scenario` and then `parley check` in that folder,
    # and got the bundled library checked: their broken file was never read.
    home = {"PARLEY_HOME": str(tmp_path / "home")}
    folder = tmp_path / "mine"
    folder.mkdir()
    made = subprocess.run(
        [sys.executable, "-m", "simulator", "new", "scenario", "my_case"],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(REPO), **home},
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    (folder / "docker-compose.yml").write_text("services: {db: {image: x}}\n", encoding="utf-8")
    clean = parley("check", cwd=folder)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "1 Parley file(s) in this folder" in clean.stdout and "1 scenario," in clean.stdout
    scenario = folder / "my_case.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("\nstart: ", "\nstart: nowhere #", 1), encoding="utf-8")
    broken = parley("check", cwd=folder)
    assert broken.returncode == 1
    assert "my_case.yaml" in broken.stdout and "PAR040" in broken.stdout
    assert "docker-compose" not in broken.stdout
    # a file too broken to parse is still the coach's, and still checked
    (folder / "draft.yaml").write_text("id: draft\ntitle: {zh: 坏\n  nodes: [\n", "utf-8")
    drafted = parley("check", cwd=folder)
    assert drafted.returncode == 1 and "draft.yaml" in drafted.stdout, drafted.stdout
    assert "PAR004" in drafted.stdout
    # --library checks the bundled library wherever it is run
    library_run = parley("check", "--library", cwd=folder)
    assert library_run.returncode == 0 and "my_case" not in library_run.stdout
    # a folder with no Parley file: the bundled library, as before
    other = tmp_path / "other"
    other.mkdir()
    (other / "docker-compose.yml").write_text("services: {}\n", encoding="utf-8")
    bundled = parley("check", cwd=other)
    assert bundled.returncode == 0 and "this folder" not in bundled.stdout
    assert " scenarios, " in bundled.stdout and "personas" in bundled.stdout
