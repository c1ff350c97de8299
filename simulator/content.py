"""The whole library a session or a check works on: scenarios, personas and one catalog.

Files come from the bundled library, the user's local scenarios folder and any paths given.
A file is a catalog when its top level has `catalog:`, a persona when it has `traits:` or sits
in a `personas/` folder, otherwise a scenario; `*.test.yaml` files are playthrough tests and are
left to `parley test`. Several catalogs merge: later ones add areas, principles and detectors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from simulator import library
from simulator.diagnostics import ContentError, Diagnostic, diagnostic
from simulator.loader import catalog_from_document, persona_from_document, scenario_from_document
from simulator.model import Catalog, Location, Persona, Principle, Scenario
from simulator.validator import validate
from simulator.yamlsource import YMap, read_document

TEST_SUFFIX = ".test.yaml"
_EMPTY_CATALOG = Catalog(areas={}, principles={})


@dataclass(frozen=True)
class Content:
    """Everything loaded: usable scenarios and personas by id, the merged catalog, problems.

    A scenario or persona whose own file has an error is left out of the mappings (its
    problems are in `diagnostics`); `files` lists every file read, in order.
    """

    scenarios: Mapping[str, Scenario]
    personas: Mapping[str, Persona]
    catalog: Catalog
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics of severity error."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics of severity warning."""
        return [d for d in self.diagnostics if d.severity == "warning"]


def _yaml_files(folder: Path) -> list[Path]:
    found = [p for p in folder.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")]
    return sorted(p for p in found if not p.name.endswith(TEST_SUFFIX) and p.is_file())


def discover(
    paths: Sequence[Path] = (), *, include_bundled: bool = True, include_local: bool = True
) -> tuple[list[Path], list[Diagnostic]]:
    """The YAML files to load, in a stable order, and problems with the given paths."""
    roots: list[Path] = []
    if include_bundled:
        roots += [library.bundled_scenarios_dir(), library.bundled_personas_dir()]
    if include_local:
        roots.append(library.local_scenarios_dir())
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for root in roots:
        if root.is_dir():
            files += _yaml_files(root)
    for path in paths:
        if path.is_dir():
            files += _yaml_files(path)
        elif path.is_file():
            if not path.name.endswith(TEST_SUFFIX):
                files.append(path)
        else:
            problems.append(
                diagnostic(
                    "PAR001",
                    "no such file or folder / 找不到文件或文件夹",
                    Location(str(path), 0, 0),
                    "check the path",
                )
            )
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique, problems


def _is_persona(path: Path, data: YMap) -> bool:
    return "traits" in data or "personas" in path.parent.parts[-1:]


def merge_catalogs(catalogs: Sequence[Catalog]) -> Catalog:
    """One catalog from several: later ones add areas, principles and detectors."""
    if len(catalogs) == 1:
        return catalogs[0]
    areas = dict(catalogs[0].areas)
    principles: dict[str, Principle] = dict(catalogs[0].principles)
    words = list(catalogs[0].negation_words)
    for extra in catalogs[1:]:
        for area_id, area in extra.areas.items():
            areas.setdefault(area_id, area)
        for pid, principle in extra.principles.items():
            base = principles.get(pid)
            if base is None:
                principles[pid] = principle
                continue
            known = {d.id for d in base.detectors}
            added = tuple(d for d in principle.detectors if d.id not in known)
            principles[pid] = Principle(
                base.id,
                base.name,
                base.area,
                base.description,
                base.source,
                base.looks_like,
                base.detectors + added,
                base.location,
            )
        words += [w for w in extra.negation_words if w not in words]
    return Catalog(areas, principles, catalogs[0].version, tuple(words))


def load_content(
    paths: Sequence[Path] = (),
    *,
    include_bundled: bool = True,
    include_local: bool = True,
    raise_on_error: bool = True,
) -> Content:
    """Load and check the library plus `paths` (files or folders).

    With `raise_on_error` (the default, for faces that play) any error raises ContentError
    carrying every error found; otherwise they are returned in `Content.diagnostics`.
    """
    files, diagnostics = discover(
        [Path(p) for p in paths], include_bundled=include_bundled, include_local=include_local
    )
    scenarios: list[Scenario] = []
    personas: list[Persona] = []
    catalogs: list[Catalog] = []
    catalog_location: Location | None = None
    sources: dict[str, YMap] = {}
    for path in files:
        try:
            doc = read_document(path)
            data = doc.data
            if data is None:
                diagnostics += doc.diagnostics
            elif "catalog" in data:
                catalog, found = catalog_from_document(doc)
                diagnostics += found
                if catalog is not None:
                    catalogs.append(catalog)
                    catalog_location = catalog_location or data.loc
            elif _is_persona(path, data):
                persona, found = persona_from_document(doc)
                diagnostics += found
                if persona is not None:
                    personas.append(persona)
            else:
                scenario, found = scenario_from_document(doc)
                diagnostics += found
                if scenario is not None:
                    scenarios.append(scenario)
                    sources[doc.path] = data
        except Exception as exc:  # a bug must not hide the other files' problems
            diagnostics.append(
                diagnostic(
                    "PAR000",
                    f"internal error while reading this file / 读取文件时内部错误: "
                    f"{type(exc).__name__}: {exc}",
                    Location(str(path), 1, 1),
                    "please report this with the file attached",
                )
            )
    catalog = merge_catalogs(catalogs) if catalogs else None
    if catalog_location is None:  # where a missing catalog is reported
        where = library.bundled_catalog_path() if include_bundled or not files else files[0]
        catalog_location = Location(str(where), 1, 1)
    diagnostics += validate(
        scenarios, personas, catalog, catalog_location=catalog_location, sources=sources
    )
    broken = {d.location.path for d in diagnostics if d.severity == "error"}
    usable_scenarios: dict[str, Scenario] = {}
    for scenario in scenarios:
        if scenario.id and scenario.path not in broken:
            usable_scenarios.setdefault(scenario.id, scenario)
    usable_personas: dict[str, Persona] = {}
    for persona in personas:
        if persona.id and persona.location.path not in broken:
            usable_personas.setdefault(persona.id, persona)
    content = Content(
        scenarios=usable_scenarios,
        personas=usable_personas,
        catalog=catalog or _EMPTY_CATALOG,
        diagnostics=diagnostics,
        files=files,
    )
    if raise_on_error and content.errors:
        raise ContentError(content.errors)
    return content
