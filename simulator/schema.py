"""JSON Schemas of Parley's YAML files, shipped in the package for editors and tests.

`simulator/schemas/<kind>.schema.json` describe the scenario, persona, principle-catalog,
reusable-dialogue and playthrough-test (`*.test.yaml`) formats of docs/authoring.md. They let an
editor (through the yaml-language-server modeline `# yaml-language-server: $schema=…` at the top
of a file) complete keys and flag wrong types as the coach types; `parley check` remains the
judge of everything a schema cannot say (references, the graph, expressions, reachability).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

SchemaKind = Literal["scenario", "persona", "catalog", "dialogue", "playthrough"]
KINDS: tuple[SchemaKind, ...] = ("scenario", "persona", "catalog", "dialogue", "playthrough")
MODELINE_PREFIX = "# yaml-language-server: $schema="

_FOLDER = Path(__file__).resolve().parent / "schemas"


def schema_path(kind: SchemaKind) -> Path:
    """The shipped schema file of `kind`."""
    return _FOLDER / f"{kind}.schema.json"


def load_schema(kind: SchemaKind) -> dict[str, Any]:
    """The schema of `kind` as a JSON object."""
    result: dict[str, Any] = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    return result


def kind_of(path: Path, data: Any) -> SchemaKind:
    """Which format a YAML file is in, by the rules content.py loads it by."""
    if path.name.endswith(".test.yaml"):
        return "playthrough"
    if isinstance(data, dict) and "catalog" in data:
        return "catalog"
    if isinstance(data, dict) and "dialogue" in data:
        return "dialogue"
    if (isinstance(data, dict) and "traits" in data) or path.parent.name == "personas":
        return "persona"
    return "scenario"


def modeline(kind: SchemaKind, yaml_file: Path) -> str:
    """The yaml-language-server line for a file at `yaml_file`, pointing at the shipped schema.

    The path is relative to the file when both live under one folder below the root (a
    checkout moves as a whole), else absolute.
    """
    target = schema_path(kind)
    folder = Path(yaml_file).resolve().parent
    try:
        shared = Path(os.path.commonpath([target, folder]))
        ref = os.path.relpath(target, folder) if shared.parent != shared else str(target)
    except ValueError:  # another drive on Windows
        ref = str(target)
    return f"{MODELINE_PREFIX}{Path(ref).as_posix()}"


def modeline_target(yaml_file: Path) -> Path | None:
    """The schema file a YAML file's modeline points at, or None when it has none."""
    with Path(yaml_file).open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(MODELINE_PREFIX):
                ref = line[len(MODELINE_PREFIX) :].strip()
                return (Path(yaml_file).resolve().parent / ref).resolve()
            if line.strip() and not line.startswith("#"):
                return None
    return None
