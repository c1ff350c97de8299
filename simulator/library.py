"""Where Parley finds its files: the bundled library, the user's data folder, local scenarios.

The bundled scenarios/ and personas/ live at the top of the source tree; a wheel carries them
inside the package as simulator/_bundled/ (see pyproject.toml). Both layouts are looked for, so
the same code works from a checkout, an editable install and a plain `pip install .`.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The folder holding the bundled `scenarios/` and `personas/`."""
    packaged = _PACKAGE / "_bundled"
    if (packaged / "scenarios").is_dir():
        return packaged
    return _PACKAGE.parent


def bundled_scenarios_dir() -> Path:
    """The bundled scenario folder (also holds principles.yaml)."""
    return bundled_root() / "scenarios"


def bundled_personas_dir() -> Path:
    """The bundled persona folder."""
    return bundled_root() / "personas"


def bundled_catalog_path() -> Path:
    """The bundled principle catalog."""
    return bundled_scenarios_dir() / "principles.yaml"


def data_dir() -> Path:
    """The per-user data folder: $PARLEY_HOME, else $XDG_DATA_HOME/parley or ~/.local/share/parley.

    Tests point PARLEY_HOME at a temporary folder. The folder is not created here.
    """
    override = os.environ.get("PARLEY_HOME")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "parley"


def transcripts_dir() -> Path:
    """Where transcripts go by default."""
    return data_dir() / "transcripts"


def local_scenarios_dir() -> Path:
    """The user's own scenarios and personas, shown beside the bundled ones."""
    return data_dir() / "scenarios"
