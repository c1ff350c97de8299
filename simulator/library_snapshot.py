"""The loaded library kept between starts as a listing and a pack: a start on an unchanged
library reads one small file, and a scenario is unpickled only when it is opened.

Both files sit in the check cache's folder (so a new Parley or an edited loader never meets an
old one), named for the library's folders:

- `NAME.listing`: the fingerprint and the `Listing` (simulator/listing.py), a few strings a
  scenario: what the library table, its search and the suggestion need. `read_listing`.
- `NAME.pack`: the fingerprint, an index, then one pickled blob each for the catalog; for the
  personas, diagnostics, files and dialogues; and for every playable scenario with its persona,
  detours expanded, exactly as `load_content` made them. `open_scenario`, `load_library`.

The fingerprint is every file under the library's folders: path, size and modification time.
On any change (a file edited, added or removed) the library is loaded by `load_content` through
the per-file check cache, which parses again only the files whose bytes it has not seen and
runs every cross-file check again, and both files are rewritten: the pack first, then the
listing, each under a temporary name then renamed. A listing thus never names a pack older than
itself; a pack newer than the listing a face holds (another process rewrote it meanwhile) is
told by its fingerprint, and the scenario is then read from the library as it is now.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import struct
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator import library

if TYPE_CHECKING:
    from simulator.checkcache import CheckCache
    from simulator.content import Content
    from simulator.listing import Listing
    from simulator.model import Catalog, Persona, Scenario

#: The pack starts with its header's length, then the header: (fingerprint, index).
_HEADER = struct.Struct(">Q")
_CATALOG = "catalog"
#: The catalog last unpickled, by the listing key of the library state it came from.
_CATALOGS: dict[str, Catalog] = {}
_REST = "rest"
_SCENARIO = "scenario:"


@dataclass(frozen=True, slots=True)
class Opened:
    """A scenario opened from the listing, with what a session of it needs."""

    scenario: Scenario
    persona: Persona
    catalog: Catalog


def _roots(paths: Sequence[Path], include_bundled: bool, include_local: bool) -> list[Path]:
    roots: list[Path] = []
    if include_bundled:
        roots += [library.bundled_scenarios_dir(), library.bundled_personas_dir()]
    if include_local:
        roots.append(library.local_scenarios_dir())
    return roots + list(paths)


#: The modules that decide, beyond each file's own loading (the check cache's key covers that),
#: what the library keeps: which scenarios are playable, their detours, their listing.
_LIBRARY_MODULES = (
    "content",
    "validator",
    "dialogues",
    "listing",
    "library_snapshot",
    "exemplars",  # the catalog it packs holds the library's option phrasings as examples
    "model",
)


def fingerprint(paths: Sequence[Path], include_bundled: bool, include_local: bool) -> str:
    """A digest of every file the library could read (where, how big, when last changed) and of
    the code that makes a listing of them."""
    digest = hashlib.sha256(f"{include_bundled}{include_local}".encode())
    here = Path(__file__).parent
    for module in _LIBRARY_MODULES:
        digest.update((here / f"{module}.py").read_bytes())
    for root in _roots(paths, include_bundled, include_local):
        top = os.path.abspath(root)
        digest.update(b"\0root\0" + top.encode("utf-8", "surrogateescape"))
        if os.path.isdir(top):
            for folder, dirs, names in os.walk(top):
                dirs.sort()
                for name in sorted(names):
                    full = os.path.join(folder, name)
                    try:
                        st = os.stat(full)
                    except OSError:
                        continue
                    digest.update(
                        f"\0{full}\0{st.st_size}\0{st.st_mtime_ns}".encode(
                            "utf-8", "surrogateescape"
                        )
                    )
        elif os.path.exists(top):
            st = os.stat(top)
            digest.update(f"\0{st.st_size}\0{st.st_mtime_ns}".encode())
        else:
            digest.update(b"\0missing")
    return digest.hexdigest()


class _Library:
    """One library (its folders and the cache it is kept in) and where its files are."""

    def __init__(
        self,
        paths: Sequence[Path | str],
        include_bundled: bool,
        include_local: bool,
        cache: CheckCache | None,
    ) -> None:
        from simulator import checkcache

        self.cache = cache or checkcache.CheckCache()
        self.paths = [Path(p) for p in paths]
        self.bundled = include_bundled
        self.local = include_local
        roots = _roots(self.paths, include_bundled, include_local)
        where = "\0".join(os.path.abspath(p) for p in roots)
        name = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        self.listing_file = self.cache.root / "library" / f"{name}.listing"
        self.pack_file = self.cache.root / "library" / f"{name}.pack"

    def fingerprint(self) -> str:
        return fingerprint(self.paths, self.bundled, self.local)

    def rebuild(self, key: str) -> tuple[Content, Listing]:
        """Load the library for real (through the per-file cache) and rewrite both files."""
        from simulator import checkcache
        from simulator.content import load_content

        content = load_content(
            self.paths,
            include_bundled=self.bundled,
            include_local=self.local,
            raise_on_error=False,
            cache=self.cache,
        )
        listing = content.listing(key)
        blobs: dict[str, bytes] = {}
        try:
            blobs[_CATALOG] = checkcache.dumps(content.catalog)
            rest = (
                dict(content.personas),
                list(content.diagnostics),
                [str(f) for f in content.files],
                dict(content.dialogues),
            )
            blobs[_REST] = checkcache.dumps(rest)
            for sid, scenario in content.scenarios.items():
                persona = content.personas[scenario.persona]
                blobs[_SCENARIO + sid] = checkcache.dumps((scenario, persona))
            index: dict[str, tuple[int, int]] = {}
            offset = 0
            for name, blob in blobs.items():
                index[name] = (offset, len(blob))
                offset += len(blob)
            header = checkcache.dumps((key, index))
            _replace(self.pack_file, [_HEADER.pack(len(header)), header, *blobs.values()])
            _replace(self.listing_file, [checkcache.dumps((key, listing))])
        except (OSError, TypeError, AttributeError, KeyError, pickle.PicklingError):
            pass  # files that cannot be written only cost time at the next start
        return content, listing

    def stored_listing(self, key: str) -> Listing | None:
        """The listing kept for fingerprint `key`, or None."""
        from simulator import checkcache

        try:
            stored_key, listing = checkcache.loads(self.listing_file.read_bytes())
        except Exception:  # absent, torn, foreign or of another layout: load for real
            return None
        return listing if stored_key == key else None

    @contextmanager
    def pack(self, key: str) -> Iterator[Any]:
        """A reader of the pack's blobs by name, if the pack is of fingerprint `key`."""
        from simulator import checkcache

        with open(self.pack_file, "rb") as handle:
            (size,) = _HEADER.unpack(handle.read(_HEADER.size))
            stored_key, index = checkcache.loads(handle.read(size))
            if stored_key != key:
                raise LookupError("the library changed since it was listed")
            base = _HEADER.size + size

            def blob(name: str) -> Any:
                offset, length = index[name]
                handle.seek(base + offset)
                data = handle.read(length)
                if len(data) != length:
                    raise EOFError(self.pack_file)
                return checkcache.loads(data)

            yield blob


def _replace(path: Path, parts: list[bytes]) -> None:
    """Write `parts` to `path` whole: readers see the old file or the new one, never a mix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in parts:
                handle.write(part)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Unpickling makes many long-lived objects and no cycles: the cyclic collector would walk
    # the growing heap again and again (as in load_content, it is paused meanwhile).
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def read_listing(
    paths: Sequence[Path | str] = (),
    *,
    include_bundled: bool = True,
    include_local: bool = True,
    cache: CheckCache | None = None,
) -> Listing:
    """The library's listing, problems included (never raises on content errors): the kept one
    when no file changed since it was written, else the library is loaded and both files
    rewritten."""
    shelf = _Library(paths, include_bundled, include_local, cache)
    key = shelf.fingerprint()
    with _collector_paused():
        listing = shelf.stored_listing(key)
    if listing is not None:
        return listing
    return shelf.rebuild(key)[1]


def load_library(
    paths: Sequence[Path | str] = (),
    *,
    include_bundled: bool = True,
    include_local: bool = True,
    cache: CheckCache | None = None,
) -> Content:
    """The whole library, problems included (never raises on content errors): from the pack
    when no file changed since it was written, else loaded and both files rewritten."""
    from simulator.content import Content

    shelf = _Library(paths, include_bundled, include_local, cache)
    key = shelf.fingerprint()
    try:
        with _collector_paused(), shelf.pack(key) as blob:
            personas, diagnostics, files, dialogues = blob(_REST)
            listing = shelf.stored_listing(key)
            if listing is None:
                raise LookupError("no listing beside the pack")
            return Content(
                scenarios={sid: blob(_SCENARIO + sid)[0] for sid in listing.scenarios},
                personas=personas,
                catalog=blob(_CATALOG),
                diagnostics=diagnostics,
                files=[Path(f) for f in files],
                dialogues=dialogues,
            )
    except Exception:  # absent, torn, foreign, of another layout or of other files
        pass
    return shelf.rebuild(key)[0]


def open_scenario(
    listing: Listing,
    scenario_id: str,
    paths: Sequence[Path | str] = (),
    *,
    include_bundled: bool = True,
    include_local: bool = True,
    cache: CheckCache | None = None,
) -> Opened:
    """Scenario `scenario_id` of `listing` (read by `read_listing` with the same folders), its
    persona and the catalog, as `load_content` made them. Raises KeyError when the library, as
    it is now, has no playable scenario of that id."""
    shelf = _Library(paths, include_bundled, include_local, cache)
    if scenario_id in listing.scenarios:
        try:
            with _collector_paused(), shelf.pack(listing.key) as blob:
                scenario, persona = blob(_SCENARIO + scenario_id)
                # One catalog object per library state: the detectors index its example bank
                # (tens of MB) once per catalog object, not once per opened scenario.
                catalog = _CATALOGS.get(listing.key)
                if catalog is None:
                    catalog = blob(_CATALOG)
                    _CATALOGS.clear()
                    _CATALOGS[listing.key] = catalog
                return Opened(scenario, persona, catalog)
        except Exception:  # rewritten since (the files changed), torn or gone: load it now
            pass
    content = load_library(
        paths, include_bundled=include_bundled, include_local=include_local, cache=shelf.cache
    )
    scenario = content.scenarios[scenario_id]
    return Opened(scenario, content.personas[scenario.persona], content.catalog)
