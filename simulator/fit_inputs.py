"""What the shipped calibration was fitted on: every file the fit read, by its SHA-256.

`parley eval --fit --fit-out OUT` writes `fit_inputs.json` beside the models it writes: the
labelled matching sets, the scenario, persona and principle files, and the code that judged
them (every module of `simulator` the fit ran, the faces excepted). A refit takes a quarter of
an hour of one core; comparing hashes takes milliseconds. So the test suite compares hashes
(`changed`), and whoever changes one of those files refits and ships the new models with the
new record. (The full check, a refit compared with what ships, is `parley eval --fit`: it says
whether its models are "the same as the shipped models".)

Names are relative, so that a checkout and an installed wheel read the same record: code as
`simulator/…` (beside the package), data relative to the bundled root (`scenarios/…`,
`tests/data/eval/…`); a file from elsewhere (a coach's set, a local scenario) by its absolute
path. Nothing here prints.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from simulator import library

#: The record that ships beside `calibration.json` and `phrasings.json`.
FITTED = Path(__file__).with_name("fitted") / "fit_inputs.json"
_PACKAGE = Path(__file__).resolve().parent
#: The faces (subpackages of `simulator`): what they print changes neither what the fit measures
#: nor what a scenario's play analysis finds (`checkcache.judging_key`).
FACES = ("cli", "tui", "web")


def code_files() -> list[Path]:
    """The modules of `simulator` this process has run, the faces excepted, in name order."""
    found: set[Path] = set()
    for name, module in list(sys.modules.items()):
        if name != "simulator" and not name.startswith("simulator."):
            continue
        where = getattr(module, "__file__", None)
        if not where:
            continue
        path = Path(where).resolve()
        try:
            inside = path.relative_to(_PACKAGE)
        except ValueError:
            continue
        if inside.parts[0] not in FACES:
            found.add(path)
    return sorted(found)


def name_of(path: Path) -> str:
    """`path` as the record names it: relative to the package's folder or the bundled root,
    else absolute."""
    path = path.resolve()
    for base in (_PACKAGE.parent, library.bundled_root().resolve()):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def path_of(name: str) -> Path:
    """The file a recorded name stands for here."""
    if Path(name).is_absolute():
        return Path(name)
    if name.startswith("simulator/"):
        return _PACKAGE.parent / name
    return library.bundled_root() / name


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def record(files: Iterable[Path]) -> dict[str, str]:
    """Each of `files` (that can be read) by its name, with its SHA-256, in name order."""
    hashes = {name_of(path): _digest(path) for path in files}
    return {name: digest for name, digest in sorted(hashes.items()) if digest is not None}


def to_json(recorded: Mapping[str, str]) -> str:
    """The record as the file that ships holds it."""
    return json.dumps({"files": dict(recorded)}, ensure_ascii=False, indent=1, sort_keys=True)


def load(path: Path = FITTED) -> dict[str, str] | None:
    """The record at `path`, or None when it is missing or cannot be read."""
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, dict):
        return None
    return {str(name): str(digest) for name, digest in files.items()}


def bundled_data() -> list[Path]:
    """The data a fit on the bundled library reads: the bundled matching sets and every
    bundled scenario, persona and principle file."""
    from simulator.content import discover

    sets = sorted((library.bundled_root() / "tests" / "data" / "eval").glob("match_*.yaml"))
    files, _problems = discover(include_bundled=True, include_local=False)
    return [*sets, *files]


def changed(recorded: Mapping[str, str], data: Iterable[Path]) -> list[str]:
    """What differs from `recorded`: each recorded file now changed or gone, and each of
    `data` the record does not hold (a new set or scenario), by name, in name order."""
    out: list[str] = []
    for name, digest in recorded.items():
        now = _digest(path_of(name))
        if now is None:
            out.append(f"{name} (gone)")
        elif now != digest:
            out.append(name)
    out += [f"{name} (new)" for name in {name_of(p) for p in data} if name not in recorded]
    return sorted(out)
