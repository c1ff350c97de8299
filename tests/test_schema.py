"""JSON Schemas of the YAML formats: shipped, printed, and true of every bundled file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import library, schema
from simulator.yamlsource import read_document

jsonschema = pytest.importorskip("jsonschema")

DATA = Path(__file__).parent / "data"


def _bundled_files() -> list[Path]:
    files = list(library.bundled_scenarios_dir().rglob("*.yaml"))  # tests included
    files += library.bundled_personas_dir().glob("*.yaml")
    return sorted(files)


def _errors(path: Path) -> list[str]:
    data = read_document(path).data
    kind = schema.kind_of(path, data)
    validator = jsonschema.Draft202012Validator(schema.load_schema(kind))
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


@pytest.mark.parametrize("kind", schema.KINDS)
def test_each_shipped_schema_is_a_valid_json_schema(kind: str):
    jsonschema.Draft202012Validator.check_schema(schema.load_schema(kind))


def test_the_library_has_files_of_every_kind():
    kinds = {schema.kind_of(p, read_document(p).data) for p in _bundled_files()}
    assert kinds == set(schema.KINDS)


@pytest.mark.parametrize(
    "path", _bundled_files() + sorted((DATA / "valid").rglob("*.yaml")), ids=lambda p: p.name
)
def test_every_bundled_and_valid_file_matches_its_schema(path: Path):
    assert _errors(path) == []


def test_the_schema_catches_what_a_coach_gets_wrong(tmp_path: Path):
    text = (DATA / "valid" / "scenarios" / "test_supply.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("family: retail", "family: shop")
        .replace("principles: {active_listening: 2}", "principles: {active_listening: 5}")
        .replace("    kind: success", "    kind: success\n    mood: happy"),
        encoding="utf-8",
    )
    errors = "\n".join(_errors(bad))
    assert "family: 'shop' is not one of" in errors
    assert "nodes/opening/options/0/principles/active_listening: 5 is greater than" in errors
    assert "endings/end_visit: Additional properties are not allowed ('mood'" in errors


def test_modeline_points_at_the_shipped_schema_wherever_the_file_is(tmp_path: Path):
    beside = schema.schema_path("persona").parents[2] / "personas" / "x.yaml"
    assert schema.modeline("persona", beside) == (
        schema.MODELINE_PREFIX + "../simulator/schemas/persona.schema.json"
    )
    target = tmp_path / "a" / "b.yaml"
    target.parent.mkdir()
    target.write_text(schema.modeline("persona", target) + "\nid: x\n", encoding="utf-8")
    assert schema.modeline_target(target) == schema.schema_path("persona")


@pytest.mark.parametrize("kind", schema.KINDS)
def test_parley_schema_prints_the_shipped_schema(kind: str, tmp_path: Path):
    env = {**os.environ, "PARLEY_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "schema", kind],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == schema.load_schema(kind)
    where = subprocess.run(
        [sys.executable, "-m", "simulator", "schema", kind, "--path"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert Path(where.stdout.strip()) == schema.schema_path(kind)


def test_every_bundled_file_names_its_schema_for_editors():
    from simulator.library import bundled_personas_dir, bundled_scenarios_dir
    from simulator.yamlsource import read_document

    files = sorted(
        [*bundled_scenarios_dir().rglob("*.yaml"), *bundled_personas_dir().glob("*.yaml")]
    )
    assert files
    for path in files:
        # Parley's own reader: PyYAML's pure-Python safe_load stops plain text at `?` inside
        # {…} (see yamlsource.PurePythonParser), which the bundled files may well contain.
        kind = schema.kind_of(path, read_document(path).data)
        assert schema.modeline_target(path) == schema.schema_path(kind), path
