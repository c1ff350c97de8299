"""Fuzzing: the loader and checker meet malformed and surprising content with located messages,
never a traceback.

Two sources of content: documents drawn from the shipped JSON Schemas (a hand-written strategy
over the schema's own keywords, sometimes stepping outside it), and mutations of the bundled
files (keys dropped, values swapped for values of other kinds, ids renamed, lines cut or
re-indented). Each drawn file goes through everything `parley check` and `parley graph` do:
load_content (loader, dialogues, validator), the analysis of play, ambiguity, the graph, the
Twee export and a few seeded random walks.

CI runs a small fixed budget (derandomized: the same examples every run). A longer run:
`PARLEY_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import analysis, graph, library, twee, walk
from simulator.content import load_content
from simulator.schema import load_schema
from simulator.yamlsource import read_document

EXAMPLES = int(os.environ.get("PARLEY_FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
VALID = Path(__file__).parent / "data" / "valid"
_COUNTER = itertools.count()
#: A few ids, so drawn references sometimes hit (a node, an ending, a variable, a persona).
IDS = (
    "opening",
    "explain",
    "end_visit",
    "end_angry",
    "trust",
    "patience",
    "asked_why",
    "test_wang",
)
WORDS = st.sampled_from(
    [
        "",
        " ",
        "你好",
        "a",
        "trust >= 40",
        "not asked_why",
        "end_visit",
        "true",
        "?",
        "{",
        "- x",
        "x: y",
        "trust => 40",
        "\u202e",
        "'",
        '"',
        "10" * 30,
        "opening",
    ]
)
ANY_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    WORDS,
    st.text(max_size=12),
    st.sampled_from(IDS),
)
ANY_VALUE = st.recursive(
    ANY_SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(IDS), st.text(max_size=6)), inner, max_size=3),
    ),
    max_leaves=8,
)


def from_schema(schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> Any:
    """A strategy for documents of `schema` that now and then puts any value anywhere."""
    if depth > 7:
        return ANY_SCALAR
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return st.deferred(lambda: from_schema(defs[name], defs, depth + 1))
    choices = schema.get("oneOf") or schema.get("anyOf")
    if choices:
        inside = st.one_of([from_schema(c, defs, depth + 1) for c in choices])
        return st.one_of(inside, ANY_VALUE) if depth > 1 else inside
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = kind[0]
    if kind == "object":
        props = schema.get("properties", {})
        required = [k for k in schema.get("required", []) if k in props]
        optional = {k: v for k, v in props.items() if k not in required}
        base = st.fixed_dictionaries(
            {k: from_schema(props[k], defs, depth + 1) for k in required},
            optional={k: from_schema(v, defs, depth + 1) for k, v in optional.items()},
        )
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not props:
            return st.dictionaries(
                st.sampled_from(IDS), from_schema(extra, defs, depth + 1), min_size=1, max_size=3
            )
        return base
    if kind == "array":
        items = schema.get("items", {})
        return st.lists(from_schema(items, defs, depth + 1), min_size=0, max_size=3)
    if kind == "string":
        return st.one_of(st.sampled_from(IDS), WORDS)
    if kind == "integer":
        return st.integers(min_value=-5, max_value=150)
    if kind == "number":
        return st.floats(min_value=-1, max_value=2)
    if kind == "boolean":
        return st.booleans()
    return ANY_VALUE


def _scenario_strategy() -> Any:
    schema = load_schema("scenario")
    return from_schema(schema, schema.get("$defs", {}))


def _exercise(folder: Path) -> None:
    """Everything check and graph do with a folder; any exception fails the test."""
    content = load_content(
        [folder], include_bundled=False, include_local=False, raise_on_error=False
    )
    for problem in content.diagnostics:
        assert problem.code.startswith("PAR") and problem.location.path
        assert problem.code != "PAR000", str(problem)  # an internal error is a bug too
    analysis.check_scenarios(content.scenarios, content.personas, content.catalog)
    for scenario in content.scenarios.values():
        graph.render(scenario, "mermaid")
        twee.export_twee(scenario)
        persona = content.personas.get(scenario.persona)
        if persona is not None:
            walk.random_walks(scenario, persona, content.catalog, 3, seed=0, max_steps=20)


def _folder(tmp_path: Path, text: str, name: str = "fuzz.yaml", bundled: bool = False) -> Path:
    """A coach's folder: the drawn file, personas and a catalog (the test ones, or the bundled
    ones for a mutated bundled file, so its references resolve and the analysis runs)."""
    folder = tmp_path / f"f{next(_COUNTER)}"  # one per example: examples share tmp_path
    (folder / "personas").mkdir(parents=True)
    if bundled:
        for persona in library.bundled_personas_dir().glob("*.yaml"):
            (folder / "personas" / persona.name).write_bytes(persona.read_bytes())
        catalog = library.bundled_catalog_path()
    else:
        persona = VALID / "personas" / "test_wang.yaml"
        (folder / "personas" / persona.name).write_bytes(persona.read_bytes())
        catalog = VALID / "principles.yaml"
    (folder / "principles.yaml").write_bytes(catalog.read_bytes())
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@FUZZ
@given(data=_scenario_strategy())
def test_documents_drawn_from_the_schema_never_crash_the_checker(tmp_path: Path, data: Any):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    _exercise(_folder(tmp_path, text))


def _bundled_files() -> list[Path]:
    files = sorted(library.bundled_scenarios_dir().rglob("*.yaml"))
    files += sorted(library.bundled_personas_dir().rglob("*.yaml"))
    return [f for f in files if not f.name.endswith(".test.yaml")]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _mutate(data: Any, rng: random.Random, replacement: Any) -> Any:
    """One structural mutation at a random place: drop, replace, rename or duplicate."""
    places = [p for p in _paths(data) if p]
    if not places:
        return replacement
    where = rng.choice(places)
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    action = rng.randrange(4)
    if action == 0:
        del parent[last]
    elif action == 1:
        parent[last] = replacement
    elif action == 2 and isinstance(parent, dict):
        parent[f"{last}_x" if rng.random() < 0.5 else rng.choice(IDS)] = parent.pop(last)
    elif isinstance(parent, list):
        parent.append(parent[last])
    else:
        parent[last] = replacement
    return data


def _cut(text: str, rng: random.Random) -> str:
    """A textual mutation: a line deleted, re-indented, or a character put somewhere."""
    lines = text.splitlines()
    if not lines:
        return text
    index = rng.randrange(len(lines))
    action = rng.randrange(3)
    if action == 0:
        del lines[index]
    elif action == 1:
        lines[index] = " " * rng.randrange(0, 5) + lines[index].lstrip()
    else:
        spot = rng.randrange(len(lines[index]) + 1)
        char = rng.choice([":", '"', "'", "{", "[", "-", "#", "?", "\t", "&", "*", "!", "|"])
        lines[index] = lines[index][:spot] + char + lines[index][spot:]
    return "\n".join(lines) + "\n"


@FUZZ
@given(
    index=st.integers(min_value=0, max_value=10_000),
    seed=st.integers(min_value=0, max_value=2**32),
    replacement=ANY_VALUE,
    textual=st.booleans(),
)
def test_mutations_of_the_bundled_files_never_crash_the_checker(
    tmp_path: Path, index: int, seed: int, replacement: Any, textual: bool
):
    files = _bundled_files()
    source = files[index % len(files)]
    rng = random.Random(seed)
    if textual:
        text = _cut(source.read_text(encoding="utf-8"), rng)
    else:
        data = _plain(read_document(source).data)
        text = yaml.safe_dump(_mutate(data, rng, replacement), allow_unicode=True, sort_keys=False)
    name = re.sub(r"[^a-z0-9_.]", "_", source.name)
    _exercise(_folder(tmp_path, text, name, bundled=True))
