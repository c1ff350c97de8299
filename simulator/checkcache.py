"""A cache of per-file load results, so `parley check` re-reads only files that changed.

An entry holds what the loader made of one file (the model object and that file's own
diagnostics), keyed by the file's path and the sha256 of its bytes, inside a folder named for
everything else the result depends on: Parley's version, the source of the modules that read
files, PyYAML's version and the Python version. A changed file, a new Parley or an edited loader
therefore never meets an old entry. Entries are written to a temporary name and renamed, so a
reader sees a whole entry or none; an entry that cannot be read is ignored and rewritten.
The folder's name is made from those modules' files, found without importing them: a start
with a warm cache never loads the YAML parser or the loader.
Cross-file checks (the validator) are never cached.

The play analysis of a scenario (PAR078–089: every path walked, every option's words judged)
takes a second or two, and is cached too, in a folder of its own (`analysis_dir`): an entry is
keyed by the scenario's file and the bytes of every other file but the other scenarios (its
persona, the catalogs, the dialogues it may enter), in a folder named for the judging code and
the fitted data (`judging_key`). Editing one scenario re-analyses that one. See
docs/performance.md.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import importlib.util
import io
import os
import pickle
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import simulator
from simulator import diagnostics, library, listing, model
from simulator.fit_inputs import FACES

#: Bump to drop every entry when the entry layout itself changes.
FORMAT = 1

# The modules whose code decides what a file loads to; content.py only dispatches on the kind.
_SOURCE_MODULES = (
    "simulator.yamlsource",
    "simulator.loader",
    "simulator.model",
    "simulator.diagnostics",
    "simulator.expressions",
    __name__,
)
_ALLOWED_BUILTINS = frozenset(("dict", "frozenset", "set", "list", "tuple", "str", "int", "float"))


def default_dir() -> Path:
    """The cache folder under the user's data folder ($PARLEY_HOME in tests)."""
    return library.data_dir() / "cache" / "check"


def analysis_dir() -> Path:
    """The play analysis cache folder under the user's data folder."""
    return library.data_dir() / "cache" / "analysis"


def judging_key() -> str:
    """A digest of what a scenario's play analysis depends on besides the content files: every
    module of Parley but the faces', and the fitted models that judge typed words."""
    digest = hashlib.sha256(repr((FORMAT, simulator.__version__, sys.version_info[:2])).encode())
    package = Path(simulator.__file__).parent
    files = sorted(package.rglob("*.py")) + sorted((package / "fitted").glob("*.json"))
    for path in files:
        inside = path.relative_to(package)
        if inside.parts[0] in FACES:
            continue
        digest.update(inside.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def context_key(paths: list[Path]) -> bytes:
    """A digest of the bytes of `paths` (in order, each named): what every entry of one check
    shares. A file that cannot be read is named with no bytes (the loader said so already)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.digest()


def analysis_key(path: Path, context: bytes) -> str | None:
    """The key of one scenario's analysis: its file (path and bytes) and the check's
    `context_key`; None when the file cannot be read now."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(file_key(str(path), raw).encode())
    digest.update(context)
    return digest.hexdigest()


def _source_file(name: str) -> Path:
    """The file module `name` is (or would be) loaded from, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(name)
    return Path(spec.origin)


def _code_key() -> str:
    """A digest of everything besides the file's bytes that a cached result depends on."""
    digest = hashlib.sha256()
    stamp = (FORMAT, simulator.__version__, sys.version_info[:2])
    digest.update(repr(stamp).encode())
    # PyYAML's __init__.py holds its version; whether its libyaml binding is there decides
    # which parser yamlsource uses. Both are looked up in its folder, not imported.
    yaml_init = _source_file("yaml")
    digest.update(yaml_init.read_bytes())
    digest.update(repr(sorted(p.name for p in yaml_init.parent.glob("_yaml.*"))).encode())
    for name in _SOURCE_MODULES:
        source = _source_file(name)
        # A package (simulator.loader) is every module in it, not only its __init__.py.
        files = sorted(source.parent.glob("*.py")) if source.name == "__init__.py" else [source]
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _reducer(cls: type) -> Any:
    names = tuple(f.name for f in dataclasses.fields(cls))

    def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, tuple(getattr(obj, name) for name in names)

    return reduce


# Frozen slotted dataclasses pickle field by field through __setstate__; rebuilding them from
# their constructor arguments loads a scenario in half the time (0.70 -> 0.31 ms for 65 kB).
_DISPATCH = dict(copyreg.dispatch_table)
for _module in (model, diagnostics, listing):
    for _value in vars(_module).values():
        if isinstance(_value, type) and dataclasses.is_dataclass(_value):
            if _value.__module__ == _module.__name__:
                _DISPATCH[_value] = _reducer(_value)


class _Pickler(pickle.Pickler):
    dispatch_table = _DISPATCH


class _Unpickler(pickle.Unpickler):
    """Loads only Parley's model, diagnostics and listing classes and plain containers."""

    def find_class(self, module: str, name: str) -> Any:
        if module in (model.__name__, diagnostics.__name__, listing.__name__) or (
            module == "builtins" and name in _ALLOWED_BUILTINS
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"unexpected {module}.{name} in a cache entry")


def dumps(value: Any) -> bytes:
    """`value` pickled the way cache entries are."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    """A value pickled by `dumps`; raises on anything else."""
    return _Unpickler(io.BytesIO(data)).load()


def file_key(path: str, raw: bytes) -> str:
    """The key of one file's entry: its path as given (diagnostics name it) and its bytes."""
    digest = hashlib.sha256(path.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(hashlib.sha256(raw).digest())
    return digest.hexdigest()


class CheckCache:
    """Per-file load results stored under `root`; every failure to use it is a cache miss."""

    def __init__(self, root: Path | None = None, code_key: str | None = None) -> None:
        base = root or default_dir()
        self.root = base / (code_key or _code_key())
        self.hits = 0
        self.misses = 0
        if base.is_dir() and not self.root.exists():
            # Entries of another version can never be used again: drop them, best effort.
            for old in base.iterdir():
                shutil.rmtree(old, ignore_errors=True)

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> Any | None:
        """The stored value for `key`, or None when absent, unreadable or not ours."""
        try:
            stored_key, value = loads(self._entry(key).read_bytes())
        except Exception:  # absent, truncated, corrupt or foreign: read the file instead
            self.misses += 1
            return None
        if stored_key != key:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any, data: bytes | None = None) -> None:
        """Store `value` (or `data`, already pickled by `dumps((key, value))`), atomically."""
        entry = self._entry(key)
        try:
            blob = data if data is not None else dumps((key, value))
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(blob)
                os.replace(tmp, entry)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass  # a cache that cannot be written only costs time
