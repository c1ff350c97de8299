"""Walking a coach's folder for scenario files: not into what is not the coach's.

`parley check .`, `parley test .` and the library read every YAML file under a folder; a
virtual environment or a package installed there holds hundreds (a cold tryout's `parley
test .` in its work folder reported markdown_it's and Parley's own data files as broken
scenarios). Hidden folders (.git, .venv), virtual environments (a `pyvenv.cfg`), installed
packages (site-packages, node_modules) and caches are passed over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

#: Folders never walked into, whatever holds them.
SKIPPED = frozenset({"site-packages", "dist-packages", "node_modules", "__pycache__"})


def walked(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, but those in hidden folders, virtual environments and
    installed packages (`SKIPPED`); `folder` itself is walked whatever its name."""
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIPPED
            and not (Path(top) / d / "pyvenv.cfg").is_file()
        )
        for name in sorted(names):
            yield Path(top) / name


def yaml_under(folder: Path, suffix: str = "") -> list[Path]:
    """The YAML files under `folder` (`*.yaml`, `*.yml`) whose name ends with `suffix`, sorted."""
    return sorted(
        p
        for p in walked(folder)
        if p.suffix in (".yaml", ".yml") and p.name.endswith(suffix) and p.is_file()
    )
