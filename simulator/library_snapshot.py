"""The whole loaded library kept as one cache entry, so a start on an unchanged library reads one
file instead of finding, hashing, unpickling and cross-checking a thousand.

The entry is keyed on a fingerprint of every file under the library's folders (path, size and
modification time) and on the same code key as the check cache (it lives in that cache's
folder, so a new Parley or an edited loader never meets an old entry). Any change to any file,
a file added or removed, and the library is loaded as usual and the entry rewritten. Only faces
that show the library whatever its problems use it (`parley list`, the app's library, `stats`,
`cohort`); a check always loads for real.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from simulator import library

if TYPE_CHECKING:
    from simulator.checkcache import CheckCache
    from simulator.content import Content


def _roots(paths: Sequence[Path], include_bundled: bool, include_local: bool) -> list[Path]:
    roots: list[Path] = []
    if include_bundled:
        roots += [library.bundled_scenarios_dir(), library.bundled_personas_dir()]
    if include_local:
        roots.append(library.local_scenarios_dir())
    return roots + list(paths)


def fingerprint(paths: Sequence[Path], include_bundled: bool, include_local: bool) -> str:
    """A digest of every file the library could read: where, how big, when last changed."""
    digest = hashlib.sha256(f"{include_bundled}{include_local}".encode())
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


def _entry(cache: CheckCache, paths: Sequence[Path], bundled: bool, local: bool) -> Path:
    where = "\0".join(os.path.abspath(p) for p in _roots(paths, bundled, local))
    name = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return cache.root / "library" / name


def load_library(
    paths: Sequence[Path | str] = (),
    *,
    include_bundled: bool = True,
    include_local: bool = True,
    cache: CheckCache | None = None,
) -> Content:
    """The library, problems included (never raises on content errors), from the snapshot
    when nothing changed since it was written, else loaded and the snapshot rewritten."""
    from simulator import checkcache
    from simulator.content import Content, load_content

    cache = cache or checkcache.CheckCache()
    given = [Path(p) for p in paths]
    key = fingerprint(given, include_bundled, include_local)
    entry = _entry(cache, given, include_bundled, include_local)
    # Unpickling makes a million long-lived objects and no cycles: the cyclic collector would
    # walk the growing heap again and again (as load_content, it is paused meanwhile).
    collecting = gc.isenabled()
    gc.disable()
    try:
        stored_key, payload = checkcache.loads(entry.read_bytes())
        if stored_key == key:
            scenarios, personas, catalog, diagnostics, files, dialogues = payload
            return Content(
                scenarios=scenarios,
                personas=personas,
                catalog=catalog,
                diagnostics=diagnostics,
                files=[Path(f) for f in files],
                dialogues=dialogues,
            )
    except Exception:  # absent, torn, foreign or of another layout: load for real
        pass
    finally:
        if collecting:
            gc.enable()
    content = load_content(
        given,
        include_bundled=include_bundled,
        include_local=include_local,
        raise_on_error=False,
        cache=cache,
    )
    payload = (
        dict(content.scenarios),
        dict(content.personas),
        content.catalog,
        list(content.diagnostics),
        [str(f) for f in content.files],
        dict(content.dialogues),
    )
    try:
        blob = checkcache.dumps((key, payload))
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, entry)  # readers see the whole snapshot or the old one
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, AttributeError, pickle.PicklingError):
        pass  # a snapshot that cannot be written only costs time next start
    return content
