"""YAML files → model objects, collecting every problem of a file rather than the first.

Each `load_*` returns the object (None when the file has errors) and the diagnostics. The
`*_from_document` builders return a best-effort object even when there are errors, so the
checker can go on to graph and reference checks and report everything in one run.

One module per kind of file, over shared field readers:

- `fields`: the key-by-key reader every file uses (types, ids, texts, expressions);
- `nodes`: variables, nodes, options and branches (shared by scenarios and dialogues);
- `scenario`, `dialogue`, `persona`, `catalog`: the top level of each kind of file.
"""

from simulator.loader.catalog import catalog_from_document, load_catalog
from simulator.loader.dialogue import dialogue_from_document
from simulator.loader.fields import did_you_mean
from simulator.loader.persona import load_persona, persona_from_document
from simulator.loader.scenario import UNDERSTANDING_KEYS, load_scenario, scenario_from_document

__all__ = [
    "UNDERSTANDING_KEYS",
    "catalog_from_document",
    "dialogue_from_document",
    "did_you_mean",
    "load_catalog",
    "load_persona",
    "load_scenario",
    "persona_from_document",
    "scenario_from_document",
]
