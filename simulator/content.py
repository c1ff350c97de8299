"""The whole library a session or a check works on: scenarios, personas and one catalog.

Files come from the bundled library, the user's local scenarios folder and any paths given.
A file is a catalog when its top level has `catalog:`, a dialogue when it has `dialogue:`, a
persona when it has `traits:` or sits in a `personas/` folder, otherwise a scenario;
`*.test.yaml` files are playthrough tests and are left to `parley test`. Several catalogs merge:
later ones add areas, principles and detectors. Detours into dialogues are expanded into
ordinary nodes (simulator/dialogues.py) before the validator runs.

The YAML reader and the loader are imported only when a file has to be parsed: with every file
in the cache, as when the TUI starts on an unchanged library, they are never needed.
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator import library
from simulator.diagnostics import ContentError, Diagnostic, diagnostic
from simulator.dialogues import check_dialogues, expand, uses_detours
from simulator.exemplars import with_library_examples
from simulator.folders import yaml_under
from simulator.listing import Listing, listing_of
from simulator.model import (
    Catalog,
    Dialogue,
    Location,
    Persona,
    Principle,
    Scenario,
    with_titles,
)
from simulator.validator import validate

if TYPE_CHECKING:
    from simulator.checkcache import CheckCache
    from simulator.yamlsource import Document, YMap

TEST_SUFFIX = ".test.yaml"
_EMPTY_CATALOG = Catalog(areas={}, principles={})
#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 64
#: Files up to this size are read here, to be looked up in the cache and parsed from those bytes;
#: larger ones go to read_document, which enforces yamlsource.MAX_BYTES. It must not exceed that
#: limit (document_from_bytes trusts it); being a figure of its own keeps yamlsource unimported.
CACHED_MAX_BYTES = 1024 * 1024

#: One file loaded: kind ("scenario", "persona", "catalog", "dialogue" or "" when unusable),
#: the object, the file's own diagnostics and where its top level starts. A plain tuple, so it
#: caches.
Loaded = tuple[str, Any, list[Diagnostic], Location]


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
    dialogues: Mapping[str, Dialogue] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics of severity error."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics of severity warning."""
        return [d for d in self.diagnostics if d.severity == "warning"]

    def listing(self, key: str = "") -> Listing:
        """What the library shows of these scenarios before one is opened."""
        names = {pid: p.name for pid, p in self.catalog.principles.items()}
        return listing_of(self.scenarios, self.personas, names, tuple(self.errors), key)


def _yaml_files(folder: Path) -> list[Path]:
    return [p for p in yaml_under(folder) if not p.name.endswith(TEST_SUFFIX)]


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


#: How many folders above a scenario file `context_paths` looks for a `personas/` folder.
CONTEXT_LEVELS = 3


def context_paths(paths: Sequence[Path]) -> list[Path]:
    """What sits around the given files: the coach's folder is the unit of work.

    For a file: the other YAML files of its folder (personas, dialogues, a catalog written
    beside the scenario), and a `personas/` folder beside it or in one of the CONTEXT_LEVELS
    folders above. For a folder: a `personas/` folder above it. Callers load these as context
    (for references) and show only the given files' problems.
    """
    found: list[Path] = []
    for path in paths:
        folder = path.parent if path.is_file() else path
        if path.is_file():
            found += [
                p
                for p in sorted(folder.glob("*.y*ml"))
                if p.suffix in (".yaml", ".yml") and not p.name.endswith(TEST_SUFFIX)
            ]
        for level, above in enumerate((folder, *folder.resolve().parents)):
            if level > CONTEXT_LEVELS:
                break
            personas = above / "personas"
            if personas.is_dir() and personas.resolve() != path.resolve():
                found.append(personas)
    return found


def _bundled_roots() -> tuple[Path, ...]:
    return tuple(
        root.resolve() for root in (library.bundled_scenarios_dir(), library.bundled_personas_dir())
    )


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _shadow(items: list[Any], what: str, path_of: Any) -> tuple[list[Any], list[Diagnostic]]:
    """Drop bundled items whose id a coach's own file also uses: the coach's file wins.

    A byte-identical copy (the repository's source tree beside its installed copy) is the same
    content and drops silently; an edited copy wins with a warning naming both files (PAR085).
    Two of the coach's own files with one id stay duplicates for the validator.
    """
    by_id: dict[str, list[Any]] = {}
    for item in items:
        if item.id:
            by_id.setdefault(item.id, []).append(item)
    roots = _bundled_roots()

    def _bundled(path: str) -> bool:
        resolved = Path(path).resolve()
        return any(resolved.is_relative_to(root) for root in roots)

    dropped: set[int] = set()
    notes: list[Diagnostic] = []
    for ident, group in by_id.items():
        if len(group) < 2:
            continue
        bundled = [i for i in group if _bundled(path_of(i))]
        own = [i for i in group if not _bundled(path_of(i))]
        if not bundled or not own:
            continue
        dropped |= {id(i) for i in bundled}
        winner = own[0]
        if all(_file_digest(path_of(i)) == _file_digest(path_of(winner)) for i in bundled):
            continue
        notes.append(
            diagnostic(
                "PAR085",
                f"{what} '{ident}' here shadows the bundled one at {path_of(bundled[0])}: "
                f"this file is the one used / 此文件覆盖了自带的同名{what}",
                winner.location,
                "that is what you want when you edit a copy; to keep both, give the copy "
                "its own id (`parley new scenario NEW_ID --from " + ident + "` does it)"
                if what == "scenario"
                else "to keep both, give the copy its own id",
            )
        )
    return [i for i in items if id(i) not in dropped], notes


def _is_persona(path: Path, data: YMap) -> bool:
    return "traits" in data or "personas" in path.parent.parts[-1:]


def merge_catalogs(catalogs: Sequence[Catalog]) -> Catalog:
    """One catalog from several: later ones add areas, principles and detectors."""
    if len(catalogs) == 1:
        return catalogs[0]
    areas = dict(catalogs[0].areas)
    principles: dict[str, Principle] = dict(catalogs[0].principles)
    words = list(catalogs[0].negation_words)
    sources = dict(catalogs[0].sources)
    for extra in catalogs[1:]:
        for file, title in extra.sources.items():
            sources.setdefault(file, title)
        for area_id, area in extra.areas.items():
            areas.setdefault(area_id, area)
        for pid, principle in extra.principles.items():
            base = principles.get(pid)
            if base is None:
                principles[pid] = principle
                continue
            known = {d.id for d in base.detectors}
            added = tuple(d for d in principle.detectors if d.id not in known)
            # The extension's own `unless` holds for the base's detectors that break the
            # principle too (its own detectors have it already).
            shared = principle.unless
            kept = tuple(
                replace(d, unless=d.unless + shared) if shared and d.polarity == "violates" else d
                for d in base.detectors
            )
            # replace() keeps every other field (examples, looks_like_in…) of the base.
            principles[pid] = replace(base, detectors=kept + added, unless=base.unless + shared)
        words += [w for w in extra.negation_words if w not in words]
    merged = Catalog(areas, principles, catalogs[0].version, tuple(words), sources)
    return with_titles(merged)


def _load_document(doc: Document) -> Loaded:
    from simulator.loader import (
        catalog_from_document,
        dialogue_from_document,
        persona_from_document,
        scenario_from_document,
    )

    data = doc.data
    if data is None:
        return "", None, doc.diagnostics, Location(doc.path, 1, 1)
    if "catalog" in data:
        catalog, found = catalog_from_document(doc)
        return "catalog", catalog, found, data.loc
    if "dialogue" in data:
        dialogue, found = dialogue_from_document(doc)
        return "dialogue", dialogue, found, data.loc
    if _is_persona(Path(doc.path), data):
        persona, found = persona_from_document(doc)
        return "persona", persona, found, data.loc
    scenario, found = scenario_from_document(doc)
    return "scenario", scenario, found, data.loc


def _internal_error(path: Path, exc: Exception) -> Loaded:
    problem = diagnostic(
        "PAR000",
        f"internal error while reading this file / 读取文件时内部错误: {type(exc).__name__}: {exc}",
        Location(str(path), 1, 1),
        "please report this with the file attached",
    )
    return "", None, [problem], Location(str(path), 1, 1)


def _raw_bytes(path: Path) -> bytes | None:
    """The bytes of a regular file within the size limit; None leaves it to read_document."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > CACHED_MAX_BYTES:
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    return raw if len(raw) <= CACHED_MAX_BYTES else None


def _load_one(path: Path, with_key: bool) -> tuple[str | None, Loaded]:
    """One file loaded, with its cache key when asked (None when it cannot be cached)."""
    from simulator import checkcache
    from simulator.yamlsource import document_from_bytes, read_document

    try:
        raw = _raw_bytes(path) if with_key else None
        if raw is None:
            doc = read_document(path)
            return None, _load_document(doc)
        doc = document_from_bytes(str(path), raw)
        return checkcache.file_key(str(path), raw), _load_document(doc)
    except Exception as exc:  # a bug must not hide the other files' problems
        return None, _internal_error(path, exc)


def _load_chunk(paths: list[Path], with_key: bool) -> list[tuple[str | None, bytes]]:
    """In a worker process: each file loaded, pickled as a cache entry."""
    from simulator import checkcache

    gc.disable()  # see load_content
    out = []
    for path in paths:
        key, loaded = _load_one(path, with_key)
        out.append((key, checkcache.dumps((key, loaded))))
    return out


def _load_files(files: list[Path], cache: CheckCache | None, jobs: int | None) -> list[Loaded]:
    """Every file loaded, in order: from the cache, in worker processes, or here."""
    from simulator import checkcache

    results: list[Loaded | None] = [None] * len(files)
    todo: list[int] = []
    for index, path in enumerate(files):
        raw = _raw_bytes(path) if cache is not None else None
        hit = cache.get(checkcache.file_key(str(path), raw)) if cache and raw is not None else None
        if isinstance(hit, tuple) and len(hit) == 4:
            results[index] = hit
        else:
            todo.append(index)
    workers = min(jobs or os.cpu_count() or 1, len(todo) // (PARALLEL_MIN_FILES // 2) or 1)
    if workers > 1 and len(todo) >= PARALLEL_MIN_FILES and _can_fork():
        loaded_todo = _parallel([files[i] for i in todo], cache, workers)
        for index, (key, blob) in zip(todo, loaded_todo, strict=True):
            _, loaded = checkcache.loads(blob)
            results[index] = loaded
            if cache is not None and key is not None:
                cache.put(key, None, blob)
    else:
        for index in todo:
            key, loaded = _load_one(files[index], cache is not None)
            results[index] = loaded
            if cache is not None and key is not None:
                cache.put(key, loaded)
    return [result for result in results if result is not None]


def _can_fork() -> bool:
    """Whether worker processes can be forked safely: never from a process running threads."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _parallel(
    paths: list[Path], cache: CheckCache | None, workers: int
) -> Iterator[tuple[str | None, bytes]]:
    """`_load_chunk` over `paths` in `workers` processes, results in the order of `paths`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Several chunks per worker even out files of different sizes; order is kept by `map`.
    size = max(1, len(paths) // (workers * 8))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    # Forked workers start at once with everything imported; "spawn" and "forkserver" would
    # re-import the main module, which `python -m simulator` runs without a __name__ guard.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for chunk in pool.map(_load_chunk, chunks, [cache is not None] * len(chunks)):
            yield from chunk


class _Sources(Mapping[str, "YMap"]):
    """Scenario YAML by path, for the validator's field-level places.

    A file is parsed again only when a diagnostic needs a place in it, and only if its bytes are
    still those loaded. Keeping every file's YAML instead cost more than this (freeing millions
    of located values took 1.5 s for 1,000 real-size files), and a cached file has none.
    """

    def __init__(self) -> None:
        self._hashes: dict[str, str] = {}
        self._data: dict[str, YMap | None] = {}

    def add(self, path: str, content_hash: str) -> None:
        self._hashes[path] = content_hash

    def __getitem__(self, path: str) -> YMap:
        if path not in self._data and path in self._hashes:
            from simulator.yamlsource import read_document

            doc = read_document(path)
            same = hashlib.sha256(doc.raw).hexdigest() == self._hashes[path]
            self._data[path] = doc.data if same else None
        data = self._data.get(path)
        if data is None:
            raise KeyError(path)
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(self._hashes)

    def __len__(self) -> int:
        return len(self._hashes)


def _once_per_place(diagnostics: list[Diagnostic], paths: set[str]) -> list[Diagnostic]:
    """The diagnostics with one per code and place in a dialogue file.

    Each call site checks its own copy of a dialogue, so a problem written once in the dialogue
    would otherwise be reported once per caller.
    """
    seen: set[tuple[str, Location]] = set()
    kept: list[Diagnostic] = []
    for diag in diagnostics:
        if diag.location.path in paths:
            key = (diag.code, diag.location)
            if key in seen:
                continue
            seen.add(key)
        kept.append(diag)
    return kept


def load_content(
    paths: Sequence[Path] = (),
    *,
    include_bundled: bool = True,
    include_local: bool = True,
    raise_on_error: bool = True,
    cache: CheckCache | None = None,
    jobs: int | None = None,
) -> Content:
    """Load and check the library plus `paths` (files or folders).

    With `raise_on_error` (the default, for faces that play) any error raises ContentError
    carrying every error found; otherwise they are returned in `Content.diagnostics`. A `cache`
    skips parsing files whose bytes it has seen; `jobs` caps the worker processes that parse
    many files at once (None: one per core when there are enough files; 1: none).
    """
    files, diagnostics = discover(
        [Path(p) for p in paths], include_bundled=include_bundled, include_local=include_local
    )
    scenarios: list[Scenario] = []
    personas: list[Persona] = []
    catalogs: list[Catalog] = []
    dialogues: list[Dialogue] = []
    catalog_location: Location | None = None
    sources = _Sources()
    # Loading makes millions of long-lived objects and no reference cycles: the cyclic
    # collector would walk the growing heap again and again (half the time for 1,000 files).
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded_files = _load_files(files, cache, jobs)
    finally:
        if collecting:
            gc.enable()
    for kind, value, found, where in loaded_files:
        diagnostics += found
        if value is None:
            continue
        if kind == "catalog":
            catalogs.append(value)
            catalog_location = catalog_location or where
        elif kind == "persona":
            personas.append(value)
        elif kind == "dialogue":
            dialogues.append(value)
        elif kind == "scenario":
            scenarios.append(value)
            sources.add(value.path, value.content_hash)
    if include_bundled:
        scenarios, found = _shadow(scenarios, "scenario", lambda s: s.path)
        diagnostics += found
        personas, found = _shadow(personas, "persona", lambda p: p.location.path)
        diagnostics += found
        dialogues, found = _shadow(dialogues, "dialogue", lambda d: d.path)
        diagnostics += found
    dialogue_ids: Mapping[str, Dialogue] = {}
    if dialogues or any(uses_detours(s) for s in scenarios):
        # Detours become ordinary nodes before any check, so everything after sees only those.
        dialogue_ids, found = check_dialogues(dialogues)
        diagnostics += found
        for index, scenario in enumerate(scenarios):
            scenarios[index], found = expand(scenario, dialogue_ids)
            diagnostics += found
    catalog = merge_catalogs(catalogs) if catalogs else None
    if catalog_location is None:  # where a missing catalog is reported
        where = library.bundled_catalog_path() if include_bundled or not files else files[0]
        catalog_location = Location(str(where), 1, 1)
    diagnostics += validate(
        scenarios, personas, catalog, catalog_location=catalog_location, sources=sources
    )
    if dialogue_ids:
        diagnostics = _once_per_place(diagnostics, {d.path for d in dialogue_ids.values()})
    broken = {d.location.path for d in diagnostics if d.severity == "error"}
    usable_scenarios: dict[str, Scenario] = {}
    for scenario in scenarios:
        # A copied dialogue node keeps its file's location: a broken dialogue breaks its callers.
        uses_broken = dialogue_ids and any(
            n.location.path in broken for n in scenario.nodes.values()
        )
        if scenario.id and scenario.path not in broken and not uses_broken:
            usable_scenarios.setdefault(scenario.id, scenario)
    usable_personas: dict[str, Persona] = {}
    for persona in personas:
        if persona.id and persona.location.path not in broken:
            usable_personas.setdefault(persona.id, persona)
    content = Content(
        scenarios=usable_scenarios,
        personas=usable_personas,
        catalog=with_library_examples(catalog or _EMPTY_CATALOG, usable_scenarios.values()),
        diagnostics=diagnostics,
        files=files,
        dialogues={d.id: d for d in dialogue_ids.values() if d.path not in broken},
    )
    if raise_on_error and content.errors:
        raise ContentError(content.errors)
    return content
